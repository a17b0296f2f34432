"""client.with_raw_response: HTTP status, headers, A2E's trace_id and the envelope of a call."""

from __future__ import annotations

import asyncio
import re
import textwrap
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from a2e_async import A2EClient, PollPolicy, RawResponse, Video
from a2e_async._raw_api import RawA2EClient, RawVideos
from a2e_async.emulator import Emulator
from a2e_async.errors import NotFoundError

TOKEN = "sk_test_raw_token_77aa"
FAST = PollPolicy(initial_delay=0.01, factor=1.5, max_interval=0.05, deadline=30.0)
UUID = re.compile(r"^[0-9a-f-]{36}$")


@pytest.fixture
async def client() -> AsyncIterator[A2EClient]:
    """A client of an emulator that checks the token."""
    async with (
        Emulator(token=TOKEN, time_scale=0.001, seed=11) as emu,
        A2EClient(api_key=TOKEN, base_url=emu.url, poll_policy=FAST) as client,
    ):
        yield client


async def _video(client: A2EClient) -> Video:
    voice = (await client.tts.list_voices())[0].voices[0]
    audio = await client.tts.generate(text="Raw answers", voice_id=voice.id)
    anchor = (await client.videos.list_anchors(type="default"))[0]
    return await client.videos.generate(anchor_id=anchor.id, anchor_type=0, audio_url=audio.url)


async def test_a_read_answers_status_headers_trace_id_envelope_and_the_model(
    client: A2EClient,
) -> None:
    """with_raw_response.videos.get gives HTTP 200, the response headers, the envelope's
    trace_id and the JSON, and parse() is the Video the plain call returns."""
    video = await _video(client)
    raw = await client.with_raw_response.videos.get(video.id)
    assert isinstance(raw, RawResponse)
    assert raw.status == 200
    assert raw.headers["Content-Type"].startswith("application/json")
    assert raw.trace_id is not None
    assert UUID.match(raw.trace_id)
    assert raw.trace_id == raw.raw["trace_id"]
    assert raw.raw["code"] == 0
    assert raw.endpoint == "POST /api/v1/video/awsResult"
    parsed = raw.parse()
    assert isinstance(parsed, Video)
    assert parsed.id == video.id == (await client.videos.get(video.id)).id


async def test_a_create_answers_its_own_answer_not_an_earlier_upload_or_read(
    client: A2EClient,
) -> None:
    """A start call's raw answer is the start request's (its endpoint and data)."""
    voice = (await client.tts.list_voices())[0].voices[0]
    raw = await client.with_raw_response.tts.generate(text="Hi", voice_id=voice.id)
    assert raw.endpoint.startswith("POST ")
    assert raw.status == 200
    assert raw.parse().url == raw.raw["data"]


async def test_concurrent_raw_calls_see_only_their_own_answers(client: A2EClient) -> None:
    """Each raw call captures on its own view: concurrent calls never swap answers."""
    video = await _video(client)
    raw_calls = client.with_raw_response
    got = await asyncio.gather(
        *(raw_calls.videos.get(video.id) for _ in range(5)),
        *(raw_calls.account.credits() for _ in range(5)),
    )
    endpoints = [answer.endpoint for answer in got]
    assert endpoints[:5] == ["POST /api/v1/video/awsResult"] * 5
    assert all(e.startswith("GET ") for e in endpoints[5:])
    assert len({answer.trace_id for answer in got}) == 10


async def test_errors_raise_as_usual_with_their_trace_id(client: A2EClient) -> None:
    """A refused raw call raises the usual typed error, which carries A2E's trace_id."""
    with pytest.raises(NotFoundError) as caught:
        await client.with_raw_response.voices.get("0123456789abcdef01234567")
    assert caught.value.trace_id is not None
    assert UUID.match(caught.value.trace_id)


def test_waits_iterators_and_downloads_are_not_offered() -> None:
    """Calls without one decoded answer are absent from the raw classes (and so from
    their types): *_and_wait, wait, watch, list iterators, download."""
    videos = RawVideos(A2EClient(api_key=TOKEN, base_url="http://127.0.0.1:9"), ("videos",))
    for name in ("generate_and_wait", "wait", "watch", "list"):
        assert not hasattr(videos, name), name
    assert hasattr(videos, "get")
    assert hasattr(videos, "generate")
    assert not hasattr(RawA2EClient, "download")
    assert hasattr(RawA2EClient, "request")


async def test_reprs_never_show_the_token(client: A2EClient) -> None:
    """A raw answer and the raw client say what they are, without the token."""
    raw = await client.with_raw_response.account.credits()
    texts = [repr(raw), repr(client.with_raw_response), repr(client.with_raw_response.videos)]
    assert "RawResponse" in texts[0]
    assert "trace_id=" in texts[0]
    assert all(TOKEN not in text for text in texts)
    assert "authorization" not in {name.lower() for name in raw.headers}


api = pytest.importorskip("mypy.api")

USER_SCRIPT = textwrap.dedent(
    """\
    from a2e_async import A2EClient


    async def main() -> None:
        async with A2EClient() as client:
            raw = await client.with_raw_response.videos.get("v1")
            reveal_type(raw)  # CHECK: "a2e_async._raw.RawResponse\\[.*videos.Video\\]"
            reveal_type(raw.parse())  # CHECK: Revealed type is "a2e_async.models.videos.Video"
            raw_videos = client.with_raw_response.videos
            await raw_videos.generate_and_wait(  # CHECK: has no attribute "generate_and_wait"
                anchor_id="a", anchor_type=0, audio_url="https://x.test/a.mp3"
            )
            await raw_videos.get(1)  # CHECK: incompatible type "int"; expected "str"
            view = client.with_options(timeout=3)
            reveal_type(view)  # CHECK: Revealed type is "a2e_async.client.A2EClient"
            client.with_options(timout=3)  # CHECK: Unexpected keyword argument "timout"
    """
)


def test_raw_answers_and_views_are_typed(tmp_path: Path) -> None:
    """mypy --strict sees RawResponse[Video] and its parse() as a Video, reports waits as
    absent under with_raw_response, checks raw calls' parameters and with_options' keys."""
    script = tmp_path / "raw_script.py"
    script.write_text(USER_SCRIPT)
    out, err, status = api.run(
        ["--strict", "--no-error-summary", "--cache-dir", str(tmp_path / "cache"), str(script)]
    )
    reported = [
        line for line in out.splitlines() if ": error:" in line or ": note: Revealed" in line
    ]
    expected = {
        number: check.split("# CHECK: ", 1)[1]
        for number, check in enumerate(USER_SCRIPT.splitlines(), start=1)
        if "# CHECK: " in check
    }
    for number, pattern in expected.items():
        here = [line for line in reported if f".py:{number}:" in line]
        assert any(re.search(pattern, line) for line in here), (number, pattern, out)
    assert len(reported) == len(expected), out
    assert status == 1, err
