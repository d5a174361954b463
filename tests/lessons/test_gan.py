import numpy as np
import pytest

from deepstep.gan import gan_step
from deepstep.nn import Input, Sequential, set_random_seed
from deepstep.nn.layers import Dense
from deepstep.nn.optimizers import Adam


def _pair():
    set_random_seed(13)
    g = Sequential([Input(shape=(2,)), Dense(16, activation="relu"), Dense(2)])
    d = Sequential(
        [Input(shape=(2,)), Dense(16, activation="relu"), Dense(1, activation="sigmoid")]
    )
    return g, d


def test_first_discriminator_loss_is_near_two_ln_two():
    g, d = _pair()
    rng = np.random.default_rng(13)
    d_loss, _ = gan_step(
        g, d, rng.normal(size=(64, 2)), rng.normal(size=(64, 2)), Adam(1e-3), Adam(1e-3)
    )
    assert abs(d_loss - 2 * np.log(2)) < 0.5


def test_bad_shapes_are_refused():
    g, d = _pair()
    with pytest.raises(ValueError, match="gan_step"):
        gan_step(g, d, np.zeros(3), np.zeros((3, 2)), Adam(), Adam())
