"""Data augmentation for images: flip, rotate, scale, crop, translate, Gaussian noise.
(notebook 10)

Slide deck 001 lists them: flip, rotation, scale, crop and translation for images, and
added Gaussian noise for any data. Every function takes one image (H, W) or a batch
(N, H, W, C) and returns the same shape and dtype, so an augmented batch drops in
where the original was.

A magnitude is either one number (every image gets exactly that) or a (low, high)
pair, from which each image draws its own value uniformly. Random choices come from
``rng``: a ``np.random.Generator`` or an int seed, so a seed repeats the same batch.

Geometric transforms use inverse mapping: for every output pixel, compute where it
comes from in the input and sample there (bilinear by default, or nearest). Pixels
that come from outside the input take the nearest edge value (fill="edge") or a
constant (fill=0.0, say).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from ._checks import as_finite_scalar, name_of, share

Magnitude = float | tuple[float, float]
Rng = np.random.Generator | int | None

_FLIP_MODES = ("horizontal", "vertical", "horizontal_and_vertical")
_INTERPOLATIONS = ("bilinear", "nearest")


# -- input handling --------------------------------------------------------------------
def _as_batch(
    images: npt.ArrayLike, func: str
) -> tuple[np.ndarray, Callable, np.dtype]:
    """Return a float64 (N, H, W, C) copy, a function restoring the caller's shape and
    dtype, and the dtype."""
    arr = np.asarray(images)
    if arr.dtype == object or not (
        np.issubdtype(arr.dtype, np.floating) or np.issubdtype(arr.dtype, np.integer)
    ):
        raise TypeError(
            f"{name_of(func)}: images must be a real numeric array; got dtype "
            f"{arr.dtype}"
        )
    if arr.ndim not in (2, 4):
        hint = " (add a channel axis: images[..., None])" if arr.ndim == 3 else ""
        raise ValueError(
            f"{name_of(func)}: images must be 2-D (H, W) or 4-D (N, H, W, C){hint}; "
            f"got shape {arr.shape}"
        )
    if arr.size == 0:
        raise ValueError(
            f"{name_of(func)}: images must not be empty; got shape {arr.shape}"
        )
    if np.issubdtype(arr.dtype, np.floating) and not np.isfinite(arr).all():
        bad = "NaN" if np.isnan(arr).any() else "inf"
        raise ValueError(
            f"{name_of(func)}: images must be finite; got an array containing {bad}"
        )
    dtype, ndim = arr.dtype, arr.ndim
    batch = arr.astype(np.float64)
    if ndim == 2:
        batch = batch[None, :, :, None]

    def restore(out: np.ndarray) -> np.ndarray:
        if np.issubdtype(dtype, np.integer):  # round to the nearest representable value
            info = np.iinfo(dtype)
            out = np.clip(np.rint(out), info.min, info.max)
        out = out.astype(dtype)
        return out[0, :, :, 0] if ndim == 2 else out

    return batch, restore, dtype


def _generator(rng: Rng, func: str) -> np.random.Generator:
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None:
        return np.random.default_rng()
    if isinstance(rng, bool) or not isinstance(rng, int | np.integer) or rng < 0:
        raise TypeError(
            f"{name_of(func)}: rng must be a numpy Generator, an int seed >= 0 or "
            f"None; got {rng!r}"
        )
    return np.random.default_rng(int(rng))


def _draw(
    value: Magnitude,
    n: int,
    rng: np.random.Generator,
    func: str,
    name: str,
    low: float | None = None,
) -> np.ndarray:
    """n values: all equal to ``value``, or drawn uniformly from the pair (low,
    high)."""
    if isinstance(value, tuple | list):
        if len(value) != 2:
            raise ValueError(
                f"{name_of(func)}: {name} must be a number or a (low, high) pair; got "
                f"{value!r}"
            )
        lo = as_finite_scalar(value[0], func, f"{name}[0]")
        hi = as_finite_scalar(value[1], func, f"{name}[1]")
        if lo > hi:
            raise ValueError(
                f"{name_of(func)}: {name} must have low <= high; got {value!r}"
            )
        bounds = (lo, hi)
    else:
        v = as_finite_scalar(value, func, name)
        bounds = (v, v)
    if low is not None and min(bounds) <= low:
        raise ValueError(f"{name_of(func)}: {name} must be > {low:g}; got {value!r}")
    if bounds[0] == bounds[1]:
        return np.full(n, bounds[0])
    return rng.uniform(bounds[0], bounds[1], size=n)


def _check_choice(value: str, allowed: tuple[str, ...], func: str, name: str) -> None:
    if not isinstance(value, str) or value not in allowed:
        raise ValueError(
            f"{name_of(func)}: {name} must be one of {allowed}; got {value!r}"
        )


# -- sampling --------------------------------------------------------------------------
def _sample(
    batch: np.ndarray,
    src_y: np.ndarray,
    src_x: np.ndarray,
    interpolation: str,
    fill: float | str,
    func: str,
) -> np.ndarray:
    """Read batch (N, H, W, C) at the source coordinates src_y, src_x (N, H, W)."""
    _check_choice(interpolation, _INTERPOLATIONS, func, "interpolation")
    if isinstance(fill, str):
        _check_choice(fill, ("edge",), func, "fill")
        padded = np.pad(batch, ((0, 0), (1, 1), (1, 1), (0, 0)), mode="edge")
    else:
        value = as_finite_scalar(fill, func, "fill")
        padded = np.pad(batch, ((0, 0), (1, 1), (1, 1), (0, 0)), constant_values=value)
    n, h, w, _ = batch.shape
    # In padded coordinates the image spans 1..h; the ring of padding at 0 and h + 1
    # holds the fill, so clipping a far-away coordinate onto the ring reads the fill.
    y = np.clip(src_y + 1.0, 0.0, h + 1.0)
    x = np.clip(src_x + 1.0, 0.0, w + 1.0)
    idx = np.arange(n)[:, None, None]
    if interpolation == "nearest":
        yi = np.clip(np.floor(y + 0.5), 0, h + 1).astype(int)
        xi = np.clip(np.floor(x + 0.5), 0, w + 1).astype(int)
        return padded[idx, yi, xi]
    y0 = np.clip(np.floor(y), 0, h).astype(int)
    x0 = np.clip(np.floor(x), 0, w).astype(int)
    fy = (y - y0)[..., None]
    fx = (x - x0)[..., None]
    top = padded[idx, y0, x0] * (1 - fx) + padded[idx, y0, x0 + 1] * fx
    bottom = padded[idx, y0 + 1, x0] * (1 - fx) + padded[idx, y0 + 1, x0 + 1] * fx
    return top * (1 - fy) + bottom * fy


def _warp(
    batch: np.ndarray,
    matrices: np.ndarray,
    offsets: np.ndarray,
    interpolation: str,
    fill: float | str,
    func: str,
) -> np.ndarray:
    """Inverse mapping about the image centre: source = centre + M (output - centre) +
    offset.

    matrices: (N, 2, 2) acting on (row, column) vectors; offsets: (N, 2).
    """
    _, h, w, _ = batch.shape
    cy, cx = (h - 1) / 2, (w - 1) / 2
    rows, cols = np.meshgrid(np.arange(h) - cy, np.arange(w) - cx, indexing="ij")
    m = matrices[:, :, :, None, None]
    src_y = cy + m[:, 0, 0] * rows + m[:, 0, 1] * cols + offsets[:, 0, None, None]
    src_x = cx + m[:, 1, 0] * rows + m[:, 1, 1] * cols + offsets[:, 1, None, None]
    return _sample(batch, src_y, src_x, interpolation, fill, func)


# -- the augmentations -----------------------------------------------------------------
def flip(
    images: npt.ArrayLike,
    mode: str = "horizontal",
    probability: float = 1.0,
    *,
    rng: Rng = None,
) -> np.ndarray:
    """Mirror images left-right ("horizontal"), top-bottom ("vertical") or both.

    images: (H, W) or (N, H, W, C) -> same shape and dtype.
    probability: the chance that each image is flipped; 1.0 flips every image (no rng
    needed).
    """
    _check_choice(mode, _FLIP_MODES, "flip", "mode")
    p = share(probability, flip, "probability")
    batch, restore, _ = _as_batch(images, "flip")
    n = len(batch)
    chosen = np.ones(n, bool) if p == 1.0 else _generator(rng, "flip").random(n) < p
    out = batch.copy()
    if mode in ("horizontal", "horizontal_and_vertical"):
        out[chosen] = out[chosen][:, :, ::-1]
    if mode in ("vertical", "horizontal_and_vertical"):
        out[chosen] = out[chosen][:, ::-1]
    return restore(out)


def rotate(
    images: npt.ArrayLike,
    degrees: Magnitude,
    *,
    rng: Rng = None,
    interpolation: str = "bilinear",
    fill: float | str = "edge",
) -> np.ndarray:
    """Rotate images about their centre, counter-clockwise by ``degrees`` as displayed.

    images: (H, W) or (N, H, W, C) -> same shape and dtype.
    degrees: one angle for all, or (low, high) to draw one per image. 90 on a square
    image gives exactly np.rot90.
    """
    batch, restore, _ = _as_batch(images, "rotate")
    rng = _generator(rng, "rotate")
    theta = np.deg2rad(_draw(degrees, len(batch), rng, "rotate", "degrees"))
    c, s = np.cos(theta), np.sin(theta)
    # Row axis points down, so turning the picture counter-clockwise reads the input
    # rotated the other way: source = [[cos, sin], [-sin, cos]] (output - centre).
    matrices = np.stack([np.stack([c, s], -1), np.stack([-s, c], -1)], 1)
    out = _warp(
        batch, matrices, np.zeros((len(batch), 2)), interpolation, fill, "rotate"
    )
    return restore(out)


def scale(
    images: npt.ArrayLike,
    factor: Magnitude,
    *,
    rng: Rng = None,
    interpolation: str = "bilinear",
    fill: float | str = "edge",
) -> np.ndarray:
    """Zoom about the centre: factor 2 shows the middle half twice as large, 0.5 shrinks
    the whole image to half size inside the frame.

    images: (H, W) or (N, H, W, C) -> same shape and dtype. factor > 0, or a (low, high)
    pair.
    """
    batch, restore, _ = _as_batch(images, "scale")
    rng = _generator(rng, "scale")
    f = _draw(factor, len(batch), rng, "scale", "factor", low=0.0)
    matrices = np.eye(2)[None] / f[:, None, None]
    out = _warp(
        batch, matrices, np.zeros((len(batch), 2)), interpolation, fill, "scale"
    )
    return restore(out)


def translate(
    images: npt.ArrayLike,
    dy: Magnitude,
    dx: Magnitude,
    *,
    rng: Rng = None,
    interpolation: str = "bilinear",
    fill: float | str = "edge",
) -> np.ndarray:
    """Shift the content by dy pixels down and dx pixels right (negative: up, left).

    images: (H, W) or (N, H, W, C) -> same shape and dtype. Whole-pixel shifts move
    pixels exactly; fractional ones interpolate.
    """
    batch, restore, _ = _as_batch(images, "translate")
    rng = _generator(rng, "translate")
    n = len(batch)
    shift = np.stack(
        [_draw(dy, n, rng, "translate", "dy"), _draw(dx, n, rng, "translate", "dx")], 1
    )
    matrices = np.broadcast_to(np.eye(2), (n, 2, 2))
    return restore(_warp(batch, matrices, -shift, interpolation, fill, "translate"))


def crop(
    images: npt.ArrayLike,
    fraction: Magnitude,
    *,
    rng: Rng = None,
    interpolation: str = "bilinear",
) -> np.ndarray:
    """Cut a window of ``fraction`` of the height and width at a random place, and
    stretch it back to the full size (the AlexNet recipe of deck 002, kept
    shape-preserving).

    images: (H, W) or (N, H, W, C) -> same shape and dtype. fraction in (0, 1], or a
    pair.
    """
    batch, restore, _ = _as_batch(images, "crop")
    rng = _generator(rng, "crop")
    n, h, w, _ = batch.shape
    f = _draw(fraction, n, rng, "crop", "fraction", low=0.0)
    if np.any(f > 1.0):
        raise ValueError(
            f"{name_of(crop)}: fraction must be in (0, 1]; got {fraction!r}"
        )
    # Where the window's centre may sit so that the window stays inside the image.
    room_y, room_x = (1 - f) * h / 2, (1 - f) * w / 2
    offset_y, offset_x = rng.uniform(-room_y, room_y), rng.uniform(-room_x, room_x)
    matrices = np.eye(2)[None] * f[:, None, None]
    offsets = np.stack([offset_y, offset_x], 1)
    return restore(_warp(batch, matrices, offsets, interpolation, "edge", "crop"))


def gaussian_noise(
    images: npt.ArrayLike, stddev: float, *, rng: Rng = None
) -> np.ndarray:
    """Add independent zero-mean Gaussian noise of standard deviation ``stddev`` to
    every value.

    images: (H, W) or (N, H, W, C) -> same shape and dtype (integers are rounded and
    clipped).
    """
    sd = as_finite_scalar(stddev, gaussian_noise, "stddev")
    if sd < 0:
        raise ValueError(f"{name_of(gaussian_noise)}: stddev must be >= 0; got {sd}")
    batch, restore, _ = _as_batch(images, "gaussian_noise")
    noise = _generator(rng, "gaussian_noise").normal(0.0, sd, size=batch.shape)
    return restore(batch + noise)
