"""The machinery behind :class:`~a2e_async.waiter.TaskWaiter`: subscriptions and pollers.

A subscription is one wait on one task (its latest state, backoff schedule and deadline); a
poller is the one loop that refreshes the subscriptions of a family, or of a single task
when coalescing is off. ``waiter.py`` holds the public side.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import anyio

from ._coalesce import fetch
from .config import PollPolicy
from .errors import A2EError, AuthenticationError, ValidationError, WaitTimeout

if TYPE_CHECKING:
    from .waiter import TaskKind, TaskWaiter

__all__ = ["Poller", "Subscription"]

log = logging.getLogger("a2e_async.waiter")

_MAX_PENDING_UPDATES = 64
_DEADLINE_GRACE = 0.5
# A wait whose read is shared checks near its expected end this much more often: a share of
# the saving coalescing makes, spent on seeing the end sooner (200 videos, quick fan-out:
# 22-25x fewer status requests than per-task waits at 0.74-0.77x their p95 detect delay).
_SHARED_NEAR = 0.6


class Subscription:
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
        "seen_progress",
        "seen_status",
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
        # The last status and progress handed out (two slots: a tuple per wait costs more).
        self.seen_status: str | None = None
        self.seen_progress: Any = None
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
        status = kind.status(task)
        progress = kind.progress(task) if kind.progress else None
        if status != self.seen_status or progress != self.seen_progress:
            self.seen_status, self.seen_progress = status, progress
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

    def next_update(self) -> Any:
        """The oldest state not handed out yet, else ``None``; once every state is out, the
        wait's error is raised instead."""
        if self.updates:
            return self.updates.pop(0)
        if self.error is not None:
            raise self.error
        return None

    def changed(self) -> asyncio.Future[None]:
        """A future that is done at the next update or error (for the one follower)."""
        self.wakeup = asyncio.get_running_loop().create_future()
        return self.wakeup

    def timeout(self) -> WaitTimeout:
        """The error for a deadline that passed, with the last read failure as its cause."""
        error = WaitTimeout(
            family=self.kind.family,
            task_id=self.task_id,
            task=self.latest,
            deadline=self.policy.deadline,
        )
        error.__cause__ = self.last_error
        return error

    def schedule(self, now: float, rng: random.Random, *, shared: bool = False) -> None:
        """Advance the backoff after a check; use A2E's progress to poll near the end.

        ``shared``: this wait's reads are shared with other waits (a coalesced poller with
        more than one task), so a check costs it a fraction of a request: near its expected
        end it checks more often, and without jitter (aligned waits share more reads).
        """
        interval = self.policy.interval(self.attempt)
        self.attempt += 1
        pct = self.kind.progress(self.latest) if self.kind.progress and self.latest else None
        elapsed = now - self.started
        if pct and pct > 0 and elapsed > 0:
            # 100 % but not ended (a video's "copy" phase): it ends any moment, so the next
            # check comes after the initial delay, not after a full backed-off interval.
            eta = elapsed * max(100 - pct, 0) / pct
            near = min(self.policy.initial_delay, interval) * (_SHARED_NEAR if shared else 1.0)
            interval = max(min(interval, eta), near, 0.05)
        spread = 0.0 if shared else self.policy.jitter
        if spread:
            interval *= rng.uniform(1 - spread, 1 + spread)
        self.interval = interval
        self.next_due = min(now + interval, self.deadline_at)


class Poller:
    """One loop refreshing the subscriptions of one family (or of one task, uncoalesced)."""

    def __init__(self, waiter: TaskWaiter, kind: TaskKind[Any], coalesced: bool) -> None:
        self.waiter = waiter
        self.kind = kind
        self.coalesced = coalesced
        # The waits of each task id: one wait itself (the usual case, no list per wait)
        # or a list when several wait for the same task.
        self.subs: dict[str, Subscription | list[Subscription]] = {}
        self.wake = asyncio.Event()
        self.task: asyncio.Task[None] | None = None

    def add(self, sub: Subscription) -> None:
        other = self.subs.get(sub.task_id)
        if other is None:
            self.subs[sub.task_id] = sub
        elif isinstance(other, list):
            other.append(sub)
        else:
            self.subs[sub.task_id] = [other, sub]
        self.wake.set()
        if self.task is None or self.task.done():
            self.task = asyncio.get_running_loop().create_task(
                self._run(), name=f"a2e-poller-{self.kind.family}"
            )

    def remove(self, sub: Subscription) -> None:
        group = self.subs.get(sub.task_id)
        if group is sub:
            del self.subs[sub.task_id]
        elif isinstance(group, list) and sub in group:
            group.remove(sub)
            if not group:
                del self.subs[sub.task_id]
        if not self.subs and self.task is not None:
            # Nothing left to wait for: stop now, even in the middle of a request. A later
            # wait gets a fresh poller.
            self.task.cancel()
            self.task = None
            self.waiter._forget(self)

    def waits_for(self, task_id: str) -> Sequence[Subscription]:
        """The waits on ``task_id`` (none when nobody waits for it)."""
        group = self.subs.get(task_id)
        if group is None:
            return ()
        return group if isinstance(group, list) else (group,)

    def _all(self) -> list[Subscription]:
        return [s for task_id in self.subs for s in self.waits_for(task_id)]

    async def _run(self) -> None:
        try:
            while True:
                # A finished wait whose follower has not picked it up yet is not polled:
                # its due time stays in the past and would make this loop spin.
                self._drop_done()
                subs = [s for s in self._all() if not s.done]
                if not subs:
                    return
                now = self.waiter.clock()
                due_at = min(s.next_due for s in subs)
                if due_at > now:
                    await self._nap(due_at - now)
                    continue
                # Coalesce: also refresh the tasks due soon, as the same requests read them.
                # Shared, that is every task due within its interval (the next read of the
                # others comes by then anyway); alone, within half of it.
                shared = self.coalesced and len(self.subs) > 1
                ahead = 1.0 if shared else 0.5
                due = [s for s in subs if s.next_due <= now + ahead * s.interval]
                # A read that hangs (retries and timeouts can outlast a deadline) is cut off
                # shortly after the nearest deadline, so that wait ends on time; the others
                # are read again next cycle. One timer per cycle, none per wait.
                budget = max(0.0, min(s.deadline_at for s in due) - now) + _DEADLINE_GRACE
                with anyio.move_on_after(budget):
                    await self._refresh(due)
                now = self.waiter.clock()
                for sub in due:
                    if sub.done:
                        continue
                    if now >= sub.deadline_at:
                        sub.fail(sub.timeout())
                    else:
                        sub.schedule(now, self.waiter.rng, shared=shared)
        except asyncio.CancelledError:
            raise
        except BaseException as exc:  # a bug must reach the waiters, not hang them
            for sub in self._all():
                sub.fail(exc)
            raise
        finally:
            self.waiter._forget(self)

    def _drop_done(self) -> None:
        for task_id in [tid for tid in self.subs if all(s.done for s in self.waits_for(tid))]:
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

    async def _refresh(self, due: list[Subscription]) -> None:
        try:
            await fetch(self, list(dict.fromkeys(s.task_id for s in due)))
        except A2EError as exc:
            self.settle(due, exc)

    def settle(self, subs: list[Subscription], exc: A2EError) -> None:
        """What a failed read means for the waits it was for."""
        if isinstance(exc, AuthenticationError | ValidationError):
            # Not transient: waiting longer cannot help.
            for sub in subs:
                sub.fail(exc)
            return
        try:
            self.waiter.ensure_open()  # closed meanwhile: no later read can succeed
        except A2EError as closed:
            for sub in subs:
                sub.fail(closed)
            return
        # Transient trouble (after the session's own retries): keep waiting until the
        # deadline, which then reports this error as its cause.
        log.warning("refreshing %d %s task(s) failed: %s", len(subs), self.kind.family, exc)
        for sub in subs:
            sub.last_error = exc

    def deliver(self, tasks: Iterable[Any], found: set[str]) -> None:
        """Hand each task to its waits, as each response arrives, so a refresh never holds
        a second copy of every in-flight task (10,000 of them at a time, with paged lists)."""
        kind = self.kind
        for task in tasks:
            task_id = kind.task_id(task)
            found.add(task_id)
            subs = self.waits_for(task_id)
            if subs:
                for sub in subs:
                    sub.deliver(task)
                self.waiter._check_status(kind, task)
