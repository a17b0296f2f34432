"""Face swap end to end against the emulator: face library, previews and full tasks."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio
from aioresponses import aioresponses

from a2e_async import A2EClient, PollPolicy
from a2e_async.emulator import Emulator
from a2e_async.errors import NotFoundError, TaskFailed, ValidationError
from a2e_async.models.face_swap import FaceImage, FaceSwapPreview, FaceSwapTask
from a2e_async.testing import FAST_POLL

from ..conftest import load_fixture
from ..test_converter import STRICT, assert_nothing_lost
from .family_checks import FAIL, assert_fails, check_reads_and_delete

FACE = "https://example.test/face.jpg"
VIDEO = "https://example.test/clip.mp4"


@pytest_asyncio.fixture
async def failing_client() -> AsyncIterator[A2EClient]:
    """A client on an emulator that fails every task (previews carry no name to mark)."""
    async with (
        Emulator(time_scale=0.001, seed=7, fail_rate=1.0) as emu,
        A2EClient(api_key="sk_test", base_url=emu.url, poll_policy=FAST_POLL) as client,
    ):
        yield client


async def test_face_library_add_list_delete(a2e_client: A2EClient) -> None:
    """add_face answers the whole library, newest first; delete_face removes one face."""
    first = await a2e_client.face_swap.add_face(FACE)
    library = await a2e_client.face_swap.add_face("https://example.test/other.png")
    assert [face.face_url for face in library] == ["https://example.test/other.png", FACE]
    assert library[1].id == first[0].id
    assert await a2e_client.face_swap.list_faces() == library
    await a2e_client.face_swap.delete_face(first[0].id)
    assert [face.id for face in await a2e_client.face_swap.list_faces()] == [library[0].id]
    with pytest.raises(NotFoundError):
        await a2e_client.face_swap.delete_face(first[0].id)


async def test_preview_and_wait_completes(a2e_client: A2EClient) -> None:
    """A preview is its own waitable family and completes with a result image."""
    preview = await a2e_client.face_swap.preview_and_wait(
        face_url=FACE, video_url="https://example.test/frame.jpeg"
    )
    assert preview.status == "completed"
    assert preview.result_url
    assert preview.result_url.endswith(".jpeg")
    again = await a2e_client.face_swap.get_preview(preview.id)
    assert again == preview
    assert a2e_client.face_swap.preview_kind.family == "face_swap_preview"
    statuses = [p.status async for p in a2e_client.face_swap.watch_preview(preview.id)]
    assert statuses == ["completed"]


async def test_failed_preview_carries_the_face_swap_error_fields(
    failing_client: A2EClient,
) -> None:
    """A failed preview raises TaskFailed with A2E's error_code / faild_message."""
    preview = await failing_client.face_swap.preview(face_url=FACE, video_url=VIDEO)
    with pytest.raises(TaskFailed) as info:
        await failing_client.face_swap.wait_preview(preview.id)
    assert info.value.family == "face_swap_preview"
    assert info.value.code == "EMULATOR_FAIL"
    assert info.value.message
    assert info.value.task.failed_message == info.value.message


async def test_start_and_wait_completes_with_a_result(a2e_client: A2EClient) -> None:
    """A full face swap completes with its video and phase timestamps."""
    task = await a2e_client.face_swap.start_and_wait(
        face_url=FACE, video_url=VIDEO, name="swap", model_version="v1"
    )
    assert (task.status, task.name, task.face_url, task.video_url) == (
        "completed",
        "swap",
        FACE,
        VIDEO,
    )
    assert task.result_url
    assert task.duration
    assert task.initialized_at is not None
    assert task.completed_at is not None
    assert task.processing_started_at is not None
    assert task.coins is None  # face swap records carry no charge


async def test_failed_task_raises_task_failed(a2e_client: A2EClient) -> None:
    """A failed face swap raises TaskFailed with error_code / faild_message as code/message."""
    failed = await assert_fails(
        a2e_client.face_swap.start_and_wait(face_url=FACE, video_url=VIDEO, name=FAIL),
        "face_swap",
    )
    assert failed.task.failed_code == "EMULATOR_FAIL"


SLOW_SWAP = {"time_scale": 0.001, "seed": 1, "durations": {"face_swap": (300.0, 300.0)}}


@pytest.mark.parametrize("a2e_emulator_options", [SLOW_SWAP])
async def test_status_list_and_shared_reads(a2e_client: A2EClient, a2e_emulator: Emulator) -> None:
    """The in-flight status list shows a running swap; the shared reads and delete work."""
    task = await a2e_client.face_swap.start(face_url=FACE, video_url=VIDEO)
    # Past "initialized" (its first 15 s here), while the emulator's status item has no _id.
    a2e_emulator.advance(20)
    running = await a2e_client.face_swap.list_processing()
    assert task.id in {t.id for t in running}
    done = await a2e_client.face_swap.wait(task.id)
    await check_reads_and_delete(a2e_client.face_swap, done)


@pytest.mark.parametrize(
    ("params", "param"),
    [
        ({"face_url": FACE, "video_url": VIDEO, "model_version": "v3"}, "model_version"),
        ({"face_url": "face.jpg", "video_url": VIDEO}, "face_url"),
        ({"face_url": FACE, "video_url": VIDEO, "cover_url": 5}, "cover_url"),
        ({"face_url": FACE, "video_url": VIDEO, "webhook_token": "x" * 257}, "webhook_token"),
    ],
)
async def test_bad_parameters_are_refused(
    a2e_client: A2EClient, params: dict[str, Any], param: str
) -> None:
    """Each bad parameter raises ValidationError naming it before anything is sent."""
    with pytest.raises(ValidationError) as info:
        await a2e_client.face_swap.start(**params)
    assert info.value.param == param


@pytest.mark.parametrize(
    ("fixture", "cls", "pick"),
    [
        ("userFaceSwapImage_add.response.json", FaceImage, lambda d: d["data"][0]),
        ("derived/faceswap_image_records.json", FaceImage, lambda d: d["data"][0]),
        ("userFaceSwapTask_status.response.json", FaceSwapTask, lambda d: d["data"][0]),
        ("derived/faceswap_task_add.json", FaceSwapTask, lambda d: d["data"]),
        ("derived/faceswap_task_detail.json", FaceSwapTask, lambda d: d["data"]),
        ("derived/faceswap_task_records.json", FaceSwapTask, lambda d: d["data"]["rows"][0]),
        ("derived/faceswap_preview_add.json", FaceSwapPreview, lambda d: d["data"]),
        ("derived/faceswap_preview_status.json", FaceSwapPreview, lambda d: d["data"]),
    ],
)
def test_documented_examples_decode_strictly(fixture: str, cls: type, pick: Any) -> None:
    """A2E's documented (and derived) face-swap shapes decode with nothing unknown or lost."""
    payload = pick(load_fixture(fixture))
    assert_nothing_lost(STRICT.structure(payload, cls), payload)


def test_documented_record_maps_the_misspelled_failure_fields() -> None:
    """The documented records row (error_code "0", a finished task) has no failure code."""
    row = load_fixture("derived/faceswap_task_records.json")["data"]["rows"][0]
    task = STRICT.structure(row, FaceSwapTask)
    assert (task.failed_code, task.failed_message, task.duration) == (None, None, 6)
    assert task.completed_at is not None
    assert task.completed_at.isoformat() == "2024-06-21T03:20:58.625000+00:00"


@pytest.mark.parametrize(
    ("failure", "expected"),
    [
        ({"error_code": "E1", "faild_message": "no face"}, ("E1", "no face")),
        ({"error_code": "E1", "failed_message": "no face"}, ("E1", "no face")),
        ({"failed_code": "E2", "failed_message": "no face"}, ("E2", "no face")),
        ({"error_code": 0, "faild_message": ""}, (None, None)),
        ({"error_code": "0", "failed_message": "", "faild_message": "late"}, (None, "late")),
    ],
)
@pytest.mark.parametrize("cls", [FaceSwapTask, FaceSwapPreview])
def test_every_failure_spelling_is_read(
    cls: type, failure: dict[str, Any], expected: tuple[str | None, str | None]
) -> None:
    """Face swap records fill failed_code / failed_message from either spelling A2E's
    callers see, and error_code "0" is no failure code."""
    row = {"_id": "0123456789abcdef01234567", "current_status": "failed", **failure}
    task = STRICT.structure(row, cls)
    assert (task.failed_code, task.failed_message) == expected


async def test_failed_face_swap_reports_failed_message_spelling() -> None:
    """A failure A2E reports as failed_message reaches TaskFailed's message."""
    task_id = "0123456789abcdef01234567"
    detail = f"https://api.example.test/api/v1/userFaceSwapTask/{task_id}"
    row = {"_id": task_id, "current_status": "failed", "failed_message": "no face found"}
    with aioresponses() as mock:
        mock.get(detail, payload={"code": 0, "data": row})
        async with A2EClient(api_key="sk_x", base_url="https://api.example.test") as client:
            with pytest.raises(TaskFailed) as info:
                await client.face_swap.wait(task_id, poll_policy=PollPolicy(coalesce=False))
    assert info.value.message == "no face found"


async def test_status_items_without_an_id_do_not_break_the_list() -> None:
    """userFaceSwapTask/status items may lack _id: they are skipped, the rest decode."""
    task_id = "0123456789abcdef01234567"
    rows = [{"current_status": "processing"}, {"_id": task_id, "current_status": "processing"}]
    with aioresponses() as mock:
        mock.get(
            "https://api.example.test/api/v1/userFaceSwapTask/status",
            payload={"code": 0, "data": rows},
        )
        async with A2EClient(api_key="sk_x", base_url="https://api.example.test") as client:
            found = await client.face_swap.list_processing()
    assert [task.id for task in found] == [task_id]
