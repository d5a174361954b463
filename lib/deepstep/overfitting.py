"""Overfitting against regularization: the training and validation loss of one small,
seeded network, per epoch, for a chosen dropout rate and weight decay.  (notebook 10)

- ``regularized_curves``: trains a one-hidden-layer ReLU network (``deepstep.nn``) with
  momentum SGD and returns both losses after every epoch, measured at inference (dropout
  off), so that the two are comparable. Small enough to retrain while a slider moves.

- ``noisy_digits``: notebook 10's data, built as its cells build them: scikit-learn's
  8×8 digits shuffled once, the first ``n_train`` for training with about one label in
  five changed to another digit, rows 1000–1399 (clean) for validation. The benchmark
  and the tests use it; the notebook checks its own arrays against it.

NumPy only (scikit-learn's digits are loaded when ``noisy_digits`` is called); the
slider's data come from the caller.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from ._checks import (
    as_finite_scalar,
    as_float_array,
    name_of,
    non_negative_int,
    positive_int,
    share,
)
from .nn import initializers, layers, models, optimizers

VALIDATION_ROWS = slice(1000, 1400)  # notebook 10's validation digits, never trained on


def _targets(y: npt.ArrayLike, rows: int, classes: int | None, name: str) -> np.ndarray:
    """One-hot targets (rows, C) from one-hot rows or integer class labels (rows,)."""
    func = regularized_curves
    arr = as_float_array(y, func, name, ndim=(1, 2), allow_inf=False)
    if arr.shape[0] != rows:
        raise ValueError(
            f"{name_of(func)}: {name} must have one row per row of its x ({rows}); "
            f"got shape {arr.shape}"
        )
    if arr.ndim == 2:
        if classes is not None and arr.shape[1] != classes:
            raise ValueError(
                f"{name_of(func)}: {name} must have {classes} columns, as y has; "
                f"got shape {arr.shape}"
            )
        return arr.astype(float)
    if np.any(arr < 0) or np.any(arr != np.round(arr)):
        raise ValueError(
            f"{name_of(func)}: {name} as labels must be integers >= 0; got {arr[:6]!r}"
        )
    n_classes = int(arr.max()) + 1 if classes is None else classes
    if arr.max() >= n_classes:
        raise ValueError(
            f"{name_of(func)}: {name} must hold labels below {n_classes}, the classes "
            f"of y; got {int(arr.max())}"
        )
    return np.eye(n_classes)[arr.astype(int)]


def regularized_curves(
    x: npt.ArrayLike,
    y: npt.ArrayLike,
    dropout: float = 0.0,
    weight_decay: float = 0.0,
    *,
    x_val: npt.ArrayLike | None = None,
    y_val: npt.ArrayLike | None = None,
    epochs: int = 80,
    hidden: int = 64,
    learning_rate: float = 0.05,
    seed: int = 0,
) -> dict[str, np.ndarray]:
    """Train D → ``hidden`` ReLU (→ Dropout(dropout)) → C softmax on (x, y) and return
    {"train": (epochs,), "val": (epochs,)}: the cross-entropy on (x, y) and on
    (x_val, y_val) after every epoch, both at inference.

    x: (N, D); y: (N, C) one-hot or (N,) integer labels. x_val, y_val: the validation
    set (same D and C); None holds out the last quarter of x and y instead. SGD with
    momentum 0.9 and Keras's ``weight_decay`` (w ← w − η·λ·w before each step), batches
    of 50, every weight and mask seeded by ``seed``: the same arguments give the same
    curves.
    """
    func = regularized_curves
    x = as_float_array(x, func, "x", ndim=2, allow_inf=False)
    if x.size == 0:
        raise ValueError(
            f"{name_of(func)}: x must hold at least one row; got shape {x.shape}"
        )
    y = _targets(y, x.shape[0], None, "y")
    dropout = as_finite_scalar(dropout, func, "dropout")
    if not 0.0 <= dropout < 1.0:
        raise ValueError(
            f"{name_of(func)}: dropout must be a rate in [0, 1); got {dropout}"
        )
    weight_decay = as_finite_scalar(weight_decay, func, "weight_decay")
    if weight_decay < 0:
        raise ValueError(
            f"{name_of(func)}: weight_decay must be >= 0; got {weight_decay}"
        )
    epochs = positive_int(epochs, func, "epochs")
    hidden = positive_int(hidden, func, "hidden")
    learning_rate = as_finite_scalar(
        learning_rate, func, "learning_rate", positive=True
    )
    seed = non_negative_int(seed, func, "seed")
    if (x_val is None) != (y_val is None):
        raise ValueError(
            f"{name_of(func)}: x_val and y_val must be given together; got only "
            f"{'x_val' if y_val is None else 'y_val'}"
        )
    if x_val is None:
        if len(x) < 2:
            raise ValueError(
                f"{name_of(func)}: x needs at least 2 rows to hold a quarter out as "
                f"validation; got shape {x.shape}"
            )
        cut = len(x) - max(1, len(x) // 4)
        x, x_val, y, y_val = x[:cut], x[cut:], y[:cut], y[cut:]
    else:
        x_val = as_float_array(x_val, func, "x_val", ndim=2, allow_inf=False)
        if x_val.shape[1:] != x.shape[1:] or len(x_val) == 0:
            raise ValueError(
                f"{name_of(func)}: x_val must be (M, {x.shape[1]}) with M >= 1, like "
                f"x; got shape {x_val.shape}"
            )
        y_val = _targets(y_val, len(x_val), y.shape[1], "y_val")
    initializers.set_random_seed(seed)
    stack = [layers.Input((x.shape[1],))]
    stack.append(
        layers.Dense(hidden, activation="relu", kernel_initializer="he_normal")
    )
    stack += [layers.Dropout(dropout, seed=seed)] if dropout else []
    model = models.Sequential([*stack, layers.Dense(y.shape[1], activation="softmax")])
    sgd = optimizers.SGD(learning_rate, momentum=0.9, weight_decay=weight_decay or None)
    model.compile(optimizer=sgd, loss="categorical_crossentropy")
    curves: dict[str, list[float]] = {"train": [], "val": []}
    for epoch in range(epochs):
        model.fit(x, y, epochs=1, batch_size=50, verbose=0, seed=seed + epoch)
        curves["train"].append(float(model.evaluate(x, y)))
        curves["val"].append(float(model.evaluate(x_val, y_val)))
    return {name: np.array(values) for name, values in curves.items()}


def noisy_digits(
    n_train: int = 300, wrong_share: float = 0.2, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Notebook 10's (x_train, y_train, x_val, y_val): x (N, 64) pixels in [0, 1],
    y (N, 10) one-hot.

    One ``np.random.default_rng(seed)`` draws, in the notebook's order, the shuffle of
    scikit-learn's 1,797 digits, which training labels are wrong (each with probability
    ``wrong_share``) and the wrong digit (the true one plus 1 to 9, modulo 10, so never
    the true one). x_train is the first ``n_train`` shuffled digits (at most 1,000, so
    they stay clear of the validation rows 1000–1399, whose labels stay correct).
    """
    func = noisy_digits
    n_train = positive_int(n_train, func, "n_train")
    if n_train > VALIDATION_ROWS.start:
        raise ValueError(
            f"{name_of(func)}: n_train must be at most {VALIDATION_ROWS.start}, where "
            f"the validation digits begin; got {n_train}"
        )
    wrong_share = share(wrong_share, func, "wrong_share")
    seed = non_negative_int(seed, func, "seed")
    from sklearn.datasets import load_digits  # here: importing deepstep stays fast

    rng = np.random.default_rng(seed)
    digits = load_digits()
    order = rng.permutation(len(digits.target))
    x, labels = digits.images[order].reshape(-1, 64) / 16.0, digits.target[order]
    y = np.eye(10)[labels]
    y_train = y[:n_train].copy()
    wrong = rng.random(n_train) < wrong_share
    y_train[wrong] = np.eye(10)[
        (labels[:n_train][wrong] + rng.integers(1, 10, size=wrong.sum())) % 10
    ]
    return x[:n_train], y_train, x[VALIDATION_ROWS], y[VALIDATION_ROWS]
