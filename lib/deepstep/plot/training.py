"""Training curves: loss and accuracy per epoch."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from .._checks import name_of
from .style import NEGATIVE, POSITIVE


def learning_curves(
    history: object,
    *,
    metrics: Sequence[str] = ("loss", "accuracy"),
    val_label: str = "held out",
    title: str | None = None,
) -> Figure:
    """One panel per metric: its value after each epoch, training and (if present)
    validation.

    history: what ``Sequential.fit`` returns (or its ``.history`` dict), holding one
    list per name in ``metrics`` and optionally "val_<name>". Epochs are counted from 1.
    """
    from matplotlib.ticker import MaxNLocator

    logs = getattr(history, "history", history)
    if not isinstance(logs, dict):
        raise TypeError(
            f"{name_of(learning_curves)}: history must be a History or a dict; got "
            f"{type(history).__name__}"
        )
    missing = [m for m in metrics if m not in logs]
    if missing:
        raise ValueError(
            f"{name_of(learning_curves)}: history has no {missing}; it has "
            f"{sorted(logs)}"
        )
    fig, axes = plt.subplots(
        1, len(metrics), figsize=(5.5 * len(metrics), 3.8), squeeze=False
    )
    for ax, name in zip(axes[0], metrics, strict=True):
        epochs = np.arange(1, len(logs[name]) + 1)
        ax.plot(epochs, logs[name], "o-", color=POSITIVE, label="training", ms=4)
        if f"val_{name}" in logs:
            ax.plot(
                epochs,
                logs[f"val_{name}"],
                "s--",
                color=NEGATIVE,
                label=val_label,
                ms=4,
            )
        ax.set_xlabel("epoch")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylabel(name)
        ax.grid(alpha=0.3)
        ax.legend()
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig
