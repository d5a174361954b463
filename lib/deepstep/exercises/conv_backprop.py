"""Exercises of notebook 08 (backpropagation through convolution and pooling): the
kernel and input gradients of a strided convolution, and max pooling's gradient routing.

The references are the library's layers, run forward and then backward on one picture
with one channel: ``Conv2D(1, kernel_size, strides, use_bias=False)`` keeps ∂L/∂W in
``grads["kernel"]`` and returns ∂L/∂x; ``MaxPool2D(size, strides)`` sends each window's
gradient to its first maximum in reading order (TensorFlow's rule at a tie) and adds up
where windows overlap.
"""

from __future__ import annotations

import numpy as np

from ..nn.layers import Conv2D, MaxPool2D
from .feedback import Case, Exercise, KnownMistake


def _pair(value):
    return (value, value) if np.ndim(value) == 0 else tuple(value)


# -- the kernel gradient ---------------------------------------------------------------
def _kernel_gradient_reference(x, delta, kernel_size, stride=1):
    x = np.asarray(x, dtype=float)
    layer = Conv2D(1, kernel_size, strides=stride, use_bias=False)
    layer.build((None, *x.shape, 1))
    layer(x[None, :, :, None])
    layer.backward(np.asarray(delta, dtype=float)[None, :, :, None])
    return layer.grads["kernel"][:, :, 0, 0]


def _kernel_gradient_cases() -> list[Case]:
    rng = np.random.default_rng(8)
    slide_x = np.array([[1.0, 0.0, 2.0], [3.0, 1.0, 0.0], [0.0, 2.0, 1.0]])
    slide_delta = np.array([[1.0, -1.0], [1.0, 0.0]])  # the notebook's h - t
    return [
        Case("the slide's 3x3 input, 2x2 kernel", (slide_x, slide_delta, 2)),
        Case(
            "6x6 input, 3x3 kernel",
            (rng.normal(size=(6, 6)), rng.normal(size=(4, 4)), 3),
        ),
        Case(
            "7x7 input, 3x3 kernel, stride 2",
            (rng.normal(size=(7, 7)), rng.normal(size=(3, 3)), 3),
            {"stride": 2},
        ),
        Case(
            "5x8 input, 2x3 kernel, stride 3 (the last row is never read)",
            (-rng.uniform(0.5, 2, size=(5, 8)), rng.normal(size=(2, 2)), (2, 3)),
            {"stride": 3},
        ),
        Case(
            "a 1x1 kernel: Σ δ·x", (rng.normal(size=(3, 4)), rng.normal(size=(3, 4)), 1)
        ),
        Case(
            "the kernel as big as the input: δ is 1x1",
            (rng.normal(size=(4, 3)), np.array([[-2.5]]), (4, 3)),
        ),
    ]


def _kernel_gradient_loops(x, delta, kernel_size, stride, start, combine):
    x, delta = np.asarray(x, dtype=float), np.asarray(delta, dtype=float)
    (kh, kw), (s, t) = _pair(kernel_size), _pair(stride)
    dW = np.zeros((kh, kw))
    for a in range(kh):
        for b in range(kw):
            dW[a, b] = combine(
                [
                    x[start(i, s, a), start(j, t, b)] * delta[i, j]
                    for i in range(delta.shape[0])
                    for j in range(delta.shape[1])
                ]
            )
    return dW


def _kernel_gradient_flipped(x, delta, kernel_size, stride=1):
    # the right numbers, turned by 180°: the kernel gradient of a true (flipped)
    # convolution
    return _kernel_gradient_reference(x, delta, kernel_size, stride)[::-1, ::-1]


def _kernel_gradient_averaged(x, delta, kernel_size, stride=1):
    # averages over the output positions instead of summing over them
    return _kernel_gradient_loops(x, delta, kernel_size, stride, _window_start, np.mean)


def _window_start(i, s, a):
    return i * s + a


def _kernel_gradient_no_stride(x, delta, kernel_size, stride=1):
    # the window of h[i, j] taken at (i, j), as if the stride were 1
    return _kernel_gradient_loops(
        x, delta, kernel_size, stride, lambda i, s, a: i + a, np.sum
    )


def _kernel_gradient_transposed_windows(x, delta, kernel_size, stride=1):
    # mixes rows and columns: W[a, b] paired with x[i·s + b, j·s + a]
    x, delta = np.asarray(x, dtype=float), np.asarray(delta, dtype=float)
    (kh, kw), (s, t) = _pair(kernel_size), _pair(stride)
    dW = np.zeros((kh, kw))
    for a in range(kh):
        for b in range(kw):
            for i in range(delta.shape[0]):
                for j in range(delta.shape[1]):
                    r, c = i * s + b, j * t + a
                    if r < x.shape[0] and c < x.shape[1]:
                        dW[a, b] += x[r, c] * delta[i, j]
    return dW


KERNEL_GRADIENT = Exercise(
    name="kernel_gradient",
    notebook="08_cnn_backprop",
    reference=_kernel_gradient_reference,
    compares='Conv2D(1, kernel_size, strides=stride, use_bias=False).grads["kernel"]',
    cases=_kernel_gradient_cases,
    mistakes=(
        KnownMistake(
            _kernel_gradient_flipped,
            "your ∂L/∂W is the right one turned by 180°. The forward pass is a "
            "correlation (no flip), so ∂L/∂W[a, b] = Σ x[i·s + a, j·s + b]·δ[i, j] "
            "reads the windows in the same order: don't flip the kernel or δ.",
        ),
        KnownMistake(
            _kernel_gradient_averaged,
            "you average over the output positions. Every h[i, j] uses the same W[a, "
            "b], so the chain rule adds up their contributions: a sum, not a mean.",
        ),
        KnownMistake(
            _kernel_gradient_no_stride,
            "you ignore the stride: with stride s the window of h[i, j] starts at "
            "(i·s, j·s), so W[a, b] met x[i·s + a, j·s + b], not x[i + a, j + b].",
        ),
        KnownMistake(
            _kernel_gradient_transposed_windows,
            "rows and columns are swapped: W[a, b] met x[i·s + a, j·s + b], row index "
            "a with the row i, column index b with the column j.",
        ),
    ),
)


# -- max pooling's gradient ------------------------------------------------------------
def _max_pool_backward_reference(x, grad_out, size=2, stride=2):
    x = np.asarray(x, dtype=float)
    pool = MaxPool2D(pool_size=size, strides=stride)
    pool.build((None, *x.shape, 1))
    pool(x[None, :, :, None])
    return pool.backward(np.asarray(grad_out, dtype=float)[None, :, :, None])[
        0, :, :, 0
    ]


def _max_pool_backward_cases() -> list[Case]:
    rng = np.random.default_rng(80)
    fmap = np.array(
        [
            [1.0, 3.0, 2.0, 0.0],
            [4.0, 2.0, 1.0, 5.0],
            [0.0, 1.0, 6.0, 2.0],
            [3.0, 2.0, 1.0, 1.0],
        ]
    )
    peak = np.array([[0.0, 1.0, 0.0], [1.0, 9.0, 1.0], [0.0, 1.0, 0.0]])
    ties = np.array([[1.0, 1.0, -1.0, -1.0], [-1.0, 1.0, -1.0, -1.0]])  # a ±1 picture
    return [
        Case(
            "the notebook's 4x4 map, 2x2 windows",
            (fmap, np.array([[10.0, 20], [30, 40]])),
        ),
        Case(
            "5x7 negative values, 3x3 windows, stride 2",
            (-rng.uniform(1, 2, size=(5, 7)), rng.normal(size=(2, 3))),
            {"size": 3, "stride": 2},
        ),
        Case(
            "ties in a ±1 picture: the first maximum wins",
            (ties, np.array([[2.0, -3.0]])),
        ),
        Case(
            "overlapping windows, stride 1: the 9 wins all four",
            (peak, np.array([[1.0, 2.0], [3.0, 4.0]])),
            {"stride": 1},
        ),
        Case(
            "6x5, 2x2 windows, stride 3 (some pixels in no window)",
            (rng.normal(size=(6, 5)), rng.normal(size=(2, 2))),
            {"stride": 3},
        ),
        Case("one 1x1 window", (np.array([[-0.7]]), np.array([[1.5]])), {"size": 1}),
    ]


def _windows(x, grad_out, size, stride):
    """(row slice, column slice, upstream gradient) of every pooling window."""
    for i in range(np.shape(grad_out)[0]):
        for j in range(np.shape(grad_out)[1]):
            rows = slice(i * stride, i * stride + size)
            cols = slice(j * stride, j * stride + size)
            yield rows, cols, grad_out[i, j]


def _spread(x, grad_out, size, stride, share):
    # adds share(window, g) onto each window's pixels: how the wrong versions below
    # differ
    x = np.asarray(x, dtype=float)
    dx = np.zeros_like(x)
    for rows, cols, g in _windows(x, grad_out, size, stride):
        dx[rows, cols] += share(x[rows, cols], g)
    return dx


def _max_pool_backward_everywhere(x, grad_out, size=2, stride=2):
    # copies each window's gradient onto all of its pixels
    return _spread(x, grad_out, size, stride, lambda window, g: g)


def _max_pool_backward_averaged(x, grad_out, size=2, stride=2):
    # shares each window's gradient among its pixels: average pooling's gradient
    return _spread(x, grad_out, size, stride, lambda window, g: g / size**2)


def _max_pool_backward_every_tie(x, grad_out, size=2, stride=2):
    # gives the full gradient to every pixel equal to the window's maximum
    return _spread(
        x,
        grad_out,
        size,
        stride,
        lambda window, g: np.where(window == window.max(), g, 0.0),
    )


def _max_pool_backward_overwrites(x, grad_out, size=2, stride=2):
    # writes (=) the gradient instead of adding (+=): overlapping windows lose all but
    # one
    x = np.asarray(x, dtype=float)
    dx = np.zeros_like(x)
    for rows, cols, g in _windows(x, grad_out, size, stride):
        window = x[rows, cols]
        a, b = np.unravel_index(np.argmax(window), window.shape)
        dx[rows.start + a, cols.start + b] = g
    return dx


def _max_pool_backward_windows_by_size(x, grad_out, size=2, stride=2):
    # steps the windows by their size, not by the stride
    return _max_pool_backward_overwrites(x, grad_out, size, size)


MAX_POOL_BACKWARD = Exercise(
    name="max_pool_backward",
    notebook="08_cnn_backprop",
    reference=_max_pool_backward_reference,
    compares="MaxPool2D(size, strides=stride).backward",
    cases=_max_pool_backward_cases,
    mistakes=(
        KnownMistake(
            _max_pool_backward_everywhere,
            "you copy the gradient onto every pixel of the window. Only the maximum "
            "reached the output, so only it gets the gradient; the other pixels get "
            "0.",
        ),
        KnownMistake(
            _max_pool_backward_averaged,
            "you share the gradient equally among the window: that is average "
            "pooling's gradient. Max pooling sends all of it to the window's maximum.",
        ),
        KnownMistake(
            _max_pool_backward_every_tie,
            "at a tie you give the gradient to every maximum. The library (like "
            "TensorFlow) gives it only to the first one in reading order: np.argmax "
            "of the window, then np.unravel_index.",
        ),
        KnownMistake(
            _max_pool_backward_overwrites,
            "where windows overlap, a pixel that wins several of them must collect "
            "all their gradients: add with +=, don't overwrite with =.",
        ),
        KnownMistake(
            _max_pool_backward_windows_by_size,
            "your windows step by the pool size; they step by the stride: the window "
            "of output (i, j) starts at (i·stride, j·stride).",
        ),
    ),
)


# -- the input gradient ----------------------------------------------------------------
def _input_gradient_reference(delta, kernel, input_shape, stride=1):
    kernel = np.asarray(kernel, dtype=float)
    layer = Conv2D(1, kernel.shape, strides=stride, use_bias=False)
    layer.build((None, *input_shape, 1))
    layer.set_weights([kernel[:, :, None, None]])
    layer(np.zeros((1, *input_shape, 1)))  # a linear layer: ∂L/∂x does not depend on x
    return layer.backward(np.asarray(delta, dtype=float)[None, :, :, None])[0, :, :, 0]


def _input_gradient_cases() -> list[Case]:
    rng = np.random.default_rng(88)
    slide_delta = np.array([[1.0, -1.0], [1.0, 0.0]])  # the notebook's h - t
    slide_kernel = np.array([[1.0, -1.0], [0.0, 2.0]])
    return [
        Case("the slide's 2x2 kernel, 3x3 input", (slide_delta, slide_kernel, (3, 3))),
        Case(
            "3x3 kernel, 6x6 input",
            (rng.normal(size=(4, 4)), rng.normal(size=(3, 3)), (6, 6)),
        ),
        Case(
            "3x3 kernel, 7x7 input, stride 2",
            (rng.normal(size=(3, 3)), rng.normal(size=(3, 3)), (7, 7)),
            {"stride": 2},
        ),
        Case(
            "3x3 kernel, 8x8 input, stride 2: the last row and column are never read",
            (rng.normal(size=(3, 3)), rng.normal(size=(3, 3)), (8, 8)),
            {"stride": 2},
        ),
        Case(
            "2x3 negative kernel, 5x7 input, stride 2",
            (rng.normal(size=(2, 3)), -rng.uniform(0.5, 2, size=(2, 3)), (5, 7)),
            {"stride": 2},
        ),
        Case(
            "1x1 kernel: δ times one weight",
            (rng.normal(size=(3, 4)), np.array([[-1.5]]), (3, 4)),
        ),
    ]


def _scatter(delta, kernel, input_shape, stride):
    # adds delta[i, j] * kernel onto the window at (i * stride, j * stride)
    delta, kernel = np.asarray(delta, dtype=float), np.asarray(kernel, dtype=float)
    kh, kw = kernel.shape
    dx = np.zeros(input_shape)
    for i, j in np.ndindex(delta.shape):
        dx[i * stride : i * stride + kh, j * stride : j * stride + kw] += (
            delta[i, j] * kernel
        )
    return dx


def _input_gradient_rotated(delta, kernel, input_shape, stride=1):
    # the kernel turned by 180° once too often (or not at all in the full-convolution
    # form)
    return _scatter(delta, np.asarray(kernel)[::-1, ::-1], input_shape, stride)


def _input_gradient_one_axis(delta, kernel, input_shape, stride=1):
    # the full convolution with kernel[::-1]: only the rows flipped
    return _scatter(delta, np.asarray(kernel)[:, ::-1], input_shape, stride)


def _input_gradient_transposed(delta, kernel, input_shape, stride=1):
    # the full convolution with kernel.T, as if transposing turned the kernel
    return _scatter(delta, np.asarray(kernel).T[::-1, ::-1], input_shape, stride)


def _input_gradient_no_stride(delta, kernel, input_shape, stride=1):
    return _scatter(delta, kernel, input_shape, 1)


INPUT_GRADIENT = Exercise(
    name="input_gradient",
    notebook="08_cnn_backprop",
    reference=_input_gradient_reference,
    compares="Conv2D(1, kernel.shape, strides=stride, use_bias=False).backward",
    cases=_input_gradient_cases,
    mistakes=(
        KnownMistake(
            _input_gradient_rotated,
            "your ∂L/∂x is what the kernel turned by 180° would give. Adding delta[i, "
            "j] * kernel onto the window needs no flip (each pixel met the kernel as "
            "it is); the full-convolution form needs one: kernel[::-1, ::-1].",
        ),
        KnownMistake(
            _input_gradient_one_axis,
            "only one axis of the kernel is flipped. Turning it by 180° flips both: "
            "kernel[::-1, ::-1] (or np.rot90(kernel, 2)); kernel[::-1] flips the rows "
            "only.",
        ),
        KnownMistake(
            _input_gradient_transposed,
            "you transpose the kernel; the full convolution turns it by 180°: "
            "kernel[::-1, ::-1]. kernel.T swaps rows and columns, which is another "
            "matrix.",
        ),
        KnownMistake(
            _input_gradient_no_stride,
            "you ignore the stride: δ[i, j] goes back to the window that h[i, j] read, "
            "which starts at (i·s, j·s); in the full-convolution form, put s − 1 zeros "
            "between δ's entries first.",
        ),
    ),
)

EXERCISES = (KERNEL_GRADIENT, INPUT_GRADIENT, MAX_POOL_BACKWARD)
