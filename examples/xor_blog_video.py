"""Make the XOR learning video and its three stills for a blog post, from Python.

    python examples/xor_blog_video.py [OUTPUT_FOLDER]
"""

import sys
from pathlib import Path

import nnviz

folder = Path(sys.argv[1] if len(sys.argv) > 1 else "xor-post")
folder.mkdir(parents=True, exist_ok=True)
result = nnviz.xor_video(
    folder / "learn.mp4", width=1280, height=720, stills=folder / "stills", json=folder / "summary.json"
)
print(f"{result.video}: {result.duration_s:.0f} s, new situation estimate {result.new_estimate:.2f}")
for name, path in result.stills.items():
    print(f"  {name}: {path}")
