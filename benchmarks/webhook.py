"""Webhook fan-out: the polling suite's fan-out (``fanout.py``), with webhooks waking the waits.

Entry point (one function; the runner calls it with an emulator already running)::

    async def run_webhook_suite(
        url: str,                 # base URL of an emulator (its own process, or in-process)
        *,
        jobs: int,                # concurrent avatar-video jobs per run
        time_scale: float,        # the emulator's real seconds per A2E second
        drop: float = 0.2,        # share of webhooks the second run drops
        slowdown: float = DEFAULT_WEBHOOK_SLOWDOWN,  # poll slower when webhooks are expected
        api_key: str = "sk_bench_webhook",
    ) -> dict[str, Any]

It resets the emulator, runs ``jobs`` concurrent ``videos.generate_and_wait`` calls on one
client whose receiver (``A2EClient.serve_webhooks``, loopback) gets the emulator's
``task.completed`` / ``task.failed`` notices, then does the same with ``drop`` of the
notices dropped. Each wait polls on the videos policy scaled to the emulator's clock and
``slowdown`` times slower (the client's behaviour when webhooks are configured). Returns flat
keys (detect delays in A2E seconds, as ``fanout.summarise`` measures them):

- ``webhook.p50_detect_s``, ``webhook.p95_detect_s``, ``webhook.status_requests_per_job``,
  ``webhook.jobs``, ``webhook.completed``, ``webhook.woken`` (notices the receiver accepted);
- the same under ``webhook.dropped20.*`` (the prefix names the default 20 %), plus
  ``webhook.dropped20.dropped`` (notices the emulator dropped) and ``webhook.dropped20.lost``
  (jobs whose wait did not end: must be 0).

``python -m benchmarks.webhook [--jobs N] [--time-scale S]`` runs it against an emulator in
its own process and, for comparison, the coalesced polling strategy of ``fanout.py``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

import aiohttp

from a2e_async import A2EClient
from a2e_async._wake import DEFAULT_WEBHOOK_SLOWDOWN, slower
from a2e_async.resources.videos import VIDEO_SUCCESS

from .fanout import AUDIO_URL, scaled_policy, summarise

__all__ = ["run_suite", "run_webhook_suite", "run_webhooks"]

_ROUND_FIELDS = ("p50_detect_s", "p95_detect_s", "status_requests_per_job", "wall_s")


async def _control(url: str, method: str, path: str, body: Any = None) -> Any:
    async with (
        aiohttp.ClientSession() as http,
        http.request(method, url + path, json=body) as answer,
    ):
        answer.raise_for_status()
        return await answer.json()


async def run_webhooks(
    url: str, *, jobs: int, time_scale: float, slowdown: float, api_key: str
) -> dict[str, Any]:
    """One fan-out with webhooks on; returns when each wait saw its task end."""
    seen: dict[str, float] = {}
    outcomes: dict[str, int] = {"success": 0, "failed": 0}
    async with A2EClient(api_key=api_key, base_url=url) as client:
        anchor = (await client.videos.list_anchors(type="default"))[0].id
        policy = slower(
            scaled_policy(client.videos.kind.policy, time_scale, coalesce=True), slowdown
        )
        async with client.serve_webhooks() as server:

            async def one(i: int) -> None:
                video = await client.videos.generate_and_wait(
                    anchor_id=anchor,
                    anchor_type=0,
                    audio_url=AUDIO_URL,
                    title=f"bench-webhook-{i}",
                    poll_policy=policy,
                )
                seen[video.id] = time.time()
                outcomes["success" if video.status in VIDEO_SUCCESS else "failed"] += 1

            started = time.perf_counter()
            results = await asyncio.gather(*(one(i) for i in range(jobs)), return_exceptions=True)
            wall = time.perf_counter() - started
            woken = server.receiver.accepted
    errors = [r for r in results if isinstance(r, BaseException)]
    return {
        "jobs": jobs,
        "wall_s": wall,
        "peak_rss_mb": 0.0,
        "outcomes": outcomes,
        "seen": seen,
        "woken": woken,
        "errors": [repr(e) for e in errors[:5]],
    }


async def _one_run(
    url: str, *, jobs: int, time_scale: float, drop: float, slowdown: float, api_key: str
) -> dict[str, Any]:
    await _control(url, "POST", "/_emulator/reset")
    await _control(url, "POST", "/_emulator/webhooks", {"enabled": True, "drop": drop})
    result = await run_webhooks(
        url, jobs=jobs, time_scale=time_scale, slowdown=slowdown, api_key=api_key
    )
    tasks = await _control(url, "GET", "/_emulator/tasks")
    stats = await _control(url, "GET", "/_emulator/stats")
    sender = await _control(url, "GET", "/_emulator/webhooks")
    row = summarise(result, tasks=tasks, stats=stats, time_scale=time_scale)
    return {
        "delays": row["delays"],
        "p50_detect_s": row["p50_detect_s"],
        "p95_detect_s": row["p95_detect_s"],
        "status_requests_per_job": row["status_requests_per_job"],
        "jobs": jobs,
        "completed": row["completed"],
        "woken": result["woken"],
        "dropped": int(sender["counts"].get("dropped", 0)),
        "lost": jobs - len(result["seen"]),
        "wall_s": row["wall_s"],
    }


async def run_webhook_suite(
    url: str,
    *,
    jobs: int,
    time_scale: float,
    drop: float = 0.2,
    slowdown: float = DEFAULT_WEBHOOK_SLOWDOWN,
    api_key: str = "sk_bench_webhook",
) -> dict[str, Any]:
    """See the module docstring."""
    out: dict[str, Any] = {}
    for prefix, share in (("webhook", 0.0), ("webhook.dropped20", drop)):
        row = await _one_run(
            url, jobs=jobs, time_scale=time_scale, drop=share, slowdown=slowdown, api_key=api_key
        )
        row.pop("delays")
        out.update({f"{prefix}.{key}": value for key, value in row.items()})
    await _control(url, "POST", "/_emulator/webhooks", {"drop": 0.0})
    return out


def run_suite(config: Any, log: Callable[[str], None]) -> dict[str, Any]:
    """The ``webhook`` section of ``make bench``: the fan-out suite's jobs and clock, with
    webhooks on and then with 20 % of them dropped, ``config.fanout_rounds`` rounds; per
    variant the median of each figure, its range, the jobs lost, and the pooled detect
    delays' quantiles (the CDF)."""
    from ._proc import EmulatorProcess
    from ._stats import quantiles, spread

    ts = config.time_scale
    variants = {"webhook": 0.0, "dropped20": 0.2}
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in variants}
    with EmulatorProcess(
        time_scale=ts, seed=config.seed, video_durations=config.video_durations
    ) as url:
        for round_no in range(config.fanout_rounds):
            for name, drop in variants.items():
                row = asyncio.run(
                    _one_run(
                        url,
                        jobs=config.fanout_jobs,
                        time_scale=ts,
                        drop=drop,
                        slowdown=DEFAULT_WEBHOOK_SLOWDOWN,
                        api_key="sk_bench_webhook",
                    )
                )
                log(
                    f"webhook {name:9} round {round_no + 1}: "
                    f"{row['status_requests_per_job']:6.2f} status req/job, "
                    f"p95 {row['p95_detect_s']:5.2f} s, lost {row['lost']}"
                )
                rows[name].append(row)

    def section(found: list[dict[str, Any]]) -> dict[str, Any]:
        spreads = {field: spread(row[field] for row in found) for field in _ROUND_FIELDS}
        return {
            "jobs": config.fanout_jobs,
            "rounds": len(found),
            **{field: s["median"] for field, s in spreads.items()},
            "spread": spreads,
            "lost": sum(row["lost"] for row in found),
            "dropped": sum(row["dropped"] for row in found),
            "detect_quantiles_s": quantiles(d for row in found for d in row["delays"]),
        }

    return {**section(rows["webhook"]), "dropped20": section(rows["dropped20"])}


def main(argv: Sequence[str] | None = None) -> int:
    from ._proc import EmulatorProcess, get_json, post_json
    from .fanout import run_strategy

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--jobs", type=int, default=1000)
    parser.add_argument("--time-scale", type=float, default=0.2)
    parser.add_argument("--durations", default="20,90", help="render range in A2E seconds")
    parser.add_argument("--slowdown", type=float, default=DEFAULT_WEBHOOK_SLOWDOWN)
    args = parser.parse_args(argv)
    low, high = (float(x) for x in args.durations.split(","))
    with EmulatorProcess(time_scale=args.time_scale, video_durations=(low, high)) as url:
        post_json(url + "/_emulator/reset", {})
        polled = asyncio.run(
            run_strategy(url, strategy="coalesced", jobs=args.jobs, time_scale=args.time_scale)
        )
        baseline = summarise(
            polled,
            tasks=get_json(url + "/_emulator/tasks"),
            stats=get_json(url + "/_emulator/stats"),
            time_scale=args.time_scale,
        )
        doc = asyncio.run(
            run_webhook_suite(
                url, jobs=args.jobs, time_scale=args.time_scale, slowdown=args.slowdown
            )
        )
    doc.update({f"coalesced.{k}": v for k, v in baseline.items()})
    print(json.dumps(doc, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
