"""A2E's documented response examples hold both sides to the same shapes.

The SDK decodes every documented answer strictly (no key unknown, none lost), and the
emulator's answer to each documented call carries every documented key, recursively, with
values of the documented JSON types. The examples are the seed docs' own
(``tests/fixtures/*.response.json``), never the derived scaffolds.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from a2e_async._converter import decode, make_converter
from a2e_async.emulator import Emulator
from a2e_async.models.avatars import Avatar
from a2e_async.models.face_swap import FaceImage, FaceSwapTask
from a2e_async.models.image_to_video import ImageToVideoTask
from a2e_async.models.storage import Watermark
from a2e_async.models.talking_video import TalkingVideoTask
from a2e_async.models.videos import Video

from ..conftest import FIXTURES, load_fixture
from ..test_converter import assert_nothing_lost
from .conftest import DOCUMENTED, TOKEN, World

STRICT = make_converter(strict=True)
EXAMPLES = sorted(path.name for path in Path(FIXTURES).glob("*.response.json"))

# Example file -> the model its ``data`` (or each item of it) decodes to. None: the SDK
# reads nothing from ``data`` (it is {} and the method returns None).
MODELS: dict[str, type | None] = {
    "streaming-avatar_ask.response.json": None,
    "talkingVideo_start.response.json": TalkingVideoTask,
    "userFaceSwapImage_add.response.json": FaceImage,
    "userFaceSwapTask_status.response.json": FaceSwapTask,
    "userImage2Video_start.response.json": ImageToVideoTask,
    "userVideoTwin_continueTranining.response.json": None,
    "userVideoTwin_startTraining.response.json": Avatar,
    "video_generate.response.json": Video,
    "watermark_start.response.json": Watermark,
}


def test_every_documented_example_is_covered() -> None:
    """A new example copied into the fixtures must be given a model (or None) here."""
    assert sorted(MODELS) == EXAMPLES
    assert len(EXAMPLES) == 9


@pytest.mark.parametrize("name", [name for name, model in MODELS.items() if model])
def test_documented_answer_decodes_strictly(name: str) -> None:
    """Every item of ``data`` decodes with no unknown key and no value lost."""
    model = MODELS[name]
    assert model is not None
    data = load_fixture(name)["data"]
    items = data if isinstance(data, list) else [data]
    assert items
    for item in items:
        obj = STRICT.structure(item, model)
        assert_nothing_lost(obj, item)
        assert decode(model, item, endpoint="e") == obj


@pytest.mark.parametrize("name", [name for name, model in MODELS.items() if model is None])
def test_data_less_answers_are_empty_objects(name: str) -> None:
    """The documented answers the SDK reads nothing from carry an empty ``data``."""
    assert load_fixture(name)["data"] == {}


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return type(value).__name__


def missing(documented: Any, actual: Any, where: str = "") -> list[str]:
    """Documented keys absent from ``actual`` (recursively), and JSON type mismatches."""
    if documented is None or actual is None:
        return []  # a documented null says nothing about the type
    if _kind(documented) != _kind(actual):
        return [f"{where or '.'}: documented {_kind(documented)}, got {_kind(actual)}"]
    if isinstance(documented, dict):
        found = []
        for key, value in documented.items():
            if key not in actual:
                found.append(f"{where}.{key}: missing")
            else:
                found += missing(value, actual[key], f"{where}.{key}")
        return found
    if isinstance(documented, list) and documented and documented[0] is not None:
        if not actual:
            return [f"{where}[]: documented items, got an empty list"]
        return missing(documented[0], actual[0], f"{where}[0]")
    return []


def test_the_comparison_reports_missing_keys_and_types() -> None:
    """The recursive comparison catches a missing nested key, a type change, an empty list."""
    documented = {"a": {"b": 1, "c": "x"}, "d": [{"e": True}], "f": None}
    same = {"a": {"b": 2, "c": "y", "z": 0}, "d": [{"e": False}], "f": "anything"}
    assert missing(documented, same) == []
    assert missing(documented, {"a": {"b": "1"}, "d": []}) == [
        ".a.b: documented number, got str",
        ".a.c: missing",
        ".d[]: documented items, got an empty list",
        ".f: missing",
    ]


async def _ask(world: World) -> Any:
    channel = (
        await world.post(
            "/api/v1/streaming-avatar/agora-token", {"avatar_id": "676e1f054c86ff839eae2cc3"}
        )
    )["channel"]
    body = {**DOCUMENTED[("POST", "/api/v1/streaming-avatar/ask")], "channel": channel}
    return await _raw(world, "POST", "/api/v1/streaming-avatar/ask", body)


async def _face_status(world: World) -> Any:
    # The contract emulator finishes tasks in milliseconds; this one holds a task at
    # "processing", as in the example (its _id is then shown).
    async with Emulator(seed=1, durations={"face_swap": (100.0, 100.0)}) as emulator:
        slow = World(world.session, emulator)
        body = DOCUMENTED[("POST", "/api/v1/userFaceSwapTask/add")]
        await slow.post("/api/v1/userFaceSwapTask/add", body)
        emulator.advance(50)
        return await _raw(slow, "GET", "/api/v1/userFaceSwapTask/status")


async def _continue(world: World) -> Any:
    avatar = await world.make("avatar")
    return await _raw(world, "POST", "/api/v1/userVideoTwin/continueTranining", {"_id": avatar})


def _documented(path: str, extra: dict[str, Any] | None = None) -> Callable[[World], Any]:
    async def call(world: World) -> Any:
        return await _raw(world, "POST", path, {**DOCUMENTED[("POST", path)], **(extra or {})})

    return call


async def _raw(world: World, method: str, path: str, body: Any = None) -> Any:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    async with world.session.request(
        method, world.emulator.url + path, json=body, headers=headers
    ) as resp:
        answer = await resp.json()
    assert answer["code"] == 0, answer
    return answer


CALLS: dict[str, Callable[[World], Any]] = {
    "streaming-avatar_ask.response.json": _ask,
    "talkingVideo_start.response.json": _documented("/api/v1/talkingVideo/start"),
    "userFaceSwapImage_add.response.json": _documented("/api/v1/userFaceSwapImage/add"),
    "userFaceSwapTask_status.response.json": _face_status,
    "userImage2Video_start.response.json": _documented("/api/v1/userImage2Video/start"),
    "userVideoTwin_continueTranining.response.json": _continue,
    "userVideoTwin_startTraining.response.json": _documented("/api/v1/userVideoTwin/startTraining"),
    # The seed example turns captions on without msg, which its own field rule forbids.
    "video_generate.response.json": _documented("/api/v1/video/generate", {"msg": "Hello"}),
    "watermark_start.response.json": _documented("/api/v1/watermark/start"),
}


@pytest.mark.parametrize("name", EXAMPLES)
async def test_emulator_answers_every_documented_key(name: str, world: World) -> None:
    """The emulator's whole answer (envelope included) has every key of the documented one."""
    answer = await CALLS[name](world)
    assert missing(load_fixture(name), answer) == []
