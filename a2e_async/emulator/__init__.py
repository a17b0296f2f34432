"""A local fake of the A2E API: a real aiohttp server on loopback.

It shares no code with the SDK: it speaks raw JSON shaped after A2E's documented examples,
so a wrong field name in the SDK fails against it. Start it in tests with
``async with Emulator(time_scale=0.001) as emu`` or from a shell with
``python -m a2e_async.emulator --port 8080``.
"""

from __future__ import annotations

from .app import create_app
from .server import Emulator

__all__ = ["Emulator", "create_app"]
