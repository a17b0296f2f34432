"""Each suite's Markdown table, from its section of the result document (no other source:
the README's numbers are these tables, written by the run that measured them)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

__all__ = ["batch", "fanout", "num", "overhead", "scale", "span", "webhook"]

Lines = list[str]


def num(value: Any, digits: int = 1) -> str:
    """A number for a table: thousands separated, ``n/a`` for nothing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.{digits}f}"


def span(found: Mapping[str, Any] | None, digits: int = 1) -> str:
    """A median with its range over the rounds: ``1.5 (1.4–1.7)``."""
    if not found:
        return "n/a"
    median = num(found["median"], digits)
    if len(found.get("rounds", ())) < 2:
        return median
    return f"{median} ({num(found['min'], digits)}–{num(found['max'], digits)})"


_CLIENTS = {
    "sdk": "a2e-async `videos.get` → `Video` (with `[fast]`: orjson)",
    "sdk_stdlib_json": "a2e-async `videos.get` → `Video` (stdlib json)",
    "aiohttp": "raw aiohttp, `json()` only",
    "httpx": "httpx.AsyncClient, `json()` only",
}


def overhead(section: Mapping[str, Any], doc: Mapping[str, Any]) -> Lines:
    counted = section.get("instructions", {})
    per_call = section.get("instructions_per_call", {})
    base = per_call.get("aiohttp")
    details = section.get("details", {})
    if counted.get("available"):
        how = (
            f"instructions per call counted by callgrind in the client process "
            f"(({counted['calls'] * 2:,}-call window − {counted['calls']:,}-call window) / "
            f"{counted['calls']:,}, one call at a time)"
        )
    else:
        how = f"instructions not counted: {counted.get('reason', 'no valgrind')}"
    lines = [
        f"**Overhead**: `POST /api/v1/video/awsResult` on one id; {how}; calls/s and CPU at "
        f"concurrency {section.get('concurrency')}, median (min–max) of "
        f"{section.get('rounds')} interleaved round(s)",
        "",
        "| client | instructions/call | vs raw aiohttp | calls/s | client CPU µs/call |",
        "|---|---:|---:|---:|---:|",
    ]
    for variant, label in _CLIENTS.items():
        if variant not in details and variant not in per_call:
            continue
        count = per_call.get(variant)
        ratio = f"{count / base:.3f}" if count and base else "n/a"
        row = details.get(variant, {})
        lines.append(
            f"| {label} | {num(count)} | {ratio} | {span(row.get('rps'), 0)} "
            f"| {span(row.get('cpu_us_per_call'), 0)} |"
        )
    return lines


_STRATEGIES = {
    "coalesced": "coalesced (default)",
    "per_task": "per-task backoff",
    "naive": "naive fixed 5 s loop",
}


def fanout(section: Mapping[str, Any], doc: Mapping[str, Any]) -> Lines:
    meta = doc.get("meta", {})
    first: Mapping[str, Any] = next(iter(section.values()), {})
    durations = meta.get("video_durations") or ("?", "?")
    lines = [
        f"**Fan-out**: {num(first.get('jobs'))} concurrent `generate` + wait, renders of "
        f"{durations[0]}–{durations[1]} A2E s, emulator time scale {meta.get('time_scale')}; "
        "detect delay = when the caller saw the end minus the emulator's finish, in A2E "
        f"seconds; median (min–max) of {first.get('rounds', 1)} interleaved round(s)",
        "",
        "| strategy | status requests/job | p50 detect (s) | p95 detect (s) | wall (s) "
        "| peak RSS (MB) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for strategy, label in _STRATEGIES.items():
        row = section.get(strategy)
        if row is None:
            continue
        spread = row.get("spread", {})
        lines.append(
            f"| {label} | {span(spread.get('status_requests_per_job'), 2)} "
            f"| {span(spread.get('p50_detect_s'), 2)} | {span(spread.get('p95_detect_s'), 2)} "
            f"| {span(spread.get('wall_s'))} | {span(spread.get('peak_rss_mb'))} |"
        )
    return lines


def scale(section: Mapping[str, Any], doc: Mapping[str, Any]) -> Lines:
    return [
        f"**Scale**: {num(section['jobs'])} concurrent waits on one client (coalesced), "
        f"at most {num(section.get('most_waiting'))} waiting at once; one run",
        "",
        "| jobs | peak RSS (MB) | idle client RSS (MB) | RSS per waiting job (KB) "
        "| wall (s) | status requests | busiest second (requests) |",
        "|---:|---:|---:|---:|---:|---:|---:|",
        f"| {num(section['jobs'])} | {num(section['peak_rss_mb'])} "
        f"| {num(section.get('idle_rss_mb'))} | {num(section['rss_per_job_kb'], 2)} "
        f"| {num(section['wall_s'])} | {num(section.get('status_requests'))} "
        f"| {num(section.get('max_requests_per_s'))} |",
    ]


def batch(section: Mapping[str, Any], doc: Mapping[str, Any]) -> Lines:
    baseline = section.get("baseline_wall_s", {})
    lines = [
        f"**Batch**: {num(section.get('jobs'))} text-to-image jobs through `BatchRunner` "
        f"(concurrency {section.get('concurrency')}, tasks finished at once), against the same "
        f"jobs sent with `start` + `wait` and no journal ({num(baseline.get('one_worker'), 2)} s "
        f"one client, {num(baseline.get('two_workers'), 2)} s two); fenced writes: the journal "
        "alone, claim-checked updates committed one by one",
        "",
        "| journal | workers | wall (s) | runner overhead (ms/job) | journal writes/s in the run "
        "| fenced writes/s alone |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for backend in ("sqlite", "postgres"):
        for label, workers in (("one_worker", 1), ("two_workers", 2)):
            row = section.get(backend, {}).get(label)
            if row is None:
                continue
            if "skipped" in row:
                lines.append(f"| {backend} | {workers} | skipped: {row['skipped']} | | | |")
                continue
            lines.append(
                f"| {backend} | {workers} | {num(row['wall_s'], 2)} "
                f"| {num(row['overhead_ms_per_job'], 2)} | {num(row['journal_writes_per_s'], 0)} "
                f"| {num(row['fenced_writes_per_s'], 0)} |"
            )
    return lines


def webhook(section: Mapping[str, Any], doc: Mapping[str, Any]) -> Lines:
    polling = doc.get("fanout", {}).get("coalesced", {})
    batched = section.get("batched", {})
    lines = [
        "**Webhooks**: the same fan-out with webhooks waking the waits (polling kept as the "
        "source of truth), then with 20 % of the notices dropped; videos confirm each woken "
        "wait with an `awsResult` of its own (A2E has no `batchDetail` for them), "
        "text-to-image (its own durations and policy) with one `batchDetail` per short window",
        "",
        "| variant | status requests/job | p50 detect (s) | p95 detect (s), median (min–max) "
        "| jobs lost |",
        "|---|---:|---:|---:|---:|",
    ]
    rows = [
        ("videos, webhooks", section),
        ("videos, 20 % dropped", section.get("dropped20", {})),
        ("videos, coalesced polling (fan-out above)", {**polling, "lost": 0} if polling else {}),
        ("text-to-image, webhooks", batched.get("webhook", {})),
        ("text-to-image, 20 % dropped", batched.get("dropped20", {})),
        ("text-to-image, coalesced polling", batched.get("polling", {})),
    ]
    for name, row in rows:
        if not row:
            continue
        p95 = row.get("spread", {}).get("p95_detect_s", {})
        span = f" ({num(p95['min'], 2)}–{num(p95['max'], 2)})" if p95 else ""
        lines.append(
            f"| {name} | {num(row['status_requests_per_job'], 2)} | "
            f"{num(row.get('p50_detect_s', 0.0), 2)} | {num(row['p95_detect_s'], 2)}{span} | "
            f"{row.get('lost', 0)} |"
        )
    return lines
