"""Exercise of notebook 17 (normalization across neighbours): local response
normalization.

The reference is ``deepstep.normalization.lrn``, TensorFlow's definition: each value
over ``(bias + alpha * sum of the squares of channels c - r .. c + r) ** beta``, the
window clipped at the first and last channel, alpha multiplying the plain sum.
"""

from __future__ import annotations

import numpy as np

from .. import normalization
from .feedback import Case, Exercise, KnownMistake


def _lrn_reference(x, depth_radius=5, bias=1.0, alpha=1.0, beta=0.5):
    return normalization.lrn(x, depth_radius, bias, alpha, beta)


def _lrn_cases() -> list[Case]:
    rng = np.random.default_rng(16)
    return [
        Case("one pixel, 7 channels, r=2", (rng.normal(size=(7,)), 2, 1.0, 0.5, 0.75)),
        Case(
            "2x3x3x9 maps, deck 002's LRN",
            (rng.normal(size=(2, 3, 3, 9)) * 10, 4, 1.0, 0.001 / 9, 0.75),
        ),  # fmt: skip
        Case(
            "4x4x5 maps, r=1, bias 2",
            (rng.uniform(0, 3, size=(4, 4, 5)), 1, 2.0, 0.3, 0.5),
        ),
        Case("3 channels, radius 5 > C", (rng.normal(size=(2, 3)), 5, 1.0, 1.0, 0.5)),
    ]


def _window_sum(sq, lo_off, hi_off):
    c = sq.shape[-1]
    out = np.zeros_like(sq)
    for k in range(c):
        out[..., k] = sq[..., max(k - lo_off, 0) : min(k + hi_off + 1, c)].sum(axis=-1)
    return out


def _half_window(x, depth_radius=5, bias=1.0, alpha=1.0, beta=0.5):
    # a window of depth_radius channels in all, not 2 * depth_radius + 1
    x = np.asarray(x, dtype=float)
    r = depth_radius // 2
    return x / (bias + alpha * _window_sum(x**2, r, depth_radius - 1 - r)) ** beta


def _alpha_over_n(x, depth_radius=5, bias=1.0, alpha=1.0, beta=0.5):
    # AlexNet's paper / Caffe convention: alpha divided by the window size n
    x = np.asarray(x, dtype=float)
    n = 2 * depth_radius + 1
    return (
        x / (bias + alpha / n * _window_sum(x**2, depth_radius, depth_radius)) ** beta
    )


def _beta_sign(x, depth_radius=5, bias=1.0, alpha=1.0, beta=0.5):
    # multiplies by the denominator instead of dividing
    x = np.asarray(x, dtype=float)
    return x * (bias + alpha * _window_sum(x**2, depth_radius, depth_radius)) ** beta


def _sum_not_squared(x, depth_radius=5, bias=1.0, alpha=1.0, beta=0.5):
    x = np.asarray(x, dtype=float)
    return x / np.abs(bias + alpha * _window_sum(x, depth_radius, depth_radius)) ** beta


LRN = Exercise(
    name="local_response_norm",
    notebook="17_normalization_cifar10",
    reference=_lrn_reference,
    compares="normalization.lrn (TensorFlow's definition)",
    cases=_lrn_cases,
    mistakes=(
        KnownMistake(
            _half_window,
            "your window is depth_radius channels wide. TF's depth_radius is a "
            "radius: the window runs from c - r to c + r, 2r + 1 channels.",
        ),
        KnownMistake(
            _alpha_over_n,
            "you divide alpha by the window size n = 2r + 1 (the AlexNet paper's and "
            "Caffe's convention). TensorFlow multiplies the plain sum of squares by "
            "alpha.",
        ),
        KnownMistake(
            _beta_sign,
            "you multiply by (bias + alpha * sum) ** beta; LRN divides by it, so a "
            "strong neighbourhood makes a value smaller.",
        ),
        KnownMistake(
            _sum_not_squared,
            "you sum the values themselves; the window adds up their squares (x ** 2).",
        ),
    ),
)


# -- deck 002's CIFAR-10 model, counted by hand ----------------------------------------
def _pooled(side):  # a 3x3, stride-2 "same" pooling: ceil(side / 2)
    return -(-side // 2)


def _cifar_parameters_reference(input_size=24):
    flat = _pooled(_pooled(input_size)) ** 2 * 64
    return (5 * 5 * 3 * 64 + 64) + (5 * 5 * 64 * 64 + 64) + (flat * 384 + 384) + (
        384 * 192 + 192) + (192 * 10 + 10)  # fmt: skip


def _cifar_parameter_cases() -> list[Case]:
    return [Case(f"{n}x{n} crops", (n,)) for n in (24, 32, 25, 8)]


def _no_biases(input_size=24):
    flat = _pooled(_pooled(input_size)) ** 2 * 64
    return 5 * 5 * 3 * 64 + 5 * 5 * 64 * 64 + flat * 384 + 384 * 192 + 192 * 10


def _valid_pooling(input_size=24):
    side = (((input_size - 3) // 2 + 1) - 3) // 2 + 1
    return (
        _cifar_parameters_reference(input_size)
        - (_pooled(_pooled(input_size)) ** 2 - side**2) * 64 * 384
    )


def _no_pooling(input_size=24):
    return (
        _cifar_parameters_reference(input_size)
        + (input_size**2 - _pooled(_pooled(input_size)) ** 2) * 64 * 384
    )


CIFAR_PARAMETERS = Exercise(
    name="cifar_parameters",
    notebook="17_normalization_cifar10",
    reference=_cifar_parameters_reference,
    compares="the layer-by-layer count (keras_tools.cifar.hand_counted_parameters)",
    cases=_cifar_parameter_cases,
    mistakes=(
        KnownMistake(
            _no_biases,
            "you count only the kernels. Every convolution and dense layer also has "
            "one bias per output channel or unit.",
        ),
        KnownMistake(
            _valid_pooling,
            "your pooled size is (side - 3) // 2 + 1, 'valid' pooling. The deck pools "
            "with padding='SAME': ceil(side / 2), so 24 -> 12 -> 6.",
        ),
        KnownMistake(
            _no_pooling,
            "the flattened size ignores the two poolings; each halves the side "
            "(rounding up) before local3 sees 6 * 6 * 64 values.",
        ),
    ),
)

EXERCISES = (LRN, CIFAR_PARAMETERS)
