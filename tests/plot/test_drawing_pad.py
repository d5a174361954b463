"""The drawing pad, driven headlessly: set buttons' values, read the picture and the
vote."""

import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deepstep import data, xo_net
from deepstep.plot import pad as dp

X_IMG, O_IMG = data.xo_image("x"), data.xo_image("o")


@settings(max_examples=30, deadline=None)
@given(st.lists(st.booleans(), min_size=81, max_size=81))
def test_states_and_pictures_round_trip(states):
    image = dp.image_from_states(states)
    assert image.shape == (9, 9)
    # Row by row: state k is pixel (k // 9, k % 9).
    for k, s in enumerate(states):
        assert image[k // 9, k % 9] == (1.0 if s else -1.0)
    assert dp.states_from_image(image) == states


def test_state_conversions_reject_wrong_sizes():
    with pytest.raises(
        ValueError, match=r"states must be 81 booleans, row by row; got 80 values"
    ):
        dp.image_from_states([True] * 80)
    with pytest.raises(ValueError, match=r"got 81 values of types \['int'\]"):
        dp.image_from_states([1] * 81)
    with pytest.raises(ValueError, match=r"image must be 9x9; got \(7, 7\)"):
        dp.states_from_image(np.ones((7, 7)))


def test_pad_result_is_the_classifier_on_the_drawn_picture():
    result = dp.pad_result(dp.states_from_image(O_IMG))
    letter, scores = xo_net.classify(O_IMG)
    np.testing.assert_array_equal(result.image, O_IMG)
    assert (result.letter, result.scores) == (letter, scores)
    assert result.text == f"vote  X {scores['x']:.2f} · O 1.00  →  O"


def test_new_pad_shows_the_start_picture_and_its_vote():
    pad = dp.drawing_pad(show_maps=False)
    np.testing.assert_array_equal(pad.image, X_IMG)
    assert pad.result.letter == "x" and pad.result.text.endswith("→  X")
    assert "vote  X 1.00" in pad.status.value
    assert [b.button_style for b in pad.buttons[9:12]] == [
        "",
        "primary",
        "",
    ]  # row 1: - # -


def test_clicking_pixels_redraws_and_revotes():
    pad = dp.drawing_pad(start=O_IMG, show_maps=False)
    assert pad.result.letter == "o"
    expected = O_IMG.copy()
    texts = []
    for r in range(2, 7):  # click along the main diagonal: a click flips one pixel
        pad.buttons[9 * r + r].value = not pad.buttons[9 * r + r].value
        expected[r, r] *= -1
        np.testing.assert_array_equal(pad.image, expected)
        letter, scores = xo_net.classify(expected)
        assert pad.result.text == dp.vote_text(letter, scores)
        texts.append(pad.result.text)
    assert len(set(texts)) == len(texts)  # every click changed the vote
    # Two ring pixels erased, three inked inside: the O crossed by a diagonal now reads
    # as X.
    assert pad.result.letter == "x"
    assert pad.buttons[9 * 4 + 4].button_style == "primary"
    assert pad.buttons[9 * 2 + 2].button_style == ""


def test_pad_calls_a_custom_classifier_once_per_change():
    calls = []

    def by_ink(image):
        calls.append(image.copy())
        ink = float((image > 0).mean())
        return ("x" if ink > 0.1 else "o"), {"x": ink, "o": 1 - ink}

    pad = dp.drawing_pad(classify=by_ink, start=-np.ones((9, 9)), show_maps=False)
    assert len(calls) == 1 and pad.result.text == "vote  X 0.00 · O 1.00  →  O"
    pad.buttons[0].value = True
    assert len(calls) == 2 and calls[-1][0, 0] == 1.0 and (calls[-1] > 0).sum() == 1
    pad.set_image(X_IMG)  # 12 more buttons change, one vote
    assert (
        len(calls) == 3 and pad.result.text == "vote  X 0.16 · O 0.84  →  X"
    )  # 13 of 81 pixels


def test_preset_buttons_draw_x_o_and_clear():
    pad = dp.drawing_pad(show_maps=False)
    presets = {b.description: b for b in pad.children[0].children[1].children}
    presets["O"].click()
    np.testing.assert_array_equal(pad.image, O_IMG)
    presets["clear"].click()
    assert (pad.image == -1).all() and pad.result.letter == "o"
    presets["X"].click()
    assert pad.result.letter == "x"


def test_pad_draws_maps_and_votes_when_asked():
    pad = dp.drawing_pad(start=O_IMG)
    stacked = xo_net.forward(O_IMG).stacked
    assert pad.figure.axes[-1].get_title() == "→ O"
    shown = [t.get_text() for t in pad.figure.axes[2].texts]  # the "small x" 2x2 map
    assert shown == [f"{v:.2f}" for v in np.trunc(stacked[1].ravel() * 100) / 100]


def test_drawing_pad_rejects_a_classifier_that_is_not_callable():
    with pytest.raises(
        TypeError, match="drawing_pad: classify must be callable; got int"
    ):
        dp.drawing_pad(classify=3)


def test_import_deepstep_does_not_load_ipywidgets():
    code = "import sys, deepstep; print('ipywidgets' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"
