"""Nano Banana: ``client.nano_banana`` (A2E's ``userNanoBanana``, Google Gemini images)."""

from __future__ import annotations

import builtins
from collections.abc import AsyncIterator, Sequence
from typing import Any, Literal

from ..config import PollPolicy
from ..errors import ValidationError
from ..models.common import Page
from ..models.nano_banana import NanoBananaTask
from ._base import MediaInput, media_list
from ._params import check_bool, check_choice, check_text, job_name, put_webhook
from ._records import Batched, Listed, RecordPaths, Startable

__all__ = ["NANO_ASPECT_RATIOS", "NANO_MODELS", "NanoBanana"]

_PREFIX = "/api/v1/userNanoBanana"
NANO_MODELS = ("nano-banana", "nano-banana-pro", "nano-banana-2", "nano-banana-2-lite")
"""The models A2E offers; ``nano-banana-pro`` is its default."""
NANO_ASPECT_RATIOS = (
    "auto", "16:9", "1:1", "9:16", "4:3", "3:4", "2:3", "3:2", "4:5", "5:4", "21:9"
)  # fmt: skip
"""Aspect ratios A2E accepts; ``auto`` is its default."""
_SIZES = ("1K", "2K", "4K")
_LIST_STATUSES = ("initialized", "processing", "completed", "failed")


class NanoBanana(Startable[NanoBananaTask], Listed[NanoBananaTask], Batched[NanoBananaTask]):
    """Generate or edit images with Google's Gemini image models."""

    model = NanoBananaTask
    paths = RecordPaths(
        family="nano_banana",
        detail=_PREFIX + "/detail/{id}",
        list=_PREFIX + "/allRecords",
        batch=_PREFIX + "/batchDetail",
        delete=_PREFIX + "/delete/{id}",
    )
    # Images take seconds to a minute.
    policy = PollPolicy(initial_delay=2.0, factor=1.5, max_interval=5.0, deadline=600.0)

    async def start(
        self,
        *,
        prompt: str,
        name: str | None = None,
        model: str | None = None,
        input_images: Sequence[MediaInput] | None = None,
        aspect_ratio: str | None = None,
        image_size: Literal["1K", "2K", "4K"] | None = None,
        google_search: bool | None = None,
        force_generate: bool | None = None,
        webhook_url: str | None = None,
        webhook_token: str | None = None,
    ) -> NanoBananaTask:
        """Start an image task: ``POST /api/v1/userNanoBanana/start``.

        ``model`` is one of :data:`NANO_MODELS` (A2E default ``nano-banana-pro``);
        ``input_images`` (URLs, local paths or ``(bytes, filename)``) switch to editing or
        composing them. ``image_size`` (``1K`` default, ``2K``, ``4K``) is not available
        with ``nano-banana``, and ``nano-banana-2-lite`` makes ``1K`` only;
        ``google_search`` grounds ``nano-banana-2`` on web search. ``force_generate``
        (A2E default ``True`` for API users) generates even when NSFW content is detected.
        ``name`` defaults to a unique one.

        Returns the new task. Raises ``ValidationError`` before sending,
        ``OutcomeUnknownError`` if the call may have reached A2E unanswered (never resent),
        ``APIError`` subclasses for A2E's refusals.
        """
        body: dict[str, Any] = {"name": job_name(name), "prompt": check_text("prompt", prompt)}
        if model is not None:
            body["model"] = check_choice("model", model, NANO_MODELS)
        images: builtins.list[MediaInput] = []
        if input_images is not None:
            images = media_list("input_images", input_images, minimum=1)
        if aspect_ratio is not None:
            body["aspect_ratio"] = check_choice("aspect_ratio", aspect_ratio, NANO_ASPECT_RATIOS)
        if image_size is not None:
            body["image_size"] = check_choice("image_size", image_size, _SIZES)
            if model == "nano-banana":
                raise ValidationError("image_size", "nano-banana has no resolution control")
            if model == "nano-banana-2-lite" and image_size != "1K":
                raise ValidationError("image_size", "nano-banana-2-lite makes 1K images only")
        if google_search is not None:
            body["google_search"] = check_bool("google_search", google_search)
            if google_search and model != "nano-banana-2":
                raise ValidationError("google_search", "works with model='nano-banana-2' only")
        if force_generate is not None:
            body["force_generate"] = check_bool("force_generate", force_generate)
        put_webhook(body, webhook_url, webhook_token)
        if images:
            body["input_images"] = await self._media_urls("input_images", images)
        return await self._start(_PREFIX + "/start", body, reference=body["name"])

    async def list_page(
        self, page: int = 1, page_size: int = 10, *, status: str | None = None
    ) -> Page[NanoBananaTask]:
        """One page of your Nano Banana tasks, newest first: ``GET .../allRecords``.

        ``status`` filters on ``initialized``, ``processing``, ``completed`` or ``failed``.
        """
        return await self._page(page, page_size, _status_filter(status))

    def list(
        self, *, page_size: int = 50, status: str | None = None
    ) -> AsyncIterator[NanoBananaTask]:
        """Every Nano Banana task (optionally only those with ``status``), newest first."""
        return self._iterate(page_size, _status_filter(status))


def _status_filter(status: str | None) -> dict[str, str]:
    if status is None:
        return {}
    return {"status": check_choice("status", status, _LIST_STATUSES)}
