"""Exercises of notebooks 09 and 10: ReLU's backward pass and the BatchNormalization
forward pass while training (notebook 09, ReLU and batch normalization); inverted
dropout and AlexNet's momentum step with weight decay (notebook 10, overfitting and
regularization).

ReLU's backward pass is checked against ``activations.get("relu").derivative`` times the
incoming gradient (slope 0 at v = 0, as Keras). The other references are the library's
layers: ``Dropout(rate, seed=seed)`` in training mode
(Keras's inverted convention: survivors scaled by 1/(1 - rate)), and
``BatchNormalization`` in training mode (batch mean and biased variance, epsilon inside
the square root). The weight decay step is ``optimizers.SGD(lr, momentum=momentum)`` fed
the L2 gradient g + decay·w, which is deck 002's v <- 0.9·v - 0.0005·ε·w - ε·g; w <- w +
v.
"""

from __future__ import annotations

import numpy as np

from ..nn import activations
from ..nn.layers import BatchNormalization, Dropout
from ..nn.optimizers import SGD
from .feedback import Case, Exercise, KnownMistake


# -- ReLU's backward pass --------------------------------------------------------------
def _relu_backward_reference(v, grad_out):
    return np.asarray(grad_out, dtype=float) * activations.get("relu").derivative(v)


def _relu_backward_cases() -> list[Case]:
    rng = np.random.default_rng(12)
    v_zero = np.array([[-1.0, 0.0, 2.0], [0.0, 3.0, -0.5]])
    return [
        Case("3x4 pre-activations", (rng.normal(size=(3, 4)), rng.normal(size=(3, 4)))),
        Case("exact zeros: slope 0 at v = 0", (v_zero, np.ones((2, 3)))),
        Case(
            "all negative: nothing passes",
            (-rng.uniform(0.1, 2, (2, 5)), rng.normal(size=(2, 5))),
        ),
        Case(
            "all positive: everything passes",
            (rng.uniform(0.1, 2, (4, 2)), rng.normal(size=(4, 2))),
        ),
        Case(
            "2x3x3x2 feature maps",
            (rng.normal(size=(2, 3, 3, 2)), rng.normal(size=(2, 3, 3, 2))),
        ),
        Case("one value", (np.array([[0.7]]), np.array([[-2.5]]))),
    ]


def _relu_backward_at_zero(v, grad_out):
    # slope 1 at v = 0
    return np.asarray(grad_out, dtype=float) * (np.asarray(v) >= 0)


def _relu_backward_times_v(v, grad_out):
    # multiplies by the ReLU's output instead of by its slope
    return np.asarray(grad_out, dtype=float) * np.maximum(v, 0.0)


def _relu_backward_mask_only(v, grad_out):
    # returns the slope, forgetting the gradient that arrives
    return (np.asarray(v) > 0).astype(float) * np.ones(np.shape(grad_out))


RELU_BACKWARD = Exercise(
    name="relu_backward",
    notebook="09_relu_batch_norm",
    reference=_relu_backward_reference,
    compares='grad_out * activations.get("relu").derivative(v)',
    cases=_relu_backward_cases,
    mistakes=(
        KnownMistake(
            _relu_backward_at_zero,
            "at v = 0 you pass the gradient on. The library (and Keras) take ReLU's "
            "slope at 0 to be 0: keep grad_out where v > 0, strictly.",
        ),
        KnownMistake(
            _relu_backward_times_v,
            "you multiply by ReLU's output max(0, v). The chain rule needs its slope, "
            "which is 1 for v > 0 and 0 elsewhere: grad_out * (v > 0).",
        ),
        KnownMistake(
            _relu_backward_mask_only,
            "you return ReLU's slope alone. Backward multiplies it by the gradient "
            "arriving from above: grad_out * (v > 0).",
        ),
    ),
)


# -- inverted dropout ------------------------------------------------------------------
def _dropout_reference(x, rate, seed):
    layer = Dropout(rate, seed=seed)
    layer.build(np.shape(x))  # forward needs a built layer, as every layer's does
    return layer.forward(x, training=True)


def _dropout_cases() -> list[Case]:
    rng = np.random.default_rng(9)
    return [
        Case("4x5 activations, rate 0.5", (rng.uniform(0, 2, size=(4, 5)), 0.5, 0)),
        Case("rate 0: nothing dropped", (rng.normal(size=(3, 4)), 0.0, 1)),
        Case("negative values, rate 0.2", (-rng.uniform(1, 3, size=(6, 3)), 0.2, 2)),
        Case("batch of 1, rate 0.9", (rng.normal(size=(1, 10)), 0.9, 3)),
        Case("2x3x4 feature maps, rate 0.25", (rng.normal(size=(2, 3, 4)), 0.25, 4)),
        Case("1x1, rate 0.5", (np.array([[1.5]]), 0.5, 5)),
    ]


def _keep_mask(x, rate, seed):
    return np.random.default_rng(seed).random(np.shape(x)) >= rate


def _dropout_unscaled(x, rate, seed):
    # the slides' training pass: survivors keep their value
    return np.asarray(x, dtype=float) * _keep_mask(x, rate, seed)


def _dropout_times_keep(x, rate, seed):
    # multiplies by the keep probability instead of dividing by it
    return np.asarray(x, dtype=float) * _keep_mask(x, rate, seed) * (1 - rate)


def _dropout_keeps_with_rate(x, rate, seed):
    # keeps a value with probability rate, i.e. drops with 1 - rate
    keep = np.random.default_rng(seed).random(np.shape(x)) < rate
    return np.asarray(x, dtype=float) * keep / (1 - rate)


DROPOUT_FORWARD = Exercise(
    name="dropout_forward",
    notebook="10_overfitting_regularization",
    reference=_dropout_reference,
    compares="Dropout(rate, seed=seed).forward(x, training=True)",
    cases=_dropout_cases,
    mistakes=(
        KnownMistake(
            _dropout_unscaled,
            "the kept values are not scaled. Inverted dropout divides them by the keep "
            "probability, x * keep / (1 - rate), so the expected output equals x and "
            "inference can do nothing.",
        ),
        KnownMistake(
            _dropout_times_keep,
            "you multiply the kept values by (1 - rate); inverted dropout divides by "
            "it. Multiplying by (1 - rate) is the slides' rule for inference, not for "
            "training.",
        ),
        KnownMistake(
            _dropout_keeps_with_rate,
            "your mask keeps a value with probability rate. rate is the probability of "
            "dropping it: keep where u >= rate, for u = rng.random(x.shape).",
        ),
    ),
)


# -- batch normalization, training mode ------------------------------------------------
def _batch_norm_reference(x, gamma, beta, epsilon=1e-3):
    bn = BatchNormalization(epsilon=epsilon)
    bn.build((None, *np.shape(x)[1:]))
    bn.params["gamma"][...] = gamma
    bn.params["beta"][...] = beta
    return bn.forward(x, training=True)


def _batch_norm_cases() -> list[Case]:
    rng = np.random.default_rng(10)

    def features(c):
        return rng.uniform(0.5, 2.0, size=c), rng.normal(size=c)

    return [
        Case(
            "8 samples, 3 features", (rng.normal(3.0, 2.0, size=(8, 3)), *features(3))
        ),
        Case(
            "5 samples, 4 features, large negative values",
            (rng.normal(-50.0, 10.0, size=(5, 4)), *features(4)),
        ),
        Case(
            "one feature, epsilon 1e-5",
            (rng.normal(size=(6, 1)), *features(1)),
            {"epsilon": 1e-5},
        ),
        Case(
            "2x3x3x2 feature maps",
            (rng.normal(1.0, 3.0, size=(2, 3, 3, 2)), *features(2)),
        ),
        Case(
            "batch of 1: x̂ = 0, the output is beta",
            (rng.normal(size=(1, 3)), *features(3)),
        ),
    ]


def _axes(x):
    return tuple(range(np.ndim(x) - 1))


def _batch_norm_unbiased(x, gamma, beta, epsilon=1e-3):
    x = np.asarray(x, dtype=float)
    n = x.size // x.shape[-1]
    var = x.var(axis=_axes(x)) * n / (n - 1) if n > 1 else np.full(x.shape[-1], np.inf)
    return gamma * (x - x.mean(axis=_axes(x))) / np.sqrt(var + epsilon) + beta


def _batch_norm_epsilon_outside(x, gamma, beta, epsilon=1e-3):
    x = np.asarray(x, dtype=float)
    std = x.std(axis=_axes(x))
    return gamma * (x - x.mean(axis=_axes(x))) / (std + epsilon) + beta


def _batch_norm_over_features(x, gamma, beta, epsilon=1e-3):
    # normalises each sample across its features (that is layer normalization)
    x = np.asarray(x, dtype=float)
    mean, var = x.mean(axis=-1, keepdims=True), x.var(axis=-1, keepdims=True)
    return gamma * (x - mean) / np.sqrt(var + epsilon) + beta


BATCH_NORM_FORWARD = Exercise(
    name="batch_norm_forward",
    notebook="09_relu_batch_norm",
    reference=_batch_norm_reference,
    compares="BatchNormalization(epsilon=...).forward(x, training=True)",
    cases=_batch_norm_cases,
    mistakes=(
        KnownMistake(
            _batch_norm_unbiased,
            "you divide the squared deviations by N - 1. BatchNormalization uses the "
            "biased variance of the batch, divided by N: x.var(axis=...) with the "
            "default ddof=0.",
        ),
        KnownMistake(
            _batch_norm_epsilon_outside,
            "epsilon goes inside the square root: (x - mean) / sqrt(var + epsilon), "
            "not / (std + epsilon).",
        ),
        KnownMistake(
            _batch_norm_over_features,
            "you average over the features of each sample. Batch normalization "
            "averages each feature over the batch: axis=0 (for maps, every axis but "
            "the last).",
        ),
    ),
)


# -- AlexNet's momentum step with weight decay -----------------------------------------
def _decayed_momentum_reference(w, v, g, lr, momentum=0.9, decay=0.0005):
    w, v, g = (np.asarray(a, dtype=float) for a in (w, v, g))
    opt, var = SGD(lr, momentum=momentum), w.copy()
    if momentum:  # plant the velocity v: from v = 0, a gradient -v/lr leaves velocity v
        opt.apply_gradients([(-v / lr, var)])
        var[...] = w
    # the decay enters the velocity as the gradient of the penalty (decay/2)·‖w‖²
    opt.apply_gradients([(g + decay * w, var)])
    return var, var - w


def _decayed_momentum_cases() -> list[Case]:
    rng = np.random.default_rng(11)

    def arrays(shape, v_scale=0.1):
        return (
            rng.normal(size=shape),
            v_scale * rng.normal(size=shape),
            rng.normal(size=shape),
        )

    return [
        Case(
            "3x4 kernel, first step (v = 0)",
            (
                rng.normal(size=(3, 4)),
                np.zeros((3, 4)),
                rng.normal(size=(3, 4)),
                0.1,
                0.9,
                0.05,
            ),
        ),
        Case("5x2 kernel, velocity carried", (*arrays((5, 2)), 0.05, 0.9, 0.01)),
        Case(
            "negative weights, momentum 0.5",
            (-rng.uniform(1, 3, size=6), *arrays(6)[1:], 0.1, 0.5, 0.1),
        ),
        Case("decay 0: plain momentum", (*arrays((4, 3)), 0.1, 0.9, 0.0)),
        Case(
            "a single weight",
            (np.array([2.0]), np.array([0.3]), np.array([-0.5]), 0.2, 0.9, 0.1),
        ),
        Case(
            "2x3x3 kernel, AlexNet's lr 0.01 and decay 0.0005 (defaults)",
            (*arrays((2, 3, 3), 0.01), 0.01),
        ),
    ]


def _step(w, v, g, lr, momentum, decay_term):
    v = (
        momentum * np.asarray(v, dtype=float)
        - decay_term
        - lr * np.asarray(g, dtype=float)
    )
    return np.asarray(w, dtype=float) + v, v


def _decay_pushes_out(w, v, g, lr, momentum=0.9, decay=0.0005):
    return _step(w, v, g, lr, momentum, -decay * lr * np.asarray(w, dtype=float))


def _decay_without_lr(w, v, g, lr, momentum=0.9, decay=0.0005):
    return _step(w, v, g, lr, momentum, decay * np.asarray(w, dtype=float))


def _decay_after_update(w, v, g, lr, momentum=0.9, decay=0.0005):
    w_new, v_new = _step(w, v, g, lr, momentum, 0.0)  # the plain momentum step, then
    return w_new - decay * lr * w_new, v_new  # the new weights are decayed


def _decay_outside_velocity(w, v, g, lr, momentum=0.9, decay=0.0005):
    # Keras's weight_decay= (the library's SGD): w shrinks directly, v never sees the
    # decay
    w_new, v_new = _step(w, v, g, lr, momentum, 0.0)
    return w_new - decay * lr * np.asarray(w, dtype=float), v_new


def _velocity_not_carried(w, v, g, lr, momentum=0.9, decay=0.0005):
    return _step(
        w,
        np.zeros_like(np.asarray(v, dtype=float)),
        g,
        lr,
        momentum,
        decay * lr * np.asarray(w, dtype=float),
    )


def _half_decay(w, v, g, lr, momentum=0.9, decay=0.0005):
    return _step(w, v, g, lr, momentum, decay / 2 * lr * np.asarray(w, dtype=float))


DECAYED_MOMENTUM_STEP = Exercise(
    name="decayed_momentum_step",
    notebook="10_overfitting_regularization",
    reference=_decayed_momentum_reference,
    compares="optimizers.SGD(lr, momentum=momentum) fed the gradient g + decay·w",
    cases=_decayed_momentum_cases,
    mistakes=(
        KnownMistake(
            _decay_pushes_out,
            "your decay term has the wrong sign and pushes the weights away from 0. "
            "It is subtracted: v = momentum·v - decay·lr·w - lr·g, so a positive "
            "weight shrinks and a negative one grows towards 0.",
        ),
        KnownMistake(
            _decay_without_lr,
            "the decay term is not multiplied by the learning rate. Deck 002 writes "
            "0.0005·ε·w: use decay * lr * w, not decay * w.",
        ),
        KnownMistake(
            _decay_after_update,
            "you decay the weights after the momentum step, from the new w. The decay "
            "term is computed from the old w and goes into the velocity, before w <- "
            "w + v.",
        ),
        KnownMistake(
            _decay_outside_velocity,
            "on a first step your weights come out right, but your velocity lacks the "
            "decay: that is Keras's weight_decay= (optimizers.SGD's), which shrinks w "
            "directly. AlexNet puts the term into the velocity: v = momentum·v - "
            "decay·lr·w - lr·g.",
        ),
        KnownMistake(
            _velocity_not_carried,
            "the velocity passed in is not carried: the new v starts from momentum * "
            "v. With v = 0 (a first step) nobody can tell, so the first case passed.",
        ),
        KnownMistake(
            _half_decay,
            "you use decay / 2. The penalty (decay/2)·‖w‖² has the gradient decay·w: "
            "the ½ cancels, and the step takes decay * lr * w in full.",
        ),
    ),
)

EXERCISES = (RELU_BACKWARD, DROPOUT_FORWARD, BATCH_NORM_FORWARD, DECAYED_MOMENTUM_STEP)
