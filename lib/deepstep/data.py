"""Small, fixed data sets the notebooks share: the slides' example networks and logic gates.

Nothing here is random or downloaded; every call returns fresh copies, so a
notebook that edits an array cannot change what the next cell gets.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class WorkedExample:
    """Slide deck 000's inference example: 3 inputs -> 3 sigmoid hidden units -> 2 sigmoid outputs.

    x: (3,) the inputs I1..I3.
    hidden: (3, 3) rows are neurons H1..H3, columns their weights on I1..I3.
    output: (2, 3) rows are neurons O1, O2, columns their weights on H1..H3.
    There are no biases in this example.
    """

    x: np.ndarray
    hidden: np.ndarray
    output: np.ndarray
    input_names: tuple[str, ...] = ("I1", "I2", "I3")
    hidden_names: tuple[str, ...] = ("H1", "H2", "H3")
    output_names: tuple[str, ...] = ("O1", "O2")


def worked_example() -> WorkedExample:
    """The inference example of slide deck 000, with its inputs.

    The weights are the slide's. The inputs sat in a figure that did not survive
    the text extraction; the figure showed (0.5, 0.9, -0.3). Notebook 02 recovers
    them from the slide's hidden values .13, .96, .40 and finds that, because those
    are rounded, (0.7, 1.1, -0.2) would print the same numbers.
    """
    return WorkedExample(
        x=np.array([0.5, 0.9, -0.3]),
        hidden=np.array(
            [
                [1.0, -2.0, 2.0],  # H1
                [2.0, 1.0, -4.0],  # H2
                [1.0, -1.0, 0.0],  # H3
            ]
        ),
        output=np.array(
            [
                [-3.0, 1.0, -3.0],  # O1
                [0.0, 1.0, 2.0],  # O2
            ]
        ),
    )


@dataclass(frozen=True)
class FeedforwardExample:
    """Slide deck 000's feedforward network: inputs N1..N3 -> hidden N4, N5 -> output N6.

    x: (3,) the values of N1, N2, N3.
    hidden: (2, 3) rows N4, N5; columns the weights w_{1,j}, w_{2,j}, w_{3,j}.
    output: (1, 2) row N6; columns w_{4,6}, w_{5,6}.
    y: the target for N6, so that err = y - o.
    """

    x: np.ndarray
    hidden: np.ndarray
    output: np.ndarray
    y: float
    input_names: tuple[str, ...] = ("N1", "N2", "N3")
    hidden_names: tuple[str, ...] = ("N4", "N5")
    output_names: tuple[str, ...] = ("N6",)


def feedforward_example() -> FeedforwardExample:
    """The N1..N6 network of slide deck 000.

    The slide gives only the formulas N4 = f(w14·N1 + w24·N2 + w34·N3), ...;
    these numbers are ours, chosen small and readable.
    """
    return FeedforwardExample(
        x=np.array([1.0, 0.5, -1.0]),
        hidden=np.array(
            [
                [0.2, -0.4, 0.7],  # N4: w14, w24, w34
                [0.5, 0.3, -0.6],  # N5: w15, w25, w35
            ]
        ),
        output=np.array([[0.9, -1.2]]),  # N6: w46, w56
        y=1.0,
    )


_GATES = {
    "and": [0, 0, 0, 1],
    "or": [0, 1, 1, 1],
    "nand": [1, 1, 1, 0],
    "xor": [0, 1, 1, 0],
}


def logic_gate(name: str) -> tuple[np.ndarray, np.ndarray]:
    """Truth table of a two-input gate: "and", "or", "nand" or "xor".

    Returns X (4, 2) with rows (0,0), (0,1), (1,0), (1,1), and y (4,) of 0s and 1s.
    """
    if not isinstance(name, str):
        raise TypeError(f"logic_gate: name must be a string; got {type(name).__name__} {name!r}")
    key = name.lower()
    if key not in _GATES:
        raise ValueError(f"logic_gate: unknown gate {name!r}; known: {', '.join(_GATES)}")
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    return X, np.array(_GATES[key], dtype=float)


# Slide deck 003's toy ConvNet draws in ±1: +1 is ink, -1 is background.
_X_ROWS = [
    "---------",
    "-#-----#-",
    "--#---#--",
    "---#-#---",
    "----#----",
    "---#-#---",
    "--#---#--",
    "-#-----#-",
    "---------",
]
# Not on the slides: an O drawn in the same style, a one-pixel ring inside a one-pixel border.
_O_ROWS = [
    "---------",
    "---###---",
    "--#---#--",
    "-#-----#-",
    "-#-----#-",
    "-#-----#-",
    "--#---#--",
    "---###---",
    "---------",
]


def _grid(rows: list[str]) -> np.ndarray:
    return np.array([[1.0 if ch == "#" else -1.0 for ch in row] for row in rows])


def xo_image(letter: str) -> np.ndarray:
    """A 9x9 picture of ±1: "x" is slide deck 003's X, "o" an O drawn in the same style."""
    if not isinstance(letter, str) or letter.lower() not in ("x", "o"):
        raise ValueError(f'xo_image: letter must be "x" or "o"; got {letter!r}')
    return _grid(_X_ROWS if letter.lower() == "x" else _O_ROWS)


#: The slides' three 3x3 features, shape (3, 3, 3), in the slides' order:
#: the diagonal "\\", the small X, and the anti-diagonal "/".
XO_FEATURES = np.array(
    [
        [[1, -1, -1], [-1, 1, -1], [-1, -1, 1]],
        [[1, -1, 1], [-1, 1, -1], [1, -1, 1]],
        [[-1, -1, 1], [-1, 1, -1], [1, -1, -1]],
    ],
    dtype=float,
)
XO_FEATURES.setflags(write=False)  # shared module constant: copy it before changing it
