"""Convolution and pooling: against SciPy and TensorFlow, output sizes, and errors that
name shapes."""

import os

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.signal import correlate2d

from deepstep.nn import ops

from strategies import PADDINGS, integers_in, window_fits

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


@settings(max_examples=40, deadline=None)
@given(**integers_in(h=(3, 9), w=(3, 9), kh=(1, 3), kw=(1, 3), seed=(0, 99)))
def test_conv2d_valid_is_scipy_correlate2d(h, w, kh, kw, seed):
    rng = np.random.default_rng(seed)
    image, kernel = rng.normal(size=(h, w)), rng.normal(size=(kh, kw))
    np.testing.assert_allclose(
        ops.conv2d(image, kernel), correlate2d(image, kernel, mode="valid"), atol=1e-12
    )


def test_conv2d_int_padding_is_zero_padding():
    rng = np.random.default_rng(1)
    image, kernel = rng.normal(size=(5, 5)), rng.normal(size=(3, 3))
    padded = np.pad(image, 1)
    np.testing.assert_allclose(
        ops.conv2d(image, kernel, padding=1), correlate2d(padded, kernel, mode="valid")
    )


def test_conv2d_stride_keeps_every_other_window():
    rng = np.random.default_rng(2)
    image, kernel = rng.normal(size=(7, 7)), rng.normal(size=(3, 3))
    np.testing.assert_allclose(
        ops.conv2d(image, kernel, stride=2), ops.conv2d(image, kernel)[::2, ::2]
    )


def test_convolution_is_correlation_with_the_flipped_kernel():
    from scipy.signal import convolve2d

    rng = np.random.default_rng(3)
    image, kernel = rng.normal(size=(6, 6)), rng.normal(size=(3, 3))
    np.testing.assert_allclose(
        ops.conv2d(image, kernel[::-1, ::-1]), convolve2d(image, kernel, mode="valid")
    )


@pytest.mark.parametrize(
    "n, k, s, padding, expected",
    [
        (32, 3, 1, "valid", 30),
        (28, 5, 1, "same", 28),
        (7, 2, 2, "same", 4),
        (7, 2, 2, "valid", 3),
        (5, 3, 1, 1, 5),
        (32, 5, 1, "valid", 28),
    ],
)
def test_conv_output_size(n, k, s, padding, expected):
    assert ops.conv_output_size(n, k, s, padding) == expected


def test_param_count_of_the_slide_example():
    # 32 filters of 3x3x3 over a 32x32x3 image: 864 weights + 32 biases (the slide's 288
    # is wrong)
    assert ops.conv_param_count(3, 3, 3, 32, bias=False) == 864
    assert ops.conv_param_count(3, 3, 3, 32) == 896


def test_max_pool_same_keeps_partial_windows_at_ragged_edge():
    x = np.arange(49.0).reshape(7, 7)
    out = ops.max_pool2d(x, 2, 2, "same")
    assert out.shape == (4, 4)
    assert (
        out[3, 3] == 48.0 and out[0, 3] == 13.0 and out[3, 0] == 43.0
    )  # row 6, columns 0-1


def test_avg_pool_same_averages_only_real_pixels():
    x = np.ones((3, 3))
    np.testing.assert_array_equal(ops.avg_pool2d(x, 2, 2, "same"), np.ones((2, 2)))


tf = pytest.importorskip("tensorflow")


@settings(max_examples=40, deadline=None)
@given(
    **integers_in(n=(1, 2), h=(3, 9), w=(3, 9), c=(1, 3), f=(1, 3), k=(1, 3), s=(1, 3)),
    padding=PADDINGS,
    seed=st.integers(0, 99),
)
def test_conv2d_nhwc_matches_tensorflow(n, h, w, c, f, k, s, padding, seed):
    rng = np.random.default_rng(seed)
    x, kernel, bias = (
        rng.normal(size=(n, h, w, c)),
        rng.normal(size=(k, k, c, f)),
        rng.normal(size=f),
    )
    ours = ops.conv2d_nhwc(x, kernel, bias, strides=s, padding=padding)
    theirs = tf.nn.conv2d(x, kernel, strides=s, padding=padding.upper()).numpy() + bias
    np.testing.assert_allclose(ours, theirs, atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(
    **integers_in(h=(2, 9), w=(2, 9), p=(1, 3), s=(1, 3), seed=(0, 99)),
    padding=PADDINGS,
)
def test_pooling_matches_tensorflow(h, w, p, s, padding, seed):
    if not window_fits(h, w, p, p, padding):
        return
    x = np.random.default_rng(seed).normal(size=(2, h, w, 3)).astype(np.float32)
    np.testing.assert_allclose(
        ops.max_pool2d(x, p, s, padding),
        tf.nn.max_pool2d(x, p, s, padding.upper()).numpy(),
        rtol=1e-6,
    )
    np.testing.assert_allclose(
        ops.avg_pool2d(x, p, s, padding),
        tf.nn.avg_pool2d(x, p, s, padding.upper()).numpy(),
        rtol=1e-5,
    )


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda: ops.conv2d_nhwc(np.ones((1, 5, 5, 2)), np.ones((3, 3, 3, 4))),
            r"kernel has 3 input channels but x has 2.*\(1, 5, 5, 2\).*\(3, 3, 3, 4\)",
        ),
        (
            lambda: ops.conv2d(np.ones((2, 2)), np.ones((3, 3))),
            'kernel of 3 does not fit in 2 inputs under "valid"',
        ),
        (lambda: ops.conv2d(np.ones((5, 5)), np.ones((3, 3)), stride=0), "stride"),
        (
            lambda: ops.conv2d(np.ones((5, 5)), np.ones((3, 3)), padding="full"),
            "padding must be",
        ),
        (
            lambda: ops.conv2d(np.ones((1, 5, 5)), np.ones((3, 3))),
            r"image must be 2-D; got shape \(1, 5, 5\)",
        ),
        (
            lambda: ops.max_pool2d(np.ones((3, 9, 9))),
            r"x must be 2-D or 4-D; got shape \(3, 9, 9\)",
        ),
        (
            lambda: ops.max_pool2d(np.ones((4, 4)), padding=1),
            'padding must be "valid" or "same"',
        ),
        (
            lambda: ops.conv2d_nhwc(
                np.ones((1, 5, 5, 1)), np.ones((3, 3, 1, 2)), bias=np.ones(3)
            ),
            r"bias must have shape \(2,\)",
        ),
    ],
)
def test_bad_input_names_the_shapes(call, message):
    with pytest.raises(ValueError, match=message):
        call()
