"""Early wake-ups of waits (a webhook said a task changed): one confirming read per task.

A webhook only says "look now": the detail call stays the source of truth. So a wake never
ends a wait by itself; it reads the task once and hands the answer to every wait on that
task, exactly as a poll would. A wait that is not ended by that answer (an early or
forged-but-valid notice) keeps its normal poll schedule, and a wait that never gets a
webhook simply polls.

Families with ``batchDetail`` gather the notices of a short window (a small share of the
woken waits' first poll delay) and confirm them together, up to the batch size per read:
a burst of notices costs one read per window, not one per task. Families without it read
each woken task at once with their one-task call.

The reads happen here, beside the pollers rather than inside them: a poller refreshing
several due tasks at once may read list pages, while a wake must cost at most one read per
task, and must not wait for a poller that is napping or in the middle of another refresh.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Coroutine, Iterator
from typing import TYPE_CHECKING, Any

import attrs

from .config import PollPolicy
from .errors import A2EError, NotFoundError

if TYPE_CHECKING:
    from ._polling import Poller, Subscription
    from .waiter import TaskKind, TaskWaiter

__all__ = [
    "CONFIRM_WINDOW_SHARE",
    "DEFAULT_WEBHOOK_SLOWDOWN",
    "MAX_CONFIRM_WINDOW",
    "Waker",
    "slower",
]

log = logging.getLogger("a2e_async.webhooks")

DEFAULT_WEBHOOK_SLOWDOWN = 1.0
"""How much slower waits poll when webhooks are expected to wake them (intervals times this)."""
CONFIRM_WINDOW_SHARE = 0.05
"""A family with ``batchDetail`` confirms the notices that arrive within this share of the
woken waits' first poll delay with one read (text-to-image: 2 s, so a tenth of a second)..."""
MAX_CONFIRM_WINDOW = 0.5
"""...but within half a second at most, whatever the poll policy."""


def slower(policy: PollPolicy, factor: float) -> PollPolicy:
    """``policy`` with its first delay and its interval cap times ``factor`` (deadline kept)."""
    if factor == 1.0:
        return policy
    return attrs.evolve(
        policy,
        initial_delay=policy.initial_delay * factor,
        max_interval=policy.max_interval * factor,
    )


class Waker:
    """Reads tasks at once for the waits of one :class:`TaskWaiter` that a webhook named."""

    def __init__(self, waiter: TaskWaiter) -> None:
        self._waiter = waiter
        # One read in flight per (family, task id): duplicated deliveries share it.
        self._reads: dict[tuple[str, str], asyncio.Task[None]] = {}
        # Families with batchDetail: the ids noticed since their last read, and the task
        # that reads them once their window has passed (one per family at a time).
        self._pending: dict[str, dict[str, None]] = {}
        self._batches: dict[str, asyncio.Task[None]] = {}

    def notify(self, family: str | None, task_id: str) -> int:
        """Read ``task_id`` soon for every wait on it (of ``family``, or of any family).

        Returns how many waits it reached (0: nothing here waits for that task, e.g. a late
        or duplicated delivery, or a wait owned by another process). Call it on the event
        loop the waits run on (a receiver in the client's own app does).
        """
        kinds: dict[str, TaskKind[Any]] = {}
        windows: dict[str, float] = {}
        reached = 0
        for poller in self._pollers(family):
            live = [sub for sub in poller.waits_for(task_id) if not sub.done]
            if live:
                reached += len(live)
                name = poller.kind.family
                kinds.setdefault(name, poller.kind)
                first = min(sub.policy.initial_delay for sub in live)
                window = min(first * CONFIRM_WINDOW_SHARE, MAX_CONFIRM_WINDOW)
                windows[name] = min(window, windows.get(name, window))
        for name, kind in kinds.items():
            if kind.batch is not None:
                self._gather(kind, task_id, windows[name])
            elif (name, task_id) not in self._reads:
                self._track(self._reads, (name, task_id), self._confirm(kind, task_id))
        return reached

    def _track(
        self, tasks: dict[Any, asyncio.Task[None]], key: Any, work: Coroutine[Any, Any, None]
    ) -> None:
        task = asyncio.get_running_loop().create_task(work, name=f"a2e-wake-{key}")
        tasks[key] = task
        task.add_done_callback(functools.partial(_forget, tasks, key))

    def _gather(self, kind: TaskKind[Any], task_id: str, window: float) -> None:
        self._pending.setdefault(kind.family, {})[task_id] = None
        if kind.family not in self._batches:
            self._track(self._batches, kind.family, self._confirm_batches(kind, window))

    async def _confirm_batches(self, kind: TaskKind[Any], window: float) -> None:
        # Until a window passes without a notice: the notices that arrive during a read
        # wait for the next window, not for a read of their own.
        while True:
            await self._waiter.sleep(window)
            ids = [i for i in self._pending.pop(kind.family, ()) if self._subs(kind.family, i)]
            if not ids:
                # Gone from the table before this returns, not at the done callback a loop
                # turn later: a notice in between would find it and start no read.
                del self._batches[kind.family]
                return
            for start in range(0, len(ids), kind.batch_size):
                await self._confirm_many(kind, ids[start : start + kind.batch_size])

    async def _confirm_many(self, kind: TaskKind[Any], ids: list[str]) -> None:
        assert kind.batch is not None
        try:
            tasks = await kind.batch(ids)
        except A2EError as exc:
            log.warning(
                "confirming %d %s task(s) after webhooks failed: %s", len(ids), kind.family, exc
            )
            return  # the waits' own polls read them
        except asyncio.CancelledError:
            raise
        except BaseException as exc:
            self._fail(kind, ids, exc)
            raise
        found = {kind.task_id(task) for task in tasks}
        for task in tasks:
            self._hand_out(kind, kind.task_id(task), task)
        # batchDetail leaves out what it cannot show: those are read by id, as polls do.
        for task_id in ids:
            if task_id not in found and (kind.family, task_id) not in self._reads:
                self._track(self._reads, (kind.family, task_id), self._confirm(kind, task_id))

    def _pollers(self, family: str | None) -> Iterator[Poller]:
        seen: set[int] = set()
        for poller in list(self._waiter._pollers.values()):
            if id(poller) in seen or (family is not None and poller.kind.family != family):
                continue
            seen.add(id(poller))
            yield poller

    def _subs(self, family: str, task_id: str) -> list[Subscription]:
        return [
            sub
            for poller in self._pollers(family)
            for sub in poller.waits_for(task_id)
            if not sub.done
        ]

    def _hand_out(self, kind: TaskKind[Any], task_id: str, task: Any) -> None:
        subs = self._subs(kind.family, task_id)
        for sub in subs:
            sub.deliver(task)
        if subs:
            self._waiter._check_status(kind, task)

    def _fail(self, kind: TaskKind[Any], ids: list[str], exc: BaseException) -> None:
        # A bug must reach the waits, not vanish in a background task.
        for task_id in ids:
            for sub in self._subs(kind.family, task_id):
                sub.fail(exc)

    async def _confirm(self, kind: TaskKind[Any], task_id: str) -> None:
        try:
            task = await kind.get(task_id)
        except NotFoundError:
            return  # the waits' own polls report a task that is gone
        except A2EError as exc:
            log.warning(
                "confirming %s task %s after a webhook failed: %s", kind.family, task_id, exc
            )
            return
        except asyncio.CancelledError:
            raise
        except BaseException as exc:
            self._fail(kind, [task_id], exc)
            raise
        self._hand_out(kind, task_id, task)

    @property
    def reading(self) -> int:
        """Confirming reads in flight or gathering now."""
        return len(self._reads) + len(self._batches)

    async def aclose(self) -> None:
        """Cancel the reads in flight (the client is closing)."""
        reads = [*self._reads.values(), *self._batches.values()]
        for read in reads:
            read.cancel()
        if reads:
            await asyncio.gather(*reads, return_exceptions=True)
        self._pending.clear()


def _forget(tasks: dict[Any, asyncio.Task[None]], key: Any, task: asyncio.Task[None]) -> None:
    if tasks.get(key) is task:  # not a newer task under the same key
        del tasks[key]
