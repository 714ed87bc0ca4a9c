"""The user's own table: a CSV file with a header, or a .npz with arrays ``x`` and ``y``.

Every row is an example: numbers for the inputs and a class for the label. Inputs are
standardised with the training rows' mean and standard deviation (kept as the data set's
``Scaling``); classes may be names or whole numbers.

Reading streams the file through numpy's C parser, so a 100 MB CSV costs about its array of
numbers in memory, not a Python object per cell. Only when that parser stops at a problem is
the file walked again, row by row, to say which line and column are wrong.
"""

from __future__ import annotations

import codecs
import csv
import math
import re
import warnings
import zipfile
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn, TextIO

import numpy as np

from ..checks import MAX_SEED, Placeholder, option
from ..npz_sizes import declared_shapes
from ..style import beyond_the_map
from ..words import undrawable
from .dataset import Dataset, Scaling
from .errors import DataError, within
from .split import MAX_TEST_FRACTION, MIN_TEST_FRACTION, split

DEFAULT_TEST_FRACTION = 0.2
# A legend and an output layer of more classes cannot be read in a frame; a column with more
# distinct labels is more likely a measurement than a class.
MAX_CLASSES = 50
# A table's inputs, at most (rows times inputs): MNIST's 70,000 pictures of 784 pixels are
# 5.5e7. Checked on an .npz array's header, before unpacking what could be gigabytes of zeros,
# and on a CSV's lines, before parsing what would take minutes and more memory than it holds.
MAX_TABLE_VALUES = 10**8
# A CSV value takes at least two bytes (a digit, and its delimiter or line end), so a file of
# fewer bytes than twice the limit cannot hold too many: only larger files are counted.
LEAST_BYTES_PER_VALUE = 2
COUNTING_CHUNK = 1 << 24  # bytes read at a time while counting a large CSV's lines
DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}
HEAD_BYTES = 64 * 1024  # read first, to tell a text file from an archive or binary data
MOST_HEADER_LINES = 20  # lines one header may run over, where a quoted name holds line breaks
ZIP_MAGIC, NPY_MAGIC = b"PK\x03\x04", b"\x93NUMPY"
# Distinct spellings of labels read before giving up ("1" and "1.0" are one class, two spellings).
MAX_SPELLINGS = 10_000
# How tables write a missing value (pandas' spellings of one). Among labels that are numbers
# they are no class (0, 1 and "NA": a row without its class); among names they may be one
# ("None" beside "Mild", "NA" for North America), kept and noted.
MISSING_LABELS = frozenset({"#N/A", "#N/A N/A", "#NA", "-NaN", "-nan", "<NA>", "N/A", "NA", "NULL", "NaN",
                            "None", "n/a", "nan", "null"})
# Numbers that are not numbers to a parser, for which a message has a hint.
THOUSANDS = re.compile(r"[-+]?\d{1,3}([,' ]\d{3})+(\.\d+)?")  # "3,367", "1 200 000"
THOUSANDS_MARK = re.compile(r"[,' ]")
PERCENT = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)\s*%")  # "85%", "12.5 %"
# "2012-01-01", "01/02/2012", "1.2.2012", "12:30" (and with a time after), not "1/2", "3-4",
# "1.5 cm" (which had been called dates).
DATE_OR_TIME = re.compile(r"(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{1,2}:\d{2})([T ]|:|$)")
SPREADSHEETS = (".xlsx", ".xls", ".xlsm", ".ods", ".numbers")
SHOWN_COLUMNS = 12  # column names listed in a message, at most
# Column names that say they hold labels (compared ignoring case and surrounding spaces).
# ("y" is not one: beside "x" it is a coordinate.)
LABEL_NAMES = frozenset({"label", "labels", "target", "targets", "class", "classes", "category", "outcome"})
# The largest input taken, in size: standardising squares the values, and a larger one would
# overflow to infinity (and every number drawn from it with it).
LARGEST_INPUT = 1e100
TINY_SPREAD = 1e-100  # below it a column's spread is measured again, scaled, in case its squares underflowed


@dataclass(frozen=True)
class _Table:
    """A file's examples before the split: raw inputs and class numbers."""

    inputs: np.ndarray  # (n, d) floats, as written
    classes: np.ndarray  # (n,) class numbers 0 to k - 1
    class_names: tuple[str, ...]
    input_names: tuple[str, ...]
    label: str  # where the labels are, for messages: "column 'species'", or "y" in an .npz
    # Taken as the last column (no label named), and the other columns named like labels:
    # the table may hold its labels elsewhere ("label" first, as Kaggle's MNIST has it).
    defaulted: bool = False
    named_like_labels: tuple[str, ...] = ()


def load_table(
    path: str | Path,
    *,
    label: str | None = None,
    test_fraction: float = DEFAULT_TEST_FRACTION,
    seed: int = 0,
) -> Dataset:
    """The examples of a CSV or .npz file, split into training and test rows.

    - ``path``: a CSV file with a header line naming the columns, comma-, semicolon- or
      tab-separated (whichever separates the header), UTF-8 with or without a byte-order
      mark, fields optionally in double quotes; or a .npz archive (``numpy.savez``) with
      ``x``, (n, d) numbers, and ``y``, (n,) labels: whole numbers or strings. The format is
      read from the file's first bytes, not its name.
    - ``label``: the CSV column holding the classes; the last column when None. Every other
      column is an input and must hold finite numbers in every row. Not for an .npz.
    - ``test_fraction``: the share of each class kept for testing, 0.1 to 0.9 (0.2); each
      class keeps at least one example on each side, so needs at least two.
    - ``seed``: 0 to 2⁶³ − 1; the split and the order of the rows come from
      ``numpy.random.default_rng(seed)``.

    Classes are 2 to 50. Labels that are all numbers must be whole and are named and ordered
    by value ("2" before "10"); otherwise labels are names, ordered alphabetically (ignoring
    case). Two classes give one target column of 0 and 1 (1 for the second class); more give
    one-hot columns. Inputs are standardised column by column with the training rows' mean
    and standard deviation (a constant column: scale 1), and ``scaling`` holds both, to apply
    to new rows. ``kind`` is "points" for exactly two inputs, else "tabular".

    Anything wrong with the file is a DataError of one line naming it (and the line and
    column of a CSV where that helps).
    """
    path = Path(path)
    source = f"the data file {str(path)!r}"
    within("the test fraction", test_fraction, MIN_TEST_FRACTION, MAX_TEST_FRACTION)
    within("the seed", seed, 0, MAX_SEED, whole=True)
    head = _head(path, source)
    if head.startswith(ZIP_MAGIC) and path.suffix.lower() not in SPREADSHEETS:
        table = _read_npz(path, source, label)
    else:
        _refuse_other_formats(path, head, source)
        table = _read_csv(path, source, label)
    return _dataset(path.stem, table, test_fraction, seed, source)


# --- the file -------------------------------------------------------------------------


def _head(path: Path, source: str) -> bytes:
    """The file's first bytes, once it is known to be a regular, readable, non-empty file."""
    try:
        if not path.exists():
            raise DataError(f"{source} does not exist; check its name and folder")
        if path.is_dir():
            raise DataError(f"{source} is a folder; give a CSV or .npz file")
        if not path.is_file():
            raise DataError(f"{source} is not a regular file (a pipe or a device); give a CSV or .npz file")
        with open(path, "rb") as file:
            head = file.read(HEAD_BYTES)
    except OSError as error:
        raise DataError(f"cannot read {source} ({error.strerror}); check its name and permissions") from None
    if not head:
        raise DataError(f"{source} is empty; it needs a header line and a row per example")
    return head


def _refuse_other_formats(path: Path, head: bytes, source: str) -> None:
    """A CSV must be UTF-8 text: say what else the file is, where that can be told."""
    if path.suffix.lower() in SPREADSHEETS:
        raise DataError(f"{source} is a spreadsheet; save it as CSV (UTF-8) or .npz")
    if head.startswith(NPY_MAGIC):
        raise DataError(f"{source} is a single .npy array; save inputs and labels together with "
                        "numpy.savez(FILE, x=inputs, y=labels)")
    if path.suffix.lower() == ".npz":
        raise DataError(f"{source} is not a .npz archive (numpy.savez writes one); give a .npz or a CSV")
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):  # before UTF-16's, its prefix
        raise DataError(f"{source} is UTF-32 text; save it as UTF-8 (in a spreadsheet: CSV UTF-8)")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise DataError(f"{source} is UTF-16 text; save it as UTF-8 (in a spreadsheet: CSV UTF-8)")
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError as error:
        if _eight_bit_text(head):  # a spreadsheet's "CSV" in Windows' or Latin-1's letters
            line = head[: error.start].count(b"\n") + 1
            letter = head[error.start : error.start + 1].decode("cp1252")
            raise DataError(f"{source} is text, but not UTF-8: line {line} writes {letter!r} as Windows "
                            "or Latin-1 text does; save it as UTF-8 (in a spreadsheet: CSV UTF-8)") from None
        raise DataError(f"{source} is neither a CSV (UTF-8 text) nor a .npz; give one of those") from None
    if b"\0" in head:
        raise DataError(f"{source} holds binary data, not CSV text; give a CSV or a .npz file")


def _eight_bit_text(head: bytes) -> bool:
    """Whether ``head`` reads as text in Windows' Western letters (cp1252, Latin-1's letters
    and more): lines of printable characters with a comma, semicolon or tab among them."""
    text = head.decode("cp1252", errors="replace")
    if "\ufffd" in text or "\0" in text:
        return False
    printable = all(c.isprintable() or c in "\t\r\n" for c in text)
    return printable and "\n" in text and any(d in text for d in ",;\t")


# --- CSV ------------------------------------------------------------------------------


class _Spellings:
    """The label column's converter for numpy: each distinct spelling of a label gets a
    number, in order of first appearance (one dictionary look-up per row)."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def __call__(self, text: str) -> float:
        spelling = text.strip()
        number = self.numbers.get(spelling)
        if number is None:
            if len(self.numbers) >= MAX_SPELLINGS:
                raise ValueError("too many distinct labels")  # numpy stops; _raise_first_problem says why
            number = self.numbers[spelling] = len(self.numbers)
        return number

    @property
    def full(self) -> bool:
        return len(self.numbers) >= MAX_SPELLINGS


def _read_csv(path: Path, source: str, label: str | None) -> _Table:
    try:
        with open(path, encoding="utf-8-sig", newline="") as file:
            first = _first_line(file, source)
            hint = first.rstrip("\r\n")
            if re.fullmatch(r'"?sep=."?', hint, re.IGNORECASE):  # a spreadsheet's hint to itself (quoted too)
                raise DataError(f"{source} starts with a spreadsheet's {hint!r} line; remove that line, so "
                                "that the header comes first")
            delimiter = _delimiter(first, source)
            file.seek(0)
            names = _header(file, delimiter, label is None, source)
            label_index = _label_index(names, label, source)
            _refuse_too_many_values(path, len(names) - 1, source)
            body = file.tell()
            values = _numbers(file, delimiter, {})  # labels that are numbers, at full speed
            spellings = _Spellings()
            # Labels of 2**53 and beyond, read as floats, may have run together (…992 and
            # …993 are one float): read by their spellings, they are told apart exactly.
            if values is None or (len(values) and values.shape[1:] == (len(names),)
                                  and (np.abs(values[:, label_index]) >= 2.0**53).any()):
                file.seek(body)
                values = _numbers(file, delimiter, {label_index: spellings})
    except UnicodeDecodeError:
        raise DataError(f"{source} is not UTF-8 text throughout; save it as UTF-8 (in a spreadsheet: "
                        "CSV UTF-8)") from None
    except csv.Error as error:
        raise DataError(f"{source} cannot be read as CSV ({error}); check its quotes") from None
    except OSError as error:
        raise DataError(f"cannot read {source} ({error.strerror})") from None
    if (values is None or values.shape[1:] != (len(names),) or "" in spellings.numbers
            or (_numbered(spellings.numbers) and not MISSING_LABELS.isdisjoint(spellings.numbers))
            or (not spellings.numbers and np.isnan(values[:, label_index]).any())):
        _raise_first_problem(path, delimiter, names, label_index, source, spellings, values)
    if len(values) == 0:
        raise DataError(f"{source} has a header but no rows; add a row per example")
    _data_taken_for_header(names, label_index, spellings, delimiter, source)
    _unclosed_quote(path, delimiter, label_index, spellings, source)
    inputs = np.delete(values, label_index, axis=1)
    if names[0] == "column 1" and label_index != 0 and len(inputs) > 2 and (
            np.array_equal(inputs[:, 0], np.arange(len(inputs)))
            or np.array_equal(inputs[:, 0], np.arange(1, len(inputs) + 1))):
        # An index saved with the table (pandas' to_csv): trained on, the row's number is a
        # clue to its class in a table sorted by class.
        raise DataError(f"{source} has a first column with no name that counts the rows "
                        f"({inputs[0, 0]:g}, {inputs[1, 0]:g}, {inputs[2, 0]:g}, …): an index saved with "
                        "the table? Save it without (pandas: to_csv(..., index=False)), or remove the column")
    if not np.isfinite(inputs).all():
        _raise_first_problem(path, delimiter, names, label_index, source, spellings, None)
    like = _named_like_labels(names, label_index) if label is None else ()
    column = values[:, label_index]
    try:
        if spellings.numbers:
            _printable_labels(path, delimiter, label_index, list(spellings.numbers), source)
            class_names, numbers = _classes_of(list(spellings.numbers), _column(names[label_index]), source)
            classes = numbers[column.astype(int)]
        else:
            class_names, classes = _classes_of_array(column, _column(names[label_index]), source)
    except DataError as error:  # labels that are no classes ("not whole"): in another column?
        taken = _last_taken(names[label_index]) if label is None and not like else ""
        raise DataError(str(error) + (_elsewhere(like) or taken)) from None
    input_names = tuple(name for index, name in enumerate(names) if index != label_index)
    return _Table(inputs, classes, class_names, input_names, _column(names[label_index]), label is None, like)


def _unprinted(text: str) -> str | None:
    """The first character of ``text`` that no font draws and no space stands for (a NUL, an
    escape), or None. Line breaks and tabs are drawn as spaces."""
    return next((c for c in text if undrawable(c) and not c.isspace()), None)


def _printable_labels(path: Path, delimiter: str, label_index: int, spellings: list[str],
                      source: str) -> None:
    """A label holding a character no font draws, said with its line: it had been a class
    drawn with a box in its name (a NUL past the first 64 kB, which are read as text first)."""
    bad = next((spelling for spelling in spellings if _unprinted(spelling)), None)
    if bad is None:
        return
    line = next((line for line, row in _rows(path, delimiter)
                 if len(row) > label_index and row[label_index].strip() == bad), None)
    where = "" if line is None else f" on line {line}"
    character = ord(_unprinted(bad) or " ")
    raise DataError(f"{source} has a label{where} holding the control character U+{character:04X}; labels "
                    "are printable text: remove the character")


def _named_like_labels(names: tuple[str, ...], label_index: int) -> tuple[str, ...]:
    """The other columns named like labels, where the one taken is not ("class" first, the
    label taken last); none where the one taken says it holds them."""
    if _like_labels(names[label_index]):
        return ()
    return tuple(name for k, name in enumerate(names) if k != label_index and _like_labels(name))


def _like_labels(name: str) -> bool:
    return name.strip().casefold() in LABEL_NAMES


def _refuse_too_many_values(path: Path, inputs: int, source: str) -> None:
    """Refuse a CSV whose rows after the header, times its inputs, exceed the limit (counted
    on the bytes, before numpy parses anything)."""
    if path.stat().st_size < LEAST_BYTES_PER_VALUE * MAX_TABLE_VALUES:
        return
    rows = _rows_counted(path) - 1  # the header's line is not a row
    if rows * max(inputs, 1) > MAX_TABLE_VALUES:
        raise DataError(f"{source} has {rows:,} rows of {inputs:,} inputs after its header; a table holds "
                        f"at most {MAX_TABLE_VALUES:,} input values (rows times inputs): use a sample of its "
                        "rows")


def _rows_counted(path: Path) -> int:
    """The lines of ``path`` that are not empty, ended by a line feed, or by a carriage return
    alone where the file has no line feed (which csv reads as lines too: such a file had been
    counted as one line, and parsed for minutes). Empty lines, which the reader skips, are
    not rows (a table with one after every row had been counted twice over)."""
    rows, previous = 0, -1  # previous: the last line end's position in the file
    offset, last = 0, b""
    with open(path, "rb") as raw:
        head = raw.read(HEAD_BYTES)
        end = b"\n" if b"\n" in head or b"\r" not in head else b"\r"
        raw.seek(0)
        while chunk := raw.read(COUNTING_CHUNK):
            data = np.frombuffer(chunk, dtype=np.uint8)
            ends = np.flatnonzero(data == end[0]) + offset
            starts = np.concatenate([[previous], ends[:-1]]) if len(ends) else np.empty(0, dtype=np.int64)
            length = ends - starts - 1
            if end == b"\n" and len(ends):  # "\r\n": the carriage return is not content
                before = ends - offset - 1
                inside = before >= 0
                crlf = np.zeros(len(ends), dtype=bool)
                crlf[inside] = data[before[inside]] == 13
                crlf[~inside] = last == b"\r"
                length = length - crlf
            rows += int(np.count_nonzero(length > 0))
            if len(ends):
                previous = int(ends[-1])
            offset += len(chunk)
            last = chunk[-1:]
    return rows + (offset - 1 > previous)  # a last line without its end


def _column(name: str) -> str:
    return f"column {name!r}"


def _first_line(file: TextIO, source: str) -> str:
    """The first line that is not blank, with the lines after it that a quoted name carries
    on to (a spreadsheet cell of two lines: the header had been read as its first half)."""
    for line in file:
        if line.strip():
            for _ in range(MOST_HEADER_LINES):
                if not _quote_open(line):
                    break
                more = file.readline()
                if not more:
                    break
                line += more
            if _quote_open(line):  # had been read as a header of one long name, and no rows
                raise DataError(f"{source} has a quote in its header that is not closed within "
                                f"{MOST_HEADER_LINES} lines: close it, or remove it")
            return line
    raise DataError(f"{source} holds only blank lines; it needs a header line and a row per example")


def _quote_open(line: str) -> bool:
    """Whether ``line`` ends inside a quoted field, as csv reads quotes: a quote opens a
    field only at its start (after a comma, semicolon or tab), and "" inside one is a quote.
    A quote within a name ('screen 5"') opens nothing."""
    inside, start = False, True
    i = 0
    while i < len(line):
        c = line[i]
        if inside:
            if c == '"':
                if line[i + 1 : i + 2] == '"':
                    i += 1
                else:
                    inside = False
        elif c == '"' and start:
            inside = True
        start = not inside and c in DELIMITERS
        i += 1
    return inside


def _delimiter(first: str, source: str) -> str:
    """The separator that splits the header into the most columns."""
    counts = {delimiter: _fields(first, delimiter) for delimiter in DELIMITERS}
    delimiter = max(counts, key=counts.get)  # the first of equals: a comma
    if counts[delimiter] < 2:
        raise DataError(
            f"{source} has a single column (its first line has no comma, semicolon or tab); it needs "
            "input columns and a label column, and a header line naming them"
        )
    return delimiter


def _fields(line: str, delimiter: str) -> int:
    """How many fields ``delimiter`` splits ``line`` into (1 where csv finds a field longer
    than it reads: the header of 15,000 columns, not split by a separator it does not use)."""
    try:
        return len(next(csv.reader([line], delimiter=delimiter)))
    except csv.Error:
        return 1


def _header(file: TextIO, delimiter: str, label_last: bool, source: str) -> tuple[str, ...]:
    """The column names ("column 3" for one without), read from the first line that is not
    blank; ``file`` is left at the first row after it."""
    reader = csv.reader(iter(file.readline, ""), delimiter=delimiter)
    header = next((row for row in reader if "".join(row).strip() or len(row) > 1), [])
    if header and not any(cell.strip() for cell in header):  # ",,": a header of no names
        raise DataError(f"{source} has a header line of no names (only {DELIMITERS[delimiter]}s); name the "
                        f"columns, such as {_header_like(tuple(header), delimiter)}")
    if label_last and not header[-1].strip():
        # Spreadsheets often end every line with a separator, leaving an empty last column.
        raise DataError(
            f"{source} has a header whose last column, the label, has no name (a {DELIMITERS[delimiter]} "
            f"at the end of the line?); name the label column, or remove the {DELIMITERS[delimiter]}s at "
            "the ends of the lines"
        )
    # A name written on two lines is said on one (the picture and the summary are lines).
    names = tuple(" ".join(cell.splitlines()).strip() or f"column {number}"
                  for number, cell in enumerate(header, 1))
    unprinted = next((name for name in names if _unprinted(name)), None)
    if unprinted is not None:  # drawn as a box in the picture
        character = ord(_unprinted(unprinted) or " ")
        raise DataError(f"{source} has a column name holding the control character U+{character:04X} "
                        f"(column {names.index(unprinted) + 1}); names are printable text: remove the "
                        "character")
    counts = Counter(names)  # counted once: 150,000 columns had taken minutes, name by name
    twice = next((name for name in names if counts[name] > 1), None)
    if twice is not None:  # inputs told apart by name in the picture and the summary
        many = "two" if counts[twice] == 2 else f"{counts[twice]:,}"  # "two" had been said of three
        raise DataError(f"{source} has {many} columns named {twice!r}; give each column its own name")
    if all(parsed_number(cell) is not None for cell in header):
        raise DataError(
            f"{source} starts with numbers, not a header: add a first line naming the columns, such as "
            f"{_header_like(names, delimiter)}"
        )
    return names


def _data_taken_for_header(names: tuple[str, ...], label_index: int, spellings: _Spellings,
                           delimiter: str, source: str) -> None:
    """A file without a header whose labels are words: its first row would be read as the
    header (its numbers named as inputs, an example lost). Numbers wherever inputs are named,
    and a label column named as one of its own labels, is a row of data."""
    inputs = [name for index, name in enumerate(names) if index != label_index]
    if names[label_index] in spellings.numbers and all(parsed_number(name) is not None for name in inputs):
        raise DataError(
            f"{source} starts with a row of data, not a header (numbers, and {names[label_index]!r}, one "
            f"of its labels): add a first line naming the columns, such as {_header_like(names, delimiter)}"
        )


def _header_like(names: tuple[str, ...], delimiter: str) -> str:
    """A header line for a table of these columns, the label last: "x1,x2,label"."""
    return delimiter.join([*(f"x{i}" for i in range(1, len(names))), "label"])


def _label_index(names: tuple[str, ...], label: str | None, source: str) -> int:
    if label is None:
        return len(names) - 1
    found = [index for index, name in enumerate(names) if name == label]
    if not found:
        raise DataError(f"{source} has no column {label!r}; its columns are: {_listed(names)}")
    return found[0]  # one: the header's names are told apart


def _listed(names: Sequence[str]) -> str:
    shown = ", ".join(names[:SHOWN_COLUMNS])
    return shown + (f", … ({len(names)} in all)" if len(names) > SHOWN_COLUMNS else "")


def _numbers(file: TextIO, delimiter: str, converters: dict[int, _Spellings]) -> np.ndarray | None:
    """The rest of ``file`` as an array of numbers (the label column, given a converter, as
    the numbers of its spellings); None where numpy's parser stops (a ragged row, a word
    among numbers, an empty cell)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # numpy warns of an empty body; we say so in words
            # Lines of spaces alone (a last line a spreadsheet left) are blank lines too: read
            # past on the second reading, the first being numpy's at full speed.
            lines = (line for line in file if not line.isspace()) if converters else file
            return np.loadtxt(lines, dtype=float, delimiter=delimiter, comments=None, quotechar='"',
                              ndmin=2, converters=converters)
    except UnicodeDecodeError:  # a ValueError too, but about the whole file: _read_csv says so
        raise
    except ValueError:
        return None


def _raise_first_problem(path: Path, delimiter: str, names: tuple[str, ...], label_index: int,
                         source: str, spellings: _Spellings, values: np.ndarray | None) -> NoReturn:
    """Walk the file again, row by row, and raise the first problem, with its line."""
    if spellings.full:
        _classes_of(list(spellings.numbers), _column(names[label_index]), source)  # says what is wrong
    try:
        for count, (line, row) in enumerate(_rows(path, delimiter)):
            problem = _row_problem(row, line, names, label_index, delimiter, _numbered(spellings.numbers),
                                   first=count == 0)
            if problem:
                raise DataError(f"{source} {problem}")
    except (UnicodeDecodeError, csv.Error):
        pass
    if values is not None and len(values) == 0:
        raise DataError(f"{source} has a header but no rows; add a row per example")
    raise DataError(f"{source} cannot be read as a table of numbers; check it has the same columns in "
                    "every row, numbers for inputs and a label in every row")


def _rows(path: Path, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """The data rows after the header, each with the line it starts on; empty lines are
    skipped, as numpy's parser skips them."""
    with open(path, encoding="utf-8-sig", newline="") as file:
        reader = csv.reader(file, delimiter=delimiter)
        header_seen = False
        end = 0
        for row in reader:
            start, end = end + 1, reader.line_num
            if not header_seen:
                header_seen = any(cell.strip() for cell in row)
            elif row and not (len(row) == 1 and row[0].isspace()):
                yield start, row


def _unclosed_quote(path: Path, delimiter: str, label_index: int, spellings: _Spellings,
                    source: str) -> None:
    """A quote never closed runs its label on through every row after it, to the end of the
    file: it had been a class of one example named by a thousand characters of them. Said so
    when the last row's label runs over lines that are rows (holding the separator); a quoted
    label may hold line breaks ("small\nblue, light"), closed before the end."""
    def rows_within(label: str) -> bool:
        return any(delimiter in part for part in label.splitlines()[1:])

    if not any(rows_within(spelling) for spelling in spellings.numbers):
        return  # (the file is read again only for a label that may be one)
    last = deque(_rows(path, delimiter), maxlen=1)
    if not last or label_index >= len(last[0][1]):
        return
    line, row = last[0]
    label = row[label_index].strip()
    if rows_within(label):
        raise DataError(f"{source} has a label on line {line:,} that runs over {len(label.splitlines()):,} "
                        "lines, to the end of the file: a quote that is never closed? Close it, or remove it")


def _numbered(spellings: Iterable[str]) -> bool:
    """Whether labels of these spellings are numbers, a missing value's spellings aside."""
    return all(parsed_number(spelling) is not None
               for spelling in spellings if spelling not in MISSING_LABELS)


def _row_problem(row: list[str], line: int, names: tuple[str, ...], label_index: int,
                 delimiter: str, numbered: bool = False, first: bool = True) -> str | None:
    """The problem of one row, or None. ``numbered``: the labels are numbers, among which a
    missing value's spelling or any of NaN is no label ("Nan" or "NA" among names is a name).
    ``first``: the first row of data (after it, every column has held a number)."""
    if len(row) != len(names):
        return (
            f"has {len(row)} field{'s' if len(row) != 1 else ''} on line {line} but its header names "
            f"{len(names)} columns; give every row one field per column (quote a field that holds a "
            f"{DELIMITERS[delimiter]})"
        )
    for index, (name, cell) in enumerate(zip(names, row)):
        text = cell.strip()
        where = f"on line {line}, column {name!r}"
        if index == label_index:
            value = parsed_number(text) if numbered else None
            nan = value is not None and math.isnan(value)
            if not text or nan or (numbered and text in MISSING_LABELS):
                missing = f" ({text!r} marks a missing value)" if text else ""
                return f"has no label {where}{missing}; give every row its class, or remove the row"
            continue
        if not text:
            return f"has an empty cell {where}; fill it in or remove the row"
        value = parsed_number(text)
        if value is None:
            hint = "; write decimals with a point" if delimiter == ";" and "," in text else ""
            if THOUSANDS.fullmatch(text) and not hint:
                hint = f"; write numbers without thousands separators ({_cut(THOUSANDS_MARK.sub('', text))})"
            elif DATE_OR_TIME.match(text):
                hint = ("; a date or time is not a number: remove the column, or write it as one (such "
                        "as days since the first)")
            elif PERCENT.fullmatch(text):
                number = text.removesuffix("%").strip()
                hint = f"; write a percentage as a number ({number}, or its hundredth)"
            elif (index == 0 or _like_labels(name)) and first and not hint:  # labels first, or named so
                # Only on the first row: a column of numbers until line 61 is no label column.
                hint = f"; if {name!r} is the label column, say so: {option('label', name)}"
            return (f"has {_cut(text)!r} {where}, which is not a number; inputs must be numbers (only the "
                    f"label column may hold names){hint}")
        if not math.isfinite(value):
            if re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", text):  # digits, too many for a float
                return (f"has {_cut(text)!r} {where}; inputs may be at most {LARGEST_INPUT:g} in size: "
                        "rescale that column")
            return f"has {_cut(text)!r} {where}; inputs must be finite numbers: fill in or remove the row"
    return None


def _cut(text: str) -> str:
    """A cell as a message quotes it: a long one (a 400-digit number) by its start and length."""
    return text if len(text) <= 24 else f"{text[:12]}…({len(text)} characters)"


def parsed_number(text: str) -> float | None:
    """``text`` as numpy's parser reads a number (Python's float also takes "1_000", and
    other scripts' digits, "１.5", which numpy refuses: the file had been called unreadable
    with no line named)."""
    if "_" in text or not text.isascii():
        return None
    try:
        return float(text)
    except ValueError:
        return None


# --- .npz -----------------------------------------------------------------------------


def _read_npz(path: Path, source: str, label: str | None) -> _Table:
    if label is not None:
        raise DataError(f"{source} is a .npz, whose labels are its array y; name no label column")
    try:
        shapes = declared_shapes(path)
        x_shape, y_shape = shapes.get("x"), shapes.get("y")
        if x_shape is not None and math.prod(x_shape) > MAX_TABLE_VALUES:
            raise DataError(f"{source} has x of {math.prod(x_shape):,} values; a table holds at most "
                            f"{MAX_TABLE_VALUES:,} (rows times inputs)")
        # Labels are checked against the rows before either is unpacked: a 2 MB file of
        # 2×10⁹ zeros in y had been unpacked (2 GB, 10 s) only to be told it has too many.
        if y_shape is not None and len(y_shape) > 1 and y_shape[1:] != (1,):  # (100, 2×10⁷) of zeros
            raise DataError(_label_shape(source, y_shape))
        if x_shape is not None and len(x_shape) == 2 and y_shape and y_shape[0] != x_shape[0]:
            raise DataError(_label_count(source, x_shape[0], y_shape[0]))
        with np.load(path, allow_pickle=False) as archive:
            missing = [name for name in ("x", "y") if name not in archive.files]
            if missing:
                held = ", ".join(archive.files[:SHOWN_COLUMNS]) or "nothing"
                raise DataError(f"{source} has no array {' or '.join(missing)} (it holds {held}); save "
                                "inputs and labels with numpy.savez(FILE, x=inputs, y=labels)")
            x, y = archive["x"], archive["y"]
    except DataError:
        raise
    except ValueError as error:
        if "allow_pickle" in str(error):
            raise DataError(f"{source} holds Python objects; save x as numbers and y as whole numbers "
                            "or strings") from None
        raise DataError(f"{source} is not a readable .npz ({_one_line(error)})") from None
    except (OSError, EOFError, zipfile.BadZipFile, MemoryError) as error:  # a header may claim anything
        raise DataError(f"{source} is not a readable .npz ({_one_line(error)}); save it again with "
                        "numpy.savez") from None
    inputs = _npz_inputs(x, source)
    labels = _npz_labels(y, len(inputs), source)
    class_names, numbers = _classes_of_array(labels, "y", source)
    return _Table(inputs, numbers, class_names, tuple(f"x{i}" for i in range(1, inputs.shape[1] + 1)), "y")


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


def _label_shape(source: str, shape: tuple[int, ...]) -> str:
    return (f"{source} has y of shape {shape}; it must be one label per example, (examples,)"
            + ("; for one-hot rows use y.argmax(axis=1)" if len(shape) == 2 else ""))


def _label_count(source: str, examples: int, labels: int) -> str:
    return f"{source} has {examples:,} rows in x but {labels:,} labels in y; give one label per row"


def _npz_inputs(x: np.ndarray, source: str) -> np.ndarray:
    if x.ndim != 2:
        fix = ("x.reshape(-1, 1) for a single input" if x.ndim < 2 else
               "x.reshape(len(x), -1), each example's values in one row (an 8×8 picture: 64 inputs)")
        raise DataError(f"{source} has x of shape {x.shape}; it must be (examples, inputs): {fix}")
    if not (np.issubdtype(x.dtype, np.integer) or np.issubdtype(x.dtype, np.floating) or x.dtype == bool):
        raise DataError(f"{source} has x of type {x.dtype}; inputs must be real numbers")
    if len(x) == 0 or x.shape[1] == 0:
        raise DataError(f"{source} has x of shape {x.shape}, no examples or no inputs; add some")
    inputs = x.astype(float)
    bad = ~np.isfinite(inputs)
    if bad.any():
        row, column = (int(i) for i in np.argwhere(bad)[0])
        raise DataError(f"{source} has {inputs[row, column]} at x[{row}, {column}]; inputs must be finite "
                        "numbers: fill in or remove the example")
    return inputs


def _npz_labels(y: np.ndarray, examples: int, source: str) -> np.ndarray:
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if y.ndim != 1:
        raise DataError(_label_shape(source, y.shape))
    if len(y) != examples:
        raise DataError(_label_count(source, examples, len(y)))
    if y.dtype.kind == "S":
        try:
            y = np.char.decode(y, "utf-8")
        except UnicodeDecodeError:
            raise DataError(f"{source} has labels in y that are not UTF-8 text; save them as str") from None
    if y.dtype.kind not in "biufU":
        raise DataError(f"{source} has y of type {y.dtype}; labels must be whole numbers or strings")
    return y


def _classes_of_array(labels: np.ndarray, column: str, source: str) -> tuple[tuple[str, ...], np.ndarray]:
    """Class names and each example's class number, from an array of labels (numbers or
    strings)."""
    if labels.dtype.kind == "U":
        spellings, spelling_of = np.unique(np.char.strip(labels), return_inverse=True)
        if spellings[0] == "":  # sorted first
            raise DataError(f"{source} has an empty label at {column}[{int(np.argmax(spelling_of == 0))}]; "
                            "give every example its class, or remove it")
        missing = [k for k, spelling in enumerate(spellings) if spelling in MISSING_LABELS]
        if missing and _numbered(spellings.tolist()):
            raise DataError(f"{source} has no label at {column}[{int(np.argmax(spelling_of == missing[0]))}] "
                            f"({str(spellings[missing[0]])!r} marks a missing value); give every example its "
                            "class, or remove it")
        if len(spellings) > MAX_SPELLINGS:
            raise _too_many_classes(source, column, len(spellings))
        unprinted = next((k for k, spelling in enumerate(spellings) if _unprinted(str(spelling))), None)
        if unprinted is not None:  # drawn as a box in the picture, as a CSV's would be
            character = ord(_unprinted(str(spellings[unprinted])) or " ")
            row = int(np.argmax(spelling_of == unprinted))
            raise DataError(f"{source} has a label at {column}[{row}] holding the control character "
                            f"U+{character:04X}; labels are printable text: remove the character")
        names, numbers = _classes_of(spellings.tolist(), column, source)
        return names, numbers[spelling_of]
    if labels.dtype.kind == "f":
        # beyond 2**53 a float's whole numbers have gaps, and int64 overflows further on
        not_whole = ~(np.abs(labels) <= 2.0**53) | (labels != np.round(labels))
        if not_whole.any():
            raise _not_whole(source, column, repr(float(labels[not_whole][0])))
    values, numbers = np.unique(labels.astype(np.int64) if labels.dtype.kind == "f" else labels,
                                return_inverse=True)
    return tuple(str(int(value)) for value in values), numbers


# --- classes --------------------------------------------------------------------------


def _classes_of(spellings: list[str], column: str, source: str) -> tuple[tuple[str, ...], np.ndarray]:
    """Class names in their natural order and, for each spelling, its class number.

    Labels that all spell numbers are classes by value ("1" and "1.0" are one), whole
    numbers ordered by value; otherwise each spelling is a name, ordered alphabetically with
    the numbers in names by value.
    """
    values = [parsed_number(spelling) for spelling in spellings]
    numbers = all(value is not None for value in values)
    wholes = []
    if numbers:
        for spelling, value in zip(spellings, values):
            try:  # a whole number written as one is read exactly, however long
                wholes.append(int(spelling.strip()))
            except ValueError:  # "1.0", "2e3": beyond 2**53 a float's whole numbers have gaps
                if math.isfinite(value) and value == round(value) and abs(value) >= 2.0**53:
                    raise DataError(f"{source} has labels in {column} too large to read exactly as "
                                    f"decimals, such as {spelling!r}; write them as whole numbers "
                                    "(digits alone)") from None
                if not (math.isfinite(value) and value == round(value)):
                    raise _not_whole(source, column, repr(spelling)) from None
                wholes.append(int(value))
    if len(spellings) >= MAX_SPELLINGS:
        raise _too_many_classes(source, column, None)
    if numbers:
        order = sorted(set(wholes))
        number_of = {whole: number for number, whole in enumerate(order)}
        return tuple(str(whole) for whole in order), np.array([number_of[whole] for whole in wholes])
    order = sorted(set(spellings), key=_natural)
    number_of = {spelling: number for number, spelling in enumerate(order)}
    return tuple(order), np.array([number_of[spelling] for spelling in spellings])


def _natural(name: str) -> tuple:
    """Alphabetical, but the numbers in names by value: "grade 2" before "grade 10" (which
    had come between "grade 1" and "grade 2"), "dose 0.25 mg" before "dose 0.5 mg", and "-10"
    before "-5" (a minus sign at the start or after a space)."""
    parts = re.split(r"(\d+(?:\.\d+)?)", name.casefold())  # words at even places, numbers at odd ones
    key: list = []
    for k, part in enumerate(parts):
        if k % 2 == 0:
            key.append(part)
            continue
        value = float(part)
        before = key[-1]
        if before == "-" or before.endswith(" -"):  # a sign, not a hyphen
            key[-1], value = before[:-1], -value
        key.append(value)
    return (tuple(key), name)


def _not_whole(source: str, column: str, example: str) -> DataError:
    return DataError(
        f"{source} has numbers as labels in {column} that are not whole, such as {example}; nnviz "
        "learns classes: give each class a whole number or a name"
    )


def _too_many_classes(source: str, column: str, count: int | None, hint: str = "") -> DataError:
    # The labels are read up to MAX_SPELLINGS distinct ones: there are that many, or more.
    many = f"{count:,}" if count is not None else f"at least {MAX_SPELLINGS:,}"
    remedy = "merge classes" if column == "y" else "choose another label column or merge classes"
    return DataError(f"{source} has {many} classes in {column}; nnviz shows at most {MAX_CLASSES}: "
                     f"{remedy}{hint}")


# --- the data set ---------------------------------------------------------------------


def _dataset(name: str, table: _Table, test_fraction: float, seed: int, source: str) -> Dataset:
    count = len(table.class_names)
    elsewhere = _elsewhere(table.named_like_labels)
    if count < 2:
        raise DataError(f"{source} has a single class, {table.class_names[0]!r}, in {table.label}; a "
                        f"classifier needs examples of at least two{elsewhere}")
    if count > MAX_CLASSES:
        raise _too_many_classes(source, table.label, count, elsewhere)
    sizes = np.maximum(table.inputs.max(axis=0), -table.inputs.min(axis=0))  # no copy of the table
    if (sizes > LARGEST_INPUT).any():
        column = int(np.argmax(sizes > LARGEST_INPUT))
        where = _column(table.input_names[column])
        raise DataError(f"{source} has {sizes[column]:g} in {where}; inputs may be at most "
                        f"{LARGEST_INPUT:g} in size: rescale that column")
    train, test = split(table.classes, test_fraction, seed, names=table.class_names, source=source)
    train_inputs = table.inputs[train]
    notes = (*_classes_alike(table.class_names), *_constant_columns(table.input_names, train_inputs))
    notes = (*filter(None, [beyond_the_map(table.inputs.shape[1], count)]), *notes)
    if table.defaulted:
        notes = (_labels_taken(table) + elsewhere, *notes)
    inputs, test_inputs, scaling = standardise(train_inputs, table.inputs[test])
    del train_inputs  # freed before the Dataset copies the scaled rows: a large table's peak is lower
    return Dataset(
        name,
        inputs,
        targets(table.classes[train], count),
        kind="points" if table.inputs.shape[1] == 2 else "tabular",
        test_inputs=test_inputs,
        test_targets=targets(table.classes[test], count),
        classes=table.class_names,
        input_names=table.input_names,
        scaling=scaling,
        notes=notes,
        train_rows=train,
        test_rows=test,
    )


def _classes_alike(names: tuple[str, ...]) -> tuple[str, ...]:
    """A note on classes whose names differ only in capitals or spaces ("Yes" and "yes", "a b"
    and "a  b", which pictures draw alike): kept apart, as written, in case they are
    different, and said, in case they are one class typed two ways."""
    alike: dict[str, list[str]] = {}
    for name in names:
        alike.setdefault(" ".join(name.split()).casefold(), []).append(name)
    groups = [group for group in alike.values() if len(group) > 1]
    if not groups:
        return ()
    said = "; ".join(" and ".join(repr(name) for name in group) for group in groups[:3])
    if len(groups) > 3:
        said += f"; and {len(groups) - 3} more such groups"
    how = ("capitals" if all(len({name.casefold() for name in group}) == 1 for group in groups)
           else "spaces" if all(len({" ".join(name.split()) for name in group}) == 1 for group in groups)
           else "capitals or spaces")
    return (f"the classes {said} differ only in {how}: taken as different classes; if they are one, "
            "write them alike",)


def _labels_taken(table: _Table) -> str:
    """Which column was learnt, and its classes: a table whose labels are not last is
    otherwise learnt from the wrong column without a word (at chance accuracy)."""
    names = table.class_names
    listed = ", ".join(names[:5]) + (", …" if len(names) > 5 else "")
    return f"the labels are the last column, {table.label[len('column '):]}: {len(names)} classes ({listed})"


def _last_taken(name: str) -> str:
    """The label column was taken as the last, and its values are no classes: it may hold
    measurements (a table of x and y alone had been told only that y's 1.45 is not whole)."""
    return (f"; the last column, {name!r}, was taken as the labels: if another holds them, say so: "
            f"{option('label', Placeholder('COLUMN'))}")


def _elsewhere(named_like_labels: tuple[str, ...]) -> str:
    """Where a column named like labels is not the one taken: what to do, as a clause."""
    if not named_like_labels:
        return ""
    name = named_like_labels[0]
    return f"; if the labels are column {name!r}, say so: {option('label', name)}"


def standardise(train: np.ndarray, test: np.ndarray) -> tuple[np.ndarray, np.ndarray, Scaling]:
    """``train`` and ``test`` scaled to the training rows' mean 0 and standard deviation 1,
    column by column, and the Scaling that did it. A column constant in the training rows
    keeps scale 1 (it only loses its mean), since dividing by its spread of 0 is impossible."""
    constant = np.ptp(train, axis=0) == 0  # exactly: a float std of equal values can be 1e-17
    # Column by column, so that a large table needs a column's worth of scratch, not a table's.
    spread = np.array([_spread(column) for column in train.T])
    mean = train.mean(axis=0)
    scale = np.where(constant, 1.0, spread)
    return _scaled(train, mean, scale), _scaled(test, mean, scale), Scaling(tuple(mean.tolist()),
                                                                            tuple(scale.tolist()))


def _spread(column: np.ndarray) -> float:
    """A column's standard deviation, also where its squares underflow (values of 1e-170 and
    smaller, whose plain std is 0 though they differ): then measured on the column divided by
    its largest size."""
    spread = float(column.std())
    if spread > TINY_SPREAD or not len(column):
        return spread
    size = float(np.abs(column).max())
    return float((column / size).std()) * size if size > 0 else spread


def _scaled(raw: np.ndarray, mean: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """``Scaling.apply``, with one new array instead of two."""
    scaled = raw - mean
    scaled /= scale
    return scaled


def targets(classes: np.ndarray, count: int) -> np.ndarray:
    """Rows of targets: one column of 0 and 1 for two classes, one-hot columns for more."""
    if count == 2:
        return classes[:, None].astype(float)
    return np.eye(count)[classes]


def _constant_columns(names: tuple[str, ...], train: np.ndarray) -> tuple[str, ...]:
    """A note on the columns that hold one value in every training row: they tell the
    network nothing (their map axis, with two inputs, spans nothing), and had gone unsaid."""
    if len(train) < 2:
        return ()
    flat = np.flatnonzero(np.ptp(train, axis=0) == 0)
    if not len(flat):
        return ()
    said = ", ".join(f"{names[i]!r} ({train[0, i]:g})" for i in flat[:4])
    more = f" and {len(flat) - 4} more" if len(flat) > 4 else ""
    if len(flat) == 1:
        return (f"column {said} holds one value in every training row: it tells the network nothing",)
    return (f"columns {said}{more} hold one value each in every training row: they tell the network "
            "nothing",)
