"""Weight initializers with Keras's names, drawn from one seeded generator.

``set_random_seed(seed)`` (like ``keras.utils.set_random_seed``) replaces the generator,
so a notebook that seeds once gets the same weights on every run. Every layer draws its
weights through ``get(name)(shape, fan_in, fan_out)`` or ``orthogonal(shape)``.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from .._checks import Func, choice, non_negative_int, positive_int, shape_tuple

_rng = np.random.default_rng(0)

Initializer = Callable[[tuple[int, ...], int, int], np.ndarray]


def set_random_seed(seed: int) -> None:
    """Seed the generator that initialises weights (like
    ``keras.utils.set_random_seed``)."""
    global _rng
    _rng = np.random.default_rng(non_negative_int(seed, set_random_seed, "seed"))


def _checked(
    shape: object, fan_in: object, fan_out: object, func: Func
) -> tuple[int, ...]:
    """The weights' shape (sizes >= 1, all known) and the two fans, or a clear error."""
    out = shape_tuple(shape, func, "shape")
    if None in out or not out:
        raise ValueError(
            f"{func.__name__}: shape must be a tuple of ints >= 1; got {shape!r}"
        )
    positive_int(fan_in, func, "fan_in")
    positive_int(fan_out, func, "fan_out")
    return out  # type: ignore[return-value]


def glorot_uniform(shape: tuple[int, ...], fan_in: int, fan_out: int) -> np.ndarray:
    """Uniform on ±sqrt(6 / (fan_in + fan_out)): Keras's default for Dense and Conv2D
    kernels."""
    shape = _checked(shape, fan_in, fan_out, glorot_uniform)
    limit = math.sqrt(6.0 / (fan_in + fan_out))
    return _rng.uniform(-limit, limit, size=shape)


def he_normal(shape: tuple[int, ...], fan_in: int, fan_out: int) -> np.ndarray:
    """Normal with std sqrt(2 / fan_in), truncated at 2 standard deviations as Keras
    does."""
    shape = _checked(shape, fan_in, fan_out, he_normal)
    std = math.sqrt(2.0 / fan_in)
    out = _rng.normal(0.0, std, size=shape)
    while np.any(bad := np.abs(out) > 2 * std):
        out[bad] = _rng.normal(0.0, std, size=int(bad.sum()))
    return out


def zeros(shape: tuple[int, ...], fan_in: int, fan_out: int) -> np.ndarray:
    return np.zeros(_checked(shape, fan_in, fan_out, zeros))


def ones(shape: tuple[int, ...], fan_in: int, fan_out: int) -> np.ndarray:
    return np.ones(_checked(shape, fan_in, fan_out, ones))


def orthogonal(shape: tuple[int, int]) -> np.ndarray:
    """Keras's orthogonal initializer: rows (or columns) orthonormal, from the QR of a
    normal draw."""
    sizes = shape_tuple(shape, orthogonal, "shape")
    if len(sizes) != 2 or None in sizes:
        raise ValueError(
            f"orthogonal: shape must be (rows, columns) of ints >= 1; got {shape!r}"
        )
    rows, cols = sizes
    q, r = np.linalg.qr(_rng.normal(size=(max(rows, cols), min(rows, cols))))
    q *= np.sign(np.diag(r))  # makes the draw uniform over orthogonal matrices
    # Contiguous, so optimizers and gradient checks can update it in place.
    return np.ascontiguousarray(q.T if rows < cols else q)


_BY_NAME: dict[str, Initializer] = {
    "glorot_uniform": glorot_uniform,
    "he_normal": he_normal,
    "zeros": zeros,
    "ones": ones,
}


NAMES: tuple[str, ...] = tuple(_BY_NAME)


def get(name: str) -> Initializer:
    """The initializer called ``name`` ("glorot_uniform", "he_normal", "zeros",
    "ones")."""
    return _BY_NAME[choice(name, _BY_NAME, "initializers.get", "name", "initializer")]
