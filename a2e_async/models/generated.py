"""The record shapes of the families A2E's spec catalog adds (Kling, Veo, Wan, Flux 2...).

A2E's catalog documents these families' requests but **no response body**. Their records are
read as every task record is (part2 §1.4: ``_id``, ``current_status``, ``coins``,
``failed_code`` / ``failed_message``, ``createdAt``) plus a result, which is looked for under
the names A2E uses in its documented families: one file in ``result_url`` (also read from
``result_video_url`` or ``result_image_url``), several images in ``image_urls``. A public
caller of the live API reads Wan's result from ``result_url`` (C×1); the others are not
confirmed. Other fields A2E sends are ignored, so a new one never breaks a read.
"""

from __future__ import annotations

import attrs

from .records import TaskRecord

__all__ = ["GeneratedImages", "GeneratedMedia"]


@attrs.frozen
class GeneratedMedia(TaskRecord):
    """A task whose result is one file (a video, or an image, or audio for some families).

    ``result_url`` is not documented for these families; see the module docstring.
    """

    prompt: str | None = None
    """The prompt the task was started with, when A2E repeats it."""
    result_url: str | None = None
    """The result; ``None`` until completed (also read from ``result_video_url`` and
    ``result_image_url``; not documented for these families)."""
    cover_url: str | None = None
    """A cover image of the result, when A2E gives one (not documented)."""


@attrs.frozen
class GeneratedImages(TaskRecord):
    """A task whose result is one or more images.

    Neither result field is documented for these families; see the module docstring.
    """

    prompt: str | None = None
    """The prompt the task was started with, when A2E repeats it."""
    image_urls: tuple[str, ...] = ()
    """The generated images; empty until completed (not documented)."""
    result_url: str | None = None
    """A single result image, where A2E names one (also read from ``result_image_url``; not
    documented)."""

    @property
    def urls(self) -> tuple[str, ...]:
        """Every result image, whichever field A2E used: ``image_urls``, else
        ``(result_url,)``, else empty."""
        if self.image_urls:
            return self.image_urls
        return (self.result_url,) if self.result_url else ()
