"""A curve of the loss or the accuracy, step by step up to the shot's step.

Training is the solid line, the test set the dashed one. Steps run from 1 to the last step of
training, so the curve grows rightwards as the video goes on; over more than LOG_FROM steps
the axis is logarithmic, as the shown steps are spaced: every shot then moves the curve on by
about as much, and the early steps, where most is learnt, get the room they deserve.

The frame and the axis labels are background; the lines, the heading (what is plotted, with
its latest values) and the loss's top value change with the shots.
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib.lines import Line2D

from ..recording import Curve
from .stage import Stage

LOG_FROM = 30  # steps from which the step axis is logarithmic
LINE_WIDTH = 2.0  # points
# A dot on each line's latest value: where the curve stands now, and all there is to see of
# a curve of one step (a line needs two).
DOT_SIZE = 6.0  # points across
TICK_MARK = 3.0  # points: how far the marks of the powers of ten reach below the axis
# Where the accuracy's scale may start: the highest of these below every accuracy so far.
# A network past 90 % from its first epoch (MNIST's 93 % to 97 %) had drawn a flat line
# along the top of a scale from 0; starting the scale at 90 % at most (ten times closer)
# shows the gains without blowing up a point's noise into swings.
ACCURACY_FLOORS = (0.0, 0.5, 0.8, 0.9)


def nice_top(value: float) -> float:
    """The smallest of 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 (times a power of ten) at or above ``value``."""
    if not (value > 1e-300 and math.isfinite(value)):  # a subnormal's power of ten is 0
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    for step in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if value <= step * power * (1 + 1e-9):
            return step * power
    return 10 * power


def accuracy_floor(lowest: float) -> float:
    """The bottom of the accuracy's scale for accuracies down to ``lowest``: the highest of
    ACCURACY_FLOORS at least 2 % of the scale below it, so that no point lies on the axis."""
    if not math.isfinite(lowest):
        return 0.0
    return max((f for f in ACCURACY_FLOORS if f <= lowest - 0.02 * (1 - f)), default=0.0)


def step_ticks(total: int, first: int = 1) -> list[int]:
    """The steps that may be labelled under the axis: the first (1, or 0 for a run recorded
    from step 0), the powers of ten below the last on a logarithmic axis, and the last
    (:meth:`CurvePlot._ticks` keeps those with room)."""
    if total <= first:
        return [first]
    if total < LOG_FROM:
        return [first, total]
    return [first, *(10**k for k in range(1, 12) if 10**k < total), total]


class CurvePlot:
    """One plot: ``what`` is "loss" or "accuracy"; ``box`` its left, bottom, right, top."""

    def __init__(self, stage: Stage, box: tuple[float, float, float, float], what: str, total: int,
                 step_name: str, *, tick: float, heading_gap: float, ticks_gap: float, ticks: bool,
                 heading_size: float, y_labels: bool, first: int = 1) -> None:
        # The axis runs from the first step (0 where the run was recorded from step 0: its
        # value there had shared a place with step 1's and hidden it) to the last.
        self.stage, self.what, self.total, self.first = stage, what, max(1, total), first
        self.log = self.total >= LOG_FROM
        ax, theme = stage.ax, stage.theme
        x0, y0, x1, y1 = box
        self.box = box
        frame = dict(color=theme.highlight, lw=1.2, zorder=0.5, solid_capstyle="butt")
        ax.plot([x0, x1], [y0, y0], **frame)  # the axis
        ax.plot([x0, x1], [(y0 + y1) / 2] * 2, **(frame | dict(lw=0.8, linestyle=(0, (2, 3)))))
        ax.plot([x0, x0], [y0, y1], **frame)
        muted = dict(fontsize=tick, color=theme.muted, va="center", zorder=0.5)
        if ticks:
            for x, text, align in self._ticks(step_name, muted):
                ax.text(x, y0 - ticks_gap, text, ha=align, **muted)
        if self.log:  # a mark under the axis at 1, 10, 100, …: evenly spaced, as on a log scale
            mark = TICK_MARK / stage.layout.stage_pixels * stage.dpi / 72
            for x in self._x(np.array(step_ticks(self.total, first)[:-1], dtype=float)):
                ax.plot([x, x], [y0, y0 - mark], **frame)
        # The top of the scale, left of the plot: each label centred on its value's line.
        beside = dict(fontsize=tick, color=theme.muted, ha="right", va="center", zorder=0.5)
        gap = 0.008
        if y_labels and what == "accuracy":  # its scale ends at 100 %, and starts at 0 or higher
            ax.text(x0 - gap, y1, "100%", **beside)
        if y_labels and what == "loss":
            ax.text(x0 - gap, y0, "0", **beside)
        line = dict(lw=LINE_WIDTH, zorder=2, solid_capstyle="round", dash_capstyle="round", marker="o",
                    markersize=DOT_SIZE, markeredgewidth=0, markevery=[])
        self.train = stage.overlay(ax.add_line(Line2D([], [], color=theme.text, **line)))
        dashed = dict(color=theme.glow, linestyle=(0, (3, 2)))
        self.test = stage.overlay(ax.add_line(Line2D([], [], **dashed, **line)))
        reach = max(LINE_WIDTH, DOT_SIZE / 2) * stage.dpi / 72
        area = stage.pixels(x0, y0, x1, y1).padded(reach)
        for artist in (self.train, self.test):
            stage.extents[artist] = area
        # The heading starts over the scale's labels, where there are some.
        left = x0 - gap - stage.width_of("100%", **beside) if y_labels else x0
        # A new heading every shot (its numbers change): set from shared character images.
        self._fits: dict[str, bool] = {}
        self.heading = stage.text(left, y1 + heading_gap, fontsize=heading_size, color=theme.text,
                                  va="center", zorder=5, by_character=True)
        self._heading_room = (x1 - left) * stage.layout.stage_pixels  # pixels, to the plot's right edge
        # The loss has no fixed scale: its top follows the largest loss so far. The accuracy's
        # bottom follows the lowest accuracy so far (see accuracy_floor).
        self.top = self.bottom = None
        if y_labels and what == "loss":
            self.top = stage.text(x0 - gap, y1, **(beside | dict(zorder=5)))
        if y_labels and what == "accuracy":
            self.bottom = stage.text(x0 - gap, y0, **(beside | dict(zorder=5)))
            self.bottom.set_text("0")
        self._shown: tuple | None = None

    def _ticks(self, step_name: str, style: dict) -> list[tuple[float, str, str]]:
        """The axis labels that fit: the first ("epoch 1") and the last always, the powers of
        ten between only where they keep clear of their neighbours. A logarithmic axis must
        show that it is one: where "epoch 1" leaves a power of ten no room, the first label is
        "1" (the panel above says what the steps are)."""
        steps = step_ticks(self.total, self.first)
        xs = self._x(np.array(steps, dtype=float))
        numbers = [f"{step:,}" for step in steps]
        if len(steps) == 1:
            return [(xs[0], f"{step_name} {self.first}", "left")]
        named = self._fitted(xs, [f"{step_name} {self.first}", *numbers[1:]], style)
        if self.log and len(named) < len(steps):
            bare = self._fitted(xs, numbers, style)
            if len(bare) > len(named):
                return bare
        return named

    def _fitted(self, xs: np.ndarray, texts: list[str], style: dict) -> list[tuple[float, str, str]]:
        """The first and last labels, and those between that keep clear of their neighbours."""
        widths = [self.stage.width_of(text, **style) for text in texts]
        room = 1.5 * self.stage.width_of("0", **style)  # a digit and a half between labels
        left_end = xs[0] + widths[0] + room  # the first label is set from its point rightwards
        right_start = xs[-1] - widths[-1] - room  # the last up to its point
        kept = [(xs[0], texts[0], "left")]
        for x, text, width in zip(xs[1:-1], texts[1:-1], widths[1:-1]):
            if x - width / 2 >= left_end and x + width / 2 <= right_start:
                kept.append((x, text, "center"))
                left_end = x + width / 2 + room
        return kept + [(xs[-1], texts[-1], "right")]

    def _x(self, steps: np.ndarray) -> np.ndarray:
        x0, _, x1, _ = self.box
        if self.total <= self.first:
            return np.full(len(steps), x0, dtype=float)
        if self.log:  # log(step), or log(1 + step) for an axis from step 0
            shift = 1 - self.first
            where = np.log(np.maximum(steps + shift, 1)) / math.log(self.total + shift)
        else:
            where = (steps - self.first) / (self.total - self.first)
        return x0 + np.clip(where, 0.0, 1.0) * (x1 - x0)

    def fits(self, heading: str) -> bool:
        """Whether ``heading`` fits over the plot (asked every frame: each string measured once)."""
        if heading not in self._fits:
            width = self.heading.width(heading, self.stage.canvas.get_renderer())
            self._fits[heading] = width <= self._heading_room
        return self._fits[heading]

    def show(self, curve: Curve | None, heading: str) -> None:
        self.heading.set_text(heading)
        if curve is None or not len(curve):
            steps, train, test = np.empty(0), np.empty(0), np.empty(0)
        elif self.what == "loss":
            steps, train, test = curve.steps, curve.loss, curve.test_loss
        else:
            steps, train, test = curve.steps, curve.accuracy, curve.test_accuracy
        key = (len(steps), steps[-1] if len(steps) else None, id(curve))
        if key == self._shown:
            return
        self._shown = key
        x0, y0, x1, y1 = self.box
        bottom, top = 0.0, 1.0
        measured = np.concatenate([train[np.isfinite(train)], test[np.isfinite(test)]])
        if self.what == "loss":
            top = nice_top(float(measured.max())) if len(measured) else 1.0
            if self.top is not None:
                self.top.set_text(f"{top:g}".replace("-", "\u2212"))
        elif self.bottom is not None:
            # Only a scale that is labelled starts above 0: unlabelled (a small frame's plots),
            # a curve from 93 % to 97 % would read as one from nothing to nearly everything.
            bottom = accuracy_floor(float(measured.min())) if len(measured) else 0.0
            self.bottom.set_text(f"{100 * bottom:g}%" if bottom else "0")
        x = self._x(steps)
        for line, values in ((self.train, train), (self.test, test)):
            # Each line joins its own measurements: a test set measured every 25 steps
            # between training values every step had been 25 isolated points, no line.
            measured = np.flatnonzero(np.isfinite(values))
            keep = measured[_one_per_column(x[measured], self.stage.layout.stage_pixels)]
            y = y0 + np.clip((values[keep] - bottom) / (top - bottom), 0.0, 1.0) * (y1 - y0)
            line.set_data(x[keep], y)
            line.set_markevery([len(y) - 1] if len(y) else [])


def _one_per_column(x: np.ndarray, stage_pixels: float) -> np.ndarray:
    """Indices of the points to draw: about two per pixel column (a long run of steps need
    not be drawn a step at a time), and always the last."""
    if len(x) <= 2:
        return np.arange(len(x))
    columns = np.round(x * stage_pixels * 2)
    first = np.flatnonzero(np.diff(columns, prepend=columns[0] - 1) != 0)
    return np.union1d(first, [len(x) - 1])
