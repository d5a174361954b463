"""Learning-rate schedules: the rate as a function of the optimizer's step count.

Pass one as ``learning_rate`` to any optimizer. Names and arguments follow
``keras.optimizers.schedules``; ``StepDecay`` is the slides' "step" decay.
Old Keras's ``SGD(lr=0.01, decay=1e-6)`` (slide deck 001) meant
lr / (1 + decay · iterations): that is ``InverseTimeDecay(0.01, decay_steps=1,
decay_rate=1e-6)``.
"""

from __future__ import annotations

import math

from .._checks import as_finite_scalar, flag, name_of, positive_int


class LearningRateSchedule:
    """Callable: ``schedule(step) -> learning rate`` for step = 0, 1, 2, ..."""

    def __call__(self, step: int) -> float:
        raise NotImplementedError


def _step(step: int, who: str) -> int:
    if isinstance(step, bool) or not isinstance(step, int) or step < 0:
        try:
            if float(step) == int(step) and int(step) >= 0:
                return int(step)
        except (TypeError, ValueError):
            pass
        raise ValueError(f"{who}: step must be an int >= 0; got {step!r}")
    return step


class _DecayOverSteps(LearningRateSchedule):
    """What Keras's ExponentialDecay and InverseTimeDecay share: a rate that decays with
    step / decay_steps (floored when ``staircase``), by ``decay_rate``."""

    #: InverseTimeDecay allows decay_rate = 0 (a constant rate); ExponentialDecay does
    #: not.
    _zero_decay_rate_allowed = False

    def __init__(
        self,
        initial_learning_rate: float,
        decay_steps: float,
        decay_rate: float,
        staircase: bool = False,
    ):
        cls = type(self)
        self.initial_learning_rate = as_finite_scalar(
            initial_learning_rate, cls, "initial_learning_rate", positive=True
        )
        self.decay_steps = as_finite_scalar(
            decay_steps, cls, "decay_steps", positive=True
        )
        self.decay_rate = as_finite_scalar(
            decay_rate, cls, "decay_rate", positive=not self._zero_decay_rate_allowed
        )
        if self.decay_rate < 0:
            raise ValueError(
                f"{name_of(cls)}: decay_rate must be >= 0; got {self.decay_rate}"
            )
        self.staircase = flag(staircase, cls, "staircase")

    def _progress(self, step: int) -> float:
        """step / decay_steps, floored when staircase: how far the decay has gone."""
        p = _step(step, name_of(type(self))) / self.decay_steps
        return math.floor(p) if self.staircase else p


class ExponentialDecay(_DecayOverSteps):
    """initial_learning_rate · decay_rate ^ (step / decay_steps); staircase floors the
    exponent."""

    def __call__(self, step):
        return self.initial_learning_rate * self.decay_rate ** self._progress(step)


class InverseTimeDecay(_DecayOverSteps):
    """initial_learning_rate / (1 + decay_rate · step / decay_steps) — progressive
    decay."""

    _zero_decay_rate_allowed = True

    def __call__(self, step):
        return self.initial_learning_rate / (1 + self.decay_rate * self._progress(step))


class StepDecay(LearningRateSchedule):
    """initial_learning_rate · drop ^ floor(step / every): the rate falls by ``drop``
    every ``every`` steps."""

    def __init__(
        self, initial_learning_rate: float, drop: float = 0.5, every: int = 10
    ):
        self.initial_learning_rate = as_finite_scalar(
            initial_learning_rate, StepDecay, "initial_learning_rate", positive=True
        )
        self.drop = as_finite_scalar(drop, StepDecay, "drop", positive=True)
        self.every = positive_int(every, StepDecay, "every")

    def __call__(self, step):
        return self.initial_learning_rate * self.drop ** (
            _step(step, "StepDecay") // self.every
        )
