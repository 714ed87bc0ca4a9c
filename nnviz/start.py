"""The command's entry point, kept light: the signals that end a run are noted from its
first moment, while the rest of nnviz (argparse, then numpy and matplotlib) loads. A Ctrl-C
then had been a traceback through an import, and a SIGTERM an exit with no line."""

from __future__ import annotations

import signal

# Signals whose default is to end the process: closing the terminal, kill, Ctrl-C, Ctrl-\, and
# the rest a user or the system may send (timers, limits).
ENDING_SIGNAL_NAMES = ("SIGHUP", "SIGTERM", "SIGINT", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGALRM",
                       "SIGVTALRM", "SIGPROF", "SIGXCPU", "SIGXFSZ")


def run() -> None:
    early: list[int] = []
    for name in ENDING_SIGNAL_NAMES:
        signum = getattr(signal, name, None)
        # A signal the caller ignores stays ignored (nohup's SIGHUP, a background job's SIGINT).
        if signum is None or signal.getsignal(signum) is signal.SIG_IGN:
            continue
        try:
            signal.signal(signum, lambda signum, frame: early.append(signum))
        except (OSError, ValueError):
            pass
    from .cli import run as run_command

    run_command(early)
