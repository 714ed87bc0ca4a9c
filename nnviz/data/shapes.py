"""Hand-drawn circles, squares and triangles as greyscale pictures, made up from a seed.

Each picture is one pen stroke, drawn the way a person draws the shape without lifting the
pen, on ``pixels`` × ``pixels`` paper:

- circles are slightly irregular ellipses (axes 80 to 100 % of each other) whose radius wobbles
  with a few low harmonics and drifts a little from start to end, so the ends rarely meet;
- squares (sides 80 to 100 % of each other) and triangles (roughly equilateral) have jittered
  corners and edges that bow a little outwards or inwards;
- every stroke wobbles slowly, starts anywhere on the outline (squares and triangles at a
  corner) and ends a little short of its start (a gap) or runs past it (an overlap);
- each drawing is turned by a random angle, its larger extent is 45 to 85 % of the frame, and
  it is centred in the frame (as MNIST centres its digits), then moved by up to 4 % of the
  frame in x and in y, with all of its ink inside;
- the pen is 1.2 to 3 px wide at 28 px (scaled with ``pixels``, never below 1 px) and varies
  by up to a sixth along the stroke.

The stroke is rasterised with anti-aliasing: a pixel's ink is how far its centre lies inside
the stroke's edge, over a soft edge 1 px wide, so ink runs from 0 (paper) to 1 (full ink).
Rows are stored top row first, as MNIST does: ``inputs[k].reshape(pixels, pixels)`` is the
picture as ``imshow`` shows it. The three classes are equally many (the first classes take
one more when ``samples`` is not a multiple of three).
"""

from __future__ import annotations

import numpy as np

from ..checks import MAX_SEED
from .dataset import Dataset
from .errors import within
from .split import MAX_TEST_FRACTION, MIN_TEST_FRACTION, split

CLASSES = ("circle", "square", "triangle")
DEFAULT_SAMPLES = 3000  # 1,000 of each shape: 16-16 neurons with dropout learn them to 93-98 % in seconds
DEFAULT_TEST_FRACTION = 0.25  # 750 test pictures: an accuracy to about ±1 %; 2,250 to learn from
DEFAULT_PIXELS = 28  # MNIST's size, so shapes and digits networks look alike
# Below 8 px a triangle and a square are a few blurred pixels each, no longer shapes. Above
# 64 px (4,096 inputs) the pictures are more detailed than a video's network needs, and
# training and drawing slow down with the square of the size.
MIN_PIXELS, MAX_PIXELS = 8, 64
# Fewer than 30 pictures leave a few of each shape to learn from and fewer to test on. 20,000
# are more than a small network needs (at 64 px, 330 MB of inputs, drawn in about 20 s).
MIN_SAMPLES, MAX_SAMPLES = 30, 20_000

SIZE = (0.45, 0.85)  # the drawing's larger extent, as a share of the frame
# Drawings are centred in the frame, as MNIST centres its digits, then moved by up to this
# share of the frame in x and in y (about ±1 px at 28 px). A network of 16-16 hidden neurons
# sees pixels, not shapes, and every pixel of shift is a new picture to it: with drawings
# anywhere in the frame even 6,000 of them teach it only about 90 %, and a shift of ±8 %
# instead of ±4 % costs it 5 to 10 points of test accuracy.
SHIFT = 0.04
PEN = (1.2, 3.0)  # the pen's width in pixels at REFERENCE_PIXELS: a fine liner to a marker
REFERENCE_PIXELS = 28
MIN_PEN = 1.0  # px: a thinner stroke would be a grey smear rather than a line
PEN_VARIATION = 0.16  # the width changes by up to this share along one stroke (pressure)
# How a stroke ends, short of its start (a gap, below 0) or past it (an overlap): a circle's
# as a share of the turn, a square's or triangle's as a share of an edge. People overshoot
# more often than they leave a gap; a polygon's overlap runs straight on past the corner.
CIRCLE_ENDS = (-0.06, 0.12)
CORNER_ENDS = (-0.15, 0.25)
DRIFT = 0.07  # an overlap does not retrace the start: the pen drifts by up to this share of the size
WOBBLE = 0.012  # slow wobble of the hand along the stroke, as a share of the size
CIRCLE_ASPECT = (0.8, 1.0)  # shorter axis over longer one: a drawn circle is rarely round
CIRCLE_HARMONICS = 0.035  # radius wobble of the 2nd and 3rd harmonics, as a share of the radius
SQUARE_ASPECT = (0.8, 1.0)  # shorter side over longer one: still a square, not a long rectangle
TRIANGLE_ASPECT = (0.85, 1.15)  # height over an equilateral triangle's height
CORNER_JITTER = 0.06  # corners move by this much (standard deviation; corners lie 1 from the centre)
BOW = 0.06  # edges bow out or in by up to this share of their length at their middle
SEGMENTS_PER_PIXEL = 1.6  # segments of a stroke per pixel of frame: each 1 to 2 px long
MIN_POINTS = 24  # segments even on the smallest frames, so that a circle stays round
EDGE_CLEARANCE = 0.1  # px left between the ink and the frame's edge
SOFT_EDGE = 1.0  # px over which ink fades from full to none at the stroke's edge
CHUNK = 250  # pictures rasterised at once: fast, and under 100 MB of windows at 64 px


def shapes(
    samples: int = DEFAULT_SAMPLES,
    pixels: int = DEFAULT_PIXELS,
    test_fraction: float = DEFAULT_TEST_FRACTION,
    seed: int = 0,
) -> Dataset:
    """Hand-drawn circles, squares and triangles, split into training and test pictures.

    - ``samples``: training and test pictures together, 30 to 20,000 (3,000): a third of each
      shape.
    - ``pixels``: the pictures' width and height, 8 to 64 (28, as MNIST's).
    - ``test_fraction``: the share of each shape kept for testing, 0.1 to 0.9 (0.25).
    - ``seed``: 0 to 2⁶³ − 1; every random choice (each drawing, the split, the order) comes
      from ``numpy.random.default_rng(seed)``, so the same options give the same arrays.

    Inputs are ``pixels²`` ink values from 0 (paper) to 1 (full ink) in single precision, one
    picture a row, top row first; targets are one-hot over ``("circle", "square", "triangle")``.
    """
    within("the number of samples", samples, MIN_SAMPLES, MAX_SAMPLES, whole=True)
    within("the picture size", pixels, MIN_PIXELS, MAX_PIXELS, " (pixels)", whole=True)
    within("the seed", seed, 0, MAX_SEED, whole=True)
    within("the test fraction", test_fraction, MIN_TEST_FRACTION, MAX_TEST_FRACTION)  # before drawing
    rng = np.random.default_rng(seed)
    labels = np.arange(samples) % len(CLASSES)
    images = draw(labels, pixels, rng)
    source = f"the hand-drawn shapes ({samples} samples)"
    train, test = split(labels, test_fraction, rng, names=CLASSES, source=source, remedy="use more samples")
    targets = np.eye(len(CLASSES), dtype=np.float32)[labels]
    return Dataset(
        "shapes",
        images[train],
        targets[train],
        kind="image",
        test_inputs=images[test],
        test_targets=targets[test],
        classes=CLASSES,
        input_names=None,
        image_shape=(pixels, pixels),
        about=(f"{samples:,} hand-drawn shapes of {pixels}×{pixels} pixels, a third each of circles, "
               f"squares and triangles (seed {seed})"),
    )


def draw(labels: np.ndarray, pixels: int, rng: np.random.Generator) -> np.ndarray:
    """One picture per label (0 circle, 1 square, 2 triangle): float32 rows of ``pixels²`` ink
    values, top row first."""
    labels = np.asarray(labels, dtype=int)
    n = len(labels)
    points = max(MIN_POINTS, int(round(SEGMENTS_PER_PIXEL * pixels))) + 1
    s = np.repeat(np.linspace(0.0, 1.0, points)[None, :], n, axis=0)  # from the stroke's start to its end
    ends = rng.random(n)  # where each stroke ends: 0 the largest gap, 1 the longest overlap
    outline = np.empty((n, points, 2))
    for number, make in enumerate((_circle, _square, _triangle)):
        rows = np.flatnonzero(labels == number)
        outline[rows] = make(s[rows], ends[rows], rng)
    outline += _hand(s, rng)
    angle = rng.uniform(0.0, 2 * np.pi, n)
    cos, sin = np.cos(angle)[:, None], np.sin(angle)[:, None]
    x, y = outline[..., 0], outline[..., 1]
    stroke = np.stack([cos * x - sin * y, sin * x + cos * y], axis=-1)

    pen = np.maximum(rng.uniform(*PEN, n) * pixels / REFERENCE_PIXELS, MIN_PEN)
    pressure = 1.0 + PEN_VARIATION * np.sin(
        2 * np.pi * rng.uniform(0.5, 2.0, n)[:, None] * s + rng.uniform(0, 2 * np.pi, n)[:, None])
    width = pen[:, None] * pressure  # at each point of the stroke
    # Scale each drawing so that its larger extent is its size, leaving room for the pen's
    # half-width and soft edge on either side; centre it, then move it a little.
    low, high = stroke.min(axis=1), stroke.max(axis=1)
    extent = (high - low).max(axis=1)
    margin = width.max(axis=1) + SOFT_EDGE + 2 * EDGE_CLEARANCE
    size = np.minimum(rng.uniform(*SIZE, n) * pixels, pixels - margin)
    factor = (size / extent)[:, None]
    room = pixels - margin[:, None] - (high - low) * factor
    shift = np.minimum(SHIFT * pixels, room / 2) * rng.uniform(-1.0, 1.0, (n, 2))
    corner = (margin[:, None] + room) / 2 + shift
    stroke = (stroke - low[:, None, :]) * factor[..., None] + corner[:, None, :]
    return rasterise(stroke, width, pixels)


def _between(low_high: tuple[float, float], share: np.ndarray) -> np.ndarray:
    low, high = low_high
    return low + (high - low) * share


def _circle(s: np.ndarray, ends: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Ellipses about the origin, radius about 1, whose radius wobbles and drifts."""
    n = len(s)
    t = s * (1.0 + _between(CIRCLE_ENDS, ends))[:, None]  # turns drawn
    theta = 2 * np.pi * t + rng.uniform(0, 2 * np.pi, n)[:, None]
    radius = 1.0 + rng.uniform(-DRIFT, DRIFT, n)[:, None] * t
    for harmonic in (2, 3):
        amplitude = rng.uniform(0, CIRCLE_HARMONICS, n)[:, None]
        radius += amplitude * np.cos(harmonic * theta + rng.uniform(0, 2 * np.pi, n)[:, None])
    aspect = rng.uniform(*CIRCLE_ASPECT, n)[:, None]
    return np.stack([radius * np.cos(theta), aspect * radius * np.sin(theta)], axis=-1)


def _square(s: np.ndarray, ends: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    corners = np.repeat(np.array([[[-1.0, -1.0], [1.0, -1.0], [1.0, 1.0], [-1.0, 1.0]]]), len(s), axis=0)
    corners[..., 1] *= rng.uniform(*SQUARE_ASPECT, len(s))[:, None]
    return _polygon(corners, s, ends, rng)


def _triangle(s: np.ndarray, ends: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    angles = np.pi / 2 + np.array([0.0, 2 * np.pi / 3, 4 * np.pi / 3])
    corners = np.repeat(np.stack([np.cos(angles), np.sin(angles)], axis=-1)[None], len(s), axis=0)
    corners[..., 1] *= rng.uniform(*TRIANGLE_ASPECT, len(s))[:, None]
    return _polygon(corners, s, ends, rng)


def _polygon(corners: np.ndarray, s: np.ndarray, ends: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Strokes round ``corners`` (n, k, 2, about 1 from the origin) from corner 0, with
    jittered corners and bowed edges. An overlap runs on straight past corner 0, as a pen
    does that does not turn there; a gap stops the last edge short of it."""
    n, k = corners.shape[:2]
    corners = corners + rng.normal(0.0, CORNER_JITTER, (n, k, 2))
    bow = rng.uniform(-BOW, BOW, (n, k))
    drift = rng.uniform(-DRIFT, DRIFT, (n, 2))
    position = s * (k + _between(CORNER_ENDS, ends))[:, None]  # edges drawn
    edge = np.minimum(np.floor(position).astype(int), k - 1)
    u = position - edge  # along the edge: beyond 1 on the last edge is the overlap
    rows = np.arange(n)[:, None]
    start, end = corners[rows, edge], corners[rows, (edge + 1) % k]
    along = end - start
    normal = np.stack([-along[..., 1], along[..., 0]], axis=-1)  # as long as the edge
    bent = bow[rows, edge] * np.sin(np.pi * np.clip(u, 0.0, 1.0))
    return start + u[..., None] * along + bent[..., None] * normal + drift[:, None, :] * s[..., None]


def _hand(s: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A slow wobble of the hand: two sinusoids per axis, 1.5 to 5 waves along the stroke."""
    n = len(s)
    wobble = np.zeros((*s.shape, 2))
    for _ in range(2):
        frequency = rng.uniform(1.5, 5.0, (n, 1, 2))
        phase = rng.uniform(0, 2 * np.pi, (n, 1, 2))
        amplitude = rng.uniform(0, WOBBLE, (n, 1, 2))
        wobble += amplitude * np.sin(2 * np.pi * frequency * s[..., None] + phase)
    return wobble


def rasterise(stroke: np.ndarray, width: np.ndarray, pixels: int) -> np.ndarray:
    """Anti-aliased pictures of polylines: ``stroke`` (n, points, 2) in pixels, x to the
    right and y down from the frame's top left corner, drawn with a pen ``width`` (n, points)
    wide. Float32 rows of ``pixels²`` ink values, top row first.

    A pixel's ink is ``half-width − distance + 1/2`` (clipped to 0..1) for the distance from
    its centre to the nearest segment, so ink fades out over a pixel at the stroke's edge.
    Each segment is measured only against the square window of pixels its ink can reach, the
    same size for every segment, and each pixel keeps its largest ink (``numpy.maximum.at``):
    a few whole-array operations per chunk of pictures, whatever the frame's size.
    """
    n = len(stroke)
    out = np.zeros((n, pixels * pixels), dtype=np.float32)
    if n == 0:
        return out
    stroke = stroke.astype(np.float32)
    a = stroke[:, :-1]  # segments start at a
    d = stroke[:, 1:] - a  # and run along d: (n, segments, 2)
    half = (0.25 * (width[:, 1:] + width[:, :-1])).astype(np.float32)  # each segment's half-width
    reach = half + 0.5 * SOFT_EDGE  # ink reaches this far from a segment
    corner = np.floor(np.minimum(a, a + d) - reach[..., None]).astype(np.int64)  # window's top left x, y
    span = int(np.ceil((np.abs(d) + 2 * reach[..., None]).max())) + 1  # the windows' width
    steps = np.arange(span)
    for first in range(0, n, CHUNK):
        rows = slice(first, first + CHUNK)
        x = corner[rows, :, 0, None] + steps  # the window's columns and rows: (chunk, segments, span)
        y = corner[rows, :, 1, None] + steps
        # From the segment's start to each pixel's centre: columns along the last axis, rows
        # along the one before.
        rx = (x + 0.5 - a[rows, :, 0, None]).astype(np.float32)[..., None, :]
        ry = (y + 0.5 - a[rows, :, 1, None]).astype(np.float32)[..., :, None]
        dx, dy = d[rows, :, 0, None, None], d[rows, :, 1, None, None]
        along = np.clip((rx * dx + ry * dy) / np.maximum(dx * dx + dy * dy, 1e-12), 0.0, 1.0)
        ex, ey = rx - along * dx, ry - along * dy
        ink = np.clip((half[rows, :, None, None] - np.sqrt(ex * ex + ey * ey)) / SOFT_EDGE + 0.5, 0.0, 1.0)
        column, row = x[..., None, :], y[..., :, None]
        inside = (column >= 0) & (column < pixels) & (row >= 0) & (row < pixels)
        picture = np.arange(len(x))[:, None, None, None]
        index = (picture * pixels + row) * pixels + column
        chunk = out[rows].reshape(-1)
        np.maximum.at(chunk, index[inside], ink[inside])
        out[rows] = chunk.reshape(-1, pixels * pixels)
    return out
