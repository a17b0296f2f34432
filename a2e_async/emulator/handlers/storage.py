"""Storage helpers: ``tos/transferToStorage``, ``watermark/start`` and R2 presigned uploads.

Copies and uploads are hosted by the emulator itself. The presign answer is
``{uploadUrl, key, bucket, expiresIn, cdnUrl}``: three independent callers read ``uploadUrl``,
``key``, ``bucket`` and ``expiresIn`` (part1 §7.7, C×3), and A2E's spec says the call "returns
a PUT URL and cdnUrl" (SK), as a fourth caller reads it. ``uploadUrl`` is a loopback PUT
target that refuses an ``Authorization`` header; ``cdnUrl`` serves the bytes back with the
Content-Type they were uploaded with.
"""

from __future__ import annotations

import hashlib
import posixpath
import uuid
from urllib.parse import quote, urlsplit

from aiohttp import web

from .._web import ApiError, ok, origin, read_body, user_of
from ..files import file_url, sign
from ..params import Param, parse
from ..state import TASK_STATUSES, UserState
from ._engine import Family, Record, family_routes

__all__ = ["WATERMARK", "routes"]

_MEDIA = {"mp4", "mov", "mp3", "wav", "m4a", "png", "jpg", "jpeg", "webp"}


def _ext(url: str, default: str) -> str:
    ext = posixpath.splitext(urlsplit(url).path)[1].lstrip(".").lower()
    return ext if ext in _MEDIA else default


async def transfer(request: web.Request) -> web.Response:
    """Copy ``url`` into "A2E storage": answer ``{url}`` of an emulator-hosted copy."""
    url = parse(await read_body(request), (Param("url", "url", required=True),))["url"]
    name = hashlib.sha1(url.encode(), usedforsecurity=False).hexdigest()[:24]
    return ok({"url": file_url(origin(request), "storage", f"{name}.{_ext(url, 'bin')}")})


def _watermark_check(fields: Record) -> None:
    if fields["watermark_type"] == "text" and not fields.get("text"):
        raise ApiError(400, "text: is required for a text watermark")
    color = fields.get("fontcolor")
    if color is not None and not (
        isinstance(color, list)
        and len(color) == 4
        and all(isinstance(c, int) and not isinstance(c, bool) and 0 <= c <= 255 for c in color)
    ):
        raise ApiError(400, "fontcolor: must be [R, G, B, A] with values 0-255")


def _watermark_record(fields: Record, user: UserState) -> Record:
    keep = ("media_url", "watermark_type", "text", "fontsize", "fontcolor", "position")
    rest = ("scale_ratio", "to_720p")
    record = {key: fields[key] for key in keep + rest if key in fields}
    return {"request_id": f"watermark_{uuid.uuid4()}", **record}


WATERMARK = Family(
    name="watermark",
    prefix="/api/v1/watermark",
    # Only the documented example is known (part1 §7.6): no ranges for fontsize, position or
    # scale_ratio, and "text" is the only watermark_type seen. fontcolor is [R, G, B, A].
    params=(
        Param("media_url", "url", required=True),
        Param("watermark_type", default="text"),
        Param("text"),
        Param("fontsize", "num", default=48),
        Param("fontcolor", "any", default=[255, 255, 255, 255]),
        Param("position", default="bottom_right"),
        Param("scale_ratio", "num", default=1),
        Param("to_720p", "bool", default=False),
    ),
    results=(("result_url", "*"),),
    list_path=None,
    batch=False,
    item_path=None,
    delete_path=None,
    vocab=TASK_STATUSES,
    texts=("text",),
    check=_watermark_check,
    cost=lambda fields: 1,
    record=_watermark_record,
    result_ext=lambda fields: _ext(fields["media_url"], "mp4"),
)

# A2E's spec (SK) lists these request fields, ``key`` required and ``expiresIn`` >= 60;
# ``type`` and ``file_extension`` come from one caller each (C?) and are accepted.
_PRESIGN = (
    Param("key", required=True),
    Param("bucket"),
    Param("urlPrefix"),
    Param("cdnDomain"),
    Param("expiresIn", "int", default=3600, low=60),
    Param("contentType"),
    Param("fileSize", "num"),
    Param("contentLength", "num"),
    Param("type"),
    Param("file_extension"),
)
# SK: "default bucket 3days-apac, key scoped to {urlPrefix}/{env}/user/{user_id}/". The
# default prefix and the env name are the emulator's picks.
_BUCKET = "3days-apac"
_PREFIX = "uploads"
_ENV = "emulator"


async def presign(request: web.Request) -> web.Response:
    """Answer ``{uploadUrl, key, bucket, expiresIn, cdnUrl}`` for one PUT upload.

    ``key`` in the answer is the scoped object key, not the one asked for. ``cdnUrl`` is on
    the emulator's own host whatever ``cdnDomain`` says, so the file can be read offline.
    """
    fields = parse(await read_body(request), _PRESIGN)
    asked = fields["key"].strip().lstrip("/")
    prefix = (fields.get("urlPrefix") or _PREFIX).strip("/")
    if not asked or ".." in asked.split("/") or ".." in prefix.split("/"):
        raise ApiError(400, "key: must be a relative object key")
    key = f"{prefix}/{_ENV}/user/{user_of(request).id}/{asked}"
    host, path = origin(request), quote(key, safe="/")
    expires = fields["expiresIn"]
    return ok(
        {
            "uploadUrl": f"{host}/_emulator/r2/{path}?X-Amz-Expires={expires}"
            f"&X-Amz-Signature={sign(key)}",
            "key": key,
            "bucket": fields.get("bucket") or _BUCKET,
            "expiresIn": expires,
            "cdnUrl": f"{host}/_emulator/files/r2/{path}",
        }
    )


routes = [
    web.post("/api/v1/tos/transferToStorage", transfer),
    web.post("/api/v1/r2/get_upload_presigned_url", presign),
    web.post("/api/v1/r2/upload-presigned-url", presign),
    *family_routes(WATERMARK),
]
