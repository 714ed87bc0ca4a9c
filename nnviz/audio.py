"""Music: a track's exact length and its beats, from PCM streamed out of the bundled ffmpeg.

A container's header can be far off (a VBR MP3 without a Xing header may claim 11.8 s for a
7.3 s file), so the length is the number of decoded samples over the sample rate. The PCM is
read a block at a time and never kept: each block adds to the sample count and, when beats
are wanted, to the onset strength (the rise of the sound's level in 40 bands even in pitch,
and below 150 Hz), which is all beat finding needs. Memory is one block plus the onset
strength (two values per 5.8 ms, 10 MB an hour), and a track longer than MAX_TRACK_SECONDS
is refused as soon as that much has been decoded. The beats themselves are found by
beats.py, from the onset strength alone.

Only files reach ffmpeg: the path is given as ``file:`` plus the absolute path with the file
protocol alone allowed, so ``-``, ``a:b.wav`` or ``concat:x.wav`` are the files so named.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import numpy as np

from .beats import BeatGrid, find_beats
from .video import FILES_ONLY, ffmpeg_exe, ffmpeg_path, music_part, spawn

RATE = 22_050  # decoded sample rate: plenty for timing, and half the samples of 44.1 kHz to analyse
HOP = 128  # onset envelope step: 5.8 ms, well under a video frame
WINDOW = 512
CHUNK = 4096  # analysis windows (or envelope steps) handled at once
BANDS = 40  # the spectrum of a window is pooled into this many bands, even in pitch
LOW_HZ = 150.0  # kick drums and bass notes: the low-frequency onsets that mark a bar's strong beats
GAIN = 1.0  # band power (full-scale sine: 16,384) to level: log1p(GAIN * power)
ALL, LOW = 0, 1  # the columns of the onset strength
RISE_S = 0.0095  # from a sound's start to the end of the window whose rise peaks most (clicks, kicks: 9 ms)
BLOCK_BYTES = 1 << 20  # PCM read from ffmpeg at a time: 262,144 samples, 11.9 s
SAMPLE_BYTES = 4  # float32
# Two hours is longer than any song or mix a training video is cut to. Without a limit a
# mistaken input (a day-long recording) would decode for minutes before anything is said,
# and the onset strength and the beats, though linear in the track, would grow with it.
MAX_TRACK_SECONDS = 2 * 60 * 60
LOUDEST_SAMPLE = 1000.0  # full scale is 1: a float track 60 dB beyond it is not sound
# Read after resampling to RATE, which overshoots a little (a 1000 sine at 8 kHz reads
# 1000.13): a track within ±LOUDEST_SAMPLE is never refused for it.
RESAMPLING_ROOM = 1.2


class AudioError(ValueError):
    """The file is not audio ffmpeg can decode, holds no sound, or is too long."""


@dataclass(frozen=True)
class Track:
    path: Path
    rate: int
    samples_decoded: int  # mono samples at ``rate``
    # Onset strength per HOP samples (see onset_strength), or None if it was not asked for.
    envelope: np.ndarray | None = field(default=None, compare=False, repr=False)

    @property
    def duration(self) -> float:
        return self.samples_decoded / self.rate


def load_track(path: Path, onsets: bool = True, start: float = 0.0, length: float | None = None) -> Track:
    """Decode ``path`` to mono PCM a block at a time, counting its samples and, if ``onsets``,
    computing its onset strength as the blocks arrive (beats() needs it). Only the part from
    ``start`` seconds, ``length`` seconds long at most (None: to the end), is the track.

    Raises AudioError if it cannot be decoded, holds no sound, or is longer than
    MAX_TRACK_SECONDS (decoding stops there).
    """
    path = Path(path)
    stream = OnsetStream() if onsets else None
    with tempfile.TemporaryFile() as said:  # a file, not a pipe: ffmpeg never blocks on what it says
        command = _decode_command(path, start, length)
        process = spawn(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=said)
        try:
            decoded = _read_samples(process.stdout, path, None if stream is None else stream.feed)
        except BaseException:
            # Too long, or interrupted: ffmpeg runs in a session of its own, so Ctrl-C did not
            # reach it, and it would go on decoding into a pipe nobody reads.
            process.kill()
            raise
        finally:
            process.wait()
            process.stdout.close()
        if process.returncode != 0:
            said.seek(0)
            raise AudioError(_failure(path, said.read().decode(errors="replace")))
    if decoded == 0:
        if start:
            raise AudioError(f"the music {str(path)!r} holds no sound from {start:g} s on (it is shorter); "
                             "start it earlier")
        raise AudioError(f"the music {str(path)!r} holds no sound (0 samples decoded)")
    return Track(path, RATE, decoded, None if stream is None else stream.finish())


def _decode_command(path: Path, start: float = 0.0, length: float | None = None) -> list[str]:
    # Seeking before the input decodes from the start point exactly (ffmpeg's accurate seek),
    # as the video's own muxing of the track does (video.py).
    part = [*music_part(start), *([] if length is None else ["-t", f"{length:.6f}"])]
    return [
        ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-nostdin",
        *FILES_ONLY, *part, "-i", ffmpeg_path(path),
        "-map", "0:a:0", "-vn", "-ac", "1", "-ar", str(RATE), "-f", "f32le", "pipe:1",
    ]


def _read_samples(pcm: BinaryIO, path: Path, consume: Callable[[np.ndarray], None] | None) -> int:
    """Read float32 PCM from ``pcm`` to its end, a block at a time, handing each block to
    ``consume``; return the number of samples. Raises AudioError once more than
    MAX_TRACK_SECONDS have been read."""
    limit = MAX_TRACK_SECONDS * RATE
    block = np.empty(BLOCK_BYTES // SAMPLE_BYTES, dtype=np.float32)
    space = memoryview(block).cast("B")
    decoded = 0
    # readinto fills the whole block unless the stream ends, so a block never splits a sample.
    while size := pcm.readinto(space):
        count = size // SAMPLE_BYTES
        decoded += count
        if decoded > limit:
            raise AudioError(
                f"the music {str(path)!r} is longer than {_spoken(MAX_TRACK_SECONDS)}, "
                "the longest track nnviz takes; cut it shorter"
            )
        samples = block[:count]
        loudest = np.abs(samples).max(initial=0.0)  # NaN if any is
        if not loudest <= LOUDEST_SAMPLE * RESAMPLING_ROOM:
            # A float track out of any range (NaN, 1e30): the AAC encoder fails on it later,
            # after the whole video is drawn.
            raise AudioError(f"the music {str(path)!r} holds samples that are not sound (NaN, infinity or "
                             f"beyond ±{LOUDEST_SAMPLE:g}); export it again as ordinary audio")
        if consume is not None:
            consume(samples)
    return decoded


def _spoken(seconds: int) -> str:
    """A length as a person says it: '2 hours', '90 minutes', '5 seconds'."""
    for unit, size in (("hour", 3600), ("minute", 60)):
        if seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return f"{seconds} second{'s' if seconds != 1 else ''}"


def _failure(path: Path, said: str) -> str:
    """What went wrong, in the user's terms rather than ffmpeg's (a picture or a silent video
    makes it say 'matches no streams' and then 'Invalid argument')."""
    name = str(path)
    if "matches no streams" in said:
        return f"the music {name!r} has no audio stream"
    if "Invalid data found when processing input" in said:
        return f"the music {name!r} is not audio ffmpeg can read"
    lines = said.strip().splitlines()
    if not lines:
        return f"cannot decode the music {name!r}"
    reason = re.sub(r"^\[[^\]]*\] ", "", lines[-1]).replace(ffmpeg_path(path), name)
    return f"cannot decode the music {name!r}: {reason}"


def onset_strength(samples: np.ndarray) -> np.ndarray:
    """How sharply the sound rises at each step of HOP samples in a whole track: a row per
    step, its columns the rise over all frequencies (ALL) and below LOW_HZ (LOW, where kick
    drums and bass notes are). Step i compares analysis window i with window i - 1 (step 0
    is 0).

    The reference for OnsetStream, which gives the same values from a track in blocks.
    """
    x = np.asarray(samples, dtype=np.float32)
    if len(x) < WINDOW:
        x = np.pad(x, (0, WINDOW - len(x)))
    frames = np.lib.stride_tricks.sliding_window_view(x, WINDOW)[::HOP]
    return _flux(frames, None, _bands(RATE))[0]


class OnsetStream:
    """The onset strength of a track whose samples arrive in blocks of any size: the same
    values onset_strength gives for the whole track.

    Between blocks it keeps the samples of the analysis window not yet complete (under
    WINDOW) and the last window's band levels, which the next window's rise is measured from.
    """

    def __init__(self) -> None:
        self._pending = np.zeros(0, dtype=np.float32)  # from the start of the next window on
        self._last: np.ndarray | None = None  # band levels of the latest window
        self._bands = _bands(RATE)
        self._flux: list[np.ndarray] = []
        self._seen = 0

    def feed(self, samples: np.ndarray) -> None:
        buffer = np.concatenate([self._pending, np.asarray(samples, dtype=np.float32)])
        self._seen += len(samples)
        complete = (len(buffer) - WINDOW) // HOP + 1 if len(buffer) >= WINDOW else 0
        if complete:
            frames = np.lib.stride_tricks.sliding_window_view(buffer, WINDOW)[::HOP]
            flux, self._last = _flux(frames, self._last, self._bands)
            self._flux.append(flux)
        self._pending = buffer[complete * HOP :].copy()  # a copy: the block itself can go

    def finish(self) -> np.ndarray:
        """The onset strength of everything fed."""
        if self._seen < WINDOW:  # shorter than one window: padded with silence to one, as a whole
            self.feed(np.zeros(WINDOW - self._seen, dtype=np.float32))
        return np.concatenate(self._flux)


def _bands(rate: int) -> np.ndarray:
    """Triangular filters (a column each) pooling the power spectrum of a window into BANDS
    bands equally spaced in pitch as heard (the mel scale): a hi-hat's thousands of bins
    then count as much as a kick's few, and pooling evens out the flicker of single bins."""
    def mel(hz: np.ndarray) -> np.ndarray:
        return 2595 * np.log10(1 + hz / 700)

    bins = np.fft.rfftfreq(WINDOW, 1 / rate)
    # The first edge is one bin up, so that the lowest band is not the constant offset alone.
    edges = 700 * (10 ** (np.linspace(mel(bins[1]), mel(bins[-1]), BANDS + 2) / 2595) - 1)
    lower, centre, upper = edges[:-2, None], edges[1:-1, None], edges[2:, None]
    rising = (bins - lower) / np.maximum(centre - lower, bins[1])
    falling = (upper - bins) / np.maximum(upper - centre, bins[1])
    bank = np.clip(np.minimum(rising, falling), 0, None).T
    # A band narrower than a bin would catch nothing: give it its nearest bin.
    empty = bank.sum(axis=0) == 0
    bank[np.abs(bins[:, None] - centre.T[:, empty]).argmin(axis=0), np.flatnonzero(empty)] = 1
    return bank / bank.sum(axis=0)


def _flux(
    frames: np.ndarray, last: np.ndarray | None, bank: np.ndarray
) -> tuple[np.ndarray, np.ndarray | None]:
    """Onset strength (ALL and LOW columns) of consecutive analysis windows (one a row), the
    first measured from ``last``, the band levels of the window before them (None at the
    start of a track); and the band levels of their last window."""
    window = np.hanning(WINDOW)
    low = np.flatnonzero(np.fft.rfftfreq(WINDOW, 1 / RATE) @ bank < LOW_HZ)
    # A few thousand windows at a time: a whole song's spectrogram would take 200 MB.
    flux = np.empty((len(frames), 2), dtype=np.float64)
    for start in range(0, len(frames), CHUNK):
        # In float64: float32 sums come out differently in blocks of different sizes.
        power = np.abs(np.fft.rfft(frames[start : start + CHUNK].astype(np.float64) * window, axis=1)) ** 2
        # Levels, not power: a rise is heard as a ratio. GAIN puts near-silence (-60 dB)
        # on the straight part of log1p, so that dither and hiss do not flicker.
        levels = np.log1p(GAIN * (power @ bank))
        previous = levels[:1] if last is None else last
        rises = np.maximum(np.diff(np.concatenate([previous, levels]), axis=0), 0.0)
        flux[start : start + len(levels), ALL] = rises.mean(axis=1)
        flux[start : start + len(levels), LOW] = rises[:, low].mean(axis=1)
        last = levels[-1:]
    return flux, last


def beats(track: Track) -> BeatGrid | None:
    """The track's beats (see beats.py), or None where it has no steady beat."""
    if track.envelope is None:
        raise ValueError("the track was decoded without its onsets; use load_track(path, onsets=True)")
    # A rise is measured when the window that holds it ends; it is heard RISE_S before that.
    return find_beats(track.envelope, HOP / track.rate, WINDOW / track.rate - RISE_S)
