"""AI outfit / product holding end to end against the emulator, plus validation."""

from __future__ import annotations

from typing import Any

import pytest

from a2e_async import A2EClient
from a2e_async.errors import ValidationError

from ..conftest import load_fixture
from .family_checks import FAIL, assert_fails, check_reads_and_delete

DOCUMENTED = next(
    r["body"] for r in load_fixture("requests.json") if r["path"] == "/api/v1/userImageEdit/start"
)


async def test_documented_request_completes_with_a_result(a2e_client: A2EClient) -> None:
    """A2E's documented product-holding request completes; the result is in one of the two
    candidate fields."""
    task = await a2e_client.image_edit.start_and_wait(
        edit_type=DOCUMENTED["edit_type"],
        image_urls=DOCUMENTED["image_urls"],
        name=DOCUMENTED["name"],
    )
    assert (task.status, task.edit_type, task.name) == ("completed", "product", "test")
    assert task.result_image_url or task.image_urls


async def test_failed_task_raises_task_failed(a2e_client: A2EClient) -> None:
    """A task A2E fails ends the wait with TaskFailed carrying failed_code/failed_message."""
    await assert_fails(
        a2e_client.image_edit.start_and_wait(
            edit_type="clothing", image_urls=DOCUMENTED["image_urls"], name=FAIL
        ),
        "image_edit",
    )


async def test_reads_lists_and_delete(a2e_client: A2EClient) -> None:
    """The shared reads (get, list, list_page, get_many) and delete work on this family."""
    task = await a2e_client.image_edit.start_and_wait(
        edit_type="clothing", image_urls=DOCUMENTED["image_urls"], processing_timeout=60
    )
    await check_reads_and_delete(a2e_client.image_edit, task)


@pytest.mark.parametrize(
    ("change", "param"),
    [
        ({"edit_type": "hat"}, "edit_type"),
        ({"image_urls": ["https://example.test/one.png"]}, "image_urls"),
        ({"image_urls": "https://example.test/one.png"}, "image_urls"),
        ({"image_urls": ["https://example.test/a.png", "b.png"]}, "image_urls"),
    ],
)
async def test_bad_parameters_are_refused(
    a2e_client: A2EClient, change: dict[str, Any], param: str
) -> None:
    """Each bad parameter raises ValidationError naming it before anything is sent."""
    params = {"edit_type": "product", "image_urls": DOCUMENTED["image_urls"], **change}
    with pytest.raises(ValidationError) as info:
        await a2e_client.image_edit.start(**params)
    assert info.value.param == param
