"""The halo of a firing neuron: a soft disc of light composited as a ready-made image.

The look is that of a stack of alpha-blended discs (the original video drew a dozen circles
of growing radius): where ``n`` of the discs overlap, each of opacity ``α``, the light has
opacity ``1 − (1 − α)ⁿ``. Here ``n`` varies continuously with the distance from the centre, so
the halo falls off smoothly instead of in rings, and the result is computed once per level
of activation as an RGBA image. Drawing it is one image blend per neuron, which Agg does
many times faster than filling a dozen large translucent discs.
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib.artist import Artist
from matplotlib.colors import to_rgb
from matplotlib.transforms import Bbox

DISCS = 12  # how many discs the halo is made of
DISC_OPACITY = 0.055  # opacity of one disc of a fully firing neuron
REACH = 1.6  # a fully firing neuron's halo reaches REACH radii beyond its edge
LEVELS = 128  # activation is quantised to 1/LEVELS: far finer than the eye can tell apart


def halo_opacity(distance: np.ndarray, activation: float) -> np.ndarray:
    """Opacity of the halo at ``distance`` (in neuron radii) from a neuron's centre.

    Disc k of the stack (k/DISCS from 0 to 1) has radius 1 + REACH·(k/DISCS)^1.5·activation,
    and opacity DISC_OPACITY·activation.
    """
    if activation <= 0:
        return np.zeros_like(distance, dtype=float)
    beyond = np.clip((distance - 1.0) / (REACH * activation), 0.0, 1.0)
    discs_covering = DISCS * (1.0 - beyond ** (2 / 3))
    return 1.0 - (1.0 - DISC_OPACITY * activation) ** discs_covering


class Halos(Artist):
    """Halos around neurons at fixed centres; ``set_activations`` says how bright each is."""

    def __init__(self, centres: np.ndarray, radius: float, colour: str, **kwargs) -> None:
        super().__init__()
        self.set(**kwargs)
        self._centres = np.asarray(centres, dtype=float)
        self._radius = radius  # in data units
        self._rgb = np.round(np.asarray(to_rgb(colour)) * 255).astype(np.uint8)
        self._levels = np.zeros(len(self._centres), dtype=int)
        self._sprites: dict[tuple[int, float], np.ndarray] = {}
        self._grid: tuple[float, np.ndarray] | None = None

    def set_activations(self, activations: np.ndarray) -> None:
        levels = np.round(np.clip(activations, 0.0, 1.0) * LEVELS).astype(int)
        if not np.array_equal(levels, self._levels):
            self._levels = levels
            self.stale = True

    def _pixels(self) -> tuple[np.ndarray, float]:
        """Centres in display pixels and the neuron radius in pixels."""
        transform = self.get_transform()
        centres = transform.transform(self._centres)
        edge = transform.transform(self._centres[:1] + [self._radius, 0.0])
        return centres, float(edge[0, 0] - centres[0, 0])

    def _sprite(self, level: int, radius_px: float) -> np.ndarray:
        key = (level, radius_px)
        if key not in self._sprites:
            activation = level / LEVELS
            half = math.ceil(radius_px * (1 + REACH * activation)) + 1
            # Opacity depends on distance only: evaluate it along one radius, in steps of
            # 1/16 pixel, and look it up for every pixel of the square.
            steps = self._steps(radius_px)
            biggest = steps.shape[0] // 2
            steps = steps[biggest - half : biggest + half + 1, biggest - half : biggest + half + 1]
            profile = halo_opacity(np.arange(steps.max() + 1) / (16 * radius_px), activation)
            sprite = np.empty((2 * half + 1, 2 * half + 1, 4), dtype=np.uint8)
            sprite[..., :3] = self._rgb
            sprite[..., 3] = np.round(255 * profile)[steps]
            self._sprites[key] = sprite
        return self._sprites[key]

    def _steps(self, radius_px: float) -> np.ndarray:
        """Distance from the centre pixel, in 1/16 pixels, over the largest halo's square."""
        if self._grid is None or self._grid[0] != radius_px:
            half = math.ceil(radius_px * (1 + REACH)) + 1
            offsets = np.arange(-half, half + 1, dtype=float)
            steps = np.round(16 * np.hypot(offsets[:, None], offsets[None, :])).astype(np.intp)
            self._grid = (radius_px, steps)
        return self._grid[1]

    def draw(self, renderer) -> None:
        if not self.get_visible():
            return
        centres, radius_px = self._pixels()
        # Vector backends (SVG, PDF) place images in points and want them magnified for
        # sharpness; Agg's magnification is 1.
        magnification = renderer.get_image_magnification()
        gc = renderer.new_gc()
        try:
            for (x, y), level in zip(centres, self._levels):
                if level == 0:
                    continue
                sprite = self._sprite(int(level), radius_px * magnification)
                half = sprite.shape[0] // 2
                if magnification == 1:  # whole pixels, so the blit is exact
                    x, y = math.floor(x) - half, math.floor(y) - half
                else:
                    x, y = x - (half + 0.5) / magnification, y - (half + 0.5) / magnification
                # Agg puts the image's first row at the bottom; the sprite is symmetric.
                renderer.draw_image(gc, x, y, sprite)
        finally:
            gc.restore()
        self.stale = False

    def get_window_extent(self, renderer=None) -> Bbox:
        """Everything a halo can cover, at any activation (pixels, from the bottom left)."""
        centres, radius_px = self._pixels()
        reach = radius_px * (1 + REACH) + 2
        return Bbox.from_extents(*(centres.min(axis=0) - reach), *(centres.max(axis=0) + reach))
