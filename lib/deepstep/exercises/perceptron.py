"""Exercises of notebook 01 (the perceptron): one epoch of the rule, then the whole
loop.

The references call the library's ``perceptron.train``: one epoch is ``train`` with
``max_epochs=1`` started from the given weights; the whole loop is ``train`` itself, on
cases where it stops because an epoch made no mistake or because max_epochs ran out
(never because it found a cycle, which a student's loop need not look for).
"""

from __future__ import annotations

import numpy as np

from .. import data, perceptron
from .feedback import Case, Exercise, KnownMistake


def _epoch_reference(X, y, w, b, lr=1.0):
    result = perceptron.train(X, y, lr=lr, max_epochs=1, w0=w, b0=b)
    return result.weights, result.bias, int(result.mistakes[0])


def _epoch_cases() -> list[Case]:
    rng = np.random.default_rng(1)
    X_and, y_and = data.logic_gate("and")
    X_or, y_or = data.logic_gate("or")
    X_xor, y_xor = data.logic_gate("xor")
    X5 = rng.normal(size=(7, 3))
    y5 = (X5 @ np.array([1.0, -2.0, 0.5]) > 0).astype(float)
    return [
        Case("AND from w = 0, b = 0", (X_and, y_and, np.zeros(2), 0.0)),
        Case(
            "OR from w = (1, -1), b = 0.5, lr 0.5",
            (X_or, y_or, np.array([1.0, -1.0]), 0.5),
            {"lr": 0.5},
        ),  # fmt: skip
        Case("XOR from w = (1, 1), b = -1", (X_xor, y_xor, np.array([1.0, 1.0]), -1.0)),
        Case(
            "one sample, already right",
            (np.array([[2.0, -1.0]]), np.array([1.0]), np.array([1.0, 0.0]), 0.0),
        ),  # fmt: skip
        Case(
            "7 samples, 3 features, negative inputs, lr 0.1",
            (X5, y5, np.array([-0.2, 0.3, 0.1]), 0.05),
            {"lr": 0.1},
        ),  # fmt: skip
    ]


def _epoch_batch_update(X, y, w, b, lr=1.0):
    # predicts every sample with the weights of the epoch's start, then updates once
    X, y, w = np.asarray(X, float), np.asarray(y, float), np.array(w, float)
    errors = y - (X @ w + b > 0)
    return w + lr * errors @ X, b + lr * errors.sum(), int(np.count_nonzero(errors))


def _epoch_no_bias_update(X, y, w, b, lr=1.0):
    w, wrong = np.array(w, float), 0
    for x_i, y_i in zip(np.asarray(X, float), y, strict=True):
        error = y_i - float(x_i @ w + b > 0)
        if error:
            w += lr * error * x_i
            wrong += 1
    return w, b, wrong


def _epoch_step_at_zero_is_one(X, y, w, b, lr=1.0):
    w, wrong = np.array(w, float), 0
    for x_i, y_i in zip(np.asarray(X, float), y, strict=True):
        error = y_i - float(x_i @ w + b >= 0)
        if error:
            w += lr * error * x_i
            b += lr * error
            wrong += 1
    return w, b, wrong


def _epoch_sign_flipped(X, y, w, b, lr=1.0):
    w, wrong = np.array(w, float), 0
    for x_i, y_i in zip(np.asarray(X, float), y, strict=True):
        error = float(x_i @ w + b > 0) - y_i
        if error:
            w += lr * error * x_i
            b += lr * error
            wrong += 1
    return w, b, wrong


PERCEPTRON_EPOCH = Exercise(
    name="perceptron_epoch",
    notebook="01_perceptron",
    reference=_epoch_reference,
    compares="perceptron.train(..., max_epochs=1)",
    cases=_epoch_cases,
    mistakes=(
        KnownMistake(
            _epoch_batch_update,
            "you predict every sample with the weights the epoch started with and "
            "update once at the end. The perceptron rule updates after each sample, "
            "so the next prediction already uses the new w and b: loop over the "
            "samples one at a time.",
        ),
        KnownMistake(
            _epoch_no_bias_update,
            "your bias never changes. The bias learns too: b ← b + η (y − ŷ), "
            "in the same place as the weight update.",
        ),
        KnownMistake(
            _epoch_step_at_zero_is_one,
            "you predict 1 when w·x + b is exactly 0. The step of the slides (and "
            "activations.step) gives 1 only when the sum is above zero: use `> 0`.",
        ),
        KnownMistake(
            _epoch_sign_flipped,
            "your updates go the wrong way: the error is y − ŷ (target minus "
            "prediction), so a missed 1 pushes w towards x, not away from it.",
        ),
    ),
)


def _train_reference(X, y, lr=1.0, max_epochs=100):
    result = perceptron.train(X, y, lr=lr, max_epochs=max_epochs)
    return result.weights, result.bias, result.mistakes


def _train_cases() -> list[Case]:
    rng = np.random.default_rng(2)
    X6 = rng.uniform(-1, 1, size=(12, 3))
    y6 = (X6 @ np.array([2.0, -1.0, 1.0]) + 0.3 > 0).astype(float)
    return [
        Case("AND", data.logic_gate("and")),
        Case("OR, lr 0.5", data.logic_gate("or"), {"lr": 0.5}),
        Case("NAND, at most 3 epochs", data.logic_gate("nand"), {"max_epochs": 3}),
        Case("XOR, at most 2 epochs", data.logic_gate("xor"), {"max_epochs": 2}),
        Case("one sample of class 0", (np.array([[1.0, 1.0]]), np.array([0.0]))),
        Case("12 samples, 3 features, lr 0.1", (X6, y6), {"lr": 0.1}),
    ]


def _train_never_stops(X, y, lr=1.0, max_epochs=100):
    X, w, b, mistakes = np.asarray(X, float), np.zeros(np.shape(X)[1]), 0.0, []
    for _ in range(max_epochs):
        w, b, wrong = _epoch_reference(X, y, w, b, lr)
        mistakes.append(wrong)
    return w, b, np.array(mistakes)


def _train_forgets_last_epoch(X, y, lr=1.0, max_epochs=100):
    X, w, b, mistakes = np.asarray(X, float), np.zeros(np.shape(X)[1]), 0.0, []
    for _ in range(max_epochs):
        w, b, wrong = _epoch_reference(X, y, w, b, lr)
        if wrong == 0:
            break
        mistakes.append(wrong)
    return w, b, np.array(mistakes)


def _train_restarts_each_epoch(X, y, lr=1.0, max_epochs=100):
    X, mistakes = np.asarray(X, float), []
    for _ in range(max_epochs):
        w, b, wrong = _epoch_reference(X, y, np.zeros(X.shape[1]), 0.0, lr)
        mistakes.append(wrong)
        if wrong == 0:
            break
    return w, b, np.array(mistakes)


TRAIN_PERCEPTRON = Exercise(
    name="train_perceptron",
    notebook="01_perceptron",
    reference=_train_reference,
    compares="perceptron.train",
    cases=_train_cases,
    mistakes=(
        KnownMistake(
            _train_never_stops,
            "you run all max_epochs even after an epoch with no mistake. Stop (break) "
            "as soon as an epoch makes 0 mistakes: nothing would change any more.",
        ),
        KnownMistake(
            _train_forgets_last_epoch,
            "you stop before recording the epoch that made no mistake. Append its 0 "
            "to the mistakes first, then break: the last entry of a converged run is "
            "0.",
        ),
        KnownMistake(
            _train_restarts_each_epoch,
            "you start every epoch from w = 0, b = 0, so nothing carries over. Create "
            "w and b once before the epoch loop and let each epoch continue from the "
            "last one.",
        ),
    ),
)

EXERCISES = (PERCEPTRON_EPOCH, TRAIN_PERCEPTRON)
