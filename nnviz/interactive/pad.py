"""The drawing pad of ``nnviz draw``, as numbers: ink from 0 (paper) to 1, laid down by a soft
brush, and the input vector the network reads from it.

- The brush's footprint is a Gaussian of the distance from the pen's path (a segment from the
  last mouse position to this one, so a fast stroke has no gaps), evaluated at each pixel's
  centre: antialiased, at any sub-pixel position. It is *added* to the ink, and the ink is
  capped at 1, as a pen over paper: its peak (1.6) saturates a core about two pixels wide
  with soft edges beyond, the look of MNIST's strokes (20×20 pixels of antialiased ink in a
  28×28 frame).
- The pad has the input's resolution times ``factor``. For 28×28 inputs (MNIST, the shapes)
  the factor is 1: the pad is the input. For scikit-learn's 8×8 digits it is 4: those were
  made from 32×32 bitmaps by counting the ink in each 4×4 block, so the pad is 32×32 and the
  input is its 4×4 block means, exactly how the data was made.
"""

from __future__ import annotations

import numpy as np

PEAK = 1.6  # the footprint's height at the pen; ink is capped at 1, so the core saturates
SIGMA = {1: 1.0, 4: 1.15}
FAINTEST = (
    1 / 255
)  # less ink than MNIST's faintest pixel is none  # the footprint's width (pad pixels), by factor


class Pad:
    """Ink on a pad of ``image_shape`` × ``factor`` pixels (rows, columns; row 0 at the top)."""

    def __init__(
        self,
        image_shape: tuple[int, int],
        factor: int | None = None,
        sigma: float | None = None,
        peak: float = PEAK,
    ) -> None:
        rows, cols = image_shape
        self.image_shape = (int(rows), int(cols))
        self.factor = factor if factor is not None else (4 if max(rows, cols) <= 16 else 1)
        self.shape = (rows * self.factor, cols * self.factor)
        self.sigma = sigma if sigma is not None else SIGMA.get(self.factor, 1.0 * self.factor**0.5)
        self.peak = peak
        self.ink = np.zeros(self.shape)
        ys, xs = np.mgrid[0 : self.shape[0], 0 : self.shape[1]]
        self._centres = (xs + 0.5, ys + 0.5)  # pixel centres: x right, y down, in pixel units
        self.last: tuple[float, float] | None = None

    def footprint(self, x0: float, y0: float, x1: float | None = None, y1: float | None = None) -> np.ndarray:
        """The brush's Gaussian over the pad for a dab at (x0, y0), or a stroke from there to (x1, y1)."""
        px, py = self._centres
        if x1 is None or (x1 == x0 and y1 == y0):
            d2 = (px - x0) ** 2 + (py - y0) ** 2
        else:
            dx, dy = x1 - x0, y1 - y0
            t = np.clip(((px - x0) * dx + (py - y0) * dy) / (dx * dx + dy * dy), 0.0, 1.0)
            d2 = (px - (x0 + t * dx)) ** 2 + (py - (y0 + t * dy)) ** 2
        ink = self.peak * np.exp(-d2 / (2 * self.sigma**2))
        ink[ink < FAINTEST] = 0.0  # the brush has an edge: no ink a byte could not hold
        return ink

    def press(self, x: float, y: float, erase: bool = False) -> None:
        """The pen touches the pad at (x, y) (pad pixels: x to the right, y down)."""
        self._apply(self.footprint(x, y), erase)
        self.last = (x, y)

    def move(self, x: float, y: float, erase: bool = False) -> None:
        """The pen moves to (x, y) while down: ink along the way from where it was."""
        if self.last is None:
            self.press(x, y, erase)
            return
        x0, y0 = self.last
        # The segment's own footprint, less the dab at its start that the last move laid.
        self._apply(self.footprint(x0, y0, x, y) * _fresh(self, x0, y0, x, y), erase)
        self.last = (x, y)

    def release(self) -> None:
        self.last = None

    def _apply(self, amount: np.ndarray, erase: bool) -> None:
        if erase:
            np.subtract(self.ink, amount, out=self.ink)
            np.maximum(self.ink, 0.0, out=self.ink)
        else:
            np.add(self.ink, amount, out=self.ink)
            np.minimum(self.ink, 1.0, out=self.ink)

    def clear(self) -> None:
        self.ink[:] = 0.0
        self.last = None

    def load(self, picture: np.ndarray) -> None:
        """Put a picture of the input's shape (0 to 1) on the pad."""
        picture = np.asarray(picture, dtype=float).reshape(self.image_shape)
        self.ink = np.clip(np.kron(picture, np.ones((self.factor, self.factor))), 0.0, 1.0)
        self.last = None

    def inputs(self, dtype=np.float32) -> np.ndarray:
        """The network's input: the ink averaged over each factor × factor block, row by row."""
        rows, cols = self.image_shape
        f = self.factor
        blocks = self.ink.reshape(rows, f, cols, f).mean(axis=(1, 3)) if f > 1 else self.ink
        return blocks.astype(dtype).ravel()


def _fresh(pad: Pad, x0: float, y0: float, x1: float, y1: float) -> np.ndarray | float:
    """Where a segment's footprint is new ink: ahead of its start. The round cap behind the
    start is the dab the previous segment (or the press) ended with; laying it again would
    darken every joint of a stroke."""
    if (x1 - x0) ** 2 + (y1 - y0) ** 2 < 1e-12:
        return 0.0
    px, py = pad._centres
    return (((px - x0) * (x1 - x0) + (py - y0) * (y1 - y0)) > 0).astype(float)
