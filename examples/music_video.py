"""Make a music video: the network learns in time with a track, shots changing on its beats.

    python examples/music_video.py TRACK [OUT.mp4]

The video lasts exactly as long as the track, carries it as AAC, and moves smoothly from
shot to shot. A track without a clear beat is paced evenly (and the script says so).
"""

import argparse
from pathlib import Path

import nnviz

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("track", type=Path, help="any audio file: wav, mp3, ogg, flac, m4a, ...")
parser.add_argument("out", nargs="?", type=Path, default=Path("music-video.mp4"),
                    help="the MP4 to write (default: music-video.mp4)")
args = parser.parse_args()
try:
    result = nnviz.xor_video(args.out, music=args.track, beats=True, smooth=True)
except nnviz.UsageError as error:
    raise SystemExit(f"music_video.py: {error}") from None
print(f"{result.video}: {result.duration_s:.2f} s, {len(result.shot_starts_s)} shots")
for note in result.notes:
    print(note)
