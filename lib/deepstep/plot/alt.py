"""Alt text for every figure a notebook shows, stored with the figure's saved PNG
output.

Used by every notebook that draws through ``deepstep.plot`` (01-10, 12-17).

A screen reader, and each ``<img>`` of the decks that ``make slides`` builds, needs a
sentence saying what a figure shows. Jupyter's place for it is the output's metadata,
``outputs[i].metadata["image/png"]["alt"]``: nbconvert's classic template reads it, and
``tools/offline_slides.html.j2`` writes it into the decks' ``alt`` attribute (the lab
and reveal templates, and JupyterLab 4.6 itself, do not read it yet).

Where the text comes from, in order:

1. what the figure function said: ``set_alt_text(fig, "...")`` or
   ``style.finish(fig, suptitle, alt="...")``;
2. otherwise ``describe(fig)``: the figure's title, then each panel's kind (curves,
   points, an H×W image, ...), title, axis labels and legend. Our figures always carry
   these (they must read on a projector), so the description says what is plotted.

How it gets into the notebook: importing ``deepstep.plot`` inside an IPython kernel
calls ``store_alt_text_in_outputs()``, which registers one function with IPython's
public formatter API, ``display_formatter.mimebundle_formatter.for_type(Figure, ...)``.
It returns no data, only the metadata ``{"image/png": {"alt": ...}}``, which IPython
keeps next to the PNG that matplotlib's inline backend renders. Every way a figure
reaches the notebook goes through that formatter: ``plt.show()``, the inline backend's
flush after a cell, ``display(fig)``, a figure left as a cell's value. Nothing is
wrapped or patched.

Why not wrap the PNG formatter (an earlier attempt): matplotlib loads its backend
lazily, at the first figure a notebook draws; the inline backend then calls IPython's
``select_figure_formats``, which removes every Figure printer from the per-type
formatters (``image/png`` included) and registers its own. So a wrapper installed when
the set-up cell imports ``deepstep.plot`` is replaced in the cell of the first figure,
and that figure is saved without alt text (a hook re-wrapping before each cell mends the
later ones only). The bundle formatter is not one of those, so it stays.
"""

from __future__ import annotations

from typing import Any

from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PathCollection, PolyCollection
from matplotlib.container import BarContainer
from matplotlib.contour import ContourSet
from matplotlib.figure import Figure

from .._checks import name_of

#: The longest alt text stored: a screen reader reads all of it, so many panels are cut.
MAX_CHARS = 500
#: Up to this many panels are described one by one; more are summarised.
MAX_LISTED_PANELS = 4
#: Output formats whose metadata get the alt text (the inline backend draws PNG).
IMAGE_MIMES = ("image/png", "image/jpeg", "image/svg+xml")
_ATTRIBUTE = "_deepstep_alt_text"


def set_alt_text(fig: Figure, text: str) -> Figure:
    """Give ``fig`` the alt text ``text`` (what it shows, in a sentence); returns
    ``fig``.

    It replaces ``describe(fig)`` in the saved output and on the slides.
    """
    _check_figure(fig, set_alt_text)
    if not isinstance(text, str) or not text.strip():
        raise ValueError(
            f"{name_of(set_alt_text)}: text must be a non-empty string; got {text!r}"
        )
    setattr(fig, _ATTRIBUTE, " ".join(text.split()))
    return fig


def alt_text(fig: Figure) -> str:
    """The alt text stored with ``fig``: the one set by ``set_alt_text``, else
    ``describe``."""
    _check_figure(fig, alt_text)
    return getattr(fig, _ATTRIBUTE, None) or describe(fig)


def describe(fig: Figure) -> str:
    """One paragraph saying what ``fig`` shows, read from its titles, labels and
    legends.

    A one-panel figure of two curves titled "Loss" with axes "epoch" and "loss" and a
    legend reads ``'A plot of curves titled “Loss”; x axis: epoch; y axis: loss;
    legend: training, validation.'``. Figures of more than ``MAX_LISTED_PANELS`` panels
    are summarised (panel count, layout, kinds, titles, row labels); the text is cut at
    ``MAX_CHARS`` characters.
    """
    _check_figure(fig, describe)
    panels = [ax for ax in fig.axes if _is_panel(ax)]
    scales = [ax for ax in fig.axes if ax.get_visible() and hasattr(ax, "_colorbar")]
    sentences = []
    if title := _figure_title(fig):
        sentences.append(f"{title}.")
    if len(panels) == 1:
        sentences.append(_sentence(_describe_axes(panels[0])))
    elif 1 < len(panels) <= MAX_LISTED_PANELS:
        kinds = _unique([_kind(ax) for ax in panels])
        each = f", each {kinds[0]}" if len(kinds) == 1 else ""
        sentences.append(f"{len(panels)} panels{_layout(panels)}{each}.")
        for number, ax in enumerate(panels, start=1):
            said = _describe_axes(ax, lower=True, kind=not each)
            sentences.append(_sentence(f"Panel {number}: {said or 'no labels'}"))
    elif panels:
        sentences.append(_summary(panels))
    names = [name for legend in fig.legends for name in _legend_names(legend)]
    if names:
        sentences.append(_sentence("Legend: " + _names(names)))
    colour_labels = _unique(
        [_text(ax.yaxis.label) or _text(ax.xaxis.label) for ax in scales]
    )
    if colour_labels:
        sentences.append(_sentence("Colour scale: " + ", ".join(colour_labels)))
    text = " ".join(sentences) or "An empty figure."
    return text if len(text) <= MAX_CHARS else text[: MAX_CHARS - 1].rstrip() + "…"


def store_alt_text_in_outputs() -> bool:
    """Make the running IPython kernel save ``alt_text(fig)`` with every figure it
    shows.

    Registers a bundle formatter for Figure (see the module's docstring) that adds
    ``{"image/png": {"alt": ...}}`` to the output's metadata. Returns False, and does
    nothing, outside IPython; registering twice replaces the first registration.
    """
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    if shell is None:
        return False
    shell.display_formatter.mimebundle_formatter.for_type(Figure, _alt_metadata)
    return True


def _alt_metadata(fig: Figure) -> tuple[dict[str, Any], dict[str, Any]]:
    """(no data, the alt text as metadata of each image format the figure is shown
    in)."""
    from IPython import get_ipython

    shell = get_ipython()
    formatters = shell.display_formatter.formatters if shell is not None else {}
    mimes = [m for m in IMAGE_MIMES if m in formatters and _prints(formatters[m], fig)]
    text = alt_text(fig)
    return {}, {mime: {"alt": text} for mime in mimes or IMAGE_MIMES[:1]}


def _prints(formatter: Any, fig: Figure) -> bool:
    try:
        formatter.lookup(fig)
    except KeyError:
        return False
    return True


def _check_figure(fig: Any, func: Any) -> None:
    if not isinstance(fig, Figure):
        raise TypeError(
            f"{name_of(func)}: fig must be a matplotlib Figure; got "
            f"{type(fig).__name__}"
        )


def _text(artist: Any) -> str:
    """An artist's text on one line: a line that goes on in lower case joins with a
    space, others with a comma ("after epoch 1" / "3 update(s)" reads "after epoch 1, 3
    update(s)")."""
    if artist is None:
        return ""
    lines = [" ".join(line.split()) for line in artist.get_text().splitlines()]
    text = ""
    for line in (line for line in lines if line):
        if text and not (line[0].islower() or text.endswith((",", ":", ";", "(", "—"))):
            text += ","
        text += f" {line}" if text else line
    return text


def _listed(words: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _names(names: list[str]) -> str:
    """Legend entries, quoted when one of them holds a comma (so the list still
    parses)."""
    return (
        ", ".join(_quoted(n) for n in names)
        if any("," in n for n in names)
        else ", ".join(names)
    )


def _is_number(token: str) -> bool:
    try:
        float(token.replace("−", "-"))
    except ValueError:
        return False
    return True


def _sentence(text: str) -> str:
    return text if text.endswith((".", "?", "!", "…")) else text + "."


def _quoted(text: str) -> str:
    return f"“{text}”"


def _figure_title(fig: Figure) -> str:
    suptitle = getattr(fig, "_suptitle", None)
    return _text(suptitle)


def _is_panel(ax: Axes) -> bool:
    if not ax.get_visible() or hasattr(ax, "_colorbar"):
        return False
    return bool(
        ax.axison or ax.images or ax.lines or ax.collections or ax.patches or ax.texts
    )


def _legend_names(legend: Any) -> list[str]:
    return [name for name in (_text(t) for t in legend.get_texts()) if name]


def _article(number: str) -> str:
    """'an' before a number read with a vowel first (8, 11, 18, 80, 800, 11000), else
    'a'."""
    digits = number.split("×")[0]
    spoken_eight = digits.startswith("8")
    spoken_eleven = digits[:2] in ("11", "18") and len(digits) in (2, 5, 6)
    return "an" if spoken_eight or spoken_eleven else "a"


def _image_shape(ax: Axes) -> str:
    shape = ax.images[0].get_array().shape
    return f"{shape[0]}×{shape[1]}"


def _kind(ax: Axes) -> str:
    """What a panel draws: 'a 7×7 grid of numbers', 'an image', 'curves and points',
    ..."""
    if ax.images:
        shape = _image_shape(ax)
        cells = ax.images[0].get_array().shape[0] * ax.images[0].get_array().shape[1]
        if len(ax.texts) >= cells:
            return f"{_article(shape)} {shape} grid of numbers"
        if len(ax.images) == 1:
            return f"{_article(shape)} {shape} image"
        return f"{len(ax.images)} images"
    parts = []
    if any(isinstance(c, BarContainer) for c in ax.containers):
        parts.append("bars")
    contours = [
        c for c in [*ax.collections, *ax.get_children()] if isinstance(c, ContourSet)
    ]
    if any(c.filled for c in contours):
        parts.append("shaded regions")
    if any(not c.filled for c in contours):
        parts.append("contour lines")
    if any(isinstance(c, PathCollection) for c in ax.collections):
        parts.append("points")
    curves = [
        line for line in ax.lines if line.get_visible() and len(line.get_xdata()) > 1
    ]
    if curves or any(isinstance(c, LineCollection) for c in ax.collections):
        parts.append("curves")
    if any(isinstance(c, PolyCollection) for c in ax.collections):
        parts.append("shaded bands")
    if not ax.axison:
        return "a diagram"
    if not parts:
        if ax.lines:
            parts.append("markers")
        elif ax.patches:
            parts.append("shapes")
    if not parts:
        return "an empty panel"
    return "a plot of " + _listed(parts)


def _names_a_row(ax: Axes) -> bool:
    """True for an image whose y axis has no ticks: its y label names the image (a
    row)."""
    return bool(ax.images) and not ax.get_yticks().size


def _axis(ax: Axes, name: str) -> str:
    axis = ax.xaxis if name == "x" else ax.yaxis
    label = _text(axis.label)
    if not label or not ax.axison:
        return ""
    if name == "y" and _names_a_row(ax):
        return f"labelled {_quoted(label)}"
    scale = (ax.get_xscale() if name == "x" else ax.get_yscale()) or "linear"
    said = scale == "linear" or scale in label.lower()
    return f"{name} axis: {label}" + ("" if said else f" ({scale} scale)")


def _describe_axes(ax: Axes, lower: bool = False, kind: bool = True) -> str:
    """'A plot of curves titled “…”; x axis: …; y axis: …; legend: …' (kind=False: no
    kind)."""
    what = _kind(ax)
    head = (what if lower else what[0].upper() + what[1:]) if kind else ""
    if title := _text(ax.title):
        head += f" titled {_quoted(title)}" if head else _quoted(title)
    parts = [head] if head else []
    parts += [a for a in (_axis(ax, "x"), _axis(ax, "y")) if a]
    legend = ax.get_legend()
    if legend is not None and (names := _legend_names(legend)):
        parts.append("legend: " + _names(names))
    if what == "a diagram":
        parts += _diagram_labels(ax)
    return "; ".join(parts)


def _diagram_labels(ax: Axes) -> list[str]:
    """A diagram's words (node names, say), then how many numbers it prints."""
    tokens = [line.strip() for t in ax.texts for line in t.get_text().splitlines()]
    words = _unique([t for t in tokens if t and not _is_number(t)])
    numbers = sum(1 for t in tokens if t and _is_number(t))
    said = []
    if words:
        said.append(
            "labels: " + ", ".join(words[:12]) + (", …" if len(words) > 12 else "")
        )
    if numbers:
        said.append(f"{numbers} number{'s' if numbers != 1 else ''} written on it")
    return said


def _layout(panels: list[Axes]) -> str:
    """' in 2 rows × 3 columns' when the panels sit on one regular grid, else ''."""
    specs = [ax.get_subplotspec() for ax in panels]
    if any(s is None for s in specs):
        return ""
    rows, cols = specs[0].get_gridspec().get_geometry()
    if any(s.get_gridspec() is not specs[0].get_gridspec() for s in specs) or rows == 1:
        return ""
    return f" in {rows} rows × {cols} columns"


def _unique(texts: list[str]) -> list[str]:
    return list(dict.fromkeys(t for t in texts if t))


def _summary(panels: list[Axes]) -> str:
    """Many panels in a few sentences: count and layout, kinds, titles, row labels."""
    kinds = _unique([_kind(ax) for ax in panels])
    sentences = [
        f"{len(panels)} panels{_layout(panels)}, each " + " or ".join(kinds)
        if len(kinds) <= 2
        else f"{len(panels)} panels{_layout(panels)}: " + _listed(kinds)
    ]
    titles = _unique([_text(ax.title) for ax in panels])
    if titles:
        sentences.append("Titles: " + ", ".join(_quoted(t) for t in titles))
    row_labels = _unique(
        [_text(ax.yaxis.label) for ax in panels if ax.axison and _names_a_row(ax)]
    )
    y_labels = _unique(
        [_text(ax.yaxis.label) for ax in panels if ax.axison and not _names_a_row(ax)]
    )
    x_labels = _unique([_text(ax.xaxis.label) for ax in panels if ax.axison])
    if row_labels:
        sentences.append("Rows: " + ", ".join(_quoted(t) for t in row_labels))
    if x_labels:
        sentences.append("x axes: " + ", ".join(x_labels))
    if y_labels:
        sentences.append("y axes: " + ", ".join(y_labels))
    legends = _unique(
        [_names(_legend_names(ax.get_legend())) for ax in panels if ax.get_legend()]
    )
    if legends:
        sentences.append("Legend: " + "; ".join(legends))
    return " ".join(_sentence(s) for s in sentences)


store_alt_text_in_outputs()  # inside a notebook kernel; nothing elsewhere
