"""A receiver and an emulator on loopback, and a client whose default webhook points at it.

The emulator runs on a real-time clock (``time_scale=1``): a task ends only when a test
moves the clock (``advance``), and the client polls once an hour, so any read a test sees
is one a webhook caused (or the one poll a test asks for).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import Any

import attrs
import pytest_asyncio

from a2e_async import A2EClient, PollPolicy
from a2e_async.emulator import Emulator
from a2e_async.webhooks import WebhookReceiver, WebhookServer

TOKEN = "whsec-test-0123456789"
HOURLY = PollPolicy(initial_delay=3600.0, factor=1.0, max_interval=3600.0, deadline=7200.0)
"""Polls so rarely that no poll happens during a test."""
DETAIL = "/api/v1/userText2Image/{_id}"
BATCH = "/api/v1/userText2Image/batchDetail"
"""Text-to-image's two reads of task state: woken waits of a family with ``batchDetail``
confirm through it."""


@attrs.define
class Rig:
    emulator: Emulator
    client: A2EClient
    receiver: WebhookReceiver
    server: WebhookServer

    def reads(self, route: str) -> list[dict[str, Any]]:
        """The logged API requests to ``route`` (a route template)."""
        return [e for e in _requests(self.emulator) if e["route"] == route]

    def status_reads(self) -> list[dict[str, Any]]:
        """The text-to-image reads of task state (one task or ``batchDetail``)."""
        return [e for e in _requests(self.emulator) if e["route"] in (DETAIL, BATCH)]


def _requests(emulator: Emulator) -> list[dict[str, Any]]:
    from a2e_async.emulator._web import STATE

    log = emulator.app[STATE].request_log
    return [
        {"route": e["route"], "method": e["method"], "path": e["path"], "raw": e["raw"]}
        for e in log
    ]


async def until(condition: Callable[[], bool], what: str) -> None:
    """Yield to the loop until ``condition`` holds (a safety cap, not a timing assertion)."""
    for _ in range(20_000):
        if condition():
            return
        await asyncio.sleep(0.001)
    raise AssertionError(f"never happened: {what}")


@pytest_asyncio.fixture
async def rig() -> AsyncIterator[Rig]:
    async with (
        Emulator(time_scale=1.0, seed=7) as emulator,
        A2EClient(
            api_key="sk_test_webhooks",
            base_url=emulator.url,
            poll_policy=HOURLY,
            webhook_token=TOKEN,
        ) as client,
        client.serve_webhooks() as server,
    ):
        yield Rig(emulator, client, server.receiver, server)
