"""Two-parameter loss surfaces with exact gradients, for watching optimizers move.

    valley = surfaces.quadratic_valley()
    path = surfaces.trajectory(optimizers.Adam(0.1), valley, valley.start, steps=100)
    plot.comparison(valley, {"Adam": path})

A network's loss lives over millions of weights; these surfaces live over two, so a
whole optimization run fits on one contour plot. Each ``Surface`` takes points of
shape (..., 2) — one point (2,) or a whole grid (H, W, 2) at once — and knows where
its minimum is. ``trajectory`` drives any ``deepstep.nn.optimizers`` optimizer over one,
through the same ``apply_gradients`` call that trains a network.

Their figures are ``deepstep.plot.comparison`` and friends (NumPy only here).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from ._checks import as_finite_scalar, as_float_array, name_of, require_shape
from .nn.optimizers import Optimizer

# One colour per optimizer, in the order the slides introduce them.


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
