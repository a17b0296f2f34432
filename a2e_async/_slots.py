"""The client's concurrency limit: at most ``max_concurrency`` requests in flight.

``asyncio.Semaphore`` under ``async with`` costs about 8,500 instructions per request even
when a slot is free (two coroutines, a generator scanning the waiters); that was a fifth of
what the SDK adds to a raw aiohttp status call (``benchmarks/instructions.py``). Here a free
slot is taken by a plain call; only a request that must wait creates a future.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib

__all__ = ["Slots"]


class Slots:
    """A counting semaphore whose uncontended path is synchronous: ``try_take()`` or else
    ``await take()``, then exactly one ``give_back()``. Waiters are served first come,
    first served; a freed slot goes to the oldest waiter still waiting."""

    __slots__ = ("_free", "_waiters")

    def __init__(self, limit: int) -> None:
        if limit < 1:
            raise ValueError("limit must be at least 1")
        self._free = limit
        self._waiters: collections.deque[asyncio.Future[None]] = collections.deque()

    @property
    def free(self) -> int:
        """Slots nobody holds or has been handed."""
        return self._free

    def try_take(self) -> bool:
        """Take a slot if one is free and nobody waits for one (no queue jumping)."""
        if self._free and not self._waiters:
            self._free -= 1
            return True
        return False

    async def take(self) -> None:
        """Wait for a slot. Cancelled while waiting, it holds none: a slot handed to it in
        the meantime is passed on."""
        if self.try_take():
            return
        handed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append(handed)
        try:
            await handed
        except asyncio.CancelledError:
            if handed.done() and not handed.cancelled():
                self.give_back()  # handed a slot, then cancelled before running
            else:
                with contextlib.suppress(ValueError):
                    self._waiters.remove(handed)
            raise

    def give_back(self) -> None:
        """Release a slot: to the oldest waiter still waiting, else to the free count."""
        while self._waiters:
            handed = self._waiters.popleft()
            if not handed.done():
                handed.set_result(None)
                return
        self._free += 1
