"""Head swap, actor swap, photobook, ThinkSound and upscale tasks (``headSwap``,
``actorSwap``, ``userPhotobook``, ``thinkSound``, ``userUpscale``).

Their records are not documented: see :mod:`a2e_async.models.generated`. The inputs below
are read where A2E repeats them, as its documented families do.
"""

from __future__ import annotations

import attrs

from .generated import GeneratedImages, GeneratedMedia

__all__ = ["ActorSwapTask", "HeadSwapTask", "PhotobookTask", "ThinkSoundTask", "UpscaleTask"]


@attrs.frozen
class HeadSwapTask(GeneratedMedia):
    """A head swap task: the head of ``image_url`` on the body of ``target_image_url``.

    A2E's prose names its statuses: ``initialized`` → ``sent`` → ``processing`` →
    ``completed`` | ``failed`` (``pending`` too, in its delete rules), in ``current_status``.
    """

    image_url: str | None = None
    """The source head image."""
    target_image_url: str | None = None
    """The target body image or video."""


@attrs.frozen
class ActorSwapTask(GeneratedMedia):
    """An actor swap task: the actor of ``image_url`` in the video ``video_url``."""

    image_url: str | None = None
    """The reference actor image."""
    video_url: str | None = None
    """The control video (an input, not the result)."""


@attrs.frozen
class PhotobookTask(GeneratedImages):
    """A photobook: ``total_count`` photos of the face in ``face_image_url``."""

    face_image_url: str | None = None
    """The face used for every photo."""
    total_count: int | None = None
    """How many photos were asked for (4, 8, 12 or 16)."""


@attrs.frozen
class ThinkSoundTask(GeneratedMedia):
    """A ThinkSound task: audio generated for ``video_url`` (the result in ``result_url``)."""

    video_url: str | None = None
    """The source video (an input, not the result)."""


@attrs.frozen
class UpscaleTask(GeneratedMedia):
    """An upscale task of the image or video at ``source_url``."""

    source_url: str | None = None
    """The image or video upscaled."""
