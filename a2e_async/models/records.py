"""The record shape shared by A2E's task families (everything but avatar videos).

Each family's model subclasses :class:`TaskRecord` and adds its own fields. ``status`` is
A2E's ``current_status``: ``initialized``, ``sent``, ``pending``, ``processing``, then
``completed`` or ``failed``; unknown values are kept as sent.
"""

from __future__ import annotations

from datetime import datetime

import attrs

__all__ = ["TaskRecord"]


@attrs.frozen
class TaskRecord:
    """Fields every task record carries."""

    id: str
    """Task id (wire: ``_id``)."""
    status: str = ""
    """A2E's status string (wire: ``current_status``)."""
    name: str | None = None
    """The name the task was started with."""
    coins: float | None = None
    """Credits charged."""
    failed_code: str | None = None
    """A2E's failure code; ``None`` unless failed."""
    failed_message: str | None = None
    """A2E's failure message; ``None`` unless failed."""
    created_at: datetime | None = None
    """When the task was created (wire: ``createdAt``)."""
    updated_at: datetime | None = None
    """Last change (wire: ``updatedAt``)."""
