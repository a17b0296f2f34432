"""Custom avatars: ``client.avatars`` (A2E's "Create Avatars and Train Lip-sync Models")."""

from __future__ import annotations

import builtins
from collections.abc import AsyncIterator
from typing import Any, ClassVar, Literal

from ..config import PollPolicy
from ..errors import ValidationError
from ..models.avatars import Avatar
from ..models.common import Page
from ..models.videos import Anchor
from ..waiter import ProgressCallback
from ._base import MediaInput, _check_media
from ._params import (
    check_bool,
    check_choice,
    check_color,
    job_name,
    opt_text,
    path_id,
    put,
)
from ._records import Batched, Listed, RecordPaths, WithProcessing

__all__ = ["AVATAR_LIST_STATUSES", "Avatars"]

AVATAR_LIST_STATUSES = ("pending", "processing", "completed", "failed")
"""The ``status`` filter values of ``userVideoTwin/records``."""

_PREFIX = "/api/v1/userVideoTwin"
_START = f"{_PREFIX}/startTraining"
# The path A2E's docs and every public caller use; A2E's own spec spells it
# continueTraining. The misspelled one is the one known to work.
_CONTINUE = f"{_PREFIX}/continueTranining"

# Continue training takes about two hours of A2E time.
_CONTINUE_POLICY = PollPolicy(initial_delay=60.0, factor=1.5, max_interval=300.0, deadline=14400.0)


class Avatars(Listed[Avatar], Batched[Avatar], WithProcessing[Avatar]):
    """Train custom avatars from a video or an image, list, read, remove them, and wait."""

    model = Avatar
    paths = RecordPaths(
        family="avatar",
        detail=f"{_PREFIX}/{{id}}",
        list=f"{_PREFIX}/records",
        batch=f"{_PREFIX}/batchDetail",
        processing=f"{_PREFIX}/trainingRecords",
        delete=f"{_PREFIX}/remove",
        delete_method="POST",
    )
    # Video-mode training is A2E's "quick preview": minutes; callers poll every 4-5 s.
    policy: ClassVar[PollPolicy] = PollPolicy(
        initial_delay=5.0, factor=1.5, max_interval=30.0, deadline=3600.0
    )

    async def train(
        self,
        *,
        video_url: MediaInput | None = None,
        image_url: MediaInput | None = None,
        name: str | None = None,
        gender: Literal["female", "male"] | None = None,
        background_color: str | None = None,
        background_image_url: MediaInput | None = None,
        prompt: str | None = None,
        negative_prompt: str | None = None,
        model_version: str | None = None,
        language: str | None = None,
        skip_preview: bool | None = None,
        to_public_pool: bool | None = None,
    ) -> Avatar:
        """Create a custom avatar: ``POST /api/v1/userVideoTwin/startTraining``.

        Give exactly one source: ``video_url`` (video mode, recommended and free: MP4/MOV,
        at least 10 s, exactly one face) or ``image_url`` (image mode, one diamond). Each
        is a URL, a local path or ``(bytes, filename)``; local media is uploaded first.
        ``background_color`` (e.g. ``"rgb(61,165,82)"``) is sent as A2E spells it:
        ``video_backgroud_color`` or ``image_backgroud_color`` (sic); ``background_image_url``
        (video mode) as ``video_backgroud_image``. ``skip_preview`` is ``skipPreview``,
        ``to_public_pool`` is ``isToPublicPool``; ``prompt`` and ``negative_prompt`` steer
        image mode. Without a ``name`` the SDK sends a unique one, so a call whose outcome
        is unknown can be found again.

        Returns the new task; when it completes, ``anchor_id`` is the avatar for
        ``client.videos.generate(anchor_type=1)``.
        """
        if (video_url is None) == (image_url is None):
            raise ValidationError("video_url", "give exactly one of video_url or image_url")
        mode = "video" if video_url is not None else "image"
        body: dict[str, Any] = {"name": job_name(name, max_length=200)}
        if gender is not None:
            body["gender"] = check_choice("gender", gender, ("female", "male"))
        if background_color is not None:
            body[f"{mode}_backgroud_color"] = check_color("background_color", background_color)
        if background_image_url is not None and mode == "image":
            raise ValidationError(
                "background_image_url", "A2E documents a background image for video mode only"
            )
        put(body, "prompt", opt_text("prompt", prompt, max_length=2000))
        put(body, "negative_prompt", opt_text("negative_prompt", negative_prompt, max_length=2000))
        put(body, "model_version", opt_text("model_version", model_version, max_length=32))
        put(body, "language", opt_text("language", language, max_length=16))
        if skip_preview is not None:
            body["skipPreview"] = check_bool("skip_preview", skip_preview)
        if to_public_pool is not None:
            body["isToPublicPool"] = check_bool("to_public_pool", to_public_pool)
        source = video_url if video_url is not None else image_url
        assert source is not None
        # Media last, and every input checked before the first upload.
        _check_media(f"{mode}_url", source)
        if background_image_url is not None:
            _check_media("background_image_url", background_image_url)
            image = await self._media_url("background_image_url", background_image_url)
            body["video_backgroud_image"] = image
        body[f"{mode}_url"] = await self._media_url(f"{mode}_url", source)
        return await self._start(_START, body, reference=body["name"])

    async def train_and_wait(
        self,
        *,
        poll_policy: PollPolicy | None = None,
        on_progress: ProgressCallback | None = None,
        cancel_remote: bool = False,
        **params: Any,
    ) -> Avatar:
        """:meth:`train`, then :meth:`wait`; returns the trained avatar (``anchor_id`` set).

        Takes every parameter of :meth:`train` and of :meth:`wait`.
        """
        avatar = await self.train(**params)
        return await self._wait_started(
            avatar, poll_policy=poll_policy, on_progress=on_progress, cancel_remote=cancel_remote
        )

    async def continue_training(self, avatar_id: str) -> None:
        """Train a personalised lip-sync model for a video-mode avatar (one diamond).

        Sends ``POST /api/v1/userVideoTwin/continueTranining`` ``{"_id"}`` (the misspelled
        path that A2E's docs and callers use; A2E's spec spells it ``continueTraining``).
        A2E answers an empty object; the avatar stays usable and its model updates after
        about two hours. Costs a diamond, so a lost answer is never resent.
        """
        path_id("avatar_id", avatar_id)
        await self._call("POST", _CONTINUE, json={"_id": avatar_id}, reference=avatar_id)

    async def continue_training_and_wait(
        self,
        avatar_id: str,
        *,
        poll_policy: PollPolicy | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> Avatar:
        """:meth:`continue_training`, then wait until the avatar's record is done again.

        The default poll policy allows four hours. If A2E keeps the record ``completed``
        while the model trains, this returns at once.
        """
        await self.continue_training(avatar_id)
        # A client-wide poll policy still wins over this call's four-hour default.
        policy = poll_policy or self._waiter.default_policy or _CONTINUE_POLICY
        return await self.wait(avatar_id, poll_policy=policy, on_progress=on_progress)

    async def get(self, task_id: str) -> Avatar:
        """Read one avatar: ``GET /api/v1/userVideoTwin/{_id}``."""
        return await super().get(task_id)

    async def list_page(
        self, page: int = 1, page_size: int = 10, *, status: str | None = None
    ) -> Page[Avatar]:
        """One page of your avatars, newest first: ``GET /api/v1/userVideoTwin/records``
        (``pageNum``, ``pageSize`` ≤ 100, ``status``: pending, processing, completed or
        failed)."""
        return await self._page(page, page_size, _status_filter(status))

    def list(self, *, page_size: int = 50, status: str | None = None) -> AsyncIterator[Avatar]:
        """Every avatar (optionally of one ``status``), newest first, fetching pages lazily."""
        return self._iterate(page_size, _status_filter(status))

    async def list_training(self) -> builtins.list[Avatar]:
        """Avatars still training: ``GET /api/v1/userVideoTwin/trainingRecords``."""
        return await self._processing()

    async def remove(self, avatar_id: str) -> None:
        """Remove an avatar and its anchor: ``POST /api/v1/userVideoTwin/remove`` ``{"_id"}``.

        The same as :meth:`delete`, under A2E's name.
        """
        await self.delete(avatar_id)

    async def list_anchors(self, avatar_id: str) -> builtins.list[Anchor]:
        """The trained avatar's anchors (for ``client.videos.generate``):
        ``GET /api/v1/anchor/character_list?type=custom&user_video_twin_id=``."""
        return await self._client.videos.list_anchors(type="custom", user_video_twin_id=avatar_id)


def _status_filter(status: str | None) -> dict[str, Any] | None:
    if status is None:
        return None
    return {"status": check_choice("status", status, AVATAR_LIST_STATUSES)}
