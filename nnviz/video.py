"""Encoding with the ffmpeg that imageio-ffmpeg bundles: the only module that imports it
(audio.py decodes through :func:`ffmpeg_exe`, :func:`ffmpeg_path` and :func:`spawn`).

Frames arrive as raw RGBA through a pipe (no image files). A held shot is sent once and
stamped with its start time; only one extra copy of the last picture is sent, stamped on the
last frame of the grid, so the MP4 lasts exactly ``sum(holds) / fps`` seconds while every
frame sits on the 1/fps grid (with ``constant_rate``, ffmpeg repeats each picture on every
frame of its hold instead). The file is written to a temporary file of an
:class:`~nnviz.outputs.Outputs` and put in place with the run's other outputs.

ffmpeg only ever sees paths as ``file:`` plus an absolute path, runs in a session of its own
(Ctrl-C reaches Python, which stops it and cleans up) and is killed if Python dies.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import os
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

try:
    import fcntl
except ImportError:  # not on Windows
    fcntl = None

import imageio_ffmpeg
import numpy as np

from .outputs import Outputs, signals_held
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


def ffmpeg_path(path: Path) -> str:
    """A path as ffmpeg must see it: a plain file, whatever its name (``a:b.wav`` is not the
    protocol ``a``, ``-`` is not standard input, ``concat:x`` is not a concatenation)."""
    return "file:" + str(Path(path).absolute())


# ffmpeg opens inputs through the file protocol only (and nested protocols are refused).
FILES_ONLY = ["-protocol_whitelist", "file"]


def _die_with_parent() -> Callable[[], None] | None:
    """A function for the child, between fork and exec, that asks Linux to kill it when
    its parent dies: if Python is killed outright, ffmpeg stops at once instead of finishing
    a file nobody will rename. None where there is no such request."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl  # looked up now, not in the child
    except (OSError, AttributeError):
        return None
    parent = os.getpid()
    set_parent_death_signal = 1  # PR_SET_PDEATHSIG

    def arm() -> None:
        prctl(set_parent_death_signal, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:  # the parent died before the request was made
            os._exit(1)

    return arm


def spawn(command: Sequence[str], **popen) -> subprocess.Popen:
    """Start ffmpeg in a session of its own (a terminal's Ctrl-C reaches Python, which stops
    ffmpeg and cleans up) that dies with this process."""
    return subprocess.Popen(command, start_new_session=True, preexec_fn=_die_with_parent(), **popen)


def presentation_times(holds: Sequence[int]) -> list[int]:
    """Frame index (on the 1/fps grid) at which each picture sent to ffmpeg is shown.

    One picture per hold, plus a repeat of the last one on the final frame when the last
    hold is longer than one frame, so the stream ends exactly at sum(holds).
    """
    starts = shot_starts(holds)
    if holds[-1] > 1:
        starts.append(int(sum(holds)) - 1)
    return starts


def _graph_file(graph: str) -> Path:
    """A temporary file holding a filter graph, for ffmpeg's -/vf (removed by its writer)."""
    handle, name = tempfile.mkstemp(prefix="nnviz-graph-", suffix=".txt")
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        file.write(graph)
    return Path(name)


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


FADE_OUT_S = 1.0  # a track cut short (--duration) fades out over the video's last second


def music_part(start: float) -> list[str]:
    """The input options that start a track ``start`` seconds in (none at its beginning)."""
    return ["-ss", f"{start:.6f}"] if start else []


def _encoding(
    kind: str, quality: Quality, holds: Sequence[int], rate: Fraction, music: bool,
    constant_rate: bool, fade_out: bool = False,
) -> tuple[str, list[str]]:
    """The filters after the timestamps, and the output arguments, for a container."""
    # With a constant frame rate ffmpeg repeats each held picture on every frame of its
    # hold (cheap to encode: nothing changes), for editors that mishandle variable rates.
    every_frame = f"fps={rate}," if constant_rate else ""
    if kind == ".gif":
        if music:
            raise ValueError("a GIF has no sound")
        # One palette made for the whole animation, then every picture mapped onto it.
        filters = (
            f"{every_frame}format=rgb24,split[all][each];[all]palettegen=stats_mode=full[palette];"
            "[each][palette]paletteuse=dither=sierra2_4a"
        )
        return filters, ["-loop", "0", "-f", "gif"]
    end = float(sum(holds) / rate)
    # The music, if any, is cut where the pictures end, which the holds were fitted to.
    audio = ["-map", "0:v", "-map", "1:a:0", "-t", f"{end:.6f}"] if music else []
    if music:
        # The track starts with the video, wherever its container starts it (a stream that
        # begins 2 s in had kept its 2 s of silence, and lost its end to the cut).
        sound = "asetpts=PTS-STARTPTS"
        if fade_out:
            fade = min(FADE_OUT_S, end / 2)
            sound += f",afade=t=out:st={end - fade:.6f}:d={fade:.6f}"
        audio += ["-af", sound]
    if kind == ".webm":
        if music:
            audio += ["-c:a", "libopus", "-b:a", "160k"]
        # bitexact: the muxer's segment id is otherwise random, and the same video not the same bytes.
        return every_frame + BT709_YUV, [*audio, "-c:v", "libvpx-vp9", *quality.vp9_arguments(),
                                         "-pix_fmt", "yuv420p", *BT709_TAGS, "-fflags", "+bitexact",
                                         "-f", "webm"]
    if music:
        audio += ["-c:a", "aac", "-b:a", "192k"]  # what every browser plays in an MP4
    # Held shots are one picture each: B-frames would buy nothing and, with timestamps this
    # sparse, push the decode times seconds below zero (an edit list some players
    # mishandle). Without them every timestamp is exactly on the grid.
    b_frames = ["-bf", "0"] if max(holds) > 1 and not constant_rate else []
    return every_frame + BT709_YUV, [
        *audio, "-c:v", "libx264", *quality.x264_arguments(), *b_frames,
        "-pix_fmt", "yuv420p", "-profile:v", "high", *BT709_TAGS,
        "-movflags", "+faststart", "-f", "mp4",
    ]


def frame_rate(fps: float | Fraction) -> Fraction:
    """The exact rate a video is written at: ``fps`` as a fraction (NTSC's 29.97 and its
    kin are 30000/1001 and so on, as players expect)."""
    for nominal in (24, 30, 48, 60, 120):
        ntsc = Fraction(nominal * 1000, 1001)
        if abs(fps - ntsc) < 0.0006:
            return ntsc
    return Fraction(fps).limit_denominator(1001)


def gif_delays(path: Path) -> list[int]:
    """Each frame's delay in a GIF file, in hundredths of a second, as players read them.

    ffmpeg rounds the frames' times to hundredths along the way, so the file is read back
    rather than the delays worked out: what is reported is what was written.
    """
    data = Path(path).read_bytes()
    if data[:6] not in (b"GIF87a", b"GIF89a"):
        raise EncodeError(f"{str(path)!r} is not a GIF")
    at = 13 + (3 << ((data[10] & 7) + 1) if data[10] & 0x80 else 0)  # header, screen, colours
    delays: list[int] = []
    delay = 0
    while at < len(data):
        block = data[at]
        if block == 0x3B:  # the end
            break
        if block == 0x21:  # an extension: a graphic control one carries the next frame's delay
            if data[at + 1] == 0xF9:
                delay = int.from_bytes(data[at + 4 : at + 6], "little")
            at = _skip_sub_blocks(data, at + 2)
        elif block == 0x2C:  # a frame: its descriptor, its own colours, then its pixels
            flags = data[at + 9]
            at += 10 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
            at = _skip_sub_blocks(data, at + 1)  # after the LZW code size
            delays.append(delay)
            delay = 0
        else:
            raise EncodeError(f"unexpected block {block:#04x} in {str(path)!r}")
    return delays


def _skip_sub_blocks(data: bytes, at: int) -> int:
    while data[at]:
        at += data[at] + 1
    return at + 1


class _Encoder:
    """A context manager over an ffmpeg: a block left normally ends with ``close`` (and, if
    that fails, ``abort``); a block left by an exception ends with ``abort``."""

    def close(self) -> None:
        raise NotImplementedError

    def abort(self) -> None:
        raise NotImplementedError

    def _ffmpeg_said(self) -> str:
        """What the ffmpeg (``_process``, its stderr in ``_log``) said last, or what stopped it."""
        return _said(self._process, self._log)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            self.abort()
            return
        try:
            self.close()
        except BaseException:
            self.abort()
            raise


class VideoWriter(_Encoder):
    """Push one RGBA frame per shot; the file appears at ``path`` when committed.

    The container follows the file's extension: MP4 (H.264, and AAC for music), WebM (VP9,
    and Opus), or GIF (one optimised palette, looping).

    The video is written to a temporary file of ``outputs`` and appears when they are
    committed; without ``outputs`` it is committed by ``close``. Use as a context manager:
    leaving the block by an exception kills ffmpeg and removes the temporary file, leaving
    whatever was at ``path`` as it was.
    """

    def __init__(
        self,
        path: Path,
        width: int,
        height: int,
        fps: float | Fraction,
        holds: Sequence[int],
        quality: Quality = QUALITIES[DEFAULT_QUALITY],
        music: Path | None = None,
        *,
        music_start: float = 0.0,
        fade_out: bool = False,
        constant_rate: bool = False,
        outputs: Outputs | None = None,
    ) -> None:
        if width % 2 or height % 2:
            raise ValueError("yuv420p video needs an even width and height")
        kind = Path(path).suffix.lower()
        if kind not in VIDEO_FORMATS:
            raise ValueError(f"cannot write {Path(path).suffix!r} video; use one of {VIDEO_FORMATS}")
        self.path, self.width, self.height = Path(path), width, height
        self.holds = list(holds)
        self.rate = frame_rate(fps)
        self.constant_rate = constant_rate
        self.times = presentation_times(self.holds)
        self.sent = 0
        self._gif_delays: list[int] | None = None
        # The last picture's bytes, written to ffmpeg from a thread of their own while the
        # next is drawn (see ``write``), and what that writing met.
        self._picture: np.ndarray | None = None
        self._sending: threading.Thread | None = None
        self._failure: BaseException | None = None
        self._own = outputs is None
        self._outputs = Outputs() if outputs is None else outputs
        self._temp = self._outputs.stage(self.path)
        self._log = tempfile.TemporaryFile()
        filters, output = _encoding(kind, quality, self.holds, self.rate, music is not None, constant_rate,
                                    fade_out)
        music_input = [] if music is None else [*FILES_ONLY, *music_part(music_start), "-i",
                                                ffmpeg_path(music)]
        # The filter graph is read from a file (-/vf): a smooth video of many shots times
        # every frame, and its graph outgrows what one command-line argument may hold.
        with signals_held():  # made and remembered together: an interrupt between leaves no file
            self._graph = _graph_file(f"setpts={_pts_expression(self.times)},{filters}")
        # Every frame stored: exactly the holds' frames. The fps filter holds the closing
        # picture as long as the gap before it, so a last shot longer or shorter than the one
        # before had made the file longer than its shots (10.90 s for 10 s, 327 frames).
        frames = ["-frames:v", str(sum(self.holds))] if constant_rate else []
        command = [
            ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
            *_rgba_pipe_input(width, height), "-framerate", str(self.rate), "-i", "pipe:0",
            *music_input,
            "-/vf", ffmpeg_path(self._graph), "-fps_mode", "passthrough", *frames,
            *output, ffmpeg_path(self._temp),
        ]
        try:
            self._process = spawn(command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=self._log)
        except BaseException:
            self._discard()
            raise
        _widen_pipe(self._process.stdin)

    @property
    def pictures(self) -> int:
        """How many pictures the file stores: one per shot (and the closing repeat), or one
        per frame at a constant frame rate."""
        if self._gif_delays is not None:
            return len(self._gif_delays)
        return sum(self.holds) if self.constant_rate else len(self.times)

    @property
    def duration(self) -> float:
        """The video's length in seconds, as written (a GIF's, once closed, read back from
        the file: its delays are whole hundredths)."""
        if self._gif_delays is not None:
            return sum(self._gif_delays) / 100
        return float(sum(self.holds) / self.rate)

    def write(self, rgba: np.ndarray) -> None:
        """Send the picture of the next shot (held for its number of frames)."""
        if self.sent >= len(self.holds):
            raise ValueError(f"more pictures than the {len(self.holds)} shots announced")
        if rgba.shape != (self.height, self.width, 4) or rgba.dtype != np.uint8:
            raise ValueError(f"frame must be {self.height}x{self.width}x4 uint8, got {rgba.shape}")
        copies = 2 if self.sent == len(self.holds) - 1 and len(self.times) > len(self.holds) else 1
        # A write returns only once ffmpeg has read most of the picture (8 MB at 1080p), and
        # ffmpeg reads when its encoder is ready for it: the picture is copied and written
        # from a thread, so the caller draws the next one meanwhile (the canvas it came
        # from is drawn over by then). One picture is in flight at a time.
        self._wait_for_sending()
        if self._picture is None:
            self._picture = np.empty(rgba.shape, np.uint8)  # in row order, whatever the frame's
        np.copyto(self._picture, rgba)
        self._sending = threading.Thread(target=self._send, args=(self._picture, copies), daemon=True)
        self._sending.start()
        self.sent += 1

    def _send(self, picture: np.ndarray, copies: int) -> None:
        try:
            data = memoryview(picture).cast("B")
            for _ in range(copies):
                self._process.stdin.write(data)
        except BaseException as failure:  # told to the caller by its next write or close
            self._failure = failure

    def _wait_for_sending(self) -> None:
        """The last picture is written (raising what stopped it)."""
        if self._sending is not None:
            self._sending.join()
            self._sending = None
        if self._failure is not None:
            failure, self._failure = self._failure, None
            if isinstance(failure, BrokenPipeError):
                _stop(self._process)
                raise EncodeError(f"ffmpeg stopped early: {self._ffmpeg_said()}") from None
            raise failure

    def close(self) -> None:
        """Finish the file (and, without ``outputs``, put it in place)."""
        if self.sent != len(self.holds):
            raise ValueError(f"{self.sent} of {len(self.holds)} shots were written")
        self._wait_for_sending()
        try:
            self._process.stdin.close()
        except BrokenPipeError:
            pass
        try:
            if self._process.wait() != 0:
                raise EncodeError(f"ffmpeg failed: {self._ffmpeg_said()}")
        finally:  # ffmpeg has read it, or is gone: an interrupt while waiting leaves no file
            self._graph.unlink(missing_ok=True)
        self._log.close()
        if self.path.suffix.lower() == ".gif":
            self._gif_delays = gif_delays(self._temp)
        if self._own:
            self._outputs.commit()

    def abort(self) -> None:
        """Stop ffmpeg and remove the temporary file; ``path`` is left as it was. A second
        Ctrl-C (or a TERM after an INT) waits until this is done: one that came while ffmpeg
        was dying had left the filter graph's file behind."""
        with signals_held():
            if self._sending is not None:  # ffmpeg first: its death ends a write it is not reading
                _stop(self._process)
                self._sending.join()
                self._sending = self._failure = None
            with contextlib.suppress(OSError):
                self._process.stdin.close()
            _stop(self._process)
            self._discard()

    def _discard(self) -> None:
        self._log.close()
        with contextlib.suppress(OSError):
            self._graph.unlink(missing_ok=True)
        if self._own:
            self._outputs.discard()
        else:
            with contextlib.suppress(OSError):
                self._temp.unlink(missing_ok=True)




def _last_line(log) -> str:
    """What an ffmpeg said last on the (temporary) file its stderr went to."""
    log.seek(0)
    lines = log.read().decode(errors="replace").strip().splitlines()
    return lines[-1] if lines else "no message"


def _said(process: subprocess.Popen, log) -> str:
    """What an ffmpeg said last, or what stopped it: a signal leaves it no word to say."""
    said = _last_line(log)
    if process.returncode is not None and process.returncode < 0:
        try:
            name = signal.Signals(-process.returncode).name
        except ValueError:
            name = f"signal {-process.returncode}"
        return f"it was killed by {name}" + ("" if said == "no message" else f" ({said})")
    return said


@functools.cache
def has_encoder(name: str) -> bool:
    """Whether the ffmpeg in use has the encoder ``name`` (``libwebp``)."""
    try:
        listed = subprocess.run([ffmpeg_exe(), "-hide_banner", "-nostdin", "-encoders"], capture_output=True,
                                stdin=subprocess.DEVNULL, timeout=30).stdout.decode(errors="replace")
    except (OSError, subprocess.SubprocessError):
        return False
    return any(line.split()[1:2] == [name] for line in listed.splitlines() if line.strip())


class PictureWriter(_Encoder):
    """RGBA frames to WebP pictures of ``size``, made by an ffmpeg of their own, which
    scales (each pixel the mean of its area) and encodes one while the next is drawn.

    Use as a context manager; ``pictures`` holds each picture's bytes once it is closed.
    Leaving the block by an exception stops ffmpeg.
    """

    def __init__(self, width: int, height: int, size: tuple[int, int], quality: int, method: int) -> None:
        self.width, self.height = width, height
        self.pictures: list[bytes] = []
        self.sent = 0
        self._out, self._log = tempfile.TemporaryFile(), tempfile.TemporaryFile()
        command = [
            ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-nostdin",
            *_rgba_pipe_input(width, height), "-i", "pipe:0",
            "-vf", f"scale={size[0]}:{size[1]}:flags=area,format=yuv420p",
            "-c:v", "libwebp", "-quality", str(quality), "-compression_level", str(method),
            "-f", "image2pipe", "pipe:1",
        ]
        try:
            self._process = spawn(command, stdin=subprocess.PIPE, stdout=self._out, stderr=self._log)
        except BaseException:
            self._close_files()
            raise
        _widen_pipe(self._process.stdin)

    def write(self, rgba: np.ndarray) -> None:
        if rgba.shape != (self.height, self.width, 4) or rgba.dtype != np.uint8:
            raise ValueError(f"frame must be {self.height}x{self.width}x4 uint8, got {rgba.shape}")
        try:
            self._process.stdin.write(memoryview(np.ascontiguousarray(rgba)).cast("B"))
        except BrokenPipeError:
            _stop(self._process)
            raise EncodeError(f"ffmpeg stopped early making pictures: {self._ffmpeg_said()}") from None
        self.sent += 1

    def close(self) -> None:
        with contextlib.suppress(BrokenPipeError):
            self._process.stdin.close()
        if self._process.wait() != 0:
            raise EncodeError(f"ffmpeg could not make the pictures: {self._ffmpeg_said()}")
        self._out.seek(0)
        self.pictures = split_riff(self._out.read())
        self._close_files()
        if len(self.pictures) != self.sent:
            raise EncodeError(f"ffmpeg made {len(self.pictures)} pictures of {self.sent}")

    def abort(self) -> None:
        """Stop ffmpeg and drop what it made."""
        with contextlib.suppress(OSError):
            self._process.stdin.close()
        _stop(self._process)
        self._close_files()

    def _close_files(self) -> None:
        self._out.close()
        self._log.close()


def split_riff(data: bytes) -> list[bytes]:
    """RIFF files (WebP pictures) written one after another, apart."""
    files, at = [], 0
    while at < len(data):
        if data[at : at + 4] != b"RIFF" or at + 8 > len(data):
            raise EncodeError("ffmpeg wrote something other than WebP pictures")
        end = at + 8 + int.from_bytes(data[at + 4 : at + 8], "little")
        end += (end - at) % 2  # a chunk of odd length is padded to an even one
        files.append(data[at:end])
        at = end
    return files


def encode_png(rgba: np.ndarray) -> bytes:
    """One RGBA picture as the bytes of a PNG file (alpha kept)."""
    height, width = rgba.shape[:2]
    command = [
        ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-nostdin",
        *_rgba_pipe_input(width, height), "-i", "pipe:0",
        "-frames:v", "1", "-c:v", "png", "-pix_fmt", "rgba", "-f", "image2pipe", "pipe:1",
    ]
    process = spawn(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        png, said = process.communicate(np.ascontiguousarray(rgba).tobytes())
    finally:
        _stop(process)
    if process.returncode != 0 or not png:
        raise EncodeError(f"ffmpeg could not make a PNG: {said.decode(errors='replace').strip()}")
    return png
