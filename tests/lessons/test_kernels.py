"""Image kernels: known effects on simple images, the typed-kernel parser, the slides'
4x4 sums, the dense matrix of a convolution, and the figures and widget callback, built
headlessly."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ipywidgets import Text, fixed, interactive
from scipy.signal import correlate2d

from deepstep import kernels, plot
from deepstep.nn import ops


@pytest.fixture
def photo():
    rng = np.random.default_rng(3)
    return rng.uniform(0, 1, size=(12, 17))


# ---------------------------------------------------------------- named kernels


def test_identity_kernel_returns_the_image(photo):
    np.testing.assert_array_equal(kernels.apply_kernel(photo, "identity"), photo)


def test_blur_of_a_constant_image_is_constant_away_from_the_zero_padded_border():
    out = kernels.apply_kernel(np.full((8, 9), 0.7), "blur")
    np.testing.assert_allclose(out[1:-1, 1:-1], 0.7, atol=1e-12)
    # At a corner only 4 of 16 sixteenths of weight see the image: 0.7 · 9/16.
    assert out[0, 0] == pytest.approx(0.7 * 9 / 16)


@pytest.mark.parametrize("name", ["outline", "vertical edges"])
def test_edge_kernels_give_zero_on_a_constant_image(name):
    out = kernels.apply_kernel(np.full((7, 7), 0.4), name)
    np.testing.assert_allclose(out[1:-1, 1:-1], 0.0, atol=1e-12)


def test_sharpen_and_emboss_keep_a_constant_image_constant_inside():
    for name in ("sharpen", "emboss"):
        out = kernels.apply_kernel(np.full((6, 6), 0.3), name)
        np.testing.assert_allclose(out[1:-1, 1:-1], 0.3, atol=1e-12)


def test_vertical_edge_kernel_is_positive_where_the_image_darkens_to_the_right():
    step = np.zeros((5, 6))
    step[:, :3] = 1.0  # bright left half, dark right half
    out = kernels.apply_kernel(step, "vertical edges")
    # Hand computation: centred on column 2 the window sees 1·(1+2+1) on the left, 0 on
    # the right.
    np.testing.assert_array_equal(out[2, 1:5], [0.0, 4.0, 4.0, 0.0])


def test_apply_kernel_is_same_padded_correlation():
    rng = np.random.default_rng(0)
    image, kernel = rng.normal(size=(9, 11)), rng.normal(size=(3, 3))
    expected = correlate2d(image, kernel, mode="same", boundary="fill")
    np.testing.assert_allclose(
        kernels.apply_kernel(image, kernel), expected, atol=1e-12
    )


def test_named_kernels_are_read_only_and_named_kernel_copies():
    with pytest.raises(ValueError):
        kernels.KERNELS["blur"][0, 0] = 1.0
    k = kernels.named_kernel("blur")
    k[0, 0] = 5.0
    assert kernels.KERNELS["blur"][0, 0] == 1 / 16
    assert kernels.KERNELS["blur"].sum() == pytest.approx(1.0)


def test_unknown_kernel_names_list_the_known_ones():
    with pytest.raises(
        ValueError, match=r"named_kernel: unknown kernel 'gaussian'; known: identity"
    ):
        kernels.named_kernel("gaussian")


def test_apply_kernel_rejects_even_kernels_and_3d_images():
    with pytest.raises(
        ValueError, match=r"apply_kernel: kernel must have odd .* got shape \(2, 2\)"
    ):
        kernels.apply_kernel(np.ones((4, 4)), np.ones((2, 2)))
    with pytest.raises(
        ValueError, match=r"apply_kernel: image must be 2-D; got shape \(4, 4, 3\)"
    ):
        kernels.apply_kernel(np.ones((4, 4, 3)), "blur")


# ---------------------------------------------------------------- parser


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 0 -1; 2 0 -2; 1 0 -1", [[1, 0, -1], [2, 0, -2], [1, 0, -1]]),
        ("1,0,-1\n2, 0, -2\n1 0 -1\n", [[1, 0, -1], [2, 0, -2], [1, 0, -1]]),
        (" 0 0 0 ;0 1 0; 0 0 0 ; ", [[0, 0, 0], [0, 1, 0], [0, 0, 0]]),
        ("1/9 1/9 1/9; 1/9 1/9 1/9; 1/9 1/9 1/9", np.full((3, 3), 1 / 9)),
        ("-0.5 1e-1 2; 0 0 0; .25 0 0", [[-0.5, 0.1, 2], [0, 0, 0], [0.25, 0, 0]]),
    ],
)
def test_parse_kernel_reads_rows_and_numbers(text, expected):
    out = kernels.parse_kernel(text)
    assert out.shape == (3, 3) and out.dtype == np.float64
    np.testing.assert_allclose(out, expected, rtol=0, atol=1e-15)


def test_parse_kernel_other_sizes():
    np.testing.assert_array_equal(
        kernels.parse_kernel("1 2; 3 4", size=2), [[1, 2], [3, 4]]
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1 0 -1; 2 0 -2", r"expected 3 rows separated by ';'; got 2"),
        ("1 0 -1; 2 0 -2; 1 0 -1; 0 0 0", r"expected 3 rows .* got 4"),
        ("", r"expected 3 rows .* got 0"),
        ("1 0; 2 0 -2; 1 0 -1", r"row 1 must hold 3 numbers; got 2 in '1 0'"),
        ("1 0 -1; 2 0 -2 7; 1 0 -1", r"row 2 must hold 3 numbers; got 4"),
        (
            "1 0 -1; 2 x -2; 1 0 -1",
            r"row 2 holds something that is not a number: '2 x -2'",
        ),
        ("1 0 -1; 2 0 -2; 1 0 nan", r"row 3 holds something that is not a number"),
        ("1 0 -1; 2 0 -2; 1 0 inf", r"row 3 holds something that is not a number"),
        ("1/0 0 -1; 2 0 -2; 1 0 -1", r"row 1 holds something that is not a number"),
    ],
)
def test_parse_kernel_errors_say_what_is_wrong(text, message):
    with pytest.raises(ValueError, match="parse_kernel: " + message):
        kernels.parse_kernel(text)


def test_parse_kernel_rejects_non_strings():
    with pytest.raises(
        TypeError, match="parse_kernel: text must be a string; got list"
    ):
        kernels.parse_kernel([[1, 0, 0]])


# ---------------------------------------------------------------- photo preparation


def test_to_grayscale_uses_luma_weights_and_scales_bytes():
    rgb = np.zeros((2, 2, 3), dtype=np.uint8)
    rgb[0, 0] = [255, 255, 255]
    rgb[0, 1] = [255, 0, 0]
    rgb[1, 0] = [0, 255, 0]
    rgb[1, 1] = [0, 0, 255]
    np.testing.assert_allclose(
        kernels.to_grayscale(rgb), [[1.0, 0.299], [0.587, 0.114]]
    )
    floats = rgb.astype(float) / 255
    np.testing.assert_allclose(kernels.to_grayscale(floats), kernels.to_grayscale(rgb))


def test_to_grayscale_rejects_non_rgb():
    with pytest.raises(
        ValueError, match=r"to_grayscale: rgb must have shape \(H, W, 3\)"
    ):
        kernels.to_grayscale(np.zeros((4, 4, 4)))


def test_downsample_averages_blocks_and_drops_leftovers():
    image = np.arange(30, dtype=float).reshape(5, 6)
    out = kernels.downsample(image, 2)
    # Hand computation: block rows 0-1, cols 0-1 holds 0, 1, 6, 7.
    np.testing.assert_allclose(out, [[3.5, 5.5, 7.5], [15.5, 17.5, 19.5]])
    np.testing.assert_array_equal(kernels.downsample(image, 1), image)


@pytest.mark.parametrize("factor", [0, 2.0, True])
def test_downsample_rejects_bad_factors(factor):
    with pytest.raises(ValueError, match="downsample: factor must be a positive int"):
        kernels.downsample(np.ones((4, 4)), factor)


def test_downsample_rejects_a_factor_larger_than_the_image():
    with pytest.raises(ValueError, match=r"smaller than factor 5"):
        kernels.downsample(np.ones((4, 8)), 5)


# ---------------------------------------------------------------- the slides' 4x4 sums


def test_window_terms_reproduce_the_slides_O6_and_O17():
    o6 = kernels.window_terms(0, 0, image_size=4, kernel_size=3)
    assert kernels.format_terms(o6) == (
        "A₁·I₁ + A₂·I₂ + A₃·I₃ + A₄·I₅ + A₅·I₆ + A₆·I₇ + A₇·I₉ + A₈·I₁₀ + A₉·I₁₁"
    )
    o17 = kernels.window_terms(0, 0, image_size=4, kernel_size=3, padding="same")
    assert o17 == [(5, 1), (6, 2), (8, 5), (9, 6)]
    assert kernels.format_terms(o17, "B") == "B₅·I₁ + B₆·I₂ + B₈·I₅ + B₉·I₆"


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(3, 7),
    k=st.sampled_from([1, 3, 5]),
    padding=st.sampled_from(["valid", "same", 1, 2]),
    seed=st.integers(0, 99),
    data=st.data(),
)
def test_window_terms_sum_equals_conv2d_at_that_position(n, k, padding, seed, data):
    if padding == "valid" and k > n:
        return
    rng = np.random.default_rng(seed)
    image, kernel = rng.normal(size=(n, n)), rng.normal(size=(k, k))
    out = ops.conv2d(image, kernel, padding=padding)
    i = data.draw(st.integers(0, out.shape[0] - 1))
    j = data.draw(st.integers(0, out.shape[1] - 1))
    terms = kernels.window_terms(i, j, image_size=n, kernel_size=k, padding=padding)
    total = sum(kernel.flat[w - 1] * image.flat[p - 1] for w, p in terms)
    assert total == pytest.approx(out[i, j], abs=1e-12)


def test_window_terms_rejects_positions_outside_the_output():
    with pytest.raises(
        ValueError, match=r"window_terms: j must be an int in \[0, 1\]; got 2"
    ):
        kernels.window_terms(0, 2, image_size=4, kernel_size=3)


def test_format_terms_rejects_empty():
    with pytest.raises(ValueError, match="format_terms: terms is empty"):
        kernels.format_terms([])


def test_conv_matrix_of_a_3x3_image_and_2x2_kernel_by_hand():
    m = kernels.conv_matrix([[1, 2], [3, 4]], (3, 3))
    # Output (0, 0) sees pixels 0, 1, 3, 4; output (1, 1) sees pixels 4, 5, 7, 8.
    expected = [
        [1, 2, 0, 3, 4, 0, 0, 0, 0],
        [0, 1, 2, 0, 3, 4, 0, 0, 0],
        [0, 0, 0, 1, 2, 0, 3, 4, 0],
        [0, 0, 0, 0, 1, 2, 0, 3, 4],
    ]
    np.testing.assert_array_equal(m, expected)


@pytest.mark.parametrize("padding", ["valid", "same", 1])
def test_conv_matrix_times_the_flat_image_is_the_convolution(padding):
    rng = np.random.default_rng(5)
    image, kernel = rng.normal(size=(5, 6)), rng.normal(size=(3, 3))
    m = kernels.conv_matrix(kernel, (5, 6), padding=padding)
    expected = correlate2d(
        np.pad(image, 1) if padding == 1 else image, kernel, mode="valid"
    )
    if padding == "same":
        expected = correlate2d(image, kernel, mode="same")
    np.testing.assert_allclose(m @ image.ravel(), expected.ravel(), atol=1e-12)


def test_conv_matrix_rejects_bad_image_shapes():
    with pytest.raises(ValueError, match=r"conv_matrix: image_shape must be \(H, W\)"):
        kernels.conv_matrix(np.ones((3, 3)), (4,))


# ---------------------------------------------------------------- figures and widget


def test_kernel_figure_shows_photo_kernel_numbers_and_result(photo):
    fig = plot.kernel_figure(photo, "sharpen")
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == ["photo (grayscale)", "sharpen kernel", "photo ⊛ sharpen"]
    numbers = [t.get_text() for t in fig.axes[1].texts]
    assert numbers == ["0", "-1", "0", "-1", "5", "-1", "0", "-1", "0"]
    shown = fig.axes[2].images[0].get_array()
    np.testing.assert_allclose(
        shown, np.clip(kernels.apply_kernel(photo, "sharpen"), 0, 1)
    )


def test_kernel_figure_shows_both_signs_for_zero_sum_kernels(photo):
    fig = plot.kernel_figure(photo, "outline")
    image = fig.axes[2].images[0]
    assert image.get_cmap().name == "RdBu_r"
    lo, hi = image.get_clim()
    assert lo == -hi and hi > 0
    np.testing.assert_allclose(
        image.get_array(), kernels.apply_kernel(photo, "outline")
    )


def test_kernel_figure_prints_fractional_weights(photo):
    fig = plot.kernel_figure(photo, "blur")
    assert [t.get_text() for t in fig.axes[1].texts][:3] == [
        "0.0625",
        "0.1250",
        "0.0625",
    ]


def test_kernel_gallery_one_titled_panel_per_kernel(photo):
    fig = plot.kernel_gallery(photo)
    titles = [ax.get_title() for ax in fig.axes]
    assert len(titles) == len(kernels.KERNELS)
    assert titles[1] == "blur\n[1/16 1/8 1/16; 1/8 1/4 1/8; 1/16 1/8 1/16]"
    assert titles[5] == "vertical edges\n[1 0 -1; 2 0 -2; 1 0 -1]"
    two = plot.kernel_gallery(photo, ["identity", "emboss"])
    assert [ax.get_title().split("\n")[0] for ax in two.axes] == ["identity", "emboss"]


def test_kernel_gallery_rejects_unknown_names_before_drawing(photo):
    with pytest.raises(ValueError, match="unknown kernel 'bogus'"):
        plot.kernel_gallery(photo, ["blur", "bogus"])
    assert plt.get_fignums() == []


def test_widget_callback_redraws_for_named_custom_and_half_typed_kernels(photo):
    w = interactive(
        plot.draw_kernel,
        image=fixed(photo),
        name=[*kernels.KERNELS, "custom"],
        # As in notebook 06: redraw when the student presses Enter, not on every
        # keystroke.
        custom=Text("1 0 -1; 2 0 -2; 1 0 -1", continuous_update=False),
    )
    controls = {c.description: c for c in w.children if hasattr(c, "description")}
    plt.close("all")
    controls[
        "name"
    ].value = "emboss"  # choosing from the dropdown calls the function again
    assert plt.gcf().axes[2].get_title() == "photo ⊛ emboss"
    controls["name"].value = "custom"
    controls["custom"].value = "0 0 0; 0 2 0; 0 0 0"
    ax = plt.gcf().axes[2]
    assert ax.get_title() == "photo ⊛ custom"
    np.testing.assert_allclose(ax.images[0].get_array(), np.clip(2 * photo, 0, 1))
    controls[
        "custom"
    ].value = "0 0 0; 0 2"  # half typed: an explanation, not a traceback
    assert plt.gcf().axes[1].get_title() == "cannot read the custom kernel"
    assert "expected 3 rows" in plt.gcf().axes[1].texts[0].get_text()


def test_kernel_explorer_switches_to_custom_when_the_text_is_edited(photo):
    w = plot.kernel_explorer(photo)
    controls = {c.description: c for c in w.children if hasattr(c, "description")}
    controls["name"].value = "emboss"
    plt.close("all")
    controls["custom"].value = "0 0 0; 0 2 0; 0 0 0"  # the student types, presses Enter
    assert controls["name"].value == "custom"
    ax = plt.gcf().axes[2]
    assert ax.get_title() == "photo ⊛ custom"
    np.testing.assert_allclose(ax.images[0].get_array(), np.clip(2 * photo, 0, 1))
    controls["name"].value = "blur"  # the dropdown still picks named kernels
    assert plt.gcf().axes[2].get_title() == "photo ⊛ blur"
    assert controls["custom"].value == "0 0 0; 0 2 0; 0 0 0"


def test_kernel_explorer_rejects_a_colour_image():
    with pytest.raises(ValueError, match="kernel_explorer: image must be 2-D"):
        plot.kernel_explorer(np.zeros((4, 4, 3)))
