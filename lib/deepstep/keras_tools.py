"""Keras helpers for notebooks 10–12: the machine, the MNIST data, the slides' demo CNN.

This module imports Keras (and with it TensorFlow, the default backend); so does
``keras_architectures``, which builds on it. ``import deepstep`` loads neither; ask for
them by name:

    from deepstep import keras_tools

- ``device_report()``: versions, GPUs, CUDA/cuDNN build, whether mixed precision pays off;
- ``distribution_strategy()``: data parallelism over several GPUs, one device otherwise;
- ``training_plan(n_train, info)``: batch, epochs, step size and dtype policy for the demo;
- ``load_mnist(path=None)``: MNIST exactly as ``keras.datasets.mnist.load_data()`` returns
  it, from a local file when there is one, and scikit-learn's digits when offline;
- ``mnist_input(images)``: uint8 (N, 28, 28) -> float32 (N, 32, 32, 1) in [0, 1];
- ``ArrayBatches(x, y, batch_size)``: shuffled batches from arrays, on any backend;
- ``mnist_demo_model()``: slide deck 000's MNIST demo CNN, compiled;
- ``layer_table(model)``: slide deck 003's VGG16 columns for any built model;

Importing it is quiet: TF_CPP_MIN_LOG_LEVEL is set to "3" before TensorFlow loads
(unless you set it yourself), and TensorFlow's start-up lines on stderr are dropped.
``from deepstep.keras_tools import keras, tf`` gives the same modules as ``import keras``
and ``import tensorflow as tf``, loaded that quiet way; ``tf`` is None where TensorFlow is
not installed. TensorFlow is the default backend, and what CI runs; everything here also
works with ``KERAS_BACKEND=jax``, with or without TensorFlow installed (the tests check
both), and is written for ``torch`` the same way, though no test runs it there.
"""

from __future__ import annotations

import contextlib
import os
import platform
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from ._checks import name_of, positive_int

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


@contextlib.contextmanager
def _quiet_native_stderr() -> Iterator[None]:
    """Send file descriptor 2 to /dev/null for the duration, when logs are meant to be quiet.

    TensorFlow >= 2.20 prints its start-up lines (oneDNN, CUDA drivers) through abseil
    before TF_CPP_MIN_LOG_LEVEL is read, straight to the C-level stderr, where Python's
    sys.stderr cannot catch them. A user who asked for logs (level below "3") keeps them.
    """
    if os.environ.get("TF_CPP_MIN_LOG_LEVEL") != "3":
        yield
        return
    try:
        sys.stderr.flush()
        saved = os.dup(2)
        devnull = os.open(os.devnull, os.O_WRONLY)
    except (OSError, ValueError, AttributeError):  # no usable fd 2 (embedded interpreters)
        yield
        return
    os.dup2(devnull, 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


with _quiet_native_stderr():
    import keras

    try:  # Keras's default backend; tf.data, tf.distribute and TF's device queries need it
        import tensorflow as tf
    except ImportError:  # a JAX- or PyTorch-only install: Keras trains without TensorFlow
        tf = None


def _backend() -> str:
    return keras.backend.backend()


# -- the machine ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DeviceInfo:
    """What ``device_report`` found.

    tensorflow: TensorFlow's version, None when it is not installed; backend: Keras's
    backend ("tensorflow", "jax" or "torch") and backend_version that library's version.
    gpus: the GPU names the backend sees; compute_capabilities: (major, minor) per GPU,
    None where the backend does not say (non-NVIDIA devices). cuda_*: how TensorFlow was
    built (False/None when TensorFlow is absent).
    """

    tensorflow: str | None
    keras: str
    backend: str
    backend_version: str
    gpus: tuple[str, ...]
    compute_capabilities: tuple[tuple[int, int] | None, ...]
    cuda_build: bool
    cuda_version: str | None
    cudnn_version: str | None
    mixed_precision_worthwhile: bool


#: What to install when TensorFlow sees no GPU (the project's optional extra).
GPU_INSTALL_HINT = (
    'pip install -e ".[gpu]"  (TensorFlow with its CUDA libraries: tensorflow[and-cuda])'
)
#: The same advice for Keras's other backends.
GPU_INSTALL_HINTS = {
    "tensorflow": GPU_INSTALL_HINT,
    "jax": 'pip install -U "jax[cuda12]"  (JAX with its CUDA libraries)',
    "torch": "a CUDA build of PyTorch, as https://pytorch.org/get-started/locally/ shows",
}


def mixed_precision_worthwhile(
    compute_capabilities: Sequence[tuple[int, int] | None],
) -> bool:
    """True when every GPU has tensor cores (NVIDIA compute capability >= 7.0).

    compute_capabilities: one (major, minor) per GPU, None when unknown. Mixed precision
    (float16 maths, float32 weights) speeds up only tensor-core GPUs; on a CPU, or on an
    older or unknown GPU, it saves nothing and may cost time, so no GPUs means False.
    """
    caps = list(compute_capabilities)
    return bool(caps) and all(c is not None and tuple(c) >= (7, 0) for c in caps)


def _capability(value: Any) -> tuple[int, int] | None:
    # TensorFlow gives (8, 0), PyTorch (8, 0), JAX the text "8.0"; others give nothing
    if value is None or value == "":
        return None
    parts = str(value).split(".") if isinstance(value, str) else list(value)
    try:
        return int(parts[0]), int(parts[1]) if len(parts) > 1 else 0
    except (TypeError, ValueError):
        return None


def _gpu_details() -> tuple[tuple[str, ...], tuple[tuple[int, int] | None, ...]]:
    """Names and compute capabilities of the GPUs that Keras's backend will train on."""
    names: list[str] = []
    caps: list[tuple[int, int] | None] = []
    backend = _backend()
    with _quiet_native_stderr():  # the first device query logs CUDA start-up on stderr
        if backend == "jax":
            import jax

            for device in jax.devices():
                if device.platform == "gpu":
                    names.append(str(device.device_kind))
                    caps.append(_capability(getattr(device, "compute_capability", None)))
        elif backend == "torch":
            import torch

            for i in range(torch.cuda.device_count() if torch.cuda.is_available() else 0):
                names.append(torch.cuda.get_device_name(i))
                caps.append(_capability(torch.cuda.get_device_capability(i)))
        elif tf is not None:
            for gpu in tf.config.list_physical_devices("GPU"):
                details = tf.config.experimental.get_device_details(gpu)
                names.append(str(details.get("device_name", gpu.name)))
                caps.append(_capability(details.get("compute_capability")))
    return tuple(names), tuple(caps)


def _backend_version(backend: str) -> str:
    if backend == "tensorflow":
        return tf.__version__
    module = __import__(backend)  # "jax" or "torch": already loaded by Keras
    return str(getattr(module, "__version__", "?"))


def device_report(print_fn: Callable[[str], Any] = print) -> DeviceInfo:
    """Print, in a few lines, what Keras will train on here, and return it as a DeviceInfo.

    Lines: versions and backend; the GPUs the backend sees; the CUDA/cuDNN versions
    TensorFlow was built with (TensorFlow backend only); whether mixed precision pays off;
    what to install for a GPU when there is none.
    """
    build = tf.sysconfig.get_build_info() if tf is not None else {}
    names, caps = _gpu_details()
    backend = _backend()
    info = DeviceInfo(
        tensorflow=tf.__version__ if tf is not None else None,
        keras=keras.__version__,
        backend=backend,
        backend_version=_backend_version(backend),
        gpus=names,
        compute_capabilities=caps,
        cuda_build=bool(build.get("is_cuda_build", False)),
        cuda_version=build.get("cuda_version"),
        cudnn_version=build.get("cudnn_version"),
        mixed_precision_worthwhile=mixed_precision_worthwhile(caps),
    )
    for line in _report_lines(info):
        print_fn(line)
    return info


def _report_lines(info: DeviceInfo) -> list[str]:
    tensorflow = f"TensorFlow {info.tensorflow}" if info.tensorflow else "TensorFlow not installed"
    lines = [f"{tensorflow}, Keras {info.keras}, backend: {info.backend}"]
    if info.backend != "tensorflow":
        lines[0] += f" ({info.backend} {info.backend_version})"
    if info.gpus:
        shown = [
            f"{name} (compute capability {cap[0]}.{cap[1]})" if cap else name
            for name, cap in zip(info.gpus, info.compute_capabilities, strict=True)
        ]
        lines.append(f"GPUs: {len(info.gpus)} — " + "; ".join(shown))
    else:
        lines.append("GPUs: none — Keras will train on the CPU")
    if info.backend == "tensorflow" and info.cuda_build:
        lines.append(f"TensorFlow built with CUDA {info.cuda_version}, cuDNN {info.cudnn_version}")
    elif info.backend == "tensorflow":
        lines.append("TensorFlow built without CUDA (it cannot use NVIDIA GPUs)")
    if info.mixed_precision_worthwhile:
        lines.append(
            'Mixed precision: worthwhile (tensor cores): keras.mixed_precision.set_global_policy("mixed_float16")'
        )
    else:
        lines.append("Mixed precision: not worthwhile here (no tensor-core GPU); stay in float32")
    if not info.gpus:
        hint = GPU_INSTALL_HINTS.get(info.backend, GPU_INSTALL_HINT)
        lines.append(f"To train on an NVIDIA GPU (Linux or WSL2): {hint}")
    return lines


def hardware_name() -> str:
    """A short label for what trains here: the first GPU's name, else the CPU's model and cores."""
    names, _ = _gpu_details()
    if names:
        return f"GPU: {names[0]}" + (f" (×{len(names)})" if len(names) > 1 else "")
    model = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"CPU: {model} ({os.cpu_count()} cores)"


@dataclass(frozen=True)
class KerasDistribution:
    """What ``distribution_strategy`` returns on the JAX and PyTorch backends.

    It answers the two questions the notebooks ask of a tf.distribute strategy:
    ``num_replicas_in_sync`` (devices sharing each batch) and ``scope()`` (where to build
    the model). distribution: the keras.distribution.DataParallel in force, or None.
    """

    num_replicas_in_sync: int = 1
    distribution: Any = None

    def scope(self) -> contextlib.AbstractContextManager[Any]:
        return (
            self.distribution.scope() if self.distribution is not None else contextlib.nullcontext()
        )


def distribution_strategy() -> Any:
    """Data parallelism over every GPU when there are several; one device otherwise.

    Build and compile the model inside ``with distribution_strategy().scope():`` and divide
    work by its ``num_replicas_in_sync``. The same code runs on a laptop and a GPU server:
    - TensorFlow backend: tf.distribute.MirroredStrategy with more than one GPU, else the
      default strategy, whose scope changes nothing;
    - JAX backend: with more than one GPU, keras.distribution.DataParallel, set for the whole
      process (Keras's way), wrapped in a KerasDistribution; else a one-device one;
    - PyTorch backend: a one-device KerasDistribution (Keras's fit uses one GPU there;
      several need torchrun and PyTorch's own DistributedDataParallel).
    """
    backend = _backend()
    if backend == "tensorflow":
        with _quiet_native_stderr():
            gpus = tf.config.list_logical_devices("GPU")
        if len(gpus) > 1:
            return tf.distribute.MirroredStrategy()
        return tf.distribute.get_strategy()
    if backend == "jax":
        gpus = _jax_gpus()
        if len(gpus) > 1:
            parallel = keras.distribution.DataParallel(devices=gpus)
            keras.distribution.set_distribution(parallel)
            return KerasDistribution(len(gpus), parallel)
    return KerasDistribution()


def _jax_gpus() -> list[str]:
    # Keras's device names ("gpu:0", ...); list_devices("gpu") raises when JAX has none
    import jax

    with _quiet_native_stderr():
        count = sum(device.platform == "gpu" for device in jax.devices())
    return keras.distribution.list_devices("gpu") if count else []


# -- MNIST ----------------------------------------------------------------------------------

#: Where data/mnist.npz is looked for first: the repository's data/ folder.
DATA_DIR = Path(__file__).resolve().parents[2] / "data"
#: Keras downloads MNIST from here (keras.datasets.mnist.load_data).
MNIST_HOST = ("storage.googleapis.com", 443)
#: At most this long is spent finding out whether the download host answers.
PROBE_SECONDS = 2.5
#: Socket timeout while Keras downloads: a stalled transfer fails instead of hanging.
DOWNLOAD_TIMEOUT_SECONDS = 10.0
#: How many of scikit-learn's 1,797 digits the fallback keeps for testing (the rest train).
FALLBACK_TEST_SIZE = 297
#: The real MNIST digits the repository ships (data/README.md): 10,000 train, 2,000 test.
SUBSET_FILE = "mnist_subset.npz"
#: DEEPSTEP_MNIST=subset makes load_mnist read the shipped subset and nothing else, with no
#: network: `make execute` and `make nbval` set it, so saved outputs are the same everywhere.
MNIST_SOURCE_VARIABLE = "DEEPSTEP_MNIST"

_NPZ_KEYS = ("x_train", "y_train", "x_test", "y_test")
MnistSplits = tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]


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
                f"{name_of(read_mnist_npz)}: {str(p)!r} must hold arrays {list(_NPZ_KEYS)} (Keras's MNIST "
                f"format); missing {missing}, found {sorted(f.files)}"
            )
        arrays = {k: f[k] for k in _NPZ_KEYS}
    for split in ("train", "test"):
        x, y = arrays[f"x_{split}"], arrays[f"y_{split}"]
        if x.ndim != 3 or y.ndim != 1 or len(x) != len(y):
            raise ValueError(
                f"{name_of(read_mnist_npz)}: x_{split} must be (N, H, W) and y_{split} (N,); "
                f"got {x.shape} and {y.shape}"
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
        except Exception:  # any failure means "not reachable"; none may escape the thread
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
    except Exception:  # any failed download (HTTP, timeout, bad hash) means: use the fallback
        return None
    finally:
        socket.setdefaulttimeout(before)


def resize_bilinear(images: npt.ArrayLike, size: int) -> np.ndarray:
    """Resize square images by bilinear interpolation, pixel centres aligned.

    images: (N, n, n) -> (N, size, size), float64. Each output pixel reads the input at
    (i + 0.5) · n / size − 0.5, clamped to the edge, mixing its two nearest neighbours
    per axis; a constant image stays constant.
    """
    x = np.asarray(images, dtype=float)
    if x.ndim != 3 or x.shape[1] != x.shape[2]:
        raise ValueError(
            f"{name_of(resize_bilinear)}: images must be (N, n, n); got shape {x.shape}"
        )
    positive_int(size, resize_bilinear, "size")
    n = x.shape[1]
    src = np.clip((np.arange(size) + 0.5) * n / size - 0.5, 0, n - 1)
    lo = np.floor(src).astype(int)
    hi = np.minimum(lo + 1, n - 1)
    frac = src - lo
    m = np.zeros((size, n))  # m @ column gives the resized column
    np.add.at(m, (np.arange(size), lo), 1 - frac)
    np.add.at(m, (np.arange(size), hi), frac)
    return np.einsum("ij,njk,lk->nil", m, x, m)


def digits_as_mnist(test_size: int = FALLBACK_TEST_SIZE) -> MnistSplits:
    """scikit-learn's 1,797 digits (8x8, values 0..16) in MNIST's form, for offline use.

    Each digit is resized to 20x20 and centred in a 28x28 frame with a 4-pixel border, as
    MNIST frames its digits; values become uint8 0..255 and labels uint8 0..9. A fixed
    permutation (seed 0) puts ``test_size`` digits in the test set and the rest in training.
    """
    from sklearn.datasets import load_digits  # only the offline fallback needs scikit-learn

    digits = load_digits()
    n = len(digits.images)
    if isinstance(test_size, bool) or not isinstance(test_size, int) or not 0 < test_size < n:
        raise ValueError(
            f"{name_of(digits_as_mnist)}: test_size must be an int in 1..{n - 1}; got {test_size!r}"
        )
    big = resize_bilinear(digits.images, 20) * (255 / 16)
    images = np.pad(np.clip(np.round(big), 0, 255).astype(np.uint8), ((0, 0), (4, 4), (4, 4)))
    labels = digits.target.astype(np.uint8)
    order = np.random.default_rng(0).permutation(n)
    test, train = order[:test_size], order[test_size:]
    return (images[train], labels[train]), (images[test], labels[test])


def load_mnist(path: str | os.PathLike[str] | None = None, *, download: bool = True) -> MnistSplits:
    """MNIST as ((x_train, y_train), (x_test, y_test)), like keras.datasets.mnist.load_data().

    Notebooks 11 and 12. Images uint8 (N, 28, 28) with values 0..255, labels uint8 (N,).
    With ``path``, reads that .npz (Keras's format). Otherwise the first that works, saying
    which in one line:

    1. data/mnist.npz in the repository (the full set, if you put it there);
    2. Keras's cache, $KERAS_HOME or ~/.keras, datasets/mnist.npz;
    3. Keras's download, if the host answers within PROBE_SECONDS (skipped with
       download=False);
    4. data/mnist_subset.npz: 10,000 + 2,000 real MNIST digits shipped with the course;
    5. scikit-learn's digits in MNIST's form (``digits_as_mnist``): 1,500 train, 297 test.

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
            f"load_mnist: the environment variable {MNIST_SOURCE_VARIABLE} must be unset or "
            f"'subset'; got {source!r}"
        )
    start, why = time.perf_counter(), f"{MNIST_SOURCE_VARIABLE}=subset"
    if not source:
        for place, where in ((DATA_DIR / "mnist.npz", "data/mnist.npz"), (_keras_cache_path(), "")):
            if place.is_file():
                splits = read_mnist_npz(place)
                print(f"MNIST: read {where or place} ({len(splits[0][0]):,} training images)")
                return splits
        splits = _download_mnist() if download else None
        if splits is not None:
            print(f"MNIST: downloaded by Keras to {_keras_cache_path()}")
            return splits
        why = f"no network ({time.perf_counter() - start:.1f} s)" if download else "download=False"
    if (DATA_DIR / SUBSET_FILE).is_file():
        splits = read_mnist_npz(DATA_DIR / SUBSET_FILE)
        print(
            f"MNIST: {why}, so the real MNIST subset shipped in data/{SUBSET_FILE} "
            f"({len(splits[0][0]):,} train, {len(splits[1][0]):,} test)"
        )
        return splits
    splits = digits_as_mnist()
    print(
        f"MNIST: not in data/ or Keras's cache, {why}: using scikit-learn's digits, "
        f"8x8 resized to 28x28 ({len(splits[0][0]):,} train, {len(splits[1][0]):,} test)"
    )
    return splits


def mnist_input(images: npt.ArrayLike) -> np.ndarray:
    """MNIST images ready for the demo model: (N, 28, 28) uint8 -> (N, 32, 32, 1) float32.

    Values are divided by 255 (to 0..1) and a 2-pixel border of zeros is added on every
    side: the slides' demo takes 32x32 inputs, as LeNet-5 did with MNIST's 28x28 digits.
    """
    x = np.asarray(images)
    if x.ndim != 3 or x.shape[1:] != (28, 28):
        raise ValueError(f"{name_of(mnist_input)}: images must be (N, 28, 28); got shape {x.shape}")
    if not (np.issubdtype(x.dtype, np.number) and not np.issubdtype(x.dtype, np.complexfloating)):
        raise TypeError(f"{name_of(mnist_input)}: images must be real numbers; got dtype {x.dtype}")
    scaled = x.astype(np.float32) / np.float32(255)
    return np.pad(scaled, ((0, 0), (2, 2), (2, 2)))[..., None]


class ArrayBatches(keras.utils.PyDataset):
    """Batches of (x, y) from NumPy arrays for ``fit``, ``evaluate`` and ``predict``.

    The plain-Keras stand-in for a tf.data pipeline: it works on every backend and needs
    no TensorFlow. x: (N, ...), y: (N,) or (N, ...). With shuffle=True the order is drawn
    from ``seed`` and drawn again after every epoch, so a run repeats exactly; otherwise
    batches follow the arrays. There are ceil(N / batch_size) batches; when batch_size
    does not divide N, the last one is smaller.
    """

    def __init__(
        self,
        x: npt.ArrayLike,
        y: npt.ArrayLike,
        batch_size: int,
        *,
        shuffle: bool = False,
        seed: int = 0,
    ) -> None:
        super().__init__()
        self.x, self.y = np.asarray(x), np.asarray(y)
        if self.x.ndim < 1 or self.y.ndim < 1 or len(self.x) != len(self.y) or not len(self.x):
            raise ValueError(
                f"{name_of(ArrayBatches)}: x and y need the same number of samples, at least one; "
                f"got shapes {self.x.shape} and {self.y.shape}"
            )
        self.batch_size = positive_int(batch_size, ArrayBatches, "batch_size")
        self.shuffle = bool(shuffle)
        self._rng = np.random.default_rng(seed)
        self._order = self._rng.permutation(len(self.x)) if self.shuffle else np.arange(len(self.x))

    def __len__(self) -> int:
        return -(-len(self.x) // self.batch_size)

    def __getitem__(self, index: int) -> tuple[np.ndarray, np.ndarray]:
        if not 0 <= index < len(self):
            raise IndexError(
                f"{name_of(ArrayBatches)}: batch index {index} out of range 0..{len(self) - 1}"
            )
        rows = self._order[index * self.batch_size : (index + 1) * self.batch_size]
        return self.x[rows], self.y[rows]

    def on_epoch_end(self) -> None:
        if self.shuffle:
            self._order = self._rng.permutation(len(self.x))


# -- the demo model -------------------------------------------------------------------------


def mnist_demo_model(optimizer: str | keras.optimizers.Optimizer = "adam") -> keras.Sequential:
    """Slide deck 000's CNN for MNIST, compiled for integer labels 0..9.

    (N, 32, 32, 1) -> Conv2D(10, 5x5, stride 1, ReLU) (N, 28, 28, 10)
    -> MaxPooling2D(2) (N, 14, 14, 10) -> Flatten (N, 1960) -> Dense(200, ReLU)
    -> Dense(10, softmax). Loss: sparse categorical cross-entropy; metric: accuracy.
    The softmax layer always computes in float32, so the model also trains safely under
    the "mixed_float16" policy. Layers are named, so summaries read the same every run.
    """
    layers = keras.layers
    model = keras.Sequential(
        [
            keras.Input(shape=(32, 32, 1), name="image"),
            layers.Conv2D(10, 5, strides=1, activation="relu", name="conv5x5"),
            layers.MaxPooling2D(2, name="pool2x2"),
            layers.Flatten(name="flatten"),
            layers.Dense(200, activation="relu", name="dense200"),
            layers.Dense(10, activation="softmax", dtype="float32", name="softmax"),
        ],
        name="mnist_demo",
    )
    model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


#: Training sets at least this large are trained as full MNIST (which has 60,000 images).
FULL_MNIST_SIZE = 50_000
#: ... and at least this large as the shipped subset (10,000 real MNIST digits).
MNIST_SUBSET_SIZE = 10_000


@dataclass(frozen=True)
class TrainingPlan:
    """How notebook 11 trains the demo model: batch, epochs, Adam's first step size, dtype
    policy, and the test accuracy that training should reach on this data."""

    batch_size: int
    epochs: int
    learning_rate: float
    policy: str
    target_accuracy: float

    def steps(self, n_train: int) -> int:
        """Optimizer steps in the whole run: batches per epoch (rounded up) × epochs."""
        return self.epochs * -(
            -positive_int(n_train, TrainingPlan.steps, "n_train") // self.batch_size
        )


def training_plan(n_train: int, info: DeviceInfo, replicas: int = 1) -> TrainingPlan:
    """The demo model's training settings for this data and this machine.

    - Full MNIST (n_train >= FULL_MNIST_SIZE): batches of 64, 6 epochs, Adam from 2e-3
      (cosine-decayed to 0 by the caller); 98.8% test accuracy is the target. On real MNIST,
      on a CPU, this gave 98.96–99.08% for seeds 0–3.
    - The shipped subset (n_train >= MNIST_SUBSET_SIZE: 10,000 train, 2,000 test):
      batches of 32, 8 epochs, 3e-3; target 97%. On the subset, on a CPU, this gave
      97.35 / 97.30 / 97.55% for seeds 0–2 (batches of 64 for 6 epochs: 96.1–96.7%).
    - Fewer images (the 1,500 fallback digits): batches of 32, 10 epochs, 1e-3; target 95%.
    - On a GPU (``info.gpus``): a batch 4 × larger per replica, so each step has enough work,
      and twice the step size to match; "mixed_float16" where ``info`` says it pays off.
      (On real MNIST, batch 256 with 4e-3 reached 98.92–99.00% in float32 for seeds 0–1, and
      98.96% in mixed_float16 for seed 0, emulated on a CPU.)
    replicas: ``distribution_strategy().num_replicas_in_sync``.
    """
    positive_int(n_train, training_plan, "n_train")
    positive_int(replicas, training_plan, "replicas")
    if not isinstance(info, DeviceInfo):
        raise TypeError(
            f"{name_of(training_plan)}: info must be device_report()'s DeviceInfo; got {type(info).__name__}"
        )
    if n_train >= FULL_MNIST_SIZE:
        batch_size, epochs, learning_rate, target = 64, 6, 2e-3, 0.988
    elif n_train >= MNIST_SUBSET_SIZE:
        batch_size, epochs, learning_rate, target = 32, 8, 3e-3, 0.97
    else:
        batch_size, epochs, learning_rate, target = 32, 10, 1e-3, 0.95
    policy = "float32"
    if info.gpus:
        batch_size *= 4 * replicas
        learning_rate *= 2
        if info.mixed_precision_worthwhile:
            policy = "mixed_float16"
    return TrainingPlan(batch_size, epochs, learning_rate, policy, target)


# -- layer tables ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LayerRow:
    """One row of a layer table, for one image (the batch axis left out).

    activations: values in the output; memory_bytes: activations × bytes per value;
    weights: parameters without biases (as slide deck 003 counts them); params: all of them.
    """

    name: str
    kind: str
    output_shape: tuple[int, ...]
    activations: int
    memory_bytes: int
    weights: int
    params: int


def _size_text(nbytes: int) -> str:
    for unit, scale in (("MB", 10**6), ("kB", 10**3)):
        if nbytes >= scale:
            return f"{nbytes / scale:.2f} {unit}"
    return f"{nbytes} B"


@dataclass(frozen=True)
class LayerTable:
    """Per-layer output shapes, activations, memory and parameters; ``print`` shows it."""

    rows: tuple[LayerRow, ...]
    bytes_per_value: int = 4

    def __iter__(self) -> Iterator[LayerRow]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, i: int) -> LayerRow:
        return self.rows[i]

    @property
    def total_activations(self) -> int:
        return sum(r.activations for r in self.rows)

    @property
    def total_memory_bytes(self) -> int:
        return sum(r.memory_bytes for r in self.rows)

    @property
    def total_params(self) -> int:
        return sum(r.params for r in self.rows)

    def __str__(self) -> str:
        head = ("layer", "type", "output", "activations", "memory", "weights", "params")
        body = [
            (
                r.name,
                r.kind,
                "x".join(map(str, r.output_shape)),
                f"{r.activations:,}",
                _size_text(r.memory_bytes),
                f"{r.weights:,}",
                f"{r.params:,}",
            )
            for r in self.rows
        ]
        total = (
            "total",
            "",
            "",
            f"{self.total_activations:,}",
            _size_text(self.total_memory_bytes),
            f"{sum(r.weights for r in self.rows):,}",
            f"{self.total_params:,}",
        )
        table = [head, *body, total]
        widths = [max(len(row[i]) for row in table) for i in range(len(head))]

        def line(row: tuple[str, ...]) -> str:
            left = [c.ljust(w) for c, w in zip(row[:3], widths, strict=False)]
            right = [c.rjust(w) for c, w in zip(row[3:], widths[3:], strict=True)]
            return "  ".join(left + right).rstrip()

        rule = "-" * len(line(head))
        return "\n".join([line(head), rule, *map(line, body), rule, line(total)])


def _shape_of(tensor: Any, who: str) -> tuple[int, ...]:
    shape = tuple(tensor.shape)[1:]
    if any(s is None for s in shape):
        raise ValueError(f"layer_table: {who} has an unknown size in its output shape {shape}")
    return tuple(int(s) for s in shape)


def layer_table(model: keras.Model, bytes_per_value: int = 4) -> LayerTable:
    """Slide deck 003's VGG16 columns for every layer of a built Keras model, input first.

    Per layer: output shape (one image), activations (values in that output), memory
    (activations × bytes_per_value, 4 for float32), weights (no biases) and params (all).
    The params column adds up to ``model.count_params()``.
    """
    if not isinstance(model, keras.Model):
        raise TypeError(
            f"{name_of(layer_table)}: model must be a keras.Model; got {type(model).__name__}"
        )
    positive_int(bytes_per_value, layer_table, "bytes_per_value")
    try:
        inputs = model.inputs
    except (AttributeError, ValueError):
        inputs = None
    if not inputs:
        raise ValueError(
            f"{name_of(layer_table)}: model {model.name!r} is not built; start it with keras.Input(shape=...)"
        )
    rows = []

    def add(name: str, kind: str, shape: tuple[int, ...], layer: Any = None) -> None:
        activations = int(np.prod(shape, dtype=np.int64))
        params = layer.count_params() if layer is not None and layer.weights else 0
        biases = sum(
            int(np.prod(w.shape)) for w in (layer.weights if layer else []) if w.name == "bias"
        )
        rows.append(
            LayerRow(
                name,
                kind,
                shape,
                activations,
                activations * bytes_per_value,
                params - biases,
                params,
            )
        )

    if not any(isinstance(layer, keras.layers.InputLayer) for layer in model.layers):
        for tensor in inputs:  # a Sequential model keeps its Input out of model.layers
            add(
                tensor.name if len(inputs) > 1 else "input",
                "InputLayer",
                _shape_of(tensor, "the input"),
            )
    for layer in model.layers:
        output = layer.output
        if isinstance(output, list | tuple):
            raise ValueError(
                f"{name_of(layer_table)}: layer {layer.name!r} has several outputs; one is supported"
            )
        add(layer.name, type(layer).__name__, _shape_of(output, f"layer {layer.name!r}"), layer)
    return LayerTable(tuple(rows), bytes_per_value)
