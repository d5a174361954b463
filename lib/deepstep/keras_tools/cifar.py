"""Deck 002's CIFAR-10 model in today's Keras, and CIFAR-10 with an offline stand-in.
(notebook 17)

    from deepstep.keras_tools import cifar as kc

- ``LocalResponseNormalization``: a Keras layer, TF's ``local_response_normalization``
  written with ``keras.ops`` (any backend);
- ``cifar_model(input_size=24, ...)``: conv 5x5x3x64 → max-pool 3x3/2 SAME → LRN →
  conv 5x5x64x64 → LRN → pool → dense 384 → 192 → 10, L2 weight decay on the dense
  kernels, SGD with staircase exponential decay and moving averages (``use_ema``);
- ``hand_counted_parameters(input_size)``: each layer's parameter count by arithmetic;
- ``load_cifar10_or_standin()``: CIFAR-10 from Keras's cache, never downloaded; else a
  coloured stand-in built from the shipped MNIST subset, announced in one line.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import numpy as np
from scipy.ndimage import zoom

from .._checks import positive_int
from .backend import keras
from .mnist import SUBSET_FILE, data_dir, read_mnist_npz

layers = keras.layers
ops = keras.ops

#: deck 002's tf.nn.lrn(x, 4, bias=1.0, alpha=0.001 / 9.0, beta=0.75)
DECK_LRN = {"depth_radius": 4, "bias": 1.0, "alpha": 0.001 / 9.0, "beta": 0.75}
#: TF's CIFAR-10 tutorial, which deck 002 shows: wd=0.004 on the two hidden dense
#: layers, as wd * tf.nn.l2_loss(w) = wd * sum(w**2) / 2; Keras's L2(l) adds l *
#: sum(w**2).
WEIGHT_DECAY = 0.004
CLASSES = ("airplane", "automobile", "bird", "cat", "deer",
           "dog", "frog", "horse", "ship", "truck")  # fmt: skip


@keras.saving.register_keras_serializable(package="deepstep")
class LocalResponseNormalization(layers.Layer):
    """x / (bias + alpha * sum of x**2 over channels c-r..c+r) ** beta; x (N, H, W,
    C)."""

    def __init__(self, depth_radius=5, bias=1.0, alpha=1.0, beta=0.5, **kwargs):
        super().__init__(**kwargs)
        self.depth_radius, self.bias = int(depth_radius), float(bias)
        self.alpha, self.beta = float(alpha), float(beta)

    def call(self, x):
        r, c = self.depth_radius, x.shape[-1]
        sq = ops.pad(ops.square(x), [[0, 0], [0, 0], [0, 0], [r, r]])
        window = sum(sq[..., k : k + c] for k in range(2 * r + 1))
        return x / ops.power(self.bias + self.alpha * window, self.beta)

    def get_config(self):
        return {**super().get_config(), "depth_radius": self.depth_radius,
                "bias": self.bias, "alpha": self.alpha, "beta": self.beta}  # fmt: skip


def hand_counted_parameters(input_size: int = 24) -> dict[str, int]:
    """Weights + biases of each layer of ``cifar_model``, by arithmetic (LRN and
    pooling: 0)."""
    side = positive_int(input_size, hand_counted_parameters, "input_size")
    for _ in range(2):  # two 3x3/2 SAME poolings: ceil(side / 2) each
        side = -(-side // 2)
    flat = side * side * 64
    return {"conv1": 5 * 5 * 3 * 64 + 64, "conv2": 5 * 5 * 64 * 64 + 64,
            "local3": flat * 384 + 384, "local4": 384 * 192 + 192,
            "softmax_linear": 192 * 10 + 10}  # fmt: skip


def cifar_model(
    input_size: int = 24,
    learning_rate: float = 0.1,
    decay_steps: int = 1000,
    decay_rate: float = 0.1,
    ema_momentum: float = 0.9999,
    seed: int = 0,
):
    """Deck 002's model, compiled: SGD on staircase-decayed rates with variable
    averages.

    Input (N, input_size, input_size, 3) floats; output 10 logits.
    """
    positive_int(input_size, cifar_model, "input_size")
    keras.utils.set_random_seed(seed)
    decay = keras.regularizers.L2(WEIGHT_DECAY / 2)
    model = keras.Sequential([
        keras.Input((input_size, input_size, 3)),
        layers.Conv2D(64, 5, padding="same", activation="relu", name="conv1"),
        layers.MaxPooling2D(3, strides=2, padding="same", name="pool1"),
        LocalResponseNormalization(**DECK_LRN, name="norm1"),
        layers.Conv2D(64, 5, padding="same", activation="relu", name="conv2",
                      bias_initializer=keras.initializers.Constant(0.1)),
        LocalResponseNormalization(**DECK_LRN, name="norm2"),
        layers.MaxPooling2D(3, strides=2, padding="same", name="pool2"),
        layers.Flatten(),
        layers.Dense(384, activation="relu", kernel_regularizer=decay, name="local3"),
        layers.Dense(192, activation="relu", kernel_regularizer=decay, name="local4"),
        layers.Dense(10, name="softmax_linear"),
    ], name="deck002_cifar10")  # fmt: skip
    schedule = keras.optimizers.schedules.ExponentialDecay(
        learning_rate, decay_steps, decay_rate, staircase=True
    )
    optimizer = keras.optimizers.SGD(schedule, use_ema=True, ema_momentum=ema_momentum)
    model.compile(optimizer,
                  keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  metrics=["accuracy"])  # fmt: skip
    return model


def _cifar_cache() -> Path:
    home = os.environ.get("KERAS_HOME") or Path.home() / ".keras"
    return Path(home) / "datasets" / "cifar-10-batches-py"


def _read_batches(folder: Path, names: list[str]) -> tuple[np.ndarray, np.ndarray]:
    xs, ys = [], []
    for name in names:
        with open(folder / name, "rb") as f:
            batch = pickle.load(f, encoding="bytes")
        xs.append(batch[b"data"].reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1))
        ys.append(np.asarray(batch[b"labels"], dtype=np.uint8))
    return np.concatenate(xs), np.concatenate(ys)


def coloured_digits(n_train: int = 2000, n_test: int = 500, seed: int = 0):
    """The stand-in: shipped MNIST digits resized to 32x32, each a random colour on a
    random background colour. Returns ((x_train, y_train), (x_test, y_test)), uint8 (N,
    32, 32, 3)."""
    (xt, yt), (xv, yv) = read_mnist_npz(data_dir() / SUBSET_FILE)
    rng = np.random.default_rng(seed)

    def paint(images):
        big = zoom(
            images.astype(float),
            (1, 32 / 28, 32 / 28),
            order=1,
            grid_mode=True,
            mode="nearest",
        )
        ink = big[..., None] / 255.0
        fg, bg = rng.uniform(size=(2, len(images), 1, 1, 3))
        return np.round(255 * (ink * fg + (1 - ink) * bg)).astype(np.uint8)

    return (paint(xt[:n_train]), yt[:n_train]), (paint(xv[:n_test]), yv[:n_test])


def load_cifar10_or_standin(print_fn=print):
    """CIFAR-10 from Keras's cache (cifar-10-batches-py), never from the network; else
    ``coloured_digits()``. Returns (splits, name); one line says which."""
    folder = _cifar_cache()
    names = [f"data_batch_{i}" for i in range(1, 6)]
    if all((folder / n).exists() for n in [*names, "test_batch"]):
        splits = (_read_batches(folder, names), _read_batches(folder, ["test_batch"]))
        print_fn(f"CIFAR-10 from Keras's cache {folder}: 50,000 train, 10,000 test")
        return splits, "CIFAR-10"
    print_fn(f"CIFAR-10 is not in Keras's cache ({folder}); no download is tried. "
             "Stand-in: shipped MNIST digits, 32x32, painted in random colours "
             "(not CIFAR-10)")  # fmt: skip
    return coloured_digits(), "coloured digits"


def center_crop(images: np.ndarray, size: int = 24) -> np.ndarray:
    """(N, H, W, 3) uint8 -> (N, size, size, 3) float32 per-image standardized, as the
    deck's tutorial feeds its evaluation images."""
    h, w = images.shape[1:3]
    top, left = (h - size) // 2, (w - size) // 2
    x = images[:, top : top + size, left : left + size].astype(np.float32)
    mean = x.mean(axis=(1, 2, 3), keepdims=True)
    std = np.maximum(x.std(axis=(1, 2, 3), keepdims=True), 1 / np.sqrt(x[0].size))
    return (x - mean) / std
