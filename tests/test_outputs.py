"""Nothing a user has is ever lost: outputs are committed together or not at all, no output
is an input or another output, and paths reach ffmpeg only as the files they name."""

import os
import signal
import wave
from pathlib import Path

import numpy as np
import pytest
from command import assert_refused, run_cli
from media import stream_line

from nnviz import outputs as outputs_module
from nnviz.cli import main
from nnviz.outputs import Outputs

SMALL = ["--size", "640x360", "--train-cycles", "30", "--cycles", "1", "--fps", "5", "--quiet"]


def everything(folder):
    """Options that write every kind of output, and the files they write."""
    args = ["--out", str(folder / "learn.mp4"), "--stills", str(folder / "stills"),
            "--contact-sheet", str(folder / "sheet.png"), "--html", str(folder / "post.html"),
            "--player", str(folder / "player.html"), "--json", str(folder / "run.json")]
    files = ["learn.mp4", "learn-poster.png", "stills/before.png", "stills/after.png",
             "stills/new-situation.png", "sheet.png", "post.html", "player.html", "run.json"]
    return args, [folder / name for name in files]


def snapshot(folder):
    """Every file under ``folder`` with its bytes."""
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def failing_rename(monkeypatch, at):
    """Make the ``at``-th rename into place (counting from 1) fail, as on a full disk."""
    real, calls = os.replace, []
    error = OSError(28, "No space left on device")

    def replace(source, target):
        if str(source).endswith(".part"):
            calls.append(target)
            if len(calls) == at:
                raise error
        return real(source, target)

    monkeypatch.setattr(outputs_module.os, "replace", replace)
    return calls


@pytest.mark.parametrize("at", range(1, 6))
def test_a_failed_commit_puts_back_what_was_there(tmp_path, monkeypatch, at):
    targets = [tmp_path / f"file{i}.bin" for i in range(5)]
    for target in targets[::2]:  # some exist before, some do not
        target.write_bytes(b"old " + target.name.encode())
    before = snapshot(tmp_path)
    failing_rename(monkeypatch, at)
    with pytest.raises(OSError), Outputs() as outputs:
        for target in targets:
            outputs.write(target, b"new " + target.name.encode())
        outputs.commit()
    assert not outputs.committed
    assert snapshot(tmp_path) == before  # byte for byte, and no temporary or kept copy left


def test_a_commit_is_not_cut_in_half_by_a_signal(tmp_path, monkeypatch):
    targets = [tmp_path / f"file{i}.bin" for i in range(3)]

    def stop(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    real = os.replace

    def replace(source, target):
        if target == targets[0]:
            os.kill(os.getpid(), signal.SIGTERM)  # arrives during the commit
        return real(source, target)

    monkeypatch.setattr(outputs_module.os, "replace", replace)
    outputs = Outputs()
    try:
        with pytest.raises(KeyboardInterrupt), outputs:
            for target in targets:
                outputs.write(target, b"new")
            outputs.commit()
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert outputs.committed  # held back until every file was in place, then delivered
    assert all(t.read_bytes() == b"new" for t in targets)
    assert sorted(p.name for p in tmp_path.iterdir()) == [t.name for t in targets]


def test_a_folder_made_for_outputs_goes_again_when_nothing_is_committed(tmp_path):
    with Outputs() as outputs:
        outputs.folder(tmp_path / "a" / "b")
        outputs.write(tmp_path / "a" / "b" / "x.png", b"x")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("at", [1, 4, 9])
def test_a_run_that_fails_while_committing_leaves_every_earlier_output_as_it_was(
    tmp_path, monkeypatch, capsys, at
):
    args, files = everything(tmp_path)
    (tmp_path / "stills").mkdir()
    for path in files:
        path.write_bytes(b"yesterday's " + path.name.encode())
    before = snapshot(tmp_path)
    calls = failing_rename(monkeypatch, at)
    assert main(["xor", *args, *SMALL]) == 1
    assert len(calls) == at
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "No space left on device" in err
    assert "nothing was written and existing files are untouched" in err
    # The file named is the one asked for, not its hidden temporary one (gone by now).
    assert f"cannot write {str(calls[-1])!r}" in err and ".part" not in err
    assert snapshot(tmp_path) == before


def test_a_failed_write_names_the_file_asked_for(tmp_path, monkeypatch):
    """A full disk had said "No space left on device" and no file at all."""
    def full(self, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", full)
    with pytest.raises(OSError) as raised, Outputs() as outputs:
        outputs.write(tmp_path / "run.json", b"{}")
    assert raised.value.filename == str(tmp_path / "run.json") and raised.value.errno == 28
    assert list(tmp_path.iterdir()) == []


def test_every_output_is_written_when_the_commit_succeeds(tmp_path):
    args, files = everything(tmp_path)
    for path in files[:2]:
        path.write_bytes(b"old")
    assert main(["xor", *args, *SMALL]) == 0
    assert all(p.exists() and p.read_bytes() != b"old" for p in files)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["learn.mp4", "learn-poster.png", "stills", "sheet.png", "post.html", "player.html", "run.json"]
    )


def test_interrupted_while_making_outputs_changes_nothing(tmp_path, monkeypatch, capsys):
    import nnviz.render

    args, files = everything(tmp_path)
    (tmp_path / "stills").mkdir()
    for path in files:
        path.write_bytes(b"keep")
    before = snapshot(tmp_path)

    def interrupted(*a, **k):
        raise KeyboardInterrupt  # Ctrl-C as the contact sheet is being made

    monkeypatch.setattr(nnviz.render, "contact_sheet", interrupted)
    assert main(["xor", *args, *SMALL]) == 130
    assert "nothing was written" in capsys.readouterr().err
    assert snapshot(tmp_path) == before


def write_wav(path, seconds=3.0, rate=22050):
    t = np.arange(int(rate * seconds)) / rate
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes((0.3 * np.sin(2 * np.pi * 440 * t) * 32767).astype("<i2").tobytes())


CLASHES = {
    "video over the music": (["--out", "song.mp4"], "would overwrite the music"),
    "through a symlink": (["--out", "link.mp4"], "would overwrite the music"),
    "through a hard link": (["--out", "hard.mp4"], "would overwrite the music"),
    "through .. and an absolute path": (["--out", "{cwd}/sub/../song.mp4"], "would overwrite the music"),
    "contact sheet is the poster": (["--out", "x.mp4", "--html", "p.html", "--contact-sheet",
                                     "x-poster.png"], "are the same file"),
    "player is the HTML page": (["--out", "x.mp4", "--html", "p.html", "--player", "./p.html"],
                                "are the same file"),
    "player is the video": (["--out", "x.mp4", "--player", "x.mp4"], "has the extension"),
    "contact sheet is a still": (["--out", "x.mp4", "--stills", "s", "--contact-sheet",
                                  "s/after.png"], "are the same file"),
    "contact sheet is a still, by another path": (["--out", "x.mp4", "--stills", ".",
                                                   "--contact-sheet", "{cwd}/./before.png"],
                                                  "are the same file"),
    "stills folder is the video": (["--out", "x.mp4", "--stills", "x.mp4"],
                                   "the stills folder and the video"),
    "stills folder is the poster": (["--out", "x.mp4", "--html", "p.html", "--stills", "x-poster.png"],
                                    "the stills folder and the poster frame"),
    "stills folder is the JSON": (["--out", "x.mp4", "--json", "j.json", "--stills", "./j.json"],
                                  "the stills folder and the JSON summary"),
}


@pytest.fixture
def music_folder(tmp_path):
    """A folder with a song in an MP4 (the extension of a video) and links to it."""
    import subprocess

    from media import FFMPEG

    write_wav(tmp_path / "song.wav")
    subprocess.run([FFMPEG, "-loglevel", "error", "-i", str(tmp_path / "song.wav"), "-c:a", "aac",
                    str(tmp_path / "song.mp4")], check=True)
    (tmp_path / "song.wav").unlink()
    (tmp_path / "link.mp4").symlink_to("song.mp4")
    os.link(tmp_path / "song.mp4", tmp_path / "hard.mp4")
    (tmp_path / "sub").mkdir()
    (tmp_path / "s").mkdir()
    return tmp_path


@pytest.mark.parametrize("args, said", CLASHES.values(), ids=CLASHES.keys())
def test_no_output_is_an_input_or_another_output(music_folder, args, said):
    args = [a.replace("{cwd}", str(music_folder)) for a in args]
    before = snapshot(music_folder)
    result = run_cli(["xor", "--music", "song.mp4", *args, "--quiet"], music_folder)
    assert_refused(result)
    assert said in result.stderr
    assert snapshot(music_folder) == before


def test_case_is_compared_where_the_folder_ignores_it(tmp_path, monkeypatch, capsys):
    from nnviz import checks

    monkeypatch.setattr(checks, "_ignores_case", lambda folder: True)
    code = main(["xor", "--out", str(tmp_path / "Learn.mp4"), "--contact-sheet",
                 str(tmp_path / "sheet.png"), "--html", str(tmp_path / "LEARN-poster.html"),
                 "--json", str(tmp_path / "learn-POSTER.json"), *SMALL])
    assert code == 0  # different names, whatever their case
    code = main(["xor", "--out", str(tmp_path / "Learn.mp4"), "--html", str(tmp_path / "p.html"),
                 "--contact-sheet", str(tmp_path / "LEARN-poster.png"), *SMALL])
    assert code == 2 and "are the same file" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["a:b.wav", "-", "concat:x.wav", "file:y.wav", "pipe:0"])
def test_music_with_a_name_ffmpeg_could_misread_is_read_as_the_file(tmp_path, name):
    write_wav(tmp_path / name)
    out = tmp_path / "with:colon.mp4"
    result = run_cli(["xor", "--music", name, "--out", out.name, *SMALL], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Audio: aac" in stream_line(out, "Audio:")


@pytest.mark.parametrize("kind", ["fifo", "device", "folder"])
def test_music_that_is_not_a_regular_file_is_refused_at_once(tmp_path, kind):
    if kind == "fifo":
        os.mkfifo(tmp_path / "song.wav")  # reading it would wait for a writer forever
        music = "song.wav"
    elif kind == "device":
        music = "/dev/zero"
    else:
        (tmp_path / "song.wav").mkdir()
        music = "song.wav"
    result = run_cli(["xor", "--music", music, "--out", "x.mp4", "--quiet"], tmp_path)
    assert_refused(result)
    assert "song.wav" in result.stderr or "/dev/zero" in result.stderr


@pytest.mark.parametrize("out", ["/dev/null", "/dev/null.mp4"])
def test_an_output_that_is_a_device_is_refused(tmp_path, out):
    if out == "/dev/null.mp4":
        os.symlink("/dev/null", tmp_path / "null.mp4")
        out = "null.mp4"
    result = run_cli(["xor", "--out", out, "--quiet"], tmp_path)
    assert_refused(result)
    assert os.path.exists("/dev/null") and not os.path.isfile("/dev/null")


def test_a_name_too_long_for_the_folder_says_so(tmp_path):
    result = run_cli(["xor", "--out", "a" * 300 + ".mp4", "--quiet"], tmp_path)
    assert_refused(result)
    assert "too long" in result.stderr


def test_a_name_as_long_as_allowed_works(tmp_path):
    name = "a" * (255 - len(".mp4")) + ".mp4"  # temporary names beside it must fit too
    assert main(["xor", "--out", str(tmp_path / name), *SMALL]) == 0
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_a_folder_where_a_still_should_go_is_refused_before_any_work(tmp_path):
    (tmp_path / "stills" / "after.png").mkdir(parents=True)
    (tmp_path / "learn.mp4").write_bytes(b"keep")
    result = run_cli(["xor", "--stills", "stills", "--out", "learn.mp4", "--quiet"], tmp_path)
    assert_refused(result)
    assert "after.png" in result.stderr and "folder" in result.stderr
    assert (tmp_path / "learn.mp4").read_bytes() == b"keep"


@pytest.fixture
def small_disk(tmp_path):
    """A folder on a file system of 600 kB, where this machine lets a test mount one."""
    import subprocess

    folder = tmp_path / "disk"
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=600k", "tmpfs", str(folder)],
                             capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small file system here")
    yield folder
    subprocess.run(["umount", str(folder)], check=True)


def test_a_full_disk_loses_nothing(small_disk):
    (small_disk / "learn.mp4").write_bytes(b"yesterday")
    result = run_cli(["xor", "--out", "learn.mp4", "--stills", "st", "--contact-sheet", "sheet.png",
                      "--json", "run.json", *SMALL[:-5], "--cycles", "3", "--quiet"], small_disk)
    assert result.returncode == 1
    assert "No space left on device" in result.stderr and "nothing was written" in result.stderr
    assert [p.name for p in small_disk.iterdir()] == ["learn.mp4"]
    assert (small_disk / "learn.mp4").read_bytes() == b"yesterday"


def test_a_signal_that_lands_in_a_finaliser_still_ends_the_run(tmp_path, monkeypatch, capsys):
    """A signal whose exception Python must drop (it arrives in a __del__, as in a progress
    bar's as it is collected) is not printed as "Exception ignored …" and does not let the
    run finish: the next epoch or frame ends it, with one line and nothing written."""
    import time

    import nnviz.render

    class Finaliser:
        def __del__(self):
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(0.05)  # the handler runs here, inside __del__, and its exception is dropped

    drawn = nnviz.render.Renderer.draw

    def draw(self, shot):
        Finaliser()  # made and collected at once
        return drawn(self, shot)

    monkeypatch.setattr(nnviz.render.Renderer, "draw", draw)
    monkeypatch.chdir(tmp_path)
    assert main(["xor", "--out", "v.mp4", *SMALL]) == 128 + signal.SIGTERM
    err = capsys.readouterr().err
    assert "interrupted by SIGTERM" in err and "Exception ignored" not in err
    assert list(tmp_path.iterdir()) == []


def test_an_outputs_is_for_one_call_and_a_second_is_refused_before_any_work(tmp_path):
    """A second call with a used Outputs had rendered everything, then raised RuntimeError
    'already committed' and left its temporary file behind."""
    import nnviz

    outputs = Outputs()
    options = dict(train_cycles=100, cycles=2, width=640, height=360, outputs=outputs)
    nnviz.xor_video(tmp_path / "a.mp4", **options)
    with pytest.raises(nnviz.UsageError, match="pass a new nnviz.Outputs"):
        nnviz.xor_video(tmp_path / "b.mp4", **options)
    with pytest.raises(nnviz.UsageError, match="pass a new nnviz.Outputs"):
        nnviz.xor_still(tmp_path / "s.png", **options)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.mp4"]
    with Outputs() as staged:  # staged and not committed: its temporary file goes at the end
        staged.write(tmp_path / "c.txt", b"x")
        staged.commit()
        staged.stage(tmp_path / "d.txt").write_bytes(b"y")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.mp4", "c.txt"]


@pytest.mark.parametrize("made, said", [
    (lambda folder: (folder / "loop").symlink_to("loop"),
     "the stills folder 'loop' is a loop of symbolic links"),
    (lambda folder: (folder / "loop").symlink_to("nowhere"),
     "the stills folder 'loop' is a symbolic link to 'nowhere', which does not exist"),
])
def test_a_stills_folder_that_is_a_broken_link_is_refused_before_any_work(tmp_path, capsys, monkeypatch,
                                                                            made, said):
    """A loop had ended in a traceback; a link to nothing had rendered everything, then
    failed with 'File exists'."""
    from command import refused_in_process

    made(tmp_path)
    line = refused_in_process(["xor", "--train-cycles", "100", "--cycles", "2", "--size", "640x360",
                               "--stills", "loop", "--out", "v.mp4"], tmp_path, capsys, monkeypatch)
    assert said in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["loop"]
