"""receptive_fields against a brute-force oracle: which input pixels change one unit."""

import numpy as np
import pytest

from deepstep.receptive_field import receptive_fields


def brute_force_field(layers, size=64):
    """Side of the input patch that reaches the centre unit of a 1-D stack of box
    filters."""
    x = np.eye(size)  # row i: an impulse at input pixel i
    for kernel, stride in layers:
        windows = np.lib.stride_tricks.sliding_window_view(x, kernel, axis=1)
        x = windows.sum(axis=-1)[:, ::stride]
    centre = x.shape[1] // 2
    return int(np.count_nonzero(x[:, centre]))


@pytest.mark.parametrize(
    "layers",
    [
        [(3, 1)],
        [(3, 1), (3, 1)],
        [(5, 1), (2, 2), (5, 1), (2, 2)],
        [(11, 4), (3, 2), (5, 1)],
    ],
)
def test_fields_match_the_input_pixels_that_reach_a_unit(layers):
    computed = receptive_fields(layers)
    for depth in range(1, len(layers) + 1):
        assert computed[depth - 1][0] == brute_force_field(layers[:depth])


def test_a_wrong_formula_would_fail_the_oracle():
    # Adding (k - 1) without the jump undercounts after a stride-2 pooling.
    layers = [(2, 2), (3, 1)]
    assert brute_force_field(layers) == 6 == receptive_fields(layers)[-1][0]
    assert 1 + 1 + 2 != brute_force_field(layers)


def test_two_3x3_convolutions_see_what_one_5x5_sees():
    assert (
        receptive_fields([(3, 1), (3, 1)])[-1]
        == receptive_fields([(5, 1)])[-1]
        == (5, 1)
    )


def test_jump_is_the_product_of_strides():
    assert [j for _, j in receptive_fields([(3, 2), (3, 2), (3, 1)])] == [2, 4, 4]


@pytest.mark.parametrize("bad", ["33", [(3,)], [(0, 1)], [(3, 1.5)], 5])
def test_bad_layers_raise_a_message_naming_the_argument(bad):
    with pytest.raises(ValueError, match="receptive_fields: layers"):
        receptive_fields(bad)
