"""Avatar videos: ``client.videos`` (A2E's "Generate Avatar Videos")."""

from __future__ import annotations

import builtins
from collections.abc import AsyncIterator, Mapping
from typing import Annotated, Any, Literal

import attrs
from typing_extensions import Required, Unpack

from .._converter import decode, decode_created, decode_list
from .._fields import (
    Color,
    Id,
    Media,
    Range,
    Reference,
    Send,
    Spread,
    Text,
    WaitOptions,
    WebhookParams,
    Wire,
    at_most_one,
    needs,
    split_wait,
)
from .._spec import Spec, StartCall
from ..config import PollPolicy
from ..errors import NotFoundError, ResponseDecodeError, ValidationError
from ..models.common import Page
from ..models.videos import Anchor, DetectedLanguage, Video
from ..waiter import TaskKind
from ..webhooks._defaults import with_webhook
from ._base import TaskResource, iterate_pages
from ._params import check_bool, check_choice, check_int, check_text, path_id
from ._record_paths import rows_of

__all__ = [
    "MAX_DETECT_CHARS",
    "VIDEO_FAILURE",
    "VIDEO_RUNNING",
    "VIDEO_SUCCESS",
    "VideoGenerateParams",
    "VideoGenerateWaitParams",
    "Videos",
]

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
_GENERATE = "/api/v1/video/generate"


class VideoGenerateParams(WebhookParams, total=False):
    """Parameters of :meth:`Videos.generate` (``POST /api/v1/video/generate``).

    The layout (``canvas``, ``avatar_box``) and ``resolution`` are always sent, as A2E's docs
    mark them required: with no background replaced, the six ``web_*`` fields are 0 (A2E's
    docs say to send 0 then) and ``resolution`` is 1080 (A2E's default). Replacing the
    background (``background_id`` or ``custom_background_id``) needs a real layout: give
    ``canvas`` and ``avatar_box``."""

    anchor_id: Required[Annotated[str, Text(max_length=128)]]
    """The avatar, from :meth:`Videos.list_anchors`."""
    anchor_type: Required[Literal[0, 1]]
    """0 for a public avatar, 1 for your own."""
    audio_url: Required[Annotated[Media, Wire("audioSrc")]]
    """The speech (wire ``audioSrc``), e.g. from ``client.tts.generate``."""
    title: Annotated[str, Reference(), Text(max_length=40)] | None
    """The video's title; a unique ``a2e-<hex>`` when omitted, so that a call whose
    outcome is unknown can be found again."""
    resolution: Annotated[int, Range(1), Send(1080)] | None
    """Output height in pixels (sent as 1080 when omitted)."""
    background_id: Annotated[str, Id(), Wire("back_id")] | None
    """A public background to replace the avatar's (wire ``back_id``)."""
    custom_background_id: Annotated[str, Id(), Wire("custom_back_id")] | None
    """One of your backgrounds from ``client.backgrounds`` (wire ``custom_back_id``)."""
    background_color: Annotated[str, Color(), Wire("anchor_background_color")] | None
    """The avatar's background colour (wire ``anchor_background_color``)."""
    background_image_url: Annotated[Media, Wire("anchor_background_img")] | None
    """The avatar's background image (wire ``anchor_background_img``)."""
    color: Annotated[str, Color()] | None
    """A colour setting (wire ``color``)."""
    canvas: (
        Annotated[
            tuple[int, int], Spread(("web_bg_width", "web_bg_height")), Range(0), Send((0, 0))
        ]
        | None
    )
    """``(width, height)`` of the output canvas (wire ``web_bg_width``, ``web_bg_height``)."""
    avatar_box: (
        Annotated[
            tuple[int, int, int, int],
            Spread(("web_people_width", "web_people_height", "web_people_x", "web_people_y")),
            Range(0),
            Send((0, 0, 0, 0)),
        ]
        | None
    )
    """``(width, height, x, y)`` of the avatar on the canvas (wire ``web_people_*``)."""
    skip_smart_motion: Annotated[bool, Wire("isSkipRs")] | None
    """Skip smart motion, for speed (wire ``isSkipRs``)."""
    captions: Annotated[Mapping[str, Any], Wire("captionAlign")] | None
    """A2E's ``captionAlign`` style object; turns captions on (``isCaptionEnabled``) and
    needs ``spoken_text``."""
    spoken_text: Annotated[str, Text(), Wire("msg")] | None
    """What the audio says (wire ``msg``); A2E needs it to place captions."""
    to_public_pool: Annotated[bool, Wire("isToPublicPool")] | None
    """Run on A2E's public computing pool when your dedicated lines are busy."""


class VideoGenerateWaitParams(VideoGenerateParams, WaitOptions[Video], total=False):
    """:class:`VideoGenerateParams` and the wait options."""


def _check_layout(values: Mapping[str, Any]) -> None:
    replaced = next((n for n in ("background_id", "custom_background_id") if n in values), None)
    if replaced is None:
        return
    for name in ("canvas", "avatar_box"):
        if name not in values or 0 in values[name][:2]:
            raise ValidationError(
                name,
                f"replacing the background ({replaced}) needs a real layout: give canvas "
                "(width, height) and avatar_box (width, height, x, y) with sizes above 0",
            )


def _caption_switch(body: dict[str, Any], values: Mapping[str, Any]) -> None:
    # captionAlign "is only effective when isCaptionEnabled equals true" (A2E's docs).
    if "captions" in values:
        body["isCaptionEnabled"] = True


_GENERATE_SPEC = Spec(
    VideoGenerateParams,
    rules=[
        at_most_one("background_id", "custom_background_id"),
        needs(
            "captions",
            "spoken_text",
            why="is required with captions: A2E needs the spoken text to place them",
        ),
        _check_layout,
    ],
    shape=_caption_switch,
)


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

    start_call = StartCall("video", "generate", _GENERATE, _GENERATE_SPEC)

    async def generate(self, **params: Unpack[VideoGenerateParams]) -> Video:
        """Start rendering an avatar video: ``POST /api/v1/video/generate``.

        Parameters: :class:`VideoGenerateParams` (``audio_url`` and
        ``background_image_url`` may also be a local path or ``(bytes, filename)``,
        uploaded first).

        Returns the new task (status ``init``/``start``). Raises ``ValidationError`` before
        sending, ``OutcomeUnknownError`` if the call may have reached A2E unanswered (it is
        never resent), ``APIError`` subclasses for A2E's refusals.
        """
        sent = with_webhook(_GENERATE_SPEC, params, self._client._webhook)
        body = await _GENERATE_SPEC.body(sent, self._media_urls)
        data = await self._call(
            "POST", _GENERATE, json=body, reference=_GENERATE_SPEC.reference_of(body)
        )
        return decode_created(
            Video, data, endpoint=f"POST {_GENERATE}", reference=_GENERATE_SPEC.reference_of(body)
        )

    async def generate_and_wait(self, **params: Unpack[VideoGenerateWaitParams]) -> Video:
        """:meth:`generate`, then :meth:`wait`; returns the finished video (``result_url``)."""
        start, wait = split_wait(params)
        return await self._wait_started(await self.generate(**start), **wait)

    async def get(
        self,
        video_id: str,
        *,
        extra_body: Mapping[str, Any] | None = None,
        timeout: float | None = None,
    ) -> Video:
        """Read one video's status: ``POST /api/v1/video/awsResult`` with ``{"_id"}``.

        A2E answers a one-item array; an empty one means the id is unknown
        (``NotFoundError``). ``timeout`` (seconds) replaces the client's for this read's requests.
        """
        if timeout is not None:
            return await self._with_timeout(timeout).get(video_id, extra_body=extra_body)
        video_id = path_id("video_id", video_id)
        endpoint = f"POST {_AWS_RESULT}"
        body = {"_id": video_id}
        data = await self._call(
            "POST", _AWS_RESULT, json=body, idempotent=True, extra_body=extra_body
        )
        items = decode_list(Video, data, endpoint=endpoint)
        if not items:
            raise NotFoundError(f"no video {video_id}", endpoint=endpoint, status=200, payload=data)
        return items[0]

    async def detail(self, video_id: str, *, extra_query: Mapping[str, Any] | None = None) -> Video:
        """Read one video record: ``GET /api/v1/video/detail?video_id=`` (from A2E's spec)."""
        video_id = path_id("video_id", video_id)
        query = {"video_id": video_id}
        data = await self._call(
            "GET", "/api/v1/video/detail", params=query, extra_query=extra_query
        )
        return decode(Video, data, endpoint="GET /api/v1/video/detail")

    async def list_page(
        self, page: int = 1, page_size: int = 20, *, extra_query: Mapping[str, Any] | None = None
    ) -> Page[Video]:
        """One page of your result videos, newest first: ``GET /api/v1/video/awsList``
        (``current``, ``pageSize``)."""
        items = await self._list_items(page, page_size, extra_query)
        return Page(items=items, page=page, page_size=page_size)

    def list(
        self, *, page_size: int = 50, extra_query: Mapping[str, Any] | None = None
    ) -> AsyncIterator[Video]:
        """Every result video, newest first, fetching pages lazily."""
        return iterate_pages(
            lambda number: self.list_page(number, page_size, extra_query=extra_query)
        )

    async def _list_items(
        self, page: int, page_size: int, extra_query: Mapping[str, Any] | None = None
    ) -> builtins.list[Video]:
        check_int("page", page, minimum=1)
        check_int("page_size", page_size, minimum=1, maximum=100)
        query = {"current": page, "pageSize": page_size}
        data = await self._call("GET", _AWS_LIST, params=query, extra_query=extra_query)
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

    async def detect_language(
        self, text: str, *, extra_body: Mapping[str, Any] | None = None
    ) -> DetectedLanguage:
        """Guess the language of ``text``: ``POST /api/v1/video/lang_classify`` ``{"msg"}``.

        The path comes from two public callers, not from A2E's docs; the answer's shape is
        not documented (a bare locale string or an object with ``lang`` are both read).
        ``country`` and ``region`` are filled from the code when A2E omits them.
        """
        body = {"msg": check_text("text", text, max_length=MAX_DETECT_CHARS)}
        endpoint = f"POST {_LANG_CLASSIFY}"
        # A guess creates nothing, so a lost answer may be asked again.
        data = await self._call(
            "POST", _LANG_CLASSIFY, json=body, idempotent=True, extra_body=extra_body
        )
        found = decode(
            DetectedLanguage, {"lang": data} if isinstance(data, str) else data, endpoint=endpoint
        )
        country, _, region = found.code.partition("-")
        return attrs.evolve(
            found, country=found.country or country, region=found.region or region or None
        )

    async def set_auto_public_pool(
        self, enabled: bool, *, extra_body: Mapping[str, Any] | None = None
    ) -> None:
        """Let jobs overflow to A2E's public computing pool when your dedicated lines are
        busy (an account-wide switch for dedicated-line customers).

        Unverified path: A2E's docs name this call ("Auto Switch to Public Computing Pool")
        but its path could not be read; this sends ``POST /api/v1/video/auto-public-pool``
        ``{"isAutoToPublicPool"}``, a lead from one public caller. If A2E answers 404, use
        ``client.request`` with the right path. For one job, use ``to_public_pool`` of
        :meth:`generate` instead.
        """
        body = {"isAutoToPublicPool": check_bool("enabled", enabled)}
        await self._call(
            "POST",
            "/api/v1/video/auto-public-pool",
            json=body,
            idempotent=True,
            extra_body=extra_body,
        )

    async def list_anchors(
        self,
        *,
        type: Literal["default", "custom"] | None = None,
        user_video_twin_id: str | None = None,
        extra_query: Mapping[str, Any] | None = None,
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
        data = await self._call(
            "GET", "/api/v1/anchor/character_list", params=params, extra_query=extra_query
        )
        return decode_list(Anchor, data, endpoint="GET /api/v1/anchor/character_list")

    async def list_available_anchors(
        self,
        *,
        web_type: Literal["a2e", "tyzn"] | None = None,
        extra_body: Mapping[str, Any] | None = None,
    ) -> builtins.list[Anchor]:
        """The public and your own avatars available to your API token:
        ``POST /api/v1/anchor/list`` (``{"web_type"}`` when given; A2E's spec, SK).

        A2E documents no answer body; its items are read as :class:`Anchor` (the shape of
        ``character_list``, whose ids ``generate`` takes), from a bare array or ``rows`` /
        ``list`` / ``data``.
        """
        body: dict[str, Any] = {}
        if web_type is not None:
            body["web_type"] = check_choice("web_type", web_type, ("a2e", "tyzn"))
        endpoint = "POST /api/v1/anchor/list"
        # A read sent as POST: resending it is harmless.
        data = await self._call(
            "POST", "/api/v1/anchor/list", json=body, idempotent=True, extra_body=extra_body
        )
        return decode_list(Anchor, rows_of(data, endpoint=endpoint), endpoint=endpoint)
