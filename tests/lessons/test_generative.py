"""Tests of deepstep.generative: RBM (CD-1 / PCD), deep belief features, VAE pieces."""

import numpy as np
import pytest
from sklearn.datasets import load_digits
from sklearn.neural_network import BernoulliRBM

from deepstep import generative


def _digits(n=200):
    x = load_digits().data[:n] / 16.0
    return x


def _rbm_like_sklearn(x, n_hidden, lr, batch_size, n_iter, seed):
    """Our PCD RBM, initialised and batched exactly as BernoulliRBM.fit does."""
    rng = np.random.RandomState(seed)
    rbm = generative.RBM(x.shape[1], n_hidden, learning_rate=lr, persistent=True)
    rbm.W = rng.normal(0, 0.01, (n_hidden, x.shape[1])).T.copy()
    rbm.chain = np.zeros((batch_size, n_hidden))
    for _ in range(n_iter):
        for start in range(0, len(x), batch_size):
            rbm.cd_step(x[start : start + batch_size], rng)
    return rbm


def _ours_and_sklearn(our_lr, n_iter):
    """Our PCD RBM at learning rate our_lr and sklearn's at 0.05, both on 200 digits."""
    x = _digits(200)
    ours = _rbm_like_sklearn(x, 16, our_lr, 20, n_iter, seed=0)
    sk = BernoulliRBM(
        n_components=16,
        learning_rate=0.05,
        batch_size=20,
        n_iter=n_iter,
        random_state=0,
    ).fit(x)
    return ours, sk


def test_persistent_cd_matches_sklearn_bernoulli_rbm_exactly():
    ours, sk = _ours_and_sklearn(our_lr=0.05, n_iter=3)
    np.testing.assert_allclose(ours.W, sk.components_.T, atol=1e-12)
    np.testing.assert_allclose(ours.b_h, sk.intercept_hidden_, atol=1e-12)
    np.testing.assert_allclose(ours.b_v, sk.intercept_visible_, atol=1e-12)


def test_a_wrong_learning_rate_breaks_the_sklearn_agreement():
    ours, sk = _ours_and_sklearn(our_lr=0.1, n_iter=1)
    assert np.max(np.abs(ours.W - sk.components_.T)) > 1e-4


def test_free_energy_gives_exact_log_probability_ratios_on_a_tiny_rbm():
    rbm = generative.RBM(3, 2, seed=1)
    rbm.W = np.random.default_rng(2).normal(0, 1, (3, 2))
    rbm.b_v = np.array([0.1, -0.3, 0.2])
    rbm.b_h = np.array([0.5, -0.4])
    vs = np.array([[a, b, c] for a in (0, 1) for b in (0, 1) for c in (0, 1)], float)
    hs = np.array([[a, b] for a in (0, 1) for b in (0, 1)], float)
    energy = -(vs @ rbm.b_v)[:, None] - (hs @ rbm.b_h)[None] - vs @ rbm.W @ hs.T
    log_unnorm = np.log(np.exp(-energy).sum(axis=1))
    np.testing.assert_allclose(-rbm.free_energy(vs), log_unnorm, atol=1e-12)


def test_cd1_training_lowers_reconstruction_error_on_digits():
    x = _digits(300)
    rbm = generative.RBM(64, 32, learning_rate=0.05)
    before = rbm.reconstruction_error(x)
    errors = rbm.fit(x, epochs=5, batch_size=10)
    assert errors[-1] < 0.6 * before
    assert errors[-1] < errors[0]


def test_cd_step_refuses_wrong_width():
    rbm = generative.RBM(4, 2)
    with pytest.raises(ValueError, match="cd_step: v must have 4 columns; got shape"):
        rbm.cd_step(np.zeros((3, 5)), np.random.default_rng(0))


def test_visible_probs_and_cd_step_check_h_and_rng():
    rbm = generative.RBM(4, 2)
    np.testing.assert_allclose(
        rbm.visible_probs(np.zeros((3, 2))), np.full((3, 4), 0.5)
    )
    with pytest.raises(ValueError, match="visible_probs: h must have 2 columns"):
        rbm.visible_probs(np.zeros((3, 4)))
    with pytest.raises(ValueError, match="visible_probs: h contains inf"):
        rbm.visible_probs(np.full((3, 2), np.inf))
    with pytest.raises(
        TypeError, match="cd_step: rng must be a Generator or RandomState"
    ):
        rbm.cd_step(np.zeros((3, 4)), 0)


def test_cd1_weight_update_refuses_infinite_probabilities():
    v, ph = np.ones((2, 3)), np.full((2, 2), 0.5)
    with pytest.raises(ValueError, match="cd1_weight_update: ph1 contains inf"):
        generative.cd1_weight_update(v, ph, v, np.full((2, 2), np.inf), 0.1)


def test_deep_belief_features_have_the_top_layer_size_and_lie_in_0_1():
    stack, feats = generative.deep_belief_features(_digits(100), [20, 10], epochs=2)
    assert [r.n_hidden for r in stack] == [20, 10]
    assert stack[1].n_visible == 20
    assert feats.shape == (100, 10)
    assert feats.min() > 0 and feats.max() < 1


def test_deep_belief_features_refuses_empty_stack():
    with pytest.raises(ValueError, match="hidden_sizes must be non-empty"):
        generative.deep_belief_features(_digits(10), [])


def test_reparameterize_matches_the_sampling_distribution():
    rng = np.random.default_rng(0)
    mu, log_var = np.full((100_000, 1), 2.0), np.full((100_000, 1), np.log(9.0))
    z = generative.reparameterize(mu, log_var, rng.standard_normal(mu.shape))
    assert abs(z.mean() - 2.0) < 0.05
    assert abs(z.std() - 3.0) < 0.05


def test_reparameterize_refuses_mismatched_shapes():
    with pytest.raises(ValueError, match="must share a shape"):
        generative.reparameterize(np.zeros(2), np.zeros(3), np.zeros(2))


def test_gaussian_kl_matches_scipy_numerical_integral():
    from scipy import integrate, stats

    mu, sd = 0.7, 0.5
    p, q = stats.norm(mu, sd), stats.norm(0, 1)
    numeric, _ = integrate.quad(
        lambda t: p.pdf(t) * (p.logpdf(t) - q.logpdf(t)), -10, 10
    )
    ours = generative.gaussian_kl(np.array([[mu]]), np.array([[np.log(sd**2)]]))
    np.testing.assert_allclose(ours, [numeric], rtol=1e-8)
    assert generative.gaussian_kl(np.zeros((1, 3)), np.zeros((1, 3)))[0] == 0.0


def test_code_sparsity_counts_values_near_zero_and_the_mean_magnitude():
    h = np.array([[0.0, 0.01, 0.5, -0.02], [1.0, -0.5, 0.04, 0.2]])
    share, mean_abs = generative.code_sparsity(h, near=0.05)
    assert share == 4 / 8
    assert mean_abs == pytest.approx(np.abs(h).mean())
    assert generative.code_sparsity(h, near=0.3)[0] == 5 / 8


def test_code_sparsity_refuses_codes_that_are_not_a_table():
    with pytest.raises(ValueError, match="code_sparsity: h must be 2-D"):
        generative.code_sparsity(np.zeros(4))
    with pytest.raises(ValueError, match="at least one code"):
        generative.code_sparsity(np.zeros((0, 3)))
    with pytest.raises(ValueError, match="near must be > 0"):
        generative.code_sparsity(np.zeros((2, 3)), near=0.0)
