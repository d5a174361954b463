"""NumPy layers with Keras's names, arguments and weight layouts.

A Dense layer's kernel is (input_dim, units) and its bias (units,), exactly as in
Keras, so ``keras_layer.set_weights(our_layer.get_weights())`` (and back) gives
identical outputs.

Each layer pairs ``forward`` with ``backward`` (cs231n style):

- ``forward(x, training=False)`` computes the output and keeps what ``backward`` needs;
- ``backward(grad_out)`` takes d(loss)/d(output), stores d(loss)/d(param) in
  ``grads`` (keyed like ``params``: "kernel", "bias") and returns d(loss)/d(input).

Arithmetic stays in the input's dtype: float64 in, float64 out, which gradient
checks need; float32 in, float32 out, as Keras computes.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from . import activations
from ._validation import as_float_array, positive_int

_rng = np.random.default_rng(0)


def set_random_seed(seed: int) -> None:
    """Seed the generator that initialises weights (like ``keras.utils.set_random_seed``)."""
    global _rng
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ValueError(f"set_random_seed: seed must be an int >= 0; got {seed!r}")
    _rng = np.random.default_rng(seed)


def _initializer(name: str, shape: tuple[int, ...], fan_in: int, fan_out: int) -> np.ndarray:
    if name == "glorot_uniform":  # Keras's default for Dense kernels
        limit = math.sqrt(6.0 / (fan_in + fan_out))
        return _rng.uniform(-limit, limit, size=shape)
    if name == "he_normal":  # Keras draws from a normal truncated at 2 standard deviations
        std = math.sqrt(2.0 / fan_in)
        out = _rng.normal(0.0, std, size=shape)
        while np.any(bad := np.abs(out) > 2 * std):
            out[bad] = _rng.normal(0.0, std, size=int(bad.sum()))
        return out
    if name == "zeros":
        return np.zeros(shape)
    if name == "ones":
        return np.ones(shape)
    raise ValueError(f"unknown initializer {name!r}; known: glorot_uniform, he_normal, zeros, ones")


def _shape_tuple(shape: object, owner: str) -> tuple[int | None, ...]:
    if isinstance(shape, int):
        shape = (shape,)
    try:
        out = tuple(None if s is None else int(s) for s in shape)  # type: ignore[union-attr]
    except (TypeError, ValueError):
        raise TypeError(
            f"{owner}: a shape must be a tuple of ints (or None); got {shape!r}"
        ) from None
    if any(s is not None and s < 1 for s in out):
        raise ValueError(f"{owner}: shape sizes must be >= 1; got {out}")
    return out


class Layer:
    """Base class. Subclasses set ``params`` in ``build`` and implement forward/backward."""

    def __init__(self, name: str | None = None):
        self.name = name or _default_name(type(self).__name__)
        self.params: dict[str, np.ndarray] = {}
        self.grads: dict[str, np.ndarray] = {}
        self.built = False
        self.input_shape: tuple[int | None, ...] | None = None

    # -- building -------------------------------------------------------------
    def build(self, input_shape: Sequence[int | None]) -> None:
        """Create the weights for inputs of ``input_shape`` (batch dimension first, may be None)."""
        self.input_shape = _shape_tuple(input_shape, self.name)
        self.built = True

    def compute_output_shape(self, input_shape: Sequence[int | None]) -> tuple[int | None, ...]:
        return _shape_tuple(input_shape, self.name)

    def __call__(self, x: npt.ArrayLike, training: bool = False) -> np.ndarray:
        x = as_float_array(x, self.name, "x", allow_inf=False)
        if not self.built:
            self.build((None, *x.shape[1:]))
        return self.forward(x, training=training)

    # -- computing ----------------------------------------------------------------
    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        raise NotImplementedError

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def _check_input(self, x: npt.ArrayLike) -> np.ndarray:
        x = as_float_array(x, f"{self.name}.forward", "x", allow_inf=False)
        if not self.built:
            raise RuntimeError(f"{self.name}: call build(input_shape) or the layer itself first")
        want = self.input_shape[1:] if self.input_shape else ()
        if x.ndim != len(want) + 1 or any(
            w is not None and w != s for w, s in zip(want, x.shape[1:], strict=True)
        ):
            expected = "(batch, " + ", ".join("any" if w is None else str(w) for w in want) + ")"
            raise ValueError(
                f"{self.name}: expected input of shape {expected}; got shape {x.shape}"
            )
        return x

    def _check_grad(self, grad_out: npt.ArrayLike, like: np.ndarray | None) -> np.ndarray:
        if like is None:
            raise RuntimeError(f"{self.name}: backward() needs a forward() pass first")
        g = as_float_array(grad_out, f"{self.name}.backward", "grad_out", allow_inf=False)
        if g.shape != like.shape:
            raise ValueError(
                f"{self.name}.backward: grad_out must have the forward output's shape {like.shape}; "
                f"got {g.shape}"
            )
        return g

    # -- weights ------------------------------------------------------------------
    def get_weights(self) -> list[np.ndarray]:
        """Copies of the weights, in Keras's order (kernel, then bias)."""
        return [p.copy() for p in self.params.values()]

    def set_weights(self, weights: Sequence[npt.ArrayLike]) -> None:
        """Replace the weights in place, checking count and shapes like Keras does."""
        if not self.built:
            raise RuntimeError(f"{self.name}: build the layer before set_weights")
        names = list(self.params)
        if len(weights) != len(names):
            raise ValueError(
                f"{self.name}.set_weights: expected {len(names)} arrays ({', '.join(names) or 'none'}); "
                f"got {len(weights)}"
            )
        for key, w in zip(names, weights, strict=True):
            arr = as_float_array(w, f"{self.name}.set_weights", key, allow_inf=False)
            if arr.shape != self.params[key].shape:
                raise ValueError(
                    f"{self.name}.set_weights: {key} must have shape {self.params[key].shape}; "
                    f"got {arr.shape}"
                )
            self.params[key][...] = arr  # in place: optimizers hold references to these arrays

    def count_params(self) -> int:
        return int(sum(p.size for p in self.params.values()))

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name!r}>"


_counters: dict[str, int] = {}


def _default_name(cls: str) -> str:
    # Keras's snake case: "BatchNormalization" -> "batch_normalization", "Conv2D" -> "conv2d"
    base = re.sub(r"(?<=[a-z0-9])(?=[A-Z][a-z])|(?<=[a-z])(?=[A-Z])", "_", cls).lower()
    n = _counters.get(base, 0)
    _counters[base] = n + 1
    return base if n == 0 else f"{base}_{n}"


class Input:
    """The input specification of a Sequential model, like ``keras.Input(shape=(2,))``.

    shape: one sample's shape, without the batch dimension.
    """

    def __init__(self, shape: Sequence[int] | int, name: str | None = None):
        self.shape = _shape_tuple(shape, "Input")
        self.name = name or "input"

    def __repr__(self) -> str:
        return f"Input(shape={self.shape})"


class Dense(Layer):
    """Fully connected layer: output = activation(x @ kernel + bias).

    x: (N, input_dim) -> (N, units). kernel: (input_dim, units); bias: (units,).
    """

    def __init__(
        self,
        units: int,
        activation: str | None = None,
        use_bias: bool = True,
        kernel_initializer: str = "glorot_uniform",
        bias_initializer: str = "zeros",
        name: str | None = None,
    ):
        positive_int(units, "Dense", "units")
        super().__init__(name)
        self.units = int(units)
        self.activation = Activation(activation, name=f"{self.name}_activation")
        self.use_bias = bool(use_bias)
        self.kernel_initializer = kernel_initializer
        self.bias_initializer = bias_initializer
        self._x: np.ndarray | None = None
        self._out: np.ndarray | None = None

    def build(self, input_shape):
        super().build(input_shape)
        if len(self.input_shape) != 2 or self.input_shape[1] is None:
            raise ValueError(
                f"{self.name}: Dense expects inputs of shape (batch, features); got {self.input_shape}"
            )
        fan_in = self.input_shape[1]
        self.params = {
            "kernel": _initializer(
                self.kernel_initializer, (fan_in, self.units), fan_in, self.units
            )
        }
        if self.use_bias:
            self.params["bias"] = _initializer(
                self.bias_initializer, (self.units,), fan_in, self.units
            )
        self.grads = {k: np.zeros_like(v) for k, v in self.params.items()}
        self.activation.build((None, self.units))

    def compute_output_shape(self, input_shape):
        return (_shape_tuple(input_shape, self.name)[0], self.units)

    def forward(self, x, training=False):
        x = self._check_input(x)
        z = x @ self.params["kernel"].astype(x.dtype, copy=False)
        if self.use_bias:
            z = z + self.params["bias"].astype(x.dtype, copy=False)
        self._x = x
        self._out = self.activation.forward(z)
        return self._out

    def backward(self, grad_out):
        g = self._check_grad(grad_out, self._out)
        return self.backward_from_preactivation(self.activation.backward(g))

    def backward_from_preactivation(self, dz: np.ndarray) -> np.ndarray:
        """Backward pass given d(loss)/dz for z = x @ kernel + bias, skipping the activation.

        Used when softmax and cross-entropy are differentiated together: dz = (p - y) / N.
        """
        self.grads["kernel"] = self._x.T @ dz
        if self.use_bias:
            self.grads["bias"] = dz.sum(axis=0)
        return dz @ self.params["kernel"].T.astype(dz.dtype, copy=False)

    def __repr__(self) -> str:
        return f"Dense({self.units}, activation={self.activation.activation_name!r}, name={self.name!r})"


class Activation(Layer):
    """Apply an activation elementwise (softmax: over the last axis). No weights.

    activation: a name from ``deepstep.activations`` ("sigmoid", "relu", "softmax", ...)
    or None for linear.
    """

    def __init__(self, activation: str | None, name: str | None = None):
        super().__init__(name)
        self.activation_name = "linear" if activation is None else activation
        self._act = activations.get(self.activation_name)  # unknown names fail here, early
        self._x: np.ndarray | None = None
        self._out: np.ndarray | None = None

    def build(self, input_shape):
        super().build(input_shape)

    def forward(self, x, training=False):
        if not self.built:
            self.build((None, *np.shape(x)[1:]))
        x = self._check_input(x)
        self._x = x
        self._out = self._act.function(x)
        return self._out

    def backward_from_preactivation(self, dz: np.ndarray) -> np.ndarray:
        """d(loss)/d(input) when d(loss)/d(input) is already known: the input *is* the preactivation."""
        return dz

    def backward(self, grad_out):
        g = self._check_grad(grad_out, self._out)
        if self._act.name == "softmax":
            # Jacobian-vector product of softmax without forming the (k, k) Jacobian.
            s = self._out
            return s * (g - np.sum(g * s, axis=-1, keepdims=True))
        if self._act.name == "sigmoid":
            return g * self._out * (1 - self._out)  # σ' = σ(1 - σ), from the saved output
        if self._act.name == "linear":
            return g  # the derivative is 1 everywhere: nothing to multiply
        return g * self._act.derivative(self._x)

    def __repr__(self) -> str:
        return f"Activation({self.activation_name!r}, name={self.name!r})"


class ReLU(Activation):
    """max(0, x) as a layer, like ``keras.layers.ReLU()``."""

    def __init__(self, name: str | None = None):
        super().__init__("relu", name=name)

    def __repr__(self) -> str:
        return f"ReLU(name={self.name!r})"


# Sequential (models.py) and the convolution, recurrent and regularization layers live in their own
# modules; they are re-exported here because Keras users find them all in one place.
# Imported last: those modules import this one.
from .conv_layers import AveragePooling2D as AveragePooling2D  # noqa: E402
from .conv_layers import AvgPool2D as AvgPool2D  # noqa: E402
from .conv_layers import Conv2D as Conv2D  # noqa: E402
from .conv_layers import Flatten as Flatten  # noqa: E402
from .conv_layers import MaxPool2D as MaxPool2D  # noqa: E402
from .conv_layers import MaxPooling2D as MaxPooling2D  # noqa: E402
from .models import Sequential as Sequential  # noqa: E402
from .recurrent import GRU as GRU  # noqa: E402
from .recurrent import LSTM as LSTM  # noqa: E402
from .recurrent import SimpleRNN as SimpleRNN  # noqa: E402
from .regularization import BatchNormalization as BatchNormalization  # noqa: E402
from .regularization import Dropout as Dropout  # noqa: E402
