"""Proxies: HTTP(S)_PROXY / NO_PROXY honoured by default, trust_env=False and proxy=.

tests/conftest.py clears the proxy variables before each test; these set their own.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from a2e_async import A2EClient
from a2e_async._pool import no_proxy_covers
from a2e_async.emulator import Emulator
from a2e_async.errors import ValidationError

from .servers import serve_app

TOKEN = "sk_test_proxy_token_9d2e"
_HOP_BY_HOP = {"connection", "proxy-connection", "keep-alive", "transfer-encoding", "host"}


class ForwardingProxy:
    """A plain HTTP forward proxy: takes absolute-form requests (``GET http://host/...``),
    sends them on and counts them as ``(method, absolute URL)``."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []

    async def forward(self, request: web.Request) -> web.StreamResponse:
        target = request.raw_path  # a proxy's request line names the whole URL
        if not target.startswith("http://"):
            return web.Response(status=400, text="not a proxy request")
        self.seen.append((request.method, target))
        headers = {k: v for k, v in request.headers.items() if k.lower() not in _HOP_BY_HOP}
        # trust_env=False: the proxy itself must not go through the proxy under test.
        async with (
            aiohttp.ClientSession(trust_env=False, auto_decompress=False) as session,
            session.request(
                request.method,
                target,
                headers=headers,
                data=await request.read(),
                allow_redirects=False,
            ) as answer,
        ):
            body = await answer.read()
            copied = {k: v for k, v in answer.headers.items() if k.lower() not in _HOP_BY_HOP}
            copied.pop("Content-Length", None)
            return web.Response(status=answer.status, body=body, headers=copied)

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self.forward)
        return app


@asynccontextmanager
async def proxy() -> AsyncIterator[tuple[ForwardingProxy, str]]:
    forwarding = ForwardingProxy()
    async with serve_app(forwarding.app()) as url:
        yield forwarding, url


@pytest.fixture
async def emu() -> AsyncIterator[Emulator]:
    """An emulator that checks the token."""
    async with Emulator(token=TOKEN, time_scale=0.001, seed=2) as emulator:
        yield emulator


async def test_http_proxy_from_the_environment_carries_api_calls_and_downloads(
    emu: Emulator, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """With HTTP_PROXY set, API calls (a create among them), a download and a presigned
    upload go through the proxy, and the answers are the emulator's."""
    async with proxy() as (forwarding, proxy_url):
        monkeypatch.setenv("HTTP_PROXY", proxy_url)
        async with A2EClient(api_key=TOKEN, base_url=emu.url) as client:
            credits = await client.account.credits()
            voice = (await client.tts.list_voices())[0].voices[0]
            audio = await client.tts.generate(text="Through a proxy", voice_id=voice.id)
            saved = await client.download(audio.url, tmp_path / "speech.mp3")
            uploaded = await client.storage.upload(b"ID3 sound", filename="clip.mp3")
        assert credits.coins > 0
        assert uploaded.startswith("http")
        assert any(method == "PUT" for method, _ in forwarding.seen)  # the presigned upload
        assert saved.stat().st_size > 0
        paths = [url.removeprefix(emu.url) for _, url in forwarding.seen]
        assert "/api/v1/user/remainingCoins" in paths
        assert ("POST", f"{emu.url}/api/v1/video/send_tts") in forwarding.seen
        assert audio.url in [url for _, url in forwarding.seen]


async def test_trust_env_false_ignores_the_proxy_variables(
    emu: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """trust_env=False: HTTP_PROXY is set, yet nothing reaches the proxy."""
    async with proxy() as (forwarding, proxy_url):
        monkeypatch.setenv("HTTP_PROXY", proxy_url)
        async with A2EClient(api_key=TOKEN, base_url=emu.url, trust_env=False) as client:
            assert (await client.account.credits()).coins > 0
        assert forwarding.seen == []


async def test_no_proxy_covering_the_host_bypasses_the_proxy(
    emu: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """NO_PROXY naming the API's host sends its calls directly."""
    async with proxy() as (forwarding, proxy_url):
        monkeypatch.setenv("HTTP_PROXY", proxy_url)
        monkeypatch.setenv("NO_PROXY", "127.0.0.1")
        async with A2EClient(api_key=TOKEN, base_url=emu.url) as client:
            assert (await client.account.credits()).coins > 0
        assert forwarding.seen == []


async def test_an_explicit_proxy_is_used_without_any_environment(emu: Emulator) -> None:
    """proxy= sends every request through that proxy, no variables needed."""
    async with proxy() as (forwarding, proxy_url):
        async with A2EClient(api_key=TOKEN, base_url=emu.url, proxy=proxy_url) as client:
            assert (await client.account.credits()).coins > 0
        assert [method for method, _ in forwarding.seen] == ["GET"]


def test_a_bad_proxy_url_is_refused_without_echoing_it() -> None:
    """A proxy that is not an http(s) URL raises ValidationError, and its text (maybe a
    password) is not in the message; a good one stays out of repr()."""
    for bad in ("socks5://u:s3cret@h:1", "http://u:s3cret@[::1", "http://u:s3cret@h:99999"):
        with pytest.raises(ValidationError) as caught:
            A2EClient(api_key=TOKEN, base_url="http://127.0.0.1:9", proxy=bad)
        assert caught.value.param == "proxy"
        assert "s3cret" not in str(caught.value)
        assert caught.value.__context__ is None
    client = A2EClient(api_key=TOKEN, base_url="http://127.0.0.1:9", proxy="http://u:s3cret@h:1")
    assert "s3cret" not in repr(client.config)


async def test_no_proxy_is_matched_per_url_so_a_download_host_can_differ(
    emu: Emulator, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """NO_PROXY exempting the API host (127.0.0.1) leaves a download from another host
    (localhost) going through the proxy: each URL is matched on its own."""
    async with proxy() as (forwarding, proxy_url):
        monkeypatch.setenv("HTTP_PROXY", proxy_url)
        monkeypatch.setenv("NO_PROXY", "127.0.0.1")
        async with A2EClient(api_key=TOKEN, base_url=emu.url) as client:
            voice = (await client.tts.list_voices())[0].voices[0]
            audio = await client.tts.generate(text="Elsewhere", voice_id=voice.id)
            elsewhere = audio.url.replace("//127.0.0.1:", "//localhost:")
            await client.download(elsewhere, tmp_path / "speech.mp3")
        assert forwarding.seen == [("GET", elsewhere)]


async def test_a_netrc_default_entry_and_a_socks_all_proxy_do_not_break_calls(
    emu: Emulator, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """~/.netrc is not read (its `default` entry would clash with the token's
    Authorization header on every call), and a socks5:// ALL_PROXY, which aiohttp cannot
    use, is passed over rather than failing every request."""
    netrc = tmp_path / "netrc"
    netrc.write_text("default login someone password hunter2\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    monkeypatch.setenv("ALL_PROXY", "socks5://127.0.0.1:9")
    async with A2EClient(api_key=TOKEN, base_url=emu.url) as client:
        assert (await client.account.credits()).coins > 0


@pytest.mark.parametrize(
    ("no_proxy", "host", "port", "covered"),
    [
        ("*", "api.example.com", 443, True),
        ("example.com", "example.com", 443, True),
        ("example.com", "cdn.example.com", 443, True),
        (".example.com", "cdn.example.com", None, True),
        ("*.example.com", "cdn.example.com", None, True),
        ("example.com", "notexample.com", 443, False),
        ("a.test, example.com:8443", "example.com", 8443, True),
        ("example.com:8443", "example.com", 443, False),
        ("127.0.0.1", "127.0.0.1", 8080, True),
        ("::1", "::1", 8080, True),
        ("[::1]:8080", "::1", 8080, True),
        ("[::1]:8080", "::1", 9090, False),
        ("", "example.com", 443, False),
    ],
)
def test_no_proxy_rules(no_proxy: str, host: str, port: int | None, covered: bool) -> None:
    """NO_PROXY entries cover the host, its subdomains, optionally on one port; `*` all."""
    assert no_proxy_covers(no_proxy, host, port) is covered
