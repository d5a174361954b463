"""Exercises of notebook 15 (why depth): a residual block's forward pass, and the
channels a DenseNet block hands from layer to layer.

The residual block's reference is ``why_depth.Residual`` around two ``nn.layers.Dense``
layers holding the student's weights: x + relu(x @ w1 + b1) @ w2 + b2, nothing applied
after the sum. The channel count's reference is ``why_depth.dense_block_channels``:
c0, c0 + k, ..., c0 + n·k (what each layer receives, then what leaves the block).
"""

from __future__ import annotations

import numpy as np

from .. import why_depth
from ..nn import layers
from .feedback import Case, Exercise, KnownMistake


# -- a residual block's forward pass ---------------------------------------------------
def _residual_reference(x, w1, b1, w2, b2):
    x = np.asarray(x, dtype=float)
    width = x.shape[1]
    first, second = layers.Dense(w1.shape[1], "relu"), layers.Dense(width)
    block = why_depth.Residual([first, second])
    block.build((None, width))
    first.set_weights([w1, b1])
    second.set_weights([w2, b2])
    return block.forward(x)


def _residual_cases() -> list[Case]:
    rng = np.random.default_rng(14)

    def weights(width, hidden):
        return (rng.normal(size=(width, hidden)), rng.normal(size=hidden),
                rng.normal(size=(hidden, width)), rng.normal(size=width))  # fmt: skip

    return [
        Case("4 samples, width 3, hidden 5", (rng.normal(size=(4, 3)), *weights(3, 5))),
        Case("1 sample, width 2, hidden 2", (rng.normal(size=(1, 2)), *weights(2, 2))),
        Case("6 samples, width 4, hidden 8", (rng.normal(size=(6, 4)), *weights(4, 8))),
        Case(
            "zero second layer: the block is the identity",
            (
                rng.normal(size=(3, 3)),
                rng.normal(size=(3, 4)),
                rng.normal(size=4),
                np.zeros((4, 3)),
                np.zeros(3),
            ),  # fmt: skip
        ),
    ]


def _no_skip(x, w1, b1, w2, b2):
    return np.maximum(x @ w1 + b1, 0) @ w2 + b2


def _relu_after_sum(x, w1, b1, w2, b2):
    return np.maximum(x + np.maximum(x @ w1 + b1, 0) @ w2 + b2, 0)


def _relu_on_both(x, w1, b1, w2, b2):
    return x + np.maximum(np.maximum(x @ w1 + b1, 0) @ w2 + b2, 0)


def _skip_inside(x, w1, b1, w2, b2):
    return (x @ w1 + b1 + np.maximum(x @ w1 + b1, 0)) @ w2 + b2


RESIDUAL_BLOCK = Exercise(
    name="residual_block",
    notebook="15_why_depth",
    reference=_residual_reference,
    compares="why_depth.Residual([Dense(relu), Dense()])",
    cases=_residual_cases,
    mistakes=(
        KnownMistake(
            _no_skip,
            "you return F(x) alone, a plain two-layer stack. The block adds its input "
            "back: x + F(x).",
        ),
        KnownMistake(
            _relu_after_sum,
            "you apply ReLU after the sum (the original ResNet of 2015 does). Ours "
            "leaves the sum alone, so a zero branch makes the block exactly the "
            "identity, negatives included.",
        ),
        KnownMistake(
            _relu_on_both,
            "you apply ReLU to the second layer too, so F(x) can never be negative. "
            "Only the first layer has a ReLU; the second is linear.",
        ),
        KnownMistake(
            _skip_inside,
            "your skip goes around the ReLU inside the branch. It goes around the "
            "whole branch: add x to the branch's output, after the second layer.",
        ),
    ),
)


# -- the channels of a DenseNet block --------------------------------------------------
def _channels_reference(in_channels, growth_rate, n_layers):
    return why_depth.dense_block_channels(in_channels, growth_rate, n_layers)


def _channels_cases() -> list[Case]:
    return [
        Case("DenseNet-121's first block: 64 channels, k = 32, 6 layers", (64, 32, 6)),
        Case("16 channels, k = 12, 4 layers", (16, 12, 4)),
        Case("3 channels, k = 2, 1 layer", (3, 2, 1)),
        Case("24 channels, k = 12, 16 layers", (24, 12, 16)),
    ]


def _without_input(in_channels, growth_rate, n_layers):
    return [i * growth_rate for i in range(n_layers + 1)]


def _only_own_maps(in_channels, growth_rate, n_layers):
    return [in_channels] + [growth_rate] * n_layers


def _inputs_only(in_channels, growth_rate, n_layers):
    return [in_channels + i * growth_rate for i in range(n_layers)]


def _added_not_concatenated(in_channels, growth_rate, n_layers):
    return [in_channels] * (n_layers + 1)


DENSE_BLOCK_CHANNELS = Exercise(
    name="dense_block_channels",
    notebook="15_why_depth",
    reference=_channels_reference,
    compares="why_depth.dense_block_channels",
    cases=_channels_cases,
    mistakes=(
        KnownMistake(
            _without_input,
            "your first layer receives 0 channels: the block's own input "
            "(in_channels) is part of what every layer receives.",
        ),
        KnownMistake(
            _only_own_maps,
            "each layer passes on everything it received plus its own k maps, not "
            "only its own k maps: the count grows by k per layer.",
        ),
        KnownMistake(
            _inputs_only,
            "one number is missing: after the n layers' inputs comes what leaves the "
            "block, in_channels + n·k (n + 1 numbers in all).",
        ),
        KnownMistake(
            _added_not_concatenated,
            "the count never grows: that is a residual block, which adds. A dense "
            "block concatenates, so each layer's k maps join the pile.",
        ),
    ),
)

EXERCISES = (RESIDUAL_BLOCK, DENSE_BLOCK_CHANNELS)
