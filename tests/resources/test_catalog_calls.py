"""The catalog's odd calls: Veo's 1080p version, Seedance 1.5's list-only reads, Wan 3.0's
start-only family, and the extra calls in areas the SDK already covered."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from aioresponses import aioresponses
from yarl import URL

from a2e_async import A2EClient, RetryPolicy
from a2e_async.emulator import Emulator
from a2e_async.emulator.state import FAMILIES
from a2e_async.errors import APIError, NotFoundError, ValidationError
from a2e_async.models.tts import TTSPreview

from ..contract.spec import violations

IMG = "https://cdn.example/person.png"
API = "https://api.example.test"
VOICE = "6625ebd4613f49985c349f95"  # a public voice of the emulator's catalog


@pytest.fixture
def a2e_emulator_options() -> dict[str, Any]:
    """Every family takes exactly 100 A2E seconds at real speed; tests step the clock past
    that with ``advance``, so no result depends on how long the machine takes."""
    return {"time_scale": 1.0, "seed": 9, "durations": dict.fromkeys(FAMILIES, (100.0, 100.0))}


@pytest_asyncio.fixture
async def mocked() -> AsyncIterator[tuple[Any, A2EClient]]:
    with aioresponses() as mock:
        retry = RetryPolicy(max_retries=0)
        async with A2EClient(api_key="sk_x", base_url=API, retry=retry) as client:
            yield mock, client


async def logged(emulator: Emulator) -> list[dict[str, Any]]:
    async with aiohttp.ClientSession() as s, s.get(f"{emulator.url}/_emulator/requests") as r:
        entries: list[dict[str, Any]] = await r.json()
    return entries


# -- Veo 1080p -----------------------------------------------------------------------------
async def test_veo_1080p_is_none_while_made_then_a_url(
    a2e_client: A2EClient, a2e_emulator: Emulator
) -> None:
    """The 1080p version is None (HTTP 202) until A2E has made it, then its URL."""
    task = await a2e_client.veo.start(prompt="a street", aspect_ratio="16:9")
    assert await a2e_client.veo.get_1080p(task.id) is None
    a2e_emulator.advance(110)  # the video is done, its 1080p version not yet
    assert (await a2e_client.veo.get(task.id)).status == "completed"
    assert await a2e_client.veo.get_1080p(task.id) is None
    a2e_emulator.advance(20)
    url = await a2e_client.veo.get_1080p(task.id)
    assert url is not None
    assert url.endswith("_1080p.mp4")


async def test_veo_1080p_of_another_ratio_is_refused(
    a2e_client: A2EClient, a2e_emulator: Emulator
) -> None:
    """A2E makes 1080p of 16:9 videos only: another ratio is its HTTP 400."""
    task = await a2e_client.veo.start(prompt="a street", aspect_ratio="9:16")
    a2e_emulator.advance(1000)
    with pytest.raises(APIError) as info:
        await a2e_client.veo.get_1080p(task.id)
    assert info.value.status == 400


@pytest.mark.parametrize(
    ("data", "url"),
    [
        ("https://cdn.example/hd.mp4", "https://cdn.example/hd.mp4"),
        ({"url": "https://cdn.example/hd.mp4"}, "https://cdn.example/hd.mp4"),
        ({"result_url": "https://cdn.example/hd.mp4"}, "https://cdn.example/hd.mp4"),
        ({"status": "processing"}, None),
        (None, None),
    ],
)
async def test_veo_1080p_reads_every_plausible_answer(
    mocked: tuple[Any, A2EClient], data: Any, url: str | None
) -> None:
    """A2E documents no 1080p answer body: a bare URL and the usual URL fields are read."""
    mock, client = mocked
    path = "/api/v1/veoVideo/0123456789abcdef01234567/1080p"
    mock.get(API + path, payload={"code": 0, "data": data})
    assert await client.veo.get_1080p("0123456789abcdef01234567") == url


# -- Seedance 1.5: reads through the list ---------------------------------------------------
def _row(n: int) -> dict[str, Any]:
    return {"_id": f"{n:024x}", "current_status": "completed"}


async def test_seedance_get_pages_the_list_until_it_finds_the_task(
    mocked: tuple[Any, A2EClient],
) -> None:
    """With no detail call, get reads allRecords page by page (100 a page) until the id."""
    mock, client = mocked
    listing = API + "/api/v1/seedanceVideo/allRecords"
    page1 = {"rows": [_row(n) for n in range(100)], "count": 150}
    page2 = {"rows": [_row(n) for n in range(100, 150)], "count": 150}
    mock.get(f"{listing}?pageNum=1&pageSize=100", payload={"code": 0, "data": page1})
    mock.get(f"{listing}?pageNum=2&pageSize=100", payload={"code": 0, "data": page2})
    task = await client.seedance.get(f"{120:024x}")
    assert task.id == f"{120:024x}"
    assert len(mock.requests) == 2


async def test_seedance_get_of_an_unknown_task_is_not_found(a2e_client: A2EClient) -> None:
    """A task in no page of the list is NotFoundError, as a 404 detail would be."""
    await a2e_client.seedance.start(prompt="a girl")
    with pytest.raises(NotFoundError):
        await a2e_client.seedance.get("0123456789abcdef01234567")


async def test_seedance_waits_through_the_list(
    a2e_client: A2EClient, a2e_emulator: Emulator
) -> None:
    """Waiting for Seedance 1.5 tasks reads only the list: A2E has nothing else."""
    tasks = [await a2e_client.seedance.start(prompt=f"clip {n}") for n in range(3)]
    a2e_emulator.advance(150)
    for task in tasks:
        assert (await a2e_client.seedance.wait(task.id)).status == "completed"
    routes = a2e_emulator.stats()["requests"]
    assert {route for route in routes if "seedanceVideo" in route} == {
        "POST /api/v1/seedanceVideo/start",
        "GET /api/v1/seedanceVideo/allRecords",
    }


# -- Wan 3.0: start only ------------------------------------------------------------------------
async def test_wan3_starts_and_cannot_be_waited_for(
    a2e_client: A2EClient, a2e_emulator: Emulator
) -> None:
    """Wan 3.0 starts with A2E's nested body and offers no wait (A2E has no read call)."""
    task = await a2e_client.wan3.start(prompt="a walk", duration=5, resolution="720P")
    assert task.status == "initialized"
    (entry,) = [e for e in await logged(a2e_emulator) if e["path"] == "/api/v1/userWan30/start"]
    assert entry["json"]["input"] == {"prompt": "a walk"}
    assert entry["json"]["parameters"] == {"duration": 5, "resolution": "720P"}
    assert entry["json"]["model"] == "wan3.0-video"
    assert a2e_client.wan3.start_call.wait is None
    assert not hasattr(a2e_client.wan3, "wait")


# -- avatars ---------------------------------------------------------------------------------
async def test_avatar_extras(a2e_client: A2EClient, a2e_emulator: Emulator) -> None:
    """userRecords lists every avatar; eyeContact fills the record's eye-contact result;
    uploadStatus answers as sent."""
    avatar = await a2e_client.avatars.train(video_url="https://cdn.example/me.mp4")
    a2e_emulator.advance(150)
    assert avatar.id in {a.id for a in await a2e_client.avatars.list_all()}
    await a2e_client.avatars.eye_contact(avatar.id)
    read = await a2e_client.avatars.get(avatar.id)
    assert read.eye_contact_result_url
    assert read.has_eye_contact is True
    assert isinstance(await a2e_client.avatars.upload_status(), dict)


async def test_custom_avatar_library(a2e_client: A2EClient, a2e_emulator: Emulator) -> None:
    """The custom_avatar library lists records as sent, its tags, and deletes by id."""
    async with aiohttp.ClientSession() as session:
        body = {"name": "mine", "image_url": IMG, "tags": ["studio", "blue"]}
        headers = {"Authorization": "Bearer sk_test_emulator"}  # a2e_client's user
        url = f"{a2e_emulator.url}/api/v1/custom_avatar/add"
        async with session.post(url, json=body, headers=headers) as resp:
            assert resp.status == 200
    (record,) = await a2e_client.avatars.list_custom()
    assert record["name"] == "mine"
    assert await a2e_client.avatars.custom_tags() == ["blue", "studio"]
    await a2e_client.avatars.delete_custom(record["_id"])
    assert await a2e_client.avatars.list_custom() == []


async def test_continue_training_falls_back_to_the_spec_spelling_on_404(
    mocked: tuple[Any, A2EClient],
) -> None:
    """A 404 on continueTranining (nothing started) sends the same body once to A2E's spec
    spelling, continueTraining, and the body keeps that call's documented contract."""
    mock, client = mocked
    twin = API + "/api/v1/userVideoTwin"
    mock.post(twin + "/continueTranining", status=404, payload={"code": 404, "msg": "no route"})
    mock.post(twin + "/continueTraining", payload={"code": 0, "data": {}})
    await client.avatars.continue_training("0123456789abcdef01234567")
    assert list(mock.requests) == [
        ("POST", URL(twin + "/continueTranining")),
        ("POST", URL(twin + "/continueTraining")),
    ]
    (call,) = mock.requests[("POST", URL(twin + "/continueTraining"))]
    body = json.loads(call.kwargs["data"])
    entry = {"method": "POST", "path": "/api/v1/userVideoTwin/continueTraining", "query": {}}
    assert violations({**entry, "json": body}) == []


async def test_continue_training_of_an_unknown_avatar_is_not_found(
    a2e_client: A2EClient, a2e_emulator: Emulator
) -> None:
    """Both spellings answer 404 for an unknown avatar: NotFoundError after one of each."""
    with pytest.raises(NotFoundError):
        await a2e_client.avatars.continue_training("0123456789abcdef01234567")
    routes = a2e_emulator.stats()["requests"]
    assert routes["POST /api/v1/userVideoTwin/continueTranining"] == 1
    assert routes["POST /api/v1/userVideoTwin/continueTraining"] == 1


# -- tts, videos, backgrounds, storage ------------------------------------------------------
async def test_tts_previews_presets_and_post_voice_list(a2e_client: A2EClient) -> None:
    """send_tts leaves a preview that lists and deletes; presets list; POST voice_list
    answers what GET does."""
    audio = await a2e_client.tts.generate(text="Hello there", voice_id=VOICE)
    (preview,) = [p async for p in a2e_client.tts.list_previews()]
    assert isinstance(preview, TTSPreview)
    assert (preview.text, preview.audio_url) == ("Hello there", audio.url)
    page = await a2e_client.tts.list_previews_page(1, 20)
    assert (page.total, [p.id for p in page.items]) == (1, [preview.id])
    await a2e_client.tts.delete_preview(preview.id)
    assert [p async for p in a2e_client.tts.list_previews()] == []
    presets = await a2e_client.tts.list_presets()
    assert presets
    assert all(isinstance(item, dict) for item in presets)
    by_get = await a2e_client.tts.list_voices(locale="en-US")
    assert await a2e_client.tts.list_voices(locale="en-US", method="POST") == by_get
    with pytest.raises(ValidationError):
        await a2e_client.tts.list_voices(method="PUT")  # type: ignore[arg-type]


async def test_available_anchors_hold_public_and_trained_ones(
    a2e_client: A2EClient, a2e_emulator: Emulator
) -> None:
    """anchor/list holds the public anchors and a trained avatar's anchor."""
    avatar = await a2e_client.avatars.train(video_url="https://cdn.example/me.mp4")
    a2e_emulator.advance(150)
    trained = await a2e_client.avatars.get(avatar.id)
    anchors = await a2e_client.videos.list_available_anchors(web_type="a2e")
    assert trained.anchor_id in {anchor.id for anchor in anchors}
    assert {anchor.type for anchor in anchors} == {"default", "custom"}


async def test_random_background_is_a_public_one(a2e_client: A2EClient) -> None:
    """randomBackground answers one of the backgrounds everyone can use."""
    picked = await a2e_client.backgrounds.random()
    assert picked.id in {b.id for b in await a2e_client.backgrounds.list()}


async def test_presign_on_the_preferred_path(a2e_client: A2EClient, a2e_emulator: Emulator) -> None:
    """legacy=False asks r2/upload-presigned-url with the same body and reads the answer."""
    target = await a2e_client.storage.presign("uploads/a.png", legacy=False)
    assert target.upload_url
    assert a2e_emulator.stats()["requests"]["POST /api/v1/r2/upload-presigned-url"] == 1


# -- image to video helpers -------------------------------------------------------------------
async def test_image_to_video_helpers(a2e_client: A2EClient, a2e_emulator: Emulator) -> None:
    """Prompt extensions answer the extended prompts; the queue reads answer as sent; the
    three marks reach their own paths."""
    extended = await a2e_client.image_to_video.extend_prompt(
        reference_id="r", image_url=IMG, prompt="wave", negative_prompt="blur", max_length=30
    )
    assert extended.prompt is not None
    assert extended.prompt.startswith("wave")
    assert len(extended.prompt) <= 30
    flf2v = await a2e_client.image_to_video.extend_flf2v_prompt(
        reference_id="r", image_url=IMG, end_image_url=IMG, prompt="turn", negative_prompt="x"
    )
    assert flf2v.negative_prompt is not None
    assert flf2v.negative_prompt.startswith("x")
    assert await a2e_client.image_to_video.average_processing_time() == {"avgProcessingTime": 100.0}
    assert await a2e_client.image_to_video.queue_level() == {"level": 0}
    task = await a2e_client.image_to_video.start(image_url=IMG, prompt="a", negative_prompt="b")
    for what in ("shared", "downloaded", "copied"):
        await a2e_client.image_to_video.mark(task.id, what)  # type: ignore[arg-type]
    routes = a2e_emulator.stats()["requests"]
    marks = [r for r in routes if r.endswith("/{_id}/{what}")]
    assert len(marks) == 1  # one route template serves the three marks
    assert routes[marks[0]] == 3
    with pytest.raises(ValidationError):
        await a2e_client.image_to_video.mark(task.id, "liked")  # type: ignore[arg-type]
