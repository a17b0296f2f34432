"""Talking-photo tasks (``talkingPhoto``): a portrait animated to speak an audio."""

from __future__ import annotations

import attrs

from .records import TaskRecord

__all__ = ["TalkingPhotoTask"]


@attrs.frozen
class TalkingPhotoTask(TaskRecord):
    """A talking-photo task."""

    image_url: str | None = None
    """The portrait animated."""
    audio_url: str | None = None
    """The speech, when given."""
    duration: int | None = None
    """Output length in seconds."""
    prompt: str | None = None
    """Motion prompt."""
    negative_prompt: str | None = None
    """What to avoid."""
    result_url: str | None = None
    """The video; ``None`` until completed."""
    cover_url: str | None = None
    """Cover image, when A2E gives one."""
