"""The receiving end: an ``aiohttp.web`` handler that checks a delivery and wakes waits.

Everything refused (a wrong or missing ``X-A2e-Webhook-Token``, an oversized, non-JSON or
unreadable body) gets the same bare ``400``: a caller probing the endpoint learns nothing
about which check failed. An accepted delivery answers ``204`` at once; the waits it names
are then confirmed by one read each, in the background, so A2E's single attempt is never
held up by the API.
"""

from __future__ import annotations

import contextlib
import hmac
import inspect
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any

import attrs
from aiohttp import web

from ..errors import ValidationError
from ._defaults import DEFAULT_MAX_BODY, DEFAULT_PATH, TOKEN_HEADER
from ._payload import WebhookEvent, parse_event

if TYPE_CHECKING:
    from ..client import A2EClient
    from ..waiter import TaskWaiter

__all__ = [
    "DEFAULT_MAX_BODY",
    "DEFAULT_PATH",
    "TOKEN_HEADER",
    "WebhookReceiver",
    "WebhookServer",
]

log = logging.getLogger("a2e_async.webhooks")

OnEvent = Callable[[WebhookEvent, bytes], Awaitable[None] | None]


def _refused() -> web.Response:
    return web.Response(status=400)


class WebhookReceiver:
    """Checks A2E's webhook deliveries and wakes the matching waits of this process.

    ``WebhookReceiver(client)`` wakes ``client``'s waits and checks the client's
    ``webhook_token``; pass ``token=`` to check another, ``waiters=`` to wake more clients'
    waits (or, with no client, only those), ``on_event`` to see every accepted delivery
    (with its raw body, e.g. to forward it to other processes). A token is required: without
    one anyone could make this process read tasks on demand.

    Mount :meth:`handle` in your own ``aiohttp.web`` app (:meth:`add_to`), or run it alone
    with :meth:`serve`. Wakes are hints: each one costs a single confirming read, duplicated
    and late deliveries reach no wait, and a wait that gets none keeps polling.
    """

    def __init__(
        self,
        client: A2EClient | None = None,
        *,
        token: str | None = None,
        waiters: Sequence[TaskWaiter] = (),
        on_event: OnEvent | None = None,
        max_body: int = DEFAULT_MAX_BODY,
    ) -> None:
        if token is None and client is not None:
            token = client._webhook.get("webhook_token")
        if not isinstance(token, str) or not token:
            raise ValidationError(
                "token", "a webhook token is required (token=, or the client's webhook_token)"
            )
        if isinstance(max_body, bool) or not isinstance(max_body, int) or max_body < 1:
            raise ValidationError("max_body", "must be a positive number of bytes")
        self._token = token.encode()
        self._waiters = [*([client.waiter] if client is not None else []), *waiters]
        self._on_event = on_event
        self.max_body = max_body
        self.accepted = 0
        """Deliveries accepted so far (whether or not they named a waited task)."""
        self.refused = 0
        """Deliveries refused so far."""

    def __repr__(self) -> str:  # the token stays out
        return f"<WebhookReceiver accepted={self.accepted} refused={self.refused}>"

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """The ``aiohttp.web`` handler (POST): ``204`` when accepted, a bare ``400`` if not."""
        body = await self._checked_body(request)
        if body is None:
            self.refused += 1
            return _refused()
        try:
            payload = json.loads(body)
        except ValueError:  # also UnicodeDecodeError
            self.refused += 1
            return _refused()
        self.accepted += 1
        event = self._wake(payload)
        if self._on_event is not None:
            try:
                outcome = self._on_event(event, body)
                if inspect.isawaitable(outcome):
                    await outcome
            except Exception:  # a user's callback must not turn into a failed delivery
                log.exception("the webhook on_event callback failed")
        return web.Response(status=204)

    async def _checked_body(self, request: web.Request) -> bytes | None:
        """The body if the token matches and it fits ``max_body``, else ``None`` (unread)."""
        given = request.headers.get(TOKEN_HEADER, "").encode("utf-8", "surrogateescape")
        # compare_digest takes as long for any wrong token of a given length.
        if not hmac.compare_digest(given, self._token):
            return None
        if request.content_length is not None and request.content_length > self.max_body:
            return None
        chunks: list[bytes] = []
        size = 0
        try:
            async for chunk in request.content.iter_chunked(16 * 1024):
                size += len(chunk)
                if size > self.max_body:
                    return None
                chunks.append(chunk)
        except (OSError, ValueError) as exc:  # a broken or malformed upload
            log.debug("unreadable webhook body: %s", exc)
            return None
        return b"".join(chunks)

    def _wake(self, payload: Any) -> WebhookEvent:
        event = parse_event(payload)
        if not event.task_ids:
            # Unknown shapes are expected (A2E does not document the body): note and move on.
            log.info("webhook without a task id ignored (event %r)", event.event)
            return event
        woken = sum(
            waiter.notify(None, task_id) for task_id in event.task_ids for waiter in self._waiters
        )
        log.debug("webhook %r for %s woke %d wait(s)", event.event, event.task_ids, woken)
        return attrs.evolve(event, woken=woken)

    def add_to(self, app: web.Application, path: str = DEFAULT_PATH) -> None:
        """Mount :meth:`handle` at ``POST path`` in ``app``."""
        app.router.add_post(path, self.handle)

    @contextlib.asynccontextmanager
    async def serve(
        self, host: str = "127.0.0.1", port: int = 0, path: str = DEFAULT_PATH
    ) -> AsyncIterator[WebhookServer]:
        """Run this receiver alone on ``host:port`` (``0``: any free port) while in the block.

        ``async with receiver.serve(port=8080) as server:`` then give A2E ``server.url``
        (behind your HTTPS proxy, unless A2E and this process share a machine).
        """
        app = web.Application(client_max_size=self.max_body)
        self.add_to(app, path)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        try:
            site = web.TCPSite(runner, host, port)
            await site.start()
            bound = int(runner.addresses[0][1])
            shown = f"[{host}]" if ":" in host else host
            yield WebhookServer(
                url=f"http://{shown}:{bound}{path}", host=host, port=bound, receiver=self
            )
        finally:
            await runner.cleanup()


@attrs.frozen
class WebhookServer:
    """A running standalone receiver (see :meth:`WebhookReceiver.serve`)."""

    url: str
    """``http://host:port/path`` it listens on."""
    host: str
    """The address it listens on."""
    port: int
    """The port it listens on (the one picked, when ``0`` was asked for)."""
    receiver: WebhookReceiver = attrs.field(repr=False)
    """The receiver it serves (its ``accepted`` / ``refused`` counters)."""
