"""What commands print: tables for people, JSON for scripts, live progress while waiting.

Standard output carries only the result (a table, or JSON: one object per model, one line
each); notes, progress and errors go to standard error.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from enum import Enum
from typing import Any

import attrs
import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    TaskID,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Column, Table
from rich.text import Text

__all__ = ["DEFAULT_COLUMNS", "Output", "WaitDisplay", "jsonable"]

DEFAULT_COLUMNS = ("id", "status", "progress", "name", "title", "created_at")
"""The columns a list shows by default, those that any row has a value for."""

# Wide enough that a piped table keeps its rows on one line each.
_PIPED_WIDTH = 200


def jsonable(value: Any) -> Any:
    """``value`` as plain JSON data: a model becomes an object of its fields (Python names).

    A model's own ``to_dict()`` does that; other attrs values (a cost estimate) are walked
    here. Fields hidden from ``repr`` (such as a presigned upload URL, a credential) are
    left out, as they are from every other output.
    """
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict) and not isinstance(value, type):
        data: dict[str, Any] = to_dict()
        if attrs.has(type(value)):
            for field in attrs.fields(type(value)):
                if field.repr is False:
                    data.pop(field.name, None)
        return data
    if attrs.has(type(value)):
        return {
            field.name: jsonable(getattr(value, field.name))
            for field in attrs.fields(type(value))
            if field.repr is not False
        }
    if isinstance(value, Mapping):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(item) for item in value]
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Enum):
        return jsonable(value.value)
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    return value


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (list, tuple)):
        return ", ".join(_cell(item) for item in value)
    if attrs.has(type(value)):
        return json.dumps(jsonable(value), ensure_ascii=False)
    return str(value)


class Output:
    """Prints a command's result: a table, or JSON with ``--json``."""

    def __init__(self, *, json_output: bool) -> None:
        self.json = json_output

    def _console(self) -> Console:
        # Built per print: tests and callers may swap sys.stdout.
        piped = not sys.stdout.isatty()
        return Console(
            file=sys.stdout, width=_PIPED_WIDTH if piped else None, highlight=False, soft_wrap=True
        )

    def model(self, item: Any) -> None:
        """One model: a JSON object, or a two-column table of its non-empty fields."""
        if self.json:
            self._json_line(item)
            return
        table = Table(show_header=False, box=None, pad_edge=False)
        table.add_column(style="bold", no_wrap=True)
        table.add_column(overflow="fold")  # a long URL wraps; it is never cut short
        for key, value in _fields(item).items():
            if value is None or value == "" or value == () or value == []:
                continue
            table.add_row(Text(key), Text(_cell(value)))
        self._console().print(table)

    def models(self, items: Sequence[Any], columns: Sequence[str] = DEFAULT_COLUMNS) -> None:
        """Several models: one JSON object per line, or a table of ``columns`` (those that
        some row fills)."""
        if self.json:
            for item in items:
                self._json_line(item)
            return
        rows = [_fields(item) for item in items]
        shown = [c for c in columns if any(row.get(c) not in (None, "", ()) for row in rows)]
        if not rows:
            click.echo("(none)", err=True)
            return
        table = Table(box=None, pad_edge=False, header_style="bold")
        for column in shown:
            table.add_column(column, overflow="fold")
        for row in rows:
            table.add_row(*(Text(_cell(row.get(c))) for c in shown))
        self._console().print(table)

    def rows(self, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        """A table of plain rows (table output only)."""
        table = Table(box=None, pad_edge=False, header_style="bold")
        for column in header:
            table.add_column(column, overflow="fold")
        for row in rows:
            table.add_row(*(Text(_cell(value)) for value in row))
        self._console().print(table)

    def data(self, value: Mapping[str, Any], text: str) -> None:
        """A small result that is not a model: ``value`` as JSON, or ``text``."""
        if self.json:
            self._json_line(value)
        else:
            click.echo(text)

    def note(self, text: str) -> None:
        """A line for people, on stderr (never mixed into the result)."""
        click.echo(text, err=True)

    def _json_line(self, item: Any) -> None:
        click.echo(json.dumps(jsonable(item), ensure_ascii=False))


def _fields(item: Any) -> dict[str, Any]:
    if attrs.has(type(item)):
        return {
            field.name: getattr(item, field.name)
            for field in attrs.fields(type(item))
            if field.repr is not False
        }
    return dict(item) if isinstance(item, Mapping) else {"value": item}


class WaitDisplay(Progress):
    """A live progress bar per waited task on stderr (status, percent, elapsed).

    Shown only when stderr is a terminal; otherwise each change of status is one line.
    Use it as a context manager (``with display:``), like any rich ``Progress``.
    """

    def __init__(self) -> None:
        self._live = sys.stderr.isatty()
        super().__init__(
            TextColumn("{task.description}"),
            # A fixed width keeps the bar still while the status changes.
            TextColumn("{task.fields[status]}", table_column=Column(min_width=10)),
            BarColumn(),
            TaskProgressColumn(),
            TimeElapsedColumn(),
            console=Console(file=sys.stderr),
            transient=True,
            disable=not self._live,
        )
        self._rows: dict[str, TaskID] = {}
        self._status: dict[str, str] = {}

    def add(self, label: str, status: str = "") -> None:
        """A new row for the task ``label`` (its progress is unknown until reported)."""
        self._rows[label] = self.add_task(label, total=None, status=status)
        self._status[label] = status

    def show(self, label: str, status: str, percent: float | None) -> None:
        """The task's newest status and, where the family reports one, its percent done."""
        if percent is not None:
            self.update(self._rows[label], total=100, completed=percent, status=status)
        else:
            self.update(self._rows[label], status=status)
        if not self._live and status != self._status.get(label):
            click.echo(f"{label}: {status}", err=True)
        self._status[label] = status
