"""Misusing a client's lifecycle or configuration gives an A2EError that says what to do."""

from __future__ import annotations

import asyncio
import gc
import re
import warnings
from typing import Any

import aiohttp
import pytest
from aioresponses import aioresponses

from a2e_async import A2EClient
from a2e_async.emulator import Emulator
from a2e_async.errors import A2EError, ValidationError

BASE = "https://api.example.test"
TOKEN = "sk_lifecycle"
STATUS = {"code": 0, "data": [{"_id": "v1", "status": "init"}]}
VIDEO = {"anchor_type": 0, "audio_url": "https://cdn.test/a.mp3"}


def test_a_client_reused_in_a_second_asyncio_run_says_what_to_do() -> None:
    """A client used in one asyncio.run() and again in the next (a new event loop) raises
    A2EError pointing at `async with` inside the coroutine, not aiohttp's RuntimeError."""
    client = A2EClient(api_key=TOKEN, base_url=BASE)
    with aioresponses() as mock:
        mock.post(re.compile(rf"{BASE}/.*"), payload=STATUS, repeat=True)
        assert asyncio.run(client.videos.get("v1")).id == "v1"
        with pytest.raises(A2EError, match=r"event loop that has ended.*async with A2EClient"):
            asyncio.run(client.videos.get("v1"))
    # Its first loop is gone; closing from a new one still releases the session.
    asyncio.run(client.aclose())


async def test_a_client_used_from_another_loop_says_what_to_do() -> None:
    """A client opened in this loop and called from a thread's own loop raises A2EError."""
    with aioresponses() as mock:
        mock.post(re.compile(rf"{BASE}/.*"), payload=STATUS, repeat=True)
        async with A2EClient(api_key=TOKEN, base_url=BASE) as client:

            def elsewhere() -> Any:
                return asyncio.run(client.videos.get("v1"))

            with pytest.raises(A2EError, match=r"another event loop.*async with A2EClient"):
                await asyncio.to_thread(elsewhere)
            assert (await client.videos.get("v1")).id == "v1"  # still fine where it lives


async def test_a_closed_caller_session_says_what_to_do() -> None:
    """With session= the caller owns the aiohttp session; once they closed it, a call raises
    A2EError that says so, not aiohttp's 'Session is closed'."""
    own = aiohttp.ClientSession()
    client = A2EClient(api_key=TOKEN, base_url=BASE, session=own)
    await own.close()
    with pytest.raises(A2EError, match="passed as session= is closed"):
        await client.videos.get("v1")
    await client.aclose()


async def test_a_client_never_closed_warns_to_use_async_with() -> None:
    """An A2EClient that opened connections and was dropped unclosed emits a ResourceWarning
    saying to use `async with`."""
    client = A2EClient(api_key=TOKEN, base_url=BASE)
    client._session._client()  # what the first call does: open the aiohttp session
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        del client
        gc.collect()
    ours = [w for w in caught if "A2EClient" in str(w.message)]
    assert ours, [str(w.message) for w in caught]
    assert ours[0].category is ResourceWarning
    assert "async with A2EClient" in str(ours[0].message)
    await ours[0].source.aclose()  # the warning kept the session alive: close it now


async def test_a_client_that_never_connected_does_not_warn() -> None:
    """A client that sent nothing holds nothing to close: no warning."""
    client = A2EClient(api_key=TOKEN, base_url=BASE)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        del client
        gc.collect()
    assert not [w for w in caught if "A2EClient" in str(w.message)]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/../../_emulator/reset",
        "/api/v1/%2e%2e/%2e%2e/_emulator/reset",
        "/api/v1/%2E%2E/%2E%2E/_emulator/reset",
        "/api/v1/.%2e/.%2E/_emulator/reset",
        "/api/v1/%252e%252e/%252e%252e/_emulator/reset",
        "/api/v1/x%2f..%2f..%2f_emulator%2freset",
        "/api/v1/./video/awsList",
        "/_emulator/reset",
        "/api\\..\\_emulator/reset",
    ],
)
async def test_paths_that_leave_the_api_are_refused(path: str) -> None:
    """client.request refuses dot segments (plain or percent-encoded, once or twice) and
    paths outside /api/ before sending: the emulator's reset never runs."""
    async with (
        Emulator(token=TOKEN) as emu,
        A2EClient(api_key=TOKEN, base_url=emu.url) as client,
    ):
        anchor = (await client.videos.list_anchors(type="default"))[0].id
        await client.videos.generate(**VIDEO, anchor_id=anchor)
        with pytest.raises(ValidationError) as info:
            await client.request("POST", path)
        assert info.value.param == "path"
        assert len(emu.tasks()) == 1
        assert sum(emu.stats()["requests"].values()) == 2


async def test_plain_api_paths_still_go_through() -> None:
    """A normal path, with a query string, is sent as given."""
    async with (
        Emulator(token=TOKEN) as emu,
        A2EClient(api_key=TOKEN, base_url=emu.url) as client,
    ):
        data = await client.request("GET", "/api/v1/video/awsList?current=1")
    assert data == {"data": []}


@pytest.mark.parametrize(
    "given",
    [
        "https://video.a2e.ai/api/v1",
        "https://video.a2e.ai/api/v1/",
        "https://video.a2e.ai/API/V1",
        "https://video.a2e.ai/",
        " https://video.a2e.ai ",
    ],
)
def test_base_url_with_the_api_prefix_is_normalised(given: str) -> None:
    """A base URL ending in /api/v1 (how public A2E clients set it) is accepted as the origin."""
    assert A2EClient(api_key=TOKEN, base_url=given).config.origin == "https://video.a2e.ai"


def test_base_url_from_the_environment_is_normalised(monkeypatch: pytest.MonkeyPatch) -> None:
    """A2E_BASE_URL goes through the same normalisation."""
    monkeypatch.setenv("A2E_BASE_URL", "http://127.0.0.1:8080/api/v1/")
    assert A2EClient(api_key=TOKEN).config.origin == "http://127.0.0.1:8080"


@pytest.mark.parametrize(
    "given",
    [
        "https://video.a2e.ai/api",
        "https://video.a2e.ai/api/v2",
        "https://video.a2e.ai/v1",
        "https://video.a2e.ai/api/v1/video",
        "https://video.a2e.ai?x=1",
    ],
)
def test_base_url_with_another_path_is_refused(given: str) -> None:
    """Any other path, or a query, is still refused, naming base_url."""
    with pytest.raises(ValidationError) as info:
        A2EClient(api_key=TOKEN, base_url=given)
    assert info.value.param == "base_url"


class _FakeTime:
    """A clock that moves only when the waiter sleeps; every sleep is recorded."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)


async def test_a_wait_on_a_closed_client_fails_at_once_like_get() -> None:
    """wait and watch on a closed client raise the error get raises, before any poll or
    sleep (they used to take it for transient trouble and poll until the hour's deadline)."""
    time = _FakeTime()
    client = A2EClient(api_key=TOKEN, base_url=BASE, clock=time.clock, sleep=time.sleep)
    await client.aclose()
    with pytest.raises(A2EError) as read:
        await client.videos.get("v1")
    with pytest.raises(A2EError) as waited:
        await client.videos.wait("v1")
    with pytest.raises(A2EError) as watched:
        async for _ in client.videos.watch("v1"):
            pass
    for error in (waited.value, watched.value):
        assert (type(error), str(error)) == (type(read.value), str(read.value))
    assert "client is closed" in str(read.value)
    assert time.sleeps == []
    assert client.waiter.active_pollers == 0


async def test_a_wait_whose_caller_session_closes_fails_at_the_next_read() -> None:
    """A wait in progress when the caller closes their aiohttp session ends with the
    lifecycle error at the next read, not with WaitTimeout after polling for the deadline."""
    time = _FakeTime()
    own = aiohttp.ClientSession()
    client = A2EClient(
        api_key=TOKEN, base_url=BASE, session=own, clock=time.clock, sleep=time.sleep
    )
    with aioresponses() as mock:
        mock.post(re.compile(rf"{BASE}/.*"), payload=STATUS, repeat=True)
        wait = asyncio.ensure_future(client.videos.wait("v1"))
        while not mock.requests:
            await asyncio.sleep(0)
        await own.close()
        with pytest.raises(A2EError, match="passed as session= is closed") as info:
            await wait
    assert type(info.value) is A2EError
    assert time.now < 60  # a few backed-off polls, not the video family's 3,600 s deadline
    await client.aclose()
