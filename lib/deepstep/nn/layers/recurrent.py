"""Recurrent layers: SimpleRNN, LSTM and GRU as small NumPy loops over time.

Inputs are (N, T, F): N sequences of T steps with F features each. Every layer walks the
steps in order, from a zero state, and returns the last state h_T, (N, units), or with
``return_sequences=True`` every state, (N, T, units). Names, arguments and weight
layouts are Keras 3's, so ``keras_layer.set_weights(our_layer.get_weights())`` (and
back) gives the same outputs. One step, for x_t (N, F) and the previous state h (N,
units):

- SimpleRNN: h = tanh(x_t W + h U + b)
- LSTM, gates i, f, c, o side by side in W (F, 4u), U (u, 4u) and b (4u,):
  i = σ(·), f = σ(·), c = f * c + i * tanh(·), o = σ(·), h = o * tanh(c)
- GRU (Keras 3's reset_after=True), gates z, r, h in W (F, 3u), U (u, 3u), b (2, 3u):
  z = σ(x W_z + b0_z + h U_z + b1_z), r = σ(the same with _r),
  h̃ = tanh(x W_h + b0_h + r * (h U_h + b1_h)), h = z * h + (1 - z) * h̃

``backward`` is backpropagation through time: the same steps in reverse, each adding its
share to the weight gradients and handing d(loss)/d(state) to the step before it.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from ..._checks import choice, known_name, name_of, positive_int, shape_tuple
from .. import activations, initializers
from .base import InputSpec, Layer

__all__ = ["GRU", "LSTM", "SimpleRNN", "recurrent_param_count"]

# Weight blocks side by side in kernel and recurrent_kernel: one per gate.
_GATES = {"SimpleRNN": 1, "LSTM": 4, "GRU": 3}


def recurrent_param_count(kind: str, units: int, input_dim: int) -> int:
    """Number of weights of a "SimpleRNN", "LSTM" or "GRU" layer (GRU with
    reset_after=True).

    gates · (units · (input_dim + units) + units), where GRU has two biases per gate:
    3 · (units · (input_dim + units) + 2 · units). Equals Keras's ``count_params()``.
    """
    choice(kind, _GATES, recurrent_param_count, "kind", "kind")
    units = positive_int(units, recurrent_param_count, "units")
    input_dim = positive_int(input_dim, recurrent_param_count, "input_dim")
    biases = 2 if kind == "GRU" else 1
    return _GATES[kind] * (units * (input_dim + units) + biases * units)


# The unchecked arithmetic of the registry: the layer checked its input once, not per
# step.
_SIGMOID = activations.get("sigmoid").forward


class _Recurrent(Layer):
    """Shared by the three cells: shapes, weights, input checks and the output's
    form."""

    _kind: str

    def __init__(
        self, units: int, return_sequences: bool = False, name: str | None = None
    ):
        units = positive_int(units, type(self).__name__, "units")
        if not isinstance(return_sequences, bool | np.bool_):
            raise TypeError(
                f"{type(self).__name__}: return_sequences must be True or False; "
                f"got {return_sequences!r}"
            )
        super().__init__(name)
        self.units = units
        self.return_sequences = bool(return_sequences)
        # Kept by forward for backward: the input and the output.
        self._x: np.ndarray | None = None
        self._out: np.ndarray | None = None

    def build(self, input_shape):
        shape = shape_tuple(input_shape, self.name)
        if len(shape) != 3 or shape[2] is None:
            raise ValueError(
                f"{self.name}: expects inputs of shape (N, T, F) = (batch, timesteps, "
                f"features) with F known; got {shape}"
            )
        super().build(shape)
        features, width = shape[2], _GATES[self._kind] * self.units
        self.params = {
            "kernel": initializers.glorot_uniform((features, width), features, width),
            "recurrent_kernel": initializers.orthogonal((self.units, width)),
            "bias": np.zeros(self._bias_shape()),
        }
        self.grads = {k: np.zeros_like(v) for k, v in self.params.items()}

    def _bias_shape(self) -> tuple[int, ...]:
        return (_GATES[self._kind] * self.units,)

    def compute_output_shape(self, input_shape):
        n, t, *_ = shape_tuple(input_shape, self.name)
        return (n, t, self.units) if self.return_sequences else (n, self.units)

    def make_input_spec(self, input_shape):
        return InputSpec(input_shape, ("N", "T", "F"))

    def _weights(self, dtype) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        # Arithmetic in the input's dtype, like Dense: float32 in, float32 out.
        return tuple(self.params[k].astype(dtype, copy=False) for k in self.params)

    def _output(self, states: np.ndarray) -> np.ndarray:
        """states: (N, T, units) -> what the layer returns."""
        return states if self.return_sequences else states[:, -1]

    def _grad_per_step(self, grad_out: npt.ArrayLike) -> np.ndarray:
        """d(loss)/d(h_t) from outside the layer, (N, T, units): zero except at the last
        step unless the layer returned every state."""
        g = self.backward_input(grad_out, self._out)
        if self.return_sequences:
            return g
        full = np.zeros((len(g), self._x.shape[1], self.units), dtype=g.dtype)
        full[:, -1] = g
        return full

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}({self.units}, "
            f"return_sequences={self.return_sequences}, name={self.name!r})"
        )


class SimpleRNN(_Recurrent):
    """Fully connected recurrence, like ``keras.layers.SimpleRNN``: h_t = act(x_t W +
    h_{t-1} U + b).

    x: (N, T, F) -> (N, units), or (N, T, units) with return_sequences.
    kernel W: (F, units); recurrent_kernel U: (units, units); bias b: (units,).
    activation: an elementwise activation name ("tanh", "relu", "sigmoid", "linear") or
    None.
    """

    _kind = "SimpleRNN"

    def __init__(
        self,
        units: int,
        activation: str | None = "tanh",
        return_sequences: bool = False,
        name: str | None = None,
    ):
        act = activations.get(
            known_name(
                activation,
                activations.NAMES,
                SimpleRNN,
                "activation",
                "activation",
                none="linear",
            )
        )
        if act.name not in ("tanh", "relu", "sigmoid", "linear"):
            raise ValueError(
                f"{name_of(SimpleRNN)}: activation must be one of tanh, relu, "
                f"sigmoid, linear or None; got {activation!r}"
            )
        super().__init__(units, return_sequences, name)
        self.activation = act.name
        self._act = act
        self._a: np.ndarray | None = None  # preactivations (N, T, units)
        self._h: np.ndarray | None = None  # states (N, T + 1, units), zero state first

    def forward(self, x, training=False):
        x = self.forward_input(x)
        W, U, b = self._weights(x.dtype)
        n, steps, _ = x.shape
        xw = x @ W + b  # the input's part of every step at once: (N, T, units)
        a = np.empty_like(xw)
        h = np.zeros(
            (n, steps + 1, self.units), dtype=x.dtype
        )  # h[:, 0] is the zero state
        for t in range(steps):
            a[:, t] = xw[:, t] + h[:, t] @ U
            h[:, t + 1] = self._act.forward(a[:, t])
        self._x, self._a, self._h = x, a, h
        self._out = self._output(h[:, 1:])
        return self._out

    def backward(self, grad_out):
        g = self._grad_per_step(grad_out)
        x, a, h = self._x, self._a, self._h
        W, U, _ = self._weights(g.dtype)
        da = np.empty_like(g)  # d(loss)/d(preactivation) at each step
        dh_next = np.zeros_like(g[:, 0])  # what step t + 1 sends back to h_t
        for t in reversed(range(x.shape[1])):
            da[:, t] = self._act.backward(a[:, t], h[:, t + 1], g[:, t] + dh_next)
            dh_next = da[:, t] @ U.T
        # Every step used the same W, U and b: their gradients sum over steps and
        # samples.
        self.grads["kernel"] = np.einsum("ntf,ntu->fu", x, da)
        self.grads["recurrent_kernel"] = np.einsum("ntv,ntu->vu", h[:, :-1], da)
        self.grads["bias"] = da.sum(axis=(0, 1))
        return da @ W.T


class LSTM(_Recurrent):
    """Long short-term memory, like ``keras.layers.LSTM`` (sigmoid gates, tanh
    activation).

    x: (N, T, F) -> (N, units), or (N, T, units) with return_sequences.
    kernel: (F, 4·units); recurrent_kernel: (units, 4·units); bias: (4·units,); the four
    blocks are the gates i (input), f (forget), c (candidate), o (output), in Keras's
    order. The forget gate's bias starts at 1 (Keras's unit_forget_bias), the rest at 0.
    """

    _kind = "LSTM"

    def __init__(
        self, units: int, return_sequences: bool = False, name: str | None = None
    ):
        super().__init__(units, return_sequences, name)
        self._h = self._c = self._gates = None

    def build(self, input_shape):
        super().build(input_shape)
        u = self.units
        self.params["bias"][u : 2 * u] = (
            1.0  # remember by default until learnt otherwise
        )

    def forward(self, x, training=False):
        x = self.forward_input(x)
        W, U, b = self._weights(x.dtype)
        n, steps, _ = x.shape
        u = self.units
        xw = x @ W + b
        gates = np.empty_like(xw)  # i, f, c̃, o after their activations: (N, T, 4u)
        h = np.zeros((n, steps + 1, u), dtype=x.dtype)
        c = np.zeros((n, steps + 1, u), dtype=x.dtype)
        for t in range(steps):
            z = xw[:, t] + h[:, t] @ U
            step = _SIGMOID(z)  # one call for the gates i, f and o; c̃'s block is tanh:
            step[:, 2 * u : 3 * u] = np.tanh(z[:, 2 * u : 3 * u])
            i, f, cand, o = (step[:, k * u : (k + 1) * u] for k in range(4))
            c[:, t + 1] = f * c[:, t] + i * cand
            h[:, t + 1] = o * np.tanh(c[:, t + 1])
            gates[:, t] = step
        self._x, self._h, self._c, self._gates = x, h, c, gates
        self._out = self._output(h[:, 1:])
        return self._out

    def backward(self, grad_out):
        g = self._grad_per_step(grad_out)
        x, h, c, gates = self._x, self._h, self._c, self._gates
        W, U, _ = self._weights(g.dtype)
        u = self.units
        dz = np.empty_like(gates)  # d(loss)/d(gate preactivations), (N, T, 4u)
        dh_next = np.zeros_like(g[:, 0])
        dc_next = np.zeros_like(g[:, 0])  # the cell state carries its own gradient path
        for t in reversed(range(x.shape[1])):
            i, f, cand, o = (gates[:, t, k * u : (k + 1) * u] for k in range(4))
            tanh_c = np.tanh(c[:, t + 1])
            dh = g[:, t] + dh_next
            dc = dc_next + dh * o * (1 - tanh_c * tanh_c)
            dz[:, t] = np.concatenate(
                [
                    dc * cand * i * (1 - i),
                    dc * c[:, t] * f * (1 - f),
                    dc * i * (1 - cand * cand),
                    dh * tanh_c * o * (1 - o),
                ],
                axis=1,
            )
            dc_next = dc * f
            dh_next = dz[:, t] @ U.T
        self.grads["kernel"] = np.einsum("ntf,ntg->fg", x, dz)
        self.grads["recurrent_kernel"] = np.einsum("ntv,ntg->vg", h[:, :-1], dz)
        self.grads["bias"] = dz.sum(axis=(0, 1))
        return dz @ W.T


class GRU(_Recurrent):
    """Gated recurrent unit, like ``keras.layers.GRU`` with Keras 3's default
    reset_after=True.

    x: (N, T, F) -> (N, units), or (N, T, units) with return_sequences.
    kernel: (F, 3·units); recurrent_kernel: (units, 3·units); bias: (2, 3·units), row 0
    added to x·kernel and row 1 to h·recurrent_kernel; blocks z (update), r (reset), h
    (candidate).
    """

    _kind = "GRU"

    def __init__(
        self, units: int, return_sequences: bool = False, name: str | None = None
    ):
        super().__init__(units, return_sequences, name)
        self._h = self._gates = None

    def _bias_shape(self) -> tuple[int, ...]:
        return (2, 3 * self.units)

    def forward(self, x, training=False):
        x = self.forward_input(x)
        W, U, b = self._weights(x.dtype)
        n, steps, _ = x.shape
        u = self.units
        xw = x @ W + b[0]
        gates = np.empty_like(xw)  # z, r, h̃ after their activations: (N, T, 3u)
        h = np.zeros((n, steps + 1, u), dtype=x.dtype)
        for t in range(steps):
            hu = h[:, t] @ U + b[1]
            zr = _SIGMOID(xw[:, t, : 2 * u] + hu[:, : 2 * u])  # both gates in one call
            z, r = zr[:, :u], zr[:, u:]
            cand = np.tanh(
                xw[:, t, 2 * u :] + r * hu[:, 2 * u :]
            )  # reset after the product
            h[:, t + 1] = z * h[:, t] + (1 - z) * cand
            gates[:, t] = np.concatenate([z, r, cand], axis=1)
        self._x, self._h, self._gates = x, h, gates
        self._out = self._output(h[:, 1:])
        return self._out

    def backward(self, grad_out):
        g = self._grad_per_step(grad_out)
        x, h, gates = self._x, self._h, self._gates
        W, U, b = self._weights(g.dtype)
        u = self.units
        # h U_h + b1_h, which r multiplies: recomputed for all steps at once rather than
        # kept.
        hu_cand = h[:, :-1] @ U[:, 2 * u :] + b[1, 2 * u :]
        dxw = np.empty_like(gates)  # d(loss)/d(x W + b0), (N, T, 3u)
        dhu = np.empty_like(
            gates
        )  # d(loss)/d(h U + b1): differs from dxw in the h̃ block
        dh_next = np.zeros_like(g[:, 0])
        for t in reversed(range(x.shape[1])):
            z, r, cand = (gates[:, t, k * u : (k + 1) * u] for k in range(3))
            dh = g[:, t] + dh_next
            dcand = dh * (1 - z) * (1 - cand * cand)
            dxw[:, t] = np.concatenate(
                [
                    dh * (h[:, t] - cand) * z * (1 - z),
                    dcand * hu_cand[:, t] * r * (1 - r),
                    dcand,
                ],
                axis=1,
            )
            dhu[:, t, : 2 * u] = dxw[:, t, : 2 * u]
            dhu[:, t, 2 * u :] = dcand * r
            dh_next = (
                dh * z + dhu[:, t] @ U.T
            )  # h_{t-1} reaches h_t directly and through U
        self.grads["kernel"] = np.einsum("ntf,ntg->fg", x, dxw)
        self.grads["recurrent_kernel"] = np.einsum("ntv,ntg->vg", h[:, :-1], dhu)
        self.grads["bias"] = np.stack([dxw.sum(axis=(0, 1)), dhu.sum(axis=(0, 1))])
        return dxw @ W.T
