"""How many values each array of an .npz archive declares, read from the members' headers
without reading the arrays: a few megabytes of zeros can declare gigabytes, and numpy would
unpack them all before anything could look at them."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np


def declared_values(path: Path) -> dict[str, int]:
    """Each array's name (as ``np.load`` names it) and the number of values its header
    declares. Raises OSError, ValueError or zipfile.BadZipFile for what is not an .npz."""
    return {name: int(np.prod(shape, dtype=object)) for name, shape in declared_shapes(path).items()}


def declared_shapes(path: Path) -> dict[str, tuple[int, ...]]:
    """Each array's name (as ``np.load`` names it) and the shape its header declares."""
    shapes: dict[str, tuple[int, ...]] = {}
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if not info.filename.endswith(".npy"):
                continue
            with archive.open(info) as member:
                major, _ = np.lib.format.read_magic(member)
                header = np.lib.format
                read = header.read_array_header_1_0 if major == 1 else header.read_array_header_2_0
                shape, _, _ = read(member)
            shapes[info.filename[: -len(".npy")]] = tuple(int(n) for n in shape)
    return shapes
