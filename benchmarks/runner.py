"""Orchestration: emulators in their own processes, one worker process per measurement."""

from __future__ import annotations

import itertools
import json
import statistics
import sys
import time
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from typing import Any

from ._measure import machine
from ._proc import EmulatorProcess, get_json, post_json, run_worker
from .fanout import STRATEGIES, status_requests, summarise
from .overhead import VARIANTS
from .report import evaluate_targets

__all__ = ["FULL", "QUICK", "SUITES", "Config", "create_video", "run"]

SUITES = ("overhead", "fanout", "scale")


@dataclass(frozen=True)
class Config:
    """Sizes and clocks of one run."""

    quick: bool
    time_scale: float
    """Real seconds per A2E second in the fan-out emulator."""
    video_durations: tuple[float, float]
    """Fan-out render durations, uniform in this range of A2E seconds."""
    concurrency: int
    overhead_warmup: float
    overhead_seconds: float
    overhead_rounds: int
    fanout_jobs: int
    scale_jobs: int
    scale_time_scale: float
    scale_durations: tuple[float, float]
    """Chosen so that every job is still rendering when the last one starts waiting."""
    seed: int = 1


# Detect delays are reported in A2E seconds, i.e. divided by the time scale, so every real
# millisecond a refresh takes counts 1 / time_scale times: the full run compresses time
# less than the quick one.
FULL = Config(
    quick=False,
    time_scale=0.2,
    video_durations=(20.0, 90.0),
    concurrency=64,
    overhead_warmup=1.0,
    overhead_seconds=4.0,
    overhead_rounds=3,
    fanout_jobs=1000,
    scale_jobs=10_000,
    scale_time_scale=0.1,
    scale_durations=(300.0, 400.0),
)
QUICK = Config(
    quick=True,
    time_scale=0.1,
    video_durations=(20.0, 60.0),
    concurrency=64,
    overhead_warmup=0.5,
    overhead_seconds=2.0,
    overhead_rounds=1,
    fanout_jobs=200,
    scale_jobs=2_000,
    scale_time_scale=0.05,
    scale_durations=(150.0, 200.0),
)

Log = Callable[[str], None]


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run(config: Config, suites: Sequence[str] = SUITES, *, log: Log = _log) -> dict[str, Any]:
    """Run ``suites`` and return the result document (see ``report.REQUIRED_KEYS``)."""
    started = time.perf_counter()
    doc: dict[str, Any] = {
        "meta": {
            **asdict(config),
            "suites": list(suites),
            "started_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        },
        "machine": machine(),
    }
    if "overhead" in suites:
        doc["overhead"] = _overhead(config, log)
    if "fanout" in suites:
        doc["fanout"] = _fanout(config, log)
    if "scale" in suites:
        doc["scale"] = _scale(config, log)
    doc["targets"] = evaluate_targets(doc)
    doc["meta"]["duration_s"] = round(time.perf_counter() - started, 1)
    return doc


def _api(url: str, method: str, path: str, api_key: str, body: Any = None) -> Any:
    request = urllib.request.Request(
        url + path,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {api_key}", "Content-Type": "application/json"},
        method=method,
    )
    with urllib.request.urlopen(request, timeout=30) as resp:
        return json.loads(resp.read())["data"]


def create_video(url: str, api_key: str) -> str:
    """Create one avatar video for ``api_key`` (raw HTTP); return its id."""
    anchors = _api(url, "GET", "/api/v1/anchor/character_list?type=default", api_key)
    body = {
        "anchor_id": anchors[0]["_id"],
        "anchor_type": 0,
        "audioSrc": "https://example.com/a2e-async-bench.mp3",
        "title": "overhead",
    }
    video_id: str = _api(url, "POST", "/api/v1/video/generate", api_key, body)["_id"]
    return video_id


def _overhead(config: Config, log: Log) -> dict[str, Any]:
    api_key = "sk_bench_overhead"
    # Time scale 0: the video is finished at once, so every call reads the same record.
    with EmulatorProcess(time_scale=0.0, seed=config.seed) as url:
        video_id = create_video(url, api_key)
        runs: dict[str, list[dict[str, float]]] = {v: [] for v in VARIANTS}
        for round_no in range(config.overhead_rounds):
            # Rotate the order so no client always runs first (or last) in a round.
            shift = round_no % len(VARIANTS)
            order = VARIANTS[shift:] + VARIANTS[:shift]
            for variant in order:
                params: dict[str, Any] = {
                    "variant": variant,
                    "url": url,
                    "api_key": api_key,
                    "video_id": video_id,
                    "concurrency": config.concurrency,
                    "warmup": config.overhead_warmup,
                    "seconds": config.overhead_seconds,
                }
                budget = 60 + 3 * (config.overhead_warmup + config.overhead_seconds)
                result = run_worker("overhead", params, timeout=budget)
                log(
                    f"overhead {variant:15} round {round_no + 1}: {result['rps']:8.0f} calls/s, "
                    f"{result['cpu_us_per_call']:6.0f} µs CPU/call"
                )
                runs[variant].append(result)
    details: dict[str, dict[str, Any]] = {
        variant: {
            "rps": statistics.median(r["rps"] for r in results),
            "cpu_us_per_call": statistics.median(r["cpu_us_per_call"] for r in results),
            "rounds": [round(r["rps"], 1) for r in results],
        }
        for variant, results in runs.items()
    }
    sdk_rps, aiohttp_rps = float(details["sdk"]["rps"]), float(details["aiohttp"]["rps"])
    stdlib_rps = float(details["sdk_stdlib_json"]["rps"])
    return {
        "sdk_rps": sdk_rps,
        "aiohttp_rps": aiohttp_rps,
        "httpx_rps": float(details["httpx"]["rps"]),
        "sdk_vs_aiohttp": sdk_rps / aiohttp_rps,
        "sdk_stdlib_json_rps": stdlib_rps,
        "sdk_stdlib_json_vs_aiohttp": stdlib_rps / aiohttp_rps,
        "concurrency": config.concurrency,
        "rounds": config.overhead_rounds,
        "details": details,
    }


def _fanout(config: Config, log: Log) -> dict[str, Any]:
    out: dict[str, Any] = {}
    ts = config.time_scale
    with EmulatorProcess(
        time_scale=ts, seed=config.seed, video_durations=config.video_durations
    ) as url:
        for strategy in STRATEGIES:
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
            log(
                f"fanout {strategy:9}: {row['status_requests_per_job']:6.2f} status req/job, "
                f"p50 {row['p50_detect_s']:5.2f} s, p95 {row['p95_detect_s']:5.2f} s, "
                f"wall {row['wall_s']:5.1f} s, {row['peak_rss_mb']:5.1f} MB"
            )
            out[strategy] = row
    return out


def _scale(config: Config, log: Log) -> dict[str, Any]:
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
