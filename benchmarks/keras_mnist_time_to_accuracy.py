"""Time to a test accuracy (99% unless told) for slide deck 000's MNIST demo CNN.

    .venv/bin/python benchmarks/keras_mnist_time_to_accuracy.py        (the CPU; GPUs
                                                                       hidden)
    .venv/bin/python benchmarks/keras_mnist_time_to_accuracy.py --gpu  (whatever Keras
                                                                       sees)
    ... --mnist path/to/mnist.npz --target 0.99 --seed 0

It trains exactly as notebook 12 does: data from ``keras_tools.load_mnist`` (which says
where it came from: data/mnist.npz, Keras's cache, or the offline digits), settings from
``keras_tools.training_plan`` for this machine (batch, epochs, step size, mixed
precision on tensor-core GPUs), Adam with a cosine decay, a tf.data pipeline where
TensorFlow is installed. After every epoch the test set is scored; scoring is not
counted as training time, but the first epoch's one-off set-up (tracing the model) is,
as a user would wait for it. The last line says after how many seconds of training the
target was first reached, if it was.
"""

from __future__ import annotations

import argparse
import os
import sys
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--gpu", action="store_true", help="let Keras's backend use GPUs"
    )
    parser.add_argument("--mnist", default=None, help="an .npz in Keras's MNIST format")
    parser.add_argument(
        "--target", type=float, default=0.99, help="test accuracy to reach"
    )
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if not args.gpu:
        os.environ["CUDA_VISIBLE_DEVICES"] = (
            "-1"  # before any backend loads, or it is too late
        )

    from deepstep import (
        keras_tools as kt,
    )  # first: it quiets TensorFlow's start-up logging

    keras, tf = kt.keras, kt.tf
    info = kt.device_report(print_fn=lambda _line: None)
    (x_train, y_train), (x_test, y_test) = kt.load_mnist(args.mnist, download=False)
    strategy = kt.distribution_strategy()
    plan = kt.training_plan(len(x_train), info, strategy.num_replicas_in_sync)
    keras.mixed_precision.set_global_policy(plan.policy)
    X_train, X_test = kt.mnist_input(x_train), kt.mnist_input(x_test)

    def batches(x, y, train):
        if tf is None:
            return kt.ArrayBatches(x, y, plan.batch_size, shuffle=train, seed=args.seed)
        ds = tf.data.Dataset.from_tensor_slices((x, y)).cache()
        if train:
            ds = ds.shuffle(len(x), seed=args.seed, reshuffle_each_iteration=True)
        return ds.batch(plan.batch_size).prefetch(tf.data.AUTOTUNE)

    train, test = batches(X_train, y_train, True), batches(X_test, y_test, False)
    keras.utils.set_random_seed(args.seed)
    schedule = keras.optimizers.schedules.CosineDecay(
        plan.learning_rate, decay_steps=plan.steps(len(X_train))
    )
    with strategy.scope():
        model = kt.mnist_demo_model(keras.optimizers.Adam(schedule))
    print(
        f"{kt.hardware_name()}; Keras {info.keras} on {info.backend} "
        f"{info.backend_version}"
    )
    print(
        f"{len(X_train):,} training images; batch {plan.batch_size}, {plan.epochs} "
        f"epochs, Adam from {plan.learning_rate:g}, policy {plan.policy}, seed "
        f"{args.seed}"
    )
    print(f"{'epoch':>5} {'train s':>8} {'test accuracy':>14}")
    trained, reached = 0.0, None
    for epoch in range(plan.epochs):
        start = time.perf_counter()
        model.fit(
            train, epochs=epoch + 1, initial_epoch=epoch, shuffle=False, verbose=0
        )
        trained += time.perf_counter() - start
        accuracy = model.evaluate(test, verbose=0)[1]
        print(f"{epoch + 1:>5} {trained:8.1f} {accuracy:14.2%}")
        sys.stdout.flush()
        if reached is None and accuracy >= args.target:
            reached = (epoch + 1, trained)
    if reached:
        print(
            f"{args.target:.1%} test accuracy after {reached[0]} epoch(s), "
            f"{reached[1]:.1f} s of training"
        )
    else:
        print(f"{args.target:.1%} test accuracy not reached in {plan.epochs} epochs")
    keras.mixed_precision.set_global_policy("float32")


if __name__ == "__main__":
    main()
