"""``--neuron-maps``: TensorFlow Playground's view of the hidden layers. Each drawn hidden neuron
becomes a small square picture of what it computes over the input plane: its activation at
every point of the plane the decision map shows, x1 to the right and x2 up.

The colours are the decision map's class colours, so a neuron's picture reads like the map:
the first class's colour where the neuron is low, the second's where it is high, the panel's
own colour in the middle of its range (tanh: −1 to 1 around 0; sigmoid: 0 to 1 around one
half; ReLU: from 0, which is the middle, up to its largest value on the plane). Every
neuron's picture is its own forward pass on a grid of points, redone each shot, so it
changes as the network learns. The pictures are drawn with one blit each, on whole pixels.
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib.artist import Artist
from matplotlib.colors import to_rgb
from matplotlib.transforms import Bbox

from ..data.extent import plane_of
from ..network import Network
from ..recording import Setup
from ..timeline import Shot
from .stage import Stage

SIDE_RADII = 3.2  # a neuron's picture is this many of its radii wide
CELLS = 24  # points of the plane a side: a 24 x 24 grid, each a block of the picture
STRENGTH = 0.85  # how far a full activation goes from the panel's colour to the class's
RING = 1.5  # the ring around each picture, in pixels: the neuron's glow, as its circle had


def hidden_scale(hidden: str, a: np.ndarray) -> np.ndarray:
    """Activations as -1 (low) to 1 (high) around the middle of the activation's range."""
    if hidden == "tanh":
        return np.clip(a, -1, 1)
    if hidden == "sigmoid":
        return np.clip(2 * a - 1, -1, 1)
    largest = max(float(np.max(a)), 1e-12)  # ReLU: 0 is nothing, the largest on the plane is full
    return np.clip(a / largest, 0, 1)


class NeuronMaps(Artist):
    """A square picture over each drawn hidden neuron of ``layout``."""

    def __init__(self, stage: Stage, setup: Setup) -> None:
        super().__init__()
        lay, theme = stage.layout, stage.theme
        self.set_transform(stage.ax.transData)
        self.set_zorder(4.5)  # over the neurons' cores, under their numbers
        self.setup, self.layout = setup, lay
        plane = plane_of(setup.dataset)
        xs = np.linspace(plane.x[0], plane.x[1], CELLS)
        ys = np.linspace(plane.y[1], plane.y[0], CELLS)  # top row first: x2 up
        self.points = np.column_stack([np.tile(xs, CELLS), np.repeat(ys, CELLS)])
        self.layers = [i for i, layer in enumerate(lay.layers) if 0 < layer < len(setup.sizes) - 1]
        self.low, self.high = (np.array(to_rgb(c)) for c in theme.classes[:2])
        self.middle = np.array(to_rgb(theme.panel))
        # A ReLU neuron's map runs from nothing (the panel's colour) to high, never low: its key
        # says so (hidden_scale's last case).
        self.from_zero = setup.hidden not in ("tanh", "sigmoid")
        self.ring = np.array(to_rgb(theme.glow))
        self.idle_ring = np.array(to_rgb(theme.neuron_ring))
        self.network: Network | None = None
        self.glow: list[np.ndarray] = []
        self._maps: list[np.ndarray] = []

    def set_shot(self, shot: Shot, glow: list[np.ndarray]) -> None:
        """The shot's network (its maps) and each drawn hidden layer's glow (their rings).
        A picture of step mode maps the network its decision map does (the weights before
        the step until they have all moved), not each picture's part-moved weights."""
        network = shot.map_network if shot.step is not None and shot.map_network is not None else shot.network
        if network is not self.network:  # a forward pass over the whole grid: only for new weights
            self.network = network
            self._maps = self.values(network)
            self.stale = True
        if any(not np.array_equal(a, b) for a, b in zip(glow, self.glow)) or len(glow) != len(self.glow):
            self.glow = glow
            self.stale = True

    def values(self, network: Network) -> list[np.ndarray]:
        """Per drawn hidden layer, each drawn neuron's activation at every grid point, as
        (neurons, CELLS, CELLS), top row first."""
        activations = network.forward(self.points)
        out = []
        for i in self.layers:
            layer, shown = self.layout.layers[i], self.layout.shown[i]
            out.append(activations[layer][:, shown].T.reshape(len(shown), CELLS, CELLS))
        return out

    def side(self) -> int:
        """A picture's side in frame pixels: a whole number of pixels per cell."""
        radius = self.layout.radius * self.layout.stage_pixels
        return max(CELLS, int(SIDE_RADII * radius) // CELLS * CELLS)

    def picture(self, values: np.ndarray, glow: float, side: int) -> np.ndarray:
        """One neuron's picture as RGBA bytes, top row first, with its ring."""
        t = hidden_scale(self.setup.hidden, values)
        target = np.where(t[..., None] >= 0, self.high, self.low)
        rgb = self.middle + (target - self.middle) * (STRENGTH * np.abs(t))[..., None]
        scale = side // CELLS
        rgb = np.repeat(np.repeat(rgb, scale, 0), scale, 1)
        ring = max(1, round(RING))
        colour = self.idle_ring + (self.ring - self.idle_ring) * float(np.clip(glow, 0, 1))
        rgb[:ring], rgb[-ring:], rgb[:, :ring], rgb[:, -ring:] = (colour,) * 4
        rgba = np.concatenate([rgb, np.ones(rgb.shape[:2] + (1,))], axis=2)
        return np.round(rgba * 255).astype(np.uint8)

    def draw(self, renderer) -> None:
        if not self.get_visible() or self.network is None:
            return
        magnification = renderer.get_image_magnification()
        side = self.side()
        gc = renderer.new_gc()
        try:
            for maps, glow, i in zip(self._maps, self.glow, self.layers):
                centres = self.get_transform().transform(self.layout.centres[i])
                for values, level, (x, y) in zip(maps, glow, centres):
                    image = self.picture(values, level, int(side * magnification))
                    half = image.shape[0] / magnification / 2
                    left, bottom = x - half, y - half
                    if magnification == 1:
                        left, bottom = math.floor(left), math.floor(bottom)
                    renderer.draw_image(gc, left, bottom, np.ascontiguousarray(image[::-1]))
        finally:
            gc.restore()
        self.stale = False

    def get_window_extent(self, renderer=None) -> Bbox:
        centres = np.vstack([self.layout.centres[i] for i in self.layers])
        pixels = self.get_transform().transform(centres)
        half = self.side() / 2 + 2
        return Bbox.from_extents(*(pixels.min(axis=0) - half), *(pixels.max(axis=0) + half))
