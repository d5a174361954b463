"""The notebook checks: slide rounding, truncation, and failures that show both
values."""

import numpy as np
import pytest

from deepstep import check


def test_slide_prints_one_line_with_slide_values(capsys):
    check.slide([0.13011, 0.95689, 0.40131], [0.13, 0.96, 0.40], "hidden layer")
    assert (
        capsys.readouterr().out
        == "✓ hidden layer matches the slide: [0.13 0.96 0.40]\n"
    )


def test_truncation_like_the_x_o_slides():
    # 7/9 shows as .77 on slide deck 003; rounding would say .78.
    np.testing.assert_array_equal(check.to_slide_precision(7 / 9, 2, "truncate"), 0.77)
    assert check.to_slide_precision(7 / 9, 2, "round") == 0.78
    # float noise must not push 0.29 down to 0.28, and negatives truncate toward zero
    np.testing.assert_array_equal(
        check.to_slide_precision([0.29, -0.555, -1 / 9], 2, "truncate"),
        [0.29, -0.55, -0.11],
    )


def test_slide_mismatch_raises_with_both_values():
    with pytest.raises(AssertionError, match=r"expected 0.78, got 0.77"):
        check.slide(7 / 9, 0.78, "x", rounding="truncate")


def test_slide_shape_mismatch_is_a_value_error():
    with pytest.raises(ValueError, match=r"shape \(3,\).*shape \(2,\)"):
        check.slide([1, 2, 3], [1, 2], "outputs")


def test_unknown_rounding_is_rejected():
    with pytest.raises(ValueError, match="rounding must be one of"):
        check.to_slide_precision(1.0, 2, "floor")


def test_close_prints_tolerance_not_noise(capsys):
    check.close([1.0, 2.0], [1.0 + 1e-12, 2.0], "gradients", atol=1e-9)
    assert capsys.readouterr().out == "✓ gradients agree within 1e-09\n"
    with pytest.raises(AssertionError, match="largest difference 0.1 exceeds"):
        check.close([1.0], [1.1], "gradients", atol=1e-3)


def test_equal_formats_thousands(capsys):
    check.equal(392200, 392200, "connections")
    check.equal("O2", "O2", "prediction")
    assert capsys.readouterr().out == "✓ connections: 392,200\n✓ prediction: O2\n"
    with pytest.raises(AssertionError, match="expected 288, got 864"):
        check.equal(864, 288, "weights")


def test_less_prints_the_number_and_the_bound(capsys):
    check.less(3.1e-11, 1e-7, "relative error vs central differences")
    assert (
        capsys.readouterr().out
        == "✓ relative error vs central differences 3.1e-11 < 1e-07\n"
    )


def test_less_fails_with_both_numbers():
    with pytest.raises(AssertionError, match=r"✗ loss: 0.5 is not < 0.1"):
        check.less(0.5, 0.1, "loss")


def test_greater_prints_and_fails(capsys):
    check.greater(0.9745, 0.97, "test accuracy", digits=4)
    assert capsys.readouterr().out == "✓ test accuracy 0.9745 > 0.97\n"
    with pytest.raises(AssertionError, match="is not >"):
        check.greater(0.5, 0.97, "test accuracy")


def test_less_rejects_a_non_number_naming_itself():
    with pytest.raises((TypeError, ValueError), match="less"):
        check.less("small", 1.0, "x")
