"""Virtual try-on tasks (``virtualTryOn``): a person image dressed in a clothing image."""

from __future__ import annotations

import attrs

from .records import TaskRecord

__all__ = ["TryOnTask"]


@attrs.frozen
class TryOnTask(TaskRecord):
    """A virtual try-on task."""

    image_urls: tuple[str, ...] = ()
    """The inputs as sent: person and clothing images (and their masks, in mask mode)."""
    result_image_url: str | None = None
    """The dressed person; ``None`` until completed."""
