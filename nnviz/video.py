"""Encoding with the ffmpeg that imageio-ffmpeg bundles: the only module that imports it
(audio.py decodes through :func:`ffmpeg_exe`).

Frames arrive as raw RGBA through a pipe (no image files). A held shot is sent once and
stamped with its start time; only one extra copy of the last picture is sent, stamped on the
last frame of the grid, so the MP4 lasts exactly ``sum(holds) / fps`` seconds while every
frame sits on the 1/fps grid. Outputs are written to a temporary file beside the target and
renamed into place only when complete.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

try:
    import fcntl
except ImportError:  # not on Windows
    fcntl = None

import imageio_ffmpeg
import numpy as np

from .timeline import shot_starts


@dataclass(frozen=True)
class Quality:
    """x264 settings: the preset trades encoding time for file size; the CRF sets fidelity."""

    preset: str
    crf: int
    # Frames x264 reads ahead to plan its bits. Every frame held back is memory (over 10 MB
    # at 1080p), and since a held shot is a single picture, looking far ahead buys little.
    lookahead: int = 0
    vp9_crf: int = 33  # for WebM: libvpx-vp9's constant quality (0-63, lower is better)
    vp9_speed: int = 5  # libvpx's cpu-used: higher is faster and larger

    def vp9_arguments(self) -> list[str]:
        # No look-ahead: with held shots it made no smaller file, and at 1080p it held
        # 100 MB of frames.
        return ["-crf", str(self.vp9_crf), "-b:v", "0", "-deadline", "good",
                "-cpu-used", str(self.vp9_speed), "-row-mt", "1", "-lag-in-frames", "0"]

    def x264_arguments(self) -> list[str]:
        return [
            "-preset", self.preset, "-crf", str(self.crf),
            "-x264-params", f"rc-lookahead={self.lookahead}:sync-lookahead=0",
        ]


# Measured on the default video (see the README's Performance section): "standard" has no
# visible artefacts, even on text under a 2x zoom, and encodes fast enough that drawing
# and encoding finish together on two cores.
QUALITIES = {
    "draft": Quality("ultrafast", 23, vp9_crf=40, vp9_speed=8),
    "standard": Quality("veryfast", 20, lookahead=3),
    "high": Quality("slow", 17, lookahead=3, vp9_crf=28, vp9_speed=2),
}
DEFAULT_QUALITY = "standard"


class EncodeError(RuntimeError):
    """ffmpeg failed; the message carries the end of what it said."""


def ffmpeg_exe() -> str:
    return imageio_ffmpeg.get_ffmpeg_exe()


@contextlib.contextmanager
def atomic_output(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it into place only on success.

    On any failure (including Ctrl-C) the temporary file is removed and an existing
    ``target`` is left untouched.
    """
    temp = temp_beside(target)
    try:
        yield temp
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)


def temp_beside(target: Path) -> Path:
    """A new, empty, hidden file in the target's folder (so the final rename is atomic)."""
    target = Path(target)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    # mkstemp makes the file private (0600); give it the permissions a new file normally gets.
    umask = os.umask(0)
    os.umask(umask)
    os.fchmod(fd, 0o666 & ~umask)
    os.close(fd)
    return Path(name)


def check_writable_dir(folder: Path) -> None:
    """Raise OSError unless a file can really be created in ``folder``."""
    fd, name = tempfile.mkstemp(prefix=".nnviz-check.", dir=folder)
    os.close(fd)
    os.unlink(name)


def presentation_times(holds: Sequence[int]) -> list[int]:
    """Frame index (on the 1/fps grid) at which each picture sent to ffmpeg is shown.

    One picture per hold, plus a repeat of the last one on the final frame when the last
    hold is longer than one frame, so the stream ends exactly at sum(holds).
    """
    starts = shot_starts(holds)
    if holds[-1] > 1:
        starts.append(int(sum(holds)) - 1)
    return starts


def _pts_expression(times: Sequence[int]) -> str:
    """An ffmpeg expression giving the PTS of the N-th input frame.

    The times are cut into runs of equal spacing (usually just one or two), each a line
    ``start + (N - first)·step``, chosen by a balanced tree of ``if(lt(N, …))``.
    """
    runs: list[tuple[int, int, int]] = []  # (first index, first time, step)
    i = 0
    while i < len(times):
        step = times[i + 1] - times[i] if i + 1 < len(times) else 1
        j = i + 1
        while j < len(times) and times[j] - times[j - 1] == step:
            j += 1
        runs.append((i, times[i], step))
        i = j

    def line(run: tuple[int, int, int]) -> str:
        first, start, step = run
        return f"{start}+(N-{first})*{step}"

    def tree(lo: int, hi: int) -> str:
        if hi - lo == 1:
            return line(runs[lo])
        mid = (lo + hi) // 2
        return f"if(lt(N\\,{runs[mid][0]})\\,{tree(lo, mid)}\\,{tree(mid, hi)})"

    return tree(0, len(runs))


def _rgba_pipe_input(width: int, height: int) -> list[str]:
    """ffmpeg arguments for raw RGBA pictures arriving on standard input."""
    return ["-f", "rawvideo", "-pix_fmt", "rgba", "-s", f"{width}x{height}"]


def _widen_pipe(pipe) -> None:
    """Ask for a 1 MB pipe buffer (Linux): a frame then crosses in 8 writes, not 130."""
    set_pipe_size = getattr(fcntl, "F_SETPIPE_SZ", None) if fcntl else None
    if set_pipe_size is not None:
        with contextlib.suppress(OSError):
            fcntl.fcntl(pipe.fileno(), set_pipe_size, 1 << 20)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.kill()
    process.wait()


VIDEO_FORMATS = (".mp4", ".webm", ".gif")
# RGB -> BT.709 limited-range YUV, and say so in the stream, so browsers show the colours
# that were drawn.
BT709_YUV = (
    "scale=out_color_matrix=bt709:out_range=tv:flags=bicubic,format=yuv420p,"
    "setparams=colorspace=bt709:color_primaries=bt709:color_trc=bt709:range=tv"
)
BT709_TAGS = ["-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709",
              "-color_range", "tv"]


def _encoding(
    suffix: str, quality: Quality, holds: Sequence[int], rate: Fraction, music: Path | None,
    gif_width: int, width: int,
) -> tuple[str, list[str]]:
    """The filters after the timestamps, and the output arguments, for a container."""
    if suffix == ".gif":
        if music is not None:
            raise ValueError("a GIF has no sound")
        # One palette made for the whole animation, then every picture mapped onto it.
        scale = f"scale={gif_width}:-2:flags=lanczos," if gif_width != width else ""
        filters = (
            f"{scale}format=rgb24,split[all][each];[all]palettegen=stats_mode=full[palette];"
            "[each][palette]paletteuse=dither=sierra2_4a"
        )
        return filters, ["-loop", "0", "-f", "gif"]
    end = f"{float(sum(holds) / rate):.6f}"
    # The music, if any, is cut where the pictures end, which the holds were fitted to.
    audio = ["-map", "0:v", "-map", "1:a:0", "-t", end] if music is not None else []
    if suffix == ".webm":
        if music is not None:
            audio += ["-c:a", "libopus", "-b:a", "160k"]
        return BT709_YUV, [*audio, "-c:v", "libvpx-vp9", *quality.vp9_arguments(),
                           "-pix_fmt", "yuv420p", *BT709_TAGS, "-f", "webm"]
    if music is not None:
        audio += ["-c:a", "aac", "-b:a", "192k"]  # what every browser plays in an MP4
    # Held shots are one picture each: B-frames would buy nothing and, with timestamps this
    # sparse, push the decode times seconds below zero (an edit list some players
    # mishandle). Without them every timestamp is exactly on the grid.
    b_frames = ["-bf", "0"] if max(holds) > 1 else []
    return BT709_YUV, [
        *audio, "-c:v", "libx264", *quality.x264_arguments(), *b_frames,
        "-pix_fmt", "yuv420p", "-profile:v", "high", *BT709_TAGS,
        "-movflags", "+faststart", "-f", "mp4",
    ]


class VideoWriter:
    """Push one RGBA frame per shot; the file appears at ``path`` when ``close`` succeeds.

    The container follows the file's extension: MP4 (H.264, and AAC for music), WebM (VP9,
    and Opus), or GIF (one optimised palette, looping, ``gif_width`` pixels wide).

    Use as a context manager: leaving the block by an exception kills ffmpeg, removes the
    temporary file and leaves whatever was at ``path`` as it was.
    """

    def __init__(
        self,
        path: Path,
        width: int,
        height: int,
        fps: float,
        holds: Sequence[int],
        quality: Quality = QUALITIES[DEFAULT_QUALITY],
        music: Path | None = None,
        gif_width: int = 640,
    ) -> None:
        if width % 2 or height % 2:
            raise ValueError("yuv420p video needs an even width and height")
        if Path(path).suffix.lower() not in VIDEO_FORMATS:
            raise ValueError(f"cannot write {Path(path).suffix!r} video; use one of {VIDEO_FORMATS}")
        self.path, self.width, self.height = Path(path), width, height
        self.holds = list(holds)
        self.times = presentation_times(self.holds)
        self.sent = 0
        self._temp = temp_beside(self.path)
        self._log = tempfile.TemporaryFile()
        rate = Fraction(fps).limit_denominator(1001)
        filters, output = _encoding(
            self.path.suffix.lower(), quality, self.holds, rate, music, gif_width, width
        )
        music_input = ["-i", str(music)] if music is not None else []
        command = [
            ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
            *_rgba_pipe_input(width, height), "-framerate", str(rate), "-i", "pipe:0",
            *music_input,
            "-vf", f"setpts={_pts_expression(self.times)},{filters}", "-fps_mode", "passthrough",
            *output, str(self._temp),
        ]
        # A session of its own: Ctrl-C in a terminal reaches Python, which stops ffmpeg and
        # cleans up, instead of ffmpeg quietly finishing a truncated file.
        try:
            self._process = subprocess.Popen(
                command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=self._log,
                start_new_session=True,
            )
        except BaseException:
            self._temp.unlink(missing_ok=True)
            raise
        _widen_pipe(self._process.stdin)

    def write(self, rgba: np.ndarray) -> None:
        """Send the picture of the next shot (held for its number of frames)."""
        if self.sent >= len(self.holds):
            raise ValueError(f"more pictures than the {len(self.holds)} shots announced")
        if rgba.shape != (self.height, self.width, 4) or rgba.dtype != np.uint8:
            raise ValueError(f"frame must be {self.height}x{self.width}x4 uint8, got {rgba.shape}")
        copies = 2 if self.sent == len(self.holds) - 1 and len(self.times) > len(self.holds) else 1
        data = memoryview(np.ascontiguousarray(rgba)).cast("B")
        for _ in range(copies):
            self._send(data)
        self.sent += 1

    def _send(self, data: memoryview) -> None:
        try:
            self._process.stdin.write(data)
        except BrokenPipeError:
            _stop(self._process)
            raise EncodeError(f"ffmpeg stopped early: {self._ffmpeg_said()}") from None

    def _ffmpeg_said(self) -> str:
        self._log.seek(0)
        lines = self._log.read().decode(errors="replace").strip().splitlines()
        return lines[-1] if lines else "no message"

    def close(self) -> None:
        """Finish the file and rename it into place."""
        if self.sent != len(self.holds):
            raise ValueError(f"{self.sent} of {len(self.holds)} shots were written")
        try:
            self._process.stdin.close()
        except BrokenPipeError:
            pass
        if self._process.wait() != 0:
            raise EncodeError(f"ffmpeg failed: {self._ffmpeg_said()}")
        os.replace(self._temp, self.path)
        self._log.close()

    def abort(self) -> None:
        """Stop ffmpeg and remove the temporary file; ``path`` is left as it was."""
        with contextlib.suppress(OSError):
            self._process.stdin.close()
        _stop(self._process)
        self._temp.unlink(missing_ok=True)
        self._log.close()

    def __enter__(self) -> VideoWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            try:
                self.close()
            except BaseException:
                self.abort()
                raise
        else:
            self.abort()


def encode_png(rgba: np.ndarray) -> bytes:
    """One RGBA picture as the bytes of a PNG file (alpha kept)."""
    height, width = rgba.shape[:2]
    command = [
        ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-nostdin",
        *_rgba_pipe_input(width, height), "-i", "pipe:0",
        "-frames:v", "1", "-c:v", "png", "-pix_fmt", "rgba", "-f", "image2pipe", "-",
    ]
    process = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        png, said = process.communicate(np.ascontiguousarray(rgba).tobytes())
    finally:
        _stop(process)
    if process.returncode != 0 or not png:
        raise EncodeError(f"ffmpeg could not make a PNG: {said.decode(errors='replace').strip()}")
    return png


def write_file(data: bytes, path: Path) -> None:
    """Write ``data`` to ``path`` atomically."""
    with atomic_output(Path(path)) as temp:
        temp.write_bytes(data)


def write_png(rgba: np.ndarray, path: Path) -> None:
    """Encode one RGBA picture as a PNG file, atomically."""
    write_file(encode_png(rgba), path)
