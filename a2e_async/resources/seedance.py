"""Seedance 1.5 Pro and 2.x: ``client.seedance``, ``client.seedance2`` (A2E's
``seedanceVideo``, ``seedance2Video``).

Parameters, limits and defaults are from A2E's spec catalog (SK); the cross-field rules from
its prose, quoted in full by a public copy of the reference (S-q).

Seedance 1.5's catalog has only a start call and the list: there is no call to read one
task, read many, or delete one. :meth:`Seedance.get` (and so every wait) finds the task in
the newest-first list, and the waiter refreshes many waits with one page of it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Literal

from typing_extensions import Required, Unpack

from .._fields import Items, JobParams, Media, Range, Text, WaitOptions, needs
from .._spec import Spec, StartCall
from ..errors import ValidationError
from ..models.seedance import Seedance2Task, SeedanceTask
from ._records import (
    VIDEO_POLICY,
    Batched,
    Deletable,
    Listed,
    RecordPaths,
    Renamable,
    Startable,
)
from ._rules import forbidden_with, required_with

__all__ = [
    "Seedance",
    "Seedance2",
    "Seedance2Params",
    "Seedance2WaitParams",
    "SeedanceParams",
    "SeedanceWaitParams",
]

_V15 = "/api/v1/seedanceVideo"
_V2 = "/api/v1/seedance2Video"


class SeedanceParams(JobParams, total=False):
    """Parameters of :meth:`Seedance.start` (``POST /api/v1/seedanceVideo/start``)."""

    prompt: Required[Annotated[str, Text()]]
    """What the video shows."""
    mode: Literal["text-to-video", "image-to-video"] | None
    """A2E's default: ``text-to-video``; ``image-to-video`` needs ``image_url`` (with
    ``end_image_url`` too, A2E makes it first-and-last-frames)."""
    image_url: Media | None
    """The first frame (image to video)."""
    end_image_url: Media | None
    """The last frame; needs ``image_url``."""
    duration: Literal["5", "10"] | None
    """Seconds, as a string (A2E's default: ``"5"``)."""
    aspect_ratio: Literal["16:9", "9:16", "1:1"] | None
    """Aspect ratio (A2E's default: ``16:9``)."""
    resolution: Literal["480p", "720p"] | None
    """Resolution (A2E's default: ``720p``)."""
    camera_fixed: bool | None
    """Keep the camera still (A2E's default: false)."""
    generate_audio: bool | None
    """Generate audio (A2E's default: false)."""


class SeedanceWaitParams(SeedanceParams, WaitOptions[SeedanceTask], total=False):
    """:class:`SeedanceParams` and the wait options."""


class Seedance2Params(JobParams, total=False):
    """Parameters of :meth:`Seedance2.start` (``POST /api/v1/seedance2Video/start``)."""

    prompt: Required[Annotated[str, Text()]]
    """What the video shows."""
    mode: Literal["text-to-video", "image-to-video", "first-last-frames", "reference"] | None
    """A2E's default: ``text-to-video``. ``image-to-video`` takes ``image_url`` (and
    ``last_frame_url``), ``first-last-frames`` takes ``first_frame_url`` and
    ``last_frame_url``, ``reference`` any of ``reference_urls``, ``video_urls`` and
    ``audio_urls`` (on 2.0 audio needs an image or video beside it)."""
    model_version: Literal["standard", "mini", "fast", "2.5"] | None
    """A Seedance 2.0 tier (A2E's default: ``standard``), or ``2.5``."""
    omni_reference_task_type: Literal["reference", "edit", "extend"] | None
    """Seedance 2.5 reference mode only: ``edit`` takes exactly one of ``video_urls``."""
    image_url: Media | None
    """The first frame of image to video."""
    first_frame_url: Media | None
    """The first frame of first-last-frames."""
    last_frame_url: Media | None
    """The last frame (optional for image to video, required for first-last-frames)."""
    reference_urls: Annotated[Sequence[Media], Items(1, 30)] | None
    """Reference images: at most 9 on 2.0, 30 on 2.5."""
    video_urls: Annotated[Sequence[Media], Items(1, 10)] | None
    """Reference videos (mp4/mov): at most 3 on 2.0, 10 on 2.5."""
    audio_urls: Annotated[Sequence[Media], Items(1, 10)] | None
    """Reference audio (mp3/wav): at most 3 on 2.0, 10 on 2.5."""
    input_video_duration: Annotated[float, Range(2, 45.5)] | None
    """Your estimate of the reference videos' total seconds (A2E bills on the larger of
    this and what it measures)."""
    duration: int | None
    """Seconds (A2E's default: 5): at most 15 on 2.0, 30 on 2.5."""
    aspect_ratio: Literal["adaptive", "21:9", "16:9", "4:3", "1:1", "3:4", "9:16"] | None
    """Aspect ratio (A2E's default: ``16:9``)."""
    resolution: Literal["480p", "720p", "1080p", "4k"] | None
    """Resolution (A2E's default: ``720p``): ``4k`` only on the standard 2.0 tier, 480p or
    720p on mini and fast, up to 1080p on 2.5."""
    generate_audio: bool | None
    """Generate audio (A2E's default: **true**, and billed so)."""
    minor_suspected_skip: bool | None
    """Skip A2E's soft suspected-minor block (code 1004); the hard block (1003) stays."""


class Seedance2WaitParams(Seedance2Params, WaitOptions[Seedance2Task], total=False):
    """:class:`Seedance2Params` and the wait options."""


def _v2_limits(values: Mapping[str, Any]) -> None:
    """The per-version limits of A2E's prose: durations and reference counts."""
    version = values.get("model_version", "standard")
    if version == "2.5":
        if (
            values.get("omni_reference_task_type") == "edit"
            and len(values.get("video_urls", ())) != 1
        ):
            raise ValidationError("video_urls", "omni_reference_task_type='edit' takes exactly one")
        return
    if values.get("duration", 5) > 15:
        raise ValidationError("duration", "is at most 15 s on Seedance 2.0")
    for name, most in (("reference_urls", 9), ("video_urls", 3), ("audio_urls", 3)):
        if len(values.get(name, ())) > most:
            raise ValidationError(name, f"takes at most {most} on Seedance 2.0")
    if "audio_urls" in values and not ({"reference_urls", "video_urls"} & values.keys()):
        raise ValidationError("audio_urls", "needs an image or video reference on Seedance 2.0")


_SEEDANCE_RULES = (
    required_with("mode", ("image-to-video",), "image_url", default="text-to-video"),
    needs("end_image_url", "image_url"),
)
_SEEDANCE2_RULES = (
    required_with("mode", ("image-to-video",), "image_url", default="text-to-video"),
    required_with(
        "mode", ("first-last-frames",), "first_frame_url", "last_frame_url", default="text-to-video"
    ),
    forbidden_with(
        "resolution", ("4k",), "model_version", ("mini", "fast", "2.5"), default="standard"
    ),
    forbidden_with("resolution", ("1080p",), "model_version", ("mini", "fast"), default="standard"),
    _v2_limits,
)


class Seedance(Startable[SeedanceTask], Listed[SeedanceTask]):
    """Seedance 1.5 Pro video (BytePlus): text or image to video.

    A2E offers no call to read one task or delete one: :meth:`get` and the waits read the
    list (see the module docstring).
    """

    model = SeedanceTask
    paths = RecordPaths(family="seedance", detail=None, list=_V15 + "/allRecords")
    policy = VIDEO_POLICY
    start_call = StartCall(
        "seedance", "start", _V15 + "/start", Spec(SeedanceParams, rules=_SEEDANCE_RULES)
    )

    async def start(self, **params: Unpack[SeedanceParams]) -> SeedanceTask:
        """Start a Seedance 1.5 video: ``POST /api/v1/seedanceVideo/start`` (see
        :class:`Startable`)."""
        return await self._start_with(params)

    async def start_and_wait(self, **params: Unpack[SeedanceWaitParams]) -> SeedanceTask:
        """:meth:`start`, then :meth:`wait`; returns the completed task (``result_url``)."""
        return await self._start_and_wait(params)


class Seedance2(
    Startable[Seedance2Task],
    Listed[Seedance2Task],
    Batched[Seedance2Task],
    Renamable[Seedance2Task],
    Deletable[Seedance2Task],
):
    """Seedance 2.0 (standard, mini, fast) and 2.5 video: text, image, frames or
    references to video."""

    model = Seedance2Task
    paths = RecordPaths.common("seedance2", _V2, rename=True, batch_size=200)
    policy = VIDEO_POLICY
    start_call = StartCall(
        "seedance2", "start", _V2 + "/start", Spec(Seedance2Params, rules=_SEEDANCE2_RULES)
    )

    async def start(self, **params: Unpack[Seedance2Params]) -> Seedance2Task:
        """Start a Seedance 2.x video: ``POST /api/v1/seedance2Video/start`` (see
        :class:`Startable`)."""
        return await self._start_with(params)

    async def start_and_wait(self, **params: Unpack[Seedance2WaitParams]) -> Seedance2Task:
        """:meth:`start`, then :meth:`wait`; returns the completed task (``result_url``)."""
        return await self._start_and_wait(params)
