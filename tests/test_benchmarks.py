"""The benchmark machinery runs end to end at toy sizes, so it cannot rot (no timing asserted)."""

from __future__ import annotations

import math
from typing import Any

import pytest

from a2e_async.emulator import Emulator
from benchmarks.fanout import STRATEGIES, run_strategy, summarise
from benchmarks.overhead import run_variant
from benchmarks.report import REQUIRED_KEYS, evaluate_targets, markdown, missing_keys
from benchmarks.scale import run_scale

TIME_SCALE = 0.001  # the a2e_emulator fixture's clock: a 20-90 s render takes 20-90 ms


@pytest.mark.parametrize("strategy", STRATEGIES)
async def test_fanout_strategy_reports_every_field(a2e_emulator: Emulator, strategy: str) -> None:
    """Each strategy completes five jobs and yields what the report needs, in A2E seconds."""
    result = await run_strategy(a2e_emulator.url, strategy=strategy, jobs=5, time_scale=TIME_SCALE)
    row = summarise(
        result, tasks=a2e_emulator.tasks(), stats=a2e_emulator.stats(), time_scale=TIME_SCALE
    )
    assert (row["jobs"], row["completed"], row["matched"]) == (5, 5, 5)
    assert row["status_requests_per_job"] > 0
    assert 0 <= row["p50_detect_s"] <= row["p95_detect_s"]
    assert row["wall_s"] > 0
    assert row["peak_rss_mb"] > 0


async def test_scale_counts_every_job_waiting_at_once(a2e_emulator: Emulator) -> None:
    """The scale suite sees all jobs waiting together when renders outlast the creates."""
    result = await run_scale(a2e_emulator.url, jobs=20, time_scale=TIME_SCALE)
    assert result["completed"] == 20
    assert math.isfinite(result["rss_per_job_kb"])
    assert result["most_waiting"] >= 1


async def test_overhead_loop_counts_calls(a2e_emulator: Emulator) -> None:
    """The overhead loop drives the SDK's status call and counts calls and CPU."""
    from a2e_async import A2EClient

    async with A2EClient(api_key="sk_bench_overhead", base_url=a2e_emulator.url) as client:
        anchor = (await client.videos.list_anchors(type="default"))[0].id
        video = await client.videos.generate(
            anchor_id=anchor, anchor_type=0, audio_url="https://example.com/a.mp3"
        )
    result = await run_variant(
        "sdk",
        url=a2e_emulator.url,
        api_key="sk_bench_overhead",
        video_id=video.id,
        concurrency=4,
        warmup=0.05,
        seconds=0.2,
    )
    assert result["calls"] > 0
    assert result["rps"] > 0


def test_report_has_every_required_key_and_renders() -> None:
    """A complete document passes the key check, evaluates the targets and renders."""
    row = {
        "jobs": 5,
        "status_requests_per_job": 1.0,
        "p50_detect_s": 1.0,
        "p95_detect_s": 2.0,
        "wall_s": 3.0,
        "peak_rss_mb": 40.0,
    }
    doc: dict[str, Any] = {
        "meta": {"quick": True, "time_scale": 0.05, "video_durations": [20, 90]},
        "machine": {"cpu_count": 2, "python": "3.11", "platform": "Linux"},
        "overhead": {
            "sdk_rps": 95.0,
            "aiohttp_rps": 100.0,
            "httpx_rps": 50.0,
            "sdk_vs_aiohttp": 0.95,
            "details": {"sdk": {"rps": 95.0, "cpu_us_per_call": 120.0}},
        },
        "fanout": {
            "coalesced": {**row, "status_requests_per_job": 0.1},
            "per_task": row,
            "naive": row,
        },
        "scale": {"jobs": 10, "peak_rss_mb": 50.0, "rss_per_job_kb": 8.0, "wall_s": 4.0},
    }
    assert missing_keys(doc) == []
    assert missing_keys({}) == list(REQUIRED_KEYS)
    targets = evaluate_targets(doc)
    assert all(target["met"] for target in targets.values())
    text = markdown(doc)
    assert "| coalesced (default) | 0.10 |" in text
