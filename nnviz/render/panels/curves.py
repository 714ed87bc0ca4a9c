"""The panel of any other run (a table of more than two inputs, a user's own loop where nnviz
knows only the arrays): the moment in words and the loss and accuracy curves, full width."""

from __future__ import annotations

from ..design import CURVES_COMPACT, CURVES_FULL
from .run import RunPanel


class CurvesPanel(RunPanel):
    DESIGNS = {False: CURVES_FULL, True: CURVES_COMPACT}
