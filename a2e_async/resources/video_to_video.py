"""Video to video: ``client.video_to_video`` (A2E's ``motionTransfer``)."""

from __future__ import annotations

from typing import Any

from ..config import PollPolicy
from ..models.video_to_video import VideoToVideoTask
from ._base import MediaInput
from ._params import check_number, job_name, opt_text, put, put_webhook
from ._records import Batched, Listed, RecordPaths, Startable

__all__ = ["VideoToVideo"]

_PREFIX = "/api/v1/motionTransfer"


class VideoToVideo(
    Startable[VideoToVideoTask], Listed[VideoToVideoTask], Batched[VideoToVideoTask]
):
    """Make the person in a reference image perform the motion of a control video."""

    model = VideoToVideoTask
    paths = RecordPaths.common("video_to_video", _PREFIX)
    # A video is rendered (A2E's own timeout defaults to 300 s): minutes.
    policy = PollPolicy(initial_delay=10.0, factor=1.5, max_interval=30.0, deadline=3600.0)

    async def start(
        self,
        *,
        image_url: MediaInput,
        video_url: MediaInput,
        prompt: str | None = None,
        negative_prompt: str | None = None,
        name: str | None = None,
        processing_timeout: float | None = None,
        webhook_url: str | None = None,
        webhook_token: str | None = None,
    ) -> VideoToVideoTask:
        """Start a motion transfer: ``POST /api/v1/motionTransfer/start``.

        ``image_url`` is who moves, ``video_url`` how (each a URL, a local path or
        ``(bytes, filename)``). ``prompt`` is sent as A2E's ``positive_prompt``.
        ``processing_timeout`` (wire ``timeout``, seconds, A2E default 300) bounds A2E's
        own processing. ``name`` defaults to a unique one.

        Returns the new task. Raises ``ValidationError`` before sending,
        ``OutcomeUnknownError`` if the call may have reached A2E unanswered (never resent),
        ``APIError`` subclasses for A2E's refusals.
        """
        body: dict[str, Any] = {"name": job_name(name)}
        put(body, "positive_prompt", opt_text("prompt", prompt))
        put(body, "negative_prompt", opt_text("negative_prompt", negative_prompt))
        if processing_timeout is not None:
            body["timeout"] = check_number("processing_timeout", processing_timeout, minimum=1)
        put_webhook(body, webhook_url, webhook_token)
        body.update(await self._media_map({"image_url": image_url, "video_url": video_url}))
        return await self._start(_PREFIX + "/start", body, reference=body["name"])
