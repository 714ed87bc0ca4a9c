"""How well a network does on a data set: its loss, and its accuracy for classification."""

from __future__ import annotations

import numpy as np

from .data import Dataset, class_of
from .network import OUTPUTS, Network
from .recording import Metrics


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
