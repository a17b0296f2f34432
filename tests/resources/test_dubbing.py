"""AI dubbing end to end against the emulator, plus its validation and derived shape."""

from __future__ import annotations

from typing import Any

import pytest

from a2e_async import A2EClient
from a2e_async.errors import ValidationError
from a2e_async.models.dubbing import DubbingTask

from ..conftest import load_fixture
from ..test_converter import STRICT, assert_nothing_lost
from .family_checks import FAIL, assert_fails, check_reads_and_delete

SOURCE = "https://example.test/talk.mp4"


async def test_start_and_wait_completes_with_a_result(a2e_client: A2EClient) -> None:
    """start_and_wait returns the completed dub with the languages it was sent."""
    task = await a2e_client.dubbing.start_and_wait(
        source_url=SOURCE,
        target_lang="es",
        source_lang="en",
        num_speakers=2,
        drop_background_audio=True,
        name="dub",
    )
    assert task.status == "completed"
    assert task.result_url
    assert (task.source_url, task.source_lang, task.target_lang) == (SOURCE, "en", "es")
    assert (task.num_speakers, task.drop_background_audio) == (2, True)


async def test_failed_task_raises_task_failed(a2e_client: A2EClient) -> None:
    """A dub A2E fails ends the wait with TaskFailed carrying failed_code/failed_message."""
    await assert_fails(
        a2e_client.dubbing.start_and_wait(source_url=SOURCE, target_lang="fr", name=FAIL),
        "dubbing",
    )


async def test_processing_list_shows_running_dubs(a2e_client: A2EClient) -> None:
    """allProcessing lists a running dub and no longer lists it once it is done."""
    task = await a2e_client.dubbing.start(source_url=SOURCE, target_lang="de")
    assert task.id in {t.id for t in await a2e_client.dubbing.list_processing()}
    done = await a2e_client.dubbing.wait(task.id)
    await check_reads_and_delete(a2e_client.dubbing, done)


@pytest.mark.parametrize(
    ("change", "param"),
    [
        ({"target_lang": ""}, "target_lang"),
        ({"num_speakers": 0}, "num_speakers"),
        ({"drop_background_audio": 1}, "drop_background_audio"),
        ({"source_url": "ftp://example.test/a.mp4"}, "source_url"),
    ],
)
async def test_bad_parameters_are_refused(
    a2e_client: A2EClient, change: dict[str, Any], param: str
) -> None:
    """Each bad parameter raises ValidationError naming it before anything is sent."""
    with pytest.raises(ValidationError) as info:
        await a2e_client.dubbing.start(**{"source_url": SOURCE, "target_lang": "en", **change})
    assert info.value.param == param


def test_derived_detail_decodes_strictly() -> None:
    """The (derived) dubbing record decodes with nothing unknown or lost."""
    payload = load_fixture("derived/dubbing_detail_completed.json")["data"]
    task = STRICT.structure(payload, DubbingTask)
    assert_nothing_lost(task, payload)
    assert task.drop_background_audio is False
