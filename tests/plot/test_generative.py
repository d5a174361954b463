"""Figures of notebook 14: built headlessly, with the labels a student reads."""

import numpy as np
import pytest

from deepstep import plot
from deepstep.plot import generative as plot_generative


def test_digit_rows_draws_one_row_per_array_with_its_label():
    rows = [np.zeros((8, 64)), np.ones((8, 64))]
    fig = plot.digit_rows(rows, ["clean", "noisy"])
    assert len(fig.axes) == 16
    assert fig.axes[0].get_ylabel() == "clean"
    assert fig.axes[8].get_ylabel() == "noisy"


def test_digit_rows_refuses_a_missing_label():
    with pytest.raises(ValueError, match="one label per row"):
        plot.digit_rows([np.zeros((8, 64))], [])


def test_training_curves_label_axes_and_legend():
    fig = plot_generative.training_curves(
        {"a": [3, 2, 1], "b": [1, 1, 1]}, "error", "t"
    )
    ax = fig.axes[0]
    assert ax.get_xlabel() == "epoch" and ax.get_ylabel() == "error"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b"]
    assert len(ax.lines[0].get_xdata()) == 3


def test_sparse_codes_draws_one_histogram_per_model_and_their_units():
    rng = np.random.default_rng(0)
    codes = {
        "plain": rng.uniform(size=(20, 6)),
        "sparse": rng.uniform(size=(20, 6)) ** 4,
    }
    kernels = {"plain": rng.normal(size=(64, 6)), "sparse": rng.normal(size=(64, 6))}
    fig = plot_generative.sparse_codes(codes, kernels)
    hist, *units = fig.axes
    assert [t.get_text() for t in hist.get_legend().get_texts()] == ["plain", "sparse"]
    assert hist.get_yscale() == "log" and hist.get_xlabel() == "code value h"
    assert [ax.get_title() for ax in units] == [
        "plain: 6 units' weights",
        "sparse: 6 units' weights",
    ]
    assert units[0].images[0].get_array().shape == (8, 8 * 9 - 1)  # one row of 6 tiles


def test_sparse_codes_refuses_kernels_that_do_not_match_the_codes():
    codes = {"a": np.zeros((3, 4))}
    with pytest.raises(ValueError, match="same models"):
        plot_generative.sparse_codes(codes, {"b": np.zeros((64, 4))})
    with pytest.raises(ValueError, match=r"must be \(64, 4\)"):
        plot_generative.sparse_codes(codes, {"a": np.zeros((64, 5))})


def test_latent_space_scatters_the_codes_and_tiles_the_decoded_grid():
    mu = np.array([[0.0, 1.0], [1.0, -1.0], [-2.0, 0.5]])
    decoded = np.linspace(0, 1, 9 * 64).reshape(9, 64)
    fig = plot_generative.latent_space(mu, np.array([0, 3, 9]), decoded, 2.0)
    left, right, _ = fig.axes  # the last axes is the colour bar
    assert left.collections[0].get_offsets().shape == (3, 2)
    assert right.images[0].get_array().shape == (26, 26)
    assert right.images[0].get_extent() == [-3.0, 3.0, -3.0, 3.0]  # tiles centred on z
    assert np.allclose(right.images[0].get_array()[:8, :8], decoded[0].reshape(8, 8))
    assert right.get_title() == "decoded 3×3 grid of z"


def test_latent_space_refuses_a_grid_that_is_not_square():
    with pytest.raises(ValueError, match="square grid"):
        plot_generative.latent_space(
            np.zeros((2, 2)), np.zeros(2), np.zeros((5, 64)), 1.0
        )
    with pytest.raises(ValueError, match="one label each"):
        plot_generative.latent_space(
            np.zeros((2, 2)), np.zeros(3), np.zeros((4, 64)), 1.0
        )
