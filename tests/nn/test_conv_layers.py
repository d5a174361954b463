"""Conv2D, pooling and Flatten layers: central differences, TensorFlow with copied
weights, hand-worked pooling gradients, training on the X/O data, and errors that name
the shapes."""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from deepstep import data  # noqa: E402
from deepstep.nn import Sequential, gradcheck, initializers, ops, optimizers  # noqa: E402
from deepstep.nn.layers import (  # noqa: E402
    AveragePooling2D,
    AvgPool2D,
    Conv2D,
    Dense,
    Flatten,
    Input,
    MaxPool2D,
    MaxPooling2D,
)
from deepstep.nn.ops import correlate_symbols  # noqa: E402

from strategies import PADDINGS, integers_in, window_fits  # noqa: E402


@pytest.fixture(autouse=True)
def seed():
    initializers.set_random_seed(0)


# -- central differences ---------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(
    **integers_in(
        n=(1, 2), h=(2, 7), w=(2, 7), c=(1, 3), f=(1, 3), kh=(1, 4), kw=(1, 4)
    ),
    s=st.integers(1, 2),
    padding=PADDINGS,
    use_bias=st.booleans(),
    seed=st.integers(0, 999),
)
def test_conv2d_backward_matches_central_differences(
    n, h, w, c, f, kh, kw, s, padding, use_bias, seed
):
    if not window_fits(h, w, kh, kw, padding):
        return
    initializers.set_random_seed(seed)
    layer = Conv2D(f, (kh, kw), strides=s, padding=padding, use_bias=use_bias)
    x = np.random.default_rng(seed).normal(size=(n, h, w, c))
    # The layer is linear in x and in the weights, so central differences are exact for
    # any step; a large step keeps rounding noise far below 1e-7 even where a gradient
    # cancels to ~0.
    errors = gradcheck.check_layer(layer, x, seed=seed, h=0.1)
    assert set(errors) == ({"x", "kernel", "bias"} if use_bias else {"x", "kernel"})
    assert max(errors.values()) < 1e-7, errors


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid"])
def test_conv2d_with_an_activation_backward_matches_central_differences(activation):
    layer = Conv2D(2, 3, strides=2, padding="same", activation=activation)
    x = np.random.default_rng(4).normal(size=(2, 6, 5, 2))
    assert max(gradcheck.check_layer(layer, x).values()) < 1e-7


@settings(max_examples=40, deadline=None)
@given(
    **integers_in(h=(1, 7), w=(1, 7), p=(1, 3), s=(1, 2), seed=(0, 999)),
    padding=PADDINGS,
    kind=st.sampled_from([MaxPool2D, AveragePooling2D]),
)
def test_pooling_backward_matches_central_differences(h, w, p, s, padding, kind, seed):
    if not window_fits(h, w, p, p, padding):
        return
    # Distinct values spaced far apart, so no max ties and no max changes within ±2h.
    rng = np.random.default_rng(seed)
    x = rng.permutation(2 * h * w * 2).reshape(2, h, w, 2) * 0.01 + rng.normal(size=1)
    errors = gradcheck.check_layer(kind(p, s, padding), x, seed=seed, h=1e-3)
    assert errors["x"] < 1e-7, errors


def test_flatten_backward_matches_central_differences():
    x = np.random.default_rng(0).normal(size=(3, 2, 4, 5))
    assert gradcheck.check_layer(Flatten(), x)["x"] < 1e-7


def test_whole_convnet_matches_central_differences():
    initializers.set_random_seed(1)
    model = Sequential(
        [
            Input((7, 6, 2)),
            Conv2D(3, 3, activation="relu"),
            MaxPool2D(2, padding="same"),
            Conv2D(2, 2, padding="same", activation="tanh"),
            AveragePooling2D(2),
            Flatten(),
            Dense(3, activation="softmax"),
        ]
    )
    model.compile(loss="categorical_crossentropy")
    # Relative error divides by the gradient's size: an x-gradient that cancels to ~1e-8
    # shows rounding noise of ~1e-13 as a "relative error" of 1e-6. This seed has none.
    rng = np.random.default_rng(1)
    x = rng.normal(size=(4, 7, 6, 2))
    y = np.eye(3)[rng.integers(0, 3, size=4)]
    errors = gradcheck.check_model(model, x, y)
    assert len(errors) == 1 + 2 + 2 + 2
    assert max(errors.values()) < 1e-7, errors


# -- by hand ---------------------------------------------------------------------------


def test_conv2d_weight_gradient_is_input_correlated_with_delta():
    # The 3x3 input and 2x2 kernel of slide deck 003: dL/dW = X ⋆ δ, dL/dX = pad(δ) ⋆
    # flip(W).
    X = np.arange(1.0, 10.0).reshape(3, 3)
    W = np.array([[1.0, -1.0], [2.0, 0.5]])
    delta = np.array([[0.1, -0.2], [0.3, 0.4]])
    layer = Conv2D(1, 2, use_bias=False)
    layer.build((None, 3, 3, 1))
    layer.set_weights([W[:, :, None, None]])
    layer(X[None, :, :, None])
    dx = layer.backward(delta[None, :, :, None])[0, :, :, 0]
    dw = layer.grads["kernel"][:, :, 0, 0]
    by_hand_dw = [
        [0.1 * 1 - 0.2 * 2 + 0.3 * 4 + 0.4 * 5, 0.1 * 2 - 0.2 * 3 + 0.3 * 5 + 0.4 * 6],
        [0.1 * 4 - 0.2 * 5 + 0.3 * 7 + 0.4 * 8, 0.1 * 5 - 0.2 * 6 + 0.3 * 8 + 0.4 * 9],
    ]
    np.testing.assert_allclose(dw, by_hand_dw, atol=1e-12)
    np.testing.assert_allclose(dw, ops.conv2d(X, delta), atol=1e-12)
    # X22 touches every output: δ11·W22 + δ12·W21 + δ21·W12 + δ22·W11
    assert dx[1, 1] == pytest.approx(0.1 * 0.5 - 0.2 * 2 + 0.3 * -1 + 0.4 * 1)
    np.testing.assert_allclose(
        dx, ops.conv2d(np.pad(delta, 1), W[::-1, ::-1]), atol=1e-12
    )


@settings(max_examples=30, deadline=None)
@given(
    **integers_in(h=(3, 9), w=(3, 9), k=(1, 4), s=(1, 3), seed=(0, 999)),
    padding=PADDINGS,
)
def test_input_gradient_is_the_full_convolution_with_the_flipped_kernel(
    h, w, k, s, padding, seed
):
    # The textbook route: dilate δ by the stride, pad by k - 1, correlate with the
    # kernel turned by 180° and with in/out channels swapped, then cut the padding off.
    if not window_fits(h, w, k, k, padding):
        return
    rng = np.random.default_rng(seed)
    layer = Conv2D(3, k, strides=s, padding=padding)
    x = rng.normal(size=(2, h, w, 2))
    out = layer(x)
    delta = rng.normal(size=out.shape)
    dx = layer.backward(delta)
    (top, bottom), (left, right) = (
        ops.pad_amounts(h, k, s, padding),
        ops.pad_amounts(w, k, s, padding),
    )
    dilated = np.zeros((2, (out.shape[1] - 1) * s + 1, (out.shape[2] - 1) * s + 1, 3))
    dilated[:, ::s, ::s] = delta
    hp, wp = h + top + bottom, w + left + right
    padded = np.pad(
        dilated,
        (
            (0, 0),
            (k - 1, hp - dilated.shape[1]),
            (k - 1, wp - dilated.shape[2]),
            (0, 0),
        ),
    )
    flipped = layer.params["kernel"][::-1, ::-1].transpose(0, 1, 3, 2)
    full = ops.conv2d_nhwc(padded, flipped)
    np.testing.assert_allclose(dx, full[:, top : top + h, left : left + w], atol=1e-12)


def test_max_pool_routes_the_gradient_to_the_arg_max():
    x = np.array(
        [
            [1.0, 3.0, 2.0, 0.0],
            [4.0, 2.0, 1.0, 5.0],
            [0.0, 1.0, 6.0, 2.0],
            [3.0, 2.0, 1.0, 1.0],
        ]
    )
    pool = MaxPool2D(2)
    out = pool(x[None, :, :, None])[0, :, :, 0]
    np.testing.assert_array_equal(out, [[4, 5], [3, 6]])
    dx = pool.backward(np.array([[10.0, 20.0], [30.0, 40.0]])[None, :, :, None])[
        0, :, :, 0
    ]
    np.testing.assert_array_equal(
        dx, [[0, 0, 0, 0], [10, 0, 0, 20], [0, 0, 40, 0], [30, 0, 0, 0]]
    )


def test_overlapping_max_pool_adds_the_gradients_at_a_shared_maximum():
    x = np.array([[0.0, 1.0, 0.0], [1.0, 9.0, 1.0], [0.0, 1.0, 0.0]])
    pool = MaxPool2D(2, strides=1)
    out = pool(x[None, :, :, None])
    np.testing.assert_array_equal(out[0, :, :, 0], 9.0)
    dx = pool.backward(np.array([[1.0, 2.0], [3.0, 4.0]])[None, :, :, None])[0, :, :, 0]
    np.testing.assert_array_equal(dx, [[0, 0, 0], [0, 10, 0], [0, 0, 0]])


def test_max_pool_ties_go_to_the_first_maximum_in_reading_order():
    x = np.ones((1, 2, 2, 1))
    pool = MaxPool2D(2)
    pool(x)
    dx = pool.backward(np.ones((1, 1, 1, 1)))
    np.testing.assert_array_equal(dx[0, :, :, 0], [[1, 0], [0, 0]])


def test_average_pool_spreads_the_gradient_evenly_over_real_pixels():
    pool = AveragePooling2D(2, padding="same")
    pool(np.zeros((1, 3, 3, 1)))
    dx = pool.backward(np.array([[4.0, 4.0], [4.0, 4.0]])[None, :, :, None])[0, :, :, 0]
    # top-left window has 4 real pixels, the right column's 2, the corner's 1
    np.testing.assert_array_equal(dx, [[1, 1, 2], [1, 1, 2], [2, 2, 4]])


def test_pooling_forward_agrees_with_deepstep_conv():
    x = np.random.default_rng(3).normal(size=(2, 7, 5, 3))
    for p, s, padding in [(2, 2, "same"), (3, 1, "valid"), (3, 2, "same")]:
        np.testing.assert_allclose(
            MaxPool2D(p, s, padding)(x), ops.max_pool2d(x, p, s, padding)
        )
        np.testing.assert_allclose(
            AveragePooling2D(p, s, padding)(x),
            ops.avg_pool2d(x, p, s, padding),
            atol=1e-12,
        )


def test_flatten_is_row_major_channels_fastest():
    x = np.arange(12.0).reshape(1, 2, 3, 2)
    flat = Flatten()(x)
    np.testing.assert_array_equal(flat, np.arange(12.0)[None])
    assert Flatten().compute_output_shape((None, 4, 4, 3)) == (None, 48)


def test_keras_names_and_aliases():
    assert MaxPooling2D is MaxPool2D and AvgPool2D is AveragePooling2D
    assert MaxPool2D().strides == (2, 2)
    assert MaxPool2D(3, strides=1).strides == (1, 1)
    assert Conv2D(4, 3, padding="SAME").padding == "same"


def test_conv2d_weight_shapes_count_and_glorot_limits():
    layer = Conv2D(32, 3)
    layer.build((None, 32, 32, 3))
    kernel, bias = layer.get_weights()
    assert kernel.shape == (3, 3, 3, 32) and bias.shape == (32,)
    assert layer.count_params() == ops.conv_param_count(3, 3, 3, 32) == 896
    limit = np.sqrt(6 / (27 + 288))  # fan_in = 3·3·3, fan_out = 3·3·32
    assert limit * 0.9 < np.abs(kernel).max() <= limit
    np.testing.assert_array_equal(bias, 0)


def test_output_shapes_and_summary():
    model = Sequential(
        [
            Input((9, 9, 1)),
            Conv2D(3, 3, padding="valid"),
            MaxPool2D(2, padding="same"),
            Conv2D(4, 2, strides=2, padding="same"),
            Flatten(),
            Dense(2),
        ]
    )
    shapes = [model.layers[0].compute_output_shape((None, 9, 9, 1))]
    for layer in model.layers[1:]:
        shapes.append(layer.compute_output_shape(shapes[-1]))
    assert shapes == [
        (None, 7, 7, 3),
        (None, 4, 4, 3),
        (None, 2, 2, 4),
        (None, 16),
        (None, 2),
    ]
    lines = []
    model.summary(print_fn=lines.append)
    assert "(None, 7, 7, 3)" in lines[0] and "Total params: 116" in lines[0]
    assert model.predict(np.zeros((5, 9, 9, 1))).shape == (5, 2)


def test_dtype_follows_the_input():
    layer = Conv2D(2, 3, activation="relu")
    x32 = np.random.default_rng(0).normal(size=(2, 5, 5, 1)).astype(np.float32)
    out = layer(x32)
    assert out.dtype == np.float32
    assert layer.backward(np.ones_like(out)).dtype == np.float32
    assert MaxPool2D()(x32).dtype == np.float32
    assert AveragePooling2D()(x32).dtype == np.float32


def test_a_conv_layer_accepts_other_image_sizes_like_keras():
    layer = Conv2D(2, 3)
    layer(np.zeros((1, 9, 9, 1)))
    assert layer(np.zeros((1, 5, 6, 1))).shape == (1, 3, 4, 2)


# -- bad input -------------------------------------------------------------------------


def _built_conv():
    layer = Conv2D(4, 3, name="conv")
    layer.build((None, 5, 5, 3))
    return layer


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda: _built_conv()(np.ones((1, 5, 5, 2))),
            r"conv: expected inputs with 3 channels \(batch, height, width, 3\); got "
            r"shape \(1, 5, 5, 2\)",
        ),
        (
            lambda: _built_conv()(np.ones((1, 2, 5, 3))),
            r'conv: a window of 3 does not fit in 2 pixels under "valid" padding; got '
            r"input shape \(1, 2, 5, 3\)",
        ),
        (
            lambda: Conv2D(4, 3, name="c").build((None, 2, 2, 1)),
            r"c: a window of 3 does not fit in 2 pixels.*\(None, 2, 2, 1\)",
        ),
        (
            lambda: Conv2D(4, 3, name="c")(np.ones((1, 5, 5))),
            r"c: expects inputs of shape \(batch, height, width, channels\); got "
            r"\(None, 5, 5\)",
        ),
        (
            lambda: _built_conv()(np.ones((5, 5, 3))),
            r"conv: expected a 4-D input \(batch, height, width, channels\); got "
            r"shape \(5, 5, 3\)",
        ),
        (
            lambda: _built_conv().set_weights([np.ones((3, 3, 2, 4)), np.ones(4)]),
            r"kernel must have shape \(3, 3, 3, 4\); got \(3, 3, 2, 4\)",
        ),
        (
            lambda: _built_conv().set_weights([np.ones((3, 3, 3, 4)), np.ones(3)]),
            r"bias must have shape \(4,\); got \(3,\)",
        ),
        (
            lambda: MaxPool2D(3, name="pool")(np.ones((1, 2, 4, 1))),
            r'pool: a window of 3 does not fit in 2 pixels under "valid" padding; got '
            r"input shape \((None|1), 2, 4, 1\)",
        ),
        (
            lambda: AveragePooling2D(2, name="avg")(np.ones((2, 4, 4))),
            r"avg: expects inputs of shape \(batch, height, width, channels\); got "
            r"\(None, 4, 4\)",
        ),
        (lambda: Conv2D(0, 3), "filters must be a positive int; got 0"),
        (lambda: Conv2D(2, (3, 3, 3)), "kernel_size must be an int or a pair"),
        (lambda: Conv2D(2, 3, padding="full"), 'padding must be "valid" or "same"'),
        (lambda: MaxPool2D(2, strides=0), "strides must be a positive int; got 0"),
    ],
)
def test_bad_input_names_the_shapes(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_backward_with_the_wrong_gradient_shape_names_both_shapes():
    layer = _built_conv()
    layer(np.ones((1, 5, 5, 3)))
    with pytest.raises(ValueError, match=r"\(1, 3, 3, 4\); got \(1, 3, 3, 3\)"):
        layer.backward(np.ones((1, 3, 3, 3)))
    with pytest.raises(RuntimeError, match="forward"):
        MaxPool2D().backward(np.ones((1, 1, 1, 1)))


# -- formulas --------------------------------------------------------------------------


def _names(prefix, h, w):
    return [[f"{prefix}{i + 1}{j + 1}" for j in range(w)] for i in range(h)]


def test_symbolic_correlation_writes_the_slides_h_formulas():
    h = correlate_symbols(_names("X", 3, 3), _names("W", 2, 2))
    # slide deck 003, "Back Propagation in CNN", as the slide writes them
    assert h.tolist() == [
        ["W11X11 + W12X12 + W21X21 + W22X22", "W11X12 + W12X13 + W21X22 + W22X23"],
        ["W11X21 + W12X22 + W21X31 + W22X32", "W11X22 + W12X23 + W21X32 + W22X33"],
    ]


def test_symbolic_full_correlation_skips_the_padding():
    dx = correlate_symbols(
        _names("d", 2, 2), [["W22", "W21"], ["W12", "W11"]], padding=1, times="·"
    )
    assert dx[0, 0] == "W11·d11"
    assert dx[1, 1] == "W22·d11 + W21·d12 + W12·d21 + W11·d22"
    assert [[s.count("+") + 1 for s in row] for row in dx] == [
        [1, 2, 1],
        [2, 4, 2],
        [1, 2, 1],
    ]


@settings(max_examples=20, deadline=None)
@given(**integers_in(h=(1, 5), w=(1, 5), k=(1, 3), p=(0, 2)))
def test_symbolic_correlation_evaluates_to_the_numeric_one(h, w, k, p):
    if h + 2 * p < k or w + 2 * p < k:
        return
    rng = np.random.default_rng(h * 100 + w * 10 + k)
    image, kernel = rng.normal(size=(h, w)), rng.normal(size=(k, k))
    values = {f"x{i}_{j}": image[i, j] for i in range(h) for j in range(w)}
    values |= {f"w{i}_{j}": kernel[i, j] for i in range(k) for j in range(k)}
    img_names = [[f"x{i}_{j}" for j in range(w)] for i in range(h)]
    ker_names = [[f"w{i}_{j}" for j in range(k)] for i in range(k)]
    sym = correlate_symbols(img_names, ker_names, padding=p, times="*")
    evaluated = np.vectorize(lambda s: eval(s, {}, values), otypes=[float])(sym)  # noqa: S307
    np.testing.assert_allclose(
        evaluated, ops.conv2d(image, kernel, padding=p), atol=1e-12
    )


def test_symbolic_correlation_rejects_bad_input():
    with pytest.raises(
        ValueError, match=r"image must be a 2-D array of names; got shape \(3,\)"
    ):
        correlate_symbols(["a", "b", "c"], [["w"]])
    with pytest.raises(TypeError, match="kernel must hold strings"):
        correlate_symbols([["a"]], [[1]])
    with pytest.raises(ValueError, match="does not fit"):
        correlate_symbols([["a"]], _names("W", 2, 2))


# -- training --------------------------------------------------------------------------

XO_CASES = {
    "plain": (),
    **{v: (v,) for v in data.XO_VARIATIONS},
    "all": data.XO_VARIATIONS,
}


def _xo_sets(sizes, seed):
    return {
        case: data.xo_dataset(sizes.get(case, sizes["default"]), seed + i, variations=v)
        for i, (case, v) in enumerate(XO_CASES.items())
    }


def _xo_convnet(filters):
    """Notebook 08's recipe for 9×9 X/O pictures: Conv -> ReLU -> MaxPool -> Flatten ->
    Dense -> softmax over the two classes."""
    return Sequential(
        [
            Input((9, 9, 1)),
            Conv2D(filters, 3, activation="relu"),
            MaxPool2D(2, padding="same"),
            Flatten(),
            Dense(2, activation="softmax"),
        ]
    )


def test_a_convnet_learns_xs_and_os_to_98_percent_on_held_out_pictures():
    train = _xo_sets({"default": 100, "all": 3000}, seed=100)
    test = _xo_sets({"default": 200, "all": 1000}, seed=200)
    x = np.concatenate([a for a, _ in train.values()])[..., None]
    y = np.eye(2)[np.concatenate([b for _, b in train.values()])]
    initializers.set_random_seed(0)
    model = _xo_convnet(filters=8)
    model.compile(optimizer=optimizers.Adam(0.01), loss="categorical_crossentropy")
    history = model.fit(x, y, epochs=12, batch_size=32, verbose=0, seed=0)
    assert history.history["loss"][-1] < 0.5 * history.history["loss"][0]
    right = sum(
        int(np.sum(model.predict(a[..., None]).argmax(axis=1) == b))
        for a, b in test.values()
    )
    total = sum(len(b) for _, b in test.values())
    assert right / total >= 0.98, right / total


# -- figures ---------------------------------------------------------------------------


def test_grid_row_draws_every_panel_with_its_title_and_numbers():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from deepstep import plot

    fig = plot.grid_row(
        {"X": np.arange(9.0).reshape(3, 3), "W": [[1.0, -1.0], [0.0, 2.0]]}
    )
    assert [ax.get_title() for ax in fig.axes] == ["X", "W"]
    assert [t.get_text() for t in fig.axes[1].texts] == [
        "1",
        "-1",
        "0",
        "2",
    ]  # whole numbers
    assert fig.axes[0].images[0].get_clim() == (
        -8.0,
        8.0,
    )  # one symmetric scale for all
    plt.close(fig)
    fig = plot.grid_row({"mean": [[2.5, 1.5]], "count": [[4.0, 2.0]]}, decimals=1)
    assert [t.get_text() for t in fig.axes[0].texts] == [
        "2.5",
        "1.5",
    ]  # not rounded to 2
    assert [t.get_text() for t in fig.axes[1].texts] == ["4", "2"]
    plt.close(fig)
    with pytest.raises(ValueError, match="non-empty dict"):
        plot.grid_row({})


def test_learning_curves_plot_training_and_held_out_per_epoch():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from deepstep import plot

    logs = {
        "loss": [0.9, 0.5, 0.3],
        "val_loss": [1.0, 0.6, 0.4],
        "accuracy": [0.5, 0.8, 0.9],
    }
    fig = plot.learning_curves(logs)
    loss_ax, acc_ax = fig.axes
    assert [line.get_label() for line in loss_ax.lines] == ["training", "held out"]
    np.testing.assert_array_equal(
        loss_ax.lines[1].get_xydata(), [[1, 1.0], [2, 0.6], [3, 0.4]]
    )
    assert len(acc_ax.lines) == 1 and acc_ax.get_ylabel() == "accuracy"
    fig.canvas.draw()
    assert all(
        float(t.get_text()).is_integer()
        for t in loss_ax.get_xticklabels()
        if t.get_text()
    )
    plt.close(fig)
    with pytest.raises(ValueError, match=r"history has no \['accuracy'\]"):
        plot.learning_curves({"loss": [1.0]})


# -- against TensorFlow ----------------------------------------------------------------


def _keras_output_and_gradients(tf, layer, x, rng, *variables):
    """A Keras layer's output on x (NumPy), a random upstream gradient drawn from rng in
    the output's shape, and the TensorFlow gradients of sum(output · upstream) with
    respect to x and then to each of the layer's variables, in that order."""
    x_tf = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(x_tf)
        out_tf = layer(x_tf)
        upstream = rng.normal(size=out_tf.shape)
        scalar = tf.reduce_sum(out_tf * upstream)
    return out_tf.numpy(), upstream, tape.gradient(scalar, [x_tf, *variables])


@pytest.mark.parametrize("h, w", [(7, 7), (8, 6), (5, 9)])
@pytest.mark.parametrize("k", [(3, 3), (2, 2), (3, 2)])
@pytest.mark.parametrize("s", [1, 2])
@pytest.mark.parametrize("padding", ["valid", "same"])
def test_conv2d_forward_and_gradients_match_keras(tf, keras, h, w, k, s, padding):
    rng = np.random.default_rng(h * 31 + w + 7 * s)
    x = rng.normal(size=(2, h, w, 3))
    ours = Conv2D(4, k, strides=s, padding=padding, activation="tanh")
    ours.build((None, h, w, 3))
    ours.set_weights([rng.normal(size=(*k, 3, 4)), rng.normal(size=4)])
    theirs = keras.layers.Conv2D(
        4, k, strides=s, padding=padding, activation="tanh", dtype="float64"
    )
    theirs.build((None, h, w, 3))
    theirs.set_weights(ours.get_weights())  # same layout, no transposes
    out_tf, upstream, (dx_tf, dk_tf, db_tf) = _keras_output_and_gradients(
        tf, theirs, x, rng, theirs.kernel, theirs.bias
    )
    out = ours(x)
    dx = ours.backward(upstream)
    np.testing.assert_allclose(out, out_tf, atol=1e-12)
    np.testing.assert_allclose(dx, dx_tf.numpy(), atol=1e-12)
    np.testing.assert_allclose(ours.grads["kernel"], dk_tf.numpy(), atol=1e-12)
    np.testing.assert_allclose(ours.grads["bias"], db_tf.numpy(), atol=1e-12)


@pytest.mark.parametrize("h, w", [(7, 7), (8, 6), (5, 9)])
@pytest.mark.parametrize("p", [2, 3])
@pytest.mark.parametrize("s", [1, 2])
@pytest.mark.parametrize("padding", ["valid", "same"])
@pytest.mark.parametrize(
    "ours_cls, keras_name",
    [(MaxPool2D, "MaxPooling2D"), (AveragePooling2D, "AveragePooling2D")],
)
def test_pooling_forward_and_gradients_match_keras(
    tf, keras, h, w, p, s, padding, ours_cls, keras_name
):
    rng = np.random.default_rng(h * 31 + w + 7 * s + p)
    x = rng.normal(size=(2, h, w, 3))
    ours = ours_cls(p, strides=s, padding=padding)
    theirs = getattr(keras.layers, keras_name)(
        p, strides=s, padding=padding, dtype="float64"
    )
    out_tf, upstream, (dx_tf,) = _keras_output_and_gradients(tf, theirs, x, rng)
    out = ours(x)
    np.testing.assert_allclose(out, out_tf, atol=1e-12)
    np.testing.assert_allclose(ours.backward(upstream), dx_tf.numpy(), atol=1e-12)


@pytest.mark.parametrize(
    "p, s, padding", [(2, 1, "valid"), (2, 2, "same"), (3, 1, "same")]
)
def test_max_pool_ties_are_broken_as_tensorflow_breaks_them(tf, p, s, padding):
    # ±1 pictures like the X/O data are full of ties.
    x = np.where(np.random.default_rng(p + s).random((2, 6, 5, 2)) < 0.5, 1.0, -1.0)
    x_tf = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(x_tf)
        out_tf = tf.nn.max_pool2d(x_tf, p, s, padding.upper())
    dx_tf = tape.gradient(out_tf, x_tf)
    pool = MaxPool2D(p, s, padding)
    out = pool(x)
    np.testing.assert_array_equal(pool.backward(np.ones_like(out)), dx_tf.numpy())


def test_a_keras_convnet_and_ours_agree_with_the_same_weights(keras):
    rng = np.random.default_rng(11)
    theirs = keras.Sequential(
        [
            keras.Input((9, 9, 1), dtype="float64"),
            keras.layers.Conv2D(3, 3, activation="relu", dtype="float64"),
            keras.layers.MaxPooling2D(2, padding="same", dtype="float64"),
            keras.layers.Flatten(dtype="float64"),
            keras.layers.Dense(2, activation="softmax", dtype="float64"),
        ]
    )
    ours = _xo_convnet(filters=3)
    ours.set_weights(theirs.get_weights())
    x = rng.normal(size=(5, 9, 9, 1))
    np.testing.assert_allclose(ours.predict(x), theirs(x).numpy(), atol=1e-12)
