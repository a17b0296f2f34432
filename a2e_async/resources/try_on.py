"""Virtual try-on: ``client.try_on`` (A2E's ``virtualTryOn``)."""

from __future__ import annotations

from typing import Annotated

from typing_extensions import Required, Unpack

from .._fields import Into, JobParams, Media, Range, WaitOptions, Wire, together
from .._spec import Spec, StartCall
from ..config import PollPolicy
from ..models.try_on import TryOnTask
from ._records import Batched, Deletable, Listed, RecordPaths, Startable

__all__ = ["TryOn", "TryOnParams", "TryOnWaitParams"]

_PREFIX = "/api/v1/virtualTryOn"


class TryOnParams(JobParams, total=False):
    """Parameters of :meth:`TryOn.start` (``POST /api/v1/virtualTryOn/start``).

    The images are sent as A2E's ``image_urls``: ``[person, clothing]``, A2E's documented
    form. Mask mode is an unverified lead: with both masks the SDK sends ``[person,
    person_mask, clothing, clothing_mask]``, the order three callers of an older API
    version use."""

    person_image_url: Required[Annotated[Media, Into("image_urls", 0)]]
    """The person to dress."""
    clothing_image_url: Required[Annotated[Media, Into("image_urls", 2)]]
    """The clothing to put on."""
    person_mask_url: Annotated[Media, Into("image_urls", 1)] | None
    """Mask of the person (unverified; give both masks or neither)."""
    clothing_mask_url: Annotated[Media, Into("image_urls", 3)] | None
    """Mask of the clothing (unverified; give both masks or neither)."""
    processing_timeout: Annotated[float, Wire("timeout"), Range(1)] | None
    """Seconds A2E may spend processing (wire ``timeout``; A2E's default: 120)."""


class TryOnWaitParams(TryOnParams, WaitOptions[TryOnTask], total=False):
    """:class:`TryOnParams` and the wait options."""


class TryOn(Startable[TryOnTask], Listed[TryOnTask], Batched[TryOnTask], Deletable[TryOnTask]):
    """Dress a person image in a clothing image."""

    model = TryOnTask
    paths = RecordPaths.common("try_on", _PREFIX)
    # One image, A2E's own timeout is 120 s: seconds to a few minutes.
    policy = PollPolicy(initial_delay=3.0, factor=1.5, max_interval=10.0, deadline=900.0)
    start_call = StartCall(
        "try_on",
        "start",
        _PREFIX + "/start",
        Spec(TryOnParams, rules=[together("person_mask_url", "clothing_mask_url")]),
    )

    async def start(self, **params: Unpack[TryOnParams]) -> TryOnTask:
        """Start a try-on: ``POST /api/v1/virtualTryOn/start``.

        Parameters: :class:`TryOnParams` (media may be URLs, local paths or
        ``(bytes, filename)``; ``name`` defaults to a unique one).

        Returns the new task. Raises ``ValidationError`` before sending,
        ``OutcomeUnknownError`` if the call may have reached A2E unanswered (never resent),
        ``APIError`` subclasses for A2E's refusals.
        """
        return await self._start_with(params)

    async def start_and_wait(self, **params: Unpack[TryOnWaitParams]) -> TryOnTask:
        """:meth:`start`, then :meth:`wait`; returns the completed task
        (``result_image_url``)."""
        return await self._start_and_wait(params)
