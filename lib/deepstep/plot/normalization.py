"""Figures of notebook 17: what local response and local contrast normalization do.

- ``lrn_profile(before, after)``: one pixel's activations across channels, before and
  after local response normalization;
- ``contrast_panels(image, normalized)``: an image and its local contrast normalization;
- ``staircase(steps, rates)``: the learning rate at each step.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from .._checks import as_float_array, name_of, text
from .style import NEGATIVE, POSITIVE


def lrn_profile(
    before: np.ndarray, after: np.ndarray, title: str | None = None
) -> Figure:
    """Two bar panels: before (C,) and after (C,) LRN, each channel one bar."""
    b = as_float_array(before, lrn_profile, "before", ndim=1)
    a = as_float_array(after, lrn_profile, "after", ndim=1)
    if a.shape != b.shape:
        raise ValueError(
            f"{name_of(lrn_profile)}: after must have shape {b.shape}; got {a.shape}"
        )
    title = text(title, lrn_profile, "title", optional=True)
    fig, axes = plt.subplots(1, 2, figsize=(11, 3.6), sharex=True)
    for ax, values, name, colour in [(axes[0], b, "before LRN", NEGATIVE),
                                     (axes[1], a, "after LRN", POSITIVE)]:  # fmt: skip
        ax.bar(np.arange(len(values)), values, color=colour)
        ax.set_title(name)
        ax.set_xlabel("channel")
        ax.set_ylabel("activation")
        ax.grid(alpha=0.3, axis="y")
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def contrast_panels(image: np.ndarray, normalized: np.ndarray) -> Figure:
    """An image (H, W) beside its local contrast normalization (H, W), each with a
    colour bar."""
    x = as_float_array(image, contrast_panels, "image", ndim=2, allow_inf=False)
    y = as_float_array(
        normalized, contrast_panels, "normalized", ndim=2, allow_inf=False
    )
    fig, axes = plt.subplots(1, 2, figsize=(10, 4.2))
    for ax, values, name, cmap in [(axes[0], x, "input", "gray"),
                                   (axes[1], y, "after LCN", "RdBu_r")]:  # fmt: skip
        im = ax.imshow(values, cmap=cmap)
        ax.set_title(name)
        ax.axis("off")
        fig.colorbar(im, ax=ax, fraction=0.046)
    fig.tight_layout()
    return fig


def staircase(steps: np.ndarray, rates: np.ndarray) -> Figure:
    """The learning rate (N,) at each optimizer step (N,), as steps of a staircase."""
    s = as_float_array(steps, staircase, "steps", ndim=1)
    r = as_float_array(rates, staircase, "rates", ndim=1)
    if s.shape != r.shape:
        raise ValueError(
            f"{name_of(staircase)}: rates must have shape {s.shape}; got {r.shape}"
        )
    fig, ax = plt.subplots(figsize=(7, 3.6))
    ax.step(s, r, where="post", color=POSITIVE, lw=2, label="learning rate")
    ax.set_xlabel("optimizer step")
    ax.set_ylabel("learning rate")
    ax.set_yscale("log")
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    return fig
