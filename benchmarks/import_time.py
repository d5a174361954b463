"""How long `import deepstep` and `import deepstep.nn` take in a fresh interpreter.

    make bench        (or: .venv/bin/python benchmarks/import_time.py)

The foundation issue's budget is half a second on a 2-core machine. Tests check only
what the import loads (tests/repo/test_package.py); the time is measured here, best of 5
fresh runs.
"""

from __future__ import annotations

import subprocess
import sys

BUDGET_S = 0.5
CODE = (
    "import time; t = time.perf_counter(); import {module}; "
    "print(time.perf_counter() - t)"
)


def import_seconds(module: str, repeats: int = 5) -> float:
    """The fastest of ``repeats`` imports of ``module``, each in a new interpreter."""
    runs = []
    for _ in range(repeats):
        out = subprocess.run(
            [sys.executable, "-c", CODE.format(module=module)],
            capture_output=True,
            text=True,
            check=True,
        )
        runs.append(float(out.stdout))
    return min(runs)


if __name__ == "__main__":
    for module in ("deepstep", "deepstep.nn"):
        seconds = import_seconds(module)
        print(
            f"import {module:12s} {seconds:.3f} s  ({seconds / BUDGET_S:.2f} of the "
            "budget)"
        )
