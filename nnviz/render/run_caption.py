"""What the panel of any recorded run says: the moment, the step, the example and the network's
answer (right or wrong), the loss and accuracy so far, and every neuron's number. Pure data.

The renderer sets its texts from a :class:`RunCaption`; tests read the same caption. A run is
a classification when its setup names classes or its outputs are probabilities (binary or
softmax): then the example's class and the network's answer are said in words; otherwise the
target and the output are said as numbers.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ..data import Dataset, class_of
from ..recording import Curve, Setup
from ..timeline import Moment, Shot
from ..words import counted
from .activity import MINUS, answer_decimals, number, percent
from .labels import class_words, short_apart

TITLES = {
    Moment.BEFORE: "Before training",
    Moment.TRAINING: "Learning",
    Moment.AFTER: "After training",
    Moment.NEW: "A new situation",
    Moment.TEST: "A test example",
    Moment.PROBE: "Probing it",
    Moment.LAYER: "Layer by layer",
}
FEW_INPUTS = 4  # an example of at most this many inputs is said in full
LONGEST_CLASS = 24  # characters of a class name in the panel's words (then the line is fitted to the room)
ANSWER_CLASS = 14  # ... in the network's answer, which shares its line with how sure and the verdict
SURE = " sure)"  # how a confident answer's line ends, beside its probability
# A table's column needing more decimals is written as _as_written writes any number (one
# holding 2500 and 1e-5 had read "2500.00000").
MOST_DECIMALS = 4


@dataclass(frozen=True)
class RunCaption:
    """Every string a run's panel shows."""

    title: str
    subtitle: str
    lines: tuple[str, str, str]  # the example, the network's answer, a note (dropout)
    verdict: str  # "✓ correct", "✗ wrong" or "" ("right" had clashed with "upper right")
    right: bool | None  # whether the answer is right (None: no verdict)
    loss: str  # the loss curve's heading, with the latest values
    accuracy: str  # the accuracy curve's heading
    # The two headings with the values so far that are written longest: whether the test
    # values fit is decided on these, so that it does not change back and forth.
    widest: tuple[str, str]
    values: tuple[str, ...]  # every neuron's number, layer by layer
    example: np.ndarray | None  # the inputs of the example being considered, if any
    classes: tuple[str, ...]  # the class names, short, in order (empty: not a classification)
    curve: Curve | None  # the metrics the curves plot: up to the shot's moment
    shorter: str = ""  # the first line in fewer words, for a panel too narrow for it ("": none)
    shorter_answer: str = ""  # the second line in fewer words ("It says Ankle boot (99.7%)")
    # Whether the two lines go short together (after training: accuracy and loss alike).
    shorter_together: bool = False
    shorter_subtitle: str = ""  # the subtitle in fewer words ("784-16-16-10, 12,960 synapses")


@dataclass(frozen=True)
class RunStory:
    """What the captions of a run need to know besides the shot."""

    setup: Setup
    compact: bool = False

    @cached_property
    def classes(self) -> tuple[str, ...]:
        """The class names (numbers from 0 where the setup names none), or none at all when
        the outputs are not class probabilities; cut short, told apart."""
        setup = self.setup
        if setup.classes is not None:
            return tuple(short_apart(list(setup.classes), LONGEST_CLASS))
        if setup.output in ("binary", "softmax"):
            return tuple(str(k) for k in range(max(2, setup.sizes[-1])))
        return ()

    @cached_property
    def answer_classes(self) -> tuple[str, ...]:
        """The class names as the network's answer says them, shorter still, told apart
        ("says measurement… (90%)" had stood for any of four classes)."""
        named = self.setup.classes
        return tuple(short_apart(list(named), ANSWER_CLASS)) if named is not None else self.classes

    @property
    def tested(self) -> bool:
        """Whether the curves have a test set's values (a recording's: whether it logged any)."""
        data, tested = self.setup.dataset, self.setup.tested
        return tested if tested is not None else data is not None and bool(data.n_test)

    @cached_property
    def column_decimals(self) -> tuple[int | None, ...]:
        """A table's input columns' decimals (see :func:`column_decimals`)."""
        data = self.setup.dataset
        return () if data is None or data.scaling is None else column_decimals(data)

    @property
    def examples(self) -> str:
        data = self.setup.dataset
        kind = None if data is None else data.kind
        return {"points": "points", "image": "pictures"}.get(kind, "examples")


def run_caption(shot: Shot, story: RunStory) -> RunCaption:
    """The strings ``shot`` shows."""
    # A picture on the way to a shot (--smooth) says the last shot until the wave reaches the
    # inputs; step mode's pictures are their own shot's (its answer is said once known): they
    # had said the shot before theirs, "Epoch 1" while the weights became epoch 8's.
    previous = shot.previous if shot.step is None else None
    if shot.in_between and previous is not None and shot.arrived == 0:
        return run_caption(previous, story)  # the wave has not reached the inputs: the last shot still
    # No example, or a layer step mode's forward pass has not reached: no numbers (NaN).
    # Formatted from Python floats (a picture's 784 inputs too, every shot): numpy's scalars
    # test and format several times slower.
    numbers = np.concatenate(shot.numbers()).tolist()
    values = tuple("" if math.isnan(v) else number(v) for v in numbers)
    classes = story.classes
    example, verdict, right = None, "", None
    note = shorter = after_shorter = shorter_subtitle = ""
    title = TITLES[shot.moment]
    if shot.moment is Moment.BEFORE:
        subtitle, line1, line2 = _before(story)
        # A picture's panel is narrower: "784 → 16 → 16 → 10 neurons, 12,960 synap…" at 1080p.
        shorter_subtitle = _shape(story.setup.sizes, compact=True)
    elif shot.moment is Moment.TRAINING:
        snap = shot.snapshot
        assert snap is not None  # a TRAINING shot always carries its snapshot
        subtitle = f"{story.setup.step_name.capitalize()} {snap.step:,} of {story.setup.steps:,}"
        if snap.step == 0:  # a recorded step 0 is the network before training
            title = TITLES[Moment.BEFORE]
        example = snap.inputs
        # A training example is one of the data's; a recorded example named by no index
        # may be anything (a test picture recorded last had been called "A training picture").
        line1, shorter, line2, right = _example(story, snap.inputs, snap.target, snap.output,
                                                training=snap.example is not None)
        note = _dropout(story, snap.dropped)
        if shot.step is not None and not shot.step.answered:  # step mode: not yet thought
            line2, right = "", None
    elif shot.moment is Moment.TEST and shot.case is not None:
        case = shot.case
        subtitle = "Never seen in training" if case.from_test else "From the training set"
        example = case.inputs
        line1, shorter, line2, right = _example(story, case.inputs, case.target, case.output, training=False)
    elif shot.moment is Moment.LAYER and shot.layer is not None:
        hidden = len(story.setup.sizes) - 2
        subtitle = f"What hidden layer {shot.layer} of {hidden} can tell apart"
        line1 = "Its best straight-line read-out"
        line2 = f"{_percent(shot.layer_accuracy or 0.0, story.compact)} of training {story.examples} right"
        example = shot.case.inputs if shot.case is not None else None
        view = shot.layer_view
        if view is not None and not story.compact:  # the map shows the plane as the layer sees it
            layers = "layer 1" if shot.layer == 1 else f"layers 1\u2013{shot.layer}"
            note = f"The plane bent by {layers} \u00b7 {_percent(view.spread, True)} of its spread in view"
    elif shot.moment is Moment.PROBE and shot.case is not None:
        case = shot.case
        subtitle = "A picture that is not from the data"
        example = case.inputs
        line1 = case.label[:1].upper() + case.label[1:]
        line2 = _example(story, case.inputs, np.zeros(len(case.output)), case.output, training=False)[2]
    elif shot.moment is Moment.NEW and shot.activations is not None and story.setup.dataset is not None:
        data = story.setup.dataset
        subtitle = "Inputs it has never seen"
        example = shot.activations[0]
        output = shot.activations[-1]
        known = data.new_target is not None
        target = data.new_target if known else np.full(len(output), np.nan)
        line1, shorter, line2, right = _example(story, example, target, output, training=False)
        right = right if known else None
    else:
        subtitle, line1, line2, shorter, after_shorter = _after(so_far(shot), story)
    answering = shot.moment in (Moment.TRAINING, Moment.TEST, Moment.PROBE, Moment.NEW)
    if answering and shot.in_between and previous is not None and shot.arrived < len(shot.network.sizes):
        line2, right = "", None  # the new example is in, its answer not yet: it comes with the wave
    if right is not None:
        verdict = "✓ correct" if right else "✗ wrong"
    curve = so_far(shot)
    loss, accuracy = _headings(_latest(curve), story, bool(classes))
    widest = _headings(_widest(curve, story), story, bool(classes))
    # Without "sure" before a class name is cut: "It says Ankle b… (99.7% sure)" at 1920x1080.
    shorter_answer = line2.removesuffix(SURE) + ")" if line2.endswith(SURE) else after_shorter
    return RunCaption(title, subtitle, (line1, line2, note), verdict, right, loss, accuracy,
                      widest, values, example, classes, curve, shorter, shorter_answer,
                      shot.moment is Moment.AFTER, shorter_subtitle)


def so_far(shot: Shot) -> Curve | None:
    """The metrics up to the shot's moment: a training shot's step (a finished recording's
    shots may carry the whole run's curve), nothing before training, all of it after."""
    curve = shot.curve
    if curve is None:
        return None
    if shot.moment is Moment.BEFORE:
        return curve.until(0)
    if shot.snapshot is not None:
        return curve.until(shot.snapshot.step)
    return curve


def _shape(sizes: tuple[int, ...], compact: bool = False) -> str:
    """The layer sizes, with a run of three or more equal layers said once: "2 → 6 (×5) → 1"
    (compact: "2-6(×5)-1", as "784-16-16-3, 12,848 synapses" fits a small panel whole)."""
    synapses = sum(a * b for a, b in zip(sizes, sizes[1:]))
    runs = [(size, len(list(group))) for size, group in itertools.groupby(sizes)]
    arrow, times = ("-", "(×{})") if compact else (" → ", " (×{})")
    layers = arrow.join(arrow.join([f"{size:,}"] * count) if count < 3 else f"{size:,}" + times.format(count)
                        for size, count in runs)
    return f"{layers}, {synapses:,} synapses" if compact else f"{layers} neurons, {synapses:,} synapses"


def _before(story: RunStory) -> tuple[str, str, str]:
    setup, data = story.setup, story.setup.dataset
    steps = counted(setup.steps, setup.step_name)
    if data is None:
        said = f"It will train for {steps}"
    elif story.compact or data.kind == "image":  # a picture's panel is narrower
        said = f"{steps} on {data.n_examples:,} {story.examples}"
    else:
        said = f"It will train for {steps} on {data.n_examples:,} {story.examples}"
    first = "Random weights" if story.compact else "Random weights: nothing learnt yet"
    return _shape(setup.sizes, story.compact), first, said


# What a recording of weights alone says where an example would be said (and in fewer words).
WEIGHTS_ALONE = ("The weights alone (no example recorded)", "The weights alone")


def _example(story: RunStory, inputs: np.ndarray, target: np.ndarray, output: np.ndarray,
             training: bool) -> tuple[str, str, str, bool | None]:
    """What is said about one example: what it is (and in fewer words, or ""), what the
    network answers, and whether that is right (None: no verdict)."""
    classes = story.classes
    kind = story.examples[:-1]  # "point" or "example"
    data = story.setup.dataset
    if not classes:  # numbers: the target and the output
        said, shorter = f"Inputs {_own_units(inputs, story)}", ""
        if not _known(inputs):  # a recording of weights alone had said "Inputs [—, —]"
            said, shorter = WEIGHTS_ALONE
        elif len(inputs) > FEW_INPUTS:
            said = f"An {kind} of {len(inputs)} inputs"
        parts = [f"{name} {_vector(v)}" for name, v in (("target", target), ("output", output)) if _known(v)]
        return said, shorter, ", ".join(parts), None
    truth = int(class_of(np.atleast_2d(target))[0]) if _known(target) else None
    name = classes[truth] if truth is not None else None
    shorter = ""
    if name is None and not _known(inputs):  # no example: had been "A training example"
        said, shorter = WEIGHTS_ALONE
    elif story.compact:
        said = class_words(name, "Class") if name is not None else f"{_article(kind)} {kind}"
    else:
        said = f"{'A training' if training else _article(kind)} {kind}"
        if name is not None:
            said += f" of {class_words(name)}"
        # A few inputs are said as the table has them (a 2-D set's coordinates, with no units,
        # are shown by the map alone; a table of two columns, drawn as a map too, has units).
        own_units = data is not None and (data.kind != "points" or data.scaling is not None)
        if len(inputs) <= FEW_INPUTS and own_units and name is not None:
            said, shorter = f"Inputs {_own_units(inputs, story)}: {class_words(name)}", said
    if not _known(output):  # a recording of weights alone: no answer to tell
        return said, shorter, "", None
    answer = int(class_of(np.atleast_2d(output))[0])
    sure = _confidence(np.asarray(output, dtype=float), answer, story.setup.unsure)
    said_name = story.answer_classes[answer]
    reply = f"says {said_name} ({sure})" if story.compact else f"It says {said_name} ({sure}{SURE}"
    if unsure(story.setup, output):  # its best guess is not sure enough to be an answer
        reply = (f"I don't know ({said_name}? {sure})" if story.compact
                 else f"It says: I don't know ({said_name}? {sure})")
        return said, shorter, reply, None
    return said, shorter, reply, None if truth is None else truth == answer


def unsure(setup: Setup, output: np.ndarray) -> bool:
    """Whether a classifier's ``output`` is below the setup's threshold of an answer."""
    output = np.asarray(output, dtype=float)
    if setup.unsure is None or output.ndim != 1 or len(output) < 2:
        return False
    return bool(np.max(output) < setup.unsure)


def _article(word: str) -> str:
    return "An" if word[:1] in "aeiou" else "A"


def _confidence(output: np.ndarray, answer: int, unsure: float | None = None) -> str:
    """How sure the network is of its answer: the probability it gives that class (under
    the threshold of an answer, it reads under it; over a half, over it: "lower (50% sure)"
    had named one of two classes at what reads as a toss-up)."""
    if len(output) > 1:
        return percent(float(output[answer]), answer_decimals(output, unsure), below=unsure, above=0.5)
    return percent(float(output[0] if answer == 1 else 1 - output[0]), below=unsure, above=0.5)


def _dropout(story: RunStory, dropped: tuple[np.ndarray, ...] | None) -> str:
    if dropped is None or story.compact:  # compact: the key under the network says it
        return ""
    off = sum(int(np.count_nonzero(d)) for d in dropped)
    hidden = sum(len(d) for d in dropped)
    # The kept ones pass on 1 / (1 - p) of their activation, as PyTorch's dropout does: said,
    # since a tanh neuron reading -1.66 had gone unexplained.
    p = story.setup.dropout
    kept = f", the rest ×{1 / (1 - p):.3g}" if 0 < p < 1 else ""
    return f"Dropout: {off} of {hidden} left out (✕){kept}"


def _after(curve: Curve | None, story: RunStory) -> tuple[str, str, str, str, str]:
    """The subtitle and two lines after training, and each line in fewer words ("" for none)
    for a panel too narrow for it: "Accuracy: 99.7% training, 97.7% t…" had closed the
    shapes' video at 640x360."""
    setup = story.setup
    steps = counted(setup.steps, setup.step_name)
    data = setup.dataset
    subtitle = f"After {steps}"
    if data is not None:
        subtitle = f"{steps} on {data.n_examples:,} training {story.examples}"
    latest = _latest(curve)
    accuracy, test_accuracy = latest.get("accuracy"), latest.get("test_accuracy")
    loss, test_loss = latest.get("loss"), latest.get("test_loss")
    short_words = story.compact
    # A picture's panel is narrower: "97.0% training, 96.0% test" fits where "on …" did not.
    on = "" if short_words or (data is not None and data.kind == "image") else " on"
    line1 = line2 = short1 = short2 = ""
    if accuracy is not None:
        said = _percents([accuracy] if test_accuracy is None else [accuracy, test_accuracy], short_words)
        line1 = f"Accuracy: {said[0]}"
        if test_accuracy is not None:
            line1 += f"{on} training, {said[1]}{on} test"
            short1 = f"Accuracy {said[0]} \u00b7 test {said[1]}"
    elif test_accuracy is not None:  # a loop that logged the test's alone: said, not dropped
        line1 = f"Test accuracy: {_percents([test_accuracy], short_words)[0]}"
    if loss is not None:
        line2 = f"Loss: {_loss(loss)}"
        if test_loss is not None:
            line2 += f"{on} training, {_loss(test_loss)}{on} test"
            short2 = f"Loss {_loss(loss)} \u00b7 test {_loss(test_loss)}"
    elif test_loss is not None:
        line2 = f"Test loss: {_loss(test_loss)}"
    if not line1:
        line1, line2, short1, short2 = line2, "", short2, ""
    return subtitle, line1 or "Training is over", line2, short1, short2


def _measured(curve: Curve | None) -> dict[str, np.ndarray]:
    """Each metric's measured values so far (the metrics never measured left out)."""
    found = {}
    for name in ("loss", "accuracy", "test_loss", "test_accuracy") if curve is not None else ():
        column = getattr(curve, name)
        measured = column[np.isfinite(column)]
        if len(measured):
            found[name] = measured
    return found


def _latest(curve: Curve | None) -> dict[str, float]:
    """The last measured value of each metric."""
    return {name: float(measured[-1]) for name, measured in _measured(curve).items()}


# Values written as long as any of their metric is: a loss to three significant digits is
# at most eight characters ("0.000888", "1.23e+03"), the widest with an exponent's e and
# minus ("8.88e−05"); a heading's percentage at most five ("99.9%").
LONGEST_SAID = {"loss": 8.88e-05, "test_loss": 8.88e-05, "accuracy": 0.999, "test_accuracy": 0.999}


def _widest(curve: Curve | None, story: RunStory) -> dict[str, float]:
    """For each metric the run has or will have, a value written as long as any it can take:
    the headings keep one wording for the whole video. Decided by the values so far, the
    2-D sets' "loss 0.0855 · test 0.0865" had become "training loss 0.0747" at epoch 11, the
    test values gone for the rest of the video."""
    names = set(_measured(curve))
    if story.tested:
        names |= {"test_" + name for name in names if not name.startswith("test_")}
    return {name: LONGEST_SAID[name] for name in names}


def _headings(values: dict[str, float], story: RunStory, classification: bool) -> tuple[str, str]:
    """The curves' headings: what each plots, with ``values`` (the latest, or the widest)."""
    loss, test_loss = values.get("loss"), values.get("test_loss")
    accuracy, test_accuracy = values.get("accuracy"), values.get("test_accuracy")
    # The panel drops the test values where they do not fit (the dashed line is the test's).
    compact = story.compact
    # A loop may log the test's values alone: "test loss 0.12" ("loss · test 0.12" had read
    # as a heading missing its value).
    loss_words = "loss" if loss is None else f"loss {_loss(loss, compact)}"
    if test_loss is not None:
        loss_words = (f"test loss {_loss(test_loss, compact)}" if loss is None
                      else f"{loss_words} · test {_loss(test_loss, compact)}")
    if not classification and accuracy is None:
        return loss_words, ""
    # Whole percents: a heading must fit over a plot half the panel wide ("99.6% · test
    # 96.4%" would leave the test out of most headings, for want of room); but both to one
    # precision where one takes a decimal (99.6 % is not all of it): "accuracy 99% · test
    # 99.6%" had read as the test doing better by more than it did (99.4 % and 99.6 %).
    measured = [value for value in (accuracy, test_accuracy) if value is not None]
    said = iter(_percents(measured, True))
    accuracy_words = "accuracy" if accuracy is None else f"accuracy {next(said)}"
    if test_accuracy is not None:
        accuracy_words = (f"test accuracy {next(said)}" if accuracy is None
                          else f"{accuracy_words} · test {next(said)}")
    return loss_words, accuracy_words


def _percent(fraction: float, compact: bool) -> str:
    value = 100 * fraction
    return percent(fraction, 0 if compact or value >= 100 or value < 10 else 1)


def _percents(fractions: list[float], compact: bool) -> list[str]:
    """Percentages said side by side, to one precision: where one takes a decimal (99.6 %
    is not all of it), so do the others between 10 and 100 ("99.6% training, 96.4% test",
    not "…, 96% test", which read as rounded another way)."""
    said = [_percent(f, compact) for f in fractions]
    most = max((len(text.rstrip("%").partition(".")[2]) for text in said), default=0)
    return [percent(f, most) if 0.1 <= f < 1.0 else text for f, text in zip(fractions, said)]


def _loss(value: float, compact: bool = False) -> str:
    """A loss to 3 significant digits (2 compact), trailing zeros kept: a training loss of
    0.124 beside a test loss of 0.150, not 0.15."""
    text = f"{value:#.{2 if compact else 3}g}"
    mantissa, e, exponent = text.partition("e")
    return (mantissa.rstrip(".") + e + exponent).replace("-", MINUS)


def _known(values: np.ndarray) -> bool:
    """Whether ``values`` were recorded (NaN throughout: not known)."""
    return bool(np.isfinite(np.asarray(values, dtype=float)).any())


def _vector(values: np.ndarray) -> str:
    return "[" + ", ".join(number(v) for v in np.ravel(values)) + "]"


def _own_units(inputs: np.ndarray, story: RunStory) -> str:
    """An example's inputs as its table has them (the network sees them standardised): the
    flowers' 5.1 cm, not 0.85 standard deviations; each column to its own decimals (a column
    written 3.430, 1.095 had read 3.43 beside 1.095)."""
    data = story.setup.dataset
    if data is None or data.scaling is None:
        return _vector(inputs)
    raw = data.scaling.undo(np.ravel(inputs))
    places = story.column_decimals
    said = (_as_written(v) if d is None else f"{v:.{d}f}" for v, d in zip(raw.tolist(), places))
    return "[" + ", ".join(text.replace("-", MINUS) for text in said) + "]"


def column_decimals(data: Dataset) -> tuple[int | None, ...]:
    """How many decimals each input column of a table's training rows needs to be written
    exactly (None: more than MOST_DECIMALS, or numbers too large to write out)."""
    raw = data.scaling.undo(data.inputs)
    places: list[int | None] = []
    for column in raw.T:
        size = np.abs(column)
        found = None
        if size.max(initial=0.0) < 1e15:
            for d in range(MOST_DECIMALS + 1):
                shifted = column * 10.0 ** d
                if np.all(np.abs(shifted - np.round(shifted)) <= 1e-6 * np.maximum(1.0, np.abs(shifted))):
                    found = d
                    break
        places.append(found)
    return tuple(places)


def _as_written(value: float) -> str:
    """A table's number as a table writes it: six significant digits, but a large one with
    all of its whole part and up to 12 digits in all (a timestamp had read 1.72562e+09;
    1725620000.75 stays so)."""
    if 99999.5 <= abs(value) < 1e15:
        whole = len(str(int(abs(value))))
        written = f"{value:.{max(0, min(3, 12 - whole))}f}"
        return written.rstrip("0").rstrip(".") if "." in written else written
    return f"{value:.6g}"
