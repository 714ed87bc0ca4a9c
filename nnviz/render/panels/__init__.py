"""The panel beside the network, one kind per kind of data, chosen as data.

Every panel has the same interface (:class:`Panel`): it is built once on a stage for a
setup, says what a shot shows in words (``caption``, whose ``values`` are the neurons'
numbers) and sets its artists to those words (``show``). Which one a setup gets is the
table :data:`PANELS`, looked up by :func:`panel_kind`:

- ``table``: a small table learnt example by example, every example listed (XOR), up to
  MOST_ROWS examples;
- ``plane``: points on a plane (two inputs): the decision map with the points on it, and
  the loss and accuracy curves;
- ``grids``: pictures with ``--weight-grids``: the first hidden layer's weights as pictures,
  and the loss and accuracy curves;
- ``curves``: anything else (a table of more inputs, a user's own loop where nnviz knows
  only the arrays): the moment in words and the loss and accuracy curves.
"""

from __future__ import annotations

from typing import Protocol

from ...recording import Setup
from ...style import MAP_CLASSES
from ...timeline import Shot
from ..stage import Stage
from .curves import CurvesPanel
from .grids import GridsPanel
from .plane import PlanePanel
from .table import TablePanel


class Words(Protocol):
    values: tuple[str, ...]  # every neuron's number, layer by layer


class Panel(Protocol):
    def __init__(self, stage: Stage, setup: Setup) -> None: ...

    def caption(self, shot: Shot) -> Words: ...

    def show(self, shot: Shot, words: Words) -> None: ...


MOST_ROWS = 8  # examples a table panel lists: its rows, and the new situation's, stay legible at 360 px

PANELS: dict[str, type[Panel]] = {"table": TablePanel, "plane": PlanePanel, "curves": CurvesPanel,
                                  "grids": GridsPanel}


def panel_kind(setup: Setup) -> str:
    """The panel for ``setup``: its data's kind, and its story where that decides it."""
    data = setup.dataset
    if data is None:
        return "curves"
    if setup.weight_grids and data.kind == "image" and data.image_shape is not None:
        return "grids"
    if setup.story == "examples" and data.n_examples <= MOST_ROWS:  # every example is shown: list them
        return "table"
    if data.kind == "points" and data.n_inputs == 2 and data.n_classes <= MAP_CLASSES:
        return "plane"
    return "curves"


__all__ = ["PANELS", "Panel", "Words", "panel_kind"]
