"""The panel of a small table learnt example by example (XOR): the moment in words, every
example of the training set with the network's answers filling in, and the average error."""

from __future__ import annotations

import numpy as np
from matplotlib.patches import FancyBboxPatch, Rectangle

from ...recording import Setup
from ...timeline import Shot
from ..caption import Caption, Story, caption
from ..diagram import MONO
from ..stage import Stage


class TablePanel:
    """The training set as a table beside the network (see :mod:`..caption` for its words)."""

    def __init__(self, stage: Stage, setup: Setup) -> None:
        self.stage = stage
        self.story = Story(setup.dataset, tuple(setup.sizes), setup.steps, compact=stage.layout.compact)
        ax, lay, theme, design = stage.ax, stage.layout, stage.theme, stage.design
        left, right = lay.panel_left, lay.panel_right
        bottom, top = design.panel
        ax.add_patch(
            FancyBboxPatch(
                (left, bottom), right - left, top - bottom, boxstyle="round,pad=0,rounding_size=0.02",
                facecolor=theme.panel, edgecolor="none", zorder=0,
            )
        )
        pad = design.pad
        x0 = left + pad
        text = dict(color=theme.text, va="center", zorder=5)
        self.title = stage.text(x0, design.title_y, fontsize=design.title, weight="bold", **text)
        self.subtitle = stage.text(x0, design.subtitle_y, fontsize=design.subtitle,
                                   **(text | dict(color=theme.muted)))
        self.line1 = stage.text(x0, design.line1_y, fontsize=design.line, **text)
        # During training the second line is three facts, "desired 1   network 0.73   error
        # +0.27", set as six pieces: words that recur and short numbers, which are cheap to
        # draw the first time and then come from cache.
        self.line2 = stage.line(x0, design.line2_y, 6, fontsize=design.line, **text)

        # The training set, one row per example, plus a row for the new situation.
        n = setup.dataset.n_examples
        self.row_step = min(design.row_step, design.rows_span / (n + 1))
        header_y = design.header_y
        columns = np.array(design.columns) * (right - left - 2 * pad) + x0
        head = dict(fontsize=design.head, color=theme.muted, va="center", family=MONO, zorder=0.5)
        for column, name in zip(columns, ("inputs", "desired", "network")):
            ax.text(column, header_y, name, **head)
        self.row_y = header_y - self.row_step * (np.arange(n + 1) + 1.1)
        cell = dict(fontsize=design.cell, color=theme.text, va="center", family=MONO, zorder=5)
        # The network's answers change every cycle: drawn by character, from images shared
        # down the column (anchored on pixel corners so that they can be shared).
        answers: dict = {}
        self.cells = [
            [stage.text(c, y, **cell) for c in columns[:2]]
            + [stage.text(*stage.on_pixel(columns[2], y), **cell, cache=answers, by_character=True)]
            for y in self.row_y
        ]
        self.highlight = stage.overlay(
            ax.add_patch(
                FancyBboxPatch(
                    (x0 - 0.015, 0), right - left - 2 * pad + 0.03, self.row_step * 0.86,
                    boxstyle="round,pad=0,rounding_size=0.008", facecolor=theme.highlight,
                    edgecolor="none", zorder=1, visible=False,
                )
            )
        )

        # Average error: a label and a bar on a 0..1 scale.
        self.error_line = stage.line(x0, design.error_y, 2, fontsize=design.error, color=theme.muted,
                                     va="center", zorder=5)
        self.bar_width = right - left - 2 * pad
        bar_y, bar_height = design.bar
        ax.add_patch(Rectangle((x0, bar_y), self.bar_width, bar_height, facecolor=theme.highlight,
                               zorder=0.5))
        self.bar = stage.overlay(
            ax.add_patch(Rectangle((x0, bar_y), 0, bar_height, facecolor=theme.error_bar, zorder=2))
        )

    def caption(self, shot: Shot) -> Caption:
        return caption(shot, self.story)

    def show(self, shot: Shot, words: Caption) -> None:
        stage = self.stage
        renderer, units = stage.canvas.get_renderer(), stage.layout.stage_pixels
        self.title.set_text(words.title)
        self.subtitle.set_text(words.subtitle)
        self.line1.set_text(words.line1)
        self.line2.set(words.line2, renderer, units)
        for cells, row in zip(self.cells, words.rows):
            for cell, string in zip(cells, row or ("", "", "")):
                cell.set_text(string)
        # Set only what changed: any setter marks the artist for redrawing.
        self.highlight.set_visible(words.current is not None)
        if words.current is not None:
            y = self.row_y[words.current] - self.row_step * 0.43
            if self.highlight.get_y() != y:
                self.highlight.set_y(y)
        self.error_line.set(words.error, renderer, units)
        width = self.bar_width * words.error_bar
        if self.bar.get_width() != width:
            self.bar.set_width(width)
