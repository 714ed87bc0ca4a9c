"""Training speed: the straightforward per-example numpy loop against nnviz's trainer.

Both do the default job (3-4-1 network, seven examples, 60,000 online cycles = 420,000
updates) from the same seed, in the same run, and must end with the same weights.

    python benchmarks/training_speed.py [--cycles 60000]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from nnviz.data import xor
from nnviz.train import TrainConfig, train


def straightforward(cycles: int) -> tuple[np.ndarray, np.ndarray]:
    """What most code does: numpy arrays, one example at a time, no biases."""
    data = xor()
    rng = np.random.default_rng(0)
    W1 = rng.uniform(-1, 1, (3, 4))
    W2 = rng.uniform(-1, 1, (4, 1))
    for _ in range(cycles):
        for x, t in zip(data.inputs, data.targets):
            h = 1 / (1 + np.exp(-(x @ W1)))
            o = 1 / (1 + np.exp(-(h @ W2)))
            delta2 = (t - o) * o * (1 - o)
            delta1 = (W2 @ delta2) * h * (1 - h)
            W2 += np.outer(h, delta2)
            W1 += np.outer(x, delta1)
    return W1, W2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cycles", type=int, default=60_000)
    cycles = parser.parse_args().cycles

    start = time.perf_counter()
    W1, W2 = straightforward(cycles)
    plain_s = time.perf_counter() - start

    start = time.perf_counter()
    run = train(xor(), TrainConfig(train_cycles=cycles))  # includes the 13 recorded cycles
    nnviz_s = time.perf_counter() - start

    gap = max(np.abs(run.final.W[0] - W1).max(), np.abs(run.final.W[1] - W2).max())
    print(f"training {cycles:,} cycles x 7 examples = {cycles * 7:,} updates")
    print(f"{'straightforward numpy loop':<28}{plain_s:8.2f} s")
    print(f"{'nnviz train()':<28}{nnviz_s:8.2f} s")
    print(f"{'speed-up':<28}{plain_s / nnviz_s:8.1f} x")
    print(f"{'largest weight difference':<28}{gap:8.1e}")


if __name__ == "__main__":
    main()
