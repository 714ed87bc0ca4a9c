"""Data sets: the split shared by every data set."""

import numpy as np
import pytest

from nnviz.data import DataError, split


def one_line_about(error: pytest.ExceptionInfo, *words: str) -> str:
    message = str(error.value)
    assert "\n" not in message and message.strip() == message and message
    for word in words:
        assert word in message, (word, message)
    return message


# --- the split --------------------------------------------------------------------------


def test_split_is_stratified_disjoint_complete_and_shuffled():
    classes = np.repeat([0, 1, 2], [100, 50, 11])
    train, test = split(classes, 0.2, 3)
    assert len(np.intersect1d(train, test)) == 0
    assert np.array_equal(np.sort(np.concatenate([train, test])), np.arange(len(classes)))
    assert [np.sum(classes[test] == k) for k in range(3)] == [20, 10, 2]
    assert not np.array_equal(train, np.sort(train)) and not np.array_equal(test, np.sort(test))
    again = split(classes, 0.2, 3)
    assert np.array_equal(train, again[0]) and np.array_equal(test, again[1])
    assert not np.array_equal(train, split(classes, 0.2, 4)[0])


def test_every_class_keeps_an_example_on_each_side():
    classes = np.repeat([0, 1, 2], [2, 3, 100])
    for fraction in (0.1, 0.9):
        train, test = split(classes, fraction, 0)
        for k in range(3):
            assert np.sum(classes[train] == k) >= 1 and np.sum(classes[test] == k) >= 1


def test_split_takes_a_generator_as_it_stands():
    classes = np.repeat([0, 1], 10)
    a = split(classes, 0.5, np.random.default_rng(5))
    b = split(classes, 0.5, 5)
    assert np.array_equal(a[0], b[0])


def test_a_class_of_one_example_cannot_be_split():
    with pytest.raises(DataError) as error:
        split(np.array([0, 0, 1, 0]), 0.5, 0, names=["cat", "dog"], source="the data file 'pets.csv'")
    one_line_about(error, "'pets.csv'", "'dog'", "1 example", "at least 2")
