"""Notebook 04's XOR network recorded through training, and its hidden-space view (the
widget)."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from ipywidgets import IntSlider, fixed, interactive
from sklearn.svm import SVC

from deepstep import data, delta_rule, plot
from deepstep.nn import initializers, layers, models
from deepstep.nn.activations import sigmoid
from deepstep.nn.optimizers import SGD


@pytest.fixture(scope="module")
def snaps():
    return delta_rule.xor_snapshots(epochs=300, every=10)


def notebook_network(seed=0):
    """Notebook 04's xor_network, built independently of xor_snapshots."""
    initializers.set_random_seed(seed)
    net = models.Sequential(
        [
            layers.Input((2,)),
            layers.Dense(2, activation="sigmoid"),
            layers.Dense(1, activation="sigmoid"),
        ]
    )
    net.compile(optimizer=SGD(learning_rate=0.5, momentum=0.9), loss="mse")
    return net


def test_snapshots_match_one_uninterrupted_fit_of_the_notebooks_network(snaps):
    X, y = data.logic_gate("xor")
    net = notebook_network()
    history = net.fit(
        X, y.reshape(-1, 1), epochs=300, batch_size=4, shuffle=False, verbose=0
    )
    W1, b1, W2, b2 = net.get_weights()
    i = snaps.index(300)
    np.testing.assert_allclose(snaps.hidden_kernels[i], W1, atol=1e-12)
    np.testing.assert_allclose(snaps.output_kernels[i], W2[:, 0], atol=1e-12)
    np.testing.assert_allclose(snaps.losses, history.history["loss"], atol=1e-12)
    np.testing.assert_allclose(snaps.output(300), net.predict(X).ravel(), atol=1e-12)
    np.testing.assert_allclose(snaps.hidden(300), sigmoid(X @ W1 + b1), atol=1e-12)
    assert list(snaps.epochs[:3]) == [0, 10, 20] and len(snaps.epochs) == 31


def test_margin_is_the_signed_distance_to_the_output_line(snaps):
    for epoch in (0, 100, 200, 300):
        i = snaps.index(epoch)
        w, b = snaps.output_kernels[i], snaps.output_biases[i]
        h = snaps.hidden(epoch)
        # by hand: distance of each point to w·h + b = 0, signed towards its own class
        dist = [
            (hk @ w + b) / np.hypot(*w) * (1 if yk else -1)
            for hk, yk in zip(h, snaps.y, strict=True)
        ]
        assert snaps.margin(epoch) == pytest.approx(min(dist), abs=1e-12)
        right = ((snaps.output(epoch) > 0.5) == snaps.y).all()
        assert (snaps.margin(epoch) > 0) == right


def test_hidden_points_become_linearly_separable(snaps):
    # Oracle: a hard-margin linear SVM separates the four hidden points or it does not.
    def svm_accuracy(points):
        return SVC(kernel="linear", C=1e6).fit(points, snaps.y).score(points, snaps.y)

    assert svm_accuracy(snaps.X) < 1  # XOR itself: no line separates it
    assert svm_accuracy(snaps.hidden(0)) < 1 and snaps.margin(0) < 0
    assert svm_accuracy(snaps.hidden(300)) == 1.0 and snaps.margin(300) > 0.2
    svm = SVC(kernel="linear", C=1e6).fit(snaps.hidden(300), snaps.y)
    widest = 1 / np.linalg.norm(svm.coef_)
    assert snaps.margin(300) <= widest + 1e-6  # no line beats the widest margin


def test_index_names_the_recorded_epochs(snaps):
    with pytest.raises(ValueError, match="0 to 300 in steps of 10; got 15"):
        snaps.index(15)
    with pytest.raises(ValueError, match=r"points must have shape \(n, 2\)"):
        snaps.hidden(10, np.ones((3, 3)))


def test_xor_snapshots_rejects_epochs_that_every_does_not_divide():
    with pytest.raises(
        ValueError, match=r"epochs must be a multiple of every \(30\); got 100"
    ):
        delta_rule.xor_snapshots(epochs=100, every=30)
    with pytest.raises(ValueError, match=r"momentum must be in \[0, 1\)"):
        delta_rule.xor_snapshots(epochs=10, every=10, momentum=1.0)


def test_xor_hidden_figure_two_rows_of_epochs_with_margins_in_titles(snaps):
    fig = plot.xor_hidden_figure(snaps, [0, 300])
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert "input space, epoch 0\ninitial weights" in titles
    assert any(
        t.startswith("hidden space, epoch 0\nnot separated: margin -") for t in titles
    )
    assert any("epoch 300\none line separates them" in t for t in titles)
    assert "epoch 300: margin" in plot.alt_text(fig)
    with pytest.raises(ValueError, match="recorded epoch"):
        plot.xor_hidden_figure(snaps, [0, 5])


def test_xor_widget_redraws_when_the_epoch_slider_moves(snaps):
    w = interactive(
        plot.draw_xor_hidden,
        snapshots=fixed(snaps),
        epoch=IntSlider(0, min=0, max=300, step=10),
    )
    slider = next(c for c in w.children if getattr(c, "description", "") == "epoch")
    plt.close("all")
    slider.value = 300  # moving the slider calls draw_xor_hidden again
    titles = [ax.get_title() for ax in plt.gcf().axes]
    assert titles[0].startswith("input space, epoch 300") and "separates" in titles[1]
