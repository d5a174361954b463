"""2-D loss surfaces, their gradients, optimizer trajectories over them, and their
figures."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ipywidgets import fixed, interactive

from deepstep import descent, plot
from deepstep.nn import optimizers, schedules


def central_difference(f, p, h=1e-5):
    """Two-sided differences on each coordinate: an oracle independent of the surfaces'
    formulas."""
    out = np.zeros(2)
    for i in range(2):
        e = np.zeros(2)
        e[i] = h
        out[i] = (f(p + e) - f(p - e)) / (2 * h)
    return out


coordinate = st.floats(-3.0, 3.0, allow_nan=False)
SURFACES = {
    "valley": descent.quadratic_valley(),
    "turned valley": descent.quadratic_valley(7.0, angle=35.0, center=(1.0, -0.5)),
    "rosenbrock": descent.rosenbrock(),
    "gentle rosenbrock": descent.rosenbrock(a=2.0, b=10.0),
    "beale": descent.beale(),
}


@pytest.mark.parametrize("name", SURFACES)
@settings(max_examples=60, deadline=None)
@given(x=coordinate, y=coordinate)
def test_gradient_matches_central_differences(name, x, y):
    s = SURFACES[name]
    p = np.array([x, y])
    numeric = central_difference(s, p)
    # Relative to the gradient's size (Beale reaches 1e4 here), plus a floor for
    # near-zero slopes.
    np.testing.assert_allclose(s.gradient(p), numeric, rtol=1e-6, atol=1e-5)


@pytest.mark.parametrize("name", SURFACES)
def test_documented_minimum_has_zero_gradient_and_lowest_value(name):
    s = SURFACES[name]
    assert s(s.minimum) == pytest.approx(s.min_value, abs=1e-12)
    np.testing.assert_allclose(s.gradient(s.minimum), [0.0, 0.0], atol=1e-12)
    around = s.minimum + np.random.default_rng(0).normal(scale=0.05, size=(200, 2))
    assert np.all(s(around) > s.min_value)


def test_minima_are_where_the_docstrings_say():
    np.testing.assert_array_equal(descent.quadratic_valley().minimum, [0, 0])
    np.testing.assert_array_equal(
        descent.quadratic_valley(center=(2, -1)).minimum, [2, -1]
    )
    np.testing.assert_array_equal(descent.rosenbrock(a=2.0).minimum, [2, 4])
    np.testing.assert_array_equal(descent.beale().minimum, [3, 0.5])


def test_values_at_hand_computed_points():
    assert descent.rosenbrock()([0.0, 0.0]) == 1.0  # (1 - 0)² + 100·0
    assert descent.rosenbrock()([-1.0, 2.0]) == 4 + 100  # (1 + 1)² + 100·(2 - 1)²
    assert descent.beale()([0.0, 0.0]) == pytest.approx(1.5**2 + 2.25**2 + 2.625**2)
    assert descent.quadratic_valley(50)([2.0, 1.0]) == pytest.approx(0.5 * (4 + 50))
    # Turned by 90°, the steep axis lies along x: (1, 0) is then a point on the wall.
    assert descent.quadratic_valley(50, angle=90)([1.0, 0.0]) == pytest.approx(25.0)
    assert descent.quadratic_valley(50, angle=90)([0.0, 1.0]) == pytest.approx(0.5)
    # The floor runs at `angle` degrees through `center`: 2 units along it cost ½·2²,
    # across ½·50·2².
    s = descent.quadratic_valley(50, angle=30, center=(1.0, -1.0))
    along = np.array([np.cos(np.pi / 6), np.sin(np.pi / 6)])
    across = np.array([-along[1], along[0]])
    assert s([1.0, -1.0] + 2 * along) == pytest.approx(2.0)
    assert s([1.0, -1.0] + 2 * across) == pytest.approx(100.0)


def test_value_and_gradient_work_on_whole_grids():
    s = descent.beale()
    pts = np.random.default_rng(1).uniform(-2, 2, size=(4, 5, 2))
    values, grads = s(pts), s.gradient(pts)
    assert values.shape == (4, 5) and grads.shape == (4, 5, 2)
    assert values[2, 3] == pytest.approx(s(pts[2, 3]))
    np.testing.assert_allclose(grads[3, 1], s.gradient(pts[3, 1]))
    X, Y, Z = s.grid(30)
    assert X.shape == Y.shape == Z.shape == (30, 30)
    assert (X.min(), X.max(), Y.min(), Y.max()) == (*s.xlim, *s.ylim)
    assert Z[7, 11] == pytest.approx(s([X[7, 11], Y[7, 11]]))


def test_trajectory_of_plain_sgd_is_the_closed_form_gradient_descent():
    # On ½(x² + k·y²), w <- w - lr·∇L multiplies x by (1 - lr) and y by (1 - lr·k) each
    # step.
    k, lr, steps = 50.0, 0.025, 40
    s = descent.quadratic_valley(k)
    path = descent.trajectory(optimizers.SGD(lr), s, [-4.5, 1.5], steps)
    t = np.arange(steps + 1)
    expected = np.column_stack([-4.5 * (1 - lr) ** t, 1.5 * (1 - lr * k) ** t])
    np.testing.assert_allclose(path, expected, rtol=1e-12, atol=1e-15)


def test_trajectory_with_momentum_follows_the_heavy_ball_recurrence():
    s = descent.rosenbrock(b=10.0)
    lr, beta = 0.002, 0.9
    path = descent.trajectory(optimizers.SGD(lr, momentum=beta), s, s.start, 25)
    w, v = s.start.copy(), np.zeros(2)
    for t in range(1, 26):
        x, y = w
        grad = np.array([-2 * (1 - x) - 40 * x * (y - x * x), 20 * (y - x * x)])
        v = beta * v - lr * grad
        w = w + v
        np.testing.assert_allclose(path[t], w, rtol=1e-12)


def test_trajectory_shape_start_row_and_start_left_untouched():
    start = np.array([1.0, 1.0])
    path = descent.trajectory(optimizers.Adam(0.1), descent.beale(), start, 7)
    assert path.shape == (8, 2)
    np.testing.assert_array_equal(path[0], [1.0, 1.0])
    np.testing.assert_array_equal(start, [1.0, 1.0])
    assert not np.array_equal(path[1], path[0])
    assert descent.trajectory(optimizers.SGD(), descent.beale(), start, 0).shape == (
        1,
        2,
    )


def test_trajectory_uses_the_learning_rate_schedule():
    # StepDecay halves the rate after 2 steps: x shrinks by (1 - 0.5), (1 - 0.5), then
    # (1 - 0.25).
    s = descent.quadratic_valley(1.0)
    path = descent.trajectory(
        optimizers.SGD(schedules.StepDecay(0.5, 0.5, 2)), s, [1.0, 0.0], 3
    )
    np.testing.assert_allclose(path[:, 0], [1.0, 0.5, 0.25, 0.1875])


def test_divergence_raises_naming_optimizer_and_step_without_warnings():
    s = descent.quadratic_valley(50)
    # Above 2/50 = 0.04 each step multiplies y by |1 - 50·lr| > 1.
    with pytest.raises(descent.DivergedError, match=r"SGD diverged at step \d+ of 300"):
        descent.trajectory(optimizers.SGD(0.045), s, s.start, 300)
    # An update that overflows float64 is caught too, not turned into inf and NaN.
    with pytest.raises(descent.DivergedError, match="step 1 of 5"):
        descent.trajectory(optimizers.SGD(1e307), s, s.start, 5)
    with pytest.raises(descent.DivergedError, match=r"±10"):
        descent.trajectory(optimizers.SGD(0.045), s, s.start, 300, limit=10)
    # Just below the limit it converges.
    assert (
        np.abs(descent.trajectory(optimizers.SGD(0.039), s, s.start, 300)[-1]).max()
        < 1e-3
    )


def test_trajectory_rejects_bad_input():
    s = descent.quadratic_valley()
    with pytest.raises(
        TypeError, match="optimizer must be a deepstep.nn.optimizers optimizer"
    ):
        descent.trajectory("adam", s, s.start, 3)
    used = optimizers.SGD()
    descent.trajectory(used, s, s.start, 2)
    with pytest.raises(ValueError, match="must be fresh.*taken 2 steps"):
        descent.trajectory(used, s, s.start, 2)
    with pytest.raises(TypeError, match="surface must be a Surface"):
        descent.trajectory(optimizers.SGD(), lambda p: 0.0, s.start, 3)
    with pytest.raises(ValueError, match=r"start must have shape \(2\)"):
        descent.trajectory(optimizers.SGD(), s, [1.0, 2.0, 3.0], 3)
    with pytest.raises(ValueError, match="start contains NaN"):
        descent.trajectory(optimizers.SGD(), s, [np.nan, 0.0], 3)
    for steps in (-1, 2.5, True):
        with pytest.raises(ValueError, match="steps must be an int >= 0"):
            descent.trajectory(optimizers.SGD(), s, s.start, steps)
    with pytest.raises(ValueError, match="outside"):
        descent.trajectory(optimizers.SGD(), s, [1e7, 0.0], 3)


def test_surfaces_reject_bad_points_and_arguments():
    s = descent.rosenbrock()
    with pytest.raises(
        ValueError, match=r"rosenbrock.value: p must have shape \(2,\).*\(3,\)"
    ):
        s([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=r"rosenbrock.gradient: p must have shape"):
        s.gradient(1.0)
    with pytest.raises(TypeError, match="p must be numeric"):
        s("xy")
    with pytest.raises(ValueError, match="condition must be >= 1"):
        descent.quadratic_valley(0.5)
    with pytest.raises(ValueError, match="b must be > 0"):
        descent.rosenbrock(b=-1.0)
    with pytest.raises(ValueError, match=r"center must have shape \(2\)"):
        descent.quadratic_valley(center=(1.0,))
    with pytest.raises(ValueError, match="resolution must be an int >= 2"):
        s.grid(1)


@pytest.fixture
def race():
    s = descent.quadratic_valley()
    paths = {
        "SGD": descent.trajectory(optimizers.SGD(0.025), s, s.start, 20),
        "Adam": descent.trajectory(optimizers.Adam(0.1), s, s.start, 20),
    }
    return s, paths


def test_trajectories_draws_each_path_up_to_step(race):
    s, paths = race
    ax = plot.trajectories(s, paths, step=5).axes[0]
    lines = {ln.get_label(): ln for ln in ax.get_lines()}
    assert len(lines["SGD"].get_xdata()) == 6 and len(lines["Adam"].get_xdata()) == 6
    np.testing.assert_allclose(lines["Adam"].get_ydata(), paths["Adam"][:6, 1])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "minimum",
        "SGD",
        "Adam",
    ]
    assert ax.get_title().endswith("after 5 steps")
    squares = [ln for ln in ax.get_lines() if ln.get_marker() == "s"]
    assert len(squares) == 1 and list(squares[0].get_xydata()[0]) == list(s.start)
    full = plot.trajectories(s, paths).axes[0]
    assert len({ln.get_label(): ln for ln in full.get_lines()}["SGD"].get_xdata()) == 21


def test_surface_losses_plots_loss_above_minimum_per_step(race):
    s, paths = race
    ax = plot.surface_losses(s, paths, step=3).axes[0]
    sgd = next(ln for ln in ax.get_lines() if ln.get_label() == "SGD")
    np.testing.assert_allclose(sgd.get_ydata(), np.maximum(s(paths["SGD"]), 1e-12))
    assert ax.get_yscale() == "log"
    assert any(
        list(ln.get_xdata()) == [3, 3] for ln in ax.get_lines()
    )  # the step marker


def test_plots_reject_bad_paths_and_steps(race):
    s, paths = race
    with pytest.raises(ValueError, match=r"step must be an int in \[0, 20\]"):
        plot.trajectories(s, paths, step=21)
    with pytest.raises(ValueError, match="non-empty dict"):
        plot.surface_losses(s, {})
    with pytest.raises(
        ValueError, match=r"paths\['bad'\] must have shape \(steps \+ 1, 2\)"
    ):
        plot.surface_losses(s, {"bad": np.zeros((4, 3))})


def test_comparison_has_both_panels_and_one_shared_legend(race):
    s, paths = race
    fig = plot.comparison(s, paths, step=10)
    assert len(fig.axes) == 2 and fig.axes[1].get_yscale() == "log"
    assert [t.get_text() for t in fig.legends[0].get_texts()] == [
        "minimum",
        "SGD",
        "Adam",
    ]


def test_widget_callback_redraws_when_the_step_slider_moves(race):
    s, paths = race
    w = interactive(
        plot.draw_comparison, step=(0, 20), surface=fixed(s), paths=fixed(paths)
    )
    slider = next(c for c in w.children if getattr(c, "description", "") == "step")
    plt.close("all")
    slider.value = 7  # moving the slider calls draw_comparison again
    assert plt.gcf().axes[0].get_title().endswith("after 7 steps")


def test_widget_callback_pauses_after_showing_the_figure(race, monkeypatch):
    # The pause keeps `nbconvert --execute` from stalling (jupyter/nbclient#312); it
    # must come after the figure is shown, or it does not help.
    events = []
    monkeypatch.setattr(plt, "show", lambda: events.append("show"))
    monkeypatch.setattr(
        "deepstep.plot.descent.time.sleep", lambda s: events.append(("sleep", s))
    )
    plot.draw_comparison(3, *race)
    assert events == ["show", ("sleep", 0.05)]
