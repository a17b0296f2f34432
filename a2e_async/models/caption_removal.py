"""Caption-removal tasks (``userCaptionRemoval``): burned-in subtitles erased from a video."""

from __future__ import annotations

import attrs

from .records import TaskRecord

__all__ = ["CaptionRemovalTask"]


@attrs.frozen
class CaptionRemovalTask(TaskRecord):
    """A caption-removal task."""

    source_url: str | None = None
    """The video cleaned."""
    result_url: str | None = None
    """The video without captions; ``None`` until completed."""
