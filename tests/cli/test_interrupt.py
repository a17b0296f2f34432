"""Ctrl-C during --wait: stops waiting (not the job), prints how to resume, exit 130."""

from __future__ import annotations

import json
import os
import shlex
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import KEY, ThreadedEmulator, a2e_command, anchor, invoke

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child is POSIX")


def _start_waiting(server: ThreadedEmulator, media: Path, *extra: str) -> subprocess.Popen[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("A2E_")}
    proc = subprocess.Popen(
        [
            *a2e_command(),
            "--base-url",
            server.url,
            "video",
            "generate",
            "--avatar",
            anchor(server),
            "--audio",
            str(media),
            "--wait",
            *extra,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**clean, "A2E_API_KEY": KEY},
    )
    assert proc.stderr is not None
    # The first line on stderr says the wait has begun (the task exists by then).
    first = proc.stderr.readline()
    assert first.startswith("waiting for video "), first
    return proc


def test_ctrl_c_stops_waiting_and_prints_the_resume_command(
    slow_server: ThreadedEmulator, media: Path, tmp_path: Path
) -> None:
    """SIGINT while waiting exits 130 with the task id and the exact command that resumes;
    the task keeps running, and that command then finishes the wait and the download."""
    target = tmp_path / "video.mp4"
    proc = _start_waiting(slow_server, media, "--download", str(target), "--json")
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)

    assert proc.returncode == 130, err
    assert out == ""
    (task,) = slow_server.tasks()
    resume = next(line for line in err.splitlines() if line.startswith("resume with: "))
    command = shlex.split(resume.removeprefix("resume with: "))
    assert command == [
        "a2e",
        "--base-url",
        slow_server.url,
        "task",
        "wait",
        "video",
        task["id"],
        "--download",
        str(target),
        "--json",
    ]
    assert task["status"] not in ("success", "fail")  # not cancelled, not deleted
    assert KEY not in out + err

    slow_server.advance(3600)
    done = invoke(command[1:], env={"A2E_API_KEY": KEY})
    assert done.exit_code == 0, done.stderr
    assert json.loads(done.stdout)["status"] == "success"
    assert target.stat().st_size > 0


def test_emulator_command_stops_cleanly_on_ctrl_c() -> None:
    """`a2e emulator --port 0` prints its URL first and exits 0 on Ctrl-C."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("A2E_")}
    proc = subprocess.Popen(
        [*a2e_command(), "emulator", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=clean,
    )
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:")
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate()


def test_ctrl_c_with_the_embedded_emulator_says_nothing_is_left(media: Path) -> None:
    """With --emulator, the resume hint adds that the emulator's tasks ended with it."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("A2E_")}
    args = ["--emulator", "--time-scale", "1", "video", "generate", "--audio", str(media)]
    proc = subprocess.Popen(
        [*a2e_command(), *args, "--avatar", "660556b3cd492168141926d3", "--wait"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=clean,
    )
    assert proc.stderr is not None
    assert proc.stderr.readline().startswith("waiting for video ")
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert "resume with: a2e task wait video " in err
    assert "embedded emulator" in err
