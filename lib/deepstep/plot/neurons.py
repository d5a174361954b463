"""Neurons and the perceptron: network diagrams, decision lines and regions,
activations."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import matplotlib.pyplot as plt
import numpy as np
import numpy.typing as npt
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from .. import delta_rule, perceptron
from .._checks import (
    as_finite_scalar,
    as_float_array,
    boundary,
    function,
    instance_of,
    known_name,
    name_of,
    positive_int,
    sequence,
    text,
)
from ..data import GATES, logic_gate
from ..nn import activations
from .style import FONT, NEGATIVE, POSITIVE, axes_or_new, finish


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
    weights = sequence(weights, network_diagram, "weights", non_empty=False)
    mats = [
        as_float_array(w, network_diagram, f"weights[{i}]", ndim=2)
        for i, w in enumerate(weights)
    ]
    if not mats:
        raise ValueError(
            f"{name_of(network_diagram)}: weights must hold at least one (n_out, "
            "n_in) matrix"
        )
    sizes = [mats[0].shape[1]] + [m.shape[0] for m in mats]
    for i in range(1, len(mats)):
        n_out, n_in = mats[i].shape[0], mats[i - 1].shape[0]
        if mats[i].shape[1] != n_in:
            raise ValueError(
                f"{name_of(network_diagram)}: weights[{i}] has shape {mats[i].shape} "
                f"but layer {i} has {n_in} neurons; expected ({n_out}, {n_in})"
            )
    cols = len(sizes)
    title = text(title, network_diagram, "title", optional=True)
    if values is not None:
        values = sequence(values, network_diagram, "values")
        if len(values) != cols:
            raise ValueError(
                f"{name_of(network_diagram)}: values must have {cols} vectors, one "
                f"per column; got {len(values)}"
            )
        values = [
            as_float_array(v, network_diagram, f"values[{i}]", ndim=1)
            for i, v in enumerate(values)
        ]
        for i, (v, n) in enumerate(zip(values, sizes, strict=True)):
            if v.shape != (n,):
                raise ValueError(
                    f"{name_of(network_diagram)}: values[{i}] must have shape ({n},); "
                    f"got {v.shape}"
                )
    if names is not None:
        names = [
            sequence(nm, network_diagram, "names[i]")
            for nm in sequence(names, network_diagram, "names")
        ]
        if len(names) != cols or any(
            len(nm) != n for nm, n in zip(names, sizes, strict=False)
        ):
            raise ValueError(
                f"{name_of(network_diagram)}: names must give {sizes} labels per "
                f"column; got {[len(nm) for nm in names]}"
            )

    fig, ax = axes_or_new(ax, (3.2 * cols + 1, 1.6 * max(sizes) + 1.5))
    ymax = max(sizes) - 1
    pos = [
        [(3.0 * c, ymax / 2 - (j - (n - 1) / 2)) for j in range(n)]
        for c, n in enumerate(sizes)
    ]
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
                    bbox=dict(
                        boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.9
                    ),
                )
    for c, column in enumerate(pos):
        for j, (x, y) in enumerate(column):
            ax.add_patch(
                plt.Circle((x, y), 0.42, fc="#f4f4f4", ec="black", lw=1.5, zorder=2)
            )
            label = names[c][j] if names is not None else ""
            if values is not None:
                label = (
                    f"{label}\n{values[c][j]:.2f}" if label else f"{values[c][j]:.2f}"
                )
            ax.text(x, y, label, ha="center", va="center", zorder=4)
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
    """A step unit's decision line w1·x1 + w2·x2 + b = 0 over a logic gate's four
    points.

    The side where w·x + b > 0 (output 1) is shaded blue; misclassified points are
    ringed, and the title counts them.
    """
    w1, w2, b = (
        as_finite_scalar(v, decision_line, n)
        for v, n in ((w1, "w1"), (w2, "w2"), (b, "b"))
    )
    gate = known_name(gate, GATES, decision_line, "gate", "gate")
    X, y = logic_gate(gate)
    wrong = perceptron.misclassified(X, y, [w1, w2], b)
    fig, ax = axes_or_new(ax, (5.5, 5))
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
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    ax.set_title(
        f"{gate.upper()}: w=({w1:g}, {w2:g}), b={b:g} — {int(wrong.sum())} of 4 wrong",
    )
    ax.legend(loc="upper left", fontsize=FONT - 3, framealpha=0.9)
    return fig


@boundary
def draw_decision_line(
    w1: float = 1.0, w2: float = 1.0, b: float = -1.5, gate: str = "and"
) -> None:
    """Widget callback for ``interact``: draw ``decision_line`` and show it."""
    decision_line(w1, w2, b, gate)
    plt.show()


def perceptron_epochs(
    result: perceptron.TrainingResult, gate: str, *, max_panels: int = 6
) -> Figure:
    """The decision line after each epoch of a ``perceptron.train`` run, one panel per
    epoch.

    Shows at most ``max_panels`` panels: the first ones, and the last epoch in the last
    panel.
    """
    instance_of(result, perceptron.TrainingResult, perceptron_epochs, "result")
    gate = known_name(gate, GATES, perceptron_epochs, "gate", "gate")
    max_panels = positive_int(max_panels, perceptron_epochs, "max_panels")
    n = len(result.mistakes)
    epochs = list(range(1, n + 1))
    if n > max_panels:
        epochs = epochs[: max_panels - 1] + [n]
    # At most three panels a row: six in one row would be shrunk to unreadable on a
    # slide.
    ncols = 2 if len(epochs) == 4 else min(3, len(epochs))
    nrows = -(-len(epochs) // ncols)
    fig, axes = plt.subplots(
        nrows,
        ncols,
        figsize=(4.0 * ncols, 4.7 * nrows + 0.9),
        squeeze=False,
        layout="constrained",
    )
    for k, ax in enumerate(axes.flat):
        if k >= len(epochs):
            # the last row's empty cells: fig.axes holds one panel per epoch
            ax.remove()
            continue
        e = epochs[k]
        w = result.weight_history[e]
        decision_line(w[0], w[1], result.bias_history[e], gate, ax=ax)
        wrong = int(
            perceptron.misclassified(*logic_gate(gate), w, result.bias_history[e]).sum()
        )
        ax.set_title(
            f"after epoch {e}: {result.mistakes[e - 1]} update(s)\n{wrong} still wrong",
            fontsize=FONT - 1,
        )
        if k == 0:
            handles, labels = ax.get_legend_handles_labels()
        ax.legend().remove()
        if k % ncols:  # axis labels on the outer panels only
            ax.set_ylabel("")
        if k < len(epochs) - ncols:
            ax.set_xlabel("")
    fig.legend(
        handles, labels, loc="outside lower center", ncols=len(labels), frameon=False
    )
    fig.suptitle(
        "Decision line after each epoch (orange rings: points it still gets wrong)"
    )
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
    """Shade where ``predict`` says 1 (or > 0.5) over a 2-D input space, with the points
    on top.

    predict: maps (n, 2) to (n,) or (n, 1). X: (n_samples, 2); y: (n_samples,) of 0/1.
    """
    function(predict, decision_regions, "predict")
    resolution = positive_int(resolution, decision_regions, "resolution")
    title = text(title, decision_regions, "title", optional=True)
    X = as_float_array(X, decision_regions, "X", ndim=2, allow_inf=False)
    y = as_float_array(y, decision_regions, "y", ndim=1)
    if X.shape[1] != 2 or len(y) != len(X):
        raise ValueError(
            f"{name_of(decision_regions)}: X must be (n, 2) and y (n,); got X "
            f"{X.shape}, y {y.shape}"
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
            f"{name_of(decision_regions)}: predict must return one value per row; got "
            f"{out.shape} for {grid.shape[0]} rows"
        )
    fig, ax = axes_or_new(ax, (5.5, 5))
    cs = ax.contourf(
        gx,
        gy,
        out.reshape(gx.shape),
        levels=np.linspace(0, 1, 21),
        cmap="RdBu",
        alpha=0.55,
        extend="both",
    )
    ax.contour(
        gx, gy, out.reshape(gx.shape), levels=[0.5], colors="black", linewidths=2
    )
    fig.colorbar(cs, ax=ax, label="output")
    _scatter_classes(ax, X, y)
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    if title:
        ax.set_title(title)
    return fig


@boundary
def activation_gallery(
    names: Sequence[str] = (
        "step",
        "linear",
        "ramp",
        "sigmoid",
        "tanh",
        "relu",
        "gaussian",
    ),
    *,
    lim: float = 4.0,
) -> Figure:
    """Each activation (solid) with its derivative (dashed) on [-lim, lim], one panel
    each."""
    names = sequence(names, activation_gallery, "names")
    lim = as_finite_scalar(lim, activation_gallery, "lim", positive=True)
    found = [activations.get(n) for n in names]
    if any(a.name == "softmax" for a in found):
        raise ValueError(
            f"{name_of(activation_gallery)}: softmax acts on whole vectors and has no "
            "1-D curve"
        )
    v = np.linspace(-lim, lim, 801)
    cols = min(4, len(found))
    rows = -(-len(found) // cols)
    fig, axes = plt.subplots(
        rows, cols, figsize=(3.6 * cols, 3.0 * rows), squeeze=False
    )
    for ax, act in zip(axes.flat, found, strict=False):
        ax.axhline(0, color="grey", lw=0.6)
        ax.axvline(0, color="grey", lw=0.6)
        ax.plot(v, act.function(v), color=POSITIVE, lw=2.5, label="f(v)")
        ax.plot(v, act.derivative(v), color="darkorange", lw=2, ls="--", label="f'(v)")
        ax.set_title(act.name, fontsize=FONT + 1)
        ax.set_ylim(-1.3, 1.6)
    for ax in axes.flat[len(found) :]:
        ax.axis("off")
    axes.flat[0].legend(loc="upper left")
    fig.tight_layout()
    return fig


def _hidden_panel(ax: Axes, snaps: delta_rule.XorSnapshots, epoch: int) -> float:
    """Hidden space at ``epoch``: the input grid bent by the hidden layer, the output's
    shading and its line output = 0.5, the four points. Returns the output line's
    margin."""
    i = snaps.index(epoch)
    g = np.linspace(0, 1, 120)
    h1, h2 = np.meshgrid(g, g)
    hh = np.column_stack([h1.ravel(), h2.ravel()])
    z = hh @ snaps.output_kernels[i] + snaps.output_biases[i]
    out = activations.sigmoid(z).reshape(h1.shape)
    ax.contourf(
        h1,
        h2,
        out,
        levels=np.linspace(0, 1, 21),
        cmap="RdBu",
        alpha=0.55,
        extend="both",
    )
    ax.contour(h1, h2, out, levels=[0.5], colors="black", linewidths=2)
    t = np.linspace(-0.5, 1.5, 60)
    for c in np.linspace(-0.5, 1.5, 9):  # lines x1 = c and x2 = c of the input plane
        for line in (
            np.column_stack([np.full_like(t, c), t]),
            np.column_stack([t, np.full_like(t, c)]),
        ):
            bent = snaps.hidden(epoch, line)
            ax.plot(bent[:, 0], bent[:, 1], color="grey", lw=0.7, alpha=0.8)
    _scatter_classes(ax, snaps.hidden(epoch), snaps.y)
    ax.set(xlim=(-0.02, 1.02), ylim=(-0.02, 1.02), aspect="equal")
    ax.set_xlabel("hidden unit h1")
    ax.set_ylabel("hidden unit h2")
    margin = snaps.margin(epoch)
    verdict = (
        f"one line separates them: margin {margin:.3f}"
        if margin > 0
        else f"not separated: margin {margin:.3f}"
    )
    ax.set_title(f"hidden space, epoch {epoch}\n{verdict}")
    return margin


@boundary
def xor_hidden_figure(
    snapshots: delta_rule.XorSnapshots, epochs: Sequence[int]
) -> Figure:
    """The XOR network at each of ``epochs``: input space above, hidden space below.

    Input space: the output shaded over the plane (black: output = 0.5, the decision
    boundary) with the four examples. Hidden space: the same plane as the hidden layer
    maps it (grey: the lines x1 = c and x2 = c, bent), the four examples where the
    hidden layer puts them, and the output unit's line, titled with its
    ``XorSnapshots.margin``. One epoch: the two panels side by side (the widget's
    figure).
    """
    instance_of(snapshots, delta_rule.XorSnapshots, xor_hidden_figure, "snapshots")
    chosen = sequence(epochs, xor_hidden_figure, "epochs")
    for e in chosen:
        snapshots.index(e)  # every epoch must be recorded, before a figure opens
    k = len(chosen)
    if k == 1:
        fig, axes = plt.subplots(1, 2, figsize=(11, 5), squeeze=False)
        pairs = [(axes[0, 0], axes[0, 1])]
    else:
        fig, axes = plt.subplots(2, k, figsize=(5.2 * k, 9.6), squeeze=False)
        pairs = [(axes[0, j], axes[1, j]) for j in range(k)]
    margins = []
    for e, (top, bottom) in zip(chosen, pairs, strict=True):
        decision_regions(
            lambda p, e=e: snapshots.output(e, p),
            snapshots.X,
            snapshots.y,
            resolution=120,
            ax=top,
        )
        loss = "initial weights" if e == 0 else f"loss {snapshots.losses[e - 1]:.3f}"
        top.set_title(f"input space, epoch {e}\n{loss}")
        margins.append(_hidden_panel(bottom, snapshots, e))
    pairs[0][0].legend(loc="upper left")
    said = "; ".join(
        f"epoch {e}: margin {m:.3f} ({'separable' if m > 0 else 'not separated'})"
        for e, m in zip(chosen, margins, strict=True)
    )
    alt = (
        "The XOR network (2 sigmoid hidden units, 1 output): for each epoch, the "
        "output's decision regions over the input plane, and the hidden space with "
        "the input plane's grid bent by the hidden layer, the four examples mapped "
        "into it and the output unit's line; the margin is the smallest signed "
        f"distance of the examples from that line. {said}."
    )
    return finish(fig, None, alt=alt)


@boundary
def draw_xor_hidden(epoch: int, snapshots: delta_rule.XorSnapshots) -> None:
    """Widget callback for ``interact``: draw ``xor_hidden_figure`` for one epoch and
    show it."""
    xor_hidden_figure(snapshots, [epoch])
    plt.show()
