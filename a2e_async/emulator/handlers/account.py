"""Account: sub-users, balances, languages, credits history and cost quotes.

Charges are only the documented ones (image_to_video 100 coins, talking_video 13 coins per
5 s, watermark 1 coin, image-mode avatar and continue training 1 diamond each). The history
row shape is the emulator's choice: ``{_id, coins, diamonds, type, description, record_id,
createdAt}`` with negative amounts for consumption; the first row is the starting grant.
``user/add`` answers ``{_id, username, createdAt}`` and ``generation/quote`` answers
``{endpoint, coins, diamonds, generationRequestValidated}`` (only the last is named by A2E's
spec): both picks, as A2E documents neither answer.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aiohttp import web

from .._web import ApiError, ok, read_body, read_params, state_of, user_of
from ..catalog import LANGUAGES
from ..params import Param, parse
from ..state import iso
from . import (
    avatars,
    caption_removal,
    dubbing,
    face_swap,
    image_edit,
    image_to_video,
    nano_banana,
    product_avatar,
    storage,
    talking_photo,
    talking_video,
    text_to_image,
    try_on,
    video_to_video,
    videos,
    voices,
)
from ._engine import Family, Record

__all__ = ["routes"]

routes = web.RouteTableDef()

_FAMILIES: tuple[Family, ...] = (
    caption_removal.FAMILY,
    dubbing.FAMILY,
    face_swap.FAMILY,
    face_swap.PREVIEW,
    image_edit.FAMILY,
    image_to_video.FAMILY,
    nano_banana.FAMILY,
    product_avatar.FAMILY,
    storage.WATERMARK,
    talking_photo.FAMILY,
    talking_video.FAMILY,
    text_to_image.FAMILY,
    try_on.FAMILY,
    video_to_video.FAMILY,
    voices.FAMILY,
)
_QUOTABLE = {
    prefix + family.start: family
    for family in _FAMILIES
    if family.start
    for prefix in (family.prefix, *family.aliases)
}


@routes.post("/api/v1/user/add")
async def add_user(request: web.Request) -> web.Response:
    """Create a sub-user ``{username}``; answer ``{_id, username, createdAt}``."""
    name = parse(await read_body(request), (Param("username", required=True),))
    username = name["username"]
    user, state = user_of(request), state_of(request)
    if username in user.sub_users:
        raise ApiError(400, "username: already exists")
    record = {"_id": state.new_id(), "username": username, "createdAt": iso(state.now())}
    user.sub_users[username] = record
    return ok(record)


@routes.get("/api/v1/user/remainingCoins")
async def remaining(request: web.Request) -> web.Response:
    user = user_of(request)
    return ok({"coins": user.coins, "diamonds": user.diamonds})


@routes.get("/api/v1/anchor/language_list")
@routes.post("/api/v1/anchor/language_list")
async def languages(request: web.Request) -> web.Response:
    """Locales as ``[{value, label}]``; ``value`` splits into send_tts country/region."""
    await read_params(request)
    return ok([{"value": value, "label": label} for value, label in LANGUAGES])


def _when(value: str, name: str) -> float:
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except ValueError:
        raise ApiError(400, f"{name}: not an ISO date-time") from None


@routes.get("/api/v1/transactionRecord/creditsHistory")
async def credits_history(request: web.Request) -> web.Response:
    """Ledger rows newest first, paged; filter by is_consumption and startDate/endDate."""
    spec = (
        # SK: pageNum 1/min 1, pageSize 10/min 1, no maximum.
        Param("pageNum", "int", default=1, low=1),
        Param("pageSize", "int", default=10, low=1),
        Param("is_consumption", "bool"),
        Param("startDate"),
        Param("endDate"),
    )
    fields = parse(request.query, spec, coerce=True)
    number, size = fields["pageNum"], fields["pageSize"]
    rows: list[Record] = list(reversed(user_of(request).ledger))
    if "is_consumption" in fields:
        wanted = "consumption" if fields["is_consumption"] else "income"
        rows = [row for row in rows if row["type"] == wanted]
    for name, keep in (("startDate", float.__ge__), ("endDate", float.__le__)):
        if name in fields:
            bound = _when(fields[name], name)
            rows = [row for row in rows if keep(_when(row["createdAt"], name), bound)]
    start = (number - 1) * size
    return ok({"rows": rows[start : start + size], "count": len(rows)})


def _quote(endpoint: str, body: dict[str, Any]) -> tuple[int, int]:
    """(coins, diamonds) the request would cost; ApiError 400 when it is not valid."""
    where = "requestBody."
    family = _QUOTABLE.get(endpoint)
    if family is not None:
        fields = parse(body, family.params, where=where)
        if family.check is not None:
            family.check(fields)
        copies = family.copies(fields) if family.copies else 1
        return (family.cost(fields) if family.cost else 0) * copies, 0
    if endpoint == "/api/v1/video/generate":
        videos.check_rules(parse(body, videos.PARAMS, where=where), where)
        return 0, 0
    if endpoint == "/api/v1/userVideoTwin/startTraining":
        return 0, int(bool(parse(body, avatars.PARAMS, where=where).get("image_url")))
    if endpoint.rstrip("/").rsplit("/", 1)[-1] in ("continueTraining", "continueTranining"):
        parse(body, (Param("_id", required=True),), where=where)
        return 0, 1
    raise ApiError(400, "endpoint: unsupported endpoint")


@routes.post("/api/v1/generation/quote")
async def quote(request: web.Request) -> web.Response:
    """Estimate ``{endpoint, requestBody}`` without creating or charging anything."""
    spec = (Param("endpoint", required=True), Param("requestBody", "obj", required=True))
    fields = parse(await read_body(request), spec)
    endpoint = fields["endpoint"].strip().split("?", 1)[0]
    if "://" in endpoint:
        endpoint = endpoint.split("://", 1)[1].partition("/")[2]
    endpoint = "/" + endpoint.lstrip("/")
    if not endpoint.startswith("/api/v1/"):
        endpoint = "/api/v1" + endpoint
    coins, diamonds = _quote(endpoint, fields["requestBody"])
    return ok(
        {
            "endpoint": endpoint,
            "coins": coins,
            "diamonds": diamonds,
            "generationRequestValidated": True,
        }
    )
