"""deepstep.keras_tools.backend: quiet imports, and the package on Keras's JAX
backend."""

import importlib.metadata
import importlib.util
import os
import subprocess
import sys

import pytest

pytest.importorskip("tensorflow")
pytest.importorskip("keras")

from deepstep import keras_tools as kt  # noqa: E402

# -- other backends --------------------------------------------------------------------

BACKEND_SCRIPT = """
import sys
from pathlib import Path
if "no-tf" in sys.argv:
    sys.modules["tensorflow"] = None  # as on a JAX-only install
import numpy as np
from deepstep import keras_tools as kt
from deepstep.keras_tools import device, keras
lines = []
info = kt.device_report(print_fn=lines.append)
strategy = kt.distribution_strategy()
(x, y), (xt, yt) = kt.load_mnist(download=False)
plan = kt.training_plan(len(x), info, strategy.num_replicas_in_sync)
keras.utils.set_random_seed(0)
with strategy.scope():
    model = kt.mnist_demo_model()
fit = model.fit(kt.ArrayBatches(kt.mnist_input(x[:256]), y[:256], 64, shuffle=True),
                epochs=2, verbose=0)
assert fit.history["loss"][1] < fit.history["loss"][0], fit.history
assert kt.layer_table(model).total_params == model.count_params() == 394_470
# several GPUs (pretended): DataParallel over all of them, set for the process
made = []
device._jax_gpus = lambda: ["gpu:0", "gpu:1"]
keras.distribution.DataParallel = lambda devices: made.append(devices) or "parallel"
keras.distribution.set_distribution = made.append
two = kt.distribution_strategy()
print(f"{lines[0]}|{plan.batch_size} {strategy.num_replicas_in_sync} {kt.tf is None}|"
      f"{two.num_replicas_in_sync}{made}")
"""


@pytest.mark.skipif(
    importlib.util.find_spec("jax") is None, reason="JAX is not installed"
)
def test_demo_model_runs_on_the_jax_backend_with_and_without_tensorflow(
    tmp_path,
):
    env = {
        **os.environ,
        "KERAS_BACKEND": "jax",
        "JAX_PLATFORMS": "cpu",
        "KERAS_HOME": str(tmp_path),
        "DEEPSTEP_DATA": str(
            tmp_path
        ),  # empty, as is KERAS_HOME: the digits, even where MNIST is
    }
    # Both at once: each spends most of its time importing, one core each.
    runs = {
        tensorflow: subprocess.Popen(
            [sys.executable, "-c", BACKEND_SCRIPT, str(tmp_path), tensorflow],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for tensorflow in ("installed", "no-tf")
    }
    try:
        # Each takes about 20 s on an idle machine; the limit is for a machine shared
        # with much else (it once took over 180 s at load 12 on two cores).
        outputs = {name: run.communicate(timeout=600) for name, run in runs.items()}
    finally:
        for run in runs.values():  # on a timeout too: no interpreter outlives the test
            if run.poll() is None:
                run.kill()
                run.wait()
    for tensorflow, run in runs.items():
        stdout, stderr = outputs[tensorflow]
        assert run.returncode == 0, f"{tensorflow}: {stderr[-2000:]}"
        header, plan, two = stdout.strip().splitlines()[-1].split("|")
        assert header.endswith(
            "backend: jax (jax " + importlib.metadata.version("jax") + ")"
        )
        assert header.startswith(
            "TensorFlow not installed" if tensorflow == "no-tf" else "TensorFlow 2."
        )
        assert (
            plan == f"32 1 {tensorflow == 'no-tf'}"
        )  # the fallback digits, one device
        assert two == "2[['gpu:0', 'gpu:1'], 'parallel']"


# -- quiet imports ---------------------------------------------------------------------


def test_quiet_context_drops_native_stderr_only_at_log_level_3(capfd, monkeypatch):
    monkeypatch.setenv("TF_CPP_MIN_LOG_LEVEL", "3")
    with kt.quiet_native_stderr():
        os.write(2, b"native noise\n")
    assert capfd.readouterr().err == ""
    monkeypatch.setenv(
        "TF_CPP_MIN_LOG_LEVEL", "1"
    )  # the user asked for logs: keep them
    with kt.quiet_native_stderr():
        os.write(2, b"native noise\n")
    assert capfd.readouterr().err == "native noise\n"


def test_importing_keras_tools_is_quiet_and_sets_the_log_level():
    env = {k: v for k, v in os.environ.items() if k != "TF_CPP_MIN_LOG_LEVEL"}
    code = "import os, deepstep.keras_tools; print(os.environ['TF_CPP_MIN_LOG_LEVEL'])"
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert out.stdout.strip() == "3"
    assert out.stderr == ""


def test_importing_deepstep_loads_neither_keras_tools_nor_tensorflow():
    code = (
        "import sys, deepstep; print(any(m in sys.modules for m in ('tensorflow', "
        "'keras', 'deepstep.keras_tools')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"
