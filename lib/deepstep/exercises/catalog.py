"""Every exercise of the NumPy notebooks, by the name of the function the student
writes.

Each module of this package holds one notebook's exercises in a tuple ``EXERCISES``; the
catalog finds them by walking the package, so a new module is picked up the day it is
added and no list is kept by hand.
"""

from __future__ import annotations

import importlib
import pkgutil

from .feedback import Exercise

_NOT_EXERCISES = {"catalog", "feedback"}


def _collect() -> dict[str, Exercise]:
    found: dict[str, Exercise] = {}
    for info in pkgutil.iter_modules(_package_path()):
        if info.name in _NOT_EXERCISES:
            continue
        module = importlib.import_module(f"{__package__}.{info.name}")
        for exercise in getattr(module, "EXERCISES", ()):
            if exercise.name in found:
                raise RuntimeError(f"two exercises are called {exercise.name!r}")
            found[exercise.name] = exercise
    return found


def _package_path() -> list[str]:
    return list(importlib.import_module(__package__).__path__)


EXERCISES: dict[str, Exercise] = _collect()
