"""Convolution and pooling layers: Conv2D, MaxPooling2D (MaxPool2D), AveragePooling2D.

Channels last, as Keras: inputs (N, H, W, C), a Conv2D kernel (kh, kw, C, filters) and
bias (filters,), so ``keras_layer.set_weights(our_layer.get_weights())`` gives identical
outputs. Padding follows Keras: "valid" (none) or "same" (output ceil(n / stride), the
odd zero at the bottom/right).

The backward passes, for a convolution h = X ⋆ W (deep learning's "convolution" is a
cross-correlation, see ``deepstep.nn.ops``) and an upstream gradient δ = dL/dh:

- dL/dW = X ⋆ δ: the input correlated with δ (δ dilated by the stride);
- dL/dX = δ̃ ⋆ flip(W): a "full" convolution, δ padded by k - 1 zeros on every side,
  correlated with the kernel turned by 180°; as code, every kernel position (a, b) adds
  δ · W[a, b] back onto the input pixels it touched, the same sum read the other way;
- dL/dbias = δ summed over batch, rows and columns.

Max pooling sends each output's gradient to the first largest input of its window (as
TensorFlow does when there are ties), summing where windows overlap; average pooling
spreads it evenly over the window's real pixels. Loops run over kernel and pool
positions (kh · kw of them), never over pixels.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ..._checks import (
    flag,
    int_pair,
    known_name,
    padding_mode,
    positive_int,
    shape_tuple,
)
from .. import activations, initializers, ops
from .base import InputSpec, Layer
from .core import Activation

__all__ = ["AveragePooling2D", "AvgPool2D", "Conv2D", "MaxPool2D", "MaxPooling2D"]


def _out_size(
    n: int | None, k: int, s: int, padding: str, owner: str, shape
) -> int | None:
    """Output length along one axis, or a ValueError naming the layer and the input
    shape."""
    if n is None:
        return None
    if padding == "valid" and n < k:
        raise ValueError(
            f'{owner}: a window of {k} does not fit in {n} pixels under "valid" '
            "padding; "
            f"got input shape {tuple(shape)}"
        )
    return ops.conv_output_size(n, k, s, padding)


class _Spatial(Layer):
    """Shared by conv and pooling: a window (kh, kw) sliding with strides over (N, H, W,
    C)."""

    window: tuple[int, int]
    strides: tuple[int, int]
    padding: str

    channels: int | None = None  # pinned in the input spec once known (Conv2D)

    def make_input_spec(self, input_shape):
        return InputSpec(
            (None, None, None, self.channels),
            ("batch", "height", "width", "channels"),
            True,
        )

    def forward_input(self, x):
        """The layer's input check, and the window must fit its height and width."""
        x = super().forward_input(x)
        self._output_hw(x.shape)
        return x

    def _output_hw(self, shape: Sequence[int | None]) -> tuple[int | None, int | None]:
        (kh, kw), (sh, sw) = self.window, self.strides
        return (
            _out_size(shape[1], kh, sh, self.padding, self.name, shape),
            _out_size(shape[2], kw, sw, self.padding, self.name, shape),
        )

    def _check_4d_shape(self, input_shape) -> tuple[int | None, ...]:
        shape = shape_tuple(input_shape, self.name)
        if len(shape) != 4:
            raise ValueError(
                f"{self.name}: expects inputs of shape (batch, height, width, "
                f"channels); got {shape}"
            )
        self._output_hw(shape)
        return shape

    def _pad_amounts(self, h: int, w: int) -> tuple[tuple[int, int], tuple[int, int]]:
        (kh, kw), (sh, sw) = self.window, self.strides
        return (
            _pads(h, kh, sh, self.padding),
            _pads(w, kw, sw, self.padding),
        )

    def _windows(self, xp: np.ndarray, out_h: int, out_w: int) -> np.ndarray:
        """(N, H', W', C, kh, kw): a view of every window, no copy."""
        (sh, sw) = self.strides
        view = sliding_window_view(xp, self.window, axis=(1, 2))
        return view[:, ::sh, ::sw][:, :out_h, :out_w]

    def _spread(self, parts, padded_shape, pads, out_h, out_w, dtype) -> np.ndarray:
        """Add parts[a, b] (N, H', W', C) onto the window position (a, b) of every
        output, then cut the padding off: the adjoint of reading windows."""
        (kh, kw), (sh, sw) = self.window, self.strides
        dxp = np.zeros(padded_shape, dtype=dtype)
        for a in range(kh):
            for b in range(kw):
                rows = slice(a, a + sh * (out_h - 1) + 1, sh)
                cols = slice(b, b + sw * (out_w - 1) + 1, sw)
                dxp[:, rows, cols, :] += parts(a, b)
        (top, _), (left, _) = pads
        h, w = padded_shape[1] - sum(pads[0]), padded_shape[2] - sum(pads[1])
        return dxp[:, top : top + h, left : left + w, :]


@functools.lru_cache(maxsize=256)
def _pads(n: int, kernel: int, stride: int, padding: str) -> tuple[int, int]:
    """``ops.pad_amounts``, checked once per shape: a forward pass asks again every
    step."""
    return ops.pad_amounts(n, kernel, stride, padding)


class Conv2D(_Spatial):
    """2-D convolution layer, like ``keras.layers.Conv2D``: output = activation(x ⋆
    kernel + bias).

    x: (N, H, W, C) -> (N, H', W', filters), H' = conv_output_size(H, kh, strides,
    padding).
    kernel: (kh, kw, C, filters); bias: (filters,). Weights start as Keras's do
    (glorot_uniform with fan_in = kh·kw·C and fan_out = kh·kw·filters; zero biases).
    """

    def __init__(
        self,
        filters: int,
        kernel_size: int | tuple[int, int],
        strides: int | tuple[int, int] = 1,
        padding: str = "valid",
        activation: str | None = None,
        use_bias: bool = True,
        kernel_initializer: str = "glorot_uniform",
        bias_initializer: str = "zeros",
        name: str | None = None,
    ):
        positive_int(filters, Conv2D, "filters")
        window = int_pair(kernel_size, Conv2D, "kernel_size")
        steps = int_pair(strides, Conv2D, "strides")
        pad = padding_mode(padding, Conv2D, allow_int=False)
        activation = known_name(
            activation,
            activations.NAMES,
            Conv2D,
            "activation",
            "activation",
            none="linear",
        )
        use_bias = flag(use_bias, Conv2D, "use_bias")
        known_name(
            kernel_initializer,
            initializers.NAMES,
            Conv2D,
            "kernel_initializer",
            "initializer",
        )
        known_name(
            bias_initializer,
            initializers.NAMES,
            Conv2D,
            "bias_initializer",
            "initializer",
        )
        super().__init__(name)
        self.filters = int(filters)
        self.window, self.strides, self.padding = window, steps, pad
        self.kernel_size = window
        self.activation = Activation(activation, name=f"{self.name}_activation")
        self.use_bias = bool(use_bias)
        self.kernel_initializer, self.bias_initializer = (
            kernel_initializer,
            bias_initializer,
        )
        self._x: np.ndarray | None = (
            None  # kept by forward for backward, with the output
        )
        self._out: np.ndarray | None = None

    def build(self, input_shape):
        shape = self._check_4d_shape(input_shape)
        channels = shape[3]
        if channels is None:
            raise ValueError(
                f"{self.name}: the number of input channels must be known; got {shape}"
            )
        self.channels = channels
        super().build(shape)
        kh, kw = self.window
        fan_in, fan_out = kh * kw * channels, kh * kw * self.filters
        bias = self.bias_initializer if self.use_bias else None
        shape = (kh, kw, channels, self.filters)
        self.add_kernel_and_bias(shape, fan_in, fan_out, self.kernel_initializer, bias)
        self.activation.build((None, None, None, self.filters))

    def compute_output_shape(self, input_shape):
        shape = self._check_4d_shape(input_shape)
        return (shape[0], *self._output_hw(shape), self.filters)

    def forward(self, x, training=False):
        x = self.forward_input(x)
        bias = self.params["bias"] if self.use_bias else None
        z = ops.im2col_conv(x, self.params["kernel"], bias, self.strides, self.padding)
        self._x = x
        self._out = self.activation.forward(z)
        return self._out

    def backward(self, grad_out):
        g = self.backward_input(grad_out, self._out)
        delta = self.activation.backward(g)  # dL/dz, z = x ⋆ kernel + bias
        x = self._x
        dtype = np.result_type(x, delta)
        delta = delta.astype(dtype, copy=False)
        n, out_h, out_w, filters = delta.shape
        kh, kw, channels, _ = self.params["kernel"].shape
        (top, bottom), (left, right) = pads = self._pad_amounts(x.shape[1], x.shape[2])
        xp = np.pad(x, ((0, 0), (top, bottom), (left, right), (0, 0))).astype(
            dtype, copy=False
        )
        # dL/dW = X ⋆ δ. Lay the windows out as rows (N·H'·W', kh·kw·C), channels
        # fastest, so the sum over batch and positions is one matrix product.
        cols = self._windows(xp, out_h, out_w).transpose(0, 1, 2, 4, 5, 3)
        delta2 = delta.reshape(-1, filters)
        dkernel = cols.reshape(-1, kh * kw * channels).T @ delta2
        self.grads["kernel"] = dkernel.reshape(kh, kw, channels, filters)
        if self.use_bias:
            self.grads["bias"] = delta2.sum(axis=0)
        # dL/dX = full convolution of δ with the flipped kernel, written as its scatter
        # form: the kernel entry W[a, b] carried x[i·s + a, j·s + b] to h[i, j], so it
        # carries δ[i, j] · W[a, b] back.
        kernel = self.params["kernel"].astype(dtype, copy=False)
        return self._spread(
            lambda a, b: (delta2 @ kernel[a, b].T).reshape(n, out_h, out_w, channels),
            xp.shape,
            pads,
            out_h,
            out_w,
            dtype,
        )

    def __repr__(self) -> str:
        return (
            f"Conv2D({self.filters}, {self.window}, strides={self.strides}, "
            f"padding={self.padding!r}, "
            f"activation={self.activation.activation_name!r}, name={self.name!r})"
        )


class _Pooling(_Spatial):
    """Pooling windows over (N, H, W, C), each channel on its own; no weights."""

    def __init__(
        self,
        pool_size: int | tuple[int, int] = 2,
        strides: int | tuple[int, int] | None = None,
        padding: str = "valid",
        name: str | None = None,
    ):
        cls = type(self)
        window = int_pair(pool_size, cls, "pool_size")
        steps = window if strides is None else int_pair(strides, cls, "strides")
        pad = padding_mode(padding, cls, allow_int=False)
        super().__init__(name)
        self.window, self.strides, self.padding = window, steps, pad
        self.pool_size = window
        self._in_shape: tuple[int, ...] | None = None
        self._out: np.ndarray | None = None

    def build(self, input_shape):
        super().build(self._check_4d_shape(input_shape))

    def _pad_input(self, x: np.ndarray, fill: float) -> tuple[np.ndarray, int, int]:
        """x with ``fill`` in the padding the windows need, and the output's H', W'."""
        (top, bottom), (left, right) = self._pad_amounts(x.shape[1], x.shape[2])
        xp = np.pad(
            x, ((0, 0), (top, bottom), (left, right), (0, 0)), constant_values=fill
        )
        return xp, *self._output_hw(x.shape)

    def _padded_shape(
        self,
    ) -> tuple[tuple[tuple[int, int], tuple[int, int]], tuple[int, ...]]:
        """The padding of the last forward's input, and that input's shape once
        padded."""
        n, h, w, c = self._in_shape
        pads = self._pad_amounts(h, w)
        return pads, (n, h + sum(pads[0]), w + sum(pads[1]), c)

    def compute_output_shape(self, input_shape):
        shape = self._check_4d_shape(input_shape)
        return (shape[0], *self._output_hw(shape), shape[3])

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}({self.window}, strides={self.strides}, "
            f"padding={self.padding!r}, name={self.name!r})"
        )


class MaxPooling2D(_Pooling):
    """Max pooling, like ``keras.layers.MaxPooling2D``: the largest value of each
    window.

    x: (N, H, W, C) -> (N, H', W', C); strides default to pool_size. With "same" padding
    the windows at a ragged edge look only at real pixels.
    Backward: each output's gradient goes to its window's arg-max (the first one, in
    row-major order, when values tie), and adds up where windows overlap.
    """

    def forward(self, x, training=False):
        x = self.forward_input(x)
        n, h, w, c = x.shape
        # -inf padding can never be the maximum: "same" pooling ignores it, as Keras
        # does.
        xp, out_h, out_w = self._pad_input(x, -np.inf)
        flat = self._windows(xp, out_h, out_w).reshape(n, out_h, out_w, c, -1)
        self._argmax = flat.argmax(axis=-1)  # the first maximum, like TensorFlow
        self._out = np.take_along_axis(flat, self._argmax[..., None], axis=-1)[..., 0]
        self._in_shape = x.shape
        return self._out

    def backward(self, grad_out):
        g = self.backward_input(grad_out, self._out)
        pads, padded = self._padded_shape()
        pw = self.window[1]
        return self._spread(
            lambda a, b: np.where(self._argmax == a * pw + b, g, 0.0),
            padded,
            pads,
            *g.shape[1:3],
            g.dtype,
        )


MaxPool2D = MaxPooling2D  # Keras has both names


class AveragePooling2D(_Pooling):
    """Average pooling, like ``keras.layers.AveragePooling2D``: the mean of each window.

    x: (N, H, W, C) -> (N, H', W', C); strides default to pool_size. With "same" padding
    a partial window at the edge averages only its real pixels (Keras's rule).
    Backward: each output's gradient is shared equally among the real pixels of its
    window.
    """

    def _counts(self, h: int, w: int, out_h: int, out_w: int) -> np.ndarray:
        """(H', W'): how many real pixels each window covers."""
        (kh, kw), (sh, sw) = self.window, self.strides
        (top, _), (left, _) = self._pad_amounts(h, w)
        starts_h = np.arange(out_h) * sh - top
        starts_w = np.arange(out_w) * sw - left
        rows = np.minimum(starts_h + kh, h) - np.maximum(starts_h, 0)
        cols = np.minimum(starts_w + kw, w) - np.maximum(starts_w, 0)
        return np.outer(rows, cols)

    def forward(self, x, training=False):
        x = self.forward_input(x)
        h, w = x.shape[1:3]
        xp, out_h, out_w = self._pad_input(x, 0.0)
        sums = self._windows(xp, out_h, out_w).sum(axis=(4, 5))
        self._count = self._counts(h, w, out_h, out_w)[None, :, :, None].astype(x.dtype)
        self._out = sums / self._count
        self._in_shape = x.shape
        return self._out

    def backward(self, grad_out):
        g = self.backward_input(grad_out, self._out)
        pads, padded = self._padded_shape()
        share = g / self._count  # padded cells get a share too, then are cut off
        return self._spread(
            lambda a, b: share, padded, pads, *g.shape[1:3], share.dtype
        )


AvgPool2D = AveragePooling2D  # Keras has both names
