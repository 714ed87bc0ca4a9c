"""Shots: what one held picture shows and for how many frames, and the motion between them.

Which shots a recording becomes is the story's business (:mod:`.story`); this module holds
the shot itself, the arithmetic of holds, and the tweening of ``--smooth``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from enum import Enum
from typing import TYPE_CHECKING

import numpy as np

from .network import Network
from .recording import Curve, Snapshot

if TYPE_CHECKING:
    from .steps import StepView
    from .sweep import LayerView


class Moment(str, Enum):
    BEFORE = "before"
    TRAINING = "training"
    AFTER = "after"
    NEW = "new"  # the trained network thinking about a situation it never saw (XOR)
    TEST = "test"  # the trained network thinking about a test example
    PROBE = "probe"  # the trained network thinking about a picture that is not from the data
    LAYER = "layer"  # what one hidden layer can tell apart (the layer sweep)


@dataclass(frozen=True)
class Case:
    """An example the trained network is shown after training (a test example)."""

    index: int | None  # in the test set (or the training set, where there is none); None: not the data's
    inputs: np.ndarray
    target: np.ndarray
    output: np.ndarray
    right: bool | None  # whether its class is right (None: not a classification)
    from_test: bool = True
    label: str = ""  # what a probe is ("random noise"); empty for the data's own examples


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
    curve: Curve | None = None  # the metrics up to this moment, for panels that plot them
    case: Case | None = None  # the example a TEST shot thinks about
    # A LAYER shot: which hidden layer, the network its map shows (the trained network's
    # layers up to it and its best straight-line read-out) and that read-out's accuracy.
    layer: int | None = None
    map_network: Network | None = None
    layer_accuracy: float | None = None
    layer_view: LayerView | None = None  # and the plane as that layer sees it
    # A picture of step mode (``--steps``): how far the example has gone forward through the
    # network and the error back through it (None: not a step of one).
    step: StepView | None = None

    def numbers(self) -> tuple[np.ndarray, ...]:
        """The activation each neuron's number shows, layer by layer: always a real one
        (this shot's, or in between the previous shot's where the wave has not arrived), or
        none (NaN) where there is none: a network given no example (before and after
        training) is not thinking, and in step mode a layer the forward pass has not reached
        has not yet."""
        now = _said(self)
        if self.step is not None:
            return tuple(a if lit >= 0.5 else np.full(len(a), np.nan) for a, lit in zip(now, self.step.lit))
        if not self.in_between or self.previous is None:
            return now
        return now[: self.arrived] + _said(self.previous)[self.arrived :]

    def brightness(self) -> tuple[np.ndarray, ...]:
        """How brightly each neuron glows, layer by layer."""
        return self.glow if self.glow is not None else _thinking(self)


def shot_starts(holds: Sequence[int]) -> list[int]:
    """The frame on which each shot starts."""
    return np.concatenate([[0], np.cumsum(holds)[:-1]]).astype(int).tolist()


def whole_frames(seconds: float, fps: float) -> int:
    """The nearest whole number of frames, a half rounded up (round() takes halves to even:
    a hold of half a frame, which the options accept, had been none, and a traceback)."""
    return math.floor(seconds * fps + 0.5)


def frames_per_shot(seconds: float, fps: float) -> int:
    frames = whole_frames(seconds, fps)
    if frames < 1:
        raise ValueError(
            f"{seconds:g} s per shot is less than one frame at {float(fps):g} fps; hold shots longer"
        )
    return frames


Holds = int | Sequence[int]  # one hold for every shot, or one per shot in order


TWEEN_SECONDS = 0.6  # how long the change from one shot to the next takes with smoothing


def tween_frames(fps: float) -> int:
    return max(1, round(TWEEN_SECONDS * fps))


def tween_holds(hold: int, fps: float) -> list[int]:
    """The holds of one shot's pictures as it grows out of the one before: one frame each
    while it changes, then the finished picture held for the rest of the shot."""
    moving = min(hold, tween_frames(fps))
    return [1] * (moving - 1) + [hold - moving + 1]


def tween(shots: Iterable[Shot], fps: float, keep: Moment | None = None) -> Iterator[Shot]:
    """Motion instead of a slideshow: every shot grows out of the one before.

    Over the first TWEEN_SECONDS of a shot the weights move from the previous shot's to this
    one's (eased), and the thinking travels through the network as a wave: layer by layer,
    inputs first, each neuron's glow moves from its old activation to its new one. Numbers do
    not fade through values the network never had: each switches from the old activation to
    the new one as the wave passes the middle of its layer (``arrived``), so binary inputs
    show 0 or 1. The last picture of the change is the shot itself, held for the rest of its
    time. Shots of the moment ``keep`` (step mode's training shots, which move in their own
    way) pass through as they are.
    """
    steps = tween_frames(fps)
    previous: Shot | None = None
    for shot in shots:
        if previous is None or shot.moment is keep:  # ``keep``: shots with motion of their own
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
                shot.network.hidden, shot.network.output,
            )
            # Layer l changes while the wave passes it: during [l/L, (l+1)/L] of the move.
            wave = [min(max(p * layers - layer, 0.0), 1.0) for layer in range(layers)]
            arrived = sum(w >= 0.5 for w in wave)
            glow = tuple(a + (b - a) * w for a, b, w in zip(before, after, wave))
            yield replace(shot, network=network, frames=1, in_between=True, previous=previous,
                          arrived=arrived, glow=glow)
        yield replace(shot, frames=shot.frames - moving + 1)
        previous = shot


def _said(shot: Shot) -> tuple[np.ndarray, ...]:
    """A shot's activations, NaN when the network is not thinking or they are not known
    (no number to show)."""
    if shot.activations is not None:
        return tuple(np.asarray(a, dtype=float) for a in shot.activations)
    return tuple(np.full(n, np.nan) for n in shot.network.sizes)


def _thinking(shot: Shot) -> tuple[np.ndarray, ...]:
    """A shot's activations (zeros when the network is not thinking, and for a layer whose
    activations are not known: a recording of weights alone)."""
    if shot.activations is not None:
        return tuple(np.nan_to_num(np.asarray(a, dtype=float), nan=0.0) for a in shot.activations)
    return tuple(np.zeros(n) for n in shot.network.sizes)
