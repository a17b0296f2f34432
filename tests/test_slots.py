"""The client's concurrency limit: a free slot is taken at once, waiters are served in
order, and a waiter cancelled at any point never keeps (or loses) a slot."""

from __future__ import annotations

import asyncio

import pytest

from a2e_async._slots import Slots


def test_free_slots_are_taken_without_waiting() -> None:
    slots = Slots(2)
    assert slots.try_take()
    assert slots.try_take()
    assert not slots.try_take()
    slots.give_back()
    assert slots.free == 1


def test_a_limit_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        Slots(0)


async def test_waiters_are_served_first_come_first_served() -> None:
    slots = Slots(1)
    assert slots.try_take()
    order: list[int] = []

    async def user(n: int) -> None:
        await slots.take()
        order.append(n)
        slots.give_back()

    tasks = [asyncio.create_task(user(n)) for n in range(3)]
    await asyncio.sleep(0)
    assert not slots.try_take()  # waiters first: no queue jumping
    slots.give_back()
    await asyncio.gather(*tasks)
    assert order == [0, 1, 2]
    assert slots.free == 1


async def test_a_waiter_cancelled_while_waiting_holds_no_slot() -> None:
    slots = Slots(1)
    assert slots.try_take()
    waiter = asyncio.create_task(slots.take())
    await asyncio.sleep(0)
    waiter.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiter
    slots.give_back()
    assert slots.free == 1


async def test_a_waiter_cancelled_after_being_handed_a_slot_passes_it_on() -> None:
    slots = Slots(1)
    assert slots.try_take()
    first = asyncio.create_task(slots.take())
    second = asyncio.create_task(slots.take())
    await asyncio.sleep(0)
    slots.give_back()  # handed to `first`, which has not run yet
    first.cancel()
    with pytest.raises(asyncio.CancelledError):
        await first
    await asyncio.wait_for(second, timeout=5)  # `second` got the slot `first` passed on
    assert slots.free == 0
    slots.give_back()
    assert slots.free == 1


async def test_the_client_holds_no_slot_after_cancelled_requests(a2e_emulator: object) -> None:
    """Requests cancelled mid-flight give their slots back (the session's use of Slots)."""
    from a2e_async import A2EClient

    url = a2e_emulator.url  # type: ignore[attr-defined]
    async with A2EClient(api_key="sk_slots", base_url=url, max_concurrency=2) as client:
        calls = [asyncio.create_task(client.account.credits()) for _ in range(6)]
        await asyncio.sleep(0)
        for call in calls[::2]:
            call.cancel()
        await asyncio.gather(*calls, return_exceptions=True)
        assert client._session._slots.free == 2
        await client.account.credits()
