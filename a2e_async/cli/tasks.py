"""``a2e task get|wait|list|delete FAMILY [ID...]``, and the wait and download that every
start command's ``--wait`` / ``--download`` share."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

import anyio
import attrs
import click

from .._results import result_urls
from ..errors import TaskError
from ..resources import starters
from ._app import Run, run
from ._catalog import families, kind_of, verb, waitable
from .render import WaitDisplay

if TYPE_CHECKING:
    Choice = click.Choice[str]
else:  # older click releases cannot subscript Choice
    Choice = click.Choice

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])

__all__ = [
    "DOWNLOAD_OPTION",
    "JSON_OPTION",
    "TIMEOUT_OPTION",
    "FamilyName",
    "ResultNotSaved",
    "check_target",
    "download_option",
    "first",
    "json_option",
    "limit_option",
    "save_results",
    "task",
    "timeout_option",
    "wait_for",
]


class ResultNotSaved(click.ClickException):
    """The task finished but its result could not be saved (exit code 1)."""

    exit_code = 1


class FamilyName(Choice):
    """A task family, as the SDK names it (``face_swap``; ``face-swap`` is accepted too)."""

    def __init__(self) -> None:
        super().__init__(waitable())

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        return super().convert(str(value).replace("-", "_"), param, ctx)


JSON_OPTION: tuple[list[str], dict[str, Any]] = (
    ["--json", "json_output"],
    {"is_flag": True, "help": "Print JSON, one object per line, not a table."},
)
TIMEOUT_OPTION: tuple[list[str], dict[str, Any]] = (
    ["--timeout"],
    {
        "type": click.FloatRange(min=0, min_open=True),
        "metavar": "SECONDS",
        "help": "Stop waiting after this long (exit code 4); the task keeps running on A2E. "
        "Default: the family's usual deadline (an hour for videos).",
    },
)
DOWNLOAD_OPTION: tuple[list[str], dict[str, Any]] = (
    ["--download"],
    {
        "metavar": "PATH",
        "help": "Save the result to PATH: a file, or a directory the URL names the file in "
        "(a directory when there are several results).",
    },
)
"""Options several commands share, as ``(names, settings)`` for ``click.Option``."""

json_option = click.option(*JSON_OPTION[0], **JSON_OPTION[1])
timeout_option = click.option(*TIMEOUT_OPTION[0], **TIMEOUT_OPTION[1])
download_option = click.option(*DOWNLOAD_OPTION[0], **DOWNLOAD_OPTION[1])
limit_option = click.option(
    "--limit", type=click.IntRange(min=1), default=20, show_default=True, help="At most this many."
)


def check_target(path: str | None) -> None:
    """Refuse, before anything starts, a ``--download`` target whose directory is missing."""
    if path is None:
        return
    target = Path(path)
    if not target.is_dir() and not target.parent.is_dir():
        raise click.BadParameter(f"no such directory: {target.parent}", param_hint="--download")


def resume_command(
    run: Run, family: str, ids: Sequence[str], *, timeout: float | None, download: str | None
) -> list[str]:
    """The command that waits again for ``ids`` with the same output options."""
    command = [*run.settings.command_prefix(), "task", "wait", family, *ids]
    if timeout is not None:
        command += ["--timeout", f"{timeout:g}"]
    if download is not None:
        command += ["--download", download]
    if run.out.json:
        command.append("--json")
    return command


async def wait_for(
    run: Run,
    family: str,
    ids: Sequence[str],
    *,
    deadline: float | None = None,
    download: str | None = None,
) -> list[Any]:
    """Wait for each task (a live bar per task on a terminal); returns them finished.

    ``deadline`` (``--timeout``) replaces the family's deadline, in seconds.

    Raises the SDK's ``TaskFailed`` / ``WaitTimeout`` / ``TaskNotFound``; with ``--json`` the
    task's last state is printed first, so a script sees it too.
    """
    starter = starters(run.client)[family]
    call, resource = starter.call, starter.resource
    assert call.wait is not None
    kind = kind_of(resource, family)
    wait = getattr(resource, call.wait)
    policy = None
    if deadline is not None:
        policy = attrs.evolve(run.client.waiter.policy_for(kind, None), deadline=deadline)
    done: list[Any] = []
    command = resume_command(run, family, ids, timeout=deadline, download=download)
    run.out.note(f"waiting for {family} {', '.join(ids)} (Ctrl-C stops waiting, not the task)")
    display = WaitDisplay()
    with run.resumable(command), display:
        for task_id in ids:
            label = f"{family} {task_id}"
            display.add(label)

            def seen(task: Any, label: str = label) -> None:
                percent = kind.progress(task) if kind.progress is not None else None
                display.show(label, kind.status(task), percent)

            try:
                done.append(await wait(task_id, poll_policy=policy, on_progress=seen))
            except TaskError as exc:
                if run.out.json and exc.task is not None:
                    run.out.model(exc.task)
                raise
    return done


async def save_results(run: Run, family: str, tasks: Sequence[Any], target: str) -> list[Path]:
    """Download every result URL of ``tasks`` (of ``family``) to ``target``; returns the files
    written.

    One result goes to ``target`` itself (or into it, when it is a directory); several go
    into the directory ``target`` as ``<task id>-<n><extension>``.
    """
    found = [(task.id, url) for task in tasks for url in result_urls(family, task)]
    if not found:
        raise ResultNotSaved("the finished task has no result URL to download")
    try:
        if len(found) == 1:
            saved = [await run.client.download(found[0][1], target)]
        else:
            folder = Path(target)
            await anyio.Path(folder).mkdir(parents=True, exist_ok=True)
            saved = []
            for n, (task_id, url) in enumerate(found, start=1):
                name = f"{task_id}-{n}{_extension(url)}"
                saved.append(await run.client.download(url, folder / name))
    except OSError as exc:
        raise ResultNotSaved(f"could not save the result to {target}: {exc}") from exc
    for path in saved:
        run.out.note(f"saved {path}")
    return saved


def _extension(url: str) -> str:
    suffix = Path(urlsplit(url).path).suffix
    return suffix if suffix[1:].isalnum() and len(suffix) <= 6 else ""


async def first(items: AsyncIterator[T], limit: int) -> list[T]:
    """The first ``limit`` items of a lazily paged list (no more pages are fetched)."""
    found: list[T] = []
    async for item in items:
        found.append(item)
        if len(found) >= limit:
            break
    return found


# -- a2e task ... ----------------------------------------------------------------------------
def _family_and_ids(command: F) -> F:
    """The ``FAMILY ID...`` arguments."""
    command = click.argument("ids", nargs=-1, required=True, metavar="ID...")(command)
    return click.argument("family", type=FamilyName(), metavar="FAMILY")(command)


@click.group(
    help="Read, wait for, list and delete tasks of any family, by id.\n\n"
    f"FAMILY is one of: {', '.join(waitable())} (dashes work too). After Ctrl-C during a "
    "wait, a2e task wait FAMILY ID waits again."
)
def task() -> None:
    """``a2e task``: its help names the families."""


@task.command("get")
@_family_and_ids
@json_option
@click.pass_context
def get_command(ctx: click.Context, family: str, ids: tuple[str, ...], json_output: bool) -> int:
    """Print the tasks' current state (one read each; no waiting)."""

    async def work(current: Run) -> int:
        starter = starters(current.client)[family]
        read = verb(starter.resource, starter.call, "get")
        found = [await read(task_id) for task_id in ids]
        _print(current, found)
        return 0

    return run(ctx, work, json_output=json_output)


@task.command("wait")
@_family_and_ids
@timeout_option
@download_option
@json_option
@click.pass_context
def wait_command(
    ctx: click.Context,
    family: str,
    ids: tuple[str, ...],
    timeout: float | None,
    download: str | None,
    json_output: bool,
) -> int:
    """Wait until the tasks end; print them (exit 1 if one failed, 4 on --timeout).

    Ctrl-C stops waiting, not the tasks, and prints this command again.
    """
    check_target(download)

    async def work(current: Run) -> int:
        done = await wait_for(current, family, ids, deadline=timeout, download=download)
        if download is not None:
            await save_results(current, family, done, download)
        _print(current, done)
        return 0

    return run(ctx, work, json_output=json_output)


@task.command("list")
@click.argument("family", type=FamilyName(), metavar="FAMILY")
@limit_option
@json_option
@click.pass_context
def list_command(ctx: click.Context, family: str, limit: int, json_output: bool) -> int:
    """List the family's tasks, newest first."""
    if not families()[family].has("list"):
        raise click.UsageError(f"A2E has no call that lists {family} tasks")

    async def work(current: Run) -> int:
        bound = starters(current.client)[family]
        listing = verb(bound.resource, bound.call, "list")(page_size=min(limit, 100))
        current.out.models(await first(listing, limit))
        return 0

    return run(ctx, work, json_output=json_output)


@task.command("delete")
@_family_and_ids
@json_option
@click.pass_context
def delete_command(ctx: click.Context, family: str, ids: tuple[str, ...], json_output: bool) -> int:
    """Delete the tasks (A2E cancels one that is still running)."""
    if not families()[family].has("delete"):
        raise click.UsageError(f"A2E has no call that deletes {family} tasks")

    async def work(current: Run) -> int:
        starter = starters(current.client)[family]
        remove = verb(starter.resource, starter.call, "delete")
        for task_id in ids:
            await remove(task_id)
            current.out.data(
                {"family": family, "id": task_id, "deleted": True}, f"deleted {family} {task_id}"
            )
        return 0

    return run(ctx, work, json_output=json_output)


def _print(current: Run, tasks: Sequence[Any]) -> None:
    if len(tasks) == 1:
        current.out.model(tasks[0])
    else:
        current.out.models(tasks)
