"""``--annotate``: the values on the wires, as Fast Forward Labs draws them. Every synapse's
weight is written on its line, every neuron's bias below it (``b 0.12``); the activation is
the number the diagram already writes above each neuron.

The numbers are the ones that example's forward pass ran on, so that a viewer can work the
activations out from the wires: where each training shot follows one online update (XOR),
the weights before that update (undone exactly, as step mode does), not the snapshot's.
In step mode the video has just moved them: its settled picture of the step shows the
weights after the update, which the backward pass changed them to.

Each weight's place is chosen once, when the picture is built (the network's geometry does
not change): on its line or just beside it, covering no neuron, number, bias or other label
(and keeping a little clear of them), lying on no other wire where it can, and
nearest a preferred share of the way, staggered by the synapse's target so that the labels
of one fan are not side by side. Labels sit on a plate of the page's colour, so the line
under them does not cross the digits. Where the diagram leaves a layer's activations out
(they would sit on synapses), they are written here, on plates above their neurons: the
next layer is worked out from them.
"""

from __future__ import annotations

import numpy as np
from matplotlib.colors import to_hex, to_rgb

from ..network import Network
from ..recording import Setup
from ..steps import exact_story, trip
from ..timeline import Shot
from .activity import number
from .diagram import MONO, Diagram
from .stage import Stage

STEPS = np.round(np.arange(0.06, 0.945, 0.01), 3)  # where along a line a label may go
ZORDER = 5.5  # over the synapses and the neurons' cores, under the numbers' plates


SHIFTS = (0.0, 0.55, -0.55, 1.1, -1.1, 1.65, -1.65)  # label heights beside its line: on it first


def _place(start: np.ndarray, end: np.ndarray, preferred: float, width: float, height: float,
           boxes: np.ndarray, wires: np.ndarray, now: tuple[float, float] | None = None,
           ) -> tuple[np.ndarray, float, tuple[float, float]]:
    """The box of a weight's label on the line from ``start`` to ``end``, its cost and its
    place (share of the way along, shift beside the line): the candidate that covers none of
    ``boxes`` (neurons, numbers, other labels) or least of them, then keeps clear of them,
    then lies on fewest of the other ``wires`` (a label on two wires would belong to either),
    then lies nearest ``preferred``. ``now``: the label's present place, kept unless another
    costs less."""
    t, shift = (a.ravel() for a in np.meshgrid(STEPS, SHIFTS))
    if now is not None:  # first, so that a tie keeps it
        t, shift = np.concatenate([[now[0]], t]), np.concatenate([[now[1]], shift])
    x = start[0] + t * (end[0] - start[0])
    y = start[1] + t * (end[1] - start[1]) + shift * height
    candidates = np.column_stack([x - width / 2, y - height / 2, x + width / 2, y + height / 2])
    cost = _costs(candidates, t, shift, preferred, width, height, boxes, wires)
    best = int(np.argmin(cost))
    return candidates[best], float(cost[best]), (float(t[best]), float(shift[best]))


def _costs(candidates: np.ndarray, t: np.ndarray, shift: np.ndarray, preferred: float, width: float,
           height: float, boxes: np.ndarray, others: np.ndarray) -> np.ndarray:
    covered = touched = np.zeros(len(candidates))
    if len(boxes):  # what each covers of the boxes, and of a little room round them
        covered = _covered(candidates, boxes) / (width * height)
        touched = _covered(candidates + np.array([-0.1, -0.25, 0.1, 0.25]) * [width, height, width, height],
                           boxes) / (width * height)
    # Each other wire under a label would read as its wire (the plate hides a piece of it).
    crossed = _through(candidates, others).sum(axis=1) if len(others) else np.zeros(len(candidates))
    return (1000.0 * (covered > 1e-9) + 100.0 * covered + 3.0 * touched + 1.5 * crossed
            + np.abs(t - preferred) + 0.15 * np.abs(shift))


def _through(boxes: np.ndarray, segments: np.ndarray) -> np.ndarray:
    """(boxes, segments): whether each segment passes through each box (clipped to it, as
    Liang and Barsky clip a line)."""
    start, along = segments[None, :, 0], segments[None, :, 1] - segments[None, :, 0]
    low, high = np.zeros((len(boxes), len(segments))), np.ones((len(boxes), len(segments)))
    for axis, (near, far) in enumerate(((0, 2), (1, 3))):
        d = along[..., axis]
        flat = np.abs(d) < 1e-12
        with np.errstate(divide="ignore", invalid="ignore"):
            t0 = (boxes[:, None, near] - start[..., axis]) / np.where(flat, 1.0, d)
            t1 = (boxes[:, None, far] - start[..., axis]) / np.where(flat, 1.0, d)
        inside = (boxes[:, None, near] <= start[..., axis]) & (start[..., axis] <= boxes[:, None, far])
        low = np.where(flat, np.where(inside, low, np.inf), np.maximum(low, np.minimum(t0, t1)))
        high = np.where(flat, high, np.minimum(high, np.maximum(t0, t1)))
    return low < high


def _covered(candidates: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """(candidates,) the area of ``boxes`` each candidate box covers."""
    w = np.clip(np.minimum(candidates[:, None, 2], boxes[None, :, 2])
                - np.maximum(candidates[:, None, 0], boxes[None, :, 0]), 0, None)
    h = np.clip(np.minimum(candidates[:, None, 3], boxes[None, :, 3])
                - np.maximum(candidates[:, None, 1], boxes[None, :, 1]), 0, None)
    return (w * h).sum(axis=1)


class Annotations:
    """The weights on the wires and the biases under the neurons of ``diagram``."""

    def __init__(self, stage: Stage, setup: Setup, diagram: Diagram, steps: bool = False) -> None:
        lay, theme, design = stage.layout, stage.theme, stage.design
        self.stage, self.layout, self.setup, self.steps = stage, lay, setup, steps
        # The weight colours taken a third of the way to the text's, for small digits' contrast.
        # A weight of 0 is in the muted colour, as its wire: neither sign.
        self._signs = {sign: to_hex(0.65 * np.array(to_rgb(colour)) + 0.35 * np.array(to_rgb(theme.text)))
                       for sign, colour in ((1, theme.positive), (-1, theme.negative), (0, theme.muted))}
        self._ran_on: tuple[object, Network] | None = None  # a snapshot, the weights it ran on
        size = design.value * 0.85
        style = dict(fontsize=size, family=MONO, color=theme.text, ha="center", va="center", zorder=ZORDER,
                     bbox=dict(boxstyle="round,pad=0.12", facecolor=theme.background, edgecolor="none",
                               alpha=0.9))
        width = stage.width_of("\u22120.00", fontsize=size, family=MONO) + 0.005
        height = size / 72 * stage.dpi / lay.stage_pixels + 0.006
        taken = [row for row in diagram.value_boxes if not np.isnan(row[0])]
        for layer in lay.centres:  # the neurons and a margin round them
            for x, y in layer:
                r = lay.radius * 1.25
                taken.append((x - r, y - r, x + r, y + r))
        self.plates: list[tuple[float, ...]] = []  # every number's plate (stage units), weights' last
        # Biases: just under each neuron of every layer after the inputs (a network without
        # biases has none to write: XOR's, as the original trains it). Then the activations
        # of layers the diagram leaves unnumbered (its numbers there would sit on synapses):
        # here they are needed to work the next layer out, so each goes just above its
        # neuron on a plate. Each takes the first place clear of the diagram's numbers and
        # of the plates before it (beside its neuron where one is in the way), else the
        # least covered.
        numbers = np.array([row for row in diagram.value_boxes if not np.isnan(row[0])]).reshape(-1, 4)

        def plate(x: float, y: float, below: bool, half: float) -> tuple[float, float, tuple]:
            side = -1 if below else 1
            places = [(x + dx * width, y + side * (lay.radius + height * lift)) for lift in (0.75, 1.35)
                      for dx in (0.0, -0.75, 0.75, -1.4, 1.4)]
            boxes = np.array([(cx - half, cy - height / 2, cx + half, cy + height / 2) for cx, cy in places])
            covered = _covered(boxes, np.vstack([numbers, np.array(self.plates).reshape(-1, 4)]))
            clear = np.flatnonzero(covered == 0)
            best = int(clear[0]) if len(clear) else int(np.argmin(covered))
            return *places[best], tuple(boxes[best])

        self.biases = []
        for i in range(1, len(lay.centres) if setup.bias else 1):
            for x, y in lay.centres[i]:
                cx, cy, box = plate(x, y, below=True, half=width * 0.7)
                self.biases.append(stage.text(cx, cy, **style))
                taken.append(box)
                self.plates.append(box)
        self.activations = []
        first = 0
        for i, layer in enumerate(lay.centres):
            if i in diagram.unnumbered:
                for k, (x, y) in enumerate(layer):
                    cx, cy, box = plate(x, y, below=False, half=width / 2)
                    self.activations.append((first + k, stage.text(cx, cy, **style)))
                    taken.append(box)
                    self.plates.append(box)
            first += len(layer)
        # Weights: along each line, at the place that costs least (see _place), in turn; then,
        # a few times over, each label again with all the others in place (one placed early
        # may have taken the only room a later one had).
        fixed = np.array(taken, dtype=float).reshape(-1, 4)
        segments = np.array([(start, end) for i in lay.links for start in lay.centres[i]
                             for end in lay.centres[i + 1]], dtype=float)
        preferred = np.array([0.3 + 0.4 * (j / max(len(lay.centres[i + 1]) - 1, 1)) for i in lay.links
                              for _ in lay.centres[i] for j in range(len(lay.centres[i + 1]))])
        wires = [np.delete(segments, k, axis=0) for k in range(len(segments))]  # each label's others
        places: list[np.ndarray] = []
        where: list[tuple[float, float]] = []
        for k, (start, end) in enumerate(segments):
            others = np.vstack([fixed, *places]) if places else fixed
            box, _, at = _place(start, end, preferred[k], width, height, others, wires[k])
            places.append(box)
            where.append(at)
        for _ in range(3):
            moved = False
            for k, (start, end) in enumerate(segments):
                others = np.vstack([fixed, *places[:k], *places[k + 1:]])
                box, _, at = _place(start, end, preferred[k], width, height, others, wires[k], now=where[k])
                if at != where[k]:
                    places[k], where[k], moved = box, at, True
            if not moved:
                break
        self.places = places
        self.plates += [tuple(box) for box in places]
        self.weights = [stage.text((box[0] + box[2]) / 2, (box[1] + box[3]) / 2, **style) for box in places]
        self.diagram = diagram

    def show(self, shot: Shot, values: tuple[str, ...]) -> None:
        """Set the numbers to ``shot``'s; ``values`` are every neuron's number (as the diagram's)."""
        drawn = self.diagram.drawn_values(values)
        for neuron, text in self.activations:
            text.set_text(drawn[neuron].strip())
            text.set_visible(bool(drawn[neuron].strip()))
        lay, network = self.layout, self.forward_weights(shot)
        k = 0
        for i in lay.links:
            W = network.W[lay.layers[i]]
            for source in lay.shown[i]:
                for target in lay.shown[i + 1]:
                    w = W[source, target]
                    self.weights[k].set_text(number(w))
                    # In its wire's colour: where wires cross, a label goes with the wire of its
                    # own colour (its sign says it too, for every reader).
                    colour = self._signs[int(np.sign(w))]
                    if self.weights[k].get_color() != colour:
                        self.weights[k].set_color(colour)
                    k += 1
        k = 0
        for i in range(1, len(lay.centres) if self.biases else 1):
            b = network.b[lay.layers[i] - 1]
            for neuron in lay.shown[i]:
                self.biases[k].set_text("b " + number(b[neuron]))
                k += 1

    def forward_weights(self, shot: Shot) -> Network:
        """The weights ``shot``'s activations were computed with: before the update, for a
        picture of an online update's own snapshot (step mode's pictures carry the network
        they show already, and its settled picture comes after the backward pass moved the
        weights)."""
        snap = shot.snapshot
        if (self.steps or snap is None or shot.network is not snap.network
                or not exact_story(self.setup)):
            return shot.network
        if self._ran_on is None or self._ran_on[0] is not snap:  # a shot is drawn many frames
            self._ran_on = (snap, trip(snap, self.setup, None).before)
        return self._ran_on[1]
