"""Training by epochs, vectorised: mini-batch (or full-batch) gradient descent with optional
dropout, recording one example at each shown epoch.

Every epoch the training set is shuffled and cut into batches; each batch makes one step of
``W += η · mean(aᵀ · delta)``. After every epoch the loss and accuracy are measured on the
training and test sets (without dropout), so the curves are complete. At a shown epoch one
training example is recorded as the network sees it during training (with its dropped
neurons, if any): the examples shown cycle through the classes, so that a video shows each
class in turn.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np

from .data import Dataset
from .metrics import measure
from .network import Network, initial_network
from .recording import Metrics, Recording, Snapshot, frozen
from .schedule import shown_cycles
from .train import Recorded, TrainConfig, check_finite, epoch_learning_rate, setup_of


def dropout_factors(rng: np.random.Generator, rows: int, dropout: float, sizes: tuple[int, ...],
                    dtype: np.dtype) -> list[np.ndarray] | None:
    """Dropout factors for each hidden layer of ``rows`` examples: 0 (dropped) or 1/p (kept,
    p its chance); None without dropout (and then nothing is drawn from ``rng``)."""
    if dropout == 0:
        return None
    p = 1.0 - dropout
    return [((rng.random((rows, n)) < p) / p).astype(dtype) for n in sizes[1:-1]]


def train_epoch(net: Network, x_all: np.ndarray, t_all: np.ndarray, rng: np.random.Generator, batch: int,
                lr: float, bias: bool, dropout: float = 0.0) -> None:
    """One epoch, in place on ``net``'s arrays: the rows shuffled by ``rng`` and cut into
    batches of ``batch``, each one step W += η · mean(aᵀ · delta) (and b likewise with
    ``bias``). The trainer's epoch, and the interactive window's Train ×N."""
    n = len(x_all)
    order = rng.permutation(n)
    for start in range(0, n, batch):
        rows = order[start : start + batch]
        keep = dropout_factors(rng, len(rows), dropout, net.sizes, x_all.dtype)
        a = net.forward(x_all[rows], keep)
        dW, db = net.backward(a, t_all[rows], keep)
        for layer in range(len(net.W)):
            net.W[layer][...] += lr * dW[layer]
            if bias:
                net.b[layer][...] += lr * db[layer]


class EpochTraining(Recorded):
    """Training as it happens, one shown epoch at a time (see :class:`~nnviz.recording.Source`)."""

    def __init__(self, dataset: Dataset, config: TrainConfig) -> None:
        super().__init__()
        if not 0 <= config.dropout < 1:
            raise ValueError("dropout must be from 0 to below 1")
        self.dataset, self.config = dataset, config
        self.setup = setup_of(dataset, config)
        self.sizes = self.setup.sizes
        self.epochs = tuple(shown_cycles(config.shown, config.train_cycles))
        # One generator for everything training draws (start, shuffles, dropout), and
        # another for what is only shown (the dropout of a shown example): the weights do
        # not depend on which epochs are shown.
        self._rng = np.random.default_rng(config.seed)
        self._shown_rng = np.random.default_rng([config.seed, 1])
        self.initial = initial_network(self.sizes, self._rng, config.bias, hidden=config.activation,
                                       output=config.output, init=config.init)
        # Called after every epoch with (epochs done, epochs in all): a progress bar's hook.
        self.on_step: Callable[[int, int], None] | None = None

    def _keep(self, rng: np.random.Generator, rows: int) -> list[np.ndarray] | None:
        return dropout_factors(rng, rows, self.config.dropout, self.sizes, self.dataset.inputs.dtype)

    def _shown_example(self, shown: int) -> int:
        """The training example shown at the ``shown``-th shown epoch: the classes in turn."""
        data = self.dataset
        if data.classes is None:
            return shown % data.n_examples
        labels = data.labels()
        present = np.unique(labels)
        members = np.flatnonzero(labels == present[shown % len(present)])
        return int(members[(shown // len(present)) % len(members)])

    def __iter__(self) -> Iterator[tuple[Snapshot, ...]]:
        data, config = self.dataset, self.config
        # Single-precision data (pictures) trains in single precision: twice as fast, and
        # exact enough for gradient steps of 1e-3 and more. Everything else in double.
        dtype = data.inputs.dtype
        x_all = data.inputs
        t_all = np.asarray(data.targets, dtype=dtype)
        batch = len(x_all) if config.batch is None else min(config.batch, len(x_all))
        W = [np.array(w, dtype=dtype) for w in self.initial.W]
        b = [np.array(v, dtype=dtype) for v in self.initial.b]
        shown = iter(self.epochs)
        next_shown = next(shown, None)
        snapshots: list[Snapshot] = []
        net = Network(tuple(W), tuple(b), config.activation, config.output)  # shares W, b
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            for epoch in range(1, config.train_cycles + 1):
                lr = epoch_learning_rate(config.learning_rate, config.learning_rate_decay, epoch,
                                         config.train_cycles)
                train_epoch(net, x_all, t_all, self._rng, batch, lr, config.bias, config.dropout)
                check_finite((float(np.max(np.abs(w))) for w in W), epoch, lr, "epoch")
                metrics = measure(net, data)
                if self.on_step is not None:
                    self.on_step(epoch, config.train_cycles)
                self._steps.append(epoch)
                self._metrics.append(metrics)
                if epoch == next_shown:
                    snapshots.append(self._snapshot(epoch, len(snapshots), net, metrics))
                    next_shown = next(shown, None)
                    yield (snapshots[-1],)
        final = Network(tuple(frozen(w) for w in W), tuple(frozen(v) for v in b), config.activation,
                        config.output)
        self._recording = Recording(self.setup, self.initial, tuple(snapshots), final, self.curve())

    def _snapshot(self, epoch: int, shown: int, net: Network, metrics: Metrics) -> Snapshot:
        """The network after ``epoch``, thinking about the example shown then, as training
        sees it (its dropout drawn for the picture only)."""
        k = self._shown_example(shown)
        x, t = self.dataset.inputs[k], self.dataset.targets[k]
        keep = self._keep(self._shown_rng, 1)
        keep = None if keep is None else [factor[0] for factor in keep]
        network = Network(tuple(frozen(w) for w in net.W), tuple(frozen(v) for v in net.b),
                          net.hidden, net.output)
        activations = network.forward(x, keep)
        return Snapshot(
            step=epoch, example=k, inputs=frozen(x), target=frozen(t), output=frozen(activations[-1]),
            network=network, activations=tuple(frozen(a) for a in activations), metrics=metrics,
            dropped=None if keep is None else tuple(frozen(factor == 0) for factor in keep),
        )
