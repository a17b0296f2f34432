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

import importlib
from typing import TYPE_CHECKING, Any

from ._defaults import (
    DEFAULT_MAX_BODY,
    DEFAULT_PATH,
    ENV_WEBHOOK_TOKEN,
    ENV_WEBHOOK_URL,
    TOKEN_HEADER,
)
from ._payload import WebhookEvent, task_ids

if TYPE_CHECKING:
    from ._receiver import WebhookReceiver, WebhookServer

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

# The SDK imports this package for its defaults; the receiver loads aiohttp.web (about a
# fifth of `import a2e_async`), so it is imported on first use of these names. Type checkers
# see the import above instead of __getattr__, so a misspelt name stays an error, not Any.
_LAZY = {"WebhookReceiver": "._receiver", "WebhookServer": "._receiver"}

if not TYPE_CHECKING:

    def __getattr__(name: str) -> Any:
        module = _LAZY.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module, __name__), name)
        globals()[name] = value  # later look-ups skip this function
        return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
