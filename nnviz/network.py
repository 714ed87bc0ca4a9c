"""A plain multi-layer perceptron with sigmoid neurons, in numpy.

Names follow the maths: layer l has weights ``W[l]`` (n_l x n_{l+1}) and biases ``b[l]``;
``z = a @ W + b`` is a neuron's input, ``a = sigmoid(z)`` its activation, and ``delta`` the
error signal that flows backwards. The loss is E = ½ Σ (t - o)², so one gradient step with
learning rate η is W += η · aᵀ · delta, where delta = (t - o) · o(1 - o) at the output.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def sigmoid(z: np.ndarray) -> np.ndarray:
    # exp(-z) overflows to inf for z below about -709, and 1 / (1 + inf) is the right 0.
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-z))


def sigmoid_slope(a: np.ndarray) -> np.ndarray:
    """dσ/dz written in terms of the activation a = σ(z)."""
    return a * (1.0 - a)


@dataclass(frozen=True)
class Network:
    """Weights and biases of every layer. Immutable; a training step returns a new one."""

    W: tuple[np.ndarray, ...]
    b: tuple[np.ndarray, ...]

    @property
    def sizes(self) -> tuple[int, ...]:
        return (self.W[0].shape[0], *(w.shape[1] for w in self.W))

    def forward(self, x: np.ndarray) -> list[np.ndarray]:
        """Activations of every layer, inputs first, for one example or a batch of rows."""
        a = [np.asarray(x, dtype=float)]
        for W, b in zip(self.W, self.b):
            a.append(sigmoid(a[-1] @ W + b))
        return a

    def output(self, x: np.ndarray) -> np.ndarray:
        return self.forward(x)[-1]

    def backward(
        self, a: list[np.ndarray], t: np.ndarray
    ) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Gradients of -E (the direction that lowers the loss) for activations ``a``.

        Returns (dW, db) for one example: dW[l] = a[l]ᵀ · delta[l+1].
        """
        delta = (np.asarray(t, dtype=float) - a[-1]) * sigmoid_slope(a[-1])
        dW: list[np.ndarray] = [np.empty(0)] * len(self.W)
        db: list[np.ndarray] = [np.empty(0)] * len(self.W)
        for layer in reversed(range(len(self.W))):
            dW[layer] = np.outer(a[layer], delta)
            db[layer] = delta.copy()
            if layer:
                delta = (self.W[layer] @ delta) * sigmoid_slope(a[layer])
        return dW, db

    def loss(self, x: np.ndarray, t: np.ndarray) -> float:
        return float(0.5 * np.sum((np.asarray(t, dtype=float) - self.output(x)) ** 2))


def initial_network(
    sizes: tuple[int, ...], rng: np.random.Generator, bias: bool = False
) -> Network:
    """Weights uniform in [-1, 1), drawn layer by layer, as the original XOR video did.

    With the default seed 0 this is exactly ``rng.uniform(-1, 1, (3, 4))`` then
    ``rng.uniform(-1, 1, (4, 1))``. Biases (if any) are drawn afterwards so that
    switching them on does not change the weights.
    """
    W = tuple(rng.uniform(-1, 1, (n_in, n_out)) for n_in, n_out in zip(sizes, sizes[1:]))
    if bias:
        b = tuple(rng.uniform(-1, 1, n_out) for n_out in sizes[1:])
    else:
        b = tuple(np.zeros(n_out) for n_out in sizes[1:])
    return Network(W, b)


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
    net = Network(tuple(W), tuple(b))  # shares W and b, which are updated in place
    for _ in range(cycles):
        for x, t in zip(inputs, targets):
            dW, db = net.backward(net.forward(x), t)
            for layer in range(len(W)):
                W[layer] += learning_rate * dW[layer]
                if bias:
                    b[layer] += learning_rate * db[layer]
    return Network(tuple(W), tuple(b))
