"""Figures: built headlessly, with the labels a student reads, and the widget
callback."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from ipywidgets import interactive

from deepstep import data, perceptron, plot


def texts(fig):
    return [t.get_text() for ax in fig.axes for t in ax.texts]


def test_network_diagram_labels_every_weight_and_value():
    ex = data.worked_example()
    fig = plot.network_diagram(
        [ex.hidden, ex.output],
        values=[ex.x, np.array([0.13, 0.96, 0.40]), np.array([0.35, 0.85])],
        names=[ex.input_names, ex.hidden_names, ex.output_names],
    )
    labels = texts(fig)
    assert labels.count("-4") == 1 and labels.count("-3") == 2  # 9 + 6 edge labels
    assert "H2\n0.96" in labels and "O2\n0.85" in labels and "I3\n-0.30" in labels


def test_network_diagram_rejects_mismatched_layers():
    with pytest.raises(
        ValueError, match=r"weights\[1\] has shape \(2, 4\).*expected \(2, 3\)"
    ):
        plot.network_diagram([np.ones((3, 3)), np.ones((2, 4))])
    with pytest.raises(ValueError, match=r"values\[1\] must have shape \(3,\)"):
        plot.network_diagram([np.ones((3, 2))], values=[np.ones(2), np.ones(2)])


def test_decision_line_counts_misclassified_points():
    fig = plot.decision_line(1, 1, -1.5, "and")
    assert fig.axes[0].get_title().endswith("0 of 4 wrong")
    fig = plot.decision_line(
        1, 1, -0.5, "and"
    )  # this is OR's line: (0,1) and (1,0) wrong
    assert fig.axes[0].get_title().endswith("2 of 4 wrong")


def test_widget_callback_redraws_when_a_slider_moves():
    w = interactive(
        plot.draw_decision_line,
        w1=(-3.0, 3.0, 0.1),
        w2=(-3.0, 3.0, 0.1),
        b=(-3.0, 3.0, 0.1),
        gate=["and", "or", "xor"],
    )
    sliders = {c.description: c for c in w.children if hasattr(c, "description")}
    plt.close("all")
    sliders["b"].value = -0.5  # moving the slider calls the function again
    assert plt.gcf().axes[0].get_title().endswith("2 of 4 wrong")
    sliders["gate"].value = "or"
    assert (
        plt.gcf().axes[0].get_title().startswith("OR")
        and "0 of 4 wrong" in plt.gcf().axes[0].get_title()
    )


def test_perceptron_epochs_one_panel_per_epoch_capped():
    X, y = data.logic_gate("and")
    r = perceptron.train(X, y)
    fig = plot.perceptron_epochs(r, "and", max_panels=4)
    titles = [ax.get_title() for ax in fig.axes]
    assert len(titles) == 4 and titles[-1].startswith(f"after epoch {r.epochs}")


def test_decision_regions_checks_predict_output():
    X, y = data.logic_gate("or")
    fig = plot.decision_regions(
        lambda g: (g.sum(axis=1) > 0.5).astype(float), X, y, resolution=20
    )
    assert fig.axes
    with pytest.raises(ValueError, match="one value per row"):
        plot.decision_regions(lambda g: g, X, y, resolution=20)


def test_activation_gallery_one_panel_each_and_rejects_softmax():
    fig = plot.activation_gallery(("sigmoid", "tanh", "relu"))
    assert [ax.get_title() for ax in fig.axes if ax.get_title()] == [
        "sigmoid",
        "tanh",
        "relu",
    ]
    with pytest.raises(ValueError, match="softmax"):
        plot.activation_gallery(("softmax",))


def test_grid_prints_truncated_numbers_like_the_slides():
    fig = plot.grid(np.array([[7 / 9, -5 / 9], [1.0, 1 / 9]]))
    assert sorted(texts(fig)) == sorted(["0.77", "-0.55", "1.00", "0.11"])
    fig = plot.grid(np.array([[1.0, -1.0]]), decimals=None)
    assert texts(fig) == ["1", "-1"]


def test_feature_maps_one_panel_per_map_and_checks_titles():
    fig = plot.feature_maps(np.zeros((3, 7, 7)), ["a", "b", "c"])
    assert [ax.get_title() for ax in fig.axes] == ["a", "b", "c"]
    with pytest.raises(ValueError, match="got 2 titles for 3 maps"):
        plot.feature_maps(np.zeros((3, 7, 7)), ["a", "b"])


def test_digit_grid_fills_a_fixed_grid_and_centres_signed_images():
    images = np.stack([np.full((5, 5), -2.0), np.linspace(-1, 3, 25).reshape(5, 5)])
    fig = plot.digit_grid(images, ["a", "b"], ncols=3, cmap="RdBu_r", centered=True)
    axes = fig.axes
    assert len(axes) == 3 and [ax.get_title() for ax in axes] == ["a", "b", ""]
    assert axes[1].images[0].get_clim() == (-3.0, 3.0)
    assert not axes[2].images  # the spare cell stays empty
    plt.close(fig)
    with pytest.raises(ValueError, match="got 1 titles for 2 images"):
        plot.digit_grid(images, ["a"])
    with pytest.raises(ValueError, match=r"images must be \(K, H, W\)"):
        plot.digit_grid(np.zeros((5, 5)))
