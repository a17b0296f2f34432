"""``a2e webhooks serve``: a standalone receiver relaying to the processes that own waits.

The relay's own tests use a worker that blocks until released (``stuck``): whether the relay
answered A2E, forwarded, dropped or cancelled is then decided by events, not by timing.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import aiohttp
import attrs
import pytest
import pytest_asyncio
from aiohttp import web
from click.testing import CliRunner

from a2e_async.cli.commands import cli
from a2e_async.cli.webhooks import serve_relay
from a2e_async.webhooks import TOKEN_HEADER, WebhookEvent, WebhookReceiver
from a2e_async.webhooks._relay import WebhookRelay

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


@attrs.define
class Stuck:
    """A worker whose handler blocks until ``release`` is set."""

    url: str
    entered: asyncio.Event
    release: asyncio.Event


@pytest_asyncio.fixture
async def stuck() -> AsyncIterator[Stuck]:
    worker = Stuck("", asyncio.Event(), asyncio.Event())

    async def hang(request: web.Request) -> web.Response:
        worker.entered.set()
        await worker.release.wait()
        return web.Response(status=204)

    app = web.Application()
    app.router.add_post("/a2e/webhook", hang)
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.1)
    await runner.setup()
    try:
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        worker.url = f"http://127.0.0.1:{runner.addresses[0][1]}/a2e/webhook"
        yield worker
    finally:
        worker.release.set()  # lets a handler still blocked end, so cleanup does not wait
        await runner.cleanup()


class Relayed:
    """``on_relayed`` calls, each awaitable in turn."""

    def __init__(self) -> None:
        self.calls: asyncio.Queue[tuple[WebhookEvent, int]] = asyncio.Queue()

    def __call__(self, event: WebhookEvent, delivered: int) -> None:
        self.calls.put_nowait((event, delivered))


async def deliver(session: aiohttp.ClientSession, url: str, task_id: str) -> int:
    """POSTs a notice to ``url`` as A2E would; its answer's status."""
    body = {"event": "task.completed", "data": {"_id": task_id}}
    async with session.post(url, json=body, headers={TOKEN_HEADER: TOKEN}) as answer:
        return answer.status


async def test_the_relay_answers_before_a_hanging_worker_does(stuck: Stuck) -> None:
    """A2E's POST is answered while one worker still holds its forward; the live worker
    gets its copy meanwhile, and on_relayed is told once both forwards have ended."""
    got: asyncio.Future[WebhookEvent] = asyncio.get_running_loop().create_future()
    live = WebhookReceiver(token=TOKEN, on_event=lambda event, raw: got.set_result(event))
    relayed = Relayed()
    async with (
        aiohttp.ClientSession() as session,
        live.serve() as live_server,
        WebhookRelay(TOKEN, [stuck.url, live_server.url], session, on_relayed=relayed) as relay,
        relay.receiver.serve() as server,
    ):
        assert await deliver(session, server.url, "t-1") == 204
        await stuck.entered.wait()
        assert (await got).task_ids == ("t-1",)
        assert relayed.calls.empty()
        stuck.release.set()
        event, delivered = await relayed.calls.get()
    assert (event.task_ids, delivered) == (("t-1",), 2)


async def test_closing_the_relay_cancels_a_forward_past_the_drain_timeout(
    stuck: Stuck, caplog: pytest.LogCaptureFixture
) -> None:
    """Leaving the relay with a forward still blocked waits drain_timeout, then cancels it:
    the forward counts as not delivered and nothing is left running."""
    relayed = Relayed()
    async with aiohttp.ClientSession() as session:
        relay = WebhookRelay(TOKEN, [stuck.url], session, on_relayed=relayed, drain_timeout=0.01)
        async with relay, relay.receiver.serve() as server:
            assert await deliver(session, server.url, "t-1") == 204
            await stuck.entered.wait()
        assert relay.in_flight == 0
        assert not stuck.release.is_set()
    event, delivered = relayed.calls.get_nowait()
    assert (event.task_ids, delivered) == (("t-1",), 0)
    assert "1 webhook forward(s) cancelled" in caplog.text


async def test_forwards_over_the_bound_are_dropped_with_a_warning(
    stuck: Stuck, caplog: pytest.LogCaptureFixture
) -> None:
    """With max_in_flight forwards running, a new delivery is still accepted but its
    forward is dropped (logged, reported as delivered to none), not queued."""
    relayed = Relayed()
    async with (
        aiohttp.ClientSession() as session,
        WebhookRelay(TOKEN, [stuck.url], session, on_relayed=relayed, max_in_flight=1) as relay,
        relay.receiver.serve() as server,
    ):
        assert await deliver(session, server.url, "t-1") == 204
        await stuck.entered.wait()
        assert await deliver(session, server.url, "t-2") == 204
        event, delivered = relayed.calls.get_nowait()
        assert (event.task_ids, delivered) == (("t-2",), 0)
        assert f"relay busy (1 forwards in flight): a webhook is not forwarded to {stuck.url}" in (
            caplog.text
        )
        assert relay.in_flight == 1
        stuck.release.set()
        event, delivered = await relayed.calls.get()
    assert (event.task_ids, delivered) == (("t-1",), 1)
    assert relay.receiver.accepted == 2
