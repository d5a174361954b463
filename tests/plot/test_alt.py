"""Alt text: every figure a notebook shows is saved with a description, and the decks
use it."""

import logging
from pathlib import Path

import matplotlib.pyplot as plt
import nbformat
import numpy as np
import pytest
from IPython.core.formatters import DisplayFormatter
from matplotlib.figure import Figure

from deepstep import plot
from deepstep.plot import alt
from deepstep.plot.style import finish

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "tools" / "offline_slides.html.j2"


def loss_figure() -> Figure:
    fig, ax = plt.subplots()
    ax.plot([1, 2, 3], [3, 2, 1], label="training")
    ax.plot([1, 2, 3], [3, 2.5, 2], label="validation")
    ax.set(title="Loss per epoch", xlabel="epoch", ylabel="cross-entropy", yscale="log")
    ax.legend()
    return fig


# What the description says


def test_a_one_panel_figure_reads_its_kind_title_axes_scale_and_legend():
    assert alt.describe(loss_figure()) == (
        "A plot of curves titled “Loss per epoch”; x axis: epoch; "
        "y axis: cross-entropy (log scale); legend: training, validation."
    )


def test_a_grid_of_numbers_says_its_size_and_the_suptitle_comes_first():
    fig = plot.feature_maps(np.eye(3)[None].repeat(2, axis=0), ["diagonal", "copy"],
                            suptitle="two features")  # fmt: skip
    assert alt.describe(fig) == (
        "two features. 2 panels, each a 3×3 grid of numbers. Panel 1: “diagonal”. "
        "Panel 2: “copy”."
    )


def test_many_panels_are_summarised_with_layout_and_row_labels():
    rows = [np.zeros((8, 64)), np.ones((8, 64)), np.zeros((8, 64))]
    fig = plot.digit_rows(rows, ["clean", "noisy", "denoised"])
    assert alt.describe(fig) == (
        "24 panels in 3 rows × 8 columns, each an 8×8 image. Rows: “clean”, “noisy”, "
        "“denoised”."
    )


def test_points_regions_bars_a_figure_legend_and_a_colour_scale_are_named():
    fig, (left, right) = plt.subplots(1, 2)
    left.contourf([[0, 1], [1, 0]], levels=[-1, 0.5, 2])
    left.scatter([0, 1], [1, 0], label="class 0")
    right.bar([0, 1], [2, 3])
    fig.legend()
    fig.colorbar(plt.cm.ScalarMappable(), ax=right, label="weight")
    text = alt.describe(fig)
    assert "Panel 1: a plot of shaded regions and points" in text
    assert "Panel 2: a plot of bars" in text and "Legend: class 0." in text
    assert "Colour scale: weight." in text
    assert "Panel 3" not in text  # the colour bar is not a panel


def test_titles_on_two_lines_and_legend_entries_with_commas_stay_readable():
    fig, ax = plt.subplots()
    ax.plot([1, 2], label="z=0, x=1")
    ax.plot([2, 1], label="z=1, x=0")
    ax.legend()
    ax.set(title="after epoch 1\n3 update(s)", xlabel="a smooth bowl\nwith its bottom")
    assert alt.describe(fig) == (
        "A plot of curves titled “after epoch 1, 3 update(s)”; "
        "x axis: a smooth bowl with its bottom; legend: “z=0, x=1”, “z=1, x=0”."
    )


def test_a_diagram_names_its_words_and_counts_its_numbers():
    weights = [np.array([[0.5, -1.0]]), np.array([[2.0]])]
    fig = plot.network_diagram(weights, values=[[1, 0], [0.3], [0.7]],
                               names=[["x1", "x2"], ["h"], ["o"]],
                               title="tiny")  # fmt: skip
    # 4 node values and 3 weights are printed on the diagram
    assert (
        alt.describe(fig)
        == "A diagram titled “tiny”; labels: x1, x2, h, o; 7 numbers written on it."
    )


def test_a_summary_of_mixed_panels_lists_their_kinds():
    fig, axes = plt.subplots(1, 5)
    axes[0].imshow(np.zeros((9, 9)))
    for ax in axes[1:4]:
        ax.plot([0, 1])
    axes[4].bar([0, 1], [1, 2])
    axes[4].set_xlabel("vote")
    assert alt.describe(fig) == (
        "5 panels: a 9×9 image, a plot of curves and a plot of bars. x axes: vote."
    )


@pytest.mark.parametrize(
    ("shape", "article"),
    [((8, 8), "an"), ((11, 3), "an"), ((18, 2), "an"), ((80, 1), "an"), ((28, 28), "a"),
     ((1, 8), "a"), ((110, 2), "a"), ((3, 3), "a")],
)  # fmt: skip
def test_an_image_takes_the_article_its_size_is_read_with(shape, article):
    fig, ax = plt.subplots()
    ax.imshow(np.zeros(shape))
    assert alt.describe(fig).startswith(
        f"{article.capitalize()} {shape[0]}×{shape[1]} image"
    )


def test_a_long_description_is_cut_at_max_chars():
    fig, ax = plt.subplots()
    ax.set_title("word " * 200)
    text = alt.describe(fig)
    assert len(text) == alt.MAX_CHARS and text.endswith("…")


def test_alt_text_prefers_the_text_a_figure_function_set():
    fig = loss_figure()
    assert alt.alt_text(fig) == alt.describe(fig)
    plot.set_alt_text(fig, "Training and  validation loss fall over three epochs.")
    assert alt.alt_text(fig) == "Training and validation loss fall over three epochs."
    fig2 = finish(loss_figure(), "losses", alt="Both losses fall.")
    assert alt.alt_text(fig2) == "Both losses fall."


def test_bad_arguments_are_refused_with_the_function_named():
    with pytest.raises(
        TypeError, match="describe: fig must be a matplotlib Figure; got Axes"
    ):
        alt.describe(plt.subplots()[1])
    with pytest.raises(
        ValueError, match="set_alt_text: text must be a non-empty string"
    ):
        plot.set_alt_text(plt.figure(), "  ")


# How it reaches the saved output


def inline_like_formatter() -> DisplayFormatter:
    """A display formatter set up as matplotlib's inline backend sets IPython's."""
    formatter = DisplayFormatter()
    formatter.formatters["image/png"].for_type(Figure, lambda fig: "PNG")
    return formatter


def test_the_bundle_formatter_adds_alt_metadata_to_the_png_and_no_data():
    formatter = inline_like_formatter()
    fig = loss_figure()
    data, metadata = formatter.format(fig)
    assert (
        data["image/png"] == "PNG" and metadata == {}
    )  # without deepstep: no alt text
    formatter.mimebundle_formatter.for_type(Figure, alt._alt_metadata)
    data, metadata = formatter.format(fig)
    assert data["image/png"] == "PNG"
    assert metadata == {"image/png": {"alt": alt.describe(fig)}}


def test_alt_text_survives_the_inline_backend_re_registering_its_png_printer():
    # What defeated a wrapped PNG printer: select_figure_formats pops every Figure
    # printer of the per-type formatters and registers its own, at the first figure
    # drawn.
    formatter = inline_like_formatter()
    formatter.mimebundle_formatter.for_type(Figure, alt._alt_metadata)
    for per_type in formatter.formatters.values():
        per_type.pop(Figure, None)
    formatter.formatters["image/png"].for_type(Figure, lambda fig: "PNG again")
    data, metadata = formatter.format(loss_figure())
    assert data["image/png"] == "PNG again" and "alt" in metadata["image/png"]


def test_outside_ipython_nothing_is_registered():
    assert alt.store_alt_text_in_outputs() is False


FIGURE_CELLS = [
    # the notebooks' pattern: import in the set-up cell, the first figure in a later
    # cell (matplotlib loads the inline backend there, which re-registers the PNG
    # printers)
    "import matplotlib.pyplot as plt\nfrom deepstep import plot",
    "fig, ax = plt.subplots()\nax.plot([1, 2], [2, 1], "
    "label='training')\nax.set(title='Loss per epoch', xlabel='epoch', "
    "ylabel='loss')\nax.legend()\nplt.show()",
    "fig, ax = plt.subplots()\nax.plot([1, 2])\nplot.set_alt_text(fig, 'A line "
    "rising.')\nplt.show()",
    "fig, ax = plt.subplots()\nax.set_title('flushed after the cell')\nax.plot([1, 2])",
    "%matplotlib inline\nfrom IPython.display import display\nfig, ax = "
    "plt.subplots()\nfig.suptitle('shown by display')\nax.bar([0, 1], [1, "
    "2])\ndisplay(fig)\nplt.close(fig)",
]


def test_a_notebook_kernel_saves_each_figure_with_its_alt_text(tmp_path):
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(c) for c in FIGURE_CELLS]
    )
    client = nbclient.NotebookClient(
        nb,
        kernel_name="python3",
        timeout=120,
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()
    images = [
        o for c in nb.cells for o in c.outputs if "image/png" in o.get("data", {})
    ]
    assert [o.metadata["image/png"]["alt"] for o in images] == [
        "A plot of curves titled “Loss per epoch”; x axis: epoch; y axis: loss; "
        "legend: training.",
        "A line rising.",
        "A plot of curves titled “flushed after the cell”.",
        "shown by display. A plot of bars.",
    ]


# How the decks use it


def slides(outputs_metadata: list[dict], caplog) -> tuple[str, list[str]]:
    nbconvert = pytest.importorskip("nbconvert")
    cell = nbformat.v4.new_code_cell("fig")
    cell.outputs = [
        nbformat.v4.new_output(
            "display_data", {"image/png": "iVBORw0KGgo="}, metadata=md
        )
        for md in outputs_metadata
    ]
    nb = nbformat.v4.new_notebook(cells=[cell])
    logger = logging.getLogger("test_plot_alt.slides")
    exporter = nbconvert.SlidesExporter(template_file=str(TEMPLATE), log=logger)
    with caplog.at_level(logging.WARNING, logger=logger.name):
        html, _ = exporter.from_notebook_node(nb)
    imgs = [line for line in html.splitlines() if "<img" in line]
    return "\n".join(imgs), [r.getMessage() for r in caplog.records]


def test_the_slides_img_carries_the_alt_text_escaped_and_nbconvert_does_not_warn(
    caplog,
):
    imgs, warnings = slides(
        [{"image/png": {"alt": 'Loss <after> "epoch" 3 & 4'}}], caplog
    )
    assert "alt='Loss &lt;after&gt; \"epoch\" 3 &amp; 4'" in imgs
    assert not [w for w in warnings if "Alternative text is missing" in w]


def test_an_image_without_alt_text_still_gets_the_warning(caplog):
    imgs, warnings = slides([{}], caplog)
    assert 'alt="No description has been provided for this image"' in imgs
    assert "Alternative text is missing on 1 image(s)." in warnings
