"""Nano Banana tasks (``userNanoBanana``): Google Gemini image generation and editing."""

from __future__ import annotations

import attrs

from .records import TaskRecord

__all__ = ["NanoBananaTask"]


@attrs.frozen
class NanoBananaTask(TaskRecord):
    """A Nano Banana image task."""

    prompt: str | None = None
    """What to generate, or how to edit ``input_images``."""
    model: str | None = None
    """The Nano Banana model, e.g. ``nano-banana-pro``."""
    aspect_ratio: str | None = None
    """Aspect ratio, ``auto`` or e.g. ``16:9``."""
    image_size: str | None = None
    """``1K``, ``2K`` or ``4K``."""
    input_images: tuple[str, ...] = ()
    """Images edited or composed (edit mode)."""
    image_urls: tuple[str, ...] = ()
    """The generated images; empty until completed."""
