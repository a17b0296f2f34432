"""A standalone receiver that relays deliveries to the processes that own the waits.

A2E calls one URL, but waits may live in several processes (workers behind a load
balancer). The relay is that URL: it checks each delivery's token like any receiver, then
POSTs the same body, with the same token header, to every worker's own receiver (each wakes
only the waits it has; the others ignore it). A worker the relay cannot reach loses nothing:
its waits finish by polling. One attempt per worker, no retries, as A2E does.

It talks to the workers with its own small ``aiohttp`` client: those requests carry the
webhook token, never the A2E API token, so they stay out of the SDK's session.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence

import aiohttp

from ._payload import WebhookEvent
from ._receiver import DEFAULT_MAX_BODY, TOKEN_HEADER, WebhookReceiver

__all__ = ["relay_receiver"]

log = logging.getLogger("a2e_async.webhooks")

_FORWARD_TIMEOUT = 10.0


def relay_receiver(
    token: str,
    forward_to: Sequence[str],
    session: aiohttp.ClientSession,
    *,
    on_relayed: Callable[[WebhookEvent, int], None] | None = None,
    max_body: int = DEFAULT_MAX_BODY,
) -> WebhookReceiver:
    """A receiver (no waits of its own) that forwards each accepted delivery to every URL of
    ``forward_to`` through ``session``; ``on_relayed(event, delivered)`` is told how many
    workers answered 2xx."""
    targets = tuple(forward_to)

    async def forward(url: str, raw: bytes) -> bool:
        headers = {TOKEN_HEADER: token, "Content-Type": "application/json"}
        timeout = aiohttp.ClientTimeout(total=_FORWARD_TIMEOUT)
        try:
            async with session.post(url, data=raw, headers=headers, timeout=timeout) as answer:
                return answer.status < 300
        except (aiohttp.ClientError, TimeoutError) as exc:
            log.warning("relaying a webhook to %s failed: %s", url, type(exc).__name__)
            return False

    async def on_event(event: WebhookEvent, raw: bytes) -> None:
        results = await asyncio.gather(*(forward(url, raw) for url in targets))
        if on_relayed is not None:
            on_relayed(event, sum(results))

    return WebhookReceiver(token=token, on_event=on_event, max_body=max_body)
