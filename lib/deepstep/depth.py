"""Why deep stacks are hard to train, and what skip connections change (deck 004).
(notebooks 13, 15)

Backpropagation multiplies the gradient by one Jacobian per layer. Through ``depth``
sigmoid layers (σ' ≤ 1/4) it shrinks roughly geometrically, so the first layers barely
learn: the vanishing gradient. ReLU with He initialisation keeps its size on average. A
residual connection, h_next = h + f(h), adds an identity path: the gradient reaching h
is the one reaching h_next *plus* f's contribution, so it no longer shrinks layer after
layer.

``DeepStack`` builds such a stack from ``deepstep.nn.layers.Dense`` at initialisation;
``gradient_norms`` measures, layer by layer, how large the kernel gradients are.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from ._checks import (
    as_float_array,
    boundary,
    flag,
    known_name,
    name_of,
    non_negative_int,
    positive_int,
    require_shape,
    text,
)
from .nn import activations, initializers, layers

#: The initialiser each activation is usually paired with (Keras's default is
#: glorot_uniform).
DEFAULT_INITIALIZER = {"relu": "he_normal"}


class DeepStack:
    """``depth`` Dense(width, activation) layers; with residual=True each is a skip
    block.

    x: (N, width) -> (N, width). Plain: h_next = f(h). Residual: h_next = h + f(h),
    where f(h) = activation(h @ kernel + bias). kernel_initializer defaults to
    "he_normal" for ReLU and "glorot_uniform" otherwise; weights are drawn from
    ``seed``.
    """

    def __init__(
        self,
        depth: int,
        width: int = 64,
        activation: str = "sigmoid",
        residual: bool = False,
        kernel_initializer: str | None = None,
        seed: int = 0,
    ) -> None:
        self.depth = positive_int(depth, DeepStack, "depth")
        self.width = positive_int(width, DeepStack, "width")
        self.residual = flag(residual, DeepStack, "residual")
        activation = known_name(
            activation, activations.NAMES, DeepStack, "activation", "activation"
        )
        text(kernel_initializer, DeepStack, "kernel_initializer", optional=True)
        seed = non_negative_int(seed, DeepStack, "seed")
        init = kernel_initializer or DEFAULT_INITIALIZER.get(
            activation, "glorot_uniform"
        )
        initializers.set_random_seed(seed)
        try:
            self.layers = [
                layers.Dense(
                    self.width,
                    activation=activation,
                    kernel_initializer=init,
                    name=f"dense_{i}",
                )
                for i in range(self.depth)
            ]
        except (
            ValueError,
            TypeError,
        ) as error:  # name the stack, not the Dense inside it
            raise type(error)(f"{name_of(DeepStack)}: {error}") from None
        for layer in self.layers:
            layer.build((None, self.width))

    def forward(self, x: npt.ArrayLike) -> np.ndarray:
        h = as_float_array(x, DeepStack.forward, "x")
        require_shape(h, (None, self.width), DeepStack.forward, "x")
        for layer in self.layers:
            out = layer.forward(h)
            h = h + out if self.residual else out
        return h

    def backward(self, grad_out: npt.ArrayLike) -> np.ndarray:
        """d(loss)/d(x) from d(loss)/d(output); each layer's ``grads`` are filled on the
        way."""
        g = as_float_array(grad_out, DeepStack.backward, "grad_out")
        require_shape(g, (None, self.width), DeepStack.backward, "grad_out")
        arriving = []
        for layer in reversed(self.layers):
            through_f = layer.backward(g)
            g = (
                g + through_f if self.residual else through_f
            )  # the identity path adds g itself
            arriving.append(g)
        self._input_grads = arriving[::-1]
        return g

    def kernel_gradient_norms(self) -> np.ndarray:
        """(depth,) Frobenius norms of d(loss)/d(kernel), first layer first."""
        return np.array(
            [np.linalg.norm(layer.grads["kernel"]) for layer in self.layers]
        )

    def input_gradient_norms(self) -> np.ndarray:
        """(depth,) norms of d(loss)/d(input of layer i), first layer first: the signal
        that backpropagation carries down, before it meets each layer's weights."""
        if not hasattr(self, "_input_grads"):
            raise RuntimeError(f"{name_of(DeepStack)}: call backward() first")
        return np.array([np.linalg.norm(g) for g in self._input_grads])


@boundary
def gradient_norms(
    depth: int,
    *,
    width: int = 64,
    activation: str = "sigmoid",
    residual: bool = False,
    batch: int = 32,
    seed: int = 0,
    of: str = "kernel",
) -> np.ndarray:
    """(depth,) kernel-gradient norms of a fresh DeepStack, first layer first.

    The stack sees a batch of standard-normal inputs, and the gradient arriving at its
    output is random too (as from a loss on top), both drawn from ``seed``. Compare the
    first entry with the last to see how much of the gradient survives the trip down.
    of="input" measures d(loss)/d(input of each layer) instead of the kernels'
    gradients: the signal backpropagation carries down (notebook 15 compares it for
    large and small initial weights).
    """
    if of not in ("kernel", "input"):
        raise ValueError(
            f"{name_of(gradient_norms)}: of must be 'kernel' or 'input'; got {of!r}"
        )
    stack = DeepStack(depth, width, activation, residual, seed=seed)
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((positive_int(batch, gradient_norms, "batch"), stack.width))
    out = stack.forward(x)
    stack.backward(rng.standard_normal(out.shape) / np.sqrt(out.size))
    return (
        stack.kernel_gradient_norms()
        if of == "kernel"
        else stack.input_gradient_norms()
    )
