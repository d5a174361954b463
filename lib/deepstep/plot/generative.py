"""Figures of notebook 13 (generative and energy-based models). Matplotlib only here."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from .._checks import as_float_array, mapping, name_of, positive_int, sequence, text
from .style import FONT, finish


def digit_rows(rows: Sequence[np.ndarray], labels: Sequence[str], n: int = 8) -> Figure:
    """One row of 8x8 images per array in ``rows`` (each (N, 64), values in [0, 1])."""
    rows = sequence(rows, digit_rows, "rows")
    labels = [
        text(lb, digit_rows, "labels[i]")
        for lb in sequence(labels, digit_rows, "labels", non_empty=False)
    ]
    n = positive_int(n, digit_rows, "n")
    rows = [as_float_array(r, digit_rows, f"rows[{i}]", ndim=2) for i, r in enumerate(rows)]
    for i, r in enumerate(rows):
        if r.shape[0] < n or r.shape[1] != 64:
            raise ValueError(
                f"{name_of(digit_rows)}: rows[{i}] must have shape (>= {n}, 64), one flat 8x8 "
                f"image per row; got {r.shape}"
            )
    if len(rows) != len(labels):
        raise ValueError(f"digit_rows: need one label per row; got {len(rows)} and {len(labels)}")
    fig, axes = plt.subplots(len(rows), n, figsize=(1.3 * n, 1.5 * len(rows)), squeeze=False)
    for r, (images, label) in enumerate(zip(rows, labels, strict=True)):
        for c in range(n):
            ax = axes[r, c]
            ax.imshow(np.asarray(images[c]).reshape(8, 8), cmap="gray_r", vmin=0, vmax=1)
            ax.set_xticks([])
            ax.set_yticks([])
        axes[r, 0].set_ylabel(label, fontsize=FONT, rotation=0, ha="right", va="center")
    return finish(fig, None)


def training_curves(curves: dict[str, Sequence[float]], ylabel: str, title: str) -> Figure:
    """One line per named curve against the epoch (or step) number."""
    curves = {
        name: as_float_array(values, training_curves, f"curves[{name!r}]", ndim=1)
        for name, values in mapping(curves, training_curves, "curves").items()
    }
    ylabel = text(ylabel, training_curves, "ylabel", optional=True)
    title = text(title, training_curves, "title", optional=True)
    fig, ax = plt.subplots(figsize=(7, 4))
    for name, values in curves.items():
        ax.plot(np.arange(1, len(values) + 1), values, marker="o", label=name)
    ax.set_xlabel("epoch", fontsize=FONT)
    ax.set_ylabel(ylabel, fontsize=FONT)
    ax.set_title(title, fontsize=FONT)
    ax.legend(fontsize=FONT - 1)
    ax.tick_params(labelsize=FONT - 1)
    return finish(fig, None)
