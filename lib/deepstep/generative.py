"""Energy-based and generative models in NumPy (notebook 14; decks 000 and 004).

A restricted Boltzmann machine (RBM) has binary visible units v (n_visible,) and hidden
units h (n_hidden,) with energy E(v, h) = -v·b_v - h·b_h - v W h. Its conditionals are
independent sigmoids: p(h=1 | v) = σ(v W + b_h), p(v=1 | h) = σ(h Wᵀ + b_v).
Contrastive divergence (CD-1) moves W by lr/N · (v₀ᵀ p(h|v₀) - v₁ᵀ p(h|v₁)), where v₁ is
one Gibbs step away from the data (or from a persistent chain, as scikit-learn's
``BernoulliRBM`` does). A deep belief network stacks RBMs greedily: each one is trained
on the hidden probabilities of the one below.

For the sparse autoencoder: ``code_sparsity`` (the share of code values near zero and
the mean |h| of codes (N, k)). For the variational autoencoder: ``reparameterize`` (z =
μ + σ·ε) and ``gaussian_kl`` (the KL term of a diagonal Gaussian against N(0, I)).

W has shape (n_visible, n_hidden); scikit-learn's ``components_`` is its transpose.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from ._checks import (
    as_finite_scalar,
    as_float_array,
    instance_of,
    name_of,
    positive_int,
    sequence,
)


def sigmoid(x: np.ndarray) -> np.ndarray:
    """σ(x) = 1 / (1 + e^-x), computed without overflow for large |x|."""
    return _sigmoid(as_float_array(x, sigmoid, "x"))


def _sigmoid(x: np.ndarray) -> np.ndarray:
    """``sigmoid`` of a checked array (the RBM calls it every step)."""
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def _bernoulli(
    p: np.ndarray, rng: np.random.Generator | np.random.RandomState
) -> np.ndarray:
    """0/1 samples of the probabilities p (any shape): one uniform draw per entry, as
    scikit-learn's BernoulliRBM draws them, so a shared RandomState gives its
    samples."""
    return (rng.uniform(size=p.shape) < p).astype(float)


def cd1_weight_update(
    v0: np.ndarray,
    ph0: np.ndarray,
    v1: np.ndarray,
    ph1: np.ndarray,
    learning_rate: float,
) -> np.ndarray:
    """ΔW = lr / N · (v₀ᵀ p(h|v₀) - v₁ᵀ p(h|v₁)): data term minus model term.

    v0, v1: (N, n_visible) data and one-Gibbs-step samples; ph0, ph1: (N, n_hidden)
    hidden probabilities for them. Returns (n_visible, n_hidden). All four must be
    finite (samples and probabilities: NaN and inf are refused).
    """
    v0, ph0, v1, ph1 = (
        as_float_array(value, cd1_weight_update, name, ndim=2, allow_inf=False)
        for value, name in ((v0, "v0"), (ph0, "ph0"), (v1, "v1"), (ph1, "ph1"))
    )
    learning_rate = as_finite_scalar(learning_rate, cd1_weight_update, "learning_rate")
    if v0.shape != v1.shape or ph0.shape != ph1.shape or len(v0) != len(ph0):
        raise ValueError(
            f"{name_of(cd1_weight_update)}: v0, v1 must share (N, n_visible) and ph0, "
            f"ph1 (N, n_hidden); got {v0.shape}, {v1.shape}, {ph0.shape}, {ph1.shape}"
        )
    return _cd1_weight_update(v0, ph0, v1, ph1, learning_rate)


def _cd1_weight_update(
    v0: np.ndarray,
    ph0: np.ndarray,
    v1: np.ndarray,
    ph1: np.ndarray,
    learning_rate: float,
) -> np.ndarray:
    """``cd1_weight_update`` of checked arrays (``RBM.cd_step`` calls it every step)."""
    return learning_rate / len(v0) * (v0.T @ ph0 - v1.T @ ph1)


class RBM:
    """A Bernoulli–Bernoulli RBM trained by CD-1 (or persistent CD with
    ``persistent=True``).

    W: (n_visible, n_hidden) drawn N(0, 0.01²) from ``seed`` like scikit-learn's; biases
    0.
    """

    def __init__(
        self,
        n_visible: int,
        n_hidden: int,
        *,
        learning_rate: float = 0.1,
        persistent: bool = False,
        seed: int = 0,
    ) -> None:
        self.n_visible = positive_int(n_visible, RBM, "n_visible")
        self.n_hidden = positive_int(n_hidden, RBM, "n_hidden")
        self.learning_rate = as_finite_scalar(
            learning_rate, RBM, "learning_rate", positive=True
        )
        self.persistent = bool(persistent)
        rng = np.random.default_rng(seed)
        self.W = rng.normal(0.0, 0.01, (self.n_visible, self.n_hidden))
        self.b_h = np.zeros(self.n_hidden)
        self.b_v = np.zeros(self.n_visible)
        self.chain: np.ndarray | None = (
            None  # persistent hidden samples (batch, n_hidden)
        )

    def _visible(self, v: npt.ArrayLike, func: object) -> np.ndarray:
        v = as_float_array(v, func, "v", ndim=2)
        if v.shape[1] != self.n_visible:
            raise ValueError(
                f"{name_of(func)}: v must have {self.n_visible} columns; got shape "
                f"{v.shape}"
            )
        return v

    def hidden_probs(self, v: npt.ArrayLike) -> np.ndarray:
        """p(h=1 | v): (N, n_visible) -> (N, n_hidden)."""
        return self._hidden_probs(self._visible(v, self.hidden_probs))

    def visible_probs(self, h: npt.ArrayLike) -> np.ndarray:
        """p(v=1 | h): (N, n_hidden) -> (N, n_visible). h: finite (hidden samples or
        probabilities), one column per hidden unit."""
        h = as_float_array(h, self.visible_probs, "h", ndim=2, allow_inf=False)
        if h.shape[1] != self.n_hidden:
            raise ValueError(
                f"{name_of(self.visible_probs)}: h must have {self.n_hidden} columns "
                f"(one per hidden unit); got shape {h.shape}"
            )
        return self._visible_probs(h)

    # The unchecked twins: cd_step and reconstruction_error call them on arrays they
    # checked (or computed) already, so a training step scans its batch once.
    def _hidden_probs(self, v: np.ndarray) -> np.ndarray:
        return _sigmoid(v @ self.W + self.b_h)

    def _visible_probs(self, h: np.ndarray) -> np.ndarray:
        return _sigmoid(h @ self.W.T + self.b_v)

    def free_energy(self, v: npt.ArrayLike) -> np.ndarray:
        """F(v) = -v·b_v - Σ_j log(1 + e^(vW + b_h)_j), so p(v) ∝ e^-F(v). (N,) per
        row."""
        v = self._visible(v, self.free_energy)
        return -v @ self.b_v - np.logaddexp(0.0, v @ self.W + self.b_h).sum(axis=1)

    def reconstruction_error(self, v: npt.ArrayLike) -> float:
        """Mean squared error of the mean-field reconstruction p(v | p(h | v))."""
        v = self._visible(v, self.reconstruction_error)
        return float(np.mean((v - self._visible_probs(self._hidden_probs(v))) ** 2))

    def cd_step(
        self, v: npt.ArrayLike, rng: np.random.Generator | np.random.RandomState
    ) -> None:
        """One CD-1 update on the batch v (N, n_visible), in place.

        Random draws, in order (so a shared RandomState reproduces scikit-learn):
        h₀ sample (only without a persistent chain), v₁ sample, and with ``persistent``
        the next chain state. rng: a NumPy ``Generator`` or ``RandomState``.
        """
        v0 = self._visible(v, self.cd_step)
        instance_of(
            rng, (np.random.Generator, np.random.RandomState), self.cd_step, "rng"
        )
        h0 = self._hidden_probs(v0)
        if self.persistent:
            if self.chain is None:
                self.chain = np.zeros((v0.shape[0], self.n_hidden))
            h_start = self.chain
        else:
            h_start = _bernoulli(h0, rng)
        pv1 = self._visible_probs(h_start)
        v1 = _bernoulli(pv1, rng)
        h1 = self._hidden_probs(v1)
        lr = self.learning_rate / v0.shape[0]
        self.W += _cd1_weight_update(v0, h0, v1, h1, self.learning_rate)
        self.b_h += lr * (h0.sum(axis=0) - h1.sum(axis=0))
        self.b_v += lr * (v0.sum(axis=0) - v1.sum(axis=0))
        if self.persistent:
            self.chain = _bernoulli(h1, rng)

    def fit(
        self, v: npt.ArrayLike, *, epochs: int = 10, batch_size: int = 10, seed: int = 0
    ) -> list[float]:
        """CD-1 over shuffled mini-batches; returns the reconstruction error after each
        epoch."""
        v = self._visible(v, self.fit)
        epochs = positive_int(epochs, self.fit, "epochs")
        batch_size = positive_int(batch_size, self.fit, "batch_size")
        rng = np.random.default_rng(seed)
        errors = []
        for _ in range(epochs):
            order = rng.permutation(len(v))
            for start in range(0, len(v), batch_size):
                self.cd_step(v[order[start : start + batch_size]], rng)
            errors.append(self.reconstruction_error(v))
        return errors


def deep_belief_features(
    v: npt.ArrayLike,
    hidden_sizes: list[int],
    *,
    epochs: int = 10,
    learning_rate: float = 0.05,
    seed: int = 0,
) -> tuple[list[RBM], np.ndarray]:
    """Greedy layer-wise training: RBM k learns on the hidden probabilities of RBM k-1.

    v: (N, n_visible) in [0, 1]. Returns (the RBMs, the top layer's features (N, last
    size)).
    """
    x = as_float_array(v, deep_belief_features, "v", ndim=2, allow_inf=False)
    hidden_sizes = [
        positive_int(n, deep_belief_features, "hidden_sizes")
        for n in sequence(
            hidden_sizes, deep_belief_features, "hidden_sizes", non_empty=False
        )
    ]
    if not hidden_sizes:
        raise ValueError(
            f"{name_of(deep_belief_features)}: hidden_sizes must be non-empty; got []"
        )
    stack = []
    for k, size in enumerate(hidden_sizes):
        rbm = RBM(x.shape[1], size, learning_rate=learning_rate, seed=seed + k)
        rbm.fit(x, epochs=epochs, seed=seed + k)
        stack.append(rbm)
        x = rbm.hidden_probs(x)
    return stack, x


def reparameterize(
    mu: npt.ArrayLike, log_var: npt.ArrayLike, eps: npt.ArrayLike
) -> np.ndarray:
    """z = μ + exp(log σ² / 2) · ε, all (N, d): the sample is a differentiable function
    of μ, σ."""
    mu = as_float_array(mu, reparameterize, "mu", allow_inf=False)
    log_var = as_float_array(log_var, reparameterize, "log_var", allow_inf=False)
    eps = as_float_array(eps, reparameterize, "eps", allow_inf=False)
    if not mu.shape == log_var.shape == eps.shape:
        raise ValueError(
            f"{name_of(reparameterize)}: mu, log_var, eps must share a shape; got "
            f"{mu.shape}, {log_var.shape}, {eps.shape}"
        )
    return mu + np.exp(0.5 * log_var) * eps


def gaussian_kl(mu: npt.ArrayLike, log_var: npt.ArrayLike) -> np.ndarray:
    """KL(N(μ, σ²) ‖ N(0, 1)) summed over the last axis: ½ Σ (μ² + σ² - log σ² - 1).
    (N,)"""
    mu = as_float_array(mu, gaussian_kl, "mu", allow_inf=False)
    log_var = as_float_array(log_var, gaussian_kl, "log_var", allow_inf=False)
    if mu.shape != log_var.shape:
        raise ValueError(
            f"{name_of(gaussian_kl)}: mu and log_var must share a shape; got "
            f"{mu.shape} and {log_var.shape}"
        )
    return 0.5 * np.sum(mu**2 + np.exp(log_var) - log_var - 1.0, axis=-1)


def code_sparsity(h: npt.ArrayLike, near: float = 0.05) -> tuple[float, float]:
    """(share of |h| below ``near``, mean |h|) for codes h (N, k): how sparse a code
    is."""
    h = as_float_array(h, code_sparsity, "h", ndim=2, allow_inf=False)
    if h.size == 0:
        raise ValueError(
            f"{name_of(code_sparsity)}: h needs at least one code; got {h.shape}"
        )
    near = as_finite_scalar(near, code_sparsity, "near", positive=True)
    return float(np.mean(np.abs(h) < near)), float(np.mean(np.abs(h)))
