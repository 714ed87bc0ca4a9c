"""The words around the network: layer titles, input names, output (class) names. Pure data.

Names are short: a class or input name longer than the design allows is cut with an
ellipsis ("sepal_length_in_centimetres" → "sepal_length_in_cen…"); the network makes room for
the names beside it (narrowing by at most 40%), and the diagram cuts a name further only if
its room is smaller still.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from ..layout import Layout
from ..recording import Setup

# Characters, in the full and the compact design: a column name such as "flipper_length_mm"
# whole where the frame has room for it (12 had cut it to "flipper_len…" beside empty space).
LONGEST_NAME = {False: 20, True: 14}


@dataclass(frozen=True)
class Labels:
    layers: tuple[str, ...]  # a title per drawn layer
    inputs: tuple[str, ...]  # a name per drawn input neuron
    outputs: tuple[tuple[str, ...], ...]  # per drawn output neuron, its lines ("" lines: none)


def short(name: str, longest: int) -> str:
    """``name``, cut to ``longest`` characters with an ellipsis if it is longer."""
    name = " ".join(str(name).split())
    return name if len(name) <= longest else name[: longest - 1].rstrip() + "…"


def telling_part(name: str, other: str, longest: int) -> str:
    """``name`` short enough, keeping what tells it from ``other``: "signs agree" beside
    "signs differ" is "agree" when the whole does not fit, not "signs a…"; "upper right"
    beside "lower left" is "upper"."""
    words, others = str(name).split(), str(other).split()
    while len(" ".join(words)) > longest and len(words) > 1 and others and words[0] == others[0]:
        words, others = words[1:], others[1:]
    if len(" ".join(words)) > longest and len(words) > 1 and (not others or words[0] != others[0]):
        if len(words[0]) <= longest:  # "upper right" beside "lower left": "upper", not "upper r…"
            return words[0]
    return short(" ".join(words), longest)


def short_apart(names: list[str], longest: int) -> list[str]:
    """Each of ``names`` cut to ``longest`` characters, as ``short`` does; those cut alike
    (three columns named alike but for a digit in the middle had all read
    "a_very_long_column_…") keep where they start to differ, after as much of their start
    as fits: "a_v…0_units_millime…". Names that differ in two places, which that cuts alike
    too, keep where each differs from the name most like it: "sensor_reading_A_f…1"."""
    cut = [short(name, longest) for name in names]
    for alike in {c for c in cut if cut.count(c) > 1}:
        group = [k for k, c in enumerate(cut) if c == alike and " ".join(names[k].split()) != c]
        whole = {k: " ".join(names[k].split()) for k in group}
        first = len(os.path.commonprefix(list(whole.values())))
        tried = {k: _kept(name, first, longest) for k, name in whole.items()}
        twice = {k for k in group if list(tried.values()).count(tried[k]) > 1}
        for k in twice:
            name = whole[k]
            nearest = max(len(os.path.commonprefix([name, whole[j]])) for j in group if j != k)
            tried[k] = _kept(name, nearest, longest)
        for k in group:
            cut[k] = tried[k]
    return cut


def _kept(name: str, differs: int, longest: int) -> str:
    """``name`` in ``longest`` characters keeping where it differs (from ``differs`` on),
    after as much of its start as fits."""
    tail = short(name[differs:], max(1, longest - 4))
    return name[: max(0, longest - len(tail) - 1)].rstrip() + "…" + tail


def subscripted(name: str) -> str:
    """x1 → x₁: a name that is a letter and a number reads as the maths writes it."""
    found = re.fullmatch(r"([A-Za-z])(\d+)", name)
    if not found:
        return name
    return found.group(1) + found.group(2).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


def _title(layer: int, count: int, size: int, drawn: int) -> str:
    """A layer's title; a summarised layer's says how many neurons it has."""
    title = "inputs" if layer == 0 else "output" if layer == count - 1 else "hidden"
    return title if drawn == size else f"{title} ({size:,})"


def labels(setup: Setup, layout: Layout, subscripts: bool) -> Labels:
    """What the diagram's words say for ``setup`` drawn as ``layout``."""
    longest = LONGEST_NAME[layout.compact]
    count = len(setup.sizes)
    titles = tuple(_title(layer, count, setup.sizes[layer], len(shown))
                   for layer, shown in zip(layout.layers, layout.shown))
    data = setup.dataset
    if layout.picture is not None and data is not None and data.image_shape is not None:
        rows, columns = data.image_shape  # the title goes over the picture, which is the inputs
        title = f"{rows}×{columns} pixels" if layout.compact else f"inputs: {rows}×{columns} pixels"
        titles = (title, *titles[1:])
    given = data.input_names if data is not None and data.input_names else None
    if given is not None:
        given = dict(zip(layout.shown[0], short_apart([given[i] for i in layout.shown[0]], longest)))
    inputs = []
    pictured = data is not None and data.kind == "image" and layout.picture is not None
    for i in layout.shown[0]:
        if pictured:  # a line to its pixel says which input it is
            inputs.append("")
            continue
        name = given[i] if given is not None else f"x{i + 1}"
        inputs.append(subscripted(name) if subscripts else name)
    classes = setup.classes
    outputs: list[tuple[str, ...]] = []
    if classes is None and setup.output == "softmax":  # classes known by number only
        outputs = [(f"class {i}",) for i in layout.shown[-1]]
    elif classes is None:
        outputs = [()] * len(layout.shown[-1])
    elif setup.sizes[-1] == 1 and layout.compact:  # its number is the second class's probability
        # One line: "1 = agree" (the name cut to what tells it from the other). The name
        # alone beside 0.00 read as the answer, the opposite of the panel's.
        outputs = [(f"1 = {telling_part(classes[1], classes[0], longest - 4)}",)]
    elif setup.sizes[-1] == 1:  # one sigmoid neuron: 1 means the second class, 0 the first
        outputs = [(f"1 = {short(classes[1], longest)}", f"0 = {short(classes[0], longest)}")]
    else:
        outputs = [(name,) for name in short_apart([classes[i] for i in layout.shown[-1]], longest)]
    return Labels(titles, tuple(inputs), tuple(outputs))
