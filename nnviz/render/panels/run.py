"""What the panels about any run share: the moment in words, the verdict on the network's answer,
and the loss and accuracy curves. :class:`~.plane.PlanePanel` adds the decision map."""

from __future__ import annotations

from matplotlib.patches import FancyBboxPatch

from ...recording import Setup
from ...timeline import Moment, Shot
from ..curves import CurvePlot
from ..design import RunDesign
from ..labels import short_apart
from ..run_caption import RunCaption, RunStory, run_caption
from ..stage import Stage

# From the end of a curve key's line to its name (stage units): at 0.01 "—training" had read
# as one mark at 640x360.
KEY_GAP = 0.015


class RunPanel:
    """The moment, the verdict and the curves; subclasses say where (``DESIGNS``) and may
    add their own picture (``_build_picture``, ``_show_picture``)."""

    DESIGNS: dict[bool, RunDesign]  # by compactness

    def __init__(self, stage: Stage, setup: Setup) -> None:
        self.stage, self.setup = stage, setup
        lay, theme, design = stage.layout, stage.theme, stage.design
        self.run = self.DESIGNS[lay.compact]
        self.story = RunStory(setup, compact=lay.compact)
        left, right = lay.panel_left, lay.panel_right
        bottom, top = design.panel
        stage.ax.add_patch(
            FancyBboxPatch(
                (left, bottom), right - left, top - bottom, boxstyle="round,pad=0,rounding_size=0.02",
                facecolor=theme.panel, edgecolor="none", zorder=0,
            )
        )
        self.x0 = left + design.pad
        self.width = right - left - 2 * design.pad
        text = dict(color=theme.text, va="center", zorder=5)
        self.title = stage.text(self.x0, design.title_y, fontsize=design.title, weight="bold", **text)
        # The lines that change every shot (a step's number, a percentage) are set from
        # shared character images: a new string then costs no drawing of its own.
        self.subtitle = stage.text(self.x0, design.subtitle_y, fontsize=design.subtitle, by_character=True,
                                   **(text | dict(color=theme.muted)))
        y1, y2, y3 = self.run.lines_y
        self.line1 = stage.text(self.x0, y1, fontsize=design.line, **text)
        self.line2 = stage.text(self.x0, y2, fontsize=design.line, by_character=True, **text)
        self.note = stage.text(self.x0, y3, fontsize=self.run.note, **(text | dict(color=theme.muted)))
        # The verdict follows the answer on its line, in the weight colours: green for right,
        # red for wrong (its words say which, for every reader).
        self.verdict = stage.text(self.x0, y2, fontsize=design.line, weight="bold", **text)
        self._fits: dict[tuple, str] = {}
        self._build_picture()
        self.plots = self._build_curves()

    def _build_picture(self) -> None:
        """The panel's own picture, if it has one."""

    def _box(self, box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        """A design's box (x as fractions of the inner width) in stage units."""
        left, bottom, right, top = box
        return self.x0 + left * self.width, bottom, self.x0 + right * self.width, top

    def _build_curves(self) -> dict[str, CurvePlot]:
        stage, run, design, setup = self.stage, self.run, self.stage.design, self.setup
        heading = design.error if not stage.layout.compact else design.legend
        common = dict(tick=run.tick, heading_gap=run.heading_gap, ticks_gap=run.ticks_gap,
                      heading_size=heading, y_labels=run.y_labels)
        plots = {}
        measured = ("loss", "accuracy") if self.story.classes else ("loss",)
        for what in measured:
            box = getattr(run, what)
            if len(measured) == 1:  # the loss alone takes both places
                box = _span(run.loss, run.accuracy)
            ticks = run.ticks_under_both or what == measured[-1]
            plots[what] = CurvePlot(stage, self._box(box), what, setup.steps, setup.step_name,
                                    ticks=ticks, first=setup.first_step, **common)
            if what in setup.unlogged:  # a recording that never logged it: not an empty plot unexplained
                x0, y0, x1, y1 = plots[what].box
                stage.ax.text((x0 + x1) / 2, y0 + 0.72 * (y1 - y0), f"no {what} logged", ha="center",
                              va="center", fontsize=run.tick, color=stage.theme.muted, zorder=0.5)
        self._build_key(measured)
        return plots

    def _build_key(self, measured: tuple[str, ...]) -> tuple[float, float]:
        """Which line is which: training solid, test dashed (when there is a test set).
        Returns where a next entry would go."""
        stage, theme, run = self.stage, self.stage.theme, self.run
        entries = [("training", theme.text, "-")]
        if self._tested():  # a recording's test values without its test data are still dashed
            entries.append(("test", theme.glow, (0, (3, 2))))
        x, y, step = self._key_place()
        words = dict(fontsize=run.tick, color=theme.muted, va="center", zorder=0.5)
        stroke = 0.03
        for name, colour, style in entries:
            stage.ax.plot([x, x + stroke], [y, y], color=colour, lw=2.0, linestyle=style, zorder=0.5)
            stage.ax.text(x + stroke + KEY_GAP, y, name, **words)
            if step:  # a column
                y -= step
            else:  # a row
                x += stroke + KEY_GAP + stage.width_of(name, **words) + 0.03
        return x, y

    def _tested(self) -> bool:
        """Whether the curves have a dashed test line (and the key an entry for it)."""
        return self.story.tested

    def _key_place(self) -> tuple[float, float, float]:
        """Where the curves' key starts (stage units) and its step down (0: a row)."""
        fraction, y, step = self.run.key
        return self.x0 + fraction * self.width, y, step

    def caption(self, shot: Shot) -> RunCaption:
        return run_caption(shot, self.story)

    def show(self, shot: Shot, words: RunCaption) -> None:
        theme = self.stage.theme
        self.title.set_text(words.title)
        subtitle = self._fitted(words.subtitle, self.subtitle, self.width)
        if subtitle != words.subtitle and words.shorter_subtitle:  # too long: in fewer words
            subtitle = self._fitted(words.shorter_subtitle, self.subtitle, self.width)
        self.subtitle.set_text(subtitle)
        line1, line2, note = words.lines
        classes = self.story.classes
        fitted = self._fitted_named(line1, classes, self.width, self.line1)
        short = fitted != line1 and bool(words.shorter)
        if short:  # too long: the same in fewer words
            fitted = self._fitted_named(words.shorter, classes, self.width, self.line1)
        self.line1.set_text(fitted)
        verdict = self._width("  " + words.verdict, self.verdict) if words.verdict else 0.0
        fitted = self._fitted_named(line2, self.story.answer_classes, self.width - verdict, self.line2)
        if (fitted != line2 or short and words.shorter_together) and words.shorter_answer:
            fitted = self._fitted_named(words.shorter_answer, self.story.answer_classes, self.width - verdict,
                                        self.line2)
        line2 = fitted
        self.line2.set_text(line2)
        self.note.set_text(self._fitted(note, self.note, self.width))
        self.verdict.set_text(words.verdict)
        if words.verdict:
            colour = theme.positive if words.right else theme.negative
            if self.verdict.get_color() != colour:
                self.verdict.set_color(colour)
            x = self.x0 + self._width(line2 + "  ", self.line2)
            if self.verdict.get_position()[0] != x:
                self.verdict.set_x(x)
        self._show_picture(shot, words)
        headings = {what: getattr(words, what) for what in self.plots}
        widest = dict(zip(("loss", "accuracy"), words.widest))
        if not all(plot.fits(widest[what]) for what, plot in self.plots.items()):
            # The training values alone, in every plot alike (the dashed lines are the tests'),
            # from the first shot whose values so far would not all fit to the end; said to be
            # the training's where that fits (beside a test example answered wrong, a bare
            # "accuracy 100%" read as the test's).
            tested = any(" · " in heading for heading in widest.values())
            if tested and shot.moment is Moment.TEST:
                # A test example's shot: the values are the test's, named so where that fits
                # ("test loss 0.12", "test acc. 96%"), else "test 0.12", never the training's
                # beside a test example, nor the test's under the bare name the training's go
                # by. Each plot names what it can: at 640x360 "test 0.0034" over one and
                # "test 100%" over the other had not said which was the loss.
                # The test shots close the video, every one with the final values: those are
                # fitted, not the widest a value may be ("test 0.14" had lost its "loss" where
                # "test loss 0.14" fits).
                for what, plot in self.plots.items():
                    heading = headings[what]
                    fitting = (name for name in TEST_NAMES[what] if plot.fits(_test_part(heading, name)))
                    headings[what] = _test_part(heading, next(fitting, None))
            else:
                named = tested and all(plot.fits("training " + _training_part(widest[what]))
                                       for what, plot in self.plots.items() if not _test_only(widest[what]))
                headings = {what: heading if _test_only(heading) else
                            ("training " if named else "") + _training_part(heading)
                            for what, heading in headings.items()}
        elif shot.moment is Moment.TEST:
            # Beside a test example, a curve with no test values (a loop that logged the test
            # accuracy alone) gives the training's, said so where that fits.
            for what, plot in self.plots.items():
                valued = " " in headings[what] and not _test_only(headings[what])  # "loss 0.12", not "loss"
                if valued and " · " not in widest[what] and plot.fits("training " + widest[what]):
                    headings[what] = "training " + headings[what]
        for what, plot in self.plots.items():
            plot.show(words.curve, headings[what])

    def _show_picture(self, shot: Shot, words: RunCaption) -> None:
        """Set the panel's own picture to ``shot``."""

    def _fitted(self, string: str, like, room: float) -> str:
        """``string`` cut short with an ellipsis if it is wider than ``room`` (a user's long
        class names): no word leaves the panel."""
        key = (string, id(like), room)
        if key not in self._fits:
            fitted = string
            while len(fitted) > 1 and self._width(fitted, like) > room:  # "…" at the least
                fitted = fitted[:-2].rstrip() + "…"
            self._fits[key] = fitted
        return self._fits[key]

    def _fitted_named(self, line: str, classes: tuple[str, ...], room: float, like) -> str:
        """``line`` (set as ``like``) fitted to ``room`` by cutting the class name it says (one
        of ``classes``), so that what follows stays whole ("says Northern hemi… (54…" had cut
        the percentage) and the class stays told apart from the others cut as it is
        ("measur…alph…" had stood for two classes, "An example of class measurement_category…"
        for four). The end is cut where even that does not fit."""
        key = (line, id(like), "named", room)
        if key not in self._fits:
            fitted = line
            named = sorted((n for n in set(classes) if n and n in line), key=len, reverse=True)
            if self._width(line, like) > room and named:
                said = named[0]
                apart = short_apart(list(classes), fits=lambda name: self._width(
                    line.replace(said, name, 1), like) <= room)
                fitted = line.replace(said, apart[classes.index(said)], 1)
            self._fits[key] = self._fitted(fitted, like, room)
        return self._fits[key]

    def _width(self, string: str, like) -> float:
        return like.width(string, self.stage.canvas.get_renderer()) / self.stage.layout.stage_pixels


# What a test example's curve headings call the curves, longest first.
TEST_NAMES = {"loss": ("loss",), "accuracy": ("accuracy", "acc.")}


def _test_part(heading: str, name: str | None) -> str:
    """A curve's heading with its test value alone: "loss 0.124 · test 0.150" → "test loss
    0.150" (``name`` "loss") or "test 0.150" (None; a heading with no test value stays as it
    is). Never the bare "loss 0.150": over the plot whose solid line is training's, it read
    as that."""
    _, _, test = heading.partition(" · ")
    if not test:
        return heading
    value = test.removeprefix("test ")
    return f"test {value}" if name is None else f"test {name} {value}"


def _test_only(heading: str) -> bool:
    """A heading of the test's values alone ("test accuracy 95%": a loop that logged no
    training accuracy), which no "training" may name."""
    return heading.startswith("test ")


def _training_part(heading: str) -> str:
    """A curve's heading without its test value: "loss 0.124 · test 0.150" → "loss 0.124"."""
    return heading.split(" · ")[0]


def _span(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> tuple[
    float, float, float, float
]:
    """The box covering both boxes."""
    return min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])
