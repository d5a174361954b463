"""Notebook 16's Keras models: parameter counts against the library's, independent
branches."""

import numpy as np
import pytest

pytest.importorskip("keras")

from deepstep import sequences  # noqa: E402
from deepstep.keras_tools import keras  # noqa: E402
from deepstep.keras_tools import recurrent as kr  # noqa: E402
from deepstep.nn.layers.recurrent import recurrent_param_count  # noqa: E402


@pytest.mark.parametrize("kind", kr.KINDS)
def test_sequence_classifier_counts_the_recurrent_weights_as_the_library_does(kind):
    model = kr.sequence_classifier(kind, units=5, steps=7, features=3)
    layer = model.get_layer("recurrent")
    assert layer.count_params() == recurrent_param_count(kind, 5, 3)
    assert model.count_params() == recurrent_param_count(kind, 5, 3) + 5 + 1
    assert model.output_shape == (None, 1)


def test_sequence_classifier_rejects_an_unknown_kind():
    with pytest.raises(ValueError, match="kind"):
        kr.sequence_classifier("Transformer", 4, 5, 1)


def test_family_model_holds_three_separate_branches_with_the_library_counts():
    model = kr.family_model(units=4, steps=6, features=1)
    for kind in kr.KINDS:
        assert model.get_layer(f"rnn_{kind}").count_params() == recurrent_param_count(
            kind, 4, 1
        )
    total = sum(recurrent_param_count(k, 4, 1) + 4 + 1 for k in kr.KINDS)
    assert model.count_params() == total


def test_family_model_learns_a_short_memory_task():
    keras.utils.set_random_seed(0)
    x, y = sequences.memory_task(256, 2, np.random.default_rng(0))
    model = kr.family_model(units=8, steps=3, features=1)
    model.fit(x, {k: y for k in kr.KINDS}, epochs=15, batch_size=32, verbose=0)
    p = model.predict(x, verbose=0)
    for kind in kr.KINDS:
        assert np.mean((p[kind][:, 0] > 0.5) == y) > 0.9, kind


def test_next_frame_model_maps_clips_to_one_frame_of_probabilities():
    model = kr.next_frame_model(size=6, filters=2)
    clips = sequences.moving_dot(3, 4, 6, np.random.default_rng(0))
    out = model.predict(clips, verbose=0)
    assert out.shape == (3, 6, 6, 1) and ((out > 0) & (out < 1)).all()


@pytest.mark.parametrize("reset_after", [True, False])
def test_gru_params_exercise_reference_equals_keras_for_both_variants(reset_after):
    from deepstep.exercises.recurrent_family import _gru_params_reference

    layer = keras.layers.GRU(5, reset_after=reset_after)
    layer.build((None, 4, 2))
    assert layer.count_params() == _gru_params_reference(5, 2, reset_after)
