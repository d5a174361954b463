"""deepstep: the helper library behind the deepstep notebooks, NumPy only.

Dependencies point one way, each layer importing only those before it:

- ``_checks``: every argument check and the format of its messages;
- ``nn``: the NumPy mini-Keras (``nn.layers``, ``nn.Sequential``, ``nn.ops``,
  ``nn.losses``, ``nn.optimizers``, ...), which reads like ``keras``;
- the lessons' helpers, one per idea, each docstring naming its notebooks: ``data``,
  ``check``, ``perceptron``, ``descent``, ``delta_rule``, ``kernels``,
  ``xo_net``, ``receptive_field``, ``augment``, ``dropout_variants``, ``depth``,
  ``generative``, ``why_depth``, ``sequences``, ``normalization``, ``training_cost``;
  ``exercises`` checks the notebooks' exercises;
- ``plot``: the only package that imports matplotlib and ipywidgets (every figure and
  the drawing pad), loaded on first use (``from deepstep import plot``) so that
  ``import deepstep`` stays fast;
- ``keras_tools``: the only package that imports Keras (its device report, MNIST
  loading, the slides' models and layer tables, the Keras exercises), imported by name
  by notebooks 04, 11-13 and 15-17.

Importing ``deepstep`` or ``deepstep.nn`` never imports TensorFlow; ``deepstep.nn``
never imports matplotlib.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from . import (
    augment,
    check,
    data,
    delta_rule,
    depth,
    descent,
    dropout_variants,
    generative,
    kernels,
    nn,
    normalization,
    perceptron,
    receptive_field,
    sequences,
    training_cost,
    why_depth,
    xo_net,
)

__all__ = [
    "augment",
    "check",
    "data",
    "delta_rule",
    "depth",
    "descent",
    "dropout_variants",
    "generative",
    "kernels",
    "nn",
    "normalization",
    "perceptron",
    "plot",
    "receptive_field",
    "sequences",
    "training_cost",
    "why_depth",
    "xo_net",
]
__version__ = "0.1.0"

_LAZY = {"plot"}


def __getattr__(name: str) -> ModuleType:
    if name in _LAZY:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'deepstep' has no attribute {name!r}")
