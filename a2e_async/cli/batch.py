"""``a2e batch``: run a JSONL file of jobs crash-safe, and read its journal.

The click group :data:`batch` (``run``, ``status``, ``export``, ``resolve``); the ``a2e``
command mounts it, and ``python -m a2e_async.batch`` runs it alone. The token comes from
``A2E_API_KEY`` (or ``a2e --api-key``) and is never printed.

Exit codes, as the rest of ``a2e``: 0 every job done; 1 the batch ended with failed jobs,
jobs to check, or jobs left; 2 bad input, nothing sent (a bad jobs file, a journal that
cannot be opened, no token); 3 refused by the budget guard, or an A2E error stopped the run;
130 stopped by Ctrl-C (the journal is consistent: run the same command again to resume).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import shlex
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn, TextIO
from urllib.parse import urlsplit, urlunsplit

import click

from ..batch import (
    DEFAULT_SETTLE,
    STATES,
    BatchRunner,
    BatchSummary,
    BudgetError,
    JobFileError,
    Progress,
    export,
    open_journal,
    read_jobs,
)
from ..batch.journal import Journal
from ..config import PollPolicy
from ..errors import A2EError, ValidationError
from ._app import EXIT_API, EXIT_INTERRUPTED, EXIT_TASK_FAILED, EXIT_USAGE, Settings, settings_of

__all__ = ["batch"]

EXIT_INCOMPLETE = EXIT_TASK_FAILED

_JOURNAL_HELP = "SQLite file, or postgresql://user@host/db (several workers share it)"
_SCHEMA_HELP = "PostgreSQL schema that holds the batch (default a2e_batch)"


@click.group(name="batch")
def batch() -> None:
    """Run many jobs from a JSONL file, surviving crashes and never paying twice.

    Each line: {"key": "unique-id", "kind": "<family>", "params": {...}, "download": "x.mp4"}.
    Run the same command again to resume after a crash or Ctrl-C.
    """


@batch.command()
@click.argument("jobs", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--journal", "-j", "target", required=True, help=_JOURNAL_HELP)
@click.option("--schema", default=None, help=_SCHEMA_HELP)
@click.option(
    "--concurrency",
    "-c",
    type=click.IntRange(1),
    default=8,
    show_default=True,
    help="create calls in flight at most (per worker)",
)
@click.option(
    "--download-dir",
    "-d",
    type=click.Path(file_okay=False, path_type=Path),
    help="save every result here (atomic, resumable)",
)
@click.option("--force", is_flag=True, help="start even if the credits look too few")
@click.option("--no-quote", is_flag=True, help="do not ask A2E to price jobs the SDK cannot")
@click.option(
    "--rate",
    type=click.FloatRange(min=0, min_open=True),
    help="requests per second for this worker (split your limit between workers)",
)
@click.option(
    "--poll-interval",
    type=click.FloatRange(min=0, min_open=True),
    help="seconds between status checks (default: each family's own schedule)",
)
@click.option(
    "--lease",
    type=click.FloatRange(min=0, min_open=True),
    default=30.0,
    show_default=True,
    help="seconds a dead worker's jobs wait before others take them",
)
@click.option(
    "--settle",
    type=click.FloatRange(min=0),
    default=DEFAULT_SETTLE,
    show_default=True,
    help="seconds after an unanswered create call before it is looked up",
)
@click.option("--base-url", envvar="A2E_BASE_URL", help="API origin (env A2E_BASE_URL)")
@click.option(
    "--progress/--no-progress",
    default=None,
    help="live progress bar (default: when stderr is a terminal)",
)
@click.option("--json", "as_json", is_flag=True, help="print the summary as JSON")
@click.pass_context
def run(
    ctx: click.Context,
    jobs: Path | None,
    target: str,
    schema: str | None,
    concurrency: int,
    download_dir: Path | None,
    force: bool,
    no_quote: bool,
    rate: float | None,
    poll_interval: float | None,
    lease: float,
    settle: float,
    base_url: str | None,
    progress: bool | None,
    as_json: bool,
) -> None:
    """Send the jobs of JOBS (optional when resuming) and wait for them all."""
    checked = []
    if jobs is not None:
        try:
            checked = read_jobs(jobs)
        except JobFileError as exc:
            _fail(f"{jobs}: {exc.detail}", EXIT_USAGE)
        except ValidationError as exc:
            _fail(str(exc), EXIT_USAGE)
    settings = settings_of(ctx)
    options = _client_options(settings, base_url)
    show = sys.stderr.isatty() if progress is None else progress
    view = _ProgressView(enabled=show)
    resume = _resume_command(settings, jobs, target, schema, download_dir)

    async def main() -> BatchSummary:
        from ..client import A2EClient

        policy = None
        if poll_interval is not None:
            policy = PollPolicy(initial_delay=poll_interval, factor=1.0, max_interval=poll_interval)
        # The client first: a missing token is reported before a journal file is made.
        client = A2EClient(requests_per_second=rate, poll_policy=policy, **options)
        async with client, _journal(target, schema) as journal:
            runner = BatchRunner(
                client,
                journal,
                concurrency=concurrency,
                download_dir=download_dir,
                on_progress=view.update,
                lease=lease,
                settle=settle,
                force=force,
                quote=not no_quote,
            )
            await runner.add_checked(checked)
            with _signals(runner, view):
                return await runner.run()

    try:
        with view:
            summary = asyncio.run(main())
    except JobFileError as exc:
        _fail(exc.detail, EXIT_USAGE)
    except BudgetError as exc:
        _fail(f"refusing to start: {exc.budget.describe()}; --force starts anyway", EXIT_API)
    except ValidationError as exc:
        _fail(str(exc), EXIT_USAGE)
    except (KeyboardInterrupt, asyncio.CancelledError):
        _fail(f"aborted; to resume: {resume}", EXIT_INTERRUPTED)
    except A2EError as exc:
        _fail(f"{exc}\nto resume: {resume}", EXIT_API)
    _print_summary(summary, as_json=as_json)
    if summary.interrupted or not summary.complete:
        click.echo(f"to resume: {resume}", err=True)
    if summary.interrupted:
        ctx.exit(EXIT_INTERRUPTED)
    ctx.exit(0 if summary.ok else EXIT_INCOMPLETE)


@batch.command()
@click.argument("target", metavar="JOURNAL")
@click.option("--schema", default=None, help=_SCHEMA_HELP)
@click.option("--json", "as_json", is_flag=True, help="print an object with `counts` per state")
def status(target: str, schema: str | None, as_json: bool) -> None:
    """Show how many jobs of JOURNAL are in each state, and which need a check."""

    async def main() -> tuple[str, dict[str, int], list[Any]]:
        async with _journal(target, schema) as journal:
            counts = await journal.counts()
            rows = [row for row in await journal.rows() if row.needs_check]
            return journal.batch_id, counts, rows

    batch_id, counts, attention = _run_reading(main)
    if as_json:
        document = {
            "batch_id": batch_id,
            "total": sum(counts[state] for state in STATES),
            "counts": {state: counts[state] for state in STATES},
            "needs_check": counts["needs_check"],
            "attention": [
                {"key": row.key, "state": row.state.value, "task_id": row.task_id, "note": row.note}
                for row in attention
            ],
        }
        click.echo(json.dumps(document, indent=2))
        return
    total = sum(counts[state] for state in STATES)
    click.echo(f"batch {batch_id}: {total} jobs")
    for state in STATES:
        click.echo(f"  {state:<11} {counts[state]}")
    _print_attention(attention)


@batch.command(name="export")
@click.argument("target", metavar="JOURNAL")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv"]),
    default="jsonl",
    show_default=True,
    help="one JSON object per job, or CSV with a header row",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="write here instead of stdout",
)
@click.option("--schema", default=None, help=_SCHEMA_HELP)
def export_command(target: str, fmt: str, output: Path | None, schema: str | None) -> None:
    """Write every job of JOURNAL: key, task id, state, result URL, error, timings."""

    async def main() -> list[Any]:
        async with _journal(target, schema) as journal:
            return await journal.rows()

    rows = _run_reading(main)
    if output is None:
        export(rows, fmt, sys.stdout)
        return
    with output.open("w", encoding="utf-8", newline="") as out:
        count = export(rows, fmt, out)
    click.echo(f"wrote {count} jobs to {output}", err=True)


@batch.command()
@click.argument("target", metavar="JOURNAL")
@click.argument("key")
@click.option("--task-id", help="the job is at A2E with this id: wait for it")
@click.option("--resubmit", is_flag=True, help="the job is certainly not at A2E: send it again")
@click.option("--schema", default=None, help=_SCHEMA_HELP)
def resolve(target: str, key: str, task_id: str | None, resubmit: bool, schema: str | None) -> None:
    """Settle a job that needs a check (then run the batch again). Without --task-id or
    --resubmit, its last step is tried again."""

    async def main() -> Any:
        async with _journal(target, schema) as journal:
            return await journal.resolve(key, task_id=task_id, resubmit=resubmit)

    row = _run_reading(main)
    click.echo(f"{row.key}: now {row.state.value}; run the batch again to go on")


# -- helpers ---------------------------------------------------------------------------------
def _journal(target: str, schema: str | None) -> Journal:
    return open_journal(target, schema=schema)


def _run_reading(main: Any) -> Any:
    try:
        return asyncio.run(main())
    except ValidationError as exc:
        _fail(str(exc), EXIT_USAGE)


def _fail(message: str, code: int) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    raise click.exceptions.Exit(code)


def _client_options(settings: Settings, base_url: str | None) -> dict[str, Any]:
    """Token and base URL: ``a2e --api-key/--base-url`` where given, else the environment
    (read by the client itself); this command's own ``--base-url`` wins."""
    if settings.emulator:
        raise click.UsageError(
            "a batch journal outlives one command, an embedded emulator does not: run "
            "`a2e emulator` in another terminal and set A2E_BASE_URL to its URL"
        )
    options: dict[str, Any] = {}
    if settings.api_key:
        options["api_key"] = settings.api_key
    if base_url or settings.base_url:
        options["base_url"] = base_url or settings.base_url
    return options


def _shown_target(target: str) -> str:
    """The journal as it may be printed: a DSN's password is replaced by ``***``."""
    parts = urlsplit(target)
    if parts.scheme.startswith("postgres") and parts.password:
        host = parts.netloc.rsplit("@", 1)[1]
        netloc = f"{parts.username}:***@{host}"
        return urlunsplit(parts._replace(netloc=netloc))
    return target


def _resume_command(
    settings: Settings,
    jobs: Path | None,
    target: str,
    schema: str | None,
    download_dir: Path | None,
) -> str:
    words = [*settings.command_prefix(), "batch", "run"]
    if jobs is not None:
        words.append(str(jobs))
    words += ["--journal", _shown_target(target)]
    if schema:
        words += ["--schema", schema]
    if download_dir is not None:
        words += ["--download-dir", str(download_dir)]
    return shlex.join(words)


@contextlib.contextmanager
def _signals(runner: BatchRunner, view: _ProgressView) -> Iterator[None]:
    """First Ctrl-C (or SIGTERM): stop cleanly; the second: abort at once."""
    loop = asyncio.get_running_loop()
    task = asyncio.current_task()
    presses = 0

    def on_signal() -> None:
        nonlocal presses
        presses += 1
        if presses == 1:
            view.note("stopping: finishing the create calls in flight (Ctrl-C again to abort)")
            runner.stop()
        elif task is not None:
            task.cancel()

    installed = []
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(signum, on_signal)
            installed.append(signum)
    try:
        yield
    finally:
        for signum in installed:
            loop.remove_signal_handler(signum)


def _print_summary(summary: BatchSummary, *, as_json: bool) -> None:
    counts = summary.counts
    if as_json:
        document = {
            "counts": {state: counts[state] for state in STATES},
            "needs_check": counts["needs_check"],
            "elapsed_s": round(summary.elapsed, 3),
            "interrupted": summary.interrupted,
            "halted": summary.halted,
            "worker": summary.worker,
        }
        click.echo(json.dumps(document, indent=2))
        return
    total = sum(counts[state] for state in STATES)
    parts = ", ".join(f"{state} {counts[state]}" for state in STATES)
    click.echo(f"{total} jobs in {summary.elapsed:.1f} s: {parts}")
    if summary.halted:
        click.echo(f"sent no more jobs: {summary.halted}", err=True)
    _print_attention(list(summary.attention))


def _print_attention(rows: list[Any]) -> None:
    if not rows:
        return
    click.echo(f"{len(rows)} jobs need a check (then `a2e batch resolve JOURNAL KEY ...`):")
    for row in rows:
        click.echo(f"  {row.key} ({row.state.value}): {row.note}")


class _ProgressView:
    """The live progress line: rich's bar on a terminal, a plain line now and then else."""

    def __init__(self, *, enabled: bool, out: TextIO | None = None) -> None:
        self.enabled = enabled
        self._bar: Any = None
        self._task: Any = None
        self._last = 0.0
        self._out = out

    def __enter__(self) -> _ProgressView:
        if not self.enabled:
            return self
        try:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn
            from rich.progress import Progress as RichProgress
        except ImportError:  # pragma: no cover - plain lines without the cli extra
            return self
        if not sys.stderr.isatty():
            return self
        self._bar = RichProgress(
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.description}"),
            console=Console(stderr=True),
            transient=False,
        )
        self._bar.__enter__()
        self._task = self._bar.add_task("starting", total=None)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None

    def update(self, progress: Progress) -> None:
        """Show ``progress`` (counts per state, rate, ETA)."""
        if not self.enabled:
            return
        text = describe(progress)
        if self._bar is not None:
            self._bar.update(
                self._task, completed=progress.ended, total=progress.total, description=text
            )
            return
        now = time.monotonic()
        if now - self._last >= 5.0 or progress.ended == progress.total:
            self._last = now
            click.echo(f"{progress.ended}/{progress.total} {text}", err=True)

    def note(self, message: str) -> None:
        """Print a message above the bar."""
        if self._bar is not None:
            self._bar.console.print(message)
        else:
            click.echo(message, err=True)


def describe(progress: Progress) -> str:
    """Counts per state, rate and ETA in one line."""
    counts = progress.counts
    parts = [f"{state} {counts[state]}" for state in STATES if counts[state]]
    if counts.get("needs_check"):
        parts.append(f"to check {counts['needs_check']}")
    if progress.rate:
        parts.append(f"{progress.rate:.1f} jobs/s")
    if progress.eta is not None:
        parts.append(f"ETA {_duration(progress.eta)}")
    return " | ".join(parts)


def _duration(seconds: float) -> str:
    minutes, secs = divmod(int(seconds + 0.5), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
