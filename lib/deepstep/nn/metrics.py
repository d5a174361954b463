"""Metrics reported by ``Sequential.fit`` and ``evaluate``: numbers to read, not to
differentiate.

"accuracy" follows Keras: with one output column (or a binary loss) it is binary
accuracy, prediction > 0.5 (> 0 for logits); with several columns it compares argmaxes.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from .._checks import (
    as_finite_scalar,
    as_float_array,
    function,
    instance_of,
    name_of,
    text,
)
from . import losses as losses_module


class Metric:
    """A named function (y_true, y_pred) -> float."""

    def __init__(self, name: str, fn: Callable[[np.ndarray, np.ndarray], float]):
        self.name = text(name, Metric, "name")
        self._fn = function(fn, Metric, "fn")

    def __call__(self, y_true: npt.ArrayLike, y_pred: npt.ArrayLike) -> float:
        """The metric of checked arrays (``fit`` calls ``metric.fn`` on arrays it
        checked)."""
        y_true, y_pred = _pair(y_true, y_pred, self.name)
        return float(self._fn(y_true, y_pred))

    @property
    def fn(self) -> Callable[[np.ndarray, np.ndarray], float]:
        """The unchecked function, for callers that checked their arrays once
        (``fit``)."""
        return self._fn

    def __repr__(self) -> str:
        return f"Metric({self.name!r})"


def _pair(
    y_true: object, y_pred: object, func: object
) -> tuple[np.ndarray, np.ndarray]:
    """y_true and y_pred as float arrays of one shape, non-empty, no NaN."""
    y_true = as_float_array(y_true, func, "y_true")
    y_pred = as_float_array(y_pred, func, "y_pred")
    if y_pred.ndim == 0 or y_pred.size == 0:
        raise ValueError(
            f"{name_of(func)}: y_pred must be a non-empty array (N,) or (N, k); "
            f"got shape {y_pred.shape}"
        )
    if y_true.shape != y_pred.shape:
        raise ValueError(
            f"{name_of(func)}: y_true must have y_pred's shape {y_pred.shape}; got "
            f"{y_true.shape}"
        )
    return y_true, y_pred


def binary_accuracy(
    y_true: npt.ArrayLike, y_pred: npt.ArrayLike, threshold: float = 0.5
) -> float:
    """Fraction of elements where (y_pred > threshold) equals y_true (0/1).

    y_true, y_pred: the same shape, (N,) or (N, 1)."""
    y_true, y_pred = _pair(y_true, y_pred, binary_accuracy)
    threshold = as_finite_scalar(threshold, binary_accuracy, "threshold")
    return _binary_accuracy(y_true, y_pred, threshold)


def _binary_accuracy(
    y_true: np.ndarray, y_pred: np.ndarray, threshold: float = 0.5
) -> float:
    """``binary_accuracy`` of arrays already checked (``fit`` calls it every step)."""
    return float(np.mean((y_pred > threshold) == (y_true > 0.5)))


def categorical_accuracy(y_true: npt.ArrayLike, y_pred: npt.ArrayLike) -> float:
    """Fraction of rows whose largest prediction is at the one-hot target's 1.

    y_true, y_pred: the same shape (N, k), y_true one-hot."""
    y_true, y_pred = _pair(y_true, y_pred, categorical_accuracy)
    return _categorical_accuracy(y_true, y_pred)


def _categorical_accuracy(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    """``categorical_accuracy`` of arrays already checked (``fit`` calls it every
    step)."""
    return float(np.mean(np.argmax(y_pred, axis=-1) == np.argmax(y_true, axis=-1)))


def get(name: str, loss: losses_module.Loss | None = None) -> Metric:
    """A metric by Keras name: "accuracy" (or "acc"), "mse", "mae", "rmse", or any loss
    name."""
    if not isinstance(name, str):
        raise TypeError(
            f"metrics.get: name must be a metric name; got {type(name).__name__} "
            f"{name!r}"
        )
    if loss is not None:
        instance_of(loss, losses_module.Loss, "metrics.get", "loss")
    key = name.lower()
    if key in ("accuracy", "acc"):
        logits = getattr(loss, "from_logits", False)
        threshold = 0.0 if logits else 0.5

        def accuracy(y_true, y_pred):
            if (
                y_pred.ndim == 1
                or y_pred.shape[-1] == 1
                or isinstance(loss, losses_module.BinaryCrossentropy)
            ):
                return _binary_accuracy(y_true, y_pred, threshold)
            return _categorical_accuracy(y_true, y_pred)

        return Metric("accuracy", accuracy)
    try:
        loss_fn = losses_module.get(key)
    except ValueError:
        raise ValueError(
            f"metrics.get: unknown metric {name!r}; "
            f"known: accuracy, {', '.join(losses_module.NAMES)} (argument name)"
        ) from None
    return Metric(key, loss_fn)
