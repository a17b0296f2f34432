"""The emulator's webhook switches, over its control API and in ``Emulator(...)``."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
import pytest

from a2e_async.emulator import Emulator

from .conftest import Rig, until


async def test_switches_are_set_and_read_over_the_control_api(rig: Rig) -> None:
    """POST /_emulator/webhooks changes some switches; a bad one is a 400 naming it."""
    url = f"{rig.emulator.url}/_emulator/webhooks"
    async with aiohttp.ClientSession() as http:
        async with http.post(url, json={"drop": 0.25, "delay": 2}) as answer:
            view = await answer.json()
        assert view["switches"] == {
            "enabled": True,
            "drop": 0.25,
            "delay": 2.0,
            "duplicate": False,
            "wrong_token": False,
        }
        for bad in ({"drop": 1.5}, {"delay": -1}, {"enabled": "yes"}, {"colour": 1}):
            async with http.post(url, json=bad) as answer:
                assert answer.status == 400
                assert next(iter(bad)) in (await answer.json())["msg"]
        async with http.get(url) as answer:
            assert (await answer.json())["switches"]["drop"] == 0.25


@pytest.mark.parametrize("bad", [{"drop": 2}, {"nope": True}])
def test_bad_switches_in_the_constructor_raise(bad: dict[str, Any]) -> None:
    """``Emulator(webhooks=...)`` checks its switches like the control API."""
    with pytest.raises(ValueError, match=next(iter(bad))):
        Emulator(webhooks=bad)


async def test_a_delayed_notice_waits_for_the_clock(rig: Rig) -> None:
    """With ``delay``, the notice goes out only once the clock passes end + delay."""
    rig.emulator.set_webhooks(delay=600)
    waiting = asyncio.ensure_future(rig.client.text_to_image.start_and_wait(prompt="late"))
    await until(lambda: rig.client.waiter.active_pollers == 1, "a wait")
    rig.emulator.advance(200)  # ended (10-40 s), but the notice is due 600 s later
    await asyncio.sleep(0.05)
    assert rig.emulator.webhooks()["counts"].get("sent", 0) == 0
    assert rig.emulator.webhooks()["pending"] == 1
    rig.emulator.advance(600)
    await asyncio.wait_for(waiting, 30)
    assert rig.emulator.webhooks()["counts"]["sent"] == 1


async def test_turned_off_nothing_is_sent(rig: Rig) -> None:
    """``enabled=False``: the task ends without a notice (counted as disabled)."""
    rig.emulator.set_webhooks(enabled=False)
    await rig.client.text_to_image.start(prompt="quiet")
    rig.emulator.advance(3600)
    await until(lambda: rig.emulator.webhooks()["pending"] == 0, "the end")
    counts = rig.emulator.webhooks()["counts"]
    assert counts.get("sent", 0) == 0
    assert counts["disabled"] == 1


async def test_remote_urls_are_never_called(a2e_emulator: Emulator) -> None:
    """A non-loopback webhook URL is recorded but never sent to (no internet traffic)."""
    from a2e_async import A2EClient

    async with A2EClient(
        api_key="sk_test_remote", base_url=a2e_emulator.url, webhook_url="https://x.example/h"
    ) as client:
        await client.text_to_image.start(prompt="far")
    counts = a2e_emulator.webhooks()["counts"]
    assert counts == {"registered": 1, "skipped_remote": 1}


async def test_deleted_tasks_and_resets_send_nothing(rig: Rig) -> None:
    """A task deleted before it ends, or an emulator reset, cancels its notice."""
    [task] = await rig.client.text_to_image.start(prompt="gone")
    await rig.client.text_to_image.delete(task.id)
    rig.emulator.advance(3600)
    await until(lambda: rig.emulator.webhooks()["pending"] == 0, "the end")
    assert rig.emulator.webhooks()["counts"]["gone"] == 1
    await rig.client.text_to_image.start(prompt="reset")
    rig.emulator.reset()
    assert rig.emulator.webhooks()["pending"] == 0
