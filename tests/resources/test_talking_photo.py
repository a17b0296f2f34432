"""Talking photo end to end against the emulator, plus its validation and documented shapes."""

from __future__ import annotations

from typing import Any

import pytest

from a2e_async import A2EClient
from a2e_async.errors import ValidationError
from a2e_async.models.talking_photo import TalkingPhotoTask

from ..conftest import load_fixture
from ..test_converter import STRICT, assert_nothing_lost
from .family_checks import FAIL, assert_fails, check_reads_and_delete

PHOTO = {
    "image_url": "https://example.test/portrait.jpg",
    "audio_url": "https://example.test/hello.wav",
    "prompt": "speaking, looking at the camera",
    "negative_prompt": "blurry",
}


async def test_start_and_wait_completes_with_a_result(a2e_client: A2EClient) -> None:
    """start_and_wait returns the completed task with its video and the fields it was sent."""
    task = await a2e_client.talking_photo.start_and_wait(**PHOTO, duration=4, name="tp")
    assert task.status == "completed"
    assert task.result_url
    assert (task.name, task.image_url, task.audio_url) == (
        "tp",
        PHOTO["image_url"],
        PHOTO["audio_url"],
    )
    assert (task.duration, task.prompt, task.negative_prompt) == (4, PHOTO["prompt"], "blurry")


async def test_failed_task_raises_task_failed(a2e_client: A2EClient) -> None:
    """A task A2E fails ends the wait with TaskFailed carrying failed_code/failed_message."""
    await assert_fails(a2e_client.talking_photo.start_and_wait(**PHOTO, name=FAIL), "talking_photo")


async def test_reads_lists_and_delete(a2e_client: A2EClient) -> None:
    """The shared reads (get, list, list_page, get_many) and delete work on this family."""
    task = await a2e_client.talking_photo.start_and_wait(**PHOTO)
    await check_reads_and_delete(a2e_client.talking_photo, task)


@pytest.mark.parametrize(
    ("change", "param"),
    [
        ({"duration": 0}, "duration"),
        ({"duration": 21}, "duration"),
        ({"prompt": " "}, "prompt"),
        ({"negative_prompt": None}, "negative_prompt"),
        ({"audio_url": "hello.wav"}, "audio_url"),
        ({"name": ""}, "name"),
    ],
)
async def test_bad_parameters_are_refused(
    a2e_client: A2EClient, change: dict[str, Any], param: str
) -> None:
    """Each bad parameter raises ValidationError naming it before anything is sent."""
    with pytest.raises(ValidationError) as info:
        await a2e_client.talking_photo.start(**{**PHOTO, **change})
    assert info.value.param == param


def test_documented_start_example_decodes_strictly() -> None:
    """The (derived) talking-photo start record decodes with nothing unknown or lost."""
    payload = load_fixture("derived/talkingphoto_start.json")["data"]
    task = STRICT.structure(payload, TalkingPhotoTask)
    assert_nothing_lost(task, payload)
    assert task.status == "initialized"
