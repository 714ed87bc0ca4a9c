"""Decoding music: streamed in blocks, exact in length, bounded, files only, plain messages."""

import signal
import subprocess
import wave
from pathlib import Path

import numpy as np
import pytest
from command import assert_refused, run_cli
from media import FFMPEG

from nnviz import audio
from nnviz.audio import RATE, AudioError, OnsetStream, beats, load_track, onset_strength


def write_wav(path, samples):
    """16-bit mono at the decoding rate: ffmpeg hands back exactly these samples, / 32768."""
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(np.asarray(samples, dtype="<i2").tobytes())


def drums(seconds, beat=0.5, first=0.3):
    """Decaying low thumps on the beat over a quiet hum, as 16-bit samples."""
    t = np.arange(int(RATE * seconds)) / RATE
    sound = 0.05 * np.sin(2 * np.pi * 150 * t)
    n = int(0.25 * RATE)  # long enough to fade out: a cut-off thump would click
    thump = np.sin(2 * np.pi * (60 + 80 * np.exp(-t[:n] * 30)) * t[:n]) * np.exp(-t[:n] * 25)
    for hit in np.arange(first, seconds - 0.2, beat):
        i = int(hit * RATE)
        sound[i : i + n] += 0.8 * thump
    return np.round(np.clip(sound, -1, 1) * 32767).astype(np.int16)


def lavfi(path, *args):
    subprocess.run([FFMPEG, "-loglevel", "error", "-y", "-f", "lavfi", *args, str(path)], check=True)


@pytest.fixture
def spawned(monkeypatch):
    """The ffmpeg processes load_track starts, to see how they ended."""
    started = []

    def spawn(command, **popen):
        started.append(original(command, **popen))
        return started[-1]

    original = audio.spawn
    monkeypatch.setattr(audio, "spawn", spawn)
    return started


def fed_in_blocks(samples, sizes):
    """The onset strength of ``samples`` fed to an OnsetStream in blocks of the given sizes, in turn."""
    stream, start, turn = OnsetStream(), 0, 0
    while start < len(samples):
        size = sizes[turn % len(sizes)]
        stream.feed(samples[start : start + size])
        start, turn = start + size, turn + 1
    return stream.finish(), turn


def test_onset_strength_fed_in_odd_blocks_is_that_of_the_whole_track():
    rng = np.random.default_rng(4)
    samples = (drums(6.0) / 32768 + 0.05 * rng.standard_normal(int(RATE * 6.0))).astype(np.float32)
    whole = onset_strength(samples)
    assert len(whole) == (len(samples) - audio.WINDOW) // audio.HOP + 1
    # Blocks shorter than a hop, than a window, and straddling both at every offset.
    for sizes, at_least in (([1, 3, 127, 129, 511, 513, 1000], 400), ([4099], 30), ([len(samples)], 1)):
        streamed, blocks = fed_in_blocks(samples, sizes)
        assert blocks >= at_least
        assert len(streamed) == len(whole)
        np.testing.assert_allclose(streamed, whole, rtol=1e-6, atol=1e-9)
    for short in (0, 100, 511, 512, 513):  # under one window: padded with silence to one
        np.testing.assert_allclose(fed_in_blocks(samples[:short], [7])[0], onset_strength(samples[:short]))


def test_decoding_in_small_blocks_counts_every_sample_and_streams_the_onsets(tmp_path, monkeypatch):
    sound = drums(8.0)
    sound = np.concatenate([sound, sound[:1234]])  # not a whole number of anything
    write_wav(tmp_path / "drums.wav", sound)
    whole = onset_strength((sound / 32768).astype(np.float32))
    default = load_track(tmp_path / "drums.wav")
    monkeypatch.setattr(audio, "BLOCK_BYTES", 4 * 1009)  # 175 blocks, none on a hop boundary
    small = load_track(tmp_path / "drums.wav")
    for track in (default, small):
        assert track.samples_decoded == len(sound)
        assert track.duration == len(sound) / RATE
        np.testing.assert_allclose(track.envelope, whole, rtol=1e-6, atol=1e-9)
    found = beats(small).times
    assert found.tolist() == beats(default).times.tolist()
    hits = np.arange(0.3, 7.8, 0.5)
    assert len(found) >= len(hits) - 1
    assert np.abs(found[:, None] - hits[None, :]).min(axis=1).max() < 0.010


def test_without_onsets_only_the_length_is_decoded(tmp_path):
    write_wav(tmp_path / "drums.wav", drums(3.0))
    track = load_track(tmp_path / "drums.wav", onsets=False)
    assert track.envelope is None
    assert track.samples_decoded == int(RATE * 3.0)
    with pytest.raises(ValueError, match="onsets=True"):
        beats(track)


def test_a_track_over_the_limit_is_refused_and_ffmpeg_stopped(tmp_path, monkeypatch, spawned):
    assert audio.MAX_TRACK_SECONDS == 2 * 60 * 60 and audio._spoken(audio.MAX_TRACK_SECONDS) == "2 hours"
    monkeypatch.setattr(audio, "MAX_TRACK_SECONDS", 3)
    write_wav(tmp_path / "exactly.wav", drums(3.0))
    assert load_track(tmp_path / "exactly.wav").samples_decoded == 3 * RATE  # not more than 3 s
    lavfi(tmp_path / "long.wav", "-i", f"sine=f=220:d=60:sample_rate={RATE}")
    with pytest.raises(AudioError) as refused:
        load_track(tmp_path / "long.wav")
    assert str(refused.value) == (
        f"the music {str(tmp_path / 'long.wav')!r} is longer than 3 seconds, the longest track nnviz "
        "takes; cut it shorter"
    )
    # Stopped after the first block, with most of the minute still to decode: killed, and waited for.
    assert spawned[-1].returncode == -signal.SIGKILL


def test_interrupted_decoding_kills_and_waits_for_ffmpeg(tmp_path, monkeypatch, spawned):
    lavfi(tmp_path / "long.wav", "-i", f"sine=f=220:d=60:sample_rate={RATE}")

    def interrupted(self, samples):
        raise KeyboardInterrupt

    monkeypatch.setattr(OnsetStream, "feed", interrupted)
    with pytest.raises(KeyboardInterrupt):
        load_track(tmp_path / "long.wav")
    (process,) = spawned
    assert process.returncode == -signal.SIGKILL
    assert process.stdout.closed


@pytest.mark.parametrize("name", ["a:b.wav", "-", "concat:x.wav", "file:y.wav", "pipe:0"])
def test_odd_file_names_decode_as_the_files_they_are(tmp_path, monkeypatch, spawned, name):
    monkeypatch.chdir(tmp_path)
    write_wav(tmp_path / "x.wav", drums(1.0))  # what concat:x.wav would be as a protocol
    write_wav(tmp_path / "y.wav", drums(1.5))
    write_wav(tmp_path / name, drums(2.0)[:-7])
    track = load_track(Path(name), onsets=False)
    assert track.samples_decoded == 2 * RATE - 7
    command = spawned[-1].args
    at = command.index("-i")
    assert command[at - 2 : at + 2] == ["-protocol_whitelist", "file", "-i", f"file:{tmp_path / name}"]


@pytest.fixture(scope="module")
def not_music(tmp_path_factory):
    folder = tmp_path_factory.mktemp("not-music")
    lavfi(folder / "picture.png", "-i", "color=c=red:s=32x32", "-frames:v", "1")
    lavfi(folder / "silent.mp4", "-i", "testsrc=d=1:s=64x48", "-pix_fmt", "yuv420p")
    (folder / "notes.txt").write_text("not a song\n")
    write_wav(folder / "nothing.wav", np.zeros(0))
    return folder


SAID = {
    "picture.png": "has no audio stream",
    "silent.mp4": "has no audio stream",
    "notes.txt": "is not audio ffmpeg can read",
    "nothing.wav": "holds no sound",
}


@pytest.mark.parametrize("name", SAID)
def test_what_is_not_music_is_said_in_the_users_terms(not_music, name):
    with pytest.raises(AudioError) as refused:
        load_track(not_music / name)
    message = str(refused.value)
    assert message.startswith(f"the music {str(not_music / name)!r} {SAID[name]}")
    assert "\n" not in message and "Invalid argument" not in message and "file:" not in message


def test_a_picture_as_music_is_refused_in_one_line(tmp_path, not_music):
    result = run_cli(["xor", "--out", "learn.mp4", "--music", str(not_music / "picture.png"), "--quiet"],
                     tmp_path)
    assert_refused(result)
    assert "has no audio stream" in result.stderr
    assert not (tmp_path / "learn.mp4").exists()


def test_only_video_py_uses_imageio_ffmpeg():
    package = Path(audio.__file__).parent
    users = sorted(p.name for p in package.rglob("*.py") if "imageio_ffmpeg" in p.read_text())
    assert users == ["video.py"]
