"""Client-wide pacing of requests: a rate cap and a shared pause after a 429 (no aiohttp)."""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

__all__ = ["RateGate"]


class RateGate:
    """Client-wide pacing: a requests-per-second cap and a shared pause after a 429.

    A request takes its slot right before it is sent, in arrival order, and at most
    ``burst`` go at once. A request cancelled while it waits for its turn takes no slot;
    one whose connection never opened gives its slot back (:meth:`give_back`). A 429
    anywhere pauses every request of the client. ``clock`` and ``sleep`` exist for tests.
    """

    def __init__(
        self,
        rate: float | None,
        *,
        burst: int = 10,
        clock: Callable[[], float] | None = None,
        sleep: Callable[[float], Awaitable[Any]] | None = None,
    ) -> None:
        self._interval = 1.0 / rate if rate else 0.0
        self._slack = self._interval * max(burst - 1, 0)
        # The time the next slot is due (GCRA's "theoretical arrival time").
        self._next_free = 0.0
        self._paused_until = 0.0
        self._clock = clock
        self._sleep = sleep or asyncio.sleep
        self._queue: deque[asyncio.Future[None]] = deque()

    def _now(self) -> float:
        return self._clock() if self._clock is not None else time.monotonic()

    def _delay(self, now: float) -> float:
        ready = self._paused_until
        if self._interval:
            ready = max(ready, self._next_free - self._slack)
        return ready - now

    def _take(self, now: float) -> float:
        if self._interval:
            self._next_free = max(now, self._next_free) + self._interval
        return self._next_free

    def take_now(self) -> float | None:
        """Take a slot if one is free and nobody is waiting; returns its token, else ``None``.

        Synchronous so that the common case (no cap, no pause) costs no extra await.
        """
        if not self._interval and not self._paused_until:
            return 0.0
        if self._queue:
            return None
        now = self._now()
        if self._paused_until and now >= self._paused_until:
            self._paused_until = 0.0
        if self._delay(now) > 0:
            return None
        return self._take(now)

    async def take(self) -> float:
        """Wait for this request's turn, then take its slot; returns its token.

        Waiters are served in order. Cancelling the wait takes no slot and lets the next
        waiter move up.
        """
        turn: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._queue.append(turn)
        try:
            if self._queue[0] is not turn:
                await turn
            while (delay := self._delay(self._now())) > 0:
                await self._sleep(delay)
            return self._take(self._now())
        finally:
            was_head = self._queue[0] is turn
            self._queue.remove(turn)
            if was_head and self._queue and not self._queue[0].done():
                self._queue[0].set_result(None)

    def give_back(self, token: float) -> None:
        """Return the slot of a request that never left this machine.

        Exact when no later slot was taken since; otherwise the slot stays used (a little
        slower, never over the cap).
        """
        if self._interval and token == self._next_free:
            self._next_free -= self._interval

    def pause(self, seconds: float) -> None:
        """Hold every request of this client for ``seconds`` from now."""
        self._paused_until = max(self._paused_until, self._now() + seconds)
