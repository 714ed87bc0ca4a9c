"""How long each shot lasts when the video must fill a given time (a music track's length).

The rule, as the original video was paced by hand:

- The video lasts ``round(duration × fps)`` frames: it ends within half a frame of the track.
- Unless told how many cycles to show, show about one training shot per second (the
  original's pace): ``cycles = round((duration − 6 s) / examples)``, at least 1.
- Holds are shared out by weight. Training shots weigh from 2 (the first) down to 1 (the
  last), so the beginning, where the network changes fastest, lasts twice as long as the
  end. The before, after and new-situation shots weigh 3 each: time to read the panel.
  Frames are whole, so they are shared by largest remainder; every shot gets at least one.
- With beats, every change of shot moves to a beat (each on the nearest frame), choosing
  the beats that keep the holds closest to the weights above.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

BOOKEND_WEIGHT = 3.0  # before, after, new situation
FIRST_WEIGHT, LAST_WEIGHT = 2.0, 1.0  # first and last training shot
BOOKENDS = 3
SECONDS_PER_SHOT = 1.0


class PacingError(ValueError):
    """The time cannot hold the shots asked for."""


def total_frames(duration: float, fps: float) -> int:
    return round(duration * fps)


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
        raise PacingError(
            f"{what} and one cycle of {examples} examples need {bookends + examples} frames, and it "
            f"has {frames} at {float(fps):g} fps"
        )
    # The bookend shots weigh twice an average training shot: about 2 s each.
    wanted = round((duration - 2 * bookends * SECONDS_PER_SHOT) / examples)
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


def snap_to_beats(holds: Sequence[int], beat_frames: Sequence[int]) -> list[int] | None:
    """Move every change of shot onto a beat, keeping holds as close to ``holds`` as can be.

    ``beat_frames`` are frame indices of beats. Returns the new holds (same total), or None
    when there are too few beats between the first and the last frame.
    """
    total = int(sum(holds))
    ideal = np.cumsum(holds)[:-1].astype(float)  # where each shot after the first starts
    candidates = np.unique([b for b in beat_frames if 0 < b < total])
    k, n = len(ideal), len(candidates)
    if k == 0:
        return list(holds)
    if n < k:
        return None
    # cost[j]: the best placement of changes 0..i with change i on beat j (beats increase).
    cost = (candidates - ideal[0]) ** 2
    choice = np.zeros((k, n), dtype=np.intp)
    for i in range(1, k):
        previous = np.concatenate([[np.inf], cost[:-1]])  # change i - 1 on an earlier beat
        best = np.minimum.accumulate(previous)
        reached = np.where(previous == best, np.arange(n) - 1, -1)
        choice[i] = np.maximum.accumulate(reached)  # the beat where that best was reached
        cost = best + (candidates - ideal[i]) ** 2
    j = int(np.argmin(cost))
    if not np.isfinite(cost[j]):
        return None
    picked = [j]
    for i in range(k - 1, 0, -1):
        j = int(choice[i][j])
        picked.append(j)
    starts = candidates[picked[::-1]]
    return np.diff(np.concatenate([[0], starts, [total]])).astype(int).tolist()
