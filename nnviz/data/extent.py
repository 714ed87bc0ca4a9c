"""The part of the input plane a picture of 2-D data shows (the decision map, neuron maps,
the layer sweep's grid)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .dataset import Dataset

MARGIN = 0.1  # around the data's range, as a fraction of it


@dataclass(frozen=True)
class Plane:
    """The part of the input plane the map shows: x1 from ``x[0]`` to ``x[1]``, x2 likewise."""

    x: tuple[float, float]
    y: tuple[float, float]

    def contains(self, points: np.ndarray) -> np.ndarray:
        points = np.atleast_2d(points)
        return ((self.x[0] <= points[:, 0]) & (points[:, 0] <= self.x[1])
                & (self.y[0] <= points[:, 1]) & (points[:, 1] <= self.y[1]))


def plane_of(data: Dataset) -> Plane:
    """The data's own part of the plane where it says (Playground's sets: ±6); otherwise the
    points' range with a 10% margin each side (a user's table, a recorded run's data)."""
    points = np.vstack([data.inputs, data.test_inputs])
    if data.domain is not None:
        return Plane(*data.domain)
    low, high = points.min(axis=0).astype(float), points.max(axis=0).astype(float)
    # A spread too small to tell at the values' size (all 1e20, say) is given one that is:
    # a plane of no width divided by zero wherever it was drawn.
    margin = np.maximum(high - low, np.maximum(1e-9, 1e-6 * np.maximum(np.abs(low), np.abs(high)))) * MARGIN
    # A column of one value is given a unit either side (a tenth of its size where larger):
    # its axis had run from 7.2499999999 to 7.2500000001.
    margin = np.where(high == low, np.maximum(1.0, 0.1 * np.abs(low)), margin)
    low, high = low - margin, high + margin
    return Plane((float(low[0]), float(high[0])), (float(low[1]), float(high[1])))
