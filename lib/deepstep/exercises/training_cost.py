"""Exercise of notebook 13 (AlexNet's training): how many different training crops a
square image gives, with or without mirror images, checked with NumPy only.

The reference is ``training_cost.crop_count``: (image − crop + 1)² positions, times 2
with horizontal flips. The cases are AlexNet's 224 of 256 (whose paper counts 32 × 32 ×
2 = 2048), the same without flips, Caffe's 227 of 256, a crop as large as the image, and
small ones a student can count on paper.
"""

from __future__ import annotations

from .. import training_cost
from .feedback import Case, Exercise, KnownMistake


def _crops_reference(image, crop, flips=True):
    return training_cost.crop_count(image, crop, flips)


def _crops_cases() -> list[Case]:
    return [
        Case("AlexNet: 224 of 256, with mirror images", (256, 224)),
        Case("224 of 256, no mirror images", (256, 224), {"flips": False}),
        Case("Caffe's 227 of 256", (256, 227)),
        Case("a crop as large as the image", (5, 5)),
        Case("3 of 4, no mirror images", (4, 3), {"flips": False}),
        Case("28 of 32 (MNIST in LeNet-5's frame)", (32, 28)),
    ]


def _crops_without_fencepost(image, crop, flips=True):
    return (image - crop) ** 2 * (2 if flips else 1)


def _crops_one_axis(image, crop, flips=True):
    return (image - crop + 1) * (2 if flips else 1)


def _crops_always_flipped(image, crop, flips=True):
    return (image - crop + 1) ** 2 * 2


def _crops_never_flipped(image, crop, flips=True):
    return (image - crop + 1) ** 2


CROP_COUNT = Exercise(
    name="training_crops",
    notebook="13_beyond",
    reference=_crops_reference,
    compares="training_cost.crop_count",
    cases=_crops_cases,
    mistakes=(
        KnownMistake(
            _crops_without_fencepost,
            "that is the paper's 2048: (256 - 224)² x 2. A window's edge can sit at "
            "0, 1, ..., 32: that is 33 places, image - crop + 1, not 32.",
        ),
        KnownMistake(
            _crops_one_axis,
            "the window moves down as well as across: square the number of places "
            "along one axis.",
        ),
        KnownMistake(
            _crops_always_flipped,
            "with flips=False there are no mirror images: multiply by 2 only when "
            "flips is True.",
        ),
        KnownMistake(
            _crops_never_flipped,
            "each crop also has its mirror image when flips is True: twice as many.",
        ),
    ),
)

EXERCISES = (CROP_COUNT,)
