"""Custom avatars end to end against the emulator: train, continue, list, remove, use in videos."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from a2e_async import A2EClient, Avatar
from a2e_async.emulator import Emulator
from a2e_async.errors import APIError, NotFoundError, TaskFailed, ValidationError

from ..conftest import load_fixture
from ..test_converter import STRICT, assert_nothing_lost

VIDEO = "https://example.com/me-talking.mp4"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)


@pytest.fixture
def a2e_emulator_options() -> dict[str, Any]:
    """Continue training takes two A2E hours; shrink it so the suite stays fast."""
    return {"time_scale": 0.001, "seed": 1234, "durations": {"avatar_continue": (60, 90)}}


async def test_train_and_wait_makes_an_anchor_for_videos(a2e_client: A2EClient) -> None:
    """A trained avatar's anchor is listed for it and renders a video as anchor_type 1."""
    avatar = await a2e_client.avatars.train_and_wait(
        name="me", gender="female", video_url=VIDEO, background_color="rgb(61,165,82)"
    )
    assert avatar.status == "completed"
    assert avatar.anchor_id
    assert avatar.video_url == VIDEO
    assert avatar.background_color == "rgb(61,165,82)"
    anchors = await a2e_client.avatars.list_anchors(avatar.id)
    assert [a.id for a in anchors] == [avatar.anchor_id]
    assert anchors[0].user_video_twin_id == avatar.id
    voice = (await a2e_client.tts.list_voices())[0].voices[0]
    audio = await a2e_client.tts.generate(text="Hi", voice_id=voice.id)
    video = await a2e_client.videos.generate(
        anchor_id=avatar.anchor_id, anchor_type=1, audio_url=audio.url
    )
    assert video.anchor_id == avatar.anchor_id


async def test_image_mode_uploads_bytes_and_costs_a_diamond(a2e_client: A2EClient) -> None:
    """(bytes, filename) is uploaded as the image; image mode takes one diamond."""
    before = await a2e_client.account.credits()
    avatar = await a2e_client.avatars.train(image_url=(PNG, "face.png"), background_color="#ffffff")
    assert avatar.image_url
    async with aiohttp.ClientSession() as session, session.get(avatar.image_url) as resp:
        assert await resp.read() == PNG
        assert resp.headers["Content-Type"] == "image/png"
    after = await a2e_client.account.credits()
    assert after.diamonds == before.diamonds - 1
    assert after.coins == before.coins


async def test_local_video_file_is_uploaded(a2e_client: A2EClient, tmp_path: Path) -> None:
    """A local video path is uploaded with a video Content-Type before training starts."""
    clip = tmp_path / "clip.mp4"
    clip.write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(1024))
    avatar = await a2e_client.avatars.train(video_url=clip, skip_preview=True)
    assert avatar.video_url
    assert avatar.skip_preview is True
    async with aiohttp.ClientSession() as session, session.get(avatar.video_url) as resp:
        assert resp.headers["Content-Type"] == "video/mp4"
        assert await resp.read() == clip.read_bytes()


async def test_lists_filter_page_and_track_training(a2e_client: A2EClient) -> None:
    """records pages newest first and filters by status; trainingRecords shows live ones."""
    first = await a2e_client.avatars.train(video_url=VIDEO)
    await asyncio.sleep(0.002)
    second = await a2e_client.avatars.train(video_url=VIDEO)
    assert {a.id for a in await a2e_client.avatars.list_training()} == {first.id, second.id}
    page = await a2e_client.avatars.list_page(1, 1)
    assert [a.id for a in page.items] == [second.id]
    assert page.total == 2
    assert page.has_more
    assert [a.id async for a in a2e_client.avatars.list(page_size=1)] == [second.id, first.id]
    await a2e_client.avatars.wait(first.id)
    done = [a.id async for a in a2e_client.avatars.list(status="completed")]
    assert first.id in done
    pending = await a2e_client.avatars.list_page(status="processing")
    assert first.id not in [a.id for a in pending.items]


async def test_coalesced_waits_use_batch_detail(
    a2e_client: A2EClient, a2e_emulator: Emulator
) -> None:
    """Several waits of one client refresh through batchDetail, not one GET per avatar."""
    avatars = await asyncio.gather(*(a2e_client.avatars.train(video_url=VIDEO) for _ in range(5)))
    done = await asyncio.gather(*(a2e_client.avatars.wait(a.id) for a in avatars))
    assert all(a.status == "completed" for a in done)
    requests = a2e_emulator.stats()["requests"]
    assert requests.get("POST /api/v1/userVideoTwin/batchDetail", 0) >= 1


async def test_continue_training_costs_a_diamond_and_completes(a2e_client: A2EClient) -> None:
    """continueTranining takes a diamond, keeps the anchor usable, and the record ends done."""
    avatar = await a2e_client.avatars.train_and_wait(video_url=VIDEO)
    before = await a2e_client.account.credits()
    again = await a2e_client.avatars.continue_training_and_wait(avatar.id)
    assert again.status == "completed"
    assert again.anchor_id == avatar.anchor_id
    assert (await a2e_client.account.credits()).diamonds == before.diamonds - 1


async def test_continue_training_of_an_image_avatar_is_refused(a2e_client: A2EClient) -> None:
    """The emulator, like A2E, only continues training of video-mode avatars."""
    avatar = await a2e_client.avatars.train_and_wait(image_url=(PNG, "face.png"))
    with pytest.raises(APIError) as info:
        await a2e_client.avatars.continue_training(avatar.id)
    assert type(info.value) is APIError
    assert info.value.status == 400


async def test_remove_deletes_the_avatar_and_its_anchor(a2e_client: A2EClient) -> None:
    """remove (userVideoTwin/remove) makes the avatar and its anchor disappear."""
    avatar = await a2e_client.avatars.train_and_wait(video_url=VIDEO)
    await a2e_client.avatars.remove(avatar.id)
    with pytest.raises(NotFoundError):
        await a2e_client.avatars.get(avatar.id)
    assert await a2e_client.avatars.list_anchors(avatar.id) == []
    other = await a2e_client.avatars.train(video_url=VIDEO)
    await a2e_client.avatars.delete(other.id)
    assert [a.id async for a in a2e_client.avatars.list()] == []


async def test_failed_training_raises_task_failed(a2e_client: A2EClient) -> None:
    """An avatar A2E fails to train ends the wait with TaskFailed."""
    with pytest.raises(TaskFailed) as info:
        await a2e_client.avatars.train_and_wait(name="emulator:fail", video_url=VIDEO)
    assert info.value.family == "avatar"


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"video_url": VIDEO, "image_url": "https://example.com/face.png"},
        {"video_url": "me.mp4"},
        {"video_url": VIDEO, "gender": "robot"},
        {"video_url": VIDEO, "background_color": "greenish"},
        {"image_url": (PNG, "f.png"), "background_image_url": "https://example.com/bg.png"},
        {"video_url": VIDEO, "skip_preview": 1},
        {"video_url": VIDEO, "background_image_url": Path("/no/such/bg.png")},
    ],
)
async def test_train_validates_before_sending(
    a2e_client: A2EClient, a2e_emulator: Emulator, kwargs: dict[str, Any]
) -> None:
    """Bad parameters raise ValidationError and nothing (not even an upload) is sent."""
    with pytest.raises(ValidationError):
        await a2e_client.avatars.train(**kwargs)
    assert not a2e_emulator.stats()["requests"]


async def test_bad_status_filter_is_refused_locally(
    a2e_client: A2EClient, a2e_emulator: Emulator
) -> None:
    """A status the records filter does not know is refused before sending."""
    with pytest.raises(ValidationError):
        await a2e_client.avatars.list_page(status="done")
    with pytest.raises(ValidationError):
        a2e_client.avatars.list(status="done")
    assert not a2e_emulator.stats()["requests"]


@pytest.mark.parametrize(
    "fixture",
    [
        "userVideoTwin_startTraining.response.json",
        "derived/userVideoTwin_startTraining.json",
        "derived/userVideoTwin_status.json",
    ],
)
def test_examples_decode_strictly(fixture: str) -> None:
    """The documented startTraining answer (and the derived ones) decode with nothing lost."""
    payload = load_fixture(fixture)["data"]
    avatar = STRICT.structure(payload, Avatar)
    assert_nothing_lost(avatar, payload)
    assert avatar.id


def test_documented_start_answer_values() -> None:
    """The sic spellings land on clean names: video_backgroud_color is background_color."""
    avatar = STRICT.structure(
        load_fixture("userVideoTwin_startTraining.response.json")["data"], Avatar
    )
    assert avatar.status == "initialized"
    assert avatar.background_color == "rgb(61,165,82)"
    assert avatar.lip_model == "live_protrait"
    assert avatar.has_voice_clone is False
    assert avatar.task_result == {}
    assert avatar.sent_time is None
