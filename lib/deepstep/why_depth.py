"""Why depth: what one hidden layer can do, what it costs, and how deep stacks are made
trainable (deck 004 *Expressiveness*, *Large, shallow models overfit more*, DenseNet;
deck 001 *Degradation*).  (notebook 15)

- ``staircase_network``: one hidden layer of steep sigmoids that approximates a
  continuous function on [a, b] step by step, the idea behind Cybenko's theorem;
  ``max_error`` measures how close it gets.
- ``random_sigmoid_layer`` + ``fit_output_layer``: a shallow network of growing width
  fitted to a few noisy points, to watch training and test error part ways.
- ``dense_param_count`` and ``mlp``: equal-budget shallow and deep networks.
- ``Residual``: a layer h -> h + F(h) around a list of deepstep.nn layers; ``deep_mlp``
  builds plain or residual stacks of any depth to measure degradation.
- ``DenseBlock``, ``dense_block_channels``, ``dense_block_param_counts``: DenseNet's
  block (every layer sees the concatenation of all earlier maps) and its bookkeeping.

Everything is NumPy, built from ``deepstep.nn`` layers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt

from ._checks import (
    as_finite_scalar,
    as_float_array,
    boundary,
    flag,
    function,
    instance_of,
    known_name,
    name_of,
    non_negative_int,
    positive_int,
    sequence,
    shape_tuple,
)
from .nn import Input, Sequential, activations, initializers, layers


# -- 1. One hidden layer of sigmoids ---------------------------------------------------
def _interval(a: float, b: float, func: Callable) -> tuple[float, float]:
    a = as_finite_scalar(a, func, "a")
    b = as_finite_scalar(b, func, "b")
    if not a < b:
        raise ValueError(f"{name_of(func)}: the interval needs a < b; got a={a}, b={b}")
    return a, b


def staircase_network(
    f: Callable[[np.ndarray], np.ndarray],
    a: float,
    b: float,
    units: int,
    sharpness: float = 8.0,
) -> Sequential:
    """Dense(units, sigmoid) -> Dense(1) whose output climbs f on [a, b] in ``units``
    steps.

    Input (N, 1) -> output (N, 1). With grid x_0 = a, ..., x_units = b (spacing h), unit
    i switches on at the midpoint m_i = (x_{i-1} + x_i) / 2 with slope ``sharpness``/h
    and carries the rise f(x_i) - f(x_{i-1}); the output bias is f(a):

        net(x) = f(a) + Σ_i (f(x_i) - f(x_{i-1})) · σ(sharpness · (x - m_i) / h)

    For continuous f the steps, and so the error, shrink as units grow (uniform
    continuity).
    """
    function(f, staircase_network, "f")
    a, b = _interval(a, b, staircase_network)
    units = positive_int(units, staircase_network, "units")
    sharpness = as_finite_scalar(
        sharpness, staircase_network, "sharpness", positive=True
    )
    grid = np.linspace(a, b, units + 1)
    values = as_float_array(f(grid), staircase_network, "f(grid)", allow_inf=False)
    if values.shape != grid.shape:
        raise ValueError(
            f"{name_of(staircase_network)}: f must map an array of shape {grid.shape} "
            f"to the same shape; got {values.shape}"
        )
    h = (b - a) / units
    slope = sharpness / h
    midpoints = (grid[:-1] + grid[1:]) / 2
    model = Sequential([Input((1,)), layers.Dense(units, "sigmoid"), layers.Dense(1)])
    model.build((None, 1))
    model.set_weights(
        [
            np.full((1, units), slope),  # hidden kernel
            -slope * midpoints,  # hidden bias: σ(slope·(x - m_i))
            np.diff(values)[:, None],  # output kernel: each unit's rise
            values[:1],  # output bias: f(a)
        ]
    )
    return model


def max_error(
    model: Sequential,
    f: Callable[[np.ndarray], np.ndarray],
    a: float,
    b: float,
    points: int = 2001,
) -> float:
    """max |model(x) - f(x)| over ``points`` evenly spaced x in [a, b] (a fine grid's
    sup)."""
    instance_of(model, Sequential, max_error, "model")
    function(f, max_error, "f")
    a, b = _interval(a, b, max_error)
    x = np.linspace(a, b, positive_int(points, max_error, "points"))
    return float(np.max(np.abs(model.predict(x[:, None])[:, 0] - f(x))))


# -- 2. Capacity: a shallow network of growing width -----------------------------------
def random_sigmoid_layer(
    units: int, a: float, b: float, sharpness: float = 3.0, seed: int = 0
) -> Sequential:
    """Dense(units, sigmoid) on inputs (N, 1): units switching on at random points of
    [a, b].

    Unit i is σ(s_i (x - c_i)) with c_i uniform in [a, b] and slope s_i =
    ±sharpness·u/(b - a), u uniform in [1, 3], sign random, all drawn from ``seed``.
    Only the output layer is then fitted (``fit_output_layer``), so the fit is the exact
    least-squares optimum.
    """
    a, b = _interval(a, b, random_sigmoid_layer)
    units = positive_int(units, random_sigmoid_layer, "units")
    as_finite_scalar(sharpness, random_sigmoid_layer, "sharpness", positive=True)
    rng = np.random.default_rng(non_negative_int(seed, random_sigmoid_layer, "seed"))
    centres = rng.uniform(a, b, units)
    slopes = rng.choice([-1, 1], units) * rng.uniform(1, 3, units) * sharpness / (b - a)
    hidden = Sequential([Input((1,)), layers.Dense(units, "sigmoid")])
    hidden.build((None, 1))
    hidden.set_weights([slopes[None, :], -slopes * centres])
    return hidden


def fit_output_layer(
    hidden: Sequential, x: npt.ArrayLike, y: npt.ArrayLike
) -> np.ndarray:
    """Least-squares output weights (units + 1,) for y ≈ hidden(x) @ w[:-1] + w[-1].

    x: (N, 1), y: (N,). When there are more weights than points, lstsq returns the
    smallest-norm weights that fit exactly.
    """
    instance_of(hidden, Sequential, fit_output_layer, "hidden")
    x = as_float_array(x, fit_output_layer, "x", allow_inf=False)
    y = as_float_array(y, fit_output_layer, "y", allow_inf=False)
    if x.ndim != 2 or y.shape != (len(x),):
        raise ValueError(
            f"{name_of(fit_output_layer)}: x must be (N, 1) and y (N,); got {x.shape} "
            f"and {y.shape}"
        )
    features = np.hstack([hidden.predict(x), np.ones((len(x), 1))])
    return np.linalg.lstsq(features, y, rcond=None)[0]


def predict_with_output(
    hidden: Sequential, weights: np.ndarray, x: npt.ArrayLike
) -> np.ndarray:
    """(N,) predictions hidden(x) @ weights[:-1] + weights[-1]."""
    instance_of(hidden, Sequential, predict_with_output, "hidden")
    weights = as_float_array(
        weights, predict_with_output, "weights", ndim=1, allow_inf=False
    )
    x = as_float_array(x, predict_with_output, "x", ndim=2, allow_inf=False)
    if len(weights) < 2:
        raise ValueError(
            f"{name_of(predict_with_output)}: weights must hold the output weights "
            f"and a bias; got shape {weights.shape}"
        )
    return hidden.predict(x) @ weights[:-1] + weights[-1]


# -- 3. Parameter budgets --------------------------------------------------------------
def dense_param_count(sizes: Sequence[int]) -> int:
    """Weights and biases of Dense layers sizes[0] -> sizes[1] -> ... : Σ (n_in + 1) ·
    n_out."""
    sizes = [
        positive_int(s, dense_param_count, "sizes")
        for s in sequence(sizes, dense_param_count, "sizes")
    ]
    if len(sizes) < 2:
        raise ValueError(
            f"{name_of(dense_param_count)}: sizes needs an input and at least one "
            f"layer; got {sizes}"
        )
    return sum(
        (n_in + 1) * n_out for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True)
    )


@boundary
def mlp(
    sizes: Sequence[int], activation: str | None = "relu", seed: int = 0
) -> Sequential:
    """Sequential of Dense layers sizes[0] -> ... -> sizes[-1], softmax on the last.

    Hidden layers use ``activation`` (a name from ``deepstep.nn.activations``, or None
    for linear, as in Dense) with He initialisation for "relu" (glorot otherwise);
    weights drawn from ``seed``.
    """
    dense_param_count(sizes)  # validates sizes
    known_name(
        activation, activations.NAMES, mlp, "activation", "activation", none="linear"
    )
    init = "he_normal" if activation == "relu" else "glorot_uniform"
    initializers.set_random_seed(seed)
    hidden = [layers.Dense(n, activation, kernel_initializer=init) for n in sizes[1:-1]]
    model = Sequential(
        [Input((sizes[0],)), *hidden, layers.Dense(sizes[-1], "softmax")]
    )
    model.build((None, sizes[0]))
    return model


# -- 4. Residual blocks and degradation ------------------------------------------------
class Residual(layers.Layer):
    """h -> h + F(h), with F a list of deepstep.nn layers that keep the shape.

    x: (N, ...) -> same shape. Backward: the gradient reaching h is the one reaching the
    output (the identity path) plus F's backward of it. ``params``/``grads`` are F's,
    keyed "<index>_<name>" ("0_kernel", "1_bias", ...), so optimizers and
    ``Sequential.fit`` train them like any layer's.
    """

    def __init__(self, branch: Sequence[layers.Layer], name: str | None = None) -> None:
        super().__init__(name)
        self.branch = sequence(branch, Residual, "branch", non_empty=False)
        if not self.branch:
            raise ValueError(
                f"{name_of(Residual)}: branch needs at least one layer; got none"
            )
        for layer in self.branch:
            instance_of(layer, layers.Layer, Residual, "branch's items")

    def build(self, input_shape):
        super().build(input_shape)
        shape = tuple(input_shape)
        for layer in self.branch:
            layer.build(shape)
            shape = tuple(layer.compute_output_shape(shape))
        if shape[1:] != tuple(input_shape)[1:]:
            raise ValueError(
                f"{self.name}: the branch must keep the shape {tuple(input_shape)} to "
                f"be added to its input; it gives {shape}"
            )

    def compute_output_shape(self, input_shape):
        shape = shape_tuple(input_shape, self.name)
        if not shape:
            raise ValueError(
                f"{self.name}: input_shape must have a batch dimension, (N, ...); got "
                f"{shape}"
            )
        return shape

    # params and grads are views of the branch's, gathered afresh (the branch replaces
    # its grads arrays on every backward pass); the base class's assignments are
    # ignored.
    @property
    def params(self) -> dict[str, np.ndarray]:
        return {
            f"{i}_{k}": v
            for i, lay in enumerate(self.branch)
            for k, v in lay.params.items()
        }

    @params.setter
    def params(self, _value) -> None:
        pass

    @property
    def grads(self) -> dict[str, np.ndarray]:
        return {
            f"{i}_{k}": v
            for i, lay in enumerate(self.branch)
            for k, v in lay.grads.items()
        }

    @grads.setter
    def grads(self, _value) -> None:
        pass

    def forward(self, x, training=False):
        x = self.forward_input(x)
        h = x
        for layer in self.branch:
            h = layer.forward(h, training=training)
        self._out = x + h
        return self._out

    def backward(self, grad_out):
        g = self.backward_input(grad_out, getattr(self, "_out", None))
        through_f = g
        for layer in reversed(self.branch):
            through_f = layer.backward(through_f)
        return g + through_f  # identity path + branch


@boundary
def deep_mlp(
    inputs: int,
    outputs: int,
    hidden_layers: int,
    width: int = 32,
    residual: bool = False,
    seed: int = 0,
) -> Sequential:
    """Dense(width, relu) stem, ``hidden_layers`` more width->width layers, softmax
    output.

    Plain: every hidden layer is Dense(width, relu, He init). Residual: the same layers
    in pairs, each pair a block h + W2·relu(W1·h + b1) + b2 whose second layer starts at
    zero, so every block starts as the identity (Goyal et al. 2017 start ResNets the
    same way). Both have exactly the same number of parameters; hidden_layers must be
    even for residual.
    """
    inputs = positive_int(inputs, deep_mlp, "inputs")
    outputs = positive_int(outputs, deep_mlp, "outputs")
    hidden_layers = non_negative_int(hidden_layers, deep_mlp, "hidden_layers")
    width = positive_int(width, deep_mlp, "width")
    residual = flag(residual, deep_mlp, "residual")
    if residual and hidden_layers % 2:
        raise ValueError(
            f"{name_of(deep_mlp)}: residual blocks hold two layers, so hidden_layers "
            f"must be even; got {hidden_layers}"
        )
    initializers.set_random_seed(seed)
    stack: list = [
        Input((inputs,)),
        layers.Dense(width, "relu", kernel_initializer="he_normal"),
    ]
    if residual:
        for _ in range(hidden_layers // 2):
            first = layers.Dense(width, "relu", kernel_initializer="he_normal")
            stack.append(
                Residual([first, layers.Dense(width, kernel_initializer="zeros")])
            )
    else:
        stack += [
            layers.Dense(width, "relu", kernel_initializer="he_normal")
            for _ in range(hidden_layers)
        ]
    model = Sequential([*stack, layers.Dense(outputs, "softmax")])
    model.build((None, inputs))
    return model


# -- 6. DenseNet -----------------------------------------------------------------------
def dense_block_channels(
    in_channels: int, growth_rate: int, n_layers: int
) -> list[int]:
    """Channels entering layer 1, 2, ..., n_layers, then leaving the block: c0 + i·k.

    Each layer adds ``growth_rate`` (k) maps and passes on everything it received.
    """
    c0 = positive_int(in_channels, dense_block_channels, "in_channels")
    k = positive_int(growth_rate, dense_block_channels, "growth_rate")
    n = positive_int(n_layers, dense_block_channels, "n_layers")
    return [c0 + i * k for i in range(n + 1)]


@boundary
def dense_block_param_counts(
    in_channels: int, growth_rate: int, n_layers: int, bottleneck: int | None = 4
) -> list[int]:
    """Parameters of each layer of a DenseNet block, as Keras's DenseNet counts them.

    A layer receiving c channels: BN(c) -> ReLU -> Conv 1x1 (c -> bottleneck·k, no bias)
    -> BN(bottleneck·k) -> ReLU -> Conv 3x3 (bottleneck·k -> k, no bias): DenseNet-B.
    Each BatchNormalization holds 4 numbers per channel (gamma, beta and the two moving
    statistics). bottleneck=None means no bottleneck, the paper's plain DenseNet layer
    (None for "leave this part out", as Keras's activation=None): BN(c) -> ReLU -> Conv
    3x3 (c -> k) only.
    """
    k = positive_int(growth_rate, dense_block_param_counts, "growth_rate")
    counts = []
    for c in dense_block_channels(in_channels, growth_rate, n_layers)[:-1]:
        if bottleneck is None:
            counts.append(4 * c + 3 * 3 * c * k)
        else:
            wide = positive_int(bottleneck, dense_block_param_counts, "bottleneck") * k
            counts.append(4 * c + c * wide + 4 * wide + 3 * 3 * wide * k)
    return counts


class DenseBlock(layers.Layer):
    """DenseNet's block on (N, H, W, C) maps -> (N, H, W, C + n_layers·growth_rate).

    Layer i gets the concatenation of the block's input and every earlier layer's k
    maps, and computes BN -> ReLU -> Conv 1x1 (bottleneck·k) -> BN -> ReLU -> Conv 3x3
    (k, "same"), convolutions without bias, as in Keras's DenseNet. bottleneck: the 1x1
    convolution's width in multiples of k (DenseNet-B's 4), or None for no bottleneck:
    the paper's plain DenseNet layer BN -> ReLU -> Conv 3x3 (k) (None for "leave this
    part out", as Keras's activation=None). Backward splits the gradient of the
    concatenation: the last k channels go back through layer i, the rest pass straight
    on.
    """

    def __init__(
        self,
        n_layers: int,
        growth_rate: int = 12,
        bottleneck: int | None = 4,
        name: str | None = None,
    ) -> None:
        super().__init__(name)
        self.n_layers = positive_int(n_layers, DenseBlock, "n_layers")
        self.growth_rate = positive_int(growth_rate, DenseBlock, "growth_rate")
        self.bottleneck = bottleneck
        k = self.growth_rate
        self.composite: list[list[layers.Layer]] = []
        for _ in range(self.n_layers):
            parts: list[layers.Layer] = []
            if bottleneck is not None:
                wide = positive_int(bottleneck, DenseBlock, "bottleneck") * k
                parts += [layers.BatchNormalization(), layers.ReLU(),
                          layers.Conv2D(wide, 1, use_bias=False)]  # fmt: skip
            parts += [layers.BatchNormalization(), layers.ReLU(),
                      layers.Conv2D(k, 3, padding="same", use_bias=False)]  # fmt: skip
            self.composite.append(parts)

    def _all(self):
        return [
            (i, j, lay)
            for i, parts in enumerate(self.composite)
            for j, lay in enumerate(parts)
        ]

    def _checked_shape(self, input_shape) -> tuple[int | None, ...]:
        shape = shape_tuple(input_shape, self.name)
        if len(shape) != 4 or shape[3] is None:
            raise ValueError(
                f"{self.name}: input_shape must be (N, H, W, C) with C known; got "
                f"{shape}"
            )
        return shape

    def build(self, input_shape):
        shape = self._checked_shape(input_shape)
        super().build(shape)
        for i, parts in enumerate(self.composite):
            s = (*shape[:3], shape[3] + i * self.growth_rate)
            for layer in parts:
                layer.build(s)
                s = tuple(layer.compute_output_shape(s))

    def compute_output_shape(self, input_shape):
        shape = self._checked_shape(input_shape)
        return (*shape[:3], shape[3] + self.n_layers * self.growth_rate)

    @property
    def params(self) -> dict[str, np.ndarray]:
        return {
            f"{i}_{j}_{k}": v
            for i, j, lay in self._all()
            for k, v in lay.params.items()
        }

    @params.setter
    def params(self, _value) -> None:
        pass

    @property
    def grads(self) -> dict[str, np.ndarray]:
        return {
            f"{i}_{j}_{k}": v for i, j, lay in self._all() for k, v in lay.grads.items()
        }

    @grads.setter
    def grads(self, _value) -> None:
        pass

    def get_weights(self) -> list[np.ndarray]:
        return [w for _, _, lay in self._all() for w in lay.get_weights()]

    def count_params(self) -> int:
        """Every number the block holds, BatchNormalization's moving statistics
        included."""
        return int(sum(w.size for w in self.get_weights()))

    def layer_param_counts(self) -> list[int]:
        """(n_layers,) numbers held by each composite layer, moving statistics
        included."""
        return [
            sum(w.size for lay in parts for w in lay.get_weights())
            for parts in self.composite
        ]

    def forward(self, x, training=False):
        features = self.forward_input(x)
        self.channels = [features.shape[-1]]
        for parts in self.composite:
            h = features
            for layer in parts:
                h = layer.forward(h, training=training)
            features = np.concatenate([features, h], axis=-1)  # pass everything on
            self.channels.append(features.shape[-1])
        self._out = features
        return features

    def backward(self, grad_out):
        g = self.backward_input(grad_out, getattr(self, "_out", None))
        k = self.growth_rate
        for parts in reversed(self.composite):
            through = g[..., -k:]  # the k maps this layer added
            for layer in reversed(parts):
                through = layer.backward(through)
            g = (
                g[..., :-k] + through
            )  # its input also went straight to the concatenation
        return g
