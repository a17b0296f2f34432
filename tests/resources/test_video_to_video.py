"""Video to video (motion transfer) end to end against the emulator, and its derived shape."""

from __future__ import annotations

import pytest

from a2e_async import A2EClient
from a2e_async.errors import ValidationError
from a2e_async.models.video_to_video import VideoToVideoTask

from ..conftest import load_fixture
from ..test_converter import STRICT, assert_nothing_lost
from .family_checks import FAIL, assert_fails, check_reads_and_delete

INPUTS = {"image_url": "https://example.test/me.jpg", "video_url": "https://example.test/dance.mp4"}


async def test_start_and_wait_completes_with_a_result(a2e_client: A2EClient) -> None:
    """start_and_wait returns the video; ``prompt`` travels as A2E's ``positive_prompt``."""
    task = await a2e_client.video_to_video.start_and_wait(
        **INPUTS, prompt="natural motion", negative_prompt="blurry", processing_timeout=200
    )
    assert task.status == "completed"
    assert task.result_video_url
    assert (task.prompt, task.negative_prompt) == ("natural motion", "blurry")
    assert (task.image_url, task.video_url) == (INPUTS["image_url"], INPUTS["video_url"])


async def test_failed_task_raises_task_failed(a2e_client: A2EClient) -> None:
    """A task A2E fails ends the wait with TaskFailed carrying failed_code/failed_message."""
    await assert_fails(
        a2e_client.video_to_video.start_and_wait(**INPUTS, prompt=FAIL), "video_to_video"
    )


async def test_reads_lists_and_delete(a2e_client: A2EClient) -> None:
    """The shared reads (get, list, list_page, get_many) and delete work on this family."""
    task = await a2e_client.video_to_video.start_and_wait(**INPUTS)
    await check_reads_and_delete(a2e_client.video_to_video, task)


async def test_missing_video_is_refused(a2e_client: A2EClient) -> None:
    """A missing control video raises ValidationError naming it before anything is sent."""
    with pytest.raises(ValidationError) as info:
        await a2e_client.video_to_video.start(image_url=INPUTS["image_url"], video_url=None)  # type: ignore[arg-type]
    assert info.value.param == "video_url"


def test_derived_detail_decodes_strictly() -> None:
    """The (derived) motion-transfer record decodes with nothing unknown or lost."""
    payload = load_fixture("derived/motion_transfer_detail_completed.json")["data"]
    task = STRICT.structure(payload, VideoToVideoTask)
    assert_nothing_lost(task, payload)
    assert task.prompt == payload["positive_prompt"]
