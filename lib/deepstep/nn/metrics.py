"""Metrics reported by ``Sequential.fit`` and ``evaluate``: numbers to read, not to differentiate.

"accuracy" follows Keras: with one output column (or a binary loss) it is binary
accuracy, prediction > 0.5 (> 0 for logits); with several columns it compares argmaxes.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from . import losses as losses_module


class Metric:
    """A named function (y_true, y_pred) -> float."""

    def __init__(self, name: str, fn: Callable[[np.ndarray, np.ndarray], float]):
        self.name = name
        self._fn = fn

    def __call__(self, y_true: np.ndarray, y_pred: np.ndarray) -> float:
        return float(self._fn(np.asarray(y_true), np.asarray(y_pred)))

    def __repr__(self) -> str:
        return f"Metric({self.name!r})"


def binary_accuracy(y_true: np.ndarray, y_pred: np.ndarray, threshold: float = 0.5) -> float:
    """Fraction of elements where (y_pred > threshold) equals y_true (0/1)."""
    return float(np.mean((y_pred > threshold) == (y_true > 0.5)))


def categorical_accuracy(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    """Fraction of rows whose largest prediction is at the one-hot target's 1."""
    return float(np.mean(np.argmax(y_pred, axis=-1) == np.argmax(y_true, axis=-1)))


def get(name: str, loss: losses_module.Loss | None = None) -> Metric:
    """A metric by Keras name: "accuracy" (or "acc"), "mse", "mae", "rmse", or any loss name."""
    if not isinstance(name, str):
        raise TypeError(f"metrics.get: expected a metric name; got {type(name).__name__} {name!r}")
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
                return binary_accuracy(y_true, y_pred, threshold)
            return categorical_accuracy(y_true, y_pred)

        return Metric("accuracy", accuracy)
    try:
        loss_fn = losses_module.get(key)
    except ValueError:
        raise ValueError(
            f"metrics.get: unknown metric {name!r}; known: accuracy, {', '.join(losses_module.NAMES)}"
        ) from None
    return Metric(key, loss_fn)
