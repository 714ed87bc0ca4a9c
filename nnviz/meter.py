"""Which beats are strong: a bar's first beat, else every second beat, from low-frequency onsets.

The kick drum and the bass mark the start of a bar far more often than its other beats. So
the beats are counted in twos, threes and fours, and a way of counting is kept when the
beats it calls first have clearly larger low-frequency onsets than the others, and do so
consistently, in most stretches of the track and not in one loud passage. In four, beats 1
and 3 are first found as the stronger of every second beat, then 1 as the stronger of those.
"""

from __future__ import annotations

import numpy as np

CONTRAST = 0.25  # first beats' mean over the others', in standard deviations, to count
AGREEMENT = 0.6  # share of stretches in which the same beat must come out strongest
STRETCH = 8  # beats per stretch checked for agreement: two bars of four
MIN_BEATS = 12  # three bars of four: fewer say nothing about a meter
# The low-frequency onsets must vary by this share of their mean at least: even clicks whose
# low band drifts a few per cent with the analysis (1 kHz beeps: 5.7 %) had been counted in
# threes, where a kick on the first beat stands out by far more (the gentlest accented
# track tested varies by 10.6 %, the game music of benchmarks/beats.py by 21 % and more).
MIN_VARIATION = 0.08
DOWNBEAT, HALF_BAR, OTHER = 2, 1, 0  # the levels of a beat


def strong_beats(low: np.ndarray) -> tuple[np.ndarray, int | None]:
    """The level of each beat (DOWNBEAT, HALF_BAR or OTHER) from its low-frequency onset
    strength ``low``, and the meter (4 or 3) where a bar's first beats are clear."""
    levels = np.full(len(low), OTHER, dtype=np.int8)
    if len(low) < MIN_BEATS or low.std() < MIN_VARIATION * abs(low.mean()):
        return levels, None
    x = (low - low.mean()) / max(float(low.std()), 1e-12)
    index = np.arange(len(x))
    duple = _strongest(x, index % 2, 2)
    triple = _strongest(x, index % 3, 3)
    if triple is not None and (duple is None or triple[1] > duple[1]):
        levels[index % 3 == triple[0]] = DOWNBEAT
        return levels, 3
    if duple is None:
        return levels, None
    on = index % 2 == duple[0]
    levels[on] = HALF_BAR
    # Of the strong beats, every second one: beats 1 and 3 of a bar of four.
    pairs = np.flatnonzero(on)
    bar = _strongest(x[pairs], np.arange(len(pairs)) % 2, 2)
    if bar is None:
        return levels, None
    levels[pairs[np.arange(len(pairs)) % 2 == bar[0]]] = DOWNBEAT
    return levels, 4


def _strongest(x: np.ndarray, phase: np.ndarray, count: int) -> tuple[int, float] | None:
    """The phase (0 to count - 1) whose beats stand out, and by how much, if they stand out
    by CONTRAST overall and are the strongest in AGREEMENT of the stretches."""
    means = np.array([x[phase == p].mean() for p in range(count)])
    best = int(means.argmax())
    contrast = float(means[best] - np.delete(means, best).mean())
    if contrast < CONTRAST:
        return None
    stretches = range(0, len(x) - STRETCH // 2, STRETCH)
    wins = [
        np.argmax([x[s : s + STRETCH][phase[s : s + STRETCH] == p].mean() for p in range(count)]) == best
        for s in stretches
    ]
    if np.mean(wins) < AGREEMENT:
        return None
    return best, contrast
