"""Image kernels drawn: a photo, a kernel and the filtered photo; a gallery of kernels;
the kernel explorer widget (notebook 06)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import numpy as np
import numpy.typing as npt
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from .. import kernels
from .._checks import as_float_array, boundary, sequence, text
from .images import grid
from .style import FONT

if TYPE_CHECKING:  # ipywidgets loads only when the widget is built
    from ipywidgets import interactive


def _kernel_label(kernel: np.ndarray) -> str:
    """One-line kernel, rows separated by ';', with fractions where they are exact."""

    def number(v: float) -> str:
        frac = Fraction(v).limit_denominator(64)
        return str(frac) if math.isclose(float(frac), v, abs_tol=1e-12) else f"{v:.2f}"

    return "; ".join(" ".join(number(v) for v in row) for row in kernel)


def _show_filtered(ax: Axes, filtered: np.ndarray, kernel: np.ndarray) -> None:

    if abs(kernel.sum()) < 1e-9:
        # "nearest" shows the pixels the kernel really sees (and keeps saved PNGs
        # small). A zero-sum kernel gives 0 on flat regions and ± at changes: show both
        # signs.
        lim = float(np.percentile(np.abs(filtered), 98)) or 1.0
        ax.imshow(filtered, cmap="RdBu_r", vmin=-lim, vmax=lim, interpolation="nearest")
        ax.set_xlabel("red > 0, white = 0, blue < 0", fontsize=FONT - 2)
    else:
        # Brightness-preserving kernels: show as a photo, clipped as a screen would.
        ax.imshow(
            np.clip(filtered, 0.0, 1.0),
            cmap="gray",
            vmin=0.0,
            vmax=1.0,
            interpolation="nearest",
        )
    ax.set_xticks([])
    ax.set_yticks([])


def kernel_figure(
    image: npt.ArrayLike, kernel: npt.ArrayLike | str, name: str = ""
) -> Figure:
    """Three panels: the photo, the kernel with its numbers, and the filtered photo.

    image: (H, W) grayscale in [0, 1]; kernel: (3, 3) array or a name in
    ``kernels.KERNELS``.
    """

    img = as_float_array(image, kernel_figure, "image", ndim=2, allow_inf=False)
    k = kernels.as_kernel(kernel, "kernel_figure")
    name = text(name, kernel_figure, "name")
    label = name or (kernel if isinstance(kernel, str) else "kernel")
    filtered = kernels.apply_kernel(img, k)
    fig, axes = plt.subplots(1, 3, figsize=(13, 4.2), width_ratios=[1, 0.55, 1])
    axes[0].imshow(img, cmap="gray", vmin=0.0, vmax=1.0, interpolation="nearest")
    axes[0].set(xticks=[], yticks=[])
    axes[0].set_title("photo (grayscale)")
    lim = float(np.abs(k).max()) or 1.0
    exact = bool(np.all(k == np.round(k)))
    grid(
        k,
        decimals=None if exact else 4,
        rounding="round",
        vmin=-lim,
        vmax=lim,
        ax=axes[1],
    )
    axes[1].set_title(f"{label} kernel")
    _show_filtered(axes[2], filtered, k)
    axes[2].set_title(f"photo ⊛ {label}")
    fig.tight_layout()
    return fig


def _error_figure(image: np.ndarray, message: str) -> Figure:

    fig, axes = plt.subplots(1, 2, figsize=(13, 4.2))
    axes[0].imshow(image, cmap="gray", vmin=0.0, vmax=1.0, interpolation="nearest")
    axes[0].set(xticks=[], yticks=[])
    axes[0].set_title("photo (grayscale)")
    axes[1].axis("off")
    axes[1].text(0.0, 0.5, message, color="firebrick", wrap=True, va="center")
    axes[1].set_title("cannot read the custom kernel")
    fig.tight_layout()
    return fig


@boundary
def draw_kernel(
    image: npt.ArrayLike, name: str = "blur", custom: str = "1 0 -1; 2 0 -2; 1 0 -1"
) -> None:
    """Widget callback for ``interact``: show ``kernel_figure`` for a named or typed
    kernel.

    name: a key of ``kernels.KERNELS`` or "custom", which reads ``custom`` with
    ``parse_kernel``. Half-typed text is normal while a student types, so a parse error
    is drawn, not raised.
    """
    img = as_float_array(image, draw_kernel, "image", ndim=2, allow_inf=False)
    name = text(name, draw_kernel, "name")
    custom = text(custom, draw_kernel, "custom")
    if name == "custom":
        try:
            kernel_figure(img, kernels.parse_kernel(custom), "custom")
        except ValueError as err:
            _error_figure(img, str(err).removeprefix("parse_kernel: "))
    else:
        kernel_figure(img, kernels.named_kernel(name), name)
    plt.show()


@boundary
def kernel_explorer(
    image: npt.ArrayLike, custom: str = "1 0 -1; 2 0 -2; 1 0 -1"
) -> interactive:
    """The widget of notebook 06: a kernel dropdown and a text box, drawing
    ``draw_kernel``.

    image: (H, W) grayscale in [0, 1]; custom: the text box's starting kernel. Editing
    the text switches the dropdown to "custom", so what the student typed is what is
    drawn (typing alone used to do nothing unless "custom" had been chosen first). The
    text is read when the student presses Enter. Returns the ``ipywidgets.interactive``:
    display it.
    """
    from ipywidgets import Text, fixed, interactive

    img = as_float_array(image, kernel_explorer, "image", ndim=2, allow_inf=False)
    custom = text(custom, kernel_explorer, "custom")
    box = Text(custom, description="custom", continuous_update=False)
    widget = interactive(
        draw_kernel, image=fixed(img), name=[*kernels.KERNELS, "custom"], custom=box
    )
    (names,) = (c for c in widget.children if getattr(c, "description", None) == "name")

    def choose_custom(change: dict) -> None:
        # The dropdown's change redraws with the new text already in the box.
        if names.value != "custom":
            names.value = "custom"

    # Registered after interactive's own observer: the box's redraw runs first, then
    # this.
    box.observe(choose_custom, names="value")
    return widget


def kernel_gallery(image: npt.ArrayLike, names: Sequence[str] | None = None) -> Figure:
    """The photo filtered by each named kernel, one panel each, titled with its numbers.

    image: (H, W) grayscale in [0, 1]; names: keys of ``kernels.KERNELS`` (default: all
    of them).
    """

    img = as_float_array(image, kernel_gallery, "image", ndim=2, allow_inf=False)
    names = (
        list(kernels.KERNELS)
        if names is None
        else sequence(names, kernel_gallery, "names")
    )
    chosen = [
        kernels.named_kernel(n) for n in names
    ]  # unknown names fail before a figure opens
    cols = min(3, len(names))
    rows = math.ceil(len(names) / cols)
    h, w = img.shape
    # inches per panel width; the height follows the photo's aspect, plus a title
    panel = 4.6
    fig, axes = plt.subplots(
        rows, cols, figsize=(panel * cols, (panel * h / w + 0.9) * rows)
    )
    axes = np.atleast_1d(axes).ravel()
    for ax, name, k in zip(axes, names, chosen, strict=False):
        _show_filtered(ax, kernels.apply_kernel(img, k), k)
        ax.set_title(f"{name}\n[{_kernel_label(k)}]", fontsize=FONT - 1)
    for ax in axes[len(names) :]:
        ax.axis("off")
    fig.tight_layout()
    return fig
