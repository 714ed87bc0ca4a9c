"""The layer sweep: what each hidden layer of a trained network can tell apart (Vincent
Granville's video of a deep network, one frame a layer).

After layer l the network has turned every point of the plane into that layer's activations.
How well the classes are separated there is measured the simplest honest way: the best
*straight-line* read-out of those activations (one logistic or softmax layer, trained on
the training points' layer-l activations and nothing else). A network made of the trained
network's first l layers and that read-out then classifies the whole plane, and the
decision map draws it: early layers can only cut the plane in simple ways, later ones in
the shape the data needs.

Deterministic: the read-out starts at zero and takes READOUT_STEPS full-batch steps.
"""

from __future__ import annotations

import numpy as np

from .data import Dataset, class_of
from .network import Network

READOUT_STEPS = 400
READOUT_RATE = 0.5


def readout(network: Network, layer: int, dataset: Dataset) -> tuple[Network, float]:
    """The trained ``network``'s first ``layer`` layers with the best straight-line read-out
    of that layer's activations, and the read-out's accuracy on the training points."""
    hidden = network.forward(dataset.inputs)[layer]
    targets = np.asarray(dataset.targets, dtype=float)
    outputs = targets.shape[1]
    # Standardised features make one learning rate right for any layer's scale.
    mean, scale = hidden.mean(axis=0), hidden.std(axis=0) + 1e-9
    head = Network((np.zeros((hidden.shape[1], outputs)),), (np.zeros(outputs),), network.hidden,
                   network.output if network.output != "squared" else "binary")
    features = (hidden - mean) / scale
    W, b = head.W[0].copy(), head.b[0].copy()
    for _ in range(READOUT_STEPS):
        step = Network((W,), (b,), head.hidden, head.output)
        dW, db = step.backward(step.forward(features), targets)
        W += READOUT_RATE * dW[0]
        b += READOUT_RATE * db[0]
    # Fold the standardisation into the read-out: (a - mean) / scale @ W + b.
    W_folded = W / scale[:, None]
    b_folded = b - (mean / scale) @ W
    composed = Network(tuple(network.W[:layer]) + (W_folded,), tuple(network.b[:layer]) + (b_folded,),
                       network.hidden, head.output)
    right = class_of(composed.output_of(dataset.inputs)) == class_of(targets)
    return composed, float(np.mean(right))
