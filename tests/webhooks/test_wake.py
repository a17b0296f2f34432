"""Webhooks from the emulator wake waits at once; each woken wait confirms with one read."""

from __future__ import annotations

import asyncio

import pytest

from a2e_async import TaskFailed
from a2e_async.emulator.state import FAIL_MARKER
from a2e_async.testing import FAST_POLL

from .conftest import Rig, until

DETAIL = "/api/v1/userText2Image/{_id}"
BATCH = "/api/v1/userText2Image/batchDetail"


async def _start_waiting(rig: Rig, prompt: str = "a lighthouse") -> asyncio.Task[object]:
    """Start a text-to-image task and wait for it; return once the wait is registered."""
    waiting = asyncio.ensure_future(rig.client.text_to_image.start_and_wait(prompt=prompt))
    await until(lambda: rig.client.waiter.active_pollers == 1 or waiting.done(), "a wait")
    return waiting


async def test_a_woken_wait_ends_after_exactly_one_confirming_read(rig: Rig) -> None:
    """The completion webhook wakes the wait, which reads the task once and returns it."""
    waiting = await _start_waiting(rig)
    [start] = rig.reads("/api/v1/userText2Image/start")
    rig.emulator.advance(3600)
    [task] = await asyncio.wait_for(waiting, 30)  # type: ignore[misc]
    assert task.status == "completed"
    assert len(rig.reads(DETAIL)) == 1
    assert rig.reads(BATCH) == []
    assert rig.receiver.accepted == 1
    assert rig.emulator.webhooks()["counts"]["answered_2xx"] == 1
    assert start["method"] == "POST"


async def test_the_start_call_carries_the_client_default_webhook(rig: Rig) -> None:
    """The start body names the receiver's URL and token (the client's default)."""
    from a2e_async.emulator._web import STATE

    waiting = await _start_waiting(rig)
    entry = next(e for e in rig.emulator.app[STATE].request_log if e["path"].endswith("/start"))
    import json

    body = json.loads(entry["raw"])
    assert body["webhook_url"] == rig.server.url
    assert body["webhook_token"] == rig.client._webhook["webhook_token"]
    waiting.cancel()


async def test_a_failure_webhook_raises_task_failed_after_one_read(rig: Rig) -> None:
    """``task.failed`` wakes the wait too; the confirming read decides it failed."""
    waiting = await _start_waiting(rig, prompt=f"a cat {FAIL_MARKER}")
    rig.emulator.advance(3600)
    with pytest.raises(TaskFailed):
        await asyncio.wait_for(waiting, 30)
    assert len(rig.reads(DETAIL)) == 1
    assert rig.emulator.webhooks()["deliveries"][0]["event"] == "task.failed"


async def test_duplicated_deliveries_cost_one_read(rig: Rig) -> None:
    """Each notice sent twice: the wait still reads its task exactly once."""
    rig.emulator.set_webhooks(duplicate=True)
    waiting = await _start_waiting(rig)
    rig.emulator.advance(3600)
    await asyncio.wait_for(waiting, 30)
    await until(lambda: rig.receiver.accepted == 2, "the duplicate")
    assert len(rig.reads(DETAIL)) == 1
    assert rig.emulator.webhooks()["counts"]["sent"] == 2


async def test_a_forged_token_is_refused_and_wakes_nothing(rig: Rig) -> None:
    """The emulator sends a wrong token: a bare 400, no read, the wait goes on."""
    rig.emulator.set_webhooks(wrong_token=True)
    waiting = await _start_waiting(rig)
    rig.emulator.advance(3600)
    await until(lambda: rig.emulator.webhooks()["counts"].get("answered_error") == 1, "refusal")
    assert rig.receiver.refused == 1
    assert rig.receiver.accepted == 0
    assert rig.emulator.webhooks()["deliveries"][0]["status"] == 400
    assert rig.reads(DETAIL) == rig.reads(BATCH) == []
    assert not waiting.done()
    waiting.cancel()


async def test_a_dropped_webhook_leaves_the_wait_to_polling(rig: Rig) -> None:
    """With every notice dropped, the wait still ends, by its own polls."""
    rig.emulator.set_webhooks(drop=1.0)
    [task] = await rig.client.text_to_image.start(prompt="a boat")
    waiting = asyncio.ensure_future(rig.client.text_to_image.wait(task.id, poll_policy=FAST_POLL))
    await until(lambda: len(rig.reads(DETAIL) + rig.reads(BATCH)) >= 1, "the first poll")
    rig.emulator.advance(3600)
    done = await asyncio.wait_for(waiting, 30)
    assert done.status == "completed"
    assert rig.emulator.webhooks()["counts"]["dropped"] == 1
    assert rig.receiver.accepted == 0


async def test_notify_reaches_only_the_named_family(rig: Rig) -> None:
    """``TaskWaiter.notify`` counts the waits it reached: none for another family or an
    unknown id, one for the waited task (and that costs one read)."""
    waiting = await _start_waiting(rig)
    [task_id] = next(iter(rig.client.waiter._pollers.values())).subs
    waiter = rig.client.waiter
    assert waiter.notify("video", task_id) == 0
    assert waiter.notify(None, "f" * 24) == 0
    assert waiter.notify("text_to_image", task_id) == 1
    assert waiter.notify(None, task_id) == 1  # shares the read in flight
    await until(lambda: waiter._waker.reading == 0, "the read")
    assert len(rig.reads(DETAIL)) == 1
    assert not waiting.done()  # still running: the wait goes on
    waiting.cancel()
