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

from ..._checks import as_float_array, flag, sequence, shape_tuple, text
from .. import initializers


class InputSpec:
    """What a built layer accepts, like ``keras.layers.InputSpec``; ``build`` sets it.

    shape: the whole input's shape, batch first; None stands for any size (the batch is
    always None). ``shape=None`` accepts any input with a batch axis (Flatten).
    axes: names of the axes for messages, e.g. ("N", "T", "F"); without them the batch
    axis is called "batch" and the unknown sizes "any".
    by_axis: name the failing rule, Keras-style: "expected a 4-D input (...)" or
    "expected inputs with 3 channels (...)", instead of "expected input of shape (...)".
    Checking compares shapes only: it never reads the values, which were checked once
    when they entered (``Layer.__call__``, ``Sequential.fit``, ``predict``,
    ``evaluate``).
    """

    def __init__(
        self,
        shape: Sequence[int | None] | None,
        axes: Sequence[str] | None = None,
        by_axis: bool = False,
    ):
        if shape is not None:
            shape = shape_tuple(shape, InputSpec, "shape")
            if not shape:
                raise ValueError(
                    f"InputSpec: shape must start with the batch axis; got {shape}"
                )
        if axes is not None:
            axes = tuple(
                text(a, InputSpec, "axes") for a in sequence(axes, InputSpec, "axes")
            )
        flag(by_axis, InputSpec, "by_axis")
        self.shape = None if shape is None else (None, *tuple(shape)[1:])
        self.axes = None if axes is None else tuple(axes)
        self.by_axis = by_axis

    def _layout(self, shape: tuple[int | None, ...]) -> str:
        names = self.axes or ("batch", *("any" for _ in shape[1:]))
        return (
            "("
            + ", ".join(
                n if s is None else str(s) for n, s in zip(names, shape, strict=True)
            )
            + ")"
        )

    def describe(self) -> str:
        """The expected shape as messages write it: "(batch, 3)", "(N, T, F) = (N, 6,
        3)"."""
        if self.shape is None:
            return "(batch, ...)"
        values = self._layout(self.shape)
        if self.axes is None or self.by_axis:
            return values
        return f"({', '.join(self.axes)}) = {values}"

    def check(self, shape: tuple[int, ...], owner: str) -> None:
        """Raise a ValueError naming ``owner`` unless an input of ``shape`` fits."""
        want = self.shape
        if want is None:
            if len(shape) >= 1:
                return
            raise ValueError(
                f"{owner}: expected input of shape (batch, ...); got shape {shape}"
            )
        if len(shape) == len(want) and all(
            s >= 1 and (w is None or w == s)
            for w, s in zip(want[1:], shape[1:], strict=True)
        ):
            return
        if self.by_axis and len(shape) != len(want):
            expected = f"a {len(want)}-D input ({', '.join(self.axes)})"
        elif self.by_axis and (
            wrong := [
                i
                for i, (w, s) in enumerate(zip(want, shape, strict=True))
                if w not in (None, s)
            ]
        ):
            expected = (
                f"inputs with {want[wrong[0]]} {self.axes[wrong[0]]} {self.describe()}"
            )
        else:
            expected = f"input of shape {self.describe()}"
        raise ValueError(f"{owner}: expected {expected}; got shape {shape}")


class Layer:
    """Base class, and the one lifecycle every layer follows.

    - ``layer(x)`` checks x (a float array, no NaN or inf) and, on first use, calls
      ``build((None, *x.shape[1:]))``; then ``forward``.
    - ``build(input_shape)`` creates the weights and sets ``input_spec``; subclasses
      extend it and call ``super().build``.
    - ``forward(x, training)`` starts with ``self.forward_input(x)``: the same error on
      an unbuilt layer for every layer, and the shape checked against ``input_spec``;
      ``backward(grad_out)`` starts with ``self.backward_input(grad_out,
      saved_output)``. Neither reads the values again.
    """

    def __init__(self, name: str | None = None):
        self.name = text(name, type(self), "name", optional=True) or _default_name(
            type(self).__name__
        )
        self.params: dict[str, np.ndarray] = {}
        self.grads: dict[str, np.ndarray] = {}
        self.built = False
        self.input_shape: tuple[int | None, ...] | None = None
        self.input_spec: InputSpec | None = None

    # -- building -------------------------------------------------------------
    def build(self, input_shape: Sequence[int | None]) -> None:
        """Create the weights for inputs of ``input_shape`` (batch dimension first, may
        be None)."""
        self.input_shape = shape_tuple(input_shape, self.name)
        if not self.input_shape:
            raise ValueError(
                f"{self.name}: input_shape must start with the batch axis; got ()"
            )
        self.input_spec = self.make_input_spec(self.input_shape)
        self.built = True

    def make_input_spec(self, input_shape: tuple[int | None, ...]) -> InputSpec:
        """The inputs the built layer accepts: by default exactly the built shape."""
        return InputSpec(input_shape)

    def compute_output_shape(
        self, input_shape: Sequence[int | None]
    ) -> tuple[int | None, ...]:
        return shape_tuple(input_shape, self.name)

    def __call__(self, x: npt.ArrayLike, training: bool = False) -> np.ndarray:
        x = as_float_array(x, self.name, "x", allow_inf=False)
        flag(training, self.name, "training")
        if not self.built:
            self.build((None, *x.shape[1:]))
        return self.forward(x, training=training)

    # -- computing ----------------------------------------------------------------
    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        raise NotImplementedError

    def backward(self, grad_out: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def forward_input(self, x: npt.ArrayLike) -> np.ndarray:
        """x as ``forward`` uses it: the layer must be built and x must fit
        ``input_spec``.

        Arrays of float32 or float64 pass as they are; anything else is converted (and
        checked) once here, for a student who calls ``forward`` on a list."""
        if not self.built:
            raise RuntimeError(
                f"{self.name}.forward: the {type(self).__name__} layer is not built; "
                "call build(input_shape) or the layer itself first"
            )
        x = _float_array(x, f"{self.name}.forward", "x")
        self.input_spec.check(x.shape, self.name)
        return x

    def backward_input(
        self, grad_out: npt.ArrayLike, like: np.ndarray | None
    ) -> np.ndarray:
        """grad_out as ``backward`` uses it: after a forward pass, the forward output's
        shape."""
        if like is None:
            raise RuntimeError(f"{self.name}: backward() needs a forward() pass first")
        g = _float_array(grad_out, f"{self.name}.backward", "grad_out")
        if g.shape != like.shape:
            raise ValueError(
                f"{self.name}.backward: grad_out must have the forward output's shape "
                f"{like.shape}; got {g.shape}"
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
            "kernel": initializers.get(kernel_initializer)(
                kernel_shape, fan_in, fan_out
            )
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
        weights = sequence(
            weights, f"{self.name}.set_weights", "weights", non_empty=False
        )
        if len(weights) != len(names):
            raise ValueError(
                f"{self.name}.set_weights: weights: expected {len(names)} arrays "
                f"({', '.join(names) or 'none'}); "
                f"got {len(weights)}"
            )
        for key, w in zip(names, weights, strict=True):
            arr = as_float_array(w, f"{self.name}.set_weights", key, allow_inf=False)
            if arr.shape != self.params[key].shape:
                raise ValueError(
                    f"{self.name}.set_weights: {key} must have shape "
                    f"{self.params[key].shape}; got {arr.shape}"
                )
            self.params[key][...] = (
                arr  # in place: optimizers hold references to these arrays
            )

    def count_params(self) -> int:
        return int(sum(p.size for p in self.params.values()))

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name!r}>"


def _float_array(value: npt.ArrayLike, func: str, name: str) -> np.ndarray:
    if isinstance(value, np.ndarray) and value.dtype in (np.float32, np.float64):
        return value
    return as_float_array(value, func, name, allow_inf=False)


_counters: dict[str, int] = {}


def _default_name(cls: str) -> str:
    # Keras's snake case: "BatchNormalization" -> "batch_normalization", "Conv2D" ->
    # "conv2d"
    base = re.sub(r"(?<=[a-z0-9])(?=[A-Z][a-z])|(?<=[a-z])(?=[A-Z])", "_", cls).lower()
    n = _counters.get(base, 0)
    _counters[base] = n + 1
    return base if n == 0 else f"{base}_{n}"


class Input:
    """The input specification of a Sequential model, like ``keras.Input(shape=(2,))``.

    shape: one sample's shape, without the batch dimension.
    """

    def __init__(self, shape: Sequence[int] | int, name: str | None = None):
        self.shape = shape_tuple(shape, Input, "shape")
        text(name, Input, "name", optional=True)
        self.name = name or "input"

    def __repr__(self) -> str:
        return f"Input(shape={self.shape})"
