"""What a batch produced: result URLs per family, download file names, and exports."""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from pathlib import PurePosixPath
from typing import IO, Any
from urllib.parse import urlsplit

import attrs

from .._results import result_urls as task_result_urls
from .jobs import safe_name
from .journal import JobRow

__all__ = ["EXPORT_FIELDS", "download_names", "export", "export_row", "result_urls", "task_json"]

EXPORT_FIELDS = (
    "key",
    "kind",
    "state",
    "task_id",
    "name",
    "result_url",
    "error",
    "error_code",
    "needs_check",
    "note",
    "attempts",
    "created_at",
    "submitting_at",
    "submitted_at",
    "finished_at",
    "run_seconds",
    "downloaded",
)
"""The columns of ``a2e batch export``, in order (times are ISO-8601 UTC)."""


def task_json(task: Any) -> dict[str, Any]:
    """A task model as JSON-ready values (datetimes as ISO-8601 strings)."""
    if not attrs.has(type(task)):
        return {"value": repr(task)}

    def plain(_: Any, __: Any, value: Any) -> Any:
        return value.isoformat() if isinstance(value, datetime) else value

    return attrs.asdict(task, value_serializer=plain)


def result_urls(kind: str, result: Mapping[str, Any] | None) -> list[str]:
    """The result URLs of a finished job of ``kind`` (from :func:`task_json`), in order."""
    if not result:
        return []
    if isinstance(result.get("tasks"), list):  # one start call that created several tasks
        return [url for task in result["tasks"] for url in result_urls(kind, task)]
    return task_result_urls(kind, result)


def download_names(key: str, download: str | None, urls: Iterable[str]) -> list[str]:
    """File names for a job's results: ``download`` (else the key made safe, plus the URL's
    extension) for the first, ``<stem>-2<ext>``... for the others."""
    names: list[str] = []
    for number, url in enumerate(urls, start=1):
        suffix = PurePosixPath(urlsplit(url).path).suffix[:10]
        name = download or safe_name(key, 120) + suffix
        if number > 1:
            stem, ext = os.path.splitext(name)
            name = f"{stem}-{number}{ext or suffix}"
        names.append(name)
    return names


def _iso(value: float | None) -> str | None:
    if value is None:
        return None
    moment = datetime.fromtimestamp(value, tz=timezone.utc)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def export_row(row: JobRow) -> dict[str, Any]:
    """One job as an export record (the keys of :data:`EXPORT_FIELDS`)."""
    run = None
    if row.finished_at is not None and row.submitted_at is not None:
        run = round(row.finished_at - row.submitted_at, 3)
    return {
        "key": row.key,
        "kind": row.kind,
        "state": row.state.value,
        "task_id": row.task_id,
        "name": row.reference,
        "result_url": row.result_url,
        "error": row.error,
        "error_code": row.error_code,
        "needs_check": row.needs_check,
        "note": row.note,
        "attempts": row.attempts,
        "created_at": _iso(row.created_at),
        "submitting_at": _iso(row.submitting_at),
        "submitted_at": _iso(row.submitted_at),
        "finished_at": _iso(row.finished_at),
        "run_seconds": run,
        "downloaded": row.downloaded,
    }


def export(rows: Iterable[JobRow], fmt: str, out: IO[str]) -> int:
    """Write ``rows`` to ``out`` as ``jsonl`` (one object a line) or ``csv`` (a header, then
    one line a job; empty cells for none). Returns how many were written."""
    if fmt not in ("jsonl", "csv"):
        raise ValueError(f"unknown export format {fmt!r}; use jsonl or csv")
    writer = csv.DictWriter(out, fieldnames=EXPORT_FIELDS) if fmt == "csv" else None
    if writer is not None:
        writer.writeheader()
    count = 0
    for row in rows:
        record = export_row(row)
        if writer is not None:
            writer.writerow({k: "" if v is None else v for k, v in record.items()})
        else:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count
