"""Time deepstep's NumPy Dense layer against Keras/TensorFlow on the CPU, and print the
ratios.

    make bench        (or: .venv/bin/python benchmarks/dense_vs_tensorflow.py)

Speed is measured here, never in tests: timings depend on the machine. Each case runs
one forward and one backward pass (a training step without the update) in float32, the
dtype Keras trains in; the best of several repeats is reported. A ratio above 1 means
NumPy is slower.
"""

from __future__ import annotations

import os
import timeit

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np

from deepstep.nn.layers import Dense

CASES = [  # (batch, inputs, units)
    (32, 64, 64),
    (128, 784, 128),
    (256, 1024, 1024),
]


def time_case(
    batch: int, n_in: int, units: int, rng: np.random.Generator
) -> tuple[float, float]:
    """Seconds per forward+backward pass: (NumPy, TensorFlow), best of 5 repeats of
    20."""
    from deepstep.keras_tools import keras, tf  # quiet: TensorFlow's start-up log muted

    x = rng.normal(size=(batch, n_in)).astype(np.float32)
    upstream = rng.normal(size=(batch, units)).astype(np.float32)
    ours = Dense(units, activation="relu")
    ours.build((None, n_in))
    for key in ours.params:  # Keras trains in float32; compare like with like
        ours.params[key] = ours.params[key].astype(np.float32)
    theirs = keras.layers.Dense(units, activation="relu")
    theirs.build((None, n_in))
    theirs.set_weights(ours.get_weights())
    x_tf, up_tf = tf.constant(x), tf.constant(upstream)

    def numpy_step() -> None:
        ours.forward(x)
        ours.backward(upstream)

    @tf.function
    def tf_step():
        with tf.GradientTape() as tape:
            tape.watch(x_tf)
            out = theirs(x_tf)
        return tape.gradient(
            out, [x_tf, *theirs.trainable_weights], output_gradients=up_tf
        )

    tf_step()  # trace once, outside the timing
    number = 20
    t_np = min(timeit.repeat(numpy_step, number=number, repeat=5)) / number
    t_tf = min(timeit.repeat(tf_step, number=number, repeat=5)) / number
    return t_np, t_tf


def main() -> None:
    from deepstep.keras_tools import tf  # quiet: TensorFlow's start-up log muted

    rng = np.random.default_rng(0)
    print(f"TensorFlow {tf.__version__}, NumPy {np.__version__}, float32, CPU")
    print(f"{'batch x in -> out':>22} {'NumPy ms':>10} {'TF ms':>10} {'NumPy/TF':>9}")
    for batch, n_in, units in CASES:
        t_np, t_tf = time_case(batch, n_in, units, rng)
        label = f"{batch} x {n_in} -> {units}"
        print(f"{label:>22} {t_np * 1e3:10.3f} {t_tf * 1e3:10.3f} {t_np / t_tf:9.2f}")


if __name__ == "__main__":
    main()
