"""The record shape shared by A2E's task families (everything but avatar videos).

Each family's model subclasses :class:`TaskRecord` and adds its own fields. ``status`` is
A2E's ``current_status`` (:data:`TaskStatus`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal, TypeAlias

import attrs

from ._base import Model

__all__ = ["TaskRecord", "TaskStatus"]

TaskStatus: TypeAlias = Literal[
    "initialized",
    "sent",
    "pending",
    "pendding",
    "processing",
    "completed",
    "failed",
    "canceled",
    "cancelled",
]
"""The statuses a task record is known to pass through: ``initialized``, ``sent``,
``pending`` (voice clones spell it ``pendding``), ``processing``, then ``completed`` or
``failed`` (callers of the live API also see ``canceled`` / ``cancelled``). A2E may add
others: the SDK keeps such a value as sent (a type checker does not know it), and a wait
treats it as still running."""


@attrs.frozen
class TaskRecord(Model):
    """Fields every task record carries."""

    id: str
    """Task id (wire: ``_id``)."""
    status: TaskStatus | Literal[""] = ""
    """A2E's status (:data:`TaskStatus`; wire: ``current_status``); ``""`` when the answer
    had none. A value A2E adds later is kept as sent, so keep an ``else`` branch."""
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
