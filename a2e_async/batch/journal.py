"""The batch journal: every job's life, each change committed before the next step.

::

    pending ──► submitting ──► submitted (task id) ──► done (result)
       ▲             │                    └─────────► failed (A2E's error)
       └─ not sent ──┘ (A2E refused it: failed)

A job is in ``submitting`` from just before its create call is sent until its task id is
written; a job found there after a crash is looked up in A2E's list before anything is
sent again. Work is shared through claims: a worker owns the jobs it claimed until its
lease (renewed while it lives) runs out; every write is fenced by that ownership, so a
worker that lost a job (it stalled and another took over) cannot write it any more.

Two backends share these semantics (and their SQL, in ``_sql.py``):
:class:`~a2e_async.batch.SQLiteJournal` (a file; the default) and
:class:`~a2e_async.batch.PostgresJournal` (a ``postgresql://`` DSN; many machines).
"""

from __future__ import annotations

import enum
import os
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from types import TracebackType
from typing import Any

import attrs

from ..errors import ValidationError

__all__ = [
    "ACTIVE_STATES",
    "STATES",
    "JobEntry",
    "JobRow",
    "JobState",
    "Journal",
    "open_journal",
]


class JobState(str, enum.Enum):
    """Where a job is in its life."""

    PENDING = "pending"
    """Not sent yet (or certainly not created)."""
    SUBMITTING = "submitting"
    """Its create call may be on its way: never sent again before a look-up."""
    SUBMITTED = "submitted"
    """A2E took it (``task_id``); waiting for it to end."""
    DONE = "done"
    """It ended well (``result``, ``result_url``)."""
    FAILED = "failed"
    """A2E refused or failed it (``error``, ``error_code``)."""


STATES: tuple[str, ...] = tuple(state.value for state in JobState)
"""Every state name, in the order of a job's life."""
ACTIVE_STATES = frozenset({JobState.PENDING, JobState.SUBMITTING, JobState.SUBMITTED})
"""States in which a job still needs work."""


@attrs.frozen
class JobEntry:
    """A job as it is first written to the journal."""

    key: str
    """Unique in the batch."""
    position: int
    """Its order (the line of the jobs file it came from)."""
    kind: str
    """Its family (``video``, ``talking_photo``...)."""
    params: Mapping[str, Any]
    """The start call's parameters, as JSON (local files as ``{"file": path}``)."""
    download: str | None
    """The file name its result is saved as, when given."""
    fingerprint: str
    """A digest of kind, params and download, to notice a changed job."""
    reference: str | None
    """The name or title the job is sent with (``None``: its family takes none)."""


@attrs.frozen
class JobRow(JobEntry):
    """One job as the journal holds it. Times are epoch seconds of the journal's clock."""

    state: JobState
    """Where it is in its life."""
    task_id: str | None = None
    """A2E's id of the job's task, once known."""
    result: Mapping[str, Any] | None = None
    """The finished (or failed) task record, as JSON."""
    result_url: str | None = None
    """The first result URL, when the task has one."""
    error: str | None = None
    """Why it failed (A2E's message), or the last transient error."""
    error_code: str | None = None
    """A2E's failure code, when it gives one."""
    note: str | None = None
    """What a person should know (why it needs a check, a name found twice...)."""
    needs_check: bool = False
    """A person must look: the runner will not touch it until it is resolved."""
    attempts: int = 0
    """How many times its create call was sent."""
    tries: int = 0
    """Consecutive transient failures of its current step."""
    owner: str | None = None
    """The worker that holds it, if any."""
    lease_until: float | None = None
    """Until when that worker's claim holds without renewal."""
    not_before: float | None = None
    """Not to be claimed before this time (a back-off, or the settle time of a look-up)."""
    created_at: float | None = None
    """When it was added."""
    submitting_at: float | None = None
    """When its create call was last about to be sent."""
    submitted_at: float | None = None
    """When its task id was written."""
    finished_at: float | None = None
    """When it ended (done or failed)."""
    downloaded: str | None = None
    """Where its result was saved."""
    seen_at: float | None = None
    """The journal's clock when this row was read."""


class Journal(ABC):
    """Where a batch keeps its jobs. Use ``async with journal:`` (opens, creates the
    tables when missing, and closes). Every method commits before it returns."""

    writes: int = 0
    """Statements that changed the journal, counted for benchmarks."""

    async def __aenter__(self) -> Journal:
        await self.open()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    @property
    @abstractmethod
    def batch_id(self) -> str:
        """This batch's id (8 hex digits, made when the journal was created): the first
        part of every job's name at A2E."""

    @abstractmethod
    async def open(self) -> None:
        """Connect and create the tables (and the batch id) when missing."""

    @abstractmethod
    async def close(self) -> None:
        """Close the connection (pending writes are finished first)."""

    @abstractmethod
    async def add(self, entries: Sequence[JobEntry]) -> list[str]:
        """Record jobs not yet in the journal as ``pending``. Returns the keys already there
        with a different fingerprint (the job changed); those are left as they are."""

    @abstractmethod
    async def claim(
        self, worker: str, *, submit: int, other: int, lease: float, downloads: bool
    ) -> list[JobRow]:
        """Take up to ``submit`` pending jobs and ``other`` jobs in ``submitting`` or
        ``submitted`` (and, with ``downloads``, done ones not downloaded yet) that nobody
        holds (no owner, or a lapsed lease) and that are due (``not_before``). The worker
        owns them for ``lease`` seconds. Rows other workers are claiming are skipped."""

    @abstractmethod
    async def renew(self, worker: str, lease: float) -> int:
        """Extend the lease of every job ``worker`` holds; returns how many it holds."""

    @abstractmethod
    async def release(self, worker: str, key: str | None = None) -> None:
        """Give up ``worker``'s hold on ``key`` (or on every job it holds)."""

    @abstractmethod
    async def update(
        self,
        key: str,
        worker: str,
        *,
        expect: JobState | None = None,
        require_lease: bool = False,
        stamp: str | None = None,
        release: bool = False,
        delay: float | None = None,
        **values: Any,
    ) -> bool:
        """Write ``values`` to ``key`` if ``worker`` still owns it (and, with ``expect``,
        it is in that state; with ``require_lease``, its lease has not run out). ``stamp``
        names a time column set to now; ``release`` gives the job up; ``delay`` sets
        ``not_before`` that many seconds ahead. Returns whether the row was written."""

    @abstractmethod
    async def counts(self) -> dict[str, int]:
        """Jobs per state (every name of :data:`STATES`), plus ``needs_check``."""

    @abstractmethod
    async def remaining(self, *, pending: bool, downloads: bool) -> int:
        """Jobs some worker can still move (held or not, due or not), not counting those
        that need a check: ``submitting`` and ``submitted`` ones, ``pending`` ones with
        ``pending``, and done ones not downloaded yet with ``downloads``."""

    @abstractmethod
    async def rows(self) -> list[JobRow]:
        """Every job, in the order they were added."""

    @abstractmethod
    async def resolve(self, key: str, *, task_id: str | None, resubmit: bool) -> JobRow:
        """A person's verdict on a job that needs a check: ``task_id`` (it exists at A2E:
        wait for it), ``resubmit`` (it is certainly not at A2E: send it again), or neither
        (retry its step). Raises ``ValidationError`` for an unknown key, or a verdict that
        does not fit the job's state."""


def open_journal(target: str | os.PathLike[str], *, schema: str | None = None) -> Journal:
    """The journal at ``target``: a ``postgresql://`` (or ``postgres://``) DSN, or a SQLite
    file path. ``schema`` names the PostgreSQL schema (default ``a2e_batch``); one schema
    holds one batch. Not opened yet: use ``async with``."""
    text = os.fspath(target)
    if text.startswith(("postgresql://", "postgres://")):
        from ._postgres import PostgresJournal

        return PostgresJournal(text, schema=schema or "a2e_batch")
    if schema is not None:
        raise ValidationError("schema", "applies to a PostgreSQL journal only")
    from ._sqlite import SQLiteJournal

    return SQLiteJournal(text)
