"""deepstep.keras_tools: the machine report, MNIST loading, the demo CNN and layer tables.

These tests import TensorFlow (a few seconds); ``import deepstep`` alone never does.
"""

import hashlib
import importlib.metadata
import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("tensorflow")
pytest.importorskip("keras")

from deepstep import keras_tools as kt  # noqa: E402
from deepstep.keras_tools import keras, tf  # noqa: E402

REPO_DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture
def fake_mnist(tmp_path):
    """A small .npz in Keras's MNIST format, with values that identify each array."""
    rng = np.random.default_rng(3)
    arrays = {
        "x_train": rng.integers(0, 256, size=(12, 28, 28), dtype=np.uint8),
        "y_train": rng.integers(0, 10, size=12, dtype=np.uint8),
        "x_test": rng.integers(0, 256, size=(5, 28, 28), dtype=np.uint8),
        "y_test": rng.integers(0, 10, size=5, dtype=np.uint8),
    }
    path = tmp_path / "mnist.npz"
    np.savez(path, **arrays)
    return path, arrays


@pytest.fixture
def hanging_connect(monkeypatch):
    """socket.create_connection stalls, as a DNS lookup does with no network; the stalled
    probe threads are released and joined after the test, so none outlives it."""
    release = threading.Event()

    def hang(*args, **kwargs):
        release.wait(30)
        raise OSError("no network")

    monkeypatch.setattr(kt.socket, "create_connection", hang)
    yield
    release.set()
    for thread in threading.enumerate():
        if thread.name == kt.PROBE_THREAD_NAME:
            thread.join(5)
    assert not any(t.name == kt.PROBE_THREAD_NAME for t in threading.enumerate())


@pytest.fixture
def nowhere(tmp_path, monkeypatch, hanging_connect):
    """No data/mnist.npz nor subset, an empty Keras cache, a download host that never answers."""
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setattr(kt, "DATA_DIR", empty)
    monkeypatch.setenv("KERAS_HOME", str(empty))
    monkeypatch.delenv(kt.MNIST_SOURCE_VARIABLE, raising=False)
    return empty


def closed_loopback_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # free again once closed: nothing listens there


# -- load_mnist -----------------------------------------------------------------------------


def test_load_mnist_reads_a_keras_format_npz_as_stored(fake_mnist, capsys):
    path, arrays = fake_mnist
    (x_train, y_train), (x_test, y_test) = kt.load_mnist(path)
    for name, got in zip(
        ("x_train", "y_train", "x_test", "y_test"), (x_train, y_train, x_test, y_test), strict=True
    ):
        np.testing.assert_array_equal(got, arrays[name])
        assert got.dtype == np.uint8
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "MNIST: read" in out and str(path) in out


def test_load_mnist_prefers_the_repository_data_folder(tmp_path, fake_mnist, monkeypatch, capsys):
    path, arrays = fake_mnist
    monkeypatch.setattr(kt, "DATA_DIR", path.parent)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "unused"))
    (x_train, _), _ = kt.load_mnist()
    np.testing.assert_array_equal(x_train, arrays["x_train"])
    assert "data/mnist.npz" in capsys.readouterr().out


def test_load_mnist_reads_keras_cache_when_data_folder_has_none(nowhere, fake_mnist, capsys):
    path, arrays = fake_mnist
    cache = nowhere / "datasets"
    cache.mkdir()
    (cache / "mnist.npz").write_bytes(path.read_bytes())
    _, (x_test, y_test) = kt.load_mnist()
    np.testing.assert_array_equal(y_test, arrays["y_test"])
    assert str(cache / "mnist.npz") in capsys.readouterr().out


def test_offline_fallback_gives_mnist_shapes_and_dtypes_within_five_seconds(nowhere, capsys):
    start = time.perf_counter()
    (x_train, y_train), (x_test, y_test) = kt.load_mnist()
    elapsed = time.perf_counter() - start
    assert elapsed < 5.0
    assert x_train.shape == (1500, 28, 28) and x_test.shape == (297, 28, 28)
    assert y_train.shape == (1500,) and y_test.shape == (297,)
    for a in (x_train, y_train, x_test, y_test):
        assert a.dtype == np.uint8
    assert x_train.max() == 255 and x_train.min() == 0
    assert set(np.unique(y_train)) == set(range(10)) == set(np.unique(y_test))
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "scikit-learn" in out


def test_fallback_without_download_does_not_touch_the_network(nowhere, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("download=False must not probe the network")

    monkeypatch.setattr(kt, "_reachable", refuse)
    (x_train, _), _ = kt.load_mnist(download=False)
    assert x_train.shape == (1500, 28, 28)


def test_download_is_used_when_the_host_answers_and_the_socket_timeout_is_restored(
    nowhere, fake_mnist, monkeypatch, capsys
):
    path, arrays = fake_mnist
    seen = []

    def fake_load_data():
        seen.append(socket.getdefaulttimeout())
        return kt.read_mnist_npz(path)

    monkeypatch.setattr(kt, "_reachable", lambda host, seconds: True)
    monkeypatch.setattr(keras.datasets.mnist, "load_data", fake_load_data)
    before = socket.getdefaulttimeout()
    (x_train, _), _ = kt.load_mnist()
    np.testing.assert_array_equal(x_train, arrays["x_train"])
    assert seen == [kt.DOWNLOAD_TIMEOUT_SECONDS]
    assert socket.getdefaulttimeout() == before
    assert "downloaded" in capsys.readouterr().out


def test_a_failed_download_falls_back_to_the_digits(nowhere, monkeypatch):
    def broken():
        raise OSError("connection reset")

    monkeypatch.setattr(kt, "_reachable", lambda host, seconds: True)
    monkeypatch.setattr(keras.datasets.mnist, "load_data", broken)
    (x_train, _), _ = kt.load_mnist()
    assert x_train.shape == (1500, 28, 28)


def test_with_no_network_the_shipped_subset_comes_before_the_digits(nowhere, capsys):
    shutil.copyfile(REPO_DATA / kt.SUBSET_FILE, nowhere / kt.SUBSET_FILE)
    (x_train, _), (x_test, _) = kt.load_mnist()
    assert x_train.shape == (10_000, 28, 28) and x_test.shape == (2_000, 28, 28)
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "no network" in out and kt.SUBSET_FILE in out


def test_deepstep_mnist_subset_reads_only_the_subset_and_never_probes(
    tmp_path, fake_mnist, monkeypatch, capsys
):
    path, _ = fake_mnist  # a data/mnist.npz and a Keras cache that must both be passed over
    shutil.copyfile(REPO_DATA / kt.SUBSET_FILE, path.parent / kt.SUBSET_FILE)
    monkeypatch.setattr(kt, "DATA_DIR", path.parent)
    (tmp_path / "datasets").mkdir()
    shutil.copyfile(path, tmp_path / "datasets" / "mnist.npz")
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    monkeypatch.setenv(kt.MNIST_SOURCE_VARIABLE, "subset")

    def refuse(*args, **kwargs):
        raise AssertionError("DEEPSTEP_MNIST=subset must not probe the network")

    monkeypatch.setattr(kt, "_reachable", refuse)
    (x_train, _), _ = kt.load_mnist()
    assert x_train.shape == (10_000, 28, 28)
    assert "DEEPSTEP_MNIST=subset" in capsys.readouterr().out


def test_an_unknown_deepstep_mnist_value_is_refused_by_name(monkeypatch):
    monkeypatch.setenv(kt.MNIST_SOURCE_VARIABLE, "full")
    with pytest.raises(
        ValueError, match=r"load_mnist: the environment variable DEEPSTEP_MNIST.*'full'"
    ):
        kt.load_mnist()


def test_the_shipped_subset_is_the_file_data_readme_describes():
    path = REPO_DATA / kt.SUBSET_FILE
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert digest in (REPO_DATA / "README.md").read_text()
    (x_train, y_train), (x_test, y_test) = kt.read_mnist_npz(path)
    assert x_train.shape == (10_000, 28, 28) and x_test.shape == (2_000, 28, 28)
    assert {a.dtype for a in (x_train, y_train, x_test, y_test)} == {np.dtype(np.uint8)}
    assert y_train[:5].tolist() == [5, 0, 4, 1, 9] and y_test[:5].tolist() == [7, 2, 1, 0, 4]
    assert np.bincount(y_train, minlength=10).min() >= 800  # every digit, roughly balanced


def test_reachable_is_false_for_a_closed_port_and_true_for_a_listening_one():
    assert kt._reachable(("127.0.0.1", closed_loopback_port()), 1.0) is False
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        assert kt._reachable(server.getsockname(), 1.0) is True


def test_reachable_gives_up_after_its_time_even_if_the_connect_hangs(hanging_connect):
    start = time.perf_counter()
    assert kt._reachable(("example.invalid", 443), 0.3) is False
    assert time.perf_counter() - start < 1.0


def test_read_mnist_npz_names_missing_arrays_and_bad_shapes(tmp_path):
    np.savez(tmp_path / "a.npz", x_train=np.zeros((2, 28, 28)), y_train=np.zeros(2))
    with pytest.raises(ValueError, match=r"missing \['x_test', 'y_test'\]"):
        kt.read_mnist_npz(tmp_path / "a.npz")
    np.savez(
        tmp_path / "b.npz",
        x_train=np.zeros((2, 28, 28)),
        y_train=np.zeros(3),
        x_test=np.zeros((1, 28, 28)),
        y_test=np.zeros(1),
    )
    with pytest.raises(ValueError, match=r"x_train must be \(N, H, W\) and y_train \(N,\)"):
        kt.read_mnist_npz(tmp_path / "b.npz")
    with pytest.raises(FileNotFoundError, match="read_mnist_npz: no file"):
        kt.read_mnist_npz(tmp_path / "missing.npz")


def test_digits_as_mnist_is_deterministic_and_splits_every_digit_once():
    from sklearn.datasets import load_digits

    (a_train, a_labels), (a_test, a_test_labels) = kt.digits_as_mnist()
    (b_train, _), _ = kt.digits_as_mnist()
    np.testing.assert_array_equal(a_train, b_train)
    labels = np.concatenate([a_labels, a_test_labels])
    np.testing.assert_array_equal(np.bincount(labels), np.bincount(load_digits().target))
    # MNIST's frame: the digit inside a 20x20 box, a 4-pixel empty border around it.
    images = np.concatenate([a_train, a_test])
    assert not images[:, :4].any() and not images[:, -4:].any()
    assert not images[:, :, :4].any() and not images[:, :, -4:].any()
    with pytest.raises(ValueError, match="test_size must be an int in 1..1796"):
        kt.digits_as_mnist(test_size=0)


# -- resize_bilinear and mnist_input ----------------------------------------------------------


def test_resize_bilinear_matches_tensorflow_half_pixel_bilinear():
    x = np.random.default_rng(0).random((3, 8, 8))
    ours = kt.resize_bilinear(x, 20)
    theirs = tf.image.resize(x[..., None], (20, 20), method="bilinear").numpy()[..., 0]
    np.testing.assert_allclose(ours, theirs, atol=1e-6)


def test_resize_bilinear_keeps_constants_and_is_the_identity_at_the_same_size():
    np.testing.assert_allclose(kt.resize_bilinear(np.full((1, 8, 8), 7.0), 28), 7.0)
    x = np.random.default_rng(1).random((2, 5, 5))
    np.testing.assert_allclose(kt.resize_bilinear(x, 5), x)
    with pytest.raises(ValueError, match=r"images must be \(N, n, n\); got shape \(8, 8\)"):
        kt.resize_bilinear(np.zeros((8, 8)), 4)
    with pytest.raises(ValueError, match="size must be a positive int"):
        kt.resize_bilinear(np.zeros((1, 8, 8)), 0)


def test_mnist_input_scales_pads_and_adds_a_channel():
    x = np.random.default_rng(2).integers(0, 256, size=(4, 28, 28), dtype=np.uint8)
    out = kt.mnist_input(x)
    assert out.shape == (4, 32, 32, 1) and out.dtype == np.float32
    np.testing.assert_allclose(out[:, 2:30, 2:30, 0], x / 255.0, rtol=1e-6)
    border = np.ones((32, 32), bool)
    border[2:30, 2:30] = False
    assert not out[:, border].any()
    with pytest.raises(ValueError, match=r"mnist_input: images must be \(N, 28, 28\)"):
        kt.mnist_input(np.zeros((4, 32, 32)))


# -- the demo model -------------------------------------------------------------------------


def test_mnist_demo_model_has_the_slides_shapes_and_counts():
    model = kt.mnist_demo_model()
    shapes = [tuple(layer.output.shape) for layer in model.layers]
    assert shapes == [(None, 28, 28, 10), (None, 14, 14, 10), (None, 1960), (None, 200), (None, 10)]
    counts = [layer.count_params() for layer in model.layers]
    # Deck 000: (5*5 + 1) * 10 filters; (1,960 + 1) * 200 neurons = 392,200.
    assert counts == [(5 * 5 + 1) * 10, 0, 0, (10 * 14 * 14 + 1) * 200, (200 + 1) * 10]
    assert model.count_params() == 394_470


def test_mnist_demo_model_trains_on_integer_labels():
    keras.utils.set_random_seed(0)
    model = kt.mnist_demo_model()
    assert model.loss == "sparse_categorical_crossentropy"
    x = np.random.default_rng(0).random((8, 32, 32, 1), dtype=np.float32)
    y = np.arange(8, dtype=np.uint8)
    loss, accuracy = model.evaluate(x, y, verbose=0)
    probabilities = model.predict(x, verbose=0)
    # Sparse cross-entropy by hand: the mean of -log p(true class).
    expected = -np.mean(np.log(probabilities[np.arange(8), y]))
    np.testing.assert_allclose(loss, expected, rtol=1e-5)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=1e-5)


def test_mnist_demo_model_keeps_its_softmax_in_float32_under_mixed_precision():
    keras.mixed_precision.set_global_policy("mixed_float16")
    try:
        model = kt.mnist_demo_model()
    finally:
        keras.mixed_precision.set_global_policy("float32")
    assert model.get_layer("conv5x5").compute_dtype == "float16"
    assert model.get_layer("softmax").compute_dtype == "float32"
    out = model(np.zeros((1, 32, 32, 1), np.float32))
    assert keras.backend.standardize_dtype(out.dtype) == "float32"


# -- layer_table ----------------------------------------------------------------------------


def test_layer_table_adds_up_to_count_params_and_counts_by_hand():
    model = kt.mnist_demo_model()
    table = kt.layer_table(model)
    assert table.total_params == model.count_params()
    assert [r.name for r in table] == [
        "input",
        "conv5x5",
        "pool2x2",
        "flatten",
        "dense200",
        "softmax",
    ]
    assert [r.activations for r in table] == [32 * 32, 28 * 28 * 10, 14 * 14 * 10, 1960, 200, 10]
    assert [r.weights for r in table] == [0, 250, 0, 0, 392_000, 2_000]
    assert all(r.memory_bytes == 4 * r.activations for r in table)
    assert kt.layer_table(model, bytes_per_value=2)[1].memory_bytes == 2 * 7_840
    text = str(table)
    assert "7,840" in text and "394,470" in text and text.splitlines()[-1].startswith("total")


def test_layer_table_counts_non_bias_parameters_of_other_layers():
    inputs = keras.Input(shape=(6,))
    hidden = keras.layers.BatchNormalization(name="bn")(keras.layers.Dense(4, name="d")(inputs))
    model = keras.Model(inputs, keras.layers.Dense(2, use_bias=False, name="out")(hidden))
    table = kt.layer_table(model)
    assert [r.kind for r in table] == ["InputLayer", "Dense", "BatchNormalization", "Dense"]
    assert table.total_params == model.count_params() == (6 * 4 + 4) + 4 * 4 + 4 * 2
    # gamma, beta and the two moving statistics are parameters but not biases.
    assert [r.weights for r in table] == [0, 24, 16, 8]


def test_layer_table_reproduces_vgg16_counts():
    with keras.StatelessScope(initialize_variables=False):
        vgg = keras.applications.VGG16(weights=None)
    table = kt.layer_table(vgg)
    assert table.total_params == vgg.count_params() == 138_357_544
    # Deck 003's rows (Flatten has none) add up to 15,237,608 activations.
    assert sum(r.activations for r in table if r.kind != "Flatten") == 15_237_608
    assert table[1].output_shape == (224, 224, 64) and table[1].weights == 3 * 3 * 3 * 64


def test_layer_table_explains_what_it_cannot_use():
    with pytest.raises(TypeError, match="layer_table: model must be a keras.Model; got list"):
        kt.layer_table([])
    unbuilt = keras.Sequential([keras.layers.Dense(3)])
    with pytest.raises(ValueError, match="is not built; start it with keras.Input"):
        kt.layer_table(unbuilt)
    with pytest.raises(ValueError, match="bytes_per_value must be a positive int"):
        kt.layer_table(kt.mnist_demo_model(), bytes_per_value=0)


# -- the machine ----------------------------------------------------------------------------


def test_device_report_runs_and_says_what_to_install_without_a_gpu():
    lines = []
    info = kt.device_report(print_fn=lines.append)
    assert info.tensorflow == tf.__version__ and info.keras == keras.__version__
    assert 3 <= len(lines) <= 6 and lines[0].startswith("TensorFlow ")
    if not tf.config.list_physical_devices("GPU"):
        assert info.gpus == () and not info.mixed_precision_worthwhile
        assert any('pip install -e ".[gpu]"' in line for line in lines)
        assert kt.hardware_name().startswith("CPU: ")


def gpu_info(names=(), caps=(), backend="tensorflow", tensorflow="2.21.0"):
    """A DeviceInfo as device_report would build it on a machine with these GPUs."""
    return kt.DeviceInfo(
        tensorflow=tensorflow,
        keras="3.15.1",
        backend=backend,
        backend_version={"tensorflow": tensorflow, "jax": "0.10.2", "torch": "2.15.0"}[backend],
        gpus=tuple(names),
        compute_capabilities=tuple(caps),
        cuda_build=tensorflow is not None,
        cuda_version="12.5" if tensorflow else None,
        cudnn_version="9" if tensorflow else None,
        mixed_precision_worthwhile=kt.mixed_precision_worthwhile(caps),
    )


def test_report_with_tensor_core_gpus_recommends_mixed_precision_and_no_install():
    info = gpu_info(("NVIDIA H100",), ((9, 0),))
    lines = kt._report_lines(info)
    assert "NVIDIA H100 (compute capability 9.0)" in lines[1]
    assert any("mixed_float16" in line for line in lines)
    assert not any("pip install" in line for line in lines)


def test_report_on_other_backends_names_them_and_their_gpu_install():
    lines = kt._report_lines(gpu_info(backend="jax", tensorflow=None))
    assert lines[0] == "TensorFlow not installed, Keras 3.15.1, backend: jax (jax 0.10.2)"
    assert not any(
        "TensorFlow built" in line for line in lines
    )  # TF's CUDA build is beside the point
    assert 'pip install -U "jax[cuda12]"' in lines[-1]
    lines = kt._report_lines(gpu_info(("NVIDIA A100",), ((8, 0),), backend="torch"))
    assert lines[0].endswith("backend: torch (torch 2.15.0)") and "A100" in lines[1]
    assert not any("install" in line for line in lines)


@pytest.mark.parametrize(
    ("value", "capability"),
    [((8, 6), (8, 6)), ("9.0", (9, 0)), ("7", (7, 0)), (None, None), ("", None), ("n/a", None)],
)
def test_compute_capability_is_read_from_each_backends_form(value, capability):
    assert kt._capability(value) == capability


@pytest.mark.parametrize(
    ("caps", "worthwhile"),
    [([], False), ([(9, 0)], True), ([(7, 0), (8, 6)], True), ([(6, 1)], False), ([None], False)],
)
def test_mixed_precision_needs_tensor_cores_on_every_gpu(caps, worthwhile):
    assert kt.mixed_precision_worthwhile(caps) is worthwhile


def test_distribution_strategy_is_the_default_below_two_gpus_and_mirrored_above(monkeypatch):
    if len(tf.config.list_logical_devices("GPU")) <= 1:
        strategy = kt.distribution_strategy()
        assert strategy is tf.distribute.get_strategy()
        assert strategy.num_replicas_in_sync == 1
    made = []
    monkeypatch.setattr(tf.config, "list_logical_devices", lambda kind=None: ["gpu0", "gpu1"])
    monkeypatch.setattr(tf.distribute, "MirroredStrategy", lambda: made.append(1) or "mirrored")
    assert kt.distribution_strategy() == "mirrored" and made == [1]


def test_training_plan_on_a_cpu_depends_on_the_data_size():
    cpu = gpu_info()
    mnist = kt.training_plan(60_000, cpu)
    assert (mnist.batch_size, mnist.epochs, mnist.learning_rate) == (64, 6, 2e-3)
    assert (mnist.policy, mnist.target_accuracy) == ("float32", 0.988)
    assert mnist.steps(60_000) == 6 * 938  # 937.5 batches per epoch, rounded up
    subset = kt.training_plan(10_000, cpu)
    assert (subset.batch_size, subset.epochs, subset.learning_rate) == (32, 8, 3e-3)
    assert subset.target_accuracy == 0.97 and subset.steps(10_000) == 2_504
    digits = kt.training_plan(1_500, cpu)
    assert (digits.batch_size, digits.epochs, digits.learning_rate) == (32, 10, 1e-3)
    assert digits.target_accuracy == 0.95 and digits.steps(1_500) == 470


def test_training_plan_on_gpus_uses_bigger_batches_per_replica_and_mixed_precision_if_it_pays():
    h100s = gpu_info(("NVIDIA H100", "NVIDIA H100"), ((9, 0), (9, 0)))
    plan = kt.training_plan(60_000, h100s, replicas=2)
    assert (plan.batch_size, plan.learning_rate, plan.policy) == (64 * 4 * 2, 4e-3, "mixed_float16")
    assert plan.epochs == 6 and plan.target_accuracy == 0.988
    pascal = kt.training_plan(60_000, gpu_info(("Tesla P100",), ((6, 0),)))
    assert (pascal.batch_size, pascal.policy) == (256, "float32")  # no tensor cores: stay float32


def test_training_plan_names_what_is_wrong():
    with pytest.raises(ValueError, match="training_plan: n_train must be a positive int; got 0"):
        kt.training_plan(0, gpu_info())
    with pytest.raises(ValueError, match="replicas must be a positive int"):
        kt.training_plan(10, gpu_info(), replicas=0)
    with pytest.raises(TypeError, match="info must be device_report"):
        kt.training_plan(10, {"gpus": ()})


# -- ArrayBatches ---------------------------------------------------------------------------


def test_array_batches_give_every_sample_once_per_epoch_and_reshuffle_reproducibly():
    x, y = np.arange(10.0).reshape(10, 1), np.arange(10)
    batches = kt.ArrayBatches(x, y, 4, shuffle=True, seed=1)
    assert len(batches) == 3 and [len(batches[i][1]) for i in range(3)] == [4, 4, 2]

    def epoch(b):
        xs, ys = zip(*(b[i] for i in range(len(b))), strict=True)
        np.testing.assert_array_equal(np.concatenate(xs)[:, 0], np.concatenate(ys))  # pairs kept
        return np.concatenate(ys)

    first = epoch(batches)
    assert sorted(first) == list(range(10)) and list(first) != list(range(10))
    batches.on_epoch_end()
    second = epoch(batches)
    assert sorted(second) == list(range(10)) and list(second) != list(first)
    again = kt.ArrayBatches(x, y, 4, shuffle=True, seed=1)
    np.testing.assert_array_equal(epoch(again), first)  # same seed, same order
    plain = kt.ArrayBatches(x, y, 4)
    plain.on_epoch_end()
    np.testing.assert_array_equal(epoch(plain), np.arange(10))  # no shuffle: the arrays' order


def test_array_batches_feed_fit_and_predict_like_arrays_do():
    rng = np.random.default_rng(0)
    x = rng.random((40, 32, 32, 1), dtype=np.float32)
    y = rng.integers(0, 10, 40).astype(np.uint8)
    keras.utils.set_random_seed(0)
    model = kt.mnist_demo_model()
    history = model.fit(kt.ArrayBatches(x, y, 16, shuffle=True), epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2
    np.testing.assert_allclose(
        model.predict(kt.ArrayBatches(x, y, 16), verbose=0), model.predict(x, verbose=0), rtol=1e-5
    )


def test_array_batches_name_what_is_wrong():
    with pytest.raises(ValueError, match=r"same number of samples.*\(3, 2\) and \(4,\)"):
        kt.ArrayBatches(np.zeros((3, 2)), np.zeros(4), 2)
    with pytest.raises(ValueError, match="ArrayBatches: batch_size must be a positive int; got 0"):
        kt.ArrayBatches(np.zeros((3, 2)), np.zeros(3), 0)
    with pytest.raises(IndexError, match=r"batch index 2 out of range 0\.\.1"):
        kt.ArrayBatches(np.zeros((3, 2)), np.zeros(3), 2)[2]


# -- other backends -------------------------------------------------------------------------

BACKEND_SCRIPT = """
import sys
from pathlib import Path
if "no-tf" in sys.argv:
    sys.modules["tensorflow"] = None  # as on a JAX-only install
import numpy as np
from deepstep import keras_tools as kt
from deepstep.keras_tools import keras
kt.DATA_DIR = Path(sys.argv[1])  # empty, as is KERAS_HOME: the digits, even where MNIST is
lines = []
info = kt.device_report(print_fn=lines.append)
strategy = kt.distribution_strategy()
(x, y), (xt, yt) = kt.load_mnist(download=False)
plan = kt.training_plan(len(x), info, strategy.num_replicas_in_sync)
keras.utils.set_random_seed(0)
with strategy.scope():
    model = kt.mnist_demo_model()
fit = model.fit(kt.ArrayBatches(kt.mnist_input(x[:256]), y[:256], 64, shuffle=True), epochs=2, verbose=0)
assert fit.history["loss"][1] < fit.history["loss"][0], fit.history
assert kt.layer_table(model).total_params == model.count_params() == 394_470
# several GPUs (pretended): DataParallel over all of them, set for the process
made = []
kt._jax_gpus = lambda: ["gpu:0", "gpu:1"]
keras.distribution.DataParallel = lambda devices: made.append(devices) or "parallel"
keras.distribution.set_distribution = made.append
two = kt.distribution_strategy()
print(f"{lines[0]}|{plan.batch_size} {strategy.num_replicas_in_sync} {kt.tf is None}|"
      f"{two.num_replicas_in_sync}{made}")
"""


@pytest.mark.skipif(importlib.util.find_spec("jax") is None, reason="JAX is not installed")
def test_keras_tools_and_the_demo_model_run_on_the_jax_backend_with_and_without_tensorflow(
    tmp_path,
):
    env = {
        **os.environ,
        "KERAS_BACKEND": "jax",
        "JAX_PLATFORMS": "cpu",
        "KERAS_HOME": str(tmp_path),
    }
    # Both at once: each spends most of its time importing, one core each.
    runs = {
        tensorflow: subprocess.Popen(
            [sys.executable, "-c", BACKEND_SCRIPT, str(tmp_path), tensorflow],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for tensorflow in ("installed", "no-tf")
    }
    for tensorflow, run in runs.items():
        stdout, stderr = run.communicate(timeout=180)
        assert run.returncode == 0, f"{tensorflow}: {stderr[-2000:]}"
        header, plan, two = stdout.strip().splitlines()[-1].split("|")
        assert header.endswith("backend: jax (jax " + importlib.metadata.version("jax") + ")")
        assert header.startswith(
            "TensorFlow not installed" if tensorflow == "no-tf" else "TensorFlow 2."
        )
        assert plan == f"32 1 {tensorflow == 'no-tf'}"  # the fallback digits, one device
        assert two == "2[['gpu:0', 'gpu:1'], 'parallel']"


# -- quiet imports --------------------------------------------------------------------------


def test_quiet_context_drops_native_stderr_only_at_log_level_3(capfd, monkeypatch):
    monkeypatch.setenv("TF_CPP_MIN_LOG_LEVEL", "3")
    with kt._quiet_native_stderr():
        os.write(2, b"native noise\n")
    assert capfd.readouterr().err == ""
    monkeypatch.setenv("TF_CPP_MIN_LOG_LEVEL", "1")  # the user asked for logs: keep them
    with kt._quiet_native_stderr():
        os.write(2, b"native noise\n")
    assert capfd.readouterr().err == "native noise\n"


def test_importing_keras_tools_is_quiet_and_sets_the_log_level():
    env = {k: v for k, v in os.environ.items() if k != "TF_CPP_MIN_LOG_LEVEL"}
    code = "import os, deepstep.keras_tools; print(os.environ['TF_CPP_MIN_LOG_LEVEL'])"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.strip() == "3"
    assert out.stderr == ""


def test_importing_deepstep_loads_neither_keras_tools_nor_tensorflow():
    code = (
        "import sys, deepstep; "
        "print(any(m in sys.modules for m in ('tensorflow', 'keras', 'deepstep.keras_tools')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
