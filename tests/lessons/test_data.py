"""The slides' example networks and the logic gates."""

import itertools

import numpy as np
import pytest

from deepstep import data
from deepstep.nn import activations as A


def test_worked_example_contract_shapes():
    ex = data.worked_example()
    assert ex.x.shape == (3,)
    assert ex.hidden.shape == (3, 3)
    assert ex.output.shape == (2, 3)


def test_worked_example_reproduces_slide_000_numbers():
    ex = data.worked_example()
    hidden = A.sigmoid(ex.hidden @ ex.x)
    out = A.sigmoid(ex.output @ hidden)
    # Slide deck 000, "Inference": hidden .13 .96 .40, outputs .35 .85, prediction O2.
    np.testing.assert_array_equal(np.round(hidden, 2), [0.13, 0.96, 0.40])
    np.testing.assert_array_equal(np.round(out, 2), [0.35, 0.85])
    assert ex.output_names[int(np.argmax(out))] == "O2"


def test_worked_example_weights_are_the_slides():
    ex = data.worked_example()
    np.testing.assert_array_equal(ex.hidden[0], [1.0, -2.0, 2.0])  # H1
    np.testing.assert_array_equal(ex.hidden[1], [2.0, 1.0, -4.0])  # H2
    np.testing.assert_array_equal(ex.hidden[2], [1.0, -1.0, 0.0])  # H3
    np.testing.assert_array_equal(ex.output, [[-3.0, 1.0, -3.0], [0.0, 1.0, 2.0]])


def test_rounded_hidden_values_admit_exactly_two_one_decimal_inputs():
    # The docstring's claim: (0.5, 0.9, -0.3) and (0.7, 1.1, -0.2) both print .13 .96
    # .40.
    ex = data.worked_example()
    grid = np.round(np.arange(-20, 21) / 10, 1)
    hits = [
        x
        for x in itertools.product(grid, repeat=3)
        if np.array_equal(
            np.round(A.sigmoid(ex.hidden @ np.array(x)), 2), [0.13, 0.96, 0.40]
        )
    ]
    assert hits == [(0.5, 0.9, -0.3), (0.7, 1.1, -0.2)]


def test_examples_are_fresh_copies():
    a = data.worked_example()
    a.x[0] = 99
    assert data.worked_example().x[0] == 0.5


def test_feedforward_example_shapes_match_n1_to_n6():
    ff = data.feedforward_example()
    assert (
        ff.x.shape == (3,) and ff.hidden.shape == (2, 3) and ff.output.shape == (1, 2)
    )
    assert ff.hidden_names == ("N4", "N5") and ff.output_names == ("N6",)


@pytest.mark.parametrize(
    "gate, y",
    [
        ("and", [0, 0, 0, 1]),
        ("OR", [0, 1, 1, 1]),
        ("xor", [0, 1, 1, 0]),
        ("nand", [1, 1, 1, 0]),
    ],
)
def test_logic_gate_truth_tables(gate, y):
    X, t = data.logic_gate(gate)
    np.testing.assert_array_equal(X, [[0, 0], [0, 1], [1, 0], [1, 1]])
    np.testing.assert_array_equal(t, y)


def test_unknown_gate_names_the_known_ones():
    with pytest.raises(
        ValueError, match=r"unknown gate 'nor'; known: and, or, nand, xor"
    ):
        data.logic_gate("nor")
    with pytest.raises(TypeError, match="name must be a string"):
        data.logic_gate(3)


def test_xo_x_is_the_slides_picture_and_features_give_its_first_map():
    x = data.xo_image("x")
    assert x.shape == (9, 9) and set(np.unique(x)) == {-1.0, 1.0}
    np.testing.assert_array_equal(np.diag(x)[1:-1], np.ones(7))
    np.testing.assert_array_equal(x, x[:, ::-1])  # an X is mirror-symmetric
    # "the math behind the match": diagonal feature over the top-left patch = 7/9, shown
    # as .77
    patch_score = float(np.sum(x[:3, :3] * data.XO_FEATURES[0]) / 9)
    assert patch_score == pytest.approx(7 / 9)


def test_xo_o_is_a_ring_of_the_same_style():
    o = data.xo_image("O")
    assert o.shape == (9, 9) and (o[0] == -1).all() and (o[:, 0] == -1).all()
    np.testing.assert_array_equal(o, o[::-1])
    np.testing.assert_array_equal(o, o.T)
    assert int((o == 1).sum()) == 16


def test_xo_features_order_and_read_only():
    f = data.XO_FEATURES
    assert f.shape == (3, 3, 3)
    np.testing.assert_array_equal(f[0], np.where(np.eye(3) == 1, 1.0, -1.0))
    np.testing.assert_array_equal(f[2], f[0][:, ::-1])
    with pytest.raises(ValueError):
        f[0, 0, 0] = 5
    with pytest.raises(ValueError, match='letter must be "x" or "o"'):
        data.xo_image("y")
