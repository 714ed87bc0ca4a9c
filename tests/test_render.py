"""The fast drawing path against the plain one: same pixels, same video, exact timing."""

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from media import decode, packet_times

from nnviz.data import load_table, plane, xor
from nnviz.render import Renderer
from nnviz.render.blit import PAD_PIXELS
from nnviz.render.glow import DISC_OPACITY, DISCS, REACH, halo_opacity
from nnviz.render.sprites import CachedText
from nnviz.story import shape, story, unfold
from nnviz.timeline import Moment, tween
from nnviz.train import TrainConfig, begin, setup_of, train
from nnviz.video import QUALITIES, Quality, VideoWriter

W, H = 640, 360


@pytest.fixture(scope="module")
def shots():
    return story(train(xor(), TrainConfig(train_cycles=60, shown=3)), 1)


@pytest.mark.parametrize("width,height", [(W, H), (1280, 720), (720, 1280)])
def test_redrawing_only_what_changed_gives_the_pixels_of_a_full_redraw(shots, width, height):
    fast = Renderer(setup_of(xor(), TrainConfig(train_cycles=60)), width, height)
    plain = Renderer(setup_of(xor(), TrainConfig(train_cycles=60)), width, height, blit=False)
    # In order, then jumping about (every change of caption, table and network in turn).
    order = list(range(len(shots))) + list(np.random.default_rng(1).permutation(len(shots)))
    for i in order:
        assert np.array_equal(fast.draw(shots[i]), plain.draw(shots[i])), f"shot {i} differs"


def test_fast_held_video_decodes_like_a_plain_frame_by_frame_video(tmp_path, shots):
    fps, holds = 10, [3, 1, 4, 2, 5, 1, 6]
    chosen = [shots[i] for i in (0, 1, 2, 8, 9, -2, -1)]
    fast_out, plain_out = tmp_path / "fast.mp4", tmp_path / "plain.mp4"

    # Near-lossless encoding, so what remains is the drawing and timing, not the encoder.
    fine = Quality("veryfast", 8)
    renderer = Renderer(setup_of(xor(), TrainConfig(train_cycles=60)), W, H)
    with VideoWriter(fast_out, W, H, fps, holds, fine) as video:  # one picture per held shot
        for shot in chosen:
            video.write(renderer.draw(shot))
    plain = Renderer(setup_of(xor(), TrainConfig(train_cycles=60)), W, H, blit=False)
    with VideoWriter(plain_out, W, H, fps, [1] * sum(holds), fine) as video:  # every frame drawn
        for shot, hold in zip(chosen, holds):
            for _ in range(hold):
                video.write(plain.draw(shot))

    times, end = packet_times(fast_out)
    starts = np.concatenate([[0], np.cumsum(holds)[:-1]]) / fps
    assert times[: len(holds)] == pytest.approx(list(starts), abs=1e-9)
    assert end == pytest.approx(sum(holds) / fps, abs=1e-9)
    a, b = decode(fast_out, fps=fps), decode(plain_out, fps=fps)
    assert len(a) == len(b) == sum(holds)
    for i, (x, y) in enumerate(zip(a.astype(int), b.astype(int))):
        difference = np.abs(x - y)
        assert difference.mean() < 0.5 and np.percentile(difference, 99.9) < 16, f"frame {i}"
    # and consecutive shots really differ, so the comparison means something
    assert np.abs(a[3].astype(int) - a[2]).max() > 100


def _canvas_with(text_artist) -> np.ndarray:
    figure = Figure(figsize=(3, 1), dpi=100, facecolor="#123456")
    canvas = FigureCanvasAgg(figure)
    ax = figure.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    text_artist.set_transform(ax.transData)
    ax.add_artist(text_artist)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba()).astype(int)


@pytest.mark.parametrize("string", ["0.73", "+0.27", "\u22120.27", "0.073", "Example 3 of 7"])
@pytest.mark.parametrize("style", [dict(fontsize=19), dict(fontsize=15, family="DejaVu Sans Mono")])
def test_cached_text_is_pixel_for_pixel_matplotlib_text(string, style):
    where = dict(x=0.1234, y=0.4321, text=string, color="#e8edf4", **style)
    reference = _canvas_with(Text(**where))
    assert (reference != reference[0, 0]).any(axis=2).sum() > 100  # some ink
    assert np.array_equal(_canvas_with(CachedText(**where)), reference)
    if "Example" not in string:
        assert np.array_equal(_canvas_with(CachedText(**where, by_character=True)), reference)


def test_cached_text_with_a_plate_matches_up_to_rounding():
    plate = dict(boxstyle="round,pad=0.15", facecolor="#0b0f17", alpha=0.55, linewidth=0)
    where = dict(x=0.2, y=0.3, text="0.73", color="#e8edf4", fontsize=15, bbox=plate)
    assert np.abs(_canvas_with(CachedText(**where)) - _canvas_with(Text(**where))).max() <= 3


def test_halo_is_the_stack_of_discs_it_stands_for():
    # Inside the neuron every disc overlaps; beyond the reach none does.
    for a in (0.3, 1.0):
        assert halo_opacity(np.array([0.5]), a)[0] == pytest.approx(1 - (1 - DISC_OPACITY * a) ** DISCS)
        assert halo_opacity(np.array([1 + REACH * a + 0.01]), a)[0] == 0
    distance = np.linspace(1, 1 + REACH, 50)
    assert np.all(np.diff(halo_opacity(distance, 1.0)) <= 0)  # fades outwards
    assert np.all(halo_opacity(distance, 0.9) >= halo_opacity(distance, 0.4))  # brighter when firing more
    assert not halo_opacity(distance, 0.0).any()


def test_shots_are_ready_while_the_network_is_still_learning():
    training = begin(xor(), TrainConfig(train_cycles=60, shown=3))
    shots = unfold(training, 2)
    first = next(shots)
    assert first.moment is Moment.BEFORE
    with pytest.raises(RuntimeError):
        training.recording  # noqa: B018 - nothing has been trained yet
    rest = list(shots)
    streamed = [first, *rest]
    finished = story(training.recording, 2)
    assert len(streamed) == len(finished) == shape(training.setup).shots(len(training.cycles))
    for a, b in zip(streamed, finished):
        assert a.moment == b.moment and a.frames == b.frames
        np.testing.assert_array_equal(a.table_outputs, b.table_outputs)
        for wa, wb in zip(a.network.W, b.network.W):
            np.testing.assert_array_equal(wa, wb)


@pytest.mark.parametrize("quality,settings", [
    ("draft", [b"cabac=0", b"crf=23.0"]),
    ("standard", [b"cabac=1", b"crf=20.0", b"rc_lookahead=3", b"subme=2", b"ref=1"]),
    ("high", [b"crf=17.0", b"rc_lookahead=3", b"subme=8", b"ref=5", b"trellis=2"]),  # x264's slow preset
])
def test_quality_sets_the_encoder(tmp_path, shots, quality, settings):
    out = tmp_path / f"{quality}.mp4"
    renderer = Renderer(setup_of(xor(), TrainConfig(train_cycles=60)), 320, 180)
    with VideoWriter(out, 320, 180, 10, [2, 2], QUALITIES[quality]) as video:
        for shot in shots[:2]:
            video.write(renderer.draw(shot))
    data = out.read_bytes()  # x264 writes its settings into the stream
    for setting in settings:
        assert setting in data


def test_redrawing_in_between_pictures_gives_the_pixels_of_a_full_redraw(shots):
    pictures = list(tween(shots[:10], 10))  # the panel and numbers change in steps as well
    fast = Renderer(setup_of(xor(), TrainConfig(train_cycles=60)), W, H)
    plain = Renderer(setup_of(xor(), TrainConfig(train_cycles=60)), W, H, blit=False)
    for i, picture in enumerate(pictures):
        assert np.array_equal(fast.draw(picture), plain.draw(picture)), f"picture {i} differs"


@pytest.mark.parametrize("width,height", [(W, H), (1280, 720), (1920, 1080)])
def test_the_network_never_makes_the_panel_redraw(width, height):
    # Whatever the network's area touches is redrawn with every change of the network.
    renderer = Renderer(setup_of(xor(), TrainConfig(train_cycles=60)), width, height)
    leftmost = renderer.ax.transData.transform((renderer.panel.highlight.get_x(), 0))[0]  # of the panel's
    assert renderer._network_box.x1 + PAD_PIXELS < leftmost


# ------------------------------------------------------------------ any recording
@pytest.fixture(scope="module")
def recordings(tmp_path_factory):
    """A 2-D set learnt with dropout (the decision map's panel), and a table of five inputs
    (the curves' panel)."""
    points = train(plane("circles", samples=200), TrainConfig(
        hidden=(6, 5), activation="tanh", output="binary", batch=10, story="classes", init="glorot",
        bias=True, train_cycles=40, shown=5, learning_rate=0.1, dropout=0.2))
    rng = np.random.default_rng(5)
    x = rng.normal(size=(120, 5))
    path = tmp_path_factory.mktemp("data") / "table.csv"
    rows = ["a,b,c,d,e,kind"] + [",".join(f"{v:.3f}" for v in r) + f",{'yes' if r[0] + r[1] > 0 else 'no'}"
                                 for r in x]
    path.write_text("\n".join(rows) + "\n")
    table = train(load_table(path), TrainConfig(
        hidden=(4,), activation="relu", output="binary", batch=8, story="classes", init="he", bias=True,
        train_cycles=30, shown=4, learning_rate=0.1))
    return {"points": points, "table": table}


@pytest.mark.parametrize("kind", ["points", "table"])
@pytest.mark.parametrize("width,height", [(W, H), (1280, 720)])
def test_any_recording_redrawn_in_part_has_the_pixels_of_a_full_redraw(recordings, kind, width, height):
    run = recordings[kind]
    shots = story(run, 1)
    fast = Renderer(run.setup, width, height)
    plain = Renderer(run.setup, width, height, blit=False)
    order = list(range(len(shots))) + list(np.random.default_rng(2).permutation(len(shots)))
    for i in order:
        assert np.array_equal(fast.draw(shots[i]), plain.draw(shots[i])), f"shot {i} differs"


def test_any_recording_in_between_pictures_have_the_pixels_of_a_full_redraw(recordings):
    run = recordings["points"]
    pictures = list(tween(story(run, 10), 10))  # the map, curves and captions change with the weights
    assert sum(p.in_between for p in pictures) > 20
    fast = Renderer(run.setup, W, H)
    plain = Renderer(run.setup, W, H, blit=False)
    for i, picture in enumerate(pictures):
        assert np.array_equal(fast.draw(picture), plain.draw(picture)), f"picture {i} differs"


@pytest.mark.parametrize("width,height", [(W, H), (1920, 1080)])
def test_the_network_never_makes_a_plane_panel_redraw(recordings, width, height):
    renderer = Renderer(recordings["points"].setup, width, height)
    panel_left = renderer.ax.transData.transform((renderer.layout.panel_left, 0))[0]
    assert renderer._network_box.x1 + PAD_PIXELS < panel_left


def test_cached_text_follows_its_figure_when_the_window_is_resized():
    """An interactive window is resized with its texts on the same transforms: each text
    must move with the figure, not stay where its first drawing put it."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from nnviz.render.sprites import CachedText

    figure = Figure(figsize=(6, 4), dpi=100)
    canvas = FigureCanvasAgg(figure)
    ax = figure.add_axes((0, 0, 1, 1))
    text = ax.add_artist(CachedText(0.5, 0.5, "0.42", transform=ax.transData, ha="left", va="baseline"))
    for inches in ((6, 4), (9, 5)):
        figure.set_size_inches(*inches)
        canvas.draw()
        box = text.footprint(canvas.get_renderer())
        x, y = ax.transData.transform((0.5, 0.5))
        assert abs(box.x0 - x) < 4 and box.y0 - 4 < y < box.y1  # at its anchor, in this size
