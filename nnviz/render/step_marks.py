"""What step mode (``--steps``) adds to the diagram: rings of error and a line that says the phase.

- Each output neuron is ringed, in the error colour, once the error appears, and each
  hidden neuron as the backward pass reaches it, all on one scale (:func:`.activity.error_ring`):
  the widest output ring is as wide as the largest error (target minus output, 0 to 1), and
  every ring is its neuron's delta (−∂E/∂z) as a share of the largest output delta, on a cube
  root. So the rings travel back with the error and compare as the deltas do.
- One line over the network says which phase the picture is in, with the error in numbers
  where there is one output.

The synapses' flashes are the diagram's (they are strokes of its synapse collection).
Both artists are hidden in pictures that are not steps.
"""

from __future__ import annotations

import numpy as np
from matplotlib.collections import EllipseCollection
from matplotlib.colors import to_rgb

from ..recording import Setup
from ..steps import StepView, exact_story
from ..timeline import Moment, Shot
from .activity import error_ring, signed
from .diagram import Diagram
from .stage import Stage

# A ring lies on the neuron's own edge, inside it, so that it never reaches the number above
# it: its width (points) from no error to the largest, at most RING_REACH of the radius.
RING_WIDTH = (1.0, 6.0)
RING_REACH = 0.35
RING_OPAQUE = 4.0  # a ring is opaque from a quarter of the largest error or delta; fainter below


# Asides a phase line drops, in turn, before it is cut short: the last step had read
# "…; the weights become the trained o…" at 1920x1080.
STILL_PASS = "; the neurons still show its forward pass"
AFTER_STEP = "The weights after this step"
ASIDES = (" (the flashes are its gradient)", STILL_PASS)

class StepMarks:
    """The rings of error and the phase line, on ``stage`` over ``diagram``."""

    def __init__(self, stage: Stage, setup: Setup, diagram: Diagram, steps: bool = False) -> None:
        """``steps``: the renderer draws step mode (a compact frame then gives the line saying
        the step's phase the layer titles' place)."""
        self.stage, self.setup, self.diagram = stage, setup, diagram
        # Step mode's exact updates settle on the training shot itself (see say).
        self._settles_on_shot = steps and exact_story(setup)
        lay, theme, design = stage.layout, stage.theme, stage.design
        ax = stage.ax
        self._colour = np.array(to_rgb(theme.gradient))
        # Every drawn neuron after the inputs can be ringed.
        self._ringed = [i for i, layer in enumerate(lay.layers) if layer > 0]
        centres = np.vstack([lay.centres[i] for i in self._ringed])
        radius_points = lay.radius * lay.stage_pixels * 72 / stage.dpi
        self._widths = tuple(min(width, RING_REACH * radius_points) for width in RING_WIDTH)
        # The ring's outer edge at the neuron's: the centre line half the widest ring inside.
        diameter = np.full(len(centres), 2 * lay.radius - self._widths[1] / 72 * stage.dpi / lay.stage_pixels)
        self.rings = stage.overlay(ax.add_collection(EllipseCollection(
            diameter, diameter, np.zeros(len(centres)), units="xy", offsets=centres,
            offset_transform=ax.transData, facecolors="none", edgecolors=theme.gradient,
            linewidths=self._widths[0], zorder=4.6, visible=False,
        )))
        stage.extents[self.rings] = diagram.box
        (x0, x1), (_, top) = lay.frame_limits()
        self._room = lay.panel_left - x0 - 0.06
        self._style = dict(fontsize=design.layer, color=theme.text, ha="center", va="center", zorder=6)
        # Centred in the room over the layer titles (which stand on titles_y, a line high).
        title = design.layer / 72 * stage.dpi / lay.stage_pixels
        y = (top + diagram.titles_y + title) / 2
        self._titles: list = []  # the layer titles the line stands in for, in a compact frame
        if steps and lay.compact:
            # A compact frame has no room over the titles (the line had stood 3 pixels under
            # the frame's top and 2 over "inputs hidden output"): it takes their place while
            # a step is shown, and they come back for the other shots.
            y = diagram.titles_y + title / 2
            for text in diagram.layer_titles:
                text.set_zorder(6)
                self._titles.append(stage.overlay(text))
        self.phase = stage.text((x0 + lay.panel_left) / 2, y, **self._style)
        self.phase.set_visible(False)
        self._words: dict[str, str] = {}

    def show(self, shot: Shot) -> None:
        step = shot.step
        if step is None:
            if self.rings.get_visible():
                self.rings.set_visible(False)
        else:
            self._show_rings(step)
        text = self._fitted(self.say(shot))
        self.phase.set_text(text)
        if self.phase.get_visible() != bool(text):
            self.phase.set_visible(bool(text))
        self._show_titles(not text)

    def _show_titles(self, shown: bool) -> None:
        for title in self._titles:
            if title.get_visible() != shown:
                title.set_visible(shown)

    def _show_rings(self, step: StepView) -> None:
        lay, trip = self.stage.layout, step.trip
        amounts, opacities = [], []
        for i in self._ringed:
            layer = lay.layers[i]
            shown = lay.shown[i]
            size = error_ring(trip.deltas[layer - 1][shown], trip.deltas[-1], trip.error)
            # The outputs' rings come with the error; the hidden layers' as it reaches them.
            shown_by = step.error if layer == len(trip.activations) - 1 else step.blamed[layer - 1]
            amounts.append(size * shown_by)
            opacities.append(np.minimum(size * RING_OPAQUE, 1.0) * shown_by)
        amount = np.concatenate(amounts)
        self.rings.set_edgecolor(np.column_stack([np.tile(self._colour, (len(amount), 1)),
                                                  np.concatenate(opacities)]))
        low, high = self._widths
        self.rings.set_linewidth(low + (high - low) * amount)
        visible = bool(np.any(amount > 0))
        if self.rings.get_visible() != visible:
            self.rings.set_visible(visible)

    def say(self, shot: Shot) -> str:
        """The phase line of a picture of step mode ("" for none)."""
        step = shot.step
        compact = self.stage.layout.compact
        # Settled, the wires carry the new weights and the neurons the pass before them: said,
        # or --annotate's wires and numbers had seemed to disagree (an exact update settles on
        # the shot itself, which has no step of its own).
        if step is None:
            settled = (self._settles_on_shot and shot.moment is Moment.TRAINING and not shot.in_between
                       and shot.snapshot is not None)
            moved = AFTER_STEP if settled else ""
        elif step.phase == "done":
            moved = AFTER_STEP if step.trip.exact else self._next_weights(step.trip).capitalize()
        else:
            return self._passing(shot)
        return moved + (STILL_PASS if moved and not compact else "")

    def _passing(self, shot: Shot) -> str:
        """The phase line of a step under way: its overview, or its pass."""
        step, compact = shot.step, self.stage.layout.compact
        if step.phase == "whole":
            return ("One step: forward, error, backward" if compact else
                    "One training step: forward pass, error at each neuron (rings), "
                    "gradients flowing back (flashes)")
        if step.phase == "forward":
            return "Forward pass" if compact else "Forward pass: the example goes in, layer by layer"
        trip = step.trip
        if step.phase == "error":
            return ("Error: " if compact else "Error at the output: ") + self._error(shot)
        if compact:
            return "Backward pass"
        if trip.exact:
            return ("Backward pass: the error flows back, each weight moves by its gradient × the "
                    "learning rate")
        said = "Backward pass: the error flows back (the flashes are its gradient); "
        return said + self._next_weights(trip)

    def _next_weights(self, trip) -> str:
        if trip.next_step is None:
            return "the weights become the trained ones"
        return f"the weights become {self.setup.step_name} {trip.next_step:,}'s"

    def _error(self, shot: Shot) -> str:
        trip = shot.step.trip
        error = trip.error
        if len(error) == 1:
            target, output = float(trip.target[0]), float(trip.activations[-1][0])
            return f"target {target:g} − output {output:.2f} = {signed(error[0])}".replace("-", "−")
        classes = self.setup.classes
        if self.setup.output in ("softmax", "binary") and trip.target.max() == 1:
            truth = int(np.argmax(trip.target))
            name = classes[truth] if classes is not None and truth < len(classes) else str(truth)
            return f"the answer is {name}; each ring is an output's error"
        return "each ring is an output's error, target − output"

    def _fitted(self, text: str) -> str:
        if not text:
            return text
        if text not in self._words:
            shorter = text
            for aside in ASIDES:
                if self.stage.width_of(shorter, **self._style) <= self._room:
                    break
                shorter = shorter.replace(aside, "")
            self._words[text] = self.stage.fit(shorter, self._room, **self._style)
        return self._words[text]
