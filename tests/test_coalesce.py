"""How a coalesced poller reads many waits: reads by id side by side, list pages a few at a
time (against the emulator over loopback, and a recording in-memory family)."""

from __future__ import annotations

import asyncio

import attrs
import pytest

from a2e_async import A2EClient, PollPolicy
from a2e_async._coalesce import PAGES_AT_ONCE, READS_AT_ONCE
from a2e_async.emulator import Emulator
from a2e_async.emulator.faults import FAULTS
from a2e_async.waiter import TaskKind, TaskWaiter

from .test_waiter import POLICY, FakeFamily, FakeTask, FakeTime

SOURCE = "https://example.test/talk.mp4"
QUICK = PollPolicy(initial_delay=0.01, factor=1.5, max_interval=0.05, deadline=120)


async def test_one_slow_read_by_id_does_not_hold_up_the_others() -> None:
    """Dubbing finds finished tasks missing from its processing list and reads each by id:
    one read that hangs (an emulator fault pinned to its path) no longer delays the other
    waits, and its own wait is not failed: the read is made again and it completes."""
    async with (
        Emulator(time_scale=0.001, seed=3, durations={"dubbing": (1.0, 1.0)}) as emu,
        A2EClient(api_key="sk_slow_read", base_url=emu.url, poll_policy=QUICK) as client,
    ):
        tasks = [await client.dubbing.start(source_url=SOURCE, target_lang="es") for _ in range(8)]
        slow_path = f"/api/v1/userDubbing/{tasks[0].id}"
        emu.set_faults(f"slow@{slow_path}=1.0")
        emu.app[FAULTS].delay = lambda: 600.0  # type: ignore[method-assign]  # hangs, in effect
        # The hanging task's wait comes first, so a poller reading in sequence reads it first.
        waits = [asyncio.ensure_future(client.dubbing.wait(t.id)) for t in tasks]
        others = await asyncio.wait_for(asyncio.gather(*waits[1:]), timeout=60)
        assert [t.status for t in others] == ["completed"] * 7
        assert not waits[0].done()  # its read is still hanging
        assert emu.stats()["faults"]["slow"] >= 1
        emu.set_faults(None)
        assert (await asyncio.wait_for(waits[0], timeout=60)).status == "completed"


class ListedFamily(FakeFamily):
    """A family read through a newest-first paged list; records reads in flight at once."""

    def __init__(self, time: FakeTime, listed: int) -> None:
        super().__init__(time)
        self.listed = listed
        self.pages: list[int] = []
        self.in_flight = 0
        self.most_in_flight = 0

    async def _busy(self) -> None:
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        for _ in range(3):  # let every read started with it begin too
            await asyncio.sleep(0)
        self.in_flight -= 1

    async def list_page(self, page: int, size: int) -> list[FakeTask]:
        self.pages.append(page)
        await self._busy()
        ids = list(self.finish_at)[: self.listed]
        return [self.state(i) for i in ids[(page - 1) * size : page * size]]

    async def get(self, task_id: str) -> FakeTask:
        await self._busy()
        return await super().get(task_id)

    def listed_kind(self) -> TaskKind[FakeTask]:
        return attrs.evolve(self.kind(), list_page=self.list_page, page_size=10, max_pages=20)


async def test_list_pages_are_read_a_few_at_a_time(fake_time: FakeTime) -> None:
    """95 waits fill ten pages: they are read at most PAGES_AT_ONCE side by side, each page
    once per refresh, and no page past the tenth (the list ends there)."""
    family = ListedFamily(fake_time, listed=95)
    for i in range(95):
        family.add(f"t{i:02}", finish_at=1_000)
    waiter = TaskWaiter(clock=fake_time.clock, sleep=fake_time.sleep, seed=1)
    kind = family.listed_kind()
    waits = [asyncio.ensure_future(waiter.wait(kind, f"t{i:02}", policy=POLICY)) for i in range(95)]
    while len(family.pages) < 10:
        await asyncio.sleep(0)
    await asyncio.sleep(0)
    assert sorted(family.pages[:10]) == list(range(1, 11))
    assert family.most_in_flight == PAGES_AT_ONCE
    assert family.gets == []
    for wait in waits:
        wait.cancel()
    await asyncio.gather(*waits, return_exceptions=True)
    await waiter.aclose()


async def test_reads_by_id_run_side_by_side_within_the_bound(fake_time: FakeTime) -> None:
    """Twenty waits the list does not show are read by id, READS_AT_ONCE at a time at most,
    and every one is delivered."""
    family = ListedFamily(fake_time, listed=0)
    for i in range(20):
        family.add(f"t{i:02}", finish_at=0)
    waiter = TaskWaiter(clock=fake_time.clock, sleep=fake_time.sleep, seed=1)
    kind = family.listed_kind()
    done = await asyncio.gather(*(waiter.wait(kind, f"t{i:02}", policy=POLICY) for i in range(20)))
    assert [t.status for t in done] == ["completed"] * 20
    assert family.most_in_flight == READS_AT_ONCE
    assert sorted(task_id for _, task_id in family.gets) == [f"t{i:02}" for i in range(20)]
    await waiter.aclose()


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()
