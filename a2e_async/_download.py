"""Downloads of results to disk: streamed, atomic, resumable, token-safe.

The bytes go to ``<target>.part`` next to the target, which is renamed over the target only
when complete, so a reader never sees half a file. A ``.part`` left by an interrupted
download is resumed with ``Range: bytes=N-`` when the server answers 206, and started over
when it answers 200. The transfer goes through :meth:`Session.stream`, which sends the A2E
token only to the API's own origin (never to a CDN, not even after a redirect).
"""

from __future__ import annotations

import inspect
import os
import posixpath
import re
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import anyio

from ._session import Session
from .errors import APIError, TransportError, ValidationError
from .resources._params import check_url

__all__ = ["DownloadProgress", "download"]

DownloadProgress = Callable[[int, "int | None"], "Awaitable[None] | None"]
"""``on_progress(done_bytes, total_bytes_or_None)``; may be a plain or an async function."""

_CHUNK = 256 * 1024
_CONTENT_RANGE = re.compile(r"bytes\s+(\d+)-(\d+)/(\d+|\*)")


class _RangeIgnored(Exception):
    """The server answered a resume with a different range; start over."""


async def download(
    session: Session,
    url: str,
    path: str | os.PathLike[str],
    *,
    on_progress: DownloadProgress | None = None,
    resume: bool = True,
) -> Path:
    """Stream ``url`` to ``path`` and return the final path (see the module docstring).

    ``path`` may be an existing directory: the file then takes its name from the URL.
    Raises ``ValidationError`` for a bad URL or a missing directory (before any request),
    ``APIError`` for an HTTP error, ``TransportError`` if the connection breaks or the body
    is shorter than announced (the ``.part`` file stays, for ``resume``).
    """
    check_url("url", url)
    target = await anyio.to_thread.run_sync(_target_path, url, Path(path))
    part = target.with_name(target.name + ".part")
    offset = await anyio.to_thread.run_sync(_part_size, part, resume)
    try:
        await _fetch(session, url, part, offset, on_progress)
    except (_RangeIgnored, APIError) as exc:
        # 416: the partial file no longer matches the remote one; fetch it whole.
        if offset == 0 or (isinstance(exc, APIError) and exc.status != 416):
            raise
        await _fetch(session, url, part, 0, on_progress)
    await anyio.Path(part).replace(target)
    return target


async def _fetch(
    session: Session,
    url: str,
    part: Path,
    offset: int,
    on_progress: DownloadProgress | None,
) -> None:
    # Compressed bodies would make byte counts and ranges disagree with the file.
    headers = {"Accept-Encoding": "identity"}
    if offset:
        headers["Range"] = f"bytes={offset}-"
    async with session.stream("GET", url, headers=headers) as resp:
        total, append = _plan(resp.status, resp.headers, offset)
        done = offset if append else 0
        await _report(on_progress, done, total)
        async with await anyio.open_file(part, "ab" if append else "wb") as file:
            async for chunk in resp.content.iter_chunked(_CHUNK):
                await file.write(chunk)
                done += len(chunk)
                await _report(on_progress, done, total)
    if total is not None and done != total:
        raise TransportError(
            f"download ended after {done} of {total} bytes; call again to resume",
            method="GET",
            endpoint=url.split("?", 1)[0],
        )


def _plan(status: int, headers: Mapping[str, str], offset: int) -> tuple[int | None, bool]:
    """``(total size or None, append to the .part file?)`` for an answer."""
    if status == 206:
        found = _CONTENT_RANGE.match(headers.get("Content-Range", ""))
        start = int(found.group(1)) if found else -1
        if start != offset:
            raise _RangeIgnored()
        assert found is not None
        return (None if found.group(3) == "*" else int(found.group(3))), True
    length = headers.get("Content-Length")
    return (int(length) if length and length.isdigit() else None), False


async def _report(callback: DownloadProgress | None, done: int, total: int | None) -> None:
    if callback is None:
        return
    result: Any = callback(done, total)
    if inspect.isawaitable(result):
        await result


def _target_path(url: str, path: Path) -> Path:
    if path.is_dir():
        name = posixpath.basename(unquote(urlsplit(url).path)) or "download"
        path = path / name
    if not path.parent.is_dir():
        raise ValidationError("path", f"directory does not exist: {path.parent}")
    return path


def _part_size(part: Path, resume: bool) -> int:
    if not part.exists():
        return 0
    if resume:
        return part.stat().st_size
    part.unlink()
    return 0
