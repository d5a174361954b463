"""Exercises of notebook 16 (the recurrent family): the GRU's step, with both its gates.

The reference is the library's ``recurrent.GRU`` given the student's weights, in Keras
3's layout (reset_after=True): gates z (update), r (reset), h (candidate) side by side
in W (F, 3u) and U (u, 3u), and two bias rows b (2, 3u), the first added to x W, the
second to h U (inside the reset gate's product, for the candidate).
"""

from __future__ import annotations

import numpy as np

from ..nn.layers import GRU
from ..nn.layers.recurrent import recurrent_param_count
from .feedback import Case, Exercise, KnownMistake


def _gru_reference(x, W, U, b):
    layer = GRU(U.shape[0])
    layer.build((None, *np.shape(x)[1:]))
    layer.set_weights([W, U, b])
    return layer.forward(x)


def _gru_cases() -> list[Case]:
    rng = np.random.default_rng(15)

    def case(label, n, t, f, u, scale=0.5):
        x = rng.normal(size=(n, t, f))
        W, U = (
            rng.normal(0, scale, size=(f, 3 * u)),
            rng.normal(0, scale, size=(u, 3 * u)),
        )
        return Case(label, (x, W, U, rng.normal(0, scale, size=(2, 3 * u))))

    return [
        case("2 sequences, 5 steps, 3 features, 4 units", 2, 5, 3, 4),
        case("batch of 1, one step", 1, 1, 3, 2),
        case("1 feature, 1 unit, 6 steps", 3, 6, 1, 1),
        case("large weights (saturated gates)", 2, 4, 3, 3, scale=3.0),
        case("20 steps, 8 units", 2, 20, 2, 8, scale=0.3),
    ]


def _sigmoid(a):
    return 1 / (1 + np.exp(-a))


def _gru_with(x, W, U, b, keep_old_with_z=True, reset_after=True, second_bias=True):
    u = U.shape[0]
    h = np.zeros((len(x), u))
    b1 = b[1] if second_bias else np.zeros_like(b[1])
    for t in range(x.shape[1]):
        xw = x[:, t] @ W + b[0]
        hu = h @ U + b1
        z = _sigmoid(xw[:, :u] + hu[:, :u])
        r = _sigmoid(xw[:, u : 2 * u] + hu[:, u : 2 * u])
        if reset_after:
            cand = np.tanh(xw[:, 2 * u :] + r * hu[:, 2 * u :])
        else:  # the reset applied to h before the product (Keras 2's reset_after=False)
            cand = np.tanh(xw[:, 2 * u :] + (r * h) @ U[:, 2 * u :] + b1[2 * u :])
        h = z * h + (1 - z) * cand if keep_old_with_z else (1 - z) * h + z * cand
    return h


GRU_LAST_STATE = Exercise(
    name="gru_last_state",
    notebook="16_recurrent_family",
    reference=_gru_reference,
    compares="recurrent.GRU (Keras's layout) with the same weights",
    cases=_gru_cases,
    mistakes=(
        KnownMistake(
            lambda x, W, U, b: _gru_with(x, W, U, b, keep_old_with_z=False),
            "z and 1 - z are swapped. In Keras's GRU the update gate z keeps the old "
            "state: h = z * h + (1 - z) * h̃.",
        ),
        KnownMistake(
            lambda x, W, U, b: _gru_with(x, W, U, b, reset_after=False),
            "you reset h before multiplying by U_h, (r * h) @ U_h: that is "
            "reset_after=False. Keras 3 resets after the product: r * (h @ U_h + "
            "b[1]).",
        ),
        KnownMistake(
            lambda x, W, U, b: _gru_with(x, W, U, b, second_bias=False),
            "b has two rows: b[0] goes with x W, b[1] with h U. You left out b[1].",
        ),
    ),
)


# -- the GRU's weight count, both variants ---------------------------------------------
def _gru_params_reference(units, input_dim, reset_after=True):
    """Keras's ``GRU(units, reset_after=...).count_params()`` on input_dim features."""
    if reset_after:
        return recurrent_param_count("GRU", units, input_dim)
    return 3 * (units * (input_dim + units) + units)  # one bias row, (3u,)


def _gru_params_cases() -> list[Case]:
    return [
        Case("GRU(8) on 1 feature, Keras 3's default", (8, 1)),
        Case("GRU(8) on 1 feature, reset_after=False", (8, 1), {"reset_after": False}),
        Case("GRU(64) on 28", (64, 28)),
        Case("GRU(5) on 2, reset_after=False", (5, 2), {"reset_after": False}),
        Case("GRU(1) on 1", (1, 1)),
    ]


GRU_PARAMS = Exercise(
    name="gru_params",
    notebook="16_recurrent_family",
    reference=_gru_params_reference,
    compares="Keras's GRU count (recurrent_param_count for reset_after=True)",
    cases=_gru_params_cases,
    mistakes=(
        KnownMistake(
            lambda units, input_dim, reset_after=True: (
                3 * (units * (input_dim + units) + units)
            ),
            "with reset_after=True (Keras 3's default) the bias has two rows, (2, 3u): "
            "one added to x W, one to h U.",
        ),
        KnownMistake(
            lambda units, input_dim, reset_after=True: (
                3 * (units * input_dim + units) * (1 if not reset_after else 1)
                + (3 * units if reset_after else 0)
            ),
            "you left out the recurrent kernel U, (u, 3u): each block also multiplies "
            "the previous state.",
        ),
        KnownMistake(
            lambda units, input_dim, reset_after=True: (
                4 * (units * (input_dim + units) + units)
            ),
            "that is the LSTM's count (4 blocks). A GRU has 3 blocks: z, r and the "
            "candidate.",
        ),
    ),
)

EXERCISES = (GRU_LAST_STATE, GRU_PARAMS)
