"""The stage the picture's parts are built on: one figure and axes in stage units, with the
means to add what changes between shots (overlays) and what does not (the background).

The network diagram and every panel build their artists through a :class:`Stage`, so the
renderer knows every overlay (to redraw only what changed) and where each one can draw.
"""

from __future__ import annotations

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.transforms import Bbox

from ..layout import Layout
from ..style import Theme
from .design import Design
from .labels import cut_to_fit, short_apart
from .sprites import CachedText, Line, VectorText


class Stage:
    """The axes everything is drawn in (x and y in stage units), and the overlays on it."""

    def __init__(
        self, canvas: FigureCanvasAgg, ax: Axes, layout: Layout, design: Design, theme: Theme
    ) -> None:
        self.canvas, self.ax, self.layout, self.design, self.theme = canvas, ax, layout, design, theme
        self.overlays: list[Artist] = []
        # Where an overlay can draw, for those that cannot tell it themselves (collections,
        # whose own extent is not useful): display pixels.
        self.extents: dict[Artist, Bbox] = {}

    @property
    def dpi(self) -> float:
        return self.ax.figure.dpi

    def overlay(self, artist):
        """Register an artist that changes between shots (it must be at zorder >= 1)."""
        self.overlays.append(artist)
        return artist

    def text(self, x: float, y: float, **style) -> CachedText:
        """A text that changes between shots, drawn from a cache of its strings."""
        text = CachedText(x, y, "", transform=self.ax.transData, clip_on=False, **style)
        return self.overlay(self.ax.add_artist(text))

    def line(self, x: float, y: float, pieces: int, **style) -> Line:
        """A line that changes between shots, set from pieces: words that recur, and numbers
        (every other piece), drawn by character so that a dozen images draw any of them."""
        texts = [self.text(x, y, **style, by_character=bool(i % 2), raster_only=True) for i in range(pieces)]
        whole = VectorText(x, y, "", transform=self.ax.transData, clip_on=False, **style)
        return Line(texts, self.ax.add_artist(whole))

    def on_pixel(self, x: float, y: float) -> tuple[float, float]:
        """The stage point nearest (x, y) that falls on a pixel corner."""
        column, row = np.round(self.ax.transData.transform((x, y)))
        return tuple(self.ax.transData.inverted().transform((column, row)))

    def pixels(self, x0: float, y0: float, x1: float, y1: float) -> Bbox:
        """A box in stage units, in display pixels."""
        return Bbox(self.ax.transData.transform([(x0, y0), (x1, y1)]))

    def width_of(self, string: str, **style) -> float:
        """How wide ``string`` is set in ``style``, in stage units."""
        probe = self.ax.text(0, 0, string, **style)
        width = probe.get_window_extent(self.canvas.get_renderer()).width
        probe.remove()
        return width / self.layout.stage_pixels

    def fit_apart(self, strings: list[str], room: float, longest: int | None = None,
                  among: list[str] | None = None, **style) -> list[str]:
        """Each of ``strings`` fitted into ``room`` (and ``longest`` characters, if given);
        those that would be cut alike ("gene149…" for gene14997 and gene14998) keep where they
        differ ("gene…7"), and read as themselves alone ``among`` every name they are some
        of: see :func:`~.labels.short_apart`."""
        def fits(text: str) -> bool:
            return (longest is None or len(text) <= longest) and self.width_of(text, **style) <= room

        return short_apart(strings, fits=fits, among=among)

    def fit(self, string: str, room: float, **style) -> str:
        """``string``, cut short with an ellipsis until it fits in ``room`` stage units."""
        return cut_to_fit(string, lambda text: self.width_of(text, **style) <= room)
