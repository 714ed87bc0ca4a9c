"""Make the XOR learning video and its three stills for a blog post, from Python.

    python examples/xor_blog_video.py [OUTPUT_FOLDER]
"""

import argparse
from pathlib import Path

import nnviz

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("folder", nargs="?", type=Path, default=Path("xor-post"),
                    help="where to put learn.mp4, stills/ and summary.json (default: xor-post)")
folder = parser.parse_args().folder
folder.mkdir(parents=True, exist_ok=True)
result = nnviz.xor_video(
    folder / "learn.mp4", width=1280, height=720, stills=folder / "stills", json=folder / "summary.json"
)
print(f"{result.video}: {result.duration_s:.0f} s, new situation estimate {result.new_estimate:.2f}")
for name, path in result.stills.items():
    print(f"  {name}: {path}")
