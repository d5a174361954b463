"""deepstep.training_cost: multiply-adds forward and backward, crops, taps on real
pixels and residual-block weights, each against an independent count (loops that do the
arithmetic, NumPy's window views, Keras's own layers)."""

import itertools

import numpy as np
import pytest

from deepstep import training_cost as cost
from deepstep.nn.layers import Conv2D, Dense


def counted_conv(x, kernel, dy):
    """A valid, stride-1 convolution and both its gradients by loops, counting every
    multiply-add; x (H, W, C), kernel (k, k, C, F), dy (H', W', F)."""
    (h, w, c), (k, _, _, f) = x.shape, kernel.shape
    out_h, out_w = h - k + 1, w - k + 1
    y, dx, dk = np.zeros((out_h, out_w, f)), np.zeros_like(x), np.zeros_like(kernel)
    counts = {"forward": 0, "input_gradient": 0, "weight_gradient": 0}
    for i, j, a, b, ch, fi in itertools.product(
        range(out_h), range(out_w), range(k), range(k), range(c), range(f)
    ):
        y[i, j, fi] += x[i + a, j + b, ch] * kernel[a, b, ch, fi]
        dx[i + a, j + b, ch] += kernel[a, b, ch, fi] * dy[i, j, fi]
        dk[a, b, ch, fi] += x[i + a, j + b, ch] * dy[i, j, fi]
        for name in counts:
            counts[name] += 1
    return y, dx, dk, counts


def test_conv_counts_are_a_loops_multiply_adds_and_its_gradients_are_right():
    rng = np.random.default_rng(0)
    x, kernel = rng.normal(size=(6, 5, 2)), rng.normal(size=(3, 3, 2, 4))
    dy = rng.normal(size=(4, 3, 4))
    y, dx, dk, counts = counted_conv(x, kernel, dy)
    layer = Conv2D(4, 3, use_bias=False)
    layer.build((None, 6, 5, 2))
    layer.set_weights([kernel])
    np.testing.assert_allclose(layer.forward(x[None]), y[None], atol=1e-12)
    np.testing.assert_allclose(layer.backward(dy[None]), dx[None], atol=1e-12)
    np.testing.assert_allclose(layer.grads["kernel"], dk, atol=1e-12)
    ours = cost.conv_multiply_adds((4, 3), 3, 2, 4)
    assert ours._asdict() == counts
    assert ours.backward == 2 * ours.forward == 2 * 4 * 3 * 4 * 9 * 2


def test_dense_counts_match_the_matrix_products_of_its_backward_pass():
    rng = np.random.default_rng(1)
    x, dy = rng.normal(size=(1, 7)), rng.normal(size=(1, 3))
    layer = Dense(3, use_bias=False)
    layer.build((None, 7))
    layer.forward(x)
    dx = layer.backward(dy)
    kernel = layer.get_weights()[0]
    np.testing.assert_allclose(dx, dy @ kernel.T)
    np.testing.assert_allclose(layer.grads["kernel"], x.T @ dy)
    shapes = [((1, 7), (7, 3)), ((1, 3), (3, 7)), ((7, 1), (1, 3))]  # x W, dy Wᵀ, xᵀ dy
    assert tuple(cost.dense_multiply_adds(7, 3)) == tuple(
        a[0] * a[1] * b[1] for a, b in shapes
    )


def test_grouped_conv_halves_the_work_of_each_output():
    whole = cost.conv_multiply_adds(27, 5, 96, 256)
    halves = cost.conv_multiply_adds(27, 5, 96, 256, groups=2)
    assert halves.forward * 2 == whole.forward == 27 * 27 * 256 * 25 * 96
    with pytest.raises(
        ValueError, match="conv_multiply_adds: groups must divide in_channels"
    ):
        cost.conv_multiply_adds(27, 5, 3, 256, groups=2)


def test_network_backward_is_twice_forward_less_the_first_layers_input_gradient():
    demo = [cost.conv_multiply_adds(28, 5, 1, 10), cost.dense_multiply_adds(1960, 200)]
    demo.append(cost.dense_multiply_adds(200, 10))
    total = cost.network_multiply_adds(demo)
    assert total.forward == 7_840 * 25 + 392_000 + 2_000 == 590_000
    assert total.backward == 2 * 590_000 - 196_000
    one = cost.network_multiply_adds(demo[1:2])
    assert one.input_gradient == 0 and one.weight_gradient == one.forward
    with pytest.raises(
        ValueError, match="network_multiply_adds: layers must be a non-empty"
    ):
        cost.network_multiply_adds([])
    with pytest.raises(ValueError, match=r"layers\[1\] must be MultiplyAdds"):
        cost.network_multiply_adds([demo[0], (1, 2, 3)])


def test_crop_positions_are_the_windows_numpy_can_slide():
    for image, crop in [(256, 224), (8, 5), (4, 4), (7, 1)]:
        windows = np.lib.stride_tricks.sliding_window_view(
            np.zeros((image, image)), (crop, crop)
        )
        assert cost.crop_positions(image, crop) == windows.shape[0] * windows.shape[1]
    assert cost.crop_positions(256, 224) == 33**2 != 32**2
    with pytest.raises(ValueError, match="crop_positions: crop must be at most image"):
        cost.crop_positions(224, 256)


def test_crop_count_counts_distinct_crops_and_mirror_images():
    image = np.random.default_rng(2).random((8, 8))
    windows = np.lib.stride_tricks.sliding_window_view(image, (5, 5)).reshape(-1, 5, 5)
    distinct = {w.tobytes() for w in windows} | {
        w[:, ::-1].copy().tobytes() for w in windows
    }
    assert cost.crop_count(8, 5) == len(distinct) == 32
    assert cost.crop_count(8, 5, flips=False) == 16
    assert cost.crop_count(256, 224) == 2_178 != 2_048
    with pytest.raises(ValueError, match="crop_count: flips must be True or False"):
        cost.crop_count(8, 5, flips=1)


@pytest.mark.parametrize(
    "n, kernel, padding, stride",
    [(27, 5, 2, 1), (13, 3, 1, 1), (6, 3, 0, 1), (7, 3, 1, 2), (5, 5, 4, 3)],
)
def test_in_image_taps_counts_the_ones_a_padded_correlation_adds(
    n, kernel, padding, stride
):
    sums = np.correlate(np.pad(np.ones(n), padding), np.ones(kernel), mode="valid")[
        ::stride
    ]
    assert cost.in_image_taps(n, kernel, padding, stride) == int(sums.sum())


def test_in_image_taps_without_padding_is_outputs_times_kernel():
    assert cost.in_image_taps(27, 5, 0) == 23 * 5
    assert cost.in_image_taps(27, 5, 2) == 27 * 5 - 2 * (
        1 + 2
    )  # edges reach 2 and 1 zeros
    with pytest.raises(
        ValueError, match="in_image_taps: kernel 9 does not fit 3 inputs"
    ):
        cost.in_image_taps(3, 9, 1)
    with pytest.raises(ValueError, match="in_image_taps: padding must be an int >= 0"):
        cost.in_image_taps(3, 3, -1)


def test_residual_block_params_by_hand():
    assert cost.residual_block_params(256, batch_norm=False) == 2 * 3 * 3 * 256 * 256
    assert cost.residual_block_params(256, "bottleneck", batch_norm=False) == (
        256 * 64 + 3 * 3 * 64 * 64 + 64 * 256
    )
    assert cost.residual_block_params(256) == 1_179_648 + 2 * 2 * 256
    assert cost.residual_block_params(256, "bottleneck") == 69_632 + 2 * (64 + 64 + 256)
    with pytest.raises(ValueError, match="residual_block_params: kind must be one of"):
        cost.residual_block_params(256, "dense")
    with pytest.raises(ValueError, match="not a multiple of 4"):
        cost.residual_block_params(6, "bottleneck")


def test_residual_block_params_equal_keras_trainable_weights():
    pytest.importorskip("keras")
    from deepstep.keras_tools import keras

    layers = keras.layers
    with keras.StatelessScope(initialize_variables=False):
        x = keras.Input((8, 8, 256))
        for kind, convs in [("basic", [(256, 3), (256, 3)]),
                            ("bottleneck", [(64, 1), (64, 3), (256, 1)])]:  # fmt: skip
            y = x
            for filters, size in convs:
                y = layers.Conv2D(filters, size, padding="same", use_bias=False)(y)
                y = layers.ReLU()(layers.BatchNormalization()(y))
            model = keras.Model(x, layers.Add()([x, y]))
            trained = sum(int(np.prod(w.shape)) for w in model.trainable_weights)
            assert trained == cost.residual_block_params(256, kind)
