"""The delta rule: δ's and Δw against central differences, the slide's network, clear
errors."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deepstep import data
from deepstep.delta_rule import DeltaRuleStep, delta_rule_step, forward, squared_error
from deepstep.nn import layers, losses, models, optimizers
from deepstep.nn.activations import sigmoid
from deepstep.nn.gradcheck import numerical_gradient, relative_error

sizes = st.integers(min_value=1, max_value=4)


def random_network(seed, n_in, n_hidden, n_out):
    rng = np.random.default_rng(seed)
    return (
        rng.normal(size=n_in),
        rng.uniform(0, 1, size=n_out),
        rng.normal(size=(n_hidden, n_in)),
        rng.normal(size=(n_out, n_hidden)),
    )


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**31 - 1), n_in=sizes, n_hidden=sizes, n_out=sizes)
def test_deltas_are_minus_the_error_gradient_wrt_each_net_input(
    seed, n_in, n_hidden, n_out
):
    x, t, W, V = random_network(seed, n_in, n_hidden, n_out)
    step = delta_rule_step(x, t, W, V, learning_rate=0.1)
    net_hidden = W @ x
    net_output = V @ sigmoid(net_hidden)

    def error_from_output_net(net):
        return 0.5 * np.sum((t - sigmoid(net)) ** 2)

    def error_from_hidden_net(net):
        return 0.5 * np.sum((t - sigmoid(V @ sigmoid(net))) ** 2)

    d_output = numerical_gradient(error_from_output_net, net_output.copy())
    d_hidden = numerical_gradient(error_from_hidden_net, net_hidden.copy())
    np.testing.assert_allclose(step.output_deltas, -d_output, rtol=1e-6, atol=1e-10)
    np.testing.assert_allclose(step.hidden_deltas, -d_hidden, rtol=1e-6, atol=1e-10)


@settings(max_examples=30, deadline=None)
@given(
    seed=st.integers(0, 2**31 - 1),
    n_in=sizes,
    n_hidden=sizes,
    n_out=sizes,
    eta=st.floats(0.01, 5.0),
)
def test_weight_changes_are_minus_eta_times_the_weight_gradient(
    seed, n_in, n_hidden, n_out, eta
):
    x, t, W, V = random_network(seed, n_in, n_hidden, n_out)
    step = delta_rule_step(x, t, W, V, learning_rate=eta)
    W_probe, V_probe = W.copy(), V.copy()

    def error(_):
        return squared_error(t, forward(x, W_probe, V_probe)[1])

    dE_dW = numerical_gradient(error, W_probe)
    dE_dV = numerical_gradient(error, V_probe)
    np.testing.assert_allclose(step.hidden_change, -eta * dE_dW, rtol=1e-6, atol=1e-10)
    np.testing.assert_allclose(step.output_change, -eta * dE_dV, rtol=1e-6, atol=1e-10)
    np.testing.assert_array_equal(step.new_hidden, W + step.hidden_change)
    np.testing.assert_array_equal(step.new_output, V + step.output_change)


@pytest.mark.parametrize("seed", range(10))
def test_one_small_step_reduces_the_error(seed):
    x, t, W, V = random_network(seed, 3, 4, 2)
    step = delta_rule_step(x, t, W, V, learning_rate=0.05)
    after = squared_error(t, forward(x, step.new_hidden, step.new_output)[1])
    assert after < step.error


def test_repeated_steps_on_one_example_drive_its_error_towards_zero():
    ex = data.worked_example()
    W, V, t = ex.hidden, ex.output, np.array([0.0, 1.0])
    errors = []
    for _ in range(2000):
        step = delta_rule_step(ex.x, t, W, V, learning_rate=1.0)
        errors.append(step.error)
        W, V = step.new_hidden, step.new_output
    assert all(b < a for a, b in zip(errors, errors[1:], strict=False))
    assert errors[-1] < 1e-3 < errors[0]


def loop_oracle(x, t, W, V, eta):
    """The slide's four steps with Python loops and math.exp, one unit and one weight at
    a time."""

    def s(v):
        return 1 / (1 + math.exp(-v))

    o_h = [s(sum(W[h][i] * x[i] for i in range(len(x)))) for h in range(len(W))]
    o_k = [s(sum(V[k][h] * o_h[h] for h in range(len(o_h)))) for k in range(len(V))]
    d_k = [o_k[k] * (1 - o_k[k]) * (t[k] - o_k[k]) for k in range(len(V))]
    d_h = [
        o_h[h] * (1 - o_h[h]) * sum(V[k][h] * d_k[k] for k in range(len(V)))
        for h in range(len(W))
    ]
    dW = [[eta * d_h[h] * x[i] for i in range(len(x))] for h in range(len(W))]
    dV = [[eta * d_k[k] * o_h[h] for h in range(len(o_h))] for k in range(len(V))]
    return o_h, o_k, d_k, d_h, dW, dV


def test_worked_example_reproduces_the_slide_and_a_loop_by_loop_computation():
    ex = data.worked_example()
    t = [0.0, 1.0]
    step = delta_rule_step(ex.x, t, ex.hidden, ex.output, learning_rate=0.5)
    # Slide deck 000, "Inference": hidden .13 .96 .40, outputs .35 .85.
    np.testing.assert_array_equal(np.round(step.hidden_values, 2), [0.13, 0.96, 0.40])
    np.testing.assert_array_equal(np.round(step.outputs, 2), [0.35, 0.85])
    o_h, o_k, d_k, d_h, dW, dV = loop_oracle(
        ex.x.tolist(), t, ex.hidden.tolist(), ex.output.tolist(), 0.5
    )
    for got, want in [
        (step.hidden_values, o_h),
        (step.outputs, o_k),
        (step.output_deltas, d_k),
        (step.hidden_deltas, d_h),
        (step.hidden_change, dW),
        (step.output_change, dV),
    ]:
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-15)
    # Signs a student can predict: O1 (0.35) is pushed down towards 0, O2 (0.85) up
    # towards 1.
    assert step.output_deltas[0] < 0 < step.output_deltas[1]
    assert step.error == pytest.approx(
        0.5 * (o_k[0] ** 2 + (1 - o_k[1]) ** 2), rel=1e-14
    )


def test_equals_one_sgd_step_of_the_layer_library_with_sum_of_squares():
    # Sum of squares is 2E for one sample, so SGD with learning rate η/2 is the delta
    # rule with η.
    x, t, W, V = random_network(3, 3, 4, 2)
    model = models.Sequential(
        [
            layers.Input((3,)),
            layers.Dense(4, activation="sigmoid", use_bias=False),
            layers.Dense(2, activation="sigmoid", use_bias=False),
        ]
    )
    model.set_weights([W.T, V.T])
    model.compile(
        optimizer=optimizers.SGD(learning_rate=0.35), loss=losses.SumOfSquares()
    )
    model.train_step(x[None, :], t[None, :])
    step = delta_rule_step(x, t, W, V, learning_rate=0.7)
    new_kernel_hidden, new_kernel_output = model.get_weights()
    assert relative_error(new_kernel_hidden, step.new_hidden.T) < 1e-12
    assert relative_error(new_kernel_output, step.new_output.T) < 1e-12


def test_inputs_are_not_modified_and_results_are_new_arrays():
    ex = data.worked_example()
    W, V = ex.hidden.copy(), ex.output.copy()
    step = delta_rule_step(ex.x, [0, 1], W, V, learning_rate=1.0)
    np.testing.assert_array_equal(W, ex.hidden)
    np.testing.assert_array_equal(V, ex.output)
    assert not np.shares_memory(step.new_hidden, W) and not np.shares_memory(
        step.new_output, V
    )
    assert isinstance(step, DeltaRuleStep)


def test_forward_matches_a_dense_layer_stack_with_keras_kernels():
    x, _, W, V = random_network(5, 3, 2, 4)
    hidden_values, outputs = forward(x, W, V)
    model = models.Sequential(
        [
            layers.Input((3,)),
            layers.Dense(2, activation="sigmoid", use_bias=False),
            layers.Dense(4, activation="sigmoid", use_bias=False),
        ]
    )
    model.set_weights([W.T, V.T])
    np.testing.assert_allclose(outputs, model.predict(x[None, :])[0], rtol=1e-14)
    np.testing.assert_allclose(hidden_values, 1 / (1 + np.exp(-(W @ x))), rtol=1e-14)


def test_squared_error_is_half_the_sum_of_squares():
    assert squared_error([0, 1], [0.5, 0.5]) == 0.25
    assert squared_error([1.0], [1.0]) == 0.0
    with pytest.raises(
        ValueError, match=r"squared_error: .*same shape; got \(2,\) and \(3,\)"
    ):
        squared_error([0, 1], [0, 1, 1])


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        (
            {"x": np.ones((1, 3))},
            ValueError,
            r"delta_rule_step: x must be 1-D; got shape \(1, 3\)",
        ),
        (
            {"hidden": np.ones((3, 4))},
            ValueError,
            r"hidden must have one column per input, shape \(n_hidden, 3\); got shape "
            r"\(3, 4\)",
        ),
        (
            {"output": np.ones((2, 2))},
            ValueError,
            r"output must have one column per hidden unit, shape \(n_out, 3\); got "
            r"shape \(2, 2\)",
        ),
        (
            {"target": [0, 1, 0]},
            ValueError,
            r"target must have one value per output unit, shape \(2,\); got shape "
            r"\(3,\)",
        ),
        ({"learning_rate": 0.0}, ValueError, r"learning_rate must be > 0; got 0.0"),
        ({"learning_rate": "fast"}, TypeError, r"learning_rate must be a number"),
        ({"target": "yes"}, TypeError, r"target must be numeric"),
        ({"hidden": np.ones(3)}, ValueError, r"hidden must be 2-D; got shape \(3,\)"),
    ],
)
def test_bad_arguments_name_what_was_expected_and_received(kwargs, error, message):
    ex = data.worked_example()
    args = {"x": ex.x, "target": [0, 1], "hidden": ex.hidden, "output": ex.output}
    args["learning_rate"] = 1.0
    args.update(kwargs)
    with pytest.raises(error, match=message):
        delta_rule_step(**args)


def test_forward_checks_shapes_too():
    with pytest.raises(
        ValueError, match=r"forward: hidden must have one column per input"
    ):
        forward([1.0, 2.0], np.ones((3, 3)), np.ones((1, 3)))
