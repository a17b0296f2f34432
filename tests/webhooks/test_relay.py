"""``a2e webhooks serve``: a standalone receiver relaying to the processes that own waits."""

from __future__ import annotations

import asyncio
import json

import pytest
from click.testing import CliRunner

from a2e_async.cli.commands import cli
from a2e_async.cli.webhooks import serve_relay
from a2e_async.webhooks import WebhookReceiver

from .conftest import TOKEN, Rig, until


async def test_the_relay_wakes_the_worker_that_owns_the_wait(
    rig: Rig, capsys: pytest.CaptureFixture[str]
) -> None:
    """A2E calls the relay; it forwards to every worker (one down), the owner's wait ends
    after one read, the other worker wakes nothing, and one JSON line is printed."""
    stop = asyncio.Event()
    started: asyncio.Future[str] = asyncio.get_running_loop().create_future()
    idle = WebhookReceiver(token=TOKEN)  # a worker with no waits
    async with idle.serve() as idle_server:
        workers = [rig.server.url, idle_server.url, "http://127.0.0.1:9/unreachable"]
        relay = asyncio.ensure_future(
            serve_relay("127.0.0.1", 0, "/a2e/webhook", TOKEN, workers, started=started, stop=stop)
        )
        relay_url = await started
        waiting = asyncio.ensure_future(
            rig.client.text_to_image.start_and_wait(
                prompt="relayed", webhook_url=relay_url, webhook_token=TOKEN
            )
        )
        await until(lambda: rig.client.waiter.active_pollers == 1, "a wait")
        rig.emulator.advance(3600)
        await asyncio.wait_for(waiting, 30)
        await until(lambda: idle.accepted == 1, "the idle worker's copy")
        stop.set()
        await relay
    assert len(rig.status_reads()) == 1
    assert rig.receiver.accepted == 1
    [line] = capsys.readouterr().out.splitlines()
    shown = json.loads(line)
    assert (shown["event"], shown["forwarded"]) == ("task.completed", 2)
    assert len(shown["task_ids"]) == 1
    assert TOKEN not in line


def test_serve_needs_a_token(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without --token or A2E_WEBHOOK_TOKEN the command refuses to start (usage error)."""
    monkeypatch.delenv("A2E_WEBHOOK_TOKEN", raising=False)
    result = CliRunner().invoke(cli, ["webhooks", "serve", "--port", "0"])
    assert result.exit_code == 2
    assert "--token" in result.output
