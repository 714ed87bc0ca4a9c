"""Data sets the network learns from.

A data set is a fixed, ordered list of examples (online training visits them in this
order every cycle) plus one "new situation" the network never saw while training.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Dataset:
    """Examples as rows of ``inputs`` with matching rows of ``targets``."""

    name: str
    inputs: np.ndarray  # (examples, n_in)
    targets: np.ndarray  # (examples, n_out)
    new_inputs: np.ndarray  # (n_in,): the situation shown after training
    new_target: np.ndarray  # (n_out,): its correct answer, for the caption

    def __post_init__(self) -> None:
        for name in ("inputs", "targets", "new_inputs", "new_target"):
            array = np.array(getattr(self, name), dtype=float)
            array.setflags(write=False)
            object.__setattr__(self, name, array)
        if self.inputs.ndim != 2 or self.targets.ndim != 2:
            raise ValueError("inputs and targets must be 2-D: one row per example")
        if len(self.inputs) != len(self.targets):
            raise ValueError("inputs and targets must have one row per example each")

    @property
    def n_examples(self) -> int:
        return len(self.inputs)

    @property
    def n_inputs(self) -> int:
        return self.inputs.shape[1]

    @property
    def n_outputs(self) -> int:
        return self.targets.shape[1]


def xor() -> Dataset:
    """XOR of the first two columns; the third column is irrelevant.

    The seven examples and the new situation [1, 1, 0] (answer 0) are the ones the
    original "video of a neural network learning" used.
    """
    inputs = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [0, 1, 0], [1, 0, 0], [1, 1, 1], [0, 0, 0]]
    targets = [[0], [1], [1], [1], [1], [0], [0]]
    return Dataset("xor", np.array(inputs), np.array(targets), np.array([1, 1, 0]), np.array([0]))
