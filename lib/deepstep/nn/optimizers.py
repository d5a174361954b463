"""Gradient-descent optimizers with Keras's names, arguments, defaults and update rules.

    opt = SGD(learning_rate=0.1, momentum=0.9)
    opt.apply_gradients(zip(grads, params))   # updates each param array in place

Every optimizer keeps per-parameter state (velocities, accumulators) created on the
first step, counts its steps in ``iterations``, accepts a number or a schedule from
``deepstep.nn.schedules`` as ``learning_rate``, and applies ``weight_decay`` Keras's
way: before the update, w <- w - learning_rate · weight_decay · w (slide deck 001's
"w_{t+1} = w_t - γ∇L - γλw_t").
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from .._checks import as_finite_scalar, as_float_array, flag, received, share
from .schedules import LearningRateSchedule

_OLD_KERAS = {
    "lr": "old Keras's lr= is called learning_rate= today",
    "decay": (
        "old Keras's decay= is gone; use "
        "learning_rate=schedules.InverseTimeDecay(lr, decay_steps=1, decay_rate=decay)"
    ),
}


class Optimizer:
    """Base class: subclasses implement ``_update(param, grad, state, lr)``."""

    name = "optimizer"

    def __init__(
        self,
        learning_rate: float | LearningRateSchedule,
        weight_decay: float | None = None,
        **kwargs,
    ):
        for key in kwargs:
            hint = _OLD_KERAS.get(key, "check the argument names")
            raise TypeError(
                f"{type(self).__name__}: unexpected argument {key!r}; {hint}"
            )
        if isinstance(learning_rate, LearningRateSchedule):
            self.learning_rate = learning_rate
        else:
            self.learning_rate = as_finite_scalar(
                learning_rate, type(self).__name__, "learning_rate", positive=True
            )
        if weight_decay is not None:
            weight_decay = as_finite_scalar(
                weight_decay, type(self).__name__, "weight_decay"
            )
            if weight_decay < 0:
                raise ValueError(
                    f"{type(self).__name__}: weight_decay must be >= 0; got "
                    f"{weight_decay}"
                )
        self.weight_decay = weight_decay
        self.iterations = 0
        self._state: dict[int, tuple[np.ndarray, dict[str, np.ndarray]]] = {}

    def current_learning_rate(self) -> float:
        """The rate this step uses: the number, or the schedule at ``iterations``."""
        if isinstance(self.learning_rate, LearningRateSchedule):
            return float(self.learning_rate(self.iterations))
        return self.learning_rate

    def apply_gradients(
        self, grads_and_vars: Iterable[tuple[np.ndarray, np.ndarray]]
    ) -> None:
        """One step: update each variable in place from its gradient; then iterations +=
        1."""
        if not isinstance(grads_and_vars, Iterable) or isinstance(
            grads_and_vars, str | np.ndarray
        ):
            raise TypeError(
                f"{self.name}.apply_gradients: grads_and_vars must be (gradient, "
                f"variable) pairs; got {received(grads_and_vars)}"
            )
        pairs = []
        for i, pair in enumerate(grads_and_vars):
            if not isinstance(pair, tuple | list) or len(pair) != 2:
                raise TypeError(
                    f"{self.name}.apply_gradients: grads_and_vars must be (gradient, "
                    f"variable) pairs; got {received(pair)} at {i}"
                )
            grad, var = pair
            if not isinstance(var, np.ndarray):
                raise TypeError(
                    f"{self.name}: variable {i} must be a NumPy array, updated in "
                    f"place; got {type(var).__name__}"
                )
            grad = as_float_array(grad, self.name, f"gradient {i}", allow_inf=False)
            if grad.shape != var.shape:
                raise ValueError(
                    f"{self.name}: gradient {i} has shape {grad.shape} but its "
                    f"variable has shape {var.shape}"
                )
            pairs.append((grad, var))
        self.apply(pairs)

    def apply(self, grads_and_vars: Iterable[tuple[np.ndarray, np.ndarray]]) -> None:
        """``apply_gradients`` without its checks, for gradients the library computed
        itself (``Sequential.fit``): float arrays, each of its variable's shape."""
        lr = self.current_learning_rate()
        for grad, var in grads_and_vars:
            # State is keyed by the array's identity; holding the array too keeps its id
            # from being reused by a new array that would then inherit a stranger's
            # velocity.
            held, state = self._state.get(id(var), (None, None))
            if held is not var:
                state = self._init_state(var)
                self._state[id(var)] = (var, state)
            if self.weight_decay:
                var -= var * self.weight_decay * lr
            self._update(var, grad.astype(var.dtype, copy=False), state, lr)
        self.iterations += 1

    def _init_state(self, var: np.ndarray) -> dict[str, np.ndarray]:
        return {}

    def _update(
        self, var: np.ndarray, grad: np.ndarray, state: dict[str, np.ndarray], lr: float
    ) -> None:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}(learning_rate={self.learning_rate!r})"


class SGD(Optimizer):
    """Gradient descent, optionally with momentum and Nesterov's look-ahead.

    momentum = 0:  w <- w - lr·g
    momentum > 0:  v <- momentum·v - lr·g;  w <- w + v
    nesterov:      v as above;  w <- w + momentum·v - lr·g
    """

    name = "SGD"

    def __init__(
        self,
        learning_rate=0.01,
        momentum: float = 0.0,
        nesterov: bool = False,
        weight_decay=None,
        **kwargs,
    ):
        super().__init__(learning_rate, weight_decay, **kwargs)
        self.momentum = share(momentum, SGD, "momentum")
        self.nesterov = flag(nesterov, SGD, "nesterov")

    def _init_state(self, var):
        return {"velocity": np.zeros_like(var)} if self.momentum else {}

    def _update(self, var, grad, state, lr):
        if not self.momentum:
            var -= lr * grad
            return
        v = state["velocity"]
        v *= self.momentum
        v -= lr * grad
        var += self.momentum * v - lr * grad if self.nesterov else v


class Adagrad(Optimizer):
    """Per-parameter rates that shrink with the running sum of squared gradients.

    a <- a + g²;  w <- w - lr·g / sqrt(a + epsilon), with a starting at
    initial_accumulator_value.
    """

    name = "Adagrad"

    def __init__(
        self,
        learning_rate=0.001,
        initial_accumulator_value: float = 0.1,
        epsilon: float = 1e-7,
        weight_decay=None,
        **kwargs,
    ):
        super().__init__(learning_rate, weight_decay, **kwargs)
        self.initial_accumulator_value = as_finite_scalar(
            initial_accumulator_value, Adagrad, "initial_accumulator_value"
        )
        self.epsilon = as_finite_scalar(epsilon, Adagrad, "epsilon", positive=True)

    def _init_state(self, var):
        return {"accumulator": np.full_like(var, self.initial_accumulator_value)}

    def _update(self, var, grad, state, lr):
        a = state["accumulator"]
        a += grad * grad
        var -= lr * grad / np.sqrt(a + self.epsilon)


class RMSprop(Optimizer):
    """Adagrad with a decaying average instead of a sum, so the rate does not fade to
    zero.

    s <- rho·s + (1 - rho)·g²;  w <- w - lr·g / sqrt(s + epsilon)
    (momentum > 0 accumulates those steps; centered subtracts the squared mean
    gradient.)
    """

    name = "RMSprop"

    def __init__(
        self,
        learning_rate=0.001,
        rho: float = 0.9,
        momentum: float = 0.0,
        epsilon: float = 1e-7,
        centered: bool = False,
        weight_decay=None,
        **kwargs,
    ):
        super().__init__(learning_rate, weight_decay, **kwargs)
        self.rho = as_finite_scalar(rho, RMSprop, "rho")
        self.momentum = as_finite_scalar(momentum, RMSprop, "momentum")
        self.epsilon = as_finite_scalar(epsilon, RMSprop, "epsilon", positive=True)
        self.centered = flag(centered, RMSprop, "centered")

    def _init_state(self, var):
        state = {"velocity": np.zeros_like(var)}
        if self.momentum > 0:
            state["momentum"] = np.zeros_like(var)
        if self.centered:
            state["average_gradient"] = np.zeros_like(var)
        return state

    def _update(self, var, grad, state, lr):
        s = state["velocity"]
        s[...] = self.rho * s + (1 - self.rho) * grad * grad
        if self.centered:
            m = state["average_gradient"]
            m[...] = self.rho * m + (1 - self.rho) * grad
            denominator = s - m * m + self.epsilon
        else:
            denominator = s + self.epsilon
        increment = lr * grad / np.sqrt(denominator)
        if self.momentum > 0:
            mom = state["momentum"]
            mom[...] = self.momentum * mom + increment
            var -= mom
        else:
            var -= increment


class Adadelta(Optimizer):
    """RMSprop whose step is rescaled by the running size of past steps, so its units
    match w.

    s <- rho·s + (1-rho)·g²;  Δ = -sqrt(d + eps)/sqrt(s + eps)·g;  d <- rho·d +
    (1-rho)·Δ²;  w <- w + lr·Δ
    """

    name = "Adadelta"

    def __init__(
        self,
        learning_rate=0.001,
        rho: float = 0.95,
        epsilon: float = 1e-7,
        weight_decay=None,
        **kwargs,
    ):
        super().__init__(learning_rate, weight_decay, **kwargs)
        self.rho = as_finite_scalar(rho, Adadelta, "rho")
        self.epsilon = as_finite_scalar(epsilon, Adadelta, "epsilon", positive=True)

    def _init_state(self, var):
        return {
            "accumulated_grad": np.zeros_like(var),
            "accumulated_delta": np.zeros_like(var),
        }

    def _update(self, var, grad, state, lr):
        s, d = state["accumulated_grad"], state["accumulated_delta"]
        s[...] = self.rho * s + (1 - self.rho) * grad * grad
        delta = -np.sqrt(d + self.epsilon) / np.sqrt(s + self.epsilon) * grad
        d[...] = self.rho * d + (1 - self.rho) * delta * delta
        var += lr * delta


class Adam(Optimizer):
    """Momentum (first moment m) plus RMSprop (second moment v), both bias-corrected.

    m <- m + (1-β1)(g - m);  v <- v + (1-β2)(g² - v);
    w <- w - lr·sqrt(1-β2^t)/(1-β1^t) · m / (sqrt(v) + epsilon)
    """

    name = "Adam"

    def __init__(
        self,
        learning_rate=0.001,
        beta_1: float = 0.9,
        beta_2: float = 0.999,
        epsilon: float = 1e-7,
        amsgrad: bool = False,
        weight_decay=None,
        **kwargs,
    ):
        super().__init__(learning_rate, weight_decay, **kwargs)
        self.beta_1 = as_finite_scalar(beta_1, Adam, "beta_1")
        self.beta_2 = as_finite_scalar(beta_2, Adam, "beta_2")
        self.epsilon = as_finite_scalar(epsilon, Adam, "epsilon", positive=True)
        self.amsgrad = flag(amsgrad, Adam, "amsgrad")

    def _init_state(self, var):
        state = {"m": np.zeros_like(var), "v": np.zeros_like(var)}
        if self.amsgrad:
            state["v_hat"] = np.zeros_like(var)
        return state

    def _update(self, var, grad, state, lr):
        t = self.iterations + 1
        alpha = lr * np.sqrt(1 - self.beta_2**t) / (1 - self.beta_1**t)
        m, v = state["m"], state["v"]
        m += (grad - m) * (1 - self.beta_1)
        v += (grad * grad - v) * (1 - self.beta_2)
        if self.amsgrad:
            np.maximum(state["v_hat"], v, out=state["v_hat"])
            v = state["v_hat"]
        var -= m * alpha / (np.sqrt(v) + self.epsilon)


_BY_NAME = {
    "sgd": SGD,
    "adagrad": Adagrad,
    "rmsprop": RMSprop,
    "adadelta": Adadelta,
    "adam": Adam,
}


def get(identifier: str | Optimizer) -> Optimizer:
    """An optimizer from a Keras name ("sgd", "adam", ...) with default arguments, or as
    given."""
    if isinstance(identifier, Optimizer):
        return identifier
    if not isinstance(identifier, str):
        raise TypeError(
            f"optimizers.get: identifier must be a name or an Optimizer; "
            f"got {type(identifier).__name__}"
        )
    try:
        return _BY_NAME[identifier.lower()]()
    except KeyError:
        raise ValueError(
            f"optimizers.get: unknown optimizer {identifier!r}; known: "
            f"{', '.join(_BY_NAME)} (argument identifier)"
        ) from None
