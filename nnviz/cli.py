"""The ``nnviz`` command: argument parsing, progress and the final report.

All the work is done by :mod:`nnviz.api`; this module turns its results and errors into
what a person at a terminal reads. Bad input is one line on stderr and exit status 2.

Only the standard library is imported before the signal handlers are in place, so that
Ctrl-C (or a closed terminal) at any moment ends the run with one line and no leftovers.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import NoReturn, TextIO

PROG = "nnviz"
EXIT_FAILED, EXIT_USAGE = 1, 2
# Closing the terminal, kill, Ctrl-C, Ctrl-\: each ends a run cleanly, with 128 + its number.
ENDING = tuple(getattr(signal, n) for n in ("SIGHUP", "SIGTERM", "SIGINT", "SIGQUIT") if hasattr(signal, n))


class Interrupted(KeyboardInterrupt):
    """A signal ended the run (a KeyboardInterrupt, so everything cleans up as for Ctrl-C)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _raise(signum: int, frame: object) -> NoReturn:
    raise Interrupted(signum)


@contextlib.contextmanager
def _signals_end_the_run() -> Iterator[None]:
    previous = {}
    for signum in ENDING:
        with contextlib.suppress(OSError, ValueError):  # not the main thread, or not settable
            previous[signum] = signal.signal(signum, _raise)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


class _Terminal:
    """Writes to a standard stream that may be closed, full or gone (a closed terminal, a
    pipe nobody reads): a failed write is dropped and the run carries on."""

    def __init__(self, name: str) -> None:
        self.name = name

    @property
    def _stream(self) -> TextIO | None:
        return getattr(sys, self.name)

    def write(self, text: str) -> int:
        stream = self._stream
        if stream is not None:
            try:
                stream.write(text)
            except (OSError, ValueError):
                _silence(stream)
        return len(text)

    def flush(self) -> None:
        stream = self._stream
        if stream is not None:
            try:
                stream.flush()
            except (OSError, ValueError):
                _silence(stream)

    def isatty(self) -> bool:
        stream = self._stream
        try:
            return bool(stream is not None and stream.isatty())
        except (OSError, ValueError):
            return False

    def say(self, line: str) -> None:
        self.write(line + "\n")
        self.flush()


def _silence(stream: TextIO) -> None:
    """Point a failing standard stream at /dev/null, so that what is still buffered (and
    Python's flush at exit) goes nowhere instead of failing again."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, stream.fileno())
        os.close(null)


def _standard_fds_open() -> None:
    """Give a closed stdin, stdout or stderr /dev/null: otherwise the next file opened (a
    video's temporary file) would take its number, and anything written to the stream
    would land in it."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            with contextlib.suppress(OSError):
                os.open(os.devnull, os.O_RDWR)  # the lowest free number: this one


out, err = _Terminal("stdout"), _Terminal("stderr")


class _Parser(argparse.ArgumentParser):
    """argparse that reports a mistake in one line instead of usage + message."""

    def error(self, message: str) -> NoReturn:
        err.say(f"{PROG}: error: {message} (see '{self.prog} --help')")
        raise SystemExit(EXIT_USAGE)

    def _print_message(self, message: str, file=None) -> None:
        if message:
            (err if file is sys.stderr else out).write(message)


class _HelpFormatter(argparse.HelpFormatter):
    """Shows each option's default, except for switches and options that are off."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        shown = action.default is not None and action.default is not False
        if shown and action.default != argparse.SUPPRESS and action.option_strings:
            text += " (default: %(default)s)"
        return text


def _number(kind: Callable[[str], float], description: str) -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            return kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {description}, got {text!r}") from None

    return parse


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected WIDTHxHEIGHT in pixels like 1920x1080, got {text!r}"
        ) from None
    return width, height


# Options of a video that a still has no use for, by their argparse names.
VIDEO_ONLY = ("music", "duration", "beats", "smooth", "json", "html", "stills", "contact_sheet",
              "fps", "seconds_per_shot", "quality", "gif_width", "constant_frame_rate")


def build_parser() -> argparse.ArgumentParser:
    from . import __version__, checks
    from .api import DEFAULT_CYCLES, DEFAULT_GIF_WIDTH, DEFAULT_SECONDS_PER_SHOT, VideoOptions, XorTraining
    from .story import MOMENT_HELP
    from .style import THEMES
    from .video import DEFAULT_QUALITY, QUALITIES

    defaults, training_defaults = VideoOptions(), XorTraining()
    parser = _Parser(
        prog=PROG,
        description="Train a small neural network and make a video of it learning.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    xor = commands.add_parser(
        "xor",
        help="a 3-4-1 network learns XOR (with an irrelevant third input) and is filmed",
        description=(
            "Train a 3-4-1 sigmoid network on seven examples (XOR of the first two inputs; "
            "the third is irrelevant) and make a video of it learning (MP4, WebM or GIF): "
            "before training, every example of the shown cycles, after training, and the new "
            "situation [1, 1, 0]. Or, with --still, one picture of a moment (PNG, SVG or PDF)."
        ),
        formatter_class=_HelpFormatter,
    )
    integer = _number(int, "a whole number")
    real = _number(float, "a number")
    video = xor.add_argument_group("video")
    video.add_argument("--out", type=Path, default=defaults.out, metavar="FILE",
                       help="the video to write: .mp4 (H.264), .webm (VP9) or .gif; replaced "
                            "only when the new one is complete")
    video.add_argument("--size", type=_size, metavar="WxH",
                       help=f"frame size in pixels, even numbers between "
                            f"{checks.MIN_SIZE[0]}x{checks.MIN_SIZE[1]} and "
                            f"{checks.MAX_SIZE[0]}x{checks.MAX_SIZE[1]} "
                            f"(default: {defaults.width}x{defaults.height})")
    video.add_argument("--fps", type=real,
                       help=f"frames per second, {checks.MIN_FPS} to {checks.MAX_FPS} (a GIF: to "
                            f"{checks.MAX_GIF_FPS}; 29.97 and the like are NTSC's 30000/1001) "
                            f"(default: {defaults.fps:g})")
    video.add_argument("--seconds-per-shot", "--seconds-per-frame", dest="seconds_per_shot",
                       type=real, metavar="SECONDS",
                       help=f"how long each shot (one example) is held, one frame to "
                            f"{checks.MAX_SECONDS_PER_SHOT:g} s (default: {DEFAULT_SECONDS_PER_SHOT}; "
                            f"fitted with --music or --duration)")
    video.add_argument("--cycles", type=integer, metavar="N",
                       help=f"how many training cycles the video shows, 1 to {checks.MAX_SHOWN_CYCLES}, "
                            f"spaced geometrically so that more are early, where learning is fast "
                            f"(default: {DEFAULT_CYCLES}, or about one shot a second with --music or "
                            f"--duration)")
    still = xor.add_argument_group("one still instead of a video")
    still.add_argument("--still", metavar="MOMENT",
                       help=f"write one picture to --out (.png, .svg or .pdf) instead of a video: "
                            f"{MOMENT_HELP}")
    still.add_argument("--dpi", type=real,
                       help="still size as pixels per inch of a 19.2 x 10.8 inch picture "
                            f"(100 is 1920x1080; at most {checks.MAX_DPI:g}); instead of --size")
    still.add_argument("--transparent", action="store_true",
                       help="a still with no background behind the picture (PNG, SVG, PDF)")
    timing = xor.add_argument_group("music")
    timing.add_argument("--music", type=Path, metavar="FILE",
                        help="a track (wav, mp3, ogg, flac, m4a, ...) of at most 2 hours: the video "
                             "lasts exactly as long and carries it")
    timing.add_argument("--duration", type=real, metavar="SECONDS",
                        help=f"make the video exactly this long, without music (at most "
                             f"{checks.MAX_VIDEO_SECONDS:,} s)")
    timing.add_argument("--beats", action="store_true",
                        help="change shots on the track's beats (with --music)")
    video.add_argument("--smooth", action="store_true",
                       help="motion instead of a slideshow: each shot grows out of the one "
                            "before, the thinking travelling from the inputs to the output")
    video.add_argument("--constant-frame-rate", action="store_true",
                       help="store every frame (MP4, WebM), for video editors that mishandle a "
                            "held picture stored once")
    video.add_argument("--quality", choices=list(QUALITIES),
                       help="H.264 encoding: standard suits a blog; high makes the smallest "
                            "file at the highest fidelity but takes twice as long; draft "
                            f"encodes fastest into the largest file (default: {DEFAULT_QUALITY})")
    video.add_argument("--theme", choices=list(THEMES), default=defaults.theme,
                       help="dark, or light for a white page; both colour-blind safe")
    video.add_argument("--gif-width", type=integer, metavar="PIXELS",
                       help=f"width a .gif is drawn at, {checks.MIN_GIF_WIDTH} to "
                            f"{checks.MAX_GIF_WIDTH} (default: {DEFAULT_GIF_WIDTH})")
    video.add_argument("--stills", type=Path, metavar="DIR",
                       help="also write before.png, after.png and new-situation.png here")
    video.add_argument("--contact-sheet", type=Path, metavar="FILE",
                       help="also write a PNG of every shot in a labelled grid")
    video.add_argument("--html", type=Path, metavar="FILE",
                       help="also write a page with a <video> tag (muted, playsinline, loop, "
                            "controls, a poster frame) ready to paste into a post")
    video.add_argument("--json", type=Path, metavar="FILE",
                       help="also write a machine-readable summary of the run")
    video.add_argument("--quiet", action="store_true", help="print nothing but errors")
    training = xor.add_argument_group("training")
    training.add_argument("--seed", type=integer, default=training_defaults.seed,
                          help="seed of the random starting weights")
    training.add_argument("--train-cycles", type=integer, default=training_defaults.train_cycles,
                          metavar="N", help=f"passes through the seven examples, at most "
                                            f"{checks.MAX_TRAIN_CYCLES:,}")
    training.add_argument("--learning-rate", type=real, default=training_defaults.learning_rate,
                          metavar="RATE", help=f"step size of each weight update, above 0 and at "
                                               f"most {checks.MAX_LEARNING_RATE:g}")
    training.add_argument("--bias", action="store_true",
                          help="give every hidden and output neuron a bias (the original had none)")
    return parser


def _duration(seconds: float) -> str:
    minutes, seconds = divmod(seconds, 60)
    return f"{int(minutes)}:{seconds:05.2f}" if minutes else f"{seconds:.2f} s"


def _option(name: str) -> str:
    return "--" + name.replace("_", "-")


def _run_still(args: argparse.Namespace, outputs) -> int:
    from .api import UsageError
    from .still import xor_still

    given = [_option(name) for name in VIDEO_ONLY if getattr(args, name) not in (None, False)]
    if given:
        raise UsageError(f"{', '.join(given)} {'does' if len(given) == 1 else 'do'} not apply to a "
                         f"still; drop {'it' if len(given) == 1 else 'them'} or drop --still")
    width, height = args.size if args.size else (None, None)
    result = xor_still(
        args.out, args.still, seed=args.seed, train_cycles=args.train_cycles, cycles=args.cycles,
        learning_rate=args.learning_rate, bias=args.bias, width=width, height=height,
        dpi=args.dpi, transparent=args.transparent, theme=args.theme, outputs=outputs,
    )
    if not args.quiet:
        out.say(f"Wrote {result.path}: {result.moment}, {result.width}x{result.height} "
                f"{result.kind.upper()}, {len(result.data) / 1e3:.0f} kB")
    return 0


def _run_xor(args: argparse.Namespace, outputs) -> int:
    from tqdm import tqdm

    from .api import UsageError, VideoOptions, xor_video

    if args.still is not None:
        return _run_still(args, outputs)
    if args.dpi is not None or args.transparent:
        raise UsageError("--dpi and --transparent are for a still; add --still MOMENT or drop them")
    width, height = args.size or (VideoOptions.width, VideoOptions.height)
    bars: list[tqdm] = []  # made at the first frame, so that bad input prints only its error

    def progress(done: int, total: int) -> None:
        if not bars:
            bars.append(tqdm(total=total, desc="Rendering", unit="frame", file=err,
                             disable=args.quiet, dynamic_ncols=True, leave=False))
        bars[0].update(done - bars[0].n)

    fps = {} if args.fps is None else {"fps": args.fps}
    try:
        result = xor_video(
            args.out, progress=progress, outputs=outputs, seed=args.seed,
            train_cycles=args.train_cycles, cycles=args.cycles, learning_rate=args.learning_rate,
            bias=args.bias, width=width, height=height, **fps,
            seconds_per_shot=args.seconds_per_shot, quality=args.quality, stills=args.stills,
            json=args.json, music=args.music, duration=args.duration, beats=args.beats,
            smooth=args.smooth, gif_width=args.gif_width, theme=args.theme,
            contact_sheet=args.contact_sheet, html=args.html,
            constant_frame_rate=args.constant_frame_rate,
        )
    finally:
        for bar in bars:
            with contextlib.suppress(OSError, ValueError):
                bar.close()
    if not args.quiet:
        _report(result, args)
    return 0


def _report(result, args: argparse.Namespace) -> None:
    try:
        size_mb = f", {result.video.stat().st_size / 1e6:.1f} MB"
    except OSError:
        size_mb = ""
    stored = ("every frame stored" if result.pictures == result.frames
              else f"{result.pictures:,} pictures stored")
    out.say(
        f"Wrote {result.video}: {_duration(result.duration_s)} "
        f"({result.frames:,} frames at {result.fps:g} fps, {stored}, "
        f"{result.width}x{result.height}{size_mb})"
    )
    new = result.details.get("new_situation")
    if new is not None:
        inputs = ", ".join(f"{v:g}" for v in new["inputs"])
        out.say(
            f"After {args.train_cycles:,} training cycles the network estimates "
            f"{new['estimate']:.2f} for the new situation [{inputs}]."
        )
    elif result.test_accuracy is not None:
        out.say(f"Accuracy after training: {result.train_accuracy:.1%} on the training set, "
                f"{result.test_accuracy:.1%} on the test set.")
    for note in result.notes:
        out.say(note[:1].upper() + note[1:] + ".")
    for what, paths in (("Stills", list(result.stills.values())), ("Poster", [result.poster]),
                        ("Contact sheet", [result.contact_sheet]), ("Embed", [result.html]),
                        ("Summary", [result.json])):
        paths = [str(p) for p in paths if p is not None]
        if paths:
            out.say(f"{what}: {', '.join(paths)}")


def _failure(outputs) -> str:
    """The end of an error line: what happened to the files, truthfully."""
    if outputs is not None and outputs.committed:
        return "the files were written before this"
    return "nothing was written and existing files are untouched"


def main(argv: Sequence[str] | None = None) -> int:
    _standard_fds_open()
    with _signals_end_the_run():
        try:
            from .outputs import Outputs, signals_held

            with signals_held():  # an extension module cut off half-loaded can crash Python at exit
                from .api import UsageError
                from .audio import AudioError
                from .train import TrainingError
                from .video import EncodeError
        except KeyboardInterrupt as stop:  # Ctrl-C while starting up
            return _interrupted(stop, None)
        outputs = Outputs()
        try:
            parser = build_parser()
            try:
                args = parser.parse_args(argv)
            except SystemExit as done:  # --help, --version, or a mistake already reported
                return done.code if isinstance(done.code, int) else EXIT_USAGE
            if args.command is None:
                parser.print_help(err)
                return EXIT_USAGE
            return _run_xor(args, outputs)
        except KeyboardInterrupt as stop:
            return _interrupted(stop, outputs)
        except (UsageError, AudioError, TrainingError) as error:
            err.say(f"{PROG}: error: {error}")
            return EXIT_USAGE
        except (EncodeError, OSError) as error:
            err.say(f"{PROG}: error: {_os_message(error)}; {_failure(outputs)}")
            return EXIT_FAILED


def _interrupted(stop: KeyboardInterrupt, outputs) -> int:
    signum = stop.signum if isinstance(stop, Interrupted) else signal.SIGINT
    err.say(f"{PROG}: interrupted by {signal.Signals(signum).name}; {_failure(outputs)}")
    return 128 + signum


def _os_message(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror and type(error).__name__ != "CommitError":
        where = f" ({error.filename})" if error.filename else ""
        return f"{error.strerror}{where}"
    return str(error)
