"""The journal's contract, the same on SQLite and PostgreSQL: claims, leases, fencing."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from a2e_async.batch import JobState, Journal, open_journal
from a2e_async.batch.journal import JobEntry
from a2e_async.errors import ValidationError

from .conftest import PG_DSN


def entries(count: int) -> list[JobEntry]:
    return [
        JobEntry(f"k{i}", i, "text_to_image", {"prompt": f"p{i}"}, None, f"fp{i}", f"b-k{i}")
        for i in range(count)
    ]


async def test_jobs_are_added_once_and_changes_are_reported(journal: Journal) -> None:
    """Adding the same jobs again changes nothing; a key with other content is reported."""
    assert await journal.add(entries(3)) == []
    assert await journal.add(entries(3)) == []
    changed = JobEntry("k1", 1, "text_to_image", {"prompt": "other"}, None, "fp-other", None)
    assert await journal.add([changed]) == ["k1"]
    rows = await journal.rows()
    assert [row.key for row in rows] == ["k0", "k1", "k2"]
    assert rows[1].params == {"prompt": "p1"}
    assert all(row.state is JobState.PENDING for row in rows)
    assert (await journal.counts())["pending"] == 3


async def test_claims_split_the_work_between_workers(
    journal: Journal, journal_target: tuple[str, Any]
) -> None:
    """Two workers (two connections) claiming at once never get the same job."""
    await journal.add(entries(40))
    target, schema = journal_target
    async with open_journal(target, schema=schema) as other:
        assert other.batch_id == journal.batch_id
        claims = [
            db.claim(f"w{i}", submit=3, other=0, lease=30, downloads=False)
            for i in range(8)
            for db in (journal, other)
        ]
        found = [{row.key for row in rows} for rows in await asyncio.gather(*claims)]
    assert sum(len(keys) for keys in found) == 40
    assert len(set().union(*found)) == 40
    assert await journal.claim("w9", submit=10, other=10, lease=30, downloads=False) == []


async def test_writes_are_fenced_by_the_claim(journal: Journal) -> None:
    """Only the owner writes a job; ``submitting`` needs a live lease; release frees it."""
    await journal.add(entries(1))
    [row] = await journal.claim("w1", submit=1, other=0, lease=30, downloads=False)
    assert row.owner == "w1"
    assert not await journal.update("k0", "w2", state=JobState.SUBMITTING)
    assert await journal.update(
        "k0",
        "w1",
        expect=JobState.PENDING,
        require_lease=True,
        stamp="submitting_at",
        state=JobState.SUBMITTING,
        attempts=1,
    )
    assert not await journal.update("k0", "w1", expect=JobState.PENDING, state=JobState.FAILED)
    [stored] = await journal.rows()
    assert stored.state is JobState.SUBMITTING
    assert stored.submitting_at is not None
    assert stored.owner == "w1"
    await journal.release("w1")
    [again] = await journal.claim("w2", submit=0, other=5, lease=30, downloads=False)
    assert again.key == "k0"
    assert again.state is JobState.SUBMITTING


async def test_a_lapsed_lease_lets_another_worker_take_over(journal: Journal) -> None:
    """A worker that stopped renewing loses its jobs, and can no longer start sending them."""
    await journal.add(entries(2))
    await journal.claim("dead", submit=2, other=0, lease=30, downloads=False)
    assert await journal.claim("alive", submit=2, other=0, lease=30, downloads=False) == []
    # The lease runs out (set in the past on the journal's own clock: no real wait, which a
    # busy machine could stretch past a short lease before the check above).
    assert await journal.renew("dead", -1) == 2
    taken = await journal.claim("alive", submit=2, other=0, lease=30, downloads=False)
    assert {row.key for row in taken} == {"k0", "k1"}
    assert not await journal.update(
        "k0", "dead", require_lease=True, state=JobState.SUBMITTING, expect=JobState.PENDING
    )
    assert await journal.renew("alive", 30) == 2
    assert await journal.renew("dead", 30) == 0


async def test_a_delay_keeps_a_job_from_being_claimed(journal: Journal) -> None:
    """``delay`` sets a back-off before which nobody claims the job; once it has passed
    (here set in the past on the journal's clock, no real wait) the job is claimed."""
    await journal.add(entries(2))
    await journal.claim("w1", submit=2, other=0, lease=30, downloads=False)
    assert await journal.update("k0", "w1", release=True, delay=30, tries=1)
    assert await journal.update("k1", "w1", release=True, delay=-1, tries=1)
    assert await journal.remaining(pending=True, downloads=False) == 2
    taken = await journal.claim("w2", submit=2, other=0, lease=30, downloads=False)
    assert [row.key for row in taken] == ["k1"]


async def test_resolve_settles_a_job_that_needs_a_check(journal: Journal) -> None:
    """A person's verdict: a task id to wait for, or a resubmission; nothing else fits."""
    await journal.add(entries(2))
    await journal.claim("w1", submit=2, other=0, lease=30, downloads=False)
    for key in ("k0", "k1"):
        await journal.update(key, "w1", state=JobState.SUBMITTING)
        await journal.update(key, "w1", release=True, needs_check=True, note="look")
    assert (await journal.counts())["needs_check"] == 2
    assert await journal.remaining(pending=True, downloads=False) == 0
    waited = await journal.resolve("k0", task_id="0123456789abcdef01234567", resubmit=False)
    assert waited.state is JobState.SUBMITTED
    assert waited.task_id == "0123456789abcdef01234567"
    assert not waited.needs_check
    again = await journal.resolve("k1", task_id=None, resubmit=True)
    assert again.state is JobState.PENDING
    with pytest.raises(ValidationError, match="not submitting"):
        await journal.resolve("k1", task_id=None, resubmit=True)
    with pytest.raises(ValidationError, match="no job"):
        await journal.resolve("nope", task_id=None, resubmit=False)


async def test_the_batch_id_is_kept(tmp_path: Path) -> None:
    """Reopening a journal gives the batch id it was made with."""
    target = tmp_path / "run.db"
    async with open_journal(target) as journal:
        made = journal.batch_id
    async with open_journal(target) as journal:
        assert journal.batch_id == made
    assert len(made) == 8


def test_a_schema_is_only_for_postgres(tmp_path: Path) -> None:
    """``schema`` with a SQLite path, or a schema that is not a plain name, is refused."""
    with pytest.raises(ValidationError, match="PostgreSQL journal only"):
        open_journal(tmp_path / "x.db", schema="s")
    with pytest.raises(ValidationError) as caught:
        open_journal(PG_DSN, schema="Robert'); DROP")
    assert caught.value.param == "schema"


async def test_an_unreachable_database_is_a_validation_error() -> None:
    """A DSN nobody answers at fails with a typed error that hides the password."""
    journal = open_journal("postgresql://u:secret-pw@127.0.0.1:1/db", schema="s")
    with pytest.raises(ValidationError) as caught:
        await journal.open()
    assert "secret-pw" not in str(caught.value)
    assert "secret-pw" not in repr(journal)


async def test_sqlite_commits_concurrent_writes_together(tmp_path: Path) -> None:
    """Writes that arrive together share a commit; a bad one fails alone."""
    import sqlite3

    from a2e_async.batch._sqlite import SQLiteJournal

    async with SQLiteJournal(tmp_path / "run.db") as journal:
        await journal.add(entries(50))
        await journal.claim("w", submit=50, other=0, lease=30, downloads=False)
        writes = [journal.update(f"k{i}", "w", tries=i) for i in range(50)]
        bad = journal._execute("UPDATE no_such_table SET x = 1")
        *done, failed = await asyncio.gather(*writes, bad, return_exceptions=True)
        assert done == [True] * 50
        assert isinstance(failed, sqlite3.OperationalError)
    async with SQLiteJournal(tmp_path / "run.db") as reopened:
        assert [row.tries for row in await reopened.rows()] == list(range(50))
