"""Exercises of notebook 13 (beyond: recurrent layers): the LSTM's steps, and the
parameter count of a recurrent layer.

The references are the library's ``recurrent.LSTM`` given the student's weights (Keras's
layout: gates i, f, c, o side by side in W (F, 4u), U (u, 4u), b (4u,)) and
``recurrent.recurrent_param_count``, which equals Keras's ``count_params()``.
"""

from __future__ import annotations

import numpy as np

from ..nn.layers import LSTM
from ..nn.layers.recurrent import recurrent_param_count
from .feedback import Case, Exercise, KnownMistake


# -- the LSTM's steps ------------------------------------------------------------------
def _lstm_reference(x, W, U, b):
    layer = LSTM(U.shape[0])
    layer.build((None, *np.shape(x)[1:]))
    layer.set_weights([W, U, b])
    return layer.forward(x)


def _lstm_cases() -> list[Case]:
    rng = np.random.default_rng(12)

    def case(label, n, t, f, u, scale=0.5):
        x = rng.normal(size=(n, t, f))
        W, U = (
            rng.normal(0, scale, size=(f, 4 * u)),
            rng.normal(0, scale, size=(u, 4 * u)),
        )
        return Case(label, (x, W, U, rng.normal(0, scale, size=4 * u)))

    return [
        case("2 sequences, 5 steps, 3 features, 4 units", 2, 5, 3, 4),
        case("batch of 1, one step", 1, 1, 3, 2),
        case("1 feature, 1 unit, 6 steps", 3, 6, 1, 1),
        case("large weights (saturated gates)", 2, 4, 3, 3, scale=3.0),
        case("28 steps of 28 pixels, 8 units", 2, 28, 28, 8, scale=0.2),
    ]


def _lstm_with(x, W, U, b, step):
    u = U.shape[0]
    h, c = np.zeros((len(x), u)), np.zeros((len(x), u))
    for t in range(x.shape[1]):
        h, c = step(x[:, t] @ W + h @ U + b, c, u)
    return h


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _step_ifoc(z, c, u):
    # gates read in the order i, f, o, c instead of Keras's i, f, c, o
    i, f, o = (
        _sigmoid(z[:, :u]),
        _sigmoid(z[:, u : 2 * u]),
        _sigmoid(z[:, 2 * u : 3 * u]),
    )
    c = f * c + i * np.tanh(z[:, 3 * u :])
    return o * np.tanh(c), c


def _step_no_tanh_of_c(z, c, u):
    i, f, o = _sigmoid(z[:, :u]), _sigmoid(z[:, u : 2 * u]), _sigmoid(z[:, 3 * u :])
    c = f * c + i * np.tanh(z[:, 2 * u : 3 * u])
    return o * c, c


def _step_sigmoid_candidate(z, c, u):
    i, f, o = _sigmoid(z[:, :u]), _sigmoid(z[:, u : 2 * u]), _sigmoid(z[:, 3 * u :])
    c = f * c + i * _sigmoid(z[:, 2 * u : 3 * u])
    return o * np.tanh(c), c


LSTM_LAST_STATE = Exercise(
    name="lstm_last_state",
    notebook="13_beyond",
    reference=_lstm_reference,
    compares="recurrent.LSTM with the same weights",
    cases=_lstm_cases,
    mistakes=(
        KnownMistake(
            lambda x, W, U, b: _lstm_with(x, W, U, b, _step_ifoc),
            "your gate blocks are in the wrong order. Keras puts them as i, f, c, o: "
            "z[:, 2u:3u] is the candidate (tanh), z[:, 3u:] the output gate (sigmoid).",
        ),
        KnownMistake(
            lambda x, W, U, b: _lstm_with(x, W, U, b, _step_no_tanh_of_c),
            "the new state is h = o * tanh(c): squash the memory before the output "
            "gate.",
        ),
        KnownMistake(
            lambda x, W, U, b: _lstm_with(x, W, U, b, _step_sigmoid_candidate),
            "the candidate c̃ uses tanh (values in -1..1), not sigmoid; only the three "
            "gates i, f, o are sigmoids.",
        ),
    ),
)


# -- parameter count -------------------------------------------------------------------
def _params_reference(kind, units, input_dim):
    return recurrent_param_count(kind, units, input_dim)


def _params_cases() -> list[Case]:
    return [
        Case("LSTM(64) on rows of 28 pixels", ("LSTM", 64, 28)),
        Case("SimpleRNN(64) on 28", ("SimpleRNN", 64, 28)),
        Case("GRU(64) on 28", ("GRU", 64, 28)),
        Case("LSTM(1) on 1 feature", ("LSTM", 1, 1)),
        Case("GRU(3) on 5 features", ("GRU", 3, 5)),
        Case("SimpleRNN(10) on 1 feature", ("SimpleRNN", 10, 1)),
    ]


_BLOCKS = {"SimpleRNN": 1, "GRU": 3, "LSTM": 4}


def _params_no_recurrent(kind, units, input_dim):
    biases = 2 if kind == "GRU" else 1
    return _BLOCKS[kind] * (units * input_dim + biases * units)


def _params_gru_one_bias(kind, units, input_dim):
    return _BLOCKS[kind] * (units * (input_dim + units) + units)


def _params_no_gates(kind, units, input_dim):
    biases = 2 if kind == "GRU" else 1
    return units * (input_dim + units) + biases * units


RECURRENT_PARAMS = Exercise(
    name="recurrent_params",
    notebook="13_beyond",
    reference=_params_reference,
    compares="recurrent.recurrent_param_count",
    cases=_params_cases,
    mistakes=(
        KnownMistake(
            _params_no_recurrent,
            "you count the input weights but not the recurrent ones: every block also "
            "multiplies the previous state, units x units weights per block.",
        ),
        KnownMistake(
            _params_gru_one_bias,
            "Keras's GRU (reset_after=True) has two biases per block, one added to x·W "
            "and one to h·U: 3 · (units · (input_dim + units) + 2 · units).",
        ),
        KnownMistake(
            _params_no_gates,
            "each gate has its own weights: an LSTM holds 4 blocks (i, f, c, o), a "
            "GRU 3 (z, r, h), a SimpleRNN 1. Multiply one block's count by that "
            "number.",
        ),
    ),
)

EXERCISES = (LSTM_LAST_STATE, RECURRENT_PARAMS)
