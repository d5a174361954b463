"""Test-wide settings and the fixtures every group shares: figures drawn headlessly
(Agg) and closed after each test, a test that leaves the course's matplotlib style
changed fails, and ``tf`` / ``keras`` fixtures that skip where TensorFlow is missing.

Hypothesis is derandomized: the examples it tries are a fixed function of each test, so
CI runs the same cases every time (a property that fails fails every run, not one run in
fifty). Set HYPOTHESIS_PROFILE=explore locally to search with fresh random examples.

On NVIDIA GPUs from Ampere on, TensorFlow and cuDNN multiply float32 matrices in TF32
(10-bit mantissas) unless told otherwise, which puts float32 comparisons with our NumPy
layers off by about 1e-3. NVIDIA_TF32_OVERRIDE=0, set before any backend loads, keeps
full float32; it is inherited by the subprocesses the tests start. (CI has no GPU; this
is for developers who do.)
"""

import os
import sys

import matplotlib
import pytest
from hypothesis import settings

# Figures are drawn headlessly in every test: no window, no display needed.
matplotlib.use("Agg")

os.environ.setdefault("NVIDIA_TF32_OVERRIDE", "0")

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("explore", deadline=None, max_examples=500)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def close_figures():
    """Close every figure a test drew, so memory and pyplot's figure count do not
    grow."""
    yield
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


@pytest.fixture(autouse=True)
def keep_the_style():
    """Fail a test that leaves matplotlib's style (deepstep.plot.style.STYLE) changed
    for the tests after it, as an in-process ``plt.rcParams[...] = ...`` or
    ``plt.rcdefaults()`` would; the style is put back first, so that only the test that
    changed it fails."""
    yield
    style = sys.modules.get("deepstep.plot.style")
    if style is None:
        return
    import matplotlib as mpl

    changed = {
        k: mpl.rcParams[k] for k, v in style.STYLE.items() if mpl.rcParams[k] != v
    }
    if changed:
        mpl.rcParams.update(style.STYLE)
        pytest.fail(
            f"this test left matplotlib's rcParams changed: {changed}, where STYLE "
            f"sets { {k: style.STYLE[k] for k in changed} }; change them inside "
            "matplotlib.rc_context() instead",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def tf():
    """TensorFlow for the comparisons with it, or a skip where it is not installed."""
    return pytest.importorskip("tensorflow")


@pytest.fixture(scope="session")
def keras(tf):
    """Keras on TensorFlow, imported through keras_tools (which picks the backend and
    mutes TensorFlow's start-up log), or a skip where it is not installed."""
    pytest.importorskip("keras")
    from deepstep.keras_tools import keras

    return keras
