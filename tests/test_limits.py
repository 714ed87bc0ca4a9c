"""Every number has a documented range: at its edges the run works and reports what it wrote
(checked by decoding the file); beyond them it is refused in one line."""

import json
import re
from fractions import Fraction

import numpy as np
import pytest
from command import refused_in_process
from media import decode, packet_times
from PIL import Image

import nnviz
from nnviz import checks
from nnviz.cli import main

QUICK = ["--size", "640x360", "--train-cycles", "20", "--cycles", "1", "--quiet"]
SHOTS = 1 + 7 + 2


def made(tmp_path, name, *args):
    out, summary = tmp_path / name, tmp_path / "run.json"
    assert main(["xor", "--out", str(out), "--json", str(summary), *QUICK, *args]) == 0
    return out, json.loads(summary.read_text())


def gif_seconds(path):
    with Image.open(path) as gif:
        total = 0
        for frame in range(gif.n_frames):
            gif.seek(frame)
            total += gif.info["duration"]
        return total / 1000, gif.n_frames, gif.size


EDGES = {
    "lowest frame rate": (["--fps", str(checks.MIN_FPS)], SHOTS * 1, Fraction(1)),
    "highest frame rate": (["--fps", str(checks.MAX_FPS), "--seconds-per-shot", "0.25"], SHOTS * 30,
                           Fraction(120)),
    "NTSC's 29.97": (["--fps", "29.97"], SHOTS * 30, Fraction(30000, 1001)),
    "shortest hold: one frame": (["--fps", "30", "--seconds-per-shot", "0.017"], SHOTS, Fraction(30)),
    # exactly half a frame, the least the range takes: rounded up (halves to even had made 0)
    "shortest hold: half a frame": (["--fps", "10", "--seconds-per-shot", "0.05"], SHOTS, Fraction(10)),
    "longest hold": (["--fps", "2", "--seconds-per-shot", str(checks.MAX_SECONDS_PER_SHOT)],
                     SHOTS * 120, Fraction(2)),
    # 92.5 frames: rounded up, as a hold is (it had been rounded to even)
    "a duration of a half frame more": (["--fps", "10", "--duration", "9.25"], 93, Fraction(10)),
    "longest duration": (["--fps", "1", "--duration", str(checks.MAX_VIDEO_SECONDS)],
                         checks.MAX_VIDEO_SECONDS, Fraction(1)),
    "every frame stored": (["--fps", "24", "--constant-frame-rate"], SHOTS * 24, Fraction(24)),
}


@pytest.mark.parametrize("args, frames, rate", EDGES.values(), ids=EDGES.keys())
def test_at_the_edges_the_reported_length_is_the_decoded_one(tmp_path, args, frames, rate):
    out, summary = made(tmp_path, "edge.mp4", *args)
    times, end = packet_times(out)
    assert summary["frames"] == frames
    assert summary["duration_s"] == pytest.approx(float(frames / rate), abs=1e-9)
    assert end == pytest.approx(summary["duration_s"], abs=1e-6)  # what the file says
    assert len(times) == summary["pictures"]  # pictures stored, as reported
    assert summary["fps"] == pytest.approx(float(rate))
    if "--constant-frame-rate" in args:
        assert summary["pictures"] == frames == len(decode(out))


def test_webm_reports_its_length_to_the_millisecond_of_its_clock(tmp_path):
    out, summary = made(tmp_path, "edge.webm", "--fps", "23.976", "--constant-frame-rate")
    _, end = packet_times(out)
    assert summary["frames"] == SHOTS * 24 == summary["pictures"]
    assert abs(end - summary["duration_s"]) <= 0.001


@pytest.mark.parametrize("args", [["--fps", str(checks.MAX_GIF_FPS), "--smooth"], ["--fps", "7",
                                  "--seconds-per-shot", "0.43"], ["--fps", "29.97"]])
def test_a_gif_reports_the_length_and_size_it_has(tmp_path, args):
    out, summary = made(tmp_path, "edge.gif", *args, "--gif-width", str(checks.MIN_GIF_WIDTH))
    seconds, pictures, size = gif_seconds(out)
    assert summary["duration_s"] == pytest.approx(seconds, abs=1e-9)
    assert summary["pictures"] == pictures
    assert (summary["width"], summary["height"]) == size == (640, 360)
    assert abs(seconds - summary["frames"] / summary["fps"]) <= 0.01


@pytest.mark.parametrize("dpi, size", [(checks.MAX_DPI, checks.MAX_SIZE), (100, (1920, 1080)),
                                       (34, (652, 368))])
def test_dpi_at_its_edges_gives_the_size_it_says(tmp_path, dpi, size):
    out = tmp_path / "still.png"
    assert main(["xor", "--still", "before", "--out", str(out), "--dpi", str(dpi),
                 "--train-cycles", "20", "--quiet"]) == 0
    with Image.open(out) as image:
        assert image.size == size


BEYOND = {
    "frame rate below 1": ["--fps", "0.99"],
    "frame rate above 120": ["--fps", "120.5"],
    "a billion fps": ["--fps", "1e9"],
    "GIF above 50 fps": ["--out", "x.gif", "--fps", "51"],
    "hold above a minute": ["--seconds-per-shot", "60.1"],
    "absurd hold": ["--seconds-per-shot", "1e300"],
    "hold under a frame": ["--seconds-per-shot", "0.01"],
    "duration above 2 hours": ["--duration", "7200.5"],
    "absurd duration": ["--duration", "1e7"],
    "video above 2 hours": ["--cycles", "1000", "--seconds-per-shot", "2", "--train-cycles", "1000"],
    "too many training cycles": ["--train-cycles", str(checks.MAX_TRAIN_CYCLES + 1)],
    "a billion training cycles": ["--train-cycles", "1000000000"],
    "too many shown cycles": ["--cycles", str(checks.MAX_SHOWN_CYCLES + 1), "--train-cycles", "5000"],
    "dpi above 400": ["--still", "after", "--out", "x.png", "--dpi", "401"],
    "dpi too small to read": ["--still", "after", "--out", "x.png", "--dpi", "0.04"],
    "size too large": ["--size", "7682x4320"],
    "seed too large": ["--seed", str(2**63)],
    "learning rate too large": ["--learning-rate", "1000.1"],
    "infinite learning rate": ["--learning-rate", "inf"],
    "a contact sheet of 423 shots": ["--cycles", "60", "--train-cycles", "1000", "--contact-sheet", "s.png"],
    "a player of 1,053 shots": ["--cycles", "150", "--train-cycles", "1000", "--player", "p.html",
                                "--seconds-per-shot", "0.1"],
    "GIF too narrow": ["--out", "x.gif", "--gif-width", "638"],
    "GIF too flat for its width": ["--out", "x.gif", "--size", "7680x360", "--gif-width", "640"],
    "GIF too tall for its width": ["--out", "x.gif", "--size", "640x4320", "--gif-width", "1920"],
    "GIF too wide": ["--out", "x.gif", "--gif-width", "1922"],
}


@pytest.mark.parametrize("args", BEYOND.values(), ids=BEYOND.keys())
def test_beyond_the_limits_is_refused(tmp_path, capsys, monkeypatch, args):
    out = [] if "--out" in args else ["--out", "x.mp4"]
    line = refused_in_process(["xor", *out, *args], tmp_path, capsys, monkeypatch)
    assert line.count("too short") <= 1  # one reason, said once
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("value", ["0", "0.01", "-1", "61"])
def test_a_hold_out_of_range_is_told_the_range_at_its_frame_rate(tmp_path, capsys, monkeypatch, value):
    """It had said "from 0 to 60 s" and refused 0: a shot is held whole frames, one at least."""
    line = refused_in_process(["xor", "--out", "x.mp4", "--fps", "24", "--seconds-per-shot", value], tmp_path,
                              capsys, monkeypatch)
    assert "from one frame (0.0417 s at 24 fps; a hold is rounded to whole frames) to 60 s" in line


@pytest.mark.parametrize("value", ["0", "-1", "7200.5"])
def test_a_duration_out_of_range_is_told_one_range(tmp_path, capsys, monkeypatch, value):
    """7201 had been told "from 0 to 7,200 s", and 0 "above 0 s"."""
    line = refused_in_process(["xor", "--out", "x.mp4", "--duration", value], tmp_path, capsys, monkeypatch)
    assert "the duration must be a number above 0 and at most 7,200 s" in line


@pytest.mark.parametrize("name", ["edge.mp4", "edge.webm"])
def test_every_frame_stored_of_unequal_holds_is_as_long_as_reported(tmp_path, name):
    """--duration gives shots of unequal holds: with every frame stored the file had run on
    (10.90 s and 327 frames for 10 s and 300), its last shot held as long as the gap before it."""
    out, summary_path = tmp_path / name, tmp_path / "run.json"
    assert main(["xor", "--out", str(out), "--json", str(summary_path), "--size", "640x360", "--train-cycles",
                 "20", "--cycles", "2", "--quiet", "--duration", "10", "--constant-frame-rate"]) == 0
    summary = json.loads(summary_path.read_text())
    frames = decode(out)
    assert summary["frames"] == summary["pictures"] == len(frames) == 300
    _, end = packet_times(out)
    assert end == pytest.approx(10.0, abs=0.002)
    # The last shot is whole: its picture fills the frames from its start to the end.
    last = summary["shot_starts_s"][-1]
    first_of_last = round(last * 30)
    def apart(a, b):
        return float(np.abs(a.astype(float) - b).mean())

    assert max(apart(frames[k], frames[-1]) for k in range(first_of_last, 300)) < 2
    assert apart(frames[first_of_last - 1], frames[-1]) > 5


def test_a_duration_too_short_says_why_once(tmp_path, capsys, monkeypatch):
    line = refused_in_process(["xor", "--out", "x.mp4", "--duration", "0.01"], tmp_path, capsys,
                              monkeypatch)
    assert line.count("too short") == 1 and "0.01 s" in line


@pytest.mark.parametrize("command, named", [(["xor", "--cycles", "0"], "--cycles"),
                                            (["xor", "--cycles", "0", "--still", "after"], "--cycles"),
                                            (["spiral", "--shown", "0"], "--shown"),
                                            (["shapes", "--shown", "0"], "--shown")])
def test_how_many_steps_to_show_is_named_by_the_option_its_command_documents(
        tmp_path, capsys, monkeypatch, command, named):
    """XOR's --cycles had been refused as "--shown", an option its README names nowhere; the
    others' --shown never as cycles, which their steps are not."""
    out = "x.png" if "--still" in command else "x.mp4"
    line = refused_in_process([command[0], "--out", out, *command[1:]], tmp_path, capsys, monkeypatch)
    assert f"{named} (how many training steps to show) must be a whole number from 1 to" in line
    assert named == "--cycles" or "cycles" not in line


def test_the_api_names_shown_as_a_keyword(tmp_path):
    with pytest.raises(nnviz.UsageError, match=r"^shown \(how many training steps to show\) must be"):
        nnviz.plane_video("moons", out=tmp_path / "x.mp4", shown=0)
    with pytest.raises(nnviz.UsageError, match=r"^cycles \(how many training steps to show\) must be"):
        nnviz.xor_video(tmp_path / "x.mp4", cycles=0)
    assert list(tmp_path.iterdir()) == []


HUGE = "1" + "0" * 309  # a whole number past a float's range
HUGE_OPTIONS = {
    "train cycles": ["xor", "--train-cycles", HUGE], "shown": ["xor", "--cycles", HUGE],
    "seed": ["xor", "--seed", HUGE], "a layer": ["spiral", "--layers", f"2,{HUGE},1"],
    "pixels": ["shapes", "--pixels", HUGE], "gif width": ["xor", "--gif-width", HUGE, "--out", "g.gif"],
    "epochs": ["spiral", "--epochs", HUGE], "batch": ["spiral", "--batch", HUGE],
    "thousands of digits": ["xor", "--seed", "9" * 5000],
}


@pytest.mark.parametrize("args", HUGE_OPTIONS.values(), ids=HUGE_OPTIONS.keys())
def test_a_whole_number_beyond_a_float_s_range_is_one_line(tmp_path, capsys, monkeypatch, args):
    """It had ended in OverflowError (checked as a float); the message gives its size, not
    its hundreds of digits."""
    line = refused_in_process(args, tmp_path, capsys, monkeypatch)
    assert "digits" in line and len(line) < 200


@pytest.mark.parametrize("keyword", ["fps", "duration", "seconds_per_shot", "learning_rate", "seed",
                                     "train_cycles", "cycles"])
def test_the_api_refuses_a_whole_number_beyond_a_float_s_range(tmp_path, keyword):
    with pytest.raises(nnviz.UsageError, match="a number of 310 digits"):
        nnviz.xor_video(tmp_path / "v.mp4", **{keyword: int(HUGE)})
    with pytest.raises(nnviz.UsageError, match="loss is a number of 310 digits"):
        nnviz.Recorder().log(1, loss=int(HUGE))
    assert not list(tmp_path.iterdir())


def test_a_still_takes_numpy_s_numbers_as_a_video_does(tmp_path):
    """xor_still refused np.int64(1280) ("size must be whole numbers of pixels") where
    xor_video took it."""
    import numpy as np

    made = nnviz.xor_still(tmp_path / "s.png", width=np.int64(640), height=np.int64(360), cycles=np.int64(3),
                           train_cycles=np.int64(100), transparent=np.True_)
    assert (made.width, made.height) == (640, 360) and Image.open(tmp_path / "s.png").mode == "RGBA"
    assert nnviz.xor_still(dpi=np.float32(50), train_cycles=100).width == 960


@pytest.mark.parametrize("command, named", [(["xor", "--cycles", "60", "--train-cycles", "1000"], "--cycles"),
                                            (["moons", "--shown", "410", "--epochs", "500"], "--shown")])
def test_too_many_shots_for_a_contact_sheet_names_the_commands_own_option(tmp_path, capsys, monkeypatch,
                                                                         command, named):
    """XOR had been told to show fewer steps with --shown, an option its README never names."""
    line = refused_in_process([*command, "--out", "x.mp4", "--contact-sheet", "s.png"], tmp_path, capsys,
                              monkeypatch)
    assert f"show fewer steps ({named})" in line


@pytest.mark.parametrize("output, most", [(["--contact-sheet", "s.png"], "400"),
                                         (["--player", "p.html"], "1,000")])
def test_too_many_shots_for_a_sheet_or_player_are_counted_where_the_length_sets_them(
        tmp_path, capsys, monkeypatch, output, most):
    """A 30-minute video has about 1,800 shots, one a second: counted from the default 13
    cycles, its contact sheet had been made anyway (31 MB, at 2.5 GB of memory), and so had
    a 79 MB player."""
    line = refused_in_process(["xor", "--duration", "1800", "--out", "x.mp4", *output], tmp_path, capsys,
                              monkeypatch)
    assert re.search(rf"holds a picture of every shot, at most {most}, and this video has 1,\d{{3}}: "
                     r"show fewer steps \(--cycles\) or make the video shorter, or drop --", line), line
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("dpi", ["20", "33.2", "401"])
def test_dpi_out_of_range_says_one_range(tmp_path, capsys, monkeypatch, dpi):
    """--dpi 20 had been told "use at least 33.3" and --dpi 401 "from 10 to 400"."""
    line = refused_in_process(["xor", "--still", "after", "--out", "x.png", "--dpi", dpi], tmp_path, capsys,
                              monkeypatch)
    assert "from 33.3 to 400" in line
