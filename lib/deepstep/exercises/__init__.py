"""Exercises: the lines each notebook asks the student to write, and checks that say
what is wrong.  (every notebook)

A notebook's check cell calls ``exercises.check_<name>(fn)``, e.g.
``exercises.check_max_pool(max_pool)``, which runs the student's function on several
cases against the library and shows ``✓`` with the relative error, a hint for the
specific mistake, or "not done yet" for an untouched stub. One module per notebook holds
that notebook's exercises (``pooling`` for 07, ...); ``EXERCISES`` lists them all by
name, for the tests that prove each check passes the solution, reports "not done" on the
stub and catches each known wrong version with its hint.
"""

from .catalog import EXERCISES
from .feedback import Case, CheckResult, Exercise, KnownMistake


def __getattr__(name: str):  # check_<exercise>: that exercise's check, from the catalog
    if name.startswith("check_") and name.removeprefix("check_") in EXERCISES:
        return EXERCISES[name.removeprefix("check_")].check
    raise AttributeError(f"module 'deepstep.exercises' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *(f"check_{name}" for name in EXERCISES)])


__all__ = ["EXERCISES", "Case", "CheckResult", "Exercise", "KnownMistake"]
