"""Avatar videos: ``video/generate``, ``awsResult``, ``detail``, ``awsList`` and delete.

This family uses the ``status`` vocabulary (``init`` → ``start`` → ``pending`` → ``process``
→ ``copy`` → ``success`` | ``fail``) with ``process`` rising 0-100, and ``result`` holds the
URL. ``DELETE /api/v1/video/{_id}`` is an unverified lead for "Delete or Cancel a Video": it
removes the record whatever its state.
"""

from __future__ import annotations

from datetime import datetime, timezone

from aiohttp import web

from .._web import ApiError, ok, origin, read_body, read_params, state_of, user_of
from ..catalog import PUBLIC_BACKGROUNDS
from ..files import file_url
from ..params import Param, parse
from ..state import VIDEO_STATUSES, Task, iso
from ._engine import WEBHOOK, Record, check_id
from .avatars import anchor_ids

__all__ = ["FAMILY", "PARAMS", "check_rules", "render_video", "routes"]

FAMILY = "video"
_LAYOUT = ("web_bg_width", "web_bg_height", "web_people_width", "web_people_height")
# The six layout fields the seed page marks required: "simply set this to 0 if you do not
# need background matting (neither back_id nor custom_back_id)".
_SIX = (*_LAYOUT, "web_people_x", "web_people_y")
_PLACEMENT = (*_SIX, *(f"web_dist_bg_{axis}" for axis in ("width", "height", "x", "y")))
PARAMS = (
    Param("title", max_len=40),
    Param("anchor_id", required=True),
    Param("anchor_type", "int", required=True, choices=(0, 1)),
    Param("audioSrc", "url"),
    Param("custom_voice", "url"),
    Param("back_id"),
    Param("custom_back_id"),
    Param("color"),
    Param("anchor_background_img"),
    Param("anchor_background_color"),
    Param("face_swap_id"),
    Param("wl_model"),
    Param("lip_model"),
    Param("msg"),
    Param("resolution", "num", default=1080),
    *(Param(name, "num", default=0) for name in _SIX),
    *(Param(f"web_dist_bg_{axis}", "num", default=-1) for axis in ("width", "height")),
    *(Param(f"web_dist_bg_{axis}", "num", default=0) for axis in ("x", "y")),
    Param("erode_factor", "num"),
    Param("isSkipRs", "bool", default=False),
    Param("isSkipGp", "bool"),
    Param("isCaptionEnabled", "bool"),
    Param("isToPublicPool", "bool"),
    Param("captionAlign", "obj"),
    Param("gp_model", "obj"),
    *WEBHOOK,
)
_COPY_AT, _PROCESS_AT = VIDEO_STATUSES.phases[4][0], VIDEO_STATUSES.phases[3][0]


def _number(value: float) -> int | float:
    return int(value) if value == int(value) else value


def render_video(task: Task, now: float, host: str) -> Record:
    """The record as ``awsResult`` / ``awsList`` / ``detail`` show it at ``now``."""
    phase = task.phase(now)
    failure = task.failure if phase.failed else None
    succeeded = phase.done and not phase.failed
    if succeeded or phase.status == "copy":
        process = 100
    elif phase.status == "process":
        process = min(99, int((phase.progress - _PROCESS_AT) / (_COPY_AT - _PROCESS_AT) * 100))
    else:
        process = 0
    moment = min(now, task.started + task.duration)
    return {
        "_id": task.id,
        **task.record,
        "status": phase.status,
        "process": process,
        "result": file_url(host, FAMILY, f"{task.id}.mp4") if succeeded else "",
        "result_cover": file_url(host, FAMILY, f"{task.id}.png") if succeeded else "",
        "msg": failure or "",
        "error": failure or "",
        "createdAt": iso(task.created),
        "updatedAt": iso(moment),
        "diff_s": int(max(0.0, now - task.created)),
        "current_date": iso(now),
    }


def _record(fields: Record, user_id: str, audio_len: float, now: float) -> Record:
    title = fields.get("title") or datetime.fromtimestamp(now, timezone.utc).strftime("%Y%m%d%H%M")
    layout = {name: _number(fields[name]) for name in _PLACEMENT}
    record: Record = {
        "title": title,
        "algo_result": "",
        "retry": 0,
        "isDel": False,
        "isSkipRs": fields["isSkipRs"],
        "anchor_type": str(fields["anchor_type"]),
        "resolution": str(_number(fields["resolution"])),
        "voice_type": "0",
        "audioSrc": fields.get("audioSrc", ""),
        "custom_voice": fields.get("custom_voice", ""),
        "priority": 4,
        "restart_date": None,
        "audioLen": round(audio_len),
        **layout,
        "color": fields.get("color", ""),
        "wl_model": fields.get("wl_model", "WLGPNormal"),
        "anchor_background_img": fields.get("anchor_background_img", ""),
        "anchor_background_color": fields.get("anchor_background_color", ""),
        "user_id": user_id,
        "anchor_id": fields["anchor_id"],
        "replace_bg_id": fields.get("back_id", ""),
        "custom_backs_id": fields.get("custom_back_id"),
        "result_people_url": "",
        "result_bg_url": "",
        "version": 1,
        "__v": 0,
    }
    for name in ("isCaptionEnabled", "captionAlign", "isToPublicPool"):
        if name in fields:
            record[name] = fields[name]
    return record


def check_rules(fields: Record, where: str = "") -> None:
    """The seed page's cross-field rules (part1 §4.1); ApiError 400 when one is broken.

    Captions: ``msg`` "must provide a valid value when generating captionAlign", and
    ``captionAlign`` "is only effective when isCaptionEnabled equals true", so captions are on
    when ``isCaptionEnabled`` is true. (The page's own request example enables captions
    without ``msg``; the field's stated rule is what the emulator enforces.)
    Background: the six ``web_*`` fields are 0 only "if you do not need background matting
    (neither back_id nor custom_back_id)", so a background with all six 0 has no layout.
    A2E's spec also asks for the layout with ``color``; the seed page does not, and wins.
    """
    if fields.get("isCaptionEnabled") is True and not (fields.get("msg") or "").strip():
        raise ApiError(400, f"{where}msg: is required when captions are on (isCaptionEnabled)")
    background = fields.get("back_id") or fields.get("custom_back_id")
    if background and not any(fields[name] for name in _SIX):
        raise ApiError(
            400, f"{where}web_bg_width: a background (back_id/custom_back_id) needs the layout"
        )


def _audio_seconds(request: web.Request, url: str) -> float:
    """Length of emulator-made TTS audio; 0 for audio hosted elsewhere."""
    name = url.rsplit("/", 1)[-1].removesuffix(".mp3")
    return state_of(request).tts_seconds.get(name, 0.0) if "/_emulator/files/tts/" in url else 0


async def generate(request: web.Request) -> web.Response:
    """Start rendering a video of ``anchor_id`` speaking ``audioSrc``."""
    fields = parse(await read_body(request), PARAMS)
    state, user = state_of(request), user_of(request)
    if not fields.get("audioSrc") and not fields.get("custom_voice"):
        raise ApiError(400, "audioSrc: is required (or custom_voice)")
    if fields.get("back_id") and fields.get("custom_back_id"):
        raise ApiError(
            400, "back_id: back_id and custom_back_id cannot be used together", code=30005
        )
    check_rules(fields)
    if fields["anchor_id"] not in anchor_ids(user, state.now()):
        raise ApiError(400, "anchor_id: no such avatar for this user")
    if fields.get("back_id") and fields["back_id"] not in {b for b, _ in PUBLIC_BACKGROUNDS}:
        raise ApiError(400, "back_id: no such background")
    if fields.get("custom_back_id") and fields["custom_back_id"] not in user.backgrounds:
        raise ApiError(400, "custom_back_id: no such custom background")
    audio = _audio_seconds(request, fields.get("audioSrc") or "")
    task = state.new_task(
        user,
        FAMILY,
        vocab=VIDEO_STATUSES,
        record=_record(fields, user.id, audio, state.now()),
        texts=(fields.get("title"), fields.get("msg")),
        webhook=(fields.get("webhook_url"), fields.get("webhook_token")),
    )
    return ok(render_video(task, state.now(), origin(request)))


async def aws_result(request: web.Request) -> web.Response:
    """``POST {"_id"}`` → a one-item array, or an empty one for an unknown id."""
    task_id = parse(await read_body(request), (Param("_id", required=True),))["_id"]
    task = user_of(request).store(FAMILY).get(task_id)
    if task is None:
        return ok([])
    return ok([render_video(task, state_of(request).now(), origin(request))])


async def detail(request: web.Request) -> web.Response:
    """``GET ?video_id=`` → the record, or 404."""
    video_id = parse(request.query, (Param("video_id", required=True),))["video_id"]
    task = user_of(request).store(FAMILY).get(check_id(video_id, "video_id"))
    if task is None:
        raise ApiError(404, "record not found")
    return ok(render_video(task, state_of(request).now(), origin(request)))


async def aws_list(request: web.Request) -> web.Response:
    """Page ``current`` (1-based) of ``pageSize`` records, newest first, as ``data.data``."""
    # Callers page from 1 with pageSize 20 (C×3); no maximum is known for awsList.
    spec = (
        Param("current", "int", default=1, low=1),
        Param("pageSize", "int", default=10, low=1),
    )
    fields = parse(await read_params(request), spec, coerce=True)
    now, host = state_of(request).now(), origin(request)
    tasks = user_of(request).store(FAMILY).page(fields["current"], fields["pageSize"])
    return ok({"data": [render_video(task, now, host) for task in tasks]})


async def delete(request: web.Request) -> web.Response:
    """Delete a video, cancelling it when still rendering."""
    task_id = check_id(request.match_info["_id"])
    if user_of(request).store(FAMILY).remove(task_id) is None:
        raise ApiError(404, "record not found")
    return ok(None)


async def auto_public_pool(request: web.Request) -> web.Response:
    """Account switch (unverified lead): ``{isAutoToPublicPool}`` is stored and echoed."""
    spec = (Param("isAutoToPublicPool", "bool", required=True),)
    fields = parse(await read_body(request), spec)
    user_of(request).settings.update(fields)
    return ok(fields)


routes = [
    web.post("/api/v1/video/generate", generate),
    web.post("/api/v1/video/auto-public-pool", auto_public_pool),
    web.post("/api/v1/video/awsResult", aws_result),
    web.get("/api/v1/video/detail", detail),
    web.get("/api/v1/video/awsList", aws_list),
    web.post("/api/v1/video/awsList", aws_list),
    web.delete("/api/v1/video/{_id}", delete),
]
