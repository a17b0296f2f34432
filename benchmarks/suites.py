"""The suite registry: what ``python -m benchmarks`` runs, checks, tabulates and judges.

A suite is one :class:`Suite` entry in :data:`SUITES`: its name (also its section of the
result document, ``latest.json``), the function that measures it (called in the parent
process with the run's ``runner.Config`` and a log function; it starts its own emulator and
worker processes and returns the section), the dotted keys ``make bench`` must write, its
Markdown table and its targets. Nothing else needs an edit to add one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from . import tables, targets

__all__ = ["SUITES", "WEBHOOK_KEYS", "Suite", "by_name", "names"]

Log = Callable[[str], None]
Section = dict[str, Any]


@dataclass(frozen=True)
class Suite:
    """One benchmark suite (see the module's docstring)."""

    name: str
    measure: Callable[[Any, Log], Section]
    keys: tuple[str, ...]
    """Dotted keys of the result document this suite must write (``"fanout.naive.wall_s"``)."""
    table: Callable[[Mapping[str, Any], Mapping[str, Any]], list[str]]
    """(its section, the whole document) -> Markdown lines."""
    judge: Callable[[Mapping[str, Any], Mapping[str, Any]], dict[str, dict[str, Any]]] = field(
        default=targets.none
    )
    """(its section, the whole document) -> ``{name: {"target", "value", "met"}}``."""


def _overhead(config: Any, log: Log) -> Section:
    from .overhead import run_suite

    return run_suite(config, log)


def _fanout(config: Any, log: Log) -> Section:
    from .fanout import run_suite

    return run_suite(config, log)


def _scale(config: Any, log: Log) -> Section:
    from .scale import run_suite

    return run_suite(config, log)


def _batch(config: Any, log: Log) -> Section:
    from .batch import measure

    return measure(
        jobs=config.batch_jobs,
        concurrency=config.batch_concurrency,
        writes=config.batch_writes,
        seed=config.seed,
        log=log,
    )


def _webhook(config: Any, log: Log) -> Section:
    from .webhook import run_suite

    section: Section = run_suite(config, log)
    return section


_VARIANTS = ("sdk", "sdk_stdlib_json", "aiohttp", "httpx")
_FANOUT_FIELDS = (
    "jobs",
    "status_requests_per_job",
    "p50_detect_s",
    "p95_detect_s",
    "wall_s",
    "peak_rss_mb",
)
_BATCH_FIELDS = ("wall_s", "overhead_ms_per_job", "journal_writes_per_s", "fenced_writes_per_s")

OVERHEAD_KEYS = (
    *(f"overhead.instructions_per_call.{variant}" for variant in _VARIANTS),
    "overhead.sdk_vs_aiohttp_instructions",
    "overhead.sdk_rps",
    "overhead.aiohttp_rps",
    "overhead.httpx_rps",
    "overhead.sdk_vs_aiohttp",
)
FANOUT_KEYS = tuple(
    f"fanout.{strategy}.{name}"
    for strategy in ("coalesced", "per_task", "naive")
    for name in _FANOUT_FIELDS
)
SCALE_KEYS = ("scale.jobs", "scale.peak_rss_mb", "scale.rss_per_job_kb", "scale.wall_s")
BATCH_KEYS = tuple(
    f"batch.{backend}.{workers}.{name}"
    for backend in ("sqlite", "postgres")
    for workers in ("one_worker", "two_workers")
    for name in _BATCH_FIELDS
)
WEBHOOK_KEYS = (
    "webhook.p95_detect_s",
    "webhook.status_requests_per_job",
    "webhook.dropped20.p95_detect_s",
    "webhook.dropped20.lost",
    *(
        f"webhook.batched.{variant}.{name}"
        for variant in ("webhook", "dropped20", "polling")
        for name in ("p95_detect_s", "status_requests_per_job", "lost")
    ),
)

SUITES: tuple[Suite, ...] = (
    Suite("overhead", _overhead, OVERHEAD_KEYS, tables.overhead, targets.overhead),
    Suite("fanout", _fanout, FANOUT_KEYS, tables.fanout, targets.fanout),
    Suite("scale", _scale, SCALE_KEYS, tables.scale, targets.scale),
    Suite("batch", _batch, BATCH_KEYS, tables.batch),
    Suite("webhook", _webhook, WEBHOOK_KEYS, tables.webhook, targets.webhook),
)


def names() -> tuple[str, ...]:
    """The registered suites' names, in running order."""
    return tuple(suite.name for suite in SUITES)


def by_name(name: str) -> Suite:
    """The registered suite called ``name``."""
    for suite in SUITES:
        if suite.name == name:
            return suite
    raise KeyError(f"unknown suite {name!r}; known: {', '.join(names())}")
