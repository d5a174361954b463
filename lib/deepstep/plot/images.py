"""Images and feature maps: the one image grid, galleries, the X/O pipeline,
augmentation."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import matplotlib.pyplot as plt
import numpy as np
import numpy.typing as npt
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from .. import augment, data
from .._checks import (
    as_finite_scalar,
    as_float_array,
    flag,
    mapping,
    name_of,
    positive_int,
    received,
    sequence,
    text,
)
from ..check import to_slide_precision
from .style import FONT, POSITIVE, axes_or_new, finish


def _titles(
    titles: object, n: int, func: object, name: str = "titles", per: str = "images"
) -> list[str] | None:
    """None, or a list of ``n`` labels: one title per image."""
    if titles is None:
        return None
    if not isinstance(titles, list | tuple):
        raise TypeError(
            f"{name_of(func)}: {name} must be a list of {n} strings; got "
            f"{received(titles)}"
        )
    if len(titles) != n:
        if name == "titles":
            got = f"got {len(titles)} titles for {n} {per}"
        else:
            got = f"{name} needs {n} labels; got {len(titles)}"
        raise ValueError(
            f"{name_of(func)}: {name} must hold one label per row of {per}; {got}"
        )
    return [str(t) for t in titles]


def grid(
    values: npt.ArrayLike,
    *,
    title: str | None = None,
    decimals: int | None = 2,
    rounding: str = "truncate",
    vmin: float = -1.0,
    vmax: float = 1.0,
    cmap: str = "RdBu_r",
    ax: Axes | None = None,
) -> Figure:
    """A 2-D array drawn like the slides' tables: coloured cells with their numbers
    printed.

    values: (H, W). Numbers are cut to ``decimals`` places the slides' way (truncated by
    default: 7/9 prints as 0.77); decimals=None prints integers, as for ±1 pixels.
    The colour scale runs from vmin (blue) to vmax (red).
    """

    arr = as_float_array(values, grid, "values", ndim=2, allow_inf=False)
    h, w = arr.shape
    fig, ax = axes_or_new(ax, (0.6 * w + 1.0, 0.6 * h + 0.8))
    ax.imshow(arr, cmap=cmap, vmin=vmin, vmax=vmax)
    shown = (
        arr if decimals is None else to_slide_precision(arr, decimals, rounding) + 0.0
    )
    size = FONT - 2  # 11 pt: still readable from the back of a lecture hall
    for (i, j), v in np.ndenumerate(shown):
        text = f"{v:.0f}" if decimals is None else f"{v:.{decimals}f}"
        dark = abs(arr[i, j]) > 0.6 * max(abs(vmin), abs(vmax))
        ax.text(
            j,
            i,
            text,
            ha="center",
            va="center",
            fontsize=size,
            color="white" if dark else "black",
        )
    ax.set_xticks([])
    ax.set_yticks([])
    if title:
        ax.set_title(title)
    return fig


def feature_maps(
    maps: npt.ArrayLike,
    titles: Sequence[str] | None = None,
    *,
    decimals: int | None = 2,
    rounding: str = "truncate",
    suptitle: str | None = None,
) -> Figure:
    """Several 2-D maps side by side, each drawn with ``grid``.

    maps: (K, H, W), one map per row of the first axis (for channels-last (H, W, K)
    arrays, pass ``np.moveaxis(x, -1, 0)``).
    """
    arr = as_float_array(maps, feature_maps, "maps", ndim=3, allow_inf=False)
    titles = _titles(titles, arr.shape[0], feature_maps, per="maps")
    k, h, w = arr.shape
    fig, axes = plt.subplots(
        1, k, figsize=(k * (0.55 * w + 1.0), 0.55 * h + 1.2), squeeze=False
    )
    for i, ax in enumerate(axes[0]):
        grid(
            arr[i],
            title=None if titles is None else titles[i],
            decimals=decimals,
            rounding=rounding,
            ax=ax,
        )
    return finish(fig, suptitle)


def letter_gallery(
    images: npt.ArrayLike,
    titles: Sequence[str] | None = None,
    *,
    ncols: int = 6,
    suptitle: str | None = None,
) -> Figure:
    """Small ±1 pictures in a grid, ink (+1) black on white, one optional title each.

    images: (N, H, W). The pixel grid is drawn faintly so single pixels can be counted.
    """
    arr = as_float_array(images, letter_gallery, "images", ndim=3, allow_inf=False)
    n, h, w = arr.shape
    titles = _titles(titles, n, letter_gallery)
    positive_int(ncols, letter_gallery, "ncols")
    cols = min(ncols, n)
    rows = -(-n // cols)
    lines = (
        max((t.count("\n") + 1 for t in titles), default=0) if titles is not None else 0
    )
    fig, axes = plt.subplots(
        rows,
        cols,
        figsize=(2.3 * cols, (2.4 + 0.4 * lines) * rows + 0.5),
        squeeze=False,
    )
    for i, ax in enumerate(axes.flat):
        ax.set_xticks(np.arange(-0.5, w, 1), minor=True)
        ax.set_yticks(np.arange(-0.5, h, 1), minor=True)
        ax.tick_params(which="both", length=0, labelbottom=False, labelleft=False)
        if i >= n:
            ax.axis("off")
            continue
        ax.imshow(arr[i], cmap="gray_r", vmin=-1, vmax=1)
        ax.grid(which="minor", color="#bbbbbb", lw=0.5)
        if titles is not None:
            ax.set_title(titles[i], fontsize=FONT - 1)
    return finish(fig, suptitle)


def xo_pipeline(
    image: npt.ArrayLike,
    stacked: npt.ArrayLike,
    scores: dict[str, float],
    *,
    feature_names: Sequence[str] = ("diagonal \\", "small x", "anti-diagonal /"),
    title: str | None = None,
) -> Figure:
    """The X/O ConvNet on one picture: the picture, its 2x2 maps, and the two votes.

    image: (H, W) of ±1; stacked: (K, 2, 2), the maps after the last pooling;
    scores: {"x": ..., "o": ...}. The winning bar is drawn in blue, the other in grey.
    """
    img = as_float_array(image, xo_pipeline, "image", ndim=2, allow_inf=False)
    maps = as_float_array(stacked, xo_pipeline, "stacked", ndim=3, allow_inf=False)
    if len(feature_names) != maps.shape[0]:
        raise ValueError(
            f"{name_of(xo_pipeline)}: got {len(feature_names)} feature names for "
            f"{maps.shape[0]} maps"
        )
    scores = mapping(scores, xo_pipeline, "scores")
    if not {"x", "o"} <= set(scores):
        raise ValueError(
            f'{name_of(xo_pipeline)}: scores must have keys "x" and "o"; got '
            f"{sorted(scores)}"
        )
    k = maps.shape[0]
    fig, axes = plt.subplots(
        1,
        k + 2,
        figsize=(2.6 * (k + 2) + 1.0, 3.0),
        width_ratios=[1.6] + [1] * k + [1.8],
    )
    axes[0].imshow(img, cmap="gray_r", vmin=-1, vmax=1)
    axes[0].set_title("picture")
    axes[0].set_xticks([])
    axes[0].set_yticks([])
    for i in range(k):
        grid(maps[i], title=feature_names[i], vmin=-1, vmax=1, ax=axes[i + 1])
    winner = "x" if scores["x"] > scores["o"] else "o"
    ax = axes[-1]
    names = ["O", "X"]
    values = [scores["o"], scores["x"]]
    colors = [POSITIVE if n.lower() == winner else "#bbbbbb" for n in names]
    ax.barh(names, values, color=colors)
    for y, v in enumerate(values):
        ax.text(v + 0.02, y, f"{v:.2f}", va="center", fontsize=FONT - 1)
    ax.set_xlim(0, 1.3)
    ax.set_xlabel("vote", fontsize=FONT - 1)
    ax.tick_params(labelsize=FONT)
    ax.set_title(f"→ {winner.upper()}", fontsize=FONT + 1)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


# -- the one image grid: image_grid, digit_grid and digit_rows draw through it ---------
def _draw_pictures(
    axes: np.ndarray,
    pictures: np.ndarray,
    cmap: str,
    limits: Callable[[np.ndarray], tuple[float | None, float | None]],
    titles: Sequence[str | None] | None = None,
    *,
    frame: bool = True,
    title_size: float = FONT - 1,
) -> None:
    """Draw pictures[k] (K, H, W) into axes.flat[k], pixel by pixel; cells past K stay
    blank.

    limits(picture) -> (vmin, vmax) sets each picture's colour range (one shared range,
    or each its own). titles: one per picture (None: no title). frame=False hides the
    axes altogether; otherwise only the ticks go, so that a row label can still be
    written.
    """
    for k, ax in enumerate(axes.flat):
        if frame:
            ax.set_xticks([])
            ax.set_yticks([])
        else:
            ax.set_axis_off()
        if k >= len(pictures):
            ax.set_axis_off()
            continue
        vmin, vmax = limits(pictures[k])
        ax.imshow(pictures[k], cmap=cmap, vmin=vmin, vmax=vmax, interpolation="nearest")
        if titles is not None and titles[k] is not None:
            ax.set_title(titles[k], fontsize=title_size)


def _label_rows(axes: np.ndarray, labels: Sequence[str] | None) -> None:
    """Write labels[i] to the left of row i of a grid of axes (None: nothing)."""
    for ax, label in zip(axes[:, 0], labels or (), strict=False):
        ax.set_ylabel(label, fontsize=FONT - 1, rotation=0, ha="right", va="center")


# -- notebook 10: augmentation ---------------------------------------------------------
def image_grid(
    images: npt.ArrayLike,
    *,
    row_titles: Sequence[str] | None = None,
    col_titles: Sequence[str] | None = None,
    cmap: str = "gray_r",
    vmin: float | None = None,
    vmax: float | None = None,
    suptitle: str | None = None,
) -> Figure:
    """Pictures in a table: images[r, c] is drawn in row r, column c, without axes.

    images: (R, C, H, W). row_titles: R labels left of the rows; col_titles: C labels
    above the top row. vmin, vmax: one colour range for all pictures (default: their
    overall range), so that brightness means the same in every cell.
    """
    arr = as_float_array(images, image_grid, "images", ndim=4, allow_inf=False)
    r, c = arr.shape[:2]
    row_titles = _titles(row_titles, r, image_grid, "row_titles")
    col_titles = _titles(col_titles, c, image_grid, "col_titles")
    lo = float(arr.min()) if vmin is None else vmin
    hi = float(arr.max()) if vmax is None else vmax
    fig, axes = plt.subplots(
        r, c, figsize=(1.6 * c + 1.2, 1.6 * r + 0.6), squeeze=False
    )
    tops = [
        col_titles[k] if k < c and col_titles is not None else None
        for k in range(r * c)
    ]
    _draw_pictures(
        axes, arr.reshape(r * c, *arr.shape[2:]), cmap, lambda _: (lo, hi), tops
    )
    _label_rows(axes, row_titles)
    if suptitle:
        fig.suptitle(suptitle)
    fig.tight_layout()
    return fig


def augmentation_preview(
    degrees: float = 0.0,
    factor: float = 1.0,
    dy: float = 0.0,
    dx: float = 0.0,
    noise: float = 0.0,
    flip: bool = False,
    *,
    images: npt.ArrayLike | None = None,
) -> Figure:
    """Each picture before (top row) and after (bottom row) one chain of augmentations:
    flip left-right, rotate by ``degrees``, scale by ``factor``, shift by (dy, dx)
    pixels, add Gaussian noise of standard deviation ``noise`` (seeded, so a setting
    always looks the same).

    images: (K, H, W); default slide deck 003's X and an O (9x9, ±1).
    """

    f = augmentation_preview
    degrees, dy, dx = (
        as_finite_scalar(v, f, n)
        for v, n in ((degrees, "degrees"), (dy, "dy"), (dx, "dx"))
    )
    factor = as_finite_scalar(factor, f, "factor", positive=True)
    noise = as_finite_scalar(noise, f, "noise")
    if noise < 0:
        raise ValueError(f"{name_of(f)}: noise must be >= 0; got {noise}")
    flip = flag(flip, f, "flip")
    if images is None:
        images = np.stack([data.xo_image("x"), data.xo_image("o")])
    arr = as_float_array(
        images, augmentation_preview, "images", ndim=3, allow_inf=False
    )
    batch = arr[..., None]
    if flip:
        batch = augment.flip(batch, "horizontal")
    batch = augment.rotate(batch, degrees)
    batch = augment.scale(batch, factor)
    batch = augment.translate(batch, dy, dx)
    batch = augment.gaussian_noise(batch, noise, rng=0)
    title = (
        f"flip={flip}, rotate {degrees:g}°, scale ×{factor:g}, "
        f"shift ({dy:g}, {dx:g}) px, noise σ={noise:g}"
    )
    return image_grid(
        np.stack([arr, batch[..., 0]]),
        row_titles=["before", "after"],
        vmin=float(arr.min()),
        vmax=float(arr.max()),
        suptitle=title,
    )


# -- notebook 08: backprop through convolution and pooling -----------------------------
def grid_row(
    panels: dict[str, npt.ArrayLike],
    *,
    decimals: int = 2,
    vmin: float | None = None,
    vmax: float | None = None,
    suptitle: str | None = None,
) -> Figure:
    """Several 2-D arrays of any sizes side by side, each drawn with ``grid`` under its
    title.

    panels: {title: (H, W) array}, drawn left to right in order. One colour scale for
    all, symmetric around 0 (default: ± the largest |value|), so equal numbers look
    alike. A panel of whole numbers prints them as such; any other panel is rounded to
    ``decimals``.
    """
    panels = mapping(panels, grid_row, "panels")
    arrays = {
        title: as_float_array(
            v, grid_row, f"panels[{title!r}]", ndim=2, allow_inf=False
        )
        for title, v in panels.items()
    }
    top = max(float(np.abs(a).max()) for a in arrays.values()) or 1.0
    lo = -top if vmin is None else vmin
    hi = top if vmax is None else vmax
    widths = [a.shape[1] for a in arrays.values()]
    height = max(a.shape[0] for a in arrays.values())
    fig, axes = plt.subplots(
        1,
        len(arrays),
        figsize=(0.6 * sum(widths) + 1.3 * len(arrays), 0.6 * height + 1.3),
        width_ratios=widths,
        squeeze=False,
    )
    for ax, (title, arr) in zip(axes[0], arrays.items(), strict=True):
        whole = bool(np.all(arr == np.round(arr)))
        places = None if whole else decimals
        grid(
            arr, title=title, decimals=places, rounding="round", vmin=lo, vmax=hi, ax=ax
        )
    if suptitle:
        fig.suptitle(suptitle)
    fig.tight_layout()
    return fig


def digit_grid(
    images: npt.ArrayLike,
    titles: Sequence[str] | None = None,
    *,
    ncols: int = 8,
    cmap: str = "gray_r",
    centered: bool = False,
    suptitle: str | None = None,
) -> Figure:
    """Small images in a grid, each with an optional title; returns the matplotlib
    Figure.

    images: (K, H, W) or (K, H, W, 1). Fewer than ncols·rows images leave blank cells.
    Colours are scaled per image; centered=True makes 0 the middle colour of each image
    (for weights of either sign, with a diverging cmap such as "RdBu_r").
    """
    arr = as_float_array(images, digit_grid, "images", allow_inf=False)
    if arr.ndim == 4 and arr.shape[-1] == 1:
        arr = arr[..., 0]
    if arr.ndim != 3 or len(arr) == 0:
        raise ValueError(
            f"{name_of(digit_grid)}: images must be (K, H, W) with K >= 1; got shape "
            f"{arr.shape}"
        )
    titles = _titles(titles, len(arr), digit_grid)
    positive_int(ncols, digit_grid, "ncols")
    nrows = -(-len(arr) // ncols)
    height = 1.9 * nrows + (0.4 if suptitle else 0.0)
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(1.5 * ncols, height), squeeze=False, layout="constrained"
    )

    def limits(picture: np.ndarray) -> tuple[float | None, float | None]:
        limit = float(np.abs(picture).max()) or 1.0
        return (-limit, limit) if centered else (None, None)

    _draw_pictures(axes, arr, cmap, limits, titles, frame=False, title_size=12)
    if suptitle:
        fig.suptitle(suptitle, fontsize=14)
    return fig


def digit_rows(
    rows: Sequence[npt.ArrayLike],
    labels: Sequence[str],
    n: int = 8,
    *,
    alt: str | None = None,
) -> Figure:
    """One row of n 8x8 images per array in ``rows`` (each (N >= n, 64), values in [0,
    1]), its label on the left: notebook 14's clean / noisy / denoised digits. alt: the
    figure's alt text (default: read from its labels)."""
    rows = sequence(rows, digit_rows, "rows")
    labels = [text(label, digit_rows, f"labels[{i}]") for i, label in enumerate(
        sequence(labels, digit_rows, "labels", non_empty=False))]  # fmt: skip
    if len(rows) != len(labels):
        raise ValueError(
            f"{name_of(digit_rows)}: rows and labels need one label per row; got "
            f"{len(rows)} rows and {len(labels)} labels"
        )
    n = positive_int(n, digit_rows, "n")
    arrays = [as_float_array(r, digit_rows, f"rows[{i}]", ndim=2, allow_inf=False)
              for i, r in enumerate(rows)]  # fmt: skip
    for i, r in enumerate(arrays):
        if r.shape[1] != 64:
            raise ValueError(
                f"{name_of(digit_rows)}: rows[{i}] must be (N, 64), flattened 8x8 "
                f"images; got shape {r.shape}"
            )
    pictures = [r[:n].reshape(-1, 8, 8) for r in arrays]
    if any(len(p) < n for p in pictures):
        raise ValueError(
            f"{name_of(digit_rows)}: every row needs at least n = {n} images"
        )
    fig, axes = plt.subplots(
        len(rows), n, figsize=(1.3 * n, 1.5 * len(rows)), squeeze=False
    )
    _draw_pictures(axes, np.concatenate(pictures), "gray_r", lambda _: (0.0, 1.0))
    _label_rows(axes, labels)
    return finish(fig, None, alt=alt)
