"""Activation functions and their derivatives, each pair in one registry.

Each activation ``f`` has a partner ``f_derivative`` with the same arguments that
returns df/dv elementwise (softmax, whose outputs depend on each other, returns the
Jacobian instead). All are stable at extreme inputs: ``sigmoid(±1000)`` is 1 and 0
without an overflow warning.

``get(name)`` returns the registry's entry: the two public functions, which check their
input, and the same arithmetic unchecked for the layers, which checked theirs once when
it entered the model: ``forward(v)`` with the default parameters, and ``backward(v, out,
grad_out)``, d(loss)/d(v) from d(loss)/d(out), computed from the saved output where that
is cheaper (σ' = σ(1 - σ), tanh' = 1 - tanh²) and, for softmax, without forming the
Jacobian.

Names follow Keras where Keras has the function ("linear", "sigmoid", "tanh",
"relu", "softmax"); the neuron models of slide deck 004 ("step", "ramp",
"gaussian") use that deck's parameter names.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from .._checks import Func, as_finite_scalar, as_float_array, name_of, received

ArrayLike = npt.ArrayLike


def _input(v: ArrayLike, func: Func) -> np.ndarray:
    # inf is a legitimate input (sigmoid(inf) = 1); NaN never is.
    return as_float_array(v, func, "v")


def _scalars(func: Func, **params: float) -> tuple[float, ...]:
    return tuple(as_finite_scalar(p, func, n) for n, p in params.items())


# -- the arithmetic, unchecked: float arrays in, the input's dtype out -----------------
def _step(v, a=0.0, b=1.0, c=0.0):
    return np.where(v > c, b, a).astype(v.dtype)


def _ramp(v, a=0.0, b=1.0, c=-1.0, d=1.0):
    return (a + (np.clip(v, c, d) - c) * (b - a) / (d - c)).astype(v.dtype)


def _ramp_slope(v, a=0.0, b=1.0, c=-1.0, d=1.0):
    return np.where((v > c) & (v < d), (b - a) / (d - c), 0.0).astype(v.dtype)


def _logistic(t: np.ndarray) -> np.ndarray:
    # exp of a non-positive number never overflows: use e^-|t| on both branches.
    e = np.exp(-np.abs(t))
    return np.where(t >= 0, 1.0 / (1.0 + e), e / (1.0 + e)).astype(t.dtype)


def _gaussian(v, mu=0.0, sigma=1.0):
    u = (v - mu) / sigma
    with np.errstate(over="ignore"):  # u² = inf only where the density is 0 anyway
        return (np.exp(-0.5 * u * u) / (np.sqrt(2 * np.pi) * sigma)).astype(v.dtype)


def _gaussian_slope(v, mu=0.0, sigma=1.0):
    g = _gaussian(v, mu, sigma)
    # Where the density underflows to 0 the product is 0, not inf * 0.
    return np.where(g == 0, 0.0, -(v - mu) / sigma**2 * g).astype(v.dtype)


def _relu(v):
    return np.maximum(v, 0).astype(v.dtype)


def _relu_slope(v):
    return (v > 0).astype(v.dtype)


def _softmax(v, axis=-1):
    e = np.exp(v - v.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


# -- the public functions: check, then compute -----------------------------------------
def step(v: ArrayLike, a: float = 0.0, b: float = 1.0, c: float = 0.0) -> np.ndarray:
    """Step function: ``b`` where v > c, else ``a`` (so step(0) = 0, as in the
    perceptron).

    v: any shape. Returns the same shape.
    """
    return _step(_input(v, step), *_scalars(step, a=a, b=b, c=c))


def step_derivative(
    v: ArrayLike, a: float = 0.0, b: float = 1.0, c: float = 0.0
) -> np.ndarray:
    """Zero everywhere (undefined at v = c, where we also return 0).

    This is why the perceptron rule, not gradient descent, trains a step unit.
    """
    v = _input(v, step_derivative)
    _scalars(step_derivative, a=a, b=b, c=c)
    return np.zeros_like(v)


def linear(v: ArrayLike) -> np.ndarray:
    """Identity: f(v) = v. v: any shape."""
    return _input(v, linear).copy()


def linear_derivative(v: ArrayLike) -> np.ndarray:
    """Ones, the shape of v."""
    return np.ones_like(_input(v, linear_derivative))


def _ramp_params(func: Func, **params: float) -> tuple[float, ...]:
    a, b, c, d = _scalars(func, **params)
    if not c < d:
        raise ValueError(f"{name_of(func)}: the ramp needs c < d; got c={c}, d={d}")
    return a, b, c, d


def ramp(
    v: ArrayLike, a: float = 0.0, b: float = 1.0, c: float = -1.0, d: float = 1.0
) -> np.ndarray:
    """Ramp: ``a`` below c, ``b`` above d, a straight line from (c, a) to (d, b)
    between.

    v: any shape. Returns the same shape.
    """
    return _ramp(_input(v, ramp), *_ramp_params(ramp, a=a, b=b, c=c, d=d))


def ramp_derivative(
    v: ArrayLike, a: float = 0.0, b: float = 1.0, c: float = -1.0, d: float = 1.0
) -> np.ndarray:
    """The slope (b - a) / (d - c) strictly between c and d, 0 outside."""
    v = _input(v, ramp_derivative)
    return _ramp_slope(v, *_ramp_params(ramp_derivative, a=a, b=b, c=c, d=d))


def sigmoid(
    v: ArrayLike, *, z: float = 0.0, x: float = 1.0, y: float = 0.0
) -> np.ndarray:
    """Logistic sigmoid, elementwise: f(v) = z + 1 / (1 + exp(-x·v + y)).

    v: any shape. Returns the same shape. The defaults give the plain
    1 / (1 + e^-v); z, x and y are slide deck 004's names for the lift, the
    steepness and the shift of the curve.
    """
    v = _input(v, sigmoid)
    z, x, y = _scalars(sigmoid, z=z, x=x, y=y)
    return (z + _logistic(x * v - y)).astype(v.dtype)


def sigmoid_derivative(
    v: ArrayLike, *, z: float = 0.0, x: float = 1.0, y: float = 0.0
) -> np.ndarray:
    """x · s(1 - s) with s = 1 / (1 + exp(-x·v + y)); for the plain sigmoid, f(1 -
    f)."""
    v = _input(v, sigmoid_derivative)
    z, x, y = _scalars(sigmoid_derivative, z=z, x=x, y=y)
    s = _logistic(x * v - y)
    return (x * s * (1.0 - s)).astype(v.dtype)


def _gaussian_params(func: Func, mu: float, sigma: float) -> tuple[float, float]:
    return as_finite_scalar(mu, func, "mu"), as_finite_scalar(
        sigma, func, "sigma", positive=True
    )


def gaussian(v: ArrayLike, mu: float = 0.0, sigma: float = 1.0) -> np.ndarray:
    """Normal density: exp(-((v - mu) / sigma)² / 2) / (sqrt(2π) · sigma). v: any
    shape."""
    return _gaussian(_input(v, gaussian), *_gaussian_params(gaussian, mu, sigma))


def gaussian_derivative(
    v: ArrayLike, mu: float = 0.0, sigma: float = 1.0
) -> np.ndarray:
    """-(v - mu) / sigma² · gaussian(v)."""
    v = _input(v, gaussian_derivative)
    mu, sigma = _gaussian_params(gaussian_derivative, mu, sigma)
    with np.errstate(
        invalid="ignore"
    ):  # inf · 0 at v = ±inf, where the slope's limit is 0
        slope = _gaussian_slope(v, mu, sigma)
    return np.where(np.isinf(v), 0.0, slope).astype(v.dtype, copy=False)


def tanh(v: ArrayLike) -> np.ndarray:
    """Hyperbolic tangent, elementwise; equals 2·sigmoid(2v) - 1. v: any shape."""
    return np.tanh(_input(v, tanh))


def tanh_derivative(v: ArrayLike) -> np.ndarray:
    """1 - tanh(v)²."""
    t = np.tanh(_input(v, tanh_derivative))
    return 1.0 - t * t


def relu(v: ArrayLike) -> np.ndarray:
    """max(0, v), elementwise. v: any shape."""
    return _relu(_input(v, relu))


def relu_derivative(v: ArrayLike) -> np.ndarray:
    """1 where v > 0, else 0 (Keras and TensorFlow also use 0 at v = 0)."""
    return _relu_slope(_input(v, relu_derivative))


def softmax(v: ArrayLike, axis: int = -1) -> np.ndarray:
    """exp(v) / sum(exp(v)) along ``axis``; each slice sums to 1.

    v: (..., n). Returns the same shape. Subtracting the maximum first changes
    nothing mathematically (softmax is shift-invariant) and keeps exp from overflowing.
    """
    v = as_float_array(v, softmax, "v", allow_inf=False)
    if v.ndim == 0:
        raise ValueError(
            f"{name_of(softmax)}: v must have at least 1 dimension; got a scalar"
        )
    if v.size == 0:
        raise ValueError(
            f"{name_of(softmax)}: v must not be empty; got shape {v.shape}"
        )
    if isinstance(axis, bool) or not isinstance(axis, int | np.integer):
        raise TypeError(
            f"{name_of(softmax)}: axis must be an int; got {received(axis)}"
        )
    if not -v.ndim <= axis < v.ndim:
        raise ValueError(
            f"{name_of(softmax)}: axis {axis} is out of range for v of shape {v.shape}"
        )
    return _softmax(v, axis)


def softmax_derivative(v: ArrayLike) -> np.ndarray:
    """Jacobian ds_i/dv_j = s_i (δ_ij - s_j) over the last axis.

    v: (..., n). Returns (..., n, n).
    """
    v = as_float_array(v, softmax_derivative, "v", allow_inf=False)
    if v.ndim == 0 or v.size == 0:
        raise ValueError(
            f"{name_of(softmax_derivative)}: v must be a non-empty array (..., n); "
            f"got shape {v.shape}"
        )
    s = _softmax(v, -1)
    return s[..., :, None] * (np.eye(s.shape[-1], dtype=s.dtype) - s[..., None, :])


def _softmax_backward(v, s, g):
    # The Jacobian-vector product s ⊙ (g - Σ g s), without the (k, k) Jacobian.
    return s * (g - np.sum(g * s, axis=-1, keepdims=True))


# -- the registry ----------------------------------------------------------------------
class Activation(NamedTuple):
    """An activation as ``get`` returns it: the checked public pair, and the unchecked
    pair the layers call (default parameters; float arrays in)."""

    name: str
    function: Callable[..., np.ndarray]
    derivative: Callable[..., np.ndarray]
    forward: Callable[[np.ndarray], np.ndarray]
    backward: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]


_REGISTRY = {
    f.__name__: Activation(f.__name__, f, d, forward, backward)
    for f, d, forward, backward in [
        (step, step_derivative, _step, lambda v, out, g: g * np.zeros_like(v)),
        (linear, linear_derivative, lambda v: v.copy(), lambda v, out, g: g),
        (ramp, ramp_derivative, _ramp, lambda v, out, g: g * _ramp_slope(v)),
        (sigmoid, sigmoid_derivative, _logistic, lambda v, out, g: g * out * (1 - out)),
        (
            gaussian,
            gaussian_derivative,
            _gaussian,
            lambda v, out, g: g * _gaussian_slope(v),
        ),
        (tanh, tanh_derivative, np.tanh, lambda v, out, g: g * (1.0 - out * out)),
        (relu, relu_derivative, _relu, lambda v, out, g: g * _relu_slope(v)),
        (softmax, softmax_derivative, _softmax, _softmax_backward),
    ]
}

NAMES: tuple[str, ...] = tuple(_REGISTRY)


def get(name: str) -> Activation:
    """Look an activation up by name: ``get("sigmoid").derivative(0.0)`` is 0.25."""
    if not isinstance(name, str):
        raise TypeError(
            f"{name_of(get)}: name must be a string; got {type(name).__name__} {name!r}"
        )
    try:
        return _REGISTRY[name.lower()]
    except KeyError:
        raise ValueError(
            f"{name_of(get)}: unknown activation {name!r}; known: {', '.join(NAMES)} "
            "(argument name)"
        ) from None
