"""Beats: a grid through the onset envelope, at the tempo a listener taps, with its strong beats.

The tempo path (tempo.py) gives the beat period at every moment. The beats are then placed
by dynamic programming, as in Ellis's 2007 tracker: the best chain of beats is the one whose
beats sit on strong onsets and whose spacing stays close to the period, every gap that strays
costing TIGHTNESS × log(gap / period)². A beat on no onset (a held chord, a gap in the drums)
costs nothing but its spacing, so the grid goes on through it. Each frame's best predecessor
lies between half and twice a period back, so a block of half a period is decided at once:
time and memory are linear in the track.

Beat times are where the sound begins to rise: the caller says when a rise in the
envelope's first step is heard (audio.py measured it on clicks).

A bar's first beat is the one with the consistently largest low-frequency onsets (the kick
drum, the bass): meter.py.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .meter import strong_beats
from .tempo import tempo_path

TIGHTNESS = 300.0  # how strongly a beat keeps to the period: a gap 10 % off costs 2.7
SMOOTH_S = 0.02  # onsets are spread by a Gaussian this wide: a beat may sit a little off one
LEVEL_S = 4.0  # onsets are measured against the typical level within this much either side
QUIET = 0.1  # a stretch this much quieter than the track's typical onsets counts as silence
EDGE = 0.5  # leading and trailing beats weaker than this share of a typical beat are dropped
MIN_CLARITY = 0.06  # onsets' median comb at the beat (tempo.py): random onsets 0.02 to 0.03, music 0.11 on
MIN_SALIENCE = 1.5  # onsets on the beats over those overall: noise makes 1.2, music 1.7 to 15
SILENT = 0.002  # typical spread of onsets (mean rise of a band's log level) of a steady sound
MIN_BEATS = 8
TEMPO_SPAN = 8  # beats the tempo is measured over (two bars of four)
EVEN_PULSE = 0.8  # halfway points this strong against the beats make the double tempo the beat
WEAK_OFFBEAT = 0.3  # every second beat this weak against the others makes half the tempo the beat
# Every second beat on next to no onset makes half the tempo the beat however slow: clicks at
# 45 BPM had been heard at 90, every second cut in silence.
NO_OFFBEAT = 0.05
FASTEST_FELT_BPM, SLOWEST_FELT_BPM = 180.0, 50.0  # beyond these, listeners tap every second beat


@dataclass(frozen=True)
class BeatGrid:
    """A track's beats and what the music says about them."""

    times: np.ndarray  # seconds, increasing
    levels: np.ndarray  # per beat: 2 a bar's first beat, 1 the bar's other strong beat, 0 the rest
    meter: int | None  # beats to the bar, where the first beats are clear: 4 or 3
    clarity: float  # how periodic the onsets are at the beat: 0 (not at all) to 1
    salience: float  # mean onset strength on the beats over that of the whole track

    @property
    def tempo(self) -> float:
        """Beats per minute: the tempo most of the track has, from the median spacing over
        runs of TEMPO_SPAN beats (one beat's spacing is a few milliseconds off: a 128 BPM
        track had been said to be 127)."""
        span = min(TEMPO_SPAN, len(self.times) - 1)
        return float(60.0 * span / np.median(self.times[span:] - self.times[:-span]))


def find_beats(onsets: np.ndarray, step: float, first: float) -> BeatGrid | None:
    """The beat grid of a track from its onset strength (a row per ``step`` seconds, columns
    as audio.onset_strength: all frequencies, then the low ones), or None where there is no
    steady beat. A rise in row 0 is heard at ``first`` seconds, in row i at i × step later."""
    strength = _normalised(onsets[:, 0], step)
    if strength is None:
        return None
    path = tempo_path(strength, step)
    times = np.arange(len(strength)) * step
    period = path.at(times) / step  # in steps
    score = _smooth(strength, SMOOTH_S / step)
    chain = _trim(_best_chain(score, period), score)
    level = _felt_level(score, chain, step)
    if level != 1:
        period = period * level
        chain = _trim(_best_chain(score, period), score)
    salience = float(score[chain].mean() / max(score.mean(), 1e-12)) if len(chain) else 0.0
    clarity = float(np.median(path.clarity))
    # Both: noise is periodic by chance somewhere, onsets at random are where beats can be put.
    if clarity < MIN_CLARITY or salience < MIN_SALIENCE:
        return None
    if len(chain) < MIN_BEATS:
        return None
    beat_times = (chain + _peak_offset(score, chain)) * step + first
    low = _normalised(onsets[:, 1], step, floor=False)
    levels, meter = strong_beats(_smooth(low, SMOOTH_S / step)[chain])
    return BeatGrid(beat_times, levels, meter, clarity, salience)


def _felt_level(score: np.ndarray, chain: np.ndarray, step: float) -> float:
    """How the beat period should change for the beat to be the one listeners tap: 0.5 when
    the points halfway between beats are about as strong as the beats (every pulse is a
    beat: four on the floor at 170 BPM, found at 85), 2 when every second beat is far weaker
    (those are the off-beat eighths of a slow song; below SLOWEST_FELT_BPM, only where they
    are on next to nothing) or the beats come faster than anyone taps, else 1. The tempo
    prior alone cannot tell these apart: the onsets recur at both periods."""
    if len(chain) < MIN_BEATS:
        return 1.0
    bpm = 60.0 / (np.median(np.diff(chain)) * step)
    on = score[chain].mean()
    halfway = (chain[:-1] + chain[1:]) // 2
    near = max(1, int(round(SMOOTH_S / step)))  # a halfway onset may sit a little off
    between = np.max([score[np.clip(halfway + k, 0, len(score) - 1)] for k in range(-near, near + 1)], axis=0)
    if bpm > FASTEST_FELT_BPM:  # double-time drumming: the beat is every second one
        return 2.0
    if between.mean() >= EVEN_PULSE * on and 2 * bpm <= FASTEST_FELT_BPM:
        return 0.5
    even, odd = score[chain[::2]].mean(), score[chain[1::2]].mean()
    weaker = min(even, odd) / max(even, odd, 1e-12)
    if weaker < WEAK_OFFBEAT and (bpm / 2 >= SLOWEST_FELT_BPM or weaker < NO_OFFBEAT):
        return 2.0
    return 1.0


def _normalised(values: np.ndarray, step: float, floor: bool = True) -> np.ndarray | None:
    """Onsets above their local mean, in units of the typical local spread: a quiet intro's
    drums count as much as a loud chorus's, and a steady hiss counts for nothing. A stretch
    far quieter than the track's typical level is silence and stays near zero."""
    reach = max(1, int(round(LEVEL_S / step)))
    mean = _moving_mean(values, reach)
    spread = np.sqrt(_moving_mean((values - mean) ** 2, reach))
    typical = float(np.median(spread))
    if typical < SILENT:
        return None if floor else np.zeros_like(values)
    return np.clip(values - mean, 0, None) / np.maximum(spread, QUIET * typical)


def _moving_mean(values: np.ndarray, reach: int) -> np.ndarray:
    """Mean of ``values[i - reach : i + reach + 1]`` (fewer at the ends), in linear time."""
    total = np.concatenate([[0.0], np.cumsum(values, dtype=np.float64)])
    index = np.arange(len(values))
    high = np.minimum(index + reach + 1, len(values))
    low = np.maximum(index - reach, 0)
    return (total[high] - total[low]) / (high - low)


def _smooth(values: np.ndarray, width: float) -> np.ndarray:
    """``values`` convolved with a unit-peak Gaussian of ``width`` (steps) standard deviation."""
    reach = max(1, int(np.ceil(3 * width)))
    kernel = np.exp(-0.5 * (np.arange(-reach, reach + 1) / max(width, 1e-9)) ** 2)
    # Not mode="same": it returns the longer of the two, and a track can be shorter than the kernel.
    return np.convolve(values, kernel)[reach : reach + len(values)]


def _best_chain(score: np.ndarray, period: np.ndarray) -> np.ndarray:
    """Indices of the chain of beats with the best total: the score at each beat less
    TIGHTNESS × log(gap / period)² for each gap (Ellis 2007), gaps from half to twice the
    period. Frames are decided a block at a time, each block shorter than the shortest gap
    any of its frames may take, so that all their predecessors are already decided."""
    n = len(score)
    best = np.empty(n)  # best total of a chain ending on each frame
    previous = np.full(n, -1, dtype=np.int64)  # the beat before it in that chain; -1: the first
    start = 0
    while start < n:
        shortest = int(period[start : start + int(period[start])].min() // 2)
        stop = min(n, start + max(1, shortest))
        frames = np.arange(start, stop)
        local = period[start:stop, None]
        lags = np.arange(max(1, shortest), int(np.ceil(2 * local.max())) + 1)
        before = frames[:, None] - lags[None, :]
        cost = TIGHTNESS * np.log(lags[None, :] / local) ** 2
        allowed = (before >= 0) & (lags[None, :] >= local / 2) & (lags[None, :] <= 2 * local)
        totals = np.where(allowed, best[np.clip(before, 0, None)] - cost, -np.inf)
        pick = totals.argmax(axis=1)
        reached = totals[np.arange(len(frames)), pick]
        extends = reached > 0  # otherwise the chain is better begun here
        best[frames] = score[start:stop] + np.where(extends, reached, 0.0)
        previous[frames] = np.where(extends, before[np.arange(len(frames)), pick], -1)
        start = stop
    # The chain ends within a period of the end: the best total there.
    tail = max(0, n - int(np.ceil(period[-1])))
    beat = tail + int(best[tail:].argmax())
    chain = []
    while beat >= 0:
        chain.append(beat)
        beat = int(previous[beat])
    return np.array(chain[::-1], dtype=np.int64)


def _trim(chain: np.ndarray, score: np.ndarray) -> np.ndarray:
    """Drop beats before the first and after the last that sits on a real onset: a grid
    carried on through silence at either end marks nothing anyone hears."""
    at = score[chain]
    typical = np.sqrt(np.mean(at**2)) if len(at) else 0.0
    heard = np.flatnonzero(at > EDGE * typical)
    if len(heard) == 0:
        return chain[:0]
    return chain[heard[0] : heard[-1] + 1]


def _peak_offset(score: np.ndarray, chain: np.ndarray) -> np.ndarray:
    """Where between steps each beat's onset peaks (-0.5 to 0.5), from the parabola through
    the beat's step and its neighbours; 0 where the beat is not at a peak."""
    inner = (chain > 0) & (chain < len(score) - 1)
    offset = np.zeros(len(chain))
    i = chain[inner]
    left, middle, right = score[i - 1], score[i], score[i + 1]
    curvature = left - 2 * middle + right
    peak = (curvature < 0) & (middle >= left) & (middle >= right)
    safe = np.where(peak, curvature, -1.0)
    offset[inner] = np.where(peak, np.clip(0.5 * (left - right) / safe, -0.5, 0.5), 0.0)
    return offset
