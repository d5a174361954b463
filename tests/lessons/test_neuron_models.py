"""Deck 004's neuron models as notebook 02 computes them: the exercise's reference
against central differences, the formulas against the library at the notebook's points,
and the float64 facts its open-interval section prints."""

from __future__ import annotations

import numpy as np
import pytest

from deepstep.exercises.neuron_models import SIGMOID_ZXY_DERIVATIVE
from deepstep.nn import activations


@pytest.mark.parametrize("case", SIGMOID_ZXY_DERIVATIVE.cases(), ids=lambda c: c.label)
def test_the_exercise_reference_is_the_central_difference_of_the_decks_sigmoid(case):
    (v,), params = case.args, case.kwargs
    h = 1e-6
    up, down = (
        activations.sigmoid(v + h, **params),
        activations.sigmoid(v - h, **params),
    )
    numeric = (up - down) / (2 * h)
    np.testing.assert_allclose(
        case.call(SIGMOID_ZXY_DERIVATIVE.reference), numeric, atol=1e-8
    )


def test_the_check_rejects_a_slope_off_by_the_lift_z():
    def off_by_z(v, z=0.0, x=1.0, y=0.0):
        return activations.sigmoid_derivative(v, x=x, y=y) + z

    result = SIGMOID_ZXY_DERIVATIVE.check(off_by_z)
    assert result.status == "fail" and 'case "lifted, z = -0.5"' in result.message


def test_decks_ramp_and_gaussian_formulas_match_the_library_at_the_notebooks_points():
    v = np.array([-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0])
    a, b, c, d = 0.0, 1.0, -1.0, 1.0
    ramp = np.where(v < c, a, np.where(v > d, b, a + (v - c) * (b - a) / (d - c)))
    np.testing.assert_array_equal(activations.ramp(v, a, b, c, d), ramp)
    np.testing.assert_allclose(ramp, [0, 0, 0.25, 0.5, 0.75, 1, 1])
    gauss = activations.gaussian(v)
    np.testing.assert_allclose(gauss[[3, 5]], [1 / np.sqrt(2 * np.pi), 0.2419707245])
    # A ramp with its ends swapped is caught: a wrong formula does not pass.
    assert not np.allclose(activations.ramp(v, b, a, c, d), ramp)


@pytest.mark.parametrize(
    ("z", "x", "y"), [(0, 1, 0), (0, 3, 0), (0, 1, 2), (-0.5, 1, 0)]
)
def test_each_parametric_sigmoid_is_centred_at_y_over_x_with_value_z_plus_half(z, x, y):
    assert float(activations.sigmoid(y / x, z=z, x=x, y=y)) == pytest.approx(z + 0.5)
    if y:  # the centre is y/x, not y, once x != 1
        assert float(activations.sigmoid(y, z=z, x=2 * x, y=y)) != pytest.approx(
            z + 0.5
        )


def test_sigmoid_40_rounds_to_one_in_float64_while_sigmoid_minus_40_is_not_zero():
    top, bottom = float(activations.sigmoid(40.0)), float(activations.sigmoid(-40.0))
    assert top == 1.0 and 1.0 - top == 0.0  # the subtraction loses the whole gap
    assert bottom == pytest.approx(np.exp(-40.0) / (1 + np.exp(-40.0)), rel=1e-14)
    assert 0 < bottom < (1.0 - np.nextafter(1.0, 0.0)) / 2  # below half the gap under 1
    assert float(activations.tanh(20.0)) == 1.0
    assert float(activations.sigmoid(20.0)) < 1.0  # not every large input rounds
