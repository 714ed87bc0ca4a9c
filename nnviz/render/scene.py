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

from ..data import Dataset
from ..layout import Layout, network_layout
from ..style import DARK, SYNAPSE_MAX_WIDTH, Theme, synapse_opacity, synapse_width
from ..timeline import Moment, Shot
from .blit import DirtyRegions, artist_extent
from .glow import REACH, Halos
from .sprites import CachedText

# The stage is always 10.8 inches high, so sizes in points scale with it: a 15-point label
# is as big relative to the picture at 720p as at 4K.
STAGE_HEIGHT_INCHES = 10.8
# The two translucent strokes around a synapse that carries a signal: (extra width in points
# at full activity, opacity at full activity).
SYNAPSE_GLOW = ((7.0, 0.30), (18.0, 0.12))
MONO = ["DejaVu Sans Mono", "monospace"]  # SVG readers without DejaVu fall back to any monospace

TITLES = {
    Moment.BEFORE: "Before training",
    Moment.TRAINING: "Learning",
    Moment.AFTER: "After training",
    Moment.NEW: "A new situation",
}


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


def _fmt_vector(values: np.ndarray) -> str:
    return "[" + ", ".join(f"{v:g}" for v in values) + "]"


class Renderer:
    """Draws shots of one network and data set at one frame size.

    With ``blit`` (the default) only what changed since the previous shot is redrawn; without
    it every shot is a full redraw of the figure. Both give the same pixels.
    """

    def __init__(
        self,
        sizes: tuple[int, ...],
        dataset: Dataset,
        train_cycles: int,
        width: int,
        height: int,
        theme: Theme = DARK,
        blit: bool = True,
        transparent: bool = False,
    ) -> None:
        self.sizes, self.dataset, self.train_cycles = sizes, dataset, train_cycles
        self.width, self.height, self.theme = width, height, theme
        self.layout: Layout = network_layout(sizes, width, height)
        self._n_synapses = sum(a * b for a, b in zip(sizes, sizes[1:]))
        self._positive, self._negative = np.array(to_rgb(theme.positive)), np.array(to_rgb(theme.negative))
        rgb = lambda colour: np.array(to_rgb(colour))  # noqa: E731
        self._core_stops = np.array([rgb(theme.neuron_dark), rgb(theme.neuron_mid), rgb(theme.glow_core)])
        self._ring, self._lit_ring = rgb(theme.neuron_ring), rgb(theme.glow)
        dpi = self.layout.stage_pixels / STAGE_HEIGHT_INCHES
        # A hair over the exact size: Agg truncates width*dpi, and W/dpi*dpi can land just below W.
        # Transparent: only the page behind the picture goes; the panel and plates stay.
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
        self._widths: dict[tuple[str, int], float] = {}
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

    def _on_pixel(self, x: float, y: float) -> tuple[float, float]:
        """The stage point nearest (x, y) that falls on a pixel corner."""
        column, row = np.round(self.ax.transData.transform((x, y)))
        return tuple(self.ax.transData.inverted().transform((column, row)))

    def _build_network(self) -> None:
        ax, lay, theme = self.ax, self.layout, self.theme
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
        # Values sit on a translucent plate of background so crossing synapses stay legible.
        # The plate is a text of spaces as wide as a value ("0.73"), so one image serves all
        # neurons; the digits are drawn from a dozen shared character images. (Anchors are
        # put on pixel corners so that every neuron can share them.)
        plate = dict(boxstyle="round,pad=0.15", facecolor=theme.background, alpha=0.55, linewidth=0)
        value = dict(fontsize=15, color=theme.text, ha="left", va="bottom", zorder=6, family=MONO)
        plates: dict = {}
        digits: dict = {}
        self._values = []
        for x, y in centres:
            anchor = self._on_pixel(x + lay.radius * 0.95, y + lay.radius * 0.95)
            self._text(*anchor, **value, bbox=plate, cache=plates).set_text(" " * len("0.00"))
            self._values.append(self._text(*anchor, **value, cache=digits, by_character=True))
        # Labels are background (zorder below 1): drawn once, under the glow.
        label = dict(fontsize=15, color=theme.muted, ha="center", va="bottom", zorder=0.5)
        names = ["inputs"] + ["hidden"] * (len(self.sizes) - 2) + ["output"]
        label_y = lay.all_centres[:, 1].max() + lay.radius + 0.075
        for layer, name in zip(lay.centres, names):
            ax.text(layer[0, 0], label_y, name, **label)
        for i, (x, y) in enumerate(lay.centres[0]):
            ax.text(x - lay.radius * 1.5, y, f"x{_subscript(i + 1)}", fontsize=17,
                    color=theme.muted, ha="right", va="center", zorder=0.5)

    def _build_panel(self) -> None:
        ax, lay, theme = self.ax, self.layout, self.theme
        left, right = lay.panel_left, lay.panel_right
        ax.add_patch(
            FancyBboxPatch(
                (left, 0.05), right - left, 0.90, boxstyle="round,pad=0,rounding_size=0.02",
                facecolor=theme.panel, edgecolor="none", zorder=0,
            )
        )
        pad = 0.04
        x0 = left + pad
        text = dict(color=theme.text, va="center", zorder=5)
        self._title = self._text(x0, 0.875, fontsize=32, weight="bold", **text)
        self._subtitle = self._text(x0, 0.815, fontsize=17, **(text | dict(color=theme.muted)))
        self._line1 = self._text(x0, 0.745, fontsize=19, **text)
        self._line2 = self._text(x0, 0.700, fontsize=19, **text)
        # During training the second line is three facts, "desired 1   network 0.73   error
        # +0.27", set as six pieces: words that recur and short numbers, which are cheap to
        # draw the first time and then come from cache.
        self._facts = [
            self._text(x0, 0.700, fontsize=19, **text, by_character=bool(i % 2)) for i in range(6)
        ]

        # The training set, one row per example, plus a row for the new situation.
        n = self.dataset.n_examples
        self._row_step = min(0.05, 0.40 / (n + 1))
        header_y = 0.625
        columns = np.array([0.0, 0.38, 0.68]) * (right - left - 2 * pad) + x0
        head = dict(fontsize=14, color=theme.muted, va="center", family=MONO, zorder=0.5)
        for column, name in zip(columns, ("inputs", "desired", "network")):
            ax.text(column, header_y, name, **head)
        self._row_y = header_y - self._row_step * (np.arange(n + 1) + 1.1)
        cell = dict(fontsize=17, color=theme.text, va="center", family=MONO, zorder=5)
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
        self._error_line = [
            self._text(x0, 0.145, fontsize=16, color=theme.muted, va="center", zorder=5,
                       by_character=number)
            for number in (False, True)
        ]
        self._bar_width = right - left - 2 * pad
        ax.add_patch(Rectangle((x0, 0.085), self._bar_width, 0.022, facecolor=theme.highlight,
                               zorder=0.5))
        self._bar = self._overlay(
            ax.add_patch(Rectangle((x0, 0.085), 0, 0.022, facecolor=theme.error_bar, zorder=2))
        )

    def _build_legend(self) -> None:
        ax, theme, aspect = self.ax, self.theme, self.layout.aspect
        y, x = 0.05, aspect * 0.04
        spec = [(theme.positive, "positive weight (excites)"), (theme.negative, "negative weight (inhibits)")]
        step = aspect * 0.17
        muted = dict(fontsize=13, color=theme.muted, va="center", zorder=0.5)
        for i, (colour, text) in enumerate(spec):
            ax.plot([x + i * step, x + i * step + 0.04], [y, y], color=colour, lw=5,
                    solid_capstyle="round", zorder=0.5)
            ax.text(x + i * step + 0.055, y, text, **muted)
        ax.text(x, y + 0.045, "thicker = stronger weight · glow = activity (0 to 1)", **muted)

    def _extent(self, artist: Artist, renderer) -> Bbox | None:
        """Where an overlay draws. Collections report no useful extent of their own: the
        network's box covers anything they can draw."""
        if isinstance(artist, Collection):
            return self._network_box
        if isinstance(artist, CachedText):
            return artist.footprint(renderer)
        return artist_extent(artist, renderer)

    # ----------------------------------------------------------------- updating (per shot)
    def _show(self, shot: Shot) -> None:
        """Set every artist to what ``shot`` shows."""
        self._update_network(shot)
        self._update_panel(shot)

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
        """In pixels: every neuron with its widest halo, and the widest glowing synapse."""
        centres = self.ax.transData.transform(self.layout.all_centres)
        radius_px = self.layout.radius * self.layout.stage_pixels
        widest_line = (SYNAPSE_MAX_WIDTH + SYNAPSE_GLOW[-1][0]) * self.figure.dpi / 72
        reach = radius_px * (1 + REACH) + widest_line / 2
        return Bbox.from_extents(*(centres.min(axis=0) - reach), *(centres.max(axis=0) + reach))

    def _update_network(self, shot: Shot) -> None:
        if shot.activations is None:
            layers = [np.zeros(n) for n in self.sizes]
        else:
            layers = [np.asarray(a, dtype=float) for a in shot.activations]
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
        for text, value in zip(self._values, a_all):
            text.set_text(f"{value:.2f}")

    def _update_panel(self, shot: Shot) -> None:
        data = self.dataset
        self._title.set_text(TITLES[shot.moment])
        line1 = line2 = ""
        facts: list[tuple[str, str]] = []
        current: int | None = None
        estimate = float(shot.activations[-1][0]) if shot.moment is Moment.NEW else float("nan")
        if shot.moment is Moment.BEFORE:
            subtitle = "Random weights: nothing to think about yet"
            line1 = " → ".join(str(n) for n in self.sizes) + f" neurons, {self._n_synapses} synapses"
            line2 = f"It will go through these {data.n_examples} examples {self.train_cycles:,} times"
        elif shot.moment is Moment.TRAINING:
            snap = shot.snapshot
            assert snap is not None  # a TRAINING shot always carries its snapshot
            current = snap.example
            subtitle = f"Cycle {snap.cycle:,} of {self.train_cycles:,}"
            line1 = f"Example {snap.example + 1} of {data.n_examples}: inputs {_fmt_vector(snap.inputs)}"
            error = f"{snap.error[0]:+.2f}".replace("-", "\u2212")
            facts = [
                ("desired", " "), (_fmt_vector(snap.target)[1:-1], "   "),
                ("network", " "), (f"{snap.output[0]:.2f}", "   "),
                ("error", " "), (error, ""),
            ]
        elif shot.moment is Moment.AFTER:
            subtitle = f"{self.train_cycles:,} cycles through the {data.n_examples} examples"
            worst = np.nanmax(np.abs(data.targets[:, 0] - shot.table_outputs))
            line1 = f"Largest error on the examples: {worst:.3f}"
            # Which input did it learn to ignore? The one whose outgoing synapses withered.
            strength = np.abs(shot.network.W[0]).mean(axis=1)
            weakest = int(np.argmin(strength))
            others = np.delete(strength, weakest).mean()
            line2 = (
                f"x{_subscript(weakest + 1)}'s synapses withered: |w| "
                f"{strength[weakest]:.2f} vs {others:.2f}"
            )
        else:
            current = data.n_examples
            subtitle = "Inputs it has never seen"
            line1 = f"Inputs {_fmt_vector(data.new_inputs)}: it estimates {estimate:.2f}"
            line2 = f"The correct answer is {_fmt_vector(data.new_target)[1:-1]}"
        self._subtitle.set_text(subtitle)
        self._line1.set_text(line1)
        self._line2.set_text(line2)
        self._set_run(self._facts, facts)

        outputs = shot.table_outputs if shot.table_outputs is not None else np.full(data.n_examples, np.nan)
        rows = [(x, t, o) for x, t, o in zip(data.inputs, data.targets[:, 0], outputs)]
        if shot.moment is Moment.NEW:
            rows.append((data.new_inputs, np.nan, estimate))
        else:
            rows.append(None)
        for cells, row in zip(self._cells, rows):
            if row is None:
                for cell in cells:
                    cell.set_text("")
                continue
            x, t, o = row
            cells[0].set_text(" ".join(f"{v:g}" for v in x))
            cells[1].set_text("?" if np.isnan(t) else f"{t:g}")
            cells[2].set_text("" if np.isnan(o) else f"{o:.2f}")
        # Set only what changed: any setter marks the artist for redrawing.
        self._highlight.set_visible(current is not None)
        if current is not None:
            y = self._row_y[current] - self._row_step * 0.43
            if self._highlight.get_y() != y:
                self._highlight.set_y(y)

        if shot.average_error is None:
            self._set_run(self._error_line, [("Average error: not measured yet", "")])
            width = 0.0
        else:
            which = "over the previous cycle" if shot.moment is Moment.TRAINING else "after training"
            if shot.snapshot is not None and shot.snapshot.cycle == 1:
                which = "so far in this cycle"
            error = f"{shot.average_error:.3f}"
            self._set_run(self._error_line, [(f"Average error {which}:", " "), (error, "")])
            width = self._bar_width * min(max(shot.average_error, 0.0), 1.0)
        if self._bar.get_width() != width:
            self._bar.set_width(width)

    def _set_run(self, texts: list[CachedText], pieces: list[tuple[str, str]]) -> None:
        """Lay (string, gap after it) pieces end to end on the texts' line; blank the rest."""
        renderer = self.canvas.get_renderer()
        x = texts[0].get_position()[0]
        for i, text in enumerate(texts):
            string, gap = pieces[i] if i < len(pieces) else ("", "")
            text.set_text(string)
            if text.get_position()[0] != x:
                text.set_x(x)
            if string:
                x += self._width(string + gap, text, renderer)

    def _width(self, string: str, like: CachedText, renderer) -> float:
        """Advance width of ``string`` in the style of ``like``, in stage units (cached)."""
        font = like.get_fontproperties()
        key = (string, hash(font))
        if key not in self._widths:
            width, _, _ = renderer.get_text_width_height_descent(string, font, ismath=False)
            self._widths[key] = width / self.layout.stage_pixels
        return self._widths[key]

    def close(self) -> None:
        self.figure.clear()

    def __enter__(self) -> Renderer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _subscript(n: int) -> str:
    return str(n).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))
