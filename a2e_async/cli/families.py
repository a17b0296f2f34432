"""One start command per task family, made from the family's parameter spec.

``a2e video generate``, ``a2e avatar train``, ``a2e talking-photo start``... : the group is
the family's name, the command the SDK method's (a few are placed by hand in
:data:`PLACES`), and the options are the spec's fields (see ``_options.py``) plus
``--wait``, ``--timeout``, ``--download``, ``--extra-body``, ``--dry-run`` and ``--json``.
"""

from __future__ import annotations

import re
from typing import Any

import click

from ..costs import estimate_cost
from ..errors import ValidationError
from ..resources import starters
from ._app import Run, run, usage_error
from ._catalog import Family, families
from ._options import Binding, JsonValue, bindings_for, plain
from .render import Output, jsonable
from .tasks import (
    DOWNLOAD_OPTION,
    JSON_OPTION,
    TIMEOUT_OPTION,
    check_target,
    save_results,
    wait_for,
)

__all__ = ["PLACES", "family_groups", "start_command"]

PLACES = {
    "face_swap_preview": ("face-swap", "preview"),
    "watermark": ("watermark", "start"),
}
"""``family → (group, command)`` where the default (family name, SDK method) reads badly."""

_OWN = {"--wait", "--timeout", "--download", "--json", "--dry-run", "--extra-body"}


def family_groups() -> list[click.Group]:
    """A command group per family (families placed together share one), sorted by name."""
    groups: dict[str, click.Group] = {}
    for name, family in families().items():
        group_name, command_name = PLACES.get(
            name, (name.replace("_", "-"), family.call.method.replace("_", "-"))
        )
        group = groups.setdefault(group_name, click.Group(group_name))
        group.add_command(start_command(family, command_name))
    for group in groups.values():
        starts = "; ".join(
            f"{name}: {command.get_short_help_str(200)}" for name, command in group.commands.items()
        )
        group.help = f"{starts}.\n\nRead, wait for, list or delete the tasks with a2e task."
    return [groups[name] for name in sorted(groups)]


def start_command(family: Family, name: str) -> click.Command:
    """The command that starts one task of ``family`` (and optionally waits and saves)."""
    call = family.call
    bindings = bindings_for(family.name, call.spec, taken=_OWN)
    flags = {binding.field.name: binding.flags for binding in bindings}
    params: list[click.Parameter] = [binding.option for binding in bindings]
    if call.wait:
        params.append(
            click.Option(
                ["--wait"],
                is_flag=True,
                help="Wait until the task ends, with a live progress bar. Ctrl-C stops waiting "
                "(not the task) and prints the command that resumes (exit 130). "
                "Exit code 1 if the task failed.",
            )
        )
        params.append(click.Option(TIMEOUT_OPTION[0], **_implying(TIMEOUT_OPTION[1])))
    if family.downloadable:
        params.append(click.Option(DOWNLOAD_OPTION[0], **_implying(DOWNLOAD_OPTION[1], call.wait)))
    if call.spec.accepts_extra:
        params.append(
            click.Option(
                ["--extra-body"],
                type=JsonValue(),
                metavar="JSON",
                help="Wire fields the SDK does not name yet, as a JSON object "
                "(a field an option sends is refused).",
            )
        )
    params.append(
        click.Option(
            ["--dry-run"],
            is_flag=True,
            help="Check the options and print what would be sent and its documented cost; "
            "send nothing (no API key needed).",
        )
    )
    params.append(click.Option(JSON_OPTION[0], **JSON_OPTION[1]))

    def callback(**values: Any) -> int:
        ctx = click.get_current_context()
        given = _given(bindings, values)
        if values.get("extra_body") is not None:
            given["extra_body"] = values["extra_body"]
        if values["dry_run"]:
            return _dry_run(family, given, flags, values["json_output"])
        download = values.get("download")
        check_target(download)
        waiting = bool(values.get("wait") or values.get("timeout") or download) and bool(call.wait)

        async def work(current: Run) -> int:
            starter = starters(current.client)[family.name]
            started = await getattr(starter.resource, call.method)(**given)
            tasks = list(started) if family.several else [started]
            ids = [task.id for task in tasks]
            if waiting:
                tasks = await wait_for(
                    current, family.name, ids, deadline=values.get("timeout"), download=download
                )
            elif call.wait:
                current.out.note(f"wait for it with: a2e task wait {family.name} {' '.join(ids)}")
            if download is not None:
                await save_results(current, family.name, tasks, download)
            if len(tasks) == 1:
                current.out.model(tasks[0])
            else:
                current.out.models(tasks)
            return 0

        return run(ctx, work, json_output=values["json_output"], flags=flags)

    return click.Command(
        name,
        params=params,
        callback=callback,
        help=_command_help(family, flags),
        short_help=_short_help(family),
    )


def _implying(settings: dict[str, Any], wait: str | None = "wait") -> dict[str, Any]:
    """``settings`` with "Implies --wait." added to the help (where the family waits)."""
    if not wait:
        return settings
    return {**settings, "help": settings["help"] + " Implies --wait."}


def _given(bindings: list[Binding], values: dict[str, Any]) -> dict[str, Any]:
    given = {}
    for binding in bindings:
        value = values.get(binding.field.name)
        if value is None or value == ():
            continue
        given[binding.field.name] = binding.convert(value)
    return given


def _dry_run(
    family: Family, given: dict[str, Any], flags: dict[str, str], json_output: bool
) -> int:
    try:
        checked = family.call.spec.check(given)
    except ValidationError as exc:
        raise usage_error(exc, flags) from None
    cost = estimate_cost(family.name, checked)
    summary = {
        "family": family.name,
        "call": f"POST {family.call.path}",
        "params": jsonable(checked),
        "estimated_cost": jsonable(cost) if cost is not None else None,
    }
    if cost is None:
        price = "not documented by A2E"
    else:
        price = (
            " + ".join(
                f"{amount:g} {unit}"
                for amount, unit in ((cost.coins, "coins"), (cost.diamonds, "diamonds"))
                if amount
            )
            or "free"
        )
    Output(json_output=json_output).data(
        summary, f"would send POST {family.call.path} (nothing sent); cost: {price}"
    )
    return 0


def _short_help(family: Family) -> str:
    doc = getattr(family.resource, family.call.method).__doc__ or ""
    first = plain(doc.strip().split("\n\n")[0]).split(":")[0]
    return " ".join(first.split())


def _command_help(family: Family, flags: dict[str, str]) -> str:
    method_doc = getattr(family.resource, family.call.method).__doc__ or ""
    spec_doc = (family.call.spec.params.__doc__ or "").strip()
    parts = [method_doc.strip().split("\n\n")[0]]
    # The spec's first paragraph names the Python call; the rest states A2E's rules.
    parts += [p for p in spec_doc.split("\n\n")[1:] if p.strip()]
    if family.call.wait:
        parts.append(
            f"Without --wait this prints the new task at once; wait for it later with "
            f"a2e task wait {family.name} ID."
        )
    text = "\n\n".join(" ".join(p.split()) for p in parts)

    def option(match: re.Match[str]) -> str:
        name = match[1]
        return flags[name].split("/")[0] if name in flags else name

    return plain(re.sub(r"``(\w+)``", option, text))
