"""Words drawn as written: a class named "$5" or a column "a$b$c" is text, not mathematics.

matplotlib reads a string between dollar signs as TeX and typesets it (or fails to parse it,
raising from deep inside a draw). The names nnviz draws are the user's, so every text it
makes is plain: the pictures' texts are made, measured and drawn inside :func:`plain_text`.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator
from typing import TypeVar

import matplotlib

PLAIN = {"text.parse_math": False, "text.usetex": False}

T = TypeVar("T")


@contextlib.contextmanager
def plain_text() -> Iterator[None]:
    """Texts made inside read their strings literally. Only these two settings are changed
    and put back (matplotlib's rc_context copies them all: 0.4 ms a frame)."""
    saved = {key: matplotlib.rcParams[key] for key in PLAIN}
    matplotlib.rcParams.update(PLAIN)
    try:
        yield
    finally:
        matplotlib.rcParams.update(saved)


def with_plain_text(method: Callable[..., T]) -> Callable[..., T]:
    """``method`` run inside :func:`plain_text`."""

    @functools.wraps(method)
    def wrapped(*args, **kwargs) -> T:
        with plain_text():
            return method(*args, **kwargs)

    return wrapped
