"""The contract checker itself: it catches each kind of break, and its exception table is sound."""

from __future__ import annotations

import re
from typing import Any

import pytest

from ..conftest import load_fixture
from .exceptions import EXCEPTIONS
from .spec import find_operation, operations, violations

CATALOG = {(op["method"], op["path"]): op for op in load_fixture("operations.json")}
_TAG = re.compile(r"(seed|D|S|S-q|SK|C×(\d+)|C\?)")


def entry(
    method: str, path: str, body: Any = None, query: dict[str, Any] | None = None
) -> dict[str, Any]:
    """A request as ``GET /_emulator/requests`` logs it."""
    return {"method": method, "path": path, "json": body, "query": query or {}}


TTS = {"msg": "Hello", "tts_id": "6625ebd4613f49985c349f95"}
VIDEO = {
    "anchor_id": "660556b3cd492168141926d3",
    "anchor_type": 0,
    "audioSrc": "https://x/a.mp3",
    "resolution": 1080,
    **{key: 0 for key in ("web_bg_width", "web_bg_height", "web_people_width")},
    **{key: 0 for key in ("web_people_height", "web_people_x", "web_people_y")},
}
LAYOUT = {"web_bg_width": 853, "web_bg_height": 480, "web_people_width": 270}


def post(path: str, body: Any) -> dict[str, Any]:
    return entry("POST", "/api/v1/" + path, body)


def get(path: str, **query: str) -> dict[str, Any]:
    return entry("GET", "/api/v1/" + path, query=query)


SEND_TTS, GENERATE, VOICE = "video/send_tts", "video/generate", "userVoice/training"
NO_RESOLUTION = {key: value for key, value in VIDEO.items() if key != "resolution"}


@pytest.mark.parametrize(
    ("request_", "expected"),
    [
        (get("nowhere"), "no such operation"),
        (entry("PATCH", "/api/v1/video/send_tts", TTS), "no such operation"),
        (post("video/awsResult", {}), "body _id: required, not sent"),
        (post(SEND_TTS, {**TTS, "speechRate": "fast"}), "not a number"),
        (post(SEND_TTS, {**TTS, "speechRate": 3}), "at most"),
        (post(SEND_TTS, {**TTS, "speechRate": True}), "not a number"),
        (post(SEND_TTS, {"tts_id": "x"}), "body msg: required"),
        (post(SEND_TTS, {"msg": "x"}), "tts_id or user_voice_id"),
        (post(SEND_TTS, {**TTS, "msg": "x" * 3001}), "at most 3000"),
        (post(SEND_TTS, {**TTS, "speech_rate": 1}), "not in the spec"),
        (post(VOICE, {"name": "n", "voice_urls": ["u"], "gender": "x"}), "not one of"),
        (post(VOICE, {"name": "n", "voice_urls": "u"}), "not a string[]"),
        (post("virtualTryOn/start", {"image_urls": ["a"] * 5}), "at most 4"),
        (post("virtualTryOn/start", {"image_urls": ["a"]}), "at least 2"),
        (post(GENERATE, {**VIDEO, "title": "t" * 41}), "at most 40"),
        (post(GENERATE, {**VIDEO, "anchor_type": 2}), "not one of"),
        (post(GENERATE, {**VIDEO, "resolution": 1080.5}), "not a integer"),
        (post(GENERATE, {**VIDEO, "isCaptionEnabled": True}), "in msg"),
        (post(GENERATE, {**VIDEO, "back_id": "b"}), "web_* layout"),
        (post(GENERATE, NO_RESOLUTION), "resolution: required"),
        (get("userImage2Video/allRecords", pageNum="x"), "not a integer"),
        (get("userImage2Video/allRecords", pageSize="101"), "at most"),
        (get("userNanoBanana/allRecords", pageNum="1"), "pageSize: required"),
        (entry("GET", "/api/v1/userImage2Video/abc", body={"x": 1}), "with a JSON body"),
        (get("video/awsList", page="1"), "query page: not in the spec"),
        (post("userVideoTwin/continueTraining", {}), "_id: required"),
        (post("talkingPhoto/start", ["a"]), "not a JSON object"),
    ],
)
def test_each_kind_of_break_is_reported(request_: dict[str, Any], expected: str) -> None:
    """A request that breaks the contract in one way gets a violation that says how."""
    problems = violations(request_)
    assert any(expected in problem for problem in problems), problems


@pytest.mark.parametrize(
    "request_",
    [
        post(SEND_TTS, {**TTS, "speechRate": 0.5, "country": "en"}),
        post(GENERATE, VIDEO),
        post(GENERATE, {**VIDEO, **LAYOUT, "back_id": "b"}),
        post(GENERATE, {**VIDEO, "isCaptionEnabled": True, "msg": "Hi"}),
        get("userImage2Video/67d29023dd27a536fdf6e809"),
        entry("DELETE", "/api/v1/userNanoBanana/delete/67d29023dd27a536fdf6e809"),
        get("userNanoBanana/allRecords", pageNum="1", pageSize="100", status="completed"),
        get("transactionRecord/creditsHistory", is_consumption="true"),
        post("userVideoTwin/continueTranining", {"_id": "66cc39e1b0e0680cadd2ca6e"}),
    ],
)
def test_requests_that_keep_the_contract_pass(request_: dict[str, Any]) -> None:
    """Well-formed requests, templated paths and the seed's spellings produce no violation."""
    assert violations(request_) == []


def test_a_literal_path_beats_a_template() -> None:
    """GET userFaceSwapTask/status is its own operation, not the {_id} detail."""
    found = find_operation("GET", "/api/v1/userFaceSwapTask/status")
    assert found is not None
    assert found.path == "/api/v1/userFaceSwapTask/status"
    detail = find_operation("GET", "/api/v1/userFaceSwapTask/6674f21f68d5dc7e6efd342a")
    assert detail is not None
    assert detail.path == "/api/v1/userFaceSwapTask/{_id}"
    assert find_operation("GET", "/api/v1/userFaceSwapTask/a/b") is None


# Documented request examples that do not keep the contract, and why.
DOCUMENTED_EXCEPTIONS = {
    # The seed page enables captions without msg in its own example, while the msg field
    # says captions need it; the stated rule wins (part1 §4.1).
    ("POST", "/api/v1/video/generate"): "need the spoken text in msg",
    # The older docs version of text to image (part2 §7.1); the SDK uses the spec's path.
    ("POST", "/api/v1/userText2image/start"): "no such operation",
}


@pytest.mark.parametrize(
    "example", load_fixture("requests.json"), ids=lambda e: f"{e['method']} {e['path']}"
)
def test_documented_request_examples_keep_the_contract(example: dict[str, Any]) -> None:
    """Every request example from A2E's docs passes, except the two listed with their reason."""
    query = {key: str(value) for key, value in example["query"].items()}
    problems = violations(entry(example["method"], example["path"], example["body"], query))
    known = DOCUMENTED_EXCEPTIONS.get((example["method"], example["path"]))
    if known is None:
        assert problems == []
    else:
        assert problems
        assert all(known in problem for problem in problems), problems


def test_exception_rows_are_sourced_and_not_redundant() -> None:
    """Each row has a known tag and a reference; it adds what the spec lacks or says why not."""
    seen = set()
    path_rows = {(row.method, row.path): row for row in EXCEPTIONS if row.key is None}
    for row in EXCEPTIONS:
        ident = (row.method, row.path, row.key, row.where)
        assert ident not in seen, f"duplicate row {ident}"
        seen.add(ident)
        tag = _TAG.fullmatch(row.source)
        assert tag, f"unknown source tag {row.source!r}"
        if tag.group(2):
            assert int(tag.group(2)) >= 2, "C×1 is a single caller: tag it C?"
        assert row.reference.strip()
        in_spec = (row.method, row.path) in CATALOG
        if row.key is None:
            assert not in_spec, f"{row.path} is in the spec: no path row needed"
            continue
        assert in_spec or (row.method, row.path) in path_rows, f"{row.path}: no path row"
        spec = CATALOG.get((row.method, row.path), {"params": []})
        spec_keys = {param["name"] for param in spec["params"]}
        if row.seed_wins:
            assert row.source in ("seed", "D"), "only the seed page or a docs page beats the spec"
            assert row.key in spec_keys, f"{row.key}: the spec does not list it"
            assert row.note, "say what the spec says instead"
        else:
            assert row.key not in spec_keys, f"{row.key} is in the spec already"


def test_single_caller_rows_only_for_calls_marked_unverified() -> None:
    """A [C?] row (one caller, a lead) is allowed only on a path the SDK marks unverified."""
    for row in EXCEPTIONS:
        if row.source != "C?":
            continue
        path_row = next(r for r in EXCEPTIONS if r.key is None and r.path == row.path)
        assert path_row.source == "C?"
        assert "unverified" in path_row.reference


def test_merged_catalog_keeps_every_spec_operation() -> None:
    """All 216 catalog operations are there, plus the table's own paths."""
    ops = operations()
    assert len([op for op in ops if op.in_spec]) == len(CATALOG) == 216
    extra = {(op.method, op.path) for op in ops if not op.in_spec}
    assert extra == {(row.method, row.path) for row in EXCEPTIONS if row.key is None}
