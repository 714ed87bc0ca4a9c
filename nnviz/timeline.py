"""From a training run to the ordered shots of the video and how long each is held.

Default story, as in the original video: the network before training (random weights,
nothing thinking), every shown example of every shown cycle, the network after training,
and the network thinking about a new situation.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

import numpy as np

from .network import Network
from .train import Snapshot, TrainingRun


class Moment(str, Enum):
    BEFORE = "before"
    TRAINING = "training"
    AFTER = "after"
    NEW = "new"


@dataclass(frozen=True)
class Shot:
    """What one held picture shows, and for how many video frames."""

    moment: Moment
    network: Network
    activations: tuple[np.ndarray, ...] | None  # None: the network is not thinking
    frames: int
    snapshot: Snapshot | None = None  # the training step shown (TRAINING only)
    # Network output per example for the training-set table; NaN where not yet known.
    table_outputs: np.ndarray | None = None
    average_error: float | None = None


def frames_per_shot(seconds: float, fps: float) -> int:
    frames = round(seconds * fps)
    if frames < 1:
        raise ValueError(
            f"{seconds:g} s per shot is less than one frame at {fps:g} fps; hold shots longer"
        )
    return frames


def story(run: TrainingRun, hold: int) -> list[Shot]:
    """The default sequence of shots, each held ``hold`` frames."""
    data = run.dataset
    blank = np.full(data.n_examples, np.nan)
    shots = [Shot(Moment.BEFORE, run.initial, None, hold, table_outputs=blank)]

    table = blank.copy()
    for snap in run.snapshots:
        if snap.example == 0:
            table = blank.copy()
        table[snap.example] = snap.output[0]
        shots.append(
            Shot(
                Moment.TRAINING,
                snap.network,
                snap.activations,
                hold,
                snapshot=snap,
                table_outputs=table.copy(),
                average_error=snap.average_error,
            )
        )

    outputs = run.final_outputs()
    final_error = float(np.mean(np.abs(data.targets - outputs)))
    shots.append(Shot(Moment.AFTER, run.final, None, hold, None, outputs[:, 0], final_error))
    shots.append(
        Shot(Moment.NEW, run.final, run.new_situation(), hold, None, outputs[:, 0], final_error)
    )
    return shots


def total_frames(shots: list[Shot]) -> int:
    return sum(shot.frames for shot in shots)
