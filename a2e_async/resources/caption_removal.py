"""Caption removal: ``client.caption_removal`` (A2E's ``userCaptionRemoval``)."""

from __future__ import annotations

from typing import Any

from ..config import PollPolicy
from ..models.caption_removal import CaptionRemovalTask
from ._base import MediaInput
from ._params import job_name, path_id, put_webhook
from ._records import Batched, Listed, RecordPaths, Startable, WithProcessing

__all__ = ["CaptionRemoval"]

_PREFIX = "/api/v1/userCaptionRemoval"


class CaptionRemoval(
    Startable[CaptionRemovalTask],
    Listed[CaptionRemovalTask],
    Batched[CaptionRemovalTask],
    WithProcessing[CaptionRemovalTask],
):
    """Erase burned-in captions and subtitles from a video."""

    model = CaptionRemovalTask
    paths = RecordPaths.common("caption_removal", _PREFIX, processing=True)
    # Whole videos are processed: minutes.
    policy = PollPolicy(initial_delay=10.0, factor=1.5, max_interval=30.0, deadline=3600.0)

    async def start(
        self,
        *,
        source_url: MediaInput,
        name: str | None = None,
        webhook_url: str | None = None,
        webhook_token: str | None = None,
    ) -> CaptionRemovalTask:
        """Start removing captions: ``POST /api/v1/userCaptionRemoval/start``.

        ``source_url`` is the video (a URL, a local path or ``(bytes, filename)``). A2E
        requires a ``name``; it defaults to a unique one.

        Returns the new task. Raises ``ValidationError`` before sending,
        ``OutcomeUnknownError`` if the call may have reached A2E unanswered (never resent),
        ``APIError`` subclasses for A2E's refusals.
        """
        body: dict[str, Any] = {"name": job_name(name)}
        put_webhook(body, webhook_url, webhook_token)
        body.update(await self._media_map({"source_url": source_url}))
        return await self._start(_PREFIX + "/start", body, reference=body["name"])

    async def retry(self, task_id: str) -> None:
        """Retry a failed task: ``POST /api/v1/userCaptionRemoval/retry``.

        Unverified body: A2E's spec names this call but shows no body; this sends
        ``{"_id": task_id}``, the only plausible shape. If A2E answers 400, the body is
        wrong: tell us, and use ``client.request``. Then :meth:`wait` on the same id.
        """
        path_id("task_id", task_id)
        await self._call("POST", _PREFIX + "/retry", json={"_id": task_id})
