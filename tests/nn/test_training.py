"""Sequential's Keras-like API: compile, fit, History, evaluate, predict, summary,
errors."""

import numpy as np
import pytest

from deepstep.data import logic_gate
from deepstep.nn import Sequential, gradcheck, initializers, metrics, optimizers
from deepstep.nn.layers import Activation, Dense, Input, ReLU


def xor_model(seed=1):
    initializers.set_random_seed(seed)
    model = Sequential(
        [Input((2,)), Dense(4, activation="tanh"), Dense(1, activation="sigmoid")]
    )
    model.compile(
        optimizer=optimizers.SGD(0.5, momentum=0.9),
        loss="binary_crossentropy",
        metrics=["accuracy"],
    )
    return model


def test_fit_learns_xor_and_history_looks_like_keras():
    X, y = logic_gate("xor")
    model = xor_model()
    history = model.fit(X, y.reshape(-1, 1), epochs=300, batch_size=4, verbose=0)
    assert set(history.history) == {"loss", "accuracy"}
    assert history.epoch == list(range(300))
    assert history.history["loss"][-1] < history.history["loss"][0] / 10
    assert history.history["accuracy"][-1] == 1.0
    np.testing.assert_array_equal(model.predict(X).round().ravel(), y)


def test_fit_is_reproducible_with_the_same_seeds():
    X, y = logic_gate("xor")
    runs = []
    for _ in range(2):
        model = xor_model(seed=7)
        runs.append(
            model.fit(
                X, y.reshape(-1, 1), epochs=20, batch_size=2, seed=3, verbose=0
            ).history["loss"]
        )
    assert runs[0] == runs[1]


def test_validation_metrics_are_prefixed_and_evaluate_matches():
    X, y = logic_gate("or")
    y = y.reshape(-1, 1)
    model = xor_model()
    history = model.fit(X, y, epochs=2, validation_data=(X, y), verbose=0)
    assert set(history.history) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    loss, acc = model.evaluate(X, y)
    assert history.history["val_loss"][-1] == pytest.approx(loss)
    assert model.evaluate(X, y, return_dict=True) == {"loss": loss, "accuracy": acc}


def test_full_batch_epoch_equals_one_train_step():
    X, y = logic_gate("and")
    y = y.reshape(-1, 1)
    a, b = xor_model(seed=2), xor_model(seed=2)
    a.fit(X, y, epochs=1, batch_size=4, shuffle=False, verbose=0)
    b.train_step(X, y)
    for wa, wb in zip(a.get_weights(), b.get_weights(), strict=True):
        np.testing.assert_array_equal(wa, wb)


def test_verbose_two_prints_one_line_per_epoch(capsys):
    X, y = logic_gate("and")
    xor_model().fit(X, y.reshape(-1, 1), epochs=2, verbose=2)
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(" - ")[0] for line in lines] == ["Epoch 1/2", "Epoch 2/2"]
    assert "accuracy: " in lines[0]


def test_progress_bar_reports_epoch_and_loss(capsys):
    X, y = logic_gate("and")
    xor_model().fit(X, y.reshape(-1, 1), epochs=1, batch_size=2, verbose=1)
    out = capsys.readouterr().out
    assert "Epoch 1/1" in out and "2/2" in out and "loss: " in out


def test_whole_model_gradient_check_in_float64():
    initializers.set_random_seed(0)
    model = Sequential([Input((3,)), Dense(4), ReLU(), Dense(3), Activation("softmax")])
    model.compile(loss="categorical_crossentropy")
    x = np.random.default_rng(0).normal(size=(5, 3))
    y = np.eye(3)[[0, 1, 2, 1, 0]]
    errors = gradcheck.check_model(model, x, y)
    assert max(errors.values()) < 1e-7, errors
    assert (
        len(errors) == 5
    )  # x and four weights (layer names depend on how many were made before)


@pytest.mark.parametrize("softmax_inside_dense", [True, False])
def test_softmax_and_crossentropy_are_differentiated_together_exactly(
    softmax_inside_dense,
):
    def model():
        initializers.set_random_seed(4)
        head = (
            [Dense(3, activation="softmax")]
            if softmax_inside_dense
            else [Dense(3), Activation("softmax")]
        )
        m = Sequential([Input((2,)), Dense(4, activation="tanh"), *head])
        m.compile(loss="categorical_crossentropy")
        return m

    x = np.random.default_rng(1).normal(size=(6, 2))
    y = np.eye(3)[[0, 1, 2, 2, 1, 0]]
    fused, plain = model(), model()
    fused.backward_loss(y, fused.predict(x))
    plain.backward(
        plain.loss.gradient(y, plain.predict(x))
    )  # through the softmax Jacobian
    for a, b in zip(fused.gradients, plain.gradients, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-13)


def test_summary_has_keras_columns_and_totals(capsys):
    model = Sequential(
        [Input((20,)), Dense(64, activation="relu"), Dense(10, activation="softmax")]
    )
    model.summary()
    out = capsys.readouterr().out
    assert "Layer (type)" in out and "Output Shape" in out and "Param #" in out
    assert "(None, 64)" in out and "1,344" in out and "650" in out
    assert "Total params: 1,994" in out


def test_model_built_from_data_without_input():
    model = Sequential([Dense(2), Dense(1)])
    out = model.predict(np.ones((3, 5)))
    assert out.shape == (3, 1) and model.count_params() == 12 + 3


def test_accuracy_metric_follows_keras_rules():
    binary = metrics.get("accuracy", None)
    assert binary(np.array([[1.0], [0.0]]), np.array([[0.7], [0.6]])) == 0.5
    categorical = metrics.get("accuracy", None)
    assert categorical(
        np.eye(3), np.array([[0.9, 0.05, 0.05], [0.1, 0.2, 0.7], [0.0, 0.0, 1.0]])
    ) == pytest.approx(2 / 3)
    with pytest.raises(ValueError, match="unknown metric 'f1'"):
        metrics.get("f1")


@pytest.mark.parametrize(
    "call, error, message",
    [
        (
            lambda m, X, y: m.fit(X, y[:3], verbose=0),
            ValueError,
            r"same number of samples.*\(4, 2\).*\(3, 1\)",
        ),
        (
            lambda m, X, y: m.fit(X, y.ravel(), verbose=0),
            ValueError,
            r"targets y have shape \(4,\).*reshape",
        ),
        (
            lambda m, X, y: m.fit(X, y, epochs=0),
            ValueError,
            "epochs must be a positive int",
        ),
        (
            lambda m, X, y: m.fit(X, y, verbose=3),
            ValueError,
            "verbose must be 0, 1 or 2",
        ),
        (
            lambda m, X, y: m.predict(np.ones((4, 3))),
            ValueError,
            r"expected input of shape \(batch, 2\)",
        ),
        (
            lambda m, X, y: m.set_weights([np.ones(1)]),
            ValueError,
            "expected 4 arrays; got 1",
        ),
        (
            lambda m, X, y: m.compile(loss="crossentropy"),
            ValueError,
            "unknown loss 'crossentropy'",
        ),
    ],
)
def test_bad_input_is_named(call, error, message):
    X, y = logic_gate("xor")
    with pytest.raises(error, match=message):
        call(xor_model(), X, y.reshape(-1, 1))


def test_fit_before_compile_explains():
    model = Sequential([Input((2,)), Dense(1)])
    with pytest.raises(RuntimeError, match=r"compile\(optimizer, loss\)"):
        model.fit(np.ones((2, 2)), np.ones((2, 1)), verbose=0)


def test_weights_round_trip_through_a_model_with_batch_normalization(capsys):
    from deepstep.nn.layers import BatchNormalization

    model = Sequential([Input((3,)), Dense(4), BatchNormalization(), Dense(2)])
    weights = model.get_weights()
    assert len(weights) == 2 + 4 + 2  # BN: gamma, beta, moving mean, moving variance
    model.set_weights([w + 1 for w in weights])
    for before, after in zip(weights, model.get_weights(), strict=True):
        np.testing.assert_array_equal(after, before + 1)
    model.summary()
    out = capsys.readouterr().out
    assert "Trainable params: 34" in out and "Non-trainable params: 8" in out
