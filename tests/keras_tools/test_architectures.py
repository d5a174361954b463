"""Deck 002's autoencoder and AlexNet, deck 004's ResNet, built in Keras (imports
TensorFlow)."""

import numpy as np
import pytest

pytest.importorskip("keras")

from deepstep.keras_tools import architectures as ka  # noqa: E402
from deepstep.keras_tools import keras  # noqa: E402


@pytest.fixture(scope="module")
def shapes_only():
    """Build big models without drawing their weights."""
    return keras.StatelessScope(initialize_variables=False)


def trainable(model):
    return sum(int(np.prod(w.shape)) for w in model.trainable_weights)


def test_autoencoder_is_784_100_784_and_learns_to_copy_its_input():
    keras.utils.set_random_seed(0)
    model = ka.autoencoder()
    assert [tuple(layer.output.shape[1:]) for layer in model.layers] == [
        (784,),
        (100,),
        (784,),
    ]
    assert model.count_params() == (784 * 100 + 100) + (100 * 784 + 784) == 157_684
    rng = np.random.default_rng(
        0
    )  # 64 images mixed from 5 patterns: 100 codes are plenty
    x = (rng.random((64, 5)) @ rng.random((5, 784)) / 5).astype("float32")
    before = model.evaluate(x, x, verbose=0)
    model.fit(x, x, epochs=30, batch_size=16, verbose=0)
    assert model.evaluate(x, x, verbose=0) < before / 4
    small = ka.autoencoder(16, 3)
    assert small.count_params() == (16 * 3 + 3) + (3 * 16 + 16)
    with pytest.raises(
        ValueError, match="autoencoder: code_size must be a positive int; got 0"
    ):
        ka.autoencoder(784, 0)


def test_alexnet_has_the_papers_layer_sizes_and_sixty_million_parameters(shapes_only):
    with shapes_only:
        model = ka.alexnet()
        joined = ka.alexnet(groups=1)
    sizes = {
        layer.name: int(np.prod(layer.output.shape[1:]))
        for layer in model.layers
        if isinstance(layer, keras.layers.Conv2D | keras.layers.Dense)
    }
    # 55*55*96, then deck 002's numbers exactly (its first, 253,440, is not 55*55*96)
    assert list(sizes.values()) == [
        290_400,
        186_624,
        64_896,
        64_896,
        43_264,
        4096,
        4096,
        1000,
    ]
    by_hand = [
        11 * 11 * 3 * 96 + 96,
        5 * 5 * 48 * 256 + 256,  # each half of conv2 sees 48 of the 96 channels
        3 * 3 * 256 * 384 + 384,
        3 * 3 * 192 * 384 + 384,
        3 * 3 * 192 * 256 + 256,
        6 * 6 * 256 * 4096 + 4096,
        4096 * 4096 + 4096,
        4096 * 1000 + 1000,
    ]
    assert model.count_params() == sum(by_hand) == 60_965_224
    assert joined.count_params() == 62_378_344
    assert ka.connections(model) == 724_406_816
    with pytest.raises(ValueError, match="groups must be 1 .* or 2"):
        ka.alexnet(groups=3)


def test_resnet18_and_34_have_the_published_parameter_and_multiply_add_counts(
    shapes_only,
):
    with shapes_only:
        r18, r34 = ka.resnet(), ka.resnet((3, 4, 6, 3))
    # torchvision's resnet18 / resnet34 (the same layout): 11,689,512 and 21,797,672
    assert (trainable(r18), trainable(r34)) == (11_689_512, 21_797_672)
    # He et al. (2016), table 1: 1.8 and 3.6 billion multiply-adds
    assert (ka.connections(r18), ka.connections(r34)) == (1_814_073_344, 3_663_761_408)
    convs = [layer for layer in r18.layers if isinstance(layer, keras.layers.Conv2D)]
    three = [c for c in convs if c.kernel_size == (3, 3)]
    assert len(three) == 16 and r18.name == "resnet18"  # 8 blocks of two 3x3 convs
    dense = [layer for layer in r18.layers if isinstance(layer, keras.layers.Dense)]
    assert [d.units for d in dense] == [1000]  # no fully connected layers but the last
    assert tuple(r18.output.shape[1:]) == (1000,)


def test_residual_block_adds_its_input_when_shapes_agree_and_projects_when_not():
    keras.utils.set_random_seed(0)
    x = keras.Input(shape=(8, 8, 4))
    same = keras.Model(x, ka.residual_block(x, 4, name="same"))
    assert not any("project" in layer.name for layer in same.layers)
    # with the convs' weights zeroed, F(x) = 0 (BatchNorm at inference adds its beta =
    # 0)
    for layer in same.layers:
        if isinstance(layer, keras.layers.Conv2D):
            layer.kernel.assign(np.zeros(layer.kernel.shape))
    data = np.random.default_rng(0).standard_normal((2, 8, 8, 4)).astype("float32")
    np.testing.assert_allclose(
        same.predict(data, verbose=0), np.maximum(data, 0), atol=1e-6
    )
    down = keras.Model(x, ka.residual_block(x, 8, strides=2, name="down"))
    assert tuple(down.output.shape[1:]) == (4, 4, 8)
    assert any(layer.name == "down_project" for layer in down.layers)


def test_architectures_name_what_is_wrong():
    with pytest.raises(ValueError, match="resnet: stages must be block counts"):
        ka.resnet((2, 0))
    with pytest.raises(
        ValueError,
        match=r"input_shape must be \(height, width, channels\); got \(32, 32\)",
    ):
        ka.resnet(input_shape=(32, 32))
    with pytest.raises(ValueError, match="at most 4 stages"):
        ka.resnet((1, 1, 1, 1, 1))
    with pytest.raises(
        TypeError, match="connections: model must be a keras.Model; got list"
    ):
        ka.connections([])
