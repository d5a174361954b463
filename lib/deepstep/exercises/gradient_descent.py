"""Exercises of notebook 03 (loss functions and gradient descent): fitting y ≈ w·x + b.

The first exercise's reference is ``losses.CategoricalCrossentropy(from_logits=True)``,
its loss and its gradient. The two line-fitting references call the library's
``descent.linear_regression_gd``. One full-batch epoch
is one gradient-descent step on the mean squared error. For the mini-batch epoch the
student gets the visiting order as an argument; the reference hands the library the
samples rearranged so that its own seeded shuffle visits them in exactly that order.
"""

from __future__ import annotations

import numpy as np

from .. import descent
from ..nn import losses
from .feedback import Case, Exercise, KnownMistake


def _step_reference(x, y, w, b, lr):
    run = descent.linear_regression_gd(
        x, y, batch_size=len(x), learning_rate=lr, epochs=1, start=(w, b)
    )
    w_new, b_new = run.params[-1]
    return float(w_new), float(b_new)


def _line_data(rng, n, slope=2.0, intercept=1.0):
    x = rng.uniform(-1, 1, size=n)
    return x, slope * x + intercept + rng.normal(0, 0.3, size=n)


def _step_cases() -> list[Case]:
    rng = np.random.default_rng(5)
    x8, y8 = _line_data(rng, 8)
    x5, y5 = _line_data(rng, 5, slope=-3.0, intercept=-2.0)
    return [
        Case("8 points from w = 0, b = 0, lr 0.1", (x8, y8, 0.0, 0.0, 0.1)),
        Case("5 points, negative slope, from w = 1, b = 1", (x5, y5, 1.0, 1.0, 0.3)),
        Case("a single point", (np.array([2.0]), np.array([-1.0]), 0.5, 0.0, 0.1)),
        Case("already the exact line: no move", (x8, 2 * x8 + 1, 2.0, 1.0, 0.5)),
        Case(
            "3 points, large lr",
            (np.array([-1.0, 0.0, 3.0]), np.array([1.0, 2.0, 0.0]), -0.5, 0.5, 0.9),
        ),  # fmt: skip
    ]


def _residuals(x, y, w, b):
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    return x, w * x + b - y  # ŷ - y


def _step_uphill(x, y, w, b, lr):
    x, r = _residuals(x, y, w, b)
    return w + lr * np.mean(2 * r * x), b + lr * np.mean(2 * r)


def _step_not_divided_by_n(x, y, w, b, lr):
    x, r = _residuals(x, y, w, b)
    return w - lr * np.sum(2 * r * x), b - lr * np.sum(2 * r)


def _step_without_the_2(x, y, w, b, lr):
    x, r = _residuals(x, y, w, b)
    return w - lr * np.mean(r * x), b - lr * np.mean(r)


def _step_forgets_x(x, y, w, b, lr):
    x, r = _residuals(x, y, w, b)
    return w - lr * np.mean(2 * r), b - lr * np.mean(2 * r)


LINREG_STEP = Exercise(
    name="linreg_step",
    notebook="03_loss_and_gradient_descent",
    reference=_step_reference,
    compares="descent.linear_regression_gd(..., batch_size=N, epochs=1)",
    cases=_step_cases,
    mistakes=(
        KnownMistake(
            _step_uphill,
            "you step uphill: the gradient points to where the loss grows, so "
            "subtract it, w ← w − η ∂L/∂w.",
        ),
        KnownMistake(
            _step_not_divided_by_n,
            "you sum the gradient over the samples without dividing by N. The loss is "
            "a mean, so its gradient is one too: use np.mean (or divide the sum by "
            "N).",
        ),
        KnownMistake(
            _step_without_the_2,
            "you dropped the 2 of the square's derivative: d(ŷ − y)²/dŷ = 2(ŷ − y).",
        ),
        KnownMistake(
            _step_forgets_x,
            "your weight's gradient has no x in it. By the chain rule ∂ŷ/∂w = x, so "
            "∂L/∂w = mean(2(ŷ − y)·x); only the bias's gradient is mean(2(ŷ − y)).",
        ),
    ),
)


def _epoch_reference(x, y, w, b, lr, batch_size, order):
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    shuffle = np.random.default_rng(0).permutation(len(x))  # what seed 0 will visit
    x_for_lib, y_for_lib = np.empty_like(x), np.empty_like(y)
    x_for_lib[shuffle], y_for_lib[shuffle] = x[order], y[order]
    run = descent.linear_regression_gd(
        x_for_lib, y_for_lib, batch_size=batch_size, learning_rate=lr, epochs=1, seed=0,
        start=(w, b),
    )  # fmt: skip
    return run.params[1:]


def _epoch_cases() -> list[Case]:
    rng = np.random.default_rng(6)
    x12, y12 = _line_data(rng, 12)
    x10, y10 = _line_data(rng, 10, slope=-1.0, intercept=0.5)
    return [
        Case(
            "12 points, batches of 4", (x12, y12, 0.0, 0.0, 0.1, 4, rng.permutation(12))
        ),
        Case(
            "10 points, batches of 4 (last batch of 2)",
            (x10, y10, 0.5, -0.5, 0.2, 4, rng.permutation(10)),
        ),  # fmt: skip
        Case(
            "12 points, stochastic (batch of 1)",
            (x12, y12, 1.0, 1.0, 0.05, 1, rng.permutation(12)),
        ),  # fmt: skip
        Case(
            "10 points, one batch of all",
            (x10, y10, 0.0, 0.0, 0.1, 10, rng.permutation(10)),
        ),
        Case(
            "a single point",
            (np.array([-1.5]), np.array([0.5]), 0.0, 0.0, 0.1, 1, np.array([0])),
        ),  # fmt: skip
    ]


def _batch_step(xb, yb, w, b, lr, divide_by):
    r = w * xb + b - yb
    return w - lr * 2 * np.sum(r * xb) / divide_by, b - lr * 2 * np.sum(r) / divide_by


def _epoch_ignores_order(x, y, w, b, lr, batch_size, order):
    x, y, path = np.asarray(x, float), np.asarray(y, float), []
    for lo in range(0, len(x), batch_size):
        w, b = _batch_step(x[lo : lo + batch_size], y[lo : lo + batch_size], w, b, lr,
                           len(x[lo : lo + batch_size]))  # fmt: skip
        path.append((w, b))
    return np.array(path)


def _epoch_drops_last_batch(x, y, w, b, lr, batch_size, order):
    x, y, path = np.asarray(x, float)[order], np.asarray(y, float)[order], []
    for k in range(len(x) // batch_size):
        sl = slice(k * batch_size, (k + 1) * batch_size)
        w, b = _batch_step(x[sl], y[sl], w, b, lr, batch_size)
        path.append((w, b))
    return np.array(path)


def _epoch_divides_by_n(x, y, w, b, lr, batch_size, order):
    x, y, path = np.asarray(x, float)[order], np.asarray(y, float)[order], []
    for lo in range(0, len(x), batch_size):
        w, b = _batch_step(
            x[lo : lo + batch_size], y[lo : lo + batch_size], w, b, lr, len(x)
        )
        path.append((w, b))
    return np.array(path)


def _epoch_divides_by_batch_size(x, y, w, b, lr, batch_size, order):
    x, y, path = np.asarray(x, float)[order], np.asarray(y, float)[order], []
    for lo in range(0, len(x), batch_size):
        w, b = _batch_step(x[lo : lo + batch_size], y[lo : lo + batch_size], w, b, lr,
                           batch_size)  # fmt: skip
        path.append((w, b))
    return np.array(path)


MINIBATCH_EPOCH = Exercise(
    name="minibatch_epoch",
    notebook="03_loss_and_gradient_descent",
    reference=_epoch_reference,
    compares="descent.linear_regression_gd(..., epochs=1), visiting the same order",
    cases=_epoch_cases,
    mistakes=(
        KnownMistake(
            _epoch_ignores_order,
            "you take the batches in the data's own order. Visit the samples in "
            "`order`: the first batch is x[order[:batch_size]], and so on.",
        ),
        KnownMistake(
            _epoch_drops_last_batch,
            "you skip the last, smaller batch when N is not a multiple of batch_size. "
            "range(0, N, batch_size) gives every batch's start, the last one included.",
        ),
        KnownMistake(
            _epoch_divides_by_n,
            "you divide each batch's gradient by N, the whole data set's size. A "
            "batch's gradient is the mean over that batch: divide by the batch's own "
            "length.",
        ),
        KnownMistake(
            _epoch_divides_by_batch_size,
            "you divide by batch_size also for the last, smaller batch. Use that "
            "batch's real length, len(xb), so it is a mean too.",
        ),
    ),
)


_CCE = losses.CategoricalCrossentropy(from_logits=True)


def _cce_reference(z, y):
    return _CCE(y, z), _CCE.gradient(y, z)


def _one_hot(labels, k):
    return np.eye(k)[labels]


def _cce_cases() -> list[Case]:
    rng = np.random.default_rng(7)
    large = 1000.0 + rng.normal(size=(2, 3))  # np.exp overflows to inf past about 709
    return [
        Case(
            "batch of 3, 4 classes", (rng.normal(size=(3, 4)), _one_hot([2, 0, 3], 4))
        ),
        Case("one sample", (rng.normal(size=(1, 4)), _one_hot([1], 4))),
        Case(
            "two classes, 4 samples",
            (rng.normal(size=(4, 2)), _one_hot([0, 1, 1, 0], 2)),
        ),
        Case("large logits, about 1000", (large, _one_hot([1, 2], 3))),
        Case(
            "negative logits",
            (-rng.uniform(1.0, 20.0, size=(3, 4)), _one_hot([3, 1, 0], 4)),
        ),  # fmt: skip
        Case(
            "N = 5, K = 10",
            (3 * rng.normal(size=(5, 10)), _one_hot([9, 0, 4, 4, 7], 10)),
        ),
    ]


def _log_softmax(z, axis=1):
    shifted = np.asarray(z, dtype=float) - np.max(z, axis=axis, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


def _cce_parts(z, y):
    log_p = _log_softmax(z)
    return -np.sum(y * log_p, axis=1), np.exp(log_p)  # per-sample losses, p


def _cce_not_divided_by_n(z, y):
    per_sample, p = _cce_parts(z, y)
    return np.mean(per_sample), p - y


def _cce_y_minus_p(z, y):
    per_sample, p = _cce_parts(z, y)
    return np.mean(per_sample), (y - p) / len(z)


def _cce_summed_loss(z, y):
    per_sample, p = _cce_parts(z, y)
    return np.sum(per_sample), (p - y) / len(z)


def _cce_sigmoid(z, y):
    p = 1 / (1 + np.exp(-np.asarray(z, dtype=float)))
    return -np.mean(np.sum(y * np.log(p), axis=1)), (p - y) / len(z)


def _cce_softmax_over_batch(z, y):
    log_p = _log_softmax(z, axis=0)  # each column sums to 1, not each row
    return -np.mean(np.sum(y * log_p, axis=1)), (np.exp(log_p) - y) / len(z)


SOFTMAX_CROSS_ENTROPY_GRADIENT = Exercise(
    name="softmax_cross_entropy_gradient",
    notebook="03_loss_and_gradient_descent",
    reference=_cce_reference,
    compares="losses.CategoricalCrossentropy(from_logits=True) and its .gradient",
    cases=_cce_cases,
    mistakes=(
        KnownMistake(
            _cce_not_divided_by_n,
            "your gradient is N times too big: you return p − y. The loss is the mean "
            "over the N samples, so each sample's share of the gradient is (p − y)/N.",
        ),
        KnownMistake(
            _cce_y_minus_p,
            "your gradient has the wrong sign: it is p − y (predicted minus wanted), "
            "not y − p. Raising the right class's logit lowers the loss, so its entry "
            "is < 0.",
        ),
        KnownMistake(
            _cce_summed_loss,
            "your loss is N times too big: you sum the samples' −log p[correct]. The "
            "loss is their mean, np.mean over the batch (the gradient's /N comes from "
            "it).",
        ),
        KnownMistake(
            _cce_sigmoid,
            "you squash each logit on its own with a sigmoid, so a row does not sum "
            "to 1. Use softmax: exp(z) / exp(z).sum(axis=1, keepdims=True), row by "
            "row.",
        ),
        KnownMistake(
            _cce_softmax_over_batch,
            "your softmax normalises each column (over the batch) instead of each "
            "row. Sum over the classes, axis=1 with keepdims=True, so every sample's "
            "p sums to 1.",
        ),
    ),
)

EXERCISES = (SOFTMAX_CROSS_ENTROPY_GRADIENT, LINREG_STEP, MINIBATCH_EPOCH)
