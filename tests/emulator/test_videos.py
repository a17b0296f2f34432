"""Avatar videos: generate, status progression, failure, lists, detail and delete."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from a2e_async.emulator import Emulator

from .conftest import LAYOUT, Api, fixture

FIXED = {"seed": 7, "durations": {"video": (100, 100)}}
AWS_RESULT_FIELDS = {
    "_id", "msg", "result", "process", "status", "anchor_type", "web_bg_width", "web_bg_height",
    "color", "result_people_url", "result_bg_url", "anchor_id", "replace_bg_id",
    "custom_backs_id", "createdAt", "diff_s", "current_date",
}  # fmt: skip


def body(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "title": "clip",
        "anchor_id": "660556b3cd492168141926d3",
        "anchor_type": 0,
        "audioSrc": "https://cdn.example/voice.mp3",
    }
    base.update(changes)
    return {key: value for key, value in base.items() if value is not None}


async def status_of(api: Api, video_id: str) -> dict[str, Any]:
    (record,) = await api.data("POST", "/api/v1/video/awsResult", json={"_id": video_id})
    assert isinstance(record, dict)
    return record


async def test_documented_request_gives_documented_record_shape(api: Api) -> None:
    """The docs' generate request (plus the msg its captions need) gets every documented field."""
    request = {**fixture("video_generate.request.json"), "msg": "Hello from the docs"}
    data = await api.data("POST", "/api/v1/video/generate", json=request)
    documented = fixture("video_generate.response.json")["data"]
    assert set(documented) <= set(data)
    assert len(data["_id"]) == 24
    int(data["_id"], 16)
    assert (data["anchor_type"], data["resolution"]) == ("1", "1080")
    assert (data["status"], data["process"], data["result"]) == ("init", 0, "")
    assert data["replace_bg_id"] == "62a6d3e56c209514b155b12b"
    assert data["createdAt"].endswith("Z")
    assert len(data["createdAt"]) == len("2024-04-08T09:11:30.329Z")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"anchor_id": None}, "anchor_id"),
        ({"anchor_type": None}, "anchor_type"),
        ({"anchor_type": 2}, "anchor_type"),
        ({"anchor_type": "0"}, "anchor_type"),
        ({"audioSrc": None}, "audioSrc"),
        ({"title": "x" * 41}, "title"),
        ({"anchor_id": "0123456789abcdef01234567"}, "anchor_id"),
        ({"back_id": "0123456789abcdef01234567", **LAYOUT}, "back_id"),
        ({"custom_back_id": "0123456789abcdef01234567", **LAYOUT}, "custom_back_id"),
        ({"isSkipRs": "yes"}, "isSkipRs"),
    ],
)
async def test_generate_rejects_bad_parameters(
    api: Api, emu: Emulator, changes: dict[str, Any], field: str
) -> None:
    """A missing or invalid parameter is HTTP 400 naming the field, and creates nothing."""
    status, answer = await api("POST", "/api/v1/video/generate", json=body(**changes))
    assert status == 400
    assert answer["code"] == 400
    assert answer["msg"].startswith(f"{field}:")
    assert emu.stats()["created"] == {}


async def test_back_id_with_custom_back_id_is_code_30005(api: Api) -> None:
    """Both background ids at once is A2E's documented error 30005."""
    status, answer = await api(
        "POST",
        "/api/v1/video/generate",
        json=body(back_id="62a6d3e56c209514b155b12b", custom_back_id="62a6d3e56c209514b155b12c"),
    )
    assert (status, answer["code"]) == (400, 30005)


CAPTIONS = {"isCaptionEnabled": True, "captionAlign": {"language": "en-US"}}


@pytest.mark.parametrize(
    "changes",
    [
        CAPTIONS,
        {"isCaptionEnabled": True},
        {**CAPTIONS, "msg": ""},
        {**CAPTIONS, "msg": "   "},
    ],
)
async def test_captions_without_msg_are_refused(
    api: Api, emu: Emulator, changes: dict[str, Any]
) -> None:
    """Captions on (isCaptionEnabled) without the spoken text in msg is 400 naming msg (seed)."""
    status, answer = await api("POST", "/api/v1/video/generate", json=body(**changes))
    assert (status, answer["code"]) == (400, 400)
    assert answer["msg"].startswith("msg:")
    assert set(answer) == {"code", "msg", "trace_id"}
    assert emu.stats()["created"] == {}


async def test_captions_with_msg_or_off_are_accepted(api: Api) -> None:
    """With msg, or with isCaptionEnabled false (captionAlign then has no effect), it renders."""
    for changes in (
        {**CAPTIONS, "msg": "Hello there"},
        {"isCaptionEnabled": False, "captionAlign": {"language": "en-US"}},
    ):
        record = await api.data("POST", "/api/v1/video/generate", json=body(**changes))
        assert record["status"] == "init"


BACKGROUNDS = [{"back_id": "62a6d3e56c209514b155b12b"}]


@pytest.mark.parametrize(
    "layout",
    [
        {},
        {key: 0 for key in LAYOUT},
        {"web_bg_width": 0, "web_people_x": 0},
    ],
)
async def test_background_without_layout_is_refused(
    api: Api, emu: Emulator, layout: dict[str, Any]
) -> None:
    """back_id with all six web_* fields 0 or missing is 400 (seed: 0 only without matting)."""
    added = await api.data("POST", "/api/v1/custom_back/add", json={"img_url": "https://x/b.png"})
    for background in (*BACKGROUNDS, {"custom_back_id": added["_id"]}):
        status, answer = await api(
            "POST", "/api/v1/video/generate", json=body(**background, **layout)
        )
        assert (status, answer["code"]) == (400, 400)
        assert answer["msg"].startswith("web_bg_width:")
    assert emu.stats()["created"] == {}


async def test_layout_rules_follow_the_seed_not_stricter(api: Api) -> None:
    """A background with a layout renders; no background (even with color) needs none."""
    accepted = [
        body(back_id="62a6d3e56c209514b155b12b", **LAYOUT),
        body(back_id="62a6d3e56c209514b155b12b", web_bg_width=853),
        body(color="rgba(0,0,0,1)"),
        body(**{key: 0 for key in LAYOUT}),
        body(resolution=0, web_people_x=-20),
    ]
    for request in accepted:
        record = await api.data("POST", "/api/v1/video/generate", json=request)
        assert record["status"] == "init"


@pytest.mark.parametrize("emulator_options", [FIXED])
async def test_status_walks_the_avatar_video_vocabulary(api: Api, emu: Emulator) -> None:
    """init → start → pending → process (0-100 rising) → copy → success with a result URL."""
    video = await api.data("POST", "/api/v1/video/generate", json=body())
    seen: list[tuple[str, int]] = []
    for _ in range(26):
        record = await status_of(api, video["_id"])
        seen.append((record["status"], record["process"]))
        emu.advance(4)
    statuses = [status for status, _ in seen]
    order = ["init", "start", "pending", "process", "copy", "success"]
    ranks = [order.index(status) for status in statuses]
    assert ranks == sorted(ranks)
    assert set(statuses) == set(order)
    progress = [process for status, process in seen if status == "process"]
    assert progress == sorted(progress)
    assert len(set(progress)) > 1
    assert seen[-1][1] == 100
    final = await status_of(api, video["_id"])
    assert final["result"] == f"{emu.url}/_emulator/files/video/{video['_id']}.mp4"
    assert final["msg"] == final["error"] == ""


@pytest.mark.parametrize(
    "emulator_options", [{"time_scale": 0.001, "durations": {"video": (100, 100)}}]
)
async def test_status_follows_real_time_on_a_fast_clock(api: Api) -> None:
    """With time_scale=0.001 a 100 s render finishes in about 0.1 s of real time."""
    video = await api.data("POST", "/api/v1/video/generate", json=body())
    assert video["status"] == "init"
    await asyncio.sleep(0.15)
    assert (await status_of(api, video["_id"]))["status"] == "success"


@pytest.mark.parametrize("emulator_options", [FIXED])
@pytest.mark.parametrize("where", ["title", "msg"])
async def test_failure_marker_fails_the_video_at_the_end(
    api: Api, emu: Emulator, where: str
) -> None:
    """'emulator:fail' in title or msg makes the render end in 'fail' with msg and error set."""
    video = await api.data(
        "POST", "/api/v1/video/generate", json=body(**{where: "x emulator:fail"})
    )
    emu.advance(99)
    assert (await status_of(api, video["_id"]))["status"] == "copy"
    emu.advance(2)
    record = await status_of(api, video["_id"])
    assert record["status"] == "fail"
    assert record["result"] == ""
    assert "emulator:fail" in record["msg"]
    assert record["error"] == record["msg"]
    row = next(row for row in emu.tasks() if row["id"] == video["_id"])
    assert row["status"] == "fail"
    assert row["finished_at"] is not None


@pytest.mark.parametrize("emulator_options", [{**FIXED, "fail_rate": 1.0}])
async def test_fail_rate_one_fails_every_video(api: Api, emu: Emulator) -> None:
    """fail_rate=1.0 fails every task even without a marker."""
    video = await api.data("POST", "/api/v1/video/generate", json=body())
    emu.advance(101)
    assert (await status_of(api, video["_id"]))["status"] == "fail"


@pytest.mark.parametrize("emulator_options", [{"seed": 3}])
async def test_durations_are_spread_and_seeded(emu: Emulator, api: Api) -> None:
    """Each task draws its own duration from the family's range, reproducibly per seed."""

    async def finish_times(emulator: Emulator, client: Api) -> list[float]:
        for _ in range(5):
            await client.data("POST", "/api/v1/video/generate", json=body())
        emulator.advance(1000)
        return [row["finished_at"] - row["created_at"] for row in emulator.tasks()]

    first = await finish_times(emu, api)
    emu.reset()
    second = await finish_times(emu, api)
    assert len(set(round(d, 3) for d in first)) == 5
    assert all(20 <= d <= 90 for d in first)
    assert [round(d, 3) for d in first] == [round(d, 3) for d in second]


async def test_aws_result_has_the_documented_fields_and_empty_for_unknown(api: Api) -> None:
    """awsResult answers a one-item array with the 17 documented fields, or [] when unknown."""
    video = await api.data("POST", "/api/v1/video/generate", json=body())
    record = await status_of(api, video["_id"])
    assert set(record) >= AWS_RESULT_FIELDS
    assert record["anchor_type"] == "0"
    for unknown in ("0123456789abcdef01234567", "nope"):
        assert await api.data("POST", "/api/v1/video/awsResult", json={"_id": unknown}) == []
    status, answer = await api("POST", "/api/v1/video/awsResult", json={})
    assert (status, answer["msg"]) == (400, "_id: is required")


async def test_detail_returns_the_record_or_404(api: Api) -> None:
    """GET video/detail answers the record object; an unknown id is 404, a bad one 400."""
    video = await api.data("POST", "/api/v1/video/generate", json=body())
    record = await api.data("GET", f"/api/v1/video/detail?video_id={video['_id']}")
    assert record["_id"] == video["_id"]
    status, answer = await api("GET", "/api/v1/video/detail?video_id=0123456789abcdef01234567")
    assert (status, answer["code"], answer["msg"]) == (404, 404, "record not found")
    assert (await api("GET", "/api/v1/video/detail"))[0] == 400
    assert (await api("GET", "/api/v1/video/detail?video_id=zzz"))[0] == 400


async def test_aws_list_pages_newest_first(api: Api) -> None:
    """awsList answers data.data newest first, paged by current/pageSize, via GET or POST."""
    ids = [
        (await api.data("POST", "/api/v1/video/generate", json=body(title=f"v{n}")))["_id"]
        for n in range(5)
    ]
    newest_first = ids[::-1]
    pages = []
    for current in (1, 2, 3, 4):
        page = await api.data("GET", f"/api/v1/video/awsList?current={current}&pageSize=2")
        assert set(page) == {"data"}
        pages.append([record["_id"] for record in page["data"]])
    assert pages == [newest_first[0:2], newest_first[2:4], newest_first[4:], []]
    posted = await api.data("POST", "/api/v1/video/awsList", json={"current": 1, "pageSize": 3})
    assert [record["_id"] for record in posted["data"]] == newest_first[:3]
    default = await api.data("GET", "/api/v1/video/awsList")
    assert len(default["data"]) == 5
    for bad in ("pageSize=0", "current=0", "current=x"):
        assert (await api("GET", f"/api/v1/video/awsList?{bad}"))[0] == 400
    # No maximum page size is documented for awsList, so a big one is not refused.
    assert len((await api.data("GET", "/api/v1/video/awsList?pageSize=500"))["data"]) == 5


async def test_delete_removes_the_video_everywhere(api: Api, emu: Emulator) -> None:
    """DELETE video/{_id} answers data null; the record leaves lists and awsResult; again → 404."""
    keep = await api.data("POST", "/api/v1/video/generate", json=body())
    gone = await api.data("POST", "/api/v1/video/generate", json=body())
    status, answer = await api("DELETE", f"/api/v1/video/{gone['_id']}")
    assert (status, answer["code"], answer["data"]) == (200, 0, None)
    listed = await api.data("GET", "/api/v1/video/awsList")
    assert [record["_id"] for record in listed["data"]] == [keep["_id"]]
    assert await api.data("POST", "/api/v1/video/awsResult", json={"_id": gone["_id"]}) == []
    assert [row["id"] for row in emu.tasks()] == [keep["_id"]]
    status, answer = await api("DELETE", f"/api/v1/video/{gone['_id']}")
    assert (status, answer["code"]) == (404, 404)


async def test_auto_public_pool_switch_echoes_the_setting(api: Api) -> None:
    """auto-public-pool {isAutoToPublicPool} answers the stored value; a non-boolean is 400."""
    path = "/api/v1/video/auto-public-pool"
    assert await api.data("POST", path, json={"isAutoToPublicPool": True}) == {
        "isAutoToPublicPool": True
    }
    assert (await api("POST", path, json={"isAutoToPublicPool": "yes"}))[0] == 400
