"""The README's coverage table lists every documented endpoint and names real methods."""

from __future__ import annotations

import re
from pathlib import Path

from a2e_async import A2EClient

from .conftest import load_fixture

README = Path(__file__).parent.parent / "README.md"
STATES = {"verified", "unverified", "not available"}


def table_rows() -> list[list[str]]:
    text = README.read_text()
    block = text.split("<!-- coverage:start -->", 1)[1].split("<!-- coverage:end -->", 1)[0]
    lines = [ln for ln in block.strip().splitlines()[2:] if ln.startswith("|")]
    return [[cell.strip() for cell in ln.strip().strip("|").split("|")] for ln in lines]


def test_every_endpoint_has_exactly_one_row() -> None:
    """Each (area, title) of endpoints.json appears once in the README, and nothing else does."""
    documented = [(r["area"], r["title"]) for r in load_fixture("endpoints.json")]
    listed = [(row[0], row[1]) for row in table_rows()]
    assert sorted(listed) == sorted(documented)


def test_states_follow_the_evidence() -> None:
    """A row is verified only with a known path and more than a single lead."""
    by_key = {(r["area"], r["title"]): r for r in load_fixture("endpoints.json")}
    for area, title, _call, _source, state, sdk in table_rows():
        row = by_key[(area, title)]
        assert state in STATES, (title, state)
        if state == "not available":
            assert sdk == "—", title
            assert row["path"] is None, title
        elif row["path"] is None or row["confidence"] == "C?":
            assert state == "unverified", title
        else:
            assert state == "verified", title


def test_named_methods_exist() -> None:
    """Every `client.area.method` in the table is a real attribute of the client."""
    client = A2EClient(api_key="sk_table", base_url="http://127.0.0.1:9")
    for *_, sdk in table_rows():
        for area, method in re.findall(r"`client\.(\w+)\.(\w+)`", sdk):
            assert hasattr(getattr(client, area), method), f"client.{area}.{method}"
