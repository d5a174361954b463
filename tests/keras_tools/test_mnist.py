"""deepstep.keras_tools.mnist: MNIST from a file, Keras's cache, the download or the
shipped fallbacks; the data folder; the demo model's input.

These tests import TensorFlow (a few seconds); ``import deepstep`` alone never does.
"""

import hashlib
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

from scipy.ndimage import zoom  # noqa: E402

from deepstep import keras_tools as kt  # noqa: E402
from deepstep.keras_tools import (  # noqa: E402
    keras,
    mnist,  # noqa: E402
    tf,
)

REPO_DATA = Path(__file__).resolve().parents[2] / "data"


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
    """socket.create_connection stalls, as a DNS lookup does with no network; the
    stalled probe threads are released and joined after the test, so none outlives
    it."""
    release = threading.Event()

    def hang(*args, **kwargs):
        release.wait(30)
        raise OSError("no network")

    monkeypatch.setattr(mnist.socket, "create_connection", hang)
    yield
    release.set()
    for thread in threading.enumerate():
        if thread.name == kt.PROBE_THREAD_NAME:
            thread.join(5)
    assert not any(t.name == kt.PROBE_THREAD_NAME for t in threading.enumerate())


@pytest.fixture
def nowhere(tmp_path, monkeypatch, hanging_connect):
    """No data/mnist.npz nor subset, an empty Keras cache, a download host that never
    answers."""
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv(kt.DATA_VARIABLE, str(empty))
    monkeypatch.setenv("KERAS_HOME", str(empty))
    monkeypatch.delenv(kt.MNIST_SOURCE_VARIABLE, raising=False)
    return empty


def closed_loopback_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # free again once closed: nothing listens there


# -- load_mnist ------------------------------------------------------------------------


def test_load_mnist_reads_a_keras_format_npz_as_stored(fake_mnist, capsys):
    path, arrays = fake_mnist
    (x_train, y_train), (x_test, y_test) = kt.load_mnist(path)
    for name, got in zip(
        ("x_train", "y_train", "x_test", "y_test"),
        (x_train, y_train, x_test, y_test),
        strict=True,
    ):
        np.testing.assert_array_equal(got, arrays[name])
        assert got.dtype == np.uint8
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "MNIST: read" in out and str(path) in out


def test_load_mnist_prefers_the_repository_data_folder(
    tmp_path, fake_mnist, monkeypatch, capsys
):
    path, arrays = fake_mnist
    monkeypatch.setenv(kt.DATA_VARIABLE, str(path.parent))
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "unused"))
    (x_train, _), _ = kt.load_mnist()
    np.testing.assert_array_equal(x_train, arrays["x_train"])
    assert "data/mnist.npz" in capsys.readouterr().out


def test_load_mnist_reads_keras_cache_when_data_folder_has_none(
    nowhere, fake_mnist, capsys
):
    path, arrays = fake_mnist
    cache = nowhere / "datasets"
    cache.mkdir()
    (cache / "mnist.npz").write_bytes(path.read_bytes())
    _, (x_test, y_test) = kt.load_mnist()
    np.testing.assert_array_equal(y_test, arrays["y_test"])
    assert str(cache / "mnist.npz") in capsys.readouterr().out


def test_offline_fallback_gives_mnist_shapes_and_dtypes_within_five_seconds(
    nowhere, capsys
):
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

    monkeypatch.setattr(mnist, "_reachable", refuse)
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

    monkeypatch.setattr(mnist, "_reachable", lambda host, seconds: True)
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

    monkeypatch.setattr(mnist, "_reachable", lambda host, seconds: True)
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
    path, _ = (
        fake_mnist  # a data/mnist.npz and a Keras cache that must both be passed over
    )
    shutil.copyfile(REPO_DATA / kt.SUBSET_FILE, path.parent / kt.SUBSET_FILE)
    monkeypatch.setenv(kt.DATA_VARIABLE, str(path.parent))
    (tmp_path / "datasets").mkdir()
    shutil.copyfile(path, tmp_path / "datasets" / "mnist.npz")
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    monkeypatch.setenv(kt.MNIST_SOURCE_VARIABLE, "subset")

    def refuse(*args, **kwargs):
        raise AssertionError("DEEPSTEP_MNIST=subset must not probe the network")

    monkeypatch.setattr(mnist, "_reachable", refuse)
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
    assert y_train[:5].tolist() == [5, 0, 4, 1, 9] and y_test[:5].tolist() == [
        7,
        2,
        1,
        0,
        4,
    ]
    assert (
        np.bincount(y_train, minlength=10).min() >= 800
    )  # every digit, roughly balanced


def test_reachable_is_false_for_a_closed_port_and_true_for_a_listening_one():
    assert mnist._reachable(("127.0.0.1", closed_loopback_port()), 1.0) is False
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        assert mnist._reachable(server.getsockname(), 1.0) is True


def test_reachable_gives_up_after_its_time_even_if_the_connect_hangs(hanging_connect):
    start = time.perf_counter()
    assert mnist._reachable(("example.invalid", 443), 0.3) is False
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
    with pytest.raises(
        ValueError, match=r"x_train must be \(N, H, W\) and y_train \(N,\)"
    ):
        kt.read_mnist_npz(tmp_path / "b.npz")
    with pytest.raises(FileNotFoundError, match="read_mnist_npz: no file"):
        kt.read_mnist_npz(tmp_path / "missing.npz")


def test_digits_as_mnist_is_deterministic_and_splits_every_digit_once():
    from sklearn.datasets import load_digits

    (a_train, a_labels), (a_test, a_test_labels) = kt.digits_as_mnist()
    (b_train, _), _ = kt.digits_as_mnist()
    np.testing.assert_array_equal(a_train, b_train)
    labels = np.concatenate([a_labels, a_test_labels])
    np.testing.assert_array_equal(
        np.bincount(labels), np.bincount(load_digits().target)
    )
    # MNIST's frame: the digit inside a 20x20 box, a 4-pixel empty border around it.
    images = np.concatenate([a_train, a_test])
    assert not images[:, :4].any() and not images[:, -4:].any()
    assert not images[:, :, :4].any() and not images[:, :, -4:].any()
    with pytest.raises(ValueError, match="test_size must be an int in 1..1796"):
        kt.digits_as_mnist(test_size=0)


# -- the data folder -------------------------------------------------------------------


def test_data_dir_is_the_environment_variables_folder_when_set(tmp_path, monkeypatch):
    monkeypatch.setenv(kt.DATA_VARIABLE, str(tmp_path / "elsewhere"))
    assert kt.data_dir() == tmp_path / "elsewhere"


def test_data_dir_is_the_repositorys_data_folder_from_the_source_tree(monkeypatch):
    monkeypatch.delenv(kt.DATA_VARIABLE, raising=False)
    assert kt.data_dir() == REPO_DATA
    monkeypatch.setenv(kt.DATA_VARIABLE, "")  # set but empty: as if unset
    assert kt.data_dir() == REPO_DATA


@pytest.mark.parametrize("where", ["site-packages", "lib"])
def test_data_dir_outside_a_source_tree_with_data_is_the_current_folders(
    tmp_path, monkeypatch, where
):
    # An installed copy (site-packages/deepstep/...), or a lib/ with no data/ beside it.
    monkeypatch.delenv(kt.DATA_VARIABLE, raising=False)
    monkeypatch.setattr(
        mnist, "__file__", str(tmp_path / where / "deepstep/keras_tools/mnist.py")
    )
    monkeypatch.chdir(tmp_path)
    assert kt.data_dir() == tmp_path / "data"


def test_an_installed_copy_reads_the_subset_from_the_current_folders_data(tmp_path):
    site = tmp_path / "site-packages"
    shutil.copytree(mnist.__file__.rsplit("/keras_tools/", 1)[0], site / "deepstep")
    (tmp_path / "data").mkdir()
    shutil.copyfile(REPO_DATA / kt.SUBSET_FILE, tmp_path / "data" / kt.SUBSET_FILE)
    code = (
        "import deepstep.keras_tools as kt; (x, _), _ = kt.load_mnist(); "
        "print(kt.__file__, kt.data_dir(), len(x))"
    )
    env = {k: v for k, v in os.environ.items() if k != kt.DATA_VARIABLE}
    env |= {"PYTHONPATH": str(site), kt.MNIST_SOURCE_VARIABLE: "subset"}
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    module, folder, n = out.stdout.splitlines()[-1].split()
    assert (
        module.startswith(str(site))
        and folder == str(tmp_path / "data")
        and n == "10000"
    )


# -- the resize and mnist_input --------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "size"), [(8, 20), (28, 32)]
)  # digits_as_mnist, cifar's stand-in
def test_zoom_as_called_here_is_tensorflows_half_pixel_bilinear(n, size):
    x = np.random.default_rng(0).random((3, n, n))
    ours = zoom(x, (1, size / n, size / n), order=1, grid_mode=True, mode="nearest")
    theirs = tf.image.resize(x[..., None], (size, size), method="bilinear").numpy()[
        ..., 0
    ]
    np.testing.assert_allclose(ours, theirs, atol=1e-6)


def test_digits_as_mnist_are_the_digits_resized_bilinearly_and_rounded():
    from sklearn.datasets import load_digits

    (x_train, _), (x_test, _) = kt.digits_as_mnist()
    order = np.random.default_rng(0).permutation(1797)
    images = np.empty((1797, 28, 28), np.uint8)
    images[order[kt.FALLBACK_TEST_SIZE :]], images[order[: kt.FALLBACK_TEST_SIZE]] = (
        x_train,
        x_test,
    )
    big = tf.image.resize(load_digits().images[..., None], (20, 20), method="bilinear")
    expected = np.round(big.numpy()[..., 0] * (255 / 16))
    # Exact halves (x.5) may round either way by float noise: at most one grey level
    # apart.
    assert np.abs(images[:, 4:24, 4:24] - expected).max() <= 1
    assert np.mean(images[:, 4:24, 4:24] == expected) > 0.99


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
