"""How well a network does on a data set: its loss, and its accuracy for classification."""

from __future__ import annotations

import numpy as np

from .data import Dataset, class_of
from .network import OUTPUTS, Network
from .recording import Metrics, Recording


def loss_and_accuracy(network: Network, inputs: np.ndarray, targets: np.ndarray,
                      classes: bool) -> tuple[float | None, float | None]:
    """Mean loss over the rows, and the fraction of rows whose class is right (None where
    there are no rows, or no classes)."""
    if len(inputs) == 0:
        return None, None
    outputs = network.output_of(inputs)
    loss = float(np.mean(OUTPUTS[network.output].loss(outputs, targets)))
    accuracy = float(np.mean(class_of(outputs) == class_of(targets))) if classes else None
    return loss, accuracy


def measure(network: Network, dataset: Dataset) -> Metrics:
    """The network's loss and accuracy on the training set and the test set."""
    with np.errstate(over="ignore", invalid="ignore"):
        classes = dataset.classes is not None
        loss, accuracy = loss_and_accuracy(network, dataset.inputs, dataset.targets, classes)
        test_loss, test_accuracy = loss_and_accuracy(network, dataset.test_inputs, dataset.test_targets,
                                                     classes)
    return Metrics(loss, accuracy, test_loss, test_accuracy)


# How far (in accuracy) a loop's last logged training accuracies (their mean) may be from
# what its recorded weights give on its data before a note says so: a loop logging one
# batch's accuracy strays by a few points, while weights recorded without their biases, or
# data= given unscaled, stray by dozens.
LOGGED_ACCURACY_TOLERANCE = 0.2
LOGGED_ACCURACIES = 5  # the last logged accuracies averaged (one batch's, or one example's, vary)


def logged_disagreement(recording: Recording) -> str | None:
    """A note where the recorded weights classify the recording's data otherwise than the
    loop logged: the video's pictures and maps come from the weights and its numbers from
    the log, and they would contradict each other ("Accuracy: 100%" beside a map of one
    class). None where they agree, or where there is nothing to compare; nor with dropout,
    whose training passes are rightly less accurate than the weights. (Asked only where the
    activations are named: a guessed one would be judged, not the loop.)"""
    setup, data = recording.setup, recording.setup.dataset
    classifier = setup.classes is not None or setup.output in ("softmax", "binary")
    if data is None or not classifier or setup.dropout or not recording.snapshots or not len(data.inputs):
        return None
    step = recording.snapshots[-1].step
    logged = recording.history.until(step).accuracy
    logged = logged[np.isfinite(logged)][-LOGGED_ACCURACIES:]
    if not len(logged) or (set(logged.tolist()) == {0.0, 1.0}):  # one example's right or wrong
        return None
    with np.errstate(all="ignore"):
        _, own = loss_and_accuracy(recording.final, data.inputs, data.targets, classes=True)
    said = float(logged.mean())
    if own is None or abs(own - said) <= LOGGED_ACCURACY_TOLERANCE:
        return None
    return (f"the recorded weights classify {own:.1%} of data= right at the last step, where the loop "
            f"logged an accuracy of {said:.1%}: the pictures come from the weights and the "
            "numbers from the log; record every layer's biases, give data= as the network saw it "
            "(scaled alike) and name its activation with hidden=")


# An accuracy this close to what no learning gets (chance among balanced classes, or always
# answering the commonest class) is noted: labels from another set (MNIST's pictures with
# Fashion-MNIST's labels) had trained to 10.2 % on the test set without a word.
CHANCE_MARGIN = 0.02


def chance_note(recording: Recording, accuracy: float | None, test_accuracy: float | None) -> str | None:
    """A note where the run's last accuracy (the test set's, else the training's) is no
    better than answering without learning; None otherwise, or where there is no accuracy."""
    data = recording.setup.dataset
    tested = test_accuracy is not None
    measured = test_accuracy if tested else accuracy
    if measured is None or data is None or data.classes is None:
        return None
    targets = data.test_targets if tested else data.targets
    if not len(targets):
        return None
    counts = np.bincount(class_of(targets), minlength=max(len(data.classes), 2))
    commonest = int(np.argmax(counts))
    baseline = float(counts[commonest] / counts.sum())
    if measured > baseline + CHANCE_MARGIN:
        return None
    balanced = baseline <= 1 / len(counts) + 0.01
    what = (f"chance among {len(counts)} classes" if balanced
            else f"always answering {data.classes[commonest]!r}")
    which = "on the test set" if tested else "on the training set"
    return (f"the network ends at {measured:.1%} right {which}, no better than {what} ({baseline:.0%}): "
            "it learnt next to nothing; check that each label belongs to its example (labels and "
            "inputs from the same data), or train longer")
