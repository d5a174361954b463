"""Figures of notebook 13 (generative and energy-based models). Matplotlib only here."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from .style import FONT, finish


def digit_rows(rows: Sequence[np.ndarray], labels: Sequence[str], n: int = 8) -> Figure:
    """One row of 8x8 images per array in ``rows`` (each (N, 64), values in [0, 1])."""
    if len(rows) != len(labels):
        raise ValueError(f"digit_rows: need one label per row; got {len(rows)} and {len(labels)}")
    fig, axes = plt.subplots(len(rows), n, figsize=(1.3 * n, 1.5 * len(rows)), squeeze=False)
    for r, (images, label) in enumerate(zip(rows, labels, strict=True)):
        for c in range(n):
            ax = axes[r, c]
            ax.imshow(np.asarray(images[c]).reshape(8, 8), cmap="gray_r", vmin=0, vmax=1)
            ax.set_xticks([])
            ax.set_yticks([])
        axes[r, 0].set_ylabel(label, rotation=0, ha="right", va="center")
    return finish(fig, None)


def training_curves(curves: dict[str, Sequence[float]], ylabel: str, title: str) -> Figure:
    """One line per named curve against the epoch (or step) number."""
    fig, ax = plt.subplots(figsize=(7, 4))
    for name, values in curves.items():
        ax.plot(np.arange(1, len(values) + 1), values, marker="o", label=name)
    ax.set_xlabel("epoch")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend(fontsize=FONT - 1)
    ax.tick_params(labelsize=FONT - 1)
    return finish(fig, None)
