"""Recurrent layers: forward against Keras with the same weights, backpropagation
through time against central differences (and TensorFlow), parameter counts, shape
errors.

Keras is imported only by the tests that compare with it (a few seconds, once).
"""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from deepstep.nn import Sequential, gradcheck, initializers  # noqa: E402
from deepstep.nn.layers import GRU, LSTM, Dense, Input, SimpleRNN  # noqa: E402
from deepstep.nn.layers.recurrent import recurrent_param_count  # noqa: E402
from deepstep.nn.optimizers import Adam  # noqa: E402

from strategies import integers_in  # noqa: E402

CELLS = {"SimpleRNN": SimpleRNN, "LSTM": LSTM, "GRU": GRU}

# float32 on both sides; measured max |ours - keras| <= 2e-7 on outputs of size ~1.
RTOL, ATOL = 1e-5, 1e-6


@pytest.fixture(autouse=True)
def seed():
    initializers.set_random_seed(0)


def built(kind, units, shape, **kwargs):
    layer = CELLS[kind](units, **kwargs)
    layer.build(shape)
    return layer


# -- forward against Keras -------------------------------------------------------------


@pytest.mark.parametrize("kind", list(CELLS))
@pytest.mark.parametrize("return_sequences", [False, True])
@pytest.mark.parametrize(
    ("n", "steps", "features", "units"), [(4, 6, 3, 5), (1, 1, 1, 1), (3, 9, 2, 7)]
)
def test_forward_matches_keras_with_the_same_weights_both_ways(
    keras, kind, return_sequences, n, steps, features, units
):
    x = (
        np.random.default_rng(steps)
        .normal(size=(n, steps, features))
        .astype(np.float32)
    )
    ours = built(
        kind, units, (None, steps, features), return_sequences=return_sequences
    )
    theirs = getattr(keras.layers, kind)(
        units, return_sequences=return_sequences, dtype="float32"
    )
    theirs.build((None, steps, features))

    theirs.set_weights(ours.get_weights())  # same layout, no transposes
    out = ours(x)
    assert out.dtype == np.float32
    assert out.shape == ((n, steps, units) if return_sequences else (n, units))
    np.testing.assert_allclose(out, theirs(x).numpy(), rtol=RTOL, atol=ATOL)

    keras.utils.set_random_seed(steps)  # and back: Keras's own random weights into ours
    fresh = getattr(keras.layers, kind)(
        units, return_sequences=return_sequences, dtype="float32"
    )
    fresh.build((None, steps, features))
    fresh.set_weights([w + 0.3 for w in fresh.get_weights()])  # nonzero biases too
    ours.set_weights(fresh.get_weights())
    np.testing.assert_allclose(ours(x), fresh(x).numpy(), rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize("activation", ["relu", "sigmoid", None])
def test_simple_rnn_activation_matches_keras(keras, activation):
    x = np.random.default_rng(1).normal(size=(3, 5, 2)).astype(np.float32)
    ours = built(
        "SimpleRNN", 4, (None, 5, 2), activation=activation, return_sequences=True
    )
    theirs = keras.layers.SimpleRNN(
        4, activation=activation, return_sequences=True, dtype="float32"
    )
    theirs.build((None, 5, 2))
    theirs.set_weights(ours.get_weights())
    np.testing.assert_allclose(ours(x), theirs(x).numpy(), rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize("kind", list(CELLS))
@pytest.mark.parametrize("return_sequences", [False, True])
def test_backward_matches_tensorflow_gradients(keras, kind, return_sequences):
    tf = pytest.importorskip("tensorflow")
    rng = np.random.default_rng(3)
    x = rng.normal(size=(3, 4, 2))
    ours = built(kind, 5, (None, 4, 2), return_sequences=return_sequences)
    ours.params["bias"] += rng.normal(size=ours.params["bias"].shape)
    theirs = getattr(keras.layers, kind)(
        5, return_sequences=return_sequences, dtype="float64"
    )
    theirs.build((None, 4, 2))
    theirs.set_weights(ours.get_weights())

    upstream = rng.normal(size=(3, 4, 5) if return_sequences else (3, 5))
    x_tf = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(x_tf)
        scalar = tf.reduce_sum(theirs(x_tf) * upstream)
    wanted = tape.gradient(scalar, [x_tf, *theirs.trainable_weights])

    ours(x)
    got = [ours.backward(upstream), *ours.grads.values()]
    for g, w in zip(got, wanted, strict=True):
        np.testing.assert_allclose(g, w.numpy(), rtol=1e-9, atol=1e-12)


# -- backpropagation through time against central differences --------------------------


@pytest.mark.parametrize("cell", [SimpleRNN, LSTM, GRU])
@pytest.mark.parametrize("return_sequences", [False, True])
@pytest.mark.parametrize(
    ("n", "steps", "features", "units"), [(2, 4, 3, 3), (3, 6, 2, 4)]
)
def test_backward_matches_gradcheck(cell, return_sequences, n, steps, features, units):
    layer = cell(units, return_sequences=return_sequences)
    layer.build((None, steps, features))
    rng = np.random.default_rng(steps)
    layer.params["bias"] += rng.normal(
        size=layer.params["bias"].shape
    )  # not just the init
    errors = gradcheck.check_layer(
        layer, rng.normal(size=(n, steps, features)), seed=steps
    )
    assert set(errors) == {"x", "kernel", "recurrent_kernel", "bias"}
    # measured <= 2.1e-7: elementwise errors grow where an entry is small (here ~1e-5)
    assert max(errors.values()) < 1e-6, errors


def scaled_errors(layer, x, seed):
    """max |analytic - numerical| / max |numerical| for x and each weight.

    gradcheck's elementwise relative error cannot judge entries that vanish through time
    (1e-9 next to 0.1, where central differences only have rounding noise); this can.
    """
    out = layer.forward(x)
    G = np.random.default_rng(seed).normal(size=out.shape)

    def loss(_):
        return float(np.sum(layer.forward(x) * G))

    layer.forward(x)
    analytic = {"x": layer.backward(G), **{k: g.copy() for k, g in layer.grads.items()}}
    arrays = {"x": x, **layer.params}
    return {
        k: np.abs(analytic[k] - (num := gradcheck.numerical_gradient(loss, a))).max()
        / max(np.abs(num).max(), 1e-12)
        for k, a in arrays.items()
    }


@pytest.mark.parametrize("cell", [SimpleRNN, LSTM, GRU])
@settings(max_examples=6, deadline=None)
@given(
    **integers_in(n=(1, 3), steps=(1, 4), features=(1, 3), units=(1, 3), seed=(0, 99)),
    return_sequences=st.booleans(),
)
def test_backward_matches_central_differences_for_any_shape(
    cell, n, steps, features, units, return_sequences, seed
):
    initializers.set_random_seed(seed)
    layer = cell(units, return_sequences=return_sequences)
    layer.build((None, steps, features))
    rng = np.random.default_rng(seed)
    layer.params["bias"] += rng.normal(size=layer.params["bias"].shape)
    errors = scaled_errors(layer, rng.normal(size=(n, steps, features)), seed)
    assert max(errors.values()) < 1e-8, errors  # measured <= 3e-9 over 120 random cases


@pytest.mark.parametrize("activation", ["sigmoid", None])
def test_simple_rnn_backward_with_other_activations(activation):
    layer = SimpleRNN(3, activation=activation, return_sequences=True)
    x = np.random.default_rng(2).normal(size=(2, 5, 2))
    assert max(gradcheck.check_layer(layer, x).values()) < 1e-7


@pytest.mark.parametrize("cell", [LSTM, GRU])
def test_backward_of_a_long_gated_sequence_reaches_the_first_step(cell):
    layer = cell(4)
    x = np.random.default_rng(0).normal(size=(2, 12, 3))
    errors = gradcheck.check_layer(layer, x)
    assert max(errors.values()) < 1e-7, errors
    layer(x)
    dx = layer.backward(np.ones((2, 4)))
    assert np.all(np.abs(dx[:, 0]) > 0)  # the gradient flows back through all 12 steps


# -- parameter counts, initial weights -------------------------------------------------


@pytest.mark.parametrize("kind", list(CELLS))
@pytest.mark.parametrize(("units", "input_dim"), [(1, 1), (8, 2), (5, 13)])
def test_param_count_matches_keras_and_our_layers(keras, kind, units, input_dim):
    theirs = getattr(keras.layers, kind)(units)
    theirs.build((None, 3, input_dim))
    expected = theirs.count_params()
    assert recurrent_param_count(kind, units, input_dim) == expected
    assert built(kind, units, (None, 3, input_dim)).count_params() == expected


def test_param_count_formulas():
    assert recurrent_param_count("SimpleRNN", 4, 3) == 4 * 3 + 4 * 4 + 4
    assert recurrent_param_count("LSTM", 8, 2) == 4 * (8 * 10 + 8) == 352
    assert recurrent_param_count("GRU", 3, 2) == 3 * (3 * 5 + 2 * 3)


def test_lstm_forget_bias_starts_at_one_and_recurrent_kernel_is_orthogonal():
    layer = built("LSTM", 3, (None, 2, 4))
    np.testing.assert_array_equal(
        layer.params["bias"], [0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0]
    )
    U = layer.params["recurrent_kernel"]  # (3, 12): orthonormal rows
    np.testing.assert_allclose(U @ U.T, np.eye(3), atol=1e-12)
    limit = np.sqrt(6 / (4 + 12))
    assert np.abs(layer.params["kernel"]).max() <= limit


def test_weights_are_seeded_through_layers_set_random_seed():
    initializers.set_random_seed(7)
    a = built("GRU", 3, (None, 2, 4)).get_weights()
    initializers.set_random_seed(7)
    b = built("GRU", 3, (None, 2, 4)).get_weights()
    for wa, wb in zip(a, b, strict=True):
        np.testing.assert_array_equal(wa, wb)
    assert a[2].shape == (2, 9) and not a[2].any()  # GRU: two zero bias rows


def test_return_sequences_last_state_is_the_default_output():
    x = np.random.default_rng(4).normal(size=(2, 5, 3))
    for kind in CELLS:
        seq = built(kind, 4, (None, 5, 3), return_sequences=True)
        last = built(kind, 4, (None, 5, 3))
        last.set_weights(seq.get_weights())
        np.testing.assert_array_equal(seq(x)[:, -1], last(x))


# -- in a Sequential model -------------------------------------------------------------


@pytest.mark.parametrize("kind", ["LSTM", "GRU"])
def test_sequential_with_a_gated_cell_trains_and_lowers_the_loss(kind):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(48, 5, 2))
    y = np.eye(3)[(x[:, :, 0].sum(axis=1) > 0).astype(int) + (x[:, -1, 1] > 0)]
    model = Sequential(
        [Input(shape=(5, 2)), CELLS[kind](8), Dense(3, activation="softmax")]
    )
    assert model.compute_output_shape((None, 5, 2)) == (None, 3)
    gates, biases = {"LSTM": (4, 1), "GRU": (3, 2)}[kind]  # GRU: two bias rows
    assert model.count_params() == gates * (8 * (2 + 8) + biases * 8) + (
        8 * 3 + 3
    )  # + Dense
    model.compile(optimizer=Adam(learning_rate=0.02), loss="categorical_crossentropy")
    history = model.fit(x, y, epochs=10, batch_size=16, verbose=0, seed=0)
    # measured: 0.44 (LSTM), 0.47 (GRU); with the cell's weights frozen, Dense alone
    # gets 0.82 and 0.75, so the bound needs the cell's own gradients
    assert history.history["loss"][-1] < 0.6 * history.history["loss"][0]


def test_stacked_recurrent_model_backprop_matches_central_differences():
    model = Sequential(
        [
            Input(shape=(None, 2)),
            SimpleRNN(3, return_sequences=True),
            GRU(3, return_sequences=True),
            LSTM(2),
            Dense(1),
        ]
    )
    model.compile(loss="mse")
    rng = np.random.default_rng(1)
    errors = gradcheck.check_model(
        model, rng.normal(size=(2, 4, 2)), rng.normal(size=(2, 1))
    )
    assert max(errors.values()) < 1e-7, errors


# -- errors ----------------------------------------------------------------------------


def test_unknown_kind_lists_the_known_ones():
    with pytest.raises(
        ValueError, match="unknown kind 'RNN'; known: SimpleRNN, LSTM, GRU"
    ):
        recurrent_param_count("RNN", 3, 2)
    with pytest.raises(ValueError, match="input_dim must be a positive int; got 0"):
        recurrent_param_count("LSTM", 3, 0)


@pytest.mark.parametrize("units", [0, -2, 2.5, True, "4"])
@pytest.mark.parametrize("cell", [SimpleRNN, LSTM, GRU])
def test_bad_units_are_refused(cell, units):
    with pytest.raises(
        ValueError, match=f"{cell.__name__}: units must be a positive int"
    ):
        cell(units)


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError, match="activation must be one of .*; got 'softmax'"):
        SimpleRNN(3, activation="softmax")
    with pytest.raises(
        TypeError, match="return_sequences must be True or False; got 'yes'"
    ):
        LSTM(3, return_sequences="yes")


@pytest.mark.parametrize(
    ("shape", "message"),
    [
        (
            (4, 3),
            r"expected input of shape \(N, T, F\).*\(N, 6, 3\); got shape \(4, 3\)",
        ),
        (
            (4, 6, 2),
            r"expected input of shape \(N, T, F\).*\(N, 6, 3\); got shape \(4, 6, 2\)",
        ),
        (
            (4, 5, 3),
            r"expected input of shape \(N, T, F\) = \(N, 6, 3\); got shape \(4, 5, 3\)",
        ),
        ((4, 6, 3, 1), r"\(N, T, F\).*got shape \(4, 6, 3, 1\)"),
    ],
)
def test_wrong_input_shape_names_the_expected_and_received(shape, message):
    layer = built("LSTM", 2, (None, 6, 3))
    with pytest.raises(ValueError, match=message):
        layer(np.zeros(shape))


def test_variable_length_layer_accepts_any_steps_but_not_zero():
    layer = built("SimpleRNN", 2, (None, None, 3))
    assert layer(np.zeros((1, 4, 3))).shape == (1, 2)
    assert layer(np.zeros((1, 9, 3))).shape == (1, 2)
    with pytest.raises(ValueError, match=r"\(N, T, 3\); got shape \(1, 0, 3\)"):
        layer(np.zeros((1, 0, 3)))


def test_build_needs_three_dimensions_with_known_features():
    with pytest.raises(
        ValueError, match=r"expects inputs of shape \(N, T, F\).*got \(None, 3\)"
    ):
        LSTM(2).build((None, 3))
    with pytest.raises(ValueError, match=r"F known; got \(None, 5, None\)"):
        GRU(2).build((None, 5, None))


def test_set_weights_checks_shapes_and_count():
    layer = built("GRU", 2, (None, 3, 4))
    kernel, recurrent, bias = layer.get_weights()
    with pytest.raises(ValueError, match=r"bias must have shape \(2, 6\); got \(6,\)"):
        layer.set_weights([kernel, recurrent, bias[0]])
    with pytest.raises(
        ValueError, match=r"recurrent_kernel must have shape \(2, 6\); got \(6, 2\)"
    ):
        layer.set_weights([kernel, recurrent.T, bias])
    with pytest.raises(ValueError, match="expected 3 arrays"):
        layer.set_weights([kernel, recurrent])


@pytest.mark.parametrize("kind", list(CELLS))
def test_backward_errors(kind):
    layer = built(kind, 2, (None, 3, 1))
    with pytest.raises(RuntimeError, match="needs a forward"):
        layer.backward(np.zeros((1, 2)))
    layer(np.zeros((1, 3, 1)))
    with pytest.raises(
        ValueError, match=r"forward output's shape \(1, 2\); got \(1, 3, 2\)"
    ):
        layer.backward(np.zeros((1, 3, 2)))
