"""The hand-built X/O ConvNet against slide deck 003's tables and hand computations;
xo_dataset."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deepstep import data, plot, xo_net
from deepstep.check import to_slide_precision

X_IMG, O_IMG = data.xo_image("x"), data.xo_image("o")

# Slide deck 003, as printed (tab-separated tables), truncated to 2 decimals. The deck's
# third table (the anti-diagonal feature) prints its first (the diagonal one) upside
# down, row for row, as the X is symmetric top to bottom: one transcription serves both.
SLIDE_FILTERED_DIAGONAL = np.array(
    [
        [0.77, -0.11, 0.11, 0.33, 0.55, -0.11, 0.33],
        [-0.11, 1.00, -0.11, 0.33, -0.11, 0.11, -0.11],
        [0.11, -0.11, 1.00, -0.33, 0.11, -0.11, 0.55],
        [0.33, 0.33, -0.33, 0.55, -0.33, 0.33, 0.33],
        [0.55, -0.11, 0.11, -0.33, 1.00, -0.11, 0.11],
        [-0.11, 0.11, -0.11, 0.33, -0.11, 1.00, -0.11],
        [0.33, -0.11, 0.55, 0.33, 0.11, -0.11, 0.77],
    ]
)
SLIDE_FILTERED_CROSS = np.array(
    [
        [0.33, -0.55, 0.11, -0.11, 0.11, -0.55, 0.33],
        [-0.55, 0.55, -0.55, 0.33, -0.55, 0.55, -0.55],
        [0.11, -0.55, 0.55, -0.77, 0.55, -0.55, 0.11],
        [-0.11, 0.33, -0.77, 1.00, -0.77, 0.33, -0.11],
        [0.11, -0.55, 0.55, -0.77, 0.55, -0.55, 0.11],
        [-0.55, 0.55, -0.55, 0.33, -0.55, 0.55, -0.55],
        [0.33, -0.55, 0.11, -0.11, 0.11, -0.55, 0.33],
    ]
)
SLIDE_FILTERED = np.stack(
    [SLIDE_FILTERED_DIAGONAL, SLIDE_FILTERED_CROSS, SLIDE_FILTERED_DIAGONAL[::-1]]
)
SLIDE_RECTIFIED_1 = np.array(
    [
        [0.77, 0, 0.11, 0.33, 0.55, 0, 0.33],
        [0, 1.00, 0, 0.33, 0, 0.11, 0],
        [0.11, 0, 1.00, 0, 0.11, 0, 0.55],
        [0.33, 0.33, 0, 0.55, 0, 0.33, 0.33],
        [0.55, 0, 0.11, 0, 1.00, 0, 0.11],
        [0, 0.11, 0, 0.33, 0, 1.00, 0],
        [0.33, 0, 0.55, 0.33, 0.11, 0, 0.77],
    ]
)
SLIDE_POOLED = np.array(
    [
        [[1.00, 0.33, 0.55, 0.33],
         [0.33, 1.00, 0.33, 0.55],
         [0.55, 0.33, 1.00, 0.11],
         [0.33, 0.55, 0.11, 0.77]],
        [[0.55, 0.33, 0.55, 0.33],
         [0.33, 1.00, 0.55, 0.11],
         [0.55, 0.55, 0.55, 0.11],
         [0.33, 0.11, 0.11, 0.33]],
        [[0.33, 0.55, 1.00, 0.77],
         [0.55, 0.55, 1.00, 0.33],
         [1.00, 1.00, 0.11, 0.55],
         [0.77, 0.33, 0.55, 0.33]],
    ]
)  # fmt: skip
SLIDE_STACKED = np.array(
    [
        [[1.00, 0.55], [0.55, 1.00]],
        [[1.00, 0.55], [0.55, 0.55]],
        [[0.55, 1.00], [1.00, 0.55]],
    ]
)
FUTURE_VALUES = [0.9, 0.65, 0.45, 0.87, 0.96, 0.73, 0.23, 0.63, 0.44, 0.89, 0.94, 0.53]


def truncated(values):
    return to_slide_precision(values, 2, "truncate") + 0.0


# ---- the network, stage by stage, against the slides


def test_filter_maps_of_the_x_are_the_slides_three_tables():
    np.testing.assert_array_equal(truncated(xo_net.filter_maps(X_IMG)), SLIDE_FILTERED)


def test_filter_map_corner_is_seven_ninths_by_hand():
    # Top-left patch against the diagonal feature: 8 products are +1 and 1 is -1 (the
    # corner pixel, background where the feature has ink), so the mean is (8 - 1) / 9.
    products = X_IMG[:3, :3] * data.XO_FEATURES[0]
    assert (products == 1).sum() == 8 and products[0, 0] == -1
    assert xo_net.filter_maps(X_IMG)[0, 0, 0] == pytest.approx(7 / 9)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), h=st.integers(3, 9), w=st.integers(3, 9))
def test_filter_maps_is_the_mean_product_over_every_patch(seed, h, w):
    rng = np.random.default_rng(seed)
    image = rng.choice([-1.0, 1.0], size=(h, w))
    features = rng.choice([-1.0, 1.0], size=(2, 3, 3))
    expected = np.array(
        [
            [
                [np.mean(image[i : i + 3, j : j + 3] * f) for j in range(w - 2)]
                for i in range(h - 2)
            ]
            for f in features
        ]
    )
    np.testing.assert_allclose(
        xo_net.filter_maps(image, features), expected, atol=1e-12
    )


def test_relu_gives_the_slides_rectified_table():
    rectified = xo_net.relu(xo_net.filter_maps(X_IMG))
    np.testing.assert_array_equal(truncated(rectified[0]), SLIDE_RECTIFIED_1)
    assert (rectified >= 0).all()
    positive = xo_net.filter_maps(X_IMG) > 0
    np.testing.assert_array_equal(
        rectified[positive], xo_net.filter_maps(X_IMG)[positive]
    )


@settings(max_examples=30, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    k=st.integers(1, 3),
    h=st.integers(1, 8),
    w=st.integers(1, 8),
)
def test_pool_takes_the_max_of_each_2x2_window_keeping_partial_ones(seed, k, h, w):
    maps = np.random.default_rng(seed).normal(size=(k, h, w))
    expected = np.array(
        [
            [
                [m[i : i + 2, j : j + 2].max() for j in range(0, w, 2)]
                for i in range(0, h, 2)
            ]
            for m in maps
        ]
    )
    out = xo_net.pool(maps)
    assert out.shape == (k, -(-h // 2), -(-w // 2))
    np.testing.assert_array_equal(out, expected)


def test_pooling_the_slides_maps_gives_the_slides_4x4_tables():
    np.testing.assert_array_equal(
        truncated(xo_net.pool(xo_net.filter_maps(X_IMG))), SLIDE_POOLED
    )


def test_forward_reproduces_layers_get_stacked_and_deep_stacking():
    stages = xo_net.forward(X_IMG)
    assert stages.filtered.shape == stages.rectified.shape == (3, 7, 7)
    np.testing.assert_array_equal(truncated(stages.pooled), SLIDE_POOLED)
    np.testing.assert_array_equal(truncated(stages.stacked), SLIDE_STACKED)
    np.testing.assert_array_equal(stages.values, stages.stacked.reshape(12))
    # The 2x2 maps hold only two distinct values: 1 and 5/9.
    assert set(np.round(stages.values * 9).astype(int)) == {5, 9}


def test_flatten_goes_map_by_map_row_by_row():
    maps = np.arange(12.0).reshape(3, 2, 2)
    np.testing.assert_array_equal(xo_net.flatten(maps), np.arange(12.0))


# ---- the vote


def test_vote_weights_are_each_letters_own_values_at_unit_length():
    w = xo_net.vote_weights()
    assert w.shape == (2, 12)
    np.testing.assert_allclose(np.linalg.norm(w, axis=1), 1.0)
    x_values = xo_net.forward(X_IMG).values
    np.testing.assert_allclose(w[1], x_values / np.linalg.norm(x_values))
    np.testing.assert_allclose(
        w[0] * np.linalg.norm(xo_net.forward(O_IMG).values),
        xo_net.forward(O_IMG).values,
    )
    w[0, 0] = 99.0  # a copy: changing it does not change the next call
    assert xo_net.vote_weights()[0, 0] != 99.0


def test_vote_by_hand_with_chosen_weights():
    values = np.array([3.0, 4.0])
    weights = np.array(
        [[1.0, 0.0], [0.6, 0.8]]
    )  # "o" looks at value 1 only; "x" is along (3, 4)
    scores = xo_net.vote(values, weights)
    assert scores == pytest.approx({"o": 3 / 5, "x": (0.6 * 3 + 0.8 * 4) / 5})
    assert xo_net.vote([0.0, 0.0], weights) == {"o": 0.0, "x": 0.0}


def test_vote_of_own_letter_is_one_and_cauchy_schwarz_bounds_the_other():
    for letter in ("x", "o"):
        scores = xo_net.vote(xo_net.forward(data.xo_image(letter)).values)
        assert scores[letter] == pytest.approx(1.0)
        other = "o" if letter == "x" else "x"
        assert 0 < scores[other] < 1


def test_classify_the_slides_x_and_the_o():
    assert xo_net.classify(X_IMG)[0] == "x"
    assert xo_net.classify(O_IMG)[0] == "o"
    letter, scores = xo_net.classify(X_IMG)
    assert scores["x"] > scores["o"]


def test_future_values_vote_for_x_by_hand():
    w = xo_net.vote_weights()
    v = np.array(FUTURE_VALUES)
    expected = {
        "o": float(w[0] @ v / np.sqrt(np.sum(v**2))),
        "x": float(w[1] @ v / np.sqrt(np.sum(v**2))),
    }
    scores = xo_net.vote(FUTURE_VALUES)
    assert scores == pytest.approx(expected)
    assert xo_net.decide(scores) == "x"


def test_decide_breaks_a_tie_toward_o_and_needs_both_keys():
    assert xo_net.decide({"x": 0.5, "o": 0.5}) == "o"
    assert xo_net.decide({"x": 0.51, "o": 0.5}) == "x"
    with pytest.raises(
        ValueError, match=r"decide: scores must have keys \('o', 'x'\); got \['x'\]"
    ):
        xo_net.decide({"x": 1.0})


def test_predict_matches_classify_one_by_one():
    images, labels = data.xo_dataset(12, seed=3)
    expected = [xo_net.CLASSES.index(xo_net.classify(img)[0]) for img in images]
    np.testing.assert_array_equal(xo_net.predict(images), expected)


# ---- the exact fractions next to the slides' figures


def test_ninths_are_exact_fractions():
    table = xo_net.ninths(xo_net.filter_maps(X_IMG)[0])
    assert table[0][:3] == ["7/9", "-1/9", "1/9"]
    assert table[1][1] == "1" and table[3][2] == "-1/3"  # 9/9 and -3/9, reduced
    with pytest.raises(ValueError, match="ninths: values must be multiples of 1/9"):
        xo_net.ninths([[0.5]])


def test_side_by_side_lists_fractions_then_the_slide():
    text = xo_net.side_by_side(
        xo_net.filter_maps(X_IMG)[1][:2, :2], SLIDE_FILTERED[1][:2, :2]
    )
    assert text.splitlines() == [
        "  1/3  -5/9   |   0.33 -0.55",
        " -5/9   5/9   |  -0.55  0.55",
    ]
    with pytest.raises(
        ValueError, match=r"slide must have the shape of exact, \(2, 2\); got \(3, 3\)"
    ):
        xo_net.side_by_side(np.zeros((2, 2)), np.zeros((3, 3)))


# ---- bad input


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda: xo_net.filter_maps(np.ones(9)),
            r"filter_maps: image must be 2-D; got shape \(9,\)",
        ),
        (lambda: xo_net.filter_maps(np.ones((2, 9))), r"at least 3x3 .* got \(2, 9\)"),
        (
            lambda: xo_net.pool(np.ones((7, 7))),
            r"pool: maps must be 3-D; got shape \(7, 7\)",
        ),
        (
            lambda: xo_net.vote(np.ones(12), np.ones((2, 11))),
            r"weights must have shape \(2, 12\).*got \(2, 11\)",
        ),
        (lambda: xo_net.classify("x"), r"classify: image must be numeric"),
        (
            lambda: xo_net.predict(X_IMG),
            r"predict: images must be 3-D; got shape \(9, 9\)",
        ),
    ],
)
def test_errors_name_the_function_and_what_was_expected(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()


# ---- data.xo_dataset


def test_xo_dataset_shapes_values_and_balanced_labels():
    images, labels = data.xo_dataset(101, seed=0)
    assert images.shape == (101, 9, 9) and labels.shape == (101,)
    assert set(np.unique(images)) == {-1.0, 1.0}
    assert labels.dtype.kind == "i" and set(labels) == {0, 1}
    assert labels.sum() == 50  # n // 2 X's (label 1), the rest O's


def test_xo_dataset_without_variations_draws_the_slides_letters():
    images, labels = data.xo_dataset(10, seed=5, variations=())
    for img, label in zip(images, labels, strict=True):
        np.testing.assert_array_equal(img, X_IMG if label == 1 else O_IMG)


def test_xo_dataset_is_deterministic_for_a_seed():
    a, la = data.xo_dataset(40, seed=7)
    b, lb = data.xo_dataset(40, seed=7)
    c, lc = data.xo_dataset(40, seed=8)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(la, lb)
    assert not np.array_equal(a, c)


def base_letters(labels):
    return np.where(labels[:, None, None] == 1, X_IMG, O_IMG)


@pytest.mark.parametrize("variation", data.XO_VARIATIONS)
def test_each_variation_changes_the_pictures(variation):
    images, labels = data.xo_dataset(60, seed=1, variations=(variation,))
    changed = (images != base_letters(labels)).any(axis=(1, 2))
    if variation == "rotate":
        # A circle turned is the same circle: only the X's change.
        assert changed[labels == 1].all() and not changed[labels == 0].any()
    else:
        assert changed.all()


def test_shift_moves_the_ink_without_changing_how_much_there_is():
    images, labels = data.xo_dataset(30, seed=2, variations="shift")
    base = base_letters(labels)
    np.testing.assert_array_equal(
        (images > 0).sum(axis=(1, 2)), (base > 0).sum(axis=(1, 2))
    )
    for img, b in zip(images, base, strict=True):
        # Some whole-pixel move (dy, dx) of the plain letter gives the picture.
        assert any(
            np.array_equal(np.roll(b, (dy, dx), axis=(0, 1)), img)
            for dy in range(-2, 3)
            for dx in range(-2, 3)
        )


def test_weight_thickens_strokes_and_noise_flips_one_to_four_pixels():
    thick, labels = data.xo_dataset(30, seed=4, variations="weight")
    base = base_letters(labels)
    assert ((thick > 0).sum(axis=(1, 2)) > (base > 0).sum(axis=(1, 2))).all()
    assert (thick[base > 0] > 0).all()  # the thin letter's ink is all still there
    noisy, labels = data.xo_dataset(30, seed=4, variations="noise")
    flipped = (noisy != base_letters(labels)).sum(axis=(1, 2))
    assert flipped.min() >= 1 and flipped.max() <= 4


def test_scale_makes_letters_smaller_or_larger():
    images, labels = data.xo_dataset(40, seed=6, variations="scale")
    # The plain letters span rows 1..7; small ones span 5 rows, large ones all 9.
    rows_with_ink = (images > 0).any(axis=2).sum(axis=1)
    assert set(rows_with_ink) == {5, 9}


def test_xo_dataset_errors_list_what_is_known():
    with pytest.raises(
        ValueError,
        match=r"unknown variation\(s\) \['blur'\]; known: shift, scale, rotate, "
        r"weight, noise",
    ):
        data.xo_dataset(4, 0, ("shift", "blur"))
    with pytest.raises(
        ValueError, match=r"xo_dataset: n must be a positive int; got 0"
    ):
        data.xo_dataset(0)
    with pytest.raises(
        ValueError, match=r"xo_dataset: seed must be an int >= 0; got 1.5"
    ):
        data.xo_dataset(4, 1.5)


def test_hand_built_net_gets_every_plain_letter_right():
    images, labels = data.xo_dataset(20, seed=0, variations=())
    np.testing.assert_array_equal(xo_net.predict(images), labels)


# ---- figures for the notebook


def test_xo_pipeline_figure_shows_maps_and_the_winning_vote():
    stages = xo_net.forward(X_IMG)
    letter, scores = xo_net.classify(X_IMG)
    fig = plot.xo_pipeline(X_IMG, stages.stacked, scores)
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == ["picture", "diagonal \\", "small x", "anti-diagonal /", "→ X"]
    texts = [t.get_text() for t in fig.axes[-1].texts]
    assert texts == [f"{scores['o']:.2f}", "1.00"]


def test_letter_gallery_titles_each_picture_and_hides_spare_axes():
    fig = plot.letter_gallery(np.stack([X_IMG, O_IMG, X_IMG]), ["a", "b", "c"], ncols=2)
    assert [ax.get_title() for ax in fig.axes] == ["a", "b", "c", ""]
    assert not fig.axes[3].axison
    with pytest.raises(ValueError, match="got 1 titles for 3 images"):
        plot.letter_gallery(np.stack([X_IMG, O_IMG, X_IMG]), ["a"])
