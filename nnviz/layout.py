"""Where things go on the frame: pure geometry in stage units.

The picture is designed on a 16:9 *stage*: y runs 0 (bottom) to 1 (top) and x runs 0 to 16/9,
so one unit is the stage height. The stage is the largest 16:9 box that fits the frame,
centred; a frame of another shape gets background bands rather than a squeezed picture. The
network sits on the left of the stage, the caption panel on the right. A frame much taller
than wide (a phone's 9:16) shows the stage *stacked* instead (:func:`stack_of`): its
network's part over its panel's, each as large as the frame allows.

A stage under COMPACT_BELOW_PIXELS high (a blog column, a GIF) gets a *compact* layout of its
own: type set larger for its size, so a wider panel and a narrower network. So do an upright
frame's parts, whatever their size: a phone shows them small.

Any network fits, 3Blue1Brown's way. A layer of more than MOST_NEURONS neurons is *summarised*:
its first and last few are drawn with a vertical ellipsis between them, and synapses join drawn
neurons only. The inputs of a picture are a few chosen pixels instead (a 784-pixel input layer
is eight circles, not 784), and the picture itself takes the room left of them. A network of more than
MOST_LAYERS layers keeps its inputs, output and the hidden layers nearest each, with a
horizontal ellipsis for the ones between (no synapses cross it). Neurons shrink to leave room
between layers as well as within them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

STAGE_ASPECT = 16 / 9
COMPACT_BELOW_PIXELS = 720
# A layer of up to this many neurons is drawn whole; a taller one as its first and last few
# (half of one fewer each) around an ellipsis. Sixteen (3Blue1Brown's hidden layers) leaves
# neurons 22 px wide at 1080p with room for each one's number; a compact stage (360 px) has
# room for eight.
MOST_NEURONS = {False: 16, True: 8}
# The outputs are the answer, drawn whole up to these (a summary can hide the class the
# network names): a compact stage has room for the digits' ten, a larger one for twenty
# classes, each named with its bar (a table's fifteen had hidden its answer behind the ellipsis).
MOST_OUTPUTS = {False: 20, True: 10}
# A picture left of the inputs: its side as a share of the stage's height at most, and the
# gap between it and the input neurons (where its pixels' leader lines run).
PICTURE_SIDE = {False: 0.26, True: 0.24}
PICTURE_MARGIN = {False: 0.05, True: 0.03}  # from the stage's left edge
PICTURE_GAP = {False: 0.08, True: 0.06}
# With a picture the panel is narrower (as a share of the stage's width): the picture, the
# network and the probability bars need the room more than the curves do.
PICTURE_PANEL_LEFT = {False: 0.63, True: 0.54}
# At most this many layers are drawn; beyond, the middle hidden layers become an ellipsis.
MOST_LAYERS = {False: 10, True: 5}
# A stacked frame: the panel's part begins this far left of the panel (its plate's edge and
# shadow), and keeps this much of the stage right of the panel; each part leaves this share of
# the frame's width free.
STACK_SPLIT_GAP = 0.015
STACK_RIGHT_MARGIN = 0.02
STACK_SIDE_ROOM = 0.03


def panel_bounds(compact: bool, picture: bool) -> tuple[float, float]:
    """The panel's left and right edges (stage units)."""
    if compact:  # larger type needs a wider panel
        left, right = STAGE_ASPECT * 0.5, STAGE_ASPECT * 0.975
    else:
        left, right = STAGE_ASPECT * 0.60, STAGE_ASPECT * 0.965
    if picture:
        left = STAGE_ASPECT * PICTURE_PANEL_LEFT[compact]
    return left, right


@dataclass(frozen=True)
class Stack:
    """A stage drawn on a 16:9 canvas of ``canvas`` pixels and shown in a frame of ``frame``
    pixels as two parts: canvas columns ``network`` (from, to) at ``network_at`` (column,
    row of the frame, rows from the top), and ``panel`` at ``panel_at``."""

    canvas: tuple[int, int]
    frame: tuple[int, int]
    network: tuple[int, int]
    network_at: tuple[int, int]
    panel: tuple[int, int]
    panel_at: tuple[int, int]
    compact: bool = True  # the design the parts are drawn in


def band_pixels(width: int, height: int) -> float:
    """How high the largest 16:9 stage is that fits a ``width`` x ``height`` frame whole."""
    return min(height, width / STAGE_ASPECT)


def stack_of(width: int, height: int, picture: bool, full: bool = False) -> Stack | None:
    """How a ``width`` x ``height`` frame shows the stage in two parts, the network over the
    panel; None where the 16:9 band is as good (a landscape or square frame).

    The parts are in the compact design, as a phone shows an upright frame whatever its
    pixels: 1080x1920 is 720x1280 half as large again (in the full design its type had been
    smaller than 720x1280's). ``full``: the full design where the parts are 720 pixels high or
    more (``--annotate`` needs it), else the compact one."""
    band = band_pixels(width, height)
    room = width * (1 - 2 * STACK_SIDE_ROOM)
    for compact in (False, True) if full else (True,):
        left, right = panel_bounds(compact, picture)
        split = left - STACK_SPLIT_GAP
        widest = max(split, right + STACK_RIGHT_MARGIN - split)
        stage = min(height / 2, room / widest)
        if compact or stage >= COMPACT_BELOW_PIXELS:
            break
    if stage <= band:  # stacked wherever the parts are larger than the band's (a wider frame
        return None  # stacks a larger stage than a narrower one of its height)
    stage_px = int(stage) // 2 * 2
    canvas_w = int(round(stage_px * STAGE_ASPECT / 2)) * 2
    # Columns of the canvas, whose stage fills it (its width is within a pixel of 16:9).
    unit = canvas_w / STAGE_ASPECT
    cut = int(round(split * unit))
    end = min(canvas_w, int(round((right + STACK_RIGHT_MARGIN) * unit)))
    gap = (height - 2 * stage_px) // 3  # above, between and below the parts
    network = (0, cut)
    panel = (cut, end)
    return Stack(
        canvas=(canvas_w, stage_px), frame=(width, height),
        network=network, network_at=((width - cut) // 2, gap),
        panel=panel, panel_at=((width - (end - cut)) // 2, 2 * gap + stage_px), compact=compact,
    )


def stage_pixels_of(width: int, height: int, picture: bool = False, stacked: bool = True,
                    full: bool = False) -> float:
    """How high the stage is, in pixels, in a frame of ``width`` x ``height`` (``stacked``:
    where an upright frame's parts may be stacked; a vector still's are not; ``full``: see
    :func:`stack_of`)."""
    stack = stack_of(width, height, picture, full) if stacked else None
    return stack.canvas[1] if stack is not None else band_pixels(width, height)


def is_compact(width: int, height: int, picture: bool = False, stacked: bool = True,
               full: bool = False) -> bool:
    """Whether a ``width`` x ``height`` frame is drawn in the compact design: a stage under
    COMPACT_BELOW_PIXELS high, or an upright frame's parts (unless ``full`` and they have the
    room for the full design)."""
    stack = stack_of(width, height, picture, full) if stacked else None
    return stack.compact if stack is not None else band_pixels(width, height) < COMPACT_BELOW_PIXELS


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
    # Per drawn layer, which of the layer's neurons are drawn (all of them but in a summary).
    shown: tuple[np.ndarray, ...] = ()
    layers: tuple[int, ...] = ()  # which of the network's layers are drawn
    # Where a vertical ellipsis stands for a summarised layer's neurons left out.
    ellipses: tuple[tuple[float, float], ...] = ()
    skipped: tuple[float, float] | None = None  # where a horizontal ellipsis stands for layers left out
    net_left: float = 0.0  # the stage x of the inputs and of the output layer
    net_right: float = 0.0
    picture: tuple[float, float, float, float] | None = None  # x0, y0, x1, y1 of the input picture

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

    @property
    def links(self) -> tuple[int, ...]:
        """The drawn layers (by position) joined to the next drawn one: neighbours in the
        network, not the two sides of a horizontal ellipsis."""
        return tuple(i for i in range(len(self.layers) - 1) if self.layers[i + 1] == self.layers[i] + 1)

    def synapses(self) -> np.ndarray:
        """(n_synapses, 2, 2) segments between drawn neurons, layer by layer, in the
        row-major order of W[l] restricted to the drawn neurons."""
        segments = [
            (start, end)
            for i in self.links
            for start in self.centres[i]
            for end in self.centres[i + 1]
        ]
        return np.array(segments, dtype=float).reshape(-1, 2, 2)

    def value_boxes(self, width: float | np.ndarray, height: float, clearance: float) -> np.ndarray:
        """Where each drawn neuron's number goes: (n, 4) boxes x0, y0, x1, y1 of ``width``
        (one for all, or one per neuron) x ``height``, one per drawn neuron in order.

        Each is as close as can be to centred just above its neuron (and always over its
        centre), while keeping at least ``clearance`` from every synapse's centre line (so no
        number sits on a synapse, and none needs a plate that would mark one) and clear of
        every neuron, ellipsis and other number. If no place nearby is clear (layers too
        dense for their slopes), the one farthest from any synapse is taken.
        """
        return self.value_places(width, height, clearance)[0]

    def value_places(
        self, width: float | np.ndarray, height: float, clearance: float,
        leave_out: frozenset[int] = frozenset(), avoid: np.ndarray | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`value_boxes`, and whether each box is clear (``leave_out``: drawn layers,
        by position, whose neurons have no number and so block nothing; ``avoid``: boxes
        x0, y0, x1, y1 of other words no number may touch)."""
        segments = self.synapses()
        centres = self.all_centres
        obstacles = np.vstack([centres, np.reshape(self.ellipses, (-1, 2))])
        widths = np.broadcast_to(np.asarray(width, dtype=float), (len(centres),))
        layer_of = np.repeat(np.arange(len(self.centres)), [len(c) for c in self.centres])
        placed: list[np.ndarray] = []
        clear: list[bool] = []
        gap = 2 / self.stage_pixels  # between a neuron's edge and its number
        for (x, y), w, layer in zip(centres, widths, layer_of):
            if layer in leave_out:
                placed.append(np.full(4, np.nan))
                clear.append(False)
                continue
            candidates, cost = self._candidates(x, y, w, height, gap)
            away = _box_segments_distance(candidates, _near(segments, candidates, clearance))
            blocked = _box_point_distance(candidates, obstacles) < self.radius + gap
            for other in () if avoid is None else avoid:
                blocked |= _boxes_overlap(candidates, other)
            for other in placed:
                if not np.isnan(other[0]):
                    blocked |= _boxes_overlap(candidates, other)
            # A number must stand over its own neuron's centre, or it could be read as another's.
            over = (candidates[:, 0] < x) & (candidates[:, 2] > x)
            free = ~blocked & (away >= clearance) & over
            if free.any():
                choice = np.flatnonzero(free)[np.argmin(cost[free])]
            else:
                choice = int(np.argmax(np.where(blocked, -np.inf, away)))
            placed.append(candidates[choice])
            clear.append(bool(free.any()))
        return np.array(placed).reshape(-1, 4), np.array(clear, dtype=bool)

    def numbered_layers(
        self, width: float | np.ndarray, height: float, clearance: float, avoid: np.ndarray | None = None
    ) -> tuple[np.ndarray, frozenset[int]]:
        """Where the numbers go, leaving out whole layers where a number has no clear place.

        The rule: a drawn layer shows its neurons' numbers only if every one of them has a
        place clear of synapses, neurons, the words in ``avoid`` and the other numbers;
        otherwise that layer shows
        none (numbers on some neurons of a layer and not others would read as a pattern).
        Returns the boxes (NaN for neurons without a number) and the drawn layers left out.
        """
        leave_out: frozenset[int] = frozenset()
        layer_of = np.repeat(np.arange(len(self.centres)), [len(c) for c in self.centres])
        while True:
            boxes, clear = self.value_places(width, height, clearance, leave_out, avoid)
            crowded = {int(layer) for layer, ok in zip(layer_of, clear) if not ok} - leave_out
            if not crowded:
                return boxes, leave_out
            # The densest crowded layer goes first: without its numbers, others may fit.
            leave_out |= {max(crowded, key=lambda layer: len(self.centres[layer]))}

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


def drawn_neurons(n: int, most: int) -> tuple[np.ndarray, int]:
    """Which of a layer's ``n`` neurons are drawn, and in how many slots (a summary's
    ellipsis takes the middle one): all of them up to ``most``, else the first and last
    ``(most - 1) // 2``."""
    if n <= most:
        return np.arange(n), n
    k = (most - 1) // 2
    return np.concatenate([np.arange(k), np.arange(n - k, n)]), 2 * k + 1


def drawn_layers(count: int, most: int) -> tuple[tuple[int, ...], int | None]:
    """Which of ``count`` layers are drawn, and after how many of them the horizontal
    ellipsis stands (None: every layer is drawn). The inputs and the output are always
    drawn, with the hidden layers nearest each; the ellipsis takes one layer's place."""
    if count <= most:
        return tuple(range(count)), None
    hidden = most - 3  # besides the inputs, the output and the ellipsis
    first = (hidden + 1) // 2
    last = hidden - first
    layers = (0, *range(1, 1 + first), *range(count - 1 - last, count - 1), count - 1)
    return layers, 1 + first


def network_layout(
    sizes: tuple[int, ...], width: int, height: int, *, most_neurons: int | None = None,
    most_layers: int | None = None, label_room: tuple[float, float] = (0.0, 0.0),
    picture: tuple[int, int] | None = None, inputs: np.ndarray | None = None, compact: bool | None = None,
) -> Layout:
    """Where every drawn neuron goes (``compact``: the design, where the stage's size does not
    decide it: an upright frame's parts). ``label_room``: the width (stage units) the input
    names need left of the inputs and the output names right of the outputs; the network
    narrows to make it, but keeps at least 60% of its width.

    ``picture`` (rows, columns of pixels): the inputs are a picture, drawn left of them as
    large as the design allows at a whole number of frame pixels per picture pixel (crisp).
    ``inputs``: which input neurons to draw (in order; a picture's chosen pixels), with an
    ellipsis in the middle of them for the rest."""
    aspect = STAGE_ASPECT
    stage = band_pixels(width, height)
    origin = ((width - stage * aspect) / 2, (height - stage) / 2)
    compact = stage < COMPACT_BELOW_PIXELS if compact is None else compact
    most_neurons = MOST_NEURONS[compact] if most_neurons is None else most_neurons
    most_layers = MOST_LAYERS[compact] if most_layers is None else most_layers
    panel_left, panel_right = panel_bounds(compact, False)
    net_left, net_right = aspect * 0.09, aspect * (0.43 if compact else 0.52)
    top, bottom = 0.80, 0.20
    layers, ellipsis_after = drawn_layers(len(sizes), most_layers)
    drawn = [drawn_neurons(sizes[layer], most_neurons) for layer in layers]
    drawn[-1] = drawn_neurons(sizes[-1], max(most_neurons, MOST_OUTPUTS[compact]))
    if inputs is not None and len(inputs) < sizes[0]:
        drawn[0] = (np.asarray(inputs, dtype=int), len(inputs) + 1)
    box = None
    if picture is not None:
        panel_left = panel_bounds(compact, True)[0]
        net_right = panel_left  # the output names and bars take what they need of it
        box = _picture_box(picture, stage, compact)
        net_left = max(net_left, box[2] + PICTURE_GAP[compact])
    tallest = max(slots for _, slots in drawn)
    gap = (top - bottom) / max(tallest - 1, 1)
    gap = min(gap, 0.19)
    columns = len(layers) + (ellipsis_after is not None)
    net_left, net_right = _make_room(net_left, net_right, panel_left, label_room, keep_left=box is not None,
                                     compact=compact)
    column_gap = (net_right - net_left) / max(columns - 1, 1)
    # Neurons leave room for synapses between layers as well as within them.
    radius = min(0.045, 0.26 * gap, 0.25 * column_gap)
    xs = list(np.linspace(net_left, net_right, columns))
    skipped = None
    if ellipsis_after is not None:
        skipped = (float(xs.pop(ellipsis_after)), (top + bottom) / 2)
    centres, shown, ellipses = [], [], []
    middle = (top + bottom) / 2
    for x, (neurons, slots) in zip(xs, drawn):
        ys = middle + gap * (np.arange(slots)[::-1] - (slots - 1) / 2)
        if slots > len(neurons):  # a summary: the middle slot is the ellipsis's
            ellipses.append((float(x), float(ys[len(neurons) // 2])))
            ys = np.delete(ys, len(neurons) // 2)
        centres.append(np.column_stack([np.full(len(neurons), x), ys]))
        shown.append(neurons)
    return Layout(
        aspect, tuple(centres), radius, panel_left, panel_right, stage, origin, (width, height), compact,
        tuple(shown), layers, tuple(ellipses), skipped, net_left, net_right, box,
    )


def _picture_box(pixels: tuple[int, int], stage: float, compact: bool) -> tuple[float, float, float, float]:
    """Where a picture of ``pixels`` (rows, columns) goes: centred on the network's middle,
    each of its pixels a whole number of frame pixels (at least one) so none is blurred."""
    rows, columns = pixels
    side = PICTURE_SIDE[compact] * stage  # frame pixels available either way
    scale = max(1, int(side // max(rows, columns)))
    width, height = columns * scale / stage, rows * scale / stage
    left = PICTURE_MARGIN[compact]
    bottom = 0.5 - height / 2
    return left, bottom, left + width, bottom + height


def _make_room(net_left: float, net_right: float, panel_left: float, room: tuple[float, float],
               keep_left: bool = False, compact: bool = False) -> tuple[float, float]:
    """The network's extent once the labels either side have the room they need (beyond the
    largest neuron's reach and a margin), narrowing it by at most 40% in all (``keep_left``:
    the left is set already, by a picture; or ``compact``: it may narrow by 55%)."""
    left_room, right_room = room
    reach = 0.045 * 1.5 + 0.02
    width = net_right - net_left
    left = net_left if keep_left else max(net_left, min(left_room + reach, net_left + 0.2 * width))
    # Beside a picture the network may narrow further: the picture already took its share. So
    # may a small frame's, whose larger type needs it ("1 = s…" had named no class at 640x360).
    least = 0.45 if keep_left or compact else 0.6
    right = min(net_right, max(panel_left - reach - right_room - 0.03, left + least * width))
    return left, right
