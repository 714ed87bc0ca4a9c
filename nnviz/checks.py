"""Checks of what a user asks for: each raises UsageError with one line saying what is wrong
and what to do, before any work starts."""

from __future__ import annotations

import math
from pathlib import Path

from .outputs import check_writable_dir
from .style import THEMES

MIN_SIZE = (160, 90)
MAX_SIZE = (7680, 4320)


class UsageError(ValueError):
    """The options cannot work; the message says what is wrong and what to do."""


def positive(name: str, value: float) -> None:
    if not (isinstance(value, (int, float)) and math.isfinite(value) and value > 0):
        raise UsageError(f"{name} must be a positive number, not {value!r}")


def output_file(path: Path, what: str, extensions: tuple[str, ...] | None = None) -> None:
    if path.is_dir():
        raise UsageError(f"{what} {str(path)!r} is a folder; give a file name inside it")
    if extensions and path.suffix.lower() not in extensions:
        suffix = f"the extension {path.suffix!r}" if path.suffix else "no extension"
        raise UsageError(
            f"{what} {str(path)!r} has {suffix}; use one of: {', '.join(extensions)}"
        )
    folder(path.parent, what)


def folder(place: Path, what: str) -> None:
    if not place.is_dir():
        raise UsageError(f"the folder for the {what} {str(place)!r} does not exist; create it first")
    try:
        check_writable_dir(place)
    except OSError as error:
        raise UsageError(
            f"cannot write the {what} in {str(place)!r} ({error.strerror}); choose another folder"
        ) from None


def training(seed: object, train_cycles: object, cycles: object, learning_rate: object) -> None:
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise UsageError(f"seed must be a whole number of 0 or more, not {seed!r}")
    for name, value in (("train cycles", train_cycles), ("cycles", cycles)):
        if value is None and name == "cycles":
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise UsageError(f"{name} must be a whole number of 1 or more, not {value!r}")
    if cycles is not None and cycles > train_cycles:
        raise UsageError(
            f"cannot show {cycles} cycles out of {train_cycles} training cycles; "
            "show fewer cycles or train for more"
        )
    positive("the learning rate", learning_rate)


def theme(theme: object) -> None:
    if theme not in THEMES:
        raise UsageError(f"theme must be one of {', '.join(THEMES)}, not {theme!r}")


def size(w: object, h: object) -> None:
    if not (isinstance(w, int) and isinstance(h, int)) or isinstance(w, bool) or isinstance(h, bool):
        raise UsageError(f"size must be whole numbers of pixels, not {w!r}x{h!r}")
    if w % 2 or h % 2:
        raise UsageError(f"size {w}x{h} must have an even width and height (H.264 needs it), e.g. 1920x1080")
    if w < MIN_SIZE[0] or h < MIN_SIZE[1] or w > MAX_SIZE[0] or h > MAX_SIZE[1]:
        raise UsageError(
            f"size {w}x{h} is out of range; use between {MIN_SIZE[0]}x{MIN_SIZE[1]} and "
            f"{MAX_SIZE[0]}x{MAX_SIZE[1]}"
        )
