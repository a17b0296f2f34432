"""Property tests: bad input never leaves the machine, and no payload escapes our errors."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import a2e_async.models
from a2e_async._converter import decode, wire_names
from a2e_async._protocol import unwrap
from a2e_async.errors import A2EError, ResponseDecodeError, ValidationError
from a2e_async.resources._params import (
    check_color,
    check_int,
    check_number,
    check_text,
    check_url,
    path_id,
)

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=6)
    ),
    max_leaves=20,
)


def all_models() -> list[type]:
    models: list[type] = []
    for info in pkgutil.iter_modules(a2e_async.models.__path__):
        module = importlib.import_module(f"a2e_async.models.{info.name}")
        for _, obj in inspect.getmembers(module, inspect.isclass):
            # Generic containers (Page[T]) are not wire records.
            generic = bool(getattr(obj, "__parameters__", ()))
            if attrs.has(obj) and obj.__module__ == module.__name__ and not generic:
                models.append(obj)
    return models


MODELS = all_models()


def test_models_are_discovered() -> None:
    """The property below really runs over the package's models."""
    names = {m.__name__ for m in MODELS}
    assert {"Video", "Anchor", "VoiceGroup", "TaskRecord"} <= names


# The models share a handful of shapes (the catalog adds many near-identical task records),
# so each property draws the model as well: every model is exercised across runs and the
# suite does not pay for thousands of examples per shape on every run.
ANY_MODEL = st.sampled_from(MODELS)


def required_fields(model: type) -> dict[str, Any]:
    """A wire record with only ``model``'s required fields (``1`` for numbers, else ``"x"``)."""
    wire = wire_names(model)
    fields = attrs.fields_dict(attrs.resolve_types(model))
    return {
        wire[n]: 1 if a.type in (int, float) else "x"
        for n, a in fields.items()
        if a.default is attrs.NOTHING
    }


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_model_decodes_its_minimal_record(model: type) -> None:
    """Each model decodes a record with only its required fields (all strings)."""
    assert isinstance(decode(model, required_fields(model), endpoint="GET /min"), model)


@settings(max_examples=300, deadline=None)
@given(model=ANY_MODEL, payload=JSON)
def test_decoding_any_payload_raises_only_our_errors(model: type, payload: Any) -> None:
    """Whatever JSON a server sends, decoding returns a model or raises ResponseDecodeError."""
    try:
        result = decode(model, payload, endpoint="GET /fuzz")
    except ResponseDecodeError as exc:
        assert exc.raw is payload
    else:
        assert isinstance(result, model)


@settings(max_examples=400, deadline=None)
@given(model=ANY_MODEL, data=st.data())
def test_real_wire_keys_with_any_values_decode_or_fail_typed(
    model: type, data: st.DataObject
) -> None:
    """The model's own wire keys with arbitrary JSON values reach the scalar hooks: they
    either decode or raise ResponseDecodeError, never anything else."""
    keys = sorted(wire_names(model).values())
    payload = data.draw(st.dictionaries(st.sampled_from(keys), JSON, max_size=len(keys)))
    try:
        result = decode(model, payload, endpoint="GET /fuzz")
    except ResponseDecodeError as exc:
        assert exc.endpoint == "GET /fuzz"
    else:
        assert isinstance(result, model)


@settings(max_examples=200, deadline=None)
@given(model=ANY_MODEL, extra=st.dictionaries(st.text(max_size=12), JSON, max_size=5))
def test_minimal_record_with_noise_decodes(model: type, extra: dict[str, Any]) -> None:
    """A record with its required fields plus unknown noise decodes or fails typed."""
    payload = {**extra, **required_fields(model)}
    try:
        result = decode(model, payload, endpoint="GET /fuzz")
    except ResponseDecodeError as exc:
        assert exc.endpoint == "GET /fuzz"
    else:
        assert isinstance(result, model)


ENVELOPES = st.fixed_dictionaries(
    {"code": st.one_of(st.just(0), st.integers(), st.text(max_size=5)), "data": JSON},
    optional={"msg": st.text(max_size=10), "trace_id": st.text(max_size=10)},
).map(lambda d: __import__("json").dumps(d).encode())


@settings(max_examples=200, deadline=None)
@given(
    body=st.one_of(st.binary(max_size=200), ENVELOPES),
    status=st.sampled_from([200, 201, 400, 401, 404, 429, 500]),
)
def test_unwrap_any_bytes_raises_only_our_errors(body: bytes, status: int) -> None:
    """Any body with any status either yields data or raises an A2EError subclass."""
    try:
        unwrap(endpoint="GET /fuzz", status=status, body=body)
    except A2EError as exc:
        assert "GET /fuzz" in str(exc)
    else:
        assert status < 400


BAD_ID_CHARS = st.sampled_from(["/", "?", "#", " ", "\t", "\n", "%"])


@settings(max_examples=100, deadline=None)
@given(prefix=st.text(max_size=5), bad=BAD_ID_CHARS, suffix=st.text(max_size=5))
def test_ids_with_url_syntax_are_refused(prefix: str, bad: str, suffix: str) -> None:
    """Ids containing /, ?, #, % or whitespace never reach a URL path."""
    with pytest.raises(ValidationError):
        path_id("task_id", prefix + bad + suffix)


@given(value=st.one_of(st.integers(), st.none(), st.floats(), st.lists(st.text())))
def test_non_strings_are_refused_as_ids(value: Any) -> None:
    """Wrong types are refused with ValidationError, not TypeError."""
    with pytest.raises(ValidationError):
        path_id("task_id", value)


@given(value=st.text(max_size=30).filter(lambda s: not s.startswith(("#", "rgb"))))
def test_bad_colours_are_refused(value: str) -> None:
    """Anything but #hex / rgb() / rgba() is not a colour."""
    with pytest.raises(ValidationError):
        check_color("background_color", value)


@pytest.mark.parametrize(
    "value",
    ["#12", "#ggg", "#1234567", "#", "rgb(1,2)", "rgb(1,2,3,4,5)", "rgba(1,2,3,7)", "rgb(a,b,c)"],
)
def test_near_miss_colours_are_refused(value: str) -> None:
    """Strings that look like colours but are not are refused too."""
    with pytest.raises(ValidationError):
        check_color("background_color", value)


@pytest.mark.parametrize(
    "value", ["#0f0", "#00ff00", "#00ff0080", "rgb(0,255,0)", "rgba(0, 255, 0, 0.5)"]
)
def test_real_colours_pass(value: str) -> None:
    """The forms A2E's callers use are accepted unchanged."""
    assert check_color("background_color", value) == value


@given(value=st.text(max_size=30).filter(lambda s: "://" not in s))
def test_non_urls_are_refused(value: str) -> None:
    """Strings that are not absolute http(s) URLs are refused."""
    with pytest.raises(ValidationError):
        check_url("image_url", value)


@pytest.mark.parametrize(
    "value", ["ftp://x.test/a.png", "https://", "http:///p", "file:///etc/passwd", "https://a b"]
)
def test_url_look_alikes_are_refused(value: str) -> None:
    """Other schemes, a missing host or a space are refused."""
    with pytest.raises(ValidationError):
        check_url("image_url", value)


@pytest.mark.parametrize("value", [".", "..", "...", "a/..", "%2e%2e"])
def test_dot_ids_cannot_climb_out_of_a_path(value: str) -> None:
    """`.` and `..` (and encoded forms) would leave the resource's path: refused."""
    with pytest.raises(ValidationError):
        path_id("task_id", value)


# -- hostile arguments: lone surrogates, broken URLs, integers past 64 bits ---------------
LONE_SURROGATE = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
WITH_SURROGATE = st.tuples(st.text(max_size=8), LONE_SURROGATE, st.text(max_size=8)).map("".join)
BEYOND_64_BITS = st.one_of(st.integers(min_value=2**63), st.integers(max_value=-(2**63) - 1))


@given(value=WITH_SURROGATE)
def test_text_with_a_lone_surrogate_is_refused(value: str) -> None:
    """A string holding a lone surrogate (unencodable as UTF-8) is a ValidationError naming
    the parameter, for free text and for ids alike."""
    with pytest.raises(ValidationError) as info:
        check_text("title", value)
    assert info.value.param == "title"
    with pytest.raises(ValidationError) as info:
        path_id("task_id", value)
    assert info.value.param == "task_id"


@given(host=st.text(alphabet="0123456789abcdef:", min_size=1, max_size=12), rest=st.text())
def test_urls_with_an_unclosed_ipv6_bracket_are_refused(host: str, rest: str) -> None:
    """``http://[::1/a.mp3`` and its kin raise ValidationError, not urllib's ValueError."""
    with pytest.raises(ValidationError) as info:
        check_url("audio_url", f"http://[{host}/{rest}")
    assert info.value.param == "audio_url"


@given(value=WITH_SURROGATE)
def test_urls_with_a_lone_surrogate_are_refused(value: str) -> None:
    """A URL holding a lone surrogate is refused before any encoder sees it."""
    with pytest.raises(ValidationError):
        check_url("image_url", f"https://cdn.test/{value}")


@given(value=BEYOND_64_BITS)
def test_integers_past_64_bits_are_refused(value: int) -> None:
    """Integers outside the signed 64-bit range are refused, bounded or not, as integers
    and as numbers (orjson cannot send them; A2E cannot hold them)."""
    with pytest.raises(ValidationError) as info:
        check_int("resolution", value)
    assert info.value.param == "resolution"
    with pytest.raises(ValidationError):
        check_number("duration", value)
    with pytest.raises(ValidationError):
        check_int("resolution", value, minimum=1)


@given(value=st.integers(min_value=-(2**63), max_value=2**63 - 1))
def test_integers_within_64_bits_pass(value: int) -> None:
    """The whole signed 64-bit range is accepted where no bound says otherwise."""
    assert check_int("n", value) == value
