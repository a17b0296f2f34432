"""Storage: ``client.storage`` (uploads, copies into A2E's storage, watermarks)."""

from __future__ import annotations

import mimetypes
import os
import re
import uuid
from collections.abc import Mapping, Sequence
from typing import Any, BinaryIO

import anyio

from .._converter import decode
from ..errors import ResponseDecodeError, ValidationError
from ..models.storage import PresignedUpload, Watermark
from ._base import Resource
from ._params import check_bool, check_int, check_number, check_text, check_url, opt_text, put

__all__ = ["Storage"]

_TRANSFER = "/api/v1/tos/transferToStorage"
_PRESIGN = "/api/v1/r2/get_upload_presigned_url"
_WATERMARK = "/api/v1/watermark/start"
_UNSAFE_KEY_CHARS = re.compile(r"[^A-Za-z0-9._-]+")
# Types mimetypes does not know everywhere; A2E picks the media type from Content-Type.
_EXTRA_TYPES = {".m4a": "audio/mp4", ".webp": "image/webp", ".mov": "video/quicktime"}


def guess_content_type(filename: str) -> str:
    """The Content-Type A2E should see for ``filename`` (octet-stream when unknown)."""
    ext = os.path.splitext(filename)[1].lower()
    return _EXTRA_TYPES.get(ext) or mimetypes.guess_type(filename)[0] or "application/octet-stream"


class Storage(Resource):
    """Put files where A2E can read them, and watermark media."""

    async def save_url(self, url: str) -> str:
        """Copy a file into A2E's storage: ``POST /api/v1/tos/transferToStorage`` ``{"url"}``.

        Returns the A2E-hosted URL (wire ``data.url``). Useful for URLs A2E refuses: ones
        that redirect, expire, or serve the wrong ``Content-Type``.
        """
        body = {"url": check_url("url", url)}
        # Copying the same file twice is harmless, so a lost answer may be resent.
        data = await self._call("POST", _TRANSFER, json=body, idempotent=True)
        found = data.get("url") if isinstance(data, Mapping) else data
        if not isinstance(found, str) or not found:
            raise ResponseDecodeError(
                "expected data.url, the stored copy's URL", endpoint=f"POST {_TRANSFER}", raw=data
            )
        return found

    async def presign(
        self,
        key: str,
        *,
        content_type: str | None = None,
        content_length: int | None = None,
        expires_in: int | None = None,
        bucket: str | None = None,
        url_prefix: str | None = None,
        cdn_domain: str | None = None,
    ) -> PresignedUpload:
        """A presigned upload URL: ``POST /api/v1/r2/get_upload_presigned_url``.

        Wire fields: ``key``, ``contentType``, ``contentLength``, ``expiresIn`` (seconds,
        at least 60), ``bucket``, ``urlPrefix``, ``cdnDomain``. PUT the bytes to
        ``upload_url`` *without* the A2E token (:meth:`upload` does all of this).
        """
        body: dict[str, Any] = {"key": check_text("key", key, max_length=1024)}
        put(body, "contentType", opt_text("content_type", content_type, max_length=255))
        if content_length is not None:
            body["contentLength"] = check_int("content_length", content_length, minimum=0)
        if expires_in is not None:
            body["expiresIn"] = check_int("expires_in", expires_in, minimum=60)
        put(body, "bucket", opt_text("bucket", bucket, max_length=255))
        put(body, "urlPrefix", opt_text("url_prefix", url_prefix, max_length=1024))
        put(body, "cdnDomain", opt_text("cdn_domain", cdn_domain, max_length=255))
        # Signing creates nothing until the PUT, so a lost answer may be asked again.
        data = await self._call("POST", _PRESIGN, json=body, idempotent=True)
        return decode(PresignedUpload, data, endpoint=f"POST {_PRESIGN}")

    async def upload(
        self,
        source: str | os.PathLike[str] | bytes,
        *,
        filename: str | None = None,
        content_type: str | None = None,
    ) -> str:
        """Upload a local file or bytes to A2E's storage; returns a URL A2E accepts.

        Asks :meth:`presign` for a URL, then PUTs the bytes there with their real
        ``Content-Type`` (from ``content_type``, else guessed from the file name) and no
        A2E token. ``source`` is a path, or ``bytes`` with ``filename``.
        """
        file: BinaryIO | None = None
        if isinstance(source, (bytes, bytearray, memoryview)):
            if filename is None:
                raise ValidationError("filename", "is required when uploading bytes")
            name = check_text("filename", filename, max_length=255)
            raw = bytes(source)
            data: bytes | BinaryIO = raw
            size = len(raw)
        elif isinstance(source, (str, os.PathLike)):
            path = os.fspath(source)
            if not isinstance(path, str):
                raise ValidationError("source", "a path must be a text path, not bytes")
            name = filename if filename is not None else os.path.basename(path)
            check_text("filename", name, max_length=255)
            try:
                opened, size = await anyio.to_thread.run_sync(_open_file, path)
            except OSError as exc:
                raise ValidationError("source", f"cannot read {path!r}: {exc}") from exc
            data = file = opened
        else:
            raise ValidationError("source", f"must be a path or bytes, got {type(source).__name__}")
        try:
            ctype = content_type if content_type is not None else guess_content_type(name)
            check_text("content_type", ctype, max_length=255)
            # A2E refuses URLs with spaces, so the object key keeps only URL-safe characters.
            safe = _UNSAFE_KEY_CHARS.sub("_", name).strip("._") or "file"
            key = f"uploads/{uuid.uuid4().hex}/{safe}"
            target = await self.presign(key, content_type=ctype, content_length=size)
            await self._put(target.upload_url, {"Content-Type": ctype}, data)
        finally:
            if file is not None:
                with anyio.CancelScope(shield=True):
                    await anyio.to_thread.run_sync(file.close)
        # A2E does not document the presign answer; without a public URL the object's own
        # URL (the upload URL minus its signature) is the best remaining guess.
        return target.public_url or target.upload_url.split("?", 1)[0]

    async def _put(self, url: str, headers: Mapping[str, str], data: bytes | BinaryIO) -> None:
        # Never the A2E token: the presigned URL is its own credential, and a stray
        # Authorization header breaks its signature (even on the API's own host).
        async with self._session.stream("PUT", url, headers=headers, data=data, token=False):
            pass

    async def watermark(
        self,
        media_url: str,
        *,
        text: str,
        font_size: int | None = None,
        font_color: Sequence[int] | None = None,
        position: str | None = None,
        scale_ratio: float | None = None,
        to_720p: bool | None = None,
    ) -> Watermark:
        """Put a text watermark on a video or image: ``POST /api/v1/watermark/start``.

        Wire fields: ``media_url``, ``watermark_type`` (``"text"``), ``text``, ``fontsize``,
        ``fontcolor`` (``[R, G, B, A]``, 0–255 each), ``position`` (e.g. ``"bottom_right"``),
        ``scale_ratio``, ``to_720p``. The documented answer is already ``completed`` with
        ``result_url`` set; A2E documents no call to read a watermark task later. Costs
        credits (1 in the documented example), so a lost answer is never resent.
        """
        body: dict[str, Any] = {
            "media_url": check_url("media_url", media_url),
            "watermark_type": "text",
            "text": check_text("text", text, max_length=200),
        }
        if font_size is not None:
            body["fontsize"] = check_int("font_size", font_size, minimum=1, maximum=1000)
        if font_color is not None:
            body["fontcolor"] = _rgba("font_color", font_color)
        put(body, "position", opt_text("position", position, max_length=32))
        if scale_ratio is not None:
            body["scale_ratio"] = check_number("scale_ratio", scale_ratio, minimum=0, maximum=100)
        if to_720p is not None:
            body["to_720p"] = check_bool("to_720p", to_720p)
        data = await self._call("POST", _WATERMARK, json=body, reference=media_url)
        return decode(Watermark, data, endpoint=f"POST {_WATERMARK}")


def _open_file(path: str) -> tuple[BinaryIO, int]:
    """Open a regular file for reading and give its size (directories are refused)."""
    if not os.path.isfile(path):
        raise FileNotFoundError(f"no such file: {path}")
    file = open(path, "rb")  # noqa: SIM115 - upload() closes it once the transfer ends
    return file, os.fstat(file.fileno()).st_size


def _rgba(name: str, value: Sequence[int]) -> list[int]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence) or len(value) != 4:
        raise ValidationError(name, "must be four integers (R, G, B, A), each 0-255")
    return [check_int(name, v, minimum=0, maximum=255) for v in value]
