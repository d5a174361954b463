"""Notebook 15's lessons: one hidden layer approximates, wide shallow layers overfit,
residual blocks train, DenseNet blocks count as Keras counts them (why_depth.py,
depth.py additions)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.linear_model import LinearRegression

from deepstep import depth, nn
from deepstep import why_depth as wd
from deepstep.nn import gradcheck, layers


def f(x):
    return np.sin(2 * x) + np.cos(3 * x) / 2


# -- universal approximation -----------------------------------------------------------
def test_staircase_network_is_the_closed_form_sum_of_sigmoids():
    a, b, n = -1.0, 2.0, 7
    net = wd.staircase_network(f, a, b, n, sharpness=5.0)
    grid = np.linspace(a, b, n + 1)
    h = (b - a) / n
    x = np.linspace(a, b, 301)
    mid = (grid[:-1] + grid[1:]) / 2
    expected = f(a) + (1 / (1 + np.exp(-5.0 * (x[:, None] - mid) / h))) @ np.diff(
        f(grid)
    )
    np.testing.assert_allclose(net.predict(x[:, None])[:, 0], expected, atol=1e-12)
    assert net.count_params() == 3 * n + 1


def test_staircase_error_halves_as_units_double_on_a_compact_interval():
    errors = [wd.max_error(wd.staircase_network(f, -np.pi, np.pi, n), f, -np.pi, np.pi)
              for n in (32, 64, 128, 256)]  # fmt: skip
    ratios = np.array(errors[:-1]) / np.array(errors[1:])
    assert np.all((ratios > 1.8) & (ratios < 2.2))
    assert errors[-1] < 0.02


def test_outside_the_interval_the_network_is_flat_and_misses_a_bounded_function():
    net = wd.staircase_network(f, -np.pi, np.pi, 256)
    far = np.linspace(3 * np.pi, 5 * np.pi, 500)[:, None]
    out = net.predict(far)[:, 0]
    assert np.ptp(out) < 1e-6  # every sigmoid saturated
    assert np.max(np.abs(out - f(far[:, 0]))) > 1.0


def test_no_staircase_gets_closer_than_half_a_jump():
    def step(x):
        return (x > 0).astype(float)

    for n in (15, 255):
        error = wd.max_error(
            wd.staircase_network(step, -1, 1, n), step, -1, 1, points=20_001
        )
        assert error >= 0.5 - 1e-9


def test_staircase_rejects_an_empty_interval_and_a_function_of_the_wrong_shape():
    with pytest.raises(ValueError, match="staircase_network: the interval needs a < b"):
        wd.staircase_network(f, 1.0, 1.0, 4)
    with pytest.raises(ValueError, match="staircase_network: f must map"):
        wd.staircase_network(lambda x: np.zeros(3), 0, 1, 4)
    with pytest.raises(ValueError, match="units"):
        wd.staircase_network(f, 0, 1, 0)


# -- capacity --------------------------------------------------------------------------
def test_fit_output_layer_is_scikit_learns_least_squares():
    rng = np.random.default_rng(1)
    x = rng.uniform(-3, 3, (30, 1))
    y = f(x[:, 0]) + rng.normal(0, 0.1, 30)
    hidden = wd.random_sigmoid_layer(6, -3, 3, seed=2)
    w = wd.fit_output_layer(hidden, x, y)
    oracle = LinearRegression().fit(hidden.predict(x), y)
    np.testing.assert_allclose(w[:-1], oracle.coef_, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(w[-1], oracle.intercept_, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(
        wd.predict_with_output(hidden, w, x), oracle.predict(hidden.predict(x))
    )


def test_as_many_units_as_points_interpolates_and_generalizes_worse():
    rng = np.random.default_rng(0)
    x = np.sort(rng.uniform(-np.pi, np.pi, 20))[:, None]
    y = f(x[:, 0]) + rng.normal(0, 0.3, 20)
    xt = np.linspace(-np.pi, np.pi, 500)[:, None]
    test, train = {}, {}
    for n in (4, 20):
        hidden = wd.random_sigmoid_layer(n, -np.pi, np.pi, seed=0)
        w = wd.fit_output_layer(hidden, x, y)
        train[n] = np.sqrt(np.mean((wd.predict_with_output(hidden, w, x) - y) ** 2))
        test[n] = np.sqrt(
            np.mean((wd.predict_with_output(hidden, w, xt) - f(xt[:, 0])) ** 2)
        )
    assert train[20] < 1e-3 < train[4]
    assert test[20] > 10 * test[4]


def test_fit_output_layer_rejects_mismatched_shapes():
    hidden = wd.random_sigmoid_layer(3, 0, 1)
    with pytest.raises(
        ValueError, match=r"fit_output_layer: x must be \(N, 1\) and y \(N,\)"
    ):
        wd.fit_output_layer(hidden, np.zeros((5, 1)), np.zeros(4))


# -- parameter budgets -----------------------------------------------------------------
@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(1, 40), min_size=2, max_size=6))
def test_dense_param_count_is_what_a_sequential_of_dense_layers_holds(sizes):
    model = nn.Sequential(
        [nn.Input((sizes[0],)), *[layers.Dense(n) for n in sizes[1:]]]
    )
    model.build((None, sizes[0]))
    assert wd.dense_param_count(sizes) == model.count_params()


def test_the_notebooks_shallow_and_deep_budgets_agree_within_one_percent():
    shallow, deep = (
        wd.dense_param_count([64, 74, 10]),
        wd.dense_param_count([64, *[32] * 4, 10]),
    )
    assert (shallow, deep) == (5_560, 5_578)
    assert abs(shallow / deep - 1) < 0.01
    assert wd.mlp([64, 74, 10]).count_params() == shallow


def test_dense_param_count_needs_two_sizes():
    with pytest.raises(ValueError, match="dense_param_count: sizes needs an input"):
        wd.dense_param_count([5])


# -- residual blocks -------------------------------------------------------------------
def residual(width=4, hidden=6):
    block = wd.Residual([layers.Dense(hidden, "tanh"), layers.Dense(width)])
    block.build((None, width))
    return block


def test_residual_backward_matches_central_differences():
    errors = gradcheck.check_layer(
        residual(), np.random.default_rng(0).normal(size=(3, 4))
    )
    assert set(errors) == {"x", "0_kernel", "0_bias", "1_kernel", "1_bias"}
    assert max(errors.values()) < 1e-7


def test_gradient_check_catches_a_residual_block_that_drops_the_identity_path():
    block = residual()
    block.backward = lambda g: wd.Residual.backward(block, g) - g  # the skip forgotten
    errors = gradcheck.check_layer(block, np.random.default_rng(0).normal(size=(3, 4)))
    assert errors["x"] > 0.1


def test_a_zero_branch_is_the_identity_and_the_gradient_passes_unchanged():
    block = wd.Residual(
        [layers.Dense(5, "relu"), layers.Dense(3, kernel_initializer="zeros")]
    )
    block.build((None, 3))
    x = np.random.default_rng(0).normal(size=(4, 3))
    np.testing.assert_array_equal(block.forward(x), x)
    g = np.random.default_rng(1).normal(size=(4, 3))
    np.testing.assert_array_equal(block.backward(g), g)


def test_residual_branch_must_be_a_list_of_layers():
    with pytest.raises(
        TypeError, match="Residual: branch must be a list or tuple; got str"
    ):
        wd.Residual("dense")
    with pytest.raises(
        TypeError, match="Residual: branch's items must be a Layer; got int 3"
    ):
        wd.Residual([layers.Dense(3), 3])


def test_block_output_shapes_check_the_input_shape():
    assert wd.Residual([layers.Dense(3)]).compute_output_shape((None, 3)) == (None, 3)
    with pytest.raises(ValueError, match="input_shape must have a batch dimension"):
        wd.Residual([layers.Dense(3)]).compute_output_shape(())
    assert wd.DenseBlock(2, growth_rate=3).compute_output_shape((None, 4, 4, 5)) == (
        None,
        4,
        4,
        11,
    )
    with pytest.raises(ValueError, match=r"input_shape must be \(N, H, W, C\)"):
        wd.DenseBlock(2).compute_output_shape((None, 8))


def test_deep_mlp_residual_and_mlp_activation_are_checked():
    with pytest.raises(
        TypeError, match="deep_mlp: residual must be True or False; got str"
    ):
        wd.deep_mlp(4, 2, 2, residual="yes")
    with pytest.raises(TypeError, match="mlp: activation must be a string"):
        wd.mlp([4, 3, 2], activation=np.ones(3))
    assert wd.mlp([4, 3, 2], activation=None).count_params() == wd.dense_param_count(
        [4, 3, 2]
    )


def test_residual_branch_must_keep_the_shape():
    with pytest.raises(ValueError, match="the branch must keep the shape"):
        wd.Residual([layers.Dense(5)]).build((None, 3))
    with pytest.raises(ValueError, match="Residual: branch needs at least one layer"):
        wd.Residual([])


def test_fit_trains_the_weights_inside_residual_blocks():
    model = wd.deep_mlp(4, 2, 2, width=8, residual=True, seed=0)
    inner = model.layers[1].branch[1].params["kernel"]
    assert not inner.any()  # starts at zero
    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 4))
    y = np.eye(2)[(x[:, 0] > 0).astype(int)]
    model.compile(nn.optimizers.Adam(0.01), "categorical_crossentropy")
    loss = model.fit(x, y, epochs=20, verbose=0, seed=0).history["loss"]
    assert inner.any() and loss[-1] < loss[0] / 2


def test_plain_and_residual_stacks_have_the_same_parameters():
    for n in (0, 2, 8):
        plain = wd.deep_mlp(64, 10, n, residual=False)
        res = wd.deep_mlp(64, 10, n, residual=True)
        expected = wd.dense_param_count([64, 32, *[32] * n, 10])
        assert plain.count_params() == res.count_params() == expected
    with pytest.raises(ValueError, match="hidden_layers must be even"):
        wd.deep_mlp(64, 10, 3, residual=True)


def test_deep_plain_stack_degrades_where_the_residual_one_does_not():
    from sklearn.datasets import load_digits

    digits = load_digits()
    X, Y = digits.data[:600] / 16, np.eye(10)[digits.target[:600]]
    acc = {}
    for residual in (False, True):
        model = wd.deep_mlp(64, 10, 20, residual=residual, seed=0)
        model.compile(
            nn.optimizers.Adam(0.003), "categorical_crossentropy", ["accuracy"]
        )
        acc[residual] = model.fit(
            X, Y, epochs=5, batch_size=50, verbose=0, seed=0
        ).history["accuracy"][-1]
    assert acc[True] > acc[False] + 0.1


# -- exploding and vanishing -----------------------------------------------------------
def test_input_gradient_norms_follow_the_chain_rule_of_a_linear_stack():
    stack = depth.DeepStack(5, 6, activation="linear", seed=3)
    rng = np.random.default_rng(0)
    x, g = rng.normal(size=(4, 6)), rng.normal(size=(4, 6))
    stack.forward(x)
    stack.backward(g)
    expected = []
    for layer in reversed(stack.layers):
        g = g @ layer.params["kernel"].T
        expected.append(np.linalg.norm(g))
    np.testing.assert_allclose(stack.input_gradient_norms(), expected[::-1], rtol=1e-12)


def test_relu_gradient_explodes_with_large_weights_and_vanishes_with_small():
    ratios = {}
    for gain in (1.0, 2.0):
        stack = depth.DeepStack(30, 64, activation="relu", seed=0)
        rng = np.random.default_rng(0)
        for layer in stack.layers:
            layer.params["kernel"][...] = rng.normal(0, gain / 8, (64, 64))
        stack.forward(rng.normal(size=(32, 64)))
        stack.backward(rng.normal(size=(32, 64)))
        norms = stack.input_gradient_norms()
        ratios[gain] = norms[0] / norms[-1]
    assert ratios[1.0] < 1e-3 and ratios[2.0] > 1e3


def test_gradient_norms_of_input_and_its_errors():
    norms = depth.gradient_norms(10, activation="sigmoid", of="input")
    assert norms.shape == (10,) and norms[0] < norms[-1]
    with pytest.raises(
        ValueError, match="gradient_norms: of must be 'kernel' or 'input'"
    ):
        depth.gradient_norms(3, of="bias")
    with pytest.raises(RuntimeError, match="call backward"):
        depth.DeepStack(2, 4).input_gradient_norms()


# -- DenseNet --------------------------------------------------------------------------
def test_dense_block_channels_grow_by_k_and_counts_match_the_formula():
    block = wd.DenseBlock(4, growth_rate=12)
    out = block(np.random.default_rng(0).normal(size=(2, 6, 6, 16)))
    assert out.shape == (2, 6, 6, 64)
    assert block.channels == wd.dense_block_channels(16, 12, 4) == [16, 28, 40, 52, 64]
    assert block.layer_param_counts() == wd.dense_block_param_counts(16, 12, 4)
    assert block.count_params() == sum(wd.dense_block_param_counts(16, 12, 4))


def test_dense_block_without_bottleneck_counts_bn_and_one_3x3_conv():
    block = wd.DenseBlock(3, growth_rate=5, bottleneck=None)
    block.build((None, 4, 4, 7))
    assert block.layer_param_counts() == wd.dense_block_param_counts(
        7, 5, 3, bottleneck=None
    )
    assert wd.dense_block_param_counts(7, 5, 1, bottleneck=None) == [4 * 7 + 9 * 7 * 5]
    # None is "no bottleneck" (documented): each layer is BN -> ReLU -> Conv 3x3, no 1x1
    # conv
    kinds = [[type(lay).__name__ for lay in parts] for parts in block.composite]
    assert kinds == [["BatchNormalization", "ReLU", "Conv2D"]] * 3
    assert [parts[-1].kernel_size for parts in block.composite] == [(3, 3)] * 3
    with_bottleneck = wd.DenseBlock(1, growth_rate=5)
    assert [lay.kernel_size for lay in with_bottleneck.composite[0][2::3]] == [
        (1, 1),
        (3, 3),
    ]


def test_dense_block_refuses_a_bottleneck_that_is_not_a_positive_int():
    for bad in (0, 2.5, "4", True):
        with pytest.raises(
            ValueError, match="DenseBlock: bottleneck must be a positive int"
        ):
            wd.DenseBlock(2, bottleneck=bad)
    with pytest.raises(ValueError, match="bottleneck must be a positive int; got 0"):
        wd.dense_block_param_counts(4, 2, 2, bottleneck=0)


def test_dense_block_backward_matches_central_differences():
    block = wd.DenseBlock(2, growth_rate=2, bottleneck=2)
    block.build((None, 4, 4, 3))
    rng = np.random.default_rng(0)
    for key, p in block.params.items():  # random betas keep the ReLUs off their kinks
        if key.endswith("beta"):
            p[...] = 0.3 * rng.normal(size=p.shape)
    errors = gradcheck.check_layer(block, rng.normal(size=(2, 4, 4, 3)))
    assert max(errors.values()) < 1e-6


def test_dense_block_rejects_inputs_that_are_not_maps():
    with pytest.raises(ValueError, match=r"input_shape must be \(N, H, W, C\)"):
        wd.DenseBlock(2).build((None, 8))


def test_densenet121_first_block_counts_as_keras_does(keras):
    with keras.StatelessScope(initialize_variables=False):
        model = keras.applications.DenseNet121(weights=None)
    counts = [0] * 6
    for layer in model.layers:
        if layer.name.startswith("conv2_block"):
            counts[int(layer.name.split("_")[1][5:]) - 1] += sum(
                int(np.prod(w.shape)) for w in layer.weights
            )
    assert counts == wd.dense_block_param_counts(64, 32, 6)
    assert model.get_layer("conv2_block6_concat").output.shape[-1] == 256


def test_dense_block_computes_what_a_keras_dense_block_computes(keras):
    ours = wd.DenseBlock(2, growth_rate=3, bottleneck=2)
    ours.build((None, 5, 5, 4))
    rng = np.random.default_rng(0)
    inputs = keras.Input((5, 5, 4))
    h = inputs
    for parts in ours.composite:
        new = h
        for layer in parts:
            if isinstance(layer, layers.BatchNormalization):
                new = keras.layers.BatchNormalization(epsilon=layer.epsilon)(new)
                mean, var = (
                    rng.normal(size=layer.moving_mean.shape),
                    rng.uniform(0.5, 2, layer.moving_mean.shape),
                )
                layer.set_weights(
                    [
                        rng.normal(size=mean.shape),
                        rng.normal(size=mean.shape),
                        mean,
                        var,
                    ]
                )
            elif isinstance(layer, layers.ReLU):
                new = keras.layers.ReLU()(new)
            else:
                new = keras.layers.Conv2D(layer.filters, layer.kernel_size,
                                          padding=layer.padding,
                                          use_bias=False)(new)  # fmt: skip
        h = keras.layers.Concatenate()([h, new])
    model = keras.Model(inputs, h)
    theirs = [lay for lay in model.layers if lay.weights]
    mine = [lay for parts in ours.composite for lay in parts if lay.get_weights()]
    for k_layer, our_layer in zip(theirs, mine, strict=True):
        k_layer.set_weights(our_layer.get_weights())
    x = rng.normal(size=(2, 5, 5, 4)).astype("float32")
    np.testing.assert_allclose(
        model(x, training=False), ours.forward(x), rtol=1e-4, atol=1e-4
    )
