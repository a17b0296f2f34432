"""Avatar videos end to end against the emulator over loopback."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import aiohttp
import attrs
import pytest
from aioresponses import aioresponses
from yarl import URL

from a2e_async import A2EClient, PollPolicy
from a2e_async.emulator import Emulator
from a2e_async.errors import (
    NotFoundError,
    TaskFailed,
    TaskNotFound,
    ValidationError,
    WaitTimeout,
)
from a2e_async.testing import FAST_POLL


async def stats(emu: Emulator) -> dict[str, Any]:
    async with aiohttp.ClientSession() as s, s.get(f"{emu.url}/_emulator/stats") as r:
        data: dict[str, Any] = await r.json()
        return data


def status_requests(data: dict[str, Any]) -> int:
    keys = ("POST /api/v1/video/awsResult", "GET /api/v1/video/awsList", "GET /api/v1/video/detail")
    return sum(data["requests"].get(k, 0) for k in keys)


async def make_audio(client: A2EClient) -> str:
    groups = await client.tts.list_voices()
    audio = await client.tts.generate(text="Hello there", voice_id=groups[0].voices[0].id)
    return audio.url


async def public_anchor(client: A2EClient) -> str:
    anchors = await client.videos.list_anchors(type="default")
    return anchors[0].id


async def test_generate_and_wait_returns_a_downloadable_video(a2e_client: A2EClient) -> None:
    """TTS, then generate_and_wait: the finished video has a result URL that really serves."""
    audio_url = await make_audio(a2e_client)
    video = await a2e_client.videos.generate_and_wait(
        anchor_id=await public_anchor(a2e_client), anchor_type=0, audio_url=audio_url, title="t1"
    )
    assert video.status == "success"
    assert video.progress == 100
    assert video.result_url
    async with aiohttp.ClientSession() as s, s.get(video.result_url) as r:
        assert r.status == 200
        assert r.headers["Content-Type"].startswith("video/")
        assert len(await r.read()) > 0


async def test_failed_render_raises_task_failed(a2e_client: A2EClient) -> None:
    """A render A2E fails ends the wait with TaskFailed carrying A2E's message."""
    with pytest.raises(TaskFailed) as info:
        await a2e_client.videos.generate_and_wait(
            anchor_id=await public_anchor(a2e_client),
            anchor_type=0,
            audio_url=await make_audio(a2e_client),
            title="emulator:fail",
        )
    assert info.value.family == "video"
    assert info.value.task.status in {"fail", "failed", "error"}


async def test_unknown_anchor_is_refused_by_the_server(a2e_client: A2EClient) -> None:
    """The emulator, like A2E, refuses an anchor id it does not know (HTTP 400)."""
    from a2e_async.errors import APIError

    with pytest.raises(APIError) as info:
        await a2e_client.videos.generate(
            anchor_id="000000000000000000000000", anchor_type=0, audio_url="https://x.test/a.mp3"
        )
    assert type(info.value) is APIError
    assert info.value.status == 400
    assert "anchor_id" in info.value.message


async def test_generate_and_wait_gives_up_at_its_deadline() -> None:
    """A render longer than the wait's deadline ends in WaitTimeout; the render goes on."""
    policy = PollPolicy(initial_delay=0.005, max_interval=0.01, deadline=0.05)
    async with (
        Emulator(time_scale=0.001, seed=5, durations={"video": (2000, 2000)}) as emu,
        A2EClient(api_key="sk_deadline", base_url=emu.url) as client,
    ):
        with pytest.raises(WaitTimeout) as info:
            await client.videos.generate_and_wait(
                anchor_id=await public_anchor(client),
                anchor_type=0,
                audio_url=await make_audio(client),
                poll_policy=policy,
            )
        assert info.value.task.status in {"init", "start", "pending", "process", "copy"}
        assert (await client.videos.get(info.value.task_id)).status != "success"
        assert client.waiter.active_pollers == 0


async def test_get_list_and_delete(a2e_client: A2EClient) -> None:
    """A new video appears first in the list, reads by id, and is gone after delete."""
    anchor = await public_anchor(a2e_client)
    audio = await make_audio(a2e_client)
    first = await a2e_client.videos.generate(anchor_id=anchor, anchor_type=0, audio_url=audio)
    await asyncio.sleep(0.002)
    second = await a2e_client.videos.generate(anchor_id=anchor, anchor_type=0, audio_url=audio)
    page = await a2e_client.videos.list_page(page=1, page_size=10)
    assert [v.id for v in page.items[:2]] == [second.id, first.id]
    every = [v.id async for v in a2e_client.videos.list(page_size=1)]
    assert every[:2] == [second.id, first.id]
    assert (await a2e_client.videos.get(first.id)).id == first.id
    assert (await a2e_client.videos.detail(first.id)).id == first.id
    await a2e_client.videos.delete(first.id)
    with pytest.raises(NotFoundError):
        await a2e_client.videos.get(first.id)
    assert first.id not in [v.id async for v in a2e_client.videos.list()]


async def test_waiting_on_an_unknown_id_raises_task_not_found(a2e_client: A2EClient) -> None:
    """A wait on an id A2E does not know ends with TaskNotFound, not a hang."""
    with pytest.raises(TaskNotFound):
        await a2e_client.videos.wait("0123456789abcdef01234567")


async def test_watch_streams_progress(a2e_client: A2EClient) -> None:
    """watch() yields rising progress and ends with success."""
    video = await a2e_client.videos.generate(
        anchor_id=await public_anchor(a2e_client),
        anchor_type=0,
        audio_url=await make_audio(a2e_client),
    )
    policy = PollPolicy(initial_delay=0.002, factor=1.2, max_interval=0.005, deadline=10)
    seen = [v async for v in a2e_client.videos.watch(video.id, poll_policy=policy)]
    assert seen[-1].status == "success"
    progress = [v.progress or 0 for v in seen]
    assert progress == sorted(progress)
    assert len(seen) >= 2


async def test_coalesced_waits_send_few_status_requests(
    a2e_client: A2EClient, a2e_emulator: Emulator
) -> None:
    """Fifty concurrent waits of one client share list reads: far fewer status calls than tasks."""
    anchor = await public_anchor(a2e_client)
    audio = await make_audio(a2e_client)
    videos = await asyncio.gather(
        *(
            a2e_client.videos.generate(anchor_id=anchor, anchor_type=0, audio_url=audio)
            for _ in range(50)
        )
    )
    before = status_requests(await stats(a2e_emulator))
    done = await asyncio.gather(*(a2e_client.videos.wait(v.id) for v in videos))
    assert all(v.status == "success" for v in done)
    used = status_requests(await stats(a2e_emulator)) - before
    assert used < 50 / 2


async def test_per_task_polling_uses_the_one_task_call(
    a2e_client: A2EClient, a2e_emulator: Emulator
) -> None:
    """With coalescing off each wait polls awsResult itself."""
    anchor = await public_anchor(a2e_client)
    video = await a2e_client.videos.generate(
        anchor_id=anchor, anchor_type=0, audio_url=await make_audio(a2e_client)
    )
    await a2e_client.videos.wait(video.id, poll_policy=attrs.evolve(FAST_POLL, coalesce=False))
    requests = (await stats(a2e_emulator))["requests"]
    assert requests.get("POST /api/v1/video/awsResult", 0) >= 1
    assert requests.get("GET /api/v1/video/awsList", 0) == 0


async def test_cancelled_wait_leaves_nothing_running(
    a2e_client: A2EClient, a2e_emulator: Emulator
) -> None:
    """Cancelling a wait stops its poller: no further status requests reach the server."""
    anchor = await public_anchor(a2e_client)
    videos = [
        await a2e_client.videos.generate(
            anchor_id=anchor, anchor_type=0, audio_url=await make_audio(a2e_client)
        )
        for _ in range(3)
    ]
    slow = PollPolicy(initial_delay=0.001, factor=1.0, max_interval=0.002, deadline=60)
    waits = [asyncio.ensure_future(a2e_client.videos.wait(v.id, poll_policy=slow)) for v in videos]
    await asyncio.sleep(0.005)
    for w in waits:
        w.cancel()
    results = await asyncio.gather(*waits, return_exceptions=True)
    assert all(isinstance(r, asyncio.CancelledError) or hasattr(r, "status") for r in results)
    assert a2e_client.waiter.active_pollers == 0
    before = status_requests(await stats(a2e_emulator))
    await asyncio.sleep(0.05)
    assert status_requests(await stats(a2e_emulator)) == before


async def test_cancel_remote_deletes_the_video(a2e_client: A2EClient) -> None:
    """cancel_remote=True deletes the remote video when the wait is cancelled."""
    video = await a2e_client.videos.generate(
        anchor_id=await public_anchor(a2e_client),
        anchor_type=0,
        audio_url=await make_audio(a2e_client),
    )
    slow = PollPolicy(initial_delay=10, deadline=60)
    wait = asyncio.ensure_future(
        a2e_client.videos.wait(video.id, poll_policy=slow, cancel_remote=True)
    )
    await asyncio.sleep(0.01)
    wait.cancel()
    with pytest.raises(asyncio.CancelledError):
        await wait
    with pytest.raises(NotFoundError):
        await a2e_client.videos.get(video.id)


async def test_generate_validates_before_sending(
    a2e_client: A2EClient, a2e_emulator: Emulator
) -> None:
    """Bad parameters never reach the server."""
    before = (await stats(a2e_emulator))["requests"].get("POST /api/v1/video/generate", 0)
    bad: list[dict[str, Any]] = [
        {"anchor_id": "", "anchor_type": 0, "audio_url": "https://x.test/a.mp3"},
        {"anchor_id": "a", "anchor_type": 0, "audio_url": "not a url"},
        {"anchor_id": "a", "anchor_type": 0, "audio_url": "https://x.test/a b.mp3"},
        {
            "anchor_id": "a",
            "anchor_type": 0,
            "audio_url": "https://x.test/a.mp3",
            "title": "x" * 41,
        },
        {
            "anchor_id": "a",
            "anchor_type": 0,
            "audio_url": "https://x.test/a.mp3",
            "background_color": "greenish",
        },
        {
            "anchor_id": "a",
            "anchor_type": 0,
            "audio_url": "https://x.test/a.mp3",
            "background_id": "b",
            "custom_background_id": "c",
        },
        {"anchor_id": "a", "anchor_type": True, "audio_url": "https://x.test/a.mp3"},
    ]
    for params in bad:
        with pytest.raises(ValidationError):
            await a2e_client.videos.generate(**params)
    after = (await stats(a2e_emulator))["requests"].get("POST /api/v1/video/generate", 0)
    assert after == before


async def test_local_audio_is_uploaded_then_rendered(a2e_client: A2EClient, tmp_path: Path) -> None:
    """A local audio path is uploaded (no token on the PUT) and sent as audioSrc."""
    speech = tmp_path / "line 1.mp3"
    speech.write_bytes(b"ID3" + bytes(2048))
    backdrop = (b"\x89PNG\r\n\x1a\n" + bytes(16), "backdrop.png")
    video = await a2e_client.videos.generate(
        anchor_id=await public_anchor(a2e_client),
        anchor_type=0,
        audio_url=speech,
        background_image_url=backdrop,
    )
    assert video.audio_url
    assert "/_emulator/files/r2/" in video.audio_url
    assert video.background_image_url
    async with aiohttp.ClientSession() as s, s.get(video.audio_url) as r:
        assert r.headers["Content-Type"] == "audio/mpeg"
        assert await r.read() == speech.read_bytes()


async def test_missing_local_audio_sends_nothing(
    a2e_client: A2EClient, a2e_emulator: Emulator, tmp_path: Path
) -> None:
    """A missing file fails before the presign, the upload or the generate call."""
    with pytest.raises(ValidationError):
        await a2e_client.videos.generate(
            anchor_id="a", anchor_type=0, audio_url=tmp_path / "gone.mp3"
        )
    assert not a2e_emulator.stats()["requests"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Good morning, everyone.", ("en", "en", None)), ("你好，世界", ("zh", "zh", None))],
)
async def test_detect_language_gives_tts_locale(
    a2e_client: A2EClient, text: str, expected: tuple[str, str, str | None]
) -> None:
    """lang_classify's bare language code (as callers see it) gives the code and TTS's country."""
    found = await a2e_client.videos.detect_language(text)
    assert (found.code, found.country, found.region) == expected


async def test_detect_language_reads_a_bare_string_answer() -> None:
    """An answer that is only the locale string still yields country and region."""
    with aioresponses() as mock:
        mock.post(
            "https://api.example.test/api/v1/video/lang_classify",
            payload={"code": 0, "data": "es-ES"},
        )
        async with A2EClient(api_key="sk_x", base_url="https://api.example.test") as client:
            found = await client.videos.detect_language("Hola")
    assert (found.code, found.country, found.region) == ("es-ES", "es", "ES")


async def test_auto_public_pool_switch(a2e_client: A2EClient, a2e_emulator: Emulator) -> None:
    """The (unverified) account switch sends isAutoToPublicPool; a non-boolean is refused."""
    await a2e_client.videos.set_auto_public_pool(True)
    assert a2e_emulator.stats()["requests"]["POST /api/v1/video/auto-public-pool"] == 1
    with pytest.raises(ValidationError):
        await a2e_client.videos.set_auto_public_pool("on")  # type: ignore[arg-type]


# -- issue 10 items 2-4 and 7: what video/generate sends (aioresponses) ---------------------
API = "https://api.example.test"
GENERATE = f"{API}/api/v1/video/generate"
AUDIO = "https://x.test/a.mp3"
BASE_ARGS: dict[str, Any] = {"anchor_id": "a1", "anchor_type": 0, "audio_url": AUDIO}
LAYOUT = ("web_bg_width", "web_bg_height")
PEOPLE = ("web_people_width", "web_people_height", "web_people_x", "web_people_y")


async def sent_body(**params: Any) -> dict[str, Any]:
    """The JSON body videos.generate sends for ``params``."""
    with aioresponses() as mock:
        mock.post(GENERATE, payload={"code": 0, "data": {"_id": "v1", "status": "init"}})
        async with A2EClient(api_key="sk_x", base_url=API) as client:
            await client.videos.generate(**params)
        (call,) = mock.requests[("POST", URL(GENERATE))]
    body: dict[str, Any] = json.loads(call.kwargs["data"])
    return body


async def test_seed_required_fields_are_always_sent() -> None:
    """resolution and the six web_* fields, required on A2E's seed page, are sent with the
    spec's defaults (1080 and 0) when the caller gives none; canvas may be 0."""
    body = await sent_body(**BASE_ARGS)
    assert body["resolution"] == 1080
    assert all(body[key] == 0 for key in (*LAYOUT, *PEOPLE))
    zero = await sent_body(**BASE_ARGS, canvas=(0, 0), resolution=720)
    assert (zero["web_bg_width"], zero["web_bg_height"], zero["resolution"]) == (0, 0, 720)


async def test_captions_send_the_spoken_text_and_switch_them_on() -> None:
    """Captions need the spoken text (wire msg); both go out with isCaptionEnabled."""
    style = {"language": "en-US", "Fontsize": 42}
    body = await sent_body(**BASE_ARGS, captions=style, spoken_text="Hello there")
    assert body["captionAlign"] == style
    assert body["isCaptionEnabled"] is True
    assert body["msg"] == "Hello there"


async def test_captions_without_spoken_text_are_refused_before_sending() -> None:
    """captions without spoken_text raise ValidationError naming spoken_text; nothing sent."""
    with aioresponses() as mock:
        async with A2EClient(api_key="sk_x", base_url=API) as client:
            with pytest.raises(ValidationError) as info:
                await client.videos.generate(**BASE_ARGS, captions={"language": "en-US"})
        assert mock.requests == {}
    assert info.value.param == "spoken_text"


@pytest.mark.parametrize(
    "layout",
    [
        {},
        {"canvas": (1920, 1080)},
        {"avatar_box": (608, 1080, 656, 0)},
        {"canvas": (0, 0), "avatar_box": (608, 1080, 656, 0)},
        {"canvas": (1920, 1080), "avatar_box": (0, 0, 0, 0)},
    ],
)
async def test_a_replaced_background_needs_a_real_layout(layout: dict[str, Any]) -> None:
    """With background_id or custom_background_id, canvas and avatar_box with sizes above 0
    are required (A2E's docs allow 0 only without background matting)."""
    with aioresponses() as mock:
        async with A2EClient(api_key="sk_x", base_url=API) as client:
            for background in ({"background_id": "b1"}, {"custom_background_id": "c1"}):
                with pytest.raises(ValidationError) as info:
                    await client.videos.generate(**BASE_ARGS, **background, **layout)
                assert info.value.param in ("canvas", "avatar_box")
        assert mock.requests == {}


async def test_a_replaced_background_sends_its_layout() -> None:
    """A background with a layout goes out with the layout's six web_* fields."""
    body = await sent_body(
        **BASE_ARGS, background_id="b1", canvas=(1920, 1080), avatar_box=(608, 1080, 656, 0)
    )
    assert body["back_id"] == "b1"
    assert [body[key] for key in LAYOUT] == [1920, 1080]
    assert [body[key] for key in PEOPLE] == [608, 1080, 656, 0]


async def test_extra_body_reaches_the_wire_and_cannot_shadow_a_parameter() -> None:
    """Fields the SDK does not name yet go out through extra_body; a key a named parameter
    sends (by its wire name) is refused before sending."""
    body = await sent_body(**BASE_ARGS, extra_body={"lip_model": "v2", "isAllowReverse": "1"})
    assert (body["lip_model"], body["isAllowReverse"]) == ("v2", "1")
    for key, owner in (("audioSrc", "audio_url"), ("back_id", "background_id"), ("msg", "")):
        with pytest.raises(ValidationError) as info:
            await sent_body(**BASE_ARGS, extra_body={key: "x"})
        assert info.value.param == "extra_body"
        assert owner in str(info.value)
    with pytest.raises(ValidationError):
        await sent_body(**BASE_ARGS, extra_body={"web_bg_width": 5})
