"""Every argument check of the library, and the one format of its messages.

Every public function turns its arguments into float arrays, ints and shapes here, so a
student who passes a string, a ragged list or a NaN learns which argument of which
function was wrong, instead of meeting a NumPy traceback three calls deep. Messages read
``"{func}: {name} must be {expected}; got {received}"``. ``func`` is the function or
class itself (its ``__name__`` is used, so the name comes from the code) or a string
for names built at run time, such as a layer's ``"dense_1.forward"``.

This module imports nothing from the rest of the package: everything else imports it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np

Func = str | Callable[..., object]


def name_of(func: Func) -> str:
    """The name a message uses: the string itself, or a function's or class's ``__qualname__``."""
    return func if isinstance(func, str) else func.__qualname__


def as_float_array(
    value: object,
    func: Func,
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
    func = name_of(func)
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


def as_finite_scalar(value: object, func: Func, name: str, *, positive: bool = False) -> float:
    """Return ``value`` as a finite Python float; ``positive`` also rejects values <= 0."""
    func = name_of(func)
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise TypeError(f"{func}: {name} must be a number; got {type(value).__name__} {value!r}")
    out = float(value)
    if not np.isfinite(out):
        raise ValueError(f"{func}: {name} must be finite; got {out}")
    if positive and out <= 0:
        raise ValueError(f"{func}: {name} must be > 0; got {out}")
    return out


def positive_int(value: object, func: Func, name: str) -> int:
    """Return ``value`` as an int >= 1 (bools refused), or raise a ValueError naming it."""
    func = name_of(func)
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
        raise ValueError(f"{func}: {name} must be a positive int; got {value!r}")
    return int(value)


def non_negative_int(value: object, func: Func, name: str) -> int:
    """Return ``value`` as an int >= 0 (bools refused), e.g. a seed or a padding width."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 0:
        raise ValueError(f"{name_of(func)}: {name} must be an int >= 0; got {value!r}")
    return int(value)


def int_pair(value: object, func: Func, name: str) -> tuple[int, int]:
    """An int or a pair of ints >= 1 (a kernel size, strides) as a pair (rows, columns)."""
    if isinstance(value, tuple | list):
        if len(value) != 2:
            raise ValueError(
                f"{name_of(func)}: {name} must be an int or a pair of ints; got {value!r}"
            )
        return positive_int(value[0], func, name), positive_int(value[1], func, name)
    v = positive_int(value, func, name)
    return v, v


def padding_mode(value: object, func: Func, allow_int: bool = True) -> str | int:
    """Keras's padding: "valid" or "same" (any case), or, where ``allow_int``, an int >= 0."""
    if isinstance(value, str):
        key = value.lower()
        if key in ("valid", "same"):
            return key
    elif allow_int and isinstance(value, int | np.integer) and not isinstance(value, bool):
        if value >= 0:
            return int(value)
    choices = '"valid", "same" or an int >= 0' if allow_int else '"valid" or "same"'
    raise ValueError(f"{name_of(func)}: padding must be {choices}; got {value!r}")


def shape_tuple(shape: object, func: Func) -> tuple[int | None, ...]:
    """A shape as a tuple of ints >= 1 or None (an int n means (n,))."""
    if isinstance(shape, int):
        shape = (shape,)
    try:
        out = tuple(None if s is None else int(s) for s in shape)  # type: ignore[union-attr]
    except (TypeError, ValueError):
        raise TypeError(
            f"{name_of(func)}: a shape must be a tuple of ints (or None); got {shape!r}"
        ) from None
    if any(s is not None and s < 1 for s in out):
        raise ValueError(f"{name_of(func)}: shape sizes must be >= 1; got {out}")
    return out


def require_shape(arr: np.ndarray, expected: tuple[int | None, ...], func: Func, name: str) -> None:
    """Raise ValueError unless ``arr.shape`` matches ``expected`` (None matches any size)."""
    func = name_of(func)
    ok = arr.ndim == len(expected) and all(
        e is None or e == s for e, s in zip(expected, arr.shape, strict=True)
    )
    if not ok:
        want = "(" + ", ".join("any" if e is None else str(e) for e in expected) + ")"
        raise ValueError(f"{func}: {name} must have shape {want}; got shape {arr.shape}")


def _preview(arr: np.ndarray) -> str:
    with np.printoptions(threshold=8, edgeitems=3):
        return np.array2string(arr)
