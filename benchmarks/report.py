"""The result document: required keys, targets, and the Markdown table."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

__all__ = ["REQUIRED_KEYS", "evaluate_targets", "markdown", "missing_keys"]

_FANOUT_FIELDS = (
    "jobs",
    "status_requests_per_job",
    "p50_detect_s",
    "p95_detect_s",
    "wall_s",
    "peak_rss_mb",
)
REQUIRED_KEYS: tuple[str, ...] = (
    "overhead.sdk_rps",
    "overhead.aiohttp_rps",
    "overhead.httpx_rps",
    "overhead.sdk_vs_aiohttp",
    *(
        f"fanout.{strategy}.{field}"
        for strategy in ("coalesced", "per_task", "naive")
        for field in _FANOUT_FIELDS
    ),
    "scale.jobs",
    "scale.peak_rss_mb",
    "scale.rss_per_job_kb",
    "scale.wall_s",
    "machine.cpu_count",
    "machine.python",
    "machine.platform",
)

SDK_VS_AIOHTTP_TARGET = 0.90
COALESCING_TARGET = 10.0
RSS_PER_JOB_TARGET_KB = 10.0


def _lookup(doc: Mapping[str, Any], dotted: str) -> Any:
    node: Any = doc
    for part in dotted.split("."):
        if not isinstance(node, Mapping) or part not in node:
            raise KeyError(dotted)
        node = node[part]
    return node


def missing_keys(doc: Mapping[str, Any], keys: tuple[str, ...] = REQUIRED_KEYS) -> list[str]:
    """Required dotted keys that do not resolve in ``doc``."""
    missing = []
    for key in keys:
        try:
            _lookup(doc, key)
        except KeyError:
            missing.append(key)
    return missing


def evaluate_targets(doc: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Each issue target with the measured value and whether it is met (suites present)."""
    out: dict[str, dict[str, Any]] = {}
    overhead = doc.get("overhead")
    if overhead:
        ratio = float(overhead["sdk_vs_aiohttp"])
        out["overhead"] = {
            "target": f"sdk_vs_aiohttp >= {SDK_VS_AIOHTTP_TARGET:.2f}",
            "value": round(ratio, 3),
            "met": ratio >= SDK_VS_AIOHTTP_TARGET,
        }
    fanout = doc.get("fanout")
    if fanout and "coalesced" in fanout and "per_task" in fanout:
        coalesced, per_task = fanout["coalesced"], fanout["per_task"]
        fewer = per_task["status_requests_per_job"] / max(
            coalesced["status_requests_per_job"], 1e-9
        )
        no_worse = coalesced["p95_detect_s"] <= per_task["p95_detect_s"]
        out["fanout"] = {
            "target": f">= {COALESCING_TARGET:g}x fewer status requests per job, p95 no worse",
            "value": f"{fewer:.1f}x fewer; p95 {coalesced['p95_detect_s']:.2f} s vs "
            f"{per_task['p95_detect_s']:.2f} s",
            "fewer_requests_factor": round(fewer, 2),
            "met": fewer >= COALESCING_TARGET and no_worse,
        }
    scale = doc.get("scale")
    if scale:
        per_job = float(scale["rss_per_job_kb"])
        out["scale"] = {
            "target": f"<= {RSS_PER_JOB_TARGET_KB:g} KB RSS per waiting job",
            "value": round(per_job, 2),
            "met": per_job <= RSS_PER_JOB_TARGET_KB,
        }
    return out


def _num(value: Any, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.{digits}f}"


def markdown(doc: Mapping[str, Any]) -> str:
    """The results as Markdown tables (the README's Performance section uses this)."""
    lines: list[str] = []
    machine = doc.get("machine", {})
    meta = doc.get("meta", {})
    lines.append(
        f"Machine: {machine.get('cpu_count')} CPUs, Python {machine.get('python')} "
        f"({machine.get('platform')}), aiohttp {machine.get('aiohttp')}, "
        f"orjson {machine.get('orjson') or 'not installed'}; "
        f"{'quick' if meta.get('quick') else 'full'} run, "
        f"emulator time scale {meta.get('time_scale')}."
    )
    overhead = doc.get("overhead")
    if overhead:
        details = overhead.get("details", {})
        lines += [
            "",
            f"**Overhead**: `POST /api/v1/video/awsResult` in a loop, concurrency "
            f"{overhead.get('concurrency')}, median of {overhead.get('rounds')} round(s)",
            "",
            "| client | calls/s | client CPU µs/call | vs raw aiohttp |",
            "|---|---:|---:|---:|",
        ]
        names = {
            "sdk": "a2e-async `videos.get` → `Video` (with `[fast]`: orjson)",
            "sdk_stdlib_json": "a2e-async `videos.get` → `Video` (stdlib json)",
            "aiohttp": "raw aiohttp, `json()` only",
            "httpx": "httpx.AsyncClient, `json()` only",
        }
        base = float(overhead["aiohttp_rps"]) or math.nan
        for variant, label in names.items():
            if variant not in details:
                continue
            rps = float(details[variant]["rps"])
            cpu = details[variant].get("cpu_us_per_call")
            lines.append(f"| {label} | {_num(rps, 0)} | {_num(cpu, 0)} | {rps / base:.2f} |")
    fanout = doc.get("fanout")
    if fanout:
        any_row = next(iter(fanout.values()))
        lines += [
            "",
            f"**Fan-out**: {any_row['jobs']:,} concurrent `generate` + wait, simulated renders "
            f"of {meta.get('video_durations', '?')} A2E s; detect delay = caller saw the end "
            "minus the emulator's finish, in A2E seconds",
            "",
            "| strategy | status requests/job | p50 detect (s) | p95 detect (s) | wall (s) "
            "| peak RSS (MB) |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        labels = {
            "coalesced": "coalesced (default)",
            "per_task": "per-task backoff",
            "naive": "naive fixed 5 s loop",
        }
        for strategy, label in labels.items():
            row = fanout.get(strategy)
            if row is None:
                continue
            lines.append(
                f"| {label} | {_num(row['status_requests_per_job'], 2)} "
                f"| {_num(row['p50_detect_s'])} | {_num(row['p95_detect_s'])} "
                f"| {_num(row['wall_s'])} | {_num(row['peak_rss_mb'])} |"
            )
    scale = doc.get("scale")
    if scale:
        lines += [
            "",
            f"**Scale**: {scale['jobs']:,} concurrent waits on one client (coalesced)",
            "",
            "| jobs | peak RSS (MB) | idle client RSS (MB) | RSS per waiting job (KB) "
            "| wall (s) | status requests | busiest second (requests) |",
            "|---:|---:|---:|---:|---:|---:|---:|",
            f"| {scale['jobs']:,} | {_num(scale['peak_rss_mb'])} "
            f"| {_num(scale.get('idle_rss_mb'))} | {_num(scale['rss_per_job_kb'], 2)} "
            f"| {_num(scale['wall_s'])} | {_num(scale.get('status_requests'))} "
            f"| {_num(scale.get('max_requests_per_s'))} |",
        ]
    targets = doc.get("targets") or evaluate_targets(doc)
    if targets:
        lines += ["", "| target | measured | met |", "|---|---|---|"]
        for target in targets.values():
            met = "yes" if target["met"] else "**no**"
            lines.append(f"| {target['target']} | {target['value']} | {met} |")
    return "\n".join(lines)
