"""Text that is rasterised once per string and then pasted: labels that come back often.

Matplotlib lays out and rasterises every glyph of a text each time it is drawn, about a
millisecond for a line. A video shows the same strings again and again (a neuron's value,
"Example 3 of 7", a row of the training set), so :class:`CachedText` draws each distinct
string once into a small transparent image, exactly where it would have drawn it (the same
sub-pixel offset, so the same glyph shapes), and from then on blends that image into the
frame. Other renderers (SVG, PDF) get real text.

A line whose parts change separately (a word that recurs, a number that changes every shot)
is cheapest to rasterise in pieces laid side by side; but a vector file must say it as one
string, since its reader sets the words with its own font and its own widths. Such a line is
a :class:`Line`: pieces for Agg, one :class:`VectorText` for SVG and PDF.
"""

from __future__ import annotations

import functools
import math

import numpy as np
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.colors import to_rgba
from matplotlib.font_manager import FontProperties
from matplotlib.text import Text
from matplotlib.transforms import Affine2D, Bbox

MAX_SPRITES = 256  # per text: bounds memory when strings rarely repeat
MARGIN_PIXELS = 3  # glyph edges and plates reach a little beyond the nominal extent


Sprite = tuple[np.ndarray, int, int]  # RGBA image (bottom row first), left and bottom offsets


@functools.lru_cache(4096)
def _metrics(string: str, font: FontProperties, dpi: float) -> tuple[float, float, float]:
    """Width, height and descent of ``string`` set in ``font``, in pixels at ``dpi``.

    Measuring lays the string out (a quarter of a millisecond): matplotlib caches what it
    measures per renderer, and each sprite is drawn on a renderer of its own, so every
    sprite had measured its string twice, and every text its characters' advances again.
    A measurement depends on the string, the font and the resolution alone: it is made once.
    ``font`` is a copy nobody changes (a FontProperties' hash follows its contents).
    """
    return _measurer(dpi).get_text_width_height_descent(string, font, ismath=False)


@functools.lru_cache(8)
def _measurer(dpi: float) -> RendererAgg:
    return RendererAgg(1, 1, dpi)


def measure(string: str, font: FontProperties, dpi: float) -> tuple[float, float, float]:
    """Width, height and descent of plain ``string`` in ``font`` at ``dpi``, in pixels (cached)."""
    return _metrics(string, font.copy(), dpi)


class _Scratch(RendererAgg):
    """A renderer for one sprite, whose texts are measured from the shared cache."""

    def get_text_width_height_descent(self, s, prop, ismath):
        if ismath:
            return super().get_text_width_height_descent(s, prop, ismath)
        return measure(s, prop, self.dpi)


@functools.lru_cache(8)
def _laying_out(dpi: float) -> _Scratch:
    """A renderer to lay sprites out on (measuring from the shared cache), one per resolution."""
    return _Scratch(1, 1, dpi)


class CachedText(Text):
    """A :class:`~matplotlib.text.Text` whose raster images are kept per string.

    Texts of one style may share a ``cache`` (a dict): a sprite is stored relative to the
    whole pixel its anchor falls in, so texts whose anchors have the same sub-pixel offset
    (say, all snapped to the pixel grid) reuse each other's images.

    ``by_character=True`` (for left-aligned numbers, which change with every shot) keeps
    one image per character instead and sets them side by side at their advance widths,
    as matplotlib itself places glyphs one by one: a dozen images then draw any number. It
    suits strings without kerned pairs (digits, signs and points are not kerned).
    """

    def __init__(
        self, *args, cache: dict | None = None, by_character: bool = False, raster_only: bool = False,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        # A string's sprite, or (by character) its characters' sprites.
        self._cache: dict[tuple, Sprite | list[Sprite]] = {} if cache is None else cache
        self._by_character = by_character
        self._raster_only = raster_only  # a piece of a Line: vector files get the whole line
        if by_character and (self.get_horizontalalignment() != "left" or self.get_bbox_patch()):
            raise ValueError("by_character texts must be left-aligned and have no plate")
        self._advances: dict[str, int] = {}
        self._anchor_cache: tuple[tuple, tuple[int, int]] | None = None

    def footprint(self, renderer: RendererAgg) -> Bbox | None:
        """Exactly the pixels the text covers (display pixels from the bottom left)."""
        if not self.get_visible() or not self.get_text():
            return None
        placed = self._placed_sprites(renderer)
        if not placed:
            return None
        return Bbox.from_extents(
            min(left for _, left, _ in placed),
            min(bottom for _, _, bottom in placed),
            max(left + sprite.shape[1] for sprite, left, _ in placed),
            max(bottom + sprite.shape[0] for sprite, _, bottom in placed),
        )

    def ink(self, renderer: RendererAgg) -> Bbox | None:
        """The pixels the glyphs actually mark (display pixels from the bottom left)."""
        if not self.get_visible() or not self.get_text():
            return None
        boxes = []
        for sprite, left, bottom in self._placed_sprites(renderer):
            rows, columns = np.nonzero(sprite[..., 3])
            if len(rows):
                boxes.append(Bbox.from_extents(left + columns.min(), bottom + rows.min(),
                                               left + columns.max() + 1, bottom + rows.max() + 1))
        return Bbox.union(boxes) if boxes else None

    def draw(self, renderer) -> None:
        if not isinstance(renderer, RendererAgg):
            if not self._raster_only:
                super().draw(renderer)
            return
        if not self.get_visible() or not self.get_text():
            return
        gc = renderer.new_gc()
        try:
            for sprite, left, bottom in self._placed_sprites(renderer):
                renderer.draw_image(gc, left, bottom, sprite)
        finally:
            gc.restore()
        self.stale = False

    def _anchor(self) -> tuple[int, int]:
        """The anchor in 1/64 pixels, the steps glyphs are placed in (kept while the text
        stays put: transforming it is most of the cost of a cache hit). A window that is
        resized moves every text with the same transform: the figure's size is in the key."""
        transform = self.get_transform()
        box = self.figure.bbox if self.figure is not None else None
        key = (self._x, self._y, id(transform), None if box is None else (box.width, box.height))
        if self._anchor_cache is None or self._anchor_cache[0] != key:
            x, y = (round(v * 64) for v in transform.transform(self.get_position()))
            self._anchor_cache = (key, (x, y))
        return self._anchor_cache[1]

    def _placed_sprites(self, renderer: RendererAgg) -> list[Sprite]:
        x, y = self._anchor()
        text = self.get_text()
        if not self._by_character:
            return [self._placed(text, x, y, 0, renderer)]
        (column, dx), (row, dy) = divmod(x, 64), divmod(y, 64)
        key = ("characters", text, to_rgba(self.get_color()), dx, dy)
        if key not in self._cache:
            placed, shift = [], 0
            for character in text:
                if not character.isspace():
                    placed.append(self._placed(character, x + shift, y, shift, renderer))
                shift += self._advance(character, renderer)
            # The characters' images and their places: each is drawn on its own ("over" is
            # associative, so this is the string's image drawn at once, to within rounding),
            # and a string seen once costs no composing.
            self._remember(key, [(sprite, left - column, bottom - row) for sprite, left, bottom in placed])
        return [(sprite, column + left, row + bottom) for sprite, left, bottom in self._cache[key]]

    def _remember(self, key: tuple, sprite: Sprite) -> None:
        if len(self._cache) >= MAX_SPRITES:
            del self._cache[next(iter(self._cache))]
        self._cache[key] = sprite

    def width(self, string: str, renderer: RendererAgg) -> float:
        """How wide ``string`` is set in this text's style, in pixels: for text set by
        character, the sum of its characters' advances (what it is drawn at, and no new
        layout of the string)."""
        if self._by_character:
            return sum(self._advance(character, renderer) for character in string) / 64
        return measure(string, self.get_fontproperties(), renderer.dpi)[0]

    def _advance(self, character: str, renderer: RendererAgg) -> int:
        """How far the pen moves after ``character``, in 1/64 pixels."""
        if character not in self._advances:
            width, _, _ = measure(character, self.get_fontproperties(), renderer.dpi)
            self._advances[character] = round(width * 64)
        return self._advances[character]

    def _placed(self, string: str, x: int, y: int, shift: int, renderer: RendererAgg) -> Sprite:
        """The sprite of ``string`` with its anchor at (x, y) in 1/64 pixels, ``shift``
        from the text's own anchor."""
        # A whole pixel and a sub-pixel part, which decides the glyphs' exact shapes.
        (column, dx), (row, dy) = divmod(x, 64), divmod(y, 64)
        key = (string, to_rgba(self.get_color()), dx, dy)
        if key not in self._cache:
            sprite, left, bottom = self._rasterise(string, shift / 64, renderer)
            self._remember(key, (sprite, left - column, bottom - row))
        sprite, left, bottom = self._cache[key]
        return sprite, column + left, row + bottom

    def _rasterise(self, string: str, shift: float, renderer: RendererAgg) -> Sprite:
        """Draw ``string`` alone, ``shift`` pixels right of the text's anchor, on a
        transparent image just big enough for it."""
        text, placed = self.get_text(), self.get_transform()
        try:
            self.set_text(string)
            self.set_transform(placed + Affine2D().translate(shift, 0))
            # Laid out on a renderer that measures from the shared cache (as the sprite's own does).
            box = self.get_window_extent(_laying_out(renderer.dpi))
            plate = self.get_bbox_patch()
            if plate is not None:
                # The plate is the text's box grown by its pad, in units of the font size.
                box = box.padded(plate.get_boxstyle().pad * renderer.points_to_pixels(self.get_fontsize()))
            left = math.floor(box.x0) - MARGIN_PIXELS
            bottom = math.floor(box.y0) - MARGIN_PIXELS
            width = math.ceil(box.x1) + MARGIN_PIXELS - left
            height = math.ceil(box.y1) + MARGIN_PIXELS - bottom
            scratch = _Scratch(width, height, renderer.dpi)
            # Move by whole pixels only, so every glyph keeps its sub-pixel position.
            self.set_transform(placed + Affine2D().translate(shift - left, -bottom))
            super().draw(scratch)
        finally:
            self.set_text(text)
            self.set_transform(placed)
        # Agg's images are bottom row first.
        sprite = np.ascontiguousarray(np.asarray(scratch.buffer_rgba())[::-1])
        return sprite, left, bottom


class VectorText(Text):
    """Text that only vector renderers draw: a :class:`Line` as one string."""

    def draw(self, renderer) -> None:
        if not isinstance(renderer, RendererAgg):
            super().draw(renderer)


class Line:
    """A line of text set from (string, space after it) pieces.

    Agg draws the pieces side by side, each a cached text, at the widths Agg measures; SVG
    and PDF get the whole line as one text, so their readers set it as one string.
    """

    def __init__(self, pieces: list[CachedText], whole: VectorText) -> None:
        self.pieces, self.whole = pieces, whole

    def set(self, pieces: tuple[tuple[str, str], ...], renderer: RendererAgg, units: float) -> None:
        """Show ``pieces`` (at most as many as the line has); ``units`` pixels make one unit
        of the texts' coordinates."""
        x = self.pieces[0].get_position()[0]
        for i, text in enumerate(self.pieces):
            string, gap = pieces[i] if i < len(pieces) else ("", "")
            text.set_text(string)  # a setter marks the text for redrawing only if it changes
            if text.get_position()[0] != x:
                text.set_x(x)
            if string:
                x += self._width(string + gap, text, renderer) / units
        # Runs of spaces would collapse in SVG: no-break spaces keep the gaps Agg draws.
        whole = "".join(string + gap.replace("  ", "\u00a0\u00a0") for string, gap in pieces)
        if self.whole.get_text() != whole:
            self.whole.set_text(whole)

    def _width(self, string: str, like: Text, renderer: RendererAgg) -> float:
        """Advance width of ``string`` in the style of ``like``, in pixels (measured once)."""
        return measure(string, like.get_fontproperties(), renderer.dpi)[0]
