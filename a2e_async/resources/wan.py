"""Wan and HappyHorse video (Alibaba): ``client.wan``, ``client.wan_spicy``, ``client.wan3``,
``client.happyhorse`` (A2E's ``userWan25``, ``userWanSpicy``, ``userWan30``,
``userHappyhorseVideo``).

Parameters, limits and defaults are from A2E's spec catalog (SK); the cross-field rules from
its prose, quoted in full by a public copy of the reference (S-q).

Wan 3.0's catalog has only the start call: A2E documents no call to read a Wan 3.0 task, so
the SDK cannot wait for one. ``client.wan3.start`` returns the task as created; follow it
in A2E's web app, by webhook (``webhook_url``), or, if your account answers it, with
``client.request("GET", f"/api/v1/userWan30/{task.id}")`` (one public caller assumes that
path; it is not documented).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Literal

from typing_extensions import Required, Unpack

from .._fields import Items, JobParams, Media, Range, Send, Text, WaitOptions, Wire
from .._spec import Spec, StartCall
from ..errors import ValidationError
from ..models.wan import HappyHorseTask, Wan3Task, WanSpicyTask, WanTask
from ._base import Resource
from ._records import (
    VIDEO_POLICY,
    Batched,
    Deletable,
    Listed,
    RecordPaths,
    Startable,
    start_tasks,
)
from ._rules import at_least_one, forbidden_with, only_with, required_with
from .kling import Seconds3To15

__all__ = [
    "HappyHorse",
    "HappyHorseParams",
    "HappyHorseWaitParams",
    "Wan",
    "Wan3",
    "Wan3Params",
    "WanParams",
    "WanSpicy",
    "WanSpicyParams",
    "WanSpicyWaitParams",
    "WanWaitParams",
]

_WAN = "/api/v1/userWan25"
_SPICY = "/api/v1/userWanSpicy"
_WAN3 = "/api/v1/userWan30"
_HORSE = "/api/v1/userHappyhorseVideo"
_SEED = Range(0, 2147483647)

WanTaskType = Literal[
    "text_to_video",
    "first_frame",
    "first_last_frame",
    "reference_image",
    "video_extend",
    "video_edit",
]


class WanParams(JobParams, total=False):
    """Parameters of :meth:`Wan.start` (``POST /api/v1/userWan25/start``).

    With ``model="wan2.7-i2v"``, ``task_type`` picks the mode and what it takes:
    ``text_to_video`` (no media), ``first_frame`` (``image_url``), ``first_last_frame``
    (``image_url`` and ``last_frame_url``), ``reference_image`` (``reference_media`` or
    ``reference_image_urls``), ``video_extend`` (``first_clip_url``), ``video_edit``
    (``edit_video_url``). The other models make ``first_frame`` only."""

    prompt: Required[Annotated[str, Text()]]
    """What the video shows."""
    model: Literal["wan2.5-i2v-preview", "wan2.6-i2v", "wan2.6-i2v-flash", "wan2.7-i2v"] | None
    """The model (A2E's default: ``wan2.5-i2v-preview``; wan2.6-i2v and wan2.7-i2v need a
    VIP/Max account)."""
    task_type: WanTaskType | None
    """The Wan 2.7 mode (A2E's default: ``first_frame``)."""
    image_url: Media | None
    """The first frame (``first_frame``, ``first_last_frame``)."""
    negative_prompt: Annotated[str, Text()] | None
    """What to avoid."""
    duration: (
        Literal["2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15"] | None
    )
    """Seconds, as a string (A2E's default: ``"5"``): Wan 2.5 makes 5 or 10; Wan 2.7 makes 5,
    10 or 15, 5-10 for ``video_edit``, 2-15 for ``reference_image``."""
    resolution: Literal["480p", "720p", "1080p"] | None
    """Resolution (A2E's default: ``720p``)."""
    ratio: Literal["16:9", "9:16", "1:1", "4:3", "3:4"] | None
    """Aspect ratio, used by Wan 2.7 ``text_to_video`` and ``reference_image`` (A2E's
    default: ``16:9``)."""
    enable_prompt_expansion: bool | None
    """Let an LLM rewrite the prompt (A2E's default: false)."""
    multi_shots: bool | None
    """Split into shots, active only with ``enable_prompt_expansion`` (A2E's default:
    false)."""
    last_frame_url: Media | None
    """The last frame (``first_last_frame``; optional for ``video_extend``)."""
    first_clip_url: Media | None
    """The clip to extend (``video_extend``)."""
    edit_video_url: Media | None
    """The video to edit (``video_edit``)."""
    reference_image_urls: Annotated[Sequence[Media], Items(1)] | None
    """Reference images (the older form of ``reference_image``; up to 3 for
    ``video_edit``)."""
    reference_media: Annotated[Sequence[Mapping[str, Any]], Items(1, 5)] | None
    """The ordered image/video entries of ``reference_image`` (1-5), as A2E's reference
    describes them (input videos are billed with the output duration)."""
    seed: Annotated[int, _SEED] | None
    """Random seed, 0-2147483647 (A2E picks one when omitted)."""
    audio: bool | None
    """Generate audio (A2E's default: true)."""
    audio_url: Media | None
    """Audio, used by ``first_frame`` / ``first_last_frame`` (WAV/MP3, 3-30 s, at most
    15 MB)."""


class WanWaitParams(WanParams, WaitOptions[WanTask], total=False):
    """:class:`WanParams` and the wait options."""


class WanSpicyParams(JobParams, total=False):
    """Parameters of :meth:`WanSpicy.start` (``POST /api/v1/userWanSpicy/start``)."""

    prompt: Required[Annotated[str, Text()]]
    """What the video shows."""
    image_url: Required[Media]
    """The image to animate (A2E wants https)."""
    resolution: Required[Literal["480p", "720p", "1080p"]]
    """``720p``/``1080p`` with wan2.7, ``480p``/``720p`` with wan2.2."""
    duration: Required[Annotated[float, Range(2, 15)]]
    """Seconds: 2-15 with wan2.7, 5 or 8 with wan2.2."""
    model: Literal["wan2.7-i2v-spicy", "wan2.2-i2v-spicy"] | None
    """A2E's default: ``wan2.7-i2v-spicy`` (with audio); wan2.2 makes no audio."""
    negative_prompt: Annotated[str, Text()] | None
    """What to avoid (wan2.7 only)."""
    audio_url: Media | None
    """Audio (https, .wav/.mp3; wan2.7 only)."""
    prompt_extend: bool | None
    """Let A2E extend the prompt (A2E's default: true)."""
    seed: int | None
    """Random seed."""
    minor_suspected_skip: bool | None
    """Skip A2E's suspected-minor prompt for the image (A2E's default: false)."""


class WanSpicyWaitParams(WanSpicyParams, WaitOptions[WanSpicyTask], total=False):
    """:class:`WanSpicyParams` and the wait options."""


class Wan3Params(JobParams, total=False):
    """Parameters of :meth:`Wan3.start` (``POST /api/v1/userWan30/start``).

    A2E's body nests them: ``prompt`` and ``media`` go into ``input``, the settings into
    ``parameters`` (as A2E's example shows). Strict first-frame media cannot be mixed with
    reference media; ``negative_prompt`` is not supported."""

    model: Annotated[Literal["wan3.0-video", "wan3.0-video-prime"], Send("wan3.0-video")] | None
    """``wan3.0-video`` (sent when omitted) or the same quality faster and dearer
    ``wan3.0-video-prime`` (about 2 instead of 14 minutes for 15 s of 720P)."""
    mode: Literal["text-to-video", "first-frame", "first-last-frames", "reference"] | None
    """A2E's default: ``text-to-video``."""
    prompt: Annotated[str, Text(), Wire("input.prompt")] | None
    """What the video shows (``input.prompt``)."""
    media: Annotated[Sequence[Mapping[str, Any]], Items(1), Wire("input.media")] | None
    """Input media (``input.media``), each ``{"type", "url", "duration"}``; reference
    videos 3-15 s, 15 s in all, and with the output at most 30 s."""
    resolution: Annotated[str, Text(max_length=16), Wire("parameters.resolution")] | None
    """E.g. ``"1080P"`` (``parameters.resolution``)."""
    ratio: Annotated[str, Text(max_length=16), Wire("parameters.ratio")] | None
    """E.g. ``"adaptive"`` or ``"16:9"`` (``parameters.ratio``)."""
    duration: Annotated[int, Range(1), Wire("parameters.duration")] | None
    """Seconds (``parameters.duration``; A2E's example: 5)."""
    audio: Annotated[bool, Wire("parameters.audio")] | None
    """Generate audio (``parameters.audio``)."""
    prompt_extend: Annotated[bool, Wire("parameters.prompt_extend")] | None
    """Let A2E rewrite the prompt (A2E's default: false)."""
    seed: Annotated[int, _SEED, Wire("parameters.seed")] | None
    """Random seed (``parameters.seed``)."""
    watermark: Annotated[bool, Wire("parameters.watermark")] | None
    """Watermark the video (``parameters.watermark``)."""


def _nest(body: dict[str, Any], values: Mapping[str, Any]) -> None:
    """Move ``input.x`` / ``parameters.x`` wire keys into A2E's two required objects."""
    nested: dict[str, dict[str, Any]] = {"input": {}, "parameters": {}}
    for key in [key for key in body if "." in key]:
        outer, inner = key.split(".", 1)
        nested[outer][inner] = body.pop(key)
    body.update(nested)


class HappyHorseParams(JobParams, total=False):
    """Parameters of :meth:`HappyHorse.start` (``POST /api/v1/userHappyhorseVideo/start``)."""

    mode: Required[Literal["t2v", "i2v", "r2v", "video-edit"]]
    """Text, image (``image_url``), references (``reference_image_urls``) or a video
    (``edit_video_url``) to video."""
    model_version: Literal["1.0", "1.1"] | None
    """A2E's default: ``1.0``; ``video-edit`` always runs 1.0."""
    prompt: Annotated[str, Text()] | None
    """What the video shows (required except for ``i2v``)."""
    image_url: Media | None
    """The first frame (``i2v``)."""
    reference_image_urls: Annotated[Sequence[Media], Items(1, 9)] | None
    """Reference images: 1-9 for ``r2v``, up to 5 for ``video-edit``."""
    edit_video_url: Media | None
    """The video to edit (``video-edit``)."""
    input_video_seconds: Annotated[float, Range(0)] | None
    """The input video's seconds, for A2E's coin estimate (``video-edit``)."""
    duration: Seconds3To15 | None
    """Seconds, as a string (A2E's default: ``"5"``): 1.0 makes 5, 10 or 15; ignored by
    ``video-edit``."""
    resolution: Literal["480P", "720P", "1080P"] | None
    """Resolution (A2E's default: ``720P``); ``480P`` is 1.1 only, not ``video-edit``."""
    ratio: Literal["16:9", "9:16", "1:1", "4:3", "3:4", "4:5", "5:4", "9:21", "21:9"] | None
    """Aspect ratio of ``t2v`` / ``r2v`` (A2E's default: ``16:9``); 4:5, 5:4, 9:21 and
    21:9 need 1.1."""
    audio_setting: Literal["auto", "origin"] | None
    """``video-edit``: the model decides (``auto``, A2E's default) or keeps the input's."""
    seed: Annotated[int, _SEED] | None
    """Random seed, 0-2147483647."""
    watermark: bool | None
    """DashScope's watermark (A2E's default: true)."""
    minor_suspected_skip: bool | None
    """Skip A2E's suspected-minor check (A2E's default: false)."""


class HappyHorseWaitParams(HappyHorseParams, WaitOptions[HappyHorseTask], total=False):
    """:class:`HappyHorseParams` and the wait options."""


_WAN_MEDIA = (
    "image_url",
    "last_frame_url",
    "first_clip_url",
    "edit_video_url",
    "reference_image_urls",
    "reference_media",
    "audio_url",
)
_WITH_MEDIA = ("first_frame", "first_last_frame", "reference_image", "video_extend", "video_edit")
_WAN27_ONLY = ("text_to_video", "first_last_frame", "reference_image", "video_extend", "video_edit")


def _wan_durations(values: Mapping[str, Any]) -> None:
    model, seconds = values.get("model", "wan2.5-i2v-preview"), int(values.get("duration", "5"))
    task = values.get("task_type", "first_frame")
    allowed: tuple[int, ...]
    if model == "wan2.5-i2v-preview":
        allowed = (5, 10)
    elif model != "wan2.7-i2v" or task == "reference_image":
        return
    else:
        allowed = tuple(range(5, 11)) if task == "video_edit" else (5, 10, 15)
    if seconds not in allowed:
        raise ValidationError("duration", f"{model} {task} makes {allowed} seconds")
    if task == "video_edit" and len(values.get("reference_image_urls", ())) > 3:
        raise ValidationError("reference_image_urls", "takes at most 3 with video_edit")


_WAN_RULES = (
    forbidden_with(
        "task_type",
        _WAN27_ONLY,
        "model",
        ("wan2.5-i2v-preview", "wan2.6-i2v", "wan2.6-i2v-flash"),
        default="wan2.5-i2v-preview",
        why="needs model='wan2.7-i2v'",
    ),
    required_with(
        "task_type", ("first_frame", "first_last_frame"), "image_url", default="first_frame"
    ),
    required_with("task_type", ("first_last_frame",), "last_frame_url", default="first_frame"),
    required_with("task_type", ("video_extend",), "first_clip_url", default="first_frame"),
    required_with("task_type", ("video_edit",), "edit_video_url", default="first_frame"),
    at_least_one(
        "reference_media",
        "reference_image_urls",
        field="task_type",
        allowed=("reference_image",),
        default="first_frame",
    ),
    # "text_to_video: text prompt only. Do not provide image/video material."
    *(only_with(name, "task_type", _WITH_MEDIA, default="first_frame") for name in _WAN_MEDIA),
    _wan_durations,
)


def _spicy_model(values: Mapping[str, Any]) -> None:
    if values.get("model", "wan2.7-i2v-spicy") == "wan2.2-i2v-spicy":
        if values["duration"] not in (5, 8):
            raise ValidationError("duration", "wan2.2-i2v-spicy makes 5 or 8 seconds")
        if values["resolution"] == "1080p":
            raise ValidationError("resolution", "wan2.2-i2v-spicy makes 480p or 720p")
    elif values["resolution"] == "480p":
        raise ValidationError("resolution", "wan2.7-i2v-spicy makes 720p or 1080p")


_SPICY_RULES = (
    only_with("negative_prompt", "model", ("wan2.7-i2v-spicy",), default="wan2.7-i2v-spicy"),
    only_with("audio_url", "model", ("wan2.7-i2v-spicy",), default="wan2.7-i2v-spicy"),
    _spicy_model,
)


def _horse_versions(values: Mapping[str, Any]) -> None:
    mode, version = values["mode"], values.get("model_version", "1.0")
    if mode == "video-edit":
        version = "1.0"
        if len(values.get("reference_image_urls", ())) > 5:
            raise ValidationError("reference_image_urls", "takes at most 5 with video-edit")
    if version == "1.0":
        if values.get("duration", "5") not in ("5", "10", "15") and mode != "video-edit":
            raise ValidationError("duration", "HappyHorse 1.0 makes '5', '10' or '15' seconds")
        if values.get("resolution") == "480P":
            raise ValidationError("resolution", "480P needs model_version='1.1' (not video-edit)")
        if values.get("ratio") in ("4:5", "5:4", "9:21", "21:9"):
            raise ValidationError("ratio", "needs model_version='1.1'")


_HORSE_RULES = (
    required_with("mode", ("t2v", "r2v", "video-edit"), "prompt"),
    required_with("mode", ("i2v",), "image_url"),
    required_with("mode", ("r2v",), "reference_image_urls"),
    required_with("mode", ("video-edit",), "edit_video_url"),
    _horse_versions,
)


class Wan(Startable[WanTask], Listed[WanTask], Batched[WanTask], Deletable[WanTask]):
    """Wan 2.5 / 2.6 image to video and Wan 2.7's six modes."""

    model = WanTask
    paths = RecordPaths.common("wan", _WAN)
    policy = VIDEO_POLICY
    start_call = StartCall("wan", "start", _WAN + "/start", Spec(WanParams, rules=_WAN_RULES))

    async def start(self, **params: Unpack[WanParams]) -> WanTask:
        """Start a Wan video: ``POST /api/v1/userWan25/start`` (see :class:`Startable`)."""
        return await self._start_with(params)

    async def start_and_wait(self, **params: Unpack[WanWaitParams]) -> WanTask:
        """:meth:`start`, then :meth:`wait`; returns the completed task (``result_url``)."""
        return await self._start_and_wait(params)


class WanSpicy(
    Startable[WanSpicyTask], Listed[WanSpicyTask], Batched[WanSpicyTask], Deletable[WanSpicyTask]
):
    """Wan Spicy image to video (wan2.7 with audio, wan2.2 without)."""

    model = WanSpicyTask
    paths = RecordPaths.common("wan_spicy", _SPICY)
    policy = VIDEO_POLICY
    start_call = StartCall(
        "wan_spicy", "start", _SPICY + "/start", Spec(WanSpicyParams, rules=_SPICY_RULES)
    )

    async def start(self, **params: Unpack[WanSpicyParams]) -> WanSpicyTask:
        """Start a Wan Spicy video: ``POST /api/v1/userWanSpicy/start`` (see
        :class:`Startable`)."""
        return await self._start_with(params)

    async def start_and_wait(self, **params: Unpack[WanSpicyWaitParams]) -> WanSpicyTask:
        """:meth:`start`, then :meth:`wait`; returns the completed task (``result_url``)."""
        return await self._start_and_wait(params)


class Wan3(Resource):
    """Wan 3.0 all-in-one video: start only (A2E documents no call to read a task; see the
    module docstring for what that means for waiting)."""

    # No wait: the catalog has no detail, list or batch call for userWan30.
    start_call = StartCall(
        "wan3", "start", _WAN3 + "/start", Spec(Wan3Params, shape=_nest), wait=None
    )

    async def start(self, **params: Unpack[Wan3Params]) -> Wan3Task:
        """Start a Wan 3.0 video: ``POST /api/v1/userWan30/start``; returns the task as A2E
        created it (see :class:`Startable` for what it raises). There is no ``wait``."""
        return (await start_tasks(self, Wan3Task, self.start_call, params))[0]


class HappyHorse(
    Startable[HappyHorseTask],
    Listed[HappyHorseTask],
    Batched[HappyHorseTask],
    Deletable[HappyHorseTask],
):
    """HappyHorse video on DashScope: t2v, i2v, r2v and video-edit."""

    model = HappyHorseTask
    paths = RecordPaths.common("happyhorse", _HORSE, batch_size=200)
    policy = VIDEO_POLICY
    start_call = StartCall(
        "happyhorse", "start", _HORSE + "/start", Spec(HappyHorseParams, rules=_HORSE_RULES)
    )

    async def start(self, **params: Unpack[HappyHorseParams]) -> HappyHorseTask:
        """Start a HappyHorse video: ``POST /api/v1/userHappyhorseVideo/start`` (see
        :class:`Startable`)."""
        return await self._start_with(params)

    async def start_and_wait(self, **params: Unpack[HappyHorseWaitParams]) -> HappyHorseTask:
        """:meth:`start`, then :meth:`wait`; returns the completed task (``result_url``)."""
        return await self._start_and_wait(params)
