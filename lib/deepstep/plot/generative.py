"""Figures of notebook 14 (generative and energy-based models). Matplotlib only here."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from .._checks import as_finite_scalar, as_float_array, mapping, text
from .style import FONT, finish


def training_curves(
    curves: dict[str, Sequence[float]], ylabel: str, title: str
) -> Figure:
    """One line per named curve against the epoch (or step) number."""
    curves = {
        name: as_float_array(values, training_curves, f"curves[{name!r}]", ndim=1)
        for name, values in mapping(curves, training_curves, "curves").items()
    }
    ylabel = text(ylabel, training_curves, "ylabel", optional=True)
    title = text(title, training_curves, "title", optional=True)
    fig, ax = plt.subplots(figsize=(7, 4))
    for name, values in curves.items():
        ax.plot(np.arange(1, len(values) + 1), values, marker="o", label=name)
    ax.set_xlabel("epoch")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend(fontsize=FONT - 1)
    ax.tick_params(labelsize=FONT - 1)
    return finish(fig, None)


def _mosaic(kernel: np.ndarray, columns: int = 8) -> np.ndarray:
    """The k columns (64,) of a kernel (64, k) as 8x8 tiles in a grid, each scaled to
    [-1, 1]."""
    k = kernel.shape[1]
    rows = -(-k // columns)
    out = np.full((rows * 9 - 1, columns * 9 - 1), np.nan)
    for j in range(k):
        tile = kernel[:, j].reshape(8, 8)
        scale = float(np.max(np.abs(tile))) or 1.0
        r, c = divmod(j, columns)
        out[r * 9 : r * 9 + 8, c * 9 : c * 9 + 8] = tile / scale
    return out


def sparse_codes(
    codes: dict[str, np.ndarray], kernels: dict[str, np.ndarray]
) -> Figure:
    """Histograms of each model's code values (N, k), and what its k hidden units
    detect.

    kernels: the encoders' weights (64, k), one per name in ``codes``, drawn as 8x8
    tiles (each scaled to its own largest |weight|; red positive, blue negative).
    """
    codes = {
        name: as_float_array(
            h, sparse_codes, f"codes[{name!r}]", ndim=2, allow_inf=False
        )
        for name, h in mapping(codes, sparse_codes, "codes").items()
    }
    kernels = {
        name: as_float_array(
            w, sparse_codes, f"kernels[{name!r}]", ndim=2, allow_inf=False
        )
        for name, w in mapping(kernels, sparse_codes, "kernels").items()
    }
    if list(kernels) != list(codes):
        raise ValueError(
            f"sparse_codes: kernels must name the same models as codes, in order; got "
            f"{list(kernels)} and {list(codes)}"
        )
    for name, w in kernels.items():
        if w.shape[0] != 64 or w.shape[1] != codes[name].shape[1]:
            raise ValueError(
                f"sparse_codes: kernels[{name!r}] must be (64, "
                f"{codes[name].shape[1]}); got {w.shape}"
            )
    fig, axes = plt.subplots(1, 1 + len(codes), figsize=(5 + 4.2 * len(codes), 4.2))
    values = np.concatenate([h.ravel() for h in codes.values()])
    bins = np.linspace(min(0.0, values.min()), max(1.0, values.max()), 21)
    for name, h in codes.items():
        axes[0].hist(h.ravel(), bins=bins, histtype="step", lw=2, label=name)
    axes[0].set(
        xlabel="code value h", ylabel="count (log)", yscale="log", title="code values"
    )
    axes[0].legend()
    for ax, (name, w) in zip(axes[1:], kernels.items(), strict=True):
        ax.imshow(_mosaic(w), cmap="RdBu_r", vmin=-1, vmax=1)
        ax.set_title(f"{name}: {w.shape[1]} units' weights")
        ax.set_xticks([])
        ax.set_yticks([])
    alt = (
        "Left: histograms of the code values of "
        + " and ".join(codes)
        + " on a log scale; right: each model's hidden units' input weights as 8x8 "
        "tiles."
    )
    return finish(fig, None, alt=alt)


def latent_space(
    mu: np.ndarray, labels: np.ndarray, decoded: np.ndarray, span: float
) -> Figure:
    """A 2-D latent space: codes μ (N, 2) coloured by digit label (N,), and the
    decoder's images (n·n, 64) of an n×n grid over [-span, span]², first row at the top
    (z₂ = span).
    """
    mu = as_float_array(mu, latent_space, "mu", ndim=2, allow_inf=False)
    labels = as_float_array(labels, latent_space, "labels", ndim=1, allow_inf=False)
    decoded = as_float_array(decoded, latent_space, "decoded", ndim=2, allow_inf=False)
    span = as_finite_scalar(span, latent_space, "span", positive=True)
    if mu.shape[1] != 2 or len(mu) == 0 or len(labels) != len(mu):
        raise ValueError(
            "latent_space: mu must be (N >= 1, 2) with one label each; got "
            f"{mu.shape} and {labels.shape}"
        )
    n = int(round(np.sqrt(len(decoded))))
    if decoded.shape[1] != 64 or n * n != len(decoded) or n == 0:
        raise ValueError(
            "latent_space: decoded must be (n·n, 64), 8x8 images of a square grid; "
            f"got {decoded.shape}"
        )
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 5.4))
    dots = left.scatter(*mu.T, c=labels, cmap="tab10", vmin=-0.5, vmax=9.5, s=10)
    fig.colorbar(dots, ax=left, ticks=range(10), label="digit")
    left.set(xlabel="z₁ (μ)", ylabel="z₂ (μ)", title="test digits' codes μ")
    left.set_aspect("equal", adjustable="datalim")
    tiles = np.full((9 * n - 1, 9 * n - 1), np.nan)  # a blank line between tiles
    for k, image in enumerate(decoded):
        r, c = divmod(k, n)
        tiles[9 * r : 9 * r + 8, 9 * c : 9 * c + 8] = image.reshape(8, 8)
    edge = span + (span / (n - 1) if n > 1 else span)  # each tile centred on its z
    right.imshow(
        tiles, cmap="gray_r", vmin=0, vmax=1, extent=(-edge, edge, -edge, edge)
    )
    right.set(xlabel="z₁", ylabel="z₂", title=f"decoded {n}×{n} grid of z")
    alt = (
        f"Left: {len(mu)} test digits' latent means, coloured by digit; right: the "
        f"decoder's 8x8 images for a {n} by {n} grid of latent points from -{span:g} "
        f"to {span:g}."
    )
    return finish(fig, None, alt=alt)
