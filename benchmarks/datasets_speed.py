"""How long each data set's default video takes, against the default XOR video.

    python benchmarks/datasets_speed.py [--sets spiral,circles,...] [--rounds N]

Every video is made by the command itself, in a fresh Python process, from start-up to the
finished file, as a user would run it. The XOR video and each data set's video alternate, and
each ratio is of medians measured in this run (the machine's other work weighs on both).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETS = ("circles", "moons", "gauss", "xor2d", "spiral")


def seconds(command: str, folder: Path) -> float:
    start = time.perf_counter()
    out = folder / f"{command}.mp4"
    command_line = [sys.executable, "-m", "nnviz", command, "--out", str(out), "--quiet"]
    subprocess.run(command_line, check=True, cwd=ROOT)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(SETS))
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    names = args.sets.split(",")
    times: dict[str, list[float]] = {name: [] for name in ["xor", *names]}
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(args.rounds):
            for name in names:
                times["xor"].append(seconds("xor", Path(folder)))
                times[name].append(seconds(name, Path(folder)))
    xor = statistics.median(times["xor"])
    print(f"default videos, 1920x1080, median of {args.rounds} runs each, alternating with XOR")
    print(f"{'xor':10s} {xor:6.2f} s")
    for name in names:
        median = statistics.median(times[name])
        print(f"{name:10s} {median:6.2f} s   {median / xor:4.2f} x the XOR video   (target <= 3)")


if __name__ == "__main__":
    main()
