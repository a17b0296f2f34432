"""Product avatar: ``client.product_avatar`` (A2E's ``productAvatar``)."""

from __future__ import annotations

from typing import Any

import attrs

from ..config import PollPolicy
from ..errors import ValidationError
from ..models.product_avatar import ProductAvatarTask, ProductRect
from ._base import MediaInput
from ._params import check_number, job_name, opt_text, put, put_webhook
from ._records import Batched, Listed, RecordPaths, Startable

__all__ = ["ProductAvatar"]

_PREFIX = "/api/v1/productAvatar"


class ProductAvatar(
    Startable[ProductAvatarTask], Listed[ProductAvatarTask], Batched[ProductAvatarTask]
):
    """Compose a person image holding a product image."""

    model = ProductAvatarTask
    paths = RecordPaths.common("product_avatar", _PREFIX)
    # A2E says: poll every 3-5 s; a task fails (refunded) after 2 hours.
    policy = PollPolicy(initial_delay=3.0, factor=1.3, max_interval=10.0, deadline=7500.0)

    async def start(
        self,
        *,
        product_image_url: MediaInput,
        person_image_url: MediaInput,
        product_rect: ProductRect,
        prompt: str | None = None,
        name: str | None = None,
        processing_timeout: float | None = None,
        webhook_url: str | None = None,
        webhook_token: str | None = None,
    ) -> ProductAvatarTask:
        """Start a product avatar: ``POST /api/v1/productAvatar/start``.

        The two images (each a URL, a local path or ``(bytes, filename)``) are sent as A2E's
        ``image_urls`` ``[product, person]``; ``product_rect`` places the product (A2E's
        example uses pixels of the person image; the unit is not documented).
        ``processing_timeout`` (wire ``timeout``, seconds, A2E default 120) bounds A2E's
        own processing. ``name`` defaults to a unique one.

        Returns the new task (``initialized``). Raises ``ValidationError`` before sending,
        ``OutcomeUnknownError`` if the call may have reached A2E unanswered (never resent),
        ``APIError`` subclasses for A2E's refusals.
        """
        if not isinstance(product_rect, ProductRect):
            raise ValidationError("product_rect", "must be a ProductRect(x, y, width, height)")
        rect = {
            field: check_number(f"product_rect.{field}", value)
            for field, value in attrs.asdict(product_rect).items()
        }
        for field in ("width", "height", "scale"):
            if rect[field] <= 0:
                raise ValidationError(f"product_rect.{field}", "must be > 0")
        body: dict[str, Any] = {"name": job_name(name), "product_rect": rect}
        put(body, "prompt", opt_text("prompt", prompt))
        if processing_timeout is not None:
            body["timeout"] = check_number("processing_timeout", processing_timeout, minimum=1)
        put_webhook(body, webhook_url, webhook_token)
        urls = await self._media_map(
            {"product_image_url": product_image_url, "person_image_url": person_image_url}
        )
        body["image_urls"] = [urls["product_image_url"], urls["person_image_url"]]
        return await self._start(_PREFIX + "/start", body, reference=body["name"])
