"""Talking photo: ``client.talking_photo`` (A2E's ``talkingPhoto``)."""

from __future__ import annotations

from typing import Annotated

from typing_extensions import Required, Unpack

from .._fields import JobParams, Media, Range, Text, WaitOptions
from .._spec import Spec, StartCall
from ..config import PollPolicy
from ..models.talking_photo import TalkingPhotoTask
from ._records import Batched, Deletable, Listed, RecordPaths, Startable

__all__ = ["TalkingPhoto", "TalkingPhotoParams", "TalkingPhotoWaitParams"]

_PREFIX = "/api/v1/talkingPhoto"


class TalkingPhotoParams(JobParams, total=False):
    """Parameters of :meth:`TalkingPhoto.start` (``POST /api/v1/talkingPhoto/start``)."""

    image_url: Required[Media]
    """The portrait."""
    prompt: Required[Annotated[str, Text()]]
    """What the result should look like (A2E requires it; its documented example in
    ``requests.json`` is a good start)."""
    negative_prompt: Required[Annotated[str, Text()]]
    """What to avoid (A2E requires it)."""
    audio_url: Media | None
    """The speech to say."""
    duration: Annotated[int, Range(1, 20)] | None
    """Length in seconds, 1-20 (A2E's default: 3)."""


class TalkingPhotoWaitParams(TalkingPhotoParams, WaitOptions[TalkingPhotoTask], total=False):
    """:class:`TalkingPhotoParams` and the wait options."""


class TalkingPhoto(
    Startable[TalkingPhotoTask],
    Listed[TalkingPhotoTask],
    Batched[TalkingPhotoTask],
    Deletable[TalkingPhotoTask],
):
    """Animate a portrait photo so that it speaks."""

    model = TalkingPhotoTask
    paths = RecordPaths.common("talking_photo", _PREFIX)
    # Callers poll every 10 s for up to 10 minutes.
    policy = PollPolicy(initial_delay=5.0, factor=1.5, max_interval=20.0, deadline=1800.0)
    start_call = StartCall("talking_photo", "start", _PREFIX + "/start", Spec(TalkingPhotoParams))

    async def start(self, **params: Unpack[TalkingPhotoParams]) -> TalkingPhotoTask:
        """Start a talking photo: ``POST /api/v1/talkingPhoto/start``.

        Parameters: :class:`TalkingPhotoParams` (media may be URLs, local paths or
        ``(bytes, filename)``; ``name`` defaults to a unique one).

        Returns the new task (``initialized``). Raises ``ValidationError`` before sending,
        ``OutcomeUnknownError`` if the call may have reached A2E unanswered (never resent),
        ``APIError`` subclasses for A2E's refusals.
        """
        return await self._start_with(params)

    async def start_and_wait(self, **params: Unpack[TalkingPhotoWaitParams]) -> TalkingPhotoTask:
        """:meth:`start`, then :meth:`wait`; returns the completed task (``result_url``)."""
        return await self._start_and_wait(params)
