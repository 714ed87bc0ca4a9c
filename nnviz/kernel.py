"""Exact fast online training for small networks.

Online training is a chain of tiny updates: for the 3-4-1 XOR network, 420,000 of them, each
on arrays of a few numbers. numpy spends ~1 µs of call overhead per operation there, far more
than the arithmetic. This module writes the forward pass, backward pass and update for one
particular layer shape as straight-line Python on floats (every weight a local variable) and
compiles it once. It performs exactly the operations of ``network.train_plain`` in the same
order, so the weights agree with the numpy loop to rounding (≈1e-15), about 10× faster.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

# Beyond this many weights the generated code grows long and numpy's vector work pays off.
MAX_KERNEL_WEIGHTS = 400

Params = list[float]


def _w(layer: int, i: int, j: int) -> str:
    return f"w{layer}_{i}_{j}"


def _b(layer: int, j: int) -> str:
    return f"b{layer}_{j}"


def _a(layer: int, j: int) -> str:
    return f"x{j}" if layer == 0 else f"a{layer}_{j}"


def parameter_names(sizes: Sequence[int], bias: bool) -> list[str]:
    """Order of the flat parameter list: all W[0] row by row, W[1], …, then the biases."""
    names = [
        _w(layer, i, j)
        for layer in range(len(sizes) - 1)
        for i in range(sizes[layer])
        for j in range(sizes[layer + 1])
    ]
    if bias:
        names += [_b(layer, j) for layer in range(len(sizes) - 1) for j in range(sizes[layer + 1])]
    return names


def _example_body(sizes: Sequence[int], bias: bool) -> list[str]:
    """Statements for one example: forward, error, backward, update (no indentation)."""
    last = len(sizes) - 1
    lines: list[str] = []
    for layer in range(1, last + 1):  # forward: a = σ(a_prev @ W + b)
        for j in range(sizes[layer]):
            z = " + ".join(
                f"{_a(layer - 1, i)}*{_w(layer - 1, i, j)}" for i in range(sizes[layer - 1])
            )
            if bias:
                z = f"({z}) + {_b(layer - 1, j)}"
            lines.append(f"{_a(layer, j)} = 1.0/(1.0 + exp(-({z})))")
    for k in range(sizes[last]):  # output error and delta = (t - o)·o(1 - o)
        lines.append(f"e{k} = t{k} - {_a(last, k)}")
        lines.append(f"err += abs(e{k})")
        lines.append(f"d{last}_{k} = e{k}*({_a(last, k)}*(1.0 - {_a(last, k)}))")
    for layer in range(last - 1, 0, -1):  # hidden deltas use the weights before the update
        for j in range(sizes[layer]):
            back = " + ".join(
                f"{_w(layer, j, k)}*d{layer + 1}_{k}" for k in range(sizes[layer + 1])
            )
            if sizes[layer + 1] > 1:
                back = f"({back})"
            lines.append(f"d{layer}_{j} = {back}*({_a(layer, j)}*(1.0 - {_a(layer, j)}))")
    for layer in range(last - 1, -1, -1):  # W += η·(a ⊗ delta), b += η·delta
        for i in range(sizes[layer]):
            for j in range(sizes[layer + 1]):
                lines.append(f"{_w(layer, i, j)} += lr*({_a(layer, i)}*d{layer + 1}_{j})")
        if bias:
            for j in range(sizes[layer + 1]):
                lines.append(f"{_b(layer, j)} += lr*d{layer + 1}_{j}")
    return lines


def _source(sizes: Sequence[int], bias: bool) -> str:
    names = parameter_names(sizes, bias)
    unpack = f"({', '.join(names)},) = params"
    pack = f"[{', '.join(names)}]"
    xs = ", ".join(f"x{i}" for i in range(sizes[0])) + ","
    ts = ", ".join(f"t{k}" for k in range(sizes[-1])) + ","
    body = _example_body(sizes, bias)
    activations = ", ".join(
        "[" + ", ".join(_a(layer, j) for j in range(sizes[layer])) + "]"
        for layer in range(len(sizes))
    )
    errors = ", ".join(f"e{k}" for k in range(sizes[-1]))

    def indent(n: int) -> list[str]:
        return [" " * n + line for line in body]

    return "\n".join(
        [
            "def run(params, examples, cycles, lr):",
            f"    {unpack}",
            "    err = 0.0",
            "    for _ in range(cycles):",
            "        err = 0.0",
            f"        for ({xs}), ({ts}) in examples:",
            *indent(12),
            f"    return {pack}, err",
            "",
            "def step(params, example, lr):",
            f"    {unpack}",
            f"    ({xs}), ({ts}) = example",
            "    err = 0.0",
            *indent(4),
            f"    return {pack}, [{activations}], [{errors}]",
        ]
    )


@dataclass(frozen=True)
class Kernel:
    """Compiled training code for one layer shape.

    ``run(params, examples, cycles, lr) -> (params, sum_abs_error_of_last_cycle)``
    ``step(params, example, lr) -> (params, activations_per_layer, errors)``
    ``examples`` is a sequence of (inputs, targets) tuples of floats. Both raise
    OverflowError if a neuron's input leaves the range math.exp can handle.
    """

    sizes: tuple[int, ...]
    bias: bool
    run: Callable[..., tuple[Params, float]]
    step: Callable[..., tuple[Params, list[list[float]], list[float]]]


def fits_kernel(sizes: Sequence[int]) -> bool:
    return sum(a * b for a, b in zip(sizes, sizes[1:])) <= MAX_KERNEL_WEIGHTS


@lru_cache(maxsize=8)
def compile_kernel(sizes: tuple[int, ...], bias: bool) -> Kernel:
    namespace: dict[str, object] = {"exp": math.exp}
    code = compile(_source(sizes, bias), f"<nnviz kernel {sizes}>", "exec")
    exec(code, namespace)  # noqa: S102 - the source is generated above from integers only
    return Kernel(sizes, bias, namespace["run"], namespace["step"])  # type: ignore[arg-type]
