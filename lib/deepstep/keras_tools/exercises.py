"""Exercises of notebook 11 (Keras basics): a training step written with
tf.GradientTape, and the slide's MLP predicted by hand from its Keras weights.

This is the one exercise module that imports Keras, so it lives in ``keras_tools``,
outside ``deepstep.exercises``, whose catalog must import without TensorFlow. The
notebook imports it as ``from deepstep.keras_tools import exercises as keras_exercises``
and calls ``keras_exercises.check_train_step(train_step)`` and
``keras_exercises.check_mlp_predict(mlp_predict)``.

- ``train_step(model, optimizer, x, y)``: one update of notebook 04's loop (forward,
  loss, gradients, step) in TensorFlow; returns ``model.get_weights()`` after the step.
  The reference is Keras's own step, ``model.train_on_batch`` with the same optimizer
  and loss (mean squared error) on a model built from the same seed.
- ``mlp_predict(weights, x)``: the probabilities of a Dense-ReLU-Dense-softmax network
  from ``model.get_weights()``, in NumPy; the reference is ``deepstep.nn.Sequential``.
"""

from __future__ import annotations

import numpy as np

from ..exercises.feedback import Case, Exercise, KnownMistake
from ..nn import layers, models
from .backend import keras, tf

#: float32 arithmetic in two orders (ours and Keras's compiled step) differs near 1e-7.
KERAS_RTOL = 1e-5


# -- a training step with GradientTape -------------------------------------------------
def _train_step_reference(model, optimizer, x, y):
    model.compile(optimizer=optimizer, loss="mse", run_eagerly=True)
    model.train_on_batch(x, y)
    return model.get_weights()


def _train_step_case(label, seed, sizes, n, optimizer="sgd"):
    def make():
        keras.utils.set_random_seed(seed)
        model = keras.Sequential(
            [keras.Input(shape=(sizes[0],))]
            + [keras.layers.Dense(s, activation="relu") for s in sizes[1:-1]]
            + [keras.layers.Dense(sizes[-1])]
        )
        rng = np.random.default_rng(seed)
        x = rng.normal(size=(n, sizes[0])).astype("float32")
        y = rng.normal(-1.0, 1.0, size=(n, sizes[-1])).astype("float32")
        if optimizer == "adam":
            opt = keras.optimizers.Adam(learning_rate=0.01)
        else:
            opt = keras.optimizers.SGD(learning_rate=0.1)
        return (model, opt, x, y), {}

    return Case(label, make=make)


def _train_step_cases() -> list[Case]:
    return [
        _train_step_case("linear regression, 3 inputs, batch of 8, SGD", 0, (3, 1), 8),
        _train_step_case("MLP 4-5-2, batch of 6, SGD", 1, (4, 5, 2), 6),
        _train_step_case("batch of 1", 2, (2, 3, 1), 1),
        _train_step_case("MLP 3-4-2 with Adam", 3, (3, 4, 2), 5, optimizer="adam"),
    ]


def _gradients(model, x, y, per_sample=False):
    with tf.GradientTape() as tape:
        prediction = model(x, training=True)
        if per_sample:  # the loss of every sample: tape.gradient adds them up
            loss = keras.losses.mean_squared_error(y, prediction)
        else:
            loss = keras.losses.MeanSquaredError()(y, prediction)
    return tape.gradient(loss, model.trainable_variables)


def _step_uphill(model, optimizer, x, y):
    grads = _gradients(model, x, y)
    optimizer.apply([-g for g in grads], model.trainable_variables)
    return model.get_weights()


def _step_summed_loss(model, optimizer, x, y):
    optimizer.apply(_gradients(model, x, y, per_sample=True), model.trainable_variables)
    return model.get_weights()


def _step_never_applied(model, optimizer, x, y):
    _gradients(model, x, y)
    return model.get_weights()


TRAIN_STEP = Exercise(
    name="train_step",
    notebook="11_keras_basics",
    reference=_train_step_reference,
    compares="model.train_on_batch (loss mse, same seed)",
    cases=_train_step_cases,
    mistakes=(
        KnownMistake(
            _step_uphill,
            "your weights move uphill: the step goes against the gradient. Hand the "
            "gradients to optimizer.apply as they are; it subtracts them itself.",
        ),
        KnownMistake(
            _step_summed_loss,
            "your step is batch-size times too large: the loss is one value per "
            "sample, and tape.gradient adds them up. Average it: "
            "keras.losses.MeanSquaredError()(y, prediction), or ops.mean of the "
            "per-sample losses.",
        ),
        KnownMistake(
            _step_never_applied,
            "the weights have not changed: you compute the gradients but never apply "
            "them. End with optimizer.apply(grads, model.trainable_variables).",
        ),
    ),
    rtol=KERAS_RTOL,
)


# -- the slide's MLP by hand -----------------------------------------------------------
def _mlp_predict_reference(weights, x):
    kernel, _, out_kernel, _ = weights
    net = models.Sequential(
        [
            layers.Input(shape=(kernel.shape[0],)),
            layers.Dense(kernel.shape[1], activation="relu"),
            layers.Dense(out_kernel.shape[1], activation="softmax"),
        ]
    )
    net.set_weights(weights)
    return net.predict(x)


def _mlp_predict_cases() -> list[Case]:
    rng = np.random.default_rng(10)

    def weights(f, h, k):
        return [rng.normal(0, 0.5, size=(f, h)), rng.normal(0, 0.5, size=h),
                rng.normal(0, 0.5, size=(h, k)),
                rng.normal(0, 0.5, size=k)]  # fmt: skip

    return [
        Case(
            "the slide's 20-64-10 MLP, 5 rows",
            (weights(20, 64, 10), rng.random((5, 20))),
        ),
        Case("one row", (weights(20, 64, 10), rng.random((1, 20)))),
        Case(
            "3-4-2, negative inputs",
            (weights(3, 4, 2), -rng.uniform(1, 2, size=(6, 3))),
        ),
        Case(
            "large logits",
            ([w * 10 for w in weights(4, 8, 3)], rng.normal(size=(3, 4))),
        ),
    ]


def _softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _mlp_no_softmax(weights, x):
    kernel, bias, out_kernel, out_bias = weights
    return np.maximum(x @ kernel + bias, 0) @ out_kernel + out_bias


def _mlp_dropout_at_inference(weights, x):
    kernel, bias, out_kernel, out_bias = weights
    hidden = (
        np.maximum(x @ kernel + bias, 0) * 0.5
    )  # the slide's Dropout(0.5), wrongly kept
    return _softmax(hidden @ out_kernel + out_bias)


def _mlp_no_biases(weights, x):
    kernel, _, out_kernel, _ = weights
    return _softmax(np.maximum(x @ kernel, 0) @ out_kernel)


MLP_PREDICT = Exercise(
    name="mlp_predict",
    notebook="11_keras_basics",
    reference=_mlp_predict_reference,
    compares="deepstep's Sequential with the same weights",
    cases=_mlp_predict_cases,
    mistakes=(
        KnownMistake(
            _mlp_no_softmax,
            "you return the last layer's scores (logits). The model ends in softmax: "
            "exp, then divide each row by its sum, so every row adds up to 1.",
        ),
        KnownMistake(
            _mlp_dropout_at_inference,
            "you scale the hidden layer by 0.5. Keras's Dropout is inverted: it scales "
            "while training and does nothing at prediction time.",
        ),
        KnownMistake(
            _mlp_no_biases,
            "the biases are missing: get_weights() gives kernel, bias, kernel, bias; "
            "add each bias after its product.",
        ),
    ),
)

#: By name, like ``deepstep.exercises.EXERCISES``: tests/lessons/test_exercises.py
#: merges the two with ``dict.update``.
EXERCISES = {exercise.name: exercise for exercise in (TRAIN_STEP, MLP_PREDICT)}

check_train_step = TRAIN_STEP.check
check_mlp_predict = MLP_PREDICT.check
