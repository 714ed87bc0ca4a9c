"""Which data and which training a window gets: the commands' own (their presets, their
checks), from a data set's name and the same options the video commands take."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .. import api
from ..api import UsageError
from ..arguments import PLANE_COMMANDS
from ..checks import Placeholder, option
from ..data import Dataset
from ..network import Network
from ..presets import preset
from ..train import TrainConfig, begin

PLAY_DATA = ("xor", *PLANE_COMMANDS, "shapes", "digits", "custom")
# The window draws every neuron of a layer with its number above it (a picture's inputs are
# the picture): beyond these its numbers ran into each other, its wires were left out, and a
# deep network's names ran off the window's edges.
PLAY_MOST_NEURONS = 16  # in a drawn layer
PLAY_MOST_HIDDEN_LAYERS = 4
PLAY_MOST_CLASSES = 10  # each output's name has its target under it: the digits' ten fit
DRAW_DATA = ("digits", "shapes")
# The data options of the windows, and the data sets each is for.
DATA_OPTIONS = {
    "samples": ((*PLANE_COMMANDS, "shapes"), "the 2-D sets and shapes"),
    "noise": (PLANE_COMMANDS, "the 2-D sets"), "pixels": (("shapes",), "shapes"),
    "data": (("custom", "digits"), "custom and digits"), "label": (("custom",), "custom"),
    "test_fraction": ((*PLANE_COMMANDS, "shapes", "digits", "custom"), "every data set but xor"),
}


def _only_its_own(name: str, options: dict) -> None:
    """A data option given for a data set it is not for is refused by name ("--pixels is for
    shapes, not xor"), not as an unknown option."""
    for key, (meant, said) in DATA_OPTIONS.items():
        if options.get(key) is not None and name not in meant:
            raise UsageError(f"{option(key)} is for {said}, not {name}; drop it")
    if name == "xor":
        extra = sorted(k for k, v in options.items()
                       if v is not None and k not in ("seed", "learning_rate", "bias", "train_cycles"))
        if extra:
            flags = ", ".join(option(k) for k in extra)
            raise UsageError(f"XOR's network is the original 3-4-1 (it takes {option('seed')}, "
                             f"{option('learning_rate')} and {option('bias')}), so not {flags}; "
                             f"drop {'it' if len(extra) == 1 else 'them'}")


def play_setup(name: str, **options) -> tuple[Dataset, TrainConfig]:
    """The data set ``name`` and the training its command would run, for a window that starts
    from the untrained network. Options: those of the command (``seed``, ``learning_rate``,
    ``bias`` for XOR; ``layers``, ``activation``, ``samples``, ``data``, … for the rest)."""
    if name not in PLAY_DATA:
        raise UsageError(f"nnviz play knows {', '.join(PLAY_DATA)}; not {name!r}")
    _only_its_own(name, options)
    if name == "xor":
        from ..data import xor

        (training,) = api.split_options(options, api.XorTraining)
        api.checks.training(training.seed, training.train_cycles, None, training.learning_rate)
        return xor(), training.config(1)
    dataset, training = _dataset(name, options)
    api.check_network(training, dataset)
    config = training.config(dataset, preset(dataset.name), 1)
    _drawable(dataset, (dataset.n_inputs, *config.hidden, dataset.n_outputs))
    return dataset, config


def _drawable(dataset: Dataset, sizes: tuple[int, ...]) -> None:
    """A network the window can draw whole, or a refusal that says what it can."""
    most, video = PLAY_MOST_NEURONS, "make a video of it instead, which summarises large layers"
    said = f"nnviz play draws every neuron with its number, at most {most} in a layer"
    if dataset.kind != "image" and sizes[0] > most:
        raise UsageError(f"{said}, and the data has {sizes[0]} inputs; {video}")
    if sizes[-1] > PLAY_MOST_CLASSES:
        raise UsageError(f"nnviz play names each output with its target, for up to {PLAY_MOST_CLASSES} "
                         f"classes, and the data has {sizes[-1]}; {video}")
    if max(sizes[1:-1], default=0) > most or len(sizes) - 2 > PLAY_MOST_HIDDEN_LAYERS:
        raise UsageError(f"{said} and up to {PLAY_MOST_HIDDEN_LAYERS} hidden layers, and "
                         f"{option('layers', sizes)} is more; use smaller {option('layers')}, or {video}")


def _dataset(name: str, options: dict) -> tuple[Dataset, api.NetworkTraining]:
    if name in PLANE_COMMANDS:
        data, training = api.split_options(options, api.PlaneData, api.NetworkTraining)
        from ..data import plane

        return api._data(
            lambda: plane(
                name,
                samples=data.samples,
                noise=data.noise,
                test_fraction=data.test_fraction,
                seed=training.seed,
            )
        ), training
    if name == "shapes":
        from ..data.shapes import shapes

        data, training = api.split_options(options, api.ShapesData, api.NetworkTraining)
        return api._data(
            lambda: shapes(
                samples=data.samples, pixels=data.pixels, test_fraction=data.test_fraction, seed=training.seed
            )
        ), training
    if name == "digits":
        data, training = api.split_options(options, api.DigitsData, api.NetworkTraining)
        return _digits(data, training.seed), training
    if name == "custom":
        table, training = api.split_options(options, api.TableData, api.NetworkTraining)
        if table.data is None:
            raise UsageError(f"custom needs your table: {option('data', Placeholder('FILE'))} (a CSV with a "
                             "header, or a .npz)")
        return api.load_dataset(table, training.seed), training
    raise UsageError(f"no data set {name!r}")


def _digits(data: api.DigitsData, seed: int) -> Dataset:
    from ..data.digits import DIGITS_TEST_FRACTION, mnist, sklearn_digits

    if data.data is None:
        fraction = DIGITS_TEST_FRACTION if data.test_fraction is None else data.test_fraction
        return api._data(lambda: sklearn_digits(test_fraction=fraction, seed=seed))
    folder = api.checks.file_path(data.data, "data")
    return api._data(lambda: mnist(folder, test_fraction=data.test_fraction, seed=seed))


@dataclass(frozen=True)
class Trained:
    """A network that reads pictures, and what it reads."""

    network: Network
    image_shape: tuple[int, int]
    classes: tuple[str, ...]
    name: str
    test_accuracy: float | None = None
    examples: np.ndarray | None = None  # a few test pictures, to load into the pad


def draw_network(
    name: str = "digits",
    *,
    recording: str | Path | None = None,
    progress: Callable[[int, int], None] | None = None,
    **options,
) -> Trained:
    """The trained network ``nnviz draw`` shows: ``name``'s command trained with its preset (the
    8×8 digits in seconds; MNIST with ``data=DIR``), or the final weights of a saved recording."""
    if recording is not None:
        return _recorded(Path(recording))
    if name not in DRAW_DATA:
        raise UsageError(f"nnviz draw is for pictures: {', '.join(DRAW_DATA)}; not {name!r}")
    dataset, training = _dataset(name, options)
    if dataset.image_shape is None:
        raise UsageError(f"{name} is not pictures")
    api.check_network(training, dataset)
    config = training.config(dataset, preset(dataset.name), 1)
    run = begin(dataset, config)
    run.on_step = progress
    for _ in run:
        pass
    final = run.recording.final
    accuracy = None
    if dataset.n_test:
        answers = np.argmax(final.output_of(dataset.test_inputs), axis=1)
        accuracy = float(np.mean(answers == np.argmax(dataset.test_targets, axis=1)))
    pick = dataset.test_inputs if dataset.n_test else dataset.inputs
    return Trained(
        final, dataset.image_shape, tuple(dataset.classes or ()), dataset.name, accuracy, np.array(pick[:200])
    )


def _recorded(path: Path) -> Trained:
    from ..recording_file import load

    run = load(path)
    setup = run.setup
    n = setup.sizes[0]
    shape = None
    if setup.dataset is not None and setup.dataset.image_shape is not None:
        shape = tuple(setup.dataset.image_shape)
    elif round(np.sqrt(n)) ** 2 == n:
        shape = (round(np.sqrt(n)),) * 2
    if shape is None or setup.output != "softmax":
        raise UsageError(
            f"{path} is not a network of pictures with one output per class; nnviz draw needs one"
        )
    classes = tuple(setup.classes or (str(k) for k in range(setup.sizes[-1])))
    examples = None
    if setup.dataset is not None and setup.dataset.n_test:
        examples = np.array(setup.dataset.test_inputs[:200])
    return Trained(run.final, shape, classes, setup.title or path.stem, None, examples)
