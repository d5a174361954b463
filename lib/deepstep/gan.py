"""(notebook 14) A generative adversarial network on a 2-D ring, in deepstep.nn.

Deck 000's two networks: a generator G turns noise z (M, k) into points G(z) (M, d), a
discriminator D gives each point (N, d) its probability of being real, (N, 1).
D's loss: -mean(ln D(x)) - mean(ln(1 - D(G(z)))), 2 ln 2 ≈ 1.386 when D says 1/2 to all;
G's loss (non-saturating): -mean(ln D(G(z))). G learns through D:
``Sequential.backward`` returns d(loss)/d(input), so D's input gradient at G(z) is fed
into G's backward pass. If G's points have the data's distribution, the best D is D*(x)
= 1/2 everywhere.

The data: ``ring_points`` draws points at a noisy radius around the origin;
``share_near_ring`` measures how many generated points landed near that circle.
"""

from __future__ import annotations

import numpy as np

from ._checks import as_finite_scalar, as_float_array, instance_of, positive_int
from .nn.models import Sequential
from .nn.optimizers import Optimizer


def gan_step(
    generator: Sequential,
    discriminator: Sequential,
    x_real: np.ndarray,
    z: np.ndarray,
    d_optimizer: Optimizer,
    g_optimizer: Optimizer,
) -> tuple[float, float]:
    """One step for D, then one for G. x_real: (N, d); z: (M, k). Returns (D loss, G
    loss).

    D's loss is taken before its step, G's after D's step (what G was trained against).
    """
    instance_of(generator, Sequential, gan_step, "generator")
    instance_of(discriminator, Sequential, gan_step, "discriminator")
    x_real = as_float_array(x_real, gan_step, "x_real", ndim=2, allow_inf=False)
    z = as_float_array(z, gan_step, "z", ndim=2, allow_inf=False)
    if len(x_real) == 0 or len(z) == 0:
        raise ValueError(
            f"gan_step: x_real and z need at least one row; got {x_real.shape}, "
            f"{z.shape}"
        )
    instance_of(d_optimizer, Optimizer, gan_step, "d_optimizer")
    instance_of(g_optimizer, Optimizer, gan_step, "g_optimizer")
    eps = 1e-12
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
    g_optimizer.apply(
        zip(generator.gradients, generator.trainable_weights, strict=True)
    )
    return float(d_loss), float(g_loss)


def ring_points(
    n: int, rng: np.random.Generator, radius: float = 2.0, sigma: float = 0.1
) -> np.ndarray:
    """n points (n, 2): angle uniform on [0, 2π), distance radius + σ·N(0, 1) from 0."""
    n = positive_int(n, ring_points, "n")
    instance_of(rng, np.random.Generator, ring_points, "rng")
    radius = as_finite_scalar(radius, ring_points, "radius", positive=True)
    sigma = as_finite_scalar(sigma, ring_points, "sigma")
    if sigma < 0:
        raise ValueError(f"ring_points: sigma must be >= 0; got {sigma}")
    angle = rng.uniform(0.0, 2 * np.pi, n)
    r = radius + sigma * rng.standard_normal(n)
    return np.column_stack([r * np.cos(angle), r * np.sin(angle)])


def share_near_ring(points: np.ndarray, radius: float = 2.0, tol: float = 0.3) -> float:
    """Share of points (N, 2) whose distance from the origin is within tol of radius."""
    points = as_float_array(points, share_near_ring, "points", ndim=2, allow_inf=False)
    if points.shape[0] == 0 or points.shape[1] != 2:
        raise ValueError(
            f"share_near_ring: points must be (N >= 1, 2); got {points.shape}"
        )
    radius = as_finite_scalar(radius, share_near_ring, "radius", positive=True)
    tol = as_finite_scalar(tol, share_near_ring, "tol", positive=True)
    distance = np.hypot(points[:, 0], points[:, 1])
    return float(np.mean(np.abs(distance - radius) <= tol))
