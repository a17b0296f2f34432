"""Veo 3.1, Sora 2 Pro and Grok Imagine video: ``client.veo``, ``client.sora``,
``client.grok_video`` (A2E's ``veoVideo``, ``soraVideo``, ``grokVideo``).

Parameters, limits and defaults are from A2E's spec catalog (SK); the cross-field rules from
its prose, quoted in full by a public copy of the reference (S-q).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Literal

from typing_extensions import Required, Unpack

from .._fields import Items, JobParams, Media, Range, Text, WaitOptions, Wire
from .._spec import Spec, StartCall
from ..errors import ResponseDecodeError, ValidationError
from ..models.video_models import GrokVideoTask, SoraTask, VeoTask
from ._params import path_id
from ._records import VIDEO_POLICY, Batched, Deletable, Listed, RecordPaths, Startable
from ._rules import at_least_one, forbidden_with, required_with

__all__ = [
    "GrokVideo",
    "GrokVideoParams",
    "GrokVideoWaitParams",
    "Sora",
    "SoraParams",
    "SoraWaitParams",
    "Veo",
    "VeoParams",
    "VeoWaitParams",
]

_VEO = "/api/v1/veoVideo"
_SORA = "/api/v1/soraVideo"
_GROK = "/api/v1/grokVideo"
# Where a ready 1080p answer may carry the file; A2E documents no body for it.
_URL_KEYS = ("video_url", "url", "result_url", "video_1080p_url", "url_1080p")


class VeoParams(JobParams, total=False):
    """Parameters of :meth:`Veo.start` (``POST /api/v1/veoVideo/start``)."""

    prompt: Required[Annotated[str, Text(blank=True)]]
    """What the video shows (may be ``""``: A2E then uses a placeholder text)."""
    generation_type: (
        Annotated[
            Literal["TEXT_2_VIDEO", "FIRST_AND_LAST_FRAMES_2_VIDEO", "REFERENCE_2_VIDEO"],
            Wire("generationType"),
        ]
        | None
    )
    """A2E's default: ``TEXT_2_VIDEO``; the other two need ``image_urls`` (wire
    ``generationType``)."""
    image_urls: Annotated[Sequence[Media], Items(1, 3), Wire("imageUrls")] | None
    """The start (and end) frame, 1-2 images, or 1-3 reference images (wire
    ``imageUrls``)."""
    model: Literal["veo3", "veo3_fast"] | None
    """``veo3`` (quality) or ``veo3_fast`` (speed; A2E's default)."""
    aspect_ratio: Annotated[Literal["16:9", "9:16", "Auto"], Wire("aspectRatio")] | None
    """Aspect ratio (A2E's default: ``Auto``; wire ``aspectRatio``); a 1080p version is
    made only of 16:9 videos."""
    watermark: Annotated[str, Text()] | None
    """A custom watermark text."""
    seed: Annotated[int, Range(10000, 99999), Wire("seeds")] | None
    """Random seed, 10000-99999 (wire ``seeds``)."""


class VeoWaitParams(VeoParams, WaitOptions[VeoTask], total=False):
    """:class:`VeoParams` and the wait options."""


class SoraParams(JobParams, total=False):
    """Parameters of :meth:`Sora.start` (``POST /api/v1/soraVideo/start``)."""

    prompt: Required[Annotated[str, Text()]]
    """What the video shows."""
    model_type: Literal["text-to-video", "image-to-video"] | None
    """A2E's default: ``image-to-video``, which needs ``image_urls``."""
    image_urls: Annotated[Sequence[Media], Items(1)] | None
    """The image(s) to animate (required for image to video, A2E's default mode)."""
    aspect_ratio: Literal["portrait", "landscape"] | None
    """Orientation (A2E's default: ``landscape``)."""
    duration_seconds: Literal["5", "10", "15"] | None
    """Seconds, as a string (A2E's default: ``"5"``)."""
    quality: Literal["standard", "high"] | None
    """Quality (A2E's default: ``standard``)."""


class SoraWaitParams(SoraParams, WaitOptions[SoraTask], total=False):
    """:class:`SoraParams` and the wait options."""


class GrokVideoParams(JobParams, total=False):
    """Parameters of :meth:`GrokVideo.start` (``POST /api/v1/grokVideo/start``)."""

    model_type: Literal["text-to-video", "image-to-video"] | None
    """A2E's default: ``text-to-video`` (needs ``prompt``); ``image-to-video`` needs
    ``image_urls`` or ``image_url``."""
    model_version: Literal["legacy", "1.5"] | None
    """A2E's default: ``legacy``; ``1.5`` (Grok Imagine Video 1.5) is image to video only."""
    prompt: Annotated[str, Text()] | None
    """What the video shows (required for text to video)."""
    mode: Literal["fun", "normal", "spicy"] | None
    """Style (A2E's default: ``normal``; image to video may fall back from spicy)."""
    image_urls: Annotated[Sequence[Media], Items(1)] | None
    """Reference images (image to video)."""
    image_url: Media | None
    """One reference image; A2E puts it before ``image_urls``."""
    aspect_ratio: Literal["auto", "1:1", "16:9", "9:16", "4:3", "3:4", "3:2", "2:3"] | None
    """Aspect ratio (A2E's default: ``16:9``): legacy text to video takes 1:1, 16:9 and 9:16
    only, and only 1.5 takes ``auto``."""
    duration: Literal["6", "10", "15"] | None
    """Seconds, as a string (A2E's default: ``"6"``)."""
    nsfw_checker: bool | None
    """An additional NSFW check, used by Grok 1.5 (A2E's default: false)."""


class GrokVideoWaitParams(GrokVideoParams, WaitOptions[GrokVideoTask], total=False):
    """:class:`GrokVideoParams` and the wait options."""


def _veo_frames(values: Mapping[str, Any]) -> None:
    kind = values.get("generation_type", "TEXT_2_VIDEO")
    images = values.get("image_urls")
    if kind == "TEXT_2_VIDEO" and images is not None:
        raise ValidationError("image_urls", "is not used with generation_type='TEXT_2_VIDEO'")
    if kind != "TEXT_2_VIDEO" and images is None:
        raise ValidationError("image_urls", f"is required with generation_type={kind!r}")
    if kind == "FIRST_AND_LAST_FRAMES_2_VIDEO" and len(images or ()) > 2:
        raise ValidationError("image_urls", "takes a start and an end frame: at most 2")


def _grok_ratio(values: Mapping[str, Any]) -> None:
    legacy = values.get("model_version", "legacy") == "legacy"
    t2v = values.get("model_type", "text-to-video") == "text-to-video"
    if legacy and t2v and values.get("aspect_ratio", "16:9") not in ("1:1", "16:9", "9:16"):
        raise ValidationError("aspect_ratio", "legacy text to video makes 1:1, 16:9 or 9:16")


_GROK_IMAGES = ("image_urls", "image_url")
_GROK_RULES = (
    required_with("model_type", ("text-to-video",), "prompt", default="text-to-video"),
    at_least_one(*_GROK_IMAGES, field="model_type", allowed=("image-to-video",)),
    forbidden_with(
        "model_version",
        ("1.5",),
        "model_type",
        ("text-to-video",),
        default="text-to-video",
        why="'1.5' makes image to video only",
    ),
    forbidden_with("aspect_ratio", ("auto",), "model_version", ("legacy",), default="legacy"),
    _grok_ratio,
)
_SORA_RULES = (
    required_with("model_type", ("image-to-video",), "image_urls", default="image-to-video"),
)


class Veo(Startable[VeoTask], Listed[VeoTask], Batched[VeoTask], Deletable[VeoTask]):
    """Google DeepMind's Veo 3.1: text, frames or references to video."""

    model = VeoTask
    paths = RecordPaths.common("veo", _VEO)
    policy = VIDEO_POLICY
    start_call = StartCall("veo", "start", _VEO + "/start", Spec(VeoParams, rules=[_veo_frames]))

    async def start(self, **params: Unpack[VeoParams]) -> VeoTask:
        """Start a Veo video: ``POST /api/v1/veoVideo/start`` (see :class:`Startable`)."""
        return await self._start_with(params)

    async def start_and_wait(self, **params: Unpack[VeoWaitParams]) -> VeoTask:
        """:meth:`start`, then :meth:`wait`; returns the completed task (``result_url``)."""
        return await self._start_and_wait(params)

    async def get_1080p(self, task_id: str) -> str | None:
        """The 1080p version of a completed 16:9 video: ``GET /api/v1/veoVideo/{_id}/1080p``.

        Returns its URL, or ``None`` while A2E still makes it (A2E answers HTTP 202 then:
        ask again later). A2E documents no answer body: a URL is read from ``data`` as a
        string or from one of its fields ``video_url``, ``url``, ``result_url``; an answer
        with none of these is ``None``. Raises ``APIError`` (HTTP 400) for a video that is not
        16:9.
        """
        quoted = path_id("task_id", task_id)
        data = await self._call("GET", f"{_VEO}/{quoted}/1080p")
        if isinstance(data, str):
            return data or None
        if data is None or isinstance(data, Mapping):
            found = [data.get(key) for key in _URL_KEYS] if data else []
            return next((url for url in found if isinstance(url, str) and url), None)
        raise ResponseDecodeError(
            "expected the 1080p video's URL", endpoint=f"GET {_VEO}/{{_id}}/1080p", raw=data
        )


class Sora(Startable[SoraTask], Listed[SoraTask], Batched[SoraTask], Deletable[SoraTask]):
    """Sora 2 Pro video (A2E runs it on Kling 3.0): text or image to video."""

    model = SoraTask
    paths = RecordPaths.common("sora", _SORA)
    policy = VIDEO_POLICY
    start_call = StartCall("sora", "start", _SORA + "/start", Spec(SoraParams, rules=_SORA_RULES))

    async def start(self, **params: Unpack[SoraParams]) -> SoraTask:
        """Start a Sora 2 Pro video: ``POST /api/v1/soraVideo/start`` (see
        :class:`Startable`)."""
        return await self._start_with(params)

    async def start_and_wait(self, **params: Unpack[SoraWaitParams]) -> SoraTask:
        """:meth:`start`, then :meth:`wait`; returns the completed task (``result_url``)."""
        return await self._start_and_wait(params)


class GrokVideo(
    Startable[GrokVideoTask],
    Listed[GrokVideoTask],
    Batched[GrokVideoTask],
    Deletable[GrokVideoTask],
):
    """Grok Imagine video: text or image to video (status in ``current_status``, SK)."""

    model = GrokVideoTask
    paths = RecordPaths.common("grok_video", _GROK)
    policy = VIDEO_POLICY
    start_call = StartCall(
        "grok_video", "start", _GROK + "/start", Spec(GrokVideoParams, rules=_GROK_RULES)
    )

    async def start(self, **params: Unpack[GrokVideoParams]) -> GrokVideoTask:
        """Start a Grok video: ``POST /api/v1/grokVideo/start`` (see :class:`Startable`)."""
        return await self._start_with(params)

    async def start_and_wait(self, **params: Unpack[GrokVideoWaitParams]) -> GrokVideoTask:
        """:meth:`start`, then :meth:`wait`; returns the completed task (``result_url``)."""
        return await self._start_and_wait(params)
