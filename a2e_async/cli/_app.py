"""How one command runs: settings, the client (or the embedded emulator), exit codes, Ctrl-C.

Every command that talks to A2E hands :func:`run` a coroutine taking a :class:`Run`; this
module opens the client, maps the SDK's errors to exit codes and one-line messages on stderr,
and turns Ctrl-C into "stop waiting" (exit 130) with the command that resumes the wait.
"""

from __future__ import annotations

import asyncio
import contextlib
import shlex
import signal
import sys
from collections.abc import Awaitable, Callable, Iterator, Sequence
from typing import Any

import anyio
import attrs
import click

from ..client import A2EClient
from ..config import PollPolicy
from ..errors import (
    A2EError,
    TaskError,
    ValidationError,
    WaitTimeout,
)
from .render import Output

__all__ = [
    "EMULATOR_TIME_SCALE",
    "EXIT_API",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_TASK_FAILED",
    "EXIT_TIMEOUT",
    "EXIT_USAGE",
    "Run",
    "Settings",
    "error_line",
    "exit_code_of",
    "run",
    "settings_of",
    "usage_error",
]

EXIT_OK = 0
EXIT_TASK_FAILED = 1
"""The task failed (or disappeared), or its result could not be saved."""
EXIT_USAGE = 2
"""Bad command line or parameters; nothing was sent."""
EXIT_API = 3
"""A2E refused the call (authentication, not found, credits...) or could not be reached."""
EXIT_TIMEOUT = 4
"""``--timeout`` passed while waiting; the task keeps running on A2E."""
EXIT_INTERRUPTED = 130
"""Ctrl-C: 128 + SIGINT, as shells report it."""

EMULATOR_TIME_SCALE = 0.01
"""``--emulator``'s default clock: a one-minute A2E render takes 0.6 s."""
_EMULATOR_KEY = "sk_a2e_cli_emulator"
_ROOT_FLAGS = {"api_key": "--api-key", "base_url": "--base-url"}


@attrs.define
class Settings:
    """The root command's options (``--api-key``, ``--base-url``, ``--emulator``...)."""

    api_key: str | None = None
    base_url: str | None = None
    emulator: bool = False
    time_scale: float = EMULATOR_TIME_SCALE

    def command_prefix(self) -> list[str]:
        """``a2e`` and the root options another command needs to reach the same server
        (never the API key: it stays in the environment)."""
        return ["a2e", "--base-url", self.base_url] if self.base_url else ["a2e"]


def settings_of(ctx: click.Context) -> Settings:
    """The root options of this invocation (defaults when a command runs on its own)."""
    found = ctx.find_object(Settings)
    return found if found is not None else Settings()


@attrs.define
class Run:
    """What a command's coroutine works with: the client, the output, and what it waits for."""

    client: A2EClient
    out: Output
    settings: Settings
    flags: dict[str, str] = attrs.field(factory=dict)
    """Python parameter name → the option that sets it, for error messages."""
    waiting: list[str] | None = None
    """While waiting: the command that resumes the wait (printed on Ctrl-C)."""

    @contextlib.contextmanager
    def resumable(self, command: Sequence[str]) -> Iterator[None]:
        """Mark a wait in progress, so Ctrl-C can say how to resume it."""
        self.waiting = list(command)
        yield
        # Cleared only when the wait ends normally: after Ctrl-C (a cancellation) it is
        # still there for the message.
        self.waiting = None


def exit_code_of(exc: BaseException) -> int:
    """The exit code for an error the SDK raised (see the CLI's docstring)."""
    if isinstance(exc, ValidationError):
        return EXIT_USAGE
    if isinstance(exc, WaitTimeout):
        return EXIT_TIMEOUT
    if isinstance(exc, TaskError):
        return EXIT_TASK_FAILED
    return EXIT_API


def error_line(message: str) -> None:
    """Print ``error: message`` as one line on stderr (never wrapped, whatever the width)."""
    click.echo(f"error: {' '.join(str(message).split())}", err=True)


def _describe(exc: A2EError, flags: dict[str, str]) -> str:
    text = str(exc)
    if isinstance(exc, ValidationError) and exc.param in flags:
        # Name the option the user typed, not the Python parameter behind it.
        prefix = f"{exc.param}: "
        rest = text[len(prefix) :] if text.startswith(prefix) else text
        return f"{flags[exc.param]}: {rest}"
    return text


def usage_error(exc: ValidationError, flags: dict[str, str]) -> click.UsageError:
    """A parameter the SDK refused, as a usage error naming the option (exit code 2)."""
    return click.UsageError(_describe(exc, {**_ROOT_FLAGS, **flags}))


def run(
    ctx: click.Context,
    work: Callable[[Run], Awaitable[int]],
    *,
    json_output: bool = False,
    flags: dict[str, str] | None = None,
) -> int:
    """Run ``work`` with a client for this invocation; returns the exit code.

    With ``--emulator`` an embedded emulator serves this one command. SDK errors become
    one line on stderr and their exit code; Ctrl-C stops the command (a wait in progress
    is left running on A2E and the command that resumes it is printed), exit 130.
    """
    settings = settings_of(ctx)
    out = Output(json_output=json_output)
    names = {**_ROOT_FLAGS, **(flags or {})}
    state: dict[str, Any] = {"run": None}
    try:
        return asyncio.run(_main(settings, out, work, names, state))
    except KeyboardInterrupt:
        # Only where no signal handler could be installed (not the main thread, Windows).
        return _interrupted(state["run"])
    except A2EError as exc:
        error_line(_describe(exc, names))
        return exit_code_of(exc)


async def _main(
    settings: Settings,
    out: Output,
    work: Callable[[Run], Awaitable[int]],
    flags: dict[str, str],
    state: dict[str, Any],
) -> int:
    async with contextlib.AsyncExitStack() as stack:
        api_key, base_url, poll = settings.api_key, settings.base_url, None
        if settings.emulator:
            from ..emulator import Emulator

            emulator = await stack.enter_async_context(Emulator(time_scale=settings.time_scale))
            api_key, base_url, poll = _EMULATOR_KEY, emulator.url, _scaled(settings.time_scale)
        try:
            client = A2EClient(api_key, base_url, poll_policy=poll)
        except ValidationError as exc:
            if exc.param == "api_key":
                raise click.UsageError(
                    "no API token: set A2E_API_KEY or pass --api-key (or try --emulator)"
                ) from None
            raise
        await stack.enter_async_context(client)
        current = Run(client=client, out=out, settings=settings, flags=flags)
        state["run"] = current
        with anyio.CancelScope() as scope, _on_ctrl_c(scope.cancel):
            return await work(current)
        # Only reached when Ctrl-C cancelled the scope.
        return _interrupted(current)
    raise AssertionError("unreachable")  # pragma: no cover - the exit stack never swallows


def _scaled(time_scale: float) -> PollPolicy:
    """Poll the embedded emulator on its clock: as for the real A2E, time-scaled."""
    return PollPolicy(
        initial_delay=max(3 * time_scale, 0.01),
        factor=1.5,
        max_interval=max(15 * time_scale, 0.05),
        deadline=4 * 3600 * time_scale + 30,
    )


@contextlib.contextmanager
def _on_ctrl_c(cancel: Callable[[], Any]) -> Iterator[None]:
    """Turn SIGINT into ``cancel()`` while inside (a no-op where the loop cannot do it)."""
    loop = asyncio.get_running_loop()
    try:
        loop.add_signal_handler(signal.SIGINT, cancel)
    except (NotImplementedError, RuntimeError, ValueError):  # pragma: no cover - Windows
        yield
        return
    try:
        yield
    finally:
        loop.remove_signal_handler(signal.SIGINT)


def _interrupted(current: Run | None) -> int:
    if current is not None and current.waiting:
        error_line("interrupted: stopped waiting; the task keeps running on A2E")
        click.echo(f"resume with: {shlex.join(current.waiting)}", err=True)
        if current.settings.emulator:
            click.echo(
                "(this was the embedded emulator: its tasks ended with the command)", err=True
            )
    else:
        error_line("interrupted")
    sys.stderr.flush()
    return EXIT_INTERRUPTED
