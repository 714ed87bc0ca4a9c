"""What the picture says: the strings of a shot's panel and of its neurons' numbers.

Pure data, no drawing. The renderer sets its texts from a :class:`Caption`; tests read the
same caption to check that the numbers shown are those of the picture shown. In between two
shots (``--smooth``) the panel follows the wave of thinking: the new example (its title,
inputs and desired answer) arrives with the inputs, and the network's answer (its output,
error, table entry and the average error) with the output neuron's number.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from ..data import Dataset
from ..timeline import Moment, Shot
from .activity import signed

Piece = tuple[str, str]  # a string and the space after it: a line set piece by piece
Row = tuple[str, str, str]  # a row of the training set: inputs, desired, network

TITLES = {
    Moment.BEFORE: "Before training",
    Moment.TRAINING: "Learning",
    Moment.AFTER: "After training",
    Moment.NEW: "A new situation",
}


@dataclass(frozen=True)
class Caption:
    """Every string a shot shows."""

    title: str
    subtitle: str
    line1: str
    line2: tuple[Piece, ...]
    rows: tuple[Row | None, ...]  # the training set, then the new situation (None: empty)
    current: int | None  # the row being considered
    error: tuple[Piece, ...]  # the average error, said in words
    error_bar: float  # the average error as the bar shows it, 0 to 1
    values: tuple[str, ...]  # every neuron's number, layer by layer
    network: str | None  # the network's answer as the panel states it (None: not stated)


def joined(pieces: tuple[Piece, ...]) -> str:
    """A line set piece by piece, as one string."""
    return "".join(string + gap for string, gap in pieces)


@dataclass(frozen=True)
class Story:
    """What the captions of one story need to know besides the shot."""

    dataset: Dataset
    sizes: tuple[int, ...]
    train_cycles: int
    compact: bool = False  # fewer, shorter words for small pictures


def caption(shot: Shot, story: Story) -> Caption:
    """The strings ``shot`` shows (in between two shots: the parts that have arrived)."""
    shown = np.clip(np.concatenate(shot.numbers()), 0.0, 1.0)
    # NaN: no example, or a layer not yet reached (step mode)
    values = tuple("" if np.isnan(v) else f"{v:.2f}" for v in shown)
    if shot.step is not None:  # step mode: the answer arrives with the forward pass
        said = _settled(shot, story, values, answered=shot.step.answered)
        if shot.step.answered or shot.previous is None or _previous_cycle_known(shot):
            return said
        # Not yet answered: the first cycle's average so far is still the one before this
        # example (a later cycle's is the previous cycle's, known before any answer).
        before = _settled(shot.previous, story, values, answered=True)
        return replace(said, error=before.error, error_bar=before.error_bar)
    previous = shot.previous
    if not shot.in_between or previous is None or shot.arrived == len(story.sizes):
        return _settled(shot, story, values, answered=True)
    if shot.arrived == 0:  # the wave has not reached the inputs: still the previous picture
        return _settled(previous, story, values, answered=True)
    # The new example is in, its answer not yet. The first cycle's average so far is still
    # the one before it; a later cycle's is the previous cycle's, known before any answer
    # (the last one kept had said "so far in this cycle: 0.518" under cycle 60,000).
    waiting = _settled(shot, story, values, answered=False)
    if _previous_cycle_known(shot):
        return waiting
    before = _settled(previous, story, values, answered=True)
    return replace(waiting, error=before.error, error_bar=before.error_bar)


def _previous_cycle_known(shot: Shot) -> bool:
    """Whether ``shot``'s average error is the previous cycle's (after the first cycle),
    which is known before its example is answered."""
    return shot.snapshot is not None and shot.snapshot.step != 1


def _settled(shot: Shot, story: Story, values: tuple[str, ...], answered: bool) -> Caption:
    data, short = story.dataset, story.compact
    line1, line2 = "", (("", ""),)
    network: str | None = None
    current: int | None = None
    if shot.moment is Moment.BEFORE:
        subtitle, line1, line2 = _before(story)
    elif shot.moment is Moment.TRAINING:
        snap = shot.snapshot
        assert snap is not None  # a TRAINING shot always carries its snapshot
        current = snap.example
        subtitle = f"Cycle {snap.step:,} of {story.train_cycles:,}"
        line1 = f"Example {snap.example + 1} of {data.n_examples}: inputs {_vector(snap.inputs)}"
        line2 = (("desired", " "), (_vector(snap.target)[1:-1], ""))
        if answered:
            network = f"{snap.output[0]:.2f}"
            error = signed(snap.error[0])
            line2 = (("desired", " "), (line2[1][0], "   "), ("network", " "), (network, "   "),
                     ("error", " "), (error, ""))
    elif shot.moment is Moment.AFTER:
        subtitle, line1, line2 = _after(shot, story)
    else:
        current = data.n_examples
        subtitle = "Inputs it has never seen"
        line1 = f"Inputs {_vector(data.new_inputs)}"
        if answered:
            network = f"{float(shot.activations[-1][0]):.2f}"
            line1 += f": it estimates {network}"
        if data.new_target is not None:
            line2 = ((f"The correct answer is {_vector(data.new_target)[1:-1]}", ""),)
    error, bar = _average_error(shot, short)
    return Caption(
        TITLES[shot.moment], subtitle, line1, line2, _rows(shot, data, network, answered, current),
        current, error, bar, values, network,
    )


def _before(story: Story) -> tuple[str, str, tuple[Piece, ...]]:
    data = story.dataset
    synapses = sum(a * b for a, b in zip(story.sizes, story.sizes[1:]))
    shape = " → ".join(str(n) for n in story.sizes) + f" neurons, {synapses} synapses"
    if story.compact:
        said = f"It will see {data.n_examples} examples {story.train_cycles:,} times"
        return "Random weights: not thinking yet", shape, ((said, ""),)
    # Short words: the panel keeps its margin up to the largest count (10,000,000).
    said = f"It will see these {data.n_examples} examples {story.train_cycles:,} times"
    return "Random weights: nothing to think about yet", shape, ((said, ""),)


def _after(shot: Shot, story: Story) -> tuple[str, str, tuple[Piece, ...]]:
    data = story.dataset
    subtitle = f"{story.train_cycles:,} cycles through the {data.n_examples} examples"
    worst = np.nanmax(np.abs(data.targets[:, 0] - shot.table_outputs))
    line1 = f"Largest error on the examples: {worst:.3f}"
    # Which input did it learn to ignore? The one whose outgoing synapses withered.
    strength = np.abs(shot.network.W[0]).mean(axis=1)
    weakest = int(np.argmin(strength))
    others = np.delete(strength, weakest).mean()
    # Mean sizes of weights: the input's, then the other inputs' ("vs 5.46" said not what).
    if story.compact:  # full-size digits: a subscript would be too small to read
        said = f"x{weakest + 1} withered: |w| {strength[weakest]:.2f}, others {others:.2f}"
    else:
        said = (f"x{subscript(weakest + 1)}'s synapses withered: |w| {strength[weakest]:.2f}, "
                f"others {others:.2f}")
    return subtitle, line1, ((said, ""),)


def _rows(
    shot: Shot, data: Dataset, network: str | None, answered: bool, current: int | None
) -> tuple[Row | None, ...]:
    outputs = shot.table_outputs if shot.table_outputs is not None else np.full(data.n_examples, np.nan)
    rows: list[Row | None] = []
    for i, (x, t, o) in enumerate(zip(data.inputs, data.targets[:, 0], outputs)):
        answer = "" if np.isnan(o) or (i == current and not answered) else f"{o:.2f}"
        rows.append((_cells(x), f"{t:g}", answer))
    if shot.moment is Moment.NEW:
        # Its answer was never shown to the network, but the viewer is told it (line 2):
        # the row says the same, "?" only where nobody knows it.
        desired = "?" if data.new_target is None else f"{data.new_target[0]:g}"
        rows.append((_cells(data.new_inputs), desired, network or ""))
    else:
        rows.append(None)
    return tuple(rows)


def _average_error(shot: Shot, short: bool) -> tuple[tuple[Piece, ...], float]:
    if shot.average_error is None:
        return (("Average error: not measured yet", ""),), 0.0
    if shot.moment is not Moment.TRAINING:
        label = "Average error after training:"
    elif shot.snapshot is not None and shot.snapshot.step == 1:
        label = "Average error, this cycle so far:" if short else "Average error so far in this cycle:"
    else:
        label = "Average error, previous cycle:" if short else "Average error over the previous cycle:"
    return ((label, " "), (f"{shot.average_error:.3f}", "")), min(max(shot.average_error, 0.0), 1.0)


def _vector(values: np.ndarray) -> str:
    return "[" + ", ".join(f"{v:g}" for v in values) + "]"


def _cells(values: np.ndarray) -> str:
    return " ".join(f"{v:g}" for v in values)


def subscript(n: int) -> str:
    return str(n).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))
