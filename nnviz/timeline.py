"""From a training run to the ordered shots of the video and how long each is held.

Default story, as in the original video: the network before training (random weights,
nothing thinking), every shown example of every shown cycle, the network after training,
and the network thinking about a new situation.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
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
    # A picture on the way to this shot (``tween``): not the shot as it settles.
    in_between: bool = False
    # In between: the shot being left, and how many layers (inputs first) the wave has
    # reached. Those show this shot's numbers; the others still show the previous shot's.
    previous: Shot | None = None
    arrived: int = 0
    # In between: how brightly each neuron glows, eased from the previous shot's activations
    # to this one's (None: as its activations).
    glow: tuple[np.ndarray, ...] | None = None

    def numbers(self) -> tuple[np.ndarray, ...]:
        """The activation each neuron's number shows, layer by layer: always a real one
        (this shot's, or in between the previous shot's where the wave has not arrived)."""
        now = _thinking(self)
        if not self.in_between or self.previous is None:
            return now
        return now[: self.arrived] + _thinking(self.previous)[self.arrived :]

    def brightness(self) -> tuple[np.ndarray, ...]:
        """How brightly each neuron glows, layer by layer."""
        return self.glow if self.glow is not None else _thinking(self)


def shot_starts(holds: Sequence[int]) -> list[int]:
    """The frame on which each shot starts."""
    return np.concatenate([[0], np.cumsum(holds)[:-1]]).astype(int).tolist()


def frames_per_shot(seconds: float, fps: float) -> int:
    frames = round(seconds * fps)
    if frames < 1:
        raise ValueError(
            f"{seconds:g} s per shot is less than one frame at {float(fps):g} fps; hold shots longer"
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


TWEEN_SECONDS = 0.6  # how long the change from one shot to the next takes with smoothing


def tween_frames(fps: float) -> int:
    return max(1, round(TWEEN_SECONDS * fps))


def tweened_holds(holds: Sequence[int], fps: float) -> list[int]:
    """The holds of :func:`tween`'s pictures: one frame each while a shot changes into the
    next, then the finished picture held for the rest of the shot (same total)."""
    steps = tween_frames(fps)
    out: list[int] = list(holds[:1])  # the first shot has nothing to grow out of
    for hold in holds[1:]:
        moving = min(hold, steps)
        out += [1] * (moving - 1) + [hold - moving + 1]
    return out


def tween(shots: Iterable[Shot], fps: float) -> Iterator[Shot]:
    """Motion instead of a slideshow: every shot grows out of the one before.

    Over the first TWEEN_SECONDS of a shot the weights move from the previous shot's to this
    one's (eased), and the thinking travels through the network as a wave: layer by layer,
    inputs first, each neuron's glow moves from its old activation to its new one. Numbers do
    not fade through values the network never had: each switches from the old activation to
    the new one as the wave passes the middle of its layer (``arrived``), so binary inputs
    show 0 or 1. The last picture of the change is the shot itself, held for the rest of its
    time.
    """
    steps = tween_frames(fps)
    previous: Shot | None = None
    for shot in shots:
        if previous is None:
            yield shot
            previous = shot
            continue
        moving = min(shot.frames, steps)
        before = _thinking(previous)
        after = _thinking(shot)
        layers = len(after)
        for i in range(1, moving):
            p = i / moving
            eased = p * p * (3 - 2 * p)  # smoothstep: starts and ends gently
            network = Network(
                tuple(a + (b - a) * eased for a, b in zip(previous.network.W, shot.network.W)),
                tuple(a + (b - a) * eased for a, b in zip(previous.network.b, shot.network.b)),
            )
            # Layer l changes while the wave passes it: during [l/L, (l+1)/L] of the move.
            wave = [min(max(p * layers - layer, 0.0), 1.0) for layer in range(layers)]
            arrived = sum(w >= 0.5 for w in wave)
            glow = tuple(a + (b - a) * w for a, b, w in zip(before, after, wave))
            yield replace(shot, network=network, frames=1, in_between=True, previous=previous,
                          arrived=arrived, glow=glow)
        yield replace(shot, frames=shot.frames - moving + 1)
        previous = shot


def _thinking(shot: Shot) -> tuple[np.ndarray, ...]:
    """A shot's activations (zeros when the network is not thinking)."""
    if shot.activations is not None:
        return tuple(np.asarray(a, dtype=float) for a in shot.activations)
    return tuple(np.zeros(n) for n in shot.network.sizes)


MOMENT_NAMES = ("before", "after", "new")
MOMENT_HELP = "before, after, new, or cycle:N/example:K (a shown cycle, an example from 1)"


@dataclass(frozen=True)
class MomentSpec:
    """A moment of the story: a named one, or one training step (cycle, example from 1)."""

    name: str
    cycle: int | None = None
    example: int | None = None

    def __str__(self) -> str:
        return self.name if self.cycle is None else f"cycle:{self.cycle}/example:{self.example}"


def parse_moment(text: str, shown: Sequence[int], examples: int) -> MomentSpec:
    """Read ``before``, ``after``, ``new`` or ``cycle:N/example:K``; ValueError says why not."""
    text = text.strip().lower()
    if text in MOMENT_NAMES:
        return MomentSpec(text)
    parts = dict(part.split(":", 1) for part in text.split("/") if ":" in part)
    if set(parts) != {"cycle", "example"} or text.count("/") != 1:
        raise ValueError(f"unknown moment {text!r}; use {MOMENT_HELP}")
    try:
        cycle, example = int(parts["cycle"]), int(parts["example"])
    except ValueError:
        raise ValueError(f"unknown moment {text!r}; use {MOMENT_HELP}") from None
    if cycle not in shown:
        raise ValueError(
            f"cycle {cycle} is not shown; the shown cycles are {', '.join(map(str, shown))}"
        )
    if not 1 <= example <= examples:
        raise ValueError(f"example {example} is out of range; use 1 to {examples}")
    return MomentSpec("training", cycle, example)


def pick(shots: Iterable[Shot], moment: MomentSpec) -> Shot:
    """The shot of ``moment`` as it settles. Stops at it: shots that are still being
    trained for are not made."""
    for shot in shots:
        if shot.in_between:
            continue
        if moment.cycle is None:
            if shot.moment.value == moment.name:
                return shot
        elif (
            shot.snapshot is not None
            and shot.snapshot.cycle == moment.cycle
            and shot.snapshot.example == moment.example - 1
        ):
            return shot
    raise ValueError(f"no shot for the moment {moment}")


def label(shot: Shot) -> str:
    """A shot's name on a contact sheet."""
    if shot.snapshot is not None:
        return f"cycle {shot.snapshot.cycle:,} · example {shot.snapshot.example + 1}"
    return {Moment.BEFORE: "before training", Moment.AFTER: "after training",
            Moment.NEW: "a new situation"}.get(shot.moment, shot.moment.value)
