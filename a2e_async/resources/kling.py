"""Kling image, video and Omni: ``client.kling_image``, ``client.kling_video``,
``client.kling_omni`` (A2E's ``userKlingImage``, ``klingVideo``, ``klingOmni``).

Parameters, limits and defaults are from A2E's spec catalog (SK); the cross-field rules from
its prose, quoted in full by a public copy of the reference (S-q).
"""

from __future__ import annotations

import builtins
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Literal

from typing_extensions import Required, Unpack

from .._fields import Items, JobParams, Media, Range, Text, WaitOptions
from .._spec import Spec, StartCall
from ..errors import ValidationError
from ..models.kling import KlingImageTask, KlingOmniTask, KlingVideoTask
from ._records import (
    IMAGE_POLICY,
    VIDEO_POLICY,
    Batched,
    Deletable,
    Listed,
    ListedOnce,
    RecordPaths,
    Renamable,
    Startable,
)
from ._rules import forbidden_with, required_with

__all__ = [
    "KlingImage",
    "KlingImageParams",
    "KlingImageWaitParams",
    "KlingOmni",
    "KlingOmniParams",
    "KlingOmniWaitParams",
    "KlingVideo",
    "KlingVideoParams",
    "KlingVideoWaitParams",
    "Seconds3To15",
]

_IMAGE = "/api/v1/userKlingImage"
_VIDEO = "/api/v1/klingVideo"
_OMNI = "/api/v1/klingOmni"

Seconds3To15 = Literal["3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15"]
"""A duration in whole seconds, as the string A2E's schema asks for."""


class KlingImageParams(JobParams, total=False):
    """Parameters of :meth:`KlingImage.start` (``POST /api/v1/userKlingImage/start``)."""

    prompt: Required[Annotated[str, Text()]]
    """What to generate."""
    input_images: Annotated[Sequence[Media], Items(1)] | None
    """Reference images."""
    aspect_ratio: Literal["1:1", "16:9", "9:16", "4:3", "3:4", "2:3", "3:2", "21:9"] | None
    """Aspect ratio (A2E's default: ``9:16``)."""
    resolution: Literal["1k", "2k"] | None
    """Resolution (A2E's default: ``1k``)."""
    n: Annotated[int, Range(1, 9)] | None
    """How many images (1-9); A2E creates one task per image."""


class KlingImageWaitParams(KlingImageParams, WaitOptions[KlingImageTask], total=False):
    """:class:`KlingImageParams` and the wait options."""


class KlingVideoParams(JobParams, total=False):
    """Parameters of :meth:`KlingVideo.start` (``POST /api/v1/klingVideo/start``)."""

    mode: Required[Literal["text-to-video", "image-to-video", "motion-control"]]
    """Text to video, image to video (optional end frame in ``pro``), or motion control
    (the motion of ``video_url`` on ``image_url``)."""
    prompt: Required[Annotated[str, Text()]]
    """What the video shows."""
    version: Literal["2.6", "3.0"] | None
    """Kling version (A2E's default: ``2.6``, which makes 5 s or 10 s; 3.0 makes 3-15 s)."""
    model_version: Literal["standard", "fast"] | None
    """Kling 3.0 variant (A2E's default: ``standard``); ``fast`` needs version 3.0, makes
    text or image to video and takes ``resolution`` instead of 4K."""
    resolution: Literal["720p", "1080p"] | None
    """Output resolution, used by ``model_version="fast"`` (A2E's default: ``720p``)."""
    quality_mode: Literal["std", "pro", "4k"] | None
    """Quality (A2E's default: ``std``); ``4k`` is Kling 3.0 text or image to video only."""
    duration: Seconds3To15 | None
    """Seconds, as a string (A2E's default: ``"5"``); version 2.6 makes ``"5"`` or ``"10"``,
    and ``character_orientation="image"`` at most 10."""
    image_url: Media | None
    """The image (required for image to video and motion control)."""
    video_url: Media | None
    """The motion video (required for motion control)."""
    aspect_ratio: Literal["16:9", "9:16", "1:1"] | None
    """Aspect ratio, used by text to video (A2E's default: ``16:9``)."""
    sound: bool | None
    """Generate audio (A2E's default: false); version 2.6 only with ``quality_mode="pro"``."""
    end_image_url: Media | None
    """The last frame, used by image to video with ``quality_mode="pro"``; not with sound
    on 2.6."""
    character_orientation: Literal["video", "image"] | None
    """Motion control: follow the video's orientation (A2E's default) or the image's
    (at most 10 s)."""
    negative_prompt: Annotated[str, Text()] | None
    """What to avoid."""
    seed: int | None
    """Random seed, for reproducible results."""


class KlingVideoWaitParams(KlingVideoParams, WaitOptions[KlingVideoTask], total=False):
    """:class:`KlingVideoParams` and the wait options."""


class KlingOmniParams(JobParams, total=False):
    """Parameters of :meth:`KlingOmni.start` (``POST /api/v1/klingOmni/start``)."""

    prompt: Annotated[str, Text()] | None
    """What the video shows; ``<<<image_N>>>`` refers to the N-th of ``image_list``.
    Required unless ``multi_shot`` with ``shot_type="customize"``."""
    image_list: Annotated[Sequence[Media], Items(1, 7)] | None
    """Up to 7 reference images (jpg/jpeg/png, at most 10 MB each)."""
    mode: Literal["std", "pro"] | None
    """``std`` (720p, A2E's default) or ``pro`` (1080p)."""
    duration: Seconds3To15 | None
    """Seconds, as a string (A2E's default: ``"5"``)."""
    aspect_ratio: Literal["16:9", "9:16", "1:1"] | None
    """Aspect ratio (A2E's default: ``16:9``)."""
    sound: bool | None
    """Generate native sound (A2E's default: false)."""
    multi_shot: bool | None
    """Several shots (A2E's default: false); needs ``shot_type``."""
    shot_type: Literal["intelligence", "customize"] | None
    """Required with ``multi_shot``: A2E directs the shots, or ``multi_prompt`` does."""
    multi_prompt: Annotated[Sequence[Mapping[str, Any]], Items(1, 6)] | None
    """The storyboard of ``shot_type="customize"``: 1-6 shots, each ``{"prompt": ...,
    "duration": seconds}``; the durations add up to ``duration``."""


class KlingOmniWaitParams(KlingOmniParams, WaitOptions[KlingOmniTask], total=False):
    """:class:`KlingOmniParams` and the wait options."""


def _video_sound(values: Mapping[str, Any]) -> None:
    if values.get("version", "2.6") != "2.6":
        return
    if values.get("sound") and values.get("quality_mode", "std") != "pro":
        raise ValidationError("sound", "on Kling 2.6 needs quality_mode='pro'")
    if values.get("sound") and "end_image_url" in values:
        raise ValidationError("end_image_url", "cannot be used with sound on Kling 2.6")


def _orientation_duration(values: Mapping[str, Any]) -> None:
    if values.get("character_orientation") == "image" and int(values.get("duration", "5")) > 10:
        raise ValidationError("duration", "is at most 10 s with character_orientation='image'")


_I2V_OR_MOTION = ("image-to-video", "motion-control")
_VIDEO_RULES = (
    required_with("mode", _I2V_OR_MOTION, "image_url"),
    required_with("mode", ("motion-control",), "video_url"),
    forbidden_with("model_version", ("fast",), "version", ("2.6",), default="2.6"),
    forbidden_with("model_version", ("fast",), "mode", ("motion-control",)),
    forbidden_with("quality_mode", ("4k",), "version", ("2.6",), default="2.6"),
    forbidden_with("quality_mode", ("4k",), "mode", ("motion-control",)),
    forbidden_with("quality_mode", ("4k",), "model_version", ("fast",), default="standard"),
    forbidden_with(
        "duration",
        ("3", "4", "6", "7", "8", "9", "11", "12", "13", "14", "15"),
        "version",
        ("2.6",),
        default="2.6",
        why="Kling 2.6 makes '5' or '10' seconds",
    ),
    _video_sound,
    _orientation_duration,
)


def _storyboard(values: Mapping[str, Any]) -> None:
    customize = values.get("multi_shot") and values.get("shot_type") == "customize"
    if not customize and "prompt" not in values:
        raise ValidationError("prompt", "is required unless multi_shot with shot_type='customize'")
    shots = values.get("multi_prompt")
    if shots is None:
        return
    total = 0.0
    for shot in shots:
        prompt, seconds = shot.get("prompt"), shot.get("duration")
        if not isinstance(prompt, str) or not prompt.strip():
            raise ValidationError("multi_prompt", "every shot needs a 'prompt'")
        try:
            total += float(seconds)
        except (TypeError, ValueError):
            raise ValidationError("multi_prompt", "every shot needs a 'duration'") from None
    wanted = int(values.get("duration", "5"))
    if total != wanted:
        raise ValidationError("multi_prompt", f"shots last {total:g} s; duration is {wanted} s")


_OMNI_RULES = (
    required_with("multi_shot", (True,), "shot_type"),
    required_with("shot_type", ("customize",), "multi_prompt"),
    _storyboard,
)


class KlingImage(
    Startable[KlingImageTask],
    ListedOnce[KlingImageTask],
    Batched[KlingImageTask],
    Deletable[KlingImageTask],
):
    """Generate images with Kling 3.0 (``n`` at a time)."""

    model = KlingImageTask
    paths = RecordPaths.by_detail("kling_image", _IMAGE, page_params=None, batch_size=200)
    policy = IMAGE_POLICY
    start_call = StartCall("kling_image", "start", _IMAGE + "/start", Spec(KlingImageParams))

    async def start(self, **params: Unpack[KlingImageParams]) -> builtins.list[KlingImageTask]:
        """Start Kling images: ``POST /api/v1/userKlingImage/start``; returns every task it
        creates (A2E: "one or more", up to ``n``; an answer of one record is read as one
        task). See :class:`Startable` for what it raises."""
        return await self._start_all_with(params)

    async def start_and_wait(
        self, **params: Unpack[KlingImageWaitParams]
    ) -> builtins.list[KlingImageTask]:
        """:meth:`start`, then wait for every task; returns them completed, in A2E's order.
        The first failure raises ``TaskFailed``; the others keep running."""
        return await self._start_all_and_wait(params)


class KlingVideo(
    Startable[KlingVideoTask],
    Listed[KlingVideoTask],
    Batched[KlingVideoTask],
    Renamable[KlingVideoTask],
    Deletable[KlingVideoTask],
):
    """Kling 2.6 / 3.0 video: text to video, image to video, motion control."""

    model = KlingVideoTask
    paths = RecordPaths.common("kling_video", _VIDEO, rename=True)
    policy = VIDEO_POLICY
    start_call = StartCall(
        "kling_video", "start", _VIDEO + "/start", Spec(KlingVideoParams, rules=_VIDEO_RULES)
    )

    async def start(self, **params: Unpack[KlingVideoParams]) -> KlingVideoTask:
        """Start a Kling video: ``POST /api/v1/klingVideo/start`` (see :class:`Startable`)."""
        return await self._start_with(params)

    async def start_and_wait(self, **params: Unpack[KlingVideoWaitParams]) -> KlingVideoTask:
        """:meth:`start`, then :meth:`wait`; returns the completed task (``result_url``)."""
        return await self._start_and_wait(params)


class KlingOmni(
    Startable[KlingOmniTask],
    Listed[KlingOmniTask],
    Batched[KlingOmniTask],
    Renamable[KlingOmniTask],
    Deletable[KlingOmniTask],
):
    """Kling Omni (kling-v3-omni) video: reference images, multi-shot storyboards, sound."""

    model = KlingOmniTask
    paths = RecordPaths.common("kling_omni", _OMNI, rename=True, batch_size=200)
    policy = VIDEO_POLICY
    start_call = StartCall(
        "kling_omni", "start", _OMNI + "/start", Spec(KlingOmniParams, rules=_OMNI_RULES)
    )

    async def start(self, **params: Unpack[KlingOmniParams]) -> KlingOmniTask:
        """Start a Kling Omni video: ``POST /api/v1/klingOmni/start`` (see
        :class:`Startable`)."""
        return await self._start_with(params)

    async def start_and_wait(self, **params: Unpack[KlingOmniWaitParams]) -> KlingOmniTask:
        """:meth:`start`, then :meth:`wait`; returns the completed task (``result_url``)."""
        return await self._start_and_wait(params)
