"""Checks shared by the figure tests of tests/plot/ (imported as
``from .panels import ...``)."""

import numpy as np


def assert_approximation_panels(fig, legend, errors):
    """A two-panel approximation figure: on the left the target and one curve per
    network, named by the legend in this order; on the right the error per size, on
    log-log axes."""
    left, right = fig.axes
    assert [t.get_text() for t in left.get_legend().get_texts()] == legend
    np.testing.assert_allclose(right.lines[0].get_ydata(), errors)
    assert right.get_xscale() == right.get_yscale() == "log"
