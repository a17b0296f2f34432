"""A standalone receiver that relays deliveries to the processes that own the waits.

A2E calls one URL, but waits may live in several processes (workers behind a load
balancer). The relay is that URL: it checks each delivery's token like any receiver, answers
A2E at once, then POSTs the same body, with the same token header, to every worker's own
receiver in the background (each wakes only the waits it has; the others ignore it). A
worker the relay cannot reach loses nothing: its waits finish by polling. One attempt per
worker, no retries, as A2E does; for the same reason a forward that finds the relay at its
bound is dropped (with a warning), not queued.

It talks to the workers with its own small ``aiohttp`` client: those requests carry the
webhook token, never the A2E API token, so they stay out of the SDK's session.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable, Sequence
from types import TracebackType

import aiohttp
import attrs

from ._defaults import DEFAULT_MAX_BODY, TOKEN_HEADER
from ._payload import WebhookEvent
from ._receiver import WebhookReceiver

__all__ = ["DEFAULT_DRAIN_TIMEOUT", "DEFAULT_MAX_IN_FLIGHT", "WebhookRelay"]

log = logging.getLogger("a2e_async.webhooks")

_FORWARD_TIMEOUT = 10.0
DEFAULT_MAX_IN_FLIGHT = 64
"""Forwards (one delivery to one worker) running at once; more are dropped."""
DEFAULT_DRAIN_TIMEOUT = 2.0
"""Seconds :meth:`WebhookRelay.aclose` lets running forwards finish before cancelling them."""


@attrs.define
class _Tally:
    """One delivery's forwards: how many are still running and how many got a 2xx."""

    event: WebhookEvent
    running: int
    delivered: int = 0


class WebhookRelay:
    """Forwards each delivery its :attr:`receiver` accepts to every URL of ``forward_to``
    through ``session``; ``on_relayed(event, delivered)`` is told, once that delivery's
    forwards have ended, how many workers answered 2xx (a dropped or cancelled forward
    counts as not delivered).

    Use it as ``async with WebhookRelay(...) as relay:`` around the server of
    :attr:`receiver`, inside the ``session`` block: leaving it waits up to
    ``drain_timeout`` seconds for the forwards still running, then cancels them.
    """

    def __init__(
        self,
        token: str,
        forward_to: Sequence[str],
        session: aiohttp.ClientSession,
        *,
        on_relayed: Callable[[WebhookEvent, int], None] | None = None,
        max_body: int = DEFAULT_MAX_BODY,
        max_in_flight: int = DEFAULT_MAX_IN_FLIGHT,
        drain_timeout: float = DEFAULT_DRAIN_TIMEOUT,
    ) -> None:
        self.receiver = WebhookReceiver(token=token, on_event=self._accept, max_body=max_body)
        """The receiver to serve at the URL A2E calls (it wakes no waits of its own)."""
        self._token = token
        self._targets = tuple(forward_to)
        self._session = session
        self._on_relayed = on_relayed
        self._max_in_flight = max_in_flight
        self._drain_timeout = drain_timeout
        self._forwards: set[asyncio.Task[bool]] = set()

    def __repr__(self) -> str:  # the token stays out
        return f"<WebhookRelay targets={len(self._targets)} in_flight={self.in_flight}>"

    @property
    def in_flight(self) -> int:
        """Forwards running now."""
        return len(self._forwards)

    async def __aenter__(self) -> WebhookRelay:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Wait up to ``drain_timeout`` seconds for the running forwards, cancel the rest."""
        try:
            if self._forwards:
                await asyncio.wait(self._forwards, timeout=self._drain_timeout)
        finally:  # also when this wait is itself cancelled: no forward outlives the relay
            late = set(self._forwards)
            for task in late:
                task.cancel()
            if late:
                log.warning("relay closing: %d webhook forward(s) cancelled", len(late))
                await asyncio.wait(late)

    def _accept(self, event: WebhookEvent, raw: bytes) -> None:
        # Synchronous on purpose: the receiver answers A2E as soon as this returns.
        room = max(self._max_in_flight - len(self._forwards), 0)
        started, dropped = self._targets[:room], self._targets[room:]
        for url in dropped:
            log.warning(
                "relay busy (%d forwards in flight): a webhook is not forwarded to %s",
                len(self._forwards),
                url,
            )
        tally = _Tally(event, running=len(started))
        if not started:
            self._report(tally)
            return
        loop = asyncio.get_running_loop()
        for url in started:
            task = loop.create_task(self._forward(url, raw))
            self._forwards.add(task)
            task.add_done_callback(functools.partial(self._forward_done, tally))

    async def _forward(self, url: str, raw: bytes) -> bool:
        headers = {TOKEN_HEADER: self._token, "Content-Type": "application/json"}
        timeout = aiohttp.ClientTimeout(total=_FORWARD_TIMEOUT)
        try:
            async with self._session.post(url, data=raw, headers=headers, timeout=timeout) as got:
                return got.status < 300
        except (aiohttp.ClientError, TimeoutError) as exc:
            log.warning("relaying a webhook to %s failed: %s", url, type(exc).__name__)
            return False

    def _forward_done(self, tally: _Tally, task: asyncio.Task[bool]) -> None:
        self._forwards.discard(task)
        try:
            # result() re-raises a bug in _forward into the loop's handler, which logs it.
            if not task.cancelled() and task.result():
                tally.delivered += 1
        finally:
            tally.running -= 1
            if tally.running == 0:
                self._report(tally)

    def _report(self, tally: _Tally) -> None:
        if self._on_relayed is None:
            return
        try:
            self._on_relayed(tally.event, tally.delivered)
        except Exception:  # a user's callback must not break the other deliveries
            log.exception("the webhook on_relayed callback failed")
