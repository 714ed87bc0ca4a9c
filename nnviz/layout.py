"""Where things go on the frame: pure geometry in frame units.

Frame units: y runs 0 (bottom) to 1 (top), x runs 0 to width/height, so one unit is the frame
height whatever the size. The network sits on the left, the caption panel on the right.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Layout:
    aspect: float  # width / height
    centres: tuple[np.ndarray, ...]  # per layer: (n, 2) neuron centres
    radius: float
    panel_left: float
    panel_right: float

    @property
    def all_centres(self) -> np.ndarray:
        return np.vstack(self.centres)

    def synapses(self) -> np.ndarray:
        """(n_synapses, 2, 2) segments, layer by layer, in W[l] row-major order."""
        segments = [
            (start, end)
            for left, right in zip(self.centres, self.centres[1:])
            for start in left
            for end in right
        ]
        return np.array(segments, dtype=float)


def network_layout(sizes: tuple[int, ...], width: int, height: int) -> Layout:
    aspect = width / height
    panel_left = aspect * 0.60
    net_left, net_right = aspect * 0.09, aspect * 0.52
    top, bottom = 0.80, 0.20
    tallest = max(sizes)
    gap = (top - bottom) / max(tallest - 1, 1)
    gap = min(gap, 0.19)
    radius = min(0.045, 0.32 * gap)
    xs = np.linspace(net_left, net_right, len(sizes))
    centres = []
    middle = (top + bottom) / 2
    for x, n in zip(xs, sizes):
        ys = middle + gap * (np.arange(n)[::-1] - (n - 1) / 2)
        centres.append(np.column_stack([np.full(n, x), ys]))
    return Layout(aspect, tuple(centres), radius, panel_left, aspect * 0.965)
