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

import functools
from collections.abc import Callable, Iterable
from typing import TypeVar

import numpy as np

F = TypeVar("F", bound=Callable[..., object])

Func = str | Callable[..., object]


def name_of(func: Func) -> str:
    """The name a message uses: the string itself, or a function's or class's
    ``__qualname__``."""
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
    """Return ``value`` as a float array, or raise an error that names ``func`` and
    ``name``.

    ndim: the accepted number(s) of dimensions, or None for any.
    Float32 and float64 inputs keep their dtype; integers and bools become float64.
    """
    func = name_of(func)
    if isinstance(value, str | bytes) or value is None:
        raise TypeError(
            f"{func}: {name} must be numeric; got {type(value).__name__} {value!r}"
        )
    try:
        arr = np.asarray(value)
    except ValueError as err:  # ragged nested lists
        raise ValueError(
            f"{func}: {name} must be a rectangular array; got {value!r}"
        ) from err
    if arr.dtype == object or not (
        np.issubdtype(arr.dtype, np.number) or np.issubdtype(arr.dtype, np.bool_)
    ):
        raise TypeError(
            f"{func}: {name} must be numeric; got dtype {arr.dtype} from {value!r}"
        )
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


def as_finite_scalar(
    value: object, func: Func, name: str, *, positive: bool = False
) -> float:
    """Return ``value`` as a finite Python float; ``positive`` also rejects values <=
    0."""
    func = name_of(func)
    if isinstance(value, bool) or not isinstance(
        value, int | float | np.integer | np.floating
    ):
        raise TypeError(
            f"{func}: {name} must be a number; got {type(value).__name__} {value!r}"
        )
    out = float(value)
    if not np.isfinite(out):
        raise ValueError(f"{func}: {name} must be finite; got {out}")
    if positive and out <= 0:
        raise ValueError(f"{func}: {name} must be > 0; got {out}")
    return out


def share(value: object, func: Func, name: str) -> float:
    """Return ``value`` as a float in [0, 1] (a probability, a momentum, a share)."""
    out = as_finite_scalar(value, func, name)
    if not 0.0 <= out <= 1.0:
        raise ValueError(f"{name_of(func)}: {name} must be in [0, 1]; got {out}")
    return out


def positive_int(value: object, func: Func, name: str) -> int:
    """Return ``value`` as an int >= 1 (bools refused), or raise a ValueError naming
    it."""
    func = name_of(func)
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
        raise ValueError(f"{func}: {name} must be a positive int; got {value!r}")
    return int(value)


def non_negative_int(value: object, func: Func, name: str) -> int:
    """Return ``value`` as an int >= 0 (bools refused), e.g. a seed or a padding
    width."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 0:
        raise ValueError(f"{name_of(func)}: {name} must be an int >= 0; got {value!r}")
    return int(value)


def int_pair(value: object, func: Func, name: str) -> tuple[int, int]:
    """An int or a pair of ints >= 1 (a kernel size, strides) as a pair (rows,
    columns)."""
    if isinstance(value, tuple | list):
        if len(value) != 2:
            raise ValueError(
                f"{name_of(func)}: {name} must be an int or a pair of ints; got "
                f"{value!r}"
            )
        return positive_int(value[0], func, name), positive_int(value[1], func, name)
    v = positive_int(value, func, name)
    return v, v


def padding_mode(value: object, func: Func, allow_int: bool = True) -> str | int:
    """Keras's padding: "valid" or "same" (any case), or, where ``allow_int``, an int >=
    0."""
    if isinstance(value, str):
        key = value.lower()
        if key in ("valid", "same"):
            return key
    elif (
        allow_int
        and isinstance(value, int | np.integer)
        and not isinstance(value, bool)
    ):
        if value >= 0:
            return int(value)
    choices = '"valid", "same" or an int >= 0' if allow_int else '"valid" or "same"'
    raise ValueError(f"{name_of(func)}: padding must be {choices}; got {value!r}")


def shape_tuple(
    shape: object, func: Func, name: str = "input_shape"
) -> tuple[int | None, ...]:
    """A shape as a tuple of ints >= 1 or None (an int n means (n,))."""
    if isinstance(shape, int):
        shape = (shape,)
    try:
        if isinstance(shape, str | bytes):
            raise TypeError  # a string is iterable but never a shape
        out = tuple(None if s is None else int(s) for s in shape)  # type: ignore[union-attr]
    except (TypeError, ValueError, OverflowError):
        raise TypeError(
            f"{name_of(func)}: {name} must be a tuple of ints (or None); got "
            f"{received(shape)}"
        ) from None
    if any(s is not None and s < 1 for s in out):
        raise ValueError(f"{name_of(func)}: {name} sizes must be >= 1; got {out}")
    return out


def require_shape(
    arr: np.ndarray, expected: tuple[int | None, ...], func: Func, name: str
) -> None:
    """Raise ValueError unless ``arr.shape`` matches ``expected`` (None matches any
    size)."""
    func = name_of(func)
    ok = arr.ndim == len(expected) and all(
        e is None or e == s for e, s in zip(expected, arr.shape, strict=True)
    )
    if not ok:
        want = "(" + ", ".join("any" if e is None else str(e) for e in expected) + ")"
        raise ValueError(
            f"{func}: {name} must have shape {want}; got shape {arr.shape}"
        )


def received(value: object) -> str:
    """How a message shows what it got: the type, and the value where it is short."""
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}"
    text = repr(value)
    return f"{type(value).__name__} {text}" if len(text) <= 60 else type(value).__name__


def flag(value: object, func: Func, name: str) -> bool:
    """Return ``value`` as a bool: True, False (or a NumPy bool), nothing else."""
    if not isinstance(value, bool | np.bool_):
        raise TypeError(
            f"{name_of(func)}: {name} must be True or False; got {received(value)}"
        )
    return bool(value)


def text(value: object, func: Func, name: str, *, optional: bool = False) -> str | None:
    """Return ``value`` as a str (or None where ``optional``): a title, a name, a
    label."""
    if value is None and optional:
        return None
    if not isinstance(value, str):
        want = "a string or None" if optional else "a string"
        raise TypeError(
            f"{name_of(func)}: {name} must be {want}; got {received(value)}"
        )
    return value


def choice(
    value: object,
    choices: Iterable[str],
    func: Func,
    name: str,
    thing: str | None = None,
) -> str:
    """Return ``value`` if it is one of ``choices`` (strings), else a ValueError listing
    them: ``"get: unknown activation 'sigmod'; known: step, ... (argument name)"``, or
    without ``thing``, ``"f: mode must be one of a, b; got 'c'"``."""
    choices = tuple(choices)
    if isinstance(value, str) and value in choices:
        return value
    known = ", ".join(choices)
    if thing is None:
        raise ValueError(
            f"{name_of(func)}: {name} must be one of {known}; got {received(value)}"
        )
    if not isinstance(value, str) and value is not None:
        raise ValueError(
            f"{name_of(func)}: {name} must be the name of a {thing} ({known}); got "
            f"{received(value)}"
        )
    raise ValueError(
        f"{name_of(func)}: unknown {thing} {value!r}; known: {known} (argument {name})"
    )


def known_name(
    value: object,
    known: Iterable[str],
    func: Func,
    name: str,
    thing: str,
    *,
    none: str | None = None,
) -> str:
    """``value`` lower-cased, if it is one of the ``known`` names (any case); ``none``:
    what None stands for, if it is allowed (a layer's activation=None is "linear")."""
    known = tuple(known)
    if value is None and none is not None:
        return none
    if not isinstance(value, str):
        also = " or None" if none is not None else ""
        raise TypeError(
            f"{name_of(func)}: {name} must be a string, the name of a {thing}{also}; "
            f"got {received(value)}"
        )
    if value.lower() not in known:
        choice(value, known, func, name, thing)  # raises, listing them
    return value.lower()


def function(value: object, func: Func, name: str) -> Callable[..., object]:
    """Return ``value`` if it can be called (a function, a model, a layer)."""
    if not callable(value):
        raise TypeError(
            f"{name_of(func)}: {name} must be a function; got {received(value)}"
        )
    return value


def instance_of(
    value: object, kind: type | tuple[type, ...], func: Func, name: str
) -> object:
    """Return ``value`` if it is a ``kind`` (a class or a tuple of classes)."""
    if not isinstance(value, kind):
        kinds = kind if isinstance(kind, tuple) else (kind,)
        want = " or ".join(k.__name__ for k in kinds)
        raise TypeError(
            f"{name_of(func)}: {name} must be a {want}; got {received(value)}"
        )
    return value


def mapping(value: object, func: Func, name: str, *, non_empty: bool = True) -> dict:
    """Return ``value`` as a dict (a Mapping): figures' {label: series} arguments."""
    from collections.abc import Mapping

    if not isinstance(value, Mapping):
        raise TypeError(
            f"{name_of(func)}: {name} must be a dict; got {received(value)}"
        )
    if non_empty and not value:
        raise ValueError(f"{name_of(func)}: {name} must be a non-empty dict; got {{}}")
    return dict(value)


def sequence(value: object, func: Func, name: str, *, non_empty: bool = True) -> list:
    """Return ``value`` as a list: a list or tuple (not a string, not an array) of
    items."""
    if not isinstance(value, list | tuple):
        raise TypeError(
            f"{name_of(func)}: {name} must be a list or tuple; got {received(value)}"
        )
    if non_empty and not value:
        raise ValueError(f"{name_of(func)}: {name} must be non-empty; got {value!r}")
    return list(value)


def boundary(func: F) -> F:
    """Decorator for a public function that hands its arguments on to others (a widget
    callback, a figure that runs a lesson helper): an error raised further in names the
    function the student called first, ``"draw_kernel → named_kernel: name must be
    ..."``.

    Not for hot paths (a layer's forward): it adds one call."""
    name = name_of(func)

    @functools.wraps(func)
    def checked(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except (ValueError, TypeError) as err:
            message = str(err)
            if message.startswith((f"{name}:", f"{name} →")):
                raise
            kind = ValueError if isinstance(err, ValueError) else TypeError
            raise kind(f"{name} → {message}").with_traceback(
                err.__traceback__
            ) from None

    return checked  # type: ignore[return-value]


def _preview(arr: np.ndarray) -> str:
    with np.printoptions(threshold=8, edgeitems=3):
        return np.array2string(arr)
