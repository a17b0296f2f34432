"""Fixtures for the `a2e` tests: an emulator in a background thread, and ways to run `a2e`.

The CLI runs its own event loop (``asyncio.run``), so an emulator that must outlive one
command (to wait for a task twice, or to pin a token) runs on a loop in another thread.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from a2e_async.cli.commands import cli
from a2e_async.emulator import Emulator

KEY = "sk_cli_test_token_0123456789abcdef"
"""The token the tests send (an emulator may pin it)."""


class ThreadedEmulator:
    """An :class:`Emulator` served by an event loop in a daemon thread."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self.emulator: Emulator | None = None

    def __enter__(self) -> ThreadedEmulator:
        self._thread.start()
        self.emulator = self.call(self._start)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.emulator is not None:
            self.call(self.emulator.stop)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()

    async def _start(self) -> Emulator:
        emulator = Emulator(**self._options)
        await emulator.start()
        return emulator

    def call(self, make: Callable[[], Any]) -> Any:
        """Run ``make()`` (a coroutine function) on the emulator's loop; its result."""

        async def wrapped() -> Any:
            return await make()

        return asyncio.run_coroutine_threadsafe(wrapped(), self._loop).result(timeout=30)

    def sync(self, fn: Callable[[], Any]) -> Any:
        """Run the plain function ``fn`` on the emulator's loop (its state is not locked)."""

        async def wrapped() -> Any:
            return fn()

        return asyncio.run_coroutine_threadsafe(wrapped(), self._loop).result(timeout=30)

    @property
    def url(self) -> str:
        assert self.emulator is not None
        return self.emulator.url

    def tasks(self) -> list[dict[str, Any]]:
        """Every task the emulator holds."""
        assert self.emulator is not None
        return list(self.sync(self.emulator.tasks))

    def stats(self) -> dict[str, dict[str, int]]:
        assert self.emulator is not None
        return dict(self.sync(self.emulator.stats))

    def advance(self, seconds: float) -> None:
        """Move the emulator's clock forward by ``seconds`` of A2E time."""
        assert self.emulator is not None
        emulator = self.emulator
        self.sync(lambda: emulator.advance(seconds))


@pytest.fixture
def server() -> Iterator[ThreadedEmulator]:
    """A fast emulator (time scale 0.001) that outlives single commands."""
    with ThreadedEmulator(time_scale=0.001, seed=11) as emu:
        yield emu


@pytest.fixture
def slow_server() -> Iterator[ThreadedEmulator]:
    """An emulator on A2E's own clock (a video takes about a minute): waits do not end
    unless the test moves its clock."""
    with ThreadedEmulator(time_scale=1.0, seed=11) as emu:
        yield emu


def invoke(args: Sequence[str], *, env: dict[str, str | None] | None = None) -> Result:
    """Run ``a2e ARGS`` in-process (click's runner); stdout and stderr kept apart."""
    base: dict[str, str | None] = {"A2E_API_KEY": None, "A2E_BASE_URL": None}
    return CliRunner().invoke(cli, list(args), env={**base, **(env or {})}, catch_exceptions=False)


def against(server: ThreadedEmulator, args: Sequence[str], key: str = KEY) -> Result:
    """Run ``a2e ARGS`` in-process with A2E_API_KEY / A2E_BASE_URL set to ``server``."""
    return invoke(args, env={"A2E_API_KEY": key, "A2E_BASE_URL": server.url})


def anchor(server: ThreadedEmulator | None = None) -> str:
    """The id of the first avatar ``a2e avatars list`` shows (``--emulator`` without a server)."""
    if server is None:
        done = invoke(["--emulator", "avatars", "list", "--json"])
    else:
        done = against(server, ["avatars", "list", "--json"])
    return str(json.loads(done.stdout.splitlines()[0])["id"])


def a2e_command() -> list[str]:
    """How to start the installed ``a2e`` script in a subprocess."""
    script = Path(sys.executable).with_name("a2e")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from a2e_async.cli import main; sys.exit(main())"]


def shell(
    args: Sequence[str], *, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``a2e ARGS`` as a subprocess (output piped, as in a script)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("A2E_")}
    return subprocess.run(
        [*a2e_command(), *args],
        capture_output=True,
        text=True,
        timeout=90,
        env={**clean, **(env or {})},
        cwd=cwd,
    )


@pytest.fixture
def media(tmp_path: Path) -> Path:
    """A small local file to upload (its bytes do not matter to the emulator)."""
    path = tmp_path / "clip.mp3"
    path.write_bytes(os.urandom(2048))
    return path
