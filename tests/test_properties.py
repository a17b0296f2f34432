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
from a2e_async._converter import decode
from a2e_async._protocol import unwrap
from a2e_async.errors import A2EError, ResponseDecodeError, ValidationError
from a2e_async.resources._params import check_color, check_url, path_id

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


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
@settings(max_examples=60, deadline=None)
@given(payload=JSON)
def test_decoding_any_payload_raises_only_our_errors(model: type, payload: Any) -> None:
    """Whatever JSON a server sends, decoding returns a model or raises ResponseDecodeError."""
    try:
        result = decode(model, payload, endpoint="GET /fuzz")
    except ResponseDecodeError as exc:
        assert exc.raw is payload
    else:
        assert isinstance(result, model)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_real_wire_keys_with_any_values_decode_or_fail_typed(
    model: type, data: st.DataObject
) -> None:
    """The model's own wire keys with arbitrary JSON values reach the scalar hooks: they
    either decode or raise ResponseDecodeError, never anything else."""
    from a2e_async._converter import wire_names

    keys = sorted(wire_names(model).values())
    payload = data.draw(st.dictionaries(st.sampled_from(keys), JSON, max_size=len(keys)))
    try:
        result = decode(model, payload, endpoint="GET /fuzz")
    except ResponseDecodeError as exc:
        assert exc.endpoint == "GET /fuzz"
    else:
        assert isinstance(result, model)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
@settings(max_examples=40, deadline=None)
@given(extra=st.dictionaries(st.text(max_size=12), JSON, max_size=5))
def test_minimal_record_with_noise_decodes(model: type, extra: dict[str, Any]) -> None:
    """A record with its required fields plus unknown noise decodes or fails typed."""
    required = {n: "x" for n, a in attrs.fields_dict(model).items() if a.default is attrs.NOTHING}
    from a2e_async._converter import wire_names

    wire = wire_names(model)
    payload = {**extra, **{wire[n]: v for n, v in required.items()}}
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
