"""Every layer follows one lifecycle, and a training step reads its data once.

- ``layer(x)`` builds the layer on first use, from x's shape; ``build(input_shape)``
  does it explicitly; ``forward`` on an unbuilt layer raises the same error for every
  layer, naming it.
- The values of the data are checked (float, no NaN or inf) once, where they enter:
  ``Layer.__call__``, ``fit``, ``evaluate``, ``predict``. ``forward``, ``backward``, the
  loss and the optimizer inside ``fit`` check shapes only.
"""

from __future__ import annotations

import collections
import re

import numpy as np
import pytest

import deepstep._checks as checks
from deepstep.nn import Sequential, activations, layers, optimizers

# One sample input for each layer class: (the layer, the shape of x with a batch of 2).
LAYERS = {
    "Dense": (lambda: layers.Dense(3, activation="sigmoid"), (2, 4)),
    "Activation": (lambda: layers.Activation("softmax"), (2, 4)),
    "ReLU": (lambda: layers.ReLU(), (2, 3, 2)),
    "Flatten": (lambda: layers.Flatten(), (2, 3, 2)),
    "Conv2D": (lambda: layers.Conv2D(2, 3, padding="same"), (2, 5, 5, 1)),
    "MaxPooling2D": (lambda: layers.MaxPooling2D(), (2, 4, 4, 3)),
    "AveragePooling2D": (lambda: layers.AveragePooling2D(), (2, 4, 4, 3)),
    "Dropout": (lambda: layers.Dropout(0.5, seed=0), (2, 4)),
    "BatchNormalization": (lambda: layers.BatchNormalization(), (2, 4)),
    "SimpleRNN": (lambda: layers.SimpleRNN(3), (2, 5, 2)),
    "LSTM": (lambda: layers.LSTM(3), (2, 5, 2)),
    "GRU": (lambda: layers.GRU(3, return_sequences=True), (2, 5, 2)),
}


def test_every_layer_class_is_covered():
    classes = {
        name
        for name in layers.__all__
        if isinstance(getattr(layers, name), type)
        and issubclass(getattr(layers, name), layers.Layer)
        and getattr(layers, name) is not layers.Layer
    }
    aliases = {"MaxPool2D", "AvgPool2D"}  # Keras's second names for the pooling layers
    assert classes - aliases == set(LAYERS)


@pytest.mark.parametrize("kind", list(LAYERS))
def test_calling_a_layer_builds_it_from_the_data(kind):
    make, shape = LAYERS[kind]
    layer = make()
    x = np.random.default_rng(0).normal(size=shape)
    assert not layer.built
    out = layer(x)
    assert layer.built and layer.input_shape == (None, *shape[1:])
    assert isinstance(layer.input_spec, layers.InputSpec)
    assert out.shape[1:] == layer.compute_output_shape(layer.input_shape)[1:]
    assert out.shape[0] == shape[0]


@pytest.mark.parametrize("kind", list(LAYERS))
def test_explicit_build_then_forward_gives_what_calling_gives(kind):
    make, shape = LAYERS[kind]
    x = np.random.default_rng(1).normal(size=shape)
    called, built = make(), make()
    built.build((None, *shape[1:]))
    called(x)
    built.set_weights(called.get_weights())
    np.testing.assert_array_equal(built.forward(x), called(x))


@pytest.mark.parametrize("kind", list(LAYERS))
def test_forward_on_an_unbuilt_layer_raises_the_same_error_naming_the_layer(kind):
    make, shape = LAYERS[kind]
    layer = make()
    message = (
        f"{layer.name}.forward: the {type(layer).__name__} layer is not built; "
        "call build(input_shape) or the layer itself first"
    )
    with pytest.raises(RuntimeError) as err:
        layer.forward(np.zeros(shape))
    assert str(err.value) == message
    assert not layer.built


@pytest.mark.parametrize("kind", [k for k in LAYERS if k != "Flatten"])
def test_a_built_layer_names_itself_and_both_shapes_for_a_wrong_input(kind):
    make, shape = LAYERS[kind]
    layer = make()
    layer(np.zeros(shape))
    wrong = shape[:-1]  # one axis short
    with pytest.raises(
        ValueError,
        match=rf"^{layer.name}: expected .*; got shape {re.escape(str(wrong))}$",
    ):
        layer.forward(np.zeros(wrong))


def test_flatten_accepts_any_shape_with_a_batch_axis_once_built():
    flat = layers.Flatten()
    flat(np.zeros((2, 3, 4)))
    assert flat.forward(np.zeros((5, 7))).shape == (5, 7)
    with pytest.raises(
        ValueError, match=r"expected input of shape \(batch, \.\.\.\); got shape \(\)"
    ):
        flat.forward(np.zeros(()))


def test_forward_converts_a_list_but_does_not_rescan_float_arrays():
    dense = layers.Dense(2)
    dense.build((None, 3))
    assert dense.forward([[1, 2, 3]]).dtype == np.float64  # a list, converted once
    x = np.ones((1, 3), dtype=np.float32)
    assert dense.forward(x).dtype == np.float32


# -- the registry: one place for each activation and its derivative --------------------
@pytest.mark.parametrize("name", activations.NAMES)
def test_registry_entries_compute_what_the_public_functions_compute(name):
    entry = activations.get(name)
    v = np.random.default_rng(2).normal(size=(4, 5)) * 3
    g = np.random.default_rng(3).normal(size=(4, 5))
    out = entry.forward(v)
    np.testing.assert_array_equal(out, entry.function(v))
    if name == "softmax":  # the Jacobian-vector product, against the full Jacobian
        expected = np.einsum("nij,ni->nj", entry.derivative(v), g)
    else:
        expected = g * entry.derivative(v)
    np.testing.assert_allclose(
        entry.backward(v, out, g), expected, rtol=1e-12, atol=1e-15
    )


# -- checks once -----------------------------------------------------------------------
class _CountingNumpy:
    """Stands in for ``deepstep._checks.np``: counts the NaN scans the checks make, by
    shape."""

    def __init__(self):
        self.scans = collections.Counter()

    def __getattr__(self, name):
        return getattr(np, name)

    def isnan(self, a):
        self.scans[np.shape(a)] += 1
        return np.isnan(a)


@pytest.fixture
def scans(monkeypatch):
    counter = _CountingNumpy()
    monkeypatch.setattr(checks, "np", counter)
    return counter.scans


def _models():
    rng = np.random.default_rng(0)
    y = np.eye(2)[rng.integers(0, 2, 8)]
    return {
        "Dense(sigmoid)": (
            [layers.Input((3,)), layers.Dense(2, activation="sigmoid")],
            rng.normal(size=(8, 3)),
            y,
            "mse",
        ),
        "ConvNet": (
            [
                layers.Input((6, 6, 1)),
                layers.Conv2D(2, 3, activation="relu"),
                layers.MaxPooling2D(),
                layers.Flatten(),
                layers.Dense(2, activation="softmax"),
            ],
            rng.normal(size=(8, 6, 6, 1)),
            y,
            "categorical_crossentropy",
        ),
        "LSTM": (
            [layers.Input((5, 2)), layers.LSTM(3), layers.Dense(2)],
            rng.normal(size=(8, 5, 2)),
            y,
            "mse",
        ),
    }


@pytest.mark.parametrize("kind", list(_models()))
def test_fit_scans_x_and_y_once_however_many_steps_and_epochs(kind, scans):
    stack, x, y, loss = _models()[kind]
    model = Sequential(stack)
    model.compile(optimizer=optimizers.SGD(0.1), loss=loss, metrics=["accuracy"])
    scans.clear()
    model.fit(x, y, epochs=3, batch_size=2, validation_data=(x[:4], y[:4]), verbose=0)
    # x, y, x_val and y_val: once each, at the start, not per batch (12 steps) or per
    # epoch.
    assert scans == {x.shape: 1, y.shape: 1, x[:4].shape: 1, y[:4].shape: 1}


def test_a_layer_call_scans_its_input_once(scans):
    dense = layers.Dense(2, activation="sigmoid")
    x = np.ones((4, 3))
    dense(x)
    dense.backward(np.ones((4, 2)))
    assert scans == {(4, 3): 1}


def test_predict_and_evaluate_scan_their_data_once(scans):
    stack, x, y, loss = _models()["Dense(sigmoid)"]
    model = Sequential(stack)
    model.compile(loss=loss)
    model.predict(x)
    assert scans == {x.shape: 1}
    scans.clear()
    model.evaluate(x, y)
    assert scans == {x.shape: 1, y.shape: 1}
