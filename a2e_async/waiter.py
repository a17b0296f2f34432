"""Waiting for A2E tasks: one generic loop over a family's :class:`TaskKind` (data).

Every wait becomes a subscription to a poller of its task family. With coalescing on (the
default) one poller per family refreshes every in-flight task of that family at once, in
the cheapest way the family allows: ``batchDetail`` with chunks of ids, else a processing
list, else the newest-first paged list, and the one-task call for any id not found. With
coalescing off, each wait gets a private poller that only uses the one-task call. Either
way the loop is the same: each subscription keeps its own backoff schedule and deadline.

Waits are budgeted by a wall-clock deadline, never by a count of attempts. ``clock`` and
``sleep`` are injectable so tests run a ten-minute task in milliseconds.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from datetime import datetime
from typing import Any, Generic, TypeVar

import anyio
import attrs

from ._polling import Poller, Subscription
from ._wake import DEFAULT_WEBHOOK_SLOWDOWN, Waker, slower
from .config import PollPolicy
from .errors import (
    A2EError,
    TaskFailed,
    WaitTimeout,
)
from .resources._params import path_id

__all__ = ["TaskKind", "TaskWaiter"]

log = logging.getLogger("a2e_async.waiter")


T = TypeVar("T")
Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]
ProgressCallback = Callable[[Any], Awaitable[None] | None]


@attrs.frozen
class TaskKind(Generic[T]):
    """What the waiter needs to know about one task family. Pure data plus fetchers.

    The fetchers are the resource's own coroutines; every one but ``get`` is optional and
    lets the poller refresh many tasks with one request.
    """

    family: str
    """The family name used across the SDK and the emulator (``video``, ``talking_video``...)."""
    get: Callable[[str], Awaitable[T]]
    """Read one task; raises ``NotFoundError`` when it is gone."""
    status: Callable[[T], str]
    """The task's status string."""
    success: frozenset[str]
    """Status values that mean done and good."""
    failure: frozenset[str]
    """Status values that mean done and failed."""
    running: frozenset[str]
    """Known in-progress values; anything else is unknown (logged once, keeps waiting)."""
    failure_detail: Callable[[T], tuple[str | None, str | None]]
    """A2E's failure ``(code, message)`` of a failed task."""
    policy: PollPolicy = PollPolicy()
    """Default poll policy for this family's usual durations."""
    task_id: Callable[[T], str] = attrs.field(default=lambda task: task.id)
    """The task's id."""
    created_at: Callable[[T], datetime | None] = attrs.field(
        default=lambda task: getattr(task, "created_at", None)
    )
    """When the task was created (to know how deep a newest-first list must be read)."""
    progress: Callable[[T], float | None] | None = None
    """Percent done, where the family reports one."""
    batch: Callable[[Sequence[str]], Awaitable[list[T]]] | None = None
    """``batchDetail``: read many tasks by id (ids not returned are read one by one)."""
    batch_size: int = 100
    """How many ids one ``batch`` call may carry."""
    processing: Callable[[], Awaitable[list[T]]] | None = None
    """The in-flight list: a task that left it is terminal and is read once."""
    list_page: Callable[[int, int], Awaitable[list[T]]] | None = None
    """``(page, page_size)`` of the newest-first list of all tasks."""
    page_size: int = 100
    """Page size used with ``list_page``."""
    max_pages: int = 20
    """Read at most this many pages in one refresh, or two per page-full of in-flight
    tasks when more are waiting."""
    cancel: Callable[[str], Awaitable[None]] | None = None
    """Cancel or delete the remote task, where A2E allows (used by ``cancel_remote=True``)."""

    def is_terminal(self, task: T) -> bool:
        """Whether ``task`` has ended, in success or failure."""
        status = self.status(task)
        return status in self.success or status in self.failure


class TaskWaiter:
    """Waits for tasks of any family; one per client, shared by every resource."""

    def __init__(
        self,
        *,
        default_policy: PollPolicy | None = None,
        clock: Clock | None = None,
        sleep: Sleep | None = None,
        seed: int | None = None,
        ensure_open: Callable[[], None] | None = None,
    ) -> None:
        self.default_policy = default_policy
        # The client's own check (closed, another event loop, a closed caller session): a
        # wait that cannot send fails at once with the error a read would raise, instead of
        # treating that error as transient until the deadline.
        self.ensure_open: Callable[[], None] = ensure_open or (lambda: None)
        self.clock: Clock = clock or (lambda: asyncio.get_running_loop().time())
        self.sleep: Sleep = sleep or anyio.sleep
        self.rng = random.Random(seed)
        self._pollers: dict[Any, Poller] = {}
        self._unknown_statuses: set[tuple[str, str]] = set()
        self._waker = Waker(self)
        self.webhook_families: frozenset[str] = frozenset()
        """Families whose waits expect a webhook (the client sends one on their starts):
        without a policy of their own they poll ``webhook_slowdown`` times slower."""
        self.webhook_slowdown = DEFAULT_WEBHOOK_SLOWDOWN

    def policy_for(self, kind: TaskKind[Any], policy: PollPolicy | None) -> PollPolicy:
        """The policy a wait uses: the call's, else the client's, else the family's (slower
        when webhooks are expected to wake it, see ``webhook_families``)."""
        if policy is not None:
            return policy
        chosen = self.default_policy or kind.policy
        if kind.family in self.webhook_families:
            return slower(chosen, self.webhook_slowdown)
        return chosen

    def notify(self, family: str | None, task_id: str) -> int:
        """Read ``task_id`` now for the waits on it (a webhook said it changed).

        ``family`` narrows the waits to one family; ``None`` reaches any family. One read of
        the family's one-task call confirms the news before a wait may end (polling stays
        the source of truth); duplicated notices share that read. Returns how many waits
        it reached. Call it on the loop the waits run on.
        """
        return self._waker.notify(family, task_id)

    async def wait(
        self,
        kind: TaskKind[T],
        task_id: str,
        *,
        policy: PollPolicy | None = None,
        initial: T | None = None,
        on_progress: ProgressCallback | None = None,
        cancel_remote: bool = False,
    ) -> T:
        """Wait until the task ends; return it on success.

        Raises :class:`TaskFailed` on failure, :class:`WaitTimeout` at the deadline (the
        task keeps running remotely), :class:`TaskNotFound` if it disappears. Cancelling the
        caller stops polling at once; ``cancel_remote=True`` then also cancels the task on
        A2E (and does so at the deadline too), where the family allows it.
        """
        sub, poller = self._subscribe(kind, task_id, policy, initial)
        # The subscription holds the newest state; pinning the first one here as well
        # would keep two copies of every task alive for the whole wait.
        del initial
        # A plain loop over the subscription's future, not an async generator: each of
        # 10,000 waits then costs one coroutine and one future, not a generator (and its
        # loop-wide weak reference) and a second coroutine besides.
        try:
            while True:
                task: T | None = sub.next_update()
                if task is None:
                    await sub.changed()
                    continue
                if on_progress is not None:
                    outcome = on_progress(task)
                    if outcome is not None:
                        await outcome
                if self._ended(kind, task):
                    return task
        finally:
            await self._unsubscribe(kind, sub, poller, cancel_remote)

    async def watch(
        self,
        kind: TaskKind[T],
        task_id: str,
        *,
        policy: PollPolicy | None = None,
        initial: T | None = None,
    ) -> AsyncIterator[T]:
        """Yield the task at every change of status or progress, ending with the final state.

        Ends normally on success and raises like :meth:`wait` otherwise.
        """
        sub, poller = self._subscribe(kind, task_id, policy, initial)
        del initial  # the subscription holds the newest state (see wait)
        try:
            while True:
                task: T | None = sub.next_update()
                if task is None:
                    await sub.changed()
                    continue
                yield task
                if self._ended(kind, task):
                    return
        finally:
            await self._unsubscribe(kind, sub, poller, False)

    def _subscribe(
        self, kind: TaskKind[T], task_id: str, policy: PollPolicy | None, initial: T | None
    ) -> tuple[Subscription, Poller | None]:
        """A new subscription to ``task_id``, handed to its poller unless it has ended."""
        path_id("task_id", task_id)
        self.ensure_open()
        chosen = self.policy_for(kind, policy)
        sub = Subscription(kind, task_id, chosen, self.clock(), initial)
        if initial is not None and kind.is_terminal(initial):
            sub.updates.clear()
            sub.updates.append(initial)
            return sub, None
        poller = self._poller_for(kind, sub, chosen.coalesce)
        poller.add(sub)
        return sub, poller

    async def _unsubscribe(
        self, kind: TaskKind[Any], sub: Subscription, poller: Poller | None, cancel_remote: bool
    ) -> None:
        if poller is not None:
            poller.remove(sub)
        # Cancel remotely when the caller gave up (cancelled or timed out), not when the
        # task ended or vanished on its own.
        ended = sub.latest is not None and kind.is_terminal(sub.latest)
        gave_up = sub.error is None or isinstance(sub.error, WaitTimeout)
        if cancel_remote and not ended and gave_up and kind.cancel is not None:
            await _cancel_remote(kind, sub.task_id)

    def _ended(self, kind: TaskKind[T], task: T) -> bool:
        """Whether ``task`` is the last state to hand out; raises TaskFailed if it failed."""
        if not kind.is_terminal(task):
            return False
        self._raise_if_failed(kind, task)
        return True

    def _raise_if_failed(self, kind: TaskKind[T], task: T) -> None:
        if kind.status(task) in kind.failure:
            code, message = kind.failure_detail(task)
            raise TaskFailed(
                family=kind.family,
                task_id=kind.task_id(task),
                task=task,
                code=code,
                message=message,
            )

    def _poller_for(self, kind: TaskKind[Any], sub: Subscription, coalesce: bool) -> Poller:
        key: Any = kind.family if coalesce else sub
        poller = self._pollers.get(key)
        if poller is None:
            poller = self._pollers[key] = Poller(self, kind, coalesce)
        return poller

    def _forget(self, poller: Poller) -> None:
        for key, value in list(self._pollers.items()):
            if value is poller:
                del self._pollers[key]

    def _check_status(self, kind: TaskKind[Any], task: Any) -> None:
        status = kind.status(task)
        if status in kind.running or status in kind.success or status in kind.failure:
            return
        key = (kind.family, status)
        if key not in self._unknown_statuses:
            self._unknown_statuses.add(key)
            log.warning("unknown %s status %r: treated as still running", kind.family, status)

    @property
    def active_pollers(self) -> int:
        """How many background pollers run now (0 when nothing is being waited for)."""
        return sum(1 for p in self._pollers.values() if p.task and not p.task.done())

    async def aclose(self) -> None:
        """Stop every poller; pending waits end with cancellation of their poller."""
        with anyio.CancelScope(shield=True):
            await self._waker.aclose()
        pollers = list(self._pollers.values())
        self._pollers.clear()
        tasks = [p.task for p in pollers if p.task is not None]
        for task in tasks:
            task.cancel()
        if tasks:
            with anyio.CancelScope(shield=True):
                await asyncio.gather(*tasks, return_exceptions=True)
        for poller in pollers:
            for sub in poller._all():
                sub.fail(A2EError("the client was closed while waiting"))


async def _cancel_remote(kind: TaskKind[Any], task_id: str) -> None:
    assert kind.cancel is not None
    with anyio.CancelScope(shield=True), anyio.move_on_after(10):
        try:
            await kind.cancel(task_id)
        except A2EError as exc:
            log.warning("could not cancel %s task %s: %s", kind.family, task_id, exc)
