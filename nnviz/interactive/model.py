"""What ``nnviz play`` holds and does, without a figure: a network, the input it is looking at,
and the four buttons' maths (Forward, Backprop, Train ×N, Reset).

Every step is the trainer's own:

- the starting weights are those the trainer starts from (same seed, same draws);
- **Forward** is :meth:`Network.forward` on the current input; the cost is the network's
  loss against the target (½ Σ (t − o)² for XOR's squared error, cross-entropy otherwise);
- **Backprop** is :meth:`Network.backward` for that forward pass and one update
  ``W += η · dW`` (``b += η · db`` with biases): exactly the online trainer's step for one
  example (:class:`nnviz.online._NumpyStepper`), and the epoch trainer's for a batch of one;
- **Train ×N** runs the trainer itself for N more cycles (online: the compiled kernel or its
  numpy twin, examples in the data's order) or N more epochs (shuffled mini-batches from the
  trainer's random generator, :func:`nnviz.epochs.train_epoch`), so that Train ×N from the
  start gives the weights ``nnviz`` would have trained for N;
- **Reset** goes back to the starting weights and the generator's state after drawing them.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

import numpy as np

from ..data import Dataset
from ..epochs import train_epoch
from ..kernel import compile_kernel, fits_kernel
from ..network import OUTPUTS, Network, initial_network
from ..online import _flatten, _NumpyStepper, _unflatten
from ..train import TrainConfig, check_finite, epoch_learning_rate


@dataclass(frozen=True)
class Forward:
    """One forward pass: every layer's activations for ``inputs``, and the cost."""

    inputs: np.ndarray
    target: np.ndarray
    activations: tuple[np.ndarray, ...]
    cost: float

    @property
    def output(self) -> np.ndarray:
        return self.activations[-1]


@dataclass(frozen=True)
class Backprop:
    """One gradient step on one example: the gradients, the weights before and after, and the
    cost of the same example before and after the step."""

    forward: Forward
    dW: tuple[np.ndarray, ...]  # −∂E/∂W: the step is learning_rate × dW
    db: tuple[np.ndarray, ...]
    before: Network
    after: Network
    cost_after: float
    deltas: tuple[np.ndarray, ...]  # −∂E/∂z of every layer after the inputs

    @property
    def cost_before(self) -> float:
        return self.forward.cost


@dataclass(frozen=True)
class Trained:
    """Train ×N: how many cycles or epochs, and the training set's mean loss before and after."""

    count: int
    unit: str  # "cycle" or "epoch"
    before: Network
    after: Network
    loss_before: float
    loss_after: float


@dataclass
class Log:
    """What has happened since the start (or the last Reset)."""

    steps: int = 0  # Backprop presses
    trained: int = 0  # cycles or epochs run by Train ×N
    lines: list[str] = field(default_factory=list)  # one per press, newest last
    costs: list[tuple[int, float]] = field(default_factory=list)  # (update count, training-set loss)


class PlayModel:
    """A network being taught by hand. ``dataset`` and ``config`` are what the trainer would get."""

    def __init__(self, dataset: Dataset, config: TrainConfig) -> None:
        self.dataset, self.config = dataset, config
        self.sizes = (dataset.n_inputs, *config.hidden, dataset.n_outputs)
        self.online = config.online
        self.unit = "cycle" if self.online else "epoch"
        self.dtype = np.float64 if self.online else dataset.inputs.dtype
        rng = np.random.default_rng(config.seed)
        start = initial_network(
            self.sizes, rng, config.bias, hidden=config.activation, output=config.output, init=config.init
        )
        self.initial = _as(start, self.dtype)
        self._rng_after_start = copy.deepcopy(rng)
        self.loss = OUTPUTS[config.output]
        self.reset()

    # ------------------------------------------------------------------ the input
    @property
    def n_examples(self) -> int:
        return self.dataset.n_examples

    def select(self, k: int) -> None:
        """Look at training example ``k`` (wrapping round)."""
        self.example = int(k) % self.n_examples
        self.inputs = np.array(self.dataset.inputs[self.example], dtype=self.dtype)
        self.target = np.array(self.dataset.targets[self.example], dtype=self.dtype)
        self.forwarded = None

    def set_inputs(self, x: np.ndarray) -> None:
        """Look at ``x``; its target is that of the example with exactly these inputs (training,
        test, or the data's new situation), else that of the nearest training example."""
        x = np.array(x, dtype=self.dtype).reshape(self.dataset.n_inputs)
        self.inputs = x
        self.example, self.target, self.exact = self.target_of(x)
        self.forwarded = None

    def set_input(self, i: int, value: float) -> None:
        x = self.inputs.copy()
        x[i] = value
        self.set_inputs(x)

    def target_of(self, x: np.ndarray) -> tuple[int, np.ndarray, bool]:
        """(the nearest training example, the target for ``x``, whether the inputs match it)."""
        data = self.dataset
        distances = np.sum((data.inputs - x) ** 2, axis=1)
        nearest = int(np.argmin(distances))
        if distances[nearest] == 0:
            return nearest, np.array(data.targets[nearest], dtype=self.dtype), True
        for inputs, targets in (
            (data.test_inputs, data.test_targets),
            (
                None if data.new_inputs is None else data.new_inputs[None, :],
                None if data.new_target is None else data.new_target[None, :],
            ),
        ):
            if inputs is not None and len(inputs):
                hit = np.flatnonzero(np.all(inputs == x, axis=1))
                if len(hit):
                    return nearest, np.array(targets[hit[0]], dtype=self.dtype), True
        return nearest, np.array(data.targets[nearest], dtype=self.dtype), False

    # ------------------------------------------------------------------ the buttons
    def forward(self) -> Forward:
        """The current network on the current input."""
        with np.errstate(over="ignore"):
            a = self.network.forward(self.inputs)
        cost = float(self.loss.loss(a[-1], self.target))
        self.forwarded = Forward(self.inputs.copy(), self.target.copy(), tuple(a), cost)
        return self.forwarded

    def backprop(self) -> Backprop:
        """One gradient step on the current input and target (a forward pass first, if the
        current one is not for this network and input)."""
        f = self.forwarded if self.forwarded is not None else self.forward()
        net = self.network
        with np.errstate(over="ignore"):
            dW, db = net.backward(list(f.activations), f.target)
        lr = self.learning_rate
        W = tuple(w + lr * d for w, d in zip(net.W, dW))
        b = tuple(v + lr * d for v, d in zip(net.b, db)) if self.config.bias else net.b
        after = Network(W, b, net.hidden, net.output)
        check_finite((float(np.max(np.abs(w))) for w in W), self.log.steps + 1, lr, "step")
        cost_after = float(self.loss.loss(after.forward(f.inputs)[-1], f.target))
        step = Backprop(f, tuple(dW), tuple(db), net, after, cost_after, _deltas(dW, db))
        self.network = after
        self.forwarded = None
        self.log.steps += 1
        self.log.lines.append(f"Backprop {self.log.steps}: cost {f.cost:.4f} \u2192 {cost_after:.4f}")
        self._measure()
        return step

    def train(self, count: int) -> Trained:
        """``count`` more cycles (online) or epochs of the trainer's own training."""
        count = int(count)
        if count < 1:
            raise ValueError("train at least one cycle or epoch")
        before = self.network
        loss_before = self.training_loss()
        if self.online:
            after = self._train_online(count)
        else:
            after = self._train_epochs(count)
        self.network = after
        self.forwarded = None
        self.log.trained += count
        loss_after = self.training_loss()
        unit = self.unit + ("s" if count > 1 else "")
        self.log.lines.append(f"Train \u00d7{count:,} {unit}: loss {loss_before:.4f} \u2192 {loss_after:.4f}")
        self._measure()
        return Trained(count, self.unit, before, after, loss_before, loss_after)

    def reset(self) -> None:
        """The starting weights again, the first example, an empty log."""
        self.network = self.initial
        self._rng = copy.deepcopy(self._rng_after_start)
        self.log = Log()
        self.exact = True
        self.select(0)
        self._measure()

    # ------------------------------------------------------------------ measures
    def training_loss(self) -> float:
        with np.errstate(over="ignore"):
            return self.network.loss(self.dataset.inputs, np.asarray(self.dataset.targets, dtype=self.dtype))

    def _measure(self) -> None:
        self.log.costs.append((self.updates, self.training_loss()))

    @property
    def updates(self) -> int:
        """Backprop steps plus the updates Train ×N made, for the cost curve's x axis."""
        per = self.n_examples if self.online else -(-self.n_examples // self._batch)
        return self.log.steps + self.log.trained * per

    @property
    def _batch(self) -> int:
        return self.n_examples if self.config.batch is None else min(self.config.batch, self.n_examples)

    # ------------------------------------------------------------------ training
    @property
    def learning_rate(self) -> float:
        """The step size now: the rate of the epoch being taught (Backprop's, and Train ×1's)."""
        return self._rate(self.log.trained + 1)

    def _rate(self, epoch: int) -> float:
        """The trainer's learning rate in ``epoch`` (1, 2, …): under the preset's decay over its
        epochs (MNIST's falls from 0.1 to 0.01), the last epoch's rate holding after them; a
        cycle's is constant."""
        config = self.config
        if self.online:
            return config.learning_rate
        last = config.train_cycles
        return epoch_learning_rate(config.learning_rate, config.learning_rate_decay, min(epoch, last), last)

    def _train_online(self, cycles: int) -> Network:
        """As :class:`nnviz.online.OnlineTraining` between shown cycles: the exact compiled
        kernel for small sigmoid networks with squared error, numpy otherwise."""
        bias, lr = self.config.bias, self.learning_rate
        examples = [
            (tuple(map(float, x)), tuple(map(float, t)))
            for x, t in zip(self.dataset.inputs, self.dataset.targets)
        ]
        exact = fits_kernel(self.sizes) and (self.config.activation, self.config.output) == (
            "sigmoid",
            "squared",
        )
        fallback = _NumpyStepper(self.initial, bias)
        stepper = compile_kernel(self.sizes, bias) if exact else fallback
        params = _flatten(self.network, bias)
        try:
            params, _ = stepper.run(params, examples, cycles, lr)
        except OverflowError:
            params, _ = fallback.run(_flatten(self.network, bias), examples, cycles, lr)
        check_finite(params, self.log.trained + cycles, lr)
        net = _unflatten(params, self.initial, bias)
        return _as(net, self.dtype)

    def _train_epochs(self, epochs: int) -> Network:
        config = self.config
        net = Network(
            tuple(np.array(w) for w in self.network.W),
            tuple(np.array(v) for v in self.network.b),
            self.network.hidden,
            self.network.output,
        )
        x_all = self.dataset.inputs
        t_all = np.asarray(self.dataset.targets, dtype=x_all.dtype)
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            for epoch in range(self.log.trained + 1, self.log.trained + epochs + 1):
                lr = self._rate(epoch)  # the trainer's, decay and all (a constant 0.1 had been used)
                train_epoch(net, x_all, t_all, self._rng, self._batch, lr, config.bias, config.dropout)
                check_finite((float(np.max(np.abs(w))) for w in net.W), epoch, lr, "epoch")
        return net


def _as(net: Network, dtype) -> Network:
    return Network(
        tuple(np.asarray(w, dtype=dtype) for w in net.W),
        tuple(np.asarray(v, dtype=dtype) for v in net.b),
        net.hidden,
        net.output,
    )


def _deltas(dW, db) -> tuple[np.ndarray, ...]:
    """Each layer's delta (−∂E/∂z) for one example: the bias gradient is the delta itself."""
    return tuple(np.asarray(d) for d in db)
