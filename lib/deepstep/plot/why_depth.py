"""Figures of notebook 15 (why depth): approximation by one hidden layer, training and
test error against width, degradation, exploding and vanishing gradients, a DenseNet
block's channels.

Every function draws a new figure and returns it; the fonts are ``deepstep.plot``'s.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from .._checks import (
    as_finite_scalar,
    as_float_array,
    function,
    mapping,
    name_of,
    positive_int,
    text,
)
from .style import FONT, finish


def _same_length(func, **arrays) -> list[np.ndarray]:
    values = [as_float_array(v, func, k, allow_inf=False) for k, v in arrays.items()]
    if len({v.shape for v in values}) != 1 or values[0].ndim != 1:
        shapes = ", ".join(
            f"{k} {v.shape}" for k, v in zip(arrays, values, strict=True)
        )
        raise ValueError(
            f"{name_of(func)}: expected 1-D arrays of one length; got {shapes}"
        )
    return values


def staircase_approximation(
    f: Callable[[np.ndarray], np.ndarray],
    a: float,
    b: float,
    networks: Mapping[int, Callable[[np.ndarray], np.ndarray]],
    units: Sequence[int],
    errors: Sequence[float],
) -> Figure:
    """Left: f on [a, b] and the networks' outputs (keyed by hidden units). Right: max
    error against hidden units, log-log. networks map x (N, 1) -> (N, 1)."""
    func = staircase_approximation
    function(f, func, "f")
    a, b = as_finite_scalar(a, func, "a"), as_finite_scalar(b, func, "b")
    if not a < b:
        raise ValueError(f"{name_of(func)}: a must be < b; got a={a}, b={b}")
    for n, net in mapping(networks, func, "networks", non_empty=False).items():
        function(net, func, f"networks[{n!r}]")
    units_arr, errors_arr = _same_length(
        staircase_approximation, units=units, errors=errors
    )
    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 4.4))
    x = np.linspace(a, b, 801)
    left.plot(x, f(x), color="black", lw=3, label="f(x)")
    for n, net in networks.items():
        left.plot(x, net(x[:, None])[:, 0], lw=1.8, label=f"{n} sigmoid units")
    left.set_xlabel("x")
    left.set_ylabel("output")
    left.set_title("One hidden layer, more and more steps")
    left.legend()
    right.loglog(units_arr, errors_arr, "o-", lw=2.5, ms=7)
    right.set_xlabel("hidden units")
    right.set_ylabel("max |net(x) − f(x)| on [a, b]")
    right.set_title("The error halves when the units double")
    right.grid(True, which="both", alpha=0.3)
    return finish(fig, None)


def train_vs_test_error(
    units: Sequence[int], train: Sequence[float], test: Sequence[float], n_points: int
) -> Figure:
    """Training and test RMSE against hidden units (log y), the number of points
    marked."""
    units_arr, train_arr, test_arr = _same_length(
        train_vs_test_error, units=units, train=train, test=test
    )
    n_points = positive_int(n_points, train_vs_test_error, "n_points")
    fig, ax = plt.subplots(figsize=(8.5, 4.4))
    ax.semilogy(
        units_arr, np.maximum(train_arr, 1e-4), "o-", lw=2.5, label="training error"
    )
    ax.semilogy(units_arr, test_arr, "s-", lw=2.5, label="test error")
    ax.axvline(
        n_points,
        color="grey",
        ls=":",
        lw=2,
        label=f"{n_points} units = {n_points} points",
    )
    ax.set_xticks(units_arr.astype(int))
    ax.set_xlabel("hidden sigmoid units (one hidden layer)")
    ax.set_ylabel("root-mean-square error")
    ax.set_title("Training error falls, test error turns up")
    ax.legend()
    return finish(fig, None)


def degradation(histories: Mapping[tuple[int, bool], Sequence[float]]) -> Figure:
    """Training accuracy per epoch, one panel per depth; keys (hidden layers,
    residual)."""
    histories = mapping(histories, degradation, "histories", non_empty=False)
    if not histories:
        raise ValueError(
            f"{name_of(degradation)}: histories is empty; it must hold one accuracy "
            f"list per (hidden layers, residual); got {{}}"
        )
    for key in histories:
        if not (isinstance(key, tuple) and len(key) == 2):
            raise ValueError(
                f"{name_of(degradation)}: histories must be keyed by (hidden layers, "
                f"residual); got key {key!r}"
            )
    depths = sorted({d for d, _ in histories})
    fig, axes = plt.subplots(
        1, len(depths), figsize=(4.4 * len(depths), 4.0), sharey=True
    )
    for ax, d in zip(np.atleast_1d(axes), depths, strict=True):
        for residual, style in ((False, "--"), (True, "-")):
            if (d, residual) in histories:
                acc = histories[d, residual]
                ax.plot(range(1, len(acc) + 1), acc, style, lw=2.5,
                        label="residual" if residual else "plain")  # fmt: skip
        ax.set_title(f"{d} hidden layers")
        ax.set_xlabel("epoch")
        ax.set_ylim(0, 1.02)
        ax.grid(alpha=0.3)
    np.atleast_1d(axes)[0].set_ylabel("training accuracy")
    np.atleast_1d(axes)[0].legend(loc="lower right")
    return finish(fig, "Same layers, same data: the deep plain stack trains worse")


def gradient_per_layer(norms: Mapping[str, Sequence[float]], title: str) -> Figure:
    """Gradient norm against layer (1 = nearest the input), log y, one line per
    setting."""
    norms = mapping(norms, gradient_per_layer, "norms")
    title = text(title, gradient_per_layer, "title", optional=True)
    fig, ax = plt.subplots(figsize=(9, 4.2))
    for label, values in norms.items():
        v = as_float_array(values, gradient_per_layer, f"norms[{label!r}]", ndim=1)
        ax.semilogy(range(1, len(v) + 1), v, "o-", ms=3, lw=2, label=label)
    ax.set_xlabel("layer (1 = nearest the input)")
    ax.set_ylabel("‖∂L/∂(layer input)‖")
    ax.set_title(title)
    ax.legend()
    return finish(fig, None)


def dense_block_channels(channels: Sequence[int], growth_rate: int) -> Figure:
    """Bars of the channels each layer of a dense block receives, the block's output
    last."""
    c = as_float_array(
        channels, dense_block_channels, "channels", ndim=1, allow_inf=False
    )
    if c.size < 2:
        raise ValueError(
            f"{name_of(dense_block_channels)}: channels must list each layer's input "
            f"and the output (at least 2); got {c.size}"
        )
    growth_rate = positive_int(growth_rate, dense_block_channels, "growth_rate")
    fig, ax = plt.subplots(figsize=(8, 3.8))
    labels = [f"layer {i + 1}" for i in range(len(c) - 1)] + ["output"]
    bars = ax.bar(labels, c, color="#1f77b4")
    bars[-1].set_color("#d62728")
    for i, value in enumerate(c):
        ax.text(i, value, f"{int(value)}", ha="center", va="bottom", fontsize=FONT - 1)
    ax.set_ylim(0, 1.15 * c.max())  # room for the labels above the bars
    ax.set_ylabel("channels received")
    ax.set_title(f"Each layer adds k = {growth_rate} maps to everything before it")
    return finish(fig, None)
