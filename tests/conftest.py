"""Test-wide settings.

Hypothesis is derandomized: the examples it tries are a fixed function of each test, so CI
runs the same cases every time (a property that fails fails every run, not one run in fifty).
Set HYPOTHESIS_PROFILE=explore locally to search with fresh random examples.
"""

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("explore", deadline=None, max_examples=500)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
