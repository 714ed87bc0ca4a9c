"""Where things go on the frame: pure geometry in stage units.

The picture is designed on a 16:9 *stage*: y runs 0 (bottom) to 1 (top) and x runs 0 to 16/9,
so one unit is the stage height. The stage is the largest 16:9 box that fits the frame,
centred; a frame of another shape gets background bands rather than a squeezed picture. The
network sits on the left of the stage, the caption panel on the right.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

STAGE_ASPECT = 16 / 9


@dataclass(frozen=True)
class Layout:
    aspect: float  # stage width / stage height
    centres: tuple[np.ndarray, ...]  # per layer: (n, 2) neuron centres
    radius: float
    panel_left: float
    panel_right: float
    stage_pixels: float  # stage height in pixels: the size of one unit
    origin: tuple[float, float]  # frame pixels (from the left, from the bottom) of stage (0, 0)
    frame: tuple[int, int]  # width, height in pixels

    def frame_limits(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """The whole frame in stage units: (x range, y range)."""
        (x0, y0), (w, h), s = self.origin, self.frame, self.stage_pixels
        return (-x0 / s, (w - x0) / s), (-y0 / s, (h - y0) / s)

    def to_pixels(self, points: np.ndarray) -> np.ndarray:
        """Stage points to (column, row) pixel positions, rows counted from the top."""
        points = np.asarray(points, dtype=float)
        columns = self.origin[0] + points[..., 0] * self.stage_pixels
        rows = self.frame[1] - (self.origin[1] + points[..., 1] * self.stage_pixels)
        return np.stack([columns, rows], axis=-1)

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
    aspect = STAGE_ASPECT
    stage = min(height, width / aspect)
    origin = ((width - stage * aspect) / 2, (height - stage) / 2)
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
    return Layout(
        aspect, tuple(centres), radius, panel_left, aspect * 0.965, stage, origin, (width, height)
    )
