"""Storage: presigned uploads, copies into A2E's storage, and watermarks."""

from __future__ import annotations

import attrs

from ._base import Model
from .records import TaskRecord

__all__ = ["PresignedUpload", "Watermark"]


@attrs.frozen
class PresignedUpload(Model):
    """Where to put a file: what ``r2/get_upload_presigned_url`` answers.

    A2E does not document this answer. Three independent callers read ``uploadUrl``,
    ``key``, ``bucket`` and ``expiresIn``; a fourth reads ``{uploadUrl, cdnUrl}``. All of
    these spellings (and their snake_case forms) are read.
    """

    upload_url: str = attrs.field(repr=False)
    """Where to ``PUT`` the bytes, without the A2E token (its query string is a credential;
    wire ``uploadUrl``)."""
    public_url: str | None = None
    """Where the uploaded file can be read, when A2E says (wire ``cdnUrl``)."""
    key: str | None = None
    """The object key the file is stored under."""
    bucket: str | None = None
    """The storage bucket."""
    expires_in: int | None = None
    """Seconds the upload URL stays valid (wire ``expiresIn``)."""


@attrs.frozen
class Watermark(TaskRecord):
    """A watermark task (``watermark/start``); the documented one completed at once."""

    request_id: str | None = None
    """A2E's request id, e.g. ``watermark_<uuid>``."""
    media_url: str | None = None
    """The video or image watermarked."""
    watermark_type: str | None = None
    """``text`` in the documented example."""
    text: str | None = None
    """The watermark text."""
    font_size: int | None = None
    """Font size in pixels (wire: ``fontsize``)."""
    font_color: list[int] | None = None
    """``[R, G, B, A]``, each 0–255 (wire: ``fontcolor``)."""
    position: str | None = None
    """Where the mark sits, e.g. ``bottom_right``."""
    scale_ratio: float | None = None
    """Scale of the mark."""
    to_720p: bool | None = None
    """Whether the output was scaled to 720p."""
    result_url: str | None = None
    """The watermarked file; ``None`` until done."""
