"""The sequence tasks of notebook 16: shapes, labels that are what they say, bad
input."""

import numpy as np
import pytest

from deepstep import sequences


def test_memory_task_label_is_the_first_token_seen_lag_steps_before_the_end():
    x, y = sequences.memory_task(200, 7, np.random.default_rng(0))
    assert x.shape == (200, 8, 1) and x.dtype == np.float32
    assert set(np.unique(x)) == {-1.0, 1.0}
    np.testing.assert_array_equal(y, (x[:, -1 - 7, 0] == 1).astype(int))
    assert 0.35 < y.mean() < 0.65  # both classes, about half each


def test_memory_task_lag_zero_is_the_last_token_and_a_wrong_label_would_fail():
    x, y = sequences.memory_task(50, 0, np.random.default_rng(1))
    assert x.shape == (50, 1, 1)
    np.testing.assert_array_equal(y, x[:, 0, 0] > 0)
    x, y = sequences.memory_task(100, 3, np.random.default_rng(2))
    assert not np.array_equal(
        y, (x[:, -1, 0] > 0).astype(int)
    )  # the last token is noise


def test_memory_task_is_reproducible_from_its_seed():
    a = sequences.memory_task(10, 4, np.random.default_rng(3))
    b = sequences.memory_task(10, 4, np.random.default_rng(3))
    np.testing.assert_array_equal(a[0], b[0])


@pytest.mark.parametrize(
    "kwargs, message",
    [(dict(n=0, lag=3), "n"), (dict(n=5, lag=-1), "lag"), (dict(n=5, lag=2.5), "lag")],
)
def test_memory_task_rejects_bad_sizes_naming_the_argument(kwargs, message):
    with pytest.raises((ValueError, TypeError), match=message):
        sequences.memory_task(rng=np.random.default_rng(0), **kwargs)


def test_memory_task_needs_a_generator():
    with pytest.raises(TypeError, match="Generator"):
        sequences.memory_task(5, 2, 0)


def test_moving_dot_has_one_pixel_per_frame_moving_one_step_or_bouncing():
    frames = sequences.moving_dot(30, 12, 8, np.random.default_rng(0))
    assert frames.shape == (30, 12, 8, 8, 1) and frames.dtype == np.float32
    np.testing.assert_array_equal(frames.sum(axis=(2, 3, 4)), 1.0)
    where = np.array(
        [np.argwhere(f[..., 0] == 1)[0] for f in frames.reshape(-1, 8, 8, 1)]
    )
    step = np.diff(where.reshape(30, 12, 2), axis=1)
    assert set(np.abs(step).ravel()) == {
        1
    }  # one pixel per step along each axis, never 0


def test_moving_dot_reflects_at_the_edge():
    frames = sequences.moving_dot(200, 20, 4, np.random.default_rng(1))
    rows = frames.reshape(200, 20, 4, 4).sum(axis=3).argmax(axis=2)
    step = np.diff(rows, axis=1)
    turns = step[:, 1:] != step[:, :-1]  # the velocity changes only at rows 0 and 3
    assert np.isin(rows[:, 1:-1][turns], [0, 3]).all() and turns.any()


def test_moving_dot_rejects_a_one_pixel_frame():
    with pytest.raises(ValueError, match="size"):
        sequences.moving_dot(2, 3, 1, np.random.default_rng(0))
