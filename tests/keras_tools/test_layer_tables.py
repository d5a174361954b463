"""deepstep.keras_tools.layer_tables: deck 003's per-layer columns for any Keras
model."""

import pytest

pytest.importorskip("tensorflow")
pytest.importorskip("keras")

from deepstep import keras_tools as kt  # noqa: E402
from deepstep.keras_tools import keras  # noqa: E402

# -- layer_table -----------------------------------------------------------------------


def test_layer_table_adds_up_to_count_params_and_counts_by_hand():
    model = kt.mnist_demo_model()
    table = kt.layer_table(model)
    assert table.total_params == model.count_params()
    assert [r.name for r in table] == [
        "input",
        "conv5x5",
        "pool2x2",
        "flatten",
        "dense200",
        "softmax",
    ]
    assert [r.activations for r in table] == [
        32 * 32,
        28 * 28 * 10,
        14 * 14 * 10,
        1960,
        200,
        10,
    ]
    assert [r.weights for r in table] == [0, 250, 0, 0, 392_000, 2_000]
    assert all(r.memory_bytes == 4 * r.activations for r in table)
    assert kt.layer_table(model, bytes_per_value=2)[1].memory_bytes == 2 * 7_840
    text = str(table)
    assert (
        "7,840" in text
        and "394,470" in text
        and text.splitlines()[-1].startswith("total")
    )


def test_layer_table_counts_non_bias_parameters_of_other_layers():
    inputs = keras.Input(shape=(6,))
    hidden = keras.layers.BatchNormalization(name="bn")(
        keras.layers.Dense(4, name="d")(inputs)
    )
    model = keras.Model(
        inputs, keras.layers.Dense(2, use_bias=False, name="out")(hidden)
    )
    table = kt.layer_table(model)
    assert [r.kind for r in table] == [
        "InputLayer",
        "Dense",
        "BatchNormalization",
        "Dense",
    ]
    assert table.total_params == model.count_params() == (6 * 4 + 4) + 4 * 4 + 4 * 2
    # gamma, beta and the two moving statistics are parameters but not biases.
    assert [r.weights for r in table] == [0, 24, 16, 8]


def test_layer_table_reproduces_vgg16_counts():
    with keras.StatelessScope(initialize_variables=False):
        vgg = keras.applications.VGG16(weights=None)
    table = kt.layer_table(vgg)
    assert table.total_params == vgg.count_params() == 138_357_544
    # Deck 003's rows (Flatten has none) add up to 15,237,608 activations.
    assert sum(r.activations for r in table if r.kind != "Flatten") == 15_237_608
    assert (
        table[1].output_shape == (224, 224, 64) and table[1].weights == 3 * 3 * 3 * 64
    )


def test_layer_table_explains_what_it_cannot_use():
    with pytest.raises(
        TypeError, match="layer_table: model must be a keras.Model; got list"
    ):
        kt.layer_table([])
    unbuilt = keras.Sequential([keras.layers.Dense(3)])
    with pytest.raises(ValueError, match="is not built; start it with keras.Input"):
        kt.layer_table(unbuilt)
    with pytest.raises(ValueError, match="bytes_per_value must be a positive int"):
        kt.layer_table(kt.mnist_demo_model(), bytes_per_value=0)
