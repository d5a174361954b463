"""Exercises of notebook 07 (pooling, ReLU and the X/O ConvNet): max pooling by hand,
the layers after the filters, and the fully connected vote.

The max-pool reference is the library's ``max_pool2d`` with "same" padding, the X/O
slides' rule: a window hanging over the edge keeps only its real pixels, so a 7x7 map
pools to 4x4. The stack after the filters is ``xo_net``'s ``relu``, ``pool``, ``relu``,
``pool`` and ``flatten``, as ``xo_net.forward`` runs them. The vote's reference is
``xo_net``'s too: ``flatten`` (map by map, row by row), ``vote`` (each row of weights
times the values, over the values' length) and ``decide`` (the larger score wins, a tie
goes to "o").
"""

from __future__ import annotations

import numpy as np

from .. import data, xo_net
from ..nn import ops
from .feedback import Case, Exercise, KnownMistake


def _max_pool_reference(x, size=2, stride=2):
    return ops.max_pool2d(x, pool_size=size, strides=stride, padding="same")


def _max_pool_cases() -> list[Case]:
    diagonal = xo_net.filter_maps(data.xo_image("x"))[0]  # 7x7, with negative values
    rng = np.random.default_rng(7)
    return [
        Case("the X's diagonal map, 7x7", (diagonal,)),
        Case("4x4", (rng.normal(size=(4, 4)),)),
        Case("1x1", (np.array([[-0.5]]),)),
        Case("5x6 all negative", (-rng.uniform(1, 2, size=(5, 6)),)),
        Case(
            "6x6, 3x3 windows, stride 3",
            (rng.normal(size=(6, 6)),),
            {"size": 3, "stride": 3},
        ),
        # (Keras centres "same" windows when they overhang by 2 or more; these cases
        # overhang by at most 1, where the windows start at the top-left corner.)
        Case("7x7, overlapping windows, stride 1", (diagonal,), {"stride": 1}),
    ]


def _valid_windows_only(x, size=2, stride=2):
    # drops the half-empty windows at the ragged edge: 7x7 -> 3x3
    x = np.asarray(x, dtype=float)
    rows, cols = (x.shape[0] - size) // stride + 1, (x.shape[1] - size) // stride + 1
    return np.array([[x[i * stride : i * stride + size,
                        j * stride : j * stride + size].max()
                      for j in range(cols)] for i in range(rows)])  # fmt: skip


def _mean_not_max(x, size=2, stride=2):
    return ops.avg_pool2d(x, pool_size=size, strides=stride, padding="same")


def _zero_padded(x, size=2, stride=2):
    # pads the edge with zeros, so an all-negative edge window returns 0, not its
    # best pixel
    x = np.asarray(x, dtype=float)
    rows, cols = -(-x.shape[0] // stride), -(-x.shape[1] // stride)
    padded = np.zeros(((rows - 1) * stride + size, (cols - 1) * stride + size))
    padded[: x.shape[0], : x.shape[1]] = x
    return np.array([[padded[i * stride : i * stride + size,
                             j * stride : j * stride + size].max()
                      for j in range(cols)] for i in range(rows)])  # fmt: skip


MAX_POOL = Exercise(
    name="max_pool",
    notebook="07_pooling_relu_xo",
    reference=_max_pool_reference,
    compares='conv.max_pool2d(..., padding="same")',
    cases=_max_pool_cases,
    mistakes=(
        KnownMistake(
            _valid_windows_only,
            "you drop the windows that hang over the edge. The slides keep them "
            "('same'): ceil(7 / 2) = 4 windows per row, the last one holding only the "
            "real pixels.",
        ),
        KnownMistake(
            _mean_not_max,
            "you average each window; max pooling keeps its largest value (np.max).",
        ),
        KnownMistake(
            _zero_padded,
            "you fill the missing pixels of an edge window with 0, so an all-negative "
            "window returns 0. Take the max of the real pixels only: slice the "
            "window, don't pad.",
        ),
    ),
)


# -- ReLU and pooling, twice, then flatten ---------------------------------------------
def _deep_stack_reference(maps):
    return xo_net.flatten(xo_net.pool(xo_net.relu(xo_net.pool(xo_net.relu(maps)))))


def _deep_stack_cases() -> list[Case]:
    rng = np.random.default_rng(5)
    return [
        Case("the X's filtered maps, 3x7x7", (xo_net.filter_maps(data.xo_image("x")),)),
        Case("the O's filtered maps, 3x7x7", (xo_net.filter_maps(data.xo_image("o")),)),
        Case("three random 7x7 maps of both signs", (rng.normal(size=(3, 7, 7)),)),
        Case("two 9x9 maps: 9 -> 5 -> 3", (rng.normal(size=(2, 9, 9)),)),
        Case("one 8x6 map: 8 -> 4 -> 2, 6 -> 3 -> 2", (rng.normal(size=(1, 8, 6)),)),
        Case("two all-negative 3x3 maps", (-rng.uniform(0.1, 1, size=(2, 3, 3)),)),
    ]


def _stack_with(pool, rounds=2, relu=True):
    def run(maps):
        maps = np.asarray(maps, dtype=float)
        for _ in range(rounds):
            maps = np.stack([pool(np.maximum(m, 0) if relu else m) for m in maps])
        return maps.reshape(-1)

    return run


def _max_same(m):
    return ops.max_pool2d(m, pool_size=2, strides=2, padding="same")


def _deep_stack_channels_last(maps):
    pooled = xo_net.pool(xo_net.relu(xo_net.pool(xo_net.relu(maps))))
    return pooled.transpose(1, 2, 0).reshape(-1)


DEEP_STACK = Exercise(
    name="deep_stack",
    notebook="07_pooling_relu_xo",
    reference=_deep_stack_reference,
    compares="xo_net.flatten(xo_net.pool(xo_net.relu(xo_net.pool(xo_net.relu(maps)))))",
    cases=_deep_stack_cases,
    mistakes=(
        KnownMistake(
            _stack_with(
                lambda m: ops.max_pool2d(m, pool_size=2, strides=2, padding="valid")
            ),
            "you drop the windows that hang over the edge ('valid'), so 7 -> 3 -> 1. "
            "The slides keep them ('same'): 7 -> 4 -> 2, and 3 maps of 2x2 give 12 "
            "values.",
        ),
        KnownMistake(
            _stack_with(_max_same, rounds=1),
            "you pool once, so 7x7 maps stop at 4x4 (48 values). Deep stacking repeats "
            "ReLU -> pool a second time: 7 -> 4 -> 2.",
        ),
        KnownMistake(
            _deep_stack_channels_last,
            "you flatten position by position, interleaving the maps. The library "
            "(and the vote weights) read map 1 row by row, then map 2, ...: "
            "maps.reshape(-1) on (K, h, w).",
        ),
        KnownMistake(
            _stack_with(_max_same, relu=False),
            "a window whose values are all negative keeps a negative maximum: you "
            "left out the ReLU. Rectify before each pooling (np.maximum(maps, 0)).",
        ),
        KnownMistake(
            _stack_with(
                lambda m: ops.avg_pool2d(m, pool_size=2, strides=2, padding="same")
            ),
            "you average each window; the network's pooling keeps the largest value "
            "(max).",
        ),
    ),
)


# -- the fully connected vote ----------------------------------------------------------
def _vote_reference(maps, weights):
    scores = xo_net.vote(xo_net.flatten(maps), weights)
    label = xo_net.CLASSES.index(xo_net.decide(scores))
    return np.array([scores[name] for name in xo_net.CLASSES]), label


def _vote_cases() -> list[Case]:
    # The future values first: their maps are not symmetric, so every wrong flattening
    # order shows there (the X's and the O's 2x2 maps read the same along rows or
    # columns).
    future = np.array(
        [0.9, 0.65, 0.45, 0.87, 0.96, 0.73, 0.23, 0.63, 0.44, 0.89, 0.94, 0.53]
    )
    weights = xo_net.vote_weights()
    rng = np.random.default_rng(11)
    return [
        Case(
            "the slides' future values as three 2x2 maps",
            (future.reshape(3, 2, 2), weights),
        ),
        Case("the slides' X", (xo_net.forward(data.xo_image("x")).stacked, weights)),
        Case("the slides' O", (xo_net.forward(data.xo_image("o")).stacked, weights)),
        Case(
            "four 2x3 maps, weights of both signs",
            (rng.uniform(0, 1, size=(4, 2, 3)), rng.normal(size=(2, 24))),
        ),
        Case(
            "two 1x1 maps: a square 2x2 weight matrix",
            (np.array([[[0.2]], [[0.9]]]), np.array([[1.0, 0.0], [0.5, 0.5]])),
        ),
        Case(
            "a blank pad: all-zero maps score 0, a tie", (np.zeros((3, 2, 2)), weights)
        ),
    ]


def _scores(values, weights):
    length = np.linalg.norm(values)
    return weights @ values / length if length > 0 else np.zeros(len(weights))


def _winner(scores):
    return int(scores[1] > scores[0])


def _vote_weights_transposed(maps, weights):
    # values @ weights: the (2, n) weights used as if they were (n, 2)
    values = np.asarray(maps, dtype=float).reshape(-1)
    length = np.linalg.norm(values)
    scores = (
        values @ np.asarray(weights) / length if length > 0 else np.zeros(len(weights))
    )
    return scores, _winner(scores)


def _vote_column_major(maps, weights):
    values = np.asarray(maps, dtype=float).flatten(order="F")
    scores = _scores(values, np.asarray(weights))
    return scores, _winner(scores)


def _vote_channels_last(maps, weights):
    # position by position, the three maps interleaved: Keras's Flatten of (H, W, C)
    values = np.asarray(maps, dtype=float).transpose(1, 2, 0).reshape(-1)
    scores = _scores(values, np.asarray(weights))
    return scores, _winner(scores)


def _vote_not_normalised(maps, weights):
    scores = np.asarray(weights) @ np.asarray(maps, dtype=float).reshape(-1)
    return scores, _winner(scores)


def _vote_max_not_argmax(maps, weights):
    scores = _scores(np.asarray(maps, dtype=float).reshape(-1), np.asarray(weights))
    return scores, float(scores.max())


def _vote_tie_goes_to_x(maps, weights):
    scores = _scores(np.asarray(maps, dtype=float).reshape(-1), np.asarray(weights))
    return scores, int(scores[1] >= scores[0])


FC_VOTE = Exercise(
    name="fc_vote",
    notebook="07_pooling_relu_xo",
    reference=_vote_reference,
    compares="xo_net.vote(xo_net.flatten(maps), weights) and xo_net.decide",
    cases=_vote_cases,
    mistakes=(
        KnownMistake(
            _vote_weights_transposed,
            "the weights are (2, n): one row per letter, one column per value. Each "
            "score is a row times the values, weights @ values; values @ weights "
            "reads them the wrong way round (and only runs at all when n is 2).",
        ),
        KnownMistake(
            _vote_column_major,
            "you flatten column-major (order='F'). The weights follow "
            "xo_net.flatten's order: map 1 row by row, then map 2, ...; that is "
            "NumPy's default maps.reshape(-1).",
        ),
        KnownMistake(
            _vote_channels_last,
            "you interleave the maps position by position (Keras's Flatten of an (H, "
            "W, C) stack). Here the maps are (K, H, W) and the weights expect map 1 "
            "row by row, then map 2, ...: maps.reshape(-1).",
        ),
        KnownMistake(
            _vote_not_normalised,
            "your scores are the weighted sums themselves. Divide both by the length "
            "of the flattened values, np.linalg.norm(values), so that 1.0 means "
            "'exactly that letter's pattern'.",
        ),
        KnownMistake(
            _vote_max_not_argmax,
            "the second value you return is the winning score; it should be which "
            "letter wins, its row index (1 for X, 0 for O): np.argmax, not np.max.",
        ),
        KnownMistake(
            _vote_tie_goes_to_x,
            "on a tie you pick X. The library gives a tie to O (a blank pad is not an "
            "X): X wins only when its score is strictly larger.",
        ),
    ),
)

EXERCISES = (MAX_POOL, DEEP_STACK, FC_VOTE)
