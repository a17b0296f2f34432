"""Request shaping, error mapping and the retry rules, with aioresponses (no sockets)."""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from aioresponses import aioresponses
from yarl import URL

from a2e_async import A2EClient, RetryPolicy
from a2e_async.errors import (
    APIError,
    AuthenticationError,
    CreateDecodeError,
    InsufficientCreditsError,
    NetworkError,
    NotFoundError,
    OutcomeUnknownError,
    RateLimitError,
    RequestTimeout,
    ServerError,
    ValidationError,
)

BASE = "https://api.example.test"
TOKEN = "sk_secret_token_value_1234567890"
FAST_RETRY = RetryPolicy(max_retries=3, initial_backoff=0.001, max_backoff=0.002)
GENERATE = f"{BASE}/api/v1/video/generate"
AWS_RESULT = f"{BASE}/api/v1/video/awsResult"
OK_VIDEO = {"code": 0, "data": {"_id": "v1", "status": "init"}}


@pytest.fixture
def mock() -> Any:
    with aioresponses() as m:
        yield m


@pytest_asyncio.fixture
async def client() -> AsyncIterator[A2EClient]:
    async with A2EClient(api_key=TOKEN, base_url=BASE, retry=FAST_RETRY) as c:
        yield c


def calls(mock: Any, method: str, url: str) -> list[Any]:
    return mock.requests.get((method, URL(url)), [])


def refused() -> aiohttp.ClientConnectorError:
    key = aiohttp.client_reqrep.ConnectionKey("api.example.test", 443, True, True, None, None, None)
    return aiohttp.ClientConnectorError(key, ConnectionRefusedError(111, "refused"))


GEN_ARGS = {"anchor_id": "a1", "anchor_type": 0, "audio_url": "https://cdn.test/a.mp3"}


async def test_request_carries_token_lang_and_json(mock: Any, client: A2EClient) -> None:
    """Bearer token, x-lang and a JSON body with A2E's wire names are sent."""
    mock.post(GENERATE, payload=OK_VIDEO)
    await client.videos.generate(**GEN_ARGS, title="hello", canvas=(1920, 1080))
    (call,) = calls(mock, "POST", GENERATE)
    headers = call.kwargs["headers"]
    assert headers["Authorization"] == f"Bearer {TOKEN}"
    assert headers["x-lang"] == "en-US"
    body = json.loads(call.kwargs["data"])
    assert body == {
        "anchor_id": "a1",
        "anchor_type": 0,
        "audioSrc": "https://cdn.test/a.mp3",
        "title": "hello",
        "resolution": 1080,
        "web_bg_width": 1920,
        "web_bg_height": 1080,
        "web_people_width": 0,
        "web_people_height": 0,
        "web_people_x": 0,
        "web_people_y": 0,
    }


async def test_get_params_drop_none_and_encode_bools(mock: Any, client: A2EClient) -> None:
    """Query parameters skip None and send booleans as true/false."""
    mock.get(re.compile(rf"{BASE}/api/v1/x.*"), payload={"code": 0, "data": None})
    await client.request("GET", "/api/v1/x", params={"a": None, "b": True, "c": 3})
    ((_, url),) = mock.requests.keys()
    assert url.query == {"b": "true", "c": "3"}


@pytest.mark.parametrize(
    ("status", "payload", "cls"),
    [
        (401, {"code": 401, "msg": "bad token"}, AuthenticationError),
        (404, {"code": 404, "msg": "nope"}, NotFoundError),
        (402, {"code": 402, "msg": "insufficient credits"}, InsufficientCreditsError),
        (400, {"code": 400, "msg": "anchor_id missing"}, APIError),
        (200, {"code": 30005, "msg": "conflict"}, APIError),
    ],
)
async def test_errors_are_typed_and_not_retried(
    mock: Any, client: A2EClient, status: int, payload: dict[str, Any], cls: type[APIError]
) -> None:
    """A2E's refusals raise their own class once, without a retry."""
    mock.post(AWS_RESULT, status=status, payload=payload, repeat=True)
    with pytest.raises(cls) as info:
        await client.videos.get("v1")
    assert type(info.value) is cls
    assert info.value.endpoint == "POST /api/v1/video/awsResult"
    assert len(calls(mock, "POST", AWS_RESULT)) == 1


async def test_reads_retry_5xx_then_succeed(mock: Any, client: A2EClient) -> None:
    """A read that hits 503 twice is retried and succeeds."""
    mock.post(AWS_RESULT, status=503, body="busy")
    mock.post(AWS_RESULT, status=502, body="busy")
    mock.post(AWS_RESULT, payload={"code": 0, "data": [{"_id": "v1", "status": "success"}]})
    video = await client.videos.get("v1")
    assert video.status == "success"
    assert len(calls(mock, "POST", AWS_RESULT)) == 3


async def test_reads_give_up_after_max_retries(mock: Any, client: A2EClient) -> None:
    """After max_retries the last error is raised."""
    mock.post(AWS_RESULT, status=500, body="boom", repeat=True)
    with pytest.raises(ServerError):
        await client.videos.get("v1")
    assert len(calls(mock, "POST", AWS_RESULT)) == 1 + FAST_RETRY.max_retries


async def test_max_retries_zero_turns_retrying_off(mock: Any) -> None:
    """RetryPolicy(max_retries=0) sends once."""
    mock.post(AWS_RESULT, status=503, body="x", repeat=True)
    async with A2EClient(api_key=TOKEN, base_url=BASE, retry=RetryPolicy(max_retries=0)) as c:
        with pytest.raises(ServerError):
            await c.videos.get("v1")
    assert len(calls(mock, "POST", AWS_RESULT)) == 1


async def test_reads_retry_malformed_json(mock: Any, client: A2EClient) -> None:
    """A garbled answer to a read is retried."""
    mock.post(AWS_RESULT, status=200, body='{"code": 0, "da')
    mock.post(AWS_RESULT, payload={"code": 0, "data": [{"_id": "v1", "status": "process"}]})
    assert (await client.videos.get("v1")).status == "process"


async def test_reads_retry_timeouts_then_raise(mock: Any, client: A2EClient) -> None:
    """Timeouts on a read are retried, then raised as RequestTimeout."""
    mock.post(AWS_RESULT, exception=asyncio.TimeoutError(), repeat=True)
    with pytest.raises(RequestTimeout):
        await client.videos.get("v1")
    assert len(calls(mock, "POST", AWS_RESULT)) == 4


async def test_create_5xx_is_outcome_unknown_and_not_resent(mock: Any, client: A2EClient) -> None:
    """A 5xx to a create may come after the job was taken: never resent, reconcile first."""
    mock.post(GENERATE, status=502, body="bad gateway", repeat=True)
    with pytest.raises(OutcomeUnknownError) as info:
        await client.videos.generate(**GEN_ARGS, title="job-5xx")
    assert info.value.reference == "job-5xx"
    assert isinstance(info.value.__cause__, ServerError)
    assert info.value.__cause__.status == 502
    assert len(calls(mock, "POST", GENERATE)) == 1


@pytest.mark.parametrize(
    "exc",
    [
        asyncio.TimeoutError(),
        aiohttp.ServerDisconnectedError(),
        aiohttp.ClientOSError(104, "reset"),
    ],
)
async def test_create_with_unknown_outcome_raises_outcome_unknown(
    mock: Any, client: A2EClient, exc: Exception
) -> None:
    """No answer to a sent create: OutcomeUnknownError with the title to look for, no resend."""
    mock.post(GENERATE, exception=exc, repeat=True)
    with pytest.raises(OutcomeUnknownError) as info:
        await client.videos.generate(**GEN_ARGS, title="job-42")
    assert info.value.reference == "job-42"
    assert "job-42" in str(info.value)
    assert len(calls(mock, "POST", GENERATE)) == 1


async def test_create_garbled_answer_is_outcome_unknown(mock: Any, client: A2EClient) -> None:
    """A create whose answer cannot be read may have created a job: never resend it."""
    mock.post(GENERATE, status=200, body="<html>", repeat=True)
    with pytest.raises(OutcomeUnknownError):
        await client.videos.generate(**GEN_ARGS)
    assert len(calls(mock, "POST", GENERATE)) == 1


@pytest.mark.parametrize("data", [None, "queued", [], {"_id": ["not", "an", "id"]}])
async def test_create_accepted_with_unreadable_data_names_the_job(
    mock: Any, client: A2EClient, data: Any
) -> None:
    """code 0 with data that is no task: CreateDecodeError, carrying the title to look for,
    caught as OutcomeUnknownError too; nothing is resent."""
    mock.post(GENERATE, payload={"code": 0, "data": data}, repeat=True)
    with pytest.raises(OutcomeUnknownError) as info:
        await client.videos.generate(**GEN_ARGS, title="job-data")
    assert isinstance(info.value, CreateDecodeError)
    assert info.value.reference == "job-data"
    assert info.value.raw == data
    assert len(calls(mock, "POST", GENERATE)) == 1


@pytest.mark.parametrize(
    ("path", "call", "reference"),
    [
        (
            "/api/v1/watermark/start",
            lambda c: c.storage.watermark("https://cdn.test/a.mp4", text="AI"),
            "https://cdn.test/a.mp4",
        ),
        ("/api/v1/token/generate", lambda c: c.tokens.generate("ci"), "ci"),
        (
            "/api/v1/custom_back/add",
            lambda c: c.backgrounds.add("https://cdn.test/b.png", name="office"),
            "office",
        ),
        ("/api/v1/user/add", lambda c: c.account.add_user("ann"), "ann"),
        ("/api/v1/streaming-avatar/agora-token", lambda c: c.streaming.get_token("a1"), None),
    ],
)
@pytest.mark.parametrize("data", [[], "ok", {"x": 1}])
async def test_every_create_with_unreadable_data_is_outcome_unknown(
    mock: Any, client: A2EClient, path: str, call: Any, reference: str | None, data: Any
) -> None:
    """Every call that creates something (watermarks, tokens, backgrounds, users, streaming
    rooms) answered code 0 with unreadable data raises CreateDecodeError with its reference."""
    mock.post(f"{BASE}{path}", payload={"code": 0, "data": data})
    with pytest.raises(CreateDecodeError) as info:
        await call(client)
    assert info.value.reference == reference
    assert len(calls(mock, "POST", f"{BASE}{path}")) == 1


async def test_record_family_start_with_unreadable_data_names_the_job(
    mock: Any, client: A2EClient
) -> None:
    """The same holds for every task-record family's start call (its name is the reference)."""
    start = f"{BASE}/api/v1/userImage2Video/start"
    mock.post(start, payload={"code": 0, "data": "ok"})
    with pytest.raises(CreateDecodeError) as info:
        await client.image_to_video.start(
            image_url="https://cdn.test/a.png", prompt="p", negative_prompt="n", name="i2v-1"
        )
    assert info.value.reference == "i2v-1"


async def test_create_retried_when_connection_was_refused(mock: Any, client: A2EClient) -> None:
    """A create that never left the machine (connection refused) is safe to send again."""
    mock.post(GENERATE, exception=refused())
    mock.post(GENERATE, payload=OK_VIDEO)
    video = await client.videos.generate(**GEN_ARGS)
    assert video.id == "v1"
    assert len(calls(mock, "POST", GENERATE)) == 2


async def test_refused_forever_is_network_error(mock: Any, client: A2EClient) -> None:
    """A connection that never opens ends in NetworkError."""
    mock.post(AWS_RESULT, exception=refused(), repeat=True)
    with pytest.raises(NetworkError):
        await client.videos.get("v1")


async def test_429_honours_retry_after_and_retries_a_create(mock: Any, client: A2EClient) -> None:
    """A 429 was refused before any work: even a create is retried, after Retry-After."""
    mock.post(GENERATE, status=429, headers={"Retry-After": "0.05"}, payload={"code": 429})
    mock.post(GENERATE, payload=OK_VIDEO)
    loop = asyncio.get_running_loop()
    started = loop.time()
    await client.videos.generate(**GEN_ARGS)
    assert loop.time() - started >= 0.05
    assert len(calls(mock, "POST", GENERATE)) == 2


async def test_429_pauses_the_whole_client(mock: Any, client: A2EClient) -> None:
    """After a 429, other calls of the same client wait out the pause too: the next call is
    sent no sooner than the pause ends (compared on one clock, so a busy machine cannot
    make it flaky the way a margin of real time could)."""
    gate = client._session._gate
    pauses: list[float] = []
    pause = gate.pause

    def recording_pause(seconds: float) -> None:
        pauses.append(gate._now() + seconds)
        pause(seconds)

    sent_at: list[float] = []

    def record_send(url: Any, **kwargs: Any) -> None:
        sent_at.append(gate._now())

    gate.pause = recording_pause  # type: ignore[method-assign]
    mock.post(AWS_RESULT, status=429, headers={"Retry-After": "0.1"}, payload={"code": 429})
    mock.post(AWS_RESULT, payload={"code": 0, "data": [{"_id": "v1", "status": "init"}]})
    anchors = re.compile(rf"{BASE}/api/v1/anchor/character_list.*")
    mock.get(anchors, payload={"code": 0, "data": []}, callback=record_send)
    first = asyncio.ensure_future(client.videos.get("v1"))
    while not pauses:
        await asyncio.sleep(0.001)
    await client.videos.list_anchors()
    assert len(sent_at) == 1
    assert sent_at[0] >= pauses[0]
    await first


async def test_rate_limit_error_after_retries(mock: Any, client: A2EClient) -> None:
    """Persistent 429s end in RateLimitError carrying retry_after."""
    mock.post(AWS_RESULT, status=429, headers={"Retry-After": "0"}, payload={}, repeat=True)
    with pytest.raises(RateLimitError) as info:
        await client.videos.get("v1")
    assert info.value.retry_after == 0.0


async def test_requests_per_second_paces_calls(mock: Any) -> None:
    """requests_per_second spaces calls out client-wide."""
    mock.post(AWS_RESULT, payload={"code": 0, "data": [{"_id": "v", "status": "x"}]}, repeat=True)
    async with A2EClient(api_key=TOKEN, base_url=BASE, requests_per_second=50) as c:
        loop = asyncio.get_running_loop()
        started = loop.time()
        await asyncio.gather(*(c.videos.get("v") for _ in range(20)))
        elapsed = loop.time() - started
    # a burst of 10 goes at once, the other 10 at 50/s
    assert elapsed >= 0.15


async def test_validation_happens_before_sending(mock: Any, client: A2EClient) -> None:
    """Bad parameters raise ValidationError naming the parameter; nothing is sent."""
    with pytest.raises(ValidationError) as info:
        await client.videos.generate(anchor_id="a", anchor_type=2, audio_url="https://x/a.mp3")  # type: ignore[arg-type]
    assert info.value.param == "anchor_type"
    with pytest.raises(ValidationError):
        await client.videos.get("../etc")
    with pytest.raises(ValidationError):
        await client.tts.generate(text="hi")
    with pytest.raises(ValidationError):
        await client.tts.generate(text="x" * 1001, voice_id="v")
    with pytest.raises(ValidationError):
        await client.tts.generate(text="hi", user_voice_id="s1")
    assert mock.requests == {}


async def test_token_never_in_reprs_errors_or_logs(
    mock: Any, client: A2EClient, caplog: pytest.LogCaptureFixture
) -> None:
    """The token appears in no repr, exception message or log line at any level."""
    mock.post(AWS_RESULT, status=401, payload={"code": 401, "msg": "invalid token"})
    with (
        caplog.at_level(logging.DEBUG, logger="a2e_async"),
        pytest.raises(AuthenticationError) as info,
    ):
        await client.videos.get("v1")
    texts = [repr(client), repr(client.config), str(info.value), repr(info.value), caplog.text]
    assert all(TOKEN not in t for t in texts)


def test_plain_http_to_remote_host_is_refused() -> None:
    """A non-loopback http:// base URL would leak the token; it needs an explicit opt-in."""
    with pytest.raises(ValidationError):
        A2EClient(api_key=TOKEN, base_url="http://video.a2e.ai")
    A2EClient(api_key=TOKEN, base_url="http://127.0.0.1:8080")
    A2EClient(api_key=TOKEN, base_url="http://video.a2e.ai", allow_insecure_http=True)


def test_missing_key_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without api_key or A2E_API_KEY the client says what to set."""
    monkeypatch.delenv("A2E_API_KEY", raising=False)
    with pytest.raises(ValidationError, match="A2E_API_KEY"):
        A2EClient()


def test_token_with_a_stray_newline_is_trimmed(monkeypatch: pytest.MonkeyPatch) -> None:
    """A token read from a file keeps working: surrounding whitespace is dropped."""
    monkeypatch.setenv("A2E_API_KEY", TOKEN + "\n")
    assert A2EClient(base_url=BASE).config.api_key == TOKEN


def test_token_with_control_characters_is_refused_without_echo() -> None:
    """Control characters inside a token are refused with our error, which never echoes it."""
    with pytest.raises(ValidationError) as info:
        A2EClient(api_key="sk_abc\r\nX-Evil: 1", base_url=BASE)
    assert "sk_abc" not in str(info.value)


def test_env_supplies_key_and_base_url(monkeypatch: pytest.MonkeyPatch) -> None:
    """A2E_API_KEY and A2E_BASE_URL are read when not passed."""
    monkeypatch.setenv("A2E_API_KEY", TOKEN)
    monkeypatch.setenv("A2E_BASE_URL", "http://127.0.0.1:9999/")
    client = A2EClient()
    assert client.config.origin == "http://127.0.0.1:9999"


async def test_escape_hatch_goes_through_the_same_rules(mock: Any, client: A2EClient) -> None:
    """client.request returns data and maps errors like every resource call."""
    mock.get(f"{BASE}/api/v1/user/remainingCoins", payload={"code": 0, "data": {"coins": 5}})
    assert await client.request("get", "/api/v1/user/remainingCoins") == {"coins": 5}
    with pytest.raises(ValidationError):
        await client.request("GET", "https://elsewhere.test/api")


async def test_own_session_is_used_and_left_open(mock: Any) -> None:
    """A caller's aiohttp session is used for requests and not closed by the client."""
    mock.post(AWS_RESULT, payload={"code": 0, "data": [{"_id": "v1", "status": "init"}]})
    async with aiohttp.ClientSession() as own:
        async with A2EClient(api_key=TOKEN, base_url=BASE, session=own) as c:
            await c.videos.get("v1")
        assert not own.closed
        (call,) = calls(mock, "POST", AWS_RESULT)
        assert call.kwargs["headers"]["Authorization"] == f"Bearer {TOKEN}"


async def test_closed_client_refuses_calls(mock: Any) -> None:
    """Using a client after it closed is a clear error, not a crash deep in aiohttp."""
    c = A2EClient(api_key=TOKEN, base_url=BASE)
    await c.aclose()
    with pytest.raises(Exception, match="closed"):
        await c.videos.get("v1")


async def test_a_timeout_says_how_many_attempts_were_made(mock: Any, client: A2EClient) -> None:
    """After the retries, RequestTimeout says it was tried 4 times, and how long each waited."""
    mock.post(AWS_RESULT, exception=asyncio.TimeoutError(), repeat=True)
    with pytest.raises(RequestTimeout) as info:
        await client.videos.get("v1")
    assert info.value.attempts == 4
    assert "after 4 attempts" in str(info.value)
    assert "within 60 s" in str(info.value)


async def test_a_first_try_timeout_says_nothing_of_attempts(mock: Any) -> None:
    """Without retries there is nothing to count."""
    mock.post(AWS_RESULT, exception=asyncio.TimeoutError())
    async with A2EClient(api_key=TOKEN, base_url=BASE, retry=RetryPolicy(max_retries=0)) as c:
        with pytest.raises(RequestTimeout) as info:
            await c.videos.get("v1")
    assert info.value.attempts == 1
    assert "attempts" not in str(info.value)
