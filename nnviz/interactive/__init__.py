"""Interactive windows: ``nnviz play`` (step through learning by hand) and ``nnviz draw`` (draw
a digit and watch every neuron answer). The maths (:mod:`.model`, :mod:`.pad`) needs no
figure; the windows (:mod:`.play_window`, :mod:`.draw_window`) are matplotlib figures that
work with any interactive backend (TkAgg, QtAgg, ipympl's ``%matplotlib widget``)."""

from __future__ import annotations

from pathlib import Path

from .display import NoDisplay, require_display, require_window

__all__ = ["NoDisplay", "draw", "play", "require_display", "require_window"]


def play(name: str = "xor", *, theme: str = "dark", animate: bool | None = None, **options):
    """Open ``nnviz play``'s window on data set ``name`` (xor, spiral, circles, moons, gauss,
    xor2d, shapes, digits, custom with ``data=FILE``) and return it (a :class:`PlayWindow`:
    ``.figure``, ``.model``, ``.press("forward")``, …). The network starts untrained, as the
    command's trainer would start it. In Jupyter, run ``%matplotlib widget`` first (ipympl).
    Options: the command's (``seed``, ``learning_rate``, ``layers``, ``samples``, …)."""
    from ..style import THEMES
    from .model import PlayModel
    from .play_window import PlayWindow
    from .subjects import play_setup

    require_display("nnviz play")
    dataset, config = play_setup(name, **options)
    window = PlayWindow(PlayModel(dataset, config), _theme(theme, THEMES), animate)
    require_window(window.figure, "nnviz play")
    return window


def draw(
    name: str = "digits",
    *,
    theme: str = "dark",
    recording: str | Path | None = None,
    progress=None,
    **options,
):
    """Train ``name``'s network (digits: scikit-learn's 8×8, or MNIST with ``data=DIR``;
    shapes) with its preset, or take a saved recording's final weights, and open ``nnviz
    draw``'s window (a :class:`DrawWindow`). ``progress(epoch, epochs)`` is told as it trains."""
    from ..style import THEMES
    from .draw_window import DrawWindow
    from .subjects import draw_network

    require_display("nnviz draw")
    trained = draw_network(name, recording=recording, progress=progress, **options)
    window = DrawWindow(trained, _theme(theme, THEMES))
    require_window(window.figure, "nnviz draw")
    return window


def _theme(name: str, themes: dict):
    from ..checks import UsageError, theme_named

    key = theme_named(name)
    if key not in themes:
        raise UsageError(f"the theme must be one of {', '.join(themes)}, not {name!r}")
    return themes[key]
