"""Data sets: Playground's 2-D sets, the user's own tables, and the split they share."""

import io
import math
import zipfile

import numpy as np
import pytest

from nnviz.data import PLANE_SETS, DataError, Dataset, load_table, plane, split
from nnviz.data.plane import DOMAIN
from nnviz.data.table import MAX_CLASSES


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
    assert data.notes == (f"{outside} of 500 points lie beyond ±6, off the map (it shows the plane from "
                          "−6 to 6, as TensorFlow Playground does)",)


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


# --- tables ---------------------------------------------------------------------------

IRIS = """sepal,petal,species
5.1,1.4,setosa
4.9,1.3,setosa
4.7,1.5,setosa
5.0,1.4,setosa
6.4,4.5,Versicolor
6.9,4.9,Versicolor
5.5,4.0,Versicolor
6.5,4.6,Versicolor
6.3,6.0,virginica
5.8,5.1,virginica
7.1,5.9,virginica
6.3,5.6,virginica
"""


def write(folder, name: str, content: str | bytes):
    path = folder / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return path


def raw_rows(data: Dataset) -> np.ndarray:
    """Training and test inputs, unstandardised, in a canonical order."""
    mean, scale = np.array(data.scaling.mean), np.array(data.scaling.scale)
    return sorted_rows(everything(data)[0] * scale + mean)


def test_a_csv_of_named_classes(tmp_path):
    data = load_table(write(tmp_path, "iris.csv", IRIS), test_fraction=0.25)
    assert data.name == "iris" and data.kind == "points" and data.input_names == ("sepal", "petal")
    assert data.classes == ("setosa", "Versicolor", "virginica")  # alphabetically, ignoring case
    assert data.n_examples == 9 and data.n_test == 3
    assert data.targets.shape == (9, 3) and np.array_equal(data.targets.sum(axis=1), np.ones(9))  # one-hot
    assert sorted(data.labels(data.test_targets)) == [0, 1, 2]
    written = np.loadtxt(IRIS.splitlines()[1:], delimiter=",", usecols=(0, 1))
    assert np.allclose(raw_rows(data), sorted_rows(written))


@pytest.mark.parametrize("variant", ["semicolon", "tab", "bom", "crlf", "quotes", "blank lines", "spaces"])
def test_csv_variants_read_alike(tmp_path, variant):
    text = {
        "semicolon": IRIS.replace(",", ";"),
        "tab": IRIS.replace(",", "\t"),
        "bom": "\ufeff" + IRIS,
        "crlf": IRIS.replace("\n", "\r\n"),
        "quotes": "\n".join(",".join(f'"{cell}"' for cell in line.split(",")) for line in IRIS.splitlines()),
        "blank lines": "\n" + IRIS.replace("setosa\n", "setosa\n\n") + "\n\n",
        "spaces": IRIS.replace(",", " , "),
    }[variant]
    expected = load_table(write(tmp_path, "plain.csv", IRIS))
    data = load_table(write(tmp_path, "variant.csv", text))
    assert data.input_names == expected.input_names and data.classes == expected.classes
    for field in ("inputs", "targets", "test_inputs", "test_targets"):
        assert np.allclose(getattr(data, field), getattr(expected, field))


def test_quoted_fields_may_hold_the_separator_quotes_and_newlines(tmp_path):
    text = 'x,"y, the second",kind\n' + '1,2,"big, ""red"""\n3,4,"small\nblue"\n' * 2
    data = load_table(write(tmp_path, "quoted.csv", text), test_fraction=0.5)
    assert data.input_names == ("x", "y, the second") and data.classes == ('big, "red"', "small\nblue")
    # A closed label whose later line holds the separator is no quote left open.
    text = "x,y,kind\n" + '1,2,"small\nblue, light"\n3,4,red\n' * 3
    data = load_table(write(tmp_path, "closed.csv", text), test_fraction=0.5)
    assert data.classes == ("red", "small\nblue, light")


@pytest.mark.parametrize("labels", [("None", "Mild", "Severe"), ("NA", "EU", "APAC"), ("Nan", "Nana", "NaN")])
def test_a_name_spelled_as_a_missing_value_among_names_is_a_class(tmp_path, labels):
    """"None" beside "Mild", "NA" for North America: classes, which had been refused with no
    way to keep them (the summary notes them, in case they mark rows without a class)."""
    rows = "".join(f"{i},{i % 5},{labels[i % 3]}\n" for i in range(30))
    data = load_table(write(tmp_path, "t.csv", "a,b,label\n" + rows), test_fraction=0.2)
    assert set(data.classes) == set(labels)
    np.savez(tmp_path / "t.npz", x=np.zeros((30, 2)), y=np.array([labels[i % 3] for i in range(30)]))
    assert set(load_table(tmp_path / "t.npz", test_fraction=0.2).classes) == set(labels)


def test_numbers_in_class_names_are_ordered_by_value(tmp_path):
    """"grade 10" had come between "grade 1" and "grade 2"."""
    rows = "".join(f"{k},{k % 3},grade {g}\n" for k, g in enumerate([10, 2, 1, 10, 2, 1, 10, 2, 1, 10, 2, 1]))
    data = load_table(write(tmp_path, "grades.csv", "a,b,label\n" + rows), test_fraction=0.25)
    assert data.classes == ("grade 1", "grade 2", "grade 10")
    np.savez(tmp_path / "grades.npz", x=np.zeros((12, 2)), y=np.array(["v10", "v9", "V2"] * 4))
    assert load_table(tmp_path / "grades.npz", test_fraction=0.25).classes == ("V2", "v9", "v10")
    doses = np.array(["dose 1.5 mg", "dose 0.5 mg", "dose 0.25 mg", "at -5", "at -10"] * 4)
    np.savez(tmp_path / "doses.npz", x=np.zeros((20, 2)), y=doses)
    assert load_table(tmp_path / "doses.npz", test_fraction=0.25).classes == (
        "at -10", "at -5", "dose 0.25 mg", "dose 0.5 mg", "dose 1.5 mg")


def test_integer_classes_are_ordered_by_value_and_spellings_of_one_number_are_one_class(tmp_path):
    labels = ["10", "2", "2.0", "10", " 2", "10.0", "-1", "-1"]
    rows = "".join(f"{i},{i % 3},{label}\n" for i, label in enumerate(labels))
    data = load_table(write(tmp_path, "numbers.csv", "a,b,label\n" + rows), test_fraction=0.5)
    assert data.classes == ("-1", "2", "10") and data.n_examples + data.n_test == 8


def test_two_classes_give_one_column_of_zero_and_one(tmp_path):
    rows = "".join(f"{i},{i * i % 7},{'yes' if i % 2 else 'no'}\n" for i in range(10))
    data = load_table(write(tmp_path, "binary.csv", "a,b,answer\n" + rows))
    assert data.classes == ("no", "yes") and data.targets.shape[1] == 1
    inputs = np.vstack([data.inputs, data.test_inputs]) * data.scaling.scale + data.scaling.mean
    assert np.array_equal(everything(data)[1] == 1, np.round(inputs[:, 0]) % 2 == 1)


@pytest.mark.parametrize("kinds", [("even", "odd"), ("0", "1")])
def test_a_label_column_in_the_middle(tmp_path, kinds):
    text = "a,kind,b,c\n" + "".join(f"{i},{kinds[i % 2]},{i * 2},{i * 3}\n" for i in range(10))
    data = load_table(write(tmp_path, "middle.csv", text), label="kind")
    assert data.input_names == ("a", "b", "c") and data.kind == "tabular" and data.classes == kinds
    inputs = everything(data)[0] * data.scaling.scale + data.scaling.mean
    assert np.allclose(inputs[:, 1], 2 * inputs[:, 0])
    assert np.array_equal(everything(data)[1], np.round(inputs[:, 0]) % 2)


def test_inputs_are_standardised_with_the_training_rows_only(tmp_path):
    rng = np.random.default_rng(1)
    values = np.column_stack([rng.normal(50, 10, 200), rng.uniform(-3, 0, 200), np.full(200, 7.5)])
    classes = rng.integers(0, 2, 200)
    rows = "".join(f"{a:.17g},{b:.17g},{c:.17g},{k}\n" for (a, b, c), k in zip(values, classes))
    data = load_table(write(tmp_path, "scaled.csv", "a,b,c,k\n" + rows), test_fraction=0.3, seed=2)
    assert np.allclose(data.inputs.mean(axis=0), 0) and np.allclose(data.inputs[:, :2].std(axis=0), 1)
    assert data.scaling.scale[2] == 1.0 and np.allclose(data.inputs[:, 2], 0)  # constant: scale 1
    assert data.notes == ("the labels are the last column, 'k': 2 classes (0, 1)",
                          "column 'c' (7.5) holds one value in every training row: it tells the network "
                          "nothing")
    assert np.allclose(raw_rows(data), sorted_rows(values))
    train_raw = data.inputs * data.scaling.scale + data.scaling.mean
    test_raw = data.test_inputs * data.scaling.scale + data.scaling.mean
    assert np.allclose(data.scaling.apply(test_raw), data.test_inputs)
    assert np.allclose(data.scaling.mean, train_raw.mean(axis=0)) and not np.allclose(
        data.scaling.mean[:2], np.vstack([train_raw, test_raw]).mean(axis=0)[:2])


def test_the_split_of_a_table_is_seeded_and_stratified(tmp_path):
    path = write(tmp_path, "iris.csv", IRIS + "".join(IRIS.splitlines(keepends=True)[1:]) * 4)
    a, b, c = load_table(path, seed=3), load_table(path, seed=3), load_table(path, seed=4)
    assert np.array_equal(a.inputs, b.inputs) and not np.array_equal(a.inputs, c.inputs)
    assert a.test_targets.sum(axis=0).tolist() == [4, 4, 4]  # a fifth of each class's 20


def test_labels_of_2_to_the_53_and_beyond_are_told_apart(tmp_path):
    """Read as floats, 9007199254740992 and 9007199254740993 are one number: three classes
    had silently become two."""
    labels = [1, 2**53, 2**53 + 1]
    rows = "".join(f"{i},{i % 7},{labels[i % 3]}\n" for i in range(60))
    data = load_table(write(tmp_path, "big.csv", "a,b,label\n" + rows))
    assert data.classes == tuple(str(label) for label in labels)
    assert data.targets.sum(axis=0).tolist() == [16, 16, 16]  # 20 each, a fifth kept for testing
    floats = rows.replace(f",{2**53 + 1}\n", ",9.007199254740993e15\n")  # a float's spelling: not exact
    with pytest.raises(DataError, match="too large to read exactly as decimals, such as '9.0071992547"):
        load_table(write(tmp_path, "float.csv", "a,b,label\n" + floats))


@pytest.mark.parametrize("labels", ["xy", "01"])
def test_lines_of_spaces_alone_are_blank_lines(tmp_path, labels):
    """A spreadsheet's last line of spaces had been "1 field on line 42 but its header names 3
    columns"."""
    rows = [f"{i},{i % 3},{labels[i % 2]}\n" for i in range(40)]
    text = "a,b,label\n" + "".join(rows[:20]) + "  \n" + "".join(rows[20:]) + "   \n\t\n"
    data = load_table(write(tmp_path, "spaces.csv", text))
    assert data.n_examples + len(data.test_inputs) == 40 and data.classes == tuple(labels)


def test_an_npz_of_integer_labels(tmp_path):
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(40, 3)), np.repeat([0, 1, 2, 3], 10)
    np.savez(tmp_path / "digits.npz", x=x, y=y)
    data = load_table(tmp_path / "digits.npz", test_fraction=0.5)
    assert data.name == "digits" and data.classes == ("0", "1", "2", "3")
    assert data.input_names == ("x1", "x2", "x3")
    assert data.targets.shape == (20, 4) and data.kind == "tabular"
    assert np.allclose(raw_rows(data), sorted_rows(x))


@pytest.mark.parametrize("labels,names", [
    (np.array(["cat", "dog"] * 5), ("cat", "dog")),
    (np.array([b"cat", b"dog"] * 5), ("cat", "dog")),
    (np.array([1.0, 3.0] * 5), ("1", "3")),
    (np.array([True, False] * 5), ("0", "1")),
    (np.array([[7], [2]] * 5), ("2", "7")),
])
def test_npz_labels_may_be_strings_bytes_whole_floats_or_booleans(tmp_path, labels, names):
    np.savez(tmp_path / "pets.npz", x=np.arange(20.0).reshape(10, 2), y=labels)
    data = load_table(tmp_path / "pets.npz", test_fraction=0.5)
    assert data.classes == names and data.kind == "points"


def test_a_file_is_recognised_by_its_contents_not_its_name(tmp_path):
    np.savez(tmp_path / "a.npz", x=np.arange(20.0).reshape(10, 2), y=np.arange(10) % 2)
    (tmp_path / "a.npz").rename(tmp_path / "a.data")
    assert load_table(tmp_path / "a.data").classes == ("0", "1")
    assert load_table(write(tmp_path, "iris.txt", IRIS)).classes[0] == "setosa"


# --- what a table cannot be -------------------------------------------------------------


def rows(count: int, classes: int = 2) -> str:
    return "".join(f"{i},{i % 5},{i % classes}\n" for i in range(count))


CSV_PROBLEMS = {
    "empty": ("", ["is empty"]),
    "blank": ("\n \n\n", ["only blank lines"]),
    "header only": ("a,b,label\n", ["a header but no rows"]),
    "no header": ("1,2,0\n3,4,1\n", ["starts with numbers, not a header", "x1,x2,label"]),
    "no header, word labels": ("5.1,3.5,setosa\n4.9,3,setosa\n7,3.2,versicolor\n6.4,3.2,versicolor\n",
                               ["starts with a row of data, not a header", "'setosa'", "x1,x2,label"]),
    "single column": ("label\n1\n2\n", ["single column"]),
    # Python's float reads other scripts' digits, numpy's parser does not: the line is named.
    "full-width digits": ("x,y,kind\n" + "1,2,a\n3,4,b\n" * 5 + "\uff11.5,2,a\n",
                          ["'\uff11.5' on line 12, column 'x', which is not a number"]),
    # The rest of the file had been one label, "has only 1 example of class 'a\n0.750,…'".
    "quote never closed": ("x,y,kind\n" + "1,2,a\n3,4,b\n" * 5 + '1,2,"a\n' + "5,6,b\n" * 30,
                           ["a label on line 12 that runs over 31 lines, to the end of the file",
                            "quote that is never closed"]),
    "trailing commas": ("a,b,label,\n1,2,0,\n3,4,1,\n", ["last column, the label, has no name", "comma"]),
    "ragged": ("a,b,label\n1,2,0\n3,1\n5,6,1\n", ["2 fields on line 3", "3 columns"]),
    "too long": ("a,b,label\n1,2,0\n3,4,1,9\n", ["4 fields on line 3"]),
    "word": ("a,b,label\n1,2,0\n3,four,1\n", ["'four' on line 3, column 'b'", "not a number"]),
    "label first": ("kind,a,b\nx,1,2\ny,3,4\n", ["'x' on line 2, column 'kind'",
                                                   "if 'kind' is the label column", "label='kind'"]),
    "a percentage": ("a,b,label\n" + rows(4) + "85%,2,1\n",
                     ["'85%' on line 6, column 'a'", "a percentage as a number (85, or its hundredth)"]),
    "decimal comma": ("a;b;label\n1,5;2;0\n3;4;1\n", ["'1,5' on line 2, column 'a'", "with a point"]),
    "nan": ("a,b,label\n" + rows(10) + "1,nan,1\n", ["'nan' on line 12, column 'b'", "finite"]),
    "inf": ("a,b,label\n" + rows(10) + "-inf,1,1\n", ["'-inf' on line 12, column 'a'", "finite"]),
    "huge": ("a,b,label\n" + rows(10) + "1,-1e308,1\n", ["1e+308 in column 'b'", "at most 1e+100"]),
    "empty cell": ("a,b,label\n" + rows(4) + "7,,1\n", ["empty cell on line 6, column 'b'"]),
    "no label": ("a,b,label\n" + rows(4) + "7,8,\n", ["no label on line 6, column 'label'"]),
    "thousands separators": ('a,b,label\n"3,367",2,x\n"1,200",4,y\n5,6,x\n7,8,y\n',
                             ["'3,367' on line 2, column 'a'", "without thousands separators (3367)"]),
    "a date": ("date,b,label\n2012-01-01,2,x\n2012-01-02,4,y\n2012-01-03,6,x\n",
               ["'2012-01-01' on line 2, column 'date'", "a date or time is not a number"]),
    "a spreadsheet's separator line": ("sep=;\na;b;label\n1;2;x\n3;4;y\n",
                                       ["starts with a spreadsheet's 'sep=;' line; remove that line"]),
    "a spreadsheet's tab separator line": ("SEP=\t\na\tb\tlabel\n1\t2\tx\n3\t4\ty\n",
                                           ["starts with a spreadsheet's 'SEP=\\t' line"]),
    "a spreadsheet's quoted separator line": ('"sep=;"\na;b;label\n1;2;x\n3;4;y\n',
                                              ["starts with a spreadsheet's '\"sep=;\"' line"]),
    "an index saved with the table": (",a,b,label\n0,1,2,x\n1,3,4,y\n2,5,6,x\n3,7,8,y\n4,9,1,x\n",
                                      ["no name that counts the rows (0, 1, 2, …)", "index=False"]),
    "a missing label spelled NA": ("a,b,label\n" + rows(4) + "7,8,NA\n",
                                   ["no label on line 6, column 'label' ('NA' marks a missing value)"]),
    "a missing label spelled NA among numbers": ("a,b,label\n1,2,0\n3,4,NA\n5,6,1\n7,8,0\n",
                                                 ["no label on line 3", "'NA' marks a missing value"]),
    "a missing number label spelled nan": ("a,b,label\n1,2,0\n3,4,1\n5,6,nan\n7,8,0\n",
                                           ["no label on line 4", "'nan' marks a missing value"]),
    "line after a quoted newline": ('a,b,label\n1,2,"x\ny"\n3,oops,z\n', ["line 4"]),
    "one class": ("a,b,label\n" + rows(6, 1), ["single class, '0'", "column 'label'"]),
    "too few": ("a,b,label\n" + rows(6) + "1,1,2\n", ["only 1 example of class '2'"]),
    "too many classes": ("a,b,label\n" + rows(2 * (MAX_CLASSES + 1), MAX_CLASSES + 1),
                         [f"{MAX_CLASSES + 1} classes in column 'label'", f"at most {MAX_CLASSES}"]),
    "labels not whole": ("a,b,price\n" + rows(4) + "1,2,3.5\n", ["not whole, such as 3.5", "'price'"]),
    "binary junk": (bytes(range(256)) * 4, ["neither a CSV", "nor a .npz"]),
    "nul bytes": (b"a,b,label\n1,\0,2\n", ["binary data"]),
    "utf-16": ("a,b,label\n1,2,0\n".encode("utf-16"), ["UTF-16"]),
    "utf-32": ("a,b,label\n1,2,0\n".encode("utf-32"), ["is UTF-32 text; save it as UTF-8"]),
    "latin-1 from the start": (("caf\xe9,b,label\n" + rows(4)).encode("latin-1"),
                               ["is text, but not UTF-8: line 1 writes '\xe9'", "CSV UTF-8"]),
    "latin-1 further on": (("a,b,label\n" + rows(10_000)).encode() + "1,2,caf\xe9\n".encode("latin-1"),
                           ["not UTF-8 text throughout"]),
    "single array": (b"\x93NUMPY\x01\x00v\x00{'descr': '<f8', 'fortran_order': False, 'shape': (0,), }",
                     [".npy", "numpy.savez"]),
}


def test_a_first_column_of_numbers_is_not_offered_as_the_label_column(tmp_path):
    """A typo on line 6 of a column of numbers had been met with "if 'a' is the label column,
    say so": only a column that is words from its first row gets that hint."""
    with pytest.raises(DataError) as error:
        load_table(write(tmp_path, "typo.csv", "a,b,label\n" + rows(4) + "1.2.3,2,1\n"))
    one_line_about(error, "'1.2.3' on line 6, column 'a'")
    assert "say so" not in str(error.value)


@pytest.mark.parametrize("problem", CSV_PROBLEMS)
def test_a_bad_csv_is_one_line_naming_the_file(tmp_path, problem):
    content, words = CSV_PROBLEMS[problem]
    path = write(tmp_path, "my data.csv", content)
    with pytest.raises(DataError) as error:
        load_table(path)
    one_line_about(error, str(path), *words)


def test_a_missing_label_column_lists_the_columns(tmp_path):
    with pytest.raises(DataError) as error:
        load_table(write(tmp_path, "iris.csv", IRIS), label="Species")
    one_line_about(error, "iris.csv", "no column 'Species'", "sepal, petal, species")


def test_a_label_naming_two_columns_is_refused(tmp_path):
    with pytest.raises(DataError) as error:
        load_table(write(tmp_path, "twice.csv", "k,a,k\n" + rows(6)), label="k")
    one_line_about(error, "twice.csv", "two columns named 'k'")
    with pytest.raises(DataError) as error:
        load_table(write(tmp_path, "thrice.csv", "k,k,k,label\n" + "1,2,3,x\n4,5,6,y\n"))
    one_line_about(error, "thrice.csv", "3 columns named 'k'")


@pytest.mark.parametrize("make,words", [
    (lambda p: None, ["does not exist"]),
    (lambda p: p.mkdir(), ["is a folder"]),
    (lambda p: write(p.parent, p.name, b"PK\x03\x04 not really"), ["not a readable .npz"]),
    (lambda p: write(p.parent, p.name, "a,b\n1,2\n"), ["not a .npz archive"]),
])
def test_files_that_are_not_there_or_not_data(tmp_path, make, words):
    path = tmp_path / "data.npz"
    make(path)
    with pytest.raises(DataError) as error:
        load_table(path)
    one_line_about(error, str(path), *words)


def test_a_spreadsheet_is_refused_by_name(tmp_path):
    path = write(tmp_path, "book.xlsx", b"PK\x03\x04 zipped xml")
    with pytest.raises(DataError) as error:
        load_table(path)
    one_line_about(error, "book.xlsx", "spreadsheet", "CSV")


NPZ_PROBLEMS = {
    "no x": ({"inputs": np.zeros((4, 2)), "y": np.arange(4) % 2}, ["no array x", "inputs"]),
    "no y": ({"x": np.zeros((4, 2))}, ["no array y", "numpy.savez"]),
    "neither": ({"a": np.zeros(3)}, ["no array x or y"]),
    "rows differ": ({"x": np.zeros((4, 2)), "y": np.arange(5) % 2}, ["4 rows in x but 5 labels"]),
    "x one-dimensional": ({"x": np.zeros(4), "y": np.arange(4) % 2}, ["x of shape (4,)", "x.reshape(-1, 1)"]),
    # pictures: each flattened to a row (reshape(-1, 1) had made every pixel an example)
    "x of pictures": ({"x": np.zeros((4, 8, 8)), "y": np.arange(4) % 2},
                      ["x of shape (4, 8, 8)", "x.reshape(len(x), -1)"]),
    "x of words": ({"x": np.array([["a", "b"]] * 4), "y": np.arange(4) % 2}, ["x of type <U1", "real"]),
    "x with nan": ({"x": np.array([[0, 1], [2, np.nan], [4, 5], [6, 7]]), "y": np.arange(4) % 2},
                   ["nan at x[1, 1]"]),
    "x empty": ({"x": np.zeros((0, 2)), "y": np.zeros(0)}, ["no examples"]),
    "one-hot y": ({"x": np.zeros((4, 2)), "y": np.eye(2)[[0, 1, 0, 1]]}, ["y of shape (4, 2)", "argmax"]),
    "fractional y": ({"x": np.zeros((4, 2)), "y": np.array([0, 1, 0.5, 1])}, ["not whole, such as 0.5"]),
    "nan y": ({"x": np.zeros((4, 2)), "y": np.array([0, 1, np.nan, 1])}, ["not whole, such as nan"]),
    "one class": ({"x": np.zeros((4, 2)), "y": np.ones(4, dtype=int)}, ["single class, '1'"]),
    "empty label": ({"x": np.zeros((4, 2)), "y": np.array(["a", "b", " ", "a"])}, ["empty label at y[2]"]),
    "missing label": ({"x": np.zeros((4, 2)), "y": np.array(["0", "1", "0", "NA"])},
                      ["no label at y[3] ('NA' marks a missing value)"]),
    "too many classes": ({"x": np.zeros((200, 2)), "y": np.arange(200) % 60}, ["60 classes in y", "merge"]),
    "ten thousand classes": ({"x": np.zeros((10_000, 1)), "y": np.arange(10_000)}, ["10,000 classes in y"]),
    "ten thousand named classes": ({"x": np.zeros((10_000, 1)),
                                    "y": np.array([f"c{i}" for i in range(10_000)])},
                                   ["at least 10,000 classes in y"]),
    "objects": ({"x": np.zeros((4, 2)), "y": np.array([{}, {}, 1, 2], dtype=object)}, ["Python objects"]),
}


@pytest.mark.parametrize("problem", NPZ_PROBLEMS)
def test_a_bad_npz_is_one_line_naming_the_file(tmp_path, problem):
    arrays, words = NPZ_PROBLEMS[problem]
    np.savez(tmp_path / "my data.npz", **arrays)
    with pytest.raises(DataError) as error:
        load_table(tmp_path / "my data.npz")
    one_line_about(error, "'" + str(tmp_path / "my data.npz") + "'", *words)


def test_an_npz_whose_header_claims_terabytes_is_one_line(tmp_path):
    header = "{'descr': '<f8', 'fortran_order': False, 'shape': (1000000, 1000000), }".ljust(117) + "\n"
    with zipfile.ZipFile(tmp_path / "bomb.npz", "w") as archive:
        archive.writestr("x.npy", b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header.encode())
        archive.writestr("y.npy", b"")
    with pytest.raises(DataError) as error:
        load_table(tmp_path / "bomb.npz")
    one_line_about(error, "bomb.npz", "not a readable .npz")


def test_an_npz_of_more_labels_than_rows_is_refused_before_the_labels_are_unpacked(tmp_path, monkeypatch):
    """A 2 MB file declaring 2×10⁹ labels in y had been unpacked (2 GB, 10 s) before being
    told it had too many; its count is read from y's header, and said with its commas."""
    header = "{'descr': '|i1', 'fortran_order': False, 'shape': (2000000000,), }".ljust(117) + "\n"
    x = io.BytesIO()
    np.save(x, np.zeros((100, 2)))
    with zipfile.ZipFile(tmp_path / "labels.npz", "w") as archive:
        archive.writestr("x.npy", x.getvalue())
        archive.writestr("y.npy", b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header.encode())
    monkeypatch.setattr(np, "load", lambda *args, **kwargs: pytest.fail("the arrays were unpacked"))
    with pytest.raises(DataError) as error:
        load_table(tmp_path / "labels.npz")
    one_line_about(error, "labels.npz", "100 rows in x but 2,000,000,000 labels in y")
    # A y of the right length but of 2×10⁷ columns: refused from its header too.
    header = "{'descr': '|i1', 'fortran_order': False, 'shape': (100, 20000000), }".ljust(117) + "\n"
    with zipfile.ZipFile(tmp_path / "wide.npz", "w") as archive:
        archive.writestr("x.npy", x.getvalue())
        archive.writestr("y.npy", b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header.encode())
    with pytest.raises(DataError) as error:
        load_table(tmp_path / "wide.npz")
    one_line_about(error, "wide.npz", "y of shape (100, 20000000)", "argmax")


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r", "\n\n"])
@pytest.mark.parametrize("last_line_ends", [True, False])
def test_a_csv_of_too_many_values_is_refused_before_it_is_parsed(tmp_path, monkeypatch, last_line_ends, end):
    """Counted on the file's rows: the limit is 10**8 input values, lowered here to 100. Rows
    ended by a carriage return alone had been counted as one line (and parsed for minutes),
    and a file with an empty line after each row counted twice over."""
    import nnviz.data.table as table

    monkeypatch.setattr(table, "MAX_TABLE_VALUES", 100)
    monkeypatch.setattr(table, "COUNTING_CHUNK", 7)  # rows across the chunks read
    parsed = []
    monkeypatch.setattr(table, "_numbers", lambda *args: parsed.append(args))
    rows = "".join(f"{i},{i + 1},{i % 2}{end}" for i in range(51))
    path = tmp_path / "big.csv"
    path.write_bytes(("a,b,label" + end + (rows if last_line_ends else rows.rstrip())).encode())
    with pytest.raises(DataError) as error:
        load_table(path)
    one_line_about(error, "big.csv", "51 rows of 2 inputs", "at most 100 input values", "sample")
    assert not parsed


@pytest.mark.parametrize("cell", ["1.5 cm", "1/2", "3-4"])
def test_a_word_among_the_numbers_that_is_no_date_is_not_called_one(tmp_path, cell):
    path = tmp_path / "t.csv"
    path.write_text(f"a,b,label\n{cell},2,x\n3,4,y\n5,6,x\n")
    with pytest.raises(DataError) as error:
        load_table(path)
    assert "date" not in str(error.value) and "not a number" in str(error.value)


@pytest.mark.parametrize("end", ["\n", "\n\n", "\r\n\r\n"])
def test_a_csv_at_the_limit_of_values_is_read(tmp_path, monkeypatch, end):
    import nnviz.data.table as table

    monkeypatch.setattr(table, "MAX_TABLE_VALUES", 100)
    path = tmp_path / "limit.csv"
    path.write_bytes(("a,b,label\n" + "".join(f"{i},{i + 1},{i % 2}{end}" for i in range(50))).encode())
    assert path.stat().st_size >= 2 * 100  # large enough to be counted
    data = load_table(path)
    assert data.n_examples + data.n_test == 50


def test_an_npz_has_no_label_column_to_name(tmp_path):
    np.savez(tmp_path / "a.npz", x=np.zeros((4, 2)), y=np.arange(4) % 2)
    with pytest.raises(DataError) as error:
        load_table(tmp_path / "a.npz", label="y")
    one_line_about(error, "a.npz", "name no label column")


@pytest.mark.parametrize("options,words", [
    ({"test_fraction": 0.0}, ["test fraction", "0.1 to 0.9"]),
    ({"test_fraction": 1}, ["test fraction"]),
    ({"seed": -3}, ["seed"]),
])
def test_table_options_out_of_range_are_one_line(tmp_path, options, words):
    with pytest.raises(DataError) as error:
        load_table(write(tmp_path, "iris.csv", IRIS), **options)
    one_line_about(error, *words)


def test_a_header_may_name_inputs_by_numbers_when_its_label_column_is_named_otherwise(tmp_path):
    path = tmp_path / "years.csv"
    path.write_text("2019,2020,species\n5.1,3.5,setosa\n4.9,3,setosa\n7,3.2,versicolor\n6.4,3.2,versicolor\n")
    table = load_table(path)
    assert table.input_names == ("2019", "2020") and table.n_examples + len(table.test_inputs) == 4


@pytest.mark.parametrize("end", ["\n", "\r\n"])
def test_a_header_name_written_on_two_lines_is_one_name(tmp_path, end):
    """A spreadsheet cell of two lines is saved quoted, its line break inside: the header had
    been read as its first line alone, '"petal', a table of a single column. A value wrong
    after it is said on its own line of the file."""
    rows = ['"petal', 'length";width;"kind of', 'flower"', "1;2;a", "3;4;b", "5;6;a", "7;8;b"]
    path = tmp_path / "cells.csv"
    path.write_bytes(end.join(rows).encode() + end.encode())
    table = load_table(path)
    assert table.input_names == ("petal length", "width") and table.classes == ("a", "b")
    assert table.n_examples + len(table.test_inputs) == 4
    path.write_bytes(end.join(rows[:5] + ["3;x;b"] + rows[6:]).encode())
    with pytest.raises(DataError, match=r"'x' on line 6, column 'width', which is not a number"):
        load_table(path)
    # A quote opened in the header and never closed is said so (it had been "no rows").
    path.write_text('a,"b,label\n' + "".join(f"{k},{k % 3},x{k % 2}\n" for k in range(150)))
    with pytest.raises(DataError, match=r"has a quote in its header that is not closed within 20 lines"):
        load_table(path)
    # A quote within a name opens nothing: the header is its own line.
    path.write_text('screen 5",weight,label\n1,2,a\n3,4,b\n5,6,a\n7,8,b\n')
    assert load_table(path).input_names == ('screen 5"', "weight")


@pytest.mark.parametrize("size", [1e-170, 1e-308])
def test_inputs_of_a_tiny_spread_are_standardised_all_the_same(tmp_path, size):
    """Their squares underflow (a plain std of 0 divided by zero, and training 'diverged')."""
    import warnings

    rng = np.random.default_rng(0)
    x = rng.normal(size=(200, 2))
    y = (x[:, 0] * x[:, 1] > 0).astype(int)
    np.savez(tmp_path / "tiny.npz", x=x * [size, 1.0], y=y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        data = load_table(tmp_path / "tiny.npz")
    assert np.isfinite(data.inputs).all()
    np.testing.assert_allclose(data.inputs.std(axis=0), 1.0, rtol=1e-6)
    np.testing.assert_allclose(data.inputs.mean(axis=0), 0.0, atol=1e-9)


def test_the_column_learnt_by_default_is_said_and_one_named_like_labels_is_pointed_to(tmp_path):
    """A table whose labels are not last was learnt from its last column without a word (at
    chance accuracy), and Kaggle's MNIST (label first) was refused as "a single class in
    column 'pixel15'" with no hint of its "label" column."""
    rows = "".join(f"{i % 2},{i * 0.1:.1f},{i % 5}\n" for i in range(40))
    data = load_table(write(tmp_path, "s.csv", "passed,hours,siblings\n" + rows))
    assert data.notes == ("the labels are the last column, 'siblings': 5 classes (0, 1, 2, 3, 4)",)
    assert load_table(write(tmp_path, "s.csv", "passed,hours,siblings\n" + rows), label="passed").notes == ()

    rows = "".join(f"{i % 3},{i},{(i * 7) % 11},{i % 2}\n" for i in range(40))
    data = load_table(write(tmp_path, "k.csv", "Label,pixel0,pixel1,pixel2\n" + rows))
    assert data.notes[0] == ("the labels are the last column, 'pixel2': 2 classes (0, 1); if the labels "
                             "are column 'Label', say so: label='Label'")
    rows = "".join(f"{i % 3},{i},0\n" for i in range(40))
    with pytest.raises(DataError, match=r"single class, '0', in column 'pixel15'; .*"
                                        r"if the labels are column 'label', say so: label='label'$"):
        load_table(write(tmp_path, "m.csv", "label,pixel0,pixel15\n" + rows))


def test_classes_that_differ_only_in_capitals_are_noted(tmp_path):
    """"Yes" and "yes" are two classes, as written, and said to be: they may be one class typed
    two ways (they had been learnt apart without a word)."""
    rows = "".join(f"{i},{i % 3},{['no', 'Yes', 'yes'][i % 3]}\n" for i in range(30))
    data = load_table(write(tmp_path, "c.csv", "hours,score,passed\n" + rows), label="passed")
    assert data.classes == ("no", "Yes", "yes")
    assert data.notes == ("the classes 'Yes' and 'yes' differ only in capitals: taken as different classes; "
                          "if they are one, write them alike",)


def test_classes_that_differ_only_in_spaces_are_noted(tmp_path):
    """"a b", "a  b" and "a b" with a no-break space are three classes, drawn alike (a
    picture sets one space for a run): they had been learnt apart without a word."""
    names = ["a b", "a  b", "a\u00a0b", "c"]
    rows = "".join(f"{i},{i % 4},{names[i % 4]}\n" for i in range(40))
    data = load_table(write(tmp_path, "s.csv", "hours,score,kind\n" + rows), label="kind")
    assert len(data.classes) == 4
    assert data.notes == ("the classes 'a  b' and 'a b' and 'a\\xa0b' differ only in spaces: taken as "
                          "different classes; if they are one, write them alike",)


@pytest.mark.parametrize("value", ["1" + "0" * 400, "1e400", "-2.5e999"])
def test_a_number_too_large_for_a_float_is_said_to_be_too_large_not_infinite(tmp_path, value):
    """A 401-digit whole number had been printed whole and called not finite."""
    rows = f"{value},1,0\n" + "".join(f"{i},{i},{i % 2}\n" for i in range(10))
    with pytest.raises(DataError, match=r"column 'a'; inputs may be at most 1e\+100 in size") as error:
        load_table(write(tmp_path, "h.csv", "a,b,label\n" + rows))
    assert "0" * 20 not in str(error.value)  # cut, not 401 digits


@pytest.mark.parametrize("header, rows, said", [
    # a coordinate is not a label, and a label column taken needs no other
    ("x,y,colour", "".join(f"{i % 3},{i % 4 * 0.5},{'ab'[i % 2]}\n" for i in range(20)), "note"),
    ("y,x1,label", "".join(f"{i % 3},{i % 4},{'ab'[i % 2]}\n" for i in range(20)), "note"),
    # labels first, the last column fractional: its "not whole" points to them
    ("label,x1,x2", "".join(f"{i % 2},{i * 0.5},{i * 0.25 + 0.1}\n" for i in range(20)),
     r"not whole, such as .*; if the labels are column 'label', say so: label='label'$"),
    # no column of labels at all (x and y alone): the last was taken, and the user can name another
    ("x,y", "".join(f"{i},{i * 0.5 + 0.05}\n" for i in range(20)),
     r"not whole, such as 0.05; .*; the last column, 'y', was taken as the labels: if another holds them, "
     r"say so: label=COLUMN$"),
    # a word in a column named like labels, not the first
    ("x1,class,x2", "".join(f"{i},{'ab'[i % 2]},{i % 3}\n" for i in range(20)),
     r"column 'class', which is not a number; .*; if 'class' is the label column, say so: label='class'$"),
])
def test_a_column_named_like_labels_is_pointed_to_only_where_it_may_be_them(tmp_path, header, rows, said):
    path = write(tmp_path, "t.csv", header + "\n" + rows)
    if said == "note":
        notes = load_table(path).notes
        assert notes[0].startswith("the labels are the last column") and "say so" not in notes[0]
    else:
        with pytest.raises(DataError, match=said):
            load_table(path)


def test_many_groups_of_classes_alike_in_capitals_are_counted():
    """Five groups had been said as three, the others dropped without a word."""
    from nnviz.data.table import _classes_alike

    (note,) = _classes_alike(tuple("aAbBcCdDeE"))
    assert "'a' and 'A'; 'b' and 'B'; 'c' and 'C'; and 2 more such groups differ only in capitals" in note


@pytest.mark.parametrize("value", ['"1' + ",000" * 130 + '"', "1_" + "0" * 300, "x" * 500])
def test_a_long_cell_is_quoted_cut_in_a_message(tmp_path, value):
    """A cell of hundreds of characters had been quoted whole, twice with separators."""
    rows = f"{value},1,0\n" + "".join(f"{i},{i},{i % 2}\n" for i in range(10))
    with pytest.raises(DataError, match=r"characters\)") as error:
        load_table(write(tmp_path, "h.csv", "a,b,label\n" + rows))
    assert "0" * 30 not in str(error.value) and "x" * 30 not in str(error.value)


def test_a_label_holding_a_control_character_past_the_first_bytes_is_refused_with_its_line(tmp_path):
    """A NUL past the first 64 kB (read first, to tell text from binary data) had made a
    class drawn with a box in its name."""
    rows = [f"{i % 7},{i % 5},{'x' if i % 2 else 'y'}" for i in range(20_000)]
    rows[19_000] = rows[19_002] = "1,2,x\x00z"
    path = tmp_path / "nul.csv"
    path.write_text("a,b,label\n" + "\n".join(rows) + "\n")
    assert path.stat().st_size > 64 * 1024
    with pytest.raises(DataError, match=r"has a label on line 19002 holding the control character U\+0000; "
                                        r"labels are printable text: remove the character"):
        load_table(path)
    path.write_text("a,b,label\n" + "\n".join(rows).replace("\x00", "\t") + "\n")  # drawn as a space
    assert "x\tz" in load_table(path).classes
    rng = np.random.default_rng(0)  # an .npz's labels alike, said by their index
    np.savez(tmp_path / "c.npz", x=rng.normal(size=(40, 2)), y=np.array(["ab", "c\x1bd"] * 20))
    with pytest.raises(DataError, match=r"has a label at y\[1\] holding the control character U\+001B"):
        load_table(tmp_path / "c.npz")
