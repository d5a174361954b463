"""The GAN figure of notebook 14: built headlessly, with the labels a student reads."""

import numpy as np
import pytest

from deepstep.plot.alt import alt_text
from deepstep.plot.gan import gan_training


def _points(n, seed):
    return np.random.default_rng(seed).normal(size=(n, 2))


def test_gan_training_draws_before_after_and_both_losses():
    fig = gan_training(
        _points(30, 0), _points(10, 1), _points(10, 2), [1.4, 1.3], [0.7, 0.8]
    )
    before, after, losses = fig.axes
    assert (before.get_title(), after.get_title()) == ("before training", "after")
    assert len(before.collections) == 2 and len(after.collections) == 2
    assert before.get_xlabel() == "x₁" and before.get_ylabel() == "x₂"
    labels = [t.get_text() for t in losses.get_legend().get_texts()]
    assert labels == ["D's loss", "G's loss", "2 ln 2", "ln 2"]
    assert list(losses.lines[0].get_ydata()) == [1.4, 1.3]
    assert losses.get_xlabel() == "training step"
    assert "30 real points" in alt_text(fig) and "2 steps" in alt_text(fig)


def test_gan_training_refuses_points_that_are_not_2d_and_unequal_losses():
    good = _points(5, 0)
    with pytest.raises(ValueError, match=r"gan_training: after must be \(N"):
        gan_training(good, good, np.zeros((5, 3)), [1.0], [1.0])
    with pytest.raises(ValueError, match="one value per step"):
        gan_training(good, good, good, [1.0, 2.0], [1.0])
