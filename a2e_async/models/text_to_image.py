"""Text-to-image tasks (``userText2Image``)."""

from __future__ import annotations

import attrs

from .records import TaskRecord

__all__ = ["TextToImageTask"]


@attrs.frozen
class TextToImageTask(TaskRecord):
    """One text-to-image task (a start call may create several)."""

    prompt: str | None = None
    """What the image shows."""
    width: int | None = None
    """Image width in pixels."""
    height: int | None = None
    """Image height in pixels."""
    model_type: str | None = None
    """``a2e`` or ``seedream``."""
    aspect_ratio: str | None = None
    """Aspect ratio (Seedream), e.g. ``16:9``."""
    input_images: tuple[str, ...] = ()
    """Reference images, when given."""
    image_urls: tuple[str, ...] = ()
    """The generated images; empty until completed."""
