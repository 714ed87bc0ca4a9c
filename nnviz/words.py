"""A user's words: the plural of a step's name ("batch", "epoch"), and what no font can draw."""

from __future__ import annotations

import re
import unicodedata

# Words ending in a hard "ch", which take a plain s.
HARD_CH = ("epoch", "stomach", "monarch", "loch", "tech")


def plural(noun: str) -> str:
    """``noun``'s plural by the regular rules: batch → batches, pass → passes, query →
    queries, epoch → epochs (a step's name is the user's: "batchs" had been said)."""
    if noun.lower().endswith(HARD_CH):
        return noun + "s"
    if re.search(r"(s|x|z|ch|sh)$", noun, re.IGNORECASE):
        return noun + "es"
    if re.search(r"[^aeiou]y$", noun, re.IGNORECASE):
        return noun[:-1] + "ies"
    return noun + "s"


def counted(count: int, noun: str) -> str:
    """``count`` ``noun``s: "1 batch", "1,000 batches"."""
    return f"{count:,} {noun if count == 1 else plural(noun)}"


def undrawable(text: str) -> str | None:
    """The first character of ``text`` no font draws (a control character, which has no
    glyph, or a lone surrogate, which crashed the text engine), or None."""
    return next((c for c in text if unicodedata.category(c) in ("Cc", "Cs")), None)
