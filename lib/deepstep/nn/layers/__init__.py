"""The layers, as ``keras.layers``: each pairs ``forward`` with ``backward`` (cs231n
style).

- ``forward(x, training=False)`` computes the output and keeps what ``backward`` needs;
- ``backward(grad_out)`` takes d(loss)/d(output), stores d(loss)/d(param) in ``grads``
  (keyed like ``params``: "kernel", "bias") and returns d(loss)/d(input).

``base`` (Layer, Input, InputSpec) ← ``core`` (Dense, Activation, ReLU, Flatten) ←
``convolutional``, ``regularization``, ``recurrent``. This file only gathers their
names.
"""

from .base import Input, InputSpec, Layer
from .convolutional import AveragePooling2D, AvgPool2D, Conv2D, MaxPool2D, MaxPooling2D
from .core import Activation, Dense, Flatten, ReLU
from .recurrent import GRU, LSTM, SimpleRNN
from .regularization import BatchNormalization, Dropout

__all__ = [
    "GRU",
    "LSTM",
    "Activation",
    "AveragePooling2D",
    "AvgPool2D",
    "BatchNormalization",
    "Conv2D",
    "Dense",
    "Dropout",
    "Flatten",
    "Input",
    "InputSpec",
    "Layer",
    "MaxPool2D",
    "MaxPooling2D",
    "ReLU",
    "SimpleRNN",
]
