"""The one style of deepstep's figures: font size, class colours, layout helpers.

Sizes are chosen to stay readable on a projector (fonts >= 12 pt on a slide).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from .._checks import instance_of, text

FONT = 13
POSITIVE, NEGATIVE = "#1f77b4", "#d62728"  # blue and red: weight signs, class 1 and class 0
CLASS_COLORS = (NEGATIVE, POSITIVE)
# One colour per optimizer in the race figures (notebook 05).
COLORS = ("#7f7f7f", "#1f77b4", "#17becf", "#2ca02c", "#ff7f0e", "#9467bd", "#d62728", "#8c564b")


def finish(fig: Figure, suptitle: str | None) -> Figure:
    """Lay the panels out, leaving the top tenth to the suptitle when there is one."""
    instance_of(fig, Figure, finish, "fig")
    if text(suptitle, finish, "suptitle", optional=True):
        fig.suptitle(suptitle, fontsize=FONT + 1)
        fig.tight_layout(rect=(0, 0, 1, 0.9))
    else:
        fig.tight_layout()
    return fig


def axes_or_new(ax: Axes | None, figsize: tuple[float, float]) -> tuple[Figure, Axes]:
    """The figure and axes to draw on: ``ax``'s own, or a new figure of ``figsize``."""
    if ax is None:
        fig, ax = plt.subplots(figsize=_figsize(figsize))
        return fig, ax
    return instance_of(ax, Axes, axes_or_new, "ax").figure, ax


def _figsize(value: object) -> tuple[float, float]:
    try:
        w, h = (float(v) for v in value)  # type: ignore[union-attr]
    except (TypeError, ValueError):
        w = h = -1.0
    if not (0 < w < 100 and 0 < h < 100):  # also rejects NaN
        raise ValueError(
            f"axes_or_new: figsize must be (width, height) in inches; got {value!r:.80}"
        )
    return w, h
