"""Figures the notebooks show: network diagrams, decision lines and regions, activation gallery.

Every function draws on a new figure (or the ``ax`` given) and returns the Figure,
so notebooks can show it and tests can inspect it. Sizes and fonts are chosen to
stay readable on a projector. matplotlib is imported here only, so
``import deepstep`` stays fast.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import matplotlib.pyplot as plt
import numpy as np
import numpy.typing as npt
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from . import perceptron
from ._checks import as_finite_scalar, as_float_array, name_of, positive_int
from .data import logic_gate
from .nn import activations

FONT = 13
POSITIVE, NEGATIVE = "#1f77b4", "#d62728"  # blue and red: weight signs, class 1 and class 0
CLASS_COLORS = (NEGATIVE, POSITIVE)


def _finish(fig: Figure, suptitle: str | None) -> Figure:
    """Lay the panels out, leaving the top tenth to the suptitle when there is one."""
    if suptitle:
        fig.suptitle(suptitle, fontsize=FONT + 1)
        fig.tight_layout(rect=(0, 0, 1, 0.9))
    else:
        fig.tight_layout()
    return fig


def _axes(ax: Axes | None, figsize: tuple[float, float]) -> tuple[Figure, Axes]:
    if ax is None:
        fig, ax = plt.subplots(figsize=figsize)
        return fig, ax
    return ax.figure, ax


def network_diagram(
    weights: Sequence[npt.ArrayLike],
    values: Sequence[npt.ArrayLike] | None = None,
    names: Sequence[Sequence[str]] | None = None,
    *,
    title: str | None = None,
    ax: Axes | None = None,
) -> Figure:
    """A layered network: nodes in columns, each edge labelled with its weight.

    weights: one (n_out, n_in) matrix per layer, rows are the receiving neurons
        (as in ``data.worked_example()``), so layer sizes are read from the shapes.
    values: optionally one (n,) vector per column of nodes (inputs first), printed
        inside the nodes. names: optionally one list of labels per column.
    Blue edges are positive weights, red negative; thicker means larger |w|.
    """
    mats = [
        as_float_array(w, network_diagram, f"weights[{i}]", ndim=2) for i, w in enumerate(weights)
    ]
    if not mats:
        raise ValueError(
            f"{name_of(network_diagram)}: weights must hold at least one (n_out, n_in) matrix"
        )
    sizes = [mats[0].shape[1]] + [m.shape[0] for m in mats]
    for i in range(1, len(mats)):
        n_out, n_in = mats[i].shape[0], mats[i - 1].shape[0]
        if mats[i].shape[1] != n_in:
            raise ValueError(
                f"{name_of(network_diagram)}: weights[{i}] has shape {mats[i].shape} but layer {i} has "
                f"{n_in} neurons; expected ({n_out}, {n_in})"
            )
    cols = len(sizes)
    if values is not None:
        if len(values) != cols:
            raise ValueError(
                f"{name_of(network_diagram)}: values must have {cols} vectors, one per column; "
                f"got {len(values)}"
            )
        values = [
            as_float_array(v, network_diagram, f"values[{i}]", ndim=1) for i, v in enumerate(values)
        ]
        for i, (v, n) in enumerate(zip(values, sizes, strict=True)):
            if v.shape != (n,):
                raise ValueError(
                    f"{name_of(network_diagram)}: values[{i}] must have shape ({n},); got {v.shape}"
                )
    if names is not None:
        if len(names) != cols or any(len(nm) != n for nm, n in zip(names, sizes, strict=False)):
            raise ValueError(
                f"{name_of(network_diagram)}: names must give {sizes} labels per column; "
                f"got {[len(nm) for nm in names]}"
            )

    fig, ax = _axes(ax, (3.2 * cols + 1, 1.6 * max(sizes) + 1.5))
    ymax = max(sizes) - 1
    pos = [[(3.0 * c, ymax / 2 - (j - (n - 1) / 2)) for j in range(n)] for c, n in enumerate(sizes)]
    wmax = max(float(np.abs(m).max()) for m in mats) or 1.0
    for layer, m in enumerate(mats):
        for j in range(m.shape[0]):
            for i in range(m.shape[1]):
                (x0, y0), (x1, y1) = pos[layer][i], pos[layer + 1][j]
                w = m[j, i]
                ax.plot(
                    [x0, x1],
                    [y0, y1],
                    color=POSITIVE if w >= 0 else NEGATIVE,
                    lw=0.8 + 3 * abs(w) / wmax,
                    alpha=0.6,
                    zorder=1,
                )
                # Each source puts its labels at its own distance along the edge, so the
                # labels of edges that meet at one node do not pile up on each other.
                t = 0.3 + 0.45 * i / max(m.shape[1] - 1, 1)
                ax.text(
                    x0 + t * (x1 - x0),
                    y0 + t * (y1 - y0),
                    f"{w:g}",
                    fontsize=FONT - 2,
                    ha="center",
                    va="center",
                    zorder=3,
                    bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.9),
                )
    for c, column in enumerate(pos):
        for j, (x, y) in enumerate(column):
            ax.add_patch(plt.Circle((x, y), 0.42, fc="#f4f4f4", ec="black", lw=1.5, zorder=2))
            label = names[c][j] if names is not None else ""
            if values is not None:
                label = f"{label}\n{values[c][j]:.2f}" if label else f"{values[c][j]:.2f}"
            ax.text(x, y, label, ha="center", va="center", fontsize=FONT, zorder=4)
    ax.set_xlim(-0.8, 3.0 * (cols - 1) + 0.8)
    ax.set_ylim(-0.8, ymax + 0.8)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title, fontsize=FONT + 2)
    return fig


def _scatter_classes(ax: Axes, X: np.ndarray, y: np.ndarray) -> None:
    for cls, color, marker in ((0, NEGATIVE, "o"), (1, POSITIVE, "s")):
        pts = X[y == cls]
        ax.scatter(
            pts[:, 0],
            pts[:, 1],
            s=160,
            c=color,
            marker=marker,
            edgecolors="black",
            zorder=3,
            label=f"class {cls}",
        )


def _line_through_box(
    ax: Axes, w1: float, w2: float, b: float, lo: float, hi: float, **style
) -> None:
    """Draw w1·x1 + w2·x2 + b = 0 across the square [lo, hi]²; nothing if w = 0."""
    if w2 != 0:
        xs = np.array([lo, hi])
        ax.plot(xs, -(w1 * xs + b) / w2, **style)
    elif w1 != 0:
        ax.axvline(-b / w1, **style)


def decision_line(
    w1: float, w2: float, b: float, gate: str = "and", *, ax: Axes | None = None
) -> Figure:
    """A step unit's decision line w1·x1 + w2·x2 + b = 0 over a logic gate's four points.

    The side where w·x + b > 0 (output 1) is shaded blue; misclassified points are
    ringed, and the title counts them.
    """
    w1, w2, b = (
        as_finite_scalar(v, decision_line, n) for v, n in ((w1, "w1"), (w2, "w2"), (b, "b"))
    )
    X, y = logic_gate(gate)
    wrong = perceptron.misclassified(X, y, [w1, w2], b)
    fig, ax = _axes(ax, (5.5, 5))
    lo, hi = -0.5, 1.5
    g = np.linspace(lo, hi, 201)
    gx, gy = np.meshgrid(g, g)
    ax.contourf(
        gx,
        gy,
        (w1 * gx + w2 * gy + b > 0).astype(float),
        levels=[-0.5, 0.5, 1.5],
        colors=["#fbe3e3", "#dde9f6"],
    )
    _line_through_box(ax, w1, w2, b, lo, hi, color="black", lw=2)
    _scatter_classes(ax, X, y)
    ax.scatter(
        X[wrong, 0],
        X[wrong, 1],
        s=520,
        facecolors="none",
        edgecolors="orange",
        lw=3,
        zorder=4,
        label="misclassified",
    )
    ax.set(xlim=(lo, hi), ylim=(lo, hi), aspect="equal", xticks=[0, 1], yticks=[0, 1])
    ax.set_xlabel("x1", fontsize=FONT)
    ax.set_ylabel("x2", fontsize=FONT)
    ax.set_title(
        f"{gate.upper()}: w=({w1:g}, {w2:g}), b={b:g} — {int(wrong.sum())} of 4 wrong",
        fontsize=FONT,
    )
    ax.legend(loc="upper left", fontsize=FONT - 3, framealpha=0.9)
    return fig


def draw_decision_line(
    w1: float = 1.0, w2: float = 1.0, b: float = -1.5, gate: str = "and"
) -> None:
    """Widget callback for ``interact``: draw ``decision_line`` and show it."""
    decision_line(w1, w2, b, gate)
    plt.show()


def perceptron_epochs(
    result: perceptron.TrainingResult, gate: str, *, max_panels: int = 6
) -> Figure:
    """The decision line after each epoch of a ``perceptron.train`` run, one panel per epoch.

    Shows at most ``max_panels`` panels: the first ones, and the last epoch in the last panel.
    """
    n = len(result.mistakes)
    if max_panels < 1:
        raise ValueError(f"{name_of(perceptron_epochs)}: max_panels must be >= 1; got {max_panels}")
    epochs = list(range(1, n + 1))
    if n > max_panels:
        epochs = epochs[: max_panels - 1] + [n]
    fig, axes = plt.subplots(1, len(epochs), figsize=(3.6 * len(epochs), 3.8), squeeze=False)
    for ax, e in zip(axes[0], epochs, strict=True):
        w = result.weight_history[e]
        decision_line(w[0], w[1], result.bias_history[e], gate, ax=ax)
        ax.set_title(f"after epoch {e}\n{result.mistakes[e - 1]} update(s)", fontsize=FONT - 1)
        ax.legend().remove()
        ax.set_xlabel("")
        ax.set_ylabel("")
    fig.tight_layout()
    return fig


def decision_regions(
    predict: Callable[[np.ndarray], np.ndarray],
    X: npt.ArrayLike,
    y: npt.ArrayLike,
    *,
    resolution: int = 200,
    title: str | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Shade where ``predict`` says 1 (or > 0.5) over a 2-D input space, with the points on top.

    predict: maps (n, 2) to (n,) or (n, 1). X: (n_samples, 2); y: (n_samples,) of 0/1.
    """
    X = as_float_array(X, decision_regions, "X", ndim=2, allow_inf=False)
    y = as_float_array(y, decision_regions, "y", ndim=1)
    if X.shape[1] != 2 or len(y) != len(X):
        raise ValueError(
            f"{name_of(decision_regions)}: X must be (n, 2) and y (n,); got X {X.shape}, y {y.shape}"
        )
    pad = 0.5
    gx, gy = np.meshgrid(
        np.linspace(X[:, 0].min() - pad, X[:, 0].max() + pad, resolution),
        np.linspace(X[:, 1].min() - pad, X[:, 1].max() + pad, resolution),
    )
    grid = np.column_stack([gx.ravel(), gy.ravel()])
    out = np.asarray(predict(grid), dtype=float).reshape(-1)
    if out.shape != (grid.shape[0],):
        raise ValueError(
            f"{name_of(decision_regions)}: predict must return one value per row; got {out.shape} "
            f"for {grid.shape[0]} rows"
        )
    fig, ax = _axes(ax, (5.5, 5))
    cs = ax.contourf(
        gx,
        gy,
        out.reshape(gx.shape),
        levels=np.linspace(0, 1, 21),
        cmap="RdBu",
        alpha=0.55,
        extend="both",
    )
    ax.contour(gx, gy, out.reshape(gx.shape), levels=[0.5], colors="black", linewidths=2)
    fig.colorbar(cs, ax=ax, label="output")
    _scatter_classes(ax, X, y)
    ax.set_xlabel("x1", fontsize=FONT)
    ax.set_ylabel("x2", fontsize=FONT)
    if title:
        ax.set_title(title, fontsize=FONT)
    return fig


def activation_gallery(
    names: Sequence[str] = ("step", "linear", "ramp", "sigmoid", "tanh", "relu", "gaussian"),
    *,
    lim: float = 4.0,
) -> Figure:
    """Each activation (solid) with its derivative (dashed) on [-lim, lim], one panel each."""
    found = [activations.get(n) for n in names]
    if any(a.name == "softmax" for a in found):
        raise ValueError(
            f"{name_of(activation_gallery)}: softmax acts on whole vectors and has no 1-D curve"
        )
    v = np.linspace(-lim, lim, 801)
    cols = min(4, len(found))
    rows = -(-len(found) // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(3.6 * cols, 3.0 * rows), squeeze=False)
    for ax, act in zip(axes.flat, found, strict=False):
        ax.axhline(0, color="grey", lw=0.6)
        ax.axvline(0, color="grey", lw=0.6)
        ax.plot(v, act.function(v), color=POSITIVE, lw=2.5, label="f(v)")
        ax.plot(v, act.derivative(v), color="darkorange", lw=2, ls="--", label="f'(v)")
        ax.set_title(act.name, fontsize=FONT + 1)
        ax.set_ylim(-1.3, 1.6)
    for ax in axes.flat[len(found) :]:
        ax.axis("off")
    axes.flat[0].legend(fontsize=FONT - 2, loc="upper left")
    fig.tight_layout()
    return fig


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
    """A 2-D array drawn like the slides' tables: coloured cells with their numbers printed.

    values: (H, W). Numbers are cut to ``decimals`` places the slides' way (truncated by
    default: 7/9 prints as 0.77); decimals=None prints integers, as for ±1 pixels.
    The colour scale runs from vmin (blue) to vmax (red).
    """
    from .check import to_slide_precision

    arr = as_float_array(values, grid, "values", ndim=2, allow_inf=False)
    h, w = arr.shape
    fig, ax = _axes(ax, (0.6 * w + 1.0, 0.6 * h + 0.8))
    ax.imshow(arr, cmap=cmap, vmin=vmin, vmax=vmax)
    shown = arr if decimals is None else to_slide_precision(arr, decimals, rounding) + 0.0
    size = FONT - 2  # 11 pt: still readable from the back of a lecture hall
    for (i, j), v in np.ndenumerate(shown):
        text = f"{v:.0f}" if decimals is None else f"{v:.{decimals}f}"
        dark = abs(arr[i, j]) > 0.6 * max(abs(vmin), abs(vmax))
        ax.text(
            j, i, text, ha="center", va="center", fontsize=size, color="white" if dark else "black"
        )
    ax.set_xticks([])
    ax.set_yticks([])
    if title:
        ax.set_title(title, fontsize=FONT)
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

    maps: (K, H, W), one map per row of the first axis (for channels-last (H, W, K) arrays,
    pass ``np.moveaxis(x, -1, 0)``).
    """
    arr = as_float_array(maps, feature_maps, "maps", ndim=3, allow_inf=False)
    if titles is not None and len(titles) != arr.shape[0]:
        raise ValueError(
            f"{name_of(feature_maps)}: got {len(titles)} titles for {arr.shape[0]} maps"
        )
    k, h, w = arr.shape
    fig, axes = plt.subplots(1, k, figsize=(k * (0.55 * w + 1.0), 0.55 * h + 1.2), squeeze=False)
    for i, ax in enumerate(axes[0]):
        grid(
            arr[i],
            title=None if titles is None else titles[i],
            decimals=decimals,
            rounding=rounding,
            ax=ax,
        )
    return _finish(fig, suptitle)


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
    if titles is not None and len(titles) != n:
        raise ValueError(f"{name_of(letter_gallery)}: got {len(titles)} titles for {n} images")
    positive_int(ncols, letter_gallery, "ncols")
    cols = min(ncols, n)
    rows = -(-n // cols)
    lines = max((t.count("\n") + 1 for t in titles), default=0) if titles is not None else 0
    fig, axes = plt.subplots(
        rows, cols, figsize=(2.3 * cols, (2.2 + 0.3 * lines) * rows + 0.5), squeeze=False
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
    return _finish(fig, suptitle)


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
            f"{name_of(xo_pipeline)}: got {len(feature_names)} feature names for {maps.shape[0]} maps"
        )
    if not {"x", "o"} <= set(scores):
        raise ValueError(
            f'{name_of(xo_pipeline)}: scores must have keys "x" and "o"; got {sorted(scores)}'
        )
    k = maps.shape[0]
    fig, axes = plt.subplots(
        1, k + 2, figsize=(2.6 * (k + 2) + 1.0, 3.0), width_ratios=[1.6] + [1] * k + [1.8]
    )
    axes[0].imshow(img, cmap="gray_r", vmin=-1, vmax=1)
    axes[0].set_title("picture", fontsize=FONT)
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
        fig.suptitle(title, fontsize=FONT + 1)
    fig.tight_layout()
    return fig


# -- notebook 09: augmentation -----------------------------------------------------------------
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

    images: (R, C, H, W). row_titles: R labels left of the rows; col_titles: C labels above
    the top row. vmin, vmax: one colour range for all pictures (default: their overall range),
    so that brightness means the same in every cell.
    """
    arr = as_float_array(images, image_grid, "images", ndim=4, allow_inf=False)
    r, c = arr.shape[:2]
    for name, titles, n in (("row_titles", row_titles, r), ("col_titles", col_titles, c)):
        if titles is not None and len(titles) != n:
            raise ValueError(f"{name_of(image_grid)}: {name} needs {n} labels; got {len(titles)}")
    lo = float(arr.min()) if vmin is None else vmin
    hi = float(arr.max()) if vmax is None else vmax
    fig, axes = plt.subplots(r, c, figsize=(1.6 * c + 1.2, 1.6 * r + 0.6), squeeze=False)
    for (i, j), ax in np.ndenumerate(axes):
        ax.imshow(arr[i, j], cmap=cmap, vmin=lo, vmax=hi, interpolation="nearest")
        ax.set_xticks([])
        ax.set_yticks([])
        if i == 0 and col_titles is not None:
            ax.set_title(col_titles[j], fontsize=FONT - 1)
        if j == 0 and row_titles is not None:
            ax.set_ylabel(row_titles[i], fontsize=FONT - 1, rotation=0, ha="right", va="center")
    if suptitle:
        fig.suptitle(suptitle, fontsize=FONT + 1)
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
    flip left-right, rotate by ``degrees``, scale by ``factor``, shift by (dy, dx) pixels,
    add Gaussian noise of standard deviation ``noise`` (seeded, so a setting always looks
    the same).

    images: (K, H, W); default slide deck 003's X and an O (9x9, ±1).
    """
    from . import augment, data

    if images is None:
        images = np.stack([data.xo_image("x"), data.xo_image("o")])
    arr = as_float_array(images, augmentation_preview, "images", ndim=3, allow_inf=False)
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


# -- notebook 08: backprop through convolution and pooling -------------------------------------
def grid_row(
    panels: dict[str, npt.ArrayLike],
    *,
    decimals: int = 2,
    vmin: float | None = None,
    vmax: float | None = None,
    suptitle: str | None = None,
) -> Figure:
    """Several 2-D arrays of any sizes side by side, each drawn with ``grid`` under its title.

    panels: {title: (H, W) array}, drawn left to right in order. One colour scale for all,
    symmetric around 0 (default: ± the largest |value|), so equal numbers look alike.
    A panel of whole numbers prints them as such; any other panel is rounded to ``decimals``.
    """
    if not isinstance(panels, dict) or not panels:
        raise ValueError("grid_row: panels must be a non-empty dict {title: 2-D array}")
    arrays = {
        title: as_float_array(v, grid_row, f"panels[{title!r}]", ndim=2, allow_inf=False)
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
        grid(arr, title=title, decimals=places, rounding="round", vmin=lo, vmax=hi, ax=ax)
    if suptitle:
        fig.suptitle(suptitle, fontsize=FONT + 1)
    fig.tight_layout()
    return fig


def learning_curves(
    history: object,
    *,
    metrics: Sequence[str] = ("loss", "accuracy"),
    val_label: str = "held out",
    title: str | None = None,
) -> Figure:
    """One panel per metric: its value after each epoch, training and (if present) validation.

    history: what ``Sequential.fit`` returns (or its ``.history`` dict), holding one list per
    name in ``metrics`` and optionally "val_<name>". Epochs are counted from 1.
    """
    from matplotlib.ticker import MaxNLocator

    logs = getattr(history, "history", history)
    if not isinstance(logs, dict):
        raise TypeError(
            f"{name_of(learning_curves)}: history must be a History or a dict; got {type(history).__name__}"
        )
    missing = [m for m in metrics if m not in logs]
    if missing:
        raise ValueError(
            f"{name_of(learning_curves)}: history has no {missing}; it has {sorted(logs)}"
        )
    fig, axes = plt.subplots(1, len(metrics), figsize=(5.5 * len(metrics), 3.8), squeeze=False)
    for ax, name in zip(axes[0], metrics, strict=True):
        epochs = np.arange(1, len(logs[name]) + 1)
        ax.plot(epochs, logs[name], "o-", color=POSITIVE, label="training", ms=4)
        if f"val_{name}" in logs:
            ax.plot(epochs, logs[f"val_{name}"], "s--", color=NEGATIVE, label=val_label, ms=4)
        ax.set_xlabel("epoch", fontsize=FONT)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylabel(name, fontsize=FONT)
        ax.tick_params(labelsize=FONT - 2)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=FONT - 2)
    if title:
        fig.suptitle(title, fontsize=FONT + 1)
    fig.tight_layout()
    return fig
