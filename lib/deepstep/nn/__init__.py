"""deepstep.nn: the NumPy mini-Keras. ``deepstep.nn`` reads like ``keras``.

    from deepstep import nn
    model = nn.Sequential([nn.layers.Input((2,)),
                           nn.layers.Dense(2, activation="sigmoid")])
    model.compile(optimizer=nn.optimizers.SGD(0.5), loss="mse")

Modules, each depending only on those above it (and on ``deepstep._checks``):
``activations``, ``initializers``, ``ops`` (stateless convolution and pooling),
``losses``, ``schedules``, ``optimizers``, ``metrics``, ``layers`` (a package: base,
core, convolutional, regularization, recurrent), ``models`` (Sequential, History),
``gradcheck``. Nothing here imports matplotlib or TensorFlow. This file only gathers
names.
"""

from . import (
    activations,
    gradcheck,
    initializers,
    layers,
    losses,
    metrics,
    models,
    ops,
    optimizers,
    schedules,
)
from .initializers import set_random_seed
from .layers import Input
from .models import History, Sequential

__all__ = [
    "History",
    "Input",
    "Sequential",
    "activations",
    "gradcheck",
    "initializers",
    "layers",
    "losses",
    "metrics",
    "models",
    "ops",
    "optimizers",
    "schedules",
    "set_random_seed",
]
