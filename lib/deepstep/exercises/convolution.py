"""Exercises of notebook 06 (convolution): a 2-D convolution with two loops over the
output positions, the same with stride and zero padding, and a layer of filters that
span the depth of a multi-channel image.

The reference is the library's ``ops.conv2d``, the deep-learning convention: a
cross-correlation (the kernel is not flipped) that sums the products under the window
and does not divide by the kernel's size (the X/O scores divide by 9 afterwards).
Padding is an int p, p zeros on every side, and the output size is
``ops.conv_output_size``. The layer's reference is ``ops.conv2d_nhwc`` on a batch of one
(Keras's Conv2D with "valid" padding).
"""

from __future__ import annotations

import numpy as np

from .. import data, kernels
from ..nn import ops
from .feedback import Case, Exercise, KnownMistake

# The 5x5 example of deck 000 and its corner-and-centre kernel (symmetric under a flip).
_IMAGE5 = np.array([[1, 1, 1, 0, 0], [0, 1, 1, 1, 0], [0, 0, 1, 1, 1], [0, 0, 1, 1, 0],
                    [0, 1, 1, 0, 0]], dtype=float)  # fmt: skip
_KERNEL5 = np.array([[1, 0, 1], [0, 1, 0], [1, 0, 1]], dtype=float)


def _window_sums(padded, kernel, stride, out_h, out_w, flip=False, step_input=True):
    """The two loops every wrong version below shares, with one thing changed."""
    kh, kw = kernel.shape
    k = kernel[::-1, ::-1] if flip else kernel
    out = np.zeros((out_h, out_w))
    for i in range(out_h):
        for j in range(out_w):
            r, c = (i * stride, j * stride) if step_input else (i, j)
            out[i, j] = np.sum(padded[r : r + kh, c : c + kw] * k)
    return out


# -- conv2d: "valid", stride 1 ---------------------------------------------------------
def _conv2d_reference(image, kernel):
    return ops.conv2d(image, kernel)


def _conv2d_cases() -> list[Case]:
    rng = np.random.default_rng(6)
    x_image, diagonal = data.xo_image("x"), data.XO_FEATURES[0].astype(float)
    return [
        Case("deck 000's 5x5 example", (_IMAGE5, _KERNEL5)),
        Case(
            "6x6 image, the Sobel kernel (not symmetric)",
            (
                rng.integers(0, 10, size=(6, 6)).astype(float),
                kernels.named_kernel("vertical edges"),
            ),
        ),
        Case(
            "5x8 image, 2x3 kernel, negative values",
            (rng.normal(size=(5, 8)), rng.normal(size=(2, 3))),
        ),
        Case(
            "kernel as large as the image: 1x1 output",
            (rng.normal(size=(4, 3)), rng.normal(size=(4, 3))),
        ),
        Case("1x1 kernel", (rng.normal(size=(3, 5)), np.array([[-2.0]]))),
        Case("the 9x9 X and the diagonal feature", (x_image, diagonal)),
    ]


def _conv2d_flipped(image, kernel):
    # a true convolution: the kernel rotated by 180 degrees before it slides
    image, kernel = np.asarray(image, float), np.asarray(kernel, float)
    (h, w), (kh, kw) = image.shape, kernel.shape
    return _window_sums(image, kernel, 1, h - kh + 1, w - kw + 1, flip=True)


def _conv2d_one_short(image, kernel):
    # n - k positions instead of n - k + 1: the last window is never visited
    image, kernel = np.asarray(image, float), np.asarray(kernel, float)
    (h, w), (kh, kw) = image.shape, kernel.shape
    return _window_sums(image, kernel, 1, h - kh, w - kw)


def _conv2d_averaged(image, kernel):
    # the X/O score (divided by the number of weights) instead of the plain sum
    image, kernel = np.asarray(image, float), np.asarray(kernel, float)
    (h, w), (kh, kw) = image.shape, kernel.shape
    return _window_sums(image, kernel, 1, h - kh + 1, w - kw + 1) / kernel.size


def _conv2d_square_kernel(image, kernel):
    # k = kernel.shape[0] used for both axes: fine for 3x3, breaks on a 2x3 kernel
    image, kernel = np.asarray(image, float), np.asarray(kernel, float)
    (h, w), k = image.shape, kernel.shape[0]
    out = np.zeros((h - k + 1, w - k + 1))
    for i in range(h - k + 1):
        for j in range(w - k + 1):
            out[i, j] = np.sum(image[i : i + k, j : j + k] * kernel)
    return out


CONV2D = Exercise(
    name="conv2d",
    notebook="06_convolution",
    reference=_conv2d_reference,
    compares="conv.conv2d(image, kernel)",
    cases=_conv2d_cases,
    mistakes=(
        KnownMistake(
            _conv2d_flipped,
            "you flip the kernel (a true convolution, SciPy's convolve2d). Deep "
            "learning's conv2d is a cross-correlation: image[i + a, j + b] * "
            "kernel[a, b], kernel as given.",
        ),
        KnownMistake(
            _conv2d_one_short,
            "your output is one row and one column short. An n-pixel axis and a "
            "k-pixel kernel have n - k + 1 valid positions (5 - 3 + 1 = 3): range(h - "
            "kh + 1).",
        ),
        KnownMistake(
            _conv2d_averaged,
            "you divide by the number of kernel weights. That is the X/O slides' "
            "score; conv2d returns the plain sum of the products (the notebook "
            "divides by 9 later).",
        ),
        KnownMistake(
            _conv2d_square_kernel,
            "you use one kernel size for both axes. Take kh, kw = kernel.shape: the "
            "window is image[i:i + kh, j:j + kw], and the output has (h - kh + 1, w - "
            "kw + 1).",
        ),
    ),
)


# -- conv2d_strided: stride s, p zeros on every side -----------------------------------
def _strided_reference(image, kernel, stride=1, padding=0):
    return ops.conv2d(image, kernel, stride=stride, padding=padding)


def _strided_cases() -> list[Case]:
    rng = np.random.default_rng(66)
    x_image, diagonal = data.xo_image("x"), data.XO_FEATURES[0].astype(float)
    return [
        Case(
            "7x7, 3x3 kernel, stride 2",
            (rng.normal(size=(7, 7)), rng.normal(size=(3, 3))),
            {"stride": 2},
        ),
        Case(
            "4x4 ones, 3x3 ones, stride 2, padding 1",
            (np.ones((4, 4)), np.ones((3, 3))),
            {"stride": 2, "padding": 1},
        ),
        Case(
            "the 9x9 X, diagonal feature, stride 2, padding 1",
            (x_image, diagonal),
            {"stride": 2, "padding": 1},
        ),
        Case(
            "8x8, stride 2: the last window does not fit",
            (rng.normal(size=(8, 8)), rng.normal(size=(3, 3))),
            {"stride": 2},
        ),
        Case(
            "6x9 image, 2x3 kernel, stride 3, padding 2",
            (rng.normal(size=(6, 9)), rng.normal(size=(2, 3))),
            {"stride": 3, "padding": 2},
        ),
        Case(
            "5x5 example, stride 1, padding 0: the first exercise", (_IMAGE5, _KERNEL5)
        ),
    ]


def _strided_setup(image, kernel, stride, padding):
    image, kernel = np.asarray(image, float), np.asarray(kernel, float)
    padded = np.pad(image, padding)
    (h, w), (kh, kw) = image.shape, kernel.shape
    out_h, out_w = (
        (h + 2 * padding - kh) // stride + 1,
        (w + 2 * padding - kw) // stride + 1,
    )
    return padded, kernel, out_h, out_w


def _strided_input_not_stepped(image, kernel, stride=1, padding=0):
    # the output has the strided size, but window (i, j) starts at pixel (i, j), not
    # (i·s, j·s)
    padded, kernel, out_h, out_w = _strided_setup(image, kernel, stride, padding)
    return _window_sums(padded, kernel, stride, out_h, out_w, step_input=False)


def _strided_no_plus_one(image, kernel, stride=1, padding=0):
    # (n + 2p - k) // s positions: the +1 for the first window is missing
    padded, kernel, out_h, out_w = _strided_setup(image, kernel, stride, padding)
    return _window_sums(padded, kernel, stride, out_h - 1, out_w - 1)


def _strided_padded_one_side(image, kernel, stride=1, padding=0):
    # p zeros on the top and left only; the output size then follows the padded image
    image, kernel = np.asarray(image, float), np.asarray(kernel, float)
    padded = np.pad(image, ((padding, 0), (padding, 0)))
    (h, w), (kh, kw) = padded.shape, kernel.shape
    return _window_sums(
        padded, kernel, stride, (h - kh) // stride + 1, (w - kw) // stride + 1
    )


def _strided_no_padding(image, kernel, stride=1, padding=0):
    # padding ignored: the valid convolution with the stride
    image, kernel = np.asarray(image, float), np.asarray(kernel, float)
    (h, w), (kh, kw) = image.shape, kernel.shape
    return _window_sums(
        image, kernel, stride, (h - kh) // stride + 1, (w - kw) // stride + 1
    )


CONV2D_STRIDED = Exercise(
    name="conv2d_strided",
    notebook="06_convolution",
    reference=_strided_reference,
    compares="conv.conv2d(image, kernel, stride=stride, padding=padding)",
    cases=_strided_cases,
    mistakes=(
        KnownMistake(
            _strided_input_not_stepped,
            "the stride must move the window in the image: output (i, j) reads the "
            "patch starting at row i * stride, column j * stride, not at (i, j).",
        ),
        # Listed before _strided_no_plus_one: on the padded X both return the same 4x4,
        # and a function that got that far passed case 1, so its +1 is right.
        KnownMistake(
            _strided_padded_one_side,
            "you pad only the top and left. Padding p puts p zeros on every side: "
            "np.pad(image, padding) gives (h + 2p, w + 2p).",
        ),
        KnownMistake(
            _strided_no_plus_one,
            "your output is one row and one column short: (n + 2p - k) // s counts the "
            "steps, and the first window comes on top, so H' = (n + 2p - k) // s + 1.",
        ),
        KnownMistake(
            _strided_no_padding,
            "padding is ignored. Pad first, np.pad(image, padding), then slide the "
            "window over the padded image; H' = (h + 2 * padding - kh) // stride + 1.",
        ),
    ),
)


# -- conv_layer: F filters over a (H, W, C) image --------------------------------------
def _layer_reference(x, kernel, bias):
    return ops.conv2d_nhwc(np.asarray(x)[None], kernel, bias)[0]


def _layer_cases() -> list[Case]:
    rng = np.random.default_rng(606)

    def case(label, h, w, c, kh, kw, f):
        x = rng.normal(size=(h, w, c))
        return Case(label, (x, rng.normal(size=(kh, kw, c, f)), rng.normal(size=f)))

    return [
        case("5x5x3 image, two 3x3x3 filters", 5, 5, 3, 3, 3, 2),
        case("8x8x3 image, four 3x3x3 filters", 8, 8, 3, 3, 3, 4),
        case("one channel, one filter: conv2d plus a bias", 6, 6, 1, 3, 3, 1),
        case("6x5x2 image, three 2x3x2 filters", 6, 5, 2, 2, 3, 3),
        case("1x1 filters over 4 channels: a dense layer per pixel", 3, 4, 4, 1, 1, 5),
    ]


def _layer_loops(x, kernel, bias, channels=None, sum_channels=True, bias_times=1):
    x, kernel, bias = (np.asarray(a, float) for a in (x, kernel, bias))
    if channels is not None:  # the filter sees only these input channels
        x, kernel = x[:, :, channels], kernel[:, :, channels]
    (h, w, c), (kh, kw, _, f) = x.shape, kernel.shape
    axes = (0, 1, 2) if sum_channels else (0, 1)
    out = np.zeros((h - kh + 1, w - kw + 1, *(() if sum_channels else (c,)), f))
    for i in range(h - kh + 1):
        for j in range(w - kw + 1):
            patch = x[
                i : i + kh, j : j + kw, :, None
            ]  # (kh, kw, C, 1) against (kh, kw, C, F)
            out[i, j] = np.sum(patch * kernel, axis=axes) + bias_times * bias
    return out


def _layer_no_bias(x, kernel, bias):
    return _layer_loops(x, kernel, 0.0 * np.asarray(bias))


def _layer_first_channel(x, kernel, bias):
    # each filter treated as a flat 2-D kernel on channel 0: the depth is forgotten
    return _layer_loops(x, kernel, bias, channels=[0])


def _layer_no_channel_sum(x, kernel, bias):
    # sums over the window but keeps one value per channel: (H', W', C, F)
    return _layer_loops(x, kernel, bias, sum_channels=False)


def _layer_bias_per_channel(x, kernel, bias):
    # one per-channel map per filter, each with the bias added, then summed: C times the
    # bias
    return _layer_loops(x, kernel, bias, bias_times=np.shape(x)[-1])


CONV_LAYER = Exercise(
    name="conv_layer",
    notebook="06_convolution",
    reference=_layer_reference,
    compares="conv.conv2d_nhwc(x[None], kernel, bias)[0]",
    cases=_layer_cases,
    mistakes=(
        KnownMistake(
            _layer_no_bias,
            "the bias is missing: each filter adds its bias[f] once to every one of "
            "its outputs, after the sum of the products.",
        ),
        KnownMistake(
            _layer_first_channel,
            "your filters look at channel 0 only. A filter spans the full depth: "
            "multiply the (kh, kw, C) patch with kernel[:, :, :, f] and sum over all "
            "three axes.",
        ),
        KnownMistake(
            _layer_no_channel_sum,
            "you keep one value per input channel. A filter gives ONE number per "
            "position: sum over the channel axis as well, axis=(0, 1, 2).",
        ),
        KnownMistake(
            _layer_bias_per_channel,
            "you add the bias once per input channel (C times). It belongs to the "
            "filter: sum the products over all channels first, then add bias[f] once.",
        ),
    ),
)

EXERCISES = (CONV2D, CONV2D_STRIDED, CONV_LAYER)
