"""Streaming avatar: the avatars you can stream and the Agora room credentials."""

from __future__ import annotations

from datetime import datetime

import attrs

from ._base import Model

__all__ = ["StreamingAvatar", "StreamingToken"]


@attrs.frozen
class StreamingAvatar(Model):
    """An avatar that can be streamed (an item of ``streaming-avatar/all_avatars``)."""

    id: str
    """The id to pass as ``avatar_id`` (wire: ``_id``)."""
    name: str | None = None
    """Display name."""


@attrs.frozen
class StreamingToken(Model):
    """Credentials for joining the avatar's Agora RTC channel (``agora-token``).

    Pass ``app_id``, ``channel``, ``token`` and ``uid`` to the Agora RTC SDK's ``join``; the
    ``channel`` also names the room in ``ask``, ``speak``, ``set_context`` and ``leave``.
    """

    token: str
    """The Agora RTC token (valid for this one user and channel)."""
    channel: str
    """The Agora channel (A2E's room name)."""
    app_id: str | None = None
    """The Agora app id (wire: ``appId``)."""
    uid: int | str | None = None
    """The Agora user id the token was issued for."""
    expires_at: datetime | None = None
    """When the room closes (wire: ``expire_epoch_timestamp``)."""
    expire_date: datetime | None = None
    """The same moment as A2E's date string (wire: ``expire_date_UTC``)."""
