"""Shared by the examples: use the real API when A2E_API_KEY is set, else the emulator."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager

from anyio.from_thread import start_blocking_portal

from a2e_async import A2E, A2EClient, PollPolicy
from a2e_async.emulator import Emulator

# The emulator runs A2E's clock 100x faster; poll on the same compressed clock.
EMULATOR_POLL = PollPolicy(initial_delay=0.03, factor=1.5, max_interval=0.15, deadline=60)


@asynccontextmanager
async def open_client() -> AsyncIterator[A2EClient]:
    """A client for A2E itself when A2E_API_KEY is set, otherwise for a local emulator."""
    if os.environ.get("A2E_API_KEY"):
        async with A2EClient() as client:
            yield client
        return
    async with (
        Emulator(time_scale=0.01, seed=1) as emu,
        A2EClient(api_key="sk_example", base_url=emu.url, poll_policy=EMULATOR_POLL) as client,
    ):
        print(f"(no A2E_API_KEY: using the emulator at {emu.url})")
        yield client


@contextmanager
def open_blocking_client() -> Iterator[A2E]:
    """:func:`open_client` for the blocking facade: A2E for the real API or an emulator."""
    if os.environ.get("A2E_API_KEY"):
        with A2E() as client:
            yield client
        return
    # The emulator is an async server: it runs on an event loop in a thread of its own.
    with (
        start_blocking_portal() as portal,
        portal.wrap_async_context_manager(Emulator(time_scale=0.01, seed=1)) as emu,
        A2E(api_key="sk_example", base_url=emu.url, poll_policy=EMULATOR_POLL) as client,
    ):
        print(f"(no A2E_API_KEY: using the emulator at {emu.url})")
        yield client
