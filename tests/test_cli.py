"""Bad input, failures and interruptions: one clear line, exit 2 (or 130), nothing lost."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from command import assert_refused, refused_in_process, run_cli
from media import ffmpeg_processes

from nnviz import render
from nnviz.cli import build_parser, main

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
    "player with the wrong extension": ["--player", "player.txt"],
    "player in a missing folder": ["--player", "nowhere/player.html"],
    "player is a folder": ["--player", "."],
    "player with no name": ["--player", ""],
    "video with no name": ["--out", ""],
    "misspelt option": ["--seeds", "3"],
    "another command's option": ["--layer-sweep"],
    "player over the video": ["--player", "existing.mp4"],
    "contact sheet not png": ["--contact-sheet", "sheet.jpg"],
    "unknown theme": ["--theme", "sepia"],
}


@pytest.mark.parametrize("args", BAD.values(), ids=BAD.keys())
def test_bad_input_is_one_line_exit_2_and_writes_nothing(tmp_path, args, capsys, monkeypatch):
    (tmp_path / "existing.mp4").write_bytes(b"precious")
    before = sorted(p.name for p in tmp_path.iterdir())
    out = [] if "--out" in args else ["--out", "learn.mp4"]
    refused_in_process(["xor", *out, *args, "--quiet"], tmp_path, capsys, monkeypatch)
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert (tmp_path / "existing.mp4").read_bytes() == b"precious"


@pytest.mark.parametrize("args, said", [
    (["xor", "--seeds", "3"], "nnviz xor --help')"),  # the command's own help, not nnviz's
    (["xor", "--seeds", "3"], "did you mean --seed?"),
    (["moons", "--layer-swep"], "did you mean --layer-sweep?"),
    (["xor", "--layer-sweep"], "nnviz xor has no option --layer-sweep; spiral, circles, moons"),
    # Only the commands it works for: shapes and digits, not the 2-D sets that then refuse it.
    (["xor", "--weight-grids"], "nnviz xor has no option --weight-grids; shapes, digits have it"),
    (["xor", "--unsure", "0.6"], "nnviz xor has no option --unsure; shapes, digits, custom have it"),
    (["moons", "--unsure", "0.6"], "nnviz moons has no option --unsure; shapes, digits, custom have it"),
    (["xor", "--transparent"], "--transparent is for a still; add --still MOMENT or drop it"),
    (["digits", "--class-names", "a,a,b,c,d,e,f,g,h,i"], "10 different names, comma-separated, in label "
                                                         "order; 'a' is given twice"),
    # A trailing slash names a folder: x.mp4/ is not written as the file x.mp4.
    (["xor", "--out", "x.mp4/"], "expected a file, got 'x.mp4/', which names a folder"),
    # Just over the limit is not rounded down to it ("2.0 hours; the longest is 2 hours").
    (["xor", "--cycles", "1000", "--train-cycles", "1000", "--seconds-per-shot", "1.02"],
     "the video would last 2 h 0 min 37 s; the longest is 2 hours"),
    (["xor", "--player", ""], "argument --player: expected a path, got an empty one"),
    # A picture's name for the video: the way to a picture is said.
    (["xor", "--out", "x.png"], "for one picture, add --still MOMENT (such as --still after); for a video"),
    # A whole number is quoted as typed ("not -1.0" for --noise -1).
    (["xor", "--learning-rate", "0"], "(0.1 to 10 suit this network), not 0"),
    (["circles", "--noise", "-1"], "from 0 to 50 (percent), not -1"),
    # A number too large for a float is quoted as typed, not as the "inf" it is read as.
    (["xor", "--learning-rate", "1e400"], "at most 1000 (0.1 to 10 suit this network), not 1e400"),
    (["circles", "--noise", "-2.5E999"], "from 0 to 50 (percent), not -2.5E999"),
    (["circles", "--noise", "inf"], "from 0 to 50 (percent), not inf"),
    (["circles", "--noise", "-inf"], "from 0 to 50 (percent), not -inf"),  # a value, not an option
    (["circles", "--noise", "-NaN"], "from 0 to 50 (percent), not -NaN"),  # as typed, not "nan"
    (["xor", "--learning-rate", "1e-400"], "(0.1 to 10 suit this network), not 1e-400"),  # not "not 0"
    (["circles", "--epochs", "1e400"], "argument --epochs: 1e400 is far beyond any limit"),
    (["circles", "--epochs", "2.5e0"], "argument --epochs: expected a whole number, got '2.5e0'"),
    (["circles", "--size", "1" + "0" * 60 + "x360"], "size a number of 61 digits by 360 is out of range"),
    # Which of two values was meant is not for the command to guess.
    (["xor", "--seed", "1", "--seed=2"], "--seed is given twice (1, then 2); give it once"),
    (["xor", "--out", "a.mp4", "--out", "b.mp4"], "--out is given twice (a.mp4, then b.mp4)"),
    (["moons", "--seconds-per-shot", "1", "--seconds-per-frame", "2"],
     "--seconds-per-frame (the same as --seconds-per-shot) is given twice"),
    (["play", "xor", "--seed", "1", "--seed", "1"], "--seed is given twice"),
    (["play", "xor", "--bias", "--no-bias"], "--no-bias contradicts --bias; give one of them"),
    (["xor", "--size", "640x360", "--size", "1280x720"], "--size is given twice; give it once"),
])
def test_a_mistaken_word_is_named_with_what_to_do(tmp_path, capsys, monkeypatch, args, said):
    assert said in refused_in_process([*args, "--quiet"], tmp_path, capsys, monkeypatch)


@pytest.mark.parametrize("args", [["--size", "1920by1080"], ["--fps", "0"], ["--out", "."]])
def test_a_refusal_is_one_line_from_a_real_process_too(tmp_path, args):
    assert_refused(run_cli(["xor", *args], tmp_path))


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
    assert not Path(target).exists() and list(folder.iterdir()) == [] and list(tmp_path.iterdir()) == [folder]


def test_help_explains_every_option_with_its_default(capsys):
    assert main(["xor", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    for option, default in [
        ("--out", "learn.mp4"), ("--seed", "0"), ("--shown", "13"), ("--size", "1920x1080"),
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


def _as_from_a_terminal(then=None):
    """A child's signals as a terminal's command has them, whatever started the tests: a
    suite run under nohup, or as a background job, hands its children SIGHUP, or SIGINT and
    SIGQUIT, ignored, and nnviz rightly leaves an ignored signal ignored."""
    from nnviz.outputs import ENDING_SIGNALS

    def reset():
        for signum in ENDING_SIGNALS:
            signal.signal(signum, signal.SIG_DFL)
        if then is not None:
            then()

    return reset


def _start_rendering(folder, out, preexec_fn=None, **popen):
    """Start a run that takes a few seconds and wait until ffmpeg is writing."""
    process = subprocess.Popen(
        [sys.executable, "-m", "nnviz", "xor", "--out", str(out), "--size", "1280x720",
         "--train-cycles", "2000", "--cycles", "40"],
        cwd=folder, stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        start_new_session=True, preexec_fn=_as_from_a_terminal(preexec_fn), **popen,
    )
    deadline = time.monotonic() + 60
    while not list(folder.glob(f".{out.name}.*.part")):  # rendering has begun
        assert time.monotonic() < deadline and process.poll() is None
        time.sleep(0.02)
    time.sleep(0.3)
    return process


SIGNALS = {"SIGINT": signal.SIGINT, "SIGINT to the group": signal.SIGINT, "SIGTERM": signal.SIGTERM,
           "SIGHUP": signal.SIGHUP, "SIGQUIT": signal.SIGQUIT, "SIGUSR1": signal.SIGUSR1,
           "SIGALRM": signal.SIGALRM}


@pytest.mark.parametrize("name", SIGNALS)
def test_a_signal_stops_the_run_cleanly(tmp_path, name):
    out = tmp_path / "learn.mp4"
    out.write_bytes(b"keep me")
    signum = SIGNALS[name]
    process = _start_rendering(tmp_path, out)
    try:
        if name.endswith("group"):  # what a terminal does: the whole foreground process group
            os.killpg(process.pid, signum)
        else:
            process.send_signal(signum)
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 128 + signum, err
    last = err.strip().splitlines()[-1]
    assert f"interrupted by {signal.Signals(signum).name}" in last and "Traceback" not in err
    assert "nothing was written" in last
    assert out.read_bytes() == b"keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["learn.mp4"]
    assert not [p for p in ffmpeg_processes() if str(tmp_path) in p]


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_that_ends_a_program_calling_nnviz_leaves_nothing_behind(tmp_path, signum):
    """In a user's own program (a SIGTERM from timeout, a batch system or docker stop), the
    process had ended at once, leaving a hidden .part beside the video and a filter graph in
    the temporary folder: the call unwinds first, then the signal ends the process as it
    would have."""
    out = tmp_path / "learn.mp4"
    out.write_bytes(b"keep me")
    temporary = tmp_path / "tmp"  # the program's own temporary folder, for its filter graph
    temporary.mkdir()
    script = (f"import nnviz; nnviz.xor_video({str(out)!r}, width=1280, height=720, train_cycles=2000, "
              "cycles=40); print('finished')")
    process = subprocess.Popen([sys.executable, "-c", script], cwd=tmp_path, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True,
                               preexec_fn=_as_from_a_terminal(), env={**os.environ, "TMPDIR": str(temporary)})
    try:
        deadline = time.monotonic() + 60
        while not list(tmp_path.glob(".learn.mp4.*.part")):  # rendering has begun
            assert time.monotonic() < deadline and process.poll() is None
            time.sleep(0.02)
        time.sleep(0.3)
        process.send_signal(signum)
        printed, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == -signum, err  # ended by the signal, as without nnviz
    assert "finished" not in printed and "Traceback" not in err
    assert out.read_bytes() == b"keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["learn.mp4", "tmp"]
    assert not list(temporary.iterdir())
    assert not [p for p in ffmpeg_processes() if str(tmp_path) in p]


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_a_signal_after_the_run_is_said_not_taken_by_its_default_action(signum):
    """In the 0.4 s Python took to shut down after the summary, a signal had ended the
    process by its default action: no line, and a status saying it was killed, after every
    file had been written. The entry point says it, and exits at once."""
    code = ("import os, signal, nnviz.cli as cli\n"
            f"cli.main = lambda: (os.kill(os.getpid(), {int(signum)}), 0)[1]\n"
            "cli.run()")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          preexec_fn=_as_from_a_terminal())
    assert done.returncode == 128 + signum, done.stderr
    assert done.stderr.strip() == (f"nnviz: interrupted by {signal.Signals(signum).name}; "
                                   "the files were written before this")
    finished = subprocess.run([sys.executable, "-m", "nnviz", "--version"], capture_output=True, text=True,
                              timeout=60)
    assert finished.returncode == 0 and finished.stdout.startswith("nnviz ")


def test_a_signal_dropped_as_the_run_ends_is_said_and_a_second_is_not_said_again(tmp_path, capsys,
                                                                                  monkeypatch):
    """A signal that landed in a progress bar's __del__ as the run returned was dropped and
    forgotten (exit 0, no line); a second signal as the first was said printed a second line."""
    import nnviz.cli as cli

    def run(args, outputs):
        cli._dropped.append(signal.SIGTERM)  # what _unraisable keeps of it
        return 0

    monkeypatch.setattr(cli, "_run", run)
    monkeypatch.chdir(tmp_path)
    assert main(["xor", *SMALL]) == 128 + signal.SIGTERM
    assert capsys.readouterr().err.strip().splitlines() == [
        "nnviz: interrupted by SIGTERM; nothing was written and existing files are untouched"]
    assert cli._interrupted(cli.Interrupted(signal.SIGINT), None) == 128 + signal.SIGTERM  # said already
    assert capsys.readouterr().err == ""


def test_a_signal_the_caller_ignores_stays_ignored(tmp_path):
    """nohup ignores SIGHUP (and a shell's background job SIGINT): the run had swapped in its
    own handler, and died of the hang-up it was started to survive."""
    out = tmp_path / "learn.mp4"
    process = _start_rendering(tmp_path, out, preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN))
    try:
        process.send_signal(signal.SIGHUP)
        _, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert out.stat().st_size > 10_000 and "interrupted" not in err


def test_ffmpeg_dies_with_a_killed_run(tmp_path):
    out = tmp_path / "learn.mp4"
    process = _start_rendering(tmp_path, out)
    deadline = time.monotonic() + 60  # a busy machine may take a while to start it
    while not [p for p in ffmpeg_processes() if str(tmp_path) in p]:
        assert time.monotonic() < deadline and process.poll() is None
        time.sleep(0.02)
    process.kill()  # nothing in Python runs: the system must stop ffmpeg
    process.communicate(timeout=60)
    deadline = time.monotonic() + 2
    while [p for p in ffmpeg_processes() if str(tmp_path) in p]:
        assert time.monotonic() < deadline, "ffmpeg outlived the run"
        time.sleep(0.02)
    assert not out.exists()


def test_a_spawned_process_dies_with_its_parent(tmp_path):
    """Killed outright, the run takes ffmpeg with it rather than leave it to finish a file
    nobody will rename. Told apart from an ffmpeg that merely read the end of its input (and
    finished its file, which had depended on a race between the two), by a child that reads
    nothing and would otherwise sleep on."""
    marker = tmp_path / "child"
    parent = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from nnviz.video import spawn; "
        f"child = spawn(['sleep', '60']); open({str(marker)!r}, 'w').write(str(child.pid)); time.sleep(60)")])
    try:
        deadline = time.monotonic() + 60
        while not (marker.exists() and marker.read_text()):
            assert time.monotonic() < deadline and parent.poll() is None
            time.sleep(0.02)
        child = int(marker.read_text())
        parent.kill()
        parent.wait(timeout=10)
        deadline = time.monotonic() + 2
        while Path(f"/proc/{child}").exists() and "zombie" not in _state(child):
            assert time.monotonic() < deadline, "the child outlived its parent"
            time.sleep(0.02)
    finally:
        if parent.poll() is None:
            parent.kill()


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/status").read_text().lower()
    except OSError:
        return "zombie"


def test_a_file_size_limit_ends_the_run_in_one_line_and_keeps_the_old_file(tmp_path):
    """ulimit -f: the first write past the limit stops ffmpeg (SIGXFSZ, which Python itself
    ignores); the run says so and leaves what was there."""
    import resource

    out = tmp_path / "learn.mp4"
    out.write_bytes(b"keep me")

    def limited():
        _as_from_a_terminal()()
        resource.setrlimit(resource.RLIMIT_FSIZE, (50 * 1024, resource.RLIM_INFINITY))

    done = subprocess.run([sys.executable, "-m", "nnviz", "xor", "--out", str(out), "--size", "640x360",
                           "--train-cycles", "100", "--quiet"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120, preexec_fn=limited)
    assert done.returncode == 1 and len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "SIGXFSZ" in done.stderr and "nothing was written" in done.stderr
    assert out.read_bytes() == b"keep me" and sorted(p.name for p in tmp_path.iterdir()) == ["learn.mp4"]
    assert not [p for p in ffmpeg_processes() if str(tmp_path) in p]


def _has_loaded(pid, library):
    try:
        return library in Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return False


@pytest.mark.parametrize("library", ["_multiarray_umath", "ft2font"])
def test_ctrl_c_while_starting_is_one_line(tmp_path, library):
    """Ctrl-C while numpy, or matplotlib and its fonts, are being loaded."""
    process = subprocess.Popen(
        [sys.executable, "-m", "nnviz", "xor", "--out", "learn.mp4", "--size", "640x360"],
        cwd=tmp_path, stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        start_new_session=True, preexec_fn=_as_from_a_terminal(),
    )
    deadline = time.monotonic() + 30
    while not _has_loaded(process.pid, library) and process.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.002)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert "Traceback" not in err
    assert process.returncode == 130, err
    assert "interrupted" in err.strip().splitlines()[-1]  # after the progress bar, if it began
    assert list(tmp_path.iterdir()) == []


STREAMS = {
    "stdout closed": {"stdout": "closed"},
    "stderr closed": {"stderr": "closed"},
    "both full": {"stdout": "/dev/full", "stderr": "/dev/full"},
    "stdout a pipe nobody reads": {"stdout": "broken"},
}


@pytest.mark.parametrize("name", STREAMS)
def test_a_run_with_closed_or_full_output_streams_still_makes_its_files(tmp_path, name):
    streams = {}
    for stream, kind in STREAMS[name].items():
        if kind == "closed":
            continue
        if kind == "broken":
            read, write = os.pipe()
            os.close(read)
            streams[stream] = write
        else:
            streams[stream] = open(kind, "w")  # noqa: SIM115
    closed = [s for s, kind in STREAMS[name].items() if kind == "closed"]

    def close_them():
        for fd in {"stdout": 1, "stderr": 2}.values():
            if {"stdout": 1, "stderr": 2}.get(closed[0] if closed else "", -1) == fd:
                os.close(fd)

    command = [sys.executable, "-m", "nnviz", "xor", "--out", "learn.mp4", "--json", "run.json",
               *SMALL[:-1]]
    defaults = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    process = subprocess.run(command, cwd=tmp_path, timeout=120, preexec_fn=close_them,
                             **(defaults | streams))
    for value in streams.values():
        if isinstance(value, int):
            os.close(value)
        else:
            value.close()
    assert process.returncode == 0
    assert (tmp_path / "learn.mp4").read_bytes()[4:8] == b"ftyp"
    assert json.loads((tmp_path / "run.json").read_text())["frames"] > 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["learn.mp4", "run.json"]


NOT_FOR_A_STILL = {
    "music": ["--music", "song.wav"], "music start": ["--music-start", "3"], "json": ["--json", "x.json"],
    "html": ["--html", "x.html"], "player": ["--player", "p.html"],
    "stills": ["--stills", "."], "fps": ["--fps", "30"], "smooth": ["--smooth"],
    "duration": ["--duration", "10"], "beats": ["--beats"], "seconds per shot": ["--seconds-per-shot", "2"],
    "quality": ["--quality", "high"], "gif width": ["--gif-width", "640"],
    "constant frame rate": ["--constant-frame-rate"], "contact sheet": ["--contact-sheet", "s.png"],
}


@pytest.mark.parametrize("args", NOT_FOR_A_STILL.values(), ids=NOT_FOR_A_STILL.keys())
def test_options_a_still_cannot_use_are_refused(tmp_path, capsys, monkeypatch, args):
    line = refused_in_process(["xor", "--still", "after", "--out", "x.png", *args], tmp_path,
                              capsys, monkeypatch)
    assert args[0] in line and "still" in line
    assert list(tmp_path.iterdir()) == []


NOT_FOR_THIS_VIDEO = {
    "gif width for an mp4": ["--out", "x.mp4", "--gif-width", "800"],
    "quality for a gif": ["--out", "x.gif", "--quality", "high"],
    "constant frame rate for a gif": ["--out", "x.gif", "--constant-frame-rate"],
    "dpi for a video": ["--out", "x.mp4", "--dpi", "100"],
}


@pytest.mark.parametrize("args", NOT_FOR_THIS_VIDEO.values(), ids=NOT_FOR_THIS_VIDEO.keys())
def test_options_a_video_cannot_use_are_refused(tmp_path, capsys, monkeypatch, args):
    line = refused_in_process(["xor", *args], tmp_path, capsys, monkeypatch)
    assert args[2] in line
    assert list(tmp_path.iterdir()) == []


def test_a_run_that_diverges_writes_nothing(tmp_path, monkeypatch, capsys):
    from nnviz import checks

    # No accepted learning rate makes this network diverge; lift the limit to make it.
    monkeypatch.setattr(checks, "MAX_LEARNING_RATE", 1e301)
    out = tmp_path / "learn.mp4"
    out.write_bytes(b"keep")
    code = main(["xor", "--out", str(out), "--learning-rate", "1e300", "--json",
                 str(tmp_path / "run.json"), *SMALL])
    err = capsys.readouterr().err.strip()
    assert code == 2 and len(err.splitlines()) == 1
    assert "diverged" in err and "lower the learning rate" in err
    assert "RuntimeWarning" not in err
    assert out.read_bytes() == b"keep" and sorted(p.name for p in tmp_path.iterdir()) == ["learn.mp4"]


def test_help_names_every_kind_of_output():
    text = " ".join(build_parser().format_help().split()) + " ".join(
        build_parser()._subparsers._group_actions[0].choices["xor"].format_help().split()
    )
    for kind in ("MP4", "WebM", "GIF", "PNG", "SVG", "PDF"):
        assert kind in text


def test_render_s_help_says_its_video_is_named_after_the_recording():
    """render's --out had said "default: learn.mp4", where it writes run.mp4 for run.npz."""
    commands = build_parser()._subparsers._group_actions[0].choices
    said = {name: " ".join(commands[name].format_help().split()) for name in ("render", "xor")}
    assert "default: the recording's name: run.npz makes run.mp4" in said["render"]
    assert "learn.mp4" not in said["render"] and "default: learn.mp4" in said["xor"]


@pytest.mark.parametrize("command, small, named, taken, refused", [
    ("xor", ["--train-cycles", "20", "--cycles", "1"], ["before", "new", "cycle:N/example:K"],
     "cycle:20/example:3", ["test:", "probe:", "layer:", "epoch:"]),
    ("moons", ["--epochs", "2"], ["before", "test:1", "epoch:N", "layer:K"], "test:2", ["new", "probe:"]),
    ("shapes", ["--epochs", "2", "--probes"], ["before", "test:2", "probe:K", "epoch:N"], "probe:1",
     ["new", "layer:"]),
])
def test_a_command_s_still_help_offers_its_own_moments(tmp_path, capsys, monkeypatch, command, small, named,
                                                        taken, refused):
    """XOR's --still help had offered test:1 and probe:K, which XOR refuses."""
    parser = build_parser()._subparsers._group_actions[0].choices[command]
    still = next(a for a in parser._actions if a.dest == "still").help
    assert all(moment in still for moment in named)
    assert not any(moment in still.replace("a shown step", "") for moment in refused)
    assert main([command, *small, "--still", taken, "--size", "640x360", "--out", str(tmp_path / "s.png"),
                 "--quiet"]) == 0
    refused_in_process([command, *small, "--still", refused[0] + ("1" if refused[0].endswith(":") else ""),
                        "--out", "s.png"], tmp_path, capsys, monkeypatch)


@pytest.mark.parametrize("name, output", [("t.mp4", ["--out"]), ("t.png", ["--still", "after", "--out"]),
                                          ("t.json", ["--json"]), ("t.html", ["--html"]),
                                          ("t.html", ["--player"]), ("t.png", ["--contact-sheet"])])
def test_no_output_overwrites_the_users_table(tmp_path, capsys, monkeypatch, name, output):
    table = tmp_path / name  # a CSV by any name is read
    rows = "\n".join(f"{x},{y},{'a' if x > y else 'b'}" for x, y in np.random.default_rng(0).random((40, 2)))
    table.write_text("x,y,kind\n" + rows + "\n")
    before = table.read_bytes()
    out = [] if "--out" in output else ["--out", "v.mp4"]
    line = refused_in_process(["custom", "--data", name, *out, *output, name, "--quiet"], tmp_path, capsys,
                              monkeypatch)
    assert "would overwrite the data" in line
    assert table.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


@pytest.mark.parametrize("output, file", [(["--out", "t.mp4"], "train-images-idx3-ubyte"),
                                          (["--still", "after", "--out", "t.png"], "t10k-labels-idx1-ubyte"),
                                          (["--json", "t.json"], "t10k-labels-idx1-ubyte")])
def test_no_output_overwrites_a_file_of_a_data_folder(tmp_path, capsys, monkeypatch, output, file):
    """digits --data reads the files of a folder: an output linked to one of them had been
    written over it (the next run refused the "IDX file" that was now a video)."""
    from test_digits_data import mnist_folder

    mnist_folder(tmp_path / "mnist", train=(40, 8, 8), test=(10, 8, 8))
    before = (tmp_path / "mnist" / file).read_bytes()
    (tmp_path / output[-1]).symlink_to(tmp_path / "mnist" / file)
    out = [] if "--out" in output else ["--out", "v.mp4"]
    line = refused_in_process(["digits", "--data", "mnist", "--epochs", "1", *out, *output, "--quiet"],
                              tmp_path, capsys, monkeypatch)
    assert f"would overwrite the data 'mnist/{file}'" in line
    assert (tmp_path / "mnist" / file).read_bytes() == before


def test_a_still_never_overwrites_the_recording(tmp_path, capsys, monkeypatch):
    import nnviz

    rng = np.random.default_rng(0)
    rec = nnviz.Recorder(steps=20)
    weights = [rng.normal(size=(2, 3)), rng.normal(size=(3, 1))]
    for step in range(1, 21):
        if rec.wants(step):
            rec.record(step, weights=weights, inputs=np.array([0.1, 0.2]), target=np.array([1.0]),
                       loss=1 / step)
    rec.save(tmp_path / "run.npz")
    (tmp_path / "run.npz").rename(tmp_path / "run.png")  # a recording by any name is read
    before = (tmp_path / "run.png").read_bytes()
    line = refused_in_process(["render", "run.png", "--still", "after", "--out", "run.png"], tmp_path, capsys,
                              monkeypatch)
    assert "would overwrite the recording" in line and (tmp_path / "run.png").read_bytes() == before
    line = refused_in_process(["render", "run.png", "--shown", "21", "--out", "r.mp4"], tmp_path, capsys,
                              monkeypatch)
    assert "cannot show 21 steps: there are 20" in line and not (tmp_path / "r.mp4").exists()


def test_a_link_into_a_missing_folder_is_refused_as_such(tmp_path, capsys, monkeypatch):
    (tmp_path / "learn.mp4").symlink_to("nowhere/x.mp4")
    line = refused_in_process(["xor", "--out", "learn.mp4", "--quiet"], tmp_path, capsys, monkeypatch)
    assert "nowhere" in line and "does not exist" in line and ".part" not in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["learn.mp4"]


def test_a_backend_matplotlib_does_not_know_is_one_line(tmp_path):
    env = {**os.environ, "MPLBACKEND": "bogus"}
    done = subprocess.run([sys.executable, "-m", "nnviz", "xor", "--out", "v.mp4"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "nnviz: error: MPLBACKEND='bogus' is not a backend matplotlib knows; unset it, or name one such as "
        "agg or tkagg"]
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_while_the_progress_bar_is_made_is_one_line(tmp_path):
    """An interrupt inside tqdm's constructor had left a half-made bar, whose finaliser printed
    "Exception ignored … 'tqdm' object has no attribute 'pos'" after the run's last line."""
    script = tmp_path / "run.py"
    script.write_text(
        "import signal, sys, tqdm\n"
        "free = tqdm.tqdm._get_free_pos.__func__\n"
        "def interrupted(cls, instance=None):\n"
        "    signal.raise_signal(signal.SIGINT)  # Ctrl-C half-way through the bar's constructor\n"
        "    return free(cls, instance)\n"
        "tqdm.tqdm._get_free_pos = classmethod(interrupted)\n"
        "from nnviz.cli import main\n"
        "sys.exit(main(['xor', '--out', 'learn.mp4', '--size', '640x360', '--train-cycles', '60',"
        " '--cycles', '1']))\n"
    )
    done = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 130, done.stderr
    assert "Exception ignored" not in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert "interrupted" in done.stderr.strip().splitlines()[-1]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run.py"]


@pytest.mark.parametrize("given, meant", [(["--see", "3"], "--seed"), (["--qui"], "--quiet"),
                                          (["--seconds", "3"], "--seconds-per-shot")])
def test_an_option_is_never_taken_from_a_prefix_of_its_name(tmp_path, capsys, monkeypatch, given, meant):
    """'--see 3' had been taken for --seed 3, '--du 3' for --duration 3, without a word."""
    line = refused_in_process(["xor", *given, "--out", "x.mp4"], tmp_path, capsys, monkeypatch)
    assert f"did you mean {meant}?" in line


@pytest.mark.parametrize("keyword", ["out", "music", "stills", "json"])
def test_an_empty_path_is_refused(tmp_path, keyword):
    """'' is the current folder to pathlib: the stills had been written into it."""
    import nnviz

    options = {"out": tmp_path / "a.mp4", keyword: ""}
    with pytest.raises(nnviz.UsageError, match=f"{keyword} is an empty path"):
        nnviz.xor_video(**options, train_cycles=100)


@pytest.mark.parametrize("keyword", ["out", "music", "json"])
def test_a_path_with_a_nul_character_is_a_usage_error(tmp_path, keyword):
    """pathlib's own "embedded null byte" had come out of the library as a ValueError."""
    import nnviz

    options = {"out": tmp_path / "a.mp4", keyword: str(tmp_path / "a\x00b")}
    with pytest.raises(nnviz.UsageError, match=f"{keyword} .* holds a NUL character"):
        nnviz.xor_video(**options, train_cycles=100)
    assert list(tmp_path.iterdir()) == []


def test_a_path_from_the_home_folder_is_read_and_written_there(tmp_path, monkeypatch):
    """The README passes data="~/mnist"; a recording loaded, or a still written, from "~/…"
    had been looked for in a folder named "~"."""
    import nnviz

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    rec = nnviz.Recorder()
    rec.record(1, weights=[np.ones((2, 3)), np.ones((3, 1))])
    rec.save("~/run.npz")
    assert nnviz.load("~/run.npz").steps == (1,)
    made = nnviz.still("~/run.npz", "~/after.png", "after", width=640, height=360)
    assert (tmp_path / "after.png").read_bytes() == made.data and not (tmp_path / "~").exists()
    assert nnviz.checks.file_path("~nobody-here-at-all/x", "out").parts[0] == "~nobody-here-at-all"
    # On the command line too, where a quoted ~ reaches nnviz as it is.
    rows = "".join(f"{i},{i % 3},{'xy'[i % 2]}\n" for i in range(40))
    (tmp_path / "t.csv").write_text("a,b,label\n" + rows)
    assert main(["custom", "--data", "~/t.csv", "--epochs", "1", "--still", "after", "--size", "640x360",
                 "--out", "~/t.png", "--quiet"]) == 0
    assert (tmp_path / "t.png").stat().st_size > 1000


@pytest.mark.parametrize("args", [["xor", "--out", "{long}/v.mp4"], ["digits", "--data", "{long}"]])
def test_a_path_longer_than_the_system_takes_is_one_line(tmp_path, capsys, monkeypatch, args):
    """A path past PATH_MAX ended with exit 1 and "File name too long (…)"."""
    long = "/".join(["d" * 200] * 25)
    line = refused_in_process([a.format(long=long) for a in args], tmp_path, capsys, monkeypatch)
    assert "too long" in line or "File name too long" in line


def test_running_out_of_memory_is_one_line(tmp_path, capsys, monkeypatch):
    """A small gzipped IDX whose header promised 1.36 million pictures (within the limit on
    file sizes) ended in numpy's MemoryError traceback, four times as large as floats."""
    import nnviz.film

    def film(*args, **kwargs):
        raise MemoryError("Unable to allocate 3.97 GiB for an array with shape (1360000, 784) and "
                          "data type float32")

    monkeypatch.setattr(nnviz.film, "film", film)
    (tmp_path / "learn.mp4").write_bytes(b"keep")
    monkeypatch.chdir(tmp_path)
    assert main(["xor", *SMALL]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("nnviz: error: out of memory (Unable to allocate 3.97 GiB") and "untouched" in err
    assert (tmp_path / "learn.mp4").read_bytes() == b"keep"


def test_no_progress_bar_is_drawn_into_a_log(tmp_path):
    """Where stderr is a file or a pipe, a bar is a line of carriage returns: only a
    terminal gets one."""
    result = run_cli(["xor", "--train-cycles", "300", "--cycles", "2", "--size", "640x360"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "\r" not in result.stderr and "frame/s" not in result.stderr
    assert "Wrote" in result.stdout + result.stderr


def test_an_interrupt_that_comes_out_of_matplotlib_as_another_error_is_an_interrupt(tmp_path, capsys,
                                                                                   monkeypatch):
    """A signal's exception raised inside matplotlib's C++ code comes out as, say, 'ValueError:
    Invalid affine transformation matrix': it had ended the run in a traceback."""
    import nnviz.cli as cli
    from nnviz.render import Renderer

    def interrupted(self, shot):
        cli._raise.__globals__["_received"].append(signal.SIGTERM)  # as the handler notes it
        raise ValueError("Invalid affine transformation matrix")

    monkeypatch.setattr(Renderer, "draw", interrupted)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "learn.mp4").write_bytes(b"keep me")
    code = main(["xor", "--train-cycles", "100", "--cycles", "2", "--size", "640x360", "--quiet"])
    err = capsys.readouterr().err
    assert code == 128 + signal.SIGTERM and err.strip().splitlines() == [
        "nnviz: interrupted by SIGTERM; nothing was written and existing files are untouched"]
    assert (tmp_path / "learn.mp4").read_bytes() == b"keep me" and len(list(tmp_path.iterdir())) == 1


@pytest.mark.parametrize("size", ["540x960", "4320x7680"])
def test_a_size_out_of_range_says_the_limits_of_each_side(tmp_path, capsys, monkeypatch, size):
    """An upright frame had been told "use between 640x360 and 7680x4320", which reads as a
    range of landscape frames."""
    line = refused_in_process(["xor", "--size", size, "--out", "v.mp4"], tmp_path, capsys, monkeypatch)
    assert "640 to 7680 pixels wide and 360 to 4320 high, in any shape" in line


def test_a_very_long_name_is_said_by_its_start_and_length(tmp_path, capsys):
    """A label of a million characters had made a refusal of a megabyte."""
    rows = "1,2,a\n3,4,a\n5,6,b\n7,8,b\n9,9," + "x" * 1_000_000 + "\n"
    (tmp_path / "t.csv").write_text("p,q,kind\n" + rows)
    assert main(["custom", "--data", str(tmp_path / "t.csv"), "--out", str(tmp_path / "v.mp4")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and len(err) < 400
    assert "'" + "x" * 40 + "…' (1,000,000 characters)" in err
    # Only quoted names: an apostrophe ("it's") is no quote, and a path is said whole.
    from nnviz.cli import LONG_QUOTE, _shortened

    for line in ("the data file \"/tmp/it's_" + "f" * 200 + "/d.csv\" has only 1 example of class 'x'; add",
                 "the recording '/tmp/" + "d" * 250 + "/missing.npz' does not exist",
                 "the network's " + "y" * 250 + " weights don't fit",
                 "the data file 'C:\\\\new\\\\tables" + "\\\\t" * 150 + "\\\\d.csv' is missing"):
        assert LONG_QUOTE.sub(_shortened, line) == line
    # A label of many lines, quoted with its line breaks as \n, is shortened too, and counted
    # in its own characters (a label of 5,000 lines had made a line of 30 kB).
    label = "line\n" * 5000 + "end"
    line = f"the data file 'd.csv' has only 1 example of class {label!r}; add examples"
    said = LONG_QUOTE.sub(_shortened, line)
    assert said == ("the data file 'd.csv' has only 1 example of class 'line\\nline\\nline\\nline\\nline\\n"
                    "line\\nline…' (25,003 characters); add examples"), said


def test_control_characters_from_the_data_never_reach_the_terminal(tmp_path, capsys):
    """An ESC in a CSV's header (clearing the screen) or labels had been printed as it is: a
    name or label holding one is refused, saying its code, and a newline inside a quoted
    label (drawn as a space) is said by its code."""
    rows = "".join(f'{i % 7},{i % 5},"{"a" if i % 2 else "b"}\nz"\n' for i in range(30))  # a: lines 4, 8, …
    (tmp_path / "t.csv").write_text("x\x1b[2J,y,kind\n" + rows)
    assert main(["custom", "--data", str(tmp_path / "t.csv"), "--out", str(tmp_path / "v.mp4")]) == 2
    err = capsys.readouterr().err
    assert "a column name holding the control character U+001B (column 1); names are printable" in err
    assert "\x1b" not in err and err.count("\n") == 1
    (tmp_path / "t.csv").write_text("x,y,kind\n" + rows.replace("a\nz", "a\x1b[31m\nz", 3))
    assert main(["custom", "--data", str(tmp_path / "t.csv"), "--out", str(tmp_path / "v.mp4")]) == 2
    err = capsys.readouterr().err
    assert "has a label on line 4 holding the control character U+001B; labels are printable" in err
    assert "\x1b" not in err and err.count("\n") == 1 and not (tmp_path / "v.mp4").exists()
    (tmp_path / "t.csv").write_text("x,y,kind\n" + rows)
    assert main(["custom", "--data", str(tmp_path / "t.csv"), "--epochs", "1", "--size", "640x360",
                 "--quality", "draft", "--out", str(tmp_path / "v.mp4")]) == 0
    said = capsys.readouterr()
    assert "aU+000Az" in said.out and "\x1b" not in said.out + said.err
    said_first = ("Wrote", "Accuracy", "The labels", "The font has no", "nnviz: note", "The network ends at")
    assert all(line.startswith(said_first) for line in (said.out + said.err).splitlines())
    # Joiners (emoji, Persian words) and soft hyphens are kept; a right-to-left override is said.
    family, persian, override = "\U0001f468\u200d\U0001f469", "\u0645\u06cc\u200c\u062e\u0648", "a\u202eb"
    rows = "".join(f"{i % 7},{i % 5},{(family, persian, override)[i % 3]}\n" for i in range(30))
    (tmp_path / "u.csv").write_text("x,y,kind\n" + rows, encoding="utf-8")
    assert main(["custom", "--data", str(tmp_path / "u.csv"), "--epochs", "1", "--size", "640x360",
                 "--quality", "draft", "--out", str(tmp_path / "u.mp4")]) == 0
    out = capsys.readouterr().out
    assert family in out and persian in out and "aU+202Eb" in out and "\u202e" not in out


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_while_nnviz_loads_is_said_in_one_line(tmp_path, signum):
    """A Ctrl-C while the command's modules loaded had been a traceback through an import,
    and a SIGTERM an exit with no line: the signals are noted from the entry point's first
    line, and said once the command can say them."""
    script = f"""
import importlib.abc, os, signal, sys
sys.argv = ["nnviz", "xor", "--out", "v.mp4"]
class Interrupting(importlib.abc.MetaPathFinder):  # the signal arrives as nnviz.cli loads
    def find_spec(self, name, path, target=None):
        if name == "nnviz.cli":
            os.kill(os.getpid(), {int(signum)})
        return None
sys.meta_path.insert(0, Interrupting())
import nnviz.start
nnviz.start.run()
"""
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True,
                          timeout=60, preexec_fn=_as_from_a_terminal())
    assert done.returncode == 128 + signum, done.stderr
    said = f"nnviz: interrupted by {signal.Signals(signum).name}; nothing was written and existing files are "
    assert done.stderr.strip().splitlines() == [said + "untouched"]
    assert not list(tmp_path.iterdir())


def test_a_file_named_with_a_dash_is_told_how_to_be_given(tmp_path, capsys, monkeypatch):
    """argparse takes "-dash" after --data for an option: it had said "expected one argument"
    alone. A number option's missing value gets no such hint."""
    line = refused_in_process(["digits", "--data", "-dash", "--out", "v.mp4"], tmp_path, capsys, monkeypatch)
    assert "argument --data: expected one argument; a file whose name starts with '-' is written ./-name " \
           "(or --data=-name)" in line
    line = refused_in_process(["xor", "--size"], tmp_path, capsys, monkeypatch)
    assert "expected one argument (see" in line and "./-name" not in line


def test_quiet_keeps_matplotlib_s_warnings_as_it_loads_unsaid(tmp_path):
    """A HOME (or MPLCONFIGDIR) matplotlib cannot write its settings in had it warn in two
    lines, --quiet or not: under --quiet they are kept back, as the rest is."""
    env = {**os.environ, "MPLCONFIGDIR": "/dev/null/nowhere"}
    command = [sys.executable, "-m", "nnviz", "xor", "--still", "after", "--size", "640x360", "--out",
               str(tmp_path / "a.png")]
    quiet = subprocess.run([*command, "--quiet"], env=env, capture_output=True, text=True, timeout=120)
    assert quiet.returncode == 0 and quiet.stderr == "" and quiet.stdout == ""
    said = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert said.returncode == 0 and "MPLCONFIGDIR" in said.stderr  # not --quiet: still said


def test_whole_numbers_may_be_written_in_scientific_notation_and_minus_zero_is_zero(tmp_path):
    """"--epochs 1e3" had been refused as no whole number, and "--noise -0" had been written
    to the summary as -0.0."""
    summary = tmp_path / "s.json"
    assert main(["circles", "--samples", "4e1", "--epochs", "2E0", "--noise", "-0", "--size", "640x360",
                 "--out", str(tmp_path / "v.mp4"), "--json", str(summary), "--quiet"]) == 0
    text = summary.read_text()
    said = json.loads(text)
    assert said["data_options"]["samples"] == 40 and said["data_options"]["noise"] == 0.0
    assert "-0.0" not in text
