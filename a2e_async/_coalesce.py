"""How a poller reads the tasks it waits for, in as few requests as the family allows.

Coalesced, a family is read by ``batchDetail`` in chunks of ids, else by its processing list
(a task that left it has ended and is read by id), else by its newest-first paged list; any
id none of these showed is read by itself. Uncoalesced, every read is a read by id.

Reads by id run side by side (at most :data:`READS_AT_ONCE`) and each is time-boxed: one slow
or retried read neither holds up the others nor fails its wait; a read cut off is simply made
again at its wait's next check. List pages are read a few at a time, never more than the
waits still missing can fill.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

import anyio

from .errors import A2EError, NotFoundError, TaskNotFound

if TYPE_CHECKING:
    from ._polling import Poller

__all__ = ["MIN_READ_BOX", "PAGES_AT_ONCE", "READS_AT_ONCE", "fetch"]

log = logging.getLogger("a2e_async.waiter")

READS_AT_ONCE = 8
"""Reads by id one poller has in flight at most."""
PAGES_AT_ONCE = 4
"""List pages one poller reads side by side at most."""
MIN_READ_BOX = 2.0
"""Seconds a read by id may take at least before it is cut off (longer for waits that poll
less often: a read may take as long as its wait's current interval)."""


async def fetch(poller: Poller, ids: list[str]) -> None:
    """Deliver fresh states for ``ids`` (and any other waited task a list showed).

    A failed batch or list read raises (the caller decides what it means for the waits);
    a failed read by id is settled for that task's waits alone.
    """
    kind = poller.kind
    found: set[str] = set()
    if poller.coalesced:
        if kind.batch is not None:
            for start in range(0, len(ids), kind.batch_size):
                poller.deliver(await kind.batch(ids[start : start + kind.batch_size]), found)
        # A list costs at least one request plus a read for each task that left it,
        # so it only pays off for more than one task.
        elif kind.processing is not None and len(ids) > 1:
            poller.deliver(await kind.processing(), found)
        elif kind.list_page is not None and len(ids) > 1:
            await _read_pages(poller, set(ids), found)
    missing = [i for i in ids if i not in found]
    if not poller.coalesced:
        # A poller of its own: no other wait to hold up, so no time box either (the
        # deadline's cut-off still ends a read that hangs).
        for task_id in missing:
            await _read_one(poller, task_id, found, box=None)
    elif len(missing) == 1:
        await _read_one(poller, missing[0], found)
    elif missing:
        limiter = anyio.Semaphore(READS_AT_ONCE)

        async def bounded(task_id: str) -> None:
            async with limiter:
                await _read_one(poller, task_id, found)

        async with anyio.create_task_group() as tg:
            for task_id in missing:
                tg.start_soon(bounded, task_id)


async def _read_one(
    poller: Poller, task_id: str, found: set[str], *, box: float | None = MIN_READ_BOX
) -> None:
    kind = poller.kind
    subs = poller.waits_for(task_id)
    if box is not None:
        box = max([box, *(s.interval for s in subs)])
    with anyio.move_on_after(box) as scope:
        try:
            task = await kind.get(task_id)
        except NotFoundError as exc:
            error = TaskNotFound(
                "not found: deleted, expired or a wrong id", family=kind.family, task_id=task_id
            )
            error.__cause__ = exc
            for sub in subs:
                sub.fail(error)
            return
        except A2EError as exc:
            poller.settle(list(subs), exc)
            return
        poller.deliver([task], found)
    if scope.cancelled_caught:
        log.debug("reading %s task %s took over %s s: read again later", kind.family, task_id, box)


async def _read_pages(poller: Poller, wanted: set[str], found: set[str]) -> None:
    kind = poller.kind
    assert kind.list_page is not None
    oldest = _oldest(s.latest for sid in wanted for s in poller.waits_for(sid))
    # Never stop short of the pages the in-flight tasks alone fill: every task left out
    # costs a one-task read, and a page covers page_size of them.
    depth = max(kind.max_pages, 2 * math.ceil(len(poller.subs) / kind.page_size))
    page = 1
    while page <= depth:
        # Side by side only as many pages as the waits still missing must fill: a page more
        # would be a request that a short list or an early stop makes useless.
        missing = len(wanted - found)
        width = min(PAGES_AT_ONCE, depth - page + 1, max(1, math.ceil(missing / kind.page_size)))
        for items in await _read_window(kind.list_page, page, width, kind.page_size):
            # In list order, so the stop tests below see the newest pages first.
            if isinstance(items, A2EError):
                raise items
            poller.deliver(items, found)
            if wanted.issubset(found) or len(items) < kind.page_size:
                return
            last = kind.created_at(items[-1]) if items else None
            if oldest is not None and last is not None and last < oldest:
                return  # newest first: the rest of the list is older than every wait
        page += width


async def _read_window(
    list_page: Callable[[int, int], Awaitable[list[Any]]], first: int, width: int, size: int
) -> list[list[Any] | A2EError]:
    """Pages ``first`` .. ``first + width - 1`` read side by side; a page that failed holds
    its error (raised by the caller in list order, not as an exception group)."""
    pages: list[list[Any] | A2EError] = [[] for _ in range(width)]

    async def read(slot: int) -> None:
        try:
            pages[slot] = await list_page(first + slot, size)
        except A2EError as exc:
            pages[slot] = exc

    async with anyio.create_task_group() as tg:
        for slot in range(width):
            tg.start_soon(read, slot)
    return pages


def _oldest(tasks: Iterable[Any]) -> datetime | None:
    stamps: list[datetime | None] = [getattr(t, "created_at", None) for t in tasks if t is not None]
    if not stamps or any(s is None for s in stamps):
        return None  # an unknown creation time: read as deep as the page cap allows
    return min(s for s in stamps if s is not None)
