"""plot.regularization_curves and its widget callback (notebook 10's slider)."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from ipywidgets import FloatSlider, fixed, interactive

from deepstep import plot

RUN = {"train": np.array([1.0, 0.6, 0.3]), "val": np.array([1.1, 0.8, 0.9])}


def test_one_panel_per_setting_with_labels_legend_and_the_final_gap():
    other = {"train": np.array([1.0, 0.8, 0.7]), "val": np.array([1.0, 0.85, 0.75])}
    fig = plot.regularization_curves(
        {"dropout 0": RUN, "dropout 0.5": other}, title="t"
    )
    assert len(fig.axes) == 2
    assert [ax.get_title() for ax in fig.axes] == [
        "dropout 0\nfinal gap +0.600",
        "dropout 0.5\nfinal gap +0.050",
    ]
    assert all(ax.get_xlabel() == "epoch" for ax in fig.axes)
    assert fig.axes[0].get_ylabel().startswith("cross-entropy")
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend == ["training loss", "validation loss"]
    np.testing.assert_array_equal(fig.axes[1].get_lines()[1].get_ydata(), other["val"])
    assert fig._suptitle.get_text() == "t"


def test_alt_text_names_both_curves_and_every_gap():
    fig = plot.regularization_curves(RUN)
    alt = plot.alt_text(fig)
    assert "Training loss" in alt and "validation loss" in alt
    assert "final gap +0.600" in alt and "1 panel" in alt


def test_a_training_curve_alone_is_drawn_without_a_gap():
    fig = plot.regularization_curves({"train": [1.0, 0.5]})
    assert len(fig.axes[0].get_lines()) == 1 and "gap" not in fig.axes[0].get_title()


def test_bad_curves_are_refused_by_name():
    with pytest.raises(
        ValueError, match=r"regularization_curves: curves must hold a 'train'"
    ):
        plot.regularization_curves({"val": [1.0]})
    with pytest.raises(ValueError, match=r"of one length; got lengths \[3, 2\]"):
        plot.regularization_curves({"train": [1.0, 0.5, 0.2], "val": [1.0, 0.5]})
    with pytest.raises(TypeError, match=r"curves\['a'\] must be a dict"):
        plot.regularization_curves({"a": [1.0, 2.0]})


def test_the_callback_names_itself_when_the_training_refuses_an_argument():
    x = np.random.default_rng(0).normal(size=(12, 3))
    with pytest.raises(
        ValueError, match=r"draw_regularization → regularized_curves: dropout"
    ):
        plot.draw_regularization(x, (x[:, 0] > 0).astype(int), 1.5)


def test_widget_redraws_when_a_slider_moves():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(60, 4))
    y = (x[:, 0] + 0.5 * rng.normal(size=60) > 0).astype(int)
    style = {"description_width": "initial"}
    w = interactive(
        plot.draw_regularization,
        x=fixed(x[:45]),
        y=fixed(y[:45]),
        x_val=fixed(x[45:]),
        y_val=fixed(y[45:]),
        dropout=FloatSlider(0.0, min=0.0, max=0.75, step=0.05, style=style),
        weight_decay=FloatSlider(0.0, min=0.0, max=0.1, step=0.005, style=style),
    )
    sliders = {c.description: c for c in w.children if hasattr(c, "description")}
    plt.close("all")
    sliders["dropout"].value = 0.5  # moving a slider retrains and draws again
    assert plt.gcf().axes[0].get_title().startswith("final gap")
    assert plt.gcf()._suptitle.get_text() == "dropout 0.50, weight decay 0.000"
    sliders["weight_decay"].value = 0.05
    assert plt.gcf()._suptitle.get_text() == "dropout 0.50, weight decay 0.050"
