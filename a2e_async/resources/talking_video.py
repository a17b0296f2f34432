"""Talking video: ``client.talking_video`` (A2E's ``talkingVideo``)."""

from __future__ import annotations

from typing import Annotated

from typing_extensions import Required, Unpack

from .._fields import JobParams, Media, Range, Text, WaitOptions
from .._spec import Spec, StartCall
from ..config import PollPolicy
from ..models.talking_video import TalkingVideoTask
from ._records import Batched, Deletable, Listed, RecordPaths, Startable

__all__ = ["TalkingVideo", "TalkingVideoParams", "TalkingVideoWaitParams"]

_PREFIX = "/api/v1/talkingVideo"


class TalkingVideoParams(JobParams, total=False):
    """Parameters of :meth:`TalkingVideo.start` (``POST /api/v1/talkingVideo/start``)."""

    video_url: Required[Media]
    """The person's video."""
    prompt: Required[Annotated[str, Text()]]
    """What the result should look like (A2E requires it; its documented example is a good
    start)."""
    negative_prompt: Required[Annotated[str, Text()]]
    """What to avoid (A2E requires it)."""
    audio_url: Media | None
    """The speech to say."""
    duration: Annotated[int, Range(1, 20)] | None
    """Length in seconds, 1-20 (A2E's default: 3)."""


class TalkingVideoWaitParams(TalkingVideoParams, WaitOptions[TalkingVideoTask], total=False):
    """:class:`TalkingVideoParams` and the wait options."""


class TalkingVideo(
    Startable[TalkingVideoTask],
    Listed[TalkingVideoTask],
    Batched[TalkingVideoTask],
    Deletable[TalkingVideoTask],
):
    """Re-animate a person in a video so that they speak a new audio."""

    model = TalkingVideoTask
    paths = RecordPaths.common("talking_video", _PREFIX)
    # Renders of a few seconds of video: minutes, like talking photos.
    policy = PollPolicy(initial_delay=5.0, factor=1.5, max_interval=20.0, deadline=1800.0)
    start_call = StartCall("talking_video", "start", _PREFIX + "/start", Spec(TalkingVideoParams))

    async def start(self, **params: Unpack[TalkingVideoParams]) -> TalkingVideoTask:
        """Start a talking video: ``POST /api/v1/talkingVideo/start``.

        Parameters: :class:`TalkingVideoParams` (media may be URLs, local paths or
        ``(bytes, filename)``; ``name`` defaults to a unique one).

        Returns the new task (``initialized``). Raises ``ValidationError`` before sending,
        ``OutcomeUnknownError`` if the call may have reached A2E unanswered (never resent),
        ``APIError`` subclasses for A2E's refusals.
        """
        return await self._start_with(params)

    async def start_and_wait(self, **params: Unpack[TalkingVideoWaitParams]) -> TalkingVideoTask:
        """:meth:`start`, then :meth:`wait`; returns the completed task (``result_url``)."""
        return await self._start_and_wait(params)
