"""Layer tables: slide deck 003's VGG16 columns (output shape, activations, memory,
weights, parameters) for any built Keras model (notebooks 12 and 13).

- ``layer_table(model)``: one LayerRow per layer, input first; ``print`` shows the
  table.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from .._checks import name_of, positive_int
from .backend import keras


@dataclass(frozen=True)
class LayerRow:
    """One row of a layer table, for one image (the batch axis left out).

    activations: values in the output; memory_bytes: activations × bytes per value;
    weights: parameters without biases (as slide deck 003 counts them); params: all of
    them.
    """

    name: str
    kind: str
    output_shape: tuple[int, ...]
    activations: int
    memory_bytes: int
    weights: int
    params: int


def _size_text(nbytes: int) -> str:
    for unit, scale in (("MB", 10**6), ("kB", 10**3)):
        if nbytes >= scale:
            return f"{nbytes / scale:.2f} {unit}"
    return f"{nbytes} B"


@dataclass(frozen=True)
class LayerTable:
    """Per-layer output shapes, activations, memory and parameters; ``print`` shows
    it."""

    rows: tuple[LayerRow, ...]
    bytes_per_value: int = 4

    def __iter__(self) -> Iterator[LayerRow]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, i: int) -> LayerRow:
        return self.rows[i]

    @property
    def total_activations(self) -> int:
        return sum(r.activations for r in self.rows)

    @property
    def total_memory_bytes(self) -> int:
        return sum(r.memory_bytes for r in self.rows)

    @property
    def total_params(self) -> int:
        return sum(r.params for r in self.rows)

    def __str__(self) -> str:
        head = ("layer", "type", "output", "activations", "memory", "weights", "params")
        body = [
            (
                r.name,
                r.kind,
                "x".join(map(str, r.output_shape)),
                f"{r.activations:,}",
                _size_text(r.memory_bytes),
                f"{r.weights:,}",
                f"{r.params:,}",
            )
            for r in self.rows
        ]
        total = (
            "total",
            "",
            "",
            f"{self.total_activations:,}",
            _size_text(self.total_memory_bytes),
            f"{sum(r.weights for r in self.rows):,}",
            f"{self.total_params:,}",
        )
        table = [head, *body, total]
        widths = [max(len(row[i]) for row in table) for i in range(len(head))]

        def line(row: tuple[str, ...]) -> str:
            left = [c.ljust(w) for c, w in zip(row[:3], widths, strict=False)]
            right = [c.rjust(w) for c, w in zip(row[3:], widths[3:], strict=True)]
            return "  ".join(left + right).rstrip()

        rule = "-" * len(line(head))
        return "\n".join([line(head), rule, *map(line, body), rule, line(total)])


def _shape_of(tensor: Any, who: str) -> tuple[int, ...]:
    shape = tuple(tensor.shape)[1:]
    if any(s is None for s in shape):
        raise ValueError(
            f"layer_table: {who} has an unknown size in its output shape {shape}"
        )
    return tuple(int(s) for s in shape)


def layer_table(model: keras.Model, bytes_per_value: int = 4) -> LayerTable:
    """Slide deck 003's VGG16 columns for every layer of a built Keras model, input
    first.

    Per layer: output shape (one image), activations (values in that output), memory
    (activations × bytes_per_value, 4 for float32), weights (no biases) and params
    (all). The params column adds up to ``model.count_params()``.
    """
    if not isinstance(model, keras.Model):
        raise TypeError(
            f"{name_of(layer_table)}: model must be a keras.Model; got "
            f"{type(model).__name__}"
        )
    positive_int(bytes_per_value, layer_table, "bytes_per_value")
    try:
        inputs = model.inputs
    except (AttributeError, ValueError):
        inputs = None
    if not inputs:
        raise ValueError(
            f"{name_of(layer_table)}: model {model.name!r} is not built; start it "
            "with keras.Input(shape=...)"
        )
    rows = []

    def add(name: str, kind: str, shape: tuple[int, ...], layer: Any = None) -> None:
        activations = int(np.prod(shape, dtype=np.int64))
        params = layer.count_params() if layer is not None and layer.weights else 0
        biases = sum(
            int(np.prod(w.shape))
            for w in (layer.weights if layer else [])
            if w.name == "bias"
        )
        rows.append(
            LayerRow(
                name,
                kind,
                shape,
                activations,
                activations * bytes_per_value,
                params - biases,
                params,
            )
        )

    if not any(isinstance(layer, keras.layers.InputLayer) for layer in model.layers):
        for tensor in inputs:  # a Sequential model keeps its Input out of model.layers
            add(
                tensor.name if len(inputs) > 1 else "input",
                "InputLayer",
                _shape_of(tensor, "the input"),
            )
    for layer in model.layers:
        output = layer.output
        if isinstance(output, list | tuple):
            raise ValueError(
                f"{name_of(layer_table)}: layer {layer.name!r} has several outputs; "
                "one is supported"
            )
        add(
            layer.name,
            type(layer).__name__,
            _shape_of(output, f"layer {layer.name!r}"),
            layer,
        )
    return LayerTable(tuple(rows), bytes_per_value)
