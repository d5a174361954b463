"""Time deepstep.nn.ops.conv2d_nhwc against tf.nn.conv2d on the CPU, and print the
ratios.

    make bench        (or: .venv/bin/python benchmarks/conv_vs_tensorflow.py)

Shapes are the course's: a batch of 64 grayscale 32x32 images with ten 5x5 filters (the
MNIST demo of slide deck 000, padded), and a 28x28x16 batch with thirty-two 3x3 filters.
float32, "valid" padding, the median of repeated runs. A ratio above 1 means NumPy is
slower.
"""

from __future__ import annotations

import os
import statistics
import timeit

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np

from deepstep.nn.ops import conv2d_nhwc

CASES = [  # (x shape, kernel shape)
    ((64, 32, 32, 1), (5, 5, 1, 10)),
    ((64, 28, 28, 16), (3, 3, 16, 32)),
]


def median_seconds(fn, number: int = 10, repeat: int = 7) -> float:
    return statistics.median(timeit.repeat(fn, number=number, repeat=repeat)) / number


def main() -> None:
    from deepstep.keras_tools import tf  # quiet: TensorFlow's start-up log muted

    rng = np.random.default_rng(0)
    print(f"TensorFlow {tf.__version__}, NumPy {np.__version__}, float32, CPU")
    print(f"{'x (N,H,W,C) * kernel':>36} {'NumPy ms':>9} {'TF ms':>9} {'NumPy/TF':>9}")
    for x_shape, k_shape in CASES:
        x = rng.normal(size=x_shape).astype(np.float32)
        k = rng.normal(size=k_shape).astype(np.float32)
        x_tf, k_tf = tf.constant(x), tf.constant(k)
        np.testing.assert_allclose(
            conv2d_nhwc(x, k),
            tf.nn.conv2d(x_tf, k_tf, 1, "VALID").numpy(),
            rtol=1e-3,
            atol=1e-3,
        )
        t_np = median_seconds(lambda x=x, k=k: conv2d_nhwc(x, k))
        t_tf = median_seconds(
            lambda x_tf=x_tf, k_tf=k_tf: tf.nn.conv2d(x_tf, k_tf, 1, "VALID")
        )
        label = f"{x_shape} * {k_shape}"
        print(f"{label:>36} {t_np * 1e3:9.2f} {t_tf * 1e3:9.2f} {t_np / t_tf:9.2f}")


if __name__ == "__main__":
    main()
