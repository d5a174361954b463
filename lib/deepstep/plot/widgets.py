"""Sliders a student can read: ``interact`` as in ipywidgets, with whole labels and long
tracks.

ipywidgets cuts a slider's description at about 80 px ("learning_r…") and gives its
track what is left of 300 px (125 px for 05's 150-step slider). The notebooks' widgets
go through ``interact`` here instead: it builds the same controls, then gives every
slider its whole label and a track of at least ``MIN_TRACK_PX``:

    _ = plot.interact(plot.draw_decision_line, w1=(-3.0, 3.0, 0.1), gate=["and", "or"])
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .._checks import function, instance_of

if TYPE_CHECKING:  # ipywidgets loads only when a widget is built
    from ipywidgets import Widget, interactive

# The label takes the width it needs, the box is this wide (or the page, if narrower):
# beside a label and a readout of about 120 px each, the track keeps MIN_TRACK_PX.
SLIDER_WIDTH = "640px"
MIN_TRACK_PX = 300


def _readable_sliders(widget: Widget) -> Widget:
    """Give every slider in ``widget`` (itself or its children) its whole label and a
    long track; returns ``widget``.

    A description left as the argument's name reads with spaces ("learning rate", not
    "learning_rate"). Other controls (dropdowns, check boxes, text) keep their looks.
    """
    from ipywidgets import Box, Widget

    instance_of(widget, Widget, _readable_sliders, "widget")
    controls = widget.children if isinstance(widget, Box) else (widget,)
    for control in controls:
        # IntSlider, FloatSlider, FloatLogSlider, the range and selection sliders
        if not control._model_name.endswith("SliderModel"):
            continue
        if control.description == getattr(control, "_kwarg", None):
            control.description = control.description.replace("_", " ")
        control.style.description_width = "initial"
        control.layout.width = SLIDER_WIDTH
        control.layout.max_width = "100%"
    return widget


def interact(fn: Callable[..., object], /, **controls: object) -> interactive:
    """Show ``fn``'s widget as ``ipywidgets.interact(fn, **controls)`` would, with
    readable sliders; returns the ``ipywidgets.interactive`` shown.

    controls: what ipywidgets accepts for each argument of ``fn``: a ``(min, max,
    step)`` tuple, a list of choices, a widget, ``fixed(value)``. ``fn`` runs once now,
    and again each time a control moves, drawing into the widget's output. Unlike
    ipywidgets' ``interact``, what ``fn`` returns is not displayed: a callback that
    shows its figure and returns it too draws it once, not twice.
    """
    from IPython.display import display
    from ipywidgets import interactive

    fn = function(fn, interact, "fn")
    widget = _readable_sliders(interactive(fn, **controls))
    display(widget)
    return widget
