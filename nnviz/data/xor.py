"""The XOR data set of the original "video of a neural network learning"."""

from __future__ import annotations

import numpy as np

from .dataset import Dataset


def xor() -> Dataset:
    """XOR of the first two columns; the third column is irrelevant.

    The seven examples and the new situation [1, 1, 0] (answer 0) are the ones the
    original "video of a neural network learning" used.
    """
    inputs = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [0, 1, 0], [1, 0, 0], [1, 1, 1], [0, 0, 0]]
    targets = [[0], [1], [1], [1], [1], [0], [0]]
    return Dataset("xor", np.array(inputs), np.array(targets), new_inputs=np.array([1, 1, 0]),
                   new_target=np.array([0]))
