"""Notebook 16's figure: one line per model plus chance, and clear errors."""

import pytest

from deepstep.plot import recurrent as plot_recurrent


def test_accuracy_vs_lag_draws_one_line_per_model_and_chance():
    fig = plot_recurrent.accuracy_vs_lag(
        [2, 5], {"RNN": [1.0, 0.5], "LSTM": [1.0, 0.9]}
    )
    ax = fig.axes[0]
    assert [line.get_label() for line in ax.lines] == ["RNN", "LSTM", "chance"]
    assert list(ax.lines[1].get_ydata()) == [1.0, 0.9]


def test_accuracy_vs_lag_rejects_a_length_mismatch():
    with pytest.raises(ValueError, match="RNN has 1 accuracies for 2 lags"):
        plot_recurrent.accuracy_vs_lag([2, 5], {"RNN": [1.0]})
