"""The core layers: Dense, Activation, ReLU and Flatten, with Keras's names and layouts.

A Dense layer's kernel is (input_dim, units) and its bias (units,), exactly as in
Keras, so ``keras_layer.set_weights(our_layer.get_weights())`` (and back) gives
identical outputs.
"""

from __future__ import annotations

import math

import numpy as np

from ..._checks import flag, known_name, positive_int, shape_tuple
from .. import activations, initializers
from .base import InputSpec, Layer


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
        positive_int(units, Dense, "units")
        activation = known_name(
            activation,
            activations.NAMES,
            Dense,
            "activation",
            "activation",
            none="linear",
        )
        self.use_bias = flag(use_bias, Dense, "use_bias")
        self.kernel_initializer = known_name(
            kernel_initializer,
            initializers.NAMES,
            Dense,
            "kernel_initializer",
            "initializer",
        )
        self.bias_initializer = known_name(
            bias_initializer,
            initializers.NAMES,
            Dense,
            "bias_initializer",
            "initializer",
        )
        super().__init__(name)
        self.units = int(units)
        self.activation = Activation(activation, name=f"{self.name}_activation")
        self._x: np.ndarray | None = None
        self._out: np.ndarray | None = None

    def build(self, input_shape):
        super().build(input_shape)
        if len(self.input_shape) != 2 or self.input_shape[1] is None:
            raise ValueError(
                f"{self.name}: Dense expects inputs of shape (batch, features); got "
                f"{self.input_shape}"
            )
        fan_in = self.input_shape[1]
        bias = self.bias_initializer if self.use_bias else None
        self.add_kernel_and_bias(
            (fan_in, self.units), fan_in, self.units, self.kernel_initializer, bias
        )
        self.activation.build((None, self.units))

    def compute_output_shape(self, input_shape):
        shape = shape_tuple(input_shape, self.name)
        if len(shape) < 2:
            raise ValueError(
                f"{self.name}: input_shape must be (batch, features) for Dense; got "
                f"{shape}"
            )
        return (shape[0], self.units)

    def forward(self, x, training=False):
        x = self.forward_input(x)
        z = x @ self.params["kernel"].astype(x.dtype, copy=False)
        if self.use_bias:
            z = z + self.params["bias"].astype(x.dtype, copy=False)
        self._x = x
        self._out = self.activation.forward(z)
        return self._out

    def backward(self, grad_out):
        g = self.backward_input(grad_out, self._out)
        return self.backward_from_preactivation(self.activation.backward(g))

    def backward_from_preactivation(self, dz: np.ndarray) -> np.ndarray:
        """Backward pass given d(loss)/dz for z = x @ kernel + bias, skipping the
        activation.

        Used when softmax and cross-entropy are differentiated together: dz = (p - y) /
        N.
        """
        self.grads["kernel"] = self._x.T @ dz
        if self.use_bias:
            self.grads["bias"] = dz.sum(axis=0)
        return dz @ self.params["kernel"].T.astype(dz.dtype, copy=False)

    def __repr__(self) -> str:
        return (
            f"Dense({self.units}, activation={self.activation.activation_name!r}, "
            f"name={self.name!r})"
        )


class Activation(Layer):
    """Apply an activation elementwise (softmax: over the last axis). No weights.

    activation: a name from ``deepstep.nn.activations`` ("sigmoid", "relu", "softmax",
    ...) or None for linear.
    """

    def __init__(self, activation: str | None, name: str | None = None):
        super().__init__(name)
        self.activation_name = known_name(  # unknown names fail here, early
            activation,
            activations.NAMES,
            type(self),
            "activation",
            "activation",
            none="linear",
        )
        self._act = activations.get(self.activation_name)
        self._x: np.ndarray | None = None
        self._out: np.ndarray | None = None

    def forward(self, x, training=False):
        x = self.forward_input(x)
        self._x = x
        self._out = self._act.forward(x)
        return self._out

    def backward_from_preactivation(self, dz: np.ndarray) -> np.ndarray:
        """d(loss)/d(input) when d(loss)/d(input) is already known: the input *is* the
        preactivation."""
        return dz

    def backward(self, grad_out):
        g = self.backward_input(grad_out, self._out)
        return self._act.backward(
            self._x, self._out, g
        )  # softmax: no (k, k) Jacobian formed

    def __repr__(self) -> str:
        return f"Activation({self.activation_name!r}, name={self.name!r})"


class ReLU(Activation):
    """max(0, x) as a layer, like ``keras.layers.ReLU()``."""

    def __init__(self, name: str | None = None):
        super().__init__("relu", name=name)

    def __repr__(self) -> str:
        return f"ReLU(name={self.name!r})"


class Flatten(Layer):
    """Reshape (N, d1, d2, ...) to (N, d1·d2·...), in row-major order as Keras does.

    For channels-last maps (N, H, W, C) the channel index runs fastest.
    """

    def __init__(self, name: str | None = None):
        super().__init__(name)
        self._in_shape: tuple[int, ...] | None = None
        self._out: np.ndarray | None = None

    def compute_output_shape(self, input_shape):
        shape = shape_tuple(input_shape, self.name)
        if len(shape) < 1:
            raise ValueError(
                f"{self.name}: input_shape must have a batch dimension; got {shape}"
            )
        rest = shape[1:]
        size = None if any(s is None for s in rest) else math.prod(rest)
        return (shape[0], size)

    def make_input_spec(self, input_shape):
        return InputSpec(None)  # any shape with a batch axis, as Keras's Flatten

    def forward(self, x, training=False):
        x = self.forward_input(x)
        self._in_shape = x.shape
        self._out = x.reshape(
            x.shape[0], math.prod(x.shape[1:])
        )  # also for an empty batch
        return self._out

    def backward(self, grad_out):
        g = self.backward_input(grad_out, self._out)
        return g.reshape(self._in_shape)

    def __repr__(self) -> str:
        return f"Flatten(name={self.name!r})"
