"""From a training run to the ordered shots of the video and how long each is held.

Default story, as in the original video: the network before training (random weights,
nothing thinking), every shown example of every shown cycle, the network after training,
and the network thinking about a new situation.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum

import numpy as np

from .data import Dataset
from .network import Network
from .train import Snapshot, Training, TrainingRun


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


Holds = int | Sequence[int]  # one hold for every shot, or one per shot in order


def story(run: TrainingRun, holds: Holds) -> list[Shot]:
    """The default sequence of shots of a finished run, held ``holds`` frames."""
    by_cycle = [
        tuple(s for s in run.snapshots if s.cycle == cycle) for cycle in run.cycles
    ]
    return list(_unfold(run.dataset, run.initial, by_cycle, lambda: run, holds))


def unfold(training: Training, holds: Holds) -> Iterator[Shot]:
    """The same shots as :func:`story`, each as soon as the training has produced it."""
    return _unfold(training.dataset, training.initial, training, lambda: training.run, holds)


def shot_count(training: Training) -> int:
    """How many shots the story has, known before training starts."""
    return 1 + len(training.cycles) * training.dataset.n_examples + 2


def _unfold(
    data: Dataset,
    initial: Network,
    cycles: Iterable[Sequence[Snapshot]],
    finished: Callable[[], TrainingRun],
    holds: Holds,
) -> Iterator[Shot]:
    hold = iter(itertools.repeat(holds) if isinstance(holds, int) else holds)
    blank = np.full(data.n_examples, np.nan)
    yield Shot(Moment.BEFORE, initial, None, next(hold), table_outputs=blank)

    for snapshots in cycles:
        table = blank.copy()  # the network's answers fill in as the cycle goes on
        for snap in snapshots:
            table[snap.example] = snap.output[0]
            yield Shot(
                Moment.TRAINING,
                snap.network,
                snap.activations,
                next(hold),
                snapshot=snap,
                table_outputs=table.copy(),
                average_error=snap.average_error,
            )

    run = finished()
    outputs = run.final_outputs()
    final_error = float(np.mean(np.abs(data.targets - outputs)))
    yield Shot(Moment.AFTER, run.final, None, next(hold), None, outputs[:, 0], final_error)
    yield Shot(Moment.NEW, run.final, run.new_situation(), next(hold), None, outputs[:, 0], final_error)
