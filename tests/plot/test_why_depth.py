"""Notebook 15's figures: built headlessly, with the curves and labels a student
reads."""

import numpy as np
import pytest

from deepstep import why_depth as wd
from deepstep.plot import why_depth as pwd

from .panels import assert_approximation_panels


def f(x):
    return np.sin(2 * x)


def test_staircase_approximation_draws_f_each_network_and_the_error_curve():
    nets = {n: wd.staircase_network(f, 0, 3, n).predict for n in (4, 16)}
    fig = pwd.staircase_approximation(f, 0, 3, nets, [4, 16], [0.5, 0.1])
    assert_approximation_panels(
        fig, ["f(x)", "4 sigmoid units", "16 sigmoid units"], [0.5, 0.1]
    )


def test_staircase_approximation_rejects_mismatched_units_and_errors():
    with pytest.raises(
        ValueError, match="staircase_approximation: expected 1-D arrays of one length"
    ):
        pwd.staircase_approximation(f, 0, 1, {}, [4, 8], [0.1])


def test_train_vs_test_error_marks_the_interpolation_point():
    fig = pwd.train_vs_test_error(
        [1, 2, 3], [0.5, 0.2, 0.0], [0.6, 0.4, 9.0], n_points=3
    )
    (ax,) = fig.axes
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["training error", "test error", "3 units = 3 points"]
    assert ax.lines[0].get_ydata()[-1] == pytest.approx(
        1e-4
    )  # a zero drawn on a log axis
    with pytest.raises(ValueError, match="train_vs_test_error"):
        pwd.train_vs_test_error([1, 2], [0.1], [0.2, 0.3], 2)


def test_degradation_has_one_panel_per_depth_with_plain_and_residual():
    histories = {(2, False): [0.5, 0.9], (2, True): [0.6, 0.95], (8, False): [0.2, 0.4],
                 (8, True): [0.7, 0.9]}  # fmt: skip
    fig = pwd.degradation(histories)
    assert [ax.get_title() for ax in fig.axes] == ["2 hidden layers", "8 hidden layers"]
    assert [len(ax.lines) for ax in fig.axes] == [2, 2]
    np.testing.assert_allclose(fig.axes[1].lines[0].get_ydata(), [0.2, 0.4])
    with pytest.raises(ValueError, match="degradation: histories is empty"):
        pwd.degradation({})


def test_gradient_per_layer_draws_one_log_line_per_setting():
    fig = pwd.gradient_per_layer(
        {"small": [1e-4, 1e-2, 1.0], "large": [1e3, 10, 1]}, "title"
    )
    (ax,) = fig.axes
    assert ax.get_yscale() == "log" and len(ax.lines) == 2
    np.testing.assert_array_equal(ax.lines[0].get_xdata(), [1, 2, 3])


def test_dense_block_channels_labels_every_bar_and_the_output():
    fig = pwd.dense_block_channels([16, 28, 40], growth_rate=12)
    (ax,) = fig.axes
    assert [t.get_text() for t in ax.texts] == ["16", "28", "40"]
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "layer 1",
        "layer 2",
        "output",
    ]
    assert "k = 12" in ax.get_title()
