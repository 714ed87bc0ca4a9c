"""What the windows share: colours from nnviz's themes, a glowing neuron's colour, the flow
animations that run on the figure's own timer, and the helpers that make a window.

Matplotlib is imported here, not at the package's top, so the model stays figure-free.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np
from matplotlib.colors import to_rgb

from ..render.activity import Scale
from ..style import Theme

MONO = ["DejaVu Sans Mono", "monospace"]


def rgb(colour: str) -> np.ndarray:
    return np.array(to_rgb(colour))


def glow_colours(theme: Theme, level: np.ndarray) -> np.ndarray:
    """A neuron's core colour for glow levels 0..1: dark, through violet, to the glow's core
    (the video's ramp)."""
    stops = np.array([rgb(theme.neuron_dark), rgb(theme.neuron_mid), rgb(theme.glow_core)])
    t = np.clip(np.asarray(level, dtype=float), 0.0, 1.0) * (len(stops) - 1)
    segment = np.minimum(t.astype(int), len(stops) - 2)
    low, high = stops[segment], stops[segment + 1]
    share = (t - segment)[..., None]
    return low * (1 - share) + high * share


def layer_scales(hidden: str, layers: int, inputs: Scale) -> list[Scale]:
    """How each layer's activations glow (as in the video: sigmoid as it is, tanh by |a|, ReLU
    saturating), inputs first."""
    hidden_scale = {
        "sigmoid": Scale("unit"),
        "tanh": Scale("magnitude", 1.0, signed=True),
        "relu": Scale("saturating"),
    }.get(hidden, Scale("magnitude", 1.0, signed=True))
    return [inputs, *([hidden_scale] * (layers - 2)), Scale("unit")]


def input_scale(inputs: np.ndarray) -> Scale:
    low, high = float(np.min(inputs)), float(np.max(inputs))
    largest = max(abs(low), abs(high), 1e-12)
    if low >= 0 and high <= 1:
        return Scale("unit")
    return Scale("magnitude", largest, signed=low < 0)


class Flow:
    """A short animation: ``update(progress)`` for progress from 0 to 1 over ``seconds``, on
    the canvas's timer. Without a running event loop (Agg, tests) nothing moves until
    :meth:`finish`, which jumps to the end; so does a press while it runs."""

    def __init__(
        self,
        canvas,
        seconds: float,
        update: Callable[[float], None],
        done: Callable[[], None] | None = None,
        animate: bool = True,
    ) -> None:
        self.canvas, self.seconds, self._update, self._done = canvas, seconds, update, done
        self.finished = False
        self._timer = None
        self._start = time.perf_counter()
        if animate:
            update(0.0)
            canvas.draw_idle()
            self._timer = canvas.new_timer(interval=30)
            self._timer.add_callback(self._tick)
            self._timer.start()
        else:
            self.finish()

    def _tick(self) -> None:
        if self.finished:
            return
        progress = (time.perf_counter() - self._start) / self.seconds
        if progress >= 1:
            self.finish()
            return
        self._update(progress)
        self.canvas.draw_idle()

    def finish(self) -> None:
        if self.finished:
            return
        self.finished = True
        if self._timer is not None:
            self._timer.stop()
        self._update(1.0)
        if self._done is not None:
            self._done()
        self.canvas.draw_idle()


def timers_run(canvas) -> bool:
    """Whether the canvas has an event loop whose timers fire (not Agg, not a file)."""
    from matplotlib.backend_bases import FigureCanvasBase, TimerBase

    if type(canvas).new_timer is FigureCanvasBase.new_timer:
        return False
    try:
        timer = canvas.new_timer(interval=1000)
    except Exception:  # noqa: BLE001 - a backend without timers
        return False
    return type(timer) is not TimerBase


def new_figure(size: tuple[float, float], theme: Theme, title: str):
    """A pyplot figure (a window on an interactive backend), with matplotlib's own keyboard
    shortcuts switched off for it (its 'f', 'r', 'c', arrows would fight the window's)."""
    import matplotlib.pyplot as plt

    with plt.rc_context({"toolbar": "None"}):  # its pan and zoom modes would swallow the clicks
        figure = plt.figure(figsize=size, facecolor=theme.background)
    manager = figure.canvas.manager
    if manager is not None:
        handler = getattr(manager, "key_press_handler_id", None)
        if handler is not None:
            figure.canvas.mpl_disconnect(handler)
        try:
            manager.set_window_title(title)
        except Exception:  # noqa: BLE001 - a backend without titles
            pass
    return figure


def close_key(window, event) -> bool:
    """q or Escape closes the window (matplotlib's own shortcuts are off)."""
    if event.key in ("q", "escape", "ctrl+w", "cmd+w"):
        import matplotlib.pyplot as plt

        plt.close(window.figure)
        return True
    return False


def button_style(theme: Theme) -> dict:
    return dict(color=theme.panel, hovercolor=theme.highlight)


class BlockImage:
    """A small picture filling an axes, each of its pixels a whole block of screen pixels
    (never resampled: upscaling by repetition costs a millisecond where matplotlib's
    resampler takes twenty for a 32×32 pad at 550 pixels). ``set_data`` takes RGB bytes."""

    def __new__(cls, ax, rgb_bytes: np.ndarray, **kwargs):
        from matplotlib.artist import Artist
        from matplotlib.transforms import Bbox

        class _BlockImage(Artist):
            def __init__(self) -> None:
                super().__init__()
                self.set(**kwargs)
                self.ax = ax
                self.data = _rgba(rgb_bytes)
                self.set_clip_on(False)

            def set_data(self, data: np.ndarray) -> None:
                self.data = _rgba(data)
                self.stale = True

            def placement(self) -> tuple[float, float, int]:
                """(left, bottom, block) in display pixels: centred in the axes, whole blocks."""
                box = self.ax.bbox
                rows, cols = self.data.shape[:2]
                block = max(1, int(min(box.width / cols, box.height / rows)))
                left = np.floor(box.x0 + (box.width - cols * block) / 2)
                bottom = np.floor(box.y0 + (box.height - rows * block) / 2)
                return float(left), float(bottom), block

            def pixel_at(self, x: float, y: float) -> tuple[float, float] | None:
                """Picture coordinates (column, row from the top, in pixels) of a display point."""
                left, bottom, block = self.placement()
                rows, cols = self.data.shape[:2]
                column, row = (x - left) / block, rows - (y - bottom) / block
                if 0 <= column <= cols and 0 <= row <= rows:
                    return column, row
                return None

            def draw(self, renderer) -> None:
                if not self.get_visible():
                    return
                left, bottom, block = self.placement()
                # Flipped (the renderer's rows go up) while small, then repeated.
                rgba = np.repeat(np.repeat(self.data[::-1], block, axis=0), block, axis=1)
                gc = renderer.new_gc()
                try:
                    renderer.draw_image(gc, left, bottom, rgba)
                finally:
                    gc.restore()
                self.stale = False

            def get_window_extent(self, renderer=None):
                left, bottom, block = self.placement()
                rows, cols = self.data.shape[:2]
                return Bbox.from_bounds(left, bottom, cols * block, rows * block)

        artist = _BlockImage()
        ax.add_artist(artist)
        return artist


def _rgba(data: np.ndarray) -> np.ndarray:
    """RGB or RGBA bytes as opaque RGBA bytes."""
    data = np.asarray(data)
    if data.shape[-1] == 4:
        return data.astype(np.uint8)
    out = np.full((*data.shape[:2], 4), 255, dtype=np.uint8)
    out[..., :3] = data
    return out


def lut(theme: Theme) -> np.ndarray:
    """The glow's colours as 256 RGB bytes, for ink from 0 to 1."""
    return np.round(glow_colours(theme, np.linspace(0, 1, 256)) * 255).astype(np.uint8)


def coloured(table: np.ndarray, ink: np.ndarray) -> np.ndarray:
    return table[np.round(np.clip(ink, 0.0, 1.0) * 255).astype(np.intp)]
