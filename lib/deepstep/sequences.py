"""Sequence tasks for recurrent networks: recall a token seen k steps ago, and a dot
moving over small frames.  (notebook 16)

- ``memory_task(n, lag, rng)``: (N, lag + 1, 1) sequences of ±1 whose label is the first
  token, seen ``lag`` steps before the end: a plain test of how far back a network
  remembers;
- ``moving_dot(n, steps, size, rng)``: (N, steps, size, size, 1) frames of one bright
  pixel walking with a constant velocity and bouncing off the edges, for a ConvLSTM that
  predicts the next frame.
"""

from __future__ import annotations

import numpy as np

from ._checks import name_of, non_negative_int, positive_int

__all__ = ["memory_task", "moving_dot"]


def memory_task(
    n: int, lag: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """N sequences of lag + 1 random tokens ±1; the label is the first token, as 0 or 1.

    Returns x: (N, lag + 1, 1) float32 and y: (N,) int. The network reads the whole
    sequence and must answer, at the last step, what it saw ``lag`` steps earlier; the
    ``lag`` tokens in between are noise of the same kind. Guessing gives 50%.
    """
    n = positive_int(n, memory_task, "n")
    lag = non_negative_int(lag, memory_task, "lag")
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"{name_of(memory_task)}: rng must be a numpy Generator; got {rng!r}"
        )
    tokens = rng.choice(np.array([-1.0, 1.0], dtype=np.float32), size=(n, lag + 1, 1))
    return tokens, (tokens[:, 0, 0] > 0).astype(int)


def moving_dot(n: int, steps: int, size: int, rng: np.random.Generator) -> np.ndarray:
    """N clips of ``steps`` frames (size × size) of one pixel moving and bouncing off
    the edges.

    Returns (N, steps, size, size, 1) float32, 1 at the dot and 0 elsewhere. Each clip
    starts at a random pixel with a random velocity of -1 or +1 along each axis; a dot
    that would leave the frame turns back (it reflects), so the next frame is a function
    of the last two.
    """
    n = positive_int(n, moving_dot, "n")
    steps = positive_int(steps, moving_dot, "steps")
    size = positive_int(size, moving_dot, "size")
    if size < 2:
        raise ValueError(f"{name_of(moving_dot)}: size must be at least 2; got {size}")
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"{name_of(moving_dot)}: rng must be a numpy Generator; got {rng!r}"
        )
    pos = rng.integers(0, size, size=(n, 2))
    vel = rng.choice([-1, 1], size=(n, 2))
    frames = np.zeros((n, steps, size, size, 1), dtype=np.float32)
    for t in range(steps):
        frames[np.arange(n), t, pos[:, 0], pos[:, 1], 0] = 1.0
        nxt = pos + vel
        bounce = (nxt < 0) | (nxt >= size)
        vel = np.where(bounce, -vel, vel)
        pos = pos + vel
    return frames
