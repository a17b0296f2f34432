""":class:`Emulator`: the app served on a loopback socket, as an async context manager."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import TracebackType
from typing import Any

from aiohttp import web

from ._web import STATE
from .app import create_app
from .faults import FAULTS, FaultRule, parse_faults
from .webhooks import WEBHOOKS

__all__ = ["Emulator"]


class Emulator:
    """A local fake of the A2E API on a real socket.

    ``async with Emulator(time_scale=0.001) as emu:`` then point a client at ``emu.url``.
    ``port=0`` binds an ephemeral port; ``url`` reports the real one. ``time_scale``
    multiplies every simulated duration (a 60 s job takes 0.6 s at 0.01); ``seed`` makes
    durations, failures and faults reproducible; ``token`` pins the one accepted token;
    ``faults`` is a spec like ``"5xx=0.05,429=0.03"``; ``fail_rate`` makes that share of
    tasks fail; ``durations`` overrides per-family ranges in A2E seconds; ``coins`` and
    ``diamonds`` are each new user's starting balances (raise them for big benchmarks).
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        time_scale: float = 1.0,
        seed: int | None = None,
        token: str | None = None,
        faults: str | Sequence[FaultRule] | None = None,
        fail_rate: float = 0.0,
        durations: Mapping[str, tuple[float, float]] | None = None,
        coins: int = 100_000,
        diamonds: int = 10,
        retry_after: float = 1.0,
        webhooks: Mapping[str, object] | None = None,
    ) -> None:
        self.host = host
        self.port = port
        self.app = create_app(
            time_scale=time_scale,
            seed=seed,
            token=token,
            faults=faults,
            fail_rate=fail_rate,
            durations=durations,
            coins=coins,
            diamonds=diamonds,
            retry_after=retry_after,
            webhook_switches=webhooks,
        )
        self._runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        """Base URL without a trailing slash, e.g. ``http://127.0.0.1:54321``."""
        if self._runner is None:
            raise RuntimeError("the emulator is not running; call start() first")
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    async def start(self) -> None:
        if self._runner is not None:
            return
        runner = web.AppRunner(self.app, access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        try:
            await web.TCPSite(runner, self.host, self.port).start()
        except BaseException:
            await runner.cleanup()
            raise
        self.port = int(runner.addresses[0][1])
        self._runner = runner

    async def stop(self) -> None:
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    async def __aenter__(self) -> Emulator:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    def stats(self) -> dict[str, dict[str, int]]:
        """Same as ``GET /_emulator/stats``."""
        return self.app[STATE].stats()

    def tasks(self) -> list[dict[str, Any]]:
        """Same as ``GET /_emulator/tasks``."""
        return self.app[STATE].task_rows()

    def reset(self) -> None:
        """Same as ``POST /_emulator/reset``: forget all users, tasks and counters."""
        self.app[STATE].reset()
        self.app[WEBHOOKS].reset()

    def advance(self, seconds: float) -> None:
        """Move the emulator's clock forward by ``seconds`` of A2E time."""
        self.app[STATE].clock.advance(seconds)
        self.app[WEBHOOKS].poke()

    def set_webhooks(self, **switches: object) -> None:
        """Same as ``POST /_emulator/webhooks``: change some delivery switches."""
        sender = self.app[WEBHOOKS]
        sender.switches = sender.switches.updated(switches)

    def webhooks(self) -> dict[str, Any]:
        """Same as ``GET /_emulator/webhooks``: switches, counters, newest deliveries."""
        return self.app[WEBHOOKS].view()

    def set_faults(self, spec: str | None) -> None:
        """Replace the fault rules (``None`` or ``""`` turns faults off)."""
        self.app[FAULTS].rules = parse_faults(spec)
