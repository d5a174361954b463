"""plot.interact, driven headlessly: build it, move the controls, read the layout."""

import pytest
from ipywidgets import Dropdown, FloatSlider, IntSlider, fixed

from deepstep import plot
from deepstep.plot import widgets


def test_interact_runs_the_callback_now_and_when_a_control_moves():
    calls = []

    def draw(learning_rate, steps, gate, data):
        calls.append((learning_rate, steps, gate, data))

    steps = IntSlider(5, min=1, max=150)
    w = plot.interact(
        draw,
        learning_rate=(0.0, 1.0, 0.1),
        steps=steps,
        gate=["and", "or"],
        data=fixed(1),
    )
    assert calls == [(0.5, 5, "and", 1)]  # drawn once when shown
    rate, same_steps, gate = w.children[:3]
    assert same_steps is steps
    steps.value = 120
    rate.value = 0.3
    gate.value = "or"
    assert calls[1:] == [
        (0.5, 120, "and", 1),
        (0.3, 120, "and", 1),
        (0.3, 120, "or", 1),
    ]
    assert "widget-interact" in w._dom_classes


def test_a_callback_returning_its_figure_draws_it_once():
    # ipywidgets' interact displays what the callback returns, on top of the figure the
    # inline backend shows (09's augmentation widget drew every figure twice): not here.
    w = plot.interact(lambda n: n * 2, n=(1, 3))
    assert w.result == 4 and w.auto_display is False


def test_every_slider_gets_its_whole_label_and_a_long_track():
    rate = FloatSlider(0.3, min=0.01, max=1.2, description="learning rate η")
    w = plot.interact(lambda rate, steps, gate: None, rate=rate, steps=(1, 9), gate=[0])
    steps, gate = w.children[1:3]
    for slider in (rate, steps):
        assert slider.style.description_width == "initial"
        assert slider.layout.width == widgets.SLIDER_WIDTH
        assert slider.layout.max_width == "100%"
    assert isinstance(gate, Dropdown) and gate.layout.width is None  # not a slider
    assert int(widgets.SLIDER_WIDTH.removesuffix("px")) >= 2 * widgets.MIN_TRACK_PX


def test_a_description_chosen_stays_and_an_argument_name_reads_with_spaces():
    rate = FloatSlider(0.3, min=0.0, max=1.0, description="learning rate η")
    w = plot.interact(lambda rate, learning_rate: 0, rate=rate, learning_rate=(0, 1))
    assert [c.description for c in w.children[:2]] == [
        "learning rate η",
        "learning rate",
    ]


def test_bad_arguments_are_named():
    with pytest.raises(TypeError, match=r"interact: fn must be"):
        plot.interact("draw", x=(0, 1))
    with pytest.raises(TypeError, match=r"_readable_sliders: widget must be"):
        widgets._readable_sliders([IntSlider()])
