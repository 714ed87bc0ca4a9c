"""Videos timed to a track (or a duration): exact length, the track inside, shots on beats."""

import hashlib
import json
import subprocess
import wave

import numpy as np
import pytest
from command import assert_refused, refused_in_process, run_cli
from media import FFMPEG, decode, packet_times, stream_line

from nnviz.audio import load_track
from nnviz.cli import main
from nnviz.pacing import cycles_for, fit_holds, snap_to_beats, weights

FPS = 30
SMALL = ["--size", "640x360", "--fps", str(FPS), "--train-cycles", "200", "--quiet"]
RATE = 44_100
BPM = 120
FIRST_CLICK = 0.25


def write_wav(path, samples, rate=RATE):
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())


def click_times(seconds):
    return np.arange(FIRST_CLICK, seconds - 0.05, 60 / BPM)


def click_track(seconds):
    """Short 2 kHz clicks at BPM over a quiet 220 Hz tone."""
    t = np.arange(int(RATE * seconds)) / RATE
    sound = 0.1 * np.sin(2 * np.pi * 220 * t)
    n = int(0.02 * RATE)
    for click in click_times(seconds):
        i = int(click * RATE)
        sound[i : i + n] += 0.8 * np.sin(2 * np.pi * 2000 * t[:n]) * np.exp(-t[:n] * 200)
    return sound


@pytest.fixture(scope="module")
def tracks(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tracks")
    write_wav(folder / "clicks.wav", click_track(7.3))
    t = np.arange(int(RATE * 6.0)) / RATE
    write_wav(folder / "tone.wav", 0.3 * np.sin(2 * np.pi * 330 * t))
    # A VBR MP3 without the Xing header that says how long it is.
    subprocess.run([FFMPEG, "-loglevel", "error", "-y", "-i", str(folder / "clicks.wav"),
                    "-c:a", "libmp3lame", "-q:a", "4", "-write_xing", "0",
                    str(folder / "vbr-no-header.mp3")], check=True)
    subprocess.run([FFMPEG, "-loglevel", "error", "-y", "-i", str(folder / "clicks.wav"),
                    "-c:a", "libmp3lame", "-q:a", "4", str(folder / "vbr.mp3")], check=True)
    return folder


def audio_seconds(path):
    """Length of the audio stream of ``path``, from its decoded samples."""
    raw = subprocess.run([FFMPEG, "-loglevel", "error", "-i", str(path), "-map", "0:a:0",
                          "-ac", "1", "-ar", str(RATE), "-f", "s16le", "-"],
                         capture_output=True, check=True).stdout
    return len(raw) / 2 / RATE


def header_seconds(path):
    said = subprocess.run([FFMPEG, "-hide_banner", "-i", str(path)], capture_output=True, text=True).stderr
    h, m, s = said.split("Duration: ")[1].split(",")[0].split(":")
    return int(h) * 3600 + int(m) * 60 + float(s)


@pytest.mark.parametrize("name", ["clicks.wav", "vbr.mp3", "vbr-no-header.mp3"])
def test_video_lasts_exactly_as_long_as_the_decoded_track_and_carries_it(tmp_path, tracks, name):
    track = tracks / name
    length = load_track(track).duration
    out = tmp_path / "music.mp4"
    assert main(["xor", "--out", str(out), "--music", str(track), *SMALL]) == 0
    _, video_end = packet_times(out)
    assert abs(video_end - length) <= 1 / FPS
    assert "aac" in stream_line(out, "Audio:")
    assert abs(audio_seconds(out) - video_end) <= 1 / FPS + 1024 / RATE  # one AAC frame
    assert len(decode(out, fps=FPS)) == round(length * FPS)


def test_the_header_of_a_vbr_mp3_without_xing_is_not_trusted(tracks):
    track = tracks / "vbr-no-header.mp3"
    assert abs(header_seconds(track) - load_track(track).duration) > 0.2  # the header is off


def test_duration_without_music(tmp_path):
    out = tmp_path / "timed.mp4"
    assert main(["xor", "--out", str(out), "--duration", "4.5", *SMALL]) == 0
    _, end = packet_times(out)
    assert end == pytest.approx(4.5, abs=1e-9)
    assert "Audio:" not in subprocess.run([FFMPEG, "-hide_banner", "-i", str(out)],
                                          capture_output=True, text=True).stderr


def test_shot_changes_land_on_the_clicks(tmp_path, tracks, capsys):
    out = tmp_path / "beats.mp4"
    assert main(["xor", "--out", str(out), "--music", str(tracks / "clicks.wav"), "--beats",
                 *SMALL[:-1]]) == 0
    assert "on the beats" in capsys.readouterr().out
    starts, _ = packet_times(out)
    changes = np.array(starts[1:10])  # 10 shots: before, 7 examples, after, new situation
    clicks = click_times(7.3)
    nearest = np.abs(changes[:, None] - clicks[None, :]).min(axis=1)
    assert nearest.max() <= 1 / FPS, nearest
    # and the pictures really change there
    frames = decode(out, fps=FPS).astype(int)
    for change in np.round(changes * FPS).astype(int):
        assert np.abs(frames[change] - frames[change - 1]).max() > 60


def test_more_changes_than_beats_cut_on_the_half_beats_too(tmp_path, tracks, capsys):
    """A track of 14 beats under 19 changes of shot had made the whole video evenly paced, off
    the music: the changes go on the beats and the half-beats between them (eighth notes),
    each change on its own frame, the beats taken before the half-beats."""
    import json

    out, summary = tmp_path / "halves.mp4", tmp_path / "s.json"
    assert main(["circles", "--samples", "60", "--epochs", "20", "--shown", "16", "--out", str(out),
                 "--music", str(tracks / "clicks.wav"), "--beats", "--json", str(summary),
                 "--size", "640x360", "--fps", str(FPS)]) == 0
    said = capsys.readouterr().out
    clicks = click_times(7.3)
    assert len(clicks) < 19 and "changes of shot on the beats and half-beats of the track clicks.wav" in said
    cut = np.array(json.loads(summary.read_text())["beats"]["shot_change_beats_s"])
    halves = (clicks[:-1] + clicks[1:]) / 2
    starts, _ = packet_times(out)
    changes = np.array(starts[1:1 + len(cut)])  # (the last packet repeats the closing picture)
    assert len(cut) >= 19
    grid = np.concatenate([clicks, halves])
    assert np.abs(changes[:, None] - grid[None, :]).min(axis=1).max() <= 1 / FPS
    on_beats = np.abs(cut[:, None] - clicks[None, :]).min(axis=1) < 0.01
    on_halves = np.abs(cut[:, None] - halves[None, :]).min(axis=1) < 0.01
    assert (on_beats | on_halves).all() and on_halves.any()
    assert on_beats.sum() > on_halves.sum()  # a half-beat costs more: the beats are taken first


def test_at_a_low_frame_rate_the_cuts_are_said_to_follow_the_beats(tmp_path, tracks, capsys):
    """At 2 fps a cut comes up to half a second after its beat: "on the beats" had been said."""
    out = tmp_path / "slow.mp4"
    assert main(["xor", "--out", str(out), "--music", str(tracks / "clicks.wav"), "--beats", "--fps", "2",
                 "--size", "640x360", "--quality", "draft"]) == 0
    said = capsys.readouterr().out
    assert "changes of shot on the first frames at or after the beats of the track clicks.wav" in said
    assert "up to 0.5 s after them at 2 fps" in said
    starts, _ = packet_times(out)
    late = np.array([min(c - b for b in click_times(7.3) if b <= c + 1e-6) for c in starts[1:]])
    assert late.max() < 0.5 and late.min() >= 0


def test_a_note_that_starts_with_a_file_name_keeps_its_case(capsys):
    """"trunc.mp3 (128 BPM) has 8 beats…" had been printed "Trunc.mp3 …", a file that on a
    case-sensitive disk does not exist."""
    from nnviz.cli import _say_notes

    _say_notes(["trunc.mp3 has 8 beats", "the track a.wav has 8 beats", "2 changes of shot",
                "mini-batch 938 was recorded", "dropout=0.5, but", "/tmp/x.csv has"])
    assert capsys.readouterr().out.splitlines() == [
        "trunc.mp3 has 8 beats.", "The track a.wav has 8 beats.", "2 changes of shot.",
        "Mini-batch 938 was recorded.", "Dropout=0.5, but.", "/tmp/x.csv has."]


def test_a_track_without_a_clear_beat_is_said_and_evenly_paced(tmp_path, tracks, capsys):
    out = tmp_path / "tone.mp4"
    assert main(["xor", "--out", str(out), "--music", str(tracks / "tone.wav"), "--beats",
                 *SMALL[:-1]]) == 0
    assert "no clear beat" in capsys.readouterr().out.lower()
    starts, end = packet_times(out)
    assert end == pytest.approx(6.0, abs=1 / FPS)


def test_same_track_and_options_give_identical_frames(tmp_path, tracks):
    digests = []
    for name in ("one.mp4", "two.mp4"):
        out = tmp_path / name
        assert main(["xor", "--out", str(out), "--music", str(tracks / "clicks.wav"), "--beats",
                     "--seed", "3", *SMALL]) == 0
        digests.append(hashlib.sha256(decode(out).tobytes()).hexdigest())
    assert digests[0] == digests[1]


def test_holds_fill_the_time_with_a_slower_beginning():
    holds = fit_holds(2820, 91)
    assert sum(holds) == 2820 and len(holds) == 94 and min(holds) >= 1
    training = holds[1:-2]
    assert training[0] >= 1.9 * training[-1]  # the beginning lasts about twice as long
    assert all(a >= b for a, b in zip(training, training[1:]))
    assert holds[0] == holds[-1] == holds[-2] > training[0]  # time to read the bookends
    assert fit_holds(10, 7) == [1] * 10
    assert cycles_for(94, 30, 7, 60_000) == 13  # the original: 13 cycles in 94 s
    # A short video shows the first cycle and the last where their shots average 0.5 s or more.
    assert [cycles_for(d, 30, 7, 60_000) for d in (8, 10, 15, 17, 30)] == [1, 2, 2, 2, 3]
    assert np.all(weights(5) > 0)


def test_too_short_a_video_is_said_in_the_run_s_own_words():
    """"one cycle of 1 examples" had been said of a run shown an epoch a shot."""
    from nnviz.pacing import PacingError

    said = "the 4 shots before and after training and one shot of training need 5 frames, and it has 3 at 30"
    with pytest.raises(PacingError, match=said):
        cycles_for(0.1, 30, 1, 40, opening=2, closing=2)
    with pytest.raises(PacingError, match="and one cycle of 7 examples need 10 frames"):
        cycles_for(0.1, 30, 7, 60_000)


def test_snapping_puts_every_change_on_a_beat_and_keeps_the_total():
    holds = fit_holds(300, 14)
    beats = list(range(7, 300, 13))
    snapped = snap_to_beats(holds, beats)
    assert sum(snapped) == 300 and min(snapped) >= 1
    assert set(np.cumsum(snapped)[:-1]) <= set(beats)
    assert snap_to_beats(holds, beats[:5]) is None  # too few beats


BAD = {
    "missing music": ["--music", "nowhere.mp3"],
    "music is a folder": ["--music", "."],
    "empty music file": ["--music", "empty.mp3"],
    "not audio": ["--music", "notes.txt"],
    "silent wav with no samples": ["--music", "nothing.wav"],
    "track too short": ["--music", "blip.wav"],
    "zero duration": ["--duration", "0"],
    "negative duration": ["--duration", "-5"],
    "beats without music": ["--beats"],
    "seconds per frame with music": ["--music", "song.wav", "--seconds-per-shot", "1"],
    "seconds per frame with duration": ["--duration", "10", "--seconds-per-shot", "1"],
    "duration longer than the music": ["--music", "song.wav", "--duration", "10"],
    "duration longer than the music from its start": ["--music", "song.wav", "--music-start", "1",
                                                      "--duration", "2.5"],
    "music start without music": ["--music-start", "3"],
    "music start past the end": ["--music", "song.wav", "--music-start", "5"],
    "negative music start": ["--music", "song.wav", "--music-start", "-1"],
    "too many cycles for the duration": ["--duration", "1", "--cycles", "13"],
    "float samples of 1e30": ["--music", "loud.wav"],
    "float samples of NaN": ["--music", "nan.wav"],
}


def write_float_wav(path, samples, rate=RATE):
    """A 32-bit float WAV (format 3), which may hold values no sound has."""
    import struct

    data = np.asarray(samples, dtype="<f4").tobytes()
    fmt = struct.pack("<HHIIHH", 3, 1, rate, rate * 4, 4, 32)  # float, mono, 32 bits
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt
    body += b"data" + struct.pack("<I", len(data)) + data
    path.write_bytes(b"RIFF" + struct.pack("<I", len(body)) + body)


@pytest.mark.parametrize("args", BAD.values(), ids=BAD.keys())
def test_bad_music_input_is_one_line_exit_2_and_writes_nothing(tmp_path, args):
    (tmp_path / "learn.mp4").write_bytes(b"precious")
    (tmp_path / "empty.mp3").write_bytes(b"")
    (tmp_path / "notes.txt").write_text("not a song\n")
    write_wav(tmp_path / "nothing.wav", np.zeros(0))
    write_wav(tmp_path / "blip.wav", np.zeros(int(0.2 * RATE)))
    write_wav(tmp_path / "song.wav", np.zeros(RATE * 3))
    tone = np.sin(np.arange(RATE * 3) / RATE * 2 * np.pi * 440)
    write_float_wav(tmp_path / "loud.wav", np.where(np.arange(len(tone)) > RATE, 1e30 * tone, tone))
    write_float_wav(tmp_path / "nan.wav", np.where(np.arange(len(tone)) == RATE * 2, np.nan, tone))
    before = sorted(p.name for p in tmp_path.iterdir())
    result = run_cli(["xor", "--out", "learn.mp4", *args, "--quiet"], tmp_path)
    assert_refused(result)
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert (tmp_path / "learn.mp4").read_bytes() == b"precious"


def _network_jumps(path):
    """Mean change of the network's half of the picture between consecutive frames."""
    frames = decode(path, fps=FPS).astype(np.int16)[:, :, : int(320 * 0.58)]
    return np.abs(np.diff(frames, axis=0)).mean(axis=(1, 2, 3))


def test_smooth_motion_changes_gradually_and_keeps_the_length(tmp_path, tracks):
    music = ["--music", str(tracks / "clicks.wav"), "--cycles", "2"]
    slideshow, smooth = tmp_path / "slideshow.mp4", tmp_path / "smooth.mp4"
    assert main(["xor", "--out", str(slideshow), *music, *SMALL]) == 0
    assert main(["xor", "--out", str(smooth), *music, "--smooth", *SMALL]) == 0
    for out in (slideshow, smooth):
        _, end = packet_times(out)
        assert abs(end - load_track(tracks / "clicks.wav").duration) <= 1 / FPS
    jumps, steps = _network_jumps(slideshow), _network_jumps(smooth)
    assert (steps > 0.05).sum() > 3 * (jumps > 0.05).sum()  # many small changes...
    assert steps.max() < 0.4 * jumps.max()  # ...instead of a few big ones


def drum_track(seconds, beat=0.6, first=0.4):
    """Kicks on the beat, a noisy snare on every other one, over a slow bass line."""
    rng = np.random.default_rng(5)
    t = np.arange(int(RATE * seconds)) / RATE
    sound = 0.15 * np.sin(2 * np.pi * 110 * t) * (0.6 + 0.4 * np.sin(2 * np.pi * 0.25 * t))
    n = int(0.12 * RATE)
    kick = np.sin(2 * np.pi * (60 + 80 * np.exp(-t[:n] * 30)) * t[:n]) * np.exp(-t[:n] * 25)
    hits = np.arange(first, seconds - 0.2, beat)
    for k, hit in enumerate(hits):
        i = int(hit * RATE)
        sound[i : i + n] += 0.9 * kick
        if k % 2:
            sound[i : i + n] += 0.3 * rng.standard_normal(n) * np.exp(-t[:n] * 40)
    return sound, hits


def test_beats_of_a_drum_track_and_none_in_noise_or_a_steady_tone(tmp_path):
    from nnviz.audio import beats

    sound, hits = drum_track(20.0)
    write_wav(tmp_path / "drums.wav", sound)
    found = beats(load_track(tmp_path / "drums.wav")).times
    assert len(found) >= 0.9 * len(hits)
    assert np.abs(found[:, None] - hits[None, :]).min(axis=1).max() < 0.010
    rng = np.random.default_rng(0)
    write_wav(tmp_path / "noise.wav", 0.3 * rng.standard_normal(RATE * 8))
    t = np.arange(RATE * 8) / RATE
    write_wav(tmp_path / "tone.wav", 0.2 * np.sin(2 * np.pi * 220 * t))
    assert beats(load_track(tmp_path / "noise.wav")) is None
    assert beats(load_track(tmp_path / "tone.wav")) is None


def test_float_music_up_to_its_documented_loudest_is_taken_at_any_rate(tmp_path):
    """±1000 at 8 kHz reads a little beyond after resampling (1000.13): not refused."""
    from nnviz.audio import LOUDEST_SAMPLE

    seconds = np.arange(8000 * 3) / 8000
    tone = np.sin(2 * np.pi * 220 * seconds)
    write_float_wav(tmp_path / "loud.wav", tone * LOUDEST_SAMPLE / np.abs(tone).max(), rate=8000)
    track = load_track(tmp_path / "loud.wav", onsets=False)
    assert track.duration == pytest.approx(3.0, abs=0.01)


def test_a_page_and_a_notebook_play_a_music_video_with_its_sound(tmp_path, tracks):
    """--html had marked every video muted: pressing play on a music video played it silent.
    A video without music stays muted (a browser may then play it by itself)."""
    import re

    import nnviz

    pages = {}
    for name, music in (("song", ["--music", str(tracks / "tone.wav")]), ("silent", [])):
        video, page = tmp_path / f"{name}.mp4", tmp_path / f"{name}.html"
        assert main(["xor", "--out", str(video), *SMALL, "--cycles", "1", *music, "--html", str(page)]) == 0
        pages[name] = re.search(r"<video[^>]*>", page.read_text()).group(0)
    assert "muted" not in pages["song"] and "controls" in pages["song"]
    assert "muted" in pages["silent"]
    song = nnviz.xor_video(tmp_path / "inline.mp4", music=tracks / "tone.wav", train_cycles=200, cycles=1,
                           width=640, height=360)
    assert "<video" in song._repr_html_() and "muted" not in song._repr_html_()


def test_a_short_video_shows_the_network_learning(tmp_path):
    """A 15 s video (a phone's short) had shown one cycle, the trained network's: before
    training, then all of it right. It shows the first cycle and the last."""
    summary = tmp_path / "s.json"
    assert main(["xor", "--out", str(tmp_path / "short.mp4"), "--duration", "15", "--size", "640x360",
                 "--train-cycles", "200", "--quiet", "--json", str(summary)]) == 0
    said = json.loads(summary.read_text())
    assert said["shown_cycles"] == [1, 200] and said["duration_s"] == pytest.approx(15, abs=0.02)


def test_a_track_cut_from_a_start_to_a_duration_is_the_videos_music(tmp_path, tracks):
    """A video maker's short from the middle of a track: --music-start S --duration D gives a
    D-second video whose sound is the track from S (its clicks where they are in the track,
    less S), fading out over the last second; the track itself is untouched."""
    out, summary = tmp_path / "cut.mp4", tmp_path / "cut.json"
    track = tracks / "clicks.wav"
    before = track.read_bytes()
    assert main(["xor", "--out", str(out), *SMALL, "--music", str(track), "--music-start", "1.6",
                 "--duration", "4", "--json", str(summary)]) == 0
    said = json.loads(summary.read_text())
    assert said["duration_s"] == pytest.approx(4.0, abs=0.5 / FPS)
    assert audio_seconds(out) == pytest.approx(4.0, abs=0.03)
    raw = subprocess.run([FFMPEG, "-loglevel", "error", "-i", str(out), "-map", "0:a:0", "-ac", "1", "-ar",
                          str(RATE), "-f", "s16le", "-"], capture_output=True, check=True).stdout
    sound = np.frombuffer(raw, dtype="<i2").astype(float) / 32768
    expected = click_times(7.3) - 1.6
    expected = expected[(expected > 0.05) & (expected < 2.9)]  # before the fade
    found = _click_onsets(sound)
    for t in expected:
        assert np.min(np.abs(found - t)) < 0.01, (t, found)
    # The fade: the last 0.2 s is far quieter than a second before the end.
    late = np.abs(sound[int(3.8 * RATE):]).max()
    earlier = np.abs(sound[int(2.5 * RATE):int(3.0 * RATE)]).max()
    assert late < 0.25 * earlier
    assert track.read_bytes() == before


def _click_onsets(sound):
    """Where the 2 kHz clicks start: the loud samples after a quiet stretch."""
    loud = np.flatnonzero(np.abs(sound) > 0.4)
    starts = loud[np.concatenate([[True], np.diff(loud) > int(0.1 * RATE)])]
    return starts / RATE


def test_beats_are_found_in_the_part_of_the_track_the_video_carries(tmp_path, tracks):
    summary = tmp_path / "cut.json"
    assert main(["xor", "--out", str(tmp_path / "cut.mp4"), *SMALL, "--music", str(tracks / "clicks.wav"),
                 "--music-start", "1.6", "--duration", "5", "--beats", "--cycles", "1",
                 "--json", str(summary)]) == 0
    changes = np.array(json.loads(summary.read_text())["beats"]["shot_change_beats_s"])
    assert len(changes) >= 3
    # The clicks fall every 0.5 s from 0.25 s into the track: 0.15 s past each half second of the cut.
    offsets = (changes - 0.15) % (60 / BPM)
    assert np.all(np.minimum(offsets, 60 / BPM - offsets) < 0.02), changes


def test_a_track_that_starts_late_in_its_container_starts_with_the_video(tmp_path, tracks):
    """A stream whose first sample is 2 s into its file had kept those 2 s of silence in the
    video, its clicks 2 s late, and lost its last 2 s to the cut."""
    late = tmp_path / "late.mkv"  # a clip: pictures from 0 s, its sound from 2 s
    subprocess.run([FFMPEG, "-loglevel", "error", "-y", "-f", "lavfi", "-i", "color=c=black:s=64x64:r=5:d=10",
                    "-itsoffset", "2", "-i", str(tracks / "clicks.wav"), "-c:v", "ffv1", "-c:a", "flac",
                    str(late)], check=True)
    out = tmp_path / "late.mp4"
    assert main(["xor", "--out", str(out), *SMALL, "--music", str(late)]) == 0
    raw = subprocess.run([FFMPEG, "-loglevel", "error", "-i", str(out), "-map", "0:a:0", "-ac", "1", "-ar",
                          str(RATE), "-f", "s16le", "-"], capture_output=True, check=True).stdout
    found = _click_onsets(np.frombuffer(raw, dtype="<i2").astype(float) / 32768)
    assert abs(found[0] - FIRST_CLICK) < 0.01 and len(found) == len(click_times(7.3))


def test_too_short_a_duration_for_one_cycle_says_to_make_it_longer(tmp_path, capsys, monkeypatch):
    line = refused_in_process(["xor", "--out", "x.mp4", "--duration", "0.2", "--cycles", "1"], tmp_path,
                              capsys, monkeypatch)
    assert "0.2 s is too short" in line and "make it longer" in line and "fewer" not in line
