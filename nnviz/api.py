"""The Python API: make the XOR learning video from a few options.

The command line is a thin layer over :func:`xor_video`. Everything is checked before any
work starts, so bad input costs nothing and leaves nothing behind.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import checks, embed
from .audio import AudioError, Track, beats, load_track
from .checks import UsageError
from .data import xor
from .outputs import Outputs
from .pacing import PacingError, cycles_for, fit_holds, snap_to_beats, total_frames
from .render import Renderer, contact_sheet, thumbnail
from .style import THEMES
from .timeline import Moment, frames_per_shot, label, shot_starts, tween, tweened_holds, unfold
from .train import TrainConfig, Training
from .video import DEFAULT_QUALITY, QUALITIES, VIDEO_FORMATS, VideoWriter, encode_png

MIN_GIF_WIDTH = 160
ALT_TEXT = "A 3-4-1 neural network learning XOR: neurons glow as they fire, synapses grow"
DEFAULT_CYCLES = 13
SHEET_THUMB_WIDTH = 320
DEFAULT_SECONDS_PER_FRAME = 1.0
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
    seconds_per_frame: float | None = None  # 1.0 unless the video must fill a duration
    quality: str = DEFAULT_QUALITY
    theme: str = "dark"
    music: Path | None = None
    duration: float | None = None
    beats: bool = False
    smooth: bool = False
    gif_width: int = 640  # a GIF is scaled to this width (for a blog's column)
    stills: Path | None = None
    contact_sheet: Path | None = None
    html: Path | None = None
    json: Path | None = None


@dataclass(frozen=True)
class VideoResult:
    video: Path
    duration_s: float
    frames: int
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
    html: Path | None = None

    def _repr_html_(self) -> str:
        """In a notebook the result plays inline."""
        return embed.inline(self.video, self.width, self.height, ALT_TEXT)

    def summary(self) -> dict:
        """A JSON-ready description of what was made."""
        return {
            "video": str(self.video),
            "duration_s": self.duration_s,
            "frames": self.frames,
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
        }


def validate(options: VideoOptions) -> None:
    """Raise UsageError for any option that cannot work."""
    checks.training(options.seed, options.train_cycles, options.cycles, options.learning_rate)
    if options.quality not in QUALITIES:
        raise UsageError(f"quality must be one of {', '.join(QUALITIES)}, not {options.quality!r}")
    checks.theme(options.theme)
    checks.positive("fps", options.fps)
    _check_timing(options)
    w, h = options.width, options.height
    checks.size(w, h)
    checks.output_file(Path(options.out), "video", VIDEO_FORMATS)
    if Path(options.out).suffix.lower() == ".gif":
        if options.music is not None:
            raise UsageError("a GIF has no sound; write .mp4 or .webm for --music, or drop --music")
        g = options.gif_width
        if isinstance(g, bool) or not isinstance(g, int) or not MIN_GIF_WIDTH <= g <= w or g % 2:
            raise UsageError(
                f"the GIF width must be an even number of pixels from {MIN_GIF_WIDTH} to the "
                f"frame width {w}, not {g!r}"
            )
    if options.json is not None:
        checks.output_file(Path(options.json), "JSON summary", (".json",))
    if options.contact_sheet is not None:
        checks.output_file(Path(options.contact_sheet), "contact sheet", (".png",))
    if options.html is not None:
        checks.output_file(Path(options.html), "HTML snippet", (".html", ".htm"))
    if options.stills is not None:
        stills = Path(options.stills)
        if stills.exists() and not stills.is_dir():
            raise UsageError(f"stills folder {str(stills)!r} is a file; give a folder")
        if stills.is_dir():
            checks.folder(stills, "stills")
        else:
            checks.folder(stills.parent, "stills folder")


def frame_size(options: VideoOptions) -> tuple[int, int]:
    """The size the frames are drawn at. A GIF is drawn at its own width (not shrunk from a
    larger picture, which would make its text too small to read)."""
    if Path(options.out).suffix.lower() != ".gif":
        return options.width, options.height
    width = options.gif_width
    return width, 2 * max(1, round(width * options.height / options.width / 2))


def _check_timing(options: VideoOptions) -> None:
    """The ways of setting the length exclude each other; each must make sense alone."""
    fixed = "--music" if options.music is not None else "--duration" if options.duration is not None else None
    if options.music is not None and options.duration is not None:
        raise UsageError("--music sets the length of the video; drop --duration (or --music)")
    if fixed and options.seconds_per_frame is not None:
        raise UsageError(
            f"--seconds-per-frame contradicts {fixed}, which sets the length of the video; "
            f"drop --seconds-per-frame (or {fixed})"
        )
    if options.beats and options.music is None:
        raise UsageError("--beats needs a track to find beats in; add --music FILE")
    if options.duration is not None:
        checks.positive("the duration", options.duration)
    if options.seconds_per_frame is not None:
        checks.positive("seconds per frame", options.seconds_per_frame)
        try:
            frames_per_shot(options.seconds_per_frame, options.fps)
        except ValueError as error:
            raise UsageError(str(error)) from None
    if options.music is not None:
        music = Path(options.music)
        if not music.exists():
            raise UsageError(f"the music file {str(music)!r} does not exist")
        if music.is_dir():
            raise UsageError(f"the music {str(music)!r} is a folder; give an audio file")
        if not os.access(music, os.R_OK):
            raise UsageError(f"cannot read the music file {str(music)!r}; check its permissions")


@dataclass(frozen=True)
class Pacing:
    """How many cycles are shown and how long each shot is held."""

    cycles: int
    holds: list[int]
    notes: list[str]


def pace(options: VideoOptions, examples: int) -> Pacing:
    """Fit the shots to the options' timing. Decodes the music, if any (a UsageError if it
    cannot be decoded or is too short)."""
    duration = options.duration
    track = None
    if options.music is not None:
        try:
            track = load_track(Path(options.music))
        except AudioError as error:
            raise UsageError(str(error)) from None
        duration = track.duration
    if duration is None:
        cycles = options.cycles if options.cycles is not None else DEFAULT_CYCLES
        hold = frames_per_shot(options.seconds_per_frame or DEFAULT_SECONDS_PER_FRAME, options.fps)
        return Pacing(cycles, [hold] * (3 + examples * cycles), [])

    frames = total_frames(duration, options.fps)
    try:
        cycles = options.cycles or cycles_for(duration, options.fps, examples, options.train_cycles)
        holds = fit_holds(frames, examples * cycles)
    except PacingError as error:
        what = f"the music ({duration:.2f} s)" if track is not None else f"{duration:g} s"
        raise UsageError(f"{what} is too short: {error}") from None
    notes: list[str] = []
    if options.beats and track is not None:
        cycles, holds, notes = _on_beats(track, options, examples, cycles, frames, holds)
    return Pacing(cycles, holds, notes)


def _on_beats(
    track: Track, options: VideoOptions, examples: int, cycles: int, frames: int, holds: list[int]
) -> tuple[int, list[int], list[str]]:
    """Move the changes of shot onto the track's beats, if it has clear ones."""
    found = beats(track)
    if found is None:
        return cycles, holds, [f"no clear beat in {track.path.name}; shots are evenly paced"]
    beat_frames = sorted({round(t * options.fps) for t in found} - {0})
    beat_frames = [b for b in beat_frames if b < frames]
    if options.cycles is None:  # show as many cycles as there are beats to change on
        while cycles > 1 and len(beat_frames) < 2 + examples * cycles:
            cycles -= 1
        holds = fit_holds(frames, examples * cycles)
    snapped = snap_to_beats(holds, beat_frames)
    if snapped is None:
        return cycles, holds, [
            f"{track.path.name} has {len(beat_frames)} beats, too few for {len(holds) - 1} "
            "changes of shot; shots are evenly paced"
        ]
    return cycles, snapped, [f"{len(holds) - 1} changes of shot on the beats of {track.path.name}"]


def _plain(values: np.ndarray) -> list:
    """Numbers for JSON: whole numbers as ints, the rest as floats."""
    return [int(v) if float(v).is_integer() else float(v) for v in np.ravel(values)]


def xor_video(
    out: str | Path = "learn.mp4", *, progress: Progress | None = None,
    outputs: Outputs | None = None, **options
) -> VideoResult:
    """Train the 3-4-1 network on XOR and make the video of it learning.

    Options are the fields of :class:`VideoOptions` (``seed``, ``cycles``, ``width``, …).
    ``progress(done, total)`` is called after each shot is encoded.

    Every file (the video and any stills, poster, contact sheet, page or summary) is
    written in full to a temporary file first and all are put in place together at the
    end; on any failure or interruption none is, and earlier files stay as they were.
    Pass ``outputs`` to learn afterwards whether that commit happened (``outputs.committed``).
    """
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
    data = xor()
    pacing = pace(opts, data.n_examples)
    config = TrainConfig(
        seed=opts.seed, train_cycles=opts.train_cycles, shown=pacing.cycles,
        learning_rate=opts.learning_rate, bias=opts.bias,
    )
    training = Training(data, config)
    holds = pacing.holds
    shots = unfold(training, holds)
    if opts.smooth:
        shots, holds = tween(shots, opts.fps), tweened_holds(holds, opts.fps)

    # Shots are drawn as training produces them, so ffmpeg (another process) is already
    # encoding while the network is still learning.
    stills_rgba: dict[Moment, np.ndarray] = {}
    sheet: list[tuple[np.ndarray, str]] = []  # a thumbnail and a label per shot of the story
    size = frame_size(opts)
    with (
        Renderer(training.sizes, training.dataset, opts.train_cycles, *size,
                 theme=THEMES[opts.theme]) as renderer,
        VideoWriter(
            opts.out, *size, opts.fps, holds, QUALITIES[opts.quality], opts.music, outputs=outputs,
        ) as video,
    ):
        for done, shot in enumerate(shots, start=1):
            frame = renderer.draw(shot)
            video.write(frame)
            if not shot.in_between:  # stills and thumbnails show each shot as it settles
                if (opts.stills is not None or opts.html is not None) and shot.moment in STILL_NAMES:
                    stills_rgba[shot.moment] = frame.copy()
                if opts.contact_sheet is not None:
                    sheet.append((thumbnail(frame, SHEET_THUMB_WIDTH), label(shot)))
            if progress is not None:
                progress(done, len(holds))
    run = training.run

    html_path = None
    if opts.html is not None:
        # The poster shows before the video plays: the network lit up by the new situation.
        poster = None
        if opts.out.suffix.lower() != ".gif":
            poster = opts.out.with_name(f"{opts.out.stem}-poster.png")
            outputs.write(poster, encode_png(stills_rgba[Moment.NEW]))
        markup = embed.snippet(opts.out, *size, ALT_TEXT, poster,
                               relative_to=Path(opts.html).parent)
        outputs.write(Path(opts.html), embed.page(markup, ALT_TEXT).encode())
        html_path = Path(opts.html)

    stills: dict[str, Path] = {}
    if opts.stills is not None:
        folder = Path(opts.stills)
        outputs.folder(folder)
        for moment, rgba in stills_rgba.items():
            path = folder / STILL_NAMES[moment]
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

    frames = sum(holds)
    result = VideoResult(
        video=opts.out,
        duration_s=video.duration,
        frames=frames,
        fps=opts.fps,
        width=size[0],
        height=size[1],
        shown_cycles=list(run.cycles),
        final_outputs=[float(v) for v in run.final_outputs().ravel()],
        new_inputs=_plain(run.dataset.new_inputs),
        new_estimate=float(run.new_situation()[-1][0]),
        stills=stills,
        music=opts.music,
        shot_starts_s=[start / opts.fps for start in shot_starts(pacing.holds)],
        notes=pacing.notes,
        html=html_path,
    )
    if opts.json is not None:
        outputs.write(Path(opts.json), (json.dumps(result.summary(), indent=2) + "\n").encode())
    return result


__all__ = ["UsageError", "VideoOptions", "VideoResult", "validate", "xor_video"]
