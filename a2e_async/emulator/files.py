"""Media the emulator hosts itself: task results, TTS audio, storage copies, R2 uploads.

Results are synthetic: a deterministic 256 KiB body per URL, starting with the right magic
bytes, so a download can be checked byte for byte. GET honours ``Range`` (206/416) and
HEAD answers the same headers without a body. No auth is needed, as with A2E's CDN URLs.

The R2 upload route plays a presigned URL: it refuses an ``Authorization`` header (a real
presigned PUT breaks with one, a classic client bug) and checks the signature it issued.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import mimetypes

from aiohttp import web

from ._web import state_of

__all__ = ["FILE_SIZE", "content_type", "file_url", "routes", "sign", "synthetic"]

FILE_SIZE = 256 * 1024
_TYPES = {
    "mp4": "video/mp4",
    "mov": "video/quicktime",
    "mp3": "audio/mpeg",
    "wav": "audio/wav",
    "m4a": "audio/mp4",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "webp": "image/webp",
    "bin": "application/octet-stream",
}
_MAGIC = {
    "mp4": b"\x00\x00\x00\x18ftypmp42",
    "mp3": b"ID3\x04\x00\x00",
    "png": b"\x89PNG\r\n\x1a\n",
    "jpg": b"\xff\xd8\xff\xe0",
    "jpeg": b"\xff\xd8\xff\xe0",
    "wav": b"RIFF",
}
_SECRET = b"a2e-emulator-presign"

routes = web.RouteTableDef()


def _ext(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def content_type(name: str) -> str:
    ext = _ext(name)
    return _TYPES.get(ext) or mimetypes.guess_type(name)[0] or "application/octet-stream"


def file_url(origin: str, family: str, name: str) -> str:
    return f"{origin}/_emulator/files/{family}/{name}"


def sign(key: str) -> str:
    """The signature an upload URL carries for ``key``."""
    return hmac.new(_SECRET, key.encode(), hashlib.sha256).hexdigest()[:32]


@functools.lru_cache(maxsize=64)
def synthetic(path: str) -> bytes:
    """Deterministic bytes for a hosted path: the type's magic, then a repeated digest."""
    digest = hashlib.sha256(path.encode()).digest()
    body = _MAGIC.get(_ext(path), b"") + digest * (FILE_SIZE // len(digest) + 1)
    return body[:FILE_SIZE]


def _serve(request: web.Request, data: bytes, ctype: str) -> web.Response:
    total = len(data)
    etag = f'"{hashlib.md5(data, usedforsecurity=False).hexdigest()}"'
    headers = {"Accept-Ranges": "bytes", "ETag": etag}
    # If-Range: a range only of the same version, else the whole (new) body.
    stale = request.headers.get("If-Range", etag) != etag
    if "Range" not in request.headers or stale:
        return web.Response(body=data, content_type=ctype, headers=headers)
    try:
        wanted = request.http_range
    except ValueError:
        wanted = None
    if wanted is None:
        return web.Response(body=data, content_type=ctype, headers=headers)
    start, stop, _ = wanted.indices(total)
    if (wanted.start or 0) >= total or start >= stop:
        headers["Content-Range"] = f"bytes */{total}"
        return web.Response(status=416, headers=headers)
    headers["Content-Range"] = f"bytes {start}-{stop - 1}/{total}"
    return web.Response(status=206, body=data[start:stop], content_type=ctype, headers=headers)


@routes.get("/_emulator/files/r2/{key:.+}")
async def uploaded(request: web.Request) -> web.Response:
    """Serve an uploaded object back with the Content-Type it was PUT with."""
    found = state_of(request).uploads.get(request.match_info["key"])
    if found is None:
        raise web.HTTPNotFound(text="no such object")
    data, ctype = found
    return _serve(request, data, ctype)


@routes.get("/_emulator/files/{family}/{name:.+}")
async def hosted(request: web.Request) -> web.Response:
    """Serve the synthetic body of a result, TTS or storage URL."""
    name = request.match_info["name"]
    if _ext(name) not in _TYPES:
        raise web.HTTPNotFound(text="unknown media type")
    path = f"{request.match_info['family']}/{name}"
    return _serve(request, synthetic(path), content_type(name))


@routes.put("/_emulator/r2/{key:.+}")
async def upload(request: web.Request) -> web.Response:
    """Accept a presigned PUT: raw bytes, stored with the request's Content-Type."""
    if "Authorization" in request.headers:
        raise web.HTTPBadRequest(
            text="presigned upload must not carry an Authorization header",
            content_type="text/plain",
        )
    key = request.match_info["key"]
    if not hmac.compare_digest(request.query.get("X-Amz-Signature", ""), sign(key)):
        raise web.HTTPForbidden(text="signature does not match", content_type="text/plain")
    data = await request.read()
    ctype = request.headers.get("Content-Type", "application/octet-stream")
    state_of(request).uploads[key] = (data, ctype)
    etag = hashlib.md5(data, usedforsecurity=False).hexdigest()
    return web.Response(status=200, headers={"ETag": f'"{etag}"'})
