"""Online training that records every example of the shown cycles (the XOR video).

One weight update after every example, in the data set's order; a *cycle* is one pass
through all examples. At each shown cycle a :class:`~nnviz.recording.Snapshot` is kept right
after each example's update. Between shown cycles nothing is recorded and, for small
networks, an exact compiled kernel runs at full speed.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np

from .data import Dataset
from .kernel import Params, compile_kernel, fits_kernel
from .metrics import measure
from .network import Network, initial_network
from .recording import Recording, Snapshot, frozen
from .schedule import shown_cycles
from .train import CHECK_EVERY, Recorded, TrainConfig, check_finite, setup_of


def _flatten(network: Network, bias: bool) -> Params:
    values = [float(v) for W in network.W for v in W.ravel()]
    if bias:
        values += [float(v) for b in network.b for v in b]
    return values


def _unflatten(params: Sequence[float], like: Network, bias: bool) -> Network:
    flat = np.asarray(params, dtype=float)
    W, b, at = [], [], 0
    sizes = like.sizes
    for n_in, n_out in zip(sizes, sizes[1:]):
        W.append(frozen(flat[at : at + n_in * n_out].reshape(n_in, n_out)))
        at += n_in * n_out
    for n_out in sizes[1:]:
        b.append(frozen(flat[at : at + n_out]) if bias else frozen(np.zeros(n_out)))
        at += n_out if bias else 0
    return Network(tuple(W), tuple(b), like.hidden, like.output)


class _NumpyStepper:
    """The same ``run``/``step`` contract as a compiled kernel, on numpy arrays.

    Used for networks too large for a kernel (or not sigmoid with squared error), and to
    carry on when a kernel overflows (numpy's exp saturates to inf where math.exp raises).
    """

    def __init__(self, like: Network, bias: bool) -> None:
        self.like, self.bias = like, bias

    def step(self, params: Params, example: tuple, lr: float) -> tuple[Params, list, list]:
        net = _unflatten(params, self.like, self.bias)
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


class OnlineTraining(Recorded):
    """Online training as it happens: iterating yields each shown cycle's snapshots as soon
    as they exist, so a video can be drawn and encoded while the network is still learning.

    ``setup`` and ``initial`` are known before the first update; ``recording`` once the
    iteration is over.
    """

    def __init__(self, dataset: Dataset, config: TrainConfig) -> None:
        super().__init__()
        self.dataset, self.config = dataset, config
        self.setup = setup_of(dataset, config)
        self.sizes = self.setup.sizes
        self.cycles = tuple(shown_cycles(config.shown, config.train_cycles))
        self.initial = initial_network(self.sizes, np.random.default_rng(config.seed), config.bias,
                                       hidden=config.activation, output=config.output, init=config.init)

    def __iter__(self) -> Iterator[tuple[Snapshot, ...]]:
        dataset, config, sizes = self.dataset, self.config, self.sizes
        examples = [
            (tuple(map(float, x)), tuple(map(float, t)))
            for x, t in zip(dataset.inputs, dataset.targets)
        ]
        per_cycle = dataset.n_examples * dataset.n_outputs
        fallback = _NumpyStepper(self.initial, config.bias)
        exact = fits_kernel(sizes) and (config.activation, config.output) == ("sigmoid", "squared")
        stepper = compile_kernel(sizes, config.bias) if exact else fallback
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
                network = _unflatten(params, self.initial, config.bias)
                snapshots.append(
                    Snapshot(
                        step=cycle,
                        example=k,
                        inputs=frozen(example[0]),
                        target=frozen(example[1]),
                        output=frozen(activations[-1]),
                        network=network,
                        activations=tuple(frozen(a) for a in activations),
                        metrics=measure(network, dataset),
                        average_error=float(average),
                    )
                )
            previous_average = err_so_far / per_cycle
            done = cycle
            check_finite(params, done, lr)
            self._steps.append(cycle)
            self._metrics.append(snapshots[-1].metrics)
            yield tuple(snapshots[first:])

        final = _unflatten(params, self.initial, config.bias)
        self._recording = Recording(self.setup, self.initial, tuple(snapshots), final, self.curve())
