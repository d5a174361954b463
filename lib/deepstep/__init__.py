"""deepstep: the helper library behind the deepstep notebooks.

NumPy only, one module per idea, in teaching order:

- ``activations``: step, linear, ramp, sigmoid, gaussian, tanh, relu, softmax and derivatives
- ``data``: the slides' example networks and small fixed data sets
- ``perceptron``: the perceptron learning rule
- ``check``: visible assertions for notebooks ("✓ matches the slide")
- ``plot``: network diagrams, decision lines and regions, the activation gallery

``plot`` pulls in matplotlib, so it is loaded on first use (``deepstep.plot`` or
``from deepstep import plot``), keeping ``import deepstep`` fast. Nothing here
imports TensorFlow.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from . import activations, check, data, perceptron

__all__ = ["activations", "check", "data", "perceptron", "plot"]
__version__ = "0.1.0"

_LAZY = {"plot"}


def __getattr__(name: str) -> ModuleType:
    if name in _LAZY:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'deepstep' has no attribute {name!r}")
