"""A recording of a training run: the one currency between learning and pictures.

Whoever trained (nnviz's own trainer, or a user's loop through :class:`~nnviz.recorder.Recorder`),
everything downstream reads only this: the network's shape and kind (:class:`Setup`) and an
ordered list of immutable :class:`Snapshot` values, one for each example shown at each shown
step, plus the network before and after training and the metrics along the way.

A live training run offers the same things while it is still going (:class:`Source`): its
snapshots arrive a shown step at a time, so that a video is drawn while the network learns.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

import numpy as np

from .data import Dataset
from .data.table import LARGEST_INPUT
from .network import Network
from .words import counted, undrawable

STORIES = ("examples", "classes", "steps")
LONGEST_WORDS = 200  # characters of a step's name, a title or a class name
# What a story shows at each shown step:
# - "examples": every example of the data set in turn, each after its update (online
#   training of a small table, as the XOR video), then the new situation;
# - "classes": one example per shown step, cycling through the classes, then test examples;
# - "steps": whatever was recorded, one shot per snapshot (a user's own loop).


def frozen(values: object) -> np.ndarray:
    """An immutable float copy."""
    array = np.array(values, dtype=float)
    array.setflags(write=False)
    return array


@dataclass(frozen=True)
class Setup:
    """What a recording is of, known before training starts."""

    sizes: tuple[int, ...]
    hidden: str = "sigmoid"
    output: str = "squared"
    kind: str = "tabular"  # how the data is shown: "tabular", "points", "image"
    story: str = "examples"
    steps: int = 1  # how many steps (cycles, epochs) training takes in all
    first_step: int = 1  # where the curves' step axis starts: 0 for a run recorded from step 0
    # Whether the curves have test values. None: whenever the data has a test set (nnviz's own
    # training measures it every step); a recording says what it logged.
    tested: bool | None = None
    # The curves a recording never logged a value of ("loss", "accuracy"): said so on their
    # plots, which had stood empty. Empty: every curve has values (nnviz's own training).
    unlogged: tuple[str, ...] = ()
    step_name: str = "cycle"  # what a step is called: "cycle", "epoch", "step"
    classes: tuple[str, ...] | None = None
    dataset: Dataset | None = None  # the data, where it is known (a table, a decision map)
    title: str = ""  # what the data is, for captions ("XOR", "spiral", …)
    bias: bool = False
    batch: int | None = 1  # examples per update (None: the whole training set)
    dropout: float = 0.0  # chance of dropping a hidden neuron during training
    learning_rate: float | None = None
    learning_rate_decay: str = "none"  # see train.DECAYS
    # A classifier whose top probability is below this says "I don't know" (None: it always answers).
    unsure: float | None = None
    probes: bool = False  # after the test examples, pictures that are not from the data
    seed: int = 0  # of the run's random choices (the probes' noise among them)
    weight_grids: bool = False  # the panel shows the first hidden layer's weights as pictures
    neuron_maps: bool = False  # each hidden neuron drawn as what it computes over the input plane
    annotate: bool = False  # every weight written on its wire, every bias under its neuron
    layer_sweep: bool = False  # closing shots: what each hidden layer can tell apart
    # A recording's closing shots: test examples, as a trained classifier's video ends (its
    # activations named, so the final network's answers are computed, not guessed).
    closing_tests: bool = False

    @property
    def ends_on_tests(self) -> bool:
        """Whether the story closes on test examples (a trained classifier's, or a recording's
        whose network is known)."""
        return self.story == "classes" or self.closing_tests

    @property
    def synapses(self) -> int:
        return sum(a * b for a, b in zip(self.sizes, self.sizes[1:]))


@dataclass(frozen=True)
class Metrics:
    """How well the network does at one step (None where not measured)."""

    loss: float | None = None
    accuracy: float | None = None  # a fraction, for classification
    test_loss: float | None = None
    test_accuracy: float | None = None


@dataclass(frozen=True)
class Curve:
    """The metrics step by step, up to some step (NaN where not measured)."""

    steps: np.ndarray
    loss: np.ndarray
    accuracy: np.ndarray
    test_loss: np.ndarray
    test_accuracy: np.ndarray

    @staticmethod
    def of(steps: Sequence[int], metrics: Sequence[Metrics]) -> Curve:
        def column(name: str) -> np.ndarray:
            values = [getattr(m, name) for m in metrics]
            return frozen([np.nan if v is None else v for v in values])

        return Curve(frozen(steps), column("loss"), column("accuracy"), column("test_loss"),
                     column("test_accuracy"))

    def until(self, step: int) -> Curve:
        """The curve up to and including ``step``."""
        n = int(np.searchsorted(self.steps, step, side="right"))
        return Curve(self.steps[:n], self.loss[:n], self.accuracy[:n], self.test_loss[:n],
                     self.test_accuracy[:n])

    def __len__(self) -> int:
        return len(self.steps)


EMPTY_CURVE = Curve.of([], [])


@dataclass(frozen=True)
class Snapshot:
    """The network right after a step's update, thinking about one example."""

    step: int  # 1-based cycle, epoch or step
    example: int | None  # index into the training set, where known
    inputs: np.ndarray
    target: np.ndarray
    output: np.ndarray  # what the network answered (before this update, in online training)
    network: Network  # weights and biases after the update
    activations: tuple[np.ndarray, ...]  # every layer's activations for this example
    metrics: Metrics = field(default_factory=Metrics)
    average_error: float | None = None  # mean |error| over the previous cycle (XOR's bar)
    dropped: tuple[np.ndarray, ...] | None = None  # per hidden layer, True where dropped out

    @property
    def error(self) -> np.ndarray:
        return self.target - self.output


class Source(Protocol):
    """A recording, finished or still being made: its setup and starting network at once,
    its snapshots a shown step at a time, the rest when they have all been seen."""

    setup: Setup
    initial: Network | None

    def __iter__(self) -> Iterator[tuple[Snapshot, ...]]: ...

    @property
    def recording(self) -> Recording: ...

    def curve(self) -> Curve: ...


@dataclass(frozen=True)
class Recording:
    """A finished training run (a :class:`Source` that is already complete)."""

    setup: Setup
    initial: Network | None
    snapshots: tuple[Snapshot, ...]
    final: Network
    history: Curve = EMPTY_CURVE  # the metrics at every step measured
    # What its maker knows about it (a loop's records that contradict themselves), said with
    # every video of it and kept in its file.
    notes: tuple[str, ...] = ()

    @property
    def recording(self) -> Recording:
        return self

    @property
    def steps(self) -> tuple[int, ...]:
        """The shown steps, in order."""
        return tuple(dict.fromkeys(s.step for s in self.snapshots))

    @property
    def sizes(self) -> tuple[int, ...]:
        return self.setup.sizes

    @property
    def dataset(self) -> Dataset | None:
        return self.setup.dataset

    def __iter__(self) -> Iterator[tuple[Snapshot, ...]]:
        for step in self.steps:
            yield tuple(s for s in self.snapshots if s.step == step)

    def curve(self) -> Curve:
        return self.history

    def final_outputs(self) -> np.ndarray:
        """The trained network's answers for the training set."""
        return self.final.output_of(self.setup.dataset.inputs)

    def new_situation(self) -> tuple[np.ndarray, ...]:
        """Every layer's activations as the trained network thinks about the new inputs."""
        return tuple(frozen(a) for a in self.final.forward(self.setup.dataset.new_inputs))


def _two_pairs(domain: object) -> bool:
    """Whether ``domain`` is a plane: two (low, high) pairs of numbers, low below high, within
    ±1e100 as inputs are (a span of 2e308 overflowed the map's arithmetic)."""
    try:
        axes = [(float(low), float(high)) for low, high in domain]
    except (TypeError, ValueError):
        return False
    return len(axes) == 2 and all(-LARGEST_INPUT <= low < high <= LARGEST_INPUT for low, high in axes)


MOST_STEPS = 10**15  # beyond any loop; a recording stores steps as 64-bit integers


def first_step(snapshots: Sequence[Snapshot], curve: Curve) -> int:
    """Where a recording's step axis starts: 0 if it has step 0 (the network before
    training, or its metrics), else 1."""
    steps = [s.step for s in snapshots] + [int(v) for v in curve.steps[:1]]
    return 0 if steps and min(steps) == 0 else 1


def as_recorded(setup: Setup, snapshots: Sequence[Snapshot], curve: Curve) -> Setup:
    """The setup with what a recording's steps and metrics say of its curves: where their
    step axis starts, and whether they have a test set's values."""
    tested = bool(np.isfinite(curve.test_loss).any() or np.isfinite(curve.test_accuracy).any())
    unlogged = tuple(what for what, values in (("loss", (curve.loss, curve.test_loss)),
                                               ("accuracy", (curve.accuracy, curve.test_accuracy)))
                     if not any(np.isfinite(v).any() for v in values))
    return replace(setup, first_step=first_step(snapshots, curve), tested=tested, unlogged=unlogged)


def names_misfit(classes: Sequence[str], outputs: int) -> str | None:
    """What is wrong with naming ``classes`` for a network of ``outputs``; None if nothing."""
    named = outputs if outputs > 1 else 2  # one sigmoid output tells two classes apart
    if len(classes) == named:
        return None
    return (f"{len(classes)} class name{'s' * (len(classes) != 1)} for {named} classes "
            f"({outputs} output{'s' * (outputs > 1)})")


def inconsistency(recording: Recording) -> str | None:
    """What in ``recording`` contradicts the rest (a saved file edited by hand, a recorder given
    names that do not fit its network), in words; None if nothing does. Each part was checked
    alone where it was read; this is what only the whole can tell."""
    setup, data = recording.setup, recording.setup.dataset
    if setup.classes is not None and (problem := names_misfit(setup.classes, setup.sizes[-1])):
        return problem
    last = max((snapshot.step for snapshot in recording.snapshots), default=0)
    if not isinstance(setup.steps, int) or setup.steps < max(last, 1):
        return f"the run's length is {setup.steps!r} steps, but it recorded step {last}"
    steps = [snapshot.step for snapshot in recording.snapshots]
    if any(step < 0 for step in steps) or any(b <= a for a, b in zip(steps, steps[1:])):
        return "its steps do not increase from 0 or more, one record each"
    named = [*(("a class name", name) for name in setup.classes or ()), ("its step name", setup.step_name),
             ("its title", setup.title)]
    for what, words in named:  # before any is quoted: a hand-edited title of 100,000 characters
        if len(words) > LONGEST_WORDS:
            return f"{what} is {len(words):,} characters long; the pictures take at most {LONGEST_WORDS}"
    for name in setup.classes or ():
        if undrawable(name) is not None or not name.strip():
            return f"the class name {name!r} is empty or holds a character no font draws"
    for what, words in (("step name", setup.step_name), ("title", setup.title)):
        if undrawable(words) is not None:  # a line break or an escape would reach the terminal too
            return f"its {what} holds a character no font draws"
    sizes = setup.sizes
    for snapshot in recording.snapshots:
        drawn = (snapshot.inputs, snapshot.target, snapshot.output, *(snapshot.dropped or ()))
        expected = (sizes[0], sizes[-1], sizes[-1], *(sizes[1:-1] if snapshot.dropped is not None else ()))
        if any(np.shape(array) != (n,) for array, n in zip(drawn, expected)) or (
                snapshot.dropped is not None and len(snapshot.dropped) != len(sizes) - 2):
            return (f"step {snapshot.step}'s inputs, target, output or dropped neurons do not fit the "
                    f"layers {sizes}")
    history = recording.history
    if np.any(np.diff(history.steps) <= 0):
        return "its history's steps do not increase, one row each"
    for name in ("accuracy", "test_accuracy"):
        values = getattr(history, name)
        if np.any((values < 0) | (values > 1)):  # NaN (not measured) compares false
            return f"its history's {name.replace('_', ' ')} is not from 0 to 1"
    for snapshot in recording.snapshots:
        known = [v[np.isfinite(v)] for v in (snapshot.output, snapshot.target)]
        if any(np.any((v < 0) | (v > 1)) for v in known):  # every output is a probability
            return f"step {snapshot.step}'s output or target is not from 0 to 1"
        if np.any(np.isinf(snapshot.inputs)):
            return f"step {snapshot.step}'s inputs hold infinity"
        for metric in ("accuracy", "test_accuracy"):
            value = getattr(snapshot.metrics, metric)
            if value is not None and not 0 <= value <= 1:
                return f"step {snapshot.step}'s {metric.replace('_', ' ')} is {value:g}, not from 0 to 1"
    for snapshot in recording.snapshots:
        # A layer of NaN is one not known (a Recorder given no activations and no names to
        # compute them with): drawn blank. Part of a layer NaN, or infinite, is broken.
        if not all(np.all(np.isfinite(a)) or np.all(np.isnan(a)) for a in snapshot.activations):
            return f"the activations at step {snapshot.step} hold NaN or infinity"
    if data is None:
        return None
    if data.n_examples == 0:
        return "the data has no examples"
    if not all(np.isfinite(part).all() for part in (data.inputs, data.test_inputs)):
        return "the data's inputs hold NaN or infinity"
    if data.n_inputs != setup.sizes[0]:
        return f"the data has {counted(data.n_inputs, 'input')} and the network {setup.sizes[0]:,}"
    if data.domain is not None and not _two_pairs(data.domain):
        return f"the data's plane {data.domain!r} is not two (low, high) pairs"
    if data.input_names is not None and len(data.input_names) != data.n_inputs:
        return f"the data names {len(data.input_names)} inputs and has {data.n_inputs}"
    shape = data.image_shape
    if shape is not None and not (len(shape) == 2 and all(isinstance(n, int) and not isinstance(n, bool)
                                                           and n >= 1 for n in shape)
                                  and shape[0] * shape[1] == data.n_inputs):
        return f"the data's pictures of {shape!r} pixels are not its {data.n_inputs} inputs"
    for snapshot in recording.snapshots:
        if snapshot.example is not None and not 0 <= snapshot.example < data.n_examples:
            return (f"step {snapshot.step}'s example {snapshot.example:,} is not one of the data's "
                    f"{data.n_examples:,}")
    return None
