"""Webhooks that wake waits early; polling stays the source of truth.

A2E may POST a notice to a start call's ``webhook_url`` when the task completes or fails
(best effort: one attempt, no retries, body undocumented), with the call's
``webhook_token`` in the ``X-A2e-Webhook-Token`` header. :class:`WebhookReceiver` checks
that token in constant time, finds the task id(s) in whatever shape the body has, and makes
this process's waits on those tasks read them at once (one read each) instead of at their
next poll. A wait that never gets a notice finishes by polling, as it would without
webhooks::

    client = A2EClient(webhook_url="https://example.com/a2e/webhook", webhook_token=secret)
    receiver = WebhookReceiver(client)
    receiver.add_to(app)  # your aiohttp.web.Application, reachable at that URL
"""

from __future__ import annotations

from ._defaults import ENV_WEBHOOK_TOKEN, ENV_WEBHOOK_URL
from ._payload import WebhookEvent, task_ids
from ._receiver import DEFAULT_MAX_BODY, DEFAULT_PATH, TOKEN_HEADER, WebhookReceiver, WebhookServer

__all__ = [
    "DEFAULT_MAX_BODY",
    "DEFAULT_PATH",
    "ENV_WEBHOOK_TOKEN",
    "ENV_WEBHOOK_URL",
    "TOKEN_HEADER",
    "WebhookEvent",
    "WebhookReceiver",
    "WebhookServer",
    "task_ids",
]
