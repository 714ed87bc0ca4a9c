"""Text that is rasterised once per string and then pasted: labels that come back often.

Matplotlib lays out and rasterises every glyph of a text each time it is drawn, about a
millisecond for a line. A video shows the same strings again and again (a neuron's value,
"Example 3 of 7", a row of the training set), so :class:`CachedText` draws each distinct
string once into a small transparent image, exactly where it would have drawn it (the same
sub-pixel offset, so the same glyph shapes), and from then on blends that image into the
frame. Other renderers (SVG, PDF) get real text.
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.colors import to_rgba
from matplotlib.text import Text
from matplotlib.transforms import Affine2D, Bbox

MAX_SPRITES = 256  # per text: bounds memory when strings rarely repeat
MARGIN_PIXELS = 3  # glyph edges and plates reach a little beyond the nominal extent


class CachedText(Text):
    """A :class:`~matplotlib.text.Text` whose raster images are kept per string."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._sprites: dict[tuple, tuple[np.ndarray, int, int]] = {}

    def draw(self, renderer) -> None:
        if not isinstance(renderer, RendererAgg):
            return super().draw(renderer)
        if not self.get_visible() or not self.get_text():
            return
        anchor = self.get_transform().transform(self.get_position())
        # The sub-pixel part of the anchor decides the glyphs' exact shapes.
        key = (self.get_text(), to_rgba(self.get_color()), tuple(np.round(anchor * 64)))
        if key not in self._sprites:
            if len(self._sprites) >= MAX_SPRITES:
                del self._sprites[next(iter(self._sprites))]
            self._sprites[key] = self._rasterise(renderer)
        sprite, left, bottom = self._sprites[key]
        gc = renderer.new_gc()
        try:
            renderer.draw_image(gc, left, bottom, sprite)
        finally:
            gc.restore()
        self.stale = False

    def _rasterise(self, renderer: RendererAgg) -> tuple[np.ndarray, int, int]:
        """Draw the text alone on a transparent image just big enough for it."""
        box = self.get_window_extent(renderer)
        if self.get_bbox_patch() is not None:
            self.update_bbox_position_size(renderer)
            box = Bbox.union([box, self.get_bbox_patch().get_window_extent(renderer)])
        left = math.floor(box.x0) - MARGIN_PIXELS
        bottom = math.floor(box.y0) - MARGIN_PIXELS
        width = math.ceil(box.x1) + MARGIN_PIXELS - left
        height = math.ceil(box.y1) + MARGIN_PIXELS - bottom
        scratch = RendererAgg(width, height, renderer.dpi)
        # Shift by whole pixels only, so every glyph keeps its sub-pixel position.
        placed = self.get_transform()
        self.set_transform(placed + Affine2D().translate(-left, -bottom))
        try:
            super().draw(scratch)
        finally:
            self.set_transform(placed)
        # Agg's images are bottom row first.
        sprite = np.ascontiguousarray(np.asarray(scratch.buffer_rgba())[::-1])
        return sprite, left, bottom
