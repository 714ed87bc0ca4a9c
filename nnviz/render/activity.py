"""How a neuron's activation shows: how brightly it glows (0 to 1) and how its number reads.

Pure numbers, no drawing. Each layer of a network has a *scale* that turns its activations
into glow:

- sigmoid, and the outputs (sigmoid or softmax): the activation itself, 0 to 1;
- tanh: its magnitude |a|. A neuron at −0.9 sends as strong a signal as one at +0.9 (its
  synapses carry −0.9·w), so it glows as brightly; the number above it tells the sign.
  A second hue for negative activity was the alternative, but the picture already spends
  green, red and violet on weights and activity, and a fourth hue that stays apart from all
  three for colour-blind readers would not be told from the others at a glance;
- ReLU: 1 − e^(−a), which saturates: an activation of 1 lights a neuron two thirds of the
  way, 3 and above nearly fully, so a few large values do not hide the rest;
- inputs: |x| over the largest |x| of the data (XOR's 0 and 1 glow as 0 and 1; Playground's
  points ±6 glow by how far they are from the centre), or |x| capped at 1 when the data is
  not known.

Numbers are the real values, at most four characters and a sign: "0.73", "−0.42", "12.3",
"123", "1.2k".
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..data import Dataset
from ..recording import Setup

MINUS = "\u2212"


@dataclass(frozen=True)
class Scale:
    """How one layer's activations become glow, and whether its numbers can be negative."""

    kind: str  # "unit" (0 to 1 as it is), "magnitude" (|a|), "saturating" (1 − e^(−a))
    largest: float = 1.0  # for "magnitude": the |a| that glows fully
    signed: bool = False

    def glow(self, a: np.ndarray) -> np.ndarray:
        a = np.asarray(a, dtype=float)
        if self.kind == "unit":
            return np.clip(a, 0.0, 1.0)
        if self.kind == "magnitude":
            return np.clip(np.abs(a) / self.largest, 0.0, 1.0)
        return 1.0 - np.exp(-np.clip(a, 0.0, None))


UNIT = Scale("unit")


def scales(setup: Setup) -> tuple[Scale, ...]:
    """The scale of every layer of ``setup``'s network, inputs first."""
    inputs = UNIT
    data = setup.dataset
    if data is not None and data.n_examples:
        low, high = input_range(data)
        largest = max(abs(low), abs(high))
        if low < 0 or largest > 1:
            inputs = Scale("magnitude", max(largest, 1e-12), signed=bool(low < 0))
    elif data is None:
        inputs = Scale("magnitude", 1.0, signed=True)  # nothing known: assume either sign
    hidden = {"sigmoid": UNIT, "tanh": Scale("magnitude", 1.0, signed=True),
              "relu": Scale("saturating")}.get(setup.hidden, Scale("magnitude", 1.0, signed=True))
    output = UNIT if setup.output in ("squared", "binary", "softmax") else Scale("magnitude", 1.0, True)
    return (inputs, *([hidden] * (len(setup.sizes) - 2)), output)


def input_range(data: Dataset) -> tuple[float, float]:
    """The lowest and the highest input of the data's examples, training and test."""
    # Extremes of each set, not of one joined copy (70,000 pictures are 220 MB).
    parts = [part for part in (data.inputs, data.test_inputs) if part.size]
    return min(float(part.min()) for part in parts), max(float(part.max()) for part in parts)


def glow(layers: Sequence[np.ndarray], layer_scales: Sequence[Scale]) -> tuple[np.ndarray, ...]:
    """Every layer's glow, 0 to 1."""
    return tuple(scale.glow(a) for a, scale in zip(layers, layer_scales))


# A picture's hundreds of inputs take a few dozen values (its grey levels), shot after shot.
@functools.lru_cache(maxsize=4096)
def number(value: float) -> str:
    """A neuron's value in at most four characters, and a minus sign where it is negative."""
    value = float(value)  # a Python float: numpy's scalars test and format several times slower
    if not math.isfinite(value):
        return "—"
    size = abs(value)
    if size < 9.995:
        text = f"{size:.2f}"
    elif size < 99.95:
        text = f"{size:.1f}"
    elif size < 999.5:
        text = f"{size:.0f}"
    elif size < 9950:
        text = f"{size / 1000:.1f}k"
    elif size < 999_500:
        text = f"{size / 1000:.0f}k"
    else:
        mantissa, exponent = f"{size:.0e}".split("e")
        text = f"{mantissa}e{int(exponent)}"
    negative = value < 0 and any(c not in "0.k" for c in text)  # "−0.00" reads as a mistake
    return (MINUS if negative else "") + text


def gradient_share(values: np.ndarray, largest: float) -> np.ndarray:
    """|values| as a share of ``largest``, on a cube root: 1 for the largest, a tenth of it
    still about a half, a thousandth a tenth (gradients span orders of magnitude between
    layers; the order of sizes is kept)."""
    if largest <= 0:
        return np.zeros_like(np.asarray(values, dtype=float))
    return np.cbrt(np.clip(np.abs(values) / largest, 0.0, 1.0))


def error_ring(delta: np.ndarray, output_delta: np.ndarray, error: np.ndarray) -> np.ndarray:
    """How wide a neuron's error ring is, 0 to 1, on one scale for every layer.

    The widest output ring is the largest error (|target − output|) and stands for the
    largest output delta (−∂E/∂z); any neuron's delta, the outputs' included, is drawn as its
    share of that delta, on a cube root (small shares still show, the order of sizes is kept).
    So one output's ring is as wide as its error, and rings compare across layers and
    outputs as the deltas do."""
    anchor = float(np.max(np.abs(output_delta)))
    if anchor <= 0:
        return np.zeros_like(np.asarray(delta, dtype=float))
    share = np.cbrt(np.abs(np.asarray(delta, dtype=float)) / anchor)
    return np.clip(share * float(np.max(np.abs(error))), 0.0, 1.0)


def percent(fraction: float, decimals: int = 0, below: float | None = None,
            above: float | None = None) -> str:
    """``fraction`` as a percentage. Never "100%" for less than all of it: 99.7 % takes one
    more decimal ("99.7%"), so a heading neither claims all nor says less than the panel
    beside it ("99%" beside "99.7%" read as another number); 99.97 % reads "99.9%".
    ``below``: a threshold that a fraction under it must read under too ("I don't know" at
    "57%" beside a threshold of 57 % reads "56.8%"); ``above``: one a fraction over it must
    read over (an answer of 50.1 % reads "50.1%", not a toss-up's "50%")."""
    value = 100 * float(fraction)
    text = f"{value:.{decimals}f}"
    wrong_side = None
    if below is not None and value < 100 * below <= float(text):
        wrong_side = lambda said: float(said) >= 100 * below  # noqa: E731
    elif above is not None and float(text) <= 100 * above < value:
        wrong_side = lambda said: float(said) <= 100 * above  # noqa: E731
    if wrong_side is not None:  # more decimals, as few as put it on its side (50.004 %: "50.004%")
        for more in range(decimals + 1, decimals + 4):
            text = f"{value:.{more}f}"
            if not wrong_side(text):
                break
        else:  # nearer the threshold than that: the last of those decimals, cut towards its side
            scaled = round(value * 10**more, 6)  # 100 × 0.50004 × 1000 is 50004.00000000001
            cut = math.floor(scaled) if below is not None else math.ceil(scaled)
            text = f"{cut / 10**more:.{more}f}"
    if value < 100 and float(text) >= 100:  # one more decimal at most: 99.999 reads "99.9%"
        decimals += 1
        text = f"{value:.{decimals}f}"
    if value < 100 and float(text) >= 100:
        text = f"{100 - 10 ** -decimals:.{decimals}f}"
    return f"{text}%"


def answer_decimals(outputs: np.ndarray, unsure: float | None = None) -> int:
    """The decimals that write a softmax's answer above every other output: "32%" beside
    another "32%" had named one of two classes that read as equally likely (then "32.4%"
    and "31.9%"). At most two more; none where nothing ties."""
    values = np.sort(np.asarray(outputs, dtype=float)[np.isfinite(outputs)])
    if len(values) < 2 or values[-1] <= values[-2]:
        return 0
    decimals = 0  # the answer is said as the panel says it: over a half reads over it
    while decimals < 2 and (percent(values[-1], decimals, below=unsure, above=0.5)
                            == percent(values[-2], decimals, below=unsure)):
        decimals += 1
    return decimals


def signed(value: float, decimals: int = 2) -> str:
    """``value`` with its sign, "+0.30" or "−0.30"; one that rounds to nothing has none
    ("0.00", never "−0.00")."""
    text = f"{abs(float(value)):.{decimals}f}"
    if float(text) == 0:
        return text
    return ("+" if value > 0 else MINUS) + text
