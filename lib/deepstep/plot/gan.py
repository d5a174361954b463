"""Figure of notebook 14's generative adversarial network. Matplotlib only here."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from .._checks import as_float_array
from .style import NEGATIVE, POSITIVE, finish


def _points(value: object, name: str) -> np.ndarray:
    arr = as_float_array(value, gan_training, name, ndim=2, allow_inf=False)
    if arr.shape[0] == 0 or arr.shape[1] != 2:
        raise ValueError(f"gan_training: {name} must be (N >= 1, 2); got {arr.shape}")
    return arr


def gan_training(
    real: np.ndarray,
    before: np.ndarray,
    after: np.ndarray,
    d_losses: Sequence[float],
    g_losses: Sequence[float],
) -> Figure:
    """Real points (N, 2) against G's points (M, 2) before and after; both losses per
    step.

    d_losses, g_losses: one value per training step, the same length.
    """
    real, before, after = (
        _points(real, "real"),
        _points(before, "before"),
        _points(after, "after"),
    )
    d = as_float_array(d_losses, gan_training, "d_losses", ndim=1, allow_inf=False)
    g = as_float_array(g_losses, gan_training, "g_losses", ndim=1, allow_inf=False)
    if len(d) == 0 or len(d) != len(g):
        raise ValueError(
            "gan_training: d_losses and g_losses need one value per step, the same "
            f"number (>= 1); got {len(d)} and {len(g)}"
        )
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.6))
    lim = 1.15 * float(np.max(np.abs(np.vstack([real, before, after]))))
    for ax, fake, title in (
        (axes[0], before, "before training"),
        (axes[1], after, "after"),
    ):
        ax.scatter(*real.T, s=6, color="0.6", label="real (ring)")
        ax.scatter(*fake.T, s=6, color=POSITIVE, label="generated G(z)")
        ax.set(
            xlim=(-lim, lim), ylim=(-lim, lim), aspect="equal", xlabel="x₁", ylabel="x₂"
        )
        ax.set_title(title)
    axes[1].legend(loc="center", markerscale=3)  # the ring's empty middle
    steps = np.arange(1, len(d) + 1)
    axes[2].plot(steps, d, color=NEGATIVE, lw=1, label="D's loss")
    axes[2].plot(steps, g, color=POSITIVE, lw=1, label="G's loss")
    axes[2].axhline(2 * np.log(2), color="k", ls="--", lw=1, label="2 ln 2")
    axes[2].axhline(np.log(2), color="k", ls=":", lw=1, label="ln 2")
    axes[2].set(xlabel="training step", ylabel="loss", title="the two losses")
    axes[2].legend()
    alt = (
        f"Two scatter plots of {len(real)} real points in grey and {len(before)} "
        "generated points in blue, before and after training, and a plot of D's and "
        f"G's losses over {len(d)} steps with reference lines at 2 ln 2 and ln 2."
    )
    return finish(fig, None, alt=alt)
