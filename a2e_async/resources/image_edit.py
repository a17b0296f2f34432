"""AI outfit and product holding: ``client.image_edit`` (A2E's ``userImageEdit``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Literal

from typing_extensions import Required, Unpack

from .._fields import Items, JobParams, Media, Range, WaitOptions, Wire
from .._spec import Spec, StartCall
from ..config import PollPolicy
from ..models.image_edit import ImageEditTask
from ._records import Batched, Deletable, Listed, RecordPaths, Startable

__all__ = ["ImageEdit", "ImageEditParams", "ImageEditWaitParams"]

_PREFIX = "/api/v1/userImageEdit"


class ImageEditParams(JobParams, total=False):
    """Parameters of :meth:`ImageEdit.start` (``POST /api/v1/userImageEdit/start``)."""

    edit_type: Required[Literal["clothing", "product"]]
    """``"clothing"`` (outfit change) or ``"product"`` (the person holds a product)."""
    image_urls: Required[Annotated[Sequence[Media], Items(2)]]
    """At least two images; A2E's example for ``"product"`` sends the product image, then
    the model photo."""
    processing_timeout: Annotated[float, Wire("timeout"), Range(1)] | None
    """Seconds A2E may spend processing (wire ``timeout``; A2E's default: 120)."""


class ImageEditWaitParams(ImageEditParams, WaitOptions[ImageEditTask], total=False):
    """:class:`ImageEditParams` and the wait options."""


class ImageEdit(
    Startable[ImageEditTask],
    Listed[ImageEditTask],
    Batched[ImageEditTask],
    Deletable[ImageEditTask],
):
    """Change a person's outfit, or make them hold a product."""

    model = ImageEditTask
    paths = RecordPaths.common("image_edit", _PREFIX)
    # One image, A2E's own timeout is 120 s: seconds to a few minutes.
    policy = PollPolicy(initial_delay=3.0, factor=1.5, max_interval=10.0, deadline=900.0)
    start_call = StartCall("image_edit", "start", _PREFIX + "/start", Spec(ImageEditParams))

    async def start(self, **params: Unpack[ImageEditParams]) -> ImageEditTask:
        """Start an image edit: ``POST /api/v1/userImageEdit/start``.

        Parameters: :class:`ImageEditParams` (media may be URLs, local paths or
        ``(bytes, filename)``; ``name`` defaults to a unique one). Where the result lands is
        undocumented: see :class:`~a2e_async.ImageEditTask`.

        Returns the new task. Raises ``ValidationError`` before sending,
        ``OutcomeUnknownError`` if the call may have reached A2E unanswered (never resent),
        ``APIError`` subclasses for A2E's refusals.
        """
        return await self._start_with(params)

    async def start_and_wait(self, **params: Unpack[ImageEditWaitParams]) -> ImageEditTask:
        """:meth:`start`, then :meth:`wait`; returns the completed task."""
        return await self._start_and_wait(params)
