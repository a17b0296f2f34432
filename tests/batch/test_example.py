"""examples/batch.py runs end to end against its embedded emulator."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples"


def test_batch_example_runs() -> None:
    """The example finishes every job and downloads every result (no API key, loopback)."""
    env = {k: v for k, v in os.environ.items() if k not in ("A2E_API_KEY", "A2E_BASE_URL")}
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / "batch.py"), "6"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=EXAMPLES,
    )
    assert done.returncode == 0, done.stderr
    assert "6/6 jobs done, 0 failed" in done.stdout
    assert "6 files downloaded" in done.stdout
