"""AI outfit and product holding: ``client.image_edit`` (A2E's ``userImageEdit``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from ..config import PollPolicy
from ..models.image_edit import ImageEditTask
from ._base import MediaInput, media_list
from ._params import check_choice, check_number, job_name, put_webhook
from ._records import Batched, Listed, RecordPaths, Startable

__all__ = ["ImageEdit"]

_PREFIX = "/api/v1/userImageEdit"


class ImageEdit(Startable[ImageEditTask], Listed[ImageEditTask], Batched[ImageEditTask]):
    """Change a person's outfit, or make them hold a product."""

    model = ImageEditTask
    paths = RecordPaths.common("image_edit", _PREFIX)
    # One image, A2E's own timeout is 120 s: seconds to a few minutes.
    policy = PollPolicy(initial_delay=3.0, factor=1.5, max_interval=10.0, deadline=900.0)

    async def start(
        self,
        *,
        edit_type: Literal["clothing", "product"],
        image_urls: Sequence[MediaInput],
        name: str | None = None,
        processing_timeout: float | None = None,
        webhook_url: str | None = None,
        webhook_token: str | None = None,
    ) -> ImageEditTask:
        """Start an image edit: ``POST /api/v1/userImageEdit/start``.

        ``edit_type`` is ``"clothing"`` (outfit change) or ``"product"`` (the person holds a
        product). ``image_urls`` takes at least two images (URLs, local paths or
        ``(bytes, filename)``); A2E's example for ``"product"`` sends the product image,
        then the model photo. ``processing_timeout`` (wire ``timeout``, seconds, A2E
        default 120) bounds A2E's own processing. ``name`` defaults to a unique one.

        Returns the new task. Where the result lands is undocumented: see
        :class:`~a2e_async.ImageEditTask`. Raises ``ValidationError`` before sending,
        ``OutcomeUnknownError`` if the call may have reached A2E unanswered (never resent),
        ``APIError`` subclasses for A2E's refusals.
        """
        body: dict[str, Any] = {
            "name": job_name(name),
            "edit_type": check_choice("edit_type", edit_type, ("clothing", "product")),
        }
        images = media_list("image_urls", image_urls, minimum=2)
        if processing_timeout is not None:
            body["timeout"] = check_number("processing_timeout", processing_timeout, minimum=1)
        put_webhook(body, webhook_url, webhook_token)
        body["image_urls"] = await self._media_urls("image_urls", images)
        return await self._start(_PREFIX + "/start", body, reference=body["name"])
