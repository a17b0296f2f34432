"""Avatar videos: ``client.videos`` (A2E's "Generate Avatar Videos")."""

from __future__ import annotations

import builtins
import secrets
from collections.abc import AsyncIterator, Mapping
from typing import Any, Literal

import attrs

from .._converter import decode, decode_list
from ..config import PollPolicy
from ..errors import NotFoundError, ResponseDecodeError, ValidationError
from ..models.common import Page
from ..models.videos import Anchor, DetectedLanguage, Video
from ..waiter import ProgressCallback, TaskKind
from ._base import MediaInput, TaskResource, _check_media, iterate_pages
from ._params import (
    check_bool,
    check_choice,
    check_color,
    check_int,
    check_text,
    path_id,
    put,
    put_webhook,
)

__all__ = ["MAX_DETECT_CHARS", "VIDEO_FAILURE", "VIDEO_RUNNING", "VIDEO_SUCCESS", "Videos"]

VIDEO_RUNNING = frozenset({"init", "start", "pending", "process", "copy"})
VIDEO_SUCCESS = frozenset({"success"})
# Callers of the live API also see "failed" and "error".
VIDEO_FAILURE = frozenset({"fail", "failed", "error"})

_AWS_RESULT = "/api/v1/video/awsResult"
_AWS_LIST = "/api/v1/video/awsList"
_LANG_CLASSIFY = "/api/v1/video/lang_classify"

MAX_DETECT_CHARS = 3000
"""A generous cap on text sent for language detection (A2E documents none)."""

# Renders usually take one to a few minutes.
_VIDEO_POLICY = PollPolicy(initial_delay=3.0, factor=1.5, max_interval=15.0, deadline=3600.0)


class Videos(TaskResource[Video]):
    """Generate avatar videos, read their status, list and delete them."""

    def __init__(self, client: Any) -> None:
        super().__init__(client)
        self.kind = TaskKind(
            family="video",
            get=self.get,
            status=lambda v: v.status,
            success=VIDEO_SUCCESS,
            failure=VIDEO_FAILURE,
            running=VIDEO_RUNNING,
            failure_detail=lambda v: (None, v.error or v.message),
            progress=lambda v: v.progress,
            list_page=self._list_items,
            cancel=self.delete,
            policy=_VIDEO_POLICY,
        )

    async def generate(
        self,
        *,
        anchor_id: str,
        anchor_type: Literal[0, 1],
        audio_url: MediaInput,
        title: str | None = None,
        resolution: int | None = None,
        background_id: str | None = None,
        custom_background_id: str | None = None,
        background_color: str | None = None,
        background_image_url: MediaInput | None = None,
        color: str | None = None,
        canvas: tuple[int, int] | None = None,
        avatar_box: tuple[int, int, int, int] | None = None,
        skip_smart_motion: bool | None = None,
        captions: Mapping[str, Any] | None = None,
        to_public_pool: bool | None = None,
        webhook_url: str | None = None,
        webhook_token: str | None = None,
    ) -> Video:
        """Start rendering an avatar video: ``POST /api/v1/video/generate``.

        ``anchor_id`` comes from :meth:`list_anchors` (``anchor_type`` 0 for a public avatar,
        1 for your own); ``audio_url`` is the speech (wire ``audioSrc``), e.g. from
        ``client.tts.generate``; it and ``background_image_url`` may also be a local path or
        ``(bytes, filename)``, uploaded first. ``canvas`` is ``(width, height)`` (``web_bg_*``),
        ``avatar_box`` is ``(width, height, x, y)`` (``web_people_*``). ``background_color``
        is ``anchor_background_color``, ``background_image_url`` is ``anchor_background_img``;
        give at most one of ``background_id`` / ``custom_background_id``. ``captions`` is
        A2E's ``captionAlign`` object and turns captions on. When ``title`` is omitted the SDK
        sends a unique one, so that a call whose outcome is unknown can be found again.

        Returns the new task (status ``init``/``start``). Raises ``ValidationError`` before
        sending, ``OutcomeUnknownError`` if the call may have reached A2E unanswered (it is
        never resent), ``APIError`` subclasses for A2E's refusals.
        """
        body: dict[str, Any] = {
            "anchor_id": check_text("anchor_id", anchor_id, max_length=128),
            "anchor_type": check_choice("anchor_type", anchor_type, (0, 1)),
        }
        if isinstance(anchor_type, bool):
            raise ValidationError("anchor_type", "must be 0 or 1, not a boolean")
        title = title if title is not None else f"a2e-{secrets.token_hex(6)}"
        body["title"] = check_text("title", title, max_length=40)
        if resolution is not None:
            put(body, "resolution", check_int("resolution", resolution, minimum=1, maximum=4320))
        if background_id is not None and custom_background_id is not None:
            raise ValidationError(
                "custom_background_id", "give background_id or custom_background_id, not both"
            )
        if background_id is not None:
            put(body, "back_id", check_text("background_id", background_id, max_length=128))
        if custom_background_id is not None:
            put(body, "custom_back_id", check_text("custom_background_id", custom_background_id))
        if background_color is not None:
            put(body, "anchor_background_color", check_color("background_color", background_color))
        if color is not None:
            put(body, "color", check_color("color", color))
        if canvas is not None:
            width, height = _box("canvas", canvas, 2)
            body.update(web_bg_width=width, web_bg_height=height)
        if avatar_box is not None:
            width, height, x, y = _box("avatar_box", avatar_box, 4, allow_zero=True)
            body.update(web_people_width=width, web_people_height=height)
            body.update(web_people_x=x, web_people_y=y)
        if skip_smart_motion is not None:
            body["isSkipRs"] = check_bool("skip_smart_motion", skip_smart_motion)
        if captions is not None:
            if not isinstance(captions, Mapping):
                raise ValidationError("captions", "must be a mapping (A2E's captionAlign)")
            body["isCaptionEnabled"] = True
            body["captionAlign"] = dict(captions)
        if to_public_pool is not None:
            body["isToPublicPool"] = check_bool("to_public_pool", to_public_pool)
        put_webhook(body, webhook_url, webhook_token)
        # Media last: nothing is uploaded until every other parameter has passed.
        _check_media("audio_url", audio_url)
        if background_image_url is not None:
            _check_media("background_image_url", background_image_url)
            image = await self._media_url("background_image_url", background_image_url)
            body["anchor_background_img"] = image
        body["audioSrc"] = await self._media_url("audio_url", audio_url)
        data = await self._call(
            "POST", "/api/v1/video/generate", json=body, reference=body["title"]
        )
        return decode(Video, data, endpoint="POST /api/v1/video/generate")

    async def generate_and_wait(
        self,
        *,
        poll_policy: PollPolicy | None = None,
        on_progress: ProgressCallback | None = None,
        cancel_remote: bool = False,
        **params: Any,
    ) -> Video:
        """:meth:`generate`, then :meth:`wait`; returns the finished video.

        Takes every parameter of :meth:`generate` and of :meth:`wait`.
        """
        return await self._wait_started(
            await self.generate(**params),
            poll_policy=poll_policy,
            on_progress=on_progress,
            cancel_remote=cancel_remote,
        )

    async def get(self, video_id: str) -> Video:
        """Read one video's status: ``POST /api/v1/video/awsResult`` with ``{"_id"}``.

        A2E answers a one-item array; an empty one means the id is unknown
        (``NotFoundError``).
        """
        video_id = path_id("video_id", video_id)
        endpoint = f"POST {_AWS_RESULT}"
        data = await self._call("POST", _AWS_RESULT, json={"_id": video_id}, idempotent=True)
        items = decode_list(Video, data, endpoint=endpoint)
        if not items:
            raise NotFoundError(f"no video {video_id}", endpoint=endpoint, status=200, payload=data)
        return items[0]

    async def detail(self, video_id: str) -> Video:
        """Read one video record: ``GET /api/v1/video/detail?video_id=`` (from A2E's spec)."""
        video_id = path_id("video_id", video_id)
        data = await self._call("GET", "/api/v1/video/detail", params={"video_id": video_id})
        return decode(Video, data, endpoint="GET /api/v1/video/detail")

    async def list_page(self, page: int = 1, page_size: int = 20) -> Page[Video]:
        """One page of your result videos, newest first: ``GET /api/v1/video/awsList``
        (``current``, ``pageSize``)."""
        items = await self._list_items(page, page_size)
        return Page(items=items, page=page, page_size=page_size)

    def list(self, *, page_size: int = 50) -> AsyncIterator[Video]:
        """Every result video, newest first, fetching pages lazily."""
        return iterate_pages(lambda number: self.list_page(number, page_size))

    async def _list_items(self, page: int, page_size: int) -> builtins.list[Video]:
        check_int("page", page, minimum=1)
        check_int("page_size", page_size, minimum=1, maximum=100)
        data = await self._call("GET", _AWS_LIST, params={"current": page, "pageSize": page_size})
        endpoint = f"GET {_AWS_LIST}"
        rows = data.get("data") if isinstance(data, Mapping) else data
        if rows is None:
            rows = []
        if not isinstance(rows, list):
            raise ResponseDecodeError(
                "expected data.data to be a list", endpoint=endpoint, raw=data
            )
        return decode_list(Video, rows, endpoint=endpoint)

    async def delete(self, video_id: str) -> None:
        """Delete a video, or cancel it while it renders.

        Unverified path: A2E's docs name this call (DELETE) but its path could not be read;
        this sends ``DELETE /api/v1/video/{_id}``, the only lead. If A2E answers 404 for a
        video you know exists, the path is wrong: tell us, and use ``client.request``.
        """
        video_id = path_id("video_id", video_id)
        await self._call("DELETE", f"/api/v1/video/{video_id}", idempotent=True)

    async def detect_language(self, text: str) -> DetectedLanguage:
        """Guess the language of ``text``: ``POST /api/v1/video/lang_classify`` ``{"msg"}``.

        The path comes from two public callers, not from A2E's docs; the answer's shape is
        not documented (a bare locale string or an object with ``lang`` are both read).
        ``country`` and ``region`` are filled from the code when A2E omits them.
        """
        body = {"msg": check_text("text", text, max_length=MAX_DETECT_CHARS)}
        endpoint = f"POST {_LANG_CLASSIFY}"
        # A guess creates nothing, so a lost answer may be asked again.
        data = await self._call("POST", _LANG_CLASSIFY, json=body, idempotent=True)
        found = decode(
            DetectedLanguage, {"lang": data} if isinstance(data, str) else data, endpoint=endpoint
        )
        country, _, region = found.code.partition("-")
        return attrs.evolve(
            found, country=found.country or country, region=found.region or region or None
        )

    async def set_auto_public_pool(self, enabled: bool) -> None:
        """Let jobs overflow to A2E's public computing pool when your dedicated lines are
        busy (an account-wide switch for dedicated-line customers).

        Unverified path: A2E's docs name this call ("Auto Switch to Public Computing Pool")
        but its path could not be read; this sends ``POST /api/v1/video/auto-public-pool``
        ``{"isAutoToPublicPool"}``, a lead from one public caller. If A2E answers 404, use
        ``client.request`` with the right path. For one job, use ``to_public_pool`` of
        :meth:`generate` instead.
        """
        body = {"isAutoToPublicPool": check_bool("enabled", enabled)}
        await self._call("POST", "/api/v1/video/auto-public-pool", json=body, idempotent=True)

    async def list_anchors(
        self,
        *,
        type: Literal["default", "custom"] | None = None,
        user_video_twin_id: str | None = None,
    ) -> builtins.list[Anchor]:
        """Avatars usable in :meth:`generate`: ``GET /api/v1/anchor/character_list``.

        ``type="default"`` lists public avatars, ``"custom"`` yours; ``user_video_twin_id``
        narrows to the anchors of one trained avatar.
        """
        params: dict[str, Any] = {}
        if type is not None:
            params["type"] = check_choice("type", type, ("default", "custom"))
        if user_video_twin_id is not None:
            params["user_video_twin_id"] = path_id("user_video_twin_id", user_video_twin_id)
        data = await self._call("GET", "/api/v1/anchor/character_list", params=params)
        return decode_list(Anchor, data, endpoint="GET /api/v1/anchor/character_list")


def _box(name: str, value: Any, size: int, *, allow_zero: bool = False) -> tuple[int, ...]:
    if not isinstance(value, (tuple, list)) or len(value) != size:
        raise ValidationError(name, f"must be a tuple of {size} integers")
    low = 0 if allow_zero else 1
    return tuple(check_int(name, v, minimum=low, maximum=10_000) for v in value)
