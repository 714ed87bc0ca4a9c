"""The tempo of a track, and how it moves: the beat period listeners would tap, window by window.

Each window of the onset envelope (WINDOW_S long, every HOP_S) is compared with itself
shifted by every candidate period (autocorrelation): a period at which onsets recur scores
high. A candidate is scored by a comb: its autocorrelation at the period and at the period's
next MULTIPLES - 1 multiples, averaged (Davies & Plumbley 2007 use such a comb of four). At
the beat the multiples are the half bar and the bar, where music recurs most; at a dotted
rhythm's 3/2 of the beat, which recurs at its own period too, every second multiple falls off
the bar, and so it loses to the beat. Each lag's autocorrelation is divided by how much of
the tapered window still overlaps itself there, so that a multiple far out counts as much as
the period itself.

Every whole multiple and fraction of the beat recurs too (the bar, the eighth notes), so
a prior decides between them: a log-normal centred on PRIOR_BPM, the tempo listeners tap most
readily, which a song's own evidence must outweigh to be heard at its double or half. The
path of periods through the windows is then the best trade between each window's score and
a smooth change from one window to the next (a Viterbi search), so the tempo follows a
song that speeds up but does not flip to the double for a bar of hi-hats.

Cost is linear in the track: a fixed number of candidate periods and multiples per window.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SLOWEST_BPM, FASTEST_BPM = 40.0, 240.0  # the candidate tempi
BINS_PER_OCTAVE = 48  # candidate periods 1.5 % apart
PRIOR_BPM = 120.0  # where listeners' tapping is centred (Moelants & McKinney)
PRIOR_OCTAVES = 0.85  # its spread: 60 and 240 BPM each weigh 0.5 of 120
WINDOW_S = 8.0  # long enough for several bars at 60 BPM
HOP_S = 1.0
POOL = 2  # envelope steps summed per autocorrelation step: 11.6 ms is plenty for a period
CHANGE_COST = 0.03  # per window, per candidate step squared: drift is cheap, a jump (4/3: 0.4 octave) is not
BATCH = 256  # windows transformed at once
MULTIPLES = 4  # lags in the comb: the period, the half bar and the bar of four at the beat
LONGEST_LAG_S = 4.0  # multiples further out are left out: half the window, little overlap is left


@dataclass(frozen=True)
class TempoPath:
    """A period per window; window w is centred at ``w * hop`` seconds."""

    periods: np.ndarray  # seconds
    clarity: np.ndarray  # the window's comb at its period: 0 (none) to 1
    hop: float  # seconds between windows

    def at(self, times: np.ndarray) -> np.ndarray:
        """The period (s) at each of ``times`` (s), between windows in proportion."""
        centres = np.arange(len(self.periods)) * self.hop
        return np.exp(np.interp(times, centres, np.log(self.periods)))


def candidate_periods() -> np.ndarray:
    """Candidate beat periods (s), from the slowest tempo to the fastest, even in log."""
    octaves = np.log2(FASTEST_BPM / SLOWEST_BPM)
    bpm = SLOWEST_BPM * 2 ** (np.arange(int(octaves * BINS_PER_OCTAVE) + 1) / BINS_PER_OCTAVE)
    return 60.0 / bpm


def prior(periods: np.ndarray) -> np.ndarray:
    """How readily listeners tap at each period: log-normal around PRIOR_BPM."""
    octaves = np.log2(60.0 / periods / PRIOR_BPM)
    return np.exp(-0.5 * (octaves / PRIOR_OCTAVES) ** 2)


def tempogram(envelope: np.ndarray, step: float) -> tuple[np.ndarray, float]:
    """The comb of each window of ``envelope`` (one value per ``step`` seconds) at every
    candidate period: the mean autocorrelation at the period and its multiples (those up to
    LONGEST_LAG_S; the period itself always). A row per window (``hop`` seconds apart, the
    first centred on the track's start), normalised so that a perfectly periodic window
    scores 1, and no lower than 0."""
    pooled = _pool(envelope, POOL)
    dt = step * POOL
    width = int(round(WINDOW_S / dt))
    hop = max(1, int(round(HOP_S / dt)))
    periods = candidate_periods()
    lags = periods[:, None] * np.arange(1, MULTIPLES + 1)[None, :] / dt  # [period, multiple]
    used = lags <= LONGEST_LAG_S / dt
    used[:, 0] = True
    lags = np.where(used, lags, 0.0)
    longest = int(np.ceil(lags.max())) + 2
    size = 1 << int(np.ceil(np.log2(width + longest)))  # no wrap-around up to the longest lag
    taper = np.hanning(width)
    # How much of the tapered window overlaps itself at each lag, 1 at lag 0.
    spectrum = np.fft.rfft(taper, size)
    overlap = np.fft.irfft(spectrum.real**2 + spectrum.imag**2, size)[:longest]
    overlap = np.maximum(overlap / overlap[0], 1e-3)
    padded = np.pad(pooled, (width // 2, width))
    starts = np.arange(0, len(pooled), hop)
    rows = np.empty((len(starts), len(periods)))
    whole = np.floor(lags).astype(int)
    part = lags - whole
    for first in range(0, len(starts), BATCH):
        chunk = starts[first : first + BATCH]
        windows = np.lib.stride_tricks.sliding_window_view(padded, width)[chunk]
        windows = (windows - windows.mean(axis=1, keepdims=True)) * taper
        spectrum = np.fft.rfft(windows, size, axis=1)
        acf = np.fft.irfft(spectrum.real**2 + spectrum.imag**2, size, axis=1)[:, :longest]
        acf = acf / (np.maximum(acf[:, :1], 1e-12) * overlap)
        # Between whole lags in proportion: periods are finer than the envelope's steps.
        values = acf[:, whole] * (1 - part) + acf[:, whole + 1] * part  # [window, period, multiple]
        comb = (values * used).sum(axis=2) / used.sum(axis=1)
        rows[first : first + len(chunk)] = np.clip(comb, 0, None)
    return rows, hop * dt


def tempo_path(envelope: np.ndarray, step: float) -> TempoPath:
    """The beat period through the track, window by window (see the module's text)."""
    periods = candidate_periods()
    rows, hop = tempogram(envelope, step)
    score = rows * prior(periods)
    # Viterbi: best total score with a squared cost per candidate step between windows.
    steps = np.arange(len(periods))
    change = CHANGE_COST * (steps[:, None] - steps[None, :]) ** 2
    total = score[0].copy()
    came_from = np.empty((len(rows), len(periods)), dtype=np.int16)
    for w in range(1, len(rows)):
        options = total[None, :] - change  # [to, from]
        came_from[w] = options.argmax(axis=1)
        total = options[steps, came_from[w]] + score[w]
    path = np.empty(len(rows), dtype=np.intp)
    path[-1] = int(total.argmax())
    for w in range(len(rows) - 1, 0, -1):
        path[w - 1] = came_from[w, path[w]]
    return TempoPath(periods[path], np.clip(rows[np.arange(len(rows)), path], 0, 1), hop)


def _pool(values: np.ndarray, size: int) -> np.ndarray:
    """Sums of ``size`` consecutive values (the last group may be shorter)."""
    padded = np.pad(values, (0, -len(values) % size))
    return padded.reshape(-1, size).sum(axis=1)
