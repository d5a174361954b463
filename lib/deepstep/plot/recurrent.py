"""Figures of notebook 16 (the recurrent family): test accuracy against the lag.

matplotlib is imported here only; fonts follow ``deepstep.plot``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from .._checks import as_float_array, mapping, name_of
from .style import FONT

__all__ = ["accuracy_vs_lag"]


def accuracy_vs_lag(
    lags: Sequence[int], accuracy: Mapping[str, Sequence[float]]
) -> Figure:
    """One line per model: test accuracy (0..1) on the memory task against the lag.

    lags: (L,) increasing; accuracy: model name -> (L,) accuracies. A dashed line marks
    chance, 50%.
    """
    lags = as_float_array(lags, accuracy_vs_lag, "lags", allow_inf=False)
    accuracy = {
        name: as_float_array(values, accuracy_vs_lag, f"accuracy[{name!r}]", ndim=1)
        for name, values in mapping(accuracy, accuracy_vs_lag, "accuracy").items()
    }
    if lags.ndim != 1 or len(lags) == 0:
        raise ValueError(
            f"{name_of(accuracy_vs_lag)}: lags must be a non-empty 1-D list; got {lags}"
        )
    fig, ax = plt.subplots(figsize=(7, 4), layout="constrained")
    for name, values in accuracy.items():
        if len(values) != len(lags):
            raise ValueError(
                f"{name_of(accuracy_vs_lag)}: {name} has {len(values)} accuracies for "
                f"{len(lags)} lags"
            )
        ax.plot(lags, values, marker="o", lw=2, label=name)
    ax.axhline(0.5, color="gray", ls="--", label="chance")
    ax.set_xlabel("lag k (steps between the token and the answer)")
    ax.set_ylabel("test accuracy")
    ax.set_ylim(0.4, 1.05)
    ax.tick_params(labelsize=FONT - 1)
    ax.legend(fontsize=FONT - 1)
    return fig
