"""Batch job specs: one job a line of JSONL, or the same as Python objects, checked whole.

A job is ``{"key": "unique-id", "kind": "<family>", "params": {...}, "download": "x.mp4"}``:
``kind`` is a family name (``video``, ``talking_photo``...), ``params`` are exactly the
keyword arguments of that family's start method, ``download`` an optional file name for
``--download-dir``. In a file, a media parameter takes a URL or ``{"file": "path"}`` (a local
file, relative to the jobs file, uploaded when the job is submitted).

:func:`read_jobs` and :func:`check_jobs` report every bad job at once, with its line number,
before anything is sent: bad JSON, unknown fields, an unknown kind, bad params (through the
family's own spec, with no I/O), a duplicate key or download name.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from .._spec import Spec, StartCall
from ..errors import ValidationError
from ..resources import start_calls

__all__ = [
    "Job",
    "JobFileError",
    "JobProblem",
    "check_jobs",
    "decode_params",
    "encode_params",
    "fingerprint",
    "read_jobs",
    "reference_for",
    "reference_limit",
    "safe_name",
    "start_calls",
]

KEY_MAX_LENGTH = 200
"""The longest key a job may have."""
BATCH_ID_LENGTH = 8
"""Length of a journal's batch id (lowercase hex), the first part of every job's name."""
DEFAULT_NAME_LENGTH = 100
"""The longest name the runner gives a job whose family states no limit."""
_HASH_LENGTH = 10
_SAFE_KEY = re.compile(r"[A-Za-z0-9._-]+")
_FIELDS = frozenset({"key", "kind", "params", "download"})


@attrs.frozen
class Job:
    """One job of a batch."""

    key: str
    """Unique within the batch; the job's name at A2E carries it (see :func:`reference_for`)."""
    kind: str
    """The family to start (``video``, ``talking_photo``...; see :func:`start_calls`)."""
    params: Mapping[str, Any] = attrs.field(factory=dict)
    """The keyword arguments of the family's start method (not its name or title: the
    runner names every job after its key). Media: a URL or a ``pathlib.Path``."""
    download: str | None = None
    """File name for the result under ``download_dir`` (default: the key and the URL's
    extension)."""
    line: int | None = attrs.field(default=None, eq=False)
    """Where it was read: its line in the jobs file, or its position in a list."""


@attrs.frozen
class JobProblem:
    """One bad job: where it is and what is wrong."""

    line: int
    """Its line in the jobs file (1-based), or its position among Python objects."""
    key: str | None
    """Its key, when it has a readable one."""
    message: str
    """What is wrong, naming the field or parameter."""

    def __str__(self) -> str:
        where = f"line {self.line}"
        return f"{where} ({self.key}): {self.message}" if self.key else f"{where}: {self.message}"


class JobFileError(ValidationError):
    """Some jobs are bad; nothing was sent. ``problems`` lists every one."""

    def __init__(self, problems: Sequence[JobProblem]) -> None:
        self.problems = tuple(problems)
        shown = "\n".join(f"  {problem}" for problem in self.problems[:50])
        more = len(self.problems) - 50
        tail = f"\n  ... and {more} more" if more > 0 else ""
        count = len(self.problems)
        self.detail = f"{count} bad job{'s' if count != 1 else ''}:\n{shown}{tail}"
        """Every problem, one a line (the message without the parameter name)."""
        super().__init__("jobs", self.detail)


@functools.cache
# -- names -----------------------------------------------------------------------------------
def reference_limit(spec: Spec) -> int | None:
    """The longest name or title ``spec``'s family takes (``None``: it takes none the runner
    can set, so its jobs cannot be looked up in A2E's lists)."""
    name = spec.reference
    if name is None:
        return None
    marker = spec.fields[name].reference
    if marker is None or not marker.generate:
        return None  # e.g. a watermark is identified by its media URL, not a name we give
    return spec.fields[name].max_length or DEFAULT_NAME_LENGTH


def reference_for(batch_id: str, key: str, max_length: int) -> str:
    """The name (or title) a job is sent with: ``<batch id>-<key>``, within ``max_length``.

    The key part is :func:`safe_name`; the batch id keeps two journals run with the same
    keys apart.
    """
    prefix = f"{batch_id}-"
    return prefix + safe_name(key, max_length - len(prefix))


def safe_name(key: str, max_length: int) -> str:
    """``key`` as is when it is only ``A-Z a-z 0-9 . _ -`` and fits in ``max_length``.

    Any other key is cut to fit, its other characters become ``_``, and ``~`` plus 10 hex
    digits of its SHA-256 are appended: a result with ``~`` always ends in a hash, so two
    keys never give the same name (short of a 40-bit hash collision, which
    :func:`check_jobs` would report).
    """
    if _SAFE_KEY.fullmatch(key) and len(key) <= max_length:
        return key
    digest = hashlib.sha256(key.encode()).hexdigest()[:_HASH_LENGTH]
    keep = max(max_length - _HASH_LENGTH - 1, 0)
    return re.sub(r"[^A-Za-z0-9._-]", "_", key)[:keep] + "~" + digest


# -- params: stored as JSON, media files as {"file": "/absolute/path"} -----------------------
def encode_params(spec: Spec, params: Mapping[str, Any]) -> dict[str, Any]:
    """``params`` as JSON-ready values; a media ``Path`` becomes ``{"file": "<absolute>"}``.

    Raises ``ValidationError`` for media given as bytes (a journal cannot keep them: save
    them to a file, or upload them first).
    """
    out: dict[str, Any] = {}
    for name, value in params.items():
        spec_field = spec.fields.get(name)
        if spec_field is not None and spec_field.media:
            many = spec_field.many and isinstance(value, (list, tuple))
            items = [_encode_media(name, item) for item in (value if many else [value])]
            out[name] = items if many else items[0]
        else:
            out[name] = _plain(value)
    return out


def decode_params(
    spec: Spec, stored: Mapping[str, Any], base: Path | None = None
) -> dict[str, Any]:
    """Stored (or JSONL) params as the start method takes them: ``{"file": p}`` becomes a
    ``Path`` (relative ones against ``base``)."""
    out = dict(stored)
    for name, value in stored.items():
        spec_field = spec.fields.get(name)
        if spec_field is not None and spec_field.media:
            if spec_field.many and isinstance(value, list):
                out[name] = [_decode_media(item, base) for item in value]
            else:
                out[name] = _decode_media(value, base)
    return out


def fingerprint(kind: str, params: Mapping[str, Any], download: str | None) -> str:
    """A digest of what a job asks for, to notice a jobs file changed under a journal."""
    text = json.dumps([kind, params, download], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _encode_media(name: str, value: Any) -> Any:
    if isinstance(value, os.PathLike):
        return {"file": os.path.abspath(os.fspath(value))}
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], (bytes, bytearray)):
        raise ValidationError(
            name, "bytes cannot be kept in a batch journal; save them to a file (a Path)"
        )
    return value


def _decode_media(value: Any, base: Path | None) -> Any:
    if isinstance(value, Mapping) and set(value) == {"file"} and isinstance(value["file"], str):
        path = Path(value["file"]).expanduser()
        return path if path.is_absolute() or base is None else base / path
    return value


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


# -- reading and checking --------------------------------------------------------------------
def read_jobs(path: str | os.PathLike[str]) -> list[Job]:
    """Every job of a JSONL file (blank lines and ``#`` comments skipped), checked.

    Raises :class:`JobFileError` listing every bad line, or ``ValidationError`` naming
    ``jobs`` when the file cannot be read.
    """
    source = Path(path)
    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError("jobs", f"cannot read {source}: {exc}") from None
    items: list[tuple[int, Any]] = []
    problems: list[JobProblem] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        try:
            items.append((number, json.loads(stripped)))
        except ValueError as exc:
            problems.append(JobProblem(number, None, f"not valid JSON: {exc}"))
    return _check(items, problems, base=source.parent.resolve())


def check_jobs(jobs: Iterable[Job | Mapping[str, Any]]) -> list[Job]:
    """The given jobs checked like the lines of a file (numbered from 1).

    Raises :class:`JobFileError` listing every bad one.
    """
    items: list[tuple[int, Any]] = []
    for number, job in enumerate(jobs, start=1):
        if isinstance(job, Job):
            job = {"key": job.key, "kind": job.kind, "params": job.params, "download": job.download}
        items.append((number, job))
    return _check(items, [], base=None)


def _check(
    items: list[tuple[int, Any]], problems: list[JobProblem], base: Path | None
) -> list[Job]:
    calls = start_calls()
    jobs: list[Job] = []
    seen: dict[str, int] = {}
    downloads: dict[str, int] = {}
    names: dict[str, str] = {}
    for number, raw in items:
        key = raw.get("key") if isinstance(raw, Mapping) else None
        shown = key if isinstance(key, str) else None
        try:
            job = _check_one(raw, calls, base)
        except ValidationError as exc:
            problems.append(JobProblem(number, shown, str(exc)))
            continue
        if job.key in seen:
            problems.append(
                JobProblem(number, job.key, f"duplicate key (first on line {seen[job.key]})")
            )
            continue
        seen[job.key] = number
        if job.download is not None:
            if job.download in downloads:
                first = downloads[job.download]
                message = f"download: {job.download!r} is also the file of line {first}"
                problems.append(JobProblem(number, job.key, message))
                continue
            downloads[job.download] = number
        limit = reference_limit(calls[job.kind].spec)
        if limit is not None:
            name = reference_for("0" * BATCH_ID_LENGTH, job.key, limit)
            if name in names:
                message = f"its name {name!r} collides with key {names[name]!r}"
                problems.append(JobProblem(number, job.key, message))
                continue
            names[name] = job.key
        jobs.append(attrs.evolve(job, line=number))
    if problems:
        raise JobFileError(sorted(problems, key=lambda problem: problem.line))
    return jobs


def _check_one(raw: Any, calls: Mapping[str, StartCall], base: Path | None) -> Job:
    """One job, checked with no I/O but local files' existence; raises ValidationError."""
    if not isinstance(raw, Mapping):
        raise ValidationError("job", f"must be a JSON object, got {type(raw).__name__}")
    unknown = sorted(set(raw) - _FIELDS)
    if unknown:
        raise ValidationError(unknown[0], "is not a job field (key, kind, params, download)")
    key = raw.get("key")
    if not isinstance(key, str) or not key.strip():
        raise ValidationError("key", "is required: a non-empty string")
    if len(key) > KEY_MAX_LENGTH or any(ord(c) < 32 for c in key):
        raise ValidationError(
            "key", f"must be at most {KEY_MAX_LENGTH} characters, without control characters"
        )
    kind = raw.get("kind")
    if not isinstance(kind, str) or kind not in calls:
        close = difflib.get_close_matches(str(kind), list(calls), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else f"; known: {', '.join(sorted(calls))}"
        raise ValidationError("kind", f"unknown kind {kind!r}{hint}")
    if calls[kind].wait is None and not calls[kind].final:
        raise ValidationError(
            "kind",
            f"{kind}: A2E documents no call that reads such a task, so a batch could never "
            "see it finish; start it with the client instead",
        )
    params = raw.get("params", {})
    if not isinstance(params, Mapping):
        raise ValidationError("params", "must be an object of the start call's parameters")
    download = raw.get("download")
    if download is not None:
        _check_file_name(download)
    spec = calls[kind].spec
    limit = reference_limit(spec)
    reference = spec.reference if limit is not None else None
    if reference is not None and reference in params:
        raise ValidationError(
            f"params.{reference}", "is set by the runner: every job is named after its key"
        )
    decoded = decode_params(spec, params, base)
    probe = dict(decoded)
    if reference is not None and limit is not None:
        probe[reference] = reference_for("0" * BATCH_ID_LENGTH, key, limit)
    try:
        spec.check(probe)
    except ValidationError as exc:
        raise ValidationError(f"params.{exc.param}", str(exc).partition(": ")[2]) from None
    return Job(key=key, kind=kind, params=encode_params(spec, decoded), download=download)


def _check_file_name(value: Any) -> None:
    if (
        not isinstance(value, str)
        or not value.strip()
        or value in (".", "..")
        or "/" in value
        or "\\" in value
        or "\x00" in value
    ):
        raise ValidationError("download", "must be a plain file name (no directories)")
