"""The picture of one shot: the network on the left, the caption panel on the right.

The figure and every artist are made once; ``draw(shot)`` only updates their data (colours,
widths, sizes, strings) and redraws what changed. Frames come back as the canvas's own RGBA buffer, with
no copy: use it (or copy it) before the next ``draw``.
"""

from __future__ import annotations

import io

import numpy as np
from matplotlib import rc_context
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import Collection, EllipseCollection, LineCollection
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch, Rectangle
from matplotlib.transforms import Bbox

from ..layout import Layout, network_layout
from ..recording import Setup
from ..style import DARK, SYNAPSE_MAX_WIDTH, Theme, synapse_opacity, synapse_width
from ..timeline import Shot
from .blit import DirtyRegions, artist_extent
from .caption import Caption, Story, caption, subscript
from .design import COMPACT, FULL
from .glow import REACH, Halos
from .sprites import CachedText, Line, VectorText

# The stage is always 10.8 inches high, so sizes in points scale with it: a 15-point label
# is as big relative to the picture at 720p as at 4K.
STAGE_HEIGHT_INCHES = 10.8
# The two translucent strokes around a synapse that carries a signal: (extra width in points
# at full activity, opacity at full activity).
SYNAPSE_GLOW = ((7.0, 0.30), (18.0, 0.12))
MONO = ["DejaVu Sans Mono", "monospace"]  # SVG readers without DejaVu fall back to any monospace
# A number keeps this far from a synapse's edge, in pixels (besides the widest synapse's half).
VALUE_CLEARANCE_PIXELS = 1.5


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


class Renderer:
    """Draws shots of one network and data set at one frame size.

    With ``blit`` (the default) only what changed since the previous shot is redrawn; without
    it every shot is a full redraw of the figure. Both give the same pixels. Small frames
    (a stage under 720 pixels high) get the compact design: larger type, fewer words.
    """

    def __init__(
        self,
        setup: Setup,
        width: int,
        height: int,
        theme: Theme = DARK,
        blit: bool = True,
        transparent: bool = False,
    ) -> None:
        self.setup = setup
        sizes, dataset, train_cycles = setup.sizes, setup.dataset, setup.steps
        self.sizes, self.dataset, self.train_cycles = sizes, dataset, train_cycles
        self.width, self.height, self.theme = width, height, theme
        self.layout: Layout = network_layout(sizes, width, height)
        self.design = COMPACT if self.layout.compact else FULL
        self.story = Story(dataset, tuple(sizes), train_cycles, compact=self.layout.compact)
        self._positive, self._negative = np.array(to_rgb(theme.positive)), np.array(to_rgb(theme.negative))
        rgb = lambda colour: np.array(to_rgb(colour))  # noqa: E731
        self._core_stops = np.array([rgb(theme.neuron_dark), rgb(theme.neuron_mid), rgb(theme.glow_core)])
        self._ring, self._lit_ring = rgb(theme.neuron_ring), rgb(theme.glow)
        dpi = self.layout.stage_pixels / STAGE_HEIGHT_INCHES
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
        xlim, ylim = self.layout.frame_limits()
        ax.set_xlim(*xlim)
        ax.set_ylim(*ylim)
        ax.set_axis_off()
        self.ax = ax
        self._overlays: list[Artist] = []
        self._build_network()
        self._build_panel()
        self._build_legend()
        self._network_box = self._network_bounds()
        self._regions = DirtyRegions(self.canvas, self._overlays, self._extent) if blit else None

    # ----------------------------------------------------------------- building (once)
    def _overlay(self, artist):
        """Register an artist that changes between shots (it must be at zorder >= 1)."""
        self._overlays.append(artist)
        return artist

    def _text(self, x: float, y: float, **style) -> CachedText:
        """A text that changes between shots, drawn from a cache of its strings."""
        text = CachedText(x, y, "", transform=self.ax.transData, clip_on=False, **style)
        return self._overlay(self.ax.add_artist(text))

    def _line(self, x: float, y: float, pieces: int, **style) -> Line:
        """A line that changes between shots, set from pieces: words that recur, and numbers
        (every other piece), drawn by character so that a dozen images draw any of them."""
        texts = [self._text(x, y, **style, by_character=bool(i % 2), raster_only=True) for i in range(pieces)]
        whole = VectorText(x, y, "", transform=self.ax.transData, clip_on=False, **style)
        return Line(texts, self.ax.add_artist(whole))

    def _on_pixel(self, x: float, y: float) -> tuple[float, float]:
        """The stage point nearest (x, y) that falls on a pixel corner."""
        column, row = np.round(self.ax.transData.transform((x, y)))
        return tuple(self.ax.transData.inverted().transform((column, row)))

    def _build_network(self) -> None:
        ax, lay, theme, design = self.ax, self.layout, self.theme, self.design
        self._segments = lay.synapses()
        # One collection draws, in order, the glow strokes and then the synapses themselves:
        # the same pixels as three collections, for a third of the overhead.
        self._synapses = self._overlay(
            ax.add_collection(LineCollection(self._segments, capstyle="round", zorder=2))
        )
        centres = lay.all_centres
        n = len(centres)
        self._halos = self._overlay(
            ax.add_artist(Halos(centres, lay.radius, theme.glow, transform=ax.transData, zorder=3))
        )
        diameter = np.full(n, 2 * lay.radius)
        self._cores = self._overlay(
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
        self._values = [self._text(0, 0, **value, cache=digits, by_character=True) for _ in range(n)]
        ink = self._value_ink(self._values[0])
        clearance = (SYNAPSE_MAX_WIDTH / 2 * self.figure.dpi / 72 + VALUE_CLEARANCE_PIXELS) / lay.stage_pixels
        self.value_boxes = lay.value_boxes(ink.width, ink.height, clearance)
        for text, box in zip(self._values, self.value_boxes):
            text.set_position(self._on_pixel(box[0] - ink.x0, box[1] - ink.y0))
        # Labels are background (zorder below 1): drawn once, under the glow.
        label = dict(fontsize=design.layer, color=theme.muted, ha="center", va="bottom", zorder=0.5)
        names = ["inputs"] + ["hidden"] * (len(self.sizes) - 2) + ["output"]
        top = max(centres[:, 1].max() + lay.radius + 0.075, self.value_boxes[:, 3].max() + 0.03)
        for layer, name in zip(lay.centres, names):
            ax.text(layer[0, 0], top, name, **label)
        for i, (x, y) in enumerate(lay.centres[0]):
            name = f"x{subscript(i + 1)}" if design.subscripts else f"x{i + 1}"
            ax.text(x - lay.radius * 1.5, y, name, fontsize=design.input_name,
                    color=theme.muted, ha="right", va="center", zorder=0.5)

    def _value_ink(self, probe: CachedText) -> Bbox:
        """The ink of any neuron's number ("0.00" to "1.00"), in stage units from its anchor."""
        renderer = self.canvas.get_renderer()
        anchor = self._on_pixel(0.0, 0.0)
        probe.set_position(anchor)
        inks = []
        for string in ("0.00", "1.00"):
            probe.set_text(string)
            inks.append(probe.ink(renderer))
        probe.set_text("")
        x, y = self.ax.transData.transform(anchor)
        box = Bbox.union(inks).translated(-x, -y)
        return Bbox(box.get_points() / self.layout.stage_pixels)

    def _build_panel(self) -> None:
        ax, lay, theme, design = self.ax, self.layout, self.theme, self.design
        left, right = lay.panel_left, lay.panel_right
        bottom, top = design.panel
        ax.add_patch(
            FancyBboxPatch(
                (left, bottom), right - left, top - bottom, boxstyle="round,pad=0,rounding_size=0.02",
                facecolor=theme.panel, edgecolor="none", zorder=0,
            )
        )
        pad = design.pad
        x0 = left + pad
        text = dict(color=theme.text, va="center", zorder=5)
        self._title = self._text(x0, design.title_y, fontsize=design.title, weight="bold", **text)
        self._subtitle = self._text(x0, design.subtitle_y, fontsize=design.subtitle,
                                    **(text | dict(color=theme.muted)))
        self._line1 = self._text(x0, design.line1_y, fontsize=design.line, **text)
        # During training the second line is three facts, "desired 1   network 0.73   error
        # +0.27", set as six pieces: words that recur and short numbers, which are cheap to
        # draw the first time and then come from cache.
        self._line2 = self._line(x0, design.line2_y, 6, fontsize=design.line, **text)

        # The training set, one row per example, plus a row for the new situation.
        n = self.dataset.n_examples
        self._row_step = min(design.row_step, design.rows_span / (n + 1))
        header_y = design.header_y
        columns = np.array(design.columns) * (right - left - 2 * pad) + x0
        head = dict(fontsize=design.head, color=theme.muted, va="center", family=MONO, zorder=0.5)
        for column, name in zip(columns, ("inputs", "desired", "network")):
            ax.text(column, header_y, name, **head)
        self._row_y = header_y - self._row_step * (np.arange(n + 1) + 1.1)
        cell = dict(fontsize=design.cell, color=theme.text, va="center", family=MONO, zorder=5)
        # The network's answers change every cycle: drawn by character, from images shared
        # down the column (anchored on pixel corners so that they can be shared).
        answers: dict = {}
        self._cells = [
            [self._text(c, y, **cell) for c in columns[:2]]
            + [self._text(*self._on_pixel(columns[2], y), **cell, cache=answers, by_character=True)]
            for y in self._row_y
        ]
        self._highlight = self._overlay(
            ax.add_patch(
                FancyBboxPatch(
                    (x0 - 0.015, 0), right - left - 2 * pad + 0.03, self._row_step * 0.86,
                    boxstyle="round,pad=0,rounding_size=0.008", facecolor=theme.highlight,
                    edgecolor="none", zorder=1, visible=False,
                )
            )
        )

        # Average error: a label and a bar on a 0..1 scale.
        self._error_line = self._line(x0, design.error_y, 2, fontsize=design.error, color=theme.muted,
                                      va="center", zorder=5)
        self._bar_width = right - left - 2 * pad
        bar_y, bar_height = design.bar
        ax.add_patch(Rectangle((x0, bar_y), self._bar_width, bar_height, facecolor=theme.highlight,
                               zorder=0.5))
        self._bar = self._overlay(
            ax.add_patch(Rectangle((x0, bar_y), 0, bar_height, facecolor=theme.error_bar, zorder=2))
        )

    def _build_legend(self) -> None:
        ax, theme, aspect, design = self.ax, self.theme, self.layout.aspect, self.design
        (y, how_y), x = design.legend_rows, aspect * 0.04
        positive, negative, how = design.legend_words
        step = aspect * design.legend_step
        muted = dict(fontsize=design.legend, color=theme.muted, va="center", zorder=0.5)
        for i, (colour, text) in enumerate([(theme.positive, positive), (theme.negative, negative)]):
            ax.plot([x + i * step, x + i * step + 0.04], [y, y], color=colour, lw=5,
                    solid_capstyle="round", zorder=0.5)
            ax.text(x + i * step + 0.055, y, text, **muted)
        ax.text(x, how_y, how, **muted)

    def _extent(self, artist: Artist, renderer) -> Bbox | None:
        """Where an overlay draws. Collections report no useful extent of their own: the
        network's box covers anything they can draw."""
        if isinstance(artist, Collection):
            return self._network_box
        if isinstance(artist, CachedText):
            return artist.footprint(renderer)
        return artist_extent(artist, renderer)

    # ----------------------------------------------------------------- updating (per shot)
    def caption(self, shot: Shot) -> Caption:
        """Every string ``shot`` shows (what ``draw`` sets its texts to)."""
        return caption(shot, self.story)

    def _show(self, shot: Shot) -> None:
        """Set every artist to what ``shot`` shows."""
        words = self.caption(shot)
        self._update_network(shot, words.values)
        self._update_panel(words)

    def draw(self, shot: Shot) -> np.ndarray:
        """Render one shot; returns an (height, width, 4) uint8 view of the canvas."""
        self._show(shot)
        if self._regions is not None:
            return self._regions.draw()
        self.canvas.draw()
        return np.asarray(self.canvas.buffer_rgba())

    def vector(self, shot: Shot, kind: str) -> bytes:
        """The shot as an SVG or PDF document: crisp at any zoom, with real, selectable text
        (the halos, being soft light, are embedded images)."""
        self._show(shot)
        out = io.BytesIO()
        # Keep text as text: SVG <text> elements, TrueType fonts embedded in the PDF.
        with rc_context({"svg.fonttype": "none", "pdf.fonttype": 42}):
            self.figure.savefig(out, format=kind, facecolor=self.figure.get_facecolor())
        # savefig drew with another renderer and marked every artist drawn: the next
        # ``draw`` must draw everything (a plain redraw does anyway).
        if self._regions is not None:
            self._regions.reset()
        return out.getvalue()

    def _network_bounds(self) -> Bbox:
        """In pixels: every neuron with its widest halo, and the widest glowing synapse (whose
        round ends reach beyond the neurons' centres). It must not reach the panel: whatever
        it touches is redrawn whenever the network changes."""
        centres = self.ax.transData.transform(self.layout.all_centres)
        radius_px = self.layout.radius * self.layout.stage_pixels
        widest_line = (SYNAPSE_MAX_WIDTH + SYNAPSE_GLOW[-1][0]) * self.figure.dpi / 72
        reach = max(radius_px * (1 + REACH), widest_line / 2)
        return Bbox.from_extents(*(centres.min(axis=0) - reach), *(centres.max(axis=0) + reach))

    def _update_network(self, shot: Shot, values: tuple[str, ...]) -> None:
        layers = [np.asarray(a, dtype=float) for a in shot.brightness()]
        a_all = np.clip(np.concatenate(layers), 0.0, 1.0)

        weights = np.concatenate([W.ravel() for W in shot.network.W])
        # W[l] is row-major (source i, target j): each synapse carries its source's activation.
        source = np.concatenate(
            [np.repeat(a, W.shape[1]) for a, W in zip(layers, shot.network.W)]
        ).clip(0.0, 1.0)
        base = np.where(weights[:, None] >= 0, self._positive, self._negative)
        width = synapse_width(weights)
        lightened = base + (1.0 - base) * (0.25 * source[:, None])
        # Only synapses that carry a signal glow; the others would be drawn fully
        # transparent, which changes no pixel and costs as much as drawing them.
        carrying = source > 0
        segments, colours, widths = [], [], []
        for extra, alpha in SYNAPSE_GLOW:
            segments.append(self._segments[carrying])
            colours.append(np.column_stack([base, alpha * source])[carrying])
            widths.append((width + extra * source)[carrying])
        segments.append(self._segments)
        colours.append(np.column_stack([lightened, synapse_opacity(weights)]))
        widths.append(width)
        self._synapses.set_segments(np.concatenate(segments))
        self._synapses.set_color(np.concatenate(colours))
        self._synapses.set_linewidth(np.concatenate(widths))

        self._halos.set_activations(a_all)
        self._cores.set_facecolor(_ramp(self._core_stops, a_all))
        self._cores.set_edgecolor(_mix(self._ring, self._lit_ring, a_all))
        for text, value in zip(self._values, values):
            text.set_text(value)

    def _update_panel(self, words: Caption) -> None:
        renderer, units = self.canvas.get_renderer(), self.layout.stage_pixels
        self._title.set_text(words.title)
        self._subtitle.set_text(words.subtitle)
        self._line1.set_text(words.line1)
        self._line2.set(words.line2, renderer, units)
        for cells, row in zip(self._cells, words.rows):
            for cell, string in zip(cells, row or ("", "", "")):
                cell.set_text(string)
        # Set only what changed: any setter marks the artist for redrawing.
        self._highlight.set_visible(words.current is not None)
        if words.current is not None:
            y = self._row_y[words.current] - self._row_step * 0.43
            if self._highlight.get_y() != y:
                self._highlight.set_y(y)
        self._error_line.set(words.error, renderer, units)
        width = self._bar_width * words.error_bar
        if self._bar.get_width() != width:
            self._bar.set_width(width)

    def close(self) -> None:
        self.figure.clear()

    def __enter__(self) -> Renderer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
