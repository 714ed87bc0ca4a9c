"""``Recorder``: the way in for anyone who trains elsewhere (numpy, PyTorch, JAX, Keras).

In the training loop::

    rec = nnviz.Recorder()
    for step in range(1, steps + 1):
        ...                                   # the user's own update
        if rec.wants(step):                   # nearly free when it is not a shown step
            rec.record(step, weights=[W1, W2], biases=[b1, b2], activations=[x, h, p],
                       inputs=x, target=y, output=p, loss=loss, accuracy=acc)
    rec.video("run.mp4")                      # or rec.save("run.npz"); nnviz render run.npz

Arrays are numpy arrays (a PyTorch tensor becomes one with ``t.detach().cpu().numpy()``, a JAX
array with ``np.asarray(a)``, a TensorFlow tensor with ``t.numpy()``). Weights are
``(n_in, n_out)`` matrices, as in ``a @ W + b``: PyTorch's ``nn.Linear.weight`` is
``(n_out, n_in)``, so pass its transpose. Every record is checked against the first one.
"""

from __future__ import annotations

import contextlib
import functools
import math
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import astuple, replace
from pathlib import Path

import numpy as np

from . import checks
from .checks import UsageError
from .data import Dataset
from .data.table import LARGEST_INPUT, parsed_number
from .metrics import logged_disagreement
from .network import ACTIVATIONS, OUTPUTS, Network, spelled
from .recording import (
    LONGEST_WORDS,
    MOST_STEPS,
    Curve,
    Metrics,
    Recording,
    Setup,
    Snapshot,
    as_recorded,
    frozen,
    inconsistency,
    names_misfit,
)
from .schedule import shown_cycles
from .style import beyond_the_map
from .words import counted, plural, undrawable

# Without a known length, each shown step is at least this factor beyond the last: 1, 2, 3,
# 4, 5, 6, 8, 10, 12, 15, 18, 22, 27, 33, 40, 48, 58, 70, 84, 101, … (about 13 a decade).
OPEN_RATIO = 1.2
DEFAULT_SHOWN = 40
# How far a given output may be from the one the Recorder computes from the weights: a
# float32 (or float16) model's rounding, not another example's answer.
OUTPUT_TOLERANCE = 0.01
# Where a misfit may come of matrices in the other orientation.
TRANSPOSED = "transposed? matrices are (n_in, n_out): pass PyTorch's nn.Linear.weight.T"


def next_open_step(step: int) -> int:
    """The step the open-ended schedule wants after ``step``."""
    return max(step + 1, math.ceil(step * OPEN_RATIO))


def _undone_on_failure(record: Callable) -> Callable:
    """A record that is refused leaves the Recorder as it was: a refused first one had fixed
    the network's shape (and the data's columns) for the records after it."""

    @functools.wraps(record)
    def undone(self: Recorder, *args: object, **kwargs: object) -> None:
        kept = (self._shapes, self._data)
        try:
            record(self, *args, **kwargs)
        except BaseException:
            self._shapes, self._data = kept
            raise

    return undone


class Recorder:
    """Records a training run that happens elsewhere.

    Every argument is optional; each describes what the arrays cannot say:

    - ``steps``: how many steps the run takes (then ``shown`` of them are recorded, spaced
      geometrically as nnviz's own trainer does); or ``at``: the exact steps to record;
      neither: a geometric schedule without end (1, 2, 3, 4, 5, 6, 8, 10, 12, 15, …).
      Step 0, if the loop asks for it, is always wanted: the network before training.
    - ``hidden`` (sigmoid, tanh, relu) and ``output`` (squared, binary, softmax): the
      activations, so that pictures show them rightly (and a decision map can be drawn).
    - ``classes``: the names of the classes (one output per class, or two for one output).
    - ``data``: the training inputs and targets (and ``test``) as arrays, for panels that
      show the data (with two inputs, the decision map).
    - ``image_shape``: (rows, columns) when the inputs are pictures (rows of pixels, top row
      first, 0 paper to 1 ink): the video then shows each example's picture beside the
      network, and the class probabilities as bars.
    - ``unsure``: with classes, the top probability below which the network's answer is
      said to be "I don't know".
    - ``step_name``: what a step is ("step", "epoch", "batch"); ``title``: what is learned.
    - ``dropout``: the chance of dropping a hidden neuron (PyTorch's ``nn.Dropout(p)``), for
      a loop that records ``dropped=``: the frames mark the dropped neurons, and activations
      computed here drop them too and scale the kept ones by 1/(1 − p), as training did.
    """

    def __init__(
        self, *, steps: int | None = None, shown: int = DEFAULT_SHOWN, at: Sequence[int] | None = None,
        hidden: str | None = None, output: str | None = None, classes: Sequence[str] | None = None,
        data: tuple[np.ndarray, np.ndarray] | None = None,
        test: tuple[np.ndarray, np.ndarray] | None = None,
        step_name: str = "step", title: str = "", image_shape: tuple[int, int] | None = None,
        unsure: float | None = None, dropout: float | None = None,
    ) -> None:
        # numpy's numbers (shown=np.int64(10), a threshold read from a config as float32) are numbers.
        steps, shown, dropout, unsure = (checks.plain(v) for v in (steps, shown, dropout, unsure))
        hidden, output = spelled(hidden, ACTIVATIONS), spelled(output, OUTPUTS)
        if dropout is not None:
            checks.within("dropout", dropout, 0, checks.MAX_DROPOUT)
        self.dropout = float(dropout or 0.0)
        self.image_shape = None
        if image_shape is not None:
            if not isinstance(image_shape, (tuple, list)) or len(image_shape) != 2:
                raise UsageError(f"image_shape must be (rows, columns), not {image_shape!r}")
            self.image_shape = (_whole(image_shape[0], "image_shape"), _whole(image_shape[1], "image_shape"))
        if unsure is not None and (isinstance(unsure, bool) or not (isinstance(unsure, (int, float))
                                                                and 0 <= unsure <= 1)):
            raise UsageError(f"unsure must be a number from 0 to 1, not {checks.quoted(unsure)}")
        self.unsure = None if not unsure else float(unsure)
        if at is not None and steps is not None:
            raise UsageError("give steps (and shown) or at, not both")
        if at is not None and (isinstance(at, (str, bytes)) or not isinstance(at, Iterable)):
            raise UsageError(f"at is the steps to record, such as (0, 10, 100), not {at!r}")
        if hidden is not None and (not isinstance(hidden, str) or hidden not in ACTIVATIONS):
            raise UsageError(f"hidden must be one of {', '.join(ACTIVATIONS)}, not {hidden!r}")
        if output is not None and (not isinstance(output, str) or output not in OUTPUTS):
            kinds = ", ".join(f"{name} ({o.description})" for name, o in OUTPUTS.items())
            raise UsageError(f"output names the output layer and its loss, one of {kinds}, "
                             f"not {output!r} (nnviz draws classifiers)")
        if at is not None:
            at = sorted({_whole(s, "a step in at") for s in at})
            self._wanted: set[int] | None = set(at)
        elif steps is not None:
            steps = _whole(steps, "steps (how many the loop runs)", least=1)
            checks.within("shown", shown, 1, checks.MAX_SHOWN_CYCLES, whole=True)
            self._wanted = set(shown_cycles(min(shown, steps), steps))
        else:
            self._wanted = None
        self._last_wanted = max(self._wanted) if self._wanted else None
        self.steps, self.hidden, self.output = steps, hidden, output
        if classes is not None and (isinstance(classes, (str, bytes)) or not isinstance(classes, Iterable)):
            raise UsageError(f"classes are the classes' names, such as ('cat', 'dog'), not {classes!r}")
        if classes is not None:  # names, or numbers that name them (0 to 9)
            classes = list(classes)
            named = (isinstance(c, (str, int, float, np.number)) and not isinstance(c, bool) for c in classes)
            if not all(named):
                raise UsageError(f"classes are the classes' names, not {classes!r}")
        self.classes = None if classes is None else tuple(str(c) for c in classes)
        for label in self.classes or ():
            _printable("a class name", label)
        if self.classes is not None and len(set(self.classes)) != len(self.classes):
            twice = next(c for c in self.classes if self.classes.count(c) > 1)
            raise UsageError(f"classes name {twice!r} twice; give each class its own name")
        for name, value, such in (("step_name", step_name, "'epoch'"), ("title", title, "'MNIST'")):
            if not isinstance(value, str):
                raise UsageError(f"{name} is a string, such as {such}, not {value!r}")
            if value or name == "step_name":  # a title may be left out
                _printable(name, value)
        self.step_name, self.title = step_name, title
        self._data = self._dataset(data, test)
        if self.image_shape is not None and self._data is None:  # it had been ignored without a word
            raise UsageError("image_shape draws each example's picture, which comes from the data: give "
                             "data=(X, y) too")
        self._snapshots: list[Snapshot] = []
        self._log: dict[int, Metrics] = {}
        self._shapes: list[tuple[int, int]] | None = None
        self._open_next = 1
        self._open_said: set[int] = set()  # the steps the open schedule has wanted (about 13 a decade)

    # ------------------------------------------------------------------ in the loop
    def wants(self, step: int) -> bool:
        """Whether ``step`` is one to record: cheap, so call it every step (as often as you
        like: a step asked again gets the same answer)."""
        step = _whole(step, "step")  # first: wants(0.0) and wants(False) had been True
        if step == 0:
            return True
        if self._wanted is not None:
            return step in self._wanted
        if step in self._open_said:  # asked again: the same answer (a loop asking before it
            return True              # evaluates and again before it records had lost every record)
        if step < self._open_next:
            return False
        while self._open_next <= step:  # a loop that skips steps still gets the next one
            self._open_next = next_open_step(self._open_next)
        self._open_said.add(step)
        return True

    @_undone_on_failure
    def record(
        self, step: int, *, weights: Sequence[np.ndarray], biases: Sequence[np.ndarray] | None = None,
        activations: Sequence[np.ndarray] | None = None, inputs: np.ndarray | None = None,
        target: np.ndarray | None = None, output: np.ndarray | None = None, loss: float | None = None,
        accuracy: float | None = None, test_loss: float | None = None, test_accuracy: float | None = None,
        example: int | None = None, dropped: Sequence[np.ndarray] | None = None,
    ) -> None:
        """Keep an immutable copy of the network at ``step`` thinking about one example.

        ``weights`` and ``biases``: one per layer, ``(n_in, n_out)`` and ``(n_out,)``;
        ``activations``: every layer's, inputs first (computed here from ``inputs`` when
        ``hidden`` and ``output`` are known and they are not given); ``inputs``, ``target``,
        ``output``: the example's; the metrics so far; ``example``: its index in ``data``;
        ``dropped``: per hidden layer, True where dropout silenced a neuron.
        """
        step = _whole(checks.plain(step), "step")
        example = None if example is None else _whole(checks.plain(example), "example")
        if self._snapshots and step <= self._snapshots[-1].step:
            last = self._snapshots[-1].step
            raise UsageError(f"step {step} was recorded already: each step once, in increasing order"
                             if step == last else
                             f"step {step} comes after step {last}: steps must increase")
        for name, arrays in (("weights", weights), ("biases", biases), ("activations", activations),
                             ("dropped", dropped)):
            if (arrays is not None or name == "weights") and (
                    isinstance(arrays, (str, bytes, np.ndarray)) or not isinstance(arrays, Iterable)):
                raise UsageError(f"{name} is a list of arrays, one per layer, not {type(arrays).__name__}")
        # Read once, in case they are generators.
        weights, biases, activations, dropped = (None if arrays is None else list(arrays) for arrays in (
            weights, biases, activations, dropped))
        W = [self._matrix(w, layer) for layer, w in enumerate(weights)]
        self._check_chain(W)
        sizes = (W[0].shape[0], *(w.shape[1] for w in W))
        if not self._snapshots:
            self._check_fit(sizes)  # found at the first record, not after a whole run
        # Counted first: a missing first bias had been said to be the second's wrong shape.
        if biases is not None and len(biases) != len(W):
            raise UsageError(f"biases has {len(biases)} arrays for {len(W)} layers of weights")
        # A layer made without a bias (PyTorch's bias=False) may give None: its bias is 0.
        b = [np.zeros(w.shape[1]) if v is None else self._bias(v, layer, w, sizes)
             for layer, (v, w) in enumerate(zip(biases, W))] if biases is not None else [
            np.zeros(w.shape[1]) for w in W]
        network = Network(tuple(frozen(w) for w in W), tuple(frozen(v) for v in b),
                          self.hidden or "sigmoid", self.output or "squared")
        if example is not None and self._data is not None:
            if example >= self._data.n_examples:
                raise UsageError(f"example {example:,} is not one of the data's {self._data.n_examples:,} "
                                 f"(0 to {self._data.n_examples - 1:,})")
            # The example named is the data's: its inputs (and target) are known.
            known = self._data.inputs[example]
            if inputs is not None and not np.allclose(self._vector(inputs, "inputs", sizes[0]), known,
                                                      rtol=1e-5, atol=1e-6):
                raise UsageError(f"inputs are not the data's example {example}; give that example's "
                                 "inputs, or leave them out (example= brings them)")
            inputs = known if inputs is None else inputs
            target = self._data.targets[example] if target is None else target
        elif example is not None and inputs is None:
            raise UsageError(f"example={example} names a row of the data, and the Recorder has no data: "
                             "give Recorder(data=(X, y)), or the example's inputs=")
        x = None if inputs is None else self._vector(inputs, "inputs", sizes[0])
        masks = None
        if dropped is not None:
            if not self.dropout:
                raise UsageError("dropped= needs the chance of dropping a neuron: give the Recorder "
                                 "dropout=p (as nn.Dropout(p)), such as Recorder(dropout=0.2)")
            if len(dropped) != len(sizes) - 2:
                raise UsageError(f"dropped has {len(dropped)} arrays for {len(sizes) - 2} hidden layers")
            # A layer without dropout may give None: none of its neurons was dropped.
            masks = tuple(frozen(np.zeros(n, dtype=bool) if m is None
                                 else self._vector(m, f"dropped[{i}]", n) != 0)
                          for i, (m, n) in enumerate(zip(dropped, sizes[1:-1])))
        o = None if output is None else self._probabilities(self._vector(output, "output", sizes[-1]),
                                                           "output")
        if activations is not None:
            if len(activations) != len(sizes):
                raise UsageError(f"activations has {len(activations)} arrays; the network has {len(sizes)} "
                                 f"layers ({', '.join(map(str, sizes))}), inputs first")
            a = [self._vector(v, f"activations[{i}]", n) for i, (v, n) in enumerate(zip(activations, sizes))]
            self._probabilities(a[-1], f"activations[{len(sizes) - 1}]")
            if o is not None and not np.allclose(a[-1], o, rtol=0, atol=1e-3):
                raise UsageError(f"output {_said(o)} is not activations[-1] {_said(a[-1])}: both are the "
                                 "example's output; pass the same one, or only one of them")
        elif x is not None and self._hidden_known(sizes):
            a = network.forward(x, None if masks is None else [np.where(m, 0.0, 1 / (1 - self.dropout))
                                                               for m in masks])
            if self.output is None:  # the hidden layers are known; the output layer is not
                a[-1] = np.full(sizes[-1], np.nan)
            # The hidden layers drawn are these; an output given beside them must be theirs
            # (another example's, or a logit that happened to lie in 0 to 1, had been drawn
            # at the output of a network that computes something else).
            elif o is not None and not np.allclose(a[-1], o, rtol=0, atol=OUTPUT_TOLERANCE):
                raise UsageError(
                    f"output {_said(o)} is not what these weights give for these inputs, {_said(a[-1])} "
                    f"(hidden={self.hidden!r}, output={self.output!r}): pass this example's output from "
                    "these weights (after the sigmoid or softmax; in eval mode, or with dropped= for "
                    "dropout) and check that hidden names the model's activation, or leave it out")
        else:  # not known (no names to compute them with): NaN, which the picture leaves blank
            a = [np.full(n, np.nan) for n in sizes]
            if x is not None:
                a[0] = x
        if o is not None:  # the output neuron and the answer said beside it are one number
            a[-1] = o
        if x is None:
            x = a[0]
        o = a[-1]
        t = np.full(sizes[-1], np.nan) if target is None else self._target(target, sizes[-1])
        metrics = self._noted(step, _metrics(loss, accuracy, test_loss, test_accuracy))
        self._snapshots.append(Snapshot(
            step=step, example=example, inputs=frozen(x), target=frozen(t), output=frozen(o),
            network=network, activations=tuple(frozen(v) for v in a), metrics=metrics, dropped=masks,
        ))
        if any(v is not None for v in (loss, accuracy, test_loss, test_accuracy)):
            self._log[step] = metrics

    def log(self, step: int, *, loss: float | None = None, accuracy: float | None = None,
            test_loss: float | None = None, test_accuracy: float | None = None) -> None:
        """Note the metrics at any step (not only recorded ones), for the curves. Metrics noted
        at one step by several calls are kept together; a metric given again replaces its value."""
        step = _whole(step, "step")
        if all(v is None for v in (loss, accuracy, test_loss, test_accuracy)):
            raise UsageError(f"log({step}) gives no metric: name loss, accuracy, test_loss or test_accuracy")
        self._log[step] = self._noted(step, _metrics(loss, accuracy, test_loss, test_accuracy))

    def _noted(self, step: int, metrics: Metrics) -> Metrics:
        """``metrics`` with what was noted at ``step`` before and is not given again."""
        earlier = self._log.get(step)
        if earlier is None:
            return metrics
        return Metrics(*(new if new is not None else old for new, old in
                         zip(astuple(metrics), astuple(earlier))))

    # ------------------------------------------------------------------ afterwards
    def _hidden_known(self, sizes: tuple[int, ...]) -> bool:
        """Whether the hidden layers can be computed: their activation is named, or there are
        none (a softmax regression's outputs had been left blank for want of a ``hidden``)."""
        return self.hidden is not None or len(sizes) == 2

    @property
    def recording(self) -> Recording:
        """What was recorded, as the Recording everything downstream reads."""
        if not self._snapshots:
            raise UsageError("nothing was recorded: call record() at the steps wants() returns True for")
        sizes = self._snapshots[0].network.sizes
        hidden = self.hidden or _likely_activation(self._snapshots)
        computed = bool(self._hidden_known(sizes) and self.output)  # every layer from the inputs
        kind = "points" if self._data is not None and sizes[0] == 2 and computed else "tabular"
        if self._data is not None and self._data.kind == "image":
            kind = "image"
        setup = Setup(
            sizes=sizes, hidden=hidden, output=self.output or "squared", kind=kind, story="steps",
            # The steps that ran, as far as the recording knows: the last recorded one (a loop
            # stopped at step 299 of a planned 600 had been called "600 steps" after training).
            steps=max(1, self._snapshots[-1].step), step_name=self.step_name,
            classes=self.classes,
            dataset=self._data if kind == "points" or self._data is not None else None, title=self.title,
            bias=any(np.any(b != 0) for s in self._snapshots for b in s.network.b),
            unsure=self.unsure if self.classes is not None or self.output == "softmax" else None,
            # The frames mark dropped neurons where some were recorded.
            dropout=self.dropout if any(s.dropped is not None for s in self._snapshots) else 0.0,
            # Test examples close the video where the final network's answers can be computed
            # (its activations named) and there are test rows of a classification to answer.
            closing_tests=bool(computed and self._data is not None and self._data.n_test
                               and (self.classes is not None or self.output in ("softmax", "binary"))),
        )
        snapshots = tuple(_with_activation(s, hidden, setup.output) for s in self._snapshots)
        # The video ends on the last recorded weights: metrics logged after them would be
        # said beside a network that never had them ("after 256 steps, loss of step 300").
        last = self._snapshots[-1].step
        steps = sorted(step for step in self._log if step <= last)
        curve = Curve.of(steps, [self._log[s] for s in steps])
        setup = as_recorded(setup, snapshots, curve)
        recording = Recording(setup, None, snapshots, snapshots[-1].network, curve)
        problem = inconsistency(recording)
        if problem is not None:
            raise UsageError(problem)
        return replace(recording, notes=self._notes(recording))

    def save(self, path: str | Path) -> Path:
        """Write the recording to ``path`` (.npz), to be rendered later (``nnviz render``)."""
        from .recording_file import save

        return save(self.recording, checks.file_path(path, "the recording's path"))

    def still(self, out: str | Path | None = None, moment: str = "after", **options):
        """One picture of the recording at ``moment`` (``after``, or a recorded step such as
        ``step:10``); options are those of :func:`nnviz.still` (``width``, ``theme``, …)."""
        from .stills import still

        return still(self.recording, out, moment, **options)

    def video(self, out: str | Path = "run.mp4", **options):
        """Make the video of the recording; options are those of every command's video
        (``music``, ``width``, ``theme``, ``smooth``, ``json``, …)."""
        from .recording_file import recording_video

        return recording_video(self.recording, out, **options)

    def _notes(self, recording: Recording) -> tuple[str, ...]:
        """What the loop's records say against themselves, noted with every video of them
        (and kept in the saved file: a recording rendered later had lost them)."""
        notes: tuple[str, ...] = ()
        last = recording.snapshots[-1].step
        if self.steps is not None and last < self.steps:
            # A loop that records before each update never reaches step N of steps=N: the
            # video then ends on step N − 1's weights, or earlier (said "of 787" for 938).
            name = self.step_name
            notes = (f"the last {name} recorded is {last:,} of the {self.steps:,} of steps={self.steps}, and "
                     f"the video ends there: to end on the trained network, record {name} {self.steps:,} "
                     "too (the weights after the last update)",)
        elif self.steps is not None and last > self.steps:  # the run is said to be as long as recorded
            notes = (f"{self.step_name} {last:,} was recorded beyond steps={self.steps}: the video says the "
                     f"run is {last:,} {plural(self.step_name)} long (give the loop's own length as steps=)",)
        # Only where the activations are computed from the names given: with an activation
        # guessed (ELU, leaky ReLU, which have no name here), the comparison would be the guess's.
        sizes = recording.snapshots[-1].network.sizes
        if self._hidden_known(sizes) and self.output is not None:
            notes += tuple(filter(None, [logged_disagreement(recording)]))
        masks = [m for s in self._snapshots if s.dropped is not None for m in s.dropped]
        if self.dropout and masks and not any(m.any() for m in masks):
            # The README's hook keeps the masks of the last pass: an evaluation pass between
            # the training pass and record() leaves them empty, and every shot said "0 of N".
            notes += (f"dropout={self.dropout:g}, but no recorded example had a neuron dropped: were the "
                      "masks taken after a pass in eval mode? Record them from the training pass",)
        if self._data is not None and self._data.kind == "points":  # as a table's
            notes += tuple(filter(None, [beyond_the_map(self._data.n_inputs, self._data.n_classes)]))
        return notes

    # ------------------------------------------------------------------ checks
    def _dataset(self, data, test) -> Dataset | None:
        if data is None:
            if test is not None:
                raise UsageError("test needs data too")
            return None
        try:
            x, y = _floats(data[0], "data"), _floats(self._named(data[1], "data"), "data")
            tx, ty = ((_floats(test[0], "test"), _floats(self._named(test[1], "test"), "test"))
                      if test is not None else (None, None))
            for inputs, targets, which in ((x, y, "data"), (tx, ty, "test")):
                if inputs is not None and inputs.ndim != 2:
                    hint = (f": pictures are rows of pixels, X.reshape(len(X), -1), with image_shape="
                            f"{inputs.shape[1:]}" if inputs.ndim == 3 else "")
                    raise UsageError(f"{which}'s inputs must be a matrix, a row per example, not of shape "
                                     f"{inputs.shape}{hint}")
                if inputs is not None and targets.ndim and len(inputs) != len(targets):
                    raise UsageError(f"{which} has {len(inputs):,} rows of inputs and {len(targets):,} "
                                     "targets: give one target (or row of targets) per example")
                if inputs is not None and inputs.dtype.kind == "f":
                    if not np.isfinite(inputs).all():  # found here, not by save() after the run
                        row = int(np.argwhere(~np.isfinite(inputs))[0][0])
                        raise UsageError(f"{which}'s inputs hold NaN or infinity (row {row:,}); give every "
                                         "example numbers")
                    _not_huge(inputs, f"{which}'s inputs")
            y = self._targets(y, "data")
            ty = None if ty is None else self._targets(ty, "test")
            kind = "points" if x.shape[1] == 2 else "tabular"
            if self.image_shape is not None:
                rows, columns = self.image_shape
                if rows * columns != x.shape[1]:
                    raise UsageError(f"image_shape=({rows}, {columns}) is {rows * columns} pixels; the "
                                     f"inputs have {x.shape[1]}")
                kind = "image"
            return Dataset(self.title or "data", x, y, kind=kind, test_inputs=tx, test_targets=ty,
                           classes=self.classes, image_shape=self.image_shape,
                           train_rows=np.arange(len(x)), test_rows=np.arange(0 if tx is None else len(tx)))
        except UsageError:
            raise
        except Exception as error:  # a tensor that needs detaching, a list of another shape, …
            raise UsageError(
                f"data must be (inputs, targets) arrays with a row per example: {error}"
            ) from None

    def _named(self, labels: object, name: str) -> object:
        """Labels that are class names ("cat", as a data frame holds them) as their numbers
        among ``classes`` (numpy had said "could not convert string to float"), or numbers
        written as text ("0", "1", as np.loadtxt(dtype=str) gives them) as those numbers."""
        array = np.asarray(labels)
        texts = list(array.flat)
        if array.dtype.kind not in "USO" or not any(isinstance(v, str) for v in texts):
            return labels
        classes = self.classes or ()
        # Names first: classes named "1" and "0" are named, not numbered (label "1" had been
        # read as the second class, named "0").
        number = {name: k for k, name in enumerate(classes)}  # a lookup, not a scan, per label
        if classes and all(isinstance(v, str) and v in number for v in texts):
            return np.array([number[v] for v in texts], dtype=float).reshape(array.shape)
        numbers = [parsed_number(v) if isinstance(v, str) else v for v in texts]
        if all(number is not None for number in numbers):
            with contextlib.suppress(TypeError, ValueError):
                return np.array(numbers, dtype=float).reshape(array.shape)
        if not classes:
            word = next(v for v, number in zip(texts, numbers) if isinstance(v, str) and number is None)
            raise UsageError(f"{name}'s labels are names, such as {str(word)!r}: give classes=[...] naming "
                             "them in the order of the outputs, or labels 0 to k − 1")
        unknown = next(v for v in texts if not (isinstance(v, str) and v in number))
        said = repr(str(unknown)) if isinstance(unknown, str) else checks.quoted(unknown)
        raise UsageError(f"{name}'s label {said} is not one of the classes ({', '.join(classes)})")

    def _targets(self, y: np.ndarray, name: str) -> np.ndarray:
        """Targets as a column per output. With classes named, labels 0 to k − 1 (a label per
        row) become a column per class where there are more than two (or the output is a
        softmax), and targets that name no class are refused: a label 4 among two classes was
        drawn as the second."""
        if y.ndim == 1:
            y = y[:, None]
        if y.ndim == 2 and not np.isfinite(y).all():
            row = int(np.argwhere(~np.isfinite(y))[0][0])
            raise UsageError(f"{name}'s targets hold NaN or infinity (row {row}); give every row its label")
        if self.classes is None or y.ndim != 2:
            return y
        k = len(self.classes)
        if y.shape[1] == 1:
            labels = y[:, 0]
            if k > 2:  # before any network is known: the classes are what is counted
                self._labels_fit_output(k, f"{k} class names")
            if k > 2 or np.all(labels == np.round(labels)):
                columns = _one_hot(labels, k, name, per=f"class named in classes ({k})")
                # A column per class, as a softmax answers; one sigmoid output's is the label.
                return columns if k > 2 or self.output == "softmax" else y
        if np.any((y < 0) | (y > 1)):
            raise UsageError(f"{name}'s targets must be from 0 to 1 (a column per class, or labels "
                             f"0 to {k - 1}); they go from {y.min():g} to {y.max():g}")
        return y

    def _check_fit(self, sizes: tuple[int, ...]) -> None:
        """What the names and the data say against the network's sizes (its first record)."""
        inputs, outputs = sizes[0], sizes[-1]
        # What a recording may hold, as nnviz.load reads it back (a recording of 5,000
        # neurons had been saved and filmed, then refused by load and render).
        if len(sizes) > checks.MAX_LAYERS or max(sizes) > checks.MAX_LAYER_SIZE:
            said = ", ".join(f"{n:,}" for n in sizes)
            raise UsageError(f"the network's layers are {said}; nnviz draws up to {checks.MAX_LAYERS} "
                             f"layers of up to {checks.MAX_LAYER_SIZE:,} neurons")
        if self.output == "softmax" and outputs < 2:
            raise UsageError("a softmax needs an output per class, two or more; one output is a sigmoid: "
                             "output='binary'")
        if self.classes is not None and (problem := names_misfit(self.classes, outputs)):
            raise UsageError(problem)
        if self.image_shape is not None and self.image_shape[0] * self.image_shape[1] != inputs:
            rows, columns = self.image_shape
            raise UsageError(f"image_shape=({rows}, {columns}) is {rows * columns} pixels; the network has "
                             f"{inputs} inputs")
        data = self._data
        if data is None:
            return
        if data.n_inputs != inputs:
            # Transposed, the first matrix's other side is the inputs (where transposed
            # matrices chain too: (2, 4), (4, 1) fits 4-column data only by chance).
            hint = f" ({TRANSPOSED})" if data.n_inputs == sizes[1] and _chain_transposed(sizes) else ""
            raise UsageError(f"the data has {counted(data.n_inputs, 'input')} and the network "
                             f"{inputs:,}{hint}")
        if data.targets.shape[1] == 1 and outputs > 1:  # labels, one per row: a column per class
            self._labels_fit_output(outputs)
            self._data = replace(data, targets=_one_hot(data.targets[:, 0], outputs, "data"),
                                 test_targets=_one_hot(data.test_targets[:, 0], outputs, "test"))
        elif data.targets.shape[1] != outputs:
            raise UsageError(f"the data's targets have {data.targets.shape[1]} columns and the network "
                             f"{outputs} output{'s' * (outputs > 1)}: give a column per output, or a label "
                             "per row")
        # Every output is a probability, so is every target: labels of −1 and 1 (a tanh
        # output's) had been drawn as classes 0 and 1 without a word.
        for name, targets in (("data", self._data.targets), ("test", self._data.test_targets)):
            if np.any((targets < 0) | (targets > 1)):
                hint = "; for labels of -1 and 1 pass (y + 1) / 2" if targets.min() == -1 else ""
                raise UsageError(f"the {name}'s targets must be from 0 to 1 (every output is a probability)"
                                 f"; they go from {targets.min():g} to {targets.max():g}{hint}")
            _one_class_each(targets, f"the {name}'s target")

    def _labels_fit_output(self, outputs: int, among: str = "") -> None:
        """One label per example among several outputs names one class of several: a
        softmax's. Sigmoids each answer yes or no on their own ("binary": a 0-or-1 column per
        output); a 10-class model named so had been drawn as ten unrelated answers. ``among``:
        what the several are (the outputs, unless said; data given with three class names to
        a one-output network had been said to have 3 outputs)."""
        if self.output == "binary":
            among = among or f"{outputs} outputs"
            raise UsageError(f"output='binary' takes a 0-or-1 target column per output (a sigmoid each), "
                             f"but these are labels, one per example, among {among}: one class of "
                             f"{outputs} is a softmax's, so pass output='softmax'")

    def _target(self, target: object, outputs: int) -> np.ndarray:
        """One example's target: a value per output (0 to 1, as every output is a probability),
        or with several outputs its class's label."""
        if isinstance(target, np.ndarray | list | tuple) and np.size(target) == 1:
            only = np.asarray(target, dtype=object).ravel()[0]  # y[3:4] of names, as y[3]
            target = only if isinstance(only, str) else target
        if isinstance(target, str) and self.classes is not None and target in self.classes:
            target = self.classes.index(target)  # a class's name first: classes may be named "1", "0"
        elif isinstance(target, str) and parsed_number(target) is not None:  # "1", as data's labels may be
            target = parsed_number(target)
        elif isinstance(target, str) and self.classes is not None:
            raise UsageError(f"target {target!r} is not one of the classes ({', '.join(self.classes)})")
        if isinstance(target, (str, bytes, bool, np.bool_)):
            raise UsageError(f"target is a number or an array of numbers, not {target!r}")
        array = _array(target, "target")
        if array.size == 1 and outputs > 1:
            self._labels_fit_output(outputs)
            return _one_hot(array.reshape(1), outputs, "target")[0]
        vector = self._vector(array.reshape(1) if array.ndim == 0 else array, "target", outputs)
        if np.any((vector < 0) | (vector > 1)):
            raise UsageError(f"target {_said(vector)} is not from 0 to 1: with one output give 0 or 1 (the "
                             "class), with several the class's label or a column per class")
        _one_class_each(vector[None], "target")
        return vector

    def _probabilities(self, values: np.ndarray, name: str) -> np.ndarray:
        """An output layer's values, which are probabilities (every output is a sigmoid or a
        softmax): logits drawn as "says yes (230%)" are refused."""
        if np.all(np.isnan(values)):
            return values
        if np.any((values < 0) | (values > 1)):
            raise UsageError(f"{name} {_said(values)} is not probabilities from 0 to 1: pass the outputs "
                             "after the sigmoid or softmax (not the logits before it), or leave it out")
        if self.output == "softmax" and abs(values.sum() - 1) > 1e-2:
            raise UsageError(f"{name} {_said(values)} sums to {values.sum():.3g}; a softmax's outputs sum "
                             "to 1: pass softmax(z), not z")
        return values

    def _matrix(self, w: object, layer: int) -> np.ndarray:
        array = _array(w, f"weights[{layer}]")
        if array.ndim != 2 or 0 in array.shape:
            raise UsageError(f"weights[{layer}] must be a matrix (n_in, n_out) of at least one neuron on "
                             f"each side, not of shape {array.shape}")
        if self._shapes is not None:
            if layer >= len(self._shapes):
                raise UsageError(f"weights has more layers than the first record ({len(self._shapes)})")
            if array.shape != self._shapes[layer]:
                hint = ""
                if array.shape == self._shapes[layer][::-1]:
                    hint = f" ({TRANSPOSED})"
                raise UsageError(f"weights[{layer}] has shape {array.shape}; the first record's was "
                                 f"{self._shapes[layer]}{hint}")
        return array

    def _check_chain(self, W: list[np.ndarray]) -> None:
        if not W:
            raise UsageError("weights must hold at least one matrix")
        for layer, (a, b) in enumerate(zip(W, W[1:])):
            if a.shape[1] != b.shape[0]:
                raise UsageError(
                    f"weights[{layer}] is {a.shape} and weights[{layer + 1}] is {b.shape}: a layer's outputs "
                    "must feed the next (matrices are (n_in, n_out); pass PyTorch's nn.Linear.weight.T)"
                )
        if self._shapes is None:
            self._shapes = [w.shape for w in W]
        elif len(W) != len(self._shapes):
            raise UsageError(f"weights has {len(W)} layers; the first record had {len(self._shapes)}")

    def _bias(self, value: object, layer: int, w: np.ndarray, sizes: tuple[int, ...]) -> np.ndarray:
        """Layer ``layer``'s bias, one per neuron it feeds; where it has the size of the
        neurons feeding it, the weights may be transposed (which chain where the network is
        as wide at both ends)."""
        array = _array(value, f"biases[{layer}]")
        if array.shape == (w.shape[0],) != (w.shape[1],) and _chain_transposed(sizes):
            raise UsageError(f"biases[{layer}] must have shape ({w.shape[1]},), not {array.shape}: "
                             f"weights[{layer}] is {w.shape} ({TRANSPOSED})")
        return self._vector(array, f"biases[{layer}]", w.shape[1])

    def _vector(self, value: object, name: str, size: int) -> np.ndarray:
        array = _array(value, name)
        if array.ndim == 2 and array.shape[0] == 1:
            array = array[0]  # a batch of one
        if array.ndim == 0 and size == 1:
            array = array.reshape(1)  # one number for a layer of one (predict_proba(x)[0, 1])
        if array.shape != (size,):
            of = "" if name.startswith("biases") else " (one example)"
            raise UsageError(f"{name} must have shape ({size},), not {array.shape}{of}")
        return array


def _array(value: object, name: str) -> np.ndarray:
    # None would be NaN to numpy, said as "training has diverged".
    if value is None or (isinstance(value, np.ndarray) and value.dtype == object
                         and any(v is None for v in value.flat)):
        raise UsageError(f"{name} is None where numbers belong; give an array of numbers")
    try:
        if np.iscomplexobj(value):
            raise UsageError(f"{name} holds complex numbers; pass real ones")
        array = np.array(value, dtype=float)  # a copy: the loop may change its arrays in place
    except UsageError:
        raise
    except Exception:  # a ragged list; a tensor that needs detaching or moving off the GPU
        raise UsageError(f"{name} must be an array of numbers (a tensor: t.detach().cpu().numpy())") from None
    if not np.all(np.isfinite(array)):
        raise UsageError(f"{name} holds NaN or infinity: training has diverged or the array is wrong")
    _not_huge(array, name)
    return array


def _not_huge(array: np.ndarray, name: str) -> None:
    """Values as a table's inputs may be, at most 1e100 in size: beyond, the pictures'
    arithmetic overflows (a map's range, a forward pass)."""
    # The largest and the smallest, not the largest size: no copy of 60,000 pictures.
    if array.size and max(float(np.max(array)), -float(np.min(array))) > LARGEST_INPUT:  # NaN: said elsewhere
        raise UsageError(f"there are values beyond {LARGEST_INPUT:g} in size in {name}: training has "
                         "diverged or they want rescaling")


def _printable(name: str, text: str) -> None:
    """Words the pictures write: some, at most LONGEST_WORDS characters, and no control
    character or lone surrogate (a font has no glyph for either; a surrogate crashed the
    text engine)."""
    if not text.strip():
        raise UsageError(f"{name} is empty; give a word, such as 'epoch'" if name == "step_name" else
                         f"{name} is empty; give a name")
    if len(text) > LONGEST_WORDS:
        raise UsageError(f"{name} is {len(text):,} characters long; the pictures take at most "
                         f"{LONGEST_WORDS}")
    bad = undrawable(text)
    if bad is not None:
        kind = "control character" if unicodedata.category(bad) == "Cc" else "lone surrogate"
        raise UsageError(f"{name} holds the {kind} U+{ord(bad):04X}; give printable text")


def _metrics(*values: object) -> Metrics:
    names = ("loss", "accuracy", "test_loss", "test_accuracy")
    metrics = Metrics(*(None if v is None else _finite(v, name) for v, name in zip(values, names)))
    for name in ("accuracy", "test_accuracy"):  # a share, drawn and said as a percentage
        value = getattr(metrics, name)
        if value is not None and not 0 <= value <= 1:
            raise UsageError(f"{name} is the share of examples right, from 0 to 1, not {value!r}"
                             + (" (a percentage? divide it by 100)" if 1 < value <= 100 else ""))
    return metrics


def _finite(value: object, name: str) -> float:
    """A metric: a number, or an array or tensor of one (``loss.item()`` is not needed); a
    string or a truth value is not one."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**300:
        raise UsageError(f"{name} is {checks.quoted(value)}: training has diverged")  # beyond a float
    try:
        array = np.asarray(value)
    except (TypeError, ValueError, RuntimeError):
        array = np.asarray(None)
    if array.size != 1 or array.dtype.kind not in "iuf":
        # A tensor that needs its gradient dropped reads as none of numpy's numbers.
        hint = f"; pass {name}.item()" if hasattr(value, "item") and array.dtype == object else ""
        raise UsageError(f"{name} must be a number, not {checks.quoted(value)}{hint}")
    scalar = array.reshape(())[()]
    # A single-precision number as it reads (0.1, not 0.10000000149011612 in the JSON).
    number = float(str(scalar)) if array.dtype.kind == "f" and array.dtype.itemsize < 8 else float(scalar)
    if not math.isfinite(number):
        raise UsageError(f"{name} is {number}: training has diverged")
    return number


def _whole(value: object, name: str, least: int = 0) -> int:
    if (isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < least
            or value > MOST_STEPS):
        said = checks.quoted(value, whole=True)
        raise UsageError(f"{name} must be a whole number from {least} to 10¹⁵, not {said}")
    return int(value)


def _likely_activation(snapshots: Sequence[Snapshot]) -> str:
    """The hidden activation the recorded values look like: ranges of -1..1, 0..1, 0..∞."""
    values = np.concatenate([a for s in snapshots for a in s.activations[1:-1]] or [np.zeros(1)])
    values = values[np.isfinite(values)]  # NaN: not known
    if not len(values):
        return "sigmoid"
    if values.min() < 0:
        return "tanh"
    return "sigmoid" if values.max() <= 1 else "relu"


def _with_activation(snapshot: Snapshot, hidden: str, output: str) -> Snapshot:
    network = snapshot.network
    if (network.hidden, network.output) == (hidden, output):
        return snapshot
    return replace(snapshot, network=Network(network.W, network.b, hidden, output))


def _floats(values: object, name: str) -> np.ndarray:
    """An array of floats; single precision stays single (60,000 pictures are 188 MB so)."""
    array = np.asarray(values)
    if np.iscomplexobj(array):
        raise UsageError(f"{name} holds complex numbers; pass real ones")
    return array if array.dtype == np.float32 else array.astype(float)


def _one_hot(labels: np.ndarray, k: int, name: str, per: str = "output") -> np.ndarray:
    """Labels 0 to k − 1 as a column per class (a label that names none is refused)."""
    whole = np.all(labels == np.round(labels))
    if not (whole and labels.min(initial=0) >= 0 and labels.max(initial=0) <= k - 1):
        said = f"{labels[0]:g}" if len(labels) == 1 else f"from {labels.min():g} to {labels.max():g}"
        raise UsageError(f"{name}'s labels must be whole numbers from 0 to {k - 1}, one per {per}; "
                         f"{'it is' if len(labels) == 1 else 'they go'} {said}")
    return np.eye(k)[labels.astype(int)]


def _chain_transposed(sizes: tuple[int, ...]) -> bool:
    """Whether matrices of these sizes, each transposed, would chain as well: only then can
    a misfit come of weights in the other orientation (PyTorch's), which chain otherwise
    only where the network is as wide two layers apart."""
    return all(a == b for a, b in zip(sizes, sizes[2:]))


def _one_class_each(targets: np.ndarray, name: str) -> None:
    """Rows of targets among several outputs each name one class, the largest target's: that
    is what the picture says the example is, and judges the answer by. A row of several 1s
    (multi-label) or of none had been drawn as its first class, and right answers called
    wrong."""
    if targets.ndim != 2 or targets.shape[1] < 2 or len(targets) == 0:
        return
    top = targets.max(axis=1)
    tied = (targets == top[:, None]).sum(axis=1)
    wrong = np.flatnonzero((tied > 1) | (top <= 0))
    if len(wrong):
        row = wrong[0]
        where = f" (row {row})" if len(targets) > 1 else ""
        if top[row] <= 0:
            said = f"{name} {_said(targets[row])}{where} names no class"
        else:
            outputs = np.flatnonzero(targets[row] == top[row])
            listed = ", ".join(map(str, outputs[:4])) + (", …" if len(outputs) > 4 else "")
            said = f"{name}{where} names {len(outputs)} classes at once (outputs {listed})"
        raise UsageError(f"{said}: nnviz draws one class per example, the output with the largest target, "
                         "and cannot draw multi-label targets; give each example one class (its label, "
                         "or a one-hot row)")


def _said(values: np.ndarray) -> str:
    """A few values, as an error message quotes them."""
    shown = ", ".join(f"{v:.3g}" for v in values[:4])
    return f"[{shown}{', …' if len(values) > 4 else ''}]"
