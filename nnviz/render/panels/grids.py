"""The panel of ``--weight-grids``: each first-hidden-layer neuron's incoming weights as a small
picture, as 3Blue1Brown shows them, beside the moment in words and the loss and accuracy.

Neuron j's grid is column j of the first weight matrix laid out as the input picture (its
pixel (r, c) is the weight from that input pixel), in the weight colours: the positive
weights' green, the negative ones' red, fading to the panel at zero, all grids on one scale
(the largest |w| of the layer in this shot), so a grid's strength compares with its
neighbours'. The neuron most active for the shot's example is ringed in the glow's violet.
The grids are one image drawn with one blit, every weight a whole block of frame pixels.
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib.artist import Artist
from matplotlib.colors import to_rgba
from matplotlib.transforms import Bbox

from ...timeline import Shot
from ..activity import number
from ..design import GRIDS_COMPACT, GRIDS_FULL
from ..run_caption import RunCaption
from .run import RunPanel

GAP_SHARE = 0.12  # the gap between grids, of a grid's side
KEY_LEADING = 0.6  # the key's lines of words, apart by this share of a key row's step


def grid_shape(count: int) -> tuple[int, int]:
    """Rows and columns of grids for ``count`` neurons: as square as can be, wider than tall."""
    columns = math.ceil(math.sqrt(count))
    return math.ceil(count / columns), columns


def weight_colours(W: np.ndarray, positive: np.ndarray, negative: np.ndarray, zero: np.ndarray) -> np.ndarray:
    """RGBA (uint8) of each weight: toward ``positive`` or ``negative`` with |w| over the
    largest |w|, from ``zero``."""
    largest = float(np.max(np.abs(W))) if W.size else 0.0
    t = W / largest if largest > 0 else np.zeros_like(W)
    target = np.where(t[..., None] >= 0, positive, negative)
    rgba = zero + (target - zero) * np.abs(t)[..., None]
    return np.round(rgba * 255).astype(np.uint8)


def _block_means(grids: np.ndarray, block: int) -> np.ndarray:
    """Each grid of ``grids`` (neurons, rows, columns) as the means of its ``block`` × ``block``
    squares (those at the far edges over the weights they have)."""
    if block == 1:
        return grids
    n, tall, wide = grids.shape
    rows, columns = math.ceil(tall / block), math.ceil(wide / block)
    padded = np.full((n, rows * block, columns * block), np.nan)
    padded[:, :tall, :wide] = grids
    return np.nanmean(padded.reshape(n, rows, block, columns, block), axis=(2, 4))


class GridsArtist(Artist):
    """Every grid, as one image in ``box`` (stage units)."""

    def __init__(self, box: tuple[float, float, float, float], picture: tuple[int, int], neurons: int,
                 colours: tuple[np.ndarray, np.ndarray, np.ndarray], ring: np.ndarray, **kwargs) -> None:
        super().__init__()
        self.set(**kwargs)
        self.box, self.picture, self.neurons = box, picture, neurons
        self.colours, self.ring = colours, ring
        self.W = np.zeros((picture[0] * picture[1], neurons))
        self.active: int | None = None

    def set_state(self, W: np.ndarray, active: int | None) -> None:
        if active != self.active or not np.array_equal(W, self.W):
            self.W, self.active = W, active
            self.stale = True

    def _pixels(self) -> tuple[float, float, float, float]:
        (x0, y0), (x1, y1) = self.get_transform().transform([self.box[:2], self.box[2:]])
        return x0, y0, x1, y1

    def layout(self, magnification: float = 1.0) -> tuple[int, int, int, int]:
        """The pixels a square takes (its side), the gap between grids, the side of the whole
        (square) box, all in frame pixels, and the weights a square stands for across: 1, or
        more where even a pixel a weight would not fit (64 grids of 28×28 at 640x360 had
        spilled over the bars and the curves), the square then showing their mean."""
        x0, y0, x1, y1 = self._pixels()
        side = min(x1 - x0, y1 - y0) * magnification
        rows, columns = grid_shape(self.neurons)
        for block in range(1, max(self.picture) + 1):
            tall, wide = (math.ceil(n / block) for n in self.picture)
            scale = max(1, int(side / (max(rows * tall, columns * wide) * (1 + GAP_SHARE))))
            gap = max(2, round(scale * max(tall, wide) * GAP_SHARE))
            across = max(rows * tall * scale + (rows + 1) * gap, columns * wide * scale + (columns + 1) * gap)
            fits = across <= side
            if scale > 1 or fits:  # larger squares fit, as near as the gaps allow
                break
        return scale, gap, int(side), block

    def image(self, magnification: float = 1.0) -> np.ndarray:
        """The grids as RGBA rows, top row first."""
        scale, gap, _, block = self.layout(magnification)
        rows, columns = grid_shape(self.neurons)
        grids = _block_means(self.W.T.reshape(self.neurons, *self.picture), block)
        tall, wide = grids.shape[1:]
        cell_h, cell_w = tall * scale, wide * scale
        height, width = rows * cell_h + (rows - 1) * gap, columns * cell_w + (columns - 1) * gap
        out = np.zeros((height + 2 * gap, width + 2 * gap, 4), dtype=np.uint8)
        rgba = weight_colours(grids, *self.colours)
        ring = max(1, gap // 2)
        for j in range(self.neurons):
            r, c = divmod(j, columns)
            top, left = gap + r * (cell_h + gap), gap + c * (cell_w + gap)
            out[top : top + cell_h, left : left + cell_w] = np.repeat(np.repeat(rgba[j], scale, 0), scale, 1)
            if j == self.active:  # a ring just outside the grid, in the gap
                block = out[top - ring : top + cell_h + ring, left - ring : left + cell_w + ring]
                block[:ring], block[-ring:], block[:, :ring], block[:, -ring:] = (self.ring,) * 4
        return out

    def draw(self, renderer) -> None:
        if not self.get_visible():
            return
        magnification = renderer.get_image_magnification()
        image = self.image(magnification)
        x0, y0, x1, y1 = self._pixels()
        # Centred in the box; on whole pixels for Agg, so every weight is a crisp block.
        left = x0 + (x1 - x0 - image.shape[1] / magnification) / 2
        bottom = y1 - image.shape[0] / magnification
        if magnification == 1:
            left, bottom = math.floor(left), math.floor(bottom)
        gc = renderer.new_gc()
        try:
            renderer.draw_image(gc, left, bottom, np.ascontiguousarray(image[::-1]))
        finally:
            gc.restore()
        self.stale = False

    def get_window_extent(self, renderer=None) -> Bbox:
        return Bbox.from_extents(*self._pixels())


class GridsPanel(RunPanel):
    DESIGNS = {False: GRIDS_FULL, True: GRIDS_COMPACT}

    def _build_picture(self) -> None:
        stage, theme, run, setup = self.stage, self.stage.theme, self.run, self.setup
        ax = stage.ax
        x0, y0, x1, y1 = self._box(run.grids)
        rgb = lambda colour: np.array(to_rgba(colour))  # noqa: E731
        colours = (rgb(theme.positive), rgb(theme.negative), rgb(theme.panel))
        ring = np.round(rgb(theme.glow) * 255).astype(np.uint8)
        self.grids = stage.overlay(ax.add_artist(GridsArtist(
            (x0, y0, x1, y1), setup.dataset.image_shape, setup.sizes[1], colours, ring,
            transform=ax.transData, zorder=1.5)))
        stage.extents[self.grids] = stage.pixels(x0, y0, x1, y1)
        key_x, key_y, step = run.map_key
        words = dict(fontsize=run.tick, color=theme.muted, va="center", zorder=0.5)
        weights, ringed = GRIDS_KEY[stage.layout.compact]
        x = self.x0 + key_x * self.width
        room = self.x0 + self.width - x
        # Lines of one paragraph, closer than the rows of a key (a row's step is for a marker).
        leading = KEY_LEADING * step
        places = [(x, key_y - k * leading) for k in range(len(weights) + len(ringed))]
        if not step:  # a key on one line: the ring's words follow the weights'
            weights = ("  ".join(weights),)
            after = x + stage.width_of(weights[0] + "  ", fontsize=run.tick)
            places = [(x, key_y), *((after, key_y) for _ in ringed)]
            ringed = (" ".join(ringed),)
        for (at_x, at_y), line in zip(places, weights):
            # A line a little too long is set a little smaller ("green +, red −" had been cut
            # to "green +, red…" at 1632x918); cut short only below four fifths of the size.
            sizes = [run.tick * (1 - k / 20) for k in range(5)]
            size = next((z for z in sizes if stage.width_of(line, fontsize=z) <= room), sizes[-1])
            ax.text(at_x, at_y, stage.fit(line, room, fontsize=size), **(words | dict(fontsize=size)))
        # What the ring means is said while a neuron is ringed (a shot of an example).
        self._ringed_key = []
        for (at_x, at_y), line in zip(places[len(weights):], ringed):
            text = stage.text(at_x, at_y, **(words | dict(zorder=1.5)))
            text.set_text(stage.fit(line, self.x0 + self.width - at_x, fontsize=run.tick))
            self._ringed_key.append(text)
        # The ringed neuron's activity ends the ring's words: "most active" is the largest
        # size, and a tanh neuron at −0.96, whose grid is the picture's opposite, had been
        # ringed as if it matched the picture.
        self._ringed_words = (ringed[-1], self.x0 + self.width - places[-1][0], run.tick)
        self._ringed_said: dict[str, str] = {}  # by the activity written: measured once each
        lines = len(weights) + len(ringed) if step else 1
        below = key_y - (lines - 1) * leading - 1.5 * step
        self._key_below = (x, below, step)  # the curves' key goes on down

    def _key_place(self) -> tuple[float, float, float]:
        if self.run.key is None:
            return self._key_below
        return super()._key_place()

    def _show_picture(self, shot: Shot, words: RunCaption) -> None:
        thinking = shot.activations is not None
        active = int(np.argmax(np.abs(shot.brightness()[1]))) if thinking else None
        self.grids.set_state(np.asarray(shot.network.W[0], dtype=float), active)
        for text in self._ringed_key:
            if text.get_visible() != thinking:
                text.set_visible(thinking)
        if active is not None:
            value = number(float(np.asarray(shot.activations[1], dtype=float)[active]))
            if value not in self._ringed_said:
                line, room, size = self._ringed_words
                said = f"{line} ({value})"
                fits = self.stage.width_of(said, fontsize=size) <= room
                self._ringed_said[value] = said if fits else self.stage.fit(line, room, fontsize=size)
            self._ringed_key[-1].set_text(self._ringed_said[value])


# The lines of the weights' key, and those of the ring's (said only while there is one).
GRIDS_KEY = {
    False: (("Weights into", "each neuron:", "green +, red −"), ("ringed: most", "active")),
    True: (("green +, red −",), ("ringed: most active",)),
}
