"""Exercises of notebook 14 (generative and energy-based models): the CD-1 weight update
of a restricted Boltzmann machine, and the KL term of a variational autoencoder.

The references are ``deepstep.generative.cd1_weight_update`` (ΔW = lr/N · (v₀ᵀp₀ -
v₁ᵀp₁)) and ``deepstep.generative.gaussian_kl`` (½ Σ (μ² + σ² - log σ² - 1) over the
last axis).
"""

from __future__ import annotations

import numpy as np

from .. import generative
from .feedback import Case, Exercise, KnownMistake


# -- the CD-1 weight update ------------------------------------------------------------
def _cd1_cases() -> list[Case]:
    rng = np.random.default_rng(13)

    def batch(n, nv, nh):
        v0 = (rng.random((n, nv)) < 0.5).astype(float)
        v1 = (rng.random((n, nv)) < 0.5).astype(float)
        return v0, rng.random((n, nh)), v1, rng.random((n, nh))

    return [
        Case("batch of 10, 6 visible, 4 hidden, lr 0.1", (*batch(10, 6, 4), 0.1)),
        Case("batch of 1", (*batch(1, 5, 3), 0.5)),
        Case("64 visible (8x8 digit), 16 hidden, lr 0.05", (*batch(20, 64, 16), 0.05)),
        Case(
            "grey-level visibles in [0, 1]",
            (
                rng.random((7, 4)),
                rng.random((7, 2)),
                rng.random((7, 4)),
                rng.random((7, 2)),
                1.0,
            ),
        ),
    ]


def _cd1_not_averaged(v0, ph0, v1, ph1, learning_rate):
    return learning_rate * (v0.T @ ph0 - v1.T @ ph1)


def _cd1_sign_flipped(v0, ph0, v1, ph1, learning_rate):
    return learning_rate / len(v0) * (v1.T @ ph1 - v0.T @ ph0)


def _cd1_data_in_model_term(v0, ph0, v1, ph1, learning_rate):
    return learning_rate / len(v0) * (v0.T @ ph0 - v0.T @ ph1)


CD1_WEIGHT_UPDATE = Exercise(
    name="cd1_weight_update",
    notebook="14_generative_models",
    reference=generative.cd1_weight_update,
    compares="generative.cd1_weight_update(v0, ph0, v1, ph1, learning_rate)",
    cases=_cd1_cases,
    mistakes=(
        KnownMistake(
            _cd1_not_averaged,
            "your update is N times too large: the correlations are sums over the "
            "batch; divide by N = len(v0) so the step does not grow with the batch "
            "size.",
        ),
        KnownMistake(
            _cd1_sign_flipped,
            "your sign is reversed: the data term v0ᵀ ph0 comes first (it raises the "
            "probability of the data), the model term v1ᵀ ph1 is subtracted.",
        ),
        KnownMistake(
            _cd1_data_in_model_term,
            "your model term pairs the data v0 with ph1. Both factors of the negative "
            "phase come from the reconstruction: v1ᵀ ph1.",
        ),
    ),
)


# -- the VAE's KL term -----------------------------------------------------------------
def _kl_cases() -> list[Case]:
    rng = np.random.default_rng(14)
    return [
        Case("8 codes, 2-D latent", (rng.normal(size=(8, 2)), rng.normal(size=(8, 2)))),
        Case("μ = 0, log σ² = 0: KL is 0", (np.zeros((3, 4)), np.zeros((3, 4)))),
        Case(
            "one code, 5-D latent",
            (rng.normal(size=(1, 5)), rng.normal(-1, 1, size=(1, 5))),
        ),
        Case("large means", (rng.normal(0, 5, size=(4, 3)), rng.normal(size=(4, 3)))),
    ]


def _kl_log_var_as_variance(mu, log_var):
    return 0.5 * np.sum(mu**2 + log_var - np.log(np.abs(log_var) + 1e-12) - 1, axis=-1)


def _kl_no_minus_one(mu, log_var):
    return 0.5 * np.sum(mu**2 + np.exp(log_var) - log_var, axis=-1)


def _kl_mean_not_sum(mu, log_var):
    return 0.5 * np.mean(mu**2 + np.exp(log_var) - log_var - 1, axis=-1)


def _kl_no_half(mu, log_var):
    return np.sum(mu**2 + np.exp(log_var) - log_var - 1, axis=-1)


GAUSSIAN_KL = Exercise(
    name="gaussian_kl",
    notebook="14_generative_models",
    reference=generative.gaussian_kl,
    compares="generative.gaussian_kl(mu, log_var)",
    cases=_kl_cases,
    mistakes=(
        KnownMistake(
            _kl_no_minus_one,
            "you left out the -1: without it a code that already is N(0, 1) (μ = 0, "
            "log σ² = 0) pays a KL of d/2 instead of 0.",
        ),
        KnownMistake(
            _kl_mean_not_sum,
            "you average over the latent dimensions; the KL of independent dimensions "
            "is their sum (np.sum over the last axis).",
        ),
        KnownMistake(
            _kl_no_half,
            "your KL is twice too large: the formula is ½ Σ (μ² + σ² - log σ² - 1).",
        ),
        KnownMistake(
            _kl_log_var_as_variance,
            "the encoder outputs log σ², not σ²: the variance is np.exp(log_var), and "
            "the log σ² term is log_var itself.",
        ),
    ),
)

EXERCISES = (CD1_WEIGHT_UPDATE, GAUSSIAN_KL)
