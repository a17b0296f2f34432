"""Shapes shared by several areas."""

from __future__ import annotations

from typing import Generic, TypeVar

import attrs

from ._base import Model

__all__ = ["Page"]

T = TypeVar("T")


@attrs.frozen
class Page(Model, Generic[T]):
    """One page of a paged list.

    ``Page.from_dict`` keeps the items as the dicts it is given (a page does not know its
    item type); read each with its own model's ``from_dict``.
    """

    items: list[T]
    """The records on this page, in A2E's order (newest first for task lists)."""
    page: int
    """1-based page number (A2E's ``pageNum`` or ``current``)."""
    page_size: int
    """Requested page size (A2E's ``pageSize``)."""
    total: int | None = None
    """Total records across pages when A2E says (``count``), else ``None``."""

    @property
    def has_more(self) -> bool:
        """Whether a next page may exist."""
        if self.total is not None:
            return self.page * self.page_size < self.total
        return len(self.items) >= self.page_size
