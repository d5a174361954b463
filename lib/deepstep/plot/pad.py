"""A 9x9 pad of toggle buttons: draw a letter, and the X/O ConvNet votes on it as you
click.

    from deepstep.plot import drawing_pad
    drawing_pad()                      # in a notebook cell: shows the pad

Each button is one pixel: pressed is ink (+1), released is background (-1). Every
click re-runs the network and shows its 2x2 maps and its vote. The logic lives in
pure functions (``image_from_states``, ``states_from_image``, ``pad_result``) so tests
can drive the pad without a browser, by setting buttons' ``.value``.

This module imports ipywidgets, so ``import deepstep`` does not load it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import numpy.typing as npt
from IPython.display import clear_output, display

from .. import data, xo_net
from .._checks import (
    as_float_array,
    boundary,
    flag,
    function,
    mapping,
    name_of,
    received,
)
from .images import xo_pipeline

SIZE = 9  # the slides' pictures are 9x9
INK, PAPER = (
    "primary",
    "",
)  # button styles: pressed pixels are filled in the theme's blue

Classifier = Callable[[np.ndarray], tuple[str, Mapping[str, float]]]


def image_from_states(states: Sequence[bool]) -> np.ndarray:
    """81 button states, row by row, to a (9, 9) picture: True -> +1 (ink), False ->
    -1."""
    if not isinstance(states, list | tuple | np.ndarray):
        raise TypeError(
            f"{name_of(image_from_states)}: states must be {SIZE * SIZE} booleans, "
            f"row by row; got {received(states)}"
        )
    flags = list(np.ravel(states)) if isinstance(states, np.ndarray) else list(states)
    if len(flags) != SIZE * SIZE or not all(
        isinstance(f, bool | np.bool_) for f in flags
    ):
        raise ValueError(
            f"{name_of(image_from_states)}: states must be {SIZE * SIZE} booleans, "
            f"row by row; got {len(flags)} values of types "
            f"{sorted({type(f).__name__ for f in flags})}"
        )
    return np.where(np.array(flags, dtype=bool), 1.0, -1.0).reshape(SIZE, SIZE)


def states_from_image(image: npt.ArrayLike) -> list[bool]:
    """A (9, 9) picture to 81 button states, row by row: pixels > 0 are pressed."""
    img = as_float_array(image, states_from_image, "image", ndim=2, allow_inf=False)
    if img.shape != (SIZE, SIZE):
        raise ValueError(
            f"{name_of(states_from_image)}: image must be {SIZE}x{SIZE}; got "
            f"{img.shape}"
        )
    return [bool(v > 0) for v in img.reshape(-1)]


def vote_text(letter: str, scores: Mapping[str, float]) -> str:
    """One line for the pad: "vote  X 1.00 · O 0.87  →  X"."""
    if not isinstance(letter, str) or letter.lower() not in ("x", "o"):
        raise ValueError(
            f'{name_of(vote_text)}: letter must be "x" or "o"; got {received(letter)}'
        )
    scores = mapping(scores, vote_text, "scores")
    if not {"x", "o"} <= set(scores):
        raise ValueError(
            f'{name_of(vote_text)}: scores must have keys "x" and "o"; got '
            f"{sorted(scores)}"
        )
    return f"vote  X {scores['x']:.2f} · O {scores['o']:.2f}  →  {letter.upper()}"


@dataclass(frozen=True)
class PadResult:
    """What one state of the pad gives: image (9, 9), letter "x"/"o", scores, text."""

    image: np.ndarray
    letter: str
    scores: dict[str, float]
    text: str


@boundary
def pad_result(
    states: Sequence[bool], classify: Classifier = xo_net.classify
) -> PadResult:
    """Run ``classify`` on the picture the 81 button states draw; the pad's on-change
    step."""
    function(classify, pad_result, "classify")
    image = image_from_states(states)
    letter, scores = classify(image)
    scores = dict(scores)
    return PadResult(image, letter, scores, vote_text(letter, scores))


class DrawingPad(widgets.VBox):
    """The pad widget. ``buttons``: the 81 ToggleButtons, row by row; ``result``: the
    latest ``PadResult``; ``image``: the current picture; ``figure``: the latest drawing
    of the maps and votes (None when show_maps is False)."""

    def __init__(
        self, classify: Classifier, start: np.ndarray, show_maps: bool
    ) -> None:
        self.classify = function(classify, DrawingPad, "classify")
        self.show_maps = flag(show_maps, DrawingPad, "show_maps")
        start = _start(start, DrawingPad, "start")
        self.figure = None
        self._quiet = (
            False  # True while many buttons change at once: redraw once, at the end
        )
        self.buttons = [
            widgets.ToggleButton(
                value=False,
                tooltip=f"row {i // SIZE}, column {i % SIZE}",
                layout=widgets.Layout(width="30px", height="30px", padding="0"),
            )
            for i in range(SIZE * SIZE)
        ]
        for button in self.buttons:
            button.observe(self._on_change, names="value")
        pixels = widgets.GridBox(
            self.buttons,
            layout=widgets.Layout(
                grid_template_columns=f"repeat({SIZE}, 30px)", grid_gap="2px"
            ),
        )
        presets = [widgets.Button(description=name) for name in ("X", "O", "clear")]
        for preset, picture in zip(
            presets,
            [data.xo_image("x"), data.xo_image("o"), -np.ones((SIZE, SIZE))],
            strict=True,
        ):
            preset.on_click(lambda _, p=picture: self.set_image(p))
        self.status = widgets.HTML()
        self.output = widgets.Output()
        super().__init__(
            [widgets.HBox([pixels, widgets.VBox(presets)]), self.status, self.output]
        )
        self.set_image(start)

    @property
    def states(self) -> list[bool]:
        return [bool(b.value) for b in self.buttons]

    @property
    def image(self) -> np.ndarray:
        return image_from_states(self.states)

    def set_image(self, image: npt.ArrayLike) -> None:
        """Press the buttons to draw ``image`` (9, 9), then vote once."""
        states = states_from_image(_start(image, "DrawingPad.set_image", "image"))
        self._quiet = True
        try:
            for button, state in zip(self.buttons, states, strict=True):
                button.value = state
        finally:
            self._quiet = False
        self.refresh()

    def _on_change(self, change: dict) -> None:
        change["owner"].button_style = INK if change["new"] else PAPER
        if not self._quiet:
            self.refresh()

    def refresh(self) -> None:
        """Classify the current picture; update the text and, if shown, the maps."""
        self.result = pad_result(self.states, self.classify)
        self.status.value = f"<b style='font-size:16px'>{self.result.text}</b>"
        if not self.show_maps:
            return
        stages = xo_net.forward(self.result.image)
        fig = xo_pipeline(self.result.image, stages.stacked, self.result.scores)
        self.figure = fig
        with self.output:
            clear_output(wait=True)
            display(fig)
        plt.close(fig)


def drawing_pad(
    classify: Classifier = xo_net.classify,
    start: npt.ArrayLike | None = None,
    show_maps: bool = True,
) -> DrawingPad:
    """A clickable 9x9 pad that runs ``classify`` on every change.

    classify: image (9, 9) -> ("x" or "o", {"x": score, "o": score}), default the
    slides' hand-built ConvNet. start: (9, 9) picture to begin with, default the slides'
    X.
    show_maps: also draw the picture's 2x2 maps and the votes below the pad.
    """
    if not callable(classify):
        raise TypeError(
            f"{name_of(drawing_pad)}: classify must be callable; got "
            f"{type(classify).__name__}"
        )
    picture = (
        data.xo_image("x") if start is None else _start(start, drawing_pad, "start")
    )
    return DrawingPad(classify, picture, flag(show_maps, drawing_pad, "show_maps"))


def _start(image: object, func: object, name: str) -> np.ndarray:
    """A (9, 9) picture for the pad, checked under the caller's name."""
    img = as_float_array(image, func, name, ndim=2, allow_inf=False)
    if img.shape != (SIZE, SIZE):
        raise ValueError(
            f"{name_of(func)}: {name} must be {SIZE}x{SIZE}; got shape {img.shape}"
        )
    return img
