"""Training and test examples: a seeded, stratified split shared by every data set."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .errors import DataError, within

# Playground's "ratio of training to test data" slider runs from 10 % to 90 %: below a tenth
# the test accuracy rests on a handful of examples, above nine tenths too few are left to learn.
MIN_TEST_FRACTION, MAX_TEST_FRACTION = 0.1, 0.9


def split(
    classes: np.ndarray,
    test_fraction: float,
    seed: int | np.random.Generator,
    *,
    names: Sequence[str] | None = None,
    source: str = "the data",
    remedy: str = "add examples of it or leave it out",
) -> tuple[np.ndarray, np.ndarray]:
    """Indices of the training and the test examples.

    ``classes`` holds each example's class number (0 to k - 1). Each class gives
    ``round(its count × test_fraction)`` examples to the test set, but always at least one
    and never all of them, so every class is on both sides (a class of 2 or 3 examples gives
    one). Both index arrays are in a random order, so that online training does not meet
    one class after the other. ``seed`` is an int or a numpy Generator, which is used as it
    stands (so a data set's own draws and its split come from one generator).

    A class with fewer than two examples is a DataError naming it (``names``) and the data
    (``source``, e.g. "the data file 'iris.csv'"), ending with what to do (``remedy``).
    """
    within("the test fraction", test_fraction, MIN_TEST_FRACTION, MAX_TEST_FRACTION)
    classes = np.asarray(classes)
    rng = np.random.default_rng(seed)
    train: list[np.ndarray] = []
    test: list[np.ndarray] = []
    for number in np.unique(classes):
        members = rng.permutation(np.flatnonzero(classes == number))
        if len(members) < 2:
            raise DataError(_too_few(source, len(members), _class_name(number, names), remedy))
        tested = min(max(int(np.floor(len(members) * test_fraction + 0.5)), 1), len(members) - 1)
        test.append(members[:tested])
        train.append(members[tested:])
    if not train:
        raise DataError(f"{source} has no examples; add some, one a row")
    return rng.permutation(np.concatenate(train)), rng.permutation(np.concatenate(test))


def _class_name(number: int, names: Sequence[str] | None) -> str:
    return str(names[number]) if names is not None else str(number)


def _too_few(source: str, count: int, name: str, remedy: str) -> str:
    return (
        f"{source} has only {count} example of class {name!r}; each class needs at least 2 (one to "
        f"train on, one to test): {remedy}"
    )
