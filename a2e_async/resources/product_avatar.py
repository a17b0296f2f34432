"""Product avatar: ``client.product_avatar`` (A2E's ``productAvatar``)."""

from __future__ import annotations

from typing import Annotated, Any

import attrs
from typing_extensions import Required, Unpack

from .._fields import Checked, Into, JobParams, Media, Range, Text, WaitOptions, Wire
from .._spec import Spec, StartCall
from ..config import PollPolicy
from ..errors import ValidationError
from ..models.product_avatar import ProductAvatarTask, ProductRect
from ._params import check_number
from ._records import Batched, Deletable, Listed, RecordPaths, Startable

__all__ = ["ProductAvatar", "ProductAvatarParams", "ProductAvatarWaitParams"]

_PREFIX = "/api/v1/productAvatar"


def _rect(name: str, value: Any) -> dict[str, float]:
    if not isinstance(value, ProductRect):
        raise ValidationError(name, "must be a ProductRect(x, y, width, height)")
    rect = {
        field: check_number(f"{name}.{field}", number)
        for field, number in attrs.asdict(value).items()
    }
    for field in ("width", "height", "scale"):
        if rect[field] <= 0:
            raise ValidationError(f"{name}.{field}", "must be > 0")
    return rect


class ProductAvatarParams(JobParams, total=False):
    """Parameters of :meth:`ProductAvatar.start` (``POST /api/v1/productAvatar/start``).

    The two images are sent as A2E's ``image_urls``: ``[product, person]``."""

    product_image_url: Required[Annotated[Media, Into("image_urls", 0)]]
    """The product."""
    person_image_url: Required[Annotated[Media, Into("image_urls", 1)]]
    """The person who holds it."""
    product_rect: Required[Annotated[ProductRect, Checked(_rect)]]
    """Where the product goes (A2E's example uses pixels of the person image; the unit is
    not documented)."""
    prompt: Annotated[str, Text()] | None
    """An extra prompt."""
    processing_timeout: Annotated[float, Wire("timeout"), Range(1)] | None
    """Seconds A2E may spend processing (wire ``timeout``; A2E's default: 120)."""


class ProductAvatarWaitParams(ProductAvatarParams, WaitOptions[ProductAvatarTask], total=False):
    """:class:`ProductAvatarParams` and the wait options."""


class ProductAvatar(
    Startable[ProductAvatarTask],
    Listed[ProductAvatarTask],
    Batched[ProductAvatarTask],
    Deletable[ProductAvatarTask],
):
    """Compose a person image holding a product image."""

    model = ProductAvatarTask
    paths = RecordPaths.common("product_avatar", _PREFIX)
    # A2E says: poll every 3-5 s; a task fails (refunded) after 2 hours.
    policy = PollPolicy(initial_delay=3.0, factor=1.3, max_interval=10.0, deadline=7500.0)
    start_call = StartCall("product_avatar", "start", _PREFIX + "/start", Spec(ProductAvatarParams))

    async def start(self, **params: Unpack[ProductAvatarParams]) -> ProductAvatarTask:
        """Start a product avatar: ``POST /api/v1/productAvatar/start``.

        Parameters: :class:`ProductAvatarParams` (media may be URLs, local paths or
        ``(bytes, filename)``; ``name`` defaults to a unique one).

        Returns the new task (``initialized``). Raises ``ValidationError`` before sending,
        ``OutcomeUnknownError`` if the call may have reached A2E unanswered (never resent),
        ``APIError`` subclasses for A2E's refusals.
        """
        return await self._start_with(params)

    async def start_and_wait(self, **params: Unpack[ProductAvatarWaitParams]) -> ProductAvatarTask:
        """:meth:`start`, then :meth:`wait`; returns the completed task
        (``result_image_url``)."""
        return await self._start_and_wait(params)
