"""Errors say what happened: the host and OS error, an error page's title, the attempts made."""

from __future__ import annotations

import asyncio
import socket

import pytest
from aioresponses import aioresponses

from a2e_async import A2EClient, RetryPolicy
from a2e_async._protocol import summarize_page
from a2e_async.errors import (
    NetworkError,
    OutcomeUnknownError,
    ServerError,
)

from .servers import raw_server, read_request

BASE = "https://api.example.test"
TOKEN = "sk_messages"
AWS_RESULT = f"{BASE}/api/v1/video/awsResult"
NGINX_502 = """<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>nginx/1.25.3</center>
</body>
</html>
"""


def closed_port() -> int:
    """A loopback port that nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_a_refused_connection_names_host_port_and_reason() -> None:
    """NetworkError reads 'connection refused to 127.0.0.1:<port>', not an aiohttp class."""
    port = closed_port()
    async with A2EClient(
        api_key=TOKEN, base_url=f"http://127.0.0.1:{port}", retry=RetryPolicy(max_retries=0)
    ) as c:
        with pytest.raises(NetworkError) as info:
            await c.videos.get("v1")
    assert f"connection refused to 127.0.0.1:{port}" in str(info.value)
    assert "ClientConnectorError" not in str(info.value)


async def test_a_connection_closed_without_answer_says_so_on_a_create() -> None:
    """A create whose connection closed unanswered: OutcomeUnknownError naming the host and
    what happened."""

    async def hang_up(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        writer.close()

    async with raw_server(hang_up) as url, A2EClient(api_key=TOKEN, base_url=url) as c:
        with pytest.raises(OutcomeUnknownError) as info:
            await c.videos.generate(
                anchor_id="a1", anchor_type=0, audio_url="https://cdn.test/a.mp3", title="t1"
            )
    host = url.removeprefix("http://")
    assert f"{host} closed the connection before a whole answer" in str(info.value)


async def test_an_html_error_page_is_one_line_with_the_page_kept() -> None:
    """A gateway's HTML page becomes 'status, page title' on one line; payload keeps it."""
    with aioresponses() as mock:
        mock.post(AWS_RESULT, status=502, body=NGINX_502, repeat=True)
        async with A2EClient(api_key=TOKEN, base_url=BASE, retry=RetryPolicy(0)) as client:
            with pytest.raises(ServerError) as info:
                await client.videos.get("v1")
    assert info.value.message == "502 Bad Gateway"
    assert "\n" not in str(info.value)
    assert "HTTP 502" in str(info.value)
    assert info.value.payload == NGINX_502


@pytest.mark.parametrize(
    ("page", "line"),
    [
        (NGINX_502, "502 Bad Gateway"),
        ("<html><body><h1>Service &amp; Co down</h1><p>x</p></body></html>", "Service & Co down"),
        (
            "<!DOCTYPE html><html><body>\n  Upstream\n  timed out\n</body></html>",
            "Upstream timed out",
        ),
        (
            "\n\nupstream connect error or disconnect/reset\nmore\n",
            "upstream connect error or disconnect/reset",
        ),
        ("x" * 500, "x" * 159 + "…"),
        ("", ""),
    ],
)
def test_error_pages_are_summed_up_in_one_line(page: str, line: str) -> None:
    """The title, else the first heading, else the first line of text; at most 160 chars."""
    assert summarize_page(page) == line
