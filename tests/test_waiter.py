"""The waiter's one loop, driven by a fake clock and an in-memory task family."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import attrs
import pytest

from a2e_async._polling import _DEADLINE_GRACE
from a2e_async.config import PollPolicy
from a2e_async.errors import (
    NotFoundError,
    ServerError,
    TaskFailed,
    TaskNotFound,
    ValidationError,
    WaitTimeout,
)
from a2e_async.waiter import TaskKind, TaskWaiter


@attrs.frozen
class FakeTask:
    id: str
    status: str
    progress: float | None = None
    failed_message: str | None = None


class FakeTime:
    """A clock that jumps forward when the code under test sleeps."""

    def __init__(self) -> None:
        self.now = 0.0

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds
        await asyncio.sleep(0)


class FakeFamily:
    """Tasks that finish at given fake times; records every read."""

    def __init__(self, time: FakeTime, *, with_batch: bool = False) -> None:
        self.time = time
        self.finish_at: dict[str, float] = {}
        self.outcome: dict[str, str] = {}
        self.status_override: dict[str, str] = {}
        self.gets: list[tuple[float, str]] = []
        self.batches: list[list[str]] = []
        self.cancelled: list[str] = []
        self.errors: list[Exception] = []
        self.with_batch = with_batch

    def add(self, task_id: str, finish_at: float, outcome: str = "completed") -> None:
        self.finish_at[task_id] = finish_at
        self.outcome[task_id] = outcome

    def state(self, task_id: str) -> FakeTask:
        if task_id not in self.finish_at:
            raise NotFoundError("gone", endpoint="GET /fake", status=404)
        if task_id in self.status_override:
            return FakeTask(task_id, self.status_override[task_id])
        end = self.finish_at[task_id]
        if self.time.now >= end:
            outcome = self.outcome[task_id]
            message = "boom" if outcome == "failed" else None
            return FakeTask(task_id, outcome, 100.0, message)
        return FakeTask(task_id, "processing", 100.0 * self.time.now / end)

    async def get(self, task_id: str) -> FakeTask:
        self.gets.append((self.time.now, task_id))
        if self.errors:
            raise self.errors.pop(0)
        return self.state(task_id)

    async def batch(self, ids: Sequence[str]) -> list[FakeTask]:
        self.batches.append(list(ids))
        return [self.state(i) for i in ids if i in self.finish_at]

    async def cancel(self, task_id: str) -> None:
        self.cancelled.append(task_id)

    def kind(self, *, progress: bool = False) -> TaskKind[FakeTask]:
        return TaskKind(
            family="fake",
            get=self.get,
            status=lambda t: t.status,
            success=frozenset({"completed"}),
            failure=frozenset({"failed"}),
            running=frozenset({"processing"}),
            failure_detail=lambda t: ("E1", t.failed_message),
            progress=(lambda t: t.progress) if progress else None,
            batch=self.batch if self.with_batch else None,
            cancel=self.cancel,
        )


POLICY = PollPolicy(initial_delay=1, factor=2, max_interval=8, deadline=100, jitter=0)
PER_TASK = attrs.evolve(POLICY, coalesce=False)


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


def make_waiter(fake_time: FakeTime) -> TaskWaiter:
    return TaskWaiter(clock=fake_time.clock, sleep=fake_time.sleep, seed=1)


async def test_backoff_schedule(fake_time: FakeTime) -> None:
    """Polls at once, then after 1, 2, 4, 8, 8... seconds, and returns the finished task."""
    family = FakeFamily(fake_time)
    family.add("t1", finish_at=30)
    task = await make_waiter(fake_time).wait(family.kind(), "t1", policy=PER_TASK)
    assert task.status == "completed"
    assert [t for t, _ in family.gets] == [0, 1, 3, 7, 15, 23, 31]


async def test_wait_from_a_fresh_task_first_polls_after_initial_delay(fake_time: FakeTime) -> None:
    """Given the task its start call returned, the first poll waits the initial delay."""
    family = FakeFamily(fake_time)
    family.add("t1", finish_at=2)
    fresh = FakeTask("t1", "processing")
    await make_waiter(fake_time).wait(family.kind(), "t1", policy=PER_TASK, initial=fresh)
    assert [t for t, _ in family.gets] == [1, 3]


async def test_deadline_raises_wait_timeout_with_last_task(fake_time: FakeTime) -> None:
    """The wall-clock deadline ends the wait with WaitTimeout carrying the last state."""
    family = FakeFamily(fake_time)
    family.add("t1", finish_at=10_000)
    policy = attrs.evolve(PER_TASK, deadline=20)
    with pytest.raises(WaitTimeout) as info:
        await make_waiter(fake_time).wait(family.kind(), "t1", policy=policy)
    assert info.value.task.status == "processing"
    assert fake_time.now == 20  # the last check happens exactly at the deadline
    assert family.cancelled == []  # the remote task keeps running by default


async def test_failure_raises_task_failed_with_detail(fake_time: FakeTime) -> None:
    """A2E's failure becomes TaskFailed carrying the task, code and message."""
    family = FakeFamily(fake_time)
    family.add("t1", finish_at=5, outcome="failed")
    with pytest.raises(TaskFailed) as info:
        await make_waiter(fake_time).wait(family.kind(), "t1", policy=PER_TASK)
    assert (info.value.code, info.value.message) == ("E1", "boom")
    assert info.value.task.id == "t1"


async def test_unknown_status_keeps_waiting_and_logs_once(
    fake_time: FakeTime, caplog: pytest.LogCaptureFixture
) -> None:
    """An unknown status string is treated as running and logged once, never fatal."""
    family = FakeFamily(fake_time)
    family.add("t1", finish_at=20)
    family.status_override["t1"] = "rendering_v2"
    waiter = make_waiter(fake_time)

    async def clear_override() -> None:
        while fake_time.now < 10:
            await asyncio.sleep(0)
        family.status_override.clear()

    with caplog.at_level(logging.WARNING, logger="a2e_async.waiter"):
        async with asyncio.TaskGroup() if hasattr(asyncio, "TaskGroup") else _Group() as tg:
            tg.create_task(clear_override())
            task = await waiter.wait(family.kind(), "t1", policy=PER_TASK)
    assert task.status == "completed"
    unknown = [r for r in caplog.records if "rendering_v2" in r.getMessage()]
    assert len(unknown) == 1


class _Group:
    """Minimal TaskGroup stand-in for Python 3.10."""

    async def __aenter__(self) -> _Group:
        self.tasks: list[asyncio.Task[Any]] = []
        return self

    def create_task(self, coro: Any) -> None:
        self.tasks.append(asyncio.ensure_future(coro))

    async def __aexit__(self, *exc: object) -> None:
        await asyncio.gather(*self.tasks)


async def test_vanished_task_raises_task_not_found(fake_time: FakeTime) -> None:
    """A task that disappears (404) ends the wait with TaskNotFound."""
    family = FakeFamily(fake_time)
    with pytest.raises(TaskNotFound):
        await make_waiter(fake_time).wait(family.kind(), "ghost", policy=PER_TASK)


async def test_transient_errors_do_not_end_the_wait(fake_time: FakeTime) -> None:
    """A failed status read (after the session's retries) is retried on the next poll."""
    family = FakeFamily(fake_time)
    family.add("t1", finish_at=5)
    family.errors = [ServerError("down", endpoint="GET /fake", status=503)] * 2
    task = await make_waiter(fake_time).wait(family.kind(), "t1", policy=PER_TASK)
    assert task.status == "completed"


async def test_timeout_after_errors_chains_the_last_error(fake_time: FakeTime) -> None:
    """When every read fails until the deadline, WaitTimeout says why."""
    family = FakeFamily(fake_time)
    family.add("t1", finish_at=5)
    family.errors = [ServerError("down", endpoint="GET /fake", status=503)] * 100
    with pytest.raises(WaitTimeout) as info:
        await make_waiter(fake_time).wait(
            family.kind(), "t1", policy=attrs.evolve(PER_TASK, deadline=10)
        )
    assert isinstance(info.value.__cause__, ServerError)


async def test_watch_yields_every_change(fake_time: FakeTime) -> None:
    """watch() yields each new status/progress and ends with the final task."""
    family = FakeFamily(fake_time)
    family.add("t1", finish_at=16)
    seen = [
        t
        async for t in make_waiter(fake_time).watch(
            family.kind(progress=True), "t1", policy=PER_TASK
        )
    ]
    assert seen[-1].status == "completed"
    assert [t.progress for t in seen[:-1]] == sorted(t.progress for t in seen[:-1])
    assert len(seen) == len(family.gets)  # every poll here changed the progress


async def test_progress_shortens_the_interval_near_the_end(fake_time: FakeTime) -> None:
    """With a progress field, the waiter polls when the task should end, not a full cap later."""
    family = FakeFamily(fake_time)
    family.add("t1", finish_at=40)
    policy = attrs.evolve(PER_TASK, max_interval=60, factor=4)
    await make_waiter(fake_time).wait(family.kind(progress=True), "t1", policy=policy)
    detected = family.gets[-1][0]
    assert 40 <= detected < 48  # plain backoff (1, 5, 21, 81) would first see it at 81


async def test_a_task_at_full_progress_is_checked_again_soon(fake_time: FakeTime) -> None:
    """At 100 % but not ended (a finishing step), the next check comes after the initial delay."""
    reads: list[float] = []

    async def get(task_id: str) -> FakeTask:
        reads.append(fake_time.now)
        return FakeTask(task_id, "processing", 100.0)

    kind = attrs.evolve(FakeFamily(fake_time).kind(progress=True), get=get)
    policy = attrs.evolve(PER_TASK, max_interval=60, factor=4)
    waiting = asyncio.ensure_future(make_waiter(fake_time).wait(kind, "t1", policy=policy))
    while len(reads) < 4:
        await asyncio.sleep(0)
    # plain backoff would wait 4, then 16 s
    assert [b - a for a, b in itertools.pairwise(reads)][1:] == [1.0, 1.0]
    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiting


async def test_waits_sharing_reads_check_sooner_near_the_end(fake_time: FakeTime) -> None:
    """Waits whose reads one batch call shares check a task at its end every 0.6 initial
    delays, without jitter (aligned, they share more reads); a wait alone keeps the
    initial delay and its jitter."""
    reads: list[float] = []

    async def batch(ids: Sequence[str]) -> list[FakeTask]:
        reads.append(fake_time.now)
        return [FakeTask(i, "processing", 100.0) for i in ids]

    kind = attrs.evolve(FakeFamily(fake_time).kind(progress=True), batch=batch)
    policy = attrs.evolve(POLICY, max_interval=60, factor=4, jitter=0.2)
    waiter = make_waiter(fake_time)
    waits = [asyncio.ensure_future(waiter.wait(kind, t, policy=policy)) for t in ("t1", "t2")]
    while len(reads) < 5:
        await asyncio.sleep(0)
    gaps = [b - a for a, b in itertools.pairwise(reads)]
    assert gaps[1:] == pytest.approx([0.6, 0.6, 0.6])  # the first: no progress rate yet
    for wait in waits:
        wait.cancel()
    await asyncio.gather(*waits, return_exceptions=True)


async def test_on_progress_callbacks_sync_and_async(fake_time: FakeTime) -> None:
    """on_progress may be a plain function or a coroutine function."""
    family = FakeFamily(fake_time)
    family.add("t1", finish_at=4)
    seen: list[str] = []

    async def async_cb(task: FakeTask) -> None:
        seen.append("a:" + task.status)

    waiter = make_waiter(fake_time)
    await waiter.wait(family.kind(), "t1", policy=PER_TASK, on_progress=async_cb)
    family.add("t2", finish_at=fake_time.now + 1)
    await waiter.wait(
        family.kind(), "t2", policy=PER_TASK, on_progress=lambda t: seen.append("s:" + t.status)
    )
    assert seen[-1] == "s:completed"
    assert "a:completed" in seen


async def test_cancellation_stops_polling_and_cancels_remote_when_asked(
    fake_time: FakeTime,
) -> None:
    """Cancelling the caller leaves no poller behind; cancel_remote cancels the A2E task."""
    family = FakeFamily(fake_time)
    family.add("t1", finish_at=10_000)
    waiter = make_waiter(fake_time)
    task = asyncio.ensure_future(
        waiter.wait(family.kind(), "t1", policy=POLICY, cancel_remote=True)
    )
    while len(family.gets) < 3:
        await asyncio.sleep(0)
    assert waiter.active_pollers == 1
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    reads = len(family.gets) + len(family.batches)
    for _ in range(20):
        await asyncio.sleep(0)
    assert waiter.active_pollers == 0
    assert len(family.gets) + len(family.batches) == reads
    assert family.cancelled == ["t1"]


async def test_coalesced_waits_share_batch_reads(fake_time: FakeTime) -> None:
    """Many waits of one family are refreshed together with batchDetail-style reads."""
    family = FakeFamily(fake_time, with_batch=True)
    for i in range(250):
        family.add(f"t{i}", finish_at=10 + (i % 50))
    waiter = make_waiter(fake_time)
    kind = family.kind()
    results = await asyncio.gather(
        *(
            waiter.wait(kind, f"t{i}", policy=POLICY, initial=FakeTask(f"t{i}", "processing"))
            for i in range(250)
        )
    )
    assert all(r.status == "completed" for r in results)
    assert family.gets == []
    assert max(len(b) for b in family.batches) <= kind.batch_size
    ids_read = sum(len(b) for b in family.batches)
    per_task_reads = 250 * 6  # what per-task backoff (1, 3, 7, 15, 23...) needs at least
    assert len(family.batches) * 10 < per_task_reads
    assert ids_read >= 250
    assert waiter.active_pollers == 0


async def test_same_task_waited_twice_is_read_once_per_cycle(fake_time: FakeTime) -> None:
    """Two waits on one id share the reads."""
    family = FakeFamily(fake_time, with_batch=True)
    family.add("t1", finish_at=5)
    waiter = make_waiter(fake_time)
    a, b = await asyncio.gather(
        waiter.wait(family.kind(), "t1", policy=POLICY),
        waiter.wait(family.kind(), "t1", policy=POLICY),
    )
    assert a == b
    # polls at 0, 1, 3 and 7 (done at 5): four reads in all, not four per wait
    reads = sum(batch.count("t1") for batch in family.batches) + len(family.gets)
    assert reads == 4


class PagedFamily(FakeFamily):
    """A family read through a newest-first paged list (like ``awsList``); records pages."""

    def __init__(self, time: FakeTime) -> None:
        super().__init__(time)
        self.pages: list[int] = []

    async def list_page(self, page: int, size: int) -> list[FakeTask]:
        self.pages.append(page)
        newest_first = list(reversed(self.finish_at))
        return [self.state(i) for i in newest_first[(page - 1) * size : page * size]]

    def paged_kind(self) -> TaskKind[FakeTask]:
        return attrs.evolve(self.kind(), list_page=self.list_page, page_size=10, max_pages=3)


async def test_list_reads_reach_every_in_flight_task_beyond_max_pages(
    fake_time: FakeTime,
) -> None:
    """More waits than max_pages covers are still refreshed from the list, not one by one."""
    family = PagedFamily(fake_time)
    for i in range(95):  # ten pages of ten; max_pages alone would reach the newest thirty
        family.add(f"t{i}", finish_at=5 + (i % 7))
    waiter = make_waiter(fake_time)
    kind = family.paged_kind()
    results = await asyncio.gather(
        *(
            waiter.wait(kind, f"t{i}", policy=POLICY, initial=FakeTask(f"t{i}", "processing"))
            for i in range(95)
        )
    )
    assert all(r.status == "completed" for r in results)
    assert family.gets == []
    assert len(family.pages) < 95


async def test_pending_updates_keep_only_the_latest_states(fake_time: FakeTime) -> None:
    """A watcher that falls behind finds at most 64 pending states, the newest last."""
    from a2e_async._polling import Subscription

    kind = FakeFamily(fake_time).kind(progress=True)
    sub = Subscription(kind, "t1", POLICY, 0.0, None)
    for pct in range(100):
        sub.deliver(FakeTask("t1", "processing", float(pct)))
    assert len(sub.updates) == 64
    assert [t.progress for t in sub.updates[-2:]] == [98.0, 99.0]


async def test_a_wait_does_not_pin_its_first_state(fake_time: FakeTime) -> None:
    """Once a newer state arrives, the task a wait started from can be freed."""
    import gc
    import weakref

    family = FakeFamily(fake_time)
    family.add("t1", finish_at=50)
    waiter = make_waiter(fake_time)
    first = FakeTask("t1", "processing", 0.0)
    ref = weakref.ref(first)
    waiting = asyncio.ensure_future(
        waiter.wait(family.kind(progress=True), "t1", policy=POLICY, initial=first)
    )
    del first
    while not family.gets:  # until the poller has read a newer state
        await asyncio.sleep(0)
    for _ in range(5):
        await asyncio.sleep(0)
    gc.collect()
    assert ref() is None
    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiting


async def test_invalid_id_is_refused_before_any_read(fake_time: FakeTime) -> None:
    """An id that cannot be a task id fails at once, and never reaches a shared batch read."""
    family = FakeFamily(fake_time, with_batch=True)
    waiter = make_waiter(fake_time)
    for bad in ("bad id", "a/b", "..", ""):
        with pytest.raises(ValidationError):
            await waiter.wait(family.kind(), bad, policy=POLICY)
    assert family.batches == []
    assert family.gets == []


class SlowReads(FakeFamily):
    """Every read yields to the loop, so a poller that spins shows up as a flood of reads."""

    async def get(self, task_id: str) -> FakeTask:
        await asyncio.sleep(0)
        return await super().get(task_id)


async def test_a_finished_wait_not_yet_collected_does_not_make_the_poller_spin(
    fake_time: FakeTime,
) -> None:
    """A watch that timed out while its consumer is busy is no longer polled."""
    family = SlowReads(fake_time)
    family.add("t1", finish_at=1_000)
    waiter = make_waiter(fake_time)
    kind = family.kind()
    long_wait = asyncio.ensure_future(
        waiter.wait(kind, "t1", policy=attrs.evolve(POLICY, deadline=200))
    )
    watch = waiter.watch(kind, "t1", policy=attrs.evolve(POLICY, deadline=5))
    await watch.__anext__()  # then the consumer stops reading, as if busy
    await asyncio.wait_for(_until(lambda: fake_time.now > 60), timeout=10)
    assert len(family.gets) < 30  # backoff 1, 2, 4, 8, 8...: a handful, not thousands
    with pytest.raises(WaitTimeout):
        await watch.__anext__()
    long_wait.cancel()
    with pytest.raises(asyncio.CancelledError):
        await long_wait


async def _until(condition: Any) -> None:
    while not condition():
        await asyncio.sleep(0)


@contextlib.contextmanager
def virtual_loop_time() -> Iterator[Callable[[], float]]:
    """Run the current event loop on virtual time: when nothing is ready and only a timer
    is pending, the clock jumps to it at once instead of waiting for it. Yields the clock.

    Every timer (``asyncio.sleep``, anyio cancel scopes, ``wait_for``) then fires in
    order but without real waiting, so a deadline can be checked against this clock
    whatever the load of the machine. For tests without sockets (I/O still blocks).
    """
    loop = asyncio.get_running_loop()
    selector = loop._selector  # type: ignore[attr-defined]
    real_select = selector.select
    now = [loop.time()]

    def select(timeout: float | None = None) -> Any:
        ready = real_select(0)
        if ready or timeout == 0:
            return ready
        if timeout is None:
            return real_select(None)  # no timer pending: only I/O can wake the loop
        now[0] += timeout  # idle until the next timer: jump to it
        return ready

    loop.time = lambda: now[0]  # type: ignore[method-assign]
    selector.select = select
    try:
        yield loop.time
    finally:
        del loop.time
        del selector.select


async def test_deadline_holds_while_a_read_hangs() -> None:
    """A read that never returns cannot stretch the wait past its deadline: the wait
    ends with WaitTimeout within the deadline plus the poller's grace, on the loop's own
    clock (virtual here, so the machine's load cannot make it flaky)."""
    hang = asyncio.Event()

    async def get(task_id: str) -> FakeTask:
        await hang.wait()
        raise AssertionError("unreachable")

    kind: TaskKind[FakeTask] = TaskKind(
        family="hang",
        get=get,
        status=lambda t: t.status,
        success=frozenset({"completed"}),
        failure=frozenset({"failed"}),
        running=frozenset(),
        failure_detail=lambda t: (None, None),
    )
    for coalesce in (False, True):
        with virtual_loop_time() as clock:
            waiter = TaskWaiter()
            policy = PollPolicy(initial_delay=0, deadline=30, coalesce=coalesce)
            started = clock()
            with pytest.raises(WaitTimeout):
                # Without the cut-off this times out (virtually) after an hour instead.
                await asyncio.wait_for(waiter.wait(kind, "t1", policy=policy), timeout=3600)
            assert 30 <= clock() - started <= 30 + _DEADLINE_GRACE
            await waiter.aclose()


async def test_uncoalesced_wait_from_a_finished_task_leaves_no_poller(
    fake_time: FakeTime,
) -> None:
    """A wait that starts from a task already done registers nothing that could leak."""
    family = FakeFamily(fake_time)
    waiter = make_waiter(fake_time)
    for i in range(5):
        done = FakeTask(f"t{i}", "completed")
        assert await waiter.wait(family.kind(), f"t{i}", policy=PER_TASK, initial=done) is done
    assert waiter._pollers == {}
    assert family.gets == []


async def test_a_notice_as_the_batch_confirmer_ends_gets_a_read_of_its_own() -> None:
    """Woken waits of a batchDetail family are confirmed per window; a notice that lands
    just as the confirming task finds nothing left and ends starts a new one (it is neither
    dropped nor left for the next poll, 20 s away)."""
    tasks_time = FakeTime()  # when the tasks end; the waiter runs on the loop's clock
    family = FakeFamily(tasks_time, with_batch=True)
    family.add("a", finish_at=5.0)
    family.add("b", finish_at=5.0)
    waiter = TaskWaiter(seed=1)
    policy = PollPolicy(initial_delay=20, factor=1, max_interval=20, deadline=60, jitter=0)
    waits = [asyncio.ensure_future(waiter.wait(family.kind(), i, policy=policy)) for i in "ab"]
    for _ in range(20):  # the first poll of both (waits from bare ids poll at once)
        await asyncio.sleep(0)
    assert family.batches == [["a", "b"]]
    family.batches.clear()
    tasks_time.now = 10.0
    poller_sleep = waiter.sleep
    windows = 0

    async def sleep(seconds: float) -> None:
        nonlocal windows
        if seconds > 1:  # the poller's nap
            return await poller_sleep(seconds)
        windows += 1
        if windows == 2:
            # The window after "a" ends empty; "b" arrives before the loop turns again.
            asyncio.get_running_loop().call_soon(waiter.notify, "fake", "b")
            return
        await asyncio.sleep(0)

    waiter.sleep = sleep
    assert waiter.notify("fake", "a") == 1
    done = await asyncio.wait_for(asyncio.gather(*waits), timeout=5)
    assert [t.status for t in done] == ["completed", "completed"]
    assert family.batches == [["a"], ["b"]]
    assert family.gets == []
    await waiter.aclose()
