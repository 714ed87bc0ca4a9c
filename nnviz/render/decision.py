"""The decision map: what the network answers at every point of its input plane, as colour.

TensorFlow Playground's idea. The network is evaluated on a grid over the plane (a node
about every 3 pixels) and its outputs are interpolated to the map's pixels, which costs a
few milliseconds a shot for any network. Each pixel takes the colour of the class the
network answers there, the more strongly the surer it is: at a probability of one half (or,
with K classes, 1/K for every class) it is the panel's own colour, so the decision boundary
is where the colour fades out. Colours are the theme's class colours, colour-blind safe.

The map is an image laid exactly on the frame's pixels (:class:`MapImage`), so drawing it is
one image blend, and a vector file embeds it whole.
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib.artist import Artist
from matplotlib.transforms import Affine2D, Bbox

from ..data.extent import Plane
from ..network import Network

MAP_STRENGTH = 0.45  # how far a sure answer's pixel goes from the panel's colour to the class's
CELL_PIXELS = 3  # the network is evaluated about every this many pixels
MOST_CELLS = 160  # per side: a grid of at most 160 x 160 evaluations


def _interpolation(nodes: int, pixels: int) -> np.ndarray:
    """(pixels, nodes): each pixel centre as a linear mix of its two nearest grid nodes (the
    nodes evenly spaced from the first pixel's outer edge to the last's)."""
    where = (np.arange(pixels) + 0.5) / pixels * (nodes - 1)
    left = np.minimum(where.astype(int), nodes - 2)
    weights = np.zeros((pixels, nodes), dtype=np.float32)
    weights[np.arange(pixels), left] = 1 - (where - left)
    weights[np.arange(pixels), left + 1] = where - left
    return weights


class DecisionMap:
    """The map of one plane at one size in pixels, for any network of the recording.

    The network is evaluated on a grid of nodes (one about every CELL_PIXELS pixels, the
    plane's edges included); the pixels between are interpolated bilinearly (two small
    matrix products), and each pixel's colour is looked up from its class and how sure the
    answer is, in 256 steps (the steps of the 8-bit colours themselves).
    """

    def __init__(
        self, plane: Plane, columns: int, rows: int, palette: np.ndarray, neutral: np.ndarray
    ) -> None:
        self.plane, self.columns, self.rows = plane, columns, rows
        across = min(MOST_CELLS, max(2, math.ceil(columns / CELL_PIXELS) + 1))
        down = min(MOST_CELLS, max(2, math.ceil(rows / CELL_PIXELS) + 1))
        x = np.linspace(plane.x[0], plane.x[1], across)
        y = np.linspace(plane.y[1], plane.y[0], down)  # top first
        self._grid = np.stack(np.meshgrid(x, y), axis=-1).reshape(-1, 2)
        self._shape = (down, across)
        self._down, self._across = _interpolation(down, rows), _interpolation(across, columns).T.copy()
        # The colour of every class at every step of sureness, as RGBA bytes.
        steps = (MAP_STRENGTH * np.arange(256) / 255)[None, :, None]
        mixed = neutral[None, None, :] * (1 - steps) + np.asarray(palette)[:, None, :] * steps
        self._colours = np.concatenate([np.round(mixed * 255), np.full((*mixed.shape[:2], 1), 255.0)], axis=2)
        self._colours = self._colours.astype(np.uint8)
        self.colours = self._colours  # (classes, 256, 4): by class and sureness, RGBA bytes

    def answers(self, network: Network) -> np.ndarray:
        """(rows, columns, outputs): the network's outputs at every pixel's centre, top row
        first (interpolated from the grid)."""
        with np.errstate(over="ignore", invalid="ignore"):
            outputs = network.output_of(self._grid).astype(np.float32)
        grid = outputs.reshape(*self._shape, -1)
        return np.stack([self._down @ grid[..., k] @ self._across for k in range(grid.shape[-1])], axis=-1)

    def rgba(self, network: Network) -> np.ndarray:
        """(rows, columns, 4) uint8: each pixel in its answer's colour, as strong as the
        network is sure there."""
        answer, sure = winners(self.answers(network))
        level = np.round(sure * 255).astype(np.intp)
        return self._colours[answer % len(self._colours), level]


def winners(outputs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The class answered at each point and how sure (0 at a tie, 1 when certain): a single
    output is class 1's probability, diverging at one half; several are softmax's."""
    if outputs.shape[-1] == 1:
        p = outputs[..., 0]
        return (p > 0.5).astype(int), np.clip(np.abs(p - 0.5) * 2, 0.0, 1.0)
    k = outputs.shape[-1]
    best = outputs.max(axis=-1)
    return outputs.argmax(axis=-1), np.clip((best - 1 / k) / (1 - 1 / k), 0.0, 1.0)


class MapImage(Artist):
    """An RGBA image covering a box of the stage exactly, pixel for pixel on Agg."""

    def __init__(self, box: tuple[float, float, float, float], **kwargs) -> None:
        super().__init__()
        self.set(**kwargs)
        self._box = box  # left, bottom, right, top in the transform's units
        self._rgba: np.ndarray | None = None

    def pixel_size(self) -> tuple[int, int]:
        """Columns and rows of the image that covers the box on Agg."""
        c0, r0, c1, r1 = self._pixels()
        return c1 - c0, r1 - r0

    def _pixels(self) -> tuple[int, int, int, int]:
        (x0, y0), (x1, y1) = self.get_transform().transform([self._box[:2], self._box[2:]])
        return round(x0), round(y0), round(x1), round(y1)

    def set_rgba(self, rgba: np.ndarray) -> None:
        """The image, top row first, as :meth:`pixel_size` says."""
        self._rgba = rgba
        self.stale = True

    def draw(self, renderer) -> None:
        if not self.get_visible() or self._rgba is None:
            return
        gc = renderer.new_gc()
        try:
            image = np.ascontiguousarray(self._rgba[::-1])  # Agg's images are bottom row first
            if renderer.get_image_magnification() == 1 and not renderer.option_scale_image():
                c0, r0, _, _ = self._pixels()
                renderer.draw_image(gc, c0, r0, image)
            else:  # a vector file: the same image, scaled to the box
                # Vector renderers take the image as a unit square and this as its size.
                (x0, y0), (x1, y1) = self.get_transform().transform([self._box[:2], self._box[2:]])
                renderer.draw_image(gc, x0, y0, image, transform=Affine2D().scale(x1 - x0, y1 - y0))
        finally:
            gc.restore()
        self.stale = False

    def get_window_extent(self, renderer=None) -> Bbox:
        c0, r0, c1, r1 = self._pixels()
        return Bbox.from_extents(c0, r0, c1, r1)
