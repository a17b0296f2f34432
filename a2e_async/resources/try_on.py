"""Virtual try-on: ``client.try_on`` (A2E's ``virtualTryOn``)."""

from __future__ import annotations

from typing import Any

from ..config import PollPolicy
from ..errors import ValidationError
from ..models.try_on import TryOnTask
from ._base import MediaInput
from ._params import check_number, job_name, put_webhook
from ._records import Batched, Listed, RecordPaths, Startable

__all__ = ["TryOn"]

_PREFIX = "/api/v1/virtualTryOn"


class TryOn(Startable[TryOnTask], Listed[TryOnTask], Batched[TryOnTask]):
    """Dress a person image in a clothing image."""

    model = TryOnTask
    paths = RecordPaths.common("try_on", _PREFIX)
    # One image, A2E's own timeout is 120 s: seconds to a few minutes.
    policy = PollPolicy(initial_delay=3.0, factor=1.5, max_interval=10.0, deadline=900.0)

    async def start(
        self,
        *,
        person_image_url: MediaInput,
        clothing_image_url: MediaInput,
        person_mask_url: MediaInput | None = None,
        clothing_mask_url: MediaInput | None = None,
        name: str | None = None,
        processing_timeout: float | None = None,
        webhook_url: str | None = None,
        webhook_token: str | None = None,
    ) -> TryOnTask:
        """Start a try-on: ``POST /api/v1/virtualTryOn/start``.

        The images (each a URL, a local path or ``(bytes, filename)``) are sent as A2E's
        ``image_urls``: ``[person, clothing]``, A2E's documented form. Mask mode is an
        unverified lead: with both masks the SDK sends ``[person, person_mask, clothing,
        clothing_mask]``, the order three callers of an older API version use.
        ``processing_timeout`` (wire ``timeout``, seconds, A2E default 120) bounds A2E's
        own processing. ``name`` defaults to a unique one.

        Returns the new task. Raises ``ValidationError`` before sending,
        ``OutcomeUnknownError`` if the call may have reached A2E unanswered (never resent),
        ``APIError`` subclasses for A2E's refusals.
        """
        if (person_mask_url is None) != (clothing_mask_url is None):
            raise ValidationError(
                "person_mask_url", "give both person_mask_url and clothing_mask_url, or neither"
            )
        body: dict[str, Any] = {"name": job_name(name)}
        if processing_timeout is not None:
            body["timeout"] = check_number("processing_timeout", processing_timeout, minimum=1)
        put_webhook(body, webhook_url, webhook_token)
        urls = await self._media_map(
            {
                "person_image_url": person_image_url,
                "person_mask_url": person_mask_url,
                "clothing_image_url": clothing_image_url,
                "clothing_mask_url": clothing_mask_url,
            },
            optional=("person_mask_url", "clothing_mask_url"),
        )
        order = ("person_image_url", "person_mask_url", "clothing_image_url", "clothing_mask_url")
        body["image_urls"] = [urls[param] for param in order if param in urls]
        return await self._start(_PREFIX + "/start", body, reference=body["name"])
