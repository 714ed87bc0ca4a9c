"""The picture of any recording: summarised layers, other activations, dropout, the panels
for each kind of data; and XOR's picture exactly as it was."""

import hashlib
from dataclasses import replace

import numpy as np
import pytest
from matplotlib.colors import to_rgb

from nnviz.data import load_table, plane, xor
from nnviz.network import Network
from nnviz.recording import Curve, Metrics, Setup, Snapshot
from nnviz.render import Renderer
from nnviz.render.activity import answer_decimals, number, percent, scales, signed
from nnviz.render.diagram import DROPPED_FADE
from nnviz.story import story
from nnviz.style import THEMES
from nnviz.timeline import Moment, Shot
from nnviz.train import TrainConfig, train

# SHA-256 of the RGBA frames of the default XOR run (60,000 cycles, 13 shown), as drawn by
# the renderer before it learnt to draw any network and any data: the XOR picture must not
# change by a single pixel. They were computed once from that renderer's frames (matplotlib
# 3.11, its bundled FreeType); another matplotlib may rasterise text differently, and then
# these need computing again from a checkout of that renderer, not from this one. One change
# was made on purpose: before and after training the network is given no example, and its
# neurons now show no number where they showed "0.00" (which no sigmoid neuron outputs); and
# the frame before training says "It will see these 7 examples", not "go through", which left
# the panel too little margin (and none at all for a count of a million). And a synapse glows
# with the signal it carries, its source's activity times its weight's strength: the
# irrelevant x3's withered synapses had glowed as broadly as the strongest ones. And the frame
# after training says what x3's withered weights are compared with ("|w| 0.51, others 5.46",
# not "vs 5.46").
XOR_FRAMES = {
    (1920, 1080, "dark", "before"): "5a5e7133c24f78a27110b98ab6c5ed220f0465c393e456f09d975cd71b178cdc",
    (1920, 1080, "dark", "training"): "28b8d1f1571d2931f90a41ee2e753e0e9dace707de8f414c6b3ec10c25842611",
    (1920, 1080, "dark", "late"): "c41272e986b2b49c70f0e9267b5846500ba6bda69a344dd3449950fbe32262b6",
    (1920, 1080, "dark", "after"): "1ca37257cae3b9084ef46ff695dd2814533430020dd05e80d20d385d5feda870",
    (1920, 1080, "dark", "new"): "ea8cb90a53a5f6ad15791ec8c50ddc3d926c51ff88167dad0979217bd37da2ec",
    (1920, 1080, "light", "late"): "f574d63f0251befea204882d14b3ff8ffd267ee0aae0a7c6afaaefce18cfbe54",
    (640, 360, "dark", "late"): "125a1e016b4c285460b4c9384cb62a0c893387b6853b0ed739dd53a246347a1c",
    (640, 360, "light", "new"): "59f0ceee32c07f9048c4d0abe33ddcc777a0836ad223fa8dc31dd8552b6506c9",
}
XOR_SHOTS = {"before": 0, "training": 1, "late": 90, "after": -2, "new": -1}


def test_the_default_xor_picture_is_unchanged_to_the_pixel():
    run = train(xor(), TrainConfig())
    shots = story(run, 1)
    renderers = {}
    for (width, height, theme, moment), expected in XOR_FRAMES.items():
        key = (width, height, theme)
        if key not in renderers:
            renderers[key] = Renderer(run.setup, width, height, theme=THEMES[theme])
        frame = renderers[key].draw(shots[XOR_SHOTS[moment]])
        assert hashlib.sha256(np.ascontiguousarray(frame).tobytes()).hexdigest() == expected, (key, moment)


def test_a_network_given_no_example_shows_no_numbers(circles):
    run = train(xor(), TrainConfig(train_cycles=300))
    for made in (run, circles):
        with Renderer(made.setup, 1280, 720) as renderer:
            for shot in story(made, 1):
                renderer.draw(shot)
                said = [text.get_text() for text in renderer._values]
                if shot.activations is None:  # before and after training: not thinking
                    assert set(said) == {""}, shot.moment
                else:
                    assert any(said), shot.moment


@pytest.mark.parametrize("size", [(1920, 1080), (640, 360)])
@pytest.mark.parametrize("cycles", [99_999, 10_000_000])  # the most --train-cycles takes
def test_the_count_of_cycles_stays_inside_the_panel(size, cycles):
    run = train(xor(), TrainConfig(train_cycles=300))
    setup = replace(run.setup, steps=cycles)  # the words are all that depends on the count
    with Renderer(setup, *size) as renderer:
        renderer.draw(replace(story(run, 1)[0], network=run.snapshots[0].network))
        to_pixels = renderer.ax.transData.transform
        right = to_pixels((renderer.layout.panel_right - renderer.design.pad, 0))[0]  # the left margin
        line = renderer.panel.line2.pieces[0]
        assert f"{cycles:,}" in line.get_text()
        assert line.ink(renderer.canvas.get_renderer()).x1 <= right


# ------------------------------------------------------------------ recordings to draw
def _plane_run(name: str, **config):
    settings = dict(activation="tanh", output="binary", batch=10, story="classes", init="glorot", bias=True,
                    shown=6, learning_rate=0.1) | config
    return train(plane(name, samples=300), TrainConfig(**settings))


@pytest.fixture(scope="module")
def circles():
    return _plane_run("circles", hidden=(8, 8), train_cycles=100)


@pytest.fixture(scope="module")
def dropout():
    return _plane_run("moons", hidden=(12, 12), activation="relu", init="he", train_cycles=40,
                      learning_rate=0.02, dropout=0.3)


@pytest.fixture(scope="module")
def three_classes(tmp_path_factory):
    path = tmp_path_factory.mktemp("data") / "flowers.csv"
    rng = np.random.default_rng(3)
    rows = ["petal_length,petal_width,species"]
    for name, (x, y) in zip(("setosa", "versicolor", "virginica"), [(-2, 0), (1.5, 2), (1.5, -2)]):
        rows += [f"{x + rng.normal():.3f},{y + rng.normal():.3f},{name}" for _ in range(40)]
    path.write_text("\n".join(rows) + "\n")
    return train(load_table(path), TrainConfig(
        hidden=(6,), activation="relu", output="softmax", batch=16, story="classes", init="he", bias=True,
        train_cycles=60, shown=5, learning_rate=0.05))


def _moment(shots, moment, k=0):
    return [s for s in shots if s.moment is moment][k]


# ------------------------------------------------------------------ the decision map
def _map_pixels(renderer):
    """The map's pixel box in the frame: first column, first row (from the top), columns, rows."""
    box = renderer.stage.pixels(*renderer.panel.map_box)
    left, bottom, right, top = (round(v) for v in box.extents)
    return left, renderer.height - top, right - left, top - bottom


def _class_shown(pixels, theme) -> np.ndarray:
    """Which class colour each pixel is a shade of: the map mixes the panel's colour with a
    class colour, so a pixel lies on the segment between the two; the nearer segment wins."""
    neutral = np.array(to_rgb(theme.panel)) * 255
    distances = []
    for colour in theme.classes[:2]:
        end = np.array(to_rgb(colour)) * 255 - neutral
        t = np.clip((pixels - neutral) @ end / (end @ end), 0, 1)
        distances.append(np.linalg.norm(pixels - neutral - t[:, None] * end, axis=1))
    return np.argmin(distances, axis=0)


@pytest.mark.parametrize("theme", ["dark", "light"])
@pytest.mark.parametrize("moment", [Moment.AFTER, Moment.TRAINING])
def test_the_decision_map_shows_the_class_the_network_answers_there(circles, theme, moment):
    assert circles.history.test_accuracy[-1] >= 0.95  # a network that has learnt the circles
    shots = story(circles, 1)
    shot = _moment(shots, moment, -1)
    renderer = Renderer(circles.setup, 1920, 1080, theme=THEMES[theme], blit=False)
    frame = renderer.draw(shot)[..., :3].astype(float)
    left, top, columns, rows = _map_pixels(renderer)
    assert columns > 300 and abs(columns - rows) <= 1
    # Playground's plane, ±6 both ways: each pixel's centre is a point of it.
    c, r = np.meshgrid(np.arange(4, columns, 9), np.arange(4, rows, 9))
    c, r = c.ravel(), r.ravel()
    points = np.column_stack([-6 + (c + 0.5) / columns * 12, 6 - (r + 0.5) / rows * 12])
    p = shot.network.output_of(points)[:, 0]
    # Away from the boundary (where the colour fades to the panel's) and from the data's dots.
    data = np.vstack([circles.dataset.inputs, circles.dataset.test_inputs])
    dots = np.column_stack([(data[:, 0] + 6) / 12 * columns, (6 - data[:, 1]) / 12 * rows])
    clear = np.hypot(*(np.column_stack([c, r])[:, None] - dots[None]).transpose(2, 0, 1)).min(axis=1) > 8
    if shot.snapshot is not None:  # and the ring around the example considered
        x, y = shot.snapshot.inputs
        clear &= np.hypot(c - (x + 6) / 12 * columns, r - (6 - y) / 12 * rows) > 20
    sure = clear & (np.abs(p - 0.5) > 0.2)
    shown = _class_shown(frame[top + r, left + c][sure], THEMES[theme])
    expected = (p[sure] > 0.5).astype(int)
    assert min(np.sum(expected == 0), np.sum(expected == 1)) > 100
    assert np.array_equal(shown, expected)


def test_the_decision_map_changes_as_the_network_learns(circles):
    shots = story(circles, 1)
    renderer = Renderer(circles.setup, 640, 360, blit=False)
    left, top, columns, rows = _map_pixels(renderer)
    first = renderer.draw(shots[0])[top : top + rows, left : left + columns, :3].astype(int)
    last = renderer.draw(_moment(shots, Moment.AFTER))[top : top + rows, left : left + columns, :3]
    assert np.abs(first - last).max(axis=2).mean() > 10


def test_a_users_table_of_two_inputs_is_mapped_over_its_own_range(three_classes):
    data = three_classes.dataset
    renderer = Renderer(three_classes.setup, 1280, 720)
    plane_shown = renderer.panel.plane
    everything = np.vstack([data.inputs, data.test_inputs])
    assert plane_shown.x[0] < everything[:, 0].min() and everything[:, 0].max() < plane_shown.x[1]
    assert plane_shown.y[0] < everything[:, 1].min() and everything[:, 1].max() < plane_shown.y[1]
    assert plane_shown.x[1] - plane_shown.x[0] < 1.3 * np.ptp(everything[:, 0])  # a margin, not ±6


# ------------------------------------------------------------------ any shape of network
def _recorded_shot(sizes, hidden="relu", output="softmax", classes=None, seed=0):
    """A training shot of a network nnviz knows nothing about but its arrays (a user's loop)."""
    rng = np.random.default_rng(seed)
    network = Network(tuple(rng.normal(0, 1 / np.sqrt(a), (a, b)) for a, b in zip(sizes, sizes[1:])),
                      tuple(rng.normal(0, 0.1, b) for b in sizes[1:]), hidden, output)
    x = rng.random(sizes[0])
    activations = tuple(network.forward(x))
    target = np.eye(sizes[-1])[min(3, sizes[-1] - 1)]
    snap = Snapshot(7, None, x, target, activations[-1], network, activations, Metrics(1.2, 0.4))
    setup = Setup(sizes, hidden=hidden, output=output, story="steps", steps=50, step_name="step",
                  classes=classes)
    curve = Curve.of(range(1, 8), [Metrics(2.3 - 0.15 * k, 0.1 + 0.05 * k) for k in range(7)])
    return setup, Shot(Moment.TRAINING, network, activations, 1, snapshot=snap, curve=curve)


@pytest.mark.parametrize("width,height,drawn", [(1920, 1080, 7), (640, 360, 3)])
def test_a_layer_too_tall_to_draw_is_summarised_around_an_ellipsis(width, height, drawn):
    digits = tuple(str(d) for d in range(10))
    setup, shot = _recorded_shot((784, 24, 24, 10), classes=digits)
    renderer = Renderer(setup, width, height)
    renderer.draw(shot)
    for _ in range(3):  # the network changes between shots
        renderer.draw(replace(shot, activations=tuple(a * 0.5 for a in shot.activations)))
        renderer.draw(shot)
    lay = renderer.layout
    # The first and last few of each tall layer: circles for those only, synapses between them only.
    summarised = [2 * drawn] * 3
    assert [len(c) for c in lay.centres] == summarised + [10]  # every class, on any stage
    assert list(lay.shown[0]) == [*range(drawn), *range(784 - drawn, 784)]
    assert len(renderer.diagram._cores.get_offsets()) == len(lay.all_centres) < 60
    # Sixteen neurons (3Blue1Brown's hidden layers) are drawn whole at full size.
    sixteen = _recorded_shot((784, 16, 16, 10), classes=digits)[0]
    assert len(Renderer(sixteen, 1920, 1080).layout.centres[1]) == 16
    assert len(lay.synapses()) == sum(a * b for a, b in zip(map(len, lay.centres), map(len, lay.centres[1:])))
    ellipses = [t for t in renderer.ax.texts if t.get_text() == "\u22ee"]
    assert len(ellipses) == 3
    titles = {t.get_text() for t in renderer.ax.texts}
    assert "inputs (784)" in titles and ("hidden (24)" in titles or width < 1920)


@pytest.mark.parametrize("width, height, whole", [(1280, 720, 20), (640, 360, 10)])
def test_outputs_are_drawn_whole_up_to_twenty_classes_where_the_frame_has_room(width, height, whole):
    """Every output is named with its bar up to 20 at 1280x720 (10 smaller); beyond, the first
    and last few around an ellipsis (a table's 15 classes had hidden the answer behind it)."""
    for classes in (whole, whole + 1):
        names = tuple(f"class {k}" for k in range(classes))
        setup, shot = _recorded_shot((3, 8, classes), classes=names)
        with Renderer(setup, width, height) as renderer:
            renderer.draw(shot)
            drawn = len(renderer.layout.centres[-1])
            named = {t.get_text() for t in renderer.ax.texts} & set(names)
        if classes == whole:
            assert drawn == whole and len(named) == whole
        else:
            assert drawn < whole and len(named) == drawn


def test_a_deep_network_keeps_its_outer_layers_around_an_ellipsis():
    setup, shot = _recorded_shot((2,) + (5,) * 12 + (3,), hidden="tanh")
    renderer = Renderer(setup, 1920, 1080)
    renderer.draw(shot)
    lay = renderer.layout
    assert lay.layers == (0, 1, 2, 3, 4, 10, 11, 12, 13)
    assert lay.skipped is not None and lay.centres[4][0, 0] < lay.skipped[0] < lay.centres[5][0, 0]
    assert [t for t in renderer.ax.texts if t.get_text() == "\u22ef"]
    # No synapse crosses the ellipsis: the layers either side are not neighbours.
    assert len(lay.synapses()) == 2 * 5 + 5 * 5 * 5 + 5 * 3
    # Every neuron takes at most half the space from one layer to the next.
    xs = [c[0, 0] for c in lay.centres]
    assert 2 * lay.radius <= 0.5 * min(np.diff(xs)) + 1e-9


@pytest.mark.parametrize("value,shown", [
    (0.7312, "0.73"), (-0.4199, "\u22120.42"), (12.34, "12.3"), (123.4, "123"), (1234.0, "1.2k"),
    (-0.001, "0.00"), (0.0, "0.00"), (1.0, "1.00"), (9.999, "10.0"), (-56789.0, "\u221257k"), (3e7, "3e7"),
])
def test_numbers_show_real_values_in_at_most_four_characters_and_a_sign(value, shown):
    assert number(value) == shown
    assert len(shown.lstrip("\u2212")) <= 4


@pytest.mark.parametrize("fraction,decimals,shown", [
    (1.0, 0, "100%"), (0.9996, 0, "99.9%"), (0.995, 0, "99.5%"), (0.997, 0, "99.7%"), (0.9996, 1, "99.96%"),
    (0.964, 0, "96%"), (0.5, 1, "50.0%"), (0.0, 0, "0%"), (0.9999999, 0, "99.9%"), (0.9999999, 1, "99.99%"),
])
def test_a_percentage_is_never_all_of_it_unless_it_is(fraction, decimals, shown):
    assert percent(fraction, decimals) == shown


@pytest.mark.parametrize("fraction,shown", [(0.501, "50.1%"), (0.5004, "50.04%"), (0.5, "50%"),
                                            (0.506, "51%"), (0.499, "50%"), (0.50004, "50.004%"),
                                            (0.5000001, "50.001%")])
def test_an_answer_over_a_half_never_reads_as_a_toss_up(fraction, shown):
    """"It says lower (50% sure)" had named one of two classes at 50.1 %. It takes the fewest
    decimals that read over a half, rounded, not rounded up (50.04 % had read "50.1%"), and
    only past three more is it cut upwards."""
    assert percent(fraction, above=0.5) == shown


@pytest.mark.parametrize("outputs,unsure,decimals,answer,runner_up", [
    ((0.3214, 0.3196, 0.1, 0.259), None, 1, "32.1%", "32.0%"),  # "32%" beside "32%" named one the answer
    ((0.32141, 0.32138, 0.1, 0.25721), None, 2, "32.14%", "32.14%"),  # two more at most
    ((0.6, 0.3, 0.1), None, 0, "60%", "30%"),
    ((0.503, 0.397, 0.1), None, 0, "50.3%", "40%"),  # over a half reads over it, bar and panel alike
    ((0.50004, 0.49996), None, 0, "50.004%", "50%"),  # had read "50.00%" twice, and "50.005% sure"
    ((0.50004, 0.49996), 0.5, 0, "50.004%", "49.996%"),  # each on its side of the threshold
])
def test_an_answer_reads_above_the_output_it_beats(outputs, unsure, decimals, answer, runner_up):
    """The bars and the panel say a softmax's answer alike, with the decimals that put it
    above the next output: "Downy W… 32%" and "Tufted Ti… 32%", one declared the answer, had
    read as a tie; a bar's "50%" had stood beside the panel's "50.3% sure"."""
    from nnviz.render.bars import _percent_of
    from nnviz.render.run_caption import _confidence

    outputs = np.array(outputs)
    top, second = np.argsort(outputs)[::-1][:2]
    assert answer_decimals(outputs, unsure) == decimals
    assert _percent_of(top, outputs, top, unsure) == answer
    assert _percent_of(second, outputs, top, unsure) == runner_up
    assert _confidence(outputs, top, unsure) == answer
    if len(outputs) > 2:
        assert _percent_of(2, outputs, top, unsure) == "10%"  # the others as they were


@pytest.mark.parametrize("value,shown", [
    (0.3, "+0.30"), (-0.3, "\u22120.30"), (-0.001, "0.00"), (0.004, "0.00"), (0.0, "0.00"),
    (-0.006, "\u22120.01"),
])
def test_a_signed_number_that_rounds_to_nothing_has_no_sign(value, shown):
    assert signed(value) == shown


def test_glow_shows_how_active_a_neuron_is_for_each_activation():
    setup, _ = _recorded_shot((3, 4, 2), hidden="tanh")
    inputs, tanh, output = scales(setup)
    assert np.allclose(tanh.glow(np.array([-0.9, 0.0, 0.9])), [0.9, 0.0, 0.9])  # either sign alike
    assert tanh.signed and not output.signed
    relu = scales(replace(setup, hidden="relu"))[1]
    glow = relu.glow(np.array([0.0, 1.0, 3.0, 50.0]))
    assert glow[0] == 0 and 0.6 < glow[1] < 0.7 and glow[2] > 0.94 and glow[3] <= 1.0  # saturates
    assert np.all(np.diff(glow) > 0)
    assert np.array_equal(output.glow(np.array([0.0, 0.3, 1.0])), [0.0, 0.3, 1.0])  # probabilities


# ------------------------------------------------------------------ dropout
@pytest.mark.parametrize("theme", ["dark", "light"])
def test_dropped_neurons_are_marked_and_their_synapses_fade(dropout, theme):
    shots = story(dropout, 1)
    lay_of = Renderer(dropout.setup, 1920, 1080, blit=False)
    shot = next(s for s in shots if s.snapshot is not None and s.snapshot.dropped is not None
                and any(d[lay_of.layout.shown[i + 1]].any() for i, d in enumerate(s.snapshot.dropped)))
    kept = replace(shot, snapshot=replace(shot.snapshot, dropped=None))
    renderer = Renderer(dropout.setup, 1920, 1080, theme=THEMES[theme], blit=False)
    marked = renderer.draw(shot)[..., :3].astype(int).copy()
    plain = renderer.draw(kept)[..., :3].astype(int)
    lay = renderer.layout
    centres = np.round(lay.to_pixels(lay.all_centres)).astype(int)
    masks = [np.asarray(d, dtype=bool)[s] for d, s in zip(shot.snapshot.dropped, lay.shown[1:-1])]
    dropped = np.concatenate([np.zeros(2, bool), *masks, np.zeros(1, bool)])
    assert dropped.any() and (~dropped).any()
    at = lambda frame, k: frame[centres[k, 1] - 1 : centres[k, 1] + 2, centres[k, 0] - 1 : centres[k, 0] + 2]  # noqa: E731
    muted = np.array(to_rgb(THEMES[theme].muted)) * 255
    for k in range(len(centres)):
        if dropped[k]:  # crossed out: the cross's colour at the centre, unlike the plain picture
            assert np.abs(at(marked, k) - at(plain, k)).max() > 40
            assert np.abs(at(marked, k)[1, 1] - muted).max() < 40
        else:
            assert np.array_equal(at(marked, k), at(plain, k))
    # The synapses leaving or entering a dropped neuron keep a fifth of their opacity.
    renderer.draw(shot)
    base = renderer.diagram._synapses.get_edgecolor()[-len(lay.synapses()):, 3]
    renderer.draw(kept)
    unmarked = renderer.diagram._synapses.get_edgecolor()[-len(lay.synapses()):, 3]
    layer_of = lambda i: dropped[sum(map(len, lay.centres[:i])):][: len(lay.centres[i])]  # noqa: E731
    leaving = np.concatenate([np.repeat(layer_of(i), len(lay.centres[i + 1])) for i in lay.links])
    entering = np.concatenate([np.tile(layer_of(i + 1), len(lay.centres[i])) for i in lay.links])
    touching = leaving | entering
    assert entering.any() and (entering & ~leaving).any()
    assert np.allclose(base[touching], unmarked[touching] * DROPPED_FADE)
    assert np.array_equal(base[~touching], unmarked[~touching])


def test_a_synapse_glows_with_the_signal_it_carries_not_with_its_source_alone():
    """A firing input's withered synapse (w = 0.01) carries almost nothing, and beside it
    nothing glows; its strong synapse (w = 2) glows. Each is compared with the same frame with
    the input silent, just beyond its stroke."""
    run = train(xor(), TrainConfig(train_cycles=30))
    W1 = np.full((3, 4), 0.5)
    W1[0, 0], W1[0, 3] = 0.01, 2.0  # x1 to the top hidden neuron, and to the bottom one
    network = Network((W1, np.full((4, 1), 0.5)), (np.zeros(4), np.zeros(1)))
    frames = {}
    with Renderer(run.setup, 1920, 1080, blit=False) as renderer:
        lay = renderer.layout
        for x1 in (1.0, 0.0):
            a = network.forward(np.array([x1, 0.0, 0.0]))
            shot = Shot(Moment.NEW, network, tuple(a), 1)
            frames[x1] = renderer.draw(shot)[..., :3].astype(int).copy()
        source = lay.to_pixels(lay.centres[0][:1])[0]
        changed = {}
        for j in (0, 3):
            target = lay.to_pixels(lay.centres[1][j : j + 1])[0]
            along = (target - source) / np.linalg.norm(target - source)
            middle = (source + target) / 2 + np.array([along[1], -along[0]]) * 12  # 12 px aside
            x, y = np.round(middle).astype(int)
            near = (slice(y - 1, y + 2), slice(x - 1, x + 2))
            changed[j] = np.abs(frames[1.0][near] - frames[0.0][near]).max()
    assert changed[3] > 8 and changed[0] <= 2, changed


def test_the_dropout_key_is_said_where_a_drawn_neuron_is_marked(dropout):
    """At 640x360 a layer of 12 is drawn as 6 around an ellipsis: where every dropped neuron
    was inside it, the key had said "✕ dropped" beside no ✕."""
    shot = _moment(story(dropout, 1), Moment.TRAINING)
    with Renderer(dropout.setup, 640, 360) as renderer:
        lay = renderer.layout
        hidden = [i for i, layer in enumerate(lay.layers) if 0 < layer < len(dropout.setup.sizes) - 1]
        unseen = [sorted(set(range(dropout.setup.sizes[lay.layers[i]])) - set(lay.shown[i].tolist()))
                  for i in hidden]
        assert all(unseen)  # the layers are summarised
        masks = [np.zeros(n, dtype=bool) for n in dropout.setup.sizes[1:-1]]
        for i, missing in zip(hidden, unseen):
            masks[lay.layers[i] - 1][missing[0]] = True
        inside = replace(shot, snapshot=replace(shot.snapshot, dropped=tuple(masks)))
        renderer.draw(inside)
        assert not [t for t in renderer.ax.texts if t.get_visible() and t.get_text() == "dropped"]
        drawn = [m.copy() for m in masks]
        drawn[lay.layers[hidden[0]] - 1][lay.shown[hidden[0]][0]] = True
        renderer.draw(replace(shot, snapshot=replace(shot.snapshot, dropped=tuple(drawn))))
        assert [t for t in renderer.ax.texts if t.get_visible() and t.get_text() == "dropped"]


def test_the_dropout_key_is_said_on_the_training_shots_alone(dropout):
    """A test example, a probe or the network after training drops nothing: the key of the
    dropped mark leaves with the training shots, and a video (redrawing what changed) draws
    what a full redraw does."""
    shots = story(dropout, 1)
    order = [_moment(shots, Moment.TRAINING), _moment(shots, Moment.TEST), _moment(shots, Moment.AFTER),
             _moment(shots, Moment.TRAINING, 1)]
    video = Renderer(dropout.setup, 1280, 720)
    for shot in order:
        frame = video.draw(shot).copy()
        said = [t.get_text() for t in video.ax.texts if t.get_visible()]
        assert ("dropped out in this pass" in said) == (shot.moment is Moment.TRAINING)
        whole = Renderer(dropout.setup, 1280, 720, blit=False).draw(shot)
        assert np.array_equal(frame, whole)


# ------------------------------------------------------------------ names
def test_a_table_of_three_classes_shows_its_answer_as_probability_bars(three_classes):
    """As pictures do: a bar per class beside its name, its percentage the output's."""
    shots = story(three_classes, 1)
    test_shot = _moment(shots, Moment.TEST)
    with Renderer(three_classes.setup, 1920, 1080) as renderer:
        renderer.draw(test_shot)
        bars = renderer.bars
        percents = [t.get_text() for t in bars.percents]
    assert bars is not None
    assert percents == [percent(p) for p in test_shot.case.output]


def test_output_neurons_are_named_after_the_classes(three_classes, circles):
    shots = story(three_classes, 1)
    test_shot = _moment(shots, Moment.TEST)
    renderer = Renderer(three_classes.setup, 1920, 1080)
    renderer.draw(test_shot)
    texts = [t.get_text() for t in renderer.ax.texts]
    assert {"setosa", "versicolor", "virginica"} <= set(texts)  # beside the three outputs
    assert {"petal_length", "petal_width"} <= set(texts)  # and the inputs' names beside them
    words = renderer.caption(test_shot)
    truth = three_classes.setup.classes[int(np.argmax(test_shot.case.target))]
    answer = three_classes.setup.classes[int(np.argmax(test_shot.case.output))]
    assert words.classes == ("setosa", "versicolor", "virginica")
    assert truth in words.lines[0] and answer in words.lines[1]
    assert words.verdict == ("✓ correct" if test_shot.case.right else "✗ wrong")
    assert renderer.panel.verdict.get_text() == words.verdict
    # One sigmoid output: what 1 and 0 mean.
    renderer = Renderer(circles.setup, 1920, 1080)
    assert {"1 = inner", "0 = outer"} <= {t.get_text() for t in renderer.ax.texts}


def test_long_names_are_cut_short_with_an_ellipsis():
    classes = ("a rather long class name indeed", "b")
    setup, shot = _recorded_shot((3, 4, 2), classes=classes)
    renderer = Renderer(setup, 1920, 1080)
    renderer.draw(shot)
    texts = {t.get_text() for t in renderer.ax.texts}
    # Beside the outputs: at most 20 characters, fewer where its bar needs the room.
    assert {"a rather long cla…", "b"} <= texts and renderer.bars is not None
    words = renderer.caption(shot)
    assert words.classes == ("a rather long class nam…", "b")  # in the panel's words: 24 characters
    # The answer shares its line with how sure and the verdict: a shorter cut, and the line ends
    # with how sure the network is (no words cut off at the end).
    answer = words.lines[1]
    assert answer.startswith("It says ") and answer.endswith(" sure)")
    assert "a rather long…" in answer or " b (" in answer


@pytest.mark.parametrize("size", [(640, 360), (720, 1280)])
def test_a_long_class_name_in_the_answer_is_cut_before_how_sure(size):
    """"says Northern hemi… (54…" had cut the percentage: the name gives way, the number stays."""
    classes = tuple(f"WOMBAT MEADOWS WEST {k}" for k in range(6))  # wide letters
    setup, shot = _recorded_shot((3, 4, 6), classes=classes)
    with Renderer(setup, *size) as renderer:
        renderer.draw(shot)
        said = renderer.panel.line2.get_text()
        sure = renderer.caption(shot).lines[1].rsplit(" (", 1)[1]
        r = renderer.canvas.get_renderer()
        right = renderer.panel.verdict.get_window_extent(r).x1
        width = renderer.canvas.get_width_height()[0]
    assert said.endswith(f" ({sure}") and "…" in said.rsplit(" (", 1)[0], said
    assert right < width  # the verdict after it, in the picture


def test_an_outputs_names_keep_clear_of_its_number_above_it():
    """Small output neurons (2,32,32,1): "0.98" had sat 2 pixels over "1 = upper right"."""
    config = TrainConfig(hidden=(32, 32), activation="tanh", output="binary", train_cycles=3, shown=1,
                         batch=16, learning_rate=0.1)
    run = train(plane("gauss", samples=100), config)
    shot = next(s for s in story(run, 30) if s.moment is Moment.TRAINING)
    with Renderer(run.setup, 1280, 720) as renderer:
        renderer.draw(shot)
        r = renderer.canvas.get_renderer()
        value = renderer.diagram.values[-1].footprint(r)
        names = [t.get_window_extent(r) for t in renderer.ax.texts
                 if t.get_text().startswith(("1 = ", "0 = "))]
    assert value.width > 0 and len(names) == 2
    for name in names:
        apart = name.x0 >= value.x1 or name.y1 + 4 <= value.y0 or value.y1 + 4 <= name.y0
        assert apart, (name, value)


@pytest.mark.parametrize("names, longest", [
    ([f"environmental_sensor_{s}_temperature_{k}" for s in "AB" for k in "12"], 6),
    ([f"sensor_reading_{s}_from_the_north_station_{k}" for s, k in (("A", 1), ("A", 2), ("B", 1))], 12),
    ([f"gene{k}" for k in range(14990, 15000)], 6),
    (["abcdef1", "abcdef2"], 3),
    ([f"environment_{s}_test_run_{k}" for s in "AB" for k in "12"], 14),  # two groups that had clashed
    (["ab_X_1", "ab_X_2", "ab_Y_1", "ab_Y_2"], 5),
    ([f"abcdefghij{k}" for k in "123"], 3),
    (["x", "xy", "xyz", "xyzw"], 2),
    ([f"a very long name {k} " * 50 for k in range(3)], 9),
])
def test_names_cut_short_fit_and_stay_apart(names, longest):
    from nnviz.render.labels import short_apart

    said = short_apart(names, longest)
    assert all(len(label) <= longest for label in said), said
    assert len(set(said)) == len(names), said  # apart, where their room allows it
    assert [label for name, label in zip(names, said) if len(name) <= longest] == [
        name for name in names if len(name) <= longest]  # what fits is said whole


@pytest.mark.parametrize("names, longest", [
    ([f"species number {k}" for k in range(1, 31)], 14),
    ([f"run {k}" for k in (1, 11, 111)], 5),
    ([f"trial_{k}_left" for k in range(1, 25)], 9),
])
def test_a_name_cut_short_reads_as_itself_alone(names, longest):
    """"species numb…1" could as well be "species number 21", its ellipsis standing for
    "er 2": a cut name, read with its ellipses as anything, fits no other name."""
    import re

    from nnviz.render.labels import short_apart

    for name, label in zip(names, short_apart(names, longest)):
        pattern = re.compile(".*".join(map(re.escape, label.split("…"))), re.DOTALL)
        assert len(label) <= longest
        assert [other for other in names if pattern.fullmatch(other)] == [name], label


def test_a_summarised_layers_names_read_as_themselves_among_every_class():
    """Of 30 classes "species number 1…30", the outputs drawn around the ellipsis had read
    "species numb…1" (as well 11 or 21, which are not drawn), and the answer beside the
    ellipsis "species nu…: 8%"."""
    import re

    names = tuple(f"species number {k}" for k in range(1, 31))
    setup, shot = _recorded_shot((3, 8, 30), classes=names)
    probabilities = np.full(30, 0.01)
    probabilities[6] = 1 - 0.01 * 29  # species number 7, left out of the drawing
    activations = (*shot.activations[:-1], probabilities)
    shot = replace(shot, activations=activations,
                   snapshot=replace(shot.snapshot, output=probabilities, activations=activations))
    with Renderer(setup, 640, 360) as renderer:
        renderer.draw(shot)
        said = [t.get_text() for t in renderer.ax.texts  # the names beside the outputs, and the answer
                if t.get_visible() and t.get_text().startswith("specie") and "…" in t.get_text()]
    assert len(said) == 9  # eight drawn, and the answer
    hidden = [text for text in said if text.endswith("%")]
    assert len(hidden) == 1 and hidden[0].endswith(": 71%")
    for text in said:
        label = text.rsplit(": ", 1)[0]
        pattern = re.compile(".*".join(map(re.escape, label.split("…"))), re.DOTALL)
        assert len([name for name in names if pattern.fullmatch(name)]) == 1, text
    assert any(text.startswith("specie") and text.endswith(" 7: 71%") for text in hidden)


@pytest.mark.parametrize("size", [(640, 360), (1280, 720)])
def test_class_names_beside_the_outputs_are_told_apart(size):
    """Four classes named alike but for two places had all read "measure…" beside the outputs."""
    classes = tuple(f"measurement_category_{s}_{k}" for s in ("alpha", "beta") for k in "12")
    setup, shot = _recorded_shot((3, 6, 4), classes=classes)
    with Renderer(setup, *size) as renderer:
        renderer.draw(shot)
        said = [t.get_text() for t in renderer.ax.texts if t.get_text().startswith("mea")]
    assert len(said) == 4 and len(set(said)) == 4, said


def test_the_answer_names_a_class_among_classes_named_alike_apart():
    """"says measurement… (90%)" had stood for any of four classes."""
    from nnviz.render.run_caption import RunStory

    classes = tuple(f"measurement_category_{s}_{k}" for s in ("alpha", "beta") for k in "12")
    setup, shot = _recorded_shot((3, 6, 4), classes=classes)
    story = RunStory(setup, compact=True)
    assert len(set(story.answer_classes)) == 4 and len(set(story.classes)) == 4
    with Renderer(setup, 640, 360) as renderer:
        renderer.draw(shot)
        said = renderer.panel.line2.get_text()
    whole = classes[int(np.argmax(shot.snapshot.output))]
    part = said[len("says "):said.rindex(" (")]  # cut to the room, and still only this class's
    assert part[-1] == whole[-1]
    assert ("alp" in part) == ("alpha" in whole) and ("bet" in part) != ("alpha" in whole)
    with Renderer(setup, 1920, 1080) as renderer:  # the example's own line too, where it is cut
        renderer.draw(shot)
        first = renderer.panel.line1.get_text()
    truth = classes[int(np.argmax(shot.snapshot.target))]
    beta = "…b" in first or "bet" in first
    assert first[-1] == truth[-1] and beta == ("beta" in truth), first


def test_percentages_side_by_side_share_their_precision():
    """'99.6% training, 96% test' read as rounded two ways; a value of all, or under 10 %,
    keeps its own."""
    from nnviz.render.run_caption import _percents

    assert _percents([0.996, 0.964], True) == ["99.6%", "96.4%"]
    assert _percents([0.97, 0.964], True) == ["97%", "96%"]
    assert _percents([1.0, 0.964], False) == ["100%", "96.4%"]
    assert _percents([0.996, 0.05], True) == ["99.6%", "5%"]


@pytest.mark.parametrize(("accuracy", "test", "said"), [
    (0.994, 0.996, "accuracy 99.4% · test 99.6%"),  # had been "accuracy 99% · test 99.6%"
    (0.969, 0.959, "accuracy 97% · test 96%"),
    (1.0, 0.996, "accuracy 100% · test 99.6%"),
    (None, 0.7, "test accuracy 70%"),  # a loop that logged the test's alone
    (0.7, None, "accuracy 70%"),
])
def test_a_curve_heading_says_both_accuracies_to_one_precision(accuracy, test, said):
    from nnviz.data import Dataset
    from nnviz.recording import Setup
    from nnviz.render.run_caption import RunStory, _headings

    data = Dataset("d", np.zeros((2, 2)), np.eye(2), kind="points", classes=("a", "b"))
    story = RunStory(Setup((2, 3, 2), dataset=data))
    values = {"loss": 0.1, "test_loss": 0.2}
    for name, value in (("accuracy", accuracy), ("test_accuracy", test)):
        if value is not None:
            values[name] = value
    assert _headings(values, story, True) == ("loss 0.100 · test 0.200", said)


def test_the_frame_after_training_says_what_x3_s_weights_are_compared_with():
    run = train(xor(), TrainConfig(train_cycles=3000))
    after = _moment(story(run, 1), Moment.AFTER)
    strength = np.abs(after.network.W[0]).mean(axis=1)
    for width, height, said in ((1920, 1080, "x\u2083's synapses withered"), (640, 360, "x3 withered")):
        with Renderer(run.setup, width, height) as renderer:
            renderer.draw(after)
            line = next(t.get_text() for t in renderer.ax.texts if "withered" in t.get_text())
        assert line == f"{said}: |w| {strength[2]:.2f}, others {strength[:2].mean():.2f}"


def test_a_larger_upright_frame_is_the_smaller_one_larger(circles):
    """1080x1920 had drawn the full design 960 pixels high, its type smaller than 720x1280's
    compact one (the key 15 pixels tall against 21): a phone shows both alike."""
    shot = next(s for s in story(circles, 1) if s.moment is Moment.TRAINING)
    heights, said = {}, {}
    for size in ((720, 1280), (1080, 1920)):
        with Renderer(circles.setup, *size) as renderer:
            renderer.draw(shot)
            r = renderer.canvas.get_renderer()
            texts = [t for t in renderer.ax.texts if t.get_visible() and t.get_text().strip()]
            said[size] = sorted(t.get_text() for t in texts)
            heights[size] = np.median([t.get_window_extent(r).height for t in texts])
    assert said[(720, 1280)] == said[(1080, 1920)]  # the same words
    assert heights[(1080, 1920)] == pytest.approx(1.5 * heights[(720, 1280)], rel=0.05)


@pytest.mark.parametrize("size", [(1080, 1920), (720, 1280), (640, 1138)])
def test_an_upright_frame_shows_the_network_over_the_panel(circles, size):
    """A 9:16 frame had shown the 16:9 stage as a band across its middle, 29 % of its height.
    It shows the stage's two parts stacked, each exactly as the stage draws it, larger than
    the band would, inside the frame and apart; the rest is the page."""
    from nnviz.layout import STAGE_ASPECT, stack_of
    from nnviz.render.design import COMPACT

    width, height = size
    stack = stack_of(width, height, picture=False)
    assert stack is not None and stack.frame == size
    band = min(height, width / STAGE_ASPECT)
    assert stack.canvas[1] >= 1.5 * band  # the stage, so all its type, half as large again at least
    shots = [s for s in story(circles, 1) if s.moment in (Moment.TRAINING, Moment.AFTER)][-2:]
    with Renderer(circles.setup, width, height) as upright:
        # The network's part moves sideways to centre what it draws (within the frame).
        assert upright.stack.canvas == stack.canvas and upright.stack.panel_at == stack.panel_at
        assert upright.design is COMPACT  # as a phone shows it, whatever its pixels
        stack = upright.stack
        for shot in shots:
            frame = upright.draw(shot).copy()
            stage = np.asarray(upright.canvas.buffer_rgba())  # the whole stage, drawn on its canvas
            assert frame.shape == (height, width, 4)
            covered = np.zeros((height, width), bool)
            rows, parts = stack.canvas[1], ((stack.network, stack.network_at), (stack.panel, stack.panel_at))
            for (start, end), (column, row) in parts:
                assert column >= 0 and column + end - start <= width and row + rows <= height
                where = (slice(row, row + rows), slice(column, column + end - start))
                np.testing.assert_array_equal(frame[where], stage[:, start:end])
                assert not covered[where].any()  # apart
                covered[where] = True
            page = np.round(np.array(to_rgb(THEMES["dark"].background)) * 255)
            assert (frame[~covered][:, :3] == page).all() and (frame[~covered][:, 3] == 255).all()
            # The panel's part holds the panel's plate whole: page at both its edges, plate
            # a little inside them.
            middle = stage[stage.shape[0] // 2, :, :3].astype(int)
            plate = np.abs(middle - page).sum(axis=1) > 6
            start, end = stack.panel
            assert not plate[start] and not plate[end - 1] and plate[start + 2:end - 2].mean() > 0.8
        # What the network's part draws stands in the middle of the frame (names and key
        # included), unless the part would leave the frame.
        rows = slice(stack.network_at[1], stack.network_at[1] + stack.canvas[1])
        drawn = np.flatnonzero((np.abs(frame[rows, :, :3].astype(int) - page).sum(axis=2) > 24).any(axis=0))
        left, right = drawn[0], width - 1 - drawn[-1]
        column, cut = stack.network_at[0], stack.network[1] - stack.network[0]
        assert abs(left - right) <= 4 or column in (0, width - cut), (left, right)


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1080), (1280, 720), (1440, 1080), (1280, 1440)])
def test_wide_and_square_frames_keep_the_stage_whole(size):
    from nnviz.layout import stack_of

    assert stack_of(*size, picture=False) is None and stack_of(*size, picture=True) is None


def test_a_wider_frame_never_has_a_smaller_stage():
    """1080x1440 was stacked at 720 pixels while the wider 1200x1440 kept a 675-pixel band
    (and refused --annotate): a frame is stacked wherever that makes the stage larger."""
    from nnviz.layout import stage_pixels_of

    for height in (1080, 1350, 1440, 1920, 2400):
        for picture in (False, True):
            stages = [stage_pixels_of(width, height, picture) for width in range(640, 2 * height, 2)]
            assert all(b >= a - 2 for a, b in zip(stages, stages[1:])), (height, picture)  # even sizes


@pytest.mark.parametrize("theme", ["dark", "light"])
def test_a_layer_without_numbers_marks_its_negative_neurons_with_a_minus(circles, theme):
    """Glow is the size of a tanh neuron's activity: where its layer has no room for numbers
    (the default 2-8-8-1 at 1080p), a minus sign in the neuron says which are negative. The
    same shot with the hidden activities' signs turned over glows alike and moves the marks."""
    shot = _moment(story(circles, 1), Moment.TRAINING, -1)
    renderer = Renderer(circles.setup, 1920, 1080, theme=THEMES[theme], blit=False)
    lay = renderer.layout
    assert {1, 2} <= renderer.diagram.unnumbered  # the hidden layers: no numbers
    values = shot.brightness()
    last = len(values) - 1
    flipped = replace(shot, glow=tuple(v if i in (0, last) else -np.asarray(v) for i, v in enumerate(values)))
    plain = renderer.draw(shot)[..., :3].astype(int).copy()
    turned = renderer.draw(flipped)[..., :3].astype(int)
    centres = np.round(lay.to_pixels(lay.all_centres)).astype(int)
    activity = np.concatenate([np.asarray(v, dtype=float) for v in values])
    hidden = np.arange(len(activity))[2:-1]
    assert (activity[hidden] < -0.1).any() and (activity[hidden] > 0.1).any()
    above = round(0.7 * lay.radius * lay.stage_pixels)  # inside the core, clear of the sign
    for k, value in enumerate(activity):
        x, y = centres[k]
        if k not in hidden:  # inputs and output: numbered, never marked, unchanged
            assert np.array_equal(plain[y - 1 : y + 2, x - 1 : x + 2], turned[y - 1 : y + 2, x - 1 : x + 2])
            continue
        signed, unsigned = (plain, turned) if value < 0 else (turned, plain)
        # The sign stands out from its own core; without it, the centre is the core's colour.
        assert np.abs(signed[y, x] - signed[y - above, x]).max() > 60
        assert np.abs(unsigned[y, x] - unsigned[y - above, x]).max() < 12
        assert np.array_equal(plain[y - above, x], turned[y - above, x])  # the same glow


def test_annotate_writes_the_numbers_a_crowded_layer_lacks_so_no_minus_is_marked():
    """--annotate writes an unnumbered layer's numbers on plates: a minus beside "-1.66" had
    said the sign twice."""
    run = _plane_run("moons", hidden=(4, 4), train_cycles=20, shown=3, annotate=True)
    renderer = Renderer(run.setup, 1280, 720, blit=False)
    signed_unsaid = [i for i, scale in enumerate(renderer.diagram.scales)
                     if scale.signed and i in renderer.diagram.unnumbered]
    assert signed_unsaid  # the hidden layers' numbers are the annotations'
    assert renderer.diagram._signs is None


def test_the_dropout_note_says_how_the_kept_neurons_are_scaled(dropout):
    """A kept neuron passes on 1 / (1 - p) of its activation (inverted dropout): a tanh
    neuron reading -1.66 had gone unexplained beside "Dropout: 4 of 8 … left out"."""
    from nnviz.render.run_caption import RunStory, run_caption

    shot = _moment(story(dropout, 1), Moment.TRAINING)
    off = sum(int(np.count_nonzero(d)) for d in shot.snapshot.dropped)
    note = run_caption(shot, RunStory(dropout.setup)).lines[2]
    assert note == f"Dropout: {off} of 24 left out (✕), the rest ×1.43"  # p = 0.3
    assert run_caption(shot, RunStory(dropout.setup, compact=True)).lines[2] == ""  # the key says it


def test_a_tables_inputs_are_said_to_each_columns_own_decimals(tmp_path):
    """A column written 3.430, 1.117 had read "3.43" beside another's "1.095": each column's
    values are said to the decimals the column needs."""
    from nnviz.render.run_caption import RunStory, _own_units

    path = tmp_path / "t.csv"
    rows = [(3.430, 1.5, "x"), (1.117, 2.25, "y"), (2.005, -3.0, "x"), (4.2, 0.75, "y")] * 3
    path.write_text("a,b,label\n" + "".join(f"{a:.3f},{b},{k}\n" for a, b, k in rows))
    data = load_table(path)
    words = RunStory(Setup(sizes=(2, 3, 1), dataset=data))
    assert words.column_decimals == (3, 2)
    said = {_own_units(x, words) for x in data.inputs}
    assert said == {"[3.430, 1.50]", "[1.117, 2.25]", "[2.005, \u22123.00]", "[4.200, 0.75]"}


def test_cutting_a_name_to_fit_finds_the_longest_start_that_fits_quickly():
    """A label of a million characters had been tried one length at a time (minutes): the
    start is found by halving, and it is the one the slow way found."""
    from nnviz.render.labels import cut_to_fit

    def slowly(name, fits):
        if fits(name):
            return name
        return next((name[:end].rstrip() + "…" for end in range(len(name) - 1, 0, -1)
                     if fits(name[:end].rstrip() + "…")), "…")

    rng = np.random.default_rng(0)
    for _ in range(300):
        name = "".join(rng.choice(list("ab c  déf"), size=int(rng.integers(1, 30))))
        room = int(rng.integers(0, 32))
        fits = lambda text, room=room: len(text) <= room  # noqa: E731
        assert cut_to_fit(name, fits) == slowly(name, fits), (name, room)
    calls = []  # widths measured: about log2 of the length, not the length
    said = cut_to_fit("x" * 1_000_000, lambda text: calls.append(1) or len(text) <= 20)
    assert said == "x" * 19 + "…" and len(calls) <= 25
