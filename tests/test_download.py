"""client.download: streamed to disk atomically, resumable, and never leaking the token."""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from a2e_async import A2EClient
from a2e_async.emulator import Emulator
from a2e_async.errors import A2EError, APIError, NotFoundError, TransportError, ValidationError

from .servers import raw_server, read_request, reset

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
        self.data = DATA
        self.etag: str | None = '"v1"'
        self.hold: asyncio.Event | None = None
        """When set, every answer waits for this event (a download kept in flight)."""

    def replace(self, data: bytes, etag: str | None) -> None:
        """The file changes on the server (a new version, maybe without a tag)."""
        self.data, self.etag = data, etag

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/media/{name}", self.media)
        return app

    async def media(self, request: web.Request) -> web.StreamResponse:
        self.seen.append(dict(request.headers))
        if self.hold is not None:
            await self.hold.wait()
        data = self.data
        tag = {"ETag": self.etag} if self.etag else {}
        same_version = request.headers.get("If-Range", self.etag) == self.etag
        wanted = request.http_range if self.ranges and "Range" in request.headers else None
        if wanted is not None and wanted.start and same_version:
            body = data[wanted.start :]
            headers = {"Content-Range": f"bytes {wanted.start}-{len(data) - 1}/{len(data)}"}
            return web.Response(status=206, body=body, headers={**headers, **tag})
        if self.cut_once:
            self.cut_once = False
            resp = web.StreamResponse(headers={"Content-Length": str(len(data)), **tag})
            await resp.prepare(request)
            await resp.write(data[: len(data) // 2])
            # Cut only once the client holds the first half, so what it saved is known.
            await asyncio.wait_for(self.client_has_data.wait(), 5)
            assert request.transport is not None
            request.transport.close()
            return resp
        return web.Response(body=data, content_type="video/mp4", headers=tag)


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


async def cut_download(client: A2EClient, cdn: Cdn, url: str, target: Path) -> int:
    """Start a download that the server cuts halfway; return the bytes kept in .part."""
    cdn.cut_once = True
    half = len(cdn.data) // 2

    def report(done: int, total: int | None) -> None:
        if done >= half:
            cdn.client_has_data.set()

    with pytest.raises(TransportError):
        await client.download(url, target, on_progress=report)
    cdn.client_has_data.clear()
    return half


async def test_partial_file_resumes_with_range(
    client: A2EClient, cdn: tuple[Cdn, str], tmp_path: Path
) -> None:
    """An interrupted download continues from its size (Range + If-Range); progress starts
    there."""
    target = tmp_path / "clip.mp4"
    url = f"{cdn[1]}/media/clip.mp4"
    kept = await cut_download(client, cdn[0], url, target)
    progress: list[tuple[int, int | None]] = []

    async def report(done: int, total: int | None) -> None:
        progress.append((done, total))

    await client.download(url, target, on_progress=report)
    assert target.read_bytes() == DATA
    assert cdn[0].seen[-1]["Range"] == f"bytes={kept}-"
    assert cdn[0].seen[-1]["If-Range"] == '"v1"'
    assert progress[0] == (kept, len(DATA))
    assert progress[-1] == (len(DATA), len(DATA))
    assert [p[0] for p in progress] == sorted(p[0] for p in progress)
    assert not (tmp_path / "clip.mp4.part.json").exists()


async def test_changed_remote_file_is_fetched_whole_not_spliced(
    client: A2EClient, cdn: tuple[Cdn, str], tmp_path: Path
) -> None:
    """If the file changed since the part was saved, the server's new version replaces it."""
    target = tmp_path / "clip.mp4"
    url = f"{cdn[1]}/media/clip.mp4"
    await cut_download(client, cdn[0], url, target)
    new = bytes(reversed(DATA))
    cdn[0].replace(new, '"v2"')
    await client.download(url, target)
    assert target.read_bytes() == new


async def test_part_without_a_version_or_from_another_url_is_not_resumed(
    client: A2EClient, cdn: tuple[Cdn, str], tmp_path: Path
) -> None:
    """Without a version tag, or for another URL, a .part cannot be trusted: start over."""
    target = tmp_path / "clip.mp4"
    cdn[0].replace(DATA, None)
    await cut_download(client, cdn[0], f"{cdn[1]}/media/clip.mp4", target)
    await client.download(f"{cdn[1]}/media/clip.mp4", target)
    assert "Range" not in cdn[0].seen[-1]
    assert target.read_bytes() == DATA
    cdn[0].replace(DATA, '"v1"')
    await cut_download(client, cdn[0], f"{cdn[1]}/media/clip.mp4", target)
    await client.download(f"{cdn[1]}/media/other.mp4", target)
    assert "Range" not in cdn[0].seen[-1]
    assert target.read_bytes() == DATA


async def test_stray_part_file_is_replaced(
    client: A2EClient, cdn: tuple[Cdn, str], tmp_path: Path
) -> None:
    """A .part with no record of what it holds is overwritten, never appended to."""
    target = tmp_path / "clip.mp4"
    (tmp_path / "clip.mp4.part").write_bytes(b"stale bytes")
    await client.download(f"{cdn[1]}/media/clip.mp4", target)
    assert target.read_bytes() == DATA
    assert "Range" not in cdn[0].seen[-1]


async def test_same_target_twice_at_once_is_refused(
    client: A2EClient, cdn: tuple[Cdn, str], tmp_path: Path
) -> None:
    """Two downloads into one file would interleave: the second is refused, the first wins."""
    url = f"{cdn[1]}/media/clip.mp4"
    cdn[0].hold = asyncio.Event()  # the first stays in flight until the second is refused
    first = asyncio.create_task(client.download(url, tmp_path))
    while not cdn[0].seen:
        await asyncio.sleep(0.01)
    with pytest.raises(A2EError, match="already running"):
        await asyncio.wait_for(client.download(url, tmp_path), 60)
    cdn[0].hold.set()
    assert await first == tmp_path / "clip.mp4"
    assert (tmp_path / "clip.mp4").read_bytes() == DATA
    assert len(cdn[0].seen) == 1  # the refused one sent nothing


@pytest.mark.parametrize("name", ["%2E", "%2E%2E", "a%00b", ""])
async def test_odd_url_names_fall_back_to_a_safe_file_name(
    client: A2EClient, cdn: tuple[Cdn, str], tmp_path: Path, name: str
) -> None:
    """A URL whose last segment is not a usable file name saves as `download` in the folder."""
    cdn_app = web.Application()

    async def any_path(request: web.Request) -> web.Response:
        return web.Response(body=DATA, headers={"ETag": '"x"'})

    cdn_app.router.add_get("/{tail:.*}", any_path)
    async with serve(cdn_app) as url:
        done = await client.download(f"{url}/dir/{name}", tmp_path)
    assert done == tmp_path / "download"
    assert done.read_bytes() == DATA


async def test_redirect_back_to_the_api_host_carries_no_token(
    client: A2EClient,
    origin: tuple[list[dict[str, str]], str],
    tmp_path: Path,
) -> None:
    """Once a download left the API host, a redirect back to it does not get the token."""
    seen: list[dict[str, str]] = []

    async def bounce(request: web.Request) -> web.Response:
        seen.append(dict(request.headers))
        raise web.HTTPFound(f"{origin[1]}/files/clip.mp4")

    app = web.Application()
    app.router.add_get("/bounce", bounce)
    async with serve(app) as other:
        await client.download(f"{other}/bounce", tmp_path / "x.mp4")
    assert "Authorization" not in seen[0]
    assert all("Authorization" not in h for h in origin[0])


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
    """A missing file is NotFoundError and saves nothing; a bad URL or missing directory
    fails before sending."""
    with pytest.raises(NotFoundError) as info:
        await a2e_client.download(f"{a2e_emulator.url}/_emulator/files/r2/nope.mp4", tmp_path)
    assert info.value.status == 404
    assert not (tmp_path / "nope.mp4").exists()
    bad: list[dict[str, Any]] = [
        {"url": "ftp://x.test/a.mp4", "path": tmp_path},
        {"url": "https://x.test/a.mp4", "path": tmp_path / "missing" / "a.mp4"},
    ]
    for kwargs in bad:
        with pytest.raises(ValidationError):
            await a2e_client.download(**kwargs)


async def test_an_error_page_becomes_one_line_with_the_page_kept(
    client: A2EClient, tmp_path: Path
) -> None:
    """A CDN's HTML error page is summed up by its title; the whole page stays in payload."""
    page = "<html>\n<head><title>403 Forbidden</title></head>\n<body>\n<h1>no</h1>\n</body></html>"

    async def forbidden(request: web.Request) -> web.Response:
        return web.Response(status=403, text=page, content_type="text/html")

    app = web.Application()
    app.router.add_get("/x.mp4", forbidden)
    async with serve(app) as url:
        with pytest.raises(APIError) as info:
            await client.download(f"{url}/x.mp4", tmp_path)
    assert info.value.message == "403 Forbidden"
    assert "\n" not in str(info.value)
    assert info.value.payload == page


def _close_delimited(cut: bytes, got_it: asyncio.Event) -> Any:
    """A raw handler that answers with no length and no chunking, sends ``cut``, waits until
    the client has it (``got_it``), then resets the connection."""

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        writer.write(b'HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nETag: "r"\r\n\r\n' + cut)
        await writer.drain()
        # Reset only once the bytes are read: a reset discards what the client has not read.
        await asyncio.wait_for(got_it.wait(), 30)
        reset(writer)

    return handler


async def test_a_reset_ends_a_download_without_length_as_truncated(
    client: A2EClient, tmp_path: Path
) -> None:
    """With no length to check, a connection reset mid-body is still no way to end a file:
    TransportError, no target, the .part kept for a resume."""
    got_it = asyncio.Event()

    def report(done: int, total: int | None) -> None:
        if done >= 1000:
            got_it.set()

    async with raw_server(_close_delimited(DATA[:1000], got_it)) as url:
        with pytest.raises(TransportError, match="reset"):
            await client.download(f"{url}/clip.mp4", tmp_path, on_progress=report)
    assert not (tmp_path / "clip.mp4").exists()
    assert (tmp_path / "clip.mp4.part").read_bytes() == DATA[:1000]


async def test_a_resumed_range_shorter_than_announced_is_truncated(
    client: A2EClient, tmp_path: Path
) -> None:
    """A 206 whose Content-Range gives the end but not the size (``bytes 10-99/*``) is
    checked against that end."""
    (tmp_path / "clip.mp4.part").write_bytes(DATA[:10])

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        writer.write(
            b"HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 10-99/*\r\n"
            + b'ETag: "r"\r\n\r\n'
            + DATA[10:50]
        )
        await writer.drain()
        writer.close()

    async with raw_server(handler) as url:
        (tmp_path / "clip.mp4.part.json").write_text(
            json.dumps({"url": f"{url}/clip.mp4", "version": '"r"', "total": None})
        )
        with pytest.raises(TransportError, match="after 50 of 100 bytes"):
            await client.download(f"{url}/clip.mp4", tmp_path)
    assert not (tmp_path / "clip.mp4").exists()
