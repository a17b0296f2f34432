"""Image to video: ``client.image_to_video`` (A2E's ``userImage2Video``)."""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from typing_extensions import Required, Unpack

from .._converter import decode
from .._fields import BodyParams, JobParams, Media, Range, Text, WaitOptions, split_wait
from .._spec import Spec, StartCall
from ..config import PollPolicy
from ..errors import ValidationError
from ..models.image_to_video import ImageToVideoTask, PromptExtension
from ._params import check_choice, path_id
from ._records import Batched, Deletable, Listed, RecordPaths, Startable

__all__ = [
    "VIDEO_TIMES",
    "FLF2VPromptExtensionParams",
    "ImageToVideo",
    "ImageToVideoManyParams",
    "ImageToVideoManyWaitParams",
    "ImageToVideoParams",
    "ImageToVideoWaitParams",
    "PromptExtensionParams",
]

_PREFIX = "/api/v1/userImage2Video"
VIDEO_TIMES = (5, 10, 15, 20)
"""Clip lengths A2E accepts, in seconds."""


class ImageToVideoParams(JobParams, total=False):
    """Parameters of :meth:`ImageToVideo.start` (``POST /api/v1/userImage2Video/start``)."""

    image_url: Required[Media]
    """The image, or the first frame with ``model_type="FLF2V"``."""
    prompt: Annotated[str, Text()] | None
    """What should happen (A2E's docs require it unless ``lora`` names a preset)."""
    negative_prompt: Annotated[str, Text()] | None
    """What to avoid (A2E's docs require it unless ``lora`` names a preset)."""
    lora: Annotated[str, Text(max_length=128)] | None
    """A preset (LoRA id) that replaces the prompts."""
    model_type: Literal["GENERAL", "FLF2V"] | None
    """``GENERAL`` (A2E's default) or ``FLF2V`` (first and last frame)."""
    end_image_url: Media | None
    """The last frame; required with, and only used with, ``model_type="FLF2V"``."""
    model_version: Literal["a2e", "a2e-v2", "a2e-v2-flash"] | None
    """Algorithm version; A2E's default is ``a2e-v2`` for Ultra-plan users and ``a2e``
    otherwise (v2 costs more per second)."""
    video_time: Literal[5, 10, 15, 20] | None
    """Clip length in seconds (A2E's default: 5)."""
    video_length: Annotated[int, Range(1, 1000)] | None
    """Deprecated by A2E in favour of ``video_time``: the clip's length in frames."""
    extend_prompt: bool | None
    """Let A2E extend the prompt (A2E's default: true)."""
    skip_face_enhance: bool | None
    """Skip face-similarity enhancement (A2E's default: false)."""
    mask_face: bool | None
    """A2E's "web NSFW preflight result" flag, passed through as given."""
    minor_suspected_skip: bool | None
    """Acknowledge A2E's suspected-minor warning and proceed."""


class ImageToVideoManyParams(ImageToVideoParams, total=False):
    """Parameters of :meth:`ImageToVideo.start_many`."""

    number_of_images: Required[Annotated[int, Range(1, 8)]]
    """How many videos A2E makes from this one request (1-8)."""


class ImageToVideoWaitParams(ImageToVideoParams, WaitOptions[ImageToVideoTask], total=False):
    """:class:`ImageToVideoParams` and the wait options."""


class ImageToVideoManyWaitParams(
    ImageToVideoManyParams, WaitOptions[ImageToVideoTask], total=False
):
    """:class:`ImageToVideoManyParams` and the wait options."""


class _PromptBase(BodyParams, total=False):
    reference_id: Required[Annotated[str, Text(max_length=128)]]
    """An id of yours for this request (A2E requires it; it documents nothing more)."""
    image_url: Required[Media]
    """The image the prompts describe (the first frame for FLF2V)."""
    prompt: Required[Annotated[str, Text()]]
    """The prompt to extend."""
    negative_prompt: Required[Annotated[str, Text()]]
    """The negative prompt to extend."""
    lang: Annotated[str, Text(max_length=16)] | None
    """Language of the result (A2E's default: ``en``)."""
    max_length: Annotated[int, Range(1)] | None
    """A hard limit on the extended prompts' characters."""


class PromptExtensionParams(_PromptBase, total=False):
    """Parameters of :meth:`ImageToVideo.extend_prompt`
    (``POST /api/v1/userImage2Video/prompt_extension``)."""

    template: Literal["default", "cinematic"] | None
    """Prompt style (A2E's default: ``default``)."""
    shot_count: Annotated[int, Range(1)] | None
    """Shots of the ``cinematic`` template (A2E's default: 2)."""
    with_audio: bool | None
    """Let the ``cinematic`` template add an audio section (A2E's default: true)."""


class FLF2VPromptExtensionParams(_PromptBase, total=False):
    """Parameters of :meth:`ImageToVideo.extend_flf2v_prompt`
    (``POST /api/v1/userImage2Video/flf2v_prompt_extension``)."""

    end_image_url: Required[Media]
    """The last frame."""


_PROMPT_SPEC = Spec(PromptExtensionParams)
_FLF2V_PROMPT_SPEC = Spec(FLF2VPromptExtensionParams)
_MARKS = ("shared", "downloaded", "copied")


def _check_modes(values: Mapping[str, Any]) -> None:
    flf2v = values.get("model_type") == "FLF2V"
    if flf2v and "end_image_url" not in values:
        raise ValidationError("end_image_url", "is required with model_type='FLF2V'")
    if "end_image_url" in values and not flf2v:
        raise ValidationError("end_image_url", "is only used with model_type='FLF2V'")
    if "lora" not in values:
        for name in ("prompt", "negative_prompt"):
            if name not in values:
                raise ValidationError(name, "is required unless lora names a preset")


_START = _PREFIX + "/start"


class ImageToVideo(
    Startable[ImageToVideoTask],
    Listed[ImageToVideoTask],
    Batched[ImageToVideoTask],
    Deletable[ImageToVideoTask],
):
    """Animate a still image into a short clip (5 s of 720p by default)."""

    model = ImageToVideoTask
    paths = RecordPaths.common("image_to_video", _PREFIX)
    # A2E: "usually within 10 minutes" when nothing is queued.
    policy = PollPolicy(initial_delay=10.0, factor=1.5, max_interval=30.0, deadline=3600.0)
    start_call = StartCall(
        "image_to_video", "start", _START, Spec(ImageToVideoParams, rules=[_check_modes])
    )
    many_call = StartCall(
        "image_to_video",
        "start_many",
        _START,
        Spec(ImageToVideoManyParams, rules=[_check_modes]),
        primary=False,
    )

    async def start(self, **params: Unpack[ImageToVideoParams]) -> ImageToVideoTask:
        """Start animating an image: ``POST /api/v1/userImage2Video/start``.

        Parameters: :class:`ImageToVideoParams` (media may be URLs, local paths or
        ``(bytes, filename)``; ``name`` defaults to a unique one). For several videos from
        one request, use :meth:`start_many`.

        Returns the new task. Raises ``ValidationError`` before sending,
        ``OutcomeUnknownError`` if the call may have reached A2E unanswered (never resent),
        ``APIError`` subclasses for A2E's refusals.
        """
        return await self._start_with(params)

    async def start_and_wait(self, **params: Unpack[ImageToVideoWaitParams]) -> ImageToVideoTask:
        """:meth:`start`, then :meth:`wait`; returns the completed task (``result_url``)."""
        return await self._start_and_wait(params)

    async def start_many(
        self, **params: Unpack[ImageToVideoManyParams]
    ) -> builtins.list[ImageToVideoTask]:
        """Make ``number_of_images`` videos from one request: ``POST .../start``.

        Returns every task A2E's answer holds. A2E does not document the answer to this
        form: an array of records is read as one task each; if A2E answers one record while
        making several, the others show up in :meth:`list`.
        """
        return await self._start_all_with(params, self.many_call)

    async def start_many_and_wait(
        self, **params: Unpack[ImageToVideoManyWaitParams]
    ) -> builtins.list[ImageToVideoTask]:
        """:meth:`start_many`, then wait for every task; returns them completed, in A2E's
        order. The first failure raises ``TaskFailed`` (the others keep running)."""
        start, wait = split_wait(params)
        return await self._wait_all(await self._start_all_with(start, self.many_call), wait)

    # -- helpers around the family (A2E's spec, SK) --------------------------------------
    async def extend_prompt(self, **params: Unpack[PromptExtensionParams]) -> PromptExtension:
        """Have an LLM extend a prompt and negative prompt for :meth:`start`:
        ``POST /api/v1/userImage2Video/prompt_extension``.

        A2E can stream the result as Server-Sent Events (``stream``); this method does not
        ask for that. Creates no task, so a lost answer may be asked again.
        """
        return await self._extend(_PROMPT_SPEC, "prompt_extension", params)

    async def extend_flf2v_prompt(
        self, **params: Unpack[FLF2VPromptExtensionParams]
    ) -> PromptExtension:
        """:meth:`extend_prompt` for ``model_type="FLF2V"`` (first and last frame):
        ``POST /api/v1/userImage2Video/flf2v_prompt_extension``."""
        return await self._extend(_FLF2V_PROMPT_SPEC, "flf2v_prompt_extension", params)

    async def _extend(self, spec: Spec, name: str, params: Mapping[str, Any]) -> PromptExtension:
        body = await spec.body(params, self._media_urls)
        path = f"{_PREFIX}/{name}"
        data = await self._call("POST", path, json=body, idempotent=True)
        if isinstance(data, str):
            return PromptExtension(prompt=data)
        return decode(PromptExtension, data, endpoint=f"POST {path}")

    async def average_processing_time(self, *, extra_query: Mapping[str, Any] | None = None) -> Any:
        """A2E's current average processing time:
        ``GET /api/v1/userImage2Video/avgProcessingTime``. A2E documents no answer body: its
        ``data`` is returned as sent."""
        return await self._call("GET", f"{_PREFIX}/avgProcessingTime", extra_query=extra_query)

    async def queue_level(self, *, extra_query: Mapping[str, Any] | None = None) -> Any:
        """Your place in A2E's unlimited-plan queue:
        ``GET /api/v1/userImage2Video/unlimitedQueueLevel``. A2E documents no answer body: its
        ``data`` is returned as sent."""
        return await self._call("GET", f"{_PREFIX}/unlimitedQueueLevel", extra_query=extra_query)

    async def mark(self, task_id: str, as_: Literal["shared", "downloaded", "copied"]) -> None:
        """Mark a task as shared, downloaded or copied:
        ``POST /api/v1/userImage2Video/{_id}/markShared`` (``markDownloaded``,
        ``markCopied``), with no body (A2E documents none)."""
        quoted = path_id("task_id", task_id)
        what = check_choice("as_", as_, _MARKS)
        await self._call("POST", f"{_PREFIX}/{quoted}/mark{what.capitalize()}", idempotent=True)
