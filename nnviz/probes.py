"""Probes: pictures that are not from the data, shown to the trained network after its test
examples, to see what it makes of them (3Blue1Brown's "it thinks noise is a 5").

For a network over pictures (``setup.dataset.image_shape``):

1. **random noise**: every pixel's ink uniform from 0 to 1, a picture of nothing; a network
   trained only on its classes still names one, often surely;
2. **a test picture moved and shrunk**: the first closing test picture at 70 % of its size,
   moved towards a corner by a fifth of the frame; what was learnt is where the ink was in
   the training pictures, not the shape;
3. **a scribble** (for networks that can say "I don't know"): a random rounded zigzag; of
   a few seeded scribbles, the one the network is least sure of, so the probe shows what the
   threshold is for. The caption says what it answers, sure or not.

Every random draw comes from ``numpy.random.default_rng([seed, 2])``: the same run gives the
same probes. Pure numpy; nothing here draws a frame.
"""

from __future__ import annotations

import numpy as np

from .data import Dataset
from .network import Network
from .timeline import Case

SHRINK = 0.7  # the moved picture's size, of the original's
SHIFT = 0.2  # how far it moves, of the frame's side
SCRIBBLES = 48  # seeded candidates, the least sure one kept
CORNERS = 4  # of a scribble's zigzag: with more it covers the frame, and looks like ink everywhere


def probe_count(dataset: Dataset | None, unsure: float | None) -> int:
    """How many probes a run over ``dataset`` shows (0: its inputs are not pictures)."""
    if dataset is None or dataset.kind != "image" or dataset.image_shape is None:
        return 0
    return 3 if unsure is not None else 2


def probe_cases(network: Network, dataset: Dataset, moved: np.ndarray, unsure: float | None,
                seed: int) -> list[Case]:
    """The probes, each a Case (``index`` -1: from no data set) with its label and the
    network's output. ``moved``: the picture to move and shrink (a row of pixels)."""
    rows, columns = dataset.image_shape
    rng = np.random.default_rng([seed, 2])
    low, high = _ink_range(dataset)
    pictures = [("random noise", low + (high - low) * rng.random(rows * columns)),
                ("a test picture, moved and shrunk", _moved(np.asarray(moved, dtype=float), rows, columns,
                                                           low))]
    if unsure is not None:
        candidates = np.array([_scribble(rows, columns, rng, low, high) for _ in range(SCRIBBLES)])
        surest = network.output_of(candidates).max(axis=1)
        pictures.append(("a scribble", candidates[int(np.argmin(surest))]))
    unknown = np.full(dataset.n_outputs, np.nan)
    return [Case(None, picture, unknown, network.output_of(picture), None, from_test=False, label=label)
            for label, picture in pictures]


def _ink_range(dataset: Dataset) -> tuple[float, float]:
    """Paper and full ink in the data's own values (0 and 1 for nnviz's pictures)."""
    return float(min(dataset.inputs.min(), 0.0)), float(max(dataset.inputs.max(), 1e-9))


def _moved(picture: np.ndarray, rows: int, columns: int, paper: float) -> np.ndarray:
    """``picture`` shrunk to SHRINK (nearest pixel) and moved down and right by SHIFT."""
    image = picture.reshape(rows, columns)
    small_rows, small_columns = max(1, round(rows * SHRINK)), max(1, round(columns * SHRINK))
    r = np.minimum((np.arange(small_rows) / SHRINK).astype(int), rows - 1)
    c = np.minimum((np.arange(small_columns) / SHRINK).astype(int), columns - 1)
    small = image[np.ix_(r, c)]
    out = np.full((rows, columns), paper)
    top = min(rows - small_rows, round((rows - small_rows) / 2 + SHIFT * rows))
    left = min(columns - small_columns, round((columns - small_columns) / 2 + SHIFT * columns))
    out[top : top + small_rows, left : left + small_columns] = small
    return out.ravel()


def _scribble(rows: int, columns: int, rng: np.random.Generator, paper: float, ink: float) -> np.ndarray:
    """A zigzag through a few random points in the middle of the frame, its corners rounded
    (each point the mean of its neighbours, a few times over), a pen's width wide."""
    corners = rng.uniform(0.2, 0.8, (CORNERS, 2)) * [rows, columns]
    path = np.concatenate([np.linspace(a, b, 8, endpoint=False) for a, b in zip(corners, corners[1:])])
    for _ in range(6):
        path[1:-1] = (path[:-2] + path[1:-1] + path[2:]) / 3
    ys, xs = path[:, 0], path[:, 1]
    pen = max(0.6, 0.05 * max(rows, columns))
    yy, xx = np.mgrid[0:rows, 0:columns] + 0.5
    # Ink where a pixel is within the pen's reach of the stroke's points (dense enough to join).
    t = np.linspace(0, 1, 4)[None, :]
    py = (ys[:-1, None] * (1 - t) + ys[1:, None] * t).ravel()
    px = (xs[:-1, None] * (1 - t) + xs[1:, None] * t).ravel()
    near = np.min(np.hypot(yy[..., None] - py, xx[..., None] - px), axis=-1)
    ink_share = np.clip(pen - near + 0.5, 0.0, 1.0)
    return (paper + (ink - paper) * ink_share).ravel()
