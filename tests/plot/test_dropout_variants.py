"""Notebook 09's figures beside dropout: built headlessly, with what a student reads."""

import numpy as np
import pytest

from deepstep.plot import dropout_variants as pdv

from .panels import assert_approximation_panels


def test_maxout_approximation_draws_the_target_each_unit_and_the_error_against_bound():
    x = np.linspace(-2, 2, 9)
    fig = pdv.maxout_approximation(x, x**2, {2: np.full(9, 1.0), 3: np.abs(x)}, [2, 3],
                                   [4.0, 1.0], [4.0, 1.0])  # fmt: skip
    legend = ["x²", "maxout, k = 2 pieces", "maxout, k = 3 pieces"]
    assert_approximation_panels(fig, legend, [4.0, 1.0])


def test_maxout_approximation_rejects_mismatched_lengths():
    with pytest.raises(
        ValueError, match="maxout_approximation: x and target need one length"
    ):
        pdv.maxout_approximation([0, 1], [0, 1, 2], {}, [2], [1.0], [1.0])
    with pytest.raises(
        ValueError, match="maxout_approximation: x and target need one length"
    ):
        pdv.maxout_approximation([0, 1], [0, 1], {}, [2, 3], [1.0], [1.0])


def test_weight_masks_shows_both_masks_and_counts_what_they_keep():
    rows = np.array([[1, 1, 1], [0, 0, 0]])
    single = np.array([[1, 0, 1], [0, 1, 0]])
    fig = pdv.weight_masks(rows, single)
    left, right = fig.axes
    np.testing.assert_array_equal(left.images[0].get_array(), rows)
    np.testing.assert_array_equal(right.images[0].get_array(), single)
    assert "3 of 6 kept" in left.get_title() and "3 of 6 kept" in right.get_title()
    with pytest.raises(ValueError, match="weight_masks: the masks need one shape"):
        pdv.weight_masks(rows, single[:, :2])


def test_pixel_ranges_draws_one_histogram_per_sigma_over_the_shaded_range():
    noisy = {0.15: np.linspace(-0.5, 1.5, 100), 1.0: np.linspace(-3, 4, 100)}
    ax = pdv.pixel_ranges(noisy).axes[0]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["clean pixels: [0, 1]", "σ = 0.15", "σ = 1"]
    assert len(ax.patches) == 3  # the shaded span and two step histograms
    with pytest.raises(ValueError, match="pixel_ranges: noisy is empty"):
        pdv.pixel_ranges({})
