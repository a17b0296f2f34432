"""The client-wide rate gate: order, pacing, pauses, and no slot kept by a request never sent."""

from __future__ import annotations

import asyncio
import re
import types
from typing import Any

import anyio
import pytest
from aioresponses import aioresponses

from a2e_async import A2EClient, RetryPolicy
from a2e_async import _rate as rate_module
from a2e_async._rate import RateGate

BASE = "https://api.example.test"


class FakeTime:
    """A clock that moves only when a gate sleeps on it (or a test advances it)."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)


async def settle() -> None:
    """Let every ready task run until it blocks."""
    for _ in range(20):
        await asyncio.sleep(0)


async def test_burst_then_one_slot_per_interval() -> None:
    """With 10 req/s and a burst of 3, three go at once and the rest 0.1 s apart, in order."""
    fake = FakeTime()
    gate = RateGate(10, burst=3, clock=fake.clock, sleep=fake.sleep)
    sent: list[tuple[int, float]] = []

    async def one(n: int) -> None:
        slot = gate.take_now()
        if slot is None:
            await gate.take()
        sent.append((n, fake.now))

    await asyncio.gather(*(one(n) for n in range(6)))
    assert [n for n, _ in sent] == list(range(6))
    assert [round(t, 6) for _, t in sent] == [0.0, 0.0, 0.0, 0.1, 0.2, 0.3]


async def test_cancelled_waiters_keep_no_slot() -> None:
    """1,000 requests cancelled while they wait for their turn leave the gate as they found
    it: the next request goes without waiting once the burst has refilled."""
    fake = FakeTime()
    frozen = asyncio.Event()

    async def frozen_sleep(seconds: float) -> None:
        await frozen.wait()  # time stands still while the waiters queue

    gate = RateGate(20, clock=fake.clock, sleep=frozen_sleep)
    for _ in range(10):  # the burst is used up
        assert gate.take_now() is not None
    waiters = [asyncio.ensure_future(gate.take()) for _ in range(1000)]
    await settle()
    for waiter in waiters:
        waiter.cancel()
    await asyncio.gather(*waiters, return_exceptions=True)
    fake.now += 1.0
    assert gate.take_now() is not None


async def test_a_cancelled_head_hands_its_turn_on() -> None:
    """Cancelling the waiter at the head of the queue lets the next one take the slot."""
    fake = FakeTime()
    gate = RateGate(10, burst=1, clock=fake.clock, sleep=fake.sleep)
    assert gate.take_now() is not None
    release = asyncio.Event()

    async def held_sleep(seconds: float) -> None:
        await release.wait()
        fake.now += seconds

    gate._sleep = held_sleep
    first = asyncio.ensure_future(gate.take())
    second = asyncio.ensure_future(gate.take())
    await settle()
    first.cancel()
    await settle()
    release.set()
    await asyncio.wait_for(second, 1)
    assert first.cancelled()


async def test_a_request_that_never_left_gives_its_slot_back() -> None:
    """give_back undoes the last slot taken, so a refused connection costs no rate."""
    fake = FakeTime()
    gate = RateGate(1, burst=1, clock=fake.clock, sleep=fake.sleep)
    slot = gate.take_now()
    assert slot is not None
    assert gate.take_now() is None  # the next one would have to wait a second
    gate.give_back(slot)
    assert gate.take_now() is not None


async def test_a_pause_holds_everyone_then_lifts() -> None:
    """After a 429's pause, requests wait it out, then go without any rate cap."""
    fake = FakeTime()
    gate = RateGate(None, clock=fake.clock, sleep=fake.sleep)
    assert gate.take_now() == 0.0
    gate.pause(2.0)
    assert gate.take_now() is None
    await gate.take()
    assert fake.now == pytest.approx(2.0)
    assert gate.take_now() == 0.0


@pytest.fixture
def frozen_monotonic(monkeypatch: pytest.MonkeyPatch) -> FakeTime:
    """time.monotonic as the rate gate sees it, standing still until advanced."""
    fake = FakeTime()
    monkeypatch.setattr(rate_module, "time", types.SimpleNamespace(monotonic=fake.clock))
    return fake


async def test_cancelled_gets_do_not_delay_the_next_one(frozen_monotonic: FakeTime) -> None:
    """Issue 11.1: 1,000 gets cancelled while paced at 20/s used to keep their slots and make
    the next single get wait about 50 s; now it goes at once."""
    answer = {"code": 0, "data": [{"_id": "v1", "status": "init"}]}
    with aioresponses() as mock:
        mock.post(re.compile(rf"{BASE}/.*"), payload=answer, repeat=True)
        async with A2EClient(
            api_key="sk_gate", base_url=BASE, requests_per_second=20, retry=RetryPolicy(0)
        ) as client:
            calls = [asyncio.ensure_future(client.videos.get("v1")) for _ in range(1000)]
            await settle()
            for call in calls:
                call.cancel()
            results: list[Any] = await asyncio.gather(*calls, return_exceptions=True)
            assert sum(not isinstance(r, BaseException) for r in results) <= 20
            frozen_monotonic.now += 1.0
            # Without a leak this needs no sleep at all; the bound only turns a hang into a
            # failure (the leak made it ~48 s).
            with anyio.fail_after(10):
                video = await client.videos.get("v1")
    assert video.id == "v1"
