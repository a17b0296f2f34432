"""Exit codes and error lines: 0 ok, 1 task failed, 2 usage, 3 API/auth, 4 wait timeout."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import KEY, ThreadedEmulator, against, anchor, invoke, shell

FAST = ["--emulator", "--time-scale", "0.001"]


def test_failed_task_exits_1_and_prints_its_last_state(media: Path) -> None:
    """A task A2E fails ends the wait with exit 1, A2E's reason on stderr, the task as JSON."""
    args = ["video", "generate", "--avatar", anchor(), "--audio", str(media)]
    done = invoke([*FAST, *args, "--title", "emulator:fail", "--wait", "--json"])
    assert done.exit_code == 1
    error = done.stderr.splitlines()[-1]
    assert error.startswith("error: video task ")
    assert "failed" in error
    assert json.loads(done.stdout)["status"] in ("fail", "failed", "error")


def test_bad_value_exits_2_naming_the_option(media: Path) -> None:
    """A value the SDK refuses exits 2 before sending, naming the option the user typed."""
    done = invoke(
        [*FAST, "video", "generate", "--avatar", "a", "--audio", str(media), "--title", "x" * 41]
    )
    assert done.exit_code == 2
    assert done.stderr.startswith("error: --title: ")
    assert done.stdout == ""


def test_unknown_option_exits_2_with_one_line() -> None:
    """A misspelt option is one line on stderr (click's usage block is not printed)."""
    done = invoke(["credits", "--jsn"])
    assert done.exit_code == 2
    assert done.stderr.count("\n") == 1
    assert "--jsn" in done.stderr
    assert "a2e credits --help" in done.stderr


def test_missing_file_is_a_usage_error() -> None:
    """A media option that is neither a file nor a URL exits 2 and sends nothing."""
    done = invoke([*FAST, "video", "generate", "--avatar", "a", "--audio", "nope.mp3"])
    assert done.exit_code == 2
    assert "'nope.mp3' is neither an existing file nor an http(s) URL" in done.stderr


def test_missing_token_exits_2() -> None:
    """Without A2E_API_KEY (and no --emulator), the command stops before any request."""
    done = invoke(["credits"])
    assert done.exit_code == 2
    assert "A2E_API_KEY" in done.stderr


@pytest.fixture
def pinned() -> object:
    """An emulator that accepts only KEY."""
    with ThreadedEmulator(time_scale=0.001, token=KEY) as emu:
        yield emu


def test_refused_token_exits_3_without_echoing_it(pinned: ThreadedEmulator) -> None:
    """A token A2E refuses exits 3 with A2E's answer; neither token is printed."""
    wrong = KEY[:-4] + "XXXX"
    done = against(pinned, ["credits"], key=wrong)
    assert done.exit_code == 3
    assert "401" in done.stderr
    assert wrong not in done.stdout + done.stderr
    assert KEY[:12] not in done.stdout + done.stderr


def test_unknown_task_exits_3(server: ThreadedEmulator) -> None:
    """Reading a task A2E does not know is an API error (exit 3)."""
    done = against(server, ["task", "get", "video", "0123456789abcdef01234567"])
    assert done.exit_code == 3
    assert done.stderr.startswith("error: ")


def test_wait_timeout_exits_4_and_the_task_keeps_running(
    slow_server: ThreadedEmulator, media: Path
) -> None:
    """--timeout ends the wait with exit 4; the task is neither deleted nor failed."""
    args = ["video", "generate", "--avatar", anchor(slow_server), "--audio", str(media)]
    done = against(slow_server, [*args, "--timeout", "0.2", "--json"])
    assert done.exit_code == 4
    assert "still running after 0.2 s" in done.stderr
    last = json.loads(done.stdout)
    (task,) = [t for t in slow_server.tasks() if t["id"] == last["id"]]
    assert task["status"] not in ("success", "fail")


def test_errors_stay_on_one_line_when_piped(media: Path) -> None:
    """A long error message is one line on a pipe, however narrow the terminal claims to be."""
    done = shell(
        ["--emulator", "video", "generate", "--avatar", "a", "--audio", str(media)],
        env={"COLUMNS": "40"},
    )
    assert done.returncode == 3
    assert len(done.stderr.splitlines()) == 1
    assert len(done.stderr) > 60
