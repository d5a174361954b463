"""The recurrent family in Keras: a SimpleRNN, GRU or LSTM classifier, and a ConvLSTM
that predicts the next frame.  (notebook 16)

Loads Keras through ``keras_tools.backend`` (its quiet import); notebook 16 imports it
by
name:

    from deepstep.keras_tools import recurrent as kr

- ``sequence_classifier(kind, units, steps, features)``: one recurrent layer, then a
  sigmoid unit, compiled with Adam and binary cross-entropy;
- ``next_frame_model(size, filters)``: ConvLSTM2D over (T, size, size, 1) clips, then a
  1×1 convolution with a sigmoid per pixel: the next frame.
"""

from __future__ import annotations

from typing import Any

from .._checks import name_of, positive_int
from .backend import keras

layers = keras.layers
KINDS = ("SimpleRNN", "GRU", "LSTM")


def sequence_classifier(
    kind: str, units: int, steps: int | None, features: int, learning_rate: float = 0.01
) -> Any:
    """(N, steps, features) -> (N, 1), the probability of class 1, after
    ``kind``(units).

    kind: "SimpleRNN", "GRU" or "LSTM" (Keras's defaults: tanh, GRU with reset_after).
    The recurrent layer is named "recurrent", so ``model.get_layer("recurrent")`` finds
    it.
    """
    if kind not in KINDS:
        raise ValueError(
            f"{name_of(sequence_classifier)}: kind must be one of {', '.join(KINDS)}; "
            f"got {kind!r}"
        )
    positive_int(units, sequence_classifier, "units")
    positive_int(features, sequence_classifier, "features")
    model = keras.Sequential(
        [
            keras.Input(shape=(steps, features)),
            getattr(layers, kind)(units, name="recurrent"),
            layers.Dense(1, activation="sigmoid", name="answer"),
        ],
        name=kind.lower(),
    )
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate),
        loss="binary_crossentropy",
        metrics=["accuracy"],
    )
    return model


def next_frame_model(size: int, filters: int = 8, learning_rate: float = 0.01) -> Any:
    """(N, T, size, size, 1) clips -> (N, size, size, 1): the frame after the last one.

    ConvLSTM2D(filters, 3×3, "same"): an LSTM whose products with the input and the
    state are 3×3 convolutions, so each pixel's gates see only its neighbourhood; then a
    1×1 convolution with a sigmoid gives each pixel's probability of holding the dot.
    Compiled with Adam and binary cross-entropy.
    """
    positive_int(size, next_frame_model, "size")
    positive_int(filters, next_frame_model, "filters")
    model = keras.Sequential(
        [
            keras.Input(shape=(None, size, size, 1)),
            layers.ConvLSTM2D(filters, 3, padding="same", name="convlstm"),
            layers.Conv2D(1, 1, activation="sigmoid", name="pixel"),
        ],
        name="next_frame",
    )
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate), loss="binary_crossentropy"
    )
    return model


def family_model(
    units: int, steps: int | None, features: int, learning_rate: float = 0.01
) -> Any:
    """SimpleRNN, GRU and LSTM side by side on the same input, trained by one ``fit``.

    (N, steps, features) -> three outputs (N, 1) named "SimpleRNN", "GRU" and "LSTM",
    each a recurrent layer (named "rnn_<kind>") then a sigmoid unit. The branches share
    nothing: the loss is the sum of their three binary cross-entropies, so each branch's
    gradient is its own and Adam (per-weight) trains them as three separate models, with
    one graph traced instead of three. ``y`` is given once per branch:
    ``{kind: y for kind in KINDS}``.
    """
    positive_int(units, family_model, "units")
    positive_int(features, family_model, "features")
    inputs = keras.Input(shape=(steps, features), name="sequence")
    outputs = {
        kind: layers.Dense(1, activation="sigmoid", name=kind)(
            getattr(layers, kind)(units, name=f"rnn_{kind}")(inputs)
        )
        for kind in KINDS
    }
    model = keras.Model(inputs, outputs, name="family")
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate),
        loss={kind: "binary_crossentropy" for kind in KINDS},
        metrics={kind: ["accuracy"] for kind in KINDS},
    )
    return model
