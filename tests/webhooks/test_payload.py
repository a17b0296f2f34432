"""Task ids are found in any plausible body shape; anything else names none (never raises)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from a2e_async.webhooks import task_ids
from a2e_async.webhooks._payload import parse_event

ID = "65f1c0de0123456789abcdef"


@pytest.mark.parametrize(
    "payload",
    [
        {"_id": ID},
        {"id": ID},
        {"task_id": ID},
        {"taskId": ID},
        {"event": "task.completed", "data": {"_id": ID, "current_status": "completed"}},
        {"event": "task.failed", "task": {"id": ID}},
        {"type": "task.completed", "data": {"record": {"_id": ID}}},
        {"data": [{"_id": ID}]},
        [{"task_id": ID}],
        {"payload": {"object": {"video_id": ID}}},
    ],
)
def test_every_plausible_shape_yields_the_id(payload: Any) -> None:
    """Flat, nested under the usual wrappers, or in an array: the id is found."""
    assert task_ids(payload) == (ID,)


@pytest.mark.parametrize(
    "payload",
    [
        None,
        "task.completed",
        42,
        {},
        {"event": "task.completed"},
        {"data": {"_id": 12345}},
        {"_id": "a/b"},
        {"_id": ""},
        {"_id": "x" * 200},
        {"unrelated": {"_id": ID}},
    ],
)
def test_shapes_without_a_usable_id_yield_none(payload: Any) -> None:
    """No id, a non-string id, one that could leave a URL path, or one outside known keys."""
    assert task_ids(payload) == ()


def test_ids_repeat_once_and_events_are_read() -> None:
    """The same id twice counts once; the event comes from the top or from ``data``."""
    payload = {"data": {"_id": ID, "event": "task.failed"}, "task": {"_id": ID}}
    event = parse_event(payload)
    assert (event.task_ids, event.event) == ((ID,), "task.failed")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=5)
        | st.dictionaries(st.sampled_from(["_id", "id", "data", "task", "x"]) | st.text(), children)
    ),
    max_leaves=30,
)


@given(json_values)
def test_any_json_is_parsed_without_raising(payload: Any) -> None:
    """Whatever JSON arrives, parsing returns (ids are plain strings, at most 100)."""
    ids = task_ids(payload)
    assert len(ids) <= 100
    assert all(isinstance(i, str) for i in ids)
