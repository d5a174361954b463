"""Numerical gradients by central differences, to check hand-derived backward passes.

    df/dx_i ≈ (f(x + h·e_i) - f(x - h·e_i)) / 2h    (error O(h²); order=4 is more
                                                      exact)

Compare analytic and numerical gradients with ``relative_error`` (cs231n's measure):
in float64, a correct gradient gives about 1e-8 or less; 1e-4 or more means a bug.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from .._checks import (
    as_finite_scalar,
    as_float_array,
    boundary,
    function,
    instance_of,
    name_of,
    non_negative_int,
    received,
)
from .layers import Layer
from .models import Sequential


def numerical_gradient(
    f: Callable[[np.ndarray], float], x: np.ndarray, h: float = 1e-4, order: int = 4
) -> np.ndarray:
    """d f / d x by central differences. x: any shape, float64, perturbed in place and
    restored.

    order=2: (f(x+h) - f(x-h)) / 2h, error O(h²).
    order=4 (default): (8(f(x+h) - f(x-h)) - (f(x+2h) - f(x-2h))) / 12h, error O(h⁴), so
    h can be larger, which keeps float rounding small: ~1e-10 relative error on smooth
    functions. Near a kink (ReLU at 0, |x| at 0) both are wrong within about 2h of it.
    f must return a scalar and read x afresh on every call (it may close over x).
    """
    function(f, numerical_gradient, "f")
    if not isinstance(x, np.ndarray) or x.dtype != np.float64:
        raise TypeError(
            f"{name_of(numerical_gradient)}: x must be a float64 NumPy array (float32 "
            "is too coarse for central differences); got "
            f"{type(x).__name__} {getattr(x, 'dtype', '')}".rstrip()
        )
    as_float_array(x, numerical_gradient, "x", allow_inf=False)  # no NaN or inf
    h = as_finite_scalar(h, numerical_gradient, "h", positive=True)
    if x.size == 0:
        raise ValueError(
            f"{name_of(numerical_gradient)}: x must not be empty; got shape {x.shape}"
        )
    if isinstance(order, bool) or not isinstance(order, int) or order not in (2, 4):
        raise ValueError(
            f"{name_of(numerical_gradient)}: order must be 2 or 4; got {order!r}"
        )
    grad = np.zeros_like(x)
    flat, gflat = x.reshape(-1), grad.reshape(-1)  # views: writing flat writes x
    if not np.shares_memory(flat, x):
        raise ValueError(
            f"{name_of(numerical_gradient)}: x must be contiguous so it can be "
            "perturbed in place"
        )

    def at(i: int, offset: float) -> float:
        flat[i] = old + offset
        return float(f(x))

    for i in range(flat.size):
        old = flat[i]
        # Differences of symmetric pairs first: where f is flat they are exactly 0,
        # so a dead ReLU gets a numerical gradient of exactly 0, not rounding noise.
        near = at(i, h) - at(i, -h)
        if order == 2:
            gflat[i] = near / (2 * h)
        else:
            far = at(i, 2 * h) - at(i, -2 * h)
            gflat[i] = (8 * near - far) / (12 * h)
        flat[i] = old
    return grad


def relative_error(a: npt.ArrayLike, b: npt.ArrayLike) -> float:
    """max |a - b| / max(|a| + |b|, 1e-8), elementwise, as in cs231n. a, b: the same
    shape."""
    a = as_float_array(a, relative_error, "a", allow_inf=False)
    b = as_float_array(b, relative_error, "b", allow_inf=False)
    if a.shape != b.shape:
        raise ValueError(
            f"{name_of(relative_error)}: a and b must have the same shape; got "
            f"{a.shape} and {b.shape}"
        )
    if a.size == 0:
        return 0.0
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))


@boundary
def check_layer(
    layer: Layer, x: npt.ArrayLike, seed: int = 0, h: float = 1e-4
) -> dict[str, float]:
    """Relative errors of ``layer.backward`` against central differences, for x and
    every param.

    Uses the scalar loss L = Σ forward(x) · G for a fixed random G, whose gradient with
    respect to the output is G. Returns {"x": err, "kernel": err, ...}.
    """
    instance_of(layer, Layer, check_layer, "layer")
    x = np.array(as_float_array(x, check_layer, "x", allow_inf=False), dtype=np.float64)
    if x.ndim == 0 or x.size == 0:
        raise ValueError(
            f"{name_of(check_layer)}: x must be a non-empty batch (N, ...); got shape "
            f"{x.shape}"
        )
    seed = non_negative_int(seed, check_layer, "seed")
    h = as_finite_scalar(h, check_layer, "h", positive=True)
    if not layer.built:
        layer.build((None, *x.shape[1:]))
    for key, p in layer.params.items():
        if p.dtype != np.float64:
            raise TypeError(
                f"{name_of(check_layer)}: parameter {key!r} must be float64; got "
                f"{p.dtype}"
            )
    out = layer.forward(x, training=False)
    G = np.random.default_rng(seed).normal(size=out.shape)

    def loss(_):
        return float(np.sum(layer.forward(x, training=False) * G))

    layer.forward(x, training=False)
    analytic_x = layer.backward(G)
    analytic = {"x": analytic_x, **{k: g.copy() for k, g in _grads(layer).items()}}
    errors = {"x": relative_error(analytic["x"], numerical_gradient(loss, x, h))}
    for key, p in _params(layer).items():
        errors[key] = relative_error(analytic[key], numerical_gradient(loss, p, h))
    return errors


@boundary
def check_model(
    model: Sequential, x: npt.ArrayLike, y: npt.ArrayLike, h: float = 1e-4
) -> dict[str, float]:
    """Relative errors of a compiled model's backprop against central differences of its
    loss.

    model: a deepstep.nn model, i.e. a ``Sequential`` of layers, compiled with a loss
    (built or not: the first call on x builds it); a single layer goes to
    ``check_layer``. Returns one entry per weight, named "<layer>/<param>"
    ("dense/kernel"), and "x".
    """
    if not isinstance(model, Sequential):
        also = (
            "; for a single layer use check_layer" if isinstance(model, Layer) else ""
        )
        raise TypeError(
            f"{name_of(check_model)}: model must be a deepstep.nn model: a Sequential "
            f"of layers, compiled with a loss (model.compile(loss='mse')){also}; got "
            f"{received(model)}"
        )
    if getattr(model, "loss", None) is None:
        raise RuntimeError(
            f"{name_of(check_model)}: compile the model with a loss first "
            "(model.compile(optimizer=..., loss=...))"
        )
    x = np.array(as_float_array(x, check_model, "x", allow_inf=False), dtype=np.float64)
    y = np.array(as_float_array(y, check_model, "y", allow_inf=False), dtype=np.float64)
    for name, arr in (("x", x), ("y", y)):
        if arr.ndim == 0 or arr.size == 0:
            raise ValueError(
                f"{name_of(check_model)}: {name} must be a non-empty batch (N, ...); "
                f"got shape {arr.shape}"
            )
    h = as_finite_scalar(h, check_model, "h", positive=True)
    model(x)  # builds if needed

    def loss(_):
        return model.loss(y, model.forward(x))

    y_pred = model.forward(x)
    analytic_x = model.backward_loss(y, y_pred)
    analytic = {k: g.copy() for k, g in _grads(model).items()}
    errors = {"x": relative_error(analytic_x, numerical_gradient(loss, x, h))}
    for key, p in _params(model).items():
        errors[key] = relative_error(analytic[key], numerical_gradient(loss, p, h))
    return errors


def _params(layer: Layer) -> dict[str, np.ndarray]:
    if hasattr(layer, "layers"):
        return {
            f"{sub.name}/{k}": p for sub in layer.layers for k, p in sub.params.items()
        }
    return dict(layer.params)


def _grads(layer: Layer) -> dict[str, np.ndarray]:
    if hasattr(layer, "layers"):
        return {
            f"{sub.name}/{k}": sub.grads[k] for sub in layer.layers for k in sub.params
        }
    return {k: layer.grads[k] for k in layer.params}
