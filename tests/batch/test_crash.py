"""Real crashes: runners in their own processes, SIGKILLed or interrupted mid-batch, against
the emulator in its own process; ``/_emulator/stats`` counts the creates."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import PG_DSN, EmulatorProcess, creates, mixed_jobs, write_jobs

TOKEN = "sk_crash_test"


def batch_command(jobs: Path | None, journal: str, *options: str) -> list[str]:
    """``python -m a2e_async.batch run`` with settings for the emulator's fast clock."""
    command = [sys.executable, "-m", "a2e_async.batch", "run"]
    if jobs is not None:
        command.append(str(jobs))
    return [
        *command,
        "--journal",
        journal,
        "--poll-interval",
        "0.05",
        "--no-progress",
        *options,
    ]


def start(command: list[str], url: str, log: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "A2E_API_KEY": TOKEN, "A2E_BASE_URL": url}
    with log.open("wb") as out:
        return subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


def sqlite_count(db: Path, where: str) -> int:
    """Rows of a SQLite journal matching ``where`` (0 before the table exists)."""
    if not db.exists():
        return 0
    with sqlite3.connect(db, timeout=10) as conn:
        try:
            return int(conn.execute(f"SELECT COUNT(*) FROM batch_jobs WHERE {where}").fetchone()[0])
        except sqlite3.OperationalError:  # the first run has not made the table yet
            return 0


def test_sigkill_midway_then_resume_creates_each_job_once(
    tmp_path: Path, emulator: EmulatorProcess
) -> None:
    """300 jobs, the runner SIGKILLed mid-way, run again: every job done, one create each."""
    jobs = write_jobs(tmp_path / "jobs.jsonl", mixed_jobs(300))
    db = tmp_path / "run.db"
    command = batch_command(jobs, str(db), "--concurrency", "16", "--lease", "1", "--settle", "0.3")
    first = start(command, emulator.url, tmp_path / "first.log")
    try:
        wait_for(lambda: sqlite_count(db, "task_id IS NOT NULL") >= 100, "100 jobs submitted")
    finally:
        first.kill()
        first.wait(timeout=30)
    assert sqlite_count(db, "state = 'pending'") > 0, "killed too late to test a resume"
    second = start(command, emulator.url, tmp_path / "second.log")
    assert second.wait(timeout=120) == 0, (tmp_path / "second.log").read_text()
    stats = emulator.stats()
    assert stats["created"] == {"video": 100, "talking_photo": 100, "text_to_image": 100}
    assert creates(stats) == 300
    assert sqlite_count(db, "state = 'done'") == 300


def test_two_workers_on_postgres_survive_one_sigkill(
    tmp_path: Path, emulator: EmulatorProcess, pg_schema: str
) -> None:
    """Two workers share a PostgreSQL journal; one is SIGKILLed; the other finishes its
    jobs too, and every job is created exactly once."""
    import psycopg

    def count(where: str) -> int:
        with psycopg.connect(PG_DSN) as conn:
            try:
                found = conn.execute(
                    f'SELECT COUNT(*) FROM "{pg_schema}".batch_jobs WHERE {where}'
                ).fetchone()
            except psycopg.errors.UndefinedTable:
                return 0
        return int(found[0]) if found else 0

    jobs = write_jobs(tmp_path / "jobs.jsonl", mixed_jobs(200))
    options = ("--schema", pg_schema, "--concurrency", "8", "--lease", "1.5", "--settle", "0.3")
    command = batch_command(jobs, PG_DSN, *options)
    victim = start(command, emulator.url, tmp_path / "victim.log")
    survivor = start(command, emulator.url, tmp_path / "survivor.log")
    held = f"owner LIKE '%:{victim.pid}:%' AND state IN ('submitting', 'submitted')"
    try:
        wait_for(lambda: count("task_id IS NOT NULL") >= 60, "60 jobs submitted")
        wait_for(lambda: count(held) > 0, "the victim to hold jobs in flight")
    finally:
        victim.kill()
        victim.wait(timeout=30)
    assert count("state = 'pending'") > 0, "killed too late to test a takeover"
    assert survivor.wait(timeout=120) == 0, (tmp_path / "survivor.log").read_text()
    stats = emulator.stats()
    assert stats["created"] == {"video": 67, "talking_photo": 67, "text_to_image": 66}
    assert creates(stats) == 200
    assert count("state = 'done'") == 200


def test_ctrl_c_stops_cleanly_and_prints_how_to_resume(tmp_path: Path) -> None:
    """SIGINT: creates in flight are recorded, no claim is left, exit 130 with the command
    to resume; that command then finishes the batch with one create per job."""
    slow = EmulatorProcess("--time-scale", "0.02", "--coins", "10000000")
    try:
        jobs = write_jobs(tmp_path / "jobs.jsonl", mixed_jobs(60))
        db = tmp_path / "run.db"
        command = batch_command(jobs, str(db), "--concurrency", "2", "--settle", "0.3")
        log = tmp_path / "first.log"
        first = start(command, slow.url, log)
        wait_for(lambda: sqlite_count(db, "task_id IS NOT NULL") >= 10, "10 jobs submitted")
        first.send_signal(signal.SIGINT)
        assert first.wait(timeout=60) == 130, log.read_text()
        output = log.read_text()
        assert "stopping" in output
        assert f"to resume: a2e batch run {jobs} --journal {db}" in output
        assert sqlite_count(db, "owner IS NOT NULL") == 0
        assert sqlite_count(db, "state = 'submitting'") == 0
        assert sqlite_count(db, "state = 'pending'") > 0
        assert sum(slow.stats()["created"].values()) == sqlite_count(db, "task_id IS NOT NULL")
        second = start(command, slow.url, tmp_path / "second.log")
        assert second.wait(timeout=120) == 0, (tmp_path / "second.log").read_text()
        assert sum(slow.stats()["created"].values()) == 60
    finally:
        slow.close()
