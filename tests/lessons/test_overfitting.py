"""overfitting.regularized_curves (notebook 10's slider): shapes, determinism, its
errors, and that dropout narrows the final gap on the notebook's own data (300 digits,
one label in five wrong)."""

import re

import numpy as np
import pytest
from sklearn.datasets import load_digits

from deepstep import overfitting
from deepstep.overfitting import regularized_curves


@pytest.fixture(scope="module")
def noisy_digits():
    """Notebook 10's data (the notebook checks its own arrays against these)."""
    return overfitting.noisy_digits()


def small_problem():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(40, 5))
    return x, (x[:, 0] > 0).astype(int)


def test_one_loss_per_epoch_for_training_and_validation():
    x, y = small_problem()
    curves = regularized_curves(x, y, 0.25, 0.01, epochs=7, hidden=8)
    assert set(curves) == {"train", "val"}
    assert curves["train"].shape == curves["val"].shape == (7,)
    assert np.all(np.isfinite(curves["train"])) and np.all(curves["val"] > 0)


def test_the_same_arguments_give_the_same_curves_and_the_seed_changes_them():
    x, y = small_problem()
    first = regularized_curves(x, y, 0.5, epochs=5, hidden=8, seed=3)
    again = regularized_curves(x, y, 0.5, epochs=5, hidden=8, seed=3)
    other = regularized_curves(x, y, 0.5, epochs=5, hidden=8, seed=4)
    np.testing.assert_array_equal(first["val"], again["val"])
    assert not np.array_equal(first["val"], other["val"])


def test_labels_and_one_hot_targets_train_the_same_network():
    x, y = small_problem()
    as_labels = regularized_curves(x, y, epochs=4, hidden=6)
    as_one_hot = regularized_curves(x, np.eye(2)[y], epochs=4, hidden=6)
    np.testing.assert_allclose(as_labels["train"], as_one_hot["train"], rtol=1e-12)


def test_without_a_validation_set_the_last_quarter_is_held_out():
    x, y = small_problem()
    held_out = regularized_curves(x, y, epochs=3, hidden=6)
    explicit = regularized_curves(
        x[:30], y[:30], epochs=3, hidden=6, x_val=x[30:], y_val=y[30:]
    )
    np.testing.assert_allclose(held_out["val"], explicit["val"], rtol=1e-12)


def test_training_loss_falls_without_regularization():
    x, y = small_problem()
    curves = regularized_curves(x, y, epochs=30, hidden=16)
    assert curves["train"][-1] < 0.5 * curves["train"][0]


def test_more_dropout_narrows_the_final_gap_on_notebook_10s_digits(noisy_digits):
    x, y, x_val, y_val = noisy_digits
    gaps = []
    for rate in (0.0, 0.25, 0.5):
        c = regularized_curves(x, y, rate, x_val=x_val, y_val=y_val)
        gaps.append(c["val"][-1] - c["train"][-1])
    assert gaps[0] > gaps[1] > gaps[2]
    assert gaps[0] > 0.3  # without dropout the network does overfit


def test_weight_decay_narrows_the_final_gap_too(noisy_digits):
    x, y, x_val, y_val = noisy_digits
    plain = regularized_curves(x, y, x_val=x_val, y_val=y_val)
    decayed = regularized_curves(x, y, 0.0, 0.05, x_val=x_val, y_val=y_val)
    gap = {
        k: c["val"][-1] - c["train"][-1] for k, c in (("plain", plain), ("wd", decayed))
    }
    assert gap["wd"] < 0.5 * gap["plain"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"dropout": 1.0},
            r"regularized_curves: dropout must be a rate in \[0, 1\); got 1.0",
        ),
        ({"dropout": -0.1}, r"dropout must be a rate in \[0, 1\); got -0.1"),
        ({"weight_decay": -1.0}, r"weight_decay must be >= 0; got -1.0"),
        ({"epochs": 0}, r"epochs must be a positive int; got 0"),
        (
            {"x_val": np.ones((3, 5))},
            r"x_val and y_val must be given together; got only x_val",
        ),
        ({"x_val": np.ones((3, 4)), "y_val": np.zeros(3)}, r"x_val must be \(M, 5\)"),
        (
            {"x_val": np.ones((3, 5)), "y_val": np.zeros((3, 3))},
            r"y_val must have 2 columns",
        ),
        ({"x_val": np.ones((3, 5)), "y_val": np.array([0, 1, 2])}, r"labels below 2"),
    ],
)
def test_bad_arguments_name_the_function_the_argument_and_what_was_expected(
    kwargs, message
):
    x, y = small_problem()
    with pytest.raises(ValueError, match=message):
        regularized_curves(x, y, **kwargs)


def test_labels_must_be_whole_numbers_one_per_row():
    x, _ = small_problem()
    with pytest.raises(ValueError, match=r"y as labels must be integers >= 0"):
        regularized_curves(x, np.full(40, 0.5))
    with pytest.raises(
        ValueError, match=r"y must have one row per row of its x \(40\)"
    ):
        regularized_curves(x, np.zeros(39))


def test_noisy_digits_changes_about_one_training_label_in_five_and_no_other(
    noisy_digits,
):
    x, y, x_val, y_val = noisy_digits
    assert x.shape == (300, 64) and y.shape == (300, 10)
    assert x_val.shape == (400, 64) and y_val.shape == (400, 10)
    _, clean, _, _ = overfitting.noisy_digits(wrong_share=0.0)
    changed = np.any(y != clean, axis=1)
    assert 0.15 < changed.mean() < 0.25
    # a changed label is another digit, never the true one, and still one-hot
    assert np.all(y[changed].argmax(axis=1) != clean[changed].argmax(axis=1))
    assert np.all(y.sum(axis=1) == 1)
    # the validation digits are the clean ones, and none of them is trained on
    digits = load_digits()
    label_of = {
        row.tobytes(): label
        for row, label in zip(
            digits.images.reshape(-1, 64) / 16.0, digits.target, strict=True
        )
    }
    assert [label_of[row.tobytes()] for row in x_val] == list(y_val.argmax(axis=1))
    trained = {row.tobytes() for row in x}
    assert not any(row.tobytes() in trained for row in x_val)


def test_noisy_digits_is_seeded():
    first, again = overfitting.noisy_digits(seed=3), overfitting.noisy_digits(seed=3)
    assert all(np.array_equal(a, b) for a, b in zip(first, again, strict=True))
    other = overfitting.noisy_digits(seed=4)
    assert not np.array_equal(first[1], other[1])


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"n_train": 1001}, "n_train must be at most 1000"),
        ({"n_train": 0}, "n_train"),
        ({"wrong_share": 1.5}, "wrong_share must be in [0, 1]; got 1.5"),
        ({"seed": -1}, "seed"),
    ],
)
def test_noisy_digits_names_a_bad_argument(kwargs, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        overfitting.noisy_digits(**kwargs)
