"""A receiver started by the client for a block (``A2EClient.serve_webhooks``)."""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from ._defaults import webhook_defaults
from ._receiver import WebhookReceiver, WebhookServer

if TYPE_CHECKING:
    from ..client import A2EClient

__all__ = ["serve_for"]


@contextlib.asynccontextmanager
async def serve_for(
    client: A2EClient, host: str, port: int, *, path: str, public_url: str | None
) -> AsyncIterator[WebhookServer]:
    """See :meth:`A2EClient.serve_webhooks`; the client's previous default comes back after."""
    before = client._webhook
    token = before.get("webhook_token") or secrets.token_urlsafe(32)
    receiver = WebhookReceiver(client, token=token)
    async with receiver.serve(host, port, path) as server:
        # Checked like any webhook_url: a plain-http URL is refused unless on loopback.
        client._use_webhook(webhook_defaults(public_url or server.url, token))
        try:
            yield server
        finally:
            client._use_webhook(before)
