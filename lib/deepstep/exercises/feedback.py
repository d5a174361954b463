"""How an exercise checks a student's function and says what is wrong.  (every notebook)

An ``Exercise`` holds the library's answer (``reference``), the cases to try (edge cases
included) and the ``KnownMistake``s students actually make, each a wrong implementation
with the hint it deserves. ``Exercise.check(fn)`` runs ``fn`` on every case and returns
a ``CheckResult`` whose text is one of:

- ``✓ max_pool agrees with nn.ops.max_pool2d on 6 cases (...); max relative error
  0.0e+00``
- ``✗ max_pool, case "7x7 map": you return shape (3, 3), expected (4, 4). Hint: ...``
- ``… not done yet: max_pool still raises NotImplementedError. ...``

A hint is chosen by behaviour, not by reading code: when the student's output on the
first failing case equals what a known mistake outputs there, that mistake's hint is
given. CI feeds every ``KnownMistake.wrong`` to its exercise and requires the matching
hint, so each hint is proved reachable, and the reference must pass and the stub must
say "not done".
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .._checks import as_finite_scalar, function, received

#: Below this relative error (cs231n's measure) two answers are the same answer.
RTOL = 1e-6
#: Shown after "not done yet", so a student knows the notebook still runs.
CARRY_ON = "The cells below use the library, so carry on and come back to it."


@dataclass(frozen=True)
class Case:
    """One call of the student's function: ``fn(*args, **kwargs)``, with a label to
    show.

    For arguments that cannot be deep-copied or must be built fresh for every call (a
    Keras model, an optimizer with state), give ``make``: a zero-argument function
    returning ``(args, kwargs)``, called anew before each function is tried.
    """

    label: str
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)
    make: Callable[[], tuple[tuple[Any, ...], dict[str, Any]]] | None = None

    def call(self, fn: Callable[..., Any]) -> Any:
        function(fn, "Case.call", "fn")
        if self.make is not None:
            args, kwargs = self.make()
            return fn(*args, **kwargs)
        # Fresh copies every call: a function that writes into its input must not change
        # the case for the next function that is tried on it.
        return fn(*copy.deepcopy(self.args), **copy.deepcopy(self.kwargs))


@dataclass(frozen=True)
class KnownMistake:
    """A wrong implementation students write, and what to tell a student who wrote
    it."""

    wrong: Callable[..., Any]
    hint: str


@dataclass(frozen=True)
class CheckResult:
    """What ``Exercise.check`` found. status: "pass", "fail" or "not done".

    A check cell that ends with the call prints the verdict: as text on the output
    stream, not as a value, because nbgrader would read a value left by a graded cell as
    partial credit.
    """

    status: str
    message: str
    hint: str | None = None
    max_relative_error: float | None = None

    @property
    def passed(self) -> bool:
        return self.status == "pass"

    def __repr__(self) -> str:
        return self.message

    __str__ = __repr__

    def _ipython_display_(
        self,
    ) -> None:  # IPython's hook for the value a cell ends with
        print(self.message)


def relative_error(a: Any, b: Any) -> float:
    """max |a - b| / max(|a| + |b|, 1e-8), elementwise: cs231n's measure. Same shapes.

    Equal infinities, and NaN where the other side is NaN too, count as agreeing (a
    reference that is undefined somewhere is matched by an answer undefined there); a
    NaN on one side only is an infinite error."""
    x, y = _numbers(a, "a"), _numbers(b, "b")
    if x.shape != y.shape:
        raise ValueError(
            f"relative_error: a and b must have the same shape; got {x.shape} and "
            f"{y.shape}"
        )
    if x.size == 0:
        return 0.0
    both_inf = np.isinf(x) & np.isinf(y) & (np.sign(x) == np.sign(y))
    both_nan = np.isnan(x) & np.isnan(y)
    with np.errstate(invalid="ignore"):
        err = np.abs(x - y) / np.maximum(np.abs(x) + np.abs(y), 1e-8)
    err = np.where(both_inf | both_nan, 0.0, err)
    return float(np.nan_to_num(err, nan=np.inf).max())


def _numbers(value: Any, name: str) -> np.ndarray:
    """``value`` as floats (NaN and inf kept: they are compared, not refused)."""
    try:
        if value is None or isinstance(value, str | bytes):
            raise TypeError
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(
            f"relative_error: {name} must be numbers; got {received(value)}"
        ) from None


def _parts(value: Any) -> list[Any]:
    # A tuple or list of results (e.g. gradients dx, dw) is compared part by part.
    return list(value) if isinstance(value, tuple | list) else [value]


def _shape(value: Any) -> tuple[int, ...] | None:
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return None
    return array.shape


def _first_difference(got: Any, want: Any, rtol: float) -> str:
    g, w = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    if g.ndim == 0:
        return f"you return {float(g):.6g}, expected {float(w):.6g}"
    with np.errstate(invalid="ignore"):
        err = np.abs(g - w) / np.maximum(np.abs(g) + np.abs(w), 1e-8)
    where = tuple(int(i) for i in np.argwhere(np.nan_to_num(err, nan=np.inf) > rtol)[0])
    return (
        f"first at index {where}: you have {g[where]:.6g}, expected {w[where]:.6g}; "
        f"max relative error {relative_error(g, w):.1e}"
    )


def difference(got: Any, want: Any, rtol: float) -> tuple[str | None, float]:
    """Why ``got`` is not ``want`` (None when it is), and the largest relative error."""
    rtol = as_finite_scalar(rtol, difference, "rtol")
    got_parts, want_parts = _parts(got), _parts(want)
    if len(got_parts) != len(want_parts):
        return (
            f"you return {len(got_parts)} value(s), expected {len(want_parts)}",
            float("inf"),
        )
    worst = 0.0
    for i, (g, w) in enumerate(zip(got_parts, want_parts, strict=True)):
        which = f"value {i + 1}: " if len(want_parts) > 1 else ""
        if g is None:
            return f"{which}you return None; did you forget `return`?", float("inf")
        shape_g, shape_w = _shape(g), _shape(w)
        if shape_g is None:
            return f"{which}you return {type(g).__name__}, expected numbers", float(
                "inf"
            )
        if shape_g != shape_w:
            return f"{which}you return shape {shape_g}, expected {shape_w}", float(
                "inf"
            )
        err = relative_error(g, w)
        worst = max(worst, err)
        if err > rtol:
            return f"{which}values differ ({_first_difference(g, w, rtol)})", err
    return None, worst


@dataclass(frozen=True)
class Exercise:
    """One implement-then-check exercise.

    name: the function the student writes; notebook: where (e.g. "07_pooling_relu_xo");
    reference: the library's answer, called like the student's function; compares: how
    the ✓ line names the reference; cases: zero-argument function giving the cases
    (built on demand, so importing the package stays cheap); mistakes: the known wrong
    versions.
    """

    name: str
    notebook: str
    reference: Callable[..., Any]
    compares: str
    cases: Callable[[], Sequence[Case]]
    mistakes: tuple[KnownMistake, ...] = ()
    rtol: float = RTOL

    def check(self, fn: Callable[..., Any]) -> CheckResult:
        """Run ``fn`` on every case against the reference; the verdict, with a hint."""
        if not callable(fn):
            return CheckResult(
                "fail",
                f"✗ check {self.name}: expected your function {self.name}; "
                f"got {type(fn).__name__} {fn!r:.60}",
            )
        cases = list(self.cases())
        worst = 0.0
        for case in cases:
            want = case.call(self.reference)
            try:
                got = case.call(fn)
            except NotImplementedError:
                return CheckResult(
                    "not done",
                    f"… not done yet: {self.name} still raises NotImplementedError. "
                    f"{CARRY_ON}",
                )
            except Exception as error:  # the student's bug, reported rather than raised
                hint = self._hint_for_error(case, error)
                return CheckResult(
                    "fail",
                    f'✗ {self.name}, case "{case.label}": raised '
                    f"{type(error).__name__}: {error}"
                    + (f"\nHint: {hint}" if hint else ""),
                    hint,
                )
            why, err = difference(got, want, self.rtol)
            if why is not None:
                hint = self._hint_for_output(case, got)
                return CheckResult(
                    "fail",
                    f'✗ {self.name}, case "{case.label}": {why}.'
                    + (f"\nHint: {hint}" if hint else ""),
                    hint,
                    err,
                )
            worst = max(worst, err)
        labels = "; ".join(case.label for case in cases)
        return CheckResult(
            "pass",
            f"✓ {self.name} agrees with {self.compares} on {len(cases)} cases "
            f"({labels}); max relative error {worst:.1e}",
            None,
            worst,
        )

    def _hint_for_output(self, case: Case, got: Any) -> str | None:
        for mistake in self.mistakes:
            try:
                theirs = case.call(mistake.wrong)
            except Exception:
                continue
            if difference(got, theirs, self.rtol)[0] is None:
                return mistake.hint
        return None

    def _hint_for_error(self, case: Case, error: Exception) -> str | None:
        for mistake in self.mistakes:
            try:
                case.call(mistake.wrong)
            except type(error):
                return mistake.hint
            except Exception:
                continue
        return None


def not_implemented(*args: Any, **kwargs: Any) -> Any:
    """What an untouched stub does (nbgrader's stub raises NotImplementedError)."""
    raise NotImplementedError()
