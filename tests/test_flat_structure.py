"""The generated decoding of flat models gives exactly what cattrs' own functions give:
the same model, or the same error type and message, for any payload."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from a2e_async._converter import converter, make_converter, python_converter, wire_spellings
from a2e_async.models.videos import Video

from .test_properties import MODELS, required_fields

REFERENCE = make_converter(generated=False)
PYTHON_REFERENCE = make_converter(renamed=False, generated=False)

# What A2E sends in practice, and what it must not break on.
VALUE = st.sampled_from(
    [
        None,
        "",
        "0",
        "1080",
        " 7 ",
        "12.5",
        "abc",
        "²",
        "true",
        "no",
        0,
        1,
        -1,
        2.5,
        1e400,
        True,
        False,
        [],
        ["a", "b"],
        [1],
        {},
        {"k": 1},
        "2025-01-31T12:00:00Z",
        "2025-01-31 12:00:00",
        1_700_000_000,
        1_700_000_000_000,
    ]
)


def outcome(conv: Any, model: type, payload: Any) -> tuple[str, Any]:
    try:
        return "ok", conv.structure(payload, model)
    except Exception as exc:
        return type(exc).__name__, str(exc)


def payloads(model: type) -> st.SearchStrategy[dict[str, Any]]:
    keys = [*sorted(wire_spellings(model)), "unknown_key"]
    return st.dictionaries(st.sampled_from(keys), VALUE, max_size=len(keys))


FAST_PATH_NAMES = {"structure", "fast_with_aliases"}
FLAT = [m for m in MODELS if converter.get_structure_hook(m).__name__ in FAST_PATH_NAMES]


def test_the_status_models_take_the_generated_path() -> None:
    """The fast path is really in use: Video (every status read) and most records."""
    assert Video in FLAT
    assert len(FLAT) > len(MODELS) // 2


@settings(max_examples=400, deadline=None)
@given(data=st.data())
def test_generated_decoding_matches_cattrs(data: st.DataObject) -> None:
    model = data.draw(st.sampled_from(FLAT))
    payload = data.draw(payloads(model))
    assert outcome(converter, model, payload) == outcome(REFERENCE, model, payload)


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_generated_decoding_matches_cattrs_by_attribute_name(data: st.DataObject) -> None:
    model = data.draw(st.sampled_from(FLAT))
    wire = {**data.draw(payloads(model)), **required_fields(model)}
    kind, decoded = outcome(REFERENCE, model, wire)
    if kind != "ok":
        decoded = REFERENCE.structure(required_fields(model), model)
    payload = python_converter.unstructure(decoded)
    names = sorted(payload)
    for key in data.draw(st.lists(st.sampled_from(names), max_size=4)):
        payload[key] = data.draw(VALUE)
    assert outcome(python_converter, model, payload) == outcome(PYTHON_REFERENCE, model, payload)


@pytest.mark.parametrize("payload", ["text", [], 5, None])
def test_a_record_that_is_not_an_object_is_refused_alike(payload: Any) -> None:
    assert outcome(converter, Video, payload) == outcome(REFERENCE, Video, payload)
    assert outcome(converter, Video, payload)[0] == "TypeError"


def test_a_missing_required_field_is_the_same_key_error() -> None:
    assert outcome(converter, Video, {"status": "success"}) == ("KeyError", "'_id'")
    assert outcome(REFERENCE, Video, {"status": "success"}) == ("KeyError", "'_id'")


def test_shared_timestamps_are_equal_and_unchanged() -> None:
    """A timestamp read twice (the parse is reused) gives equal, timezone-aware values."""
    payload = {"_id": "v1", "createdAt": "2025-01-31T12:00:00Z"}
    first, second = converter.structure(payload, Video), converter.structure(payload, Video)
    assert first.created_at == second.created_at == REFERENCE.structure(payload, Video).created_at
    assert first.created_at is not None
    assert first.created_at.utcoffset() is not None
