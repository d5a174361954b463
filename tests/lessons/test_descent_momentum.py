"""SGD with momentum at its stability edge on the valley (notebook 05's sliders) and its
figure."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from ipywidgets import FloatSlider, fixed, interactive

from deepstep import descent, plot
from deepstep.nn import optimizers


def spectral_radius(lam, eta, mu):
    """Largest |eigenvalue| of heavy ball's linear map (x, x_prev) on one
    eigen-direction."""
    step = np.array([[1 + mu - eta * lam, -mu], [1.0, 0.0]])
    return np.abs(np.linalg.eigvals(step)).max()


@pytest.fixture
def valley():
    return descent.quadratic_valley(condition=50)


def test_hessian_of_a_turned_valley_is_its_rotated_diagonal():
    a = np.radians(35)
    turn = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
    s = descent.quadratic_valley(7.0, angle=35.0, center=(1.0, -0.5))
    expected = turn @ np.diag([1.0, 7.0]) @ turn.T
    np.testing.assert_allclose(descent.hessian(s), expected, atol=1e-9)
    np.testing.assert_allclose(descent.hessian(s, (2.0, 2.0)), expected, atol=1e-9)
    assert not np.allclose(descent.hessian(s), np.diag([1.0, 7.0]), atol=0.1)


@pytest.mark.parametrize("mu", [0.0, 0.5, 0.9])
def test_stability_edge_is_where_the_spectral_radius_crosses_one(valley, mu):
    edge = descent.stability_edge(valley, mu)
    assert edge == pytest.approx(2 * (1 + mu) / 50, rel=1e-9)
    assert (
        spectral_radius(50, 0.99 * edge, mu) < 1 < spectral_radius(50, 1.01 * edge, mu)
    )
    assert (
        not spectral_radius(50, 1.2 * edge, mu) < 1
    )  # a wrong edge 20 % high would fail


def test_stability_edge_rejects_momentum_of_one_or_more(valley):
    with pytest.raises(
        ValueError, match=r"stability_edge: momentum must be in \[0, 1\); got 1"
    ):
        descent.stability_edge(valley, 1.0)


@pytest.mark.parametrize("lr, mu", [(0.025, 0.0), (0.025, 0.9), (0.07, 0.9)])
def test_heavy_ball_follows_the_library_sgd_with_momentum(valley, lr, mu):
    run = descent.heavy_ball(valley, lr, mu, steps=60)
    oracle = descent.trajectory(
        optimizers.SGD(lr, momentum=mu), valley, valley.start, 60
    )
    np.testing.assert_allclose(run.path, oracle, atol=1e-12)
    np.testing.assert_allclose(run.losses, valley(oracle), atol=1e-10)


@pytest.mark.parametrize("mu", [0.0, 0.9])
def test_heavy_ball_diverges_just_above_its_edge_and_not_just_below(valley, mu):
    edge = descent.stability_edge(valley, mu)
    below = descent.heavy_ball(valley, 0.95 * edge, mu, 150)
    above = descent.heavy_ball(valley, 1.1 * edge, mu, 150)
    assert below.diverged_at is None and below.losses[-1] < below.losses[0]
    assert above.diverged_at is not None and above.verdict.startswith(
        "diverges at step"
    )
    assert (
        len(above.path) == above.diverged_at
    )  # ends at the last point inside the limit
    assert np.abs(above.path).max() <= 1e3


def test_a_slow_divergence_still_inside_the_limit_is_called_divergence(valley):
    run = descent.heavy_ball(valley, 1.01 * descent.stability_edge(valley), 0.0, 150)
    assert run.diverged_at is None and run.verdict.startswith("diverges: L grew")


def test_overshoot_is_how_far_x_runs_past_the_minimum_along_the_floor(valley):
    # The valley's floor is the x axis and the start has x = -4.5 < 0: the overshoot is
    # max x.
    swinging = descent.heavy_ball(valley, 0.025, 0.9, 150)
    assert swinging.overshoot == pytest.approx(swinging.path[:, 0].max(), abs=1e-12)
    assert swinging.overshoot > 1 and "overshoots the minimum by" in swinging.verdict
    plain = descent.heavy_ball(valley, 0.025, 0.0, 150)  # x shrinks by 0.975 each step
    assert plain.overshoot == 0 and plain.verdict == "converges without overshooting"
    assert (plain.path[:, 0] < 0).all()


def test_heavy_ball_rejects_bad_settings(valley):
    with pytest.raises(ValueError, match="heavy_ball: learning_rate must be > 0"):
        descent.heavy_ball(valley, 0.0)
    with pytest.raises(ValueError, match=r"heavy_ball: momentum must be in \[0, 1\)"):
        descent.heavy_ball(valley, 0.01, -0.1)
    with pytest.raises(TypeError, match="heavy_ball: surface must be a Surface"):
        descent.heavy_ball("valley", 0.01)


def test_momentum_figure_titles_each_run_with_its_edge_and_verdict(valley):
    fig = plot.momentum_figure(valley, [(0.038, 0.0), (0.042, 0.0), (0.025, 0.9)])
    titles = [ax.get_title() for ax in fig.axes]
    assert titles[0].startswith("γ = 0.038 (0.95 × edge 0.04), μ = 0")
    assert "converges" in titles[0] and "diverges at step" in titles[1]
    assert "overshoots the minimum by 1.54" in titles[2]
    assert fig.axes[3].get_yscale() == "log" and len(fig.axes[3].get_lines()) == 3
    assert "2/λmax = 0.04" in plot.alt_text(fig)


def test_momentum_figure_rejects_a_setting_that_is_not_a_pair(valley):
    with pytest.raises(ValueError, match=r"settings\[1\] must be a pair"):
        plot.momentum_figure(valley, [(0.01, 0.0), (0.01, 0.5, 3)])


def test_momentum_widget_redraws_when_a_slider_moves(valley):
    style = {"description_width": "initial"}
    w = interactive(
        plot.draw_momentum,
        learning_rate=FloatSlider(0.02, min=0.001, max=0.1, step=0.001, style=style),
        momentum=FloatSlider(0.0, min=0.0, max=0.99, step=0.01, style=style),
        surface=fixed(valley),
    )
    sliders = {c.description: c for c in w.children if hasattr(c, "description")}
    plt.close("all")
    sliders[
        "learning_rate"
    ].value = 0.042  # moving the slider calls draw_momentum again
    assert "diverges" in plt.gcf().axes[0].get_title()
    sliders["momentum"].value = 0.9  # the edge moves up to 0.076: 0.042 is stable again
    assert "overshoots" in plt.gcf().axes[0].get_title()
