"""Webhook fan-out: the polling suite's fan-out (``fanout.py``), with webhooks waking the waits.

Entry point (one function; the runner calls it with an emulator already running)::

    run_webhook_suite(
        url,                      # base URL of an emulator (its own process, or in-process)
        jobs=...,                 # concurrent jobs per run
        time_scale=...,           # the emulator's real seconds per A2E second
        drop=0.2,                 # share of webhooks the second run drops
        slowdown=DEFAULT_WEBHOOK_SLOWDOWN,  # poll slower when webhooks are expected
        workload=VIDEOS,          # or TEXT_TO_IMAGE
    ) -> dict[str, Any]

It resets the emulator, runs ``jobs`` concurrent jobs of ``workload`` (start, then wait) on
one client whose receiver (``A2EClient.serve_webhooks``, loopback) gets the emulator's
``task.completed`` / ``task.failed`` notices, then does the same with ``drop`` of the
notices dropped. Each wait polls on its family's policy scaled to the emulator's clock and
``slowdown`` times slower (the client's behaviour when webhooks are configured). Returns
flat keys (detect delays in A2E seconds, as ``fanout.summarise`` measures them):

- ``webhook.p50_detect_s``, ``webhook.p95_detect_s``, ``webhook.status_requests_per_job``,
  ``webhook.jobs``, ``webhook.completed``, ``webhook.woken`` (notices the receiver accepted);
- the same under ``webhook.dropped20.*`` (the prefix names the default 20 %), plus
  ``webhook.dropped20.dropped`` (notices the emulator dropped) and ``webhook.dropped20.lost``
  (jobs whose wait did not end: must be 0).

Two workloads: :data:`VIDEOS`, the fan-out suite's avatar videos (A2E has no multi-task read
for them, so each woken wait confirms with an ``awsResult`` of its own), and
:data:`TEXT_TO_IMAGE`, a family with ``batchDetail`` (the notices of a short window share one
read). ``make bench`` runs both, the second also with plain coalesced polling to compare.

``python -m benchmarks.webhook [--jobs N] [--time-scale S] [--family F]`` runs one workload
against an emulator in its own process and, for comparison, coalesced polling of it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

import aiohttp

from a2e_async import A2EClient, PollPolicy
from a2e_async._wake import DEFAULT_WEBHOOK_SLOWDOWN, slower

from .fanout import AUDIO_URL, STATUS_ENDPOINTS, scaled_policy, summarise

__all__ = [
    "TEXT_TO_IMAGE",
    "VIDEOS",
    "WORKLOADS",
    "Workload",
    "run_jobs",
    "run_suite",
    "run_webhook_suite",
]

_ROUND_FIELDS = ("p50_detect_s", "p95_detect_s", "status_requests_per_job", "wall_s")

Job = Callable[[int, PollPolicy], Awaitable[Any]]
"""Starts job ``i``, waits for it with the policy given and returns the ended task."""


@dataclass(frozen=True)
class Workload:
    """One family's jobs: how to start and wait for one, and which calls read its status."""

    family: str
    """The family, as the emulator's task rows name it."""
    resource: str
    """The client attribute of the family (its ``kind`` gives the policy and outcomes)."""
    endpoints: frozenset[str]
    """The status reads, as the emulator's stats name them."""
    jobs: Callable[[A2EClient], Awaitable[Job]]
    """Prepares a client (finds an anchor, say) and returns the job function."""


async def _video_jobs(client: A2EClient) -> Job:
    anchor = (await client.videos.list_anchors(type="default"))[0].id

    async def job(i: int, policy: PollPolicy) -> Any:
        return await client.videos.generate_and_wait(
            anchor_id=anchor,
            anchor_type=0,
            audio_url=AUDIO_URL,
            title=f"bench-webhook-{i}",
            poll_policy=policy,
        )

    return job


async def _text_to_image_jobs(client: A2EClient) -> Job:
    async def job(i: int, policy: PollPolicy) -> Any:
        [image] = await client.text_to_image.start_and_wait(
            prompt=f"bench-webhook-{i}", poll_policy=policy
        )
        return image

    return job


_T2I = "/api/v1/userText2Image/"
VIDEOS = Workload("video", "videos", STATUS_ENDPOINTS, _video_jobs)
TEXT_TO_IMAGE = Workload(
    "text_to_image",
    "text_to_image",
    frozenset({f"GET {_T2I}{{_id}}", f"POST {_T2I}batchDetail", f"GET {_T2I}allRecords"}),
    _text_to_image_jobs,
)
WORKLOADS = {workload.family: workload for workload in (VIDEOS, TEXT_TO_IMAGE)}


async def _control(url: str, method: str, path: str, body: Any = None) -> Any:
    async with (
        aiohttp.ClientSession() as http,
        http.request(method, url + path, json=body) as answer,
    ):
        answer.raise_for_status()
        return await answer.json()


async def run_jobs(
    url: str,
    workload: Workload,
    *,
    jobs: int,
    time_scale: float,
    slowdown: float,
    api_key: str,
    webhooks: bool = True,
) -> dict[str, Any]:
    """One fan-out with a receiver that webhooks wake (plain coalesced polling when
    ``webhooks`` is false); returns when each wait saw its task end."""
    seen: dict[str, float] = {}
    outcomes: dict[str, int] = {"success": 0, "failed": 0}
    woken = 0
    async with A2EClient(api_key=api_key, base_url=url) as client:
        kind = getattr(client, workload.resource).kind
        policy = scaled_policy(kind.policy, time_scale, coalesce=True)
        job = await workload.jobs(client)

        async def one(i: int) -> None:
            task = await job(i, policy)
            seen[kind.task_id(task)] = time.time()
            outcomes["success" if kind.status(task) in kind.success else "failed"] += 1

        async def all_jobs() -> list[Any]:
            return await asyncio.gather(*(one(i) for i in range(jobs)), return_exceptions=True)

        started = time.perf_counter()
        if webhooks:
            policy = slower(policy, slowdown)
            async with client.serve_webhooks() as server:
                results = await all_jobs()
                woken = server.receiver.accepted
        else:
            results = await all_jobs()
        wall = time.perf_counter() - started
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
    url: str,
    workload: Workload,
    *,
    jobs: int,
    time_scale: float,
    drop: float | None,
    slowdown: float,
    api_key: str,
) -> dict[str, Any]:
    """One fan-out on a reset emulator; ``drop=None`` sends no webhooks at all (polling)."""
    await _control(url, "POST", "/_emulator/reset")
    switches = {"enabled": drop is not None, "drop": drop or 0.0}
    await _control(url, "POST", "/_emulator/webhooks", switches)
    result = await run_jobs(
        url,
        workload,
        jobs=jobs,
        time_scale=time_scale,
        slowdown=slowdown,
        api_key=api_key,
        webhooks=drop is not None,
    )
    tasks = await _control(url, "GET", "/_emulator/tasks")
    stats = await _control(url, "GET", "/_emulator/stats")
    sender = await _control(url, "GET", "/_emulator/webhooks")
    row = summarise(
        result,
        tasks=tasks,
        stats=stats,
        time_scale=time_scale,
        family=workload.family,
        endpoints=workload.endpoints,
    )
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
    workload: Workload = VIDEOS,
) -> dict[str, Any]:
    """See the module docstring."""
    out: dict[str, Any] = {}
    for prefix, share in (("webhook", 0.0), ("webhook.dropped20", drop)):
        row = await _one_run(
            url,
            workload,
            jobs=jobs,
            time_scale=time_scale,
            drop=share,
            slowdown=slowdown,
            api_key=api_key,
        )
        row.pop("delays")
        out.update({f"{prefix}.{key}": value for key, value in row.items()})
    await _control(url, "POST", "/_emulator/webhooks", {"drop": 0.0})
    return out


# (workload, variant) -> share of notices dropped, None for plain coalesced polling; the
# videos' polling figures come from the fan-out suite.
_VARIANTS: dict[tuple[str, str], float | None] = {
    ("video", "webhook"): 0.0,
    ("video", "dropped20"): 0.2,
    ("text_to_image", "polling"): None,
    ("text_to_image", "webhook"): 0.0,
    ("text_to_image", "dropped20"): 0.2,
}


def run_suite(config: Any, log: Callable[[str], None]) -> dict[str, Any]:
    """The ``webhook`` section of ``make bench``: the fan-out suite's jobs and clock, with
    webhooks on and then with 20 % of them dropped, ``config.fanout_rounds`` rounds, for
    videos and for text-to-image (``batched``, with its plain polling too); per variant the
    median of each figure, its range, the jobs lost, and the pooled detect delays'
    quantiles (the CDF)."""
    from ._proc import EmulatorProcess
    from ._stats import quantiles, spread

    ts = config.time_scale
    rows: dict[tuple[str, str], list[dict[str, Any]]] = {key: [] for key in _VARIANTS}
    with EmulatorProcess(
        time_scale=ts, seed=config.seed, video_durations=config.video_durations
    ) as url:
        for round_no in range(config.fanout_rounds):
            for (family, name), drop in _VARIANTS.items():
                row = asyncio.run(
                    _one_run(
                        url,
                        WORKLOADS[family],
                        jobs=config.fanout_jobs,
                        time_scale=ts,
                        drop=drop,
                        slowdown=DEFAULT_WEBHOOK_SLOWDOWN,
                        api_key="sk_bench_webhook",
                    )
                )
                log(
                    f"webhook {family:13} {name:9} round {round_no + 1}: "
                    f"{row['status_requests_per_job']:6.2f} status req/job, "
                    f"p95 {row['p95_detect_s']:5.2f} s, lost {row['lost']}"
                )
                rows[family, name].append(row)

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

    batched = {name: section(found) for (family, name), found in rows.items() if family != "video"}
    return {
        **section(rows["video", "webhook"]),
        "dropped20": section(rows["video", "dropped20"]),
        "batched": {"family": "text_to_image", **batched},
    }


def main(argv: Sequence[str] | None = None) -> int:
    from ._proc import EmulatorProcess

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--jobs", type=int, default=1000)
    parser.add_argument("--time-scale", type=float, default=0.2)
    parser.add_argument("--durations", default="20,90", help="video render range, A2E seconds")
    parser.add_argument("--slowdown", type=float, default=DEFAULT_WEBHOOK_SLOWDOWN)
    parser.add_argument("--family", choices=sorted(WORKLOADS), default="video")
    args = parser.parse_args(argv)
    low, high = (float(x) for x in args.durations.split(","))
    workload = WORKLOADS[args.family]
    with EmulatorProcess(time_scale=args.time_scale, video_durations=(low, high)) as url:
        polled = asyncio.run(
            _one_run(
                url,
                workload,
                jobs=args.jobs,
                time_scale=args.time_scale,
                drop=None,
                slowdown=1.0,
                api_key="sk_bench_webhook",
            )
        )
        doc = asyncio.run(
            run_webhook_suite(
                url,
                jobs=args.jobs,
                time_scale=args.time_scale,
                slowdown=args.slowdown,
                workload=workload,
            )
        )
    polled.pop("delays")
    doc.update({f"coalesced.{k}": v for k, v in polled.items()})
    print(json.dumps(doc, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
