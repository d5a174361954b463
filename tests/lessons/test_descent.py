"""Gradient descent against closed forms, the three batch sizes against hand-written
loops."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ipywidgets import interactive

from deepstep import descent, plot
from deepstep.nn.gradcheck import numerical_gradient, relative_error


@pytest.fixture
def line_data():
    rng = np.random.default_rng(1)
    x = rng.uniform(-1, 1, 20)
    return x, 2 * x + 1 + rng.normal(0, 0.3, 20)


# ---------------------------------------------------------------- the quadratic bowl


def test_quadratic_value_and_gradient_by_hand():
    bowl = descent.Quadratic([1.0, 10.0], [3.0, -1.0])
    # 1·(1 - 3)² + 10·(0 + 1)² = 4 + 10
    assert bowl([1.0, 0.0]) == 14.0
    np.testing.assert_array_equal(
        bowl.gradient([1.0, 0.0]), [2 * 1 * (1 - 3), 2 * 10 * (0 + 1)]
    )
    grid = np.array([[[1.0, 0.0], [3.0, -1.0]]])  # (1, 2, 2): a grid of two points
    np.testing.assert_array_equal(bowl(grid), [[14.0, 0.0]])


@given(
    a=st.lists(st.floats(0.1, 10), min_size=1, max_size=4),
    seed=st.integers(0, 2**16),
)
@settings(max_examples=30, deadline=None)
def test_quadratic_gradient_matches_central_differences(a, seed):
    rng = np.random.default_rng(seed)
    bowl = descent.Quadratic(a, rng.normal(size=len(a)))
    w = rng.normal(size=len(a))
    numeric = numerical_gradient(lambda v: bowl(v), w)
    assert relative_error(bowl.gradient(w), numeric) < 1e-7


def test_one_dimensional_bowl_takes_plain_numbers():
    bowl = descent.Quadratic(1.0, 3.0)
    assert bowl(5.0) == 4.0
    np.testing.assert_array_equal(bowl(np.array([1.0, 3.0, 6.0])), [4.0, 0.0, 9.0])
    np.testing.assert_array_equal(bowl.gradient(5.0), [4.0])


def test_quadratic_rejects_bad_shapes_and_flat_axes():
    with pytest.raises(
        ValueError, match="curvature and center must have the same shape"
    ):
        descent.Quadratic([1.0, 2.0], [0.0])
    with pytest.raises(ValueError, match=r"curvature must be > 0 on every axis"):
        descent.Quadratic([1.0, 0.0], [0.0, 0.0])
    with pytest.raises(
        ValueError, match=r"w must have shape \(\.\.\., 2\).*got \(3,\)"
    ):
        descent.Quadratic([1.0, 2.0], [0.0, 0.0])([1.0, 2.0, 3.0])


# ---------------------------------------------------------------- gradient_descent


@pytest.mark.parametrize("lr", [0.01, 0.1, 0.3, 0.5, 0.9])
def test_path_on_parabola_matches_closed_form(lr):
    # L = (w - 3)²: w_k = 3 + (1 - 2η)^k (w_0 - 3)
    bowl = descent.Quadratic(1.0, 3.0)
    path = descent.gradient_descent(bowl.gradient, -1.0, lr, 25)
    k = np.arange(26)
    assert path.shape == (26, 1)
    np.testing.assert_allclose(
        path[:, 0], 3 + (1 - 2 * lr) ** k * (-1 - 3), rtol=0, atol=1e-12
    )


def test_learning_rate_above_one_diverges_on_parabola():
    bowl = descent.Quadratic(1.0, 3.0)
    path = descent.gradient_descent(bowl.gradient, -1.0, 1.1, 20)[:, 0]
    distance = np.abs(path - 3)
    np.testing.assert_allclose(distance, 4 * 1.2 ** np.arange(21), rtol=1e-12)
    assert descent.regime(bowl(path)) == "diverges"


def test_two_dimensional_path_moves_each_axis_by_its_own_factor():
    bowl = descent.Quadratic([0.5, 5.0], [1.0, -2.0])
    start, lr = np.array([-4.0, 1.0]), 0.15
    path = descent.gradient_descent(bowl.gradient, start, lr, 12)
    factors = 1 - 2 * bowl.curvature * lr  # 0.85 and -0.5
    expected = bowl.center + factors ** np.arange(13)[:, None] * (start - bowl.center)
    np.testing.assert_allclose(path, expected, atol=1e-12)


def test_zero_steps_returns_only_the_start_and_start_is_not_modified():
    start = np.array([1.0, 2.0])
    path = descent.gradient_descent(lambda w: 2 * w, start, 0.1, 0)
    np.testing.assert_array_equal(path, [[1.0, 2.0]])
    descent.gradient_descent(
        lambda w: w.__isub__(1.0), start, 0.1, 3
    )  # a gradient that mutates
    np.testing.assert_array_equal(start, [1.0, 2.0])


def test_huge_learning_rate_overflows_quietly_to_non_finite():
    bowl = descent.Quadratic(1.0, 3.0)
    with np.errstate(all="raise"):  # would raise if the overflow escaped
        path = descent.gradient_descent(bowl.gradient, -1.0, 1e150, 10)
    assert not np.isfinite(path[-1]).all()
    assert descent.regime(bowl(path)) == "diverges"


def test_gradient_descent_rejects_bad_input():
    with pytest.raises(ValueError, match="learning_rate must be > 0; got -0.1"):
        descent.gradient_descent(lambda w: w, 1.0, -0.1, 5)
    with pytest.raises(TypeError, match="steps must be an int; got float 2.5"):
        descent.gradient_descent(lambda w: w, 1.0, 0.1, 2.5)
    with pytest.raises(ValueError, match="steps must be >= 0; got -1"):
        descent.gradient_descent(lambda w: w, 1.0, 0.1, -1)
    with pytest.raises(
        ValueError, match=r"start must be 0-D or 1-D; got shape \(1, 2\)"
    ):
        descent.gradient_descent(lambda w: w, [[1.0, 2.0]], 0.1, 5)
    with pytest.raises(
        ValueError, match=r"gradient must return shape \(2,\).*got \(3,\)"
    ):
        descent.gradient_descent(lambda w: np.ones(3), [1.0, 2.0], 0.1, 5)


def test_regime_names_each_outcome():
    assert descent.regime([16.0, 7.1]) == "crawls"
    assert descent.regime([16.0, 0.16]) == "converges"  # exactly 99 % down
    assert descent.regime([16.0, 0.17]) == "crawls"
    assert descent.regime([16.0, 17.0]) == "diverges"
    assert descent.regime([16.0, np.nan]) == "diverges"
    with pytest.raises(ValueError, match="at least 2 values"):
        descent.regime([1.0])


def test_regime_names_a_slow_zig_zag_oscillates_not_crawls():
    bowl = descent.Quadratic(1.0, 3.0)
    path = descent.gradient_descent(bowl.gradient, -1.0, 0.999, 20)
    losses = bowl(path)
    assert np.all(np.diff(np.sign(path[:, 0] - 3.0)) != 0)  # w crosses 3 at every step
    assert descent.regime(losses, factor=-0.998) == "oscillates"
    assert descent.regime(losses) == "crawls"  # the losses alone cannot tell
    assert descent.regime(losses, factor=0.998) == "crawls"
    assert descent.regime([16.0, 0.1], factor=-0.5) == "converges"
    assert descent.regime([16.0, 17.0], factor=-1.002) == "diverges"
    with pytest.raises(TypeError, match="factor"):
        descent.regime(losses, factor="small")


def test_learning_rate_figure_titles_a_rate_near_one_as_oscillating():
    fig = plot.learning_rate_figure([0.3, 0.999])
    assert fig.axes[1].get_title().startswith("η = 0.999: oscillates")


# ---------------------------------------------------------------- linear regression


def batch_gd_by_hand(x, y, lr, epochs):
    w = b = 0.0
    for _ in range(epochs):
        residual = w * x + b - y
        w, b = w - lr * 2 * np.mean(residual * x), b - lr * 2 * np.mean(residual)
    return w, b


def test_batch_size_n_is_batch_gradient_descent(line_data):
    x, y = line_data
    run = descent.linear_regression_gd(
        x, y, batch_size=20, learning_rate=0.2, epochs=15
    )
    assert run.updates == 15 and run.updates_per_epoch == 1
    np.testing.assert_allclose(
        run.params[-1], batch_gd_by_hand(x, y, 0.2, 15), atol=1e-12
    )
    w, b = run.params[7]
    np.testing.assert_allclose(run.losses[7], np.mean((w * x + b - y) ** 2), atol=1e-14)


def test_batch_gradient_descent_reaches_the_least_squares_fit(line_data):
    x, y = line_data
    run = descent.linear_regression_gd(
        x, y, batch_size=20, learning_rate=0.3, epochs=500
    )
    np.testing.assert_allclose(run.params[-1], np.polyfit(x, y, 1), atol=1e-8)
    assert np.all(np.diff(run.losses) <= 1e-15)  # a small enough step never goes uphill


def test_sgd_makes_one_update_per_sample_in_the_seeded_order(line_data):
    x, y = line_data
    run = descent.linear_regression_gd(
        x, y, batch_size=1, learning_rate=0.05, epochs=2, seed=7
    )
    assert run.updates == 40 and run.updates_per_epoch == 20
    rng, w, b = np.random.default_rng(7), 0.0, 0.0
    for _ in range(2):
        for i in rng.permutation(20):
            error = w * x[i] + b - y[i]
            w, b = w - 0.05 * 2 * error * x[i], b - 0.05 * 2 * error
    np.testing.assert_allclose(run.params[-1], [w, b], atol=1e-12)


def test_mini_batches_cover_every_sample_once_per_epoch_with_a_short_last_batch(
    line_data,
):
    x, y = line_data
    run = descent.linear_regression_gd(
        x, y, batch_size=8, learning_rate=0.1, epochs=3, seed=3
    )
    assert run.updates_per_epoch == 3 and run.updates == 9  # batches of 8, 8 and 4
    assert run.epoch_losses.shape == (4,)
    np.testing.assert_array_equal(run.epochs[[0, 3, 9]], [0.0, 1.0, 3.0])
    # The same batches by hand: the gradient of a batch is the mean over its samples.
    rng, w, b = np.random.default_rng(3), 0.0, 0.0
    for _ in range(3):
        order = rng.permutation(20)
        for batch in (order[:8], order[8:16], order[16:]):
            r = w * x[batch] + b - y[batch]
            w, b = w - 0.1 * 2 * np.mean(r * x[batch]), b - 0.1 * 2 * np.mean(r)
    np.testing.assert_allclose(run.params[-1], [w, b], atol=1e-12)


def test_same_seed_same_run_other_seed_other_run(line_data):
    x, y = line_data
    a, b, c = (
        descent.linear_regression_gd(
            x, y, batch_size=4, learning_rate=0.1, epochs=2, seed=s
        )
        for s in (0, 0, 1)
    )
    np.testing.assert_array_equal(a.params, b.params)
    assert not np.array_equal(a.params, c.params)


def test_linear_regression_gd_rejects_bad_input(line_data):
    x, y = line_data
    kw = dict(batch_size=4, learning_rate=0.1, epochs=2)
    with pytest.raises(ValueError, match=r"same length; got \(20,\) and \(19,\)"):
        descent.linear_regression_gd(x, y[:-1], **kw)
    with pytest.raises(
        ValueError, match="batch_size must be <= the 20 samples; got 21"
    ):
        descent.linear_regression_gd(x, y, **{**kw, "batch_size": 21})
    with pytest.raises(TypeError, match="batch_size must be an int; got float 4.0"):
        descent.linear_regression_gd(x, y, **{**kw, "batch_size": 4.0})
    with pytest.raises(ValueError, match="epochs must be >= 1; got 0"):
        descent.linear_regression_gd(x, y, **{**kw, "epochs": 0})
    with pytest.raises(ValueError, match="learning_rate must be finite"):
        descent.linear_regression_gd(x, y, **{**kw, "learning_rate": float("inf")})
    with pytest.raises(ValueError, match=r"x must be 1-D; got shape \(20, 1\)"):
        descent.linear_regression_gd(x[:, None], y, **kw)


# ---------------------------------------------------------------- figures and the
# widget


def test_learning_rate_figure_titles_name_each_regime():
    fig = plot.learning_rate_figure([0.01, 0.3, 1.1], steps=20)
    titles = [ax.get_title() for ax in fig.axes]
    assert (
        titles[0].startswith("η = 0.01: crawls") and "factor 1 − 2η = 0.98" in titles[0]
    )
    assert titles[1].startswith("η = 0.3: converges")
    assert titles[2].startswith("η = 1.1: diverges") and "-1.20" in titles[2]
    loss_lines = fig.axes[3].get_lines()
    assert len(loss_lines) == 3 and fig.axes[3].get_yscale() == "log"
    np.testing.assert_allclose(loss_lines[2].get_ydata()[-1], 16 * 1.2**40, rtol=1e-12)


def test_learning_rate_figure_rejects_a_bare_number():
    with pytest.raises(ValueError, match="non-empty list"):
        plot.learning_rate_figure(0.3)


def test_widget_callback_redraws_when_the_slider_moves():
    w = interactive(
        plot.draw_learning_rate, learning_rate=(0.01, 1.2, 0.01), steps=(1, 40)
    )
    sliders = {c.description: c for c in w.children if hasattr(c, "description")}
    plt.close("all")
    sliders["learning_rate"].value = 1.1
    assert plt.gcf().axes[0].get_title().startswith("η = 1.1: diverges")
    sliders["learning_rate"].value = 0.02
    sliders["steps"].value = 5
    assert "crawls" in plt.gcf().axes[0].get_title()
    assert len(plt.gcf().axes[1].get_lines()[0].get_ydata()) == 6


def test_contour_paths_draws_every_path_and_the_minimum():
    bowl = descent.Quadratic([0.5, 5.0], [0.0, 0.0])
    paths = {
        f"η = {lr}": descent.gradient_descent(bowl.gradient, [-4.0, 1.5], lr, 10)
        for lr in (0.05, 0.18)
    }
    fig = plot.contour_paths(bowl, paths)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["η = 0.05", "η = 0.18", "minimum"]
    np.testing.assert_array_equal(ax.get_lines()[1].get_xydata(), paths["η = 0.18"])
    x0, x1 = ax.get_xlim()
    assert x0 < -4.0 and x1 > 0.0


def test_contour_paths_rejects_wrong_dimensions():
    with pytest.raises(ValueError, match="bowl must be 2-D"):
        plot.contour_paths(descent.Quadratic(1.0, 0.0), {"a": np.zeros((3, 1))})
    with pytest.raises(
        ValueError, match=r"paths\['a'\] must have shape \(steps \+ 1, 2\)"
    ):
        plot.contour_paths(
            descent.Quadratic([1.0, 1.0], [0.0, 0.0]), {"a": np.zeros((3, 3))}
        )


def test_loss_curves_plot_each_run_against_epochs_and_updates(line_data):
    x, y = line_data
    runs = {
        f"batch {b}": descent.linear_regression_gd(
            x, y, batch_size=b, learning_rate=0.1, epochs=3
        )
        for b in (20, 1)
    }
    fig = plot.loss_curves(runs, minimum=0.05)
    by_epoch, by_update = fig.axes
    sgd = by_epoch.get_lines()[1]
    assert sgd.get_xdata()[-1] == 3.0 and len(sgd.get_xdata()) == 61
    assert by_update.get_lines()[1].get_xdata()[-1] == 60  # the 60th update
    assert [t.get_text() for t in by_epoch.get_legend().get_texts()] == [
        "batch 20",
        "batch 1",
        "least-squares minimum",
    ]
    with pytest.raises(TypeError, match=r"runs\['bad'\] must be a RegressionRun"):
        plot.loss_curves({"bad": np.zeros(3)})


def test_learning_rate_figure_wraps_onto_two_rows_and_hides_spare_panels():
    fig = plot.learning_rate_figure([0.1, 0.9], steps=5)
    visible = [ax for ax in fig.axes if ax.axison]
    assert len(fig.axes) == 4 and len(visible) == 3
    assert visible[-1].get_title() == "loss after each step"
    assert len(plot.learning_rate_figure([0.1]).axes) == 2  # the widget's one row


def test_learning_rate_figure_checks_its_arguments_before_drawing():
    with pytest.raises(ValueError, match="learning_rate must be > 0; got 0.0"):
        plot.learning_rate_figure([0.1, 0.0])
    assert plt.get_fignums() == []
