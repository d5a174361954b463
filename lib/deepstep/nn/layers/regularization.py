"""Dropout and BatchNormalization layers, with Keras's names, defaults and weight order.

Both behave differently while training and at inference, which is why every
layer's ``forward`` takes ``training``: ``Sequential.fit`` passes True,
``predict`` and ``evaluate`` pass False.

- ``Dropout(rate)``: while training, each value is zeroed with probability ``rate``.
  Keras (and this class by default) scales the survivors by 1/(1 - rate) so that the
  expected output equals the input, and does nothing at inference ("inverted" dropout).
  The slides (deck 003) keep the survivors unscaled while training and multiply the
  outputs, equivalently the next layer's weights, by (1 - rate) at test time:
  ``convention="slides"``. Both give the same expected activation.
- ``BatchNormalization()``: while training, normalise each feature with the batch's mean
  and (biased) variance, then scale by gamma and shift by beta; keep moving averages of
  the batch statistics and use those at inference.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from ..._checks import (
    as_finite_scalar,
    as_float_array,
    choice,
    flag,
    name_of,
    sequence,
    shape_tuple,
    share,
)
from .base import Layer

_CONVENTIONS = ("inverted", "slides")


class Dropout(Layer):
    """Zero each value with probability ``rate`` while training. Any shape in, same
    shape out.

    convention="inverted" (Keras): training multiplies survivors by 1/(1 - rate),
    inference is the identity. convention="slides" (deck 003): training leaves survivors
    as they are, inference multiplies every value by (1 - rate), the same as scaling the
    next layer's weights by (1 - rate). Either way E[training output] = inference
    output.
    seed: seeds this layer's own Generator, so the masks repeat from run to run.
    mask: after a training call, a boolean array of the input's shape, True where a
    value was kept.
    """

    def __init__(
        self,
        rate: float,
        seed: int | None = None,
        convention: str = "inverted",
        name: str | None = None,
    ):
        rate = as_finite_scalar(rate, Dropout, "rate")
        if not 0.0 <= rate < 1.0:
            raise ValueError(
                f"{name_of(Dropout)}: rate is the probability of dropping a value and "
                f"must be in [0, 1); got {rate}"
            )
        choice(convention, _CONVENTIONS, Dropout, "convention")
        if seed is not None and (
            isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0
        ):
            raise ValueError(
                f"{name_of(Dropout)}: seed must be an int >= 0 or None; got {seed!r}"
            )
        super().__init__(name)
        self.rate = rate
        self.seed = seed
        self.convention = convention
        self._rng = np.random.default_rng(seed)
        self.mask: np.ndarray | None = (
            None  # the last training mask: True where a value was kept
        )
        self._multiplier: np.ndarray | np.floating | None = None
        self._out: np.ndarray | None = None

    def forward(self, x, training=False):
        x = self.forward_input(x)
        keep = 1.0 - self.rate
        if training:
            self.mask = (
                self._rng.random(x.shape) >= self.rate
            )  # kept with probability 1 - rate
            scale = 1.0 / keep if self.convention == "inverted" else 1.0
            self._multiplier = self.mask.astype(x.dtype) * x.dtype.type(scale)
        else:
            self._multiplier = x.dtype.type(
                1.0 if self.convention == "inverted" else keep
            )
        self._out = x * self._multiplier
        return self._out

    def backward(self, grad_out):
        g = self.backward_input(grad_out, self._out)
        # The layer is linear in x for a fixed mask: the gradient takes the same
        # multiplier.
        return g * self._multiplier

    def __repr__(self) -> str:
        return (
            f"Dropout({self.rate:g}, convention={self.convention!r}, "
            f"name={self.name!r})"
        )


class BatchNormalization(Layer):
    """Normalise each feature over the batch, then scale and shift: y = gamma·x̂ + beta.

    x: (N, ..., C, ...) with the features on ``axis`` (default -1, the last) -> same
    shape. gamma, beta, moving_mean, moving_variance: (C,), Keras's order for
    get_weights.
    Training: x̂ = (x - mean) / sqrt(var + epsilon) with the mean and biased variance
    over every axis except ``axis``; then moving = momentum·moving + (1 -
    momentum)·batch value.
    Inference: the same formula with moving_mean and moving_variance.
    Only gamma and beta are trainable (``params``); the moving statistics are not.
    """

    def __init__(
        self,
        axis: int = -1,
        momentum: float = 0.99,
        epsilon: float = 1e-3,
        center: bool = True,
        scale: bool = True,
        name: str | None = None,
    ):
        if isinstance(axis, bool) or not isinstance(axis, int | np.integer):
            raise ValueError(
                f"{name_of(BatchNormalization)}: axis must be an int (the feature "
                f"axis); got {axis!r}"
            )
        momentum = share(momentum, BatchNormalization, "momentum")
        epsilon = as_finite_scalar(
            epsilon, BatchNormalization, "epsilon", positive=True
        )
        flag(center, BatchNormalization, "center")
        flag(scale, BatchNormalization, "scale")
        super().__init__(name)
        self.axis = int(axis)
        self.momentum = momentum
        self.epsilon = epsilon
        self.center = bool(center)
        self.scale = bool(scale)
        self.moving_mean = np.zeros(0)
        self.moving_variance = np.ones(0)
        self._cache: tuple | None = None
        self._out: np.ndarray | None = None

    # -- building -----------------------------------------------------------------
    def build(self, input_shape):
        shape = shape_tuple(input_shape, self.name)
        ndim = len(shape)
        if not -ndim <= self.axis < ndim:
            raise ValueError(
                f"{self.name}: axis {self.axis} is out of range for inputs of shape "
                f"{shape} (allowed: {-ndim + 1}..{ndim - 1}, not the batch axis); got "
                f"input_shape {shape}"
            )
        axis = self.axis % ndim
        if axis == 0:
            raise ValueError(
                f"{self.name}: axis {self.axis} is the batch axis of inputs of shape "
                f"{shape}; choose the feature axis, e.g. -1"
            )
        if shape[axis] is None:
            raise ValueError(
                f"{self.name}: the feature axis {self.axis} must have a known size; "
                f"got {shape}"
            )
        super().build(shape)
        self._axis = axis
        self._reduce = tuple(i for i in range(ndim) if i != axis)
        c = shape[axis]
        self.params = {}
        if self.scale:
            self.params["gamma"] = np.ones(c)
        if self.center:
            self.params["beta"] = np.zeros(c)
        self.grads = {k: np.zeros_like(v) for k, v in self.params.items()}
        self.moving_mean = np.zeros(c)
        self.moving_variance = np.ones(c)

    # -- computing ------------------------------------------------------------------
    def _broadcast(self, v: np.ndarray, dtype: np.dtype) -> np.ndarray:
        """(C,) -> a shape that broadcasts along the feature axis, e.g. (1, 1, C)."""
        shape = [1] * len(self.input_shape)
        shape[self._axis] = v.size
        return v.astype(dtype, copy=False).reshape(shape)

    def forward(self, x, training=False):
        x = self.forward_input(x)
        if training:
            mean = x.mean(axis=self._reduce)
            var = ((x - self._broadcast(mean, x.dtype)) ** 2).mean(axis=self._reduce)
            m = self.momentum
            # Keras uses the biased variance both to normalise and in the moving
            # average.
            self.moving_mean[...] = m * self.moving_mean + (1 - m) * mean
            self.moving_variance[...] = m * self.moving_variance + (1 - m) * var
        else:
            mean, var = self.moving_mean, self.moving_variance
        inv_std = self._broadcast(
            1.0 / np.sqrt(np.asarray(var, np.float64) + self.epsilon), x.dtype
        )
        x_hat = (x - self._broadcast(np.asarray(mean), x.dtype)) * inv_std
        out = x_hat
        if self.scale:
            out = out * self._broadcast(self.params["gamma"], x.dtype)
        if self.center:
            out = out + self._broadcast(self.params["beta"], x.dtype)
        self._cache = (x_hat, inv_std, bool(training))
        self._out = out
        return out

    def backward(self, grad_out):
        g = self.backward_input(grad_out, self._out)
        x_hat, inv_std, training = self._cache
        if self.scale:
            self.grads["gamma"] = np.sum(g * x_hat, axis=self._reduce)
        if self.center:
            self.grads["beta"] = np.sum(g, axis=self._reduce)
        d_xhat = g * self._broadcast(self.params["gamma"], g.dtype) if self.scale else g
        if not training:  # moving statistics are constants: the layer is affine in x
            return d_xhat * inv_std
        # Training: mean and variance depend on every x of the batch, which adds two
        # terms.
        n = x_hat.size // x_hat.shape[self._axis]
        sum_d = np.sum(d_xhat, axis=self._reduce, keepdims=True)
        sum_dx = np.sum(d_xhat * x_hat, axis=self._reduce, keepdims=True)
        return inv_std * (d_xhat - sum_d / n - x_hat * sum_dx / n)

    # -- weights ----------------------------------------------------------------------
    def get_weights(self) -> list[np.ndarray]:
        """Copies of [gamma, beta, moving_mean, moving_variance] (without gamma if
        scale=False, without beta if center=False), Keras's order."""
        return [p.copy() for p in self.params.values()] + [
            self.moving_mean.copy(),
            self.moving_variance.copy(),
        ]

    def set_weights(self, weights: Sequence[npt.ArrayLike]) -> None:
        """Replace gamma, beta, moving_mean, moving_variance in place (Keras's
        order)."""
        if not self.built:
            raise RuntimeError(f"{self.name}: build the layer before set_weights")
        names = [*self.params, "moving_mean", "moving_variance"]
        weights = sequence(
            weights, f"{self.name}.set_weights", "weights", non_empty=False
        )
        if len(weights) != len(names):
            raise ValueError(
                f"{self.name}.set_weights: weights: expected {len(names)} arrays "
                f"({', '.join(names)}); "
                f"got {len(weights)}"
            )
        targets = [*self.params.values(), self.moving_mean, self.moving_variance]
        arrays = []
        for key, target, w in zip(names, targets, weights, strict=True):
            arr = as_float_array(w, f"{self.name}.set_weights", key, allow_inf=False)
            if arr.shape != target.shape:
                raise ValueError(
                    f"{self.name}.set_weights: {key} must have shape {target.shape}; "
                    f"got {arr.shape}"
                )
            arrays.append(arr)
        if np.any(arrays[-1] < 0):
            raise ValueError(
                f"{self.name}.set_weights: moving_variance must be >= 0; got "
                f"{arrays[-1]}"
            )
        for target, arr in zip(targets, arrays, strict=True):
            target[...] = arr  # in place: optimizers hold references to gamma and beta

    def count_params(self) -> int:
        """All four vectors, as Keras counts them (2C of them non-trainable)."""
        return (
            int(sum(p.size for p in self.params.values())) + 2 * self.moving_mean.size
        )

    def __repr__(self) -> str:
        return (
            f"BatchNormalization(axis={self.axis}, momentum={self.momentum:g}, "
            f"name={self.name!r})"
        )
