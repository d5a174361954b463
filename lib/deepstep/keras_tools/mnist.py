"""MNIST for notebooks 12 and 13 (and tools/gpu_check.py, benchmarks/): found locally,
downloaded by Keras if the network answers, else the digits the course ships.

- ``load_mnist(path=None)``: MNIST exactly as ``keras.datasets.mnist.load_data()``
  returns it, saying in one line where it came from;
- ``data_dir()``: the folder searched first (DEEPSTEP_DATA, else the repository's
  data/);
- ``read_mnist_npz(path)``: an .npz in Keras's MNIST format, checked;
- ``digits_as_mnist()``: scikit-learn's 8x8 digits in MNIST's form, the last fallback;
- ``mnist_input(images)``: uint8 (N, 28, 28) -> float32 (N, 32, 32, 1) in [0, 1].
"""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import numpy as np
import numpy.typing as npt
from scipy.ndimage import zoom

from .._checks import name_of
from .backend import keras

#: The environment variable naming the data folder (holding mnist.npz,
#: mnist_subset.npz).
DATA_VARIABLE = "DEEPSTEP_DATA"
#: Keras downloads MNIST from here (keras.datasets.mnist.load_data).
MNIST_HOST = ("storage.googleapis.com", 443)
#: At most this long is spent finding out whether the download host answers.
PROBE_SECONDS = 2.5
#: Socket timeout while Keras downloads: a stalled transfer fails instead of hanging.
DOWNLOAD_TIMEOUT_SECONDS = 10.0
#: How many of scikit-learn's 1,797 digits the fallback keeps for testing (the rest
#: train).
FALLBACK_TEST_SIZE = 297
#: The real MNIST digits the repository ships (data/README.md): 10,000 train, 2,000
#: test.
SUBSET_FILE = "mnist_subset.npz"
#: DEEPSTEP_MNIST=subset makes load_mnist read the shipped subset and nothing else, with
#: no network: `make execute` and `make nbval` set it, so saved outputs are the same
#: everywhere.
MNIST_SOURCE_VARIABLE = "DEEPSTEP_MNIST"

_NPZ_KEYS = ("x_train", "y_train", "x_test", "y_test")
MnistSplits = tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]


def data_dir() -> Path:
    """The folder holding the course's data (mnist_subset.npz, and mnist.npz if you add
    it).

    The first that applies: the folder named by the environment variable DEEPSTEP_DATA;
    the repository's data/ when deepstep runs from its source tree (lib/deepstep/, an
    editable install or lib/ on PYTHONPATH) and that folder exists; else data/ in the
    current directory. Read on every call, so setting DEEPSTEP_DATA later takes effect.
    """
    named = os.environ.get(DATA_VARIABLE)
    if named:
        return Path(named).expanduser()
    lib = (
        Path(__file__).resolve().parents[2]
    )  # lib/ in the repository: lib/deepstep/keras_tools
    if lib.name == "lib" and (lib.parent / "data").is_dir():
        return lib.parent / "data"
    return Path.cwd() / "data"


def _keras_cache_path() -> Path:
    # Keras's own rule: $KERAS_HOME, else ~/.keras; MNIST lands in datasets/mnist.npz.
    home = os.environ.get("KERAS_HOME") or Path.home() / ".keras"
    return Path(home) / "datasets" / "mnist.npz"


def read_mnist_npz(path: str | os.PathLike[str]) -> MnistSplits:
    """Read an .npz in Keras's MNIST format: arrays x_train, y_train, x_test, y_test.

    Returns ((x_train, y_train), (x_test, y_test)) as stored. Images must be (N, H, W),
    labels (N,) with one label per image.
    """
    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"{name_of(read_mnist_npz)}: no file at {str(p)!r}")
    with np.load(p, allow_pickle=False) as f:
        missing = [k for k in _NPZ_KEYS if k not in f.files]
        if missing:
            raise ValueError(
                f"{name_of(read_mnist_npz)}: {str(p)!r} must hold arrays "
                f"{list(_NPZ_KEYS)} (Keras's MNIST format); missing {missing}, found "
                f"{sorted(f.files)}"
            )
        arrays = {k: f[k] for k in _NPZ_KEYS}
    for split in ("train", "test"):
        x, y = arrays[f"x_{split}"], arrays[f"y_{split}"]
        if x.ndim != 3 or y.ndim != 1 or len(x) != len(y):
            raise ValueError(
                f"{name_of(read_mnist_npz)}: x_{split} must be (N, H, W) and "
                f"y_{split} (N,); got {x.shape} and {y.shape}"
            )
    return (arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])


#: The name of the thread that probes the download host (tests wait for it to end).
PROBE_THREAD_NAME = "deepstep-mnist-probe"


def _reachable(host: tuple[str, int], seconds: float) -> bool:
    """Whether a TCP connection to host opens within ``seconds``, name lookup included.

    The attempt runs in a daemon thread so that a DNS lookup with no network, which
    socket timeouts do not cover, cannot hold the caller longer than ``seconds``.
    """
    result: list[bool] = []

    def attempt() -> None:
        try:
            with socket.create_connection(host, timeout=seconds):
                result.append(True)
        except (
            Exception
        ):  # any failure means "not reachable"; none may escape the thread
            result.append(False)

    thread = threading.Thread(target=attempt, name=PROBE_THREAD_NAME, daemon=True)
    thread.start()
    thread.join(seconds)
    return bool(result and result[0])


def _download_mnist() -> MnistSplits | None:
    if not _reachable(MNIST_HOST, PROBE_SECONDS):
        return None
    before = socket.getdefaulttimeout()
    socket.setdefaulttimeout(DOWNLOAD_TIMEOUT_SECONDS)
    try:
        return keras.datasets.mnist.load_data()
    except (
        Exception
    ):  # any failed download (HTTP, timeout, bad hash) means: use the fallback
        return None
    finally:
        socket.setdefaulttimeout(before)


def digits_as_mnist(test_size: int = FALLBACK_TEST_SIZE) -> MnistSplits:
    """scikit-learn's 1,797 digits (8x8, values 0..16) in MNIST's form, for offline use.

    Each digit is resized to 20x20 (bilinear, pixel centres aligned:
    ``scipy.ndimage.zoom`` with order=1, grid_mode=True, edges repeated, as
    ``tf.image.resize`` does) and centred in a 28x28 frame with a 4-pixel border, as
    MNIST frames its digits; values become uint8 0..255 and labels uint8 0..9. A fixed
    permutation (seed 0) puts ``test_size`` digits in the test set and the rest in
    training.
    """
    from sklearn.datasets import (
        load_digits,
    )  # only the offline fallback needs scikit-learn

    digits = load_digits()
    n = len(digits.images)
    if (
        isinstance(test_size, bool)
        or not isinstance(test_size, int)
        or not 0 < test_size < n
    ):
        raise ValueError(
            f"{name_of(digits_as_mnist)}: test_size must be an int in 1..{n - 1}; got "
            f"{test_size!r}"
        )
    big = zoom(
        digits.images, (1, 20 / 8, 20 / 8), order=1, grid_mode=True, mode="nearest"
    )
    big *= 255 / 16
    images = np.pad(
        np.clip(np.round(big), 0, 255).astype(np.uint8), ((0, 0), (4, 4), (4, 4))
    )
    labels = digits.target.astype(np.uint8)
    order = np.random.default_rng(0).permutation(n)
    test, train = order[:test_size], order[test_size:]
    return (images[train], labels[train]), (images[test], labels[test])


def load_mnist(
    path: str | os.PathLike[str] | None = None, *, download: bool = True
) -> MnistSplits:
    """MNIST as ((x_train, y_train), (x_test, y_test)), like
    keras.datasets.mnist.load_data().

    Notebooks 12 and 13. Images uint8 (N, 28, 28) with values 0..255, labels uint8 (N,).
    With ``path``, reads that .npz (Keras's format). Otherwise the first that works,
    saying which in one line:

    1. mnist.npz in ``data_dir()``, the repository's data/ (the full set, if you put it
       there);
    2. Keras's cache, $KERAS_HOME or ~/.keras, datasets/mnist.npz;
    3. Keras's download, if the host answers within PROBE_SECONDS (skipped with
       download=False);
    4. mnist_subset.npz in ``data_dir()``: 10,000 + 2,000 real MNIST digits shipped with
       the course;
    5. scikit-learn's digits in MNIST's form (``digits_as_mnist``): 1,500 train, 297
       test.

    With the environment variable DEEPSTEP_MNIST=subset, only 4 (then 5) are tried: no
    network and the same data on every machine, for the saved outputs and their checks.
    """
    if path is not None:
        splits = read_mnist_npz(path)
        print(f"MNIST: read {path}")
        return splits
    source = os.environ.get(MNIST_SOURCE_VARIABLE, "")
    if source not in ("", "subset"):
        raise ValueError(
            f"load_mnist: the environment variable {MNIST_SOURCE_VARIABLE} must be "
            f"unset or 'subset'; got {source!r}"
        )
    start, why = time.perf_counter(), f"{MNIST_SOURCE_VARIABLE}=subset"
    folder = data_dir()
    if not source:
        for place, where in (
            (folder / "mnist.npz", "data/mnist.npz"),
            (_keras_cache_path(), ""),
        ):
            if place.is_file():
                splits = read_mnist_npz(place)
                print(
                    f"MNIST: read {where or place} ({len(splits[0][0]):,} training "
                    "images)"
                )
                return splits
        splits = _download_mnist() if download else None
        if splits is not None:
            print(f"MNIST: downloaded by Keras to {_keras_cache_path()}")
            return splits
        why = (
            f"no network ({time.perf_counter() - start:.1f} s)"
            if download
            else "download=False"
        )
    if (folder / SUBSET_FILE).is_file():
        splits = read_mnist_npz(folder / SUBSET_FILE)
        print(
            f"MNIST: {why}, so the real MNIST subset shipped in data/{SUBSET_FILE} "
            f"({len(splits[0][0]):,} train, {len(splits[1][0]):,} test)"
        )
        return splits
    splits = digits_as_mnist()
    print(
        f"MNIST: not in data/ or Keras's cache, {why}: using scikit-learn's digits, "
        f"8x8 resized to 28x28 ({len(splits[0][0]):,} train, {len(splits[1][0]):,} "
        "test)"
    )
    return splits


def mnist_input(images: npt.ArrayLike) -> np.ndarray:
    """MNIST images ready for the demo model: (N, 28, 28) uint8 -> (N, 32, 32, 1)
    float32.

    Values are divided by 255 (to 0..1) and a 2-pixel border of zeros is added on every
    side: the slides' demo takes 32x32 inputs, as LeNet-5 did with MNIST's 28x28 digits.
    """
    x = np.asarray(images)
    if x.ndim != 3 or x.shape[1:] != (28, 28):
        raise ValueError(
            f"{name_of(mnist_input)}: images must be (N, 28, 28); got shape {x.shape}"
        )
    if not (
        np.issubdtype(x.dtype, np.number)
        and not np.issubdtype(x.dtype, np.complexfloating)
    ):
        raise TypeError(
            f"{name_of(mnist_input)}: images must be real numbers; got dtype {x.dtype}"
        )
    scaled = x.astype(np.float32) / np.float32(255)
    return np.pad(scaled, ((0, 0), (2, 2), (2, 2)))[..., None]
