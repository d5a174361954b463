"""The base of every layer: ``Layer`` (its lifecycle and weights) and ``Input``.

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

import re
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from ..._checks import as_float_array, shape_tuple
from .. import initializers


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
        self.input_shape = shape_tuple(input_shape, self.name)
        self.built = True

    def compute_output_shape(self, input_shape: Sequence[int | None]) -> tuple[int | None, ...]:
        return shape_tuple(input_shape, self.name)

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
    def add_kernel_and_bias(
        self,
        kernel_shape: tuple[int, ...],
        fan_in: int,
        fan_out: int,
        kernel_initializer: str,
        bias_initializer: str | None,
    ) -> None:
        """Create ``params`` "kernel" (and "bias", one per output unit, unless
        ``bias_initializer`` is None) with Keras's initializers, and zero ``grads``."""
        self.params = {
            "kernel": initializers.get(kernel_initializer)(kernel_shape, fan_in, fan_out)
        }
        if bias_initializer is not None:
            self.params["bias"] = initializers.get(bias_initializer)(
                kernel_shape[-1:], fan_in, fan_out
            )
        self.grads = {k: np.zeros_like(v) for k, v in self.params.items()}

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
        self.shape = shape_tuple(shape, Input)
        self.name = name or "input"

    def __repr__(self) -> str:
        return f"Input(shape={self.shape})"
