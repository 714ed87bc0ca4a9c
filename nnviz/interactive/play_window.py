"""The window of ``nnviz play``: the network with its values on the wires, inputs to edit, and
buttons that run one step of learning at a time (Fast Forward Labs' explainer, locally).

Drawn with plain matplotlib artists rather than the video's :class:`~nnviz.render.scene.Renderer`
(which draws fixed-size frames into its own canvas): a window is resized, clicked and redrawn
piece by piece. The colours, the glow and the synapse widths are the video's.

- **Forward** (f): the activations flow from the inputs to the output, layer by layer; the
  output, the target and the cost appear, and a ring round the output as wide as its error
  (several outputs: the largest error's, the others by their deltas' share, as in step mode).
- **Backprop** (b): the error flows back: each layer of synapses flashes by its gradient as
  its weights change to their new values (the numbers on the wires change), each neuron is
  ringed by its delta on the output ring's scale (as in step mode); the cost of this example
  before and after the step is written.
- **Train ×N** (t): N more cycles (XOR) or epochs of the trainer; **N** (n) cycles N through
  1, 10, 100, 1000, …; **Reset** (r): the starting weights again.
- Inputs: a click on an input neuron toggles it between 0 and 1 (data of 0s and 1s, keys 1 to
  9 too); a click on the plane picks the nearest point (2-D data); a slider per input
  (other tables); ← and → step through the training examples (any data).
"""

from __future__ import annotations

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.ticker import MaxNLocator
from matplotlib.widgets import Button, Slider

from ..checks import MOST_ANNOTATED, annotated_fits, option
from ..data.extent import plane_of
from ..network import OUTPUTS, Network
from ..render.activity import error_ring, gradient_share, number
from ..render.labels import short, short_apart
from ..render.plain_text import with_plain_text
from ..style import DARK, MAP_CLASSES, Theme, synapse_opacity, synapse_width
from .look import (
    MONO,
    Flow,
    button_style,
    close_key,
    glow_colours,
    input_scale,
    layer_scales,
    new_figure,
    rgb,
    timers_run,
)
from .model import Backprop, Forward, PlayModel

FORWARD_SECONDS, BACKPROP_SECONDS = 0.6, 0.9
WIDTH_SHARE = 0.45  # the video's synapse widths (points at 1080 pixels high), for a window
LONGEST_NAME = 14  # characters of an input's or a class's name beside its neuron
SLIDER_NAME = 12  # ... beside its slider (three sliders to a row)
EDGE_PIXELS = 6  # an input's name keeps this far inside the window's left edge
VALUE_GAP = 7  # points from a neuron's rim to the number over it
INPUTS_SAID = 5  # of a table's inputs, in the text beside the network
MOST_WIRES = 400  # synapses drawn between two layers, at most (a picture's first layer is not)
STALE_GLOW = 0.4  # the halos of a forward pass whose weights have since been trained, greyed
TRAIN_COUNTS = {"cycle": (1, 10, 100, 1000, 10000), "epoch": (1, 5, 20, 100)}



def _smaller(sizes) -> str:
    """A network of these inputs and outputs small enough to have its weights written, in
    words ("" if there is none)."""
    inputs, outputs = sizes[0], sizes[-1]
    width = min(4, MOST_ANNOTATED // max(inputs, outputs, 1))
    if width < 2:  # hidden layers of one neuron learn little: "(16, 1, 1, 1)" suggested nothing useful
        return ""
    return f" ({option('layers', (inputs, width, width, outputs))} writes them)"

LAYER_GAP = 0.3  # the widest gap between two neurons of a layer, in the network axes' units

class PlayWindow:
    """The window for ``model``. ``animate`` (default: when the backend's timers run) makes
    Forward and Backprop flow over a few hundred milliseconds; without it (or after
    :meth:`finish`) each press lands at once, which is what tests drive."""

    @with_plain_text
    def __init__(
        self, model: PlayModel, theme: Theme = DARK, animate: bool | None = None, figure=None
    ) -> None:
        self.model, self.theme = model, theme
        data = model.dataset
        self.figure = (
            figure if figure is not None else new_figure((14, 8.6), theme, f"nnviz play {data.name}")
        )
        self.canvas = self.figure.canvas
        self.animate = timers_run(self.canvas) if animate is None else animate
        self.flow: Flow | None = None
        self.counts = TRAIN_COUNTS[model.unit]
        self.count = self.counts[min(2, len(self.counts) - 1)]
        self.picture = data.kind == "image" and data.image_shape is not None
        # A decision map has a colour a class (ten had coloured class 8 as class 0's orange).
        self.plane = data.kind == "points" and data.n_inputs == 2 and data.n_classes <= MAP_CLASSES
        self.binary = bool(np.all(np.isin(data.inputs, (0.0, 1.0)))) and data.n_inputs <= 9
        self.shown: Forward | None = None  # the forward pass whose numbers are shown
        self.stale = False  # the numbers shown are from before the weights changed
        self._build()
        self._connect()
        self.show_network(model.network)
        self.show_values(None)
        self.refresh_text()

    # ================================================================ building
    def _build(self) -> None:
        fig, theme, model = self.figure, self.theme, self.model
        right = 0.66
        self.ax = fig.add_axes((0.01, 0.14, right - 0.02, 0.80))
        self.ax.set_axis_off()
        fig.text(
            0.015,
            0.965,
            f"nnviz play: {model.dataset.name}",
            color=theme.text,
            fontsize=15,
            weight="bold",
            va="center",
        )
        self.status = fig.text(0.015, 0.93, "", color=theme.muted, fontsize=10.5, va="center")
        self._build_network()
        top = 0.94
        if self.plane:
            self.ax_plane = fig.add_axes((right + 0.03, 0.57, 0.27, 0.36))
            self._build_plane()
            top = 0.52
        self.info = fig.text(right + 0.01, top, "", color=theme.text, fontsize=10, family=MONO, va="top")
        self.ax_cost = fig.add_axes(
            (right + 0.05, 0.14, 0.27, 0.1 if self.plane else 0.3), facecolor=theme.panel
        )
        self._build_cost()
        self._build_buttons()
        if not self.binary and not self.plane and not self.picture and model.dataset.n_inputs <= 6:
            self._build_sliders()
        else:
            self.sliders = []

    def _build_network(self) -> None:
        model, theme, ax = self.model, self.theme, self.ax
        sizes = model.sizes
        first = 1 if self.picture else 0  # a picture's inputs are the picture, not 784 circles
        self.first = first
        drawn = list(range(first, len(sizes)))
        most = max(sizes[i] for i in drawn)
        # Neurons at most half their spacing wide, so a number fits between two of them.
        axes_points = 8.6 * 72 * (0.80 if self.picture or self.plane else 0.80)
        spacing = axes_points * (0.92 / 1.22) / max(most - 1, 1)
        diameter = float(np.clip(min(40, spacing * 0.5), 7, 40))  # points
        # The number over a neuron (its gap, a line of text and a point to spare) clears the
        # neuron above: at 16 a layer the numbers had touched the rims above them.
        for size in (9, 7) if diameter >= 16 else (7,):
            room = spacing - VALUE_GAP - 1.2 * size - 1
            if size == 7 or diameter <= room:
                break
        self.diameter = float(max(7.0, min(diameter, room)))
        self.centres: dict[int, np.ndarray] = {}
        for column, layer in enumerate(drawn):
            n = sizes[layer]
            # A short layer beside a tall one spreads out (its numbers need the room), up to
            # LAYER_GAP apart; a tall one fills the height.
            gap = min(0.92 / (n - 1), LAYER_GAP) if n > 1 else 0.0
            ys = (np.arange(n)[::-1] - (n - 1) / 2) * gap
            self.centres[layer] = np.column_stack(
                [np.full(n, float(column + (1 if self.picture else 0))), ys]
            )
        span = len(drawn) - 1 + (1 if self.picture else 0)
        ax.set_xlim(-0.55 if not self.picture else -0.2, span + 0.75)
        ax.set_ylim(-0.62, 0.6)
        if self.picture:
            rows, cols = model.dataset.image_shape
            self.ax_picture = self.figure.add_axes((0.03, 0.38, 0.13, 0.13 * 14 / 8.6 * rows / cols))
            self.ax_picture.set_axis_off()
            self.image = self.ax_picture.imshow(
                np.zeros((rows, cols)), cmap=_glow_cmap(theme), vmin=0, vmax=1, interpolation="nearest"
            )
            self.ax_picture.set_title(f"the input: {rows}\u00d7{cols} pixels", color=theme.muted, fontsize=9)
            n_in = sizes[0] * sizes[1]
            self.figure.text(
                0.03,
                0.33,
                f"its {n_in:,} weights to the\nfirst hidden layer are not drawn",
                color=theme.muted,
                fontsize=8.5,
                va="top",
            )
        # Synapses between drawn layers (all of them, up to MOST_WIRES a pair).
        self.pairs = [layer for layer in drawn[:-1] if sizes[layer] * sizes[layer + 1] <= MOST_WIRES]
        segments, self._pair_slices = [], {}
        for layer in self.pairs:
            start = len(segments)
            for a in self.centres[layer]:
                for b in self.centres[layer + 1]:
                    segments.append((a, b))
            self._pair_slices[layer] = slice(start, len(segments))
        self.segments = np.array(segments).reshape(-1, 2, 2)
        self.wires = ax.add_collection(LineCollection(self.segments, capstyle="round", zorder=2))
        self.flash = ax.add_collection(
            LineCollection(self.segments, capstyle="round", zorder=2.5, colors=[(0, 0, 0, 0)])
        )
        # Weight labels where they fit (Fast Forward Labs' view; --annotate's limit).
        self.weight_labels: dict[int, list] = {}
        plate = dict(boxstyle="round,pad=0.15", facecolor=theme.background, edgecolor="none", alpha=0.85)
        # All or nothing, as --annotate: a network whose every pair of layers fits.
        fits = not self.picture and all(annotated_fits(sizes[i : i + 2]) for i in drawn[:-1])
        for layer in self.pairs if fits else ():
            targets = sizes[layer + 1]
            labels = []
            for i, a in enumerate(self.centres[layer]):
                for j, b in enumerate(self.centres[layer + 1]):
                    t = 0.24 + 0.5 * (j / (targets - 1)) if targets > 1 else 0.3 + 0.3 * (i % 2)
                    x, y = a + t * (b - a)
                    labels.append(
                        ax.text(
                            x,
                            y,
                            "",
                            fontsize=8.5,
                            family=MONO,
                            color=theme.text,
                            ha="center",
                            va="center",
                            zorder=5,
                            bbox=plate,
                        )
                    )
            self.weight_labels[layer] = labels
        self.written = len(self.weight_labels) == len(self.pairs) and not self.picture
        every = np.vstack([self.centres[layer] for layer in drawn])
        self._drawn = drawn
        self._offsets = np.cumsum([0] + [sizes[layer] for layer in drawn])
        s = self.diameter**2
        self.halos = ax.scatter(
            every[:, 0], every[:, 1], s=s * 2.6, c=[rgb(theme.glow)], alpha=0.0, linewidths=0, zorder=3
        )
        self.neurons = ax.scatter(
            every[:, 0],
            every[:, 1],
            s=s,
            c=[rgb(theme.neuron_dark)],
            edgecolors=theme.neuron_ring,
            linewidths=1.4,
            zorder=4,
            picker=True,
        )
        self.rings = ax.scatter(
            every[:, 0],
            every[:, 1],
            s=(self.diameter + 9) ** 2,
            facecolors="none",
            edgecolors=[(0, 0, 0, 0)],
            linewidths=0,
            zorder=4.5,
        )
        value = dict(
            fontsize=9 if self.diameter >= 16 else 7,
            family=MONO,
            color=theme.text,
            ha="center",
            va="bottom",
            zorder=6,
            textcoords="offset points",
        )
        self.values = [ax.annotate("", (x, y), xytext=(0, self.diameter / 2 + VALUE_GAP), **value)
                       for x, y in every]
        self.biases = []
        if model.config.bias and self.written:
            for x, y in every[sizes[0] :]:
                self.biases.append(
                    ax.annotate(
                        "",
                        (x, y),
                        xytext=(0, -self.diameter / 2 - 8),
                        fontsize=8,
                        family=MONO,
                        color=theme.muted,
                        ha="center",
                        va="top",
                        zorder=6,
                        textcoords="offset points",
                    )
                )
        # Names: inputs on the left, outputs (classes) on the right.
        names = list(model.dataset.input_names or [f"x{i + 1}" for i in range(sizes[0])])
        if not self.picture:
            labels = [ax.annotate(name, (x, y), xytext=(-self.diameter / 2 - 8, 0), ha="right", va="center",
                                  textcoords="offset points", color=theme.muted, fontsize=10)
                      for name, (x, y) in zip(names, self.centres[0])]
            if labels:
                # Cut as the video cuts them, inside the window and told apart: longer ones had
                # run off its edge, or been cut alike.
                renderer = self.figure.canvas.get_renderer()
                room = labels[0].get_window_extent(renderer).x1 - EDGE_PIXELS
                font = labels[0].get_fontproperties()

                def fits(text: str) -> bool:
                    width = renderer.get_text_width_height_descent(text, font, ismath=False)[0]
                    return len(text) <= LONGEST_NAME and width <= room

                for label, name in zip(labels, short_apart(names, fits=fits)):
                    label.set_text(name)
        classes = model.dataset.classes
        outs = self.centres[len(sizes) - 1]
        out_names = (
            short_apart(list(classes), LONGEST_NAME)
            if classes is not None and len(classes) == len(outs)
            else [f"output {k + 1}" if len(outs) > 1 else "output" for k in range(len(outs))]
        )
        if classes is not None and len(outs) == 1:  # as the video names a binary output
            numbered = list(classes[:2]) == ["0", "1"]  # "1 = 1" would say nothing
            out_names = ["chance of class 1" if numbered
                         else f"1 = {short(classes[1], LONGEST_NAME)}\n0 = {short(classes[0], LONGEST_NAME)}"]
        for name, (x, y) in zip(out_names, outs):
            ax.annotate(
                name,
                (x, y),
                xytext=(self.diameter / 2 + 14, 2),
                textcoords="offset points",
                ha="left",
                va="center",
                color=theme.muted,
                fontsize=10,
            )
        self.verdicts = [
            ax.annotate(
                "",
                (x, y),
                xytext=(self.diameter / 2 + 14, -13),
                textcoords="offset points",
                ha="left",
                va="center",
                color=theme.text,
                fontsize=9.5,
                family=MONO,
            )
            for x, y in outs
        ]
        if not self.written:
            note = (f"weights are drawn, not written: more than {MOST_ANNOTATED} synapses between two layers"
                    + ("" if self.picture else _smaller(sizes)))
            ax.text(0.5, 0.005, note, transform=ax.transAxes, color=theme.muted, fontsize=8.5, ha="center")
        self.inputs_scale = input_scale(np.vstack([model.dataset.inputs, model.dataset.test_inputs]))
        self.scales = layer_scales(model.config.activation, len(sizes), self.inputs_scale)

    def _build_plane(self) -> None:
        ax, theme, data = self.ax_plane, self.theme, self.model.dataset
        ax.set_facecolor(theme.panel)
        for spine in ax.spines.values():
            spine.set_color(theme.neuron_ring)
        ax.tick_params(colors=theme.muted, labelsize=8)
        plane = plane_of(data)
        self.plane_box = plane
        n = 60
        xs, ys = np.linspace(*plane.x, n), np.linspace(*plane.y, n)
        self.grid = np.column_stack([g.ravel() for g in np.meshgrid(xs, ys)])
        self.map = ax.imshow(
            np.zeros((n, n, 3)),
            extent=(*plane.x, *plane.y),
            origin="lower",
            aspect="auto",
            interpolation="bilinear",
            zorder=0,
        )
        labels = data.labels()
        colours = np.array([rgb(c) for c in theme.classes])[labels % len(theme.classes)]
        ax.scatter(
            data.inputs[:, 0],
            data.inputs[:, 1],
            s=9,
            c=colours,
            edgecolors=theme.background,
            linewidths=0.3,
            zorder=1,
        )
        self.here = ax.scatter(
            [0], [0], s=160, facecolors="none", edgecolors=theme.text, linewidths=2, zorder=2
        )
        ax.set_xlim(*plane.x)
        ax.set_ylim(*plane.y)
        ax.set_title("click a point to look at it", color=theme.muted, fontsize=9)

    def _build_cost(self) -> None:
        ax, theme = self.ax_cost, self.theme
        for spine in ax.spines.values():
            spine.set_color(theme.neuron_ring)
        ax.tick_params(colors=theme.muted, labelsize=8)
        ax.set_title("loss on the training set", color=theme.muted, fontsize=9)
        ax.set_xlabel("updates", color=theme.muted, fontsize=8)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        (self.cost_line,) = ax.plot([], [], color=theme.glow, lw=1.6, marker="o", ms=2.5)

    def _build_buttons(self) -> None:
        fig, theme = self.figure, self.theme
        style = button_style(theme)
        specs = [
            ("forward", "Forward  [f]"),
            ("backprop", "Backprop  [b]"),
            ("train", ""),
            ("count", ""),
            ("reset", "Reset  [r]"),
            ("previous", "\u25c0 example  [\u2190]"),
            ("next", "example \u25b6  [\u2192]"),
        ]
        widths = [0.105, 0.11, 0.12, 0.09, 0.085, 0.115, 0.115]
        x = 0.015
        self.buttons: dict[str, Button] = {}
        for (name, label), width in zip(specs, widths):
            axb = fig.add_axes((x, 0.03, width, 0.06))
            button = Button(axb, label, **style)
            button.label.set_color(theme.text)
            button.label.set_fontsize(10.5)
            button.on_clicked(lambda event, name=name: self.press(name))
            self.buttons[name] = button
            x += width + 0.01
        self._label_train()

    def _label_train(self) -> None:
        self.buttons["train"].label.set_text(f"Train \u00d7{self.count:,}  [t]")
        self.buttons["count"].label.set_text(f"N: {self.count:,}  [n]")

    def _build_sliders(self) -> None:
        data, theme = self.model.dataset, self.theme
        given = data.input_names or [f"x{i + 1}" for i in range(data.n_inputs)]
        names = short_apart(list(given), SLIDER_NAME)
        everything = np.vstack([data.inputs, data.test_inputs])
        self.sliders = []
        height = 0.022
        for i in range(data.n_inputs):
            # Three to a row, each its name, the slider and its value: room for a name of a
            # dozen letters and a value of six characters between two sliders.
            axs = self.figure.add_axes(
                (0.1 + (i % 3) * 0.215, 0.125 - (i // 3) * 0.03, 0.075, height), facecolor=theme.panel
            )
            low, high = float(everything[:, i].min()), float(everything[:, i].max())
            if low == high:  # a column of one value: a slider of no range had warned on the terminal
                low, high = low - 1.0, high + 1.0
            slider = Slider(axs, names[i], low, high, valinit=float(self.model.inputs[i]), color=theme.glow,
                            valfmt="%.2f")
            slider.label.set_color(theme.muted)
            slider.valtext.set_color(theme.text)
            slider.on_changed(lambda value, i=i: self._slid(i, value))
            self.sliders.append(slider)
            self._say_slider(i, slider.val)
        self.ax.set_position((0.01, 0.19, 0.64, 0.75))

    # ================================================================ events
    def _connect(self) -> None:
        self.canvas.mpl_connect("key_press_event", self._key)
        self.canvas.mpl_connect("button_press_event", self._click)

    KEYS = {
        "f": "forward",
        "b": "backprop",
        "t": "train",
        "n": "count",
        "r": "reset",
        "left": "previous",
        "right": "next",
        " ": "step",
    }

    def _key(self, event) -> None:
        if close_key(self, event):
            return
        if event.key in self.KEYS:
            self.press(self.KEYS[event.key])
        elif event.key is not None and event.key.isdigit() and self.binary:
            i = int(event.key) - 1
            if 0 <= i < self.model.dataset.n_inputs:
                self.toggle(i)

    def _click(self, event) -> None:
        if event.button != 1 or event.inaxes is None:
            return
        if event.inaxes is self.ax and self.binary:
            hit = self._input_at(event)
            if hit is not None:
                self.toggle(hit)
        elif self.plane and event.inaxes is self.ax_plane and event.xdata is not None:
            distances = np.sum((self.model.dataset.inputs - (event.xdata, event.ydata)) ** 2, axis=1)
            self.select(int(np.argmin(distances)))

    def _input_at(self, event) -> int | None:
        """The input neuron under a click, if any (within its drawn radius)."""
        centres = self.ax.transData.transform(self.centres[0])
        radius = self.diameter / 2 * self.figure.dpi / 72
        distances = np.hypot(centres[:, 0] - event.x, centres[:, 1] - event.y)
        k = int(np.argmin(distances))
        return k if distances[k] <= radius * 1.3 else None

    def _say_slider(self, i: int, value: float) -> None:
        """A slider's value in the table's own units, as the video's panel says a row (the
        network sees it standardised, as its input neuron's number says): "5.0", not −1.47."""
        scaling = self.model.dataset.scaling
        if scaling is not None:
            own = scaling.mean[i] + value * scaling.scale[i]
            self.sliders[i].valtext.set_text(f"{own:.4g}".replace("-", "\u2212"))

    def _slid(self, i: int, value: float) -> None:
        self._say_slider(i, value)
        if self._sliding:
            return
        self.finish()
        self.model.set_input(i, value)
        self._input_changed()

    _sliding = False

    # ================================================================ actions
    def press(self, name: str) -> None:
        """What a button (or its key) does: forward, backprop, train, count, reset, previous,
        next, step (forward then backprop)."""
        self.finish()
        if name == "forward":
            self.forward()
        elif name == "backprop":
            self.backprop()
        elif name == "step":
            self.forward()
            self.finish()
            self.backprop()
        elif name == "train":
            self.train()
        elif name == "count":
            self.count = self.counts[(self.counts.index(self.count) + 1) % len(self.counts)]
            self._label_train()
            self.canvas.draw_idle()
        elif name == "reset":
            self.model.reset()
            self.shown, self.stale = None, False
            self.show_network(self.model.network)
            self._input_changed("Reset: the starting weights again")
        elif name in ("previous", "next"):
            self.select(self.model.example + (1 if name == "next" else -1))
        else:
            raise ValueError(f"no button {name!r}")

    def finish(self) -> None:
        """Jump a running animation to its end."""
        if self.flow is not None:
            self.flow.finish()
            self.flow = None

    def select(self, k: int) -> None:
        self.finish()
        self.model.select(k)
        self._input_changed()

    def toggle(self, i: int) -> None:
        """Flip input ``i`` between 0 and 1."""
        self.finish()
        self.model.set_input(i, 1.0 - float(self.model.inputs[i] >= 0.5))
        self._input_changed()

    def _input_changed(self, message: str | None = None) -> None:
        self.shown, self.stale = None, False
        self.show_values(None)
        if self.sliders:
            self._sliding = True
            for slider, value in zip(self.sliders, self.model.inputs):
                slider.set_val(float(value))
            self._sliding = False
        self.refresh_text(message)
        self.canvas.draw_idle()

    def forward(self) -> Forward:
        f = self.model.forward()
        self.shown, self.stale = f, False
        layers = len(self.model.sizes)

        def update(progress: float) -> None:
            reached = int(np.floor(progress * (layers - 1) + 1e-9))  # layers lit so far
            self.show_values(f, upto=reached, error=progress >= 1)

        self.flow = Flow(
            self.canvas, FORWARD_SECONDS, update, done=lambda: self.refresh_text(), animate=self.animate
        )
        return f

    def backprop(self) -> Backprop:
        step = self.model.backprop()
        self.shown, self.stale = step.forward, True
        pairs = len(self.model.sizes) - 1
        largest = max(float(np.max(np.abs(d))) for d in step.dW) * self.model.learning_rate

        def update(progress: float) -> None:
            # The error crosses the pairs of layers from the output back: pair p's turn is
            # the slot (pairs - 1 - p) of ``pairs``.
            W, b, flash, rings = [], [], {}, {}
            for p in range(pairs):
                slot = pairs - 1 - p
                local = np.clip(progress * pairs - slot, 0.0, 1.0)
                W.append(step.before.W[p] + (step.after.W[p] - step.before.W[p]) * local)
                b.append(step.before.b[p] + (step.after.b[p] - step.before.b[p]) * local)
                envelope = np.sin(np.pi * local) if progress < 1 else 0.0
                flash[p] = gradient_share(step.dW[p] * self.model.learning_rate, largest) * envelope
                if local > 0:
                    rings[p + 1] = error_ring(step.deltas[p], step.deltas[-1],
                                              step.forward.target - step.forward.output)
            self.show_network(Network(tuple(W), tuple(b), step.after.hidden, step.after.output), flash=flash)
            self.show_values(step.forward, error=True, rings=rings)

        self.status.set_text(
            f"Backprop: the error flows back, changing each layer's weights \u00b7 this "
            f"example's cost {step.cost_before:.4f} \u2192 {step.cost_after:.4f}"
        )
        self.flow = Flow(
            self.canvas, BACKPROP_SECONDS, update, done=lambda: self.refresh_text(), animate=self.animate
        )
        return step

    def train(self):
        result = self.model.train(self.count)
        self.stale = self.shown is not None
        self.show_network(self.model.network)
        # The last forward pass stays, greyed: its error belonged to the weights before the
        # step, so its ring goes (it had stood beside the new weights as if it were theirs).
        self.show_values(self.shown, error=False, faded=self.stale)
        self.refresh_text()
        self.canvas.draw_idle()
        return result

    # ================================================================ drawing
    def show_network(self, net, flash: dict[int, np.ndarray] | None = None) -> None:
        """Synapses (colour, width, opacity) and the numbers on the wires for ``net``."""
        theme = self.theme
        positive, negative = rgb(theme.positive), rgb(theme.negative)
        colours, widths = [], []
        for layer in self.pairs:
            w = np.asarray(net.W[layer], dtype=float).ravel()
            c = np.where(w[:, None] >= 0, positive, negative)
            dense = len(w) > 40
            alpha = synapse_opacity(w) * (0.55 if dense else 1.0)
            colours.append(np.column_stack([c, alpha]))
            widths.append(synapse_width(w) * WIDTH_SHARE * (0.45 if dense else 1.0))
        if colours:
            self.wires.set_color(np.vstack(colours))
            self.wires.set_linewidth(np.concatenate(widths))
        error = rgb(theme.gradient)
        flashes, flash_widths = [], []
        for layer in self.pairs:
            share = np.zeros(self.model.sizes[layer] * self.model.sizes[layer + 1])
            if flash is not None and layer in flash:
                share = np.asarray(flash[layer], dtype=float).ravel()
            flashes.append(np.column_stack([np.tile(error, (len(share), 1)), 0.9 * share]))
            flash_widths.append(1 + 10 * share)
        if flashes:
            self.flash.set_color(np.vstack(flashes))
            self.flash.set_linewidth(np.concatenate(flash_widths))
        for layer, labels in self.weight_labels.items():
            for label, w in zip(labels, np.asarray(net.W[layer], dtype=float).ravel()):
                label.set_text(number(w))
                label.set_color(
                    theme.gradient if flash and layer in flash and np.max(flash[layer]) > 0 else theme.text
                )
        if self.biases:
            for label, b in zip(self.biases, np.concatenate([np.asarray(v, dtype=float) for v in net.b])):
                label.set_text(f"b {number(b)}")
        self.network_shown = net

    def show_values(
        self,
        f: Forward | None,
        upto: int | None = None,
        error: bool = True,
        rings: dict[int, np.ndarray] | None = None,
        faded: bool = False,
    ) -> None:
        """Each neuron's glow and number: the inputs always, the rest from ``f`` (layers up to
        ``upto``), the output's error ring with ``error``, delta rings ``rings`` by layer;
        ``faded``: the halos greyed (a forward pass of weights trained since)."""
        model, theme = self.model, self.theme
        sizes = model.sizes
        levels = np.zeros(self._offsets[-1])
        texts = [""] * self._offsets[-1]
        if self.picture:
            rows, cols = model.dataset.image_shape
            self.image.set_data(self.inputs_scale.glow(model.inputs).reshape(rows, cols))
        for column, layer in enumerate(self._drawn):
            lo, hi = self._offsets[column], self._offsets[column + 1]
            if layer == 0:
                values = model.inputs
            elif f is None or (upto is not None and layer > upto):
                continue
            else:
                values = f.activations[layer]
            levels[lo:hi] = self.scales[layer].glow(values)
            texts[lo:hi] = [number(v) for v in values]
        self.neurons.set_facecolor(glow_colours(theme, levels))
        glow = STALE_GLOW if faded else 1.0
        halo = np.column_stack([np.tile(rgb(theme.glow), (len(levels), 1)), 0.28 * glow * levels])
        self.halos.set_facecolor(halo)
        self.halos.set_alpha(None)
        colour = theme.muted if self.stale else theme.text
        for text, s in zip(self.values, texts):
            text.set_text(s)
            text.set_color(colour)
        # Rings: the output's error after a forward pass; deltas while backprop flows.
        edge = np.zeros((len(levels), 4))
        width = np.zeros(len(levels))
        out = len(sizes) - 1
        lo = self._offsets[-2]
        show_error = f is not None and error and (upto is None or upto >= out)
        if show_error:
            err = np.abs(f.target - f.output)
            edge[lo:, :3] = rgb(theme.gradient)
            edge[lo:, 3] = np.where(err > 1e-3, 0.95, 0.0)
            # On the scale of the delta rings: the largest error's ring as wide as it, the
            # others by their deltas' share (one output: as wide as its error).
            delta = OUTPUTS[self.model.network.output].delta(np.asarray(f.output), np.asarray(f.target))
            width[lo:] = 1 + 9 * error_ring(delta, delta, f.target - f.output)
        for layer, share in (rings or {}).items():
            if layer not in self._drawn or layer == out:
                continue
            column = self._drawn.index(layer)
            a, z = self._offsets[column], self._offsets[column + 1]
            edge[a:z, :3] = rgb(theme.gradient)
            edge[a:z, 3] = 0.9 * (share > 0.02)
            width[a:z] = 1 + 9 * share  # the output's scale: the rings compare across layers
        self.rings.set_edgecolor(edge)
        self.rings.set_linewidth(width)
        for k, verdict in enumerate(self.verdicts):
            verdict.set_text(f"target {number(f.target[k])}" if show_error else "")
        if self.plane:
            self._show_plane()

    def _show_plane(self) -> None:
        net, theme = self.model.network, self.theme
        with np.errstate(over="ignore"):
            out = net.output_of(self.grid)
        n = int(np.sqrt(len(self.grid)))
        panel = rgb(theme.panel)
        classes = np.array([rgb(c) for c in theme.classes[:2]])
        if out.shape[1] == 1:
            p = out[:, 0]
            sure = np.abs(p - 0.5) * 2
            target = np.where((p >= 0.5)[:, None], classes[1], classes[0])
        else:
            k = np.argmax(out, axis=1)
            sure = (out.max(axis=1) - 1 / out.shape[1]) / (1 - 1 / out.shape[1])
            palette = np.array([rgb(c) for c in theme.classes])
            target = palette[k % len(palette)]
        colours = panel + (target - panel) * (0.5 * sure)[:, None]
        self.map.set_data(colours.reshape(n, n, 3))
        self.here.set_offsets([self.model.inputs[:2]])

    def refresh_text(self, message: str | None = None) -> None:
        """The panel: the example, target, output, cost, the last press, the log, the curve."""
        model = self.model
        log = model.log
        data = model.dataset
        lines = []
        where = (
            f"training example {model.example + 1} of {model.n_examples}"
            if model.exact
            else f"your input (target from the nearest example, {model.example + 1})"
        )
        lines.append(where)
        if not self.picture:
            # A line the text's column holds: eight inputs had run off the window's edge.
            said = [number(v) for v in model.inputs[:INPUTS_SAID]]
            more = f", … ({len(model.inputs)} in all)" if len(model.inputs) > INPUTS_SAID else ""
            lines.append("inputs  [" + ", ".join(said) + more + "]")
        lines.append("target  " + _vector(model.target, data))
        f = self.shown
        if f is not None:
            lines.append(
                ("output  " + _vector(f.output, data)) + ("   (before the last step)" if self.stale else "")
            )
            lines.append(f"cost    {f.cost:.4f}   ({_cost_words(model.config.output)})")
        else:
            lines.append("output  press Forward")
        lines.append("")
        lines.append(
            f"learning rate {model.learning_rate:g} \u00b7 {_count(log.steps, 'backprop step')} "
            f"\u00b7 {_count(log.trained, model.unit)} trained"
        )
        lines.append(f"loss on the training set  {log.costs[-1][1]:.4f}")
        lines.append("")
        for line in log.lines[-3 if self.plane else -7 :]:
            lines.append(line)
        self.info.set_text("\n".join(lines))
        self.status.set_text(message or _hint(self))
        xs, ys = zip(*log.costs)
        self.cost_line.set_data(xs, ys)
        self.ax_cost.set_xlim(-0.5, max(max(xs), 1) * 1.05)
        self.ax_cost.set_ylim(0, max(max(ys), 1e-6) * 1.1)
        self.canvas.draw_idle()

    # ================================================================ for tests and notebooks
    def wire_text(self, layer: int, i: int, j: int) -> str:
        """The number written on the synapse from neuron i of ``layer`` to neuron j of the next."""
        return self.weight_labels[layer][i * self.model.sizes[layer + 1] + j].get_text()

    def neuron_text(self, layer: int, k: int) -> str:
        column = self._drawn.index(layer)
        return self.values[self._offsets[column] + k].get_text()

    def show(self) -> None:
        import matplotlib.pyplot as plt

        plt.show()


def _count(n: int, what: str) -> str:
    return f"{n:,} {what}{'' if n == 1 else 's'}"


def _vector(values: np.ndarray, data) -> str:
    values = np.asarray(values, dtype=float)
    if data.classes is not None and len(values) > 1:
        k = int(np.argmax(values))
        if len(values) > 4:
            return f"{data.classes[k]} ({values[k]:.0%})"
    return "[" + ", ".join(number(v) for v in values) + "]"


def _cost_words(output: str) -> str:
    return {
        "squared": "\u00bd \u03a3 (target \u2212 output)\u00b2",
        "binary": "cross-entropy",
        "softmax": "cross-entropy",
    }[output]


def _hint(window: PlayWindow) -> str:
    edit = (
        f"click an input to flip it (keys 1\u2013{window.model.dataset.n_inputs})"
        if window.binary
        else "click a point on the plane"
        if window.plane
        else "move the sliders"
        if window.sliders
        else "\u2190 \u2192 pick an example"
    )
    return f"{edit} \u00b7 Forward, then Backprop, then Forward again to see the cost fall \u00b7 q closes"


def _glow_cmap(theme: Theme):
    from matplotlib.colors import ListedColormap

    return ListedColormap(glow_colours(theme, np.linspace(0, 1, 256)))
