"""Small, fixed data sets the notebooks share: the slides' example networks and logic
gates. (notebooks 01, 02, 04, 06-11)

Nothing here is downloaded, and nothing is random unless seeded (``xo_dataset``);
every call returns fresh copies, so a notebook that edits an array cannot change
what the next cell gets.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._checks import known_name, name_of, positive_int, received


@dataclass(frozen=True)
class WorkedExample:
    """Slide deck 000's inference example: 3 inputs -> 3 sigmoid hidden units -> 2
    sigmoid outputs.

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
    """Slide deck 000's feedforward network: inputs N1..N3 -> hidden N4, N5 -> output
    N6.

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


#: The gates ``logic_gate`` knows.
GATES: tuple[str, ...] = tuple(_GATES)


def logic_gate(name: str) -> tuple[np.ndarray, np.ndarray]:
    """Truth table of a two-input gate: "and", "or", "nand" or "xor".

    Returns X (4, 2) with rows (0,0), (0,1), (1,0), (1,1), and y (4,) of 0s and 1s.
    """
    key = known_name(name, _GATES, logic_gate, "name", "gate")
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
# Not on the slides: an O drawn in the same style, a one-pixel ring inside a one-pixel
# border.
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
    """A 9x9 picture of ±1: "x" is slide deck 003's X, "o" an O drawn in the same
    style."""
    if not isinstance(letter, str) or letter.lower() not in ("x", "o"):
        raise ValueError(
            f'{name_of(xo_image)}: letter must be "x" or "o"; got {letter!r}'
        )
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


#: The ways ``xo_dataset`` can vary a letter, after the slides' "Trickier cases".
XO_VARIATIONS = ("shift", "scale", "rotate", "weight", "noise")


def _segment_distance(
    rows: np.ndarray,
    cols: np.ndarray,
    center: tuple[float, float],
    angle: float,
    half: float,
) -> np.ndarray:
    """Distance from each pixel centre to a segment of half-length ``half`` through
    ``center``."""
    uy, ux = np.sin(angle), np.cos(angle)
    dy, dx = rows - center[0], cols - center[1]
    t = np.clip(dy * uy + dx * ux, -half, half)
    return np.hypot(dy - t * uy, dx - t * ux)


def _draw_letter(
    label: int,
    center: tuple[float, float],
    radius: float,
    tilt: float,
    half_width: float,
) -> np.ndarray:
    """A 9x9 ±1 picture: ink where a pixel centre lies within ``half_width`` of the
    stroke.

    X: two strokes from centre ± (radius, radius), turned by ``tilt`` radians;
    O: a circle of ``radius``. With centre (4, 4), radius 3 and half_width 0.5 this
    draws exactly ``xo_image("x")`` and ``xo_image("o")``.
    """
    rows, cols = np.mgrid[0:9, 0:9].astype(float)
    if label == 1:
        half = radius * np.sqrt(2.0)
        dist = np.minimum(
            _segment_distance(rows, cols, center, np.pi / 4 + tilt, half),
            _segment_distance(rows, cols, center, 3 * np.pi / 4 + tilt, half),
        )
    else:
        dist = np.abs(np.hypot(rows - center[0], cols - center[1]) - radius)
    return np.where(dist <= half_width + 1e-9, 1.0, -1.0)


def xo_dataset(
    n: int, seed: int = 0, variations: tuple[str, ...] | list[str] | str = XO_VARIATIONS
) -> tuple[np.ndarray, np.ndarray]:
    """Labelled X's and O's drawn in the slides' style, varied the ways the slides warn
    about.

    Returns images (n, 9, 9) of ±1 (+1 ink) and labels (n,) of ints: **1 for X, 0 for
    O**; n // 2 are X's, the rest O's, in shuffled order. The same n, seed and
    variations always give the same arrays. Each image draws its own amounts of the
    chosen variations:

    - "shift": move the letter 1 or 2 pixels (as far as it still fits in the frame);
    - "scale": radius 1.8–2.4 or 3.7–4.0 instead of 3 (smaller or larger letter);
    - "rotate": turn it by 10°–30° either way (an O is a circle, so only X's change);
    - "weight": heavier strokes, about 2 pixels wide instead of 1;
    - "noise": flip 1 to 4 randomly chosen pixels.

    variations=() gives the plain ``xo_image`` letters; a single name may be passed as a
    string.
    """
    positive_int(n, xo_dataset, "n")
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ValueError(
            f"{name_of(xo_dataset)}: seed must be an int >= 0; got {seed!r}"
        )
    if not isinstance(variations, str | list | tuple):
        raise TypeError(
            f"{name_of(xo_dataset)}: variations must be a name or a list of names "
            f"({', '.join(XO_VARIATIONS)}); got {received(variations)}"
        )
    chosen = (variations,) if isinstance(variations, str) else tuple(variations)
    unknown = [v for v in chosen if not isinstance(v, str) or v not in XO_VARIATIONS]
    if unknown:
        raise ValueError(
            f"{name_of(xo_dataset)}: unknown variation(s) {unknown}; "
            f"known: {', '.join(XO_VARIATIONS)}; got variations {variations!r}"
        )
    rng = np.random.default_rng(seed)
    labels = rng.permutation(np.arange(int(n)) % 2)
    images = np.empty((int(n), 9, 9))
    for i, label in enumerate(labels):
        # Every draw is made whatever is chosen, so adding a variation never reshuffles
        # the others.
        small, large, side = (
            rng.uniform(1.8, 2.4),
            rng.uniform(3.7, 4.0),
            rng.integers(2),
        )
        tilt = np.deg2rad(rng.uniform(10, 30)) * rng.choice([-1, 1])
        half_width, flips = rng.uniform(0.72, 0.9), rng.integers(1, 5)
        offsets, pixels = rng.integers(-2, 3, size=2), rng.permutation(81)
        radius = (large if side else small) if "scale" in chosen else 3.0
        room = max(
            0, int(np.floor(4.5 - radius))
        )  # how far the letter can move and still fit
        shift = np.clip(offsets, -room, room) if "shift" in chosen else np.zeros(2)
        if "shift" in chosen and room and not shift.any():
            shift[0] = room  # a "shifted" letter always moves
        image = _draw_letter(
            int(label),
            (4.0 + shift[0], 4.0 + shift[1]),
            radius,
            tilt if "rotate" in chosen else 0.0,
            half_width if "weight" in chosen else 0.5,
        )
        if "noise" in chosen:
            image.flat[pixels[:flips]] *= -1
        images[i] = image
    return images, labels
