"""max_response_size: an API answer is read only up to a cap, compressed or not; downloads
stream whole."""

from __future__ import annotations

import asyncio
import gzip
import json
import tracemalloc
import zlib
from pathlib import Path

import pytest
from aiohttp import web

from a2e_async import A2EClient, RetryPolicy
from a2e_async.emulator import Emulator
from a2e_async.errors import (
    OutcomeUnknownError,
    ResponseTooLargeError,
    ServerError,
    ValidationError,
)

from .servers import http_response, raw_server, read_request, serve_app

TOKEN = "sk_limits"
MiB = 1024 * 1024
VIDEO = {"anchor_id": "a1", "anchor_type": 0, "audio_url": "https://cdn.test/a.mp3"}


def big_envelope(size: int) -> bytes:
    """A valid A2E answer of about ``size`` bytes (one long string field)."""
    return json.dumps({"code": 0, "data": {"_id": "v1", "msg": "x" * size}}).encode()


def gzip_bomb(size: int) -> bytes:
    """``size`` bytes of JSON-ish padding, gzip-compressed to a tiny fraction of that."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: gzip container
    block = b" " * MiB
    parts = [packer.compress(b'{"code": 0, "data": "')]
    parts += [packer.compress(block) for _ in range(size // MiB)]
    parts.append(packer.compress(b'"}') + packer.flush())
    return b"".join(parts)


async def test_an_answer_over_the_cap_is_a_typed_error_and_not_resent(tmp_path: Path) -> None:
    """A 1 MiB status answer with a 64 KiB cap raises ResponseTooLargeError at once; a read is
    not sent again (the next answer would be as large)."""
    hits = 0

    async def status(request: web.Request) -> web.Response:
        nonlocal hits
        hits += 1
        return web.Response(body=big_envelope(MiB), content_type="application/json")

    app = web.Application()
    app.router.add_post("/api/v1/video/awsResult", status)
    async with (
        serve_app(app) as url,
        A2EClient(api_key=TOKEN, base_url=url, max_response_size=64 * 1024) as client,
    ):
        with pytest.raises(ResponseTooLargeError) as info:
            await client.videos.get("v1")
    assert info.value.limit == 64 * 1024
    assert info.value.endpoint == "POST /api/v1/video/awsResult"
    assert hits == 1


async def test_a_gzip_bomb_is_stopped_at_the_cap() -> None:
    """64 MiB that gzip packs into ~64 KiB: decompression stops at the default 8 MiB cap,
    and memory stays near the cap instead of the bomb's size."""
    bomb = gzip_bomb(64 * MiB)
    assert len(bomb) < MiB

    async def status(request: web.Request) -> web.Response:
        return web.Response(
            body=bomb, headers={"Content-Encoding": "gzip", "Content-Type": "application/json"}
        )

    app = web.Application()
    app.router.add_post("/api/v1/video/awsResult", status)
    async with serve_app(app) as url, A2EClient(api_key=TOKEN, base_url=url) as client:
        tracemalloc.start()
        try:
            with pytest.raises(ResponseTooLargeError):
                await client.videos.get("v1")
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert peak < 32 * MiB, f"peak {peak / MiB:.0f} MiB"


async def test_a_stated_length_over_the_cap_is_refused_unread() -> None:
    """An answer that announces 100 MB is refused from its headers: the client stops the
    transfer long before the body would have arrived."""
    sent = 0
    done = asyncio.Event()

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal sent
        await read_request(reader)
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100000000\r\n\r\n")
        try:
            for _ in range(100):  # the client hangs up after the first few writes
                writer.write(b" " * MiB)
                await writer.drain()
                sent += MiB
        except ConnectionError:
            pass
        finally:
            done.set()

    async with (
        raw_server(handler) as url,
        A2EClient(api_key=TOKEN, base_url=url, retry=RetryPolicy(max_retries=0)) as client,
    ):
        with pytest.raises(ResponseTooLargeError):
            await client.videos.get("v1")
        await asyncio.wait_for(done.wait(), 30)
    assert sent < 50 * MiB


async def test_a_create_over_the_cap_is_outcome_unknown() -> None:
    """A create whose answer is too large may still have created the job: the caller gets
    OutcomeUnknownError (the size error chained), and it is not resent."""
    creates = 0

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal creates
        await read_request(reader)
        creates += 1
        writer.write(http_response(big_envelope(MiB)))
        await writer.drain()

    async with (
        raw_server(handler) as url,
        A2EClient(api_key=TOKEN, base_url=url, max_response_size=1024) as client,
    ):
        with pytest.raises(OutcomeUnknownError) as info:
            await client.videos.generate(**VIDEO, title="too-big")
    assert isinstance(info.value.__cause__, ResponseTooLargeError)
    assert info.value.reference == "too-big"
    assert creates == 1


async def test_a_large_error_page_is_still_the_servers_error() -> None:
    """A 503 with a 1 MiB page over a 64 KiB cap is a ServerError with the page's start."""

    async def status(request: web.Request) -> web.Response:
        return web.Response(status=503, text="<html>" + "busy " * 200_000, content_type="text/html")

    app = web.Application()
    app.router.add_post("/api/v1/video/awsResult", status)
    async with (
        serve_app(app) as url,
        A2EClient(
            api_key=TOKEN,
            base_url=url,
            max_response_size=64 * 1024,
            retry=RetryPolicy(max_retries=0),
        ) as client,
    ):
        with pytest.raises(ServerError) as info:
            await client.videos.get("v1")
    assert info.value.status == 503
    assert isinstance(info.value.payload, str)
    assert len(info.value.payload) <= 64 * 1024


async def test_downloads_are_not_capped(tmp_path: Path) -> None:
    """A result larger than max_response_size downloads whole: files stream to disk."""
    async with (
        Emulator(token=TOKEN, time_scale=0.001) as emu,
        A2EClient(api_key=TOKEN, base_url=emu.url, max_response_size=1024) as client,
    ):
        url = f"{emu.url}/_emulator/files/video/result.mp4"
        saved = await client.download(url, tmp_path / "result.mp4")
    assert saved.stat().st_size > 100 * 1024


def test_the_cap_must_be_positive() -> None:
    """A cap of zero or less is a ValidationError naming max_response_size."""
    with pytest.raises(ValidationError) as info:
        A2EClient(api_key=TOKEN, max_response_size=0)
    assert info.value.param == "max_response_size"


def test_gzip_bomb_helper_really_expands() -> None:
    """The bomb used above decompresses to its announced size."""
    assert len(gzip.decompress(gzip_bomb(2 * MiB))) > 2 * MiB
