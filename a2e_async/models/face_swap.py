"""Face swap: the face library, quick previews and full face-swap tasks.

Face swap is A2E's older API generation: its records spell the failure detail
``error_code`` / ``faild_message`` (sic). The converter maps them onto the
``failed_code`` / ``failed_message`` every task record has, so callers read one name.
"""

from __future__ import annotations

from datetime import datetime

import attrs

from ._base import Model
from .records import TaskRecord

__all__ = ["FaceImage", "FaceSwapPreview", "FaceSwapTask"]


@attrs.frozen
class FaceImage(Model):
    """A face stored in your face library (``userFaceSwapImage``)."""

    id: str
    """Face image id, for :meth:`~a2e_async.resources.face_swap.FaceSwap.delete_face`
    (wire: ``_id``)."""
    face_url: str | None = None
    """The stored image; A2E re-hosts it, so the URL differs from the one you added."""
    user_id: str | None = None
    """Owner's user id, when A2E gives it."""
    created_at: datetime | None = None
    """When the face was added (wire: ``createdAt``)."""
    updated_at: datetime | None = None
    """Last change (wire: ``updatedAt``)."""


@attrs.frozen
class FaceSwapPreview(TaskRecord):
    """A quick face-swap preview on one image or frame (``userFaceSwapPreview``)."""

    face_url: str | None = None
    """The face swapped in."""
    video_url: str | None = None
    """The target media (A2E's example passes an image here)."""
    result_url: str | None = None
    """The preview image; ``None`` until completed."""
    user_id: str | None = None
    """Owner's user id."""


@attrs.frozen
class FaceSwapTask(TaskRecord):
    """A full face-swap task over a video (``userFaceSwapTask``)."""

    face_url: str | None = None
    """The face swapped in."""
    video_url: str | None = None
    """The target video (or image, for ``model_version="v2"``)."""
    result_url: str | None = None
    """The swapped video; ``None`` until completed."""
    duration: float | None = None
    """Length of the target video in seconds."""
    cover_url: str | None = None
    """Cover image, when one was given."""
    model_version: str | None = None
    """``v1`` or ``v2``, when A2E echoes it."""
    user_id: str | None = None
    """Owner's user id, when A2E gives it."""
    initialized_at: datetime | None = None
    """When A2E registered the task (wire: ``initialized_time``)."""
    processing_started_at: datetime | None = None
    """When processing began (wire: ``processing_time``)."""
    completed_at: datetime | None = None
    """When the task ended (wire: ``completed_time``)."""
