"""Figures of notebook 13: built headlessly, with the labels a student reads."""

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
    fig = plot_generative.training_curves({"a": [3, 2, 1], "b": [1, 1, 1]}, "error", "t")
    ax = fig.axes[0]
    assert ax.get_xlabel() == "epoch" and ax.get_ylabel() == "error"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b"]
    assert len(ax.lines[0].get_xdata()) == 3
