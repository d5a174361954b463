"""Every public callable of the NumPy library rejects garbage with a clear error (issue
17).

The callables are found by walking the package, not listed by hand, so a function is
covered the day it is added: every public function and class defined in a module of
``deepstep`` (``nn``, the lessons, ``exercises``, ``plot``; not the Keras modules), each
class's constructor, and the public methods of an instance built from valid arguments.

Each positional argument in turn receives each kind of garbage a confused student passes
(None, a string, an object, arrays of NaN and inf, an empty array, a 5-D array), the
other arguments valid ones (from ``VALID``, a small table keyed by parameter name, or
from the defaults). The call must raise ValueError or TypeError whose message reads like
``deepstep._checks``'s: it names the function, the argument, what was expected and what
it got. Anything else (AttributeError, IndexError, a NumPy message, a RuntimeWarning, a
silent result) fails, unless ``ALLOWED`` lists the case with the reason the result is
meaningful.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import warnings
from collections.abc import Callable
from dataclasses import is_dataclass

import matplotlib.pyplot as plt
import numpy as np
import pytest

import deepstep
from deepstep import descent, nn, perceptron
from deepstep.exercises import EXERCISES

GARBAGE: dict[str, Callable[[], object]] = {
    "None": lambda: None,
    "str": lambda: "garbage",
    "object": object,
    "nan": lambda: np.full((2, 3), np.nan),
    "inf": lambda: np.full((2, 3), np.inf),
    "empty": lambda: np.zeros((0,)),
    "5d": lambda: np.ones((2, 2, 2, 2, 2)),
}
ARRAYS = ("nan", "inf", "empty", "5d")


def _skipped(module: str) -> bool:
    parts = module.split(".")
    return any(p.startswith("_") for p in parts[1:]) or any(
        p.startswith("keras") for p in parts
    )


def public_modules() -> list[str]:
    names = ["deepstep"]
    for info in pkgutil.walk_packages(deepstep.__path__, "deepstep."):
        if not _skipped(info.name):
            names.append(info.name)
    return sorted(names)


def public_definitions() -> list[tuple[str, object]]:
    """(module.name, object) for every public function and class a module defines."""
    out = []
    for modname in public_modules():
        module = importlib.import_module(modname)
        for name, obj in vars(module).items():
            if name.startswith("_") or getattr(obj, "__module__", None) != modname:
                continue
            if inspect.isfunction(obj) or inspect.isclass(obj):
                out.append((f"{modname}.{name}", obj))
    return out


# -- valid arguments -------------------------------------------------------------------
RNG = np.random.default_rng(0)
X_TABLE = np.array(
    [[0.5, -1.0, 2.0], [1.0, 0.0, -0.5], [0.2, 0.3, 0.1], [-1.0, 1.0, 0.0]]
)
IMAGE = np.linspace(0.0, 1.0, 36).reshape(6, 6)
IMAGES = np.linspace(0.0, 1.0, 2 * 36).reshape(2, 6, 6)
NHWC = np.linspace(-1.0, 1.0, 2 * 6 * 6 * 2).reshape(2, 6, 6, 2)


def _bowl():
    return descent.Quadratic([1.0, 4.0], [0.0, 0.0])


def _training_result():
    x, y = deepstep.data.logic_gate("and")
    return perceptron.train(x, y, max_epochs=5)


def _gan_net(units):
    return nn.Sequential(
        [nn.layers.Input((2,)), nn.layers.Dense(units, activation="sigmoid")]
    )


def _model():
    model = nn.Sequential(
        [nn.layers.Input((3,)), nn.layers.Dense(2, activation="sigmoid")]
    )
    model.compile(optimizer=nn.optimizers.SGD(0.1), loss="mse")
    return model


def _xor_snapshots():
    from deepstep.delta_rule import xor_snapshots

    return xor_snapshots(epochs=20, every=10)


# Values for a parameter name; ``OVERRIDES`` for the few names that mean something else
# in one function. Built lazily (a factory) so that every call gets fresh objects.
VALID: dict[str, Callable[[], object]] = {
    "x": lambda: X_TABLE.copy(),
    "X": lambda: np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]),
    "y": lambda: np.array([0.0, 0.0, 0.0, 1.0]),
    "v": lambda: np.array([-1.0, 0.0, 0.5, 2.0]),
    "values": lambda: np.array([[0.5, -0.25], [1.0, 0.0]]),
    "image": lambda: IMAGE.copy(),
    "images": lambda: IMAGES.copy(),
    "maps": lambda: np.linspace(-1, 1, 3 * 36).reshape(3, 6, 6),
    "kernel": lambda: np.array([[0.0, 1.0, 0.0], [1.0, -4.0, 1.0], [0.0, 1.0, 0.0]]),
    "w": lambda: np.array([1.0, 1.0]),
    "b": lambda: -1.5,
    "a": lambda: 0.0,
    "learning_rate": lambda: 0.1,
    "lr": lambda: 0.1,
    "start": lambda: np.array([1.0, 1.0]),
    "steps": lambda: 3,
    "seed": lambda: 0,
    "n": lambda: 4,
    "units": lambda: 2,
    "size": lambda: 3,
    "factor": lambda: 2,
    "name": lambda: "blur",
    "letter": lambda: "X",
    "gate": lambda: "and",
    "what": lambda: "a number",
    "actual": lambda: np.array([0.5, 1.0]),
    "expected": lambda: np.array([0.5, 1.0]),
    "value": lambda: 0.5,
    "bound": lambda: 1.0,
    "target": lambda: np.array([1.0, 0.0]),
    "outputs": lambda: np.array([0.5, 0.5]),
    "hidden": lambda: np.full((3, 3), 0.1),
    "output": lambda: np.full((2, 3), 0.1),
    "mu": lambda: np.zeros((2, 3)),
    "log_var": lambda: np.zeros((2, 3)),
    "eps": lambda: np.ones((2, 3)),
    "rng": lambda: np.random.default_rng(0),
    "shape": lambda: (3, 2),
    "fan_in": lambda: 3,
    "fan_out": lambda: 2,
    "filters": lambda: 2,
    "kernel_size": lambda: 3,
    "rate": lambda: 0.5,
    "depth": lambda: 3,
    "width": lambda: 4,
    "bowl": _bowl,
    "surface": lambda: descent.quadratic_valley(),
    "momentum": lambda: 0.5,
    "settings": lambda: [(0.01, 0.0), (0.05, 0.5)],
    "snapshots": lambda: _xor_snapshots(),
    "epoch": lambda: 10,
    "paths": lambda: {"sgd": np.array([[1.0, 1.0], [0.5, 0.5], [0.2, 0.1]])},
    "result": _training_result,
    "model": _model,
    "layer": lambda: nn.layers.Dense(2, activation="tanh"),
    "f": lambda: np.sin,
    "gradient": lambda: lambda w: 2 * w,
    "predict": lambda: lambda pts: (pts.sum(axis=1) > 1).astype(float),
    "classify": lambda: deepstep.xo_net.classify,
    "text": lambda: "1 0 -1; 2 0 -2; 1 0 -1",
    "terms": lambda: [(0, 0), (0, 1)],
    "i": lambda: 0,
    "j": lambda: 0,
    "states": lambda: [False] * 81,
    "scores": lambda: {"x": 0.75, "o": 0.25},
    "lags": lambda: [1, 2],
    "accuracy": lambda: {"SimpleRNN": [1.0, 0.5]},
    "sizes": lambda: [3, 4, 2],
    "in_channels": lambda: 4,
    "growth_rate": lambda: 2,
    "n_layers": lambda: 2,
    "channels": lambda: [4, 6, 8],
    "identifier": lambda: "sgd",
    "y_true": lambda: np.array([[1.0, 0.0], [0.0, 1.0]]),
    "y_pred": lambda: np.array([[0.8, 0.2], [0.3, 0.7]]),
    "step": lambda: 1,
    "curvature": lambda: np.array([1.0, 4.0]),
    "center": lambda: np.array([0.0, 0.0]),
    "losses": lambda: np.array([4.0, 2.0, 1.0, 0.5]),
    "sigma": lambda: 1.0,
    "rgb": lambda: np.linspace(0, 1, 4 * 4 * 3).reshape(4, 4, 3),
    "image_shape": lambda: (4, 4),
    "kind": lambda: "lstm",
    "input_dim": lambda: 3,
    "kernel_h": lambda: 3,
    "kernel_w": lambda: 3,
    "stride": lambda: 1,
    "runs": lambda: {
        "batch": descent.linear_regression_gd(
            [0.0, 1.0, 2.0], [1.0, 3.0, 5.0], batch_size=3, learning_rate=0.1, epochs=2
        )
    },
    "learning_rates": lambda: [0.1, 0.5],
    "weights": lambda: [np.ones((2, 2)), np.ones((2, 1))],
    "before": lambda: np.linspace(0, 1, 8),
    "after": lambda: np.linspace(0, 1, 8),
    "normalized": lambda: IMAGE.copy(),
    "rates": lambda: np.array([0.1, 0.05]),
    "history": lambda: {"loss": [1.0, 0.5], "accuracy": [0.5, 0.75]},
    "curves": lambda: {"train": [1.0, 0.5]},
    "ylabel": lambda: "loss",
    "title": lambda: "a title",
    "rows": lambda: [IMAGES.reshape(2, 36)],
    "labels": lambda: ["row"],
    "panels": lambda: {"image": IMAGE.copy()},
    "stacked": lambda: np.linspace(0, 1, 12),
    "d": lambda: 1.0,
    "c": lambda: 0.0,
    "w1": lambda: 1.0,
    "w2": lambda: 1.0,
    "ph0": lambda: np.full((2, 3), 0.5),
    "ph1": lambda: np.full((2, 3), 0.5),
    "v0": lambda: np.ones((2, 4)),
    "v1": lambda: np.zeros((2, 4)),
    "n_visible": lambda: 4,
    "n_hidden": lambda: 3,
    "hidden_sizes": lambda: [3],
    "units_list": lambda: [2, 4],
    "train": lambda: [0.5, 0.2],
    "test": lambda: [0.6, 0.3],
    "n_points": lambda: 10,
    "histories": lambda: {(3, False): [1.0, 0.5]},
    "norms": lambda: {"sigmoid": [1.0, 0.1]},
    "errors": lambda: [0.5, 0.2],
    "networks": lambda: {},
    "lag": lambda: 2,
    "inputs": lambda: 2,
    "hidden_layers": lambda: 2,
    "branch": lambda: [nn.layers.Dense(3, activation="relu")],
    "optimizer": lambda: nn.optimizers.SGD(0.01),
    "exact": lambda: np.array([[1 / 9, 2 / 9]]),
    "slide": lambda: np.array([[0.11, 0.22]]),
    "fig": lambda: plt.figure(),
    "ax": lambda: None,
    "figsize": lambda: (3.0, 2.0),
    "grad_out": lambda: np.ones((4, 2)),
    "fn": lambda: lambda *a, **k: 0.0,
    "initial_learning_rate": lambda: 0.1,
    "decay_steps": lambda: 10,
    "decay_rate": lambda: 0.5,
    "h": lambda: 1e-4,
    "degrees": lambda: 10.0,
    "dy": lambda: 1.0,
    "dx": lambda: 1.0,
    "fraction": lambda: 0.8,
    "stddev": lambda: 0.1,
    "batch_size": lambda: 3,
    "epochs": lambda: 2,
    "image_size": lambda: 4,
    "got": lambda: np.ones(2),
    "want": lambda: np.ones(2),
    "rtol": lambda: 1e-6,
    "activation": lambda: "relu",
    "p": lambda: np.array([1.0, 1.0]),
    "like": lambda: np.ones((4, 2)),
}

# name of the callable -> {parameter: factory}: where a generic name means another
# thing.
OVERRIDES: dict[str, dict[str, Callable[[], object]]] = {
    "deepstep.delta_rule.forward": {"x": lambda: np.array([1.0, 0.0, 1.0])},
    "deepstep.delta_rule.delta_rule_step": {"x": lambda: np.array([1.0, 0.0, 1.0])},
    "deepstep.descent.linear_regression_gd": {
        "x": lambda: np.array([0.0, 1.0, 2.0]),
        "y": lambda: np.array([1.0, 3.0, 5.0]),
    },
    "deepstep.descent.Quadratic.gradient": {"w": lambda: np.array([1.0, 1.0])},
    "deepstep.nn.gradcheck.check_model": {"y": lambda: np.full((4, 2), 0.5)},
    "deepstep.nn.ops.conv2d_nhwc": {
        "x": lambda: NHWC.copy(),
        "kernel": lambda: np.ones((3, 3, 2, 1)),
        "bias": lambda: np.zeros(1),
    },
    "deepstep.nn.ops.im2col_conv": {
        "x": lambda: NHWC.copy(),
        "kernel": lambda: np.ones((3, 3, 2, 1)),
        "bias": lambda: np.zeros(1),
        "strides": lambda: (1, 1),
        "padding": lambda: "valid",
    },
    "deepstep.nn.ops.max_pool2d": {"x": lambda: NHWC.copy()},
    "deepstep.nn.ops.avg_pool2d": {"x": lambda: NHWC.copy()},
    "deepstep.nn.ops.conv_output_size": {"n": lambda: 6, "kernel": lambda: 3},
    "deepstep.nn.ops.pad_amounts": {
        "n": lambda: 6,
        "kernel": lambda: 3,
        "padding": lambda: "same",
    },
    "deepstep.nn.ops.correlate_symbols": {
        "image": lambda: [["a", "b"], ["c", "d"]],
        "kernel": lambda: [["w"]],
    },
    "deepstep.normalization.lrn": {"x": lambda: NHWC.copy()},
    "deepstep.normalization.lrn_backward": {
        "x": lambda: NHWC.copy(),
        "grad_out": lambda: np.ones_like(NHWC),
    },
    "deepstep.why_depth.staircase_network": {"b": lambda: 1.0},
    "deepstep.why_depth.max_error": {
        "model": lambda: deepstep.why_depth.staircase_network(np.sin, 0.0, 1.0, 4),
        "b": lambda: 1.0,
    },
    "deepstep.why_depth.random_sigmoid_layer": {"b": lambda: 1.0},
    "deepstep.why_depth.fit_output_layer": {
        "hidden": lambda: deepstep.why_depth.random_sigmoid_layer(4, 0.0, 1.0),
        "x": lambda: np.linspace(0, 1, 10)[:, None],
        "y": lambda: np.sin(np.linspace(0, 1, 10)),
    },
    "deepstep.why_depth.predict_with_output": {
        "hidden": lambda: deepstep.why_depth.random_sigmoid_layer(4, 0.0, 1.0),
        "weights": lambda: np.ones(5),
        "x": lambda: np.linspace(0, 1, 10)[:, None],
    },
    "deepstep.plot.why_depth.staircase_approximation": {
        "b": lambda: 1.0,
        "units": lambda: [4],
        "errors": lambda: [0.1],
        "networks": lambda: {
            4: deepstep.why_depth.staircase_network(np.sin, 0.0, 1.0, 4)
        },
    },
    "deepstep.plot.why_depth.train_vs_test_error": {"units": lambda: [2, 4]},
    "deepstep.plot.why_depth.gradient_per_layer": {"title": lambda: "norms"},
    "deepstep.plot.why_depth.dense_block_channels": {"channels": lambda: [4, 6, 8]},
    "deepstep.xo_net.vote": {
        "values": lambda: np.full(12, 0.5),
        "weights": lambda: None,
    },
    "deepstep.xo_net.relu": {
        "maps": lambda: np.linspace(-1, 1, 3 * 81).reshape(3, 9, 9)
    },
    "deepstep.xo_net.pool": {
        "maps": lambda: np.linspace(-1, 1, 3 * 81).reshape(3, 9, 9)
    },
    "deepstep.xo_net.flatten": {
        "maps": lambda: np.linspace(-1, 1, 3 * 4).reshape(3, 2, 2)
    },
    "deepstep.xo_net.filter_maps": {"image": lambda: deepstep.data.xo_image("X")},
    "deepstep.xo_net.forward": {"image": lambda: deepstep.data.xo_image("X")},
    "deepstep.xo_net.classify": {"image": lambda: deepstep.data.xo_image("X")},
    "deepstep.xo_net.predict": {"images": lambda: deepstep.data.xo_image("X")[None]},
    "deepstep.xo_net.ninths": {"values": lambda: np.array([[1 / 9, 2 / 9]])},
    "deepstep.nn.layers.recurrent.recurrent_param_count": {"kind": lambda: "LSTM"},
    "deepstep.plot.generative.digit_rows": {"rows": lambda: [np.zeros((8, 64))]},
    "deepstep.augment.flip": {"images": lambda: IMAGES[..., None]},
    "deepstep.augment.rotate": {"images": lambda: IMAGES[..., None]},
    "deepstep.augment.scale": {
        "images": lambda: IMAGES[..., None],
        "factor": lambda: 1.2,
    },
    "deepstep.augment.translate": {"images": lambda: IMAGES[..., None]},
    "deepstep.augment.crop": {"images": lambda: IMAGES[..., None]},
    "deepstep.augment.gaussian_noise": {"images": lambda: IMAGES[..., None]},
    "deepstep.nn.gradcheck.numerical_gradient": {
        "f": lambda: lambda w: float(np.sum(w**2)),
        "x": lambda: np.array([1.0, 2.0]),
    },
    "deepstep.nn.layers.base.InputSpec": {"shape": lambda: (None, 3)},
    "deepstep.nn.layers.base.InputSpec.check": {
        "shape": lambda: (4, 3),
        "owner": lambda: "dense",
    },
    "deepstep.nn.layers.base.Layer.add_kernel_and_bias": {
        "kernel_shape": lambda: (3, 2),
        "kernel_initializer": lambda: "zeros",
        "bias_initializer": lambda: "zeros",
    },
    "deepstep.plot.classification.top_k_bars": {
        "images": lambda: np.zeros((2, 4, 4)),
        "probabilities": lambda: np.array([[0.1, 0.6, 0.3], [0.5, 0.2, 0.3]]),
        "labels": lambda: [2, 1],
        "k": lambda: 2,
    },
    "deepstep.plot.images.image_grid": {"images": lambda: np.ones((2, 2, 6, 6))},
    "deepstep.plot.pad.DrawingPad": {
        "classify": lambda: deepstep.xo_net.classify,
        "start": lambda: np.zeros((9, 9)),
        "show_maps": lambda: False,
    },
    "deepstep.receptive_field.receptive_fields": {"layers": lambda: [(3, 1), (2, 2)]},
    "deepstep.why_depth.deep_mlp": {"outputs": lambda: 1},
    "deepstep.plot.images.xo_pipeline": {
        "image": lambda: deepstep.data.xo_image("X"),
        "stacked": lambda: np.linspace(0, 1, 12).reshape(3, 2, 2),
    },
    "deepstep.plot.pad.states_from_image": {
        "image": lambda: deepstep.data.xo_image("X")
    },
    "deepstep.plot.images.letter_gallery": {"images": lambda: IMAGES.copy()},
    "deepstep.plot.images.feature_maps": {"maps": lambda: IMAGES.copy()},
    "deepstep.plot.images.grid": {"values": lambda: IMAGE.copy()},
    "deepstep.plot.neurons.network_diagram": {
        "weights": lambda: [np.ones((2, 2))],
    },
    "deepstep.plot.neurons.activation_gallery": {"names": lambda: ("relu", "tanh")},
    "deepstep.plot.kernels.kernel_gallery": {"names": lambda: ("blur",)},
    "deepstep.plot.kernels.kernel_figure": {"kernel": lambda: "blur"},
    "deepstep.plot.generative.training_curves": {"title": lambda: "curves"},
    "deepstep.plot.normalization.staircase": {
        "steps": lambda: np.array([0, 1]),
        "rates": lambda: np.array([0.1, 0.05]),
    },
    "deepstep.plot.normalization.lrn_profile": {"title": lambda: None},
    "deepstep.plot.normalization.contrast_panels": {"image": lambda: IMAGE.copy()},
    "deepstep.plot.descent.draw_comparison": {"step": lambda: 1},
    "deepstep.plot.neurons.xor_hidden_figure": {"epochs": lambda: [0, 10]},
    "deepstep.kernels.as_kernel": {"func": lambda: "apply_kernel"},
    "deepstep.kernels.downsample": {"factor": lambda: 2},
    "deepstep.kernels.named_kernel": {"name": lambda: "blur"},
    "deepstep.generative.sigmoid": {"x": lambda: np.array([0.0, 1.0])},
    "deepstep.generative.cd1_weight_update": {"learning_rate": lambda: 0.1},
    "deepstep.generative.deep_belief_features": {"v": lambda: np.ones((4, 4))},
    "deepstep.generative.RBM.hidden_probs": {"v": lambda: np.ones((2, 4))},
    "deepstep.generative.RBM.visible_probs": {"h": lambda: np.ones((2, 3))},
    "deepstep.generative.RBM.free_energy": {"v": lambda: np.ones((2, 4))},
    "deepstep.generative.RBM.reconstruction_error": {"v": lambda: np.ones((2, 4))},
    "deepstep.generative.RBM.cd_step": {"v": lambda: np.ones((2, 4))},
    "deepstep.generative.RBM.fit": {"v": lambda: np.ones((2, 4))},
    "deepstep.gan.gan_step": {
        "generator": lambda: _gan_net(2),
        "discriminator": lambda: _gan_net(1),
        "x_real": lambda: np.ones((3, 2)),
        "z": lambda: np.ones((3, 2)),
        "d_optimizer": lambda: nn.optimizers.Adam(),
        "g_optimizer": lambda: nn.optimizers.Adam(),
    },
    "deepstep.gan.share_near_ring": {"points": lambda: np.ones((3, 2))},
    "deepstep.generative.code_sparsity": {"h": lambda: np.full((3, 4), 0.5)},
    "deepstep.plot.generative.latent_space": {
        "mu": lambda: np.zeros((3, 2)),
        "labels": lambda: np.array([0.0, 1.0, 2.0]),
        "decoded": lambda: np.full((4, 64), 0.5),
        "span": lambda: 2.0,
    },
    "deepstep.plot.generative.sparse_codes": {
        "codes": lambda: {"a": np.full((3, 4), 0.5)},
        "kernels": lambda: {"a": np.ones((64, 4))},
    },
    "deepstep.plot.gan.gan_training": {
        "real": lambda: np.ones((3, 2)),
        "before": lambda: np.ones((3, 2)),
        "after": lambda: np.ones((3, 2)),
        "d_losses": lambda: [1.4, 1.3],
        "g_losses": lambda: [0.7, 0.8],
    },
    "deepstep.data.logic_gate": {"name": lambda: "and"},
    "deepstep.data.gate_name": {
        "value": lambda: "and",
        "func": lambda: "decision_line",
        "name": lambda: "gate",
    },
    "deepstep.sequences.memory_task": {"n": lambda: 4, "lag": lambda: 2},
    "deepstep.sequences.moving_dot": {
        "n": lambda: 2,
        "steps": lambda: 3,
        "size": lambda: 5,
    },
    "deepstep.descent.trajectory": {"start": lambda: np.array([1.0, 1.0])},
    "deepstep.descent.Surface.value": {"p": lambda: np.array([1.0, 1.0])},
    "deepstep.descent.Surface.gradient": {"p": lambda: np.array([1.0, 1.0])},
    "deepstep.depth.DeepStack.forward": {"x": lambda: np.ones((2, 4))},
    "deepstep.depth.DeepStack.backward": {"grad_out": lambda: np.ones((2, 4))},
    "deepstep.nn.activations.get": {"name": lambda: "relu"},
    "deepstep.nn.initializers.get": {"name": lambda: "zeros"},
    "deepstep.nn.metrics.get": {"name": lambda: "accuracy"},
    "deepstep.nn.metrics.binary_accuracy": {
        "y_true": lambda: np.array([1.0, 0.0]),
        "y_pred": lambda: np.array([0.8, 0.3]),
    },
    "deepstep.nn.losses.get": {"identifier": lambda: "mse"},
    "deepstep.nn.initializers.orthogonal": {"shape": lambda: (3, 3)},
    "deepstep.check.less": {"value": lambda: 0.5, "bound": lambda: 1.0},
    "deepstep.check.greater": {"value": lambda: 1.5, "bound": lambda: 1.0},
    "deepstep.plot.style.finish": {"suptitle": lambda: None},
    "deepstep.plot.pad.vote_text": {"letter": lambda: "X"},
    "deepstep.dropout_variants.maxout_pieces": {
        "kernel": lambda: np.ones((3, 2, 2)),
        "bias": lambda: np.zeros((2, 2)),
    },
    "deepstep.dropout_variants.maxout_forward": {
        "kernel": lambda: np.ones((3, 2, 2)),
        "bias": lambda: np.zeros((2, 2)),
    },
    "deepstep.dropout_variants.maxout_backward": {
        "kernel": lambda: np.ones((3, 2, 2)),
        "bias": lambda: np.zeros((2, 2)),
        "grad_out": lambda: np.ones((4, 2)),
    },
    "deepstep.dropout_variants.tangent_pieces": {
        "f": lambda: np.square,
        "derivative": lambda: lambda c: 2 * c,
        "points": lambda: np.array([-1.0, 0.0, 1.0]),
    },
    "deepstep.dropout_variants.dropconnect_forward": {
        "kernel": lambda: np.ones((3, 2))
    },
    "deepstep.dropout_variants.dropout_as_weight_mask": {
        "keep_inputs": lambda: np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]]),
    },
    "deepstep.dropout_variants.annealed_dropout_rate": {
        "epoch": lambda: 2,
        "initial_rate": lambda: 0.5,
        "anneal_epochs": lambda: 10,
    },
    "deepstep.plot.dropout_variants.maxout_approximation": {
        "x": lambda: np.linspace(-1, 1, 5),
        "target": lambda: np.linspace(-1, 1, 5) ** 2,
        "approximations": lambda: {2: np.abs(np.linspace(-1, 1, 5))},
        "pieces": lambda: np.array([2.0, 4.0]),
        "errors": lambda: np.array([0.25, 0.06]),
        "bound": lambda: np.array([0.25, 0.06]),
    },
    "deepstep.plot.dropout_variants.weight_masks": {
        "dropout_mask": lambda: np.array([[1.0, 1.0], [0.0, 0.0], [1.0, 1.0]]),
        "dropconnect_mask": lambda: np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]),
    },
    "deepstep.plot.dropout_variants.pixel_ranges": {
        "noisy": lambda: {0.5: np.linspace(-0.5, 1.5, 20)},
    },
    "deepstep.plot.images.digit_rows": {
        "rows": lambda: [np.linspace(0, 1, 8 * 64).reshape(8, 64)],
    },
    "deepstep.training_cost.conv_multiply_adds": {"output_size": lambda: (4, 4)},
    "deepstep.training_cost.network_multiply_adds": {
        "layers": lambda: [
            deepstep.training_cost.dense_multiply_adds(3, 4),
            deepstep.training_cost.dense_multiply_adds(4, 2),
        ],
    },
    "deepstep.training_cost.crop_positions": {"image": lambda: 6, "crop": lambda: 4},
    "deepstep.training_cost.crop_count": {"image": lambda: 6, "crop": lambda: 4},
    "deepstep.training_cost.in_image_taps": {
        "n": lambda: 6,
        "kernel": lambda: 3,
        "padding": lambda: 1,
    },
    "deepstep.training_cost.residual_block_params": {"channels": lambda: 8},
}


def _parameters(func: Callable) -> list[inspect.Parameter]:
    return [
        p
        for p in inspect.signature(func).parameters.values()
        if p.name != "self" and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
    ]


def valid_value(qualname: str, param: inspect.Parameter) -> object:
    table = OVERRIDES.get(qualname, {})
    if param.name in table:
        return table[param.name]()
    if param.default is not inspect.Parameter.empty:
        return param.default
    if param.name in VALID:
        return VALID[param.name]()
    raise LookupError(f"no valid example for {qualname}({param.name})")


def call_with(
    qualname: str,
    func: Callable,
    replace: dict[str, object] | None = None,
    context: dict[str, Callable[[], object]] | None = None,
) -> object:
    """Call ``func`` with valid arguments (``context`` first: an instance's own),
    ``replace`` substituted by name."""
    replace, context = replace or {}, context or {}
    args, kwargs = [], {}
    for p in _parameters(func):
        if p.name in replace:
            value = replace[p.name]
        elif p.name in context:
            value = context[p.name]()
        else:
            value = valid_value(qualname, p)
        if p.kind == p.KEYWORD_ONLY:
            kwargs[p.name] = value
        else:
            args.append(value)
    return func(*args, **kwargs)


# -- instances for the methods ---------------------------------------------------------
# A layer is built by calling it on an input of the shape it expects.
LAYER_INPUTS: dict[str, Callable[[], np.ndarray]] = {
    "Conv2D": lambda: NHWC.copy(),
    "MaxPooling2D": lambda: NHWC.copy(),
    "MaxPool2D": lambda: NHWC.copy(),
    "AveragePooling2D": lambda: NHWC.copy(),
    "AvgPool2D": lambda: NHWC.copy(),
    "SimpleRNN": lambda: np.ones((2, 5, 3)),
    "LSTM": lambda: np.ones((2, 5, 3)),
    "GRU": lambda: np.ones((2, 5, 3)),
    "DenseBlock": lambda: NHWC.copy(),
}
# Abstract bases: their methods run on a concrete subclass.
CONCRETE = {
    "deepstep.nn.layers.base.Layer": lambda: nn.layers.Dense(2),
    "deepstep.nn.layers.core.Activation": lambda: nn.layers.Activation("relu"),
    "deepstep.nn.losses.Loss": lambda: nn.losses.MeanSquaredError(),
    "deepstep.nn.optimizers.Optimizer": lambda: nn.optimizers.SGD(0.1),
    "deepstep.nn.schedules.LearningRateSchedule": lambda: nn.schedules.StepDecay(0.1),
    "deepstep.nn.models.Sequential": _model,
    "deepstep.descent.Quadratic": _bowl,
    "deepstep.descent.Surface": lambda: descent.quadratic_valley(),
    "deepstep.delta_rule.XorSnapshots": lambda: _xor_snapshots(),
    "deepstep.exercises.feedback.Exercise": lambda: EXERCISES["max_pool"],
    "deepstep.exercises.feedback.Case": lambda: EXERCISES["max_pool"].cases()[0],
    "deepstep.plot.pad.DrawingPad": lambda: deepstep.plot.drawing_pad(),
    "deepstep.depth.DeepStack": lambda: _deep_stack(),
    "deepstep.nn.layers.base.InputSpec": lambda: nn.layers.InputSpec((None, 3)),
}


def _deep_stack():
    from deepstep.depth import DeepStack

    stack = DeepStack(3, width=4)
    stack.forward(np.ones((2, 4)))
    stack.backward(np.ones((2, 4)))
    return stack


def instance(
    qualname: str, cls: type
) -> tuple[object, dict[str, Callable[[], object]]]:
    """A sensibly built instance and the valid arguments of its methods."""
    obj = CONCRETE[qualname]() if qualname in CONCRETE else call_with(qualname, cls)
    context: dict[str, Callable[[], object]] = {}
    if isinstance(obj, nn.layers.Layer):
        if isinstance(obj, nn.Sequential):
            x, y = X_TABLE.copy(), np.full((4, 2), 0.5)
            context["y"] = lambda: y.copy()
            context["y_pred"] = lambda: np.full((4, 2), 0.25)
        else:
            x = LAYER_INPUTS.get(cls.__name__, lambda: X_TABLE.copy())()
        out = obj(x)
        weights = obj.get_weights()
        context |= {
            "like": lambda: out.copy(),
            "x": lambda: x.copy(),
            "grad_out": lambda: np.ones_like(out),
            "dz": lambda: np.ones_like(out),
            "input_shape": lambda: (None, *x.shape[1:]),
            "weights": lambda: [w.copy() for w in weights],
        }
    if isinstance(obj, nn.optimizers.Optimizer):
        context["grads_and_vars"] = lambda: [(np.ones(2), np.zeros(2))]
    if type(obj).__name__ == "DrawingPad":
        context["image"] = lambda: deepstep.data.xo_image("O")
    return obj, context


def public_methods(cls: type) -> list[str]:
    return [
        name
        for name, attr in vars(cls).items()
        if inspect.isfunction(attr) and (not name.startswith("_") or name == "__call__")
    ]


Getter = Callable[[], tuple[Callable, dict[str, Callable[[], object]]]]


def targets() -> dict[str, tuple[Callable, Getter]]:
    """name -> (what has the signature, getter of the callable and its context), for
    every public function, constructor and method."""
    out: dict[str, tuple[Callable, Getter]] = {}
    for qualname, obj in public_definitions():
        out[qualname] = (obj, lambda obj=obj: (obj, {}))
        if inspect.isclass(obj):
            for method in public_methods(obj):

                def get(q=qualname, c=obj, m=method):
                    inst, context = instance(q, c)
                    return getattr(inst, m), context

                out[f"{qualname}.{method}"] = (vars(obj)[method], get)
    return out


TARGETS = targets()


def is_record(obj: object) -> bool:
    """A dataclass, NamedTuple or exception: a record the library fills in and
    returns."""
    return inspect.isclass(obj) and (
        is_dataclass(obj) or issubclass(obj, tuple | BaseException)
    )


# -- what may return -------------------------------------------------------------------
# (name of the callable or its prefix, parameter or "*", garbage kinds) -> the reason
# the result is meaningful. A case matches an entry when the name equals it or starts
# with it + ".".
ALLOWED: dict[tuple[str, str, tuple[str, ...]], str] = {
    **{
        (
            f"deepstep.nn.activations.{name}",
            "v",
            ("inf", "empty", "5d"),
        ): "elementwise on any "
        "shape, as NumPy's ufuncs (an empty array gives an empty array); at ±inf the "
        "activation and its slope take their limits (sigmoid(inf) = 1, its slope 0)"
        for name in [
            "step",
            "step_derivative",
            "linear",
            "linear_derivative",
            "ramp",
            "ramp_derivative",
            "sigmoid",
            "sigmoid_derivative",
            "gaussian",
            "gaussian_derivative",
            "tanh",
            "tanh_derivative",
            "relu",
            "relu_derivative",
        ]
    },
    (
        "deepstep.nn.gradcheck.numerical_gradient",
        "x",
        ("5d",),
    ): "any shape: one partial derivative per element",
    (
        "deepstep.plot.descent.draw_comparison",
        "step",
        ("None",),
    ): "None draws the whole paths, as comparison's step=None does",
    (
        "deepstep.kernels.format_terms",
        "kernel",
        ("str",),
    ): "free text: the kernel's symbol",
    (
        "deepstep.kernels.format_terms",
        "image",
        ("str",),
    ): "free text: the image's symbol",
    (
        "deepstep.kernels.as_kernel",
        "func",
        ("str",),
    ): "free text: the caller's name, for messages",
    (
        "deepstep.plot.kernels.kernel_figure",
        "name",
        ("str",),
    ): "free text: the kernel's label",
    (
        "deepstep.plot.kernels.draw_kernel",
        "custom",
        ("str",),
    ): "the widget's text box: read "
    "(and its parse errors drawn) only when name is 'custom'",
    (
        "deepstep.plot.kernels.kernel_explorer",
        "custom",
        ("str",),
    ): "the text box's starting "
    "text, drawn through draw_kernel (a parse error is drawn, not raised)",
    (
        "deepstep.check.to_slide_precision",
        "values",
        ("empty", "5d"),
    ): "elementwise on any shape, as np.round",
    (
        "deepstep.descent.Quadratic",
        "w",
        ("5d",),
    ): "documented: w of shape (..., dim) gives "
    "the losses of a whole batch of points, shape (...)",
    (
        "deepstep.descent.Surface",
        "p",
        ("5d",),
    ): "documented: p of shape (..., 2) gives a whole grid of points at once",
    (
        "deepstep.exercises.feedback.difference",
        "got",
        tuple(GARBAGE),
    ): "got is the student's "
    "answer: every value gets feedback ('you return None; did you forget `return`?')",
    (
        "deepstep.exercises.feedback.difference",
        "want",
        tuple(GARBAGE),
    ): "compared like got; the feedback names the mismatch",
    ("deepstep.exercises.feedback.Exercise.check", "fn", tuple(GARBAGE)): "fn is the "
    "student's answer: the check reports what is wrong as a ✗ result, never raises",
    (
        "deepstep.exercises.feedback.relative_error",
        "*",
        ("nan", "inf"),
    ): "documented: equal "
    "infinities and NaN on both sides agree, NaN on one side is an infinite error",
    ("deepstep.generative.sigmoid", "x", ("inf", "empty", "5d")): "elementwise on any "
    "shape; sigmoid(±inf) is its limit 1 or 0",
    (
        "deepstep.normalization.lrn",
        "x",
        ("empty", "5d"),
    ): "documented: x of shape (..., C), "
    "normalized across the last axis whatever the leading shape",
    ("deepstep.plot.alt.set_alt_text", "text", ("str",)): "free text: the figure's alt "
    "text, any non-empty sentence",
    (
        "deepstep.plot.dropout_variants.maxout_approximation",
        "target_label",
        ("str",),
    ): "free text: the target curve's legend label",
    (
        "deepstep.why_depth.DenseBlock",
        "bottleneck",
        ("None",),
    ): "documented: None is no "
    "bottleneck, the paper's plain DenseNet layer BN -> ReLU -> Conv 3x3",
    (
        "deepstep.why_depth.dense_block_param_counts",
        "bottleneck",
        ("None",),
    ): "documented: None counts the plain DenseNet layer, no bottleneck",
    (
        "deepstep.nn.activations.softmax",
        "v",
        ("5d",),
    ): "softmax of the last axis, any shape",
    (
        "deepstep.nn.activations.softmax_derivative",
        "v",
        ("5d",),
    ): "the Jacobian of the last axis, any leading shape",
}

# Free text: any string is a valid name, title or label.
FREE_TEXT = {
    "name",
    "title",
    "suptitle",
    "what",
    "ylabel",
    "val_label",
    "owner",
    "times",
}
# None documented where the signature has no default: "no title", "a new figure".
NONE_MEANS = {
    "title": "None: no title",
    "suptitle": "None: no title",
    "ylabel": "None: no label",
    "ax": "None: draw on a new figure",
    "batch_size": "None: Keras's default batch size, 32",
}
# ... except where ``name`` picks something by name.
NOT_FREE_TEXT = {
    "deepstep.kernels.named_kernel",
    "deepstep.nn.activations.get",
    "deepstep.nn.initializers.get",
    "deepstep.nn.metrics.get",
    "deepstep.data.logic_gate",
    "deepstep.plot.kernels.draw_kernel",
    "deepstep.plot.kernels.kernel_figure",
}


def allowed(
    qualname: str, param: inspect.Parameter, kind: str, func: object
) -> str | None:
    """The documented reason a garbage call may return, or None."""
    if kind == "None" and param.default is None:
        return "None is the documented default of this argument"
    if kind == "5d" and qualname.startswith("deepstep.nn.layers.core.Flatten.forward"):
        return "Flatten takes any (N, ...) input, as Keras's Flatten"
    if kind == "empty" and qualname.startswith(
        "deepstep.nn.layers.core.Flatten.forward"
    ):
        return "an empty batch flattens to an empty batch"
    if (
        kind == "None"
        and qualname == "deepstep.nn.layers.base.InputSpec"
        and param.name == "shape"
    ):
        return (
            "documented: shape=None accepts any input with a batch axis "
            "(Flatten's spec)"
        )
    if kind == "None" and param.name == "activation":
        return "documented: None is the linear activation, as in Keras"
    if kind == "empty" and qualname == "deepstep.nn.layers.base.Input":
        return "shape () is a scalar per sample, as keras.Input(shape=()) allows"
    if kind in ("nan", "inf") and qualname.rsplit(".", 1)[-1] in (
        "forward",
        "backward",
    ):
        return (
            "the hot path: forward and backward convert and shape-check their input "
            "but do not scan its values again (issue 13); layer(x), predict and fit "
            "reject NaN and inf"
        )
    if kind == "None" and param.name in NONE_MEANS:
        return NONE_MEANS[param.name]
    if kind == "str" and param.name in FREE_TEXT and qualname not in NOT_FREE_TEXT:
        return f"{param.name} is free text: any string is valid"
    for (name, pname, kinds), reason in ALLOWED.items():
        if (qualname == name or qualname.startswith(name + ".")) and pname in (
            "*",
            param.name,
        ):
            if kind in kinds:
                return reason
    return None


# The arithmetic behind a checked entry point, called by the library on arrays it has
# checked once (issue 13: no second scan in a training step); a student calls the entry
# point instead.
HOOKS = {
    "per_element": "loss(y_true, y_pred) and loss.gradient check, then call it",
    "per_element_gradient": "loss.gradient checks, then calls it",
    "compute": "loss(y_true, y_pred) checks, then calls it; fit calls it on checked "
    "batches",
    "compute_gradient": "loss.gradient checks, then calls it; fit calls it on checked "
    "batches",
    "check_shapes": "the shape half of the loss's check, called after the value check",
    "forward_input": "the first line of every forward",
    "backward_input": "the first line of every backward",
    "add_kernel_and_bias": "called by a layer's build with sizes it computed",
    "make_input_spec": "called by build with the shape build checked",
    "backward_from_preactivation": "backward's second half, on backward's checked "
    "gradient",
    "train_step": "fit's step, on batches fit checked once",
    "backward_loss": "fit's and check_model's backward pass, on checked arrays",
    "check": "InputSpec.check: a layer's forward checks its input's shape with it",
    "apply": "Optimizer.apply: fit's step on gradients it computed; apply_gradients "
    "checks",
    "im2col_conv": "conv2d_nhwc and Conv2D check x, kernel, bias, strides and "
    "padding, then call it",
}


def is_hook(qualname: str) -> bool:
    return (
        qualname.rsplit(".", 1)[-1] in HOOKS
        and qualname != "deepstep.exercises.feedback.Exercise.check"
    )


def is_forward(qualname: str) -> bool:
    """A layer's forward: its training flag is read as a truth value, unchecked, in
    every step (issue 13); ``layer(x, training)``, ``fit`` and ``predict`` check or set
    it."""
    return qualname.rsplit(".", 1)[-1] == "forward"


def cases() -> list:
    out = []
    for qualname, (source, _) in TARGETS.items():
        if is_record(source) or is_hook(qualname):
            continue
        for p in _parameters(source):
            if p.kind == p.KEYWORD_ONLY or (
                p.name == "training" and is_forward(qualname)
            ):
                continue
            for kind in GARBAGE:
                out.append(
                    pytest.param(
                        qualname, p.name, kind, id=f"{qualname}-{p.name}-{kind}"
                    )
                )
    return out


CASES = cases()
EXPECTS = re.compile(
    r"\b(must|expected|expects|should|needs?|contains|known|one "
    r"of|unknown|but|allowed)\b"
)


# Helpers whose messages name their caller, passed to them as ``func``.
NAMED_AS = {"as_kernel": "apply_kernel"}


def names_for(func: Callable) -> set[str]:
    """The names a message may use for ``func``: its own, its class's, its
    instance's."""
    names = {getattr(func, "__name__", "")}
    names.add(NAMED_AS.get(getattr(func, "__name__", ""), ""))
    owner = getattr(func, "__self__", None)
    if owner is not None:
        names |= {
            type(owner).__name__,
            str(getattr(owner, "name", type(owner).__name__)),
        }
    if names & {"__init__", "__call__"} or inspect.isclass(func):
        names.add(getattr(func, "__qualname__", "").split(".")[0])
    return {n for n in names if n and not n.startswith("__")}


# A layer's or model's x is its input.
SYNONYMS = {
    "x": ("x", "input", "inputs"),
    "input_shape": ("input_shape", "inputs of shape", "input of shape"),
}


def message_problems(
    message: str, func: Callable, param: str, kind: str, others: list[str]
) -> list[str]:
    """What the message lacks. An array that does not fit another argument may be
    reported as the other argument's mismatch ("after must have before's shape"): for
    array garbage, naming another argument counts."""
    problems = []
    names = SYNONYMS.get(param, (param,))
    if kind in ARRAYS:
        names = (*names, *others)
    if not any(name in message for name in names_for(func)):
        problems.append(
            f"does not name the function ({' or '.join(sorted(names_for(func)))})"
        )
    if not re.search(rf"\b({'|'.join(map(re.escape, names))})\b", message):
        problems.append(f"does not name the argument {param!r}")
    if not EXPECTS.search(message):
        problems.append("does not say what was expected")
    if "got" not in message and not re.search(
        r"\bunknown \w+ ['\"N]|\bha(ve|s) shape\b", message
    ):
        problems.append("does not say what it got")
    return problems


def test_the_walk_covers_every_public_callable():
    functions = [q for q, (s, _) in TARGETS.items() if inspect.isfunction(s)]
    classes = [q for q, (s, _) in TARGETS.items() if inspect.isclass(s)]
    records = [q for q in classes if is_record(TARGETS[q][0])]
    hooks = [q for q in TARGETS if is_hook(q)]
    print(
        f"\n{len(TARGETS)} public callables: {len(functions) - len(methods())} "
        f"functions, {len(classes)} classes ({len(records)} records), "
        f"{len(methods())} methods ({len(hooks)} hooks behind a checked entry point); "
        f"{len(CASES)} garbage calls, none marked xfail"
    )
    assert len(TARGETS) >= 300
    assert "deepstep.nn.metrics.binary_accuracy" in TARGETS
    assert "deepstep.plot.descent.contour_paths" in TARGETS
    assert not any("keras" in q for q in TARGETS)


def methods() -> list[str]:
    return [q for q in TARGETS if q.rsplit(".", 1)[0] in TARGETS]


@pytest.mark.parametrize(
    "qualname", [q for q, (s, _) in TARGETS.items() if not is_record(s)]
)
def test_the_valid_arguments_are_accepted(qualname):
    """The table's valid arguments work, so a garbage call fails for the garbage
    alone."""
    func, context = TARGETS[qualname][1]()
    if qualname in RAISES_BY_DESIGN:
        pytest.skip(RAISES_BY_DESIGN[qualname])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        call_with(qualname, func, context=context)


RAISES_BY_DESIGN = {
    "deepstep.exercises.feedback.not_implemented": "the students' stub: it raises "
    "NotImplementedError whatever it is given",
}


@pytest.mark.parametrize(("qualname", "param", "kind"), CASES)
def test_garbage_is_rejected_with_a_clear_error(qualname, param, kind):
    source = TARGETS[qualname][0]
    parameter = next(p for p in _parameters(source) if p.name == param)
    if qualname in RAISES_BY_DESIGN:
        pytest.skip(RAISES_BY_DESIGN[qualname])
    func, context = TARGETS[qualname][1]()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            result = call_with(qualname, func, {param: GARBAGE[kind]()}, context)
        except (ValueError, TypeError) as err:
            others = [p.name for p in _parameters(source) if p.name != param]
            problems = message_problems(str(err), func, param, kind, others)
            assert not problems, f"{type(err).__name__}: {err}\n-> " + "; ".join(
                problems
            )
            return
        except AssertionError as err:
            if qualname.startswith("deepstep.check.") and str(err).startswith("✗"):
                # a check that fails says so, by design: "✗ what: expected ..., got ..."
                return
            pytest.fail(f"raised AssertionError: {err}")
        except RuntimeWarning as err:
            if kind in ("nan", "inf") and allowed(qualname, parameter, kind, func):
                return  # the hot path computes with them, as NumPy does, and warns
            pytest.fail(f"raised RuntimeWarning: {err}")
        except Exception as err:  # noqa: BLE001
            pytest.fail(f"raised {type(err).__name__}: {err}")
    reason = allowed(qualname, parameter, kind, func)
    assert reason, f"returned {type(result).__name__} silently: {result!r:.200}"
