"""The ``nnviz`` command: argument parsing, progress and the final report.

All the work is done by :mod:`nnviz.api`; this module turns its results and errors into
what a person at a terminal reads. Bad input is one line on stderr and exit status 2.

Only the standard library is imported before the signal handlers are in place, so that
Ctrl-C (or a closed terminal) at any moment ends the run with one line and no leftovers.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import re
import signal
import sys
from collections.abc import Iterator, Sequence
from typing import NoReturn, TextIO

from . import glyphs
from .arguments import PROG, VIDEO_ONLY, build_parser, film_options, named_outputs, subject_of
from .outputs import ENDING_SIGNALS

EXIT_FAILED, EXIT_USAGE = 1, 2


class Interrupted(KeyboardInterrupt):
    """A signal ended the run (a KeyboardInterrupt, so everything cleans up as for Ctrl-C)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


# The signals that ended the run: an interrupt raised inside matplotlib's C++ code comes out
# as some other exception ("ValueError: Invalid affine transformation matrix").
_received: list[int] = []


def _raise(signum: int, frame: object) -> NoReturn:
    _received.append(signum)
    raise Interrupted(signum)


# A signal whose exception Python had to drop: it landed in code that cannot raise (a
# finaliser, such as a progress bar's __del__ as it is collected). The next check raises it.
_dropped: list[int] = []


def _unraisable(unraisable) -> None:
    """Python's report of an exception it had to drop: an interrupt is kept for the next
    check, not printed as a traceback; anything else is reported as Python would."""
    if isinstance(unraisable.exc_value, KeyboardInterrupt):
        signum = getattr(unraisable.exc_value, "signum", signal.SIGINT)
        _dropped.append(signum)
        return
    sys.__unraisablehook__(unraisable)


# A dropped signal that no check raised before the run ended: main says it.
_unsaid: list[int] = []
# The signal main has said it was interrupted by (a second one is not said again).
_said: list[int] = []


def _check_dropped() -> None:
    """Raise an interrupt that was dropped on the way (see ``_unraisable``)."""
    if _dropped:
        raise Interrupted(_dropped.pop())


@contextlib.contextmanager
def _signals_end_the_run() -> Iterator[None]:
    _received.clear()
    previous = {}
    for signum in ENDING_SIGNALS:
        # A signal the caller ignores stays ignored (nohup's SIGHUP, a background job's SIGINT).
        if signal.getsignal(signum) is signal.SIG_IGN:
            continue
        with contextlib.suppress(OSError, ValueError):  # not the main thread, or not settable
            previous[signum] = signal.signal(signum, _raise)
    hook, sys.unraisablehook = sys.unraisablehook, _unraisable
    try:
        yield
    finally:
        sys.unraisablehook = hook
        # A signal dropped as the run ended (in a progress bar's __del__) is still said.
        _unsaid[:] = _dropped[:1]
        _dropped.clear()
        for signum, handler in previous.items():
            signal.signal(signum, handler)


# Characters a terminal acts on rather than shows: controls, the line and paragraph
# separators, and the bidirectional embeddings, overrides and isolates, which reorder what
# follows. (Other format marks join emoji and Persian words, or mark a soft hyphen: kept.)
UNSAID = frozenset(chr(c) for c in (*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029, *range(0x202A, 0x202F),
                                    *range(0x2066, 0x206A)))

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
        """One line, its control characters said by their code: a CSV's header or labels
        (an ESC that clears the screen, a newline inside a quoted label) never reach the
        terminal as they are. A quoted name of more than LONGEST_QUOTE characters is said
        by its start and length (a label of a million characters had made a 1 MB line)."""
        line = LONG_QUOTE.sub(_shortened, line)
        said = "".join(f"U+{ord(c):04X}" if c in UNSAID else c for c in line)
        self.write(said + "\n")
        self.flush()


LONGEST_QUOTE = 200
# A quoted name: its quote opens after no letter (not an apostrophe, "it's") and closes before
# a space, a mark or the end; a path is kept whole (its file's name is at its end).
# A quoted name: no path (no separator; a path's backslashes are doubled in a quote), but a
# label's line breaks and tabs, quoted as \n and \t (a label of 5,000 lines had made a line
# of 30 kB).
LONG_QUOTE = re.compile(rf"(?<![\w'])'((?:[^'/\\]|\\[nt]){{{LONGEST_QUOTE + 1},}})'(?=$|[\s;,.:)\]}}])")


def _shortened(found: re.Match) -> str:
    quoted = found.group(1)
    characters = len(quoted) - quoted.count("\\n") - quoted.count("\\t")  # \n is one character
    start = quoted[:40].removesuffix("\\")  # never half an escape
    return f"'{start}…' ({characters:,} characters)"


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


def _still(args: argparse.Namespace, subject, outputs) -> int:
    from .stills import still

    width, height = args.size if args.size else (None, None)
    with _bar("Training", "epoch", args.quiet) as progress:
        result = still(subject, args.out, args.still, cycles=args.cycles, width=width, height=height,
                       dpi=args.dpi, transparent=args.transparent, theme=args.theme, outputs=outputs,
                       progress=progress, steps=args.steps)
    if not args.quiet:
        out.say(f"Wrote {result.path}: {result.moment}, {result.width}x{result.height} "
                f"{result.kind.upper()}, {len(result.data) / 1e3:.0f} kB")
        _say_notes([*getattr(subject, "notes", ()), *result.notes])  # as a video's run says them
    return 0


def _say_notes(notes) -> None:
    """What a user should know, a sentence each."""
    for note in notes:
        # A sentence starts with a capital, but not a file name it starts with ("trunc.mp3"
        # is not "Trunc.mp3", a file that may not exist).
        first = note.split(" ", 1)[0]
        named = "/" in first or "\\" in first or re.fullmatch(r"[\w.-]*\.[A-Za-z]\w{0,4}", first)
        out.say((note if named else note[:1].upper() + note[1:]) + ".")


def _interactive(args: argparse.Namespace) -> int:
    """``play`` and ``draw``: a window, after checking there is a display to open it on."""
    from .arguments import interactive_options
    from .interactive import draw, play, require_display

    require_display(f"{PROG} {args.command}")  # before any work: one line and exit 2 without one
    options = interactive_options(args)
    if args.command == "play":
        window = play(args.dataset, theme=args.theme, **options)
    else:
        options.pop("bias", None)
        with _bar("Training", "epoch", args.quiet or args.recording is not None) as progress:
            window = draw(args.dataset, theme=args.theme, recording=args.recording, progress=progress,
                          **options)
        if not args.quiet and window.trained.test_accuracy is not None:
            out.say(f"Trained {window.trained.name}: {window.trained.test_accuracy:.1%} right on the "
                    "test pictures.")
    window.show()
    return 0


def _check_still_or_video(args: argparse.Namespace) -> None:
    """Options for a video given with --still, or a still's without it."""
    from .api import UsageError
    from .checks import option

    if args.still is not None:
        given = [option(name) for name in VIDEO_ONLY if _given(getattr(args, name))]
        if given:
            raise UsageError(f"{', '.join(given)} {'does' if len(given) == 1 else 'do'} not apply to a "
                             f"still; drop {'it' if len(given) == 1 else 'them'} or drop --still")
        return
    given = [option(name) for name in ("dpi", "transparent") if _given(getattr(args, name))]
    if given:
        raise UsageError(f"{' and '.join(given)} {'is' if len(given) == 1 else 'are'} for a still; add "
                         f"--still MOMENT or drop {'it' if len(given) == 1 else 'them'}")


def _run(args: argparse.Namespace, outputs) -> int:
    from .film import film

    _check_backend_setting()
    if args.command in ("play", "draw"):
        return _interactive(args)
    _check_still_or_video(args)  # before the data is read: nothing to learn from it
    subject = subject_of(args)
    if args.still is not None:
        return _still(args, subject, outputs)
    with _bar("Rendering", "frame", args.quiet) as progress:
        result = film(subject, film_options(args), progress, outputs)
    if not args.quiet:
        _report(result, args)
    return 0


@contextlib.contextmanager
def _bar(description: str, unit: str, quiet: bool):
    """A progress bar on stderr, fed by the ``progress(done, total)`` this yields; made at the
    first call, so that bad input prints only its error, and gone when the work is done."""
    from tqdm import tqdm

    from .outputs import signals_held

    bars: list[tqdm] = []

    def progress(done: int, total: int) -> None:
        _check_dropped()  # every epoch and every frame
        if not bars:
            # Made whole: an interrupt inside tqdm's constructor left a half-made bar whose
            # finaliser printed "Exception ignored … no attribute 'pos'" after the run's line.
            with signals_held():
                # None: no bar where stderr is not a terminal (a log of carriage returns).
                bars.append(tqdm(total=total, desc=description, unit=unit, file=err,
                                 disable=True if quiet else None, dynamic_ncols=True, leave=False))
        bars[0].update(done - bars[0].n)

    try:
        yield progress
    finally:
        for bar in bars:
            with contextlib.suppress(OSError, ValueError):
                bar.close()


def _duration(seconds: float) -> str:
    minutes, seconds = divmod(seconds, 60)
    return f"{int(minutes)}:{seconds:05.2f}" if minutes else f"{seconds:.2f} s"


def _given(value: object) -> bool:
    """Whether an option was given: a value, or a switch turned on (0 is a value given:
    "--fps 0" with a still had been taken for no --fps at all, as 0 == False)."""
    return value is not None and value is not False


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
            f"After {result.shown_steps[-1]:,} training cycles the network estimates "
            f"{new['estimate']:.2f} for the new situation [{inputs}]."
        )
    elif result.test_accuracy is not None and result.train_accuracy is not None:
        if args.command == "render":  # what the loop logged last (a batch's accuracy, perhaps)
            out.say(f"Accuracy last logged: {result.train_accuracy:.1%} training, "
                    f"{result.test_accuracy:.1%} test.")
        else:
            out.say(f"Accuracy after training: {result.train_accuracy:.1%} on the training set, "
                    f"{result.test_accuracy:.1%} on the test set.")
    _say_notes(result.notes)
    for what, paths in (("Stills", list(result.stills.values())), ("Poster", [result.poster]),
                        ("Contact sheet", [result.contact_sheet]), ("Embed", [result.html]),
                        ("Player", [result.player]), ("Summary", [result.json])):
        paths = [str(p) for p in paths if p is not None]
        if what == "Player" and paths:
            width, height = result.player_size
            paths = [f"{paths[0]} ({result.player_pictures:,} shots at {width}x{height}, "
                     f"{result.player_bytes / 1e6:.1f} MB)"]
        if paths:
            out.say(f"{what}: {', '.join(paths)}")


def _failure(outputs) -> str:
    """The end of an error line: what happened to the files, truthfully."""
    if outputs is not None and outputs.committed:
        return "the files were written before this"
    return "nothing was written and existing files are untouched"


def run(early: Sequence[int] = ()) -> NoReturn:
    """The command's entry point: :func:`main`, then out at once. A signal after the run
    (in Python's teardown, 0.4 s) had ended the process by its default action, with no line
    and a status that said nothing was done; now it is said, and the teardown skipped.
    ``early``: the signals noted while nnviz loaded (see :mod:`nnviz.start`)."""
    late: list[int] = []
    for signum in ENDING_SIGNALS:
        if signal.getsignal(signum) is not signal.SIG_IGN:  # nohup's SIGHUP stays ignored
            with contextlib.suppress(OSError, ValueError):
                signal.signal(signum, lambda signum, frame: late.append(signum))
    if early:  # checked once the handlers above are in place: none is missed in between
        err.say(f"{PROG}: interrupted by {signal.Signals(early[0]).name}; nothing was written and existing "
                "files are untouched")
        os._exit(128 + early[0])
    code = main()
    # The run is over: a signal from now on finds nothing to stop, and dies with the process.
    with contextlib.suppress(OSError, ValueError, AttributeError):
        signal.pthread_sigmask(signal.SIG_BLOCK, ENDING_SIGNALS)
    if late and code == 0:  # every file was written and committed
        err.say(f"{PROG}: interrupted by {signal.Signals(late[0]).name}; the files were written before this")
        code = 128 + late[0]
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # closed, full or gone: nothing more to say
            stream.flush()
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    _standard_fds_open()
    started: list = []  # the run's outputs, once it has some
    _said.clear()
    _unsaid.clear()
    try:
        code = _main(argv, started)
    except KeyboardInterrupt as stop:  # a signal just as the run's own handlers were put back
        return _interrupted(stop, started[0] if started else None)
    if _unsaid and not _said:  # dropped as the run ended, after its last check
        return _interrupted(Interrupted(_unsaid.pop()), started[0] if started else None)
    return code


def _main(argv: Sequence[str] | None, started: list) -> int:
    with _signals_end_the_run():
        try:
            from .outputs import Outputs, signals_held

            with signals_held():  # an extension module cut off half-loaded can crash Python at exit
                from .api import UsageError
                from .audio import AudioError
                from .checks import COMMAND_LINE
                from .train import TrainingError
                from .video import EncodeError
        except KeyboardInterrupt as stop:  # Ctrl-C while starting up
            return _interrupted(stop, None)
        outputs = Outputs()
        started.append(outputs)
        said_as_options = COMMAND_LINE.set(True)  # messages name --options, not keywords
        try:
            parser = build_parser(err.say)
            try:
                args = parser.parse_args(argv)
            except SystemExit as done:  # --help, --version, or a mistake already reported
                return done.code if isinstance(done.code, int) else EXIT_USAGE
            if args.command is None:
                parser.print_help(err)
                return EXIT_USAGE
            named_outputs(args)
            if getattr(args, "quiet", False):
                # matplotlib's own warnings as it loads (a HOME it cannot write its settings
                # in: two lines) had been said under --quiet; its errors still are.
                logging.getLogger("matplotlib").setLevel(logging.ERROR)
            with _missing_glyphs(quiet=getattr(args, "quiet", False)):
                return _run(args, outputs)
        except KeyboardInterrupt as stop:
            return _interrupted(stop, outputs)
        except (UsageError, AudioError, TrainingError) as error:
            err.say(f"{PROG}: error: {error}")
            return EXIT_USAGE
        except (EncodeError, OSError) as error:
            if _received:  # a pipe broken by the interrupt, say
                return _interrupted(Interrupted(_received[-1]), outputs)
            err.say(f"{PROG}: error: {_os_message(error)}; {_failure(outputs)}")
            return EXIT_FAILED
        except MemoryError as error:  # data larger than this machine holds, say
            if _received:
                return _interrupted(Interrupted(_received[-1]), outputs)
            said = str(error).strip().rstrip(".") or "MemoryError"
            err.say(f"{PROG}: error: out of memory ({said}); give less data or a smaller network; "
                    f"{_failure(outputs)}")
            return EXIT_FAILED
        except Exception:
            if _received:  # the interrupt, turned into another exception on its way out
                return _interrupted(Interrupted(_received[-1]), outputs)
            raise
        finally:
            COMMAND_LINE.reset(said_as_options)


@contextlib.contextmanager
def _missing_glyphs(quiet: bool) -> Iterator[None]:
    """What the font lacks outside a video's or a still's own notes (the interactive
    windows): one line at the end names the characters, none under --quiet."""
    with glyphs.gathered() as missing:
        yield
    if not quiet:
        for note in glyphs.notes(missing):
            err.say(f"{PROG}: note: {note}")


def _check_backend_setting() -> None:
    """matplotlib refuses to start under an $MPLBACKEND it does not know: say so in one line."""
    name = os.environ.get("MPLBACKEND")
    if not name:
        return
    from .api import UsageError
    from .outputs import signals_held

    try:
        with signals_held():  # an extension module cut off half-loaded can crash Python at exit
            import matplotlib  # noqa: F401  (it reads $MPLBACKEND as it starts)
    except ValueError:
        raise UsageError(f"MPLBACKEND={name!r} is not a backend matplotlib knows; unset it, or name one "
                         "such as agg or tkagg") from None


def _interrupted(stop: KeyboardInterrupt, outputs) -> int:
    if _said:  # a second signal as the first was being said: the run ended with the first
        return 128 + _said[0]
    signum = stop.signum if isinstance(stop, Interrupted) else signal.SIGINT
    _said.append(signum)
    err.say(f"{PROG}: interrupted by {signal.Signals(signum).name}; {_failure(outputs)}")
    return 128 + signum


def _os_message(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror and type(error).__name__ != "CommitError":
        where = f" ({error.filename})" if error.filename else ""
        return f"{error.strerror}{where}"
    return str(error)
