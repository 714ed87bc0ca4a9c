"""Online training that records snapshots at the shown cycles.

One weight update after every example, in the data set's order; a *cycle* is one pass
through all examples. At each shown cycle a :class:`Snapshot` is kept right after each
example's update. Between shown cycles nothing is recorded and the compiled kernel runs
at full speed.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from .data import Dataset
from .kernel import Params, compile_kernel, fits_kernel
from .network import Network, initial_network
from .schedule import shown_cycles


class TrainingError(ValueError):
    """Training could not produce a usable network (e.g. it diverged)."""


# A weight this large has left any sense: a sigmoid neuron fed through it is stuck at 0 or 1
# for every input, and the steps that made it will only grow. Training has diverged.
DIVERGED_WEIGHT = 1e6
CHECK_EVERY = 10_000  # cycles run between two checks for divergence


def check_finite(params: Sequence[float], cycle: int, learning_rate: float) -> None:
    """Raise TrainingError if the parameters diverged (non-finite or absurdly large)."""
    largest = max((abs(p) for p in params), default=0.0)
    if not math.isfinite(largest) or largest > DIVERGED_WEIGHT:
        what = "became infinite" if not math.isfinite(largest) else f"reached {largest:.3g}"
        raise TrainingError(
            f"training diverged by cycle {cycle:,}: the weights {what}; lower the learning rate "
            f"(it is {learning_rate:g}; 0.1 to 10 suit this network)"
        )


@dataclass(frozen=True)
class TrainConfig:
    seed: int = 0
    train_cycles: int = 60_000
    shown: int = 13
    learning_rate: float = 1.0
    bias: bool = False
    hidden: tuple[int, ...] = (4,)


def _frozen(values: object) -> np.ndarray:
    array = np.array(values, dtype=float)  # always a copy
    array.setflags(write=False)
    return array


@dataclass(frozen=True)
class Snapshot:
    """The network right after the update for one example of a shown cycle."""

    cycle: int  # 1-based training cycle
    example: int  # 0-based index into the data set
    inputs: np.ndarray
    target: np.ndarray
    output: np.ndarray  # what the network answered before this update
    error: np.ndarray  # target - output
    network: Network  # weights (and biases) after the update
    activations: tuple[np.ndarray, ...]  # every layer's activations for this example
    average_error: float  # mean |error| over the previous cycle (cycle 1: over the cycle so far)


@dataclass(frozen=True)
class TrainingRun:
    config: TrainConfig
    dataset: Dataset
    initial: Network
    final: Network
    cycles: tuple[int, ...]  # the shown cycles
    snapshots: tuple[Snapshot, ...]

    @property
    def sizes(self) -> tuple[int, ...]:
        return self.initial.sizes

    def final_outputs(self) -> np.ndarray:
        return self.final.output_of(self.dataset.inputs)

    def new_situation(self) -> tuple[np.ndarray, ...]:
        """Every layer's activations as the trained network thinks about the new inputs."""
        return tuple(_frozen(a) for a in self.final.forward(self.dataset.new_inputs))


def _flatten(network: Network, bias: bool) -> Params:
    values = [float(v) for W in network.W for v in W.ravel()]
    if bias:
        values += [float(v) for b in network.b for v in b]
    return values


def _unflatten(params: Sequence[float], sizes: Sequence[int], bias: bool) -> Network:
    flat = np.asarray(params, dtype=float)
    W, b, at = [], [], 0
    for n_in, n_out in zip(sizes, sizes[1:]):
        W.append(_frozen(flat[at : at + n_in * n_out].reshape(n_in, n_out)))
        at += n_in * n_out
    for n_out in sizes[1:]:
        b.append(_frozen(flat[at : at + n_out]) if bias else _frozen(np.zeros(n_out)))
        at += n_out if bias else 0
    return Network(tuple(W), tuple(b))


class _NumpyStepper:
    """The same ``run``/``step`` contract as a compiled kernel, on numpy arrays.

    Used for networks too large for a kernel, and to carry on when a kernel overflows
    (numpy's exp saturates to inf where math.exp raises).
    """

    def __init__(self, sizes: Sequence[int], bias: bool) -> None:
        self.sizes, self.bias = tuple(sizes), bias

    def step(self, params: Params, example: tuple, lr: float) -> tuple[Params, list, list]:
        net = _unflatten(params, self.sizes, self.bias)
        x, t = (np.array(v, dtype=float) for v in example)
        with np.errstate(over="ignore"):
            a = net.forward(x)
            dW, db = net.backward(a, t)
        W = [w + lr * d for w, d in zip(net.W, dW)]
        b = [v + lr * d for v, d in zip(net.b, db)] if self.bias else list(net.b)
        new = _flatten(Network(tuple(W), tuple(b)), self.bias)
        return new, [list(layer) for layer in a], list(t - a[-1])

    def run(self, params: Params, examples: Sequence[tuple], cycles: int, lr: float):
        err = 0.0
        for _ in range(cycles):
            err = 0.0
            for example in examples:
                params, _, errors = self.step(params, example, lr)
                err += sum(abs(e) for e in errors)
        return params, err


class Training:
    """Training as it happens: iterating yields each shown cycle's snapshots as soon as they
    exist, so a video can be drawn and encoded while the network is still learning.

    ``initial`` is known before the first update; ``run`` once the iteration is over.
    """

    def __init__(self, dataset: Dataset, config: TrainConfig = TrainConfig()) -> None:
        if config.learning_rate <= 0 or not np.isfinite(config.learning_rate):
            raise ValueError("the learning rate must be a positive number")
        self.dataset, self.config = dataset, config
        self.sizes = (dataset.n_inputs, *config.hidden, dataset.n_outputs)
        self.cycles = tuple(shown_cycles(config.shown, config.train_cycles))
        self.initial = initial_network(self.sizes, np.random.default_rng(config.seed), config.bias)
        self._run: TrainingRun | None = None

    @property
    def run(self) -> TrainingRun:
        if self._run is None:
            raise RuntimeError("training has not finished: iterate over it first")
        return self._run

    def __iter__(self) -> Iterator[tuple[Snapshot, ...]]:
        dataset, config, sizes = self.dataset, self.config, self.sizes
        examples = [
            (tuple(map(float, x)), tuple(map(float, t)))
            for x, t in zip(dataset.inputs, dataset.targets)
        ]
        per_cycle = dataset.n_examples * dataset.n_outputs
        fallback = _NumpyStepper(sizes, config.bias)
        stepper = compile_kernel(sizes, config.bias) if fits_kernel(sizes) else fallback
        lr = config.learning_rate

        def guarded(method: str, *args):
            nonlocal stepper
            try:
                return getattr(stepper, method)(*args)
            except OverflowError:
                stepper = fallback
                return getattr(stepper, method)(*args)

        params = _flatten(self.initial, config.bias)
        snapshots: list[Snapshot] = []
        done = 0
        previous_average = 0.0
        for cycle in self.cycles:
            while cycle - 1 > done:  # in chunks, so that divergence is caught early
                chunk = min(cycle - 1 - done, CHECK_EVERY)
                params, err = guarded("run", params, examples, chunk, lr)
                done += chunk
                check_finite(params, done, lr)
                previous_average = err / per_cycle
            err_so_far = 0.0
            first = len(snapshots)
            for k, example in enumerate(examples):
                params, activations, errors = guarded("step", params, example, lr)
                err_so_far += sum(abs(e) for e in errors)
                average = previous_average if cycle > 1 else err_so_far / ((k + 1) * dataset.n_outputs)
                snapshots.append(
                    Snapshot(
                        cycle=cycle,
                        example=k,
                        inputs=_frozen(example[0]),
                        target=_frozen(example[1]),
                        output=_frozen(activations[-1]),
                        error=_frozen(errors),
                        network=_unflatten(params, sizes, config.bias),
                        activations=tuple(_frozen(a) for a in activations),
                        average_error=float(average),
                    )
                )
            previous_average = err_so_far / per_cycle
            done = cycle
            check_finite(params, done, lr)
            yield tuple(snapshots[first:])

        final = _unflatten(params, sizes, config.bias)
        self._run = TrainingRun(config, dataset, self.initial, final, self.cycles, tuple(snapshots))


def train(dataset: Dataset, config: TrainConfig = TrainConfig()) -> TrainingRun:
    """Train from seeded random weights and record the shown cycles."""
    training = Training(dataset, config)
    for _ in training:
        pass
    return training.run
