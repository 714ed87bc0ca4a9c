"""Beats of real recordings: nnviz against independent beat trackers, and cuts on their beats.

The recordings are game music that Debian packages under free licences, several genres:
metal and rock songs (Frets on Fire's, whose song and guitar tracks are mixed), orchestral
and rock game themes, electronic, blues and ambient pieces. From each package the first
TRACKS_PER_PACKAGE files (sorted by path) from 30 s to 8 minutes long are taken, a rule fixed
before any result was seen, so that no track is picked for how well it goes. Nothing is
copied into the repository; install the packages:

    apt-get install fretsonfire-songs-muldjord fretsonfire-songs-sectoid extremetuxracer-data \\
        hedgewars-data lincity-ng-data xmoto-data warzone2100-music

The references run in an environment of their own, never a dependency of nnviz:

    python3 -m venv /tmp/beatref
    /tmp/beatref/bin/pip install numpy matplotlib imageio-ffmpeg tqdm librosa mir_eval essentia \\
        cython "setuptools<70" wheel scipy mido
    /tmp/beatref/bin/pip install --no-build-isolation --no-deps madmom
    /tmp/beatref/bin/python benchmarks/beats.py [--cache DIR] [--source DIR]

``--source`` imports nnviz from another checkout, to compare versions (one whose ``beats``
gives a list of times is measured too).

- **madmom** (Böck et al.: a recurrent network's beat activation, then a dynamic Bayesian
  network; 0.16.1, the current release, needs ``collections.MutableSequence`` and numpy's
  ``np.float`` and kin put back on Python 3.10 and numpy 1.24 and later, done here) is the
  reference.
- **essentia**'s BeatTrackerMultiFeature (Zapata et al. 2014: five onset functions, the
  beats chosen by agreement) is the second reference.
- **librosa**'s ``beat_track`` (Ellis 2007's dynamic programming, defaults) is what nnviz
  should at least match, measured against both references.

Each track is decoded once (the bundled ffmpeg, mono, 22,050 Hz; 44.1 kHz by resampling for
madmom and essentia, which expect it) and kept in the cache folder with every tracker's beats,
so a second run takes seconds. F is mir_eval's beat F-measure (±70 ms, beats in the first 5 s
left out). "Cuts on a beat" is the share of shot changes of ``nnviz xor --music TRACK --beats``
(default pacing, 30 fps: the frame on which each shot starts) within 70 ms of a madmom beat;
"without" is the same for evenly paced shots, what chance gives. A track has a steady beat
where the two references agree (F of essentia against madmom at least 0.8).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]

RATE = 22_050
TRACKS_PER_PACKAGE = 3
SHORTEST_S, LONGEST_S = 30.0, 480.0
TOLERANCE_S = 0.07
STEADY = 0.8  # F between the two references for a track to count as having a steady beat
FPS = 30
PACKAGES = {  # package: (genre, files or song folders)
    "fretsonfire-songs-muldjord": ("metal", "/usr/share/games/fretsonfire/data/songs/muldjord/*/"),
    "fretsonfire-songs-sectoid": ("metal, rock", "/usr/share/games/fretsonfire/data/songs/sectoid/*/"),
    "extremetuxracer-data": ("game themes", "/usr/share/games/etr/music/*.ogg"),
    "hedgewars-data": ("game themes", "/usr/share/games/hedgewars/Data/Music/*.ogg"),
    "lincity-ng-data": ("electronic, blues", "/usr/share/games/lincity-ng/music/default/*.ogg"),
    "xmoto-data": ("electronic, rock", "/usr/share/games/xmoto/Textures/Musics/*.ogg"),
    "warzone2100-music": ("electronic, orchestral", "/usr/share/games/warzone2100/music/albums/*/*.opus"),
}


def ffmpeg() -> str:
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


def decode(sources: list[str]) -> np.ndarray:
    """Mono float32 samples at RATE; a song and its guitar track are mixed."""
    inputs = [arg for source in sources for arg in ("-i", source)]
    mix = ["-filter_complex", "[0][1]amix=inputs=2:normalize=0"] if len(sources) == 2 else []
    command = [ffmpeg(), "-v", "error", *inputs, *mix, "-ac", "1", "-ar", str(RATE), "-f", "f32le", "-"]
    return np.frombuffer(subprocess.run(command, capture_output=True, check=True).stdout, np.float32)


def tracks(cache: Path) -> list[dict]:
    """The tracks of every installed package, by the rule in the module's text."""
    import glob

    chosen = []
    for package, (genre, pattern) in PACKAGES.items():
        found = sorted(glob.glob(pattern))
        if not found:
            print(f"({package} is not installed: apt-get install {package})")
            continue
        taken = 0
        for path in found:
            sources = [path + "song.ogg", path + "guitar.ogg"] if path.endswith("/") else [path]
            name = f"{package}-{Path(path.rstrip('/')).stem}".replace(" ", "_").lower()
            wav = cache / "audio" / f"{name}.wav"
            if not wav.exists():
                samples = decode(sources)
                if not SHORTEST_S <= len(samples) / RATE <= LONGEST_S:
                    continue
                wav.parent.mkdir(parents=True, exist_ok=True)
                _write_wav(wav, samples)
            chosen.append({"name": name, "package": package, "genre": genre, "wav": wav})
            taken += 1
            if taken == TRACKS_PER_PACKAGE:
                break
    return chosen


def _write_wav(path: Path, samples: np.ndarray) -> None:
    """A 32-bit float WAV: decoded again, it gives exactly these samples."""
    command = [ffmpeg(), "-v", "error", "-y", "-f", "f32le", "-ar", str(RATE), "-ac", "1", "-i", "-",
               "-c:a", "pcm_f32le", str(path)]
    subprocess.run(command, input=samples.astype("<f4").tobytes(), check=True)


def samples_of(wav: Path) -> np.ndarray:
    return decode([str(wav)])


def madmom_beats(samples: np.ndarray) -> list[float]:
    import collections
    import collections.abc

    # madmom 0.16.1 on Python 3.10 and later, and on numpy 1.24 and later: names they dropped.
    collections.MutableSequence = collections.abc.MutableSequence
    for kind in (float, int, bool, complex, object):
        if kind.__name__ not in np.__dict__:
            setattr(np, kind.__name__, kind)
    from madmom.audio.signal import Signal
    from madmom.features.beats import DBNBeatTrackingProcessor, RNNBeatProcessor
    from scipy.signal import resample_poly

    high = resample_poly(samples, 2, 1).astype(np.float32)
    activation = RNNBeatProcessor()(Signal(high, sample_rate=44_100))
    return DBNBeatTrackingProcessor(fps=100)(activation).tolist()


def essentia_beats(samples: np.ndarray) -> list[float]:
    import essentia.standard as es
    import librosa

    high = librosa.resample(samples, orig_sr=RATE, target_sr=44_100).astype(np.float32)
    return [float(t) for t in es.BeatTrackerMultiFeature()(high)[0]]


def librosa_beats(samples: np.ndarray) -> list[float]:
    import librosa

    return librosa.beat.beat_track(y=samples, sr=RATE, units="time")[1].tolist()


REFERENCES = {"madmom": madmom_beats, "essentia": essentia_beats, "librosa": librosa_beats}


def cached(cache: Path, tracker: str, track: dict) -> list[float]:
    path = cache / tracker / f"{track['name']}.json"
    if path.exists():
        return json.loads(path.read_text())
    beats = REFERENCES[tracker](samples_of(track["wav"]))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(beats))
    return beats


def f_measure(reference: list[float], estimate: list[float]) -> float:
    import mir_eval

    trim = mir_eval.beat.trim_beats
    reference, estimate = trim(np.asarray(reference)), trim(np.asarray(estimate))
    return float(mir_eval.beat.f_measure(reference, estimate, TOLERANCE_S))


def on_a_beat(times: np.ndarray, beats: list[float]) -> float:
    """Share of ``times`` within TOLERANCE_S of one of ``beats``."""
    beats = np.sort(np.asarray(beats))
    if len(times) == 0 or len(beats) == 0:
        return 0.0
    index = np.clip(np.searchsorted(beats, times), 1, len(beats) - 1)
    nearest = np.minimum(np.abs(times - beats[index - 1]), np.abs(times - beats[index]))
    return float(np.mean(nearest <= TOLERANCE_S))


def nnviz_run(wav: Path) -> dict:
    """nnviz's beats, and the times its shots change at with --beats and without."""
    from nnviz.audio import beats, load_track

    try:  # the XOR story's shape and its most steps
        from nnviz.api import XorTraining, xor_subject
        from nnviz.film import VideoOptions, pace

        subject = xor_subject(XorTraining())
        story = (subject.shape, subject.most_steps)
    except ImportError:  # an earlier nnviz: pace(options, examples)
        from nnviz.api import VideoOptions, pace

        story = (7,)
    grid = beats(load_track(wav))
    if isinstance(grid, list):  # an earlier nnviz: the times alone
        grid = EarlierGrid(np.asarray(grid))
    changes = {}
    for with_beats in (True, False):
        pacing = pace(VideoOptions(music=wav, beats=with_beats, fps=FPS), *story)
        changes[with_beats] = np.cumsum(pacing.holds)[:-1] / FPS
    return {"grid": grid, "cuts": changes[True], "even": changes[False]}


class EarlierGrid:
    """The beats of an nnviz whose ``beats`` gave only their times."""

    def __init__(self, times: np.ndarray) -> None:
        self.times = times
        self.tempo = 60 / np.median(np.diff(times))
        self.meter = None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=Path("/tmp/nnviz-beats-benchmark"))
    parser.add_argument("--source", type=Path, default=ROOT, help="the checkout nnviz is imported from")
    options = parser.parse_args()
    sys.path.insert(0, str(options.source))
    rows = []
    header = (f"{'track':<44}{'genre':<24}{'BPM':>5}{'ref':>5}{'F nnviz':>9}{'F librosa':>10}"
              f"{'F2 nnviz':>10}{'F2 librosa':>11}{'cuts on beat':>13}{'without':>9}  meter")
    print("F: against madmom; F2: against essentia; cuts on beat: share of shot changes within "
          "70 ms of a madmom beat")
    print(header)
    for track in tracks(options.cache):
        reference = {name: cached(options.cache, name, track) for name in REFERENCES}
        run = nnviz_run(track["wav"])
        grid = run["grid"]
        found = [] if grid is None else grid.times.tolist()
        row = {
            "steady": f_measure(reference["madmom"], reference["essentia"]) >= STEADY,
            "f": f_measure(reference["madmom"], found),
            "f_librosa": f_measure(reference["madmom"], reference["librosa"]),
            "f2": f_measure(reference["essentia"], found),
            "f2_librosa": f_measure(reference["essentia"], reference["librosa"]),
            "cuts": on_a_beat(run["cuts"], reference["madmom"]) if grid is not None else float("nan"),
            "even": on_a_beat(run["even"], reference["madmom"]),
        }
        rows.append(row)
        bpm = "none" if grid is None else f"{grid.tempo:.0f}"
        ref_bpm = 60 / np.median(np.diff(reference["madmom"]))
        mark = "" if row["steady"] else " *"
        print(f"{track['name'][:43]:<44}{track['genre']:<24}{bpm:>5}{ref_bpm:>5.0f}{row['f']:>9.2f}"
              f"{row['f_librosa']:>10.2f}{row['f2']:>10.2f}{row['f2_librosa']:>11.2f}"
              f"{row['cuts']:>13.0%}{row['even']:>9.0%}  {'-' if grid is None else grid.meter or '-'}{mark}",
              flush=True)
    table = {key: np.array([row[key] for row in rows]) for key in rows[0]}
    steady = table["steady"]
    print(f"{'median':<73}{np.median(table['f']):>9.2f}{np.median(table['f_librosa']):>10.2f}"
          f"{np.median(table['f2']):>10.2f}{np.median(table['f2_librosa']):>11.2f}"
          f"{np.nanmedian(table['cuts']):>13.0%}{np.median(table['even']):>9.0%}")
    librosa = np.median(table["f_librosa"][steady])
    print(f"* no steady beat (the references disagree). Steady tracks: {steady.sum()} of {len(rows)}; "
          f"their median F {np.median(table['f'][steady]):.2f} (librosa {librosa:.2f}),"
          f" cuts on a beat: median {np.nanmedian(table['cuts'][steady]):.0%}, "
          f"lowest {np.nanmin(table['cuts'][steady]):.0%}, "
          f"{np.sum(table['cuts'][steady] >= 0.8)} of {steady.sum()} at 80 % or more")
    import nnviz

    print(f"({datetime.date.today()}, {platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}; nnviz from {Path(nnviz.__file__).parent})")


if __name__ == "__main__":
    main()
