"""Auth, the envelope, per-user state and the /_emulator control routes."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from a2e_async.emulator import Emulator

from .conftest import Api

VIDEO = {"anchor_id": "660556b3cd492168141926d3", "anchor_type": 0, "audioSrc": "https://x/a.mp3"}


def _is_uuid(value: Any) -> bool:
    return isinstance(value, str) and str(uuid.UUID(value)) == value


async def test_missing_token_is_401_with_error_envelope(api: Api) -> None:
    """A request without a bearer token gets HTTP 401 and {code: 401, msg, trace_id}."""
    status, body = await api("GET", "/api/v1/user/remainingCoins", token=None)
    assert status == 401
    assert body["code"] == 401
    assert body["msg"]
    assert _is_uuid(body["trace_id"])


async def test_malformed_authorization_header_is_401(api: Api) -> None:
    """A non-Bearer scheme or an empty token is refused."""
    for header in ("Basic abc", "Bearer ", "sk_no_scheme"):
        status, _ = await api(
            "POST", "/api/v1/video/awsResult", token=None, headers={"Authorization": header}
        )
        assert status == 401


@pytest.mark.parametrize("emulator_options", [{"token": "sk_only_this"}])
async def test_pinned_token_refuses_other_tokens(api: Api) -> None:
    """With token= configured only that token is accepted."""
    status, body = await api("GET", "/api/v1/anchor/voice_list", token="sk_other")
    assert (status, body["code"]) == (401, 401)
    status, body = await api("GET", "/api/v1/anchor/voice_list", token="sk_only_this")
    assert (status, body["code"]) == (200, 0)


async def test_success_envelope_has_code_data_trace_id(api: Api) -> None:
    """Success is {code: 0, data, trace_id (uuid4)} and nothing else."""
    status, body = await api("GET", "/api/v1/anchor/voice_list")
    assert status == 200
    assert set(body) == {"code", "data", "trace_id"}
    assert body["code"] == 0
    assert uuid.UUID(body["trace_id"]).version == 4


async def test_unknown_api_path_is_404(api: Api) -> None:
    """An unknown path under /api/v1 is a plain 404."""
    status, _ = await api("GET", "/api/v1/noSuchThing/here")
    assert status == 404


async def test_bad_json_body_is_400(api: Api) -> None:
    """A body that is not JSON, or not an object, is a 400 naming the body."""
    for raw in (b"{not json", b"[1, 2]"):
        status, body = await api(
            "POST", "/api/v1/video/generate", data=raw, headers={"Content-Type": "application/json"}
        )
        assert status == 400
        assert body["msg"].startswith("body:")


async def test_state_is_per_token(api: Api) -> None:
    """Records made with one token are invisible to another."""
    video = await api.data("POST", "/api/v1/video/generate", json=VIDEO)
    mine = await api.data("POST", "/api/v1/video/awsResult", json={"_id": video["_id"]})
    theirs = await api.data(
        "POST", "/api/v1/video/awsResult", json={"_id": video["_id"]}, token="sk_someone_else"
    )
    assert len(mine) == 1
    assert theirs == []


async def test_stats_count_requests_by_route_template(api: Api, emu: Emulator) -> None:
    """Stats key requests by 'METHOD template', skip /_emulator, and count creations."""
    video = await api.data("POST", "/api/v1/video/generate", json=VIDEO)
    await api("DELETE", f"/api/v1/video/{video['_id']}")
    await api("DELETE", "/api/v1/video/0123456789abcdef01234567")
    await api("GET", "/api/v1/nowhere")
    await api("GET", "/_emulator/tasks")
    status, stats = await api("GET", "/_emulator/stats", token=None)
    assert status == 200
    assert set(stats) == {"requests", "created", "faults"}
    assert stats["requests"] == {
        "POST /api/v1/video/generate": 1,
        "DELETE /api/v1/video/{_id}": 2,
        "GET /api/v1/nowhere": 1,
    }
    assert stats["created"] == {"video": 1}
    assert stats["faults"] == {}
    assert emu.stats() == stats


async def test_tasks_route_lists_every_task(api: Api, emu: Emulator) -> None:
    """/_emulator/tasks lists family, id, status, created_at and finished_at per task."""
    video = await api.data("POST", "/api/v1/video/generate", json=VIDEO)
    status, rows = await api("GET", "/_emulator/tasks", token=None)
    assert status == 200
    assert rows == emu.tasks()
    (row,) = rows
    assert set(row) == {"family", "id", "status", "created_at", "finished_at"}
    assert (row["family"], row["id"], row["status"]) == ("video", video["_id"], "init")
    assert isinstance(row["created_at"], float)
    assert row["finished_at"] is None


async def test_reset_forgets_everything(api: Api, emu: Emulator) -> None:
    """POST /_emulator/reset clears tasks and counters; emu.reset() does the same."""
    await api.data("POST", "/api/v1/video/generate", json=VIDEO)
    status, _ = await api("POST", "/_emulator/reset", token=None)
    assert status == 200
    assert emu.tasks() == []
    assert emu.stats() == {"requests": {}, "created": {}, "faults": {}}


async def test_emulator_url_reports_the_bound_port() -> None:
    """Port 0 binds an ephemeral port that url reports, without a trailing slash."""
    emulator = Emulator()
    with pytest.raises(RuntimeError):
        _ = emulator.url
    await emulator.start()
    try:
        assert emulator.url.startswith("http://127.0.0.1:")
        assert not emulator.url.endswith("/")
        assert int(emulator.url.rsplit(":", 1)[1]) > 0
    finally:
        await emulator.stop()
    await emulator.stop()
