"""Models: typed statuses, plain data and JSON out and back in through the one converter."""

from __future__ import annotations

import importlib
import json
import pkgutil
import types
import typing
from datetime import datetime, timezone
from typing import Any, Literal, TypeVar, Union, get_args, get_origin

import attrs
import pytest
from cattrs.errors import ClassValidationError

import a2e_async.models
from a2e_async import TaskFailed, ValidationError, Video
from a2e_async._converter import decode, make_converter
from a2e_async.models._base import Model
from a2e_async.models.records import TaskRecord, TaskStatus
from a2e_async.models.videos import VideoStatus
from a2e_async.resources._records import RECORD_FAILURE, RECORD_RUNNING, RECORD_SUCCESS
from a2e_async.resources.videos import VIDEO_FAILURE, VIDEO_RUNNING, VIDEO_SUCCESS

STRICT = make_converter(strict=True)
WHEN = datetime(2025, 1, 31, 12, 0, 0, 250000, tzinfo=timezone.utc)


def _model_classes() -> list[type[Any]]:
    found: dict[str, type[Any]] = {}
    for info in pkgutil.iter_modules(a2e_async.models.__path__):
        module = importlib.import_module(f"a2e_async.models.{info.name}")
        for value in vars(module).values():
            if attrs.has(value) and value.__module__ == module.__name__:
                found[value.__qualname__] = value
    return [found[name] for name in sorted(found)]


MODELS = _model_classes()


def _sample(type_: Any, name: str) -> Any:
    """A value of ``type_`` that survives a round trip (no ``None``, no empty string)."""
    origin, args = get_origin(type_), get_args(type_)
    if origin is Literal:
        return next(a for a in args if a != "")
    if origin is Union or origin is types.UnionType:
        members = [a for a in args if a is not type(None)]
        return _sample(members[0], name)
    if origin in (list, tuple):
        return ([_sample(args[0], name)] * 2) if origin is list else (f"{name}-0", f"{name}-1")
    if origin is dict:
        return {"key": [1, "two", {"three": 3.5}]}
    if isinstance(type_, TypeVar):
        return f"{name}-item"
    if attrs.has(type_):
        return _instance(type_)
    samples: dict[Any, Any] = {str: f"{name}-value", int: 7, float: 2.5, bool: True}
    return WHEN if type_ is datetime else samples[type_]


def _instance(cls: type[Any]) -> Any:
    hints = typing.get_type_hints(cls)
    return cls(
        **{field.name: _sample(hints[field.name], field.name) for field in attrs.fields(cls)}
    )


def test_every_model_has_the_base() -> None:
    """Every attrs class in a2e_async.models has to_dict, to_json and from_dict."""
    assert len(MODELS) > 25
    assert [cls.__name__ for cls in MODELS if not issubclass(cls, Model)] == []


@pytest.mark.parametrize("cls", MODELS, ids=lambda c: c.__name__)
def test_to_dict_round_trips(cls: type[Any]) -> None:
    """A fully set model survives to_dict/from_dict and to_json, by attribute and wire name."""
    obj = _instance(cls)
    data = obj.to_dict()
    assert list(data) == [field.name for field in attrs.fields(cls)]
    assert cls.from_dict(data) == obj
    assert json.loads(obj.to_json()) == data
    wire = obj.to_dict(wire_names=True)
    assert cls.from_dict(wire, wire_names=True) == obj
    # The wire form is what the converter reads from A2E, strict mode included.
    target = cls[Any] if getattr(cls, "__parameters__", ()) else cls  # Page
    assert decode(target, wire, endpoint="test") == obj
    assert STRICT.structure(wire, target) == obj


def test_dict_values_are_json_ready() -> None:
    """Datetimes become ISO 8601 strings, tuples lists; wire names replace attribute names."""
    video = Video(id="v1", status="success", progress=100, created_at=WHEN)
    data = video.to_dict()
    assert data["created_at"] == "2025-01-31T12:00:00.250000+00:00"
    assert (data["id"], data["status"], data["progress"]) == ("v1", "success", 100)
    wire = video.to_dict(wire_names=True)
    assert (wire["_id"], wire["process"], wire["createdAt"]) == ("v1", 100, data["created_at"])
    assert "id" not in wire
    assert json.loads(video.to_json(indent=2))["created_at"] == data["created_at"]


def test_from_dict_names_a_bad_shape() -> None:
    """A dict the model cannot take raises ValidationError naming ``data``, not a cattrs error."""
    with pytest.raises(ValidationError, match=r"data: not a Video: missing 'id'"):
        Video.from_dict({"status": "success"})
    with pytest.raises(ValidationError, match="data: not a Video"):
        Video.from_dict({"id": "v", "progress": "lots"})


def test_status_literals_match_the_waiters_vocabulary() -> None:
    """The Literal of each status names exactly the values the waiter knows for the family."""
    assert set(get_args(VideoStatus)) == VIDEO_RUNNING | VIDEO_SUCCESS | VIDEO_FAILURE
    assert set(get_args(TaskStatus)) == RECORD_RUNNING | RECORD_SUCCESS | RECORD_FAILURE
    hints = typing.get_type_hints(Video)
    assert set(get_args(hints["status"])) == {VideoStatus, Literal[""]}
    assert set(get_args(typing.get_type_hints(TaskRecord)["status"])) == {TaskStatus, Literal[""]}


def test_unknown_status_decodes_but_strict_mode_names_it() -> None:
    """A status outside the Literal is kept as sent; strict decoding (for tests) refuses it."""
    assert decode(Video, {"_id": "v", "status": "queued_v2"}, endpoint="e").status == "queued_v2"
    record = decode(TaskRecord, {"_id": "t", "current_status": "paused"}, endpoint="e")
    assert record.status == "paused"
    with pytest.raises(ClassValidationError) as info:
        STRICT.structure({"_id": "v", "status": "queued_v2"}, Video)
    assert "'queued_v2' is not one of the known values" in repr(info.value.exceptions)


def test_task_failed_is_generic_and_still_caught_plainly() -> None:
    """``TaskFailed[Video]`` is a valid annotation, and ``except TaskFailed`` catches it."""
    video = Video(id="v1", status="fail")
    assert get_origin(TaskFailed[Video]) is TaskFailed
    with pytest.raises(TaskFailed) as info:
        raise TaskFailed(family="video", task_id="v1", task=video, code="E1", message="boom")
    assert info.value.task is video
    assert "boom (code E1)" in str(info.value)
