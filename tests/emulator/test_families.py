"""Every task-record family through one lifecycle: start, read, list, batch, finish, delete."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import aiohttp
import pytest

from a2e_async.emulator import Emulator
from a2e_async.emulator.state import FAMILIES

from .conftest import Api, fixture

IMG = "https://cdn.example/person.png"
IMG2 = "https://cdn.example/cloth.jpg"
MP4 = "https://cdn.example/clip.mp4"
EVEN = {"seed": 7, "durations": {name: (100.0, 100.0) for name in FAMILIES}}


@dataclass(frozen=True)
class Case:
    family: str
    prefix: str
    body: dict[str, Any]
    result: str
    start: str = "/start"
    list: str = "/allRecords"
    processing: str | None = None
    batch: bool = True
    item: str = "/{}"
    delete: str = "/{}"
    first_status: str = "initialized"
    face_swap: bool = False
    required: str = field(default="")


CASES = [
    Case(
        "dubbing",
        "/api/v1/userDubbing",
        {"name": "dub", "source_url": MP4, "target_lang": "en"},
        "result_url",
        start="/startDubbing",
        processing="/allProcessing",
        batch=False,
        required="source_url",
    ),
    Case(
        "image_to_video",
        "/api/v1/userImage2Video",
        fixture("userImage2Video_start.request.json"),
        "result_url",
        first_status="sent",
        required="image_url",
    ),
    Case(
        "caption_removal",
        "/api/v1/userCaptionRemoval",
        {"name": "cap", "source_url": MP4},
        "result_url",
        processing="/allProcessing",
        required="name",
    ),
    Case(
        "text_to_image",
        "/api/v1/userText2Image",
        {"name": "t2i", "prompt": "a sunset"},
        "image_urls",
        required="prompt",
    ),
    Case(
        "nano_banana",
        "/api/v1/userNanoBanana",
        {"name": "nb", "prompt": "a banana"},
        "image_urls",
        item="/detail/{}",
        delete="/delete/{}",
        required="name",
    ),
    Case(
        "talking_photo",
        "/api/v1/talkingPhoto",
        {"name": "tp", "image_url": IMG, "prompt": "talk", "negative_prompt": "blur"},
        "result_url",
        required="name",
    ),
    Case(
        "talking_video",
        "/api/v1/talkingVideo",
        fixture("talkingVideo_start.request.json"),
        "result_url",
        required="name",
    ),
    Case(
        "try_on",
        "/api/v1/virtualTryOn",
        {"name": "vto", "image_urls": [IMG, IMG2]},
        "result_image_url",
        required="image_urls",
    ),
    Case(
        "video_to_video",
        "/api/v1/motionTransfer",
        {"name": "mt", "image_url": IMG, "video_url": MP4},
        "result_video_url",
        required="image_url",
    ),
    Case(
        "product_avatar",
        "/api/v1/productAvatar",
        {
            "name": "pa",
            "image_urls": [IMG, IMG2],
            "product_rect": {"x": 1, "y": 2, "width": 3, "height": 4},
        },
        "result_image_url",
        required="image_urls",
    ),
    Case(
        "image_edit",
        "/api/v1/userImageEdit",
        {"name": "ie", "edit_type": "product", "image_urls": [IMG, IMG2]},
        "result_image_url",
        required="edit_type",
    ),
    Case(
        "face_swap",
        "/api/v1/userFaceSwapTask",
        {"name": "fs", "face_url": IMG, "video_url": MP4},
        "result_url",
        start="/add",
        list="/records",
        processing="/status",
        face_swap=True,
        required="name",
    ),
]
IDS = [case.family for case in CASES]
pytestmark = pytest.mark.parametrize("emulator_options", [EVEN])


async def start(api: Api, case: Case, **changes: Any) -> dict[str, Any]:
    data = await api.data("POST", case.prefix + case.start, json={**case.body, **changes})
    if isinstance(data, list):
        assert len(data) == 1
        data = data[0]
    assert isinstance(data, dict)
    return data


async def detail(api: Api, case: Case, task_id: str) -> dict[str, Any]:
    record = await api.data("GET", case.prefix + case.item.format(task_id))
    assert isinstance(record, dict)
    return record


def failure(record: dict[str, Any], case: Case) -> tuple[Any, Any]:
    if case.face_swap:
        return record["error_code"], record["faild_message"]
    return record["failed_code"], record["failed_message"]


@pytest.mark.parametrize("case", CASES, ids=IDS)
async def test_a_task_runs_from_start_to_a_hosted_result(
    api: Api, emu: Emulator, case: Case
) -> None:
    """Start answers the record; detail follows the clock to completed with a hosted result."""
    record = await start(api, case)
    task_id = record["_id"]
    assert len(task_id) == 24
    assert record["current_status"] == case.first_status
    assert record["createdAt"].endswith("Z")
    assert record[case.result] in ("", [])
    assert failure(record, case)[1] in ("", None)
    assert emu.stats()["created"] == {case.family: 1}
    emu.advance(50)
    assert (await detail(api, case, task_id))["current_status"] == "processing"
    emu.advance(60)
    done = await detail(api, case, task_id)
    assert done["current_status"] == "completed"
    url = done[case.result][0] if case.result == "image_urls" else done[case.result]
    assert url.startswith(f"{emu.url}/_emulator/files/{case.family}/{task_id}.")
    async with aiohttp.ClientSession() as session, session.get(url) as resp:
        assert resp.status == 200
        assert resp.headers["Content-Type"].split("/")[0] in ("video", "image")
    assert [row["status"] for row in emu.tasks()] == ["completed"]


@pytest.mark.parametrize("case", CASES, ids=IDS)
async def test_lists_page_newest_first_with_a_count(api: Api, case: Case) -> None:
    """The list answers data.rows + data.count, newest first, paged by pageNum/pageSize."""
    ids = [(await start(api, case, name=f"job{n}"))["_id"] for n in range(3)]
    first = await api.data("GET", f"{case.prefix}{case.list}?pageNum=1&pageSize=2")
    second = await api.data("GET", f"{case.prefix}{case.list}?pageNum=2&pageSize=2")
    assert set(first) == {"rows", "count"}
    assert first["count"] == second["count"] == 3
    assert [row["_id"] for row in first["rows"] + second["rows"]] == ids[::-1]
    assert (await api("GET", f"{case.prefix}{case.list}?pageNum=1&pageSize=101"))[0] == 400


@pytest.mark.parametrize(
    "case", [c for c in CASES if c.batch], ids=[c.family for c in CASES if c.batch]
)
async def test_batch_detail_answers_known_ids_only(api: Api, case: Case) -> None:
    """batchDetail {ids} answers an array of the caller's records; unknown ids are left out."""
    one, two = (await start(api, case))["_id"], (await start(api, case))["_id"]
    ids = [two, "0123456789abcdef01234567", one]
    found = await api.data("POST", f"{case.prefix}/batchDetail", json={"ids": ids})
    assert [record["_id"] for record in found] == [two, one]
    status, answer = await api("POST", f"{case.prefix}/batchDetail", json={})
    assert (status, answer["msg"]) == (400, "ids: is required")


@pytest.mark.parametrize(
    "case", [c for c in CASES if c.processing], ids=[c.family for c in CASES if c.processing]
)
async def test_processing_list_holds_only_unfinished_tasks(
    api: Api, emu: Emulator, case: Case
) -> None:
    """The in-flight list drops a task once it is finished."""
    old = (await start(api, case))["_id"]
    emu.advance(150)
    new = (await start(api, case))["_id"]
    emu.advance(10)  # past "initialized": face swap's status list names no task before that
    assert case.processing is not None
    running = await api.data("GET", case.prefix + case.processing)
    assert [record["_id"] for record in running] == [new]
    assert old != new


@pytest.mark.parametrize("case", CASES, ids=IDS)
async def test_failure_marker_ends_in_failed_with_a_reason(
    api: Api, emu: Emulator, case: Case
) -> None:
    """'emulator:fail' in the name makes the task fail at the end, with code and message."""
    task_id = (await start(api, case, name="please emulator:fail"))["_id"]
    emu.advance(101)
    record = await detail(api, case, task_id)
    assert record["current_status"] == "failed"
    code, message = failure(record, case)
    assert code
    assert "emulator:fail" in message
    assert record[case.result] in ("", [])


@pytest.mark.parametrize("case", CASES, ids=IDS)
async def test_delete_removes_the_record(api: Api, emu: Emulator, case: Case) -> None:
    """DELETE answers data null, then the record is gone from detail and lists."""
    task_id = (await start(api, case))["_id"]
    emu.advance(101)
    status, answer = await api("DELETE", case.prefix + case.delete.format(task_id))
    assert (status, answer["data"]) == (200, None)
    status, answer = await api("GET", case.prefix + case.item.format(task_id))
    assert (status, answer["code"], answer["msg"]) == (404, 404, "record not found")
    assert (await api.data("GET", f"{case.prefix}{case.list}?pageNum=1&pageSize=10"))["count"] == 0
    assert (await api("DELETE", case.prefix + case.delete.format(task_id)))[0] == 404
    assert (await api("GET", case.prefix + case.item.format("not-an-id")))[0] == 400


@pytest.mark.parametrize("case", CASES, ids=IDS)
async def test_missing_required_field_is_400_naming_it(api: Api, emu: Emulator, case: Case) -> None:
    """Leaving out a required field is HTTP 400 whose msg starts with the field name."""
    body = {key: value for key, value in case.body.items() if key != case.required}
    status, answer = await api("POST", case.prefix + case.start, json=body)
    assert (status, answer["code"]) == (400, 400)
    assert answer["msg"].startswith(f"{case.required}:")
    assert emu.stats()["created"] == {}
