"""Figures of notebook 13 (generative and energy-based models). Matplotlib only here."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from .._checks import as_float_array, mapping, text
from .style import FONT, finish


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
    ax.set_xlabel("epoch")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend(fontsize=FONT - 1)
    ax.tick_params(labelsize=FONT - 1)
    return finish(fig, None)
