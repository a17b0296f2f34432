"""``a2e credits``: the account's balances, read with the key from the environment."""

from __future__ import annotations

import asyncio

from ..client import A2EClient
from ..errors import A2EError
from .output import Console


async def _credits(console: Console) -> int:
    try:
        async with A2EClient() as client:
            credits = await client.account.credits()
    except A2EError as exc:
        # Our messages never carry the token, so they are safe to print as they are.
        console.line(f"error: {exc}")
        return 1
    console.line(f"coins: {credits.coins:g}")
    console.line(f"diamonds: {credits.diamonds:g}")
    return 0


def run_credits() -> int:
    """Print coins and diamonds; exit code 1 on any A2E error (message printed)."""
    return asyncio.run(_credits(Console()))
