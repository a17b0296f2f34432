"""Hostile input gets a 4xx with A2E's error envelope, never a 500 or a broken emulator."""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any

import aiohttp
import pytest

from a2e_async.emulator import Emulator
from a2e_async.emulator import app as emulator_app

from .conftest import TOKEN, Api

VIDEO = {"anchor_id": "660556b3cd492168141926d3", "anchor_type": 0, "audioSrc": "https://x/a.mp3"}


def assert_envelope(status: int, body: Any, expected: int) -> None:
    """An A2E error envelope with the expected HTTP status, code and a message."""
    assert status == expected, body
    assert isinstance(body, dict), body
    assert body["code"] == expected
    assert isinstance(body["msg"], str)
    assert body["msg"]
    uuid.UUID(body["trace_id"])


async def test_deeply_nested_json_is_a_400(api: Api) -> None:
    """A 100,000-deep array used to raise RecursionError (HTTP 500); it is a 400 now."""
    deep = b"[" * 100_000 + b"]" * 100_000
    for path in ("/api/v1/video/generate", "/api/v1/video/awsResult"):
        status, body = await api(
            "POST", path, data=deep, headers={"Content-Type": "application/json"}
        )
        assert_envelope(status, body, 400)
        assert body["msg"].startswith("body:")


@pytest.mark.parametrize("value", [str(10**40), str(2**63), str(-(10**30))])
async def test_integers_too_large_for_a_page_are_a_400(api: Api, value: str) -> None:
    """``awsList?current=10**40`` used to crash the paging (HTTP 500); it is a 400 now."""
    status, body = await api("GET", f"/api/v1/video/awsList?current={value}")
    assert_envelope(status, body, 400)
    assert body["msg"].startswith("current:")


async def test_integers_too_large_in_a_body_are_a_400(api: Api) -> None:
    """A huge integer in a JSON body is refused like any out-of-range field."""
    status, body = await api("POST", "/api/v1/video/awsList", json={"current": 10**40})
    assert_envelope(status, body, 400)


@pytest.mark.parametrize(
    "raw", [b'{"seconds": NaN}', b'{"seconds": Infinity}', b'{"seconds": -Infinity}']
)
async def test_advance_refuses_non_finite_numbers(api: Api, emu: Emulator, raw: bytes) -> None:
    """NaN and Infinity are not JSON: refused with an envelope, and the clock still works."""
    video = await api.data("POST", "/api/v1/video/generate", json=VIDEO)
    status, body = await api("POST", "/_emulator/advance", token=None, data=raw)
    assert_envelope(status, body, 400)
    status, _ = await api("POST", "/_emulator/advance", token=None, json={"seconds": 5})
    assert status == 200
    (row,) = await api.data("POST", "/api/v1/video/awsResult", json={"_id": video["_id"]})
    assert row["status"] in ("init", "start", "pending", "process", "copy", "success")


@pytest.mark.parametrize("seconds", [1e400, -1, 1e12, "10", True, None])
async def test_advance_refuses_numbers_out_of_range(api: Api, seconds: Any) -> None:
    """A negative, absurdly large, textual or missing amount is a 400 envelope naming it."""
    raw = json.dumps({"seconds": seconds}).encode()  # 1e400 is written as Infinity...
    raw = raw.replace(b"Infinity", b"1e400")  # ...so put the literal back
    status, body = await api("POST", "/_emulator/advance", token=None, data=raw)
    assert_envelope(status, body, 400)
    assert body["msg"].startswith("seconds:")


async def test_bad_fault_spec_is_a_400_envelope(api: Api) -> None:
    """The faults control route answers a bad spec with an envelope too."""
    status, body = await api("POST", "/_emulator/faults", token=None, json={"spec": "boom=2"})
    assert_envelope(status, body, 400)


async def test_a_body_over_the_limit_is_refused_before_it_is_read(emu: Emulator) -> None:
    """A request announcing 600 MB gets a 413 envelope without the server waiting for (or
    holding) the body: the answer comes while not one byte of it was sent."""
    host, port = emu.url.removeprefix("http://").rsplit(":", 1)
    reader, writer = await asyncio.open_connection(host, int(port))
    try:
        writer.write(
            b"POST /api/v1/video/generate HTTP/1.1\r\nHost: x\r\n"
            + f"Authorization: Bearer {TOKEN}\r\n".encode()
            + b"Content-Type: application/json\r\nContent-Length: 629145600\r\n\r\n"
        )
        await writer.drain()
        # Without the check the server reads the body first: this would never answer.
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 30)
        status = int(head.split(b" ", 2)[1])
        length = int(
            next(
                line.split(b":", 1)[1]
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"content-length:")
            )
        )
        body = json.loads(await reader.readexactly(length))
    finally:
        writer.close()
    assert_envelope(status, body, 413)
    assert emulator_app.MAX_BODY < 600 * 1024 * 1024


async def test_a_body_without_length_over_the_limit_is_a_413(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A chunked body (no length to check up front) past the limit gets the same envelope."""
    monkeypatch.setattr(emulator_app, "MAX_BODY", 64 * 1024)
    async with Emulator(token=TOKEN) as emu:

        async def chunks() -> Any:
            for _ in range(8):
                yield b" " * 16 * 1024

        async with (
            aiohttp.ClientSession() as session,
            session.post(
                emu.url + "/api/v1/video/generate",
                data=chunks(),
                headers={"Authorization": f"Bearer {TOKEN}"},
            ) as resp,
        ):
            status, body = resp.status, await resp.json()
    assert_envelope(status, body, 413)
