"""Characters the font lacks: matplotlib warns of each one (once per place, in several lines)
and draws a box. A run gathers them into one note of its result instead, so that nothing
reaches a notebook's or a terminal's error stream from inside the library."""

from __future__ import annotations

import contextlib
import re
import warnings
from collections.abc import Iterator

MISSING = re.compile(r"Glyph (\d+) .*missing from font")


@contextlib.contextmanager
def gathered() -> Iterator[set[str]]:
    """The characters found missing while the block runs (filled as they are found); other
    warnings go on to whoever showed them before."""
    missing: set[str] = set()
    with warnings.catch_warnings():
        shown = warnings.showwarning

        def show(message, category, filename, lineno, file=None, line=None) -> None:
            found = MISSING.match(str(message))
            if found:
                missing.add(chr(int(found.group(1))))
            else:
                shown(message, category, filename, lineno, file, line)

        warnings.showwarning = show
        warnings.filterwarnings("always", message=MISSING.pattern)
        yield missing


def notes(missing: set[str]) -> list[str]:
    """The note on ``missing`` characters, if any: printable ones as they are, others (an
    ESC in a CSV's header) by their code."""
    if not missing:
        return []
    said = " ".join(c if c.isprintable() else f"U+{ord(c):04X}" for c in sorted(missing))
    return [f"the font has no {said}; {'it is' if len(missing) == 1 else 'they are'} drawn as "
            f"{'a box' if len(missing) == 1 else 'boxes'}"]
