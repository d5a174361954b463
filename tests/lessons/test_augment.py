"""Augmentations: exact oracles (np.flip, np.rot90, shifted arrays, linear ramps),
shapes, dtypes, seeds and errors; and the two figures notebook 10 draws with them."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ipywidgets import fixed, interactive

from deepstep import augment, data, plot

from strategies import integers_in


def ramp(h=11, w=11, a=2.0, b=3.0):
    """a·row + b·column: bilinear sampling reproduces a linear function exactly."""
    rows, cols = np.mgrid[0:h, 0:w].astype(float)
    return a * rows + b * cols


RANDOM_CALLS = {
    "flip": lambda x, rng: augment.flip(x, "horizontal", 0.5, rng=rng),
    "rotate": lambda x, rng: augment.rotate(x, (-30, 30), rng=rng),
    "scale": lambda x, rng: augment.scale(x, (0.7, 1.4), rng=rng),
    "translate": lambda x, rng: augment.translate(x, (-2, 2), (-2, 2), rng=rng),
    "crop": lambda x, rng: augment.crop(x, (0.5, 0.9), rng=rng),
    "gaussian_noise": lambda x, rng: augment.gaussian_noise(x, 0.3, rng=rng),
}


# -- shape, dtype, seeds ---------------------------------------------------------------
@pytest.mark.parametrize("name", RANDOM_CALLS)
@pytest.mark.parametrize(
    "images",
    [
        np.random.default_rng(0).normal(size=(7, 9)),
        np.random.default_rng(1).normal(size=(5, 8, 6, 3)).astype(np.float32),
        np.random.default_rng(2).integers(0, 256, size=(4, 6, 6, 1)).astype(np.uint8),
    ],
    ids=["2-D float64", "4-D float32", "4-D uint8"],
)
def test_augmentations_keep_shape_and_dtype(name, images):
    out = RANDOM_CALLS[name](images, 0)
    assert out.shape == images.shape and out.dtype == images.dtype


@pytest.mark.parametrize("name", RANDOM_CALLS)
def test_augmentations_repeat_under_a_seed_and_vary_between_seeds(name):
    images = np.random.default_rng(3).normal(size=(16, 8, 8, 1))
    a = RANDOM_CALLS[name](images, 5)
    b = RANDOM_CALLS[name](images, np.random.default_rng(5))
    c = RANDOM_CALLS[name](images, 6)
    np.testing.assert_array_equal(a, b)
    assert np.any(a != c)


def test_each_image_of_a_batch_draws_its_own_value():
    one = np.tile(ramp(9, 9)[None, :, :, None], (6, 1, 1, 1))
    out = augment.rotate(one, (-40, 40), rng=0)
    assert len({out[i].tobytes() for i in range(6)}) == 6


@settings(max_examples=30, deadline=None)
@given(
    **integers_in(seed=(0, 10_000), n=(1, 3), h=(2, 9), w=(2, 9)),
    name=st.sampled_from(["rotate", "scale", "translate", "crop"]),
)
def test_geometric_augmentations_only_mix_existing_values(seed, n, h, w, name):
    # Bilinear sampling with edge fill is a weighted average of input pixels.
    images = np.random.default_rng(seed).normal(size=(n, h, w, 2))
    out = RANDOM_CALLS[name](images, seed)
    assert out.shape == images.shape
    assert out.min() >= images.min() - 1e-12 and out.max() <= images.max() + 1e-12


# -- exact oracles ---------------------------------------------------------------------
def test_flip_matches_numpy_and_twice_is_the_identity():
    x = np.random.default_rng(4).normal(size=(3, 4, 5, 2))
    np.testing.assert_array_equal(augment.flip(x), x[:, :, ::-1])
    np.testing.assert_array_equal(augment.flip(x, "vertical"), x[:, ::-1])
    np.testing.assert_array_equal(
        augment.flip(x, "horizontal_and_vertical"), x[:, ::-1, ::-1]
    )
    np.testing.assert_array_equal(augment.flip(augment.flip(x)), x)
    np.testing.assert_array_equal(augment.flip(x[0, :, :, 0]), np.fliplr(x[0, :, :, 0]))


def test_flip_probability_is_respected():
    x = np.arange(2.0)[None, None, :, None].repeat(4000, axis=0)  # each image is [0, 1]
    out = augment.flip(x, probability=0.3, rng=0)
    flipped = np.mean(out[:, 0, 0, 0] == 1.0)
    assert abs(flipped - 0.3) < 5 * np.sqrt(0.3 * 0.7 / 4000)
    np.testing.assert_array_equal(augment.flip(x[:5], probability=0.0, rng=0), x[:5])


@pytest.mark.parametrize("size", [4, 5])
@pytest.mark.parametrize("interpolation", ["bilinear", "nearest"])
def test_rotating_by_90_degrees_is_np_rot90(size, interpolation):
    x = np.random.default_rng(5).normal(size=(size, size))
    np.testing.assert_allclose(
        augment.rotate(x, 90, interpolation=interpolation), np.rot90(x), atol=1e-12
    )
    np.testing.assert_allclose(
        augment.rotate(x, -90, interpolation=interpolation), np.rot90(x, -1), atol=1e-12
    )
    np.testing.assert_allclose(augment.rotate(x, 0), x, atol=0)


def test_rotation_of_a_ramp_reads_the_rotated_coordinates():
    degrees = 20.0
    out = augment.rotate(ramp(), degrees)
    t = np.deg2rad(degrees)
    rows, cols = np.mgrid[0:11, 0:11].astype(float) - 5.0
    src_r = 5 + np.cos(t) * rows + np.sin(t) * cols  # counter-clockwise as displayed
    src_c = 5 - np.sin(t) * rows + np.cos(t) * cols
    inside = (src_r >= 0) & (src_r <= 10) & (src_c >= 0) & (src_c <= 10)
    np.testing.assert_allclose(out[inside], (2 * src_r + 3 * src_c)[inside], atol=1e-12)
    assert inside.mean() > 0.7


def test_x_and_o_are_symmetric_under_flips_and_quarter_turns():
    for letter in ("x", "o"):
        img = data.xo_image(letter)
        np.testing.assert_array_equal(augment.flip(img), img)
        np.testing.assert_allclose(augment.rotate(img, 90), img, atol=1e-12)


@pytest.mark.parametrize("factor", [0.5, 1.5, 2.0])
def test_scaling_a_ramp_divides_its_slopes_by_the_factor(factor):
    out = augment.scale(ramp(), factor)
    centre = 2 * 5 + 3 * 5
    rows, cols = np.mgrid[0:11, 0:11].astype(float) - 5.0
    expected = centre + (2 * rows + 3 * cols) / factor
    inside = (np.abs(rows / factor) <= 5) & (np.abs(cols / factor) <= 5)
    np.testing.assert_allclose(out[inside], expected[inside], atol=1e-12)
    np.testing.assert_array_equal(augment.scale(ramp(), 1.0), ramp())


def test_whole_pixel_translation_moves_pixels_and_fills_the_gap():
    x = np.arange(20.0).reshape(4, 5)
    out = augment.translate(x, 1, 2, fill=-1.0)
    expected = np.full_like(x, -1.0)
    expected[1:, 2:] = x[:-1, :-2]
    np.testing.assert_array_equal(out, expected)
    edge = augment.translate(x, 0, -1)  # fill="edge": the last column is repeated
    np.testing.assert_array_equal(edge[:, :-1], x[:, 1:])
    np.testing.assert_array_equal(edge[:, -1], x[:, -1])


def test_fractional_translation_of_a_ramp_subtracts_slope_times_shift():
    out = augment.translate(ramp(), 0.25, -1.5)
    np.testing.assert_allclose(
        out[1:, :9], (ramp() - 2 * 0.25 + 3 * 1.5)[1:, :9], atol=1e-12
    )


def test_nearest_translation_by_half_a_pixel_or_less_is_the_identity():
    x = np.random.default_rng(6).normal(size=(6, 6))
    np.testing.assert_array_equal(
        augment.translate(x, 0.4, -0.4, interpolation="nearest"), x
    )


def test_crop_of_a_ramp_keeps_a_window_and_stretches_it():
    x = ramp()
    np.testing.assert_array_equal(augment.crop(x, 1.0), x)
    out = augment.crop(x, 0.5, rng=0)
    # Stretching a window of half the size doubles the distance between samples'
    # sources, so neighbouring outputs differ by half the original slopes.
    np.testing.assert_allclose(np.diff(out, axis=0), 2 * 0.5, atol=1e-12)
    np.testing.assert_allclose(np.diff(out, axis=1), 3 * 0.5, atol=1e-12)
    assert out.min() >= x.min() and out.max() <= x.max()


def test_crop_window_position_varies_with_the_seed():
    x = ramp()
    corners = {float(augment.crop(x, 0.5, rng=s)[0, 0]) for s in range(10)}
    assert len(corners) == 10


def test_gaussian_noise_has_the_requested_mean_and_spread():
    x = np.zeros((4, 100, 100, 1))
    noise = augment.gaussian_noise(x, 0.5, rng=0)
    assert abs(noise.mean()) < 5 * 0.5 / np.sqrt(noise.size)
    assert abs(noise.std() - 0.5) < 0.01
    np.testing.assert_array_equal(augment.gaussian_noise(x, 0.0, rng=0), x)


def test_integer_images_are_rounded_and_clipped_to_their_range():
    x = np.array([[0, 255], [128, 3]], dtype=np.uint8)
    out = augment.gaussian_noise(x, 100.0, rng=0)
    noise = np.random.default_rng(0).normal(0.0, 100.0, size=(1, 2, 2, 1))[0, :, :, 0]
    assert out.dtype == np.uint8
    np.testing.assert_array_equal(out, np.clip(np.rint(x + noise), 0, 255))
    # Half a pixel right: each value is the mean of itself and its left neighbour (edge
    # fill).
    np.testing.assert_array_equal(augment.translate(x, 0, 0.5), [[0, 128], [128, 66]])


# -- errors ----------------------------------------------------------------------------
def test_a_3d_array_is_ambiguous_and_the_error_says_how_to_fix_it():
    with pytest.raises(
        ValueError, match=r"2-D \(H, W\) or 4-D .*images\[\.\.\., None\]"
    ):
        augment.rotate(np.zeros((2, 3, 3)), 10)


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda x: augment.flip(x, "diagonal"), ValueError, "mode must be one of"),
        (lambda x: augment.flip(x, probability=1.5), ValueError, "probability"),
        (
            lambda x: augment.rotate(x, 10, interpolation="cubic"),
            ValueError,
            "interpolation",
        ),
        (lambda x: augment.rotate(x, (1, 2, 3)), ValueError, r"\(low, high\) pair"),
        (lambda x: augment.rotate(x, (20, 10)), ValueError, "low <= high"),
        (lambda x: augment.rotate(x, "ten"), TypeError, "degrees must be a number"),
        (lambda x: augment.rotate(x, 10, fill="reflect"), ValueError, "fill"),
        (lambda x: augment.scale(x, 0.0), ValueError, "factor must be > 0"),
        (lambda x: augment.scale(x, (-1.0, 2.0)), ValueError, "factor must be > 0"),
        (lambda x: augment.crop(x, 1.2), ValueError, r"fraction must be in \(0, 1\]"),
        (lambda x: augment.gaussian_noise(x, -0.1), ValueError, "stddev must be >= 0"),
        (lambda x: augment.translate(x, 1, 1, rng="seed"), TypeError, "rng must be"),
        (lambda x: augment.flip(x.astype(str)), TypeError, "real numeric"),
        (lambda x: augment.flip(np.full_like(x, np.nan)), ValueError, "NaN"),
        (lambda x: augment.flip(x[:0]), ValueError, "empty"),
    ],
)
def test_bad_arguments_raise_errors_naming_function_and_argument(call, error, message):
    with pytest.raises(error, match=message):
        call(np.ones((4, 4)))


# -- figures ---------------------------------------------------------------------------
def test_image_grid_draws_every_picture_with_its_labels():
    images = np.random.default_rng(7).normal(size=(2, 3, 5, 5))
    fig = plot.image_grid(images, row_titles=["a", "b"], col_titles=["p", "q", "r"])
    assert len(fig.axes) == 6
    np.testing.assert_array_equal(fig.axes[4].images[0].get_array(), images[1, 1])
    assert [ax.get_title() for ax in fig.axes[:3]] == ["p", "q", "r"]
    assert fig.axes[3].get_ylabel() == "b"
    with pytest.raises(ValueError, match="row_titles needs 2 labels"):
        plot.image_grid(images, row_titles=["a"])


def test_augmentation_preview_widget_redraws_when_a_slider_moves():
    w = interactive(
        plot.augmentation_preview,
        degrees=(-45.0, 45.0, 5.0),
        flip=False,
        images=fixed(None),
    )
    sliders = {c.description: c for c in w.children if hasattr(c, "description")}
    plt.close("all")
    sliders["degrees"].value = 45.0
    fig = plt.gcf()
    assert "rotate 45°" in fig._suptitle.get_text()
    after = (
        fig.axes[2].images[0].get_array()
    )  # bottom row, first picture: the rotated X
    expected = augment.rotate(data.xo_image("x"), 45.0)
    np.testing.assert_allclose(after, expected, atol=1e-12)
