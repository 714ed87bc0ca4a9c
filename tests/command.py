"""Running the ``nnviz`` command as a user would, and what a refusal must look like."""

import subprocess
import sys


def run_cli(args, cwd):
    """``python -m nnviz ARGS`` in ``cwd``, its output captured."""
    return subprocess.run(
        [sys.executable, "-m", "nnviz", *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def assert_refused(result):
    """Bad input: exit status 2 and one line on stderr saying what is wrong."""
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("nnviz: error:"), result.stderr
