"""Storage: ``client.storage`` (uploads, copies into A2E's storage, watermarks)."""

from __future__ import annotations

import mimetypes
import os
import re
import uuid
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, BinaryIO

import anyio
import attrs
from typing_extensions import Required, Unpack

from .._converter import decode, decode_created
from .._fields import BodyParams, Items, Range, Reference, Text, Url, Wire
from .._spec import Spec, StartCall
from ..errors import ResponseDecodeError, ValidationError
from ..models.storage import PresignedUpload, Watermark
from ._base import Resource
from ._params import check_bool, check_int, check_text, check_url, opt_text, put

__all__ = ["Storage", "WatermarkOptions", "WatermarkParams"]

_TRANSFER = "/api/v1/tos/transferToStorage"
_PRESIGN = "/api/v1/r2/get_upload_presigned_url"
_PRESIGN_PREFERRED = "/api/v1/r2/upload-presigned-url"
_WATERMARK = "/api/v1/watermark/start"
_UNSAFE_KEY_CHARS = re.compile(r"[^A-Za-z0-9._-]+")
PUBLIC_URL_TEMPLATE = "https://{bucket}.ai2everyone.com/{key}"
"""How one public caller builds an upload's public URL when A2E's answer has none (a lead,
not documented; see :meth:`Storage.upload`)."""
# Types mimetypes does not know everywhere; A2E picks the media type from Content-Type.
_EXTRA_TYPES = {".m4a": "audio/mp4", ".webp": "image/webp", ".mov": "video/quicktime"}


def guess_content_type(filename: str) -> str:
    """The Content-Type A2E should see for ``filename`` (octet-stream when unknown)."""
    ext = os.path.splitext(filename)[1].lower()
    return _EXTRA_TYPES.get(ext) or mimetypes.guess_type(filename)[0] or "application/octet-stream"


class WatermarkOptions(BodyParams, total=False):
    """The watermark of :meth:`Storage.watermark` (``POST /api/v1/watermark/start``).

    Only A2E's text watermark is offered: its docs name an image type, but none of that
    type's fields (which image, where, how large) are documented, so the SDK cannot send one
    it could check. With the fields known, ``extra_body`` can carry them."""

    text: Required[Annotated[str, Text()]]
    """The watermark's text."""
    font_size: Annotated[int, Range(1), Wire("fontsize")] | None
    """Font size (wire ``fontsize``; A2E's example: 48)."""
    font_color: Annotated[Sequence[int], Items(4, 4), Range(0, 255), Wire("fontcolor")] | None
    """``[R, G, B, A]``, 0-255 each (wire ``fontcolor``)."""
    position: Annotated[str, Text(max_length=32)] | None
    """Where it goes, e.g. ``"bottom_right"`` (A2E documents no list of values)."""
    scale_ratio: Annotated[float, Range(0)] | None
    """Scale (A2E's example: 1)."""
    to_720p: bool | None
    """Also scale the output down to 720p."""


class WatermarkParams(WatermarkOptions, total=False):
    """Every parameter of :meth:`Storage.watermark`, the media included."""

    media_url: Required[Annotated[str, Url(), Reference(generate=False)]]
    """The video or image to mark (an ``http(s)`` URL)."""


_WATERMARK_SPEC = Spec(WatermarkParams, fixed={"watermark_type": "text"})


class Storage(Resource):
    """Put files where A2E can read them, and watermark media.

    ``public_url_template`` (default :data:`PUBLIC_URL_TEMPLATE`) builds an upload's public
    URL from ``{bucket}`` and ``{key}`` when A2E's presign answer carries none; set it on
    ``client.storage`` if your uploads are served elsewhere.
    """

    public_url_template: str = PUBLIC_URL_TEMPLATE

    # A watermark task is answered already completed; A2E has no call to read it later.
    watermark_call = StartCall(
        "watermark", "watermark", _WATERMARK, _WATERMARK_SPEC, wait=None, final=True
    )

    async def save_url(self, url: str, *, extra_body: Mapping[str, Any] | None = None) -> str:
        """Copy a file into A2E's storage: ``POST /api/v1/tos/transferToStorage`` ``{"url"}``.

        Returns the A2E-hosted URL (wire ``data.url``). Useful for URLs A2E refuses: ones
        that redirect, expire, or serve the wrong ``Content-Type``.
        """
        body = {"url": check_url("url", url)}
        # Copying the same file twice is harmless, so a lost answer may be resent.
        data = await self._call(
            "POST", _TRANSFER, json=body, idempotent=True, extra_body=extra_body
        )
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
        legacy: bool = True,
        extra_body: Mapping[str, Any] | None = None,
    ) -> PresignedUpload:
        """A presigned upload URL: ``POST /api/v1/r2/get_upload_presigned_url``.

        Wire fields: ``key``, ``contentType``, ``contentLength``, ``expiresIn`` (seconds,
        at least 60), ``bucket``, ``urlPrefix``, ``cdnDomain``. PUT the bytes to
        ``upload_url`` *without* the A2E token (:meth:`upload` does all of this).

        ``legacy=False`` sends the same body to ``POST /api/v1/r2/upload-presigned-url``,
        the call A2E's spec prefers (SK; one public caller uses it). The default stays on the
        legacy path, which A2E still lists and three public callers use.
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
        path = _PRESIGN if check_bool("legacy", legacy) else _PRESIGN_PREFERRED
        data = await self._call("POST", path, json=body, idempotent=True, extra_body=extra_body)
        return decode(PresignedUpload, data, endpoint=f"POST {path}")

    async def upload(
        self,
        source: str | os.PathLike[str] | bytes,
        *,
        filename: str | None = None,
        content_type: str | None = None,
        public_url_template: str | None = None,
    ) -> str:
        """Upload a local file or bytes to A2E's storage; returns a URL A2E accepts.

        Asks :meth:`presign` for a URL, then PUTs the bytes there with their real
        ``Content-Type`` (from ``content_type``, else guessed from the file name) and no
        A2E token. ``source`` is a path, or ``bytes`` with ``filename``.

        The URL returned is the public URL A2E's answer gives (``cdnUrl``). A2E does not
        document one; when the answer has none, it is built from the answer's ``bucket``
        and ``key`` with ``public_url_template`` (default: the storage's
        ``public_url_template``, ``https://{bucket}.ai2everyone.com/{key}``, the form one
        public caller uses: a lead, not a documented fact). The raw upload URL without its
        signature is never returned: a caller reports that generation fails on it. Raises
        ``ResponseDecodeError`` when neither a public URL nor a bucket can be found.
        """
        template = public_url_template or self.public_url_template
        if "{key}" not in template:
            raise ValidationError("public_url_template", "must contain {key}")
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
        return _public_url(target, key, template)

    async def _put(self, url: str, headers: Mapping[str, str], data: bytes | BinaryIO) -> None:
        # Never the A2E token: the presigned URL is its own credential, and a stray
        # Authorization header breaks its signature (even on the API's own host).
        async with self._session.stream("PUT", url, headers=headers, data=data, token=False):
            pass

    async def watermark(self, media_url: str, **params: Unpack[WatermarkOptions]) -> Watermark:
        """Put a text watermark on a video or image: ``POST /api/v1/watermark/start``.

        ``media_url`` is the video or image (an ``http(s)`` URL); the rest:
        :class:`WatermarkOptions`. The documented answer is already
        ``completed`` with ``result_url`` set; A2E documents no call to read a watermark
        task later. Costs credits (1 in the documented example), so a lost answer is never
        resent (``OutcomeUnknownError.reference`` is the media URL).
        """
        spec = self.watermark_call.spec
        body = await spec.body({**params, "media_url": media_url}, self._media_urls)
        reference = spec.reference_of(body)
        data = await self._call("POST", _WATERMARK, json=body, reference=reference)
        return decode_created(Watermark, data, endpoint=f"POST {_WATERMARK}", reference=reference)


def _public_url(target: PresignedUpload, key: str, template: str) -> str:
    if target.public_url:
        return target.public_url
    bucket = target.bucket
    if not bucket and "{bucket}" in template:
        raise ResponseDecodeError(
            "the presign answer names no public URL (cdnUrl) and no bucket to build one from; "
            "set client.storage.public_url_template",
            endpoint=f"POST {_PRESIGN}",
            raw=attrs.asdict(target, filter=lambda a, _: a.name != "upload_url"),
        )
    return template.format(bucket=bucket or "", key=target.key or key)


def _open_file(path: str) -> tuple[BinaryIO, int]:
    """Open a regular file for reading and give its size (directories are refused)."""
    if not os.path.isfile(path):
        raise FileNotFoundError(f"no such file: {path}")
    file = open(path, "rb")  # noqa: SIM115 - upload() closes it once the transfer ends
    return file, os.fstat(file.fileno()).st_size
