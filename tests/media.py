"""Reading back what nnviz wrote, independently of how it was written."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import imageio_ffmpeg
import numpy as np

FFMPEG = imageio_ffmpeg.get_ffmpeg_exe()


def stream_line(path: Path, kind: str = "Video:") -> str:
    said = subprocess.run([FFMPEG, "-hide_banner", "-i", str(path)], capture_output=True, text=True).stderr
    return next(line for line in said.splitlines() if kind in line)


def video_size(path: Path) -> tuple[int, int]:
    width, height = re.search(r", (\d{2,5})x(\d{2,5})", stream_line(path)).groups()
    return int(width), int(height)


def packet_times(path: Path) -> tuple[list[float], float]:
    """Presentation time of every stored frame, in seconds, and the end of the last one."""
    out = subprocess.run(
        [FFMPEG, "-hide_banner", "-i", str(path), "-map", "0:v:0", "-c", "copy", "-f", "framecrc", "-"],
        capture_output=True, text=True, check=True,
    ).stdout
    num, den = map(int, re.search(r"#tb 0: (\d+)/(\d+)", out).groups())
    rows = [line.split(",") for line in out.splitlines() if line and not line.startswith("#")]
    pts = sorted((int(r[2]), int(r[3])) for r in rows)
    times = [p * num / den for p, _ in pts]
    end = (pts[-1][0] + pts[-1][1]) * num / den
    return times, end


def decode(path: Path, fps: float | None = None) -> np.ndarray:
    """All frames as RGB uint8 (n, h, w, 3); with ``fps``, resampled onto that constant grid."""
    width, height = video_size(path)
    command = [FFMPEG, "-hide_banner", "-loglevel", "error", "-i", str(path)]
    if fps is not None:
        command += ["-vf", f"fps={fps}"]
    else:
        command += ["-fps_mode", "passthrough"]
    command += ["-f", "rawvideo", "-pix_fmt", "rgb24", "-"]
    raw = subprocess.run(command, capture_output=True, check=True).stdout
    return np.frombuffer(raw, np.uint8).reshape(-1, height, width, 3)


def top_level_boxes(path: Path) -> list[str]:
    """The MP4's top-level box types in file order (to check +faststart: moov before mdat)."""
    data = Path(path).read_bytes()
    boxes, at = [], 0
    while at + 8 <= len(data):
        size = int.from_bytes(data[at : at + 4], "big")
        kind = data[at + 4 : at + 8].decode("latin-1")
        if size == 1:
            size = int.from_bytes(data[at + 8 : at + 16], "big")
        boxes.append(kind)
        if size < 8:
            break
        at += size
    return boxes


def ffmpeg_processes() -> list[str]:
    """Command lines of running ffmpeg processes (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if "ffmpeg" in cmdline.split(" ")[0]:
            found.append(cmdline)
    return found
