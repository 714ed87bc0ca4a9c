"""The picture of one shot: the network on the left, the panel for the data's kind on the right
(in an upright frame, the network over the panel: see :func:`~nnviz.layout.stack_of`).

The figure and every artist are made once; ``draw(shot)`` only updates their data (colours,
widths, sizes, strings) and redraws what changed. Frames come back as the canvas's own RGBA
buffer (an upright frame's, as one buffer the two parts are copied into), with no copy: use
it (or copy it) before the next ``draw``.

The parts: a :class:`~.stage.Stage` (the figure in stage units and its overlays), the
:class:`~.diagram.Diagram` of the network, the panel :func:`~.panels.panel_kind` picks for
the setup, and the key to the colours under the network.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
from matplotlib import rc_context
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.patches import Circle, Rectangle
from matplotlib.transforms import Bbox

from ..layout import MOST_LAYERS, Layout, Stack, network_layout, stack_of
from ..recording import Setup
from ..style import DARK, Theme
from ..timeline import Moment, Shot
from .activity import Scale
from .annotations import Annotations
from .bars import BAR_LENGTH, PERCENT_ROOM, SHORTEST, LeftOutAnswer, ProbabilityBars
from .blit import DirtyRegions, artist_extent
from .design import COMPACT, FULL, Design
from .diagram import MONO, Diagram
from .labels import labels, numbered_class
from .neuron_maps import STRENGTH, NeuronMaps
from .panels import PANELS, Panel, Words, panel_kind
from .picture import REPRESENTATIVE, InputPicture, representative_pixels
from .plain_text import with_plain_text
from .sprites import CachedText
from .stage import Stage
from .step_marks import StepMarks

# The stage is always 10.8 inches high, so sizes in points scale with it: a 15-point label
# is as big relative to the picture at 720p as at 4K.
STAGE_HEIGHT_INCHES = 10.8
SWEPT_LAYERS = 7  # layers drawn whole for a layer sweep (inputs, five hidden, the output)


class Renderer:
    """Draws shots of one recording's network and data at one frame size.

    With ``blit`` (the default) only what changed since the previous shot is redrawn; without
    it every shot is a full redraw of the figure. Both give the same pixels. Small frames
    (a stage under 720 pixels high) get the compact design: larger type, fewer words.
    """

    @with_plain_text
    def __init__(
        self,
        setup: Setup,
        width: int,
        height: int,
        theme: Theme = DARK,
        blit: bool = True,
        transparent: bool = False,
        steps: bool = False,
        stack: bool = True,
    ) -> None:
        self.setup = setup
        self.steps = steps  # step mode: the key says what its rings and flashes are
        self.sizes, self.dataset, self.train_cycles = setup.sizes, setup.dataset, setup.steps
        self.width, self.height, self.theme = width, height, theme
        pictured = _pictured(setup)
        # A tall frame (9:16) shows the stage in two parts, drawn on a 16:9 canvas of their own.
        self.stack = stack_of(width, height, pictured is not None, full=setup.annotate) if stack else None
        self._frame: np.ndarray | None = None
        if self.stack is not None:
            width, height = self.stack.canvas
            self._frame = np.zeros((self.height, self.width, 4), dtype=np.uint8)
            if not transparent:
                self._frame[...] = np.round(np.array(to_rgba(theme.background)) * 255).astype(np.uint8)
        compact = None if self.stack is None else self.stack.compact
        plain = network_layout(setup.sizes, width, height, compact=compact)
        picture = dict(picture=pictured.image_shape, inputs=representative_pixels(
            pictured, REPRESENTATIVE[plain.compact])) if pictured is not None else {}
        if setup.layer_sweep:
            # The sweep reads out each hidden layer: drawn, up to five, even in a compact
            # frame (which summarises beyond three, and had shown "⋯ 3" for layer 3).
            picture["most_layers"] = max(MOST_LAYERS[plain.compact], min(len(setup.sizes), SWEPT_LAYERS))
        plain = network_layout(setup.sizes, width, height, compact=compact, **picture)
        self.design: Design = COMPACT if plain.compact else FULL
        dpi = plain.stage_pixels / STAGE_HEIGHT_INCHES
        # A hair over the exact size: Agg truncates width*dpi, and W/dpi*dpi can land just below W.
        # Transparent: only the page behind the picture goes; the panel stays.
        self.figure = Figure(
            figsize=((width + 0.01) / dpi, (height + 0.01) / dpi), dpi=dpi,
            facecolor="none" if transparent else theme.background,
        )
        self.canvas = FigureCanvasAgg(self.figure)
        if self.canvas.get_width_height() != (width, height):
            raise RuntimeError(f"canvas is {self.canvas.get_width_height()}, not {width}x{height}")
        ax = self.figure.add_axes((0, 0, 1, 1))
        xlim, ylim = plain.frame_limits()
        ax.set_xlim(*xlim)
        ax.set_ylim(*ylim)
        ax.set_axis_off()
        self.ax = ax
        self.stage = Stage(self.canvas, ax, plain, self.design, theme)
        room = self._label_room(plain)
        if _bars_wanted(setup):
            room = (room[0], room[1] + BAR_LENGTH[plain.compact] + BAR_GAP + PERCENT_ROOM[plain.compact])
        self.layout: Layout = network_layout(setup.sizes, width, height, label_room=room, compact=compact,
                                             **picture)
        self.stage.layout = self.layout
        # Long class names are cut short before the bars go: at least a short bar each, with
        # its percentage (names of 28 characters had left no room for any, even at 1080p). In
        # small frames the names come first ("bun…" beside a bar said nothing).
        bars_kept = _bars_wanted(setup) and not self.layout.compact
        keep = BAR_GAP + BARS_KEPT + PERCENT_ROOM[False] - 0.01 if bars_kept else 0.0
        self.diagram = Diagram(self.stage, setup, keep)
        self.picture = InputPicture(self.stage, setup) if pictured is not None else None
        start = self.diagram.names_end + BAR_GAP
        room = self.layout.panel_left - 0.02 - PERCENT_ROOM[self.layout.compact] - start
        self.annotations = Annotations(self.stage, setup, self.diagram, steps) if setup.annotate else None
        self.step_marks = StepMarks(self.stage, setup, self.diagram, steps)
        self.neuron_maps = None
        if setup.neuron_maps and setup.dataset is not None and setup.dataset.kind == "points":
            self.neuron_maps = self.stage.overlay(self.ax.add_artist(NeuronMaps(self.stage, setup)))
            self.diagram.cover(self.neuron_maps.layers)
        self.bars = (ProbabilityBars(self.stage, start, setup.unsure)
                     if _bars_wanted(setup) and room >= SHORTEST else None)
        self.left_out = self._left_out_answer()
        self.panel: Panel = PANELS[panel_kind(setup)](self.stage, setup)
        self._build_legend()
        self._network_box = self.diagram.box
        self.value_boxes = self.diagram.value_boxes
        self._regions = DirtyRegions(self.canvas, self.stage.overlays, self._extent) if blit else None
        if self.stack is not None:
            self.stack = self._centred(self.stack, transparent)

    def _centred(self, stack: Stack, transparent: bool) -> Stack:
        """The network's part placed so that what it draws before any shot (names, picture,
        neurons, key) is centred in the frame: its part runs to the panel, and a network
        ending well short of it had stood left of centre (79 pixels from the left, 185 from
        the right). It moves only as far as keeps the whole part in the frame."""
        self.canvas.draw()
        part = np.asarray(self.canvas.buffer_rgba())[:, stack.network[0] : stack.network[1]].astype(int)
        if transparent:
            drawn = part[..., 3] > 16
        else:
            page = np.round(np.array(to_rgba(self.theme.background)[:3]) * 255)
            drawn = np.abs(part[..., :3] - page).sum(axis=2) > 24
        columns = np.flatnonzero(drawn.any(axis=0))
        if len(columns) == 0:
            return stack
        width, cut = stack.frame[0], stack.network[1] - stack.network[0]
        column = round(width / 2 - (columns[0] + columns[-1] + 1) / 2)
        column = min(max(column, 0), width - cut)
        return replace(stack, network_at=(column, stack.network_at[1]))

    # ----------------------------------------------------------------- building (once)
    def _left_out_answer(self) -> LeftOutAnswer | None:
        """Beside a summarised output layer's ellipsis, the answer where it is left out."""
        lay, setup = self.layout, self.setup
        ellipsis = [y for x, y in lay.ellipses if abs(x - lay.centres[-1][0, 0]) < 1e-9]
        if not (_bars_wanted(setup) and ellipsis):
            return None
        # Classes known by number only are named as their outputs are ("class 26"): without
        # names, the answer had been said nowhere in the picture.
        names = setup.classes
        if names is None:
            names = [numbered_class(k) for k in range(setup.sizes[-1])]
        return LeftOutAnswer(self.stage, self.diagram.names_start, ellipsis[0], names, setup.unsure)

    def _label_room(self, plain: Layout) -> tuple[float, float]:
        """How wide the input names and the output names are, in stage units."""
        words = labels(self.setup, plain, self.design.subscripts)
        style = dict(fontsize=self.design.input_name)
        inputs = max((self.stage.width_of(name, **style) for name in words.inputs), default=0.0)
        outputs = max((self.stage.width_of(line, **style) for lines in words.outputs for line in lines),
                      default=0.0)
        if outputs:  # they start clear of the output neurons' numbers, half of which is right of them
            outputs += self.stage.width_of("0.00", fontsize=self.design.value, family=MONO) / 2
        return inputs, outputs

    def _build_legend(self) -> None:
        ax, theme, aspect, design = self.ax, self.theme, self.layout.aspect, self.design
        (y, how_y), x = design.legend_rows, aspect * 0.04
        positive, negative, how = design.legend_words
        how = _how_to_read(how, self.setup, design, self.diagram.scales)
        step = aspect * design.legend_step
        muted = dict(fontsize=design.legend, color=theme.muted, va="center", zorder=0.5)
        for i, (colour, text) in enumerate([(theme.positive, positive), (theme.negative, negative)]):
            ax.plot([x + i * step, x + i * step + 0.04], [y, y], color=colour, lw=5,
                    solid_capstyle="round", zorder=0.5)
            ax.text(x + i * step + 0.055, y, text, **muted)
        # The mark of a dropped neuron, as the diagram draws it: said on the training shots,
        # which are the ones that drop neurons (not on a test example, a probe or after).
        self._dropped_key: list[Artist] = []
        if self.setup.dropout > 0:
            centre, r = (x + 2 * step + 0.02, y), 0.014
            key = dict(zorder=1.2)
            self._dropped_key.append(ax.add_patch(Circle(centre, r, fill=False, edgecolor=theme.muted, lw=1.4,
                                                         linestyle=(0, (3, 2.5)), **key)))
            arm = r * 0.55
            for dy in (arm, -arm):
                self._dropped_key += ax.plot([centre[0] - arm, centre[0] + arm], [y - dy, y + dy],
                                             color=theme.muted, lw=1.8, solid_capstyle="round", **key)
            self._dropped_key.append(ax.text(x + 2 * step + 0.055, y, DROPPED_WORDS[design is COMPACT],
                                             **(muted | key)))
            for artist in self._dropped_key:
                self.stage.overlay(artist)
        # The keys of neuron maps and step mode go after the how-to-read line and in the
        # colour key's slots after its last, in full words where they fit, else in short
        # ones; where even so one has no place, the how-to-read line is said in its short
        # words (dropout, step mode and neuron maps together had left the maps' key out).
        slots = [(x + k * step, y) for k in range(3 if self.setup.dropout > 0 else 2, 6)]
        short = _how_to_read(COMPACT.legend_words[2], self.setup, COMPACT, self.diagram.scales)
        for words in dict.fromkeys((how, short)):
            after_how = (x + self.stage.width_of(words, fontsize=design.legend) + 0.03, how_y)
            plan = self._plan_keys(after_how, slots)
            if all(place is not None for _, _, place in plan):
                break
        ax.text(x, how_y, words, **muted)
        for key, said, place in plan:
            if place is not None:
                (self._draw_maps_key if key == "maps" else self._draw_step_key)(place, said, muted)

    def _plan_keys(self, after_how: tuple[float, float], slots: list[tuple[float, float]]) -> list[tuple]:
        """Where the neuron maps' key and step mode's go, and in which words: (key, words,
        place or None)."""
        free = [after_how, *slots]
        keys = []
        if self.neuron_maps is not None:
            keys.append(("maps", MAPS_WORDS[self.neuron_maps.from_zero], MAPS_SWATCH + 0.015,
                         [*slots, after_how]))
        if self.steps:
            keys.append(("step", STEP_WORDS, 0.055, [after_how, *slots]))
        plan = []
        for key, words, lead, preferred in keys:
            for said in dict.fromkeys(words[self.design is COMPACT:]):
                place = self._legend_place(preferred, free, lead + self.stage.width_of(
                    said, fontsize=self.design.legend))
                if place is not None:
                    break
            plan.append((key, said, place))
        return plan

    def _legend_place(self, preferred: list[tuple[float, float]], free: list[tuple[float, float]],
                      width: float) -> tuple[float, float] | None:
        """The first of the ``preferred`` places still ``free`` (then of any free place, such
        as the rest of a row after a key) where a key ``width`` wide ends before the panel
        (taken from ``free``), or None (a narrow frame: no key)."""
        end = self.layout.panel_left - 0.02
        place = next((p for p in [*preferred, *free] if p in free and p[0] + width <= end), None)
        if place is not None:  # taken; the rest of its row after it is free for another key
            free.remove(place)
            free.append((place[0] + width + 0.03, place[1]))
        return place

    def _draw_maps_key(self, place: tuple[float, float], words: str, muted: dict) -> None:
        """What the neuron maps' colours say: a swatch from low through the middle to high."""
        x, row = place
        maps = self.neuron_maps
        # A ReLU map runs from the panel's colour (0, nothing) to the high one: it had been
        # keyed from the low class colour, which no ReLU map shows.
        colours = (maps.middle, maps.high) if maps.from_zero else (maps.low, maps.middle, maps.high)
        band, height = MAPS_SWATCH / len(colours), 0.022
        for k, colour in enumerate(colours):
            shade = maps.middle + (colour - maps.middle) * STRENGTH
            self.ax.add_patch(Rectangle((x + k * band, row - height / 2), band, height, edgecolor="none",
                                        facecolor=shade, zorder=0.5))
        self.ax.add_patch(Rectangle((x, row - height / 2), MAPS_SWATCH, height, fill=False,
                                    edgecolor=self.theme.muted, lw=0.8, zorder=0.5))
        self.ax.text(x + MAPS_SWATCH + 0.015, row, words, **muted)

    def _draw_step_key(self, place: tuple[float, float], words: str, muted: dict) -> None:
        """Step mode's rings and flashes, in the error colour."""
        x, row = place
        # A flash, wide and translucent, as the diagram draws it, with the rings' colour
        # itself along it (the flash alone read as olive, not the rings' lemon).
        self.ax.plot([x, x + 0.04], [row, row], color=self.theme.gradient, lw=7, alpha=0.75,
                     solid_capstyle="round", zorder=0.5)
        self.ax.plot([x, x + 0.04], [row, row], color=self.theme.gradient, lw=2.5,
                     solid_capstyle="round", zorder=0.5)
        self.ax.text(x + 0.055, row, words, **muted)

    def _extent(self, artist: Artist, renderer) -> Bbox | None:
        """Where an overlay draws. Collections report no useful extent of their own: their
        part of the picture (the network's box, a panel's plot) covers anything they draw."""
        known = self.stage.extents.get(artist)
        if known is not None:
            return known if artist.get_visible() else None
        if isinstance(artist, CachedText):
            return artist.footprint(renderer)
        return artist_extent(artist, renderer)

    # ----------------------------------------------------------------- updating (per shot)
    def caption(self, shot: Shot) -> Words:
        """Every string ``shot`` shows (what ``draw`` sets its texts to)."""
        return self.panel.caption(shot)

    def _show(self, shot: Shot) -> None:
        """Set every artist to what ``shot`` shows."""
        words = self.caption(shot)
        # The wires carry the weights written on them: with --annotate, those the example's
        # forward pass ran on (the wires had carried the update's, a sign apart where it
        # crossed zero).
        ran_on = None if self.annotations is None else self.annotations.forward_weights(shot)
        self.diagram.show(shot, words.values, ran_on)
        self.step_marks.show(shot)
        if self.annotations is not None:
            self.annotations.show(shot, words.values)
        if self.neuron_maps is not None:
            self.neuron_maps.set_shot(shot, [self.diagram.levels[i] for i in self.neuron_maps.layers])
        if self.picture is not None:
            self.picture.show(shot)
        if self.bars is not None:
            self.bars.show(shot)
        if self.left_out is not None:
            self.left_out.show(shot)
        self.panel.show(shot, words)
        # The key's "✕ dropped" with a ✕ to read it by: where the dropped neurons are all in
        # a summary's ellipsis (640x360), it had named marks the picture did not show.
        marked = shot.moment is Moment.TRAINING and self.diagram.marks_dropped
        for artist in self._dropped_key:
            if artist.get_visible() != marked:
                artist.set_visible(marked)

    @with_plain_text
    def draw(self, shot: Shot) -> np.ndarray:
        """Render one shot; returns an (height, width, 4) uint8 view of the canvas (of the
        frame the canvas's parts are laid out on, for a stacked frame)."""
        self._show(shot)
        if self._regions is not None:
            canvas = self._regions.draw()
        else:
            self.canvas.draw()
            canvas = np.asarray(self.canvas.buffer_rgba())
        return canvas if self.stack is None else self._stacked(canvas)

    def _stacked(self, canvas: np.ndarray) -> np.ndarray:
        """The canvas's network part over its panel part, on the frame."""
        stack, frame = self.stack, self._frame
        rows = canvas.shape[0]
        for (start, end), (column, row) in ((stack.network, stack.network_at), (stack.panel, stack.panel_at)):
            frame[row : row + rows, column : column + end - start] = canvas[:, start:end]
        return frame

    @with_plain_text
    def vector(self, shot: Shot, kind: str) -> bytes:
        """The shot as an SVG or PDF document: crisp at any zoom, with real, selectable text
        (the halos and the decision map, being images, are embedded as images). Not of a
        stacked frame, whose parts are put together as pixels: make its Renderer with
        ``stack=False`` (the 16:9 stage in bands)."""
        if self.stack is not None:
            raise ValueError("a stacked frame has no vector picture; make the Renderer with stack=False")
        self._show(shot)
        out = io.BytesIO()
        # Keep text as text: SVG <text> elements, TrueType fonts embedded in the PDF. The same
        # shot gives the same bytes: no date, and SVG's element ids from a fixed salt.
        undated = {"svg": {"Date": None}, "pdf": {"CreationDate": None}}[kind]
        with rc_context({"svg.fonttype": "none", "pdf.fonttype": 42, "svg.hashsalt": "nnviz"}):
            self.figure.savefig(out, format=kind, facecolor=self.figure.get_facecolor(), metadata=undated)
        document = out.getvalue()
        if kind == "svg":
            document = _sized_in_pixels(document, *self.canvas.get_width_height())
        # savefig drew with another renderer and marked every artist drawn: the next
        # ``draw`` must draw everything (a plain redraw does anyway).
        if self._regions is not None:
            self._regions.reset()
        return document

    # What the tests of the XOR picture read.
    @property
    def _values(self) -> list[CachedText]:
        return self.diagram.values

    @property
    def _line1(self) -> CachedText:
        return self.panel.line1

    def close(self) -> None:
        self.figure.clear()

    def __enter__(self) -> Renderer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


BAR_GAP = 0.015  # between the output names and their probability bars
BARS_KEPT = 0.06  # the bars' length (stage units) that long output names leave at least


def _sized_in_pixels(svg: bytes, width: int, height: int) -> bytes:
    """The SVG declared as ``width`` x ``height`` pixels, the PNG's size. Matplotlib declares
    it in points (19.2 x 10.8 inches at any size), which a browser shows 1843 pixels wide; the
    viewBox is kept, so the drawing scales as a whole."""
    sized, found = re.subn(rb'(<svg\b[^>]*?) width="[0-9.]+pt" height="[0-9.]+pt"',
                           rb'\1 width="%d" height="%d"' % (width, height), svg, count=1)
    if not found:
        raise RuntimeError("the SVG's root element has no width and height in points")
    return sized


def _pictured(setup: Setup):
    """The data set, if its inputs are pictures to be shown as pictures."""
    data = setup.dataset
    if data is None or data.kind != "image" or data.image_shape is None or not data.n_examples:
        return None
    rows, columns = data.image_shape
    return data if rows * columns == setup.sizes[0] else None


def _bars_wanted(setup: Setup) -> bool:
    """Probability bars: the outputs are the probabilities of classes (softmax)."""
    return setup.output == "softmax" and setup.sizes[-1] > 1


# How to read the glow, by hidden activation: the design's words are sigmoid's (0 to 1).
HOW_TO_READ = {
    # "|activity|, + or −" had read as a riddle: the example says it.
    "tanh": ("thicker = stronger weight · glow = size of activity (−0.8 as +0.8)",
             "thicker = stronger · glow = |activity|"),
    # A ReLU neuron's glow saturates (1 − e^(−a)): where it is full is said (MNIST's reach 10).
    "relu": ("thicker = stronger weight · glow = activity (full from about 3)",
             "thicker = stronger · glow = activity"),
}
# Where only the inputs may be negative (a 2-D set's coordinates into ReLU or sigmoid
# neurons): "(−0.8 as +0.8)" alone read as a claim about ReLU neurons, which never are.
SIGNED_INPUTS_WORDS = "thicker = stronger weight · glow = size of activity (an input of −0.8 as +0.8)"
# ... and ReLU's saturation with it (2-D data into ReLU neurons had lost "full from about 3").
SIGNED_INPUTS_RELU_WORDS = ("thicker = stronger weight · glow = activity (full from about 3; "
                            "an input of −0.8 as +0.8)")
DROPPED_WORDS = ("dropped out in this pass", "dropped")
# The neuron maps' swatch: each square is its neuron over the plane, low to high.
MAPS_WORDS = {False: ("neuron over the plane, low to high", "low to high"),
              True: ("neuron over the plane, 0 to high", "0 to high")}  # ReLU
MAPS_SWATCH = 0.042  # its width, stage units: bands low, middle and high (ReLU: 0 and high)
STEP_WORDS = ("error (rings), its gradient (flashes)", "error")


def _how_to_read(words: str, setup: Setup, design: Design, layer_scales: Sequence[Scale]) -> str:
    """The line that says how to read the picture, for this network: glow is the size of an
    activity of either sign where any layer's may be negative (the inputs too: a recording's
    −0.13 glowed as +0.13 does, beside "activity (0 to 1)")."""
    compact = design is COMPACT
    if any(scale.signed for scale in layer_scales[1:]) or (layer_scales[0].signed and compact):
        return HOW_TO_READ["tanh"][compact]
    if layer_scales[0].signed:  # the drawn layers' first: the inputs are always among them
        return SIGNED_INPUTS_RELU_WORDS if setup.hidden == "relu" else SIGNED_INPUTS_WORDS
    if setup.hidden in HOW_TO_READ:
        words = HOW_TO_READ[setup.hidden][compact]
    return words
