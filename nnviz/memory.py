"""How much memory this process may use: the machine's, or less where a container (a Linux
control group) limits it.

A container reports the host's memory through ``sysconf``: a job checked against 64 GB in a
container of 2 GB passed the check and was then killed by the system, mid-way and unexplained.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

CGROUP_ROOT = Path("/sys/fs/cgroup")
OWN_CGROUPS = Path("/proc/self/cgroup")
# cgroup v1 says "no limit" as the largest page-aligned 64-bit number (about 9.2e18); anything
# this large is no limit on a real machine.
NO_LIMIT = 2**60


@dataclass(frozen=True)
class Memory:
    """``bytes`` this process may use; ``limited``: by its container, not the machine."""

    bytes: int
    limited: bool

    def __str__(self) -> str:
        said = amount(self.bytes)
        return f"the {said} its container allows" if self.limited else f"this machine's {said}"


def amount(size: float) -> str:
    """Bytes in MB below one GB (a container of 512 MB is not "1 GB"), in GB to a tenth below
    ten (1.4 GB is more than 1.3 GB, where both would be "1 GB"), else in whole GB."""
    # The unit is chosen after rounding: 999.6 MB is "1.0 GB", not "1,000 MB".
    if round(size / 1e6) < 1000:
        return f"{size / 1e6:,.0f} MB"
    return f"{size / 1e9:.1f} GB" if round(size / 1e9, 1) < 10 else f"{size / 1e9:,.0f} GB"


def physical_memory() -> int | None:
    """This machine's memory in bytes (None where the system does not say)."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return None


def container_limit(root: Path = CGROUP_ROOT, own: Path = OWN_CGROUPS) -> int | None:
    """The tightest memory limit of this process's control groups and their parents, in
    bytes (None: no limit, or no control groups to read)."""
    try:
        lines = own.read_text().splitlines()
    except (OSError, UnicodeDecodeError):
        lines = []
    folders: list[Path] = []
    for line in lines:
        _, controllers, path = (line.split(":", 2) + ["", ""])[:3]
        if controllers == "":  # cgroup v2: one hierarchy, memory.max
            folders += [folder / "memory.max" for folder in _upwards(root, path)]
        elif "memory" in controllers.split(","):  # cgroup v1: the memory hierarchy
            folders += [folder / "memory.limit_in_bytes" for folder in _upwards(root / "memory", path)]
    # A container often sees its own group as the hierarchy's root, whatever its path says.
    folders += [root / "memory.max", root / "memory" / "memory.limit_in_bytes"]
    limits = [limit for limit in map(_limit, folders) if limit is not None]
    return min(limits, default=None)


def _upwards(root: Path, path: str) -> list[Path]:
    """The group at ``path`` under ``root`` and each of its parents (never above ``root``)."""
    parts = [part for part in path.strip().split("/") if part and part not in (".", "..")]
    return [root.joinpath(*parts[:depth]) for depth in range(len(parts), 0, -1)]


def _limit(file: Path) -> int | None:
    try:
        said = file.read_text().strip()
    except (OSError, UnicodeDecodeError):
        return None
    if not said.isdigit():  # "max", or nothing readable
        return None
    value = int(said)
    return value if 0 < value < NO_LIMIT else None


def usable_memory() -> Memory | None:
    """What this process may use: the machine's memory, or its container's limit where that
    is less (None where neither is known)."""
    machine, container = physical_memory(), container_limit()
    if container is not None and (machine is None or container < machine):
        return Memory(container, limited=True)
    return None if machine is None else Memory(machine, limited=False)
