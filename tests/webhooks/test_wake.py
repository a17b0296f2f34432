"""Webhooks from the emulator wake waits at once; each woken wait confirms with one read
(text-to-image has ``batchDetail``: the notices of one short window share that read)."""

from __future__ import annotations

import asyncio
import json

import pytest

from a2e_async import TaskFailed
from a2e_async.emulator.state import FAIL_MARKER
from a2e_async.testing import FAST_POLL

from .conftest import BATCH, DETAIL, Rig, until


async def _start_waiting(rig: Rig, prompt: str = "a lighthouse") -> asyncio.Task[object]:
    """Start a text-to-image task and wait for it; return once the wait is registered."""
    waiting = asyncio.ensure_future(rig.client.text_to_image.start_and_wait(prompt=prompt))
    await until(lambda: rig.client.waiter.active_pollers == 1 or waiting.done(), "a wait")
    return waiting


async def test_a_woken_wait_ends_after_exactly_one_confirming_read(rig: Rig) -> None:
    """The completion webhook wakes the wait, which reads the task once (through the
    family's batchDetail) and returns it."""
    waiting = await _start_waiting(rig)
    [start] = rig.reads("/api/v1/userText2Image/start")
    rig.emulator.advance(3600)
    [task] = await asyncio.wait_for(waiting, 30)  # type: ignore[misc]
    assert task.status == "completed"
    [read] = rig.reads(BATCH)
    assert json.loads(read["raw"]) == {"ids": [task.id]}
    assert rig.reads(DETAIL) == []
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
    assert len(rig.status_reads()) == 1
    assert rig.emulator.webhooks()["deliveries"][0]["event"] == "task.failed"


async def test_duplicated_deliveries_cost_one_read(rig: Rig) -> None:
    """Each notice sent twice: the wait still reads its task exactly once."""
    rig.emulator.set_webhooks(duplicate=True)
    waiting = await _start_waiting(rig)
    rig.emulator.advance(3600)
    await asyncio.wait_for(waiting, 30)
    await until(lambda: rig.receiver.accepted == 2, "the duplicate")
    assert len(rig.status_reads()) == 1
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
    assert rig.status_reads() == []
    assert not waiting.done()
    waiting.cancel()


async def test_a_dropped_webhook_leaves_the_wait_to_polling(rig: Rig) -> None:
    """With every notice dropped, the wait still ends, by its own polls."""
    rig.emulator.set_webhooks(drop=1.0)
    [task] = await rig.client.text_to_image.start(prompt="a boat")
    waiting = asyncio.ensure_future(rig.client.text_to_image.wait(task.id, poll_policy=FAST_POLL))
    await until(lambda: len(rig.status_reads()) >= 1, "the first poll")
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
    assert len(rig.status_reads()) == 1
    assert not waiting.done()  # still running: the wait goes on
    waiting.cancel()


async def _waiting_many(rig: Rig, count: int) -> tuple[list[asyncio.Task[object]], list[str]]:
    waits = [await _start_waiting(rig, prompt=f"a lighthouse {i}") for i in range(count)]
    await until(lambda: len(next(iter(rig.client.waiter._pollers.values())).subs) == count, "all")
    return waits, list(next(iter(rig.client.waiter._pollers.values())).subs)


async def test_notices_of_one_window_share_one_batch_read(rig: Rig) -> None:
    """Three notices arriving together: one batchDetail read carries all three ids, and it
    ends the three waits (the tasks have ended)."""
    waits, ids = await _waiting_many(rig, 3)
    rig.emulator.set_webhooks(enabled=False)
    rig.emulator.advance(3600)
    waiter = rig.client.waiter
    assert [waiter.notify("text_to_image", task_id) for task_id in ids] == [1, 1, 1]
    await asyncio.wait_for(asyncio.gather(*waits), 30)
    [read] = rig.reads(BATCH)
    assert sorted(json.loads(read["raw"])["ids"]) == sorted(ids)
    assert rig.reads(DETAIL) == []


async def test_a_notice_during_a_batch_read_waits_for_the_next_one(rig: Rig) -> None:
    """A notice that arrives while a batch read is in flight is not lost and gets no read of
    its own: the next window's read carries it."""
    waits, (first, second) = await _waiting_many(rig, 2)
    rig.emulator.set_webhooks(enabled=False)
    rig.emulator.advance(3600)
    waiter = rig.client.waiter
    rig.emulator.set_faults("slow@/api/v1/userText2Image/batchDetail=1.0")
    waiter.notify("text_to_image", first)
    await until(lambda: len(rig.reads(BATCH)) == 1, "the first read, in flight")
    waiter.notify("text_to_image", second)
    await asyncio.wait_for(asyncio.gather(*waits), 30)
    assert [json.loads(r["raw"])["ids"] for r in rig.reads(BATCH)] == [[first], [second]]
    assert rig.reads(DETAIL) == []


async def test_a_task_the_batch_read_leaves_out_is_read_by_id(rig: Rig) -> None:
    """batchDetail answers nothing for a task (a deleted one, say): that task is read by
    itself, and a read that finds it gone leaves the wait to its polls."""
    waits, ids = await _waiting_many(rig, 2)
    rig.emulator.set_webhooks(enabled=False)
    rig.emulator.advance(3600)
    gone, kept = ids
    await rig.client.text_to_image.delete(gone)
    waiter = rig.client.waiter
    waiter.notify("text_to_image", gone)
    waiter.notify("text_to_image", kept)
    await until(lambda: waits[1].done() and waiter._waker.reading == 0, "the reads")
    assert len(rig.reads(BATCH)) == 1
    reads = [r["path"].rsplit("/", 1)[-1] for r in rig.reads(DETAIL) if r["method"] == "GET"]
    assert reads == [gone]
    assert not waits[0].done()  # its own poll reports the task gone, in an hour
    waits[0].cancel()
