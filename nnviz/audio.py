"""Music: a track's exact length and its beats, from PCM decoded by the bundled ffmpeg.

A container's header can be far off (a VBR MP3 without a Xing header may claim 11.8 s for a
7.3 s file), so the length is the number of decoded samples over the sample rate. Beats are
found with numpy alone: the rise of energy in each frequency band (spectral flux), its
regular peaks, and their period.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .video import ffmpeg_exe

RATE = 22_050  # decoded sample rate: plenty for timing, a quarter of the memory of 44.1 kHz
HOP = 128  # onset envelope step: 5.8 ms, well under a video frame
WINDOW = 512
CHUNK = 4096  # analysis windows per block


class AudioError(ValueError):
    """The file is not audio ffmpeg can decode, or holds no sound."""


@dataclass(frozen=True)
class Track:
    path: Path
    samples: np.ndarray  # mono float32 at RATE
    rate: int

    @property
    def duration(self) -> float:
        return len(self.samples) / self.rate


def load_track(path: Path) -> Track:
    """Decode ``path`` to mono PCM; raise AudioError if that is impossible or empty."""
    command = [
        ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-nostdin",
        "-i", str(path), "-map", "0:a:0", "-vn", "-ac", "1", "-ar", str(RATE),
        "-f", "f32le", "-",
    ]
    done = subprocess.run(command, capture_output=True, start_new_session=True)
    if done.returncode != 0:
        said = done.stderr.decode(errors="replace").strip().splitlines()
        reason = said[-1] if said else "ffmpeg could not read it"
        if "matches no streams" in reason or "Stream map" in reason:
            reason = "it has no audio stream"
        raise AudioError(f"cannot decode the music {str(path)!r}: {reason}")
    samples = np.frombuffer(done.stdout, dtype=np.float32)
    if len(samples) == 0:
        raise AudioError(f"the music {str(path)!r} holds no sound (0 samples decoded)")
    return Track(Path(path), samples, RATE)


def onset_strength(track: Track) -> np.ndarray:
    """How sharply the sound rises at each step of HOP samples (half-wave spectral flux)."""
    x = track.samples
    if len(x) < WINDOW:
        x = np.pad(x, (0, WINDOW - len(x)))
    frames = np.lib.stride_tricks.sliding_window_view(x, WINDOW)[::HOP]
    window = np.hanning(WINDOW).astype(np.float32)
    # A few thousand windows at a time: a whole song's spectrogram would take 200 MB.
    flux = np.empty(len(frames), dtype=np.float64)
    last = None
    for start in range(0, len(frames), CHUNK):
        block = np.log1p(100 * np.abs(np.fft.rfft(frames[start : start + CHUNK] * window, axis=1)))
        previous = block[:1] if last is None else last
        rises = np.diff(np.concatenate([previous, block]), axis=0)
        # Step i compares window i with window i - 1: what rose by the end of window i.
        flux[start : start + len(block)] = np.maximum(rises, 0.0).sum(axis=1)
        last = block[-1:]
    return flux


def beats(track: Track) -> list[float] | None:
    """Times (s) of the track's beats, or None where it has no clear beat.

    Onsets are the peaks of the (lightly smoothed) onset strength: the highest point within
    70 ms, well above the running median. The beat is clear when most onsets have another
    one a beat period before or after them; those are the beats.
    """
    raw = onset_strength(track)
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
