"""Avatar videos (``video/*``) and the avatars ("anchors") they are made from."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, TypeAlias

import attrs

from ._base import Model

__all__ = ["Anchor", "DetectedLanguage", "Video", "VideoStatus"]

VideoStatus: TypeAlias = Literal[
    "init", "start", "pending", "process", "copy", "success", "fail", "failed", "error"
]
"""The statuses an avatar video is known to pass through: ``init``, ``start``, ``pending``,
``process`` and ``copy`` while it renders, ``success``, or ``fail`` (callers of the live API
also see ``failed`` and ``error``). A2E may add others: the SDK keeps such a value as sent
(a type checker does not know it), and a wait treats it as still running."""


@attrs.frozen
class Anchor(Model):
    """An avatar usable in ``video/generate`` (an item of ``anchor/character_list``)."""

    id: str
    """The id to pass as ``anchor_id`` (wire: ``_id``)."""
    type: str | None = None
    """``default`` (public) or ``custom`` (yours)."""
    name: str | None = None
    """Display name, when A2E gives one."""
    anchor_type: int | None = None
    """0 = public, 1 = custom, when A2E gives it."""
    user_video_twin_id: str | None = None
    """The trained avatar (video twin) this anchor came from."""
    cover_url: str | None = None
    """Cover image (wire: ``video_cover``)."""
    people_image_url: str | None = None
    """Cut-out person image (wire: ``people_img``)."""
    base_video_url: str | None = None
    """Source video (wire: ``base_video``)."""


@attrs.frozen
class Video(Model):
    """An avatar-video task: what ``video/generate``, ``awsResult``, ``awsList`` and
    ``video/detail`` answer. ``status`` runs ``init``, ``start``, ``pending``, ``process``,
    ``copy`` and ends in ``success`` or ``fail`` (see :data:`VideoStatus`)."""

    id: str
    """Task id (wire: ``_id``)."""
    status: VideoStatus | Literal[""] = ""
    """A2E's status (:data:`VideoStatus`); ``""`` when the answer had none. A value A2E adds
    later is kept as sent, so compare with ``==`` and keep an ``else`` branch."""
    progress: int | None = None
    """Percent done, 0–100 (wire: ``process``)."""
    result_url: str | None = None
    """The finished video (wire: ``result``); ``None`` until done."""
    title: str | None = None
    """Title the video was created with."""
    message: str | None = None
    """A2E's message, often the failure reason (wire: ``msg``)."""
    error: str | None = None
    """Failure detail, when A2E gives one."""
    anchor_id: str | None = None
    """The avatar used."""
    anchor_type: int | None = None
    """0 = public avatar, 1 = custom (A2E answers it as a string)."""
    audio_url: str | None = None
    """The audio lip-synced (wire: ``audioSrc``)."""
    audio_seconds: float | None = None
    """Audio length in seconds (wire: ``audioLen``)."""
    resolution: int | None = None
    """Output height in pixels, e.g. 1080."""
    width: int | None = None
    """Canvas width (wire: ``web_bg_width``)."""
    height: int | None = None
    """Canvas height (wire: ``web_bg_height``)."""
    people_width: int | None = None
    """Avatar box width (wire: ``web_people_width``)."""
    people_height: int | None = None
    """Avatar box height (wire: ``web_people_height``)."""
    people_x: int | None = None
    """Avatar box left edge (wire: ``web_people_x``)."""
    people_y: int | None = None
    """Avatar box top edge (wire: ``web_people_y``)."""
    dist_bg_width: int | None = None
    """Background crop width (wire: ``web_dist_bg_width``)."""
    dist_bg_height: int | None = None
    """Background crop height (wire: ``web_dist_bg_height``)."""
    dist_bg_x: int | None = None
    """Background crop left edge (wire: ``web_dist_bg_x``)."""
    dist_bg_y: int | None = None
    """Background crop top edge (wire: ``web_dist_bg_y``)."""
    color: str | None = None
    """Background colour, when one was set."""
    background_image_url: str | None = None
    """Image behind the avatar (wire: ``anchor_background_img``)."""
    background_color: str | None = None
    """Colour behind the avatar (wire: ``anchor_background_color``)."""
    background_id: str | None = None
    """Background used (wire: ``replace_bg_id``)."""
    custom_background_id: str | None = None
    """Custom background used (wire: ``custom_backs_id``)."""
    cover_url: str | None = None
    """Cover image of the result (wire: ``result_cover``)."""
    result_people_url: str | None = None
    """Person-only render, when A2E gives one."""
    result_background_url: str | None = None
    """Background-only render (wire: ``result_bg_url``)."""
    algo_result: str | None = None
    """Raw algorithm result field."""
    skip_smart_motion: bool | None = None
    """Whether smart motion was skipped (wire: ``isSkipRs``)."""
    deleted: bool | None = None
    """Soft-deleted flag (wire: ``isDel``)."""
    retry: int | None = None
    """How often A2E retried the render."""
    priority: int | None = None
    """Queue priority."""
    restart_date: datetime | None = None
    """When A2E restarted the render, if it did."""
    voice_type: str | None = None
    """Voice type code."""
    custom_voice: str | None = None
    """Custom voice reference."""
    lip_model: str | None = None
    """Model used (wire: ``wl_model``)."""
    user_id: str | None = None
    """Owner's user id."""
    version: int | None = None
    """Record version."""
    elapsed_seconds: int | None = None
    """Seconds since creation, as A2E counts (wire: ``diff_s``)."""
    server_date: datetime | None = None
    """A2E's clock when it answered (wire: ``current_date``)."""
    created_at: datetime | None = None
    """When the task was created (wire: ``createdAt``)."""
    updated_at: datetime | None = None
    """Last change (wire: ``updatedAt``)."""
    caption: dict[str, Any] | None = None
    """Caption style, when captions were enabled (wire: ``captionAlign``)."""


@attrs.frozen
class DetectedLanguage(Model):
    """What ``video/lang_classify`` guesses for a text: the locale to use for TTS."""

    code: str
    """Locale code, e.g. ``en-US`` (wire: ``lang``)."""
    country: str | None = None
    """The language part, TTS's ``country`` (``en``)."""
    region: str | None = None
    """The region part, TTS's ``region`` (``US``)."""
