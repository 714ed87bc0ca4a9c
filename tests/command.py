"""Running the ``nnviz`` command as a user would, and what a refusal must look like."""

import subprocess
import sys

from nnviz.cli import main


def run_cli(args, cwd, **popen):
    """``python -m nnviz ARGS`` in ``cwd``, its output captured."""
    return subprocess.run(
        [sys.executable, "-m", "nnviz", *args], cwd=cwd, capture_output=True, text=True, timeout=120,
        **popen,
    )


def assert_refused(result):
    """Bad input: exit status 2 and one line on stderr saying what is wrong."""
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("nnviz: error:"), result.stderr
    assert "Traceback" not in result.stderr


def refused_in_process(args, folder, capsys, monkeypatch):
    """The same check, running ``main`` in this process (quicker than a new Python for
    each of many cases); returns the error line."""
    monkeypatch.chdir(folder)
    capsys.readouterr()
    code = main(args)
    err = capsys.readouterr().err
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("nnviz: error:"), err
    return lines[0]
