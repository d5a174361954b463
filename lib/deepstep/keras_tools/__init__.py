"""deepstep.keras_tools: the Keras half of the course, and the only package of deepstep
that imports Keras (and with it TensorFlow, the default backend, or JAX).
``import deepstep`` never loads it; ask for it by name:

    from deepstep import keras_tools as kt
    from deepstep.keras_tools import keras, tf  # quiet imports; tf is None without
                                                # TensorFlow

Its modules, one concern each, and the notebooks that use them:

- ``backend``: ``keras`` and ``tf`` imported with TensorFlow's start-up log muted
  (notebooks 04, 11-13, 15-17);
- ``device``: ``device_report``, ``hardware_name``, ``mixed_precision_worthwhile``,
  ``distribution_strategy`` (notebooks 12, 13; tools/gpu_check.py, benchmarks/);
- ``mnist``: ``load_mnist`` with its offline fallbacks, ``data_dir``,
  ``read_mnist_npz``, ``digits_as_mnist``, ``mnist_input`` (notebooks 12, 13);
- ``training``: deck 000's ``mnist_demo_model``, its ``training_plan``, ``ArrayBatches``
  (notebook 12);
- ``layer_tables``: ``layer_table``, deck 003's per-layer columns (notebooks 12, 13);

their names are gathered here (``kt.load_mnist``, ``kt.device_report``, ...). Four more
modules serve one notebook each and are imported by name, not gathered:

- ``architectures`` (notebook 13): deck 002's autoencoder and AlexNet, deck 004's
  ResNet;
- ``exercises`` (notebook 11): the Keras exercises (a GradientTape step, the MLP by
  hand);
- ``recurrent`` (notebook 16): SimpleRNN/GRU/LSTM classifiers and a ConvLSTM;
- ``cifar`` (notebook 17): deck 002's CIFAR-10 model, LRN, CIFAR-10 or its stand-in.

    from deepstep.keras_tools import architectures as ka

TensorFlow is the default backend, and what CI runs; everything here also works with
``KERAS_BACKEND=jax``, with or without TensorFlow installed (the tests check both), and
is written for ``torch`` the same way, though no test runs it there.
"""

from .backend import keras, quiet_native_stderr, tf
from .device import (
    GPU_INSTALL_HINT,
    GPU_INSTALL_HINTS,
    DeviceInfo,
    KerasDistribution,
    device_report,
    distribution_strategy,
    hardware_name,
    mixed_precision_worthwhile,
)
from .layer_tables import LayerRow, LayerTable, layer_table
from .mnist import (
    DATA_VARIABLE,
    DOWNLOAD_TIMEOUT_SECONDS,
    FALLBACK_TEST_SIZE,
    MNIST_HOST,
    MNIST_SOURCE_VARIABLE,
    PROBE_SECONDS,
    PROBE_THREAD_NAME,
    SUBSET_FILE,
    MnistSplits,
    data_dir,
    digits_as_mnist,
    load_mnist,
    mnist_input,
    read_mnist_npz,
)
from .training import (
    FULL_MNIST_SIZE,
    MNIST_SUBSET_SIZE,
    ArrayBatches,
    TrainingPlan,
    mnist_demo_model,
    training_plan,
)

__all__ = [
    "DATA_VARIABLE",
    "DOWNLOAD_TIMEOUT_SECONDS",
    "FALLBACK_TEST_SIZE",
    "FULL_MNIST_SIZE",
    "GPU_INSTALL_HINT",
    "GPU_INSTALL_HINTS",
    "MNIST_HOST",
    "MNIST_SOURCE_VARIABLE",
    "MNIST_SUBSET_SIZE",
    "PROBE_SECONDS",
    "PROBE_THREAD_NAME",
    "SUBSET_FILE",
    "ArrayBatches",
    "DeviceInfo",
    "KerasDistribution",
    "LayerRow",
    "LayerTable",
    "MnistSplits",
    "TrainingPlan",
    "data_dir",
    "device_report",
    "digits_as_mnist",
    "distribution_strategy",
    "hardware_name",
    "keras",
    "layer_table",
    "load_mnist",
    "mixed_precision_worthwhile",
    "mnist_demo_model",
    "mnist_input",
    "quiet_native_stderr",
    "read_mnist_npz",
    "tf",
    "training_plan",
]
