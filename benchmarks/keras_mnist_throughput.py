"""Training throughput (images per second) of slide deck 000's MNIST demo CNN in Keras.

    .venv/bin/python benchmarks/keras_mnist_throughput.py        (the CPU; GPUs hidden)
    .venv/bin/python benchmarks/keras_mnist_throughput.py --gpu  (whatever TensorFlow
                                                                 sees)

The model is ``deepstep.keras_tools.mnist_demo_model()`` on (N, 32, 32, 1) float32
inputs; images are random (speed does not depend on what the pixels show). Each batch
size gets one warm-up epoch (tracing, memory), then the median of timed epochs. With
--gpu and a tensor-core GPU, a second set of rows repeats the run under the
"mixed_float16" policy.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gpu", action="store_true", help="let TensorFlow use GPUs")
    parser.add_argument("--images", type=int, default=8192, help="images per epoch")
    parser.add_argument(
        "--epochs", type=int, default=3, help="timed epochs per batch size"
    )
    parser.add_argument("--batch-sizes", type=int, nargs="+", default=[32, 128, 512])
    args = parser.parse_args()
    if not args.gpu:
        os.environ["CUDA_VISIBLE_DEVICES"] = (
            "-1"  # before TensorFlow loads, or it is too late
        )

    import numpy as np

    from deepstep import keras_tools  # first: it quiets TensorFlow's start-up logging

    keras = keras_tools.keras

    info = keras_tools.device_report(print_fn=lambda _line: None)
    policies = ["float32"] + (
        ["mixed_float16"] if info.mixed_precision_worthwhile else []
    )
    rng = np.random.default_rng(0)
    x = rng.random((args.images, 32, 32, 1), dtype=np.float32)
    y = rng.integers(0, 10, size=args.images).astype(np.uint8)
    print(
        f"{keras_tools.hardware_name()}; TensorFlow {info.tensorflow}, Keras "
        f"{info.keras}"
    )
    print(f"{args.images:,} images per epoch, median of {args.epochs} timed epochs")
    print(f"{'policy':>14} {'batch':>6} {'s/epoch':>8} {'images/s':>10}")
    for policy in policies:
        keras.mixed_precision.set_global_policy(policy)
        for batch in args.batch_sizes:
            keras.utils.set_random_seed(0)
            model = keras_tools.mnist_demo_model()
            model.fit(x, y, batch_size=batch, epochs=1, verbose=0)  # warm-up: tracing
            seconds = []
            for _ in range(args.epochs):
                start = time.perf_counter()
                model.fit(x, y, batch_size=batch, epochs=1, verbose=0)
                seconds.append(time.perf_counter() - start)
            s = statistics.median(seconds)
            print(f"{policy:>14} {batch:>6} {s:8.2f} {args.images / s:10,.0f}")
            sys.stdout.flush()
    keras.mixed_precision.set_global_policy("float32")


if __name__ == "__main__":
    main()
