"""Image to video end to end against the emulator, plus its validation and documented shapes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from a2e_async import A2EClient
from a2e_async.emulator import Emulator
from a2e_async.errors import ValidationError
from a2e_async.models.image_to_video import ImageToVideoTask

from ..conftest import load_fixture
from ..test_converter import STRICT, assert_nothing_lost
from .family_checks import FAIL, assert_fails, check_reads_and_delete, requests_to, stats

IMAGE = "https://example.test/face.png"
PROMPTS = {"prompt": "the person is speaking", "negative_prompt": "blurry"}


async def test_start_and_wait_completes_with_a_result(a2e_client: A2EClient) -> None:
    """start_and_wait returns the completed task with its clip and the fields it was sent."""
    task = await a2e_client.image_to_video.start_and_wait(
        image_url=IMAGE, name="i2v", video_time=5, model_version="a2e", **PROMPTS
    )
    assert task.status == "completed"
    assert task.result_url
    assert task.result_url.endswith(".mp4")
    assert (task.name, task.image_url, task.prompt) == ("i2v", IMAGE, PROMPTS["prompt"])
    assert (task.negative_prompt, task.video_time, task.coins) == ("blurry", 5, 100)


async def test_failed_task_raises_task_failed(a2e_client: A2EClient) -> None:
    """A task A2E fails ends the wait with TaskFailed carrying failed_code/failed_message."""
    await assert_fails(
        a2e_client.image_to_video.start_and_wait(image_url=IMAGE, name=FAIL, **PROMPTS),
        "image_to_video",
    )


async def test_reads_lists_and_delete(a2e_client: A2EClient) -> None:
    """The shared reads (get, list, list_page, get_many) and delete work on this family."""
    task = await a2e_client.image_to_video.start_and_wait(image_url=IMAGE, **PROMPTS)
    await check_reads_and_delete(a2e_client.image_to_video, task)


async def test_watch_yields_each_status_until_completed(a2e_client: A2EClient) -> None:
    """watch yields the task at each status change and ends at completed."""
    task = await a2e_client.image_to_video.start(image_url=IMAGE, **PROMPTS)
    seen = [t.status async for t in a2e_client.image_to_video.watch(task.id)]
    assert seen[-1] == "completed"
    assert len(seen) == len(set(seen))


async def test_flf2v_and_lora_modes(a2e_client: A2EClient) -> None:
    """FLF2V sends both frames; a LoRA preset makes the prompts optional."""
    flf = await a2e_client.image_to_video.start(
        image_url=IMAGE, end_image_url="https://example.test/end.png", model_type="FLF2V", **PROMPTS
    )
    assert (flf.model_type, flf.end_image_url) == ("FLF2V", "https://example.test/end.png")
    lora = await a2e_client.image_to_video.start(image_url=IMAGE, lora="wave")
    assert (lora.lora, lora.prompt) == ("wave", None)


async def test_local_image_is_uploaded_first(a2e_client: A2EClient, tmp_path: Path) -> None:
    """A local path is uploaded and the task is started with the uploaded file's URL."""
    image = tmp_path / "face.png"
    image.write_bytes(b"\x89PNG fake")
    task = await a2e_client.image_to_video.start(image_url=image, **PROMPTS)
    assert task.image_url
    assert task.image_url.startswith("http")
    assert task.image_url.endswith(".png")


@pytest.mark.parametrize(
    ("params", "param"),
    [
        ({"image_url": IMAGE, "negative_prompt": "x"}, "prompt"),
        ({"image_url": IMAGE, "prompt": "x"}, "negative_prompt"),
        ({"image_url": IMAGE, **PROMPTS, "model_type": "FLF2V"}, "end_image_url"),
        ({"image_url": IMAGE, **PROMPTS, "end_image_url": IMAGE}, "end_image_url"),
        ({"image_url": IMAGE, **PROMPTS, "model_type": "general"}, "model_type"),
        ({"image_url": IMAGE, **PROMPTS, "model_version": "v3"}, "model_version"),
        ({"image_url": IMAGE, **PROMPTS, "video_time": 7}, "video_time"),
        ({"image_url": IMAGE, **PROMPTS, "video_time": True}, "video_time"),
        ({"image_url": IMAGE, **PROMPTS, "extend_prompt": "yes"}, "extend_prompt"),
        ({"image_url": "face.png", **PROMPTS}, "image_url"),
        ({"image_url": None, **PROMPTS}, "image_url"),
        ({"image_url": IMAGE, **PROMPTS, "webhook_url": "http://x.test/h"}, "webhook_url"),
    ],
)
async def test_bad_parameters_are_refused_before_sending(
    a2e_client: A2EClient, a2e_emulator: Emulator, params: dict[str, Any], param: str
) -> None:
    """Each bad parameter raises ValidationError naming it, and nothing reaches A2E."""
    with pytest.raises(ValidationError) as info:
        await a2e_client.image_to_video.start(**params)
    assert info.value.param == param
    assert (await stats(a2e_emulator))["requests"] == {}


async def test_a_bad_second_image_fails_before_the_first_uploads(
    a2e_client: A2EClient, a2e_emulator: Emulator, tmp_path: Path
) -> None:
    """Every media input is checked before any upload starts."""
    image = tmp_path / "a.png"
    image.write_bytes(b"png")
    with pytest.raises(ValidationError) as info:
        await a2e_client.image_to_video.start(
            image_url=image, end_image_url=tmp_path / "missing.png", model_type="FLF2V", **PROMPTS
        )
    assert info.value.param == "end_image_url"
    assert (await stats(a2e_emulator))["requests"] == {}


async def test_get_many_chunks_ids_by_hundred(
    a2e_client: A2EClient, a2e_emulator: Emulator
) -> None:
    """get_many sends one batchDetail per 100 ids and leaves unknown ids out."""
    task = await a2e_client.image_to_video.start(image_url=IMAGE, **PROMPTS)
    ids = [task.id, *(f"{n:024x}" for n in range(149))]
    found = await a2e_client.image_to_video.get_many(ids)
    assert [t.id for t in found] == [task.id]
    assert await requests_to(a2e_emulator, "/api/v1/userImage2Video/batchDetail") == 2
    with pytest.raises(ValidationError):
        await a2e_client.image_to_video.get_many("not-a-list")


@pytest.mark.parametrize(
    ("fixture", "pick"),
    [
        ("userImage2Video_start.response.json", lambda d: d["data"]),
        ("derived/image2video_start.json", lambda d: d["data"]),
        ("derived/image2video_detail_completed.json", lambda d: d["data"]),
        ("derived/image2video_detail_failed.json", lambda d: d["data"]),
        ("derived/list_allRecords_generic.json", lambda d: d["data"]["rows"][0]),
    ],
)
def test_documented_examples_decode_strictly(fixture: str, pick: Any) -> None:
    """A2E's documented (and derived) image-to-video records decode with nothing unknown or
    lost."""
    payload = pick(load_fixture(fixture))
    task = STRICT.structure(payload, ImageToVideoTask)
    assert_nothing_lost(task, payload)
