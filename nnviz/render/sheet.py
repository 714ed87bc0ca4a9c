"""The contact sheet: every shot of the story at a glance, in a labelled grid."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ..style import Theme
from .plain_text import with_plain_text

LABEL_PIXELS = 26  # the strip under each picture that names it
GAP_PIXELS = 8


def thumbnail(rgba: np.ndarray, width: int) -> np.ndarray:
    """Shrink a frame by a whole factor (the mean of each block), to about ``width`` wide."""
    factor = max(1, rgba.shape[1] // width)
    height, width = rgba.shape[0] // factor, rgba.shape[1] // factor
    # Adding the factor² strided views is ten times faster than numpy's mean over blocks.
    total = np.zeros((height, width, 4), dtype=np.uint32)
    for i in range(factor):
        for j in range(factor):
            total += rgba[i : height * factor : factor, j : width * factor : factor]
    return ((total + factor * factor // 2) // (factor * factor)).astype(np.uint8)


@with_plain_text
def contact_sheet(
    pictures: Sequence[np.ndarray | None], labels: Sequence[str], columns: int, theme: Theme
) -> np.ndarray:
    """One RGBA image: the pictures in rows of ``columns``, each named under it (None
    leaves a cell empty)."""
    height, width = next(p for p in pictures if p is not None).shape[:2]
    rows = math.ceil(len(pictures) / columns)
    cell_w, cell_h = width + GAP_PIXELS, height + LABEL_PIXELS + GAP_PIXELS
    sheet_w, sheet_h = columns * cell_w + GAP_PIXELS, rows * cell_h + GAP_PIXELS
    dpi = 100
    figure = Figure(figsize=((sheet_w + 0.01) / dpi, (sheet_h + 0.01) / dpi), dpi=dpi,
                    facecolor=theme.background)
    canvas = FigureCanvasAgg(figure)
    for i, (picture, label) in enumerate(zip(pictures, labels)):
        if picture is None:
            continue
        row, column = divmod(i, columns)
        left = GAP_PIXELS + column * cell_w
        top = GAP_PIXELS + row * cell_h  # from the top
        figure.figimage(picture, xo=left, yo=sheet_h - top - height, origin="upper")
        figure.text((left + width / 2) / sheet_w, (sheet_h - top - height - LABEL_PIXELS / 2) / sheet_h,
                    label, ha="center", va="center", fontsize=10, color=theme.muted)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba()).copy()
