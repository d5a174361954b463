"""Receptive fields layer by layer: how much of the input one unit of a layer sees.
(notebook 07)

Used by the receptive-field growth of deck 000 (*CNNs learn hierarchical features*, the
cat
figure: a unit of layer 2 sees a patch of layer 1, which sees a larger patch of the
image), in notebook 07.

For a stack of convolutions and poolings, each given as (kernel size k, stride s), the
receptive field r and the jump j (input pixels between neighbouring units) grow as

    r_l = r_{l-1} + (k_l - 1) * j_{l-1},    j_l = j_{l-1} * s_l,    r_0 = j_0 = 1.

Padding shifts where a field lies, not how large it is, so it does not enter.
"""

from __future__ import annotations

from collections.abc import Sequence

from ._checks import positive_int


def receptive_fields(layers: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The (receptive field, jump) of one unit after each layer, in input pixels.

    layers: a sequence of (kernel size, stride) pairs, e.g. [(3, 1), (2, 2)] for a 3×3
    convolution then a 2×2/2 pooling (square kernels; one side length each).
    Returns one (r, j) pair per layer: r is the side of the input patch one unit sees,
    j the distance in input pixels between neighbouring units of that layer.
    """
    func = receptive_fields
    if isinstance(layers, str | bytes) or not isinstance(layers, Sequence):
        raise ValueError(
            f"{func.__qualname__}: layers must be a sequence of (kernel, stride) "
            f"pairs; got {layers!r}"
        )
    field, jump, out = 1, 1, []
    for i, pair in enumerate(layers):
        if not isinstance(pair, Sequence) or len(pair) != 2:
            raise ValueError(
                f"{func.__qualname__}: layers[{i}] must be a (kernel, stride) pair; "
                f"got {pair!r}"
            )
        kernel = positive_int(pair[0], func, f"layers[{i}] kernel")
        stride = positive_int(pair[1], func, f"layers[{i}] stride")
        field += (kernel - 1) * jump
        jump *= stride
        out.append((field, jump))
    return out
