"""The `a2e` command: demo and emulator."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from collections.abc import Iterator

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


SECRET = "sk_cli_secret_token_0123456789abcdef"


def _run_credits(url: str, key: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "A2E_API_KEY": key, "A2E_BASE_URL": url}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from a2e_async.cli import main; sys.exit(main())",
            "credits",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )


@pytest.fixture
def pinned_emulator() -> Iterator[str]:
    """An emulator subprocess that accepts only SECRET."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "a2e_async.emulator", "--port", "0", "--token", SECRET],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert proc.stdout is not None
        yield proc.stdout.readline().strip()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        if proc.stdout is not None:
            proc.stdout.close()


def test_credits_prints_balances_without_the_token(pinned_emulator: str) -> None:
    """`a2e credits` prints the balances and never the token."""
    done = _run_credits(pinned_emulator, SECRET)
    assert done.returncode == 0, done.stderr
    assert "coins: 100000" in done.stdout
    assert SECRET not in done.stdout + done.stderr


def test_credits_error_output_hides_the_token(pinned_emulator: str) -> None:
    """A refused key gives a clear error on the terminal that does not echo the key."""
    wrong = SECRET[:-4] + "XXXX"
    done = _run_credits(pinned_emulator, wrong)
    assert done.returncode == 1
    assert "error:" in done.stdout
    assert "401" in done.stdout
    assert wrong not in done.stdout + done.stderr
    assert SECRET[:12] not in done.stdout + done.stderr
