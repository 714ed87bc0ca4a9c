"""One picture of a story at a chosen moment, as PNG, SVG or PDF.

The command's ``--still`` is a thin layer over :func:`still` (and :func:`xor_still`).
"""

from __future__ import annotations

import inspect
import os
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from . import checks, glyphs
from .api import (
    DigitsData,
    NetworkTraining,
    PlaneData,
    ShapesData,
    TableData,
    XorTraining,
    digits_subject,
    plane_subject,
    shapes_subject,
    split_options,
    table_subject,
    xor_subject,
)
from .checks import Placeholder, UsageError, option
from .film import Progress, Subject, check_annotated_size, check_caller
from .outputs import Outputs, ending_after_cleanup, signals_held
from .recorder import Recorder
from .recording import Recording
from .steps import overview_of, require_steps
from .story import malformed_moment, names_no_step, parse_moment, pick, shown_steps, unfold
from .style import THEMES
from .video import encode_png

STILL_FORMATS = checks.STILL_FORMATS
STAGE_INCHES = (19.2, 10.8)  # the picture's size in inches: --dpi 100 is 1920x1080


@dataclass(frozen=True)
class StillResult:
    """One picture of the story. In a notebook it shows itself (PNG or SVG)."""

    moment: str
    kind: str  # "png", "svg" or "pdf"
    data: bytes = field(repr=False)  # the file's contents (hundreds of kB: not in the repr)
    width: int
    height: int
    path: Path | None = None
    image: np.ndarray | None = field(default=None, repr=False)  # RGBA pixels of a PNG still
    notes: list[str] = field(default_factory=list)  # what a user should know (a character the font lacks)

    def _repr_png_(self) -> bytes | None:
        return self.data if self.kind == "png" else None

    def _repr_svg_(self) -> str | None:
        """The SVG as wide as the notebook's column: the file declares the PNG's pixels, and
        a notebook (nbconvert's HTML, as an ``<img>``) shows those uncapped, a 1920 px
        picture cut off at the column's edge. The viewBox keeps its shape."""
        if self.kind != "svg":
            return None
        return re.sub(r'(<svg\b[^>]*?) width="[0-9.]+" height="[0-9.]+"', r'\1 width="100%"',
                      self.data.decode(), count=1)


def xor_still(
    out: str | Path | None = None,
    moment: str = "after",
    *,
    kind: str | None = None,
    seed: int = 0,
    train_cycles: int = 60_000,
    cycles: int | None = None,
    learning_rate: float = 1.0,
    bias: bool = False,
    annotate: bool = False,
    width: int | None = None,
    height: int | None = None,
    dpi: float | None = None,
    transparent: bool = False,
    theme: str = "dark",
    steps: bool = False,
    outputs: Outputs | None = None,
    **unknown: object,
) -> StillResult:
    """One picture of the XOR story at ``moment``: ``before``, ``after``, ``new`` or
    ``cycle:N/example:K``. ``annotate`` writes every weight on its wire. See :func:`still` for
    the rest."""
    if unknown:
        raise checks.unknown_options(unknown, _keywords(xor_still))
    cycles = checks.plain(cycles)
    subject = xor_subject(XorTraining(seed, train_cycles, learning_rate, bias, annotate), cycles)
    return still(subject, out, moment, kind=kind, cycles=cycles, width=width, height=height, dpi=dpi,
                 transparent=transparent, theme=theme, outputs=outputs, steps=steps)


def _keywords(function: Callable) -> list[str]:
    """The keyword options ``function`` takes, for naming the nearest to a mistaken one."""
    return [name for name, p in inspect.signature(function).parameters.items() if p.kind is p.KEYWORD_ONLY]


@dataclass(frozen=True)
class StillOptions:
    """What a picture is besides its story: the keywords of :func:`still`."""

    kind: str | None = None
    cycles: int | None = None  # how many steps the story shows (shown= is another name)
    width: int | None = None
    height: int | None = None
    dpi: float | None = None
    transparent: bool = False
    theme: str = "dark"
    steps: bool = False


def _still_of(make: Callable[..., Subject], kinds: tuple[type, ...], out: str | Path | None, moment: str,
              progress: Progress | None, outputs: Outputs | None, options: dict) -> StillResult:
    """A built-in data set's still: ``options`` shared out among its data's, the training's
    and the picture's keywords (one that none takes is a UsageError, as for its video)."""
    *made, look = split_options(options, *kinds, StillOptions)
    subject = make(*made, checks.plain(look.cycles))
    return still(subject, out, moment, outputs=outputs, progress=progress, **asdict(look))


def plane_still(name: str, out: str | Path | None = None, moment: str = "after", *,
                progress: Progress | None = None, outputs: Outputs | None = None,
                **options) -> StillResult:
    """One picture of a network learning a 2-D set (``circles``, ``moons``, ``gauss``,
    ``xor2d``, ``spiral``) at ``moment`` (``before``, ``after``, ``epoch:N``, ``test:K``, …).
    Options: those of :func:`~nnviz.api.plane_video` that say what is trained, and of
    :func:`still` (``width``, ``height``, ``dpi``, ``theme``, ``transparent``, ``steps``, …)."""
    return _still_of(lambda data, training, cycles: plane_subject(name, data, training, cycles),
                     (PlaneData, NetworkTraining), out, moment, progress, outputs, options)


def table_still(data: str | Path, out: str | Path | None = None, moment: str = "after", *,
                progress: Progress | None = None, outputs: Outputs | None = None,
                **options) -> StillResult:
    """One picture of a network learning the user's own table (as :func:`~nnviz.api.table_video`)
    at ``moment``. Options: ``label``, ``test_fraction``, the training's and :func:`still`'s."""
    options = {"data": checks.file_path(data, "data"), **options}
    return _still_of(table_subject, (TableData, NetworkTraining), out, moment, progress, outputs, options)


def shapes_still(out: str | Path | None = None, moment: str = "after", *,
                 progress: Progress | None = None, outputs: Outputs | None = None,
                 **options) -> StillResult:
    """One picture of a network learning hand-drawn shapes at ``moment`` (``test:1``,
    ``probe:1`` with ``probes=True``, …). Options: those of :func:`~nnviz.api.shapes_video`
    that say what is trained, and :func:`still`'s."""
    return _still_of(shapes_subject, (ShapesData, NetworkTraining), out, moment, progress, outputs, options)


def digits_still(out: str | Path | None = None, moment: str = "after", *,
                 progress: Progress | None = None, outputs: Outputs | None = None,
                 **options) -> StillResult:
    """One picture of a network learning handwritten digits (``data``: a folder of MNIST's
    IDX files; none: scikit-learn's 8×8) at ``moment``. Options: those of
    :func:`~nnviz.api.digits_video` that say what is trained, and :func:`still`'s."""
    return _still_of(digits_subject, (DigitsData, NetworkTraining), out, moment, progress, outputs, options)


def still(
    subject: Subject | Recording | Recorder | str | Path,
    out: str | Path | None = None,
    moment: str = "after",
    *,
    kind: str | None = None,
    cycles: int | None = None,
    width: int | None = None,
    height: int | None = None,
    dpi: float | None = None,
    transparent: bool = False,
    theme: str = "dark",
    outputs: Outputs | None = None,
    progress: Progress | None = None,
    steps: bool = False,
    annotate: bool = False,
    **unknown: object,
) -> StillResult:
    """One picture of ``subject``'s story at ``moment`` (``before``, ``after``, a shown step
    such as ``cycle:N/example:K`` or ``epoch:N``, ``new`` or ``test:K`` where the story has
    them). The subject is a recording (a :class:`~.recording.Recording`, a Recorder, or a
    saved one's path), or what ``nnviz.api``'s ``*_subject`` functions make: for a data set of
    nnviz's own, :func:`xor_still`, :func:`plane_still`, :func:`table_still`,
    :func:`shapes_still` and :func:`digits_still` make it from the video's options. Written
    to ``out`` if given (PNG, SVG or PDF by its extension, or ``kind``); returned either way. The size is
    ``width`` x ``height`` pixels, or ``dpi`` pixels per inch of a 19.2 x 10.8 inch picture
    (default 1920x1080). The file appears only when complete (``outputs``, if given, tells
    afterwards whether it did). Training stops as soon as the moment has been drawn;
    ``progress(done, total)`` follows it step by step where the training can tell (by
    epochs). With ``steps``, a training moment shows its whole step in one picture
    (:func:`~.steps.overview`): the network lit, the error at the output, and every synapse
    flashing by its gradient. ``annotate`` writes every weight of a recording on its wire
    (a small network's; the calls that train take it themselves).
    """
    if unknown:
        raise checks.unknown_options(unknown, _keywords(still))
    if isinstance(subject, Recorder):  # its recording, as rec.still does
        subject = subject.recording
    if isinstance(subject, (Recording, str, os.PathLike)):
        from .recording_file import recording_subject

        subject = recording_subject(subject if isinstance(subject, Recording)
                                    else checks.file_path(subject, "the recording"), annotate=annotate)
    elif annotate:
        raise UsageError("annotate is chosen with the training, by the calls that train (xor_still, "
                         "plane_still, table_still, …): pass it to them")
    check_caller(subject, progress, outputs)
    # numpy's scalars are numbers here too, as they are for a video.
    cycles, width, height, dpi, transparent, steps = map(checks.plain, (cycles, width, height, dpi,
                                                                        transparent, steps))
    for name, switch in (("transparent", transparent), ("steps", steps)):
        if not isinstance(switch, bool):
            raise UsageError(f"{name} is True or False, not {switch!r}")
    if not isinstance(moment, str):
        raise UsageError(f"the moment is a string such as 'after', 'test:1' or 'epoch:3', not {moment!r}")
    if out is not None:
        out = checks.file_path(out, "out")
        checks.output_file(out, "still", STILL_FORMATS)
        checks.distinct(subject.inputs, {"still": out})  # never over what it reads
        written = out.suffix.lower().lstrip(".")
        if kind is not None and str(kind).lower().lstrip(".") != written:
            raise UsageError(f"kind {kind!r} contradicts the file's extension .{written}; give one of them")
        kind = written
    kind = "png" if kind is None else str(kind).lower().lstrip(".")  # "PNG" and ".png" as with a file
    if f".{kind}" not in STILL_FORMATS:
        raise UsageError(f"a still is one of {', '.join(STILL_FORMATS)}, not {kind!r}")
    if cycles is not None:
        checks.shown(cycles, min(checks.MAX_SHOWN_CYCLES, subject.most_steps), subject.shown_option)
    theme = checks.theme(theme)
    if dpi is not None:
        if width is not None or height is not None:
            raise UsageError(f"give the size in pixels or as {option('dpi')}, not both")
        checks.within("dpi", dpi, checks.MIN_DPI, checks.MAX_DPI)
        width, height = (2 * round(inches * dpi / 2) for inches in STAGE_INCHES)
        if width < checks.MIN_SIZE[0] or height < checks.MIN_SIZE[1]:
            least = checks.MIN_SIZE[1] / STAGE_INCHES[1]
            raise UsageError(f"{option('dpi', Placeholder(f'{dpi:g}'))} makes a {width}x{height} picture, "
                             f"too small to read; use at least {least:.1f}")
    width, height = checks.sixteen_nine(width, height)
    checks.size(width, height)
    if subject.annotate:
        check_annotated_size(width, height, stacked=kind == "png")
    malformed = malformed_moment(moment)  # said before training, not after it
    if malformed is not None:
        raise UsageError(malformed)
    if steps and names_no_step(moment):  # said before training, not after it
        raise UsageError(f"{option('steps')} shows a training step, and {moment.strip().lower()} is not one; "
                         f"pick a shown training step or drop {option('steps')}")
    # A still of a recording may be of any recorded step.
    every = subject.most_steps if subject.recorded else min(subject.default_shown, subject.most_steps)
    source = subject.begin(cycles or every)
    if progress is not None and hasattr(source, "on_step"):
        source.on_step = progress
    try:
        wanted = parse_moment(moment, source.setup, shown_steps(source), before=subject.shape.opening > 0)
    except ValueError as error:
        raise UsageError(str(error)) from None

    with signals_held():  # matplotlib, only once there is work, and never half-loaded
        from .render import Renderer

    if steps:
        require_steps(source)
    if steps and wanted.name != "training":
        raise UsageError(f"{option('steps')} shows a training step, and {wanted} is not one; pick a shown "
                         f"{source.setup.step_name} or drop {option('steps')}")
    shot = pick(unfold(source, 1), wanted)
    if steps:
        shot = overview_of(shot, source.setup)
    image = None
    # A tall frame's two parts are put together from pixels: a vector picture keeps the
    # 16:9 stage whole, in bands.
    with glyphs.gathered() as missing, Renderer(
            source.setup, width, height, theme=THEMES[theme], transparent=transparent, steps=steps,
            stack=kind == "png") as renderer:
        if kind == "png":
            image = renderer.draw(shot).copy()
            data = encode_png(image)
        else:
            data = renderer.vector(shot, kind)
    if out is not None:
        with ending_after_cleanup(), Outputs() if outputs is None else outputs as staged:
            staged.write(out, data)
            staged.commit()
    return StillResult(str(wanted), kind, data, width, height, out, image, glyphs.notes(missing))
