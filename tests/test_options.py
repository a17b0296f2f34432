"""client.with_options(...): light views sharing the client's connections, and reads' timeout=."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

import pytest
from anyio.from_thread import start_blocking_portal

from a2e_async import A2E, A2EClient, ClientOptions, PollPolicy, RetryPolicy
from a2e_async.config import _OPTION_TYPES
from a2e_async.emulator import Emulator
from a2e_async.errors import A2EError, RequestTimeout, ServerError, ValidationError, WaitTimeout

from .servers import raw_server, read_request

TOKEN = "sk_test_options_token_5f1c"
FAST = PollPolicy(initial_delay=0.01, factor=1.5, max_interval=0.05, deadline=30.0)
NO_RETRY = RetryPolicy(max_retries=0)


@pytest.fixture
async def emu() -> AsyncIterator[Emulator]:
    """An emulator whose renders take minutes (real time), checking the token."""
    async with Emulator(token=TOKEN, seed=3, retry_after=0) as emulator:
        yield emulator


async def _first_anchor(client: A2EClient) -> str:
    return (await client.videos.list_anchors(type="default"))[0].id


async def test_a_views_retry_policy_applies_to_its_calls_only(emu: Emulator) -> None:
    """Through a view with max_retries=0 a 5xx is sent once; the client itself still
    sends it 1 + 2 times: each call follows the options of what it was made through."""
    retry = RetryPolicy(max_retries=2, initial_backoff=0.001, max_backoff=0.001)
    async with A2EClient(api_key=TOKEN, base_url=emu.url, retry=retry) as client:
        emu.set_faults("5xx=1.0")
        with pytest.raises(ServerError):
            await client.with_options(retry=NO_RETRY).account.credits()
        assert emu.stats()["faults"]["5xx"] == 1
        with pytest.raises(ServerError):
            await client.account.credits()
        assert emu.stats()["faults"]["5xx"] == 1 + 3


async def test_views_compose_and_leave_the_client_as_it_was(emu: Emulator) -> None:
    """with_options(a).with_options(b) has a and b; the client's own config is untouched."""
    async with A2EClient(api_key=TOKEN, base_url=emu.url) as client:
        view = client.with_options(timeout=5).with_options(retry=NO_RETRY, lang=None)
        assert (view.config.timeout, view.config.retry, view.config.lang) == (5, NO_RETRY, None)
        assert (client.config.timeout, client.config.retry) == (60.0, RetryPolicy())
        assert client.config.lang == "en-US"
        assert (await view.account.credits()).coins == (await client.account.credits()).coins


async def test_a_view_shares_the_clients_pool_limits_gate_and_waiter(emu: Emulator) -> None:
    """A view is light: the same connection pool, concurrency limiter, rate gate and
    waiter as its client (a 429 through a view pauses the client too)."""
    async with A2EClient(api_key=TOKEN, base_url=emu.url) as client:
        view = client.with_options(timeout=3).with_options(retry=NO_RETRY)
        await view.account.credits()
        assert view._session._pool is client._session._pool
        assert view._session._slots is client._session._slots
        assert view._session.gate is client._session.gate
        assert view.waiter is client.waiter
        assert client._session._pool.session is not None  # opened by the view's call


async def test_closing_a_view_closes_nothing_and_closing_the_client_closes_views(
    emu: Emulator,
) -> None:
    """Leaving a view's `async with` or aclose() on it leaves the client usable; the
    client's aclose() ends its views too (they share its connections)."""
    client = A2EClient(api_key=TOKEN, base_url=emu.url)
    view = client.with_options(timeout=5)
    async with view as same:
        assert same is view
        await view.account.credits()
    await view.aclose()
    assert (await client.account.credits()).coins > 0
    await client.aclose()
    with pytest.raises(A2EError, match="closed"):
        await view.account.credits()


async def test_a_views_poll_policy_is_used_by_its_waits(emu: Emulator) -> None:
    """A wait started through a view polls with the view's poll_policy: its deadline is
    the one that ends the wait (the render takes minutes at this emulator's pace)."""
    short = PollPolicy(initial_delay=0.01, max_interval=0.02, deadline=0.05)
    async with A2EClient(api_key=TOKEN, base_url=emu.url, poll_policy=FAST) as client:
        voice = (await client.tts.list_voices())[0].voices[0]
        audio = await client.tts.generate(text="Hello there", voice_id=voice.id)
        view = client.with_options(poll_policy=short)
        with pytest.raises(WaitTimeout) as caught:
            await view.videos.generate_and_wait(
                anchor_id=await _first_anchor(client), anchor_type=0, audio_url=audio.url
            )
        assert caught.value.deadline == 0.05


async def _silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await read_request(reader)
    await asyncio.Event().wait()  # never answers


async def test_a_reads_timeout_and_a_views_timeout_apply_per_call() -> None:
    """get(..., timeout=) and with_options(timeout=) bound a call by their own seconds (the
    client's 60 s would hang here); the error names the seconds that applied."""
    async with (
        raw_server(_silent) as url,
        A2EClient(api_key=TOKEN, base_url=url, retry=NO_RETRY) as client,
    ):
        with pytest.raises(RequestTimeout, match=r"0\.05"):
            await client.videos.get("v1", timeout=0.05)
        with pytest.raises(RequestTimeout, match=r"0\.05"):
            await client.voices.get("v1", timeout=0.05)
        with pytest.raises(RequestTimeout, match=r"0\.06"):
            await client.with_options(timeout=0.06).account.credits()
        with pytest.raises(RequestTimeout, match=r"0\.07"):
            await client.request("GET", "/api/v1/anything", timeout=0.07)
        with pytest.raises(ValidationError, match="timeout"):
            await client.videos.get("v1", timeout=-1)
        assert client.config.timeout == 60.0


@pytest.mark.parametrize(
    ("options", "name"),
    [
        ({"timeout": 0}, "timeout"),
        ({"timeout": "5"}, "timeout"),
        ({"retry": 3}, "retry"),
        ({"poll_policy": {"deadline": 5}}, "poll_policy"),
        ({"max_response_size": True}, "max_response_size"),
        ({"api_key": "sk_other"}, "api_key"),
        ({"max_concurrency": 2}, "max_concurrency"),
    ],
)
def test_bad_options_are_refused_before_any_request(options: dict[str, object], name: str) -> None:
    """An unknown option, a wrong type or an out-of-range value raises ValidationError
    naming it; client-wide limits and the token are not per-view options."""
    client = A2EClient(api_key=TOKEN, base_url="http://127.0.0.1:9")
    with pytest.raises(ValidationError) as caught:
        client.with_options(**options)  # type: ignore[arg-type]
    assert caught.value.param == name


def test_the_option_checks_cover_every_typed_option() -> None:
    """with_options' run-time checks and its TypedDict name the same options."""
    assert set(_OPTION_TYPES) == set(ClientOptions.__annotations__)


def test_a_views_repr_shows_no_token() -> None:
    """A view's repr says what it is and never shows the token."""
    client = A2EClient(api_key=TOKEN, base_url="http://127.0.0.1:9", proxy="http://u:pw@p:1")
    view = client.with_options(timeout=5)
    assert "view" in repr(view)
    for text in (repr(view), repr(view.config), repr(view._session), repr(client.config)):
        assert TOKEN not in text
        assert "pw" not in text


@pytest.fixture
def blocking_emu() -> Iterator[Emulator]:
    """An emulator on its own loop in a thread, for the blocking client."""
    with (
        start_blocking_portal() as portal,
        portal.wrap_async_context_manager(Emulator(token=TOKEN, seed=5, retry_after=0)) as emu,
    ):
        yield emu


def test_the_blocking_client_has_views_too(blocking_emu: Emulator) -> None:
    """A2E.with_options returns a blocking view with the view's options; closing the view
    leaves the client open, closing the client closes the view."""
    with A2E(api_key=TOKEN, base_url=blocking_emu.url) as client:
        view = client.with_options(retry=NO_RETRY)
        assert isinstance(view, A2E)
        assert "view" in repr(view)
        blocking_emu.set_faults("5xx=1.0")
        with pytest.raises(ServerError):
            view.account.credits()
        assert blocking_emu.stats()["faults"]["5xx"] == 1
        blocking_emu.set_faults("")
        with view:
            assert view.account.credits().coins > 0
        view.close()
        assert not client.closed
        assert client.account.credits().coins > 0
    assert view.closed
    with pytest.raises(A2EError, match="closed"):
        view.account.credits()
