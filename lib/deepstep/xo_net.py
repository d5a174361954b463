"""Slide deck 003's toy ConvNet for X's and O's, built by hand from small pure
functions. (notebooks 07, 08, 11)

The network has no learned weights at all; every step is one the slides do on paper:

    image (9, 9) of ±1
    -> filter_maps: the three 3x3 features, each product summed
       and divided by 9                                               (3, 7, 7)
    -> relu: negatives become 0                                       (3, 7, 7)
    -> pool: max over 2x2 windows, stride 2, partial windows
       at the edge kept                                               (3, 4, 4)
    -> pool again ("deep stacking"): the slides' 2x2 maps             (3, 2, 2)
    -> flatten: 12 values, map by map, row by row                     (12,)
    -> vote: a fully connected layer with one row of 12 weights
       per letter                                                     {"o", "x"}

The slides' 2x2 numbers are exactly the 4x4 pooled maps pooled once more, so the second
stage here is ReLU then pooling (the ReLU changes nothing, as pooled values are already
>= 0). The slides do not print weights for the vote; ``vote_weights`` explains ours.
Class order follows ``data.xo_dataset``'s labels: index 0 is "o", index 1 is "x".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from . import data
from ._checks import as_float_array, boundary, mapping, name_of
from .nn import activations, ops

#: Class names in label order: ``CLASSES[label]`` names a label of ``data.xo_dataset``.
CLASSES = ("o", "x")
#: The slides' three features, in the order of ``data.XO_FEATURES``.
FEATURE_NAMES = ("diagonal \\", "small x", "anti-diagonal /")


def _image(image: npt.ArrayLike, func: str) -> np.ndarray:
    img = as_float_array(image, func, "image", ndim=2, allow_inf=False)
    if img.shape[0] < 3 or img.shape[1] < 3:
        raise ValueError(
            f"{name_of(func)}: image must be at least 3x3 for 3x3 features; got "
            f"{img.shape}"
        )
    return img


def _maps(maps: npt.ArrayLike, func: str) -> np.ndarray:
    return as_float_array(maps, func, "maps", ndim=3, allow_inf=False)


def filter_maps(
    image: npt.ArrayLike, features: npt.ArrayLike | None = None
) -> np.ndarray:
    """Slide the features over the image; each output is the mean of the products.

    image: (H, W); features: (K, kh, kw), default ``data.XO_FEATURES``.
    Returns (K, H - kh + 1, W - kw + 1): conv2d(image, feature) / (kh * kw), so a patch
    that matches the feature exactly scores 1 and its exact opposite -1.
    """
    img = _image(image, "filter_maps")
    feats = data.XO_FEATURES if features is None else features
    feats = as_float_array(feats, filter_maps, "features", ndim=3, allow_inf=False)
    size = feats.shape[1] * feats.shape[2]
    return np.stack([ops.conv2d(img, f) / size for f in feats])


def relu(maps: npt.ArrayLike) -> np.ndarray:
    """Every negative value becomes 0. maps: (K, H, W). Returns the same shape."""
    return activations.relu(_maps(maps, "relu"))


def pool(maps: npt.ArrayLike) -> np.ndarray:
    """Max pooling, 2x2 windows with stride 2, on each map.

    maps: (K, H, W). Returns (K, ceil(H / 2), ceil(W / 2)): a ragged edge keeps its
    partial windows (Keras's padding="same"), so 7x7 becomes 4x4 as on the slides.
    """
    m = _maps(maps, "pool")
    # Maps as a batch of one-channel images: ops.max_pool2d pools (N, H, W, C).
    return ops.max_pool2d(m[..., None], pool_size=2, strides=2, padding="same")[..., 0]


def flatten(maps: npt.ArrayLike) -> np.ndarray:
    """maps: (K, H, W). Returns (K * H * W,): map 1 row by row, then map 2, ..."""
    return _maps(maps, "flatten").reshape(-1)


@dataclass(frozen=True)
class Stages:
    """Everything the network computes for one image, in the order it computes it.

    filtered: (3, 7, 7); rectified: (3, 7, 7); pooled: (3, 4, 4); stacked: (3, 2, 2);
    values: (12,), the stacked maps flattened (shapes for a 9x9 image).
    """

    filtered: np.ndarray
    rectified: np.ndarray
    pooled: np.ndarray
    stacked: np.ndarray
    values: np.ndarray


def forward(image: npt.ArrayLike) -> Stages:
    """Run conv -> ReLU -> pool -> ReLU -> pool on one image. image: (9, 9). Returns
    ``Stages``."""
    filtered = filter_maps(_image(image, "forward"))
    rectified = relu(filtered)
    pooled = pool(rectified)
    stacked = pool(relu(pooled))
    return Stages(filtered, rectified, pooled, stacked, flatten(stacked))


def vote_weights() -> np.ndarray:
    """The fully connected layer's weights, (2, 12): row 0 votes for "o", row 1 for "x".

    Each row is the 12 values that letter's own picture (``data.xo_image``) produces,
    scaled to length 1. A value that is large in the X's own response is strong
    evidence for X, so it gets a large X weight: the row is the X, remembered.
    """
    return _default_weights().copy()


@lru_cache(maxsize=1)
def _default_weights() -> np.ndarray:
    rows = [forward(data.xo_image(letter)).values for letter in CLASSES]
    w = np.stack([r / np.linalg.norm(r) for r in rows])
    w.setflags(write=False)  # cached and shared: callers get copies
    return w


def vote(
    values: npt.ArrayLike, weights: npt.ArrayLike | None = None
) -> dict[str, float]:
    """Each letter's score: its row of weights times the values, over the values'
    length.

    values: (12,); weights: (2, 12), default ``vote_weights()``. Returns {"o": s_o, "x":
    s_x}. Dividing by |values| does not change which score is larger; it puts the scores
    on one scale: with the default weights a score is the cosine between the values and
    that letter's own response, 1.0 for the very same pattern. All-zero values score 0.
    """
    v = as_float_array(values, vote, "values", ndim=1, allow_inf=False)
    w = _default_weights() if weights is None else weights
    w = as_float_array(w, vote, "weights", ndim=2, allow_inf=False)
    if w.shape != (len(CLASSES), v.shape[0]):
        raise ValueError(
            f"{name_of(vote)}: weights must have shape ({len(CLASSES)}, "
            f"{v.shape[0]}), one row per letter {CLASSES} and one column per value; "
            f"got {w.shape}"
        )
    length = float(np.linalg.norm(v))
    scores = w @ v / length if length > 0 else np.zeros(len(CLASSES))
    return {name: float(s) for name, s in zip(CLASSES, scores, strict=True)}


def decide(scores: Mapping[str, float]) -> str:
    """The letter with the larger score; a tie goes to "o" (a blank pad is not an X)."""
    scores = mapping(scores, decide, "scores")
    missing = [c for c in CLASSES if c not in scores]
    if missing:
        raise ValueError(
            f"{name_of(decide)}: scores must have keys {CLASSES}; got {sorted(scores)}"
        )
    return "x" if scores["x"] > scores["o"] else "o"


@boundary
def classify(
    image: npt.ArrayLike, weights: npt.ArrayLike | None = None
) -> tuple[str, dict[str, float]]:
    """The whole network on one image. image: (9, 9). Returns ("x" or "o", scores)."""
    scores = vote(forward(_image(image, "classify")).values, weights)
    return decide(scores), scores


@boundary
def predict(images: npt.ArrayLike, weights: npt.ArrayLike | None = None) -> np.ndarray:
    """Labels for a batch. images: (N, 9, 9). Returns (N,) ints: 1 for X, 0 for O."""
    imgs = as_float_array(images, predict, "images", ndim=3, allow_inf=False)
    w = _default_weights() if weights is None else weights
    return np.array([CLASSES.index(classify(img, w)[0]) for img in imgs], dtype=int)


def ninths(values: npt.ArrayLike) -> list[list[str]]:
    """Exact fractions of the X/O maps, which are all multiples of 1/9, as text.

    values: (H, W). Returns H rows of W strings such as "7/9", "-1/9", "0", "1".
    Raises ValueError if a value is not a multiple of 1/9 (up to float error).
    """
    v = as_float_array(values, ninths, "values", ndim=2, allow_inf=False)
    numerators = np.round(v * 9)
    if not np.allclose(numerators, v * 9, rtol=0, atol=1e-9):
        raise ValueError(
            f"{name_of(ninths)}: values must be multiples of 1/9; got {v!r}"
        )
    return [[str(Fraction(int(n), 9)) for n in row] for row in numerators]


def side_by_side(exact: npt.ArrayLike, slide: npt.ArrayLike) -> str:
    """A text table: the exact fractions on the left, the slide's printed figures on the
    right.

    exact: (H, W) multiples of 1/9; slide: (H, W), the numbers as the slide prints them.
    """
    as_float_array(exact, side_by_side, "exact", ndim=2, allow_inf=False)
    fractions_ = ninths(exact)
    shown = as_float_array(slide, side_by_side, "slide", ndim=2, allow_inf=False)
    if shown.shape != (len(fractions_), len(fractions_[0])):
        raise ValueError(
            f"{name_of(side_by_side)}: slide must have the shape of exact, "
            f"{(len(fractions_), len(fractions_[0]))}; got {shown.shape}"
        )
    lines = []
    for frac_row, slide_row in zip(fractions_, shown, strict=True):
        left = " ".join(f"{f:>5}" for f in frac_row)
        right = " ".join(f"{s + 0.0:5.2f}" for s in slide_row)
        lines.append(f"{left}   |  {right}")
    return "\n".join(lines)
