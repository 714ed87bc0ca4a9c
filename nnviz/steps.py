"""Step mode (``--steps``): one training example's trip forward through the network and its
error's trip back.

Every training shot becomes a short sequence of pictures over the shot's own frames, so the
video's timing (``--music``, ``--beats``, ``--seconds-per-shot``) is unchanged:

1. the forward pass: the neurons light up layer by layer, inputs first, each showing its
   number as it lights;
2. the error: every output against its target (a ring as wide as the error);
3. the backward pass: from the output back to the inputs, each layer of synapses flashes as
   the error crosses it (brightest where the example's gradient is largest) while its
   weights change to their new values, and each hidden neuron's share of the error
   (its delta) rings it as the error reaches it;
4. the result, held.

What "the weights change" means depends on the training, and the pictures never claim more
than happened:

- online training (the XOR video: one update after every example, shot right after it) is
  shown *exactly*: the weights before the update are recovered from the weights after it,
  the example's activations and the learning rate, so the forward pass runs on the weights
  it really ran on and the backward pass moves every weight by exactly lr × its gradient;
- otherwise (epochs of mini-batches, a user's loop) the example's own gradient is what
  flashes, and the weights move to the next shown step's: what training did with them
  until the viewer sees the network again. The phase line says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np

from .checks import UsageError, option
from .network import ACTIVATIONS, OUTPUTS, Network
from .recording import Setup, Snapshot
from .timeline import Moment, Shot

# Shares of a shot's time: the forward pass, the error, the backward pass; the rest holds
# the result. Within each stage (one layer, the error, one layer of synapses) the change
# takes MOVING of its time and the rest holds it, so that every stage can be seen.
FORWARD, ERROR, BACKWARD = 0.36, 0.14, 0.36
MOVING = 0.6
# Reconstructed weights must reproduce the recorded forward pass to this tolerance to be
# shown as the exact update (float64 training recomputed in float64).
EXACT_TOLERANCE = 1e-6
FULL_ERROR = 0.5  # an output this far from its target flashes the backward pass fully


@dataclass(frozen=True)
class Trip:
    """One example forward through the network and its error back: the maths step mode shows."""

    before: Network  # the weights the forward pass runs on
    after: Network  # the weights once the backward pass has changed them
    activations: tuple[np.ndarray, ...]  # every layer's, inputs first
    target: np.ndarray
    deltas: tuple[np.ndarray, ...]  # −∂E/∂z of every layer after the inputs
    gradients: tuple[np.ndarray, ...]  # −∂E/∂W of every layer of synapses
    exact: bool  # after = before + lr × gradient (one online update); else the next shown weights
    next_step: int | None = None  # where ``after`` comes from when not exact (None: the end)

    @property
    def error(self) -> np.ndarray:
        """Target minus output, per output neuron."""
        return self.target - self.activations[-1]

    @cached_property
    def largest_gradient(self) -> float:
        """The largest |−∂E/∂W| of any synapse (what a full flash stands for)."""
        return max(float(np.max(np.abs(g))) for g in self.gradients)

    @property
    def strength(self) -> float:
        """How much this example has to teach, 0 to 1: the backward pass's flashes are
        scaled by it (the rings by the error itself). They show each gradient as a share of
        the step's largest; an example the network already answers well would otherwise
        flash as brightly as a badly wrong one. Full from an error of FULL_ERROR, on a square
        root below it."""
        return float(np.sqrt(min(1.0, float(np.max(np.abs(self.error))) / FULL_ERROR)))


@dataclass(frozen=True)
class StepView:
    """How far one picture of step mode has got, stage by stage (each 0 to 1)."""

    trip: Trip
    lit: tuple[float, ...]  # per layer: how far the forward pass has lit it
    error: float  # how far the error at the output has appeared
    adjusted: tuple[float, ...]  # per layer of synapses: how far its weights have changed
    flash: tuple[float, ...]  # per layer of synapses: how brightly it flashes now
    blamed: tuple[float, ...]  # per layer after the inputs: how far its delta has appeared
    phase: str = "forward"  # "forward", "error", "backward", "done", or "whole" (a still's overview)

    @property
    def answered(self) -> bool:
        """Whether the forward pass has reached the output (the answer can be told)."""
        return self.lit[-1] >= 0.5


# ------------------------------------------------------------------------------- the maths
def _keep(snap: Snapshot, dropout: float) -> list[np.ndarray] | None:
    """The dropout factors of the recorded forward pass (0 dropped, 1/p kept)."""
    if snap.dropped is None or dropout <= 0:
        return None
    return [np.where(np.asarray(d, dtype=bool), 0.0, 1.0 / (1.0 - dropout)) for d in snap.dropped]


def undo_update(after: Network, activations: Sequence[np.ndarray], target: np.ndarray,
                learning_rate: float, bias: bool) -> tuple[Network, list[np.ndarray], list[np.ndarray]]:
    """The weights before one online update, from the weights after it, the example's forward
    pass (run on the weights before) and the learning rate; with the update's −gradients
    (of the weights and of the biases, which are the deltas).

    Backpropagation runs from the output back, and layer l's delta needs only the weights of
    layer l *before* the update; those are the weights after it minus lr × a[l] ⊗ delta[l+1],
    and delta[l+1] is already known. So the update can be undone exactly, layer by layer.
    """
    a = [np.asarray(x, dtype=float) for x in activations]
    slope = ACTIVATIONS[after.hidden].slope
    delta = OUTPUTS[after.output].delta(a[-1], np.asarray(target, dtype=float))
    n = len(after.W)
    W: list[np.ndarray] = [np.empty(0)] * n
    b: list[np.ndarray] = [np.empty(0)] * n
    dW: list[np.ndarray] = [np.empty(0)] * n
    db: list[np.ndarray] = [np.empty(0)] * n
    for layer in reversed(range(n)):
        dW[layer], db[layer] = np.outer(a[layer], delta), delta
        W[layer] = after.W[layer] - learning_rate * dW[layer]
        b[layer] = after.b[layer] - learning_rate * delta if bias else np.asarray(after.b[layer])
        if layer:
            delta = (W[layer] @ delta) * slope(a[layer])
    return Network(tuple(W), tuple(b), after.hidden, after.output), dW, db


def trip(snap: Snapshot, setup: Setup, following: Network | None, next_step: int | None = None) -> Trip:
    """The trip of ``snap``'s example (see the module's notes for exact and not)."""
    activations = tuple(np.asarray(a, dtype=float) for a in snap.activations)
    target = np.asarray(snap.target, dtype=float)
    if exact_story(setup):
        before, dW, db = undo_update(snap.network, activations, target, setup.learning_rate, setup.bias)
        again = before.forward(activations[0])
        if all(np.allclose(x, y, rtol=EXACT_TOLERANCE, atol=EXACT_TOLERANCE)
               for x, y in zip(again, activations)):
            return Trip(before, snap.network, activations, target, tuple(db), tuple(dW), True)
    network = snap.network
    dW, db = network.backward(list(activations), target, _keep(snap, setup.dropout))
    after = network if following is None else following
    if exact_story(setup):  # the update could not be undone: show its gradient, move nothing
        after, next_step = network, None
    return Trip(network, after, activations, target, tuple(db), tuple(dW), False, next_step)


def require_steps(source: object) -> None:
    """UsageError if step mode cannot show ``source``. Its passes need every layer's
    activations, and a recording may lack some (a Recorder given none and no activation
    names to compute them with): said in words before any picture, not a traceback."""
    for snap in getattr(source, "snapshots", ()):  # a recording (training knows them all)
        if any(np.isnan(np.asarray(a, dtype=float)).all() for a in snap.activations):
            raise UsageError(
                f"{option('steps')} shows the forward and backward passes, which need every layer's "
                f"activations, and this recording lacks some (at step {snap.step:,}): record them "
                f"(activations=[...], or hidden= and output= with inputs=) or drop {option('steps')}")


def exact_story(setup: Setup) -> bool:
    """Whether ``setup``'s training shots are each right after one online update."""
    return (setup.story == "examples" and setup.step_name == "cycle" and setup.learning_rate is not None
            and setup.dropout == 0)


# ------------------------------------------------------------------------------- the timing
def _bounds(layers: int) -> np.ndarray:
    """Where each stage starts, as a share of the shot: the layers of the forward pass, the
    error, the layers of synapses from the output back; the last bound ends the stages."""
    backward = layers - 1
    return np.concatenate([
        np.linspace(0.0, FORWARD, layers + 1)[:-1],
        [FORWARD],
        FORWARD + ERROR + np.linspace(0.0, BACKWARD, backward + 1),
    ])


def _positions(frames: int, layers: int, exact: bool) -> list[tuple[int, float]]:
    """Each frame's (stage, progress within it); consecutive equal ones are one picture.
    A finished stage is the next one not yet begun, so the two are one picture."""
    bounds = _bounds(layers)
    stages = len(bounds) - 1
    out = []
    for i in range(frames):
        u = (i + 1) / frames  # the last frame is the result, whatever the length
        k = int(np.searchsorted(bounds, u, side="right")) - 1
        if k >= stages:
            out.append((stages, 0.0))
            continue
        p = min((u - bounds[k]) / (MOVING * (bounds[k + 1] - bounds[k])), 1.0)
        out.append((k + 1, 0.0) if p >= 1.0 else (k, round(p, 9)))
    if not exact and (layers, 0.0) not in out:
        # The shot itself is the network having thought (the forward pass done): a short
        # shot that skips that moment shows it in place of the nearest picture.
        nearest = min(range(frames), key=lambda i: abs((i + 1) / frames - FORWARD))
        out[nearest] = (layers, 0.0)
    return out


def _pictures(frames: int, layers: int, exact: bool) -> list[tuple[tuple[int, float], int]]:
    """Each picture of a stepped shot of ``frames`` frames: its (stage, progress) and how
    many frames it is held (consecutive frames at one position are one picture)."""
    pictures: list[tuple[tuple[int, float], int]] = []
    for position in _positions(frames, layers, exact):
        if pictures and pictures[-1][0] == position:
            pictures[-1] = (position, pictures[-1][1] + 1)
        else:
            pictures.append((position, 1))
    return pictures


def step_holds(frames: int, layers: int, exact: bool) -> list[int]:
    """How many frames each picture of a stepped shot of ``frames`` frames is held."""
    return [hold for _, hold in _pictures(frames, layers, exact)]


def view(trip_: Trip, stage: int, progress: float) -> StepView:
    """The state of every layer at ``progress`` through ``stage`` (see :func:`_bounds`)."""
    layers = len(trip_.activations)
    links = layers - 1
    if stage >= _last_stage(layers):  # the result: the new weights, the error gone
        return StepView(trip_, (1.0,) * layers, 0.0, (1.0,) * links, (0.0,) * links, (0.0,) * links, "done")

    def amount(k: int) -> float:  # how far stage k has gone
        return 1.0 if stage > k else (progress if stage == k else 0.0)

    lit = tuple(_ease(amount(k)) for k in range(layers))
    error = _ease(amount(layers))
    # Layers of synapses are adjusted from the output back: stage layers + 1 + j adjusts
    # layer links − 1 − j.
    adjusted, flash = [0.0] * links, [0.0] * links
    for j in range(links):
        done = amount(layers + 1 + j)
        adjusted[links - 1 - j] = _ease(done)
        flash[links - 1 - j] = float(np.sin(np.pi * done)) if 0 < done < 1 else 0.0
    # The output's delta is the error; a hidden layer's appears as the error crosses the
    # synapses above it.
    blamed = [0.0] * links
    blamed[-1] = error
    for layer in range(1, links):
        blamed[layer - 1] = _ease(amount(layers + 1 + (links - 1 - layer)))
    phase = "forward" if stage < layers or (stage == layers and progress == 0) else (
        "error" if stage == layers or (stage == layers + 1 and progress == 0) else "backward")
    return StepView(trip_, lit, error, tuple(adjusted), tuple(flash), tuple(blamed), phase)


def overview(trip_: Trip) -> StepView:
    """One picture that tells the whole step (a still): everything lit, the error at the
    output, every delta, and every layer of synapses flashing by its gradient on the weights
    the forward pass ran on."""
    layers = len(trip_.activations)
    return StepView(trip_, (1.0,) * layers, 1.0, (0.0,) * (layers - 1), (1.0,) * (layers - 1),
                    (1.0,) * (layers - 1), "whole")


def overview_of(shot: Shot, setup: Setup) -> Shot:
    """A training shot as :func:`overview` shows it."""
    assert shot.snapshot is not None  # a training shot always carries its snapshot
    trip_ = trip(shot.snapshot, setup, None)
    return picture(shot, trip_, overview(trip_), shot.frames)


def _ease(p: float) -> float:
    return p * p * (3 - 2 * p)  # smoothstep: starts and ends gently


def _mix(a: Network, b: Network, t: Sequence[float]) -> Network:
    """Weights and biases from ``a`` to ``b``, layer l by ``t[l]``."""
    return Network(
        tuple(x + (y - x) * f if f else x for x, y, f in zip(a.W, b.W, t)),
        tuple(x + (y - x) * f if f else x for x, y, f in zip(a.b, b.b, t)),
        b.hidden, b.output,
    )


def picture(shot: Shot, trip_: Trip, state: StepView, frames: int, previous: Shot | None = None) -> Shot:
    """The shot as ``state`` shows it; ``previous`` is the shot before it (whose panel
    still stands where this example's answer is not yet known)."""
    glow = tuple(a * lit for a, lit in zip(trip_.activations, state.lit))
    # The decision map answers for the weights before the step until they have all moved:
    # the weights part-way through are the animation's, not a network's, and mapping each
    # picture's anew cost a forward pass over the whole plane (minutes for wide layers).
    moved = all(amount >= 1 for amount in state.adjusted)
    return replace(shot, network=_mix(trip_.before, trip_.after, state.adjusted), frames=frames,
                   in_between=True, previous=previous, glow=glow, step=state,
                   map_network=trip_.after if moved else trip_.before)


# ------------------------------------------------------------------------------- the shots
def walk(shots: Iterable[Shot], setup: Setup) -> Iterator[Shot]:
    """Every training shot of ``shots`` as step mode's pictures (the others as they are).

    A training shot that is not an exact update needs the next shot's weights, so each one
    is made when the next shot has arrived."""
    layers = len(setup.sizes)
    exact = exact_story(setup)
    pending: Shot | None = None
    before: Shot | None = None  # the last shot as it settled
    for shot in shots:
        if pending is not None:
            yield from _stepped(pending, setup, shot, layers, exact, before)
            before, pending = pending, None
        if shot.moment is Moment.TRAINING and not shot.in_between and shot.snapshot is not None:
            pending = shot
        else:
            yield shot
            if not shot.in_between:
                before = shot
    if pending is not None:
        yield from _stepped(pending, setup, None, layers, exact, before)


def _stepped(shot: Shot, setup: Setup, following: Shot | None, layers: int, exact: bool,
             before: Shot | None) -> Iterator[Shot]:
    snap = shot.snapshot
    assert snap is not None
    step = None if following is None or following.snapshot is None else following.snapshot.step
    trip_ = trip(snap, setup, None if following is None else following.network, step)
    # The shot itself (what stills show): the result of an exact update, else the network
    # having thought (its weights are the shot's until the backward pass).
    itself = (_last_stage(layers) if exact else layers, 0.0)
    for (stage, progress), hold in _pictures(shot.frames, layers, exact):
        if (stage, progress) == itself:
            yield replace(shot, frames=hold)  # the shot itself: what stills show
        else:
            yield picture(shot, trip_, view(trip_, stage, progress), hold, before)


def _last_stage(layers: int) -> int:
    return len(_bounds(layers)) - 1


def stepped_holds(holds: Sequence[int], training: Sequence[bool], layers: int, exact: bool) -> list[int]:
    """The holds of :func:`walk`'s pictures: each training shot's pictures, the rest as they are."""
    out: list[int] = []
    for hold, stepped in zip(holds, training):
        out += step_holds(hold, layers, exact) if stepped else [hold]
    return out


__all__ = ["StepView", "Trip", "exact_story", "overview", "overview_of", "step_holds", "stepped_holds",
           "trip", "undo_update", "walk"]
