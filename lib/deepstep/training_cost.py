"""What a network costs, counted from its layer shapes alone: multiply-adds of the
forward and the backward pass, training crops of an image, taps that land on real
pixels, and the weights of ResNet's two kinds of residual block.  (notebooks 12, 13)

Used by notebook 12 (deck 003's "~×2 for bwd" under the VGG16 table, counted on deck
000's demo network and on VGG16) and notebook 13 (deck 002's AlexNet: its 224×224 crops
of 256×256 images and its "630 million connections"; deck 004's "two 3×3 convs per
block", which holds for the basic block of ResNet-18/34 but not for the bottleneck block
of ResNet-50/101/152).

Why the backward pass costs about twice the forward: every multiply-add of the forward
pass, y += w·x, is met twice going back, once as dL/dx += w·dL/dy (the gradient the
layer below needs) and once as dL/dw += x·dL/dy (the gradient of the weight itself).
Only the first layer can skip its input gradient: nothing below the image is trained.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from ._checks import choice, int_pair, name_of, non_negative_int, positive_int


class MultiplyAdds(NamedTuple):
    """Multiply-adds of one layer (or a whole network) for one example.

    forward: computing the output; input_gradient: dL/dinput from dL/doutput;
    weight_gradient: dL/dweights from dL/doutput and the input. Biases are not counted.
    """

    forward: int
    input_gradient: int
    weight_gradient: int

    @property
    def backward(self) -> int:
        """Both gradients: the backward pass's multiply-adds."""
        return self.input_gradient + self.weight_gradient


def dense_multiply_adds(inputs: int, units: int) -> MultiplyAdds:
    """A Dense layer of ``units`` on ``inputs`` values, for one example.

    Forward y = x W, x: (1, inputs), W: (inputs, units): inputs·units multiply-adds.
    Backward dx = dy Wᵀ and dW = xᵀ dy: the same count each.
    """
    n = positive_int(inputs, dense_multiply_adds, "inputs") * positive_int(
        units, dense_multiply_adds, "units"
    )
    return MultiplyAdds(n, n, n)


def conv_multiply_adds(
    output_size: int | tuple[int, int],
    kernel_size: int | tuple[int, int],
    in_channels: int,
    filters: int,
    groups: int = 1,
) -> MultiplyAdds:
    """A Conv2D layer whose output is output_size (H', W') × filters, for one example.

    Each of the H'·W'·filters outputs sums kernel_h·kernel_w·(in_channels / groups)
    products (``groups``: Keras's grouped convolution, AlexNet's two GPUs). Backward:
    the input gradient is the transposed convolution, the kernel gradient correlates the
    input with dL/doutput; both use every (output, tap) pair once, so each costs what
    the forward does.
    """
    func = conv_multiply_adds
    out_h, out_w = int_pair(output_size, func, "output_size")
    kernel_h, kernel_w = int_pair(kernel_size, func, "kernel_size")
    in_channels = positive_int(in_channels, func, "in_channels")
    filters = positive_int(filters, func, "filters")
    groups = positive_int(groups, func, "groups")
    if in_channels % groups or filters % groups:
        raise ValueError(
            f"{name_of(func)}: groups must divide in_channels and filters; got "
            f"groups={groups} for in_channels={in_channels}, filters={filters}"
        )
    n = out_h * out_w * filters * kernel_h * kernel_w * (in_channels // groups)
    return MultiplyAdds(n, n, n)


def network_multiply_adds(layers: Sequence[MultiplyAdds]) -> MultiplyAdds:
    """The sum over a network's weighted layers, first (nearest the input) first.

    The first layer's input gradient is left out: it would be the gradient of the image,
    which nothing trains. So backward / forward is 2 less the first layer's share.
    """
    if (
        isinstance(layers, str | bytes)
        or not isinstance(layers, Sequence)
        or not layers
    ):
        raise ValueError(
            f"{name_of(network_multiply_adds)}: layers must be a non-empty sequence of "
            f"MultiplyAdds, first layer first; got {layers!r}"
        )
    for i, layer in enumerate(layers):
        if not isinstance(layer, MultiplyAdds):
            raise ValueError(
                f"{name_of(network_multiply_adds)}: layers[{i}] must be MultiplyAdds "
                "(from dense_multiply_adds or conv_multiply_adds); got "
                f"{type(layer).__name__}"
            )
    return MultiplyAdds(
        sum(layer.forward for layer in layers),
        sum(layer.input_gradient for layer in layers[1:]),
        sum(layer.weight_gradient for layer in layers),
    )


def crop_positions(image: int, crop: int) -> int:
    """Where a crop × crop window fits in an image × image picture: (image − crop + 1)².

    A window of 224 fits at offsets 0, 1, ..., 32 along 256 pixels: 33 places, not 32.
    """
    return _crop_positions(image, crop, crop_positions)


def _crop_positions(image: int, crop: int, func: Callable) -> int:
    image = positive_int(image, func, "image")
    crop = positive_int(crop, func, "crop")
    if crop > image:
        raise ValueError(
            f"{name_of(func)}: crop must be at most image; got crop={crop}, "
            f"image={image}"
        )
    return (image - crop + 1) ** 2


def crop_count(image: int, crop: int, flips: bool = True) -> int:
    """Different training crops of one image: every position, and its mirror image if
    flips."""
    if not isinstance(flips, bool):
        raise ValueError(
            f"{name_of(crop_count)}: flips must be True or False; got {flips!r}"
        )
    return _crop_positions(image, crop, crop_count) * (2 if flips else 1)


def in_image_taps(n: int, kernel: int, padding: int, stride: int = 1) -> int:
    """Along one axis of n inputs padded with ``padding`` zeros each side: how many
    (output, kernel tap) pairs fall on a real input, not on a padding zero.

    Without padding it is outputs × kernel; with padding the windows at the edges reach
    past the input, and those taps multiply a zero. Square maps: square the result.
    """
    func = in_image_taps
    n = positive_int(n, func, "n")
    kernel = positive_int(kernel, func, "kernel")
    padding = non_negative_int(padding, func, "padding")
    stride = positive_int(stride, func, "stride")
    if kernel > n + 2 * padding:
        raise ValueError(
            f"{name_of(func)}: kernel {kernel} does not fit {n} inputs padded by "
            f"{padding}"
        )
    outputs = (n + 2 * padding - kernel) // stride + 1
    total = 0
    for i in range(outputs):
        start = (
            i * stride - padding
        )  # first tap's input index; negative: in the padding
        total += min(start + kernel, n) - max(start, 0)
    return total


_BLOCK_KINDS = ("basic", "bottleneck")


def residual_block_params(
    channels: int, kind: str = "basic", batch_norm: bool = True
) -> int:
    """Trained weights of one ResNet block that keeps ``channels`` channels (identity
    shortcut, convolutions without biases, as He et al. 2016).

    "basic" (ResNet-18/34): 3×3 conv channels → channels, twice: 2·9·C².
    "bottleneck" (ResNet-50/101/152): 1×1 to w = C/4, 3×3 w → w, 1×1 back to C:
    C·w + 9·w² + w·C. batch_norm adds a scale and an offset per channel after each conv.
    """
    func = residual_block_params
    channels = positive_int(channels, func, "channels")
    kind = choice(kind, _BLOCK_KINDS, func, "kind")
    if not isinstance(batch_norm, bool):
        raise ValueError(
            f"{name_of(func)}: batch_norm must be True or False; got {batch_norm!r}"
        )
    if kind == "basic":
        weights, normalised = 2 * 9 * channels**2, 2 * channels
    else:
        if channels % 4:
            raise ValueError(
                f"{name_of(func)}: a bottleneck block narrows to channels / 4; got "
                f"channels={channels}, not a multiple of 4"
            )
        width = channels // 4
        weights = channels * width + 9 * width**2 + width * channels
        normalised = 2 * width + channels
    return weights + (2 * normalised if batch_norm else 0)
