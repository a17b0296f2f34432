"""Chaos: hundreds of jobs under injected faults end done or with an actionable typed error,
and no job is ever created twice by a retry. Bounded in count and time; loopback only."""

from __future__ import annotations

import asyncio
from collections import Counter

from a2e_async import A2EClient, PollPolicy, RetryPolicy
from a2e_async.emulator import Emulator
from a2e_async.errors import A2EError, OutcomeUnknownError

JOBS = 500
FAULTS = "5xx=0.05,429=0.03,reset_after=0.01,malformed=0.01"
POLICY = PollPolicy(initial_delay=0.02, factor=1.5, max_interval=0.1, deadline=60)
RETRY = RetryPolicy(max_retries=5, initial_backoff=0.01, max_backoff=0.05)


async def test_mixed_faults_never_double_create_and_every_job_ends_typed() -> None:
    """500 generate_and_wait jobs under 5xx/429/reset/malformed faults: each ends typed, once."""
    async with Emulator(time_scale=0.001, seed=42, faults=FAULTS, retry_after=0.02) as emu:
        async with A2EClient(
            api_key="sk_chaos", base_url=emu.url, poll_policy=POLICY, retry=RETRY
        ) as client:
            emu.set_faults("")
            anchor = (await client.videos.list_anchors(type="default"))[0].id
            emu.set_faults(FAULTS)

            async def job(i: int) -> str:
                try:
                    video = await client.videos.generate_and_wait(
                        anchor_id=anchor,
                        anchor_type=0,
                        audio_url="https://cdn.example/a.mp3",
                        title=f"chaos-{i}",
                    )
                except OutcomeUnknownError as exc:
                    assert exc.reference == f"chaos-{i}"
                    return "unknown"
                except A2EError as exc:
                    return type(exc).__name__
                assert video.status == "success"
                return "done"

            outcomes = await asyncio.wait_for(
                asyncio.gather(*(job(i) for i in range(JOBS))), timeout=120
            )
            assert client.waiter.active_pollers == 0  # nothing left polling

            emu.set_faults("")
            titles = Counter([v.title async for v in client.videos.list(page_size=100)])
        stats = emu.stats()

    tally = Counter(outcomes)
    assert tally["done"] >= JOBS * 0.8, tally
    assert set(tally) <= {"done", "unknown", "APIError", "RateLimitError"}, tally
    assert tally["unknown"] > 0  # 5xx, resets and garbled answers to creates
    # No title exists twice on the server: no create was ever resent.
    assert max(titles.values()) == 1
    assert stats["created"]["video"] == sum(titles.values())
    # A finished job exists once; a refused one not at all; an unknown one at most once, and
    # looking it up by its title (as OutcomeUnknownError advises) tells which.
    for i, outcome in enumerate(outcomes):
        count = titles[f"chaos-{i}"]
        if outcome == "done":
            assert count == 1, i
        elif outcome == "unknown":
            assert count in (0, 1), i
        else:
            assert count == 0, (i, outcome)
    assert sum(stats["faults"].values()) > 50
    assert stats["faults"].get("reset_after", 0) > 0
