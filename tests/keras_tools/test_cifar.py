"""Deck 002's CIFAR-10 model in Keras and the offline loader (notebook 17; imports
TensorFlow)."""

import time

import numpy as np
import pytest

pytest.importorskip("keras")

from deepstep import normalization  # noqa: E402
from deepstep.keras_tools import cifar as kc  # noqa: E402
from deepstep.keras_tools import tf  # noqa: E402


def test_lrn_layer_agrees_with_numpy_and_tensorflow():
    x = np.random.default_rng(0).normal(size=(2, 4, 4, 64)).astype(np.float32) * 8
    got = np.asarray(kc.LocalResponseNormalization(**kc.DECK_LRN)(x))
    np.testing.assert_allclose(got, normalization.lrn(x, **kc.DECK_LRN), rtol=1e-5)
    if tf is not None:
        want = tf.nn.local_response_normalization(x, **kc.DECK_LRN).numpy()
        np.testing.assert_allclose(got, want, rtol=1e-5)


def test_each_layer_has_its_hand_counted_parameters():
    model = kc.cifar_model()
    counts = kc.hand_counted_parameters(24)
    assert counts == {"conv1": 4864, "conv2": 102464, "local3": 885120, "local4": 73920,
                      "softmax_linear": 1930}  # fmt: skip
    for name, n in counts.items():
        assert model.get_layer(name).count_params() == n
    assert model.count_params() == sum(counts.values()) == 1_068_298
    assert kc.hand_counted_parameters(32)["local3"] == 8 * 8 * 64 * 384 + 384


def test_learning_rate_decays_in_a_staircase():
    model = kc.cifar_model(learning_rate=0.1, decay_steps=3, decay_rate=0.5)
    schedule = model.optimizer._learning_rate
    rates = [float(schedule(s)) for s in range(7)]
    np.testing.assert_allclose(rates, [0.1] * 3 + [0.05] * 3 + [0.025], rtol=1e-6)
    assert model.optimizer.use_ema


def test_loader_falls_back_offline_quickly(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    lines = []
    start = time.perf_counter()
    (
        (xt, yt),
        (xv, yv),
    ) = kc.load_cifar10_or_standin(lines.append)[0]
    assert time.perf_counter() - start < 10
    assert "no download" in lines[0] and "not CIFAR-10" in lines[0]
    assert xt.shape == (2000, 32, 32, 3) and xt.dtype == np.uint8 and xv.shape[0] == 500
    assert set(np.unique(yt)) == set(range(10))
    crops = kc.center_crop(xt[:4])
    assert crops.shape == (4, 24, 24, 3)
    np.testing.assert_allclose(crops.mean(axis=(1, 2, 3)), 0, atol=1e-5)
