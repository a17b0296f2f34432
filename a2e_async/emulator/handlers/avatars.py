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
from ..state import Phase, Task, UserState, iso
from ._engine import Family, Record, charge, check_id, family_routes, find, render

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


async def available_anchors(request: web.Request) -> web.Response:
    """``anchor/list`` (SK): the public and the user's avatars, optional ``web_type``
    a2e | tyzn. A2E documents no answer body: the items of ``character_list`` are the
    emulator's pick."""
    parse(await read_body(request), (Param("web_type", choices=("a2e", "tyzn")),))
    host = origin(request)
    public = [_anchor(aid, name, "default", host) for aid, name in PUBLIC_ANCHORS]
    return ok(public + _custom_anchors(user_of(request), state_of(request).now(), host))


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


async def user_records(request: web.Request) -> web.Response:
    """Every avatar record of the user, newest first, unpaged (``userRecords``, SK)."""
    now, host = state_of(request).now(), origin(request)
    tasks = user_of(request).store(FAMILY.name).newest()
    return ok([render(FAMILY, task, now, host) for task in tasks])


async def upload_status(request: web.Request) -> web.Response:
    """Upload status: A2E documents no body; the emulator answers that nothing is uploading
    (``{"uploading": []}``, its pick)."""
    return ok({"uploading": []})


async def eye_contact(request: web.Request) -> web.Response:
    """Eye-contact enhancement of a completed avatar (SK): the record then carries
    ``hasEyecontact`` and ``eyecontact_result_url`` (fields of the documented record). The
    answer body is undocumented (``data: null``, the emulator's pick)."""
    state = state_of(request)
    task = find(request, FAMILY, parse(await read_body(request), _ID)["_id"])
    if task.phase(state.now()).status != "completed":
        raise ApiError(400, "_id: eye contact needs a completed avatar")
    task.record["hasEyecontact"] = True
    task.record["eyecontact_result_url"] = file_url(origin(request), "avatar", f"{task.id}_eye.mp4")
    return ok(None)


async def remove(request: web.Request) -> web.Response:
    """Delete an avatar and its anchor."""
    task = find(request, FAMILY, parse(await read_body(request), _ID)["_id"])
    user_of(request).store(FAMILY.name).remove(task.id)
    return ok(None)


# -- the custom-avatar library (custom_avatar/*, SK). A2E documents no bodies here: the
# emulator keeps ``{_id, name, image_url, video_url, tags, createdAt}`` records, takes those
# fields on add and update, and the record ``_id`` on del (its picks, like custom_back's).
_CUSTOM = "/api/v1/custom_avatar"
_CUSTOM_FIELDS = (Param("name", default=""), Param("image_url", "url"), Param("video_url", "url"),
                  Param("tags", "strs"))  # fmt: skip


async def custom_add(request: web.Request) -> web.Response:
    fields = parse(await read_body(request), _CUSTOM_FIELDS)
    state = state_of(request)
    record = {"_id": state.new_id(), "tags": [], **fields, "createdAt": iso(state.now())}
    user_of(request).custom_avatars[record["_id"]] = record
    return ok(record)


async def custom_list(request: web.Request) -> web.Response:
    return ok(list(reversed(user_of(request).custom_avatars.values())))


async def custom_tags(request: web.Request) -> web.Response:
    records = user_of(request).custom_avatars.values()
    return ok(sorted({tag for record in records for tag in record.get("tags", [])}))


def _custom_record(request: web.Request, avatar_id: str) -> Record:
    record = user_of(request).custom_avatars.get(check_id(avatar_id))
    if record is None:
        raise ApiError(404, "record not found")
    return record


async def custom_delete(request: web.Request) -> web.Response:
    avatar_id = parse(await read_body(request), _ID)["_id"]
    user_of(request).custom_avatars.pop(_custom_record(request, avatar_id)["_id"])
    return ok(None)


async def custom_update(request: web.Request) -> web.Response:
    record = _custom_record(request, request.match_info["_id"])
    body = await read_body(request)
    record.update(parse(body, tuple(p for p in _CUSTOM_FIELDS if p.name in body)))
    return ok(record)


_TWIN = "/api/v1/userVideoTwin"
routes = [
    web.post(f"{_CUSTOM}/add", custom_add),
    web.post(f"{_CUSTOM}/list", custom_list),
    web.get(f"{_CUSTOM}/all_tags", custom_tags),
    web.post(f"{_CUSTOM}/del", custom_delete),
    web.put(f"{_CUSTOM}/{{_id}}", custom_update),
    web.get("/api/v1/anchor/character_list", character_list),
    web.post("/api/v1/anchor/character_list", character_list),
    web.post("/api/v1/anchor/list", available_anchors),
    web.post(f"{_TWIN}/startTraining", start_training),
    web.post(f"{_TWIN}/continueTranining", continue_training),
    web.post(f"{_TWIN}/continueTraining", continue_training),
    web.post(f"{_TWIN}/remove", remove),
    web.get(f"{_TWIN}/userRecords", user_records),
    web.get(f"{_TWIN}/uploadStatus", upload_status),
    web.post(f"{_TWIN}/eyeContact", eye_contact),
    *family_routes(FAMILY),
]
