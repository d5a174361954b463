"""Sequential: a stack of layers with Keras's compile / fit / evaluate / predict /
summary.

    model = Sequential([Input(shape=(2,)), Dense(2, activation="sigmoid"),
                        Dense(1, activation="sigmoid")])
    model.compile(optimizer=SGD(learning_rate=0.5), loss="mse", metrics=["accuracy"])
    history = model.fit(x, y, epochs=100, batch_size=4, verbose=0)
    history.history["loss"][-1]

Training is plain backpropagation: forward through every layer, the loss gradient
backward through every layer in reverse, then one optimizer step on all weights.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from .._checks import (
    as_float_array,
    boundary,
    flag,
    function,
    instance_of,
    name_of,
    non_negative_int,
    positive_int,
    received,
    sequence,
    shape_tuple,
    text,
)
from . import losses as losses_module
from . import metrics as metrics_module
from . import optimizers as optimizers_module
from .layers import Input, Layer


class History:
    """What ``fit`` returns, like Keras's: ``history`` maps "loss", metric names and
    their "val_" versions to one value per epoch; ``epoch`` lists the epoch indices."""

    def __init__(self) -> None:
        self.history: dict[str, list[float]] = {}
        self.epoch: list[int] = []

    def _append(self, epoch: int, logs: dict[str, float]) -> None:
        self.epoch.append(epoch)
        for k, v in logs.items():
            self.history.setdefault(k, []).append(v)

    def __repr__(self) -> str:
        return f"<History {len(self.epoch)} epochs: {', '.join(self.history)}>"


class Sequential(Layer):
    """Layers applied in order. The first element may be an ``Input`` giving the sample
    shape; otherwise the model is built on its first call, from the data."""

    def __init__(
        self, layers: Sequence[Layer | Input] | None = None, name: str | None = None
    ):
        super().__init__(name)
        self.layers: list[Layer] = []
        self._input: Input | None = None
        self.optimizer: optimizers_module.Optimizer | None = None
        self.loss: losses_module.Loss | None = None
        self.metrics: list[metrics_module.Metric] = []
        self._shuffle_rng = np.random.default_rng(0)
        if layers is not None:
            layers = sequence(layers, Sequential, "layers", non_empty=False)
        for layer in layers or []:
            self.add(layer)

    def add(self, layer: Layer | Input) -> None:
        if isinstance(layer, Input):
            if self.layers or self._input is not None:
                raise ValueError(f"{self.name}: an Input can only come first")
            self._input = layer
            return
        if not isinstance(layer, Layer):
            raise TypeError(
                f"{self.name}.add: layer must be a Layer or an Input; got "
                f"{received(layer)}"
            )
        self.layers.append(layer)
        if self._input is not None or self.built:
            self.built = False
            self.build((None, *self._input.shape) if self._input else self.input_shape)

    # -- building -----------------------------------------------------------------
    def build(self, input_shape):
        super().build(input_shape)
        shape = self._batched(self.input_shape)
        for layer in self.layers:
            if not layer.built:
                layer.build(shape)
            shape = layer.compute_output_shape(shape)
        self._output_shape = shape

    def compute_output_shape(self, input_shape):
        shape = self._batched(shape_tuple(input_shape, self.name))
        for layer in self.layers:
            shape = layer.compute_output_shape(shape)
        return shape

    def _batched(self, shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        if len(shape) < 2:
            raise ValueError(
                f"{self.name}: input_shape must be (batch, ...) with a sample shape; "
                f"got {shape}"
            )
        return shape

    def _ensure_built(self, x: np.ndarray) -> None:
        if not self.layers:
            raise ValueError(f"{self.name}: the model has no layers")
        if not self.built:
            self.build(
                (None, *self._input.shape) if self._input else (None, *x.shape[1:])
            )

    # -- forward and backward -------------------------------------------------------
    def __call__(self, x, training=False):
        x = as_float_array(x, self.name, "x", allow_inf=False)
        flag(training, self.name, "training")
        self._ensure_built(x)
        return self.forward(x, training=training)

    def forward(self, x, training=False):
        x = self.forward_input(x)
        for layer in self.layers:
            x = layer.forward(x, training=training)
        return x

    def backward(self, grad_out):
        g = grad_out
        for layer in reversed(self.layers):
            g = layer.backward(g)
        return g

    def backward_loss(self, y: np.ndarray, y_pred: np.ndarray) -> np.ndarray:
        """Backpropagate the compiled loss from the last forward pass; returns
        d(loss)/d(x).

        Softmax followed by categorical cross-entropy is differentiated as one step,
        d(loss)/dz = (p - y) / N on the softmax's input z, as Keras does: it is exact,
        cheaper, and never divides by a probability clipped near 0.
        """
        last = self.layers[-1]
        fused = (
            isinstance(self.loss, losses_module.CategoricalCrossentropy)
            and not self.loss.from_logits
            and getattr(
                last,
                "activation_name",
                getattr(getattr(last, "activation", None), "activation_name", None),
            )
            == "softmax"
        )
        targets = self._targets(y, y_pred)  # shapes only: fit checked the values
        if not fused:
            return self.backward(self.loss.compute_gradient(targets, y_pred))
        dz = (y_pred * y.sum(axis=-1, keepdims=True) - y) / len(y)
        g = last.backward_from_preactivation(dz)
        for layer in reversed(self.layers[:-1]):
            g = layer.backward(g)
        return g

    # -- weights ----------------------------------------------------------------------
    @property
    def trainable_weights(self) -> list[np.ndarray]:
        return [p for layer in self.layers for p in layer.params.values()]

    @property
    def gradients(self) -> list[np.ndarray]:
        return [layer.grads[k] for layer in self.layers for k in layer.params]

    def get_weights(self):
        return [w for layer in self.layers for w in layer.get_weights()]

    def set_weights(self, weights):
        if not self.built:
            raise RuntimeError(f"{self.name}: build the model before set_weights")
        # Each layer takes as many arrays as get_weights gives (BatchNormalization: 4, 2
        # trainable).
        counts = [len(layer.get_weights()) for layer in self.layers]
        weights = sequence(
            weights, f"{self.name}.set_weights", "weights", non_empty=False
        )
        if len(weights) != sum(counts):
            raise ValueError(
                f"{self.name}.set_weights: weights: expected {sum(counts)} arrays; "
                f"got {len(weights)}"
            )
        i = 0
        for layer, n in zip(self.layers, counts, strict=True):
            layer.set_weights(weights[i : i + n])
            i += n

    def count_params(self):
        return sum(layer.count_params() for layer in self.layers)

    # -- training ----------------------------------------------------------------------
    @boundary
    def compile(
        self,
        optimizer: str | optimizers_module.Optimizer = "sgd",
        loss: str | losses_module.Loss = "mse",
        metrics: Sequence[str] | None = None,
    ) -> None:
        """Choose the optimizer, the loss and the metrics reported by fit and
        evaluate."""
        compile_ = Sequential.compile
        instance_of(
            optimizer, (str, optimizers_module.Optimizer), compile_, "optimizer"
        )
        instance_of(loss, (str, losses_module.Loss), compile_, "loss")
        if metrics is not None:
            for m in sequence(metrics, compile_, "metrics", non_empty=False):
                text(m, compile_, "metrics[i]")
        self.optimizer = optimizers_module.get(optimizer)
        self.loss = losses_module.get(loss)
        self.metrics = [metrics_module.get(m, self.loss) for m in (metrics or [])]

    def _check_xy(self, x, y, func):
        """The one check of fit's and evaluate's data: float arrays, no NaN or inf, one
        sample each; builds the model. Nothing after it reads the values again."""
        x = as_float_array(x, func, "x", allow_inf=False)
        y = as_float_array(y, func, "y", allow_inf=False)
        if x.ndim == 0 or y.ndim == 0 or len(x) != len(y):
            raise ValueError(
                f"{name_of(func)}: x and y must have the same number of samples; got "
                f"x {x.shape} and y {y.shape}"
            )
        self._ensure_built(x)
        return x, y

    def train_step(self, x: np.ndarray, y: np.ndarray) -> float:
        """One forward pass, one backward pass, one optimizer step. Returns the batch
        loss.

        x and y: float arrays as ``fit`` checked them; only their shapes are checked
        here."""
        if self.optimizer is None or self.loss is None:
            raise RuntimeError(
                f"{self.name}: call compile(optimizer, loss) before training"
            )
        y_pred = self.forward(x, training=True)
        value = self.loss.compute(self._targets(y, y_pred), y_pred)
        self.backward_loss(y, y_pred)
        self.optimizer.apply(zip(self.gradients, self.trainable_weights, strict=True))
        return value

    def _targets(self, y: np.ndarray, y_pred: np.ndarray) -> np.ndarray:
        """y, checked against the output's shape and the loss's, in the output's
        dtype."""
        _check_target_shape(self.name, y, y_pred)
        self.loss.check_shapes(y, y_pred)
        return y.astype(y_pred.dtype, copy=False)

    def fit(
        self,
        x: npt.ArrayLike,
        y: npt.ArrayLike,
        epochs: int = 1,
        batch_size: int | None = 32,
        shuffle: bool = True,
        validation_data: tuple[npt.ArrayLike, npt.ArrayLike] | None = None,
        verbose: int = 1,
        seed: int | None = None,
    ) -> History:
        """Train for ``epochs`` passes over (x, y) in mini-batches; returns a History.

        verbose=1 shows a progress bar per epoch, 2 one line per epoch, 0 nothing.
        The loss reported for an epoch is the sample-weighted mean of its batch losses,
        each measured before that batch's update (as Keras reports it).
        seed: seeds the shuffling; by default the model's own generator continues.
        """
        # tqdm.auto draws a widget in Jupyter and text elsewhere; it looks for IPython,
        # so it is imported when a model trains, not with deepstep.nn.
        from tqdm.auto import tqdm

        fit = name_of(Sequential.fit)
        x, y = self._check_xy(x, y, fit)
        positive_int(epochs, fit, "epochs")
        if batch_size is not None:
            positive_int(batch_size, fit, "batch_size")
        flag(shuffle, fit, "shuffle")
        if (
            isinstance(verbose, bool)
            or not isinstance(verbose, int)
            or verbose not in (0, 1, 2)
        ):
            raise ValueError(
                f"{fit}: verbose must be 0, 1 or 2; got {received(verbose)}"
            )
        if seed is not None:
            non_negative_int(seed, fit, "seed")
        if validation_data is not None:
            if (
                not isinstance(validation_data, tuple | list)
                or len(validation_data) != 2
            ):
                raise ValueError(
                    f"{fit}: validation_data must be a pair (x_val, y_val); "
                    f"got {received(validation_data)}"
                )
            x_val, y_val = self._check_xy(*validation_data, f"{fit} (validation_data)")
        if seed is not None:
            self._shuffle_rng = np.random.default_rng(seed)
        n = len(x)
        batch_size = min(batch_size or 32, n)
        history = History()
        for epoch in range(epochs):
            order = self._shuffle_rng.permutation(n) if shuffle else np.arange(n)
            starts = range(0, n, batch_size)
            bar = tqdm(
                total=len(starts),
                desc=f"Epoch {epoch + 1}/{epochs}",
                unit="batch",
                file=sys.stdout,
                disable=verbose != 1,
            )
            total = 0.0
            for start in starts:
                idx = order[start : start + batch_size]
                total += self.train_step(x[idx], y[idx]) * len(idx)
                bar.update(1)
            logs = {"loss": total / n}
            # Metrics on the whole training set after the epoch, so they are
            # deterministic.
            if self.metrics:
                logs.update(self._metric_values(y, self.forward(x, training=False)))
            if validation_data is not None:
                logs.update(
                    {f"val_{k}": v for k, v in self._evaluate(x_val, y_val).items()}
                )
            history._append(epoch, logs)
            if verbose:
                summary = " - ".join(f"{k}: {v:.4f}" for k, v in logs.items())
                if verbose == 1:
                    bar.set_postfix_str(summary)
                    bar.close()
                else:
                    print(f"Epoch {epoch + 1}/{epochs} - {summary}")
        return history

    def _metric_values(self, y, y_pred):
        return {m.name: float(m.fn(y, y_pred)) for m in self.metrics}

    def predict(self, x: npt.ArrayLike, batch_size: int | None = None) -> np.ndarray:
        """The model's output for x, computed with training=False."""
        x = as_float_array(x, Sequential.predict, "x", allow_inf=False)
        if batch_size is not None:
            positive_int(batch_size, Sequential.predict, "batch_size")
        self._ensure_built(x)
        return self.forward(x, training=False)

    def evaluate(
        self, x: npt.ArrayLike, y: npt.ArrayLike, return_dict: bool = False
    ) -> float | list[float] | dict[str, float]:
        """Loss (and metrics) on (x, y): a float, [loss, *metrics], or a dict with
        return_dict."""
        if self.loss is None:
            raise RuntimeError(
                f"{self.name}: call compile(optimizer, loss) before evaluate"
            )
        flag(return_dict, Sequential.evaluate, "return_dict")
        logs = self._evaluate(*self._check_xy(x, y, Sequential.evaluate))
        if return_dict:
            return logs
        return logs["loss"] if len(logs) == 1 else list(logs.values())

    def _evaluate(self, x: np.ndarray, y: np.ndarray) -> dict[str, float]:
        y_pred = self.forward(x, training=False)
        loss = self.loss.compute(self._targets(y, y_pred), y_pred)
        return {"loss": loss, **self._metric_values(y, y_pred)}

    # -- description -------------------------------------------------------------------
    def summary(self, print_fn: Any = print) -> None:
        """A table like Keras's: Layer (type), Output Shape, Param #, then the
        totals."""
        function(print_fn, Sequential.summary, "print_fn")
        if not self.built:
            raise RuntimeError(
                f"{self.name}: the model is not built yet; give it an Input or call it"
            )
        rows = [("Layer (type)", "Output Shape", "Param #")]
        shape = self.input_shape
        for layer in self.layers:
            shape = layer.compute_output_shape(shape)
            rows.append(
                (
                    f"{layer.name} ({type(layer).__name__})",
                    str(shape),
                    f"{layer.count_params():,}",
                )
            )
        widths = [max(len(r[i]) for r in rows) + 3 for i in range(3)]
        line = "─" * sum(widths)
        out = [f'Model: "{self.name}"', line]
        for i, row in enumerate(rows):
            out.append(
                "".join(
                    cell.ljust(w) for cell, w in zip(row, widths, strict=True)
                ).rstrip()
            )
            out.append(
                "═" * sum(widths) if i == 0 else line if i == len(rows) - 1 else ""
            )
        out = [o for o in out if o != ""]
        total = self.count_params()
        trainable = sum(p.size for p in self.trainable_weights)
        out += [
            f" Total params: {total:,}",
            f" Trainable params: {trainable:,}",
            f" Non-trainable params: {total - trainable:,}",
        ]
        print_fn("\n".join(out))

    def __repr__(self) -> str:
        return f"<Sequential name={self.name!r} layers={len(self.layers)}>"


def _check_target_shape(name: str, y: np.ndarray, y_pred: np.ndarray) -> None:
    if y.shape != y_pred.shape:
        raise ValueError(
            f"{name}: targets y have shape {y.shape} but the model outputs "
            f"{y_pred.shape}; reshape y (e.g. y.reshape(-1, 1)) or one-hot encode it "
            "to match"
        )
