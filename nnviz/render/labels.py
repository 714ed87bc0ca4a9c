"""The words around the network: layer titles, input names, output (class) names. Pure data.

Names are short: a class or input name longer than the design allows is cut with an
ellipsis ("sepal_length_in_centimetres" → "sepal_length_in_cen…"); the network makes room for
the names beside it (narrowing by at most 40%), and the diagram cuts a name further only if
its room is smaller still.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass

from ..layout import Layout
from ..recording import Setup

# Characters, in the full and the compact design: a column name such as "flipper_length_mm"
# whole where the frame has room for it (12 had cut it to "flipper_len…" beside empty space).
LONGEST_NAME = {False: 20, True: 14}
MOST_SHIFT = 3  # characters a told-apart piece may start earlier to be one name's alone


@dataclass(frozen=True)
class Labels:
    layers: tuple[str, ...]  # a title per drawn layer
    inputs: tuple[str, ...]  # a name per drawn input neuron
    outputs: tuple[tuple[str, ...], ...]  # per drawn output neuron, its lines ("" lines: none)
    # The names before they were cut to ``longest`` characters, for a picture to cut them to
    # its room in one go: cut twice, names told apart in characters had been cut alike again.
    whole_inputs: tuple[str, ...] = ()
    whole_outputs: tuple[tuple[str, ...], ...] = ()
    longest: int = 0


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


def short_apart(names: list[str], longest: int | None = None,
                fits: Callable[[str], bool] | None = None, among: list[str] | None = None) -> list[str]:
    """Each of ``names`` cut short with an ellipsis until it fits (``longest`` characters, or
    what ``fits`` accepts: a width in a picture). Those cut alike keep where they start to
    differ, after as much of their start as fits: three columns named alike but for a digit
    in the middle had all read "a_very_long_column_…", now "a_v…0_units_millime…". Names that
    differ in two places keep where each leaves the name most like it ("sensor_reading_A_f…1"),
    and, if that too is alike, both places ("env…A_t…1"). A name cut short reads as itself
    alone among ``among`` too (all the names a reader knows of, where ``names`` are some of
    them: the drawn outputs of a summarised layer of 30 classes)."""
    if fits is None:
        fits = lambda text: len(text) <= longest  # noqa: E731
    normal = [_spaced(name) for name in names]
    cut = [cut_to_fit(name, fits) for name in normal]
    for alike in {c for c in cut if cut.count(c) > 1}:
        _apart([k for k, c in enumerate(cut) if c == alike and normal[k] != c], normal, cut, fits)
    # Groups told apart on their own may clash with each other ("environment_A_…" and
    # "environment_B_…" both became "environment_…1"): those told alike again, together.
    clashing = [k for k, c in enumerate(cut) if cut.count(c) > 1 and normal[k] != c]
    if len({normal[k] for k in clashing}) > 1:
        _apart(clashing, normal, cut, fits)
    if among is not None:
        every = [_spaced(name) for name in among]
        for k, name in enumerate(normal):
            if cut[k] != name and not _says_only(cut[k], name, every):
                nearest = max((len(os.path.commonprefix([name, other])) for other in every if other != name),
                              default=0)
                cut[k] = _kept_alone(name, [nearest], fits, every, _kept(name, [nearest], fits))
    return cut


def _spaced(name: object) -> str:
    """A name as drawn: its runs of spaces one space."""
    return " ".join(str(name).split())


def _apart(group: list[int], normal: list[str], cut: list[str], fits: Callable[[str], bool]) -> None:
    """Set ``cut`` for the names ``group`` (indices of ``normal``), told apart: where they
    start to differ, else where each leaves its nearest, else both."""
    if len(group) < 2:
        return
    first = len(os.path.commonprefix([normal[k] for k in group]))
    nearest = {k: max(len(os.path.commonprefix([normal[k], normal[j]])) for j in group if j != k)
               for k in group}
    strategies = ({k: [first] for k in group}, {k: [nearest[k]] for k in group},
                  {k: sorted({first, nearest[k]}) for k in group})
    for points in strategies:
        tried = {k: _kept(normal[k], points[k], fits) for k in group}
        if len(set(tried.values())) == len(group):
            break
    for k in group:
        cut[k] = _kept_alone(normal[k], points[k], fits, normal, tried[k])


def _kept_alone(name: str, points: list[int], fits: Callable[[str], bool], every: list[str],
                kept: str) -> str:
    """``kept`` (``name`` kept at ``points``), or kept from a little earlier where what is
    kept could also be another of ``every``: "species numb…1" could be "species number 21"
    too; "species num… 1" cannot."""
    for shift in range(MOST_SHIFT + 1):
        tried = kept if shift == 0 else _kept(name, [max(p - shift, 1) for p in points], fits)
        if _says_only(tried, name, every):
            return tried
    return kept


def _says_only(cut: str, name: str, every: list[str]) -> bool:
    """Whether ``cut`` (its ellipses standing for anything) reads as ``name`` alone of ``every``."""
    pattern = re.compile(".*".join(re.escape(piece) for piece in cut.split("…")), re.DOTALL)
    return not any(pattern.fullmatch(other) for other in every if other != name)


def cut_to_fit(name: str, fits: Callable[[str], bool]) -> str:
    """``name`` cut short at its end with an ellipsis until it fits ("…" at the least)."""
    if fits(name):
        return name
    # The longest start that fits, found by halving: a longer start is never narrower, and a
    # label of a million characters had been tried one length at a time (minutes).
    low, high = 0, len(name) - 1  # name[:low] fits (nothing does), name[:high + 1] does not
    while low < high:
        end = (low + high + 1) // 2
        if fits(name[:end].rstrip() + "…"):
            low = end
        else:
            high = end - 1
    return name[:low].rstrip() + "…" if low else "…"


def _kept(name: str, points: list[int], fits: Callable[[str], bool]) -> str:
    """``name`` fitted keeping the characters at ``points`` (where it differs from others):
    its start, then each piece from a point on, each as long as fits (the last one first,
    which says most: the name's own ending)."""
    points = [p for p in points if 0 < p < len(name)] or [len(name) - 1]
    pieces = [name[p:q] for p, q in zip(points, [*points[1:], len(name)])]

    def said(head: int, lengths: list[int]) -> str:
        text = name[:head].rstrip() + "…"
        for piece, length in zip(pieces, lengths):
            text += piece[:length] + ("…" if length < len(piece) else "")
        return text.replace("……", "…")

    lengths = [1] * len(pieces)
    # Three characters of its start where they fit beside the pieces, else one, else none.
    head = next((h for h in (min(3, points[0]), 1, 0) if fits(said(h, lengths))), 0)
    for k in reversed(range(len(pieces))):
        while lengths[k] < len(pieces[k]):
            longer = [*lengths[:k], lengths[k] + 1, *lengths[k + 1:]]
            if not fits(said(head, longer)):
                break
            lengths = longer
    while head < points[0] and fits(said(head + 1, lengths)):
        head += 1
    kept = said(head, lengths)
    return kept if fits(kept) else cut_to_fit(name, fits)  # no room for its start and a piece: cut as any


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


def class_words(name: str, word: str = "class") -> str:
    """"class NAME", or NAME alone where it starts with the word itself ("class 18",
    "class_1", "Class2"; not "classic"): labels "class 18" had been "class class 18".
    ``word`` capitalised ("Class") capitalises such a name."""
    if re.match(r"class(?![^\W\d_])", name.strip(), re.IGNORECASE):
        return word[0] + name[1:] if word[0].isupper() else name
    return f"{word} {name}"


def after_common_start(names: list[str]) -> list[str]:
    """The names without the words they all start with ("type A", "type B": "A", "B"), where
    what is left tells each apart; else the names."""
    start = os.path.commonprefix(names)
    cut = max(start.rfind(" "), start.rfind("_"), start.rfind("-")) + 1  # at a word's end
    rest = [name[cut:] for name in names]
    return rest if cut and all(rest) and len(set(rest)) == len(rest) else names


def numbered_class(k: int) -> str:
    """A class known by number only, as its output neuron is named (and its answer said)."""
    return f"class {k}"


def labels(setup: Setup, layout: Layout, subscripts: bool) -> Labels:
    """What the diagram's words say for ``setup`` drawn as ``layout``."""
    longest = LONGEST_NAME[layout.compact]
    count = len(setup.sizes)
    titles = tuple(_title(layer, count, setup.sizes[layer], len(shown))
                   for layer, shown in zip(layout.layers, layout.shown))
    data = setup.dataset
    if layout.picture is not None and data is not None and data.image_shape is not None:
        rows, columns = data.image_shape  # the title goes over the picture, which is the inputs
        # Said width by height, as picture sizes are ("14×10 pixels": 14 wide).
        title = f"{columns}×{rows} pixels" if layout.compact else f"inputs: {columns}×{rows} pixels"
        titles = (title, *titles[1:])
    given = data.input_names if data is not None and data.input_names else None
    pictured = data is not None and data.kind == "image" and layout.picture is not None
    whole_inputs = ["" if pictured else given[i] if given is not None else f"x{i + 1}"
                    for i in layout.shown[0]]
    whole_inputs = [subscripted(name) if subscripts else name for name in whole_inputs]
    inputs = short_apart(whole_inputs, longest, among=list(given)) if given is not None else whole_inputs
    classes = setup.classes
    outputs: list[tuple[str, ...]] = []
    whole_outputs = None  # uncut, where the outputs are named by cut names
    if classes is None and setup.output == "softmax":  # classes known by number only
        outputs = [(numbered_class(i),) for i in layout.shown[-1]]
    elif classes is None:
        outputs = [()] * len(layout.shown[-1])
    elif setup.sizes[-1] == 1:
        # Classes named by numbers are called classes: "1 = 2 / 0 = 1" (labels 1 and 2) had
        # read as sums.
        if any(re.fullmatch(r"[+-]?\d+(\.\d*)?", name.strip()) for name in classes[:2]):
            classes = tuple(class_words(name) for name in classes[:2])
        if layout.compact:  # its number is the second class's probability
            # One line: "1 = agree" (the name cut to what tells it from the other). The name
            # alone beside 0.00 read as the answer, the opposite of the panel's.
            outputs = [(f"1 = {telling_part(classes[1], classes[0], longest - 4)}",)]
        else:  # one sigmoid neuron: 1 means the second class, 0 the first
            outputs = [(f"1 = {short(classes[1], longest)}", f"0 = {short(classes[0], longest)}")]
    else:
        outputs = [(name,) for name in short_apart([classes[i] for i in layout.shown[-1]], longest,
                                                   among=list(classes))]
        whole_outputs = [(str(classes[i]),) for i in layout.shown[-1]]
    return Labels(titles, tuple(inputs), tuple(outputs), tuple(whole_inputs),
                  tuple(whole_outputs if whole_outputs is not None else outputs), longest)
