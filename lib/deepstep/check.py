"""Visible checks for notebooks: assert a result and print one line saying what was
verified. (every notebook)

    >>> check.slide([0.1301, 0.9569, 0.4013], [.13, .96, .40], "hidden layer")
    ✓ hidden layer matches the slide: [0.13 0.96 0.40]

A failed check raises AssertionError showing both values, so "Restart and run all"
(and CI) stops at the first number that no longer agrees.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from ._checks import as_finite_scalar, as_float_array, choice, name_of, text

_ROUNDINGS = ("round", "truncate")


def to_slide_precision(
    values: npt.ArrayLike, decimals: int = 2, rounding: str = "round"
) -> np.ndarray:
    """Cut ``values`` to ``decimals`` places the way a slide printed them.

    rounding="round" is ordinary rounding (0.957 -> 0.96); "truncate" drops the
    extra digits toward zero (7/9 = 0.777... -> 0.77, -0.555 -> -0.55).
    """
    arr = as_float_array(values, to_slide_precision, "values", allow_inf=False)
    if (
        not isinstance(decimals, int | np.integer)
        or isinstance(decimals, bool)
        or decimals < 0
    ):
        raise ValueError(
            f"{name_of(to_slide_precision)}: decimals must be an int >= 0; got "
            f"{decimals!r}"
        )
    choice(rounding, _ROUNDINGS, to_slide_precision, "rounding")
    scale = 10.0**decimals
    if rounding == "round":
        return np.round(arr * scale) / scale
    # Round away float noise first, so that 0.29 * 100 = 28.999999999999996 truncates to
    # 29.
    return np.trunc(np.round(arr * scale, 6)) / scale


def _fmt(values: np.ndarray, decimals: int) -> str:
    values = values + 0.0  # turn -0.0 into 0.0, so truncated -0.004 prints as 0.00
    if values.ndim == 0:
        return f"{float(values):.{decimals}f}"
    return np.array2string(
        values, formatter={"float_kind": lambda v: f"{v:.{decimals}f}"}
    )


def slide(
    actual: npt.ArrayLike,
    expected: npt.ArrayLike,
    what: str,
    *,
    decimals: int = 2,
    rounding: str = "round",
) -> None:
    """Assert that ``actual``, cut to the slide's precision, equals the slide's
    ``expected``.

    actual and expected: the same shape. Prints "✓ <what> matches the slide: <values>".
    """
    as_float_array(actual, slide, "actual", allow_inf=False)
    text(what, slide, "what")
    shown = to_slide_precision(actual, decimals, rounding)
    want = as_float_array(expected, slide, "expected", allow_inf=False)
    if shown.shape != want.shape:
        raise ValueError(
            f"{name_of(slide)}: {what}: actual has shape {shown.shape} but the "
            f"slide's values have shape {want.shape}"
        )
    # Compare at slide precision; the tolerance only absorbs binary representation
    # error.
    if not np.allclose(shown, want, rtol=0, atol=0.5 * 10.0**-decimals * 1e-3):
        raise AssertionError(
            f"✗ {what} does not match the slide: expected {_fmt(want, decimals)}, "
            f"got {_fmt(shown, decimals)} ({rounding}ed to {decimals} decimals from "
            f"{np.asarray(actual)!r})"
        )
    print(f"✓ {what} matches the slide: {_fmt(shown, decimals)}")


def close(
    actual: npt.ArrayLike,
    expected: npt.ArrayLike,
    what: str,
    *,
    atol: float = 1e-8,
) -> None:
    """Assert that two arrays of the same shape agree within ``atol``; print one ✓ line.

    The printed line names the tolerance, not the difference, so it reads the same
    on every machine.
    """
    text(what, close, "what")
    a = as_float_array(actual, close, "actual")
    e = as_float_array(expected, close, "expected")
    if a.shape != e.shape:
        raise ValueError(
            f"{name_of(close)}: {what}: actual has shape {a.shape}, expected shape "
            f"{e.shape}"
        )
    atol = as_finite_scalar(atol, close, "atol")
    if atol < 0:
        raise ValueError(f"{name_of(close)}: atol must be >= 0; got {atol}")
    diff = float(np.max(np.abs(a - e))) if a.size else 0.0
    if not diff <= atol:
        raise AssertionError(
            f"✗ {what}: largest difference {diff:.3g} exceeds {atol:g}\n"
            f"  actual:   {a!r}\n  expected: {e!r}"
        )
    print(f"✓ {what} agree within {atol:g}")


def equal(actual: object, expected: object, what: str) -> None:
    """Assert exact equality (labels, counts, integer arrays); print "✓ <what>:
    <value>"."""
    text(what, equal, "what")
    if isinstance(actual, np.ndarray) or isinstance(expected, np.ndarray):
        same = np.shape(actual) == np.shape(expected) and bool(
            np.all(actual == expected)
        )
    else:
        same = actual == expected
    if not same:
        raise AssertionError(f"✗ {what}: expected {expected!r}, got {actual!r}")
    shown = (
        f"{actual:,}"
        if isinstance(actual, int) and not isinstance(actual, bool)
        else actual
    )
    print(f"✓ {what}: {shown}")


def _bound_check(
    value: float,
    bound: float,
    what: str,
    fn: object,
    holds: Callable[[float, float], bool],
    sign: str,
    decimals: int,
) -> None:
    text(what, fn, "what")
    v = as_finite_scalar(value, fn, "value")
    b = as_finite_scalar(bound, fn, "bound")
    shown = f"{v:.{decimals}g} {sign} {b:.{decimals}g}"
    if not holds(v, b):
        raise AssertionError(
            f"✗ {what}: {v:.{decimals}g} is not {sign} {b:.{decimals}g}"
        )
    print(f"✓ {what} {shown}")


def less(value: float, bound: float, what: str, *, digits: int = 3) -> None:
    """Assert ``value < bound``; print "✓ <what> <value> < <bound>" with the number
    itself.

    Use it where a notebook would otherwise print a bare ``True``: the student sees how
    far inside the bound the result is. ``digits`` significant digits are shown; results
    that change from run to run should be marked ≈ in ``what`` for nbval's sanitizer.
    """
    _bound_check(value, bound, what, less, lambda v, b: v < b, "<", digits)


def greater(value: float, bound: float, what: str, *, digits: int = 3) -> None:
    """Assert ``value > bound``; print "✓ <what> <value> > <bound>"; see ``less``."""
    _bound_check(value, bound, what, greater, lambda v, b: v > b, ">", digits)
