"""The examples run end to end against the emulator (no API key, loopback only)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).parent.parent / "examples"


@pytest.mark.parametrize(
    ("script", "args", "expect"),
    [("quickstart.py", [], "saved"), ("fan_out.py", ["8"], "8/8 videos done")],
)
def test_example_runs(script: str, args: list[str], expect: str) -> None:
    """Each example finishes against the embedded emulator and prints its result."""
    env = {k: v for k, v in os.environ.items() if k not in ("A2E_API_KEY", "A2E_BASE_URL")}
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / script), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=EXAMPLES,
    )
    assert done.returncode == 0, done.stderr
    assert expect in done.stdout
