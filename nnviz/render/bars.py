"""A probability bar beside each output neuron of a classifier over pictures: how sure the
network is of each class, read at a glance, with the percentage at its end.

Each bar has a faint track as long as certainty; the class the network answers is filled in
the glow's near-white, the others in its violet, so the answer stands out without a colour
of its own. A classifier that may say "I don't know" has a mark on every track at its
threshold: a longest bar short of the mark is no answer. Bars follow the neurons' glow, so
with ``--smooth`` and ``--steps`` they grow as the thinking reaches the output; the
percentages are always real outputs, those the output neurons' numbers show.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.colors import to_rgba

from ..timeline import Shot
from .activity import answer_decimals, percent
from .stage import Stage

BAR_LENGTH = {False: 0.12, True: 0.09}  # stage units of a certain answer
# "100%" after a bar, in stage units. A compact picture has no room for it: the panel says
# the answer's percentage, and the bars' lengths say the rest.
PERCENT_ROOM = {False: 0.055, True: 0.0}
SHORTEST = 0.04  # a bar shorter than this reads as nothing: then there are none
BAR_HEIGHT = 0.45  # of the neuron's diameter
BAR_ZORDER = 1.4


def _rectangles(x: float, ys: np.ndarray, lengths: np.ndarray, height: float) -> np.ndarray:
    """(n, 4, 2) rectangles from ``x``, one per y, ``lengths`` long."""
    x1 = x + lengths
    low, high = ys - height / 2, ys + height / 2
    return np.stack([np.column_stack([np.full_like(ys, x), low]), np.column_stack([x1, low]),
                     np.column_stack([x1, high]), np.column_stack([np.full_like(ys, x), high])], axis=1)


class ProbabilityBars:
    """Bars starting at stage x ``start`` beside the drawn output neurons."""

    def __init__(self, stage: Stage, start: float, unsure: float | None = None) -> None:
        lay, theme = stage.layout, stage.theme
        self.stage = stage
        room = PERCENT_ROOM[lay.compact]
        # As long as the design says, or as the room left before the panel allows.
        self.length = min(BAR_LENGTH[lay.compact], lay.panel_left - 0.02 - room - start)
        self.start = start
        self.ys = lay.centres[-1][:, 1]
        self.shown = lay.shown[-1]
        self.height = BAR_HEIGHT * 2 * lay.radius
        track = PolyCollection(_rectangles(start, self.ys, np.full(len(self.ys), self.length), self.height),
                               facecolors=to_rgba(theme.neuron_ring, 0.25), edgecolors="none", zorder=0.5)
        stage.ax.add_collection(track)  # background: it never changes
        self.unsure = unsure
        if unsure is not None:  # below this mark the network says "I don't know"
            x = start + unsure * self.length
            marks = [((x, y - self.height * 0.9), (x, y + self.height * 0.9)) for y in self.ys]
            stage.ax.add_collection(LineCollection(marks, colors=theme.muted, linewidths=1.2, zorder=0.5))
            # Over the top mark, what it is: a mark no word explains read as a glitch, and a
            # bare "60%" over the bars as a probability.
            said = f"≥{percent(unsure)}" if lay.compact else f"answers from {percent(unsure)}"
            stage.ax.text(x, self.ys.max() + self.height * 0.9 + 0.006, said, ha="center", va="bottom",
                          fontsize=stage.design.input_name * (1.0 if lay.compact else 0.8), color=theme.muted,
                          zorder=0.5)
        self._answer, self._others = np.array(to_rgba(theme.glow_core)), np.array(to_rgba(theme.neuron_mid))
        self.bars = stage.overlay(stage.ax.add_collection(PolyCollection(
            _rectangles(start, self.ys, np.zeros(len(self.ys)), self.height), edgecolors="none",
            zorder=BAR_ZORDER)))
        stage.extents[self.bars] = stage.pixels(start - 0.005, self.ys.min() - self.height,
                                                start + self.length + 0.005, self.ys.max() + self.height)
        # Drawn character by character from a dozen shared images: a new percentage costs nothing.
        words = dict(fontsize=stage.design.input_name * 0.8, color=theme.muted, ha="left", va="center",
                     zorder=BAR_ZORDER, by_character=True, cache={})
        x = start + self.length + 0.008
        self.percents = [stage.text(*stage.on_pixel(x, y), **words) for y in self.ys] if room else []
        self._colours = (theme.text, theme.muted)

    def show(self, shot: Shot) -> None:
        p, answer = _lit_answer(shot)
        drawn = p[self.shown]
        self.bars.set_verts(_rectangles(self.start, self.ys, drawn * self.length, self.height))
        colours = np.where((self.shown == answer)[:, None], self._answer, self._others)
        self.bars.set_facecolor(colours)
        # The percentages are real outputs (the bars may be growing towards theirs): the
        # numbers the output neurons show, none where they show none.
        outputs = np.asarray(shot.numbers()[-1], dtype=float)
        said = outputs[self.shown]
        extra = answer_decimals(outputs, self.unsure) if answer >= 0 else 0  # once a shot, not a bar
        for text, k, value in zip(self.percents, self.shown, said):
            shown = p.any() and np.isfinite(value)
            text.set_text(_percent_of(k, outputs, answer, self.unsure, extra) if shown else "")
            colour = self._colours[int(k != answer)]
            if text.get_color() != colour:
                text.set_color(colour)


def _lit_answer(shot: Shot) -> tuple[np.ndarray, int]:
    """The output layer's glow, 0 to 1 (the bars grow with it), and the answer it lights
    (-1 where none is lit yet)."""
    p = np.clip(np.asarray(shot.brightness()[-1], dtype=float), 0.0, 1.0)
    return p, int(np.argmax(p)) if p.any() else -1


def _percent_of(k: int, outputs: np.ndarray, answer: int, unsure: float | None,
                extra: int | None = None) -> str:
    """Output ``k``'s percentage. The answer's is the panel's ("It says a (50.3% sure)": its
    bar had said "50%"), with the decimals that tell it from the next output (``extra``,
    answer_decimals' count, where the caller has it), and so is any other's that would read
    as much ("32%" beside "32%" had named one as the answer)."""
    if extra is None:
        extra = answer_decimals(outputs, unsure) if answer >= 0 else 0
    if k == answer:
        return percent(outputs[k], extra, below=unsure, above=0.5)
    text = percent(outputs[k], below=unsure)
    if extra and text == percent(outputs[answer], below=unsure):
        return percent(outputs[k], extra, below=unsure)
    return text


class LeftOutAnswer:
    """Beside the ellipsis of a summarised output layer, the answer when it is one of the
    classes left out: 30 classes had been drawn as 0-8 and 21-29, all near 0%, while the
    network answered "class 18 (94%)", as if it answered nothing. Said with bars or without
    (a small frame's 12 classes have no room for bars, and had not said it)."""

    def __init__(self, stage: Stage, x: float, y: float, classes: Sequence[str],
                 unsure: float | None = None) -> None:
        """``x``: where the output names start; ``y``: the ellipsis's row."""
        self.stage, self.unsure = stage, unsure
        self.text = stage.text(*stage.on_pixel(x, y), fontsize=stage.design.input_name,
                               color=stage.theme.text, ha="left", va="center", zorder=BAR_ZORDER)
        self._room = stage.layout.panel_left - 0.01 - x
        self._names = [str(name) for name in classes]
        self._shown = stage.layout.shown[-1]
        self._said: dict[int, str] = {}  # each class's name, cut to the room once

    def show(self, shot: Shot) -> None:
        _, answer = _lit_answer(shot)  # as the bars read it
        outputs = np.asarray(shot.numbers()[-1], dtype=float)
        hidden = answer >= 0 and answer not in self._shown and np.isfinite(outputs[answer])
        self.text.set_text(self._words(answer, outputs) if hidden else "")

    def _words(self, answer: int, outputs: np.ndarray) -> str:
        """"class 18: 94%", the name cut to the room beside the ellipsis."""
        if answer not in self._said:  # told apart from every class ("species nu…: 8%" had named none)
            style = dict(fontsize=self.text.get_fontsize())
            # The widest a percentage can be written (an answer near the next takes decimals).
            room = self._room - self.stage.width_of(": 99.999%", **style)
            self._said[answer] = self.stage.fit_apart([self._names[answer]], room, among=self._names,
                                                      **style)[0]
        return f"{self._said[answer]}: {_percent_of(answer, outputs, answer, self.unsure)}"
