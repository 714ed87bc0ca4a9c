"""Bad input, failures and interruptions: one clear line, exit 2 (or 130), nothing lost."""

import os
import signal
import subprocess
import sys
import time

import pytest
from command import assert_refused, run_cli
from media import ffmpeg_processes

from nnviz import render
from nnviz.cli import main

SMALL = ["--size", "640x360", "--train-cycles", "30", "--cycles", "2", "--fps", "5", "--quiet"]


BAD = {
    "missing folder": ["--out", "no/such/folder/learn.mp4"],
    "folder as output": ["--out", "."],
    "unsupported extension": ["--out", "learn.avi"],
    "odd size": ["--size", "1921x1080"],
    "too small": ["--size", "638x360"],
    "too small to read": ["--size", "320x180"],
    "too large": ["--size", "7682x4320"],
    "malformed size": ["--size", "1920by1080"],
    "size with letters": ["--size", "axb"],
    "zero cycles": ["--cycles", "0"],
    "negative cycles": ["--cycles", "-3"],
    "zero training cycles": ["--train-cycles", "0"],
    "zero fps": ["--fps", "0"],
    "negative fps": ["--fps", "-30"],
    "zero seconds per frame": ["--seconds-per-frame", "0"],
    "negative seconds per frame": ["--seconds-per-frame", "-1"],
    "too short to be a frame": ["--seconds-per-frame", "0.001"],
    "more shown than trained": ["--cycles", "20", "--train-cycles", "10"],
    "not a number": ["--fps", "fast"],
    "seed not a number": ["--seed", "one"],
    "negative seed": ["--seed", "-1"],
    "nan learning rate": ["--learning-rate", "nan"],
    "zero learning rate": ["--learning-rate", "0"],
    "json in a missing folder": ["--json", "nowhere/x.json"],
    "stills folder is a file": ["--stills", "existing.mp4"],
    "unknown quality": ["--quality", "best"],
    "gif with music": ["--out", "learn.gif", "--music", "existing.mp4"],
    "gif too narrow": ["--out", "learn.gif", "--gif-width", "100"],
    "gif too wide": ["--out", "learn.gif", "--gif-width", "2000"],
    "gif width for an mp4": ["--gif-width", "640"],
    "odd gif width": ["--out", "learn.gif", "--gif-width", "321"],
    "html with the wrong extension": ["--html", "post.txt"],
    "contact sheet not png": ["--contact-sheet", "sheet.jpg"],
    "unknown theme": ["--theme", "sepia"],
}


@pytest.mark.parametrize("args", BAD.values(), ids=BAD.keys())
def test_bad_input_is_one_line_exit_2_and_writes_nothing(tmp_path, args):
    (tmp_path / "existing.mp4").write_bytes(b"precious")
    before = sorted(p.name for p in tmp_path.iterdir())
    out = [] if "--out" in args else ["--out", "learn.mp4"]
    result = run_cli(["xor", *out, *args, "--quiet"], tmp_path)
    assert_refused(result)
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert (tmp_path / "existing.mp4").read_bytes() == b"precious"


def test_unwritable_folder(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    # root may write anywhere; /proc refuses even root
    target = "/proc/learn.mp4" if os.geteuid() == 0 else str(folder / "learn.mp4")
    try:
        result = run_cli(["xor", "--out", target, *SMALL], tmp_path)
    finally:
        folder.chmod(0o755)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "cannot write" in result.stderr
    assert list(folder.iterdir()) == []


def test_help_explains_every_option_with_its_default(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["xor", "--help"])
    assert exited.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    for option, default in [
        ("--out", "learn.mp4"), ("--seed", "0"), ("--cycles", "13"), ("--size", "1920x1080"),
        ("--fps", "30"), ("--seconds-per-frame", "1.0"), ("--train-cycles", "60000"),
        ("--learning-rate", "1.0"), ("--quality", "standard"),
    ]:
        assert option in text
        after = text.split(option, 2)[-1]
        assert f"(default: {default}" in after.split("--")[0], option
    for option in ("--stills", "--json", "--quiet", "--bias", "--music", "--duration", "--beats",
                   "--seconds-per-shot", "--constant-frame-rate"):
        assert option in text


def test_failure_midway_keeps_the_existing_video(tmp_path, monkeypatch, capsys):
    out = tmp_path / "learn.mp4"
    out.write_bytes(b"the video from yesterday")
    calls = {"n": 0}
    real_draw = render.Renderer.draw

    def failing_draw(self, shot):
        calls["n"] += 1
        if calls["n"] == 4:
            raise OSError(28, "No space left on device")
        return real_draw(self, shot)

    monkeypatch.setattr(render.Renderer, "draw", failing_draw)
    code = main(["xor", "--out", str(out), *SMALL])
    assert code == 1
    assert "No space left" in capsys.readouterr().err
    assert out.read_bytes() == b"the video from yesterday"
    assert [p.name for p in tmp_path.iterdir()] == ["learn.mp4"]  # no temporary file left
    assert not [p for p in ffmpeg_processes() if str(tmp_path) in p]


def test_success_replaces_the_existing_video(tmp_path):
    out = tmp_path / "learn.mp4"
    out.write_bytes(b"old")
    assert main(["xor", "--out", str(out), *SMALL]) == 0
    assert out.read_bytes()[4:8] == b"ftyp"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["learn.mp4"]


@pytest.mark.parametrize("how", ["process", "group"])
def test_ctrl_c_stops_cleanly(tmp_path, how):
    out = tmp_path / "learn.mp4"
    out.write_bytes(b"keep me")
    process = subprocess.Popen(
        [sys.executable, "-m", "nnviz", "xor", "--out", str(out), "--size", "640x360",
         "--train-cycles", "2000", "--cycles", "40"],
        cwd=tmp_path, stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not list(tmp_path.glob(".learn.mp4.*.part")):  # rendering has begun
            assert time.monotonic() < deadline and process.poll() is None
            time.sleep(0.05)
        time.sleep(0.5)
        if how == "group":  # what a terminal does: the whole foreground process group
            os.killpg(process.pid, signal.SIGINT)
        else:
            process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130
    last = err.strip().splitlines()[-1]
    assert "interrupted" in last and "Traceback" not in err
    assert out.read_bytes() == b"keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["learn.mp4"]
    assert not [p for p in ffmpeg_processes() if str(tmp_path) in p]
