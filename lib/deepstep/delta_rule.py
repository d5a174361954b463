"""Backpropagation the way slide deck 004 writes it: explicit δ's for one hidden layer.
(notebook 04)

For one training example x with target t, sigmoid units and no biases:

1. forward: o_h = σ(Σ_i w_hi x_i) for each hidden unit h, o_k = σ(Σ_h w_kh o_h) for each
   output k;
2. each output unit k:  δ_k = o_k (1 - o_k) (t_k - o_k);
3. each hidden unit h:  δ_h = o_h (1 - o_h) Σ_k w_kh δ_k;
4. each weight:         w_ji <- w_ji + Δw_ji,  Δw_ji = η δ_j x_ji,

where x_ji is the i-th input of unit j: x_i for a hidden unit, o_h for an output unit.
Weights are stored as in ``data.worked_example()``: one row per receiving neuron,
hidden (n_hidden, n_in) and output (n_out, n_hidden).

The δ's are minus the gradient of E = ½ Σ_k (t_k - o_k)² with respect to each unit's
net input, so Δw = -η ∂E/∂w: the rule is gradient descent on E, one example at a time.

``xor_snapshots`` trains 04's XOR network (2-2-1, sigmoid, with biases) once and records
its weights every few epochs, for the widget that shows the hidden layer bending the
input plane until one line separates the classes (``XorSnapshots.margin``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ._checks import (
    as_finite_scalar,
    as_float_array,
    name_of,
    non_negative_int,
    positive_int,
)
from .nn.activations import sigmoid


def _weights(
    x: npt.ArrayLike, hidden: npt.ArrayLike, output: npt.ArrayLike, func: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x = as_float_array(x, func, "x", ndim=1, allow_inf=False)
    hidden = as_float_array(hidden, func, "hidden", ndim=2, allow_inf=False)
    output = as_float_array(output, func, "output", ndim=2, allow_inf=False)
    if hidden.shape[1] != x.shape[0]:
        raise ValueError(
            f"{name_of(func)}: hidden must have one column per input, shape "
            f"(n_hidden, {x.shape[0]}); got shape {hidden.shape} for x of shape "
            f"{x.shape}"
        )
    if output.shape[1] != hidden.shape[0]:
        raise ValueError(
            f"{name_of(func)}: output must have one column per hidden unit, shape "
            f"(n_out, {hidden.shape[0]}); got shape {output.shape} with hidden of "
            f"shape {hidden.shape}"
        )
    return x, hidden, output


def forward(
    x: npt.ArrayLike, hidden: npt.ArrayLike, output: npt.ArrayLike
) -> tuple[np.ndarray, np.ndarray]:
    """The hidden values o_h (n_hidden,) and the outputs o_k (n_out,) of a sigmoid
    network.

    x: (n_in,). hidden: (n_hidden, n_in), rows are hidden units. output: (n_out,
    n_hidden), rows are output units. No biases, as in the slides' worked example.
    """
    x, hidden, output = _weights(x, hidden, output, "forward")
    hidden_values = sigmoid(hidden @ x)
    return hidden_values, sigmoid(output @ hidden_values)


def squared_error(target: npt.ArrayLike, outputs: npt.ArrayLike) -> float:
    """E = ½ Σ_k (t_k - o_k)², the error the delta rule descends. target, outputs:
    (n_out,)."""
    t = as_float_array(target, squared_error, "target", ndim=1, allow_inf=False)
    o = as_float_array(outputs, squared_error, "outputs", ndim=1, allow_inf=False)
    if t.shape != o.shape:
        raise ValueError(
            f"{name_of(squared_error)}: target and outputs must have the same shape; "
            f"got {t.shape} and {o.shape}"
        )
    return float(0.5 * np.sum((t - o) ** 2))


@dataclass(frozen=True)
class DeltaRuleStep:
    """Everything one step of the delta rule computes, named as on the slide.

    hidden_values: (n_hidden,) o_h.            outputs: (n_out,) o_k.
    output_deltas: (n_out,) δ_k.               hidden_deltas: (n_hidden,) δ_h.
    hidden_change: (n_hidden, n_in) Δw_hi.     output_change: (n_out, n_hidden) Δw_kh.
    new_hidden: (n_hidden, n_in) and new_output: (n_out, n_hidden), the weights after
    the update.
    error: E = ½ Σ (t - o)² before the update.
    """

    hidden_values: np.ndarray
    outputs: np.ndarray
    output_deltas: np.ndarray
    hidden_deltas: np.ndarray
    hidden_change: np.ndarray
    output_change: np.ndarray
    new_hidden: np.ndarray
    new_output: np.ndarray
    error: float


def delta_rule_step(
    x: npt.ArrayLike,
    target: npt.ArrayLike,
    hidden: npt.ArrayLike,
    output: npt.ArrayLike,
    learning_rate: float,
) -> DeltaRuleStep:
    """One backpropagation step on one example, slide deck 004's steps 1 to 4.

    x: (n_in,). target: (n_out,). hidden: (n_hidden, n_in) and output: (n_out,
    n_hidden), rows are the receiving neurons. learning_rate: η > 0.
    The inputs are not modified; the updated weights are returned as new arrays.
    """
    x, hidden, output = _weights(x, hidden, output, "delta_rule_step")
    t = as_float_array(target, delta_rule_step, "target", ndim=1, allow_inf=False)
    if t.shape != (output.shape[0],):
        raise ValueError(
            f"{name_of(delta_rule_step)}: target must have one value per output unit, "
            f"shape ({output.shape[0]},); got shape {t.shape}"
        )
    eta = as_finite_scalar(
        learning_rate, delta_rule_step, "learning_rate", positive=True
    )

    # 1. Forward pass.
    o_h, o_k = forward(x, hidden, output)
    # 2. δ_k = o_k (1 - o_k) (t_k - o_k).
    delta_k = o_k * (1 - o_k) * (t - o_k)
    # 3. δ_h = o_h (1 - o_h) Σ_k w_kh δ_k: column h of the output weights, with the OLD
    #    weights, because every δ is computed before any weight changes.
    delta_h = o_h * (1 - o_h) * (output.T @ delta_k)
    # 4. Δw_ji = η δ_j x_ji: an output unit's inputs are the hidden values o_h,
    #    a hidden unit's inputs are the network inputs x_i.
    output_change = eta * np.outer(delta_k, o_h)
    hidden_change = eta * np.outer(delta_h, x)
    return DeltaRuleStep(
        hidden_values=o_h,
        outputs=o_k,
        output_deltas=delta_k,
        hidden_deltas=delta_h,
        hidden_change=hidden_change,
        output_change=output_change,
        new_hidden=hidden + hidden_change,
        new_output=output + output_change,
        error=squared_error(t, o_k),
    )


@dataclass(frozen=True)
class XorSnapshots:
    """The XOR network of notebook 04 (2 inputs → 2 sigmoid hidden units → 1 sigmoid
    output), its weights recorded every few epochs of one training run.

    epochs: (k,) the recorded epochs, 0 (the initial weights) first.
    hidden_kernels: (k, 2, 2), Keras's layout (inputs, units); hidden_biases: (k, 2).
    output_kernels: (k, 2), one weight per hidden unit; output_biases: (k,).
    losses: (n_epochs,) the training loss after each epoch. X: (4, 2) the XOR inputs,
    y: (4,) their 0/1 labels.
    """

    epochs: np.ndarray
    hidden_kernels: np.ndarray
    hidden_biases: np.ndarray
    output_kernels: np.ndarray
    output_biases: np.ndarray
    losses: np.ndarray
    X: np.ndarray
    y: np.ndarray

    def index(self, epoch: int) -> int:
        """The row of ``epoch`` among the recorded ones (a ValueError names them if
        absent)."""
        if isinstance(epoch, bool) or not isinstance(epoch, int | np.integer):
            raise TypeError(f"XorSnapshots.index: epoch must be an int; got {epoch!r}")
        hits = np.flatnonzero(self.epochs == epoch)
        if hits.size == 0:
            every = int(self.epochs[1] - self.epochs[0]) if len(self.epochs) > 1 else 0
            raise ValueError(
                "XorSnapshots.index: epoch must be a recorded epoch, 0 to "
                f"{int(self.epochs[-1])} in steps of {every}; got {epoch!r}"
            )
        return int(hits[0])

    def _points(self, points: npt.ArrayLike | None, func: str) -> np.ndarray:
        if points is None:
            return self.X
        arr = as_float_array(points, func, "points", ndim=2, allow_inf=False)
        if arr.shape[1] != 2:
            raise ValueError(f"{func}: points must have shape (n, 2); got {arr.shape}")
        return arr

    def hidden(self, epoch: int, points: npt.ArrayLike | None = None) -> np.ndarray:
        """Where the hidden layer puts ``points`` (n, 2; default the four XOR inputs):
        (n, 2)."""
        i = self.index(epoch)
        x = self._points(points, "XorSnapshots.hidden")
        return sigmoid(x @ self.hidden_kernels[i] + self.hidden_biases[i])

    def output(self, epoch: int, points: npt.ArrayLike | None = None) -> np.ndarray:
        """The network's output for ``points`` (n, 2; default the XOR inputs): (n,)."""
        i = self.index(epoch)
        h = self.hidden(epoch, points)
        return sigmoid(h @ self.output_kernels[i] + self.output_biases[i])

    def margin(self, epoch: int) -> float:
        """How well the output unit's line (output = 0.5) separates the classes in
        hidden space.

        The smallest signed distance of the four hidden points from the line
        w·h + b = 0, positive on their own class's side: > 0 when the line separates
        them (every example classified right), < 0 otherwise.
        """
        i = self.index(epoch)
        w, b = self.output_kernels[i], self.output_biases[i]
        side = 2 * self.y - 1  # +1 for class 1, -1 for class 0
        norm = float(np.linalg.norm(w))
        if norm == 0:
            return 0.0
        return float(np.min(side * (self.hidden(epoch) @ w + b)) / norm)


def xor_snapshots(
    epochs: int = 1000,
    every: int = 10,
    seed: int = 0,
    learning_rate: float = 0.5,
    momentum: float = 0.9,
) -> XorSnapshots:
    """Train notebook 04's XOR network once and keep its weights every ``every`` epochs.

    The network and training are 04's: ``initializers.set_random_seed(seed)``, then
    Dense(2, sigmoid) → Dense(1, sigmoid) on the four XOR examples, SGD(learning_rate,
    momentum), mean squared error, one batch of 4, no shuffling. ``epochs`` must be a
    multiple of ``every``. Returns an ``XorSnapshots`` with epochs 0, every, …, epochs.
    """
    # Imported here: models builds on layers, which the rest of this module does not
    # need.
    from .data import logic_gate
    from .nn import initializers, layers, models
    from .nn.optimizers import SGD

    epochs = positive_int(epochs, xor_snapshots, "epochs")
    every = positive_int(every, xor_snapshots, "every")
    if epochs % every:
        raise ValueError(
            f"{name_of(xor_snapshots)}: epochs must be a multiple of every ({every}); "
            f"got {epochs}"
        )
    seed = non_negative_int(seed, xor_snapshots, "seed")
    lr = as_finite_scalar(learning_rate, xor_snapshots, "learning_rate", positive=True)
    mu = as_finite_scalar(momentum, xor_snapshots, "momentum")
    if not 0 <= mu < 1:
        raise ValueError(
            f"{name_of(xor_snapshots)}: momentum must be in [0, 1); got {mu}"
        )
    X, y = logic_gate("xor")
    initializers.set_random_seed(seed)
    net = models.Sequential(
        [
            layers.Input((2,)),
            layers.Dense(2, activation="sigmoid"),
            layers.Dense(1, activation="sigmoid"),
        ]
    )
    net.compile(optimizer=SGD(learning_rate=lr, momentum=mu), loss="mse")
    weights, losses = [net.get_weights()], []
    for _ in range(epochs // every):
        history = net.fit(
            X, y.reshape(-1, 1), epochs=every, batch_size=4, shuffle=False, verbose=0
        )
        losses += history.history["loss"]
        weights.append(net.get_weights())
    return XorSnapshots(
        epochs=np.arange(0, epochs + 1, every),
        hidden_kernels=np.array([w[0] for w in weights]),
        hidden_biases=np.array([w[1] for w in weights]),
        output_kernels=np.array([w[2][:, 0] for w in weights]),
        output_biases=np.array([w[3][0] for w in weights]),
        losses=np.array(losses),
        X=np.asarray(X, dtype=float),
        y=np.asarray(y, dtype=float),
    )
