"""The maths: gradients against finite differences, the fast trainer against the plain loop."""

import numpy as np
import pytest

from nnviz.data import xor
from nnviz.kernel import compile_kernel
from nnviz.network import ACTIVATIONS, OUTPUTS, Network, initial_network, softmax, train_plain
from nnviz.train import TrainConfig, train


def numeric_gradient(net: Network, x, t, h=1e-6):
    """Central differences of -E with respect to every weight and bias."""
    grads_W, grads_b = [], []
    for group, out in ((net.W, grads_W), (net.b, grads_b)):
        for layer, array in enumerate(group):
            g = np.zeros_like(array)
            for index in np.ndindex(array.shape):
                values = []
                for sign in (1, -1):
                    changed = [a.copy() for a in group]
                    changed[layer][index] += sign * h
                    trial = (
                        Network(tuple(changed), net.b) if group is net.W else Network(net.W, tuple(changed))
                    )
                    values.append(trial.loss(x, t))
                g[index] = -(values[0] - values[1]) / (2 * h)
            out.append(g)
    return grads_W, grads_b


@pytest.mark.parametrize("sizes", [(3, 4, 1), (2, 5, 3, 2), (4, 2)])
def test_backward_matches_finite_differences(sizes):
    rng = np.random.default_rng(7)
    net = initial_network(sizes, rng, bias=True)
    x = rng.uniform(0, 1, sizes[0])
    t = rng.uniform(0, 1, sizes[-1])
    dW, db = net.backward(net.forward(x), t)
    nW, nb = numeric_gradient(net, x, t)
    for analytic, numeric in zip(dW + db, nW + nb):
        np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-9)


def test_initial_weights_are_reproducible_with_plain_numpy():
    rng = np.random.default_rng(0)
    W1 = rng.uniform(-1, 1, (3, 4))
    W2 = rng.uniform(-1, 1, (4, 1))
    net = initial_network((3, 4, 1), np.random.default_rng(0))
    np.testing.assert_array_equal(net.W[0], W1)
    np.testing.assert_array_equal(net.W[1], W2)
    assert not net.b[0].any() and not net.b[1].any()


def straightforward_loop(cycles: int, lr: float = 1.0):
    """An independent plain implementation, written as the original video's code was."""
    data = xor()
    rng = np.random.default_rng(0)
    W1 = rng.uniform(-1, 1, (3, 4))
    W2 = rng.uniform(-1, 1, (4, 1))
    sig = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
    for _ in range(cycles):
        for x, t in zip(data.inputs, data.targets):
            h = sig(x @ W1)
            o = sig(h @ W2)
            d2 = (t - o) * o * (1 - o)
            d1 = (W2 @ d2) * h * (1 - h)
            W2 = W2 + lr * np.outer(h, d2)
            W1 = W1 + lr * np.outer(x, d1)
    return W1, W2


def test_fast_training_matches_the_straightforward_loop():
    cycles = 3000
    run = train(xor(), TrainConfig(train_cycles=cycles, shown=5))
    W1, W2 = straightforward_loop(cycles)
    assert np.abs(run.final.W[0] - W1).max() < 1e-9
    assert np.abs(run.final.W[1] - W2).max() < 1e-9


@pytest.mark.parametrize("sizes,bias", [((3, 4, 1), True), ((2, 3, 3, 2), False), ((2, 3, 3, 2), True)])
def test_kernel_matches_numpy_for_other_shapes(sizes, bias):
    rng = np.random.default_rng(3)
    inputs = rng.uniform(0, 1, (5, sizes[0]))
    targets = rng.uniform(0, 1, (5, sizes[-1]))
    net = initial_network(sizes, rng, bias=bias)
    expected = train_plain(net, inputs, targets, 200, 0.7, bias=bias)
    kernel = compile_kernel(sizes, bias)
    params = [float(v) for W in net.W for v in W.ravel()]
    if bias:
        params += [float(v) for b in net.b for v in b]
    examples = [(tuple(x), tuple(t)) for x, t in zip(inputs, targets)]
    params, _ = kernel.run(params, examples, 200, 0.7)
    want = np.concatenate([W.ravel() for W in expected.W] + ([b for b in expected.b] if bias else []))
    assert np.abs(np.array(params) - want).max() < 1e-9


def test_default_training_learns_xor_and_withers_the_third_input():
    run = train(xor())
    outputs = run.final_outputs()[:, 0]
    assert np.all(np.abs(outputs - run.dataset.targets[:, 0]) < 0.05)
    assert run.new_situation()[-1][0] < 0.05
    strength = np.abs(run.final.W[0]).mean(axis=1)
    assert strength[2] < 0.2 * strength[:2].mean()


def numeric_step(net: Network, x, t, keep=None, h=1e-6):
    """Central differences of −(mean loss) over a batch (or one example), dropout fixed."""
    steps = []
    for group in ("W", "b"):
        arrays = getattr(net, group)
        for layer, array in enumerate(arrays):
            g = np.zeros_like(array)
            for index in np.ndindex(array.shape):
                values = []
                for sign in (1, -1):
                    changed = [a.copy() for a in arrays]
                    changed[layer][index] += sign * h
                    trial = Network(**{**net.__dict__, group: tuple(changed)})
                    o = trial.forward(x, keep)[-1]
                    values.append(np.mean(OUTPUTS[net.output].loss(o, t)))
                g[index] = -(values[0] - values[1]) / (2 * h)
            steps.append(g)
    return steps


PAIRS = [(hidden, output) for hidden in ACTIVATIONS for output in OUTPUTS]


@pytest.mark.parametrize("hidden, output", PAIRS)
@pytest.mark.parametrize("batch", [None, 5])
def test_every_activation_and_loss_matches_finite_differences(hidden, output, batch):
    rng = np.random.default_rng(11)
    sizes = (3, 5, 4, 3)
    net = initial_network(sizes, rng, bias=True, hidden=hidden, output=output, init="glorot")
    net = Network(net.W, tuple(rng.normal(0, 0.3, b.shape) for b in net.b), hidden, output)
    shape = (sizes[0],) if batch is None else (batch, sizes[0])
    x = rng.normal(0, 1, shape)
    if output == "softmax":
        t = np.eye(sizes[-1])[rng.integers(0, sizes[-1], shape[:-1] or None)]
    else:
        t = rng.integers(0, 2, (*shape[:-1], sizes[-1])).astype(float)
    dW, db = net.backward(net.forward(x), t)
    expected = numeric_step(net, x, t)
    for analytic, numeric in zip(dW + db, expected):
        np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-8)


@pytest.mark.parametrize("hidden", list(ACTIVATIONS))
def test_dropout_gradients_match_finite_differences_for_the_dropped_network(hidden):
    rng = np.random.default_rng(3)
    sizes = (4, 6, 5, 2)
    net = initial_network(sizes, rng, bias=True, hidden=hidden, output="binary", init="glorot")
    # Biases away from zero: a ReLU whose inputs were all dropped would sit on its kink.
    net = Network(net.W, tuple(rng.normal(0, 0.3, b.shape) for b in net.b), hidden, "binary")
    x = rng.normal(0, 1, (7, 4))
    t = rng.integers(0, 2, (7, 2)).astype(float)
    p = 0.6  # chance of keeping a neuron
    keep = [(rng.random((7, n)) < p) / p for n in sizes[1:-1]]
    a = net.forward(x, keep)
    assert np.all(a[1][keep[0] == 0] == 0)  # a dropped neuron is silent
    dW, db = net.backward(a, t, keep)
    for analytic, numeric in zip(dW + db, numeric_step(net, x, t, keep)):
        np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-8)


def test_losses_are_the_textbook_ones():
    o, t = np.array([[0.8, 0.1, 0.1]]), np.array([[1.0, 0.0, 0.0]])
    assert OUTPUTS["softmax"].loss(o, t)[0] == pytest.approx(-np.log(0.8))
    assert OUTPUTS["binary"].loss(np.array([[0.9]]), np.array([[0.0]]))[0] == pytest.approx(-np.log(0.1))
    assert OUTPUTS["squared"].loss(np.array([[0.25]]), np.array([[1.0]]))[0] == pytest.approx(0.5 * 0.75**2)
    z = np.array([[1000.0, 0.0, -1000.0]])  # softmax must not overflow
    np.testing.assert_allclose(softmax(z), [[1.0, 0.0, 0.0]])


@pytest.mark.parametrize("init, hidden", [("glorot", "tanh"), ("he", "relu")])
def test_starting_weights_have_their_documented_scale(init, hidden):
    rng = np.random.default_rng(0)
    net = initial_network((400, 300, 10), rng, hidden=hidden, init=init)
    W = net.W[0]
    if init == "glorot":
        limit = np.sqrt(6 / 700)
        assert np.abs(W).max() <= limit and np.std(W) == pytest.approx(limit / np.sqrt(3), rel=0.02)
    else:
        assert np.std(W) == pytest.approx(np.sqrt(2 / 400), rel=0.02) and abs(W.mean()) < 0.002
    assert not any(b.any() for b in net.b)
