"""Text to image (``userText2Image``, also the docs' ``userText2image`` spelling).

``start`` answers an array: one record per image (``max_images``, default 1). Results are in
``image_urls``. The docs' older ``req_key`` field is accepted too.
"""

from __future__ import annotations

from aiohttp import web

from .._web import ApiError, ok, origin, read_body, state_of
from ..files import file_url
from ..params import Param, parse
from ..state import UserState
from ._engine import WEBHOOK, Family, Record, family_routes, find, render
from .avatars import FAMILY as AVATAR
from .avatars import create_avatar

__all__ = ["FAMILY", "routes"]


def _record(fields: Record, user: UserState) -> Record:
    keep = ("name", "prompt", "width", "height", "model_type", "aspect_ratio", "req_key")
    record = {key: fields[key] for key in keep if key in fields}
    return record | {"input_images": fields.get("input_images", [])}


FAMILY = Family(
    name="text_to_image",
    prefix="/api/v1/userText2Image",
    aliases=("/api/v1/userText2image",),
    params=(
        Param("name", default=""),
        Param("prompt", required=True),
        Param("width", "num", default=1024),
        Param("height", "num", default=1024),
        Param("model_type", default="a2e", choices=("a2e", "seedream")),
        Param("input_images", "urls", max_items=10),
        Param("skip_face_enhance", "bool", default=False),
        Param("aspect_ratio", choices=("1:1", "4:3", "3:4", "16:9", "9:16", "2:3", "3:2", "21:9")),
        Param("max_images", "int", default=1, low=1, high=8),
        Param("req_key", choices=("high_aes_general_v21_L", "high_aes")),
        *WEBHOOK,
    ),
    results=(("image_urls", "png"),),
    copies=lambda fields: int(fields["max_images"]),
    record=_record,
)


async def quick_add_avatar(request: web.Request) -> web.Response:
    """Make an image-mode avatar from a completed image (``{_id, gender?}``); answer it.

    A2E does not document the answer; the emulator answers the new avatar's training record,
    which then runs like any ``startTraining`` and, like any image-mode avatar, costs a diamond.
    """
    spec = (Param("_id", required=True), Param("gender", choices=("female", "male")))
    fields = parse(await read_body(request), spec)
    task = find(request, FAMILY, fields["_id"])
    host, now = origin(request), state_of(request).now()
    if task.phase(now).status != "completed":
        raise ApiError(400, "_id: the image is not completed")
    image = file_url(host, FAMILY.name, f"{task.id}.png")
    body = {"name": task.record.get("name", ""), "image_url": image, "gender": fields.get("gender")}
    avatar = create_avatar(request, {key: value for key, value in body.items() if value})
    return ok(render(AVATAR, avatar, now, host))


routes = [
    web.post(f"{FAMILY.prefix}/quickAddAvatar", quick_add_avatar),
    *family_routes(FAMILY),
]
