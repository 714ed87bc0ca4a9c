"""The type and places of the picture's words, for each kind of layout. Pure data.

Sizes are in points on a stage 10.8 inches high, so they scale with the frame: 15 points is
21 pixels at 1080p and 14 at 720p. Below that (a 640-pixel blog column, a GIF) scaling the
1080p picture down makes words unreadable, so small stages have a design of their own:
type about twice as large for the size of the picture, fewer and shorter words, and
full-size digits where a subscript would be too small. Its smallest type (28 points) is 13
pixels on a 360-pixel stage: capitals and digits 9.4 pixels tall.

Places are in stage units (0 to 1 up the stage).
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Design:
    # Type sizes, in points.
    title: float
    subtitle: float
    line: float  # the two lines about the moment
    head: float  # the training set's column names
    cell: float  # its cells
    error: float  # the average error's words
    legend: float
    layer: float  # "inputs", "hidden", "output"
    input_name: float  # x1, x2, ... beside the inputs
    value: float  # a neuron's number
    # Places, in stage units.
    panel: tuple[float, float]  # bottom and top of the panel
    pad: float  # the panel's inner margin
    title_y: float
    subtitle_y: float
    line1_y: float
    line2_y: float
    header_y: float
    rows_span: float  # the most the table's rows may take below its header
    row_step: float  # the most one row may take
    error_y: float
    bar: tuple[float, float]  # bottom and height of the average error's bar
    columns: tuple[float, float, float]  # inputs, desired, network: fractions of the width
    legend_rows: tuple[float, float]  # heights of the colour key and of the how-to-read line
    legend_step: float  # from one colour key to the next, as a fraction of the stage width
    legend_words: tuple[str, str, str]  # positive, negative, how to read the picture
    subscripts: bool  # x₁ (small digits), or x1 where those would be too small to read


FULL = Design(
    title=32, subtitle=17, line=19, head=14, cell=17, error=16, legend=13, layer=15, input_name=17,
    value=15,
    panel=(0.05, 0.95), pad=0.04, title_y=0.875, subtitle_y=0.815, line1_y=0.745, line2_y=0.700,
    header_y=0.625, rows_span=0.40, row_step=0.05, error_y=0.145, bar=(0.085, 0.022),
    columns=(0.0, 0.38, 0.68), legend_rows=(0.05, 0.095), legend_step=0.17,
    legend_words=("positive weight (excites)", "negative weight (inhibits)",
                  "thicker = stronger weight · glow = activity (0 to 1)"),
    subscripts=True,
)

COMPACT = Design(
    title=44, subtitle=28, line=30, head=28, cell=30, error=28, legend=28, layer=28, input_name=30,
    value=28,
    panel=(0.035, 0.965), pad=0.035, title_y=0.89, subtitle_y=0.815, line1_y=0.745, line2_y=0.685,
    header_y=0.615, rows_span=0.38, row_step=0.047, error_y=0.145, bar=(0.07, 0.028),
    columns=(0.0, 0.36, 0.64), legend_rows=(0.045, 0.11), legend_step=0.14,
    legend_words=("excites", "inhibits", "thicker = stronger · glow = activity"),
    subscripts=False,
)


Box = tuple[float, float, float, float]  # left, bottom, right, top: x as a fraction of the
# panel's inner width (0 at its left margin, 1 at its right), y in stage units


@dataclass(frozen=True)
class RunDesign:
    """The places of a panel about any run: the moment in words, the decision map (for points
    on a plane) and the loss and accuracy curves. Type sizes are the :class:`Design`'s."""

    lines_y: tuple[float, float, float]  # the example, the answer, a note
    note: float  # the note's type size
    tick: float  # the curves' and the map's axis labels
    loss: Box  # the loss curve's plot
    accuracy: Box  # the accuracy curve's plot
    heading_gap: float  # from a plot's top to its heading's middle
    ticks_gap: float  # from a plot's bottom to its axis labels' middle
    ticks_under_both: bool  # axis labels under each plot (else under the accuracy plot only)
    y_labels: bool  # each plot's scale written beside it (none beside a small map: no room)
    key: tuple[float, float, float] | None  # the key to the curves (training, test): x (a
    # fraction), y, and the step down to its next entry (0: side by side); None: below the map's
    map: Box | None = None  # the decision map (None: no map)
    map_ticks: bool = False  # the plane's extent written around the map
    map_key: tuple[float, float, float] | None = None  # x (fraction), top y, row step of its key
    grids: Box | None = None  # the first hidden layer's weight grids (None: none)
    point: float = 5.0  # a training point's diameter, in points
    ring: float = 16.0  # the diameter of the ring around the example considered, in points


PLANE_FULL = RunDesign(
    lines_y=(0.755, 0.710, 0.668), note=15, tick=14,
    loss=(0.075, 0.105, 0.46, 0.190), accuracy=(0.615, 0.105, 1.0, 0.190),
    heading_gap=0.03, ticks_gap=0.022, ticks_under_both=True, y_labels=True, key=None,
    map=(0.06, 0.27, 0.06 + 0.36 / 0.569, 0.63), map_ticks=True, map_key=(0.74, 0.61, 0.045),
    point=6.5, ring=18,
)
PLANE_COMPACT = RunDesign(
    lines_y=(0.745, 0.685, 0.0), note=28, tick=28,
    loss=(0.575, 0.475, 1.0, 0.580), accuracy=(0.575, 0.285, 1.0, 0.390),
    heading_gap=0.035, ticks_gap=0.04, ticks_under_both=False, y_labels=False, key=(0.0, 0.075, 0.0),
    map=(0.0, 0.235, 0.40 / 0.774, 0.635), map_key=(0.0, 0.15, 0.0),
    point=10, ring=30,
)
# The weight grids take the decision map's place, their key the map's key's. In the full
# design they also take the room the map's axis labels need (down to the curves' headings)
# and its left margin: a weight is a whole number of frame pixels, and 28×28 grids get 3 of
# them (2 had left a band of empty panel under grids 250 pixels across).
GRIDS_FULL = replace(PLANE_FULL, map=None, grids=(0.0, 0.235, 0.72, 0.63))
GRIDS_COMPACT = replace(PLANE_COMPACT, map=None, grids=PLANE_COMPACT.map)
CURVES_FULL = RunDesign(
    lines_y=(0.755, 0.710, 0.668), note=15, tick=14,
    loss=(0.075, 0.405, 1.0, 0.575), accuracy=(0.075, 0.145, 1.0, 0.315),
    heading_gap=0.03, ticks_gap=0.022, ticks_under_both=True, y_labels=True, key=(0.0, 0.075, 0.0),
)
CURVES_COMPACT = RunDesign(
    lines_y=(0.745, 0.685, 0.0), note=28, tick=28,
    loss=(0.15, 0.455, 1.0, 0.575), accuracy=(0.15, 0.22, 1.0, 0.34),
    heading_gap=0.04, ticks_gap=0.04, ticks_under_both=False, y_labels=True, key=(0.0, 0.08, 0.0),
)
