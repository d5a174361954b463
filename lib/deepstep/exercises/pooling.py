"""Exercises of notebook 07 (pooling, ReLU and the X/O ConvNet): max pooling by hand.

The reference is the library's ``max_pool2d`` with "same" padding, the X/O slides' rule:
a window hanging over the edge keeps only its real pixels, so a 7x7 map pools to 4x4.
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
        Case("6x6, 3x3 windows, stride 3", (rng.normal(size=(6, 6)),), {"size": 3, "stride": 3}),
        # (Keras centres "same" windows when they overhang by 2 or more; these cases
        # overhang by at most 1, where the windows start at the top-left corner.)
        Case("7x7, overlapping windows, stride 1", (diagonal,), {"stride": 1}),
    ]


def _valid_windows_only(x, size=2, stride=2):
    # drops the half-empty windows at the ragged edge: 7x7 -> 3x3
    x = np.asarray(x, dtype=float)
    rows, cols = (x.shape[0] - size) // stride + 1, (x.shape[1] - size) // stride + 1
    return np.array([[x[i * stride : i * stride + size, j * stride : j * stride + size].max()
                      for j in range(cols)] for i in range(rows)])  # fmt: skip


def _mean_not_max(x, size=2, stride=2):
    return ops.avg_pool2d(x, pool_size=size, strides=stride, padding="same")


def _zero_padded(x, size=2, stride=2):
    # pads the edge with zeros, so an all-negative edge window returns 0, not its best pixel
    x = np.asarray(x, dtype=float)
    rows, cols = -(-x.shape[0] // stride), -(-x.shape[1] // stride)
    padded = np.zeros(((rows - 1) * stride + size, (cols - 1) * stride + size))
    padded[: x.shape[0], : x.shape[1]] = x
    return np.array([[padded[i * stride : i * stride + size, j * stride : j * stride + size].max()
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
            "you drop the windows that hang over the edge. The slides keep them ('same'): "
            "ceil(7 / 2) = 4 windows per row, the last one holding only the real pixels.",
        ),
        KnownMistake(
            _mean_not_max,
            "you average each window; max pooling keeps its largest value (np.max).",
        ),
        KnownMistake(
            _zero_padded,
            "you fill the missing pixels of an edge window with 0, so an all-negative window "
            "returns 0. Take the max of the real pixels only: slice the window, don't pad.",
        ),
    ),
)

EXERCISES = (MAX_POOL,)
