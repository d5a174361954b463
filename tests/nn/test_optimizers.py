"""Optimizers and schedules without TensorFlow: update rules by hand, state, schedules,
errors.

The comparison with Keras's own optimizers is in test_vs_keras.py.
"""

import numpy as np
import pytest

from deepstep.nn import optimizers, schedules


def step(opt, w, g):
    opt.apply_gradients([(np.asarray(g, dtype=float), w)])
    return w


def test_sgd_is_w_minus_lr_g():
    w = np.array([1.0, -2.0])
    step(optimizers.SGD(0.5), w, [2.0, 2.0])
    np.testing.assert_array_equal(w, [0.0, -3.0])


def test_momentum_accumulates_velocity_by_hand():
    w = np.zeros(1)
    opt = optimizers.SGD(1.0, momentum=0.5)
    for _ in range(3):
        step(opt, w, [1.0])
    # v: -1, -1.5, -1.75 ; w: -1, -2.5, -4.25
    np.testing.assert_allclose(w, [-4.25])


def test_nesterov_by_hand():
    w = np.zeros(1)
    opt = optimizers.SGD(1.0, momentum=0.5, nesterov=True)
    step(opt, w, [1.0])  # v = -1; w += 0.5 * -1 - 1 = -1.5
    np.testing.assert_allclose(w, [-1.5])


def test_weight_decay_is_the_slide_formula():
    # slide 001: w_{t+1} = w_t - γ∇L(w_t) - γλw_t
    w = np.array([2.0])
    lr, lam, g = 0.1, 0.5, 3.0
    step(optimizers.SGD(lr, weight_decay=lam), w, [g])
    np.testing.assert_allclose(w, [2.0 - lr * g - lr * lam * 2.0])


def test_adam_first_step_moves_each_weight_by_about_lr():
    # bias correction makes the first step lr · g/|g| whatever the gradient's size
    w = np.zeros(3)
    step(optimizers.Adam(0.01), w, [0.1, 5.0, -200.0])
    np.testing.assert_allclose(w, [-0.01, -0.01, 0.01], rtol=1e-3)


def test_adagrad_rate_shrinks_as_squared_gradients_add_up():
    w = np.zeros(1)
    opt = optimizers.Adagrad(1.0, initial_accumulator_value=0.0, epsilon=1e-12)
    moves = []
    for _ in range(4):
        before = w.copy()
        step(opt, w, [1.0])
        moves.append(float(before[0] - w[0]))
    np.testing.assert_allclose(
        moves, [1, 1 / np.sqrt(2), 1 / np.sqrt(3), 1 / 2], rtol=1e-9
    )


def test_rmsprop_and_adadelta_reduce_a_quadratic():
    start = np.array([3.0, -2.0])
    for opt in (optimizers.RMSprop(0.05), optimizers.Adadelta(1.0)):
        w = start.copy()
        for _ in range(200):
            step(opt, w, 2 * w)  # gradient of |w|²
        # Adadelta is slow by design: its step grows from sqrt(epsilon) as updates
        # accumulate
        assert np.linalg.norm(w) < 0.9 * np.linalg.norm(start), type(opt).__name__


def test_state_is_per_variable_and_iterations_count_steps():
    a, b = np.zeros(2), np.zeros(3)
    opt = optimizers.SGD(1.0, momentum=0.9)
    opt.apply_gradients([(np.ones(2), a), (np.ones(3), b)])
    opt.apply_gradients([(np.ones(2), a), (np.ones(3), b)])
    assert opt.iterations == 2
    np.testing.assert_allclose(a, [-2.9, -2.9])
    np.testing.assert_allclose(b, [-2.9] * 3)


def test_schedule_drives_the_rate():
    opt = optimizers.SGD(schedules.StepDecay(1.0, drop=0.5, every=2))
    w = np.zeros(1)
    rates = []
    for _ in range(5):
        rates.append(opt.current_learning_rate())
        step(opt, w, [1.0])
    assert rates == [1.0, 1.0, 0.5, 0.5, 0.25]
    np.testing.assert_allclose(w, [-sum(rates)])


def test_old_keras_decay_is_inverse_time_decay():
    # slide 001: SGD(lr=0.01, decay=1e-6): lr_t = 0.01 / (1 + 1e-6 · t)
    schedule = schedules.InverseTimeDecay(0.01, decay_steps=1, decay_rate=1e-6)
    for t in (0, 1, 1000, 10**6):
        assert schedule(t) == pytest.approx(0.01 / (1 + 1e-6 * t), rel=1e-15)


def test_exponential_decay_staircase():
    s = schedules.ExponentialDecay(1.0, decay_steps=10, decay_rate=0.5, staircase=True)
    assert [s(t) for t in (0, 9, 10, 25)] == [1.0, 1.0, 0.5, 0.25]
    smooth = schedules.ExponentialDecay(1.0, decay_steps=10, decay_rate=0.5)
    assert smooth(5) == pytest.approx(0.5**0.5)


@pytest.mark.parametrize(
    "make, error, message",
    [
        (lambda: optimizers.SGD(lr=0.01), TypeError, "lr= is called learning_rate="),
        (lambda: optimizers.SGD(0.01, decay=1e-6), TypeError, "InverseTimeDecay"),
        (lambda: optimizers.SGD(-1.0), ValueError, "learning_rate must be > 0"),
        (
            lambda: optimizers.SGD(0.1, momentum=1.5),
            ValueError,
            r"momentum must be in \[0, 1\]",
        ),
        (lambda: optimizers.Adam("fast"), TypeError, "learning_rate must be a number"),
        (
            lambda: optimizers.get("adamw"),
            ValueError,
            "unknown optimizer 'adamw'; known: sgd",
        ),
        (
            lambda: schedules.StepDecay(0.1, every=0),
            ValueError,
            "every must be a positive int",
        ),
        (
            lambda: schedules.ExponentialDecay(0.1, 10, 0.5)(-1),
            ValueError,
            "step must be an int >= 0",
        ),
    ],
)
def test_bad_arguments_are_named(make, error, message):
    with pytest.raises(error, match=message):
        make()


def test_gradient_shape_must_match_its_variable():
    with pytest.raises(
        ValueError,
        match=r"gradient 0 has shape \(3,\) but its variable has shape \(2,\)",
    ):
        optimizers.SGD().apply_gradients([(np.ones(3), np.zeros(2))])
    with pytest.raises(TypeError, match="must be a NumPy array"):
        optimizers.SGD().apply_gradients([(np.ones(2), [0.0, 0.0])])


def test_get_by_keras_name():
    assert isinstance(optimizers.get("adam"), optimizers.Adam)
    assert optimizers.get("RMSprop").learning_rate == 0.001


def test_state_belongs_to_the_array_not_to_a_reused_id():
    opt = optimizers.SGD(1.0, momentum=0.9)
    for _ in range(3):
        w = np.zeros(2)  # a new array each time, possibly at a recycled address
        opt.apply_gradients([(np.ones(2), w)])
        np.testing.assert_array_equal(w, [-1.0, -1.0])  # a fresh velocity every time
