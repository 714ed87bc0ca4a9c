"""The files one run makes, committed together.

Every output (the video, its poster, stills, the contact sheet, the HTML page, the JSON
summary) is first written in full to a hidden temporary file beside its target. Only when
all of them exist does :meth:`Outputs.commit` rename them into place, one after the other,
with the signals that end a run held back meanwhile. If any rename fails, the targets
already replaced get their earlier contents back (kept meanwhile as a hard link), so a
failed or interrupted run leaves every pre-existing file exactly as it was.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from .start import ENDING_SIGNAL_NAMES

# Each ends a run cleanly, with 128 + its number, its temporary files removed.
ENDING_SIGNALS = tuple(getattr(signal, name) for name in ENDING_SIGNAL_NAMES if hasattr(signal, name))
DEFAULT_NAME_MAX = 255  # bytes in one file name, on every common file system
TEMP_RANDOM = 8  # characters mkstemp adds
TEMP_SUFFIXES = (".part", ".old")


def name_max(folder: Path) -> int:
    """The longest file name (in bytes) ``folder`` accepts."""
    try:
        return int(os.pathconf(folder, "PC_NAME_MAX"))
    except (OSError, ValueError, AttributeError):
        return DEFAULT_NAME_MAX


def _hidden_prefix(target: Path) -> str:
    """``.NAME.``, with NAME shortened so that the temporary name is never longer than
    the longest name the folder accepts (the target's own name may be that long)."""
    room = name_max(target.parent) - len(".") - len(".") - TEMP_RANDOM - max(map(len, TEMP_SUFFIXES))
    name = os.fsencode(target.name)[: max(room, 1)]
    return "." + name.decode(errors="ignore") + "."


def temp_beside(target: Path, suffix: str = ".part") -> Path:
    """A new, empty, hidden file in the target's folder (so the final rename is atomic)."""
    target = Path(target)
    fd, name = tempfile.mkstemp(prefix=_hidden_prefix(target), suffix=suffix, dir=target.parent)
    # mkstemp makes the file private (0600); give it the permissions a new file normally gets.
    umask = os.umask(0)
    os.umask(umask)
    try:
        os.fchmod(fd, 0o666 & ~umask)
    finally:
        os.close(fd)
    return Path(name)


def check_writable_dir(folder: Path) -> None:
    """Raise OSError unless a file can really be created in ``folder`` (root passes
    ``os.access`` everywhere)."""
    fd, name = tempfile.mkstemp(prefix=".nnviz-check.", dir=folder)
    os.close(fd)
    os.unlink(name)


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Hold back the signals that end a run until the block is over, then deliver them to
    the handlers that were in place: a commit is never cut in half. (Handlers are swapped
    rather than the signals blocked, because a blocked signal may still be taken by another
    thread, such as a progress bar's, and handled in the middle of the block.)"""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers, and only it runs them
        return
    received: list[int] = []
    # A signal the caller ignores stays ignored: it is not held back only to be delivered.
    previous = {signum: signal.signal(signum, lambda signum, frame: received.append(signum))
                for signum in ENDING_SIGNALS if signal.getsignal(signum) is not signal.SIG_IGN}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        for signum in dict.fromkeys(received):
            signal.raise_signal(signum)


class SignalEnding(BaseException):
    """A signal whose action is to end the process arrived during a library call: raised so
    that the call cleans up on the way out (see :func:`ending_after_cleanup`)."""

    def __init__(self, signum: int) -> None:
        super().__init__(f"signal {signum}")
        self.signum = signum


@contextlib.contextmanager
def ending_after_cleanup() -> Iterator[None]:
    """For a call from a user's program: a signal whose action there is the default one,
    ending the process (SIGTERM from ``timeout``, a batch system or ``docker stop``; SIGHUP),
    first unwinds the call, so that its temporary files and its ffmpeg go, then takes that
    action. It had ended the process at once, leaving a hidden .part beside the output and
    a filter graph in the temporary folder. Handlers the program set are left alone, and so
    is Ctrl-C (Python's own handler raises KeyboardInterrupt, which unwinds the call)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def unwind(signum, frame):
        raise SignalEnding(signum)

    previous = {signum: signal.signal(signum, unwind)
                for signum in ENDING_SIGNALS if signal.getsignal(signum) is signal.SIG_DFL}
    try:
        yield
    except SignalEnding as ending:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        previous = {}
        signal.raise_signal(ending.signum)  # its default action: the process ends here
        raise  # (a signal whose default is not to end the process)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


class CommitError(OSError):
    """An output could not be put in place; every earlier file is as it was."""


class Outputs:
    """A set of files written together: stage each one, then commit them all at once.

    Use as a context manager: leaving the block without :meth:`commit` (an error, Ctrl-C)
    removes every temporary file and any folder made for the outputs, and touches nothing
    else. After a successful commit ``committed`` is True, even if a signal held back during
    the commit is delivered at its very end.
    """

    def __init__(self) -> None:
        self._staged: dict[Path, Path] = {}  # real target -> its temporary file
        self._folders: list[Path] = []  # made for the outputs: removed again on discard
        self.committed = False

    @property
    def targets(self) -> list[Path]:
        return list(self._staged)

    def folder(self, path: Path) -> None:
        """Make sure ``path`` is a folder (made now if missing, and removed again if the run
        does not commit)."""
        path = Path(path)
        missing = []
        while not path.is_dir():
            missing.append(path)
            path = path.parent
        for folder in reversed(missing):
            folder.mkdir()
            self._folders.append(folder)

    def stage(self, target: Path) -> Path:
        """A temporary file that will become ``target`` at the commit."""
        real = Path(target).resolve()  # through symlinks: the file they point at is replaced
        if real in self._staged:
            raise ValueError(f"{str(target)!r} is staged twice")
        with signals_held():  # made and remembered together: a signal between leaves no file
            self._staged[real] = temp_beside(real)
        return self._staged[real]

    def write(self, target: Path, data: bytes) -> None:
        try:
            self.stage(target).write_bytes(data)
        except OSError as error:  # a full disk: said of the file asked for, not of its temporary one
            raise OSError(error.errno, error.strerror, str(target)) from None

    def commit(self) -> None:
        """Rename every staged file into place, or (on any failure) none of them."""
        if self.committed:
            raise RuntimeError("already committed")
        with signals_held():
            kept: dict[Path, Path] = {}  # target -> a hard link to (or copy of) its old contents
            done: list[Path] = []
            try:
                for target in self._staged:
                    if target.is_dir():
                        raise CommitError(f"cannot write {str(target)!r}: it is a folder")
                    if target.exists():
                        kept[target] = _keep(target)
                for target, temp in self._staged.items():
                    try:
                        os.replace(temp, target)
                    except OSError as error:  # named as the file asked for, not the hidden one
                        said = error.strerror or str(error)
                        raise CommitError(f"cannot write {str(target)!r}: {said}") from error
                    done.append(target)
            except BaseException as error:
                lost = _roll_back(done, kept)
                for target, copy in kept.items():
                    if target not in lost:
                        copy.unlink(missing_ok=True)
                if lost:
                    raise CommitError(
                        f"could not restore {', '.join(map(str, lost))}; the earlier contents are "
                        f"in {', '.join(str(kept[t]) for t in lost)}"
                    ) from error
                raise
            for copy in kept.values():
                copy.unlink(missing_ok=True)
            self._folders.clear()
            self._staged.clear()
            self.committed = True

    def discard(self) -> None:
        """Remove every temporary file and the folders made for the outputs."""
        for temp in self._staged.values():
            with contextlib.suppress(OSError):
                temp.unlink(missing_ok=True)
        self._staged.clear()
        for folder in reversed(self._folders):
            with contextlib.suppress(OSError):
                folder.rmdir()  # only if empty: never anything a user put there
        self._folders.clear()

    def __enter__(self) -> Outputs:
        return self

    def __exit__(self, *exc: object) -> None:
        self.discard()  # whatever was staged and not committed (nothing, after a commit)


def _keep(target: Path) -> Path:
    """A second name for ``target``'s current contents, hidden beside it: a hard link (no
    copying, and the contents stay safe when ``target`` is replaced), or a copy where the
    file system has no hard links."""
    for _ in range(100):
        name = target.with_name(_hidden_prefix(target) + secrets.token_hex(TEMP_RANDOM // 2) + ".old")
        try:
            os.link(target, name)
            return name
        except FileExistsError:
            continue
        except OSError:
            copy = temp_beside(target, ".old")
            try:
                shutil.copy2(target, copy)
            except BaseException:
                copy.unlink(missing_ok=True)
                raise
            return copy
    raise FileExistsError(f"no free name beside {str(target)!r}")


def _roll_back(done: list[Path], kept: dict[Path, Path]) -> list[Path]:
    """Put back what the targets in ``done`` held before; returns those that could not be."""
    lost = []
    for target in reversed(done):
        try:
            if target in kept:
                os.replace(kept[target], target)
                del kept[target]
            else:
                target.unlink()
        except OSError:
            if target in kept:
                lost.append(target)
    return lost
