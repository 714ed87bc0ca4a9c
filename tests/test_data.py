"""Data sets: Playground's 2-D sets, and the split they share with every data set."""

import math

import numpy as np
import pytest

from nnviz.data import PLANE_SETS, DataError, Dataset, plane, split
from nnviz.data.plane import DOMAIN


def everything(data: Dataset) -> tuple[np.ndarray, np.ndarray]:
    """Training and test examples together: points and their classes."""
    return np.vstack([data.inputs, data.test_inputs]), np.concatenate([data.targets, data.test_targets])[:, 0]


def one_line_about(error: pytest.ExceptionInfo, *words: str) -> str:
    message = str(error.value)
    assert "\n" not in message and message.strip() == message and message
    for word in words:
        assert word in message, (word, message)
    return message


# --- the 2-D sets ---------------------------------------------------------------------


@pytest.mark.parametrize("name", PLANE_SETS)
def test_a_plane_set_is_points_with_one_target_column_split_in_half(name):
    data = plane(name)
    assert data.kind == "points" and data.input_names == ("x1", "x2") and len(data.classes) == 2
    assert data.inputs.shape == (data.n_examples, 2) and data.targets.shape == (data.n_examples, 1)
    assert data.test_inputs.shape == (data.n_test, 2) and data.test_targets.shape == (data.n_test, 1)
    assert data.n_examples + data.n_test == 500 and abs(data.n_test - 250) <= 1
    assert set(np.unique(everything(data)[1])) == {0.0, 1.0}
    assert data.scaling is None  # Playground's coordinates, as they are


@pytest.mark.parametrize("name", ["circles", "gauss", "spiral", "moons"])
def test_half_of_the_points_are_of_each_class(name):
    classes = everything(plane(name, samples=301))[1]
    assert len(classes) == 301 and abs(classes.sum() - 150.5) == 0.5


def test_xor2d_classes_are_quadrants_so_only_about_half_each():
    classes = everything(plane("xor2d", samples=2000))[1]
    assert 0.45 < classes.mean() < 0.55


@pytest.mark.parametrize("name", PLANE_SETS)
def test_the_split_keeps_each_class_share_on_both_sides(name):
    data = plane(name, noise=30, test_fraction=0.3, samples=1000)
    for targets in (data.targets, data.test_targets):
        assert abs(targets.mean() - everything(data)[1].mean()) < 0.01
    assert abs(data.n_test - 300) <= 1


@pytest.mark.parametrize("name", PLANE_SETS)
def test_same_seed_same_arrays_other_seed_others(name):
    a, b, c = plane(name, noise=20, seed=7), plane(name, noise=20, seed=7), plane(name, noise=20, seed=8)
    for field in ("inputs", "targets", "test_inputs", "test_targets"):
        assert np.array_equal(getattr(a, field), getattr(b, field))
    assert not np.array_equal(a.inputs, c.inputs)


@pytest.mark.parametrize("name", PLANE_SETS)
def test_points_stay_on_playgrounds_plane_without_noise(name):
    points = everything(plane(name, samples=5000))[0]
    assert np.abs(points).max() <= 5.3 + 1e-12 < DOMAIN
    assert plane(name).notes == ()


def test_points_off_the_plane_are_noted():
    data = plane("gauss", noise=50)
    outside = int((np.abs(everything(data)[0]).max(axis=1) > DOMAIN).sum())
    assert outside > 0
    assert data.notes == (f"{outside} of 500 points lie beyond ±6, outside the plane Playground shows",)


def test_the_order_of_examples_is_shuffled():
    classes = plane("spiral").targets[:, 0]
    assert 0.3 < np.mean(classes[:-1] != classes[1:])  # not one class, then the other


# Hand-checkable facts about each set, before noise.


def test_circles_class_is_the_radius():
    points, classes = everything(plane("circles", samples=2000))
    radius = np.hypot(points[:, 0], points[:, 1])
    assert np.array_equal(classes == 1, radius < 2.5)
    assert radius[classes == 1].max() <= 2.5 and 3.5 <= radius[classes == 0].min() <= radius.max() <= 5


def test_xor2d_class_is_the_sign_of_the_product_and_points_keep_off_the_axes():
    points, classes = everything(plane("xor2d", samples=2000))
    assert np.array_equal(classes == 1, points[:, 0] * points[:, 1] >= 0)
    assert np.abs(points).min() >= 0.3 and np.abs(points).max() <= 5.3


def test_gauss_blobs_sit_at_plus_and_minus_two_with_variance_one_half():
    points, classes = everything(plane("gauss", samples=10_000))
    assert np.allclose(points[classes == 1].mean(axis=0), [2, 2], atol=0.05)
    assert np.allclose(points[classes == 0].mean(axis=0), [-2, -2], atol=0.05)
    assert np.allclose(points[classes == 1].var(axis=0), 0.5, rtol=0.06)


def test_spiral_arms_turn_one_and_three_quarter_times_half_a_turn_apart():
    points, classes = everything(plane("spiral", samples=400))
    radius = np.hypot(points[:, 0], points[:, 1])
    angle = np.arctan2(points[:, 0], points[:, 1])  # Playground's x = r sin t, y = r cos t
    expected = 1.75 * 2 * np.pi * radius / 5 + np.where(classes == 1, 0, np.pi)
    assert np.allclose(np.angle(np.exp(1j * (angle - expected)))[radius > 0], 0, atol=1e-9)
    assert radius.min() == 0 and 4.9 < radius.max() < 5


def test_moons_are_half_circles_of_radius_ten_thirds():
    points, classes = everything(plane("moons"))
    upper = points[classes == 0] / (10 / 3) + [0.5, 0.25]  # back to make_moons' coordinates
    lower = points[classes == 1] / (10 / 3) + [0.5, 0.25]
    assert np.allclose(np.hypot(upper[:, 0], upper[:, 1]), 1) and upper[:, 1].min() > -1e-12
    assert np.allclose(np.hypot(lower[:, 0] - 1, lower[:, 1] - 0.5), 1) and lower[:, 1].max() < 0.5 + 1e-12


# Noise means what Playground's slider means.


def sorted_rows(points: np.ndarray) -> np.ndarray:
    return points[np.lexsort(points.T[::-1])]


@pytest.mark.parametrize("name,rule", [
    ("circles", lambda p: np.hypot(p[:, 0], p[:, 1]) < 2.5),
    ("xor2d", lambda p: p[:, 0] * p[:, 1] >= 0),
])
def test_noise_moves_no_point_in_circles_and_xor2d_but_flips_classes_near_the_boundary(name, rule):
    clean = everything(plane(name, samples=2000))[0]
    flipped = []
    for noise in (0, 10, 30, 50):
        points, classes = everything(plane(name, samples=2000, noise=noise))
        assert np.array_equal(sorted_rows(points), sorted_rows(clean))
        flipped.append(np.mean(rule(points) != (classes == 1)))
    assert flipped[0] == 0 and flipped[1] < flipped[2] < flipped[3] < 0.5


def test_noise_widens_the_gauss_blobs_from_variance_one_half_to_four():
    clean, noisy = plane("gauss", noise=0), plane("gauss", noise=50)
    assert np.array_equal(clean.targets, noisy.targets)  # the same points, in the same order
    centres = np.where(clean.targets == 1, 2.0, -2.0)
    assert np.allclose((noisy.inputs - centres) / (clean.inputs - centres), np.sqrt(4 / 0.5))
    middle = plane("gauss", noise=25)
    assert np.allclose((middle.inputs - centres) / (clean.inputs - centres), np.sqrt(2.25 / 0.5))


@pytest.mark.parametrize("noise", [10, 50])
def test_noise_moves_spiral_points_by_up_to_noise_over_100(noise):
    clean, noisy = plane("spiral", noise=0), plane("spiral", noise=noise)
    moved = np.abs(noisy.inputs - clean.inputs)
    assert moved.max() <= noise / 100 and moved.max() > 0.9 * noise / 100
    assert np.array_equal(clean.targets, noisy.targets)


def test_noise_jitters_moons_by_a_standard_deviation_of_noise_over_50():
    clean, noisy = plane("moons", samples=10_000), plane("moons", samples=10_000, noise=40)
    assert np.isclose((noisy.inputs - clean.inputs).std(), 0.8, rtol=0.03)


def test_plane_classes_are_named():
    names = {name: plane(name).classes for name in PLANE_SETS}
    assert names == {
        "circles": ("outer", "inner"), "xor2d": ("signs differ", "signs agree"),
        "gauss": ("lower left", "upper right"), "spiral": ("A", "B"), "moons": ("upper", "lower"),
    }


@pytest.mark.parametrize("options,words", [
    ({"name": "swirl"}, ["'swirl'", "circles, xor2d, gauss, spiral, moons"]),
    ({"samples": 19}, ["samples", "20 to 10,000", "19"]),
    ({"samples": 10_001}, ["samples", "10001"]),
    ({"samples": 100.0}, ["whole number"]),
    ({"samples": True}, ["samples"]),
    ({"noise": -1}, ["noise", "0 to 50"]),
    ({"noise": 51}, ["noise"]),
    ({"noise": math.nan}, ["noise"]),
    ({"test_fraction": 0.05}, ["test fraction", "0.1 to 0.9"]),
    ({"test_fraction": 0.95}, ["test fraction"]),
    ({"seed": -1}, ["seed"]),
    ({"seed": 2**63}, ["seed"]),
])
def test_plane_options_out_of_range_are_one_line(options, words):
    options = {"name": "circles", **options}
    with pytest.raises(DataError) as error:
        plane(options.pop("name"), **options)
    one_line_about(error, *words)


# --- the split --------------------------------------------------------------------------


def test_split_is_stratified_disjoint_complete_and_shuffled():
    classes = np.repeat([0, 1, 2], [100, 50, 11])
    train, test = split(classes, 0.2, 3)
    assert len(np.intersect1d(train, test)) == 0
    assert np.array_equal(np.sort(np.concatenate([train, test])), np.arange(len(classes)))
    assert [np.sum(classes[test] == k) for k in range(3)] == [20, 10, 2]
    assert not np.array_equal(train, np.sort(train)) and not np.array_equal(test, np.sort(test))
    again = split(classes, 0.2, 3)
    assert np.array_equal(train, again[0]) and np.array_equal(test, again[1])
    assert not np.array_equal(train, split(classes, 0.2, 4)[0])


def test_every_class_keeps_an_example_on_each_side():
    classes = np.repeat([0, 1, 2], [2, 3, 100])
    for fraction in (0.1, 0.9):
        train, test = split(classes, fraction, 0)
        for k in range(3):
            assert np.sum(classes[train] == k) >= 1 and np.sum(classes[test] == k) >= 1


def test_split_takes_a_generator_as_it_stands():
    classes = np.repeat([0, 1], 10)
    a = split(classes, 0.5, np.random.default_rng(5))
    b = split(classes, 0.5, 5)
    assert np.array_equal(a[0], b[0])


def test_a_class_of_one_example_cannot_be_split():
    with pytest.raises(DataError) as error:
        split(np.array([0, 0, 1, 0]), 0.5, 0, names=["cat", "dog"], source="the data file 'pets.csv'")
    one_line_about(error, "'pets.csv'", "'dog'", "1 example", "at least 2")
