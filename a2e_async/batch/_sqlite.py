"""The SQLite journal: one file, stdlib ``sqlite3`` on a thread of its own (never on the
event loop), WAL, ``synchronous=FULL`` (a committed step survives a power cut too).

Writes are group-committed: what the jobs of a batch ask while a commit is on disk waits, then
goes in the next transaction together, so one ``fsync`` serves many jobs. Each caller still
resumes only once its own statement is committed.

Several processes on one machine may share the file (each transaction takes SQLite's write
lock first); across machines, use PostgreSQL.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import queue
import sqlite3
import threading
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from ..errors import ValidationError
from ._sql import Dialect, SqlJournal, Statement

__all__ = ["SQLiteJournal"]

# RETURNING needs SQLite 3.35 (2021).
_MIN_VERSION = (3, 35, 0)
_NOW = "((julianday('now') - 2440587.5) * 86400.0)"
_GROUP = 256  # statements committed together at most

Work = Callable[[sqlite3.Connection], Any]


@attrs.define
class _Request:
    work: Work
    future: asyncio.Future[Any]
    loop: asyncio.AbstractEventLoop
    outcome: tuple[bool, Any] | None = None


class SQLiteJournal(SqlJournal):
    """A journal in the SQLite file at ``path`` (created when missing)."""

    dialect = Dialect(jobs="batch_jobs", meta="batch_meta", now=_NOW)

    def __init__(self, path: str | os.PathLike[str], *, busy_timeout: float = 30.0) -> None:
        super().__init__()
        self.path = os.fspath(path)
        self.busy_timeout = busy_timeout
        self._queue: queue.SimpleQueue[_Request | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None

    def __repr__(self) -> str:
        return f"<SQLiteJournal {self.path}>"

    async def open(self) -> None:
        if self._thread is not None:
            return
        if sqlite3.sqlite_version_info < _MIN_VERSION:
            raise ValidationError(
                "journal", f"SQLite {sqlite3.sqlite_version} is too old; 3.35 or newer is needed"
            )
        loop = asyncio.get_running_loop()
        ready: asyncio.Future[None] = loop.create_future()
        self._thread = threading.Thread(
            target=self._serve, args=(loop, ready), name="a2e-journal", daemon=True
        )
        self._thread.start()
        try:
            await ready
            await self._create()
        except BaseException:
            await self.close()
            raise

    async def close(self) -> None:
        thread, self._thread = self._thread, None
        if thread is None:
            return
        # Queued writes are finished first: the thread ends at the sentinel.
        self._queue.put(None)
        await asyncio.shield(asyncio.to_thread(thread.join))

    async def _run(self, work: Work) -> Any:
        if self._thread is None:
            raise RuntimeError("the journal is not open; use `async with journal:`")
        loop = asyncio.get_running_loop()
        request = _Request(work, loop.create_future(), loop)
        self._queue.put(request)
        # A cancelled caller does not stop the thread: its statement is committed (or not)
        # with its group, which is all the journal relies on.
        return await request.future

    async def _execute(
        self, sql: str, params: Sequence[Any] = ()
    ) -> tuple[list[dict[str, Any]], int]:
        def work(db: sqlite3.Connection) -> tuple[list[dict[str, Any]], int]:
            cursor = db.execute(sql, tuple(params))
            return _fetch(cursor), cursor.rowcount

        result: tuple[list[dict[str, Any]], int] = await self._run(work)
        return result

    async def _transaction(self, statements: Sequence[Statement]) -> list[list[dict[str, Any]]]:
        def work(db: sqlite3.Connection) -> list[list[dict[str, Any]]]:
            # Its own savepoint: a failing statement undoes this request, not its group.
            db.execute("SAVEPOINT request")
            try:
                found = [_fetch(db.execute(sql, tuple(params))) for sql, params in statements]
            except BaseException:
                db.execute("ROLLBACK TO request")
                db.execute("RELEASE request")
                raise
            db.execute("RELEASE request")
            return found

        result: list[list[dict[str, Any]]] = await self._run(work)
        return result

    # -- the journal's thread ----------------------------------------------------------------
    def _serve(self, loop: asyncio.AbstractEventLoop, ready: asyncio.Future[None]) -> None:
        try:
            db = sqlite3.connect(
                self.path, timeout=self.busy_timeout, isolation_level=None, check_same_thread=False
            )
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
        except sqlite3.Error as exc:
            error = ValidationError("journal", f"cannot open {self.path}: {exc}")
            _answer(loop, ready, False, error)
            self._drain(loop)
            return
        _answer(loop, ready, True, None)
        try:
            while True:
                first = self._queue.get()
                if first is None:
                    return
                group = [first]
                stop = False
                while len(group) < _GROUP:
                    try:
                        item = self._queue.get_nowait()
                    except queue.Empty:
                        break
                    if item is None:
                        stop = True
                        break
                    group.append(item)
                self._commit(db, group)
                if stop:
                    return
        finally:
            db.close()

    @staticmethod
    def _commit(db: sqlite3.Connection, group: list[_Request]) -> None:
        """Run ``group`` in one transaction (IMMEDIATE: other processes' writes wait), then
        answer every request: its result once committed, or its error."""
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            for request in group:
                request.outcome = (False, exc)
        else:
            for request in group:
                try:
                    request.outcome = (True, request.work(db))
                except Exception as exc:
                    request.outcome = (False, exc)
            try:
                db.execute("COMMIT")
            except sqlite3.Error as exc:
                db.execute("ROLLBACK")
                for request in group:
                    request.outcome = (False, exc)
        for request in group:
            assert request.outcome is not None
            _answer(request.loop, request.future, *request.outcome)

    def _drain(self, loop: asyncio.AbstractEventLoop) -> None:
        """After a failed open: answer whatever was queued, up to the sentinel."""
        while (item := self._queue.get()) is not None:
            _answer(loop, item.future, False, RuntimeError("the journal could not be opened"))


def _answer(
    loop: asyncio.AbstractEventLoop, future: asyncio.Future[Any], ok: bool, value: Any
) -> None:
    """Settle ``future`` on its loop (from the journal's thread)."""

    def settle() -> None:
        if future.done():
            return  # the caller was cancelled; the outcome stands in the file regardless
        if ok:
            future.set_result(value)
        else:
            future.set_exception(value)

    # A closed loop has nobody left to answer.
    with contextlib.suppress(RuntimeError):
        loop.call_soon_threadsafe(settle)


def _fetch(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    if cursor.description is None:
        return []
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
