"""Memory of decoding music and finding its beats: a 5-minute and a 60-minute track; and of
a whole run timed to a 48-minute track, with --beats and without.

Each track (120 BPM kicks, off-beat hi-hats and pink noise, 44.1 kHz stereo WAV, made with
the bundled ffmpeg in a temporary folder) is decoded and its beats found (``load_track`` and
``beats``, as ``--music FILE --beats`` does) in a fresh Python process, whose peak resident
memory is read from the operating system when it ends (wait4's ru_maxrss: the largest of
the process and the ffmpeg it waited for). The baseline is a process that only imports
numpy; another imports nnviz.audio (and with it nnviz: matplotlib and the renderer), and
what decoding adds is the peak above that.

What decoding adds stays nearly the same from 5 to 60 minutes when the PCM is decoded in
blocks (only the onset strength grows, 5 MB an hour); it grows about 12 times if the whole
track is held (318 MB an hour at 22,050 Hz), and faster with n x n onset matrices.

The whole run is ``nnviz xor --music TRACK --out FILE.mp4`` at its defaults (1920x1080), once
with ``--beats`` and once without, each in a fresh process: the peak with beats may be at
most 1.25 times the peak without.

    python benchmarks/music_memory.py [--minutes 5 60] [--run-minutes 48] [--source DIR]

``--source`` imports nnviz from another checkout, to compare versions. Linux and macOS only
(ru_maxrss is in KB on Linux, bytes on macOS).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Not nnviz.video's ffmpeg_exe: on Linux a child's peak includes this process's memory when
# it was started, so this one stays small (no numpy, no nnviz).
import imageio_ffmpeg

BEAT = 0.5  # s: 120 BPM
PATTERN_SECONDS = 30  # the pattern generated once, then repeated to the track's length
KICK = f"0.8*sin(2*PI*(55+90*exp(-30*mod(t,{BEAT})))*mod(t,{BEAT}))*exp(-20*mod(t,{BEAT}))"
HAT = f"0.25*(2*random(0)-1)*exp(-60*mod(t+{BEAT / 2},{BEAT}))"
DECODE = """
import json, sys, time
from pathlib import Path
import nnviz.audio
from nnviz.audio import beats, load_track
start = time.perf_counter()
track = load_track(Path(sys.argv[1]))
decoded = time.perf_counter()
found = beats(track)
print(json.dumps({"seconds": track.duration, "beats": 0 if found is None else len(found.times),
                  "decode_s": decoded - start, "beats_s": time.perf_counter() - decoded,
                  "module": nnviz.audio.__file__}))
"""
RUN = """
import sys
from nnviz.cli import main
sys.exit(main(["xor", "--quiet", "--music", *sys.argv[1:]]))
"""
BASELINE = "import numpy"
IMPORTS = "import nnviz.audio"  # and with it the package: matplotlib, the renderer


def make_track(folder: Path, minutes: float) -> Path:
    """A drum-like track of ``minutes``: a pattern made by lavfi sources, looped."""
    pattern = folder / "pattern.wav"
    if not pattern.exists():
        sources = [
            "-f", "lavfi", "-i", f"aevalsrc=exprs='{KICK}+{HAT}':s=44100:d={PATTERN_SECONDS}",
            "-f", "lavfi", "-i", f"anoisesrc=color=pink:amplitude=0.06:r=44100:d={PATTERN_SECONDS}",
        ]
        mix = "[0][1]amix=inputs=2:normalize=0,pan=stereo|c0=c0|c1=c0"
        _ffmpeg(*sources, "-filter_complex", mix, "-c:a", "pcm_s16le", str(pattern))
    track = folder / f"{minutes:g}-minutes.wav"
    _ffmpeg("-stream_loop", "-1", "-i", str(pattern), "-t", str(minutes * 60), "-c", "copy", str(track))
    return track


def _ffmpeg(*arguments: str) -> None:
    command = [imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", *arguments]
    subprocess.run(command, check=True)


def peak_memory(code: str, *arguments: str, source: Path) -> tuple[float, str]:
    """Run ``code`` in a fresh Python; its peak resident memory (MB) and what it printed."""
    paths = [str(source), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
    command = [sys.executable, "-c", code, *arguments]
    # Run in the source folder: python -c puts the current folder first on its path.
    child = subprocess.Popen(command, stdout=subprocess.PIPE, env=environment, cwd=source)
    printed = child.stdout.read().decode()
    child.stdout.close()
    # wait4, not wait: the usage of this child alone (RUSAGE_CHILDREN would be the largest so far).
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"the measured process failed ({child.returncode})")
    unit = 1 if sys.platform == "darwin" else 1024
    return usage.ru_maxrss * unit / 2**20, printed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, nargs="+", default=[5, 60])
    parser.add_argument("--run-minutes", type=float, default=48, help="the whole run's track (0: none)")
    parser.add_argument("--source", type=Path, default=Path(__file__).resolve().parents[1],
                        help="the checkout nnviz is imported from (default: this one)")
    options = parser.parse_args()

    baseline, _ = peak_memory(BASELINE, source=options.source)
    imports, _ = peak_memory(IMPORTS, source=options.source)
    print(f"{'process':<24}{'length':>10}{'beats':>8}{'peak RSS':>12}{'x baseline':>12}{'decoding':>12}"
          f"{'decode s':>10}{'beats s':>9}")
    for name, peak in (("imports numpy only", baseline), ("imports nnviz.audio", imports)):
        print(f"{name:<24}{'':>10}{'':>8}{peak:>9.1f} MB{peak / baseline:>12.2f}")
    decoding = []  # what decoding and beat finding add to the imports
    with tempfile.TemporaryDirectory() as folder:
        for minutes in options.minutes:
            track = make_track(Path(folder), minutes)
            peak, printed = peak_memory(DECODE, str(track), source=options.source)
            track.unlink()
            found = json.loads(printed)
            decoding.append(peak - imports)
            print(f"{f'{minutes:g}-minute track':<24}{found['seconds']:>8.1f} s{found['beats']:>8}"
                  f"{peak:>9.1f} MB{peak / baseline:>12.2f}{decoding[-1]:>9.1f} MB"
                  f"{found['decode_s']:>10.1f}{found['beats_s']:>9.1f}")
        if options.run_minutes:
            track = make_track(Path(folder), options.run_minutes)
            video = Path(folder) / "run.mp4"
            peaks = {}
            for name, extra in (("without --beats", []), ("with --beats", ["--beats"])):
                start = time.perf_counter()
                arguments = (str(track), "--out", str(video), *extra)
                peaks[name], _ = peak_memory(RUN, *arguments, source=options.source)
                print(f"{f'{options.run_minutes:g}-minute run, {name}':<40}{peaks[name]:>9.1f} MB"
                      f"{time.perf_counter() - start:>10.0f} s")
            ratio = peaks["with --beats"] / peaks["without --beats"]
            print(f"peak with --beats / without: {ratio:.2f} (at most 1.25)")
    print(f"nnviz.audio from {found['module']}")
    if len(decoding) > 1:
        longer = options.minutes[-1] / options.minutes[0]
        print(f"{options.minutes[-1]:g} minutes against {options.minutes[0]:g}: {longer:g} times as long, "
              f"{decoding[-1] / decoding[0]:.2f} times what decoding adds")


if __name__ == "__main__":
    main()
