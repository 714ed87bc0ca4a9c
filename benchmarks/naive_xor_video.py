"""The naive way to make the XOR learning video: the baseline nnviz is measured against.

This is what most hobby code (and the original XOR video) does: a straightforward numpy
training loop that keeps a copy of the network at every shown example, then for every frame
clear the axes, make a new artist for every synapse, glow disc, neuron and label, and hand the
figure to matplotlib's ``FFMpegWriter`` (one frame per shot, x264 medium, CRF 23, yuv420p),
using the ffmpeg that imageio-ffmpeg bundles.

It draws the same picture as nnviz (same geometry and colours, taken from nnviz's layout and
style modules) so that only the method differs.

    python benchmarks/naive_xor_video.py OUT.mp4 [--size 1920x1080] [--seconds-per-frame 1]
"""

from __future__ import annotations

import argparse

import imageio_ffmpeg
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.animation import FFMpegWriter  # noqa: E402

from nnviz.data import xor  # noqa: E402
from nnviz.layout import network_layout  # noqa: E402
from nnviz.schedule import shown_cycles  # noqa: E402
from nnviz.style import DARK, synapse_opacity, synapse_width  # noqa: E402

TRAIN_CYCLES, SHOWN = 60_000, 13


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def train_and_record():
    """Online training with numpy; a (title, W1, W2, activations, caption) per shot."""
    data = xor()
    rng = np.random.default_rng(0)
    W1 = rng.uniform(-1, 1, (3, 4))
    W2 = rng.uniform(-1, 1, (4, 1))
    shown = set(shown_cycles(SHOWN, TRAIN_CYCLES))
    shots = [("Before training", W1.copy(), W2.copy(), None, "Random weights")]
    for cycle in range(1, TRAIN_CYCLES + 1):
        for k, (x, t) in enumerate(zip(data.inputs, data.targets)):
            h = sigmoid(x @ W1)
            o = sigmoid(h @ W2)
            delta2 = (t - o) * o * (1 - o)
            delta1 = (W2 @ delta2) * h * (1 - h)
            W2 += np.outer(h, delta2)
            W1 += np.outer(x, delta1)
            if cycle in shown:
                caption = (f"Cycle {cycle:,} of {TRAIN_CYCLES:,}",
                           f"Example {k + 1} of 7: inputs {x}", f"desired {t[0]:g} network {o[0]:.2f}")
                shots.append(("Learning", W1.copy(), W2.copy(), [x, h, o], caption))
    shots.append(("After training", W1.copy(), W2.copy(), None, "Trained"))
    x = data.new_inputs
    h = sigmoid(x @ W1)
    shots.append(("A new situation", W1.copy(), W2.copy(), [x, h, sigmoid(h @ W2)], "New inputs"))
    return data, shots


def draw_frame(fig, ax, lay, data, shot) -> None:
    """Everything from scratch: one artist per line, disc and label."""
    title, W1, W2, activations, caption = shot
    ax.clear()
    xlim, ylim = lay.frame_limits()
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_axis_off()
    layers = activations if activations is not None else [np.zeros(n) for n in (3, 4, 1)]
    for (left, right), W, a in zip(zip(lay.centres, lay.centres[1:]), (W1, W2), layers):
        for i, p in enumerate(left):
            for j, q in enumerate(right):
                w = W[i, j]
                colour = DARK.positive if w >= 0 else DARK.negative
                width = float(synapse_width(np.array(w)))
                for extra, alpha in ((18, 0.12), (7, 0.30)):
                    ax.plot([p[0], q[0]], [p[1], q[1]], color=colour, lw=width + extra * a[i],
                            alpha=alpha * a[i], solid_capstyle="round")
                ax.plot([p[0], q[0]], [p[1], q[1]], color=colour, lw=width,
                        alpha=float(synapse_opacity(np.array(w))), solid_capstyle="round")
    for layer, a in zip(lay.centres, layers):
        for (x, y), value in zip(layer, np.clip(a, 0, 1)):
            for k in range(12):  # glow: alpha-blended discs
                r = lay.radius * (1 + 1.6 * ((k + 1) / 12) ** 1.5 * value)
                ax.add_patch(plt.Circle((x, y), r, color=DARK.glow, alpha=0.055 * value, lw=0))
            ax.add_patch(plt.Circle((x, y), lay.radius, facecolor=DARK.neuron_mid if value > 0.5
                                    else DARK.neuron_dark, edgecolor=DARK.neuron_ring, lw=1.6))
            ax.text(x + lay.radius, y + lay.radius, f"{value:.2f}", fontsize=15, color=DARK.text,
                    family="DejaVu Sans Mono")
    left = lay.panel_left
    ax.add_patch(plt.Rectangle((left, 0.05), lay.panel_right - left, 0.9, color=DARK.panel))
    ax.text(left + 0.04, 0.875, title, fontsize=32, weight="bold", color=DARK.text)
    lines = caption if isinstance(caption, tuple) else (caption,)
    for n, line in enumerate(lines):
        ax.text(left + 0.04, 0.815 - 0.05 * n, line, fontsize=18, color=DARK.text)
    for n, (x, t) in enumerate(zip(data.inputs, data.targets)):
        y = 0.58 - 0.05 * n
        ax.text(left + 0.04, y, " ".join(f"{v:g}" for v in x), fontsize=17, color=DARK.text)
        ax.text(left + 0.40, y, f"{t[0]:g}", fontsize=17, color=DARK.text)
    for n, name in enumerate(("inputs", "hidden", "output")):
        ax.text(lay.centres[n][0, 0], 0.9, name, fontsize=15, color=DARK.muted, ha="center")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--size", default="1920x1080")
    parser.add_argument("--seconds-per-frame", type=float, default=1.0)
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))

    data, shots = train_and_record()
    matplotlib.rcParams["animation.ffmpeg_path"] = imageio_ffmpeg.get_ffmpeg_exe()
    fig = plt.figure(figsize=(width / 100, height / 100), dpi=100, facecolor=DARK.background)
    ax = fig.add_axes((0, 0, 1, 1))
    lay = network_layout((3, 4, 1), width, height)
    writer = FFMpegWriter(fps=1 / args.seconds_per_frame, codec="libx264",
                          extra_args=["-preset", "medium", "-crf", "23", "-pix_fmt", "yuv420p"])
    with writer.saving(fig, args.out, dpi=100):
        for shot in shots:
            draw_frame(fig, ax, lay, data, shot)
            writer.grab_frame(facecolor=DARK.background)


if __name__ == "__main__":
    main()
