"""What Keras trains on here, and how to spread training over it (notebooks 12 and 13,
tools/gpu_check.py, benchmarks/).

- ``device_report()``: versions, GPUs, CUDA/cuDNN build, whether mixed precision pays
  off;
- ``hardware_name()``: a short label for the GPU or CPU that trains;
- ``mixed_precision_worthwhile(caps)``: tensor cores on every GPU;
- ``distribution_strategy()``: data parallelism over several GPUs, one device otherwise.

Works on Keras's TensorFlow backend (the course's), on JAX (what the GPU check uses),
and is written for PyTorch the same way.
"""

from __future__ import annotations

import contextlib
import os
import platform
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .backend import keras, quiet_native_stderr, tf


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
    'pip install -e ".[gpu]"  (TensorFlow with its CUDA libraries: '
    "tensorflow[and-cuda])"
)
#: The same advice for Keras's other backends.
GPU_INSTALL_HINTS = {
    "tensorflow": GPU_INSTALL_HINT,
    "jax": 'pip install -U "jax[cuda12]"  (JAX with its CUDA libraries)',
    "torch": "a CUDA build of PyTorch, as https://pytorch.org/get-started/locally/ "
    "shows",
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
    backend = keras.backend.backend()
    with quiet_native_stderr():  # the first device query logs CUDA start-up on stderr
        if backend == "jax":
            import jax

            for device in jax.devices():
                if device.platform == "gpu":
                    names.append(str(device.device_kind))
                    caps.append(
                        _capability(getattr(device, "compute_capability", None))
                    )
        elif backend == "torch":
            import torch

            for i in range(
                torch.cuda.device_count() if torch.cuda.is_available() else 0
            ):
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
    """Print, in a few lines, what Keras will train on here, and return it as a
    DeviceInfo.

    Lines: versions and backend; the GPUs the backend sees; the CUDA/cuDNN versions
    TensorFlow was built with (TensorFlow backend only); whether mixed precision pays
    off; what to install for a GPU when there is none.
    """
    build = tf.sysconfig.get_build_info() if tf is not None else {}
    names, caps = _gpu_details()
    backend = keras.backend.backend()
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
    tensorflow = (
        f"TensorFlow {info.tensorflow}"
        if info.tensorflow
        else "TensorFlow not installed"
    )
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
        lines.append(
            f"TensorFlow built with CUDA {info.cuda_version}, cuDNN "
            f"{info.cudnn_version}"
        )
    elif info.backend == "tensorflow":
        lines.append("TensorFlow built without CUDA (it cannot use NVIDIA GPUs)")
    if info.mixed_precision_worthwhile:
        lines.append(
            "Mixed precision: worthwhile (tensor cores): "
            'keras.mixed_precision.set_global_policy("mixed_float16")'
        )
    else:
        lines.append(
            "Mixed precision: not worthwhile here (no tensor-core GPU); stay in float32"
        )
    if not info.gpus:
        hint = GPU_INSTALL_HINTS.get(info.backend, GPU_INSTALL_HINT)
        lines.append(f"To train on an NVIDIA GPU (Linux or WSL2): {hint}")
    return lines


def hardware_name() -> str:
    """A short label for what trains here: the first GPU's name, else the CPU's model
    and cores."""
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
    ``num_replicas_in_sync`` (devices sharing each batch) and ``scope()`` (where to
    build the model). distribution: the keras.distribution.DataParallel in force, or
    None.
    """

    num_replicas_in_sync: int = 1
    distribution: Any = None

    def scope(self) -> contextlib.AbstractContextManager[Any]:
        return (
            self.distribution.scope()
            if self.distribution is not None
            else contextlib.nullcontext()
        )


def distribution_strategy() -> Any:
    """Data parallelism over every GPU when there are several; one device otherwise.

    Build and compile the model inside ``with distribution_strategy().scope():`` and
    divide work by its ``num_replicas_in_sync``. The same code runs on a laptop and a
    GPU server:
    - TensorFlow backend: tf.distribute.MirroredStrategy with more than one GPU, else
      the default strategy, whose scope changes nothing;
    - JAX backend: with more than one GPU, keras.distribution.DataParallel, set for the
      whole process (Keras's way), wrapped in a KerasDistribution; else a one-device
      one;
    - PyTorch backend: a one-device KerasDistribution (Keras's fit uses one GPU there;
      several need torchrun and PyTorch's own DistributedDataParallel).
    """
    backend = keras.backend.backend()
    if backend == "tensorflow":
        with quiet_native_stderr():
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

    with quiet_native_stderr():
        count = sum(device.platform == "gpu" for device in jax.devices())
    return keras.distribution.list_devices("gpu") if count else []
