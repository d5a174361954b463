"""Convolution and pooling in NumPy, vectorized, with Keras's padding rules.

"Convolution" in deep learning is cross-correlation: the kernel slides over the
image without being flipped, and each output is the sum of the elementwise product
of the kernel with the patch under it. ``conv2d`` shows it on one 2-D image;
``conv2d_nhwc`` does the same for batches of multi-channel images, channels last,
with kernels shaped (kh, kw, in_channels, filters) as in Keras.

``correlate_symbols`` writes the same sum with names instead of numbers, for the slides'
formulas of the backward pass.

Padding, as Keras defines it:
- "valid": no padding; output size (n - k) // s + 1.
- "same": output size ceil(n / s); the zeros needed are split with the extra one at
  the bottom/right.
- an int p (``conv2d`` and ``conv2d_nhwc`` only): p zeros on every side; output (n + 2p
  - k) // s + 1.

No Python loop runs over pixels: convolution copies one shifted view per kernel
position (im2col) and makes one matrix product; pooling reduces ``sliding_window_view``
windows with ``max`` / ``mean``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from numpy.lib.stride_tricks import sliding_window_view

from .._checks import (
    Func,
    as_float_array,
    flag,
    int_pair,
    name_of,
    non_negative_int,
    padding_mode,
    positive_int,
    text,
)

Padding = str | int


def conv_output_size(
    n: int, kernel: int, stride: int = 1, padding: Padding = "valid"
) -> int:
    """Output length along one axis for an input of length n.

    "valid": (n - kernel) // stride + 1;  "same": ceil(n / stride);  int p: (n + 2p -
    kernel) // stride + 1.
    """
    func = conv_output_size
    n, kernel, stride = (
        positive_int(v, func, k)
        for v, k in ((n, "n"), (kernel, "kernel"), (stride, "stride"))
    )
    padding = padding_mode(padding, func)
    p = {"same": None, "valid": 0}.get(padding, padding)
    if p is not None and n + 2 * p < kernel:
        raise ValueError(
            f"{name_of(func)}: a kernel of {kernel} does not fit in {n} inputs"
            + (f" with padding {p}" if p else ' under "valid" padding')
        )
    return _output_size(n, kernel, stride, padding)


def pad_amounts(n: int, kernel: int, stride: int, padding: Padding) -> tuple[int, int]:
    """Zeros (before, after) along one axis; "same" puts the odd one after, as Keras
    does."""
    func = pad_amounts
    n, kernel, stride = (
        positive_int(v, func, k)
        for v, k in ((n, "n"), (kernel, "kernel"), (stride, "stride"))
    )
    return _pad_amounts(n, kernel, stride, padding_mode(padding, func))


def _pad_amounts(n: int, kernel: int, stride: int, padding: Padding) -> tuple[int, int]:
    """``pad_amounts`` of checked sizes (a layer's forward calls it every step)."""
    if padding == "valid":
        return 0, 0
    if padding == "same":
        out = math.ceil(n / stride)
        total = max((out - 1) * stride + kernel - n, 0)
        return total // 2, total - total // 2
    return padding, padding


def conv_param_count(
    kernel_h: int, kernel_w: int, in_channels: int, filters: int, bias: bool = True
) -> int:
    """Weights of a conv layer: kernel_h · kernel_w · in_channels · filters, plus one
    bias per filter."""
    func = conv_param_count
    dims = [
        positive_int(v, func, k)
        for v, k in (
            (kernel_h, "kernel_h"),
            (kernel_w, "kernel_w"),
            (in_channels, "in_channels"),
            (filters, "filters"),
        )
    ]
    bias = flag(bias, func, "bias")
    return dims[0] * dims[1] * dims[2] * dims[3] + (dims[3] if bias else 0)


def conv2d(
    image: npt.ArrayLike,
    kernel: npt.ArrayLike,
    stride: int = 1,
    padding: Padding = "valid",
) -> np.ndarray:
    """Cross-correlate one 2-D image with one 2-D kernel.

    image: (H, W); kernel: (kh, kw). Returns (H', W') with H' = conv_output_size(H, kh,
    stride, padding). Output[i, j] = Σ_{a, b} image[i·s + a, j·s + b] · kernel[a, b] (on
    the padded image).
    """
    image = as_float_array(image, conv2d, "image", ndim=2, allow_inf=False)
    kernel = as_float_array(kernel, conv2d, "kernel", ndim=2, allow_inf=False)
    positive_int(stride, conv2d, "stride")
    out = _conv(
        image[None, :, :, None], kernel[:, :, None, None], None, stride, padding, conv2d
    )
    return out[0, :, :, 0]


def conv2d_nhwc(
    x: npt.ArrayLike,
    kernel: npt.ArrayLike,
    bias: npt.ArrayLike | None = None,
    strides: int | tuple[int, int] = 1,
    padding: Padding = "valid",
) -> np.ndarray:
    """Batched multi-channel cross-correlation, as ``keras.layers.Conv2D`` computes it.

    x: (N, H, W, C); kernel: (kh, kw, C, F); bias: (F,) or None. Returns (N, H', W', F).
    """
    x = as_float_array(x, conv2d_nhwc, "x", ndim=4, allow_inf=False)
    kernel = as_float_array(kernel, conv2d_nhwc, "kernel", ndim=4, allow_inf=False)
    if bias is not None:
        bias = as_float_array(bias, conv2d_nhwc, "bias", ndim=1, allow_inf=False)
    return _conv(x, kernel, bias, strides, padding, conv2d_nhwc)


def _conv(x, kernel, bias, strides, padding, func: Func) -> np.ndarray:
    """The checks of arguments whose values were read already (shapes, strides,
    padding)."""
    sh, sw = int_pair(strides, func, "strides")
    padding = padding_mode(padding, func)
    kh, kw, kc, f = kernel.shape
    if kc != x.shape[3]:
        raise ValueError(
            f"{name_of(func)}: kernel has {kc} input channels but x has {x.shape[3]}; "
            f"got x shape {x.shape} and kernel shape {kernel.shape}"
        )
    conv_output_size(
        x.shape[1], kh, sh, padding
    )  # raise here if the kernel does not fit
    conv_output_size(x.shape[2], kw, sw, padding)
    if bias is not None and bias.shape != (f,):
        raise ValueError(
            f"{name_of(func)}: bias must have shape ({f},), one per filter; got "
            f"{bias.shape}"
        )
    return im2col_conv(x, kernel, bias, (sh, sw), padding)


def im2col_conv(
    x: np.ndarray,
    kernel: np.ndarray,
    bias: np.ndarray | None,
    strides: tuple[int, int],
    padding: Padding,
) -> np.ndarray:
    """The arithmetic of ``conv2d_nhwc`` without its checks, for arrays already checked
    (the Conv2D layer checked its input once): x (N, H, W, C) and kernel (kh, kw, C, F)
    float arrays, bias (F,) or None, strides a pair, padding "valid", "same" or an
    int."""
    (sh, sw), (n, h, w, c), (kh, kw, _, f) = strides, x.shape, kernel.shape
    out_h = _output_size(h, kh, sh, padding)
    out_w = _output_size(w, kw, sw, padding)
    xp = _pad_hw(x, kh, kw, sh, sw, padding)
    # im2col: copy each kernel position's shifted view into one (N·H'·W', kh·kw·C)
    # matrix, laid out like the kernel, so the whole convolution is a single matrix
    # product. (One copy per kernel position is faster than gathering from a 6-D window
    # view.)
    cols = np.empty((n, out_h, out_w, kh, kw, c), dtype=x.dtype)
    for a in range(kh):
        for b in range(kw):
            cols[:, :, :, a, b, :] = xp[
                :,
                a : a + sh * (out_h - 1) + 1 : sh,
                b : b + sw * (out_w - 1) + 1 : sw,
                :,
            ]
    flat_kernel = kernel.astype(x.dtype, copy=False).reshape(kh * kw * c, f)
    out = (cols.reshape(-1, kh * kw * c) @ flat_kernel).reshape(n, out_h, out_w, f)
    if bias is not None:
        out = out + bias.astype(x.dtype, copy=False)
    return out


def _output_size(n: int, kernel: int, stride: int, padding: Padding) -> int:
    if padding == "same":
        return math.ceil(n / stride)
    p = 0 if padding == "valid" else padding
    return (n + 2 * p - kernel) // stride + 1


def _pad_hw(
    x: np.ndarray, kh: int, kw: int, sh: int, sw: int, padding: Padding
) -> np.ndarray:
    top, bottom = pad_amounts(x.shape[1], kh, sh, padding)
    left, right = pad_amounts(x.shape[2], kw, sw, padding)
    if top == bottom == left == right == 0:
        return x
    return np.pad(x, ((0, 0), (top, bottom), (left, right), (0, 0)))


def _pool(x, pool_size, strides, padding, func: Func, reduce: str) -> np.ndarray:
    x = as_float_array(x, func, "x", ndim=(2, 4), allow_inf=False)
    ph, pw = int_pair(pool_size, func, "pool_size")
    sh, sw = int_pair(pool_size if strides is None else strides, func, "strides")
    padding = padding_mode(padding, func, allow_int=False)
    two_d = x.ndim == 2
    x4 = x[None, :, :, None] if two_d else x
    _, h, w, _ = x4.shape
    out_h = conv_output_size(h, ph, sh, padding)
    out_w = conv_output_size(w, pw, sw, padding)
    top, bottom = pad_amounts(h, ph, sh, padding)
    left, right = pad_amounts(w, pw, sw, padding)
    # Pad with NaN so padded cells are ignored: Keras's "same" pooling looks only at
    # real pixels.
    xp = np.pad(
        x4, ((0, 0), (top, bottom), (left, right), (0, 0)), constant_values=np.nan
    )
    windows = sliding_window_view(xp, (ph, pw), axis=(1, 2))[:, ::sh, ::sw][
        :, :out_h, :out_w
    ]
    out = (
        np.nanmax(windows, axis=(4, 5))
        if reduce == "max"
        else np.nanmean(windows, axis=(4, 5))
    )
    return out[0, :, :, 0] if two_d else out


def max_pool2d(
    x: npt.ArrayLike,
    pool_size: int | tuple[int, int] = 2,
    strides: int | tuple[int, int] | None = None,
    padding: str = "valid",
) -> np.ndarray:
    """Largest value in each pooling window, with Keras's padding rules.

    x: (H, W) or (N, H, W, C). Returns (H', W') or (N, H', W', C), where
    H' = ceil(H / strides) for "same" and (H - pool_size) // strides + 1 for "valid".
    strides defaults to pool_size. "same" keeps the partial windows at a ragged edge:
    a 7x7 map pooled 2x2 with stride 2 gives 4x4, as on the X/O slides.
    """
    return _pool(x, pool_size, strides, padding, max_pool2d, "max")


def avg_pool2d(
    x: npt.ArrayLike,
    pool_size: int | tuple[int, int] = 2,
    strides: int | tuple[int, int] | None = None,
    padding: str = "valid",
) -> np.ndarray:
    """Mean of each pooling window; shapes and padding as ``max_pool2d``.

    With "same", a partial window at the edge averages only its real pixels (Keras's
    rule).
    """
    return _pool(x, pool_size, strides, padding, avg_pool2d, "mean")


# -- formulas for the slides -----------------------------------------------------------


def correlate_symbols(
    image: Sequence[Sequence[str]] | np.ndarray,
    kernel: Sequence[Sequence[str]] | np.ndarray,
    padding: int = 0,
    times: str = "",
) -> np.ndarray:
    """Cross-correlation written out with names instead of numbers, stride 1.

    image: (H, W) and kernel: (kh, kw) arrays of names such as "X11" and "W11".
    padding: that many blank cells added on every side of the image, which contribute
    no terms ("full" correlation: padding = kh - 1).
    Returns an (H + 2p - kh + 1, W + 2p - kw + 1) array of strings, each the sum
    "kernel·image + ..." in row-major kernel order, e.g. "W11X11 + W12X12 + W21X21 +
    W22X22".
    """
    times = text(times, correlate_symbols, "times")
    img = np.asarray(image, dtype=object)
    ker = np.asarray(kernel, dtype=object)
    for arr, label in ((img, "image"), (ker, "kernel")):
        if arr.ndim != 2 or arr.size == 0:
            raise ValueError(
                f"{name_of(correlate_symbols)}: {label} must be a 2-D array of names; "
                f"got shape {arr.shape}"
            )
        if not all(isinstance(s, str) for s in arr.ravel()):
            raise TypeError(
                f"{name_of(correlate_symbols)}: {label} must hold strings; got "
                f"{arr.tolist()!r}"
            )
    padding = non_negative_int(padding, correlate_symbols, "padding")
    img = np.pad(img, padding, constant_values="")
    (h, w), (kh, kw) = img.shape, ker.shape
    if h < kh or w < kw:
        raise ValueError(
            f"{name_of(correlate_symbols)}: a {kh}x{kw} kernel does not fit in the "
            f"{h}x{w} (padded) image"
        )
    out = np.empty((h - kh + 1, w - kw + 1), dtype=object)
    for i, j in np.ndindex(out.shape):  # strings, not numbers: a loop is the clear way
        terms = [
            f"{ker[a, b]}{times}{img[i + a, j + b]}"
            for a, b in np.ndindex(kh, kw)
            if img[i + a, j + b] and ker[a, b]
        ]
        out[i, j] = " + ".join(terms) if terms else "0"
    return out
