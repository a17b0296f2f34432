"""Parameter specs (``_fields.py``, ``_spec.py``): one TypedDict per start call, checked and
turned into the wire body."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Annotated, Any

import pytest
import pytest_asyncio
from aioresponses import aioresponses
from typing_extensions import Required
from yarl import URL

from a2e_async import A2EClient
from a2e_async._fields import (
    Into,
    Items,
    JobParams,
    Media,
    MediaInput,
    Range,
    Send,
    Spread,
    Text,
    Wire,
    exactly_one,
    split_wait,
)
from a2e_async._spec import Spec, field_docs
from a2e_async.errors import ValidationError
from a2e_async.resources import starters

API = "https://api.example.test"
URL_A = "https://cdn.example.test/a.png"
URL_B = "https://cdn.example.test/b.png"


class DemoParams(JobParams, total=False):
    """A spec that uses every marker once."""

    image: Required[Annotated[Media, Into("images", 1)]]
    """The second image."""
    cover: Annotated[Media, Into("images", 0)] | None
    """The first image."""
    size: Annotated[tuple[int, int], Spread(("w", "h")), Range(0), Send((0, 0))] | None
    """Width and height."""
    count: Annotated[int, Range(1, 8), Wire("n")] | None
    """How many."""
    tags: Annotated[Sequence[str], Items(1, 2)] | None
    """Labels."""
    caption: Annotated[str, Text(max_length=5)] | None
    """A short caption."""


SPEC = Spec(DemoParams)


async def no_upload(name: str, values: Sequence[MediaInput]) -> list[str]:
    """Media are URLs in these tests: hand them back."""
    return [str(value) for value in values]


async def test_body_uses_wire_names_markers_and_defaults() -> None:
    """Wire renames, spread tuples, ordered lists of media, sent defaults and a generated
    name all come from the spec's markers."""
    body = await SPEC.body({"image": URL_B, "cover": URL_A, "count": 2}, no_upload)
    assert body["images"] == [URL_A, URL_B]
    assert (body["w"], body["h"], body["n"]) == (0, 0, 2)
    assert body["name"].startswith("a2e-")
    assert SPEC.reference_of(body) == body["name"]
    assert "count" not in body
    assert "cover" not in body


def test_check_refuses_unknown_keys_with_a_hint() -> None:
    """A misspelt keyword is a ValidationError that names it and suggests the real one."""
    with pytest.raises(ValidationError) as info:
        SPEC.check({"image": URL_A, "cuont": 1})
    assert info.value.param == "cuont"
    assert "did you mean 'count'" in str(info.value)


def test_none_means_not_given_but_required_ones_must_be_given() -> None:
    """None for an optional parameter is omitted; a required one may not be None."""
    assert SPEC.check({"image": URL_A, "count": None}) == {"image": URL_A}
    with pytest.raises(ValidationError) as info:
        SPEC.check({"image": None})
    assert info.value.param == "image"


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("count", 0),
        ("count", 9),
        ("tags", []),
        ("tags", ["a", "b", "c"]),
        ("caption", "toolong"),
        ("size", (1, -1)),
        ("webhook_url", "http://hooks.test/x"),
        ("webhook_token", "x" * 257),
    ],
)
def test_each_marker_bounds_its_value(param: str, value: Any) -> None:
    """Ranges, item counts, lengths and the webhook rules refuse out-of-bounds values."""
    with pytest.raises(ValidationError) as info:
        SPEC.check({"image": URL_A, param: value})
    assert info.value.param == param


def test_rules_run_on_the_given_values() -> None:
    """A cross-field rule sees only what was given."""
    spec = Spec(DemoParams, rules=[exactly_one("cover", "caption")])
    spec.check({"image": URL_A, "cover": URL_B})
    with pytest.raises(ValidationError):
        spec.check({"image": URL_A})
    with pytest.raises(ValidationError):
        spec.check({"image": URL_A, "cover": URL_B, "caption": "x"})


def test_extra_body_may_not_shadow_any_parameter() -> None:
    """extra_body is refused for any wire key a named parameter sends, even one not given."""
    assert SPEC.check({"image": URL_A, "extra_body": {"new": 1}})["extra_body"] == {"new": 1}
    for key in ("images", "w", "n", "name", "webhook_url"):
        with pytest.raises(ValidationError) as info:
            SPEC.check({"image": URL_A, "extra_body": {key: 1}})
        assert info.value.param == "extra_body"


def test_split_wait_separates_the_wait_options() -> None:
    """``<verb>_and_wait`` keywords split into start parameters and wait options."""
    start, wait = split_wait({"image": URL_A, "cancel_remote": True})
    assert start == {"image": URL_A}
    assert wait == {"poll_policy": None, "on_progress": None, "cancel_remote": True}


def test_field_docs_reads_attribute_docstrings_of_the_spec_and_its_bases() -> None:
    """Help texts come from the TypedDict's attribute docstrings, bases included."""
    docs = field_docs(DemoParams)
    assert docs["count"] == "How many."
    assert docs["name"].startswith("The task's name")
    assert "webhook_token" in docs


async def test_every_starter_is_a_family_with_a_documented_spec() -> None:
    """Every family the SDK starts has a spec whose every parameter has a help text."""
    async with A2EClient(api_key="sk_x", base_url=API) as client:
        found = starters(client)
    assert {"video", "avatar", "voice_clone", "face_swap", "talking_photo"} <= set(found)
    for family, starter in found.items():
        assert starter.call.family == family
        assert callable(getattr(starter.resource, starter.call.method))
        docs = field_docs(starter.call.spec.params)
        missing = [name for name in starter.call.spec.fields if name not in docs]
        assert not missing, (family, missing)


@pytest_asyncio.fixture
async def mocked() -> AsyncIterator[tuple[Any, A2EClient]]:
    with aioresponses() as mock:
        async with A2EClient(api_key="sk_x", base_url=API) as client:
            yield mock, client


def sent(mock: Any, path: str) -> dict[str, Any]:
    (call,) = mock.requests[("POST", URL(API + path))]
    body: dict[str, Any] = json.loads(call.kwargs["data"])
    return body


async def test_local_media_is_uploaded_only_after_every_check(
    mocked: tuple[Any, A2EClient], tmp_path: Path
) -> None:
    """A bad parameter after a local file fails before the file is uploaded."""
    mock, client = mocked
    photo = tmp_path / "me.png"
    photo.write_bytes(b"\x89PNG")
    with pytest.raises(ValidationError):
        await client.talking_photo.start(
            image_url=photo, prompt="talk", negative_prompt="blur", duration=99
        )
    assert mock.requests == {}


OK_TASK = {"code": 0, "data": {"_id": "0123456789abcdef01234567", "current_status": "sent"}}


@pytest.mark.parametrize(
    ("area", "method", "kwargs", "path", "expected"),
    [
        (
            "voices",
            "train",
            {"audio_urls": [URL_A], "train_mode": "best"},
            "/api/v1/userVoice/training",
            {"train_mode": "best", "voice_urls": [URL_A]},
        ),
        (
            "image_to_video",
            "start",
            {"image_url": URL_A, "lora": "wave", "video_length": 81, "mask_face": True},
            "/api/v1/userImage2Video/start",
            {"video_length": 81, "mask_face": True, "lora": "wave"},
        ),
        (
            "image_to_video",
            "start_many",
            {"image_url": URL_A, "lora": "wave", "number_of_images": 3},
            "/api/v1/userImage2Video/start",
            {"number_of_images": 3},
        ),
    ],
)
async def test_documented_parameters_reach_the_wire(
    mocked: tuple[Any, A2EClient],
    area: str,
    method: str,
    kwargs: dict[str, Any],
    path: str,
    expected: dict[str, Any],
) -> None:
    """Parameters A2E documents (train_mode [D]; video_length, mask_face, number_of_images
    [SK]) are named parameters that go out under their wire names."""
    mock, client = mocked
    mock.post(API + path, payload=OK_TASK)
    await getattr(getattr(client, area), method)(**kwargs)
    body = sent(mock, path)
    assert {key: body[key] for key in expected} == expected


async def test_start_many_reads_every_task_of_an_array_answer(
    mocked: tuple[Any, A2EClient],
) -> None:
    """image_to_video.start_many answers every task A2E returns; start refuses the count."""
    mock, client = mocked
    rows = [{"_id": f"0123456789abcdef0123456{i}", "current_status": "sent"} for i in range(3)]
    mock.post(API + "/api/v1/userImage2Video/start", payload={"code": 0, "data": rows})
    tasks = await client.image_to_video.start_many(image_url=URL_A, lora="wave", number_of_images=3)
    assert [task.id for task in tasks] == [row["_id"] for row in rows]
    with pytest.raises(ValidationError):
        await client.image_to_video.start(  # type: ignore[call-arg]
            image_url=URL_A, lora="wave", number_of_images=3
        )


async def test_extra_query_is_checked_and_named(mocked: tuple[Any, A2EClient]) -> None:
    """extra_query may not repeat a key the call sends, nor hold a lone surrogate: each is a
    ValidationError naming extra_query, before anything is sent."""
    mock, client = mocked
    task = "0123456789abcdef01234567"
    for bad in ({"pageNum": 2}, {"x": "\ud800"}, {"x": [1]}):
        with pytest.raises(ValidationError) as info:
            await client.talking_photo.list_page(extra_query=bad)
        assert info.value.param == "extra_query"
    with pytest.raises(ValidationError):
        await client.talking_photo.get(task, extra_query={"\ud800": "x"})
    assert mock.requests == {}
