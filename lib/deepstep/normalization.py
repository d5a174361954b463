"""Normalization across neighbours: local response and local contrast.  (notebook 17)

- ``lrn(x, depth_radius, bias, alpha, beta)``: local response normalization across
  channels, TensorFlow's definition (``tf.nn.local_response_normalization``): each value
  is divided by ``(bias + alpha * sum of squares of its 2r+1 channel neighbours) **
  beta``. Alpha multiplies the plain sum (TF does not divide it by the window size n).
- ``lrn_backward(x, grad_out, ...)``: the gradient of ``sum(grad_out * lrn(x))`` wrt x.
- ``gaussian_window(size, sigma)``: a 2-D Gaussian that sums to 1.
- ``local_contrast_normalize(image, size, sigma)``: subtract the Gaussian-weighted local
  mean, then divide by the Gaussian-weighted local standard deviation (floored at its
  mean over the image, as Jarrett et al. 2009 do, so flat regions are not blown up).
"""

from __future__ import annotations

import numpy as np

from ._checks import (
    as_finite_scalar,
    as_float_array,
    boundary,
    name_of,
    non_negative_int,
    positive_int,
)


def _channel_window_sum(sq: np.ndarray, r: int) -> np.ndarray:
    """Sum over channels c-r..c+r (clipped at the ends) of sq (..., C)."""
    c = sq.shape[-1]
    cum = np.concatenate(
        [np.zeros(sq.shape[:-1] + (1,)), np.cumsum(sq, axis=-1)], axis=-1
    )
    hi = np.minimum(np.arange(c) + r + 1, c)
    lo = np.maximum(np.arange(c) - r, 0)
    return cum[..., hi] - cum[..., lo]


def lrn(
    x: np.ndarray,
    depth_radius: int = 5,
    bias: float = 1.0,
    alpha: float = 1.0,
    beta: float = 0.5,
) -> np.ndarray:
    """Local response normalization across the last axis (channels).

    x: (..., C), e.g. (N, H, W, C). Returns the same shape:
    ``x[..., c] / (bias + alpha * sum_{j=c-r}^{c+r} x[..., j] ** 2) ** beta``, with the
    window clipped at the first and last channel. TF's defaults are the defaults.
    """
    x, r, bias, alpha, beta = _lrn_arguments(lrn, x, depth_radius, bias, alpha, beta)
    return x / (bias + alpha * _channel_window_sum(x**2, r)) ** beta


def _lrn_arguments(func, x, depth_radius, bias, alpha, beta):
    # lrn and lrn_backward take the same arguments: one check for both.
    x = as_float_array(x, func, "x", allow_inf=False).astype(np.float64)
    if x.ndim < 1:
        raise ValueError(
            f"{name_of(func)}: x must have a channel axis; got shape {x.shape}"
        )
    r = non_negative_int(depth_radius, func, "depth_radius")
    bias = as_finite_scalar(bias, func, "bias")
    alpha = as_finite_scalar(alpha, func, "alpha")
    beta = as_finite_scalar(beta, func, "beta")
    return x, r, bias, alpha, beta


def lrn_backward(
    x: np.ndarray,
    grad_out: np.ndarray,
    depth_radius: int = 5,
    bias: float = 1.0,
    alpha: float = 1.0,
    beta: float = 0.5,
) -> np.ndarray:
    """Gradient of ``sum(grad_out * lrn(x, ...))`` with respect to x; both (..., C).

    With d = bias + alpha * S (S the window sum of squares), y_c = x_c d_c^-beta and
    dL/dx_j = g_j d_j^-beta - 2 alpha beta x_j * sum_{c: |c-j|<=r} g_c x_c
    d_c^(-beta-1).
    """
    x, r, bias, alpha, beta = _lrn_arguments(
        lrn_backward, x, depth_radius, bias, alpha, beta
    )
    g = as_float_array(grad_out, lrn_backward, "grad_out", allow_inf=False).astype(
        np.float64
    )
    if g.shape != x.shape:
        raise ValueError(
            f"{name_of(lrn_backward)}: grad_out must have x's shape {x.shape}; got "
            f"{g.shape}"
        )
    d = bias + alpha * _channel_window_sum(x**2, r)
    inner = _channel_window_sum(g * x * d ** (-beta - 1), r)  # the window is symmetric
    return g * d**-beta - 2 * alpha * beta * x * inner


def gaussian_window(size: int = 9, sigma: float = 2.0) -> np.ndarray:
    """A (size, size) Gaussian window, centred, summing to 1."""
    size = positive_int(size, gaussian_window, "size")
    sigma = as_finite_scalar(sigma, gaussian_window, "sigma", positive=True)
    t = np.arange(size) - (size - 1) / 2
    g = np.exp(-(t**2) / (2 * sigma**2))
    w = np.outer(g, g)
    return w / w.sum()


@boundary
def local_contrast_normalize(
    image: np.ndarray, size: int = 9, sigma: float = 2.0, eps: float = 1e-8
) -> np.ndarray:
    """Subtractive then divisive normalization of a 2-D image (H, W) with a Gaussian
    window.

    v = x - (w * x); sigma_local = sqrt(w * v**2); y = v / max(sigma_local,
    mean(sigma_local)). ``*`` is a convolution with the window w (edges reflected).
    Returns (H, W).
    """
    # Imported here, not at the top: scipy.ndimage takes longer to import than the rest
    # of deepstep together, and only this function (notebook 17) needs it.
    from scipy import ndimage

    x = as_float_array(
        image, local_contrast_normalize, "image", ndim=2, allow_inf=False
    ).astype(np.float64)
    eps = as_finite_scalar(eps, local_contrast_normalize, "eps", positive=True)
    w = gaussian_window(size, sigma)
    v = x - ndimage.convolve(x, w, mode="reflect")
    local_std = np.sqrt(ndimage.convolve(v**2, w, mode="reflect"))
    return v / np.maximum(np.maximum(local_std, local_std.mean()), eps)
