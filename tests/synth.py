"""Music made from numpy for the beat tests: drums, bass and chords at known times.

Every part is a list of (time in beats, gain); a tempo (BPM, or a function of the beat giving
the time of each beat) turns beats into seconds, so the true beat times are known exactly.
"""

from __future__ import annotations

import wave
from collections.abc import Callable
from pathlib import Path

import numpy as np

RATE = 22_050


def kick(rng: np.random.Generator) -> np.ndarray:
    t = np.arange(int(0.25 * RATE)) / RATE
    return np.sin(2 * np.pi * (50 * t + 100 * (1 - np.exp(-t * 30)) / 30)) * np.exp(-t * 18)


def snare(rng: np.random.Generator) -> np.ndarray:
    t = np.arange(int(0.2 * RATE)) / RATE
    body = 0.4 * np.sin(2 * np.pi * 190 * t) * np.exp(-t * 25)
    return body + 0.6 * rng.standard_normal(len(t)) * np.exp(-t * 22)


def hat(rng: np.random.Generator) -> np.ndarray:
    t = np.arange(int(0.06 * RATE)) / RATE
    return 0.5 * np.diff(rng.standard_normal(len(t) + 1)) * np.exp(-t * 70)  # differenced: bright


def bass(rng: np.random.Generator, hz: float = 55.0) -> np.ndarray:
    t = np.arange(int(0.3 * RATE)) / RATE
    return np.sin(2 * np.pi * hz * t) * np.minimum(t / 0.004, 1) * np.exp(-t * 6)


def chord(rng: np.random.Generator) -> np.ndarray:
    """A soft pad: slow attack, no drum in it."""
    t = np.arange(int(1.5 * RATE)) / RATE
    tones = sum(np.sin(2 * np.pi * f * t) for f in (220.0, 277.2, 329.6))
    return tones / 3 * np.minimum(t / 0.15, 1) * np.exp(-t * 1.2)


SOUNDS = {"kick": kick, "snare": snare, "hat": hat, "bass": bass, "chord": chord}


def steady(bpm: float, first: float = 0.3) -> Callable[[np.ndarray], np.ndarray]:
    """Beat -> seconds at a constant tempo."""
    return lambda beat: first + np.asarray(beat, dtype=float) * 60.0 / bpm


def gliding(start_bpm: float, end_bpm: float, beats: float, first: float = 0.3) -> Callable:
    """Beat -> seconds for a tempo changing evenly (per beat) from one to the other."""
    def at(beat):
        beat = np.asarray(beat, dtype=float)
        # The period moves linearly with the beat count: integrate it.
        p0, p1 = 60.0 / start_bpm, 60.0 / end_bpm
        return first + p0 * beat + (p1 - p0) * beat**2 / (2 * beats)

    return at


def render(parts: dict[str, list[tuple[float, float]]], clock: Callable, seconds: float,
           seed: int = 0) -> np.ndarray:
    """The mix of ``parts`` (sound name -> [(beat, gain)]) placed by ``clock``, ``seconds`` long."""
    rng = np.random.default_rng(seed)
    out = np.zeros(int(seconds * RATE))
    for name, hits in parts.items():
        for beat, gain in hits:
            start = int(round(float(clock(beat)) * RATE))
            if start >= len(out):
                continue
            sound = SOUNDS[name](rng)[: len(out) - start]
            out[start : start + len(sound)] += gain * sound
    return out / max(1.0, np.abs(out).max() / 0.9)


def bars(count: int, pattern: dict[str, list[tuple[float, float]]], meter: int = 4,
         skip: set[int] = frozenset()) -> dict[str, list[tuple[float, float]]]:
    """A pattern (sound -> [(beat within the bar, gain)]) repeated ``count`` bars, less ``skip``."""
    parts: dict[str, list[tuple[float, float]]] = {name: [] for name in pattern}
    for bar in range(count):
        if bar in skip:
            continue
        for name, hits in pattern.items():
            parts[name] += [(bar * meter + beat, gain) for beat, gain in hits]
    return parts


def merge(*parts: dict[str, list[tuple[float, float]]]) -> dict[str, list[tuple[float, float]]]:
    merged: dict[str, list[tuple[float, float]]] = {}
    for part in parts:
        for name, hits in part.items():
            merged.setdefault(name, []).extend(hits)
    return merged


ROCK = {  # kick on 1 and 3 with the bass on 1, snare on 2 and 4, hi-hats on the eighths
    "kick": [(0, 1.0), (2, 0.8)],
    "bass": [(0, 0.8)],
    "snare": [(1, 0.6), (3, 0.6)],
    "hat": [(k / 2, 0.25) for k in range(8)],
}
FOUR = {  # four on the floor: a kick on every beat, a bass note on 1, hi-hats on the eighths
    "kick": [(0, 1.0), (1, 1.0), (2, 1.0), (3, 1.0)],
    "bass": [(0, 0.8)],
    "hat": [(k / 2, 0.25) for k in range(8)],
}
SIXTEENTHS = {  # four on the floor, a bass note on 1, snare on 2 and 4, hi-hats on the sixteenths
    "kick": [(0, 1.0), (1, 0.8), (2, 0.8), (3, 0.8)],
    "bass": [(0, 0.8)],
    "snare": [(1, 0.5), (3, 0.5)],
    "hat": [(k / 4, 0.2 if k % 2 else 0.3) for k in range(16)],
}
SHUFFLE = {  # a triplet feel: hi-hats on the first and third triplet of each beat
    "kick": [(0, 1.0), (2, 0.8)],
    "bass": [(0, 0.8)],
    "snare": [(1, 0.6), (3, 0.6)],
    "hat": [(b + k / 3, 0.3 if k == 0 else 0.2) for b in range(4) for k in (0, 2)],
}
SYNCOPATED = {  # the bass on 1, the "and" of 2 and on 4's "a": the low notes mostly off the beat
    "kick": [(0, 1.0), (2, 0.8)],
    "bass": [(0, 0.9), (1.5, 0.8), (2.75, 0.8), (3.5, 0.7)],
    "snare": [(1, 0.6), (3, 0.6)],
    "hat": [(k / 2, 0.2) for k in range(8)],
}
WALTZ = {  # three beats to the bar: kick and bass on 1, snare on 2 and 3
    "kick": [(0, 1.0)],
    "bass": [(0, 0.8)],
    "snare": [(1, 0.4), (2, 0.4)],
    "hat": [(k / 2, 0.2) for k in range(6)],
}


def write_wav(path: Path, samples: np.ndarray, rate: int = RATE) -> Path:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())
    return path
