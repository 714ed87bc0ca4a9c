"""The ``nnviz`` command: argument parsing, progress and the final report.

All the work is done by :mod:`nnviz.api`; this module turns its results and errors into
what a person at a terminal reads. Bad input is one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from tqdm import tqdm

from . import __version__
from .api import DEFAULT_CYCLES, DEFAULT_SECONDS_PER_FRAME, VideoOptions, xor_video
from .checks import MAX_SIZE, MIN_SIZE, UsageError
from .still import xor_still
from .style import THEMES
from .timeline import MOMENT_HELP
from .train import TrainingError
from .video import QUALITIES, EncodeError

PROG = "nnviz"
EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 1, 2, 130


class _Parser(argparse.ArgumentParser):
    """argparse that reports a mistake in one line instead of usage + message."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{PROG}: error: {message} (see '{self.prog} --help')\n")


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


def build_parser() -> argparse.ArgumentParser:
    defaults = VideoOptions()
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
            "the third is irrelevant), then make an MP4 of it learning: before training, "
            "every example of the shown cycles, after training, and the new situation [1, 1, 0]."
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
                            f"{MIN_SIZE[0]}x{MIN_SIZE[1]} and {MAX_SIZE[0]}x{MAX_SIZE[1]} "
                            f"(default: {defaults.width}x{defaults.height})")
    video.add_argument("--fps", type=real, default=defaults.fps, help="frames per second")
    video.add_argument("--seconds-per-frame", type=real, metavar="SECONDS",
                       help="how long each shot (one example) is held (default: "
                            f"{DEFAULT_SECONDS_PER_FRAME}; fitted with --music or --duration)")
    video.add_argument("--cycles", type=integer, metavar="N",
                       help="how many training cycles the video shows, spaced geometrically "
                            f"so that more are early, where learning is fast (default: "
                            f"{DEFAULT_CYCLES}, or about one shot a second with --music or --duration)")
    still = xor.add_argument_group("one still instead of a video")
    still.add_argument("--still", metavar="MOMENT",
                       help=f"write one picture to --out (.png, .svg or .pdf) instead of a video: "
                            f"{MOMENT_HELP}")
    still.add_argument("--dpi", type=real,
                       help="still size as pixels per inch of a 19.2 x 10.8 inch picture "
                            "(100 is 1920x1080); instead of --size")
    still.add_argument("--transparent", action="store_true",
                       help="a still with no background behind the picture (PNG, SVG, PDF)")
    timing = xor.add_argument_group("music")
    timing.add_argument("--music", type=Path, metavar="FILE",
                        help="a track (wav, mp3, ogg, flac, m4a, ...): the video lasts exactly as "
                             "long and carries it")
    timing.add_argument("--duration", type=real, metavar="SECONDS",
                        help="make the video exactly this long, without music")
    timing.add_argument("--beats", action="store_true",
                        help="change shots on the track's beats (with --music)")
    video.add_argument("--smooth", action="store_true",
                       help="motion instead of a slideshow: each shot grows out of the one "
                            "before, the thinking travelling from the inputs to the output")
    video.add_argument("--quality", choices=list(QUALITIES), default=defaults.quality,
                       help="H.264 encoding: standard suits a blog; high makes the smallest "
                            "file at the highest fidelity but takes twice as long; draft "
                            "encodes fastest into the largest file")
    video.add_argument("--theme", choices=list(THEMES), default=defaults.theme,
                       help="dark, or light for a white page; both colour-blind safe")
    video.add_argument("--gif-width", type=integer, default=defaults.gif_width, metavar="PIXELS",
                       help="width a .gif is scaled to")
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
    training.add_argument("--seed", type=integer, default=defaults.seed,
                          help="seed of the random starting weights")
    training.add_argument("--train-cycles", type=integer, default=defaults.train_cycles,
                          metavar="N", help="passes through the seven examples")
    training.add_argument("--learning-rate", type=real, default=defaults.learning_rate,
                          metavar="RATE", help="step size of each weight update")
    training.add_argument("--bias", action="store_true",
                          help="give every hidden and output neuron a bias (the original had none)")
    return parser


def _interrupt(signum: int, frame: object) -> NoReturn:
    raise KeyboardInterrupt


def _duration(seconds: float) -> str:
    minutes, seconds = divmod(seconds, 60)
    return f"{int(minutes)}:{seconds:05.2f}" if minutes else f"{seconds:.2f} s"


def _run_still(args: argparse.Namespace) -> int:
    width, height = args.size if args.size else (None, None)
    result = xor_still(
        args.out, args.still, seed=args.seed, train_cycles=args.train_cycles, cycles=args.cycles,
        learning_rate=args.learning_rate, bias=args.bias, width=width, height=height,
        dpi=args.dpi, transparent=args.transparent, theme=args.theme,
    )
    if not args.quiet:
        print(f"Wrote {result.path}: {result.moment}, {result.width}x{result.height} "
              f"{result.kind.upper()}, {len(result.data) / 1e3:.0f} kB")
    return 0


def _run_xor(args: argparse.Namespace) -> int:
    if args.still is not None:
        return _run_still(args)
    if args.dpi is not None or args.transparent:
        raise UsageError("--dpi and --transparent are for a still; add --still MOMENT or drop them")
    width, height = args.size or (VideoOptions.width, VideoOptions.height)
    bars: list[tqdm] = []  # made at the first shot, so that bad input prints only its error

    def progress(done: int, total: int) -> None:
        if not bars:
            bars.append(tqdm(total=total, desc="Rendering", unit="shot", file=sys.stderr,
                             disable=args.quiet, dynamic_ncols=True, leave=False))
        bars[0].update(done - bars[0].n)

    try:
        result = xor_video(
            args.out, progress=progress, seed=args.seed, train_cycles=args.train_cycles,
            cycles=args.cycles, learning_rate=args.learning_rate, bias=args.bias,
            width=width, height=height, fps=args.fps,
            seconds_per_frame=args.seconds_per_frame, quality=args.quality, stills=args.stills,
            json=args.json, music=args.music, duration=args.duration, beats=args.beats,
            smooth=args.smooth, gif_width=args.gif_width, theme=args.theme,
            contact_sheet=args.contact_sheet, html=args.html,
        )
    finally:
        for bar in bars:
            bar.close()
    if not args.quiet:
        size_mb = result.video.stat().st_size / 1e6
        print(
            f"Wrote {result.video}: {_duration(result.duration_s)} "
            f"({result.frames:,} frames at {result.fps:g} fps, {result.width}x{result.height}, "
            f"{size_mb:.1f} MB)"
        )
        inputs = ", ".join(f"{v:g}" for v in result.new_inputs)
        print(
            f"After {args.train_cycles:,} training cycles the network estimates "
            f"{result.new_estimate:.2f} for the new situation [{inputs}]."
        )
        for note in result.notes:
            print(note.capitalize() + ".")
        if result.stills:
            print("Stills: " + ", ".join(str(p) for p in result.stills.values()))
        if result.html:
            print(f"Embed: {result.html}")
        if args.json:
            print(f"Summary: {args.json}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        return _run_xor(args)
    except UsageError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted; no partial file was left and existing files are untouched",
              file=sys.stderr)
        return EXIT_INTERRUPTED
    except (EncodeError, TrainingError, OSError) as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        signal.signal(signal.SIGTERM, previous)
