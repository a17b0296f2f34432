"""Custom avatars (userVideoTwin): training, anchors, continue training, lists, removal."""

from __future__ import annotations

from typing import Any

import pytest

from a2e_async.emulator import Emulator

from .conftest import Api, fixture

TWIN = "/api/v1/userVideoTwin"
VIDEO_MODE = fixture("userVideoTwin_startTraining.request.json")
IMAGE_MODE = {"name": "pic", "gender": "male", "image_url": "https://cdn.example/face.png"}
pytestmark = pytest.mark.parametrize(
    "emulator_options",
    [{"seed": 7, "durations": {"avatar": (100, 100), "avatar_continue": (7200, 7200)}}],
)


async def train(api: Api, body: dict[str, Any] | None = None) -> dict[str, Any]:
    data = await api.data("POST", f"{TWIN}/startTraining", json=body or VIDEO_MODE)
    assert isinstance(data, dict)
    return data


async def custom_anchors(api: Api, **query: str) -> list[dict[str, Any]]:
    params = "&".join(f"{key}={value}" for key, value in {"type": "custom", **query}.items())
    anchors = await api.data("GET", f"/api/v1/anchor/character_list?{params}")
    assert isinstance(anchors, list)
    return anchors


async def balance(api: Api) -> dict[str, int]:
    data = await api.data("GET", "/api/v1/user/remainingCoins")
    assert isinstance(data, dict)
    return data


async def test_documented_request_gives_the_documented_record(api: Api) -> None:
    """startTraining with the docs' request answers every documented field, initialized."""
    data = await train(api)
    documented = fixture("userVideoTwin_startTraining.response.json")["data"]
    assert set(documented) <= set(data)
    assert (data["current_status"], data["video_backgroud_color"]) == (
        "initialized", "rgb(61,165,82)"
    )  # fmt: skip
    assert "anchor_id" not in data
    assert await balance(api) == {"coins": 100_000, "diamonds": 10}


@pytest.mark.parametrize(
    "body",
    [
        {"name": "none"},
        {"name": "both", "video_url": "https://x/a.mp4", "image_url": "https://x/a.png"},
    ],
)
async def test_exactly_one_source_is_required(api: Api, body: dict[str, Any]) -> None:
    """Neither or both of video_url/image_url is a 400 naming video_url."""
    status, answer = await api("POST", f"{TWIN}/startTraining", json=body)
    assert (status, answer["msg"].split(":")[0]) == (400, "video_url")


async def test_completed_training_adds_a_custom_anchor_usable_for_videos(
    api: Api, emu: Emulator
) -> None:
    """Once completed, the record has anchor_id and character_list lists it for generate."""
    twin = await train(api)
    assert await custom_anchors(api) == []
    emu.advance(101)
    record = await api.data("GET", f"{TWIN}/{twin['_id']}")
    assert record["current_status"] == "completed"
    (anchor,) = await custom_anchors(api, user_video_twin_id=twin["_id"])
    assert anchor["_id"] == record["anchor_id"]
    assert (anchor["type"], anchor["user_video_twin_id"]) == ("custom", twin["_id"])
    everything = await api.data("GET", "/api/v1/anchor/character_list")
    assert anchor in everything
    video = await api.data(
        "POST",
        "/api/v1/video/generate",
        json={"anchor_id": anchor["_id"], "anchor_type": 1, "audioSrc": "https://x/a.mp3"},
    )
    assert video["anchor_id"] == anchor["_id"]


async def test_image_mode_costs_a_diamond_and_402_when_none_left(api: Api, emu: Emulator) -> None:
    """Each image-mode avatar takes one diamond; with none left it is 402 and nothing changes."""
    for _ in range(10):
        await train(api, IMAGE_MODE)
    assert await balance(api) == {"coins": 100_000, "diamonds": 0}
    status, answer = await api("POST", f"{TWIN}/startTraining", json=IMAGE_MODE)
    assert (status, answer["code"], answer["msg"]) == (402, 402, "insufficient credits")
    assert emu.stats()["created"] == {"avatar": 10}


async def test_continue_training_restarts_the_clock_and_keeps_the_anchor(
    api: Api, emu: Emulator
) -> None:
    """Both spellings work; it costs a diamond, runs ~2 h and the anchor stays usable."""
    twin = await train(api)
    status, answer = await api("POST", f"{TWIN}/continueTranining", json={"_id": twin["_id"]})
    assert (status, answer["msg"].split(":")[0]) == (400, "_id")
    emu.advance(101)
    answer = await api.data("POST", f"{TWIN}/continueTranining", json={"_id": twin["_id"]})
    assert answer == fixture("userVideoTwin_continueTranining.response.json")["data"]
    assert (await balance(api))["diamonds"] == 9
    record = await api.data("GET", f"{TWIN}/{twin['_id']}")
    assert record["current_status"] == "initialized"
    assert len(await custom_anchors(api)) == 1
    training = await api.data("GET", f"{TWIN}/trainingRecords")
    assert [item["_id"] for item in training] == [twin["_id"]]
    emu.advance(7201)
    assert (await api.data("GET", f"{TWIN}/{twin['_id']}"))["current_status"] == "completed"
    await api.data("POST", f"{TWIN}/continueTraining", json={"_id": twin["_id"]})
    assert (await balance(api))["diamonds"] == 8
    assert emu.stats()["created"] == {"avatar": 1}


async def test_continue_training_needs_a_video_avatar(api: Api, emu: Emulator) -> None:
    """An image-mode avatar cannot continue training."""
    twin = await train(api, IMAGE_MODE)
    emu.advance(101)
    status, _ = await api("POST", f"{TWIN}/continueTraining", json={"_id": twin["_id"]})
    assert status == 400


async def test_records_page_and_filter_and_batch_detail(api: Api, emu: Emulator) -> None:
    """records pages rows/count newest first with a status filter; batchDetail skips unknowns."""
    old = await train(api)
    emu.advance(101)
    new = await train(api)
    page = await api.data("GET", f"{TWIN}/records?pageNum=1&pageSize=10")
    assert ([row["_id"] for row in page["rows"]], page["count"]) == ([new["_id"], old["_id"]], 2)
    done = await api.data("GET", f"{TWIN}/records?status=completed")
    assert [row["_id"] for row in done["rows"]] == [old["_id"]]
    pending = await api.data("GET", f"{TWIN}/records?status=pending")
    assert [row["_id"] for row in pending["rows"]] == [new["_id"]]
    ids = [old["_id"], "0123456789abcdef01234567", new["_id"]]
    found = await api.data("POST", f"{TWIN}/batchDetail", json={"ids": ids})
    assert [row["_id"] for row in found] == [old["_id"], new["_id"]]


async def test_remove_deletes_the_avatar_and_its_anchor(api: Api, emu: Emulator) -> None:
    """remove {_id} deletes the record; its anchor leaves character_list; again → 404."""
    twin = await train(api)
    emu.advance(101)
    assert len(await custom_anchors(api)) == 1
    assert await api.data("POST", f"{TWIN}/remove", json={"_id": twin["_id"]}) is None
    assert await custom_anchors(api) == []
    assert (await api("GET", f"{TWIN}/{twin['_id']}"))[0] == 404
    assert (await api("POST", f"{TWIN}/remove", json={"_id": twin["_id"]}))[0] == 404
