"""Notebook 12's top-k figure: bars of the k most probable labels, the true one red."""

import numpy as np
import pytest
from matplotlib.colors import to_hex

from deepstep.plot import alt_text
from deepstep.plot import classification as plot_classification
from deepstep.plot.style import NEGATIVE

PROBS = np.array([[0.1, 0.6, 0.3], [0.5, 0.2, 0.3]])


def test_top_k_bars_draws_the_k_largest_in_order_and_colours_the_true_label():
    fig = plot_classification.top_k_bars(np.zeros((2, 4, 4)), PROBS, [2, 1], k=2)
    bars = fig.axes[1].patches
    assert [b.get_width() for b in bars] == [0.6, 0.3]  # classes 1 then 2
    assert [t.get_text() for t in fig.axes[1].get_yticklabels()] == ["1", "2"]
    assert to_hex(bars[1].get_facecolor()) == to_hex(NEGATIVE)  # class 2 is the truth
    assert to_hex(bars[0].get_facecolor()) != to_hex(NEGATIVE)
    second = fig.axes[3].patches  # truth 1 is not among the top 2 (0 and 2)
    assert all(to_hex(b.get_facecolor()) != to_hex(NEGATIVE) for b in second)
    assert "digit 2: 1 60%, 2 30%" in alt_text(fig)


@pytest.mark.parametrize(
    ("labels", "k", "message"),
    [
        ([2, 3], 2, "labels must be integers in 0..2"),
        ([0, 1], 4, "k must be at most"),
        ([0], 2, "same N"),
    ],
)
def test_top_k_bars_rejects_bad_labels_k_and_lengths(labels, k, message):
    with pytest.raises(ValueError, match=message):
        plot_classification.top_k_bars(np.zeros((2, 4, 4)), PROBS, labels, k=k)


def test_top_k_bars_rejects_probabilities_outside_0_1():
    with pytest.raises(ValueError, match=r"probabilities must lie in \[0, 1\]"):
        plot_classification.top_k_bars(np.zeros((2, 4, 4)), PROBS * 2, [0, 1], k=2)
