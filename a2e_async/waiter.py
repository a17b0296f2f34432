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
import math
import random
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from datetime import datetime
from typing import Any, Generic, TypeVar

import anyio
import attrs

from .config import PollPolicy
from .errors import (
    A2EError,
    AuthenticationError,
    NotFoundError,
    TaskFailed,
    TaskNotFound,
    ValidationError,
    WaitTimeout,
)

__all__ = ["TaskKind", "TaskWaiter"]

log = logging.getLogger("a2e_async.waiter")

_MAX_PENDING_UPDATES = 64

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


class _Subscription:
    """One wait on one task: its latest state, schedule, deadline and pending updates."""

    __slots__ = (
        "attempt",
        "deadline_at",
        "error",
        "interval",
        "kind",
        "last_error",
        "latest",
        "next_due",
        "policy",
        "seen",
        "started",
        "task_id",
        "updates",
        "wakeup",
    )

    def __init__(
        self, kind: TaskKind[Any], task_id: str, policy: PollPolicy, now: float, initial: Any
    ) -> None:
        self.kind = kind
        self.task_id = task_id
        self.policy = policy
        self.started = now
        self.deadline_at = now + policy.deadline
        # A wait that starts from a fresh task (from its start call) first polls after the
        # initial delay; one that starts from a bare id polls at once.
        self.attempt = 1 if initial is not None else 0
        self.interval = policy.initial_delay if initial is not None else 0.0
        self.next_due = now + self.interval
        self.latest: Any = initial
        self.seen: tuple[str, Any] | None = None
        self.error: BaseException | None = None
        self.last_error: A2EError | None = None
        # A list and a bare future, not a deque and an Event: those two cost 1.5 KB per
        # wait, which adds up with 10,000 waits in flight.
        self.updates: list[Any] = []
        self.wakeup: asyncio.Future[None] | None = None
        if initial is not None:
            self._note(initial)

    @property
    def done(self) -> bool:
        return self.error is not None or (
            self.latest is not None and self.kind.is_terminal(self.latest)
        )

    def _note(self, task: Any) -> None:
        kind = self.kind
        key = (kind.status(task), kind.progress(task) if kind.progress else None)
        if key != self.seen:
            self.seen = key
            if len(self.updates) >= _MAX_PENDING_UPDATES:
                del self.updates[0]  # a watcher that falls behind sees the latest states
            self.updates.append(task)
            self._wake()

    def deliver(self, task: Any) -> None:
        self.latest = task
        self.last_error = None
        self._note(task)

    def fail(self, error: BaseException) -> None:
        if self.error is None:
            self.error = error
            self._wake()

    def _wake(self) -> None:
        if self.wakeup is not None and not self.wakeup.done():
            self.wakeup.set_result(None)

    async def changed(self) -> None:
        """Return at the next update or error (its one follower calls this)."""
        self.wakeup = asyncio.get_running_loop().create_future()
        try:
            await self.wakeup
        finally:
            self.wakeup = None

    def schedule(self, now: float, rng: random.Random) -> None:
        """Advance the backoff after a check; use A2E's progress to poll near the end."""
        interval = self.policy.interval(self.attempt)
        self.attempt += 1
        pct = self.kind.progress(self.latest) if self.kind.progress and self.latest else None
        elapsed = now - self.started
        if pct and pct > 0 and elapsed > 0:
            # 100 % but not ended (a video's "copy" phase): it ends any moment, so the next
            # check comes after the initial delay, not after a full backed-off interval.
            eta = elapsed * max(100 - pct, 0) / pct
            interval = max(min(interval, eta), min(self.policy.initial_delay, interval), 0.05)
        spread = self.policy.jitter
        if spread:
            interval *= rng.uniform(1 - spread, 1 + spread)
        self.interval = interval
        self.next_due = min(now + interval, self.deadline_at)


class _Poller:
    """One loop refreshing the subscriptions of one family (or of one task, uncoalesced)."""

    def __init__(self, waiter: TaskWaiter, kind: TaskKind[Any], coalesced: bool) -> None:
        self.waiter = waiter
        self.kind = kind
        self.coalesced = coalesced
        self.subs: dict[str, list[_Subscription]] = {}
        self.wake = asyncio.Event()
        self.task: asyncio.Task[None] | None = None

    def add(self, sub: _Subscription) -> None:
        self.subs.setdefault(sub.task_id, []).append(sub)
        self.wake.set()
        if self.task is None:
            self.task = asyncio.get_running_loop().create_task(
                self._run(), name=f"a2e-poller-{self.kind.family}"
            )

    def remove(self, sub: _Subscription) -> None:
        group = self.subs.get(sub.task_id)
        if group and sub in group:
            group.remove(sub)
            if not group:
                del self.subs[sub.task_id]
        if not self.subs and self.task is not None:
            # Nothing left to wait for: stop now, even in the middle of a request. A later
            # wait gets a fresh poller.
            self.task.cancel()
            self.task = None
            self.waiter._forget(self)

    def _all(self) -> list[_Subscription]:
        return [s for group in self.subs.values() for s in group]

    async def _run(self) -> None:
        try:
            while self.subs:
                now = self.waiter.clock()
                subs = self._all()
                due_at = min(s.next_due for s in subs)
                if due_at > now:
                    await self._nap(due_at - now)
                    continue
                # Coalesce: also refresh tasks due within half their interval; it is free.
                due = [s for s in subs if s.next_due <= now + 0.5 * s.interval]
                await self._refresh(due)
                now = self.waiter.clock()
                for sub in due:
                    if sub.done:
                        continue
                    if now >= sub.deadline_at:
                        timeout = WaitTimeout(
                            family=self.kind.family,
                            task_id=sub.task_id,
                            task=sub.latest,
                            deadline=sub.policy.deadline,
                        )
                        timeout.__cause__ = sub.last_error
                        sub.fail(timeout)
                    else:
                        sub.schedule(now, self.waiter.rng)
                self._drop_done()
        except asyncio.CancelledError:
            raise
        except BaseException as exc:  # a bug must reach the waiters, not hang them
            for sub in self._all():
                sub.fail(exc)
            raise
        finally:
            self.waiter._forget(self)

    def _drop_done(self) -> None:
        for task_id in [tid for tid, group in self.subs.items() if all(s.done for s in group)]:
            del self.subs[task_id]

    async def _nap(self, seconds: float) -> None:
        self.wake.clear()
        async with anyio.create_task_group() as tg:

            async def sleeper() -> None:
                await self.waiter.sleep(seconds)
                tg.cancel_scope.cancel()

            tg.start_soon(sleeper)
            await self.wake.wait()
            tg.cancel_scope.cancel()

    async def _refresh(self, due: list[_Subscription]) -> None:
        ids = list(dict.fromkeys(s.task_id for s in due))
        try:
            await self._fetch(ids)
        except AuthenticationError as exc:
            for sub in due:
                sub.fail(exc)
            return
        except A2EError as exc:
            # Transient trouble (after the session's own retries): keep waiting until the
            # deadline, which then reports this error as its cause.
            log.warning("refreshing %d %s task(s) failed: %s", len(ids), self.kind.family, exc)
            for sub in due:
                sub.last_error = exc
            return

    def _deliver(self, tasks: Iterable[Any], found: set[str]) -> None:
        # Delivered as each response arrives, so a refresh never holds a second copy of
        # every in-flight task (10,000 of them at a time, with paged lists).
        kind = self.kind
        for task in tasks:
            task_id = kind.task_id(task)
            found.add(task_id)
            subs = self.subs.get(task_id)
            if subs:
                for sub in subs:
                    sub.deliver(task)
                self.waiter._check_status(kind, task)

    async def _fetch(self, ids: list[str]) -> None:
        """Deliver fresh states for ``ids`` (and any other waited task a list showed)."""
        kind = self.kind
        found: set[str] = set()
        if self.coalesced:
            if kind.batch is not None:
                for start in range(0, len(ids), kind.batch_size):
                    self._deliver(await kind.batch(ids[start : start + kind.batch_size]), found)
            # A list costs at least one request plus a read for each task that left it,
            # so it only pays off for more than one task.
            elif kind.processing is not None and len(ids) > 1:
                self._deliver(await kind.processing(), found)
            elif kind.list_page is not None and len(ids) > 1:
                await self._read_pages(set(ids), found)
        missing = [i for i in ids if i not in found]
        for task_id in missing:
            try:
                self._deliver([await kind.get(task_id)], found)
            except NotFoundError as exc:
                error = TaskNotFound(
                    "not found: deleted, expired or a wrong id",
                    family=kind.family,
                    task_id=task_id,
                )
                error.__cause__ = exc
                for sub in self.subs.get(task_id, ()):
                    sub.fail(error)

    async def _read_pages(self, wanted: set[str], found: set[str]) -> None:
        kind = self.kind
        assert kind.list_page is not None
        oldest = _oldest(s.latest for sid in wanted for s in self.subs.get(sid, ()))
        # Never stop short of the pages the in-flight tasks alone fill: every task left out
        # costs a one-task read, and a page covers page_size of them.
        depth = max(kind.max_pages, 2 * math.ceil(len(self.subs) / kind.page_size))
        for page in range(1, depth + 1):
            items = await kind.list_page(page, kind.page_size)
            self._deliver(items, found)
            if wanted.issubset(found) or len(items) < kind.page_size:
                return
            last = kind.created_at(items[-1]) if items else None
            if oldest is not None and last is not None and last < oldest:
                return  # newest first: the rest of the list is older than every wait


def _oldest(tasks: Iterable[Any]) -> datetime | None:
    stamps: list[datetime | None] = [getattr(t, "created_at", None) for t in tasks if t is not None]
    if not stamps or any(s is None for s in stamps):
        return None  # an unknown creation time: read as deep as the page cap allows
    return min(s for s in stamps if s is not None)


class TaskWaiter:
    """Waits for tasks of any family; one per client, shared by every resource."""

    def __init__(
        self,
        *,
        default_policy: PollPolicy | None = None,
        clock: Clock | None = None,
        sleep: Sleep | None = None,
        seed: int | None = None,
    ) -> None:
        self.default_policy = default_policy
        self.clock: Clock = clock or (lambda: asyncio.get_running_loop().time())
        self.sleep: Sleep = sleep or anyio.sleep
        self.rng = random.Random(seed)
        self._pollers: dict[Any, _Poller] = {}
        self._unknown_statuses: set[tuple[str, str]] = set()

    def policy_for(self, kind: TaskKind[Any], policy: PollPolicy | None) -> PollPolicy:
        """The policy a wait uses: the call's, else the client's, else the family's."""
        return policy or self.default_policy or kind.policy

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
        follow = self._follow(kind, task_id, policy, initial, cancel_remote)
        # The subscription holds the newest state; pinning the first one here as well
        # would keep two copies of every task alive for the whole wait.
        del initial
        result: T | None = None
        async for task in follow:
            result = task
            if on_progress is not None:
                outcome = on_progress(task)
                if outcome is not None:
                    await outcome
        assert result is not None
        return result

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
        follow = self._follow(kind, task_id, policy, initial, False)
        del initial  # the subscription holds the newest state (see wait)
        async for task in follow:
            yield task

    async def _follow(
        self,
        kind: TaskKind[T],
        task_id: str,
        policy: PollPolicy | None,
        initial: T | None,
        cancel_remote: bool,
    ) -> AsyncIterator[T]:
        _check_id(task_id)
        chosen = self.policy_for(kind, policy)
        sub = _Subscription(kind, task_id, chosen, self.clock(), initial)
        poller = self._poller_for(kind, sub, chosen.coalesce)
        if initial is not None and kind.is_terminal(initial):
            sub.updates.clear()
            sub.updates.append(initial)
        else:
            poller.add(sub)
        del initial  # the subscription holds the newest state (see wait)
        finished = False
        try:
            while True:
                while sub.updates:
                    task = sub.updates.pop(0)
                    yield task
                    if kind.is_terminal(task):
                        finished = True
                        self._raise_if_failed(kind, task)
                        return
                if sub.error is not None:
                    raise sub.error
                if not sub.updates and sub.error is None:
                    await sub.changed()
        finally:
            poller.remove(sub)
            # Cancel remotely when the caller gave up (cancelled or timed out), not when the
            # task ended or vanished on its own.
            gave_up = sub.error is None or isinstance(sub.error, WaitTimeout)
            if cancel_remote and not finished and gave_up and kind.cancel is not None:
                await _cancel_remote(kind, task_id)

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

    def _poller_for(self, kind: TaskKind[Any], sub: _Subscription, coalesce: bool) -> _Poller:
        key: Any = kind.family if coalesce else sub
        poller = self._pollers.get(key)
        if poller is None:
            poller = self._pollers[key] = _Poller(self, kind, coalesce)
        return poller

    def _forget(self, poller: _Poller) -> None:
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


def _check_id(task_id: str) -> None:
    if not isinstance(task_id, str) or not task_id:
        raise ValidationError("task_id", "must be a non-empty string")
