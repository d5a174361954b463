import copy

import numpy as np
import pytest

from deepstep.gan import gan_step, ring_points, share_near_ring
from deepstep.nn import Input, Sequential, set_random_seed
from deepstep.nn.layers import Dense
from deepstep.nn.optimizers import SGD, Adam


def _pair():
    set_random_seed(13)
    g = Sequential([Input(shape=(2,)), Dense(16, activation="relu"), Dense(2)])
    d = Sequential(
        [
            Input(shape=(2,)),
            Dense(16, activation="relu"),
            Dense(1, activation="sigmoid"),
        ]
    )
    return g, d


def test_first_discriminator_loss_is_near_two_ln_two():
    g, d = _pair()
    rng = np.random.default_rng(13)
    d_loss, _ = gan_step(
        g, d, rng.normal(size=(64, 2)), rng.normal(size=(64, 2)), Adam(1e-3), Adam(1e-3)
    )
    assert abs(d_loss - 2 * np.log(2)) < 0.5


def test_bad_shapes_are_refused():
    g, d = _pair()
    with pytest.raises(ValueError, match="gan_step"):
        gan_step(g, d, np.zeros(3), np.zeros((3, 2)), Adam(), Adam())


def test_one_step_matches_the_losses_written_out_by_hand():
    g, d = _pair()
    rng = np.random.default_rng(0)
    x, z = rng.normal(size=(32, 2)), rng.normal(size=(32, 2))
    p_real, p_fake = d(x), d(g(z))
    expected_d = -np.mean(np.log(p_real)) - np.mean(np.log(1 - p_fake))
    g_before = copy.deepcopy(g)
    d_loss, g_loss = gan_step(g, d, x, z, Adam(1e-3), Adam(1e-3))
    assert d_loss == pytest.approx(expected_d, rel=1e-9)  # D's loss before D's step
    assert g_loss == pytest.approx(
        -np.mean(np.log(d(g_before(z)))), rel=1e-9
    )  # after it


def test_generator_gradient_is_the_numerical_gradient_through_the_discriminator():
    g, d = _pair()
    rng = np.random.default_rng(1)
    x, z = rng.normal(size=(8, 2)), rng.normal(size=(8, 2))
    w = g.trainable_weights[0]
    before = w.copy()

    def g_loss() -> float:
        return float(-np.mean(np.log(d(g(z)))))

    h, i, j = 1e-6, 0, 1
    w[i, j] += h
    up = g_loss()
    w[i, j] -= 2 * h
    down = g_loss()
    w[i, j] += h
    numerical = (up - down) / (2 * h)
    lr = 1e-4
    gan_step(
        g, d, x, z, SGD(1e-300), SGD(lr)
    )  # D all but frozen: G's step is -lr·gradient
    assert (before[i, j] - w[i, j]) / lr == pytest.approx(numerical, rel=1e-5)


def test_a_short_training_puts_most_points_near_the_ring_and_d_near_one_half():
    set_random_seed(13)
    rng = np.random.default_rng(13)

    def net(*out):
        return Sequential(
            [
                Input(shape=(2,)),
                Dense(32, activation="relu"),
                Dense(32, activation="relu"),
            ]
            + [Dense(*out)]
        )

    g, d = net(2), net(1, "sigmoid")
    opt_d, opt_g = Adam(2e-3, beta_1=0.5), Adam(2e-3, beta_1=0.5)
    z_show = rng.normal(size=(500, 2))
    assert share_near_ring(g(z_show)) < 0.1
    for _ in range(1000):
        gan_step(g, d, ring_points(128, rng), rng.normal(size=(128, 2)), opt_d, opt_g)
    assert share_near_ring(g(z_show)) > 0.9
    assert abs(float(d(g(z_show)).mean()) - 0.5) < 0.05


def test_ring_points_lie_at_the_radius_with_the_spread_asked_for():
    pts = ring_points(20_000, np.random.default_rng(0), radius=3.0, sigma=0.2)
    r = np.hypot(*pts.T)
    assert pts.shape == (20_000, 2)
    assert r.mean() == pytest.approx(3.0, abs=0.01)
    assert r.std() == pytest.approx(0.2, abs=0.01)
    angles = np.arctan2(pts[:, 1], pts[:, 0])
    assert np.histogram(angles, bins=4)[0].min() > 4500  # all around the circle


def test_share_near_ring_counts_by_distance_from_the_origin():
    pts = np.array([[2.0, 0.0], [0.0, -2.2], [1.0, 0.0], [0.0, 0.0]])
    assert share_near_ring(pts) == 0.5
    assert share_near_ring(pts, radius=1.0, tol=0.1) == 0.25


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: ring_points(0, np.random.default_rng()), "ring_points: n"),
        (lambda: ring_points(3, 0), "ring_points: rng"),
        (lambda: ring_points(3, np.random.default_rng(), sigma=-1.0), "sigma"),
        (
            lambda: share_near_ring(np.zeros((3, 3))),
            r"share_near_ring: points must be \(N",
        ),
        (lambda: share_near_ring(np.zeros((2, 2)), tol=0.0), "tol"),
    ],
)
def test_bad_ring_arguments_are_refused(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()


def test_gan_step_refuses_what_is_not_a_network_or_an_optimizer():
    g, d = _pair()
    x = np.zeros((4, 2))
    with pytest.raises(TypeError, match="gan_step: generator"):
        gan_step("G", d, x, x, Adam(), Adam())
    with pytest.raises(TypeError, match="gan_step: g_optimizer"):
        gan_step(g, d, x, x, Adam(), "adam")
    with pytest.raises(ValueError, match="at least one row"):
        gan_step(g, d, np.zeros((0, 2)), x, Adam(), Adam())
