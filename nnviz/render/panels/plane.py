"""The panel of points on a plane (two inputs): the decision map with the data on it, the moment
in words and the loss and accuracy curves.

The map is the shot's own network evaluated over the plane (so it changes as the network
learns, and in between shots as the weights ease). Training points are dots in their class's
colour, test points rings, and the example the network is thinking about is ringed.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.colors import to_rgb

from ...data.extent import Plane, plane_of
from ...network import Network
from ...recording import Setup
from ...sweep import plane_grid
from ...timeline import Shot
from ..blit import BACKGROUND_ZORDER
from ..decision import DecisionMap, MapImage, winners
from ..design import PLANE_COMPACT, PLANE_FULL
from ..labels import after_common_start, subscripted
from ..run_caption import RunCaption
from ..stage import Stage
from .run import RunPanel

KEY_CLASSES = 6  # classes named in a row under the map (the rest are counted)
# From a key entry's start to its name, in marker widths: at 2.2 the dots had touched their
# names at 640x360 ("●A").
KEY_TEXT = 2.7
# A column beside the map names as many classes as it has rows for, down to the map's foot
# (rows closing up to this share of their step first), and no more than the palette's colours.
CLOSEST_ROWS = 0.7
FULL_TEST_WORDS = "test point"  # the test points' entry in the key ("test" where it has no room)
LINE = 1.3  # a line of the axes' words, in font sizes: the rotated ends and the name beside them


class PlanePanel(RunPanel):
    DESIGNS = {False: PLANE_FULL, True: PLANE_COMPACT}

    def __init__(self, stage: Stage, setup: Setup) -> None:
        self.plane: Plane = plane_of(setup.dataset)
        super().__init__(stage, setup)

    def _build_picture(self) -> None:
        stage, theme, run, data = self.stage, self.stage.theme, self.run, self.setup.dataset
        ax = stage.ax
        self.map_box = self._box(run.map)
        x0, y0, x1, y1 = self.map_box
        self.image = stage.overlay(ax.add_artist(MapImage(self.map_box, transform=ax.transData, zorder=1.5)))
        self._palette = np.array([to_rgb(c) for c in theme.classes])
        neutral = np.array(to_rgb(theme.panel))  # where the network cannot tell the classes apart
        self.map = DecisionMap(self.plane, *self.image.pixel_size(), self._palette, neutral)
        self._network: Network | None = None
        # The data: training points as dots, test points as rings, in their class's colour.
        dot = (run.point / 2) ** 2 * np.pi  # scatter sizes are areas in points²
        edge = theme.panel
        train = self._where(data.inputs)
        test = self._where(data.test_inputs)
        train_colour = self._palette[data.labels()[train[1]] % len(self._palette)]
        self.train_points = stage.overlay(ax.scatter(
            *train[0].T, s=dot, c=train_colour, edgecolors=edge, linewidths=0.8, zorder=2))
        if len(test[1]):
            test_colour = self._palette[data.labels(data.test_targets)[test[1]] % len(self._palette)]
            self.test_points = stage.overlay(ax.scatter(
                *test[0].T, s=dot * 1.1, facecolors="none", edgecolors=test_colour, linewidths=1.3, zorder=2))
        else:
            self.test_points = None
        self.ring = stage.overlay(ax.scatter(
            [x0], [y0], s=run.ring**2, facecolors="none", edgecolors=theme.text, linewidths=2.2, zorder=2.5,
            visible=False))
        area = stage.pixels(*self.map_box).padded(run.ring * stage.dpi / 72)
        # The layer sweep's view: the plane's grid as a layer bends it, its cells in the read-out's
        # colours, the training points carried along (the same dots, moved).
        self.cells = stage.overlay(ax.add_collection(PolyCollection(
            [], edgecolors="none", antialiaseds=False, zorder=1.5, visible=False)))
        grid = to_rgb(theme.muted)
        self.grid_lines = stage.overlay(ax.add_collection(LineCollection(
            [], colors=[(*grid, 0.55)], linewidths=0.7, zorder=1.6, visible=False)))
        self._train_at = self.train_points.get_offsets().copy()
        self._train_rows = train[1]
        self._viewed = None
        for artist in (self.train_points, self.test_points, self.ring, self.cells, self.grid_lines):
            if artist is not None:
                stage.extents[artist] = area
        self._plane_words: list = []  # the plane's ticks and names: not for a bent plane
        self._build_axes()
        self._build_map_key()

    def _where(self, inputs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Points of the plane in stage units, and which rows they are (those on the map)."""
        inside = np.flatnonzero(self.plane.contains(inputs)) if len(inputs) else np.empty(0, dtype=int)
        return self.to_stage(inputs[inside]) if len(inside) else np.empty((0, 2)), inside

    def to_stage(self, points: np.ndarray) -> np.ndarray:
        """Points of the input plane, in stage units."""
        x0, y0, x1, y1 = self.map_box
        (px0, px1), (py0, py1) = self.plane.x, self.plane.y
        points = np.atleast_2d(points)
        return np.column_stack([x0 + (points[:, 0] - px0) / (px1 - px0) * (x1 - x0),
                                y0 + (points[:, 1] - py0) / (py1 - py0) * (y1 - y0)])

    def _build_axes(self) -> None:
        """The plane's extent, and which input runs which way, around the map."""
        stage, theme, run = self.stage, self.stage.theme, self.run
        if not run.map_ticks:
            return
        x0, y0, x1, y1 = self.map_box
        names = self.setup.dataset.input_names or ("x1", "x2")
        names = [subscripted(n) if stage.design.subscripts else n for n in names]
        # Overlays (they leave the picture for the layer sweep's bent plane).
        muted = dict(fontsize=run.tick, color=theme.muted, zorder=1)
        below = y0 - run.ticks_gap
        (px0, px1), (py0, py1) = self.plane.x, self.plane.y
        # A user's table is standardised for training; its map is labelled in the table's own
        # units, under the columns' names.
        scaling = self.setup.dataset.scaling
        if scaling is not None:
            (px0, py0), (px1, py1) = scaling.undo([(px0, py0), (px1, py1)])
        (*x_ends, x_offset), (*y_ends, y_offset) = _axis(px0, px1), _axis(py0, py1)
        ax = stage.ax
        side = x0 - 0.008
        # The name between the ends, centred, never touching them.
        ends = max(stage.width_of(end, **muted) for end in x_ends)
        name_room = min(0.6 * (x1 - x0), x1 - x0 - 2 * (ends + 0.012))
        words = [
            ax.text(x0, below, x_ends[0], ha="left", va="center", **muted),
            ax.text(x1, below, x_ends[1], ha="right", va="center", **muted),
            ax.text((x0 + x1) / 2, below, _named(stage, names[0], x_offset, name_room, muted),
                    ha="center", va="center", **muted),
        ]
        # The second input's ends stand left of the map; where the panel's margin is too
        # narrow for them ("−78481" had crossed the panel's edge) they run up the map as its
        # name does, at full size (shrunk to fit, "−118110" had been 7 pixels tall). The name
        # runs up the map between them, or beside them where the margin has room for both.
        widest = max(stage.width_of(end, **muted) for end in y_ends)
        margin = side - stage.layout.panel_left - 0.008  # to the panel's own edge
        height = run.tick / 72 * stage.dpi / stage.layout.stage_pixels
        upright = muted | dict(va="bottom", rotation=90, rotation_mode="anchor")
        name_x, y_room = side, y1 - y0 - 2 * (height + 0.012)
        if widest <= margin:
            words += [ax.text(side, y0, y_ends[0], ha="right", va="bottom", **muted),
                      ax.text(side, y1, y_ends[1], ha="right", va="top", **muted)]
        else:
            words += [ax.text(side, y0, y_ends[0], ha="left", **upright),
                      ax.text(side, y1, y_ends[1], ha="right", **upright)]
            if margin >= 2 * LINE * height:
                name_x, y_room = side - LINE * height, y1 - y0
            else:
                y_room = y1 - y0 - 2 * (widest + 0.012)
        words.append(ax.text(name_x, (y0 + y1) / 2, _named(stage, names[1], y_offset, y_room, muted),
                             ha="center", **upright))
        self._plane_words = [stage.overlay(word) for word in words]

    def _build_map_key(self) -> None:
        """The classes' colours, the test points' rings and the example's ring, in words."""
        stage, theme, run = self.stage, self.stage.theme, self.run
        classes = self.story.classes
        ax = stage.ax
        fraction, top, step = run.map_key
        words = dict(fontsize=run.tick, color=theme.muted, va="center", zorder=0.5)
        dot = (run.point / 2) ** 2 * np.pi * 2.2
        tested = bool(self.setup.dataset.n_test)
        named = KEY_CLASSES
        if step:  # a column: as many as it has rows for, above the curves' key and the test points'
            below = (1 + self._tested()) + tested
            step, rows = _column_rows(top - (self.map_box[1] + step / 3), step, len(classes), below,
                                      len(self._palette))
            named = rows if len(classes) <= rows else rows - 1  # the count takes a row
        # The classes by name, and how many more where not all have room.
        styles = [dict(c=[self._palette[k % len(self._palette)]], edgecolors=theme.panel, linewidths=0.6)
                  for k in range(len(classes))]
        test = ("test" if stage.layout.compact else FULL_TEST_WORDS) if tested else None
        test_style = dict(facecolors="none", edgecolors=theme.muted, linewidths=1.3)

        def listed(names: Sequence[str], count: int) -> list:
            shown = [(names[k], styles[k]) for k in range(min(count, len(names)))]
            if len(names) > count:
                shown.append((f"+{len(names) - count} more", None))
            return shown + ([(test, test_style)] if test is not None else [])

        entries = listed(classes, named)
        # The test points' entry leaves with them (the layer sweep's bent plane has none).
        self._test_key: list = []
        self._test_entry = None  # in a column: drawn after the curves' key, leaving no hole

        def entry(name: str, style: dict | None, x: float, y: float, text: str) -> None:
            drawn = []
            if style is not None:
                drawn.append(ax.scatter([x + marker], [y], s=dot, zorder=0.5, **style))
            drawn.append(ax.text(x + KEY_TEXT * marker, y, text, **words))
            if name == test:
                for artist in drawn:
                    artist.set_zorder(BACKGROUND_ZORDER)
                    self._test_key.append(stage.overlay(artist))
                if style is not None:  # a collection tells no extent of its own: the ring's box
                    stage.extents[drawn[0]] = stage.pixels(x, y - marker, x + 2 * marker, y + marker)

        x, y = self.x0 + fraction * self.width, top
        marker = 0.012
        if step:  # a column beside the map
            room = self.x0 + self.width - x - KEY_TEXT * marker
            for name, style in entries:
                if name == test:  # last in the column: when it leaves, nothing below moves up
                    self._test_entry = lambda x, y, name=name, style=style: entry(
                        name, style, x, y, stage.fit(name, room, **words))
                    continue
                entry(name, style, x, y, stage.fit(name, room, **words))
                y -= step
            self._key_below = (x, y, step)  # the curves' key goes on down the column
            return
        gap = 0.025
        if not entries:  # a map of numbers, not classes, with no curves: nothing to name
            return
        # A row under the map: the names as they are if they fit, else each cut to its share.
        # The test points say "test point" where the row has room: "test" alone beside the
        # curves' dashed "test" had named two things alike.
        if test is not None and test != FULL_TEST_WORDS:
            longer = [(FULL_TEST_WORDS if name == test else name, style) for name, style in entries]
            if self._row_fits(longer, fraction, marker, gap, words):
                entries, test = longer, FULL_TEST_WORDS
        if not self._row_fits(entries, fraction, marker, gap, words):
            entries = self._row_readable(listed, classes, named, fraction, marker, gap, words)
        share = (1 - fraction) * self.width / len(entries) - KEY_TEXT * marker - gap
        fits = self._row_fits(entries, fraction, marker, gap, words)
        for name, style in entries:
            shown = name if fits else stage.fit(name, share, **words)
            entry(name, style, x, y, shown)
            x += KEY_TEXT * marker + stage.width_of(shown, **words) + gap

    def _row_readable(self, listed: Callable[[Sequence[str], int], list], classes: Sequence[str], named: int,
                      fraction: float, marker: float, gap: float, words: dict) -> list:
        """A row too narrow for the classes' names: names told apart by what follows their
        common start ("type A" … "type G" as "A" … "G"), as many as fit whole, the rest
        counted. Seven classes at 640x360 had each been cut to "…"."""
        names = after_common_start([str(name) for name in classes])
        for count in range(min(named, len(names)), 0, -1):
            entries = listed(names, count)
            if self._row_fits(entries, fraction, marker, gap, words):
                return entries
        return listed(names, 1)

    def _row_fits(self, entries: list, fraction: float, marker: float, gap: float, words: dict) -> bool:
        """Whether the key's ``entries`` fit in a row under the map, as they are."""
        widths = [self.stage.width_of(name, **words) for name, _ in entries]
        return sum(widths) + len(entries) * (KEY_TEXT * marker + gap) <= (1 - fraction) * self.width

    def _key_place(self) -> tuple[float, float, float]:
        if self.run.key is None:
            return self._key_below
        return super()._key_place()

    def _build_key(self, measured: tuple[str, ...]) -> tuple[float, float]:
        x, y = super()._build_key(measured)
        if self._test_entry is None:
            return x, y
        x, _, step = self._key_below  # on down the column, after the curves' entries
        self._test_entry(x, y)
        return x, y - step

    def _show_picture(self, shot: Shot, words: RunCaption) -> None:
        view = shot.layer_view
        self._show_view(shot if view is not None else None)
        mapped = shot.map_network or shot.network  # a layer sweep's shot maps its layer's read-out
        if view is None and mapped is not self._network:  # the same network draws the same map
            self._network = mapped
            self.image.set_rgba(self.map.rgba(mapped))
        example = words.example
        # In a layer sweep's bent plane, the example lighting the network is ringed where the
        # layer puts it (the sweep's inputs had lit the network with no point named).
        bent = view is not None and view.case is not None
        shown = bent or (view is None and example is not None and bool(
            self.plane.contains(np.asarray(example)[None, :2])[0]))
        if shown:
            where = (self.view_to_stage(view.case[None]) if bent
                     else self.to_stage(np.asarray(example)[None, :2]))
            if not np.array_equal(self.ring.get_offsets(), where):
                self.ring.set_offsets(where)
        if self.ring.get_visible() != shown:
            self.ring.set_visible(shown)


    def _show_view(self, shot: Shot | None) -> None:
        """The layer sweep's bent plane (``shot`` a LAYER shot with its view), or the plane."""
        bent = shot is not None
        for artist in (self.cells, self.grid_lines):
            if artist.get_visible() != bent:
                artist.set_visible(bent)
        for artist in (self.image, self.test_points, *self._plane_words, *self._test_key):
            if artist is not None and artist.get_visible() == bent:
                artist.set_visible(not bent)
        if not bent:
            if self._viewed is not None:
                self._viewed = None
                self.train_points.set_offsets(self._train_at)
            return
        if shot is self._viewed:
            return
        self._viewed = shot
        view = shot.layer_view
        nodes = self.view_to_stage(view.nodes)
        # Each cell of the grid, its corners where the layer puts them, in the colour the read-out
        # gives the cell's middle (the plane point there, not its bent place: the read-out is the
        # first layers and a straight line, so it colours the plane point by what it becomes).
        corners = np.stack([nodes[:-1, :-1], nodes[:-1, 1:], nodes[1:, 1:], nodes[1:, :-1]], axis=2)
        self.cells.set_verts(corners.reshape(-1, 4, 2))
        middles = plane_middles(self.plane)
        answer, sure = winners(shot.map_network.output_of(middles.reshape(-1, 2)))
        level = np.round(sure * 255).astype(np.intp)
        self.cells.set_facecolor(self.map.colours[answer % len(self.map.colours), level] / 255.0)
        self.grid_lines.set_segments([*nodes, *nodes.transpose(1, 0, 2)])
        self.train_points.set_offsets(self.view_to_stage(view.points[self._train_rows]))

    def view_to_stage(self, points: np.ndarray) -> np.ndarray:
        """Points of a layer view's unit square, in stage units: the square centred in the map's box."""
        x0, y0, x1, y1 = self.map_box
        side = min(x1 - x0, y1 - y0)
        left, bottom = (x0 + x1 - side) / 2, (y0 + y1 - side) / 2
        return np.asarray(points) * side + np.array([left, bottom])


def plane_middles(plane) -> np.ndarray:
    """The middles of the cells of the layer sweep's grid over ``plane``."""
    nodes = plane_grid(plane.x, plane.y)
    return (nodes[:-1, :-1] + nodes[1:, 1:]) / 2


SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
LONGEST_TICK = 8  # characters: an end longer than this is written from an offset in the name


def _axis(low: float, high: float) -> tuple[str, str, str]:
    """An axis's two ends, and what its name adds ("" for nothing). Ends that would be long
    because the values are far from zero for their spread (timestamps of 1.7×10⁹ that
    differ in the fifth digit: "1.699992e+09", which ran into the name) are written from a
    round number near their middle, which the name states: "timestamp − 1.7001×10⁹", −108000
    to 9000. Only where that makes them shorter: ends around zero, or tiny ones, stay."""
    ends = _ticks(low, high)
    span, middle = abs(high - low), (low + high) / 2
    if (max(len(end) for end in ends) <= LONGEST_TICK or not math.isfinite(span) or span == 0
            or abs(middle) < 10 * span or span < 1e-6):
        return (*ends, "")
    # The middle to the span's leading digit: the ends from it are within about one span.
    places = math.floor(math.log10(span))
    base = round(middle / 10**places) * 10**places
    digits = max(1, math.floor(math.log10(abs(base))) - places + 1)
    shorter = _ticks(low - base, high - base)
    if max(len(end) for end in shorter) >= max(len(end) for end in ends):
        return (*ends, "")
    sign = "\u2212" if base > 0 else "+"
    return (*shorter, f"{sign} {_power(abs(base), digits)}")


def _named(stage: Stage, name: str, offset: str, room: float, style: dict) -> str:
    """An axis's name with its offset, fitted to ``room`` by cutting the name, never the
    offset (a cut number would be another number)."""
    if not offset:
        return stage.fit(name, room, **style)
    return f"{stage.fit(name, room - stage.width_of(' ' + offset, **style), **style)} {offset}"


def _power(value: float, digits: int = 2) -> str:
    """A round number as it is read, to ``digits`` significant digits: 1.7×10⁹, 10¹⁶, 25000."""
    if 1e-3 <= value < 1e5:
        return f"{value:.{digits}g}"
    mantissa, _, exponent = f"{value:.{digits}g}".partition("e")
    if "." in mantissa:
        mantissa = mantissa.rstrip("0").rstrip(".")
    power = "10" + str(int(exponent)).translate(SUPERSCRIPTS)
    return power if mantissa == "1" else f"{mantissa}\u00d7{power}"


def _ticks(low: float, high: float) -> tuple[str, str]:
    """The two ends of an axis, with as many decimals as their distance needs to tell them
    apart to about a twentieth of it: −6 and 6, −1.5 and 1.5, 51.499 and 51.516 (latitudes),
    2018.7 and 2022.3 (years); never an exponent between 10⁻⁶ and 10⁹."""
    span = abs(high - low)
    largest = max(abs(low), abs(high))
    apart = math.isfinite(span) and span > 0
    if apart and 1e-6 <= span and largest < 1e9:
        decimals = max(0, 1 - math.floor(math.log10(span)))
        texts = tuple(_trimmed(f"{v:.{decimals}f}") for v in (low, high))
    else:  # significant digits enough to tell them apart
        digits = max(3, math.ceil(math.log10(largest / span)) + 2) if apart else 3
        texts = (f"{low:.{digits}g}", f"{high:.{digits}g}")
    return tuple(t.replace("-", "\u2212") for t in texts)


def _trimmed(text: str) -> str:
    """Trailing zeros of the decimals dropped ("1.50" → "1.5", "6.0" → "6"); "−0" is "0"."""
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _column_rows(height: float, step: float, classes: int, below: int, colours: int) -> tuple[float, int]:
    """The step between a key column's rows, and how many classes it can name, in ``height``
    (from the first row's middle to the last's) over ``below`` other entries. The rows close
    up (to CLOSEST_ROWS of ``step``) to name every class, as far as there are colours for:
    seven classes had run the column over the curves' headings."""
    def rows(at: float) -> int:
        return math.floor(height / at + 1e-9) + 1

    wanted = min(classes, colours) + below
    if rows(step) < wanted:
        step = max(CLOSEST_ROWS * step, height / max(wanted - 1, 1))
    return step, max(rows(step) - below, 1)

