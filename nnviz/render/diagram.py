"""The network as a diagram: synapses, glowing neurons, their numbers, and the words around.

Built once from the layout (only the drawn neurons of a summarised layer, only the drawn
layers of a deep network); ``show(shot, values)`` sets colours, widths and strings. A
training shot with dropout marks the neurons dropped from its update: a dashed ring and a
cross, and their outgoing synapses faded (they carry nothing in this pass).
"""

from __future__ import annotations

import numpy as np
from matplotlib.collections import EllipseCollection, LineCollection, PathCollection
from matplotlib.colors import to_rgb
from matplotlib.path import Path
from matplotlib.transforms import Bbox

from ..network import Network
from ..recording import Setup
from ..style import SYNAPSE_MAX_WIDTH, luminance, synapse_opacity, synapse_strength, synapse_width
from ..timeline import Moment, Shot
from .activity import Scale, glow, gradient_share, scales
from .glow import REACH, Halos
from .labels import Labels, labels
from .picture import first_crossing, leader_lines
from .sprites import CachedText
from .stage import Stage

# The two translucent strokes around a synapse that carries a signal: (extra width in points
# at full activity, opacity at full activity).
SYNAPSE_GLOW = ((7.0, 0.30), (18.0, 0.12))
MONO = ["DejaVu Sans Mono", "monospace"]  # SVG readers without DejaVu fall back to any monospace
# A number keeps this far from a synapse's edge, in pixels (besides the widest synapse's half).
VALUE_CLEARANCE_PIXELS = 1.5
# From an output neuron's centre to its name, in radii: half a radius from the ring, a name
# had run into the neuron's outline and glow ("Downy W…" beside its lit neuron).
OUTPUT_NAME_GAP = 2.0
MOST_GLOWING = 64  # synapses that glow at once, at most: the strongest signals
# Beyond this many drawn synapses a network is dense: its synapses are drawn thinner (they
# would cover one another) and glow in one stroke, not two (the haze of the wider one hides
# more than it shows, and drawing it costs as much as the synapses themselves).
DENSE_SYNAPSES = 200
DENSE_WIDTH = 0.6
# The picture's title is set no smaller than this share of its size: where the lines to the
# input neurons leave the picture all round (pixels that vary most at its very edges), one
# may cross it rather than have it unreadable.
SMALLEST_TITLE = 0.8
# Step mode: a synapse flashes under the backward pass in the error colour, this much wider
# (points) and this opaque at its largest.
FLASH = (12.0, 0.85)
FLASHED_OPACITY = 0.9  # a flashing synapse is drawn at least this opaque over its flash
# Between a flash and its synapse, a channel of the page's colour this much wider than the
# synapse (points): a thin green or red line inside the amber had mixed with it to olive and
# ochre, its sign unreadable at 640 px.
FLASH_CHANNEL = 4.0
NAME_CLEARANCE = 0.4  # of a line's height: the least gap between an output's names and a number above
DROPPED_FADE = 0.2  # a dropped neuron's outgoing synapses keep this share of their opacity
# A dropped neuron's dashed ring and cross: over its neuron map too (under it, a map had
# hidden them while the panel said "(×)").
DROPPED_ZORDER = 4.6
SWEPT_FADE = 0.2  # a layer sweep's shot: what lies past the layer read out keeps this much
FIGURE_SPACE = "\u2007"  # as wide as a digit: positive numbers of a signed layer line up
# The minus sign in a neuron of a layer without numbers: half its length and its thickness,
# as shares of the neuron's radius; over the core, under a dropped neuron's cross.
SIGN_ARM, SIGN_WIDTH = 0.45, 0.16
SIGN_ZORDER = 4.5
VERTICAL_ELLIPSIS, HORIZONTAL_ELLIPSIS = "\u22ee", "\u22ef"


def _with_alpha(colours: np.ndarray, shown: np.ndarray) -> np.ndarray:
    """RGB or RGBA rows as RGBA, fully transparent where ``shown`` is False."""
    alpha = colours[:, 3] if colours.shape[1] == 4 else np.ones(len(colours))
    rgba = np.column_stack([colours[:, :3], alpha])
    rgba[~shown, 3] = 0.0
    return rgba


def _mix(a: np.ndarray, b: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Colours from RGB a (t=0) to RGB b (t=1), one row per value of t."""
    t = np.asarray(t, dtype=float)[:, None]
    return a * (1 - t) + b * t


def _ramp(stops: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Piecewise-linear colour ramp through evenly spaced ``stops``."""
    t = np.clip(np.asarray(t, dtype=float), 0.0, 1.0) * (len(stops) - 1)
    segment = np.minimum(t.astype(int), len(stops) - 2)
    out = np.empty((len(t), 3))
    for s in range(len(stops) - 1):
        mask = segment == s
        out[mask] = _mix(stops[s], stops[s + 1], t[mask] - s)
    return out


class Strokes(PathCollection):
    """Solid strokes whose widths change every frame (the synapses).

    Setting a collection's widths also scales a dash pattern per stroke, for hundreds of
    strokes every frame; a solid stroke has no pattern to scale, so the widths are kept as
    given (the collection cycles its widths and styles independently when it draws).
    """

    @staticmethod
    def _bcast_lwls(linewidths, dashes):
        if all(pattern is None for _, pattern in dashes):
            return linewidths, dashes
        return PathCollection._bcast_lwls(linewidths, dashes)


class Diagram:
    """The network's artists on ``stage``, for shots of ``setup``'s network."""

    def __init__(self, stage: Stage, setup: Setup, keep: float = 0.0) -> None:
        """``keep``: stage width the output names leave free after them (for the bars)."""
        self.stage, self.setup, self.keep = stage, setup, keep
        lay, theme = stage.layout, stage.theme
        self.layout = lay
        self.scales: tuple[Scale, ...] = tuple(scales(setup)[layer] for layer in lay.layers)
        self.words: Labels = labels(setup, lay, stage.design.subscripts)
        rgb = lambda colour: np.array(to_rgb(colour))  # noqa: E731
        self._positive, self._negative = rgb(theme.positive), rgb(theme.negative)
        self._zero = rgb(theme.muted)
        self._core_stops = np.array([rgb(theme.neuron_dark), rgb(theme.neuron_mid), rgb(theme.glow_core)])
        self._ring, self._lit_ring = rgb(theme.neuron_ring), rgb(theme.glow)
        self._flash_colour = rgb(theme.gradient)
        self._page = rgb(theme.background)
        self._covered: np.ndarray | None = None  # neurons under pictures of their own (see cover)
        # Where each layer's values start in a list of every neuron's, layer by layer.
        self._offsets = np.concatenate([[0], np.cumsum(setup.sizes)])
        self._build()
        self.box = self._bounds()
        for artist in (self._synapses, self._cores, *self._marks, *filter(None, [self._signs])):
            stage.extents[artist] = self.box

    # ----------------------------------------------------------------- building (once)
    def _build(self) -> None:
        stage, lay, theme, design = self.stage, self.layout, self.stage.theme, self.stage.design
        ax = stage.ax
        self._segments = lay.synapses()
        self._paths = [Path(segment) for segment in self._segments]
        # One collection draws, in order, the glow strokes and then the synapses themselves:
        # the same pixels as three collections, for a third of the overhead.
        self._synapses = stage.overlay(ax.add_collection(Strokes(
            self._paths, facecolors="none", capstyle="round", zorder=2, transform=ax.transData)))
        centres = lay.all_centres
        n = len(centres)
        self._halos = stage.overlay(
            ax.add_artist(Halos(centres, lay.radius, theme.glow, transform=ax.transData, zorder=3))
        )
        diameter = np.full(n, 2 * lay.radius)
        self._cores = stage.overlay(
            ax.add_collection(
                EllipseCollection(
                    diameter, diameter, np.zeros(n), units="xy", offsets=centres,
                    offset_transform=ax.transData, edgecolors=theme.neuron_ring,
                    linewidths=1.6, zorder=4,
                )
            )
        )
        # Each number sits where no synapse passes (just above its neuron where it can), so it
        # needs no plate to stay legible and marks no synapse. The digits are drawn from a
        # dozen shared character images (anchors on pixel corners, so all neurons share them).
        value = dict(fontsize=design.value, color=theme.text, ha="left", va="baseline", zorder=6,
                     family=MONO)
        digits: dict = {}
        self.values = [stage.text(0, 0, **value, cache=digits, by_character=True) for _ in range(n)]
        inks = self._value_inks(self.values[0])
        per_neuron = [inks[scale.signed] for scale, layer in zip(self.scales, lay.centres) for _ in layer]
        clearance = (SYNAPSE_MAX_WIDTH / 2 * stage.dpi / 72 + VALUE_CLEARANCE_PIXELS) / lay.stage_pixels
        widths = np.array([ink.width for ink in per_neuron])
        height = max(ink.height for ink in inks.values())
        self._input_names = self._fitted_input_names()
        self.value_boxes, self.unnumbered = lay.numbered_layers(widths, height, clearance,
                                                                self._name_boxes(self._input_names))
        for text, box, ink in zip(self.values, self.value_boxes, per_neuron):
            if not np.isnan(box[0]):
                text.set_position(stage.on_pixel(box[0] - ink.x0, box[1] - ink.y0))
        self._numbered = np.repeat(
            [i not in self.unnumbered for i in range(len(lay.centres))], [len(c) for c in lay.centres]
        )
        self._signs = self._build_sign_marks()
        # Dropout leaves out hidden neurons: a network without any has none to mark.
        dropping = self.setup.dropout > 0 and len(self.setup.sizes) > 2
        self._marks = self._build_dropout_marks() if dropping else ()
        self._build_words()

    def _fitted_input_names(self) -> list[str]:
        """The input names, cut short where they would leave the frame."""
        lay, design = self.layout, self.stage.design
        room = lay.net_left - lay.radius * 1.5 - 0.02
        words = self.words
        data = self.setup.dataset
        given = list(data.input_names) if data is not None and data.input_names else None
        return self.stage.fit_apart(list(words.whole_inputs), room, words.longest, among=given,
                                    fontsize=design.input_name)

    def _name_boxes(self, names: list[str]) -> np.ndarray:
        """Where the input names are (boxes in stage units): no number may cover one."""
        lay, design = self.layout, self.stage.design
        height = design.input_name / 72 * self.stage.dpi / lay.stage_pixels
        boxes = []
        for (x, y), text in zip(lay.centres[0], names):
            right = x - lay.radius * 1.5
            width = self.stage.width_of(text, fontsize=design.input_name)
            boxes.append((right - width, y - height / 2, right, y + height / 2))
        return np.array(boxes).reshape(-1, 4)

    def _value_inks(self, probe: CachedText) -> dict[bool, Bbox]:
        """The ink of any neuron's number, in stage units from its anchor: for layers of
        positive numbers ("0.00" to "1.00") and of either sign (a minus or a figure space
        before them)."""
        renderer = self.stage.canvas.get_renderer()
        anchor = self.stage.on_pixel(0.0, 0.0)
        probe.set_position(anchor)
        x, y = self.stage.ax.transData.transform(anchor)
        inks = {}
        for signed, strings in ((False, ("0.00", "1.00")), (True, ("0.00", "1.00", "\u22120.00"))):
            if signed and not any(scale.signed for scale in self.scales):
                continue
            boxes = []
            for string in strings:
                probe.set_text(string)
                boxes.append(probe.ink(renderer))
            box = Bbox.union(boxes).translated(-x, -y)
            inks[signed] = Bbox(box.get_points() / self.layout.stage_pixels)
        probe.set_text("")
        return inks

    def _build_sign_marks(self) -> LineCollection | None:
        """A minus sign in each neuron of a layer whose values may be negative but that has no
        numbers (they had no clear place): glow is the size of an activity, so there its sign
        had been unseen (a default 2-8-8-1 tanh network's hidden neurons at -0.99 and +0.99
        looked alike). Shown only where the value is negative."""
        lay, stage = self.layout, self.stage
        # (--annotate writes those layers' numbers on plates of their own: no mark is needed.)
        marked = [scale.signed and i in self.unnumbered and not self.setup.annotate
                  for i, scale in enumerate(self.scales)]
        self._sign_marked = np.repeat(marked, [len(c) for c in lay.centres])
        if not self._sign_marked.any():
            return None
        arm = lay.radius * SIGN_ARM
        bars = [((x - arm, y), (x + arm, y)) for x, y in lay.all_centres[self._sign_marked]]
        width = lay.radius * SIGN_WIDTH * lay.stage_pixels * 72 / stage.dpi
        theme = stage.theme
        # Dark on a bright core and light on a dark one, whatever the theme: the ink of the
        # higher contrast ratio, (L1 + 0.05) / (L2 + 0.05), so dark above the inks' geometric
        # mean (a light violet core had kept a white sign it barely showed).
        self._sign_inks = sorted((np.array(to_rgb(c)) for c in (theme.text, theme.background)),
                                 key=luminance)
        low, high = (luminance(ink) + 0.05 for ink in self._sign_inks)
        self._dark_ink_from = np.sqrt(low * high) - 0.05  # cores brighter take the dark ink
        return stage.overlay(stage.ax.add_collection(LineCollection(
            bars, linewidths=width, capstyle="round", zorder=SIGN_ZORDER, colors="none")))

    def _show_signs(self, values: np.ndarray, faces: np.ndarray, hidden: np.ndarray | None,
                    lit: np.ndarray | None = None) -> None:
        """Mark the negative ``values`` (every drawn neuron's) over ``faces``, but not where
        ``hidden`` (covered by a map, or past the layer a sweep reads out; None: nowhere), and
        only as strongly as the neuron is ``lit`` (0 to 1; None: fully)."""
        marked = self._sign_marked
        dark, light = self._sign_inks
        ink = np.where((luminance(faces[marked]) > self._dark_ink_from)[:, None], dark, light)
        shown = (values[marked] < 0).astype(float)
        if hidden is not None:
            shown[hidden[marked]] = 0.0
        if lit is not None:
            shown *= np.clip(lit[marked], 0.0, 1.0)
        self._signs.set_color(np.column_stack([ink, shown]))

    def _build_dropout_marks(self) -> tuple:
        """A dashed ring and a cross for every drawn hidden neuron, shown where it is dropped."""
        stage, lay, theme = self.stage, self.layout, self.stage.theme
        ax = stage.ax
        hidden = [i for i, layer in enumerate(lay.layers) if 0 < layer < len(self.setup.sizes) - 1]
        centres = np.vstack([lay.centres[i] for i in hidden])
        self._mark_layers = hidden
        diameter = np.full(len(centres), 2 * lay.radius * 1.25)
        rings = stage.overlay(ax.add_collection(EllipseCollection(
            diameter, diameter, np.zeros(len(centres)), units="xy", offsets=centres,
            offset_transform=ax.transData, facecolors="none", edgecolors=theme.muted,
            linewidths=1.6, linestyles=(0, (3, 2.5)), zorder=DROPPED_ZORDER, visible=False,
        )))
        arm = lay.radius * 0.5
        crosses = [seg for x, y in centres for seg in (((x - arm, y - arm), (x + arm, y + arm)),
                                                        ((x - arm, y + arm), (x + arm, y - arm)))]
        cross = stage.overlay(ax.add_collection(LineCollection(
            crosses, colors=theme.muted, linewidths=2.2, capstyle="round", zorder=DROPPED_ZORDER,
            visible=False,
        )))
        return rings, cross

    def _build_words(self) -> None:
        """Layer titles, input names, output names and ellipses: background, under the glow."""
        stage, lay, words = self.stage, self.layout, self.words
        theme, design = stage.theme, stage.design
        ax = stage.ax
        centres = lay.all_centres
        label = dict(fontsize=design.layer, color=theme.muted, ha="center", va="bottom", zorder=0.5)
        boxes = self.value_boxes[~np.isnan(self.value_boxes[:, 0])]
        top = centres[:, 1].max() + lay.radius + 0.075
        if len(boxes):
            top = max(top, boxes[:, 3].max() + 0.03)
        self.titles_y = top  # where the layer titles stand (their baseline), in stage units
        xs = [layer[0, 0] for layer in lay.centres]
        spacing = min(np.diff(xs)) if len(xs) > 1 else np.inf
        hidden = [x for x, title in zip(xs, words.layers) if title.startswith("hidden")]
        titled = words.layers[1:] if lay.picture is not None else words.layers  # in a row over the network
        widest = max(stage.width_of(title, **label) for title in titled)
        crowded = len(hidden) > 1 and widest > 0.9 * spacing
        placed = []  # (centre, title) in a row over the network, left to right
        for x, title in zip(xs, words.layers):
            if lay.picture is not None and title is words.layers[0]:  # the picture it names
                self._title_picture(title, label)
            elif not (crowded and title.startswith("hidden")):
                placed.append((x, title))
        if crowded:  # one title over all the hidden layers, as long as it fits over them
            title = "hidden layers"
            if stage.width_of(title, **label) > hidden[-1] - hidden[0] + 0.5 * spacing:
                title = "hidden"
            placed.append(((hidden[0] + hidden[-1]) / 2, title))
        placed.sort()
        # The titles at the ends may be wider than the gap to the next ("inputs (15,000)"),
        # or the layers close ("inputs hidden output" read as one phrase): the first moves
        # left, over the input names, the last right, over the output names.
        half = [stage.width_of(title, **label) / 2 for _, title in placed]
        gap = 3 * stage.width_of(" ", **label)
        if len(placed) > 1 and placed[0][1] == words.layers[0]:
            (x, title), after = placed[0], placed[1][0]
            left = lay.frame_limits()[0][0] + 0.01
            placed[0] = (max(min(x, after - half[1] - gap - half[0]), left + half[0]), title)
        if len(placed) > 1 and placed[-1][1] == words.layers[-1]:
            (x, title), before = placed[-1], placed[-2][0]
            x = max(x, before + half[-2] + gap + half[-1])
            placed[-1] = (min(x, lay.panel_left - 0.01 - half[-1]), title)
        self.layer_titles = [ax.text(x, top, title, **label) for x, title in placed]
        name = dict(fontsize=design.input_name, color=theme.muted, va="center", zorder=0.5)
        for (x, y), text in zip(lay.centres[0], self._input_names):
            ax.text(x - lay.radius * 1.5, y, text, ha="right", **name)
        # Output names start clear of the output neurons' numbers that reach right of them at
        # their height (a single output's number, above its neuron, leaves its name room).
        step = design.input_name / 72 * stage.dpi / lay.stage_pixels * 1.25  # a line's height
        outputs = self.value_boxes[len(centres) - len(lay.centres[-1]):]
        # With a little clearance: a number 2 pixels over "1 = upper right" had read as one line.
        reach = [len(lines) * step / 2 + NAME_CLEARANCE * step for lines in words.outputs]
        bands = [(y - half, y + half)
                 for (_, y), lines, half in zip(lay.centres[-1], words.outputs, reach) if lines]
        numbers = [box[2] for box in outputs[~np.isnan(outputs[:, 0])]
                   if any(box[1] < high and low < box[3] for low, high in bands)]
        start = max([lay.net_right + lay.radius * OUTPUT_NAME_GAP, *(np.array(numbers) + 0.008)])
        room = lay.panel_left - start - 0.03 - self.keep
        self.names_start = start  # where the output names start (stage x)
        self.names_end = start  # where the output names end (stage x): room beyond is free
        # Cut to the room and told apart ("measure…" had named four classes alike).
        lines_said = [line for lines in words.whole_outputs for line in lines]
        classes = self.setup.classes
        among = list(classes) if classes is not None and self.setup.sizes[-1] > 1 else None  # a line a class
        every = stage.fit_apart(lines_said, room, words.longest, among=among, **name)
        fitted_lines = iter(every)
        for (_, y), lines in zip(lay.centres[-1], words.outputs):
            for k in range(len(lines)):
                offset = ((len(lines) - 1) / 2 - k) * step
                fitted = next(fitted_lines)
                ax.text(start, y + offset, fitted, ha="left", **name)
                self.names_end = max(self.names_end, start + stage.width_of(fitted, **name))
        dots = dict(color=theme.muted, ha="center", va="center", zorder=0.5,
                    fontsize=max(design.layer, lay.radius * lay.stage_pixels * 72 / stage.dpi * 1.6))
        for x, y in lay.ellipses:
            ax.text(x, y, VERTICAL_ELLIPSIS, **dots)
        self._skipped_label = None
        if lay.skipped is not None:
            ax.text(*lay.skipped, HORIZONTAL_ELLIPSIS, **dots)
            # Which hidden layers the ellipsis stands for, under it: the layer sweep reads
            # them out one by one, and "hidden layer 6 of 11" must be findable. Its words
            # stay between the columns either side, clear of their neurons' halos.
            gap = next(i for i in range(len(lay.layers) - 1) if lay.layers[i + 1] > lay.layers[i] + 1)
            skipped = range(lay.layers[gap] + 1, lay.layers[gap + 1])
            nearest = min(abs(float(x) - lay.skipped[0]) for x, _ in lay.all_centres)
            room = 2 * (nearest - 1.6 * lay.radius)
            style = dict(fontsize=design.input_name)
            # Its words for every shot, set once: the layers left out ("5–8"), or the one of
            # them a layer sweep's shot reads out ("layer 6", or "6" where that is too wide).
            first, last = skipped[0], skipped[-1]
            self._skipped_words = {None: str(first) if first == last else f"{first}\u2013{last}"}
            for layer in skipped:
                words = f"layer {layer}"
                self._skipped_words[layer] = words if stage.width_of(words, **style) <= room else str(layer)
            self._skipped_label = self.stage.text(lay.skipped[0], lay.skipped[1] - 1.4 * lay.radius, **style,
                                                  color=theme.muted, ha="center", va="top", zorder=6)
            self._skipped_label.set_text(self._skipped_words[None])
            self._skipped_colours = (theme.muted, theme.text)

    def _bounds(self) -> Bbox:
        """In pixels: every neuron with its widest halo, and the widest glowing synapse (whose
        round ends reach beyond the neurons' centres). It must not reach the panel: whatever
        it touches is redrawn whenever the network changes."""
        ax, lay = self.stage.ax, self.layout
        centres = ax.transData.transform(lay.all_centres)
        radius_px = lay.radius * lay.stage_pixels
        widest_line = (SYNAPSE_MAX_WIDTH + SYNAPSE_GLOW[-1][0]) * self.stage.dpi / 72
        reach = max(radius_px * (1 + REACH), widest_line / 2)
        return Bbox.from_extents(*(centres.min(axis=0) - reach), *(centres.max(axis=0) + reach))

    # ----------------------------------------------------------------- updating (per shot)
    def show(self, shot: Shot, values: tuple[str, ...], network: Network | None = None) -> None:
        """Set the diagram to ``shot``; ``values`` are every neuron's number, layer by layer
        (all of the network's neurons: the diagram picks the drawn ones). The synapses carry
        ``network``'s weights where given (the ones ``--annotate`` writes on them), else the
        shot's."""
        lay = self.layout
        self._network = shot.network if network is None else network
        everything = shot.brightness()
        drawn = [np.asarray(everything[layer], dtype=float)[shown]
                 for layer, shown in zip(lay.layers, lay.shown)]
        layers = glow(drawn, self.scales)
        a_all = np.concatenate(layers)
        self.levels = layers  # each drawn layer's glow, 0 to 1 (what neuron maps ring with)
        swept = shot.layer if shot.moment is Moment.LAYER else None
        if swept is not None:  # the layer sweep: the layers after the one read out stand back
            past = np.concatenate([np.full(len(shown), layer > swept)
                                   for layer, shown in zip(lay.layers, lay.shown)])
            a_all = np.where(past, a_all * SWEPT_FADE, a_all)

        weights = np.concatenate([self._weights(shot, i).ravel() for i in lay.links])
        # W[l] is row-major (source i, target j): each synapse carries its source's activation.
        source = np.concatenate([np.repeat(layers[i], len(lay.shown[i + 1])) for i in lay.links])
        # It glows with the signal it carries: its source's activity, as strongly as its weight
        # passes it on (a withered synapse from a firing neuron had glowed like a strong one).
        carried = source * synapse_strength(weights)
        base = np.where(weights[:, None] >= 0, self._positive, self._negative)
        # A weight of exactly 0 (a network started from zeros) neither excites nor inhibits:
        # drawn green, it had claimed a sign it does not have.
        base[weights == 0] = self._zero
        dense = len(self._segments) > DENSE_SYNAPSES
        width = synapse_width(weights) * (DENSE_WIDTH if dense else 1.0)
        lightened = base + (1.0 - base) * (0.25 * carried[:, None])
        opacity = synapse_opacity(weights)
        beyond = None
        if swept is not None:
            beyond = np.concatenate([np.full(len(lay.shown[i]) * len(lay.shown[i + 1]),
                                             lay.layers[i] >= swept)
                                     for i in lay.links])
            opacity = np.where(beyond, opacity * SWEPT_FADE, opacity)
        dropped = self._dropped(shot)
        self.marks_dropped = dropped is not None  # whether a drawn neuron is marked dropped
        if dropped is not None:  # a dropped neuron's synapses, in and out, carry nothing in this pass
            leaving = np.concatenate([np.repeat(dropped[i], len(lay.shown[i + 1])) for i in lay.links])
            entering = np.concatenate([np.tile(dropped[i + 1], len(lay.shown[i])) for i in lay.links])
            opacity = np.where(leaving | entering, opacity * DROPPED_FADE, opacity)
        # Only synapses that carry a signal glow; the others would be drawn fully
        # transparent, which changes no pixel and costs as much as drawing them. In a dense
        # network only the strongest signals (activity times weight) glow: hundreds of glowing
        # strokes are a haze that hides which paths matter, and each costs as much as a synapse.
        carrying = carried > 0
        if beyond is not None:
            carrying &= ~beyond
        if np.count_nonzero(carrying) > MOST_GLOWING:
            signal = np.where(carrying, source * np.abs(weights), 0.0)
            carrying = signal >= np.partition(signal, -MOST_GLOWING)[-MOST_GLOWING]
            carrying &= signal > 0
        segments, colours, widths = [], [], []
        every = np.arange(len(self._segments))
        for extra, alpha in SYNAPSE_GLOW[:1] if dense else SYNAPSE_GLOW:
            segments.append(every[carrying])
            colours.append(np.column_stack([base, alpha * carried])[carrying])
            widths.append((width + extra * carried)[carrying])
        flash = self._flash(shot, dense)
        if flash is not None:  # step mode: the layers the error is crossing flash under it
            flashing = flash > 0
            segments.append(every[flashing])
            colours.append(np.column_stack([np.tile(self._flash_colour, (len(flash), 1)),
                                            FLASH[1] * flash])[flashing])
            scale = DENSE_WIDTH if dense else 1.0
            flare = FLASH[0] * flash * scale  # the flash's width beyond its synapse
            widths.append((width + flare)[flashing])
            segments.append(every[flashing])
            colours.append(np.column_stack([np.tile(self._page, (len(flash), 1)), flash])[flashing])
            # At most half the flash's width beyond its synapse: in a dense network (thinner
            # flashes) a full channel had covered every weak flash.
            channel = np.minimum(FLASH_CHANNEL * scale * np.minimum(1.0, 2 * flash), 0.5 * flare)
            widths.append((width + channel)[flashing])
            # The synapse over its flash keeps its weight's colour: drawn translucent, green or
            # red over the error's amber had turned olive, and the weight's sign was lost.
            opacity = np.where(flashing, np.maximum(opacity, FLASHED_OPACITY), opacity)
        segments.append(every)
        colours.append(np.column_stack([lightened, opacity]))
        widths.append(width)
        # The synapses' paths are made once (set_segments would make hundreds a frame); a
        # frame picks the glowing ones, then every synapse.
        self._synapses.set_paths([self._paths[i] for i in np.concatenate(segments)])
        self._synapses.set_edgecolor(np.concatenate(colours))
        self._synapses.set_linewidth(np.concatenate(widths))

        self._halos.set_activations(a_all)
        faces, rings = _ramp(self._core_stops, a_all), _mix(self._ring, self._lit_ring, a_all)
        if self._covered is not None:  # under a neuron's map: not drawn, so never peeking out
            faces, rings = _with_alpha(faces, ~self._covered), _with_alpha(rings, ~self._covered)
        self._cores.set_facecolor(faces)
        self._cores.set_edgecolor(rings)
        if self._signs is not None:
            unseen = self._covered
            if swept is not None:
                unseen = past if unseen is None else unseen | past
            # Step mode: a layer's signs come in with its glow as the forward pass lights it
            # (at full strength from the start, they had stood on neurons still dark).
            lit = None if shot.step is None else np.concatenate(
                [np.full(len(shown), shot.step.lit[layer]) for layer, shown in zip(lay.layers, lay.shown)])
            self._show_signs(np.concatenate(drawn), faces[:, :3], unseen, lit)
        self._show_marks(dropped)
        # The layer sweep: the layers past the one read out stand back, dimmed, and say no
        # number (a dim output reading "1.00" contradicted "brighter is more active").
        said = self._numbered if swept is None else self._numbered & ~past
        if self._skipped_label is not None:
            inside = swept if swept in self._skipped_words else None
            self._skipped_label.set_text(self._skipped_words[inside])
            self._skipped_label.set_color(self._skipped_colours[inside is not None])
        for text, value, numbered in zip(self.values, self.drawn_values(values), said):
            text.set_text(value if numbered else "")

    def _title_picture(self, title: str, label: dict) -> None:
        """The picture's title, over it or else under it, clear of the lines to the input
        neurons: they leave the picture by its right edge, or by its top or bottom to neurons
        above or below it (they had crossed "28×28 pixels"). Whole at full size where it
        fits, else without "inputs: ", else smaller."""
        stage, lay = self.stage, self.layout
        x0, y0, x1, y1 = lay.picture
        left = lay.frame_limits()[0][0] + 0.01
        tall = 1.2 * label["fontsize"] * stage.dpi / 72 / lay.stage_pixels  # the title's height
        lines = leader_lines(lay.picture, self.setup.dataset.image_shape, lay)
        gap = 0.02
        places = []  # (room, baseline or top, alignment), over the picture first
        for y, band, va in ((y1 + gap, (y1, y1 + gap + tall), "bottom"),
                            (y0 - gap, (y0 - gap - tall, y0), "top")):
            places.append((min(x1, first_crossing(lines, *band) - 0.01) - left, y, va))
        short = title.split(": ", 1)[-1]
        # "28×28" alone where even "28×28 pixels" has no room: shrunk, it had run from 4
        # pixels off the frame's edge to a line's edge (640x360, 1080x1080, 720x1280).
        shortest = short.split(" ", 1)[0]
        chosen = next(((words, 1.0, place) for place in places
                       for words in dict.fromkeys((title, short, shortest))
                       if place[0] >= stage.width_of(words, **label)), None)
        if chosen is None:  # smaller, where the most room is, but never too small to read
            place = max(places)
            fits = max(place[0] / stage.width_of(shortest, **label), SMALLEST_TITLE)
            chosen = (shortest, min(fits, 1.0), place)
        words, fits, (room, y, va) = chosen
        over = label | dict(fontsize=label["fontsize"] * fits, va=va)
        half = stage.width_of(words, **over) / 2
        centre = min(max((x0 + left + room) / 2, left + half), max(left + room - half, left + half))
        stage.ax.text(centre, y, words, **over)

    def cover(self, layers: list[int]) -> None:
        """The neurons of drawn ``layers`` are covered by pictures of their own (neuron maps):
        their cores are not drawn (a map a pixel off its centre let the disc peek out)."""
        self._covered = np.repeat([i in layers for i in range(len(self.layout.centres))],
                                  [len(c) for c in self.layout.centres])

    def _flash(self, shot: Shot, dense: bool) -> np.ndarray | None:
        """Step mode: how brightly each drawn synapse flashes (0 to 1), by its gradient's
        share of the largest gradient anywhere in the network, times how much the example
        has to teach (None: nothing flashes)."""
        step = shot.step
        if step is None or not any(step.flash):
            return None
        lay = self.layout
        gradients = step.trip.gradients
        largest = step.trip.largest_gradient
        parts = []
        for i in lay.links:
            layer = lay.layers[i]
            g = gradients[layer][np.ix_(lay.shown[i], lay.shown[i + 1])]
            parts.append((gradient_share(g, largest) * step.flash[layer] * step.trip.strength).ravel())
        flash = np.concatenate(parts)
        if dense and np.count_nonzero(flash) > MOST_GLOWING:  # as the glow: the strongest only
            flash = np.where(flash >= np.partition(flash, -MOST_GLOWING)[-MOST_GLOWING], flash, 0.0)
        return flash

    def _weights(self, shot: Shot, i: int) -> np.ndarray:
        """The weights between drawn layer ``i`` and the next, drawn neurons only."""
        lay = self.layout
        W = self._network.W[lay.layers[i]]
        if len(lay.shown[i]) == W.shape[0] and len(lay.shown[i + 1]) == W.shape[1]:
            return W
        return W[np.ix_(lay.shown[i], lay.shown[i + 1])]

    def drawn_values(self, values: tuple[str, ...]) -> list[str]:
        """The numbers of the drawn neurons, layer by layer, from every neuron's ``values``."""
        lay = self.layout
        if len(values) == len(self.values):
            picked = list(values)
        else:
            picked = [values[self._offsets[layer] + i] for layer, shown in zip(lay.layers, lay.shown)
                      for i in shown]
        signed = [scale.signed for scale, layer in zip(self.scales, lay.centres) for _ in layer]
        # A figure space in place of a minus keeps a signed layer's numbers centred alike.
        return [FIGURE_SPACE + v if s and v and not v.startswith("\u2212") else v
                for v, s in zip(picked, signed)]

    def _dropped(self, shot: Shot) -> list[np.ndarray] | None:
        """Per drawn layer, which drawn neurons are dropped in this shot's update (None: no
        neuron is)."""
        snap = shot.snapshot
        if snap is None or snap.dropped is None or not self._marks:
            return None
        lay = self.layout
        masks = []
        for layer, shown in zip(lay.layers, lay.shown):
            inside = 0 < layer < len(self.setup.sizes) - 1
            masks.append(np.asarray(snap.dropped[layer - 1], dtype=bool)[shown] if inside
                         else np.zeros(len(shown), dtype=bool))
        return masks if any(m.any() for m in masks) else None

    def _show_marks(self, dropped: list[np.ndarray] | None) -> None:
        if not self._marks:
            return
        rings, cross = self._marks
        if dropped is None:
            for mark in self._marks:
                if mark.get_visible():
                    mark.set_visible(False)
            return
        marked = np.concatenate([dropped[i] for i in self._mark_layers])
        ring = np.array(to_rgb(self.stage.theme.muted))
        rings.set_edgecolor(np.column_stack([np.tile(ring, (len(marked), 1)), marked.astype(float)]))
        cross.set_color(np.column_stack([np.tile(ring, (2 * len(marked), 1)),
                                         np.repeat(marked, 2).astype(float)]))
        for mark in self._marks:
            if not mark.get_visible():
                mark.set_visible(True)
