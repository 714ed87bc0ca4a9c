"""Whether an interactive window can open here, decided before one is made.

matplotlib picks its backend lazily: without a display it quietly falls back to Agg, and a
window would then never appear (``plt.show()`` returns at once with a warning); with
``MPLBACKEND=TkAgg`` and no display, Tk fails with a long traceback. Both are turned into one
line, :class:`NoDisplay`, that says what to do.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator

from ..checks import UsageError

# Backends that draw into a notebook rather than a desktop window: no $DISPLAY needed.
NOTEBOOK_BACKENDS = ("ipympl", "widget", "nbagg", "inline", "notebook")
# Backends that never open a window.
FILE_BACKENDS = ("agg", "cairo", "pdf", "pgf", "ps", "svg", "template")
HINT = "run it on a desktop, under Xvfb (xvfb-run), or in Jupyter with %matplotlib widget"


class NoDisplay(UsageError):
    """No window can open: no display, or a backend that draws only into files."""


def display_problem(environ: dict | None = None, platform: str | None = None) -> str | None:
    """Why no desktop window can open on this machine (None: it can), from the environment
    alone, as matplotlib's own backend fallback decides it."""
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if not platform.startswith("linux"):
        return None  # macOS and Windows always have their desktop
    if environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return None
    return "DISPLAY is not set"


def _notebook(backend: str) -> bool:
    name = backend.lower()
    return any(word in name for word in NOTEBOOK_BACKENDS)


def require_display(
    what: str, backend: str | None = None, environ: dict | None = None, platform: str | None = None
) -> str:
    """The backend a window will use; :class:`NoDisplay` if none can open.

    ``backend`` is the one asked for (None: matplotlib's choice, resolved here: $MPLBACKEND,
    matplotlibrc, or the first of its interactive backends that works). A notebook's backend
    (``%matplotlib widget``, ipympl) needs no display.
    """
    import matplotlib

    problem = display_problem(environ, platform)  # from the environment alone
    fell_back = named = False
    if backend is None:
        chosen = matplotlib.rcParams._get_backend_or_none()
        if problem is not None and not _notebook(str(chosen or "")):
            raise _no_display(what, problem)  # before matplotlib tries its window backends
        with _stderr_unsaid():  # probing a Wayland display prints its own complaint
            backend = matplotlib.get_backend()
        fell_back = chosen is None  # matplotlib tried its window backends, and none opened
        named = not fell_back  # by $MPLBACKEND or a matplotlibrc
    if _notebook(backend):
        return backend
    if problem is None and backend.lower() in FILE_BACKENDS:
        problem = (_why_no_window(environ) if fell_back
                   else f"matplotlib's backend is {backend}, which draws only files")
    if problem is not None:
        raise _no_display(what, problem)
    if named:  # its toolkit must load (a missing Qt, GTK or wx had been a traceback, after training)
        _load(what, backend)
    return backend


def _load(what: str, backend: str) -> None:
    """Load ``backend`` now: :class:`NoDisplay` in one line if its toolkit is missing."""
    import matplotlib.pyplot as plt

    try:
        plt.switch_backend(backend)
    except ImportError as error:
        if "headless" in str(error):  # the toolkit is there, the display answers nothing
            raise _no_display(what, _why_no_window()) from None
        named, remedy = (("MPLBACKEND asks for it", "unset MPLBACKEND to use Tk")
                         if os.environ.get("MPLBACKEND")
                         else ("your matplotlibrc asks for it", "name another backend in your matplotlibrc"))
        raise NoDisplay(f"{what} cannot open a window: the backend {backend} ({named}) cannot load "
                        f"({str(error).strip().splitlines()[0]}); install its toolkit, or {remedy}") from None


def require_window(figure, what: str) -> None:
    """:class:`NoDisplay` if ``figure`` came up without a window: a window backend was named
    ($MPLBACKEND=TkAgg) and a display too, but nothing answers on it, so matplotlib fell back
    to drawing into memory (``plt.show()`` would return at once, and the command exit 0)."""
    import matplotlib

    backend = matplotlib.get_backend()
    if backend.lower() in FILE_BACKENDS and not _notebook(backend):
        import matplotlib.pyplot as plt

        plt.close(figure)
        raise _no_display(what, _why_no_window())


def _no_display(what: str, problem: str) -> NoDisplay:
    return NoDisplay(f"{what} needs a display (none found: {problem}); {HINT}")


def _why_no_window(environ: dict | None = None) -> str:
    """Why matplotlib found no window backend although a display is named: most often Python
    without Tk, or a display that nothing answers on. Asked of Tk, the toolkit Python ships."""
    environ = os.environ if environ is None else environ
    named = environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY")
    try:
        import tkinter
    except ImportError:
        return ("this Python has no Tk (on Debian or Ubuntu: apt install python3-tk) "
                "and no other window toolkit")
    try:
        with _stderr_unsaid():  # what Tk's libraries print of their own (Wayland's runtime folder)
            tkinter.Tk().destroy()
    except tkinter.TclError as error:
        return f"Tk cannot open a window on {named!r}: {str(error).strip()}"
    return f"matplotlib opened no window on {named!r}"


@contextlib.contextmanager
def _stderr_unsaid() -> Iterator[None]:
    """The process's standard error sent nowhere for the block: Tk's libraries write their
    complaints there directly ("error: XDG_RUNTIME_DIR is invalid…"), a line before nnviz's."""
    try:
        saved = os.dup(2)
    except OSError:
        yield
        return
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, 2)
        finally:
            os.close(null)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
