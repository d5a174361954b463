"""Networks from the slides' last chapters, built in Keras: deck 002's autoencoder and
AlexNet, deck 004's residual blocks and ResNet.

It loads Keras (through ``keras_tools.backend``, the quiet import); notebook 13 imports
it by name:

    from deepstep.keras_tools import architectures as ka

- ``autoencoder(input_dim=784, code_size=100)``: deck 002's 784-100-784 network,
  compiled;
- ``alexnet(groups=2)``: Krizhevsky et al. (2012), with its two-GPU split as grouped
  convs;
- ``residual_block(x, filters, strides)``: two 3x3 convolutions and a skip connection;
- ``resnet(stages=(2, 2, 2, 2))``: ResNet-18 (and with (3, 4, 6, 3), ResNet-34);
- ``connections(model)``: multiply-adds per image, the "connections" deck 002 counts.

Build the big ones inside ``keras.StatelessScope(initialize_variables=False)`` when only
their shapes and counts matter: no weights are drawn.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .._checks import name_of, positive_int
from .backend import keras

layers = keras.layers


def autoencoder(
    input_dim: int = 784, code_size: int = 100, name: str = "autoencoder"
) -> Any:
    """Deck 002's autoencoder: input_dim -> Dense(code_size, sigmoid) ->
    Dense(input_dim, sigmoid).

    (N, input_dim) values in 0..1 -> (N, input_dim), the input's reconstruction. The
    target is the input itself (y = x), so no labels are needed. Compiled with Adam and
    mean squared error. ``model.get_layer("encoder")`` maps an input to its code.
    """
    positive_int(input_dim, autoencoder, "input_dim")
    positive_int(code_size, autoencoder, "code_size")
    inputs = keras.Input(shape=(input_dim,), name="pixels")
    code = layers.Dense(code_size, activation="sigmoid", name="encoder")(inputs)
    outputs = layers.Dense(input_dim, activation="sigmoid", name="decoder")(code)
    model = keras.Model(inputs, outputs, name=name)
    model.compile(optimizer="adam", loss="mse")
    return model


def alexnet(groups: int = 2, classes: int = 1000) -> Any:
    """AlexNet as deck 002 describes it: 5 conv layers, max pooling after the 1st, 2nd
    and 5th, then 2 fully connected layers of 4096 and the 1000-way softmax.

    Input (N, 227, 227, 3): 227, not the paper's 224, is the size for which an 11x11
    window at stride 4 gives its 55x55 maps. groups=2 splits conv2, conv4 and conv5 in
    two halves that see only their own half of the input channels, as the two GPUs of
    the original did (conv3 and the dense layers cross over); groups=1 joins them. Local
    response normalisation is left out: it has no weights and Keras has no such layer.
    """
    positive_int(groups, alexnet, "groups")
    positive_int(classes, alexnet, "classes")
    if groups not in (1, 2):
        raise ValueError(
            f"{name_of(alexnet)}: groups must be 1 (one GPU) or 2 (the paper's two); "
            f"got {groups}"
        )

    def conv(filters: int, size: int, name: str, **kwargs: Any) -> Any:
        return layers.Conv2D(filters, size, activation="relu", name=name, **kwargs)

    x = inputs = keras.Input(shape=(227, 227, 3), name="image")
    x = conv(96, 11, "conv1", strides=4)(x)  # 55x55x96
    x = layers.MaxPooling2D(3, strides=2, name="pool1")(x)  # 27x27
    x = conv(256, 5, "conv2", padding="same", groups=groups)(x)
    x = layers.MaxPooling2D(3, strides=2, name="pool2")(x)  # 13x13
    x = conv(384, 3, "conv3", padding="same")(x)
    x = conv(384, 3, "conv4", padding="same", groups=groups)(x)
    x = conv(256, 3, "conv5", padding="same", groups=groups)(x)
    x = layers.MaxPooling2D(3, strides=2, name="pool5")(x)  # 6x6x256
    x = layers.Flatten(name="flatten")(x)
    x = layers.Dense(4096, activation="relu", name="fc6")(x)
    x = layers.Dropout(0.5, name="dropout6")(x)
    x = layers.Dense(4096, activation="relu", name="fc7")(x)
    x = layers.Dropout(0.5, name="dropout7")(x)
    outputs = layers.Dense(classes, activation="softmax", name="fc8")(x)
    return keras.Model(inputs, outputs, name="alexnet")


def residual_block(x: Any, filters: int, strides: int = 1, name: str = "block") -> Any:
    """Deck 004's residual block: out = ReLU(F(x) + shortcut(x)).

    F is Conv 3x3 (stride ``strides``) -> BatchNorm -> ReLU -> Conv 3x3 -> BatchNorm.
    The shortcut is x itself, or, where the block halves the map (strides=2) or changes
    the number of channels, a 1x1 conv with BatchNorm that brings x to F's shape (He et
    al.'s option B). x: a symbolic tensor (N, H, W, C) -> (N, H/strides, W/strides,
    filters).
    """
    positive_int(filters, residual_block, "filters")
    positive_int(strides, residual_block, "strides")
    y = layers.Conv2D(
        filters,
        3,
        strides=strides,
        padding="same",
        use_bias=False,
        name=f"{name}_conv1",
    )(x)
    y = layers.BatchNormalization(name=f"{name}_bn1")(y)
    y = layers.ReLU(name=f"{name}_relu1")(y)
    y = layers.Conv2D(filters, 3, padding="same", use_bias=False, name=f"{name}_conv2")(
        y
    )
    y = layers.BatchNormalization(name=f"{name}_bn2")(y)
    shortcut = x
    if strides != 1 or x.shape[-1] != filters:
        shortcut = layers.Conv2D(
            filters, 1, strides=strides, use_bias=False, name=f"{name}_project"
        )(x)
        shortcut = layers.BatchNormalization(name=f"{name}_project_bn")(shortcut)
    return layers.ReLU(name=f"{name}_out")(
        layers.Add(name=f"{name}_add")([y, shortcut])
    )


def resnet(
    stages: Sequence[int] = (2, 2, 2, 2),
    input_shape: Sequence[int] = (224, 224, 3),
    classes: int = 1000,
) -> Any:
    """A ResNet of basic blocks, laid out as deck 004 says.

    One extra conv at the start (7x7/2, 64 filters, then 3x3/2 max pooling); then stages
    of residual blocks with 64, 128, 256, 512 filters, each stage after the first
    starting with a stride-2 block (the map halves, the filters double); global average
    pooling and one dense layer to ``classes`` at the end, no other fully connected
    layers. stages=(2, 2, 2, 2) is ResNet-18, (3, 4, 6, 3) ResNet-34: 2 convs per block,
    plus the first conv and the last dense layer.
    """
    stages = tuple(stages)
    if not stages or any(
        isinstance(n, bool) or not isinstance(n, int) or n < 1 for n in stages
    ):
        raise ValueError(
            f"{name_of(resnet)}: stages must be block counts >= 1, one per stage; got "
            f"{stages!r}"
        )
    if len(stages) > 4:
        raise ValueError(
            f"{name_of(resnet)}: at most 4 stages (64, 128, 256, 512 filters); got "
            f"{len(stages)}"
        )
    positive_int(classes, resnet, "classes")
    shape = tuple(input_shape)
    if len(shape) != 3 or any(
        isinstance(s, bool) or not isinstance(s, int) or s < 1 for s in shape
    ):
        raise ValueError(
            f"{name_of(resnet)}: input_shape must be (height, width, channels); got "
            f"{input_shape!r}"
        )
    x = inputs = keras.Input(shape=shape, name="image")
    x = layers.Conv2D(
        64, 7, strides=2, padding="same", use_bias=False, name="stem_conv"
    )(x)
    x = layers.BatchNormalization(name="stem_bn")(x)
    x = layers.ReLU(name="stem_relu")(x)
    x = layers.MaxPooling2D(3, strides=2, padding="same", name="stem_pool")(x)
    for stage, (blocks, filters) in enumerate(
        zip(stages, (64, 128, 256, 512), strict=False)
    ):
        for block in range(blocks):
            strides = 2 if stage > 0 and block == 0 else 1
            x = residual_block(
                x, filters, strides, name=f"stage{stage + 1}_block{block + 1}"
            )
    x = layers.GlobalAveragePooling2D(name="average")(x)
    outputs = layers.Dense(classes, activation="softmax", name="classes")(x)
    depth = 2 * sum(stages) + 2
    return keras.Model(inputs, outputs, name=f"resnet{depth}")


def connections(model: Any) -> int:
    """Multiply-adds for one image: the weighted connections a forward pass uses.

    Per Conv2D: output values × (kernel height × width × input channels / groups); per
    Dense: units × inputs. Biases, pooling and normalisation are not counted.
    """
    if not isinstance(model, keras.Model):
        raise TypeError(
            f"{name_of(connections)}: model must be a keras.Model; got "
            f"{type(model).__name__}"
        )
    total = 0
    for layer in model.layers:
        if isinstance(layer, layers.Conv2D):
            kh, kw, fan_in, _ = (
                layer.kernel.shape
            )  # fan_in is already divided by groups
            total += int(np.prod(layer.output.shape[1:])) * kh * kw * fan_in
        elif isinstance(layer, layers.Dense):
            total += int(np.prod(layer.kernel.shape))
    return int(total)
