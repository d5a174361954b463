"""Gradient descent: take small steps against the gradient until the loss stops falling.
(notebooks 03, 05)

    w_{t+1} = w_t - η ∇L(w_t)  (deck 001, *Tricks to improve the convergence of GD*)

On a quadratic bowl L(w) = Σ_i a_i (w_i - c_i)² one step multiplies the distance to the
minimum along axis i by (1 - 2 a_i η). That factor tells the whole learning-rate story:
just below 1 the descent crawls, between -1 and 1 it converges (zig-zagging when the
factor is negative), below -1 every step overshoots further than the last and it
diverges. So the learning rate must stay under 1 / max(a).

Notebooks 03 (loss and gradient descent) and 05 (optimizers) use this module:

- the toy losses: ``Quadratic`` (a bowl in any number of parameters, 03) and the
  two-parameter ``Surface`` s ``quadratic_valley``, ``rosenbrock`` and ``beale`` (05),
  each with its exact gradient and known minimum;
- one walker: ``trajectory`` drives any ``deepstep.nn.optimizers`` optimizer over a
  surface through the same ``apply_gradients`` call that trains a network, and
  ``gradient_descent`` is the plain rule above written out for any gradient function;
  both take their steps through ``_walk``, which also decides what a diverging run does;
- ``hessian``, ``stability_edge`` and ``heavy_ball``: a surface's curvature, the largest
  stable rate 2(1 + μ)/λmax of SGD with momentum μ, and a run of it that returns (not
  raises) a divergence and measures how far momentum overshoots the minimum (05's
  sliders);
- ``linear_regression_gd`` fits y ≈ w·x + b with batch, mini-batch or stochastic
  gradient descent; the three differ only in ``batch_size``.

    valley = descent.quadratic_valley()
    path = descent.trajectory(optimizers.Adam(0.1), valley, valley.start, steps=100)
    plot.comparison(valley, {"Adam": path})

Their figures are in ``deepstep.plot`` (NumPy only here).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from ._checks import as_finite_scalar, as_float_array, function, name_of, require_shape
from .nn.losses import MeanSquaredError
from .nn.optimizers import Optimizer

# Below this, a loss is drawn at this value on log axes (a step can land exactly on 0).
LOG_FLOOR = 1e-16


class Quadratic:
    """The bowl L(w) = Σ_i a_i (w_i - c_i)², whose minimum is 0 at w = c.

    curvature a: (dim,), every entry > 0, how steep the bowl is along each axis;
    center c: (dim,). Different curvatures make an elongated bowl.
    Calling it on w of shape (..., dim) returns the losses, shape (...), so a whole
    grid of points is evaluated at once; ``gradient`` returns 2a(w - c), shape of w.
    """

    def __init__(self, curvature: npt.ArrayLike, center: npt.ArrayLike):
        a = as_float_array(
            curvature, Quadratic, "curvature", ndim=(0, 1), allow_inf=False
        )
        c = as_float_array(center, Quadratic, "center", ndim=(0, 1), allow_inf=False)
        a, c = np.atleast_1d(a).astype(np.float64), np.atleast_1d(c).astype(np.float64)
        if a.shape != c.shape:
            raise ValueError(
                f"{name_of(Quadratic)}: curvature and center must have the same shape; "
                f"got {a.shape} and {c.shape}"
            )
        if (a <= 0).any():
            raise ValueError(
                f"{name_of(Quadratic)}: curvature must be > 0 on every axis; got {a}"
            )
        self.curvature, self.center = a, c

    @property
    def dim(self) -> int:
        """Number of parameters w has."""
        return len(self.center)

    def _points(self, w: npt.ArrayLike, func: str) -> np.ndarray:
        w = as_float_array(
            w, func, "w"
        )  # inf is allowed: a diverged point has infinite loss
        if self.dim == 1 and (w.ndim == 0 or w.shape[-1] != 1):
            w = w[..., None]  # a 1-D bowl also takes plain numbers and arrays of them
        if w.shape[-1] != self.dim:
            raise ValueError(
                f"{name_of(func)}: w must have shape (..., {self.dim}) for this "
                f"{self.dim}-D bowl; got {w.shape}"
            )
        return w

    def __call__(self, w: npt.ArrayLike) -> np.ndarray | float:
        w = self._points(w, "Quadratic")
        with np.errstate(
            over="ignore"
        ):  # a far-away point's loss is inf, which is right
            losses = np.sum(self.curvature * (w - self.center) ** 2, -1)
        return float(losses) if losses.ndim == 0 else losses

    def gradient(self, w: npt.ArrayLike) -> np.ndarray:
        """2a(w - c): the shape of w (a 1-D bowl given a number returns shape (1,))."""
        return (
            2 * self.curvature * (self._points(w, "Quadratic.gradient") - self.center)
        )

    def __repr__(self) -> str:
        return (
            f"Quadratic(curvature={self.curvature.tolist()}, "
            f"center={self.center.tolist()})"
        )


def _count(value: object, func: str, name: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise TypeError(
            f"{name_of(func)}: {name} must be an int; got {type(value).__name__} "
            f"{value!r}"
        )
    if value < minimum:
        raise ValueError(f"{name_of(func)}: {name} must be >= {minimum}; got {value}")
    return int(value)


def gradient_descent(
    gradient: Callable[[np.ndarray], npt.ArrayLike],
    start: npt.ArrayLike,
    learning_rate: float,
    steps: int,
) -> np.ndarray:
    """The points w_0 = start, w_{t+1} = w_t - learning_rate · gradient(w_t).

    start: a number or (dim,). gradient maps (dim,) to (dim,). Returns (steps + 1, dim),
    row t is w_t. A diverging run is not stopped: its rows may overflow to inf, and once
    a point is not finite it has no gradient to follow, so the remaining rows repeat it.
    """
    function(gradient, gradient_descent, "gradient")
    w = np.atleast_1d(
        as_float_array(start, gradient_descent, "start", ndim=(0, 1), allow_inf=False)
    ).astype(np.float64)
    if w.size == 0:
        raise ValueError(
            f"{name_of(gradient_descent)}: start must not be empty; got shape (0,)"
        )
    learning_rate = as_finite_scalar(
        learning_rate, gradient_descent, "learning_rate", positive=True
    )
    steps = _count(steps, "gradient_descent", "steps", 0)

    def step(point: np.ndarray) -> np.ndarray:
        g = np.asarray(gradient(point.copy()), dtype=np.float64)
        if g.shape != w.shape:
            raise ValueError(
                f"{name_of(gradient_descent)}: gradient must return shape {w.shape}, "
                f"like start; got {g.shape}"
            )
        return point - learning_rate * g

    # Overflow is the expected outcome of too large a step; the path shows it, no
    # warning needed.
    with np.errstate(over="ignore", invalid="ignore"):
        return _walk(step, w, steps)


def _walk(
    step: Callable[[np.ndarray], np.ndarray],
    start: np.ndarray,
    steps: int,
    *,
    limit: float = np.inf,
    diverged: Callable[[int], None] | None = None,
) -> np.ndarray:
    """The one walker: rows start, step(start), step(step(start)), ... — (steps + 1,
    dim).

    A point that is not finite or leaves [-limit, limit] ends the walk: ``diverged(t)``
    is called with its step number (and raises), or without ``diverged`` the path keeps
    that point for its remaining rows, since a point that is not finite has no gradient.
    """
    path = np.empty((steps + 1, start.size))
    path[0] = start
    for t in range(1, steps + 1):
        path[t] = step(path[t - 1])
        if not (np.isfinite(path[t]).all() and np.abs(path[t]).max() <= limit):
            if diverged is not None:
                diverged(t)
            path[t + 1 :] = path[t]
            break
    return path


def regime(losses: npt.ArrayLike, factor: float | None = None) -> str:
    """Name how a run went from its losses (steps + 1,), first to last.

    "diverges": the last loss is larger than the first, or not finite;
    "converges": it fell by 99 % or more; otherwise it fell by less, and it "crawls",
    or, when the step's factor 1 - 2aη is given and negative, "oscillates": w jumps
    across the minimum at every step (η = 0.999 on a bowl of curvature 1: factor
    -0.998), which the losses alone cannot show, since a jump to the other side costs
    the same loss.
    """
    losses = as_float_array(losses, regime, "losses", ndim=1, allow_nan=True)
    if losses.size < 2:
        raise ValueError(
            f"{name_of(regime)}: losses needs at least 2 values, first and last; got "
            f"{losses}"
        )
    if factor is not None:
        factor = as_finite_scalar(factor, regime, "factor")
    first, last = losses[0], losses[-1]
    if not np.isfinite(last) or last > first:
        return "diverges"
    if last <= 0.01 * first:
        return "converges"
    return "oscillates" if factor is not None and factor < 0 else "crawls"


@dataclass(frozen=True)
class RegressionRun:
    """What ``linear_regression_gd`` returns.

    params: (updates + 1, 2), the (w, b) before training and after every update.
    losses: (updates + 1,), the mean squared error on the WHOLE data set at those
        points, so runs with different batch sizes are compared on the same measure.
    batch_size and updates_per_epoch = ceil(N / batch_size).
    """

    params: np.ndarray
    losses: np.ndarray
    batch_size: int
    updates_per_epoch: int

    @property
    def updates(self) -> int:
        """Number of parameter updates made."""
        return len(self.losses) - 1

    @property
    def epochs(self) -> np.ndarray:
        """(updates + 1,): each entry of ``losses`` as a point in time measured in
        epochs."""
        return np.arange(len(self.losses)) / self.updates_per_epoch

    @property
    def epoch_losses(self) -> np.ndarray:
        """(epochs + 1,): the loss before training and at the end of every epoch."""
        return self.losses[:: self.updates_per_epoch]


def linear_regression_gd(
    x: npt.ArrayLike,
    y: npt.ArrayLike,
    *,
    batch_size: int,
    learning_rate: float,
    epochs: int,
    seed: int = 0,
    start: Sequence[float] = (0.0, 0.0),
) -> RegressionRun:
    """Fit y ≈ w·x + b by gradient descent on the mean squared error.

    x, y: (N,). Each epoch visits the samples in a fresh random order (from ``seed``) in
    batches of ``batch_size``; each batch's gradient makes one update. batch_size = N is
    batch GD (one update per epoch), 1 is stochastic GD (N updates per epoch), anything
    between is mini-batch GD; when N is not a multiple, the last batch is smaller.
    start: the initial (w, b).
    """
    func = linear_regression_gd
    x = as_float_array(x, func, "x", ndim=1, allow_inf=False).astype(np.float64)
    y = as_float_array(y, func, "y", ndim=1, allow_inf=False).astype(np.float64)
    if x.shape != y.shape or x.size == 0:
        raise ValueError(
            f"{name_of(func)}: x and y must be non-empty and the same length; got "
            f"{x.shape} and {y.shape}"
        )
    n = x.size
    batch_size = _count(batch_size, func, "batch_size", 1)
    if batch_size > n:
        raise ValueError(
            f"{name_of(func)}: batch_size must be <= the {n} samples; got {batch_size}"
        )
    learning_rate = as_finite_scalar(
        learning_rate, func, "learning_rate", positive=True
    )
    epochs = _count(epochs, func, "epochs", 1)
    w, b = as_float_array(start, func, "start", ndim=1, allow_inf=False).astype(
        np.float64
    )

    mse, rng = MeanSquaredError(), np.random.default_rng(seed)
    params, losses = [(w, b)], [mse(y, w * x + b)]
    for _ in range(epochs):
        order = rng.permutation(n)
        for lo in range(0, n, batch_size):
            batch = order[lo : lo + batch_size]
            xb, yb = x[batch], y[batch]
            d_pred = mse.gradient(
                yb, w * xb + b
            )  # dL/dŷ = 2(ŷ - y)/B; chain rule gives w, b
            w, b = w - learning_rate * (d_pred @ xb), b - learning_rate * d_pred.sum()
            params.append((w, b))
            losses.append(mse(y, w * x + b))
    return RegressionRun(
        np.array(params), np.array(losses), batch_size, math.ceil(n / batch_size)
    )


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
    _gradient: Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]] = (
        field(repr=False)
    )

    def _points(self, p: npt.ArrayLike, func: str) -> np.ndarray:
        arr = as_float_array(p, f"{self.name}.{name_of(func)}", "p", allow_inf=False)
        if arr.ndim == 0 or arr.shape[-1] != 2:
            raise ValueError(
                f"{self.name}.{name_of(func)}: p must have shape (2,) or (..., 2), "
                f"one (x, y) per point; got shape {arr.shape}"
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
        """X, Y, Z, each (resolution, resolution), over xlim × ylim: ready for
        ``contour``."""
        if (
            isinstance(resolution, bool)
            or not isinstance(resolution, int)
            or resolution < 2
        ):
            raise ValueError(
                f"{self.name}.grid: resolution must be an int >= 2; got {resolution!r}"
            )
        X, Y = np.meshgrid(
            np.linspace(*self.xlim, resolution), np.linspace(*self.ylim, resolution)
        )
        return X, Y, self._value(X, Y)


def quadratic_valley(
    condition: float = 50.0,
    angle: float = 0.0,
    center: npt.ArrayLike = (0.0, 0.0),
    start: npt.ArrayLike = (-4.5, 1.5),
) -> Surface:
    """L = ½·(u² + condition·v²): a valley whose floor (the u axis) runs through
    ``center`` at ``angle`` degrees from the x axis; v measures the distance across it.

    The Hessian has eigenvalues 1 (along the floor, u) and ``condition`` (across it, v),
    so ``condition`` is its condition number: the larger, the narrower the valley
    and the harder for plain gradient descent, which is only stable for a learning rate
    below 2 / condition. Minimum L = 0 at ``center``.
    """
    condition = as_finite_scalar(
        condition, quadratic_valley, "condition", positive=True
    )
    if condition < 1:
        raise ValueError(
            f"{name_of(quadratic_valley)}: condition must be >= 1; got {condition}"
        )
    angle = as_finite_scalar(angle, quadratic_valley, "angle")
    cx, cy = _start(center, "quadratic_valley", "center")
    c, s = np.cos(np.radians(angle)), np.sin(np.radians(angle))

    def value(x, y):
        u, v = c * (x - cx) + s * (y - cy), -s * (x - cx) + c * (y - cy)
        return 0.5 * (u * u + condition * v * v)

    def gradient(x, y):
        u, v = c * (x - cx) + s * (y - cy), -s * (x - cx) + c * (y - cy)
        # Chain rule back through the rotation: d/dx = c·d/du - s·d/dv, d/dy = s·d/du +
        # c·d/dv.
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


def rosenbrock(
    a: float = 1.0, b: float = 100.0, start: npt.ArrayLike = (-1.5, 2.0)
) -> Surface:
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
    """An optimizer left every sensible region: its step size is too large for the
    surface."""


def trajectory(
    optimizer: Optimizer,
    surface: Surface,
    start: npt.ArrayLike,
    steps: int,
    *,
    limit: float = 1e6,
) -> np.ndarray:
    """The points an optimizer visits: (steps + 1, 2), row 0 is ``start``, row t after t
    steps.

    Each step hands the exact gradient at the current point to
    ``optimizer.apply_gradients``, exactly as a network's training step does.
    ``optimizer`` must be fresh (no steps taken), because its momentum and step count
    would carry over from its previous run. Raises DivergedError (naming the optimizer
    and step) as soon as a coordinate leaves [-limit, limit] or stops being finite,
    instead of filling the path with inf and NaN.
    """
    if not isinstance(optimizer, Optimizer):
        raise TypeError(
            f"{name_of(trajectory)}: optimizer must be a deepstep.nn.optimizers "
            f"optimizer such as SGD(); got {type(optimizer).__name__}"
        )
    if optimizer.iterations != 0:
        raise ValueError(
            f"{name_of(trajectory)}: optimizer must be fresh, its state would carry "
            f"over; got one that has taken {optimizer.iterations} steps (create a new "
            f"{optimizer.name})"
        )
    if not isinstance(surface, Surface):
        raise TypeError(
            f"{name_of(trajectory)}: surface must be a Surface such as "
            f"quadratic_valley(); got {type(surface).__name__}"
        )
    p = _start(
        start, "trajectory"
    ).copy()  # the optimizer updates p in place; start stays
    if isinstance(steps, bool) or not isinstance(steps, int | np.integer) or steps < 0:
        raise ValueError(
            f"{name_of(trajectory)}: steps must be an int >= 0; got {steps!r}"
        )
    limit = as_finite_scalar(limit, trajectory, "limit", positive=True)
    if np.abs(p).max() > limit:
        raise ValueError(
            f"{name_of(trajectory)}: start {p} lies outside [-limit, limit] = "
            f"±{limit:g}"
        )

    def step(_previous: np.ndarray) -> np.ndarray:
        # The optimizer keeps its state per variable, so every step updates the same
        # array p.
        try:
            # Overflow inside an update becomes an exception here, not a RuntimeWarning.
            with np.errstate(over="raise", invalid="raise"):
                optimizer.apply_gradients([(surface.gradient(p), p)])
        except FloatingPointError:
            return np.full_like(p, np.nan)
        return p

    def diverged(t: int) -> None:
        raise DivergedError(
            f"{name_of(trajectory)}: {optimizer.name} diverged at step {t} of {steps} "
            f"on {surface.name} (a coordinate left ±{limit:g}); lower its "
            "learning_rate"
        )

    return _walk(step, p, int(steps), limit=limit, diverged=diverged)


def hessian(surface: Surface, point: npt.ArrayLike | None = None) -> np.ndarray:
    """The 2×2 Hessian of ``surface`` at ``point`` (default: its minimum), from its
    exact gradient.

    Column j is the central difference (∇L(p + h e_j) − ∇L(p − h e_j)) / 2h with h =
    1e-3,
    symmetrised: exact (to rounding) on a quadratic such as ``quadratic_valley``, whose
    Hessian is the same everywhere. Returns a (2, 2) array.
    """
    if not isinstance(surface, Surface):
        raise TypeError(
            f"{name_of(hessian)}: surface must be a Surface such as "
            f"quadratic_valley(); got {type(surface).__name__}"
        )
    p = surface.minimum if point is None else _start(point, "hessian", "point")
    h = 1e-3
    cols = [
        (surface.gradient(p + h * e) - surface.gradient(p - h * e)) / (2 * h)
        for e in np.eye(2)
    ]
    H = np.column_stack(cols)
    return (H + H.T) / 2


def stability_edge(surface: Surface, momentum: float = 0.0) -> float:
    """The largest stable learning rate of SGD with ``momentum`` on ``surface`` near its
    minimum.

    Along an eigenvector of the Hessian with eigenvalue λ, heavy-ball momentum
    (v ← μv − ηλx, x ← x + v) converges iff 0 < η < 2(1 + μ)/λ, for 0 <= μ < 1; the
    steepest direction, λmax, sets the edge 2(1 + μ)/λmax. Plain SGD (μ = 0): 2/λmax.
    """
    if not isinstance(surface, Surface):
        raise TypeError(
            f"{name_of(stability_edge)}: surface must be a Surface such as "
            f"quadratic_valley(); got {type(surface).__name__}"
        )
    mu = as_finite_scalar(momentum, stability_edge, "momentum")
    if not 0 <= mu < 1:
        raise ValueError(
            f"{name_of(stability_edge)}: momentum must be in [0, 1); got {mu}"
        )
    lam_max = float(np.linalg.eigvalsh(hessian(surface)).max())
    if lam_max <= 0:
        raise ValueError(
            f"{name_of(stability_edge)}: surface's Hessian at its minimum must have a "
            f"positive eigenvalue; got largest {lam_max:g}"
        )
    return 2 * (1 + mu) / lam_max


@dataclass(frozen=True)
class MomentumRun:
    """One run of SGD with momentum from ``heavy_ball``.

    path: (n, 2), row t after t steps; shorter than steps + 1 when the run diverged (it
    ends at the last point inside the limit). losses: (n,), L along the path.
    edge: ``stability_edge`` for this momentum; diverged_at: the step that left the
    limit, or None. overshoot: how far the run went past the minimum along the valley's
    floor (the Hessian's flattest eigenvector), in the direction it came from; 0 if it
    never crossed.
    """

    learning_rate: float
    momentum: float
    path: np.ndarray
    losses: np.ndarray
    edge: float
    diverged_at: int | None
    overshoot: float

    @property
    def verdict(self) -> str:
        """'diverges at step t' (or 'diverges: L grew …' when it is still inside the
        limit), 'overshoots the minimum by d', or 'converges without overshooting'."""
        if self.diverged_at is not None:
            return f"diverges at step {self.diverged_at}"
        if self.losses[-1] >= self.losses[0]:
            return (
                f"diverges: L grew from {self.losses[0]:.3g} to {self.losses[-1]:.3g}"
            )
        if self.overshoot > 0:
            return f"overshoots the minimum by {self.overshoot:.2f}"
        return "converges without overshooting"


def heavy_ball(
    surface: Surface,
    learning_rate: float,
    momentum: float = 0.0,
    steps: int = 150,
    *,
    limit: float = 1e3,
) -> MomentumRun:
    """SGD with momentum from ``surface.start``, Keras's rule: v ← μv − η∇L(w), w ← w +
    v.

    The same update as ``SGD(learning_rate, momentum=momentum)`` (``trajectory``),
    written out so that a diverging run is returned, not raised: the walk stops at the
    first point outside [-limit, limit]. Returns a ``MomentumRun`` (the path, its
    losses, the stability edge for this momentum, where it diverged, and its overshoot
    along the valley's floor).
    """
    if not isinstance(surface, Surface):
        raise TypeError(
            f"{name_of(heavy_ball)}: surface must be a Surface such as "
            f"quadratic_valley(); got {type(surface).__name__}"
        )
    eta = as_finite_scalar(learning_rate, heavy_ball, "learning_rate", positive=True)
    mu = as_finite_scalar(momentum, heavy_ball, "momentum")
    if not 0 <= mu < 1:
        raise ValueError(f"{name_of(heavy_ball)}: momentum must be in [0, 1); got {mu}")
    if isinstance(steps, bool) or not isinstance(steps, int | np.integer) or steps < 1:
        raise ValueError(
            f"{name_of(heavy_ball)}: steps must be a positive int; got {steps!r}"
        )
    limit = as_finite_scalar(limit, heavy_ball, "limit", positive=True)
    w, v = surface.start.copy(), np.zeros(2)
    points, diverged_at = [w.copy()], None
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(1, int(steps) + 1):
            v = mu * v - eta * surface.gradient(w)
            w = w + v
            if not (np.isfinite(w).all() and np.abs(w).max() <= limit):
                diverged_at = t
                break
            points.append(w.copy())
    path = np.array(points)
    _, vectors = np.linalg.eigh(hessian(surface))
    floor = vectors[
        :, 0
    ]  # eigh sorts eigenvalues ascending: the flattest direction first
    came_from = np.sign(floor @ (surface.start - surface.minimum)) or 1.0
    past = -came_from * ((path - surface.minimum) @ floor)
    return MomentumRun(
        learning_rate=eta,
        momentum=mu,
        path=path,
        losses=np.asarray(surface(path)),
        edge=stability_edge(surface, mu),
        diverged_at=diverged_at,
        overshoot=float(max(past.max(), 0.0)),
    )
