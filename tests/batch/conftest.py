"""Fixtures of the batch tests: journals of both backends, jobs, and a client on the emulator.

PostgreSQL tests read ``A2E_TEST_POSTGRES_DSN`` (default: the local server of the project's
machines), use a schema of their own and drop it afterwards. Without a server they skip,
except under ``CI=true``, where a missing server fails the run.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import urllib.request
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from a2e_async import A2EClient
from a2e_async.batch import Journal, open_journal

PG_DSN = os.environ.get("A2E_TEST_POSTGRES_DSN", "postgresql://postgres@127.0.0.1:5432/test")
ANCHOR = "660556b3cd492168141926d3"  # the first public anchor of the emulator's catalog


def postgres_or_skip() -> None:
    """Skip (fail under CI=true) when no PostgreSQL server answers at ``PG_DSN``."""
    try:
        import psycopg
    except ImportError as exc:
        _no_postgres(f"psycopg is not installed ({exc})")
        return
    try:
        with psycopg.connect(PG_DSN, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        _no_postgres(f"no PostgreSQL server answers ({type(exc).__name__}: {exc})")


def _no_postgres(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI must run the PostgreSQL tests")
    pytest.skip(reason)


def drop_schema(schema: str) -> None:
    """Remove a test schema and everything in it."""
    import psycopg

    with psycopg.connect(PG_DSN, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture
def pg_schema() -> Iterator[str]:
    """A fresh PostgreSQL schema name, dropped after the test."""
    postgres_or_skip()
    schema = f"a2e_test_{secrets.token_hex(4)}"
    try:
        yield schema
    finally:
        drop_schema(schema)


@pytest.fixture(params=["sqlite", "postgres"])
def journal_target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, Any]]:
    """``(target, schema)`` of an empty journal, once per backend."""
    if request.param == "sqlite":
        yield str(tmp_path / "run.db"), None
        return
    postgres_or_skip()
    schema = f"a2e_test_{secrets.token_hex(4)}"
    try:
        yield PG_DSN, schema
    finally:
        drop_schema(schema)


@pytest_asyncio.fixture
async def journal(journal_target: tuple[str, Any]) -> AsyncIterator[Journal]:
    """An open, empty journal, once per backend."""
    target, schema = journal_target
    async with open_journal(target, schema=schema) as opened:
        yield opened


@pytest.fixture
def a2e_emulator_options() -> dict[str, Any]:
    """A fast clock and room for the budget of every batch test."""
    return {"time_scale": 0.001, "seed": 1234, "coins": 1_000_000}


@pytest.fixture
def client(a2e_client: A2EClient) -> A2EClient:
    """A client on the emulator that polls on its compressed clock."""
    return a2e_client


def mixed_jobs(count: int, *, prefix: str = "") -> list[dict[str, Any]]:
    """``count`` jobs cycling through three families with three kinds of list."""
    jobs: list[dict[str, Any]] = []
    for i in range(count):
        key = f"{prefix}job-{i:03d}"
        if i % 3 == 0:
            params: dict[str, Any] = {
                "anchor_id": ANCHOR,
                "anchor_type": 0,
                "audio_url": "https://example.com/speech.mp3",
            }
            jobs.append({"key": key, "kind": "video", "params": params})
        elif i % 3 == 1:
            params = {
                "image_url": "https://example.com/face.png",
                "prompt": "smiling",
                "negative_prompt": "blurry",
            }
            jobs.append({"key": key, "kind": "talking_photo", "params": params})
        else:
            jobs.append({"key": key, "kind": "text_to_image", "params": {"prompt": f"cat {i}"}})
    return jobs


def creates(stats: dict[str, Any]) -> int:
    """Create calls the emulator received (start/generate routes)."""
    return sum(
        count
        for route, count in stats["requests"].items()
        if route.startswith("POST") and route.endswith(("/start", "/generate", "/training"))
    )


class EmulatorProcess:
    """The emulator in its own process (``python -m a2e_async.emulator``), on loopback."""

    def __init__(self, *args: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "a2e_async.emulator", "--seed", "7", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert self.proc.stdout is not None
        self.url = self.proc.stdout.readline().strip()
        assert self.url.startswith("http://127.0.0.1:"), self.url

    def get(self, path: str) -> Any:
        with urllib.request.urlopen(self.url + path, timeout=10) as resp:
            return json.load(resp)

    def post(self, path: str, body: dict[str, Any]) -> Any:
        request = urllib.request.Request(
            self.url + path,
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as resp:
            return json.load(resp)

    def stats(self) -> dict[str, Any]:
        result: dict[str, Any] = self.get("/_emulator/stats")
        return result

    def close(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover - a stuck emulator
            self.proc.kill()
            self.proc.wait()
        if self.proc.stdout is not None:
            self.proc.stdout.close()


@pytest.fixture(scope="module")
def emulator_process() -> Iterator[EmulatorProcess]:
    """One emulator process per module (a 60 s render takes 0.12 s), reset per test."""
    emu = EmulatorProcess("--time-scale", "0.002", "--coins", "10000000")
    try:
        yield emu
    finally:
        emu.close()


@pytest.fixture
def emulator(emulator_process: EmulatorProcess) -> EmulatorProcess:
    """The module's emulator process, with no task, counter or fault left from before."""
    emulator_process.post("/_emulator/reset", {})
    emulator_process.post("/_emulator/faults", {"spec": ""})
    return emulator_process


def write_jobs(path: Path, jobs: list[dict[str, Any]]) -> Path:
    """``jobs`` as a JSONL file."""
    path.write_text("".join(json.dumps(job) + "\n" for job in jobs))
    return path
