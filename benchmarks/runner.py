"""Orchestration: the run's sizes, and every registered suite in turn (``suites.SUITES``);
each suite starts its emulator and its measured clients in processes of their own."""

from __future__ import annotations

import json
import sys
import time
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from typing import Any

from ._measure import machine
from .report import evaluate_targets
from .suites import by_name, names

__all__ = ["FULL", "QUICK", "Config", "create_video", "run"]


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
    """Interleaved rounds of the wall-clock overhead figures (every variant once a round)."""
    instruction_calls: int
    """N of the instruction count: windows of N and 2N calls under callgrind."""
    instruction_warmup: int
    fanout_jobs: int
    fanout_rounds: int
    """Interleaved rounds of the fan-out (every strategy once a round)."""
    scale_jobs: int
    scale_time_scale: float
    scale_durations: tuple[float, float]
    """Chosen so that every job is still rendering when the last one starts waiting."""
    batch_jobs: int
    batch_concurrency: int
    batch_writes: int
    """Fenced journal writes timed per backend and worker count."""
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
    overhead_seconds=3.0,
    overhead_rounds=5,
    instruction_calls=200,
    instruction_warmup=50,
    fanout_jobs=1000,
    fanout_rounds=5,
    scale_jobs=100_000,
    scale_time_scale=0.1,
    # 100,000 creates take 20 s on an idle 2-CPU machine and several times that on a busy one.
    scale_durations=(1200.0, 1400.0),
    batch_jobs=300,
    batch_concurrency=16,
    batch_writes=1000,
)
QUICK = Config(
    quick=True,
    time_scale=0.1,
    video_durations=(20.0, 60.0),
    concurrency=64,
    overhead_warmup=0.2,
    overhead_seconds=0.8,
    overhead_rounds=2,
    instruction_calls=30,
    instruction_warmup=10,
    fanout_jobs=200,
    fanout_rounds=1,
    scale_jobs=10_000,
    scale_time_scale=0.05,
    scale_durations=(150.0, 200.0),
    batch_jobs=60,
    batch_concurrency=16,
    batch_writes=200,
)

Log = Callable[[str], None]


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run(config: Config, suites: Sequence[str] | None = None, *, log: Log = _log) -> dict[str, Any]:
    """Run ``suites`` (default: every registered one) and return the result document."""
    chosen = tuple(suites) if suites is not None else names()
    started = time.perf_counter()
    doc: dict[str, Any] = {
        "meta": {
            **asdict(config),
            "suites": list(chosen),
            "started_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        },
        "machine": machine(),
    }
    for name in chosen:
        began = time.perf_counter()
        doc[name] = by_name(name).measure(config, log)
        log(f"suite {name}: {time.perf_counter() - began:.1f} s")
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
