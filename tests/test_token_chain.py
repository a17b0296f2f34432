"""No object reachable from an SDK error holds the API token, whatever broke.

Each case makes a create, a read or a download fail in one way (an emulator fault, or a
raw-socket server that answers badly), then walks everything reachable from the raised
error (``__cause__``, ``__context__``, ``args``, attributes, container items, recursively)
and checks that the ``repr`` of none of it shows the token. Tracebacks are not walked: their
frames hold the caller's own variables, the client included.
"""

from __future__ import annotations

import asyncio
import gzip
import types
from collections.abc import Awaitable, Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from a2e_async import A2EClient, RetryPolicy
from a2e_async.emulator import Emulator
from a2e_async.errors import A2EError

from .servers import raw_server, read_request, reset

TOKEN = "sk_chain_secret_5f0c1d2e3a4b"
VIDEO = {"anchor_id": "a1", "anchor_type": 0, "audio_url": "https://cdn.test/a.mp3"}
_SKIP = (types.FrameType, types.TracebackType, types.ModuleType, types.FunctionType, type)


def reachable(root: object) -> Iterator[object]:
    """Every object reachable from ``root`` through exception links, args, attributes and
    container items (strings and bytes are leaves)."""
    seen: set[int] = set()
    stack: list[object] = [root]
    while stack:
        obj = stack.pop()
        if obj is None or id(obj) in seen or isinstance(obj, _SKIP):
            continue
        seen.add(id(obj))
        yield obj
        if isinstance(obj, (str, bytes, bytearray, int, float)):
            continue
        if isinstance(obj, BaseException):
            stack += [obj.__cause__, obj.__context__, *obj.args]
            stack += getattr(obj, "__notes__", [])
        if isinstance(obj, Mapping):
            stack += [*obj.keys(), *obj.values()]
        elif isinstance(obj, (list, tuple, set, frozenset)):
            stack += list(obj)
        stack += list(getattr(obj, "__dict__", {}).values())
        for klass in type(obj).__mro__:
            for name in getattr(klass, "__slots__", ()):
                if isinstance(name, str) and name != "__weakref__":
                    stack.append(getattr(obj, name, None))


def assert_no_token(error: BaseException) -> int:
    """Fail if any reachable object's repr shows the token; returns how many were checked."""
    count = 0
    for obj in reachable(error):
        count += 1
        text = repr(obj)
        assert TOKEN not in text, f"token reachable via {type(obj).__name__}: {text[:300]}"
        if isinstance(obj, BaseException):
            assert TOKEN not in str(obj)
    return count


def test_the_walk_finds_a_token_hidden_in_a_chain() -> None:
    """The walk reaches a header dict held by an attribute of a context's argument."""

    class Holder:
        def __init__(self) -> None:
            self.headers = {"Authorization": f"Bearer {TOKEN}"}

    inner = ValueError(Holder())
    outer = A2EError("clean")
    outer.__context__ = inner
    with pytest.raises(AssertionError, match="token reachable"):
        assert_no_token(outer)


Call = Callable[[A2EClient, Path], Awaitable[Any]]


async def create(client: A2EClient, _: Path) -> Any:
    return await client.videos.generate(**VIDEO, title="chain")


async def read(client: A2EClient, _: Path) -> Any:
    return await client.videos.get("0123456789abcdef01234567")


async def download(client: A2EClient, tmp: Path) -> Any:
    # Same origin as the API, so the token is sent (and must still not leak).
    return await client.download(f"{client.config.origin}/files/result.mp4", tmp)


CALLS = {"create": create, "read": read, "download": download}


async def expect_clean_failure(client: A2EClient, call: Call, tmp: Path) -> A2EError:
    with pytest.raises(A2EError) as info:
        await call(client, tmp)
    assert assert_no_token(info.value) > 1
    return info.value


@pytest.mark.parametrize(
    "fault", ["5xx", "429", "code_error", "reset_before", "reset_after", "malformed"]
)
@pytest.mark.parametrize("call", ["create", "read"])
async def test_emulator_faults_leave_no_token(call: str, fault: str, tmp_path: Path) -> None:
    """Every fault the emulator injects, on a create and on a read, ends in an error whose
    whole reachable graph is free of the token."""
    async with (
        Emulator(token=TOKEN, faults=f"{fault}=1.0", retry_after=0) as emu,
        A2EClient(api_key=TOKEN, base_url=emu.url, retry=RetryPolicy(max_retries=1)) as client,
    ):
        await expect_clean_failure(client, CALLS[call], tmp_path)


async def _bad_status(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await read_request(reader)
    writer.write(b"HTTP/1.1 2OO OK\r\nContent-Length: 0\r\n\r\n")


async def _bad_header(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await read_request(reader)
    writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: ten\r\n\r\n{}")


async def _truncated(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await read_request(reader)
    writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + b'{"code": 0, "da')
    await writer.drain()
    writer.close()


async def _reset_at_once(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await read_request(reader)
    reset(writer)


async def _reset_mid_body(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await read_request(reader)
    writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + b"x" * 10)
    await writer.drain()
    await asyncio.sleep(0.01)
    reset(writer)


async def _closed(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await read_request(reader)
    writer.close()


async def _bad_chunks(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await read_request(reader)
    writer.write(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n")


async def _bad_gzip(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await read_request(reader)
    body = b"\x1f\x8b\x08\x00not gzip at all"
    writer.write(
        b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n"
        + f"Content-Length: {len(body)}\r\n\r\n".encode()
        + body
    )


async def _html_502(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await read_request(reader)
    page = b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"
    writer.write(f"HTTP/1.1 502 Bad Gateway\r\nContent-Length: {len(page)}\r\n\r\n".encode())
    writer.write(page)


async def _gzip_not_json(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await read_request(reader)
    body = gzip.compress(b"<html>not json</html>")
    writer.write(
        b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n"
        + f"Content-Length: {len(body)}\r\n\r\n".encode()
        + body
    )


RAW = {
    "malformed status line": _bad_status,
    "malformed header": _bad_header,
    "truncated body": _truncated,
    "reset before answering": _reset_at_once,
    "reset mid-body": _reset_mid_body,
    "closed without answer": _closed,
    "bad chunked framing": _bad_chunks,
    "bad gzip": _bad_gzip,
    "HTML 502 page": _html_502,
    "gzip page that is not JSON": _gzip_not_json,
}


# A download saves whatever a 200 brings, so a page that is not JSON is no failure there.
NOT_A_DOWNLOAD_FAILURE = {"gzip page that is not JSON"}


@pytest.mark.parametrize(
    ("call", "behaviour"),
    [
        (call, behaviour)
        for call in CALLS
        for behaviour in RAW
        if not (call == "download" and behaviour in NOT_A_DOWNLOAD_FAILURE)
    ],
)
async def test_raw_server_failures_leave_no_token(
    call: str, behaviour: str, tmp_path: Path
) -> None:
    """A malformed status line, a cut or reset body, broken framing or encoding, or an
    error page, on a create, a read and a download: the token is reachable from nothing."""
    seen: list[dict[str, str]] = []
    handler = RAW[behaviour]

    async def recording(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        peek = _Recorder(reader, seen)
        await handler(peek, writer)  # type: ignore[arg-type]

    async with (
        raw_server(recording) as url,
        A2EClient(api_key=TOKEN, base_url=url, retry=RetryPolicy(max_retries=0)) as client,
    ):
        await expect_clean_failure(client, CALLS[call], tmp_path)
    # The server really got the token, so a leak was possible.
    assert seen
    assert seen[0]["authorization"] == f"Bearer {TOKEN}"


class _Recorder:
    """Wraps a reader so the handler's read_request also records the request's headers."""

    def __init__(self, reader: asyncio.StreamReader, seen: list[dict[str, str]]) -> None:
        self._reader = reader
        self._seen = seen

    async def readuntil(self, separator: bytes) -> bytes:
        head = await self._reader.readuntil(separator)
        fields = head.decode("latin-1").split("\r\n")[1:]
        self._seen.append(
            {
                k.strip().lower(): v.strip()
                for k, _, v in (f.partition(":") for f in fields if ":" in f)
            }
        )
        return head

    async def readexactly(self, n: int) -> bytes:
        return await self._reader.readexactly(n)
