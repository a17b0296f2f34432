"""Nano Banana end to end against the emulator: its odd paths and the status filter."""

from __future__ import annotations

from typing import Any

import pytest

from a2e_async import A2EClient
from a2e_async.emulator import Emulator
from a2e_async.errors import ValidationError
from a2e_async.models.nano_banana import NanoBananaTask

from ..conftest import load_fixture
from ..test_converter import STRICT, assert_nothing_lost
from .family_checks import FAIL, assert_fails, check_reads_and_delete, requests_to


async def test_start_and_wait_completes_with_images(
    a2e_client: A2EClient, a2e_emulator: Emulator
) -> None:
    """start_and_wait returns the images; one task is read at ``/detail/{id}``."""
    task = await a2e_client.nano_banana.start_and_wait(
        prompt="a banana", model="nano-banana-2", image_size="2K", google_search=True
    )
    assert (task.status, task.model, task.image_size) == ("completed", "nano-banana-2", "2K")
    assert len(task.image_urls) == 1
    await a2e_client.nano_banana.get(task.id)
    assert await requests_to(a2e_emulator, "/api/v1/userNanoBanana/detail/") >= 1


async def test_failed_task_raises_task_failed(a2e_client: A2EClient) -> None:
    """A task A2E fails ends the wait with TaskFailed carrying failed_code/failed_message."""
    await assert_fails(a2e_client.nano_banana.start_and_wait(prompt="x", name=FAIL), "nano_banana")


# Renders of ten A2E hours (ten real seconds at the fixture's scale) that the test moves on
# with the emulator's clock, so a loaded machine cannot finish "running" before the list.
SLOW_RENDERS = {"time_scale": 0.001, "seed": 1234, "durations": {"nano_banana": (36000.0, 36000.0)}}


@pytest.mark.parametrize("a2e_emulator_options", [SLOW_RENDERS])
async def test_list_filters_by_status(a2e_client: A2EClient, a2e_emulator: Emulator) -> None:
    """list and list_page take A2E's status filter."""
    started = await a2e_client.nano_banana.start(
        prompt="edit", input_images=["https://example.test/in.png"], aspect_ratio="4:5"
    )
    a2e_emulator.advance(36000)
    done = await a2e_client.nano_banana.wait(started.id)
    running = await a2e_client.nano_banana.start(prompt="slow")
    completed = [t.id async for t in a2e_client.nano_banana.list(status="completed")]
    assert done.id in completed
    assert running.id not in completed
    page = await a2e_client.nano_banana.list_page(1, 10, status="completed")
    assert done.id in {t.id for t in page.items}
    with pytest.raises(ValidationError):
        a2e_client.nano_banana.list(status="done")
    a2e_emulator.advance(36000)
    await a2e_client.nano_banana.wait(running.id)


async def test_reads_lists_and_delete(a2e_client: A2EClient) -> None:
    """The shared reads and the ``/delete/{id}`` delete work on this family."""
    task = await a2e_client.nano_banana.start_and_wait(prompt="x", force_generate=False)
    await check_reads_and_delete(a2e_client.nano_banana, task)


@pytest.mark.parametrize(
    ("change", "param"),
    [
        ({"model": "nano-apple"}, "model"),
        ({"model": "nano-banana", "image_size": "2K"}, "image_size"),
        ({"model": "nano-banana-2-lite", "image_size": "4K"}, "image_size"),
        ({"google_search": True}, "google_search"),
        ({"aspect_ratio": "7:3"}, "aspect_ratio"),
        ({"input_images": []}, "input_images"),
    ],
)
async def test_bad_parameters_are_refused(
    a2e_client: A2EClient, change: dict[str, Any], param: str
) -> None:
    """Each bad parameter raises ValidationError naming it before anything is sent."""
    with pytest.raises(ValidationError) as info:
        await a2e_client.nano_banana.start(**{"prompt": "x", **change})
    assert info.value.param == param


def test_derived_detail_decodes_strictly() -> None:
    """The (derived) Nano Banana record decodes with nothing unknown or lost."""
    payload = load_fixture("derived/nano_banana_detail_completed.json")["data"]
    task = STRICT.structure(payload, NanoBananaTask)
    assert_nothing_lost(task, payload)
    assert task.input_images == ()
