"""A DeviceInfo for a pretended machine, shared by the device and training tests."""

from deepstep import keras_tools as kt


def gpu_info(names=(), caps=(), backend="tensorflow", tensorflow="2.21.0"):
    """A DeviceInfo as device_report would build it on a machine with these GPUs."""
    return kt.DeviceInfo(
        tensorflow=tensorflow,
        keras="3.15.1",
        backend=backend,
        backend_version={"tensorflow": tensorflow, "jax": "0.10.2", "torch": "2.15.0"}[
            backend
        ],
        gpus=tuple(names),
        compute_capabilities=tuple(caps),
        cuda_build=tensorflow is not None,
        cuda_version="12.5" if tensorflow else None,
        cudnn_version="9" if tensorflow else None,
        mixed_precision_worthwhile=kt.mixed_precision_worthwhile(caps),
    )
