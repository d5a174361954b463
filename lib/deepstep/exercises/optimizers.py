"""Exercises of notebook 05 (optimizers): one step of SGD with momentum, one with
Nesterov's look-ahead and one of Adam with bias correction, each a pure function that
takes the optimizer's state and returns the new one.

The library's optimizers keep their state inside, one entry per variable, and update the
variable in place. The references load the state a case hands in into a fresh library
optimizer (velocity; m and v with the step count), take one ``apply_gradients`` step and
read back the new variable and state, so every answer comes from the library's update
rule. The states of the cases come from library runs of several steps (on notebook 05's
valley or on random gradients), so a function that is right for one step from zero state
and wrong later (velocity ignored, step count off by one) is caught.
"""

from __future__ import annotations

import numpy as np

from .. import descent
from ..nn.optimizers import SGD, Adam, Optimizer
from .feedback import Case, Exercise, KnownMistake


def _library_step(optimizer: Optimizer, w, g, state: dict, iterations: int = 0):
    """One ``apply_gradients`` step of ``optimizer`` from the given state; (w, state)
    after it.

    The optimizer holds its state per array, keyed by the array's id (see
    ``Optimizer.apply_gradients``); we hand it the case's state for a fresh copy of w.
    """
    w = np.array(w, dtype=float)
    loaded = {key: np.array(value, dtype=float) for key, value in state.items()}
    optimizer.iterations = iterations
    optimizer._state[id(w)] = (w, loaded)
    optimizer.apply_gradients([(np.array(g, dtype=float), w)])
    return w, loaded


# -- SGD with momentum -----------------------------------------------------------------
def _momentum_reference(w, g, velocity, learning_rate, momentum):
    optimizer = SGD(learning_rate, momentum=momentum)
    w_new, state = _library_step(optimizer, w, g, {"velocity": velocity})
    return w_new, state["velocity"]


def _valley_case(nesterov: bool) -> Case:
    """Step 6 of notebook 05's race on the valley: w, g and the velocity after 5 library
    steps."""
    valley = descent.quadratic_valley(condition=50)
    w, state = valley.start, {"velocity": np.zeros(2)}
    for _ in range(5):
        optimizer = SGD(0.025, momentum=0.9, nesterov=nesterov)
        w, state = _library_step(optimizer, w, valley.gradient(w), state)
    args = (w, valley.gradient(w), state["velocity"], 0.025, 0.9)
    return Case("step 6 on the valley, velocity from 5 library steps", args)


def _velocity_cases(nesterov: bool = False) -> list[Case]:
    rng = np.random.default_rng(5)
    return [
        _valley_case(nesterov),
        Case(
            "first step: velocity 0",
            (
                np.array([1.0, -2.0, 0.5]),
                np.array([0.3, -0.1, 2.0]),
                np.zeros(3),
                0.1,
                0.9,
            ),
        ),
        Case(
            "3x4 weights, negative values, lr 0.05, momentum 0.5",
            (
                -rng.uniform(1, 3, (3, 4)),
                rng.normal(size=(3, 4)),
                rng.normal(size=(3, 4)),
                0.05,
                0.5,
            ),
        ),
        Case(
            "one weight, momentum 0.99",
            (np.array([2.0]), np.array([-0.5]), np.array([0.3]), 0.01, 0.99),
        ),
        Case(
            "2x2x3 kernel, lr 1",
            (
                rng.normal(size=(2, 2, 3)),
                rng.normal(size=(2, 2, 3)),
                rng.normal(size=(2, 2, 3)),
                1.0,
                0.8,
            ),
        ),
    ]


def _momentum_forgets_velocity(w, g, velocity, learning_rate, momentum):
    # starts from zero velocity at every step
    v = -learning_rate * np.asarray(g, dtype=float)
    return w + v, v


def _momentum_climbs(w, g, velocity, learning_rate, momentum):
    # adds the gradient: walks uphill
    v = momentum * velocity + learning_rate * np.asarray(g, dtype=float)
    return w + v, v


def _momentum_subtracts_velocity(w, g, velocity, learning_rate, momentum):
    # mixes the two conventions: Keras's velocity (which already holds -lr·g),
    # subtracted
    v = momentum * velocity - learning_rate * np.asarray(g, dtype=float)
    return w - v, v


def _momentum_moves_with_old_velocity(w, g, velocity, learning_rate, momentum):
    # moves w with the velocity of the previous step, then updates it
    v = momentum * velocity - learning_rate * np.asarray(g, dtype=float)
    return w + velocity, v


def _momentum_damped(w, g, velocity, learning_rate, momentum):
    # Adam's average for m: the gradient weighted by (1 - momentum)
    v = momentum * velocity - (1 - momentum) * learning_rate * np.asarray(
        g, dtype=float
    )
    return w + v, v


MOMENTUM_STEP = Exercise(
    name="momentum_step",
    notebook="05_optimizers",
    reference=_momentum_reference,
    compares="SGD(learning_rate, momentum=momentum) from the same velocity",
    cases=_velocity_cases,
    mistakes=(
        KnownMistake(
            _momentum_forgets_velocity,
            "your step ignores the velocity you are given, so every step is plain SGD. "
            "The new velocity keeps a share of the old one: v = momentum * velocity - "
            "learning_rate * g.",
        ),
        KnownMistake(
            _momentum_climbs,
            "you add the gradient, which walks uphill. The velocity gathers the "
            "descent direction: v = momentum * velocity - learning_rate * g.",
        ),
        KnownMistake(
            _momentum_subtracts_velocity,
            "your velocity is right but you subtract it from w. In Keras's convention "
            "the velocity already points downhill (it holds -learning_rate * g), so "
            "w_new = w + v.",
        ),
        KnownMistake(
            _momentum_moves_with_old_velocity,
            "you move w with the old velocity. Update the velocity first, then take "
            "the step with the new one: v = momentum * velocity - learning_rate * g; "
            "w + v.",
        ),
        KnownMistake(
            _momentum_damped,
            "you weight the gradient by (1 - momentum), as Adam's average m does. "
            "SGD's momentum adds the whole step: v = momentum * velocity - "
            "learning_rate * g.",
        ),
    ),
)


# -- Nesterov --------------------------------------------------------------------------
def _nesterov_reference(w, g, velocity, learning_rate, momentum):
    optimizer = SGD(learning_rate, momentum=momentum, nesterov=True)
    w_new, state = _library_step(optimizer, w, g, {"velocity": velocity})
    return w_new, state["velocity"]


def _nesterov_cases() -> list[Case]:
    return _velocity_cases(nesterov=True)


def _nesterov_plain_momentum(w, g, velocity, learning_rate, momentum):
    # no look-ahead: the momentum step
    v = momentum * velocity - learning_rate * np.asarray(g, dtype=float)
    return w + v, v


def _nesterov_forgets_velocity(w, g, velocity, learning_rate, momentum):
    # starts from zero velocity at every step
    v = -learning_rate * np.asarray(g, dtype=float)
    return w + momentum * v - learning_rate * np.asarray(g, dtype=float), v


def _nesterov_no_gradient_term(w, g, velocity, learning_rate, momentum):
    # the look-ahead alone, without the gradient step that follows it
    v = momentum * velocity - learning_rate * np.asarray(g, dtype=float)
    return w + momentum * v, v


def _nesterov_velocity_twice(w, g, velocity, learning_rate, momentum):
    # the momentum step plus the look-ahead: w + v + momentum * v
    v = momentum * velocity - learning_rate * np.asarray(g, dtype=float)
    return w + v + momentum * v, v


NESTEROV_STEP = Exercise(
    name="nesterov_step",
    notebook="05_optimizers",
    reference=_nesterov_reference,
    compares="SGD(learning_rate, momentum=momentum, nesterov=True) from the same "
    "velocity",
    cases=_nesterov_cases,
    mistakes=(
        KnownMistake(
            _nesterov_plain_momentum,
            "that is the plain momentum step, w + v. Nesterov's step looks ahead: "
            "w + momentum * v - learning_rate * g, with v the new velocity.",
        ),
        KnownMistake(
            _nesterov_forgets_velocity,
            "your step ignores the velocity you are given. The new velocity keeps a "
            "share of the old one, v = momentum * velocity - learning_rate * g, and "
            "then w + momentum * v - learning_rate * g.",
        ),
        KnownMistake(
            _nesterov_no_gradient_term,
            "the gradient step is missing: after the look-ahead momentum * v, "
            "Nesterov also subtracts learning_rate * g once more: w + momentum * v - "
            "learning_rate * g.",
        ),
        KnownMistake(
            _nesterov_velocity_twice,
            "you add the whole new velocity and the look-ahead. The step is "
            "momentum * v - learning_rate * g, not v + momentum * v.",
        ),
    ),
)


# -- Adam ------------------------------------------------------------------------------
def _adam_reference(
    w, g, m, v, t, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7
):
    optimizer = Adam(learning_rate, beta_1=beta_1, beta_2=beta_2, epsilon=epsilon)
    w_new, state = _library_step(optimizer, w, g, {"m": m, "v": v}, iterations=t)
    return w_new, state["m"], state["v"]


def _adam_run(rng, shape, steps, scale=1.0, **hyper):
    """w, the next gradient and Adam's moments after ``steps`` library steps on random
    gradients of size ``scale``: the arguments of step ``steps + 1``."""
    optimizer, w = Adam(**hyper), rng.normal(size=shape)
    for _ in range(steps):
        optimizer.apply_gradients([(scale * rng.normal(size=shape), w)])
    state = optimizer._state[id(w)][1] if steps else {"m": 0 * w, "v": 0 * w}
    return (
        w,
        scale * rng.normal(size=shape),
        state["m"].copy(),
        state["v"].copy(),
        steps,
    )


def _adam_cases() -> list[Case]:
    rng = np.random.default_rng(6)
    return [
        Case(
            "step 4 (t = 3), 5 weights, epsilon 1e-3",
            _adam_run(rng, (5,), 3, learning_rate=0.1, epsilon=1e-3),
            {"learning_rate": 0.1, "epsilon": 1e-3},
        ),
        Case(
            "first step (t = 0), zero moments",
            _adam_run(rng, (4,), 0),
            {"learning_rate": 0.01},
        ),
        Case(
            "step 1001 (t = 1000), 3x4 weights",
            _adam_run(rng, (3, 4), 1000),
            {"learning_rate": 0.001},
        ),
        Case(
            "one weight, t = 1, lr 0.5",
            _adam_run(rng, (1,), 1, learning_rate=0.5),
            {"learning_rate": 0.5},
        ),
        Case(
            "tiny gradients (1e-6), beta_1 0.5, beta_2 0.9, t = 10",
            _adam_run(rng, (2, 3), 10, 1e-6, beta_1=0.5, beta_2=0.9),
            {"learning_rate": 0.01, "beta_1": 0.5, "beta_2": 0.9},
        ),
    ]


def _adam_parts(g, m, v, beta_1, beta_2, square=True):
    g = np.asarray(g, dtype=float)
    m = beta_1 * m + (1 - beta_1) * g
    v = beta_2 * v + (1 - beta_2) * (g * g if square else g)
    return m, v


def _adam_no_bias_correction(
    w, g, m, v, t, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7
):
    m, v = _adam_parts(g, m, v, beta_1, beta_2)
    return w - learning_rate * m / (np.sqrt(v) + epsilon), m, v


def _adam_counts_from_zero(
    w, g, m, v, t, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7
):
    # bias correction with beta ** t: this step is number t + 1
    m, v = _adam_parts(g, m, v, beta_1, beta_2)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = learning_rate * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)
        return w - rate * m / (np.sqrt(v) + epsilon), m, v


def _adam_epsilon_inside(
    w, g, m, v, t, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7
):
    m, v = _adam_parts(g, m, v, beta_1, beta_2)
    rate = learning_rate * np.sqrt(1 - beta_2 ** (t + 1)) / (1 - beta_1 ** (t + 1))
    return w - rate * m / np.sqrt(v + epsilon), m, v


def _adam_paper_epsilon(
    w, g, m, v, t, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7
):
    # Algorithm 1 of the paper: epsilon added to the corrected sqrt(v_hat)
    m, v = _adam_parts(g, m, v, beta_1, beta_2)
    m_hat, v_hat = m / (1 - beta_1 ** (t + 1)), v / (1 - beta_2 ** (t + 1))
    return w - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon), m, v


def _adam_first_power(
    w, g, m, v, t, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7
):
    # g instead of g² in the second moment
    m, v = _adam_parts(g, m, v, beta_1, beta_2, square=False)
    rate = learning_rate * np.sqrt(1 - beta_2 ** (t + 1)) / (1 - beta_1 ** (t + 1))
    with np.errstate(invalid="ignore"):
        return w - rate * m / (np.sqrt(v) + epsilon), m, v


def _adam_keeps_corrected(
    w, g, m, v, t, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7
):
    # right step, but hands back the bias-corrected moments as the new state
    m, v = _adam_parts(g, m, v, beta_1, beta_2)
    c1, c2 = 1 - beta_1 ** (t + 1), 1 - beta_2 ** (t + 1)
    w = w - learning_rate * np.sqrt(c2) / c1 * m / (np.sqrt(v) + epsilon)
    return w, m / c1, v / c2


ADAM_STEP = Exercise(
    name="adam_step",
    notebook="05_optimizers",
    reference=_adam_reference,
    compares="Adam(learning_rate, beta_1, beta_2, epsilon) from the same m, v and "
    "step count",
    cases=_adam_cases,
    mistakes=(
        KnownMistake(
            _adam_no_bias_correction,
            "the bias correction is missing. m and v start at 0, so early on they are "
            "too small by the factors (1 - beta_1**(t+1)) and (1 - beta_2**(t+1)); "
            "divide them out.",
        ),
        KnownMistake(
            _adam_counts_from_zero,
            "your bias correction uses beta**t. t counts the steps taken before this "
            "one, so this step is number t + 1: use beta_1**(t + 1) and beta_2**(t + "
            "1) (with beta**t the first step divides by 1 - 1 = 0).",
        ),
        KnownMistake(
            _adam_epsilon_inside,
            "epsilon goes outside the square root here: m / (sqrt(v) + epsilon), not "
            "m / sqrt(v + epsilon).",
        ),
        KnownMistake(
            _adam_paper_epsilon,
            "you add epsilon to sqrt(v_hat), as Algorithm 1 of the Adam paper does. "
            "Keras (and the library) fold the correction into the rate and add "
            "epsilon to sqrt(v): lr * sqrt(1 - beta_2**(t+1)) / (1 - beta_1**(t+1)) * "
            "m / (sqrt(v) + epsilon). The two differ only where sqrt(v) is as small "
            "as epsilon.",
        ),
        KnownMistake(
            _adam_first_power,
            "your second moment averages g; it averages the squared gradient: "
            "v = beta_2 * v + (1 - beta_2) * g**2.",
        ),
        KnownMistake(
            _adam_keeps_corrected,
            "your step is right, but you return the bias-corrected moments as the new "
            "state. Return the running averages m and v themselves; the correction is "
            "recomputed at every step from the step number.",
        ),
    ),
)

EXERCISES = (MOMENTUM_STEP, NESTEROV_STEP, ADAM_STEP)
