"""Our NumPy layers, losses, optimizers and schedules against Keras/TensorFlow with the
same numbers.

These tests import TensorFlow (a few seconds); the library itself never does.
"""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

tf = pytest.importorskip("tensorflow")
keras = pytest.importorskip("keras")

from deepstep.nn import Sequential, initializers, losses, optimizers, schedules  # noqa: E402
from deepstep.nn.layers import Dense, Input  # noqa: E402

rng = np.random.default_rng(42)


@pytest.fixture(autouse=True, scope="module")
def keras_in_float64():
    # Keras losses compute in floatx (float32 by default); compare in float64
    # throughout.
    before = keras.config.floatx()
    keras.config.set_floatx("float64")
    yield
    keras.config.set_floatx(before)


ATOL = 1e-12  # float64 on both sides: only summation order differs


@pytest.mark.parametrize("activation", [None, "sigmoid", "tanh", "relu", "softmax"])
def test_dense_forward_and_gradients_match_keras(activation):
    x = rng.normal(size=(5, 4))
    ours = Dense(3, activation=activation)
    ours.build((None, 4))
    theirs = keras.layers.Dense(3, activation=activation, dtype="float64")
    theirs.build((None, 4))
    theirs.set_weights(ours.get_weights())  # same layout, no transposes

    upstream = rng.normal(size=(5, 3))
    x_tf = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(x_tf)
        out_tf = theirs(x_tf)
        scalar = tf.reduce_sum(out_tf * upstream)
    dx_tf, dk_tf, db_tf = tape.gradient(scalar, [x_tf, theirs.kernel, theirs.bias])

    out = ours(x)
    dx = ours.backward(upstream)
    np.testing.assert_allclose(out, out_tf.numpy(), atol=ATOL)
    np.testing.assert_allclose(dx, dx_tf.numpy(), atol=ATOL)
    np.testing.assert_allclose(ours.grads["kernel"], dk_tf.numpy(), atol=ATOL)
    np.testing.assert_allclose(ours.grads["bias"], db_tf.numpy(), atol=ATOL)


def test_weights_move_both_ways_and_give_identical_model_outputs():
    x = rng.normal(size=(6, 3))
    theirs = keras.Sequential(
        [
            keras.Input((3,), dtype="float64"),
            keras.layers.Dense(4, activation="relu", dtype="float64"),
            keras.layers.Dense(2, activation="softmax", dtype="float64"),
        ]
    )
    ours = Sequential(
        [Input((3,)), Dense(4, activation="relu"), Dense(2, activation="softmax")]
    )
    ours.set_weights(theirs.get_weights())
    np.testing.assert_allclose(ours.predict(x), theirs(x).numpy(), atol=ATOL)
    initializers.set_random_seed(5)
    fresh = Sequential(
        [Input((3,)), Dense(4, activation="relu"), Dense(2, activation="softmax")]
    )
    theirs.set_weights(fresh.get_weights())
    np.testing.assert_allclose(fresh.predict(x), theirs(x).numpy(), atol=ATOL)


LOSS_PAIRS = [
    (losses.MeanSquaredError(), "MeanSquaredError", {}, "regression"),
    (losses.MeanAbsoluteError(), "MeanAbsoluteError", {}, "regression"),
    (losses.Hinge(), "Hinge", {}, "binary"),
    (losses.BinaryCrossentropy(), "BinaryCrossentropy", {}, "binary_prob"),
    (
        losses.BinaryCrossentropy(True),
        "BinaryCrossentropy",
        {"from_logits": True},
        "binary_logit",
    ),
    (
        losses.CategoricalCrossentropy(),
        "CategoricalCrossentropy",
        {},
        "categorical_prob",
    ),
    (
        losses.CategoricalCrossentropy(True),
        "CategoricalCrossentropy",
        {"from_logits": True},
        "categorical_logit",
    ),
]


def _loss_data(kind):
    z = rng.normal(size=(6, 3))
    if kind == "regression":
        return rng.normal(size=(6, 3)), z
    if kind.startswith("binary"):
        y = rng.integers(0, 2, size=(6, 3)).astype(float)
        return y, (1 / (1 + np.exp(-z)) if kind == "binary_prob" else z)
    y = np.eye(3)[rng.integers(0, 3, size=6)]
    return y, (
        np.exp(z) / np.exp(z).sum(1, keepdims=True) if kind == "categorical_prob" else z
    )


@pytest.mark.parametrize(
    "ours, keras_name, kwargs, kind",
    LOSS_PAIRS,
    ids=[p[3] + "-" + p[1] for p in LOSS_PAIRS],
)
def test_loss_values_and_gradients_match_keras(ours, keras_name, kwargs, kind):
    theirs = getattr(keras.losses, keras_name)(**kwargs, dtype="float64")
    y, p = _loss_data(kind)
    p_tf = tf.Variable(p)
    with tf.GradientTape() as tape:
        value = theirs(tf.constant(y), p_tf)
    grad = tape.gradient(value, p_tf).numpy()
    assert ours(y, p) == pytest.approx(float(value), rel=1e-10)
    np.testing.assert_allclose(ours.gradient(y, p), grad, rtol=1e-8, atol=1e-12)


def _pairs():
    # Keras casts Python-float hyperparameters (momentum, beta_1, the initial
    # accumulator) through float32, so 0.9 becomes 0.89999997615814. Values exactly
    # representable in float32 (0.875, 2**-7, ...) make the float64 comparison exact.
    lr_exp = (
        schedules.ExponentialDecay(0.125, decay_steps=3, decay_rate=0.5),
        keras.optimizers.schedules.ExponentialDecay(
            0.125, decay_steps=3, decay_rate=0.5
        ),
    )
    lr_inv = (
        schedules.InverseTimeDecay(0.125, decay_steps=1, decay_rate=0.25),
        keras.optimizers.schedules.InverseTimeDecay(
            0.125, decay_steps=1, decay_rate=0.25
        ),
    )
    K = keras.optimizers
    small = 2.0**-7
    betas = {"beta_1": 0.875, "beta_2": 1 - 2.0**-10}
    return {
        "sgd": (optimizers.SGD(0.125), K.SGD(0.125)),
        "sgd_momentum": (
            optimizers.SGD(0.125, momentum=0.875),
            K.SGD(0.125, momentum=0.875),
        ),
        "sgd_nesterov": (
            optimizers.SGD(0.125, momentum=0.875, nesterov=True),
            K.SGD(0.125, momentum=0.875, nesterov=True),
        ),
        "sgd_weight_decay": (
            optimizers.SGD(0.125, momentum=0.5, weight_decay=2.0**-6),
            K.SGD(0.125, momentum=0.5, weight_decay=2.0**-6),
        ),
        "sgd_exponential_decay": (optimizers.SGD(lr_exp[0]), K.SGD(lr_exp[1])),
        "sgd_inverse_time_decay": (
            optimizers.SGD(lr_inv[0], momentum=0.875),
            K.SGD(lr_inv[1], momentum=0.875),
        ),
        "adagrad": (
            optimizers.Adagrad(0.125, initial_accumulator_value=0.125),
            K.Adagrad(0.125, initial_accumulator_value=0.125),
        ),
        "rmsprop": (optimizers.RMSprop(small, rho=0.875), K.RMSprop(small, rho=0.875)),
        "rmsprop_momentum_centered": (
            optimizers.RMSprop(small, rho=0.875, momentum=0.75, centered=True),
            K.RMSprop(small, rho=0.875, momentum=0.75, centered=True),
        ),
        "adadelta": (optimizers.Adadelta(1.0, rho=0.875), K.Adadelta(1.0, rho=0.875)),
        "adam": (optimizers.Adam(small, **betas), K.Adam(small, **betas)),
        "adam_amsgrad_weight_decay": (
            optimizers.Adam(small, amsgrad=True, weight_decay=2.0**-4, **betas),
            K.Adam(small, amsgrad=True, weight_decay=2.0**-4, **betas),
        ),
    }


@pytest.mark.parametrize("name", list(_pairs()))
def test_first_ten_updates_match_keras(name):
    ours, theirs = _pairs()[name]
    # Keras evaluates schedules in float32 whatever floatx says; elsewhere float64 is
    # exact.
    float32_schedule = "decay" in name and "weight" not in name
    rtol, atol = (1e-6, 1e-7) if float32_schedule else (1e-10, 1e-12)
    w0 = [rng.normal(size=(3, 2)), rng.normal(size=(2,))]
    ours_w = [w.copy() for w in w0]
    theirs_w = [keras.Variable(w, dtype="float64") for w in w0]
    for _ in range(10):
        grads = [rng.normal(size=w.shape) for w in w0]
        ours.apply_gradients(zip(grads, ours_w, strict=True))
        theirs.apply_gradients(
            zip([tf.constant(g) for g in grads], theirs_w, strict=True)
        )
        for a, b in zip(ours_w, theirs_w, strict=True):
            np.testing.assert_allclose(a, b.numpy(), rtol=rtol, atol=atol)
    assert ours.iterations == int(theirs.iterations) == 10


def test_default_arguments_match_keras():
    K = keras.optimizers
    for ours, theirs in [
        (optimizers.SGD(), K.SGD()),
        (optimizers.Adagrad(), K.Adagrad()),
        (optimizers.RMSprop(), K.RMSprop()),
        (optimizers.Adadelta(), K.Adadelta()),
        (optimizers.Adam(), K.Adam()),
    ]:
        config = theirs.get_config()
        for key in (
            "momentum",
            "nesterov",
            "rho",
            "epsilon",
            "beta_1",
            "beta_2",
            "centered",
        ):
            if key in config:
                assert getattr(ours, key) == pytest.approx(config[key]), (
                    type(ours),
                    key,
                )
        assert ours.learning_rate == pytest.approx(config["learning_rate"])
        if "initial_accumulator_value" in config:
            assert ours.initial_accumulator_value == config["initial_accumulator_value"]


@pytest.mark.parametrize("staircase", [False, True])
def test_schedules_match_keras(staircase):
    K = keras.optimizers.schedules
    for ours, theirs in [
        (
            schedules.ExponentialDecay(0.1, 4, 0.5, staircase=staircase),
            K.ExponentialDecay(0.1, 4, 0.5, staircase=staircase),
        ),
        (
            schedules.InverseTimeDecay(0.1, 2, 0.3, staircase=staircase),
            K.InverseTimeDecay(0.1, 2, 0.3, staircase=staircase),
        ),
    ]:
        for step in range(12):
            assert ours(step) == pytest.approx(float(theirs(step)), rel=1e-6)
