"""deepstep.keras_tools.device: the machine report, mixed precision, distribution."""

import pytest

pytest.importorskip("tensorflow")
pytest.importorskip("keras")

from deepstep import keras_tools as kt  # noqa: E402
from deepstep.keras_tools import (  # noqa: E402
    device,  # noqa: E402
    keras,
    tf,
)

from .machines import gpu_info  # noqa: E402

# -- the machine -----------------------------------------------------------------------


def test_device_report_runs_and_says_what_to_install_without_a_gpu():
    lines = []
    info = kt.device_report(print_fn=lines.append)
    assert info.tensorflow == tf.__version__ and info.keras == keras.__version__
    assert 3 <= len(lines) <= 6 and lines[0].startswith("TensorFlow ")
    if not tf.config.list_physical_devices("GPU"):
        assert info.gpus == () and not info.mixed_precision_worthwhile
        assert any('pip install -e ".[gpu]"' in line for line in lines)
        assert kt.hardware_name().startswith("CPU: ")


def test_report_with_tensor_core_gpus_recommends_mixed_precision_and_no_install():
    info = gpu_info(("NVIDIA H100",), ((9, 0),))
    lines = device._report_lines(info)
    assert "NVIDIA H100 (compute capability 9.0)" in lines[1]
    assert any("mixed_float16" in line for line in lines)
    assert not any("pip install" in line for line in lines)


def test_report_on_other_backends_names_them_and_their_gpu_install():
    lines = device._report_lines(gpu_info(backend="jax", tensorflow=None))
    assert (
        lines[0] == "TensorFlow not installed, Keras 3.15.1, backend: jax (jax 0.10.2)"
    )
    assert not any(
        "TensorFlow built" in line for line in lines
    )  # TF's CUDA build is beside the point
    assert 'pip install -U "jax[cuda12]"' in lines[-1]
    lines = device._report_lines(gpu_info(("NVIDIA A100",), ((8, 0),), backend="torch"))
    assert lines[0].endswith("backend: torch (torch 2.15.0)") and "A100" in lines[1]
    assert not any("install" in line for line in lines)


@pytest.mark.parametrize(
    ("value", "capability"),
    [
        ((8, 6), (8, 6)),
        ("9.0", (9, 0)),
        ("7", (7, 0)),
        (None, None),
        ("", None),
        ("n/a", None),
    ],
)
def test_compute_capability_is_read_from_each_backends_form(value, capability):
    assert device._capability(value) == capability


@pytest.mark.parametrize(
    ("caps", "worthwhile"),
    [
        ([], False),
        ([(9, 0)], True),
        ([(7, 0), (8, 6)], True),
        ([(6, 1)], False),
        ([None], False),
    ],
)
def test_mixed_precision_needs_tensor_cores_on_every_gpu(caps, worthwhile):
    assert kt.mixed_precision_worthwhile(caps) is worthwhile


def test_distribution_strategy_is_the_default_below_two_gpus_and_mirrored_above(
    monkeypatch,
):
    if len(tf.config.list_logical_devices("GPU")) <= 1:
        strategy = kt.distribution_strategy()
        assert strategy is tf.distribute.get_strategy()
        assert strategy.num_replicas_in_sync == 1
    made = []
    monkeypatch.setattr(
        tf.config, "list_logical_devices", lambda kind=None: ["gpu0", "gpu1"]
    )
    monkeypatch.setattr(
        tf.distribute, "MirroredStrategy", lambda: made.append(1) or "mirrored"
    )
    assert kt.distribution_strategy() == "mirrored" and made == [1]
