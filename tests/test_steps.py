"""Step mode (--steps): the forward pass, the error and the backward pass of each training
example, checked against the maths (finite differences) and in the decoded video."""

import json
import wave
from dataclasses import replace

import numpy as np
import pytest
from command import refused_in_process
from media import decode, packet_times

from nnviz.cli import main
from nnviz.data import xor
from nnviz.data.plane import plane
from nnviz.layout import network_layout
from nnviz.network import Network
from nnviz.render import Renderer
from nnviz.render.caption import Story, caption
from nnviz.steps import exact_story, overview, step_holds, stepped_holds, trip, view, walk
from nnviz.steps import picture as step_picture
from nnviz.story import story
from nnviz.style import DARK
from nnviz.timeline import Moment
from nnviz.train import TrainConfig, train

W, H, FPS = 640, 360, 10
SHOT = 3.0  # seconds per shot
XOR_SHOTS = 1 + 7 + 2  # one shown cycle: before, seven examples, after, the new situation


# ------------------------------------------------------------------------------- the maths
@pytest.fixture(scope="module")
def online():
    return train(xor(), TrainConfig(train_cycles=40, shown=3))


def _loss(network: Network, x, t) -> float:
    return network.loss(np.asarray(x, dtype=float), np.asarray(t, dtype=float))


def _finite_gradient(network: Network, x, t, h: float = 1e-6) -> list[np.ndarray]:
    """−∂E/∂W by central differences, every weight in turn."""
    def moved(layer, index, by):
        Ws = [W.copy() for W in network.W]
        Ws[layer][index] += by
        return _loss(replace(network, W=tuple(Ws)), x, t)

    out = []
    for layer, W in enumerate(network.W):
        slope = np.zeros_like(W)
        for index in np.ndindex(W.shape):
            slope[index] = -(moved(layer, index, h) - moved(layer, index, -h)) / (2 * h)
        out.append(slope)
    return out


def test_an_online_update_is_undone_exactly(online):
    setup = online.setup
    snaps = online.snapshots
    for k, snap in enumerate(snaps):
        step = trip(snap, setup, None)
        assert step.exact
        again = step.before.forward(snap.inputs)
        for mine, recorded in zip(again, snap.activations):  # the forward pass ran on these weights
            np.testing.assert_allclose(mine, recorded, atol=1e-12)
        for after, network in zip(step.after.W, snap.network.W):
            np.testing.assert_array_equal(after, network)
        if k and snaps[k - 1].step == snap.step:  # within a cycle: the previous example's weights
            for before, previous in zip(step.before.W, snaps[k - 1].network.W):
                np.testing.assert_allclose(before, previous, atol=1e-12)


def test_the_update_shown_is_the_learning_rate_times_the_finite_difference_gradient(online):
    setup = online.setup
    for snap in online.snapshots[::5]:
        step = trip(snap, setup, None)
        slopes = _finite_gradient(step.before, snap.inputs, snap.target)
        for before, after, gradient, slope in zip(step.before.W, step.after.W, step.gradients, slopes):
            np.testing.assert_allclose(gradient, slope, atol=1e-7)
            np.testing.assert_allclose(after - before, setup.learning_rate * slope, atol=1e-7)


@pytest.fixture(scope="module")
def epochs():
    config = TrainConfig(train_cycles=6, shown=3, hidden=(5, 4), activation="tanh", output="binary",
                         batch=16, learning_rate=0.1, init="glorot", story="classes")
    return train(plane("circles", samples=200), config)


def test_between_epochs_the_example_s_own_gradient_flashes_and_the_weights_move_to_the_next(epochs):
    setup = epochs.setup
    first, second = epochs.snapshots[:2]
    step = trip(first, setup, second.network, second.step)
    assert not step.exact and step.next_step == second.step
    slopes = _finite_gradient(first.network, first.inputs, first.target)
    for gradient, slope in zip(step.gradients, slopes):
        np.testing.assert_allclose(gradient, slope, atol=1e-7)
    assert step.before is first.network and step.after is second.network
    # the deltas: the output's is target − output (sigmoid with cross-entropy)
    np.testing.assert_allclose(step.deltas[-1], first.target - first.activations[-1], atol=1e-12)


# ------------------------------------------------------------------------------- the timing
@pytest.mark.parametrize("frames", [1, 2, 3, 7, 30, 61, 240])
@pytest.mark.parametrize("exact", [True, False])
def test_a_stepped_shot_keeps_its_frames_and_shows_itself_once(online, frames, exact):
    holds = step_holds(frames, 3, exact)
    assert sum(holds) == frames and min(holds) >= 1
    assert stepped_holds([frames, 5, frames], [True, False, True], 3, exact) == [*holds, 5, *holds]


def test_every_training_shot_becomes_pictures_that_fill_its_hold_with_the_shot_once(online):
    shots = story(online, 30)
    pictures = list(walk(shots, online.setup))
    training = [s.moment is Moment.TRAINING for s in shots]
    holds = stepped_holds([s.frames for s in shots], training, 3, True)
    assert [p.frames for p in pictures] == holds
    settled = [p for p in pictures if not p.in_between]
    assert [(p.moment, p.snapshot) for p in settled] == [(s.moment, s.snapshot) for s in shots]
    for p in settled:  # the shot itself: the stills of step mode are the stills without it
        assert p.step is None


# ------------------------------------------------------------------------------- the pictures
def test_numbers_and_answers_arrive_with_the_forward_pass(online):
    snap = online.snapshots[3]
    step = trip(snap, online.setup, None)
    shot = next(s for s in story(online, 30) if s.snapshot is snap)
    words = Story(online.dataset, online.sizes, 40)
    for stage in range(3):
        said = caption(replace(shot, step=view(step, stage, 0.2)), words)
        counts = np.cumsum([0, *online.sizes])
        for layer in range(3):
            shown = said.values[counts[layer]:counts[layer + 1]]
            assert all(v == "" for v in shown) == (layer >= stage)  # lit layers only
        assert said.network is None  # the output has not thought yet
    said = caption(replace(shot, step=view(step, 3, 0.5)), words)  # the error
    assert said.network == f"{snap.output[0]:.2f}" == said.values[-1]


def test_before_the_answer_a_later_cycle_says_the_previous_cycle_s_average_error(online):
    """With one cycle shown (the last), its first example's forward pass had said "Average
    error: not measured yet" under "Cycle 40 of 40": the panel kept the picture before it
    (before training). The previous cycle's average is known before any answer, as the
    video without steps says; the first cycle keeps the one before its example."""
    words = Story(online.dataset, online.sizes, 40)
    shots = story(online, 30)
    pictures = list(walk(shots, online.setup))
    waiting = [p for p in pictures if p.step is not None and not p.step.answered
               and p.snapshot.example == 0]
    assert {p.snapshot.step for p in waiting} == {s.snapshot.step for s in shots
                                                  if s.moment is Moment.TRAINING and s.snapshot.example == 0}
    for picture in waiting:
        said = caption(picture, words)
        own = caption(replace(picture, step=None, in_between=False, previous=None), words)
        if picture.snapshot.step == 1:
            assert said.error == caption(picture.previous, words).error
        else:
            assert said.error == own.error and "previous cycle" in said.error[0][0]
            assert said.error_bar == own.error_bar > 0


def _pixel(frame, point, layout, reach=1):
    x, y = np.round(layout.to_pixels(point)).astype(int)
    return frame[y - reach : y + reach + 1, x - reach : x + reach + 1, :3].astype(float).mean(axis=(0, 1))


def test_the_error_rings_the_output_in_the_error_colour(online):
    snap = max(online.snapshots, key=lambda s: abs(s.error[0]))
    step = trip(snap, online.setup, None)
    shot = next(s for s in story(online, 30) if s.snapshot is snap)
    renderer = Renderer(online.setup, 1920, 1080)
    layout = renderer.layout
    quiet = renderer.draw(replace(shot, step=view(step, 3, 0.0))).copy()  # before the error shows
    error = renderer.draw(replace(shot, step=view(step, 4, 0.0))).copy()  # the error shown
    centre = layout.centres[-1][0]
    ring = renderer.step_marks.rings
    inner = (ring.get_linewidths()[-1] / 2) / 72 * renderer.figure.dpi / layout.stage_pixels
    edge = centre + np.array([layout.radius - inner * 1.2, 0.0])  # on the ring, inside the neuron
    flash = np.array([int(DARK.gradient[i : i + 2], 16) for i in (1, 3, 5)])
    assert np.abs(_pixel(error, edge, layout) - flash).max() < 40
    assert np.abs(_pixel(quiet, edge, layout) - flash).max() > 80
    assert renderer.step_marks.phase.get_text().startswith("Error at the output: target")


@pytest.mark.parametrize("size, in_place", [((640, 360), True), ((720, 1280), True), ((1280, 720), False)])
def test_a_compact_frame_says_the_step_in_the_layer_titles_place(online, size, in_place):
    """At 640x360 the step's line had stood 3 pixels under the frame's top and 2 over the
    layer titles: in a compact frame it takes their place while a step shows."""
    snap = online.snapshots[0]
    shot = next(s for s in story(online, 30) if s.snapshot is snap)
    before = next(s for s in story(online, 30) if s.moment is Moment.BEFORE)
    with Renderer(online.setup, *size, steps=True) as renderer:
        titles = renderer.diagram.layer_titles
        renderer.draw(replace(shot, step=view(trip(snap, online.setup, None), 4, 0.0)))
        r = renderer.canvas.get_renderer()
        phase = renderer.step_marks.phase.get_window_extent(r)
        height = renderer.canvas.get_width_height()[1]
        assert renderer.step_marks.phase.get_visible()
        assert all(t.get_visible() != in_place for t in titles)
        if in_place:
            assert height - phase.y1 >= 8  # clear of the frame's top
            assert min(t.get_window_extent(r).y0 for t in titles) <= phase.y1  # in their line
        renderer.draw(before)
        assert all(t.get_visible() for t in titles) and not renderer.step_marks.phase.get_visible()


@pytest.mark.parametrize("k", [1, 5, 9])
def test_the_error_rings_compare_across_layers_as_the_deltas_do(online, k):
    """The output's ring is as wide as its error; a hidden neuron's is its delta's share of
    the output's delta (a cube root) on that scale: thinner than the output's when its delta
    is smaller, and the hidden rings ordered as their deltas."""
    from nnviz.render.step_marks import RING_WIDTH

    snap = online.snapshots[k]
    step = trip(snap, online.setup, None)
    shot = next(s for s in story(online, 30) if s.snapshot is snap)
    renderer = Renderer(online.setup, 1920, 1080)
    renderer.draw(replace(shot, step=overview(step)))
    widths = np.asarray(renderer.step_marks.rings.get_linewidths(), dtype=float)
    # The deltas by hand, on the weights the forward pass ran on (sigmoid, squared error).
    x, hidden, output = (np.asarray(a, dtype=float) for a in step.activations)
    error = np.asarray(snap.target, dtype=float) - output
    delta_out = error * output * (1 - output)
    delta_hidden = (step.before.W[1] @ delta_out) * hidden * (1 - hidden)
    low, high = RING_WIDTH
    np.testing.assert_allclose(widths[-1], low + (high - low) * abs(error[0]), rtol=1e-6)
    share = np.cbrt(np.abs(delta_hidden) / abs(delta_out[0]))
    expected = low + (high - low) * np.clip(share * abs(error[0]), 0, 1)
    np.testing.assert_allclose(widths[:-1], expected, rtol=1e-6)
    thinner = np.abs(delta_hidden) < abs(delta_out[0])
    assert np.all(widths[:-1][thinner] < widths[-1])
    order = np.argsort(np.abs(delta_hidden))
    assert np.all(np.diff(widths[:-1][order]) >= 0)


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    folder = tmp_path_factory.mktemp("steps")
    common = ["xor", "--size", f"{W}x{H}", "--fps", str(FPS), "--seconds-per-shot", str(SHOT),
              "--train-cycles", "60", "--cycles", "1", "--quiet"]
    out = folder / "steps.mp4"
    assert main([*common, "--steps", "--out", str(out), "--json", str(folder / "steps.json")]) == 0
    plain = folder / "plain.mp4"
    assert main([*common, "--out", str(plain), "--json", str(folder / "plain.json")]) == 0
    return folder, out, plain


def test_step_mode_keeps_the_video_s_timing(made):
    folder, out, plain = made
    summaries = [json.loads((folder / f"{name}.json").read_text()) for name in ("steps", "plain")]
    assert summaries[0]["shot_starts_s"] == summaries[1]["shot_starts_s"]
    assert packet_times(out)[1] == pytest.approx(packet_times(plain)[1], abs=1e-9) == XOR_SHOTS * SHOT


def test_the_output_lights_after_the_inputs_and_synapses_change_as_the_backward_pass_reaches_them(made):
    _, out, _ = made
    frames = decode(out, fps=FPS)
    per_shot = round(SHOT * FPS)
    run = train(xor(), TrainConfig(train_cycles=60, shown=1))
    snap = run.snapshots[0]  # the first example, inputs [0, 0, 1]
    shot = frames[per_shot : 2 * per_shot]
    layout = network_layout(run.sizes, W, H)
    lit_input = int(np.argmax(snap.inputs))
    brightness = {
        name: np.array([_pixel(f, centre, layout, 2).mean() for f in shot])
        for name, centre in (("input", layout.centres[0][lit_input]), ("output", layout.centres[-1][0]))
    }

    def first_lit(series):
        return int(np.argmax(series >= (series.min() + series.max()) / 2))

    assert first_lit(brightness["output"]) > first_lit(brightness["input"]) + 2
    # a synapse of the first layer (from the lit input) and one of the last, each 40 % along
    # its line: after the forward pass, the last layer's changes first, the first layer's later
    step = trip(snap, run.setup, None)
    segments = layout.synapses()
    hidden = int(np.argmax(np.abs(step.gradients[0][lit_input])))
    first = segments[lit_input * run.sizes[1] + hidden]
    last = segments[run.sizes[0] * run.sizes[1] + int(np.argmax(np.abs(step.gradients[1][:, 0])))]
    done = first_lit(brightness["output"]) + 1

    def first_change(segment):
        x, y = np.round(layout.to_pixels(segment[0] + 0.4 * (segment[1] - segment[0]))).astype(int)
        patches = shot[done:, y - 3 : y + 4, x - 3 : x + 4].astype(int)  # the line and beside it
        moved = np.abs(patches - patches[0]).max(axis=(1, 2, 3)) > 40
        assert moved.any()
        return int(np.argmax(moved))

    assert first_change(first) > first_change(last) + 1


def test_step_mode_follows_the_beats(tmp_path):
    rate, bpm, seconds = 22_050, 120, 8.0
    t = np.arange(int(rate * seconds)) / rate
    sound = 0.1 * np.sin(2 * np.pi * 220 * t)
    for click in np.arange(0.25, seconds - 0.05, 60 / bpm):
        i = int(click * rate)
        sound[i : i + 400] += 0.8 * np.sin(2 * np.pi * 2000 * t[:400]) * np.exp(-t[:400] * 200)
    track = tmp_path / "clicks.wav"
    with wave.open(str(track), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes((np.clip(sound, -1, 1) * 32767).astype("<i2").tobytes())
    starts = []
    for extra in ([], ["--steps"], ["--steps", "--smooth"]):
        summary = tmp_path / "summary.json"
        assert main(["xor", "--out", str(tmp_path / "beats.mp4"), "--music", str(track), "--beats",
                     "--size", f"{W}x{H}", "--fps", "30", "--train-cycles", "60", "--json", str(summary),
                     "--quiet", *extra]) == 0
        starts.append(json.loads(summary.read_text())["shot_starts_s"])
    assert starts[0] == starts[1] == starts[2]


def test_a_still_of_a_step_tells_the_whole_step(tmp_path):
    out = tmp_path / "step.svg"
    assert main(["xor", "--still", "cycle:1/example:2", "--steps", "--train-cycles", "60", "--out",
                 str(out), "--quiet"]) == 0
    svg = out.read_text()
    assert "One training step: forward pass, error at each neuron (rings)" in svg


@pytest.mark.parametrize("moment", ["after", "before", "new", "test:1"])
def test_a_still_of_a_moment_that_is_not_a_step_is_refused_before_training(tmp_path, capsys, monkeypatch,
                                                                            moment):
    import nnviz.api

    def trained(*args, **kwargs):
        raise AssertionError("trained before refusing")

    monkeypatch.setattr(nnviz.api, "begin", trained)
    line = refused_in_process(["xor", "--still", moment, "--steps", "--out", "a.png"], tmp_path, capsys,
                              monkeypatch)
    assert f"--steps shows a training step, and {moment} is not one" in line
    assert not (tmp_path / "a.png").exists()


def test_the_overview_flashes_every_synapse_by_its_gradient(online):
    snap = online.snapshots[1]
    step = trip(snap, online.setup, None)
    whole = overview(step)
    assert whole.lit == (1.0, 1.0, 1.0) and whole.flash == (1.0, 1.0) and whole.adjusted == (0.0, 0.0)


def test_step_mode_holds_shots_three_seconds_unless_told(tmp_path):
    summary = tmp_path / "s.json"
    assert main(["xor", "--steps", "--size", f"{W}x{H}", "--fps", str(FPS), "--train-cycles", "60",
                 "--cycles", "1", "--out", str(tmp_path / "s.mp4"), "--json", str(summary), "--quiet"]) == 0
    starts = json.loads(summary.read_text())["shot_starts_s"]
    assert np.allclose(np.diff(starts), 3.0) and len(starts) == XOR_SHOTS


def test_until_the_output_answers_the_average_error_is_the_one_before_this_example(online):
    words = Story(online.dataset, online.sizes, 40)
    pictures = list(walk(story(online, 30), online.setup))
    waiting = [p for p in pictures if p.step is not None and not p.step.answered and p.snapshot.step == 1]
    assert waiting  # (a later cycle's is the previous cycle's: the test above)
    for p in waiting:
        assert caption(p, words).error == caption(p.previous, words).error
    answered = [p for p in pictures if p.step is not None and p.step.answered and p.snapshot.example > 0
                and p.snapshot.step == 1]
    # once the output has answered, this example counts (the first cycle's running average)
    assert any(caption(p, words).error != caption(p.previous, words).error for p in answered)


@pytest.mark.parametrize("size, dropout", [((1920, 1080), 0.0), ((1920, 1080), 0.3), ((1280, 720), 0.3),
                                           ((640, 360), 0.0)])
def test_step_mode_keys_its_rings_and_flashes_in_the_error_colour(size, dropout):
    """The key says what the error colour marks, whole and clear of the panel; without step
    mode there is no such key (the colour appears nowhere in the legend). (At 640x360 a 2-D
    set's key has room for it only without dropout's mark.)"""
    from nnviz.render.scene import STEP_WORDS
    from nnviz.train import setup_of

    data = plane("circles", samples=60)
    setup = setup_of(data, TrainConfig(train_cycles=5, hidden=(6, 6), activation="tanh", output="binary",
                                       batch=10, dropout=dropout, story="classes", init="glorot"))
    # The swatch is translucent, as a flash: the error colour blended over the background.
    flash, under = (np.array([int(c[i:i + 2], 16) for i in (1, 3, 5)])
                    for c in (DARK.gradient, DARK.background))
    flash = 0.75 * flash + 0.25 * under
    counts = {}
    for steps in (False, True):
        with Renderer(setup, *size, steps=steps) as renderer:
            renderer.canvas.draw()  # the key is background, drawn with the figure
            frame = np.asarray(renderer.canvas.buffer_rgba())[..., :3].astype(int)
            panel_left = renderer.stage.pixels(renderer.layout.panel_left, 0, 0, 0).x0
            legend = frame[int(size[1] * 0.85):, : int(panel_left)]
            counts[steps] = int(np.all(np.abs(legend - flash) < 40, axis=2).sum())
            # The rings' own colour runs along the flash (the swatch had read as olive).
            lemon = np.array([int(DARK.gradient[i:i + 2], 16) for i in (1, 3, 5)])
            counts[steps, "rings"] = int(np.all(np.abs(legend - lemon) < 12, axis=2).sum())
            said = [t for t in renderer.ax.texts if t.get_text() in STEP_WORDS]
            if steps:
                assert len(said) == 1
                box = said[0].get_window_extent(renderer.canvas.get_renderer())
                assert box.x1 < panel_left and box.x0 > 0 and box.y0 > 0
            else:
                assert not said
    assert counts[False] == 0 and counts[True] > 20
    assert counts[False, "rings"] == 0 and counts[True, "rings"] > 10


def _counting(monkeypatch, kind, method: str) -> list:
    """The networks ``kind.method(self, network)`` is called with, from now on."""
    called, original = [], getattr(kind, method)

    def counted(self, network):
        called.append(network)
        return original(self, network)

    monkeypatch.setattr(kind, method, counted)
    return called


def test_a_step_maps_the_weights_before_it_until_they_have_all_moved(epochs, monkeypatch):
    """The decision map (and the neuron maps) are drawn once for the weights before a step and
    once for those after it, not for every picture's part-moved weights (a forward pass over
    the whole plane each: minutes for wide layers)."""
    from dataclasses import replace as replaced

    from nnviz.render.decision import DecisionMap
    from nnviz.render.neuron_maps import NeuronMaps

    mapped = _counting(monkeypatch, DecisionMap, "rgba")
    neurons = _counting(monkeypatch, NeuronMaps, "values")
    pictures = list(walk(story(epochs, 30), epochs.setup))
    stepped = [p for p in pictures if p.step is not None]
    assert stepped
    for p in stepped:
        moved = all(amount >= 1 for amount in p.step.adjusted)
        assert p.map_network is (p.step.trip.after if moved else p.step.trip.before)
    with Renderer(replaced(epochs.setup, neuron_maps=True), 1280, 720) as renderer:
        for p in pictures:
            renderer.draw(p)
    trips = {id(p.step.trip) for p in stepped}
    most = 2 * len(trips) + sum(p.step is None for p in pictures)
    assert len(mapped) <= most and 0 < len(neurons) <= most  # the neuron maps alike


def test_several_outputs_rings_are_on_the_scale_of_the_hidden_ones():
    """The widest output ring is its error; every other ring, output or hidden, is its delta's
    share of the largest output delta (cube root): a hidden neuron with an output's delta is
    ringed as that output is (it had been drawn 2.4 times wider)."""
    from nnviz.render.activity import error_ring

    output, target = np.array([0.85, 0.70]), np.array([1.0, 0.0])
    delta = (target - output) * output * (1 - output)  # sigmoid outputs, squared error
    outputs = error_ring(delta, delta, target - output)
    hidden = error_ring(np.array([delta[0], delta[1], delta[1] / 8]), delta, target - output)
    np.testing.assert_allclose(outputs[1], 0.70)  # the largest error's ring: the error itself
    np.testing.assert_allclose(hidden[:2], outputs)  # the same delta, the same ring
    np.testing.assert_allclose(hidden[2], outputs[1] / 2)  # an eighth of the delta: half (cube root)


@pytest.mark.parametrize("size", [(1920, 1080), (640, 360)])
def test_a_flashing_synapse_keeps_its_weight_s_colour_over_its_flash(online, size):
    """Drawn translucent over the error's amber, green and red had turned olive and amber:
    the synapse over its flash is drawn (nearly) opaque, in a channel of the page's colour,
    so its middle is its weight's colour, also at 640x360 (where it had mixed with the amber
    around it to olive and ochre); a strong weight's core and its flash have darker pixels
    between them (a weak one's channel shares its few pixels with its core)."""
    snap = max(online.snapshots, key=lambda s: abs(s.error[0]))
    step = trip(snap, online.setup, None)
    shot = next(s for s in story(online, 30) if s.snapshot is snap)
    renderer = Renderer(online.setup, *size)
    layout = renderer.layout
    frame = renderer.draw(replace(shot, step=overview(step)))
    W = shot.network.W[1][:, 0]  # hidden to output: every one flashes in the overview
    colours = {True: np.array([int(DARK.positive[i : i + 2], 16) for i in (1, 3, 5)]),
               False: np.array([int(DARK.negative[i : i + 2], 16) for i in (1, 3, 5)])}
    flash = np.array([int(DARK.gradient[i : i + 2], 16) for i in (1, 3, 5)])
    for j, w in enumerate(W):
        start, end = layout.to_pixels(layout.centres[1][j]), layout.to_pixels(layout.centres[2][0])
        along = (end - start) / np.linalg.norm(end - start)
        across = np.array([-along[1], along[0]])
        middle = (start + end) / 2
        # Across the synapse at its middle, pixel by pixel: its own colour at its core.
        reach = 8 if size[0] < 1000 else 24
        profile = np.array([frame[int(round(y)), int(round(x)), :3].astype(float)
                            for x, y in (middle + k * across for k in np.arange(-reach, reach + 1))])
        own = colours[bool(w >= 0)]
        core = profile[reach - 1: reach + 2]
        nearest = core[np.argmin(np.abs(core - own).sum(axis=1))]
        assert np.abs(nearest - own).sum() < np.abs(nearest - flash).sum(), (j, w, nearest)
        if abs(w) < 1:
            continue  # a thin synapse's channel and core share their pixels at 640 px
        # A strong weight's core and its flash either side have darker pixels between them:
        # the page's channel (the amber had run straight into the green).
        lit = profile.sum(axis=1)
        brightest = int(reach - 1 + np.argmax(lit[reach - 1: reach + 2]))
        for side in (profile[brightest::-1], profile[brightest:]):
            bright = side.sum(axis=1)
            amber = [k for k, p in enumerate(side) if np.abs(p - flash).sum() < np.abs(p - own).sum()]
            peak = max(amber, key=lambda k: bright[k])  # the flash's brightest pixel on this side
            assert peak > 1 and bright[1:peak].min() < 0.85 * min(bright[0], bright[peak]), (j, w, bright)


def test_a_step_s_pictures_say_their_own_shot_on_a_run_panel(epochs):
    """On a run's panel (the 2-D sets, tables, pictures) every picture of a step says its own
    shot: they had said the shot before theirs ("Epoch 1" while the weights became epoch
    8's, "Before training" during the first step), and the last epoch was never said. The
    answer comes once the output has thought."""
    from nnviz.render.run_caption import RunStory, run_caption

    words = RunStory(epochs.setup)
    pictures = list(walk(story(epochs, 30), epochs.setup))
    stepped = [p for p in pictures if p.step is not None]
    assert stepped
    for p in stepped:
        own = run_caption(replace(p, in_between=False, previous=None, step=None), words)
        said = run_caption(p, words)
        assert said.subtitle == own.subtitle and said.lines[0] == own.lines[0]
        assert (said.lines[1], said.verdict) == ((own.lines[1], own.verdict) if p.step.answered else ("", ""))
    last = max(s.snapshot.step for s in stepped)
    assert any(run_caption(p, words).subtitle == f"Epoch {last} of {epochs.setup.steps}" for p in stepped)


def test_a_phase_line_too_long_drops_its_aside_before_it_is_cut(epochs):
    """The last step's backward pass had read "…; the weights become the trained o…" at
    1920x1080: the aside on the flashes goes first, and the line is whole."""
    pictures = list(walk(story(epochs, 30), epochs.setup))
    last = [p for p in pictures if p.step is not None and p.step.phase == "backward"
            and p.step.trip.next_step is None][-1]
    with Renderer(epochs.setup, 1920, 1080, steps=True) as renderer:
        said = renderer.step_marks.say(last)
        renderer.draw(last)
        shown = renderer.step_marks.phase.get_text()
    assert said.endswith("the weights become the trained ones") and "(the flashes are its gradient)" in said
    assert shown == "Backward pass: the error flows back; the weights become the trained ones"


def test_a_settled_step_says_its_wires_carry_new_weights_and_its_neurons_the_pass(online, epochs):
    """A step ends on the weights after it while the neurons still show its forward pass:
    with --annotate, the wires' numbers no longer give the neurons' (XOR's settled frame had
    said nothing). Said for the exact update and for the next shown step's weights alike."""
    for run, moved in ((online, "The weights after this step"), (epochs, "The weights become epoch")):
        # An exact update settles on the shot itself; a step towards the next shown weights on
        # its own picture (where the shot itself is the network having thought).
        exact = exact_story(run.setup)
        done = [p for p in walk(story(run, 90), run.setup) if p.moment is Moment.TRAINING and (
            p.step.phase == "done" if p.step is not None else exact and not p.in_between)]
        assert done
        with Renderer(run.setup, 1920, 1080, steps=True) as renderer:
            renderer.draw(done[0])
            shown = renderer.step_marks.phase.get_text()
            assert renderer.step_marks.phase.get_visible()
        assert shown.startswith(moved) and shown.endswith("; the neurons still show its forward pass")
        with Renderer(run.setup, 640, 360, steps=True) as small:
            small.draw(done[0])
            assert small.step_marks.phase.get_text().startswith(moved.split(" epoch")[0])


def test_a_crowded_layers_minus_signs_come_in_with_its_glow():
    """Step mode lights a layer gradually: a tanh layer too crowded for numbers marks its
    negative neurons with a minus, and the marks had stood at full strength on neurons the
    forward pass had barely reached."""
    config = TrainConfig(train_cycles=6, shown=3, hidden=(8, 8), activation="tanh", output="binary",
                         batch=16, learning_rate=0.1, init="glorot", story="classes")
    run = train(plane("circles", samples=200), config)
    renderer = Renderer(run.setup, 1920, 1080, blit=False)
    lay = renderer.layout
    assert {1, 2} <= renderer.diagram.unnumbered
    shot = next(s for s in story(run, 30) if s.moment is Moment.TRAINING)
    step = trip(shot.snapshot, run.setup, None)
    negative = np.flatnonzero(np.asarray(shot.snapshot.activations[1]) < -0.1)
    assert negative.size
    centres = np.round(lay.to_pixels(lay.centres[1][negative])).astype(int)
    above = round(0.7 * lay.radius * lay.stage_pixels)  # inside the core, clear of the sign

    def contrast(stage: int, progress: float) -> np.ndarray:
        frame = renderer.draw(step_picture(shot, step, view(step, stage, progress), 1))[..., :3].astype(int)
        return np.array([np.abs(frame[y, x] - frame[y - above, x]).max() for x, y in centres])

    early, lit = contrast(1, 0.2), contrast(2, 0.0)  # the layer lit a tenth, then fully
    assert view(step, 1, 0.2).lit[1] < 0.2 and view(step, 2, 0.0).lit[1] == 1.0
    assert (lit > 60).all(), lit
    assert (early < 0.25 * lit).all(), (early, lit)


def test_a_dense_network_s_flashes_show_beyond_their_channels():
    """In a network of more than 200 drawn synapses the flashes are thinner, and a channel as
    wide as a small network's had covered every weak flash: the page's channel is at most
    half as wide as its flash, beyond the synapse."""
    from matplotlib.colors import to_rgb

    config = TrainConfig(train_cycles=2, shown=2, hidden=(16, 16), activation="tanh", output="binary",
                         batch=16, learning_rate=0.1, init="glorot", story="classes")
    run = train(plane("circles", samples=100), config)
    snap = run.snapshots[-1]
    step = trip(snap, run.setup, None)
    shot = next(s for s in story(run, 30) if s.snapshot is snap)
    renderer = Renderer(run.setup, 1280, 720)
    renderer.draw(replace(shot, step=overview(step)))
    strokes = renderer.diagram._synapses
    assert len(renderer.diagram._segments) > 200  # dense
    colours, widths = strokes.get_edgecolor()[:, :3], np.asarray(strokes.get_linewidths())
    paths = strokes.get_paths()
    every = len(renderer.diagram._segments)
    own = {id(path): width for path, width in zip(paths[-every:], widths[-every:])}  # the synapses, last
    flashing = np.all(np.isclose(colours, to_rgb(DARK.gradient)), axis=1)
    channelled = np.all(np.isclose(colours, to_rgb(DARK.background)), axis=1)
    flashes = [(id(p), w) for p, w, f in zip(paths, widths, flashing) if f]
    channels = [(id(p), w) for p, w, c in zip(paths, widths, channelled) if c]
    assert len(flashes) == len(channels) > 0
    for (path, flash), (same, channel) in zip(flashes, channels):
        assert path == same
        assert own[path] < channel and channel - own[path] <= (flash - own[path]) / 2 + 1e-9
