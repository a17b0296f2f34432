"""Video to video: ``client.video_to_video`` (A2E's ``motionTransfer``)."""

from __future__ import annotations

from typing import Annotated

from typing_extensions import Required, Unpack

from .._fields import JobParams, Media, Range, Text, WaitOptions, Wire
from .._spec import Spec, StartCall
from ..config import PollPolicy
from ..models.video_to_video import VideoToVideoTask
from ._records import Batched, Deletable, Listed, RecordPaths, Startable

__all__ = ["VideoToVideo", "VideoToVideoParams", "VideoToVideoWaitParams"]

_PREFIX = "/api/v1/motionTransfer"


class VideoToVideoParams(JobParams, total=False):
    """Parameters of :meth:`VideoToVideo.start` (``POST /api/v1/motionTransfer/start``)."""

    image_url: Required[Media]
    """Who moves: the reference image."""
    video_url: Required[Media]
    """How they move: the control video."""
    prompt: Annotated[str, Wire("positive_prompt"), Text()] | None
    """What the result should show (wire ``positive_prompt``)."""
    negative_prompt: Annotated[str, Text()] | None
    """What to avoid."""
    processing_timeout: Annotated[float, Wire("timeout"), Range(1)] | None
    """Seconds A2E may spend processing (wire ``timeout``; A2E's default: 300)."""


class VideoToVideoWaitParams(VideoToVideoParams, WaitOptions[VideoToVideoTask], total=False):
    """:class:`VideoToVideoParams` and the wait options."""


class VideoToVideo(
    Startable[VideoToVideoTask],
    Listed[VideoToVideoTask],
    Batched[VideoToVideoTask],
    Deletable[VideoToVideoTask],
):
    """Make the person in a reference image perform the motion of a control video."""

    model = VideoToVideoTask
    paths = RecordPaths.common("video_to_video", _PREFIX)
    # A video is rendered (A2E's own timeout defaults to 300 s): minutes.
    policy = PollPolicy(initial_delay=10.0, factor=1.5, max_interval=30.0, deadline=3600.0)
    start_call = StartCall("video_to_video", "start", _PREFIX + "/start", Spec(VideoToVideoParams))

    async def start(self, **params: Unpack[VideoToVideoParams]) -> VideoToVideoTask:
        """Start a motion transfer: ``POST /api/v1/motionTransfer/start``.

        Parameters: :class:`VideoToVideoParams` (media may be URLs, local paths or
        ``(bytes, filename)``; ``name`` defaults to a unique one).

        Returns the new task. Raises ``ValidationError`` before sending,
        ``OutcomeUnknownError`` if the call may have reached A2E unanswered (never resent),
        ``APIError`` subclasses for A2E's refusals.
        """
        return await self._start_with(params)

    async def start_and_wait(self, **params: Unpack[VideoToVideoWaitParams]) -> VideoToVideoTask:
        """:meth:`start`, then :meth:`wait`; returns the completed task
        (``result_video_url``)."""
        return await self._start_and_wait(params)
