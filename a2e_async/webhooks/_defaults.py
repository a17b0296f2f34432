"""The client's default webhook: checked once, sent on the start calls that take one.

Also the receiver's constants: they are here, not beside it, because the SDK imports this
module and a receiver's module loads ``aiohttp.web``, which only a receiver needs.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from .._fields import WebhookParams
from .._spec import Spec
from .._wake import DEFAULT_WEBHOOK_SLOWDOWN

__all__ = [
    "DEFAULT_MAX_BODY",
    "DEFAULT_PATH",
    "DEFAULT_WEBHOOK_SLOWDOWN",
    "ENV_WEBHOOK_TOKEN",
    "ENV_WEBHOOK_URL",
    "TOKEN_HEADER",
    "webhook_defaults",
    "webhook_families",
    "with_webhook",
]

ENV_WEBHOOK_URL = "A2E_WEBHOOK_URL"
ENV_WEBHOOK_TOKEN = "A2E_WEBHOOK_TOKEN"

TOKEN_HEADER = "X-A2e-Webhook-Token"
"""The header A2E echoes the call's ``webhook_token`` in."""
DEFAULT_MAX_BODY = 64 * 1024
"""The largest body a receiver accepts, in bytes (a task notice is a few hundred)."""
DEFAULT_PATH = "/a2e/webhook"
"""Where a receiver's ``add_to`` and ``serve`` mount it."""

_SPEC = Spec(WebhookParams)


def webhook_defaults(url: str | None, token: str | None) -> dict[str, str]:
    """The checked ``{webhook_url, webhook_token}`` a client adds (empty strings count as
    unset, so an empty environment variable turns the default off). A token without a URL
    is kept: it is the token a :class:`~a2e_async.webhooks.WebhookReceiver` checks. Raises
    ``ValidationError`` like a start call would."""
    given = {key: value for key, value in (("webhook_url", url), ("webhook_token", token)) if value}
    return {key: str(value) for key, value in _SPEC.check(given).items()}


def with_webhook(
    spec: Spec, params: Mapping[str, Any], defaults: Mapping[str, str]
) -> Mapping[str, Any]:
    """``params`` with the client's default webhook, for a call whose spec takes one and
    that names no URL of its own (its own token, if given, wins). A call that names its
    own URL gets no default token: that token belongs to the client's receiver."""
    if "webhook_url" not in defaults or "webhook_url" not in spec.fields:
        return params
    if params.get("webhook_url") is not None:
        return params
    merged = {**params, "webhook_url": defaults["webhook_url"]}
    if params.get("webhook_token") is None and "webhook_token" in defaults:
        merged["webhook_token"] = defaults["webhook_token"]
    return merged


@functools.cache
def webhook_families() -> frozenset[str]:
    """Families whose usual start call takes a webhook (A2E's catalog marks them)."""
    from ..resources import start_calls

    return frozenset(
        family for family, call in start_calls().items() if "webhook_url" in call.spec.fields
    )
