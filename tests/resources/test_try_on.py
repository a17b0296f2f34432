"""Virtual try-on end to end against the emulator, plus request shaping and derived shape."""

from __future__ import annotations

import json

import pytest
from aioresponses import aioresponses

from a2e_async import A2EClient
from a2e_async.errors import ValidationError
from a2e_async.models.try_on import TryOnTask

from ..conftest import load_fixture
from ..test_converter import STRICT, assert_nothing_lost
from .family_checks import FAIL, assert_fails, check_reads_and_delete

PERSON, CLOTHING = "https://example.test/person.jpg", "https://example.test/shirt.jpg"


async def test_start_and_wait_completes_with_a_result(a2e_client: A2EClient) -> None:
    """start_and_wait returns the dressed person; image_urls go as [person, clothing]."""
    task = await a2e_client.try_on.start_and_wait(
        person_image_url=PERSON, clothing_image_url=CLOTHING, name="shirt"
    )
    assert (task.status, task.name) == ("completed", "shirt")
    assert task.result_image_url
    assert task.image_urls == (PERSON, CLOTHING)


async def test_mask_mode_sends_four_images_in_order(a2e_client: A2EClient) -> None:
    """With both masks the images go as [person, person_mask, clothing, clothing_mask]."""
    task = await a2e_client.try_on.start(
        person_image_url=PERSON,
        clothing_image_url=CLOTHING,
        person_mask_url="https://example.test/pm.png",
        clothing_mask_url="https://example.test/cm.png",
    )
    assert task.image_urls == (
        PERSON,
        "https://example.test/pm.png",
        CLOTHING,
        "https://example.test/cm.png",
    )


async def test_failed_task_raises_task_failed(a2e_client: A2EClient) -> None:
    """A task A2E fails ends the wait with TaskFailed carrying failed_code/failed_message."""
    await assert_fails(
        a2e_client.try_on.start_and_wait(
            person_image_url=PERSON, clothing_image_url=CLOTHING, name=FAIL
        ),
        "try_on",
    )


async def test_reads_lists_and_delete(a2e_client: A2EClient) -> None:
    """The shared reads (get, list, list_page, get_many) and delete work on this family."""
    task = await a2e_client.try_on.start_and_wait(
        person_image_url=PERSON, clothing_image_url=CLOTHING
    )
    await check_reads_and_delete(a2e_client.try_on, task)


async def test_processing_timeout_is_sent_as_timeout() -> None:
    """processing_timeout goes on the wire as A2E's ``timeout``."""
    async with A2EClient(api_key="sk_test", base_url="http://127.0.0.1:9") as client:
        with aioresponses() as mock:
            url = "http://127.0.0.1:9/api/v1/virtualTryOn/start"
            mock.post(url, payload={"code": 0, "data": {"_id": "a" * 24}})
            await client.try_on.start(
                person_image_url=PERSON, clothing_image_url=CLOTHING, processing_timeout=90
            )
            (call,) = next(iter(mock.requests.values()))
    body = json.loads(call.kwargs["data"])
    assert body["timeout"] == 90
    assert body["image_urls"] == [PERSON, CLOTHING]


async def test_one_mask_alone_is_refused(a2e_client: A2EClient) -> None:
    """Masks come in pairs; one alone raises ValidationError naming the missing one."""
    with pytest.raises(ValidationError) as info:
        await a2e_client.try_on.start(
            person_image_url=PERSON, clothing_image_url=CLOTHING, person_mask_url=PERSON
        )
    assert info.value.param == "clothing_mask_url"
    with pytest.raises(ValidationError) as info:
        await a2e_client.try_on.start(
            person_image_url=PERSON, clothing_image_url=CLOTHING, processing_timeout=0
        )
    assert info.value.param == "processing_timeout"


def test_derived_detail_decodes_strictly() -> None:
    """The (derived) try-on record decodes with nothing unknown or lost."""
    payload = load_fixture("derived/virtual_tryon_detail_completed.json")["data"]
    assert_nothing_lost(STRICT.structure(payload, TryOnTask), payload)
