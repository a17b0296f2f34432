"""What every model shares: plain data and JSON out, and the same back in."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, TypeVar

__all__ = ["Model"]

M = TypeVar("M", bound="Model")


class Model:
    """Base of every result class: ``to_dict``, ``to_json`` and ``from_dict``.

    All three go through the SDK's one converter, so a model's dict has the same field
    names, value rules and renames as its decoding.
    """

    __slots__ = ()

    def to_dict(self, *, wire_names: bool = False) -> dict[str, Any]:
        """This model as JSON-ready data: nested models become dicts, tuples lists, datetimes
        ISO 8601 strings (``2025-01-31T12:00:00+00:00``).

        Keys are the attribute names; ``wire_names=True`` uses A2E's field names instead
        (``_id``, ``msg``, ``current_status``...). Either form reads back into an equal model
        with :meth:`from_dict` (given the same ``wire_names``).
        """
        from .._converter import encode

        data: dict[str, Any] = encode(self, wire_names=wire_names)
        return data

    def to_json(self, *, wire_names: bool = False, indent: int | None = None) -> str:
        """:meth:`to_dict` as a JSON string (non-ASCII text is kept as is)."""
        return json.dumps(self.to_dict(wire_names=wire_names), indent=indent, ensure_ascii=False)

    @classmethod
    def from_dict(cls: type[M], data: Mapping[str, Any], *, wire_names: bool = False) -> M:
        """A model from :meth:`to_dict`'s output (or, with ``wire_names=True``, from A2E's
        JSON), read as leniently as the SDK reads A2E's answers.

        Raises ``ValidationError`` (param ``data``) for a shape the model rejects, e.g. a
        missing ``id``.
        """
        from .._converter import from_plain

        return from_plain(cls, data, wire_names=wire_names)
