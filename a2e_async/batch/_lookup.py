"""Finding a job at A2E by the name (or title) it was sent with, in its family's list.

Used for a job found in ``submitting``: its create call may or may not have reached A2E.
Lists are read newest first, down to a little before the job's ``submitting`` time; only a
list read that far (or to its end) without error can say that a job is certainly absent.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from datetime import datetime, timezone
from typing import Any, get_origin, get_type_hints

from ..resources import Starter
from .jobs import reference_limit

__all__ = ["CLOCK_SLACK", "Lookup"]

CLOCK_SLACK = 900.0
"""Seconds by which A2E's clock and the journal's may disagree: a list is read down to
this long before the job went to ``submitting``."""


class Lookup:
    """Looks jobs up in the list of their family."""

    def __init__(self, starters: Mapping[str, Starter], *, slack: float = CLOCK_SLACK) -> None:
        self._starters = starters
        self.slack = slack

    def can_look_up(self, kind: str) -> bool:
        """Whether jobs of ``kind`` carry a name the runner gives and A2E lists them."""
        starter = self._starters[kind]
        has_list = callable(getattr(starter.resource, "list", None))
        return has_list and reference_limit(starter.call.spec) is not None

    def creates_many(self, kind: str) -> bool:
        """Whether one start call of ``kind`` may create several tasks (all named alike)."""
        starter = self._starters[kind]
        method = getattr(type(starter.resource), starter.call.method)
        return get_origin(get_type_hints(method).get("return")) is list

    async def find(self, kind: str, name: str, *, since: float | None) -> list[str]:
        """Ids of the tasks of ``kind`` named ``name`` (newest first; empty: certainly none).

        ``since`` is when the job went to ``submitting`` (epoch seconds; ``None`` reads the
        whole list). Raises the list call's errors: then nothing is certain.
        """
        starter = self._starters[kind]
        attribute = starter.call.spec.reference
        assert attribute is not None
        cutoff = None if since is None else since - self.slack
        found: list[str] = []
        async for item in self._items(kind):
            if getattr(item, attribute, None) == name:
                found.append(str(item.id))
            created = getattr(item, "created_at", None)
            if cutoff is not None and isinstance(created, datetime) and _epoch(created) < cutoff:
                break
        return found

    def _items(self, kind: str) -> AsyncIterator[Any]:
        resource: Any = self._starters[kind].resource
        # Voice clones (training and completed) are not paged at A2E.
        paged = {} if kind == "voice_clone" else {"page_size": 100}
        items: AsyncIterator[Any] = resource.list(**paged)
        return items


def _epoch(moment: datetime) -> float:
    if moment.tzinfo is None:
        # A2E writes UTC ("...Z"); a naive value is read the same way.
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.timestamp()
