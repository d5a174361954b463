"""Gradient descent: take small steps against the gradient until the loss stops falling.

    w_{t+1} = w_t - η ∇L(w_t)        (deck 001, *Tricks to improve the convergence of GD*)

On a quadratic bowl L(w) = Σ_i a_i (w_i - c_i)² one step multiplies the distance to the
minimum along axis i by (1 - 2 a_i η). That factor tells the whole learning-rate story:
just below 1 the descent crawls, between -1 and 1 it converges (zig-zagging when the
factor is negative), below -1 every step overshoots further than the last and it
diverges. So the learning rate must stay under 1 / max(a).

``linear_regression_gd`` fits y ≈ w·x + b with batch, mini-batch or stochastic gradient
descent; the three differ only in ``batch_size``.

Its figures are in ``deepstep.plot`` (NumPy only here).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ._checks import as_finite_scalar, as_float_array, function, name_of
from .nn.losses import MeanSquaredError

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
        a = as_float_array(curvature, Quadratic, "curvature", ndim=(0, 1), allow_inf=False)
        c = as_float_array(center, Quadratic, "center", ndim=(0, 1), allow_inf=False)
        a, c = np.atleast_1d(a).astype(np.float64), np.atleast_1d(c).astype(np.float64)
        if a.shape != c.shape:
            raise ValueError(
                f"{name_of(Quadratic)}: curvature and center must have the same shape; "
                f"got {a.shape} and {c.shape}"
            )
        if (a <= 0).any():
            raise ValueError(f"{name_of(Quadratic)}: curvature must be > 0 on every axis; got {a}")
        self.curvature, self.center = a, c

    @property
    def dim(self) -> int:
        """Number of parameters w has."""
        return len(self.center)

    def _points(self, w: npt.ArrayLike, func: str) -> np.ndarray:
        w = as_float_array(w, func, "w")  # inf is allowed: a diverged point has infinite loss
        if self.dim == 1 and (w.ndim == 0 or w.shape[-1] != 1):
            w = w[..., None]  # a 1-D bowl also takes plain numbers and arrays of them
        if w.shape[-1] != self.dim:
            raise ValueError(
                f"{name_of(func)}: w must have shape (..., {self.dim}) for this {self.dim}-D bowl; "
                f"got {w.shape}"
            )
        return w

    def __call__(self, w: npt.ArrayLike) -> np.ndarray | float:
        w = self._points(w, "Quadratic")
        with np.errstate(over="ignore"):  # a far-away point's loss is inf, which is right
            losses = np.sum(self.curvature * (w - self.center) ** 2, -1)
        return float(losses) if losses.ndim == 0 else losses

    def gradient(self, w: npt.ArrayLike) -> np.ndarray:
        """2a(w - c): the shape of w (a 1-D bowl given a number returns shape (1,))."""
        return 2 * self.curvature * (self._points(w, "Quadratic.gradient") - self.center)

    def __repr__(self) -> str:
        return f"Quadratic(curvature={self.curvature.tolist()}, center={self.center.tolist()})"


def _count(value: object, func: str, name: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise TypeError(
            f"{name_of(func)}: {name} must be an int; got {type(value).__name__} {value!r}"
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
    row t is w_t. A diverging run is not stopped: its rows may overflow to inf, and once a
    point is not finite it has no gradient to follow, so the remaining rows repeat it.
    """
    function(gradient, gradient_descent, "gradient")
    w = np.atleast_1d(
        as_float_array(start, gradient_descent, "start", ndim=(0, 1), allow_inf=False)
    ).astype(np.float64)
    if w.size == 0:
        raise ValueError(f"{name_of(gradient_descent)}: start must not be empty; got shape (0,)")
    learning_rate = as_finite_scalar(
        learning_rate, gradient_descent, "learning_rate", positive=True
    )
    steps = _count(steps, "gradient_descent", "steps", 0)
    path = np.empty((steps + 1, w.size))
    path[0] = w
    # Overflow is the expected outcome of too large a step; the path shows it, no warning needed.
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(steps):
            if not np.isfinite(path[t]).all():
                path[t + 1 :] = path[t]
                break
            g = np.asarray(gradient(path[t].copy()), dtype=np.float64)
            if g.shape != w.shape:
                raise ValueError(
                    f"{name_of(gradient_descent)}: gradient must return shape {w.shape}, like start; "
                    f"got {g.shape}"
                )
            path[t + 1] = path[t] - learning_rate * g
    return path


def regime(losses: npt.ArrayLike) -> str:
    """Name how a run went from its losses (steps + 1,), first to last.

    "diverges": the last loss is larger than the first, or not finite;
    "crawls": it fell, but by less than 99 %; "converges": it fell by 99 % or more.
    """
    losses = as_float_array(losses, regime, "losses", ndim=1, allow_nan=True)
    if losses.size < 2:
        raise ValueError(
            f"{name_of(regime)}: losses needs at least 2 values, first and last; got {losses}"
        )
    first, last = losses[0], losses[-1]
    if not np.isfinite(last) or last > first:
        return "diverges"
    return "crawls" if last > 0.01 * first else "converges"


@dataclass(frozen=True)
class RegressionRun:
    """What ``linear_regression_gd`` returns.

    params: (updates + 1, 2), the (w, b) before training and after every update.
    losses: (updates + 1,), the mean squared error on the WHOLE data set at those points,
        so runs with different batch sizes are compared on the same measure.
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
        """(updates + 1,): each entry of ``losses`` as a point in time measured in epochs."""
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
            f"{name_of(func)}: x and y must be non-empty and the same length; got {x.shape} and {y.shape}"
        )
    n = x.size
    batch_size = _count(batch_size, func, "batch_size", 1)
    if batch_size > n:
        raise ValueError(
            f"{name_of(func)}: batch_size must be <= the {n} samples; got {batch_size}"
        )
    learning_rate = as_finite_scalar(learning_rate, func, "learning_rate", positive=True)
    epochs = _count(epochs, func, "epochs", 1)
    w, b = as_float_array(start, func, "start", ndim=1, allow_inf=False).astype(np.float64)

    mse, rng = MeanSquaredError(), np.random.default_rng(seed)
    params, losses = [(w, b)], [mse(y, w * x + b)]
    for _ in range(epochs):
        order = rng.permutation(n)
        for lo in range(0, n, batch_size):
            batch = order[lo : lo + batch_size]
            xb, yb = x[batch], y[batch]
            d_pred = mse.gradient(yb, w * xb + b)  # dL/dŷ = 2(ŷ - y)/B; chain rule gives w, b
            w, b = w - learning_rate * (d_pred @ xb), b - learning_rate * d_pred.sum()
            params.append((w, b))
            losses.append(mse(y, w * x + b))
    return RegressionRun(np.array(params), np.array(losses), batch_size, math.ceil(n / batch_size))
