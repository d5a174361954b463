"""Figures of notebook 10's regularization slider: the training and validation loss per
epoch for one or more (dropout, weight decay) settings, with the final gap in each
title.

``regularization_curves`` draws curves already computed
(``overfitting.regularized_curves`` returns them); ``draw_regularization`` is the
widget's callback: it retrains and redraws.
"""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
import numpy.typing as npt
from matplotlib.figure import Figure

from .. import overfitting
from .._checks import as_float_array, boundary, mapping, name_of, text
from .alt import set_alt_text
from .style import NEGATIVE, POSITIVE, finish


def _run(value: object, name: str) -> dict[str, np.ndarray]:
    func = regularization_curves
    run = mapping(value, func, name)
    unknown = sorted(set(run) - {"train", "val"})
    if unknown or "train" not in run:
        raise ValueError(
            f"{name_of(func)}: {name} must hold a 'train' curve and optionally a "
            f"'val' one; got keys {sorted(run)}"
        )
    out = {k: as_float_array(v, func, f"{name}[{k!r}]", ndim=1) for k, v in run.items()}
    if (
        any(len(v) == 0 for v in out.values())
        or len({len(v) for v in out.values()}) > 1
    ):
        raise ValueError(
            f"{name_of(func)}: {name}'s curves must be non-empty and of one length; "
            f"got lengths {[len(v) for v in out.values()]}"
        )
    return out


def regularization_curves(
    curves: Mapping[str, object], *, title: str | None = None
) -> Figure:
    """One panel per setting: training and validation loss against the epoch.

    curves: one run {"train": (E,), "val": (E,)} ("val" optional), or a mapping
    setting label -> such a run, drawn side by side with one shared loss axis. Each
    panel's title names the final gap, validation minus training loss.
    """
    func = regularization_curves
    given = mapping(curves, func, "curves")
    if given.keys() & {"train", "val"}:  # one run
        runs = {"": _run(given, "curves")}
    else:
        runs = {str(k): _run(run, f"curves[{k!r}]") for k, run in given.items()}
    title = text(title, func, "title", optional=True)
    fig, axes = plt.subplots(
        1, len(runs), figsize=(5.2 * len(runs) + 1.2, 4.4), sharey=True, squeeze=False
    )
    described = []
    for ax, (label, run) in zip(axes[0], runs.items(), strict=True):
        epochs = np.arange(1, len(run["train"]) + 1)
        ax.plot(epochs, run["train"], color=POSITIVE, lw=2.5, label="training loss")
        heading = label
        if "val" in run:
            ax.plot(
                epochs,
                run["val"],
                color=NEGATIVE,
                lw=2.5,
                ls="--",
                label="validation loss",
            )
            gap = run["val"][-1] - run["train"][-1]
            heading = (
                f"{label}\nfinal gap {gap:+.3f}" if label else f"final gap {gap:+.3f}"
            )
            described.append(f"{label or 'the run'}: final gap {gap:+.3f}")
        ax.set_title(heading)
        ax.set_xlabel("epoch")
        ax.grid(alpha=0.3)
    axes[0][0].set_ylabel("cross-entropy (at inference)")
    axes[0][0].legend(loc="upper right")
    finish(fig, title)
    what = "; ".join(described) if described else "training loss only"
    set_alt_text(
        fig,
        f"Training loss (solid blue) and validation loss (dashed red) per epoch in "
        f"{len(runs)} panel(s); {what}.",
    )
    return fig


@boundary
def draw_regularization(
    x: npt.ArrayLike,
    y: npt.ArrayLike,
    dropout: float = 0.0,
    weight_decay: float = 0.0,
    *,
    x_val: npt.ArrayLike | None = None,
    y_val: npt.ArrayLike | None = None,
) -> None:
    """Widget callback for ``interact``: retrain ``overfitting.regularized_curves`` with
    this dropout rate and weight decay on (x, y), validated on (x_val, y_val), and draw
    it."""
    run = overfitting.regularized_curves(
        x, y, dropout, weight_decay, x_val=x_val, y_val=y_val
    )
    regularization_curves(
        run,
        title=f"dropout {float(dropout):.2f}, weight decay {float(weight_decay):.3f}",
    )
    plt.show()
