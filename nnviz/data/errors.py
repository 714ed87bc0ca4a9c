"""Data that cannot be used: one error, one line saying what is wrong and what to do."""

from __future__ import annotations

from ..checks import range_problem


class DataError(ValueError):
    """A data set cannot be made or read; the message says what is wrong and what to do, in
    one line that names the file (and the line and column where that helps)."""


def within(name: str, value: object, low: float, high: float, unit: str = "", *, whole: bool = False) -> None:
    """``value`` is a (whole) number from ``low`` to ``high``, or a DataError says so."""
    problem = range_problem(name, value, low, high, unit, whole=whole)
    if problem is not None:
        raise DataError(problem)
