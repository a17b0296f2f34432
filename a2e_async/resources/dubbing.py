"""AI dubbing: ``client.dubbing`` (A2E's ``userDubbing``)."""

from __future__ import annotations

from typing import Any

from ..config import PollPolicy
from ..models.dubbing import DubbingTask
from ._base import MediaInput
from ._params import check_bool, check_int, check_text, job_name, put_webhook
from ._records import Listed, RecordPaths, Startable, WithProcessing

__all__ = ["Dubbing"]

_PREFIX = "/api/v1/userDubbing"


class Dubbing(Startable[DubbingTask], Listed[DubbingTask], WithProcessing[DubbingTask]):
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

    async def start(
        self,
        *,
        source_url: MediaInput,
        target_lang: str,
        source_lang: str | None = None,
        num_speakers: int | None = None,
        drop_background_audio: bool | None = None,
        name: str | None = None,
        webhook_url: str | None = None,
        webhook_token: str | None = None,
    ) -> DubbingTask:
        """Start dubbing: ``POST /api/v1/userDubbing/startDubbing``.

        ``source_url`` is the video or audio (a URL, a local path or ``(bytes, filename)``);
        ``target_lang`` the language to dub into (codes such as ``en``, ``zh``, ``es``, ``de``,
        ``fr``, ``ja``, ``ar`` are seen); ``source_lang`` defaults on A2E's side to
        detection (callers send ``auto``). ``num_speakers`` and ``drop_background_audio``
        (drop music and ambience) are optional. A2E's docs page for this call was not
        readable: these field names come from three independent callers of the live API.

        Returns the new task. Raises ``ValidationError`` before sending,
        ``OutcomeUnknownError`` if the call may have reached A2E unanswered (never resent),
        ``APIError`` subclasses for A2E's refusals.
        """
        body: dict[str, Any] = {
            "name": job_name(name),
            "target_lang": check_text("target_lang", target_lang, max_length=16),
        }
        if source_lang is not None:
            body["source_lang"] = check_text("source_lang", source_lang, max_length=16)
        if num_speakers is not None:
            body["num_speakers"] = check_int("num_speakers", num_speakers, minimum=1)
        if drop_background_audio is not None:
            body["drop_background_audio"] = check_bool(
                "drop_background_audio", drop_background_audio
            )
        put_webhook(body, webhook_url, webhook_token)
        body.update(await self._media_map({"source_url": source_url}))
        return await self._start(_PREFIX + "/startDubbing", body, reference=body["name"])
