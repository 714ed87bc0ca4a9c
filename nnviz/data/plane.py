"""TensorFlow Playground's 2-D classification sets, and scikit-learn's two moons, in numpy.

Every set lies in Playground's coordinates: points within about ±5 of the origin, on a plane
Playground shows from -6 to 6 (:data:`DOMAIN`). Class 1 is Playground's positive label (its
blue points), class 0 its negative one (orange).

``noise`` is Playground's slider, 0 to 50 (percent), and means what it means there, which
differs from set to set (``f`` is noise / 100, 0 to 0.5):

- ``circles``: a disc of radius 0 to 2.5 (class 1) inside a ring of radius 3.5 to 5 (class 0);
  the radius is uniform, so the disc is densest at its centre. Noise leaves every point where
  it is and decides its class at a point displaced by up to ``5 f`` in x1 and in x2: near
  the boundary classes flip.
- ``xor2d``: x1 and x2 uniform in ±5, pushed 0.3 away from the axes; class 1 where
  x1·x2 ≥ 0. Noise, as for circles, decides the class at a point displaced by up to ``5 f``.
- ``gauss``: two Gaussian blobs around (2, 2) (class 1) and (-2, -2) (class 0), whose
  variance grows from 0.5 at noise 0 to 4 at noise 50.
- ``spiral``: two arms of 1.75 turns each, from the centre out to radius 5, the second turned
  by half a turn; noise moves each point by up to ``f`` in x1 and in x2.
- ``moons`` (not in Playground): scikit-learn's make_moons, moved to the origin and scaled by
  10/3 so it spans ±5 like the others: the upper half circle is class 0, the lower one class
  1. Noise adds Gaussian jitter of standard deviation ``2 f`` (make_moons' ``noise`` of
  ``0.6 f`` before the scaling), so noise 50 is make_moons(noise=0.3), the hardest setting in
  common use.

Every generator draws its noise even at noise 0, so one seed gives the same points at every
noise level and noise changes only what it means to change.
"""

from __future__ import annotations

from collections.abc import Callable
from types import MappingProxyType

import numpy as np

from ..checks import MAX_SEED
from .dataset import Dataset
from .errors import DataError, within
from .split import split

DOMAIN = 6.0  # Playground shows the plane from -DOMAIN to DOMAIN in x1 and x2
DEFAULT_SAMPLES = 500  # Playground's
# Fewer than 20 points do not show a shape. More than 10,000 cover the decision map under
# their dots, and an epoch of online training would take most of a second.
MIN_SAMPLES, MAX_SAMPLES = 20, 10_000
MAX_NOISE = 50.0  # Playground's slider; beyond it circles' and xor2d's classes are mostly chance
DEFAULT_TEST_FRACTION = 0.5  # Playground's 50 % of training data

RADIUS = 5.0  # circles: the outer ring's radius; xor2d: the half-width of the square
XOR_PADDING = 0.3  # xor2d: points are pushed this far away from the axes
SPIRAL_TURNS = 1.75
MOONS_SCALE = 10 / 3  # make_moons spans 3 units across; Playground's sets span 10

Points = tuple[np.ndarray, np.ndarray]  # (n, 2) positions, (n,) classes 0 or 1
Generator = Callable[[int, float, np.random.Generator], Points]


def _halves(samples: int) -> tuple[int, int]:
    """Points of class 1 and class 0: half each, class 1 taking the odd one."""
    return samples - samples // 2, samples // 2


def _circles(samples: int, noise: float, rng: np.random.Generator) -> Points:
    inner, outer = _halves(samples)
    radius = np.concatenate([rng.uniform(0, 0.5 * RADIUS, inner), rng.uniform(0.7 * RADIUS, RADIUS, outer)])
    angle = rng.uniform(0, 2 * np.pi, samples)
    points = np.column_stack([radius * np.sin(angle), radius * np.cos(angle)])
    judged_at = points + rng.uniform(-RADIUS, RADIUS, (samples, 2)) * noise
    return points, (np.hypot(judged_at[:, 0], judged_at[:, 1]) < 0.5 * RADIUS).astype(int)


def _xor2d(samples: int, noise: float, rng: np.random.Generator) -> Points:
    points = rng.uniform(-RADIUS, RADIUS, (samples, 2))
    points += np.where(points > 0, XOR_PADDING, -XOR_PADDING)
    judged_at = points + rng.uniform(-RADIUS, RADIUS, (samples, 2)) * noise
    return points, (judged_at[:, 0] * judged_at[:, 1] >= 0).astype(int)


def _gauss(samples: int, noise: float, rng: np.random.Generator) -> Points:
    positive, negative = _halves(samples)
    variance = 0.5 + (4.0 - 0.5) * noise / 0.5
    centres = np.repeat([[2.0, 2.0], [-2.0, -2.0]], [positive, negative], axis=0)
    points = centres + np.sqrt(variance) * rng.standard_normal((samples, 2))
    return points, np.repeat([1, 0], [positive, negative])


def _spiral(samples: int, noise: float, rng: np.random.Generator) -> Points:
    positive, negative = _halves(samples)
    # Both arms are measured against half the samples, as Playground's are, so they match.
    step = np.concatenate([np.arange(positive), np.arange(negative)]) / (samples / 2)
    turned = np.repeat([0.0, np.pi], [positive, negative])
    radius = step * RADIUS
    angle = SPIRAL_TURNS * 2 * np.pi * step + turned
    points = np.column_stack([radius * np.sin(angle), radius * np.cos(angle)])
    points += rng.uniform(-1, 1, (samples, 2)) * noise
    return points, np.repeat([1, 0], [positive, negative])


def _moons(samples: int, noise: float, rng: np.random.Generator) -> Points:
    upper = samples // 2  # make_moons' outer moon, label 0
    lower = samples - upper
    a, b = np.linspace(0, np.pi, upper), np.linspace(0, np.pi, lower)
    moons = np.concatenate([np.column_stack([np.cos(a), np.sin(a)]),
                            np.column_stack([1 - np.cos(b), 0.5 - np.sin(b)])])
    points = (moons - [0.5, 0.25]) * MOONS_SCALE + rng.normal(0, 2 * noise, (samples, 2))
    return points, np.repeat([0, 1], [upper, lower])


# name: (generator, names of class 0 and class 1)
_SETS: MappingProxyType[str, tuple[Generator, tuple[str, str]]] = MappingProxyType({
    "circles": (_circles, ("outer", "inner")),
    "xor2d": (_xor2d, ("signs differ", "signs agree")),
    "gauss": (_gauss, ("lower left", "upper right")),
    "spiral": (_spiral, ("A", "B")),
    "moons": (_moons, ("upper", "lower")),
})
PLANE_SETS = tuple(_SETS)


def plane(
    name: str,
    *,
    samples: int = DEFAULT_SAMPLES,
    noise: float = 0.0,
    test_fraction: float = DEFAULT_TEST_FRACTION,
    seed: int = 0,
) -> Dataset:
    """A 2-D classification set, split into training and test points.

    - ``name``: ``circles``, ``xor2d``, ``gauss``, ``spiral`` or ``moons`` (the module's
      docstring says what each is and what noise does to it).
    - ``samples``: training and test points together, 20 to 10,000 (500, Playground's).
      Half are of each class in gauss, spiral and moons (class 1 takes an odd one); circles
      draws half inside and half outside, but with noise each point's class is decided
      where noise moved it; xor2d's classes are the quadrants its points fall in.
    - ``noise``: 0 to 50, Playground's noise slider (percent).
    - ``test_fraction``: the share of each class kept for testing, 0.1 to 0.9 (0.5, as
      Playground's default split).
    - ``seed``: 0 to 2⁶³ − 1; every random choice (points, noise, split, order) comes from
      ``numpy.random.default_rng(seed)``, so the same options give the same arrays.

    Inputs are (x1, x2) in Playground's coordinates, unscaled; the target is one column,
    1 for class 1. ``classes`` names class 0 and class 1: circles ("outer", "inner"), xor2d
    ("signs differ", "signs agree"), gauss ("lower left", "upper right"), spiral ("A", "B"),
    moons ("upper", "lower"). A note says how many points (if any) lie outside ±6.
    """
    if not isinstance(name, str) or name not in _SETS:
        raise DataError(f"there is no 2-D set {name!r}; choose one of: {', '.join(PLANE_SETS)}")
    within("the number of samples", samples, MIN_SAMPLES, MAX_SAMPLES, whole=True)
    within("the noise", noise, 0, MAX_NOISE, " (percent)")
    within("the seed", seed, 0, MAX_SEED, whole=True)
    generate, classes = _SETS[name]
    rng = np.random.default_rng(seed)
    points, labels = generate(samples, noise / 100, rng)
    source = f"the 2-D set {name!r} ({samples} samples, noise {noise:g})"
    train, test = split(labels, test_fraction, rng, names=classes, source=source,
                        remedy="use more samples or less noise")
    return Dataset(
        name,
        points[train],
        labels[train, None],
        kind="points",
        test_inputs=points[test],
        test_targets=labels[test, None],
        classes=classes,
        input_names=("x1", "x2"),
        domain=((-DOMAIN, DOMAIN), (-DOMAIN, DOMAIN)),
        notes=_outside(points),
    )


def _outside(points: np.ndarray) -> tuple[str, ...]:
    count = int(np.count_nonzero(np.abs(points).max(axis=1) > DOMAIN))
    if not count:
        return ()
    return (f"{count} of {len(points)} points lie beyond ±{DOMAIN:g}, off the map (it shows the plane from "
            f"−{DOMAIN:g} to {DOMAIN:g}, as TensorFlow Playground does)",)
