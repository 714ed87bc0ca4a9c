"""Stories: which shots a recording becomes, in what order, and the moments a still can pick.

The story is chosen by the recording's setup (``setup.story``), as data:

- ``examples`` (the XOR video): the network before training (random weights, nothing
  thinking), every example of every shown cycle, the network after training, and the
  network thinking about a new situation;
- ``classes``: before training, one example per shown epoch (the classes in turn), after
  training, then two test examples: one it answers right and one it answers wrong (or a
  second right one, if it makes no mistake);
- ``steps``: whatever a user's loop recorded, one shot per snapshot, and after training.

Shots are made as the recording arrives, so a video is drawn while the network learns.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from .checks import option
from .data import class_of
from .data.extent import plane_of
from .probes import probe_cases, probe_count
from .recording import Recording, Setup, Snapshot, Source
from .sweep import layer_views, plane_grid, readout
from .timeline import Case, Holds, Moment, Shot
from .words import plural

TEST_SHOTS = 2  # the examples a classification story shows after training


@dataclass(frozen=True)
class Shape:
    """How many shots a story has: before the shown steps, at each one, and after them."""

    opening: int
    per_step: int
    closing: int

    def shots(self, steps: int) -> int:
        return self.opening + self.per_step * steps + self.closing


def shape(setup: Setup, has_initial: bool = True) -> Shape:
    """The shape of ``setup``'s story, known before training starts."""
    data = setup.dataset
    if setup.story == "examples":
        closing = 2 if data is not None and data.new_inputs is not None else 1
        return Shape(1, data.n_examples, closing)
    if setup.story == "classes":
        probes = probe_count(data, setup.unsure) if setup.probes else 0
        layers = len(setup.sizes) - 2 if setup.layer_sweep else 0
        return Shape(1, 1, 1 + TEST_SHOTS + probes + layers)
    return Shape(1 if has_initial else 0, 1, 1 + (TEST_SHOTS if setup.closing_tests else 0))


def story(recording: Recording, holds: Holds) -> list[Shot]:
    """The shots of a finished recording, held ``holds`` frames (one for all, or one each)."""
    return list(unfold(recording, holds))


def unfold(source: Source, holds: Holds) -> Iterator[Shot]:
    """The shots of ``source``, each as soon as the training has produced it."""
    hold = iter(itertools.repeat(holds) if isinstance(holds, int) else holds)
    tell = {"examples": _examples, "classes": _classes}.get(source.setup.story, _steps)
    return tell(source, hold)


def _examples(source: Source, hold: Iterator[int]) -> Iterator[Shot]:
    data = source.setup.dataset
    blank = np.full(data.n_examples, np.nan)
    yield Shot(Moment.BEFORE, source.initial, None, next(hold), table_outputs=blank)

    for snapshots in source:
        table = blank.copy()  # the network's answers fill in as the cycle goes on
        for snap in snapshots:
            table[snap.example] = snap.output[0]
            yield Shot(
                Moment.TRAINING,
                snap.network,
                snap.activations,
                next(hold),
                snapshot=snap,
                table_outputs=table.copy(),
                average_error=snap.average_error,
            )

    run = source.recording
    outputs = run.final_outputs()
    final_error = float(np.mean(np.abs(data.targets - outputs)))
    yield Shot(Moment.AFTER, run.final, None, next(hold), None, outputs[:, 0], final_error)
    if data.new_inputs is not None:
        yield Shot(Moment.NEW, run.final, run.new_situation(), next(hold), None, outputs[:, 0],
                   final_error)


def _classes(source: Source, hold: Iterator[int]) -> Iterator[Shot]:
    yield Shot(Moment.BEFORE, source.initial, None, next(hold), curve=source.curve())
    for snapshots in source:
        curve = source.curve()  # live: up to now; finished: the whole run, so cut it
        for snap in snapshots:
            yield _training_shot(snap, next(hold), curve.until(snap.step))
    run = source.recording
    yield Shot(Moment.AFTER, run.final, None, next(hold), curve=run.history)
    cases = closing_cases(run)
    yield from _test_shots(run, cases, hold)
    if run.setup.probes:
        for case in story_probes(run, cases):
            yield Shot(Moment.PROBE, run.final, tuple(run.final.forward(case.inputs)), next(hold),
                       curve=run.history, case=case)
    if run.setup.layer_sweep:
        data = run.setup.dataset
        thinking = tuple(run.final.forward(cases[0].inputs))  # the first test point, as it travels
        plane = plane_of(data)
        views = layer_views(run.final, data, plane_grid(plane.x, plane.y), cases[0].inputs)
        for layer, view in enumerate(views, start=1):
            mapped, accuracy = readout(run.final, layer, data)
            yield Shot(Moment.LAYER, run.final, thinking, next(hold), curve=run.history, case=cases[0],
                       layer=layer, map_network=mapped, layer_accuracy=accuracy, layer_view=view)


def story_probes(run: Recording, cases: list[Case]) -> list[Case]:
    """The probes a finished run shows (see :mod:`.probes`), seeded by the run's seed."""
    setup = run.setup
    if not probe_count(setup.dataset, setup.unsure):
        return []
    return probe_cases(run.final, setup.dataset, cases[0].inputs, setup.unsure, setup.seed)


def _steps(source: Source, hold: Iterator[int]) -> Iterator[Shot]:
    if source.initial is not None:
        yield Shot(Moment.BEFORE, source.initial, None, next(hold), curve=source.curve().until(0))
    last: Snapshot | None = None
    for snapshots in source:
        curve = source.curve()
        for snap in snapshots:
            last = snap
            yield _training_shot(snap, next(hold), curve.until(snap.step))
    run = source.recording
    final = run.final if last is None else last.network
    yield Shot(Moment.AFTER, final, None, next(hold), curve=run.history)
    if run.setup.closing_tests:  # as a trained classifier's story ends: a test example right, one wrong
        yield from _test_shots(run, closing_cases(run), hold)


def _test_shots(run: Recording, cases: list[Case], hold: Iterator[int]) -> Iterator[Shot]:
    """The final network answering each of ``cases``, after training."""
    for case in cases:
        yield Shot(Moment.TEST, run.final, tuple(run.final.forward(case.inputs)), next(hold),
                   curve=run.history, case=case)


def _training_shot(snap: Snapshot, frames: int, curve) -> Shot:
    return Shot(Moment.TRAINING, snap.network, snap.activations, frames, snapshot=snap, curve=curve)


def closing_cases(run: Recording) -> list[Case]:
    """The examples shown after training: one answered right and one answered wrong, from
    the test set (the training set where there is none); a second right one if there is no
    wrong one."""
    data = run.setup.dataset
    from_test = data.n_test > 0
    inputs = data.test_inputs if from_test else data.inputs
    targets = data.test_targets if from_test else data.targets
    outputs = run.final.output_of(inputs)
    right = class_of(outputs) == class_of(targets)
    order = list(np.flatnonzero(right)[:1]) + list(np.flatnonzero(~right)[:1])
    order += [i for i in np.flatnonzero(right)[1:] if len(order) < TEST_SHOTS]
    while len(order) < TEST_SHOTS:  # a tiny set: show what there is again
        order.append(order[-1] if order else 0)
    return [
        Case(int(i), inputs[i], targets[i], outputs[i], bool(right[i]), from_test)
        for i in order[:TEST_SHOTS]
    ]


# ----------------------------------------------------------------------- moments of a story
def _closing_moments(setup: Setup) -> dict[str, tuple[int, str, str]]:
    """The numbered closing moments of a classes story: how many of each, what one is called,
    and what to say when there are none."""
    return {
        "test": (TEST_SHOTS, "test example", "this story has no test examples"),
        "probe": (probe_count(setup.dataset, setup.unsure) if setup.probes else 0, "probe",
                  f"this story has no probes; add {option('probes')} (for pictures)"),
        "layer": (len(setup.sizes) - 2 if setup.layer_sweep else 0, "hidden layer",
                  f"this story has no layer sweep; add {option('layer_sweep')} (for 2-D data)"),
    }


@dataclass(frozen=True)
class MomentSpec:
    """A moment of the story: a named one, one shown step (and example, from 1), or the
    k-th test example after training."""

    name: str
    step: int | None = None
    example: int | None = None
    step_name: str = "cycle"

    def __str__(self) -> str:
        if self.name in ("test", "probe", "layer"):
            return f"{self.name}:{self.example}"
        if self.step is None:
            return self.name
        if self.example is None:
            return f"{self.step_name}:{self.step}"
        return f"{self.step_name}:{self.step}/example:{self.example}"


# Moments that are never a training step, whatever the story: known from the words alone.
NOT_STEPS = ("before", "after", "new", "test", "probe", "layer")


def names_no_step(text: str) -> bool:
    """Whether ``text`` names a moment that is not a training step (before any training)."""
    return text.strip().lower().split(":", 1)[0] in NOT_STEPS


NAMED_MOMENTS = ("before", "after", "new")


def malformed_moment(text: str) -> str | None:
    """Why ``text`` cannot name a moment of any story (None: it may), said before any
    training: which steps a story shows, and what it calls them (a recording's step name may
    be any word), is known only once it is made. A moment is a name, or NAME:NUMBER parts."""
    said = text.strip()
    lowered = said.lower()
    parts = lowered.split("/")
    if lowered in NAMED_MOMENTS or all(re.fullmatch(r"[^:/]+:\s*\d+\s*", part) for part in parts):
        return None
    return (f"unknown moment {said!r}; a moment is before, after, new (XOR), test:K, probe:K, "
            "layer:K, or a shown step such as epoch:N (cycle:N/example:K for XOR)")


def parse_moment(text: str, setup: Setup, shown: Sequence[int], before: bool = True) -> MomentSpec:
    """Read a moment of ``setup``'s story; ValueError says why it is not one. ``before``:
    whether the story has the network before training (a recording may not)."""
    text = text.strip().lower()
    kind = setup.story
    names = ["before", "after"] if before else ["after"]
    if kind == "examples" and setup.dataset is not None and setup.dataset.new_inputs is not None:
        names.append("new")
    if text in names:
        return MomentSpec(text)
    if text == "before" and shown and shown[0] == 0:  # a recorded step 0 is the network before training
        return MomentSpec("training", 0, step_name=setup.step_name.strip().lower())
    if text == "before":
        first = f"{setup.step_name}:{shown[0]}" if shown else "after"
        raise ValueError(f"this recording has no network before training (none was recorded); its first "
                         f"picture is {first}")
    if text in ("new", "after"):
        raise ValueError(f"this story has no moment {text!r}; use {_choices(setup, shown, before)}")
    parts = dict(part.split(":", 1) for part in text.split("/") if ":" in part)
    closing = _closing_moments(setup)
    if setup.ends_on_tests and len(parts) == 1 and "/" not in text and next(iter(parts)) in closing:
        name = next(iter(parts))
        count, noun, missing = closing[name]
        if not count:
            raise ValueError(missing)
        number = _whole(parts[name], text, setup, shown, before)
        if not 1 <= number <= count:
            raise ValueError(f"{noun} {number} is out of range; use 1 to {count}")
        return MomentSpec(name, example=number)
    step_name = setup.step_name.strip().lower()  # the moment is read in lower case ("Epoch:2")
    with_example = kind == "examples"
    expected = {step_name, "example"} if with_example else {step_name}
    if set(parts) != expected or text.count("/") != (1 if with_example else 0):
        raise ValueError(f"unknown moment {text!r}; use {_choices(setup, shown, before)}")
    step = _whole(parts[step_name], text, setup, shown, before)
    if step not in shown:
        raise ValueError(
            f"{step_name} {step} is not shown; the shown {plural(step_name)} are {', '.join(map(str, shown))}"
        )
    if not with_example:
        return MomentSpec("training", step, step_name=step_name)
    example = _whole(parts["example"], text, setup, shown, before)
    examples = setup.dataset.n_examples
    if not 1 <= example <= examples:
        raise ValueError(f"example {example} is out of range; use 1 to {examples}")
    return MomentSpec("training", step, example, step_name)


def _whole(value: str, text: str, setup: Setup, shown: Sequence[int], before: bool) -> int:
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"unknown moment {text!r}; use {_choices(setup, shown, before)}") from None


def _choices(setup: Setup, shown: Sequence[int], before: bool = True) -> str:
    first = shown[0] if shown else 1
    # A recording's step 0 is its "before" (see parse_moment).
    start = "before, after" if before or first == 0 else "after"
    if setup.story == "examples":
        new = ", new" if setup.dataset is not None and setup.dataset.new_inputs is not None else ""
        example = f"{setup.step_name}:{first}/example:1"
        return f"{start}{new}, or {setup.step_name}:N/example:K (e.g. {example})"
    if setup.ends_on_tests:
        return f"{start}, test:1, test:2, or {setup.step_name}:N (e.g. {setup.step_name}:{first})"
    return f"{start}, or {setup.step_name}:N (e.g. {setup.step_name}:{first})"


def pick(shots: Iterable[Shot], moment: MomentSpec) -> Shot:
    """The shot of ``moment`` as it settles. Stops at it: shots that are still being
    trained for are not made."""
    counted = 0
    for shot in shots:
        if shot.in_between:
            continue
        if moment.name in ("test", "probe", "layer"):
            if shot.moment.value == moment.name:
                counted += 1
                if counted == moment.example:
                    return shot
        elif moment.step is None:
            if shot.moment.value == moment.name:
                return shot
        elif (
            shot.snapshot is not None
            and shot.snapshot.step == moment.step
            and (moment.example is None or shot.snapshot.example == moment.example - 1)
        ):
            return shot
    raise ValueError(f"no shot for the moment {moment}")


def label(shot: Shot, step_name: str = "cycle", number: int | None = None) -> str:
    """A shot's name on a contact sheet. ``number``: which test example of the video it is
    (the K of its still, test:K), where that is known; else its place in the test set."""
    snap = shot.snapshot
    if snap is not None:
        if step_name == "cycle" and snap.example is not None:
            return f"cycle {snap.step:,} · example {snap.example + 1}"
        return f"{step_name} {snap.step:,}"
    # The layer sweep's shots think about a test example too, but show a layer; a probe is
    # no example of the data.
    if shot.moment is Moment.LAYER and shot.layer is not None:
        return f"hidden layer {shot.layer}"
    if shot.moment is Moment.PROBE and shot.case is not None:
        return f"probe · {shot.case.label}" if shot.case.label else "probe"
    if shot.case is not None:
        verdict = "" if shot.case.right is None else (" · right" if shot.case.right else " · wrong")
        return f"test example {number if number is not None else shot.case.index + 1}{verdict}"
    return {Moment.BEFORE: "before training", Moment.AFTER: "after training",
            Moment.NEW: "a new situation"}.get(shot.moment, shot.moment.value)


def shown_steps(source: Source) -> tuple[int, ...]:
    """The steps a source shows, known before training (its schedule)."""
    for name in ("cycles", "epochs"):
        if hasattr(source, name):
            return tuple(getattr(source, name))
    return source.recording.steps


__all__ = ["MomentSpec", "Shape", "closing_cases", "label", "parse_moment", "pick",
           "shape", "shown_steps", "story", "unfold"]

