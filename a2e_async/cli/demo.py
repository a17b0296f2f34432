"""``a2e demo``: the SDK's main job end to end, offline.

Starts the embedded emulator on a free loopback port, then for each job: text-to-speech,
generate an avatar video, wait for it. All jobs run at once (bounded by ``concurrency``)
on one client, whose waiter polls them together. Prints a summary with the HTTP requests
the emulator saw, by endpoint.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from typing import Any

import aiohttp
import anyio

from ..client import A2EClient
from ..config import PollPolicy
from ..emulator import Emulator
from ..errors import A2EError
from .output import Console, ProgressDisplay

_LINES = [
    "Hello! This video was made by a2e-async.",
    "Thousands of renders, one event loop.",
    "No sleep loops were written for this demo.",
]


async def _demo(
    *, jobs: int, time_scale: float, concurrency: int, seed: int, progress: bool
) -> int:
    console = Console()
    # A2E renders take about a minute; poll like for the real thing, on the emulator's clock.
    policy = PollPolicy(
        initial_delay=3 * time_scale,
        factor=1.5,
        max_interval=15 * time_scale,
        deadline=3600 * time_scale + 30,
    )
    async with (
        Emulator(time_scale=time_scale, seed=seed) as emu,
        # The emulator is on loopback: a machine's HTTP_PROXY must not route the demo away.
        A2EClient(
            api_key="sk_demo_emulator", base_url=emu.url, poll_policy=policy, trust_env=False
        ) as client,
    ):
        console.line(f"emulator on {emu.url} (time scale {time_scale:g})")
        groups = await client.tts.list_voices()
        voices = [v for g in groups for v in g.voices]
        anchors = await client.videos.list_anchors(type="default")
        if not voices or not anchors:
            console.line("the emulator lists no voices or avatars")
            return 1
        counts: Counter[str] = Counter()
        errors: Counter[str] = Counter()
        limiter = anyio.CapacityLimiter(max(1, concurrency))
        display = ProgressDisplay(total=jobs, enabled=progress)

        async def one(i: int) -> None:
            async with limiter:
                try:
                    audio = await client.tts.generate(
                        text=_LINES[i % len(_LINES)], voice_id=voices[i % len(voices)].id
                    )
                    await client.videos.generate_and_wait(
                        anchor_id=anchors[i % len(anchors)].id,
                        anchor_type=0,
                        audio_url=audio.url,
                        title=f"demo-{i:05d}",
                    )
                    counts["completed"] += 1
                except A2EError as exc:
                    counts["failed"] += 1
                    errors[type(exc).__name__] += 1
                display.advance(failed=counts["failed"])

        started = time.perf_counter()
        with display:
            async with anyio.create_task_group() as tg:
                for i in range(jobs):
                    tg.start_soon(one, i)
        wall = time.perf_counter() - started
        stats = await _emulator_stats(emu.url)

    requests: dict[str, int] = {
        k: v for k, v in stats.get("requests", {}).items() if k.startswith(("GET", "POST"))
    }
    console.summary(
        jobs=jobs,
        completed=counts["completed"],
        failed=counts["failed"],
        errors=dict(errors),
        wall_seconds=wall,
        requests=requests,
    )
    return 0 if counts["completed"] == jobs else 1


async def _emulator_stats(url: str) -> dict[str, Any]:
    async with aiohttp.ClientSession() as session, session.get(f"{url}/_emulator/stats") as r:
        data: dict[str, Any] = await r.json()
        return data


def run_demo(*, jobs: int, time_scale: float, concurrency: int, seed: int, progress: bool) -> int:
    """Run the demo; returns the process exit code (0 when every job completed)."""
    if jobs < 1:
        Console().line("--jobs must be at least 1")
        return 2
    return asyncio.run(
        _demo(
            jobs=jobs,
            time_scale=time_scale,
            concurrency=concurrency,
            seed=seed,
            progress=progress,
        )
    )
