"""Maxout, DropConnect and annealed dropout (notebook 10): loops, formulas, central
differences and statistics as oracles; each check also shown failing on a wrong
input."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deepstep import dropout_variants as dv
from deepstep.nn.activations import relu
from deepstep.nn.gradcheck import numerical_gradient


def layer(rng, n, d, u, k):
    return rng.normal(size=(n, d)), rng.normal(size=(d, u, k)), rng.normal(size=(u, k))


def maxout_by_loops(x, kernel, bias):
    n, (d, u, k) = len(x), kernel.shape
    out = np.empty((n, u))
    for i in range(n):
        for j in range(u):
            out[i, j] = max(sum(x[i, a] * kernel[a, j, p] for a in range(d))
                            + bias[j, p] for p in range(k))  # fmt: skip
    return out


# -- maxout ----------------------------------------------------------------------------
@settings(max_examples=30, deadline=None)
@given(
    n=st.integers(1, 4), d=st.integers(1, 4), u=st.integers(1, 4), k=st.integers(1, 4),
    seed=st.integers(0, 2**16),
)  # fmt: skip
def test_maxout_forward_matches_explicit_loops_over_units_and_pieces(n, d, u, k, seed):
    x, kernel, bias = layer(np.random.default_rng(seed), n, d, u, k)
    np.testing.assert_allclose(
        dv.maxout_forward(x, kernel, bias), maxout_by_loops(x, kernel, bias), atol=1e-12
    )


def test_maxout_with_a_zero_piece_is_relu_and_with_a_negated_piece_is_abs():
    rng = np.random.default_rng(0)
    x, w, b = rng.normal(size=(50, 5)), rng.normal(size=(5, 3)), rng.normal(size=3)
    relu_out = dv.maxout_forward(
        x, np.stack([w, np.zeros_like(w)], 2), np.stack([b, np.zeros_like(b)], 1)
    )
    abs_out = dv.maxout_forward(x, np.stack([w, -w], 2), np.stack([b, -b], 1))
    np.testing.assert_allclose(relu_out, relu(x @ w + b), atol=1e-12)
    np.testing.assert_allclose(abs_out, np.abs(x @ w + b), atol=1e-12)
    assert np.abs(relu_out - np.abs(x @ w + b)).max() > 0.1  # the two are told apart


def test_maxout_backward_matches_central_differences():
    rng = np.random.default_rng(1)
    x, kernel, bias = layer(rng, 4, 3, 2, 3)
    upstream = rng.normal(size=(4, 2))

    def loss():
        return float(np.sum(dv.maxout_forward(x, kernel, bias) * upstream))

    dx, dkernel, dbias = dv.maxout_backward(x, kernel, bias, upstream)
    for analytic, value in ((dx, x), (dkernel, kernel), (dbias, bias)):
        numeric = numerical_gradient(lambda _: loss(), value, h=1e-5)
        np.testing.assert_allclose(analytic, numeric, atol=1e-8)


def test_maxout_backward_sends_the_gradient_only_to_the_winning_piece():
    x, kernel = np.array([[1.0]]), np.array([[[2.0, -1.0, 0.5]]])  # pieces 2, -1, 0.5
    _, dkernel, dbias = dv.maxout_backward(
        x, kernel, np.zeros((1, 3)), np.array([[3.0]])
    )
    np.testing.assert_array_equal(dbias, [[3.0, 0.0, 0.0]])
    np.testing.assert_array_equal(dkernel, [[[3.0, 0.0, 0.0]]])


@pytest.mark.parametrize("k", [2, 3, 5, 8, 15])
def test_tangent_pieces_approach_x_squared_from_below_with_error_h_squared_over_4(k):
    points = np.linspace(-2, 2, k)
    kernel, bias = dv.tangent_pieces(np.square, lambda c: 2 * c, points)
    x = np.linspace(-2, 2, 4201)[:, None]  # holds every midpoint
    gap = x[:, 0] ** 2 - dv.maxout_forward(x, kernel, bias)[:, 0]
    assert gap.min() >= -1e-12  # never above the convex function
    assert gap.max() == pytest.approx((4 / (k - 1)) ** 2 / 4, abs=1e-12)


def test_tangent_pieces_of_exp_touch_it_at_the_points():
    points = np.array([-1.0, 0.0, 1.5])
    kernel, bias = dv.tangent_pieces(np.exp, np.exp, points)
    np.testing.assert_allclose(dv.maxout_forward(points[:, None], kernel, bias)[:, 0],
                               np.exp(points), atol=1e-12)  # fmt: skip


def test_maxout_rejects_mismatched_shapes_naming_the_argument():
    x, kernel, bias = layer(np.random.default_rng(2), 3, 4, 2, 3)
    with pytest.raises(
        ValueError, match=r"maxout_forward: kernel must be \(D, U, k\) with D = "
    ):
        dv.maxout_forward(x, kernel[:3], bias)
    with pytest.raises(
        ValueError, match=r"maxout_forward: bias must be \(U, k\) = \(2, 3\)"
    ):
        dv.maxout_forward(x, kernel, bias.T)
    with pytest.raises(ValueError, match="maxout_forward: kernel must be 3-D"):
        dv.maxout_forward(x, kernel[:, :, 0], bias)
    with pytest.raises(ValueError, match=r"maxout_backward: grad_out must be \(N, U\)"):
        dv.maxout_backward(x, kernel, bias, np.ones((3, 3)))
    with pytest.raises(
        ValueError, match="tangent_pieces: points must hold at least one point"
    ):
        dv.tangent_pieces(np.square, np.square, [])


# -- DropConnect -----------------------------------------------------------------------
def z_scores(outputs, expected):
    return (outputs.mean(axis=0) - expected) / (
        outputs.std(axis=0, ddof=1) / np.sqrt(len(outputs))
    )


@pytest.mark.parametrize("rate", [0.2, 0.5, 0.8])
def test_dropconnect_keeps_a_share_one_minus_rate_of_the_weights(rate):
    x, kernel = np.ones((200, 10)), np.ones((10, 25))  # 50,000 weights drawn
    _, masks = dv.dropconnect_forward(x, kernel, rate, seed=3)
    assert abs(masks.mean() - (1 - rate)) < 5 * np.sqrt(rate * (1 - rate) / masks.size)


def test_dropconnect_mean_output_is_keep_probability_times_the_full_output():
    rng = np.random.default_rng(4)
    x, kernel = rng.uniform(0, 2, size=(1, 5)), rng.normal(size=(5, 3))
    outputs, _ = dv.dropconnect_forward(
        np.repeat(x, 20_000, axis=0), kernel, 0.5, seed=5
    )
    assert np.abs(z_scores(outputs, 0.5 * x[0] @ kernel)).max() < 4
    # the same check fails for the full output and for survivors rescaled by 1 / (1 - p)
    assert np.abs(z_scores(outputs, x[0] @ kernel)).max() > 20
    assert np.abs(z_scores(2 * outputs, 0.5 * x[0] @ kernel)).max() > 20


def test_dropconnect_output_is_each_example_times_its_own_masked_kernel():
    rng = np.random.default_rng(6)
    x, kernel = rng.normal(size=(4, 3)), rng.normal(size=(3, 2))
    out, masks = dv.dropconnect_forward(x, kernel, 0.5, seed=7)
    for n in range(4):
        np.testing.assert_allclose(out[n], x[n] @ (kernel * masks[n]), atol=1e-12)
    assert len({m.tobytes() for m in masks}) > 1  # a fresh mask per example
    expected = np.random.default_rng(7).random((4, 3, 2)) >= 0.5  # the documented draw
    np.testing.assert_array_equal(masks, expected)
    again, _ = dv.dropconnect_forward(x, kernel, 0.5, seed=7)
    np.testing.assert_array_equal(out, again)


def test_dropconnect_with_rate_zero_is_the_dense_pre_activation():
    rng = np.random.default_rng(8)
    x, kernel = rng.normal(size=(5, 4)), rng.normal(size=(4, 3))
    np.testing.assert_allclose(dv.dropconnect_forward(x, kernel, 0.0, 0)[0], x @ kernel)


def test_dropout_of_the_inputs_is_dropconnect_with_whole_rows_masked():
    rng = np.random.default_rng(9)
    x, kernel = rng.normal(size=(6, 4)), rng.normal(size=(4, 3))
    keep = (rng.random((6, 4)) >= 0.5).astype(float)
    rows = dv.dropout_as_weight_mask(keep, 3)
    np.testing.assert_allclose(
        np.einsum("nd,ndu->nu", x, rows * kernel), (x * keep) @ kernel
    )
    assert all(np.all(r == r[:, :1]) for r in rows)  # every row all kept or all dropped


def test_dropconnect_rejects_bad_arguments_naming_them():
    x, kernel = np.ones((2, 3)), np.ones((3, 4))
    with pytest.raises(
        ValueError, match=r"dropconnect_forward: rate must be in \[0, 1\)"
    ):
        dv.dropconnect_forward(x, kernel, 1.0, 0)
    with pytest.raises(
        ValueError, match=r"dropconnect_forward: kernel must be \(D, U\)"
    ):
        dv.dropconnect_forward(x, kernel.T, 0.5, 0)
    with pytest.raises(
        ValueError, match="dropconnect_forward: seed must be an int >= 0"
    ):
        dv.dropconnect_forward(x, kernel, 0.5, -1)
    with pytest.raises(
        ValueError, match="dropout_as_weight_mask: keep_inputs must hold only"
    ):
        dv.dropout_as_weight_mask(np.full((2, 3), 0.5), 4)


# -- annealed dropout ------------------------------------------------------------------
def test_annealed_rate_falls_linearly_to_zero_and_stays_there():
    rates = [dv.annealed_dropout_rate(t, 0.5, 10) for t in range(15)]
    np.testing.assert_allclose(
        rates, np.interp(range(15), [0, 10], [0.5, 0.0]), atol=1e-15
    )
    assert (
        rates[0] == 0.5 and rates[5] == pytest.approx(0.25) and rates[10:] == [0.0] * 5
    )


def test_annealed_rate_rejects_bad_arguments():
    with pytest.raises(
        ValueError, match="annealed_dropout_rate: epoch must be an int >= 0"
    ):
        dv.annealed_dropout_rate(-1, 0.5, 10)
    with pytest.raises(
        ValueError, match="annealed_dropout_rate: anneal_epochs must be a posi"
    ):
        dv.annealed_dropout_rate(0, 0.5, 0)
    with pytest.raises(
        ValueError, match=r"annealed_dropout_rate: rate must be in \[0, 1\)"
    ):
        dv.annealed_dropout_rate(0, 1.5, 10)
