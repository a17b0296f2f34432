"""Nano Banana: ``client.nano_banana`` (A2E's ``userNanoBanana``, Google Gemini images)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Literal

from typing_extensions import Required, Unpack

from .._fields import Items, JobParams, Media, Text, WaitOptions
from .._spec import Spec, StartCall
from ..config import PollPolicy
from ..errors import ValidationError
from ..models.nano_banana import NanoBananaTask
from ._records import Batched, Deletable, RecordPaths, Startable, StatusListed

__all__ = [
    "NANO_ASPECT_RATIOS",
    "NANO_MODELS",
    "NanoBanana",
    "NanoBananaParams",
    "NanoBananaWaitParams",
]

_PREFIX = "/api/v1/userNanoBanana"
NANO_MODELS = ("nano-banana", "nano-banana-pro", "nano-banana-2", "nano-banana-2-lite")
"""The models A2E offers; ``nano-banana-pro`` is its default."""
NANO_ASPECT_RATIOS = (
    "auto", "16:9", "1:1", "9:16", "4:3", "3:4", "2:3", "3:2", "4:5", "5:4", "21:9"
)  # fmt: skip
"""Aspect ratios A2E accepts; ``auto`` is its default."""


class NanoBananaParams(JobParams, total=False):
    """Parameters of :meth:`NanoBanana.start` (``POST /api/v1/userNanoBanana/start``)."""

    prompt: Required[Annotated[str, Text()]]
    """What to generate, or how to edit the input images."""
    model: Literal["nano-banana", "nano-banana-pro", "nano-banana-2", "nano-banana-2-lite"] | None
    """The model (A2E's default: ``nano-banana-pro``)."""
    input_images: Annotated[Sequence[Media], Items(1)] | None
    """Images to edit or compose (switches from generating to editing)."""
    aspect_ratio: (
        Literal["auto", "16:9", "1:1", "9:16", "4:3", "3:4", "2:3", "3:2", "4:5", "5:4", "21:9"]
        | None
    )
    """Aspect ratio (A2E's default: ``auto``)."""
    image_size: Literal["1K", "2K", "4K"] | None
    """Resolution (A2E's default: ``1K``); not available with ``nano-banana``, and
    ``nano-banana-2-lite`` makes ``1K`` only."""
    google_search: bool | None
    """Ground ``nano-banana-2`` on web search (A2E's default: false)."""
    force_generate: bool | None
    """Generate even when NSFW content is detected. A2E's default for API users is
    **true**: pass ``False`` to have A2E refuse such content."""


class NanoBananaWaitParams(NanoBananaParams, WaitOptions[NanoBananaTask], total=False):
    """:class:`NanoBananaParams` and the wait options."""


def _check_model_options(values: Mapping[str, Any]) -> None:
    model, size = values.get("model"), values.get("image_size")
    if size is not None and model == "nano-banana":
        raise ValidationError("image_size", "nano-banana has no resolution control")
    if size not in (None, "1K") and model == "nano-banana-2-lite":
        raise ValidationError("image_size", "nano-banana-2-lite makes 1K images only")
    if values.get("google_search") and model != "nano-banana-2":
        raise ValidationError("google_search", "works with model='nano-banana-2' only")


class NanoBanana(
    Startable[NanoBananaTask],
    StatusListed[NanoBananaTask],
    Batched[NanoBananaTask],
    Deletable[NanoBananaTask],
):
    """Generate or edit images with Google's Gemini image models."""

    model = NanoBananaTask
    paths = RecordPaths(
        family="nano_banana",
        detail=_PREFIX + "/detail/{id}",
        list=_PREFIX + "/allRecords",
        batch=_PREFIX + "/batchDetail",
        delete=_PREFIX + "/delete/{id}",
    )
    list_statuses = ("initialized", "processing", "completed", "failed")
    # Images take seconds to a minute.
    policy = PollPolicy(initial_delay=2.0, factor=1.5, max_interval=5.0, deadline=600.0)
    start_call = StartCall(
        "nano_banana",
        "start",
        _PREFIX + "/start",
        Spec(NanoBananaParams, rules=[_check_model_options]),
    )

    async def start(self, **params: Unpack[NanoBananaParams]) -> NanoBananaTask:
        """Start an image task: ``POST /api/v1/userNanoBanana/start``.

        Parameters: :class:`NanoBananaParams` (media may be URLs, local paths or
        ``(bytes, filename)``; ``name`` defaults to a unique one).

        Returns the new task. Raises ``ValidationError`` before sending,
        ``OutcomeUnknownError`` if the call may have reached A2E unanswered (never resent),
        ``APIError`` subclasses for A2E's refusals.
        """
        return await self._start_with(params)

    async def start_and_wait(self, **params: Unpack[NanoBananaWaitParams]) -> NanoBananaTask:
        """:meth:`start`, then :meth:`wait`; returns the completed task (``image_urls``)."""
        return await self._start_and_wait(params)
