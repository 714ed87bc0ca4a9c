"""A multi-layer perceptron in numpy: forward, backward, losses, starting weights.

Names follow the maths: layer l has weights ``W[l]`` (n_l x n_{l+1}) and biases ``b[l]``;
``z = a @ W + b`` is a neuron's input, ``a = f(z)`` its activation, and ``delta`` the error
signal that flows backwards. Hidden neurons use one activation (sigmoid, tanh or ReLU); the
output layer and the loss go together:

- ``squared``: sigmoid outputs, E = ½ Σ (t − o)²; delta = (t − o) · o(1 − o) (the XOR video);
- ``binary``: sigmoid outputs, binary cross-entropy E = −Σ t log o + (1 − t) log(1 − o);
  delta = t − o;
- ``softmax``: softmax outputs, cross-entropy E = −Σ t log o; delta = t − o.

``delta`` is −∂E/∂z, so one gradient step with learning rate η is W += η · aᵀ · delta (the
direction that lowers the loss). For a batch the step is the mean over its examples.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

EPSILON = 1e-12  # keeps log() finite when an output saturates at exactly 0 or 1


def sigmoid(z: np.ndarray) -> np.ndarray:
    # exp(-z) overflows to inf for z below about -709, and 1 / (1 + inf) is the right 0.
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-z))


def sigmoid_slope(a: np.ndarray) -> np.ndarray:
    """dσ/dz written in terms of the activation a = σ(z)."""
    return a * (1.0 - a)


def tanh_slope(a: np.ndarray) -> np.ndarray:
    return 1.0 - a * a


def relu(z: np.ndarray) -> np.ndarray:
    return np.maximum(z, 0.0)


def relu_slope(a: np.ndarray) -> np.ndarray:
    return (a > 0).astype(a.dtype)


def softmax(z: np.ndarray) -> np.ndarray:
    shifted = z - np.max(z, axis=-1, keepdims=True)  # the same result, without overflow
    e = np.exp(shifted)
    return e / np.sum(e, axis=-1, keepdims=True)


def _floats(x: object) -> np.ndarray:
    """``x`` as floats, keeping single precision where it is given (the weights decide the
    precision of everything computed from it)."""
    x = np.asarray(x)
    return x if x.dtype in (np.float32, np.float64) else x.astype(float)


@dataclass(frozen=True)
class Activation:
    """A hidden neuron's activation f and its slope f'(z), written in terms of a = f(z)."""

    name: str
    f: Callable[[np.ndarray], np.ndarray]
    slope: Callable[[np.ndarray], np.ndarray]
    low: float  # the range of a, for pictures: sigmoid 0..1, tanh -1..1, ReLU 0..inf
    high: float


def spelled(name: object, known) -> object:
    """``name`` as one of ``known`` (an activation's or output's names), spelled as frameworks
    spell them (PyTorch's ReLU, Keras's "Softmax"); a name none of them is kept as given, for
    its refusal to quote."""
    if isinstance(name, str) and name.strip().lower() in known:
        return name.strip().lower()
    return name


ACTIVATIONS = {
    "sigmoid": Activation("sigmoid", sigmoid, sigmoid_slope, 0.0, 1.0),
    "tanh": Activation("tanh", np.tanh, tanh_slope, -1.0, 1.0),
    "relu": Activation("relu", relu, relu_slope, 0.0, np.inf),
}


def _squared_loss(o: np.ndarray, t: np.ndarray) -> np.ndarray:
    return 0.5 * np.sum((t - o) ** 2, axis=-1)


def _binary_loss(o: np.ndarray, t: np.ndarray) -> np.ndarray:
    o = np.clip(o, EPSILON, 1.0 - EPSILON)
    return -np.sum(t * np.log(o) + (1.0 - t) * np.log(1.0 - o), axis=-1)


def _softmax_loss(o: np.ndarray, t: np.ndarray) -> np.ndarray:
    return -np.sum(t * np.log(np.clip(o, EPSILON, 1.0)), axis=-1)


@dataclass(frozen=True)
class Output:
    """An output layer's activation with the loss it is trained on."""

    name: str
    f: Callable[[np.ndarray], np.ndarray]
    loss: Callable[[np.ndarray, np.ndarray], np.ndarray]  # per example
    delta: Callable[[np.ndarray, np.ndarray], np.ndarray]  # −∂E/∂z from (o, t)
    description: str


OUTPUTS = {
    "squared": Output("squared", sigmoid, _squared_loss, lambda o, t: (t - o) * sigmoid_slope(o),
                      "sigmoid outputs, squared error"),
    "binary": Output("binary", sigmoid, _binary_loss, lambda o, t: t - o,
                     "sigmoid outputs, binary cross-entropy"),
    "softmax": Output("softmax", softmax, _softmax_loss, lambda o, t: t - o,
                      "softmax outputs, cross-entropy"),
}


@dataclass(frozen=True)
class Network:
    """Weights and biases of every layer, and the activations they feed. Immutable; a
    training step returns a new one."""

    W: tuple[np.ndarray, ...]
    b: tuple[np.ndarray, ...]
    hidden: str = "sigmoid"
    output: str = "squared"

    @property
    def sizes(self) -> tuple[int, ...]:
        return (self.W[0].shape[0], *(w.shape[1] for w in self.W))

    def forward(self, x: np.ndarray, keep: Sequence[np.ndarray | None] | None = None) -> list[np.ndarray]:
        """Activations of every layer, inputs first, for one example or a batch of rows.

        ``keep`` (training with dropout) gives, for each hidden layer, 0 for a dropped neuron
        and 1/p for a kept one (p the chance of keeping it), so that the layer's expected
        output is unchanged; None keeps every neuron.
        """
        f = ACTIVATIONS[self.hidden].f
        a = [_floats(x)]
        last = len(self.W) - 1
        for layer, (W, b) in enumerate(zip(self.W, self.b)):
            z = a[-1] @ W + b
            if layer == last:
                a.append(OUTPUTS[self.output].f(z))
            else:
                hidden = f(z)
                if keep is not None and keep[layer] is not None:
                    hidden = hidden * keep[layer]
                a.append(hidden)
        return a

    def output_of(self, x: np.ndarray) -> np.ndarray:
        return self.forward(x)[-1]

    def backward(
        self, a: list[np.ndarray], t: np.ndarray, keep: Sequence[np.ndarray | None] | None = None
    ) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Steps that lower the loss (−gradients) for the activations ``a`` of a forward pass.

        For one example (1-D rows): dW[l] = a[l] ⊗ delta[l+1]. For a batch (2-D rows), the
        mean over its examples. ``keep`` must be the dropout factors of the forward pass.
        """
        slope = ACTIVATIONS[self.hidden].slope
        delta = OUTPUTS[self.output].delta(a[-1], np.asarray(t, dtype=a[-1].dtype))
        batch = delta.ndim == 2
        dW: list[np.ndarray] = [np.empty(0)] * len(self.W)
        db: list[np.ndarray] = [np.empty(0)] * len(self.W)
        for layer in reversed(range(len(self.W))):
            if batch:
                dW[layer] = a[layer].T @ delta / len(delta)
                db[layer] = delta.mean(axis=0)
            else:
                dW[layer] = np.outer(a[layer], delta)
                db[layer] = delta.copy()
            if layer:
                # a[layer] already carries the dropout factor: a dropped neuron has a = 0, and
                # the slope is of the activation before the factor was applied.
                factor = None if keep is None else keep[layer - 1]
                kept = a[layer] if factor is None else np.divide(
                    a[layer], factor, out=np.zeros_like(a[layer]), where=factor != 0
                )
                back = delta @ self.W[layer].T if batch else self.W[layer] @ delta
                delta = back * slope(kept)
                if factor is not None:
                    delta = delta * factor
        return dW, db

    def losses(self, x: np.ndarray, t: np.ndarray) -> np.ndarray:
        """The loss of each example (rows of ``x`` and ``t``)."""
        outputs = self.output_of(x)
        return OUTPUTS[self.output].loss(outputs, np.asarray(t, dtype=outputs.dtype))

    def loss(self, x: np.ndarray, t: np.ndarray) -> float:
        """The loss of one example, or the mean over a batch."""
        return float(np.mean(self.losses(x, t)))


INITS = ("uniform", "glorot", "he")


def default_init(hidden: str) -> str:
    """Glorot's scale keeps sigmoid and tanh layers' signals steady; He's suits ReLU."""
    return "he" if hidden == "relu" else "glorot"


def initial_network(
    sizes: tuple[int, ...], rng: np.random.Generator, bias: bool = False, *,
    hidden: str = "sigmoid", output: str = "squared", init: str = "uniform",
) -> Network:
    """Starting weights drawn layer by layer from ``rng``:

    - ``uniform``: U(−1, 1), as the original XOR video did. With the default seed 0 this is
      exactly ``rng.uniform(-1, 1, (3, 4))`` then ``rng.uniform(-1, 1, (4, 1))``;
    - ``glorot``: U(−r, r) with r = √(6 / (n_in + n_out));
    - ``he``: N(0, 2 / n_in).

    Biases: with ``uniform``, U(−1, 1) drawn after all the weights (so that switching them
    on does not change the weights); otherwise zero, a neutral start. Without ``bias`` they
    are zero and stay so.
    """
    pairs = list(zip(sizes, sizes[1:]))
    if init == "uniform":
        W = tuple(rng.uniform(-1, 1, (n_in, n_out)) for n_in, n_out in pairs)
    elif init == "glorot":
        W = tuple(rng.uniform(-1, 1, (n_in, n_out)) * np.sqrt(6 / (n_in + n_out)) for n_in, n_out in pairs)
    elif init == "he":
        W = tuple(rng.normal(0.0, np.sqrt(2 / n_in), (n_in, n_out)) for n_in, n_out in pairs)
    else:
        raise ValueError(f"init must be one of {INITS}, not {init!r}")
    if bias and init == "uniform":
        b = tuple(rng.uniform(-1, 1, n_out) for n_out in sizes[1:])
    else:
        b = tuple(np.zeros(n_out) for n_out in sizes[1:])
    return Network(W, b, hidden, output)


def train_plain(
    network: Network,
    inputs: np.ndarray,
    targets: np.ndarray,
    cycles: int,
    learning_rate: float,
    bias: bool = False,
) -> Network:
    """The straightforward per-example numpy loop: the reference the fast trainer must match."""
    W = [w.copy() for w in network.W]
    b = [v.copy() for v in network.b]
    net = Network(tuple(W), tuple(b), network.hidden, network.output)  # shares W and b, updated in place
    for _ in range(cycles):
        for x, t in zip(inputs, targets):
            dW, db = net.backward(net.forward(x), t)
            for layer in range(len(W)):
                W[layer] += learning_rate * dW[layer]
                if bias:
                    b[layer] += learning_rate * db[layer]
    return Network(tuple(W), tuple(b), network.hidden, network.output)
