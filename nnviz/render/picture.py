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
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.patches import Rectangle

from ..data import Dataset
from ..recording import Setup
from ..timeline import Shot
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


class InputPicture:
    """The example's picture on ``stage`` at the layout's picture box, its drawn pixels marked."""

    def __init__(self, stage: Stage, setup: Setup) -> None:
        lay, theme = stage.layout, stage.theme
        assert lay.picture is not None and setup.dataset is not None and setup.dataset.image_shape
        self.stage = stage
        self.shape = setup.dataset.image_shape
        x0, y0, x1, y1 = lay.picture
        # Pixel corners: the picture's pixels then fall on whole frame pixels.
        (x0, y0), (x1, y1) = stage.on_pixel(x0, y0), stage.on_pixel(x1, y1)
        self.box = (x0, y0, x1, y1)
        ramp = LinearSegmentedColormap.from_list(
            "glow", [theme.neuron_dark, theme.neuron_mid, theme.glow_core])
        ax = stage.ax
        self.image = stage.overlay(ax.imshow(
            np.zeros(self.shape), cmap=ramp, vmin=0.0, vmax=1.0, extent=(x0, x1, y0, y1),
            interpolation="nearest", resample=False, origin="upper", zorder=PICTURE_ZORDER,
            aspect="auto",
        ))
        stage.extents[self.image] = stage.pixels(x0, y0, x1, y1)
        ax.set_xlim(*ax.get_xlim())  # imshow must not move the stage's limits
        rows, columns = self.shape
        step_x, step_y = (x1 - x0) / columns, (y1 - y0) / rows
        frame = Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, edgecolor=theme.neuron_ring, lw=1.2,
                          zorder=PICTURE_ZORDER + 0.1)
        stage.overlay(ax.add_patch(frame))
        # Each drawn input neuron's pixel: a ring around it, and a line to the neuron that runs
        # under the picture (no pixel is hidden) and leaves its edge pointing at its pixel.
        line = dict(color=theme.muted, lw=0.9, alpha=0.55, zorder=PICTURE_ZORDER - 0.05,
                    solid_capstyle="round")
        for pixel, (nx, ny) in zip(lay.shown[0], lay.centres[0]):
            r, c = divmod(int(pixel), columns)
            left, top = x0 + c * step_x, y1 - r * step_y
            mark = Rectangle((left, top - step_y), step_x, step_y, fill=False, edgecolor=theme.text,
                             lw=1.1, zorder=PICTURE_ZORDER + 0.3)
            stage.overlay(ax.add_patch(mark))
            start = (left + step_x, top - step_y / 2)
            stage.overlay(ax.plot([start[0], nx - lay.radius * 1.2], [start[1], ny], **line)[0])

    def show(self, shot: Shot) -> None:
        inputs = shot.brightness()[0]  # as the input neurons glow (a smooth change fades in)
        pixels = np.asarray(inputs, dtype=float).reshape(self.shape)
        if not np.array_equal(pixels, self.image.get_array()):
            self.image.set_data(pixels)
