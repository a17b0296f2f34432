"""AI dubbing: ``client.dubbing`` (A2E's ``userDubbing``)."""

from __future__ import annotations

from typing import Annotated

from typing_extensions import Required, Unpack

from .._fields import JobParams, Media, Range, Text, WaitOptions
from .._spec import Spec, StartCall
from ..config import PollPolicy
from ..models.dubbing import DubbingTask
from ._records import Deletable, Listed, RecordPaths, Startable, WithProcessing

__all__ = ["Dubbing", "DubbingParams", "DubbingWaitParams"]

_PREFIX = "/api/v1/userDubbing"


class DubbingParams(JobParams, total=False):
    """Parameters of :meth:`Dubbing.start` (``POST /api/v1/userDubbing/startDubbing``).

    A2E's docs page for this call was not readable and its spec lists only the webhook
    fields: these field names come from three independent callers of the live API."""

    source_url: Required[Media]
    """The video or audio to dub."""
    target_lang: Required[Annotated[str, Text(max_length=16)]]
    """The language to dub into (codes such as ``en``, ``zh``, ``es``, ``de``, ``fr``,
    ``ja``, ``ar`` are seen)."""
    source_lang: Annotated[str, Text(max_length=16)] | None
    """The spoken language; A2E detects it when omitted (callers send ``auto``)."""
    num_speakers: Annotated[int, Range(1)] | None
    """How many people speak."""
    drop_background_audio: bool | None
    """Drop music and ambience."""


class DubbingWaitParams(DubbingParams, WaitOptions[DubbingTask], total=False):
    """:class:`DubbingParams` and the wait options."""


class Dubbing(
    Startable[DubbingTask], Listed[DubbingTask], WithProcessing[DubbingTask], Deletable[DubbingTask]
):
    """Translate the speech of a video or audio into another language."""

    model = DubbingTask
    paths = RecordPaths(
        family="dubbing",
        detail=_PREFIX + "/{id}",
        list=_PREFIX + "/allRecords",
        processing=_PREFIX + "/allProcessing",
        delete=_PREFIX + "/{id}",
    )
    # Whole videos are transcribed, translated and re-voiced: minutes.
    policy = PollPolicy(initial_delay=10.0, factor=1.5, max_interval=30.0, deadline=3600.0)
    start_call = StartCall("dubbing", "start", _PREFIX + "/startDubbing", Spec(DubbingParams))

    async def start(self, **params: Unpack[DubbingParams]) -> DubbingTask:
        """Start dubbing: ``POST /api/v1/userDubbing/startDubbing``.

        Parameters: :class:`DubbingParams` (media may be a URL, a local path or
        ``(bytes, filename)``; ``name`` defaults to a unique one).

        Returns the new task. Raises ``ValidationError`` before sending,
        ``OutcomeUnknownError`` if the call may have reached A2E unanswered (never resent),
        ``APIError`` subclasses for A2E's refusals.
        """
        return await self._start_with(params)

    async def start_and_wait(self, **params: Unpack[DubbingWaitParams]) -> DubbingTask:
        """:meth:`start`, then :meth:`wait`; returns the completed task (``result_url``)."""
        return await self._start_and_wait(params)
