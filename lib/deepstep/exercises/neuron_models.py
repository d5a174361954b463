"""Exercise of notebook 02 (deck 004's neuron models): the derivative of the sigmoid
with parameters z, x, y.

Deck 004 writes the sigmoid neuron as φ(v) = z + 1 / (1 + exp(-x·v + y)). Its derivative
is x · s(1 - s), where s = 1 / (1 + exp(-x·v + y)) is the logistic part without the lift
z: the chain rule brings the slope x of the inner x·v - y, and z, a constant, drops out.
The reference is the library's ``activations.sigmoid_derivative(v, z=, x=, y=)``.

The cases are ordered so that each typical mistake first fails on a case where only that
mistake differs from the reference: x ≠ 1 before y ≠ 0 before z ≠ 0.
"""

from __future__ import annotations

import numpy as np

from ..nn import activations
from .feedback import Case, Exercise, KnownMistake


def _reference(v, z=0.0, x=1.0, y=0.0):
    return activations.sigmoid_derivative(v, z=z, x=x, y=y)


def _cases() -> list[Case]:
    rng = np.random.default_rng(11)
    v = np.linspace(-6, 6, 25)
    return [
        Case("the plain sigmoid, z = 0, x = 1, y = 0", (v,)),
        Case("steep, x = 3", (v,), {"x": 3.0}),
        Case("shifted, y = 2", (v,), {"y": 2.0}),
        Case("lifted, z = -0.5", (v,), {"z": -0.5}),
        Case(
            "all three, x = -2 (falling), a 2-D v",
            (rng.uniform(-4, 4, size=(3, 4)),),
            {"z": 0.25, "x": -2.0, "y": 1.0},
        ),
        Case("far out on both sides, v = ±30", (np.array([-30.0, -12.0, 12.0, 30.0]),)),
    ]


def _logistic(t):
    return 1.0 / (1.0 + np.exp(-np.asarray(t, dtype=float)))


def _without_the_slope_x(v, z=0.0, x=1.0, y=0.0):
    s = _logistic(x * np.asarray(v, dtype=float) - y)
    return s * (1 - s)


def _plain_sigmoid_inside(v, z=0.0, x=1.0, y=0.0):
    s = _logistic(v)  # ignores x and y inside the curve, keeps the factor x
    return x * s * (1 - s)


def _sign_of_y_flipped(v, z=0.0, x=1.0, y=0.0):
    s = _logistic(x * np.asarray(v, dtype=float) + y)
    return x * s * (1 - s)


def _lift_z_inside(v, z=0.0, x=1.0, y=0.0):
    phi = z + _logistic(x * np.asarray(v, dtype=float) - y)
    return x * phi * (1 - phi)  # f(1 - f) applied to the lifted curve


SIGMOID_ZXY_DERIVATIVE = Exercise(
    name="sigmoid_zxy_derivative",
    notebook="02_sigmoid_inference",
    reference=_reference,
    compares="activations.sigmoid_derivative(v, z=, x=, y=)",
    cases=_cases,
    mistakes=(
        KnownMistake(
            _without_the_slope_x,
            "your curve is right but its slope misses the factor x. The chain rule: "
            "the logistic's argument x·v - y changes x times as fast as v, so "
            "multiply s(1 - s) by x (a steeper curve has a steeper slope).",
        ),
        KnownMistake(
            _plain_sigmoid_inside,
            "you use the plain σ(v) for s. s must be this curve's own logistic part, "
            "1 / (1 + exp(-x·v + y)), with x and y inside it.",
        ),
        KnownMistake(
            _sign_of_y_flipped,
            "the sign of y is flipped. The deck's exponent is -x·v + y, so s = σ(x·v "
            "- y): y moves the curve to the right (by y/x), not to the left.",
        ),
        KnownMistake(
            _lift_z_inside,
            "you apply f(1 - f) to φ = z + s. The rule σ' = σ(1 - σ) holds for the "
            "logistic part s only; z is a constant, its derivative is 0, so leave it "
            "out: x·s(1 - s).",
        ),
    ),
)

EXERCISES = (SIGMOID_ZXY_DERIVATIVE,)
