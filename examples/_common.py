"""Shared by the examples: use the real API when A2E_API_KEY is set, else the emulator."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from a2e_async import A2EClient, PollPolicy
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
