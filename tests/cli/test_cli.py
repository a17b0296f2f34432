"""The `a2e` command: demo and emulator."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request

import pytest

from a2e_async.cli import main


def test_demo_completes_every_job(capsys: pytest.CaptureFixture[str]) -> None:
    """`a2e demo` runs TTS → generate → wait for each job and reports requests by endpoint."""
    code = main(["demo", "--jobs", "12", "--no-progress", "--time-scale", "0.005"])
    out = capsys.readouterr().out
    assert code == 0
    assert "completed" in out
    assert "POST /api/v1/video/generate" in out
    assert "GET /api/v1/video/awsList" in out


def test_demo_rejects_zero_jobs(capsys: pytest.CaptureFixture[str]) -> None:
    """A job count below one is an error, not an empty report."""
    assert main(["demo", "--jobs", "0"]) == 2


def test_emulator_command_serves_until_stopped() -> None:
    """`a2e emulator --port 0` prints its URL and answers the stats route."""
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from a2e_async.cli import main; sys.exit(main())",
            "emulator",
            "--port",
            "0",
            "--time-scale",
            "0.01",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(f"{url}/_emulator/stats", timeout=10) as resp:
            assert "requests" in json.load(resp)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        if proc.stdout is not None:
            proc.stdout.close()
