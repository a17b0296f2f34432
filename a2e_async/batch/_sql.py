"""The journal's SQL, written once for SQLite and PostgreSQL (a :class:`Dialect` fills in
the few differences), and :class:`SqlJournal`, which runs it through a backend's two
primitives: one statement, or several in one transaction.

Time is always the database's (``{now}``), so that leases and settle times mean the same
on every machine that shares a PostgreSQL journal.
"""

from __future__ import annotations

import json
import secrets
from abc import abstractmethod
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from ..errors import ValidationError
from .jobs import BATCH_ID_LENGTH
from .journal import STATES, JobEntry, JobRow, JobState, Journal

__all__ = ["Dialect", "SqlJournal", "Statement"]

Statement = tuple[str, Sequence[Any]]

# Columns a runner may write with Journal.update (JSON ones are encoded here).
_WRITABLE = frozenset(
    {
        "state",
        "task_id",
        "result",
        "result_url",
        "error",
        "error_code",
        "note",
        "needs_check",
        "attempts",
        "tries",
        "downloaded",
        "params",
    }
)
_STAMPS = frozenset({"submitting_at", "submitted_at", "finished_at"})
_JSON = frozenset({"params", "result"})


@attrs.frozen
class Dialect:
    """What differs between the SQL of two databases."""

    jobs: str
    """The jobs table's (qualified, quoted) name."""
    meta: str
    """The meta table's name."""
    now: str
    """An expression for now, in epoch seconds with sub-second precision."""
    lock: str = ""
    """Appended to a claim's inner select (``FOR UPDATE SKIP LOCKED``)."""
    float_type: str = "REAL"
    placeholder: str = "?"

    def sql(self, template: str) -> str:
        """``template`` with the dialect's names, clock and placeholders."""
        text = template.format(jobs=self.jobs, meta=self.meta, now=self.now, lock=self.lock)
        return text.replace("?", self.placeholder)

    def schema(self) -> list[str]:
        """The statements that create the tables when missing."""
        t = self.float_type
        return [
            self.sql(
                "CREATE TABLE IF NOT EXISTS {meta} (name TEXT PRIMARY KEY, value TEXT NOT NULL)"
            ),
            self.sql(
                "CREATE TABLE IF NOT EXISTS {jobs} ("
                "key TEXT PRIMARY KEY, position INTEGER NOT NULL, kind TEXT NOT NULL,"
                " params TEXT NOT NULL, download TEXT, fingerprint TEXT NOT NULL,"
                " reference TEXT, state TEXT NOT NULL, task_id TEXT, result TEXT,"
                " result_url TEXT, error TEXT, error_code TEXT, note TEXT,"
                " needs_check INTEGER NOT NULL DEFAULT 0, attempts INTEGER NOT NULL DEFAULT 0,"
                " tries INTEGER NOT NULL DEFAULT 0, owner TEXT,"
                f" lease_until {t}, not_before {t}, created_at {t}, submitting_at {t},"
                f" submitted_at {t}, finished_at {t}, downloaded TEXT)"
            ),
            self.sql("CREATE INDEX IF NOT EXISTS batch_jobs_by_state ON {jobs} (state, position)"),
        ]


_FREE = "(owner IS NULL OR lease_until < {now}) AND (not_before IS NULL OR not_before <= {now})"
_CLAIM = (
    "UPDATE {jobs} SET owner = ?, lease_until = {now} + ? WHERE key IN ("
    " SELECT key FROM {jobs} WHERE needs_check = 0 AND " + _FREE + " AND (%s)"
    " ORDER BY position, key LIMIT ?{lock}) RETURNING *, {now} AS seen_at"
)
_CLAIM_PENDING = _CLAIM % "state = 'pending'"
_CLAIM_OTHER = _CLAIM % (
    "state IN ('submitting', 'submitted')"
    " OR (? = 1 AND state = 'done' AND downloaded IS NULL AND result_url IS NOT NULL)"
)


class SqlJournal(Journal):
    """A journal over SQL; a backend provides :meth:`_execute` and :meth:`_transaction`."""

    dialect: Dialect

    def __init__(self) -> None:
        self._batch_id: str | None = None
        self.writes = 0

    @property
    def batch_id(self) -> str:
        if self._batch_id is None:
            raise RuntimeError("the journal is not open; use `async with journal:`")
        return self._batch_id

    @abstractmethod
    async def _execute(
        self, sql: str, params: Sequence[Any] = ()
    ) -> tuple[list[dict[str, Any]], int]:
        """Run one statement (committed); returns its rows and its row count."""

    @abstractmethod
    async def _transaction(self, statements: Sequence[Statement]) -> list[list[dict[str, Any]]]:
        """Run statements in one transaction (taking the write lock first); each one's rows."""

    async def _create(self) -> None:
        """Create the tables and the batch id when missing (called by ``open``)."""
        d = self.dialect
        steps: list[Statement] = [(sql, ()) for sql in d.schema()]
        made = secrets.token_hex(BATCH_ID_LENGTH // 2)
        insert = (
            "INSERT INTO {meta} (name, value) VALUES ('batch_id', ?) ON CONFLICT (name) DO NOTHING"
        )
        steps.append((d.sql(insert), (made,)))
        steps.append((d.sql("SELECT value FROM {meta} WHERE name = 'batch_id'"), ()))
        found = (await self._transaction(steps))[-1]
        self._batch_id = str(found[0]["value"])

    async def add(self, entries: Sequence[JobEntry]) -> list[str]:
        d = self.dialect
        insert = d.sql(
            "INSERT INTO {jobs} (key, position, kind, params, download, fingerprint, reference,"
            " state, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', {now})"
            " ON CONFLICT (key) DO NOTHING"
        )
        steps: list[Statement] = [
            (
                insert,
                (
                    e.key,
                    e.position,
                    e.kind,
                    _dumps(e.params),
                    e.download,
                    e.fingerprint,
                    e.reference,
                ),
            )
            for e in entries
        ]
        steps.append((d.sql("SELECT key, fingerprint FROM {jobs}"), ()))
        found = {row["key"]: row["fingerprint"] for row in (await self._transaction(steps))[-1]}
        self.writes += len(entries)
        return [e.key for e in entries if found.get(e.key) != e.fingerprint]

    async def claim(
        self, worker: str, *, submit: int, other: int, lease: float, downloads: bool
    ) -> list[JobRow]:
        d = self.dialect
        steps: list[Statement] = []
        if other > 0:
            steps.append((d.sql(_CLAIM_OTHER), (worker, lease, int(downloads), other)))
        if submit > 0:
            steps.append((d.sql(_CLAIM_PENDING), (worker, lease, submit)))
        if not steps:
            return []
        rows = [_row(raw) for found in await self._transaction(steps) for raw in found]
        self.writes += len(steps)
        return rows

    async def renew(self, worker: str, lease: float) -> int:
        sql = self.dialect.sql("UPDATE {jobs} SET lease_until = {now} + ? WHERE owner = ?")
        _, count = await self._execute(sql, (lease, worker))
        self.writes += 1
        return count

    async def release(self, worker: str, key: str | None = None) -> None:
        sql = "UPDATE {jobs} SET owner = NULL, lease_until = NULL WHERE owner = ?"
        params: list[Any] = [worker]
        if key is not None:
            sql += " AND key = ?"
            params.append(key)
        await self._execute(self.dialect.sql(sql), params)
        self.writes += 1

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
        unknown = set(values) - _WRITABLE
        if unknown or (stamp is not None and stamp not in _STAMPS):
            raise ValueError(f"not a writable journal column: {sorted(unknown) or stamp}")
        sets = [f"{name} = ?" for name in values]
        params: list[Any] = [_column(name, value) for name, value in values.items()]
        if stamp is not None:
            sets.append(f"{stamp} = {{now}}")
        if release:
            sets.append("owner = NULL, lease_until = NULL")
        if delay is not None:
            sets.append("not_before = {now} + ?")
            params.append(delay)
        elif values.get("state") is not None:
            sets.append("not_before = NULL")
        sql = "UPDATE {jobs} SET " + ", ".join(sets) + " WHERE key = ? AND owner = ?"
        params += [key, worker]
        if expect is not None:
            sql += " AND state = ?"
            params.append(expect.value)
        if require_lease:
            sql += " AND lease_until > {now}"
        _, count = await self._execute(self.dialect.sql(sql), params)
        self.writes += 1
        return count == 1

    async def counts(self) -> dict[str, int]:
        sql = self.dialect.sql(
            "SELECT state, needs_check, COUNT(*) AS n FROM {jobs} GROUP BY state, needs_check"
        )
        rows, _ = await self._execute(sql)
        counts = dict.fromkeys((*STATES, "needs_check"), 0)
        for row in rows:
            counts[row["state"]] = counts.get(row["state"], 0) + int(row["n"])
            if row["needs_check"]:
                counts["needs_check"] += int(row["n"])
        return counts

    async def remaining(self, *, pending: bool, downloads: bool) -> int:
        sql = self.dialect.sql(
            "SELECT COUNT(*) AS n FROM {jobs} WHERE needs_check = 0 AND ("
            "state IN ('submitting', 'submitted') OR (? = 1 AND state = 'pending')"
            " OR (? = 1 AND state = 'done' AND downloaded IS NULL AND result_url IS NOT NULL))"
        )
        rows, _ = await self._execute(sql, (int(pending), int(downloads)))
        return int(rows[0]["n"])

    async def rows(self) -> list[JobRow]:
        sql = self.dialect.sql("SELECT *, {now} AS seen_at FROM {jobs} ORDER BY position, key")
        found, _ = await self._execute(sql)
        return [_row(raw) for raw in found]

    async def resolve(self, key: str, *, task_id: str | None, resubmit: bool) -> JobRow:
        d = self.dialect
        select = d.sql("SELECT *, {now} AS seen_at FROM {jobs} WHERE key = ?")
        rows, _ = await self._execute(select, (key,))
        if not rows:
            raise ValidationError("key", f"no job {key!r} in this journal")
        row = _row(rows[0])
        values: dict[str, Any] = {"needs_check": 0, "tries": 0}
        if task_id is not None and resubmit:
            raise ValidationError("task_id", "give a task id or resubmit, not both")
        if task_id is not None:
            if row.state not in (JobState.SUBMITTING, JobState.SUBMITTED):
                raise ValidationError("task_id", f"the job is {row.state.value}, not submitting")
            values.update(
                state=JobState.SUBMITTED.value, task_id=task_id, note="task id given by hand"
            )
        elif resubmit:
            if row.state is not JobState.SUBMITTING:
                raise ValidationError("resubmit", f"the job is {row.state.value}, not submitting")
            values.update(state=JobState.PENDING.value, note="not found at A2E by hand; sent again")
        elif not row.needs_check:
            raise ValidationError("key", f"job {key!r} does not need a check")
        sets = ", ".join(f"{name} = ?" for name in values)
        update = d.sql(
            f"UPDATE {{jobs}} SET {sets}, owner = NULL, lease_until = NULL, not_before = NULL"
            " WHERE key = ? AND state = ?"
        )
        steps: list[Statement] = [
            (update, (*values.values(), key, row.state.value)),
            (select, (key,)),
        ]
        result = await self._transaction(steps)
        self.writes += 1
        return _row(result[-1][0])


def _dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), default=str)


def _column(name: str, value: Any) -> Any:
    if isinstance(value, JobState):
        return value.value
    if name in _JSON and value is not None:
        return _dumps(value)
    if isinstance(value, bool):
        return int(value)
    return value


def _row(raw: Mapping[str, Any]) -> JobRow:
    result = raw.get("result")
    return JobRow(
        key=raw["key"],
        position=int(raw["position"]),
        kind=raw["kind"],
        params=json.loads(raw["params"]),
        download=raw.get("download"),
        fingerprint=raw["fingerprint"],
        reference=raw.get("reference"),
        state=JobState(raw["state"]),
        task_id=raw.get("task_id"),
        result=json.loads(result) if result else None,
        result_url=raw.get("result_url"),
        error=raw.get("error"),
        error_code=raw.get("error_code"),
        note=raw.get("note"),
        needs_check=bool(raw.get("needs_check")),
        attempts=int(raw.get("attempts") or 0),
        tries=int(raw.get("tries") or 0),
        owner=raw.get("owner"),
        lease_until=_float(raw.get("lease_until")),
        not_before=_float(raw.get("not_before")),
        created_at=_float(raw.get("created_at")),
        submitting_at=_float(raw.get("submitting_at")),
        submitted_at=_float(raw.get("submitted_at")),
        finished_at=_float(raw.get("finished_at")),
        downloaded=raw.get("downloaded"),
        seen_at=_float(raw.get("seen_at")),
    )


def _float(value: Any) -> float | None:
    return None if value is None else float(value)
