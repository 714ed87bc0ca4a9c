"""The Python API: a video (or a still) of a network learning, from a few options.

The command line is a thin layer over these functions. Everything is checked before any
work starts, so bad input costs nothing and leaves nothing behind.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

import numpy as np

from . import checks
from .checks import UsageError
from .data import xor
from .film import (
    DEFAULT_CYCLES,
    DEFAULT_GIF_WIDTH,
    DEFAULT_SECONDS_PER_SHOT,
    Progress,
    Subject,
    VideoOptions,
    VideoResult,
    film,
    validate,
)
from .outputs import Outputs
from .recording import Recording
from .story import shape
from .train import TrainConfig, begin, setup_of

XOR_ALT = "A 3-4-1 neural network learning XOR: neurons glow as they fire, synapses grow"


@dataclass(frozen=True)
class XorTraining:
    """What the XOR video trains: the 3-4-1 sigmoid network of the original, online."""

    seed: int = 0
    train_cycles: int = 60_000
    learning_rate: float = 1.0
    bias: bool = False

    def config(self, shown: int) -> TrainConfig:
        return TrainConfig(seed=self.seed, train_cycles=self.train_cycles, shown=shown,
                           learning_rate=self.learning_rate, bias=self.bias)


def split_options(options: dict, *kinds: type) -> list:
    """Keyword options shared out among dataclasses by field name; a UsageError names any
    that none of them takes (``seconds_per_frame`` is another name for ``seconds_per_shot``)."""
    options = dict(options)
    if "seconds_per_frame" in options:  # the name it had before shots were called shots
        if "seconds_per_shot" in options:
            raise UsageError("give seconds_per_shot or seconds_per_frame, not both")
        options["seconds_per_shot"] = options.pop("seconds_per_frame")
    made = []
    for kind in kinds:
        names = {f.name for f in fields(kind)}
        try:
            made.append(kind(**{k: options.pop(k) for k in list(options) if k in names}))
        except TypeError as error:
            raise UsageError(str(error)) from None
    if options:
        raise UsageError(f"unknown option{'s' if len(options) > 1 else ''}: {', '.join(sorted(options))}")
    return made


def xor_subject(training: XorTraining, cycles: int | None = None) -> Subject:
    """The XOR story: every example of each shown cycle, after training, a new situation."""
    checks.training(training.seed, training.train_cycles, cycles, training.learning_rate)
    data = xor()
    setup = setup_of(data, training.config(DEFAULT_CYCLES))

    def details(run: Recording) -> dict:
        return {
            "final_outputs": [float(v) for v in run.final_outputs().ravel()],
            "new_situation": {"inputs": _plain(data.new_inputs),
                              "estimate": float(run.new_situation()[-1][0])},
        }

    return Subject(
        begin=lambda shown: begin(data, training.config(shown)),
        shape=shape(setup),
        most_steps=training.train_cycles,
        still_moments=("before", "after", "new"),
        poster_moment="new",
        details=details,
        alt=XOR_ALT,
    )


def xor_video(
    out: str | Path = "learn.mp4", *, progress: Progress | None = None,
    outputs: Outputs | None = None, **options
) -> VideoResult:
    """Train the 3-4-1 network on XOR and make the video of it learning.

    Options are the fields of :class:`XorTraining` (``seed``, ``train_cycles``,
    ``learning_rate``, ``bias``) and of :class:`~nnviz.film.VideoOptions` (``cycles``,
    ``width``, ``music``, …; ``seconds_per_frame`` is another name for ``seconds_per_shot``).
    ``progress(done, total)`` counts the video's frames as they are encoded.

    Every file (the video and any stills, poster, contact sheet, page or summary) is
    written in full to a temporary file first and all are put in place together at the
    end; on any failure or interruption none is, and earlier files stay as they were.
    Pass ``outputs`` to learn afterwards whether that commit happened (``outputs.committed``).
    """
    training, video = split_options({"out": Path(out), **options}, XorTraining, VideoOptions)
    return film(xor_subject(training, video.cycles), video, progress, outputs)


def _plain(values: np.ndarray) -> list:
    """Numbers for JSON: whole numbers as ints, the rest as floats."""
    return [int(v) if float(v).is_integer() else float(v) for v in np.ravel(values)]


__all__ = [
    "DEFAULT_CYCLES", "DEFAULT_GIF_WIDTH", "DEFAULT_SECONDS_PER_SHOT", "UsageError", "VideoOptions",
    "VideoResult", "XorTraining", "validate", "xor_video",
]

