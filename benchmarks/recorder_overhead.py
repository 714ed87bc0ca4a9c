"""What recording costs a training loop: a plain numpy 64-32-10 mini-batch loop, timed with and
without an nnviz.Recorder at its default schedule (40 steps shown, spread geometrically).

    python benchmarks/recorder_overhead.py [--steps N]

The two loops alternate several times in one process and the medians are compared, so that
the machine's other work weighs on both alike. Prints both times and the overhead.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import nnviz  # noqa: E402

SIZES = (64, 32, 10)
BATCH = 32


def make_data(rng: np.random.Generator, n: int = 2048) -> tuple[np.ndarray, np.ndarray]:
    X = rng.normal(size=(n, SIZES[0]))
    labels = (X[:, :10].argmax(axis=1))  # a class the network can learn
    return X, np.eye(SIZES[-1])[labels]


def loop(steps: int, record: bool) -> tuple[float, float]:
    """Seconds for ``steps`` mini-batch updates (ReLU hidden, softmax output), and of them
    the seconds spent asking and recording (the Recorder's calls and the metrics it is given)."""
    rng = np.random.default_rng(0)
    X, Y = make_data(rng)
    W1 = rng.normal(0, np.sqrt(2 / SIZES[0]), SIZES[:2])
    b1 = np.zeros(SIZES[1])
    W2 = rng.normal(0, np.sqrt(2 / SIZES[1]), SIZES[1:])
    b2 = np.zeros(SIZES[2])
    rec = nnviz.Recorder(steps=steps, hidden="relu", output="softmax") if record else None
    start = time.perf_counter()
    inside = 0.0
    for step in range(1, steps + 1):
        rows = rng.integers(0, len(X), BATCH)
        x, y = X[rows], Y[rows]
        h = np.maximum(x @ W1 + b1, 0)
        z = h @ W2 + b2
        p = np.exp(z - z.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        d2 = (p - y) / BATCH
        d1 = (d2 @ W2.T) * (h > 0)
        W2 -= 0.1 * h.T @ d2
        b2 -= 0.1 * d2.sum(0)
        W1 -= 0.1 * x.T @ d1
        b1 -= 0.1 * d1.sum(0)
        if rec is not None:
            asked = time.perf_counter()
            if rec.wants(step):
                loss = float(-np.mean(np.sum(y * np.log(p + 1e-12), axis=1)))
                rec.record(step, weights=[W1, W2], biases=[b1, b2], inputs=x[0], target=y[0], loss=loss,
                           accuracy=float(np.mean(p.argmax(1) == y.argmax(1))))
            inside += time.perf_counter() - asked
    return time.perf_counter() - start, inside


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=20_000)
    parser.add_argument("--pairs", type=int, default=5)
    steps = parser.parse_args().steps
    plain, recorded, inside = [], [], []
    loop(200, True)  # warm up imports and caches
    for _ in range(parser.parse_args().pairs):
        plain.append(loop(steps, False)[0])
        total, spent = loop(steps, True)
        recorded.append(total)
        inside.append(spent / total)
    a, b = statistics.median(plain), statistics.median(recorded)
    print(f"numpy {'-'.join(map(str, SIZES))} mini-batch loop, {steps:,} steps of {BATCH}, "
          f"median of {len(plain)} alternating pairs")
    print(f"without recording       {a:7.3f} s")
    print(f"with nnviz.Recorder     {b:7.3f} s   (40 steps recorded)")
    # The difference of two loops' times carries the machine's noise; the time spent in the
    # Recorder's calls, measured inside the recorded loop, does not.
    print(f"overhead, loop against loop         {100 * (b - a) / a:6.2f} %")
    print(f"overhead, in the Recorder's calls   {100 * statistics.median(inside):6.2f} %   (target < 5 %)")


if __name__ == "__main__":
    main()
