"""Fidelity of each --quality on the default video: file size and PSNR of the decoded frames.

The reference is the same frames converted to 4:2:0 (what any H.264 for browsers carries)
and stored without loss (FFV1), so the PSNR measures what x264 loses, not the colour
subsampling every setting shares.

    python benchmarks/quality.py [--size 1920x1080]
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
import time
from pathlib import Path

import imageio_ffmpeg
import numpy as np

from nnviz.data import xor
from nnviz.render import Renderer
from nnviz.story import story
from nnviz.train import TrainConfig, train
from nnviz.video import QUALITIES, VideoWriter

FFMPEG = imageio_ffmpeg.get_ffmpeg_exe()
BT709 = "colorspace=bt709:color_primaries=bt709:color_trc=bt709:range=tv"


def decode(path: Path, width: int, height: int, fps: float | None = None) -> np.ndarray:
    command = [FFMPEG, "-loglevel", "error", "-i", str(path)]
    command += ["-vf", f"fps={fps}"] if fps else []
    raw = subprocess.run(command + ["-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
                         capture_output=True, check=True).stdout
    return np.frombuffer(raw, np.uint8).reshape(-1, height, width, 3)


def lossless_420(frames: list[np.ndarray], width: int, height: int, path: Path) -> np.ndarray:
    """The frames through the same RGB -> BT.709 4:2:0 conversion, stored without loss."""
    command = [
        FFMPEG, "-loglevel", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgba",
        "-s", f"{width}x{height}", "-framerate", "1", "-i", "pipe:0",
        "-vf", f"scale=out_color_matrix=bt709:out_range=tv:flags=bicubic,format=yuv420p,setparams={BT709}",
        "-c:v", "ffv1", "-colorspace", "bt709", "-color_primaries", "bt709",
        "-color_trc", "bt709", "-color_range", "tv", str(path),
    ]
    process = subprocess.Popen(command, stdin=subprocess.PIPE)
    for frame in frames:
        process.stdin.write(frame.tobytes())
    process.stdin.close()
    if process.wait():
        raise SystemExit("ffmpeg could not write the reference")
    return decode(path, width, height)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1920x1080")
    width, height = (int(v) for v in parser.parse_args().size.lower().split("x"))
    fps, hold = 30, 30

    run = train(xor(), TrainConfig())
    shots = story(run, hold)
    renderer = Renderer(run.setup, width, height)
    frames = [renderer.draw(shot).copy() for shot in shots]
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        reference = lossless_420(frames, width, height, tmp / "reference.mkv").astype(float)
        print(f"default video at {width}x{height}: {len(frames)} shots held {hold / fps:g} s")
        print(f"{'quality':<10}{'x264':<22}{'encode s':>9}{'file MB':>9}{'PSNR dB':>9}")
        for name, quality in QUALITIES.items():
            out = tmp / f"{name}.mp4"
            start = time.perf_counter()
            with VideoWriter(out, width, height, fps, [hold] * len(frames), quality) as video:
                for frame in frames:
                    video.write(frame)
            seconds = time.perf_counter() - start
            decoded = decode(out, width, height, fps=1 / (hold / fps))[: len(frames)]
            mse = np.mean((decoded - reference) ** 2)
            settings = f"{quality.preset}, CRF {quality.crf}"
            print(f"{name:<10}{settings:<22}{seconds:9.2f}{out.stat().st_size / 1e6:9.2f}"
                  f"{10 * np.log10(255**2 / mse):9.1f}")


if __name__ == "__main__":
    main()
