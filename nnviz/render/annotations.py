"""``--annotate``: the values on the wires, as Fast Forward Labs draws them. Every synapse's
weight is written on its line, every neuron's bias below it (``b 0.12``); the activation is
the number the diagram already writes above each neuron.

The numbers are the ones that example's forward pass ran on, so that a viewer can work the
activations out from the wires: where each training shot follows one online update (XOR),
the weights before that update (undone exactly, as step mode does), not the snapshot's.

Each weight's place is chosen once, when the picture is built (the network's geometry does
not change): the point along its line nearest a preferred share of the way, staggered by
the synapse's target so that the labels of one fan are not side by side, where its box
touches no neuron, no number, no bias and no label placed before it. Labels sit on a plate
of the page's colour, so the line under them does not cross the digits.
"""

from __future__ import annotations

import numpy as np

from ..network import Network
from ..recording import Setup
from ..steps import exact_story, trip
from ..timeline import Shot
from .activity import number
from .diagram import MONO, Diagram
from .stage import Stage

STEPS = np.round(np.arange(0.06, 0.945, 0.01), 3)  # where along a line a label may go
ZORDER = 5.5  # over the synapses and the neurons' cores, under the numbers' plates


def _overlaps(box: np.ndarray, boxes: np.ndarray) -> bool:
    if not len(boxes):
        return False
    return bool(np.any((boxes[:, 0] < box[2]) & (box[0] < boxes[:, 2])
                       & (boxes[:, 1] < box[3]) & (box[1] < boxes[:, 3])))


class Annotations:
    """The weights on the wires and the biases under the neurons of ``diagram``."""

    def __init__(self, stage: Stage, setup: Setup, diagram: Diagram) -> None:
        lay, theme, design = stage.layout, stage.theme, stage.design
        self.stage, self.layout, self.setup = stage, lay, setup
        self._ran_on: tuple[object, Network] | None = None  # a snapshot, the weights it ran on
        size = design.value * 0.85
        style = dict(fontsize=size, family=MONO, color=theme.text, ha="center", va="center", zorder=ZORDER,
                     bbox=dict(boxstyle="round,pad=0.12", facecolor=theme.background, edgecolor="none",
                               alpha=0.9))
        width = stage.width_of("\u22120.00", fontsize=size, family=MONO) + 0.008
        height = size / 72 * stage.dpi / lay.stage_pixels + 0.006
        taken = [row for row in diagram.value_boxes if not np.isnan(row[0])]
        for layer in lay.centres:  # the neurons and a margin round them
            for x, y in layer:
                r = lay.radius * 1.25
                taken.append((x - r, y - r, x + r, y + r))
        # Biases: just under each neuron of every layer after the inputs (a network without
        # biases has none to write: XOR's, as the original trains it).
        self.biases = []
        for i in range(1, len(lay.centres) if setup.bias else 1):
            for x, y in lay.centres[i]:
                cy = y - lay.radius - height * 0.75
                self.biases.append(stage.text(x, cy, **style))
                taken.append((x - width * 0.7, cy - height / 2, x + width * 0.7, cy + height / 2))
        # Weights: along each line, at the free place nearest the preferred one.
        self.weights = []
        self.places: list[np.ndarray] = []
        boxes = np.array(taken, dtype=float).reshape(-1, 4)
        for i in lay.links:
            targets = len(lay.centres[i + 1])
            for start in lay.centres[i]:
                for j, end in enumerate(lay.centres[i + 1]):
                    preferred = 0.3 + 0.4 * (j / max(targets - 1, 1))
                    best, best_box = None, None
                    # On the line first; then just beside it (a label touching its line still
                    # reads as its own).
                    for shift in (0.0, 0.55, -0.55):
                        for t in sorted(STEPS, key=lambda s: abs(s - preferred)):
                            x, y = start + t * (end - start)
                            y += shift * height
                            box = np.array([x - width / 2, y - height / 2, x + width / 2, y + height / 2])
                            if not _overlaps(box, boxes):
                                best, best_box = (x, y), box
                                break
                        if best is not None:
                            break
                    if best is None:  # no free place: the preferred one (a plate keeps it legible)
                        x, y = start + preferred * (end - start)
                        best = (x, y)
                        best_box = np.array([x - width / 2, y - height / 2, x + width / 2, y + height / 2])
                    boxes = np.vstack([boxes, best_box])
                    self.places.append(best_box)
                    self.weights.append(stage.text(*best, **style))

    def show(self, shot: Shot) -> None:
        lay, network = self.layout, self._forward_weights(shot)
        k = 0
        for i in lay.links:
            W = network.W[lay.layers[i]]
            for source in lay.shown[i]:
                for target in lay.shown[i + 1]:
                    self.weights[k].set_text(number(W[source, target]))
                    k += 1
        k = 0
        for i in range(1, len(lay.centres) if self.biases else 1):
            b = network.b[lay.layers[i] - 1]
            for neuron in lay.shown[i]:
                self.biases[k].set_text("b " + number(b[neuron]))
                k += 1

    def _forward_weights(self, shot: Shot) -> Network:
        """The weights ``shot``'s activations were computed with: before the update, for a
        picture of an online update's own snapshot (step mode and in-between pictures carry
        the network they show already)."""
        snap = shot.snapshot
        if snap is None or shot.network is not snap.network or not exact_story(self.setup):
            return shot.network
        if self._ran_on is None or self._ran_on[0] is not snap:  # a shot is drawn many frames
            self._ran_on = (snap, trip(snap, self.setup, None).before)
        return self._ran_on[1]
