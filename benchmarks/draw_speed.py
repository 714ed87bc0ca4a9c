"""How fast ``nnviz draw`` answers a stroke: one full update for a 784-16-16-10 network (MNIST's
size, as 3Blue1Brown's), from a mouse move to the redrawn window.

What is timed is what a mouse move does: the pen's segment laid on the 28×28 pad, the input
through the network, every changed artist set (the pad, every neuron's glow, the ten bars and
percentages, the answer, the clicked neuron's weight grid) and blitted over the kept
background. The weights are He's random ones (the time does not depend on what they learnt).

    python benchmarks/draw_speed.py            # Agg, in memory
    xvfb-run python benchmarks/draw_speed.py --backend TkAgg   # a real window (its blit too)

Prints the median and 90th percentile of 300 updates; the target is under 50 ms.
"""

from __future__ import annotations

import argparse
import time

import matplotlib
import numpy as np

TARGET_MS = 50.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", default="Agg")
    parser.add_argument("--updates", type=int, default=300)
    args = parser.parse_args()
    matplotlib.use(args.backend)
    import matplotlib.pyplot as plt

    from nnviz.interactive.draw_window import DrawWindow
    from nnviz.interactive.subjects import Trained
    from nnviz.network import Network, initial_network

    start = initial_network(
        (784, 16, 16, 10), np.random.default_rng(0), True, hidden="relu", output="softmax", init="he"
    )
    net = Network(
        tuple(w.astype(np.float32) for w in start.W),
        tuple(b.astype(np.float32) for b in start.b),
        "relu",
        "softmax",
    )
    window = DrawWindow(Trained(net, (28, 28), tuple("0123456789"), "784-16-16-10"))
    if args.backend.lower() != "agg":
        plt.show(block=False)
        plt.pause(0.5)
    window.canvas.draw()
    window.pad.press(6, 6)
    times = []
    for k in range(args.updates):
        angle = k / 25
        x, y = 14 + 8 * np.cos(angle), 14 + 8 * np.sin(angle)
        began = time.perf_counter()
        window.pad.move(x, y)
        window.update()
        if args.backend.lower() != "agg":
            window.canvas.flush_events()
        times.append((time.perf_counter() - began) * 1000)
        if k % 40 == 39:
            window.pad.clear()
    times = np.array(times[10:])  # the first few fill the text caches
    median, p90 = np.median(times), np.percentile(times, 90)
    verdict = "under" if median < TARGET_MS else "OVER"
    print(
        f"nnviz draw, 784-16-16-10, {args.backend}: a full update takes {median:.1f} ms "
        f"(median of {len(times)}; 90th percentile {p90:.1f} ms), {verdict} the {TARGET_MS:.0f} ms target"
    )


if __name__ == "__main__":
    main()
