"""What deck 003's *More about dropout* lists beside dropout: Maxout, DropConnect,
annealed dropout.  (notebook 10)

- ``maxout_forward`` / ``maxout_backward``: a maxout layer (Goodfellow et al., ICML
  2013), each unit the largest of k linear pieces of its input; ``tangent_pieces``
  builds the k pieces that approximate a convex function from below (its tangent lines).
- ``dropconnect_forward``: a Dense pre-activation with a Bernoulli mask on the *weights*
  (Wan et al., ICML 2013), one mask per example; ``dropout_as_weight_mask`` is dropout
  on the inputs written as such a mask (whole rows of the kernel), to compare the two.
- ``annealed_dropout_rate``: the drop rate of annealed dropout (Rennie, Goel & Thomas,
  IEEE SLT 2014), decaying linearly from its initial value to 0.

Everything is NumPy; the notebooks' checks compare with ``deepstep.nn`` and with
formulas.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from ._checks import (
    as_finite_scalar,
    as_float_array,
    function,
    name_of,
    non_negative_int,
    positive_int,
)


# -- Maxout ----------------------------------------------------------------------------
def _maxout_arguments(
    x: npt.ArrayLike, kernel: npt.ArrayLike, bias: npt.ArrayLike, func: Callable
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x, kernel = _dense_arguments(x, kernel, func, pieces=True)
    bias = as_float_array(bias, func, "bias", ndim=2, allow_inf=False)
    if bias.shape != kernel.shape[1:]:
        raise ValueError(
            f"{name_of(func)}: bias must be (U, k) = {kernel.shape[1:]}; got shape "
            f"{bias.shape}"
        )
    return x, kernel, bias


def maxout_pieces(
    x: npt.ArrayLike, kernel: npt.ArrayLike, bias: npt.ArrayLike
) -> np.ndarray:
    """The linear pieces z[n, u, j] = Σ_d x[n, d]·kernel[d, u, j] + bias[u, j].

    x: (N, D); kernel: (D, U, k); bias: (U, k). Returns (N, U, k)."""
    return _pieces(*_maxout_arguments(x, kernel, bias, maxout_pieces))


def _pieces(x: np.ndarray, kernel: np.ndarray, bias: np.ndarray) -> np.ndarray:
    return np.einsum("nd,duk->nuk", x, kernel) + bias


def maxout_forward(
    x: npt.ArrayLike, kernel: npt.ArrayLike, bias: npt.ArrayLike
) -> np.ndarray:
    """A maxout layer: unit u outputs the largest of its k pieces, max_j z[n, u, j].

    x: (N, D); kernel: (D, U, k); bias: (U, k). Returns (N, U). With k = 2 and the
    pieces (w·x + b, 0) a unit is a ReLU unit; with (w·x + b, -(w·x + b)) it is |w·x +
    b|.
    """
    return _pieces(*_maxout_arguments(x, kernel, bias, maxout_forward)).max(axis=2)


def maxout_backward(
    x: npt.ArrayLike,
    kernel: npt.ArrayLike,
    bias: npt.ArrayLike,
    grad_out: npt.ArrayLike,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients of a maxout layer: only each unit's winning piece passes the gradient
    on.

    x: (N, D); kernel: (D, U, k); bias: (U, k); grad_out = ∂L/∂output: (N, U).
    Returns (∂L/∂x (N, D), ∂L/∂kernel (D, U, k), ∂L/∂bias (U, k)). Ties go to the first
    piece, as ``argmax`` does.
    """
    x, kernel, bias = _maxout_arguments(x, kernel, bias, maxout_backward)
    z = _pieces(x, kernel, bias)
    grad = as_float_array(
        grad_out, maxout_backward, "grad_out", ndim=2, allow_inf=False
    )
    if grad.shape != z.shape[:2]:
        raise ValueError(
            f"{name_of(maxout_backward)}: grad_out must be (N, U) = {z.shape[:2]}; "
            f"got shape {grad.shape}"
        )
    winner = np.argmax(z, axis=2)  # (N, U)
    grad_z = (np.arange(z.shape[2]) == winner[..., None]) * grad[..., None]  # (N, U, k)
    return (
        np.einsum("nuk,duk->nd", grad_z, kernel),
        np.einsum("nd,nuk->duk", x, grad_z),
        grad_z.sum(axis=0),
    )


def tangent_pieces(
    f: Callable[[np.ndarray], np.ndarray],
    derivative: Callable[[np.ndarray], np.ndarray],
    points: npt.ArrayLike,
) -> tuple[np.ndarray, np.ndarray]:
    """One maxout unit of one input whose k pieces are f's tangents at ``points`` (k,).

    Returns (kernel (1, 1, k), bias (1, k)): piece j is f(c_j) + f'(c_j)·(x - c_j). For
    a convex f every tangent lies below f, so their maximum approaches f from below.
    """
    f = function(f, tangent_pieces, "f")
    derivative = function(derivative, tangent_pieces, "derivative")
    c = as_float_array(points, tangent_pieces, "points", ndim=1, allow_inf=False)
    if c.size == 0:
        raise ValueError(
            f"{name_of(tangent_pieces)}: points must hold at least one point; got an "
            "empty array"
        )
    slope = as_float_array(
        derivative(c), tangent_pieces, "derivative(points)", allow_inf=False
    )
    value = as_float_array(f(c), tangent_pieces, "f(points)", allow_inf=False)
    return slope.reshape(1, 1, -1), (value - slope * c).reshape(1, -1)


# -- DropConnect -----------------------------------------------------------------------
def _rate(rate: float, func: Callable) -> float:
    rate = as_finite_scalar(rate, func, "rate")
    if not 0 <= rate < 1:
        raise ValueError(f"{name_of(func)}: rate must be in [0, 1); got {rate}")
    return rate


def _dense_arguments(
    x: npt.ArrayLike, kernel: npt.ArrayLike, func: Callable, *, pieces: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    # x (N, D) and a kernel (D, U), or (D, U, k) for maxout's k pieces per unit.
    x = as_float_array(x, func, "x", ndim=2, allow_inf=False)
    kernel = as_float_array(
        kernel, func, "kernel", ndim=3 if pieces else 2, allow_inf=False
    )
    if kernel.shape[0] != x.shape[1]:
        layout = "(D, U, k)" if pieces else "(D, U)"
        raise ValueError(
            f"{name_of(func)}: kernel must be {layout} with D = x.shape[1] = "
            f"{x.shape[1]}; got kernel shape {kernel.shape}"
        )
    return x, kernel


def dropconnect_forward(
    x: npt.ArrayLike, kernel: npt.ArrayLike, rate: float, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """DropConnect's training pass of a Dense pre-activation: each example n gets its
    own mask M[n] on the weights, keeping each weight with probability 1 - rate.

    x: (N, D); kernel: (D, U). Returns (output (N, U) with output[n] = x[n] @ (kernel ·
    M[n]), masks (N, D, U) of 0/1). A weight is kept where
    ``np.random.default_rng(seed).random((N, D, U)) >= rate``. Survivors are not
    rescaled (Wan et al.'s training pass), so the mean output is (1 - rate) · x @
    kernel.
    """
    x, kernel = _dense_arguments(x, kernel, dropconnect_forward)
    rate = _rate(rate, dropconnect_forward)
    seed = non_negative_int(seed, dropconnect_forward, "seed")
    masks = np.random.default_rng(seed).random((len(x), *kernel.shape)) >= rate
    return np.einsum("nd,ndu->nu", x, masks * kernel), masks.astype(float)


def dropout_as_weight_mask(keep_inputs: npt.ArrayLike, units: int) -> np.ndarray:
    """Dropout of the inputs written as a mask on a (D, U) kernel: input d dropped
    zeroes row d, every connection leaving it.

    keep_inputs: (N, D) of 0/1. Returns (N, D, units). Compare ``dropconnect_forward``'s
    masks, which zero single weights.
    """
    keep = as_float_array(keep_inputs, dropout_as_weight_mask, "keep_inputs", ndim=2)
    if not np.isin(keep, (0.0, 1.0)).all():
        raise ValueError(
            f"{name_of(dropout_as_weight_mask)}: keep_inputs must hold only 0 and 1; "
            f"got values {np.unique(keep)[:6]}"
        )
    units = positive_int(units, dropout_as_weight_mask, "units")
    return np.repeat(keep[:, :, None], units, axis=2)


# -- Annealed dropout ------------------------------------------------------------------
def annealed_dropout_rate(epoch: int, initial_rate: float, anneal_epochs: int) -> float:
    """Annealed dropout's drop rate at ``epoch`` (0 = the first): it falls linearly from
    ``initial_rate`` to 0 over ``anneal_epochs`` epochs and stays at 0 after.

    rate(t) = initial_rate · max(0, 1 - t / anneal_epochs)  (Rennie, Goel & Thomas
    2014).
    """
    epoch = non_negative_int(epoch, annealed_dropout_rate, "epoch")
    initial_rate = as_finite_scalar(initial_rate, annealed_dropout_rate, "initial_rate")
    initial_rate = _rate(initial_rate, annealed_dropout_rate)
    anneal_epochs = positive_int(anneal_epochs, annealed_dropout_rate, "anneal_epochs")
    return initial_rate * max(0.0, 1.0 - epoch / anneal_epochs)
