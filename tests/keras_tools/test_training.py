"""deepstep.keras_tools.training: the slides' demo CNN, its training plan,
ArrayBatches."""

import numpy as np
import pytest

pytest.importorskip("tensorflow")
pytest.importorskip("keras")

from deepstep import keras_tools as kt  # noqa: E402
from deepstep.keras_tools import keras  # noqa: E402

from .machines import gpu_info  # noqa: E402

# -- the demo model --------------------------------------------------------------------


def test_mnist_demo_model_has_the_slides_shapes_and_counts():
    model = kt.mnist_demo_model()
    shapes = [tuple(layer.output.shape) for layer in model.layers]
    assert shapes == [
        (None, 28, 28, 10),
        (None, 14, 14, 10),
        (None, 1960),
        (None, 200),
        (None, 10),
    ]
    counts = [layer.count_params() for layer in model.layers]
    # Deck 000: (5*5 + 1) * 10 filters; (1,960 + 1) * 200 neurons = 392,200.
    assert counts == [(5 * 5 + 1) * 10, 0, 0, (10 * 14 * 14 + 1) * 200, (200 + 1) * 10]
    assert model.count_params() == 394_470


def test_mnist_demo_model_trains_on_integer_labels():
    keras.utils.set_random_seed(0)
    model = kt.mnist_demo_model()
    assert model.loss == "sparse_categorical_crossentropy"
    x = np.random.default_rng(0).random((8, 32, 32, 1), dtype=np.float32)
    y = np.arange(8, dtype=np.uint8)
    loss, accuracy = model.evaluate(x, y, verbose=0)
    probabilities = model.predict(x, verbose=0)
    # Sparse cross-entropy by hand: the mean of -log p(true class).
    expected = -np.mean(np.log(probabilities[np.arange(8), y]))
    np.testing.assert_allclose(loss, expected, rtol=1e-5)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=1e-5)


def test_mnist_demo_model_keeps_its_softmax_in_float32_under_mixed_precision():
    keras.mixed_precision.set_global_policy("mixed_float16")
    try:
        model = kt.mnist_demo_model()
    finally:
        keras.mixed_precision.set_global_policy("float32")
    assert model.get_layer("conv5x5").compute_dtype == "float16"
    assert model.get_layer("softmax").compute_dtype == "float32"
    out = model(np.zeros((1, 32, 32, 1), np.float32))
    assert keras.backend.standardize_dtype(out.dtype) == "float32"


def test_training_plan_on_a_cpu_depends_on_the_data_size():
    cpu = gpu_info()
    mnist = kt.training_plan(60_000, cpu)
    assert (mnist.batch_size, mnist.epochs, mnist.learning_rate) == (64, 6, 2e-3)
    assert (mnist.policy, mnist.target_accuracy) == ("float32", 0.988)
    assert mnist.steps(60_000) == 6 * 938  # 937.5 batches per epoch, rounded up
    subset = kt.training_plan(10_000, cpu)
    assert (subset.batch_size, subset.epochs, subset.learning_rate) == (32, 8, 3e-3)
    assert subset.target_accuracy == 0.97 and subset.steps(10_000) == 2_504
    digits = kt.training_plan(1_500, cpu)
    assert (digits.batch_size, digits.epochs, digits.learning_rate) == (32, 10, 1e-3)
    assert digits.target_accuracy == 0.95 and digits.steps(1_500) == 470


def test_training_plan_on_gpus_takes_bigger_batches_and_mixed_precision_if_it_pays():
    h100s = gpu_info(("NVIDIA H100", "NVIDIA H100"), ((9, 0), (9, 0)))
    plan = kt.training_plan(60_000, h100s, replicas=2)
    assert (plan.batch_size, plan.learning_rate, plan.policy) == (
        64 * 4 * 2,
        4e-3,
        "mixed_float16",
    )
    assert plan.epochs == 6 and plan.target_accuracy == 0.988
    pascal = kt.training_plan(60_000, gpu_info(("Tesla P100",), ((6, 0),)))
    assert (pascal.batch_size, pascal.policy) == (
        256,
        "float32",
    )  # no tensor cores: stay float32


def test_training_plan_names_what_is_wrong():
    with pytest.raises(
        ValueError, match="training_plan: n_train must be a positive int; got 0"
    ):
        kt.training_plan(0, gpu_info())
    with pytest.raises(ValueError, match="replicas must be a positive int"):
        kt.training_plan(10, gpu_info(), replicas=0)
    with pytest.raises(TypeError, match="info must be device_report"):
        kt.training_plan(10, {"gpus": ()})


# -- ArrayBatches ----------------------------------------------------------------------


def test_array_batches_give_every_sample_once_per_epoch_and_reshuffle_reproducibly():
    x, y = np.arange(10.0).reshape(10, 1), np.arange(10)
    batches = kt.ArrayBatches(x, y, 4, shuffle=True, seed=1)
    assert len(batches) == 3 and [len(batches[i][1]) for i in range(3)] == [4, 4, 2]

    def epoch(b):
        xs, ys = zip(*(b[i] for i in range(len(b))), strict=True)
        np.testing.assert_array_equal(
            np.concatenate(xs)[:, 0], np.concatenate(ys)
        )  # pairs kept
        return np.concatenate(ys)

    first = epoch(batches)
    assert sorted(first) == list(range(10)) and list(first) != list(range(10))
    batches.on_epoch_end()
    second = epoch(batches)
    assert sorted(second) == list(range(10)) and list(second) != list(first)
    again = kt.ArrayBatches(x, y, 4, shuffle=True, seed=1)
    np.testing.assert_array_equal(epoch(again), first)  # same seed, same order
    plain = kt.ArrayBatches(x, y, 4)
    plain.on_epoch_end()
    np.testing.assert_array_equal(
        epoch(plain), np.arange(10)
    )  # no shuffle: the arrays' order


def test_array_batches_feed_fit_and_predict_like_arrays_do():
    rng = np.random.default_rng(0)
    x = rng.random((40, 32, 32, 1), dtype=np.float32)
    y = rng.integers(0, 10, 40).astype(np.uint8)
    keras.utils.set_random_seed(0)
    model = kt.mnist_demo_model()
    history = model.fit(kt.ArrayBatches(x, y, 16, shuffle=True), epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2
    np.testing.assert_allclose(
        model.predict(kt.ArrayBatches(x, y, 16), verbose=0),
        model.predict(x, verbose=0),
        rtol=1e-5,
    )


def test_array_batches_name_what_is_wrong():
    with pytest.raises(
        ValueError, match=r"same number of samples.*\(3, 2\) and \(4,\)"
    ):
        kt.ArrayBatches(np.zeros((3, 2)), np.zeros(4), 2)
    with pytest.raises(
        ValueError, match="ArrayBatches: batch_size must be a positive int; got 0"
    ):
        kt.ArrayBatches(np.zeros((3, 2)), np.zeros(3), 0)
    with pytest.raises(IndexError, match=r"batch index 2 out of range 0\.\.1"):
        kt.ArrayBatches(np.zeros((3, 2)), np.zeros(3), 2)[2]
