"""One style: the font sizes live in plot.style.STYLE, and figure functions do not
repeat them."""

import ast
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt

from deepstep import descent, plot
from deepstep.nn import optimizers
from deepstep.plot.style import FONT, STYLE

PLOT = Path(plot.__file__).parent

# Which call's size argument STYLE already sets, and to what.
DEFAULT_FOR = {
    ("set_title", "fontsize"): "FONT",
    ("set_xlabel", "fontsize"): "FONT",
    ("set_ylabel", "fontsize"): "FONT",
    ("text", "fontsize"): "FONT",
    ("legend", "fontsize"): "FONT - 2",
    ("tick_params", "labelsize"): "FONT - 2",
    ("suptitle", "fontsize"): "FONT + 1",
}


def repeated_sizes(source: str) -> list[str]:
    """Calls in ``source`` that pass the size STYLE already gives that kind of text."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            for keyword in node.keywords:
                default = DEFAULT_FOR.get((node.func.attr, keyword.arg))
                if default is not None and ast.unparse(keyword.value) == default:
                    found.append(
                        f"line {node.lineno}: {node.func.attr}({keyword.arg}={default})"
                    )
    return found


def test_importing_plot_applies_the_style():
    # In this interpreter: tests/conftest.py's keep_the_style fails any test that leaves
    # matplotlib's settings changed, so the ones before this test cannot have.
    assert {k: mpl.rcParams[k] for k in STYLE} == STYLE
    assert (
        min(v for k, v in STYLE.items() if k != "font.size") >= 11
    )  # projector-readable


def test_a_figure_function_gets_the_style_without_passing_sizes():
    valley = descent.quadratic_valley()
    path = descent.trajectory(optimizers.SGD(0.01), valley, valley.start, steps=5)
    fig = plot.surface_losses(valley, {"SGD": path})
    ax = fig.axes[0]
    fig.canvas.draw()  # tick labels are made when the figure is drawn
    assert ax.title.get_fontsize() == FONT + 1  # this one departs from STYLE on purpose
    assert ax.get_legend().get_texts()[0].get_fontsize() == FONT - 1
    assert ax.xaxis.label.get_fontsize() == FONT
    assert ax.xaxis.get_ticklabels()[0].get_fontsize() == FONT - 2
    plt.close(fig)


def test_no_figure_function_repeats_a_size_the_style_sets():
    repeats = {
        path.name: found
        for path in sorted(PLOT.glob("*.py"))
        if (found := repeated_sizes(path.read_text(encoding="utf-8")))
    }
    assert repeats == {}


def test_repeated_sizes_finds_a_repeated_title_size():
    assert repeated_sizes("ax.set_title('t', fontsize=FONT)") == [
        "line 1: set_title(fontsize=FONT)"
    ]
    assert repeated_sizes("ax.set_title('t', fontsize=FONT + 1)") == []
