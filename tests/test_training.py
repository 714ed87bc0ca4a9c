"""Snapshots: when they are taken, what they hold, and that they are frozen copies."""

import numpy as np
import pytest

from nnviz.data import xor
from nnviz.network import train_plain
from nnviz.schedule import shown_cycles
from nnviz.train import TrainConfig, train


def test_schedule_is_geometric_distinct_and_ends_at_the_last_cycle():
    cycles = shown_cycles(13, 60_000)
    assert len(cycles) == 13 and cycles[0] == 1 and cycles[-1] == 60_000
    assert all(b > a for a, b in zip(cycles, cycles[1:]))
    gaps = np.diff(cycles)
    assert all(b >= a for a, b in zip(gaps, gaps[1:]))  # diminishing returns: gaps widen
    ratios = np.array(cycles[1:]) / np.array(cycles[:-1])
    assert ratios[-4:].std() < 0.05 * ratios[-4:].mean()  # a constant ratio once past the start


@pytest.mark.parametrize("shown,total", [(1, 10), (10, 10), (50, 60), (30, 100_000), (2, 2)])
def test_schedule_gives_exactly_the_requested_number(shown, total):
    cycles = shown_cycles(shown, total)
    assert len(set(cycles)) == shown and cycles[-1] == total and min(cycles) >= 1


def test_schedule_rejects_impossible_requests():
    with pytest.raises(ValueError):
        shown_cycles(11, 10)
    with pytest.raises(ValueError):
        shown_cycles(0, 10)


def test_snapshots_cover_every_example_of_every_shown_cycle():
    run = train(xor(), TrainConfig(train_cycles=200, shown=4))
    assert list(run.steps) == shown_cycles(4, 200)
    assert [(s.step, s.example) for s in run.snapshots] == [(c, k) for c in run.steps for k in range(7)]


def test_snapshot_holds_the_update_it_names():
    data = xor()
    run = train(data, TrainConfig(train_cycles=50, shown=3))
    snap = next(s for s in run.snapshots if s.step == run.steps[1] and s.example == 4)
    # Independent: the plain loop up to the cycle before, then examples 0..3, then example 4.
    before = train_plain(run.initial, data.inputs, data.targets, snap.step - 1, 1.0)
    before = train_plain(before, data.inputs[:4], data.targets[:4], 1, 1.0)
    activations = before.forward(data.inputs[4])
    after = train_plain(before, data.inputs[4:5], data.targets[4:5], 1, 1.0)
    np.testing.assert_allclose(snap.output, activations[-1], atol=1e-12)
    np.testing.assert_allclose(snap.error, data.targets[4] - activations[-1], atol=1e-12)
    for mine, theirs in zip(snap.activations, activations):
        np.testing.assert_allclose(mine, theirs, atol=1e-12)
    for mine, theirs in zip(snap.network.W, after.W):
        np.testing.assert_allclose(mine, theirs, atol=1e-12)
    # Average error over the previous cycle, computed example by example.
    net, errors = train_plain(run.initial, data.inputs, data.targets, snap.step - 2, 1.0), []
    for x, t in zip(data.inputs, data.targets):
        errors.append(abs(t - net.output_of(x))[0])
        net = train_plain(net, x[None], t[None], 1, 1.0)
    assert snap.average_error == pytest.approx(np.mean(errors), abs=1e-12)


def test_first_cycle_average_error_is_over_the_cycle_so_far():
    run = train(xor(), TrainConfig(train_cycles=10, shown=2))
    first = [s for s in run.snapshots if s.step == 1]
    for k, snap in enumerate(first):
        expected = np.mean([abs(s.error[0]) for s in first[: k + 1]])
        assert snap.average_error == pytest.approx(expected, abs=1e-15)


def test_snapshots_are_frozen_copies():
    run = train(xor(), TrainConfig(train_cycles=20, shown=3))
    a, b = run.snapshots[0], run.snapshots[1]
    assert not np.shares_memory(a.network.W[0], b.network.W[0])
    assert not np.array_equal(a.network.W[0], b.network.W[0])
    with pytest.raises(ValueError):
        a.network.W[0][0, 0] = 5.0
    with pytest.raises(ValueError):
        a.activations[1][0] = 5.0
    with pytest.raises(AttributeError):
        a.cycle = 3


def test_same_seed_same_run_different_seed_different_weights():
    one = train(xor(), TrainConfig(train_cycles=30, shown=3, seed=4))
    two = train(xor(), TrainConfig(train_cycles=30, shown=3, seed=4))
    other = train(xor(), TrainConfig(train_cycles=30, shown=3, seed=5))
    np.testing.assert_array_equal(one.final.W[0], two.final.W[0])
    assert not np.allclose(one.final.W[0], other.final.W[0])


def test_huge_learning_rate_does_not_crash_the_fast_path():
    # exp overflows in math.exp here; training must carry on (numpy saturates) or say why not.
    run = train(xor(), TrainConfig(train_cycles=300, shown=3, learning_rate=5000.0))
    assert np.all(np.isfinite(run.final.W[0]))


def test_biases_are_trained_when_asked():
    data = xor()
    run = train(data, TrainConfig(train_cycles=100, shown=2, bias=True))
    expected = train_plain(run.initial, data.inputs, data.targets, 100, 1.0, bias=True)
    assert run.final.b[0].any()
    np.testing.assert_allclose(run.final.b[0], expected.b[0], atol=1e-9)
