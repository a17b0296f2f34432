"""The PostgreSQL journal: psycopg 3 (extra ``postgres``), one schema per batch.

Any number of workers on any machines share it: a claim locks the rows it picks with
``FOR UPDATE SKIP LOCKED`` (another worker's claim skips them instead of waiting) and hands
them out under a lease measured on the server's clock.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from ..errors import ValidationError
from ._sql import Dialect, SqlJournal, Statement

if TYPE_CHECKING:
    import psycopg

__all__ = ["PostgresJournal"]

T = TypeVar("T")
_SCHEMA = re.compile(r"[a-z_][a-z0-9_]{0,62}")
_NOW = "extract(epoch from clock_timestamp())::double precision"


class PostgresJournal(SqlJournal):
    """A journal in the schema ``schema`` (created when missing) of the database at ``dsn``.

    ``connections`` statements run at once (each commit waits for the server's disk; the
    server commits concurrent ones together)."""

    def __init__(
        self,
        dsn: str,
        *,
        schema: str = "a2e_batch",
        connect_timeout: float = 10.0,
        connections: int = 4,
    ) -> None:
        super().__init__()
        if not _SCHEMA.fullmatch(schema):
            raise ValidationError("schema", "must be a lowercase SQL name (a-z, 0-9, _)")
        self.dsn = dsn
        self.schema = schema
        self.connect_timeout = connect_timeout
        self.connections = max(1, connections)
        self.dialect = Dialect(
            jobs=f'"{schema}".batch_jobs',
            meta=f'"{schema}".batch_meta',
            now=_NOW,
            lock=" FOR UPDATE SKIP LOCKED",
            float_type="DOUBLE PRECISION",
            placeholder="%s",
        )
        self._conns: list[psycopg.AsyncConnection[Any]] = []
        self._free: asyncio.Queue[psycopg.AsyncConnection[Any]] = asyncio.Queue()
        self._running: set[asyncio.Task[Any]] = set()

    def __repr__(self) -> str:
        # The DSN may hold a password: show only the schema.
        return f"<PostgresJournal schema={self.schema}>"

    async def open(self) -> None:
        if self._conns:
            return
        try:
            # The tables are made on the first connection alone (its session holds the lock).
            await self._connect()
            await self._create()
            for _ in range(self.connections - 1):
                await self._connect()
        except BaseException:
            await self.close()
            raise

    async def _connect(self) -> None:
        try:
            import psycopg
            from psycopg.rows import dict_row
        except ImportError:  # pragma: no cover - the extra is installed in tests
            raise ValidationError(
                "journal", "a PostgreSQL journal needs psycopg: pip install 'a2e-async[postgres]'"
            ) from None
        try:
            conn = await psycopg.AsyncConnection.connect(
                self.dsn,
                autocommit=True,
                row_factory=dict_row,
                connect_timeout=max(1, int(self.connect_timeout)),
            )
        except psycopg.OperationalError as exc:
            # psycopg's message names host and port, never the password.
            raise ValidationError("journal", f"cannot connect to PostgreSQL: {exc}") from None
        self._conns.append(conn)
        self._free.put_nowait(conn)

    async def close(self) -> None:
        conns, self._conns = self._conns, []
        if self._running:
            await asyncio.gather(*self._running, return_exceptions=True)
        for conn in conns:
            await asyncio.shield(conn.close())
        self._free = asyncio.Queue()

    async def _guarded(self, work: Callable[[psycopg.AsyncConnection[Any]], Awaitable[T]]) -> T:
        """Run ``work`` on a free connection, to its end even if the caller is cancelled:
        a statement cut off half-way would leave the connection unusable."""
        if not self._conns:
            raise RuntimeError("the journal is not open; use `async with journal:`")

        async def on_a_connection() -> T:
            conn = await self._free.get()
            try:
                return await work(conn)
            finally:
                self._free.put_nowait(conn)

        task = asyncio.ensure_future(on_a_connection())
        self._running.add(task)
        task.add_done_callback(self._running.discard)
        return await asyncio.shield(task)

    async def _execute(
        self, sql: str, params: Sequence[Any] = ()
    ) -> tuple[list[dict[str, Any]], int]:
        async def work(conn: psycopg.AsyncConnection[Any]) -> tuple[list[dict[str, Any]], int]:
            cursor = await conn.execute(sql, tuple(params))
            rows = await cursor.fetchall() if cursor.description else []
            return rows, cursor.rowcount

        return await self._guarded(work)

    async def _transaction(self, statements: Sequence[Statement]) -> list[list[dict[str, Any]]]:
        async def work(conn: psycopg.AsyncConnection[Any]) -> list[list[dict[str, Any]]]:
            found: list[list[dict[str, Any]]] = []
            async with conn.transaction():
                for sql, params in statements:
                    cursor = await conn.execute(sql, tuple(params))
                    found.append(await cursor.fetchall() if cursor.description else [])
            return found

        return await self._guarded(work)

    async def _create(self) -> None:
        # Two workers creating the tables at once would collide: one lock per schema.
        await self._execute("SELECT pg_advisory_lock(hashtext(%s))", (self.schema,))
        try:
            await self._execute(f'CREATE SCHEMA IF NOT EXISTS "{self.schema}"')
            await super()._create()
        finally:
            await self._execute("SELECT pg_advisory_unlock(hashtext(%s))", (self.schema,))

    async def drop(self) -> None:
        """Delete this batch: its schema and everything in it."""
        await self._execute(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE')
