"""deepstep: the helper library behind the deepstep notebooks.

NumPy only, one module per idea, in teaching order:

- ``activations``: step, linear, ramp, sigmoid, gaussian, tanh, relu, softmax and derivatives
- ``data``: the slides' example networks and small fixed data sets
- ``perceptron``: the perceptron learning rule
- ``conv``: convolution and pooling with Keras's padding rules
- ``conv_layers``: Conv2D, MaxPooling2D, AveragePooling2D and Flatten, forward and backward
- ``kernels``: image kernels (blur, sharpen, edges, ...) and the kernel explorer's figures
- ``xo_net``: slide deck 003's hand-built X/O ConvNet, stage by stage
- ``losses``: from signed error to cross-entropy, each with its gradient
- ``descent``: gradient descent on small surfaces and on linear regression (batch, mini-batch, SGD)
- ``delta_rule``: slide deck 004's backpropagation rule, δ by δ, for one hidden layer
- ``layers`` and ``models``: Dense, Activation, ReLU and Sequential, with Keras's names and layouts
- ``gradcheck``: central-difference gradients and relative errors
- ``optimizers`` and ``schedules``: SGD, Adagrad, RMSprop, Adadelta, Adam; learning-rate decay
- ``surfaces``: 2-D loss surfaces with exact gradients, and optimizer trajectories over them
- ``metrics``: accuracy and friends, reported while training
- ``regularization`` and ``augment``: Dropout and BatchNormalization layers; image augmentations
- ``recurrent``: SimpleRNN, LSTM and GRU as loops over time, with backpropagation through time
- ``depth``: gradients through deep stacks, plain and with skip connections (why ResNets work)
- ``check``: visible assertions for notebooks ("✓ matches the slide")
- ``plot``: network diagrams, decision lines and regions, the activation gallery

``plot`` pulls in matplotlib, so it is loaded on first use (``deepstep.plot`` or
``from deepstep import plot``), keeping ``import deepstep`` fast. Nothing here
imports TensorFlow.
"""

from __future__ import annotations

import importlib
from types import ModuleType

# layers first: it re-exports the classes of models, conv_layers and regularization,
# which import it in turn.
from . import layers  # isort: skip
from . import (
    activations,
    augment,
    check,
    conv,
    conv_layers,
    data,
    delta_rule,
    depth,
    descent,
    gradcheck,
    kernels,
    losses,
    metrics,
    models,
    optimizers,
    perceptron,
    recurrent,
    regularization,
    schedules,
    surfaces,
    xo_net,
)

__all__ = [
    "activations",
    "augment",
    "check",
    "conv",
    "conv_layers",
    "data",
    "delta_rule",
    "depth",
    "descent",
    "gradcheck",
    "kernels",
    "layers",
    "losses",
    "metrics",
    "models",
    "optimizers",
    "perceptron",
    "plot",
    "recurrent",
    "regularization",
    "schedules",
    "surfaces",
    "xo_net",
]
__version__ = "0.1.0"

_LAZY = {"plot"}


def __getattr__(name: str) -> ModuleType:
    if name in _LAZY:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'deepstep' has no attribute {name!r}")
