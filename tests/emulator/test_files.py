"""Hosted media: deterministic bytes, Content-Type, Range (206/416) and HEAD."""

from __future__ import annotations

import aiohttp

from a2e_async.emulator import Emulator

SIZE = 256 * 1024


async def fetch(url: str, method: str = "GET", **headers: str) -> tuple[int, dict[str, str], bytes]:
    async with (
        aiohttp.ClientSession() as session,
        session.request(method, url, headers=headers) as resp,
    ):
        return resp.status, dict(resp.headers), await resp.read()


async def test_result_files_are_deterministic_and_typed(emu: Emulator) -> None:
    """A result URL serves the same 256 KiB with its media type and Accept-Ranges, no auth."""
    url = f"{emu.url}/_emulator/files/video/0123456789abcdef01234567.mp4"
    status, headers, data = await fetch(url)
    assert status == 200
    assert headers["Content-Type"] == "video/mp4"
    assert headers["Accept-Ranges"] == "bytes"
    assert int(headers["Content-Length"]) == len(data) == SIZE
    assert data[4:8] == b"ftyp"
    assert (await fetch(url))[2] == data
    other = (await fetch(url.replace("4567.mp4", "4568.mp4")))[2]
    assert other != data
    png = await fetch(f"{emu.url}/_emulator/files/text_to_image/a.png")
    assert png[1]["Content-Type"] == "image/png"
    assert png[2][:8] == b"\x89PNG\r\n\x1a\n"


async def test_range_requests_resume_downloads(emu: Emulator) -> None:
    """bytes=N- answers 206 with the tail and Content-Range; N-M and -K work too."""
    url = f"{emu.url}/_emulator/files/video/abc.mp4"
    whole = (await fetch(url))[2]
    status, headers, part = await fetch(url, Range="bytes=1000-")
    assert status == 206
    assert headers["Content-Range"] == f"bytes 1000-{SIZE - 1}/{SIZE}"
    assert int(headers["Content-Length"]) == SIZE - 1000
    assert part == whole[1000:]
    status, headers, part = await fetch(url, Range="bytes=10-19")
    assert (status, part, headers["Content-Range"]) == (206, whole[10:20], f"bytes 10-19/{SIZE}")
    status, _, part = await fetch(url, Range="bytes=-16")
    assert (status, part) == (206, whole[-16:])


async def test_range_past_the_end_is_416(emu: Emulator) -> None:
    """A range starting past the end is 416 with Content-Range bytes */size."""
    status, headers, _ = await fetch(
        f"{emu.url}/_emulator/files/video/abc.mp4", Range=f"bytes={SIZE}-"
    )
    assert status == 416
    assert headers["Content-Range"] == f"bytes */{SIZE}"


async def test_head_gives_headers_without_body(emu: Emulator) -> None:
    """HEAD answers the GET headers (length, type, ranges) and no body."""
    status, headers, data = await fetch(f"{emu.url}/_emulator/files/tts/ab.mp3", "HEAD")
    assert status == 200
    assert headers["Content-Type"] == "audio/mpeg"
    assert int(headers["Content-Length"]) == SIZE
    assert headers["Accept-Ranges"] == "bytes"
    assert data == b""


async def test_unknown_media_type_is_404(emu: Emulator) -> None:
    """Only known media extensions are hosted."""
    assert (await fetch(f"{emu.url}/_emulator/files/video/abc.exe"))[0] == 404
