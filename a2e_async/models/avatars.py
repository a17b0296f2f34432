"""Custom avatars (``userVideoTwin``, "video twins"): trained from a video or an image."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs

from .records import TaskRecord

__all__ = ["Avatar"]


@attrs.frozen
class Avatar(TaskRecord):
    """An avatar-training task and, once ``completed``, the avatar.

    When training completes, ``anchor_id`` is set: that anchor is what
    ``client.videos.generate`` takes (with ``anchor_type=1``).
    """

    anchor_id: str | None = None
    """The avatar's anchor, set when training completes."""
    gender: str | None = None
    """``female`` or ``male``."""
    video_url: str | None = None
    """Source video (video mode)."""
    image_url: str | None = None
    """Source image (image mode)."""
    prompt: str | None = None
    """Prompt used in image mode."""
    negative_prompt: str | None = None
    """Negative prompt used in image mode."""
    background_color: str | None = None
    """Background colour (wire: ``video_backgroud_color``, sic)."""
    background_image_url: str | None = None
    """Background image (wire: ``video_backgroud_image``, sic)."""
    preview_result_url: str | None = None
    """Preview video of the trained avatar."""
    image_result_url: str | None = None
    """Image-mode result."""
    image_error_code: str | None = None
    """Image-mode failure code."""
    eye_contact_result_url: str | None = None
    """Eye-contact enhanced video (wire: ``eyecontact_result_url``)."""
    lip_model: str | None = None
    """Lip-sync model (wire: ``wl_model``)."""
    close_mouth_path: str | None = None
    """A2E's closed-mouth reference file."""
    task_id: str | None = None
    """A2E's internal algorithm task id."""
    task_status: str | None = None
    """A2E's internal algorithm task status."""
    task_result: dict[str, Any] | None = None
    """A2E's internal algorithm result."""
    sent_time: datetime | None = None
    """When the task was sent to the algorithm."""
    version: int | None = None
    """Record version."""
    image_version: int | None = None
    """Image-mode model version."""
    silent: bool | None = None
    """Whether the source is silent (wire: ``isSilent``)."""
    has_voice_clone: bool | None = None
    """Whether a voice was cloned from the source (wire: ``hasVoiceClone``)."""
    has_video_clone: bool | None = None
    """Whether a lip-sync model was trained (wire: ``hasVideoClone``)."""
    has_eye_contact: bool | None = None
    """Whether eye contact was enhanced (wire: ``hasEyecontact``)."""
    skip_preview: bool | None = None
    """Whether the preview step was skipped (wire: ``skipPreview``)."""
    to_public_pool: bool | None = None
    """Whether the job may use the public computing pool (wire: ``isToPublicPool``)."""
    user_video_twin_id: str | None = None
    """The avatar's own id, as some answers repeat it."""
