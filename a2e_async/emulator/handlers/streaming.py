"""Streaming avatar: avatars, Agora room tokens, QA context, ask, speak, leave.

Rooms are tracked per user. ``agora-token`` opens one (``channel`` is its handle); ``ask``,
``speak`` and ``set-qa-context`` need an open channel, ``leave`` closes it; an unknown or
closed channel is HTTP 400. A user may hold 10 open rooms; the next ``agora-token`` answers
``{"code": 1001, "msg": "all hosts are occupied..."}`` (HTTP 200), as public callers report.
The 10-room cap is the emulator's pick. Only ``ask``'s answer is documented (``data: {}``,
D 12731097); ``set-qa-context``, ``speak`` and ``leave`` answer the same, a pick.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timezone
from typing import Any

from aiohttp import web

from .._web import ApiError, dumps, ok, read_body, user_of
from ..catalog import STREAMING_AVATARS
from ..params import Param, parse
from ..state import iso

__all__ = ["MAX_ROOMS", "routes"]

MAX_ROOMS = 10
APP_ID = "a2e0emulator0agora0app0id0000000"
routes = web.RouteTableDef()
_PREFIX = "/api/v1/streaming-avatar"
_AVATAR_IDS = {avatar_id for avatar_id, _ in STREAMING_AVATARS}


@routes.get(f"{_PREFIX}/all_avatars")
async def all_avatars(request: web.Request) -> web.Response:
    return ok([{"_id": avatar_id, "name": name} for avatar_id, name in STREAMING_AVATARS])


@routes.post(f"{_PREFIX}/agora-token")
async def agora_token(request: web.Request) -> web.Response:
    """Open a room for ``avatar_id``; answer Agora credentials and the expiry."""
    spec = (
        Param("avatar_id", required=True),
        # Field name from callers (C×2 families, who send 60-3600); A2E states no range.
        # The default is the emulator's pick.
        Param("expire_seconds", "int", default=600),
    )
    fields = parse(await read_body(request), spec)
    if fields["avatar_id"] not in _AVATAR_IDS:
        raise ApiError(400, "avatar_id: no such streaming avatar")
    rooms = user_of(request).rooms
    if len(rooms) >= MAX_ROOMS:
        body = {"code": 1001, "msg": "all hosts are occupied, please try again later"}
        return web.Response(text=dumps(body), content_type="application/json")
    channel = secrets.token_hex(3)[:5]
    while channel in rooms:
        channel = secrets.token_hex(3)[:5]
    # Expiry is wall-clock session time, so it is not scaled like task durations.
    expires = int(datetime.now(timezone.utc).timestamp()) + fields["expire_seconds"]
    uid = 100_000 + secrets.randbelow(900_000)
    rooms[channel] = {"avatar_id": fields["avatar_id"], "uid": uid, "qa": "", "said": []}
    return ok(
        {
            "token": "007eJx" + secrets.token_urlsafe(48),
            "appId": APP_ID,
            "channel": channel,
            "uid": uid,
            "expire_epoch_timestamp": expires,
            "expire_date_UTC": iso(expires),
        }
    )


async def _room(request: web.Request, *extra: Param) -> tuple[str, dict[str, Any]]:
    fields = parse(await read_body(request), (Param("channel", required=True), *extra))
    room = user_of(request).rooms.get(fields["channel"])
    if room is None:
        raise ApiError(400, "channel: unknown channel or already left")
    return fields.get("text", ""), room


@routes.post(f"{_PREFIX}/set-qa-context")
async def set_qa_context(request: web.Request) -> web.Response:
    text, room = await _room(request, Param("text", required=True, max_len=5000))
    room["qa"] = text
    return ok({})


@routes.post(f"{_PREFIX}/ask")
async def ask(request: web.Request) -> web.Response:
    """The answer is spoken in the room, not returned: ``data`` is ``{}``."""
    text, room = await _room(request, Param("text", required=True))
    room["said"].append(text)
    return ok({})


@routes.post(f"{_PREFIX}/speak")
async def speak(request: web.Request) -> web.Response:
    text, room = await _room(request, Param("text", required=True))
    room["said"].append(text)
    return ok({})


@routes.post(f"{_PREFIX}/leave")
async def leave(request: web.Request) -> web.Response:
    """Close the room (stops billing on A2E); the channel is unusable afterwards."""
    fields = parse(await read_body(request), (Param("channel", required=True),))
    if user_of(request).rooms.pop(fields["channel"], None) is None:
        raise ApiError(400, "channel: unknown channel or already left")
    return ok({})
