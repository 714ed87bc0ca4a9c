"""The command line's words: every command, its options with their defaults and limits, and
what a parsed command asks for (a subject to film, and how to film it).

Every command shares the options of the video (and of a still); each adds what it trains on.
"""

from __future__ import annotations

import argparse
import decimal
import math
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

PROG = "nnviz"
EXIT_USAGE = 2
STILL_SUFFIX = ".png"  # a still's default picture, where --out is not given
PLANE_COMMANDS = ("spiral", "circles", "moons", "gauss", "xor2d")
# Options every network command has but only some data can use: where one is missing, the
# commands named are those it works for (custom: a table of two inputs).
MEANT_FOR = {"--weight-grids": ("shapes", "digits"), "--probes": ("shapes", "digits"),
             "--neuron-maps": (*PLANE_COMMANDS, "custom"), "--layer-sweep": (*PLANE_COMMANDS, "custom")}


GIVEN = "_options_given"  # the namespace's record of the options given a value (see _Once)


def _given(namespace: argparse.Namespace) -> dict:
    """The options given so far in this parse (option string and value, by destination)."""
    if getattr(namespace, GIVEN, None) is None:
        setattr(namespace, GIVEN, {})
    return getattr(namespace, GIVEN)


class _Once(argparse._StoreAction):
    """An option that takes a value and is refused when given twice: which of two seeds, or
    of two output files, was meant is not for the command to guess."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        if option_string is not None:
            given = _given(namespace)
            if self.dest in given:
                first, value = given[self.dest]
                again = option_string if option_string == first else f"{option_string} (the same as {first})"
                # What was typed, where the parsed value says it as such (a size is a tuple by now).
                plain = all(isinstance(v, (str, int, float, Path)) for v in (value, values))
                said = f" ({value}, then {values})" if plain else ""
                parser.error(f"{again} is given twice{said}; give it once")
            given[self.dest] = (option_string, values)
        super().__call__(parser, namespace, values, option_string)


def _contradiction(parser, namespace, dest: str, option_string: str) -> None:
    """Refuse a switch whose opposite was given (``--bias --no-bias``); the same switch again
    is harmless."""
    given = _given(namespace)
    first = given.get(dest, (option_string,))[0]
    if first != option_string:
        parser.error(f"{option_string} contradicts {first}; give one of them")
    given[dest] = (option_string, None)


class _Switch:
    """A switch (on or off) refused after its opposite."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        _contradiction(parser, namespace, self.dest, option_string)
        super().__call__(parser, namespace, values, option_string)


class _SwitchOn(_Switch, argparse._StoreTrueAction):
    pass


class _SwitchOff(_Switch, argparse._StoreFalseAction):
    pass


class Parser(argparse.ArgumentParser):
    """argparse that reports a mistake in one line instead of usage + message, and refuses an
    option given twice."""

    def __init__(self, *args, say: Callable[[str], None] | None = None, **kwargs) -> None:
        # No option by a prefix of its name: "--see 3" had been taken for --seed 3.
        super().__init__(*args, allow_abbrev=False, **kwargs)
        self._say = say
        # A negative number in scientific notation is a value, not an option: argparse (before
        # Python 3.13) took "--noise -2.5e3" for an option and said "expected one argument".
        self._negative_number_matcher = re.compile(r"^-((\d+\.?\d*|\.\d+)([eE][-+]?\d+)?|inf|infinity|nan)$",
                                                   re.IGNORECASE)
        self.register("action", None, _Once)
        self.register("action", "store", _Once)
        self.register("action", "store_true", _SwitchOn)
        self.register("action", "store_false", _SwitchOff)

    def error(self, message: str) -> NoReturn:
        option = re.fullmatch(r"argument --([\w-]+)(?:/[^:]*)?: expected one argument", message)
        if option and _names_a_file(option[1]):  # a file named "-x" is taken for an option
            message += f"; a file whose name starts with '-' is written ./-name (or --{option[1]}=-name)"
        line = f"{PROG}: error: {message} (see '{self.prog} --help')"
        if self._say is not None:
            self._say(line)
        raise SystemExit(EXIT_USAGE)

    def parse_args(self, args=None, namespace=None):  # type: ignore[override]
        """As argparse's, but words no option takes are reported by the command they were
        given to, with the commands that do have such an option."""
        namespace, extras = self.parse_known_args(args, namespace)
        if extras:
            commands = _commands(self)
            name = getattr(namespace, "command", None)
            where = commands.get(name, self)
            options = [word.split("=", 1)[0] for word in extras if word.startswith("--")]
            others = [other for other, sub in commands.items() if other != name
                      and options and options[0] in sub._option_string_actions
                      and other in MEANT_FOR.get(options[0], (other,))]
            message = f"unrecognized arguments: {' '.join(extras)}"
            if others:
                what = f"nnviz {name}" if name in commands else PROG
                message = (f"{what} has no option {options[0]}; "
                           f"{', '.join(others)} {'has' if len(others) == 1 else 'have'} it")
            elif options:
                import difflib  # only for a mistake: not in every start's imports

                # The start of an option's name ("--seconds") means it; else the nearest name.
                known = where._option_string_actions
                starting = sorted({action.option_strings[0] for o, action in known.items()
                                   if o.startswith(options[0])})
                near = starting[:1] or difflib.get_close_matches(options[0], known, n=1)
                if near:
                    message += f"; did you mean {near[0]}?"
            where.error(message)
        return namespace


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """The parser's commands, by name."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


class HelpFormatter(argparse.HelpFormatter):
    """Shows each option's default, except for switches and options that are off."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        switch = isinstance(action, argparse._StoreTrueAction | argparse._StoreFalseAction)
        shown = action.default is not None and action.default is not False and not switch
        if shown and action.default != argparse.SUPPRESS and action.option_strings:
            text += " (default: %(default)s)"
        return text


class Written(float):
    """A number read as another than was written: too large for a float (1e400, read as
    infinity) or too small (1e-400, read as 0). Said as written: the messages that refuse
    it had quoted "inf" or "0", which the user never typed."""

    text: str

    def __new__(cls, value: float, text: str) -> Written:
        read = super().__new__(cls, value)
        read.text = _shortened(text.strip())
        return read

    def __repr__(self) -> str:
        return self.text

    __str__ = __repr__


def _whole(text: str) -> int:
    """A whole number, also written in scientific notation ("1e3" for 1000), read exactly."""
    try:
        return int(text)
    except ValueError:
        try:
            exact = decimal.Decimal(text.strip())
        except decimal.InvalidOperation:
            raise ValueError(text) from None
        if not exact.is_finite() or exact != exact.to_integral_value():
            raise ValueError(text) from None
        if exact.adjusted() > 300:  # 1e999999999 is whole, but not to be written out
            digits = text.strip().lstrip("+-")
            said = f"{len(digits):,} digits" if digits.isdigit() else _shortened(text.strip())
            raise argparse.ArgumentTypeError(f"{said} is far beyond any limit") from None
        return int(exact)


def _shortened(text: str) -> str:
    return text if len(text) <= 40 else text[:40] + "…"


def _real(text: str) -> float:
    """A number, said as written where a float would say another (1e400, 1e-400); -0 is 0
    (a summary had said "noise": -0.0)."""
    value = float(text) + 0.0
    misread = (not math.isfinite(value) and text.strip() != repr(value)) or (  # 1e400, -NaN, Infinity
        value == 0 and any(digit in "123456789" for digit in text.lower().partition("e")[0]))
    return Written(value, text) if misread else value


def number(kind: Callable[[str], float], description: str) -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            return kind(text)
        except ValueError:
            digits = text.strip().lstrip("+-")
            if digits.isdigit() and len(digits) > 300:  # whole, but past what Python reads
                raise argparse.ArgumentTypeError(f"{len(digits):,} digits is far beyond any limit") from None
            raise argparse.ArgumentTypeError(f"expected {description}, got {_shortened(text)!r}") from None

    return parse


def path(text: str) -> Path:
    if not text.strip():  # Path("") is the current folder: not what anyone means
        raise argparse.ArgumentTypeError("expected a path, got an empty one")
    return Path(text)


def file(text: str) -> Path:
    """A file's path: a trailing slash names a folder (Path would drop it, and x.mp4/ would be
    written as the file x.mp4)."""
    if text.endswith(("/", os.sep)):
        raise argparse.ArgumentTypeError(f"expected a file, got {text!r}, which names a folder")
    return path(text)


def size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected WIDTHxHEIGHT in pixels like 1920x1080, got {text!r}"
        ) from None
    return width, height


def layers(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(part) for part in text.replace(" ", "").split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected layer sizes separated by commas, inputs to outputs, like 2,8,8,1; got {text!r}"
        ) from None
    return sizes


def batch(text: str) -> int | str:
    if text.strip().lower() == "full":
        return "full"
    try:
        return _whole(text)  # as every whole number: 1e3 too
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number or 'full', got {text!r}") from None


INTEGER = number(_whole, "a whole number")
REAL = number(_real, "a number")

# Options of a video that a still has no use for, by their argparse names.
VIDEO_ONLY = ("music", "music_start", "duration", "beats", "smooth", "json", "html", "player", "stills",
              "contact_sheet",
              "fps", "seconds_per_shot", "quality", "gif_width", "constant_frame_rate")


def build_parser(say: Callable[[str], None] | None = None) -> argparse.ArgumentParser:
    from . import __version__

    parser = Parser(prog=PROG, say=say,
                    description="Train a neural network and make a video of it learning.")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    def command(name: str, help: str, description: str) -> argparse.ArgumentParser:
        # Each command's own options of a film: its --still names its own moments (XOR's
        # had offered test:1 and probe:K, which it refuses). A recording is drawn as made.
        parents = [_film_options(moments=_moments(name),
                                 named_after_input=name == "render")]
        return commands.add_parser(name, help=help, description=description, parents=parents,
                                   formatter_class=HelpFormatter, say=say)

    xor = command(
        "xor", "a 3-4-1 network learns XOR (with an irrelevant third input) and is filmed",
        "Train a 3-4-1 sigmoid network on seven examples (XOR of the first two inputs; the third "
        "is irrelevant) and make a video of it learning (MP4, WebM or GIF): before training, "
        "every example of the shown cycles, after training, and the new situation [1, 1, 0]. "
        "Or, with --still, one picture of a moment (PNG, SVG or PDF).",
    )
    _xor_options(xor)
    for name in PLANE_COMMANDS:
        plane = command(
            name, f"a network learns TensorFlow Playground's {name} set, its decision map filmed",
            f"Train a network on the 2-D {name} set (as in TensorFlow Playground: points of two "
            "classes on a plane, seeded, split into training and test points) and make a video of it "
            "learning: the network thinking about one example per shown epoch, the classes in turn, "
            "beside the plane coloured by its answer, and the loss and accuracy so far; then two test "
            "examples. Or, with --still, one picture (PNG, SVG or PDF).",
        )
        _plane_options(plane)
        _network_options(plane, unsure=False)  # two classes, one sigmoid output: no top probability
    shapes = command(
        "shapes", "a network learns hand-drawn circles, squares and triangles, and may say \"I don't know\"",
        "Train a network (784-16-16-3, with dropout) on circles, squares and triangles drawn as by "
        "hand (seeded; 28x28 pixels unless --pixels) and film it: the picture, its pixels feeding "
        "the network, the class probabilities, and \"I don't know\" when the network's best "
        "guess is below --unsure; then the loss and accuracy.",
    )
    _shapes_options(shapes)
    _network_options(shapes)
    digits = command(
        "digits", "a network learns handwritten digits (scikit-learn's 8x8, or MNIST files you have)",
        "Train a network on handwritten digits and film it: scikit-learn's 1,797 8x8 digits "
        "(64-16-16-10; needs pip install \"nnviz-video[digits]\"), or with --data DIR MNIST's IDX "
        "files (train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-...; plain or .gz), "
        "784-16-16-10 as in 3Blue1Brown's video. Nothing is downloaded.",
    )
    _digits_options(digits)
    _network_options(digits)
    custom = command(
        "custom", "a network learns your own table (CSV or .npz)",
        "Train a network on your own table and film it: a CSV with a header (the last column is "
        "the class, unless --label names another) or a .npz with arrays x and y. Inputs are "
        "standardised; classes may be names or whole numbers.",
    )
    _table_options(custom)
    _network_options(custom)
    render = command(
        "render", "film a saved recording (from nnviz.Recorder.save) without training again",
        "Make the video (or a still) of a recording saved with nnviz.Recorder(...).save(FILE): "
        "re-render it with other music, size or theme without training again.",
    )
    render.add_argument("recording", type=file, metavar="RECORDING", help="a recording (.npz)")
    render.add_argument("--shown", "--cycles", dest="cycles", type=INTEGER, metavar="N",
                        help="how many recorded steps to show, spread over the run (default: all)")
    _interactive_commands(commands, say)
    return parser


def _interactive_commands(commands, say) -> None:
    """``play`` and ``draw``: windows, not videos (none of the video's options)."""
    from .interactive.subjects import DRAW_DATA, PLAY_DATA
    from .style import THEMES

    play = commands.add_parser(
        "play", help="a window: step a network through learning by hand (Forward, Backprop, Train xN, Reset)",
        description="Open a window with the network, every weight on its wire and every value on its neuron "
                    "(as --annotate), starting untrained. Edit the inputs (click an input neuron, a point on "
                    "the plane, or a slider), then press Forward (f) to watch the activations flow and the "
                    "cost appear, Backprop (b) to watch the gradients flow back and the weights change, "
                    "Train xN (t; n changes N) to jump ahead with the trainer, Reset (r) to start again. "
                    "Needs a display (a desktop, Xvfb, or Jupyter with %matplotlib widget).",
        formatter_class=HelpFormatter, say=say)
    play.add_argument("dataset", choices=PLAY_DATA, metavar="DATASET",
                      help=f"what the network learns: {', '.join(PLAY_DATA)}")
    group = play.add_argument_group("data (as the video commands)")
    group.add_argument("--data", type=path, metavar="PATH",
                       help="custom: your table (CSV or .npz); digits: a folder of MNIST's IDX files")
    group.add_argument("--label", metavar="COLUMN", help="custom: the column that holds the class")
    group.add_argument("--samples", type=INTEGER, metavar="N",
                       help="2-D sets and shapes: how many examples")
    group.add_argument("--noise", type=REAL, metavar="PERCENT", help="2-D sets: how far points stray")
    group.add_argument("--pixels", type=INTEGER, metavar="N", help="shapes: N x N pixels")
    group.add_argument("--test-fraction", type=REAL, metavar="F", help="the share kept for testing")
    group = play.add_argument_group("network and training (defaults: the data set's, as its video command)")
    group.add_argument("--layers", type=layers, metavar="SIZES", help="every layer's size, like 2,4,4,1")
    group.add_argument("--activation", choices=["sigmoid", "tanh", "relu"], type=_activation,
                       help="of the hidden neurons")
    group.add_argument("--loss", choices=["squared", "binary", "softmax"], help="the output and its loss")
    group.add_argument("--learning-rate", type=REAL, metavar="RATE", help="step size of each update")
    group.add_argument("--batch", type=batch, metavar="N", help="examples per update of Train xN (epochs)")
    group.add_argument("--seed", type=INTEGER, default=0, help="seed of the starting weights (and the data)")
    group.add_argument("--bias", dest="bias", action="store_true", default=None,
                       help="biases (XOR has none by default, as the original)")
    group.add_argument("--no-bias", dest="bias", action="store_false", help="no biases")
    play.add_argument("--theme", type=str.lower, choices=list(THEMES), default="dark",
                      help="dark, or light for a white page")

    draw = commands.add_parser(
        "draw", help="a window: draw a digit and watch every neuron of a trained network answer",
        description="Train the data set's network (its preset: scikit-learn's 8x8 digits in seconds; MNIST "
                    "with --data DIR; the hand-drawn shapes), or take a saved recording's weights, and open "
                    "a drawing pad beside it: every neuron's glow, the class probabilities and the clicked "
                    "first-layer neuron's weight grid update as you draw. Left button draws, right button "
                    "erases, c clears, x puts a test picture on the pad. Needs a display.",
        formatter_class=HelpFormatter, say=say)
    draw.add_argument("dataset", choices=DRAW_DATA, metavar="DATASET", help=f"{', '.join(DRAW_DATA)}")
    draw.add_argument("--data", type=path, metavar="DIR",
                      help="digits: a folder of MNIST's IDX files (28x28)")
    draw.add_argument("--recording", type=file, metavar="FILE",
                      help="use this saved recording's final weights (nnviz.Recorder.save), no training")
    draw.add_argument("--epochs", type=INTEGER, metavar="N",
                      help="train for N epochs (default: the preset's)")
    draw.add_argument("--seed", type=INTEGER, default=0,
                      help="seed of the data split and the starting weights")
    draw.add_argument("--theme", type=str.lower, choices=list(THEMES), default="dark",
                      help="dark, or light for a white page")
    draw.add_argument("--quiet", action="store_true", help="no progress line while training")


def interactive_options(args: argparse.Namespace) -> dict:
    """The options of ``play`` or ``draw`` that were given, as the API takes them."""
    names = ("data", "label", "samples", "noise", "pixels", "test_fraction", "layers", "activation", "loss",
             "learning_rate", "batch", "seed", "bias", "epochs")
    return {name: getattr(args, name) for name in names if getattr(args, name, None) is not None}


def _moments(command: str) -> str:
    """The moments a command's --still may name."""
    tested = "test:1 or test:2"
    if command == "xor":
        return "before, after, new, or a shown step, cycle:N/example:K"
    if command == "render":
        return (f"after, before (where step 0 was recorded), {tested} (where the recording closes on "
                "them), or a recorded step such as step:N (named as the recording names its steps: "
                "epoch:N, batch:N)")
    probes = ", probe:K (with --probes)" if command in MEANT_FOR["--probes"] else ""
    layers = ", layer:K (with --layer-sweep)" if command in MEANT_FOR["--layer-sweep"] else ""
    return f"before, after, {tested}{probes}{layers}, or a shown step, epoch:N"


def _film_options(moments: str = "", named_after_input: bool = False) -> argparse.ArgumentParser:
    """The options of a video and of a still, shared by every command (``moments``: what
    --still may name; ``named_after_input``: the output is named after the recording read,
    run.npz's run.mp4)."""
    from . import checks
    from .film import DEFAULT_GIF_WIDTH, DEFAULT_SECONDS_PER_SHOT, STEP_SECONDS_PER_SHOT, VideoOptions
    from .style import THEMES
    from .video import DEFAULT_QUALITY, QUALITIES

    defaults = VideoOptions()
    common = Parser(add_help=False)
    video = common.add_argument_group("video")
    # Filled in after parsing (named_outputs): a still's default is a picture, not a video.
    video.add_argument("--out", type=file, default=None, metavar="FILE",
                       help="the video to write: .mp4 (H.264), .webm (VP9) or .gif (default: "
                            + ("the recording's name: run.npz makes run.mp4, or run.png with --still"
                               if named_after_input else
                               f"{defaults.out}, or {defaults.out.with_suffix(STILL_SUFFIX)} with --still")
                            + "); replaced only when the new one is complete")
    video.add_argument("--size", type=size, metavar="WxH",
                       help=f"frame size in pixels, even numbers between "
                            f"{checks.MIN_SIZE[0]}x{checks.MIN_SIZE[1]} and "
                            f"{checks.MAX_SIZE[0]}x{checks.MAX_SIZE[1]} "
                            f"(default: {defaults.width}x{defaults.height})")
    video.add_argument("--fps", type=REAL,
                       help=f"frames per second, {checks.MIN_FPS} to {checks.MAX_FPS} (a GIF: to "
                            f"{checks.MAX_GIF_FPS}; 29.97 and the like are NTSC's 30000/1001) "
                            f"(default: {defaults.fps:g})")
    video.add_argument("--seconds-per-shot", "--seconds-per-frame", dest="seconds_per_shot",
                       type=REAL, metavar="SECONDS",
                       help=f"how long each shot (one example) is held, one frame to "
                            f"{checks.MAX_SECONDS_PER_SHOT:g} s (default: {DEFAULT_SECONDS_PER_SHOT}, "
                            f"{STEP_SECONDS_PER_SHOT} with --steps; fitted with --music or --duration)")
    video.add_argument("--smooth", action="store_true",
                       help="motion instead of a slideshow: each shot grows out of the one "
                            "before, the thinking travelling from the inputs to the output")
    video.add_argument("--steps", action="store_true",
                       help="step mode: each training example's forward pass lights the network layer "
                            "by layer, its error appears at the output, and the backward pass flows "
                            "back, each layer of synapses flashing as its weights change (a still: "
                            "the whole step in one picture)")
    video.add_argument("--constant-frame-rate", action="store_true",
                       help="store every frame (MP4, WebM), for video editors that mishandle a "
                            "held picture stored once")
    video.add_argument("--quality", choices=list(QUALITIES),
                       help="MP4 and WebM encoding: standard suits a blog; high makes the smallest "
                            "file at the highest fidelity but takes twice as long; draft "
                            f"encodes fastest into the largest file (default: {DEFAULT_QUALITY})")
    video.add_argument("--theme", type=str.lower, choices=list(THEMES), default=defaults.theme,
                       help="dark, or light for a white page; both colour-blind safe")
    video.add_argument("--annotate", action="store_true",
                       help="write every weight on its wire and every bias under its neuron (Fast "
                            f"Forward Labs' view); for small networks, at most {checks.MOST_ANNOTATED} "
                            "synapses between two layers (such as 2,4,4,1)")
    video.add_argument("--gif-width", type=INTEGER, metavar="PIXELS",
                       help=f"width a .gif is drawn at, {checks.MIN_GIF_WIDTH} to "
                            f"{checks.MAX_GIF_WIDTH} (default: {DEFAULT_GIF_WIDTH})")
    video.add_argument("--stills", type=path, metavar="DIR",
                       help="also write a picture of each of the story's moments here (before and "
                            "after training, the test examples or the new situation: those it has)")
    video.add_argument("--contact-sheet", type=file, metavar="FILE",
                       help="also write a PNG of every shot in a labelled grid")
    video.add_argument("--html", type=file, metavar="FILE",
                       help="also write a page with a <video> tag (muted, playsinline, loop, "
                            "controls, a poster frame) ready to paste into a post")
    video.add_argument("--player", type=file, metavar="FILE",
                       help="also write one self-contained HTML page (.html) that plays the shots at the "
                            "video's times, with play/pause, a scrubber over the shots, each shot's "
                            "caption, and arrow keys to step; it opens from disk with no network")
    video.add_argument("--json", type=file, metavar="FILE",
                       help="also write a machine-readable summary of the run")
    video.add_argument("--quiet", action="store_true", help="print nothing but errors")
    still = common.add_argument_group("one still instead of a video")
    still.add_argument("--still", metavar="MOMENT",
                       help=f"write one picture to --out (.png, .svg or .pdf) instead of a video: "
                            f"{moments}")
    still.add_argument("--dpi", type=REAL,
                       help="still size as pixels per inch of a 19.2 x 10.8 inch picture "
                            f"(100 is 1920x1080; at most {checks.MAX_DPI:g}); instead of --size")
    still.add_argument("--transparent", action="store_true",
                       help="a still with no background behind the picture (PNG, SVG, PDF)")
    timing = common.add_argument_group("music")
    timing.add_argument("--music", type=file, metavar="FILE",
                        help="a track (wav, mp3, ogg, flac, m4a, ...) of at most 2 hours: the video "
                             "lasts exactly as long and carries it")
    timing.add_argument("--music-start", type=REAL, metavar="SECONDS",
                        help="start the music this far into the track (default 0)")
    timing.add_argument("--duration", type=REAL, metavar="SECONDS",
                        help=f"make the video exactly this long (at most {checks.MAX_VIDEO_SECONDS:,} s); "
                             "with --music, the track is cut there and fades out over its last second")
    timing.add_argument("--beats", action="store_true",
                        help="change shots on the track's beats (with --music)")
    return common


def _xor_options(xor: argparse.ArgumentParser) -> None:
    from . import checks
    from .api import XorTraining
    from .film import DEFAULT_CYCLES

    defaults = XorTraining()
    group = xor.add_argument_group("training")
    group.add_argument("--cycles", "--shown", dest="cycles", type=INTEGER, metavar="N",
                       help=f"how many training cycles the video shows, 1 to {checks.MAX_SHOWN_CYCLES}, "
                            f"spaced geometrically so that more are early, where learning is fast "
                            f"(default: {DEFAULT_CYCLES}, or about one shot a second with --music or "
                            f"--duration)")
    group.add_argument("--seed", type=INTEGER, default=defaults.seed,
                       help="seed of the random starting weights")
    group.add_argument("--train-cycles", type=INTEGER, default=defaults.train_cycles, metavar="N",
                       help=f"passes through the seven examples, at most {checks.MAX_TRAIN_CYCLES:,}")
    group.add_argument("--learning-rate", type=REAL, default=defaults.learning_rate, metavar="RATE",
                       help=f"step size of each weight update, above 0 and at most "
                            f"{checks.MAX_LEARNING_RATE:g}")
    group.add_argument("--bias", action="store_true",
                       help="give every hidden and output neuron a bias (the original had none)")


def _plane_options(parser: argparse.ArgumentParser) -> None:
    from .api import PlaneData
    from .data.plane import MAX_NOISE, MAX_SAMPLES, MIN_SAMPLES

    defaults = PlaneData()
    group = parser.add_argument_group("data")
    group.add_argument("--samples", type=INTEGER, default=defaults.samples, metavar="N",
                       help=f"points in all, {MIN_SAMPLES} to {MAX_SAMPLES:,}")
    group.add_argument("--noise", type=REAL, default=defaults.noise, metavar="PERCENT",
                       help=f"how far points stray from their shape, 0 to {MAX_NOISE:g} (as "
                            f"Playground's slider)")
    group.add_argument("--test-fraction", type=REAL, default=defaults.test_fraction, metavar="F",
                       help="the share of points kept out of training to test on, 0.1 to 0.9")


def _shapes_options(parser: argparse.ArgumentParser) -> None:
    from .api import ShapesData
    from .data.shapes import MAX_PIXELS, MAX_SAMPLES, MIN_PIXELS, MIN_SAMPLES

    defaults = ShapesData()
    group = parser.add_argument_group("data")
    group.add_argument("--samples", type=INTEGER, default=defaults.samples, metavar="N",
                       help=f"drawings in all (a third of each shape), {MIN_SAMPLES} to {MAX_SAMPLES:,}")
    group.add_argument("--pixels", type=INTEGER, default=defaults.pixels, metavar="N",
                       help=f"each drawing is N x N pixels, {MIN_PIXELS} to {MAX_PIXELS}")
    group.add_argument("--test-fraction", type=REAL, default=defaults.test_fraction, metavar="F",
                       help="the share of drawings kept out of training to test on, 0.1 to 0.9")


def _digits_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("data")
    group.add_argument("--data", type=path, metavar="DIR",
                       help="a folder with MNIST's IDX files (plain or .gz); without it, scikit-learn's "
                            "8x8 digits")
    group.add_argument("--test-fraction", type=REAL, metavar="F",
                       help="the share of pictures kept out of training to test on, 0.1 to 0.9 (default: "
                            "MNIST's own t10k files, or a quarter of the 8x8 digits)")
    group.add_argument("--class-names", metavar="NAMES",
                       help="the ten classes' names in label order, comma-separated (for MNIST-format sets "
                            "of other things, e.g. Fashion-MNIST's \"T-shirt,Trouser,...\"); default 0 to 9")


def _table_options(parser: argparse.ArgumentParser) -> None:
    from .api import TableData

    defaults = TableData()
    group = parser.add_argument_group("data")
    group.add_argument("--data", type=file, required=True, metavar="FILE",
                       help="your table: a CSV with a header, or a .npz with arrays x and y")
    group.add_argument("--label", metavar="COLUMN",
                       help="the column that holds the class (default: the last)")
    group.add_argument("--test-fraction", type=REAL, default=defaults.test_fraction, metavar="F",
                       help="the share of rows kept out of training to test on, 0.1 to 0.9")


def _network_options(parser: argparse.ArgumentParser, unsure: bool = True) -> None:
    """The network's and the training's options (``unsure``: and --unsure, for data of more
    than two classes: the 2-D sets had listed it, then refused it whatever the network)."""
    from . import checks
    from .network import ACTIVATIONS, OUTPUTS
    from .train import DECAYS

    group = parser.add_argument_group("network and training (defaults fit the data set)")
    group.add_argument("--layers", type=layers, metavar="SIZES",
                       help="every layer's size, inputs to outputs, like 2,8,8,1 (one output for two "
                            f"classes, one per class for more); up to {checks.MAX_LAYERS} layers of "
                            f"{checks.MAX_LAYER_SIZE:,}, the inputs as many as the data has")
    group.add_argument("--activation", choices=list(ACTIVATIONS), type=_activation,
                       help="of the hidden neurons")
    group.add_argument("--loss", choices=list(OUTPUTS),
                       help="binary: a sigmoid output and cross-entropy (two classes); squared: a "
                            "sigmoid output and squared error (two classes); softmax: one output per "
                            "class and cross-entropy (three or more)")
    group.add_argument("--epochs", type=INTEGER, metavar="N",
                       help=f"passes through the training set, 1 to {checks.MAX_EPOCHS:,}")
    group.add_argument("--shown", "--cycles", dest="cycles", type=INTEGER, metavar="N",
                       help="how many epochs the video shows, spaced geometrically (default: the data "
                            "set's, such as 40 for the 2-D sets and all 10 for MNIST, at most --epochs; or "
                            "about one shot a second with --music or --duration)")
    group.add_argument("--learning-rate", type=REAL, metavar="RATE",
                       help=f"step size of each update, above 0 and at most "
                            f"{checks.MAX_EPOCH_LEARNING_RATE:g}")
    group.add_argument("--learning-rate-decay", choices=list(DECAYS), metavar="{" + ",".join(DECAYS) + "}",
                       help="none keeps the rate; linear lowers it epoch by epoch to 1/N of it at the "
                            "last of N epochs (default: the data set's: linear for MNIST-format digits, "
                            "none for the rest)")
    group.add_argument("--batch", type=batch, metavar="N",
                       help="examples per update: 1 is online, 'full' the whole training set")
    group.add_argument("--dropout", type=REAL, metavar="P",
                       help=f"chance of dropping each hidden neuron from an update, 0 to "
                            f"{checks.MAX_DROPOUT:g} (default: 0, or the data set's)")
    group.add_argument("--layer-sweep", action="store_true",
                       help="closing shots, one per hidden layer: the plane as that layer bends it, "
                            "coloured by the layer's best straight-line read-out; for 2-D data (try a deep "
                            "narrow --layers 2,4,4,4,4,4,1)")
    group.add_argument("--neuron-maps", action="store_true",
                       help="draw each hidden neuron as a picture of what it computes over the input plane "
                            "(TensorFlow Playground's view); for 2-D data")
    group.add_argument("--weight-grids", action="store_true",
                       help="the panel shows each first-hidden-layer neuron's incoming weights as a small "
                            "picture (green +, red −), the most active one ringed; for pictures (shapes, "
                            "digits), up to 64 first hidden neurons")
    group.add_argument("--probes", action="store_true",
                       help="after the test pictures, show the trained network pictures that are not from "
                            "the data: random noise, a test picture moved and shrunk, and a scribble (with "
                            "--unsure); for pictures (shapes, digits)")
    if unsure:
        group.add_argument("--unsure", type=REAL, metavar="P",
                           help="with one output per class (softmax): the network says \"I don't know\" "
                                "when its top probability is below P, 0 to 1 (0: it always answers; "
                                "default: 0.6 for shapes, else 0)")
    group.add_argument("--seed", type=INTEGER, default=0,
                       help="seed of the data, the starting weights and the shuffling")
    group.add_argument("--no-bias", dest="bias", action="store_false",
                       help="no biases (every neuron's threshold stays at 0)")


# ------------------------------------------------------------------------- what a command asks for
def named_outputs(args: argparse.Namespace) -> None:
    """The output where not given: learn.mp4, or learn.png for a still (learn.mp4 had been
    refused as a still's extension, naming a file never given); a recording's is named after
    it (``render run.npz`` writes run.mp4: learn.mp4 would replace the XOR video)."""
    from .film import VideoOptions

    if getattr(args, "out", "") is None:
        stem = Path(args.recording).stem if args.command == "render" else VideoOptions.out.stem
        args.out = Path(stem + (STILL_SUFFIX if args.still is not None else VideoOptions.out.suffix))


def film_options(args: argparse.Namespace):
    """The VideoOptions a parsed command asks for."""
    from .checks import DEFAULT_SIZE
    from .film import VideoOptions

    width, height = args.size or DEFAULT_SIZE
    given = {} if args.fps is None else {"fps": args.fps}
    return VideoOptions(
        out=args.out, cycles=args.cycles, width=width, height=height, **given,
        seconds_per_shot=args.seconds_per_shot, quality=args.quality, theme=args.theme,
        music=args.music, music_start=args.music_start, duration=args.duration, beats=args.beats,
        smooth=args.smooth,
        steps=args.steps,
        constant_frame_rate=args.constant_frame_rate, gif_width=args.gif_width, stills=args.stills,
        contact_sheet=args.contact_sheet, html=args.html, player=args.player, json=args.json,
    )


def subject_of(args: argparse.Namespace):
    """What a parsed command films."""
    from . import api

    if getattr(args, "annotate", False):
        _check_annotated_size(args)
    if args.command == "xor":
        training = api.XorTraining(args.seed, args.train_cycles, args.learning_rate, args.bias, args.annotate)
        return api.xor_subject(training, args.cycles)
    if args.command == "render":
        from .recording_file import recording_subject

        return recording_subject(Path(args.recording), annotate=args.annotate)
    training = api.NetworkTraining(
        layers=args.layers, activation=args.activation, loss=args.loss, epochs=args.epochs,
        learning_rate=args.learning_rate, learning_rate_decay=args.learning_rate_decay, batch=args.batch,
        dropout=args.dropout, seed=args.seed,
        bias=args.bias, unsure=getattr(args, "unsure", None), probes=args.probes,
        weight_grids=args.weight_grids, neuron_maps=args.neuron_maps, annotate=args.annotate,
        layer_sweep=args.layer_sweep,
    )
    if args.command == "shapes":
        return api.shapes_subject(api.ShapesData(args.samples, args.pixels, args.test_fraction), training,
                                  args.cycles)
    if args.command == "digits":
        names = None if args.class_names is None else tuple(args.class_names.split(","))
        return api.digits_subject(api.DigitsData(args.data, args.test_fraction, names), training, args.cycles)
    if args.command == "custom":
        data = api.checks.file_path(args.data, "data")  # "~/flowers.csv", quoted, as the outputs
        return api.table_subject(api.TableData(data, args.label, args.test_fraction), training, args.cycles)
    data = api.PlaneData(args.samples, args.noise, args.test_fraction)
    return api.plane_subject(args.command, data, training, args.cycles)


def _check_annotated_size(args: argparse.Namespace) -> None:
    """Said before the data is read: the library says it too, before any training."""
    from .checks import DEFAULT_SIZE
    from .film import DEFAULT_GIF_WIDTH, check_annotated_size, gif_size

    width, height = args.size or DEFAULT_SIZE
    gif = args.still is None and str(args.out).lower().endswith(".gif")
    if gif:
        width, height = gif_size(width, height, args.gif_width or DEFAULT_GIF_WIDTH)
    vector = args.still is not None and str(args.out).lower().endswith((".svg", ".pdf"))
    check_annotated_size(width, height, gif, stacked=not vector)


def inputs_of(args: argparse.Namespace) -> dict[str, Path]:
    """The files a command reads (no output may be one of them)."""
    found = {"data": getattr(args, "data", None), "recording": getattr(args, "recording", None)}
    return {role: Path(path) for role, path in found.items() if path is not None}


def _names_a_file(option: str) -> bool:
    """Whether ``--option`` names a file: the data read, or one of a film's outputs."""
    from .film import PATH_OPTIONS  # only for a mistake: not in every start's imports

    return option == "data" or option.replace("-", "_") in PATH_OPTIONS


def _activation(value: str) -> str:
    """An activation as a framework spells it (ReLU, Tanh), or as given, for argparse to refuse."""
    from .network import ACTIVATIONS, spelled

    return spelled(value, ACTIVATIONS)
