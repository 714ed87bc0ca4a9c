"""IDX files, the format MNIST is distributed in: a small header, then one array of numbers.

The header is four bytes: two zero bytes, a type byte (0x08 unsigned byte, 0x09 signed byte,
0x0B 16-bit, 0x0C 32-bit integer, 0x0D 32-bit float, 0x0E 64-bit float) and the number of
dimensions; then each dimension's size as a big-endian 32-bit integer. The values follow,
big-endian, last dimension fastest (row-major), and nothing after them. A file may also be
gzip-compressed as a whole, as MNIST's usually are; that is told by its first two bytes
(1f 8b), not by its name.

Reading costs one array: the header is checked first (and, for a plain file, its length
against the file's size), then the values are read straight into a numpy array of the
header's shape, without an intermediate copy of the bytes. A gzip file is decompressed into
that array a mebibyte at a time. Anything wrong with a file is a DataError of one line that
names it.
"""

from __future__ import annotations

import gzip
import math
import os
import struct
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

import numpy as np

from .errors import DataError

GZIP_MAGIC = b"\x1f\x8b"
# type byte: (what the values are, for messages; their numpy type, big-endian as written)
TYPES: dict[int, tuple[str, np.dtype]] = {
    0x08: ("unsigned bytes", np.dtype(np.uint8)),
    0x09: ("signed bytes", np.dtype(np.int8)),
    0x0B: ("16-bit integers", np.dtype(">i2")),
    0x0C: ("32-bit integers", np.dtype(">i4")),
    0x0D: ("32-bit floats", np.dtype(">f4")),
    0x0E: ("64-bit floats", np.dtype(">f8")),
}
# IDX files in use have 1 (labels) to 4 (colour pictures) dimensions; a count above 8 is a
# damaged header, not data.
MAX_DIMENSIONS = 8
# At most 1 GiB of values. The largest MNIST-format set in common use, EMNIST ByClass
# (814,255 pictures of 28×28, 638 MB), fits; a header promising more is damaged or hostile,
# and is refused before anything of that size is allocated.
MAX_BYTES = 1 << 30
CHUNK = 1 << 20  # bytes decompressed (or read) at a time: no second copy of a large file in memory


def read_idx(path: str | Path) -> np.ndarray:
    """The array an IDX file holds, plain or gzip-compressed.

    Its shape is the header's sizes (MNIST's images: count × rows × columns; its labels:
    count), its type the header's type byte, in the machine's byte order (uint8 for MNIST).
    The array is the caller's own and writable.

    A file that does not exist or cannot be read, a header that is not IDX (wrong magic
    bytes, an unknown type, no dimensions or more than 8, a dimension of size 0, more than
    1 GiB of values), a file shorter or longer than its header says, or a damaged or
    truncated gzip file is a DataError of one line naming the file.
    """
    path = Path(path)
    source = f"the IDX file {str(path)!r}"
    if not path.exists():
        raise DataError(f"{source} does not exist; check its name and folder")
    if path.is_dir():
        raise DataError(f"{source} is a folder, not a file; give an IDX file such as train-images-idx3-ubyte")
    with _reading(source), open(path, "rb") as file:
        packed = file.read(2) == GZIP_MAGIC
        file.seek(0)
        if packed:
            with gzip.GzipFile(fileobj=file, mode="rb") as stream:
                return _read(stream, source, None)
        return _read(file, source, os.fstat(file.fileno()).st_size if path.is_file() else None)


@contextmanager
def _reading(source: str) -> Iterator[None]:
    """Failures of the file system or of gzip, said in one line that names the file."""
    try:
        yield
    except EOFError:
        raise DataError(f"{source} is a truncated gzip file (it ends before its compressed data does); "
                        "download it again") from None
    except (zlib.error, gzip.BadGzipFile) as error:
        raise DataError(f"{source} is a damaged gzip file ({_reason(error)}); download it again") from None
    except OSError as error:
        raise DataError(f"cannot read {source} ({error.strerror or error}); check its name and "
                        "permissions") from None


def _reason(error: Exception) -> str:
    text = str(error).strip().rstrip(".") or type(error).__name__
    return " ".join(text.split())  # one line, whatever zlib said


def _read(stream: BinaryIO, source: str, size: int | None) -> np.ndarray:
    """The array after the header of ``stream``; ``size`` is the whole file's length in bytes
    when it is known (a plain file), to refuse a wrong length before allocating."""
    head = _exactly(stream, 4)
    if not head:
        raise DataError(f"{source} is empty; an IDX file begins with a 4-byte header")
    if head[:2] != b"\0\0"[:len(head)]:
        raise DataError(f"{source} is not an IDX file: it begins {_shown(head)} where an IDX file begins "
                        "00 00, a type byte and a dimension count; give an MNIST-format file")
    if len(head) < 4:
        raise DataError(f"{source} ends inside its header ({len(head)} bytes); the file is truncated: "
                        "download it again")
    kind, dimensions = head[2], head[3]
    if kind not in TYPES:
        raise DataError(f"{source} has type byte 0x{kind:02X}, which IDX does not define (0x08 unsigned "
                        "byte, 0x09 signed byte, 0x0B, 0x0C integers, 0x0D, 0x0E floats); it is damaged "
                        "or not an IDX file")
    if not 1 <= dimensions <= MAX_DIMENSIONS:
        raise DataError(f"{source} has a header giving {dimensions} dimensions, where IDX files have 1 to "
                        f"{MAX_DIMENSIONS}; it is damaged or not an IDX file")
    sizes_bytes = _exactly(stream, 4 * dimensions)
    if len(sizes_bytes) < 4 * dimensions:
        raise DataError(f"{source} ends inside its header ({4 + len(sizes_bytes)} bytes of "
                        f"{4 + 4 * dimensions}); the file is truncated: download it again")
    shape = struct.unpack(f">{dimensions}I", sizes_bytes)
    name, dtype = TYPES[kind]
    described = f"{_shape(shape)} {name}"
    if 0 in shape:
        raise DataError(f"{source} holds no values: its header gives a size of 0 ({_shape(shape)}); give a "
                        "file with at least one example")
    count = math.prod(shape)
    nbytes = count * dtype.itemsize
    if nbytes > MAX_BYTES:
        raise DataError(f"{source} has a header promising {described} ({nbytes:,} bytes), more than the "
                        f"{MAX_BYTES:,} bytes nnviz reads; the header is damaged or the data set too large")
    if size is not None:
        expected = 4 + 4 * dimensions + nbytes
        if size < expected:
            raise _truncated(source, described, expected, size)
        if size > expected:
            raise _trailing(source, described, size - expected, exact=True)
    values = np.empty(count, dtype)
    filled = _fill(stream, memoryview(values).cast("B"))
    if filled < nbytes:
        raise _truncated(source, described, 4 + 4 * dimensions + nbytes, 4 + 4 * dimensions + filled)
    extra = len(stream.read(CHUNK))  # also lets gzip check its CRC and length at the end
    if extra:
        raise _trailing(source, described, extra, exact=extra < CHUNK)
    if not dtype.isnative:  # big-endian as written: turned in place, not copied
        values = values.byteswap(inplace=True).view(dtype.newbyteorder("="))
    return values.reshape(shape)


def _exactly(stream: BinaryIO, count: int) -> bytes:
    """``count`` bytes of ``stream``, or fewer only at its end."""
    data = b""
    while len(data) < count:
        more = stream.read(count - len(data))
        if not more:
            break
        data += more
    return data


def _fill(stream: BinaryIO, view: memoryview) -> int:
    """Reads ``stream`` into ``view`` a chunk at a time; how many bytes it got."""
    filled = 0
    while filled < len(view):
        got = stream.readinto(view[filled:filled + CHUNK])
        if not got:
            break
        filled += got
    return filled


def _shape(shape: tuple[int, ...]) -> str:
    return "×".join(f"{size:,}" for size in shape)


def _shown(head: bytes) -> str:
    """The first bytes as hex, and as text when they are text (a web page saved as the file)."""
    shown = " ".join(f"{byte:02x}" for byte in head)
    if head.isascii() and head.decode().isprintable():
        shown += f" ({head.decode()!r})"
    return shown


def _truncated(source: str, described: str, expected: int, got: int) -> DataError:
    return DataError(f"{source} is truncated: its header promises {described} ({expected:,} bytes with "
                     f"the header) but it holds {got:,} bytes; download it again")


def _trailing(source: str, described: str, extra: int, *, exact: bool) -> DataError:
    amount = f"{extra:,}" if exact else f"more than {CHUNK - 1:,}"
    return DataError(f"{source} has {amount} bytes after the {described} its header promises; it is "
                     "damaged or not an IDX file")
