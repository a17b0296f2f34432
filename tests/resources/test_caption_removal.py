"""Caption removal end to end against the emulator, plus retry, validation and derived shape."""

from __future__ import annotations

import pytest

from a2e_async import A2EClient
from a2e_async.errors import APIError, TaskFailed, ValidationError
from a2e_async.models.caption_removal import CaptionRemovalTask

from ..conftest import load_fixture
from ..test_converter import STRICT, assert_nothing_lost
from .family_checks import FAIL, assert_fails, check_reads_and_delete

SOURCE = "https://example.test/subtitled.mp4"


async def test_start_and_wait_completes_with_a_result(a2e_client: A2EClient) -> None:
    """start_and_wait returns the cleaned video."""
    task = await a2e_client.caption_removal.start_and_wait(source_url=SOURCE, name="clean")
    assert (task.status, task.name, task.source_url) == ("completed", "clean", SOURCE)
    assert task.result_url


async def test_failed_task_raises_task_failed(a2e_client: A2EClient) -> None:
    """A task A2E fails ends the wait with TaskFailed carrying failed_code/failed_message."""
    await assert_fails(
        a2e_client.caption_removal.start_and_wait(source_url=SOURCE, name=FAIL), "caption_removal"
    )


async def test_reads_lists_processing_and_delete(a2e_client: A2EClient) -> None:
    """allProcessing shows a running task; the shared reads and delete work on this family."""
    task = await a2e_client.caption_removal.start(source_url=SOURCE)
    assert task.name
    assert task.name.startswith("a2e-")  # a unique name is sent when none is given
    assert task.id in {t.id for t in await a2e_client.caption_removal.list_processing()}
    done = await a2e_client.caption_removal.wait(task.id)
    await check_reads_and_delete(a2e_client.caption_removal, done)


async def test_retry_restarts_a_failed_task(a2e_client: A2EClient) -> None:
    """retry puts a failed task back to work; retrying a task that has not failed is refused."""
    with pytest.raises(TaskFailed) as info:
        await a2e_client.caption_removal.start_and_wait(source_url=SOURCE, name=FAIL)
    task_id = info.value.task_id
    await a2e_client.caption_removal.retry(task_id)
    assert (await a2e_client.caption_removal.get(task_id)).status != "failed"
    with pytest.raises(APIError) as refused:
        await a2e_client.caption_removal.retry(task_id)
    assert refused.value.status == 400
    with pytest.raises(ValidationError):
        await a2e_client.caption_removal.retry("a/b")


async def test_missing_source_is_refused(a2e_client: A2EClient) -> None:
    """A missing source raises ValidationError naming it before anything is sent."""
    with pytest.raises(ValidationError) as info:
        await a2e_client.caption_removal.start(source_url=None)  # type: ignore[arg-type]
    assert info.value.param == "source_url"


def test_derived_detail_decodes_strictly() -> None:
    """The (derived) caption-removal record decodes with nothing unknown or lost."""
    payload = load_fixture("derived/caption_removal_detail_completed.json")["data"]
    assert_nothing_lost(STRICT.structure(payload, CaptionRemovalTask), payload)
