"""How long each shot lasts when the video must fill a given time (a music track's length).

The rule, as the original video was paced by hand:

- The video lasts ``duration × fps`` frames, the nearest whole number (a half rounded up): it
  ends within half a frame of the track.
- Unless told how many cycles to show, show about one training shot per second (the
  original's pace): ``cycles = round((duration − 6 s) / examples)``, at least 1; at least 2
  where their training shots still last half a second on average (one shown cycle is the
  trained network's alone, and a short video of it shows no learning).
- Holds are shared out by weight. Training shots weigh from 2 (the first) down to 1 (the
  last), so the beginning, where the network changes fastest, lasts twice as long as the
  end. The before, after and new-situation shots weigh 3 each: time to read the panel.
  Frames are whole, so they are shared by largest remainder; every shot gets at least one.
- With beats, every change of shot moves to a beat, on the first frame at or after it,
  choosing the beats that keep the holds closest to the weights above and, where shots
  span several beats, the strong ones: a bar's first beat, else every second beat.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .timeline import whole_frames

BOOKEND_WEIGHT = 3.0  # before, after, new situation
FIRST_WEIGHT, LAST_WEIGHT = 2.0, 1.0  # first and last training shot
BOOKENDS = 3
SECONDS_PER_SHOT = 1.0
MIN_AVERAGE_SHOT = 0.5  # seconds: the shortest average training shot two cycles may have
# What a change of shot on each level of beat costs (meter.py: the rest, every second beat, a
# bar's first), against its squared distance from its place in shot lengths: a change moves
# half a shot to reach the first beat of a bar rather than stay on a weak beat.
# A half-beat (between two beats, HALF_BEAT) costs most: a cut goes there only where the
# beats are too few for the changes.
LEVEL_COST = (1.0, 0.5, 0.2, 0.0)
HALF_BEAT, OTHER_BEAT = -1, 0
REACH = 12  # beats (or half-beats) either side of its place a change may move to: three bars of four


@dataclass(frozen=True)
class BeatCuts:
    """What the beats of a track did to a video's shots."""

    tempo_bpm: float
    meter: int | None  # beats to the bar, where its first beats were clear
    beats: int  # beats found in the track
    change_beats_s: list[float]  # the beat each change of shot moved to, in order (s)

    def summary(self) -> dict:
        return {"tempo_bpm": round(self.tempo_bpm, 2), "meter": self.meter, "beats": self.beats,
                "shot_change_beats_s": [round(t, 4) for t in self.change_beats_s]}


class PacingError(ValueError):
    """The time cannot hold the shots asked for."""


def total_frames(duration: float, fps: float) -> int:
    return whole_frames(duration, fps)  # as a shot's hold is rounded


def cycles_for(
    duration: float, fps: float, examples: int, train_cycles: int, *, opening: int = 1, closing: int = 2
) -> int:
    """How many cycles (of ``examples`` shots each) to show in ``duration`` seconds at about
    one shot a second, with ``opening`` and ``closing`` shots around them."""
    frames = total_frames(duration, fps)
    bookends = opening + closing
    fit = (frames - bookends) // examples  # at most: every shot one frame
    if fit < 1:
        what = "the before, after and new-situation shots" if (opening, closing) == (1, 2) else (
            f"the {bookends} shots before and after training")
        # In the words of any run: "one cycle of 1 examples" had been said of an epoch's shot.
        shown = f"one cycle of {examples} examples" if examples > 1 else "one shot of training"
        raise PacingError(
            f"{what} and {shown} need {bookends + examples} frames, and it has {frames} at {float(fps):g} "
            "fps"
        )
    # The bookend shots weigh twice an average training shot: about 2 s each.
    wanted = round((duration - 2 * bookends * SECONDS_PER_SHOT) / examples)
    if wanted < 2:
        # Two cycles, the first and the last, show the network learning: a 15 s video had
        # shown the trained network alone. Where their shots would still average half a second.
        w = weights(2 * examples, opening, closing)
        average = duration / w.sum() * w[opening:-closing].mean()
        wanted = 2 if average >= MIN_AVERAGE_SHOT else wanted
    return int(min(max(wanted, 1), fit, train_cycles))


def weights(training_shots: int, opening: int = 1, closing: int = 2) -> np.ndarray:
    """Relative length of every shot: before, the training shots, after (and the new
    situation or the test examples)."""
    training = np.linspace(FIRST_WEIGHT, LAST_WEIGHT, training_shots)
    return np.concatenate([[BOOKEND_WEIGHT] * opening, training, [BOOKEND_WEIGHT] * closing])


def fit_holds(frames: int, training_shots: int, opening: int = 1, closing: int = 2) -> list[int]:
    """Whole-frame holds for every shot, in proportion to :func:`weights`, summing to ``frames``."""
    w = weights(training_shots, opening, closing)
    if frames < len(w):
        raise PacingError(
            f"{len(w)} shots need {len(w)} frames (one each at the least), and it has {frames}; "
            "show fewer cycles"
        )
    # Everyone gets one frame; the rest is shared by weight, by largest remainder.
    share = (frames - len(w)) * w / w.sum()
    holds = 1 + np.floor(share).astype(int)
    short = frames - holds.sum()
    holds[np.argsort(-(share - np.floor(share)), kind="stable")[:short]] += 1
    return holds.tolist()


# A beat found this little after a frame's time is on that frame: the beats are found to a
# few milliseconds, and a click exactly on a frame, found 0.4 ms late, had cut on the frame
# after it (9 cuts of 58 a frame late at 120 BPM, 30 fps). No one sees a cut 4 ms early.
BEAT_SLACK = 0.004


def first_frames(times: np.ndarray, fps: float) -> np.ndarray:
    """The first frame shown at or after each of ``times`` (s), less BEAT_SLACK: a cut
    there is never early by more than the beats are known to."""
    slack = BEAT_SLACK * float(fps)  # in frames: under half of one up to 120 fps, the most there is
    return np.ceil(np.asarray(times, dtype=float) * float(fps) - slack - 1e-6).astype(np.int64)


def cut_frames(times: np.ndarray, fps: float, total: int) -> tuple[np.ndarray, np.ndarray]:
    """The frames a change of shot can go on for beats at ``times`` (s) in a video of
    ``total`` frames (the first frame at or after each beat, strictly inside the video, one
    beat per frame), and the index of the beat each comes from."""
    frames = first_frames(times, fps)
    inside = np.flatnonzero((frames > 0) & (frames < total))
    _, first = np.unique(frames[inside], return_index=True)
    return frames[inside[first]], inside[first]


def cut_beats(
    holds: Sequence[int], beat_frames: Sequence[int], levels: Sequence[int] | None = None
) -> np.ndarray | None:
    """For every change of shot, the index of the beat it moves to (into ``beat_frames``,
    frames of beats in increasing order, each a cut can go on; ``levels`` their strength, as
    meter.strong_beats gives); None when there are fewer beats than changes.

    The changes keep their order, one per beat, and the choice minimises, over all changes,
    the squared distance from where the holds would put it (in lengths of the shots either
    side), plus a cost for a change on a weaker beat (LEVEL_COST) when the shots on both
    sides are longer than a beat.
    Each change looks only at the REACH beats either side of a feasible place of its own, so
    the search is linear in the number of changes.
    """
    total = int(sum(holds))
    ideal = np.cumsum(holds)[:-1].astype(float)  # where each shot after the first starts
    frames = np.asarray(beat_frames, dtype=np.int64)
    k, n = len(ideal), len(frames)
    if k == 0:
        return np.zeros(0, dtype=np.int64)
    if n < k:
        return None
    if np.any(np.diff(frames) <= 0) or frames[0] <= 0 or frames[-1] >= total:
        raise ValueError(f"beat frames must increase strictly between 0 and {total}")
    beat = float(np.median(np.diff(frames))) if n > 1 else float(total)
    strength = np.full(n, OTHER_BEAT) if levels is None else np.asarray(levels, dtype=np.int64)
    penalty = np.asarray(LEVEL_COST)[np.clip(strength - HALF_BEAT, 0, len(LEVEL_COST) - 1)]
    shots = np.asarray(holds, dtype=float)
    # A move is measured against the shots it lengthens and shortens: half a beat is much
    # for shots of a beat, little for shots of a few bars.
    scale = np.maximum((shots[:-1] + shots[1:]) / 2, 1.0)
    # The stronger-beat preference matters where a shot spans beats, not where cuts come fast.
    weight = np.clip(np.minimum(shots[:-1], shots[1:]) / beat - 1.0, 0.0, 1.0)

    # A feasible place for each change (strictly increasing, leaving room for the rest),
    # around which its band of candidate beats is taken.
    nearest = np.clip(np.searchsorted(frames, ideal), 0, n - 1)
    place = np.maximum.accumulate(nearest - np.arange(k)) + np.arange(k)
    place = np.minimum(place, n - k + np.arange(k))
    offsets = np.arange(-REACH, REACH + 1)
    band = np.clip(place[:, None] + offsets[None, :], np.arange(k)[:, None], (n - k + np.arange(k))[:, None])

    def cost(i: int) -> np.ndarray:
        j = band[i]
        return ((frames[j] - ideal[i]) / scale[i]) ** 2 + weight[i] * penalty[j]

    total_cost = cost(0)
    came_from = np.zeros((k, band.shape[1]), dtype=np.int32)
    for i in range(1, k):
        # The best earlier change on a beat before each candidate: a running minimum over the
        # previous band (in increasing beat order; clipping repeats beats, which is harmless).
        running = np.minimum.accumulate(total_cost)
        where = np.maximum.accumulate(np.where(total_cost == running, np.arange(len(running)), 0))
        last_before = np.searchsorted(band[i - 1], band[i], side="left") - 1  # previous band's index < beat
        reachable = last_before >= 0
        came_from[i] = np.where(reachable, where[np.maximum(last_before, 0)], 0)
        total_cost = np.where(reachable, running[np.maximum(last_before, 0)], np.inf) + cost(i)
    if not np.isfinite(total_cost.min()):
        return None
    picked = np.empty(k, dtype=np.int64)
    column = int(np.argmin(total_cost))
    for i in range(k - 1, -1, -1):
        picked[i] = band[i, column]
        column = int(came_from[i, column])
    return picked


def with_half_beats(times: np.ndarray, levels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The beats and the half-beats between them (seconds, in order), with their levels (a
    half-beat's HALF_BEAT): where a track has fewer beats than a video's changes of shot,
    the changes go on its eighth notes too, still on the music's grid, rather than all of
    them off it (42 beats for 44 changes had made the whole video evenly paced)."""
    times, levels = np.asarray(times, dtype=float), np.asarray(levels, dtype=np.int64)
    halves = (times[:-1] + times[1:]) / 2
    order = np.argsort(np.concatenate([times, halves]), kind="stable")
    both = np.concatenate([times, halves])[order]
    return both, np.concatenate([levels, np.full(len(halves), HALF_BEAT)])[order]


def holds_at(changes: Sequence[int], total: int) -> list[int]:
    """Holds whose shots change on the given frames and fill ``total`` frames."""
    return np.diff(np.concatenate([[0], np.asarray(changes, dtype=np.int64), [total]])).astype(int).tolist()


def snap_to_beats(
    holds: Sequence[int], beat_frames: Sequence[int], levels: Sequence[int] | None = None
) -> list[int] | None:
    """Move every change of shot onto a beat (see cut_beats), keeping the total: the new holds,
    or None when there are too few beats between the first and the last frame."""
    total = int(sum(holds))
    frames = np.unique([b for b in beat_frames if 0 < b < total])
    kept = None if levels is None else [lv for b, lv in sorted(zip(beat_frames, levels)) if 0 < b < total]
    picked = cut_beats(holds, frames, kept)
    return None if picked is None else holds_at(frames[picked], total)
