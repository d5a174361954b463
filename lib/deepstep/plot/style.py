"""The one style of deepstep's figures: font sizes, class colours, layout helpers.

Sizes are chosen to stay readable on a projector (fonts >= 12 pt on a slide, tick labels
and legends 11 pt). ``STYLE`` holds them as matplotlib settings and is applied when
``deepstep.plot`` is imported, so a figure function passes a size only where it departs
from them, and a student's own ``plt`` figures in a notebook get the same sizes. Every
figure gets alt text (``alt``): ``finish``'s ``alt`` sets it; without it, the figure's
titles, labels and legends are described.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from .._checks import instance_of, text
from .alt import set_alt_text

FONT = 13
#: matplotlib's rcParams for every figure: titles and axis labels at FONT, ticks and
#: legends two points smaller, a figure's suptitle one point larger.
STYLE = {
    "font.size": FONT,
    "axes.titlesize": FONT,
    "axes.labelsize": FONT,
    "xtick.labelsize": FONT - 2,
    "ytick.labelsize": FONT - 2,
    "legend.fontsize": FONT - 2,
    "figure.titlesize": FONT + 1,
}
plt.style.use(STYLE)
POSITIVE, NEGATIVE = (
    "#1f77b4",
    "#d62728",
)  # blue and red: weight signs, class 1 and class 0
CLASS_COLORS = (NEGATIVE, POSITIVE)
# One colour per optimizer in the race figures (notebook 05).
COLORS = (
    "#7f7f7f",
    "#1f77b4",
    "#17becf",
    "#2ca02c",
    "#ff7f0e",
    "#9467bd",
    "#d62728",
    "#8c564b",
)


def finish(fig: Figure, suptitle: str | None, *, alt: str | None = None) -> Figure:
    """Lay the panels out, leaving the top tenth to the suptitle when there is one.

    alt: what the figure shows, in a sentence, for screen readers and the slides'
    ``<img alt>``; None keeps ``alt.describe``'s text, read from titles, labels,
    legends.
    """
    instance_of(fig, Figure, finish, "fig")
    if alt is not None:
        set_alt_text(fig, alt)
    if text(suptitle, finish, "suptitle", optional=True):
        fig.suptitle(suptitle)
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
