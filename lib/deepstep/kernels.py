"""Image kernels: the hand-made 3x3 filters a convolutional layer learns to replace.
(notebook 06)

A kernel slides over a grayscale photo and each output pixel is the weighted sum of the
3x3 patch under it (``ops.conv2d`` with padding="same", so the result keeps the photo's
size). Blur averages, sharpen boosts a pixel against its neighbours, zero-sum kernels
(outline, edges) answer only where the intensity changes.

Also here, for the slides' 4x4 examples: ``window_terms`` lists which weight meets which
pixel at one output position (O6 = A1·I1 + A2·I2 + ...), and ``conv_matrix`` writes a
whole convolution as the sparse, weight-sharing matrix a dense layer would need.

Its figures are in ``deepstep.plot`` (NumPy only here).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from ._checks import (
    as_float_array,
    boundary,
    choice,
    name_of,
    positive_int,
    received,
    text,
)
from .nn.ops import conv2d, conv_output_size


def _frozen(rows: list[list[float]]) -> np.ndarray:
    arr = np.array(rows, dtype=float)
    arr.setflags(write=False)  # shared module constant: copy it before changing it
    return arr


#: Named 3x3 kernels, as in the slides' image-kernels demo. Each is read-only.
KERNELS: dict[str, np.ndarray] = {
    "identity": _frozen([[0, 0, 0], [0, 1, 0], [0, 0, 0]]),
    # A Gaussian-like blur: weights sum to 1, so flat regions keep their brightness.
    "blur": _frozen(
        [[1 / 16, 2 / 16, 1 / 16], [2 / 16, 4 / 16, 2 / 16], [1 / 16, 2 / 16, 1 / 16]]
    ),
    "sharpen": _frozen([[0, -1, 0], [-1, 5, -1], [0, -1, 0]]),
    "outline": _frozen([[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]]),
    "emboss": _frozen([[-2, -1, 0], [-1, 1, 1], [0, 1, 2]]),
    # Sobel: positive where the photo gets darker from left to right
    # (cross-correlation).
    "vertical edges": _frozen([[1, 0, -1], [2, 0, -2], [1, 0, -1]]),
}

_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def named_kernel(name: str) -> np.ndarray:
    """A writable copy of ``KERNELS[name]``, shape (3, 3)."""
    return KERNELS[choice(name, KERNELS, named_kernel, "name", "kernel")].copy()


def parse_kernel(text: str, size: int = 3) -> np.ndarray:
    """Turn typed text such as "1 0 -1; 2 0 -2; 1 0 -1" into a (size, size) float array.

    Rows are separated by ";" or new lines, numbers by spaces or commas. Fractions are
    allowed ("1/9"), so a box blur can be typed exactly.
    """
    if not isinstance(text, str):
        raise TypeError(
            f"{name_of(parse_kernel)}: text must be a string; got "
            f"{type(text).__name__} {text!r}"
        )
    size = positive_int(size, parse_kernel, "size")
    rows = [r for r in text.replace("\n", ";").split(";") if r.strip()]
    if len(rows) != size:
        raise ValueError(
            f"{name_of(parse_kernel)}: expected {size} rows separated by ';'; "
            f"got {len(rows)} in text {text!r}"
        )
    values: list[list[float]] = []
    for n, row in enumerate(rows, start=1):
        items = row.replace(",", " ").split()
        if len(items) != size:
            raise ValueError(
                f"{name_of(parse_kernel)}: row {n} must hold {size} numbers; got "
                f"{len(items)} in {row.strip()!r}"
            )
        try:
            # Fraction accepts "2", "-0.5", "1/9", "1e-3" and rejects "nan", "inf" and
            # words.
            values.append([float(Fraction(item)) for item in items])
        except (ValueError, ZeroDivisionError) as err:
            raise ValueError(
                f"{name_of(parse_kernel)}: row {n} holds something that is not a "
                f"number: {row.strip()!r}"
            ) from err
    return np.array(values)


def to_grayscale(rgb: npt.ArrayLike) -> np.ndarray:
    """Luminance of an RGB photo, scaled to [0, 1].

    rgb: (H, W, 3), uint8 in 0..255 or floats in [0, 1]. Returns (H, W) float64, using
    the ITU-R 601 weights 0.299 R + 0.587 G + 0.114 B (green looks brightest to us).
    """
    is_bytes = np.asarray(rgb).dtype == np.uint8
    arr = as_float_array(rgb, to_grayscale, "rgb", ndim=3, allow_inf=False)
    if arr.shape[2] != 3:
        raise ValueError(
            f"{name_of(to_grayscale)}: rgb must have shape (H, W, 3); got shape "
            f"{arr.shape}"
        )
    gray = arr.astype(np.float64) @ np.array([0.299, 0.587, 0.114])
    return gray / 255.0 if is_bytes else gray


def downsample(image: npt.ArrayLike, factor: int) -> np.ndarray:
    """Shrink a 2-D image by averaging factor x factor blocks.

    image: (H, W). Returns (H // factor, W // factor); leftover rows and columns at the
    bottom and right are dropped.
    """
    img = as_float_array(image, downsample, "image", ndim=2, allow_inf=False)
    factor = positive_int(factor, downsample, "factor")
    h, w = img.shape[0] // factor, img.shape[1] // factor
    if h == 0 or w == 0:
        raise ValueError(
            f"{name_of(downsample)}: image of shape {img.shape} is smaller than "
            f"factor {factor}"
        )
    blocks = img[: h * factor, : w * factor].reshape(h, factor, w, factor)
    return blocks.mean(axis=(1, 3))


def as_kernel(kernel: npt.ArrayLike | str, func: str) -> np.ndarray:
    """A kernel name or an (odd, odd) array as a float array; ``func`` names the caller
    in errors."""
    func = text(func, as_kernel, "func")
    if isinstance(kernel, str):
        return KERNELS[choice(kernel, KERNELS, func, "kernel", "kernel")].copy()
    k = as_float_array(kernel, func, "kernel", ndim=2, allow_inf=False)
    if k.shape[0] % 2 == 0 or k.shape[1] % 2 == 0:
        raise ValueError(
            f"{name_of(func)}: kernel must have odd height and width, so it has a "
            f"centre pixel; got shape {k.shape}"
        )
    return k


def apply_kernel(image: npt.ArrayLike, kernel: npt.ArrayLike | str) -> np.ndarray:
    """Filter a grayscale image with a kernel (an array or a name in ``KERNELS``).

    image: (H, W); kernel: (kh, kw), both odd. Returns (H, W): ``ops.conv2d`` with
    padding="same", i.e. zeros around the border, so edge pixels see some black.
    """
    img = as_float_array(image, apply_kernel, "image", ndim=2, allow_inf=False)
    return conv2d(img, as_kernel(kernel, "apply_kernel"), padding="same")


@boundary
def window_terms(
    i: int, j: int, *, image_size: int, kernel_size: int, padding: str = "valid"
) -> list[tuple[int, int]]:
    """Which kernel weight multiplies which pixel at output position (i, j), stride 1.

    Both are numbered from 1, row by row, as on the slides (A1..A9 over I1..I16).
    Returns [(weight number, pixel number), ...] in weight order; weights that fall on
    the zero padding are left out, because they multiply 0.
    """
    func = window_terms
    n, k = image_size, kernel_size
    out = conv_output_size(n, k, 1, padding)  # also validates sizes and padding
    for name, v in (("i", i), ("j", j)):
        if (
            isinstance(v, bool)
            or not isinstance(v, int | np.integer)
            or not 0 <= v < out
        ):
            raise ValueError(
                f"{name_of(func)}: {name} must be an int in [0, {out - 1}]; got {v!r}"
            )
    if padding == "valid":
        top = 0
    elif padding == "same":
        top = (k - 1) // 2  # Keras, stride 1: the odd zero goes to the bottom/right
    else:
        top = padding
    terms = []
    for a in range(k):
        for b in range(k):
            r, c = i - top + a, j - top + b
            if 0 <= r < n and 0 <= c < n:
                terms.append((a * k + b + 1, r * n + c + 1))
    return terms


def format_terms(
    terms: Sequence[tuple[int, int]], kernel: str = "A", image: str = "I"
) -> str:
    """Write [(1, 1), (2, 2)] as "A₁·I₁ + A₂·I₂", the slides' notation."""
    if not isinstance(terms, list | tuple):
        raise TypeError(
            f"{name_of(format_terms)}: terms must be a list of (weight, pixel) pairs; "
            f"got {received(terms)}"
        )
    if len(terms) == 0:
        raise ValueError(
            f"{name_of(format_terms)}: terms is empty; it must hold (weight, pixel) "
            "pairs; got []"
        )
    for term in terms:
        if not (
            isinstance(term, tuple | list)
            and len(term) == 2
            and all(
                isinstance(v, int | np.integer) and not isinstance(v, bool)
                for v in term
            )
        ):
            raise TypeError(
                f"{name_of(format_terms)}: terms must hold (weight, pixel) pairs of "
                f"ints; got {received(term)}"
            )
    kernel = text(kernel, format_terms, "kernel")
    image = text(image, format_terms, "image")
    return " + ".join(
        f"{kernel}{str(w).translate(_SUBSCRIPTS)}·{image}{str(p).translate(_SUBSCRIPTS)}"
        for w, p in terms
    )


@boundary
def conv_matrix(
    kernel: npt.ArrayLike, image_shape: tuple[int, int], padding: str | int = "valid"
) -> np.ndarray:
    """The matrix M with M @ image.ravel() == conv2d(image, kernel,
    padding=padding).ravel().

    kernel: (kh, kw); image_shape: (H, W). Returns (H' · W', H · W). Each row is one
    output neuron's weights as a dense layer would store them: mostly zeros (it sees a
    small patch) and the same kh · kw numbers in every row, shifted (the weights are
    shared).
    """
    k = as_float_array(kernel, conv_matrix, "kernel", ndim=2, allow_inf=False)
    if (
        not isinstance(image_shape, tuple | list)
        or len(image_shape) != 2
        or not all(
            isinstance(v, int | np.integer) and not isinstance(v, bool) and v > 0
            for v in image_shape
        )
    ):
        raise ValueError(
            f"{name_of(conv_matrix)}: image_shape must be (H, W) of positive ints; "
            f"got {image_shape!r}"
        )
    h, w = image_shape
    # Convolution is linear, so column p of M is the response to an image with a single
    # 1 at p.
    basis = np.eye(h * w).reshape(h * w, h, w)
    return np.stack([conv2d(e, k, padding=padding).ravel() for e in basis], axis=1)


# ---------------------------------------------------------------------------- figures
