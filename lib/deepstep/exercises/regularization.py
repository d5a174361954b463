"""Exercises of notebook 09 (ReLU, dropout, batch normalization): inverted dropout and the
BatchNormalization forward pass while training.

The references are the library's layers: ``Dropout(rate, seed=seed)`` in training mode
(Keras's inverted convention: survivors scaled by 1/(1 - rate)), and ``BatchNormalization``
in training mode (batch mean and biased variance, epsilon inside the square root).
"""

from __future__ import annotations

import numpy as np

from ..nn.layers import BatchNormalization, Dropout
from .feedback import Case, Exercise, KnownMistake


# -- inverted dropout -------------------------------------------------------------------
def _dropout_reference(x, rate, seed):
    return Dropout(rate, seed=seed).forward(x, training=True)


def _dropout_cases() -> list[Case]:
    rng = np.random.default_rng(9)
    return [
        Case("4x5 activations, rate 0.5", (rng.uniform(0, 2, size=(4, 5)), 0.5, 0)),
        Case("rate 0: nothing dropped", (rng.normal(size=(3, 4)), 0.0, 1)),
        Case("negative values, rate 0.2", (-rng.uniform(1, 3, size=(6, 3)), 0.2, 2)),
        Case("batch of 1, rate 0.9", (rng.normal(size=(1, 10)), 0.9, 3)),
        Case("2x3x4 feature maps, rate 0.25", (rng.normal(size=(2, 3, 4)), 0.25, 4)),
        Case("1x1, rate 0.5", (np.array([[1.5]]), 0.5, 5)),
    ]


def _keep_mask(x, rate, seed):
    return np.random.default_rng(seed).random(np.shape(x)) >= rate


def _dropout_unscaled(x, rate, seed):
    # the slides' training pass: survivors keep their value
    return np.asarray(x, dtype=float) * _keep_mask(x, rate, seed)


def _dropout_times_keep(x, rate, seed):
    # multiplies by the keep probability instead of dividing by it
    return np.asarray(x, dtype=float) * _keep_mask(x, rate, seed) * (1 - rate)


def _dropout_keeps_with_rate(x, rate, seed):
    # keeps a value with probability rate, i.e. drops with 1 - rate
    keep = np.random.default_rng(seed).random(np.shape(x)) < rate
    return np.asarray(x, dtype=float) * keep / (1 - rate)


DROPOUT_FORWARD = Exercise(
    name="dropout_forward",
    notebook="09_relu_dropout_regularization",
    reference=_dropout_reference,
    compares="Dropout(rate, seed=seed).forward(x, training=True)",
    cases=_dropout_cases,
    mistakes=(
        KnownMistake(
            _dropout_unscaled,
            "the kept values are not scaled. Inverted dropout divides them by the keep "
            "probability, x * keep / (1 - rate), so the expected output equals x and "
            "inference can do nothing.",
        ),
        KnownMistake(
            _dropout_times_keep,
            "you multiply the kept values by (1 - rate); inverted dropout divides by it. "
            "Multiplying by (1 - rate) is the slides' rule for inference, not for training.",
        ),
        KnownMistake(
            _dropout_keeps_with_rate,
            "your mask keeps a value with probability rate. rate is the probability of "
            "dropping it: keep where u >= rate, for u = rng.random(x.shape).",
        ),
    ),
)


# -- batch normalization, training mode --------------------------------------------------
def _batch_norm_reference(x, gamma, beta, epsilon=1e-3):
    bn = BatchNormalization(epsilon=epsilon)
    bn.build((None, *np.shape(x)[1:]))
    bn.params["gamma"][...] = gamma
    bn.params["beta"][...] = beta
    return bn.forward(x, training=True)


def _batch_norm_cases() -> list[Case]:
    rng = np.random.default_rng(10)

    def features(c):
        return rng.uniform(0.5, 2.0, size=c), rng.normal(size=c)

    return [
        Case("8 samples, 3 features", (rng.normal(3.0, 2.0, size=(8, 3)), *features(3))),
        Case(
            "5 samples, 4 features, large negative values",
            (rng.normal(-50.0, 10.0, size=(5, 4)), *features(4)),
        ),
        Case(
            "one feature, epsilon 1e-5", (rng.normal(size=(6, 1)), *features(1)), {"epsilon": 1e-5}
        ),
        Case("2x3x3x2 feature maps", (rng.normal(1.0, 3.0, size=(2, 3, 3, 2)), *features(2))),
        Case("batch of 1: x̂ = 0, the output is beta", (rng.normal(size=(1, 3)), *features(3))),
    ]


def _axes(x):
    return tuple(range(np.ndim(x) - 1))


def _batch_norm_unbiased(x, gamma, beta, epsilon=1e-3):
    x = np.asarray(x, dtype=float)
    n = x.size // x.shape[-1]
    var = x.var(axis=_axes(x)) * n / (n - 1) if n > 1 else np.full(x.shape[-1], np.inf)
    return gamma * (x - x.mean(axis=_axes(x))) / np.sqrt(var + epsilon) + beta


def _batch_norm_epsilon_outside(x, gamma, beta, epsilon=1e-3):
    x = np.asarray(x, dtype=float)
    std = x.std(axis=_axes(x))
    return gamma * (x - x.mean(axis=_axes(x))) / (std + epsilon) + beta


def _batch_norm_over_features(x, gamma, beta, epsilon=1e-3):
    # normalises each sample across its features (that is layer normalization)
    x = np.asarray(x, dtype=float)
    mean, var = x.mean(axis=-1, keepdims=True), x.var(axis=-1, keepdims=True)
    return gamma * (x - mean) / np.sqrt(var + epsilon) + beta


BATCH_NORM_FORWARD = Exercise(
    name="batch_norm_forward",
    notebook="09_relu_dropout_regularization",
    reference=_batch_norm_reference,
    compares="BatchNormalization(epsilon=...).forward(x, training=True)",
    cases=_batch_norm_cases,
    mistakes=(
        KnownMistake(
            _batch_norm_unbiased,
            "you divide the squared deviations by N - 1. BatchNormalization uses the biased "
            "variance of the batch, divided by N: x.var(axis=...) with the default ddof=0.",
        ),
        KnownMistake(
            _batch_norm_epsilon_outside,
            "epsilon goes inside the square root: (x - mean) / sqrt(var + epsilon), "
            "not / (std + epsilon).",
        ),
        KnownMistake(
            _batch_norm_over_features,
            "you average over the features of each sample. Batch normalization averages "
            "each feature over the batch: axis=0 (for maps, every axis but the last).",
        ),
    ),
)

EXERCISES = (DROPOUT_FORWARD, BATCH_NORM_FORWARD)
