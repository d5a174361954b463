"""Exercises of notebook 12 (a CNN for MNIST in Keras): the arithmetic of a conv layer,
its output length and its parameter count, checked with NumPy only.

The references are the library's ``ops.conv_output_size`` (Keras's padding rules:
"valid", "same" or p zeros on each side) and ``ops.conv_param_count`` (one bias per
filter). The cases are the layers of deck 000's demo CNN, of VGG16 and of AlexNet.
"""

from __future__ import annotations

import math

from ..nn import ops
from .feedback import Case, Exercise, KnownMistake


# -- output length ---------------------------------------------------------------------
def _output_length_reference(n, kernel, stride=1, padding="valid"):
    return ops.conv_output_size(n, kernel, stride, padding)


def _output_length_cases() -> list[Case]:
    return [
        Case("demo CNN's 5x5 conv on 32 pixels", (32, 5)),
        Case("2x2 pooling, stride 2, on 28", (28, 2, 2)),
        Case("AlexNet's 11x11 conv, stride 4, on 227", (227, 11, 4)),
        Case("5x5 conv, padding 2, on 15", (15, 5, 1, 2)),
        Case("VGG16's 3x3 conv, padding 1, on 224", (224, 3, 1, 1)),
        Case('"same", stride 2, on 7 (odd)', (7, 3, 2, "same")),
        Case("1x1 kernel on 1 pixel", (1, 1)),
        Case("5x5 conv, padding 2, stride 2, on 15", (15, 5, 2, 2)),
    ]


def _pad(padding):
    return 0 if padding in ("valid", "same") else padding


def _output_length_no_plus_one(n, kernel, stride=1, padding="valid"):
    if padding == "same":
        return math.ceil(n / stride)
    return (n + 2 * _pad(padding) - kernel) // stride


def _output_length_one_side_padded(n, kernel, stride=1, padding="valid"):
    if padding == "same":
        return math.ceil(n / stride)
    return (n + _pad(padding) - kernel) // stride + 1


def _output_length_same_floor(n, kernel, stride=1, padding="valid"):
    if padding == "same":
        return n // stride
    return (n + 2 * _pad(padding) - kernel) // stride + 1


CONV_OUTPUT_LENGTH = Exercise(
    name="conv_output_length",
    notebook="12_keras_cnn_mnist",
    reference=_output_length_reference,
    compares="conv.conv_output_size",
    cases=_output_length_cases,
    mistakes=(
        KnownMistake(
            _output_length_no_plus_one,
            "you count the steps but not the first position: a kernel of 5 fits 32 - "
            "5 + 1 = 28 times. (n + 2p - kernel) // stride + 1.",
        ),
        KnownMistake(
            _output_length_one_side_padded,
            "an int padding p adds p zeros on EACH side, so the padded length is n + "
            "2p.",
        ),
        KnownMistake(
            _output_length_same_floor,
            '"same" keeps a window for every stride step, counting a partial one at '
            "the end: "
            "ceil(n / stride), i.e. -(-n // stride), not n // stride.",
        ),
    ),
)


# -- parameter count -------------------------------------------------------------------
def _param_count_reference(kernel_h, kernel_w, in_channels, filters):
    return ops.conv_param_count(kernel_h, kernel_w, in_channels, filters)


def _param_count_cases() -> list[Case]:
    return [
        Case("demo CNN's conv5x5: 10 filters on 1 channel", (5, 5, 1, 10)),
        Case("VGG16 block 1, first conv: 64 filters on RGB", (3, 3, 3, 64)),
        Case("VGG16 block 1, second conv: 64 on 64", (3, 3, 64, 64)),
        Case("VGG16 block 5 conv: 512 on 512", (3, 3, 512, 512)),
        Case("a 1x1 conv, 4 filters on 8 channels", (1, 1, 8, 4)),
        Case("a 3x5 kernel, 2 filters on 3 channels", (3, 5, 3, 2)),
    ]


def _param_count_no_bias(kernel_h, kernel_w, in_channels, filters):
    return kernel_h * kernel_w * in_channels * filters


def _param_count_no_channels(kernel_h, kernel_w, in_channels, filters):
    return (kernel_h * kernel_w + 1) * filters


def _param_count_bias_per_channel(kernel_h, kernel_w, in_channels, filters):
    return kernel_h * kernel_w * in_channels * filters + in_channels


CONV_PARAMS = Exercise(
    name="conv_params",
    notebook="12_keras_cnn_mnist",
    reference=_param_count_reference,
    compares="conv.conv_param_count",
    cases=_param_count_cases,
    mistakes=(
        KnownMistake(
            _param_count_no_bias,
            "you count the kernel's weights but not the biases: each filter adds one, "
            "so add `filters`. (The VGG16 slide leaves them out; Keras counts them.)",
        ),
        KnownMistake(
            _param_count_no_channels,
            "a filter spans every input channel: it holds kernel_h · kernel_w · "
            "in_channels weights, not kernel_h · kernel_w. The demo CNN hides this (1 "
            "channel); VGG16's RGB input does not.",
        ),
        KnownMistake(
            _param_count_bias_per_channel,
            "there is one bias per filter (output channel), not per input channel.",
        ),
    ),
)

EXERCISES = (CONV_OUTPUT_LENGTH, CONV_PARAMS)
