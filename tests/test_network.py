"""The maths: gradients against finite differences, the fast trainer against the plain loop."""

import numpy as np
import pytest

from nnviz.data import xor
from nnviz.kernel import compile_kernel
from nnviz.network import Network, initial_network, train_plain
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
