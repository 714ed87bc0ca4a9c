"""Every data set's command: its preset reaches the promised accuracy; bad tables and bad
networks are refused in one line; the summary says what was learned."""

import contextlib
import re
from pathlib import Path

import numpy as np
import pytest
from command import refused_in_process

import nnviz
from nnviz.api import NetworkTraining, dataset_subject
from nnviz.checks import UsageError
from nnviz.cli import main
from nnviz.data import load_table, plane
from nnviz.presets import PRESETS, preset
from nnviz.train import train

TARGETS = {"circles": 0.95, "moons": 0.95, "gauss": 0.95, "xor2d": 0.95, "spiral": 0.90}


@pytest.mark.parametrize("name", TARGETS)
def test_each_preset_reaches_its_accuracy(name):
    dataset = plane(name, seed=0)
    config = NetworkTraining().config(dataset, preset(name), shown=5)
    run = train(dataset, config)
    assert run.history.test_accuracy[-1] >= TARGETS[name], run.history.test_accuracy[-1]
    assert len(run.history) == PRESETS[name].epochs  # measured after every epoch
    assert [s.step for s in run.snapshots] == list(run.steps) and len(run.snapshots) == 5


def test_shown_examples_cycle_through_the_classes():
    dataset = plane("circles", seed=3)
    run = train(dataset, NetworkTraining(epochs=12).config(dataset, preset("circles"), shown=6))
    labels = [int(s.target[0]) for s in run.snapshots]
    assert labels == [0, 1, 0, 1, 0, 1]


def test_the_same_options_train_the_same_network():
    dataset = plane("moons", seed=1, samples=100)
    config = NetworkTraining(epochs=15, dropout=0.2, seed=1).config(dataset, preset("moons"), shown=3)
    a, b = train(dataset, config), train(dataset, config)
    for x, y in zip(a.final.W + a.final.b, b.final.W + b.final.b):
        assert (x == y).all()


def _csv(path, text):
    path.write_text(text)
    return path


BAD = {
    "missing table": ["custom", "--data", "nowhere.csv"],
    "empty table": ["custom", "--data", "empty.csv"],
    "ragged table": ["custom", "--data", "ragged.csv"],
    "a word among numbers": ["custom", "--data", "words.csv"],
    "no such label": ["custom", "--data", "good.csv", "--label", "colour"],
    "one class only": ["custom", "--data", "one.csv"],
    "layers that do not fit": ["custom", "--data", "good.csv", "--layers", "3,4,1"],
    "softmax for two classes": ["custom", "--data", "good.csv", "--loss", "softmax"],
    "too few rows for a test split": ["custom", "--data", "tiny.csv"],
    "a nan in the data": ["custom", "--data", "nan.csv"],
    "too many epochs": ["spiral", "--epochs", "1000001"],
    "negative noise": ["circles", "--noise", "-1"],
    "too few samples": ["moons", "--samples", "3"],
    "a layer of zero": ["gauss", "--layers", "2,0,1"],
    "dropout of one": ["xor2d", "--dropout", "1"],
    "dropout without a hidden layer": ["spiral", "--layers", "2,1", "--dropout", "0.5"],
    "a batch of zero": ["xor2d", "--batch", "0"],
    "malformed layers": ["xor2d", "--layers", "2;8;1"],
    "more shown than trained": ["xor2d", "--epochs", "10", "--shown", "11"],
    "an unknown decay": ["moons", "--learning-rate-decay", "cosine"],
    "hours of training": ["spiral", "--samples", "10000", "--layers", "2,1024,1024,1", "--epochs", "1000"],
    # The first row was taken for the header (an example lost, inputs named "1" and "2").
    "a header line of commas only": ["custom", "--data", "commas.csv"],
    "two columns of one name": ["custom", "--data", "twice.csv"],  # told apart by name nowhere
}


@pytest.mark.parametrize("args", BAD.values(), ids=BAD.keys())
def test_bad_data_or_network_is_one_line_and_writes_nothing(tmp_path, capsys, monkeypatch, args):
    _csv(tmp_path / "empty.csv", "")
    _csv(tmp_path / "ragged.csv", "a,b,label\n1,2,x\n3,y\n")
    _csv(tmp_path / "words.csv", "a,b,label\n1,2,x\n3,high,y\n")
    _csv(tmp_path / "good.csv", "a,b,label\n" + "".join(f"{i},{i % 3},{'xy'[i % 2]}\n" for i in range(40)))
    _csv(tmp_path / "one.csv", "a,b,label\n" + "".join(f"{i},{i},same\n" for i in range(10)))
    _csv(tmp_path / "tiny.csv", "a,b,label\n1,2,x\n2,3,y\n")
    _csv(tmp_path / "nan.csv", "a,b,label\n1,2,x\nnan,3,y\n2,2,x\n3,3,y\n")
    rows = "".join(f"{i},{i % 3},{'xy'[i % 2]}\n" for i in range(40))
    _csv(tmp_path / "commas.csv", ",,\n" + rows)
    _csv(tmp_path / "twice.csv", "a,a,label\n" + rows)
    before = sorted(p.name for p in tmp_path.iterdir())
    refused_in_process([*args, "--out", "v.mp4"], tmp_path, capsys, monkeypatch)
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_a_subject_says_what_it_learned():
    dataset = plane("gauss", samples=60)
    subject = dataset_subject(dataset, NetworkTraining(epochs=5, learning_rate=0.2, batch="full"))
    source = subject.begin(3)
    groups = list(source)
    assert [len(g) for g in groups] == [1, 1, 1] and subject.shape.closing == 3
    about = subject.details(source.recording)
    assert about["data"] == {"name": "gauss", "train_examples": 30, "test_examples": 30,
                             "classes": list(dataset.classes)}
    assert about["network"]["batch"] == "full" and about["network"]["learning_rate"] == 0.2
    assert about["network"]["learning_rate_decay"] == "none"  # the plane sets' preset keeps the rate


def test_a_network_that_diverges_is_stopped_before_anything_is_written(tmp_path, capsys, monkeypatch):
    (tmp_path / "v.mp4").write_bytes(b"keep")
    line = refused_in_process(["spiral", "--activation", "relu", "--learning-rate", "100", "--out", "v.mp4",
                               "--size", "640x360", "--quiet"], tmp_path, capsys, monkeypatch)
    assert "diverged by epoch" in line and "lower the learning rate" in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v.mp4"]
    assert (tmp_path / "v.mp4").read_bytes() == b"keep"


def test_a_tables_map_is_labelled_in_the_tables_own_units(tmp_path):
    """The network learns standardised inputs, but the map's ends are said in the columns'
    units: a height from 150 to 190 cm is not labelled from −1.7 to 1.7."""
    import numpy as np

    from nnviz.api import TableData, load_dataset
    from nnviz.render import Renderer

    rng = np.random.default_rng(0)
    height, weight = rng.uniform(150, 190, 80), rng.uniform(1000, 3000, 80)
    rows = "".join(f"{h:.1f},{w:.1f},{'ab'[int(h > 170)]}\n" for h, w in zip(height, weight))
    table = _csv(tmp_path / "people.csv", "height_cm,weight_g,kind\n" + rows)
    dataset = load_dataset(TableData(table), seed=0)
    subject = dataset_subject(dataset, NetworkTraining(epochs=2))
    source = subject.begin(2)
    with Renderer(source.setup, 1920, 1080) as renderer:
        x0, x1, x_name, y0, y1, y_name = (t.get_text() for t in renderer.panel._plane_words)
    number = lambda text: float(text.replace(",", "").replace("\u2212", "-"))  # noqa: E731
    assert (x_name, y_name) == ("height_cm", "weight_g")
    assert 130 < number(x0) < 150 < 190 < number(x1) < 210
    assert 500 < number(y0) < 1000 < 3000 < number(y1) < 3500
    assert "e" not in y1  # "3210", not "3.21e+03"


def test_a_maps_ends_have_the_decimals_their_distance_needs():
    """Ends close together keep the digits that tell them apart (latitudes a few hundredths
    apart, years a few apart), and are written to about a twentieth of the distance."""
    from nnviz.render.panels.plane import _ticks

    assert _ticks(-6, 6) == ("\u22126", "6")  # the 2-D sets, as before
    assert _ticks(-1.5, 1.5) == ("\u22121.5", "1.5")
    assert _ticks(51.4993, 51.5162) == ("51.499", "51.516")
    assert _ticks(2018.7, 2022.3) == ("2018.7", "2022.3")
    assert _ticks(999_999.6, 1_000_002.4) == ("999999.6", "1000002.4")
    for low, high in ((0.001, 0.0013), (12345.6, 12345.9), (-3e-7, 2e-7), (1e12, 1.001e12)):
        a, b = (float(t.replace("\u2212", "-")) for t in _ticks(low, high))
        assert a != b and abs(a - low) <= (high - low) / 10 and abs(b - high) <= (high - low) / 10


def _read_offset(offset: str) -> float:
    """The number an axis name's offset subtracts: "− 1.7001×10⁹" is 1.7001e9, "+ 10¹⁶" −1e16."""
    sign, number = offset.split(" ", 1)
    if number.isascii():  # a plain number: 25000
        mantissa, power = number, "0"
    elif "\u00d710" in number:
        mantissa, power = number.split("\u00d710")
    else:  # a power of ten alone
        mantissa, power = "1", number[2:]
    value = float(mantissa) * 10.0 ** int(power.translate(str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")))
    return value if sign == "\u2212" else -value


def test_a_maps_long_ends_are_written_from_a_round_number_the_axis_name_states():
    """Timestamps (1.7×10⁹, a spread of 10⁵) had ends of "1.699992e+09" that ran into the
    axis name; values near 10¹⁶ overlapped each other. The round number is precise enough to
    make the ends short; ends around zero, tiny ones and short ones are as before."""
    from nnviz.render.panels.plane import LONGEST_TICK, _axis

    assert _axis(1.699992e9, 1.700109e9) == ("\u2212108000", "9000", "\u2212 1.7001\u00d710\u2079")
    assert _axis(1e16 - 22, 1e16 + 18) == ("\u221222", "18", "\u2212 10\u00b9\u2076")
    assert _axis(-1.7e9 - 5e4, -1.7e9 + 6e4)[2] == "+ 1.7\u00d710\u2079"
    day = _axis(1.7255e9, 1.7255e9 + 86400)  # a day of 2024: the base to the span's leading digit
    assert day[2] == "\u2212 1.72554\u00d710\u2079" and len(day[0]) <= 6 and len(day[1]) <= 6
    for unmoved in ((51.4993, 51.5162), (-1e16, 1e16), (1e-200, 3e-200), (-1e-300, 1e-300), (1e-320, 4e-320)):
        assert _axis(*unmoved)[2] == ""  # short already, around zero, or tiny: no offset
    for low, high in ((1.699992e9, 1.700109e9), (1e16 - 22, 1e16 + 18), (1.2549e9, 1.2549e9 + 100)):
        *ends, offset = _axis(low, high)
        assert all(len(end) <= LONGEST_TICK for end in ends) and ends[0] != ends[1]
        base = _read_offset(offset)
        said = [float(end.replace("\u2212", "-")) + base for end in ends]  # the ends read back
        assert abs(said[0] - low) <= (high - low) / 10 and abs(said[1] - high) <= (high - low) / 10


@contextlib.contextmanager
def _first_picture(folder, table: str, size: tuple[int, int]):
    """A renderer that has drawn the first picture of a table's video (written as CSV)."""
    from nnviz.data import load_table
    from nnviz.render import Renderer
    from nnviz.story import unfold

    _csv(folder / "table.csv", table)
    source = dataset_subject(load_table(folder / "table.csv"), NetworkTraining(epochs=2)).begin(2)
    with Renderer(source.setup, *size) as renderer:
        renderer.draw(next(iter(unfold(source, 1))))
        yield renderer


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_a_maps_axis_name_never_touches_its_ends_and_is_cut_before_its_offset(tmp_path, size):
    import numpy as np

    rng = np.random.default_rng(0)
    t, v = 1.7255e9 + rng.uniform(0, 86400, 200), rng.normal(size=200)
    rows = "".join(f"{a:.0f},{b:.3f},{'ud'[int(b > 0)]}\n" for a, b in zip(t, v))
    with _first_picture(tmp_path, "timestamp_in_seconds_since_1970,value,label\n" + rows, size) as renderer:
        r = renderer.canvas.get_renderer()
        words = {t.get_text(): t.get_window_extent(r) for t in renderer.panel._plane_words if t.get_text()}
    name = next(text for text in words if "\u00d710\u2079" in text)
    assert name.startswith("timest") and name.endswith("\u00d710\u2079")  # the name cut, the offset whole
    below = sorted((box for box in words.values() if abs(box.y0 - words[name].y0) < 2), key=lambda b: b.x0)
    assert len(below) == 3
    assert below[0].x1 < below[1].x0 and below[1].x1 < below[2].x0  # the ends and the name apart


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_the_upright_axis_has_its_whole_name_and_its_ends_inside_the_panel(tmp_path, size):
    """The second input's name had been cut to 60 % of the map's height ("timesta…" beside
    room to spare), and an end of "−78481" crossed the panel's edge."""
    import numpy as np

    rng = np.random.default_rng(0)
    lat, t = 51.5 + rng.uniform(0, 0.02, 200), 1.7256e9 + rng.uniform(-78000, 43000, 200)
    rows = "".join(f"{a:.5f},{b:.0f},{'el'[int(a > 51.51)]}\n" for a, b in zip(lat, t))
    with _first_picture(tmp_path, "latitude,timestamp,when\n" + rows, size) as renderer:
        r = renderer.canvas.get_renderer()
        plane_words = renderer.panel._plane_words
        name = plane_words[-1].get_text()  # the x axis's ends and name, then the y axis's
        ends = [t.get_window_extent(r) for t in plane_words[3:5]]
        sizes = {t.get_fontsize() for t in plane_words}
        edge = renderer.layout.to_pixels(np.array([(renderer.layout.panel_left, 0.0)]))[0, 0]
    assert name.startswith("timestamp \u2212") and name.endswith("\u00d710\u2079")  # whole
    assert min(box.x0 for box in ends) >= edge + 2
    assert len(sizes) == 1  # the ends as large as the other axis's: shrunk, they had been 7 pixels tall


@pytest.mark.parametrize("columns, said", [
    ("a,b,label", "column 'b' (5) holds one value in every training row: it tells the network nothing"),
    ("a,b,c,label", "columns 'b' (5), 'c' (0) hold one value each"),
])
def test_a_column_of_one_value_is_noted(tmp_path, capsys, columns, said):
    """Such a column tells the network nothing (with two inputs its map axis spans nothing),
    which had gone unsaid."""
    import json

    from nnviz.api import TableData, load_dataset

    extra = ",0" if columns.count(",") == 3 else ""
    rows = "".join(f"{i},5{extra},{'xy'[i % 2]}\n" for i in range(12))
    path = _csv(tmp_path / "t.csv", columns + "\n" + rows)
    notes = dataset_subject(load_dataset(TableData(path), 0), NetworkTraining(epochs=1)).notes
    assert notes[0].startswith("the labels are the last column, 'label'") and said in notes[1]
    assert main(["custom", "--data", str(path), "--out", str(tmp_path / "a.mp4"), "--size", "640x360",
                 "--shown", "1", "--epochs", "2", "--json", str(tmp_path / "s.json"), "--quiet"]) == 0
    assert any(said in note for note in json.loads((tmp_path / "s.json").read_text())["notes"])
    capsys.readouterr()
    assert main(["custom", "--data", str(path), "--still", "after", "--out", str(tmp_path / "a.png"),
                 "--size", "640x360", "--epochs", "2"]) == 0
    assert said[:1].upper() + said[1:] in capsys.readouterr().out  # a still says it too
    if columns == "a,b,label":  # its map's axis spans a unit either side, not 2e-10
        from nnviz.data.extent import plane_of

        plane = plane_of(load_dataset(TableData(path), 0))
        assert plane.y[1] - plane.y[0] >= 2
    flowers = Path(__file__).parent.parent / "examples" / "flowers.csv"
    notes = dataset_subject(load_dataset(TableData(flowers), 0), NetworkTraining(epochs=1)).notes
    assert [note for note in notes if not note.startswith("the labels are")] == []


def test_characters_the_font_lacks_are_named_once_and_not_under_quiet(tmp_path):
    """matplotlib's several-line warning for each missing glyph becomes one note of the
    run's result, said with the others; --quiet says nothing. The library lets no warning of
    them out (a notebook had shown matplotlib's, line after line)."""
    import warnings

    from command import run_cli

    import nnviz

    rows = "".join(f"{i % 7},{i % 5},{'犬猫'[i % 2]}\n" for i in range(40))
    _csv(tmp_path / "pets.csv", "a,b,kind\n" + rows)
    still = ["custom", "--data", "pets.csv", "--still", "after", "--size", "640x360", "--epochs", "3"]
    said = run_cli([*still, "--out", "a.png"], tmp_path)
    assert said.returncode == 0, said.stderr
    assert "Glyph" not in said.stderr and "font" not in said.stderr
    assert [line for line in said.stdout.splitlines() if "font" in line] == [
        "The font has no 犬 猫; they are drawn as boxes."]
    quiet = run_cli([*still, "--out", "b.png", "--quiet"], tmp_path)
    assert quiet.returncode == 0 and quiet.stderr == "" and quiet.stdout == ""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = nnviz.table_still(tmp_path / "pets.csv", epochs=3, width=640)
    assert result.notes == ["the font has no 犬 猫; they are drawn as boxes"]
    assert not [w for w in caught if "Glyph" in str(w.message)]
    # A control character in a name is refused by its code, not sent to the terminal.
    _csv(tmp_path / "pets.csv", "a\x1bb,c,kind\n" + rows.replace("犬", "x").replace("猫", "y"))
    said = run_cli([*still, "--out", "c.png"], tmp_path)
    assert said.returncode == 2 and "\x1b" not in said.stderr + said.stdout
    assert "holding the control character U+001B (column 1)" in said.stderr


def test_the_api_takes_shown_as_the_command_line_does_and_suggests_a_near_name():
    from nnviz.api import UsageError, VideoOptions, XorTraining, split_options

    (video,) = split_options({"shown": 5}, VideoOptions)
    assert video.cycles == 5  # --shown's other name, as on the command line
    with pytest.raises(UsageError, match=r"unknown option: seeed \(did you mean seed\?\)"):
        split_options({"seeed": 3}, XorTraining, VideoOptions)
    with pytest.raises(UsageError, match="give cycles or shown, not both"):
        split_options({"shown": 5, "cycles": 4}, VideoOptions)
    with pytest.raises(UsageError, match=r"^quiet is the command line's option: the library prints nothing"):
        split_options({"quiet": True}, VideoOptions)  # not "did you mean quality?"


@pytest.mark.parametrize("options, python, command_line", [
    (dict(layers=(3, 4, 1)), "layers=(3, 4, 1) does not fit the data",
     "--layers 3,4,1 does not fit the data"),
    (dict(layers=(3, 4, 1)), "use layers=(2, ..., 1)", "use --layers 2,...,1"),
    (dict(layers=(2, 1), layer_sweep=True), "add one (such as layers=(2, 4, 4, 1)) or drop layer_sweep",
     "add one (such as --layers 2,4,4,1) or drop --layer-sweep"),
    (dict(layers=(2, 1), neuron_maps=True), "add one (such as layers=(2, 4, 4, 1)) or drop neuron_maps",
     "--neuron-maps draws what each hidden neuron computes, and --layers 2,1 has no hidden layer"),
    (dict(beats=True), "beats needs a track to find beats in; add music=FILE",
     "--beats needs a track to find beats in; add --music FILE"),
    (dict(loss="softmax"), "use loss='binary'", "use --loss binary"),
    (dict(annotate=True, neuron_maps=True), "annotate writes its numbers at the neurons, where neuron_maps",
     "--annotate writes its numbers at the neurons, where --neuron-maps draws their maps; use one of them"),
])
def test_a_refusal_names_options_as_the_caller_writes_them(tmp_path, capsys, monkeypatch, options, python,
                                                           command_line):
    """Python callers read keywords (layers=(2, 4, 1)); the command line reads its options."""
    import nnviz

    with pytest.raises(nnviz.UsageError) as refused:
        nnviz.plane_video("spiral", tmp_path / "a.mp4", **options)
    assert python in str(refused.value) and "--" not in str(refused.value)
    args = ["spiral", "--out", "a.mp4"]
    for key, value in options.items():
        flag = "--" + key.replace("_", "-")
        shown = ",".join(map(str, value)) if isinstance(value, tuple) else value
        args += [flag] if value is True else [flag, shown]
    assert command_line in refused_in_process(args, tmp_path, capsys, monkeypatch)
    with pytest.raises(nnviz.UsageError, match="layers=") as again:  # the command line's run is over
        nnviz.plane_video("spiral", tmp_path / "a.mp4", layers=(3, 4, 1))
    assert "--" not in str(again.value)
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("columns", [3, 2])
def test_a_table_examples_inputs_are_said_in_the_tables_own_units(tmp_path, columns):
    """The panel said "Inputs [−1.90, 0.85, −1.03, −1.41]", the standardised values only the
    network sees; it says the row as the table has it, and where that line is too long for
    the panel, that it is an example of its class (never a class name cut short). A table of
    two columns, drawn as a map, had said only "A training point of class a"."""
    import numpy as np

    from nnviz.api import TableData, load_dataset
    from nnviz.render import Renderer
    from nnviz.story import unfold
    from nnviz.timeline import Moment

    rng = np.random.default_rng(0)
    rows = rng.uniform([150, 1000, 0], [190, 3000, 1], (60, 3))[:, :columns]
    text = "".join(",".join(f"{v:.{d}f}" for v, d in zip(row, (1, 1, 2))) + f",{'ab'[int(row[0] > 170)]}\n"
                   for row in rows)
    header = ",".join(["height_cm", "weight_g", "zeal"][:columns]) + ",kind\n"
    table = _csv(tmp_path / "people.csv", header + text)
    source = dataset_subject(load_dataset(TableData(table), seed=0), NetworkTraining(epochs=2)).begin(2)
    assert (source.setup.dataset.kind == "points") is (columns == 2)
    shot = next(s for s in unfold(source, 1) if s.moment is Moment.TRAINING)
    written = np.round(rows * [10, 10, 100][:columns]) / [10, 10, 100][:columns]  # as the CSV holds them
    scaling = source.setup.dataset.scaling
    raw = [r for r in written if np.allclose(scaling.apply(r), shot.snapshot.inputs)]
    assert len(raw) == 1
    with Renderer(source.setup, 1920, 1080) as renderer:
        renderer.draw(shot)
        line = renderer.panel.line1.get_text()
    said = [float(v.replace("\u2212", "-")) for v in line.split("[")[1].split("]")[0].split(", ")]
    assert np.allclose(said, raw[0]), line
    name = source.setup.classes[int(raw[0][0] > 170)]
    assert line.endswith(f": class {name}")
    shorter = f"A training {'point' if columns == 2 else 'example'} of class {name}"
    with Renderer(source.setup, 1920, 1080) as narrow:  # a panel with room for the shorter line only
        narrow.panel.width = narrow.panel._width(shorter, narrow.panel.line1)
        narrow.draw(shot)
        assert narrow.panel.line1.get_text() == shorter
        narrow.panel.width = 0.0  # no room at all: an ellipsis (this once looped for ever)
        narrow.draw(shot)
        assert narrow.panel.line1.get_text() == "…"


def test_names_with_dollar_signs_are_drawn_as_written(tmp_path, capsys, monkeypatch):
    """matplotlib reads "$…$" as TeX: a column named "$\\frac{$" made the command fail with a
    traceback, and "a$b$c" was drawn "abc" with an italic b. Every text nnviz draws is plain,
    and the caller's own matplotlib settings are left as they were."""
    import matplotlib
    import numpy as np

    from nnviz.api import TableData, load_dataset
    from nnviz.render import Renderer
    from nnviz.story import unfold

    rows = "".join(f"{i % 5},{(3 * i) % 7},{'$5' if i % 2 else 'b$$'}\n" for i in range(40))
    table = _csv(tmp_path / "tex.csv", "a$b$c,$\\frac{$,kind\n" + rows)
    source = dataset_subject(load_dataset(TableData(table), seed=0), NetworkTraining(epochs=2)).begin(2)
    with Renderer(source.setup, 1280, 720) as renderer:
        for shot in unfold(source, 1):
            renderer.draw(shot)
        texts = renderer.figure.findobj(matplotlib.text.Text)
        shown = {t.get_text() for t in texts}
        assert {"a$b$c", "$\\frac{$", "$5", "b$$"} <= shown | {w for t in shown for w in t.split()}
        assert not [t for t in texts if t.get_text() and t.get_parse_math()]
        svg = renderer.vector(shot, "svg").decode()
        assert "a$b$c" in svg and "$\\frac{$" in svg
    assert matplotlib.rcParams["text.parse_math"]  # the caller's setting, untouched
    argv = ["custom", "--data", "tex.csv", "--epochs", "2", "--still", "after", "--size", "640x360",
            "--out", "s.png"]
    monkeypatch.chdir(tmp_path)
    from nnviz.cli import main

    assert main(argv) == 0, capsys.readouterr().err
    assert np.asarray(matplotlib.image.imread(tmp_path / "s.png")).shape == (360, 640, 4)


def test_an_npz_table_too_large_is_refused_from_its_header(tmp_path, capsys, monkeypatch):
    """x of 4e8 zeros is a few megabytes on disk and 6.7 GB unpacked: it is refused from the
    size its header declares, before numpy unpacks it."""
    import zipfile

    import numpy as np

    np.savez(tmp_path / "big.npz", y=np.arange(40) % 2)
    header = "{'descr': '<f8', 'fortran_order': False, 'shape': (40000, 10000), }".ljust(117) + "\n"
    with zipfile.ZipFile(tmp_path / "big.npz", "a") as archive:
        archive.writestr("x.npy", b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header.encode())
    args = ["custom", "--data", "big.npz", "--out", "v.mp4"]
    line = refused_in_process(args, tmp_path, capsys, monkeypatch)
    assert "has x of 400,000,000 values; a table holds at most 100,000,000" in line


def test_a_network_without_hidden_layers_trains_without_a_preset_s_dropout(tmp_path):
    """shapes' preset drops hidden neurons (0.2): 784-3 has none, and had ended, after
    training, in a traceback drawing the marks of dropped neurons."""
    from nnviz.api import ShapesData, shapes_subject

    result = nnviz.still(shapes_subject(ShapesData(samples=30), NetworkTraining(layers=(784, 3), epochs=1)),
                         tmp_path / "a.png", "epoch:1", width=640, height=360)
    assert (tmp_path / "a.png").read_bytes() == result.data


def test_a_wide_tables_input_layer_may_be_given_as_wide_as_the_table(tmp_path):
    """The default network of a table of 5,000 columns trains, and --layers 5000,16,1 for it
    had been refused as beyond 4,096 neurons: the inputs are as many as the data has."""
    from nnviz.api import TableData, load_dataset

    columns = 5_000
    header = ",".join(f"c{i}" for i in range(columns)) + ",label\n"
    rows = "".join(",".join(str((i * j) % 5) for j in range(columns)) + f",{'ab'[i % 2]}\n"
                   for i in range(12))
    data = load_dataset(TableData(_csv(tmp_path / "wide.csv", header + rows)), 0)
    source = dataset_subject(data, NetworkTraining(layers=(columns, 16, 1), epochs=1)).begin(1)
    assert source.setup.sizes == (columns, 16, 1)
    with pytest.raises(UsageError, match=r"a layer's size must be a whole number from 1 to 4,096 neurons"):
        dataset_subject(data, NetworkTraining(layers=(columns, 5000, 1), epochs=1))
    with pytest.raises(UsageError, match=r"does not fit the data: it has 5000 inputs"):
        dataset_subject(data, NetworkTraining(layers=(9000, 16, 1), epochs=1))
    # Far beyond any data, a range (the layers quoted whole would have been 26 digits long).
    with pytest.raises(UsageError, match=r"from 1 to 5,000 neurons, not a number of 26 digits$"):
        dataset_subject(data, NetworkTraining(layers=(10**25, 16, 1), epochs=1))


def test_a_table_of_15000_columns_is_read_and_its_names_told_apart(tmp_path):
    """A 165 kB header had been refused as "field larger than field limit (131072); check its
    quotes" (the separators it does not use were tried on it too); at 640x360 its inputs'
    title ran into "hidden", and gene14997 to gene14999 all read "gene149…"."""
    import itertools

    from nnviz.api import TableData, load_dataset
    from nnviz.render import Renderer
    from nnviz.story import unfold

    columns = 15_000
    header = ",".join(f"gene{i}" for i in range(columns)) + ",label\n"
    rows = "".join(",".join(str((i * j) % 7) for j in range(columns)) + f",{'ab'[i % 2]}\n"
                   for i in range(20))
    path = _csv(tmp_path / "wide.csv", header + rows)
    source = dataset_subject(load_dataset(TableData(path), 0), NetworkTraining(epochs=1)).begin(1)
    assert source.setup.sizes[0] == columns
    after = next(s for s in unfold(source, 1) if s.moment.value == "after")
    with Renderer(source.setup, 640, 360) as renderer:
        renderer.draw(after)
        agg = renderer.canvas.get_renderer()
        texts = [t for t in renderer.ax.texts if t.get_visible() and t.get_text().strip()]
        names = [t.get_text() for t in texts if t.get_text().startswith("gen")]
        assert len(names) == len(set(names)) == 6 and "gene14…9" in names, names
        boxes = [t.get_window_extent(agg) for t in texts]
        for (a, box_a), (b, box_b) in itertools.combinations(zip(texts, boxes), 2):
            assert not box_a.overlaps(box_b), f"{a.get_text()!r} runs into {b.get_text()!r}"


ALIKE = {
    "a digit in the middle": [f"a_very_long_column_name_describing_the_measurement_{k}_units_millimetres"
                              for k in range(3)],
    "two places": [f"sensor_reading_{s}_from_the_north_station_{k}"
                   for s, k in (("A", 1), ("A", 2), ("B", 1))],
    "two places each": [f"environmental_sensor_{s}_temperature_{k}" for s in "AB" for k in "12"],
}


@pytest.mark.parametrize("size", [(640, 360), (1280, 720), (720, 1280)])
@pytest.mark.parametrize("names", ALIKE.values(), ids=ALIKE.keys())
def test_names_that_differ_in_their_middle_are_told_apart(tmp_path, size, names):
    """Three inputs named alike but for a digit in the middle had all read
    "a_very_long_column_…"; names that differ in two places had read alike in pairs."""
    from nnviz.api import TableData, load_dataset
    from nnviz.render import Renderer

    rows = "".join(",".join(str((i * (k + 2)) % 7) for k in range(len(names))) + f",{'ab'[i % 2]}\n"
                   for i in range(40))
    path = _csv(tmp_path / "long.csv", ",".join(names) + ",label\n" + rows)
    source = dataset_subject(load_dataset(TableData(path), 0), NetworkTraining(epochs=1)).begin(1)
    with Renderer(source.setup, *size) as renderer:
        shown = [t.get_text() for t in renderer.ax.texts if t.get_text().startswith(names[0][:3])]
    assert len(shown) == len(names) and len(set(shown)) == len(names), shown


def test_a_small_frame_names_what_one_output_means_and_keeps_its_titles_apart(tmp_path):
    """At 640x360 a two-class table's output read "1 =…" or "1 = s…", and the layer titles
    "inputs hidden output" ran together as one phrase."""
    from nnviz.render import Renderer
    from nnviz.story import unfold

    rng = np.random.default_rng(0)
    kinds = ["semi-detached", "Detached house"]
    rows = "".join(",".join(f"{v:.2f}" for v in rng.normal(size=6)) + f",{kinds[i % 2]}\n" for i in range(60))
    header = "average_monthly_household_electricity_consumption_kwh,b,c,d,e,f,kind\n"
    path = _csv(tmp_path / "two.csv", header + rows)
    source = dataset_subject(load_table(path), NetworkTraining(epochs=1)).begin(1)
    shot = next(s for s in unfold(source, 1) if s.moment.value == "test")
    with Renderer(source.setup, 640, 360) as renderer:
        renderer.draw(shot)
        agg = renderer.canvas.get_renderer()
        label = next(t for t in renderer.ax.texts if t.get_text().startswith("1 = "))
        assert len(label.get_text().rstrip("…")) >= len("1 = semi-d"), label.get_text()
        named = ("inputs", "hidden", "output")
        titles = sorted((t for t in renderer.ax.texts if t.get_text() in named),
                        key=lambda t: t.get_position()[0])
        boxes = [t.get_window_extent(agg) for t in titles]
        space = renderer.stage.width_of(" ", fontsize=titles[0].get_fontsize())
        space *= renderer.layout.stage_pixels
        assert len(titles) == 3 and all(b.x0 - a.x1 >= 1.9 * space for a, b in zip(boxes, boxes[1:]))


def test_a_large_number_in_a_row_is_said_whole(tmp_path):
    """A timestamp had been said "Inputs [1.72562e+09, …]", not as the table has it."""
    from nnviz.api import TableData, load_dataset
    from nnviz.render import Renderer
    from nnviz.story import unfold

    rows = "".join(f"{1725620000 + 60 * i},{i % 7 * 0.5},{'ab'[i % 2]}\n" for i in range(60))
    table = _csv(tmp_path / "times.csv", "timestamp,level,kind\n" + rows)
    source = dataset_subject(load_dataset(TableData(table), seed=0), NetworkTraining(epochs=1)).begin(1)
    with Renderer(source.setup, 1920, 1080) as renderer:
        lines = [renderer.caption(shot).lines[0] for shot in unfold(source, 1)]
    said = [line for line in lines if line.startswith("Inputs [")]
    # (each column to its own decimals: the levels 1.5 and 2.0 alike)
    assert said and all(re.match(r"Inputs \[17256\d{5}, \d+\.[05]\]", line) for line in said), said


@pytest.mark.parametrize("value, written", [
    (999999.7, "999999.7"), (1725620000.75, "1725620000.75"), (1234567.89, "1234567.89"),
    (-1725620000.0, "-1725620000"), (1e14 + 0.5, "100000000000000"), (5.1, "5.1"), (2e20, "2e+20")])
def test_a_tables_number_is_written_as_a_table_writes_it(value, written):
    """Not "1e+06" for 999999.7, nor 1725620001 for 1725620000.75."""
    from nnviz.render.run_caption import _as_written

    assert _as_written(value) == written
    assert _as_written(value * (1 + 1e-16)) == written  # the round trip through standardising


def test_points_off_the_map_are_said(tmp_path, capsys):
    """A plane's points beyond the map's ±6 are not drawn; the note saying so had been kept
    for recordings only."""
    assert main(["gauss", "--noise", "50", "--still", "after", "--size", "640x360",
                 "--out", str(tmp_path / "g.png")]) == 0
    assert re.search(r"\n\d+ of 500 points lie beyond ±6, off the map", capsys.readouterr().out)


def test_a_network_whose_snapshots_outgrow_the_machine_is_refused_before_training(tmp_path, capsys,
                                                                                  monkeypatch):
    """784 inputs and eight hidden layers of 4,096 (about 27 GB for its snapshots) had trained
    until the system killed it, leaving its temporary files: refused at once, in one line."""
    import nnviz.memory
    import nnviz.train

    monkeypatch.setattr(nnviz.memory, "physical_memory", lambda: 10**9)  # a machine of 1 GB
    monkeypatch.setattr(nnviz.memory, "container_limit", lambda: None)
    line = refused_in_process(["shapes", "--layers", "784,2048,2048,3", "--epochs", "40", "--samples", "30",
                               "--out", "v.mp4"], tmp_path, capsys, monkeypatch)
    assert re.search(r"a network of 5,8\d\d,\d{3} weights, kept for the \d+ steps shown and 3 more, needs "
                     r"about \d\.\d GB of memory, more than this machine's 1\.0 GB: use smaller hidden "
                     r"layers, or show fewer steps \(--shown\)", line), line
    assert not list(tmp_path.iterdir())
    nnviz.train.require_memory(nnviz.data.plane("circles", samples=40),
                               nnviz.train.TrainConfig(hidden=(8, 8), shown=40))  # small: no refusal


def test_an_accuracy_no_better_than_chance_is_noted():
    """MNIST's pictures with Fashion-MNIST's labels trained to 10.2 % on the test set, said
    as any other accuracy: an accuracy within two points of what no learning gets (chance
    among balanced classes, or always answering the commonest class) is noted."""
    from types import SimpleNamespace

    from nnviz.metrics import chance_note

    def run(labels, classes, test=True):
        targets = np.eye(len(classes))[labels]
        data = SimpleNamespace(classes=classes, targets=targets,
                               test_targets=targets if test else targets[:0])
        return SimpleNamespace(setup=SimpleNamespace(dataset=data))

    balanced = run(np.arange(100) % 10, tuple("0123456789"))
    note = chance_note(balanced, 0.108, 0.102)
    assert note.startswith("the network ends at 10.2% right on the test set, no better than chance among "
                           "10 classes (10%): it learnt next to nothing; check that each label belongs")
    assert chance_note(balanced, 0.9, 0.13) is None  # 3 points above chance: it learnt something
    skewed = run(np.array([0] * 9 + [1]), ("yes", "no"))
    assert "no better than always answering 'yes' (90%)" in chance_note(skewed, 0.9, 0.91)
    assert chance_note(skewed, 0.95, 0.93) is None
    untested = run(np.arange(30) % 3, ("a", "b", "c"), test=False)
    assert "right on the training set, no better than chance among 3 classes (33%)" in chance_note(
        untested, 0.34, None)
    assert chance_note(untested, None, None) is None
    assert chance_note(SimpleNamespace(setup=SimpleNamespace(dataset=None)), 0.1, 0.1) is None


def test_a_shot_s_example_is_found_in_its_file_by_its_row(tmp_path):
    """The summary's shot_examples index nnviz's shuffled training and test sets: each also
    gives the example's row among the file's examples (0: the first after the header), where
    its values are. A drawn data set's examples have no row."""
    import json

    rng = np.random.default_rng(3)
    rows = [(f"{c + rng.normal(0, 0.3):.3f}", f"{rng.normal():.3f}", f"{rng.normal():.3f}", f"kind {c}")
            for c in np.arange(45) % 3]
    path = tmp_path / "t.csv"
    path.write_text("a,b,c,label\n" + "".join(",".join(row) + "\n" for row in rows))
    assert main(["custom", "--data", str(path), "--epochs", "3", "--shown", "3", "--size", "640x360",
                 "--json", str(tmp_path / "s.json"), "--out", str(tmp_path / "v.mp4"), "--quiet"]) == 0
    summary = json.loads((tmp_path / "s.json").read_text())
    data = load_table(path)
    scale = summary["scaling"]
    examples = [e for e in summary["shot_examples"] if e is not None]
    assert {e["set"] for e in examples} == {"train", "test"}
    for example in examples:
        tested = example["set"] == "test"
        inputs = (data.test_inputs if tested else data.inputs)[example["index"]]
        row = rows[example["row"]]
        raw = np.array(row[:3], dtype=float)
        np.testing.assert_allclose((raw - scale["mean"]) / scale["scale"], inputs, atol=1e-9)
        targets = data.test_targets if tested else data.targets
        assert data.classes[int(np.argmax(targets[example["index"]]))] == row[3]
    assert main(["circles", "--samples", "60", "--epochs", "2", "--shown", "2", "--size", "640x360",
                 "--json", str(tmp_path / "c.json"), "--out", str(tmp_path / "c.mp4"), "--quiet"]) == 0
    drawn = [e for e in json.loads((tmp_path / "c.json").read_text())["shot_examples"] if e is not None]
    assert drawn and all(e["row"] is None for e in drawn)


def test_a_plane_of_more_classes_than_the_map_has_colours_shows_the_curves(tmp_path, capsys, monkeypatch):
    """Twelve classes over two inputs had been coloured class number mod 8 on the decision
    map (a Blackbird's points as a Goldfinch's, four classes unnamed in the key): more classes
    than the map's colours get the curves, with a note, and no layer sweep."""
    from nnviz.render import Renderer
    from nnviz.render.panels import panel_kind
    from nnviz.style import MAP_CLASSES, THEMES

    assert all(len(theme.classes) == MAP_CLASSES for theme in THEMES.values())
    rng = np.random.default_rng(2)
    for count in (MAP_CLASSES, MAP_CLASSES + 1):
        kinds = np.arange(20 * count) % count
        rows = "".join(f"{k + rng.normal(0, 0.2):.3f},{rng.normal():.3f},bird {k}\n" for k in kinds)
        path = tmp_path / f"b{count}.csv"
        path.write_text("length,width,species\n" + rows)
        data = load_table(path)
        setup = dataset_subject(data, NetworkTraining(epochs=1)).begin(1).setup
        said = [note for note in data.notes if "decision map" in note]
        if count == MAP_CLASSES:
            assert panel_kind(setup) == "plane" and not said
            continue
        assert panel_kind(setup) == "curves"
        assert said == [f"{count} classes: more than a decision map's {MAP_CLASSES} colours, so the picture "
                        "shows the loss and accuracy curves instead of the map"]
        with Renderer(setup, 640, 360) as renderer:
            assert set(renderer.panel.plots) == {"loss", "accuracy"}
        line = refused_in_process(["custom", "--data", str(path), "--layer-sweep", "--out", "x.mp4"],
                                  tmp_path, capsys, monkeypatch)
        assert f"{count} classes, more than its {MAP_CLASSES} colours; drop it" in line
