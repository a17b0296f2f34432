"""The README's webhook service example runs as written: the emulator's notice wakes the
render, which confirms with one status read."""

from __future__ import annotations

import asyncio
import re
import socket
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from a2e_async.emulator import Emulator

from .conftest import TOKEN, until

README = Path(__file__).resolve().parents[2] / "README.md"


def _example() -> str:
    section = README.read_text().split("\n## Webhooks\n", 1)[1].split("\n## ", 1)[0]
    match = re.search(r"```python\n(.*?)```", section, re.S)
    assert match is not None
    return match.group(1)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_the_readme_service_is_woken_by_a_webhook(monkeypatch: pytest.MonkeyPatch) -> None:
    """POST /render waits for the video; the emulator's notice ends that wait after exactly
    one status read (the video policy would first poll much later)."""
    namespace: dict[str, Any] = {"__name__": "readme_service"}
    exec(compile(_example(), "README.md", "exec"), namespace)
    port = _free_port()
    async with Emulator(time_scale=1.0, seed=3) as emulator:
        monkeypatch.setenv("A2E_API_KEY", "sk_test_readme")
        monkeypatch.setenv("A2E_BASE_URL", emulator.url)
        monkeypatch.setenv("A2E_WEBHOOK_URL", f"http://127.0.0.1:{port}/a2e/webhook")
        monkeypatch.setenv("A2E_WEBHOOK_TOKEN", TOKEN)
        app = namespace["make_app"]()
        async with TestClient(TestServer(app, host="127.0.0.1", port=port)) as http:
            anchor = "660556b3cd492168141926d3"
            body = {"anchor_id": anchor, "audio_url": "https://example.com/a.mp3"}
            answer = asyncio.ensure_future(http.post("/render", json=body))
            await until(lambda: app[namespace["CLIENT"]].waiter.active_pollers == 1, "a wait")
            emulator.advance(3600)
            response = await asyncio.wait_for(answer, 30)
            assert response.status == 200
            rendered = await response.json()
        assert rendered["result_url"]
        stats = emulator.stats()["requests"]
        assert stats["POST /api/v1/video/awsResult"] == 1
        assert emulator.webhooks()["counts"]["answered_2xx"] == 1
