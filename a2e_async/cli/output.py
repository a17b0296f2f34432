"""Terminal output for the CLI: rich when installed (extra ``cli``), plain text otherwise."""

from __future__ import annotations

import sys
from types import TracebackType
from typing import Any

try:
    from rich.console import Console as _RichConsole
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    from rich.table import Table
except ImportError:  # pragma: no cover - plain output without the cli extra
    _RichConsole = None  # type: ignore[assignment,misc]


class Console:
    """Prints lines and the demo's summary table."""

    def __init__(self) -> None:
        self._rich = _RichConsole() if _RichConsole is not None else None

    def line(self, text: str) -> None:
        """Print one line."""
        if self._rich is not None:
            self._rich.print(text, highlight=False)
        else:  # pragma: no cover
            print(text)

    def summary(
        self,
        *,
        jobs: int,
        completed: int,
        failed: int,
        errors: dict[str, int],
        wall_seconds: float,
        requests: dict[str, int],
    ) -> None:
        """The demo's closing report: outcomes, wall time and requests by endpoint."""
        total_requests = sum(requests.values())
        rows: list[tuple[str, str]] = [
            ("jobs", str(jobs)),
            ("completed", str(completed)),
            ("failed", str(failed)),
            ("wall time", f"{wall_seconds:.2f} s"),
            ("HTTP requests", str(total_requests)),
            ("requests per job", f"{total_requests / max(jobs, 1):.2f}"),
        ]
        rows += [(f"  errors: {name}", str(n)) for name, n in sorted(errors.items())]
        endpoint_rows = sorted(requests.items(), key=lambda kv: (-kv[1], kv[0]))
        if self._rich is None:  # pragma: no cover
            for key, value in rows:
                print(f"{key:<24} {value}")
            for endpoint, count in endpoint_rows:
                print(f"  {endpoint:<50} {count}")
            return
        table = Table(title="a2e demo summary", show_header=False)
        table.add_column("what")
        table.add_column("value", justify="right")
        for key, value in rows:
            table.add_row(key, value)
        by_endpoint = Table(title="HTTP requests by endpoint (from the emulator)")
        by_endpoint.add_column("endpoint")
        by_endpoint.add_column("requests", justify="right")
        for endpoint, count in endpoint_rows:
            by_endpoint.add_row(endpoint, str(count))
        self._rich.print(table)
        self._rich.print(by_endpoint)


class ProgressDisplay:
    """A live progress bar over finished jobs (a no-op when disabled or without rich)."""

    def __init__(self, *, total: int, enabled: bool) -> None:
        self._progress: Any = None
        self._task: Any = None
        if enabled and _RichConsole is not None:
            self._progress = Progress(
                TextColumn("[bold]videos"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[failed]} failed"),
                TimeElapsedColumn(),
                console=_RichConsole(file=sys.stderr),
                transient=False,
            )
            self._task = self._progress.add_task("videos", total=total, failed=0)

    def __enter__(self) -> ProgressDisplay:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._progress is not None:
            self._progress.stop()

    def advance(self, *, failed: int) -> None:
        """One more job finished."""
        if self._progress is not None:
            self._progress.update(self._task, advance=1, failed=failed)
