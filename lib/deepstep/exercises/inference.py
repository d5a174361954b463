"""Exercises of notebook 02 (sigmoid neurons and inference): a layer as one matrix
product.

The references run the library's ``layers.Dense`` with the given weights: one sigmoid
layer for ``dense_forward`` (Keras's layout, kernel (inputs, units)), and two bias-free
sigmoid layers for ``worked_network``, whose weights come in the deck's layout, one row
per neuron, so the kernels are their transposes.
"""

from __future__ import annotations

import numpy as np

from .. import data
from ..nn import layers
from ..nn.activations import sigmoid
from .feedback import Case, Exercise, KnownMistake


def _sigmoid_dense(kernel, bias=None):
    kernel = np.asarray(kernel, dtype=float)
    layer = layers.Dense(
        kernel.shape[1], activation="sigmoid", use_bias=bias is not None
    )
    layer.build((None, kernel.shape[0]))
    layer.set_weights([kernel] if bias is None else [kernel, bias])
    return layer


def _dense_reference(X, W, b):
    return _sigmoid_dense(W, b)(np.asarray(X, dtype=float))


def _dense_cases() -> list[Case]:
    rng = np.random.default_rng(3)
    ex = data.worked_example()
    return [
        Case(
            "3 inputs -> 3 units, batch of 4",
            (rng.normal(size=(4, 3)), rng.normal(size=(3, 3)), rng.normal(size=3)),
        ),  # fmt: skip
        Case(
            "the worked example's hidden layer, batch of 1, with a bias",
            (ex.x[None, :], ex.hidden.T, np.array([0.5, -0.5, 0.0])),
        ),  # fmt: skip
        Case(
            "5 inputs -> 2 units, batch of 6",
            (rng.normal(size=(6, 5)), rng.normal(size=(5, 2)), rng.normal(size=2)),
        ),  # fmt: skip
        Case(
            "1 input -> 1 unit, batch of 1",
            (np.array([[-2.0]]), np.array([[1.5]]), np.array([0.25])),
        ),  # fmt: skip
        Case(
            "large negative sums",
            (
                rng.uniform(-3, -1, size=(3, 4)),
                rng.uniform(1, 3, size=(4, 3)),
                -np.ones(3),
            ),
        ),  # fmt: skip
    ]


def _dense_transposed(X, W, b):
    return sigmoid(np.asarray(X) @ np.asarray(W).T + b)


def _dense_no_bias(X, W, b):
    return sigmoid(np.asarray(X) @ np.asarray(W))


def _dense_bias_after_sigmoid(X, W, b):
    return sigmoid(np.asarray(X) @ np.asarray(W)) + b


def _dense_no_activation(X, W, b):
    return np.asarray(X) @ np.asarray(W) + b


DENSE_FORWARD = Exercise(
    name="dense_forward",
    notebook="02_sigmoid_inference",
    reference=_dense_reference,
    compares='layers.Dense(units, activation="sigmoid")',
    cases=_dense_cases,
    mistakes=(
        KnownMistake(
            _dense_transposed,
            "you multiply by W transposed. Here W has one column per unit, shape "
            "(inputs, units) as in Keras, so X @ W is already (batch, units): no .T.",
        ),
        KnownMistake(
            _dense_no_bias,
            "you leave out the bias: add b (shape (units,)) to X @ W before the "
            "sigmoid; NumPy broadcasts it over the rows of the batch.",
        ),
        KnownMistake(
            _dense_bias_after_sigmoid,
            "you add the bias after the sigmoid. The bias shifts the weighted sum: "
            "sigmoid(X @ W + b), with the bias inside the parentheses.",
        ),
        KnownMistake(
            _dense_no_activation,
            "you return the weighted sums. A sigmoid layer squashes them: apply "
            "sigmoid to X @ W + b.",
        ),
    ),
)


def _network_reference(X, W_hidden, W_output):
    X = np.asarray(X, dtype=float)
    hidden = _sigmoid_dense(np.asarray(W_hidden).T)(X)
    return hidden, _sigmoid_dense(np.asarray(W_output).T)(hidden)


def _network_cases() -> list[Case]:
    rng = np.random.default_rng(4)
    ex = data.worked_example()
    return [
        Case("the worked example, batch of 1", (ex.x[None, :], ex.hidden, ex.output)),
        Case(
            "the worked example's weights, batch of 5",
            (rng.uniform(-1, 1, size=(5, 3)), ex.hidden, ex.output),
        ),  # fmt: skip
        Case(
            "4 inputs -> 3 hidden -> 2 outputs",
            (rng.normal(size=(3, 4)), rng.normal(size=(3, 4)), rng.normal(size=(2, 3))),
        ),  # fmt: skip
        Case(
            "1 -> 1 -> 1, negative weights",
            (np.array([[0.7]]), np.array([[-2.0]]), np.array([[-1.5]])),
        ),  # fmt: skip
    ]


def _network_not_transposed(X, W_hidden, W_output):
    hidden = sigmoid(np.asarray(X) @ np.asarray(W_hidden))
    return hidden, sigmoid(hidden @ np.asarray(W_output).T)


def _network_rounded_hidden(X, W_hidden, W_output):
    hidden = np.round(sigmoid(np.asarray(X) @ np.asarray(W_hidden).T), 2)
    return hidden, sigmoid(hidden @ np.asarray(W_output).T)


def _network_output_from_inputs(X, W_hidden, W_output):
    X = np.asarray(X)
    return sigmoid(X @ np.asarray(W_hidden).T), sigmoid(X @ np.asarray(W_output).T)


def _network_linear_output(X, W_hidden, W_output):
    hidden = sigmoid(np.asarray(X) @ np.asarray(W_hidden).T)
    return hidden, hidden @ np.asarray(W_output).T


WORKED_NETWORK = Exercise(
    name="worked_network",
    notebook="02_sigmoid_inference",
    reference=_network_reference,
    compares="two bias-free sigmoid layers.Dense with the deck's weights transposed",
    cases=_network_cases,
    mistakes=(
        KnownMistake(
            _network_not_transposed,
            "you use W_hidden as a Keras kernel. The deck's W_hidden has one ROW per "
            "hidden neuron, so the sums of a batch are X @ W_hidden.T (the same for "
            "W_output).",
        ),
        KnownMistake(
            _network_rounded_hidden,
            "you round the hidden values to two decimals, as the slide prints them. "
            "Keep full precision and round only what you print.",
        ),
        KnownMistake(
            _network_output_from_inputs,
            "your output layer reads the inputs X. It reads the hidden layer: "
            "O = sigmoid(H @ W_output.T), with H the first layer's result.",
        ),
        KnownMistake(
            _network_linear_output,
            "your output values are not squashed: the output neurons are sigmoid "
            "neurons too, so apply sigmoid to H @ W_output.T.",
        ),
    ),
)

EXERCISES = (DENSE_FORWARD, WORKED_NETWORK)
