"""Hand-drawn shapes: pictures of the promised size and ink, the same for a seed, three
classes that a simple measure of the ink tells apart, a small network learns them to 90 %,
and options out of range are refused in one line."""

import numpy as np
import pytest

from nnviz.data import DataError
from nnviz.data.shapes import CLASSES, DEFAULT_SAMPLES, rasterise, shapes
from nnviz.train import TrainConfig, train


@pytest.fixture(scope="module")
def default():
    return shapes()


def _all(dataset):
    """Every picture (training, then test) as (n, pixels, pixels), and its class."""
    pictures = np.concatenate([dataset.inputs, dataset.test_inputs])
    labels = np.concatenate([dataset.labels(), dataset.labels(dataset.test_targets)])
    return pictures.reshape(-1, *dataset.image_shape), labels


def test_default_set_is_28_by_28_pictures_of_three_one_hot_classes(default):
    assert default.name == "shapes" and default.kind == "image"
    assert default.classes == CLASSES == ("circle", "square", "triangle")
    assert default.image_shape == (28, 28) and default.input_names is None
    assert default.n_examples + default.n_test == DEFAULT_SAMPLES == 3000
    assert default.inputs.shape == (2250, 784) and default.test_inputs.shape == (750, 784)
    assert default.targets.shape == (2250, 3) and default.test_targets.shape == (750, 3)
    for array in (default.inputs, default.targets, default.test_inputs, default.test_targets):
        assert array.dtype == np.float32
    for targets in (default.targets, default.test_targets):
        assert set(np.unique(targets)) == {0.0, 1.0} and (targets.sum(axis=1) == 1).all()
    assert not default.notes and "3,000" in default.about


def test_classes_are_balanced_in_training_and_test(default):
    assert np.bincount(default.labels()).tolist() == [750, 750, 750]
    assert np.bincount(default.labels(default.test_targets)).tolist() == [250, 250, 250]
    uneven = shapes(samples=100, seed=3)
    counts = np.bincount(np.concatenate([uneven.labels(), uneven.labels(uneven.test_targets)]))
    assert counts.tolist() == [34, 33, 33]


def test_a_seed_gives_the_same_pictures_and_another_seed_others():
    a, b, c = shapes(samples=90, seed=7), shapes(samples=90, seed=7), shapes(samples=90, seed=8)
    for name in ("inputs", "targets", "test_inputs", "test_targets"):
        assert getattr(a, name).tobytes() == getattr(b, name).tobytes()
    assert not np.array_equal(a.inputs, c.inputs)
    # The same labels in another order would not do: the pictures themselves differ.
    assert not np.array_equal(np.sort(a.inputs.sum(axis=1)), np.sort(c.inputs.sum(axis=1)))


def test_every_picture_has_a_stroke_of_real_ink(default):
    pictures, _ = _all(default)
    assert pictures.min() >= 0.0 and pictures.max() <= 1.0
    assert (pictures.reshape(len(pictures), -1).max(axis=1) >= 0.99).all()  # full ink somewhere
    # A stroke, not a blot or a speck: the smallest drawing (45 % of the frame, a 1 px pen) is
    # over 4 % ink; the largest (85 %, a 3.5 px pen) well under half.
    mass = pictures.mean(axis=(1, 2))
    assert mass.min() > 0.035 and mass.max() < 0.45
    assert np.median(mass) > 0.1
    # Its larger extent is 45 to 85 % of the frame, plus the pen's width.
    rows, columns = pictures.max(axis=2) > 0.5, pictures.max(axis=1) > 0.5
    extent = np.maximum(_span(rows), _span(columns))
    assert extent.min() >= 0.4 * 28 and extent.max() <= 28
    assert np.median(extent) > 0.6 * 28


def _span(inked: np.ndarray) -> np.ndarray:
    """How many rows (or columns) from the first inked one to the last, per picture."""
    first = inked.argmax(axis=1)
    last = inked.shape[1] - inked[:, ::-1].argmax(axis=1)
    return last - first


def _moments(pictures: np.ndarray) -> tuple[np.ndarray, ...]:
    """Rotation-invariant measures of each picture's ink around its centre of mass: the
    spread of the radius (relative to its mean) and the strength of its 3rd and 4th
    harmonics around the centre (a triangle's three corners, a square's four)."""
    pixels = pictures.shape[1]
    y, x = np.mgrid[0:pixels, 0:pixels] + 0.5
    weight = pictures / pictures.sum(axis=(1, 2), keepdims=True)
    cx, cy = (weight * x).sum(axis=(1, 2)), (weight * y).sum(axis=(1, 2))
    dx, dy = x - cx[:, None, None], y - cy[:, None, None]
    radius, angle = np.hypot(dx, dy), np.arctan2(dy, dx)
    mean = (weight * radius).sum(axis=(1, 2))
    spread = np.sqrt((weight * (radius - mean[:, None, None]) ** 2).sum(axis=(1, 2))) / mean
    third, fourth = (np.abs((weight * radius * np.exp(1j * k * angle)).sum(axis=(1, 2))) / mean
                     for k in (3, 4))
    return spread, third, fourth


@pytest.mark.parametrize("pixels", [28, 64])
def test_a_simple_measure_of_the_ink_tells_the_shapes_apart(pixels, default):
    data = default if pixels == 28 else shapes(samples=300, pixels=64, seed=4)
    pictures, labels = _all(data)
    spread, third, fourth = _moments(pictures.astype(float))
    circle, square, triangle = (labels == k for k in range(3))
    # Circles keep their distance from the centre best, triangles worst.
    assert spread[circle].mean() < spread[square].mean() < spread[triangle].mean()
    # Three corners or four: a rule on two numbers, with nothing learned, names 95 % right.
    guess = np.where(third > 0.2, 2, np.where(fourth > 0.1, 1, 0))
    assert (guess == labels).mean() >= 0.95
    for k in range(3):
        assert (guess[labels == k] == k).mean() >= 0.9, CLASSES[k]


@pytest.mark.parametrize("pixels", [8, 17, 64])
def test_pixels_set_the_picture_size(pixels):
    data = shapes(samples=30, pixels=pixels, seed=1)
    assert data.image_shape == (pixels, pixels)
    assert data.inputs.shape[1] == data.test_inputs.shape[1] == pixels * pixels
    pictures, _ = _all(data)
    assert (pictures.reshape(30, -1).max(axis=1) > 0.9).all()


def test_pictures_are_stored_top_row_first_with_soft_edges():
    # A 1.2 px pen drawn across the middle of row 3, and down the middle of column 9.
    stroke = np.array([[[2.0, 3.5], [20.0, 3.5]], [[9.5, 1.0], [9.5, 15.0]]])
    picture = rasterise(stroke, np.full((2, 2), 1.2), 24).reshape(2, 24, 24)
    across, down = picture
    assert across[3, 5:18].min() == 1.0 and across[:2].max() == 0.0 and across[6:].max() == 0.0
    assert across[2, 10] == pytest.approx(0.1, abs=1e-5)  # a pixel's width from the line's middle
    assert down[5:12, 9].min() == 1.0 and down[5:12, 8] == pytest.approx(0.1, abs=1e-5)
    assert down[:, 11:].max() == 0.0
    assert rasterise(stroke[:0], np.zeros((0, 2)), 24).shape == (0, 576)


BAD = {
    "too few samples": dict(samples=29),
    "too many samples": dict(samples=20_001),
    "a fraction of a sample": dict(samples=300.5),
    "too few pixels": dict(pixels=7),
    "too many pixels": dict(pixels=65),
    "pixels as text": dict(pixels="28"),
    "a negative seed": dict(seed=-1),
    "a test fraction of nearly all": dict(test_fraction=0.95),
}


@pytest.mark.parametrize("options", BAD.values(), ids=BAD.keys())
def test_out_of_range_options_are_refused_in_one_line(options):
    with pytest.raises(DataError) as refusal:
        shapes(**options)
    message = str(refusal.value)
    assert "\n" not in message and repr(next(iter(options.values()))) in message


def test_the_limits_themselves_are_accepted():
    assert shapes(samples=30, pixels=8, test_fraction=0.1, seed=2**63 - 1).n_examples == 27
    assert shapes(samples=30, pixels=64, test_fraction=0.9).n_test == 27


# The preset's network: 16-16 relu neurons with dropout, softmax over the three shapes.
PRESET = dict(output="softmax", batch=32, hidden=(16, 16), activation="relu", init="he", bias=True,
              train_cycles=25, learning_rate=0.05, dropout=0.2, shown=2)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_small_network_with_dropout_learns_the_shapes_to_90_percent(seed, default):
    data = default if seed == 0 else shapes(seed=seed)
    run = train(data, TrainConfig(seed=seed, **PRESET))
    assert run.history.test_accuracy[-1] >= 0.90, run.history.test_accuracy[-1]
    assert run.history.accuracy[-1] >= 0.95
