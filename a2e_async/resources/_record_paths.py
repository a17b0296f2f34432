"""Where a task-record family's calls live (:class:`RecordPaths`) and how list answers are
read (:func:`rows_of`): data, no I/O."""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any

import attrs

from ..errors import ResponseDecodeError

__all__ = ["RecordPaths", "rows_of"]


@attrs.frozen
class RecordPaths:
    """Where a family's calls live. ``{id}`` in a path is replaced by the quoted task id."""

    family: str
    """The family name (``image_to_video``...), as in the emulator's stats."""
    detail: str | None
    """GET one task, e.g. ``/api/v1/userImage2Video/{id}``; ``None`` where A2E has no such
    call (``get`` then finds the task in the list)."""
    list: str | None = None
    """GET the newest-first paged list (``rows`` + ``count``)."""
    batch: str | None = None
    """POST ``{"ids": [...]}`` to read many tasks at once (``batchDetail``)."""
    processing: str | None = None
    """GET the in-flight tasks (``allProcessing``)."""
    delete: str | None = None
    """Path that deletes one task."""
    delete_method: str = "DELETE"
    """HTTP method of ``delete`` (some families use POST)."""
    detail_query: str | None = None
    """When set, ``detail`` takes the id as this query parameter instead of in the path."""
    page_params: tuple[str, str] | None = ("pageNum", "pageSize")
    """The list's page-number and page-size query parameters; ``None`` where A2E names
    none (the list is then read in one request: :class:`ListedOnce`)."""
    batch_size: int = 100
    """How many ids one ``batch`` call carries: 200 where A2E states that cap, else 100."""
    rename: str | None = None
    """``PUT`` path that renames one task (``{"name"}``)."""

    @classmethod
    def common(
        cls,
        family: str,
        prefix: str,
        *,
        processing: bool = False,
        rename: bool = False,
        batch_size: int = 100,
    ) -> RecordPaths:
        """The layout most families share under ``prefix``: ``GET``/``DELETE {prefix}/{id}``,
        ``GET {prefix}/allRecords``, ``POST {prefix}/batchDetail``, with ``processing``
        ``GET {prefix}/allProcessing`` and with ``rename`` ``PUT {prefix}/{id}``."""
        return cls(
            family=family,
            detail=prefix + "/{id}",
            list=prefix + "/allRecords",
            batch=prefix + "/batchDetail",
            processing=prefix + "/allProcessing" if processing else None,
            delete=prefix + "/{id}",
            rename=prefix + "/{id}" if rename else None,
            batch_size=batch_size,
        )

    @classmethod
    def by_detail(
        cls,
        family: str,
        prefix: str,
        *,
        page_params: tuple[str, str] | None = ("page", "page_size"),
        batch_size: int = 100,
    ) -> RecordPaths:
        """The layout of the newer image families: ``GET {prefix}/detail/{id}``,
        ``GET {prefix}/list``, ``POST {prefix}/batchDetail``, ``DELETE {prefix}/{id}``."""
        return cls(
            family=family,
            detail=prefix + "/detail/{id}",
            list=prefix + "/list",
            batch=prefix + "/batchDetail",
            delete=prefix + "/{id}",
            page_params=page_params,
            batch_size=batch_size,
        )


def rows_of(data: Any, *, endpoint: str) -> builtins.list[Any]:
    """The records of a list answer: ``rows``, ``list``, ``data`` or a bare array."""
    if isinstance(data, list):
        return data
    if isinstance(data, Mapping):
        for key in ("rows", "list", "data", "records"):
            rows = data.get(key)
            if isinstance(rows, list):
                return rows
        if not data:
            return []
    if data is None:
        return []
    raise ResponseDecodeError("expected a list of records", endpoint=endpoint, raw=data)
