"""The examples run end to end against the emulator (no API key, loopback only)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from aiohttp.test_utils import TestClient, TestServer

from a2e_async import A2EError

EXAMPLES = Path(__file__).parent.parent / "examples"


@pytest.mark.parametrize(
    ("script", "args", "expect"),
    [
        ("quickstart.py", [], "saved"),
        ("fan_out.py", ["8"], "8/8 videos done"),
        ("blocking.py", [], "saved"),
        ("batch.py", ["6"], "6/6 jobs done, 0 failed"),
    ],
)
def test_example_runs(script: str, args: list[str], expect: str) -> None:
    """Each example finishes against the embedded emulator and prints its result."""
    env = {k: v for k, v in os.environ.items() if k not in ("A2E_API_KEY", "A2E_BASE_URL")}
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / script), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=EXAMPLES,
    )
    assert done.returncode == 0, done.stderr
    assert expect in done.stdout


def test_every_example_is_tested() -> None:
    """No example escapes the suite: each script is run above or driven below."""
    tested = {"quickstart.py", "fan_out.py", "blocking.py", "service.py", "batch.py", "_common.py"}
    assert {p.name for p in EXAMPLES.glob("*.py")} == tested


@pytest.fixture
def service(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """examples/service.py, imported as its own script would see it (emulator, no key)."""
    monkeypatch.delenv("A2E_API_KEY", raising=False)
    monkeypatch.delenv("A2E_BASE_URL", raising=False)
    monkeypatch.syspath_prepend(str(EXAMPLES))
    spec = importlib.util.spec_from_file_location("example_service", EXAMPLES / "service.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


async def test_service_shares_one_client(service: ModuleType) -> None:
    """service.py: submitting answers 202 at once, the long poll 200 with the rendered video,
    typed errors map to 400/404, and the app's one client closes when the app stops."""
    app = service.make_app()
    async with TestClient(TestServer(app)) as http:
        client = app[service.CLIENT]
        submitted = [await http.post("/videos", json={"text": f"Hi {n}"}) for n in range(3)]
        assert [r.status for r in submitted] == [202] * 3
        for response in submitted:
            body = await response.json()
            assert body["status"] in ("init", "start", "pending", "process", "copy")
            done = await http.get(response.headers["Location"], params={"timeout": "30"})
            assert done.status == 200
            video = await done.json()
            assert (video["id"], video["status"]) == (body["id"], "success")
            assert video["result_url"]
            now = await http.get(f"/videos/{body['id']}")
            assert (await now.json())["status"] == "success"
        missing = await http.get("/videos/0123456789abcdef01234567")
        assert missing.status == 404
        empty = await http.post("/videos", json={"text": ""})
        assert (empty.status, (await empty.json())["param"]) == (400, "text")
        assert app[service.CLIENT] is client
    with pytest.raises(A2EError, match="closed"):
        await client.account.credits()
