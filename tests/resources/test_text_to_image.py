"""Text to image end to end against the emulator: many tasks per start, quick avatars."""

from __future__ import annotations

from typing import Any

import pytest

from a2e_async import A2EClient
from a2e_async.errors import APIError, ValidationError
from a2e_async.models.text_to_image import TextToImageTask

from ..conftest import load_fixture
from ..test_converter import STRICT, assert_nothing_lost
from .family_checks import FAIL, assert_fails, check_reads_and_delete


async def test_start_and_wait_returns_every_image(a2e_client: A2EClient) -> None:
    """max_images=2 creates two tasks; start_and_wait returns both completed with images."""
    tasks = await a2e_client.text_to_image.start_and_wait(
        prompt="a sunset", width=1024, height=768, max_images=2, name="sun"
    )
    assert len(tasks) == 2
    assert len({t.id for t in tasks}) == 2
    for task in tasks:
        assert (task.status, task.prompt, task.width, task.height) == (
            "completed",
            "a sunset",
            1024,
            768,
        )
        assert len(task.image_urls) == 1


async def test_failed_task_raises_task_failed(a2e_client: A2EClient) -> None:
    """A task A2E fails ends the wait with TaskFailed carrying failed_code/failed_message."""
    await assert_fails(
        a2e_client.text_to_image.start_and_wait(prompt=f"a cat {FAIL}"), "text_to_image"
    )


async def test_reads_lists_delete_and_quick_avatar(a2e_client: A2EClient) -> None:
    """A completed image becomes an avatar; the shared reads and delete work on this family."""
    (task,) = await a2e_client.text_to_image.start_and_wait(
        prompt="a portrait", model_type="seedream", aspect_ratio="16:9"
    )
    avatar: Any = await a2e_client.text_to_image.quick_add_avatar(task.id, gender="female")
    assert isinstance(avatar, dict)
    assert avatar["_id"]
    await check_reads_and_delete(a2e_client.text_to_image, task)


async def test_quick_avatar_of_an_unfinished_image_is_refused(a2e_client: A2EClient) -> None:
    """A2E refuses to make an avatar of an image that is not completed."""
    (task,) = await a2e_client.text_to_image.start(prompt="a face")
    with pytest.raises(APIError) as info:
        await a2e_client.text_to_image.quick_add_avatar(task.id)
    assert type(info.value) is APIError
    assert info.value.status == 400
    with pytest.raises(ValidationError):
        await a2e_client.text_to_image.quick_add_avatar(task.id, gender="other")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("change", "param"),
    [
        ({"input_images": ["https://example.test/a.png"] * 3}, "input_images"),
        ({"input_images": [], "model_type": "seedream"}, "input_images"),
        ({"model_type": "dalle"}, "model_type"),
        ({"aspect_ratio": "5:4"}, "aspect_ratio"),
        ({"max_images": 9}, "max_images"),
        ({"width": 0}, "width"),
        ({"skip_face_enhance": None, "prompt": ""}, "prompt"),
    ],
)
async def test_bad_parameters_are_refused(
    a2e_client: A2EClient, change: dict[str, Any], param: str
) -> None:
    """Each bad parameter raises ValidationError naming it before anything is sent."""
    with pytest.raises(ValidationError) as info:
        await a2e_client.text_to_image.start(**{"prompt": "x", **change})
    assert info.value.param == param


async def test_seedream_takes_more_reference_images(a2e_client: A2EClient) -> None:
    """Seedream accepts up to 10 reference images, which are echoed on the task."""
    images = [f"https://example.test/{n}.png" for n in range(3)]
    (task,) = await a2e_client.text_to_image.start(
        prompt="x", model_type="seedream", input_images=images
    )
    assert task.input_images == tuple(images)


@pytest.mark.parametrize(
    ("fixture", "pick"),
    [
        ("derived/text2image_start_v2.json", lambda d: d["data"][0]),
        ("derived/text2image_detail_completed.json", lambda d: d["data"]),
    ],
)
def test_derived_examples_decode_strictly(fixture: str, pick: Any) -> None:
    """The (derived) text-to-image records decode with nothing unknown or lost."""
    payload = pick(load_fixture(fixture))
    assert_nothing_lost(STRICT.structure(payload, TextToImageTask), payload)
