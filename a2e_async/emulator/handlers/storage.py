"""Storage helpers: ``tos/transferToStorage``, ``watermark/start`` and R2 presigned uploads.

Copies and uploads are hosted by the emulator itself. The presigned ``upload_url`` is a
loopback PUT target that refuses an ``Authorization`` header; ``public_url`` serves the
bytes back with the Content-Type they were uploaded with.
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
    params=(
        Param("media_url", "url", required=True),
        Param("watermark_type", default="text", choices=("text", "image")),
        Param("text", max_len=500),
        Param("fontsize", "int", default=48, low=1, high=1000),
        Param("fontcolor", "any", default=[255, 255, 255, 255]),
        Param(
            "position",
            default="bottom_right",
            choices=("top_left", "top_right", "bottom_left", "bottom_right", "center"),
        ),
        Param("scale_ratio", "num", default=1, low=0.01, high=10),
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

_PRESIGN = (
    Param("key", max_len=512),
    Param("file_extension", max_len=16),
    Param("contentType"),
    Param("type"),
    Param("bucket"),
    Param("fileSize", "num", low=0),
    Param("contentLength", "num", low=0),
    Param("expiresIn", "int", default=3600, low=60),
)


async def presign(request: web.Request) -> web.Response:
    """Answer ``{upload_url, public_url, key, bucket}`` for one PUT upload."""
    fields = parse(await read_body(request), _PRESIGN)
    key = fields.get("key") or ""
    if not key:
        ext = (fields.get("file_extension") or "").lstrip(".")
        key = f"uploads/{user_of(request).id}/{uuid.uuid4().hex}" + (f".{ext}" if ext else "")
    if key.startswith("/") or ".." in key.split("/"):
        raise ApiError(400, "key: must be a relative object key")
    host, path = origin(request), quote(key, safe="/")
    return ok(
        {
            "upload_url": f"{host}/_emulator/r2/{path}?X-Amz-Expires={fields['expiresIn']}"
            f"&X-Amz-Signature={sign(key)}",
            "public_url": f"{host}/_emulator/files/r2/{path}",
            "key": key,
            "bucket": fields.get("bucket") or "a2e-emulator",
        }
    )


routes = [
    web.post("/api/v1/tos/transferToStorage", transfer),
    web.post("/api/v1/r2/get_upload_presigned_url", presign),
    web.post("/api/v1/r2/upload-presigned-url", presign),
    *family_routes(WATERMARK),
]
