"""Fan-out: N concurrent avatar-video jobs (generate, then wait) under three strategies.

- ``coalesced``: ``generate_and_wait`` with the videos family's default poll policy (scaled
  by the emulator's time scale), one background poller refreshing every wait.
- ``per_task``: the same policy with ``coalesce=False``: each wait polls ``awsResult``.
- ``naive``: what A2E users write today, a fixed 5 s ``get`` loop per task (scaled too).

The worker reports when the caller saw each task end (epoch seconds); :func:`summarise`
compares that with the emulator's ``finished_at`` and counts status requests from its stats.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs

from a2e_async import A2EClient, PollPolicy
from a2e_async.models.videos import Video
from a2e_async.resources.videos import VIDEO_FAILURE, VIDEO_SUCCESS

from ._measure import peak_rss_mb, percentile

__all__ = [
    "AUDIO_URL",
    "NAIVE_INTERVAL",
    "STATUS_ENDPOINTS",
    "STRATEGIES",
    "run_strategy",
    "scaled_policy",
    "status_requests",
    "summarise",
]

STRATEGIES = ("coalesced", "per_task", "naive")
NAIVE_INTERVAL = 5.0
"""A2E seconds between two checks of the naive loop."""
AUDIO_URL = "https://example.com/a2e-async-bench.mp3"
"""Never fetched: the emulator only records it."""
STATUS_ENDPOINTS = frozenset(
    {
        "POST /api/v1/video/awsResult",
        "GET /api/v1/video/awsList",
        "POST /api/v1/video/awsList",
        "GET /api/v1/video/detail",
    }
)
_TERMINAL = VIDEO_SUCCESS | VIDEO_FAILURE


def scaled_policy(base: PollPolicy, time_scale: float, *, coalesce: bool) -> PollPolicy:
    """``base`` on the emulator's clock: every interval and the deadline times ``time_scale``."""
    return attrs.evolve(
        base,
        initial_delay=base.initial_delay * time_scale,
        max_interval=base.max_interval * time_scale,
        deadline=base.deadline * time_scale + 60.0,
        coalesce=coalesce,
    )


async def run_strategy(
    url: str,
    *,
    strategy: str,
    jobs: int,
    time_scale: float,
    api_key: str = "sk_bench_fanout",
) -> dict[str, Any]:
    """Run ``jobs`` concurrent jobs with ``strategy``; return when each was seen to end."""
    if strategy not in STRATEGIES:
        raise ValueError(f"unknown strategy {strategy!r}; known: {', '.join(STRATEGIES)}")
    seen: dict[str, float] = {}
    outcomes: dict[str, int] = {"success": 0, "failed": 0}
    async with A2EClient(api_key=api_key, base_url=url) as client:
        anchor = (await client.videos.list_anchors(type="default"))[0].id
        policy = scaled_policy(
            client.videos.kind.policy, time_scale, coalesce=strategy == "coalesced"
        )
        interval = NAIVE_INTERVAL * time_scale
        max_checks = math.ceil(policy.deadline / interval)

        async def naive(i: int) -> Video:
            video = await client.videos.generate(
                anchor_id=anchor, anchor_type=0, audio_url=AUDIO_URL, title=f"bench-{i}"
            )
            for _ in range(max_checks):
                await asyncio.sleep(interval)
                video = await client.videos.get(video.id)
                if video.status in _TERMINAL:
                    break
            return video

        async def one(i: int) -> None:
            if strategy == "naive":
                video = await naive(i)
            else:
                video = await client.videos.generate_and_wait(
                    anchor_id=anchor,
                    anchor_type=0,
                    audio_url=AUDIO_URL,
                    title=f"bench-{i}",
                    poll_policy=policy,
                )
            seen[video.id] = time.time()
            outcomes["success" if video.status in VIDEO_SUCCESS else "failed"] += 1

        started = time.perf_counter()
        await asyncio.gather(*(one(i) for i in range(jobs)))
        wall = time.perf_counter() - started
    return {
        "strategy": strategy,
        "jobs": jobs,
        "wall_s": wall,
        "peak_rss_mb": peak_rss_mb(),
        "outcomes": outcomes,
        "seen": seen,
    }


def status_requests(stats: Mapping[str, Any], endpoints: frozenset[str] = STATUS_ENDPOINTS) -> int:
    """Status calls in emulator stats (by default the videos': ``awsResult``, ``awsList``,
    ``detail``)."""
    counts: Mapping[str, int] = stats.get("requests", {})
    return sum(n for endpoint, n in counts.items() if endpoint in endpoints)


def summarise(
    result: Mapping[str, Any],
    *,
    tasks: Sequence[Mapping[str, Any]],
    stats: Mapping[str, Any],
    time_scale: float,
    family: str = "video",
    endpoints: frozenset[str] = STATUS_ENDPOINTS,
) -> dict[str, Any]:
    """The reported numbers of one strategy; detect delays in A2E (unscaled) seconds."""
    finished = {row["id"]: row["finished_at"] for row in tasks if row.get("family") == family}
    seen: Mapping[str, float] = result["seen"]
    delays = [
        (at - finished[task_id]) / time_scale
        for task_id, at in seen.items()
        if finished.get(task_id) is not None
    ]
    jobs = int(result["jobs"])
    return {
        "jobs": jobs,
        "status_requests_per_job": status_requests(stats, endpoints) / jobs if jobs else math.nan,
        "p50_detect_s": percentile(delays, 0.50),
        "p95_detect_s": percentile(delays, 0.95),
        "wall_s": float(result["wall_s"]),
        "peak_rss_mb": float(result["peak_rss_mb"]),
        "completed": int(result["outcomes"]["success"]),
        "matched": len(delays),
        "delays": delays,
    }


# -- the suite (parent process) ------------------------------------------------------------
_ROUND_FIELDS = ("status_requests_per_job", "p50_detect_s", "p95_detect_s", "wall_s", "peak_rss_mb")


def run_suite(config: Any, log: Callable[[str], None]) -> dict[str, Any]:
    """The ``fanout`` section: every strategy once per round, ``config.fanout_rounds``
    rounds, each on a reset emulator; per strategy the median of each figure (the keys the
    targets read), its range and rounds, and the pooled detect delays' quantiles."""
    from ._proc import EmulatorProcess, get_json, post_json, run_worker
    from ._stats import quantiles, spread

    ts = config.time_scale
    rows: dict[str, list[dict[str, Any]]] = {s: [] for s in STRATEGIES}
    delays: dict[str, list[float]] = {s: [] for s in STRATEGIES}
    with EmulatorProcess(
        time_scale=ts, seed=config.seed, video_durations=config.video_durations
    ) as url:
        for round_no in range(config.fanout_rounds):
            shift = round_no % len(STRATEGIES)
            for strategy in STRATEGIES[shift:] + STRATEGIES[:shift]:
                post_json(url + "/_emulator/reset", {})
                params = {
                    "url": url,
                    "strategy": strategy,
                    "jobs": config.fanout_jobs,
                    "time_scale": ts,
                }
                budget = 120 + config.video_durations[1] * ts * 3 + config.fanout_jobs / 20
                result = run_worker("fanout", params, timeout=budget)
                row = summarise(
                    result,
                    tasks=get_json(url + "/_emulator/tasks"),
                    stats=get_json(url + "/_emulator/stats"),
                    time_scale=ts,
                )
                delays[strategy] += row.pop("delays")
                log(
                    f"fanout {strategy:9} round {round_no + 1}: "
                    f"{row['status_requests_per_job']:6.2f} status req/job, "
                    f"p50 {row['p50_detect_s']:5.2f} s, p95 {row['p95_detect_s']:5.2f} s, "
                    f"wall {row['wall_s']:5.1f} s, {row['peak_rss_mb']:5.1f} MB"
                )
                rows[strategy].append(row)
    out: dict[str, Any] = {}
    for strategy, found in rows.items():
        spreads = {field: spread(row[field] for row in found) for field in _ROUND_FIELDS}
        out[strategy] = {
            "jobs": config.fanout_jobs,
            "rounds": len(found),
            **{field: s["median"] for field, s in spreads.items()},
            "spread": spreads,
            "completed": sum(row["completed"] for row in found),
            "matched": sum(row["matched"] for row in found),
            "detect_quantiles_s": quantiles(delays[strategy]),
        }
    return out
