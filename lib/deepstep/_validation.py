"""Input checks shared by the public functions.

Every public function turns its array arguments into float arrays here, so a
student who passes a string, a ragged list or a NaN learns which argument of
which function was wrong, instead of meeting a NumPy traceback three calls deep.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np


def as_float_array(
    value: object,
    func: str,
    name: str,
    *,
    ndim: int | Iterable[int] | None = None,
    allow_nan: bool = False,
    allow_inf: bool = True,
) -> np.ndarray:
    """Return ``value`` as a float array, or raise an error that names ``func`` and ``name``.

    ndim: the accepted number(s) of dimensions, or None for any.
    Float32 and float64 inputs keep their dtype; integers and bools become float64.
    """
    if isinstance(value, str | bytes) or value is None:
        raise TypeError(f"{func}: {name} must be numeric; got {type(value).__name__} {value!r}")
    try:
        arr = np.asarray(value)
    except ValueError as err:  # ragged nested lists
        raise ValueError(f"{func}: {name} must be a rectangular array; got {value!r}") from err
    if arr.dtype == object or not (
        np.issubdtype(arr.dtype, np.number) or np.issubdtype(arr.dtype, np.bool_)
    ):
        raise TypeError(f"{func}: {name} must be numeric; got dtype {arr.dtype} from {value!r}")
    if np.issubdtype(arr.dtype, np.complexfloating):
        raise TypeError(f"{func}: {name} must be real; got complex dtype {arr.dtype}")
    if arr.dtype not in (np.float32, np.float64):
        arr = arr.astype(np.float64)
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if arr.ndim not in allowed:
            want = " or ".join(f"{d}-D" for d in allowed)
            raise ValueError(f"{func}: {name} must be {want}; got shape {arr.shape}")
    if not allow_nan and np.isnan(arr).any():
        raise ValueError(f"{func}: {name} contains NaN; got {_preview(arr)}")
    if not allow_inf and np.isinf(arr).any():
        raise ValueError(f"{func}: {name} contains inf; got {_preview(arr)}")
    return arr


def as_finite_scalar(value: object, func: str, name: str, *, positive: bool = False) -> float:
    """Return ``value`` as a finite Python float; ``positive`` also rejects values <= 0."""
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise TypeError(f"{func}: {name} must be a number; got {type(value).__name__} {value!r}")
    out = float(value)
    if not np.isfinite(out):
        raise ValueError(f"{func}: {name} must be finite; got {out}")
    if positive and out <= 0:
        raise ValueError(f"{func}: {name} must be > 0; got {out}")
    return out


def positive_int(value: object, func: str, name: str) -> int:
    """Return ``value`` as an int >= 1 (bools refused), or raise a ValueError naming it."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
        raise ValueError(f"{func}: {name} must be a positive int; got {value!r}")
    return int(value)


def require_shape(arr: np.ndarray, expected: tuple[int | None, ...], func: str, name: str) -> None:
    """Raise ValueError unless ``arr.shape`` matches ``expected`` (None matches any size)."""
    ok = arr.ndim == len(expected) and all(
        e is None or e == s for e, s in zip(expected, arr.shape, strict=True)
    )
    if not ok:
        want = "(" + ", ".join("any" if e is None else str(e) for e in expected) + ")"
        raise ValueError(f"{func}: {name} must have shape {want}; got shape {arr.shape}")


def _preview(arr: np.ndarray) -> str:
    with np.printoptions(threshold=8, edgeitems=3):
        return np.array2string(arr)
