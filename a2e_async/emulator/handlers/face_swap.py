"""Face swap: the face library, quick previews and full swap tasks.

This is A2E's older API generation: failures are ``error_code`` / ``faild_message`` (sic),
records carry no ``coins``, and task records add ``updatedAt``, ``duration`` (seconds of the
target video) and ``initialized_time`` / ``processing_time`` / ``completed_time``.
``userFaceSwapTask/status`` lists the user's in-flight tasks with five fields each, ``_id``
left out while a task is ``initialized``.
"""

from __future__ import annotations

import hashlib
import posixpath
from urllib.parse import urlsplit

from aiohttp import web

from .._web import ApiError, ok, origin, read_body, state_of, user_of
from ..params import Param, parse
from ..state import Phase, Task, UserState, iso
from ._engine import WEBHOOK, Family, Record, check_id, family_routes, find, render

__all__ = ["FAMILY", "PREVIEW", "routes"]

_IMAGES = {"png", "jpg", "jpeg", "webp"}


def _phase_started(task: Task, phase: Phase) -> float:
    """When the current phase began (the end, once finished)."""
    if phase.done:
        return task.started + task.duration
    begun = max(start for start, _ in task.vocab.phases if start <= phase.progress)
    return task.started + begun * task.duration


def _times(task: Task, phase: Phase, host: str) -> Record:
    processing = task.vocab.phases[-1][0]
    return {
        "updatedAt": iso(_phase_started(task, phase)),
        "initialized_time": iso(task.created),
        "processing_time": (
            iso(task.started + processing * task.duration) if phase.progress >= processing else None
        ),
        "completed_time": iso(task.started + task.duration) if phase.done else None,
    }


def _task_record(fields: Record, user: UserState) -> Record:
    # The target clip's length is unknowable offline; derive a stable 5-30 s from its URL.
    digest = hashlib.sha1(fields["video_url"].encode(), usedforsecurity=False).digest()
    keep = ("name", "video_url", "face_url", "cover_url", "model_version")
    return {key: fields[key] for key in keep if key in fields} | {"duration": 5 + digest[0] % 26}


def _target_ext(fields: Record) -> str:
    ext = posixpath.splitext(urlsplit(fields["video_url"]).path)[1].lstrip(".").lower()
    return ext if ext in _IMAGES else "mp4"


FAMILY = Family(
    name="face_swap",
    prefix="/api/v1/userFaceSwapTask",
    params=(
        Param("name", required=True),
        Param("face_url", "url", required=True),
        Param("video_url", "url", required=True),
        Param("cover_url", "url"),
        Param("model_version", choices=("v1", "v2")),
        *WEBHOOK,
    ),
    start="/add",
    results=(("result_url", "*"),),
    list_path="/records",
    face_swap_errors=True,
    coins_field=False,
    record=_task_record,
    result_ext=_target_ext,
    extra=_times,
)

PREVIEW = Family(
    name="face_swap_preview",
    prefix="/api/v1/userFaceSwapPreview",
    params=(Param("face_url", "url", required=True), Param("video_url", "url", required=True)),
    start="/add",
    results=(("result_url", "*"),),
    list_path=None,
    batch=False,
    item_path=None,
    delete_path=None,
    face_swap_errors=True,
    coins_field=False,
    record=lambda fields, user: {
        "video_url": fields["video_url"],
        "face_url": fields["face_url"],
        "user_id": user.id,
    },
    result_ext=_target_ext,
)


async def preview_status(request: web.Request) -> web.Response:
    """``GET userFaceSwapPreview/status?_id=`` → the preview record."""
    task_id = parse(request.query, (Param("_id", required=True),))["_id"]
    task = find(request, PREVIEW, task_id)
    return ok(render(PREVIEW, task, state_of(request).now(), origin(request)))


_STATUS_FIELDS = ("current_status", "result_url", "error_code", "faild_message", "_id")


async def task_status(request: web.Request) -> web.Response:
    """``GET userFaceSwapTask/status``: the user's in-flight tasks, five fields each.

    The documented item is ``{current_status, result_url, error_code, faild_message, _id}``
    with ``_id`` marked optional (D 12138826), and the docs never say when it is missing. The
    emulator leaves it out while a task is ``initialized`` (its pick), so a client meets both
    shapes; a client that needs one task's state reads its detail instead.
    """
    now, host = state_of(request).now(), origin(request)
    items = []
    for task in user_of(request).store(FAMILY.name).in_flight(now):
        record = render(FAMILY, task, now, host)
        item = {key: record.get(key) for key in _STATUS_FIELDS}
        if record["current_status"] == "initialized":
            del item["_id"]
        items.append(item)
    return ok(items)


def _library(request: web.Request) -> list[Record]:
    return list(reversed(user_of(request).face_images.values()))


async def add_face(request: web.Request) -> web.Response:
    """Store ``face_url`` in the face library; answer the whole library, newest first."""
    face_url = parse(await read_body(request), (Param("face_url", "url", required=True),))
    state = state_of(request)
    face_id, stamp = state.new_id(), iso(state.now())
    user_of(request).face_images[face_id] = {
        "face_url": face_url["face_url"],
        "_id": face_id,
        "createdAt": stamp,
        "updatedAt": stamp,
    }
    return ok(_library(request))


async def face_records(request: web.Request) -> web.Response:
    """The face library as a bare array, newest first (as ``add`` answers it)."""
    return ok(_library(request))


async def delete_face(request: web.Request) -> web.Response:
    face_id = check_id(request.match_info["_id"])
    if user_of(request).face_images.pop(face_id, None) is None:
        raise ApiError(404, "record not found")
    return ok(None)


routes = [
    web.post("/api/v1/userFaceSwapImage/add", add_face),
    web.get("/api/v1/userFaceSwapImage/records", face_records),
    web.delete("/api/v1/userFaceSwapImage/{_id}", delete_face),
    web.get("/api/v1/userFaceSwapPreview/status", preview_status),
    web.get("/api/v1/userFaceSwapTask/status", task_status),
    *family_routes(PREVIEW),
    *family_routes(FAMILY),
]
