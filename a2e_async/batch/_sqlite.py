"""The SQLite journal: one file, stdlib ``sqlite3`` on a thread of its own (never on the
event loop), WAL, ``synchronous=FULL`` (a committed step survives a power cut too).

Several processes on one machine may share the file (claims take SQLite's write lock
first); across machines, use PostgreSQL.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from ..errors import ValidationError
from ._sql import Dialect, SqlJournal, Statement

__all__ = ["SQLiteJournal"]

T = TypeVar("T")

# RETURNING and UPDATE ... FROM-style subqueries need SQLite 3.35 (2021).
_MIN_VERSION = (3, 35, 0)
_NOW = "((julianday('now') - 2440587.5) * 86400.0)"


class SQLiteJournal(SqlJournal):
    """A journal in the SQLite file at ``path`` (created when missing)."""

    dialect = Dialect(jobs="batch_jobs", meta="batch_meta", now=_NOW)

    def __init__(self, path: str | os.PathLike[str], *, busy_timeout: float = 30.0) -> None:
        super().__init__()
        self.path = os.fspath(path)
        self.busy_timeout = busy_timeout
        self._executor: ThreadPoolExecutor | None = None
        self._db: sqlite3.Connection | None = None

    def __repr__(self) -> str:
        return f"<SQLiteJournal {self.path}>"

    async def open(self) -> None:
        if self._executor is not None:
            return
        if sqlite3.sqlite_version_info < _MIN_VERSION:
            raise ValidationError(
                "journal", f"SQLite {sqlite3.sqlite_version} is too old; 3.35 or newer is needed"
            )
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="a2e-journal")
        try:
            await self._run(self._connect)
            await self._create()
        except BaseException:
            await self.close()
            raise

    async def close(self) -> None:
        executor, self._executor = self._executor, None
        if executor is None:
            return

        def shut() -> None:
            if self._db is not None:
                self._db.close()
                self._db = None

        loop = asyncio.get_running_loop()
        # Shielded: a close that is cancelled must still let queued writes finish.
        await asyncio.shield(loop.run_in_executor(executor, shut))
        executor.shutdown(wait=False)

    def _connect(self) -> None:
        try:
            db = sqlite3.connect(
                self.path, timeout=self.busy_timeout, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as exc:
            raise ValidationError("journal", f"cannot open {self.path}: {exc}") from None
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.execute(f"PRAGMA busy_timeout={int(self.busy_timeout * 1000)}")
        self._db = db

    async def _run(self, work: Callable[[], T]) -> T:
        if self._executor is None:
            raise RuntimeError("the journal is not open; use `async with journal:`")
        # A cancelled caller does not stop the thread: the statement completes (or not)
        # as a whole, which is all the journal relies on.
        return await asyncio.get_running_loop().run_in_executor(self._executor, work)

    async def _execute(
        self, sql: str, params: Sequence[Any] = ()
    ) -> tuple[list[dict[str, Any]], int]:
        def work() -> tuple[list[dict[str, Any]], int]:
            assert self._db is not None
            cursor = self._db.execute(sql, tuple(params))
            return _fetch(cursor), cursor.rowcount

        return await self._run(work)

    async def _transaction(self, statements: Sequence[Statement]) -> list[list[dict[str, Any]]]:
        def work() -> list[list[dict[str, Any]]]:
            db = self._db
            assert db is not None
            # IMMEDIATE takes the write lock now, so two processes' claims cannot interleave.
            db.execute("BEGIN IMMEDIATE")
            try:
                found = [_fetch(db.execute(sql, tuple(params))) for sql, params in statements]
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
            return found

        return await self._run(work)


def _fetch(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    if cursor.description is None:
        return []
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
