"""Product avatar end to end against the emulator, plus validation and derived shape."""

from __future__ import annotations

from typing import Any

import pytest

from a2e_async import A2EClient, ProductRect
from a2e_async.errors import ValidationError
from a2e_async.models.product_avatar import ProductAvatarTask

from ..conftest import load_fixture
from ..test_converter import STRICT, assert_nothing_lost
from .family_checks import FAIL, assert_fails, check_reads_and_delete

RECT = ProductRect(x=100, y=150, width=200, height=300)
INPUTS: dict[str, Any] = {
    "product_image_url": "https://example.test/perfume.png",
    "person_image_url": "https://example.test/model.jpg",
    "product_rect": RECT,
}


async def test_start_and_wait_completes_with_a_result(a2e_client: A2EClient) -> None:
    """start_and_wait returns the composed image; images go as [product, person]."""
    task = await a2e_client.product_avatar.start_and_wait(**INPUTS, prompt="studio light")
    assert task.status == "completed"
    assert task.result_image_url
    assert task.image_urls == (INPUTS["product_image_url"], INPUTS["person_image_url"])
    assert task.product_rect == RECT
    assert task.prompt == "studio light"


async def test_failed_task_raises_task_failed(a2e_client: A2EClient) -> None:
    """A task A2E fails ends the wait with TaskFailed carrying failed_code/failed_message."""
    await assert_fails(
        a2e_client.product_avatar.start_and_wait(**INPUTS, name=FAIL), "product_avatar"
    )


async def test_reads_lists_and_delete(a2e_client: A2EClient) -> None:
    """The shared reads (get, list, list_page, get_many) and delete work on this family."""
    task = await a2e_client.product_avatar.start_and_wait(**INPUTS)
    await check_reads_and_delete(a2e_client.product_avatar, task)


@pytest.mark.parametrize(
    ("change", "param"),
    [
        ({"product_rect": {"x": 1, "y": 1, "width": 1, "height": 1}}, "product_rect"),
        ({"product_rect": ProductRect(x=0, y=0, width=0, height=5)}, "product_rect.width"),
        ({"product_rect": ProductRect(x=0, y=0, width=5, height=5, scale=0)}, "product_rect.scale"),
        ({"product_rect": ProductRect(x=float("nan"), y=0, width=5, height=5)}, "product_rect.x"),
        ({"person_image_url": None}, "person_image_url"),
    ],
)
async def test_bad_parameters_are_refused(
    a2e_client: A2EClient, change: dict[str, Any], param: str
) -> None:
    """Each bad parameter raises ValidationError naming it before anything is sent."""
    with pytest.raises(ValidationError) as info:
        await a2e_client.product_avatar.start(**{**INPUTS, **change})
    assert info.value.param == param


def test_derived_start_decodes_strictly() -> None:
    """The (derived) product-avatar start record decodes with nothing unknown or lost."""
    payload = load_fixture("derived/product_avatar_start.json")["data"]
    task = STRICT.structure(payload, ProductAvatarTask)
    assert_nothing_lost(task, payload)
    assert task.product_rect == ProductRect(x=100, y=150, width=200, height=300)
