"""Activations: values, derivatives against central differences, stability, bad
input."""

import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from deepstep.nn import activations as A

ELEMENTWISE = [n for n in A.NAMES if n != "softmax"]
# Points where the function has a kink or jump; central differences are meaningless
# there.
KINKS = {"step": [0.0], "relu": [0.0], "ramp": [-1.0, 1.0]}

finite = st.floats(-30, 30, allow_nan=False, allow_infinity=False)


def numerical_derivative(f, v, h=1e-6):
    return (f(v + h) - f(v - h)) / (2 * h)


@pytest.mark.parametrize("name", ELEMENTWISE)
@given(v=finite)
def test_derivative_matches_central_difference(name, v):
    act = A.get(name)
    if any(abs(v - k) < 1e-3 for k in KINKS.get(name, [])):
        return
    x = np.array([v])
    assert act.derivative(x) == pytest.approx(
        numerical_derivative(act.function, x), abs=1e-6
    )


@given(v=finite, z=st.floats(-2, 2), x=st.floats(-3, 3), y=st.floats(-3, 3))
def test_parametrised_sigmoid_derivative_matches_central_difference(v, z, x, y):
    arr = np.array([v])
    numeric = numerical_derivative(lambda t: A.sigmoid(t, z=z, x=x, y=y), arr)
    assert A.sigmoid_derivative(arr, z=z, x=x, y=y) == pytest.approx(numeric, abs=1e-6)


def test_parametrised_sigmoid_follows_slide_formula():
    v = np.linspace(-3, 3, 13)
    z, x, y = 0.5, 2.0, -1.0
    np.testing.assert_allclose(
        A.sigmoid(v, z=z, x=x, y=y), z + 1 / (1 + np.exp(-x * v + y))
    )


def test_sigmoid_derivative_is_f_times_one_minus_f():
    v = np.linspace(-6, 6, 25)
    f = A.sigmoid(v)
    np.testing.assert_allclose(A.sigmoid_derivative(v), f * (1 - f))
    assert A.get("sigmoid").derivative(0.0) == 0.25


def test_tanh_is_rescaled_sigmoid():
    v = np.linspace(-5, 5, 41)
    np.testing.assert_allclose(A.tanh(v), 2 * A.sigmoid(2 * v) - 1, atol=1e-15)


def test_known_values():
    v = np.array([-2.0, -0.5, 0.0, 0.5, 2.0])
    np.testing.assert_array_equal(A.step(v), [0, 0, 0, 1, 1])
    np.testing.assert_array_equal(A.relu(v), [0, 0, 0, 0.5, 2])
    np.testing.assert_allclose(A.ramp(v), [0, 0.25, 0.5, 0.75, 1])
    np.testing.assert_allclose(A.gaussian(0.0), 1 / np.sqrt(2 * np.pi))
    np.testing.assert_array_equal(A.step(v, a=-1, b=1, c=0.5), [-1, -1, -1, -1, 1])


def test_sigmoid_matches_the_worked_example_inputs():
    # S(-.63) = .35 and S(1.76) = .85 on slide deck 000
    assert round(float(A.sigmoid(-0.63)), 2) == 0.35
    assert round(float(A.sigmoid(1.76)), 2) == 0.85


@pytest.mark.parametrize("name", A.NAMES)
def test_stable_at_extremes_without_warnings(name):
    act = A.get(name)
    v = np.array([-1000.0, -1e300, 0.0, 1e300, 1000.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        f, d = act.function(v), act.derivative(v)
    assert np.all(np.isfinite(f)) and np.all(np.isfinite(d))


def test_sigmoid_saturates_exactly():
    np.testing.assert_array_equal(A.sigmoid(np.array([-1000.0, 1000.0])), [0.0, 1.0])


def test_sigmoid_is_elementwise_on_arrays_and_keeps_float32():
    v = np.arange(6, dtype=np.float32).reshape(2, 3)
    out = A.sigmoid(v)
    assert out.shape == (2, 3) and out.dtype == np.float32
    assert out[1, 2] == pytest.approx(1 / (1 + np.exp(-5.0)))


@given(arrays(np.float64, st.integers(1, 8), elements=st.floats(-1e3, 1e3)))
def test_softmax_sums_to_one_and_is_shift_invariant(v):
    s = A.softmax(v)
    assert s.sum() == pytest.approx(1.0)
    assert np.all(s >= 0)
    np.testing.assert_allclose(A.softmax(v + 123.0), s, atol=1e-12)


def test_softmax_on_batches_uses_last_axis():
    v = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    s = A.softmax(v)
    np.testing.assert_allclose(s.sum(axis=1), [1, 1])
    np.testing.assert_allclose(s[1], [1 / 3] * 3)


def test_softmax_jacobian_matches_central_differences():
    v = np.array([0.3, -1.2, 2.0, 0.1])
    h = 1e-6
    numeric = np.column_stack(
        [(A.softmax(v + h * e) - A.softmax(v - h * e)) / (2 * h) for e in np.eye(4)]
    )
    np.testing.assert_allclose(A.softmax_derivative(v), numeric, atol=1e-8)


def test_unknown_name_lists_the_known_ones():
    with pytest.raises(ValueError, match=r"unknown activation 'sigmod'.*sigmoid"):
        A.get("sigmod")


@pytest.mark.parametrize("bad", ["0.5", None, [1, "a"], {"v": 1}])
def test_non_numeric_input_is_a_type_error(bad):
    with pytest.raises(TypeError, match="sigmoid: v must be numeric"):
        A.sigmoid(bad)


def test_nan_input_is_rejected_with_its_name():
    with pytest.raises(ValueError, match="relu: v contains NaN"):
        A.relu([1.0, np.nan])


def test_ragged_input_is_rejected():
    with pytest.raises((ValueError, TypeError), match="tanh: v"):
        A.tanh([[1, 2], [3]])


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: A.ramp(0.0, c=1, d=1), "c < d"),
        (lambda: A.gaussian(0.0, sigma=0), "sigma must be > 0"),
        (lambda: A.sigmoid(0.0, x=float("inf")), "x must be finite"),
        (lambda: A.softmax(1.0), "at least 1 dimension"),
        (lambda: A.softmax([1.0, 2.0], axis=3), "axis 3 is out of range"),
        (lambda: A.softmax([1.0, np.inf]), "contains inf"),
    ],
)
def test_bad_parameters_name_what_was_wrong(call, message):
    with pytest.raises(ValueError, match=message):
        call()
