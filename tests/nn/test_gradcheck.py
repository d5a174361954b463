"""The gradient checker itself: exact on polynomials, and it catches a broken backward
pass."""

import numpy as np
import pytest

from deepstep.nn import Input, Sequential, gradcheck, initializers
from deepstep.nn.layers import Dense


def test_numerical_gradient_of_a_cubic_is_exact_to_rounding():
    x = np.array([1.0, -2.0, 0.5])
    grad = gradcheck.numerical_gradient(lambda v: float(np.sum(v**3)), x)
    np.testing.assert_allclose(grad, 3 * x**2, rtol=1e-10)
    np.testing.assert_array_equal(x, [1.0, -2.0, 0.5])  # restored after perturbing


def test_second_order_stencil_is_less_exact_than_fourth():
    x = np.array([0.7])
    f = lambda v: float(np.sin(v[0]) * np.exp(v[0]))  # noqa: E731
    exact = np.cos(0.7) * np.exp(0.7) + np.sin(0.7) * np.exp(0.7)
    e2 = abs(gradcheck.numerical_gradient(f, x, h=1e-3, order=2)[0] - exact)
    e4 = abs(gradcheck.numerical_gradient(f, x, h=1e-3, order=4)[0] - exact)
    assert e4 < e2 / 100


def test_flat_directions_give_exactly_zero():
    x = np.array([-1.0, 2.0])
    grad = gradcheck.numerical_gradient(
        lambda v: float(np.maximum(v, 0).sum() * 1.7), x
    )
    assert grad[0] == 0.0


def test_relative_error_is_cs231n_style():
    assert gradcheck.relative_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert gradcheck.relative_error([1.0], [1.1]) == pytest.approx(0.1 / 2.1)
    with pytest.raises(ValueError, match="same shape"):
        gradcheck.relative_error([1.0], [1.0, 2.0])


def test_check_layer_catches_a_wrong_backward():
    class BrokenDense(Dense):
        def backward(self, grad_out):
            grad_in = super().backward(grad_out)
            self.grads["kernel"] = self.grads["kernel"] * 1.01  # a 1% bug
            return grad_in

    x = np.random.default_rng(0).normal(size=(4, 3))
    # The same weights for both layers, whatever earlier tests drew from the shared
    # generator (with other weights, x's relative error can sit just above 1e-8 from
    # rounding alone).
    initializers.set_random_seed(0)
    good = gradcheck.check_layer(Dense(2, activation="tanh"), x)
    initializers.set_random_seed(0)
    bad = gradcheck.check_layer(BrokenDense(2, activation="tanh"), x)
    assert max(good.values()) < 1e-8
    assert bad["kernel"] > 1e-3 and bad["x"] < 1e-8


def test_rejects_float32_and_unknown_order():
    with pytest.raises(TypeError, match="float64"):
        gradcheck.numerical_gradient(lambda v: 0.0, np.ones(2, dtype=np.float32))
    with pytest.raises(ValueError, match="order must be 2 or 4"):
        gradcheck.numerical_gradient(lambda v: 0.0, np.ones(2), order=3)


def test_check_model_says_what_a_model_is():
    x, y = np.ones((2, 3)), np.ones((2, 1))
    what = (
        r"model must be a deepstep.nn model: a Sequential of layers, compiled "
        r"with a loss"
    )
    with pytest.raises(TypeError, match=what + r".*; got object <object"):
        gradcheck.check_model(object(), x, y)
    with pytest.raises(
        TypeError, match=r"for a single layer use check_layer; got Dense"
    ):
        gradcheck.check_model(Dense(1), x, y)
    model = Sequential([Input((3,)), Dense(1)])
    with pytest.raises(RuntimeError, match=r"compile the model with a loss first"):
        gradcheck.check_model(model, x, y)
    model.compile(loss="mse")
    assert max(gradcheck.check_model(model, x, y).values()) < 1e-6
