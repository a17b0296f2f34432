"""The benchmark machinery runs end to end at toy sizes, so it cannot rot (no timing asserted)."""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import pytest

from a2e_async.emulator import Emulator
from benchmarks._proc import ROOT
from benchmarks._stats import quantiles, spread
from benchmarks.cdf import plot_detect_cdf
from benchmarks.fanout import STRATEGIES, run_strategy, summarise
from benchmarks.instructions import callgrind_dumps
from benchmarks.overhead import VARIANTS, run_calls, run_variant
from benchmarks.report import (
    BEGIN,
    END,
    REQUIRED_KEYS,
    evaluate_targets,
    markdown,
    missing_keys,
    replace_block,
)
from benchmarks.scale import run_scale
from benchmarks.suites import SUITES, by_name, names

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


def _spread(value: float) -> dict[str, Any]:
    return {"median": value, "min": value, "max": value, "rounds": [value, value]}


def _doc() -> dict[str, Any]:
    """A complete result document at toy values (what `make bench` writes)."""

    def row(**figures: float) -> dict[str, Any]:
        found = {
            "status_requests_per_job": 10.0,
            "p50_detect_s": 1.0,
            "p95_detect_s": 2.0,
            "wall_s": 3.0,
            "peak_rss_mb": 40.0,
            **figures,
        }
        return {
            "jobs": 5,
            "rounds": 2,
            **found,
            "spread": {k: _spread(v) for k, v in found.items()},
            "detect_quantiles_s": [0.1 * i for i in range(101)],
        }

    batch_row = {
        "wall_s": 1.0,
        "overhead_ms_per_job": 2.0,
        "journal_writes_per_s": 300.0,
        "fenced_writes_per_s": 900.0,
    }
    return {
        "meta": {
            "quick": True,
            "time_scale": 0.05,
            "video_durations": [20, 90],
            "started_at": "2026-01-01T00:00:00+00:00",
        },
        "machine": {"cpu_count": 2, "python": "3.11", "platform": "Linux"},
        "overhead": {
            "instructions": {"available": True, "calls": 30},
            "instructions_per_call": {
                "sdk": 600_000,
                "sdk_stdlib_json": 700_000,
                "aiohttp": 590_000,
                "httpx": 2_900_000,
            },
            "sdk_vs_aiohttp_instructions": 600_000 / 590_000,
            "sdk_rps": 95.0,
            "aiohttp_rps": 100.0,
            "httpx_rps": 50.0,
            "sdk_vs_aiohttp": 0.95,
            "details": {"sdk": {"rps": _spread(95.0), "cpu_us_per_call": _spread(120.0)}},
        },
        "fanout": {
            "coalesced": row(status_requests_per_job=0.4, p95_detect_s=1.5),
            "per_task": row(),
            "naive": row(p95_detect_s=4.0),
        },
        "scale": {"jobs": 10, "peak_rss_mb": 50.0, "rss_per_job_kb": 3.5, "wall_s": 4.0},
        "batch": {
            "jobs": 5,
            "sqlite": {"one_worker": batch_row, "two_workers": batch_row},
            "postgres": {
                label: {"skipped": "no server"} for label in ("one_worker", "two_workers")
            },
        },
        "webhook": {
            "p95_detect_s": 0.4,
            "status_requests_per_job": 0.3,
            "dropped20": {"p95_detect_s": 1.4, "status_requests_per_job": 1.1, "lost": 0},
            "batched": {
                "family": "text_to_image",
                "webhook": {"p95_detect_s": 0.1, "status_requests_per_job": 0.3, "lost": 0},
                "dropped20": {"p95_detect_s": 3.8, "status_requests_per_job": 0.3, "lost": 0},
                "polling": {"p95_detect_s": 4.8, "status_requests_per_job": 0.07, "lost": 0},
            },
        },
    }


def test_report_has_every_required_key_and_renders() -> None:
    """A complete document passes the key check, evaluates the targets and renders; a
    measurement this machine cannot make (PostgreSQL) stands in its place with a reason."""
    doc = _doc()
    assert missing_keys(doc) == []
    assert missing_keys({}) == list(REQUIRED_KEYS)
    targets = evaluate_targets(doc)
    assert set(targets) == {"overhead", "fanout", "scale", "webhook", "webhook_dropped"}
    assert all(target["met"] for target in targets.values())
    text = markdown(doc, cdf="benchmarks/out/detect_cdf.png")
    assert "| coalesced (default) | 0.40 (0.40–0.40) |" in text
    assert "| a2e-async `videos.get` → `Video` (with `[fast]`: orjson) | 600,000 | 1.017 |" in text
    assert "| postgres | 1 | skipped: no server |" in text
    assert "![Detect delay CDF per strategy](benchmarks/out/detect_cdf.png)" in text
    assert "2026-01-01T00:00:00+00:00" in text  # the date of the run


def test_targets_follow_issue_16() -> None:
    """Each raised target fails when its figure is just past the bar."""
    doc = _doc()
    doc["overhead"]["sdk_vs_aiohttp_instructions"] = 1.051
    doc["fanout"]["coalesced"]["p95_detect_s"] = 0.81 * doc["fanout"]["per_task"]["p95_detect_s"]
    doc["scale"]["rss_per_job_kb"] = 4.01
    doc["webhook"]["p95_detect_s"] = 0.51
    doc["webhook"]["dropped20"]["lost"] = 1
    assert not any(target["met"] for target in evaluate_targets(doc).values())
    fewer = _doc()
    fewer["fanout"]["coalesced"]["status_requests_per_job"] = 10.0 / 19.9
    assert not evaluate_targets(fewer)["fanout"]["met"]


def test_without_valgrind_the_overhead_target_is_not_measured() -> None:
    """No instruction counts are invented: the target says why and is not met."""
    doc = _doc()
    overhead = doc["overhead"]
    for key in ("instructions_per_call", "sdk_vs_aiohttp_instructions"):
        del overhead[key]
    overhead["instructions"] = {"available": False, "reason": "valgrind is not installed"}
    judged = evaluate_targets(doc)["overhead"]
    assert judged["met"] is False
    assert "valgrind is not installed" in judged["value"]
    assert "overhead.instructions_per_call.sdk" in missing_keys(doc)
    assert "instructions not counted: valgrind is not installed" in markdown(doc)


def test_the_registry_is_the_one_list_of_suites() -> None:
    """Every suite's keys are required, the webhook suite's included, and its targets read
    the fan-out's coalesced polling for comparison."""
    assert names() == ("overhead", "fanout", "scale", "batch", "webhook")
    assert set(REQUIRED_KEYS) >= {k for suite in SUITES for k in suite.keys}
    assert "batch.postgres.two_workers.journal_writes_per_s" in REQUIRED_KEYS
    webhook = by_name("webhook")
    doc = _doc()
    polled = doc["fanout"]["coalesced"]
    dropped = {"p95_detect_s": polled["p95_detect_s"] - 0.1, "status_requests_per_job": 0.3}
    del doc["webhook"]
    assert "webhook.p95_detect_s" in missing_keys(doc)
    batched = _doc()["webhook"]["batched"]
    doc["webhook"] = {
        "p95_detect_s": 0.4,
        "status_requests_per_job": polled["status_requests_per_job"] / 2,
        "dropped20": {**dropped, "lost": 0},
    }
    assert "webhook.batched.polling.status_requests_per_job" in missing_keys(doc, webhook.keys)
    doc["webhook"]["batched"] = batched
    assert missing_keys(doc, webhook.keys) == []
    judged = webhook.judge(doc["webhook"], doc)
    assert judged["webhook"]["met"]
    assert judged["webhook_dropped"]["met"]
    table = "\n".join(webhook.table(doc["webhook"], doc))
    assert "| videos, 20 % dropped |" in table
    assert "| videos, coalesced polling" in table
    assert "| text-to-image, coalesced polling | 0.07 |" in table
    doc["webhook"]["status_requests_per_job"] = polled["status_requests_per_job"] + 0.1
    doc["webhook"]["dropped20"]["lost"] = 1
    judged = webhook.judge(doc["webhook"], doc)
    assert not judged["webhook"]["met"]
    assert not judged["webhook_dropped"]["met"]


def test_readme_block_is_replaced_and_nothing_else() -> None:
    text = f"intro\n{BEGIN}\nold numbers\n{END}\noutro\n"
    assert replace_block(text, "new") == f"intro\n{BEGIN}\nnew\n{END}\noutro\n"
    with pytest.raises(ValueError, match="exactly one"):
        replace_block("no block here", "new")


def test_the_readme_has_one_block_and_its_image_is_committed() -> None:
    """A fresh clone shows what the README links to."""
    readme = (ROOT / "README.md").read_text()
    replace_block(readme, "x")  # exactly one block
    block = readme[readme.index(BEGIN) : readme.index(END)]
    for link in re.findall(r"!\[[^]]*\]\(([^)]+)\)", block):
        assert (ROOT / link).is_file(), link


def test_callgrind_dumps_are_read_by_trigger(tmp_path: Path) -> None:
    out = tmp_path / "run.marks"
    out.write_text("desc: Trigger: Program termination\nsummary: 99\ntotals: 99\n")
    (tmp_path / "run.marks.1").write_text("desc: Trigger: dump calls=30\ntotals: 1000\n")
    (tmp_path / "run.marks.2").write_text("desc: Trigger: dump calls=60\ntotals: 2100\n")
    assert callgrind_dumps(out) == {"Program termination": 99, "calls=30": 1000, "calls=60": 2100}


def test_spread_and_quantiles() -> None:
    assert spread([3.0, 1.0, 2.0]) == {
        "median": 2.0,
        "min": 1.0,
        "max": 3.0,
        "rounds": [3.0, 1.0, 2.0],
    }
    found = quantiles([float(i) for i in range(11)], points=10)
    assert found == [float(i) for i in range(11)]
    assert quantiles([]) == []


def test_detect_cdf_is_drawn(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    out = plot_detect_cdf(_doc(), tmp_path / "cdf.png")
    assert out is not None
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert plot_detect_cdf({"fanout": {}}, tmp_path / "none.png") is None


async def test_the_counted_workload_makes_exactly_its_calls(a2e_emulator: Emulator) -> None:
    """The callgrind workload (without callgrind) sends warm-up plus N status calls."""
    from a2e_async import A2EClient

    async with A2EClient(api_key="sk_bench_calls", base_url=a2e_emulator.url) as client:
        anchor = (await client.videos.list_anchors(type="default"))[0].id
        video = await client.videos.generate(
            anchor_id=anchor, anchor_type=0, audio_url="https://example.com/a.mp3"
        )
    before = a2e_emulator.stats()["requests"].get("POST /api/v1/video/awsResult", 0)
    for variant in (v for v in VARIANTS if v != "sdk_stdlib_json"):  # needs a process
        await run_calls(
            variant,
            url=a2e_emulator.url,
            api_key="sk_bench_calls",
            video_id=video.id,
            calls=3,
            warmup=2,
        )
    after = a2e_emulator.stats()["requests"]["POST /api/v1/video/awsResult"]
    assert after - before == (len(VARIANTS) - 1) * 5


def test_webhook_targets_without_polling_figures_are_not_met() -> None:
    """A run of the webhook suite alone has no coalesced polling to compare with: its
    comparisons say so and count as not met, however good the webhook figures are."""
    doc = _doc()
    del doc["fanout"]
    judged = by_name("webhook").judge(doc["webhook"], doc)
    for name in ("webhook", "webhook_dropped"):
        assert judged[name]["met"] is False
        assert "coalesced polling not measured in this run" in judged[name]["value"]
