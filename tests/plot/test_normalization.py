"""Figures of notebook 17."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from deepstep.plot import normalization as pn


def test_lrn_profile_draws_one_bar_per_channel_in_two_panels():
    fig = pn.lrn_profile(np.arange(8.0), np.arange(8.0) / 2, title="t")
    assert len(fig.axes) == 2 and all(len(ax.patches) == 8 for ax in fig.axes)
    plt.close(fig)
    with pytest.raises(ValueError, match="lrn_profile: after must have shape"):
        pn.lrn_profile(np.ones(3), np.ones(4))


def test_contrast_panels_and_staircase():
    fig = pn.contrast_panels(np.ones((5, 5)), np.zeros((5, 5)))
    assert len(fig.axes[0].images) == 1 and len(fig.axes[1].images) == 1
    plt.close(fig)
    fig = pn.staircase(np.arange(4.0), np.array([1, 1, 0.5, 0.5]))
    assert fig.axes[0].get_yscale() == "log"
    plt.close(fig)
    with pytest.raises(ValueError, match="staircase: rates must have shape"):
        pn.staircase(np.arange(3.0), np.ones(2))
