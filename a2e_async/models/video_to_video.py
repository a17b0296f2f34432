"""Video-to-video tasks (A2E's ``motionTransfer``): a reference image performing a video's
motion."""

from __future__ import annotations

import attrs

from .records import TaskRecord

__all__ = ["VideoToVideoTask"]


@attrs.frozen
class VideoToVideoTask(TaskRecord):
    """A video-to-video (motion transfer) task."""

    image_url: str | None = None
    """The reference image: who moves."""
    video_url: str | None = None
    """The control video: how they move."""
    prompt: str | None = None
    """Prompt (wire: ``positive_prompt``)."""
    negative_prompt: str | None = None
    """What to avoid."""
    result_video_url: str | None = None
    """The video; ``None`` until completed."""
