"""``a2e batch`` through click's CliRunner, against the emulator in its own process."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from a2e_async.batch import JobState, open_journal
from a2e_async.batch.journal import JobEntry
from a2e_async.cli.batch import batch

from .conftest import ANCHOR, EmulatorProcess, mixed_jobs, write_jobs

TOKEN = "sk_cli_secret_token_0123456789"
FAST = ["--poll-interval", "0.05", "--settle", "0.1", "--lease", "5"]


def invoke(args: list[str], url: str | None, **env: str | None) -> Result:
    """Run ``a2e batch ARGS`` with the token and base URL in the environment."""
    environment: dict[str, str | None] = {"A2E_API_KEY": TOKEN, "A2E_BASE_URL": url}
    environment.update(env)
    return CliRunner().invoke(batch, args, env=environment, catch_exceptions=False)


def test_run_then_status_and_export(tmp_path: Path, emulator: EmulatorProcess) -> None:
    """A batch runs to the end; status counts it; export lists every job; no token shows."""
    jobs = write_jobs(tmp_path / "jobs.jsonl", mixed_jobs(6))
    db = str(tmp_path / "run.db")
    ran = invoke(["run", str(jobs), "--journal", db, "--progress", *FAST], emulator.url)
    assert ran.exit_code == 0, ran.stderr
    assert "6 jobs in" in ran.stdout
    assert "6/6 done 6" in ran.stderr  # the progress line, plain when not on a terminal
    assert "done 6" in ran.stdout
    assert sum(emulator.stats()["created"].values()) == 6

    status = invoke(["status", db, "--json"], None)
    document = json.loads(status.stdout)
    assert document["counts"] == {
        "pending": 0,
        "submitting": 0,
        "submitted": 0,
        "done": 6,
        "failed": 0,
    }
    assert document["total"] == 6
    assert "done" in invoke(["status", db], None).stdout

    lines = invoke(["export", db, "--format", "jsonl"], None).stdout.splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["key"] for r in records] == [f"job-{i:03d}" for i in range(6)]
    assert all(r["task_id"] and r["result_url"] and r["finished_at"] for r in records)
    out = tmp_path / "jobs.csv"
    assert invoke(["export", db, "--format", "csv", "-o", str(out)], None).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert len(rows) == 6
    assert rows[0]["state"] == "done"
    for result in (ran, status):
        assert TOKEN not in result.stdout + result.stderr


def test_bad_jobs_are_all_reported_and_nothing_is_sent(
    tmp_path: Path, emulator: EmulatorProcess
) -> None:
    """Every bad line is printed with its number, exit 2, no request, no journal made."""
    good = mixed_jobs(1)[0]
    jobs = tmp_path / "jobs.jsonl"
    jobs.write_text(
        json.dumps(good)
        + "\n{oops\n"
        + json.dumps({"key": "x", "kind": "avatar_video", "params": {}})
        + "\n"
        + json.dumps(good)
        + "\n"
    )
    db = tmp_path / "run.db"
    result = invoke(["run", str(jobs), "--journal", str(db)], emulator.url)
    assert result.exit_code == 2
    assert "3 bad jobs" in result.stderr
    assert "line 2: not valid JSON" in result.stderr
    assert "line 3 (x): kind: unknown kind 'avatar_video'" in result.stderr
    assert "line 4 (job-000): duplicate key (first on line 1)" in result.stderr
    assert not emulator.stats()["requests"]
    assert not db.exists()


def test_a_missing_token_is_reported_before_a_journal_is_made(tmp_path: Path) -> None:
    """Without A2E_API_KEY, run fails with exit 2 naming the variable."""
    jobs = write_jobs(tmp_path / "jobs.jsonl", mixed_jobs(1))
    db = tmp_path / "run.db"
    result = invoke(
        ["run", str(jobs), "--journal", str(db)], "http://127.0.0.1:9", A2E_API_KEY=None
    )
    assert result.exit_code == 2
    assert "A2E_API_KEY" in result.stderr
    assert not db.exists()


def test_the_budget_guard_exits_3(tmp_path: Path) -> None:
    """A batch the account cannot pay for is refused with exit 3 and nothing is created."""
    poor = EmulatorProcess("--time-scale", "0.002", "--coins", "150")
    try:
        params = {"image_url": "https://e.com/i.png", "prompt": "wave", "negative_prompt": "no"}
        jobs = [{"key": f"c{i}", "kind": "image_to_video", "params": params} for i in range(2)]
        path = write_jobs(tmp_path / "jobs.jsonl", jobs)
        result = invoke(["run", str(path), "--journal", str(tmp_path / "r.db")], poor.url)
        assert result.exit_code == 3
        assert "200 coins" in result.stderr
        assert "--force" in result.stderr
        assert not poor.stats()["created"]
    finally:
        poor.close()


def test_jobs_needing_a_check_are_listed_and_resolved(
    tmp_path: Path, emulator: EmulatorProcess
) -> None:
    """A lost watermark answer exits 1 listing the job; resolve then lets it finish."""
    emulator.post("/_emulator/faults", {"spec": "reset_after@/api/v1/watermark/start=1"})
    job = {
        "key": "mark",
        "kind": "watermark",
        "params": {"media_url": "https://e.com/v.mp4", "text": "x"},
    }
    path = write_jobs(tmp_path / "jobs.jsonl", [job])
    db = str(tmp_path / "run.db")
    first = invoke(["run", str(path), "--journal", db, *FAST], emulator.url)
    assert first.exit_code == 1
    assert "1 jobs need a check" in first.stdout
    assert "mark (submitting)" in first.stdout
    assert "to resume: a2e batch run" in first.stderr
    status = json.loads(invoke(["status", db, "--json"], None).stdout)
    assert status["needs_check"] == 1
    assert status["attention"][0]["key"] == "mark"
    emulator.post("/_emulator/faults", {"spec": ""})
    resolved = invoke(["resolve", db, "mark", "--resubmit"], None)
    assert resolved.exit_code == 0
    assert "now pending" in resolved.stdout
    again = invoke(["run", "--journal", db, *FAST], emulator.url)
    assert again.exit_code == 0, again.stderr
    assert emulator.stats()["created"] == {"watermark": 2}
    wrong = invoke(["resolve", db, "mark"], None)
    assert wrong.exit_code == 2
    assert "does not need a check" in wrong.stderr


def test_resolve_with_a_task_id_waits_for_that_task(
    tmp_path: Path, emulator: EmulatorProcess
) -> None:
    """A task id given by hand is waited for, and the job ends done, with no create."""
    db = str(tmp_path / "run.db")
    params = {"anchor_id": ANCHOR, "anchor_type": 0, "audio_url": "https://e.com/a.mp3"}
    created = emulator_video(emulator, params)

    async def prepare() -> None:
        async with open_journal(db) as journal:
            entry = JobEntry("v", 1, "video", params, None, "fp", f"{journal.batch_id}-v")
            await journal.add([entry])
            assert await journal.claim("w", submit=1, other=0, lease=5, downloads=False)
            await journal.update("v", "w", state=JobState.SUBMITTING)
            await journal.update("v", "w", release=True, needs_check=True, note="lost")

    asyncio.run(prepare())
    assert invoke(["resolve", db, "v", "--task-id", created], None).exit_code == 0
    result = invoke(["run", "--journal", db, *FAST], emulator.url)
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in invoke(["export", db], None).stdout.splitlines()]
    assert records[0]["task_id"] == created
    assert records[0]["state"] == "done"
    assert emulator.stats()["created"] == {"video": 1}


def emulator_video(emulator: EmulatorProcess, params: dict[str, Any]) -> str:
    """Create one video straight at the emulator (as a person would in A2E's UI)."""
    import urllib.request

    body = {"anchor_id": params["anchor_id"], "anchor_type": 0, "audioSrc": params["audio_url"]}
    request = urllib.request.Request(
        emulator.url + "/api/v1/video/generate",
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as resp:
        task_id: str = json.load(resp)["data"]["_id"]
    return task_id


@pytest.mark.parametrize("args", [["status"], ["export", "--format", "xml"]])
def test_usage_errors_exit_2(args: list[str], tmp_path: Path) -> None:
    """A missing journal argument or an unknown export format is a usage error."""
    result = invoke(args + ([str(tmp_path / "x.db")] if args[0] == "export" else []), None)
    assert result.exit_code == 2


def test_a_dsn_password_is_never_printed() -> None:
    """The resume command shows a PostgreSQL journal with its password masked."""
    from a2e_async.cli._app import Settings
    from a2e_async.cli.batch import _resume_command

    dsn = "postgresql://app:hunter2@db.internal:5432/batches"
    shown = _resume_command(Settings(), Path("jobs.jsonl"), dsn, "nightly", None)
    assert "hunter2" not in shown
    assert "postgresql://app:***@db.internal:5432/batches" in shown
    assert shown.endswith("--schema nightly")


def test_mounted_under_a2e_it_takes_the_root_options(
    tmp_path: Path, emulator: EmulatorProcess
) -> None:
    """As ``a2e --api-key K --base-url U batch run``: the root's token and server are used
    (and the resume command repeats the server, never the token); --emulator is refused."""
    from a2e_async.cli.commands import cli as root

    assert root.commands["batch"] is batch
    jobs = write_jobs(tmp_path / "jobs.jsonl", mixed_jobs(2))
    db = str(tmp_path / "run.db")
    args = ["--api-key", TOKEN, "--base-url", emulator.url, "batch", "run", str(jobs)]
    env = {"A2E_API_KEY": None, "A2E_BASE_URL": None}
    done = CliRunner().invoke(root, [*args, "--journal", db, *FAST], env=env)
    assert done.exit_code == 0, done.stderr
    assert sum(emulator.stats()["created"].values()) == 2
    refused = CliRunner().invoke(root, ["--emulator", "batch", "run", "--journal", db], env=env)
    assert refused.exit_code == 2
    assert "outlives one command" in refused.stderr
    assert TOKEN not in done.stdout + done.stderr + refused.stderr
