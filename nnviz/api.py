"""The Python API: make the XOR learning video from a few options.

The command line is a thin layer over :func:`xor_video`. Everything is checked before any
work starts, so bad input costs nothing and leaves nothing behind.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import checks, embed
from .audio import AudioError, Track, beats, load_track
from .checks import UsageError
from .data import xor
from .outputs import Outputs, signals_held
from .pacing import (
    BeatCuts,
    PacingError,
    cut_beats,
    cut_frames,
    cycles_for,
    fit_holds,
    holds_at,
    total_frames,
)
from .style import THEMES
from .timeline import Moment, frames_per_shot, label, shot_starts, tween, tweened_holds, unfold
from .train import TrainConfig, Training
from .video import DEFAULT_QUALITY, QUALITIES, VIDEO_FORMATS, VideoWriter, encode_png, frame_rate

ALT_TEXT = "A 3-4-1 neural network learning XOR: neurons glow as they fire, synapses grow"
DEFAULT_CYCLES = 13
SHEET_THUMB_WIDTH = 320
DEFAULT_SECONDS_PER_SHOT = 1.0
DEFAULT_GIF_WIDTH = 640  # a blog's column
STILL_NAMES = {Moment.BEFORE: "before.png", Moment.AFTER: "after.png", Moment.NEW: "new-situation.png"}

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class VideoOptions:
    out: Path = Path("learn.mp4")
    seed: int = 0
    train_cycles: int = 60_000
    cycles: int | None = None  # 13, or fitted to the duration
    learning_rate: float = 1.0
    bias: bool = False
    width: int = 1920
    height: int = 1080
    fps: float = 30.0
    seconds_per_shot: float | None = None  # 1.0 unless the video must fill a duration
    quality: str | None = None  # "standard" for MP4 and WebM; a GIF has none
    theme: str = "dark"
    music: Path | None = None
    duration: float | None = None
    beats: bool = False
    smooth: bool = False
    constant_frame_rate: bool = False  # every frame stored, for video editors
    gif_width: int | None = None  # a GIF is drawn this wide (DEFAULT_GIF_WIDTH)
    stills: Path | None = None
    contact_sheet: Path | None = None
    html: Path | None = None
    json: Path | None = None

    @property
    def gif(self) -> bool:
        return Path(self.out).suffix.lower() == ".gif"


@dataclass(frozen=True)
class VideoResult:
    video: Path
    duration_s: float  # as written: frames / rate (a GIF's, to its hundredths)
    frames: int  # frames on the video's timeline
    pictures: int  # pictures stored in the file (a held shot is one, unless the rate is constant)
    fps: float
    width: int
    height: int
    shown_cycles: list[int]
    final_outputs: list[float]
    new_inputs: list[float]
    new_estimate: float
    stills: dict[str, Path] = field(default_factory=dict)
    music: Path | None = None
    shot_starts_s: list[float] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what a user should know (e.g. no clear beat)
    beats: BeatCuts | None = None  # the tempo, meter and beats the shots changed on (--beats)
    html: Path | None = None
    contact_sheet: Path | None = None
    json: Path | None = None
    poster: Path | None = None

    def _repr_html_(self) -> str:
        """In a notebook the result plays inline."""
        return embed.inline(self.video, self.width, self.height, ALT_TEXT)

    def summary(self) -> dict:
        """A JSON-ready description of what was made."""
        return {
            "video": str(self.video),
            "duration_s": self.duration_s,
            "frames": self.frames,
            "pictures": self.pictures,
            "fps": self.fps,
            "width": self.width,
            "height": self.height,
            "shown_cycles": self.shown_cycles,
            "final_outputs": self.final_outputs,
            "new_situation": {"inputs": self.new_inputs, "estimate": self.new_estimate},
            "stills": {name: str(path) for name, path in self.stills.items()},
            "music": None if self.music is None else str(self.music),
            "shot_starts_s": self.shot_starts_s,
            "notes": self.notes,
            "beats": None if self.beats is None else self.beats.summary(),
        }

    def files(self) -> list[Path]:
        """Every file the run wrote."""
        extra = [self.poster, *self.stills.values(), self.contact_sheet, self.html, self.json]
        return [self.video, *(path for path in extra if path is not None)]


def validate(options: VideoOptions) -> None:
    """Raise UsageError for any option that cannot work or does not apply."""
    checks.training(options.seed, options.train_cycles, options.cycles, options.learning_rate)
    checks.theme(options.theme)
    checks.output_file(Path(options.out), "video", VIDEO_FORMATS)
    _check_format(options)
    checks.size(options.width, options.height)
    _check_timing(options)
    outputs = planned_outputs(options)
    for role, path in outputs.items():
        if role == "video":
            continue
        if role.endswith("still"):
            _check_stills_folder(Path(options.stills))
            if not Path(options.stills).is_dir():
                continue  # made by the run: nothing can be in the way
        checks.output_file(path, role, (path.suffix.lower(),) if role != "JSON summary" else (".json",))
    inputs = {"music": Path(options.music)} if options.music is not None else {}
    checks.distinct(inputs, outputs)


def _check_format(options: VideoOptions) -> None:
    """What applies to the container: a GIF has its own width, no sound, no x264 quality."""
    checks.frame_rate(options.fps, gif=options.gif)
    if options.quality is not None and options.quality not in QUALITIES:
        raise UsageError(f"quality must be one of {', '.join(QUALITIES)}, not {options.quality!r}")
    if not options.gif:
        if options.gif_width is not None:
            raise UsageError("--gif-width is for a .gif; drop it, or write --out FILE.gif")
        return
    if options.music is not None:
        raise UsageError("a GIF has no sound; write .mp4 or .webm for --music, or drop --music")
    if options.quality is not None:
        raise UsageError("a GIF's colours come from one palette, with no --quality; drop --quality")
    if options.constant_frame_rate:
        raise UsageError("--constant-frame-rate is for MP4 and WebM, which editors import; drop it")
    g = options.gif_width if options.gif_width is not None else DEFAULT_GIF_WIDTH
    checks.within("the GIF width", g, checks.MIN_GIF_WIDTH, checks.MAX_GIF_WIDTH, " pixels", whole=True)
    if g % 2:
        raise UsageError(f"the GIF width must be an even number of pixels, not {g}")


def _check_stills_folder(stills: Path) -> None:
    if stills.exists() and not stills.is_dir():
        raise UsageError(f"stills folder {str(stills)!r} is a file; give a folder")
    checks.folder(stills if stills.is_dir() else stills.parent, "stills folder")


def planned_outputs(options: VideoOptions) -> dict[str, Path]:
    """Every file a run with these options writes, by role."""
    out = Path(options.out)
    planned = {"video": out}
    if options.html is not None and not options.gif:
        planned["poster frame"] = poster_path(out)
    if options.stills is not None:
        for moment, name in STILL_NAMES.items():
            planned[f"{moment.value} still"] = Path(options.stills) / name
    if options.contact_sheet is not None:
        planned["contact sheet"] = Path(options.contact_sheet)
    if options.html is not None:
        planned["HTML page"] = Path(options.html)
    if options.json is not None:
        planned["JSON summary"] = Path(options.json)
    for role, extensions in (("contact sheet", (".png",)), ("HTML page", (".html", ".htm"))):
        if role in planned and planned[role].suffix.lower() not in extensions:
            checks.output_file(planned[role], role, extensions)  # says which extensions
    return planned


def poster_path(video: Path) -> Path:
    """The poster frame written beside a video for its HTML page."""
    return video.with_name(f"{video.stem}-poster.png")


def frame_size(options: VideoOptions) -> tuple[int, int]:
    """The size the frames are drawn at. A GIF is drawn at its own width (not shrunk from a
    larger picture, which would make its text too small to read)."""
    if not options.gif:
        return options.width, options.height
    width = options.gif_width if options.gif_width is not None else DEFAULT_GIF_WIDTH
    return width, 2 * max(1, round(width * options.height / options.width / 2))


def _check_timing(options: VideoOptions) -> None:
    """The ways of setting the length exclude each other; each must make sense alone."""
    fixed = "--music" if options.music is not None else "--duration" if options.duration is not None else None
    if options.music is not None and options.duration is not None:
        raise UsageError("--music sets the length of the video; drop --duration (or --music)")
    if fixed and options.seconds_per_shot is not None:
        raise UsageError(
            f"--seconds-per-shot contradicts {fixed}, which sets the length of the video; "
            f"drop --seconds-per-shot (or {fixed})"
        )
    if options.beats and options.music is None:
        raise UsageError("--beats needs a track to find beats in; add --music FILE")
    rate = frame_rate(options.fps)
    if options.duration is not None:
        checks.within("the duration", options.duration, 0, checks.MAX_VIDEO_SECONDS, " s")
        if options.duration <= 0:
            raise UsageError(f"the duration must be above 0 s, not {options.duration!r}")
    if options.seconds_per_shot is not None:
        checks.within("seconds per shot", options.seconds_per_shot, 0, checks.MAX_SECONDS_PER_SHOT, " s")
        try:
            frames_per_shot(options.seconds_per_shot, rate)
        except ValueError as error:
            raise UsageError(str(error)) from None
    if options.music is not None:
        checks.input_file(Path(options.music), "music")
    if fixed is None:
        cycles = options.cycles if options.cycles is not None else DEFAULT_CYCLES
        hold = frames_per_shot(options.seconds_per_shot or DEFAULT_SECONDS_PER_SHOT, rate)
        seconds = (3 + xor().n_examples * cycles) * hold / rate
        if seconds > checks.MAX_VIDEO_SECONDS:
            raise UsageError(
                f"the video would last {float(seconds) / 3600:.1f} hours; the longest is "
                f"{checks.MAX_VIDEO_SECONDS // 3600} hours: show fewer cycles or hold shots shorter"
            )


@dataclass(frozen=True)
class Pacing:
    """How many cycles are shown and how long each shot is held."""

    cycles: int
    holds: list[int]
    notes: list[str]
    beats: BeatCuts | None = None


def pace(options: VideoOptions, examples: int) -> Pacing:
    """Fit the shots to the options' timing. Decodes the music, if any (a UsageError if it
    cannot be decoded or is too short)."""
    duration = options.duration
    track = None
    if options.music is not None:
        try:
            track = load_track(Path(options.music), onsets=options.beats)
        except AudioError as error:
            raise UsageError(str(error)) from None
        duration = track.duration
    rate = frame_rate(options.fps)
    if duration is None:
        cycles = options.cycles if options.cycles is not None else DEFAULT_CYCLES
        hold = frames_per_shot(options.seconds_per_shot or DEFAULT_SECONDS_PER_SHOT, rate)
        return Pacing(cycles, [hold] * (3 + examples * cycles), [])

    frames = total_frames(duration, rate)
    try:
        most = min(options.train_cycles, checks.MAX_SHOWN_CYCLES)
        cycles = options.cycles or cycles_for(duration, rate, examples, most)
        holds = fit_holds(frames, examples * cycles)
    except PacingError as error:
        what = f"the music ({duration:.2f} s)" if track is not None else f"{duration:g} s"
        raise UsageError(f"{what} is too short: {error}") from None
    if options.beats and track is not None:
        return _on_beats(track, options, examples, cycles, frames, holds)
    return Pacing(cycles, holds, [])


def _on_beats(
    track: Track, options: VideoOptions, examples: int, cycles: int, frames: int, holds: list[int]
) -> Pacing:
    """Move the changes of shot onto the track's beats, if it has a steady beat."""
    grid = beats(track)
    if grid is None:
        return Pacing(cycles, holds, [f"no clear beat in {track.path.name}; shots are evenly paced"])
    at, index = cut_frames(grid.times, frame_rate(options.fps), frames)
    if options.cycles is None:  # show as many cycles as there are beats to change on
        while cycles > 1 and len(at) < 2 + examples * cycles:
            cycles -= 1
        holds = fit_holds(frames, examples * cycles)
    bar = f", {grid.meter} beats to the bar" if grid.meter else ""
    found = f"{track.path.name} ({grid.tempo:.0f} BPM{bar})"
    picked = cut_beats(holds, at, grid.levels[index])
    if picked is None:
        return Pacing(cycles, holds, [
            f"{found} has {len(at)} beats, too few for {len(holds) - 1} changes of shot; "
            "shots are evenly paced"
        ])
    cuts = BeatCuts(grid.tempo, grid.meter, len(grid.times), grid.times[index[picked]].tolist())
    note = f"{len(holds) - 1} changes of shot on the beats of {found}"
    return Pacing(cycles, holds_at(at[picked], frames), [note], cuts)


def _plain(values: np.ndarray) -> list:
    """Numbers for JSON: whole numbers as ints, the rest as floats."""
    return [int(v) if float(v).is_integer() else float(v) for v in np.ravel(values)]


def xor_video(
    out: str | Path = "learn.mp4", *, progress: Progress | None = None,
    outputs: Outputs | None = None, **options
) -> VideoResult:
    """Train the 3-4-1 network on XOR and make the video of it learning.

    Options are the fields of :class:`VideoOptions` (``seed``, ``cycles``, ``width``, …;
    ``seconds_per_frame`` is another name for ``seconds_per_shot``).
    ``progress(done, total)`` counts the video's frames as they are encoded.

    Every file (the video and any stills, poster, contact sheet, page or summary) is
    written in full to a temporary file first and all are put in place together at the
    end; on any failure or interruption none is, and earlier files stay as they were.
    Pass ``outputs`` to learn afterwards whether that commit happened (``outputs.committed``).
    """
    if "seconds_per_frame" in options:  # the name it had before shots were called shots
        if "seconds_per_shot" in options:
            raise UsageError("give seconds_per_shot or seconds_per_frame, not both")
        options["seconds_per_shot"] = options.pop("seconds_per_frame")
    try:
        opts = VideoOptions(out=Path(out), **options)
    except TypeError as error:
        raise UsageError(str(error)) from None
    validate(opts)
    with Outputs() if outputs is None else outputs as staged:
        result = _make(opts, staged, progress)
        staged.commit()
    return result


def _make(opts: VideoOptions, outputs: Outputs, progress: Progress | None) -> VideoResult:
    """Everything but the commit: every output is written to its temporary file."""
    with signals_held():  # matplotlib, only once there is work, and never half-loaded
        from .render import Renderer, contact_sheet, thumbnail

    data = xor()
    pacing = pace(opts, data.n_examples)
    rate = frame_rate(opts.fps)
    config = TrainConfig(
        seed=opts.seed, train_cycles=opts.train_cycles, shown=pacing.cycles,
        learning_rate=opts.learning_rate, bias=opts.bias,
    )
    training = Training(data, config)
    holds = pacing.holds
    shots = unfold(training, holds)
    if opts.smooth:
        shots, holds = tween(shots, rate), tweened_holds(holds, rate)

    # Shots are drawn as training produces them, so ffmpeg (another process) is already
    # encoding while the network is still learning.
    stills_rgba: dict[Moment, np.ndarray] = {}
    sheet: list[tuple[np.ndarray, str]] = []  # a thumbnail and a label per shot of the story
    size = frame_size(opts)
    quality = QUALITIES[opts.quality or DEFAULT_QUALITY]
    total, done = sum(holds), 0
    with (
        Renderer(training.sizes, training.dataset, opts.train_cycles, *size,
                 theme=THEMES[opts.theme]) as renderer,
        VideoWriter(
            opts.out, *size, rate, holds, quality, opts.music,
            constant_rate=opts.constant_frame_rate, outputs=outputs,
        ) as video,
    ):
        for shot in shots:
            frame = renderer.draw(shot)
            video.write(frame)
            if not shot.in_between:  # stills and thumbnails show each shot as it settles
                if (opts.stills is not None or opts.html is not None) and shot.moment in STILL_NAMES:
                    stills_rgba[shot.moment] = frame.copy()
                if opts.contact_sheet is not None:
                    sheet.append((thumbnail(frame, SHEET_THUMB_WIDTH), label(shot)))
            done += shot.frames
            if progress is not None:
                progress(done, total)
    run = training.run
    planned = planned_outputs(opts)

    poster = planned.get("poster frame")
    if poster is not None:
        # The poster shows before the video plays: the network lit up by the new situation.
        outputs.write(poster, encode_png(stills_rgba[Moment.NEW]))
    if opts.html is not None:
        markup = embed.snippet(opts.out, *size, ALT_TEXT, poster, relative_to=Path(opts.html).parent)
        outputs.write(Path(opts.html), embed.page(markup, ALT_TEXT).encode())

    stills: dict[str, Path] = {}
    if opts.stills is not None:
        outputs.folder(Path(opts.stills))
        for moment, rgba in stills_rgba.items():
            path = planned[f"{moment.value} still"]
            outputs.write(path, encode_png(rgba))
            stills[moment.value] = path

    if opts.contact_sheet is not None:
        # A row per shown cycle; before training opens the sheet, after and new close it.
        columns = run.dataset.n_examples
        first, middle, last = sheet[:1], sheet[1:-2], sheet[-2:]
        rows = [*first, *[(None, "")] * (columns - 1), *middle, *last]
        pictures, labels = zip(*rows)
        image = contact_sheet(pictures, labels, columns, THEMES[opts.theme])
        outputs.write(Path(opts.contact_sheet), encode_png(image))

    result = VideoResult(
        video=opts.out,
        duration_s=video.duration,
        frames=total,
        pictures=video.pictures,
        fps=float(rate),
        width=size[0],
        height=size[1],
        shown_cycles=list(run.cycles),
        final_outputs=[float(v) for v in run.final_outputs().ravel()],
        new_inputs=_plain(run.dataset.new_inputs),
        new_estimate=float(run.new_situation()[-1][0]),
        stills=stills,
        music=opts.music,
        shot_starts_s=[float(start / rate) for start in shot_starts(pacing.holds)],
        notes=pacing.notes,
        beats=pacing.beats,
        html=None if opts.html is None else Path(opts.html),
        contact_sheet=None if opts.contact_sheet is None else Path(opts.contact_sheet),
        json=None if opts.json is None else Path(opts.json),
        poster=poster,
    )
    if opts.json is not None:
        outputs.write(Path(opts.json), (json.dumps(result.summary(), indent=2) + "\n").encode())
    return result


__all__ = ["UsageError", "VideoOptions", "VideoResult", "validate", "xor_video"]
