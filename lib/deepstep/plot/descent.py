"""Gradient descent drawn: learning-rate regimes, descent paths on contours, loss
curves, the optimizers' race over a two-parameter surface, and momentum at its stability
edge (notebooks 03 and 05)."""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import numpy.typing as npt
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from .. import descent
from .._checks import (
    as_finite_scalar,
    as_float_array,
    boundary,
    instance_of,
    mapping,
    name_of,
    positive_int,
    sequence,
)
from .style import COLORS, FONT, finish


@boundary
def learning_rate_figure(
    learning_rates: Sequence[float], steps: int = 20, start: float = -1.0
) -> Figure:
    """Gradient descent on L(w) = (w - 3)² for each learning rate, plus their loss
    curves.

    One panel per learning rate shows the parabola and the path w_0 … w_steps on it,
    titled with the factor 1 - 2η and the descent.regime; the next panel plots loss
    against step on a log scale, one line per rate. More than two panels wrap onto two
    rows.
    """

    rates = as_float_array(
        learning_rates, learning_rate_figure, "learning_rates", allow_inf=False
    )
    if rates.ndim != 1 or rates.size == 0:
        raise ValueError(
            f"{name_of(learning_rate_figure)}: learning_rates must be a non-empty "
            f"list; got {learning_rates!r}"
        )
    learning_rates = [float(r) for r in rates]
    steps = positive_int(steps, learning_rate_figure, "steps")
    bowl = descent.Quadratic(1.0, 3.0)
    start = as_finite_scalar(start, learning_rate_figure, "start")
    # Every path first: a bad learning rate or step count fails before a figure is
    # opened.
    paths = [
        descent.gradient_descent(bowl.gradient, start, lr, steps)[:, 0]
        for lr in learning_rates
    ]
    fig, panels, curves = _panels_then_curves(len(learning_rates), (5.4, 4.2))
    for ax, lr, path in zip(panels, learning_rates, paths, strict=True):
        losses = bowl(path[:, None])
        shown = path[np.isfinite(path)]
        lo, hi = max(min(shown.min(), -2.0), -30.0), min(max(shown.max(), 8.0), 36.0)
        w = np.linspace(lo, hi, 400)
        ax.plot(w, bowl(w[:, None]), color="grey", lw=2)
        ax.plot(path, losses, "o-", color="darkorange", ms=5, lw=1.2)
        ax.plot(path[0], losses[0], "s", color="black", ms=8, label="start")
        ax.set(xlim=(lo, hi), ylim=(-0.05 * bowl(lo), 1.05 * max(bowl(lo), bowl(hi))))
        ax.set_xlabel("w")
        ax.set_ylabel("L(w) = (w − 3)²")
        factor = 1 - 2 * lr
        ax.set_title(
            f"η = {lr:g}: {descent.regime(losses, factor)}\nfactor 1 − 2η = "
            f"{factor:.2f}"
        )
        curves.plot(
            np.maximum(losses, descent.LOG_FLOOR),
            "o-",
            ms=3,
            lw=1.5,
            label=f"η = {lr:g}",
        )
    panels[0].legend(loc="upper center")
    last = curves
    last.set_yscale("log")
    last.set_xlabel("step")
    last.set_ylabel("loss (log scale)")
    last.set_title("loss after each step")
    last.legend()
    fig.tight_layout()
    return fig


@boundary
def draw_learning_rate(learning_rate: float = 0.3, steps: int = 20) -> None:
    """Widget callback for ``interact``: draw ``learning_rate_figure([learning_rate],
    steps)``."""
    learning_rate = as_finite_scalar(learning_rate, draw_learning_rate, "learning_rate")
    learning_rate_figure([learning_rate], steps)
    plt.show()


def contour_paths(
    bowl: descent.Quadratic,
    paths: Mapping[str, npt.ArrayLike],
    *,
    ax: Axes | None = None,
) -> Figure:
    """Contours of a 2-D ``bowl`` with each descent path drawn on top.

    paths: label -> (steps + 1, 2). The view covers every finite point and the minimum,
    with equal scales on both axes so an elongated bowl looks elongated.
    """

    instance_of(bowl, descent.Quadratic, contour_paths, "bowl")
    paths = mapping(paths, contour_paths, "paths")
    if bowl.dim != 2:
        raise ValueError(
            f"{name_of(contour_paths)}: bowl must be 2-D; got a {bowl.dim}-D bowl"
        )
    arrays = {}
    for label, p in paths.items():
        arr = as_float_array(
            p, contour_paths, f"paths[{label!r}]", ndim=2, allow_nan=True
        )
        if arr.shape[1] != 2:
            raise ValueError(
                f"{name_of(contour_paths)}: paths[{label!r}] must have shape (steps + "
                f"1, 2); got {arr.shape}"
            )
        arrays[label] = arr
    points = np.vstack([bowl.center[None], *arrays.values()])
    points = points[np.isfinite(points).all(axis=1)]
    pad = 0.15 * (points.max(axis=0) - points.min(axis=0)) + 0.5
    lo, hi = points.min(axis=0) - pad, points.max(axis=0) + pad
    g1, g2 = np.meshgrid(np.linspace(lo[0], hi[0], 300), np.linspace(lo[1], hi[1], 300))
    if ax is None:
        fig, ax = plt.subplots(figsize=(9, 9 * (hi[1] - lo[1]) / (hi[0] - lo[0]) + 1.2))
    else:
        fig = ax.figure
    levels = np.quantile(
        bowl(np.stack([g1, g2], axis=-1)), np.linspace(0.01, 0.95, 12) ** 2
    )
    ax.contour(g1, g2, bowl(np.stack([g1, g2], axis=-1)), levels=levels, cmap="Blues_r")
    for label, arr in arrays.items():
        ax.plot(arr[:, 0], arr[:, 1], "o-", ms=4, lw=1.5, label=label)
    ax.plot(*bowl.center, "*", color="black", ms=16, label="minimum")
    ax.set(xlim=(lo[0], hi[0]), ylim=(lo[1], hi[1]), aspect="equal")
    ax.set_xlabel("w₁")
    ax.set_ylabel("w₂")
    ax.legend(loc="upper right", framealpha=0.9)
    return fig


def loss_curves(
    runs: Mapping[str, descent.RegressionRun], *, minimum: float | None = None
) -> Figure:
    """Whole-data loss of each run, against epochs (left) and against updates (right).

    runs: label -> descent.RegressionRun. minimum: if given, the lowest loss possible
    (the least squares fit), drawn as a dashed line. Both loss axes are logarithmic.
    """

    runs = mapping(runs, loss_curves, "runs")
    if minimum is not None:
        minimum = as_finite_scalar(minimum, loss_curves, "minimum", positive=True)
    fig, (by_epoch, by_update) = plt.subplots(1, 2, figsize=(12, 4.8))
    for label, run in runs.items():
        if not isinstance(run, descent.RegressionRun):
            raise TypeError(
                f"{name_of(loss_curves)}: runs[{label!r}] must be a RegressionRun; "
                f"got {type(run).__name__}"
            )
        (line,) = by_epoch.plot(run.epochs, run.losses, lw=1.5, label=label)
        by_update.plot(
            np.arange(1, run.updates + 1),
            run.losses[1:],
            lw=1.5,
            color=line.get_color(),
        )
    for ax, xlabel, title in (
        (by_epoch, "epochs (passes over the data)", "per epoch: same data seen"),
        (
            by_update,
            "parameter updates (log scale)",
            "per update: same number of steps",
        ),
    ):
        if minimum is not None:
            ax.axhline(
                minimum, color="black", ls="--", lw=1, label="least-squares minimum"
            )
        ax.set_yscale("log")
        ax.set_xlabel(xlabel)
        ax.set_ylabel("mean squared error (all data)")
        ax.set_title(title)
    by_update.set_xscale("log")
    by_epoch.legend()
    fig.tight_layout()
    return fig


def _check_paths(
    paths: Mapping[str, npt.ArrayLike], func: str
) -> dict[str, np.ndarray]:
    paths = mapping(paths, func, "paths")
    out = {}
    for name, path in paths.items():
        arr = as_float_array(path, func, f"paths[{name!r}]", ndim=2, allow_inf=False)
        if arr.shape[1] != 2 or len(arr) == 0:
            raise ValueError(
                f"{name_of(func)}: paths[{name!r}] must have shape (steps + 1, 2); "
                f"got {arr.shape}"
            )
        out[name] = arr
    return out


def _check_step(step: int | None, n: int, func: str) -> int:
    if step is None:
        return n - 1
    if (
        isinstance(step, bool)
        or not isinstance(step, int | np.integer)
        or not 0 <= step < n
    ):
        raise ValueError(
            f"{name_of(func)}: step must be an int in [0, {n - 1}]; got {step!r}"
        )
    return int(step)


def trajectories(
    surface: descent.Surface,
    paths: Mapping[str, npt.ArrayLike],
    step: int | None = None,
    *,
    legend: bool = True,
    ax: Axes | None = None,
) -> Figure:
    """Contours of the surface (log-spaced levels) with each path drawn up to ``step``.

    paths: name -> (steps + 1, 2) array, e.g. from ``trajectory``; step None draws them
    whole. A black square marks the start, a dot each optimizer's position at ``step``,
    a star the minimum. legend=True puts the legend outside the axes, on the right.
    """
    instance_of(surface, descent.Surface, "trajectories", "surface")
    paths = _check_paths(paths, "trajectories")
    step = _check_step(step, max(len(p) for p in paths.values()), "trajectories")
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 5.5))
    X, Y, Z = surface.grid()
    gap = Z - surface.min_value
    positive = gap[gap > 0]
    # Log spacing gives as many lines to the nearly flat floor as to the steep walls.
    levels = np.geomspace(
        max(positive.min(), positive.max() * 1e-6), positive.max(), 20
    )
    ax.contour(X, Y, gap, levels=levels, cmap="Greys_r", linewidths=0.8, alpha=0.7)
    ax.plot(
        *surface.minimum,
        "*",
        ms=22,
        color="gold",
        mec="black",
        zorder=5,
        label="minimum",
    )
    for i, (name, path) in enumerate(paths.items()):
        color = COLORS[i % len(COLORS)]
        upto = path[: step + 1]
        ax.plot(upto[:, 0], upto[:, 1], "-", color=color, lw=2.2, label=name)
        ax.plot(*upto[-1], "o", color=color, ms=9, mec="black", zorder=4)
    for first in {tuple(p[0]) for p in paths.values()}:
        ax.plot(*first, "s", color="black", ms=9, zorder=6)
    ax.set(xlim=surface.xlim, ylim=surface.ylim)
    ax.set_xlabel("parameter x")
    ax.set_ylabel("parameter y")
    ax.set_title(f"L = {surface.formula}, after {step} steps", fontsize=FONT + 1)
    if legend:
        ax.legend(fontsize=FONT - 1, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return ax.figure


def surface_losses(
    surface: descent.Surface,
    paths: Mapping[str, npt.ArrayLike],
    step: int | None = None,
    *,
    legend: bool = True,
    ax: Axes | None = None,
) -> Figure:
    """L - L_min along each path against the step number, on a log axis.

    A dashed line marks ``step`` (None: no line). Values below 1e-12 are drawn at 1e-12,
    because an exact 0 has no place on a log axis.
    """
    instance_of(surface, descent.Surface, "surface_losses", "surface")
    paths = _check_paths(paths, "surface_losses")
    n = max(len(p) for p in paths.values())
    marked = step is not None
    step = _check_step(step, n, "surface_losses")
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 5))
    for i, (name, path) in enumerate(paths.items()):
        gap = np.maximum(surface(path) - surface.min_value, 1e-12)
        ax.semilogy(
            np.arange(len(path)), gap, color=COLORS[i % len(COLORS)], lw=2.2, label=name
        )
    if marked:
        ax.axvline(step, color="black", lw=1.2, ls="--")
    ax.set_xlabel("step")
    ax.set_ylabel("loss above the minimum")
    ax.set_title("loss against step (log scale)", fontsize=FONT + 1)
    ax.grid(True, which="major", alpha=0.3)
    if legend:
        ax.legend(fontsize=FONT - 1, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return ax.figure


@boundary
def comparison(
    surface: descent.Surface,
    paths: Mapping[str, npt.ArrayLike],
    step: int | None = None,
) -> Figure:
    """The race side by side: ``trajectories`` (left), ``surface_losses`` (right), one
    legend."""
    fig, (left, right) = plt.subplots(
        1, 2, figsize=(15, 6), gridspec_kw={"width_ratios": [1.5, 1]}
    )
    trajectories(surface, paths, step, legend=False, ax=left)
    surface_losses(surface, paths, step, legend=False, ax=right)
    handles, labels = left.get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=len(labels), fontsize=FONT - 1)
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    return fig


@boundary
def draw_comparison(
    step: int, surface: descent.Surface, paths: Mapping[str, npt.ArrayLike]
) -> None:
    """Widget callback for ``interact``: draw ``comparison`` up to ``step`` and show
    it."""
    comparison(surface, paths, step)
    plt.show()
    # Under `jupyter nbconvert --execute`, nbclient's stand-in for the Output widget
    # sends this figure back to the kernel on the socket where it awaits the cell's
    # reply; when a figure this large and the reply cross, execution can stall until the
    # cell timeout (jupyter/nbclient#312; about 1 run in 4 here). A short pause lets the
    # figure go first. In JupyterLab it only delays a redraw that already takes a few
    # tenths of a second.
    time.sleep(0.05)


def _momentum_settings(settings: object, func: str) -> list[tuple[float, float]]:
    items = sequence(settings, func, "settings")
    out = []
    for i, item in enumerate(items):
        pair = as_float_array(item, func, f"settings[{i}]", ndim=1, allow_inf=False)
        if pair.shape != (2,):
            raise ValueError(
                f"{name_of(func)}: settings[{i}] must be a pair (learning_rate, "
                f"momentum); got {item!r}"
            )
        out.append((float(pair[0]), float(pair[1])))
    return out


@boundary
def momentum_figure(
    surface: descent.Surface, settings: Sequence[tuple[float, float]], steps: int = 150
) -> Figure:
    """SGD with momentum on ``surface`` for each (learning_rate, momentum) in
    ``settings``.

    One panel per setting: the contours, the path of ``descent.heavy_ball`` (clipped to
    the surface's window, so a diverging run is seen leaving it), titled with the rate γ
    as a fraction of its stability edge 2(1 + μ)/λmax and the run's verdict (diverges /
    overshoots by d / converges). The last panel plots each run's loss against the step
    on a log scale. More than two panels wrap onto two rows.
    """
    instance_of(surface, descent.Surface, momentum_figure, "surface")
    pairs = _momentum_settings(settings, "momentum_figure")
    steps = positive_int(steps, momentum_figure, "steps")
    runs = [descent.heavy_ball(surface, lr, mu, steps) for lr, mu in pairs]
    fig, panels, curves = _panels_then_curves(len(runs), (6.6, 4.4))
    X, Y, Z = surface.grid()
    gap = Z - surface.min_value
    positive = gap[gap > 0]
    levels = np.geomspace(
        max(positive.min(), positive.max() * 1e-6), positive.max(), 16
    )
    for i, (ax, run) in enumerate(zip(panels, runs, strict=True)):
        color = COLORS[i % len(COLORS)]
        ax.contour(X, Y, gap, levels=levels, cmap="Greys_r", linewidths=0.8, alpha=0.7)
        ax.plot(run.path[:, 0], run.path[:, 1], "o-", color=color, ms=3, lw=1.6)
        ax.plot(*run.path[0], "s", color="black", ms=9, zorder=6, label="start")
        ax.plot(
            *surface.minimum,
            "*",
            ms=20,
            color="gold",
            mec="black",
            zorder=5,
            label="minimum",
        )
        ax.set(xlim=surface.xlim, ylim=surface.ylim)
        ax.set_xlabel("parameter x")
        ax.set_ylabel("parameter y")
        ax.set_title(
            f"γ = {run.learning_rate:.3g} ({run.learning_rate / run.edge:.2f} × edge "
            f"{run.edge:.3g}), μ = {run.momentum:g}\n{run.verdict}"
        )
        label = f"γ = {run.learning_rate:.3g}, μ = {run.momentum:g}"
        shown = np.maximum(run.losses - surface.min_value, descent.LOG_FLOOR)
        curves.semilogy(np.arange(len(shown)), shown, color=color, lw=2.2, label=label)
    panels[0].legend(loc="lower left", fontsize=FONT - 1)
    curves.set_xlim(0, steps)
    curves.set_xlabel("step")
    curves.set_ylabel("loss above the minimum")
    curves.set_title("loss against step (log scale)")
    curves.grid(True, which="major", alpha=0.3)
    curves.legend(fontsize=FONT - 1)
    lam = 2 / runs[0].edge * (1 + runs[0].momentum)
    verdicts = "; ".join(
        f"γ = {r.learning_rate:.3g} with momentum {r.momentum:g} {r.verdict}"
        for r in runs
    )
    alt = (
        f"SGD with momentum on L = {surface.formula}, whose steepest curvature is "
        f"λmax = {lam:g}, so plain SGD is stable below 2/λmax = {2 / lam:.3g}: "
        f"{verdicts}. The last panel shows each run's loss against the step on a log "
        "scale."
    )
    return finish(fig, None, alt=alt)


@boundary
def draw_momentum(
    learning_rate: float, momentum: float, surface: descent.Surface, steps: int = 150
) -> None:
    """Widget callback for ``interact``: draw ``momentum_figure`` for one setting and
    show it."""
    learning_rate = as_finite_scalar(learning_rate, draw_momentum, "learning_rate")
    momentum = as_finite_scalar(momentum, draw_momentum, "momentum")
    momentum_figure(surface, [(learning_rate, momentum)], steps)
    plt.show()
    time.sleep(0.05)  # as in draw_comparison: let the figure go before the cell's reply


def _panels_then_curves(k: int, panel_size: tuple[float, float]):
    """A figure of k path panels and one curves panel after them (notebooks 03 and 05).

    Two rows once there are more than two panels, so each stays large on a projected
    slide; spare axes are switched off. Returns (fig, the k panel axes, the curves
    axes).
    """
    cols = k + 1 if k + 1 <= 2 else math.ceil((k + 1) / 2)
    rows = math.ceil((k + 1) / cols)
    width, height = panel_size
    fig, axes = plt.subplots(
        rows, cols, figsize=(width * cols, height * rows), squeeze=False
    )
    for ax in axes.flat[k + 1 :]:
        ax.axis("off")
    return fig, axes.flat[:k], axes.flat[k]
