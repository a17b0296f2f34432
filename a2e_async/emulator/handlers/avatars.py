"""Custom avatars (``userVideoTwin``) and the anchor list (``anchor/character_list``).

Training an avatar is a task-record family. When the first training completes the record
gets an ``anchor_id`` and a custom anchor appears in ``character_list`` (with
``user_video_twin_id``); that anchor is what ``video/generate`` takes. Image mode costs one
diamond; continue training (video mode only) costs one diamond and restarts the record's
clock for about two hours of A2E time, while the anchor stays usable.
"""

from __future__ import annotations

from aiohttp import web

from .._web import ApiError, ok, origin, read_body, read_params, state_of, user_of
from ..catalog import PUBLIC_ANCHORS
from ..files import file_url
from ..params import Param, parse
from ..state import Phase, Task, UserState
from ._engine import Family, Record, charge, family_routes, find, render

__all__ = ["FAMILY", "PARAMS", "anchor_ids", "create_avatar", "routes"]

PARAMS = (
    Param("name"),
    # Callers send female/male (C×6); A2E lists no values for startTraining, so any is kept.
    Param("gender"),
    Param("video_url", "url"),
    Param("image_url", "url"),
    Param("prompt"),
    Param("negative_prompt"),
    Param("model_version"),
    Param("language"),
    Param("skipPreview", "bool"),
    Param("isToPublicPool", "bool"),
    Param("video_backgroud_color"),
    Param("video_backgroud_image"),
    Param("image_backgroud_color"),
    Param("video_background_color"),
    Param("video_background_image"),
)
_ID = (Param("_id", required=True),)


def _ready(task: Task, phase: Phase) -> bool:
    # Continue training restarts the clock, but the first training's anchor stays usable.
    return bool(task.extra.get("trained")) or (phase.done and not phase.failed)


def _extra(task: Task, phase: Phase, host: str) -> Record:
    if not _ready(task, phase):
        return {}
    out: Record = {"anchor_id": task.extra["anchor"]}
    if task.extra.get("image_mode"):
        out["image_result_url"] = file_url(host, "avatar", f"{task.id}.png")
    else:
        out["preview_result_url"] = file_url(host, "avatar", f"{task.id}.mp4")
    return out


FAMILY = Family(
    name="avatar",
    prefix="/api/v1/userVideoTwin",
    start=None,
    results=(),
    list_path="/records",
    processing_path="/trainingRecords",
    item_path="/{_id}",
    delete_path=None,
    coins_field=False,
    status_filter={
        "pending": frozenset({"initialized", "sent", "pending"}),
        "processing": frozenset({"processing"}),
        "completed": frozenset({"completed"}),
        "failed": frozenset({"failed"}),
    },
    extra=_extra,
)


def _record(fields: Record) -> Record:
    """The documented startTraining record, inputs echoed."""
    color = fields.get("video_backgroud_color") or fields.get("video_background_color") or ""
    image = fields.get("video_backgroud_image") or fields.get("video_background_image") or ""
    return {
        "name": fields.get("name", ""),
        "gender": fields.get("gender", ""),
        "image_url": fields.get("image_url", ""),
        "video_url": fields.get("video_url", ""),
        "wl_model": "live_protrait",
        "close_mouth_path": "",
        "task_id": "",
        "task_status": "",
        "task_result": {},
        "video_backgroud_image": image,
        "video_backgroud_color": color,
        "image_result_url": "",
        "image_error_code": "",
        "sent_time": None,
        "preview_result_url": "",
        "version": 1,
        "isSilent": False,
        "hasVoiceClone": False,
        "hasVideoClone": False,
        "skipPreview": fields.get("skipPreview", False),
        "isToPublicPool": fields.get("isToPublicPool", False),
        "image_version": 2,
        "hasEyecontact": False,
        "eyecontact_result_url": "",
    }


def _custom_anchors(user: UserState, now: float, host: str) -> list[Record]:
    anchors = []
    for task in user.store(FAMILY.name).newest():
        if _ready(task, task.phase(now)):
            anchors.append(_anchor(task.extra["anchor"], task.record["name"], "custom", host))
            anchors[-1]["user_video_twin_id"] = task.id
    return anchors


def _anchor(anchor_id: str, name: str, kind: str, host: str) -> Record:
    return {
        "_id": anchor_id,
        "type": kind,
        "name": name,
        "video_cover": file_url(host, "anchor", f"{anchor_id}_cover.png"),
        "people_img": file_url(host, "anchor", f"{anchor_id}_people.png"),
        "base_video": file_url(host, "anchor", f"{anchor_id}.mp4"),
        "user_video_twin_id": "",
    }


def anchor_ids(user: UserState, now: float) -> set[str]:
    """Anchors ``video/generate`` accepts for this user: public ones and trained ones."""
    custom = {anchor["_id"] for anchor in _custom_anchors(user, now, "")}
    return custom | {anchor_id for anchor_id, _ in PUBLIC_ANCHORS}


async def character_list(request: web.Request) -> web.Response:
    """Anchors: ``type`` default (public) or custom, or one avatar's via ``user_video_twin_id``.

    ``type`` values come from callers (C×10; one sends ``0``); A2E documents none, so any
    other value filters nothing, the emulator's pick.
    """
    spec = (Param("type"), Param("user_video_twin_id"))
    fields = parse(await read_params(request), spec, coerce=True)
    host, kind = origin(request), fields.get("type")
    if kind not in ("default", "custom"):
        kind = None
    twin = fields.get("user_video_twin_id")
    anchors: list[Record] = []
    if kind in (None, "default") and not twin:
        anchors += [_anchor(aid, name, "default", host) for aid, name in PUBLIC_ANCHORS]
    if kind in (None, "custom"):
        custom = _custom_anchors(user_of(request), state_of(request).now(), host)
        anchors += [a for a in custom if not twin or a["user_video_twin_id"] == twin]
    return ok(anchors)


def create_avatar(request: web.Request, fields: Record) -> Task:
    """Charge (one diamond in image mode) and create an avatar training task."""
    state, user = state_of(request), user_of(request)
    image_mode = bool(fields.get("image_url"))
    task_id = state.new_id()
    charge(state, user, diamonds=int(image_mode), description="avatar", record=task_id)
    task = state.new_task(
        user,
        FAMILY.name,
        vocab=FAMILY.vocab,
        record=_record(fields),
        texts=(fields.get("name"), fields.get("prompt")),
        task_id=task_id,
    )
    task.extra.update(anchor=state.new_id(), image_mode=image_mode)
    return task


async def start_training(request: web.Request) -> web.Response:
    """Create an avatar from exactly one of ``video_url`` / ``image_url``."""
    fields = parse(await read_body(request), PARAMS)
    if bool(fields.get("video_url")) == bool(fields.get("image_url")):
        raise ApiError(400, "video_url: exactly one of video_url or image_url is required")
    task = create_avatar(request, fields)
    return ok(render(FAMILY, task, state_of(request).now(), origin(request)))


async def continue_training(request: web.Request) -> web.Response:
    """Train the lip-sync model of a completed video-mode avatar (one diamond, ~2 h)."""
    state, user = state_of(request), user_of(request)
    task = find(request, FAMILY, parse(await read_body(request), _ID)["_id"])
    phase = task.phase(state.now())
    if phase.status != "completed":
        raise ApiError(400, f"_id: avatar is {phase.status}, continue training needs completed")
    if task.extra.get("image_mode"):
        raise ApiError(400, "_id: continue training needs an avatar made from a video")
    charge(state, user, diamonds=1, description="avatar_continue", record=task.id)
    task.extra["trained"] = True
    task.started = state.now()
    task.duration = state.draw_duration("avatar_continue")
    task.failure = state.draw_failure((task.record.get("name"),))
    user.store(FAMILY.name).reopen(task)
    return ok({})


async def remove(request: web.Request) -> web.Response:
    """Delete an avatar and its anchor."""
    task = find(request, FAMILY, parse(await read_body(request), _ID)["_id"])
    user_of(request).store(FAMILY.name).remove(task.id)
    return ok(None)


_TWIN = "/api/v1/userVideoTwin"
routes = [
    web.get("/api/v1/anchor/character_list", character_list),
    web.post("/api/v1/anchor/character_list", character_list),
    web.post(f"{_TWIN}/startTraining", start_training),
    web.post(f"{_TWIN}/continueTranining", continue_training),
    web.post(f"{_TWIN}/continueTraining", continue_training),
    web.post(f"{_TWIN}/remove", remove),
    *family_routes(FAMILY),
]
