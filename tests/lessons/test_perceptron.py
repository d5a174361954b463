"""The perceptron rule: convergence on AND/OR, a proven cycle on XOR, clear errors."""

import numpy as np
import pytest

from deepstep import data
from deepstep import perceptron as P


@pytest.mark.parametrize("gate", ["and", "or", "nand"])
def test_learns_linearly_separable_gates(gate):
    X, y = data.logic_gate(gate)
    result = P.train(X, y)
    assert result.converged and result.cycle_start is None
    assert result.mistakes[-1] == 0
    np.testing.assert_array_equal(P.predict(X, result.weights, result.bias), y)


def test_and_with_unit_rate_from_zero_matches_hand_trace():
    # Hand trace of the rule over (0,0),(0,1),(1,0),(1,1), lr=1, w=b=0:
    # epoch 1: only (1,1) is wrong -> w=(1,1), b=1; ...; converges at w=(2,1), b=-2.
    X, y = data.logic_gate("and")
    r = P.train(X, y)
    np.testing.assert_array_equal(r.weight_history[1], [1, 1])
    assert r.bias_history[1] == 1
    np.testing.assert_array_equal(r.weights, [2, 1])
    assert r.bias == -2
    assert r.epochs == 6


def test_xor_never_converges_and_the_cycle_is_real():
    X, y = data.logic_gate("xor")
    r = P.train(X, y, max_epochs=1000)
    assert not r.converged
    assert r.cycle_start is not None and r.epochs < 1000
    # The state after the last epoch repeats an earlier one: running on from there
    # reproduces the same epochs, so no number of extra epochs can help.
    np.testing.assert_array_equal(r.weight_history[-1], r.weight_history[r.cycle_start])
    again = P.train(X, y, max_epochs=50, w0=r.weights, b0=r.bias)
    assert not again.converged
    assert P.misclassified(X, y, r.weights, r.bias).any()


def test_xor_without_cycle_detection_budget_still_reports_not_converged():
    X, y = data.logic_gate("xor")
    r = P.train(X, y, max_epochs=1)
    assert not r.converged and r.epochs == 1 and r.cycle_start is None


def test_non_integer_rate_still_detects_xor_cycle():
    X, y = data.logic_gate("xor")
    r = P.train(X, y, lr=0.1, max_epochs=1000)
    assert not r.converged and r.cycle_start is not None


def test_w0_is_not_modified():
    X, y = data.logic_gate("or")
    w0 = np.array([0.5, -0.5])
    P.train(X, y, w0=w0)
    np.testing.assert_array_equal(w0, [0.5, -0.5])


def test_history_shapes():
    X, y = data.logic_gate("or")
    r = P.train(X, y)
    assert r.weight_history.shape == (r.epochs + 1, 2)
    assert r.bias_history.shape == (r.epochs + 1,)


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        (
            dict(X=np.zeros((4, 2)), y=np.zeros(3)),
            ValueError,
            r"same number of samples.*\(4, 2\).*\(3,\)",
        ),
        (
            dict(X=np.zeros(4), y=np.zeros(4)),
            ValueError,
            r"X must be 2-D; got shape \(4,\)",
        ),
        (
            dict(X=np.zeros((4, 2)), y=np.array([0, 1, 2, 0])),
            ValueError,
            "only 0 and 1",
        ),
        (dict(X=np.zeros((4, 2)), y=np.zeros(4), lr=0), ValueError, "lr must be > 0"),
        (
            dict(X=np.zeros((4, 2)), y=np.zeros(4), max_epochs=0),
            ValueError,
            "max_epochs",
        ),
        (
            dict(X=np.zeros((4, 2)), y=np.zeros(4), w0=[1, 2, 3]),
            ValueError,
            r"w must have shape \(2,\)",
        ),
        (dict(X="data", y=np.zeros(4)), TypeError, "X must be numeric"),
    ],
)
def test_bad_input_names_what_was_wrong(kwargs, error, message):
    with pytest.raises(error, match=message):
        P.train(**kwargs)


def test_predict_checks_weight_shape():
    with pytest.raises(ValueError, match=r"predict: w must have shape \(2,\)"):
        P.predict(np.zeros((4, 2)), [1.0], 0.0)
