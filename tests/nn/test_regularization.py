"""Dropout and BatchNormalization: statistics, hand formulas, central differences,
Keras."""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from deepstep.nn import Sequential, gradcheck, initializers, optimizers  # noqa: E402
from deepstep.nn.layers import BatchNormalization, Dense, Dropout, Input  # noqa: E402


@pytest.fixture(autouse=True)
def seed():
    initializers.set_random_seed(0)


# -- Dropout: statistics ---------------------------------------------------------------
@pytest.mark.parametrize("rate", [0.1, 0.5, 0.8])
@pytest.mark.parametrize("convention", ["inverted", "slides"])
def test_dropout_zeroes_a_fraction_rate_of_values(rate, convention):
    x = np.ones(
        (400, 250)
    )  # 100,000 draws: the fraction's standard error is below 0.0016
    out = Dropout(rate, seed=1, convention=convention)(x, training=True)
    dropped = np.mean(out == 0)
    assert abs(dropped - rate) < 5 * np.sqrt(rate * (1 - rate) / x.size)


@pytest.mark.parametrize("rate", [0.2, 0.5, 0.75])
def test_inverted_dropout_scales_survivors_and_keeps_the_expectation(rate):
    x = np.random.default_rng(0).uniform(0.5, 2.0, size=(1, 8)).repeat(50_000, axis=0)
    out = Dropout(rate, seed=2)(x, training=True)
    kept = out != 0
    np.testing.assert_allclose(out[kept], x[kept] / (1 - rate), rtol=1e-15)
    # The column means estimate E[output]; 50,000 samples give a few tenths of a
    # percent.
    np.testing.assert_allclose(out.mean(axis=0), x[0], rtol=0.03)


@pytest.mark.parametrize("rate", [0.2, 0.5])
def test_slides_dropout_trains_unscaled_and_scales_by_keep_probability_at_test(rate):
    x = np.random.default_rng(1).uniform(0.5, 2.0, size=(1, 6)).repeat(50_000, axis=0)
    layer = Dropout(rate, seed=3, convention="slides")
    out = layer(x, training=True)
    kept = out != 0
    np.testing.assert_array_equal(out[kept], x[kept])
    test_time = layer(x[:1], training=False)
    np.testing.assert_allclose(test_time, (1 - rate) * x[:1], rtol=1e-15)
    np.testing.assert_allclose(out.mean(axis=0), test_time[0], rtol=0.03)


def test_inverted_dropout_is_the_identity_at_inference_and_at_rate_zero():
    x = np.random.default_rng(2).normal(size=(5, 7))
    np.testing.assert_array_equal(Dropout(0.5, seed=0)(x, training=False), x)
    np.testing.assert_array_equal(Dropout(0.0, seed=0)(x, training=True), x)
    np.testing.assert_array_equal(
        Dropout(0.0, convention="slides")(x, training=False), x
    )


def test_slides_test_time_scaling_equals_scaling_the_next_layers_weights():
    x = np.random.default_rng(3).normal(size=(4, 3))
    dense = Dense(2)
    dense.build((None, 3))
    kernel, bias = dense.get_weights()
    through_dropout = dense(Dropout(0.5, convention="slides")(x, training=False))
    np.testing.assert_allclose(through_dropout, x @ (0.5 * kernel) + bias, atol=1e-15)


def test_dropout_masks_repeat_under_a_seed_and_differ_between_seeds():
    x = np.ones((20, 30))
    a = Dropout(0.5, seed=7)(x, training=True)
    b = Dropout(0.5, seed=7)(x, training=True)
    c = Dropout(0.5, seed=8)(x, training=True)
    np.testing.assert_array_equal(a, b)
    assert np.any(a != c)
    layer = Dropout(0.5, seed=7)
    first, second = layer(x, training=True), layer(x, training=True)
    assert np.any(first != second)  # a new mask for every batch


def test_dropout_keeps_float32():
    x = np.ones((3, 4), dtype=np.float32)
    for convention in ("inverted", "slides"):
        layer = Dropout(0.3, seed=0, convention=convention)
        assert layer(x, training=True).dtype == np.float32
        assert layer(x, training=False).dtype == np.float32
        assert layer.backward(np.ones_like(x)).dtype == np.float32


@pytest.mark.parametrize("convention", ["inverted", "slides"])
@pytest.mark.parametrize("training", [True, False])
def test_dropout_backward_matches_central_differences(convention, training):
    x = np.random.default_rng(4).normal(size=(3, 5))
    G = np.random.default_rng(5).normal(size=(3, 5))

    def loss(_):  # a fresh layer with the same seed draws the same mask every time
        return float(
            np.sum(Dropout(0.4, seed=11, convention=convention)(x, training) * G)
        )

    layer = Dropout(0.4, seed=11, convention=convention)
    layer(x, training)
    analytic = layer.backward(G)
    numeric = gradcheck.numerical_gradient(loss, x)
    assert gradcheck.relative_error(analytic, numeric) < 1e-8


@pytest.mark.parametrize("rate", [-0.1, 1.0, 1.5, float("nan"), float("inf")])
def test_dropout_rejects_rates_outside_zero_to_one(rate):
    with pytest.raises(ValueError, match="Dropout: rate"):
        Dropout(rate)


def test_dropout_rejects_bad_arguments_with_clear_errors():
    with pytest.raises(TypeError, match="rate must be a number"):
        Dropout("0.5")
    with pytest.raises(ValueError, match="convention must be one of"):
        Dropout(0.5, convention="keras")
    with pytest.raises(ValueError, match="seed"):
        Dropout(0.5, seed=-1)
    layer = Dropout(0.5)
    with pytest.raises(RuntimeError, match="forward"):
        layer.backward(np.ones((2, 2)))


def test_dropout_is_active_in_fit_and_off_in_predict():
    initializers.set_random_seed(1)
    model = Sequential(
        [Input((4,)), Dense(8, activation="relu"), Dropout(0.5, seed=0), Dense(1)]
    )
    model.compile(optimizer=optimizers.SGD(1e-12), loss="mse")  # weights barely move
    x = np.random.default_rng(6).normal(size=(16, 4))
    y = np.zeros((16, 1))
    fit_loss = model.fit(
        x, y, epochs=1, batch_size=16, shuffle=False, verbose=0
    ).history["loss"]
    np.testing.assert_array_equal(model.predict(x), model.predict(x))
    assert fit_loss[0] != pytest.approx(model.evaluate(x, y), rel=1e-6)
    assert model.count_params() == 4 * 8 + 8 + 8 + 1


# -- BatchNormalization: formulas ------------------------------------------------------
def test_batch_norm_training_output_has_beta_mean_and_gamma_spread():
    x = np.random.default_rng(7).normal(3.0, 2.0, size=(64, 3))
    bn = BatchNormalization()
    bn.build((None, 3))
    gamma, beta = np.array([1.0, 2.0, 0.5]), np.array([0.0, -1.0, 4.0])
    bn.set_weights([gamma, beta, np.zeros(3), np.ones(3)])
    out = bn(x, training=True)
    var = x.var(axis=0)
    np.testing.assert_allclose(out.mean(axis=0), beta, atol=1e-12)
    np.testing.assert_allclose(
        out.std(axis=0), gamma * np.sqrt(var / (var + 1e-3)), rtol=1e-12
    )


def test_batch_norm_moving_statistics_follow_the_momentum_formula():
    rng = np.random.default_rng(8)
    bn = BatchNormalization(momentum=0.9)
    batches = [rng.normal(5.0, 3.0, size=(10, 2)) for _ in range(3)]
    mean, var = np.zeros(2), np.ones(2)
    for b in batches:
        bn(b, training=True)
        mean = 0.9 * mean + 0.1 * b.mean(axis=0)
        var = 0.9 * var + 0.1 * b.var(axis=0)  # biased (ddof=0), as Keras does
    np.testing.assert_allclose(bn.moving_mean, mean, rtol=1e-14)
    np.testing.assert_allclose(bn.moving_variance, var, rtol=1e-14)
    x = rng.normal(size=(4, 2))
    np.testing.assert_allclose(bn(x), (x - mean) / np.sqrt(var + 1e-3), atol=1e-14)
    np.testing.assert_allclose(
        bn.moving_mean, mean, rtol=1e-14
    )  # inference changes nothing


def test_batch_norm_weights_are_in_keras_order_and_only_gamma_beta_train():
    bn = BatchNormalization()
    bn.build((None, 5))
    names = list(bn.params)
    assert names == ["gamma", "beta"]
    gamma, beta, moving_mean, moving_variance = bn.get_weights()
    np.testing.assert_array_equal(gamma, np.ones(5))
    np.testing.assert_array_equal(beta, np.zeros(5))
    np.testing.assert_array_equal(moving_mean, np.zeros(5))
    np.testing.assert_array_equal(moving_variance, np.ones(5))
    assert bn.count_params() == 20
    no_scale = BatchNormalization(scale=False)
    no_scale.build((None, 5))
    assert list(no_scale.params) == ["beta"] and len(no_scale.get_weights()) == 3


def test_batch_norm_set_weights_writes_in_place_and_checks_counts_and_shapes():
    bn = BatchNormalization()
    bn.build((None, 2))
    gamma_ref = bn.params["gamma"]
    bn.set_weights([[2.0, 3.0], [1.0, 1.0], [0.5, 0.5], [4.0, 4.0]])
    assert bn.params["gamma"] is gamma_ref and gamma_ref[1] == 3.0
    np.testing.assert_array_equal(bn.moving_variance, [4.0, 4.0])
    with pytest.raises(ValueError, match="expected 4 arrays"):
        bn.set_weights([np.ones(2), np.zeros(2)])
    with pytest.raises(ValueError, match="moving_mean must have shape"):
        bn.set_weights([np.ones(2), np.zeros(2), np.zeros(3), np.ones(2)])
    with pytest.raises(ValueError, match="moving_variance must be >= 0"):
        bn.set_weights([np.ones(2), np.zeros(2), np.zeros(2), [-1.0, 1.0]])
    np.testing.assert_array_equal(
        bn.moving_variance, [4.0, 4.0]
    )  # a failed call writes nothing


def test_optimizers_do_not_touch_the_moving_statistics():
    model = Sequential(
        [Input((3,)), Dense(4, use_bias=False), BatchNormalization(), Dense(1)]
    )
    model.compile(optimizer=optimizers.SGD(0.1, weight_decay=0.5), loss="mse")
    bn = model.layers[1]
    assert not any(
        w is bn.moving_mean or w is bn.moving_variance for w in model.trainable_weights
    )
    x = np.random.default_rng(9).normal(size=(8, 3))
    hidden = model.layers[0](x)
    model.train_step(x, np.ones((8, 1)))
    np.testing.assert_allclose(bn.moving_mean, 0.01 * hidden.mean(axis=0), rtol=1e-12)
    np.testing.assert_allclose(
        bn.moving_variance, 0.99 + 0.01 * hidden.var(axis=0), rtol=1e-12
    )
    assert len(model.get_weights()) == 1 + 4 + 2


@pytest.mark.parametrize("axis", [-1, 1, 2, 3, -3])
@settings(max_examples=8, deadline=None)
@given(seed=st.integers(0, 999), n=st.integers(2, 4))
def test_batch_norm_training_backward_matches_central_differences(axis, seed, n):
    rng = np.random.default_rng(seed)
    x = rng.normal(1.0, 2.0, size=(n, 3, 2, 2))
    G = rng.normal(size=x.shape)
    bn = BatchNormalization(axis=axis)
    bn.build((None, 3, 2, 2))
    c = x.shape[axis]
    bn.set_weights(
        [rng.uniform(0.5, 2, c), rng.normal(size=c), np.zeros(c), np.ones(c)]
    )

    def loss(_):
        return float(np.sum(bn.forward(x, training=True) * G))

    bn.forward(x, training=True)
    dx = bn.backward(G)
    analytic = {
        "x": dx,
        "gamma": bn.grads["gamma"].copy(),
        "beta": bn.grads["beta"].copy(),
    }
    numeric = {
        "x": gradcheck.numerical_gradient(loss, x),
        "gamma": gradcheck.numerical_gradient(loss, bn.params["gamma"]),
        "beta": gradcheck.numerical_gradient(loss, bn.params["beta"]),
    }
    for key in analytic:
        # BN's input gradient sums to zero per feature, so some entries sit near zero,
        # where a relative error means nothing; an absolute floor of 1e-9 covers them.
        np.testing.assert_allclose(
            analytic[key], numeric[key], rtol=1e-6, atol=1e-9, err_msg=key
        )


@pytest.mark.parametrize("center, scale", [(True, True), (False, True), (True, False)])
def test_batch_norm_inference_backward_matches_central_differences(center, scale):
    bn = BatchNormalization(center=center, scale=scale)
    bn.build((None, 4))
    rng = np.random.default_rng(10)
    bn.moving_mean[...] = rng.normal(size=4)
    bn.moving_variance[...] = rng.uniform(0.5, 2, size=4)
    for p in bn.params.values():
        p[...] = rng.normal(size=4)
    errors = gradcheck.check_layer(bn, rng.normal(size=(5, 4)))
    assert max(errors.values()) < 1e-7, errors


def test_batch_norm_keeps_float32():
    bn = BatchNormalization()
    x = np.random.default_rng(11).normal(size=(6, 3)).astype(np.float32)
    for training in (True, False):
        out = bn(x, training=training)
        assert out.dtype == np.float32
        assert bn.backward(np.ones_like(out)).dtype == np.float32


@pytest.mark.parametrize(
    "axis, shape", [(0, (None, 3)), (2, (None, 3)), (-3, (None, 3))]
)
def test_batch_norm_rejects_the_batch_axis_and_axes_out_of_range(axis, shape):
    with pytest.raises(ValueError, match="axis"):
        BatchNormalization(axis=axis).build(shape)


@pytest.mark.parametrize("axis", ["channels", 1.5, True, None])
def test_batch_norm_rejects_axes_that_are_not_ints(axis):
    with pytest.raises(ValueError, match="axis must be an int"):
        BatchNormalization(axis=axis)


def test_batch_norm_rejects_bad_hyperparameters():
    with pytest.raises(ValueError, match="momentum"):
        BatchNormalization(momentum=1.5)
    with pytest.raises(ValueError, match="epsilon"):
        BatchNormalization(epsilon=0.0)


# -- against Keras ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def tf_keras():
    tf = pytest.importorskip("tensorflow")
    keras = pytest.importorskip("keras")
    return tf, keras


@pytest.mark.parametrize(
    "shape, axis, center, scale",
    [
        ((6, 4), -1, True, True),
        ((3, 5, 5, 2), -1, True, True),
        ((3, 4, 5, 2), 1, True, True),
        ((5, 3), -1, False, True),
        ((5, 3), -1, True, False),
    ],
)
def test_batch_norm_matches_keras_in_training_and_inference(
    tf_keras, shape, axis, center, scale
):
    tf, keras = tf_keras
    rng = np.random.default_rng(12)
    ours = BatchNormalization(axis=axis, momentum=0.8, center=center, scale=scale)
    theirs = keras.layers.BatchNormalization(
        axis=axis, momentum=0.8, center=center, scale=scale, dtype="float64"
    )
    ours.build((None, *shape[1:]))
    theirs.build((None, *shape[1:]))
    c = shape[axis]
    start = [rng.uniform(0.5, 2, c)] * scale + [rng.normal(size=c)] * center
    start += [rng.normal(size=c), rng.uniform(0.5, 2, c)]
    theirs.set_weights(start)
    ours.set_weights(start)
    trainable = [
        getattr(theirs, k)
        for k in ("gamma", "beta")
        if getattr(theirs, k, None) is not None
    ]
    for _ in range(3):
        for training in (True, False):
            x = rng.normal(2.0, 3.0, size=shape)
            G = rng.normal(size=shape)
            x_tf = tf.constant(x)
            with tf.GradientTape() as tape:
                tape.watch(x_tf)
                out_tf = theirs(x_tf, training=training)
                scalar = tf.reduce_sum(out_tf * G)
            dx_tf, *dparams_tf = tape.gradient(scalar, [x_tf, *trainable])
            out = ours(x, training=training)
            dx = ours.backward(G)
            np.testing.assert_allclose(out, out_tf.numpy(), atol=1e-12)
            np.testing.assert_allclose(dx, dx_tf.numpy(), atol=1e-12)
            for ours_grad, theirs_grad in zip(
                ours.grads.values(), dparams_tf, strict=True
            ):
                np.testing.assert_allclose(ours_grad, theirs_grad.numpy(), atol=1e-12)
            for a, b in zip(ours.get_weights(), theirs.get_weights(), strict=True):
                np.testing.assert_allclose(a, b, rtol=1e-13)


def test_batch_norm_defaults_and_weight_names_match_keras(tf_keras):
    _, keras = tf_keras
    theirs = keras.layers.BatchNormalization()
    theirs.build((None, 3))
    ours = BatchNormalization()
    assert (ours.axis, ours.momentum, ours.epsilon, ours.center, ours.scale) == (
        theirs.axis,
        theirs.momentum,
        theirs.epsilon,
        theirs.center,
        theirs.scale,
    )
    keras_names = [w.path.split("/")[-1] for w in theirs.weights]
    assert keras_names == ["gamma", "beta", "moving_mean", "moving_variance"]
    assert theirs.count_params() == 12
    ours.build((None, 3))
    assert ours.count_params() == 12


def test_inverted_dropout_scales_like_keras(tf_keras):
    _, keras = tf_keras
    x = np.random.default_rng(13).uniform(1, 2, size=(200, 50))
    theirs = keras.layers.Dropout(0.3, seed=0, dtype="float64")
    out_keras = np.asarray(theirs(x, training=True))
    out_ours = Dropout(0.3, seed=0)(x, training=True)
    for out in (out_keras, out_ours):
        kept = out != 0
        np.testing.assert_allclose(out[kept], x[kept] / 0.7, rtol=1e-12)
        assert abs(np.mean(~kept) - 0.3) < 0.01
    np.testing.assert_array_equal(np.asarray(theirs(x, training=False)), x)
