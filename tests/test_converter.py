"""Decoding: documented examples decode strictly, unknown fields and odd scalars do not break."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import attrs
import pytest
from cattrs.errors import ClassValidationError

from a2e_async._converter import (
    decode,
    decode_created,
    decode_list,
    make_converter,
    wire_names,
    wire_spellings,
)
from a2e_async.errors import CreateDecodeError, OutcomeUnknownError, ResponseDecodeError
from a2e_async.models.account import Credits, CreditTransaction, Quote
from a2e_async.models.tts import VoiceGroup
from a2e_async.models.videos import Anchor, Video

from .conftest import load_fixture

STRICT = make_converter(strict=True)


def assert_nothing_lost(obj: Any, payload: dict[str, Any]) -> None:
    """Every non-empty wire value in ``payload`` reached its attribute."""
    by_wire = wire_spellings(type(obj))
    for key, value in payload.items():
        if key == "__v":
            continue
        assert key in by_wire, f"{type(obj).__name__} has no field for wire key {key!r}"
        if key == "error_code" and str(value) == "0":
            continue  # face swap's "no error" (part2 §1.4)
        if value not in ("", None):
            assert getattr(obj, by_wire[key]) is not None, key


@pytest.mark.parametrize(
    ("fixture", "cls", "pick"),
    [
        ("video_generate.response.json", Video, lambda d: d["data"]),
        ("derived/video_awsResult.json", Video, lambda d: d["data"][0]),
        ("derived/video_awsResult_processing.json", Video, lambda d: d["data"][0]),
        ("derived/video_awsList.json", Video, lambda d: d["data"]["data"][0]),
        ("derived/video_generate.json", Video, lambda d: d["data"]),
        ("derived/anchor_character_list.json", Anchor, lambda d: d["data"][0]),
        ("derived/anchor_voice_list.json", VoiceGroup, lambda d: d["data"][0]),
    ],
)
def test_examples_decode_strictly(fixture: str, cls: type, pick: Any) -> None:
    """The documented (and derived) examples of this slice decode with no key unknown or lost."""
    payload = pick(load_fixture(fixture))
    obj = STRICT.structure(payload, cls)
    assert_nothing_lost(obj, payload)


def test_generate_response_values() -> None:
    """Wire quirks are normalised: string numbers, ISO timestamps, empty strings."""
    video = decode(Video, load_fixture("video_generate.response.json")["data"], endpoint="e")
    assert video.id == "6613b4c216004c1df435d6ff"
    assert video.anchor_type == 1  # sent as the string "1"
    assert video.resolution == 1080
    assert video.audio_url
    assert video.audio_url.endswith(".wav")
    assert video.result_url is None  # "" until done
    assert video.created_at == datetime(2024, 4, 8, 9, 11, 30, 329000, tzinfo=timezone.utc)
    assert video.people_width == 608


def test_unknown_fields_and_statuses_are_tolerated() -> None:
    """A new field or status from A2E never breaks decoding."""
    video = decode(Video, {"_id": "a", "status": "brand_new", "shiny": {"x": 1}}, endpoint="e")
    assert video.status == "brand_new"


def test_strict_mode_catches_unknown_key() -> None:
    """Strict decoding (used on documented examples) rejects a key no field declares."""
    with pytest.raises(ClassValidationError) as info:
        STRICT.structure({"_id": "a", "bogus": 1}, Video)
    assert "bogus" in repr(info.value.exceptions)


@pytest.mark.parametrize(
    "payload",
    [None, [], "x", {"status": "x"}, {"_id": ["a"]}, {"_id": "a", "process": "lots"}],
)
def test_bad_shapes_raise_decode_error(payload: Any) -> None:
    """A shape the model rejects becomes ResponseDecodeError with the raw payload."""
    with pytest.raises(ResponseDecodeError) as info:
        decode(Video, payload, endpoint="POST /api/v1/video/awsResult")
    assert info.value.raw == payload


def test_unparseable_timestamp_reads_as_unknown() -> None:
    """A timestamp in a new format must not break a wait; it decodes as None."""
    assert decode(Video, {"_id": "a", "createdAt": "yesterday"}, endpoint="e").created_at is None


def test_every_model_field_has_a_docstring_free_wire_name() -> None:
    """wire_names covers every attribute (renames apply, others pass through)."""
    names = wire_names(Video)
    assert names["id"] == "_id"
    assert names["audio_url"] == "audioSrc"
    assert set(names) == {a.name for a in attrs.fields(Video)}


@pytest.mark.parametrize("value", [1e400, -1e400, float("nan"), "1e400"])
def test_non_finite_numbers_are_decode_errors(value: Any) -> None:
    """A number too large for an int field is a ResponseDecodeError, not an OverflowError."""
    with pytest.raises(ResponseDecodeError):
        decode(Video, {"_id": "a", "process": value}, endpoint="e")


@pytest.mark.parametrize("model", [Credits, Quote, CreditTransaction, VoiceGroup, Video])
@pytest.mark.parametrize("data", ["1000 coins", "", [], [1, 2], 5, True])
def test_a_record_must_be_an_object(model: type, data: Any) -> None:
    """A string, a list or a number where a record belongs is a ResponseDecodeError, never a
    model of defaults (a balance of zero that is not there)."""
    with pytest.raises(ResponseDecodeError) as info:
        decode(model, data, endpoint="GET /api/v1/user/remainingCoins")
    assert info.value.raw is data


def test_a_list_of_records_must_hold_objects() -> None:
    """Each item of a list answer is checked the same way."""
    with pytest.raises(ResponseDecodeError):
        decode_list(VoiceGroup, [{"value": "f", "label": "F"}, "x"], endpoint="GET /x")


def test_a_created_task_that_does_not_decode_keeps_its_reference() -> None:
    """A create A2E accepted with unreadable data raises CreateDecodeError: a decode error
    (raw kept) and an OutcomeUnknownError naming the job to look for."""
    with pytest.raises(CreateDecodeError) as info:
        decode_created(Video, "ok", endpoint="POST /api/v1/video/generate", reference="job-7")
    error = info.value
    assert isinstance(error, ResponseDecodeError)
    assert isinstance(error, OutcomeUnknownError)
    assert (error.reference, error.raw, error.method) == ("job-7", "ok", "POST")
    assert error.endpoint == "POST /api/v1/video/generate"
    assert "job-7" in str(error)


def test_a_created_task_in_a_one_item_list_decodes() -> None:
    """Start calls that answer ``[record]`` decode to the record; ``[]`` does not."""
    video = decode_created(Video, [{"_id": "v1"}], endpoint="POST /x", reference="r")
    assert video.id == "v1"
    with pytest.raises(CreateDecodeError):
        decode_created(Video, [], endpoint="POST /x", reference="r")
