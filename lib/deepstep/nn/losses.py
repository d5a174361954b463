"""Loss functions and their gradients with respect to the predictions.

A loss object ``loss(y_true, y_pred)`` returns one number: the mean over the batch,
as Keras reduces it. ``loss.gradient(y_true, y_pred)`` returns d(loss)/d(y_pred), the
shape of y_pred, already divided by the batch size, so it is exactly the gradient
that backpropagation starts from.

Slide deck 001 motivates the sequence: the signed error cancels (+1 and -1 average
to 0), the absolute error has no useful slope information, squares separate small
errors from large ones. Cross-entropy pairs with softmax for classification.

Shapes: y_true and y_pred are (N,) or (N, k), the same shape. Per-sample values
average over the last axis (Keras's convention), then the batch is averaged.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from .._checks import as_float_array, flag

# Keras's backend epsilon: probabilities are clipped to [EPSILON, 1 - EPSILON] before
# log.
EPSILON = 1e-7


class Loss:
    """Base class: subclasses define ``per_element`` and ``per_element_gradient``.

    ``loss(y_true, y_pred)`` and ``loss.gradient(y_true, y_pred)`` check their
    arguments, then call ``compute`` and ``compute_gradient``, the arithmetic alone,
    which ``Sequential.fit`` calls directly on arrays it has checked once (after
    ``check_shapes``, which reads shapes only).
    Most losses are an average over all elements; the ones that are not
    (sum of squares, RMSE, cross-entropy) override ``compute`` and ``compute_gradient``.
    """

    name = "loss"

    def __call__(self, y_true: npt.ArrayLike, y_pred: npt.ArrayLike) -> float:
        return self.compute(*self._checked(y_true, y_pred))

    def gradient(self, y_true: npt.ArrayLike, y_pred: npt.ArrayLike) -> np.ndarray:
        """d(loss)/d(y_pred), the shape of y_pred."""
        return self.compute_gradient(*self._checked(y_true, y_pred))

    def _checked(self, y_true, y_pred) -> tuple[np.ndarray, np.ndarray]:
        y_pred = as_float_array(y_pred, self.name, "y_pred", allow_inf=False)
        y_true = as_float_array(y_true, self.name, "y_true", allow_inf=False)
        self.check_shapes(y_true, y_pred)
        return y_true.astype(y_pred.dtype), y_pred

    def check_shapes(self, y_true: np.ndarray, y_pred: np.ndarray) -> None:
        """Raise a ValueError naming the loss unless the shapes fit (values are not
        read)."""
        if y_pred.ndim == 0:
            raise ValueError(
                f"{self.name}: y_pred must have a batch axis, shape (N,) or (N, k); "
                "got a scalar"
            )
        if y_true.shape != y_pred.shape:
            raise ValueError(
                f"{self.name}: y_true and y_pred must have the same shape; "
                f"got y_true {y_true.shape} and y_pred {y_pred.shape}"
            )

    def compute(self, y_true: np.ndarray, y_pred: np.ndarray) -> float:
        """The loss of checked float arrays of one shape, y_true in y_pred's dtype."""
        return float(np.mean(self.per_element(y_true, y_pred)))

    def compute_gradient(self, y_true: np.ndarray, y_pred: np.ndarray) -> np.ndarray:
        """d(loss)/d(y_pred) of checked arrays, as ``compute`` takes them."""
        return self.per_element_gradient(y_true, y_pred) / y_pred.size

    def per_element(self, y_true: np.ndarray, y_pred: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def per_element_gradient(
        self, y_true: np.ndarray, y_pred: np.ndarray
    ) -> np.ndarray:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class SignedError(Loss):
    """mean(y_true - y_pred): positive and negative errors cancel, so it has no
    minimum."""

    name = "signed_error"

    def per_element(self, y_true, y_pred):
        return y_true - y_pred

    def per_element_gradient(self, y_true, y_pred):
        return -np.ones_like(y_pred)


class MeanAbsoluteError(Loss):
    """mean(|y_true - y_pred|), slide 001's absolute error averaged. Gradient ±1/n (0 at
    a tie)."""

    name = "mean_absolute_error"

    def per_element(self, y_true, y_pred):
        return np.abs(y_true - y_pred)

    def per_element_gradient(self, y_true, y_pred):
        return np.sign(y_pred - y_true)


class MeanSquaredError(Loss):
    """mean((y_true - y_pred)²). Gradient 2(y_pred - y_true)/n."""

    name = "mean_squared_error"

    def per_element(self, y_true, y_pred):
        return (y_true - y_pred) ** 2

    def per_element_gradient(self, y_true, y_pred):
        return 2.0 * (y_pred - y_true)


class SumOfSquares(Loss):
    """Σ (y_true - y_pred)², slide 001's form: summed over everything, not averaged."""

    name = "sum_of_squares"

    def compute(self, y_true, y_pred):
        return float(np.sum((y_true - y_pred) ** 2))

    def compute_gradient(self, y_true, y_pred):
        return 2.0 * (y_pred - y_true)


class RootMeanSquaredError(Loss):
    """sqrt(MSE): in the units of y. Gradient (y_pred - y_true) / (n · RMSE); 0 at a
    perfect fit."""

    name = "root_mean_squared_error"

    def compute(self, y_true, y_pred):
        return float(np.sqrt(MeanSquaredError().compute(y_true, y_pred)))

    def compute_gradient(self, y_true, y_pred):
        rmse = np.sqrt(np.mean((y_true - y_pred) ** 2))
        if rmse == 0:
            return np.zeros_like(y_pred)
        return (y_pred - y_true) / (y_pred.size * rmse)


class Hinge(Loss):
    """mean(max(1 - t·y_pred, 0)) with t = ±1; 0/1 labels become -1/+1, as in Keras."""

    name = "hinge"

    def _signs(self, y_true: np.ndarray) -> np.ndarray:
        if not np.isin(y_true, (-1.0, 0.0, 1.0)).all():
            raise ValueError(
                f"{self.name}: y_true must hold -1/1 or 0/1 labels; got "
                f"{np.unique(y_true)}"
            )
        return np.where(y_true == 0, -1.0, y_true)

    def per_element(self, y_true, y_pred):
        return np.maximum(1.0 - self._signs(y_true) * y_pred, 0.0)

    def per_element_gradient(self, y_true, y_pred):
        t = self._signs(y_true)
        return np.where(1.0 - t * y_pred > 0, -t, 0.0)


class BinaryCrossentropy(Loss):
    """-mean(y log p + (1 - y) log(1 - p)).

    from_logits=False: y_pred are probabilities, clipped to [1e-7, 1 - 1e-7] like Keras.
    from_logits=True: y_pred are logits z, and p = sigmoid(z) is never formed; the
    stable form max(z, 0) - z·y + log(1 + e^-|z|) is used, whose gradient is p - y.
    """

    name = "binary_crossentropy"

    def __init__(self, from_logits: bool = False):
        self.from_logits = flag(from_logits, type(self), "from_logits")

    def per_element(self, y_true, y_pred):
        if self.from_logits:
            z = y_pred
            return np.maximum(z, 0) - z * y_true + np.log1p(np.exp(-np.abs(z)))
        p = np.clip(y_pred, EPSILON, 1 - EPSILON)
        return -(y_true * np.log(p) + (1 - y_true) * np.log(1 - p))

    def per_element_gradient(self, y_true, y_pred):
        if self.from_logits:
            e = np.exp(-np.abs(y_pred))
            p = np.where(y_pred >= 0, 1 / (1 + e), e / (1 + e))
            return p - y_true
        p = np.clip(y_pred, EPSILON, 1 - EPSILON)
        inside = (y_pred > EPSILON) & (
            y_pred < 1 - EPSILON
        )  # clipping flattens the loss outside
        return np.where(inside, (p - y_true) / (p * (1 - p)), 0.0)

    def __repr__(self) -> str:
        return f"BinaryCrossentropy(from_logits={self.from_logits})"


class CategoricalCrossentropy(Loss):
    """-mean over the batch of Σ_k y_k log p_k, with one-hot (or soft) targets y.

    y_true, y_pred: (N, k). from_logits=False: each row of y_pred is rescaled to sum
    to 1 and clipped to [1e-7, 1 - 1e-7], as Keras does. from_logits=True: p is
    softmax(y_pred), computed through log-sum-exp; the gradient is (p - y)/N.
    """

    name = "categorical_crossentropy"

    def __init__(self, from_logits: bool = False):
        self.from_logits = flag(from_logits, type(self), "from_logits")

    def check_shapes(self, y_true, y_pred):
        super().check_shapes(y_true, y_pred)
        if y_pred.ndim != 2:
            raise ValueError(
                f"{self.name}: y_pred must be (N, classes) with one-hot y_true; got "
                f"shape {y_pred.shape}"
            )

    def compute(self, y_true, y_pred):
        if self.from_logits:
            m = y_pred.max(axis=1, keepdims=True)
            log_p = y_pred - m - np.log(np.exp(y_pred - m).sum(axis=1, keepdims=True))
        else:
            log_p = np.log(self._probabilities(y_pred))
        return float(np.mean(-np.sum(y_true * log_p, axis=1)))

    def compute_gradient(self, y_true, y_pred):
        n = y_pred.shape[0]
        if self.from_logits:
            e = np.exp(y_pred - y_pred.max(axis=1, keepdims=True))
            p = e / e.sum(axis=1, keepdims=True)
            return (p * y_true.sum(axis=1, keepdims=True) - y_true) / n
        # L = -Σ y log(clip(q / s)) with s = Σ q: differentiate through the rescaling.
        s = y_pred.sum(axis=1, keepdims=True)
        q = y_pred / s
        inside = (q > EPSILON) & (q < 1 - EPSILON)
        d_q = np.where(inside, -y_true / np.clip(q, EPSILON, 1 - EPSILON), 0.0)
        return (d_q - np.sum(d_q * q, axis=1, keepdims=True)) / s / n

    @staticmethod
    def _probabilities(y_pred):
        return np.clip(y_pred / y_pred.sum(axis=1, keepdims=True), EPSILON, 1 - EPSILON)

    def __repr__(self) -> str:
        return f"CategoricalCrossentropy(from_logits={self.from_logits})"


_BY_NAME: dict[str, type[Loss]] = {
    "signed_error": SignedError,
    "mae": MeanAbsoluteError,
    "mean_absolute_error": MeanAbsoluteError,
    "absolute_error": MeanAbsoluteError,
    "mse": MeanSquaredError,
    "mean_squared_error": MeanSquaredError,
    "sum_of_squares": SumOfSquares,
    "rmse": RootMeanSquaredError,
    "root_mean_squared_error": RootMeanSquaredError,
    "hinge": Hinge,
    "binary_crossentropy": BinaryCrossentropy,
    "categorical_crossentropy": CategoricalCrossentropy,
}

NAMES: tuple[str, ...] = tuple(_BY_NAME)


def get(identifier: str | Loss) -> Loss:
    """A loss from a Keras-style name ("mse", "categorical_crossentropy", ...) or a Loss
    object."""
    if isinstance(identifier, Loss):
        return identifier
    if not isinstance(identifier, str):
        raise TypeError(
            f"losses.get: identifier must be a loss name or a Loss; "
            f"got {type(identifier).__name__} {identifier!r}"
        )
    try:
        return _BY_NAME[identifier.lower()]()
    except KeyError:
        raise ValueError(
            f"losses.get: unknown loss {identifier!r}; known: {', '.join(NAMES)} "
            "(argument identifier)"
        ) from None
