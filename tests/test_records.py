"""A task-record family offers exactly the reads its paths allow."""

from __future__ import annotations

import pytest

from a2e_async.errors import ResponseDecodeError
from a2e_async.models.records import TaskRecord
from a2e_async.resources._records import Batched, Listed, RecordFamily, RecordPaths, rows_of


def test_batch_path_without_batch_mixin_is_refused() -> None:
    """Declaring a batchDetail path without the Batched capability fails at class definition."""
    with pytest.raises(TypeError, match="Batched"):

        class _Broken(Listed[TaskRecord]):
            model = TaskRecord
            paths = RecordPaths(family="x", detail="/x/{id}", list="/x/all", batch="/x/b")


def test_mixin_without_path_is_refused() -> None:
    """A capability without its path would only ever fail, so it is refused too."""
    with pytest.raises(TypeError, match="Listed"):

        class _Broken(Listed[TaskRecord], Batched[TaskRecord]):
            model = TaskRecord
            paths = RecordPaths(family="x", detail="/x/{id}", batch="/x/b")


def test_plain_family_needs_no_mixin() -> None:
    """A family with only a detail call is a plain RecordFamily."""

    class _Plain(RecordFamily[TaskRecord]):
        model = TaskRecord
        paths = RecordPaths(family="x", detail="/x/{id}")

    assert not hasattr(_Plain, "list_page")


@pytest.mark.parametrize(
    ("data", "rows"),
    [([1], [1]), ({"rows": [2]}, [2]), ({"list": [3]}, [3]), ({}, []), (None, [])],
)
def test_rows_of_reads_every_list_shape(data: object, rows: list[int]) -> None:
    """List answers come as rows, list, data or a bare array."""
    assert rows_of(data, endpoint="GET /x") == rows


def test_rows_of_rejects_other_shapes() -> None:
    """Anything else is a decode error naming the endpoint."""
    with pytest.raises(ResponseDecodeError, match="GET /x"):
        rows_of("nope", endpoint="GET /x")
