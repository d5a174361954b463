"""Exercises of notebook 04 (backpropagation): a dense layer's backward pass for a
batch, with and without its sigmoid, then the training loop that ``fit`` runs.

``dense_backward`` is checked against the library's ``layers.Dense`` with no activation:
its ``backward`` receives δ = ∂L/∂z for z = X @ W + b and stores ∂L/∂W and ∂L/∂b in
``grads``, returning ∂L/∂X. ``sigmoid_dense_backward`` is checked against a sigmoid
``layers.Dense``, whose ``backward`` receives ∂L/∂a for a = sigmoid(z).
``train_sigmoid_network`` is checked against ``Sequential.fit`` of the same two sigmoid
layers with plain SGD and the mean squared error, batches taken in the data's order
(``shuffle=False``), started from the same weights.
"""

from __future__ import annotations

import numpy as np

from ..nn import layers, models, optimizers
from ..nn.activations import sigmoid
from .feedback import Case, Exercise, KnownMistake


def _dense_gradients(X, W, b, grad_out, activation=None):
    # The library's Dense with these weights: its grads and ∂L/∂X for one backward pass.
    # No activation: backward gets ∂L/∂z directly; "sigmoid": it gets ∂L/∂a.
    W = np.asarray(W, dtype=float)
    layer = layers.Dense(W.shape[1], activation=activation)
    layer.build((None, W.shape[0]))
    layer.set_weights([W, np.asarray(b, dtype=float)])
    layer(np.asarray(X, dtype=float))
    dX = layer.backward(np.asarray(grad_out, dtype=float))
    return layer.grads["kernel"], layer.grads["bias"], dX


def _backward_reference(X, W, delta):
    return _dense_gradients(X, W, np.zeros(np.shape(W)[1]), delta)


def _backward_cases() -> list[Case]:
    rng = np.random.default_rng(40)
    return [
        Case(
            "3 inputs -> 3 units, batch of 5",
            (rng.normal(size=(5, 3)), rng.normal(size=(3, 3)), rng.normal(size=(5, 3))),
        ),  # fmt: skip
        Case(
            "4 inputs -> 2 units, batch of 6",
            (rng.normal(size=(6, 4)), rng.normal(size=(4, 2)), rng.normal(size=(6, 2))),
        ),  # fmt: skip
        Case(
            "one sample: the slide's Δw = δ x, as an outer product",
            (
                np.array([[0.5, 0.9, -0.3]]),
                rng.normal(size=(3, 2)),
                np.array([[0.08, -0.02]]),
            ),
        ),  # fmt: skip
        Case(
            "2 inputs -> 5 units, batch of 3, all negative",
            (
                -rng.uniform(1, 2, size=(3, 2)),
                -rng.uniform(1, 2, size=(2, 5)),
                -rng.uniform(0, 1, size=(3, 5)),
            ),
        ),  # fmt: skip
        Case(
            "1 input -> 1 unit, batch of 1",
            (np.array([[2.0]]), np.array([[-1.5]]), np.array([[0.25]])),
        ),  # fmt: skip
    ]


def _backward_transposed_dW(X, W, delta):
    X, W, delta = (np.asarray(a, dtype=float) for a in (X, W, delta))
    return delta.T @ X, delta.sum(axis=0), delta @ W.T


def _backward_untransposed_dX(X, W, delta):
    X, W, delta = (np.asarray(a, dtype=float) for a in (X, W, delta))
    return X.T @ delta, delta.sum(axis=0), delta @ W


def _backward_bias_wrong_axis(X, W, delta):
    X, W, delta = (np.asarray(a, dtype=float) for a in (X, W, delta))
    return X.T @ delta, delta.sum(axis=1), delta @ W.T


def _backward_averaged(X, W, delta):
    X, W, delta = (np.asarray(a, dtype=float) for a in (X, W, delta))
    n = len(X)
    return X.T @ delta / n, delta.mean(axis=0), delta @ W.T


def _backward_slide_sign(X, W, delta):
    X, W, delta = (np.asarray(a, dtype=float) for a in (X, W, delta))
    return -(X.T @ delta), -delta.sum(axis=0), delta @ W.T


DENSE_BACKWARD = Exercise(
    name="dense_backward",
    notebook="04_backpropagation",
    reference=_backward_reference,
    compares="layers.Dense(units).backward (grads and returned ∂L/∂X)",
    cases=_backward_cases,
    mistakes=(
        KnownMistake(
            _backward_transposed_dW,
            "your dW is transposed: delta.T @ X has shape (units, inputs). The kernel "
            "W is (inputs, units), and its gradient has W's shape: dW = X.T @ delta.",
        ),
        KnownMistake(
            _backward_untransposed_dX,
            "your dX multiplies delta by W itself. Each input receives the δ's of the "
            "units it feeds, back along its row of W: dX = delta @ W.T, shape (batch, "
            "inputs).",
        ),
        KnownMistake(
            _backward_bias_wrong_axis,
            "you sum the bias's gradient over the units (axis=1). Each unit has one "
            "bias, used by every sample: sum delta over the batch, delta.sum(axis=0), "
            "shape (units,).",
        ),
        KnownMistake(
            _backward_averaged,
            "you divide by the batch size. delta is already ∂L/∂z of the mean loss "
            "(the 1/N is inside it), so dW = X.T @ delta and db = delta.sum(axis=0), "
            "no mean.",
        ),
        KnownMistake(
            _backward_slide_sign,
            "your dW and db have the wrong sign: you return the slide's weight change "
            "η δ x, which points downhill. Here delta is ∂L/∂z, a gradient, so dW = "
            "X.T @ delta.",
        ),
    ),
)


def _sigmoid_reference(X, W, b, grad_out):
    return _dense_gradients(X, W, b, grad_out, activation="sigmoid")


def _normal_case(rng: np.random.Generator, batch: int, inputs: int, units: int) -> Case:
    # X, W, b and the upstream gradient, drawn in that order from one generator.
    shapes = ((batch, inputs), (inputs, units), (units,), (batch, units))
    return Case(
        f"{inputs} inputs -> {units} units, batch of {batch}",
        tuple(rng.normal(size=shape) for shape in shapes),
    )


def _sigmoid_cases() -> list[Case]:
    rng = np.random.default_rng(42)
    return [
        _normal_case(rng, batch=4, inputs=3, units=2),
        Case(
            "the worked example's output layer, one sample, no bias",
            (
                np.array([[0.1301, 0.9569, 0.4013]]),
                np.array([[-3.0, 0.0], [1.0, 1.0], [-3.0, 2.0]]),
                np.zeros(2),
                np.array([[0.3458, -0.1469]]),
            ),
        ),  # fmt: skip
        Case(
            "2 inputs -> 4 units, batch of 5, saturated units",
            (
                rng.uniform(-4, 4, size=(5, 2)),
                rng.uniform(-3, 3, size=(2, 4)),
                rng.uniform(-2, 2, size=4),
                rng.normal(size=(5, 4)),
            ),
        ),  # fmt: skip
        Case(
            "1 input -> 1 unit, batch of 1, negative values",
            (
                np.array([[-1.5]]),
                np.array([[-0.5]]),
                np.array([-0.25]),
                np.array([[-2.0]]),
            ),
        ),  # fmt: skip
        _normal_case(rng, batch=3, inputs=4, units=3),
    ]


def _sigmoid_backward(X, W, b, grad_out, slope):
    X, W, b, g = (np.asarray(a, dtype=float) for a in (X, W, b, grad_out))
    delta = g * slope(X @ W + b)
    return X.T @ delta, delta.sum(axis=0), delta @ W.T


def _sigmoid_no_slope(X, W, b, grad_out):
    return _sigmoid_backward(X, W, b, grad_out, np.ones_like)


def _sigmoid_twice(X, W, b, grad_out):
    return _sigmoid_backward(
        X, W, b, grad_out, lambda z: sigmoid(sigmoid(z)) * (1 - sigmoid(sigmoid(z)))
    )


def _sigmoid_slope_of_z(X, W, b, grad_out):
    return _sigmoid_backward(X, W, b, grad_out, lambda z: z * (1 - z))


def _sigmoid_forgets_bias(X, W, b, grad_out):
    X, W, g = (np.asarray(a, dtype=float) for a in (X, W, grad_out))
    a = sigmoid(X @ W)
    delta = g * a * (1 - a)
    return X.T @ delta, delta.sum(axis=0), delta @ W.T


def _sigmoid_slope_on_wrong_side(X, W, b, grad_out):
    X, W, b, g = (np.asarray(a, dtype=float) for a in (X, W, b, grad_out))
    a = sigmoid(X @ W + b)
    return X.T @ (g * a * (1 - a)), (g * a * (1 - a)).sum(axis=0), g @ W.T


SIGMOID_DENSE_BACKWARD = Exercise(
    name="sigmoid_dense_backward",
    notebook="04_backpropagation",
    reference=_sigmoid_reference,
    compares='layers.Dense(units, activation="sigmoid").backward',
    cases=_sigmoid_cases,
    mistakes=(
        KnownMistake(
            _sigmoid_no_slope,
            "you pass grad_out on as if it were δ = ∂L/∂z. Between a and z sits the "
            "sigmoid: multiply by its slope first, delta = grad_out * a * (1 - a).",
        ),
        KnownMistake(
            _sigmoid_twice,
            "you take the sigmoid of the layer's output again: a * (1 - a) is already "
            "the slope, with a = sigmoid(X @ W + b); sigmoid(a) * (1 - sigmoid(a)) is "
            "not.",
        ),
        KnownMistake(
            _sigmoid_slope_of_z,
            "you compute the slope from z = X @ W + b. The rule σ'(z) = σ(z)(1 − "
            "σ(z)) needs the OUTPUT a = sigmoid(z): delta = grad_out * a * (1 - a).",
        ),
        KnownMistake(
            _sigmoid_forgets_bias,
            "your forward pass leaves out the bias: the slope is taken at z = X @ W + "
            "b, so recompute a = sigmoid(X @ W + b) with b in it.",
        ),
        KnownMistake(
            _sigmoid_slope_on_wrong_side,
            "your dW and db are right but dX skips the slope: it must use the same "
            "delta = grad_out * a * (1 - a), so dX = delta @ W.T.",
        ),
    ),
)


def _network_reference(X, Y, W1, b1, W2, b2, lr, epochs, batch_size):
    X, Y = np.asarray(X, dtype=float), np.asarray(Y, dtype=float)
    W1, W2 = np.asarray(W1, dtype=float), np.asarray(W2, dtype=float)
    net = models.Sequential(
        [
            layers.Input((W1.shape[0],)),
            layers.Dense(W1.shape[1], activation="sigmoid"),
            layers.Dense(W2.shape[1], activation="sigmoid"),
        ]
    )
    net.set_weights([W1, b1, W2, b2])
    net.compile(optimizer=optimizers.SGD(learning_rate=lr), loss="mse")
    net.fit(X, Y, epochs=epochs, batch_size=batch_size, shuffle=False, verbose=0)
    return tuple(net.get_weights())


def _network_start(rng, n_in, n_hidden, n_out):
    return (
        rng.uniform(-1, 1, size=(n_in, n_hidden)),
        rng.uniform(-0.5, 0.5, size=n_hidden),
        rng.uniform(-1, 1, size=(n_hidden, n_out)),
        rng.uniform(-0.5, 0.5, size=n_out),
    )  # fmt: skip


def _network_cases() -> list[Case]:
    rng = np.random.default_rng(41)
    X_xor = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    Y_xor = np.array([[0.0], [1.0], [1.0], [0.0]])
    X7 = rng.normal(size=(7, 3))
    Y7 = np.stack([X7[:, 0] > 0, X7[:, 1] * X7[:, 2] > 0], axis=1).astype(float)
    return [
        Case(
            "XOR, 2-2-1, one batch of 4, 20 epochs",
            (X_xor, Y_xor, *_network_start(rng, 2, 2, 1), 0.5, 20, 4),
        ),  # fmt: skip
        Case(
            "XOR, 2-3-1, batches of 1 (stochastic), 5 epochs",
            (X_xor, Y_xor, *_network_start(rng, 2, 3, 1), 1.0, 5, 1),
        ),  # fmt: skip
        Case(
            "XOR, 2-2-1, batches of 3 (last batch of 1), 4 epochs",
            (X_xor, Y_xor, *_network_start(rng, 2, 2, 1), 2.0, 4, 3),
        ),  # fmt: skip
        Case(
            "7 samples, 3-4-2 (two outputs), batches of 2, 3 epochs",
            (X7, Y7, *_network_start(rng, 3, 4, 2), 1.0, 3, 2),
        ),  # fmt: skip
        Case(
            "one sample, 2-2-1, one epoch",
            (X_xor[1:2], Y_xor[1:2], *_network_start(rng, 2, 2, 1), 0.5, 1, 1),
        ),  # fmt: skip
    ]


def _train(X, Y, W1, b1, W2, b2, lr, epochs, batch_size, variant=""):
    """The loop with one known mistake switched on by ``variant``."""
    X, Y = np.asarray(X, dtype=float), np.asarray(Y, dtype=float)
    W1, b1, W2, b2 = (np.array(a, dtype=float) for a in (W1, b1, W2, b2))
    for _ in range(epochs):
        for start in range(0, len(X), batch_size):
            xb, yb = X[start : start + batch_size], Y[start : start + batch_size]
            h = sigmoid(xb @ W1 + b1)
            out = sigmoid(h @ W2 + b2)
            scale = len(xb) if variant == "per_sample_mean" else yb.size
            d_out = 2 * (out - yb) / (1 if variant == "summed" else scale)
            d2 = d_out * out * (1 - out)
            dW2, db2 = h.T @ d2, d2.sum(axis=0)
            if variant == "updates_first":
                W2 -= lr * dW2
                b2 -= lr * db2
            back = d2 @ W2.T
            d1 = back if variant == "no_hidden_slope" else back * h * (1 - h)
            dW1, db1 = xb.T @ d1, d1.sum(axis=0)
            sign = -1 if variant == "uphill" else 1
            W1 -= sign * lr * dW1
            b1 -= sign * lr * db1
            if variant != "updates_first":
                W2 -= sign * lr * dW2
                b2 -= sign * lr * db2
    return W1, b1, W2, b2


def _train_updates_first(*args):
    return _train(*args, variant="updates_first")


def _train_no_hidden_slope(*args):
    return _train(*args, variant="no_hidden_slope")


def _train_uphill(*args):
    return _train(*args, variant="uphill")


def _train_summed(*args):
    return _train(*args, variant="summed")


def _train_per_sample_mean(*args):
    return _train(*args, variant="per_sample_mean")


TRAIN_SIGMOID_NETWORK = Exercise(
    name="train_sigmoid_network",
    notebook="04_backpropagation",
    reference=_network_reference,
    compares="Sequential.fit(..., shuffle=False) with SGD(learning_rate) and "
    'loss="mse"',
    cases=_network_cases,
    mistakes=(
        KnownMistake(
            _train_updates_first,
            "you update W2 before sending the δ's back through it. Compute every "
            "gradient with the old weights first (d1 uses the W2 of the forward "
            "pass), then step.",
        ),
        KnownMistake(
            _train_no_hidden_slope,
            "your hidden δ's lack the sigmoid's slope: after d2 @ W2.T multiply by h "
            "* (1 - h), the derivative of the hidden sigmoid at its output h.",
        ),
        KnownMistake(
            _train_uphill,
            "you step uphill: the gradient points where the loss grows, so subtract "
            "it, W ← W − lr · dW (and the same for every weight and bias).",
        ),
        KnownMistake(
            _train_summed,
            "the gradient of your loss is not divided by the batch: the MSE is a "
            "mean, so ∂L/∂out = 2 (out − y) / (batch size × outputs), i.e. divided by "
            "yb.size.",
        ),
        KnownMistake(
            _train_per_sample_mean,
            "you divide ∂L/∂out by the batch size only. The MSE averages over the "
            "outputs too: divide 2 (out − y) by yb.size, the number of samples times "
            "outputs.",
        ),
    ),
)

EXERCISES = (DENSE_BACKWARD, SIGMOID_DENSE_BACKWARD, TRAIN_SIGMOID_NETWORK)
