"""(notebook 13) One training step of a generative adversarial network, in deepstep.nn.

D's loss: -mean(ln D(x)) - mean(ln(1 - D(G(z)))); G's loss (non-saturating):
-mean(ln D(G(z))). G learns through D: ``Sequential.backward`` returns d(loss)/d(input),
so D's input gradient at G(z) is fed into G's backward pass.
"""

from __future__ import annotations

import numpy as np

from .nn.models import Sequential


def gan_step(
    generator: Sequential,
    discriminator: Sequential,
    x_real: np.ndarray,
    z: np.ndarray,
    d_optimizer,
    g_optimizer,
) -> tuple[float, float]:
    """One step for D, then one for G. x_real: (N, d); z: (M, k). Returns (D loss, G loss)."""
    eps = 1e-12
    x_real = np.asarray(x_real, dtype=float)
    z = np.asarray(z, dtype=float)
    if x_real.ndim != 2 or z.ndim != 2:
        raise ValueError(f"gan_step: x_real and z must be 2-D; got {x_real.shape}, {z.shape}")
    x_fake = generator(z)
    p_real = discriminator(x_real, training=True)
    d_loss = -np.mean(np.log(p_real + eps))
    discriminator.backward(-1.0 / (p_real + eps) / len(x_real))
    grads = [g.copy() for g in discriminator.gradients]
    p_fake = discriminator(x_fake, training=True)
    d_loss += -np.mean(np.log(1.0 - p_fake + eps))
    discriminator.backward(1.0 / (1.0 - p_fake + eps) / len(x_fake))
    grads = [a + b for a, b in zip(grads, discriminator.gradients, strict=True)]
    d_optimizer.apply(zip(grads, discriminator.trainable_weights, strict=True))
    x_fake = generator(z, training=True)
    p_fake = discriminator(x_fake, training=True)
    g_loss = -np.mean(np.log(p_fake + eps))
    dx = discriminator.backward(-1.0 / (p_fake + eps) / len(z))
    generator.backward(dx)
    g_optimizer.apply(zip(generator.gradients, generator.trainable_weights, strict=True))
    return float(d_loss), float(g_loss)
