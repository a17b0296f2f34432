"""Per-family details beyond the common lifecycle: documented shapes, costs, quirks."""

from __future__ import annotations

from typing import Any

import pytest

from a2e_async.emulator import Emulator
from a2e_async.emulator.state import FAMILIES

from .conftest import Api, fixture

IMG, MP4 = "https://cdn.example/p.png", "https://cdn.example/v.mp4"
pytestmark = pytest.mark.parametrize(
    "emulator_options", [{"seed": 7, "durations": {name: (100.0, 100.0) for name in FAMILIES}}]
)


async def coins(api: Api) -> int:
    balance = await api.data("GET", "/api/v1/user/remainingCoins")
    return int(balance["coins"])


async def test_image_to_video_matches_the_documented_start(api: Api) -> None:
    """The documented request gives the documented record keys, status sent and 100 coins."""
    data = await api.data(
        "POST", "/api/v1/userImage2Video/start", json=fixture("userImage2Video_start.request.json")
    )
    assert set(fixture("userImage2Video_start.response.json")["data"]) <= set(data)
    assert (data["current_status"], data["coins"]) == ("sent", 100)
    assert await coins(api) == 100_000 - 100


async def test_image_to_video_refuses_to_delete_a_running_task(api: Api, emu: Emulator) -> None:
    """A sent/pending/processing image-to-video task cannot be deleted (HTTP 400)."""
    task = await api.data("POST", "/api/v1/userImage2Video/start", json={"image_url": IMG})
    status, answer = await api("DELETE", f"/api/v1/userImage2Video/{task['_id']}")
    assert status == 400
    assert answer["msg"].startswith("_id:")
    emu.advance(101)
    assert (await api("DELETE", f"/api/v1/userImage2Video/{task['_id']}"))[0] == 200


async def test_image_to_video_first_last_frame_needs_an_end_image(api: Api) -> None:
    """model_type FLF2V without end_image_url is a 400 naming end_image_url."""
    status, answer = await api(
        "POST", "/api/v1/userImage2Video/start", json={"image_url": IMG, "model_type": "FLF2V"}
    )
    assert (status, answer["msg"].split(":")[0]) == (400, "end_image_url")


@pytest.mark.parametrize("bad", ["not a url", "https://cdn.example/a b.png", "ftp://x/y.png"])
async def test_input_urls_must_be_http_without_spaces(api: Api, bad: str) -> None:
    """A2E fetches inputs itself, so a non-http URL or one with spaces is refused."""
    status, answer = await api("POST", "/api/v1/userImage2Video/start", json={"image_url": bad})
    assert (status, answer["msg"].split(":")[0]) == (400, "image_url")


async def test_talking_video_matches_the_documented_start_and_cost(api: Api) -> None:
    """The documented example: same keys, initialized, 13 coins for 5 s; 20 s costs 52."""
    data = await api.data(
        "POST", "/api/v1/talkingVideo/start", json=fixture("talkingVideo_start.request.json")
    )
    documented = fixture("talkingVideo_start.response.json")["data"]
    assert set(documented) == set(data)
    assert (data["current_status"], data["coins"], data["cover_url"]) == ("initialized", 13, "")
    body = {**fixture("talkingVideo_start.request.json"), "duration": 20}
    assert (await api.data("POST", "/api/v1/talkingVideo/start", json=body))["coins"] == 52
    body.pop("duration")
    assert (await api.data("POST", "/api/v1/talkingVideo/start", json=body))["coins"] == 13
    assert await coins(api) == 100_000 - 13 - 52 - 13
    body["duration"] = 21
    assert (await api("POST", "/api/v1/talkingVideo/start", json=body))[0] == 400


async def test_text_to_image_start_answers_one_record_per_image(api: Api, emu: Emulator) -> None:
    """start answers an array; max_images=3 makes three tasks; the docs' spelling works too."""
    made = await api.data(
        "POST", "/api/v1/userText2Image/start", json={"prompt": "sea", "max_images": 3}
    )
    assert isinstance(made, list)
    assert len({record["_id"] for record in made}) == 3
    docs = await api.data(
        "POST",
        "/api/v1/userText2image/start",
        json={"name": "n", "prompt": "sunset", "req_key": "high_aes", "width": 1024, "height": 768},
    )
    assert (docs[0]["width"], docs[0]["height"]) == (1024, 768)
    assert emu.stats()["created"] == {"text_to_image": 4}
    emu.advance(101)
    record = await api.data("GET", f"/api/v1/userText2Image/{docs[0]['_id']}")
    assert len(record["image_urls"]) == 1


async def test_nano_banana_list_needs_paging_and_filters_by_status(api: Api, emu: Emulator) -> None:
    """allRecords requires pageNum and pageSize and filters by status."""
    done = await api.data("POST", "/api/v1/userNanoBanana/start", json={"name": "a", "prompt": "p"})
    emu.advance(101)
    running = await api.data(
        "POST", "/api/v1/userNanoBanana/start", json={"name": "b", "prompt": "p"}
    )
    emu.advance(50)
    status, answer = await api("GET", "/api/v1/userNanoBanana/allRecords")
    assert (status, answer["msg"].split(":")[0]) == (400, "pageNum")
    base = "/api/v1/userNanoBanana/allRecords?pageNum=1&pageSize=10"
    for wanted, ids in (("completed", [done["_id"]]), ("processing", [running["_id"]])):
        page = await api.data("GET", f"{base}&status={wanted}")
        assert ([row["_id"] for row in page["rows"]], page["count"]) == (ids, 1)
    assert (await api("GET", f"{base}&status=weird"))[0] == 400
    assert done["model"] == "nano-banana-pro"


async def test_face_library_add_answers_the_whole_library(api: Api) -> None:
    """Adding a face answers every stored face, newest first, shaped like the docs example."""
    first = await api.data("POST", "/api/v1/userFaceSwapImage/add", json={"face_url": IMG})
    library = await api.data("POST", "/api/v1/userFaceSwapImage/add", json={"face_url": MP4})
    documented = fixture("userFaceSwapImage_add.response.json")["data"][0]
    assert [set(item) for item in library] == [set(documented)] * 2
    assert library[1] == first[0]
    assert library[0]["face_url"] == MP4
    assert await api.data("GET", "/api/v1/userFaceSwapImage/records") == library
    assert (await api("DELETE", f"/api/v1/userFaceSwapImage/{first[0]['_id']}"))[0] == 200
    assert len(await api.data("GET", "/api/v1/userFaceSwapImage/records")) == 1
    assert (await api("DELETE", f"/api/v1/userFaceSwapImage/{first[0]['_id']}"))[0] == 404


async def test_face_swap_preview_runs_and_reports_by_id(api: Api, emu: Emulator) -> None:
    """Preview add answers the record; status?_id= follows it; an image target gives an image."""
    preview = await api.data(
        "POST", "/api/v1/userFaceSwapPreview/add", json={"face_url": IMG, "video_url": IMG}
    )
    keys = {"video_url", "face_url", "current_status", "result_url", "error_code"}
    assert keys | {"faild_message", "_id", "user_id"} <= set(preview)
    emu.advance(101)
    done = await api.data("GET", f"/api/v1/userFaceSwapPreview/status?_id={preview['_id']}")
    assert (done["current_status"], done["error_code"]) == ("completed", "0")
    assert done["result_url"].endswith(".png")
    assert (await api("GET", "/api/v1/userFaceSwapPreview/status"))[0] == 400
    assert emu.stats()["created"] == {"face_swap_preview": 1}


async def test_face_swap_status_and_records_use_the_documented_shapes(
    api: Api, emu: Emulator
) -> None:
    """status lists in-flight tasks with five fields; records rows carry the timing fields."""
    body = {"name": "xxxx", "face_url": IMG, "video_url": MP4}
    task = await api.data("POST", "/api/v1/userFaceSwapTask/add", json=body)
    emu.advance(50)
    (running,) = await api.data("GET", "/api/v1/userFaceSwapTask/status")
    assert set(running) == set(fixture("userFaceSwapTask_status.response.json")["data"][0])
    assert (running["current_status"], running["error_code"], running["faild_message"]) == (
        "processing", None, None
    )  # fmt: skip
    emu.advance(51)
    page = await api.data("GET", "/api/v1/userFaceSwapTask/records?pageNum=1&pageSize=10")
    row: dict[str, Any] = page["rows"][0]
    documented = fixture("derived/faceswap_task_records.json")["data"]["rows"][0]
    assert set(documented) <= set(row)
    assert (row["_id"], row["error_code"], row["faild_message"]) == (task["_id"], "0", None)
    assert row["initialized_time"] < row["processing_time"] < row["completed_time"]
    assert await api.data("GET", "/api/v1/userFaceSwapTask/status") == []


async def test_face_swap_status_item_lacks_id_while_initialized(api: Api, emu: Emulator) -> None:
    """The documented item's _id is optional: an initialized task is listed without it."""
    body = {"name": "xxxx", "face_url": IMG, "video_url": MP4}
    first = await api.data("POST", "/api/v1/userFaceSwapTask/add", json=body)
    emu.advance(10)
    await api.data("POST", "/api/v1/userFaceSwapTask/add", json=body)
    items = await api.data("GET", "/api/v1/userFaceSwapTask/status")
    documented = set(fixture("userFaceSwapTask_status.response.json")["data"][0])
    assert [set(item) for item in items] == [documented - {"_id"}, documented]
    assert items[0]["current_status"] == "initialized"
    assert items[1]["_id"] == first["_id"]


async def test_caption_removal_retry_restarts_a_failed_task(api: Api, emu: Emulator) -> None:
    """retry {_id} runs a failed task again; retrying a task that did not fail is a 400."""
    body = {"name": "x emulator:fail", "source_url": MP4}
    task = await api.data("POST", "/api/v1/userCaptionRemoval/start", json=body)
    assert (await api("POST", "/api/v1/userCaptionRemoval/retry", json={"_id": task["_id"]}))[
        0
    ] == 400
    emu.advance(101)
    again = await api.data("POST", "/api/v1/userCaptionRemoval/retry", json={"_id": task["_id"]})
    assert again["current_status"] == "initialized"
    running = await api.data("GET", "/api/v1/userCaptionRemoval/allProcessing")
    assert [record["_id"] for record in running] == [task["_id"]]


async def test_quick_add_avatar_turns_a_finished_image_into_an_avatar(
    api: Api, emu: Emulator
) -> None:
    """quickAddAvatar {_id} makes an image-mode avatar from a completed text-to-image task."""
    (image,) = await api.data(
        "POST", "/api/v1/userText2Image/start", json={"name": "face", "prompt": "a face"}
    )
    path = "/api/v1/userText2Image/quickAddAvatar"
    assert (await api("POST", path, json={"_id": image["_id"]}))[0] == 400
    emu.advance(101)
    avatar = await api.data("POST", path, json={"_id": image["_id"], "gender": "female"})
    assert avatar["image_url"].endswith(f"/_emulator/files/text_to_image/{image['_id']}.png")
    assert (avatar["current_status"], avatar["gender"]) == ("initialized", "female")
    assert emu.stats()["created"] == {"text_to_image": 1, "avatar": 1}
    assert (await api.data("GET", "/api/v1/user/remainingCoins"))["diamonds"] == 9
