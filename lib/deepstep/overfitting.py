"""Overfitting against regularization: the training and validation loss of one small,
seeded network, per epoch, for a chosen dropout rate and weight decay.  (notebook 10)

- ``regularized_curves``: trains a one-hidden-layer ReLU network (``deepstep.nn``) with
  momentum SGD and returns both losses after every epoch, measured at inference (dropout
  off), so that the two are comparable. Small enough to retrain while a slider moves.

NumPy only; the data come from the caller (notebook 10 passes its 300 digits with one
label in five wrong, and its 400 clean validation digits).
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
)
from .nn import initializers, layers, models, optimizers


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
