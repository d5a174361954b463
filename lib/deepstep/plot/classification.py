"""Notebook 12's top-k figure: each image beside its k most probable labels.

matplotlib is imported here only; fonts follow ``deepstep.plot``.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import numpy.typing as npt
from matplotlib.figure import Figure

from .._checks import as_float_array, name_of, positive_int, text
from .alt import set_alt_text
from .style import NEGATIVE

__all__ = ["top_k_bars"]


def top_k_bars(
    images: npt.ArrayLike,
    probabilities: npt.ArrayLike,
    labels: npt.ArrayLike,
    k: int = 5,
    suptitle: str | None = None,
) -> Figure:
    """One row per image: the picture, then bars of its k most probable labels.

    images: (N, H, W); probabilities: (N, C), each row in [0, 1]; labels: (N,) the true
    classes, integers in 0..C-1; k <= C. The true label's bar is red when it is among
    the k (as in AlexNet's Figure 4), the others grey.
    """
    func = name_of(top_k_bars)
    pictures = as_float_array(images, top_k_bars, "images", ndim=3, allow_inf=False)
    probs = as_float_array(
        probabilities, top_k_bars, "probabilities", ndim=2, allow_inf=False
    )
    truth = as_float_array(labels, top_k_bars, "labels", ndim=1, allow_inf=False)
    k = positive_int(k, top_k_bars, "k")
    text(suptitle, top_k_bars, "suptitle", optional=True)
    n, classes = probs.shape
    if len(pictures) != n or len(truth) != n or n == 0:
        raise ValueError(
            f"{func}: images, probabilities and labels must have the same N >= 1; got "
            f"{len(pictures)}, {n} and {len(truth)}"
        )
    if (probs < 0).any() or (probs > 1).any():
        raise ValueError(
            f"{func}: probabilities must lie in [0, 1]; got "
            f"{probs.min()}..{probs.max()}"
        )
    if (
        (truth != np.round(truth)).any()
        or (truth < 0).any()
        or (truth >= classes).any()
    ):
        raise ValueError(
            f"{func}: labels must be integers in 0..{classes - 1}; got {truth}"
        )
    if k > classes:
        raise ValueError(f"{func}: k must be at most the {classes} classes; got {k}")
    fig, axes = plt.subplots(
        n,
        2,
        figsize=(6.5, 1.5 * n + 0.5),
        squeeze=False,
        gridspec_kw={"width_ratios": (1, 2.4)},
        layout="constrained",
    )
    for (ax_img, ax_bar), picture, p, y in zip(
        axes, pictures, probs, truth.astype(int), strict=True
    ):
        ax_img.imshow(picture, cmap="gray_r")
        ax_img.set_axis_off()
        ax_img.set_title(f"digit {y}", fontsize=12)
        top = np.argsort(-p, kind="stable")[:k]
        colors = [NEGATIVE if c == y else "#9e9e9e" for c in top]
        ax_bar.barh(range(k), p[top], color=colors)
        ax_bar.set_yticks(range(k), [str(c) for c in top])
        ax_bar.invert_yaxis()
        ax_bar.set_xlim(0, 1)
        ax_bar.set_xlabel("probability")
    if suptitle:
        fig.suptitle(suptitle)
    described = "; ".join(
        f"digit {y}: "
        + ", ".join(f"{c} {p[c]:.0%}" for c in np.argsort(-p, kind="stable")[:k])
        for p, y in zip(probs, truth.astype(int), strict=True)
    )
    return set_alt_text(
        fig,
        f"{suptitle or 'Top labels'}. Each image with bars of its {k} "
        f"most probable labels, the true one in red: {described}.",
    )
