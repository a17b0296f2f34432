"""Shared fixtures: the emulator and a client pointed at it (from a2e_async.testing)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

pytest_plugins = ["a2e_async.testing"]

FIXTURES = Path(__file__).parent / "fixtures"


def load_fixture(name: str) -> Any:
    """A documented example from tests/fixtures (copied from A2E's docs)."""
    return json.loads((FIXTURES / name).read_text())
