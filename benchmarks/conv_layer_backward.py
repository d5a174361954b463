"""Time Conv2D's backward pass against TensorFlow's convolution gradients on the CPU.

    .venv/bin/python benchmarks/conv_layer_backward.py

Both sides compute the same two gradients from the same upstream gradient δ: dL/dx and
dL/dkernel (our backward also sums δ for dL/dbias). TensorFlow runs them as one
``tf.function`` (Conv2DBackpropInput + Conv2DBackpropFilter); ours is
``layer.backward(δ)`` after one forward pass. float32, "valid" padding, the median of
repeated runs; a ratio above 1 means NumPy is slower. Last, the training time of
notebook 08's X/O ConvNet.

On a shared machine the numbers move from run to run: repeat, and compare ratios from
the same run only. When other processes keep the cores busy, multi-threaded BLAS stalls
(a thread waits for a partner that is not scheduled), so NumPy is also timed with one
BLAS thread ("1 thread").
"""

from __future__ import annotations

import os
import statistics
import time
import timeit

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np

from deepstep import data
from deepstep.nn import Sequential, initializers, optimizers
from deepstep.nn.layers import Conv2D, Dense, Flatten, Input, MaxPool2D

CASES = [  # (x shape, filters, kernel size)
    ((64, 32, 32, 1), 10, 5),
    ((64, 28, 28, 16), 32, 3),
]


def median_seconds(fn, number: int = 5, repeat: int = 9) -> float:
    fn()  # warm up: first calls allocate and (for TensorFlow) trace
    return statistics.median(timeit.repeat(fn, number=number, repeat=repeat)) / number


def _one_blas_thread():
    """A context that limits NumPy's BLAS to one thread (threadpoolctl comes with
    scikit-learn)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - only without the notebooks' extras
        return None
    return threadpool_limits(limits=1, user_api="blas")


def backward_ratios() -> None:
    from deepstep.keras_tools import tf  # quiet: TensorFlow's start-up log muted

    rng = np.random.default_rng(0)
    print(
        f"TensorFlow {tf.__version__}, NumPy {np.__version__}, float32, CPU, "
        f"{os.cpu_count()} cores"
    )
    print(
        f"{'x (N,H,W,C) ⊛ filters':>34} {'NumPy ms':>9} {'1 thread':>9} {'TF ms':>9} "
        f"{'NumPy/TF':>9} {'1 thr/TF':>9}"
    )
    for x_shape, filters, k in CASES:
        layer = Conv2D(filters, k)
        x = rng.normal(size=x_shape).astype(np.float32)
        out = layer(x)
        delta = rng.normal(size=out.shape).astype(np.float32)
        kernel = layer.params["kernel"].astype(np.float32)
        x_tf, k_tf, d_tf = tf.constant(x), tf.constant(kernel), tf.constant(delta)

        @tf.function
        def tf_backward(x_tf, k_tf, d_tf):
            with tf.GradientTape() as tape:
                tape.watch([x_tf, k_tf])
                y = tf.nn.conv2d(x_tf, k_tf, 1, "VALID")
            return tape.gradient(y, [x_tf, k_tf], output_gradients=d_tf)

        dx_tf, dk_tf = tf_backward(x_tf, k_tf, d_tf)
        dx = layer.backward(delta)
        np.testing.assert_allclose(dx, dx_tf.numpy(), rtol=1e-3, atol=1e-3)
        np.testing.assert_allclose(
            layer.grads["kernel"], dk_tf.numpy(), rtol=1e-3, atol=1e-2
        )

        def ours(layer=layer, delta=delta):
            return layer.backward(delta)

        def theirs(x_tf=x_tf, k_tf=k_tf, d_tf=d_tf, fn=tf_backward):
            return [g.numpy() for g in fn(x_tf, k_tf, d_tf)]

        t_np, t_tf = median_seconds(ours), median_seconds(theirs)
        limit = _one_blas_thread()
        if limit is None:
            t_one = float("nan")
        else:
            with limit:
                t_one = median_seconds(ours)
        label = f"{x_shape} ⊛ {filters}x{k}x{k}"
        print(
            f"{label:>34} {t_np * 1e3:9.2f} {t_one * 1e3:9.2f} {t_tf * 1e3:9.2f} "
            f"{t_np / t_tf:9.2f} {t_one / t_tf:9.2f}"
        )


def notebook_training_seconds() -> float:
    """Train notebook 08's model as the notebook does (accuracy and held-out loss
    reported after every epoch) and return the seconds fit takes."""
    cases = {
        "plain": (),
        **{v: (v,) for v in data.XO_VARIATIONS},
        "all": data.XO_VARIATIONS,
    }
    parts = [
        data.xo_dataset(3000 if case == "all" else 100, 100 + i, variations=v)
        for i, (case, v) in enumerate(cases.items())
    ]
    x = np.concatenate([p[0] for p in parts])[..., None]
    y = np.eye(2)[np.concatenate([p[1] for p in parts])]
    initializers.set_random_seed(0)
    model = Sequential(
        [
            Input((9, 9, 1)),
            Conv2D(8, 3, activation="relu"),
            MaxPool2D(2, padding="same"),
            Flatten(),
            Dense(2, activation="softmax"),
        ]
    )
    model.compile(
        optimizer=optimizers.Adam(0.01),
        loss="categorical_crossentropy",
        metrics=["accuracy"],
    )
    x_val, y_val = data.xo_dataset(1000, 206)  # the notebook's held-out "all" case
    start = time.perf_counter()
    model.fit(
        x,
        y,
        epochs=12,
        batch_size=32,
        verbose=0,
        seed=0,
        validation_data=(x_val[..., None], np.eye(2)[y_val]),
    )
    return time.perf_counter() - start


if __name__ == "__main__":
    print(time.strftime("%Y-%m-%d %H:%M:%S"), f"load average {os.getloadavg()[0]:.2f}")
    backward_ratios()
    print(
        "notebook 08's X/O ConvNet, 12 epochs on 3,600 images: "
        f"{notebook_training_seconds():.2f} s"
    )
