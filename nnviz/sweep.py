"""The layer sweep: what each hidden layer of a trained network can tell apart (Vincent
Granville's video of a deep network, one frame a layer).

After layer l the network has turned every point of the plane into that layer's activations.
How well the classes are separated there is measured the simplest honest way: the best
*straight-line* read-out of those activations (one logistic or softmax layer, trained on
the training points' layer-l activations and nothing else). A network made of the trained
network's first l layers and that read-out then classifies the whole plane, and the
decision map draws it: early layers can only cut the plane in simple ways, later ones in
the shape the data needs.

Each shot also shows the plane as the layer sees it (:func:`layer_view`): the plane's grid
and the training points carried through the first l layers, in the layer's two directions of
widest spread, coloured by the read-out. Layer by layer the grid bends and folds until a
straight line can part the classes.

Deterministic: the read-out starts at zero and takes READOUT_STEPS full-batch steps of
Nesterov's accelerated gradient on whitened activations, each step the loss's curvature
bound allows. Plain steps on standardised activations had stopped short of the best: 73.2 %
of a spiral's points for a layer whose best read-out gets 74.0 %.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .data import Dataset, class_of
from .network import Network

READOUT_STEPS = 400
READOUT_MOMENTUM = 0.9
# The cross-entropy's Hessian is at most this times the features' second moment (a sigmoid's
# p(1 − p) is at most 1/4; a softmax's diag(p) − ppᵀ at most 1/2): its inverse is a safe step.
CURVATURE = {"binary": 0.25, "softmax": 0.5}
WHITENING_FLOOR = 1e-9  # directions of less variance than this share of the largest are left out


def readout(network: Network, layer: int, dataset: Dataset) -> tuple[Network, float]:
    """The trained ``network``'s first ``layer`` layers with the best straight-line read-out
    of that layer's activations, and the read-out's accuracy on the training points."""
    hidden = network.forward(dataset.inputs)[layer]
    targets = np.asarray(dataset.targets, dtype=float)
    output = network.output if network.output != "squared" else "binary"
    # Whitened features (centred, turned to their principal directions, each of unit variance)
    # make the loss as round as it can be, so that few steps of one size reach its least: a
    # layer's neurons are often nearly copies of each other, and plain steps had crawled.
    # Directions of no variance (a dead neuron, one neuron's copy) carry nothing and are left out.
    mean = hidden.mean(axis=0)
    centred = hidden - mean
    variances, directions = np.linalg.eigh(centred.T @ centred / len(centred))
    kept = variances > max(float(variances[-1]), 0.0) * WHITENING_FLOOR
    whitening = directions[:, kept] / np.sqrt(variances[kept])
    features = centred @ whitening
    rate = 1.0 / CURVATURE[output]  # the features' second moment is the identity, the bias's 1
    W, b = np.zeros((features.shape[1], targets.shape[1])), np.zeros(targets.shape[1])
    vW, vb = np.zeros_like(W), np.zeros_like(b)
    for _ in range(READOUT_STEPS):
        ahead = Network((W + READOUT_MOMENTUM * vW,), (b + READOUT_MOMENTUM * vb,), network.hidden, output)
        dW, db = ahead.backward(ahead.forward(features), targets)
        vW = READOUT_MOMENTUM * vW + rate * dW[0]
        vb = READOUT_MOMENTUM * vb + rate * db[0]
        W += vW
        b += vb
    # Fold the whitening into the read-out: (a - mean) @ whitening @ W + b.
    W_folded = whitening @ W
    b_folded = b - mean @ W_folded
    composed = Network(tuple(network.W[:layer]) + (W_folded,), tuple(network.b[:layer]) + (b_folded,),
                       network.hidden, output)
    right = class_of(composed.output_of(dataset.inputs)) == class_of(targets)
    return composed, float(np.mean(right))


# ---------------------------------------------------------------- the plane as a layer sees it
GRID_LINES = 25  # lines of the plane's grid each way, bent by the layers
VIEW_MARGIN = 0.04  # of the view's box, around what it shows


@dataclass(frozen=True)
class LayerView:
    """Where a hidden layer puts the plane: its grid's nodes and the training points, in the
    layer's two directions of widest spread, fitted into a unit square.

    The directions are the principal components of the training points' activations at
    that layer (all there are, for a layer of two neurons), turned and mirrored (an
    orthogonal Procrustes fit) to match the previous layer's view as closely as they can, so
    the sequence moves rather than jumps; lengths keep their proportions.
    """

    nodes: np.ndarray  # (lines, lines, 2): the grid's node (i, j) is plane point (x_j, y_i)
    points: np.ndarray  # (training points, 2)
    spread: float  # the share of the layer's variance the two directions show, 0 to 1
    raw: np.ndarray  # (training points, 2) before fitting into the square: the next view matches it
    case: np.ndarray | None = None  # (2,): where the example lighting the network lands, if one


def plane_grid(x: tuple[float, float], y: tuple[float, float], lines: int = GRID_LINES) -> np.ndarray:
    """(lines, lines, 2): a grid over the plane, row i at y_i (bottom first), column j at x_j."""
    xs, ys = np.linspace(*x, lines), np.linspace(*y, lines)
    return np.stack(np.meshgrid(xs, ys), axis=-1)


def layer_view(train: np.ndarray, at_nodes: np.ndarray, grid_shape: tuple[int, ...],
               reference: np.ndarray, case: np.ndarray | None = None) -> LayerView:
    """How a hidden layer sees the plane: ``train`` and ``at_nodes`` are its activations for
    the training points and for a :func:`plane_grid`'s nodes (of ``grid_shape``), and the
    view is turned to match ``reference`` (the last view's ``raw``, or the centred plane).
    ``case``: the layer's activations for one more point, placed in the view too."""
    mean = train.mean(axis=0)
    centred = train - mean
    _, values, axes = np.linalg.svd(centred, full_matrices=False)
    kept = axes[:2].T
    if kept.shape[1] < 2:  # a layer of one neuron: a line
        kept = np.column_stack([kept, np.zeros(len(kept))])
    variance = values**2
    spread = float(variance[:2].sum() / variance.sum()) if variance.sum() > 0 else 1.0
    points = centred @ kept
    # The orthogonal turn (or mirror) of these points nearest the reference's (Procrustes).
    u, _, vt = np.linalg.svd(points.T @ reference)
    turn = u @ vt
    points = points @ turn
    nodes = (at_nodes - mean) @ kept @ turn
    extra = np.empty((0, 2)) if case is None else (np.reshape(case, (1, -1)) - mean) @ kept @ turn
    everything = np.vstack([nodes, points, extra])
    low, high = everything.min(axis=0), everything.max(axis=0)
    size = float(np.max(high - low)) or 1.0
    scale = (1 - 2 * VIEW_MARGIN) / size
    centre = (low + high) / 2

    def fitted(p: np.ndarray) -> np.ndarray:
        return 0.5 + (p - centre) * scale

    return LayerView(fitted(nodes).reshape(grid_shape), fitted(points), spread, points,
                     None if case is None else fitted(extra)[0])


def layer_views(network: Network, dataset: Dataset, grid: np.ndarray,
                case: np.ndarray | None = None) -> list[LayerView]:
    """The view of every hidden layer in turn, each matched to the one before (the first to
    the plane itself). One forward pass each for the points and the grid serves every layer.
    ``case``: the inputs of the example that lights the network, placed in every view."""
    train = network.forward(dataset.inputs)
    at_nodes = network.forward(grid.reshape(-1, 2))
    at_case = None if case is None else network.forward(np.reshape(case, (1, -1)))
    reference = dataset.inputs[:, :2] - dataset.inputs[:, :2].mean(axis=0)
    views: list[LayerView] = []
    for layer in range(1, len(network.W)):
        own = None if at_case is None else at_case[layer][0]
        views.append(layer_view(train[layer], at_nodes[layer], grid.shape, reference, own))
        reference = views[-1].raw
    return views
