"""Downloads of results to disk: streamed, atomic, resumable, token-safe.

The bytes go to ``<target>.part`` next to the target, which is renamed over the target only
when complete, so a reader never sees half a file. Beside it, ``<target>.part.json`` records
which URL and which version of the file (its ``ETag`` or ``Last-Modified``) the part holds.
An interrupted download resumes with ``Range: bytes=N-`` and ``If-Range`` only when that
record matches, so a file that changed on the server, or another URL saved to the same
target, is fetched whole instead of being spliced. The transfer goes through
:meth:`Session.stream`, which sends the A2E token only to the API's own origin.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import os
import posixpath
import re
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import anyio

from ._session import Session
from .errors import A2EError, APIError, TransportError, ValidationError
from .resources._params import check_url

__all__ = ["DownloadProgress", "download"]

DownloadProgress = Callable[[int, "int | None"], "Awaitable[None] | None"]
"""``on_progress(done_bytes, total_bytes_or_None)``; may be a plain or an async function."""

_CHUNK = 256 * 1024
_CONTENT_RANGE = re.compile(r"bytes\s+(\d+)-(\d+)/(\d+|\*)")
# Targets being written by this process: two downloads into one .part would interleave.
_ACTIVE: set[Path] = set()


class _RangeIgnored(Exception):
    """The server answered a resume with a different range or size; start over."""


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
    ``APIError`` for an HTTP error (``NotFoundError`` for 404), ``TransportError`` if the
    connection breaks or the body is shorter than announced (the ``.part`` file stays, for
    ``resume``), ``A2EError`` if another download to the same target is running in this
    process.

    What is checked: the length the server states (``Content-Length``, or the range of a
    resumed ``206``), chunked framing (aiohttp checks the last chunk), and a connection reset
    before the end. What cannot be checked: a body the server delimits only by closing the
    connection (no length, not chunked) that it closes cleanly too early, and the length
    of a body the server compressed although ``identity`` was asked for.
    """
    check_url("url", url)
    target = await anyio.to_thread.run_sync(_target_path, url, Path(path))
    if target in _ACTIVE:
        raise A2EError(f"a download to {target} is already running")
    _ACTIVE.add(target)
    try:
        part = target.with_name(target.name + ".part")
        record = _Record(target.with_name(target.name + ".part.json"))
        start = await anyio.to_thread.run_sync(record.resumable_from, part, url, resume)
        try:
            await _fetch(session, url, part, start, record, on_progress)
        except (_RangeIgnored, APIError) as exc:
            # 416 or another range: the partial file no longer matches; fetch it whole.
            if start is None or (isinstance(exc, APIError) and exc.status != 416):
                raise
            await _fetch(session, url, part, None, record, on_progress)
        await anyio.Path(part).replace(target)
        await anyio.to_thread.run_sync(record.remove)
    finally:
        _ACTIVE.discard(target)
    return target


class _Record:
    """What a ``.part`` file holds: its URL, the server's version tag, the full size."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.version: str | None = None
        self.total: int | None = None

    def resumable_from(self, part: Path, url: str, resume: bool) -> tuple[int, str] | None:
        """``(offset, version)`` to resume from, or ``None`` to start over."""
        try:
            saved = json.loads(self.path.read_text())
        except (OSError, ValueError):
            saved = None
        if (
            resume
            and part.exists()
            and isinstance(saved, dict)
            and saved.get("url") == url
            and isinstance(saved.get("version"), str)
        ):
            self.version = saved["version"]
            total = saved.get("total")
            self.total = total if isinstance(total, int) else None
            return part.stat().st_size, saved["version"]
        return None

    def save(self, url: str, version: str | None, total: int | None) -> None:
        self.version, self.total = version, total
        self.path.write_text(json.dumps({"url": url, "version": version, "total": total}))

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)


async def _fetch(
    session: Session,
    url: str,
    part: Path,
    start: tuple[int, str] | None,
    record: _Record,
    on_progress: DownloadProgress | None,
) -> None:
    # Compressed bodies would make byte counts and ranges disagree with the file.
    headers = {"Accept-Encoding": "identity"}
    offset = 0
    if start is not None:
        offset, version = start
        headers["Range"] = f"bytes={offset}-"
        headers["If-Range"] = version
    async with session.stream("GET", url, headers=headers) as resp:
        total, end, append = _plan(resp.status, resp.headers, offset, record.total)
        if not append:
            tag = resp.headers.get("ETag") or resp.headers.get("Last-Modified")
            await anyio.to_thread.run_sync(record.save, url, tag, total)
        lost = _connection_lost(resp) if end is None else None
        done = offset if append else 0
        await _report(on_progress, done, total)
        async with await anyio.open_file(part, "ab" if append else "wb") as file:
            async for chunk in resp.content.iter_chunked(_CHUNK):
                await file.write(chunk)
                done += len(chunk)
                await _report(on_progress, done, total)
    if end is not None and done != end:
        detail = f"after {done} of {end} bytes"
    elif lost is not None and lost.done() and not lost.cancelled() and lost.exception():
        # No length to check against, but a reset is no way for a body to end.
        detail = f"after {done} bytes, when the connection was reset"
    else:
        return
    raise TransportError(
        f"download ended {detail}; call again to resume",
        method="GET",
        endpoint=url.split("?", 1)[0],
    )


def _connection_lost(resp: Any) -> asyncio.Future[None] | None:
    """A future that ends when the response's connection is lost (with the error of a
    reset), or ``None`` if aiohttp does not tell."""
    connection = getattr(resp, "connection", None)
    protocol = getattr(connection, "protocol", None)
    lost = getattr(protocol, "closed", None)
    if not isinstance(lost, asyncio.Future):
        return None
    # Read the outcome even when nobody asks, so asyncio never reports it as unretrieved.
    lost.add_done_callback(lambda f: f.cancelled() or f.exception())
    return lost


def _plan(
    status: int, headers: Mapping[str, str], offset: int, known_total: int | None
) -> tuple[int | None, int | None, bool]:
    """``(total size or None, the byte offset the body must end at or None, append to the
    .part file?)`` for an answer."""
    encoded = headers.get("Content-Encoding", "identity").lower() not in ("", "identity")
    if status == 206:
        found = _CONTENT_RANGE.match(headers.get("Content-Range", ""))
        if found is None or int(found.group(1)) != offset:
            raise _RangeIgnored()
        total = None if found.group(3) == "*" else int(found.group(3))
        if known_total is not None and total is not None and total != known_total:
            raise _RangeIgnored()  # same version tag, different size: do not splice
        return total, None if encoded else int(found.group(2)) + 1, True
    length = headers.get("Content-Length")
    total = int(length) if length and length.isdigit() else None
    return total, None if encoded else total, False


async def _report(callback: DownloadProgress | None, done: int, total: int | None) -> None:
    if callback is None:
        return
    result: Any = callback(done, total)
    if inspect.isawaitable(result):
        await result


def _target_path(url: str, path: Path) -> Path:
    if path.is_dir():
        path = path / _file_name(url)
    if not path.parent.is_dir():
        raise ValidationError("path", f"directory does not exist: {path.parent}")
    return path


def _file_name(url: str) -> str:
    """A safe file name from the URL's last path segment, else ``download``."""
    name = posixpath.basename(unquote(urlsplit(url).path))
    unsafe = name in ("", ".", "..") or "\x00" in name or "/" in name or os.sep in name
    return "download" if unsafe else name
