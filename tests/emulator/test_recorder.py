"""The request log: ``GET /_emulator/requests`` shows what a client sent, bounded, token-free."""

from __future__ import annotations

import json

import pytest

from a2e_async.emulator import Emulator, state
from a2e_async.emulator.recorder import MAX_LOGGED_BODY

from .conftest import TOKEN, Api

I2V = {"image_url": "https://cdn.example/p.png", "name": "n"}


async def log(api: Api, query: str = "") -> list[dict[str, object]]:
    status, entries = await api("GET", f"/_emulator/requests{query}", token=None)
    assert status == 200
    assert isinstance(entries, list)
    return entries


async def test_each_api_request_is_logged_with_its_wire_parts(api: Api) -> None:
    """Method, path, route template, query, JSON body and answer status, oldest first."""
    task = await api.data("POST", "/api/v1/userImage2Video/start", json=I2V)
    await api("GET", f"/api/v1/userImage2Video/{task['_id']}")
    await api("GET", "/api/v1/userImage2Video/allRecords?pageNum=1&pageSize=5&x=1&x=2")
    await api("POST", "/api/v1/userImage2Video/start", json={})
    await api("GET", "/_emulator/stats")
    entries = await log(api)
    assert [(e["method"], e["route"], e["status"]) for e in entries] == [
        ("POST", "/api/v1/userImage2Video/start", 200),
        ("GET", "/api/v1/userImage2Video/{_id}", 200),
        ("GET", "/api/v1/userImage2Video/allRecords", 200),
        ("POST", "/api/v1/userImage2Video/start", 400),
    ]
    first, detail, listed, refused = entries
    assert first["json"] == I2V
    assert first["body_size"] == len(json.dumps(I2V))
    assert detail["path"] == f"/api/v1/userImage2Video/{task['_id']}"
    assert (detail["json"], detail["query"]) == (None, {})
    assert listed["query"] == {"pageNum": "1", "pageSize": "5", "x": ["1", "2"]}
    assert refused["json"] == {}


async def test_the_token_is_never_logged(api: Api) -> None:
    """Only whether a bearer token came is kept; its value appears nowhere in the log."""
    await api("GET", "/api/v1/user/remainingCoins")
    await api("GET", "/api/v1/user/remainingCoins", token=None)
    status, raw = await api("GET", "/_emulator/requests", token=None)
    assert status == 200
    assert TOKEN not in json.dumps(raw)
    assert [(e["authorized"], e["status"]) for e in raw] == [(True, 200), (False, 401)]


async def test_filter_by_path_or_route_and_clear(api: Api, emu: Emulator) -> None:
    """?path= matches a literal path or a route template; DELETE and reset empty the log."""
    task = await api.data("POST", "/api/v1/userImage2Video/start", json=I2V)
    await api("GET", f"/api/v1/userImage2Video/{task['_id']}")
    assert len(await log(api, "?path=/api/v1/userImage2Video/{_id}")) == 1
    assert len(await log(api, f"?path=/api/v1/userImage2Video/{task['_id']}")) == 1
    assert len(await log(api, "?path=/api/v1/nowhere")) == 0
    assert (await api("DELETE", "/_emulator/requests", token=None))[0] == 200
    assert await log(api) == []
    await api("GET", "/api/v1/user/remainingCoins")
    emu.reset()
    assert await log(api) == []


async def test_bodies_that_are_not_small_json_keep_only_their_size(api: Api) -> None:
    """A body that is not JSON, or is larger than the cap, is logged as null with its size."""
    headers = {"Content-Type": "application/json"}
    await api("POST", "/api/v1/video/generate", data=b"{not json", headers=headers)
    big = json.dumps({"msg": "x" * MAX_LOGGED_BODY}).encode()
    await api("POST", "/api/v1/video/send_tts", data=big, headers=headers)
    await api("POST", "/api/v1/video/send_tts", data=b"\xff\xfe", headers=headers)
    entries = await log(api)
    assert [(e["json"], e["body_size"], e["status"]) for e in entries] == [
        (None, 9, 400),
        (None, len(big), 400),
        (None, 2, 400),
    ]


@pytest.mark.parametrize("emulator_options", [{"seed": 1, "faults": "5xx=1.0"}])
async def test_faulted_requests_are_logged_too(api: Api) -> None:
    """A request that got an injected fault is still in the log, with the status it got."""
    await api("GET", "/api/v1/user/remainingCoins")
    assert [e["status"] for e in await log(api)] == [503]


async def test_the_log_keeps_only_the_newest_entries(
    api: Api, emu: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Beyond its size the oldest entries drop off, so a long run cannot grow memory."""
    monkeypatch.setattr(state, "REQUEST_LOG_SIZE", 3)
    emu.reset()
    for number in range(5):
        await api("GET", f"/api/v1/userImage2Video/allRecords?pageNum={number + 1}")
    assert [e["query"] for e in await log(api)] == [{"pageNum": str(n)} for n in (3, 4, 5)]
