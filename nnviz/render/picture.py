"""The input picture of image data, left of the network: the example's pixels, large and crisp,
with the pixels the drawn input neurons stand for marked and led to their neurons.

A picture of 784 pixels cannot be 784 circles; 3Blue1Brown's column of inputs is the picture
unrolled. nnviz shows both: the picture itself, each of its pixels a whole number of frame
pixels (nearest neighbour, never blurred), and a short column of input neurons, each joined
by a thin line to the pixel it is (the line runs under the picture: no pixel is hidden). A
pixel is coloured as its neuron glows (the same ramp from dark to violet to near white), so
a bright stroke in the picture is a lit neuron.

Which pixels get a neuron (:func:`representative_pixels`): those whose ink varies most across
the training pictures (a pixel always blank says nothing), kept apart from each other so they
cover the picture, in reading order so the lines do not cross more than they must.
"""

from __future__ import annotations

import numpy as np
from matplotlib.artist import Artist
from matplotlib.collections import LineCollection
from matplotlib.colors import LinearSegmentedColormap, to_rgba
from matplotlib.transforms import Bbox

from ..data import Dataset
from ..recording import Setup
from ..timeline import Shot
from .activity import input_range
from .stage import Stage

PICTURE_ZORDER = 1.5  # an overlay (its pixels change), under the marks and the network
REPRESENTATIVE = {False: 8, True: 6}  # input neurons drawn for a picture, full and compact


def representative_pixels(dataset: Dataset, count: int) -> np.ndarray:
    """``count`` pixel indices (row-major) that vary most across the training pictures, each
    at least a fifth of the picture's side from the others where it can be, sorted."""
    rows, columns = dataset.image_shape or (1, dataset.n_inputs)
    inputs = dataset.inputs
    # Variance in chunks of rows: a float64 copy of 60,000 pictures would be 376 MB.
    total = np.zeros(inputs.shape[1])
    squares = np.zeros(inputs.shape[1])
    for start in range(0, len(inputs), 4096):
        chunk = np.asarray(inputs[start : start + 4096], dtype=float)
        total += chunk.sum(axis=0)
        squares += (chunk * chunk).sum(axis=0)
    n = max(len(inputs), 1)
    variance = squares / n - (total / n) ** 2
    order = np.argsort(-variance, kind="stable")
    r, c = np.divmod(np.arange(inputs.shape[1]), columns)
    count = min(count, inputs.shape[1])
    for spacing in (max(rows, columns) / 5, max(rows, columns) / 10, 0.0):
        chosen: list[int] = []
        for pixel in order:
            if all(np.hypot(r[pixel] - r[k], c[pixel] - c[k]) >= spacing for k in chosen):
                chosen.append(int(pixel))
                if len(chosen) == count:
                    return np.sort(np.array(chosen))
    return np.sort(order[:count])  # unreachable: spacing 0 always fills


class PictureArtist(Artist):
    """The picture, its frame and its marked pixels as one image, drawn with one blit.

    An image artist resamples its data for every frame; here each picture pixel is simply
    repeated over its block of frame pixels (the box falls on pixel corners, so this is
    exact), and the frame and the marks are drawn into the same array."""

    def __init__(self, box: tuple[float, float, float, float], shape: tuple[int, int], lut: np.ndarray,
                 frame: np.ndarray, mark: np.ndarray, outline: np.ndarray, marked: list[tuple[int, int]],
                 **kwargs) -> None:
        super().__init__()
        self.set(**kwargs)
        self.box, self.shape, self.lut = box, shape, lut
        self.frame_rgba, self.mark_rgba, self.outline_rgba, self.marked = frame, mark, outline, marked
        self.values = np.zeros(shape)
        self.marking = True

    def set_values(self, values: np.ndarray, marking: bool = True) -> None:
        """The pixels' values, 0 to 1; ``marking``: whether the drawn neurons' pixels are marked."""
        if not np.array_equal(values, self.values) or marking != self.marking:
            self.values, self.marking = values, marking
            self.stale = True

    def _pixels(self) -> tuple[float, float, float, float]:
        (x0, y0), (x1, y1) = self.get_transform().transform([self.box[:2], self.box[2:]])
        return x0, y0, x1, y1

    def image(self, magnification: float = 1.0) -> np.ndarray:
        """The picture as RGBA rows, top row first, each pixel ``scale`` frame pixels wide."""
        rows, columns = self.shape
        x0, _, x1, _ = self._pixels()
        scale = max(1, round((x1 - x0) * magnification / columns))
        levels = np.clip(np.round(self.values * (len(self.lut) - 1)), 0, len(self.lut) - 1).astype(np.intp)
        rgba = np.repeat(np.repeat(self.lut[levels], scale, axis=0), scale, axis=1)
        line = max(1, round(scale / 16))  # the marks' and the frame's width, in frame pixels
        # A ring inside the pixel's own block: no other pixel is touched. Where the block has
        # room, two: the outer in the page's colour, the inner in the text's, so that one of
        # them stands out on paper and on ink alike (a pale ring had vanished on pale ink).
        for r, c in self.marked if self.marking else ():
            block = rgba[r * scale : (r + 1) * scale, c * scale : (c + 1) * scale]
            if scale >= 4 * line + 2:
                block[:line], block[-line:], block[:, :line], block[:, -line:] = (self.outline_rgba,) * 4
                block = block[line:-line, line:-line]
            block[:line], block[-line:], block[:, :line], block[:, -line:] = (self.mark_rgba,) * 4
        rgba[:line], rgba[-line:], rgba[:, :line], rgba[:, -line:] = (self.frame_rgba,) * 4
        return rgba

    def draw(self, renderer) -> None:
        if not self.get_visible():
            return
        magnification = renderer.get_image_magnification()  # 1 for Agg; SVG and PDF want more
        x0, y0, _, _ = self._pixels()
        gc = renderer.new_gc()
        try:
            # Agg wants the bottom row first.
            if magnification == 1:  # whole pixels, so the blit is exact
                x0, y0 = round(x0), round(y0)
            renderer.draw_image(gc, x0, y0, np.ascontiguousarray(self.image(magnification)[::-1]))
        finally:
            gc.restore()
        self.stale = False

    def get_window_extent(self, renderer=None) -> Bbox:
        return Bbox.from_extents(*self._pixels())


class InputPicture:
    """The example's picture on ``stage`` at the layout's picture box, its drawn pixels marked."""

    def __init__(self, stage: Stage, setup: Setup) -> None:
        lay, theme = stage.layout, stage.theme
        assert lay.picture is not None and setup.dataset is not None and setup.dataset.image_shape
        self.stage = stage
        self.shape = setup.dataset.image_shape
        # Pixels are drawn from paper (0) to ink (1), or over the data's own range where it
        # is wider: standardised pixels (PyTorch's Normalize) or bytes of 0 to 255 had been
        # clipped into a picture of two levels.
        low, high = input_range(setup.dataset) if setup.dataset.n_examples else (0.0, 1.0)
        self.paper_to_ink = (min(low, 0.0), max(high, 1.0))
        x0, y0, x1, y1 = lay.picture
        # Pixel corners: the picture's pixels then fall on whole frame pixels.
        (x0, y0), (x1, y1) = stage.on_pixel(x0, y0), stage.on_pixel(x1, y1)
        self.box = (x0, y0, x1, y1)
        stops = [theme.neuron_dark, theme.neuron_mid, theme.glow_core]  # as a neuron glows
        ramp = LinearSegmentedColormap.from_list("glow", stops)
        lut = np.round(ramp(np.linspace(0.0, 1.0, 256)) * 255).astype(np.uint8)
        rows, columns = self.shape
        marked = [divmod(int(pixel), columns) for pixel in lay.shown[0]]
        ax = stage.ax
        self.picture = stage.overlay(ax.add_artist(PictureArtist(
            self.box, self.shape, lut, _rgba(theme.neuron_ring), _rgba(theme.text), _rgba(theme.background),
            marked,
            transform=ax.transData, zorder=PICTURE_ZORDER,
        )))
        stage.extents[self.picture] = stage.pixels(x0, y0, x1, y1)
        leaders = leader_lines(self.box, self.shape, lay)
        self.leaders = stage.overlay(ax.add_collection(LineCollection(
            leaders, colors=theme.muted, linewidths=0.9, alpha=0.55, zorder=PICTURE_ZORDER - 0.05)))
        ends = np.reshape(leaders, (-1, 2))
        stage.extents[self.leaders] = stage.pixels(*(ends.min(axis=0) - 0.01), *(ends.max(axis=0) + 0.01))
        # A shot of the weights alone (before and after training) has no picture: the empty
        # frame says so, or it reads as a picture that failed to draw.
        size = stage.design.layer
        said = "no example"  # on two lines where the picture is too small for one
        if stage.width_of(said, fontsize=size) > 0.85 * (x1 - x0):
            said = "no\nexample"
        self.none = stage.text((x0 + x1) / 2, (y0 + y1) / 2, ha="center", va="center", fontsize=size,
                               color=theme.muted, zorder=PICTURE_ZORDER + 0.1, multialignment="center")
        self.none.set_text(said)

    def show(self, shot: Shot) -> None:
        inputs = np.asarray(shot.brightness()[0], dtype=float)  # as they glow (a change fades in)
        empty = shot.activations is None
        paper, ink = self.paper_to_ink
        self.picture.set_values(((inputs - paper) / (ink - paper)).reshape(self.shape), marking=not empty)
        if self.none.get_visible() != empty:
            self.none.set_visible(empty)


def leader_lines(box: tuple[float, float, float, float], shape: tuple[int, int], lay) -> np.ndarray:
    """(inputs, 2, 2): each drawn input neuron's line from its pixel in the picture at ``box``
    to the neuron. It runs under the picture (no pixel is hidden) and leaves the picture's
    edge pointing at its pixel."""
    x0, y0, x1, y1 = box
    rows, columns = shape
    step_x, step_y = (x1 - x0) / columns, (y1 - y0) / rows
    marked = [divmod(int(pixel), columns) for pixel in lay.shown[0]]
    return np.array([((x0 + (c + 1) * step_x, y1 - (r + 0.5) * step_y), (nx - lay.radius * 1.2, ny))
                     for (r, c), (nx, ny) in zip(marked, lay.centres[0])], dtype=float).reshape(-1, 2, 2)


def first_crossing(lines: np.ndarray, low: float, high: float) -> float:
    """The leftmost x at which any of ``lines`` passes between heights ``low`` and ``high``
    (inf if none does)."""
    (ax, ay), (bx, by) = lines[:, 0].T, lines[:, 1].T
    ends = []
    for y in (low, high):
        along = (y - ay) / np.where(by == ay, np.nan, by - ay)
        inside = (along >= 0) & (along <= 1)
        ends.append(np.where(inside, ax + along * (bx - ax), np.inf))
    # A line that starts inside the band crosses it from its start.
    starts = np.where((ay >= low) & (ay <= high), ax, np.inf)
    return float(np.min(np.concatenate([*ends, starts, [np.inf]])))


def _rgba(colour: str) -> np.ndarray:
    return np.round(np.array(to_rgba(colour)) * 255).astype(np.uint8)
