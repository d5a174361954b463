"""Losses: values by hand, gradients against central differences, stability, Keras's
reductions."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from deepstep.nn import gradcheck, losses
from deepstep.nn.activations import sigmoid, softmax

REGRESSION = [
    losses.SignedError(),
    losses.MeanAbsoluteError(),
    losses.MeanSquaredError(),
    losses.SumOfSquares(),
    losses.RootMeanSquaredError(),
]


def numeric(loss, y_true, y_pred, h=1e-4):
    y_pred = np.array(y_pred, dtype=np.float64)
    return gradcheck.numerical_gradient(lambda p: loss(y_true, p), y_pred, h=h)


def step_for_probabilities(p):
    # A step well below the smallest probability: log(p) curves sharply near p = 0, and
    # a step of 1e-4 at p = 0.002 already costs the 4-point stencil about 1e-6 in
    # accuracy.
    return min(1e-4, 1e-2 * float(np.min(p)))


shapes = st.tuples(st.integers(1, 5), st.integers(1, 4))


@pytest.mark.parametrize("loss", REGRESSION, ids=repr)
@settings(max_examples=30, deadline=None)
@given(data=st.data(), shape=shapes)
def test_regression_gradients_match_central_differences(loss, data, shape):
    y_true = data.draw(arrays(np.float64, shape, elements=st.floats(-3, 3)))
    y_pred = data.draw(arrays(np.float64, shape, elements=st.floats(-3, 3)))
    # |x| has a kink at 0: keep predictions away from the targets for MAE/RMSE
    if np.min(np.abs(y_true - y_pred)) < 1e-3:
        y_pred = y_pred + 0.01
    assert (
        gradcheck.relative_error(
            loss.gradient(y_true, y_pred), numeric(loss, y_true, y_pred)
        )
        < 1e-6
    )


def test_values_by_hand_and_slide_001_argument():
    t = np.array([1.0, 1.0])
    p = np.array([2.0, 0.0])  # one overshoot, one undershoot
    assert losses.SignedError()(t, p) == 0.0  # the errors cancel: no minimum to find
    assert losses.MeanAbsoluteError()(t, p) == 1.0
    assert losses.SumOfSquares()(t, p) == 2.0
    assert losses.MeanSquaredError()(t, p) == 1.0
    assert losses.RootMeanSquaredError()(t, p) == 1.0
    # many small vs few big errors: same absolute error, different squares
    small, big = np.array([1.5, 1.5]), np.array([1.0, 2.0])
    assert losses.MeanAbsoluteError()(t, small) == losses.MeanAbsoluteError()(t, big)
    assert losses.SumOfSquares()(t, small) < losses.SumOfSquares()(t, big)


def test_mse_averages_last_axis_then_batch_like_keras():
    t = np.zeros((2, 3))
    p = np.array([[1.0, 1.0, 1.0], [3.0, 0.0, 0.0]])
    assert losses.MeanSquaredError()(t, p) == pytest.approx((1 + 3) / 2)


@pytest.mark.parametrize("from_logits", [False, True])
@settings(max_examples=30, deadline=None)
@given(data=st.data(), shape=shapes)
def test_binary_crossentropy_gradient(from_logits, data, shape):
    y_true = data.draw(arrays(np.float64, shape, elements=st.sampled_from([0.0, 1.0])))
    z = data.draw(arrays(np.float64, shape, elements=st.floats(-4, 4)))
    y_pred = z if from_logits else sigmoid(z)
    loss = losses.BinaryCrossentropy(from_logits=from_logits)
    h = 1e-4 if from_logits else step_for_probabilities(np.minimum(y_pred, 1 - y_pred))
    numeric_grad = numeric(loss, y_true, y_pred, h)
    assert gradcheck.relative_error(loss.gradient(y_true, y_pred), numeric_grad) < 1e-6


@pytest.mark.parametrize("from_logits", [False, True])
@settings(max_examples=30, deadline=None)
@given(data=st.data(), n=st.integers(1, 4), k=st.integers(2, 5))
def test_categorical_crossentropy_gradient(from_logits, data, n, k):
    labels = data.draw(arrays(np.int64, n, elements=st.integers(0, k - 1)))
    y_true = np.eye(k)[labels]
    z = data.draw(arrays(np.float64, (n, k), elements=st.floats(-3, 3)))
    y_pred = z if from_logits else softmax(z)
    loss = losses.CategoricalCrossentropy(from_logits=from_logits)
    h = 1e-4 if from_logits else step_for_probabilities(y_pred)
    numeric_grad = numeric(loss, y_true, y_pred, h)
    assert gradcheck.relative_error(loss.gradient(y_true, y_pred), numeric_grad) < 1e-6


def test_crossentropy_from_logits_equals_from_probabilities_and_minus_log_p():
    z = np.array([[2.0, 1.0, 0.1], [0.0, -1.0, 3.0]])
    y = np.array([[1.0, 0, 0], [0, 0, 1.0]])
    p = softmax(z)
    expected = -np.mean(np.log(p[y == 1]))
    assert losses.CategoricalCrossentropy()(y, p) == pytest.approx(expected)
    assert losses.CategoricalCrossentropy(from_logits=True)(y, z) == pytest.approx(
        expected
    )
    np.testing.assert_allclose(
        losses.CategoricalCrossentropy(from_logits=True).gradient(y, z), (p - y) / 2
    )


def test_crossentropy_is_stable_at_extremes():
    y = np.array([[1.0], [0.0]])
    z = np.array([[-1000.0], [1000.0]])
    bce = losses.BinaryCrossentropy(from_logits=True)
    assert bce(y, z) == pytest.approx(1000.0)
    np.testing.assert_allclose(bce.gradient(y, z), [[-0.5], [0.5]])
    # probabilities of exactly 0 and 1 are clipped like Keras, not log(0)
    assert np.isfinite(losses.BinaryCrossentropy()(y, np.array([[0.0], [1.0]])))
    cce = losses.CategoricalCrossentropy(from_logits=True)
    assert cce(np.array([[0.0, 1.0]]), np.array([[1000.0, -1000.0]])) == pytest.approx(
        2000.0
    )


def test_hinge_maps_zero_one_labels_to_signs():
    t = np.array([[0.0], [1.0]])
    p = np.array([[0.5], [0.5]])
    assert losses.Hinge()(t, p) == pytest.approx((1.5 + 0.5) / 2)
    with pytest.raises(ValueError, match="hinge: y_true must hold"):
        losses.Hinge()(np.array([[2.0]]), p[:1])


def test_hinge_gradient_away_from_the_hinge():
    t = np.array([[-1.0, 1.0], [1.0, -1.0]])
    p = np.array([[0.3, -0.2], [2.0, 0.7]])
    loss = losses.Hinge()
    assert gradcheck.relative_error(loss.gradient(t, p), numeric(loss, t, p)) < 1e-7


def test_rmse_gradient_is_zero_at_a_perfect_fit():
    y = np.array([1.0, 2.0])
    np.testing.assert_array_equal(losses.RootMeanSquaredError().gradient(y, y), [0, 0])


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda: losses.MeanSquaredError()(np.zeros(3), np.zeros(2)),
            r"same shape.*\(3,\).*\(2,\)",
        ),
        (lambda: losses.MeanSquaredError()(0.0, 0.0), "batch axis"),
        (
            lambda: losses.CategoricalCrossentropy()(np.zeros(3), np.ones(3)),
            r"\(N, classes\)",
        ),
        (
            lambda: losses.get("cross_entropy"),
            r"unknown loss 'cross_entropy'; known: .*mse",
        ),
        (
            lambda: losses.MeanSquaredError()([1.0, np.nan], [1.0, 2.0]),
            "y_true contains NaN",
        ),
    ],
)
def test_bad_input_is_named(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_get_accepts_keras_names_and_objects():
    assert isinstance(losses.get("mse"), losses.MeanSquaredError)
    assert isinstance(
        losses.get("categorical_crossentropy"), losses.CategoricalCrossentropy
    )
    obj = losses.BinaryCrossentropy(from_logits=True)
    assert losses.get(obj) is obj
    with pytest.raises(TypeError):
        losses.get(3)
