"""Batch runner: its overhead per job over plain SDK calls, and journal writes per second.

Against an emulator in its own process at time scale 0 (every task is finished when created),
so what is measured is the runner and its journal, not A2E's rendering:

- ``baseline_wall_s.<workers>``: the same jobs sent with ``start`` + ``wait`` under the same
  concurrency by as many clients, no journal;
- per backend (``sqlite``, ``postgres``) and per worker count (``one_worker``,
  ``two_workers``: two runners with their own journal connection and client, in this
  process): ``wall_s``, ``overhead_ms_per_job`` (wall time above the baseline, per job),
  ``writes_per_job`` and ``journal_writes_per_s`` during the run;
- ``<backend>.<workers>.fenced_writes_per_s``: the journal alone, committed claim-fenced
  updates per second (two workers: two connections writing disjoint jobs at once).

PostgreSQL is read from ``A2E_TEST_POSTGRES_DSN`` (default: the local server); without one
its keys hold ``{"skipped": reason}``. Run alone: ``python -m benchmarks.batch [--jobs N]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import anyio

from a2e_async import A2EClient, PollPolicy
from a2e_async.batch import BatchRunner, Job, JobState, Journal, open_journal
from a2e_async.batch.journal import JobEntry

from ._proc import EmulatorProcess

__all__ = ["measure"]

PG_DSN = os.environ.get("A2E_TEST_POSTGRES_DSN", "postgresql://postgres@127.0.0.1:5432/test")
# Tasks end when created (time scale 0): one quick poll finds them.
_POLL = PollPolicy(initial_delay=0.01, factor=1.5, max_interval=0.05, deadline=60)
_WORKERS = {"one_worker": 1, "two_workers": 2}

Log = Callable[[str], None]


def _jobs(count: int, tag: str) -> list[Job]:
    return [Job(f"{tag}-{i:05d}", "text_to_image", {"prompt": f"bench {i}"}) for i in range(count)]


def _client(url: str) -> A2EClient:
    # A fresh token per measurement: a fresh emulator user, so lists start empty.
    return A2EClient(api_key=f"sk_bench_{secrets.token_hex(4)}", base_url=url, poll_policy=_POLL)


async def _baseline(url: str, jobs: int, concurrency: int, workers: int) -> float:
    """Seconds to send and wait for ``jobs`` with plain SDK calls, split over ``workers``
    clients (as many as the runners compared with it)."""
    clients = [_client(url) for _ in range(workers)]

    async def one(client: A2EClient, limiter: anyio.Semaphore, i: int) -> None:
        async with limiter:
            [task] = await client.text_to_image.start(prompt=f"bench {i}")
        await client.text_to_image.wait(task.id)

    try:
        limiters = [anyio.Semaphore(concurrency) for _ in clients]
        started = time.perf_counter()
        async with anyio.create_task_group() as group:
            for i in range(jobs):
                group.start_soon(one, clients[i % workers], limiters[i % workers], i)
        return time.perf_counter() - started
    finally:
        for client in clients:
            await client.aclose()


async def _runners(
    url: str, target: str, schema: str | None, jobs: int, concurrency: int, workers: int
) -> dict[str, float]:
    tag = secrets.token_hex(3)
    async with open_journal(target, schema=schema) as first:
        # Budget and quotes are not what is measured: force, no quote.
        seed = BatchRunner(_client(url), first, force=True, quote=False)
        await seed.add_checked(_jobs(jobs, tag))
        await seed.client.aclose()
    journals: list[Journal] = [open_journal(target, schema=schema) for _ in range(workers)]
    clients = [_client(url) for _ in range(workers)]
    try:
        for journal in journals:
            await journal.open()
        runners = [
            BatchRunner(
                client,
                journal,
                concurrency=concurrency,
                force=True,
                quote=False,
                poll_interval=0.05,
                settle=0.0,
            )
            for client, journal in zip(clients, journals, strict=True)
        ]
        started = time.perf_counter()
        summaries = await asyncio.gather(*(runner.run() for runner in runners))
        wall = time.perf_counter() - started
    finally:
        for client in clients:
            await client.aclose()
        for journal in journals:
            await journal.close()
    if summaries[-1].counts["done"] != jobs:
        raise RuntimeError(f"batch benchmark ended with {summaries[-1].counts}")
    writes = sum(journal.writes for journal in journals)
    return {
        "wall_s": round(wall, 3),
        "writes_per_job": round(writes / jobs, 2),
        "journal_writes_per_s": round(writes / wall, 1),
    }


async def _fenced_writes(target: str, schema: str | None, count: int, workers: int) -> float:
    """Committed, claim-fenced updates per second, ``workers`` connections at once."""
    tag = secrets.token_hex(3)
    journals = [open_journal(target, schema=schema) for _ in range(workers)]
    for journal in journals:
        await journal.open()
    try:
        entries = [
            JobEntry(f"{tag}-{i}", i, "text_to_image", {}, None, "fp", None) for i in range(count)
        ]
        await journals[0].add(entries)
        share = count // workers
        owned: list[list[str]] = []
        for n, journal in enumerate(journals):
            rows = await journal.claim(f"w{n}", submit=share, other=0, lease=600, downloads=False)
            owned.append([row.key for row in rows])

        async def write(n: int) -> None:
            for i, key in enumerate(owned[n]):
                await journals[n].update(key, f"w{n}", state=JobState.PENDING, tries=i % 7)

        started = time.perf_counter()
        await asyncio.gather(*(write(n) for n in range(workers)))
        elapsed = time.perf_counter() - started
        return round(sum(len(keys) for keys in owned) / elapsed, 1)
    finally:
        for journal in journals:
            await journal.close()


Fresh = Callable[[], tuple[str, str | None]]
"""A new, empty journal's ``(target, schema)``: every measurement starts from its own (jobs
another measurement left claimed would make a runner wait for their lease)."""


async def _backend(
    url: str,
    fresh: Fresh,
    jobs: int,
    concurrency: int,
    baselines: dict[str, float],
    writes: int,
    log: Log,
    name: str,
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for label, workers in _WORKERS.items():
        row = await _runners(url, *fresh(), jobs, concurrency, workers)
        above = row["wall_s"] - baselines[label]
        row["overhead_ms_per_job"] = round(above / jobs * 1000, 3)
        row["fenced_writes_per_s"] = await _fenced_writes(*fresh(), writes, workers)
        log(
            f"batch {name:8} {label:11}: {row['wall_s']:6.2f} s, "
            f"{row['overhead_ms_per_job']:6.2f} ms/job over plain calls, "
            f"{row['journal_writes_per_s']:7.0f} writes/s in the run, "
            f"{row['fenced_writes_per_s']:7.0f} fenced writes/s alone"
        )
        out[label] = row
    return out


def _postgres_reason() -> str | None:
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed (extra postgres)"
    try:
        with psycopg.connect(PG_DSN, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        return f"no PostgreSQL server answers: {type(exc).__name__}"
    return None


def _drop(schema: str) -> None:
    import psycopg

    with psycopg.connect(PG_DSN, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


async def _measure(url: str, jobs: int, concurrency: int, writes: int, log: Log) -> dict[str, Any]:
    baselines = {
        label: await _baseline(url, jobs, concurrency, workers)
        for label, workers in _WORKERS.items()
    }
    for label, seconds in baselines.items():
        log(f"batch baseline {label}: {jobs} jobs in {seconds:.2f} s (start + wait, no journal)")
    result: dict[str, Any] = {
        "jobs": jobs,
        "concurrency": concurrency,
        "baseline_wall_s": {label: round(seconds, 3) for label, seconds in baselines.items()},
    }
    with tempfile.TemporaryDirectory() as scratch:

        def sqlite_file() -> tuple[str, str | None]:
            return str(Path(scratch) / f"{secrets.token_hex(4)}.db"), None

        result["sqlite"] = await _backend(
            url, sqlite_file, jobs, concurrency, baselines, writes, log, "sqlite"
        )
    reason = _postgres_reason()
    if reason is not None:
        log(f"batch postgres: skipped ({reason})")
        result["postgres"] = {label: {"skipped": reason} for label in _WORKERS}
        return result
    schemas: list[str] = []

    def pg_schema() -> tuple[str, str | None]:
        schemas.append(f"a2e_bench_{secrets.token_hex(4)}")
        return PG_DSN, schemas[-1]

    try:
        result["postgres"] = await _backend(
            url, pg_schema, jobs, concurrency, baselines, writes, log, "postgres"
        )
    finally:
        for schema in schemas:
            _drop(schema)
    return result


def measure(
    *,
    jobs: int = 300,
    concurrency: int = 16,
    writes: int = 1000,
    seed: int = 1,
    log: Log = print,
) -> dict[str, Any]:
    """Run the batch suite against its own emulator process; returns the ``batch`` section
    of the result document (keys ``batch.sqlite.one_worker.overhead_ms_per_job``...).
    ``writes`` is the number of fenced writes timed per journal measurement."""
    with EmulatorProcess(time_scale=0.0, seed=seed) as url:
        return asyncio.run(_measure(url, jobs, concurrency, writes, log))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.batch", description=__doc__)
    parser.add_argument("--jobs", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--writes", type=int, default=1000)
    args = parser.parse_args(argv)
    found = measure(jobs=args.jobs, concurrency=args.concurrency, writes=args.writes)
    print(json.dumps(found, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
