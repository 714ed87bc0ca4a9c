"""Filming a recording: any training run (live or saved) becomes a video and its companions.

``film()`` is the one pipeline every command and the Python API share: the options are
checked before any work, the shots are paced to the options (a hold, a duration, a track
and its beats), drawn as the training produces them, encoded by ffmpeg meanwhile, and every
output (video, poster, stills, contact sheet, HTML page, player, JSON) is committed together
at the end.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import checks, embed, glyphs, player
from .audio import AudioError, Track, beats, load_track
from .checks import Placeholder, UsageError, option
from .data import Dataset
from .layout import STAGE_ASPECT, is_compact
from .metrics import chance_note
from .outputs import Outputs, ending_after_cleanup, signals_held
from .pacing import (
    BeatCuts,
    PacingError,
    cut_beats,
    cut_frames,
    cycles_for,
    fit_holds,
    holds_at,
    total_frames,
    with_half_beats,
)
from .recording import Recording, Setup, Source
from .steps import exact_story, require_steps, step_holds, walk
from .story import Shape, label, shown_steps, unfold
from .style import THEMES
from .timeline import Moment, Shot, frames_per_shot, shot_starts, tween, tween_holds
from .video import DEFAULT_QUALITY, QUALITIES, VIDEO_FORMATS, VideoWriter, encode_png, frame_rate
from .words import plural

DEFAULT_CYCLES = 13  # shown steps, when nothing sets the length
SHEET_THUMB_WIDTH = 320
DEFAULT_SECONDS_PER_SHOT = 1.0
STEP_SECONDS_PER_SHOT = 3.0  # step mode plays a forward and a backward pass in every shot
DEFAULT_GIF_WIDTH = 640  # a blog's column
STILL_NAMES = {Moment.BEFORE: "before.png", Moment.AFTER: "after.png", Moment.NEW: "new-situation.png",
               Moment.TEST: "test-{k}.png", Moment.PROBE: "probe-{k}.png", Moment.LAYER: "layer-{k}.png"}

Progress = Callable[[int, int], None]


PATH_OPTIONS = ("out", "music", "stills", "contact_sheet", "html", "player", "json")


@dataclass(frozen=True)
class VideoOptions:
    """How to film: everything but what to train."""

    out: Path = Path("learn.mp4")
    cycles: int | None = None  # shown steps: 13, or fitted to the duration
    # Either alone: the other follows at 16:9; neither: 1920x1080 (see checks.sixteen_nine).
    width: int = None  # type: ignore[assignment]
    height: int = None  # type: ignore[assignment]
    fps: float = 30.0
    seconds_per_shot: float | None = None  # 1.0 unless the video must fill a duration
    quality: str | None = None  # "standard" for MP4 and WebM; a GIF has none
    theme: str = "dark"
    music: Path | None = None
    music_start: float | None = None  # seconds into the track where the video's music starts
    duration: float | None = None  # with music: where the track is cut (it fades out before)
    beats: bool = False
    smooth: bool = False
    steps: bool = False  # each training shot as a forward and a backward pass (see steps.py)
    constant_frame_rate: bool = False  # every frame stored, for video editors
    gif_width: int | None = None  # a GIF is drawn this wide (DEFAULT_GIF_WIDTH)
    stills: Path | None = None
    contact_sheet: Path | None = None
    html: Path | None = None
    player: Path | None = None  # a self-contained HTML page that plays the shots (player.py)
    json: Path | None = None

    def __post_init__(self) -> None:
        checks.python_numbers(self)
        object.__setattr__(self, "theme", checks.theme_named(self.theme))  # checked in validate
        width, height = checks.sixteen_nine(self.width, self.height)
        object.__setattr__(self, "width", width)
        object.__setattr__(self, "height", height)
        checks.switches(self)
        for name in PATH_OPTIONS:
            value = getattr(self, name)
            if value is not None or name == "out":
                object.__setattr__(self, name, checks.file_path(value, name))

    @property
    def hold_seconds(self) -> float:
        """How long a shot is held when nothing fits the video to a length."""
        if self.seconds_per_shot is not None:
            return self.seconds_per_shot
        return STEP_SECONDS_PER_SHOT if self.steps else DEFAULT_SECONDS_PER_SHOT

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
    layers: list[int] = field(default_factory=list)
    step_name: str = "cycle"
    shown_steps: list[int] = field(default_factory=list)
    final_loss: float | None = None
    train_accuracy: float | None = None
    test_accuracy: float | None = None
    stills: dict[str, Path] = field(default_factory=dict)
    music: Path | None = None
    music_start_s: float | None = None  # where in the track the video's music starts
    shot_starts_s: list[float] = field(default_factory=list)
    shot_steps: list[int | None] = field(default_factory=list)  # the step each shot shows
    # The example each shot thinks about: ("train" or "test", its index in that set, its place
    # in the data's source or None where nnviz drew the data), or None.
    shot_examples: list[tuple[str, int, int | None] | None] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what a user should know (e.g. no clear beat)
    beats: BeatCuts | None = None  # the tempo, meter and beats the shots changed on (--beats)
    html: Path | None = None
    contact_sheet: Path | None = None
    json: Path | None = None
    poster: Path | None = None
    player: Path | None = None
    # The player's pictures (one per shot), their size, and the page's size in bytes.
    player_pictures: int = 0
    player_size: tuple[int, int] | None = None
    player_bytes: int = 0
    details: dict = field(default_factory=dict)  # what a command adds to the summary

    # The XOR video's own results, as they have always been named.
    @property
    def new_estimate(self) -> float | None:
        return self.details.get("new_situation", {}).get("estimate")

    @property
    def new_inputs(self) -> list[float] | None:
        return self.details.get("new_situation", {}).get("inputs")

    @property
    def final_outputs(self) -> list[float] | None:
        return self.details.get("final_outputs")

    @property
    def shown_cycles(self) -> list[int]:
        return self.shown_steps

    def _repr_html_(self) -> str:
        """In a notebook the result plays inline."""
        return embed.inline(self.video, self.width, self.height, self.details.get("alt", ALT_TEXT),
                            sound=self.music is not None)

    def summary(self) -> dict:
        """A JSON-ready description of what was made."""
        # A recording's steps are named by its loop ("update step", "Epoch"): its summary's key
        # is shown_steps whatever they are called, beside recorded_steps.
        shown = "shown_steps" if "recorded_steps" in self.details else f"shown_{plural(self.step_name)}"
        summary = {
            "video": str(self.video),
            "duration_s": self.duration_s,
            "frames": self.frames,
            "pictures": self.pictures,
            "fps": self.fps,
            "width": self.width,
            "height": self.height,
            "layers": self.layers,
            shown: self.shown_steps,
            "final_loss": self.final_loss,
            # null where unmeasured (XOR's story, a run without a test set, a loop that logged
            # none), like every other absent value: a reader need not test for the key.
            "train_accuracy": self.train_accuracy,
            "test_accuracy": self.test_accuracy,
        }
        summary |= {key: value for key, value in self.details.items() if key != "alt"}
        summary |= {
            "stills": {name: str(path) for name, path in self.stills.items()},
            "music": None if self.music is None else str(self.music),
            "music_start_s": self.music_start_s,
            "shot_starts_s": self.shot_starts_s,
            "shot_steps": self.shot_steps,
            "shot_examples": [None if e is None else {"set": e[0], "index": e[1], "row": e[2]}
                              for e in self.shot_examples],
            "notes": self.notes,
            "beats": None if self.beats is None else self.beats.summary(),
            "player": None if self.player is None else {
                "file": str(self.player),
                "pictures": self.player_pictures,
                "width": self.player_size[0] if self.player_size else None,
                "height": self.player_size[1] if self.player_size else None,
                "bytes": self.player_bytes,
            },
        }
        return summary

    def files(self) -> list[Path]:
        """Every file the run wrote."""
        extra = [self.poster, *self.stills.values(), self.contact_sheet, self.html, self.player, self.json]
        return [self.video, *(path for path in extra if path is not None)]


ALT_TEXT = "A neural network learning: neurons glow as they fire, synapses grow"


# ------------------------------------------------------------------------- checking options
def validate(options: VideoOptions, subject: Subject) -> None:
    """Raise UsageError for any option that cannot work, or does not apply, for ``subject``."""
    shape, default_shown, most = subject.shape, subject.default_shown, subject.most_steps
    if options.cycles is not None:
        checks.shown(options.cycles, named=subject.shown_option)
        if options.cycles > most:  # a recording has only its own
            raise UsageError(f"cannot show {options.cycles} steps: there are {most}; show at most {most}")
    checks.theme(options.theme)
    out = Path(options.out)
    if out.suffix.lower() in checks.STILL_FORMATS:  # a picture was meant: say how to make one
        one = ("add --still MOMENT (such as --still after)" if checks.COMMAND_LINE.get()
               else "use nnviz.still or the *_still functions (such as nnviz.xor_still)")
        raise UsageError(f"video {str(out)!r} is named as a picture ({out.suffix}): for one picture, "
                         f"{one}; for a video, name it {', '.join(VIDEO_FORMATS)}")
    checks.output_file(out, "video", VIDEO_FORMATS)
    _check_format(options)
    checks.size(options.width, options.height)
    if options.gif:
        _check_gif_size(options)
    if subject.annotate:
        check_annotated_size(*frame_size(options), gif=options.gif)
    _check_timing(options, shape, default_shown)
    if options.music is None and options.duration is None:  # else counted once the length is known
        _check_every_shot_outputs(options, _shots(options, shape, default_shown), subject.shown_option)
    outputs = planned_outputs(options, subject.still_moments)
    for role, path in outputs.items():
        if role == "video":
            continue
        if role.endswith("still"):
            _check_stills_folder(Path(options.stills))
            if not Path(options.stills).is_dir():
                continue  # made by the run: nothing can be in the way
        checks.output_file(path, role, (path.suffix.lower(),) if role != "JSON summary" else (".json",))
    inputs = dict(subject.inputs)
    if options.music is not None:
        inputs["music"] = Path(options.music)
    if options.stills is not None:  # a folder of stills named like another output is in its way
        outputs = {**outputs, "stills folder": Path(options.stills)}
    checks.distinct(inputs, outputs)
    if options.player is not None:
        player.check_support()


def _check_format(options: VideoOptions) -> None:
    """What applies to the container: a GIF has its own width, no sound, no x264 quality."""
    checks.frame_rate(options.fps, gif=options.gif)
    if options.quality is not None and options.quality not in QUALITIES:
        raise UsageError(f"quality must be one of {', '.join(QUALITIES)}, not {options.quality!r}")
    if not options.gif:
        if options.gif_width is not None:
            raise UsageError(f"{option('gif_width')} is for a .gif; drop it, or write "
                             f"{option('out', Placeholder('FILE.gif'))}")
        return
    if options.music is not None:
        music = option("music")
        raise UsageError(f"a GIF has no sound; write .mp4 or .webm for {music}, or drop {music}")
    if options.quality is not None:
        quality = option("quality")
        raise UsageError(f"a GIF's colours come from one palette, with no {quality}; drop {quality}")
    if options.constant_frame_rate:
        raise UsageError(f"{option('constant_frame_rate')} is for MP4 and WebM, which editors import; "
                         "drop it")
    g = options.gif_width if options.gif_width is not None else DEFAULT_GIF_WIDTH
    checks.within("the GIF width", g, checks.MIN_GIF_WIDTH, checks.MAX_GIF_WIDTH, " pixels", whole=True)
    if g % 2:
        raise UsageError(f"the GIF width must be an even number of pixels, not {g}")


def _check_gif_size(options: VideoOptions) -> None:
    """A GIF is drawn at its own width, its height following --size's shape: that size must
    be one a frame may have (--size 7680x360 at 640 wide was a 640x30 GIF)."""
    width, height = frame_size(options)
    (low_w, low_h), (high_w, high_h) = checks.MIN_SIZE, checks.MAX_SIZE
    if not (low_w <= width <= high_w and low_h <= height <= high_h):
        raise UsageError(
            f"a GIF {width} pixels wide in the shape of {options.width}x{options.height} is "
            f"{width}x{height}, outside {low_w}x{low_h} to {high_w}x{high_h}: give a size nearer 16:9 "
            f"or another {option('gif_width')}"
        )


def _check_stills_folder(stills: Path) -> None:
    status = checks.stat_of(stills, "stills folder")  # a loop of symbolic links: one line
    if status is not None and not stills.is_dir():
        raise UsageError(f"stills folder {str(stills)!r} is a file; give a folder")
    if status is None and stills.is_symlink():  # the run would make it, and cannot make a link's
        raise UsageError(f"the stills folder {str(stills)!r} is a symbolic link to "
                         f"{os.readlink(stills)!r}, which does not exist; create it first")
    checks.folder(stills if stills.is_dir() else stills.parent, "stills folder")


def _last_measured(values: np.ndarray) -> float | None:
    measured = values[np.isfinite(values)]
    return float(measured[-1]) if len(measured) else None


def _before_training(shot: Shot) -> bool:
    """Whether ``shot`` shows the network before training: the story's own shot, or a
    recording's step 0."""
    return shot.moment is Moment.BEFORE or (shot.moment is Moment.TRAINING and shot.snapshot is not None
                                           and shot.snapshot.step == 0)


def still_names(moments: tuple[str, ...]) -> dict[str, str]:
    """File names of the stills of a story's closing moments (``before``, ``after``, ``new``,
    ``test:1``…), by moment."""
    names = {}
    for moment in moments:
        kind, _, number = moment.partition(":")
        pattern = STILL_NAMES[Moment(kind)]
        names[moment] = pattern.format(k=number) if number else pattern
    return names


def planned_outputs(options: VideoOptions, still_moments: tuple[str, ...] = ()) -> dict[str, Path]:
    """Every file a run with these options writes, by role."""
    out = Path(options.out)
    planned = {"video": out}
    if options.html is not None and not options.gif:
        planned["poster frame"] = poster_path(out)
    if options.stills is not None:
        for moment, name in still_names(still_moments).items():
            planned[f"{moment} still"] = Path(options.stills) / name
    if options.contact_sheet is not None:
        planned["contact sheet"] = Path(options.contact_sheet)
    if options.html is not None:
        planned["HTML page"] = Path(options.html)
    if options.player is not None:
        planned["player"] = Path(options.player)
    if options.json is not None:
        planned["JSON summary"] = Path(options.json)
    for role, extensions in (("contact sheet", (".png",)), ("HTML page", (".html", ".htm")),
                             ("player", (".html", ".htm"))):
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
    return gif_size(options.width, options.height, options.gif_width)


def gif_size(width: int, height: int, gif_width: int | None) -> tuple[int, int]:
    """A GIF's frames: ``gif_width`` wide (DEFAULT_GIF_WIDTH), in the shape of width x height."""
    drawn = gif_width if gif_width is not None else DEFAULT_GIF_WIDTH
    return drawn, 2 * max(1, round(drawn * height / width / 2))


def check_annotated_size(width: int, height: int, gif: bool = False, stacked: bool = True) -> None:
    """Every weight written on its wire needs the full design: a stage 720 pixels high or
    more (1280x720 and up; upright, 1440 high and about 810 wide). ``stacked``: whether an
    upright frame's parts are stacked (an SVG or PDF still keeps the 16:9 band). Said before
    any training."""
    if is_compact(width, height, stacked=stacked, full=True):
        annotate = option("annotate")
        larger = (f"{option('gif_width', 1280)} or more" if gif else
                  "--size 1280x720" if checks.COMMAND_LINE.get() else "width=1280, height=720")
        said = f"{annotate} needs room to write every weight legibly: a frame of 1280x720 or larger"
        if stacked:
            raise UsageError(f"{said}, or an upright one at least 1440 pixels high and about 810 wide; this "
                             f"one is {width}x{height}: use {larger}, or drop {annotate}")
        band = f"{width}x{round(width / STAGE_ASPECT)}"
        raise UsageError(f"{said}; an upright SVG or PDF is the 16:9 picture in a band, {band} here: write "
                         f"a PNG, use {larger}, or drop {annotate}")


def _check_timing(options: VideoOptions, shape: Shape, default_shown: int) -> None:
    """The ways of setting the length exclude each other; each must make sense alone."""
    music, duration, per_shot = option("music"), option("duration"), option("seconds_per_shot")
    fixed = duration if options.duration is not None else music if options.music is not None else None
    if options.music_start is not None:
        if options.music is None:
            raise UsageError(f"{option('music_start')} is where the music starts; add "
                             f"{option('music', Placeholder('FILE'))}")
        checks.within("the music's start", options.music_start, 0, checks.MAX_VIDEO_SECONDS, " s")
    if fixed and options.seconds_per_shot is not None:
        raise UsageError(
            f"{per_shot} contradicts {fixed}, which sets the length of the video; "
            f"drop {per_shot} (or {fixed})"
        )
    if options.beats and options.music is None:
        raise UsageError(f"{option('beats')} needs a track to find beats in; add "
                         f"{option('music', Placeholder('FILE'))}")
    rate = frame_rate(options.fps)
    if options.duration is not None:
        # One range, said alike on both sides ("from 0" above, "above 0" at 0, had disagreed).
        if not (checks.finite_number(options.duration) and 0 < options.duration <= checks.MAX_VIDEO_SECONDS):
            raise UsageError(f"the duration must be a number above 0 and at most "
                             f"{checks.MAX_VIDEO_SECONDS:,g} s, not {checks.quoted(options.duration)}")
    if options.seconds_per_shot is not None:
        # A shot is held a whole number of frames, the nearest, at least one: the range says
        # so at this frame rate (it had said "from 0", and refused 0).
        frame, held = float(1 / rate), options.seconds_per_shot
        if not (checks.finite_number(held) and frame / 2 <= held <= checks.MAX_SECONDS_PER_SHOT):
            raise UsageError(f"seconds per shot must be a number from one frame ({frame:.3g} s at "
                             f"{float(rate):g} fps; a hold is rounded to whole frames) to "
                             f"{checks.MAX_SECONDS_PER_SHOT:g} s, not {checks.quoted(held)}")
    if options.music is not None:
        checks.input_file(Path(options.music), "music")
    if fixed is None:
        hold = frames_per_shot(options.hold_seconds, rate)
        seconds = _shots(options, shape, default_shown) * hold / rate
        if seconds > checks.MAX_VIDEO_SECONDS:
            raise UsageError(
                f"the video would last {_hours(float(seconds))}; the longest is "
                f"{checks.MAX_VIDEO_SECONDS // 3600} hours: show fewer cycles or hold shots shorter"
            )


def _check_every_shot_outputs(options: VideoOptions, shots: int, shown_option: str) -> None:
    """A contact sheet and a player hold a picture of every shot: refused where there would
    be too many to hold (or to open), before any training. Where the music or the duration
    sets the length, the shots are counted once it is known (a 30-minute video's 1,795 shots
    had made a 31 MB sheet at 2.5 GB of memory)."""
    timed = options.music is not None or options.duration is not None
    fewer = f"show fewer steps ({option(shown_option)}){' or make the video shorter' if timed else ''}"
    for name, given, most in (("contact_sheet", options.contact_sheet, checks.MAX_SHEET_SHOTS),
                              ("player", options.player, checks.MAX_PLAYER_SHOTS)):
        if given is not None and shots > most:
            raise UsageError(f"{option(name)} holds a picture of every shot, at most {most:,}, and this "
                             f"video has {shots:,}: {fewer}, or drop {option(name)}")


def _shots(options: VideoOptions, shape: Shape, default_shown: int) -> int:
    """How many shots the video will have."""
    return shape.shots(options.cycles if options.cycles is not None else default_shown)


def _hours(seconds: float) -> str:
    """A length over the limit, never rounded down to it: "2 h 0 min 20 s", not "2.0 hours"."""
    whole = math.ceil(seconds)
    return f"{whole // 3600} h {whole % 3600 // 60} min {whole % 60} s"


# ------------------------------------------------------------------------- pacing
@dataclass(frozen=True)
class Pacing:
    """How many steps are shown and how long each shot is held."""

    cycles: int
    holds: list[int]
    notes: list[str]
    beats: BeatCuts | None = None


def pace(options: VideoOptions, shape: Shape, most: int, default_shown: int = DEFAULT_CYCLES,
         recorded: bool = False) -> Pacing:
    """Fit the shots to the options' timing, showing at most ``most`` steps (options that
    :func:`validate` has passed). Decodes the music, if any (a UsageError if it cannot be
    decoded or is too short). ``recorded``: the steps are a recording's, and showing fewer
    than all of them is said in a note."""
    duration = options.duration
    track = None
    if options.music is not None:
        start = options.music_start or 0.0
        try:
            track = load_track(Path(options.music), onsets=options.beats, start=start, length=duration)
        except AudioError as error:
            raise UsageError(str(error)) from None
        if duration is not None and track.duration < duration - 0.5 / frame_rate(options.fps):
            since = f" from {start:g} s" if start else ""
            raise UsageError(f"the music{since} lasts {track.duration:.2f} s, and {option('duration')} asks "
                             f"for {duration:g} s; give a shorter duration or an earlier "
                             f"{option('music_start')}")
        duration = track.duration if duration is None else duration
    rate = frame_rate(options.fps)
    ends = dict(opening=shape.opening, closing=shape.closing)
    if duration is None:
        cycles = options.cycles if options.cycles is not None else min(default_shown, most)
        hold = frames_per_shot(options.hold_seconds, rate)
        notes = []
        if recorded and options.cycles is None and most > cycles:
            notes.append(f"the video shows {cycles} of the {most:,} recorded steps, spread over the run; "
                         f"{option('shown', min(most, checks.MAX_SHOWN_CYCLES))} shows "
                         f"{'them all' if most <= checks.MAX_SHOWN_CYCLES else 'the most a video shows'}")
        return Pacing(cycles, [hold] * shape.shots(cycles), notes)

    frames = total_frames(duration, rate)
    try:
        most = min(most, checks.MAX_SHOWN_CYCLES)
        cycles = options.cycles or cycles_for(duration, rate, shape.per_step, most, **ends)
        holds = fit_holds(frames, shape.per_step * cycles, **ends)
    except PacingError as error:
        what = f"the music ({duration:.2f} s)" if track is not None and options.duration is None else (
            f"{duration:g} s")
        said = str(error)
        if options.cycles == 1:  # fewer is not possible: it is the time that is short
            said = said.replace("show fewer cycles", "make it longer")
        raise UsageError(f"{what} is too short: {said}") from None
    notes = []
    if recorded and options.cycles is None and most > cycles:
        what = "the music's" if track is not None else "the"
        notes.append(f"{what} {duration:.1f} s show {cycles} of the {most} steps, about one a second; "
                     f"{option('shown', most)} shows them all")
    if options.beats and track is not None:
        paced = _on_beats(track, options, shape, cycles, frames, holds)
        return Pacing(paced.cycles, paced.holds, notes + paced.notes, paced.beats)
    return Pacing(cycles, holds, notes)


# A cut this long after its beat is seen to be late (a frame at 20 fps and below): said so.
LATE_CUT_S = 0.05


def _on_beats(
    track: Track, options: VideoOptions, shape: Shape, cycles: int, frames: int, holds: list[int]
) -> Pacing:
    """Move the changes of shot onto the track's beats, if it has a steady beat."""
    grid = beats(track)
    if grid is None:
        cut = options.music_start or options.duration is not None
        where = f"the {track.duration:.1f} s used of {track.path.name}" if cut else track.path.name
        return Pacing(cycles, holds, [f"no clear beat in {where}; shots are evenly paced"])
    at, index = cut_frames(grid.times, frame_rate(options.fps), frames)
    ends = dict(opening=shape.opening, closing=shape.closing)
    if options.cycles is None:  # show as many steps as there are beats to change on
        while cycles > 1 and len(at) < shape.shots(cycles) - 1:
            cycles -= 1
        holds = fit_holds(frames, shape.per_step * cycles, **ends)
    bar = f", {grid.meter} beats to the bar" if grid.meter else ""
    found = f"the track {track.path.name} ({grid.tempo:.0f} BPM{bar})"
    times, levels = grid.times, grid.levels
    usable = len(at)  # the beats a change can go on, inside the video
    picked = cut_beats(holds, at, levels[index])
    beats_said = "beats"
    if picked is None:  # too few beats: on the half-beats too, still on the music's grid
        times, levels = with_half_beats(grid.times, grid.levels)
        at, index = cut_frames(times, frame_rate(options.fps), frames)
        picked = cut_beats(holds, at, levels[index])
        beats_said = "beats and half-beats"
    if picked is None:
        return Pacing(cycles, holds, [
            f"{found} has {usable} beats, too few for {len(holds) - 1} changes of shot even "
            "with the half-beats between them; shots are evenly paced"
        ])
    cuts = BeatCuts(grid.tempo, grid.meter, len(grid.times), times[index[picked]].tolist())
    note = f"{len(holds) - 1} changes of shot on the {beats_said} of {found}"
    rate = float(frame_rate(options.fps))
    if 1 / rate > LATE_CUT_S:  # at 1 fps a cut may come 0.97 s after its beat: not "on" it
        note = (f"{len(holds) - 1} changes of shot on the first frames at or after the {beats_said} of "
                f"{found}, up to {1 / rate:.2g} s after them at {rate:g} fps")
    return Pacing(cycles, holds_at(at[picked], frames), [note], cuts)


# ------------------------------------------------------------------------- filming
@dataclass(frozen=True)
class Subject:
    """What is filmed: a recording to be made (or picked from) once the number of shown
    steps is known, and what the story looks like."""

    begin: Callable[[int], Source]  # shown steps -> the source of snapshots
    shape: Shape
    most_steps: int  # the most steps that can be shown
    still_moments: tuple[str, ...] = ("before", "after")  # what --stills writes
    poster_moment: str = "after"  # the picture shown before the video plays
    details: Callable[[Recording], dict] = lambda recording: {}  # added to the summary
    alt: str = ALT_TEXT
    default_shown: int = DEFAULT_CYCLES  # steps shown when nothing sets the length
    inputs: dict[str, Path] = field(default_factory=dict)  # files it reads, by role (never outputs)
    recorded: bool = False  # a recording: its steps are what was recorded, all of them shown or not
    shown_option: str = "shown"  # what the command calls the option of how many steps to show
    annotate: bool = False  # every weight is written on its wire (it needs the full design)
    notes: tuple[str, ...] = ()  # what a user should know about the subject itself


def check_caller(subject: object, progress: object, outputs: object) -> None:
    """What a caller of the API hands in: checked before any work, not found wrong after it."""
    if not isinstance(subject, Subject):
        raise UsageError(f"the subject is what nnviz.api's *_subject functions make (or, for a still, a "
                         f"recording), not {type(subject).__name__}")
    if progress is not None and not callable(progress):
        raise UsageError(f"progress is a function of (done, total), not {progress!r}")
    if outputs is not None and not isinstance(outputs, Outputs):
        raise UsageError(f"outputs is an nnviz.Outputs, not {outputs!r}")
    if outputs is not None and (outputs.committed or outputs.targets):
        raise UsageError("this nnviz.Outputs holds an earlier call's files: pass a new nnviz.Outputs() "
                         "to each call")


def film(
    subject: Subject, options: VideoOptions, progress: Progress | None = None,
    outputs: Outputs | None = None,
) -> VideoResult:
    """Make the video of ``subject`` with ``options``; every file appears together at the
    end, or none does (pass ``outputs`` to learn afterwards which)."""
    check_caller(subject, progress, outputs)
    validate(options, subject)
    with ending_after_cleanup(), Outputs() if outputs is None else outputs as staged, \
            glyphs.gathered() as missing:
        result = _film(subject, options, staged, progress, missing)
        staged.commit()
    return result


def _film(subject: Subject, opts: VideoOptions, outputs: Outputs, progress: Progress | None,
          missing: set[str]) -> VideoResult:
    """Everything but the commit: every output is written to its temporary file.
    ``missing``: the characters the font lacks, found as the pictures are drawn."""
    with signals_held():  # matplotlib, only once there is work, and never half-loaded
        from .render import Renderer, contact_sheet, thumbnail

    pacing = pace(opts, subject.shape, subject.most_steps, subject.default_shown, subject.recorded)
    if opts.music is not None or opts.duration is not None:  # validate counted the others' shots
        _check_every_shot_outputs(opts, len(pacing.holds), subject.shown_option)
    rate = frame_rate(opts.fps)
    source = subject.begin(pacing.cycles)
    if opts.steps:
        require_steps(source)
    shots = unfold(source, pacing.holds)
    if opts.smooth:  # step mode's training shots move in their own way
        shots = tween(shots, rate, keep=Moment.TRAINING if opts.steps else None)
    if opts.steps:
        shots = walk(shots, source.setup)
    holds = _picture_holds(pacing, subject.shape, source.setup, opts, rate)

    # Shots are drawn as training produces them, so ffmpeg (another process) is already
    # encoding while the network is still learning.
    stills = still_names(subject.still_moments)
    wanted = set(stills) | {subject.poster_moment} if (opts.stills or opts.html) else set()
    pictures: dict[str, np.ndarray] = {}
    sheet: list[tuple[np.ndarray, str]] = []  # a thumbnail and a label per shot of the story
    played: list[tuple[str, str, str]] = []  # the player's title, subtitle and label of each shot
    shot_steps: list[int | None] = []
    shot_examples: list[tuple[str, int, int | None] | None] = []
    size = frame_size(opts)
    quality = QUALITIES[opts.quality or DEFAULT_QUALITY]
    total, done = sum(holds), 0
    counted: dict[Moment, int] = {}  # closing shots of each kind so far
    step_name = source.setup.step_name
    with (
        Renderer(source.setup, *size, theme=THEMES[opts.theme], steps=opts.steps) as renderer,
        VideoWriter(
            opts.out, *size, rate, holds, quality, opts.music, music_start=opts.music_start or 0.0,
            fade_out=opts.music is not None and opts.duration is not None,
            constant_rate=opts.constant_frame_rate, outputs=outputs,
        ) as video,
        player.Pictures(*size) if opts.player is not None else contextlib.nullcontext() as played_pictures,
    ):
        for shot in shots:
            frame = renderer.draw(shot)
            video.write(frame)
            if not shot.in_between:  # stills and thumbnails show each shot as it settles
                counted[shot.moment] = counted.get(shot.moment, 0) + 1
                moment = shot.moment.value
                if shot.moment in (Moment.TEST, Moment.PROBE, Moment.LAYER):  # test:1, probe:1, layer:1, …
                    moment = f"{moment}:{counted[shot.moment]}"
                if _before_training(shot) and "before" not in pictures:  # a recording's step 0
                    moment = "before"
                if moment in wanted:
                    pictures[moment] = frame.copy()
                # A test example is named as its still is (test:2, test-2.png), not by its place
                # in the test set ("test example 6" had been the still test:2).
                named = label(shot, step_name, counted[shot.moment] if shot.moment is Moment.TEST else None)
                if opts.contact_sheet is not None:
                    sheet.append((thumbnail(frame, SHEET_THUMB_WIDTH), named))
                if played_pictures is not None:
                    played_pictures.add(frame)
                    words = renderer.caption(shot)
                    played.append((getattr(words, "title", ""), getattr(words, "subtitle", ""), named))
                shot_steps.append(None if shot.snapshot is None else shot.snapshot.step)
                shot_examples.append(_example_of(shot, source.setup.dataset))
            done += shot.frames
            if progress is not None:
                progress(done, total)
    run = source.recording
    planned = planned_outputs(opts, subject.still_moments)

    poster = planned.get("poster frame")
    if poster is not None:
        outputs.write(poster, encode_png(pictures[subject.poster_moment]))
    if opts.html is not None:
        markup = embed.snippet(opts.out, *size, subject.alt, poster, relative_to=Path(opts.html).parent,
                               sound=opts.music is not None)
        outputs.write(Path(opts.html), embed.page(markup, subject.alt).encode())

    written: dict[str, Path] = {}
    if opts.stills is not None:
        outputs.folder(Path(opts.stills))
        for moment in stills:
            if moment in pictures:
                path = planned[f"{moment} still"]
                outputs.write(path, encode_png(pictures[moment]))
                written[moment.replace(":", "-")] = path

    if opts.contact_sheet is not None:
        outputs.write(Path(opts.contact_sheet), encode_png(_sheet(sheet, subject.shape, opts, contact_sheet)))

    starts = [float(start / rate) for start in shot_starts(pacing.holds)]
    page_bytes = 0
    if opts.player is not None:
        shown = [player.PlayerShot(picture, start, title, subtitle, name)
                 for picture, (title, subtitle, name), start
                 in zip(played_pictures.encoded, played, starts, strict=True)]
        page = player.page(shown, video.duration, player.picture_size(*size), subject.alt,
                           THEMES[opts.theme]).encode()
        outputs.write(Path(opts.player), page)
        page_bytes = len(page)

    # The last value measured of each (a loop may log the test set less often than training).
    final, accuracy, test_accuracy = (_last_measured(values) for values in (
        run.history.loss, run.history.accuracy, run.history.test_accuracy))
    result = VideoResult(
        video=opts.out,
        duration_s=video.duration,
        frames=total,
        pictures=video.pictures,
        fps=float(rate),
        width=size[0],
        height=size[1],
        layers=list(run.setup.sizes),
        step_name=step_name,
        shown_steps=list(shown_steps(source)),
        final_loss=final,
        train_accuracy=accuracy,
        test_accuracy=test_accuracy,
        stills=written,
        music=opts.music,
        music_start_s=None if opts.music is None else opts.music_start or 0.0,
        shot_starts_s=starts,
        shot_steps=shot_steps,
        shot_examples=shot_examples,
        notes=[*subject.notes, *pacing.notes, *filter(None, [chance_note(run, accuracy, test_accuracy)]),
               *glyphs.notes(missing)],
        beats=pacing.beats,
        html=None if opts.html is None else Path(opts.html),
        contact_sheet=None if opts.contact_sheet is None else Path(opts.contact_sheet),
        json=None if opts.json is None else Path(opts.json),
        poster=poster,
        player=None if opts.player is None else Path(opts.player),
        player_pictures=len(played),
        player_size=player.picture_size(*size) if opts.player is not None else None,
        player_bytes=page_bytes,
        details=subject.details(run) | {"alt": subject.alt},
    )
    if opts.json is not None:
        outputs.write(Path(opts.json), (json.dumps(result.summary(), indent=2) + "\n").encode())
    return result


def _example_of(shot, data: Dataset | None) -> tuple[str, int, int | None] | None:
    """Which example a shot thinks about, where it is one of the data set's: its set, its
    index there, and its place in the data's source (a CSV's 12th example had been "index 3"
    of nnviz's shuffled training set, with no way back to the file)."""
    if shot.case is not None:  # a probe is none of the data's (its index had been -1: "train[-1]")
        case = shot.case
        tested, index = case.from_test, case.index
    elif shot.snapshot is not None and shot.snapshot.example is not None:
        tested, index = False, int(shot.snapshot.example)
    else:
        return None
    if index is None:
        return None
    return ("test" if tested else "train", index, None if data is None else data.row(tested, index))


def _picture_holds(pacing: Pacing, shape: Shape, setup: Setup, opts: VideoOptions, rate: float) -> list[int]:
    """How long each picture the shots become is held: a training shot's pictures of step
    mode (``--steps``), another shot's growing out of the one before (``--smooth``)."""
    trained = range(shape.opening, shape.opening + shape.per_step * pacing.cycles)
    layers, exact = len(setup.sizes), exact_story(setup)
    out: list[int] = []
    for i, hold in enumerate(pacing.holds):
        if opts.steps and i in trained:
            out += step_holds(hold, layers, exact)
        elif opts.smooth and i:  # the first shot has nothing to grow out of
            out += tween_holds(hold, rate)
        else:
            out.append(hold)
    return out


def _sheet(sheet: list[tuple[np.ndarray, str]], shape: Shape, opts: VideoOptions, draw) -> np.ndarray:
    """Every shot in a grid: the opening shots on a row of their own, then a row per shown
    step (or rows of several steps where each shows one shot), then the closing shots."""
    opening = sheet[: shape.opening]
    middle = sheet[shape.opening : len(sheet) - shape.closing]
    closing = sheet[len(sheet) - shape.closing :]
    # As wide as the widest row, up to seven: three shown epochs had filled three cells of
    # rows of seven, the sheet 60 % empty.
    widest = max(1, len(opening), len(middle), len(closing))
    columns = shape.per_step if shape.per_step > 1 else min(7, widest)

    def padded(row: list) -> list:
        return row + [(None, "")] * (-len(row) % columns)

    rows = [*padded(opening), *padded(middle), *closing]
    pictures, labels = zip(*rows)
    return draw(pictures, labels, columns, THEMES[opts.theme])
