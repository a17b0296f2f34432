"""Background images (``custom_back``): list, add, delete.

A2E does not document the item shape. The emulator answers ``{_id, name, img_url, type}``
(``type`` default/custom, like anchors) plus ``createdAt`` on custom ones. ``allBackground``
lists public and custom images; ``list`` only the user's own. A custom ``_id`` is what
``video/generate`` takes as ``custom_back_id``; a public one is a ``back_id``.
"""

from __future__ import annotations

from aiohttp import web

from .._web import ApiError, ok, origin, read_body, state_of, user_of
from ..catalog import PUBLIC_BACKGROUNDS
from ..files import file_url
from ..params import Param, parse
from ..state import iso
from ._engine import Record, check_id

__all__ = ["routes"]

routes = web.RouteTableDef()
_PREFIX = "/api/v1/custom_back"


def _custom(request: web.Request) -> list[Record]:
    return list(reversed(user_of(request).backgrounds.values()))


@routes.post(f"{_PREFIX}/allBackground")
async def all_backgrounds(request: web.Request) -> web.Response:
    """Public backgrounds, then the user's own, newest first."""
    host = origin(request)
    public = [
        {"_id": back_id, "name": name, "img_url": file_url(host, "background", f"{back_id}.png")}
        | {"type": "default"}
        for back_id, name in PUBLIC_BACKGROUNDS
    ]
    return ok(public + _custom(request))


@routes.post(f"{_PREFIX}/list")
async def custom_backgrounds(request: web.Request) -> web.Response:
    """Only the user's own backgrounds, newest first."""
    return ok(_custom(request))


@routes.post(f"{_PREFIX}/add")
async def add(request: web.Request) -> web.Response:
    """Store ``img_url`` (and an optional ``name``) as a custom background; answer it."""
    spec = (Param("img_url", "url", required=True), Param("name", default=""))
    fields = parse(await read_body(request), spec)
    state = state_of(request)
    back_id = state.new_id()
    record = {
        "_id": back_id,
        "name": fields["name"],
        "img_url": fields["img_url"],
        "type": "custom",
        "createdAt": iso(state.now()),
    }
    user_of(request).backgrounds[back_id] = record
    return ok(record)


@routes.post(f"{_PREFIX}/randomBackground")
async def random_background(request: web.Request) -> web.Response:
    """One public background (SK; no body documented), turn by turn: the emulator's pick of a
    reproducible "random"."""
    settings = user_of(request).settings
    settings["random_background"] = turn = settings.get("random_background", -1) + 1
    back_id, name = PUBLIC_BACKGROUNDS[turn % len(PUBLIC_BACKGROUNDS)]
    url = file_url(origin(request), "background", f"{back_id}.png")
    return ok({"_id": back_id, "name": name, "img_url": url, "type": "default"})


@routes.post(f"{_PREFIX}/del")
async def delete(request: web.Request) -> web.Response:
    """Delete a custom background by ``_id``."""
    back_id = check_id(parse(await read_body(request), (Param("_id", required=True),))["_id"])
    if user_of(request).backgrounds.pop(back_id, None) is None:
        raise ApiError(404, "record not found")
    return ok(None)
