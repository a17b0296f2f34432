"""Streaming avatar control plane against the emulator; the session always leaves its room."""

from __future__ import annotations

import asyncio
import logging

import anyio
import pytest
from aioresponses import aioresponses

from a2e_async import A2EClient, RetryPolicy, StreamingRoom
from a2e_async.emulator import Emulator
from a2e_async.errors import APIError, OutcomeUnknownError, ServerError, ValidationError
from a2e_async.models.streaming import StreamingAvatar, StreamingToken
from a2e_async.resources.streaming import HOSTS_BUSY_CODE, MAX_CONTEXT_CHARS

from ..conftest import load_fixture
from ..test_converter import STRICT, assert_nothing_lost
from .family_checks import stats

LEAVE = "POST /api/v1/streaming-avatar/leave"


async def an_avatar(client: A2EClient) -> str:
    avatars = await client.streaming.list_avatars()
    assert avatars
    assert all(a.id and a.name for a in avatars)
    return avatars[0].id


async def assert_left(client: A2EClient, channel: str) -> None:
    """The room is closed: the emulator refuses the channel."""
    with pytest.raises(APIError) as info:
        await client.streaming.ask(channel, "still there?")
    assert info.value.status == 400


async def leaves(emu: Emulator) -> int:
    return int((await stats(emu))["requests"].get(LEAVE, 0))


async def test_token_then_context_ask_speak_leave(a2e_client: A2EClient) -> None:
    """The plain calls drive one room from token to leave."""
    token = await a2e_client.streaming.get_token(await an_avatar(a2e_client), expire_seconds=120)
    assert (token.token, token.channel, token.app_id) != ("", "", None)
    assert isinstance(token.uid, int)
    assert token.expires_at is not None
    assert token.expires_at == token.expire_date
    await a2e_client.streaming.set_context(token.channel, "A2E makes avatars.")
    await a2e_client.streaming.ask(token.channel, "What does A2E make?")
    await a2e_client.streaming.speak(token.channel, "Hello!")
    await a2e_client.streaming.leave(token.channel)
    await assert_left(a2e_client, token.channel)


async def test_session_leaves_on_a_clean_exit(
    a2e_client: A2EClient, a2e_emulator: Emulator
) -> None:
    """``async with session(...)`` gets a token on enter and leaves on exit."""
    async with a2e_client.streaming.session(avatar_id=await an_avatar(a2e_client)) as room:
        assert isinstance(room, StreamingRoom)
        assert room.channel == room.token.channel
        assert room.channel in repr(room)
        await room.set_context("Facts.")
        await room.ask("A question?")
        await room.speak("An answer.")
    assert await leaves(a2e_emulator) == 1
    await assert_left(a2e_client, room.channel)


async def test_session_leaves_when_the_body_raises(
    a2e_client: A2EClient, a2e_emulator: Emulator
) -> None:
    """An error inside the session still leaves the room, and the error propagates."""
    with pytest.raises(RuntimeError, match="boom"):
        async with a2e_client.streaming.session(avatar_id=await an_avatar(a2e_client)) as room:
            raise RuntimeError("boom")
    assert await leaves(a2e_emulator) == 1
    await assert_left(a2e_client, room.channel)


async def test_session_leaves_when_cancelled_by_a_scope(
    a2e_client: A2EClient, a2e_emulator: Emulator
) -> None:
    """A cancel scope (a timeout) inside the session still leaves the room."""
    avatar = await an_avatar(a2e_client)
    channels: list[str] = []
    with anyio.CancelScope() as scope:
        async with a2e_client.streaming.session(avatar_id=avatar) as room:
            channels.append(room.channel)
            scope.cancel()  # as a timeout would, but only once inside (no race with opening)
            await anyio.sleep(30)
    assert scope.cancelled_caught
    assert await leaves(a2e_emulator) == 1
    await assert_left(a2e_client, channels[0])


async def test_session_leaves_when_its_task_is_cancelled(
    a2e_client: A2EClient, a2e_emulator: Emulator
) -> None:
    """Cancelling the task that holds the session leaves the room before it ends."""
    avatar = await an_avatar(a2e_client)
    entered = asyncio.Event()
    channels: list[str] = []

    async def hold() -> None:
        async with a2e_client.streaming.session(avatar_id=avatar) as room:
            channels.append(room.channel)
            entered.set()
            await asyncio.sleep(30)

    task = asyncio.create_task(hold())
    await entered.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert await leaves(a2e_emulator) == 1
    await assert_left(a2e_client, channels[0])


LEAVE_FAILS = "5xx@/api/v1/streaming-avatar/leave=1.0"
FAST_RETRY = RetryPolicy(max_retries=1, initial_backoff=0.001, max_backoff=0.001)


async def test_failed_leave_does_not_mask_the_original_error(
    a2e_emulator: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    """When leaving fails during an error, the error propagates and the leave is logged."""
    async with A2EClient(api_key="sk_t", base_url=a2e_emulator.url, retry=FAST_RETRY) as client:
        avatar = await an_avatar(client)

        async def fail_inside() -> None:
            async with client.streaming.session(avatar_id=avatar):
                a2e_emulator.set_faults(LEAVE_FAILS)
                raise KeyError("original")

        with (
            caplog.at_level(logging.WARNING, logger="a2e_async.streaming"),
            pytest.raises(KeyError),
        ):
            await fail_inside()
    assert "could not leave" in caplog.text


async def test_failed_leave_on_a_clean_exit_raises(a2e_emulator: Emulator) -> None:
    """When leaving fails on a clean exit, the caller hears of it (billing may go on)."""
    async with A2EClient(api_key="sk_t", base_url=a2e_emulator.url, retry=FAST_RETRY) as client:
        avatar = await an_avatar(client)
        with pytest.raises(ServerError):
            async with client.streaming.session(avatar_id=avatar):
                a2e_emulator.set_faults(LEAVE_FAILS)


async def test_leaving_twice_is_harmless(a2e_client: A2EClient) -> None:
    """A room already left (by hand inside the session) is not an error on exit."""
    async with a2e_client.streaming.session(avatar_id=await an_avatar(a2e_client)) as room:
        await a2e_client.streaming.leave(room.channel)
    await a2e_client.streaming.leave(room.channel)
    await assert_left(a2e_client, room.channel)


async def test_cancel_while_the_room_opens_still_leaves_it(
    a2e_client: A2EClient, a2e_emulator: Emulator
) -> None:
    """A caller cancelled while A2E opens the room still gets the room left, not billed on."""
    a2e_emulator.set_faults("slow@/api/v1/streaming-avatar/agora-token=1.0")
    avatar = await an_avatar(a2e_client)
    entered = False
    with anyio.move_on_after(0.05):
        async with a2e_client.streaming.session(avatar_id=avatar):
            entered = True
    a2e_emulator.set_faults("")
    assert not entered
    assert await leaves(a2e_emulator) == 1
    # every room the emulator opened is closed again: a new token is still available
    channels = [(await a2e_client.streaming.get_token(avatar)).channel for _ in range(10)]
    for channel in channels:
        await a2e_client.streaming.leave(channel)


async def test_no_free_host_is_code_1001(a2e_client: A2EClient) -> None:
    """When no host is free, get_token raises APIError with code HOSTS_BUSY_CODE."""
    avatar = await an_avatar(a2e_client)
    channels = [(await a2e_client.streaming.get_token(avatar)).channel for _ in range(10)]
    with pytest.raises(APIError) as info:
        await a2e_client.streaming.get_token(avatar)
    assert info.value.code == HOSTS_BUSY_CODE
    for channel in channels:
        await a2e_client.streaming.leave(channel)


async def test_leave_is_resent_after_a_server_error_but_ask_is_not() -> None:
    """Leaving twice is harmless, so a 5xx is retried; asking twice is not, so it is not."""
    base = "http://127.0.0.1:9/api/v1/streaming-avatar"
    retry = RetryPolicy(max_retries=2, initial_backoff=0.001, max_backoff=0.001)
    error = {"code": 500, "msg": "busy"}
    async with A2EClient(api_key="sk_test", base_url="http://127.0.0.1:9", retry=retry) as client:
        with aioresponses() as mock:
            mock.post(f"{base}/leave", status=500, payload=error)
            mock.post(f"{base}/leave", payload={"code": 0, "data": {}})
            mock.post(f"{base}/ask", status=500, payload=error)
            await client.streaming.leave("f84fd")
            with pytest.raises(OutcomeUnknownError) as info:
                await client.streaming.ask("f84fd", "hello")
            assert isinstance(info.value.__cause__, ServerError)
            sent = {str(url): len(calls) for (_, url), calls in mock.requests.items()}
    assert sent == {f"{base}/leave": 2, f"{base}/ask": 1}


@pytest.mark.parametrize(
    ("call", "param"),
    [
        (lambda s: s.get_token("", expire_seconds=60), "avatar_id"),
        (lambda s: s.get_token("a", expire_seconds=0), "expire_seconds"),
        (lambda s: s.set_context("ch", "x" * (MAX_CONTEXT_CHARS + 1)), "text"),
        (lambda s: s.ask("", "hi"), "channel"),
        (lambda s: s.speak("ch", ""), "text"),
        (lambda s: s.leave(None), "channel"),
    ],
)
async def test_bad_parameters_are_refused(
    a2e_client: A2EClient, a2e_emulator: Emulator, call: object, param: str
) -> None:
    """Each bad parameter raises ValidationError naming it, and nothing reaches A2E."""
    with pytest.raises(ValidationError) as info:
        await call(a2e_client.streaming)  # type: ignore[operator]
    assert info.value.param == param
    assert (await stats(a2e_emulator))["requests"] == {}


@pytest.mark.parametrize(
    ("fixture", "cls", "pick"),
    [
        ("derived/streaming_agora_token.json", StreamingToken, lambda d: d["data"]),
        ("derived/streaming_all_avatars.json", StreamingAvatar, lambda d: d["data"][1]),
    ],
)
def test_derived_examples_decode_strictly(fixture: str, cls: type, pick: object) -> None:
    """The (derived) token and avatar shapes decode with nothing unknown or lost."""
    payload = pick(load_fixture(fixture))  # type: ignore[operator]
    assert_nothing_lost(STRICT.structure(payload, cls), payload)
