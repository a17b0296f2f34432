"""What a webhook body says: the task id(s) it names, and its event, whatever its shape.

A2E documents the ``task.completed`` / ``task.failed`` events and the token header, not the
body. So nothing here expects one shape: a task id is looked for under the names A2E uses
for ids (``_id``, ``id``, ``task_id``...) at the top and under the usual wrappers (``data``,
``task``, ``record``...), in objects and in arrays of them. A body naming no id is not an
error; the receiver logs and ignores it.
"""

from __future__ import annotations

import re
from typing import Any

import attrs

__all__ = ["WebhookEvent", "parse_event", "task_ids"]

_ID_KEYS = ("_id", "id", "task_id", "taskId", "record_id", "recordId", "video_id", "videoId")
_WRAPPERS = ("data", "task", "record", "result", "payload", "object", "detail")
_EVENT_KEYS = ("event", "type", "event_type", "eventType")
# An A2E id is a 24-hex ObjectId; anything that could sit in a URL path segment is accepted,
# nothing that could leave it.
_ID = re.compile(r"[A-Za-z0-9_-]{1,128}")
_MAX_DEPTH = 4
_MAX_IDS = 100


@attrs.frozen
class WebhookEvent:
    """One accepted webhook delivery."""

    task_ids: tuple[str, ...]
    """Task ids the body names (empty when it names none)."""
    event: str | None
    """Its event name (``task.completed`` / ``task.failed``), where it states one."""
    payload: Any = attrs.field(repr=False)
    """The decoded JSON body, as sent."""
    woken: int = 0
    """How many waits of this process it reached."""


def task_ids(payload: Any) -> tuple[str, ...]:
    """Every task id ``payload`` names, in order, without repeats (at most 100)."""
    found: dict[str, None] = {}
    _collect(payload, found, 0)
    return tuple(found)


def parse_event(payload: Any) -> WebhookEvent:
    """The event of a decoded body (no waits reached yet)."""
    return WebhookEvent(task_ids=task_ids(payload), event=_event(payload), payload=payload)


def _collect(value: Any, found: dict[str, None], depth: int) -> None:
    if depth > _MAX_DEPTH or len(found) >= _MAX_IDS:
        return
    if isinstance(value, list):
        for item in value[:_MAX_IDS]:
            _collect(item, found, depth + 1)
        return
    if not isinstance(value, dict):
        return
    for key in _ID_KEYS:
        candidate = value.get(key)
        if isinstance(candidate, str) and _ID.fullmatch(candidate):
            found.setdefault(candidate, None)
            break  # one id per object: "id" beside "_id" is the same record
    for key in _WRAPPERS:
        if key in value:
            _collect(value[key], found, depth + 1)


def _event(payload: Any) -> str | None:
    for holder in (payload, payload.get("data") if isinstance(payload, dict) else None):
        if isinstance(holder, dict):
            for key in _EVENT_KEYS:
                value = holder.get(key)
                if isinstance(value, str):
                    return value
    return None
