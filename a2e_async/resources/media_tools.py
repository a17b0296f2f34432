"""Head swap, actor swap, photobook, ThinkSound and upscale: ``client.head_swap``,
``client.actor_swap``, ``client.photobook``, ``client.think_sound``, ``client.upscale``
(A2E's ``headSwap``, ``actorSwap``, ``userPhotobook``, ``thinkSound``, ``userUpscale``).

Parameters, limits and defaults are from A2E's spec catalog (SK; head and actor swap are
also summarised in part2, appendix A).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from typing_extensions import Required, Unpack

from .._fields import (
    JobParams,
    Media,
    NamedParams,
    Range,
    Reference,
    Text,
    WaitOptions,
    WebhookParams,
    Wire,
)
from .._spec import Spec, StartCall
from ..config import PollPolicy
from ..errors import ValidationError
from ..models.media_tools import (
    ActorSwapTask,
    HeadSwapTask,
    PhotobookTask,
    ThinkSoundTask,
    UpscaleTask,
)
from ._records import VIDEO_POLICY, Batched, Deletable, Listed, RecordPaths, Startable

__all__ = [
    "ActorSwap",
    "ActorSwapParams",
    "ActorSwapWaitParams",
    "HeadSwap",
    "HeadSwapParams",
    "HeadSwapWaitParams",
    "Photobook",
    "PhotobookParams",
    "PhotobookWaitParams",
    "ThinkSound",
    "ThinkSoundParams",
    "ThinkSoundWaitParams",
    "Upscale",
    "UpscaleParams",
    "UpscaleWaitParams",
]

_HEAD = "/api/v1/headSwap"
_ACTOR = "/api/v1/actorSwap"
_BOOK = "/api/v1/userPhotobook"
_SOUND = "/api/v1/thinkSound"
_UPSCALE = "/api/v1/userUpscale"
# An image or a short clip: seconds to minutes.
_TOOL_POLICY = PollPolicy(initial_delay=5.0, factor=1.5, max_interval=20.0, deadline=1800.0)
_VIDEO_SUFFIXES = (".mp4", ".avi", ".mov", ".mkv")


class HeadSwapParams(WebhookParams, total=False):
    """Parameters of :meth:`HeadSwap.start` (``POST /api/v1/headSwap/start``).

    A2E takes no name for this call: an ``OutcomeUnknownError`` names the head image."""

    image_url: Required[Annotated[Media, Reference(generate=False)]]
    """The head to put in (source image)."""
    target_image_url: Required[Media]
    """The body image or video the head goes onto."""
    minor_suspected_skip: bool | None
    """Proceed past A2E's suspected-minor warning (ages 10-14; code 1004). A detected minor
    (code 1003) is refused regardless (HTTP 403)."""


class HeadSwapWaitParams(HeadSwapParams, WaitOptions[HeadSwapTask], total=False):
    """:class:`HeadSwapParams` and the wait options."""


class ActorSwapParams(JobParams, total=False):
    """Parameters of :meth:`ActorSwap.start` (``POST /api/v1/actorSwap/start``)."""

    image_url: Required[Media]
    """The actor to put in (reference image)."""
    video_url: Required[Media]
    """The control video."""
    prompt: Annotated[str, Text()] | None
    """What the result should show."""
    negative_prompt: Annotated[str, Text()] | None
    """What to avoid."""
    processing_timeout: Annotated[int, Wire("timeout"), Range(1)] | None
    """Seconds A2E may spend processing (wire ``timeout``; A2E's default: 300)."""


class ActorSwapWaitParams(ActorSwapParams, WaitOptions[ActorSwapTask], total=False):
    """:class:`ActorSwapParams` and the wait options."""


class PhotobookParams(NamedParams, total=False):
    """Parameters of :meth:`Photobook.start` (``POST /api/v1/userPhotobook/start``; A2E
    takes no webhook here)."""

    face_image_url: Required[Media]
    """The face every photo shows."""
    location: Annotated[str, Text()] | None
    """The scene or location."""
    clothing: Annotated[str, Text()] | None
    """The clothing (applied in A2E's image edit step)."""
    total_count: Literal[4, 8, 12, 16] | None
    """How many photos (A2E's default: 4)."""


class PhotobookWaitParams(PhotobookParams, WaitOptions[PhotobookTask], total=False):
    """:class:`PhotobookParams` and the wait options."""


class ThinkSoundParams(JobParams, total=False):
    """Parameters of :meth:`ThinkSound.start` (``POST /api/v1/thinkSound/start``)."""

    video_url: Required[Media]
    """The video to make sound for (.mp4, .avi, .mov or .mkv)."""
    caption: Annotated[str, Text(blank=True)] | None
    """A caption for the generation (A2E's default: ``""``)."""
    cot_description: Annotated[str, Text(blank=True)] | None
    """A chain-of-thought description (A2E's default: ``""``)."""
    seed: int | None
    """Random seed, for reproducible results."""


class ThinkSoundWaitParams(ThinkSoundParams, WaitOptions[ThinkSoundTask], total=False):
    """:class:`ThinkSoundParams` and the wait options."""


class UpscaleParams(JobParams, total=False):
    """Parameters of :meth:`Upscale.start` (``POST /api/v1/userUpscale/start``)."""

    source_url: Required[Media]
    """The image or video to upscale."""


class UpscaleWaitParams(UpscaleParams, WaitOptions[UpscaleTask], total=False):
    """:class:`UpscaleParams` and the wait options."""


def _video_file(values: Mapping[str, Any]) -> None:
    """ThinkSound takes .mp4, .avi, .mov or .mkv (a URL's path or a local file's name)."""
    source = values["video_url"]
    if isinstance(source, str):
        name = urlsplit(source).path
    elif isinstance(source, tuple):
        name = source[1]
    else:
        name = os.fspath(source)
    if not name.lower().endswith(_VIDEO_SUFFIXES):
        raise ValidationError("video_url", f"must be one of {', '.join(_VIDEO_SUFFIXES)}")


class HeadSwap(
    Startable[HeadSwapTask], Listed[HeadSwapTask], Batched[HeadSwapTask], Deletable[HeadSwapTask]
):
    """Swap the head of an image onto a body image or video.

    A2E deletes an ``initialized`` task with a refund and a finished one without; it refuses
    (HTTP 400) to delete one that is ``sent``, ``pending`` or ``processing``. Its lists show
    only records that have not expired.
    """

    model = HeadSwapTask
    paths = RecordPaths.common("head_swap", _HEAD)
    policy = _TOOL_POLICY
    start_call = StartCall("head_swap", "start", _HEAD + "/start", Spec(HeadSwapParams))

    async def start(self, **params: Unpack[HeadSwapParams]) -> HeadSwapTask:
        """Start a head swap: ``POST /api/v1/headSwap/start`` (see :class:`Startable`); A2E
        refuses a minor with HTTP 403 (codes 1003 / 1004)."""
        return await self._start_with(params)

    async def start_and_wait(self, **params: Unpack[HeadSwapWaitParams]) -> HeadSwapTask:
        """:meth:`start`, then :meth:`wait`; returns the completed task (``result_url``)."""
        return await self._start_and_wait(params)


class ActorSwap(
    Startable[ActorSwapTask],
    Listed[ActorSwapTask],
    Batched[ActorSwapTask],
    Deletable[ActorSwapTask],
):
    """Put the actor of an image into a video."""

    model = ActorSwapTask
    paths = RecordPaths.common("actor_swap", _ACTOR)
    policy = VIDEO_POLICY
    start_call = StartCall("actor_swap", "start", _ACTOR + "/start", Spec(ActorSwapParams))

    async def start(self, **params: Unpack[ActorSwapParams]) -> ActorSwapTask:
        """Start an actor swap: ``POST /api/v1/actorSwap/start`` (see :class:`Startable`)."""
        return await self._start_with(params)

    async def start_and_wait(self, **params: Unpack[ActorSwapWaitParams]) -> ActorSwapTask:
        """:meth:`start`, then :meth:`wait`; returns the completed task (``result_url``)."""
        return await self._start_and_wait(params)


class Photobook(
    Startable[PhotobookTask],
    Listed[PhotobookTask],
    Batched[PhotobookTask],
    Deletable[PhotobookTask],
):
    """A photobook: 4-16 photos of one face, in a place and clothing you describe.

    A2E may refuse (HTTP 400) to delete a photobook while it is processing.
    """

    model = PhotobookTask
    paths = RecordPaths.common("photobook", _BOOK)
    policy = _TOOL_POLICY
    start_call = StartCall("photobook", "start", _BOOK + "/start", Spec(PhotobookParams))

    async def start(self, **params: Unpack[PhotobookParams]) -> PhotobookTask:
        """Start a photobook: ``POST /api/v1/userPhotobook/start`` (see :class:`Startable`)."""
        return await self._start_with(params)

    async def start_and_wait(self, **params: Unpack[PhotobookWaitParams]) -> PhotobookTask:
        """:meth:`start`, then :meth:`wait`; returns the completed book (``urls``)."""
        return await self._start_and_wait(params)


class ThinkSound(
    Startable[ThinkSoundTask],
    Listed[ThinkSoundTask],
    Batched[ThinkSoundTask],
    Deletable[ThinkSoundTask],
):
    """ThinkSound: generate the sound of a video."""

    model = ThinkSoundTask
    paths = RecordPaths.common("think_sound", _SOUND)
    policy = VIDEO_POLICY
    start_call = StartCall(
        "think_sound", "start", _SOUND + "/start", Spec(ThinkSoundParams, rules=[_video_file])
    )

    async def start(self, **params: Unpack[ThinkSoundParams]) -> ThinkSoundTask:
        """Start ThinkSound: ``POST /api/v1/thinkSound/start`` (see :class:`Startable`)."""
        return await self._start_with(params)

    async def start_and_wait(self, **params: Unpack[ThinkSoundWaitParams]) -> ThinkSoundTask:
        """:meth:`start`, then :meth:`wait`; returns the completed task (``result_url``)."""
        return await self._start_and_wait(params)


class Upscale(
    Startable[UpscaleTask], Listed[UpscaleTask], Batched[UpscaleTask], Deletable[UpscaleTask]
):
    """Upscale an image or a video."""

    model = UpscaleTask
    paths = RecordPaths.common("upscale", _UPSCALE)
    policy = _TOOL_POLICY
    start_call = StartCall("upscale", "start", _UPSCALE + "/start", Spec(UpscaleParams))

    async def start(self, **params: Unpack[UpscaleParams]) -> UpscaleTask:
        """Start an upscale: ``POST /api/v1/userUpscale/start`` (see :class:`Startable`)."""
        return await self._start_with(params)

    async def start_and_wait(self, **params: Unpack[UpscaleWaitParams]) -> UpscaleTask:
        """:meth:`start`, then :meth:`wait`; returns the completed task (``result_url``)."""
        return await self._start_and_wait(params)
