"""Notebook 12's GPU path and notebook 13's LSTM match, measured where this runs.

Run through ``bash tools/gpu_check.sh`` (which installs Keras's wheels and sets
KERAS_BACKEND=jax), not directly. Two parts, each recorded even if the other fails:

- **training**: slide deck 000's MNIST CNN trained exactly as notebook 12 trains it on
  this
  machine: data from ``keras_tools.load_mnist`` (data/mnist.npz when present), settings
  from ``keras_tools.training_plan`` (on a GPU: a 4x batch per replica, twice the step
  size, mixed_float16 on tensor cores), under ``keras_tools.distribution_strategy()``,
  Adam with a cosine decay, ``kt.ArrayBatches`` as the notebook feeds Keras without
  TensorFlow. The test set is scored after every epoch (not counted as training time),
  giving the seconds to 99% test accuracy; images/s is the steady state, epochs after
  the first (which includes compiling the model).
- **lstm**: notebook 13's check that our NumPy LSTM, given the weights Keras trained,
  reproduces Keras's last state; here on the GPU, at JAX's default matmul precision
  (TF32 on recent NVIDIA GPUs) and at "highest" (true float32).

Writes OUT/gpu_check.json; the shell script tees what this prints into
OUT/gpu_check.log. No connection may leave the machine: every non-loopback connect
raises and is counted.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import io
import json
import platform
import socket
import sys
import time
import traceback
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

#: What 99% means here: the test accuracy whose first crossing is timed.
TARGET_ACCURACY = 0.99
#: The tiny budget of `make gpu-dry-run`: a few hundred images and two short epochs
#: (two, so that the steady-state throughput is computed the way the full run computes
#: it).
TINY = {"train": 384, "test": 128, "epochs": 2}
#: The LSTM check reads this many test digits, as notebook 13 does.
LSTM_PROBES = 50
#: Notebook 13's tolerance for that check: GPUs multiply float32 in TF32 by default.
LSTM_TOLERANCE = {"gpu": 2e-3, "cpu": 1e-5}
#: Training that passes this many seconds stops after the current epoch: the whole check
#: must leave room for a rerun within the GPU machine's 15 minutes.
MAX_TRAIN_SECONDS = 180.0

VERSIONED = (
    "numpy",
    "scipy",
    "scikit-learn",
    "jax",
    "jaxlib",
    "keras",
    "optree",
    "deepstep",
)


def block_network() -> list[str]:
    """Make every connection that would leave the machine fail; return the list it logs
    to."""
    attempts: list[str] = []
    connect = socket.socket.connect

    def guarded(sock: socket.socket, address: Any) -> None:
        host = address[0] if isinstance(address, tuple) else None
        if host is not None and not (
            str(host).startswith("127.") or host in ("::1", "localhost")
        ):
            attempts.append(f"{host}:{address[1]}")
            raise OSError(
                f"gpu_check: network blocked (connect to {host}:{address[1]})"
            )
        connect(sock, address)

    socket.socket.connect = guarded  # type: ignore[method-assign]
    return attempts


def versions() -> dict[str, str | None]:
    found: dict[str, str | None] = {"python": platform.python_version()}
    for name in VERSIONED:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    if (
        found["deepstep"] is None
    ):  # the tree's lib/ on PYTHONPATH has no installed metadata
        import deepstep

        found["deepstep"] = f"{deepstep.__version__} (lib/ of this checkout)"
    try:
        import jax

        found["xla_backend"] = jax.extend.backend.get_backend().platform_version
    except Exception:  # only informative; older or newer JAX may not have it
        found["xla_backend"] = None
    return found


def epochs_in_order(
    model: Any, train: Any, test: Any, epochs: int
) -> list[dict[str, float]]:
    """Train one epoch at a time, scoring the test set after each; seconds exclude
    scoring."""
    import jax

    rows, trained = [], 0.0
    for epoch in range(epochs):
        start = time.perf_counter()
        model.fit(
            train, epochs=epoch + 1, initial_epoch=epoch, shuffle=False, verbose=0
        )
        # JAX dispatches asynchronously: wait for the weights before reading the clock
        jax.block_until_ready([v.value for v in model.trainable_variables])
        seconds = time.perf_counter() - start
        trained += seconds
        accuracy = float(model.evaluate(test, verbose=0)[1])
        rows.append(
            {
                "epoch": epoch + 1,
                "seconds": seconds,
                "trained": trained,
                "test_accuracy": accuracy,
            }
        )
        print(
            f"{epoch + 1:>5} {seconds:8.2f} {trained:8.2f} {accuracy:14.2%}", flush=True
        )
        if trained > MAX_TRAIN_SECONDS and epoch + 1 < epochs:
            print(
                f"training passed {MAX_TRAIN_SECONDS:.0f} s: stopping after epoch "
                f"{epoch + 1}"
            )
            break
    return rows


def training(kt: Any, info: Any, splits: Any, tiny: bool) -> dict[str, Any]:
    """Notebook 12's training on this machine: what it planned, how fast, how accurate.

    The tiny budget on a machine without a GPU rehearses the GPU's plan (a 4x batch,
    twice the step size, mixed_float16) as if one tensor-core GPU were there, so that a
    dry run exercises the code path the GPU will take.
    """
    keras = kt.keras
    (x_train, y_train), (x_test, y_test) = splits
    emulated = tiny and not info.gpus
    if emulated:
        info = dataclasses.replace(
            info,
            gpus=("emulated",),
            compute_capabilities=((9, 0),),
            mixed_precision_worthwhile=True,
        )
    strategy = kt.distribution_strategy()
    plan = kt.training_plan(len(x_train), info, strategy.num_replicas_in_sync)
    if tiny:
        plan = dataclasses.replace(plan, epochs=TINY["epochs"])
    keras.mixed_precision.set_global_policy(plan.policy)
    X_train, X_test = kt.mnist_input(x_train), kt.mnist_input(x_test)
    train = kt.ArrayBatches(X_train, y_train, plan.batch_size, shuffle=True, seed=0)
    test = kt.ArrayBatches(X_test, y_test, plan.batch_size)
    keras.utils.set_random_seed(0)
    schedule = keras.optimizers.schedules.CosineDecay(
        plan.learning_rate, decay_steps=plan.steps(len(X_train))
    )
    with strategy.scope():
        model = kt.mnist_demo_model(keras.optimizers.Adam(schedule))
    print(
        f"{kt.hardware_name()}: {strategy.num_replicas_in_sync} replica(s), policy "
        f"{plan.policy}, batch {plan.batch_size}, {plan.epochs} epochs, Adam from "
        f"{plan.learning_rate:g}, {len(X_train):,} training images"
    )
    print(f"{'epoch':>5} {'seconds':>8} {'trained':>8} {'test accuracy':>14}")
    try:
        rows = epochs_in_order(model, train, test, plan.epochs)
    finally:
        keras.mixed_precision.set_global_policy("float32")
    reached = next(
        (r["trained"] for r in rows if r["test_accuracy"] >= TARGET_ACCURACY), None
    )
    steady = rows[1:] or rows  # the first epoch also compiles
    per_second = len(X_train) * len(steady) / sum(r["seconds"] for r in steady)
    return {
        "plan_emulates_gpu": emulated,
        "replicas": strategy.num_replicas_in_sync,
        "mixed_precision": plan.policy,
        "batch_size": plan.batch_size,
        "learning_rate": plan.learning_rate,
        "epochs": len(rows),
        "epochs_planned": plan.epochs,
        "images_per_second": round(per_second, 1),
        "images_per_second_from": f"epochs {steady[0]['epoch']}-{steady[-1]['epoch']}",
        "first_epoch_seconds": round(rows[0]["seconds"], 3),
        "seconds_to_99": None if reached is None else round(reached, 3),
        "test_accuracy": rows[-1]["test_accuracy"],
        "target_accuracy": plan.target_accuracy,
        "reaches_target": rows[-1]["test_accuracy"] >= plan.target_accuracy,
        "history": rows,
    }


def lstm_match(kt: Any, splits: Any, tiny: bool) -> dict[str, Any]:
    """Notebook 13's LSTM reader, trained briefly; our NumPy LSTM given its weights."""
    import jax
    import numpy as np

    from deepstep.nn.layers import LSTM

    keras = kt.keras
    (x_train, y_train), (x_test, _) = splits
    n = len(x_train) if tiny else min(len(x_train), 6_000)
    keras.utils.set_random_seed(0)
    reader = keras.Sequential(
        [
            keras.Input(shape=(28, 28), name="rows"),
            keras.layers.LSTM(64, name="lstm"),
            keras.layers.Dense(10, activation="softmax", name="digit"),
        ]
    )
    reader.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    reader.fit(x_train[:n] / 255, y_train[:n], epochs=1, batch_size=32, verbose=0)
    probes = (x_test[:LSTM_PROBES] / 255).astype("float32")
    ours = LSTM(64)
    ours.build((None, 28, 28))
    ours.set_weights(reader.get_layer("lstm").get_weights())
    mine = ours.forward(probes)
    state = keras.Model(reader.inputs, reader.get_layer("lstm").output)
    diff = {}
    for precision in ("default", "highest"):
        exact = jax.default_matmul_precision("highest")
        with contextlib.nullcontext() if precision == "default" else exact:
            theirs = np.asarray(state.predict(probes, verbose=0))
        diff[precision] = float(np.abs(mine - theirs).max())
    kind = "gpu" if jax.devices()[0].platform == "gpu" else "cpu"
    tolerance = LSTM_TOLERANCE[kind]
    print(
        f"LSTM(64) on {LSTM_PROBES} digits, NumPy vs Keras on {kind}: max |difference| "
        f"{diff['default']:.2e} (default matmuls), {diff['highest']:.2e} (highest); "
        f"notebook 13's tolerance {tolerance:g}"
    )
    return {
        "trained_on": n,
        "max_abs_diff": diff["default"],
        "max_abs_diff_highest_precision": diff["highest"],
        "tolerance": tolerance,
        "passes": diff["default"] <= tolerance,
    }


def run_part(
    name: str, part: Callable[[], dict[str, Any]], result: dict[str, Any]
) -> None:
    """Run one part; its failure is recorded, and the other part still runs."""
    print(f"\n== {name}")
    start = time.perf_counter()
    try:
        result[name] = part()
    except Exception:
        result["errors"][name] = traceback.format_exc()
        print(result["errors"][name], file=sys.stderr)
    result.setdefault("seconds", {})[name] = round(time.perf_counter() - start, 2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("build/gpu_check"))
    parser.add_argument("--budget", choices=("full", "tiny"), default="full")
    args = parser.parse_args()
    attempts = block_network()
    start = time.perf_counter()
    result: dict[str, Any] = {
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "budget": args.budget,
        "errors": {},
    }
    try:
        import jax

        from deepstep import keras_tools as kt

        result["backend"] = kt.keras.backend.backend()
        device = jax.devices()[0]
        result["device"] = str(device.device_kind)
        result["platform"] = device.platform
        result["devices"] = len(jax.devices())
        result["versions"] = versions()
        report: list[str] = []
        info = kt.device_report(
            print_fn=lambda line: (print(line), report.append(line))
        )
        result["device_report"] = report
        said = io.StringIO()
        with contextlib.redirect_stdout(said):  # load_mnist says which data it found
            (x_train, y_train), (x_test, y_test) = kt.load_mnist(download=False)
        print(said.getvalue(), end="")
        if args.budget == "tiny":
            x_train, y_train = x_train[: TINY["train"]], y_train[: TINY["train"]]
            x_test, y_test = x_test[: TINY["test"]], y_test[: TINY["test"]]
        splits = (x_train, y_train), (x_test, y_test)
        result["data"] = said.getvalue().strip()
        result["n_train"], result["n_test"] = len(x_train), len(x_test)
    except Exception:
        result["errors"]["setup"] = traceback.format_exc()
        print(result["errors"]["setup"], file=sys.stderr)
    else:
        tiny = args.budget == "tiny"
        run_part("lstm", lambda: lstm_match(kt, splits, tiny), result)
        run_part("training", lambda: training(kt, info, splits, tiny), result)
        for key in (
            "replicas",
            "mixed_precision",
            "batch_size",
            "images_per_second",
            "seconds_to_99",
            "test_accuracy",
            "epochs",
        ):
            result[key] = result.get("training", {}).get(key)
        result["lstm_max_abs_diff"] = result.get("lstm", {}).get("max_abs_diff")
    result["tensorflow_imported"] = "tensorflow" in sys.modules
    result["network_attempts"] = attempts
    result["seconds_total"] = round(time.perf_counter() - start, 2)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "gpu_check.json").write_text(json.dumps(result, indent=2) + "\n")
    print(
        f"\n{len(result['errors'])} part(s) failed; {result['seconds_total']:.1f} s "
        "in all"
    )
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
