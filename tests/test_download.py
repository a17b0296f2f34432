"""client.download: streamed to disk atomically, resumable, and never leaking the token."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from a2e_async import A2EClient
from a2e_async.emulator import Emulator
from a2e_async.errors import APIError, TransportError, ValidationError

DATA = hashlib.sha256(b"a2e").digest() * 4096  # 128 KiB
TOKEN = "sk_test_download_token"


@asynccontextmanager
async def serve(app: web.Application) -> AsyncIterator[str]:
    """Run ``app`` on an ephemeral loopback port; yield its base URL."""
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}"
    finally:
        await runner.cleanup()


class Cdn:
    """A stand-in for a CDN: records request headers; may ignore Range or cut a body short."""

    def __init__(self) -> None:
        self.seen: list[dict[str, str]] = []
        self.ranges = True
        self.cut_once = False
        self.client_has_data = asyncio.Event()

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/media/{name}", self.media)
        return app

    async def media(self, request: web.Request) -> web.StreamResponse:
        self.seen.append(dict(request.headers))
        wanted = request.http_range if self.ranges and "Range" in request.headers else None
        if wanted is not None and wanted.start:
            body = DATA[wanted.start :]
            headers = {"Content-Range": f"bytes {wanted.start}-{len(DATA) - 1}/{len(DATA)}"}
            return web.Response(status=206, body=body, headers=headers)
        if self.cut_once:
            self.cut_once = False
            resp = web.StreamResponse(headers={"Content-Length": str(len(DATA))})
            await resp.prepare(request)
            await resp.write(DATA[: len(DATA) // 2])
            # Cut only once the client holds the first half, so what it saved is known.
            await asyncio.wait_for(self.client_has_data.wait(), 5)
            assert request.transport is not None
            request.transport.close()
            return resp
        return web.Response(body=DATA, content_type="video/mp4")


@pytest.fixture
async def cdn() -> AsyncIterator[tuple[Cdn, str]]:
    """A running CDN stand-in and its base URL."""
    fake = Cdn()
    async with serve(fake.app()) as url:
        yield fake, url


@pytest.fixture
async def origin(cdn: tuple[Cdn, str]) -> AsyncIterator[tuple[list[dict[str, str]], str]]:
    """An "API origin" whose /files/ URLs redirect to the CDN; records what it was sent."""
    seen: list[dict[str, str]] = []

    async def redirect(request: web.Request) -> web.Response:
        seen.append(dict(request.headers))
        raise web.HTTPFound(f"{cdn[1]}/media/{request.match_info['name']}")

    app = web.Application()
    app.router.add_get("/files/{name}", redirect)
    async with serve(app) as url:
        yield seen, url


@pytest.fixture
async def client(origin: tuple[list[dict[str, str]], str]) -> AsyncIterator[A2EClient]:
    """A client whose API origin is the redirecting stand-in."""
    async with A2EClient(api_key=TOKEN, base_url=origin[1]) as c:
        yield c


async def test_redirect_to_another_host_drops_the_token(
    client: A2EClient,
    origin: tuple[list[dict[str, str]], str],
    cdn: tuple[Cdn, str],
    tmp_path: Path,
) -> None:
    """The API origin gets the token; the CDN it redirects to never does."""
    done = await client.download(f"{origin[1]}/files/result.mp4", tmp_path)
    assert done == tmp_path / "result.mp4"
    assert done.read_bytes() == DATA
    assert origin[0][0]["Authorization"] == f"Bearer {TOKEN}"
    assert all("Authorization" not in headers for headers in cdn[0].seen)
    assert not (tmp_path / "result.mp4.part").exists()


async def test_partial_file_resumes_with_range(
    client: A2EClient, cdn: tuple[Cdn, str], tmp_path: Path
) -> None:
    """A .part file is continued from its size (Range), and progress starts there."""
    target = tmp_path / "clip.mp4"
    (tmp_path / "clip.mp4.part").write_bytes(DATA[:1000])
    progress: list[tuple[int, int | None]] = []

    async def report(done: int, total: int | None) -> None:
        progress.append((done, total))

    await client.download(f"{cdn[1]}/media/clip.mp4", target, on_progress=report)
    assert target.read_bytes() == DATA
    assert cdn[0].seen[0]["Range"] == "bytes=1000-"
    assert progress[0] == (1000, len(DATA))
    assert progress[-1] == (len(DATA), len(DATA))
    assert [p[0] for p in progress] == sorted(p[0] for p in progress)


async def test_server_without_ranges_restarts_cleanly(
    client: A2EClient, cdn: tuple[Cdn, str], tmp_path: Path
) -> None:
    """A 200 to a Range request overwrites the stale part instead of appending to it."""
    cdn[0].ranges = False
    target = tmp_path / "clip.mp4"
    (tmp_path / "clip.mp4.part").write_bytes(b"stale bytes")
    await client.download(f"{cdn[1]}/media/clip.mp4", target)
    assert target.read_bytes() == DATA


async def test_broken_transfer_keeps_the_part_for_resume(
    client: A2EClient, cdn: tuple[Cdn, str], tmp_path: Path
) -> None:
    """A body cut short raises our TransportError, leaves no target, and resumes next time."""
    cdn[0].cut_once = True
    target = tmp_path / "clip.mp4"
    url = f"{cdn[1]}/media/clip.mp4"
    half = len(DATA) // 2

    def report(done: int, total: int | None) -> None:
        if done >= half:
            cdn[0].client_has_data.set()

    with pytest.raises(TransportError):
        await client.download(url, target, on_progress=report)
    assert not target.exists()
    assert (tmp_path / "clip.mp4.part").stat().st_size == half
    await client.download(url, target)
    assert target.read_bytes() == DATA
    assert cdn[0].seen[-1]["Range"] == f"bytes={half}-"


async def test_resume_false_starts_over(
    client: A2EClient, cdn: tuple[Cdn, str], tmp_path: Path
) -> None:
    """resume=False ignores a .part file and sends no Range."""
    target = tmp_path / "clip.mp4"
    (tmp_path / "clip.mp4.part").write_bytes(b"junk")
    seen: list[int] = []
    await client.download(
        f"{cdn[1]}/media/clip.mp4", target, resume=False, on_progress=lambda d, t: seen.append(d)
    )
    assert target.read_bytes() == DATA
    assert "Range" not in cdn[0].seen[0]
    assert seen[0] == 0


async def test_emulator_result_downloads_and_oversized_part_restarts(
    a2e_client: A2EClient, a2e_emulator: Emulator, tmp_path: Path
) -> None:
    """An emulator-hosted result downloads whole; a .part past its end (416) starts over."""
    voice = (await a2e_client.tts.list_voices())[0].voices[0]
    audio = await a2e_client.tts.generate(text="Hello", voice_id=voice.id)
    first = await a2e_client.download(audio.url, tmp_path / "a.mp3")
    body = first.read_bytes()
    assert body.startswith(b"ID3")
    (tmp_path / "b.mp3.part").write_bytes(body + b"extra")
    second = await a2e_client.download(audio.url, tmp_path / "b.mp3")
    assert second.read_bytes() == body


async def test_http_errors_and_bad_targets(
    a2e_client: A2EClient, a2e_emulator: Emulator, tmp_path: Path
) -> None:
    """A missing file is an APIError; a bad URL or missing directory fails before sending."""
    with pytest.raises(APIError) as info:
        await a2e_client.download(f"{a2e_emulator.url}/_emulator/files/r2/nope.mp4", tmp_path)
    assert info.value.status == 404
    bad: list[dict[str, Any]] = [
        {"url": "ftp://x.test/a.mp4", "path": tmp_path},
        {"url": "https://x.test/a.mp4", "path": tmp_path / "missing" / "a.mp4"},
    ]
    for kwargs in bad:
        with pytest.raises(ValidationError):
            await a2e_client.download(**kwargs)
