"""Your own training loop, filmed: a plain numpy network learns two interleaved moons, and
nnviz records it with two lines in the loop.

    python examples/own_training_loop.py [OUT.mp4]

No framework is needed to run it. The same two lines work in a PyTorch, JAX or Keras loop: pass
their arrays through ``np.asarray`` (a PyTorch tensor: ``t.detach().cpu().numpy()``; weights of
``nn.Linear`` transposed, ``layer.weight.detach().numpy().T``). The recording is saved too, so
``nnviz render own-loop.npz --out again.mp4 --theme light`` films it again without training.
"""

import sys

import numpy as np

import nnviz

out = sys.argv[1] if len(sys.argv) > 1 else "own-loop.mp4"
rng = np.random.default_rng(0)

# Two interleaved half circles, labelled 0 and 1.
angle = rng.uniform(0, np.pi, 400)
upper = np.column_stack([np.cos(angle[:200]), np.sin(angle[:200])])
lower = np.column_stack([1 - np.cos(angle[200:]), 0.5 - np.sin(angle[200:])])
X = np.vstack([upper, lower]) + rng.normal(0, 0.1, (400, 2))
y = np.repeat([0.0, 1.0], 200)

# A 2-8-8-1 network: tanh hidden neurons, a sigmoid output, cross-entropy, full-batch steps.
sizes = (2, 8, 8, 1)
W = [rng.normal(0, np.sqrt(1 / n), (n, m)) for n, m in zip(sizes, sizes[1:])]
b = [np.zeros(m) for m in sizes[1:]]
steps = 600

rec = nnviz.Recorder(steps=steps, hidden="tanh", output="binary", classes=["upper", "lower"],
                     data=(X, y), step_name="step", title="two moons")
# Step N is the network after N updates: each step's forward pass measures the weights it
# records, and the update comes after (a loss logged after the update would describe weights
# one step older than those drawn beside it).
for step in range(steps + 1):
    a = [X]
    for layer, (w, v) in enumerate(zip(W, b)):
        z = a[-1] @ w + v
        a.append(1 / (1 + np.exp(-z)) if layer == len(W) - 1 else np.tanh(z))
    p = a[-1][:, 0]
    if rec.wants(step):  # the two lines: nearly free at steps that are not shown
        k = step % len(X)
        rec.record(step, weights=W, biases=b, inputs=X[k], target=y[k : k + 1],
                   loss=float(-np.mean(y * np.log(p + 1e-12) + (1 - y) * np.log(1 - p + 1e-12))),
                   accuracy=float(np.mean((p > 0.5) == y)))
    if step == steps:
        break

    delta = (a[-1] - y[:, None]) / len(X)  # d(cross-entropy)/dz at a sigmoid output
    for layer in reversed(range(len(W))):
        grad_w, grad_b = a[layer].T @ delta, delta.sum(axis=0)
        if layer:
            delta = (delta @ W[layer].T) * (1 - a[layer] ** 2)
        W[layer] -= 0.5 * grad_w
        b[layer] -= 0.5 * grad_b

rec.save("own-loop.npz")
result = rec.video(out)
print(f"Wrote {result.video} ({result.duration_s:.0f} s) and own-loop.npz")
