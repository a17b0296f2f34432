"""Shared fixtures: the emulator and a client pointed at it (from a2e_async.testing)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

pytest_plugins = ["a2e_async.testing"]

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def _no_proxy_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests talk to servers on loopback: a machine's proxy variables must not route them
    elsewhere (clients honour HTTP(S)_PROXY by default). Proxy tests set their own."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


def load_fixture(name: str) -> Any:
    """A documented example from tests/fixtures (copied from A2E's docs)."""
    return json.loads((FIXTURES / name).read_text())
