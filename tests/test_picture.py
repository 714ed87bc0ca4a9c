"""What a reader sees: legible words that do not collide, numbers off the synapses, and SVG
text that reads as the PNG does."""

import itertools
import xml.etree.ElementTree as ET
from io import BytesIO
from pathlib import Path

import matplotlib
import numpy as np
import pytest
from matplotlib.text import Text
from PIL import Image

from nnviz.data import load_table, plane, xor
from nnviz.layout import _box_segments_distance, network_layout
from nnviz.network import Network
from nnviz.recording import Curve, Metrics, Recording, Setup, Snapshot
from nnviz.render import Renderer
from nnviz.render.caption import joined
from nnviz.render.sprites import VectorText
from nnviz.story import story
from nnviz.style import LIGHT, SYNAPSE_MAX_WIDTH
from nnviz.train import TrainConfig, setup_of, train

SIZES = [(640, 360), (1280, 720), (1920, 1080)]


@pytest.fixture(scope="module")
def shots():
    everything = story(train(xor(), TrainConfig(train_cycles=60, shown=3)), 1)
    # before, the first example of cycle 1, one of a later cycle, after, new
    return [everything[i] for i in (0, 1, 9, -2, -1)]


def _shown_texts(renderer: Renderer) -> list[Text]:
    """The texts Agg draws that show something (a line's whole string is for SVG only)."""
    return [t for t in renderer.ax.texts + [a for a in renderer.ax.artists if isinstance(a, Text)]
            if t.get_visible() and t.get_text().strip() and not isinstance(t, VectorText)]


# ------------------------------------------------------------------ legible at any size
def _capital_height(text: Text, renderer) -> float:
    """Pixel height of the text's capitals and digits (of a capital if it has none); a
    subscript digit counts at its own, smaller, height."""
    font = text.get_fontproperties()
    measured = [c for c in text.get_text() if c.isupper() or c.isdigit()] or ["H"]
    return min(renderer.get_text_width_height_descent(c, font, ismath=False)[1] for c in measured)


@pytest.mark.parametrize("width,height", [(640, 360), (640, 800), (720, 1280)])  # 720x1280: stacked
def test_small_pictures_set_every_word_at_least_9_pixels_tall(shots, width, height):
    from nnviz.layout import stage_pixels_of

    renderer = Renderer(setup_of(xor(), TrainConfig(train_cycles=60)), width, height)
    smallest = np.inf
    for shot in shots:
        renderer.draw(shot)
        agg = renderer.canvas.get_renderer()
        for text in _shown_texts(renderer):
            height_px = _capital_height(text, agg)
            assert height_px >= 9, f"{text.get_text()!r} is {height_px:.1f} px tall"
            smallest = min(smallest, height_px)
    if stage_pixels_of(width, height) <= 360:
        assert smallest < 11  # the small design is not simply a larger one


def _assert_words_apart_in_frame_and_in_their_part(renderer: Renderer, shots, width: int, height: int):
    """No two words overlap, every word is inside the frame, a word of the panel stays in the
    panel and a word of the network out of it."""
    lay = renderer.layout
    panel_x = renderer.ax.transData.transform([(lay.panel_left, 0), (lay.panel_right, 1)])[:, 0]
    for shot in shots:
        renderer.draw(shot)
        agg = renderer.canvas.get_renderer()
        texts = _shown_texts(renderer)
        boxes = [t.get_window_extent(agg) for t in texts]
        for (a, box_a), (b, box_b) in itertools.combinations(zip(texts, boxes), 2):
            assert not box_a.overlaps(box_b), f"{a.get_text()!r} runs into {b.get_text()!r} ({shot.moment})"
        for text, box in zip(texts, boxes):
            assert 0 <= box.x0 and box.x1 <= width and 0 <= box.y0 and box.y1 <= height, text.get_text()
            if box.x0 > panel_x[0]:  # a word of the panel stays inside it
                assert box.x1 <= panel_x[1], f"{text.get_text()!r} runs out of the panel"
            else:  # and a word of the network stays out of it
                assert box.x1 <= panel_x[0], f"{text.get_text()!r} runs into the panel"


@pytest.mark.parametrize("width,height", SIZES + [(1080, 1080)])
def test_no_words_collide_or_leave_the_frame_or_the_panel(shots, width, height):
    renderer = Renderer(setup_of(xor(), TrainConfig(train_cycles=60)), width, height)
    _assert_words_apart_in_frame_and_in_their_part(renderer, shots, width, height)


def test_the_1080p_picture_keeps_its_design():
    renderer = Renderer(setup_of(xor(), TrainConfig(train_cycles=60)), 1920, 1080)
    assert not renderer.layout.compact and renderer.design.title == 32
    assert Renderer(setup_of(xor(), TrainConfig(train_cycles=60)), 1280, 720).design == renderer.design
    assert Renderer(setup_of(xor(), TrainConfig(train_cycles=60)), 1278, 718).layout.compact


# ------------------------------------------------------------------ numbers off the synapses
def _segments_in_pixels(renderer: Renderer) -> np.ndarray:
    return renderer.ax.transData.transform(renderer.layout.synapses().reshape(-1, 2)).reshape(-1, 2, 2)


@pytest.mark.parametrize("width,height", SIZES)
def test_no_number_sits_on_a_synapse(shots, width, height):
    renderer = Renderer(setup_of(xor(), TrainConfig(train_cycles=60)), width, height, theme=LIGHT)
    renderer.draw(shots[-1])
    agg = renderer.canvas.get_renderer()
    widest = SYNAPSE_MAX_WIDTH * renderer.figure.dpi / 72
    segments = _segments_in_pixels(renderer)
    for text in renderer._values:
        ink = text.ink(agg)  # the glyphs' own pixels
        box = np.array([[ink.x0, ink.y0, ink.x1, ink.y1]])
        assert _box_segments_distance(box, segments)[0] >= widest / 2, text.get_text()
        centre = renderer.ax.transData.transform(renderer.layout.all_centres)
        above = centre[:, 1] < ink.y0  # each number is above a neuron...
        nearest = np.argmin(np.hypot(*(centre - [(ink.x0 + ink.x1) / 2, ink.y0]).T))
        assert above[nearest]  # ...the one it is nearest to


def _layer_sizes(most: int, layers: int):
    return {s for s in itertools.product(range(1, most + 1), repeat=layers) if max(s) == most}


# Where a clear place exists. Denser layers leave no room between their steeper synapses
# for a number that can still be read; there the least crowded place is taken.
CLEAR = [(1920, 1080, 2, 8), (1920, 1080, 3, 7), (640, 360, 2, 8), (640, 360, 3, 4)]


@pytest.mark.parametrize("width,height,layers,most", CLEAR)
def test_numbers_find_a_clear_place_in_networks_of_other_shapes(width, height, layers, most):
    renderer = Renderer(setup_of(xor(), TrainConfig(train_cycles=60)), width, height)
    stage = renderer.layout.stage_pixels
    ink = renderer.diagram._value_inks(renderer._values[0])[False]
    half = SYNAPSE_MAX_WIDTH / 2 * renderer.figure.dpi / 72 / stage
    shapes = [s for n in range(1, most + 1) for s in _layer_sizes(n, layers)]
    if len(shapes) > 120:  # the densest shapes, and a sample of the rest
        rng = np.random.default_rng(0)
        dense = [s for s in shapes if sum(s) >= layers * most - 2]
        shapes = dense + [shapes[i] for i in rng.choice(len(shapes), 120 - len(dense), replace=False)]
    for sizes in shapes:
        layout = network_layout(sizes, width, height)
        boxes = layout.value_boxes(ink.width, ink.height, half + 1.5 / stage)
        assert (_box_segments_distance(boxes, layout.synapses()) >= half).all(), sizes
        for a, b in itertools.combinations(boxes, 2):
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], sizes


# ------------------------------------------------------------------ SVG reads as the PNG
resvg = pytest.importorskip("resvg_py")
FONTS = str(Path(matplotlib.get_data_path()) / "fonts" / "ttf")


def _svg_texts(svg: bytes) -> list[str]:
    root = ET.parse(BytesIO(svg)).getroot()
    return ["".join(e.itertext()).replace("\u00a0", " ") for e in root.iter() if e.tag.endswith("}text")]


def _rasterise(svg: bytes, **fonts) -> np.ndarray:
    """The SVG as a browser shows it: at the size it declares."""
    png = resvg.svg_to_bytes(svg_string=svg.decode(), skip_system_fonts=True, **fonts)
    return np.asarray(Image.open(BytesIO(bytes(png))).convert("RGB")).astype(int)


def _blanks(image: np.ndarray, rows: slice, columns: slice) -> np.ndarray:
    """(first, last) column of every run of columns without ink, along a line of text."""
    band = image[rows, columns]
    ground = np.median(band.reshape(-1, 3), axis=0)
    contrast = np.abs(band - ground).sum(axis=2).max(axis=0)
    blank = contrast <= 0.2 * contrast.max()  # thin strokes are faint: a fifth of the most is ink
    edges = np.flatnonzero(np.diff(np.concatenate([[0], blank.astype(int), [0]])))
    return edges.reshape(-1, 2) - [0, 1] + columns.start


def _separators(line: str, x0: float, font, agg) -> list[float]:
    """Where Agg puts the middle of each run of spaces between words (pixels)."""
    width = lambda s: agg.get_text_width_height_descent(s, font, ismath=False)[0]  # noqa: E731
    middles, i = [], 0
    while (i := line.find(" ", i)) >= 0:
        end = i + len(line[i:]) - len(line[i:].lstrip(" "))
        middles.append(x0 + (width(line[:i]) + width(line[:end])) / 2)
        i = end
    return middles


def _words_apart(blanks: np.ndarray, separators: list[float], tolerance) -> np.ndarray:
    """For each separator, the blank run at (or nearest) it; fails if there is none within
    ``tolerance`` or if two separators fall in one run (the words between ran together)."""
    found = []
    for middle in separators:
        distance = np.maximum(np.maximum(blanks[:, 0] - middle, middle - blanks[:, 1]), 0)
        nearest = int(np.argmin(distance))
        assert distance[nearest] <= tolerance(middle), f"no gap near column {middle:.0f}"
        found.append(nearest)
    assert len(set(found)) == len(found), "two words run together"
    return blanks[found]



@pytest.mark.parametrize("width,height", [(1920, 1080), (640, 360)])
@pytest.mark.parametrize("which", [2, -1])  # a later training step, and the new situation
def test_svg_says_every_line_as_one_text_and_reads_as_the_png(shots, width, height, which):
    renderer = Renderer(setup_of(xor(), TrainConfig(train_cycles=60)), width, height)
    shot = shots[which]
    words = renderer.caption(shot)
    png = renderer.draw(shot)[..., :3].astype(int)
    svg = renderer.vector(shot, "svg")
    texts = _svg_texts(svg)
    lines = {"line1": words.line1, "line2": joined(words.line2), "error": joined(words.error)}
    for name, line in lines.items():
        assert line in texts, f"{name} {line!r} is not one <text> in {texts}"
    for string in [words.title, words.subtitle, *words.values, *(c for r in words.rows if r for c in r if c)]:
        assert string in texts

    agg = renderer.canvas.get_renderer()
    root = ET.parse(BytesIO(svg)).getroot()
    assert (root.get("width"), root.get("height")) == (str(width), str(height))  # pixels, as the PNG
    drawn = _rasterise(svg, font_dirs=[FONTS])
    assert drawn.shape == png.shape
    # A serif face, wider than DejaVu Sans: what a reader without DejaVu might see.
    serif = _rasterise(svg, font_files=[str(Path(FONTS) / "DejaVuSerif.ttf")],
                       font_family="DejaVu Serif", sans_serif_family="DejaVu Serif",
                       monospace_family="DejaVu Serif")
    panel_right = int(renderer.ax.transData.transform((renderer.layout.panel_right, 0))[0])
    panel = renderer.panel
    for first, line in [(panel.line2.pieces[0], lines["line2"]), (panel.error_line.pieces[0], lines["error"]),
                        (panel.line1, lines["line1"])]:
        box = first.get_window_extent(agg)
        rows = slice(height - int(np.ceil(box.y1)), height - int(box.y0))
        columns = slice(int(box.x0) - 2, panel_right)
        font = first.get_fontproperties()
        separators = _separators(line, box.x0, font, agg)
        # Agg hints its advances and resvg does not: a pixel or so in a hundred apart.
        tolerance = lambda x: 2 + 0.02 * (x - box.x0)  # noqa: E731, B023
        gaps = {name: _words_apart(_blanks(image, rows, columns), separators, tolerance)
                for name, image in (("png", png), ("svg", drawn))}
        # Every word of the SVG starts and ends where the PNG's does, give or take that.
        for png_gap, svg_gap in zip(gaps["png"], gaps["svg"]):
            assert (np.abs(svg_gap - png_gap) <= tolerance(png_gap[1])).all(), (line, png_gap, svg_gap)
        # In a wider face the words move, but still stand apart: as many wide gaps as spaces.
        space = agg.get_text_width_height_descent(" ", font, ismath=False)[0]
        blanks = _blanks(serif, rows, columns)[1:-1]  # not the margins either side
        assert (blanks[:, 1] - blanks[:, 0] + 1 >= 0.6 * space).sum() >= len(separators), line


# ------------------------------------------------------------------ every panel
def _user_loop():
    """A recording of a user's own loop: nnviz knows only its arrays (no data set)."""
    rng = np.random.default_rng(4)
    sizes = (4, 6, 3)
    network = Network(tuple(rng.normal(0, 0.7, (a, b)) for a, b in zip(sizes, sizes[1:])),
                      tuple(np.zeros(b) for b in sizes[1:]), "tanh", "softmax")
    snapshots, metrics = [], []
    for step in (1, 4, 16, 64):
        x = rng.normal(size=4)
        a = tuple(network.forward(x))
        metrics.append(Metrics(1.1 - 0.01 * step, 0.3 + 0.008 * step))
        snapshots.append(Snapshot(step, None, x, np.eye(3)[step % 3], a[-1], network, a, metrics[-1]))
    setup = Setup(sizes, hidden="tanh", output="softmax", story="steps", steps=64, step_name="step")
    return Recording(setup, network, tuple(snapshots), network, Curve.of([1, 4, 16, 64], metrics))


@pytest.fixture(scope="module")
def panels(tmp_path_factory):
    """Shots of a recording for each panel: points on a plane (three classes with long names,
    dropout), a table of many inputs, and a user's own loop."""
    path = tmp_path_factory.mktemp("data") / "flowers.csv"
    rng = np.random.default_rng(3)
    rows = ["petal length in cm,petal width in cm,species"]
    centres = [(-2, 0), (1.5, 2), (1.5, -2)]
    for name, (x, y) in zip(("Iris setosa", "Iris versicolor", "Iris virginica"), centres):
        rows += [f"{x + rng.normal():.3f},{y + rng.normal():.3f},{name}" for _ in range(40)]
    path.write_text("\n".join(rows) + "\n")
    flowers = train(load_table(path), TrainConfig(
        hidden=(8, 8), activation="relu", output="softmax", batch=16, story="classes", init="he", bias=True,
        train_cycles=60, shown=4, learning_rate=0.05, dropout=0.25))
    x = rng.normal(size=(150, 8))
    path = path.with_name("churn.csv")
    names = ["age", "income", "tenure in months", "visits", "clicks", "basket", "returns", "region"]
    path.write_text("\n".join([",".join(names) + ",churned"] + [
        ",".join(f"{v:.3f}" for v in r) + f",{'yes' if r[0] - r[3] > 0 else 'no'}" for r in x]) + "\n")
    churn = train(load_table(path), TrainConfig(hidden=(10,), output="binary", batch=16, story="classes",
                                                init="glorot", bias=True, train_cycles=40, shown=4,
                                                learning_rate=0.3))
    circles = train(plane("circles", samples=200), TrainConfig(
        hidden=(6,) * 5, activation="tanh", output="binary", batch=10, story="classes", init="glorot",
        bias=True, train_cycles=30, shown=3, learning_rate=0.1))
    return {name: (run.setup, story(run, 1)) for name, run in
            (("plane", flowers), ("deep", circles), ("curves", churn), ("loop", _user_loop()))}


PANELS = ["plane", "deep", "curves", "loop"]


@pytest.mark.parametrize("width,height", [(640, 360), (720, 1280)])
@pytest.mark.parametrize("panel", PANELS)
def test_every_panel_sets_its_words_at_least_9_pixels_tall_when_small(panels, panel, width, height):
    setup, shots = panels[panel]
    renderer = Renderer(setup, width, height)
    for shot in shots:
        renderer.draw(shot)
        agg = renderer.canvas.get_renderer()
        for text in _shown_texts(renderer):
            height_px = _capital_height(text, agg)
            assert height_px >= 9, f"{text.get_text()!r} is {height_px:.1f} px tall"


@pytest.mark.parametrize("width,height", SIZES + [(1080, 1080)])
@pytest.mark.parametrize("panel", PANELS)
def test_no_words_of_any_panel_collide_or_leave_the_frame_or_the_panel(panels, panel, width, height):
    setup, shots = panels[panel]
    renderer = Renderer(setup, width, height, theme=LIGHT)
    _assert_words_apart_in_frame_and_in_their_part(renderer, shots, width, height)


@pytest.mark.parametrize("width,height", [(1920, 1080), (640, 360)])
@pytest.mark.parametrize("panel", PANELS)
def test_every_panel_says_each_visible_string_as_one_svg_text(panels, panel, width, height):
    setup, shots = panels[panel]
    renderer = Renderer(setup, width, height)
    for shot in (shots[1], shots[-1]):  # a training shot, and the last (after training, or a test)
        renderer.draw(shot)
        shown = [t.get_text() for t in _shown_texts(renderer)]
        texts = _svg_texts(renderer.vector(shot, "svg"))
        for string in shown:
            assert string.replace("\u00a0", " ") in texts, f"{string!r} is not one <text>"
        assert renderer.vector(shot, "pdf").startswith(b"%PDF")
        # and the picture drawn afterwards is drawn whole again
        assert np.array_equal(renderer.draw(shot), Renderer(setup, width, height, blit=False).draw(shot))


@pytest.mark.parametrize("width,height", SIZES + [(960, 540)])
@pytest.mark.parametrize("epochs", [200, 500, 5000])
def test_a_logarithmic_step_axis_shows_that_it_is_one(width, height, epochs):
    """Over 30 steps or more the curves' step axis is logarithmic; labelled "epoch 1 … 500"
    alone it read as linear (learning seemed to stall, then drop late). A power of ten is
    labelled between the ends, and marks under the axis at 1, 10, 100 … are evenly spaced."""
    config = TrainConfig(hidden=(8, 8), activation="tanh", output="binary", batch=10, story="classes",
                         init="glorot", bias=True, train_cycles=epochs)
    renderer = Renderer(setup_of(plane("spiral", samples=100), config), width, height)
    plots = renderer.panel.plots.values()
    assert plots
    for plot in plots:
        x0, y0, x1, _ = plot.box
        def within(x: float, low: float = x0, high: float = x1) -> bool:
            return low - 1e-9 <= x <= high + 1e-9

        under = [t for t in renderer.ax.texts if t.get_position()[1] < y0 and within(t.get_position()[0])]
        labels = [t.get_text() for t in sorted(under, key=lambda t: t.get_position()[0])]
        assert labels[-1] == f"{epochs:,}" and labels[0] in ("1", "epoch 1")
        assert set(labels[1:-1]) & {"10", "100", "1,000"}, labels
        marks = sorted(line.get_xdata()[0] for line in renderer.ax.lines
                       if len(line.get_xdata()) == 2 and line.get_xdata()[0] == line.get_xdata()[1]
                       and max(line.get_ydata()) == y0 and min(line.get_ydata()) < y0
                       and within(line.get_xdata()[0]))
        powers = [10**k for k in range(0, 5) if 10**k < epochs]
        assert np.allclose(marks, plot._x(np.array(powers, dtype=float)))
        assert np.allclose(np.diff(marks), marks[1] - marks[0])  # evenly spaced: a log scale
