"""Early wake-ups of waits (a webhook said a task changed): one confirming read per task.

A webhook only says "look now": the detail call stays the source of truth. So a wake never
ends a wait by itself; it reads the task once with the family's one-task call and hands the
answer to every wait on that task, exactly as a poll would. A wait that is not ended by that
answer (an early or forged-but-valid notice) keeps its normal poll schedule, and a wait that
never gets a webhook simply polls.

The read happens here, beside the pollers rather than inside them: a poller refreshing
several due tasks at once may read list pages, while a wake must cost exactly one read, and
must not wait for a poller that is napping or in the middle of another refresh.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import attrs

from .config import PollPolicy
from .errors import A2EError, NotFoundError

if TYPE_CHECKING:
    from ._polling import Poller, Subscription
    from .waiter import TaskKind, TaskWaiter

__all__ = ["DEFAULT_WEBHOOK_SLOWDOWN", "Waker", "slower"]

log = logging.getLogger("a2e_async.webhooks")

DEFAULT_WEBHOOK_SLOWDOWN = 1.0
"""How much slower waits poll when webhooks are expected to wake them (intervals times this)."""


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
    """Reads a task at once for the waits of one :class:`TaskWaiter` that a webhook named."""

    def __init__(self, waiter: TaskWaiter) -> None:
        self._waiter = waiter
        # One read in flight per (family, task id): duplicated deliveries share it.
        self._reads: dict[tuple[str, str], asyncio.Task[None]] = {}

    def notify(self, family: str | None, task_id: str) -> int:
        """Read ``task_id`` now for every wait on it (of ``family``, or of any family).

        Returns how many waits it reached (0: nothing here waits for that task, e.g. a late
        or duplicated delivery, or a wait owned by another process). Call it on the event
        loop the waits run on (a receiver in the client's own app does).
        """
        kinds: dict[str, TaskKind[Any]] = {}
        reached = 0
        for poller in self._pollers(family):
            live = [sub for sub in poller.waits_for(task_id) if not sub.done]
            if live:
                reached += len(live)
                kinds.setdefault(poller.kind.family, poller.kind)
        for name, kind in kinds.items():
            key = (name, task_id)
            if key in self._reads:
                continue
            read = asyncio.get_running_loop().create_task(
                self._confirm(kind, task_id), name=f"a2e-wake-{name}"
            )
            self._reads[key] = read
            read.add_done_callback(functools.partial(self._done, key))
        return reached

    def _done(self, key: tuple[str, str], _: asyncio.Task[None]) -> None:
        self._reads.pop(key, None)

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
        except BaseException as exc:  # a bug must reach the waits, not vanish in a task
            for sub in self._subs(kind.family, task_id):
                sub.fail(exc)
            raise
        subs = self._subs(kind.family, task_id)
        for sub in subs:
            sub.deliver(task)
        if subs:
            self._waiter._check_status(kind, task)

    @property
    def reading(self) -> int:
        """Confirming reads in flight now."""
        return len(self._reads)

    async def aclose(self) -> None:
        """Cancel the reads in flight (the client is closing)."""
        reads = list(self._reads.values())
        for read in reads:
            read.cancel()
        if reads:
            await asyncio.gather(*reads, return_exceptions=True)
