"""Video speed: nnviz against the naive way and against the encoder's floor, in one run.

Every case runs in a fresh Python process, timed from start to exit (imports, training,
drawing, encoding: what a user waits for). Peak memory is that process's peak resident size
plus its ffmpeg's (from getrusage, so Unix only).

1. naive: benchmarks/naive_xor_video.py, the way most hobby code makes this video (numpy
   training loop, new artists per frame, matplotlib's FFMpegWriter, x264 medium / CRF 23).
2. nnviz: ``python -m nnviz xor``, the same video (same shots, size and durations), in each
   --quality, and stretched to about ten minutes.
3. distinct frames: every shot held one frame, so every frame differs. nnviz drawing and
   encoding them, against the encoder's floor: the same frames, drawn beforehand and held in
   memory, piped through the same encoder settings. The two alternate three times and the
   median ratio is reported.

    python benchmarks/render_speed.py [--size 1920x1080]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import runpy
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
TEN_MINUTES_HOLD_S = 6.4  # 94 shots x 6.4 s = 10 min 1.6 s
DISTINCT_CYCLES = 20  # 1 + 20 x 7 + 2 = 143 distinct frames
PAIRS = 3  # floor and nnviz runs, alternating


# ----------------------------------------------------------------------------- measuring
def report_peak_memory() -> None:
    """Print (to stderr, as JSON) this process's peak resident size plus its child's.

    nnviz's only child is its ffmpeg, so this is an upper bound on the peak memory of the
    whole job (the two peaks need not coincide).
    """
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"peak_mb": (own + child) / 1024}), file=sys.stderr)


def measure(arguments: list[str]) -> dict:
    """Run ``python ARGUMENTS`` in a fresh process, through this file so that it reports its
    peak memory; returns the wall time, the peak and what the job printed on stdout."""
    command = [sys.executable, __file__, "--measure", "--", *arguments]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(arguments)}\n{done.stderr}")
    peak = json.loads(done.stderr.strip().splitlines()[-1])["peak_mb"]
    return {"seconds": seconds, "peak_mb": peak, "stdout": done.stdout}


def run_measured(arguments: list[str]) -> None:
    """Run ``-m module …`` or ``script.py …`` in this process, then report peak memory."""
    if arguments[0] == "-m":
        sys.argv = [arguments[1], *arguments[2:]]
        run = lambda: runpy.run_module(arguments[1], run_name="__main__", alter_sys=True)  # noqa: E731
    else:
        sys.argv = arguments
        run = lambda: runpy.run_path(arguments[0], run_name="__main__")  # noqa: E731
    # nnviz's command ends with os._exit (nothing after it runs): the peak is reported on
    # the way out, whichever way the job ends.
    real_exit = os._exit

    def reported_exit(code: int) -> None:
        if code == 0:
            report_peak_memory()
        sys.stderr.flush()
        real_exit(code)

    os._exit = reported_exit
    try:
        run()
    except SystemExit as exit:
        if exit.code:
            raise
    report_peak_memory()


# ----------------------------------------------------------------------------- the distinct-frames jobs
def distinct_frames_job(kind: str, size: tuple[int, int], out: Path) -> None:
    """Runs inside a fresh process; prints the timed part as JSON."""
    from nnviz.data import xor
    from nnviz.render import Renderer
    from nnviz.story import story
    from nnviz.train import TrainConfig, train

    run = train(xor(), TrainConfig(shown=DISTINCT_CYCLES))
    print(json.dumps(time_distinct_frames(kind, Renderer(run.setup, *size), story(run, 1), size, out)))


def time_distinct_frames(kind: str, renderer, shots: list, size: tuple[int, int], out: Path) -> dict:
    """Every shot held one frame: ``nnviz`` draws and encodes them; ``floor`` draws them all
    first (not timed) and encodes the frames held in memory. The timed part, in seconds."""
    from nnviz.video import DEFAULT_QUALITY, QUALITIES, VideoWriter

    holds = [1] * len(shots)
    quality = QUALITIES[DEFAULT_QUALITY]
    if kind == "floor":
        frames = [renderer.draw(shot).copy() for shot in shots]  # not timed
        start = time.perf_counter()
        with VideoWriter(out, *size, 30, holds, quality) as video:
            for frame in frames:
                video.write(frame)
    else:
        start = time.perf_counter()
        with VideoWriter(out, *size, 30, holds, quality) as video:
            for shot in shots:
                video.write(renderer.draw(shot))
    return {"frames": len(shots), "seconds": time.perf_counter() - start}


# ----------------------------------------------------------------------------- the report
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1920x1080")
    parser.add_argument("--job", choices=["floor", "nnviz"], help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("job_arguments", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        run_measured(args.job_arguments)
        return
    size = tuple(int(v) for v in args.size.lower().split("x"))
    if args.job:
        distinct_frames_job(args.job, size, args.out)
        return

    from nnviz.video import DEFAULT_QUALITY, QUALITIES

    rows: list[tuple[str, dict, int]] = []
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)

        def nnviz(name: str, *options: str) -> dict:
            out = tmp / f"{name}.mp4"
            result = measure(["-m", "nnviz", "xor", "--out", str(out), "--quiet",
                              "--size", args.size, *options])
            result["mb"] = out.stat().st_size / 1e6
            return result

        naive_out = tmp / "naive.mp4"
        naive = measure([str(HERE / "naive_xor_video.py"), str(naive_out), "--size", args.size])
        naive["mb"] = naive_out.stat().st_size / 1e6
        rows.append(("naive: numpy loop, new artists, FFMpegWriter, x264 medium", naive, 94))
        results = {}
        for quality in QUALITIES:
            results[quality] = nnviz(quality, "--quality", quality)
            label = f"nnviz xor --quality {quality}" + (" (default)" if quality == DEFAULT_QUALITY else "")
            rows.append((label, results[quality], 94))
        default = results[DEFAULT_QUALITY]
        long = nnviz("ten-minutes", "--seconds-per-frame", str(TEN_MINUTES_HOLD_S))
        rows.append((f"nnviz, same shots held {TEN_MINUTES_HOLD_S:g} s (10 min video)", long, 94))

        # The floor and nnviz alternate, PAIRS times: on a shared machine the speed drifts
        # by 10 % and more between runs, so each pair's ratio is taken and the median kept.
        pairs: dict[str, list[dict]] = {"floor": [], "nnviz": []}
        for _ in range(PAIRS):
            for job in ("floor", "nnviz"):
                out = tmp / f"distinct-{job}.mp4"
                result = measure([__file__, "--job", job, "--size", args.size, "--out", str(out)])
                timed = json.loads(result["stdout"])
                result.update(seconds=timed["seconds"], frames=timed["frames"],
                              mb=out.stat().st_size / 1e6)
                pairs[job].append(result)
        ratios = sorted(
            (n["frames"] / n["seconds"]) / (f["frames"] / f["seconds"])
            for f, n in zip(pairs["floor"], pairs["nnviz"])
        )
        median = len(ratios) // 2
        for job, name in (("floor", "encoder floor: frames held in memory"),
                          ("nnviz", "nnviz: draw and encode")):
            result = sorted(pairs[job], key=lambda r: r["seconds"])[median]
            rows.append((f"{name}, {result['frames']} distinct (median)", result,
                         result["frames"]))

    print(f"{args.size}, {os.cpu_count()} cores, Python {platform.python_version()}, {date.today()}")
    print(f"{'':66}{'seconds':>8}{'frames/s':>10}{'peak MB':>9}{'file MB':>9}")
    for label, r, frames in rows:
        print(f"{label:66}{r['seconds']:8.2f}{frames / r['seconds']:10.1f}{r['peak_mb']:9.0f}{r['mb']:9.1f}")
    print()
    checks = [
        ("default video, naive / nnviz time:", f"{naive['seconds'] / default['seconds']:6.2f} x ", ">= 5"),
        ("distinct frames, nnviz / encoder floor:", f"{ratios[median]:6.2f}   ",
         f">= 0.8; the {PAIRS} pairs: {', '.join(f'{r:.2f}' for r in ratios)}"),
        ("10-minute video / default video time:", f"{long['seconds'] / default['seconds']:6.2f}   ",
         "<= 1.5"),
        ("peak memory, default video:", f"{default['peak_mb']:6.0f} MB", "< 500"),
        ("peak memory, 10-minute / default video:", f"{long['peak_mb'] / default['peak_mb']:6.2f}   ",
         "<= 1.10"),
    ]
    for name, value, target in checks:
        print(f"{name:46}{value}  (target {target})")


if __name__ == "__main__":
    main()
