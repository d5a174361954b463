import numpy as np
import pytest

from deepstep.depth import DeepStack, gradient_norms
from deepstep.nn.gradcheck import numerical_gradient, relative_error


@pytest.mark.parametrize("residual", [False, True])
@pytest.mark.parametrize("activation", ["sigmoid", "relu", "tanh"])
def test_deep_stack_backward_matches_central_differences(residual, activation):
    stack = DeepStack(3, width=4, activation=activation, residual=residual, seed=1)
    rng = np.random.default_rng(2)
    x = rng.standard_normal((5, 4))
    g = rng.standard_normal((5, 4))

    def loss():  # sum(g * output): its gradient at the output is g
        return float(np.sum(g * stack.forward(x)))

    loss()
    dx = stack.backward(g)
    assert relative_error(dx, numerical_gradient(lambda _: loss(), x)) < 1e-8
    for layer in stack.layers:
        loss()
        stack.backward(g)
        analytic = layer.grads["kernel"].copy()
        numeric = numerical_gradient(
            lambda _, k=layer.params["kernel"]: loss(), layer.params["kernel"]
        )
        assert relative_error(analytic, numeric) < 1e-8


def test_residual_forward_adds_each_blocks_output_to_its_input():
    plain = DeepStack(2, width=3, activation="relu", seed=4)
    skip = DeepStack(
        2, width=3, activation="relu", residual=True, seed=4
    )  # same weights
    x = np.random.default_rng(0).standard_normal((2, 3))
    h1 = x + plain.layers[0].forward(x)
    np.testing.assert_allclose(skip.forward(x), h1 + plain.layers[1].forward(h1))


def test_sigmoid_gradients_vanish_with_depth_and_skip_connections_keep_them():
    plain = gradient_norms(30, activation="sigmoid")
    skip = gradient_norms(30, activation="sigmoid", residual=True)
    assert plain[0] / plain[-1] < 1e-6  # 30 factors of at most 1/4 (times the weights)
    assert 0.1 < skip[0] / skip[-1] < 10
    relu = gradient_norms(30, activation="relu")
    assert (
        1e-2 < relu[0] / relu[-1] < 1e2
    )  # He initialisation keeps the size on average


def test_gradient_norms_are_reproducible_per_seed():
    np.testing.assert_array_equal(gradient_norms(5, seed=3), gradient_norms(5, seed=3))
    assert not np.array_equal(gradient_norms(5, seed=3), gradient_norms(5, seed=4))


def test_deep_stack_names_what_is_wrong():
    with pytest.raises(
        ValueError, match="DeepStack: depth must be a positive int; got 0"
    ):
        DeepStack(0)
    with pytest.raises(ValueError, match="DeepStack: .*unknown activation.*softsign"):
        DeepStack(2, activation="softsign")
    stack = DeepStack(2, width=4)
    with pytest.raises(
        ValueError,
        match=r"DeepStack.forward: x must have shape \(any, 4\); got shape \(3, 5\)",
    ):
        stack.forward(np.zeros((3, 5)))
