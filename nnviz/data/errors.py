"""Data that cannot be used: one error, one line saying what is wrong and what to do."""

from __future__ import annotations

import math


class DataError(ValueError):
    """A data set cannot be made or read; the message says what is wrong and what to do, in
    one line that names the file (and the line and column where that helps)."""


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def within(name: str, value: object, low: float, high: float, unit: str = "", *, whole: bool = False) -> None:
    """``value`` is a (whole) number from ``low`` to ``high``, or a DataError says so."""
    ok = _is_number(value) and math.isfinite(value) and low <= value <= high
    if whole and not isinstance(value, int):
        ok = False
    if not ok:
        kind = "a whole number" if whole else "a number"
        span = f"{low:,} to {high:,}" if whole else f"{low:,g} to {high:,g}"
        raise DataError(f"{name} must be {kind} from {span}{unit}, not {value!r}")
