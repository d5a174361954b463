"""Two-parameter loss surfaces with exact gradients, for watching optimizers move.

    valley = surfaces.quadratic_valley()
    path = surfaces.trajectory(optimizers.Adam(0.1), valley, valley.start, steps=100)
    surfaces.comparison(valley, {"Adam": path})

A network's loss lives over millions of weights; these surfaces live over two, so a
whole optimization run fits on one contour plot. Each ``Surface`` takes points of
shape (..., 2) — one point (2,) or a whole grid (H, W, 2) at once — and knows where
its minimum is. ``trajectory`` drives any ``deepstep.nn.optimizers`` optimizer over one,
through the same ``apply_gradients`` call that trains a network.

The plotting functions import matplotlib when first called, so the surfaces and
``trajectory`` need NumPy only.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from ._checks import as_finite_scalar, as_float_array, name_of, require_shape
from .nn.optimizers import Optimizer

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

FONT = 13  # the same size as deepstep.plot.FONT, without importing matplotlib here
# One colour per optimizer, in the order the slides introduce them.
COLORS = ("#7f7f7f", "#1f77b4", "#17becf", "#2ca02c", "#ff7f0e", "#9467bd", "#d62728", "#8c564b")


@dataclass(frozen=True)
class Surface:
    """A loss L(x, y) over two parameters, with its exact gradient and known minimum.

    Call it on points of shape (..., 2) to get values of shape (...); ``gradient`` maps
    (..., 2) to (..., 2). ``minimum`` (2,) is where L is smallest, ``min_value`` the
    value there. ``start`` (2,) is a starting point that makes an instructive race,
    and ``xlim`` / ``ylim`` a window that shows both.
    """

    name: str
    formula: str
    minimum: np.ndarray
    min_value: float
    start: np.ndarray
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    _value: Callable[[np.ndarray, np.ndarray], np.ndarray] = field(repr=False)
    _gradient: Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]] = field(repr=False)

    def _points(self, p: npt.ArrayLike, func: str) -> np.ndarray:
        arr = as_float_array(p, f"{self.name}.{name_of(func)}", "p", allow_inf=False)
        if arr.ndim == 0 or arr.shape[-1] != 2:
            raise ValueError(
                f"{self.name}.{name_of(func)}: p must have shape (2,) or (..., 2), one (x, y) per point; "
                f"got shape {arr.shape}"
            )
        return arr

    def __call__(self, p: npt.ArrayLike) -> np.ndarray | float:
        """L at p: (2,) -> float, (..., 2) -> (...)."""
        arr = self._points(p, "value")
        out = self._value(arr[..., 0], arr[..., 1])
        return float(out) if arr.ndim == 1 else out

    value = __call__

    def gradient(self, p: npt.ArrayLike) -> np.ndarray:
        """(dL/dx, dL/dy) at p: (2,) -> (2,), (..., 2) -> (..., 2)."""
        arr = self._points(p, "gradient")
        gx, gy = self._gradient(arr[..., 0], arr[..., 1])
        return np.stack([gx, gy], axis=-1)

    def grid(self, resolution: int = 200) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """X, Y, Z, each (resolution, resolution), over xlim × ylim: ready for ``contour``."""
        if isinstance(resolution, bool) or not isinstance(resolution, int) or resolution < 2:
            raise ValueError(
                f"{self.name}.grid: resolution must be an int >= 2; got {resolution!r}"
            )
        X, Y = np.meshgrid(np.linspace(*self.xlim, resolution), np.linspace(*self.ylim, resolution))
        return X, Y, self._value(X, Y)


def quadratic_valley(
    condition: float = 50.0,
    angle: float = 0.0,
    center: npt.ArrayLike = (0.0, 0.0),
    start: npt.ArrayLike = (-4.5, 1.5),
) -> Surface:
    """L = ½·(u² + condition·v²): a valley whose floor (the u axis) runs through ``center``
    at ``angle`` degrees from the x axis; v measures the distance across it.

    The Hessian has eigenvalues 1 (along the floor, u) and ``condition`` (across it, v),
    so ``condition`` is its condition number: the larger, the narrower the valley
    and the harder for plain gradient descent, which is only stable for a learning rate
    below 2 / condition. Minimum L = 0 at ``center``.
    """
    condition = as_finite_scalar(condition, quadratic_valley, "condition", positive=True)
    if condition < 1:
        raise ValueError(f"{name_of(quadratic_valley)}: condition must be >= 1; got {condition}")
    angle = as_finite_scalar(angle, quadratic_valley, "angle")
    cx, cy = _start(center, "quadratic_valley", "center")
    c, s = np.cos(np.radians(angle)), np.sin(np.radians(angle))

    def value(x, y):
        u, v = c * (x - cx) + s * (y - cy), -s * (x - cx) + c * (y - cy)
        return 0.5 * (u * u + condition * v * v)

    def gradient(x, y):
        u, v = c * (x - cx) + s * (y - cy), -s * (x - cx) + c * (y - cy)
        # Chain rule back through the rotation: d/dx = c·d/du - s·d/dv, d/dy = s·d/du + c·d/dv.
        return c * u - s * condition * v, s * u + c * condition * v

    if angle:
        formula = f"½(u² + {condition:g}·v²), axes turned {angle:g}°"
    elif cx or cy:
        formula = f"½((x - {cx:g})² + {condition:g}·(y - {cy:g})²)"
    else:
        formula = f"½(x² + {condition:g}·y²)"
    return Surface(
        name="quadratic_valley",
        formula=formula,
        minimum=np.array([cx, cy]),
        min_value=0.0,
        start=_start(start, "quadratic_valley"),
        xlim=(-5.0, 5.0),
        ylim=(-2.5, 2.5),
        _value=value,
        _gradient=gradient,
    )


def rosenbrock(a: float = 1.0, b: float = 100.0, start: npt.ArrayLike = (-1.5, 2.0)) -> Surface:
    """L = (a - x)² + b·(y - x²)²: a curved, flat-bottomed banana valley.

    Minimum L = 0 at (a, a²). With the classic b = 100 the valley walls are 100 times
    steeper than its floor; a smaller b (say 10) makes a gentler valley that plain
    gradient descent can follow in a few hundred steps.
    """
    a = as_finite_scalar(a, rosenbrock, "a")
    b = as_finite_scalar(b, rosenbrock, "b", positive=True)

    def value(x, y):
        return (a - x) ** 2 + b * (y - x * x) ** 2

    def gradient(x, y):
        r = y - x * x
        return -2 * (a - x) - 4 * b * x * r, 2 * b * r

    return Surface(
        name="rosenbrock",
        formula=f"({a:g} - x)² + {b:g}(y - x²)²",
        minimum=np.array([a, a * a]),
        min_value=0.0,
        start=_start(start, "rosenbrock"),
        xlim=(min(-2.0, a - 3.0), max(2.0, a + 1.0)),
        ylim=(min(-1.0, a * a - 2.0), max(3.0, a * a + 2.0)),
        _value=value,
        _gradient=gradient,
    )


def beale(start: npt.ArrayLike = (1.0, 1.5)) -> Surface:
    """L = (1.5 - x + xy)² + (2.25 - x + xy²)² + (2.625 - x + xy³)².

    Minimum L = 0 at (3, 0.5), at the end of a long flat valley; steep walls elsewhere.
    """
    terms = (1.5, 2.25, 2.625)

    def value(x, y):
        return sum((t - x + x * y ** (k + 1)) ** 2 for k, t in enumerate(terms))

    def gradient(x, y):
        gx, gy = 0.0, 0.0
        for k, t in enumerate(terms):
            r = t - x + x * y ** (k + 1)
            gx = gx + 2 * r * (y ** (k + 1) - 1)
            gy = gy + 2 * r * (k + 1) * x * y**k
        return gx, gy

    return Surface(
        name="beale",
        formula="Σₖ (cₖ - x + x·yᵏ)², c = 1.5, 2.25, 2.625",
        minimum=np.array([3.0, 0.5]),
        min_value=0.0,
        start=_start(start, "beale"),
        xlim=(-4.5, 4.5),
        ylim=(-4.5, 4.5),
        _value=value,
        _gradient=gradient,
    )


def _start(point: npt.ArrayLike, func: str, name: str = "start") -> np.ndarray:
    arr = as_float_array(point, func, name, allow_inf=False).astype(np.float64)
    require_shape(arr, (2,), func, name)
    return arr


class DivergedError(FloatingPointError):
    """An optimizer left every sensible region: its step size is too large for the surface."""


def trajectory(
    optimizer: Optimizer,
    surface: Surface,
    start: npt.ArrayLike,
    steps: int,
    *,
    limit: float = 1e6,
) -> np.ndarray:
    """The points an optimizer visits: (steps + 1, 2), row 0 is ``start``, row t after t steps.

    Each step hands the exact gradient at the current point to ``optimizer.apply_gradients``,
    exactly as a network's training step does. ``optimizer`` must be fresh (no steps taken),
    because its momentum and step count would carry over from its previous run.
    Raises DivergedError (naming the optimizer and step) as soon as a coordinate leaves
    [-limit, limit] or stops being finite, instead of filling the path with inf and NaN.
    """
    if not isinstance(optimizer, Optimizer):
        raise TypeError(
            f"{name_of(trajectory)}: optimizer must be a deepstep.nn.optimizers optimizer such as SGD(); "
            f"got {type(optimizer).__name__}"
        )
    if optimizer.iterations != 0:
        raise ValueError(
            f"{name_of(trajectory)}: optimizer must be fresh, its state would carry over; "
            f"got one that has taken {optimizer.iterations} steps (create a new {optimizer.name})"
        )
    if not isinstance(surface, Surface):
        raise TypeError(
            f"{name_of(trajectory)}: surface must be a Surface such as quadratic_valley(); "
            f"got {type(surface).__name__}"
        )
    p = _start(start, "trajectory").copy()  # the optimizer updates p in place; start stays
    if isinstance(steps, bool) or not isinstance(steps, int | np.integer) or steps < 0:
        raise ValueError(f"{name_of(trajectory)}: steps must be an int >= 0; got {steps!r}")
    limit = as_finite_scalar(limit, trajectory, "limit", positive=True)
    if np.abs(p).max() > limit:
        raise ValueError(
            f"{name_of(trajectory)}: start {p} lies outside [-limit, limit] = ±{limit:g}"
        )
    path = np.empty((int(steps) + 1, 2))
    path[0] = p
    for t in range(1, int(steps) + 1):
        try:
            # Overflow inside an update becomes an exception here, not a RuntimeWarning.
            with np.errstate(over="raise", invalid="raise"):
                optimizer.apply_gradients([(surface.gradient(p), p)])
        except FloatingPointError:
            ok = False
        else:
            ok = bool(np.isfinite(p).all() and np.abs(p).max() <= limit)
        if not ok:
            raise DivergedError(
                f"{name_of(trajectory)}: {optimizer.name} diverged at step {t} of {steps} on "
                f"{surface.name} (a coordinate left ±{limit:g}); lower its learning_rate"
            )
        path[t] = p
    return path


def _check_paths(paths: Mapping[str, npt.ArrayLike], func: str) -> dict[str, np.ndarray]:
    if not isinstance(paths, Mapping) or not paths:
        raise ValueError(
            f"{name_of(func)}: paths must be a non-empty dict name -> (steps + 1, 2) array"
        )
    out = {}
    for name, path in paths.items():
        arr = as_float_array(path, func, f"paths[{name!r}]", ndim=2, allow_inf=False)
        if arr.shape[1] != 2 or len(arr) == 0:
            raise ValueError(
                f"{name_of(func)}: paths[{name!r}] must have shape (steps + 1, 2); got {arr.shape}"
            )
        out[name] = arr
    return out


def _check_step(step: int | None, n: int, func: str) -> int:
    if step is None:
        return n - 1
    if isinstance(step, bool) or not isinstance(step, int | np.integer) or not 0 <= step < n:
        raise ValueError(f"{name_of(func)}: step must be an int in [0, {n - 1}]; got {step!r}")
    return int(step)


def plot_trajectories(
    surface: Surface,
    paths: Mapping[str, npt.ArrayLike],
    step: int | None = None,
    *,
    legend: bool = True,
    ax: Axes | None = None,
) -> Figure:
    """Contours of the surface (log-spaced levels) with each path drawn up to ``step``.

    paths: name -> (steps + 1, 2) array, e.g. from ``trajectory``; step None draws them whole.
    A black square marks the start, a dot each optimizer's position at ``step``, a star the
    minimum. legend=True puts the legend outside the axes, on the right.
    """
    import matplotlib.pyplot as plt

    paths = _check_paths(paths, "plot_trajectories")
    step = _check_step(step, max(len(p) for p in paths.values()), "plot_trajectories")
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 5.5))
    X, Y, Z = surface.grid()
    gap = Z - surface.min_value
    positive = gap[gap > 0]
    # Log spacing gives as many lines to the nearly flat floor as to the steep walls.
    levels = np.geomspace(max(positive.min(), positive.max() * 1e-6), positive.max(), 20)
    ax.contour(X, Y, gap, levels=levels, cmap="Greys_r", linewidths=0.8, alpha=0.7)
    ax.plot(*surface.minimum, "*", ms=22, color="gold", mec="black", zorder=5, label="minimum")
    for i, (name, path) in enumerate(paths.items()):
        color = COLORS[i % len(COLORS)]
        upto = path[: step + 1]
        ax.plot(upto[:, 0], upto[:, 1], "-", color=color, lw=2.2, label=name)
        ax.plot(*upto[-1], "o", color=color, ms=9, mec="black", zorder=4)
    for first in {tuple(p[0]) for p in paths.values()}:
        ax.plot(*first, "s", color="black", ms=9, zorder=6)
    ax.set(xlim=surface.xlim, ylim=surface.ylim)
    ax.set_xlabel("parameter x", fontsize=FONT)
    ax.set_ylabel("parameter y", fontsize=FONT)
    ax.set_title(f"L = {surface.formula}, after {step} steps", fontsize=FONT + 1)
    ax.tick_params(labelsize=FONT - 2)
    if legend:
        ax.legend(fontsize=FONT - 1, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return ax.figure


def plot_losses(
    surface: Surface,
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
    import matplotlib.pyplot as plt

    paths = _check_paths(paths, "plot_losses")
    n = max(len(p) for p in paths.values())
    marked = step is not None
    step = _check_step(step, n, "plot_losses")
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 5))
    for i, (name, path) in enumerate(paths.items()):
        gap = np.maximum(surface(path) - surface.min_value, 1e-12)
        ax.semilogy(np.arange(len(path)), gap, color=COLORS[i % len(COLORS)], lw=2.2, label=name)
    if marked:
        ax.axvline(step, color="black", lw=1.2, ls="--")
    ax.set_xlabel("step", fontsize=FONT)
    ax.set_ylabel("loss above the minimum", fontsize=FONT)
    ax.set_title("loss against step (log scale)", fontsize=FONT + 1)
    ax.tick_params(labelsize=FONT - 2)
    ax.grid(True, which="major", alpha=0.3)
    if legend:
        ax.legend(fontsize=FONT - 1, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return ax.figure


def comparison(
    surface: Surface, paths: Mapping[str, npt.ArrayLike], step: int | None = None
) -> Figure:
    """The race side by side: ``plot_trajectories`` (left), ``plot_losses`` (right), one legend."""
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(15, 6), gridspec_kw={"width_ratios": [1.5, 1]})
    plot_trajectories(surface, paths, step, legend=False, ax=left)
    plot_losses(surface, paths, step, legend=False, ax=right)
    handles, labels = left.get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=len(labels), fontsize=FONT - 1)
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    return fig


def draw_comparison(step: int, surface: Surface, paths: Mapping[str, npt.ArrayLike]) -> None:
    """Widget callback for ``interact``: draw ``comparison`` up to ``step`` and show it."""
    import matplotlib.pyplot as plt

    comparison(surface, paths, step)
    plt.show()
    # Under `jupyter nbconvert --execute`, nbclient's stand-in for the Output widget sends this
    # figure back to the kernel on the socket where it awaits the cell's reply; when a figure
    # this large and the reply cross, execution can stall until the cell timeout
    # (jupyter/nbclient#312; about 1 run in 4 here). A short pause lets the figure go first.
    # In JupyterLab it only delays a redraw that already takes a few tenths of a second.
    time.sleep(0.05)
