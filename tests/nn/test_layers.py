"""NumPy layers: gradient checks, dtype, Keras weight layout, shape errors."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deepstep.nn import Sequential, gradcheck, initializers, models
from deepstep.nn.layers import Activation, Dense, Input, ReLU


@pytest.fixture(autouse=True)
def seed():
    initializers.set_random_seed(0)


@pytest.mark.parametrize("activation", [None, "sigmoid", "tanh", "relu", "softmax"])
@settings(max_examples=15, deadline=None)
@given(
    n=st.integers(1, 4),
    d_in=st.integers(1, 5),
    units=st.integers(1, 4),
    seed=st.integers(0, 99),
)
def test_dense_backward_matches_central_differences(activation, n, d_in, units, seed):
    initializers.set_random_seed(seed)
    x = np.random.default_rng(seed).normal(size=(n, d_in))
    errors = gradcheck.check_layer(Dense(units, activation=activation), x, seed=seed)
    assert max(errors.values()) < 1e-7, errors


@pytest.mark.parametrize(
    "layer", [Activation("sigmoid"), Activation("softmax"), ReLU(), Activation("tanh")]
)
def test_activation_layers_backward(layer):
    x = np.random.default_rng(1).normal(size=(3, 4))
    assert gradcheck.check_layer(layer, x)["x"] < 1e-7


def test_dense_weight_layout_is_keras():
    d = Dense(3)
    d.build((None, 2))
    kernel, bias = d.get_weights()
    assert kernel.shape == (2, 3) and bias.shape == (3,)
    d.set_weights([np.arange(6.0).reshape(2, 3), np.array([1.0, 2.0, 3.0])])
    np.testing.assert_array_equal(
        d(np.array([[1.0, 1.0]])), [[0 + 3 + 1, 1 + 4 + 2, 2 + 5 + 3]]
    )


def test_glorot_uniform_limits_and_seeded():
    d1, d2 = Dense(50), Dense(50)
    initializers.set_random_seed(3)
    d1.build((None, 30))
    initializers.set_random_seed(3)
    d2.build((None, 30))
    np.testing.assert_array_equal(d1.params["kernel"], d2.params["kernel"])
    assert np.abs(d1.params["kernel"]).max() <= np.sqrt(6 / 80)
    assert np.abs(d1.params["kernel"]).max() > 0.9 * np.sqrt(
        6 / 80
    )  # really uses the range


def test_dtype_follows_the_input():
    d = Dense(2, activation="sigmoid")
    x32 = np.ones((2, 3), dtype=np.float32)
    assert d(x32).dtype == np.float32
    assert d(x32.astype(np.float64)).dtype == np.float64
    g = d.backward(np.ones((2, 2)))
    assert g.dtype == np.float64 and d.grads["kernel"].dtype == np.float64


def test_forward_rejects_wrong_feature_count():
    d = Dense(2)
    d(np.ones((1, 3)))
    with pytest.raises(
        ValueError,
        match=r"dense.*expected input of shape \(batch, 3\); got shape \(1, 4\)",
    ):
        d.forward(np.ones((1, 4)))


def test_set_weights_checks_count_and_shapes():
    d = Dense(2)
    d.build((None, 3))
    with pytest.raises(
        ValueError, match=r"set_weights: kernel must have shape \(3, 2\); got \(2, 3\)"
    ):
        d.set_weights([np.ones((2, 3)), np.ones(2)])
    with pytest.raises(ValueError, match=r"expected 2 arrays \(kernel, bias\); got 1"):
        d.set_weights([np.ones((3, 2))])


def test_set_weights_updates_in_place_so_optimizers_keep_their_references():
    d = Dense(2)
    d.build((None, 3))
    kernel = d.params["kernel"]
    d.set_weights([np.zeros((3, 2)), np.zeros(2)])
    assert d.params["kernel"] is kernel and not kernel.any()


def test_unknown_activation_fails_at_construction():
    with pytest.raises(ValueError, match=r"unknown activation 'sigmod'"):
        Dense(2, activation="sigmod")


def test_backward_before_forward_and_wrong_grad_shape():
    d = Dense(2)
    d.build((None, 3))
    with pytest.raises(RuntimeError, match="needs a forward"):
        d.backward(np.ones((1, 2)))
    d(np.ones((4, 3)))
    with pytest.raises(
        ValueError, match=r"grad_out must have the forward output's shape \(4, 2\)"
    ):
        d.backward(np.ones((4, 3)))


def test_no_bias():
    d = Dense(2, use_bias=False)
    d.build((None, 3))
    assert list(d.params) == ["kernel"] and d.count_params() == 6


@pytest.mark.parametrize("units", [0, -1, 2.5, True])
def test_bad_units(units):
    with pytest.raises(ValueError, match="units must be a positive int"):
        Dense(units)


def test_sequential_is_importable_from_layers_like_keras():
    assert models.Sequential is Sequential
    model = Sequential([Input((2,)), Dense(3), ReLU(), Dense(1)])
    assert model.count_params() == 9 + 4
