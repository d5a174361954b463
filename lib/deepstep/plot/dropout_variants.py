"""Figures of notebook 10's additions beside dropout: maxout pieces approximating a
convex function, dropout's and DropConnect's masks on a kernel, and how much of a
digit's pixel range Gaussian noise of a given σ covers.

Every function draws a new figure and returns it; the fonts are ``deepstep.plot``'s.
Imported by module: ``from deepstep.plot import dropout_variants``.
"""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
import numpy.typing as npt
from matplotlib.figure import Figure

from .._checks import as_float_array, mapping, name_of, text
from .style import FONT, finish


def maxout_approximation(
    x: npt.ArrayLike,
    target: npt.ArrayLike,
    approximations: Mapping[int, npt.ArrayLike],
    pieces: npt.ArrayLike,
    errors: npt.ArrayLike,
    bound: npt.ArrayLike,
    target_label: str = "x²",
) -> Figure:
    """Left: a convex target on the points x (M,) and maxout units of k pieces (keyed by
    k, each (M,)). Right: the largest error against k (log-log), measured and the
    bound."""
    func = maxout_approximation
    xs = as_float_array(x, func, "x", ndim=1, allow_inf=False)
    ys = as_float_array(target, func, "target", ndim=1, allow_inf=False)
    ks = as_float_array(pieces, func, "pieces", ndim=1, allow_inf=False)
    errs = as_float_array(errors, func, "errors", ndim=1, allow_inf=False)
    bounds = as_float_array(bound, func, "bound", ndim=1, allow_inf=False)
    target_label = text(target_label, func, "target_label")
    curves = {}
    for k, values in mapping(
        approximations, func, "approximations", non_empty=False
    ).items():
        curves[k] = as_float_array(
            values, func, f"approximations[{k}]", ndim=1, allow_inf=False
        )
        if curves[k].shape != xs.shape:
            raise ValueError(
                f"{name_of(func)}: approximations[{k}] must have x's shape {xs.shape}; "
                f"got shape {curves[k].shape}"
            )
    if ys.shape != xs.shape or not ks.shape == errs.shape == bounds.shape:
        raise ValueError(
            f"{name_of(maxout_approximation)}: x and target need one length, and "
            f"pieces, errors and bound another; got x {xs.shape}, target {ys.shape}, "
            f"pieces {ks.shape}, errors {errs.shape}, bound {bounds.shape}"
        )
    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 4.4))
    left.plot(xs, ys, color="black", lw=3, label=target_label)
    for k, values in curves.items():
        left.plot(xs, values, lw=2, label=f"maxout, k = {k} pieces")
    left.set_xlabel("x")
    left.set_ylabel("output")
    left.set_title("The largest of k tangent lines")
    left.legend()
    right.loglog(ks, errs, "o-", lw=2.5, ms=7, label="measured")
    right.loglog(ks, bounds, "k:", lw=2, label="h²/4, h = spacing of the tangents")
    right.set_xticks(ks, [f"{k:g}" for k in ks])
    right.minorticks_off()
    right.set_xlabel("pieces k")
    right.set_ylabel(f"max |maxout(x) − {target_label}|")
    right.set_title("More pieces, smaller error")
    right.legend()
    right.grid(True, which="both", alpha=0.3)
    return finish(fig, None)


def weight_masks(
    dropout_mask: npt.ArrayLike, dropconnect_mask: npt.ArrayLike
) -> Figure:
    """Two 0/1 masks on one (D, U) kernel side by side: dropout's (whole rows, an input
    and every connection leaving it) and DropConnect's (single weights)."""
    masks = [
        as_float_array(m, weight_masks, name, ndim=2, allow_inf=False)
        for m, name in (
            (dropout_mask, "dropout_mask"),
            (dropconnect_mask, "dropconnect_mask"),
        )
    ]
    if masks[0].shape != masks[1].shape:
        raise ValueError(
            f"{name_of(weight_masks)}: the masks need one shape; got {masks[0].shape} "
            f"and {masks[1].shape}"
        )
    d, u = masks[0].shape
    fig, axes = plt.subplots(1, 2, figsize=(7.5, 0.5 * d + 2.0))
    titles = ("Dropout: an input and all its weights", "DropConnect: single weights")
    for ax, mask, title in zip(axes, masks, titles, strict=True):
        ax.imshow(mask, cmap="Greys", vmin=0, vmax=1.2, aspect="equal")
        ax.set_xticks(range(u), [str(j + 1) for j in range(u)])
        ax.set_yticks(range(d), [str(i + 1) for i in range(d)])
        ax.set_xlabel("unit (column of the kernel)", fontsize=FONT - 1)
        ax.set_ylabel("input (row)", fontsize=FONT - 1)
        ax.set_title(
            f"{title}\n{int(mask.sum())} of {mask.size} kept", fontsize=FONT - 1
        )
    return finish(fig, "Which weights one mask keeps (dark) and drops (white)")


def pixel_ranges(noisy: Mapping[float, npt.ArrayLike]) -> Figure:
    """Histograms of pixel values after noise of each σ (keys), the range [0, 1] of
    clean digits shaded. Each value: any shape, flattened."""
    noisy = mapping(noisy, pixel_ranges, "noisy", non_empty=False)
    if not noisy:
        raise ValueError(f"{name_of(pixel_ranges)}: noisy is empty")
    fig, ax = plt.subplots(figsize=(9, 4))
    ax.axvspan(0, 1, color="grey", alpha=0.2, label="clean pixels: [0, 1]")
    for sigma, values in noisy.items():
        flat = as_float_array(values, pixel_ranges, f"noisy[{sigma}]").ravel()
        ax.hist(flat, bins=np.linspace(-4, 5, 91), histtype="step", lw=2.2,
                density=True, label=f"σ = {sigma:g}")  # fmt: skip
    ax.set_xlabel("pixel value after adding noise")
    ax.set_ylabel("density")
    ax.set_title("Noise of σ = 1 is wider than the whole pixel range")
    ax.legend()
    return finish(fig, None)
