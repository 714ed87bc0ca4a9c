"""Which training cycles the video shows.

Learning is subject to diminishing returns: the network changes fast at first and slowly
later. Shown cycles are therefore spaced geometrically between cycle 1 and the last cycle,
so that most of them fall early.
"""

from __future__ import annotations

import math


def shown_cycles(shown: int, total: int) -> list[int]:
    """``shown`` distinct cycle numbers in 1..total, geometrically spaced, ending at ``total``.

    Where geometric spacing would put two shown cycles on the same integer (early on, for
    long schedules), the duplicates are pushed to the next free cycle, so the count is exact.
    """
    if total < 1:
        raise ValueError("the number of training cycles must be at least 1")
    if not 1 <= shown <= total:
        raise ValueError(f"can show between 1 and {total} cycles, not {shown}")
    if shown == 1:
        return [total]
    ratio = math.log(total)
    ideal = [math.exp(ratio * i / (shown - 1)) for i in range(shown)]
    cycles: list[int] = []
    for i, value in enumerate(ideal):
        # Leave room for the cycles still to come, and never repeat or go backwards.
        highest = total - (shown - 1 - i)
        lowest = cycles[-1] + 1 if cycles else 1
        cycles.append(min(max(round(value), lowest), highest))
    return cycles
