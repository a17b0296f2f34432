"""Checks every task family shares, run by each area's tests against the emulator."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

import aiohttp
import pytest

from a2e_async.emulator import Emulator
from a2e_async.errors import NotFoundError, TaskFailed
from a2e_async.models.records import TaskRecord
from a2e_async.resources._records import Batched, Listed, WithProcessing

FAIL = "emulator:fail"
"""The emulator fails a task whose name or prompt contains this marker."""


async def stats(emu: Emulator) -> dict[str, Any]:
    """The emulator's request and creation counters."""
    async with aiohttp.ClientSession() as s, s.get(f"{emu.url}/_emulator/stats") as r:
        data: dict[str, Any] = await r.json()
        return data


async def requests_to(emu: Emulator, prefix: str) -> int:
    """How many API requests went to paths under ``prefix``."""
    counts = (await stats(emu))["requests"]
    return sum(n for route, n in counts.items() if route.split(" ", 1)[1].startswith(prefix))


async def assert_fails(wait: Awaitable[Any], family: str) -> TaskFailed:
    """``wait`` ends in TaskFailed carrying the emulator's failure code and message."""
    with pytest.raises(TaskFailed) as info:
        await wait
    failed = info.value
    assert failed.family == family
    assert failed.task.status == "failed"
    assert failed.code == "EMULATOR_FAIL"
    assert failed.message
    assert FAIL in failed.message
    return failed


async def check_reads_and_delete(family: Listed[Any], task: TaskRecord) -> None:
    """A finished task reads by id, shows in the lists and batch reads, and is gone after
    delete; a family offers batch and in-flight reads exactly when A2E has them."""
    assert isinstance(family, Batched) == (family.paths.batch is not None)
    assert isinstance(family, WithProcessing) == (family.paths.processing is not None)
    got = await family.get(task.id)
    assert (got.id, got.status) == (task.id, task.status)
    page = await family.list_page(1, 10)
    assert task.id in {item.id for item in page.items}
    assert page.total is not None
    assert page.total >= 1
    assert task.id in {item.id async for item in family.list(page_size=1)}
    if isinstance(family, Batched):
        many = await family.get_many([task.id, "0123456789abcdef01234567"])
        assert [item.id for item in many] == [task.id]
    if isinstance(family, WithProcessing):
        assert task.id not in {item.id for item in await family.list_processing()}
    await family.delete(task.id)
    with pytest.raises(NotFoundError):
        await family.get(task.id)
    assert task.id not in {item.id async for item in family.list()}
