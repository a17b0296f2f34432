"""Fixtures for the emulator's own tests: a running emulator and a thin raw-JSON client."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import pytest_asyncio

from a2e_async.emulator import Emulator

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
TOKEN = "sk_emulator_test_token"
# The six web_* layout fields of the documented video/generate example (a background needs them).
LAYOUT = {
    key: value
    for key, value in json.loads((FIXTURES / "video_generate.request.json").read_text()).items()
    if key.startswith("web_")
}


def fixture(name: str) -> Any:
    """A documented example copied into tests/fixtures."""
    return json.loads((FIXTURES / name).read_text())


class Api:
    """Sends raw requests and returns ``(HTTP status, decoded JSON body)``."""

    def __init__(self, session: aiohttp.ClientSession, base: str, token: str | None) -> None:
        self.session = session
        self.base = base
        self.token = token

    async def __call__(
        self, method: str, path: str, *, token: str | None = "", **kwargs: Any
    ) -> tuple[int, Any]:
        chosen = self.token if token == "" else token
        headers = dict(kwargs.pop("headers", {}))
        if chosen is not None:
            headers["Authorization"] = f"Bearer {chosen}"
        async with self.session.request(
            method, self.base + path, headers=headers, **kwargs
        ) as resp:
            raw = await resp.read()
            try:
                return resp.status, json.loads(raw)
            except ValueError:
                return resp.status, raw.decode("utf-8", "replace")

    async def data(self, method: str, path: str, **kwargs: Any) -> Any:
        """The ``data`` of a call that must succeed."""
        status, body = await self(method, path, **kwargs)
        assert status == 200, body
        assert body["code"] == 0, body
        return body["data"]


@pytest.fixture
def emulator_options() -> dict[str, Any]:
    """Keyword arguments for the ``emu`` fixture; tests override it to change the clock."""
    return {"seed": 7}


@pytest_asyncio.fixture
async def emu(emulator_options: dict[str, Any]) -> AsyncIterator[Emulator]:
    async with Emulator(**emulator_options) as emulator:
        yield emulator


@pytest_asyncio.fixture
async def api(emu: Emulator) -> AsyncIterator[Api]:
    async with aiohttp.ClientSession() as session:
        yield Api(session, emu.url, TOKEN)
