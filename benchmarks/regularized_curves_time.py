"""How long notebook 10's slider takes to retrain: ``overfitting.regularized_curves`` on
the notebook's 300 digits (one label in five wrong) and 400 validation digits, 80
epochs.

    .venv/bin/python benchmarks/regularized_curves_time.py

The slider's budget is well under a second per setting; tests check the curves, not the
time. Best of 5 runs for each of three settings, one BLAS thread as in the notebook.
"""

from __future__ import annotations

import time

from threadpoolctl import threadpool_limits

from deepstep.overfitting import noisy_digits, regularized_curves

BUDGET_S = 1.0


if __name__ == "__main__":
    threadpool_limits(limits=1)
    x, y, x_val, y_val = noisy_digits()
    for dropout, weight_decay in ((0.0, 0.0), (0.5, 0.0), (0.0, 0.05)):
        runs = []
        for _ in range(5):
            start = time.perf_counter()
            regularized_curves(x, y, dropout, weight_decay, x_val=x_val, y_val=y_val)
            runs.append(time.perf_counter() - start)
        best = min(runs)
        print(
            f"dropout {dropout:.2f}, weight decay {weight_decay:.2f}: {best:.3f} s "
            f"({best / BUDGET_S:.2f} of the budget)"
        )
