"""``a2e webhooks serve``: a standalone webhook receiver, optionally relaying to workers.

It needs no A2E token: it only checks ``X-A2e-Webhook-Token`` and prints one JSON line per
accepted delivery (its event and task ids). With ``--forward URL`` (repeatable) it relays
each delivery to those receivers: the pattern for waits spread over several processes.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence

import aiohttp
import click

from ..webhooks import DEFAULT_PATH, ENV_WEBHOOK_TOKEN, WebhookEvent
from ..webhooks._relay import WebhookRelay
from ._app import EXIT_INTERRUPTED, EXIT_OK

__all__ = ["serve_relay", "webhooks"]


@click.group(name="webhooks")
def webhooks() -> None:
    """Receive A2E's webhooks (task.completed / task.failed)."""


@webhooks.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="address to listen on")
@click.option("--port", type=int, default=8080, show_default=True, help="0 picks a free port")
@click.option("--path", default=DEFAULT_PATH, show_default=True, help="URL path of the receiver")
@click.option(
    "--token",
    envvar=ENV_WEBHOOK_TOKEN,
    required=True,
    help=f"the webhook_token your start calls send (or {ENV_WEBHOOK_TOKEN})",
)
@click.option(
    "--forward",
    "forward_to",
    multiple=True,
    metavar="URL",
    help="relay each accepted delivery to this receiver too (repeatable)",
)
def serve(host: str, port: int, path: str, token: str, forward_to: tuple[str, ...]) -> int:
    """Listen for webhooks; print one JSON line per accepted delivery (Ctrl-C stops)."""
    try:
        asyncio.run(serve_relay(host, port, path, token, forward_to))
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    return EXIT_OK


async def serve_relay(
    host: str,
    port: int,
    path: str,
    token: str,
    forward_to: Sequence[str],
    *,
    started: asyncio.Future[str] | None = None,
    stop: asyncio.Event | None = None,
) -> None:
    """Run the relay until ``stop`` is set (or forever); ``started`` gets its URL."""

    def show(event: WebhookEvent, delivered: int) -> None:
        line: dict[str, object] = {"event": event.event, "task_ids": list(event.task_ids)}
        if forward_to:
            line["forwarded"] = delivered
        click.echo(json.dumps(line))

    # Left in reverse: the server stops taking deliveries, then the relay lets its
    # forwards end (bounded), then their session closes.
    async with (
        aiohttp.ClientSession() as session,
        WebhookRelay(token, forward_to, session, on_relayed=show) as relay,
        relay.receiver.serve(host, port, path) as server,
    ):
        click.echo(f"listening on {server.url}", err=True)
        if started is not None:
            started.set_result(server.url)
        await (stop or asyncio.Event()).wait()
