"""Package-level promises: fast import, no TensorFlow, lazy plotting."""

import subprocess
import sys

CODE = """
import sys, time
t = time.perf_counter()
import deepstep
elapsed = time.perf_counter() - t
print(elapsed, 'tensorflow' in sys.modules, 'matplotlib' in sys.modules)
"""


def run(code):
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.split()


def test_import_does_not_load_tensorflow_or_matplotlib_and_is_fast():
    elapsed, tf_loaded, mpl_loaded = run(CODE)
    assert tf_loaded == "False"
    assert mpl_loaded == "False"
    # Budget from the foundation issue; measured well under it on a 2-core CI machine.
    assert float(elapsed) < 0.5


def test_plot_loads_on_first_use():
    (loaded,) = run("import deepstep, sys; deepstep.plot; print('matplotlib' in sys.modules)")
    assert loaded == "True"
