"""The generic task-record engine: a family is one table row, the handlers are shared.

Most A2E families differ only by path and a few fields: ``start`` (or ``add``), a paged
``allRecords`` (``data.rows`` + ``data.count``, newest first), an in-flight list, ``batchDetail``
``{"ids"}``, a detail GET, a DELETE and, for some, a rename (``PUT {"name"}``). :class:`Family`
declares those differences and :func:`family_routes` turns it into routes; modules with odd
endpoints add their own.

Shapes: records carry the common fields of part2 §1.4 (``_id``, ``current_status``, ``coins``,
``createdAt``, ``failed_message``/``failed_code``, the result field), as the documented start
examples show. Where a family's record is not documented, repeating the request's fields is
the emulator's pick; A2E documents no body for deletes, so they answer ``data: null`` (also
a pick).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from .._web import ApiError, ok, origin, read_body, state_of, user_of
from ..files import file_url
from ..params import Param, parse
from ..state import TASK_STATUSES, EmulatorState, Phase, Task, UserState, Vocabulary, iso

__all__ = [
    "FAIL_CODE",
    "WEBHOOK",
    "Family",
    "charge",
    "check_id",
    "create",
    "echo",
    "family_routes",
    "find",
    "render",
]

FAIL_CODE = "EMULATOR_FAIL"
WEBHOOK = (Param("webhook_url", max_len=2048), Param("webhook_token", max_len=256))
_HEX24 = re.compile(r"[0-9a-fA-F]{24}")

Record = dict[str, Any]


@dataclass(frozen=True)
class Family:
    """How one task family looks on the wire. Paths are relative to ``prefix``; None = absent.

    Hooks: ``check`` validates across fields (raise ApiError); ``cost`` is coins per task;
    ``copies`` is tasks per start (start then answers an array); ``record`` builds the static
    fields a record repeats (default: the fields sent); ``result_ext`` picks the result file's
    extension from the request; ``extra`` adds fields computed when the record is read.
    """

    name: str
    prefix: str
    params: tuple[Param, ...] = ()
    start: str | None = "/start"
    aliases: tuple[str, ...] = ()
    # (field, extension); "image_urls" is an array; extension "*" comes from the request.
    results: tuple[tuple[str, str], ...] = (("result_url", "mp4"),)
    list_path: str | None = "/allRecords"
    processing_path: str | None = None
    batch: bool = True
    item_path: str | None = "/{_id}"
    delete_path: str | None = "/{_id}"
    vocab: Vocabulary = TASK_STATUSES
    face_swap_errors: bool = False
    coins_field: bool = True
    page_required: bool = False
    # The list's page-number and page-size parameters; None: A2E documents none (the whole
    # list answers, the emulator's pick).
    page_params: tuple[str, str] | None = ("pageNum", "pageSize")
    # The most ids one batchDetail takes, where A2E states it (SK: 200 for some families).
    batch_max: int | None = None
    rename: bool = False
    status_filter: Mapping[str, frozenset[str]] | None = None
    # A2E refuses to delete a task that is sent/pending/processing (documented for i2v).
    delete_running: bool = True
    texts: tuple[str, ...] = ("name", "title", "prompt", "msg")
    check: Callable[[Record], None] | None = None
    cost: Callable[[Record], int] | None = None
    copies: Callable[[Record], int] | None = None
    record: Callable[[Record, UserState], Record] | None = None
    result_ext: Callable[[Record], str] | None = None
    extra: Callable[[Task, Phase, str], Record] | None = None


def echo(fields: Record, sent: Collection[str]) -> Record:
    """The request fields a record repeats back: those the client sent, minus webhooks."""
    return {
        key: value
        for key, value in fields.items()
        if key in sent and not key.startswith("webhook_")
    }


def check_id(value: str, name: str = "_id") -> str:
    if not _HEX24.fullmatch(value):
        raise ApiError(400, f"{name}: invalid id format")
    return value


def render(family: Family, task: Task, now: float, host: str) -> Record:
    """The record as A2E would show it at ``now``."""
    phase = task.phase(now)
    rec: Record = {"_id": task.id, **task.record, family.vocab.field: phase.status}
    if family.coins_field:
        rec["coins"] = task.coins
    rec["createdAt"] = iso(task.created)
    failure = task.failure if phase.failed else None
    if family.face_swap_errors:
        rec["error_code"] = FAIL_CODE if failure else ("0" if phase.done else None)
        rec["faild_message"] = failure
    else:
        rec["failed_message"] = failure or ""
        rec["failed_code"] = FAIL_CODE if failure else ""
    succeeded = phase.done and not phase.failed
    for name, ext in family.results:
        suffix = task.extra.get("ext", "mp4") if ext == "*" else ext
        url = file_url(host, family.name, f"{task.id}.{suffix}")
        if name == "image_urls":
            rec[name] = [url] if succeeded else []
        else:
            rec[name] = url if succeeded else ""
    if family.extra is not None:
        rec.update(family.extra(task, phase, host))
    return rec


def charge(
    state: EmulatorState,
    user: UserState,
    *,
    coins: int = 0,
    diamonds: int = 0,
    description: str,
    record: str,
) -> None:
    """Take credits or raise HTTP 402 without touching anything."""
    if not user.can_afford(coins, diamonds):
        raise ApiError(402, "insufficient credits")
    if coins or diamonds:
        user.book(
            state.new_id(),
            coins=-coins,
            diamonds=-diamonds,
            description=description,
            record=record,
            at=state.now(),
        )


def create(
    request: web.Request, family: Family, fields: Record, sent: Collection[str]
) -> list[Task]:
    """Charge and create the task(s) one start call asks for; ``sent`` = the body's keys."""
    state, user = state_of(request), user_of(request)
    count = family.copies(fields) if family.copies else 1
    coins = family.cost(fields) if family.cost else 0
    if not user.can_afford(coins * count):
        raise ApiError(402, "insufficient credits")
    record = family.record(fields, user) if family.record else echo(fields, sent)
    texts = [fields.get(key) for key in family.texts]
    tasks = []
    for _ in range(count):
        task = state.new_task(
            user,
            family.name,
            vocab=family.vocab,
            record=dict(record),
            texts=texts,
            coins=coins,
            webhook=(fields.get("webhook_url"), fields.get("webhook_token")),
        )
        charge(state, user, coins=coins, description=family.name, record=task.id)
        if family.result_ext is not None:
            task.extra["ext"] = family.result_ext(fields)
        tasks.append(task)
    return tasks


def find(request: web.Request, family: Family, task_id: str | None = None) -> Task:
    """The caller's task named in the path (or ``task_id``), else HTTP 404."""
    if task_id is None:
        task_id = request.match_info.get("_id") or request.match_info.get("id") or ""
    check_id(task_id)
    task = user_of(request).store(family.name).get(task_id)
    if task is None:
        raise ApiError(404, "record not found")
    return task


def family_routes(family: Family) -> list[web.RouteDef]:
    """Routes for every operation ``family`` declares, static paths before ``{_id}`` ones."""

    def show(request: web.Request, task: Task) -> Record:
        return render(family, task, state_of(request).now(), origin(request))

    async def start(request: web.Request) -> web.Response:
        body = await read_body(request)
        fields = parse(body, family.params)
        if family.check is not None:
            family.check(fields)
        records = [show(request, task) for task in create(request, family, fields, body)]
        return ok(records if family.copies else records[0])

    async def list_records(request: web.Request) -> web.Response:
        number, size = _page(request, family)
        store = user_of(request).store(family.name)
        if family.status_filter is not None and request.query.get("status"):
            choice = Param("status", choices=tuple(family.status_filter))
            wanted = family.status_filter[parse(request.query, (choice,))["status"]]
            now = state_of(request).now()
            matched = [task for task in store.newest() if task.phase(now).status in wanted]
            start_at = (number - 1) * size
            tasks, count = matched[start_at : start_at + size], len(matched)
        else:
            tasks, count = store.page(number, size), len(store.tasks)
        return ok({"rows": [show(request, task) for task in tasks], "count": count})

    async def processing(request: web.Request) -> web.Response:
        tasks = user_of(request).store(family.name).in_flight(state_of(request).now())
        return ok([show(request, task) for task in tasks])

    async def batch(request: web.Request) -> web.Response:
        spec = (Param("ids", "strs", True, max_items=family.batch_max),)
        ids = parse(await read_body(request), spec)
        store = user_of(request).store(family.name)
        found = [task for task in map(store.get, ids["ids"]) if task is not None]
        return ok([show(request, task) for task in found])

    async def detail(request: web.Request) -> web.Response:
        return ok(show(request, find(request, family)))

    async def delete(request: web.Request) -> web.Response:
        task = find(request, family)
        phase = task.phase(state_of(request).now())
        if not family.delete_running and not phase.done and phase.status != "initialized":
            raise ApiError(400, f"_id: task is {phase.status} and cannot be deleted yet")
        user_of(request).store(family.name).remove(task.id)
        return ok(None)

    async def rename(request: web.Request) -> web.Response:
        task = find(request, family)
        task.record["name"] = parse(await read_body(request), (Param("name", required=True),))[
            "name"
        ]
        return ok(show(request, task))

    routes: list[web.RouteDef] = []
    for prefix in (family.prefix, *family.aliases):
        if family.start:
            routes.append(web.post(prefix + family.start, start))
        if family.list_path:
            routes.append(web.get(prefix + family.list_path, list_records))
        if family.processing_path:
            routes.append(web.get(prefix + family.processing_path, processing))
        if family.batch:
            routes.append(web.post(prefix + "/batchDetail", batch))
        if family.item_path:
            routes.append(web.get(prefix + family.item_path, detail))
        if family.delete_path:
            routes.append(web.delete(prefix + family.delete_path, delete))
        if family.rename and family.item_path:
            routes.append(web.put(prefix + family.item_path, rename))
    return routes


def _page(request: web.Request, family: Family) -> tuple[int, int]:
    """``(page, size)`` from the family's own paging parameters (1-based, size 1..100)."""
    if family.page_params is None:
        return 1, 1_000_000
    number_name, size_name = family.page_params
    spec = (
        Param(number_name, "int", family.page_required, default=1, low=1),
        Param(size_name, "int", family.page_required, default=10, low=1, high=100),
    )
    values = parse(request.query, spec, coerce=True)
    return int(values[number_name]), int(values[size_name])
