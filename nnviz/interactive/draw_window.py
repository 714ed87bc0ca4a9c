"""The window of ``nnviz draw``: a drawing pad beside a trained network that answers as you draw
(3Blue1Brown's demo, locally).

Every mouse move that lays ink runs the network on the pad's input and redraws only what
changes: the pad, the input the network reads, every neuron's glow, the ten probabilities and
the answer, and the weight grid of the clicked first-hidden neuron, "revealed" where there is
ink (its pixels full strength under the ink, faint elsewhere: the ink it is weighing). The
rest of the figure (synapses, names, frames) is drawn once and kept as a background, and the
changing artists are blitted over it: a full update for 784-16-16-10 takes a few
milliseconds (``benchmarks/draw_speed.py``).

Mouse: left button draws, right button erases; a click on a first-hidden neuron shows its
weights. Keys: c clears, x puts a test picture on the pad, ← → pick the neuron, q closes.
"""

from __future__ import annotations

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.widgets import Button

from ..render.activity import number
from ..render.panels.grids import weight_colours
from ..render.plain_text import with_plain_text
from ..render.sprites import CachedText
from ..style import DARK, Theme
from .look import (
    MONO,
    BlockImage,
    button_style,
    close_key,
    coloured,
    glow_colours,
    layer_scales,
    lut,
    new_figure,
    rgb,
)
from .look import input_scale as _input_scale
from .pad import Pad
from .subjects import Trained

FIGURE = (14, 8.6)


class DrawWindow:
    """The pad and the network of ``trained``."""

    @with_plain_text
    def __init__(self, trained: Trained, theme: Theme = DARK, figure=None, blit: bool | None = None) -> None:
        self.trained, self.theme = trained, theme
        self.network = trained.network
        self.sizes = self.network.sizes
        self.pad = Pad(trained.image_shape)
        self.figure = (
            figure if figure is not None else new_figure(FIGURE, theme, f"nnviz draw {trained.name}")
        )
        self.canvas = self.figure.canvas
        self.blit = bool(getattr(self.canvas, "supports_blit", False)) if blit is None else blit
        self.selected = 0
        self.erasing = False
        self.drawing = False
        self._example = 0
        self.background = None
        self.scales = layer_scales(self.network.hidden, len(self.sizes), _input_scale(np.array([0.0, 1.0])))
        self._build()
        self.canvas.mpl_connect("button_press_event", self._press)
        self.canvas.mpl_connect("motion_notify_event", self._move)
        self.canvas.mpl_connect("button_release_event", self._release)
        self.canvas.mpl_connect("key_press_event", self._key)
        self.canvas.mpl_connect("draw_event", self._drawn)
        self.activations = self.network.forward(self.pad.inputs(self._dtype))
        self.refresh(draw=False)

    @property
    def _dtype(self):
        return self.network.W[0].dtype

    # ================================================================ building
    def _build(self) -> None:
        fig, theme = self.figure, self.theme
        aspect = FIGURE[0] / FIGURE[1]
        rows, cols = self.pad.shape
        fig.text(
            0.015,
            0.965,
            f"nnviz draw: {self.trained.name}",
            color=theme.text,
            fontsize=15,
            weight="bold",
            va="center",
        )
        accuracy = (
            ""
            if self.trained.test_accuracy is None
            else f" \u00b7 {self.trained.test_accuracy:.1%} right on its test pictures"
        )
        sizes = "-".join(map(str, self.sizes))
        fig.text(
            0.015,
            0.93,
            f"a {sizes} {self.network.hidden} network{accuracy} \u00b7 left button draws, "
            "right button erases \u00b7 click a first-layer neuron for its weights \u00b7 c clears \u00b7 "
            "x a test picture",
            color=theme.muted,
            fontsize=10,
            va="center",
        )
        side = 0.66
        self.ax_pad = fig.add_axes((0.02, 0.14, side / aspect, side))
        self.ax_pad.set_xticks([])
        self.ax_pad.set_yticks([])
        for spine in self.ax_pad.spines.values():
            spine.set_color(theme.neuron_ring)
        self._lut = lut(theme)
        self.ax_pad.set_facecolor(theme.background)
        self.pad_image = BlockImage(self.ax_pad, self._coloured(self.pad.ink), animated=self.blit)
        self.ax_pad.set_title(f"draw here ({rows}\u00d7{cols})", color=theme.muted, fontsize=10)
        self.preview = None
        if self.pad.factor > 1:
            r, c = self.pad.image_shape
            ax = fig.add_axes((0.02 + side / aspect + 0.012, 0.14, 0.07, 0.07 * aspect * r / c))
            ax.set_xticks([])
            ax.set_yticks([])
            for spine in ax.spines.values():
                spine.set_color(theme.neuron_ring)
            ax.set_title(f"what it reads\n({r}\u00d7{c})", color=theme.muted, fontsize=8.5)
            self.preview = BlockImage(ax, self._coloured(np.zeros(self.pad.image_shape)), animated=self.blit)
        self._build_network()
        self._build_grid()
        self._build_buttons()

    def _build_network(self) -> None:
        fig, theme = self.figure, self.theme
        ax = self.ax_net = fig.add_axes((0.50, 0.06, 0.30, 0.84))
        ax.set_axis_off()
        layers = list(range(1, len(self.sizes)))
        most = max(self.sizes[i] for i in layers)
        ax.set_xlim(-0.35, len(layers) - 1 + 1.45)
        ax.set_ylim(-0.55, 0.55)
        self.centres = {}
        for column, layer in enumerate(layers):
            n = self.sizes[layer]
            ys = (np.arange(n)[::-1] - (n - 1) / 2) / max(most - 1, 1) * 0.95
            self.centres[layer] = np.column_stack([np.full(n, float(column)), ys])
        segments, colours = [], []
        positive, negative = rgb(theme.positive), rgb(theme.negative)
        for layer in layers[:-1]:
            W = np.asarray(self.network.W[layer], dtype=float)
            largest = float(np.max(np.abs(W))) or 1.0
            for i, a in enumerate(self.centres[layer]):
                for j, b in enumerate(self.centres[layer + 1]):
                    w = W[i, j]
                    segments.append((a, b))
                    colours.append((*(positive if w >= 0 else negative), 0.08 + 0.5 * abs(w) / largest))
        ax.add_collection(LineCollection(segments, colors=colours, linewidths=0.8, zorder=1))
        ax.text(
            0,
            0.53,
            f"{self.sizes[0]:,} inputs \u2192\nfirst hidden layer",
            color=theme.muted,
            fontsize=8.5,
            ha="center",
            va="bottom",
        )
        every = np.vstack([self.centres[layer] for layer in layers])
        self._layers = layers
        self._offsets = np.cumsum([0] + [self.sizes[layer] for layer in layers])
        self.diameter = float(np.clip(300 / most, 8, 26))
        self.neurons = ax.scatter(
            every[:, 0],
            every[:, 1],
            s=self.diameter**2,
            c=[rgb(theme.neuron_dark)],
            edgecolors=theme.neuron_ring,
            linewidths=1.0,
            zorder=3,
            animated=self.blit,
        )
        first = self.centres[1][self.selected]
        self.ring = ax.scatter(
            [first[0]],
            [first[1]],
            s=(self.diameter + 8) ** 2,
            facecolors="none",
            edgecolors=theme.glow,
            linewidths=2.2,
            zorder=4,
            animated=self.blit,
        )
        # The outputs: each class's name, a probability bar and its percentage.
        outs = self.centres[len(self.sizes) - 1]
        x0 = outs[0, 0] + 0.2
        names = [ax.text(x0, y, name, color=theme.text, fontsize=10.5, ha="left", va="center")
                 for name, (_, y) in zip(self.trained.classes, outs)]
        # The bars start clear of the longest name ("triangle"), and end where a digit's would.
        right = max(name.get_window_extent(self.figure.canvas.get_renderer()).x1 for name in names)
        named_end = ax.transData.inverted().transform((right, 0.0))[0]
        self.bar_x = max(x0 + 0.22, named_end + 0.06)
        self.bar_length = max(0.85 - (self.bar_x - x0 - 0.22), 0.4)
        bar_height = min(0.6 / len(outs), 0.05)
        for _, y in outs:
            ax.add_patch(_rect((self.bar_x, y - bar_height / 2), self.bar_length, bar_height, theme.panel))
        self.bars = [
            ax.add_patch(
                _rect(
                    (self.bar_x, y - bar_height / 2),
                    0.0,
                    bar_height,
                    theme.glow,
                    animated=self.blit,
                    clip_on=False,
                )
            )
            for _, y in outs
        ]
        percents: dict = {}
        self.percents = [
            ax.add_artist(
                CachedText(
                    self.bar_x + self.bar_length + 0.03,
                    y,
                    "",
                    color=theme.text,
                    fontsize=9,
                    family=MONO,
                    ha="left",
                    va="center",
                    cache=percents,
                    animated=self.blit,
                    clip_on=False,
                )
            )
            for _, y in outs
        ]
        self.answer = ax.add_artist(
            CachedText(
                0.0,
                0.0,
                "",
                color=theme.text,
                fontsize=13,
                ha="left",
                va="center",
                transform=fig.transFigure,
                animated=self.blit,
                clip_on=False,
            )
        )
        self.answer.set_position((0.655, 0.89))

    def _build_grid(self) -> None:
        fig, theme = self.figure, self.theme
        aspect = FIGURE[0] / FIGURE[1]
        r, c = self.pad.image_shape
        self.ax_grid = fig.add_axes((0.835, 0.45, 0.15, 0.15 * aspect * r / c))
        self.ax_grid.set_xticks([])
        self.ax_grid.set_yticks([])
        for spine in self.ax_grid.spines.values():
            spine.set_color(theme.glow)
        self.grid_image = BlockImage(self.ax_grid, np.zeros((r, c, 3), dtype=np.uint8), animated=self.blit)
        words = dict(transform=self.ax_grid.transAxes, color=theme.text, fontsize=9.5, ha="left", va="bottom",
                     animated=self.blit, clip_on=False)
        self.grid_title = self.ax_grid.add_artist(CachedText(0.0, 1.03, "", **words))
        self.grid_value = self.ax_grid.add_artist(CachedText(0.82, 1.03, "", family=MONO, by_character=True,
                                                             **words))
        fig.text(
            0.835,
            0.43,
            "its weights from every pixel:\ngreen +, red \u2212, bright where\n"
            "there is ink (what it weighs now)",
            color=theme.muted,
            fontsize=8.5,
            va="top",
        )
        self._grid_colours = (rgb(theme.positive), rgb(theme.negative), rgb(theme.panel))

    def _build_buttons(self) -> None:
        style = button_style(self.theme)
        self.buttons = {}
        for k, (name, label) in enumerate((("clear", "Clear  [c]"), ("example", "Test picture  [x]"))):
            ax = self.figure.add_axes((0.02 + k * 0.14, 0.03, 0.13, 0.06))
            button = Button(ax, label, **style)
            button.label.set_color(self.theme.text)
            button.on_clicked(lambda event, name=name: self.press_button(name))
            self.buttons[name] = button

    # ================================================================ events
    def _pad_xy(self, event) -> tuple[float, float] | None:
        """Where on the pad (pixels: x right, y down) a mouse event is, if it is on it."""
        if event.x is None:
            return None
        return self.pad_image.pixel_at(event.x, event.y)

    def _press(self, event) -> None:
        where = self._pad_xy(event)
        if where is not None and event.button in (1, 3):
            self.drawing, self.erasing = True, event.button == 3
            self.pad.press(*where, erase=self.erasing)
            self.update()
        elif event.inaxes is self.ax_net and event.button == 1:
            j = self._first_hidden_at(event)
            if j is not None:
                self.select(j)

    def _move(self, event) -> None:
        if not self.drawing:
            return
        where = self._pad_xy(event)
        if where is None:
            return
        self.pad.move(*where, erase=self.erasing)
        self.update()

    def _release(self, event) -> None:
        self.drawing = False
        self.pad.release()

    def _key(self, event) -> None:
        if close_key(self, event):
            return
        if event.key == "c":
            self.press_button("clear")
        elif event.key == "x":
            self.press_button("example")
        elif event.key in ("left", "right"):
            self.select((self.selected + (1 if event.key == "right" else -1)) % self.sizes[1])

    def _first_hidden_at(self, event) -> int | None:
        centres = self.ax_net.transData.transform(self.centres[1])
        distances = np.hypot(centres[:, 0] - event.x, centres[:, 1] - event.y)
        j = int(np.argmin(distances))
        return j if distances[j] <= self.diameter / 2 * self.figure.dpi / 72 * 1.4 else None

    def press_button(self, name: str) -> None:
        if name == "clear":
            self.pad.clear()
        elif name == "example":
            examples = self.trained.examples
            if examples is None or not len(examples):
                return
            self.pad.load(examples[self._example % len(examples)])
            self._example += 1
        self.update()

    def select(self, j: int) -> None:
        """Show first-hidden neuron ``j``'s weight grid."""
        self.selected = int(j)
        self.ring.set_offsets([self.centres[1][self.selected]])
        self.update()

    # ================================================================ drawing
    def update(self) -> None:
        """The pad's input through the network, and every changed artist redrawn."""
        self.activations = self.network.forward(self.pad.inputs(self._dtype))
        self.refresh()

    def refresh(self, draw: bool = True) -> None:
        a, theme = self.activations, self.theme
        self.pad_image.set_data(self._coloured(self.pad.ink))
        if self.preview is not None:
            self.preview.set_data(self._coloured(a[0].reshape(self.pad.image_shape)))
        levels = np.concatenate([self.scales[layer].glow(a[layer]) for layer in self._layers])
        self.neurons.set_facecolor(glow_colours(theme, levels))
        probabilities = np.asarray(a[-1], dtype=float)
        best = int(np.argmax(probabilities))
        for k, (bar, text, p) in enumerate(zip(self.bars, self.percents, probabilities)):
            bar.set_width(self.bar_length * p)
            bar.set_facecolor(theme.glow_core if k == best else theme.neuron_mid)
            text.set_text(f"{p:4.0%}")
        drawn = self.pad.ink.any()
        self.answer.set_text(
            f"it reads: {self.trained.classes[best]}   ({probabilities[best]:.0%} sure)"
            if drawn
            else "draw something"
        )
        W = np.asarray(self.network.W[0][:, self.selected], dtype=float)
        colours = weight_colours(W.reshape(self.pad.image_shape), *self._grid_colours).astype(float) / 255
        ink = np.asarray(a[0], dtype=float).reshape(self.pad.image_shape)
        reveal = 0.3 + 0.7 * np.clip(ink, 0, 1)
        colours = rgb(theme.panel) + (colours[..., :3] - rgb(theme.panel)) * reveal[..., None]
        self.grid_image.set_data(np.round(colours * 255))
        value = float(a[1][self.selected])
        self.grid_title.set_text(f"first hidden neuron {self.selected + 1}:")
        self.grid_value.set_text(number(value))
        if draw:
            self.redraw()

    def _coloured(self, ink: np.ndarray) -> np.ndarray:
        """Ink as RGB bytes in the glow's colours (coloured at the pad's size, not the screen's)."""
        return coloured(self._lut, ink)

    @property
    def animated(self) -> list:
        parts = [
            self.pad_image,
            self.preview,
            self.neurons,
            self.ring,
            *self.bars,
            *self.percents,
            self.answer,
            self.grid_image,
            self.grid_title,
            self.grid_value,
        ]
        return [p for p in parts if p is not None]

    def redraw(self) -> None:
        """Blit the changed artists over the kept background (or redraw everything where the
        backend cannot blit, or before the first full draw)."""
        if not self.blit:
            self.canvas.draw_idle()
            return
        if self.background is None:
            self.canvas.draw()  # the draw_event handler keeps the background and draws the rest
            return
        self.canvas.restore_region(self.background)
        for artist in self.animated:
            self.figure.draw_artist(artist)
        self.canvas.blit(self.figure.bbox)

    def _drawn(self, event) -> None:
        """After a full draw (the first, a resize): keep it as the background, add the rest."""
        if not self.blit:
            return
        self.background = self.canvas.copy_from_bbox(self.figure.bbox)
        for artist in self.animated:
            self.figure.draw_artist(artist)

    def probabilities(self) -> np.ndarray:
        return np.asarray(self.activations[-1], dtype=float)

    def show(self) -> None:
        import matplotlib.pyplot as plt

        plt.show()


def _rect(xy, width, height, colour, **kwargs):
    from matplotlib.patches import Rectangle

    return Rectangle(xy, width, height, facecolor=colour, edgecolor="none", zorder=2, **kwargs)


def snapshot(window: DrawWindow, path, **kwargs) -> None:
    """Save the whole window as a picture (savefig leaves out animated artists: they are made
    ordinary for the moment)."""
    parts = window.animated
    for artist in parts:
        artist.set_animated(False)
    try:
        window.figure.savefig(path, facecolor=window.figure.get_facecolor(), **kwargs)
    finally:
        for artist in parts:
            artist.set_animated(window.blit)
        window.background = None
