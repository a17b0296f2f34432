"""Talking video end to end against the emulator, plus its validation and documented shapes."""

from __future__ import annotations

from typing import Any

import pytest

from a2e_async import A2EClient
from a2e_async.errors import ValidationError
from a2e_async.models.talking_video import TalkingVideoTask

from ..conftest import load_fixture
from ..test_converter import STRICT, assert_nothing_lost
from .family_checks import FAIL, assert_fails, check_reads_and_delete

REQUEST = load_fixture("talkingVideo_start.request.json")
VIDEO = {k: REQUEST[k] for k in ("video_url", "audio_url", "prompt", "negative_prompt")}


async def test_documented_request_completes_with_a_result(a2e_client: A2EClient) -> None:
    """A2E's documented request, sent through start_and_wait, completes with a video."""
    task = await a2e_client.talking_video.start_and_wait(
        **VIDEO, duration=REQUEST["duration"], name=REQUEST["name"]
    )
    assert task.status == "completed"
    assert task.result_url
    assert (task.name, task.video_url, task.duration) == (
        REQUEST["name"],
        REQUEST["video_url"],
        5,
    )
    assert task.coins == 13


async def test_failed_task_raises_task_failed(a2e_client: A2EClient) -> None:
    """A task A2E fails ends the wait with TaskFailed carrying failed_code/failed_message."""
    await assert_fails(a2e_client.talking_video.start_and_wait(**VIDEO, name=FAIL), "talking_video")


async def test_reads_lists_and_delete(a2e_client: A2EClient) -> None:
    """The shared reads (get, list, list_page, get_many) and delete work on this family."""
    task = await a2e_client.talking_video.start_and_wait(**VIDEO)
    await check_reads_and_delete(a2e_client.talking_video, task)


@pytest.mark.parametrize(
    ("change", "param"),
    [
        ({"duration": 30}, "duration"),
        ({"duration": 2.5}, "duration"),
        ({"video_url": None}, "video_url"),
        ({"prompt": 3}, "prompt"),
    ],
)
async def test_bad_parameters_are_refused(
    a2e_client: A2EClient, change: dict[str, Any], param: str
) -> None:
    """Each bad parameter raises ValidationError naming it before anything is sent."""
    with pytest.raises(ValidationError) as info:
        await a2e_client.talking_video.start(**{**VIDEO, **change})
    assert info.value.param == param


def test_documented_start_example_decodes_strictly() -> None:
    """A2E's complete talking-video start example decodes with nothing unknown or lost."""
    payload = load_fixture("talkingVideo_start.response.json")["data"]
    task = STRICT.structure(payload, TalkingVideoTask)
    assert_nothing_lost(task, payload)
    assert (task.id, task.status, task.coins, task.duration) == (
        "68c3e20ad54b2f0047dd3c4c",
        "initialized",
        13,
        5,
    )
    assert (task.result_url, task.failed_code, task.cover_url) == (None, None, None)
