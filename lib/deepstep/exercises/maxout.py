"""Exercise of notebook 10 beside dropout: the forward pass of a maxout layer.

The reference is ``deepstep.dropout_variants.maxout_forward``: x (N, D), kernel (D, U,
k), bias (U, k) -> (N, U), each unit the largest of its k pieces x·kernel[:, u, j] +
bias[u, j] (Goodfellow et al. 2013).
"""

from __future__ import annotations

import numpy as np

from ..dropout_variants import maxout_forward
from .feedback import Case, Exercise, KnownMistake


def _maxout_cases() -> list[Case]:
    rng = np.random.default_rng(12)

    def layer(n, d, u, k):
        return (
            rng.normal(size=(n, d)),
            rng.normal(size=(d, u, k)),
            rng.normal(size=(u, k)),
        )

    relu_kernel = np.stack([rng.normal(size=(3, 2)), np.zeros((3, 2))], axis=2)
    return [
        Case("5 inputs of 4 features, 3 units of 2 pieces", layer(5, 4, 3, 2)),
        Case("3 pieces per unit, 2 units", layer(6, 3, 2, 3)),
        Case("k = 1: a plain linear layer", layer(4, 3, 5, 1)),
        Case("one example, 4 units of 5 pieces", layer(1, 2, 4, 5)),
        Case(
            "pieces (w·x + b, 0): a ReLU layer",
            (
                rng.normal(size=(7, 3)),
                relu_kernel,
                np.stack([rng.normal(size=2), np.zeros(2)], 1),
            ),
        ),
        Case(
            "all pieces below 0, bias -5",
            (*layer(4, 2, 3, 2)[:2], np.full((3, 2), -5.0)),
        ),
    ]


def _pieces(x, kernel, bias):
    return (
        np.einsum("nd,duk->nuk", np.asarray(x, float), np.asarray(kernel, float)) + bias
    )


def _max_over_units(x, kernel, bias):
    return _pieces(x, kernel, bias).max(axis=1)


def _no_bias(x, kernel, bias):
    return _pieces(x, kernel, np.zeros_like(np.asarray(bias, float))).max(axis=2)


def _min_of_pieces(x, kernel, bias):
    return _pieces(x, kernel, bias).min(axis=2)


def _mean_of_pieces(x, kernel, bias):
    return _pieces(x, kernel, bias).mean(axis=2)


def _relu_of_max(x, kernel, bias):
    return np.maximum(_pieces(x, kernel, bias).max(axis=2), 0.0)


MAXOUT_FORWARD = Exercise(
    name="maxout_forward",
    notebook="10_overfitting_regularization",
    reference=maxout_forward,
    compares="dropout_variants.maxout_forward",
    cases=_maxout_cases,
    mistakes=(
        KnownMistake(
            _max_over_units,
            "you take the maximum over the units (axis 1 of the pieces). Each unit "
            "keeps the largest of its own k pieces: z has shape (N, U, k), so "
            "z.max(axis=2), which returns (N, U).",
        ),
        KnownMistake(
            _no_bias,
            "the bias is missing. Every piece has its own bias: z = x·W + b, with bias "
            "(U, k) added to the (N, U, k) pieces before the maximum.",
        ),
        KnownMistake(
            _min_of_pieces,
            "you take the smallest piece. Maxout keeps the largest: z.max(axis=2), so "
            "a unit with pieces (w·x + b, 0) is a ReLU.",
        ),
        KnownMistake(
            _mean_of_pieces,
            "you average the pieces. An average of linear pieces is linear again; "
            "maxout takes their maximum, which is what bends it.",
        ),
        KnownMistake(
            _relu_of_max,
            "you put a ReLU after the maximum. Maxout needs no activation on top: the "
            "maximum is the activation, and it can be negative when every piece is.",
        ),
    ),
)

EXERCISES = (MAXOUT_FORWARD,)
