"""Where things go on the frame: pure geometry in stage units.

The picture is designed on a 16:9 *stage*: y runs 0 (bottom) to 1 (top) and x runs 0 to 16/9,
so one unit is the stage height. The stage is the largest 16:9 box that fits the frame,
centred; a frame of another shape gets background bands rather than a squeezed picture. The
network sits on the left of the stage, the caption panel on the right.

A stage under COMPACT_BELOW_PIXELS high (a blog column, a GIF) gets a *compact* layout of its
own: type set larger for its size, so a wider panel and a narrower network.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

STAGE_ASPECT = 16 / 9
COMPACT_BELOW_PIXELS = 720


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
    compact: bool = False  # the layout for small pictures

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
        return np.array(segments, dtype=float).reshape(-1, 2, 2)

    def value_boxes(self, width: float, height: float, clearance: float) -> np.ndarray:
        """Where each neuron's number goes: (n, 4) boxes x0, y0, x1, y1 of ``width`` x
        ``height``, one per neuron in order.

        Each is as close as can be to centred just above its neuron, while keeping at least
        ``clearance`` from every synapse's centre line (so no number sits on a synapse, and
        none needs a plate that would mark one) and clear of every neuron and every other
        number. If no place nearby is clear (layers too dense for their slopes), the one
        farthest from any synapse is taken.
        """
        segments = self.synapses()
        centres = self.all_centres
        placed: list[np.ndarray] = []
        gap = 2 / self.stage_pixels  # between a neuron's edge and its number
        for x, y in centres:
            candidates, cost = self._candidates(x, y, width, height, gap)
            away = _box_segments_distance(candidates, _near(segments, candidates, clearance))
            blocked = _box_point_distance(candidates, centres) < self.radius + gap
            for other in placed:
                blocked |= _boxes_overlap(candidates, other)
            free = ~blocked & (away >= clearance)
            if free.any():
                choice = np.flatnonzero(free)[np.argmin(cost[free])]
            else:
                choice = int(np.argmax(np.where(blocked, -np.inf, away)))
            placed.append(candidates[choice])
        return np.array(placed).reshape(-1, 4)

    def _candidates(
        self, x: float, y: float, width: float, height: float, gap: float
    ) -> tuple[np.ndarray, np.ndarray]:
        """Boxes around a neuron's top, from centred just above it outwards and upwards,
        each with its cost (how far it strays from centred just above)."""
        step = max(1 / self.stage_pixels, height / 8)
        lifts = np.arange(0, 2.5 * height, step)
        shifts = np.linspace(-0.75, 0.75, 13) * width
        lift, shift = (a.ravel() for a in np.meshgrid(lifts, shifts))
        x0 = x - width / 2 + shift
        y0 = y + self.radius + gap + lift
        boxes = np.column_stack([x0, y0, x0 + width, y0 + height])
        # Rising a little reads better than sliding sideways off the neuron.
        return boxes, lift + 1.5 * np.abs(shift)


def _near(segments: np.ndarray, boxes: np.ndarray, reach: float) -> np.ndarray:
    """The segments that come within ``reach`` of the area the boxes cover."""
    lo, hi = boxes[:, :2].min(axis=0) - reach, boxes[:, 2:].max(axis=0) + reach
    seg_lo, seg_hi = segments.min(axis=1), segments.max(axis=1)
    return segments[np.all((seg_lo <= hi) & (lo <= seg_hi), axis=1)]


def _box_point_distance(boxes: np.ndarray, points: np.ndarray) -> np.ndarray:
    """(boxes,) distance from each box to the nearest of ``points``."""
    px, py = points[None, :, 0], points[None, :, 1]
    dx = np.maximum(np.maximum(boxes[:, :1] - px, 0), px - boxes[:, 2:3])
    dy = np.maximum(np.maximum(boxes[:, 1:2] - py, 0), py - boxes[:, 3:4])
    return np.hypot(dx, dy).min(axis=1)


def _boxes_overlap(boxes: np.ndarray, box: np.ndarray) -> np.ndarray:
    return (boxes[:, 0] < box[2]) & (box[0] < boxes[:, 2]) & (boxes[:, 1] < box[3]) & (box[1] < boxes[:, 3])


def _box_segments_distance(boxes: np.ndarray, segments: np.ndarray) -> np.ndarray:
    """(boxes,) distance from each box to the nearest segment (0 where one crosses it).

    Two convex shapes that do not meet are closest at a corner of one of them: a segment's
    end or a box's corner.
    """
    if len(segments) == 0:
        return np.full(len(boxes), np.inf)
    p, q = segments[None, :, 0], segments[None, :, 1]  # (1, S, 2)
    lo, hi = boxes[:, None, :2], boxes[:, None, 2:]  # (B, 1, 2)
    # Ends of the segments to the boxes.
    ends = np.minimum(_point_box(p, lo, hi), _point_box(q, lo, hi))
    # Corners of the boxes to the segments.
    d = q - p
    length2 = np.maximum((d**2).sum(axis=-1), 1e-18)
    corners = [lo, hi, np.concatenate([lo[..., :1], hi[..., 1:]], axis=-1),
               np.concatenate([hi[..., :1], lo[..., 1:]], axis=-1)]
    nearest = ends
    for corner in corners:
        t = np.clip(((corner - p) * d).sum(axis=-1) / length2, 0, 1)
        foot = p + t[..., None] * d
        nearest = np.minimum(nearest, np.hypot(*(corner - foot).transpose(2, 0, 1)))
    crossing = _crosses(p, d, lo, hi)
    return np.where(crossing, 0.0, nearest).min(axis=1)


def _point_box(points: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    outside = np.maximum(np.maximum(lo - points, 0), points - hi)
    return np.hypot(outside[..., 0], outside[..., 1])


def _crosses(p: np.ndarray, d: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Whether segments p + t·d (0 <= t <= 1) pass through boxes (slab by slab)."""
    enter = np.zeros(np.broadcast_shapes(p.shape[:-1], lo.shape[:-1]))
    leave = np.ones_like(enter)
    for axis in (0, 1):
        start, step = p[..., axis], d[..., axis]
        inside = (lo[..., axis] <= start) & (start <= hi[..., axis])
        with np.errstate(divide="ignore", invalid="ignore"):
            a = (lo[..., axis] - start) / step
            b = (hi[..., axis] - start) / step
        flat = step == 0
        enter = np.maximum(enter, np.where(flat, np.where(inside, -np.inf, np.inf), np.minimum(a, b)))
        leave = np.minimum(leave, np.where(flat, np.where(inside, np.inf, -np.inf), np.maximum(a, b)))
    return enter <= leave


def network_layout(sizes: tuple[int, ...], width: int, height: int) -> Layout:
    aspect = STAGE_ASPECT
    stage = min(height, width / aspect)
    origin = ((width - stage * aspect) / 2, (height - stage) / 2)
    compact = stage < COMPACT_BELOW_PIXELS
    if compact:  # larger type needs a wider panel
        panel_left, panel_right = aspect * 0.5, aspect * 0.975
        net_left, net_right = aspect * 0.09, aspect * 0.43
    else:
        panel_left, panel_right = aspect * 0.60, aspect * 0.965
        net_left, net_right = aspect * 0.09, aspect * 0.52
    top, bottom = 0.80, 0.20
    tallest = max(sizes)
    gap = (top - bottom) / max(tallest - 1, 1)
    gap = min(gap, 0.19)
    radius = min(0.045, 0.26 * gap)
    xs = np.linspace(net_left, net_right, len(sizes))
    centres = []
    middle = (top + bottom) / 2
    for x, n in zip(xs, sizes):
        ys = middle + gap * (np.arange(n)[::-1] - (n - 1) / 2)
        centres.append(np.column_stack([np.full(n, x), ys]))
    return Layout(
        aspect, tuple(centres), radius, panel_left, panel_right, stage, origin, (width, height), compact
    )
