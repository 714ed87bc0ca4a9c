"""Redraw only what changed since the last frame, with exactly the pixels of a full redraw.

Artists are split by z-order. Everything below ``BACKGROUND_ZORDER`` never changes: it is
drawn once and kept as the *background*. Everything at or above it is an *overlay*. For each
new frame, the overlays that changed (matplotlib marks an artist *stale* when a property is
set) are found; the rectangles they covered before and will cover now are restored from the
background; and every overlay touching a restored rectangle is drawn again, in the order a
full draw uses. An overlay is always redrawn whole, so the restored area grows to cover it
(and whatever that touches, and so on): no pixel is blended twice, and none is missed.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.text import Text
from matplotlib.transforms import Bbox

BACKGROUND_ZORDER = 1.0
# Antialiasing and glyph edges reach a little beyond an artist's nominal extent.
PAD_PIXELS = 3

Rect = tuple[int, int, int, int]  # column 0, row 0, column 1, row 1 (rows from the top)
Extent = Callable[[Artist, RendererAgg], Bbox | None]


def artist_extent(artist: Artist, renderer: RendererAgg) -> Bbox | None:
    """Where an artist draws, in display pixels (from the bottom left); None if nowhere."""
    if not artist.get_visible():
        return None
    if isinstance(artist, Text):
        if not artist.get_text():
            return None
        box = artist.get_window_extent(renderer)
        patch = artist.get_bbox_patch()
        if patch is not None:
            artist.update_bbox_position_size(renderer)  # the plate follows the text
            box = Bbox.union([box, patch.get_window_extent(renderer)])
        return box
    return artist.get_window_extent(renderer)


def _overlaps(a: Rect, b: Rect) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _outermost(rects: list[Rect]) -> list[Rect]:
    """The rectangles not inside another one (each area is then restored only once)."""
    unique = sorted(set(rects), key=lambda r: (r[2] - r[0]) * (r[3] - r[1]), reverse=True)
    kept: list[Rect] = []
    for r in unique:
        if not any(k[0] <= r[0] and k[1] <= r[1] and r[2] <= k[2] and r[3] <= k[3] for k in kept):
            kept.append(r)
    return kept


class DirtyRegions:
    """Keeps a canvas up to date by redrawing only around the overlays that changed.

    ``overlays`` are the artists at or above BACKGROUND_ZORDER in the order they were added
    to their axes; ``extent`` tells where one draws (``artist_extent`` unless an artist, like
    a collection, needs a better answer).
    """

    def __init__(
        self, canvas: FigureCanvasAgg, overlays: Sequence[Artist], extent: Extent = artist_extent
    ) -> None:
        low = [a for a in overlays if a.get_zorder() < BACKGROUND_ZORDER]
        if low:
            raise ValueError(f"overlays must have zorder >= {BACKGROUND_ZORDER}: {low}")
        self.canvas = canvas
        # The stable sort by zorder is the order Axes.draw uses.
        self.overlays = sorted(overlays, key=lambda a: a.get_zorder())
        self._extent = extent
        self._background: np.ndarray | None = None
        self._drawn: dict[Artist, Rect | None] = {}

    def _rect(self, artist: Artist, renderer: RendererAgg) -> Rect | None:
        box = self._extent(artist, renderer)
        if box is None or not np.all(np.isfinite(box.extents)):
            return None
        width, height = self.canvas.get_width_height()
        c0 = max(math.floor(box.x0) - PAD_PIXELS, 0)
        c1 = min(math.ceil(box.x1) + PAD_PIXELS, width)
        r0 = max(height - math.ceil(box.y1) - PAD_PIXELS, 0)
        r1 = min(height - math.floor(box.y0) + PAD_PIXELS, height)
        return (c0, r0, c1, r1) if c0 < c1 and r0 < r1 else None

    def _frame(self) -> np.ndarray:
        return np.asarray(self.canvas.buffer_rgba())

    def draw(self) -> np.ndarray:
        """Bring the canvas up to date; returns its (height, width, 4) RGBA buffer (a view)."""
        if self._background is None:
            self._draw_everything()
            return self._frame()
        changed = [a for a in self.overlays if a.stale]
        if not changed:
            return self._frame()
        renderer = self.canvas.get_renderer()
        redraw = set(changed)
        now = {a: self._rect(a, renderer) for a in changed}
        dirty = [r for a in changed for r in (self._drawn.get(a), now[a]) if r]
        dirty = _outermost(dirty)
        pending = [a for a in self.overlays if a not in redraw and self._drawn.get(a)]
        while True:  # whatever touches a restored area is redrawn, and restores its own
            touching = [a for a in pending if any(_overlaps(self._drawn[a], d) for d in dirty)]
            if not touching:
                break
            redraw.update(touching)
            dirty = _outermost(dirty + [self._drawn[a] for a in touching])
            pending = [a for a in pending if a not in redraw]
        frame = self._frame()
        for c0, r0, c1, r1 in dirty:
            frame[r0:r1, c0:c1] = self._background[r0:r1, c0:c1]
        for artist in self.overlays:
            if artist in redraw:
                self._drawn[artist] = now[artist] if artist in now else self._drawn[artist]
                if artist.get_visible():
                    artist.draw(renderer)
                artist.stale = False
        return frame

    def reset(self) -> None:
        """Forget what is on the canvas: the next ``draw`` draws everything."""
        self._background = None
        self._drawn.clear()

    def _draw_everything(self) -> None:
        shown = [a.get_visible() for a in self.overlays]
        for artist in self.overlays:
            artist.set_visible(False)
        self.canvas.draw()
        self._background = self._frame().copy()
        renderer = self.canvas.get_renderer()
        for artist, visible in zip(self.overlays, shown):
            artist.set_visible(visible)
            self._drawn[artist] = self._rect(artist, renderer)
            if visible:
                artist.draw(renderer)
            artist.stale = False
