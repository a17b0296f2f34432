"""Pytest fixtures for your own tests: an A2E emulator and a client pointed at it.

Enable them with ``pytest_plugins = ["a2e_async.testing"]`` in your ``conftest.py``::

    async def test_my_pipeline(a2e_client):
        video = await a2e_client.videos.generate_and_wait(...)

``a2e_emulator`` runs on an ephemeral loopback port with ``time_scale=0.001`` (a one-minute
render takes 60 ms) and a fixed seed; override the ``a2e_emulator_options`` fixture to
change that. Nothing leaves the machine and no API key is needed.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio

from .client import A2EClient
from .config import PollPolicy
from .emulator import Emulator

__all__ = ["FAST_POLL", "a2e_client", "a2e_emulator", "a2e_emulator_options"]

FAST_POLL = PollPolicy(initial_delay=0.01, factor=1.5, max_interval=0.05, deadline=30.0)
"""A poll policy that suits the emulator's compressed clock."""


@pytest.fixture
def a2e_emulator_options() -> dict[str, Any]:
    """Keyword arguments for the ``a2e_emulator`` fixture's :class:`Emulator`."""
    return {"time_scale": 0.001, "seed": 1234}


@pytest_asyncio.fixture
async def a2e_emulator(a2e_emulator_options: dict[str, Any]) -> AsyncIterator[Emulator]:
    """A running emulator on 127.0.0.1 (ephemeral port)."""
    async with Emulator(**a2e_emulator_options) as emu:
        yield emu


@pytest_asyncio.fixture
async def a2e_client(a2e_emulator: Emulator) -> AsyncIterator[A2EClient]:
    """A client pointed at ``a2e_emulator`` with a fast poll policy. It ignores proxy
    variables: a machine's ``HTTP_PROXY`` must not route loopback calls elsewhere."""
    async with A2EClient(
        api_key="sk_test_emulator",
        base_url=a2e_emulator.url,
        poll_policy=FAST_POLL,
        trust_env=False,
    ) as client:
        yield client
