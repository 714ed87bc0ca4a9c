"""Recordings on disk: a versioned ``.npz`` that ``nnviz render`` films without training again.

The format (version 1) is a NumPy ``.npz`` archive, read without pickles:

- ``format``: the string ``nnviz-recording``; ``version``: 1;
- ``setup``: JSON — ``sizes``, ``hidden``, ``output``, ``kind``, ``story``, ``steps``,
  ``step_name``, ``classes``, ``title``, ``bias``, ``batch``, ``dropout``, ``learning_rate``,
  ``learning_rate_decay`` (``none`` when absent), ``notes`` (what the Recorder found the
  loop's records say against themselves, said with every video of them; absent: none);
  and ``data``: null, or the data set's ``name``, ``kind``, ``classes``, ``input_names``,
  ``image_shape``, ``scaling`` (``mean``, ``scale``) and ``notes``;
- for each snapshot in order (S of them), stacked: ``step`` (S,), ``example`` (S,; −1 where
  unknown), ``inputs`` (S, n₀), ``target`` (S, n_L; NaN where unknown), ``output``
  (S, n_L), ``metrics`` (S, 4: loss, accuracy, test loss, test accuracy; NaN where not
  measured), ``average_error`` (S,; NaN where none), and per layer l ``W{l}`` (S, n_l,
  n_{l+1}), ``b{l}`` (S, n_{l+1}), ``a{l}`` (S, n_l) for every layer including the inputs,
  and ``dropped{l}`` (S, n_l) for hidden layers where dropout was recorded (with
  ``dropped_recorded`` (S,) where only some steps have masks);
- ``initial_W{l}``, ``initial_b{l}`` (the network before training, if known) and
  ``final_W{l}``, ``final_b{l}``;
- ``history`` (H, 5): step, loss, accuracy, test loss, test accuracy at every measured step;
- with data: ``data_inputs``, ``data_targets``, ``data_test_inputs``, ``data_test_targets``,
  and ``data_new_inputs``, ``data_new_target`` where there is a new situation.
"""

from __future__ import annotations

import json
import math
import os
import re
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import numpy as np

from . import checks
from .checks import UsageError
from .data import Dataset, Scaling
from .film import ALT_TEXT, Subject, VideoOptions, VideoResult, film
from .network import ACTIVATIONS, OUTPUTS, Network
from .npz_sizes import declared_values
from .outputs import Outputs, ending_after_cleanup
from .recording import (
    MOST_STEPS,
    STORIES,
    Curve,
    Metrics,
    Recording,
    Setup,
    Snapshot,
    as_recorded,
    frozen,
    inconsistency,
)
from .story import shape
from .train import DECAYS

FORMAT = "nnviz-recording"
VERSION = 1
MOST_NOTES, LONGEST_NOTE = 20, 2000  # a recording's notes, far beyond what the Recorder writes
SHOWN_BY_DEFAULT = 100  # a recording's steps a video shows when nothing sets how many
MAX_RECORDING_BYTES = 4 * 2**30  # a file larger than this is not a recording nnviz made
# Values a recording may hold, as its arrays' headers declare them: MNIST's 70,000 pictures and
# a thousand snapshots of 784-16-16-10 are about 7e7. Zeros compress to almost nothing, so the
# file's size alone does not bound what unpacking it would take.
MAX_RECORDING_VALUES = 5 * 10**8
# What a recording's setup (its JSON) always holds.
SETUP_KEYS = ("sizes", "hidden", "output", "kind", "story", "steps", "step_name", "classes", "title", "bias",
              "batch", "dropout", "learning_rate")
# The arrays a recording holds; any other member is not read.
RECORDED = re.compile(r"(format|version|setup|step|example|inputs|target|output|metrics|average_error|history"
                      r"|(final_|initial_)?[Wb]\d+|a\d+|dropped\d+|dropped_recorded|data_(test_)?(inputs|targets)"
                      r"|data_new_(inputs|target))")


def save(recording: Recording, path: Path) -> Path:
    """Write ``recording`` to ``path`` (atomically: complete or not at all)."""
    if not isinstance(recording, Recording):
        raise UsageError(f"save writes a Recording (a Recorder's .recording, or nnviz.load's), not "
                         f"{type(recording).__name__}")
    path = checks.file_path(path, "the recording's path")
    checks.output_file(Path(path), "recording", (".npz",))
    with ending_after_cleanup(), Outputs() as outputs:
        # Array by array into the file, as numpy.savez_compressed writes them: all of them
        # built at once (as doubles, then as singles) and compressed into memory had taken
        # 2.7 GB to save 3,000 records of 784-32-10 that held 0.7 GB.
        try:
            with zipfile.ZipFile(outputs.stage(Path(path)), "w", zipfile.ZIP_DEFLATED) as archive:
                for name, array in _arrays(recording):
                    with archive.open(f"{name}.npy", "w", force_zip64=True) as member:
                        np.lib.format.write_array(member, array, allow_pickle=False)
        except OSError as error:  # a full disk: said of the file asked for, not of its temporary one
            raise OSError(error.errno, error.strerror, str(path)) from None
        outputs.commit()
    return Path(path)


def _narrowed(array: np.ndarray) -> np.ndarray:
    """Doubles that are all singles (a float32 model's weights, recorded as doubles) as
    singles: the same numbers in half the bytes, and compressed seven times faster (a loop's
    9,370 records of 784-32-16-10 had taken five minutes to save, at 1 GB)."""
    if array.dtype != np.float64 or not array.size:
        return array
    with np.errstate(over="ignore"):  # a double beyond singles becomes inf, so is kept a double
        single = array.astype(np.float32)
        return single if np.array_equal(single, array, equal_nan=True) else array


def _stacked(parts: list[np.ndarray]) -> np.ndarray:
    """One array of every snapshot's ``parts``, as singles where each part's doubles all are
    singles: narrowed part by part, the whole stack of doubles (and its comparison with its
    singles, three times its size) is never made; 3,000 records of 784-32-10 had taken 2.6 GB
    to save, 0.7 GB held."""
    arrays = [np.asarray(part) for part in parts]
    if not arrays or any(a.dtype != np.float64 or a.shape != arrays[0].shape for a in arrays):
        return _narrowed(np.array(arrays))
    stacked = np.empty((len(arrays), *arrays[0].shape), dtype=np.float32)
    with np.errstate(over="ignore"):
        for i, part in enumerate(arrays):
            stacked[i] = part
            if not np.array_equal(stacked[i], part, equal_nan=True):
                del stacked  # a double that is no single: kept as doubles, never compared whole
                return np.array(arrays)
    return stacked


def _arrays(recording: Recording) -> Iterator[tuple[str, np.ndarray]]:
    """Each array of the file, made as it is asked for (one snapshot array at a time), as
    singles where its doubles all are singles."""
    setup, snaps = recording.setup, recording.snapshots
    layers = len(setup.sizes) - 1
    yield from {
        "format": np.array(FORMAT),
        "version": np.array(VERSION),
        "setup": np.array(json.dumps({**_setup_json(setup), "notes": list(recording.notes)})),
        "step": np.array([s.step for s in snaps], dtype=np.int64),
        "example": np.array([-1 if s.example is None else s.example for s in snaps], dtype=np.int64),
        "metrics": _narrowed(np.array([_metric_row(s.metrics) for s in snaps]).reshape(len(snaps), 4)),
        "average_error": _narrowed(np.array([np.nan if s.average_error is None else s.average_error
                                             for s in snaps])),
        "history": _narrowed(np.column_stack([getattr(recording.history, name) for name in
                                              ("steps", "loss", "accuracy", "test_loss", "test_accuracy")])),
    }.items()
    yield "inputs", _stacked([s.inputs for s in snaps])
    yield "target", _stacked([s.target for s in snaps])
    yield "output", _stacked([s.output for s in snaps])
    for layer in range(layers):
        yield f"W{layer}", _stacked([s.network.W[layer] for s in snaps])
        yield f"b{layer}", _stacked([s.network.b[layer] for s in snaps])
        yield f"final_W{layer}", _narrowed(np.asarray(recording.final.W[layer]))
        yield f"final_b{layer}", _narrowed(np.asarray(recording.final.b[layer]))
        if recording.initial is not None:
            yield f"initial_W{layer}", _narrowed(np.asarray(recording.initial.W[layer]))
            yield f"initial_b{layer}", _narrowed(np.asarray(recording.initial.b[layer]))
    for layer in range(layers + 1):
        yield f"a{layer}", _stacked([s.activations[layer] for s in snaps])
    masked = [s.dropped is not None for s in snaps]
    if any(masked):  # a step of the loop without dropout (an evaluation, step 0) has no masks
        for hidden in range(layers - 1):
            none = np.zeros(setup.sizes[hidden + 1], dtype=bool)
            yield f"dropped{hidden + 1}", np.array(
                [none if s.dropped is None else s.dropped[hidden] for s in snaps], dtype=bool)
        if not all(masked):
            yield "dropped_recorded", np.array(masked)
    data = setup.dataset
    if data is not None:
        arrays = {"data_inputs": data.inputs, "data_targets": data.targets,
                  "data_test_inputs": data.test_inputs, "data_test_targets": data.test_targets}
        if data.new_inputs is not None:
            arrays |= {"data_new_inputs": data.new_inputs, "data_new_target": data.new_target}
        for name, array in arrays.items():
            yield name, _narrowed(np.asarray(array))


def _metric_row(metrics: Metrics) -> list[float]:
    values = (metrics.loss, metrics.accuracy, metrics.test_loss, metrics.test_accuracy)
    return [np.nan if v is None else v for v in values]


def _setup_json(setup: Setup) -> dict:
    data = setup.dataset
    return {
        "sizes": list(setup.sizes), "hidden": setup.hidden, "output": setup.output, "kind": setup.kind,
        "story": setup.story, "steps": setup.steps, "step_name": setup.step_name,
        "classes": None if setup.classes is None else list(setup.classes), "title": setup.title,
        "bias": setup.bias, "batch": setup.batch, "dropout": setup.dropout,
        "learning_rate": setup.learning_rate,
        "learning_rate_decay": setup.learning_rate_decay, "unsure": setup.unsure, "probes": setup.probes,
        "seed": setup.seed, "weight_grids": setup.weight_grids,
        "neuron_maps": setup.neuron_maps, "layer_sweep": setup.layer_sweep,
        "closing_tests": setup.closing_tests,
        "data": None if data is None else {
            "name": data.name, "kind": data.kind,
            "classes": None if data.classes is None else list(data.classes),
            "input_names": None if data.input_names is None else list(data.input_names),
            "image_shape": None if data.image_shape is None else list(data.image_shape),
            "scaling": None if data.scaling is None else {"mean": list(data.scaling.mean),
                                                         "scale": list(data.scaling.scale)},
            "notes": list(data.notes),
            "about": data.about,
            "domain": None if data.domain is None else [list(axis) for axis in data.domain],
        },
    }


def load(path: Path) -> Recording:
    """Read a recording; a UsageError (one line) says why a file is not one."""
    path = checks.file_path(path, "the recording's path")
    checks.input_file(path, "recording")
    if path.stat().st_size > MAX_RECORDING_BYTES:
        raise UsageError(f"{str(path)!r} is larger than any recording nnviz writes; give a recording (.npz)")
    try:
        declared = sum(n for name, n in declared_values(path).items() if RECORDED.fullmatch(name))
        if declared > MAX_RECORDING_VALUES:
            raise UsageError(f"{str(path)!r} declares {declared:,} values, more than any recording nnviz "
                             f"makes ({MAX_RECORDING_VALUES:,}); give a recording (.npz)")
        with np.load(path, allow_pickle=False) as archive:
            found = {name: archive[name] for name in archive.files if RECORDED.fullmatch(name)}
    except UsageError:
        raise
    except (OSError, ValueError, zipfile.BadZipFile, EOFError, MemoryError) as error:  # a header may lie
        raise UsageError(f"{str(path)!r} is not a recording nnviz can read ({_reason(error)}); "
                         "make one with nnviz.Recorder(...).save(FILE)") from None
    try:
        return _recording(found, path)
    except UsageError:  # already says what is wrong and what to do
        raise
    # A hand-edited setup: "data" that is a word, "steps" of 1e400, arrays nested 100,000 deep.
    except (KeyError, ValueError, TypeError, IndexError, AttributeError, OverflowError,
            RecursionError) as error:
        raise UsageError(f"{str(path)!r} is not a complete recording ({_reason(error)}); "
                         "save it again with nnviz.Recorder(...).save(FILE)") from None


def _typed(meta: dict) -> None:
    """The setup's fields of the kinds nnviz writes (a size of 2.5, a bias of "no", a class
    named null had been taken as 2, True and "None")."""
    whole = lambda v: isinstance(v, int) and not isinstance(v, bool)  # noqa: E731
    if not (isinstance(meta["sizes"], list) and all(whole(n) for n in meta["sizes"])):
        raise ValueError(f"its layer sizes {meta['sizes']!r} are not whole numbers")
    for name in ("bias", "probes", "weight_grids", "neuron_maps", "layer_sweep", "closing_tests"):
        if not isinstance(meta.get(name, False), bool):
            raise ValueError(f"its {name} is {meta[name]!r}, not true or false")
    if not whole(meta.get("seed", 0)):
        raise ValueError(f"its seed {meta['seed']!r} is not a whole number")
    if meta["kind"] not in ("tabular", "points", "image"):
        raise ValueError(f"its kind {meta['kind']!r} is not tabular, points or image")
    classes = meta["classes"]
    if classes is not None and not (isinstance(classes, list) and all(isinstance(c, str) for c in classes)
                                    and len(set(classes)) == len(classes)):
        raise ValueError("its classes are not names, each once")


def _setting(value: object, name: str, low: float, high: float, *, whole: bool = False,
             optional: bool = True) -> float | int | None:
    """A number of the setup (None where ``optional`` and not known), from ``low`` to ``high``:
    the range check every option has, said as a reason the file is not a recording."""
    if value is None and optional:
        return None
    problem = checks.range_problem(name, value, low, high, whole=whole)
    if problem is not None:
        raise ValueError(problem)
    return value if whole else float(value)


def _decay(value: object) -> str:
    if value not in DECAYS:
        raise ValueError(f"the learning rate's decay must be one of {', '.join(DECAYS)}, not {value!r}")
    return str(value)


def _reason(error: BaseException) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    if isinstance(error, KeyError):
        text = f"no array {text}"
    if "pickled" in text or "allow_pickle" in text:  # numpy's advice is about trusting a file
        return "it holds Python objects, which nnviz does not read"
    return text if len(text) <= 120 else text[:120].rsplit(" ", 1)[0] + " …"


def _recording(found: dict[str, np.ndarray], path: Path) -> Recording:
    if found.get("format") is None or str(found["format"]) != FORMAT:
        raise UsageError(f"{str(path)!r} is an .npz, but not a recording of nnviz's; make one with "
                         "nnviz.Recorder(...).save(FILE)")
    version = int(found["version"])
    if version != VERSION:
        raise UsageError(f"{str(path)!r} is a recording of version {version}; this nnviz reads version "
                         f"{VERSION} (upgrade nnviz, or save the recording again)")
    for name, array in found.items():  # numbers, where numbers are kept (not text, not complex)
        if name not in ("format", "setup") and array.dtype.kind not in "biuf":
            raise ValueError(f"its array {name} holds {array.dtype.name} values, not numbers")
    meta = json.loads(str(found["setup"]))
    if not isinstance(meta, dict):
        raise ValueError("its setup is not a JSON object")
    missing = next((key for key in SETUP_KEYS if key not in meta), None)
    if missing is not None:  # said as the setup's, not as a missing array
        raise ValueError(f"its setup has no {missing!r}")
    _typed(meta)
    sizes = tuple(int(n) for n in meta["sizes"])
    if not 2 <= len(sizes) <= checks.MAX_LAYERS or not all(1 <= n <= checks.MAX_LAYER_SIZE for n in sizes):
        raise ValueError(f"layer sizes {sizes} are out of range")
    for name, known in (("hidden", ACTIVATIONS), ("output", OUTPUTS), ("story", STORIES)):
        if meta[name] not in known:
            raise ValueError(f"its {name} {meta[name]!r} is none of {', '.join(map(repr, known))}")
    layers = len(sizes) - 1
    if not 1 <= int(meta["steps"]) <= MOST_STEPS:
        raise ValueError(f"its steps ({meta['steps']}) are not from 1 to 10¹⁵")
    setup = Setup(
        sizes=sizes, hidden=meta["hidden"], output=meta["output"], kind=meta["kind"], story=meta["story"],
        steps=int(meta["steps"]), step_name=str(meta["step_name"]),
        classes=None if meta["classes"] is None else tuple(meta["classes"]), dataset=_dataset(meta, found),
        title=str(meta["title"]), bias=bool(meta["bias"]),
        batch=_setting(meta["batch"], "the batch", 1, math.inf, whole=True),
        dropout=_setting(meta["dropout"], "dropout", 0, checks.MAX_DROPOUT, optional=False),
        learning_rate=_setting(meta["learning_rate"], "the learning rate", math.ulp(0.0), math.inf),
        learning_rate_decay=_decay(meta.get("learning_rate_decay", "none")),
        unsure=_setting(meta.get("unsure"), "unsure", 0, 1),  # absent from recordings saved before it existed
        probes=bool(meta.get("probes", False)), seed=int(meta.get("seed", 0)),
        weight_grids=bool(meta.get("weight_grids", False)), neuron_maps=bool(meta.get("neuron_maps", False)),
        layer_sweep=bool(meta.get("layer_sweep", False)),
        closing_tests=bool(meta.get("closing_tests", False)),  # absent from earlier recordings
    )
    hidden, output = setup.hidden, setup.output

    def network(prefix: str, index: int | None = None) -> Network:
        def layer(name: str, k: int) -> np.ndarray:
            array = found[f"{prefix}{name}{k}"]
            return frozen(array if index is None else array[index])

        W = tuple(layer("W", k) for k in range(layers))
        b = tuple(layer("b", k) for k in range(layers))
        for k, (w, v) in enumerate(zip(W, b)):
            if w.shape != (sizes[k], sizes[k + 1]) or v.shape != (sizes[k + 1],):
                raise ValueError(f"layer {k}'s weights do not match the sizes {sizes}")
            if not (np.all(np.isfinite(w)) and np.all(np.isfinite(v))):
                raise ValueError("weights hold NaN or infinity")
        return Network(W, b, hidden, output)

    steps = found["step"]
    if steps.ndim != 1:
        raise ValueError(f"its step array has shape {steps.shape}, not one step per record")
    # Whole numbers: steps of 0.5 and 1.5 had been read as 0 and 1, and reported so.
    if not np.all((steps >= 0) & (steps <= MOST_STEPS) & (steps == np.round(steps))):
        raise ValueError("its steps are not all whole numbers from 0 to 10¹⁵")
    # One row per record in each per-record array: one row short had been "index 40 is out
    # of bounds for axis 0 with size 40", or "its examples are not all whole numbers".
    per_record = ["example", "inputs", "target", "output", "metrics", "average_error",
                  *(f"{kind}{k}" for kind in "Wb" for k in range(layers)),
                  *(f"a{k}" for k in range(layers + 1)),
                  *(name for name in found if name.startswith("dropped"))]
    for name in per_record:
        rows = found[name].shape[0] if name in found and found[name].ndim else None
        if name in found and rows != len(steps):
            raise ValueError(f"its array {name!r} holds {rows or 'no'} records where 'step' holds "
                             f"{len(steps)}")
    examples = found["example"]
    if examples.shape != steps.shape or not np.all((examples >= -1) & (examples == np.round(examples))):
        raise ValueError("its examples are not all whole numbers from -1 (unknown) up")
    if np.any(np.diff(steps) < 0):
        raise ValueError("steps go backwards")
    for k in range(layers + 1):  # each snapshot's activations, a row per step, a column per neuron
        shape = found[f"a{k}"].shape
        if shape != (len(steps), sizes[k]):
            raise ValueError(f"a{k} has shape {shape}, not ({len(steps)}, {sizes[k]})")
    snapshots = []
    for i in range(len(steps)):
        values = found["metrics"][i]
        dropped = None
        if "dropped1" in found and ("dropped_recorded" not in found or found["dropped_recorded"][i]):
            dropped = tuple(frozen(found[f"dropped{h}"][i]) for h in range(1, layers))
        average = float(found["average_error"][i])
        snapshots.append(Snapshot(
            step=int(steps[i]), example=None if found["example"][i] < 0 else int(found["example"][i]),
            inputs=frozen(found["inputs"][i]), target=frozen(found["target"][i]),
            output=frozen(found["output"][i]), network=network("", i),
            activations=tuple(frozen(found[f"a{k}"][i]) for k in range(layers + 1)),
            metrics=Metrics(*(None if np.isnan(v) else float(v) for v in values)),
            average_error=None if np.isnan(average) else average, dropped=dropped,
        ))
    if not snapshots:
        raise ValueError("no snapshots")
    initial = network("initial_") if "initial_W0" in found else None
    history = found["history"].reshape(-1, 5).astype(float)  # float16 compared with 10¹⁵ overflowed
    if not np.all((history[:, 0] >= 0) & (history[:, 0] <= MOST_STEPS)):
        raise ValueError("its history's steps are not all whole numbers from 0 to 10¹⁵")
    # As a Recorder does: metrics after the last recorded weights are not said beside them.
    history = history[history[:, 0] <= snapshots[-1].step]
    curve = Curve.of(history[:, 0].astype(int), [
        Metrics(*(None if np.isnan(v) else float(v) for v in row[1:])) for row in history
    ])
    setup = as_recorded(setup, snapshots, curve)
    notes = meta.get("notes", [])  # absent from earlier recordings
    if not (isinstance(notes, list) and all(isinstance(note, str) for note in notes)):
        raise ValueError("its notes are not a list of sentences")
    if len(notes) > MOST_NOTES or any(len(note) > LONGEST_NOTE for note in notes):  # each is printed
        raise ValueError(f"its notes are more than the Recorder writes (at most {MOST_NOTES} of at most "
                         f"{LONGEST_NOTE:,} characters)")
    recording = Recording(setup, initial, tuple(snapshots), network("final_"), curve, tuple(notes))
    problem = inconsistency(recording)
    if problem is not None:
        raise ValueError(problem)
    return recording


def _dataset(meta: dict, found: dict[str, np.ndarray]) -> Dataset | None:
    data = meta.get("data")
    if data is None:
        return None
    scaling = data.get("scaling")
    return Dataset(
        data["name"], found["data_inputs"], found["data_targets"],
        new_inputs=found.get("data_new_inputs"), new_target=found.get("data_new_target"),
        kind=data["kind"], test_inputs=found["data_test_inputs"], test_targets=found["data_test_targets"],
        classes=None if data["classes"] is None else tuple(data["classes"]),
        input_names=None if data["input_names"] is None else tuple(data["input_names"]),
        scaling=None if scaling is None else Scaling(tuple(scaling["mean"]), tuple(scaling["scale"])),
        image_shape=None if data["image_shape"] is None else tuple(data["image_shape"]),
        notes=tuple(data.get("notes", ())),
        about=str(data.get("about", "")),
        domain=None if data.get("domain") is None else tuple(tuple(axis) for axis in data["domain"]),
        # A recording's data is a Recorder's data= and test=: an example is at its own index.
        train_rows=np.arange(len(found["data_inputs"])), test_rows=np.arange(len(found["data_test_inputs"])),
    )


def picked(recording: Recording, shown: int) -> Recording:
    """The recording with ``shown`` of its recorded steps, spread as nnviz spreads shown steps
    (evenly on a log scale of the step: more early on), always keeping the first and the last."""
    steps = recording.steps
    if shown >= len(steps):
        return recording
    keep = {steps[i] for i in _spread(steps, shown)}
    snapshots = tuple(s for s in recording.snapshots if s.step in keep)
    return Recording(recording.setup, recording.initial, snapshots, recording.final, recording.history,
                     recording.notes)


def _spread(steps: tuple[int, ...], shown: int) -> list[int]:
    """The indices of ``shown`` of ``steps`` nearest to even spacing on a log scale of the
    step itself, the first and the last among them. Spacing by position instead would bunch
    them twice over where the recorded steps are already geometric (a Recorder's): 7 of 12
    shots in the first 1 % of the run."""
    position = np.log1p(np.asarray(steps, dtype=float) - steps[0])
    chosen: list[int] = []
    for i, ideal in enumerate(np.linspace(position[0], position[-1], shown)):
        # Room for the steps still to come; never the same step twice or going backwards.
        lowest = chosen[-1] + 1 if chosen else 0
        highest = len(steps) - (shown - i)
        chosen.append(lowest + int(np.argmin(np.abs(position[lowest:highest + 1] - ideal))))
    return chosen


def recording_subject(source: Recording | Path, notes: tuple[str, ...] = (),
                      annotate: bool = False) -> Subject:
    """A saved (or just made) recording, to film; ``notes``: what its maker knows about it;
    ``annotate``: every weight written on its wire (a small network's)."""
    if not isinstance(source, (Recording, str, os.PathLike)):
        raise UsageError(f"a recording is a Recording or a saved recording's path, not {source!r}")
    if not isinstance(annotate, (bool, np.bool_)):
        raise UsageError(f"annotate is True or False, not {annotate!r}")
    saved = None if isinstance(source, Recording) else Path(source)
    recording = source if saved is None else load(saved)
    if annotate:  # a way of drawing: a recording is annotated as it is filmed
        if recording.setup.neuron_maps:
            raise UsageError(f"{checks.option('annotate')} writes its numbers at the neurons, where this "
                             "recording's neuron maps are drawn; drop it")
        checks.annotatable(recording.setup.sizes, "drop it")
        recording = replace(recording, setup=replace(recording.setup, annotate=True))
    steps = len(recording.steps)
    story_shape = shape(recording.setup, recording.initial is not None)
    per_step = len(recording.snapshots) // max(steps, 1)
    story_shape = type(story_shape)(story_shape.opening, max(per_step, 1), story_shape.closing)
    # A recorded step 0 is the network before training (and always among the shown steps).
    before = recording.initial is not None or recording.steps[:1] == (0,)
    moments = ("before", "after") if before else ("after",)
    if recording.setup.story == "examples" and recording.setup.dataset.new_inputs is not None:
        moments += ("new",)
    if recording.setup.ends_on_tests:
        moments += ("test:1", "test:2")
    inputs = {} if saved is None else {"recording": saved}
    return Subject(
        begin=lambda shown: picked(recording, shown),
        shape=story_shape,
        most_steps=steps,
        still_moments=moments,
        poster_moment="new" if "new" in moments else "after",
        details=lambda run: {"recorded_steps": list(recording.steps)},
        # Every step recorded makes a video of hours (5,000 steps, 83 minutes): at most
        # SHOWN_BY_DEFAULT of them, spread over the run, unless asked (a note says so).
        default_shown=min(steps, SHOWN_BY_DEFAULT),
        inputs=inputs,
        recorded=True,
        # A page's caption and a player's name say what the recording is, where it says.
        alt=f"{recording.setup.title} — {ALT_TEXT[0].lower()}{ALT_TEXT[1:]}" if recording.setup.title
        else ALT_TEXT,
        notes=tuple(dict.fromkeys(recording.notes + notes)),
        annotate=bool(annotate),
    )


def recording_video(recording: Recording | Path, out: str | Path = "run.mp4", *, progress=None,
                    outputs: Outputs | None = None, notes: tuple[str, ...] = (), **options) -> VideoResult:
    """The video of a recording; options are :class:`~nnviz.film.VideoOptions`'s."""
    from .api import split_options

    annotate = options.pop("annotate", False)  # how it is drawn, not a video's option
    (video,) = split_options({"out": out, **options}, VideoOptions)
    return film(recording_subject(recording, notes, annotate), video, progress, outputs)
