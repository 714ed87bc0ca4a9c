"""One picture at a chosen moment: PNG (sized, transparent), SVG and PDF with real text."""

import xml.etree.ElementTree as ET

import numpy as np
import pytest
from command import assert_refused, refused_in_process, run_cli
from media import decode
from PIL import Image

import nnviz
from nnviz import xor_still
from nnviz.cli import main

SMALL = ["--size", "640x360", "--train-cycles", "60", "--cycles", "3", "--quiet"]


def test_png_still_is_the_video_frame_of_that_moment(tmp_path):
    video = tmp_path / "learn.mp4"
    assert main(["xor", "--out", str(video), *SMALL, "--fps", "2", "--seconds-per-shot", "0.5"]) == 0
    frames = decode(video, fps=2)
    # shots: before, cycle 1 (7 examples), cycle 8, cycle 60, after, new
    for moment, shot in (("before", 0), ("cycle:8/example:4", 1 + 7 + 3), ("new", 1 + 21 + 1)):
        out = tmp_path / f"{moment.replace(':', '-').replace('/', '-')}.png"
        assert main(["xor", "--still", moment, "--out", str(out), *SMALL]) == 0
        with Image.open(out) as image:  # read back by Pillow
            assert image.size == (640, 360)
            still = np.asarray(image.convert("RGB")).astype(int)
        assert np.abs(still - frames[shot]).mean() < 3, moment
        others = [np.abs(still - f).mean() for i, f in enumerate(frames[:-1]) if i != shot]
        assert min(others) > np.abs(still - frames[shot]).mean()  # and no other shot fits


def test_dpi_sets_the_size_and_transparent_keeps_only_the_picture(tmp_path):
    out = tmp_path / "clear.png"
    assert main(["xor", "--still", "after", "--out", str(out), "--dpi", "40", "--transparent",
                 "--train-cycles", "60", "--quiet"]) == 0
    with Image.open(out) as image:
        assert image.size == (768, 432)
        alpha = np.asarray(image.convert("RGBA"))[..., 3]
    assert alpha[2, 2] == 0  # no background behind the picture
    assert alpha[216, 600] == 255  # the caption panel is still there


def test_svg_has_real_text_and_pdf_embeds_its_fonts(tmp_path):
    svg = tmp_path / "new.svg"
    assert main(["xor", "--still", "new", "--out", str(svg), *SMALL]) == 0
    root = ET.parse(svg).getroot()
    texts = ["".join(e.itertext()) for e in root.iter() if e.tag.endswith("}text")]
    assert "A new situation" in texts and "inputs" in texts
    pdf = tmp_path / "after.pdf"
    assert main(["xor", "--still", "after", "--out", str(pdf), *SMALL]) == 0
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and b"/FontFile2" in data  # TrueType text, not outlines


def test_the_api_returns_a_still_that_shows_itself_in_a_notebook(tmp_path):
    png = xor_still(moment="before", width=640, height=360, train_cycles=60)
    assert png.path is None and png._repr_png_().startswith(b"\x89PNG")
    assert png.image.shape == (360, 640, 4) and png.image.dtype == np.uint8  # as an array too
    svg = xor_still(tmp_path / "a.svg", "after", width=640, height=360, train_cycles=60)
    shown = svg._repr_svg_()
    assert svg.path.exists() and shown.lstrip().startswith("<?xml")
    # In a notebook it is as wide as the column (a 1920 px <img> was cut off), its shape
    # kept by the viewBox; the file keeps its pixels.
    root = ET.fromstring(shown.encode())
    assert root.get("width") == "100%" and root.get("height") is None
    assert root.get("viewBox").split()[2:] == ET.parse(svg.path).getroot().get("viewBox").split()[2:]
    assert ET.parse(svg.path).getroot().get("width") == "640"


BAD = {
    "unknown moment": ["--still", "middle", "--out", "x.png"],
    "cycle not shown": ["--still", "cycle:61/example:1", "--out", "x.png"],
    "example out of range": ["--still", "cycle:1/example:8", "--out", "x.png"],
    "malformed moment": ["--still", "cycle:1", "--out", "x.png"],
    "unsupported extension": ["--still", "after", "--out", "x.jpg"],
    "dpi and size": ["--still", "after", "--out", "x.png", "--dpi", "50", "--size", "640x360"],
    "zero dpi": ["--still", "after", "--out", "x.png", "--dpi", "0"],
    "transparent video": ["--transparent", "--out", "x.mp4"],
}


@pytest.mark.parametrize("args", BAD.values(), ids=BAD.keys())
def test_bad_still_input_is_one_line_exit_2_and_writes_nothing(tmp_path, args):
    result = run_cli(["xor", *args, "--train-cycles", "60"], tmp_path)
    assert_refused(result)
    assert list(tmp_path.iterdir()) == []


def test_the_api_takes_numpy_numbers_as_numbers(tmp_path):
    import json

    from nnviz.api import NetworkTraining, UsageError

    # A seed or a size read from an array is a number like any other, and is written as one.
    xor_still(tmp_path / "a.png", "after", width=640, height=360, train_cycles=np.int64(60), seed=np.int64(2))
    training = NetworkTraining(layers=np.array([2, 8, 1]), epochs=np.int64(5), seed=np.int64(3))
    assert training.layers == (2, 8, 1) and type(training.layers[0]) is int and type(training.seed) is int
    result = nnviz.plane_video("moons", tmp_path / "m.mp4", layers=np.array([2, 4, 1]), epochs=np.int64(3),
                               width=640, height=360, cycles=2, json=tmp_path / "m.json")
    assert json.loads((tmp_path / "m.json").read_text())["frames"] == result.frames
    with pytest.raises(UsageError, match="every layer's size"):
        NetworkTraining(layers=5)
    from nnviz.film import VideoOptions  # the video's options too: a frame rate read as float32

    options = VideoOptions(out=tmp_path / "v.mp4", fps=np.float32(29.97), width=np.int64(640),
                           height=np.int64(360))
    assert type(options.fps) is float and type(options.width) is int and abs(options.fps - 29.97) < 1e-5


WRONG_TYPES = {
    "a kind that contradicts the extension": (
        lambda p: xor_still(p / "s.svg", "after", kind="png", train_cycles=60),
        "contradicts the file's extension"),
    "a moment that is not a string": (lambda p: xor_still(p / "a.png", None), "the moment is a string"),
    "a number for a still's path": (lambda p: xor_still(5, "after"), "out is a file's path"),
    "a number for a video's path": (lambda p: nnviz.xor_video(5), "out is a file's path"),
    "a number for the summary's path": (lambda p: nnviz.xor_video(p / "v.mp4", json=5),
                                        "json is a file's path"),
    "no table": (lambda p: nnviz.table_video(None, p / "v.mp4"), "data is a file's path"),
    "no recording": (lambda p: nnviz.recording_video(None, p / "v.mp4"),
                     "a recording is a Recording or a saved recording's path"),
    "a number of classes for their names": (lambda p: nnviz.Recorder(steps=2, classes=5),
                                            "classes are the classes' names"),
    "no recording to load": (lambda p: nnviz.load(None), "the recording's path is a file's path"),
    "no recording to save": (lambda p: nnviz.save(None, p / "r.npz"), "save writes a Recording"),
    "no subject for a still": (lambda p: nnviz.still(None, p / "a.png"), "the subject is"),
    "a string for a switch": (lambda p: nnviz.plane_video("moons", p / "v.mp4", bias="no"),
                              "bias is True or False, not 'no'"),
    "a number for a switch": (lambda p: nnviz.xor_video(p / "v.mp4", smooth=2),
                              "smooth is True or False"),
    "a progress that is not a function": (lambda p: nnviz.xor_video(p / "v.mp4", progress="x"),
                                          "progress is a function"),
    "a number for the outputs": (lambda p: xor_still(p / "a.png", outputs=5), "outputs is an nnviz.Outputs"),
    "a list for a 2-D set's name": (lambda p: nnviz.plane_video(["moons"], p / "v.mp4"),
                                    "there is no 2-D set"),
    "a number for the digits' names": (lambda p: nnviz.digits_video(p / "v.mp4", class_names=5),
                                       "class_names are the ten classes' names"),
    "steps to record as a number": (lambda p: nnviz.Recorder(at=5), "at is the steps to record"),
    "a number for the step's name": (lambda p: nnviz.Recorder(step_name=5), "step_name is a string"),
}


def test_a_recorder_refuses_wrong_types_in_the_loop_too():

    rec = nnviz.Recorder(steps=4, shown=2)
    for call, said in ((lambda: rec.record(1, weights=None), "weights is a list of arrays"),
                       (lambda: rec.record(1, weights=[np.ones((2, 1))], biases=5),
                        "biases is a list of arrays"),
                       (lambda: rec.wants("x"), "step must be a whole number")):
        with pytest.raises(nnviz.UsageError, match=said):
            call()
    assert nnviz.Recorder(classes=range(3)).classes == ("0", "1", "2")  # numbers name classes too


@pytest.mark.parametrize("call, said", WRONG_TYPES.values(), ids=WRONG_TYPES.keys())
def test_the_api_refuses_a_wrong_type_with_what_it_takes(tmp_path, call, said):
    """A caller's slip is a UsageError saying what the argument is, never Python's own
    AttributeError or TypeError from deep inside; and nothing is written."""
    from nnviz.api import UsageError

    with pytest.raises(UsageError, match=said):
        call(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_the_still_function_stays_the_packages_after_a_still_is_made(tmp_path):
    """``nnviz.still`` is a function; its module must not take its name once imported."""

    nnviz.xor_still(tmp_path / "a.png", "after", width=640, height=360, train_cycles=60)
    assert callable(nnviz.still) and callable(nnviz.xor_still)
    result = nnviz.still(nnviz.api.xor_subject(nnviz.api.XorTraining(train_cycles=60)), tmp_path / "b.png",
                         "before", width=640, height=360)
    assert result.path == tmp_path / "b.png" and result.path.exists()


@pytest.mark.parametrize("command", [["moons"], ["shapes"], ["xor"]])
@pytest.mark.parametrize("moment", ["help", "epoch 3", "test-1", "after:"])
def test_a_moment_that_cannot_be_one_is_refused_before_any_training(tmp_path, capsys, monkeypatch,
                                                                      command, moment):
    import nnviz.api

    def no_training(*args, **kwargs):
        raise AssertionError("trained before refusing the moment")

    monkeypatch.setattr(nnviz.api, "begin", no_training)
    line = refused_in_process([*command, "--still", moment, "--out", "x.png"], tmp_path, capsys, monkeypatch)
    assert f"unknown moment {moment!r}" in line and "epoch:N" in line


def test_video_options_with_a_still_are_refused_before_the_data_is_read(tmp_path, capsys, monkeypatch):
    import nnviz.cli

    def no_reading(args):
        raise AssertionError("the data was read before refusing the options")

    monkeypatch.setattr(nnviz.cli, "subject_of", no_reading)
    line = refused_in_process(["custom", "--data", "t.csv", "--still", "after", "--json", "x.json",
                               "--out", "x.png"], tmp_path, capsys, monkeypatch)
    assert "--json does not apply to a still" in line
    line = refused_in_process(["custom", "--data", "t.csv", "--dpi", "50", "--out", "x.mp4"], tmp_path,
                              capsys, monkeypatch)
    assert "--dpi is for a still" in line


@pytest.mark.parametrize("given, said", [
    (["--still", "after", "--out", "z.png", "--fps", "0"], "--fps does not apply to a still"),
    (["--still", "after", "--out", "z.png", "--duration", "-0"], "--duration does not apply to a still"),
    (["--still", "after", "--out", "z.png", "--gif-width", "0"], "--gif-width does not apply to a still"),
    (["--dpi", "0", "--out", "b.mp4"], "--dpi is for a still"),
])
def test_an_option_given_as_zero_is_an_option_given(tmp_path, capsys, monkeypatch, given, said):
    """0 == False: '--fps 0' with a still had been taken for no --fps, and ignored."""
    line = refused_in_process(["xor", *given], tmp_path, capsys, monkeypatch)
    assert said in line


@pytest.mark.parametrize("command, call", [
    (["moons", "--epochs", "20", "--samples", "120"],
     lambda out: nnviz.plane_still("moons", out, "epoch:2", epochs=20, samples=120, width=640, height=360)),
    (["shapes", "--epochs", "2", "--samples", "90", "--probes"],
     lambda out: nnviz.shapes_still(out, "probe:1", epochs=2, samples=90, probes=True, width=640,
                                    height=360)),
    (["custom", "--data", "flowers.csv", "--epochs", "5", "--theme", "light"],
     lambda out: nnviz.table_still("flowers.csv", out, "test:1", epochs=5, theme="light", width=640,
                                   height=360)),
])
def test_a_built_in_sets_still_from_python_is_the_commands(tmp_path, monkeypatch, command, call):
    """A teacher in a notebook had no way to draw one picture of moons, shapes or a table: the
    Python still of each is pixel for pixel the command's --still."""
    from pathlib import Path

    monkeypatch.chdir(tmp_path)
    flowers = Path(__file__).parents[1] / "examples" / "flowers.csv"
    (tmp_path / "flowers.csv").write_bytes(flowers.read_bytes())
    moment = {"moons": "epoch:2", "shapes": "probe:1", "custom": "test:1"}[command[0]]
    assert main([*command, "--still", moment, "--out", "cli.png", "--size", "640x360", "--quiet"]) == 0
    result = call("api.png")
    assert (result.width, result.height, result.kind) == (640, 360, "png")
    assert (tmp_path / "api.png").read_bytes() == (tmp_path / "cli.png").read_bytes() == result.data


def test_a_built_in_sets_still_refuses_an_unknown_keyword_and_writes_nothing(tmp_path):
    with pytest.raises(nnviz.UsageError, match=r"unknown option: epoch \(did you mean epochs\?\)"):
        nnviz.plane_still("moons", tmp_path / "a.png", epoch=3)
    with pytest.raises(nnviz.UsageError, match="music"):
        nnviz.shapes_still(tmp_path / "a.png", music="track.mp3")
    assert not list(tmp_path.iterdir())


def test_xor_still_writes_weights_on_the_wires_and_a_whole_step(tmp_path):
    """xor_still(annotate=True) had been a TypeError, as --annotate with --still is not."""
    plain = xor_still(None, "after", kind="svg", train_cycles=200)
    annotated = xor_still(None, "after", kind="svg", train_cycles=200, annotate=True)
    texts = lambda r: ["".join(e.itertext()) for e in ET.fromstring(r.data).iter() if e.tag.endswith("}text")]  # noqa: E731
    assert len(texts(annotated)) >= len(texts(plain)) + 16  # the 16 weights, at least
    small = dict(train_cycles=200, cycles=2, width=640, height=360)
    step = xor_still(None, "cycle:200/example:1", steps=True, **small)
    frame = xor_still(None, "cycle:200/example:1", **small)
    assert step.data != frame.data


def test_an_upright_video_and_its_still_show_the_network_over_the_panel(tmp_path):
    """A 720x1280 video: each frame is the still of its moment, the network's part above the
    panel's (the panel's plate in the lower half, the synapses' colours in the upper)."""
    upright = ["--size", "720x1280", "--train-cycles", "60", "--cycles", "1", "--quiet"]
    video = tmp_path / "upright.mp4"
    assert main(["xor", "--out", str(video), *upright, "--fps", "2", "--seconds-per-shot", "0.5"]) == 0
    frames = decode(video, fps=2)
    assert frames[0].shape == (1280, 720, 3)
    out = tmp_path / "after.png"
    assert main(["xor", "--still", "after", "--out", str(out), *upright]) == 0
    with Image.open(out) as image:
        still = np.asarray(image.convert("RGB")).astype(int)
    assert still.shape == (1280, 720, 3)
    after = 1 + 7  # before, cycle 60's seven examples, after
    assert np.abs(still - frames[after]).mean() < 3
    page = still[2, 2]
    upper, lower = still[: 1280 // 2], still[1280 // 2 :]
    green = (upper[..., 1] > upper[..., 0] + 60).sum()  # positive synapses, drawn green
    assert green > 500 and (lower[..., 1] > lower[..., 0] + 60).sum() < green / 20
    plate_rows = (np.abs(lower - page).sum(axis=2) > 6).mean(axis=1) > 0.5  # rows mostly the panel's plate
    assert plate_rows.sum() > 0.6 * len(lower)


def test_an_upright_vector_still_keeps_the_stage_in_a_band_where_annotate_does_not_fit(tmp_path, capsys,
                                                                                       monkeypatch):
    out = tmp_path / "upright.svg"
    assert main(["xor", "--still", "after", "--out", str(out), "--size", "1080x1920", "--train-cycles", "60",
                 "--quiet"]) == 0
    root = ET.parse(out).getroot()
    assert (root.get("width"), root.get("height")) == ("1080", "1920")
    # Its 16:9 band is 1080x608, too small to write every weight: refused, where a PNG is not.
    for kind in ("svg", "pdf"):
        line = refused_in_process(["xor", "--still", "after", "--out", f"a.{kind}", "--size", "1080x1920",
                                   "--annotate"], tmp_path, capsys, monkeypatch)
        assert "1080x608 here: write a PNG" in line
    with pytest.raises(nnviz.UsageError, match="write a PNG"):
        xor_still(None, "after", kind="svg", annotate=True, width=1080, height=1920, train_cycles=50)
    assert xor_still(None, "after", annotate=True, width=1080, height=1920, train_cycles=50).width == 1080


def test_annotate_in_a_small_frame_is_refused_by_the_library_too(tmp_path, capsys, monkeypatch):
    """--annotate's size was checked on the command line alone: xor_still(annotate=True) at
    640x360 wrote weights over one another, and an upright GIF was judged as if 16:9."""
    from nnviz.film import check_annotated_size

    with pytest.raises(nnviz.UsageError, match="a frame of 1280x720 or larger.*use width=1280, height=720"):
        xor_still(tmp_path / "a.png", annotate=True, width=640, height=360, train_cycles=50)
    with pytest.raises(nnviz.UsageError, match="annotate"):
        nnviz.xor_video(tmp_path / "a.mp4", annotate=True, width=720, height=1280, train_cycles=50)
    with pytest.raises(nnviz.UsageError, match="gif_width=1280 or more"):
        nnviz.plane_video("moons", tmp_path / "a.gif", annotate=True, layers=(2, 3, 1))
    assert not list(tmp_path.iterdir())
    line = refused_in_process(["xor", "--annotate", "--out", "a.gif"], tmp_path, capsys, monkeypatch)
    assert "--gif-width 1280 or more" in line and "640x360" in line
    check_annotated_size(1080, 1920, gif=True)  # an upright GIF 1080 wide is 1080x1920: room enough
    check_annotated_size(1200, 1440)  # wider than 1080x1440, which has room: so has it
    still = xor_still(None, "after", annotate=True, width=1080, height=1440, train_cycles=50)
    assert (still.width, still.height) == (1080, 1440)


def test_data_options_take_numpy_numbers_and_switches_are_true_or_false():
    from nnviz.api import DigitsData, PlaneData, ShapesData, TableData

    assert ShapesData(np.int64(300), np.int64(16), np.float32(0.25)) == ShapesData(300, 16, 0.25)
    assert type(PlaneData(samples=np.int64(300)).samples) is int
    assert type(TableData(test_fraction=np.float64(0.3)).test_fraction) is float
    assert type(DigitsData(test_fraction=np.float32(0.5)).test_fraction) is float
    for bad in ("yes", 1):
        with pytest.raises(nnviz.UsageError, match="steps is True or False"):
            xor_still(None, "cycle:50/example:2", steps=bad, train_cycles=50, cycles=1)
    for kind in (".png", "PNG"):  # as a file's extension is read
        assert xor_still(None, "after", kind=kind, train_cycles=50, width=640, height=360).kind == "png"


@pytest.mark.parametrize("given, size", [(dict(width=1280), (1280, 720)), (dict(height=720), (1280, 720)),
                                         (dict(width=1000), (1000, 562)), ({}, (1920, 1080)),
                                         (dict(width=1080, height=1920), (1080, 1920))])
def test_one_side_given_the_other_follows_at_sixteen_nine(given, size):
    """width=1280 alone had made a 1280x1080 picture (and video) of background bands."""
    from nnviz.film import VideoOptions

    assert xor_still(moment="before", train_cycles=60, **given).image.shape[:2] == size[::-1]
    options = VideoOptions(**{k: np.int64(v) for k, v in given.items()})
    assert (options.width, options.height) == size


@pytest.mark.parametrize("call, said", [
    (lambda: xor_still(seed=5.0, width=640), "the seed must be a whole number from 0 to"),
    (lambda: nnviz.Recorder(steps=600.0),
     "steps (how many the loop runs) must be a whole number from 1 to 10¹⁵, not 600.0"),
    (lambda: nnviz.plane_still("spiral", layers=(2, 4.0, 1)), "a layer's size must be a whole number"),
])
def test_a_whole_number_refused_as_a_float_is_quoted_as_one(call, said):
    """seed=5.0 had been refused "…must be a whole number…, not 5", which read as no reason."""
    with pytest.raises(nnviz.UsageError) as error:
        call()
    assert said in str(error.value) and str(error.value).endswith(".0")
