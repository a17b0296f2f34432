"""The targets of issue 16 (and 15's webhook target): each judged on one run's figures.

A target reads the medians of interleaved rounds where there are rounds. ``met`` is
``True`` or ``False``; a figure that could not be measured (no valgrind, say) is reported
as not measured and counts as not met.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = [
    "COALESCING_TARGET",
    "DETECT_VS_PER_TASK_TARGET",
    "RSS_PER_JOB_TARGET_KB",
    "SDK_VS_AIOHTTP_INSTRUCTIONS_TARGET",
    "WEBHOOK_P95_TARGET_S",
    "fanout",
    "none",
    "overhead",
    "scale",
    "webhook",
]

SDK_VS_AIOHTTP_INSTRUCTIONS_TARGET = 1.05
COALESCING_TARGET = 20.0
DETECT_VS_PER_TASK_TARGET = 0.8
RSS_PER_JOB_TARGET_KB = 4.0
WEBHOOK_P95_TARGET_S = 0.5

Judged = dict[str, dict[str, Any]]


def none(section: Mapping[str, Any], doc: Mapping[str, Any]) -> Judged:
    """A suite that reports figures without a target (the batch suite)."""
    return {}


def overhead(section: Mapping[str, Any], doc: Mapping[str, Any]) -> Judged:
    target = (
        f"overhead: SDK ≤ {SDK_VS_AIOHTTP_INSTRUCTIONS_TARGET:.2f}× raw aiohttp instructions "
        "per status call (decoding included)"
    )
    if "sdk_vs_aiohttp_instructions" not in section:
        reason = section.get("instructions", {}).get("reason", "not measured")
        return {"overhead": {"target": target, "value": f"not measured: {reason}", "met": False}}
    ratio = float(section["sdk_vs_aiohttp_instructions"])
    per_call = section["instructions_per_call"]
    value = f"{ratio:.3f} ({per_call['sdk']:,} vs {per_call['aiohttp']:,})"
    if "sdk_stdlib_json_vs_aiohttp_instructions" in section:
        value += f"; stdlib json {section['sdk_stdlib_json_vs_aiohttp_instructions']:.3f}"
    return {
        "overhead": {
            "target": target,
            "value": value,
            "ratio": round(ratio, 4),
            "met": ratio <= SDK_VS_AIOHTTP_INSTRUCTIONS_TARGET,
        }
    }


def fanout(section: Mapping[str, Any], doc: Mapping[str, Any]) -> Judged:
    if not {"coalesced", "per_task", "naive"} <= section.keys():
        return {}
    coalesced, per_task, naive = section["coalesced"], section["per_task"], section["naive"]
    fewer = per_task["status_requests_per_job"] / max(coalesced["status_requests_per_job"], 1e-9)
    p95 = float(coalesced["p95_detect_s"])
    detect = p95 / max(float(per_task["p95_detect_s"]), 1e-9)
    met = (
        fewer >= COALESCING_TARGET
        and detect <= DETECT_VS_PER_TASK_TARGET
        and p95 < float(naive["p95_detect_s"])
    )
    return {
        "fanout": {
            "target": f"fan-out: coalesced ≥ {COALESCING_TARGET:g}× fewer status requests per "
            f"job than per-task, p95 detect ≤ {DETECT_VS_PER_TASK_TARGET:g}× per-task's and "
            "below the naive loop's",
            "value": f"{fewer:.1f}× fewer; p95 {p95:.2f} s vs per-task "
            f"{per_task['p95_detect_s']:.2f} s ({detect:.2f}×), naive "
            f"{naive['p95_detect_s']:.2f} s",
            "fewer_requests_factor": round(fewer, 2),
            "p95_vs_per_task": round(detect, 3),
            "met": met,
        }
    }


def scale(section: Mapping[str, Any], doc: Mapping[str, Any]) -> Judged:
    per_job = float(section["rss_per_job_kb"])
    return {
        "scale": {
            "target": f"scale: ≤ {RSS_PER_JOB_TARGET_KB:g} KB RSS per waiting job "
            f"({section['jobs']:,} waits)",
            "value": f"{per_job:.2f} KB",
            "met": per_job <= RSS_PER_JOB_TARGET_KB,
        }
    }


def webhook(section: Mapping[str, Any], doc: Mapping[str, Any]) -> Judged:
    p95 = float(section["p95_detect_s"])
    per_job = float(section["status_requests_per_job"])
    polling = doc.get("fanout", {}).get("coalesced", {})
    # Without the fan-out suite in the same run (``--suite webhook``) there is nothing to
    # compare with: the comparison is reported as not measured, and not met.
    unmeasured = " (coalesced polling not measured in this run)"
    polled_per_job = polling.get("status_requests_per_job")
    fewer = polled_per_job is not None and per_job < float(polled_per_job)
    judged = {
        "webhook": {
            "target": f"webhook: p95 detect ≤ {WEBHOOK_P95_TARGET_S:g} s with fewer status "
            "requests per job than coalesced polling",
            "value": f"p95 {p95:.2f} s, {per_job:.2f} status requests/job"
            + (unmeasured if polled_per_job is None else f" (polling {float(polled_per_job):.2f})"),
            "met": p95 <= WEBHOOK_P95_TARGET_S and fewer,
        }
    }
    dropped = section.get("dropped20")
    if dropped:
        polled_p95 = polling.get("p95_detect_s")
        under = polled_p95 is not None and float(dropped["p95_detect_s"]) < float(polled_p95)
        judged["webhook_dropped"] = {
            "target": "webhook, 20 % of notices dropped: no job lost, p95 detect under "
            "coalesced polling's",
            "value": f"{dropped['lost']} lost, p95 {float(dropped['p95_detect_s']):.2f} s"
            + (unmeasured if polled_p95 is None else f" (polling {float(polled_p95):.2f} s)"),
            "met": int(dropped["lost"]) == 0 and under,
        }
    return judged
