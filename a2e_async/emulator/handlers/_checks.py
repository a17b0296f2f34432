"""Cross-field checks of the catalog families' start calls, as the emulator enforces them.

Each check names a rule of A2E's spec prose (SK, quoted in full by a public copy of the
reference: S-q) and answers HTTP 400 with the offending field first in ``msg``. A field left
out counts as A2E's default (``default``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Any

from .._web import ApiError

__all__ = ["Check", "all_of", "needs", "objects", "only_with"]

Check = Callable[[dict[str, Any]], None]


def needs(field: str, values: Collection[Any], *names: str, default: Any = None) -> Check:
    """While ``field`` is one of ``values``, each of ``names`` must be sent."""

    def check(fields: dict[str, Any]) -> None:
        current = fields.get(field, default)
        if current in values:
            for name in names:
                if fields.get(name) in (None, "", []):
                    raise ApiError(400, f"{name}: required when {field} is {current}")

    return check


def only_with(name: str, field: str, values: Collection[Any], *, default: Any = None) -> Check:
    """``name`` may be sent only while ``field`` is one of ``values``."""

    def check(fields: dict[str, Any]) -> None:
        if fields.get(name) not in (None, "", []) and fields.get(field, default) not in values:
            raise ApiError(400, f"{name}: not supported with {field} {fields.get(field, default)}")

    return check


def all_of(*checks: Check) -> Check:
    """Every one of ``checks``, in order."""

    def check(fields: dict[str, Any]) -> None:
        for one in checks:
            one(fields)

    return check


def objects(name: str, fields: dict[str, Any], keys: Sequence[str] = ()) -> None:
    """``fields[name]``, when sent, is an array of objects, each with ``keys``."""
    items = fields.get(name)
    if items is None:
        return
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise ApiError(400, f"{name}: must be an array of objects")
    for item in items:
        for key in keys:
            if item.get(key) in (None, ""):
                raise ApiError(400, f"{name}: every item needs {key}")
