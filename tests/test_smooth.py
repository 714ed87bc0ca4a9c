"""--smooth: every in-between picture shows numbers that belong to it."""

from dataclasses import replace

import numpy as np
import pytest

from nnviz.data import xor
from nnviz.render import Renderer
from nnviz.render.caption import Story, caption
from nnviz.story import story
from nnviz.timeline import Moment, tween
from nnviz.train import TrainConfig, train

FPS = 30


@pytest.fixture(scope="module")
def run():
    return train(xor(), TrainConfig(train_cycles=60, shown=3))


@pytest.fixture(scope="module")
def pictures(run):
    return list(tween(story(run, FPS), FPS))


def _labels(activations) -> list[str]:
    return ["" if np.isnan(v) else f"{v:.2f}" for v in np.clip(np.concatenate(activations), 0, 1)]


def _thinking(shot) -> tuple:
    return shot.activations or tuple(np.zeros(n) for n in shot.network.sizes)


def _said(shot) -> tuple:
    """What a shot's neurons say: its activations, or nothing when it is given no example."""
    return shot.activations or tuple(np.full(n, np.nan) for n in shot.network.sizes)


def test_every_number_in_between_is_one_the_network_really_had(run, pictures):
    words = Story(run.dataset, run.sizes, 60)
    stages = set()
    for picture in pictures:
        if not picture.in_between:
            continue
        shown = caption(picture, words)
        before, after = _labels(_said(picture.previous)), _labels(_said(picture))
        for label, old, new in zip(shown.values, before, after):
            assert label in (old, new)
        inputs = slice(0, run.sizes[0])
        assert shown.values[inputs] in (tuple(before[inputs]), tuple(after[inputs]))  # inputs switch
        assert set(shown.values[inputs]) <= {"", "0.00", "1.00"}
        output = shown.values[-1]
        if shown.network is not None:  # the answer the panel states is the one the output shows
            assert shown.network == output
            if picture.moment is Moment.TRAINING or picture.previous.moment is Moment.TRAINING:
                assert f"network {output}" in "".join(s + g for s, g in shown.line2)
        row = shown.rows[shown.current] if shown.current is not None else None
        if row is not None and row[2]:  # the table's answer for the example considered
            assert row[2] == output
        # while the glow eases from the one to the other
        for glow, old, new in zip(picture.glow, _thinking(picture.previous), _thinking(picture)):
            low, high = np.minimum(old, new) - 1e-12, np.maximum(old, new) + 1e-12
            assert ((low <= glow) & (glow <= high)).all()
        stages.add((picture.arrived > 0, shown.network is not None))
    # the wave was seen before the inputs, between inputs and output, and at the output
    assert {(False, True), (True, False), (True, True)} <= stages


def test_the_new_example_arrives_with_its_inputs_and_its_answer_with_the_output(run, pictures):
    words = Story(run.dataset, run.sizes, 60)
    moving = [p for p in pictures if p.in_between and p.moment is Moment.TRAINING
              and p.previous.moment is Moment.TRAINING]
    for picture in moving:
        shown, old, new = (caption(s, words) for s in (picture, picture.previous, _settled(picture)))
        if picture.arrived == 0:
            assert shown == replace(old, values=shown.values)  # still the previous picture's panel
        elif picture.arrived < len(run.sizes):
            assert (shown.title, shown.subtitle, shown.line1, shown.current) == (
                new.title, new.subtitle, new.line1, new.current)
            assert shown.network is None and [s for s, _ in shown.line2] == ["desired", new.line2[1][0]]
            assert shown.rows[new.current][2] == ""  # its answer not yet in the table
            # The average so far in the first cycle is the one before this example; a later
            # cycle's is the previous cycle's, which its own title goes with.
            kept = old if picture.snapshot.step == 1 else new
            assert (shown.error, shown.error_bar) == (kept.error, kept.error_bar)
            assert "this cycle" not in shown.error[0][0] or picture.snapshot.step == 1
        else:
            assert (shown.line2, shown.rows, shown.error) == (new.line2, new.rows, new.error)


def _settled(picture):
    return replace(picture, in_between=False, previous=None, arrived=0, glow=None)


def test_the_renderer_shows_the_caption(run, pictures):
    renderer = Renderer(run.setup, 640, 360)
    picture = next(p for p in pictures if p.in_between and 0 < p.arrived < len(run.sizes))
    renderer.draw(picture)
    shown = renderer.caption(picture)
    assert [t.get_text() for t in renderer._values] == list(shown.values)
    assert renderer._line1.get_text() == shown.line1


def test_the_new_situations_row_states_the_answer_line_two_gives(run, pictures):
    words = Story(run.dataset, run.sizes, 60)
    new = caption(next(p for p in pictures if p.moment is Moment.NEW and not p.in_between), words)
    inputs, desired, answer = new.rows[new.current]
    assert new.line2[0][0] == f"The correct answer is {desired}" == "The correct answer is 0"
    assert answer == new.network and answer != ""
    unknown = Story(replace(run.dataset, new_target=None), run.sizes, 60)
    said = caption(next(p for p in pictures if p.moment is Moment.NEW and not p.in_between), unknown)
    assert said.rows[said.current][1] == "?" and "correct answer" not in said.line2[0][0]


def test_a_pictures_answer_comes_with_the_wave_as_the_bars_do():
    """The panel had said the new picture's answer ("says 1 (98%) ✓ right") from the first
    frame of the move, while the bars and the output neurons still showed the last one's."""
    from nnviz.api import NetworkTraining, dataset_subject
    from nnviz.data import Dataset
    from nnviz.render.run_caption import RunStory, run_caption
    from nnviz.story import unfold

    rng = np.random.default_rng(0)
    labels = np.arange(30) % 3
    inputs = rng.random((30, 64)).astype(np.float32)
    targets = np.eye(3, dtype=np.float32)[labels]
    data = Dataset("pictures", inputs, targets, kind="image", test_inputs=inputs[:6],
                   test_targets=targets[:6], classes=("a", "b", "c"), image_shape=(8, 8))
    source = dataset_subject(data, NetworkTraining(epochs=3)).begin(3)
    words = RunStory(source.setup)
    layers = len(source.setup.sizes)
    seen = set()
    for picture in tween(unfold(source, FPS), FPS):
        if not picture.in_between or picture.moment not in (Moment.TRAINING, Moment.TEST):
            continue
        shown = run_caption(picture, words)
        settled, before = run_caption(_settled(picture), words), run_caption(picture.previous, words)
        if picture.arrived == 0:
            assert shown.lines == before.lines and shown.verdict == before.verdict
        elif picture.arrived < layers:  # the new picture is in, its answer not yet
            assert shown.lines[0] == settled.lines[0] and shown.lines[1] == "" and shown.verdict == ""
        else:
            assert shown.lines == settled.lines and shown.verdict == settled.verdict != ""
        seen.add(min(picture.arrived, 2) if picture.arrived < layers else 3)
    assert seen == {0, 1, 2, 3}
