"""Caption removal: ``client.caption_removal`` (A2E's ``userCaptionRemoval``)."""

from __future__ import annotations

from typing import Any

from typing_extensions import Required, Unpack

from .._fields import JobParams, Media, WaitOptions
from .._spec import Spec, StartCall
from ..config import PollPolicy
from ..models.caption_removal import CaptionRemovalTask
from ._params import path_id
from ._records import Batched, Deletable, Listed, RecordPaths, Startable, WithProcessing

__all__ = ["CaptionRemoval", "CaptionRemovalParams", "CaptionRemovalWaitParams"]

_PREFIX = "/api/v1/userCaptionRemoval"


class CaptionRemovalParams(JobParams, total=False):
    """Parameters of :meth:`CaptionRemoval.start` (``POST .../userCaptionRemoval/start``).

    A2E requires a ``name``; the SDK sends a unique one when none is given."""

    source_url: Required[Media]
    """The video to clean."""


class CaptionRemovalWaitParams(CaptionRemovalParams, WaitOptions[CaptionRemovalTask], total=False):
    """:class:`CaptionRemovalParams` and the wait options."""


class CaptionRemoval(
    Startable[CaptionRemovalTask],
    Listed[CaptionRemovalTask],
    Batched[CaptionRemovalTask],
    WithProcessing[CaptionRemovalTask],
    Deletable[CaptionRemovalTask],
):
    """Erase burned-in captions and subtitles from a video."""

    model = CaptionRemovalTask
    paths = RecordPaths.common("caption_removal", _PREFIX, processing=True)
    # Whole videos are processed: minutes.
    policy = PollPolicy(initial_delay=10.0, factor=1.5, max_interval=30.0, deadline=3600.0)
    start_call = StartCall(
        "caption_removal", "start", _PREFIX + "/start", Spec(CaptionRemovalParams)
    )

    async def start(self, **params: Unpack[CaptionRemovalParams]) -> CaptionRemovalTask:
        """Start removing captions: ``POST /api/v1/userCaptionRemoval/start``.

        Parameters: :class:`CaptionRemovalParams`. Returns the new task. Raises
        ``ValidationError`` before sending, ``OutcomeUnknownError`` if the call may have
        reached A2E unanswered (never resent), ``APIError`` subclasses for A2E's refusals.
        """
        return await self._start_with(params)

    async def start_and_wait(
        self, **params: Unpack[CaptionRemovalWaitParams]
    ) -> CaptionRemovalTask:
        """:meth:`start`, then :meth:`wait`; returns the completed task (``result_url``)."""
        return await self._start_and_wait(params)

    async def retry(self, task_id: str, *, extra_body: dict[str, Any] | None = None) -> None:
        """Retry a failed task: ``POST /api/v1/userCaptionRemoval/retry``.

        Unverified body: A2E's spec names this call but shows no body; this sends
        ``{"_id": task_id}``, the only plausible shape. If A2E answers 400, the body is
        wrong: tell us, and add fields with ``extra_body`` or use ``client.request``. Then
        :meth:`wait` on the same id.
        """
        path_id("task_id", task_id)
        body = self._with_extra({"_id": task_id}, extra_body)
        await self._call("POST", _PREFIX + "/retry", json=body)
