"""The receiver's checks: token, size and body; anything refused gets the same bare 400."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from aiohttp import web

from a2e_async import A2EClient, ValidationError
from a2e_async.webhooks import TOKEN_HEADER, WebhookEvent, WebhookReceiver

from .conftest import TOKEN, Rig, until


@pytest_asyncio.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def _post(
    http: aiohttp.ClientSession, url: str, body: bytes, headers: dict[str, str]
) -> tuple[int, bytes]:
    async with http.post(url, data=body, headers=headers) as answer:
        return answer.status, await answer.read()


NOTICE = json.dumps({"event": "task.completed", "data": {"_id": "0" * 24}}).encode()


@pytest.mark.parametrize(
    ("body", "headers"),
    [
        (NOTICE, {}),
        (NOTICE, {TOKEN_HEADER: "not-the-token"}),
        (NOTICE, {TOKEN_HEADER: TOKEN + "x"}),
        (NOTICE, {TOKEN_HEADER: TOKEN[:-1]}),
        (b"{not json", {TOKEN_HEADER: TOKEN}),
        (b"\xff\xfe", {TOKEN_HEADER: TOKEN}),
        (b"x" * (64 * 1024 + 1), {TOKEN_HEADER: TOKEN}),
    ],
    ids=["missing", "forged", "longer", "shorter", "malformed", "not-utf8", "oversized"],
)
async def test_refusals_say_nothing(
    rig: Rig, http: aiohttp.ClientSession, body: bytes, headers: dict[str, str]
) -> None:
    """Missing/forged tokens and bad or oversized bodies: the same empty 400, nothing woken."""
    status, text = await _post(http, rig.server.url, body, headers)
    assert (status, text) == (400, b"")
    assert (rig.receiver.refused, rig.receiver.accepted) == (1, 0)


async def test_an_oversized_body_without_a_length_is_refused(
    rig: Rig, http: aiohttp.ClientSession
) -> None:
    """A chunked body (no Content-Length) is cut off once past the limit."""

    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(100):
            yield b" " * 1024

    async with http.post(rig.server.url, data=chunks(), headers={TOKEN_HEADER: TOKEN}) as answer:
        assert answer.status == 400
    assert rig.receiver.refused == 1


@pytest.mark.parametrize(
    "payload",
    [
        {"event": "ping"},
        {"data": {"status": "completed"}},
        [1, 2, 3],
        "task.completed",
        None,
        {"data": {"_id": "../../etc"}},
    ],
)
async def test_unknown_shapes_are_accepted_and_ignored(
    rig: Rig, http: aiohttp.ClientSession, payload: Any
) -> None:
    """Valid JSON naming no usable task id: 204, logged, nothing read."""
    status, _ = await _post(
        http, rig.server.url, json.dumps(payload).encode(), {TOKEN_HEADER: TOKEN}
    )
    assert status == 204
    assert rig.receiver.accepted == 1
    assert rig.status_reads() == []


async def test_an_early_notice_reads_once_and_the_wait_goes_on(
    rig: Rig, http: aiohttp.ClientSession
) -> None:
    """A notice for a task still running (out of order): one read, the wait keeps waiting;
    the real completion notice then ends it with one more read."""
    waiting = asyncio.ensure_future(rig.client.text_to_image.start_and_wait(prompt="a kite"))
    await until(lambda: rig.client.waiter.active_pollers == 1, "a wait")
    [start] = rig.reads("/api/v1/userText2Image/start")
    task_id = next(iter(rig.client.waiter._pollers.values())).subs.copy().popitem()[0]
    early = json.dumps({"event": "task.completed", "task_id": task_id}).encode()
    assert (await _post(http, rig.server.url, early, {TOKEN_HEADER: TOKEN}))[0] == 204
    await until(
        lambda: len(rig.status_reads()) == 1 and rig.client.waiter._waker.reading == 0, "read"
    )
    assert not waiting.done()
    rig.emulator.advance(3600)
    await asyncio.wait_for(waiting, 30)
    assert len(rig.status_reads()) == 2
    assert start["method"] == "POST"


async def test_a_late_notice_reaches_no_wait(
    rig: Rig, http: aiohttp.ClientSession, caplog: pytest.LogCaptureFixture
) -> None:
    """A notice after the wait ended (or for a task nobody here waits on) reads nothing;
    the ``on_event`` callback sees it, and its plain return value is not awaited."""
    rig.emulator.advance(0)
    late = json.dumps({"event": "task.completed", "data": {"_id": "a" * 24}}).encode()
    seen: list[WebhookEvent] = []
    # A callback's plain return value (here list.append's None, or anything) is ignored.
    rig.receiver._on_event = lambda event, raw: [seen.append(event)]
    assert (await _post(http, rig.server.url, late, {TOKEN_HEADER: TOKEN}))[0] == 204
    assert rig.status_reads() == []
    assert [(e.task_ids, e.event, e.woken) for e in seen] == [(("a" * 24,), "task.completed", 0)]
    assert not [r for r in caplog.records if r.levelname == "ERROR"]


async def test_the_handler_mounts_in_a_users_app(http: aiohttp.ClientSession) -> None:
    """``add_to`` mounts the handler beside the app's own routes."""
    async with A2EClient(api_key="sk_test", base_url="http://127.0.0.1:9") as client:
        receiver = WebhookReceiver(client, token=TOKEN)
        app = web.Application()

        async def health(request: web.Request) -> web.Response:
            return web.Response(text="ok")

        app.router.add_get("/health", health)
        receiver.add_to(app, "/hooks/a2e")
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = runner.addresses[0][1]
        try:
            url = f"http://127.0.0.1:{port}/hooks/a2e"
            assert (await _post(http, url, NOTICE, {TOKEN_HEADER: TOKEN}))[0] == 204
        finally:
            await runner.cleanup()
        assert receiver.accepted == 1
        assert TOKEN not in repr(receiver)


async def test_a_receiver_needs_a_token() -> None:
    """No token (none given, none on the client): refused before anything runs."""
    async with A2EClient(api_key="sk_test", base_url="http://127.0.0.1:9") as client:
        with pytest.raises(ValidationError, match="token"):
            WebhookReceiver(client)
