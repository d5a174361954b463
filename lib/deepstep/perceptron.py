"""Rosenblatt's perceptron: a step unit trained by the perceptron learning rule.
(notebook 01)

For each sample, in order: predict ŷ = step(w·x + b), then move the weights by
lr·(y - ŷ)·x and the bias by lr·(y - ŷ). Correct predictions change nothing.

On linearly separable data (AND, OR) the rule stops making mistakes after a few
epochs. On XOR it never does; with lr = 1 and integer data the weights stay
integers, so they must eventually revisit a state they had at the end of an
earlier epoch — from then on the same epochs repeat forever. ``train`` detects
that cycle, which proves non-convergence instead of merely giving up.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ._checks import as_finite_scalar, as_float_array, boundary, name_of, positive_int


@dataclass(frozen=True)
class TrainingResult:
    """What ``train`` returns.

    weights: (n_features,) and bias: the final parameters.
    weight_history: (epochs + 1, n_features) and bias_history: (epochs + 1,), the
        parameters before training and after each epoch.
    mistakes: (epochs,) how many samples each epoch got wrong (and so updated on).
    converged: an epoch made no mistake.
    cycle_start: if not None, the parameters after the last epoch equal those after
        epoch ``cycle_start``; the rule is in a loop and will never converge.
    """

    weights: np.ndarray
    bias: float
    weight_history: np.ndarray
    bias_history: np.ndarray
    mistakes: np.ndarray
    converged: bool
    cycle_start: int | None

    @property
    def epochs(self) -> int:
        """Number of epochs run."""
        return len(self.mistakes)


def _check_data(
    X: npt.ArrayLike, y: npt.ArrayLike, func: str
) -> tuple[np.ndarray, np.ndarray]:
    X = as_float_array(X, func, "X", ndim=2, allow_inf=False)
    y = as_float_array(y, func, "y", ndim=1, allow_inf=False)
    if len(y) != len(X):
        raise ValueError(
            f"{name_of(func)}: X and y must have the same number of samples; "
            f"got X shape {X.shape} and y shape {y.shape}"
        )
    if not np.isin(y, (0.0, 1.0)).all():
        raise ValueError(
            f"{name_of(func)}: y must contain only 0 and 1; got {np.unique(y)}"
        )
    return X, y


def _check_params(
    w: npt.ArrayLike, b: float, n_features: int, func: str
) -> tuple[np.ndarray, float]:
    w = as_float_array(w, func, "w", ndim=1, allow_inf=False)
    if w.shape != (n_features,):
        raise ValueError(
            f"{name_of(func)}: w must have shape ({n_features},) to match X; got "
            f"{w.shape}"
        )
    return w, as_finite_scalar(b, func, "b")


def predict(X: npt.ArrayLike, w: npt.ArrayLike, b: float) -> np.ndarray:
    """Step-unit output, 1 where w·x + b > 0 else 0.

    X: (n_samples, n_features), w: (n_features,). Returns (n_samples,) of 0.0 and 1.0.
    """
    X = as_float_array(X, predict, "X", ndim=2, allow_inf=False)
    w, b = _check_params(w, b, X.shape[1], "predict")
    return (X @ w + b > 0).astype(float)


@boundary
def misclassified(
    X: npt.ArrayLike, y: npt.ArrayLike, w: npt.ArrayLike, b: float
) -> np.ndarray:
    """Boolean mask (n_samples,) of the samples the unit (w, b) gets wrong."""
    X, y = _check_data(X, y, "misclassified")
    return predict(X, w, b) != y


def _state(w: np.ndarray, b: float) -> tuple:
    # Rounding makes the lookup robust to float noise when lr is not an integer.
    return tuple(np.round(w, 9)), round(b, 9)


def train(
    X: npt.ArrayLike,
    y: npt.ArrayLike,
    *,
    lr: float = 1.0,
    max_epochs: int = 100,
    w0: npt.ArrayLike | None = None,
    b0: float = 0.0,
) -> TrainingResult:
    """Run the perceptron rule over (X, y) in order until an epoch makes no mistake.

    X: (n_samples, n_features); y: (n_samples,) of 0 and 1; w0: (n_features,),
    zeros by default. Stops at convergence, at a detected cycle, or after max_epochs.
    """
    X, y = _check_data(X, y, "train")
    lr = as_finite_scalar(lr, train, "lr", positive=True)
    positive_int(max_epochs, train, "max_epochs")
    w, b = _check_params(
        np.zeros(X.shape[1]) if w0 is None else w0, b0, X.shape[1], "train"
    )
    w = w.astype(float)  # a fresh copy: the caller's w0 is never modified

    weights, biases, mistakes = [w.copy()], [b], []
    seen = {_state(w, b): 0}
    converged, cycle_start = False, None
    for epoch in range(1, max_epochs + 1):
        wrong = 0
        for x_i, y_i in zip(X, y, strict=True):
            error = y_i - float(x_i @ w + b > 0)
            if error:
                w += lr * error * x_i
                b += lr * error
                wrong += 1
        weights.append(w.copy())
        biases.append(b)
        mistakes.append(wrong)
        if wrong == 0:
            converged = True
            break
        state = _state(w, b)
        if state in seen:
            cycle_start = seen[state]
            break
        seen[state] = epoch
    return TrainingResult(
        weights=w,
        bias=b,
        weight_history=np.array(weights),
        bias_history=np.array(biases),
        mistakes=np.array(mistakes),
        converged=converged,
        cycle_start=cycle_start,
    )
