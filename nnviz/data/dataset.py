"""A data set: training examples (and test examples) as rows of numbers, and what they are.

Examples are rows of ``inputs`` with matching rows of ``targets``. Online training visits
them in this order every cycle. ``kind`` says how a picture should show them: a small table
(``tabular``), points on a plane (``points``, two inputs) or pictures (``image``).

Targets are numbers for every output neuron. For classification they are one-hot rows (or,
with two classes and a single sigmoid output, one column of 0 and 1) and ``classes`` names
the classes in order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

KINDS = ("tabular", "points", "image")


def _frozen(values: object, columns: int | None = None) -> np.ndarray:
    """A read-only float array of ``values``: a copy, unless it is one already. Single
    precision stays single (60,000 MNIST images are 188 MB so, twice that as doubles)."""
    array = np.asarray(values)
    if array.dtype not in (np.float32, np.float64):
        array = array.astype(float)
    elif array.flags.writeable or not array.flags.owndata or not array.flags.c_contiguous:
        array = np.array(array, order="C")  # a copy: the caller's array may change
    if array.size == 0 and columns is not None:
        array = array.reshape(0, columns)
    array.setflags(write=False)
    return array


@dataclass(frozen=True)
class Scaling:
    """How inputs were standardised: ``(raw - mean) / scale``, column by column."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]

    def apply(self, raw: np.ndarray) -> np.ndarray:
        return (np.asarray(raw, dtype=float) - np.array(self.mean)) / np.array(self.scale)

    def undo(self, standardised: np.ndarray) -> np.ndarray:
        """The table's own values of standardised ones (``apply``'s inverse)."""
        return np.asarray(standardised, dtype=float) * np.array(self.scale) + np.array(self.mean)


@dataclass(frozen=True)
class Dataset:
    name: str
    inputs: np.ndarray  # (examples, n_in), training
    targets: np.ndarray  # (examples, n_out)
    new_inputs: np.ndarray | None = None  # a situation shown after training (XOR's [1, 1, 0])
    new_target: np.ndarray | None = None  # its correct answer, for the caption
    kind: str = "tabular"
    test_inputs: np.ndarray | None = None  # (test examples, n_in); none when empty
    test_targets: np.ndarray | None = None
    classes: tuple[str, ...] | None = None  # names of the classes; None: targets are plain numbers
    input_names: tuple[str, ...] | None = None
    scaling: Scaling | None = None  # how raw inputs were standardised, if they were
    image_shape: tuple[int, int] | None = None  # rows, columns of a picture's pixels
    # For points: the part of the plane the data lives in, ((x1 low, high), (x2 low, high)),
    # where it is known (Playground's sets: ±6); None: from the points themselves.
    domain: tuple[tuple[float, float], tuple[float, float]] | None = None
    notes: tuple[str, ...] = field(default=())  # what a user should know about the data, said on a run
    about: str = ""  # where the data came from (a picture set's files, a seed), kept in a recording
    # Each training and test example's place in the data's source, counted from 0: a file's
    # examples, scikit-learn's order, a Recorder's data=. None where nnviz drew the examples.
    train_rows: np.ndarray | None = None
    test_rows: np.ndarray | None = None

    def __post_init__(self) -> None:
        for name in ("inputs", "targets"):
            object.__setattr__(self, name, _frozen(getattr(self, name)))
        if self.inputs.ndim != 2 or self.targets.ndim != 2:
            raise ValueError("inputs and targets must be 2-D: one row per example")
        if len(self.inputs) != len(self.targets):
            raise ValueError("inputs and targets must have one row per example each")
        for name, columns in (("test_inputs", self.n_inputs), ("test_targets", self.n_outputs)):
            value = getattr(self, name)
            object.__setattr__(self, name, _frozen(value if value is not None else [], columns))
            if getattr(self, name).shape[1:] != (columns,):
                raise ValueError(f"{name} must have {columns} columns")
        if len(self.test_inputs) != len(self.test_targets):
            raise ValueError("test inputs and targets must have one row per example each")
        for name in ("new_inputs", "new_target"):
            if getattr(self, name) is not None:
                object.__setattr__(self, name, _frozen(getattr(self, name)))
        for name, count in (("train_rows", self.n_examples), ("test_rows", self.n_test)):
            rows = getattr(self, name)
            if rows is not None:
                rows = np.array(rows, dtype=np.int64)  # a copy: the caller's may change
                if rows.shape != (count,):
                    raise ValueError(f"{name} must have one place per example")
                rows.setflags(write=False)
                object.__setattr__(self, name, rows)
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, not {self.kind!r}")
        if self.classes is not None:
            object.__setattr__(self, "classes", tuple(self.classes))
            if len(self.classes) != max(2, self.n_outputs):
                raise ValueError(f"{len(self.classes)} class names for {self.n_outputs} outputs")

    @property
    def n_examples(self) -> int:
        return len(self.inputs)

    @property
    def n_inputs(self) -> int:
        return self.inputs.shape[1]

    @property
    def n_outputs(self) -> int:
        return self.targets.shape[1]

    @property
    def n_classes(self) -> int:
        """The classes told apart: one per output, or two for a single (sigmoid) output."""
        return max(2, self.n_outputs)

    @property
    def n_test(self) -> int:
        return len(self.test_inputs)

    def row(self, tested: bool, index: int) -> int | None:
        """Where training (or test) example ``index`` stands in the data's source; None where
        nnviz drew the data."""
        rows = self.test_rows if tested else self.train_rows
        return None if rows is None else int(rows[index])

    def labels(self, targets: np.ndarray | None = None) -> np.ndarray:
        """The class of each row of ``targets`` (the training targets by default)."""
        return class_of(self.targets if targets is None else targets)


def class_of(values: np.ndarray) -> np.ndarray:
    """Class numbers of rows of targets or outputs: the largest of several columns, or a
    single column above one half."""
    values = np.asarray(values, dtype=float)
    if values.ndim == 1:
        values = values[:, None]
    if values.shape[1] == 1:
        return (values[:, 0] > 0.5).astype(int)
    return np.argmax(values, axis=1)
