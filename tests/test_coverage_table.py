"""The README's coverage table lists every documented endpoint and every operation of A2E's
spec catalog, once each, and names real methods; its shapes table names every family."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from a2e_async import A2EClient
from a2e_async.resources import starters

from .conftest import load_fixture

README = Path(__file__).parent.parent / "README.md"
STATES = {"verified", "unverified", "not available"}
CALL = re.compile(r"`(GET|POST|PUT|DELETE) (/api/v1/[^`\s]+)`")
DOCS = {(r["area"], r["title"]): r for r in load_fixture("endpoints.json")}
OPERATIONS = load_fixture("operations.json")
CLIENT = A2EClient(api_key="sk_table", base_url="http://127.0.0.1:9")


def _block(name: str) -> list[list[str]]:
    text = README.read_text()
    block = text.split(f"<!-- {name}:start -->", 1)[1].split(f"<!-- {name}:end -->", 1)[0]
    lines = [ln for ln in block.strip().splitlines()[2:] if ln.startswith("|")]
    return [[cell.strip() for cell in ln.strip().strip("|").split("|")] for ln in lines]


def table_rows() -> list[list[str]]:
    return _block("coverage")


def _key(method: str, path: str) -> tuple[str, str]:
    return method, re.sub(r"\{[^}]+\}", "{}", path)


def _catalog_rows() -> list[list[str]]:
    return [row for row in table_rows() if (row[0], row[1]) not in DOCS]


def test_every_endpoint_has_exactly_one_row() -> None:
    """Each (area, title) of endpoints.json appears once in the README."""
    listed = Counter((row[0], row[1]) for row in table_rows())
    assert all(listed[key] == 1 for key in DOCS), [k for k in DOCS if listed[k] != 1]


def test_every_catalog_operation_has_exactly_one_row() -> None:
    """Each of the catalog's 216 operations is the call of exactly one row (a docs row or a
    catalog row), path parameters' names aside."""
    calls = Counter(_key(*match) for row in table_rows() for match in CALL.findall(row[2]))
    keys = [_key(op["method"], op["path"]) for op in OPERATIONS]
    assert len(keys) == len(set(keys)) == 216
    assert [key for key in keys if calls[key] != 1] == []


def test_rows_beyond_the_docs_are_catalog_operations() -> None:
    """A row that is no docs page is one catalog operation, titled with its summary, [SK]."""
    summaries = {_key(op["method"], op["path"]): op["summary"] for op in OPERATIONS}
    for area, title, call, source, _state, _sdk in _catalog_rows():
        (found,) = CALL.findall(call)
        assert summaries[_key(*found)] == title, call
        assert (source, area) == ("SK", area.strip("`"))


def test_states_follow_the_evidence() -> None:
    """A docs row is verified only with a known path and more than a single lead; a catalog
    row that is not available starts with "—" and says why, and every other names a method."""
    for area, title, _call, _source, state, sdk in table_rows():
        assert state in STATES, (title, state)
        row = DOCS.get((area, title))
        if row is None:
            if state == "not available":
                assert sdk.startswith("— "), title
                assert len(sdk) > 20, title  # the reason
            else:
                assert sdk.startswith("`client."), title
        elif state == "not available":
            assert sdk == "—", title
            assert row["path"] is None, title
        elif row["path"] is None or row["confidence"] == "C?":
            assert state == "unverified", title
        else:
            assert state == "verified", title


def test_at_least_200_catalog_operations_are_verified() -> None:
    """Issue 17's bar: 200 of the 216 catalog operations have a verified SDK method."""
    verified = {
        _key(*match)
        for row in table_rows()
        if row[4] == "verified" and "`client." in row[5]
        for match in CALL.findall(row[2])
    }
    in_catalog = {_key(op["method"], op["path"]) for op in OPERATIONS}
    assert len(verified & in_catalog) >= 200


def test_named_methods_exist() -> None:
    """Every `client.area.method` in the tables is a real attribute of the client."""
    for *_, sdk in table_rows():
        for area, method in re.findall(r"`client\.(\w+)\.(\w+)`", sdk):
            assert hasattr(getattr(CLIENT, area), method), f"client.{area}.{method}"


def test_every_family_says_where_its_shapes_come_from() -> None:
    """The shapes table names each family the SDK starts once, with its client attribute."""
    listed: Counter[str] = Counter()
    for families, clients, requests, records in _block("shapes"):
        names = [name.strip() for name in families.split(",")]
        listed.update(names)
        attrs = {attr.strip("` ") for attr in clients.split(",")}
        for name in names:
            assert starters(CLIENT)[name].area in attrs, name
        assert requests
        assert records
    assert set(listed) == set(starters(CLIENT))
    assert max(listed.values()) == 1
