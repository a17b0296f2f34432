"""Background images (``custom_back``) for avatar videos."""

from __future__ import annotations

from datetime import datetime

import attrs

from ._base import Model

__all__ = ["Background"]


@attrs.frozen
class Background(Model):
    """A background image. A2E does not document the item; fields it omits stay ``None``.

    A custom one's ``id`` is ``custom_background_id`` of ``client.videos.generate``; a
    public one's is ``background_id``.
    """

    id: str
    """Background id (wire: ``_id``)."""
    name: str | None = None
    """Display name."""
    image_url: str | None = None
    """The image (wire: ``img_url``)."""
    type: str | None = None
    """``default`` (public) or ``custom`` (yours), when A2E says."""
    created_at: datetime | None = None
    """When it was added (wire: ``createdAt``)."""
