"""Every public call that creates work refuses bad parameters before anything is sent.

For each such call, one valid set of arguments is known; the test swaps one argument at a
time for values that are wrong for its declared type (wrong types, empty strings, bad URLs,
out-of-range numbers, unknown choices) and asserts ``ValidationError`` with no request made.
Calls with a parameter spec are read from the spec (every field, by its kind); the others
from their signature.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio
from aioresponses import aioresponses
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from a2e_async import A2EClient, RetryPolicy
from a2e_async._spec import Field
from a2e_async.errors import A2EError, ValidationError
from a2e_async.models.product_avatar import ProductRect

URL = "https://cdn.example.test/file.png"
ID = "0123456789abcdef01234567"

# One valid call per create-style method: (area, method, kwargs).
VALID: list[tuple[str, str, dict[str, Any]]] = [
    ("videos", "generate", {"anchor_id": ID, "anchor_type": 0, "audio_url": URL}),
    ("tts", "generate", {"text": "Hello", "voice_id": ID}),
    ("voices", "train", {"audio_urls": [URL]}),
    ("avatars", "train", {"video_url": URL}),
    ("backgrounds", "add", {"image": URL}),
    ("face_swap", "add_face", {"face_url": URL}),
    ("face_swap", "preview", {"face_url": URL, "video_url": URL}),
    ("face_swap", "start", {"face_url": URL, "video_url": URL}),
    ("dubbing", "start", {"source_url": URL, "target_lang": "en"}),
    ("image_to_video", "start", {"image_url": URL, "prompt": "wave", "negative_prompt": "blur"}),
    ("caption_removal", "start", {"source_url": URL}),
    ("text_to_image", "start", {"prompt": "a cat"}),
    ("nano_banana", "start", {"prompt": "a cat"}),
    ("talking_photo", "start", {"image_url": URL, "prompt": "talk", "negative_prompt": "blur"}),
    ("talking_video", "start", {"video_url": URL, "prompt": "talk", "negative_prompt": "blur"}),
    ("try_on", "start", {"person_image_url": URL, "clothing_image_url": URL}),
    ("video_to_video", "start", {"image_url": URL, "video_url": URL}),
    (
        "product_avatar",
        "start",
        {
            "product_image_url": URL,
            "person_image_url": URL,
            "product_rect": ProductRect(x=0.1, y=0.1, width=0.3, height=0.3),
        },
    ),
    ("image_edit", "start", {"edit_type": "clothing", "image_urls": [URL, URL]}),
    ("storage", "watermark", {"media_url": URL, "text": "AI"}),
    ("storage", "save_url", {"url": URL}),
    ("streaming", "get_token", {"avatar_id": ID}),
    ("streaming", "ask", {"channel": "room-1", "text": "hi"}),
    ("streaming", "speak", {"channel": "room-1", "text": "hi"}),
]

# Lone surrogates cannot be encoded as UTF-8 (JSON bodies, URLs): each is a ValidationError.
SURROGATES = ["\ud800", "ok\udfffok", "\udc80"]
BAD_TEXT = ["", "   ", 5, 1.5, b"bytes", ["list"], *SURROGATES]
BAD_MEDIA = [
    "not a url",
    "ftp://x.test/a.png",
    "https://x.test/a b.png",
    5,
    b"raw",
    ("x",),
    "http://[::1/a.mp3",
    "https://x.test:port/a.png",
    "https://x.test/\ud800.png",
]
BAD_INT = [-1_000_000, "5", 1.5, True, math.nan, 2**64, -(2**64), 10**40]
BAD_FLOAT = [math.nan, math.inf, -1e12, "1", True, 2**64, 10**400]
BAD_BOOL = ["yes", 1, 0, "true"]
BAD_CHOICE = ["surely-not-a-choice", 987654]
BAD_SEQUENCE = [URL, [], [5], "abc", ["http://[::1/a.mp3"], [URL, "https://x.test/\udfff"]]
BAD_WEBHOOK = ["http://insecure.test/hook", "not a url", 5, "https://[::1/hook", "https://\ud800"]
BAD_URL = [
    "not a url",
    "ftp://x.test/a.png",
    "https://x.test/a b.png",
    5,
    "http://[::1/a.mp3",
    "https://x.test/\ud800",
]
BAD_ID = ["a/b", "..", "", 5, "\ud800", "id\udfff"]
BAD_COLOR = ["red", "#12", 5]
BAD_TUPLE = [(1,), "1x1", (1.5, 2), (-1, 5), 5]
BAD_MAPPING = ["text", 5, ["a"]]
BAD_EXTRA = ["text", 5, {1: "x"}, {"x": object()}]
BAD_BY_KIND = {
    "text": BAD_TEXT,
    "media": BAD_MEDIA,
    "url": BAD_URL,
    "id": BAD_ID,
    "color": BAD_COLOR,
    "int": BAD_INT,
    "float": BAD_FLOAT,
    "bool": BAD_BOOL,
    "choice": BAD_CHOICE,
    "tuple": BAD_TUPLE,
    "mapping": BAD_MAPPING,
    "custom": ["text", 5],
}


def bad_for_field(field: Field) -> list[Any]:
    """Values that are wrong for a spec field, judged from its kind."""
    if field.name == "webhook_url":
        return BAD_WEBHOOK
    if field.many:
        if field.media:
            return [URL, "abc", [5], 5, ["http://[::1/a.mp3"], [URL, "https://x.test/\udfff"]]
        return ["abc", [5], 5, ["\ud800"]]
    return BAD_BY_KIND[field.kind]


def bad_values(name: str, annotation: str) -> list[Any]:
    """Values that are wrong for a parameter, judged from its name and declared type."""
    if name == "webhook_url":
        return BAD_WEBHOOK
    if "Sequence[MediaInput]" in annotation:
        return BAD_SEQUENCE
    if "MediaInput" in annotation:
        return BAD_MEDIA
    if "Literal[" in annotation:
        return BAD_CHOICE
    if annotation.startswith("bool"):
        return BAD_BOOL
    if annotation.startswith("int"):
        return BAD_INT
    if annotation.startswith("float"):
        return BAD_FLOAT
    if "tuple[int" in annotation:
        return [(0, 0), (1,), "1x1", (1.5, 2)]
    if annotation.startswith(("Mapping", "Sequence[int]")):
        return ["text", 5]
    if annotation.startswith("str"):
        return BAD_TEXT
    return []


def parameters(area: str, method: str) -> list[tuple[str, list[Any]]]:
    """``(parameter, bad values)`` for every parameter of one call."""
    resource = getattr(A2EClient(api_key="sk_x", base_url="http://127.0.0.1:9"), area)
    call = resource.start_calls.get(method)
    if call is not None:
        fields = call.spec.fields.values()
        return [(f.name, bad_for_field(f)) for f in fields] + [("extra_body", BAD_EXTRA)]
    signature = inspect.signature(getattr(resource, method))
    found = [(p.name, bad_values(p.name, str(p.annotation))) for p in signature.parameters.values()]
    return [(name, values) for name, values in found if values]


CASES = [
    (area, method, name, values)
    for area, method, _ in VALID
    for name, values in parameters(area, method)
]


@pytest_asyncio.fixture
async def client() -> AsyncIterator[A2EClient]:
    async with A2EClient(
        api_key="sk_validation",
        base_url="https://api.example.test",
        retry=RetryPolicy(max_retries=0),
    ) as c:
        yield c


def valid_kwargs(area: str, method: str) -> dict[str, Any]:
    return next(dict(kw) for a, m, kw in VALID if (a, m) == (area, method))


@pytest.mark.parametrize(("area", "method", "kwargs"), VALID, ids=lambda v: str(v)[:20])
async def test_valid_arguments_pass_validation(
    client: A2EClient, area: str, method: str, kwargs: dict[str, Any]
) -> None:
    """The baseline arguments are valid: the call gets as far as sending."""
    with aioresponses() as mock:
        with pytest.raises(A2EError) as info:
            await getattr(getattr(client, area), method)(**kwargs)
        assert not isinstance(info.value, ValidationError), info.value
        assert mock.requests  # it really tried to send


@pytest.mark.parametrize(
    ("area", "method", "param", "value"),
    [(area, method, param, value) for area, method, param, values in CASES for value in values],
    ids=lambda v: str(v)[:24],
)
async def test_bad_argument_is_refused_before_sending(
    client: A2EClient, area: str, method: str, param: str, value: Any
) -> None:
    """One wrong argument raises ValidationError and sends nothing."""
    kwargs = valid_kwargs(area, method)
    kwargs[param] = value
    with aioresponses() as mock:
        with pytest.raises(ValidationError):
            await getattr(getattr(client, area), method)(**kwargs)
        assert mock.requests == {}


WITH_SURROGATE = st.tuples(
    st.text(max_size=6), st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
).map("".join)
# How a surrogate is put into each kind of string parameter so that it is the only fault.
STRING_SHAPES = {
    id(BAD_TEXT): lambda s: f"text {s}",
    id(BAD_MEDIA): lambda s: f"https://cdn.example.test/{s}.png",
    id(BAD_URL): lambda s: f"https://cdn.example.test/{s}.png",
    id(BAD_WEBHOOK): lambda s: f"https://hooks.example.test/{s}",
    id(BAD_ID): lambda s: f"id{s}",
}
STRING_PARAMS = [
    (area, method, param, STRING_SHAPES[id(values)])
    for area, method, param, values in CASES
    if id(values) in STRING_SHAPES
]


def test_string_parameters_are_found() -> None:
    """The surrogate property below covers text, media and webhook parameters."""
    assert len(STRING_PARAMS) > 30
    assert {"title", "audio_url", "webhook_url"} <= {param for _, _, param, _ in STRING_PARAMS}


@pytest.mark.parametrize(
    ("area", "method", "param", "shape"), STRING_PARAMS, ids=lambda v: str(v)[:24]
)
@settings(
    max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=WITH_SURROGATE)
async def test_a_lone_surrogate_in_any_string_is_refused(
    client: A2EClient, area: str, method: str, param: str, shape: Any, text: str
) -> None:
    """Any string parameter of any create call holding a lone surrogate raises
    ValidationError naming that parameter, and nothing is sent."""
    kwargs = valid_kwargs(area, method)
    kwargs[param] = shape("plain")
    with aioresponses(), pytest.raises(A2EError) as baseline:
        await getattr(getattr(client, area), method)(**kwargs)
    # A parameter that clashes with the baseline (one of two exclusive ones) is refused
    # for that reason first; the surrogate must still be refused, by whichever check.
    isolated = not isinstance(baseline.value, ValidationError)
    kwargs[param] = shape(text)
    with aioresponses() as mock:
        with pytest.raises(ValidationError) as info:
            await getattr(getattr(client, area), method)(**kwargs)
        assert mock.requests == {}
    if isolated:
        assert info.value.param == param
