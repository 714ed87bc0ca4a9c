"""Music: a track's exact length and its beats, from PCM streamed out of the bundled ffmpeg.

A container's header can be far off (a VBR MP3 without a Xing header may claim 11.8 s for a
7.3 s file), so the length is the number of decoded samples over the sample rate. The PCM is
read a block at a time and never kept: each block adds to the sample count and, when beats
are wanted, to the onset strength (the rise of energy in each frequency band, spectral flux),
which is all beat finding needs. Memory is one block plus the onset strength (a value per
5.8 ms, 5 MB an hour), and a track longer than MAX_TRACK_SECONDS is refused as soon as that
much has been decoded. Beats are the regular peaks of the onset strength and their period,
found with numpy alone and without comparing every onset with every other.

Only files reach ffmpeg: the path is given as ``file:`` plus the absolute path with the file
protocol alone allowed, so ``-``, ``a:b.wav`` or ``concat:x.wav`` are the files so named.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import numpy as np

from .video import FILES_ONLY, ffmpeg_exe, ffmpeg_path, spawn

RATE = 22_050  # decoded sample rate: plenty for timing, and half the samples of 44.1 kHz to analyse
HOP = 128  # onset envelope step: 5.8 ms, well under a video frame
WINDOW = 512
CHUNK = 4096  # analysis windows (or envelope steps) handled at once
BLOCK_BYTES = 1 << 20  # PCM read from ffmpeg at a time: 262,144 samples, 11.9 s
SAMPLE_BYTES = 4  # float32
# Two hours is longer than any song or mix a training video is cut to. Without a limit a
# mistaken input (a day-long recording) would decode for minutes before anything is said,
# and the onset strength and the beats, though linear in the track, would grow with it.
MAX_TRACK_SECONDS = 2 * 60 * 60


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


def load_track(path: Path, onsets: bool = True) -> Track:
    """Decode ``path`` to mono PCM a block at a time, counting its samples and, if ``onsets``,
    computing its onset strength as the blocks arrive (beats() needs it).

    Raises AudioError if it cannot be decoded, holds no sound, or is longer than
    MAX_TRACK_SECONDS (decoding stops there).
    """
    path = Path(path)
    stream = OnsetStream() if onsets else None
    with tempfile.TemporaryFile() as said:  # a file, not a pipe: ffmpeg never blocks on what it says
        process = spawn(_decode_command(path), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=said)
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
        raise AudioError(f"the music {str(path)!r} holds no sound (0 samples decoded)")
    return Track(path, RATE, decoded, None if stream is None else stream.finish())


def _decode_command(path: Path) -> list[str]:
    return [
        ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-nostdin",
        *FILES_ONLY, "-i", ffmpeg_path(path),
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
        if consume is not None:
            consume(block[:count])
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
    """How sharply the sound rises at each step of HOP samples (half-wave spectral flux) in a
    whole track; step i compares analysis window i with window i - 1 (step 0 is 0).

    The reference for OnsetStream, which gives the same values from a track in blocks.
    """
    x = np.asarray(samples, dtype=np.float32)
    if len(x) < WINDOW:
        x = np.pad(x, (0, WINDOW - len(x)))
    frames = np.lib.stride_tricks.sliding_window_view(x, WINDOW)[::HOP]
    return _flux(frames, None)[0]


class OnsetStream:
    """The onset strength of a track whose samples arrive in blocks of any size: the same
    values onset_strength gives for the whole track.

    Between blocks it keeps the samples of the analysis window not yet complete (under
    WINDOW) and the last window's spectrum, which the next window's rise is measured from.
    """

    def __init__(self) -> None:
        self._pending = np.zeros(0, dtype=np.float32)  # from the start of the next window on
        self._last: np.ndarray | None = None  # log spectrum of the latest window
        self._flux: list[np.ndarray] = []
        self._seen = 0

    def feed(self, samples: np.ndarray) -> None:
        buffer = np.concatenate([self._pending, np.asarray(samples, dtype=np.float32)])
        self._seen += len(samples)
        complete = (len(buffer) - WINDOW) // HOP + 1 if len(buffer) >= WINDOW else 0
        if complete:
            frames = np.lib.stride_tricks.sliding_window_view(buffer, WINDOW)[::HOP]
            flux, self._last = _flux(frames, self._last)
            self._flux.append(flux)
        self._pending = buffer[complete * HOP :].copy()  # a copy: the block itself can go

    def finish(self) -> np.ndarray:
        """The onset strength of everything fed."""
        if self._seen < WINDOW:  # shorter than one window: padded with silence to one, as a whole
            self.feed(np.zeros(WINDOW - self._seen, dtype=np.float32))
        return np.concatenate(self._flux)


def _flux(frames: np.ndarray, last: np.ndarray | None) -> tuple[np.ndarray, np.ndarray | None]:
    """Spectral flux of consecutive analysis windows (one a row), the first measured from
    ``last``, the log spectrum of the window before them (None at the start of a track); and
    the log spectrum of their last window."""
    window = np.hanning(WINDOW).astype(np.float32)
    # A few thousand windows at a time: a whole song's spectrogram would take 200 MB.
    flux = np.empty(len(frames), dtype=np.float64)
    for start in range(0, len(frames), CHUNK):
        spectra = np.log1p(100 * np.abs(np.fft.rfft(frames[start : start + CHUNK] * window, axis=1)))
        previous = spectra[:1] if last is None else last
        rises = np.diff(np.concatenate([previous, spectra]), axis=0)
        flux[start : start + len(spectra)] = np.maximum(rises, 0.0).sum(axis=1)
        last = spectra[-1:]
    return flux, last


def beats(track: Track) -> list[float] | None:
    """Times (s) of the track's beats, or None where it has no clear beat.

    Onsets are the peaks of the (lightly smoothed) onset strength: the highest point within
    70 ms, well above the running median. The beat is clear when most onsets have another
    one a beat period before or after them; those are the beats.
    """
    if track.envelope is None:
        raise ValueError("the track was decoded without its onsets; use load_track(path, onsets=True)")
    raw = track.envelope
    step = HOP / track.rate
    if len(raw) < 8 or not raw.any():
        return None
    envelope = np.convolve(raw, [0.25, 0.5, 0.25], mode="same")
    median = _sliding(np.median, envelope, max(1, int(0.5 / step)), "edge")
    excess = envelope - median
    # Well above the local level, and at least the typical level again: a steady tone's
    # flutter is no onset.
    threshold = max(0.5 * excess.std(), 0.2 * np.percentile(envelope, 99), np.median(envelope))
    local_max = _sliding(np.max, envelope, max(1, round(0.07 / step)), "constant")
    indices = np.flatnonzero((envelope == local_max) & (excess > threshold))
    if len(indices) < 4:
        return None
    # In order of time: peaks are at least a step apart and moved by at most half a step.
    times = np.array([_onset_time(envelope, int(i), track.rate) for i in indices])
    period = _beat_period(times)
    if period is None:
        return None
    on_beat = _on_beat(times, period)
    if on_beat.sum() < 4 or on_beat.mean() < 0.6:
        return None
    return times[on_beat].tolist()


def _sliding(reduce: Callable[..., np.ndarray], values: np.ndarray, reach: int, edge: str) -> np.ndarray:
    """``reduce(values[i - reach : i + reach + 1])`` for every i, ``values`` padded at the ends
    by np.pad's ``edge`` mode; a block of windows at a time, since all of them at once (as
    np.median would copy them) are 2·reach + 1 copies of the track."""
    windows = np.lib.stride_tricks.sliding_window_view(np.pad(values, reach, mode=edge), 2 * reach + 1)
    result = np.empty(len(values), dtype=np.float64)
    for start in range(0, len(values), CHUNK):
        result[start : start + CHUNK] = reduce(windows[start : start + CHUNK], axis=1)
    return result


def _gaps(times: np.ndarray, longest: float) -> Iterator[tuple[int, np.ndarray]]:
    """``lag`` and the time from each onset to the one ``lag`` onsets later, for lag = 1, 2,
    ... as long as some of them are at most ``longest``: every pair of onsets that close,
    without an n×n matrix (``times`` are in order, so later lags are only longer)."""
    for lag in range(1, len(times)):
        gaps = times[lag:] - times[:-lag]
        if gaps.min() > longest:
            return
        yield lag, gaps


def _beat_period(times: np.ndarray) -> float | None:
    """The commonest spacing between onsets, from 0.25 to 2 s (to 10 ms), preferring the
    shortest spacing that is nearly as common (the beat, not the bar)."""
    spacings = [gaps[(gaps >= 0.25) & (gaps <= 2.0)] for _, gaps in _gaps(times, 2.0)]
    differences = np.concatenate(spacings) if spacings else np.zeros(0)
    if len(differences) == 0:
        return None
    counts, edges = np.histogram(differences, bins=np.arange(0.25, 2.01, 0.01))
    counts = np.convolve(counts, [1, 1, 1], mode="same")  # tolerate a little timing spread
    strong = np.flatnonzero(counts >= 0.6 * counts.max())
    best = strong[0]
    near = slice(max(best - 1, 0), best + 2)
    weights = counts[near].astype(float)
    centres = (edges[:-1] + 0.005)[near]
    return float((weights * centres).sum() / weights.sum())


def _on_beat(times: np.ndarray, period: float) -> np.ndarray:
    """Whether each onset has another one a period (within 10 %) before or after it; stray
    onsets (a sound's tail, a fill) have not."""
    on_beat = np.zeros(len(times), dtype=bool)
    for lag, gaps in _gaps(times, 2 * period):  # a gap over twice the period is no match
        apart = np.abs(gaps - period) < 0.1 * period
        on_beat[lag:] |= apart
        on_beat[:-lag] |= apart
    return on_beat


def _onset_time(envelope: np.ndarray, i: int, rate: int) -> float:
    """Time of the onset peaking at envelope step ``i``: the centre of the analysis window,
    refined between steps by the parabola through the peak and its neighbours."""
    offset = 0.0
    if 0 < i < len(envelope) - 1:
        left, middle, right = envelope[i - 1 : i + 2]
        curvature = left - 2 * middle + right
        if curvature < 0:
            offset = float(np.clip(0.5 * (left - right) / curvature, -0.5, 0.5))
    return ((i + offset) * HOP + WINDOW / 2) / rate
