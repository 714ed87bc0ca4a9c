"""Your own training loop: the Recorder fed by an independent numpy loop, saved, loaded and
filmed; every wrong record a clear UsageError; a file that is not a recording, one line."""

import json
import math
import re
import zipfile

import numpy as np
import pytest
from command import refused_in_process
from media import decode

import nnviz
from nnviz.checks import UsageError
from nnviz.cli import main
from nnviz.recorder import next_open_step
from nnviz.recording_file import recording_subject


def numpy_loop(steps=60, seed=0, recorder=None, every=None):
    """A plain full-batch numpy loop, 2-8-1 tanh/sigmoid on the signs of x1·x2: the kind of
    code a reader writes, with no nnviz in it but the recorder's two calls."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(200, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(float)
    W1, b1 = rng.normal(0, 0.8, (2, 8)), np.zeros(8)
    W2, b2 = rng.normal(0, 0.8, (8, 1)), np.zeros(1)
    kept = []
    for step in range(1, steps + 1):
        h = np.tanh(X @ W1 + b1)
        p = 1 / (1 + np.exp(-(h @ W2 + b2)))
        d2 = (p - y[:, None]) / len(X)
        d1 = (d2 @ W2.T) * (1 - h**2)
        W2 -= 1.0 * h.T @ d2
        b2 -= 1.0 * d2.sum(0)
        W1 -= 1.0 * X.T @ d1
        b1 -= 1.0 * d1.sum(0)
        if recorder is not None and recorder.wants(step):
            k = step % len(X)
            hk = np.tanh(X[k] @ W1 + b1)
            pk = 1 / (1 + np.exp(-(hk @ W2 + b2)))
            loss = float(np.mean((p[:, 0] - y) ** 2))
            recorder.record(step, weights=[W1, W2], biases=[b1, b2], activations=[X[k], hk, pk],
                            inputs=X[k], target=y[k : k + 1], output=pk, loss=loss,
                            accuracy=float(np.mean((p[:, 0] > 0.5) == y)))
            kept.append((step, W1.copy(), pk.copy()))
    return kept


def test_the_recorder_keeps_immutable_copies_of_what_the_loop_had():
    rec = nnviz.Recorder(steps=60, shown=10)
    kept = numpy_loop(60, recorder=rec)
    run = rec.recording
    assert [s.step for s in run.snapshots] == [step for step, _, _ in kept] and len(kept) == 10
    for snap, (_, W1, pk) in zip(run.snapshots, kept):
        np.testing.assert_array_equal(snap.network.W[0], W1)  # a copy, not the loop's array
        np.testing.assert_array_equal(snap.output, pk)
        assert not snap.network.W[0].flags.writeable
    assert run.setup.sizes == (2, 8, 1) and run.setup.story == "steps"
    assert run.setup.hidden == "tanh"  # told apart by the recorded values in -1..1
    assert len(run.history) == 10 and run.history.accuracy[-1] > 0.5


def test_wants_follows_the_diminishing_returns_schedule():
    from nnviz.schedule import shown_cycles

    rec = nnviz.Recorder(steps=1000, shown=12)
    assert [s for s in range(1, 1001) if rec.wants(s)] == shown_cycles(12, 1000)
    given = nnviz.Recorder(at=[5, 1, 5, 30])
    assert [s for s in range(0, 50) if given.wants(s)] == [0, 1, 5, 30]  # step 0: before training
    endless = nnviz.Recorder()
    wanted = [s for s in range(1, 200) if endless.wants(s)]
    assert wanted[:10] == [1, 2, 3, 4, 5, 6, 8, 10, 12, 15]
    assert all(b == next_open_step(a) for a, b in zip(wanted, wanted[1:]))
    sparse = nnviz.Recorder()  # a loop that asks only now and then still gets shots
    assert [s for s in (1, 50, 51, 500) if sparse.wants(s)] == [1, 50, 500]


@pytest.mark.parametrize("step", [0.0, False, 2.0, -1])
def test_a_step_that_is_no_whole_number_is_refused_as_step_0_would_be_taken(step):
    with pytest.raises(UsageError, match="step must be a whole number from 0 to"):
        nnviz.Recorder().wants(step)


@pytest.mark.parametrize("options", [{}, {"steps": 200}, {"at": [0, 3, 40]}])
def test_a_step_asked_twice_gets_the_same_answer(options):
    """A loop asking before it evaluates and again before it records: the open schedule had
    said yes, then no, to the same step, and only step 0 was recorded."""
    once, twice = nnviz.Recorder(**options), nnviz.Recorder(**options)
    answers = [(twice.wants(step), twice.wants(step)) for step in range(200)]
    assert all(first == second for first, second in answers)
    assert [first for first, _ in answers] == [once.wants(step) for step in range(200)]
    assert sum(first for first, _ in answers) >= 3


@pytest.mark.parametrize("names", [("relu", "softmax"), ("ReLU", "Softmax")])  # as PyTorch spells them
def test_activations_are_computed_when_the_functions_are_named(names):
    rng = np.random.default_rng(1)
    W = [rng.normal(size=(3, 4)), rng.normal(size=(4, 2))]
    b = [rng.normal(size=4), rng.normal(size=2)]
    x = rng.normal(size=3)
    rec = nnviz.Recorder(hidden=names[0], output=names[1], classes=["a", "b"])
    rec.record(1, weights=W, biases=b, inputs=x)
    snap = rec.recording.snapshots[0]
    h = np.maximum(x @ W[0] + b[0], 0)  # computed here independently
    z = h @ W[1] + b[1]
    np.testing.assert_allclose(snap.activations[1], h)
    np.testing.assert_allclose(snap.output, np.exp(z) / np.exp(z).sum())


class _TensorWithGradient:
    """What numpy makes of PyTorch's tensor that requires grad: an object, not a number."""

    def item(self) -> float:
        return 0.5

    def __repr__(self) -> str:
        return "tensor(0.5)"


BAD_RECORDS = {
    "a weight matrix changes shape": (lambda r: r.record(2, weights=[np.zeros((2, 5)), np.zeros((5, 1))]),
                                      "weights[0] has shape (2, 5)"),
    "matrices that do not chain (PyTorch's orientation)": (
        lambda r: r.record(2, weights=[np.zeros((8, 2)), np.zeros((8, 1))]), "nn.Linear.weight.T"),
    "NaN in a weight": (lambda r: r.record(2, weights=[np.full((2, 8), np.nan), np.zeros((8, 1))]),
                        "NaN or infinity"),
    "an activation of the wrong size": (
        lambda r: r.record(2, weights=[np.zeros((2, 8)), np.zeros((8, 1))],
                           activations=[np.zeros(2), np.zeros(7), np.zeros(1)]), "activations[1]"),
    "a step that goes backwards": (lambda r: r.record(0, weights=[np.zeros((2, 8)), np.zeros((8, 1))]),
                                   "step 0 comes after step 1: steps must increase"),
    "a step recorded twice": (lambda r: r.record(1, weights=[np.zeros((2, 8)), np.zeros((8, 1))]),
                              "step 1 was recorded already"),
    "an infinite loss": (lambda r: r.record(2, weights=[np.zeros((2, 8)), np.zeros((8, 1))], loss=np.inf),
                         "loss"),
    "inputs of the wrong size": (lambda r: r.record(2, weights=[np.zeros((2, 8)), np.zeros((8, 1))],
                                                    inputs=np.zeros(3)), "inputs must have shape (2,)"),
    "biases of the wrong size": (lambda r: r.record(2, weights=[np.zeros((2, 8)), np.zeros((8, 1))],
                                                    biases=[np.zeros(8), np.zeros(2)]), "biases[1]"),
    "a layer of no neurons": (lambda r: r.record(2, weights=[np.zeros((2, 0)), np.zeros((0, 1))]),
                              "at least one neuron"),
    "complex weights": (lambda r: r.record(2, weights=[np.zeros((2, 8), complex), np.zeros((8, 1))]),
                        "complex numbers"),
    "a step beyond 64 bits": (lambda r: r.record(2**63 + 1, weights=[np.zeros((2, 8)), np.zeros((8, 1))]),
                              "from 0 to 10¹⁵"),
    "an accuracy of 150": (lambda r: r.record(2, weights=[np.zeros((2, 8)), np.zeros((8, 1))], accuracy=150),
                           "accuracy is the share of examples right, from 0 to 1, not 150"),
    "a negative test accuracy": (lambda r: r.log(2, test_accuracy=-3), "from 0 to 1, not -3"),
    "a loss that is a tensor needing its gradient": (
        lambda r: r.log(2, loss=_TensorWithGradient()),
        "loss must be a number, not tensor(0.5); pass loss.item()"),
    "an example that is not a number": (lambda r: r.record(2, weights=[np.zeros((2, 8)), np.zeros((8, 1))],
                                                           example="x"), "example must be a whole number"),
    "an example of no data": (lambda r: r.record(2, weights=[np.zeros((2, 8)), np.zeros((8, 1))], example=3),
                              "example=3 names a row of the data, and the Recorder has no data: give "
                              "Recorder(data=(X, y)), or the example's inputs="),
    "dropped neurons without the chance of dropping": (
        lambda r: r.record(2, weights=[np.zeros((2, 8)), np.zeros((8, 1))], dropped=[np.zeros(8)]),
        "dropped= needs the chance of dropping a neuron: give the Recorder dropout=p"),
}


@pytest.mark.parametrize("bad, said", BAD_RECORDS.values(), ids=BAD_RECORDS.keys())
def test_a_wrong_record_is_a_clear_usage_error(bad, said):
    rec = nnviz.Recorder()
    rec.record(1, weights=[np.zeros((2, 8)), np.zeros((8, 1))])
    with pytest.raises(UsageError) as raised:
        bad(rec)
    message = str(raised.value)
    assert said in message and "\n" not in message
    assert len(rec.recording.snapshots) == 1  # nothing half-recorded


SQUARE = [np.ones((3, 5)), np.ones((5, 3))]  # as wide at both ends: transposed, they still chain


@pytest.mark.parametrize("record, said", [
    (lambda r: r.record(1, weights=[w.T for w in SQUARE], biases=[np.zeros(5), np.zeros(3)]),
     "biases[0] must have shape (3,), not (5,): weights[0] is (5, 3) (transposed?"),
    (lambda r: r.record(1, weights=SQUARE, biases=[np.zeros(3)]), "biases has 1 arrays for 2 layers"),
])
def test_biases_that_misfit_say_why(record, said):
    """A missing first bias had been said to be the wrong shape; transposed weights of a
    network as wide at both ends were blamed on the biases, without the hint."""
    with pytest.raises(UsageError) as raised:
        record(nnviz.Recorder())
    assert said in str(raised.value)


def test_data_that_fits_transposed_weights_says_they_may_be():
    rec = nnviz.Recorder(data=(np.zeros((6, 5)), np.arange(6) % 3))
    with pytest.raises(UsageError, match=re.escape("the data has 5 inputs and the network 3 (transposed?")):
        rec.record(1, weights=SQUARE)


def test_no_transposed_hint_where_transposed_matrices_could_not_chain():
    """(2, 4), (4, 1) with 4-column data had been told "transposed?", and doing so failed."""
    W = [np.ones((2, 4)), np.ones((4, 1))]
    with pytest.raises(UsageError) as raised:
        nnviz.Recorder(data=(np.zeros((6, 4)), np.arange(6) % 2)).record(1, weights=W)
    said = str(raised.value)
    assert "the data has 4 inputs and the network 2" in said and "transposed" not in said
    with pytest.raises(UsageError) as raised:
        nnviz.Recorder().record(1, weights=W, biases=[np.zeros(2), np.zeros(1)])
    said = str(raised.value)
    assert "biases[0] must have shape (4,)" in said and "transposed" not in said


def test_a_single_number_is_the_output_of_a_network_of_one():
    """scikit-learn's predict_proba(x)[0, 1] is a number; a target of one already was."""
    rec = nnviz.Recorder(output="binary")
    rec.record(1, weights=[np.ones((2, 3)), np.ones((3, 1))], inputs=[0, 1], output=np.float64(0.53),
               target=1)
    assert rec.recording.snapshots[0].output.tolist() == [0.53]


@pytest.mark.parametrize("outputs", ["binary", "squared", "softmax"])
@pytest.mark.parametrize("row, said", [
    ([1, 1, 0], "target names 2 classes at once (outputs 0, 1)"),
    ([0, 0, 0], "target [0, 0, 0] names no class"),
    ([0.4, 0.2, 0.4], "target names 2 classes at once (outputs 0, 2)"),
])
def test_a_target_of_several_classes_or_none_is_refused(outputs, row, said):
    """The picture names one class per example and judges the answer by it: a multi-label
    row had been drawn as its first class, and right answers called wrong."""
    W = [np.ones((2, 4)), np.ones((4, 3))]
    rec = nnviz.Recorder(hidden="tanh", output=outputs)
    with pytest.raises(UsageError) as raised:
        rec.record(1, weights=W, inputs=[0, 1], target=row)
    assert said in str(raised.value) and "multi-label" in str(raised.value)
    rec.record(1, weights=W, inputs=[0, 1], target=[0.1, 0.8, 0.1])  # one class, softly
    assert rec.recording.snapshots[0].target.tolist() == [0.1, 0.8, 0.1]


@pytest.mark.parametrize("where", ["data", "test"])
def test_data_of_several_classes_per_row_is_refused_at_the_first_record(where):
    X = np.zeros((6, 2))
    one_hot = np.eye(3)[np.arange(6) % 3]
    several = one_hot.copy()
    several[4] = [0, 1, 1]
    given = {"data": (X, several if where == "data" else one_hot), "test": (X, several if where == "test" else
                                                                           one_hot)}
    rec = nnviz.Recorder(hidden="tanh", output="binary", **given)
    with pytest.raises(UsageError, match=re.escape(f"the {where}'s target (row 4) names 2 classes at once "
                                                   "(outputs 1, 2)")):
        rec.record(1, weights=[np.ones((2, 4)), np.ones((4, 3))], example=0)


def test_hidden_layers_are_computed_where_only_hidden_is_named():
    """A regressor's loop (its output no probability) can still show its hidden layers: they
    had been left blank without output= named."""
    rng = np.random.default_rng(1)
    W = [rng.normal(size=(2, 4)), rng.normal(size=(4, 1))]
    b = [rng.normal(size=4), rng.normal(size=1)]
    rec = nnviz.Recorder(hidden="relu")
    rec.record(1, weights=W, biases=b, inputs=[0.5, -2.0])
    snapshot = rec.recording.snapshots[0]
    np.testing.assert_allclose(snapshot.activations[1], np.maximum(0, np.array([0.5, -2.0]) @ W[0] + b[0]))
    assert np.isnan(snapshot.activations[2]).all() and np.isnan(snapshot.output).all()


def test_a_network_without_hidden_layers_has_its_outputs_computed_with_output_alone():
    """A softmax regression (784→10) names no hidden activation, having none: its outputs,
    bars and answers had been left blank, and its test examples out, for want of hidden=."""
    rng = np.random.default_rng(2)
    X, y = rng.random((30, 6)), np.arange(30) % 3
    W, b = rng.normal(size=(6, 3)), rng.normal(size=3)
    rec = nnviz.Recorder(output="softmax", classes=["a", "b", "c"], data=(X, y), test=(X[:9], y[:9]))
    rec.record(1, weights=[W], biases=[b], example=4)
    recording = rec.recording
    z = X[4] @ W + b
    np.testing.assert_allclose(recording.snapshots[0].output, np.exp(z) / np.exp(z).sum())
    assert recording.setup.closing_tests


def test_a_recording_survives_saving_and_loading(tmp_path):
    rec = nnviz.Recorder(steps=40, shown=8, hidden="tanh", output="binary", classes=["differ", "agree"],
                         data=(np.zeros((4, 2)), np.array([0, 1, 0, 1])))
    numpy_loop(40, recorder=rec)
    path = rec.save(tmp_path / "run.npz")
    back = nnviz.load(path)
    original = rec.recording
    same = {**original.setup.__dict__, "dataset": back.setup.dataset}
    assert back.setup == original.setup.__class__(**same)
    for a, b in zip(original.snapshots, back.snapshots):
        assert (a.step, a.example, a.metrics) == (b.step, b.example, b.metrics)
        for x, y in zip(a.network.W + a.network.b + a.activations, b.network.W + b.network.b + b.activations):
            np.testing.assert_array_equal(x, y)
    np.testing.assert_array_equal(back.history.accuracy, original.history.accuracy)
    with zipfile.ZipFile(path) as archive:  # the documented format, readable without nnviz
        names = set(archive.namelist())
    assert {"format.npy", "version.npy", "setup.npy", "W0.npy", "a2.npy", "history.npy"} <= names
    with np.load(path) as raw:
        assert str(raw["format"]) == "nnviz-recording" and int(raw["version"]) == 1
        assert json.loads(str(raw["setup"]))["sizes"] == [2, 8, 1]


def _npz(path, **arrays):
    np.savez(path, **arrays)
    return path


BAD_FILES = {
    "not a zip": lambda p: p.write_bytes(b"hello, not a recording") or p,
    "an empty file": lambda p: p.write_bytes(b"") or p,
    "an npz of something else": lambda p: _npz(p, x=np.zeros(3)),
    "a newer version": lambda p: _npz(p, format=np.array("nnviz-recording"), version=np.array(99)),
    "a recording cut short": lambda p: _npz(p, format=np.array("nnviz-recording"), version=np.array(1),
                                            setup=np.array(json.dumps({"sizes": [2, 1]}))),
}


def _saved_and_changed(path, change):
    """A real recording, saved, with ``change`` made to its arrays."""
    rec = nnviz.Recorder(steps=40, shown=8, hidden="tanh", output="binary", classes=["differ", "agree"],
                         data=(np.random.default_rng(0).random((8, 2)), np.array([0, 1] * 4)))
    numpy_loop(40, recorder=rec)
    rec.save(path)
    with np.load(path) as saved:
        arrays = dict(saved)
    change(arrays)
    np.savez(path, **arrays)
    return path


def _setup_edited(old: str, new: str):
    """A maker of a real recording whose setup JSON has ``old`` replaced by ``new``."""
    def edit(arrays):
        assert old in str(arrays["setup"]), old  # an edit that changes nothing tests nothing
        arrays.update(setup=np.array(str(arrays["setup"]).replace(old, new)))

    return lambda path: _saved_and_changed(path, edit)


def _claiming_a_huge_array(path):
    """A recording with one more member whose header claims a million by a million floats."""
    _saved_and_changed(path, lambda arrays: None)
    header = "{'descr': '<f8', 'fortran_order': False, 'shape': (1000000, 1000000), }"
    header = header.ljust(117) + "\n"
    with zipfile.ZipFile(path, "a") as archive:
        magic = b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little")
        archive.writestr("dropped9.npy", magic + header.encode())  # a name recordings use
    return path


BAD_FILES |= {
    "activations of the wrong shape": lambda p: _saved_and_changed(
        p, lambda a: a.update(a0=np.zeros((len(a["a0"]), 7)))),  # a row per step, but 7 inputs
    "data inputs of NaN": lambda p: _saved_and_changed(
        p, lambda a: a.update(data_inputs=np.full_like(a["data_inputs"], np.nan))),
    "a header claiming 7 TiB": _claiming_a_huge_array,
    "one class name for two classes": _setup_edited('"classes": ["differ", "agree"]',
                                                    '"classes": ["differ"]'),
    "an activation of NaN": lambda p: _saved_and_changed(  # a whole layer of NaN: not known
        p, lambda a: a.update(a1=np.where(np.indices(a["a1"].shape).sum(axis=0) == 0, np.nan, a["a1"]))),
    "an activation of infinity": lambda p: _saved_and_changed(
        p, lambda a: a.update(a2=np.full_like(a["a2"], np.inf))),
    "an example the data does not have": lambda p: _saved_and_changed(
        p, lambda a: a.update(example=np.full_like(a["example"], 10**9))),
    "a run shorter than its steps": _setup_edited('"steps": 40', '"steps": -5'),
    "a plane that is not two pairs": _setup_edited('"domain": null', '"domain": "x"'),
    "outputs that are not probabilities": lambda p: _saved_and_changed(
        p, lambda a: a.update(output=a["output"] * 5 + 1)),  # "It says 0 (189% sure)"
    "steps that do not increase": lambda p: _saved_and_changed(
        p, lambda a: a.update(step=np.zeros_like(a["step"]))),
    "inputs of infinity": lambda p: _saved_and_changed(
        p, lambda a: a.update(inputs=np.full_like(a["inputs"], np.inf))),
    "an accuracy of 50": lambda p: _saved_and_changed(
        p, lambda a: a.update(metrics=np.where(np.arange(4) == 1, 50.0, a["metrics"]))),
    "a class name of a control character": _setup_edited('"differ"', '"\\u0000"'),
    "a history step of infinity": lambda p: _saved_and_changed(
        p, lambda a: a.update(history=np.where(np.arange(a["history"].size).reshape(a["history"].shape) == 0,
                                               np.inf, a["history"]))),
    "a history step of 1e300": lambda p: _saved_and_changed(
        p, lambda a: a.update(history=np.where(np.arange(a["history"].size).reshape(a["history"].shape) == 0,
                                               1e300, a["history"]))),
    "data that is a word": _setup_edited('"data": {', '"data": "oops", "was": {'),
    "steps of 1e400": _setup_edited('"steps": 40', '"steps": 1e400'),
    "steps of 10**400": _setup_edited('"steps": 40', f'"steps": {10**400}'),
    "weights as text": lambda p: _saved_and_changed(p, lambda a: a.update(W0=a["W0"].astype(str))),
    "complex weights": lambda p: _saved_and_changed(p, lambda a: a.update(W0=a["W0"] + 1j)),
    "a dropout of 5": _setup_edited('"dropout": 0.0', '"dropout": 5'),
    "a dropout of NaN": _setup_edited('"dropout": 0.0', '"dropout": NaN'),
    "a learning rate that is a word": _setup_edited('"learning_rate": null', '"learning_rate": "fast"'),
    "a batch of -5": _setup_edited('"batch": 1', '"batch": -5'),
    "an unsure of true": _setup_edited('"unsure": null', '"unsure": true'),
    "input names that are not the inputs": _setup_edited('"input_names": null', '"input_names": ["x1"]'),
    "a plane of 1e308 a side": _setup_edited('"domain": null', '"domain": [[-1e308, 1e308], [0, 1]]'),
    "pictures of -1x-2 pixels": _setup_edited('"image_shape": null', '"image_shape": [-1, -2]'),
    "pictures of true x 2 pixels": _setup_edited('"image_shape": null', '"image_shape": [true, 2]'),
    "outputs of three dimensions": lambda p: _saved_and_changed(
        p, lambda a: a.update(output=a["output"].reshape(-1, 1, 1))),
    "dropped neurons of the wrong shape": lambda p: _saved_and_changed(
        p, lambda a: a.update(dropped1=np.zeros((len(a["step"]), 8, 1), bool))),
    "history accuracies of 5": lambda p: _saved_and_changed(
        p, lambda a: a.update(history=np.where(np.arange(5) == 2, 5.0, a["history"]))),
    "history steps going backwards": lambda p: _saved_and_changed(
        p, lambda a: a.update(history=a["history"][::-1].copy())),
    "a step name with a line break": _setup_edited('"step_name": "step"', '"step_name": "line\\nbreak"'),
    "a step of minus infinity": lambda p: _saved_and_changed(
        p, lambda a: a.update(step=np.where(np.arange(len(a["step"])) == 0, -np.inf, a["step"]))),
    "a layer of 2.5 neurons": _setup_edited('"sizes": [2, 8, 1]', '"sizes": [2.5, 8, 1]'),
    "a bias of no": _setup_edited('"bias": true', '"bias": "no"'),
    "a seed of 1.5": _setup_edited('"seed": 0', '"seed": 1.5'),
    "a kind of anything": _setup_edited('"kind": "points", "story"', '"kind": ["x"], "story"'),
    "a class named twice": _setup_edited('"classes": ["differ", "agree"], "title"',
                                         '"classes": ["agree", "agree"], "title"'),
    "a class named null": _setup_edited('"classes": ["differ", "agree"], "title"',
                                        '"classes": [null, "agree"], "title"'),
    "a setup nested 100,000 deep": _setup_edited('"title": ""', '"title": ' + "[" * 100_000 + "]" * 100_000),
    "steps of halves": lambda p: _saved_and_changed(p, lambda a: a.update(step=a["step"] + 0.5)),
    "an example of 1.5": lambda p: _saved_and_changed(p, lambda a: a.update(example=a["example"] + 1.5)),
    "a setup without its classes": _setup_edited('"classes": ["differ", "agree"], "title"', '"title"'),
    "a weight matrix short of a record": lambda p: _saved_and_changed(p, lambda a: a.update(W0=a["W0"][:-1])),
    "a step removed": lambda p: _saved_and_changed(p, lambda a: a.update(step=a["step"][:-1])),
    "an unknown activation": _setup_edited('"hidden": "tanh"', '"hidden": "gelu"'),
}


@pytest.mark.parametrize("name, said", [
    ("steps of halves", "its steps are not all whole numbers"),
    ("an example of 1.5", "its examples are not all whole numbers"),
    ("a setup without its classes", "its setup has no 'classes'"),
    # One row short had been "index 40 is out of bounds", or "examples not all whole numbers".
    ("a weight matrix short of a record", "its array 'W0' holds 7 records where 'step' holds 8"),
    ("a step removed", "its array 'example' holds 8 records where 'step' holds 7"),
    ("an unknown activation", "its hidden 'gelu' is none of 'sigmoid', 'tanh', 'relu'"),
])
def test_a_tampered_recording_is_refused_for_what_was_changed(tmp_path, capsys, monkeypatch, name, said):
    """Steps of 0.5, 1.5, … had been read as 0, 1, … and reported so; a key missing from
    the setup had been called a missing array."""
    BAD_FILES[name](tmp_path / "run.npz")
    line = refused_in_process(["render", "run.npz", "--out", "v.mp4"], tmp_path, capsys, monkeypatch)
    assert said in line


@pytest.mark.parametrize("make", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_a_file_that_is_not_a_recording_is_one_line(tmp_path, capsys, monkeypatch, make):
    make(tmp_path / "run.npz")
    line = refused_in_process(["render", "run.npz", "--out", "v.mp4"], tmp_path, capsys, monkeypatch)
    assert "run.npz" in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run.npz"]


def test_rendering_a_saved_recording_gives_the_video_made_directly(tmp_path):
    rec = nnviz.Recorder(steps=30, shown=5)
    numpy_loop(30, recorder=rec)
    options = dict(width=640, height=360, fps=5)
    direct = rec.video(tmp_path / "direct.mp4", **options)
    rec.save(tmp_path / "run.npz")
    assert main(["render", str(tmp_path / "run.npz"), "--out", str(tmp_path / "later.mp4"),
                 "--size", "640x360", "--fps", "5", "--quiet"]) == 0
    first, later = decode(tmp_path / "direct.mp4"), decode(tmp_path / "later.mp4")
    assert direct.frames == 5 * 6 and len(first) == len(later)  # 5 recorded steps and after training
    assert np.array_equal(first, later)


def test_a_recording_is_never_overwritten_by_its_own_video(tmp_path, capsys, monkeypatch):
    import shutil

    rec = nnviz.Recorder()
    numpy_loop(5, recorder=rec)
    shutil.copy(rec.save(tmp_path / "run.npz"), tmp_path / "run.mp4")  # a recording, oddly named
    before = (tmp_path / "run.mp4").read_bytes()
    line = refused_in_process(["render", "run.mp4", "--out", "run.mp4"], tmp_path, capsys, monkeypatch)
    assert "would overwrite the recording" in line
    assert (tmp_path / "run.mp4").read_bytes() == before


@pytest.mark.parametrize("make, said", [
    (BAD_FILES["a newer version"], "is a recording of version 99; this nnviz reads version 1"),
    (BAD_FILES["an npz of something else"], "is an .npz, but not a recording of nnviz's"),
])
def test_a_recording_refusal_says_its_reason_once(tmp_path, capsys, monkeypatch, make, said):
    """A reason that already says what to do is not wrapped in another ("not a complete
    recording (… version 2 …); save it again")."""
    make(tmp_path / "run.npz")
    line = refused_in_process(["render", "run.npz", "--out", "v.mp4"], tmp_path, capsys, monkeypatch)
    assert said in line and "not a complete recording" not in line and line.count("save(FILE)") <= 1


def test_the_same_file_as_two_inputs_is_read_not_overwritten(tmp_path, capsys, monkeypatch):
    """A table given as the music too is refused as music that is not audio, not as an
    output over an input (nothing is written to either)."""
    rows = "".join(f"{i},{i % 3},{'xy'[i % 2]}\n" for i in range(40))
    (tmp_path / "t.csv").write_text("a,b,label\n" + rows)
    line = refused_in_process(["custom", "--data", "t.csv", "--music", "t.csv", "--out", "v.mp4"],
                              tmp_path, capsys, monkeypatch)
    assert "would overwrite" not in line and "not audio" in line


@pytest.mark.parametrize("make, said", [
    *((lambda v=v: nnviz.Recorder(steps=v),
       rf"steps \(how many the loop runs\) must be a whole number from 1 to 10¹⁵, not {v}")
      for v in (0, -3, 2.5)),
    (lambda: nnviz.Recorder(unsure=True), "unsure must be a number from 0 to 1, not True"),
    (lambda: nnviz.Recorder(steps=10, shown=0), "shown must be a whole number from 1"),
    (lambda: nnviz.Recorder(classes=["a"]), "1 class name for 2 classes"),
    (lambda: nnviz.Recorder(data=(np.full((8, 2), np.nan), np.arange(8) % 2)), "NaN or infinity"),
    (lambda: nnviz.Recorder(data=(np.zeros((0, 2)), np.zeros(0))), "no examples"),
    (lambda: nnviz.Recorder(data=(np.zeros((8, 3)), np.arange(8) % 2)),
     "the data has 3 inputs and the network 2"),
])
def test_a_recorder_that_contradicts_itself_is_a_usage_error(tmp_path, make, said):
    """Found whole (names that do not fit the network, data it cannot take) before any file
    is written; these had escaped as ValueError, IndexError or ZeroDivisionError."""
    with pytest.raises(UsageError, match=said):
        rec = make()
        rec.record(1, weights=[np.zeros((2, 4)), np.zeros((4, 1))], biases=[np.zeros(4), np.zeros(1)])
        rec.video(tmp_path / "v.mp4", width=640, height=360)
    assert not list(tmp_path.iterdir())


def test_a_recorder_reads_lists_given_as_generators():
    rec = nnviz.Recorder()
    rec.record(1, weights=(w for w in [np.ones((2, 3)), np.ones((3, 1))]),
               biases=(b for b in [np.ones(3), np.ones(1)]),
               activations=(a for a in [np.ones(2), np.ones(3), np.ones(1)]))
    snap = rec.recording.snapshots[0]
    assert snap.network.b[0].tolist() == [1, 1, 1] and snap.activations[1].tolist() == [1, 1, 1]


def test_arrays_a_recording_does_not_hold_are_not_unpacked(tmp_path, capsys, monkeypatch):
    """A few megabytes of zeros can declare gigabytes: an extra member is not read at all (a
    recording with 4e8 zeros beside it once took 3.2 GB to render), and one that declares more
    values than any recording holds is refused from its header."""
    path = _saved_and_changed(tmp_path / "run.npz", lambda a: None)
    header = "{'descr': '<f8', 'fortran_order': False, 'shape': (1000000, 1000000), }".ljust(117) + "\n"
    member = b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header.encode()
    with zipfile.ZipFile(path, "a") as archive:  # declares a million by a million, holds nothing
        archive.writestr("extra.npy", member)
    assert len(nnviz.load(path).snapshots) == 8
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("a9.npy", member)
    line = refused_in_process(["render", "run.npz", "--out", "v.mp4"], tmp_path, capsys, monkeypatch)
    assert "declares 1,000,000,000," in line and "more than any recording" in line


def test_the_package_lists_its_public_names_and_each_is_there():
    listed = [name for name in dir(nnviz) if not name.startswith("__")]
    assert listed == sorted(name for name in nnviz.__all__ if not name.startswith("__"))
    assert "Recorder" in listed and "importlib" not in listed and "annotations" not in listed
    for name in listed:
        assert getattr(nnviz, name) is not None


def test_activations_the_recorder_cannot_know_are_left_blank_not_drawn_as_zeros(tmp_path):
    """No names, no activations: only the inputs are known. The hidden and output neurons
    have no number and no glow, the panel states no output, and a saved recording keeps it."""
    from nnviz.render import Renderer
    from nnviz.story import unfold

    rng = np.random.default_rng(1)
    rec = nnviz.Recorder()
    W1, W2 = rng.normal(size=(4, 6)), rng.normal(size=(6, 3))
    for step in range(1, 9):
        rec.record(step, weights=[W1 * step, W2], inputs=[0.5, -0.5, 1.0, 0.25], target=[0, 1, 0],
                   loss=1 / step)
    back = nnviz.load(rec.save(tmp_path / "run.npz"))
    snap = back.snapshots[3]
    assert np.all(np.isnan(snap.activations[1])) and np.all(np.isnan(snap.output))
    np.testing.assert_array_equal(snap.activations[0], [0.5, -0.5, 1.0, 0.25])
    from nnviz.recording_file import recording_subject

    source = recording_subject(back).begin(8)
    shot = next(s for s in unfold(source, 1) if s.snapshot is not None and s.snapshot.step == 4)
    with Renderer(back.setup, 960, 540) as renderer:
        frame = renderer.draw(shot).copy()
        values = [t.get_text().strip("\u2007") for t in renderer.diagram.values]  # figure spaces align
        said = renderer.caption(shot)
    assert values[:4] == ["0.50", "\u22120.50", "1.00", "0.25"] and values[4:] == [""] * 9
    assert "output" not in said.lines[1] and "target [0.00, 1.00, 0.00]" in said.lines[1]
    # No hidden neuron glows: each core is its unlit colour.
    layout = renderer.layout
    unlit = np.array([int(renderer.stage.theme.neuron_dark[i:i + 2], 16) for i in (1, 3, 5)])
    for x, y in layout.to_pixels(layout.centres[1]).round().astype(int):
        assert np.abs(frame[y, x, :3].astype(int) - unlit).max() < 12


def test_metrics_logged_after_the_last_recorded_weights_are_left_out():
    rec = nnviz.Recorder()
    W = [np.ones((2, 3)), np.ones((3, 1))]
    for step in (1, 2, 4):
        rec.record(step, weights=W, loss=1.0 / step)
    rec.log(5, loss=0.1)
    rec.log(9, loss=0.05)
    recording = rec.recording
    assert recording.history.steps[-1] == 4 and recording.history.loss[-1] == 0.25


def test_showing_fewer_recorded_steps_spreads_them_over_the_run_not_over_the_list():
    """A Recorder's steps are geometric already; a subset spread by position in the list
    bunched at the start (7 of 12 shots in the first 1 % of 600 steps)."""
    from nnviz.recording_file import picked

    rec = nnviz.Recorder(steps=600)
    W = [np.ones((2, 3)), np.ones((3, 1))]
    for step in range(0, 601):
        if rec.wants(step):
            rec.record(step, weights=W)
    recording = rec.recording
    shown = picked(recording, 12).steps
    assert len(shown) == 12 and shown[0] == recording.steps[0] and shown[-1] == 600
    assert sum(step <= 6 for step in shown) <= 4  # the first 1 % of the run
    assert sum(step > 60 for step in shown) >= 4  # the last 90 %: a decade on a log scale


@pytest.mark.parametrize("classes, y, said", [
    (["a", "b"], np.arange(50) % 5, "labels must be whole numbers from 0 to 1"),
    (["a", "b", "c"], np.arange(50) % 4, "classes .3.; they go from 0 to 3"),
    (["a", "b"], np.arange(50) % 2 + 0.5, "targets must be from 0 to 1"),
    (["a", "b", "c"], np.full(50, -1), "from 0 to 2"),
    (["a", "b"], np.where(np.arange(50) == 3, np.nan, np.arange(50) % 2), r"NaN or infinity \(row 3\)"),
    (["a", "b", "c"], np.where(np.arange(50) == 7, np.inf, np.arange(50) % 3), r"\(row 7\)"),
])
def test_data_whose_labels_name_no_class_is_a_usage_error(classes, y, said):
    X = np.zeros((50, 4))
    with pytest.raises(UsageError, match=said) as refused:
        nnviz.Recorder(classes=classes, data=(X, y))
    assert not str(refused.value).startswith("data must be")  # said once, not wrapped


@pytest.mark.parametrize("data, test, said", [
    ("signs", None, r"data's targets must be from 0 to 1 .*-1 to 1; for labels of -1 and 1 pass \(y \+ 1\)"),
    ("bits", "signs", "test's targets must be from 0 to 1"),
    ("fives", None, "data's targets must be from 0 to 1 .*from 0 to 5$"),
])
def test_targets_outside_0_to_1_are_refused_without_class_names_too(data, test, said):
    """Labels of -1 and 1 with one output and no class names had been drawn as classes 0 and 1."""
    X = np.random.default_rng(0).normal(size=(50, 2))
    targets = {"signs": np.where(X[:, 0] > 0, 1.0, -1.0), "bits": (X[:, 0] > 0) * 1.0,
               "fives": np.arange(50) % 6}
    network = dict(weights=[np.ones((2, 3)), np.ones((3, 1))], biases=[np.zeros(3), np.zeros(1)], example=0)
    rec = nnviz.Recorder(hidden="tanh", output="binary", data=(X, targets[data]),
                         test=None if test is None else (X, targets[test]))
    with pytest.raises(UsageError, match=said):
        rec.record(1, **network)
    bits = (X, targets["bits"])
    fine = nnviz.Recorder(hidden="tanh", output="binary", data=bits, test=bits)
    fine.record(1, **network)


def test_labels_of_more_than_two_classes_become_a_column_per_class():
    y = np.array([0, 2, 1, 2])
    rec = nnviz.Recorder(output="softmax", classes=["a", "b", "c"], data=(np.zeros((4, 2)), y),
                         test=(np.zeros((2, 2)), [1, 0]))
    np.testing.assert_array_equal(rec._data.targets, np.eye(3)[y])
    np.testing.assert_array_equal(rec._data.test_targets, np.eye(3)[[1, 0]])
    two = nnviz.Recorder(output="softmax", classes=["a", "b"], data=(np.zeros((4, 2)), [0, 1, 1, 0]))
    np.testing.assert_array_equal(two._data.targets, np.eye(2)[[0, 1, 1, 0]])  # a softmax's two outputs


@pytest.mark.parametrize("step_name", ["mini_batch", "Epoch", "época", "batch2"])
def test_a_recording_s_own_step_name_names_its_moments(tmp_path, capsys, monkeypatch, step_name):
    rec = nnviz.Recorder(step_name=step_name)
    for step in (1, 2, 3):
        rec.record(step, weights=[np.ones((2, 3)) * step, np.ones((3, 1))], loss=1 / step)
    rec.save(tmp_path / "run.npz")
    monkeypatch.chdir(tmp_path)
    assert main(["render", "run.npz", "--still", f"{step_name}:2", "--size", "640x360", "--out", "s.png",
                 "--quiet"]) == 0, capsys.readouterr().err
    assert (tmp_path / "s.png").exists()


def test_step_mode_of_a_recording_without_its_activations_is_one_line(tmp_path, capsys, monkeypatch):
    """Its passes need every layer's activations: said in words (it had ended in a traceback)."""
    rec = nnviz.Recorder()
    for step in (1, 2, 3):
        rec.record(step, weights=[np.ones((2, 3)) * step, np.ones((3, 1))], loss=1 / step)
    rec.save(tmp_path / "run.npz")
    for still in ([], ["--still", "step:2"]):
        out = "s.png" if still else "s.mp4"
        line = refused_in_process(["render", "run.npz", "--steps", *still, "--size", "640x360", "--out", out],
                                  tmp_path, capsys, monkeypatch)
        assert "--steps shows the forward and backward passes" in line and "activations" in line
    with pytest.raises(UsageError, match="steps shows the forward and backward passes"):
        rec.video(tmp_path / "v.mp4", steps=True, width=640, height=360)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run.npz"]


def test_an_output_given_is_the_output_neuron_s_and_must_be_probabilities():
    """The panel's answer and the output neuron are one number; logits ("says yes (230%)")
    and a softmax's z are refused, not drawn; so is an output the weights do not give for the
    inputs (another example's, or a logit that happened to lie in 0 to 1), where the hidden
    layers drawn are computed from them."""
    W = [np.ones((2, 3)), -np.ones((3, 1))]
    rec = nnviz.Recorder(hidden="tanh", output="binary", classes=["no", "yes"])
    computed = 1 / (1 + np.exp(3 * np.tanh(1.0)))  # 0.0924
    given = np.float32(computed + 0.004)  # a float32 model's answer, rounded
    rec.record(1, weights=W, inputs=[1, 0], output=[given], target=[1.0])
    snap = rec.recording.snapshots[0]
    assert snap.output.tolist() == [given] and snap.activations[-1].tolist() == [given]
    np.testing.assert_allclose(snap.activations[1], np.tanh([1.0, 1.0, 1.0]))  # computed here
    with pytest.raises(UsageError, match=re.escape("output [0.7] is not what these weights give for these "
                                                   "inputs, [0.0924] (hidden='tanh', output='binary')")):
        rec.record(2, weights=W, inputs=[1, 0], output=[0.7])
    for output, said in (([2.3], "output [2.3] is not probabilities from 0 to 1"),
                         ([-0.1], "not the logits")):
        with pytest.raises(UsageError, match=re.escape(said)):
            rec.record(2, weights=W, inputs=[1, 0], output=output)
    soft = nnviz.Recorder(hidden="tanh", output="softmax")
    W3 = [np.ones((2, 3)), np.ones((3, 3))]
    with pytest.raises(UsageError, match="sums to 0.9; a softmax's outputs sum to 1"):
        soft.record(1, weights=W3, inputs=[1, 0], output=[0.2, 0.3, 0.4])
    with pytest.raises(UsageError, match=r"output \[0.2, 0.3, 0.5\] is not activations\[-1\]"):
        soft.record(1, weights=W3, activations=[[1, 0], [0, 0, 0], [0.5, 0.3, 0.2]], output=[0.2, 0.3, 0.5])
    with pytest.raises(UsageError, match=r"activations\[2\] \[2, -1, 0.5\] is not probabilities"):
        soft.record(1, weights=W3, activations=[[1, 0], [0, 0, 0], [2, -1, 0.5]])


def test_metrics_noted_at_one_step_by_several_calls_are_kept_together():
    W = [np.ones((2, 3)), np.ones((3, 1))]
    rec = nnviz.Recorder(hidden="tanh", output="binary")
    rec.record(100, weights=W, loss=0.1, accuracy=0.9, test_loss=0.2, test_accuracy=0.8)
    rec.log(100, loss=0.7)  # a metric given again replaces its value
    rec.log(200, loss=0.5)
    rec.log(200, accuracy=0.95)
    rec.record(200, weights=W)
    history = rec.recording.history
    assert history.steps.tolist() == [100, 200]
    assert history.loss.tolist() == [0.7, 0.5] and history.accuracy.tolist() == [0.9, 0.95]
    assert history.test_loss[0] == 0.2 and history.test_accuracy[0] == 0.8
    with pytest.raises(UsageError, match=r"log\(3\) gives no metric"):
        rec.log(3)


@pytest.mark.parametrize("value, taken", [(np.array([0.5]), 0.5), (np.float32(0.25), 0.25),
                                          (np.array(2), 2.0), (np.float32(0.1), 0.1),
                                          (np.array([0.3], dtype=np.float16), 0.3)])
def test_a_metric_is_a_number_or_an_array_of_one(value, taken):
    rec = nnviz.Recorder()
    rec.log(1, loss=value)
    rec.record(1, weights=[np.ones((2, 3)), np.ones((3, 1))])
    assert rec.recording.history.loss.tolist() == [taken]


@pytest.mark.parametrize("value", ["0.5", True, np.array([0.1, 0.2]), None])
def test_a_metric_that_is_not_one_number_is_refused(value):
    rec = nnviz.Recorder()
    if value is None:
        value = object()
    with pytest.raises(UsageError, match="loss must be a number"):
        rec.log(1, loss=value)


MISFITS = {
    "an example the data lacks": (dict(data=(np.zeros((5, 2)), np.zeros(5))), dict(example=99),
                                  "example 99 is not one of the data's 5 (0 to 4)"),
    "class names that do not fit the outputs": (dict(classes=["a", "b", "c"]), {},
                                                "3 class names for 2 classes (1 output)"),
    "data narrower than the inputs": (dict(data=(np.zeros((5, 1)), np.zeros(5))), {},
                                      "the data has 1 input and the network 2"),
    "a softmax of one output": (dict(output="softmax"), {}, "a softmax needs an output per class"),
    "targets of more columns than outputs": (dict(data=(np.zeros((5, 2)), np.zeros((5, 3)))), {},
                                             "the data's targets have 3 columns and the network 1 output"),
}


@pytest.mark.parametrize("made, recorded, said", MISFITS.values(), ids=MISFITS.keys())
def test_what_does_not_fit_the_network_is_refused_at_the_first_record(made, recorded, said):
    """Not at save() after a whole run, which then could save nothing."""
    rec = nnviz.Recorder(**made)
    with pytest.raises(UsageError, match=re.escape(said)):
        rec.record(1, weights=[np.ones((2, 3)), np.ones((3, 1))], **recorded)


def test_a_class_label_is_a_target_and_a_named_example_brings_its_own():
    W = [np.ones((2, 3)), np.ones((3, 3))]
    X, y = np.arange(10.0).reshape(5, 2), np.array([2, 0, 1, 1, 0])
    rec = nnviz.Recorder(hidden="relu", output="softmax", data=(X, y))  # labels, no names
    rec.record(1, weights=W, inputs=X[0], target=np.array([2]))
    rec.record(2, weights=W, example=3)  # its inputs and target are the data's
    first, second = rec.recording.snapshots
    assert first.target.tolist() == [0, 0, 1]
    assert second.inputs.tolist() == [6, 7] and second.target.tolist() == [0, 1, 0]
    assert rec.recording.setup.dataset.targets.tolist()[0] == [0, 0, 1]
    with pytest.raises(UsageError, match="labels must be whole numbers from 0 to 2, one per output; it is 3"):
        rec.record(3, weights=W, inputs=X[0], target=3)
    binary = nnviz.Recorder(hidden="tanh", output="binary")
    binary.record(1, weights=[np.ones((2, 3)), np.ones((3, 1))], inputs=[0, 1], target=1)
    assert binary.recording.snapshots[0].target.tolist() == [1.0]


def test_a_recording_without_the_network_before_training_says_so_and_names_its_first_picture(
        tmp_path, capsys, monkeypatch):
    """``--still before`` had ended in a traceback (the error for an unknown moment even
    suggested it); a recorded step 0 is titled as the network before training."""
    rec = nnviz.Recorder(step_name="batch", hidden="tanh", output="binary")
    for step in (0, 1, 5):
        rec.record(step, weights=[np.ones((2, 3)) * (step + 1), np.ones((3, 1))], inputs=[1, 0],
                   loss=1 / (step + 1))
    rec.save(tmp_path / "run.npz")
    later = nnviz.Recorder(step_name="batch")  # from step 1: no network before training
    for step in (1, 5):
        later.record(step, weights=[np.ones((2, 3)) * step, np.ones((3, 1))])
    later.save(tmp_path / "later.npz")
    line = refused_in_process(["render", "later.npz", "--out", "s.png", "--still", "before"], tmp_path,
                              capsys, monkeypatch)
    assert "no network before training" in line and "batch:1" in line
    still = ["render", "run.npz", "--size", "640x360", "--out", "s.png", "--still"]
    line = refused_in_process([*still, "step:5"], tmp_path, capsys, monkeypatch)
    assert "use before, after, or batch:N" in line  # its step 0 is the network before training
    line = refused_in_process(["render", "later.npz", "--out", "s.png", "--still", "step:5"], tmp_path,
                              capsys, monkeypatch)
    assert "use after, or batch:N" in line and "before" not in line
    line = refused_in_process(["render", "run.npz", "--annotate", "--size", "640x360", "--out", "s.mp4"],
                              tmp_path, capsys, monkeypatch)
    assert "--annotate needs room to write every weight legibly" in line
    assert not (tmp_path / "s.png").exists()
    from nnviz.render.run_caption import RunStory, run_caption
    from nnviz.story import unfold

    recording = rec.recording
    source = recording_subject(recording).begin(3)
    titles = [run_caption(shot, RunStory(recording.setup)).title for shot in unfold(source, 1)]
    assert titles == ["Before training", "Learning", "Learning", "After training"]


@pytest.mark.parametrize("last", [5, 300])
def test_a_run_recorded_from_step_0_has_its_curve_start_there(last):
    """Steps 0 and 1 had shared the axis's first place, and step 1's value was never drawn
    (the epoch's loss of 0.2 below); the axis now starts at 0, and says so."""
    from nnviz.render import Renderer
    from nnviz.story import unfold

    rec = nnviz.Recorder(hidden="tanh", output="binary", step_name="epoch")
    losses = {0: 2.0, 1: 0.2, 2: 1.6, 3: 1.4, 4: 1.2, last: 1.0}
    for step, loss in losses.items():
        rec.log(step, loss=loss)
    W = [np.ones((2, 3)), np.ones((3, 1))]
    rec.record(0, weights=W)
    rec.record(last, weights=W)
    recording = rec.recording
    assert recording.setup.first_step == 0
    source = recording_subject(recording).begin(2)
    shot = [s for s in unfold(source, 1) if s.snapshot is not None and s.snapshot.step == last][0]
    with Renderer(recording.setup, 1280, 720) as renderer:
        renderer.draw(shot)
        plot = renderer.panel.plots["loss"]
        x, y = plot.train.get_xdata(), plot.train.get_ydata()
        said = [t.get_text() for t in renderer.ax.texts]
    assert len(x) == len(losses) and np.all(np.diff(x) > 0)
    assert x[0] == plot.box[0] and y[1] == min(y)  # step 1's low loss is drawn, apart from step 0's
    assert "epoch 0" in said and "epoch 1" not in said


def test_a_test_set_measured_less_often_than_training_is_still_a_line():
    """Training's loss logged every step and the test set's every 10th (the usual loop): the
    test values had been isolated points between training-only steps, and no line was drawn.
    The key names the dashed line wherever test values were logged, and only there."""
    from nnviz.render import Renderer
    from nnviz.story import unfold

    rec = nnviz.Recorder(hidden="tanh", output="binary")
    for step in range(1, 61):
        rec.log(step, loss=1 / step, accuracy=0.5 + step / 200)
        if step % 10 == 0:
            rec.log(step, test_loss=1.5 / step, test_accuracy=0.4 + step / 200)
    rec.record(1, weights=[np.ones((2, 3)), np.ones((3, 1))])
    rec.record(60, weights=[np.ones((2, 3)), np.ones((3, 1))])
    source = recording_subject(rec.recording).begin(2)
    shot = [s for s in unfold(source, 1) if s.snapshot is not None and s.snapshot.step == 60][0]
    with Renderer(rec.recording.setup, 1280, 720) as renderer:
        renderer.draw(shot)
        for what in ("loss", "accuracy"):
            plot = renderer.panel.plots[what]
            x, y = plot.test.get_xdata(), plot.test.get_ydata()
            assert len(x) == 6 and np.all(np.isfinite(y)) and np.all(np.diff(x) > 0), what
            assert list(plot.test.get_markevery()) == [5]  # the dot on the latest test value
            assert np.all(np.isfinite(plot.train.get_ydata()))
        said = [t.get_text() for t in renderer.ax.texts]
    assert "test" in said  # the key names the dashed line, though the recording has no test data
    untested = nnviz.Recorder(hidden="tanh", output="binary")
    untested.log(1, loss=1.0)
    untested.record(2, weights=[np.ones((2, 3)), np.ones((3, 1))])
    with Renderer(untested.recording.setup, 1280, 720) as renderer:
        assert "test" not in [t.get_text() for t in renderer.ax.texts]


def test_a_recording_makes_a_still_from_python(tmp_path):
    """nnviz.still takes a recording (or its path), as render --still does; Recorder.still
    is the same."""
    rec = nnviz.Recorder(hidden="tanh", output="binary")
    for step in (1, 2, 3):
        rec.record(step, weights=[np.ones((2, 3)) * step, np.ones((3, 1))], inputs=[1, 0], loss=1 / step)
    rec.save(tmp_path / "run.npz")
    made = [nnviz.still(rec.recording, tmp_path / "a.png", "step:2", width=640, height=360),
            nnviz.still(tmp_path / "run.npz", None, "step:2", width=640, height=360),
            rec.still(moment="step:2", width=640, height=360)]
    assert made[0].data == made[1].data == made[2].data and (tmp_path / "a.png").read_bytes() == made[0].data
    assert decode_png_size(made[0].data) == (640, 360)
    with pytest.raises(UsageError, match=r"give width= and height= \(such as width=1280, height=720\)"):
        rec.video(tmp_path / "v.mp4", size="640x360")


def decode_png_size(data: bytes) -> tuple[int, int]:
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_a_still_s_repr_is_a_line_not_its_bytes():
    rec = nnviz.Recorder()
    rec.record(1, weights=[np.ones((2, 3)), np.ones((3, 1))])
    said = repr(rec.still(width=640, height=360))
    assert len(said) < 200 and "moment='after'" in said and "640" in said


@pytest.mark.parametrize("name, many", [("batch", "batches"), ("pass", "passes"), ("epoch", "epochs"),
                                        ("query", "queries"), ("day", "days"), ("mini_batch", "mini_batches"),
                                        ("Epoch", "Epochs"), ("cycle", "cycles")])
def test_a_step_s_name_is_made_plural_by_the_rules_of_english(tmp_path, name, many):
    from nnviz.words import counted, plural

    assert plural(name) == many and counted(1, name) == f"1 {name}" and counted(2000, name) == f"2,000 {many}"
    rec = nnviz.Recorder(step_name=name, steps=1000)
    for step in (1, 10, 1000):
        rec.record(step, weights=[np.ones((2, 3)), np.ones((3, 1))], loss=1 / step)
    rec.video(tmp_path / "v.mp4", width=640, height=360, json=tmp_path / "s.json")
    assert json.loads((tmp_path / "s.json").read_text())["shown_steps"] == [1, 10, 1000]  # a key kept
    with pytest.raises(UsageError, match=f"the shown {many.lower()} are 1, 10, 1000"):
        rec.still(moment=f"{name}:5", width=640, height=360)


@pytest.mark.parametrize("make, said", [
    (lambda: nnviz.Recorder(data=(np.full((20, 2), 1e308), np.arange(20) % 2)),
     "values beyond 1e+100 in size in data's inputs"),
    (lambda: nnviz.Recorder().record(1, weights=[np.full((2, 3), 1e200), np.ones((3, 1))]),
     "values beyond 1e+100 in size in weights[0]"),
    (lambda: nnviz.Recorder(step_name="\x00"), "step_name holds the control character U+0000"),
    (lambda: nnviz.Recorder(title="a\x1bb"), "title holds the control character U+001B"),
    (lambda: nnviz.Recorder(classes=["a", "b\n"]), "a class name holds the control character U+000A"),
])
def test_what_the_pictures_cannot_draw_is_refused_not_warned_about(make, said):
    """Values near 1e308 overflowed in the map's arithmetic, and a control character has no
    glyph: both had printed warnings from inside the library."""
    with pytest.raises(UsageError, match=re.escape(said)):
        make()


def test_the_legend_says_glow_is_a_size_where_an_input_may_be_negative():
    """A bare Recorder's inputs −0.13 and +0.13 glowed alike beside "activity (0 to 1)"."""
    from nnviz.render import Renderer

    rec = nnviz.Recorder()
    rec.record(1, weights=[np.ones((2, 3)), np.ones((3, 1))], inputs=[-0.13, 0.13])
    with Renderer(rec.recording.setup, 1280, 720) as renderer:
        said = [t.get_text() for t in renderer.ax.texts]
    assert any("glow = size of activity (an input of −0.8 as +0.8)" in text for text in said)
    assert not any("(0 to 1)" in text for text in said)


@pytest.mark.parametrize("activation,words", [
    ("relu", "glow = activity (full from about 3; an input of −0.8 as +0.8)"),
    ("tanh", "glow = size of activity (−0.8 as +0.8)"),
    ("sigmoid", "glow = size of activity (an input of −0.8 as +0.8)"),
])
def test_the_legend_says_which_activities_may_be_negative(activation, words):
    """A 2-D set's coordinates may be negative, a ReLU neuron's never: "(−0.8 as +0.8)"
    alone beside ReLU neurons read as a claim about them. ReLU's saturation is said too (it
    had been dropped for the inputs' words)."""
    from nnviz.api import NetworkTraining, PlaneData, plane_subject
    from nnviz.render import Renderer

    training = NetworkTraining(layers=(2, 4, 1), activation=activation, epochs=2)
    source = plane_subject("circles", PlaneData(samples=100), training).begin(2)
    with Renderer(source.setup, 1280, 720) as renderer:
        said = [t.get_text() for t in renderer.ax.texts]
    assert sum(words in text for text in said) == 1


def test_render_names_its_video_after_the_recording(tmp_path, capsys, monkeypatch):
    """learn.mp4 (every command's default) would replace the XOR video made beside it."""
    rec = nnviz.Recorder()
    for step in (1, 2):
        rec.record(step, weights=[np.ones((2, 3)) * step, np.ones((3, 1))])
    rec.save(tmp_path / "run.npz")
    (tmp_path / "learn.mp4").write_bytes(b"the XOR video")
    monkeypatch.chdir(tmp_path)
    assert main(["render", "run.npz", "--size", "640x360", "--quiet"]) == 0, capsys.readouterr().err
    assert (tmp_path / "learn.mp4").read_bytes() == b"the XOR video"
    assert (tmp_path / "run.mp4").stat().st_size > 1000


@pytest.mark.parametrize("args, written", [
    (["render", "run.npz", "--still", "after"], "run.png"),
    (["xor", "--train-cycles", "20", "--still", "after"], "learn.png"),
])
def test_a_still_without_out_is_a_png_named_as_the_video_would_be(tmp_path, capsys, monkeypatch, args,
                                                                    written):
    """Not the video's name: learn.mp4 had been refused as a still's extension, a file never given."""
    from PIL import Image

    rec = nnviz.Recorder()
    for step in (1, 2):
        rec.record(step, weights=[np.ones((2, 3)) * step, np.ones((3, 1))])
    rec.save(tmp_path / "run.npz")
    monkeypatch.chdir(tmp_path)
    assert main([*args, "--size", "640x360", "--quiet"]) == 0, capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["run.npz", written])
    with Image.open(tmp_path / written) as image:
        assert image.format == "PNG" and image.size == (640, 360)


def test_music_that_shows_fewer_of_the_recorded_steps_says_so(tmp_path):
    """About one shot a second: 40 recorded steps in 20 s of music show fewer, which had
    gone unsaid; shown= shows them all."""
    from synth import write_wav

    track = write_wav(tmp_path / "t.wav", np.zeros(22050 * 20))
    rec = nnviz.Recorder(at=range(1, 41))
    for step in range(1, 41):
        rec.record(step, weights=[np.ones((2, 3)) * step, np.ones((3, 1))], loss=1 / step)
    made = rec.video(tmp_path / "a.mp4", music=track, width=640, height=360)
    shown = made.summary()["shown_steps"]
    assert len(shown) < 40 and made.notes == [f"the music's 20.0 s show {len(shown)} of the 40 steps, "
                                              "about one a second; shown=40 shows them all"]
    every = rec.video(tmp_path / "b.mp4", music=track, shown=40, width=640, height=360)
    assert every.summary()["shown_steps"] == list(range(1, 41)) and every.notes == []


class _NeedsDetaching:
    """What a PyTorch tensor that requires grad does when numpy asks for its values."""

    def __array__(self, *args, **kwargs):
        raise RuntimeError("Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy()")


HOSTILE = {
    "a tensor that needs detaching": (lambda r: r.record(1, weights=[_NeedsDetaching(), np.ones((3, 1))]),
                                      "weights[0] must be an array of numbers (a tensor: t.detach()"),
    "a ragged list": (lambda r: r.record(1, weights=[[[1, 2, 3], [1, 2]], np.ones((3, 1))]),
                      "weights[0] must be an array of numbers"),
    "a target of no class": (lambda r: r.record(1, weights=[np.ones((2, 3)), np.ones((3, 1))], target=2),
                             "target [2] is not from 0 to 1"),
    "an array of None": (lambda r: r.record(1, weights=[np.ones((2, 3)), np.ones((3, 1))],
                                            biases=[np.array([None, None, None]), None]),
                         "biases[0] is None where numbers belong"),
    "a target given as text": (lambda r: r.record(1, weights=[np.ones((2, 3)), np.ones((3, 1))],
                                                  target="yes"),
                               "target 'yes' is not one of the classes (a, b)"),
}


@pytest.mark.parametrize("bad, said", HOSTILE.values(), ids=HOSTILE.keys())
def test_what_a_loop_may_pass_by_mistake_is_a_usage_error(bad, said):
    with pytest.raises(UsageError, match=re.escape(said)):
        bad(nnviz.Recorder(hidden="tanh", output="binary", classes=["a", "b"]))


@pytest.mark.parametrize("make, said", [
    (lambda: nnviz.Recorder(image_shape=(4, 4)), "give data=(X, y) too"),  # had been ignored without a word
    (lambda: nnviz.Recorder(image_shape=(8, 8), data=(np.zeros((5, 2)), np.zeros(5))),
     "image_shape=(8, 8) is 64 pixels; the inputs have 2"),
    (lambda: nnviz.Recorder(data=(_NeedsDetaching(), np.zeros(4))), "data must be (inputs, targets) arrays"),
    (lambda: nnviz.Recorder(data=(np.zeros(20), np.zeros(20))), "data's inputs must be a matrix"),
    (lambda: nnviz.Recorder(data=(np.zeros((5, 28, 28)), np.zeros(5))),
     "not of shape (5, 28, 28): pictures are rows of pixels, X.reshape(len(X), -1), with "
     "image_shape=(28, 28)"),
    (lambda: nnviz.Recorder(data=(np.zeros((5, 4)), np.zeros(4))),
     "data has 5 rows of inputs and 4 targets: give one target (or row of targets) per example"),
    (lambda: nnviz.Recorder(data=(np.zeros((5, 4)), np.zeros(5)), test=(np.zeros((3, 4)), np.zeros(2))),
     "test has 3 rows of inputs and 2 targets"),
    (lambda: nnviz.Recorder(data=(np.zeros((4, 2), complex), np.zeros(4))), "data holds complex numbers"),
    (lambda: nnviz.Recorder(classes=["a\ud800", "b"]), "a class name holds the lone surrogate U+D800"),
    (lambda: nnviz.Recorder(step_name=""), "step_name is empty"),
    (lambda: nnviz.Recorder(step_name="   "), "step_name is empty"),
    (lambda: nnviz.Recorder(step_name="e" * 10_000), "step_name is 10,000 characters long"),
    (lambda: nnviz.Recorder(classes=["a", "a", "b"]), "classes name 'a' twice"),
    (lambda: nnviz.Recorder(data=(np.array([[0.0, 0], [0, 1], [np.nan, 1]]), np.array([0, 1, 0]))),
     "data's inputs hold NaN or infinity (row 2)"),
    (lambda: nnviz.Recorder(data=(np.zeros((2, 2)), np.zeros(2)),
                            test=(np.full((1, 2), np.inf), np.zeros(1))),
     "test's inputs hold NaN or infinity (row 0)"),
    # What load would refuse is refused at the first record, not after a run and a save.
    (lambda: nnviz.Recorder().record(0, weights=[np.zeros((2, 5000)), np.zeros((5000, 1))]),
     "the network's layers are 2, 5,000, 1; nnviz draws up to 32 layers of up to 4,096 neurons"),
    (lambda: nnviz.Recorder().record(0, weights=[np.eye(2)] * 39 + [np.ones((2, 1))]),
     "nnviz draws up to 32 layers"),
])
def test_a_recorder_refuses_names_and_data_it_cannot_draw(make, said):
    with pytest.raises(UsageError, match=re.escape(said)):
        make()


def test_an_example_s_inputs_are_its_own():
    """example=3 with row 4's inputs ringed one point while the network thought of another."""
    X, y = np.arange(10.0).reshape(5, 2), np.array([0, 1, 0, 1, 0])
    rec = nnviz.Recorder(hidden="tanh", output="binary", data=(X, y))
    with pytest.raises(UsageError, match="inputs are not the data's example 3"):
        rec.record(1, weights=[np.ones((2, 3)), np.ones((3, 1))], example=3, inputs=X[4])
    rec.record(1, weights=[np.ones((2, 3)), np.ones((3, 1))], example=3, inputs=X[3])


def test_a_recorded_step_0_is_the_moment_before_training(tmp_path):
    """The README calls it the network before training: --still before had been refused."""
    rec = nnviz.Recorder(hidden="tanh", output="binary")
    for step in (0, 3, 9):
        rec.record(step, weights=[np.ones((2, 3)) * (step + 1), np.ones((3, 1))], inputs=[1, 0])
    before = nnviz.still(rec, None, "before", width=640, height=360)
    zero = rec.still(moment="step:0", width=640, height=360)
    assert before.data == zero.data
    # --stills writes it too, as before.png (it had written after.png alone).
    made = rec.video(tmp_path / "v.mp4", stills=tmp_path / "stills", width=640, height=360, shown=2)
    assert sorted(p.name for p in (tmp_path / "stills").iterdir()) == ["after.png", "before.png"]
    assert (tmp_path / "stills" / "before.png").read_bytes() == zero.data
    assert "before" in made.summary()["stills"]
    with pytest.raises(UsageError, match="the recording is an empty path"):
        nnviz.still("", None, "after")


def test_data_of_no_spread_at_its_size_and_subnormal_losses_draw_without_a_warning(tmp_path):
    """A plane of no width at 1e20 and a loss of 5e-324 divided by zero (printed warnings)."""
    import warnings

    X, y = np.full((20, 2), 1e20), np.arange(20) % 2
    rec = nnviz.Recorder(hidden="tanh", output="binary", data=(X, y))
    for step in (1, 2):
        rec.record(step, weights=[np.ones((2, 3)) * 1e-21, np.ones((3, 1))], inputs=X[0], loss=5e-324)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        made = rec.still(tmp_path / "s.png", width=640, height=360)
    assert made.path.exists()


def test_a_loop_with_dropout_has_its_dropped_neurons_marked_and_its_activations_computed_with_them():
    """dropped= had been counted in the panel but never drawn (a Recorder's run had no
    dropout), and activations computed here ran through the dropped neurons."""
    from nnviz.render import Renderer
    from nnviz.story import unfold

    rng = np.random.default_rng(3)
    W = [rng.normal(size=(2, 4)), rng.normal(size=(4, 3)), rng.normal(size=(3, 1))]
    b = [rng.normal(size=4), rng.normal(size=3), rng.normal(size=1)]
    x = np.array([0.3, -0.7])
    dropped = [np.array([True, False, False, True]), np.array([False, True, False])]
    rec = nnviz.Recorder(hidden="tanh", output="binary", dropout=0.25)
    for step in (1, 2):
        rec.record(step, weights=W, biases=b, inputs=x, dropped=dropped if step == 2 else None)
    # The training pass, worked out independently: a dropped neuron is 0, a kept one 1/0.75 of itself.
    h1 = np.tanh(x @ W[0] + b[0]) * np.where(dropped[0], 0, 4 / 3)
    h2 = np.tanh(h1 @ W[1] + b[1]) * np.where(dropped[1], 0, 4 / 3)
    out = 1 / (1 + np.exp(-(h2 @ W[2] + b[2])))
    recording = rec.recording
    assert recording.setup.dropout == 0.25
    for got, want in zip(recording.snapshots[1].activations, (x, h1, h2, out)):
        assert np.allclose(got, want, rtol=1e-12, atol=1e-12)
    source = recording_subject(recording).begin(2)
    shot = [s for s in unfold(source, 1) if s.snapshot is not None and s.snapshot.step == 2][0]
    with Renderer(recording.setup, 1280, 720) as renderer:
        renderer.draw(shot)
        rings, cross = renderer.diagram._marks
        assert rings.get_visible() and cross.get_visible()
        # The rings: one per drawn hidden neuron, shown on the dropped ones alone.
        shown = np.asarray(rings.get_edgecolor())[:, 3] > 0
        assert list(shown) == [*dropped[0], *dropped[1]]
    rec.record(3, weights=W, biases=[None, b[1], None])  # PyTorch's bias=False: a bias of 0
    assert np.array_equal(rec.recording.snapshots[-1].network.b[0], np.zeros(4))
    rec.record(4, weights=W, biases=b, inputs=x, dropped=[None, dropped[1]])  # a layer without dropout
    assert not rec.recording.snapshots[-1].dropped[0].any()
    with pytest.raises(UsageError, match="dropout must be"):
        nnviz.Recorder(dropout=1.5)


def test_render_says_the_accuracies_last_logged_as_logged(tmp_path, capsys, monkeypatch):
    """A loop's accuracy is what it logged (perhaps its last batch's), not a measure of the
    training set; a test set logged less often is still reported, with its last value."""
    rec = nnviz.Recorder(hidden="tanh", output="binary")
    for step in range(1, 26):
        rec.log(step, loss=1 / step, accuracy=0.5 + step / 100)
        if step % 10 == 0:
            rec.log(step, test_accuracy=0.4 + step / 100)
    rec.record(1, weights=[np.ones((2, 3)), np.ones((3, 1))])
    rec.record(25, weights=[np.ones((2, 3)), np.ones((3, 1))])
    rec.save(tmp_path / "run.npz")
    monkeypatch.chdir(tmp_path)
    assert main(["render", "run.npz", "--size", "640x360", "--json", "run.json"]) == 0
    assert "Accuracy last logged: 75.0% training, 60.0% test." in capsys.readouterr().out
    summary = json.loads((tmp_path / "run.json").read_text())
    assert summary["train_accuracy"] == pytest.approx(0.75) and summary["test_accuracy"] == pytest.approx(0.6)


def test_pictures_of_standardised_or_byte_pixels_are_drawn_as_their_grey_levels():
    """PyTorch's Normalize((0.1307,), (0.3081,)) and raw bytes of 0 to 255 had been clipped
    into pictures of two levels: a picture is drawn from the data's lowest value (paper) to
    its highest (ink), where they lie beyond 0 to 1."""
    from nnviz.render import Renderer
    from nnviz.story import unfold

    rng = np.random.default_rng(5)
    raw = rng.integers(0, 256, size=(40, 64)).astype(np.uint8)
    raw[0, 0], raw[0, 1] = 0, 255
    y = np.arange(40) % 3
    W = [rng.normal(size=(64, 4)), rng.normal(size=(4, 3))]
    pictures = {}
    for name, X in (("unit", raw / 255), ("standardised", ((raw / 255 - 0.1307) / 0.3081).astype(np.float32)),
                    ("bytes", raw)):
        rec = nnviz.Recorder(hidden="relu", output="softmax", data=(X, y), image_shape=(8, 8))
        rec.record(1, weights=W, example=7)
        shot = [s for s in unfold(recording_subject(rec.recording).begin(1), 1) if s.snapshot is not None][0]
        with Renderer(rec.recording.setup, 1280, 720) as renderer:
            renderer.draw(shot)
            pictures[name] = renderer.picture.picture.image().astype(int)
    assert len(np.unique(pictures["unit"].reshape(-1, 4), axis=0)) > 50  # many grey levels
    for name in ("standardised", "bytes"):
        assert np.abs(pictures[name] - pictures["unit"]).max() <= 1, name


def test_a_recording_of_many_steps_shows_a_hundred_by_default_and_says_so(tmp_path):
    """A loop that recorded all its 5,000 steps had made an 83-minute video by default."""
    rec = nnviz.Recorder()
    for step in range(1, 151):
        rec.record(step, weights=[np.ones((2, 3)) * step, np.ones((3, 1))], loss=1 / step)
    made = rec.video(tmp_path / "a.mp4", width=640, height=360, quality="draft")
    shown = made.summary()["shown_steps"]
    assert len(shown) == 100 and shown[0] == 1 and shown[-1] == 150
    assert made.notes == ["the video shows 100 of the 150 recorded steps, spread over the run; "
                          "shown=150 shows them all"]
    every = rec.video(tmp_path / "b.mp4", width=640, height=360, quality="draft", shown=150)
    assert every.summary()["shown_steps"] == list(range(1, 151)) and every.notes == []
    left_out = min(set(range(1, 151)) - set(shown))
    assert rec.still(moment=f"step:{left_out}", width=640, height=360).data  # a still may be of any step


def test_a_loop_that_drops_neurons_on_some_steps_only_is_saved_and_read_back_as_it_was(tmp_path):
    """Masks on some steps and not on others (step 0, an evaluation step): save had ended in a
    traceback where the first step had masks and a later one none, and had dropped them all
    where the first had none."""
    rec = nnviz.Recorder(hidden="tanh", output="binary", dropout=0.5)
    W = [np.ones((2, 3)), np.ones((3, 1))]
    masks = {1: [np.array([True, False, False])], 3: [np.array([False, True, True])]}
    for step in (0, 1, 2, 3):
        rec.record(step, weights=W, inputs=[1.0, 0.5], dropped=masks.get(step))
    for first in (0, 1):  # the first recorded step without masks, and with them
        kept = nnviz.Recorder(hidden="tanh", output="binary", dropout=0.5)
        for snapshot in rec.recording.snapshots[first:]:
            kept.record(snapshot.step, weights=W, inputs=[1.0, 0.5], dropped=masks.get(snapshot.step))
        kept.save(tmp_path / f"run{first}.npz")
        loaded = nnviz.load(tmp_path / f"run{first}.npz")
        said = [None if s.dropped is None else [m.tolist() for m in s.dropped] for s in loaded.snapshots]
        assert said == [None if masks.get(s.step) is None else [m.tolist() for m in masks[s.step]]
                        for s in kept.recording.snapshots]
        assert loaded.setup.dropout == 0.5
        from_file = nnviz.still(tmp_path / f"run{first}.npz", None, "step:1", width=640, height=360)
        assert from_file.data == kept.still(moment="step:1", width=640, height=360).data


def test_a_history_kept_in_half_precision_is_read_without_a_warning(tmp_path):
    import warnings

    half = lambda a: a.update(history=a["history"].astype(np.float16))  # noqa: E731
    path = _saved_and_changed(tmp_path / "run.npz", half)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(nnviz.load(path).history) > 0


def test_numpy_numbers_are_numbers_to_a_recorder():
    """shown=np.int64(10) had been refused as "not a whole number from 1 to 1,000, not
    np.int64(10)"; so had dropout, unsure and example given as numpy's numbers."""
    rec = nnviz.Recorder(steps=100, shown=np.int64(10), dropout=np.float32(0.25), unsure=np.float64(0.6),
                         hidden="relu", output="softmax", classes=["a", "b", "c"],
                         data=(np.random.default_rng(0).random((10, 2)), np.arange(10) % 3))
    rec.record(np.int64(1), weights=[np.ones((2, 3)), np.ones((3, 3))], example=np.array(3))
    assert rec.dropout == 0.25 and rec.unsure == 0.6 and rec.recording.snapshots[0].example == 3
    assert sum(rec.wants(step) for step in range(1, 101)) == 10


def test_a_loop_stopped_early_is_said_to_have_run_its_recorded_steps():
    """Recorder(steps=600) over a loop that stopped at step 299 had been called "600 steps"
    after training, with the curve's axis running on to 600."""
    from nnviz.recording_file import recording_subject
    from nnviz.render.run_caption import RunStory, run_caption
    from nnviz.story import unfold

    X = np.random.default_rng(1).normal(size=(50, 2))
    rec = nnviz.Recorder(steps=600, hidden="tanh", output="binary", data=(X, (X[:, 0] > 0) * 1.0))
    W = [np.ones((2, 3)), np.ones((3, 1))]
    for step in range(1, 300):
        if rec.wants(step):
            rec.record(step, weights=W, biases=[np.zeros(3), np.zeros(1)], example=step % 50, loss=1 / step)
    recording = rec.recording
    last = recording.snapshots[-1].step
    assert recording.setup.steps == last < 300
    source = recording_subject(recording).begin(4)
    after = list(unfold(source, 1))[-1]
    words = run_caption(after, RunStory(recording.setup))
    assert words.title == "After training" and words.subtitle.startswith(f"{last} steps on 50 ")


def test_a_recordings_page_says_its_title(tmp_path):
    """--html's caption had been the generic sentence whatever the Recorder's title."""
    rec = nnviz.Recorder(title="two moons")
    for step in (1, 2):
        rec.record(step, weights=[np.ones((2, 3)) * step, np.ones((3, 1))], loss=1 / step)
    rec.video(tmp_path / "run.mp4", width=640, height=360, html=tmp_path / "run.html")
    page = (tmp_path / "run.html").read_text()
    assert "<figcaption>two moons — a neural network learning" in page
    untitled = nnviz.Recorder()
    untitled.record(1, weights=[np.ones((2, 3)), np.ones((3, 1))])
    untitled.video(tmp_path / "plain.mp4", width=640, height=360, html=tmp_path / "plain.html")
    assert "<figcaption>A neural network learning" in (tmp_path / "plain.html").read_text()


def test_a_refused_first_record_fixes_nothing():
    """A first record refused for its biases had fixed the network's shape: the corrected
    call, with other sizes, was refused for not matching a record never kept."""
    rec = nnviz.Recorder()
    with pytest.raises(UsageError, match="biases"):
        rec.record(1, weights=[np.ones((2, 4)), np.ones((4, 1))], biases=[np.zeros(3), np.zeros(1)])
    rec.record(1, weights=[np.ones((2, 3)), np.ones((3, 1))], biases=[np.zeros(3), np.zeros(1)])
    assert rec.recording.setup.sizes == (2, 3, 1)
    data = (np.zeros((4, 2)), [0, 1, 2, 0])
    labelled = nnviz.Recorder(output="softmax", classes=["a", "b", "c"], data=data)
    with pytest.raises(UsageError):  # four outputs for three classes
        labelled.record(1, weights=[np.ones((2, 4))])
    labelled.record(1, weights=[np.ones((2, 3))], example=1)
    np.testing.assert_array_equal(labelled.recording.snapshots[0].target, [0, 1, 0])


def test_an_example_recorded_without_its_index_is_not_called_a_training_one():
    """A loop's last record of a test picture (inputs and target, no example=) had been
    called "A training picture of class 1"; a row of the data named by example= is one."""
    from nnviz.recording_file import recording_subject
    from nnviz.render.run_caption import RunStory, run_caption
    from nnviz.story import unfold

    rng = np.random.default_rng(0)
    X, y = rng.random((20, 8)), np.arange(20) % 2  # more inputs than the panel lists
    rec = nnviz.Recorder(hidden="sigmoid", output="softmax", classes=["no", "yes"], data=(X, y))
    W = [rng.normal(size=(8, 3)), rng.normal(size=(3, 2))]
    rec.record(1, weights=W, example=3)
    rec.record(2, weights=W, inputs=rng.random(8), target=1)
    recording = rec.recording
    source = recording_subject(recording).begin(2)
    said = [run_caption(shot, RunStory(recording.setup)).lines[0] for shot in unfold(source, 1)
            if shot.snapshot is not None and shot.moment.name == "TRAINING"]
    assert said[0].startswith("A training example of class yes")
    assert said[1].startswith("An example of class yes")


def test_a_float32_model_is_saved_in_singles_and_read_back_exactly(tmp_path):
    """Its weights, recorded as doubles, took twice the bytes, and compressing them took
    minutes for a loop recorded at every batch; doubles that are not singles stay doubles."""
    rng = np.random.default_rng(0)
    single = [rng.normal(size=(30, 8)).astype(np.float32), rng.normal(size=(8, 3)).astype(np.float32)]
    double = [w.astype(float) + 1e-9 for w in single]
    saved = {}
    for name, W in (("single", single), ("double", double)):
        rec = nnviz.Recorder(hidden="relu", output="softmax")
        for step in range(1, 4):
            rec.record(step, weights=W, inputs=rng.random(30), loss=0.5 / step)
        path = rec.save(tmp_path / f"{name}.npz")
        with np.load(path) as found:
            saved[name] = (found["W0"].dtype, found["a1"].dtype, found["step"].dtype)
        back = nnviz.load(path)
        for snap, kept in zip(back.snapshots, rec.recording.snapshots):
            for a, b in zip(snap.network.W, kept.network.W):
                assert np.array_equal(a, b) and a.dtype == np.float64
            pairs = zip(snap.activations, kept.activations)
            assert all(np.array_equal(a, b, equal_nan=True) for a, b in pairs)
    assert saved["single"][0] == np.float32 and saved["double"][0] == np.float64
    assert saved["single"][2] == np.int64


def test_a_loss_beyond_singles_is_saved_as_a_double_without_a_warning(tmp_path):
    """A finite loss of e^600 (a diverging run) had printed numpy's overflow warning as it
    was tried as a single."""
    import warnings

    rec = nnviz.Recorder(hidden="tanh", output="binary")
    W = [np.ones((2, 3)), np.ones((3, 1))]
    for step, loss in ((1, 0.5), (2, math.exp(600))):
        rec.record(step, weights=W, inputs=[0.5, 0.25], loss=loss)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        path = rec.save(tmp_path / "r.npz")
    assert nnviz.load(path).history.loss[-1] == math.exp(600)


@pytest.mark.parametrize("make", [
    lambda W: nnviz.Recorder(hidden="relu", output="binary", data=(np.zeros((5, 4)), np.arange(5) % 3))
    .record(1, weights=W),
    lambda W: nnviz.Recorder(hidden="relu", output="binary", classes=["a", "b", "c"],
                             data=(np.zeros((5, 4)), np.arange(5) % 3)),
    lambda W: nnviz.Recorder(hidden="relu", output="binary").record(1, weights=W, inputs=np.zeros(4),
                                                                    target=2),
])
def test_labels_among_several_sigmoid_outputs_are_refused_for_a_softmax(make):
    """A 10-class softmax model named output='binary' had been drawn as ten unrelated
    sigmoids ("says 0 (53% sure)", no bars); a 0-or-1 column per output is still a
    sigmoid per output."""
    W = [np.ones((4, 3)), np.ones((3, 3))]
    said = (r"^output='binary' takes a 0-or-1 target column per output .*labels, one per example, among 3 "
            r"(outputs|class names): one class of 3 is a softmax's, so pass output='softmax'$")
    with pytest.raises(UsageError, match=said):
        make(W)
    rec = nnviz.Recorder(hidden="relu", output="binary", data=(np.zeros((5, 4)), np.eye(3)[np.arange(5) % 3]))
    rec.record(1, weights=W, example=2)
    assert rec.recording.snapshots[0].target.tolist() == [0, 0, 1]


def test_a_loop_that_never_records_its_last_step_is_told_so(tmp_path):
    """Recording before each update, a loop of steps=N never reaches step N: its video ended
    on step N − 1 (or an earlier wanted step) and said "Batch 787 of 787" for 938 batches,
    without a word. The note is in the summary written too."""
    rec = nnviz.Recorder(steps=12, step_name="batch")
    for step in range(12):  # before each of the 12 updates: steps 0 to 11
        if rec.wants(step):
            rec.record(step, weights=[np.ones((2, 3)) * step, np.ones((3, 1))], loss=1 / (step + 1))
    summary = tmp_path / "a.json"
    made = rec.video(tmp_path / "a.mp4", width=640, height=360, quality="draft", json=summary)
    said = ("the last batch recorded is 11 of the 12 of steps=12, and the video ends there: to end on the "
            "trained network, record batch 12 too (the weights after the last update)")
    assert made.notes == [said] and json.loads(summary.read_text())["notes"] == [said]
    # A recording's shown steps are "shown_steps" whatever its loop calls them (this one had
    # written "shown_batches", and "shown_update steps" for step_name="update step").
    written = json.loads(summary.read_text())
    assert written["shown_steps"] == made.shown_steps and "shown_batches" not in written
    rec.record(12, weights=[np.ones((2, 3)) * 12, np.ones((3, 1))], loss=0.01)
    assert rec.video(tmp_path / "b.mp4", width=640, height=360, quality="draft").notes == []


def test_a_still_of_a_recorded_step_is_that_step_s_picture():
    """Any step:N had been accepted and its bytes never looked at: a still showing another
    step passed every test."""
    from nnviz.recording_file import recording_subject
    from nnviz.render import Renderer
    from nnviz.story import unfold

    rng = np.random.default_rng(0)
    rec = nnviz.Recorder(hidden="tanh", output="binary")
    for step in range(1, 7):
        rec.record(step, weights=[rng.normal(size=(2, 3)) * step, rng.normal(size=(3, 1))],
                   inputs=rng.random(2), loss=1 / step)
    source = recording_subject(rec.recording).begin(6)
    shots = {s.snapshot.step: s for s in unfold(source, 1) if s.snapshot is not None}
    with Renderer(source.setup, 640, 360) as renderer:
        drawn = {step: renderer.draw(shots[step]).copy() for step in (3, 4)}
    still = rec.still(moment="step:4", width=640, height=360)
    assert np.array_equal(still.image, drawn[4])
    assert not np.array_equal(still.image, drawn[3])


def test_the_legend_says_where_a_relu_neuron_s_glow_is_full():
    """ReLU's glow saturates (1 − e^(−a)); "activity (0 and up)" left a viewer to guess what
    a full glow meant where MNIST's activations reach 10."""
    from nnviz.render import Renderer
    from nnviz.render.activity import scales

    X = np.random.default_rng(0).random((20, 3))  # pixels, 0 to 1: no input is negative
    rec = nnviz.Recorder(hidden="relu", output="softmax", data=(X, np.arange(20) % 2))
    rec.record(1, weights=[np.ones((3, 3)), np.ones((3, 2))], example=4)
    setup = rec.recording.setup
    with Renderer(setup, 1280, 720) as renderer:
        said = [t.get_text() for t in renderer.ax.texts]
    assert any("glow = activity (full from about 3)" in text for text in said)
    hidden = scales(setup)[1]
    assert hidden.glow(np.array([3.0]))[0] > 0.95 and hidden.glow(np.array([1.0]))[0] < 0.7


@pytest.mark.parametrize("logged, said", [(0.5, False), (0.65, False), (1.0, True), (0.05, True)])
def test_weights_that_classify_the_data_otherwise_than_the_loop_logged_are_noted(tmp_path, logged, said):
    """Weights recorded without their biases, or data= given unscaled, made a confident video
    whose "Accuracy: 100%" stood beside a map of one class: the accuracy the recorded weights
    give on data= is compared with the loop's last logged one."""
    X = np.array([[1.0, 0.0], [-1.0, 0.0], [2.0, 0.0], [-2.0, 0.0]] * 5)
    y = np.array([1, 0, 0, 1] * 5)
    rec = nnviz.Recorder(hidden="tanh", output="binary", classes=["left", "right"], data=(X, y))
    # These weights say "right" for x1 > 0: one row in two.
    rec.record(1, weights=[np.array([[1.0], [0.0]]), np.array([[4.0]])], accuracy=logged, example=0)
    made = rec.video(tmp_path / "v.mp4", width=640, height=360, quality="draft")
    expected = ("the recorded weights classify 50.0% of data= right at the last step, where the loop logged "
                f"an accuracy of {logged:.1%}: the pictures come from the weights and the numbers from the "
                "log; record every layer's biases, give data= as the network saw it (scaled alike) and name "
                "its activation with hidden=")
    assert [note for note in made.notes if "classify" in note] == ([expected] if said else [])
    # Saved and rendered later, by the API and the command line, the note is said again (it
    # had been lost: the video then stood beside numbers it contradicts, unexplained).
    path = rec.save(tmp_path / "r.npz")
    again = nnviz.recording_video(nnviz.load(path), tmp_path / "w.mp4", width=640, height=360,
                                  quality="draft")
    assert again.notes == made.notes
    assert main(["render", str(path), "--out", str(tmp_path / "x.mp4"), "--size", "640x360", "--quality",
                 "draft", "--json", str(tmp_path / "x.json"), "--quiet"]) == 0
    assert json.loads((tmp_path / "x.json").read_text())["notes"] == made.notes


def test_a_recording_whose_notes_are_not_sentences_is_refused(tmp_path):
    rec = nnviz.Recorder(hidden="tanh", output="binary")
    rec.record(1, weights=[np.ones((2, 2)), np.ones((2, 1))], inputs=[0.5, 0.5])
    path = rec.save(tmp_path / "r.npz")
    with np.load(path) as found:
        arrays = dict(found)
    assert json.loads(str(arrays["setup"]))["notes"] == []
    for notes, said in (("a word", "its notes are not a list of sentences"),
                        ([1, 2], "its notes are not a list of sentences"),
                        (["x" * 3000], "its notes are more than the Recorder writes"),
                        (["x"] * 100_000, "its notes are more than the Recorder writes")):
        arrays["setup"] = np.array(json.dumps({**json.loads(str(arrays["setup"])), "notes": notes}))
        np.savez(tmp_path / "bad.npz", **arrays)
        with pytest.raises(UsageError, match=said):
            nnviz.load(tmp_path / "bad.npz")
    # Words the pictures write, hand-edited beyond what the Recorder takes, are refused by
    # their length (a title of 100,000 characters had been taken, and quoted whole).
    arrays["setup"] = np.array(json.dumps({**json.loads(str(arrays["setup"])), "notes": [],
                                           "title": "t" * 100_000}))
    np.savez(tmp_path / "bad.npz", **arrays)
    with pytest.raises(UsageError) as refused:
        nnviz.load(tmp_path / "bad.npz")
    assert "its title is 100,000 characters long; the pictures take at most 200" in str(refused.value)
    assert len(str(refused.value)) < 300


def _recorded_classifier(names: bool):
    rng = np.random.default_rng(0)
    X, Xt = rng.normal(size=(60, 2)), rng.normal(size=(20, 2))
    y, yt = (X[:, 0] > 0).astype(int), (Xt[:, 0] > 0).astype(int)
    named = dict(hidden="tanh", output="binary") if names else {}
    rec = nnviz.Recorder(classes=["left", "right"], data=(X, y), test=(Xt, yt), **named)
    for step in (0, 5, 10):
        W = [np.array([[1.0 + step, 0.5, -1], [0.2, 0.1, 0.3]]), np.array([[2.0], [0.5], [-1.0]])]
        rec.record(step, weights=W, example=step, loss=1 / (step + 1), test_accuracy=0.5 + step / 40)
    return rec


def test_a_recorded_classifier_ends_on_test_examples_as_a_trained_one_does(tmp_path):
    """A recording's video had ended on "After training" with no example at all; with its
    activations named and test data given, the final network answers two test examples,
    one right and one wrong, as nnviz's own classifiers' videos end."""
    from nnviz.render.run_caption import RunStory, run_caption
    from nnviz.story import unfold
    from nnviz.timeline import Moment

    rec = _recorded_classifier(names=True)
    recording = rec.recording
    assert recording.setup.closing_tests
    shots = list(unfold(recording, 1))
    tests = [s for s in shots if s.moment is Moment.TEST]
    assert [s.moment for s in shots[-3:]] == [Moment.AFTER, Moment.TEST, Moment.TEST]
    final = recording.snapshots[-1].network
    for shot in tests:
        np.testing.assert_allclose(shot.activations[-1], final.forward(shot.case.inputs)[-1])
        assert shot.case.from_test
        words = run_caption(shot, RunStory(recording.setup))
        assert words.title == "A test example" and words.subtitle == "Never seen in training"
    made = rec.video(tmp_path / "v.mp4", width=640, height=360, fps=5, json=tmp_path / "v.json")
    summary = json.loads((tmp_path / "v.json").read_text())
    # A Recorder's test= example is at its own index there: its row is its index.
    assert summary["shot_examples"][-2:] == [{"set": "test", "index": s.case.index, "row": s.case.index}
                                             for s in tests]
    assert made.frames == 5 * len(shots)
    still = rec.still(moment="test:2", width=640, height=360)
    from nnviz.render import Renderer

    with Renderer(recording.setup, 640, 360) as renderer:
        assert np.array_equal(still.image, renderer.draw(tests[1]))
    back = nnviz.load(rec.save(tmp_path / "r.npz"))
    assert back.setup.closing_tests and len(list(unfold(back, 1))) == len(shots)


def test_a_recording_whose_activations_are_guessed_shows_no_test_examples():
    """Without hidden= and output= the final network's answers would be a guess's."""
    rec = _recorded_classifier(names=False)
    assert not rec.recording.setup.closing_tests
    with pytest.raises(UsageError, match="unknown moment 'test:1'"):
        rec.still(moment="test:1", width=640, height=360)


def test_activation_names_are_taken_as_frameworks_spell_them_everywhere(tmp_path, capsys):
    """ReLU and Tanh, as PyTorch's classes are named, on the command line and in Python; a
    name that is none of ours is refused as it was given."""
    from nnviz.cli import main

    assert main(["spiral", "--activation", "ReLU", "--epochs", "2", "--still", "after", "--size", "640x360",
                 "--out", str(tmp_path / "a.png"), "--quiet"]) == 0
    assert nnviz.plane_still("spiral", tmp_path / "b.png", activation="Tanh", epochs=2).path.exists()
    assert main(["spiral", "--activation", "LeakyReLU", "--out", str(tmp_path / "c.png")]) == 2
    assert "invalid choice: 'LeakyReLU'" in capsys.readouterr().err
    with pytest.raises(nnviz.UsageError, match="not 'LeakyReLU'"):
        nnviz.Recorder(hidden="LeakyReLU")


def test_an_answer_too_long_for_its_line_drops_sure_before_cutting_the_class():
    """ "It says Ankle b… (99.7% sure)  ✓ correct" at 1920x1080: the line says the same in
    fewer words ("It says Ankle boot (99.7%)") before a class name is cut."""
    from nnviz.render import Renderer
    from nnviz.story import unfold

    names = ["T-shirt", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
             "Ankle boot"]
    X = np.random.default_rng(0).random((20, 16))
    rec = nnviz.Recorder(hidden="relu", output="softmax", classes=names, data=(X, np.full(20, 9)),
                         image_shape=(4, 4))
    W2 = np.zeros((5, 10))
    W2[:, 9] = 1.6  # every picture: Ankle boot by a logit of 8, 99.7 % sure
    rec.record(1, weights=[np.zeros((16, 5)), W2], biases=[np.ones(5), np.zeros(10)], example=0)
    shot = next(s for s in unfold(nnviz.recording_file.recording_subject(rec.recording).begin(1), 1)
                if s.snapshot is not None)
    with Renderer(rec.recording.setup, 1920, 1080) as renderer:
        renderer.draw(shot)
        said = renderer.panel.line2.get_text()
    assert said.startswith("It says Ankle boot (") and said.endswith("%)") and "…" not in said


def test_a_weight_of_zero_is_drawn_neither_green_nor_red():
    """A network started from zeros (a softmax regression's usual start) had been drawn in
    faint green, as if every weight were positive: a zero weight is drawn in the muted grey."""
    from matplotlib.colors import to_rgb

    from nnviz.render import Renderer
    from nnviz.story import unfold
    from nnviz.style import DARK

    X = np.random.default_rng(0).random((20, 3))
    rec = nnviz.Recorder(hidden="tanh", output="binary", classes=["a", "b"], data=(X, np.arange(20) % 2))
    W = [np.zeros((3, 4)), np.array([[1.0], [0.0], [-1.0], [0.0]])]
    rec.record(0, weights=W, example=0)
    shot = next(s for s in unfold(recording_subject(rec.recording).begin(1), 1) if s.snapshot is not None)
    with Renderer(rec.recording.setup, 1280, 720) as renderer:
        renderer.draw(shot)
        colours = renderer.diagram._synapses.get_edgecolor()[-16:, :3]  # every synapse, last
    weights = np.concatenate([w.ravel() for w in W])
    expected = {0: to_rgb(DARK.muted), 1: to_rgb(DARK.positive), -1: to_rgb(DARK.negative)}
    for colour, weight in zip(colours, weights):
        # Lightened towards white by the signal carried: the hue stays the weight's.
        base = np.array(expected[int(np.sign(weight))])
        assert np.allclose(colour, base, atol=0.25) and np.argmax(colour) == np.argmax(base), weight


@pytest.mark.parametrize("logged, unlogged", [({}, ("loss", "accuracy")), ({"loss": 0.5}, ("accuracy",)),
                                              ({"test_accuracy": 0.5}, ("loss",))])
def test_a_curve_a_loop_never_logged_says_so_on_its_plot(logged, unlogged):
    """An empty plot, axes and all, had stood unexplained where a loop logged no accuracy."""
    from nnviz.render import Renderer

    X = np.random.default_rng(0).random((20, 3))
    rec = nnviz.Recorder(hidden="tanh", output="binary", classes=["a", "b"], data=(X, np.arange(20) % 2))
    rec.record(1, weights=[np.ones((3, 4)), np.ones((4, 1))], example=0, **logged)
    setup = rec.recording.setup
    assert setup.unlogged == unlogged
    with Renderer(setup, 1280, 720) as renderer:
        said = {t.get_text() for t in renderer.ax.texts}
    notes = {f"no {what} logged" for what in ("loss", "accuracy")}
    assert notes & said == {f"no {what} logged" for what in unlogged}


def test_a_recording_is_annotated_as_it_is_filmed(tmp_path):
    """rec.video(annotate=True) had been refused ("annotate is chosen before training"), and
    rec.still(annotate=True) a TypeError: writing the weights needs no training. Every
    recorded weight is written on its wire, by the API, the Recorder and nnviz render."""
    from nnviz.render import Renderer
    from nnviz.story import unfold

    rng = np.random.default_rng(3)
    rec = nnviz.Recorder(hidden="tanh", output="binary")
    for step in (1, 2):
        rec.record(step, weights=[rng.normal(size=(2, 3)), rng.normal(size=(3, 1))], inputs=[0.5, -1.0])
    final = rec.recording.snapshots[-1].network
    subject = recording_subject(rec.recording, annotate=True)
    assert subject.annotate and subject.begin(2).setup.annotate
    shot = [s for s in unfold(subject.begin(2), 1) if s.snapshot is not None][-1]
    with Renderer(subject.begin(2).setup, 1280, 720) as renderer:
        renderer.draw(shot)
        written = sorted(t.get_text() for t in renderer.annotations.weights)
    expected = sorted(f"{w:.2f}".replace("-", "\u2212") for W in final.W for w in W.ravel())
    assert written == expected
    plain = rec.still(width=1280, height=720).image
    annotated = rec.still(width=1280, height=720, annotate=True).image
    assert not np.array_equal(plain, annotated)
    assert rec.video(tmp_path / "v.mp4", width=1280, height=720, quality="draft", annotate=True)
    path = rec.save(tmp_path / "run.npz")
    assert main(["render", str(path), "--annotate", "--still", "after", "--size", "1280x720", "--out",
                 str(tmp_path / "a.png"), "--quiet"]) == 0
    assert np.array_equal(decode(tmp_path / "a.png")[0][..., :3], annotated[..., :3])


@pytest.mark.parametrize("make, said", [
    (lambda rec, tmp: rec.video(tmp / "v.mp4", width=640, height=360, annotate=True),
     "annotate needs room to write every weight legibly"),
    (lambda rec, tmp: nnviz.still(rec.recording, annotate="yes"), "annotate is True or False, not 'yes'"),
    (lambda rec, tmp: nnviz.still(nnviz.api.xor_subject(nnviz.api.XorTraining(), None), annotate=True),
     "annotate is chosen with the training"),
])
def test_annotate_asked_where_it_cannot_be_is_refused_before_any_work(tmp_path, make, said):
    rec = nnviz.Recorder()
    rec.record(1, weights=[np.ones((2, 3)), np.ones((3, 1))])
    with pytest.raises(UsageError, match=said):
        make(rec, tmp_path)
    assert not list(tmp_path.iterdir())


def test_a_wide_recording_is_not_annotated():
    rec = nnviz.Recorder()
    rec.record(1, weights=[np.ones((5, 6)), np.ones((6, 1))])
    with pytest.raises(UsageError, match=r"at most 20 synapses between two layers .* and this one has 30 "
                                         r"between layers 1 and 2; drop it"):
        rec.video(annotate=True)
    # Few synapses but a layer drawn in part: 1-20-1 had had 28 of its 40 weights left out.
    for sizes in ((1, 20, 1), (2, *[4] * 12, 1)):
        tall = nnviz.Recorder()
        tall.record(1, weights=[np.ones((a, b)) for a, b in zip(sizes, sizes[1:])])
        said = "every neuron must be drawn: at most 16 neurons a layer and 10 layers, and this network's are "
        with pytest.raises(UsageError, match=said + "-".join(map(str, sizes))):
            tall.video(annotate=True)


def test_dropout_masks_that_never_drop_a_neuron_are_noted(tmp_path):
    """An evaluation pass between the training pass and record() leaves the README's hook
    holding empty masks: every shot had said "Dropout: 0 of 20 hidden neurons left out"."""
    def made(dropped):
        rec = nnviz.Recorder(hidden="relu", output="binary", dropout=0.5)
        for step in (1, 2):
            rec.record(step, weights=[np.ones((2, 4)), np.ones((4, 1))], inputs=[0.5, 0.5],
                       dropped=[np.array(dropped)])
        return rec.video(tmp_path / "v.mp4", width=640, height=360, quality="draft").notes

    assert made([False] * 4) == ["dropout=0.5, but no recorded example had a neuron dropped: were the masks "
                                 "taken after a pass in eval mode? Record them from the training pass"]
    assert made([True, False, True, False]) == []


def test_saving_never_holds_the_records_as_one_array_of_doubles(tmp_path):
    """3,000 records of 784-32-10 (0.7 GB held) had taken 2.6 GB to save: every array built
    at once as doubles, compared with its singles, and compressed into memory. Saving now
    holds one array at a time, narrowed record by record."""
    import tracemalloc

    rng = np.random.default_rng(0)
    rec = nnviz.Recorder(at=list(range(1, 201)))
    W = rng.normal(size=(100, 50)).astype(np.float32)
    for step in range(1, 201):
        rec.record(step, weights=[W + step, np.ones((50, 1), dtype=np.float32)])
    doubles = 200 * 100 * 50 * 8  # the weights of every record as one array of doubles: 8 MB
    tracemalloc.start()
    try:
        rec.save(tmp_path / "run.npz")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # The singles, the bytes written and the compressor's buffer: about 2.2 times the doubles
    # (3.5 times when the doubles were built whole, then compared with their singles).
    assert peak < doubles * 2.8, f"{peak / 1e6:.1f} MB"
    back = nnviz.load(tmp_path / "run.npz")
    assert all(np.array_equal(a.network.W[0], W + s) for s, a in zip(range(1, 201), back.snapshots))
    with np.load(tmp_path / "run.npz") as saved:
        assert saved["W0"].dtype == np.float32  # as singles, losslessly


def test_a_step_recorded_beyond_steps_is_noted(tmp_path):
    """Step 150 of a Recorder(steps=100) had made the video say "Step 150 of 150" without a word."""
    rec = nnviz.Recorder(steps=100)
    for step in (0, 100, 150):
        rec.record(step, weights=[np.ones((2, 3)) * step, np.ones((3, 1))], loss=1 / (step + 1))
    made = rec.video(tmp_path / "v.mp4", width=640, height=360, quality="draft")
    assert made.notes == ["step 150 was recorded beyond steps=100: the video says the run is 150 steps long "
                          "(give the loop's own length as steps=)"]


def test_the_accuracy_check_keeps_quiet_where_it_cannot_judge(tmp_path):
    """No note where the weights' accuracy is not what the video computes, or where the log
    is rightly another number: an activation the Recorder was not told (ELU), dropout's
    training passes, one example's right or wrong logged. A binary output without class
    names is judged as with them."""
    X = np.array([[1.0, 0.0], [-1.0, 0.0], [2.0, 0.0], [-2.0, 0.0]] * 5)
    y = np.array([1, 0, 0, 1] * 5)  # these weights say "right" for x1 > 0: one row in two
    W = [np.array([[1.0], [0.0]]), np.array([[4.0]])]

    def notes(logged, **named):
        rec = nnviz.Recorder(data=(X, y), **named)
        for step, value in enumerate(logged, 1):
            rec.record(step, weights=W, accuracy=value, example=0,
                       **({"dropped": [np.array([False])]} if "dropout" in named else {}))
        return rec.video(tmp_path / "v.mp4", width=640, height=360, quality="draft").notes

    assert notes([1.0], hidden="tanh", output="binary")  # judged without classes= too
    assert not notes([1.0], output="binary")  # hidden not named: the activation is a guess
    assert not notes([1.0, 0.0, 1.0, 1.0, 0.0], hidden="tanh", output="binary")  # one example's
    assert not [n for n in notes([1.0], hidden="tanh", output="binary", dropout=0.5) if "classify" in n]


def test_an_annotated_weight_of_zero_is_written_in_the_muted_colour(tmp_path):
    """Its wire is muted grey; its number had been written in the positive green."""
    from dataclasses import replace

    from matplotlib.colors import to_rgb

    from nnviz.render import Renderer
    from nnviz.story import unfold

    X = np.random.default_rng(0).random((20, 2))
    rec = nnviz.Recorder(hidden="tanh", output="binary", classes=["a", "b"], data=(X, np.arange(20) % 2))
    rec.record(1, weights=[np.array([[0.0, 1.0], [-1.0, 0.5]]), np.array([[0.0], [2.0]])], example=0)
    assert rec.video(tmp_path / "v.mp4", width=1280, height=720, quality="draft", annotate=False)  # taken
    shot = next(s for s in unfold(recording_subject(rec.recording).begin(1), 1) if s.snapshot is not None)
    with Renderer(replace(rec.recording.setup, annotate=True), 1280, 720) as renderer:
        renderer.draw(shot)
        written = {t.get_text(): np.array(to_rgb(t.get_color())) for t in renderer.annotations.weights}
    grey, green = written["0.00"], written["1.00"]
    assert np.argmax(green) == 1 and not np.allclose(grey, green, atol=0.1)
    assert np.ptp(grey) < 0.2  # no hue: the muted grey's mix


def test_data_labelled_among_class_names_is_refused_naming_the_names_not_outputs():
    """Three class names, labels and output='binary', given before any network: the refusal
    had spoken of "3 outputs" for a network of one."""
    with pytest.raises(UsageError, match=r"labels, one per example, among 3 class names: one class of 3"):
        nnviz.Recorder(hidden="tanh", output="binary", classes=["a", "b", "c"],
                       data=(np.zeros((6, 2)), np.arange(6) % 2))


def test_a_summary_says_an_unmeasured_accuracy_as_null(tmp_path, monkeypatch):
    """A recording without a test set had no test_accuracy key at all (a notebook's
    d["test_accuracy"] raised KeyError), where every other absent value is null."""
    rec = nnviz.Recorder(hidden="tanh", output="binary")
    for step in (1, 5):
        rec.log(step, loss=1 / step, accuracy=0.5 + step / 10)
        rec.record(step, weights=[np.ones((2, 3)), np.ones((3, 1))])
    rec.save(tmp_path / "run.npz")
    monkeypatch.chdir(tmp_path)
    assert main(["render", "run.npz", "--size", "640x360", "--json", "run.json", "--quiet"]) == 0
    summary = json.loads((tmp_path / "run.json").read_text())
    assert summary["test_accuracy"] is None and summary["train_accuracy"] == pytest.approx(1.0)


@pytest.mark.parametrize("output, classes", [("softmax", ["cat", "dog", "owl"]), ("binary", ["no", "yes"])])
def test_labels_that_are_class_names_are_read_as_their_classes(output, classes):
    """A data frame's labels are often names: numpy had said "could not convert string to
    float: np.str_('a')"; with classes= naming them they are the classes, in that order."""
    rng = np.random.default_rng(0)
    X, k = rng.normal(size=(30, 2)), len(classes)
    numbers = np.arange(30) % k
    named = np.array(classes, dtype=object)[numbers]  # as pandas holds them
    outputs = k if output == "softmax" else 1
    W = [rng.normal(size=(2, 4)), rng.normal(size=(4, outputs))]
    by_name = nnviz.Recorder(hidden="tanh", output=output, classes=classes, data=(X, list(named)),
                             test=(X[:6], named[:6].astype(str)))
    by_number = nnviz.Recorder(hidden="tanh", output=output, classes=classes, data=(X, numbers),
                               test=(X[:6], numbers[:6]))
    for rec in (by_name, by_number):
        rec.record(1, weights=W, example=4)
        rec.record(2, weights=W, inputs=X[5], target=classes[-1] if rec is by_name else k - 1)
    a, b = by_name.recording, by_number.recording
    np.testing.assert_array_equal(a.dataset.targets, b.dataset.targets)
    np.testing.assert_array_equal(a.dataset.test_targets, b.dataset.test_targets)
    for x, y in zip(a.snapshots, b.snapshots):
        np.testing.assert_array_equal(x.target, y.target)
    assert a.snapshots[0].target.argmax() == 4 % k or output == "binary"


@pytest.mark.parametrize("make, said", [
    (lambda X: nnviz.Recorder(output="softmax", data=(X, np.array(["a", "b"] * 10))),
     "data's labels are names, such as 'a': give classes=[...] naming them in the order of the outputs"),
    (lambda X: nnviz.Recorder(output="softmax", classes=["a", "c"], data=(X, ["a", "b"] * 10)),
     "data's label 'b' is not one of the classes (a, c)"),
    (lambda X: nnviz.Recorder(output="softmax", classes=["a", "b"], data=(X, ["a", "b"] * 10),
                              test=(X, ["a", 1] * 10)),
     "test's label '1' is not one of the classes (a, b)"),  # numpy made the list strings
])
def test_labels_that_name_no_class_are_refused_by_name(make, said):
    with pytest.raises(UsageError) as refused:
        make(np.zeros((20, 2)))
    assert said in str(refused.value)


def test_classes_named_by_digits_are_read_by_name():
    """Classes named "1" and "0": label "1" had been read as the number 1, the second class,
    named "0" (a silent swap); classes "10" and "20" had been refused as labels beyond 1."""
    X = np.random.default_rng(0).normal(size=(20, 2))
    labels = ["1", "0"] * 10
    for classes, wanted in ((["1", "0"], [0, 1]), (["10", "20"], None)):
        given = labels if wanted else ["10", "20"] * 10
        rec = nnviz.Recorder(hidden="tanh", output="binary", classes=classes, data=(X, given))
        rec.record(1, weights=[np.ones((2, 3)), np.ones((3, 1))], inputs=X[0], target=given[1])
        rec.record(2, weights=[np.ones((2, 3)), np.ones((3, 1))], inputs=X[0], target=np.array(given)[1:2])
        recording = rec.recording
        assert recording.dataset.targets[:2, 0].tolist() == [0, 1]  # named classes[0], classes[1]
        assert [s.target.tolist() for s in recording.snapshots] == [[1.0], [1.0]]


def test_labels_that_are_numbers_written_as_text_are_numbers():
    """np.loadtxt(dtype=str) gives "0" and "1": read as numbers, as before labels could be
    names, not refused as names of no class."""
    X = np.random.default_rng(0).normal(size=(20, 2))
    rec = nnviz.Recorder(hidden="tanh", output="binary", data=(X, np.array(["0", "1"] * 10)))
    rec.record(1, weights=[np.ones((2, 3)), np.ones((3, 1))], example=1)
    assert rec.recording.dataset.targets[:4, 0].tolist() == [0, 1, 0, 1]
    named = nnviz.Recorder(hidden="tanh", output="softmax", classes=["cat", "dog"])
    with pytest.raises(UsageError, match=r"^target 'owl' is not one of the classes \(cat, dog\)$"):
        named.record(1, weights=[np.ones((2, 3)), np.ones((3, 2))], inputs=[0, 1], target="owl")


def test_a_recording_of_weights_alone_says_so_where_an_example_would_be_said():
    """Without inputs= the panel had read "Inputs [—, —]"."""
    from nnviz.render.run_caption import RunStory, _example, run_caption
    from nnviz.story import unfold
    from nnviz.timeline import Moment

    for rec in (nnviz.Recorder(), nnviz.Recorder(hidden="tanh", output="softmax", classes=["a", "b", "c"])):
        outputs = 3 if rec.classes else 1
        for step in (0, 1, 2):
            rec.record(step, weights=[np.full((2, 3), step), np.ones((3, outputs))], loss=1 / (step + 1))
        recording = rec.recording
        training = [s for s in unfold(recording, 1) if s.moment is Moment.TRAINING]
        lines = run_caption(training[0], RunStory(recording.setup)).lines
        assert "The weights alone (no example recorded)" in lines, lines  # with classes: "A training example"
        assert not any("—" in line or "example" in line.replace("no example", "") for line in lines)
        snap = training[0].snapshot  # where there is no room: fewer words
        said = _example(RunStory(recording.setup), snap.inputs, snap.target, snap.output, True)
        assert said[:2] == ("The weights alone (no example recorded)", "The weights alone")


def test_an_unknown_option_of_a_still_is_named():
    """rec.still("a.png", neuron_maps=True), nnviz.still and nnviz.xor_still had raised
    Python's TypeError about a function the caller never called; rec.video says "unknown
    option" and so does every still."""
    rec = nnviz.Recorder(hidden="tanh", output="binary")
    rec.record(1, weights=[np.ones((2, 2)), np.ones((2, 1))])
    for make in (lambda **o: rec.still(width=640, **o), lambda **o: nnviz.still(rec, **o),
                 lambda **o: nnviz.xor_still(**o), lambda **o: nnviz.plane_still("circles", **o)):
        with pytest.raises(UsageError, match=r"^unknown option: widht \(did you mean width\?\)$"):
            make(widht=360)
    with pytest.raises(UsageError, match=r"^unknown options: bogus, neuron_maps$"):
        rec.still(neuron_maps=True, bogus=1)


def test_a_recorder_s_plane_of_more_classes_than_colours_is_noted():
    """Two inputs and twelve classes get the curves, not the map, and the Recorder says so as
    a table's run does (it had shown the curves without a word)."""
    rng = np.random.default_rng(4)
    x, y = rng.normal(size=(48, 2)), np.arange(48) % 12
    rec = nnviz.Recorder(hidden="tanh", output="softmax", data=(x, y), steps=1)
    rec.record(1, weights=[rng.normal(size=(2, 5)), rng.normal(size=(5, 12))], example=0)
    assert "12 classes: more than a decision map's 8 colours" in " ".join(rec.recording.notes)
    few = nnviz.Recorder(hidden="tanh", output="softmax", data=(x, np.arange(48) % 8), steps=1)
    few.record(1, weights=[rng.normal(size=(2, 5)), rng.normal(size=(5, 8))], example=0)
    assert not any("decision map" in note for note in few.recording.notes)


def test_a_loop_that_logs_only_test_values_has_them_said_as_the_test_s():
    """A loop logging its test accuracy alone had a heading "accuracy · test 95%" (a name
    missing its value) and no accuracy at all in the closing panel."""
    from nnviz.render import Renderer
    from nnviz.render.run_caption import RunStory, run_caption
    from nnviz.story import unfold
    from nnviz.timeline import Moment

    rng = np.random.default_rng(0)
    x = rng.normal(size=(40, 3))
    rec = nnviz.Recorder(hidden="tanh", output="binary", data=(x, (x[:, 0] > 0).astype(int)), steps=5)
    W = [rng.normal(size=(3, 4)), rng.normal(size=(4, 1))]
    for step in range(1, 6):
        rec.record(step, weights=W, example=step, loss=0.5 / step, test_accuracy=0.9 + 0.01 * step)
    shots = list(unfold(rec.recording, 1))
    after = next(s for s in shots if s.moment is Moment.AFTER)
    words = run_caption(after, RunStory(rec.recording.setup))
    assert words.lines[0] == "Test accuracy: 95.0%" and words.lines[1] == "Loss: 0.100"
    for size in ((1280, 720), (640, 360)):
        with Renderer(rec.recording.setup, *size) as renderer:
            for shot in shots:
                renderer.draw(shot)
                heading = renderer.panel.plots["accuracy"].heading.get_text()
                if shot.snapshot is not None or shot.moment is Moment.AFTER:
                    assert heading.startswith("test accuracy ") and "·" not in heading, heading
