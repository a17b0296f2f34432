"""AI dubbing tasks (``userDubbing``): speech of a video or audio in another language."""

from __future__ import annotations

import attrs

from .records import TaskRecord

__all__ = ["DubbingTask"]


@attrs.frozen
class DubbingTask(TaskRecord):
    """A dubbing task. A2E documents no response body; fields follow what callers read."""

    source_url: str | None = None
    """The video or audio dubbed."""
    source_lang: str | None = None
    """Language of the source (``auto`` to detect)."""
    target_lang: str | None = None
    """Language dubbed into."""
    num_speakers: int | None = None
    """Number of speakers in the source."""
    drop_background_audio: bool | None = None
    """Whether music and ambience were dropped."""
    result_url: str | None = None
    """The dubbed media; ``None`` until completed."""
