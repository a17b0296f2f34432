"""Scale: many concurrent waits on one client, and what each costs in memory.

The idle baseline is the RSS after the client exists and has sent one request. Every job
is generated, then waited for with the coalesced default policy (scaled); the emulator's
durations are chosen long enough that all jobs are waiting at once. ``rss_per_job_kb`` is
(peak RSS - idle RSS) / jobs, so it charges each job its video model, its subscription,
its coroutines and the share of responses it caused.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import itertools
import time
from collections.abc import Callable
from typing import Any

from a2e_async import A2EClient

from ._measure import current_rss_mb, peak_rss_mb
from .fanout import AUDIO_URL, scaled_policy

__all__ = ["run_scale"]

_SAMPLE_EVERY = 0.05


async def run_scale(
    url: str,
    *,
    jobs: int,
    time_scale: float,
    api_key: str = "sk_bench_scale",
) -> dict[str, Any]:
    """Wait on ``jobs`` videos at once through one client; report memory and timing."""
    async with A2EClient(api_key=api_key, base_url=url) as client:
        anchor = (await client.videos.list_anchors(type="default"))[0].id
        policy = scaled_policy(client.videos.kind.policy, time_scale, coalesce=True)
        gc.collect()
        idle_mb = current_rss_mb()
        waiting = 0
        most_waiting = 0
        completed = 0
        all_waiting_at: float | None = None

        async def one(i: int) -> None:
            nonlocal waiting, most_waiting, completed, all_waiting_at
            video = await client.videos.generate(
                anchor_id=anchor, anchor_type=0, audio_url=AUDIO_URL, title=f"scale-{i}"
            )
            # generate_and_wait's own two steps, split to count the jobs now waiting.
            waiting += 1
            if waiting > most_waiting:
                most_waiting = waiting
                if waiting == jobs:
                    all_waiting_at = time.perf_counter()
            pending = client.waiter.wait(client.videos.kind, video.id, policy=policy, initial=video)
            del video  # as generate_and_wait does: the waiter holds the newest state
            try:
                await pending
            finally:
                waiting -= 1
            completed += 1

        samples: list[tuple[float, float, int]] = []
        finished = asyncio.Event()

        async def sampler() -> None:
            # Bounded by the run: it stops when every job has returned.
            while not finished.is_set():
                samples.append((time.perf_counter(), current_rss_mb(), waiting))
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(finished.wait(), _SAMPLE_EVERY)

        sampling = asyncio.ensure_future(sampler())
        started = time.perf_counter()
        try:
            await asyncio.gather(*(one(i) for i in range(jobs)))
        finally:
            finished.set()
            await sampling
        wall = time.perf_counter() - started
    peak_mb = max(peak_rss_mb(), *(rss for _, rss, _ in samples))
    return {
        "jobs": jobs,
        "completed": completed,
        "idle_rss_mb": idle_mb,
        "peak_rss_mb": peak_mb,
        "rss_per_job_kb": (peak_mb - idle_mb) * 1024 / jobs,
        "wall_s": wall,
        "most_waiting": most_waiting,
        "all_waiting_after_s": None if all_waiting_at is None else all_waiting_at - started,
    }


# -- the suite (parent process) ------------------------------------------------------------
def run_suite(config: Any, log: Callable[[str], None]) -> dict[str, Any]:
    """The ``scale`` section: one run of ``config.scale_jobs`` waits (memory is not a clock
    figure: one run is enough), with the emulator's request rates sampled from outside."""
    from ._proc import EmulatorProcess, get_json, run_worker
    from .fanout import status_requests

    ts = config.scale_time_scale
    with EmulatorProcess(
        time_scale=ts, seed=config.seed, video_durations=config.scale_durations
    ) as url:
        # The parent samples the emulator's counters, so the measured process does no extra work.
        samples: list[tuple[float, int, int]] = []

        def sample() -> None:
            requests = get_json(url + "/_emulator/stats", timeout=10)
            total = sum(requests.get("requests", {}).values())
            samples.append((time.monotonic(), total, status_requests(requests)))

        sample()
        params = {"url": url, "jobs": config.scale_jobs, "time_scale": ts}
        budget = 180 + config.scale_durations[1] * ts * 2 + config.scale_jobs / 20
        result = run_worker("scale", params, timeout=budget, on_tick=sample, tick=1.0)
        sample()
    pairs = [(a, b) for a, b in itertools.pairwise(samples) if b[0] - a[0] > 0.5]
    rates = [(b[1] - a[1]) / (b[0] - a[0]) for a, b in pairs]
    status_rates = [(b[2] - a[2]) / (b[0] - a[0]) for a, b in pairs]
    result["status_requests"] = samples[-1][2]
    result["max_requests_per_s"] = round(max(rates, default=0.0), 1)
    result["max_status_requests_per_s"] = round(max(status_rates, default=0.0), 1)
    log(
        f"scale {result['jobs']} jobs: peak {result['peak_rss_mb']:.1f} MB, "
        f"{result['rss_per_job_kb']:.2f} KB/job, wall {result['wall_s']:.1f} s, "
        f"all waiting after {result['all_waiting_after_s']} s, "
        f"busiest second {result['max_requests_per_s']} requests"
    )
    if result["most_waiting"] < config.scale_jobs:
        log(
            f"warning: at most {result['most_waiting']} of {config.scale_jobs} jobs were "
            "waiting at once; raise scale_durations"
        )
    return result
