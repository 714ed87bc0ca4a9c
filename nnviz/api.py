"""The Python API: a video (or a still) of a network learning, from a few options.

The command line is a thin layer over these functions. Everything is checked before any
work starts, so bad input costs nothing and leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from pathlib import Path

import numpy as np

from . import checks
from .checks import UsageError, option
from .data import DataError, Dataset, class_of, load_table, plane, xor
from .data.digits import DIGITS_TEST_FRACTION, mnist, sklearn_digits
from .data.shapes import DEFAULT_PIXELS as SHAPES_PIXELS
from .data.shapes import DEFAULT_SAMPLES as SHAPES_SAMPLES
from .data.shapes import DEFAULT_TEST_FRACTION as SHAPES_TEST_FRACTION
from .data.shapes import shapes
from .data.table import MISSING_LABELS
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
from .network import ACTIVATIONS, OUTPUTS, spelled
from .outputs import Outputs
from .presets import Preset, preset
from .probes import probe_count
from .recording import Recording
from .story import closing_cases, shape, story_probes
from .style import MAP_CLASSES
from .train import DECAYS, TrainConfig, begin, setup_of

XOR_ALT = "A 3-4-1 neural network learning XOR: neurons glow as they fire, synapses grow"


@dataclass(frozen=True)
class XorTraining:
    """What the XOR video trains: the 3-4-1 sigmoid network of the original, online."""

    seed: int = 0
    train_cycles: int = 60_000
    learning_rate: float = 1.0
    bias: bool = False
    annotate: bool = False  # every weight on its wire, every bias under its neuron

    def __post_init__(self) -> None:
        checks.python_numbers(self)
        checks.switches(self)

    def config(self, shown: int) -> TrainConfig:
        return TrainConfig(seed=self.seed, train_cycles=self.train_cycles, shown=shown,
                           learning_rate=self.learning_rate, bias=self.bias, annotate=self.annotate)


def split_options(options: dict, *kinds: type) -> list:
    """Keyword options shared out among dataclasses by field name; a UsageError names any
    that none of them takes (``seconds_per_frame`` is another name for ``seconds_per_shot``)."""
    options = dict(options)
    # Other names: the one it had before shots were called shots; the command line's --shown.
    for other, name in (("seconds_per_frame", "seconds_per_shot"), ("shown", "cycles")):
        if other in options:
            if name in options:
                raise UsageError(f"give {name} or {other}, not both")
            options[name] = options.pop(other)
    made = []
    for kind in kinds:
        names = {f.name for f in fields(kind)}
        try:
            made.append(kind(**{k: options.pop(k) for k in list(options) if k in names}))
        except TypeError as error:
            raise UsageError(str(error)) from None
    if "quiet" in options:  # the command line's: only it prints
        raise UsageError("quiet is the command line's option: the library prints nothing (progress= "
                         "reports progress to a function of yours); drop it")
    if "size" in options:  # the command line's --size WxH
        raise UsageError(f"size is the command line's --size WxH; give width= and height= (such as "
                         f"width=1280, height=720), not size={options['size']!r}")
    if options:
        raise checks.unknown_options(options, [f.name for kind in kinds for f in fields(kind)])
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
        shown_option="cycles",
        annotate=training.annotate,
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

    Every file (the video and any stills, poster, contact sheet, page, player or summary) is
    written in full to a temporary file first and all are put in place together at the
    end; on any failure or interruption none is, and earlier files stay as they were.
    Pass ``outputs`` to learn afterwards whether that commit happened (``outputs.committed``).
    """
    training, video = split_options({"out": out, **options}, XorTraining, VideoOptions)
    return film(xor_subject(training, video.cycles), video, progress, outputs)


@dataclass(frozen=True)
class NetworkTraining:
    """How any data set's network is made and trained (None: the data set's preset)."""

    layers: tuple[int, ...] | None = None  # every layer's size, inputs to outputs
    activation: str | None = None  # of the hidden neurons: sigmoid, tanh, relu
    loss: str | None = None  # binary (two classes) or softmax (more); squared for sigmoid outputs
    epochs: int | None = None
    learning_rate: float | None = None
    learning_rate_decay: str | None = None  # "none" or "linear" (to nothing over the epochs)
    batch: int | str | None = None  # examples per update, or "full"
    dropout: float | None = None
    seed: int = 0
    bias: bool = True
    unsure: float | None = None  # "I don't know" below this top probability (0: always an answer)
    probes: bool = False  # after the test examples, noise and a moved picture (pictures only)
    weight_grids: bool = False  # the panel shows the first hidden layer's weights as pictures
    neuron_maps: bool = False  # hidden neurons drawn as what they compute over the plane (2-D data)
    annotate: bool = False  # every weight on its wire, every bias under its neuron (small networks)
    layer_sweep: bool = False  # closing shots: what each hidden layer can tell apart (2-D data)

    def __post_init__(self) -> None:
        if self.layers is not None and not isinstance(self.layers, (list, tuple, np.ndarray)):
            raise UsageError(f"layers are every layer's size, inputs to outputs, such as (2, 8, 8, 1); "
                             f"not {self.layers!r}")
        checks.python_numbers(self)
        checks.switches(self)
        object.__setattr__(self, "activation", spelled(self.activation, ACTIVATIONS))

    def config(self, dataset: Dataset, defaults: Preset, shown: int) -> TrainConfig:
        layers = self.layers or (dataset.n_inputs, *defaults.hidden, dataset.n_outputs)
        activation = self.activation or defaults.activation
        batch = defaults.batch if self.batch is None else (None if self.batch == "full" else self.batch)
        return TrainConfig(
            seed=self.seed, train_cycles=self.epochs or defaults.epochs, shown=shown,
            learning_rate=self.learning_rate or defaults.learning_rate,
            learning_rate_decay=self.learning_rate_decay or defaults.learning_rate_decay, bias=self.bias,
            hidden=tuple(layers[1:-1]), activation=activation,
            output=self.loss or ("binary" if dataset.n_outputs == 1 else "softmax"),
            # Dropout leaves out hidden neurons: a network without any (a preset's dropout,
            # layers given as inputs and outputs alone) has none to leave out.
            batch=batch,
            dropout=(defaults.dropout if self.dropout is None else self.dropout) if len(layers) > 2 else 0.0,
            init="he" if activation == "relu" else "glorot", story="classes",
            unsure=(defaults.unsure if self.unsure is None else self.unsure or None)
            if dataset.classes is not None and dataset.n_outputs > 1 else None,
            probes=self.probes, weight_grids=self.weight_grids,
            neuron_maps=self.neuron_maps, annotate=self.annotate, layer_sweep=self.layer_sweep,
        )


def _sizes(training: NetworkTraining, dataset: Dataset) -> tuple[int, ...]:
    """The layers' sizes the network will have: those asked for, or the data set's preset."""
    return tuple(training.layers or (dataset.n_inputs, *preset(dataset.name).hidden, dataset.n_outputs))


def _check_work(training: NetworkTraining, dataset: Dataset) -> None:
    """Refuse training that would take hours: too many epochs of too many examples through
    too many synapses (each check alone allows a few of them together)."""
    sizes = _sizes(training, dataset)
    synapses = sum(int(a) * int(b) for a, b in zip(sizes, sizes[1:]))
    epochs = training.epochs or preset(dataset.name).epochs
    per_epoch = dataset.n_examples * synapses
    if epochs * per_epoch > checks.MAX_TRAINING_WORK:
        most = max(1, int(checks.MAX_TRAINING_WORK // per_epoch))
        raise UsageError(
            f"{epochs:,} epochs of {dataset.n_examples:,} examples through {synapses:,} synapses would "
            f"take hours (at most {checks.MAX_TRAINING_WORK:.0e} example-synapse steps); use "
            f"{option('epochs', most)} or fewer, or a smaller network"
        )


MOST_INPUTS = 10**7  # an input layer given beyond this is out of range, whatever the data


def check_network(training: NetworkTraining, dataset: Dataset) -> None:
    """The network fits the data, and every number is in its documented range."""
    if training.layers is not None:
        layers = tuple(training.layers)
        if not 2 <= len(layers) <= checks.MAX_LAYERS:
            raise UsageError(f"{option('layers')} needs from 2 to {checks.MAX_LAYERS} sizes (inputs to "
                             f"outputs), not {len(layers)}")
        # The inputs are the data's, as many as it has (a table of 15,000 genes); the limit is
        # the other layers' (--layers 5000,16,1 had been refused for the table of 5,000 columns
        # whose default network trains).
        first = layers[0]
        # Within reason, the data says what it should be; far beyond any data, a range is said
        # (the layers are quoted whole when they do not fit: a number of thousands of digits).
        if isinstance(first, bool) or not isinstance(first, int) or not 1 <= first <= MOST_INPUTS:
            checks.within("the input layer's size", first, 1, dataset.n_inputs, " neurons", whole=True)
        for size in layers[1:]:
            checks.within("a layer's size", size, 1, checks.MAX_LAYER_SIZE, " neurons", whole=True)
        want = (dataset.n_inputs, dataset.n_outputs)
        if (layers[0], layers[-1]) != want:
            outputs = "one output for two classes" if dataset.n_outputs == 1 else (
                f"one output per class ({dataset.n_outputs})")
            raise UsageError(
                f"{option('layers', layers)} does not fit the data: it has {dataset.n_inputs} inputs "
                f"and needs {outputs}; use {option('layers', (want[0], ..., want[1]))}"
            )
    if training.activation is not None and training.activation not in ACTIVATIONS:
        raise UsageError(
            f"the activation must be one of {', '.join(ACTIVATIONS)}, not {training.activation!r}"
        )
    if training.loss is not None:
        if training.loss not in OUTPUTS:
            raise UsageError(f"the loss must be one of {', '.join(OUTPUTS)}, not {training.loss!r}")
        if training.loss == "softmax" and dataset.n_outputs < 2:
            raise UsageError("softmax needs one output per class; with two classes use "
                             f"{option('loss', 'binary')}")
        if training.loss != "softmax" and dataset.n_outputs > 1:
            raise UsageError(f"{dataset.n_outputs} classes need {option('loss', 'softmax')}")
    if training.epochs is not None:
        checks.within(option("epochs"), training.epochs, 1, checks.MAX_EPOCHS, whole=True)
    _check_work(training, dataset)
    if training.learning_rate is not None:
        checks.learning_rate_in_range(training.learning_rate, checks.MAX_EPOCH_LEARNING_RATE)
    if training.learning_rate_decay is not None and training.learning_rate_decay not in DECAYS:
        raise UsageError(f"the learning rate's decay is one of {', '.join(DECAYS)}, "
                         f"not {training.learning_rate_decay!r}")
    if training.batch is not None and training.batch != "full":
        checks.within("the batch size", training.batch, 1, checks.MAX_BATCH, whole=True)
    if training.dropout is not None:
        checks.within("dropout", training.dropout, 0, checks.MAX_DROPOUT)
        sizes = _sizes(training, dataset)
        if training.dropout > 0 and len(sizes) == 2:
            raise UsageError(f"dropout leaves out hidden neurons, and a {'-'.join(map(str, sizes))} "
                             f"network has none: drop {option('dropout')}, or give it a hidden layer")
    if training.probes and (dataset.kind != "image" or dataset.image_shape is None):
        raise UsageError(f"{option('probes')} shows pictures that are not from the data: it is for pictures "
                         "(shapes, digits); drop it")
    if training.annotate and training.neuron_maps:
        # Both are at the neurons: the numbers had been written over the maps, unplated, and
        # the biases across their edges.
        raise UsageError(f"{option('annotate')} writes its numbers at the neurons, where "
                         f"{option('neuron_maps')} draws their maps; use one of them")
    if training.annotate:
        # Pictures set their inputs (64 pixels at the least): no smaller layers can help.
        checks.annotatable(_sizes(training, dataset),
                           "drop it: a picture's pixels are too many inputs" if dataset.kind == "image"
                           else f"use smaller {option('layers')} or drop it")
    if training.layer_sweep and (dataset.kind != "points" or dataset.n_inputs != 2):
        raise UsageError(f"{option('layer_sweep')} maps what each hidden layer can tell apart over the input "
                         "plane: it is for 2-D data (spiral, circles, moons, gauss, xor2d, a table of two "
                         "inputs); drop it")
    if training.layer_sweep and dataset.n_classes > MAP_CLASSES:
        raise UsageError(f"{option('layer_sweep')} colours each class over the input plane, and there are "
                         f"{dataset.n_classes} classes, more than its {MAP_CLASSES} colours; drop it")
    if training.neuron_maps and (dataset.kind != "points" or dataset.n_inputs != 2):
        raise UsageError(f"{option('neuron_maps')} draws what each neuron computes over the input plane: "
                         "it is for 2-D data (spiral, circles, moons, gauss, xor2d, a table of two inputs); "
                         "drop it")
    for wanted, does in (("layer_sweep", "shows what each hidden layer can tell apart"),
                         ("neuron_maps", "draws what each hidden neuron computes")):
        if getattr(training, wanted) and training.layers is not None and len(training.layers) < 3:
            # Without a hidden layer the maps had ended in a traceback.
            layers = tuple(training.layers)
            raise UsageError(f"{option(wanted)} {does}, and {option('layers', layers)} has no hidden layer; "
                             f"add one (such as {option('layers', (layers[0], 4, 4, layers[-1]))}) or drop "
                             f"{option(wanted)}")
    if training.weight_grids:
        if dataset.kind != "image" or dataset.image_shape is None:
            raise UsageError(f"{option('weight_grids')} shows weights as the input picture: it is for "
                             "pictures (shapes, digits); drop it")
        hidden = training.layers[1] if training.layers is not None and len(training.layers) > 2 else None
        if hidden is not None and hidden > checks.MOST_WEIGHT_GRIDS:
            raise UsageError(f"{option('weight_grids')} shows at most {checks.MOST_WEIGHT_GRIDS} first "
                             f"hidden neurons' weights; the first hidden layer has {hidden}")
    if training.unsure is not None:
        checks.within(option("unsure"), training.unsure, 0, 1)
        if dataset.classes is None or dataset.n_outputs < 2:
            raise UsageError(f"{option('unsure')} is for a network with one output per class (softmax); "
                             "drop it")
    checks.within("the seed", training.seed, 0, checks.MAX_SEED, whole=True)


def dataset_subject(dataset: Dataset, training: NetworkTraining, cycles: int | None = None,
                    details: dict | None = None, inputs: dict[str, Path] | None = None) -> Subject:
    """A network trained by epochs on ``dataset``: one example per shown epoch, the classes
    in turn, then after training and two test examples."""
    check_network(training, dataset)
    defaults = preset(dataset.name)
    config = training.config(dataset, defaults, cycles or defaults.shown)
    if cycles is not None and cycles > config.train_cycles:
        raise UsageError(
            f"cannot show {cycles} epochs out of {config.train_cycles}; show fewer or train for more"
        )
    setup = setup_of(dataset, config)

    def summary(run: Recording) -> dict:
        about = {"data": {"name": dataset.name, "train_examples": dataset.n_examples,
                          "test_examples": dataset.n_test, "classes": list(dataset.classes or ())},
                 "network": {"activation": config.activation, "loss": config.output,
                             "epochs": config.train_cycles, "learning_rate": config.learning_rate,
                             "learning_rate_decay": config.learning_rate_decay,
                             "batch": config.batch or "full", "dropout": config.dropout}}
        if config.unsure is not None:
            about["unsure"] = unsure_counts(run.final, dataset, config.unsure)
        if config.probes:
            about["probes"] = [_probe_summary(case, dataset, config.unsure)
                               for case in story_probes(run, closing_cases(run))]
        if dataset.scaling is not None:
            about["scaling"] = {"inputs": list(dataset.input_names or ()), "mean": list(dataset.scaling.mean),
                                "scale": list(dataset.scaling.scale)}
        return about | (details or {})

    return Subject(
        begin=lambda shown: begin(dataset, training.config(dataset, defaults, shown)),
        shape=shape(setup),
        most_steps=config.train_cycles,
        still_moments=("before", "after", "test:1", "test:2",
                       *(f"probe:{k}" for k in range(1, probe_count(dataset, config.unsure) + 1)
                         if config.probes),
                       *(f"layer:{k}" for k in range(1, len(config.hidden) + 1) if config.layer_sweep)),
        poster_moment="after",
        details=summary,
        alt=f"A neural network learning to classify {dataset.name}: its decision map takes shape",
        default_shown=defaults.shown,
        inputs=inputs or {},
        annotate=training.annotate,
        notes=(*dataset.notes, *_missing_named_classes(dataset)),
    )


def _missing_named_classes(dataset: Dataset) -> tuple[str, ...]:
    """A note on classes named as tables write a missing value ("None" beside "Mild", "NA" for
    North America): kept as classes, in case they are, and said, in case they are not."""
    named = [name for name in dataset.classes or () if name in MISSING_LABELS]
    if dataset.scaling is None or not named:
        return ()
    listed = ", ".join(repr(name) for name in named)
    said = f"the classes {listed} are" if len(named) > 1 else f"the class {listed} is"
    return (f"{said} spelled as tables write a missing value: taken as a class; if those rows have "
            "no class, remove them",)


def _probe_summary(case, dataset: Dataset, unsure: float | None) -> dict:
    """What the trained network answered to a probe."""
    answer = int(np.argmax(case.output))
    top = float(case.output[answer])
    return {"probe": case.label, "answer": dataset.classes[answer], "probability": top,
            "i_dont_know": unsure is not None and top < unsure}


def unsure_counts(network, dataset: Dataset, threshold: float) -> dict:
    """How often the trained network says "I don't know" on the test set, and how right it is
    when it does answer."""
    outputs = network.output_of(dataset.test_inputs)
    sure = outputs.max(axis=1) >= threshold
    right = class_of(outputs) == class_of(dataset.test_targets)
    answered = int(sure.sum())
    return {"threshold": threshold, "test_examples": int(len(outputs)), "i_dont_know": int((~sure).sum()),
            "accuracy_when_answering": float(right[sure].mean()) if answered else None}


class _PlainNumbers:
    """A data set's options: numpy's numbers (samples=np.int64(300)) are numbers here too."""

    def __post_init__(self) -> None:
        checks.python_numbers(self)


@dataclass(frozen=True)
class ShapesData(_PlainNumbers):
    """How many hand-drawn shapes, how large, and how many kept for testing."""

    samples: int = SHAPES_SAMPLES
    pixels: int = SHAPES_PIXELS
    test_fraction: float = SHAPES_TEST_FRACTION


def shapes_subject(data: ShapesData, training: NetworkTraining, cycles: int | None = None) -> Subject:
    """A network learning hand-drawn circles, squares and triangles (drawn from ``training.seed``)."""
    dataset = _data(lambda: shapes(samples=data.samples, pixels=data.pixels, test_fraction=data.test_fraction,
                                   seed=training.seed))
    details = {"data_options": {"samples": data.samples, "pixels": data.pixels,
                                "test_fraction": data.test_fraction}}
    return dataset_subject(dataset, training, cycles, details)


def shapes_video(out: str | Path = "learn.mp4", *, progress: Progress | None = None,
                 outputs: Outputs | None = None, **options) -> VideoResult:
    """Train a network on hand-drawn shapes and make the video of it learning. Options: those
    of :class:`ShapesData`, :class:`NetworkTraining` and :class:`~nnviz.film.VideoOptions`."""
    data, training, video = split_options({"out": out, **options}, ShapesData, NetworkTraining,
                                          VideoOptions)
    return film(shapes_subject(data, training, video.cycles), video, progress, outputs)


@dataclass(frozen=True)
class DigitsData(_PlainNumbers):
    """Which handwritten digits: a folder of MNIST's IDX files, or (None) scikit-learn's 8×8."""

    data: Path | None = None
    test_fraction: float | None = None  # None: MNIST's own test files, or a quarter of the 8×8
    class_names: tuple[str, ...] | None = None  # the ten classes' names, in label order (None: 0 to 9)

    def __post_init__(self) -> None:
        super().__post_init__()
        names = self.class_names
        if names is not None and (isinstance(names, str) or not isinstance(names, (list, tuple))
                                  or not all(isinstance(name, str) for name in names)):
            raise UsageError(f"class_names are the ten classes' names, such as ('zero', 'one', …), "
                             f"not {names!r}")


def digits_subject(data: DigitsData, training: NetworkTraining, cycles: int | None = None) -> Subject:
    """A network learning handwritten digits."""
    if data.data is None:
        fraction = DIGITS_TEST_FRACTION if data.test_fraction is None else data.test_fraction
        dataset = _data(lambda: sklearn_digits(test_fraction=fraction, seed=training.seed))
        inputs: dict[str, Path] = {}
    else:
        folder = checks.file_path(data.data, "data")
        dataset = _data(lambda: mnist(folder, test_fraction=data.test_fraction, seed=training.seed))
        inputs = {"data": folder}
    if data.class_names is not None:
        names = tuple(" ".join(str(name).split()) for name in data.class_names)
        if len(names) != dataset.n_outputs or not all(names) or len(set(names)) != len(names):
            separated = ", comma-separated," if checks.COMMAND_LINE.get() else ""
            twice = sorted({name for name in names if names.count(name) > 1})
            got = (f"got {len(names)}" if len(names) != dataset.n_outputs else
                   "one is empty" if not all(names) else f"{', '.join(map(repr, twice))} is given twice")
            raise UsageError(f"{option('class_names')} needs {dataset.n_outputs} different names{separated} "
                             f"in label order; {got}")
        dataset = replace(dataset, classes=names)
    return dataset_subject(dataset, training, cycles, inputs=inputs)


def digits_video(out: str | Path = "learn.mp4", *, progress: Progress | None = None,
                 outputs: Outputs | None = None, **options) -> VideoResult:
    """Train a network on handwritten digits (``data``: a folder of MNIST's IDX files; none:
    scikit-learn's 8×8 digits) and make the video of it learning. Options: those of
    :class:`DigitsData` (``data``, ``test_fraction``, ``class_names``), :class:`NetworkTraining`
    and :class:`~nnviz.film.VideoOptions`."""
    data, training, video = split_options({"out": out, **options}, DigitsData, NetworkTraining,
                                          VideoOptions)
    return film(digits_subject(data, training, video.cycles), video, progress, outputs)


@dataclass(frozen=True)
class PlaneData(_PlainNumbers):
    """Which of TensorFlow Playground's 2-D sets, and how much of it."""

    samples: int = 500
    noise: float = 0.0
    test_fraction: float = 0.5


def plane_subject(
    name: str, data: PlaneData, training: NetworkTraining, cycles: int | None = None
) -> Subject:
    """A network learning one of the 2-D sets (its points drawn from ``training.seed``)."""
    dataset = _data(lambda: plane(name, samples=data.samples, noise=data.noise,
                                  test_fraction=data.test_fraction, seed=training.seed))
    details = {"data_options": {"samples": data.samples, "noise": data.noise,
                                "test_fraction": data.test_fraction}}
    return dataset_subject(dataset, training, cycles, details)


def plane_video(
    name: str, out: str | Path = "learn.mp4", *, progress: Progress | None = None,
    outputs: Outputs | None = None, **options
) -> VideoResult:
    """Train a network on one of the 2-D sets (``circles``, ``moons``, ``gauss``, ``xor2d``,
    ``spiral``) and make the video of it learning. Options: those of :class:`PlaneData`,
    :class:`NetworkTraining` and :class:`~nnviz.film.VideoOptions`."""
    data, training, video = split_options({"out": out, **options}, PlaneData, NetworkTraining,
                                          VideoOptions)
    return film(plane_subject(name, data, training, video.cycles), video, progress, outputs)


@dataclass(frozen=True)
class TableData(_PlainNumbers):
    """A user's table: the file, its label column, and how much of it is kept for testing."""

    data: Path | None = None
    label: str | None = None
    test_fraction: float = 0.2


def table_video(
    data: str | Path, out: str | Path = "learn.mp4", *, progress: Progress | None = None,
    outputs: Outputs | None = None, **options
) -> VideoResult:
    """Train a network on the user's own table (CSV with a header, or .npz with ``x`` and
    ``y``) and make the video of it learning. Options: ``label``, ``test_fraction``, those of
    :class:`NetworkTraining` and of :class:`~nnviz.film.VideoOptions`."""
    data = checks.file_path(data, "data")
    table, training, video = split_options({"out": out, "data": data, **options}, TableData,
                                           NetworkTraining, VideoOptions)
    return film(table_subject(table, training, video.cycles), video, progress, outputs)


def table_subject(table: TableData, training: NetworkTraining, cycles: int | None = None) -> Subject:
    """A network learning the user's own table (split and standardised by ``training.seed``)."""
    return dataset_subject(load_dataset(table, training.seed), training, cycles, inputs={"data": table.data})


def load_dataset(table: TableData, seed: int) -> Dataset:
    return _data(lambda: load_table(table.data, label=table.label, test_fraction=table.test_fraction,
                                    seed=seed))


def _data(make: Callable[[], Dataset]) -> Dataset:
    """A data set, its problems as UsageErrors (one line, exit 2 at the command)."""
    try:
        return make()
    except DataError as error:
        raise UsageError(str(error)) from None


def _plain(values: np.ndarray) -> list:
    """Numbers for JSON: whole numbers as ints, the rest as floats."""
    return [int(v) if float(v).is_integer() else float(v) for v in np.ravel(values)]


__all__ = [
    "DEFAULT_CYCLES", "DEFAULT_GIF_WIDTH", "DEFAULT_SECONDS_PER_SHOT", "DigitsData", "NetworkTraining",
    "PlaneData", "ShapesData", "TableData", "UsageError", "VideoOptions", "VideoResult", "XorTraining",
    "digits_video", "plane_video", "shapes_video", "table_video", "validate", "xor_video",
]

