"""Training that records: a data set and a configuration in, a :class:`~nnviz.recording.Source`
out (snapshots at the shown steps, as they happen).

Two ways of training, one recording:

- online (:mod:`.online`): one update after every example, in the data set's order; a
  *cycle* is one pass; at each shown cycle every example is recorded right after its update
  (the XOR video). Small networks use an exact compiled kernel.
- by epochs (:mod:`.epochs`): the training set shuffled every epoch and cut into batches
  (mini-batch, or the full batch); one example is recorded at each shown epoch.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .checks import UsageError, option
from .data import Dataset
from .memory import amount, usable_memory
from .recording import Curve, Metrics, Recording, Setup, Source


class TrainingError(ValueError):
    """Training could not produce a usable network (e.g. it diverged)."""


# A weight this large has left any sense: a sigmoid neuron fed through it is stuck at 0 or 1
# for every input, and the steps that made it will only grow. Training has diverged.
DIVERGED_WEIGHT = 1e6
CHECK_EVERY = 10_000  # cycles run between two checks for divergence
SNAPSHOTS_BESIDE = 3  # kept besides the shown steps: before and after training, the closing shots


def check_finite(params: Sequence[float], step: int, learning_rate: float, name: str = "cycle") -> None:
    """Raise TrainingError if the parameters diverged (non-finite or absurdly large)."""
    values = np.abs(np.fromiter(params, dtype=float))
    finite = bool(np.all(np.isfinite(values)))  # a NaN must not slip past a comparison
    largest = float(values.max()) if finite and values.size else 0.0
    if not finite or largest > DIVERGED_WEIGHT:
        what = "became infinite or NaN" if not finite else f"reached {largest:.3g}"
        raise TrainingError(
            f"training diverged by {name} {step:,}: the weights {what}; lower the learning rate "
            f"(it is {learning_rate:g})"
        )


# How the learning rate moves over the epochs: "none" keeps it; "linear" lowers it in equal
# steps from the rate given, at the first epoch, to a last epoch of 1/E of it (annealing: the
# late, small steps settle the weights instead of shaking them about a minimum).
DECAYS = ("none", "linear")


def epoch_learning_rate(learning_rate: float, decay: str, epoch: int, epochs: int) -> float:
    """The learning rate of ``epoch`` (1 to ``epochs``) under ``decay``."""
    if decay == "linear":
        return learning_rate * (epochs - epoch + 1) / epochs
    return learning_rate


@dataclass(frozen=True)
class TrainConfig:
    seed: int = 0
    train_cycles: int = 60_000  # cycles (online) or epochs
    shown: int = 13  # how many of them are shown
    learning_rate: float = 1.0
    learning_rate_decay: str = "none"  # by epochs: see DECAYS
    bias: bool = False
    hidden: tuple[int, ...] = (4,)  # hidden layer sizes
    activation: str = "sigmoid"  # of the hidden neurons: sigmoid, tanh, relu
    output: str = "squared"  # the output layer and its loss: squared, binary, softmax
    batch: int | None = 1  # examples per update: 1 is online, None the whole training set
    dropout: float = 0.0  # chance of dropping each hidden neuron from an update
    init: str = "uniform"  # starting weights: uniform (-1, 1), glorot or he
    story: str = "examples"  # see recording.STORIES
    unsure: float | None = None  # below this top probability the answer is "I don't know"
    probes: bool = False  # pictures that are not from the data, shown after training
    weight_grids: bool = False  # the first hidden layer's weights shown as pictures
    neuron_maps: bool = False  # each hidden neuron drawn as what it computes over the plane
    annotate: bool = False  # every weight written on its wire, every bias under its neuron
    layer_sweep: bool = False  # closing shots: what each hidden layer can tell apart

    @property
    def online(self) -> bool:
        return self.story == "examples" and self.batch == 1 and self.dropout == 0


class Recorded:
    """What both trainers keep as they go: the metrics step by step, and the recording once
    training has finished (``_recording``, set by the trainer at the end)."""

    def __init__(self) -> None:
        self._recording: Recording | None = None
        self._steps: list[int] = []
        self._metrics: list[Metrics] = []

    @property
    def recording(self) -> Recording:
        if self._recording is None:
            raise RuntimeError("training has not finished: iterate over it first")
        return self._recording

    def curve(self) -> Curve:
        return Curve.of(self._steps, self._metrics)


def setup_of(dataset: Dataset, config: TrainConfig) -> Setup:
    return Setup(
        sizes=(dataset.n_inputs, *config.hidden, dataset.n_outputs),
        hidden=config.activation, output=config.output, kind=dataset.kind, story=config.story,
        steps=config.train_cycles, step_name="cycle" if config.online else "epoch",
        classes=dataset.classes, dataset=dataset, title=dataset.name, bias=config.bias,
        batch=config.batch, dropout=config.dropout, learning_rate=config.learning_rate,
        learning_rate_decay=config.learning_rate_decay, unsure=config.unsure, probes=config.probes,
        seed=config.seed, weight_grids=config.weight_grids,
        neuron_maps=config.neuron_maps, annotate=config.annotate, layer_sweep=config.layer_sweep,
    )


def require_memory(dataset: Dataset, config: TrainConfig) -> None:
    """A UsageError, before any training, where the snapshots of the shown steps would not
    fit in the memory this process may use (the machine's, or its container's limit): a
    network whose snapshots outgrow it had trained until the system killed the process, or
    ran out of memory (2-2048-2048-1 shown at 1,000 epochs needs about 34 GB)."""
    sizes = (dataset.n_inputs, *config.hidden, dataset.n_outputs)
    weights = sum((a + 1) * b for a, b in zip(sizes, sizes[1:]))
    snapshots = (config.shown * (len(dataset.inputs) if config.online else 1)) + SNAPSHOTS_BESIDE
    needed = snapshots * weights * np.dtype(np.float64).itemsize
    memory = usable_memory()
    if memory is not None and needed > memory.bytes:
        shown = snapshots - SNAPSHOTS_BESIDE
        more = "a little more than" if amount(needed) == amount(memory.bytes) else "more than"
        raise UsageError(f"a network of {weights:,} weights, kept for the {shown:,} steps shown and "
                         f"{SNAPSHOTS_BESIDE} more, needs about {amount(needed)} of memory, "
                         f"{more} {memory}: use smaller hidden layers, or "
                         f"show fewer steps ({option('shown')})")


def begin(dataset: Dataset, config: TrainConfig = TrainConfig()) -> Source:
    """Training as it happens: iterate it for each shown step's snapshots."""
    if not (config.learning_rate > 0 and math.isfinite(config.learning_rate)):
        raise ValueError("the learning rate must be a positive number")
    if config.learning_rate_decay not in DECAYS:
        raise ValueError(f"the learning rate's decay must be one of {', '.join(DECAYS)}")
    if config.learning_rate_decay != "none" and config.online:
        raise ValueError("the learning rate decays by epochs: online training keeps it")
    require_memory(dataset, config)
    if config.online:
        from .online import OnlineTraining

        return OnlineTraining(dataset, config)
    from .epochs import EpochTraining

    return EpochTraining(dataset, config)


def train(dataset: Dataset, config: TrainConfig = TrainConfig()) -> Recording:
    """Train from seeded random weights and record the shown steps."""
    training = begin(dataset, config)
    for _ in training:
        pass
    return training.recording
