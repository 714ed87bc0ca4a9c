"""Checks of what a user asks for: each raises UsageError with one line saying what is wrong
and what to do, before any work starts.

Every number has a range that no honest use leaves (the README lists them): beyond it a
run would take hours, write something other than what it reports, or draw nothing legible.
"""

from __future__ import annotations

import contextvars
import errno
import math
import os
import stat
import tempfile
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import fields
from pathlib import Path

from .outputs import check_writable_dir, name_max
from .style import THEMES

# Frames smaller than this cannot show the panel's smallest text at a legible 9 pixels.
MIN_SIZE = (640, 360)
MAX_SIZE = (7680, 4320)
MIN_FPS, MAX_FPS = 1, 120
MAX_GIF_FPS = 50  # GIF delays are hundredths of a second; browsers slow shorter ones down
MIN_GIF_WIDTH, MAX_GIF_WIDTH = 640, 1920
MAX_SECONDS_PER_SHOT = 60.0
MAX_VIDEO_SECONDS = 2 * 60 * 60  # any video, however its length is set
MAX_TRAIN_CYCLES = 10_000_000  # about a minute of training for the XOR network
MAX_SHOWN_CYCLES = 1000
# Outputs that hold every shot: a contact sheet of 400 is 58 rows, a 12,000-pixel PNG of
# about 120 MB in memory (7,000 shots had taken 9 GB, then ffmpeg refused the picture); a
# player of 1,000 is a page of about 45 MB.
MAX_SHEET_SHOTS = 400
MAX_PLAYER_SHOTS = 1000
MAX_LEARNING_RATE = 1000.0  # larger steps only saturate sigmoid neurons at once
MAX_SEED = 2**63 - 1
MIN_DPI, MAX_DPI = 33.3, 400.0  # 33.3: the least that makes 640x360, the smallest frame
MAX_LAYERS = 32  # inputs, hidden layers and outputs
MAX_LAYER_SIZE = 4096
# Synapses between two layers, at most, for --annotate to write every weight on its wire with
# no label over another (measured: 4 x 5 fits at 1280x720 and 1920x1080; 5 x 5 does not).
MOST_ANNOTATED = 20
MOST_WEIGHT_GRIDS = 64  # first hidden neurons whose weight grids fit the panel (8 x 8)
MAX_EPOCHS = 100_000
# Training's work: examples × synapses × epochs. MNIST's 10 epochs through 784-16-16-10 are
# 7.8e9 and take about 10 s here; this much takes about 40 minutes.
MAX_TRAINING_WORK = 2e12
MAX_EPOCH_LEARNING_RATE = 100.0
MAX_BATCH = 1_000_000
MAX_DROPOUT = 0.9


class UsageError(ValueError):
    """The options cannot work; the message says what is wrong and what to do."""


# Messages name an option as its caller writes it: ``--class-names`` on the command line,
# ``class_names`` in Python. The command line sets this while it runs.
COMMAND_LINE = contextvars.ContextVar("command_line", default=False)
STILL_FORMATS = (".png", ".svg", ".pdf")  # what a still is written as


class Placeholder(str):
    """A value to fill in (FILE, MOMENT): written bare in either language."""


def option(name: str, value: object = None) -> str:
    """The option ``name`` (Python's spelling), with ``value`` if given, as the caller writes
    it: ``--loss binary`` and ``--layers 2,4,1`` on the command line, ``loss='binary'`` and
    ``layers=(2, 4, 1)`` in Python."""
    line = COMMAND_LINE.get()
    if value is None:
        return "--" + name.replace("_", "-") if line else name
    if isinstance(value, tuple):  # sizes, "..." for the ones left to the caller
        parts = ["..." if part is Ellipsis else str(part) for part in value]
        shown = ",".join(parts) if line else f"({', '.join(parts)})"
    else:
        shown = str(value) if line or isinstance(value, Placeholder) else repr(value)
    return f"--{name.replace('_', '-')} {shown}" if line else f"{name}={shown}"


def unknown_options(options: dict, known: list[str]) -> UsageError:
    """The refusal of keywords no call takes, with the nearest known name of each ("widht":
    did you mean width?). Python's TypeError had named a function the caller never called."""
    import difflib  # only for a mistake

    near = [difflib.get_close_matches(name, known, n=1) for name in sorted(options)]
    hint = "; ".join(f"did you mean {match[0]}?" for match in near if match)
    return UsageError(f"unknown option{'s' if len(options) > 1 else ''}: {', '.join(sorted(options))}"
                      + (f" ({hint})" if hint else ""))


def plain(value: object) -> object:
    """A numpy scalar (np.int64(2), np.float32(29.97), np.True_), or an array of no
    dimensions (np.array(3)), as Python's own; anything else as it is."""
    import numpy as np

    scalar = isinstance(value, np.generic) or (isinstance(value, np.ndarray) and value.ndim == 0)
    return value.item() if scalar else value


def python_numbers(settings: object) -> None:
    """numpy's scalars in a frozen dataclass (np.int64(2), np.float32(29.97), a size read from
    an array) made Python's numbers: they are checked as numbers and written to JSON as they are."""
    import numpy as np

    for field in fields(settings):
        value = getattr(settings, field.name)
        if isinstance(value, np.ndarray) and value.ndim == 1:
            value = tuple(value.tolist())
        if isinstance(value, (list, tuple)):
            value = tuple(plain(v) for v in value)
        object.__setattr__(settings, field.name, plain(value))


def file_path(value: object, what: str) -> Path:
    """``value`` as a path: a string or a path object (the API's callers pass either), never a
    number or None taken for a file's name. A leading ``~`` is the home folder, as in a shell
    (the README's own examples pass ``"~/mnist"``)."""
    if isinstance(value, (str, os.PathLike)) and not isinstance(value, bytes):
        if not os.fspath(value).strip():  # Path("") is the current folder: not what anyone means
            raise UsageError(f"{what} is an empty path; give a file's name")
        if "\x00" in os.fspath(value):  # no file has it in its name; the system refuses it
            raise UsageError(f"{what} {os.fspath(value)!r} holds a NUL character, which no file's name can")
        try:
            return Path(value).expanduser()
        except RuntimeError:  # ~someone who is not a user here: a name like any other
            return Path(value)
    raise UsageError(f"{what} is a file's path (a string or a Path), not {value!r}")


def switches(settings: object) -> None:
    """Every ``bool`` field of a dataclass of settings is True or False: ``bias="no"`` is not
    taken for yes, nor ``smooth=2`` for on."""
    for field in fields(settings):
        value = getattr(settings, field.name)
        numpy_bool = type(value).__module__ == "numpy" and type(value).__name__ in ("bool", "bool_")
        if field.type == "bool" and not (isinstance(value, bool) or numpy_bool):
            raise UsageError(f"{field.name} is True or False, not {value!r}")


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def finite_number(value: object) -> bool:
    """A Python number that is not NaN or infinite (a whole number of any size is finite:
    one beyond a float's range had raised OverflowError when checked as a float)."""
    return _is_number(value) and (isinstance(value, int) or math.isfinite(value))


def quoted(value: object, whole: bool = False) -> str:
    """``value`` as a message quotes it: a whole number of hundreds of digits by its size, a
    float that is whole as typed ("--noise -1" is not -1.0), except where a whole number is
    asked for (seed=5.0 is refused for its type: "not 5" had contradicted the refusal)."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**21:
        return f"a number of {len(str(abs(value))):,} digits"
    if isinstance(value, float) and type(value).__repr__ is not float.__repr__:
        return repr(value)  # a number that says itself as written (1e-400, read as 0)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16 and not whole:
        return str(int(value))
    return repr(value)


def positive(name: str, value: object) -> None:
    if not (finite_number(value) and value > 0):
        raise UsageError(f"{name} must be a positive number, not {quoted(value)}")


def range_problem(name: str, value: object, low: float, high: float, unit: str = "", *,
                  whole: bool = False) -> str | None:
    """What is wrong with ``value`` as a (whole) number from ``low`` to ``high``; None if nothing."""
    ok = finite_number(value) and low <= value <= high
    if ok and whole and not isinstance(value, int):
        ok = False
    if ok:
        return None
    kind = "a whole number" if whole else "a number"
    span = f"{low:,} to {high:,}" if whole else f"{low:,g} to {high:,g}"
    return f"{name} must be {kind} from {span}{unit}, not {quoted(value, whole)}"


def within(name: str, value: object, low: float, high: float, unit: str = "", *, whole: bool = False) -> None:
    """``value`` is a (whole) number from ``low`` to ``high``."""
    problem = range_problem(name, value, low, high, unit, whole=whole)
    if problem is not None:
        raise UsageError(problem)


def frame_rate(fps: object, gif: bool = False) -> None:
    high = MAX_GIF_FPS if gif else MAX_FPS
    within("the frame rate" + (" of a GIF" if gif else ""), fps, MIN_FPS, high, " fps")


def output_file(path: Path, what: str, extensions: tuple[str, ...] | None = None) -> None:
    """An output can be written at ``path``: a file name (of an accepted kind, not too long)
    in a folder that exists and can be written."""
    if extensions and path.suffix.lower() not in extensions:
        suffix = f"the extension {path.suffix!r}" if path.suffix else "no extension"
        raise UsageError(
            f"{what} {str(path)!r} has {suffix}; use one of: {', '.join(extensions)}"
        )
    _name_length(path, what)
    status = stat_of(path, what)
    if status is not None and stat.S_ISDIR(status.st_mode):
        raise UsageError(f"{what} {str(path)!r} is a folder; give a file name inside it")
    if status is not None and not stat.S_ISREG(status.st_mode):
        raise UsageError(f"{what} {str(path)!r} is not a regular file (a pipe or a device); give a file name")
    # A symbolic link is written through: the file it points at must have a folder.
    folder(Path(os.path.realpath(path)).parent if path.is_symlink() else path.parent, what)


def _name_length(path: Path, what: str) -> None:
    try:
        parent = path.parent if path.parent.is_dir() else Path(".")
    except OSError:  # a path the system refuses to look up: stat_of says why
        parent = Path(".")
    limit = name_max(parent)
    length = len(os.fsencode(path.name))
    if length > limit:
        raise UsageError(
            f"the name of the {what} is too long ({length} bytes; this folder takes at most "
            f"{limit}); choose a shorter name"
        )


def stat_of(path: Path, what: str) -> os.stat_result | None:
    """``path``'s status (through symlinks), None if nothing is there; a one-line error for a
    path the system refuses to look up (too long, a file where a folder should be, …)."""
    try:
        return path.stat()
    except FileNotFoundError:
        return None
    except OSError as error:
        if error.errno == errno.ENAMETOOLONG:
            raise UsageError(f"the path of the {what} is too long; choose a shorter one") from None
        if error.errno == errno.ENOTDIR:
            raise UsageError(f"the {what} {str(path)!r} is inside a file, not a folder") from None
        if error.errno == errno.ELOOP:
            raise UsageError(f"the {what} {str(path)!r} is a loop of symbolic links") from None
        raise UsageError(f"cannot look at the {what} {str(path)!r} ({error.strerror})") from None


def folder(place: Path, what: str) -> None:
    status = stat_of(place, f"folder for the {what}")
    if status is None or not stat.S_ISDIR(status.st_mode):
        raise UsageError(f"the folder for the {what} {str(place)!r} does not exist; create it first")
    try:
        check_writable_dir(place)
    except OSError as error:
        raise UsageError(
            f"cannot write the {what} in {str(place)!r} ({error.strerror}); choose another folder"
        ) from None


def input_file(path: Path, what: str) -> None:
    """``path`` is a regular file that can be read (not a folder, a pipe, a device)."""
    status = stat_of(path, what)
    if status is None:
        raise UsageError(f"the {what} {str(path)!r} does not exist")
    if stat.S_ISDIR(status.st_mode):
        raise UsageError(f"the {what} {str(path)!r} is a folder; give a file")
    if not stat.S_ISREG(status.st_mode):
        raise UsageError(f"the {what} {str(path)!r} is not a regular file (a pipe or a device); give a file")
    try:
        with open(path, "rb"):
            pass
    except OSError as error:
        raise UsageError(f"cannot read the {what} {str(path)!r} ({error.strerror})") from None


def distinct(inputs: Mapping[str, Path], outputs: Mapping[str, Path]) -> None:
    """No output is an input, and no two outputs are the same file: through symbolic and
    hard links, ``./x`` against an absolute path, and case on a case-insensitive folder. An
    input that is a folder is read for its files: none of them may be an output either
    (a video linked to digits --data's train-images-idx3-ubyte had been written over it)."""
    # A folder's files by their identity on disk, looked up once each (a folder of 100,000
    # files compared pair by pair had taken minutes).
    in_folders = {identity: (role, path) for role, folder in inputs.items()
                  for identity, path in _files_in(folder).items()}
    seen: list[tuple[str, Path]] = []
    for role, path in outputs.items():
        found = in_folders.get(_identity(path))
        read = next(((other_role, other) for other_role, other in inputs.items() if _same_file(path, other)),
                    found)
        if read is not None:
            raise UsageError(f"the {role} {str(path)!r} would overwrite the {read[0]} {str(read[1])!r}; "
                             "write it somewhere else")
        for other_role, other in seen:
            if _same_file(path, other):
                raise UsageError(f"the {role} and the {other_role} are the same file {str(path)!r}; "
                                 "give each its own name")
        seen.append((role, path))


def _identity(path: Path) -> tuple[int, int] | None:
    """The file ``path`` names, through links (None if there is none)."""
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return None
    return status.st_dev, status.st_ino


def _files_in(folder: Path) -> dict[tuple[int, int], Path]:
    """The files directly in ``folder``, by their identity on disk (none if it is not a
    folder, or cannot be listed)."""
    found: dict[tuple[int, int], Path] = {}
    try:
        if not Path(folder).is_dir():
            return found
        with os.scandir(folder) as entries:
            for entry in entries:
                try:
                    if entry.is_file():
                        status = entry.stat()
                        found[status.st_dev, status.st_ino] = Path(entry.path)
                except OSError:  # gone since it was listed, or a broken link
                    continue
    except OSError:
        pass
    return found


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    try:
        ra, rb = a.resolve(), b.resolve()
    except (OSError, RuntimeError):  # a loop of symbolic links: said where the path is checked
        ra, rb = Path(os.path.abspath(a)), Path(os.path.abspath(b))
    if ra == rb:
        return True
    if ra.parent != rb.parent or ra.name.casefold() != rb.name.casefold():
        return False
    # Names that differ only in case (or in Unicode normal form) are one file on macOS's
    # and Windows' usual file systems: ask this folder.
    if unicodedata.normalize("NFC", ra.name).casefold() == unicodedata.normalize("NFC", rb.name).casefold():
        return _ignores_case(ra.parent)
    return False


def _ignores_case(folder: Path) -> bool:
    try:
        with tempfile.NamedTemporaryFile(prefix=".nnviz-case-", dir=folder) as probe:
            name = Path(probe.name)
            return (folder / name.name.upper()).exists()
    except OSError:
        return False


def shown(value: object, most: int = MAX_SHOWN_CYCLES, named: str = "shown") -> None:
    """How many training steps a video shows (cycles, epochs or a recording's steps): named
    by the option the command documents (XOR's ``cycles``, the others' ``shown``), never
    by a word for steps that is not the command's own."""
    within(f"{option(named)} (how many training steps to show)", value, 1, most, whole=True)


def training(seed: object, train_cycles: object, cycles: object, learning_rate: object) -> None:
    within("the seed", seed, 0, MAX_SEED, whole=True)
    within("train cycles", train_cycles, 1, MAX_TRAIN_CYCLES, whole=True)
    if cycles is not None:
        shown(cycles, named="cycles")  # XOR's
        if cycles > train_cycles:
            raise UsageError(
                f"cannot show {cycles} cycles out of {train_cycles} training cycles; "
                "show fewer cycles or train for more"
            )
    learning_rate_in_range(learning_rate, MAX_LEARNING_RATE, " (0.1 to 10 suit this network)")


def learning_rate_in_range(rate: object, most: float, advice: str = "") -> None:
    if not (finite_number(rate) and 0 < rate <= most):
        raise UsageError(f"the learning rate must be a number above 0 and at most {most:g}{advice}, "
                         f"not {quoted(rate)}")


def annotated_fits(sizes: Sequence[int]) -> bool:
    """Whether every weight of layers of ``sizes`` can be written on its wire legibly."""
    return max(a * b for a, b in zip(sizes, sizes[1:])) <= MOST_ANNOTATED


def annotatable(sizes: Sequence[int], remedy: str) -> None:
    """--annotate writes every weight on its wire: refused for layers with more synapses
    between them than fit legibly, or a network drawn in part (``remedy``: what to do
    instead): a 1-20-1 network had had 28 of its 40 weights left out with its summarised
    neurons, and its numbers set beside the wrong ones."""
    from .layout import MOST_LAYERS, MOST_NEURONS

    pairs = [a * b for a, b in zip(sizes, sizes[1:])]
    if not annotated_fits(sizes):
        layer = pairs.index(max(pairs))
        raise UsageError(
            f"{option('annotate')} writes every weight on its wire: it is for small networks, at most "
            f"{MOST_ANNOTATED} synapses between two layers (such as 2,4,4,1), and this one has "
            f"{max(pairs):,} between layers {layer + 1} and {layer + 2}; {remedy}"
        )
    most_neurons, most_layers = MOST_NEURONS[False], MOST_LAYERS[False]
    if max(sizes) > most_neurons or len(sizes) > most_layers:
        raise UsageError(
            f"{option('annotate')} writes every weight on its wire, so every neuron must be drawn: at most "
            f"{most_neurons} neurons a layer and {most_layers} layers, and this network's are "
            f"{'-'.join(f'{n:,}' for n in sizes)}; {remedy}")


def theme_named(theme: object) -> object:
    """A theme's name as given in any case ("Light" is light, as "ReLU" is relu); anything
    else as it is, for :func:`theme` to refuse."""
    return theme.lower() if isinstance(theme, str) else theme


def theme(theme: object) -> str:
    """The theme's name (see :func:`theme_named`); a UsageError if there is no such theme."""
    name = theme_named(theme)
    if name not in THEMES:
        raise UsageError(f"theme must be one of {', '.join(THEMES)}, not {theme!r}")
    return name


DEFAULT_SIZE = (1920, 1080)


def sixteen_nine(w: object, h: object) -> tuple[object, object]:
    """The frame's width and height where the caller may give one side, or neither: the
    other follows at 16:9 (rounded to an even number), or 1920x1080. ``width=1280`` alone
    had made a 1280x1080 video of background bands. Anything else is left for :func:`size`."""
    whole = lambda v: isinstance(v, int) and not isinstance(v, bool) and v > 0  # noqa: E731
    if w is None and h is None:
        return DEFAULT_SIZE
    if h is None and whole(w):  # in whole numbers: a width of 10**30 is no float's
        return w, (w * 9 + 16) // 32 * 2
    if w is None and whole(h):
        return (h * 16 + 9) // 18 * 2, h
    return (DEFAULT_SIZE[0] if w is None else w), (DEFAULT_SIZE[1] if h is None else h)


def size(w: object, h: object) -> None:
    if not (isinstance(w, int) and isinstance(h, int)) or isinstance(w, bool) or isinstance(h, bool):
        raise UsageError(f"size must be whole numbers of pixels, not {w!r}x{h!r}")
    if w < MIN_SIZE[0] or h < MIN_SIZE[1] or w > MAX_SIZE[0] or h > MAX_SIZE[1]:
        # Said per side: "use between 640x360 and 7680x4320" read as a range of landscape
        # frames only, and left 540x960 unexplained.
        sides = f"{w}x{h}" if max(abs(w), abs(h)) < 10**21 else f"{quoted(w)} by {quoted(h)}"
        raise UsageError(
            f"size {sides} is out of range: {MIN_SIZE[0]} to {MAX_SIZE[0]} pixels wide and "
            f"{MIN_SIZE[1]} to {MAX_SIZE[1]} high, in any shape"
        )
    if w % 2 or h % 2:
        raise UsageError(f"size {w}x{h} must have an even width and height (a video's frames must, "
                         "and stills share their sizes), e.g. 1920x1080")
