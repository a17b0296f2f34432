"""Image to video: ``client.image_to_video`` (A2E's ``userImage2Video``)."""

from __future__ import annotations

from typing import Any, Literal

from ..config import PollPolicy
from ..errors import ValidationError
from ..models.image_to_video import ImageToVideoTask
from ._base import MediaInput
from ._params import check_bool, check_choice, check_text, job_name, opt_text, put, put_webhook
from ._records import Batched, Listed, RecordPaths, Startable

__all__ = ["VIDEO_TIMES", "ImageToVideo"]

_PREFIX = "/api/v1/userImage2Video"
VIDEO_TIMES = (5, 10, 15, 20)
"""Clip lengths A2E accepts, in seconds."""


class ImageToVideo(
    Startable[ImageToVideoTask], Listed[ImageToVideoTask], Batched[ImageToVideoTask]
):
    """Animate a still image into a short clip (5 s of 720p by default)."""

    model = ImageToVideoTask
    paths = RecordPaths.common("image_to_video", _PREFIX)
    # A2E: "usually within 10 minutes" when nothing is queued.
    policy = PollPolicy(initial_delay=10.0, factor=1.5, max_interval=30.0, deadline=3600.0)

    async def start(
        self,
        *,
        image_url: MediaInput,
        prompt: str | None = None,
        negative_prompt: str | None = None,
        name: str | None = None,
        lora: str | None = None,
        model_type: Literal["GENERAL", "FLF2V"] | None = None,
        end_image_url: MediaInput | None = None,
        model_version: Literal["a2e", "a2e-v2", "a2e-v2-flash"] | None = None,
        video_time: Literal[5, 10, 15, 20] | None = None,
        extend_prompt: bool | None = None,
        skip_face_enhance: bool | None = None,
        minor_suspected_skip: bool | None = None,
        webhook_url: str | None = None,
        webhook_token: str | None = None,
    ) -> ImageToVideoTask:
        """Start animating an image: ``POST /api/v1/userImage2Video/start``.

        ``image_url`` (a URL, a local path or ``(bytes, filename)``) is the image, or the
        first frame with ``model_type="FLF2V"``, which also needs ``end_image_url``. Give
        ``prompt`` and ``negative_prompt`` (A2E's docs require both) unless ``lora`` names
        a preset, which replaces them. ``video_time`` is 5, 10, 15 or 20 seconds (A2E
        default 5); ``model_version`` defaults on A2E's side to ``a2e-v2`` for Ultra-plan
        users and ``a2e`` otherwise (v2 costs more per second). ``minor_suspected_skip=True``
        resends after A2E's suspected-minor warning. ``name`` defaults to a unique one.
        A2E's ``number_of_images`` is left out: its answer's shape is undocumented.

        Returns the new task. Raises ``ValidationError`` before sending,
        ``OutcomeUnknownError`` if the call may have reached A2E unanswered (never resent),
        ``APIError`` subclasses for A2E's refusals.
        """
        body: dict[str, Any] = {"name": job_name(name)}
        if model_type is not None:
            check_choice("model_type", model_type, ("GENERAL", "FLF2V"))
        flf2v = model_type == "FLF2V"
        if flf2v and end_image_url is None:
            raise ValidationError("end_image_url", "is required with model_type='FLF2V'")
        if end_image_url is not None and not flf2v:
            raise ValidationError("end_image_url", "is only used with model_type='FLF2V'")
        if lora is None:
            body["prompt"] = check_text("prompt", prompt)
            body["negative_prompt"] = check_text("negative_prompt", negative_prompt)
        else:
            body["lora"] = check_text("lora", lora, max_length=128)
            put(body, "prompt", opt_text("prompt", prompt))
            put(body, "negative_prompt", opt_text("negative_prompt", negative_prompt))
        put(body, "model_type", model_type)
        if model_version is not None:
            choices = ("a2e", "a2e-v2", "a2e-v2-flash")
            body["model_version"] = check_choice("model_version", model_version, choices)
        if video_time is not None:
            if isinstance(video_time, bool):
                raise ValidationError("video_time", "must be 5, 10, 15 or 20, not a boolean")
            body["video_time"] = check_choice("video_time", video_time, VIDEO_TIMES)
        for param, value in (
            ("extend_prompt", extend_prompt),
            ("skip_face_enhance", skip_face_enhance),
            ("minor_suspected_skip", minor_suspected_skip),
        ):
            if value is not None:
                body[param] = check_bool(param, value)
        put_webhook(body, webhook_url, webhook_token)
        body.update(
            await self._media_map(
                {"image_url": image_url, "end_image_url": end_image_url},
                optional=("end_image_url",),
            )
        )
        return await self._start(_PREFIX + "/start", body, reference=body["name"])
