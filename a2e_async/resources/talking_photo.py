"""Talking photo: ``client.talking_photo`` (A2E's ``talkingPhoto``)."""

from __future__ import annotations

from typing import Any

from ..config import PollPolicy
from ..models.talking_photo import TalkingPhotoTask
from ._base import MediaInput
from ._params import check_int, check_text, job_name, put_webhook
from ._records import Batched, Listed, RecordPaths, Startable

__all__ = ["TalkingPhoto"]

_PREFIX = "/api/v1/talkingPhoto"


class TalkingPhoto(
    Startable[TalkingPhotoTask], Listed[TalkingPhotoTask], Batched[TalkingPhotoTask]
):
    """Animate a portrait photo so that it speaks."""

    model = TalkingPhotoTask
    paths = RecordPaths.common("talking_photo", _PREFIX)
    # Callers poll every 10 s for up to 10 minutes.
    policy = PollPolicy(initial_delay=5.0, factor=1.5, max_interval=20.0, deadline=1800.0)

    async def start(
        self,
        *,
        image_url: MediaInput,
        prompt: str,
        negative_prompt: str,
        audio_url: MediaInput | None = None,
        duration: int | None = None,
        name: str | None = None,
        webhook_url: str | None = None,
        webhook_token: str | None = None,
    ) -> TalkingPhotoTask:
        """Start a talking photo: ``POST /api/v1/talkingPhoto/start``.

        ``image_url`` is the portrait and ``audio_url`` the speech (each a URL, a local path
        or ``(bytes, filename)``). ``prompt`` and ``negative_prompt`` are required by A2E;
        its documented example (in ``requests.json`` of the reference) is a good start.
        ``duration`` is 1–20 seconds (A2E default 3). ``name`` defaults to a unique one.

        Returns the new task (``initialized``). Raises ``ValidationError`` before sending,
        ``OutcomeUnknownError`` if the call may have reached A2E unanswered (never resent),
        ``APIError`` subclasses for A2E's refusals.
        """
        body: dict[str, Any] = {
            "name": job_name(name),
            "prompt": check_text("prompt", prompt),
            "negative_prompt": check_text("negative_prompt", negative_prompt),
        }
        if duration is not None:
            body["duration"] = check_int("duration", duration, minimum=1, maximum=20)
        put_webhook(body, webhook_url, webhook_token)
        body.update(
            await self._media_map(
                {"image_url": image_url, "audio_url": audio_url}, optional=("audio_url",)
            )
        )
        return await self._start(_PREFIX + "/start", body, reference=body["name"])
